use serde_yaml::Value;

use super::numbers::show;
use super::*;
use crate::spec::model::{ConstraintSpec, NumberSpec};

fn named(t: &str) -> TypeSpec {
    TypeSpec::Named(t.to_string())
}

fn list(t: &str) -> TypeSpec {
    TypeSpec::List(vec![named(t)])
}

/// The kinds kept, written compactly.
fn kinds(m: &Mined) -> Vec<String> {
    m.constraints.iter().map(describe).collect()
}

fn describe(c: &ConstraintSpec) -> String {
    let mut parts = Vec::new();
    if let Some(n) = c.min {
        parts.push(format!("min {}", show(n)));
    }
    if let Some(n) = c.max {
        parts.push(format!("max {}", show(n)));
    }
    if let Some(n) = c.min_length {
        parts.push(format!("min_length {n}"));
    }
    if let Some(n) = c.max_length {
        parts.push(format!("max_length {n}"));
    }
    if let Some(n) = c.min_items {
        parts.push(format!("min_items {n}"));
    }
    if let Some(n) = c.max_items {
        parts.push(format!("max_items {n}"));
    }
    if let Some(v) = &c.one_of {
        parts.push(format!("one_of [{}]", v.join(", ")));
    }
    parts.join(" & ")
}

#[test]
fn value_range_on_integers() {
    let m = mine("Number of results. Value range: 1-100.", &named("int64"), Some("10"));
    assert_eq!(kinds(&m), ["min 1", "max 100"]);
    assert!(m.constraints.iter().all(|c| c.source.as_deref() == Some("Value range: 1-100.")));
    assert!(m.prose.is_empty());
    let m = mine("Weight. Value range: [0, 100]. Default value: 10.", &named("uint64"), Some("10"));
    assert_eq!(kinds(&m), ["min 0", "max 100"]);
    assert_eq!(m.default, Some(Value::from(10)));
    let m = mine("Priority. The value range is from -10 to 10.", &named("int64"), None);
    assert_eq!(kinds(&m), ["min -10", "max 10"]);
    let m = mine("Port. Value range: 1–65535.", &named("uint64"), None);
    assert_eq!(kinds(&m), ["min 1", "max 65535"]);
    let m = mine("Timeout. Value range: [0, 1,800].", &named("uint64"), None);
    assert_eq!(kinds(&m), ["min 0", "max 1800"]);
    let m = mine("Rows. Value: an integer between 1 and 100.", &named("int64"), None);
    assert_eq!(kinds(&m), ["min 1", "max 100"]);
}

#[test]
fn ranges_fit_the_number_type() {
    let m = mine("Score. Value range: 0.5-1.5.", &named("float"), None);
    assert_eq!(m.constraints[0].min, Some(NumberSpec::Float(0.5)));
    assert_eq!(m.constraints[1].max, Some(NumberSpec::Float(1.5)));
    let m = mine("Offset. Value range: -5-5.", &named("uint64"), None);
    assert!(m.constraints.is_empty());
    assert_eq!(m.prose, ["Value range: -5-5."]);
    let m = mine("Count. Value range: 1.5-3.", &named("int64"), None);
    assert!(m.constraints.is_empty());
    let m = mine("Big. Maximum value: 99999999999999999999999.", &named("uint64"), None);
    assert!(m.constraints.is_empty());
    let m = mine("Big. Maximum value: 18446744073709551615.", &named("uint64"), None);
    assert_eq!(m.constraints[0].max, Some(NumberSpec::UInt(u64::MAX)));
}

#[test]
fn range_on_a_string_is_prose() {
    let m = mine("Port as text. Value range: 1-65535.", &named("string"), Some("80"));
    assert!(m.constraints.is_empty());
    assert_eq!(m.prose, ["Value range: 1-65535."]);
}

#[test]
fn array_length_on_an_integer_is_prose() {
    // DescribeUserInfo.PageSize.
    let m = mine("Page size. Array length: 1-100.", &named("uint64"), Some("10"));
    assert!(m.constraints.is_empty());
    assert_eq!(m.prose, ["Array length: 1-100."]);
}

#[test]
fn array_length_on_a_list() {
    let m = mine("Instance IDs. Array length: 1-100.", &list("string"), Some("[\"ins-1\"]"));
    assert_eq!(kinds(&m), ["min_items 1", "max_items 100"]);
    let m = mine("Targets. Array length limit: 20", &list("Target"), None);
    assert!(m.constraints.is_empty(), "{m:?}");
    let m = mine("Targets. The array length cannot exceed 20.", &list("Target"), None);
    assert_eq!(kinds(&m), ["max_items 20"]);
}

#[test]
fn items_on_lists() {
    let m = mine("Instance IDs. Each request can contain up to 100 instances at a time.", &list("string"), None);
    assert_eq!(kinds(&m), ["max_items 100"]);
    let m = mine("Member UIN list, including up to 50 items.", &list("uint64"), None);
    assert_eq!(kinds(&m), ["max_items 50"]);
    let m = mine("IDs. The maximum number of instances per request is 100.", &list("string"), None);
    assert_eq!(kinds(&m), ["max_items 100"]);
    // Two numbers: which is which?
    let m = mine("Filters. Each request can have up to 10 `Filters` and 5 `Filter.Values`.", &list("Filter"), None);
    assert!(m.constraints.is_empty());
    assert_eq!(m.prose.len(), 1);
    // Per item lengths are not item counts.
    let m = mine(
        "Tags. The number of tags can be up to 10, and each tag can contain up to 16 characters.",
        &list("string"),
        None,
    );
    assert!(m.constraints.is_empty());
    // A bare "up to 100" on a list of numbers might bound the numbers.
    let m = mine("IDs, up to 100.", &list("uint64"), None);
    assert!(m.constraints.is_empty());
    let m = mine("Group IDs (up to 100).", &list("string"), None);
    assert_eq!(kinds(&m), ["max_items 100"]);
}

#[test]
fn totals_bound_something_else() {
    let doc =
        "Org IDs (Json array, total number of channels no more than 5000, including the number of Channel fields)";
    let m = mine(doc, &list("string"), None);
    assert!(m.constraints.is_empty());
    let m = mine("Offset. The sum of Offset and Limit cannot exceed 10000.", &named("int64"), None);
    assert!(m.constraints.is_empty());
}

#[test]
fn line_items_keep_dots() {
    let doc = "Version. Enumeration values:<li>HTTP/1.1: HTTP/1.1</li><li>HTTP/2: HTTP/2</li>";
    let m = mine(doc, &named("string"), Some("HTTP/2"));
    assert_eq!(kinds(&m), ["one_of [HTTP/1.1, HTTP/2]"]);
    let doc = "Codec. Available values: libx264: H.264 encoding; H.266: H.266 encoding.";
    let m = mine(doc, &named("string"), Some("libx264"));
    assert_eq!(kinds(&m), ["one_of [libx264, H.266]"]);
    let doc = "Limit. Valid values:<li>-1: unlimited</li><li>10: ten</li>";
    let m = mine(doc, &named("string"), Some("10"));
    assert!(m.constraints.is_empty());
}

#[test]
fn lengths_in_characters_only() {
    let m = mine("Name. Maximum length: 60 characters.", &named("string"), Some("abc"));
    assert_eq!(kinds(&m), ["max_length 60"]);
    let m = mine("Remarks (up to 128 characters).", &named("string"), None);
    assert_eq!(kinds(&m), ["max_length 128"]);
    let m = mine("Key, 6-32 characters. Only digits and letters are allowed.", &named("string"), None);
    assert_eq!(kinds(&m), ["min_length 6", "max_length 32"]);
    let m = mine("Token. The maximum length is 64 ASCII characters.", &named("string"), None);
    assert_eq!(kinds(&m), ["max_length 64"]);
    let m = mine("Description, with a length limit of 1,000 characters.", &named("string"), None);
    assert_eq!(kinds(&m), ["max_length 1000"]);
    let m = mine("Task name. It cannot exceed 55 bytes.", &named("string"), None);
    assert!(m.constraints.is_empty());
    assert_eq!(m.prose, ["It cannot exceed 55 bytes."]);
    let m = mine("Name, up to 20 Chinese characters or 60 English characters.", &named("string"), None);
    assert!(m.constraints.is_empty());
    let m = mine("Input limit: length 1-128", &named("string"), None);
    assert!(m.constraints.is_empty());
    let m = mine("ID. The format is alb- followed by 8 alphanumeric characters.", &named("string"), None);
    assert!(m.constraints.is_empty());
    assert!(m.prose.is_empty());
    let m = mine("Name. The InstanceName value plus the suffix cannot exceed 107 characters.", &named("string"), None);
    assert!(m.constraints.is_empty());
    let m = mine("Name. Maximum length: 60 characters.", &list("string"), None);
    assert!(m.constraints.is_empty());
    assert_eq!(m.prose.len(), 1);
}

#[test]
fn hostnames_with_two_lengths_are_prose() {
    let doc = "Host name.<br><li>Windows instances: The hostname should contain 2 to 15 characters.</li><li>Other instances: The hostname should contain 2 to 60 characters.</li>";
    let m = mine(doc, &named("string"), None);
    assert!(m.constraints.is_empty(), "{m:?}");
    assert_eq!(m.prose.len(), 2);
}

#[test]
fn maximum_and_minimum() {
    let m = mine("Number of results. Default value: 20; maximum value: 100.", &named("int64"), Some("20"));
    assert_eq!(kinds(&m), ["max 100"]);
    assert_eq!(m.default, Some(Value::from(20)));
    let m = mine("Limit. It is 100 by default, and the maximum value is 200.", &named("uint64"), None);
    assert_eq!(kinds(&m), ["max 200"]);
    assert_eq!(m.default, Some(Value::from(100)));
    let m = mine("Limit Entries, 10 by default, up to 100", &named("int64"), None);
    assert_eq!(kinds(&m), ["max 100"]);
    assert_eq!(m.default, Some(Value::from(10)));
    let m = mine("Offset. Minimum value: 0.", &named("int64"), None);
    assert_eq!(kinds(&m), ["min 0"]);
    let m = mine("Limit. Must be greater than 0.", &named("int64"), None);
    assert_eq!(kinds(&m), ["min 1"]);
    let m = mine("Ratio. Must be greater than 0.", &named("float"), None);
    assert!(m.constraints.is_empty());
    let m = mine("Limit. Maximum value: `100`.", &named("int64"), None);
    assert_eq!(kinds(&m), ["max 100"]);
    let m = mine("Maximum number of entries per page", &named("int64"), None);
    assert!(m.constraints.is_empty());
}

#[test]
fn units_must_be_the_members() {
    let m = mine("Cache time. The maximum value is 30 days.", &named("int64"), None);
    assert!(m.constraints.is_empty());
    assert_eq!(m.prose.len(), 1);
    let m = mine("Cache time, in days. The maximum value is 30 days.", &named("int64"), None);
    assert_eq!(kinds(&m), ["max 30"]);
    let m = mine("Timeout. Unit: second. Value range: 2-30 seconds.", &named("int64"), None);
    assert_eq!(kinds(&m), ["min 2", "max 30"]);
    let m = mine("Timeout in ms. Value range: 2-30 seconds.", &named("int64"), None);
    assert!(m.constraints.is_empty());
    let m = mine("End time. The query period cannot exceed 7 days.", &named("int64"), None);
    assert!(m.constraints.is_empty());
}

#[test]
fn labelled_conditions_are_prose() {
    let doc = "Path. Note: For a complex compositing task, the file name can contain only digits, with a maximum of 64 characters.";
    let m = mine(doc, &named("string"), None);
    assert!(m.constraints.is_empty());
    assert_eq!(m.prose.len(), 1);
}

#[test]
fn conditions_and_hedges_are_prose() {
    let m = mine("Width. Note: If Codec is set to MV-HEVC, the maximum value can be 4096.", &named("uint64"), None);
    assert!(m.constraints.is_empty());
    let m = mine("Threshold. We recommend a value between 1 and 10.", &named("int64"), None);
    assert!(m.constraints.is_empty());
    let m = mine("Eyebrow. Reference range: [0,80], which means incomplete.", &named("int64"), None);
    assert!(m.constraints.is_empty());
    let m = mine("Size. Value range: 0 and [128, 4096].", &named("uint64"), None);
    assert!(m.constraints.is_empty());
    let m = mine("Limit. Maximum value: 100 for Windows.", &named("uint64"), None);
    assert!(m.constraints.is_empty());
    // The member's own absence is not a condition.
    let m = mine("Priority. If left blank, the default value is 0. Value range: 0-100.", &named("int64"), None);
    assert_eq!(kinds(&m), ["min 0", "max 100"]);
    assert_eq!(m.default, Some(Value::from(0)));
}

#[test]
fn one_of_on_strings() {
    let m = mine("Billing mode. Valid values: `prePay`, `postPay`.", &named("string"), Some("prePay"));
    assert_eq!(kinds(&m), ["one_of [prePay, postPay]"]);
    let m = mine(
        "Key status. Valid values: `Active` (activated), `Inactive` (not activated).",
        &named("string"),
        Some("Active"),
    );
    assert_eq!(kinds(&m), ["one_of [Active, Inactive]"]);
    let m = mine("Task status. Valid values are PROCESSING, SUCCESS, and FAIL.", &named("string"), Some("SUCCESS"));
    assert_eq!(kinds(&m), ["one_of [PROCESSING, SUCCESS, FAIL]"]);
    let m = mine("Access. Valid values: `cdn` (default) and `ecdn`.", &named("string"), Some("ecdn"));
    assert_eq!(kinds(&m), ["one_of [cdn, ecdn]"]);
    assert_eq!(m.default, Some(Value::from("cdn")));
    let m = mine("Mode. Valid values: [no, yes]", &named("string"), Some("no"));
    assert_eq!(kinds(&m), ["one_of [no, yes]"]);
    let m = mine(
        "Type. Valid values:<li>`on`: enable;</li><li>off: disable.</li>Default value: `off`.",
        &named("string"),
        Some("on"),
    );
    assert_eq!(kinds(&m), ["one_of [on, off]"]);
    assert_eq!(m.default, Some(Value::from("off")));
}

#[test]
fn one_of_with_described_values() {
    let doc = "Policy type. Valid values: SERVICE_CONTROL_POLICY: service control policy; TAG_POLICY: tag policy.";
    let m = mine(doc, &named("string"), Some("TAG_POLICY"));
    assert_eq!(kinds(&m), ["one_of [SERVICE_CONTROL_POLICY, TAG_POLICY]"]);
    // A description holding a semicolon breaks the pattern: prose.
    let doc = "Type. Valid values: A: first; more about A; B: second.";
    let m = mine(doc, &named("string"), Some("A"));
    assert!(m.constraints.is_empty());
    assert_eq!(m.prose.len(), 1);
}

#[test]
fn doubtful_letter_case_is_prose() {
    let doc = "Watermark type. Valid values: image: image watermark; Text: text watermark; svg: SVG watermark.";
    let m = mine(doc, &named("string"), Some("image"));
    assert!(m.constraints.is_empty());
    assert_eq!(m.prose.len(), 1);
    let m = mine(
        "Tag type. Valid values: Custom: custom tag; System: system tag; All: all tags.",
        &named("string"),
        Some("All"),
    );
    assert_eq!(kinds(&m), ["one_of [Custom, System, All]"]);
}

#[test]
fn one_of_needs_a_matching_example() {
    let doc = "Billing mode. Valid values: `prePay`, `postPay`.";
    let m = mine(doc, &named("string"), None);
    assert!(m.constraints.is_empty());
    assert_eq!(m.prose, ["Valid values: `prePay`, `postPay`."]);
    let m = mine(doc, &named("string"), Some("prepay"));
    assert!(m.constraints.is_empty());
    assert_eq!(m.dropped[0].1, "rejects the documented example `prepay`");
    // A bare "values" must speak of the member.
    let m = mine("Image format values: jpeg, jpg, png.", &named("string"), Some("jpg"));
    assert!(m.constraints.is_empty());
    // Numbers in brackets are a range.
    let m = mine("Width. Value range: [8, 4096].", &named("string"), Some("8"));
    assert!(m.constraints.is_empty());
}

#[test]
fn one_of_traps() {
    // Descriptions mixed in: not a clean list.
    let m = mine("Source. Valid values: `cos` for COS and `lakefs` for the local system.", &named("string"), None);
    assert!(m.constraints.is_empty());
    assert_eq!(m.prose.len(), 1);
    // On an integer: an enumeration is not one_of, nor a range.
    let m = mine("Switch. Valid values: `0`: off; `1`: on.", &named("int64"), Some("0"));
    assert!(m.constraints.is_empty());
    let m = mine("Switch. Valid values: `0` (off), `1` (on).", &named("int64"), Some("0"));
    assert!(m.constraints.is_empty());
    assert_eq!(m.prose.len(), 1);
    // Several values in one string.
    let m = mine("Fields. Valid values: `a`, `b`. Separate multiple values with commas.", &named("string"), None);
    assert!(m.constraints.is_empty());
    // Incomplete.
    let m = mine("Region. Valid values include `ap-guangzhou`, `ap-beijing`.", &named("string"), None);
    assert!(m.constraints.is_empty());
    let m = mine("Region. Valid values: `a`, `b`, etc.", &named("string"), None);
    assert!(m.constraints.is_empty());
    // A single value needs the example to agree.
    let m = mine("Date. Valid values: `YYYY-MM-DD`", &named("string"), None);
    assert!(m.constraints.is_empty());
    // The example is not in the list.
    let m = mine("Level. Valid values: `High`, `Low`.", &named("string"), Some("Medium"));
    assert!(m.constraints.is_empty());
    assert_eq!(m.dropped.len(), 1);
    assert_eq!(m.dropped[0].1, "rejects the documented example `Medium`");
    // Bools need no one_of.
    let m = mine("Whether. Valid values: `true`, `false`. Default value: false.", &named("bool"), None);
    assert!(m.constraints.is_empty());
    assert!(m.prose.is_empty(), "{m:?}");
    assert_eq!(m.default, Some(Value::Bool(false)));
}

#[test]
fn line_lists_must_end_cleanly() {
    let doc = "Mode. Valid values:<li>A: first;</li><li>B: second</li><li>All TCP ports: third</li><li>C: fourth</li>";
    let m = mine(doc, &named("string"), None);
    assert!(m.constraints.is_empty(), "{m:?}");
    let doc = "Mode. Valid values:<li>A: first;</li><li>B: second</li>Note: this field may return null.";
    let m = mine(doc, &named("string"), Some("B"));
    assert_eq!(kinds(&m), ["one_of [A, B]"]);
    assert_eq!(m.constraints[0].source.as_deref(), Some("Valid values: A: first; B: second"));
}

#[test]
fn defaults_typed_for_the_member() {
    assert_eq!(mine("Size. The default is `6`.", &named("int64"), None).default, Some(Value::from(6)));
    assert_eq!(mine("Switch. Defaults to `true`.", &named("bool"), None).default, Some(Value::Bool(true)));
    assert_eq!(mine("Flag. Default value: FALSE.", &named("bool"), None).default, Some(Value::Bool(false)));
    assert_eq!(
        mine("Region. Default: `ap-guangzhou`", &named("string"), None).default,
        Some(Value::from("ap-guangzhou"))
    );
    assert_eq!(mine("Ratio. Default value: 0.5.", &named("float"), None).default, Some(Value::from(0.5)));
    assert_eq!(mine("Offset, which is 0 by default.", &named("uint64"), None).default, Some(Value::from(0u64)));
    assert_eq!(mine("Mode. Default value: ON.", &named("string"), None).default, Some(Value::from("ON")));
    assert_eq!(
        mine("Dry run. - false (default): Send a normal request.", &named("bool"), None).default,
        Some(Value::Bool(false))
    );
    // Lists and objects have no default.
    let m = mine("IDs. Default value: 20.", &list("string"), None);
    assert_eq!(m.default, None);
    assert_eq!(m.prose.len(), 1);
    // Not typed for the member.
    assert_eq!(mine("Flag. Default value: 0.", &named("bool"), None).default, None);
    assert_eq!(mine("Count. Default value: abc.", &named("int64"), None).default, None);
    assert_eq!(mine("Count. Default value: -1.", &named("uint64"), None).default, None);
}

#[test]
fn html_tags() {
    let doc = "<p>Sorting field. Valid values:</p><li>action-id: by ID.</li><li>create-time: by time.</li>Default value: <code>action-id</code>.<p></p>";
    let m = mine(doc, &named("string"), Some("action-id"));
    assert_eq!(kinds(&m), ["one_of [action-id, create-time]"]);
    assert_eq!(m.default, Some(Value::from("action-id")));
    // "default: ..." as an item is a value, not the end of the list.
    let doc = "Profile. Enumeration values:<ul><li>baseline: a</li><li>high: b</li><li>default: Automatic filling.</li></ul><p>Default value: default</p>";
    let m = mine(doc, &named("string"), Some("baseline"));
    assert_eq!(kinds(&m), ["one_of [baseline, high, default]"]);
    assert_eq!(m.default, Some(Value::from("default")));
    let doc = "Profile. Enumeration values:<ul><li>baseline: a</li><li>high: b</li><li>default: automatic.</li></ul>";
    let m = mine(doc, &named("string"), Some("baseline"));
    assert!(m.constraints.is_empty());
}

#[test]
fn versions_are_not_numbers() {
    let m = mine("Version. The default value is 2.4.1.", &named("string"), None);
    assert_eq!(m.default, None);
    let m = mine("Version. The default value is `2.4.1`.", &named("string"), None);
    assert_eq!(m.default, Some(Value::from("2.4.1")));
    let m = mine("Ratio. Maximum value: 1.5.2", &named("float"), None);
    assert!(m.constraints.is_empty());
    let m = mine("Sort field. Default value:", &named("string"), None);
    assert_eq!(m.default, None);
    let m = mine("Method. This is the default method.", &named("string"), None);
    assert_eq!(m.default, None);
}

#[test]
fn described_values_named_default() {
    let doc = "Strength. \ndefault: default, balance between quality and resilience. \nstronger: clear image quality.";
    assert_eq!(mine(doc, &named("string"), None).default, None);
    assert_eq!(mine("Mode. Default: ON.", &named("string"), None).default, Some(Value::from("ON")));
}

#[test]
fn marked_defaults_must_be_items() {
    let m = mine("Project category.DESKTOP: desktop (default value).MOBILE: mobile.", &named("string"), None);
    assert_eq!(m.default, None);
    let m = mine("Valid values: `a`, `b` (default).", &named("string"), None);
    assert_eq!(m.default, Some(Value::from("b")));
}

#[test]
fn bare_string_defaults_must_be_values() {
    assert_eq!(mine("Name. Default value: no modification if not passed", &named("string"), None).default, None);
    assert_eq!(mine("Name. If 0 is passed, the default value is used.", &named("string"), None).default, None);
    assert_eq!(mine("Start. The default value is the current time.", &named("string"), None).default, None);
    assert_eq!(
        mine("Order, asc/desc. Default value: desc.", &named("string"), None).default,
        Some(Value::from("desc"))
    );
    assert_eq!(mine("Order. Default value: desc.", &named("string"), None).default, None);
    assert_eq!(mine("Offset. Default value: 0px.", &named("string"), None).default, Some(Value::from("0px")));
}

#[test]
fn absence_is_no_condition() {
    assert_eq!(mine("Offset. Defaults to 0 when not specified.", &named("int64"), None).default, Some(Value::from(0)));
    assert_eq!(mine("Offset. Default is 0 if left empty.", &named("int64"), None).default, Some(Value::from(0)));
    let m = mine("Force. If it’s not specified, the default value `false` is used.", &named("bool"), None);
    assert_eq!(m.default, Some(Value::Bool(false)));
    let doc = "Whether to enable. Valid values: <br><li>`TRUE`: yes;<br><li>`FALSE`: no<br><br>Default: `FALSE`.";
    let m = mine(doc, &named("bool"), None);
    assert_eq!(m.default, Some(Value::Bool(false)));
    assert!(m.prose.is_empty(), "{m:?}");
}

/// Defect 6: trtc CreateCloudRecording's `ResourceExpiredHour` was mined as `max 72`
/// from the sentence about what happens when it is not set.
#[test]
fn what_happens_when_unset_bounds_nothing() {
    let doc = "The amount of time (in hours) during which API requests can be made after recording starts. \
        Calculation starts when a recording task is started (when the recording task ID is returned). Once the \
        period elapses, the query, modification, and stop recording APIs can no longer be called, but the \
        recording task will continue. The default value is `72` (three days), and the maximum and minimum \
        values allowed are `720` (30 days) and `6` respectively. If you do not set this parameter, the query, \
        modification, and stop recording APIs can be called within 72 hours after recording starts.";
    let m = mine(doc, &named("uint64"), Some("24"));
    assert_eq!(kinds(&m), ["min 6", "max 720"], "{m:?}");
    assert_eq!(m.default, Some(Value::from(72)));
    assert!(m.constraints.iter().all(|c| c.source.as_deref().is_some_and(|s| s.contains("respectively"))));
    // The consequence of not setting the member is no bound, whatever its phrasing.
    let m = mine("Validity, in hours. If it is not specified, tasks expire within 72 hours.", &named("uint64"), None);
    assert!(m.constraints.is_empty(), "{m:?}");
    let m = mine("Size, in MB. When left empty, up to 100 MB is used.", &named("uint64"), None);
    assert!(m.constraints.is_empty(), "{m:?}");
    // Nor is an example, nor a time window ("within N hours").
    let doc = "Validity, in hours. For example, if this parameter is not specified, APIs can be called for 24 hours.";
    assert!(mine(doc, &named("uint64"), None).constraints.is_empty());
    let m = mine("Expiry, in hours. Tasks can be queried within 72 hours.", &named("uint64"), None);
    assert!(m.constraints.is_empty(), "{m:?}");
    // A default stated for the unset case is still read.
    let m = mine("Limit. Value range: 1-100; defaults to 20 if not specified.", &named("int64"), None);
    assert_eq!(kinds(&m), ["min 1", "max 100"]);
    assert_eq!(m.default, Some(Value::from(20)));
}

/// "The maximum and minimum values are A and B respectively" reads both, in that order, or neither.
#[test]
fn respectively_reads_both_or_neither() {
    let m = mine("Size. The minimum and maximum values are 1 and 50 respectively.", &named("int64"), None);
    assert_eq!(kinds(&m), ["min 1", "max 50"]);
    let m = mine("Size. The maximum and minimum values are `50` and `1`, respectively.", &named("int64"), None);
    assert_eq!(kinds(&m), ["min 1", "max 50"]);
    // Anything else naming a maximum with "respectively" is left as prose.
    let m = mine("Size. The maximum is 50 and 60 respectively for the two modes.", &named("int64"), None);
    assert!(m.constraints.is_empty(), "{m:?}");
}

/// The kinds kept, each with the reason it is documentation only, if it is.
fn settled(m: &Mined) -> Vec<String> {
    m.constraints
        .iter()
        .map(|c| match c.reason {
            Some(r) if !c.enforced() => format!("{} ({})", describe(c), r.name()),
            _ => describe(c),
        })
        .collect()
}

/// Clamps read as limits: when the server adjusts a value, the bound is documentation.
#[test]
fn clamped_bounds_are_documentation() {
    // faceid ListEKYCWebhooks.Limit
    let doc = "<p>Number of results per page. Default value: 20. Maximum value: 100 (automatically truncated to 100 if exceeded)</p><p>Value range: [20, 100]</p>";
    assert_eq!(settled(&mine(doc, &named("int64"), Some("20"))), ["min 20 (clamped)", "max 100 (clamped)"]);
    // ocr ApplyOcrToken.OcrAutoDetectTimeout
    let doc = "OCR automatic capture mode timeout (ms).\nValue range: [5000, 180000].\nDefault value: 20000.\nIf the value is below 5000, it is set to 5000; if above 180000, it is set to 180000.";
    assert_eq!(settled(&mine(doc, &named("int64"), None)), ["min 5000 (clamped)", "max 180000 (clamped)"]);
    // faceid ApplySdkVerificationToken.OcrAutoDetectTimeout
    let doc = "OCR Auto Capture Mode Timeout (ms)\nValue Range: [5000, 180000]\nDefault Value: 20000\nValues less than 5000 will be clamped to 5000; values greater than 180000 will be clamped to 180000";
    assert_eq!(settled(&mine(doc, &named("int64"), None)), ["min 5000 (clamped)", "max 180000 (clamped)"]);
    // csip DescribeBaselineAggregatedItemList.Limit
    let doc = "<p>Number of items per page for paging query. Maximum value: 100. If exceeded, the server will automatically roll back to the default value 10.</p>";
    assert_eq!(settled(&mine(doc, &named("int64"), None)), ["max 100 (clamped)"]);
    // ssl DescribeHostUploadUpdateRecordDetail.Limit
    let doc = "Number of items per page. default is 10, maximum is 200. exceeds 200 will be set to 200.";
    assert_eq!(settled(&mine(doc, &named("int64"), None)), ["max 200 (clamped)"]);
    // gaap ModifySecurityRule.AliasName
    let doc = "Rule name: up to 30 characters. The extra characters will be truncated.";
    assert_eq!(settled(&mine(doc, &named("string"), None)), ["max_length 30 (clamped)"]);
    // Not a clamp: "is set to 1" in an example about another member (as SpotMixedAllocationPolicy).
    let doc = "Controls the percentage of pay-as-you-go instances for the additional capacity beyond `BaseCapacity`. Valid range: 0-100. The value 0 indicates that only spot instances are provisioned, while the value 100 indicates that only pay-as-you-go instances are provisioned. It defaults to 70 if not specified. The number of pay-as-you-go instances calculated on the percentage should be rounded up.\nFor example, if the desired capacity is 3, the `BaseCapacity` is set to 1, and the `OnDemandPercentageAboveBaseCapacity` is set to 1, the scaling group will have 2 pay-as-you-go instance (one comes from the base capacity, and the other comes from the rounded up value of the proportion), and 1 spot instance.";
    assert_eq!(settled(&mine(doc, &named("uint64"), Some("0"))), ["min 0", "max 100"]);
}

/// Special values outside the range ("0 disables", "-1 means unlimited") are allowed:
/// the bounds that exclude them are documentation.
#[test]
fn special_values_outside_the_range_are_allowed() {
    // iss ModifyVLPlan.FileExpires: 0 is below the minimum only.
    let doc = "<p>New storage days, range [7, 1080]. 0 means no modification</p>";
    assert_eq!(settled(&mine(doc, &named("int64"), None)), ["min 7 (special_values)", "max 1080"]);
    // vod VideoTemplateInfoForUpdate.Vcrf
    let doc =
        "<p>Control factor for constant video bitrate. Value range: [1, 51]. 0 indicates that it is disabled.</p>";
    assert_eq!(settled(&mine(doc, &named("uint64"), None)), ["min 1 (special_values)", "max 51"]);
    // cls CreateTopic.HotPeriod
    let doc = "<p>0: Log topic disables log settlement.<br>Non-0: Number of days for standard storage after log settlement is enabled in the log topic. HotPeriod needs to be greater than or equal to 7 and less than Period.<br>Effective only when StorageType is hot.</p>";
    assert_eq!(settled(&mine(doc, &named("uint64"), None)), ["min 7 (special_values)"]);
    // ckafka ModifyTopicAttributes.RetentionBytes, without its "Default value: -1".
    let doc = "<p>Option, retain file size</p><p>Value ranges from [1073741824, 1099511627776]</p><p>Unit: Bytes</p><p>Special value: -1 indicates unlimited</p>";
    assert_eq!(settled(&mine(doc, &named("int64"), None)), ["min 1073741824 (special_values)", "max 1099511627776"]);
    // lcic CreateRoom.EndDelayTime: "0: no limit", inside the range (no minimum stated).
    let doc = "Drag class time: unit: minutes. 0: no limit (default), -1: can't drag class, greater than 0: the time of dragging class. maximum value: 120 minutes.";
    assert_eq!(settled(&mine(doc, &named("int64"), None)), ["max 120"]);
    // A special value inside the range changes nothing (apigateway UpstreamNode.Weight).
    let doc = "Value range: [0, 100]. `0` refers to disable it.";
    assert_eq!(settled(&mine(doc, &named("uint64"), None)), ["min 0", "max 100"]);
}

/// A bound stated in one item of a list of modes or conditions is not the member's.
#[test]
fn mode_specific_items_are_documentation() {
    // teo CustomField.Value
    let doc = "Enter the field value definition based on the field type (`Name`). This parameter is case-sensitive.\n<li>When the field type is `ReqHeader`, `RspHeader`, or `Cookie`, enter the parameter name for value extraction, such as `Accept-Language`. You can enter 1-100 characters. the name must start with a letter, contain letters, digits, or hyphens (-) in the middle, and end with a letter or digit.</li>\n<li>When the field type is `ReqBody`, enter the Google RE2 regular expression. The maximum length of the regular expression is 4 KB.</li>";
    assert_eq!(
        settled(&mine(doc, &named("string"), Some("Accept-Language"))),
        ["min_length 1 (mode_specific)", "max_length 100 (mode_specific)"]
    );
    // cbs DescribeSnapshots.Filters: "up to 10 values" of one filter, not 10 filters (now
    // left as prose: it counts the values of one item, see values_of_each_item_do_not_bound_the_list).
    let doc = "Filter criteria.<br><ul><li>snapshot-id<ul><li>filter by cloud disk snapshot id</li><li>type: String</li><li>required: no</li></ul></li><li>disk-id<ul><li>filter by cloud disk id. up to 10 values can be specified</li><li>type: String</li><li>required: no</li></ul></li></ul>.";
    assert!(settled(&mine(doc, &list("Filter"), None)).is_empty());
    // An item about the member as a whole is the member's (postgres CreateAccount.Password).
    let doc = "Password.<li>Specifies a length of 8 to 32 characters. a password of more than 12 characters is recommended.</li><li>Cannot start with a slash.</li>";
    let m = mine(doc, &named("string"), None);
    assert!(m.constraints.iter().all(|c| c.enforced()), "{m:?}");
    let doc = "Number of items.<li>Value range: 1-100</li><li>Default value: 10</li>";
    assert_eq!(settled(&mine(doc, &named("int64"), None)), ["min 1", "max 100"]);
}

/// "Returned values:" lists what the service returns: on a structure also used in
/// requests, documentation only.
#[test]
fn returned_values_are_documentation() {
    let doc = "Suggested operation. Returned values: `Block`, `Review`, `Pass`.";
    assert_eq!(settled(&mine(doc, &named("string"), Some("Pass"))), ["one_of [Block, Review, Pass] (returned_values)"]);
    let doc = "Suggested operation. Valid values: `Block`, `Review`, `Pass`.";
    assert_eq!(settled(&mine(doc, &named("string"), Some("Pass"))), ["one_of [Block, Review, Pass]"]);
}

/// A list of software versions is a moving set: documentation only. Other lists of
/// numbers-and-words stay enforced.
#[test]
fn version_lists_are_documentation() {
    // omics NFOption.NFVersion (the Chinese edition lists 22.10.7 where this lists 22.10.8)
    let doc = "Nextflow engine version. Valid values:\n- 22.10.4\n- 22.10.8 \n- 23.10.1\nNote: This field may return null, indicating that no valid values can be obtained.";
    assert_eq!(
        settled(&mine(doc, &named("string"), Some("23.10.1"))),
        ["one_of [22.10.4, 22.10.8, 23.10.1] (versions)"]
    );
    // cdb CreateParamTemplate.EngineVersion
    let doc = "MySQL version number. Available values: 5.6, 5.7, and 8.0.";
    assert_eq!(settled(&mine(doc, &named("string"), Some("5.7"))), ["one_of [5.6, 5.7, 8.0] (versions)"]);
    let doc = "Mode. Valid values: `v1`, `v2`.";
    assert_eq!(settled(&mine(doc, &named("string"), Some("v1"))), ["one_of [v1, v2]"]);
}

/// An account's quota ("a default creation maximum value of 20") can be raised: no bound.
#[test]
fn quotas_are_not_bounds() {
    // clb CreateLoadBalancer.Number
    let doc = "Count of Cloud Load Balancers to create, default value is 1. The count must not exceed the maximum value allowed for the account, with a default creation maximum value of 20.";
    let m = mine(doc, &named("uint64"), Some("1"));
    assert!(m.constraints.is_empty(), "{m:?}");
    assert_eq!(m.default, Some(Value::from(1)));
    let m = mine("Instances to create. The quota is up to 100 per region.", &named("uint64"), None);
    assert!(m.constraints.is_empty(), "{m:?}");
}

/// "Each filter condition supports a maximum of 10 values" counts the values of one
/// item, not the items of the list.
#[test]
fn values_of_each_item_do_not_bound_the_list() {
    // alb DescribeSecurityPolicies.Filters
    let doc = "Filter condition. Description: Each filter condition supports a maximum of 10 values.";
    let m = mine(doc, &list("Filter"), None);
    assert!(m.constraints.is_empty(), "{m:?}");
    // teo DescribeDnsRecords.Filters
    let doc = "Filter conditions, up to 20 values for each filter.";
    assert!(mine(doc, &list("AdvancedFilter"), None).constraints.is_empty());
    // gaap DescribeProxyGroupList.Filters
    let doc = "Filter conditions. Each request can have a maximum of 5 filter conditions for `Filter.Values`.";
    assert!(mine(doc, &list("Filter"), None).constraints.is_empty());
    // The list's own items are still counted (cls DescribeShippers.Filters).
    let doc = "Filter conditions. Each request can have up to 10 Filters.";
    assert_eq!(kinds(&mine(doc, &list("Filter"), None)), ["max_items 10"]);
    let doc = "Tag values. Up to 10 values.";
    assert_eq!(kinds(&mine(doc, &list("string"), None)), ["max_items 10"]);
}

#[test]
fn ambiguous_defaults_are_prose() {
    let m = mine("Limit. Default value: 20. It is 100 by default.", &named("int64"), None);
    assert_eq!(m.default, None);
    assert_eq!(m.prose.len(), 2);
    let m = mine("Port. Default value: 3306 for MySQL.", &named("int64"), None);
    assert_eq!(m.default, None);
    let m = mine("Limit. If Type is 1, the default value is 10.", &named("int64"), None);
    assert_eq!(m.default, None);
    let m = mine("Time. Default value: 1 hour.", &named("int64"), None);
    assert_eq!(m.default, None);
    let m = mine("Time, in hours. Default value: 1 hour.", &named("int64"), None);
    assert_eq!(m.default, Some(Value::from(1)));
}

#[test]
fn example_checks() {
    let m = mine("Page. Value range: 1-100.", &named("int64"), Some("0"));
    assert_eq!(kinds(&m), ["max 100"]);
    assert_eq!(m.dropped.len(), 1);
    assert_eq!(m.dropped[0].1, "rejects the documented example `0`");
    assert_eq!(m.dropped[0].0.min, Some(NumberSpec::Int(1)));
    let m = mine("IDs. Array length: 1-2.", &list("string"), Some("[\"a\",\"b\",\"c\"]"));
    assert_eq!(kinds(&m), ["min_items 1"]);
    let m = mine("Name. Maximum length: 3 characters.", &named("string"), Some("abcd"));
    assert!(m.constraints.is_empty());
    // Unparseable examples check nothing.
    let m = mine("IDs. Array length: 1-2.", &list("string"), Some("ins-1"));
    assert_eq!(m.constraints.len(), 2);
}

#[test]
fn contradictions_are_dropped() {
    let m = mine("Count. Value range: 100-1.", &named("int64"), None);
    assert!(m.constraints.is_empty());
    assert_eq!(m.dropped.len(), 2);
    assert!(m.dropped[0].1.contains("contradicts"));
    let m = mine("Count. Value range: 1-10. Default value: 20.", &named("int64"), None);
    assert_eq!(m.default, None);
    assert_eq!(kinds(&m), ["min 1"]);
    assert_eq!(m.dropped.len(), 2);
    assert_eq!(m.dropped[0].1, "default `20` breaks max 10");
    assert_eq!(m.dropped[0].0.doc.as_deref(), Some("default: 20"));
    assert_eq!(m.dropped[1].1, "rejects the documented default `20`");
    assert_eq!(m.dropped[1].0.max, Some(NumberSpec::Int(10)));
    let m = mine("Mode. Valid values: `a`, `b`. Default value: `c`.", &named("string"), Some("a"));
    assert_eq!(m.default, None);
    assert!(m.constraints.is_empty());
    // "0" means off, outside the range.
    let doc = "Session expiry. Value range: 30-3600. The default value is 0, indicating that persistence is off.";
    let m = mine(doc, &named("int64"), None);
    assert_eq!(kinds(&m), ["max 3600"]);
}

#[test]
fn conflicting_constraints_are_prose() {
    let m = mine("Limit. Maximum value: 100. The maximum value is 1000.", &named("int64"), None);
    assert!(m.constraints.is_empty());
    assert_eq!(m.prose.len(), 2);
    // The same value twice is fine.
    let m = mine("Limit. Maximum value: 100. Up to 100.", &named("int64"), None);
    assert_eq!(kinds(&m), ["max 100"]);
}

#[test]
fn non_english_yields_nothing() {
    let m = mine("取值范围：1-100。Value range: 1-100.", &named("int64"), None);
    assert_eq!(m, Mined::default());
}

#[test]
fn html_and_bold_are_read() {
    let m =
        mine("<p>Threshold.</p><p>Value range: **2**-**10**.</p><p>Default value: **2**.</p>", &named("uint64"), None);
    assert_eq!(kinds(&m), ["min 2", "max 10"]);
    assert_eq!(m.default, Some(Value::from(2)));
    assert_eq!(m.constraints[0].source.as_deref(), Some("Value range: 2-10."));
}

/// Long, repetitive documentation is mined without panicking. (Speed is measured in
/// benchmarks, never asserted in tests.)
#[test]
fn long_repetitive_inputs_are_mined() {
    let types = [named("int64"), named("string"), list("string")];
    let pieces = [
        "Default value: abc. ",
        "up to 12 characters ",
        "Maximum value: 10 ",
        "Valid values: `a`, ",
        "Value range: 1-100 ",
        "12 characters, 13 characters; ",
        "<li>A: x</li>",
        "(default) ",
    ];
    for piece in pieces {
        let doc = piece.repeat(2_000);
        for ty in &types {
            let _ = mine(&doc, ty, Some("1"));
        }
    }
}

#[test]
fn never_panics() {
    let odd = [
        "",
        "`",
        "``",
        "Valid values: `",
        "Valid values: (",
        "Value range: [",
        "Default value: `",
        "Default value: ",
        "up to 99999999999999999999999999999 characters",
        "Value range: 9223372036854775807-9223372036854775808",
        "Must be less than -9223372036854775808.",
        "Must be greater than 9223372036854775807.",
        "é. Default value: é.",
        "Valid values: [`a`",
        "Valid values: `a` (",
        "Valid values: `a` ((b)",
        "Value range: 1e400-2e400",
        "\u{0}\u{ffff}<li>",
        "<<<>>>",
        "Valid values:\n- \n",
        "Default value: 1,000,000,000,000,000,000,000,000.",
    ];
    let types = [
        named("int64"),
        named("uint64"),
        named("float"),
        named("bool"),
        named("string"),
        list("string"),
        list("int64"),
        named("Model"),
    ];
    for doc in odd {
        for ty in &types {
            for ex in [None, Some(""), Some("["), Some("1e999"), Some("-1")] {
                let _ = mine(doc, ty, ex);
            }
        }
    }
}
