//! Every TC3-HMAC-SHA256 vector of the official Python SDK, at the signing-function
//! level and, for the POST vectors, byte for byte through the public client path.

use std::sync::Arc;

use serde_json::Value;
use tencentcloud_runtime::config::{Config, Endpoint, Language};
use tencentcloud_runtime::json::to_wire_json;
use tencentcloud_runtime::sign::{sign, SigningInput};
use tencentcloud_runtime::test_util::CapturingTransport;
use tencentcloud_runtime::{ActionMetadata, Client, Credentials, FixedClock};

fn vectors() -> Vec<Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/tc3-vectors.json");
    let text = std::fs::read_to_string(path).expect("read vectors");
    let doc: Value = serde_json::from_str(&text).expect("parse vectors");
    doc["vectors"].as_array().expect("vectors array").clone()
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_else(|| panic!("{key} is not a string in {v}"))
}

#[test]
fn all_ten_vectors_sign_identically() {
    let vectors = vectors();
    assert_eq!(vectors.len(), 10);
    for vector in &vectors {
        let name = s(vector, "name");
        let inputs = &vector["inputs"];
        let expected = &vector["expected"];
        let method = s(inputs, "http_method");
        let content_type = inputs["content_type"].as_str().unwrap_or(if method == "GET" {
            "application/x-www-form-urlencoded"
        } else {
            "application/json"
        });
        // SDK vectors give the body they produced; doc vectors give it as an input.
        let body = expected["body"].as_str().or(inputs["body"].as_str()).expect("body");
        if let Some(params) = inputs.get("params").filter(|_| method == "POST") {
            assert_eq!(to_wire_json(params).unwrap(), body.as_bytes(), "{name}: body");
        }
        let query = expected["query_string"].as_str().or(inputs["query_string"].as_str()).unwrap_or("");
        let host = s(inputs, "host");
        let mut headers = vec![("content-type", content_type), ("host", host)];
        if name == "doc_cvm_post_signed_x_tc_action" {
            headers.push(("x-tc-action", s(inputs, "action")));
        }
        let signed = sign(&SigningInput {
            method,
            canonical_uri: "/",
            canonical_query: query,
            headers: &headers,
            payload: body.as_bytes(),
            service: s(inputs, "service"),
            timestamp: inputs["timestamp"].as_i64().expect("timestamp"),
            secret_id: s(inputs, "secret_id"),
            secret_key: s(inputs, "secret_key"),
        });
        let levels = [
            ("hashed_request_payload", &signed.hashed_payload),
            ("canonical_request", &signed.canonical_request),
            ("hashed_canonical_request", &signed.hashed_canonical_request),
            ("credential_scope", &signed.credential_scope),
            ("string_to_sign", &signed.string_to_sign),
            ("signature", &signed.signature),
            ("authorization", &signed.authorization),
        ];
        let mut compared = 0;
        for (key, actual) in levels {
            if let Some(want) = expected[key].as_str() {
                assert_eq!(actual, want, "{name}: {key}");
                compared += 1;
            }
        }
        assert!(compared >= 4, "{name}: only {compared} levels compared");
        if let Some(published) = vector["published_signature"].as_str() {
            assert_eq!(signed.signature, published, "{name}: published signature");
        }
    }
}

#[tokio::test]
async fn post_vectors_through_the_client() {
    let mut checked = 0;
    for vector in vectors() {
        let inputs = &vector["inputs"];
        let Some(params) = inputs.get("params") else { continue };
        if s(inputs, "http_method") != "POST" {
            continue;
        }
        let name = s(&vector, "name");
        let expected = &vector["expected"];
        let service = s(inputs, "service");
        let region = s(inputs, "region");
        let host = s(inputs, "host");
        let endpoint = if host == format!("{service}.{region}.tencentcloudapi.com") {
            Endpoint::Regional
        } else {
            assert_eq!(host, format!("{service}.tencentcloudapi.com"), "{name}");
            Endpoint::Default
        };
        let language = match s(inputs, "language") {
            "en-US" => Language::EnUs,
            _ => Language::ZhCn,
        };
        let mut credentials = Credentials::new(s(inputs, "secret_id"), s(inputs, "secret_key"));
        if let Some(token) = inputs["token"].as_str() {
            credentials = credentials.with_token(token);
        }
        let transport = CapturingTransport::new();
        let config = Config::builder()
            .credentials(credentials)
            .region(region)
            .language(language)
            .endpoint(endpoint)
            .transport(Arc::new(transport.clone()))
            .clock(Arc::new(FixedClock::new(inputs["timestamp"].as_i64().expect("timestamp"))))
            .request_client(s(&expected["headers"], "X-TC-RequestClient"))
            .build()
            .expect("config");
        let client = Client::new(config);
        let default_host = format!("{service}.tencentcloudapi.com");
        let metadata = ActionMetadata::new(service, s(inputs, "version"), s(inputs, "action"), &default_host);
        let response = client.call_json(metadata, params).await.expect("call");
        assert!(response["RequestId"].is_string());

        let requests = transport.requests();
        assert_eq!(requests.len(), 1, "{name}");
        let request = &requests[0];
        assert_eq!(request.method, http::Method::POST);
        assert_eq!(request.uri.to_string(), format!("https://{host}/"), "{name}");
        assert_eq!(request.body_text(), s(expected, "body"), "{name}: body bytes");
        let want = expected["headers"].as_object().expect("headers");
        let mut got: Vec<String> = request.headers.keys().map(|k| k.as_str().to_owned()).collect();
        let mut want_names: Vec<String> = want.keys().map(|k| k.to_ascii_lowercase()).collect();
        got.sort();
        want_names.sort();
        assert_eq!(got, want_names, "{name}: header set");
        for (key, value) in want {
            assert_eq!(request.headers.get_all(key.as_str()).iter().count(), 1, "{name}: {key} once");
            assert_eq!(request.header(key), value.as_str(), "{name}: header {key}");
        }
        checked += 1;
    }
    assert_eq!(checked, 4, "every POST vector with params goes through the client");
}

/// The full signature of a `cvm` call the client sent with `body` at `timestamp`.
fn full_signature(
    body: &[u8],
    timestamp: i64,
    secret_id: &str,
    secret_key: &str,
) -> tencentcloud_runtime::sign::Signed {
    sign(&SigningInput {
        method: "POST",
        canonical_uri: "/",
        canonical_query: "",
        headers: &[("content-type", "application/json"), ("host", "cvm.tencentcloudapi.com")],
        payload: body,
        service: "cvm",
        timestamp,
        secret_id,
        secret_key,
    })
}

/// The client signs with cached signing keys: every call of one client, across a UTC
/// midnight and a change of credentials, carries the `Authorization` that the full
/// signature gives for what it sent.
#[tokio::test]
async fn cached_signing_keys_sign_like_the_full_signature() {
    use tencentcloud_runtime::credentials::ProvideCredentials;
    use tencentcloud_runtime::transport::BoxFuture;

    /// Credentials that change after the first calls.
    #[derive(Debug)]
    struct Rotating(std::sync::atomic::AtomicUsize);
    impl ProvideCredentials for Rotating {
        fn provide_credentials(
            &self,
        ) -> BoxFuture<'_, Result<Credentials, tencentcloud_runtime::credentials::CredentialsError>> {
            let n = self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let key = if n < 4 { "first-secret-key" } else { "second-secret-key" };
            Box::pin(async move { Ok(Credentials::new("AKIDrotating", key)) })
        }
    }

    let transport = CapturingTransport::new();
    let clock = Arc::new(FixedClock::new(1_711_929_598)); // two seconds before midnight UTC
    let config = Config::builder()
        .credentials_provider(Arc::new(Rotating(Default::default())))
        .region("ap-guangzhou")
        .transport(Arc::new(transport.clone()))
        .clock(clock.clone())
        .build()
        .expect("config");
    let client = Client::new(config);
    let metadata = ActionMetadata::new("cvm", "2017-03-12", "DescribeInstances", "cvm.tencentcloudapi.com");
    for _ in 0..6 {
        client.call_json(metadata, &serde_json::json!({"Limit": 1})).await.expect("call");
        clock.advance(1);
    }
    let requests = transport.requests();
    assert_eq!(requests.len(), 6);
    let mut keys = Vec::new();
    for (i, request) in requests.iter().enumerate() {
        let timestamp: i64 = request.header("X-TC-Timestamp").expect("timestamp").parse().expect("number");
        let key = if i < 4 { "first-secret-key" } else { "second-secret-key" };
        let signed = full_signature(&request.body, timestamp, "AKIDrotating", key);
        assert_eq!(request.header("Authorization"), Some(signed.authorization.as_str()), "call {i}");
        keys.push(signed.credential_scope);
    }
    assert_eq!(keys[0], keys[1], "same day");
    assert_ne!(keys[1], keys[2], "a new UTC day");
}

#[tokio::test]
async fn clocks_outside_years_0_to_9999_still_sign_like_the_full_signature() {
    // Past 9999 the signing date has five digits: the client's fast path hands over to
    // the full signature with the request's own method, URI and signed headers.
    for timestamp in [253_402_300_805, 1_711_929_600] {
        let transport = CapturingTransport::new();
        let config = Config::builder()
            .credentials(Credentials::new("AKIDfar", "far-secret-key"))
            .region("ap-guangzhou")
            .transport(Arc::new(transport.clone()))
            .clock(Arc::new(FixedClock::new(timestamp)))
            .build()
            .expect("config");
        let metadata = ActionMetadata::new("cvm", "2017-03-12", "DescribeInstances", "cvm.tencentcloudapi.com");
        Client::new(config).call_json(metadata, &serde_json::json!({"Limit": 1})).await.expect("call");
        let request = transport.requests().pop().expect("a request");
        let signed = full_signature(&request.body, timestamp, "AKIDfar", "far-secret-key");
        assert_eq!(request.header("Authorization"), Some(signed.authorization.as_str()), "at {timestamp}");
    }
}
