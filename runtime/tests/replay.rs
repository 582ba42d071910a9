//! The recorded-exchange fixture format and the replay transport.

use std::sync::Arc;

use serde_json::json;
use tencentcloud_runtime::error::SdkError;
use tencentcloud_runtime::test_util::{Fixture, ReplayTransport};
use tencentcloud_runtime::{ActionMetadata, Client, Config, Credentials, FixedClock, Language, RetryConfig};

const META: ActionMetadata<'static> =
    ActionMetadata::new("trtc", "2019-07-22", "DescribeUserInfo", "trtc.tencentcloudapi.com");

const FIXTURE: &str = r#"{
  "description": "two pages, then a non-JSON reply",
  "exchanges": [
    {"request": {"action": "DescribeUserInfo", "version": "2019-07-22", "region": "ap-guangzhou",
                 "headers": {"X-TC-Language": "en-US", "Content-Type": "application/json",
                             "X-TC-Timestamp": "1", "Authorization": "ignored"},
                 "body": {"SdkAppId": 1400188366, "PageNumber": 0}},
     "response": {"status": 200, "headers": {"Content-Type": "application/json"},
                  "body": {"Response": {"Total": 1, "RequestId": "r1"}}}},
    {"request": {"action": "DescribeUserInfo", "version": "2019-07-22", "region": "ap-guangzhou",
                 "body": {"PageNumber": 1, "SdkAppId": 1400188366}},
     "response": {"status": 200, "body": {"Response": {"Error": {"Code": "InvalidParameter", "Message": "bad"}, "RequestId": "r2"}}}},
    {"request": {"action": "DescribeUserInfo", "body": {}},
     "response": {"status": 502, "body_text": "<html>Bad Gateway</html>"}}
  ]
}"#;

fn client(replay: &ReplayTransport) -> Client {
    Client::new(
        Config::builder()
            .credentials(Credentials::new("AKIDtest", "test-key"))
            .region("ap-guangzhou")
            .language(Language::EnUs)
            .transport(Arc::new(replay.clone()))
            .clock(Arc::new(FixedClock::new(1_700_000_000)))
            .retry(RetryConfig::disabled())
            .build()
            .unwrap(),
    )
}

#[tokio::test]
async fn replays_in_order_from_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fixture.json");
    std::fs::write(&path, FIXTURE).unwrap();
    let replay = ReplayTransport::load(&path).unwrap();
    let client = client(&replay);

    let page = client.call_json(META, &json!({"SdkAppId": 1400188366, "PageNumber": 0})).await.unwrap();
    assert_eq!(page["Total"], 1);
    // Body keys in another order still match: bodies are compared as JSON.
    let err = client.call_json(META, &json!({"SdkAppId": 1400188366, "PageNumber": 1})).await.unwrap_err();
    assert_eq!(err.code(), Some("InvalidParameter"));
    assert_eq!(err.request_id(), Some("r2"));
    let err = client.call_json(META, &json!({})).await.unwrap_err();
    let SdkError::HttpStatus(d) = err else { panic!("{err:?}") };
    assert_eq!(d.status(), 502);
    assert_eq!(replay.used(), 3);
    replay.finish();
}

#[tokio::test]
#[should_panic(expected = "does not match its record")]
async fn a_different_body_panics_with_both_sides() {
    let replay = ReplayTransport::new(Fixture::from_json(FIXTURE).unwrap());
    let _ = client(&replay).call_json(META, &json!({"SdkAppId": 1, "PageNumber": 0})).await;
}

#[tokio::test]
async fn mismatch_report_shows_expected_and_actual() {
    let replay = ReplayTransport::new(Fixture::from_json(FIXTURE).unwrap());
    let client = client(&replay);
    let task = tokio::spawn(async move { client.call_json(META, &json!({"SdkAppId": 7})).await });
    let panic = task.await.unwrap_err().into_panic();
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(message.contains("expected request:") && message.contains("actual request:"), "{message}");
    assert!(message.contains("\"PageNumber\": 0") && message.contains("\"SdkAppId\": 7"), "{message}");
    assert!(!message.contains("test-key"));
}

#[tokio::test]
#[should_panic(expected = "beyond the 0 recorded exchange(s)")]
async fn a_request_beyond_the_recording_panics() {
    let replay = ReplayTransport::new(Fixture::from_json(r#"{"exchanges": []}"#).unwrap());
    let _ = client(&replay).call_json(META, &json!({})).await;
}

#[test]
#[should_panic(expected = "never requested: #0 DescribeUserInfo, #1 DescribeUserInfo, #2 DescribeUserInfo")]
fn finish_lists_unused_exchanges() {
    ReplayTransport::new(Fixture::from_json(FIXTURE).unwrap()).finish();
}

#[test]
#[should_panic(expected = "ended with unused exchanges")]
fn dropping_with_unused_exchanges_panics() {
    drop(ReplayTransport::new(Fixture::from_json(FIXTURE).unwrap()));
}

#[test]
fn fixture_errors_are_reported() {
    assert!(Fixture::load("/nonexistent/fixture.json").unwrap_err().to_string().contains("/nonexistent/fixture.json"));
    assert!(Fixture::from_json("{").is_err());
    let both = r#"{"exchanges": [{"request": {"action": "A", "body": {}},
                   "response": {"body": {}, "body_text": "x"}}]}"#;
    assert!(Fixture::from_json(both).is_err());
}

#[test]
fn a_known_issue_is_read_and_written_only_when_present() {
    let plain = Fixture::from_json(FIXTURE).unwrap();
    assert_eq!(plain.known_issue, None);
    assert!(!serde_json::to_string(&plain).unwrap().contains("known_issue"));

    let marked = Fixture::from_json(
        r#"{"description": "d", "known_issue": "the example contradicts its description", "exchanges": []}"#,
    )
    .unwrap();
    assert_eq!(marked.known_issue.as_deref(), Some("the example contradicts its description"));
    let text = serde_json::to_string(&marked).unwrap();
    assert_eq!(Fixture::from_json(&text).unwrap(), marked);
}
