//! The client pipeline: typed and untyped calls, validation, decoding, retries and
//! rate limiting. Time is paused: backoff and rate-limit waits are virtual.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use serde_json::json;
use tencentcloud_runtime::error::{DecodeErrorKind, SdkError, ServiceError, TransportErrorKind};
use tencentcloud_runtime::test_util::{Canned, CapturingTransport};
use tencentcloud_runtime::validation::Rule;
use tencentcloud_runtime::{ActionMetadata, CallOverrides, Client, Credentials, RetryConfig};
use tokio::time::Instant;

fn request() -> DescribeUserInfo {
    DescribeUserInfo { sdk_app_id: 1_400_188_366, page_size: Some(10) }
}

#[tokio::test(start_paused = true)]
async fn typed_call_decodes_output() {
    let transport = CapturingTransport::new().with_response(200, OK_BODY);
    let out = client(&transport).call(&request()).await.expect("call");
    assert_eq!(out, DescribeUserInfoOutput { total: 2, request_id: "req-ok".into() });
    let sent = &transport.requests()[0];
    assert_eq!(sent.body_text(), r#"{"SdkAppId": 1400188366, "PageSize": 10}"#);
    assert_eq!(sent.header("X-TC-Action"), Some("DescribeUserInfo"));
    assert_eq!(sent.header("Host"), Some("trtc.tencentcloudapi.com"));
    assert!(sent.header("X-TC-Token").is_none());
    assert!(sent.header("Authorization").unwrap().starts_with("TC3-HMAC-SHA256 Credential=AKID"));
}

#[tokio::test(start_paused = true)]
async fn schema_mismatch_is_a_decode_error() {
    let transport = CapturingTransport::new().with_response(200, r#"{"Response": {"Total": "two", "RequestId": "r"}}"#);
    let err = client(&transport).call(&request()).await.unwrap_err();
    let SdkError::Decode(d) = err else { panic!("{err:?}") };
    assert_eq!(d.kind(), &DecodeErrorKind::Schema);
    assert_eq!(transport.request_count(), 1, "schema errors are not retried");
}

#[tokio::test(start_paused = true)]
async fn validation_stops_the_request() {
    let transport = CapturingTransport::new();
    let client = client(&transport);
    let bad = DescribeUserInfo { sdk_app_id: 1, page_size: Some(101) };
    let err = client.call(&bad).await.unwrap_err();
    let SdkError::Validation(v) = err else { panic!("{err:?}") };
    assert_eq!(v.codes().collect::<Vec<_>>(), ["InvalidParameter.PageSizeOversize"]);

    let elsewhere = Client::new(builder(&transport).region("ap-shanghai").build().unwrap());
    let err = elsewhere.call(&request()).await.unwrap_err();
    let SdkError::Validation(v) = err else { panic!("{err:?}") };
    assert_eq!(v.violations()[0].field(), "Region");
    assert!(matches!(v.violations()[0].rule(), Rule::UnsupportedRegion { .. }));
    assert_eq!(v.codes().collect::<Vec<_>>(), ["UnsupportedRegion"]);
    assert_eq!(transport.request_count(), 0);

    // Validation off: both are sent.
    let lenient = Client::new(builder(&transport).region("ap-shanghai").validation(false).build().unwrap());
    lenient.call(&bad).await.unwrap_err(); // default reply lacks Total: a schema error
    assert_eq!(transport.request_count(), 1);
}

/// Validation turned off for one call only: it is sent, the next call is refused again;
/// and turned on for one call of a client without it.
#[tokio::test(start_paused = true)]
async fn validation_can_be_turned_off_or_on_for_one_call() {
    let transport = CapturingTransport::new().with_response(200, OK_BODY);
    let bad = DescribeUserInfo { sdk_app_id: 1, page_size: Some(101) };
    let client = client(&transport);
    let off = CallOverrides::new().validation(false);
    client.call_with(&bad, &off).await.expect("sent");
    assert_eq!(transport.request_count(), 1);
    let err = client.call(&bad).await.unwrap_err();
    assert!(matches!(err, SdkError::Validation(_)), "{err:?}");
    let err = client.call_json_with(META.with_regions(&["ap-beijing"]), &json!({}), &CallOverrides::new()).await;
    assert!(matches!(err, Err(SdkError::Validation(_))), "{err:?}");
    client.call_json_with(META.with_regions(&["ap-beijing"]), &json!({}), &off).await.expect("sent");
    assert_eq!(transport.request_count(), 2);

    let lenient = Client::new(builder(&transport).validation(false).build().unwrap());
    let err = lenient.call_with(&bad, &CallOverrides::new().validation(true)).await.unwrap_err();
    assert!(matches!(err, SdkError::Validation(_)), "{err:?}");
    assert_eq!(transport.request_count(), 2);
}

#[tokio::test(start_paused = true)]
async fn missing_region_and_bad_credentials_fail_before_sending() {
    let transport = CapturingTransport::new();
    let no_region = Client::new(
        tencentcloud_runtime::Config::builder()
            .credentials(Credentials::new("id", "key"))
            .transport(Arc::new(transport.clone()))
            .build()
            .unwrap(),
    );
    let err = no_region.call(&request()).await.unwrap_err();
    assert!(matches!(err, SdkError::Config(_)), "{err:?}");

    let bad_key = Client::new(builder(&transport).credentials(Credentials::new("AKID", "key ")).build().unwrap());
    let err = bad_key.call(&request()).await.unwrap_err();
    let SdkError::Credentials(c) = &err else { panic!("{err:?}") };
    assert!(!format!("{c} {c:?}").contains("key "));
    assert_eq!(transport.request_count(), 0);
}

#[tokio::test(start_paused = true)]
async fn unsigned_actions_send_skip_and_need_no_credentials() {
    let transport = CapturingTransport::new();
    let client = Client::new(
        builder(&transport)
            .credentials(tencentcloud_runtime::credentials::DefaultChain::with_env(
                tencentcloud_runtime::credentials::Env::from_map::<String, String>([]),
            ))
            .build()
            .unwrap(),
    );
    let meta = ActionMetadata::new("sts", "2018-08-13", "AssumeRoleWithSAML", "sts.tencentcloudapi.com").unsigned();
    client.call_json(meta, &json!({"RoleArn": "r"})).await.expect("call");
    let sent = &transport.requests()[0];
    assert_eq!(sent.header("Authorization"), Some("SKIP"));
    assert_eq!(sent.header("Host"), Some("sts.tencentcloudapi.com"));
}

#[tokio::test(start_paused = true)]
async fn custom_endpoint_sets_host_and_uri() {
    let transport = CapturingTransport::new();
    let client = Client::new(
        builder(&transport).endpoint(tencentcloud_runtime::Endpoint::custom("http://127.0.0.1:1234")).build().unwrap(),
    );
    client.call_json(META, &json!({})).await.expect("call");
    let sent = &transport.requests()[0];
    assert_eq!(sent.uri.to_string(), "http://127.0.0.1:1234/");
    assert_eq!(sent.header("Host"), Some("127.0.0.1:1234"));
    assert!(sent.header("Authorization").unwrap().contains("SignedHeaders=content-type;host,"));
}

#[tokio::test(start_paused = true)]
async fn throttling_is_retried_with_backoff_and_fresh_signatures() {
    let transport = CapturingTransport::new().with_response(200, OK_BODY);
    transport.enqueue_response(200, error_body("RequestLimitExceeded"));
    transport.enqueue_response(200, error_body("InternalError.Busy"));
    let start = Instant::now();
    let out = client(&transport).call(&request()).await.expect("third attempt succeeds");
    assert_eq!(out.total, 2);
    // Backoff without jitter: 100 ms, then 200 ms.
    assert_eq!(start.elapsed(), Duration::from_millis(300));
    let requests = transport.requests();
    assert_eq!(requests.len(), 3);
    let stamps: Vec<_> = requests.iter().map(|r| r.header("X-TC-Timestamp").unwrap().to_owned()).collect();
    let auths: Vec<_> = requests.iter().map(|r| r.header("Authorization").unwrap().to_owned()).collect();
    assert!(stamps[0] != stamps[1] && stamps[1] != stamps[2], "{stamps:?}");
    assert!(auths[0] != auths[1] && auths[1] != auths[2]);
    assert!(requests.iter().all(|r| r.body == requests[0].body));
}

#[tokio::test(start_paused = true)]
async fn retries_stop_at_max_attempts_with_jitter_bounded() {
    let transport = CapturingTransport::new().with_response(503, "<html>Service Unavailable</html>");
    let config = builder(&transport)
        .retry(
            RetryConfig::default()
                .with_max_attempts(4)
                .with_initial_backoff(Duration::from_millis(100))
                .with_max_backoff(Duration::from_millis(250))
                .with_jitter(true),
        )
        .build()
        .unwrap();
    let start = Instant::now();
    let err = Client::new(config).call(&request()).await.unwrap_err();
    let SdkError::HttpStatus(d) = err else { panic!("{err:?}") };
    assert_eq!((d.status(), d.attempts()), (503, 4));
    assert!(d.body_prefix().contains("Service Unavailable"));
    assert_eq!(transport.request_count(), 4);
    assert!(start.elapsed() <= Duration::from_millis(100 + 200 + 250));
}

#[tokio::test(start_paused = true)]
async fn non_retryable_failures_are_returned_at_once() {
    for code in ["InvalidParameter.PageSize", "AuthFailure.SignatureFailure", "UnauthorizedOperation"] {
        let transport = CapturingTransport::new().with_response(200, error_body(code));
        let start = Instant::now();
        let err = client(&transport).call(&request()).await.unwrap_err();
        assert_eq!(err.code(), Some(code));
        assert_eq!(err.request_id(), Some("req-1"));
        assert!(matches!(err.as_service_error(), Some(DescribeUserInfoError::Unhandled(_))));
        assert_eq!(transport.request_count(), 1, "{code}");
        assert_eq!(start.elapsed(), Duration::ZERO);
    }
    // A 4xx HTML page and a 200 that is not JSON are not retried either.
    for (status, body) in [(404, "<html>nope</html>"), (200, "not json")] {
        let transport = CapturingTransport::new().with_response(status, body);
        client(&transport).call(&request()).await.unwrap_err();
        assert_eq!(transport.request_count(), 1);
    }
}

#[tokio::test(start_paused = true)]
async fn transport_errors_and_timeouts_are_retried() {
    let transport = CapturingTransport::new().with_response(200, OK_BODY);
    transport.enqueue_error(TransportErrorKind::Connect);
    transport.enqueue(Canned::Hang);
    let client = Client::new(builder(&transport).timeout(Duration::from_secs(5)).build().unwrap());
    let start = Instant::now();
    client.call(&request()).await.expect("third attempt succeeds");
    assert_eq!(transport.request_count(), 3);
    assert_eq!(start.elapsed(), Duration::from_millis(5_000 + 100 + 200));

    let transport = CapturingTransport::new().with_default(Canned::Hang);
    let client = Client::new(
        builder(&transport).timeout(Duration::from_secs(2)).retry(RetryConfig::disabled()).build().unwrap(),
    );
    let err = client.call(&request()).await.unwrap_err();
    let SdkError::Transport(t) = err else { panic!("{err:?}") };
    assert_eq!(t.kind(), TransportErrorKind::Timeout);
    assert_eq!(transport.request_count(), 1);
}

#[tokio::test(start_paused = true)]
async fn retry_budget_runs_out() {
    let transport = CapturingTransport::new().with_response(200, error_body("RequestLimitExceeded"));
    let client = Client::new(
        builder(&transport)
            .retry(RetryConfig::default().with_max_attempts(3).with_jitter(false).with_budget_capacity(5))
            .build()
            .unwrap(),
    );
    let err = client.call(&request()).await.unwrap_err();
    assert_eq!(transport.request_count(), 2, "one retry fits the budget of 5");
    let SdkError::Service(e) = &err else { panic!("expected the service error, got {err:?}") };
    assert_eq!(e.metadata().attempts(), 2);
    assert!(err.to_string().ends_with("after 2 attempts"), "the final error says how many were made: {err}");
    let err = client.clone().call(&request()).await.unwrap_err();
    assert_eq!(transport.request_count(), 3, "clones share the spent budget");
    assert!(!err.to_string().contains("attempts"), "one attempt goes unsaid: {err}");
}

/// A success after retries gives back to the budget what its retries cost (not the one
/// token of a first-time success), so the next call can retry as much again.
#[tokio::test(start_paused = true)]
async fn a_success_after_retries_refunds_what_they_cost() {
    // Capacity 10; a server-error retry costs 5.
    let retry = RetryConfig::default().with_max_attempts(3).with_jitter(false).with_budget_capacity(10);
    let transport = CapturingTransport::new().with_response(200, OK_BODY);
    transport.enqueue_response(200, error_body("RequestLimitExceeded"));
    transport.enqueue_response(200, error_body("RequestLimitExceeded"));
    let client = Client::new(builder(&transport).retry(retry).build().unwrap());
    client.call(&request()).await.expect("the third attempt succeeds");
    assert_eq!(transport.request_count(), 3);
    // All 10 tokens are back: the next call may retry twice again.
    for _ in 0..3 {
        transport.enqueue_response(200, error_body("RequestLimitExceeded"));
    }
    client.call(&request()).await.unwrap_err();
    assert_eq!(transport.request_count(), 6, "two retries: the budget was refunded in full");
}

#[test]
fn a_client_prints_its_configuration_and_no_secret() {
    let transport = CapturingTransport::new();
    let text = format!("{:?}", client(&transport));
    assert!(text.starts_with("Client { config: Config {"), "{text}");
    assert!(!text.contains(SECRET_KEY), "{text}");
}

#[tokio::test(start_paused = true)]
async fn decode_errors_never_panic() {
    let bodies: [(u16, &[u8]); 8] = [
        (500, b"<html><body>Internal Server Error</body></html>"),
        (200, b"<html>"),
        (200, b"{\"Response\": {\"Total\": 2, \"Requ"),
        (200, b"{\"Other\": {}}"),
        (200, b"{\"Response\": null}"),
        (200, b"\xff\xfe\x00garbage"),
        (200, b""),
        (200, b"{\"Response\": {\"Error\": {\"Code\": 5}}}"),
    ];
    for (status, body) in bodies {
        let transport = CapturingTransport::new().with_response(status, body.to_vec());
        let client = Client::new(builder(&transport).retry(RetryConfig::disabled()).build().unwrap());
        let err = client.call(&request()).await.unwrap_err();
        if status == 500 {
            assert!(matches!(&err, SdkError::HttpStatus(h) if h.status() == 500), "{err:?}");
            let untyped = client.call_json(META, &json!({})).await.unwrap_err();
            assert!(matches!(untyped, SdkError::HttpStatus(_)));
            continue;
        }
        let SdkError::Decode(d) = err else { panic!("{err:?}") };
        let expected = match (status, body) {
            (_, b"<html>") | (_, b"") | (_, b"\xff\xfe\x00garbage") => DecodeErrorKind::NotJson,
            (_, b) if b.starts_with(b"{\"Response\": {\"Total\"") => DecodeErrorKind::NotJson,
            _ => DecodeErrorKind::NoEnvelope,
        };
        assert_eq!(d.kind(), &expected, "{}", String::from_utf8_lossy(body));
        let untyped = client.call_json(META, &json!({})).await.unwrap_err();
        assert!(matches!(untyped, SdkError::Decode(_)));
    }
}

/// A typed call takes a plain success by its text, `{"Response": X}`, without parsing the
/// envelope first: whatever only looks like one is still decoded as the full parse of the
/// envelope decodes it.
#[tokio::test(start_paused = true)]
async fn replies_taken_by_their_text_decode_as_the_full_parse_does() {
    enum Want {
        Total(u64),
        Decode(DecodeErrorKind),
        Code(&'static str),
    }
    let cases: [(&str, Want); 12] = [
        (r#"{"Response": {"Total": 1, "RequestId": "r"}}"#, Want::Total(1)),
        (" \r\n{ \"Response\" :\t{\"Total\": 2, \"RequestId\": \"r\"} }\n ", Want::Total(2)),
        // One brace too many, or too few: not JSON.
        (r#"{"Response": {"Total": 1, "RequestId": "r"}}}"#, Want::Decode(DecodeErrorKind::NotJson)),
        (r#"{"Response": {"RequestId": "r", "Total": 1}"#, Want::Decode(DecodeErrorKind::NotJson)),
        // Other members after the Response: still the envelope.
        (r#"{"Response": {"Total": 3, "RequestId": "r"}, "Extra": [1]}"#, Want::Total(3)),
        // Two Responses: not an envelope.
        (
            r#"{"Response": {"Total": 1, "RequestId": "r"}, "Response": {"Total": 2, "RequestId": "r"}}"#,
            Want::Decode(DecodeErrorKind::NoEnvelope),
        ),
        // "Error" as a value or a nested member is not an error.
        (r#"{"Response": {"Total": 4, "Note": "Error", "RequestId": "r"}}"#, Want::Total(4)),
        (r#"{"Response": {"Total": 5, "Deep": {"Error": {"Code": "X"}}, "RequestId": "r"}}"#, Want::Total(5)),
        // An error whose member name is escaped, or that comes after the result.
        (
            r#"{"Response": {"Total": 1, "\u0045rror": {"Code": "InternalError", "Message": "m"}, "RequestId": "r"}}"#,
            Want::Code("InternalError"),
        ),
        (
            r#"{"Response": {"Total": 1, "RequestId": "r", "Error": {"Code": "InternalError", "Message": "m"}}}"#,
            Want::Code("InternalError"),
        ),
        // Empty, or not an object.
        (r#"{"Response": { }}"#, Want::Decode(DecodeErrorKind::NoEnvelope)),
        (r#"{"Response": [{"Total": 1, "RequestId": "r"}]}"#, Want::Decode(DecodeErrorKind::NoEnvelope)),
    ];
    for (body, want) in cases {
        let transport = CapturingTransport::new().with_response(200, body);
        let client = Client::new(builder(&transport).retry(RetryConfig::disabled()).build().unwrap());
        let got = client.call(&request()).await;
        match (want, got) {
            (Want::Total(n), Ok(out)) => assert_eq!(out.total, n, "{body}"),
            (Want::Decode(kind), Err(SdkError::Decode(d))) => assert_eq!(d.kind(), &kind, "{body}"),
            (Want::Code(code), Err(SdkError::Service(e))) => assert_eq!(e.metadata().code(), code, "{body}"),
            (_, got) => panic!("{body}: {got:?}"),
        }
    }
}

/// A rate limit of 0 (none stated) does not limit: calls are not spaced.
#[tokio::test(start_paused = true)]
async fn a_rate_limit_of_zero_does_not_limit() {
    let transport = CapturingTransport::new();
    let client = Client::new(builder(&transport).rate_limiting(true).build().unwrap());
    let unlimited = META.with_rate_limit(0);
    let start = Instant::now();
    for _ in 0..3 {
        client.call_json(unlimited, &json!({"SdkAppId": 1})).await.expect("call");
    }
    assert_eq!(start.elapsed(), Duration::ZERO);
    // The same action at 1 a second: the calls are a second apart.
    for _ in 0..2 {
        client.call_json(META.with_rate_limit(1), &json!({"SdkAppId": 1})).await.expect("call");
    }
    assert_eq!(start.elapsed(), Duration::from_secs(1));
}

#[tokio::test(start_paused = true)]
async fn rate_limit_spaces_concurrent_calls() {
    let transport = CapturingTransport::new();
    let client = client(&transport);
    let start = Instant::now();
    let tasks: Vec<_> = (0..25)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.call_json(META, &json!({"SdkAppId": 1})).await })
        })
        .collect();
    for task in tasks {
        task.await.expect("task").expect("call");
    }
    let elapsed = start.elapsed();
    assert!(elapsed > Duration::from_secs(1), "{elapsed:?}");
    assert!(elapsed < Duration::from_millis(1300), "{elapsed:?}");
    assert_eq!(transport.request_count(), 25);

    let transport = CapturingTransport::new();
    let unlimited = Client::new(builder(&transport).rate_limiting(false).build().unwrap());
    let start = Instant::now();
    for _ in 0..25 {
        unlimited.call_json(META, &json!({})).await.expect("call");
    }
    assert_eq!(start.elapsed(), Duration::ZERO);
}

/// 200 calls under the 20/s limit, each cancelled after 5 ms: only the first was sent,
/// so the next call waits for the slot after it (50 ms from the start), not for the
/// 200th slot (10 s).
#[tokio::test(start_paused = true)]
async fn cancelled_calls_give_back_their_rate_limit_slots() {
    let transport = CapturingTransport::new().with_default(Canned::Hang);
    let client = client(&transport);
    let start = Instant::now();
    let tasks: Vec<_> = (0..200)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                tokio::time::timeout(Duration::from_millis(5), client.call_json(META, &json!({}))).await
            })
        })
        .collect();
    for task in tasks {
        assert!(task.await.expect("task").is_err(), "every call is cancelled");
    }
    assert_eq!(transport.request_count(), 1, "only the first call was sent");
    transport.enqueue_response(200, OK_BODY);
    let cancelled_at = Instant::now();
    client.call_json(META, &json!({})).await.expect("call");
    let waited = cancelled_at.elapsed();
    assert_eq!(cancelled_at - start, Duration::from_millis(5));
    assert_eq!(waited, Duration::from_millis(45), "the slot after the one request sent");
    assert_eq!(transport.request_count(), 2);
}

/// A burst under a 5/s limit with a 1 s operation timeout: the calls that timed out
/// waiting for their slot sent nothing and give their slots back, so the next call is
/// sent within one interval instead of being refused for the next 9 seconds.
#[tokio::test(start_paused = true)]
async fn calls_that_time_out_waiting_for_a_slot_give_it_back() {
    let transport = CapturingTransport::new();
    let client = Client::new(builder(&transport).operation_timeout(Duration::from_secs(1)).build().unwrap());
    let five = META.with_rate_limit(5);
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.call_json(five, &json!({})).await })
        })
        .collect();
    let mut timed_out = 0;
    for task in tasks {
        if let Err(e) = task.await.expect("task") {
            assert!(matches!(&e, SdkError::Transport(t) if t.kind() == TransportErrorKind::Timeout), "{e:?}");
            timed_out += 1;
        }
    }
    let sent = transport.request_count();
    assert_eq!(sent + timed_out, 50);
    assert!((5..=6).contains(&sent), "{sent} sent in the first second");
    let after_burst = Instant::now();
    for _ in 0..3 {
        client.call_json(five, &json!({})).await.expect("a call after the burst is sent");
    }
    assert!(after_burst.elapsed() <= Duration::from_millis(600), "{:?}", after_burst.elapsed());
    assert_eq!(transport.request_count(), sent + 3);
}

#[tokio::test(start_paused = true)]
async fn call_json_returns_the_response_and_untyped_errors() {
    let transport = CapturingTransport::new().with_response(200, OK_BODY);
    let client = client(&transport);
    let out = client.call_json(META, &json!({"B": 1, "A": "é"})).await.expect("call");
    assert_eq!(out, json!({"Total": 2, "RequestId": "req-ok"}));
    assert_eq!(transport.requests()[0].body_text(), r#"{"B": 1, "A": "\u00e9"}"#);

    let transport = CapturingTransport::new().with_response(400, error_body("ResourceNotFound"));
    let err = common::client(&transport).call_json(META, &json!({})).await.unwrap_err();
    assert_eq!(err.code(), Some("ResourceNotFound"));
    assert_eq!(err.into_service_error().unwrap().0.message(), "m");
}

#[test]
fn debug_output_never_shows_secrets() {
    let transport = CapturingTransport::new();
    let client = Client::new(
        builder(&transport)
            .credentials(Credentials::new("AKIDvisible", SECRET_KEY).with_token("token-secret"))
            .build()
            .unwrap(),
    );
    let shown = format!("{client:?} {:?}", client.config());
    assert!(shown.contains("AKIDvi***"), "{shown}");
    assert!(!shown.contains(SECRET_KEY) && !shown.contains("token-secret"), "{shown}");
}

#[tokio::test(start_paused = true)]
async fn one_client_sends_each_call_to_its_own_service_and_region() {
    use tencentcloud_runtime::{CallOverrides, Endpoint};
    let transport = CapturingTransport::new().with_response(200, OK_BODY);
    let client = Client::new(builder(&transport).endpoint(Endpoint::Regional).build().unwrap());
    let cvm = ActionMetadata::new("cvm", "2017-03-12", "DescribeInstances", "");
    let beijing = CallOverrides::new().region("ap-beijing");
    client.call_json(META, &json!({})).await.unwrap();
    client.call_json_with(META, &json!({}), &beijing).await.unwrap();
    client.call_json(cvm, &json!({})).await.unwrap();
    client.call_json_with(cvm, &json!({}), &beijing).await.unwrap();
    client.call_json(META, &json!({})).await.unwrap();
    let seen: Vec<_> = transport
        .requests()
        .iter()
        .map(|r| {
            let header = |name| r.header(name).unwrap_or_default().to_owned();
            (r.uri.to_string(), header("Host"), header("X-TC-Version"), header("X-TC-Region"))
        })
        .collect();
    let expect = |service: &str, version: &str, region: &str| {
        let host = format!("{service}.{region}.tencentcloudapi.com");
        (format!("https://{host}/"), host, version.to_owned(), region.to_owned())
    };
    assert_eq!(
        seen,
        [
            expect("trtc", "2019-07-22", "ap-guangzhou"),
            expect("trtc", "2019-07-22", "ap-beijing"),
            expect("cvm", "2017-03-12", "ap-guangzhou"),
            expect("cvm", "2017-03-12", "ap-beijing"),
            expect("trtc", "2019-07-22", "ap-guangzhou"),
        ]
    );
}
