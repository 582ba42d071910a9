//! Hooks see every attempt; per-call overrides replace the client's settings for one
//! call; neither can replace a signed or protocol header.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{builder, error_body, DescribeUserInfo, META, OK_BODY};
use serde_json::json;
use tencentcloud_runtime::error::{SdkError, TransportError, TransportErrorKind};
use tencentcloud_runtime::test_util::CapturingTransport;
use tencentcloud_runtime::{AttemptInfo, CallOverrides, Client, Hook, RetryConfig};

fn request() -> DescribeUserInfo {
    DescribeUserInfo { sdk_app_id: 1_400_188_366, page_size: Some(10) }
}

/// Records what it sees and adds a header.
#[derive(Debug, Default)]
struct Recorder {
    events: Mutex<Vec<String>>,
}

impl Hook for Recorder {
    fn before_send(&self, request: &mut http::Request<Vec<u8>>, info: &AttemptInfo<'_>) {
        request.headers_mut().insert("x-trace-id", http::HeaderValue::from_static("trace-1"));
        self.events.lock().unwrap().push(format!("send {} {} {}", info.action, info.region, info.attempt));
    }

    fn after_response(&self, outcome: Result<&http::Response<Vec<u8>>, &TransportError>, info: &AttemptInfo<'_>) {
        let what = match outcome {
            Ok(r) => r.status().as_u16().to_string(),
            Err(e) => format!("{:?}", e.kind()),
        };
        self.events.lock().unwrap().push(format!("reply {what} {}", info.attempt));
    }
}

#[tokio::test(start_paused = true)]
async fn a_hook_sees_each_attempt_and_can_add_headers() {
    let transport = CapturingTransport::new().with_response(200, OK_BODY);
    transport.enqueue_response(200, error_body("RequestLimitExceeded"));
    transport.enqueue_error(TransportErrorKind::Connect);
    let recorder = Arc::new(Recorder::default());
    let client = Client::new(builder(&transport).hook(recorder.clone()).build().unwrap());
    client.call(&request()).await.expect("third attempt succeeds");
    assert_eq!(
        recorder.events.lock().unwrap().as_slice(),
        [
            "send DescribeUserInfo ap-guangzhou 1",
            "reply 200 1",
            "send DescribeUserInfo ap-guangzhou 2",
            "reply Connect 2",
            "send DescribeUserInfo ap-guangzhou 3",
            "reply 200 3",
        ]
    );
    assert!(transport.requests().iter().all(|r| r.header("x-trace-id") == Some("trace-1")));
}

/// Tries to replace a protected header.
#[derive(Debug)]
struct Meddler(&'static str);

impl Hook for Meddler {
    fn before_send(&self, request: &mut http::Request<Vec<u8>>, _: &AttemptInfo<'_>) {
        request.headers_mut().insert(self.0, http::HeaderValue::from_static("forged"));
    }
}

#[tokio::test(start_paused = true)]
async fn a_hook_cannot_replace_signed_or_protocol_headers() {
    for name in ["authorization", "host", "x-tc-action", "x-tc-token", "content-type"] {
        let transport = CapturingTransport::new().with_response(200, OK_BODY);
        let client = Client::new(builder(&transport).hook(Arc::new(Meddler(name))).build().unwrap());
        let err = client.call_json(META, &json!({})).await.unwrap_err();
        let SdkError::Config(e) = &err else { panic!("{name}: {err:?}") };
        assert!(e.0.contains(name), "{e}");
        assert_eq!(transport.request_count(), 0, "{name}");
    }
}

/// Tries to send the signed request elsewhere, or to change what was signed.
#[derive(Debug)]
enum Redirector {
    Uri,
    Method,
    Body,
    Limit,
}

impl Hook for Redirector {
    fn before_send(&self, request: &mut http::Request<Vec<u8>>, _: &AttemptInfo<'_>) {
        match self {
            Redirector::Uri => *request.uri_mut() = http::Uri::from_static("https://elsewhere.example/"),
            Redirector::Method => *request.method_mut() = http::Method::PUT,
            Redirector::Body => request.body_mut().push(b' '),
            Redirector::Limit => {
                request.extensions_mut().remove::<tencentcloud_runtime::transport::MaxResponseBytes>();
            }
        }
    }
}

#[tokio::test(start_paused = true)]
async fn a_hook_cannot_change_where_the_request_goes_or_what_was_signed() {
    for (hook, what) in [
        (Redirector::Uri, "URI"),
        (Redirector::Method, "method"),
        (Redirector::Body, "body"),
        (Redirector::Limit, "reply size limit"),
    ] {
        let transport = CapturingTransport::new().with_response(200, OK_BODY);
        let client = Client::new(builder(&transport).hook(Arc::new(hook)).build().unwrap());
        let err = client.call_json(META, &json!({})).await.unwrap_err();
        let SdkError::Config(e) = &err else { panic!("{what}: {err:?}") };
        assert!(e.0.contains(what), "{e}");
        assert_eq!(transport.request_count(), 0, "{what}: nothing sent");
    }
}

#[tokio::test(start_paused = true)]
async fn overrides_replace_region_retry_timeouts_and_add_headers_for_one_call() {
    let transport = CapturingTransport::new().with_response(200, OK_BODY);
    let client = Client::new(builder(&transport).build().unwrap());
    let overrides = CallOverrides::new().region("ap-beijing").header("X-Request-Tag", "t1");
    client.call_json_with(META, &json!({}), &overrides).await.unwrap();
    client.call_json(META, &json!({})).await.unwrap();
    let sent = transport.requests();
    assert_eq!(sent[0].header("X-TC-Region"), Some("ap-beijing"));
    assert_eq!(sent[0].header("X-Request-Tag"), Some("t1"));
    assert_eq!(sent[1].header("X-TC-Region"), Some("ap-guangzhou"));
    assert_eq!(sent[1].header("X-Request-Tag"), None);

    // Retry: the client retries throttling, the override does not.
    let transport = CapturingTransport::new().with_response(200, error_body("RequestLimitExceeded"));
    let client = Client::new(builder(&transport).build().unwrap());
    let once = CallOverrides::new().retry(RetryConfig::disabled());
    assert!(client.call_with(&request(), &once).await.is_err());
    assert_eq!(transport.request_count(), 1);
    assert!(client.call(&request()).await.is_err());
    assert_eq!(transport.request_count(), 4);

    // Operation timeout over all attempts.
    let transport = CapturingTransport::new().with_response(200, error_body("RequestLimitExceeded"));
    let client = Client::new(builder(&transport).build().unwrap());
    // Backoffs of 100 then 200 ms: the second wait would end after 150 ms, so the
    // call stops after two attempts instead of three.
    let bounded = CallOverrides::new().operation_timeout(Duration::from_millis(150));
    let err = client.call_with(&request(), &bounded).await.unwrap_err();
    assert_eq!(err.code(), Some("RequestLimitExceeded"));
    assert_eq!(transport.request_count(), 2);
}

#[tokio::test(start_paused = true)]
async fn overrides_refuse_protected_and_malformed_headers_and_regions() {
    let transport = CapturingTransport::new().with_response(200, OK_BODY);
    let client = Client::new(builder(&transport).build().unwrap());
    for (name, value) in [("Authorization", "x"), ("host", "evil"), ("X-TC-Action", "Delete"), ("bad name", "v")] {
        let overrides = CallOverrides::new().header(name, value);
        let err = client.call_json_with(META, &json!({}), &overrides).await.unwrap_err();
        assert!(matches!(err, SdkError::Config(_)), "{name}: {err:?}");
    }
    let err = client
        .call_json_with(META, &json!({}), &CallOverrides::new().header("X-Secret", "value\nsecret-value"))
        .await
        .unwrap_err();
    assert!(!err.to_string().contains("secret-value"), "{err}");
    let err = client.call_json_with(META, &json!({}), &CallOverrides::new().region("ap guangzhou")).await.unwrap_err();
    assert!(matches!(err, SdkError::Config(_)), "{err:?}");
    assert_eq!(transport.request_count(), 0);
    let shown = format!("{:?}", CallOverrides::new().header("X-Secret", "hidden-value"));
    assert!(shown.contains("X-Secret") && !shown.contains("hidden-value"), "{shown}");
}

/// Answers every request after 5 s (on tokio's clock).
#[derive(Debug)]
struct SlowTransport;

impl tencentcloud_runtime::Transport for SlowTransport {
    fn send(
        &self,
        _: http::Request<Vec<u8>>,
    ) -> tencentcloud_runtime::BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>> {
        Box::pin(async {
            tokio::time::sleep(Duration::from_secs(5)).await;
            Ok(http::Response::new(OK_BODY.as_bytes().to_vec()))
        })
    }
}

#[tokio::test(start_paused = true)]
async fn the_per_attempt_timeout_can_be_overridden() {
    let client = Client::new(
        common::builder(&CapturingTransport::new())
            .transport(Arc::new(SlowTransport))
            .retry(RetryConfig::disabled())
            .build()
            .unwrap(),
    );
    client.call_json(META, &json!({})).await.expect("within the client's 60 s");
    let short = CallOverrides::new().timeout(Duration::from_secs(1));
    let err = client.call_json_with(META, &json!({}), &short).await.unwrap_err();
    let SdkError::Transport(t) = &err else { panic!("{err:?}") };
    assert_eq!(t.kind(), TransportErrorKind::Timeout);
    assert!(t.to_string().contains("1s per attempt"), "{t}");
}
