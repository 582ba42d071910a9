//! Actions with a raw body (`application/octet-stream`, cls `UploadLog`): the request is
//! byte for byte what the official Python SDK signs (`tests/data/tc3-octet-stream-vector.json`,
//! made by `tests/data/octet-stream-vector.py`), the parameters travel as headers, and
//! the signature is checked again by an independent TC3 computation.

use std::collections::BTreeMap;
use std::sync::Arc;

use hmac::{Hmac, Mac};
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use tencentcloud_runtime::error::{SdkError, TransportErrorKind};
use tencentcloud_runtime::test_util::CapturingTransport;
use tencentcloud_runtime::validation::{ValidationContext, Violations};
use tencentcloud_runtime::{
    Action, ActionMetadata, CallOverrides, Client, Config, Credentials, Endpoint, FixedClock, RetryConfig,
    UntypedServiceError,
};

fn vector() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/tc3-octet-stream-vector.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("read the vector")).expect("parse the vector")
}

#[derive(Debug, Clone, Serialize)]
struct UploadLog {
    #[serde(rename = "TopicId")]
    topic_id: String,
    #[serde(rename = "HashKey", skip_serializing_if = "Option::is_none")]
    hash_key: Option<String>,
    #[serde(rename = "CompressType", skip_serializing_if = "Option::is_none")]
    compress_type: Option<String>,
    #[serde(rename = "Extra", skip_serializing_if = "Option::is_none")]
    extra: Option<Value>,
}

impl Action for UploadLog {
    type Output = Value;
    type Error = UntypedServiceError;
    fn metadata(&self) -> ActionMetadata<'_> {
        ActionMetadata::new("cls", "2020-10-16", "UploadLog", "cls.tencentcloudapi.com").binary().idempotent()
    }
    fn validate(&self, _: &ValidationContext, report: &mut Violations) {
        report.min_length("", "TopicId", &self.topic_id, 1, None);
    }
}

fn client(transport: &CapturingTransport, v: &Value) -> Client {
    let config = Config::builder()
        .credentials(Credentials::new(v["secret_id"].as_str().unwrap(), v["secret_key"].as_str().unwrap()))
        .region(v["region"].as_str().unwrap())
        .endpoint(Endpoint::Default)
        .transport(Arc::new(transport.clone()))
        .clock(Arc::new(FixedClock::new(v["timestamp"].as_i64().unwrap())))
        .retry(RetryConfig::default().with_initial_backoff(std::time::Duration::from_millis(1)).with_jitter(false))
        .build()
        .unwrap();
    Client::new(config)
}

fn upload(v: &Value) -> UploadLog {
    let p = &v["params"];
    UploadLog {
        topic_id: p["TopicId"].as_str().unwrap().into(),
        hash_key: p["HashKey"].as_str().map(Into::into),
        compress_type: p["CompressType"].as_str().map(Into::into),
        extra: None,
    }
}

/// TC3 computed here from the captured request alone, independently of the runtime's signer.
fn independent_authorization(request: &tencentcloud_runtime::test_util::CapturedRequest, v: &Value) -> String {
    fn hmac(key: &[u8], data: &str) -> Vec<u8> {
        let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
        mac.update(data.as_bytes());
        mac.finalize().into_bytes().to_vec()
    }
    let header = |n: &str| request.header(n).unwrap().to_owned();
    let canonical = format!(
        "POST\n/\n\ncontent-type:{}\nhost:{}\n\ncontent-type;host\n{}",
        header("content-type"),
        header("host"),
        hex::encode(Sha256::digest(&request.body))
    );
    let date = "2023-11-14"; // the UTC date of the vector's timestamp
    let scope = format!("{date}/cls/tc3_request");
    let to_sign =
        format!("TC3-HMAC-SHA256\n{}\n{scope}\n{}", header("x-tc-timestamp"), hex::encode(Sha256::digest(canonical)));
    let key =
        hmac(&hmac(&hmac(format!("TC3{}", v["secret_key"].as_str().unwrap()).as_bytes(), date), "cls"), "tc3_request");
    format!(
        "TC3-HMAC-SHA256 Credential={}/{scope}, SignedHeaders=content-type;host, Signature={}",
        v["secret_id"].as_str().unwrap(),
        hex::encode(hmac(&key, &to_sign))
    )
}

#[tokio::test]
async fn a_raw_body_is_signed_as_the_python_sdk_signs_it() {
    let v = vector();
    let body = hex::decode(v["body_hex"].as_str().unwrap()).unwrap();
    let transport = CapturingTransport::new();
    let out = client(&transport, &v).call_binary(&upload(&v), body.clone().into()).await.unwrap();
    assert_eq!(out["RequestId"], "00000000-0000-0000-0000-000000000000");
    let sent = &transport.requests()[0];
    assert_eq!(sent.body, body);
    let expected: BTreeMap<String, String> = serde_json::from_value(v["headers"].clone()).unwrap();
    for (name, value) in &expected {
        if name == "X-TC-RequestClient" {
            continue; // the SDK's own name
        }
        assert_eq!(sent.header(name), Some(value.as_str()), "{name}");
    }
    assert_eq!(independent_authorization(sent, &v), expected["Authorization"]);
    // Only the parameters given, and nothing else of the JSON body.
    let parameters: Vec<&str> = sent.headers.keys().map(|n| n.as_str()).filter(|n| n.starts_with("x-cls-")).collect();
    assert_eq!(parameters.len(), 3, "{parameters:?}");
}

#[tokio::test]
async fn parameters_of_every_type_become_headers_and_retries_resend_the_bytes() {
    let v = vector();
    let transport = CapturingTransport::new();
    transport.enqueue_error(TransportErrorKind::Connect);
    let mut request = upload(&v);
    request.hash_key = None;
    request.extra = Some(serde_json::json!({"N": 1, "L": [true, null], "S": "文"}));
    let client = client(&transport, &v);
    client.call_binary_with(&request, bytes::Bytes::from_static(b"raw"), &CallOverrides::new()).await.unwrap();
    let sent = transport.requests();
    assert_eq!(sent.len(), 2, "retried after a connect failure");
    for attempt in &sent {
        assert_eq!(attempt.body, b"raw");
        assert_eq!(attempt.header("content-type"), Some("application/octet-stream"));
        assert_eq!(attempt.header("x-cls-hashkey"), None, "absent: no header");
        let extra = attempt.headers.get("x-cls-extra").unwrap().as_bytes();
        assert_eq!(std::str::from_utf8(extra).unwrap(), r#"{"N":1,"L":[true,null],"S":"文"}"#);
        assert_eq!(independent_authorization(attempt, &v), attempt.header("authorization").unwrap());
    }
    // Validation still runs; a value no header can hold is refused before sending.
    let empty = UploadLog { topic_id: String::new(), ..upload(&v) };
    let built = client.clone().send_built_binary(Ok(empty), bytes::Bytes::new(), CallOverrides::new()).await;
    assert!(matches!(built, Err(SdkError::Validation(_))), "{built:?}");
    let newline = UploadLog { topic_id: "a\nb".into(), ..upload(&v) };
    let Err(SdkError::Config(e)) = client.call_binary(&newline, bytes::Bytes::new()).await else { panic!("refused") };
    assert!(e.0.contains("X-CLS-TopicId"), "{e}");
    assert_eq!(transport.request_count(), 2);
}
