//! `DescribeUserInfo` end to end over real HTTP on 127.0.0.1 (reqwest, not a replay):
//! the server checks the TC3 signature with its own implementation and every header.
//! Success, each error path the server can cause (error envelopes, HTTP 500, bodies that
//! are not JSON or have no envelope, throttling then success), a temporary token,
//! en-US, and the regional host over real TLS.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use tencentcloud_runtime::error::DecodeErrorKind;
use tencentcloud_runtime::transport::ReqwestTransport;
use tencentcloud_runtime::{Config, Credentials, Endpoint, FixedClock, Language};
use tencentcloud_runtime::{ConfigBuilder, RetryConfig};
use tencentcloud_sdk_tests::loopback::{Auth, ExpectedHeaders, LoopbackServer, Received, Responder};
use tencentcloud_sdk_tests::{fast_retries, minimal_call, NOW, SECRET_ID, SECRET_KEY};
use tencentcloud_trtc::v20190722::operation::describe_user_info::{DescribeUserInfoError, DescribeUserInfoResponse};
use tencentcloud_trtc::v20190722::{Client, SdkError};

const EXAMPLE: &str = r#"{"Response": {"Total": 1, "UserList": [{"RoomStr": "218695", "UserId": "user1_54816741",
  "JoinTs": 1590065777, "LeaveTs": 1590067658, "Finished": true, "DeviceType": "", "SdkVersion": "4.3.14",
  "ClientIp": "10.4.1.13"}], "RequestId": "loopback-1"}}"#;

/// The body the official SDK sends for the call of [`send`].
const SENT_BODY: &str = r#"{"CommId": "1400188366_218695_1590065777", "StartTime": 1590065777, "EndTime": 1590065877, "SdkAppId": 1400188366, "UserIds": ["user1_54816741"]}"#;

fn builder(server: &LoopbackServer, credentials: Credentials, language: Language) -> ConfigBuilder {
    Config::builder()
        .credentials(credentials)
        .region("ap-guangzhou")
        .language(language)
        .endpoint(Endpoint::custom(server.url()))
        .clock(Arc::new(FixedClock::new(NOW)))
}

fn client(server: &LoopbackServer, credentials: Credentials, language: Language) -> Client {
    Client::new(builder(server, credentials, language).build().expect("config"))
}

fn client_with_retry(server: &LoopbackServer, retry: RetryConfig) -> Client {
    let config =
        builder(server, Credentials::new(SECRET_ID, SECRET_KEY), Language::ZhCn).retry(retry).build().expect("config");
    Client::new(config)
}

/// The example call: its parameters give [`SENT_BODY`].
async fn send(client: &Client) -> Result<DescribeUserInfoResponse, SdkError<DescribeUserInfoError>> {
    minimal_call(client).user_ids(["user1_54816741"]).send().await
}

fn respond(status: u16, body: &'static str) -> Responder {
    Arc::new(move |_| (status, body.to_owned()))
}

async fn start(responder: Responder) -> LoopbackServer {
    LoopbackServer::start(&[(SECRET_ID, SECRET_KEY)], responder).await
}

/// The headers of the example call to `host` from a zh-CN client without a token.
fn expected(host: &str) -> ExpectedHeaders<'_> {
    ExpectedHeaders {
        host,
        action: "DescribeUserInfo",
        version: "2019-07-22",
        region: "ap-guangzhou",
        timestamp: NOW,
        language: "zh-CN",
        token: None,
        auth: Auth::Signed { secret_id: SECRET_ID, service: "trtc" },
    }
}

/// Asserts that `received` holds `n` copies of the example call to the loopback server,
/// each with the full header set, and returns them.
fn assert_example_calls(server: &LoopbackServer, n: usize) -> Vec<Received> {
    let received = server.received();
    assert_eq!(received.len(), n, "requests the server received");
    let host = server.addr().to_string();
    for r in &received {
        r.assert_headers(&expected(&host));
        assert_eq!(r.body_str(), SENT_BODY);
        assert_eq!(r.tls_server_name, None, "plain HTTP");
    }
    received
}

fn decode_error<T: std::fmt::Debug>(
    result: Result<T, SdkError<DescribeUserInfoError>>,
) -> tencentcloud_runtime::DecodeError {
    match result {
        Err(SdkError::Decode(e)) => e,
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn signed_request_over_http_succeeds() {
    let server = start(respond(200, EXAMPLE)).await;
    let response = send(&client(&server, Credentials::new(SECRET_ID, SECRET_KEY), Language::ZhCn))
        .await
        .expect("success over loopback");
    assert_eq!(response.request_id, "loopback-1");
    assert_eq!(response.total, 1);
    let users = response.user_list.expect("UserList");
    assert_eq!(users.len(), 1);
    assert_eq!(users[0].user_id, "user1_54816741");
    assert_eq!(users[0].join_ts, 1_590_065_777);

    let received = assert_example_calls(&server, 1);
    assert_eq!(received[0].header("X-TC-Token"), None);
    assert_eq!(received[0].header("Host"), Some(server.addr().to_string().as_str()));
}

#[tokio::test]
async fn wrong_key_is_detected_and_the_error_envelope_decoded() {
    let server = LoopbackServer::start(
        &[(SECRET_ID, SECRET_KEY)],
        Arc::new(|r| match &r.signature {
            Ok(()) => (200, EXAMPLE.to_owned()),
            Err(_) => (
                200,
                r#"{"Response": {"Error": {"Code": "AuthFailure.SignatureFailure", "Message": "bad signature"}, "RequestId": "loopback-2"}}"#
                    .to_owned(),
            ),
        }),
    )
    .await;
    let err = client(&server, Credentials::new(SECRET_ID, "not-the-key"), Language::EnUs)
        .describe_user_info()
        .comm_id("c")
        .start_time(1_590_065_777)
        .end_time(1_590_065_877)
        .sdk_app_id(1)
        .send()
        .await
        .expect_err("the server refuses the signature");
    assert!(matches!(err.as_service_error(), Some(DescribeUserInfoError::AuthFailureSignatureFailure(_))));
    assert_eq!(err.request_id(), Some("loopback-2"));
    let received = server.received();
    assert_eq!(received.len(), 1, "auth failures are not retried");
    let verdict = received[0].signature.clone().expect_err("signed with the wrong key");
    assert!(verdict.starts_with("signature "), "{verdict}");
    assert_eq!(received[0].header("X-TC-Language"), Some("en-US"));
}

#[tokio::test]
async fn documented_error_code_decodes_to_its_variant() {
    let server = start(respond(
        200,
        r#"{"Response": {"Error": {"Code": "InvalidParameter.QueryScaleOversize", "Message": "query window too long"}, "RequestId": "loopback-3"}}"#,
    ))
    .await;
    let err = send(&client_with_retry(&server, fast_retries())).await.expect_err("error envelope");
    let Some(DescribeUserInfoError::InvalidParameterQueryScaleOversize(meta)) = err.as_service_error() else {
        panic!("expected InvalidParameterQueryScaleOversize, got {err:?}");
    };
    assert_eq!(meta.code(), "InvalidParameter.QueryScaleOversize");
    assert_eq!(meta.message(), "query window too long");
    assert_eq!(meta.request_id(), Some("loopback-3"));
    assert_eq!(err.code(), Some("InvalidParameter.QueryScaleOversize"));
    assert_eq!(err.request_id(), Some("loopback-3"));
    assert_example_calls(&server, 1);
}

#[tokio::test]
async fn unknown_error_code_is_unhandled_and_keeps_code_message_and_request_id() {
    let server = start(respond(
        200,
        r#"{"Response": {"Error": {"Code": "FailedOperation.SomethingNew", "Message": "a code this crate does not know"}, "RequestId": "loopback-4"}}"#,
    ))
    .await;
    let err = send(&client_with_retry(&server, fast_retries())).await.expect_err("error envelope");
    let Some(DescribeUserInfoError::Unhandled(meta)) = err.as_service_error() else {
        panic!("expected Unhandled, got {err:?}");
    };
    assert_eq!(meta.code(), "FailedOperation.SomethingNew");
    assert_eq!(meta.message(), "a code this crate does not know");
    assert_eq!(meta.request_id(), Some("loopback-4"));
    assert!(err.as_service_error().is_some_and(DescribeUserInfoError::is_unhandled));
    assert_example_calls(&server, 1);
}

/// An HTML error page longer than the kept body prefix (512 bytes).
fn html_page() -> String {
    format!(
        "<html><head><title>500 Internal Server Error</title></head><body>{}</body></html>",
        "<p>upstream failed</p>".repeat(30)
    )
}

fn status_error<T: std::fmt::Debug>(
    result: Result<T, SdkError<DescribeUserInfoError>>,
) -> tencentcloud_runtime::error::HttpStatusError {
    match result {
        Err(SdkError::HttpStatus(e)) => e,
        other => panic!("expected an HTTP status error, got {other:?}"),
    }
}

#[tokio::test]
async fn http_500_with_html_is_an_http_status_error() {
    let page = html_page();
    assert!(page.len() > tencentcloud_runtime::error::BODY_PREFIX_LEN);
    let reply = page.clone();
    let server = start(Arc::new(move |_| (500, reply.clone()))).await;
    let err = status_error(send(&client_with_retry(&server, RetryConfig::disabled())).await);
    assert_eq!(err.status(), 500);
    assert_eq!(err.body_prefix(), &page[..512]);
    assert_eq!(err.attempts(), 1);
    let shown = err.to_string();
    assert!(shown.contains("HTTP 500"), "{shown}");
    assert!(shown.contains("<title>500 Internal Server Error</title>"), "{shown}");
    assert!(!shown.contains("attempts"), "one attempt is not counted: {shown}");
    assert!(!shown.contains(&page[..600]), "the body is bounded: {shown}");
    assert_example_calls(&server, 1);
}

#[tokio::test]
async fn http_500_is_retried_up_to_max_attempts_and_says_how_many() {
    let page = html_page();
    let reply = page.clone();
    let server = start(Arc::new(move |_| (500, reply.clone()))).await;
    let err = status_error(send(&client_with_retry(&server, fast_retries().with_max_attempts(3))).await);
    assert_eq!((err.status(), err.attempts()), (500, 3));
    assert!(err.body_prefix().starts_with("<html><head><title>500 Internal Server Error"));
    assert!(err.to_string().contains("after 3 attempts"), "{err}");
    assert_example_calls(&server, 3);
}

#[tokio::test]
async fn a_status_error_escapes_the_body() {
    let server = start(respond(503, "\u{1b}[2Jbusy\u{9b}31m")).await;
    let err = status_error(send(&client_with_retry(&server, RetryConfig::disabled())).await);
    let shown = err.to_string();
    assert!(shown.contains("HTTP 503") && shown.contains("busy"), "{shown}");
    assert!(!shown.contains('\u{1b}') && !shown.contains('\u{9b}'), "{shown:?}");
}

#[tokio::test]
async fn connection_failures_after_retries_say_how_many_attempts() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    drop(listener);
    let config = Config::builder()
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .region("ap-guangzhou")
        .endpoint(Endpoint::custom(url))
        .clock(Arc::new(FixedClock::new(NOW)))
        .transport(Arc::new(ReqwestTransport::without_proxy(std::time::Duration::from_secs(5)).expect("transport")))
        .retry(fast_retries().with_max_attempts(2))
        .build()
        .expect("config");
    let err = send(&Client::new(config)).await.expect_err("refused");
    let SdkError::Transport(t) = &err else { panic!("{err:?}") };
    assert_eq!(t.attempts(), 2);
    assert!(err.to_string().contains("after 2 attempts"), "{err}");
}

#[tokio::test]
async fn http_200_with_a_non_json_body_is_not_json_and_not_retried() {
    let server = start(respond(200, "<html>maintenance</html>")).await;
    let err = decode_error(send(&client_with_retry(&server, fast_retries())).await);
    assert_eq!(err.kind(), &DecodeErrorKind::NotJson);
    assert_eq!(err.status(), 200);
    assert_eq!(err.body_prefix(), "<html>maintenance</html>");
    assert_example_calls(&server, 1);
}

#[tokio::test]
async fn http_200_with_json_lacking_response_is_no_envelope() {
    let server = start(respond(200, r#"{"Result": {"Total": 1}, "RequestId": "loopback-5"}"#)).await;
    let err = decode_error(send(&client_with_retry(&server, fast_retries())).await);
    assert_eq!(err.kind(), &DecodeErrorKind::NoEnvelope);
    assert_eq!(err.status(), 200);
    assert_eq!(err.body_prefix(), r#"{"Result": {"Total": 1}, "RequestId": "loopback-5"}"#);
    assert_example_calls(&server, 1);
}

const THROTTLED: &str = r#"{"Response": {"Error": {"Code": "RequestLimitExceeded", "Message": "slow down"}, "RequestId": "loopback-throttled"}}"#;

#[tokio::test]
async fn request_limit_exceeded_is_retried_then_succeeds() {
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    let server = start(Arc::new(move |_| {
        if seen.fetch_add(1, Ordering::SeqCst) == 0 {
            (200, THROTTLED.to_owned())
        } else {
            (200, EXAMPLE.to_owned())
        }
    }))
    .await;
    let response = send(&client_with_retry(&server, fast_retries())).await.expect("success after one retry");
    assert_eq!(response.request_id, "loopback-1");
    assert_eq!(count.load(Ordering::SeqCst), 2);
    assert_example_calls(&server, 2);
}

#[tokio::test]
async fn request_limit_exceeded_every_time_gives_up_after_max_attempts() {
    let server = start(respond(200, THROTTLED)).await;
    let err =
        send(&client_with_retry(&server, fast_retries().with_max_attempts(3))).await.expect_err("always throttled");
    assert!(
        matches!(err.as_service_error(), Some(DescribeUserInfoError::RequestLimitExceeded(m)) if m.message() == "slow down"),
        "{err:?}"
    );
    assert_eq!(err.request_id(), Some("loopback-throttled"));
    assert_example_calls(&server, 3);
}

#[tokio::test]
async fn token_is_sent_as_x_tc_token_and_the_signature_verifies() {
    let token = "TOKEN-loopback-0123456789abcdef";
    let server = start(respond(200, EXAMPLE)).await;
    let credentials = Credentials::new(SECRET_ID, SECRET_KEY).with_token(token);
    send(&client(&server, credentials, Language::ZhCn)).await.expect("success with a token");
    let received = server.received();
    assert_eq!(received.len(), 1);
    let host = server.addr().to_string();
    received[0].assert_headers(&ExpectedHeaders { token: Some(token), ..expected(&host) });
    assert_eq!(received[0].header("X-TC-Token"), Some(token));
}

#[tokio::test]
async fn en_us_is_sent_as_x_tc_language() {
    let server = start(respond(200, EXAMPLE)).await;
    send(&client(&server, Credentials::new(SECRET_ID, SECRET_KEY), Language::EnUs)).await.expect("success in en-US");
    let received = server.received();
    assert_eq!(received.len(), 1);
    let host = server.addr().to_string();
    received[0].assert_headers(&ExpectedHeaders { language: "en-US", ..expected(&host) });
    assert_eq!(received[0].header("X-TC-Language"), Some("en-US"));
}

const REGIONAL_HOST: &str = "trtc.ap-beijing.tencentcloudapi.com";

#[tokio::test]
async fn regional_endpoint_reaches_the_regional_host_over_tls() {
    let server = LoopbackServer::start_https(REGIONAL_HOST, &[(SECRET_ID, SECRET_KEY)], respond(200, EXAMPLE)).await;
    // The real name, resolved to the loopback server, trusting only its certificate.
    let transport = ReqwestTransport::from_builder(server.https_client_builder()).expect("HTTPS transport");
    let config = Config::builder()
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .region("ap-beijing")
        .endpoint(Endpoint::Regional)
        .transport(Arc::new(transport))
        .clock(Arc::new(FixedClock::new(NOW)))
        .retry(RetryConfig::disabled())
        .build()
        .expect("config");
    let response = send(&Client::new(config)).await.expect("success over TLS");
    assert_eq!(response.request_id, "loopback-1");

    let received = server.received();
    assert_eq!(received.len(), 1);
    let r = &received[0];
    r.assert_headers(&ExpectedHeaders { region: "ap-beijing", ..expected(REGIONAL_HOST) });
    assert_eq!(r.header("Host"), Some(REGIONAL_HOST));
    assert_eq!(r.tls_server_name.as_deref(), Some(REGIONAL_HOST), "SNI");
    assert_eq!(r.body_str(), SENT_BODY);
}

#[tokio::test]
async fn regional_tls_server_is_not_trusted_without_its_certificate() {
    // The TLS route is real: a client that does not trust the generated certificate
    // cannot reach the regional host at all.
    let server = LoopbackServer::start_https(REGIONAL_HOST, &[(SECRET_ID, SECRET_KEY)], respond(200, EXAMPLE)).await;
    let other = rcgen::generate_simple_self_signed(vec![REGIONAL_HOST.to_owned()]).expect("certificate");
    let builder = reqwest::Client::builder()
        .no_proxy()
        .resolve(REGIONAL_HOST, server.addr())
        .tls_certs_only([reqwest::Certificate::from_der(other.cert.der()).expect("DER")]);
    let config = Config::builder()
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .region("ap-beijing")
        .endpoint(Endpoint::Regional)
        .transport(Arc::new(ReqwestTransport::from_builder(builder).expect("transport")))
        .clock(Arc::new(FixedClock::new(NOW)))
        .retry(RetryConfig::disabled())
        .build()
        .expect("config");
    let err = send(&Client::new(config)).await.expect_err("untrusted certificate");
    assert!(matches!(err, SdkError::Transport(_)), "{err:?}");
    assert!(server.received().is_empty(), "no request gets through an untrusted TLS handshake");
}
