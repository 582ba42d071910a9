//! Which official examples are marked with a known issue, and why.

use serde_json::{json, Value};

use super::{fixtures, ExamplesFile, IssueKind};
use crate::spec::model::ServiceFile;

/// A service with one action whose input and output have a member of each scalar type;
/// `Limit` has a mined maximum of 100.
fn spec() -> ServiceFile {
    serde_yaml::from_str(
        r#"
service: { name: demo, version: "2020-01-01", title: Demo }
models:
  Item:
    doc: d
    fields:
      Id: { type: uint64, doc: d }
      Label: { type: string, doc: d }
actions:
  DescribeThings:
    title: t
    doc: d
    input:
      Name: { type: string, required: true, doc: d }
      Limit:
        type: uint64
        doc: d
        constraints:
          - { max: 100, source: "At most 100." }
      Offset: { type: int64, doc: d }
      On: { type: bool, doc: d }
      Ratio: { type: float, doc: d }
      Items: { type: [Item], doc: d }
      Ids: { type: [int64], doc: d }
    output:
      Total: { type: uint64, doc: d }
      Enabled: { type: bool, doc: d }
      Items: { type: [Item], doc: d }
"#,
    )
    .expect("a spec")
}

/// The raw request of an example of DescribeThings with `params` as its body.
fn input(params: &Value) -> String {
    format!("POST / HTTP/1.1\nHost: demo.tencentcloudapi.com\nX-TC-Action: DescribeThings\n\n{params}")
}

/// The known issue (kind and message) of each example, one per `(params, response)`.
fn issues(spec: &mut ServiceFile, examples: &[(Value, Value)]) -> Vec<Option<(IssueKind, String)>> {
    let raw: Vec<(String, String)> =
        examples.iter().map(|(params, response)| (input(params), response.to_string())).collect();
    raw_issues(spec, &raw)
}

/// The known issue of each example given as its raw `(input, output)` texts.
fn raw_issues(spec: &mut ServiceFile, examples: &[(String, String)]) -> Vec<Option<(IssueKind, String)>> {
    let list: Vec<Value> =
        examples.iter().map(|(input, output)| json!({"title": "t", "input": input, "output": output})).collect();
    let file: ExamplesFile = serde_json::from_value(json!({"actions": {"DescribeThings": list}})).expect("examples");
    let (out, _) = fixtures(spec, &file);
    out.into_iter().map(|f| f.known_issue.map(|i| (i.kind, i.message))).collect()
}

fn ok_response() -> Value {
    json!({"Response": {"Total": 1, "RequestId": "r"}})
}

#[test]
fn scalars_written_as_the_other_type_are_not_marked() {
    let mut spec = spec();
    let found = issues(
        &mut spec,
        &[
            (json!({"Name": 12, "Limit": "10", "Offset": "-3", "On": "false", "Ratio": "1.5"}), ok_response()),
            (json!({"Name": true, "Items": [{"Id": "7", "Label": 5}], "Ids": ["1", -2]}), ok_response()),
            (json!({"Name": "n"}), json!({"Response": {"Total": "12", "Enabled": "true", "RequestId": "r"}})),
            (
                json!({"Name": "n"}),
                json!({"Response": {"Items": [{"Id": "18446744073709551615", "Label": 1.5}], "RequestId": "r"}}),
            ),
        ],
    );
    assert_eq!(found, vec![None, None, None, None]);
}

#[test]
fn values_no_conversion_makes_right_are_marked_as_of_the_wrong_type() {
    let mut spec = spec();
    let cases = [
        (json!({"Name": "n", "Limit": "10a"}), ok_response(), "`Limit`"),
        (json!({"Name": "n", "Limit": "-1"}), ok_response(), "`Limit`"),
        (json!({"Name": "n", "Limit": "1.5"}), ok_response(), "`Limit`"),
        (json!({"Name": "n", "Limit": " 10"}), ok_response(), "`Limit`"),
        (json!({"Name": "n", "Limit": "+10"}), ok_response(), "`Limit`"),
        (json!({"Name": "n", "Offset": "9223372036854775808"}), ok_response(), "`Offset`"),
        (json!({"Name": "n", "On": "yes"}), ok_response(), "`On`"),
        (json!({"Name": "n", "On": 1}), ok_response(), "`On`"),
        (json!({"Name": "n", "Ratio": "NaN"}), ok_response(), "`Ratio`"),
        (json!({"Name": ["n"]}), ok_response(), "`Name`"),
        (json!({"Name": "n", "Ids": [1, "2.5"]}), ok_response(), "`Ids[1]`"),
        (json!({"Name": "n"}), json!({"Response": {"Total": "x", "RequestId": "r"}}), "`Response.Total`"),
        (json!({"Name": "n"}), json!({"Response": {"Enabled": "True", "RequestId": "r"}}), "`Response.Enabled`"),
    ];
    let examples: Vec<(Value, Value)> = cases.iter().map(|(p, r, _)| (p.clone(), r.clone())).collect();
    let found = issues(&mut spec, &examples);
    for ((params, _, member), issue) in cases.iter().zip(found) {
        let Some((kind, message)) = issue else { panic!("{params} is not marked") };
        assert_eq!(kind, IssueKind::WrongType, "{params}: {message}");
        assert!(message.starts_with(member), "{params}: {message}");
    }
}

#[test]
fn documentation_defects_are_marked_by_kind() {
    let mut spec = spec();
    let found = issues(
        &mut spec,
        &[
            (json!({"Name": "n", "Extra": 1}), ok_response()),
            (json!({"Name": null}), ok_response()),
            (json!({"Name": "n"}), json!({"Response": {"Total": 1}})),
            (json!({"Name": "n"}), json!({"Total": 1})),
        ],
    );
    let kinds: Vec<Option<IssueKind>> = found.iter().map(|i| i.as_ref().map(|(k, _)| *k)).collect();
    assert_eq!(
        kinds,
        [
            Some(IssueKind::UnknownParameter),
            Some(IssueKind::NullParameter),
            Some(IssueKind::NotAnEnvelope),
            Some(IssueKind::NotAnEnvelope)
        ]
    );
}

#[test]
fn a_mined_constraint_is_checked_against_the_converted_value() {
    let mut spec = spec();
    let limit = |spec: &ServiceFile| spec.actions["DescribeThings"].input["Limit"].constraints.len();
    assert_eq!(limit(&spec), 1);
    issues(&mut spec, &[(json!({"Name": "n", "Limit": "50"}), ok_response())]);
    assert_eq!(limit(&spec), 1, "50 is within the maximum");
    let found = issues(&mut spec, &[(json!({"Name": "n", "Limit": "500"}), ok_response())]);
    assert_eq!(limit(&spec), 0, "the example breaks the maximum: the constraint is dropped");
    assert_eq!(found, vec![None]);
}

#[test]
fn request_and_response_texts_that_cannot_pass_are_marked_by_kind() {
    let mut spec = spec();
    let ok = ok_response().to_string();
    let head = "POST / HTTP/1.1\nHost: demo.tencentcloudapi.com\n";
    let found = raw_issues(
        &mut spec,
        &[
            (format!("{head}X-TC-Action: DescribeOther\n\n{{\"Name\": \"n\"}}"), ok.clone()),
            (format!("{head}X-TC-Action: DescribeThings\n"), ok.clone()),
            (format!("{head}X-TC-Action: DescribeThings\n\n{{\"Name\": }}"), ok.clone()),
            (format!("{head}X-TC-Action: DescribeThings\n\n{{\"Name\": \"n\"}}"), "{\"Response\": ".into()),
        ],
    );
    let kinds: Vec<Option<IssueKind>> = found.iter().map(|i| i.as_ref().map(|(k, _)| *k)).collect();
    assert_eq!(
        kinds,
        [
            Some(IssueKind::OtherAction),
            Some(IssueKind::NoRequestBody),
            Some(IssueKind::RequestNotJson),
            Some(IssueKind::ResponseNotJson)
        ],
        "{found:?}"
    );
}
