//! Client-side validation of `DescribeUserInfo`: each constraint of the spec accepted at
//! its bound and rejected one past it with the code the server would answer, missing
//! required fields, the region check, and the switch that turns validation off.

use std::sync::Arc;

use tencentcloud_runtime::action::Action;
use tencentcloud_runtime::error::SdkError;
use tencentcloud_runtime::test_util::CapturingTransport;
use tencentcloud_runtime::validation::{Rule, ValidationContext, Violations};
use tencentcloud_runtime::{Config, Credentials, FixedClock};
use tencentcloud_sdk_tests::{NOW, SECRET_ID, SECRET_KEY};
use tencentcloud_trtc::v20190722::operation::describe_user_info::DescribeUserInfoRequest;
use tencentcloud_trtc::v20190722::Client;

const FOUR_HOURS: u64 = 4 * 3600;
const FOURTEEN_DAYS: u64 = 14 * 24 * 3600;

/// A valid request: a 100-second window ending at NOW.
fn valid() -> DescribeUserInfoRequest {
    let now = NOW as u64;
    DescribeUserInfoRequest::new("1400188366_218695_1590065777", now - 100, now, 1_400_188_366)
}

/// (field, code) of every violation of `request` at NOW.
fn violations(request: &DescribeUserInfoRequest) -> Vec<(String, Option<&'static str>)> {
    let mut report = Violations::new();
    request.validate(&ValidationContext::new(NOW), &mut report);
    report.as_slice().iter().map(|v| (v.field().to_owned(), v.code())).collect()
}

fn accepted(request: &DescribeUserInfoRequest) {
    assert_eq!(violations(request), vec![], "{request:?}");
}

fn rejected(request: &DescribeUserInfoRequest, field: &str, code: Option<&'static str>) {
    assert_eq!(violations(request), vec![(field.to_owned(), code)], "{request:?}");
}

#[test]
fn page_size_range_is_1_to_100() {
    accepted(&valid().with_page_size(1));
    accepted(&valid().with_page_size(100));
    rejected(&valid().with_page_size(0), "PageSize", Some("InvalidParameter.PageSize"));
    rejected(&valid().with_page_size(101), "PageSize", Some("InvalidParameter.PageSizeOversize"));
}

#[test]
fn user_ids_hold_1_to_100_items() {
    let ids = |n: usize| (0..n).map(|i| format!("user{i}")).collect::<Vec<_>>();
    accepted(&valid().with_user_ids(ids(1)));
    accepted(&valid().with_user_ids(ids(100)));
    // More than six is accepted: the page's range wins over the name of UserIdsMorethanSix.
    accepted(&valid().with_user_ids(ids(7)));
    rejected(&valid().with_user_ids(ids(0)), "UserIds", None);
    rejected(&valid().with_user_ids(ids(101)), "UserIds", None);
}

#[test]
fn window_is_at_most_four_hours() {
    let start = NOW as u64 - FOUR_HOURS - 10;
    let mut at_bound = valid();
    (at_bound.start_time, at_bound.end_time) = (start, start + FOUR_HOURS);
    accepted(&at_bound);
    let mut past = at_bound.clone();
    past.end_time += 1;
    rejected(&past, "EndTime", Some("InvalidParameter.QueryScaleOversize"));
}

#[test]
fn start_is_at_most_14_days_old_by_the_injected_clock() {
    let mut at_bound = valid();
    (at_bound.start_time, at_bound.end_time) = (NOW as u64 - FOURTEEN_DAYS, NOW as u64 - FOURTEEN_DAYS + 60);
    accepted(&at_bound);
    let mut past = at_bound.clone();
    (past.start_time, past.end_time) = (past.start_time - 1, past.end_time - 1);
    rejected(&past, "StartTime", Some("InvalidParameter.StartTimeOversize"));
    // The same request is fine for a clock one second earlier.
    let mut report = Violations::new();
    past.validate(&ValidationContext::new(NOW - 1), &mut report);
    assert!(report.is_empty());
}

#[test]
fn several_violations_are_all_reported() {
    let mut request = valid().with_page_size(500).with_user_ids(Vec::<String>::new());
    request.end_time = request.start_time + FOUR_HOURS + 1;
    let codes: Vec<_> = violations(&request).into_iter().map(|(_, c)| c).collect();
    assert_eq!(codes, [None, Some("InvalidParameter.PageSizeOversize"), Some("InvalidParameter.QueryScaleOversize")]);
}

#[test]
fn builder_names_every_missing_required_field() {
    let err = DescribeUserInfoRequest::builder()
        .comm_id("c")
        .page_size(10)
        .build()
        .expect_err("three required fields are missing");
    assert_eq!(err.action(), "DescribeUserInfo");
    let missing: Vec<_> = err.violations().iter().map(|v| (v.field(), v.code(), v.rule().clone())).collect();
    assert_eq!(
        missing,
        [
            ("StartTime", Some("MissingParameter.StartTs"), Rule::Required),
            ("EndTime", Some("MissingParameter.EndTs"), Rule::Required),
            ("SdkAppId", Some("MissingParameter.SdkAppId"), Rule::Required),
        ]
    );
    let built = DescribeUserInfoRequest::builder()
        .comm_id("c")
        .start_time(1)
        .end_time(2)
        .sdk_app_id(3)
        .build()
        .expect("all required fields set");
    assert_eq!(built, DescribeUserInfoRequest::new("c", 1, 2, 3));
}

fn client(region: &str, validation: bool, transport: &CapturingTransport) -> Client {
    let config = Config::builder()
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .region(region)
        .transport(Arc::new(transport.clone()))
        .clock(Arc::new(FixedClock::new(NOW)))
        .validation(validation)
        .build()
        .expect("config");
    Client::new(config)
}

const OK_BODY: &str = r#"{"Response": {"Total": 0, "UserList": [], "RequestId": "r"}}"#;

#[tokio::test]
async fn invalid_requests_are_not_sent() {
    let transport = CapturingTransport::new().with_response(200, OK_BODY);
    let client = client("ap-guangzhou", true, &transport);
    let err = client.execute(&valid().with_page_size(0)).await.expect_err("invalid");
    let SdkError::Validation(v) = err else { panic!("expected a validation error, got {err:?}") };
    assert_eq!(v.codes().collect::<Vec<_>>(), ["InvalidParameter.PageSize"]);
    assert_eq!(transport.request_count(), 0);
}

#[tokio::test]
async fn unsupported_region_names_the_supported_ones() {
    let transport = CapturingTransport::new().with_response(200, OK_BODY);
    let err = client("ap-shanghai", true, &transport).execute(&valid()).await.expect_err("region");
    let SdkError::Validation(v) = err else { panic!("expected a validation error, got {err:?}") };
    assert_eq!(v.violations()[0].code(), Some("UnsupportedRegion"));
    let text = v.to_string();
    for region in ["ap-beijing", "ap-guangzhou", "ap-mumbai", "ap-singapore", "na-toronto"] {
        assert!(text.contains(region), "{text}");
    }
    assert_eq!(transport.request_count(), 0);
}

#[tokio::test]
async fn validation_off_sends_what_the_spec_forbids() {
    let transport = CapturingTransport::new().with_response(200, OK_BODY);
    let response =
        client("ap-shanghai", false, &transport).execute(&valid().with_page_size(0)).await.expect("sent and decoded");
    assert_eq!(response.total, 0);
    let sent = transport.requests();
    assert_eq!(sent.len(), 1);
    assert!(sent[0].body_text().contains("\"PageSize\": 0"), "{}", sent[0].body_text());
    assert_eq!(sent[0].header("X-TC-Region"), Some("ap-shanghai"));
}

/// Validation turned off for one call (`customize`): that call is sent, the next one is
/// still refused.
#[tokio::test]
async fn validation_can_be_turned_off_for_one_call() {
    let transport = CapturingTransport::new().with_response(200, OK_BODY);
    let client = client("ap-shanghai", true, &transport);
    let now = NOW as u64;
    let call =
        || client.describe_user_info().comm_id("c").start_time(now - 100).end_time(now).sdk_app_id(1).page_size(0);
    let response = call().customize(|o| o.validation(false)).send().await.expect("sent and decoded");
    assert_eq!(response.total, 0);
    assert_eq!(transport.request_count(), 1);
    assert!(transport.requests()[0].body_text().contains("\"PageSize\": 0"));
    let err = call().send().await.expect_err("refused again");
    let SdkError::Validation(v) = err else { panic!("expected a validation error, got {err:?}") };
    assert_eq!(v.codes().collect::<Vec<_>>(), ["UnsupportedRegion", "InvalidParameter.PageSize"]);
    assert_eq!(transport.request_count(), 1);
}

/// Violations of `ResourceExpiredHour` in a CreateCloudRecording request setting it to `hours`.
fn resource_expired_hour_violations(hours: u64) -> Vec<String> {
    use tencentcloud_trtc::v20190722::operation::create_cloud_recording::CreateCloudRecordingRequest;
    use tencentcloud_trtc::v20190722::types::{RecordParams, StorageParams};
    let request = CreateCloudRecordingRequest::new(
        1_400_188_366,
        "1234",
        "recorder",
        "sig",
        RecordParams::new(1),
        StorageParams::default(),
    )
    .with_resource_expired_hour(hours);
    let mut report = Violations::new();
    request.validate(&ValidationContext::new(NOW), &mut report);
    report.as_slice().iter().map(|v| v.field().to_owned()).filter(|f| f == "ResourceExpiredHour").collect()
}

/// CreateCloudRecording's `ResourceExpiredHour` is documented as 6-720 ("the maximum and
/// minimum values allowed are `720` (30 days) and `6` respectively"); it was once mined as
/// `max 72` from the sentence about what happens when it is not set.
#[test]
fn create_cloud_recording_resource_expired_hour_is_6_to_720() {
    assert!(resource_expired_hour_violations(100).is_empty());
    assert!(resource_expired_hour_violations(720).is_empty());
    assert!(resource_expired_hour_violations(6).is_empty());
    assert_eq!(resource_expired_hour_violations(721), ["ResourceExpiredHour"]);
    assert_eq!(resource_expired_hour_violations(5), ["ResourceExpiredHour"]);
}
