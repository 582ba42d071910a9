//! Response members documented as always present that are missing or null decode as
//! their default, with one warning per member naming its path.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::*;
use tencentcloud_runtime::error::{DecodeErrorKind, SdkError};
use tencentcloud_runtime::test_util::CapturingTransport;

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

impl Buffer {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().expect("logs").clone()).expect("UTF-8 logs")
    }

    /// The warning lines.
    fn warnings(&self) -> Vec<String> {
        self.text().lines().filter(|l| l.contains("WARN")).map(str::to_owned).collect()
    }
}

/// Calls DescribeUserList against a reply with `response` as its `Response`, returning
/// the result and the logs.
async fn call(response: &str) -> (Result<DescribeUserListOutput, SdkError<DescribeUserInfoError>>, Buffer) {
    call_action(&DescribeUserList { sdk_app_id: 1 }, response).await
}

/// Calls `action` against a reply with `response` as its `Response`, returning the
/// result and the logs.
async fn call_action<A: tencentcloud_runtime::Action>(
    action: &A,
    response: &str,
) -> (Result<A::Output, SdkError<A::Error>>, Buffer) {
    let logs = Buffer::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::WARN)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let transport = CapturingTransport::new().with_response(200, format!(r#"{{"Response": {response}}}"#));
    let result = client(&transport).call(action).await;
    (result, logs)
}

/// An `Action` impl for a test request type with no inputs to check.
macro_rules! test_action {
    ($request:ty => $output:ty, $name:literal) => {
        impl tencentcloud_runtime::Action for $request {
            type Output = $output;
            type Error = DescribeUserInfoError;

            fn metadata(&self) -> tencentcloud_runtime::ActionMetadata<'_> {
                tencentcloud_runtime::ActionMetadata::new("trtc", "2019-07-22", $name, "")
            }

            fn validate(
                &self,
                _ctx: &tencentcloud_runtime::validation::ValidationContext,
                _report: &mut tencentcloud_runtime::validation::Violations,
            ) {
            }
        }
    };
}

const WARNING: &str = "response member documented as always present was missing or null; decoded as its default";

#[tokio::test]
async fn a_complete_response_logs_nothing() {
    let (out, logs) =
        call(r#"{"Total": 1, "UserList": [{"RoomStr": "1", "UserId": "a", "JoinTs": 5}], "RequestId": "r-full"}"#)
            .await;
    let out = out.expect("decodes");
    assert_eq!(out.total, 1);
    assert_eq!(out.user_list.expect("list")[0].join_ts, Some(5));
    assert_eq!(logs.text(), "");
    // Optional members may be missing or null without a warning.
    let (out, logs) = call(r#"{"Total": 0, "UserList": null, "RequestId": "r-empty"}"#).await;
    assert_eq!(out.expect("decodes").user_list, None);
    assert_eq!(logs.text(), "");
}

#[tokio::test]
async fn missing_and_null_members_are_defaulted_and_each_is_logged() {
    let (out, logs) = call(
        r#"{"Total": null, "UserList": [
            {"RoomStr": "1", "UserId": "a"},
            {"UserId": "b", "JoinTs": 7},
            {"RoomStr": "3", "UserId": null}
        ], "RequestId": "r-sparse"}"#,
    )
    .await;
    let out = out.expect("decodes despite the gaps");
    assert_eq!(out.total, 0);
    let users = out.user_list.expect("list");
    assert_eq!(users[1], UserInformation { room_str: String::new(), user_id: "b".into(), join_ts: Some(7) });
    assert_eq!(users[2].user_id, "");

    let warnings = logs.warnings();
    assert_eq!(warnings.len(), 3, "{warnings:#?}");
    for (line, field) in warnings.iter().zip(["Total", "UserList[1].RoomStr", "UserList[2].UserId"]) {
        assert!(line.contains(WARNING), "{line}");
        assert!(line.contains("action=\"DescribeUserList\""), "{line}");
        assert!(line.contains(&format!("field=\"{field}\"")), "{line}");
        assert!(line.contains("request_id=\"r-sparse\""), "{line}");
    }
}

#[tokio::test]
async fn a_missing_request_id_is_logged_too() {
    let (out, logs) = call(r#"{"Total": 4}"#).await;
    assert_eq!(out.expect("decodes").request_id, "");
    let warnings = logs.warnings();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(warnings[0].contains("field=\"RequestId\""), "{}", warnings[0]);
}

#[tokio::test]
async fn a_value_of_the_wrong_type_is_still_a_schema_error() {
    for response in [
        r#"{"Total": "two", "RequestId": "r"}"#,
        r#"{"Total": 1, "UserList": [{"RoomStr": [5]}], "RequestId": "r"}"#,
        r#"{"Total": 1, "UserList": [null], "RequestId": "r"}"#,
    ] {
        let (out, logs) = call(response).await;
        let err = out.expect_err(response);
        let SdkError::Decode(d) = &err else { panic!("{err:?}") };
        assert_eq!(d.kind(), &DecodeErrorKind::Schema);
        assert_eq!(logs.text(), "", "a failed decode logs no defaults");
    }
}

#[tokio::test]
async fn defaults_used_outside_the_call_are_not_counted() {
    // A decode outside the client (or one that failed after using defaults) on the same
    // thread does not leak into the next call's count.
    let direct: UserInformation = serde_json::from_str("{}").expect("decodes");
    assert_eq!(direct, UserInformation::default());
    let (out, _) = call(r#"{"UserList": [{"RoomStr": null}, {"RoomStr": [1]}], "RequestId": "r"}"#).await;
    out.expect_err("wrong type");
    let _: UserInformation = serde_json::from_str(r#"{"RoomStr": null}"#).expect("decodes");
    let (out, logs) = call(r#"{"Total": 1, "RequestId": "r"}"#).await;
    out.expect("decodes");
    assert_eq!(logs.text(), "");
}

/// An action whose always-present member defaults to a value that serializes as null,
/// so the comparison cannot name it.
#[derive(Debug, serde::Serialize)]
struct DescribeBlob {}

#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct BlobOutput {
    #[serde(
        rename = "Blob",
        default = "tencentcloud_runtime::de::absent",
        deserialize_with = "tencentcloud_runtime::de::null_as_default"
    )]
    blob: serde_json::Value,
    #[serde(rename = "RequestId")]
    request_id: String,
}

test_action!(DescribeBlob => BlobOutput, "DescribeBlob");

#[tokio::test]
async fn a_default_that_cannot_be_located_is_still_logged() {
    let logs = Buffer::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt().with_ansi(false).with_writer(move || writer.clone()).finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let transport = CapturingTransport::new().with_response(200, r#"{"Response": {"Blob": null, "RequestId": "r-b"}}"#);
    let out = client(&transport).call(&DescribeBlob {}).await.expect("decodes");
    assert_eq!(out.blob, serde_json::Value::Null);
    let warnings = logs.warnings();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    for expected in [WARNING, "action=\"DescribeBlob\"", "field=\"<unknown>\"", "defaults=1", "request_id=\"r-b\""] {
        assert!(warnings[0].contains(expected), "{expected:?} in {}", warnings[0]);
    }
}

/// An action whose replies hold secrets, or the same action without the mark.
#[derive(Debug, serde::Serialize)]
struct GetSecret {
    #[serde(skip)]
    sensitive: bool,
}

#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct SecretOutput {
    #[serde(rename = "Key")]
    _key: u32,
}

impl tencentcloud_runtime::Action for GetSecret {
    type Output = SecretOutput;
    type Error = DescribeUserInfoError;

    fn metadata(&self) -> tencentcloud_runtime::ActionMetadata<'_> {
        let meta = tencentcloud_runtime::ActionMetadata::new("sts", "2018-08-13", "GetSecret", "");
        if self.sensitive {
            meta.with_sensitive_response()
        } else {
            meta
        }
    }

    fn validate(
        &self,
        _ctx: &tencentcloud_runtime::validation::ValidationContext,
        _report: &mut tencentcloud_runtime::validation::Violations,
    ) {
    }
}

#[tokio::test]
async fn a_sensitive_reply_that_does_not_match_its_output_is_withheld() {
    let reply = r#"{"Response": {"Key": "tmp-secret-key", "RequestId": "r"}}"#;
    for sensitive in [false, true] {
        let transport = CapturingTransport::new().with_response(200, reply);
        let err = client(&transport).call(&GetSecret { sensitive }).await.expect_err("Key is not a number");
        let SdkError::Decode(d) = &err else { panic!("{err:?}") };
        assert_eq!(d.kind(), &DecodeErrorKind::Schema);
        let shown = format!("{err} {err:?}");
        // Without the mark the error quotes the reply; with it, nothing of it.
        assert_eq!(shown.contains("tmp-secret-key"), !sensitive, "{shown}");
    }
}

/// An action whose output has a member of each scalar type, decoded by the
/// `Deserialize` the generator writes.
#[derive(Debug, serde::Serialize)]
struct DescribeCounts {}

#[derive(Debug, Default, PartialEq, serde::Serialize)]
struct CountsOutput {
    #[serde(rename = "Total")]
    total: u64,
    #[serde(rename = "Enabled")]
    enabled: bool,
    #[serde(rename = "Name", skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(rename = "Ratio", skip_serializing_if = "Option::is_none")]
    ratio: Option<f64>,
    #[serde(rename = "Big", skip_serializing_if = "Option::is_none")]
    big: Option<u64>,
    #[serde(rename = "Signed", skip_serializing_if = "Option::is_none")]
    signed: Option<i64>,
    #[serde(rename = "Items", skip_serializing_if = "Option::is_none")]
    items: Option<Vec<Item>>,
    #[serde(rename = "RequestId")]
    request_id: String,
}
tencentcloud_runtime::deserialize_struct!(CountsOutput {
    total: lenient("Total", 0),
    enabled: lenient("Enabled", 1),
    name: optional("Name"),
    ratio: optional("Ratio"),
    big: optional("Big"),
    signed: optional("Signed"),
    items: optional("Items"),
    request_id: required("RequestId", 2),
});

#[derive(Debug, Default, PartialEq, serde::Serialize)]
struct Item {
    #[serde(rename = "Id")]
    id: u64,
    #[serde(rename = "Label")]
    label: String,
}
tencentcloud_runtime::deserialize_struct!(Item { id: lenient("Id", 0), label: lenient("Label", 1) });

test_action!(DescribeCounts => CountsOutput, "DescribeCounts");

/// Calls DescribeCounts against a reply with `response` as its `Response`.
async fn call_counts(response: &str) -> (Result<CountsOutput, SdkError<DescribeUserInfoError>>, Buffer) {
    call_action(&DescribeCounts {}, response).await
}

const CONVERTED: &str = "response member written as the other scalar type";

#[tokio::test]
async fn scalars_written_as_strings_or_numbers_decode_and_each_is_logged() {
    let (out, logs) = call_counts(
        r#"{"Total": "12", "Enabled": "true", "Name": 12, "Ratio": "1.5", "Signed": "-3",
            "Items": [{"Id": 1, "Label": "a"}, {"Id": "7", "Label": false}], "RequestId": "r-conv"}"#,
    )
    .await;
    let out = out.expect("decodes");
    let expected = CountsOutput {
        total: 12,
        enabled: true,
        name: Some("12".into()),
        ratio: Some(1.5),
        big: None,
        signed: Some(-3),
        items: Some(vec![Item { id: 1, label: "a".into() }, Item { id: 7, label: "false".into() }]),
        request_id: "r-conv".into(),
    };
    assert_eq!(out, expected);
    let warnings = logs.warnings();
    let fields = ["Total", "Enabled", "Name", "Ratio", "Signed", "Items[1].Id", "Items[1].Label"];
    assert_eq!(warnings.len(), fields.len(), "{warnings:#?}");
    for (line, field) in warnings.iter().zip(fields) {
        assert!(line.contains(CONVERTED), "{line}");
        assert!(line.contains("action=\"DescribeCounts\""), "{line}");
        assert!(line.contains(&format!("field=\"{field}\"")), "{line}");
        assert!(line.contains("request_id=\"r-conv\""), "{line}");
    }
}

#[tokio::test]
async fn integers_are_converted_exactly_and_numbers_keep_their_text() {
    let (out, _) = call_counts(
        r#"{"Total": 1, "Enabled": false, "Big": "18446744073709551615", "Signed": "-9223372036854775808",
            "Name": 12345678901234567890, "RequestId": "r"}"#,
    )
    .await;
    let out = out.expect("decodes");
    assert_eq!((out.big, out.signed), (Some(u64::MAX), Some(i64::MIN)));
    assert_eq!(out.name.as_deref(), Some("12345678901234567890"));
    for (name, text) in [("-3", "-3"), ("1.5", "1.5"), ("true", "true"), ("0", "0")] {
        let (out, _) =
            call_counts(&format!(r#"{{"Total": 1, "Enabled": true, "Name": {name}, "RequestId": "r"}}"#)).await;
        assert_eq!(out.expect(name).name.as_deref(), Some(text));
    }
    // A float member takes an integer written as a string too.
    let (out, _) = call_counts(r#"{"Total": 1, "Enabled": true, "Ratio": "2", "RequestId": "r"}"#).await;
    assert_eq!(out.expect("decodes").ratio, Some(2.0));
}

#[tokio::test]
async fn values_that_cannot_be_converted_stay_errors_quoting_the_value() {
    for (member, value) in [
        ("Total", r#""12a""#),
        ("Total", r#""1.5""#),
        ("Total", r#""1e2""#),
        ("Total", r#"" 12""#),
        ("Total", r#""12 ""#),
        ("Total", r#""+12""#),
        ("Total", r#""012""#),
        ("Total", r#""""#),
        ("Total", "true"),
        ("Enabled", r#""yes""#),
        ("Enabled", r#""True""#),
        ("Enabled", r#""1""#),
        ("Enabled", "1"),
        ("Big", r#""-1""#),
        ("Big", r#""18446744073709551616""#),
        ("Signed", r#""9223372036854775808""#),
        ("Ratio", r#""NaN""#),
        ("Ratio", r#""inf""#),
        ("Ratio", r#""1.""#),
        ("Name", "[1]"),
        ("Name", "{}"),
    ] {
        let mut members = serde_json::Map::new();
        members.insert("Total".into(), 1.into());
        members.insert("Enabled".into(), true.into());
        members.insert("RequestId".into(), "r".into());
        members.insert(member.into(), serde_json::from_str(value).expect("JSON"));
        let response = serde_json::Value::Object(members).to_string();
        let (out, logs) = call_counts(&response).await;
        let err = out.expect_err(&response);
        let SdkError::Decode(d) = &err else { panic!("{err:?}") };
        assert_eq!(d.kind(), &DecodeErrorKind::Schema, "{response}");
        // The detail quotes the value.
        assert!(d.detail().contains(&format!("invalid type: {}", shown(value))), "{response}: {err}");
        assert_eq!(logs.text(), "", "{response}: a failed decode logs nothing");
    }
}

/// How serde_json names a JSON value of the wrong type in its errors.
fn shown(json: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(json) {
        Ok(serde_json::Value::String(s)) => format!("string {s:?}"),
        Ok(serde_json::Value::Bool(b)) => format!("boolean `{b}`"),
        Ok(serde_json::Value::Number(n)) => format!("integer `{n}`"),
        Ok(serde_json::Value::Array(_)) => "sequence".into(),
        Ok(serde_json::Value::Object(_)) => "map".into(),
        _ => json.into(),
    }
}

#[tokio::test]
async fn a_converted_member_and_a_defaulted_one_are_both_logged() {
    let (out, logs) = call_counts(r#"{"Total": "5", "Items": [{"Label": 3}], "RequestId": "r-both"}"#).await;
    let out = out.expect("decodes");
    assert_eq!((out.total, out.enabled), (5, false));
    let warnings = logs.warnings();
    let converted: Vec<_> = warnings.iter().filter(|l| l.contains(CONVERTED)).collect();
    let defaulted: Vec<_> = warnings.iter().filter(|l| l.contains(WARNING)).collect();
    assert_eq!(converted.len(), 2, "{warnings:#?}");
    assert!(converted[0].contains("field=\"Total\"") && converted[1].contains("field=\"Items[0].Label\""));
    assert_eq!(defaulted.len(), 2, "{warnings:#?}");
    assert!(defaulted[0].contains("field=\"Enabled\"") && defaulted[1].contains("field=\"Items[0].Id\""));
}

/// An action whose output does not serialize the member it converts, so the comparison
/// cannot name it.
#[derive(Debug, serde::Serialize)]
struct DescribeHidden {}

#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct HiddenOutput {
    #[serde(rename = "Count", skip_serializing)]
    count: u64,
    #[serde(rename = "RequestId")]
    request_id: String,
}

test_action!(DescribeHidden => HiddenOutput, "DescribeHidden");

#[tokio::test]
async fn a_conversion_that_cannot_be_located_is_still_logged() {
    let (out, logs) = call_action(&DescribeHidden {}, r#"{"Count": "4", "RequestId": "r-h"}"#).await;
    assert_eq!(out.expect("decodes").count, 4);
    let warnings = logs.warnings();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    for expected in
        [CONVERTED, "action=\"DescribeHidden\"", "field=\"<unknown>\"", "conversions=1", "request_id=\"r-h\""]
    {
        assert!(warnings[0].contains(expected), "{expected:?} in {}", warnings[0]);
    }
}
