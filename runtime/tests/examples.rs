//! Replaying official examples (`examples::replay_example`): the typed request built
//! from the example's parameters must send exactly them, and the recorded response must
//! decode. Parameters written as the other scalar type (`"10"` for an integer, `12` for
//! a string) are converted as the server evidently does, and compared as converted.

mod common;

use common::DescribeUserInfoError;
use tencentcloud_runtime::examples::replay_example;
use tencentcloud_runtime::test_util::Fixture;
use tencentcloud_runtime::validation::{ValidationContext, Violations};
use tencentcloud_runtime::{Action, ActionMetadata};

/// A request shaped like generated code, with a member of each scalar type.
#[derive(Debug, Default)]
struct DescribeThings {
    name: String,
    limit: Option<u64>,
    ids: Option<Vec<i64>>,
    on: Option<bool>,
    ratio: Option<f64>,
    label: Option<String>,
}
/// `Serialize` and `Deserialize` from one member list, as generated code has them.
macro_rules! serde_struct {
    ($($members:tt)*) => {
        tencentcloud_runtime::serialize_struct!($($members)*);
        tencentcloud_runtime::deserialize_struct!($($members)*);
    };
}
serde_struct!(DescribeThings {
    name: required("Name", 0),
    limit: optional("Limit"),
    ids: optional("Ids"),
    on: optional("On"),
    ratio: optional("Ratio"),
    label: optional("Label"),
});

#[derive(Debug, Default, serde::Serialize)]
struct ThingsOutput {
    #[serde(rename = "Total")]
    total: u64,
    #[serde(rename = "RequestId")]
    request_id: String,
}
tencentcloud_runtime::deserialize_struct!(ThingsOutput {
    total: lenient("Total", 0),
    request_id: required("RequestId", 1)
});

impl Action for DescribeThings {
    type Output = ThingsOutput;
    type Error = DescribeUserInfoError;

    fn metadata(&self) -> ActionMetadata<'_> {
        ActionMetadata::new("trtc", "2019-07-22", "DescribeThings", "trtc.tencentcloudapi.com")
    }

    fn validate(&self, _ctx: &ValidationContext, _report: &mut Violations) {}
}

/// A fixture of DescribeThings with `params` as the request body and `response` as the
/// `Response` object.
fn fixture(params: &str, response: &str) -> Fixture {
    let text = format!(
        r#"{{"description": "d", "exchanges": [{{"request": {{"action": "DescribeThings", "body": {params}}},
            "response": {{"status": 200, "body": {{"Response": {response}}}}}}}]}}"#
    );
    Fixture::from_json(&text).expect("a fixture")
}

async fn replay(params: &str, response: &str) -> Result<(), String> {
    replay_example::<DescribeThings>(&fixture(params, response)).await
}

#[tokio::test]
async fn an_example_with_plain_scalars_replays() {
    let params = r#"{"Name": "n", "Limit": 10, "Ids": [1, -2], "On": true, "Ratio": 0.5, "Label": "x"}"#;
    replay(params, r#"{"Total": 3, "RequestId": "r"}"#).await.expect("replays");
}

#[tokio::test]
async fn scalars_written_as_the_other_type_are_converted_before_comparing() {
    let params = r#"{"Name": 5, "Limit": "10", "Ids": ["1", -2, "-3"], "On": "false", "Ratio": "1.50", "Label": 1.0}"#;
    replay(params, r#"{"Total": "3", "RequestId": "r"}"#).await.expect("replays");
    replay(r#"{"Name": true}"#, r#"{"Total": 3, "RequestId": "r"}"#).await.expect("replays");
}

#[tokio::test]
async fn a_value_that_cannot_be_converted_fails_saying_what_was_expected() {
    for (params, problem) in [
        (r#"{"Name": "n", "Limit": "ten"}"#, r#"invalid type: string "ten", expected u64"#),
        (r#"{"Name": "n", "Limit": "-1"}"#, r#"invalid type: string "-1", expected u64"#),
        (r#"{"Name": "n", "Ids": [1, "2.5"]}"#, r#"invalid type: string "2.5", expected i64"#),
        (r#"{"Name": "n", "On": "yes"}"#, r#"invalid type: string "yes", expected a boolean"#),
        (r#"{"Name": ["n"]}"#, "invalid type: sequence, expected a string"),
    ] {
        let err = replay(params, r#"{"Total": 3, "RequestId": "r"}"#).await.expect_err(params);
        assert!(err.starts_with("the parameters do not build the typed request: "), "{params}: {err}");
        assert!(err.contains(problem), "{params}: {err}");
    }
    let err = replay(r#"{"Name": "n"}"#, r#"{"Total": "3x", "RequestId": "r"}"#).await.expect_err("response");
    assert!(err.starts_with("the recorded response does not decode"), "{err}");
    assert!(err.contains(r#"invalid type: string "3x", expected u64"#), "{err}");
}

#[tokio::test]
async fn a_member_the_typed_request_drops_still_fails_the_comparison() {
    let err = replay(r#"{"Name": "n", "Limit": "10", "Extra": "1"}"#, r#"{"Total": 3, "RequestId": "r"}"#)
        .await
        .expect_err("Extra is not a member");
    assert!(err.starts_with("the body sent differs from the example's parameters"), "{err}");
    assert!(err.contains("Extra"), "{err}");
}
