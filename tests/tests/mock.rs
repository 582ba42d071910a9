//! The typed mock: rules per action answer typed outputs and typed errors, requests no
//! rule matches fail with a clear error and are reported, unused rules are reported,
//! and the client's validation still runs before the mock sees anything.

use std::sync::Arc;

use serde_json::json;
use tencentcloud_runtime::{FixedClock, SdkError};
use tencentcloud_sdk_tests::{minimal_call, NOW};
use tencentcloud_tmt::v20180321::operation::image_translate_llm::ImageTranslateLLMRequest;
use tencentcloud_trtc::v20190722::mock::{rule, MockTransport};
use tencentcloud_trtc::v20190722::operation::describe_user_info::{
    DescribeUserInfoError, DescribeUserInfoRequest, DescribeUserInfoResponse,
};
use tencentcloud_trtc::v20190722::Client;

/// A trtc client over `mock`, with the clock of the example's call.
fn client(mock: &MockTransport) -> Client {
    let config = mock.config_builder().clock(Arc::new(FixedClock::new(NOW))).build().expect("config");
    Client::new(config)
}

fn output(total: u64) -> DescribeUserInfoResponse {
    serde_json::from_value(json!({"Total": total, "UserList": [], "RequestId": "r-1"})).expect("output")
}

#[tokio::test]
async fn a_matching_rule_answers_with_its_typed_output() {
    let mock = MockTransport::new()
        .with_rule(rule::<DescribeUserInfoRequest>().match_requests(|r| r.sdk_app_id == 1).then_output(|| output(7)))
        .with_rule(
            tencentcloud_trtc::v20190722::runtime::mock!(Client::describe_user_info)
                .match_requests(|r| r.sdk_app_id == 1_400_188_366)
                .then_output(|| output(3)),
        );
    let reply = minimal_call(&client(&mock)).send().await.expect("mocked output");
    assert_eq!(reply.total, 3);
    assert_eq!(reply.request_id, "r-1");
    assert_eq!(mock.rule_uses(1), 1);
    assert_eq!(mock.unused_rules(), vec![format!("rule #0 ({})", std::any::type_name::<DescribeUserInfoRequest>())]);
    assert!(mock.unmatched().is_empty());
}

#[tokio::test]
async fn an_error_rule_gives_the_typed_error_variant_then_the_next_answer() {
    let mock = MockTransport::new().with_rule(
        rule::<DescribeUserInfoRequest>()
            .then_error("InvalidParameter.PageSize", "bad page size")
            .times(1)
            .then_json(json!({"Total": 2, "UserList": []})),
    );
    let client = client(&mock);
    let error = minimal_call(&client).send().await.expect_err("the error rule answers first");
    match &error {
        SdkError::Service(DescribeUserInfoError::InvalidParameterPageSize(meta)) => {
            assert_eq!(meta.message(), "bad page size")
        }
        other => panic!("expected InvalidParameterPageSize, got {other:?}"),
    }
    let reply = minimal_call(&client).send().await.expect("then the output");
    assert_eq!(reply.total, 2);
    assert!(!reply.request_id.is_empty(), "a RequestId is filled in");
    mock.assert_all_used();
}

#[tokio::test]
async fn a_request_no_rule_matches_fails_and_is_reported() {
    let mock = MockTransport::new().with_rule(
        rule::<DescribeUserInfoRequest>().match_requests(|r| r.page_size == Some(5)).then_output(|| output(1)),
    );
    let error = minimal_call(&client(&mock)).send().await.expect_err("no rule matches");
    assert!(matches!(error, SdkError::Transport(_)), "{error:?}");
    assert!(error.to_string().contains("no rule matches DescribeUserInfo"), "{error}");
    let unmatched = mock.unmatched();
    assert_eq!(unmatched.len(), 1, "{unmatched:?}");
    assert_eq!(unmatched[0].action, "DescribeUserInfo");
    assert!(unmatched[0].body.contains("1400188366_218695_1590065777"));
    let report = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| mock.assert_all_used()))
        .expect_err("assert_all_used fails");
    let text = report.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(text.contains("1 unused rule(s)") && text.contains("1 unmatched request(s)"), "{text}");
}

#[tokio::test]
async fn validation_runs_before_the_mock() {
    let mock = MockTransport::new().with_rule(rule::<DescribeUserInfoRequest>().then_output(|| output(1)));
    let error = minimal_call(&client(&mock)).page_size(1000).send().await.expect_err("PageSize over 100");
    assert!(matches!(error, SdkError::Validation(_)), "{error:?}");
    assert_eq!(mock.rule_uses(0), 0);
    assert!(mock.unmatched().is_empty());
}

#[tokio::test]
async fn rules_of_another_service_and_the_generated_mock_client() {
    let mock = tencentcloud_tmt::v20180321::mock::MockTransport::new().with_rule(
        tencentcloud_tmt::v20180321::mock::rule::<ImageTranslateLLMRequest>()
            .match_requests(|r| r.target == "en")
            .then_output_with(|r| {
                serde_json::from_value(json!({"Data": r.data.clone(), "Source": "zh", "Target": "en", "SourceText": "", "TargetText": "", "Angle": 0, "TransDetails": [], "RequestId": "x"}))
                    .expect("output")
            }),
    );
    let client = tencentcloud_tmt::v20180321::mock::client(&mock);
    let reply = client.image_translate_llm().data("aW1n").target("en").send().await.expect("mocked");
    let reply = serde_json::to_value(&reply).expect("json");
    assert_eq!(reply["Data"], "aW1n");
    mock.assert_all_used();
}
