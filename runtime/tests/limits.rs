//! Limits of a call: the operation timeout over all attempts, `Retry-After`, the
//! response size cap, and secrets hidden from `Debug`. Time is paused: every wait is
//! virtual and asserted exactly.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use serde_json::json;
use tencentcloud_runtime::error::{SdkError, TransportErrorKind};
use tencentcloud_runtime::test_util::{Canned, CapturedRequest, CapturingTransport};
use tencentcloud_runtime::transport::{BoxFuture, MaxResponseBytes, Transport};
use tencentcloud_runtime::{Client, Credentials, RetryConfig};
use tokio::time::Instant;

fn request() -> DescribeUserInfo {
    DescribeUserInfo { sdk_app_id: 1_400_188_366, page_size: None }
}

fn timeout_message<T: std::fmt::Debug>(result: Result<T, SdkError<DescribeUserInfoError>>) -> String {
    let err = result.unwrap_err();
    let SdkError::Transport(t) = &err else { panic!("{err:?}") };
    assert_eq!(t.kind(), TransportErrorKind::Timeout, "{t}");
    t.to_string()
}

#[tokio::test(start_paused = true)]
async fn operation_timeout_bounds_all_attempts_and_names_its_budget() {
    let transport = CapturingTransport::new().with_default(Canned::Hang);
    let client = Client::new(
        builder(&transport).timeout(Duration::from_secs(2)).operation_timeout(Duration::from_secs(5)).build().unwrap(),
    );
    assert_eq!(client.config().operation_timeout(), Some(Duration::from_secs(5)));
    let start = Instant::now();
    let message = timeout_message(client.call(&request()).await);
    // 2 s, backoff 0.1 s, 2 s, backoff 0.2 s, then the third attempt is cut at 5 s
    // (without the operation timeout the call would take 6.3 s).
    assert_eq!(start.elapsed(), Duration::from_secs(5));
    assert_eq!(transport.request_count(), 3);
    assert!(message.contains("no response within the operation timeout of 5s (3 attempts)"), "{message}");

    let transport = CapturingTransport::new().with_default(Canned::Hang);
    let client = Client::new(builder(&transport).operation_timeout(Duration::from_millis(1500)).build().unwrap());
    let start = Instant::now();
    let message = timeout_message(client.call(&request()).await);
    assert_eq!(start.elapsed(), Duration::from_millis(1500), "not the 60 s per attempt");
    assert!(message.contains("operation timeout of 1.5s (1 attempt)"), "{message}");
}

#[tokio::test(start_paused = true)]
async fn per_attempt_timeouts_say_so_and_there_is_no_operation_timeout_by_default() {
    let transport = CapturingTransport::new().with_default(Canned::Hang);
    let client = Client::new(builder(&transport).timeout(Duration::from_secs(2)).build().unwrap());
    assert_eq!(client.config().operation_timeout(), None);
    let start = Instant::now();
    let message = timeout_message(client.call(&request()).await);
    assert_eq!(start.elapsed(), Duration::from_millis(2_000 + 100 + 2_000 + 200 + 2_000));
    assert!(message.contains("no response within 2s per attempt"), "{message}");
}

#[tokio::test(start_paused = true)]
async fn a_retry_that_would_end_after_the_operation_timeout_is_not_made() {
    let transport = CapturingTransport::new().with_default(Canned::Hang);
    let client = Client::new(
        builder(&transport)
            .timeout(Duration::from_secs(2))
            .operation_timeout(Duration::from_millis(2_050))
            .build()
            .unwrap(),
    );
    let start = Instant::now();
    let message = timeout_message(client.call(&request()).await);
    // The 100 ms backoff would end after the 2.05 s budget: the failure is returned now.
    assert_eq!(start.elapsed(), Duration::from_secs(2));
    assert_eq!(transport.request_count(), 1);
    assert!(message.contains("per attempt"), "{message}");
}

fn reply_with_retry_after(status: u16, body: impl Into<Vec<u8>>, seconds: &str) -> Canned {
    Canned::Response { status, headers: vec![("Retry-After".into(), seconds.into())], body: body.into() }
}

#[tokio::test(start_paused = true)]
async fn retry_after_on_503_429_and_throttling_is_honoured() {
    // 503 on an idempotent action: 3 s instead of the 100 ms backoff.
    let transport = CapturingTransport::new().with_response(200, OK_BODY);
    transport.enqueue(reply_with_retry_after(503, "<html>busy</html>", "3"));
    let start = Instant::now();
    client(&transport).call(&request()).await.expect("the retry succeeds");
    assert_eq!(start.elapsed(), Duration::from_secs(3));
    assert_eq!(transport.request_count(), 2);

    // 429 is throttling: retried even for an action that is not idempotent.
    let transport = CapturingTransport::new().with_response(200, r#"{"Response": {"RequestId": "r"}}"#);
    transport.enqueue(reply_with_retry_after(429, "Too Many Requests", "2"));
    let start = Instant::now();
    let remove = RemoveUser { sdk_app_id: 1, user_ids: vec!["u".into()] };
    client(&transport).call(&remove).await.expect("the retry succeeds");
    assert_eq!(start.elapsed(), Duration::from_secs(2));
    assert_eq!(transport.request_count(), 2);

    // A throttling envelope whose reply carries Retry-After.
    let transport = CapturingTransport::new().with_response(200, OK_BODY);
    transport.enqueue(reply_with_retry_after(200, error_body("RequestLimitExceeded"), "4"));
    let start = Instant::now();
    client(&transport).call(&request()).await.expect("the retry succeeds");
    assert_eq!(start.elapsed(), Duration::from_secs(4));

    // A Retry-After shorter than the backoff: the backoff.
    let transport = CapturingTransport::new().with_response(200, OK_BODY);
    transport.enqueue(reply_with_retry_after(503, "", "0"));
    let start = Instant::now();
    client(&transport).call(&request()).await.expect("the retry succeeds");
    assert_eq!(start.elapsed(), Duration::from_millis(100));
}

#[tokio::test(start_paused = true)]
async fn retry_after_over_the_cap_is_returned_at_once() {
    let transport = CapturingTransport::new().with_response(200, OK_BODY);
    transport.enqueue(reply_with_retry_after(503, "<html>busy</html>", "21"));
    let start = Instant::now();
    let err = client(&transport).call(&request()).await.unwrap_err();
    let SdkError::HttpStatus(d) = &err else { panic!("{err:?}") };
    assert_eq!(d.status(), 503);
    assert_eq!(start.elapsed(), Duration::ZERO, "over the default cap of 20 s");
    assert_eq!(transport.request_count(), 1);

    // A higher cap: the wait is made.
    let transport = CapturingTransport::new().with_response(200, OK_BODY);
    transport.enqueue(reply_with_retry_after(503, "<html>busy</html>", "21"));
    let retry = RetryConfig::default().with_jitter(false).with_max_retry_after(Duration::from_secs(30));
    let client = Client::new(builder(&transport).retry(retry).build().unwrap());
    let start = Instant::now();
    client.call(&request()).await.expect("the retry succeeds");
    assert_eq!(start.elapsed(), Duration::from_secs(21));
}

#[tokio::test(start_paused = true)]
async fn retry_after_equal_to_the_cap_is_waited_for() {
    let transport = CapturingTransport::new().with_response(200, OK_BODY);
    transport.enqueue(reply_with_retry_after(503, "<html>busy</html>", "20"));
    let start = Instant::now();
    client(&transport).call(&request()).await.expect("the retry succeeds");
    assert_eq!(start.elapsed(), Duration::from_secs(20), "the default cap is 20 s, included");
    assert_eq!(transport.request_count(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_body_of_exactly_the_limit_is_accepted() {
    let transport = CapturingTransport::new().with_response(200, OK_BODY);
    let client = Client::new(builder(&transport).max_response_bytes(OK_BODY.len()).build().unwrap());
    client.call(&request()).await.expect("a body of the limit's size");
    let client = Client::new(builder(&transport).max_response_bytes(OK_BODY.len() - 1).build().unwrap());
    let err = client.call(&request()).await.unwrap_err();
    assert!(matches!(&err, SdkError::Transport(t) if t.kind() == TransportErrorKind::ResponseTooLarge), "{err:?}");
}

#[tokio::test(start_paused = true)]
async fn retry_after_past_the_operation_timeout_is_not_waited_for() {
    let transport = CapturingTransport::new().with_response(200, OK_BODY);
    transport.enqueue(reply_with_retry_after(200, error_body("RequestLimitExceeded"), "10"));
    let client = Client::new(builder(&transport).operation_timeout(Duration::from_secs(5)).build().unwrap());
    let start = Instant::now();
    let err = client.call(&request()).await.unwrap_err();
    assert_eq!(err.code(), Some("RequestLimitExceeded"));
    assert_eq!(start.elapsed(), Duration::ZERO);
    assert_eq!(transport.request_count(), 1);
}

#[tokio::test(start_paused = true)]
async fn an_oversized_body_from_any_transport_fails_and_is_not_retried() {
    let big = format!(r#"{{"Response": {{"Total": 2, "RequestId": "{}"}}}}"#, "x".repeat(2_000));
    let transport = CapturingTransport::new().with_response(200, big.clone());
    let client = Client::new(builder(&transport).max_response_bytes(1_000).build().unwrap());
    assert_eq!(client.config().max_response_bytes(), 1_000);
    let err = client.call(&request()).await.unwrap_err();
    let SdkError::Transport(t) = &err else { panic!("{err:?}") };
    assert_eq!(t.kind(), TransportErrorKind::ResponseTooLarge);
    assert!(t.to_string().contains("limit of 1000 bytes"), "{t}");
    assert_eq!(transport.request_count(), 1, "idempotent, yet not retried");

    // The default cap is 16 MiB: the same body passes.
    let transport = CapturingTransport::new().with_response(200, big);
    let client = Client::new(builder(&transport).build().unwrap());
    assert_eq!(client.config().max_response_bytes(), 16 * 1024 * 1024);
    client.call(&request()).await.expect("under the default cap");
}

/// What [`DebugRecorder`] kept of a request: its `Debug` output, its `Authorization`
/// value and its [`MaxResponseBytes`] extension.
type Seen = (String, Option<String>, Option<MaxResponseBytes>);

/// A transport that keeps the `Debug` output and the extensions of each request.
#[derive(Debug, Default)]
struct DebugRecorder {
    seen: Mutex<Vec<Seen>>,
}

impl Transport for DebugRecorder {
    fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, tencentcloud_runtime::TransportError>> {
        let auth = request.headers().get("Authorization").and_then(|v| v.to_str().ok()).map(str::to_owned);
        let max = request.extensions().get::<MaxResponseBytes>().copied();
        self.seen.lock().unwrap().push((format!("{request:?}"), auth, max));
        Box::pin(async { Ok(http::Response::new(OK_BODY.as_bytes().to_vec())) })
    }
}

const TOKEN: &str = "session-token-that-must-stay-hidden";

#[tokio::test(start_paused = true)]
async fn debug_of_a_signed_request_shows_neither_signature_nor_token() {
    let recorder = Arc::new(DebugRecorder::default());
    let client = Client::new(
        builder(&CapturingTransport::new())
            .credentials(Credentials::new("AKIDvisible", SECRET_KEY).with_token(TOKEN))
            .transport(recorder.clone())
            .max_response_bytes(4_096)
            .build()
            .unwrap(),
    );
    client.call_json(META, &json!({"SdkAppId": 1})).await.expect("call");
    let (debug, auth, max) = recorder.seen.lock().unwrap()[0].clone();
    let signature = auth.as_deref().and_then(|a| a.rsplit("Signature=").next()).expect("signed");
    assert_eq!(signature.len(), 64, "{auth:?}");
    assert!(debug.contains("x-tc-action"), "{debug}");
    assert!(!debug.contains(signature) && !debug.contains(TOKEN), "{debug}");
    assert_eq!(max, Some(MaxResponseBytes(4_096)), "the transport is told the cap");

    let transport = CapturingTransport::new();
    let client = Client::new(
        builder(&transport).credentials(Credentials::new("AKIDvisible", SECRET_KEY).with_token(TOKEN)).build().unwrap(),
    );
    client.call_json(META, &json!({})).await.expect("call");
    let captured = &transport.requests()[0];
    assert!(captured.headers["authorization"].is_sensitive() && captured.headers["x-tc-token"].is_sensitive());
    let signature = captured.header("Authorization").and_then(|a| a.rsplit("Signature=").next()).expect("signed");
    let shown = format!("{captured:?}");
    assert!(!shown.contains(signature) && !shown.contains(TOKEN), "{shown}");
}

#[test]
fn captured_request_debug_redacts_secrets_even_when_not_marked_sensitive() {
    let mut headers = http::HeaderMap::new();
    headers.insert("authorization", http::HeaderValue::from_static("TC3-HMAC-SHA256 Signature=deadbeefcafe"));
    headers.insert("x-tc-token", http::HeaderValue::from_static(TOKEN));
    headers.insert("x-tc-action", http::HeaderValue::from_static("DescribeUserInfo"));
    let captured = CapturedRequest {
        method: http::Method::POST,
        uri: http::Uri::from_static("https://trtc.tencentcloudapi.com/"),
        headers,
        body: b"{}".to_vec(),
    };
    let shown = format!("{captured:?}");
    assert!(!shown.contains("deadbeefcafe") && !shown.contains(TOKEN), "{shown}");
    assert!(shown.contains("<redacted>") && shown.contains("DescribeUserInfo"), "{shown}");
}
