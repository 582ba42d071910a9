//! What a call logs: one span with service, action, region, attempt and request id,
//! and never a secret (key, token or signature), even across a retry and a failure.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;
use tencentcloud_runtime::test_util::CapturingTransport;
use tencentcloud_runtime::{ActionMetadata, Client, Config, Credentials, FixedClock, RetryConfig};

const SECRET_KEY: &str = "VerySecretKeyThatMustNeverBeLogged";
const TOKEN: &str = "TemporaryTokenThatMustNeverBeLogged";

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut b) = self.0.lock() {
            b.extend_from_slice(data);
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Everything logged up to `level` on this thread, with span closings, until the guard
/// drops.
fn capture(level: tracing::Level) -> (Buffer, tracing::subscriber::DefaultGuard) {
    let logs = Buffer::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_ansi(false)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_writer(move || writer.clone())
        .finish();
    (logs, tracing::subscriber::set_default(subscriber))
}

#[tokio::test(start_paused = true)]
async fn spans_name_the_call_and_never_a_secret() {
    let (logs, _guard) = capture(tracing::Level::TRACE);

    let transport = CapturingTransport::new();
    transport.enqueue_response(
        200,
        r#"{"Response": {"Error": {"Code": "RequestLimitExceeded", "Message": "slow down"}, "RequestId": "rid-1"}}"#,
    );
    transport.enqueue_response(
        200,
        r#"{"Response": {"Error": {"Code": "AuthFailure.SignatureFailure", "Message": "no"}, "RequestId": "rid-2"}}"#,
    );
    let config = Config::builder()
        .credentials(Credentials::new("AKIDLOGTEST", SECRET_KEY).with_token(TOKEN))
        .region("ap-guangzhou")
        .transport(Arc::new(transport.clone()))
        .clock(Arc::new(FixedClock::new(1_590_066_000)))
        .retry(RetryConfig::default().with_initial_backoff(Duration::from_millis(10)))
        .build()
        .expect("config");
    let meta = ActionMetadata::new("trtc", "2019-07-22", "DescribeUserInfo", "trtc.tencentcloudapi.com");
    let err = Client::new(config)
        .call_json(meta, &json!({"SdkAppId": 1}))
        .await
        .expect_err("the second attempt fails for good");
    assert_eq!(err.code(), Some("AuthFailure.SignatureFailure"));
    assert_eq!(transport.request_count(), 2);

    let text = String::from_utf8(logs.0.lock().expect("logs").clone()).expect("UTF-8 logs");
    for expected in
        ["tencentcloud.call", "action=\"DescribeUserInfo\"", "region=\"ap-guangzhou\"", "attempt=2", "rid-2"]
    {
        assert!(text.contains(expected), "missing {expected:?} in logs:\n{text}");
    }
    // The span and the events of a call have the client module's target, whichever of
    // its files logs them, so that log filters can name it.
    let lines: Vec<&str> =
        text.lines().filter(|l| ["retrying", "call failed", "close"].iter().any(|w| l.contains(w))).collect();
    assert!(lines.len() >= 3, "{text}");
    for line in lines {
        assert!(line.contains(" tencentcloud_runtime::client: "), "{line}");
    }
    let signatures: Vec<String> = transport
        .requests()
        .iter()
        .filter_map(|r| r.header("Authorization").map(|a| a.rsplit('=').next().unwrap_or("").to_owned()))
        .collect();
    assert_eq!(signatures.len(), 2);
    for secret in [SECRET_KEY, TOKEN].iter().copied().chain(signatures.iter().map(String::as_str)) {
        assert!(!text.contains(secret), "a secret reached the logs:\n{text}");
    }
}

#[tokio::test(start_paused = true)]
async fn a_plain_success_records_its_status_and_request_id() {
    let (logs, _guard) = capture(tracing::Level::INFO);
    // A typed call of a plain success: without a recorded span it is taken by its text
    // and its request id is never read.
    let transport = CapturingTransport::new().with_response(200, common::OK_BODY);
    let request = common::DescribeUserInfo { sdk_app_id: 1_400_188_366, page_size: None };
    let out = common::client(&transport).call(&request).await.expect("call");
    assert_eq!(out.total, 2);
    let text = String::from_utf8(logs.0.lock().expect("logs").clone()).expect("UTF-8 logs");
    for expected in ["tencentcloud.call", "attempt=1", "status=200", "request_id=\"req-ok\""] {
        assert!(text.contains(expected), "missing {expected:?} in logs:\n{text}");
    }
}

/// A streaming action whose events are logged as converted when `Seq` is a string.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Speak {}

#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Audio {
    #[serde(rename = "Seq")]
    seq: u32,
}

impl tencentcloud_runtime::Action for Speak {
    type Output = serde_json::Value;
    type Error = tencentcloud_runtime::UntypedServiceError;
    fn metadata(&self) -> ActionMetadata<'_> {
        ActionMetadata::new("trtc", "2019-07-22", "TextToSpeechSSE", "trtc.tencentcloudapi.com")
    }
    fn validate(
        &self,
        _: &tencentcloud_runtime::validation::ValidationContext,
        _: &mut tencentcloud_runtime::validation::Violations,
    ) {
    }
}

impl tencentcloud_runtime::StreamingAction for Speak {
    type Event = Audio;
}

#[tokio::test]
async fn the_call_span_is_entered_while_the_stream_is_read() {
    use tencentcloud_runtime::mock::{rule, MockTransport};
    let (logs, _guard) = capture(tracing::Level::INFO);
    let mock = MockTransport::new().with_rule(rule::<Speak>().then_events(vec![json!({"Seq": "7"})]));
    let client = Client::new(mock.config_builder().build().unwrap());
    let mut events = client.call_stream(&Speak {}).await.unwrap().into_events().unwrap();
    // Read outside the call: the conversion's warning is logged inside the call's span.
    assert_eq!(events.next_event().await.unwrap().unwrap().seq, 7);
    let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    let warning = text.lines().find(|l| l.contains("converted")).unwrap_or_else(|| panic!("{text}"));
    assert!(warning.contains("tencentcloud.call{"), "{warning}");
    assert!(warning.contains("Seq"), "{warning}");
    assert!(warning.contains(" tencentcloud_runtime::client: "), "{warning}");
}
