//! Service-independent wire tests of the runtime client against real sockets on
//! 127.0.0.1: unsigned actions (`Authorization: SKIP`, no credentials needed), a signed
//! untyped call with its full header set, an unknown error code through the untyped
//! path, connection refused, and a server that never answers.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use tencentcloud_runtime::credentials::CredentialsErrorKind;
use tencentcloud_runtime::error::TransportErrorKind;
use tencentcloud_runtime::{
    ActionMetadata, BoxFuture, Client, Config, ConfigBuilder, Credentials, CredentialsError, Endpoint, FixedClock,
    ProvideCredentials, RetryConfig, SdkError,
};
use tencentcloud_sdk_tests::loopback::{Auth, ExpectedHeaders, LoopbackServer};
use tencentcloud_sdk_tests::{NOW, SECRET_ID, SECRET_KEY};
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;

const STS: ActionMetadata<'static> =
    ActionMetadata::new("sts", "2018-08-13", "AssumeRoleWithWebIdentity", "sts.tencentcloudapi.com").unsigned();

const STS_REPLY: &str = r#"{"Response": {"Credentials": {"Token": "tmp-token", "TmpSecretId": "AKIDtmp", "TmpSecretKey": "tmp-key"}, "ExpiredTime": 1590069600, "Expiration": "2020-05-21T14:00:00Z", "RequestId": "loopback-sts"}}"#;

fn sts_params() -> serde_json::Value {
    json!({
        "ProviderId": "OIDC",
        "WebIdentityToken": "eyJhbGciOiJSUzI1NiJ9.e30.c2ln",
        "RoleArn": "qcs::cam::uin/100000000001:roleName/test",
        "RoleSessionName": "wire-test"
    })
}

const STS_BODY: &str = r#"{"ProviderId": "OIDC", "WebIdentityToken": "eyJhbGciOiJSUzI1NiJ9.e30.c2ln", "RoleArn": "qcs::cam::uin/100000000001:roleName/test", "RoleSessionName": "wire-test"}"#;

/// A client config for a custom endpoint with the fixed clock and no retries, and no
/// credentials set (the builder's default provider).
fn base(url: impl Into<String>) -> ConfigBuilder {
    Config::builder()
        .region("ap-guangzhou")
        .endpoint(Endpoint::custom(url))
        .clock(Arc::new(FixedClock::new(NOW)))
        .retry(RetryConfig::disabled())
}

fn sts_expected(host: &str) -> ExpectedHeaders<'_> {
    ExpectedHeaders {
        host,
        action: "AssumeRoleWithWebIdentity",
        version: "2018-08-13",
        region: "ap-guangzhou",
        timestamp: NOW,
        language: "zh-CN",
        token: None,
        auth: Auth::Skip,
    }
}

/// A provider that has nothing and counts how often it was asked.
#[derive(Debug, Default)]
struct CountingEmptyProvider {
    calls: AtomicUsize,
}

impl ProvideCredentials for CountingEmptyProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        Box::pin(async { Err(CredentialsError::new(CredentialsErrorKind::NotFound, "no credentials in this test")) })
    }
}

#[tokio::test]
async fn unsigned_action_sends_skip_without_asking_for_credentials() {
    let server = LoopbackServer::start(&[], Arc::new(|_| (200, STS_REPLY.to_owned()))).await;
    let provider = Arc::new(CountingEmptyProvider::default());
    let config = base(server.url()).credentials_provider(provider.clone()).build().expect("config");
    let response = Client::new(config).call_json(STS, &sts_params()).await.expect("unsigned call succeeds");
    assert_eq!(response["RequestId"], "loopback-sts");
    assert_eq!(response["Credentials"]["TmpSecretId"], "AKIDtmp");
    assert_eq!(provider.calls.load(Ordering::SeqCst), 0, "credentials are never asked for");

    // The same provider fails a signed call: it really has nothing.
    let signed = ActionMetadata::new("sts", "2018-08-13", "GetCallerIdentity", "sts.tencentcloudapi.com");
    let config = base(server.url()).credentials_provider(provider.clone()).build().expect("config");
    let err = Client::new(config).call_json(signed, &json!({})).await.expect_err("no credentials");
    assert!(matches!(err, SdkError::Credentials(_)), "{err:?}");
    assert_eq!(provider.calls.load(Ordering::SeqCst), 1);

    let received = server.received();
    assert_eq!(received.len(), 1, "the failed signed call sent nothing");
    let host = server.addr().to_string();
    received[0].assert_headers(&sts_expected(&host));
    assert_eq!(received[0].header("Authorization"), Some("SKIP"));
    assert_eq!(received[0].body_str(), STS_BODY);
}

#[tokio::test]
async fn unsigned_action_succeeds_with_nothing_configured() {
    let server = LoopbackServer::start(&[], Arc::new(|_| (200, STS_REPLY.to_owned()))).await;
    // No `.credentials(...)` at all.
    let config = base(server.url()).build().expect("config");
    let response = Client::new(config).call_json(STS, &sts_params()).await.expect("unsigned call succeeds");
    assert_eq!(response["ExpiredTime"], 1_590_069_600);
    let received = server.received();
    assert_eq!(received.len(), 1);
    let host = server.addr().to_string();
    received[0].assert_headers(&sts_expected(&host));
}

#[tokio::test]
async fn unsigned_action_does_not_use_configured_credentials() {
    let server = LoopbackServer::start(&[], Arc::new(|_| (200, STS_REPLY.to_owned()))).await;
    let credentials = Credentials::new(SECRET_ID, SECRET_KEY).with_token("TOKEN-must-not-be-sent");
    let config = base(server.url()).credentials(credentials).build().expect("config");
    Client::new(config).call_json(STS, &sts_params()).await.expect("unsigned call succeeds");
    let received = server.received();
    assert_eq!(received.len(), 1);
    let host = server.addr().to_string();
    received[0].assert_headers(&sts_expected(&host));
    assert_eq!(received[0].header("X-TC-Token"), None, "no token on an unsigned action");
    for (name, value) in &received[0].raw_headers {
        assert!(!value.contains(SECRET_ID) && !value.contains("TOKEN-"), "{name}: {value}");
    }
}

#[tokio::test]
async fn signed_untyped_call_sends_every_header_and_keeps_unknown_codes() {
    let server = LoopbackServer::start(
        &[(SECRET_ID, SECRET_KEY)],
        Arc::new(|r| match &r.signature {
            Ok(()) => (
                200,
                r#"{"Response": {"Error": {"Code": "ResourceNotFound.NoSuchInstance", "Message": "no such instance"}, "RequestId": "loopback-cvm"}}"#
                    .to_owned(),
            ),
            Err(e) => (200, format!(r#"{{"Response": {{"Error": {{"Code": "AuthFailure.SignatureFailure", "Message": "{e}"}}}}}}"#)),
        }),
    )
    .await;
    let config = base(server.url())
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .language(tencentcloud_runtime::Language::EnUs)
        .build()
        .expect("config");
    let meta = ActionMetadata::new("cvm", "2017-03-12", "describeInstances", "cvm.tencentcloudapi.com");
    let err = Client::new(config)
        .call_json(meta, &json!({"InstanceIds": ["ins-1"], "Limit": 1}))
        .await
        .expect_err("error envelope");
    let Some(service) = err.as_service_error() else { panic!("expected a service error, got {err:?}") };
    assert_eq!(service.0.code(), "ResourceNotFound.NoSuchInstance");
    assert_eq!(service.0.message(), "no such instance");
    assert_eq!(service.0.request_id(), Some("loopback-cvm"));

    let received = server.received();
    assert_eq!(received.len(), 1);
    let host = server.addr().to_string();
    received[0].assert_headers(&ExpectedHeaders {
        host: &host,
        action: "DescribeInstances",
        version: "2017-03-12",
        region: "ap-guangzhou",
        timestamp: NOW,
        language: "en-US",
        token: None,
        auth: Auth::Signed { secret_id: SECRET_ID, service: "cvm" },
    });
    assert_eq!(received[0].body_str(), r#"{"InstanceIds": ["ins-1"], "Limit": 1}"#);
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    // A port that was just free: bind it, note it, close it.
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    let config = base(format!("http://{addr}")).build().expect("config");
    let err = Client::new(config).call_json(STS, &sts_params()).await.expect_err("nothing listens");
    let SdkError::Transport(e) = &err else { panic!("expected a transport error, got {err:?}") };
    assert_eq!(e.kind(), TransportErrorKind::Connect, "{e}");
}

#[tokio::test]
async fn dropped_connections_are_retried_then_returned() {
    // Accepts each connection and closes it at once, counting them.
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let accepted = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let count = accepted.clone();
    let server = tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            drop(stream);
        }
    });
    let retry = RetryConfig::standard()
        .with_max_attempts(3)
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(2));
    let config = base(format!("http://{addr}")).retry(retry).build().expect("config");
    let client = Client::new(config);
    // A dropped connection may have reached the server: only an action that is safe to
    // repeat is retried.
    let err = client.call_json(STS.idempotent(), &sts_params()).await.expect_err("every connection is dropped");
    assert!(matches!(&err, SdkError::Transport(_)), "{err:?}");
    assert_eq!(accepted.load(std::sync::atomic::Ordering::SeqCst), 3, "one connection per attempt");
    let err = client.call_json(STS, &sts_params()).await.expect_err("every connection is dropped");
    server.abort();
    assert!(matches!(&err, SdkError::Transport(_)), "{err:?}");
    assert_eq!(accepted.load(std::sync::atomic::Ordering::SeqCst), 4, "a mutating action is sent once");
}

#[tokio::test]
async fn server_that_never_answers_times_out() {
    // Accepts, reads the request, and holds the connection open without a reply.
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let heard = Arc::new(std::sync::Mutex::new(Vec::<u8>::new()));
    let log = heard.clone();
    let server = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut buf = [0u8; 4096];
            if let Ok(n) = stream.read(&mut buf).await {
                if let Ok(mut l) = log.lock() {
                    l.extend_from_slice(&buf[..n]);
                }
            }
            held.push(stream);
        }
    });
    let config = base(format!("http://{addr}")).timeout(Duration::from_millis(200)).build().expect("config");
    let started = Instant::now();
    let err = Client::new(config).call_json(STS, &sts_params()).await.expect_err("no answer");
    let elapsed = started.elapsed();
    server.abort();
    let SdkError::Transport(e) = &err else { panic!("expected a transport error, got {err:?}") };
    assert_eq!(e.kind(), TransportErrorKind::Timeout, "{e}");
    assert!(elapsed >= Duration::from_millis(200), "gave up after {elapsed:?}, before the timeout");
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
    let heard = String::from_utf8_lossy(&heard.lock().expect("log")).into_owned();
    assert!(heard.starts_with("POST / HTTP/1.1\r\n"), "the request reached the server: {heard:?}");
    assert!(heard.to_ascii_lowercase().contains("x-tc-action: assumerolewithwebidentity"), "{heard:?}");
}
