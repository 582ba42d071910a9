//! Tencent's `examples.json`: recorded example exchanges, turned into fixtures.
//!
//! Each example becomes a fixture in the runtime's fixture format
//! (`tencentcloud_runtime::test_util::Fixture`). Before that, the example is checked
//! against the imported spec the way the generated client will see it: a body that is
//! not JSON, a parameter the action does not have, or a value of the wrong type cannot
//! pass, so the fixture is kept and marked with `known_issue` naming the reason, of a
//! kind ([`IssueKind`]) the import summary counts. A scalar written as the other type
//! (`"10"` for an integer, `12` for a string) is not a defect: the runtime converts it
//! when replaying, and the checks here convert it the same way (`as_scalar`). Mined
//! constraints that reject an official example's value (as converted) are dropped from
//! the spec.

use std::borrow::Cow;

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::{json, Map, Number, Value};

use crate::import::repair::parse_json_putting_back_commas;
use crate::spec::model::{ConstraintSpec, FieldSpec, ModelSpec, NumberSpec, ServiceFile, TypeSpec};

/// The whole file.
#[derive(Debug, Clone, Deserialize)]
pub struct ExamplesFile {
    /// Examples by action name.
    #[serde(default)]
    pub actions: IndexMap<String, Vec<ApiExample>>,
}

/// One recorded example.
#[derive(Debug, Clone, Deserialize)]
pub struct ApiExample {
    /// Title.
    #[serde(default)]
    pub title: String,
    /// Description.
    #[serde(default)]
    pub document: String,
    /// The raw HTTP request: headers, a blank line, the JSON body.
    #[serde(default)]
    pub input: String,
    /// The JSON response.
    #[serde(default)]
    pub output: String,
}

/// One fixture to write.
pub struct ExampleFixture {
    /// File name (`DescribeUserInfo.1.json`).
    pub file: String,
    /// The fixture, as JSON.
    pub fixture: Value,
    /// Why it cannot pass, if it cannot.
    pub known_issue: Option<KnownIssue>,
    /// Whether its JSON parsed only once commas missing at line ends were put back
    /// (`repair`).
    pub repaired: bool,
}

/// Why an official example cannot pass: a defect of Tencent's documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownIssue {
    /// What kind of defect.
    pub kind: IssueKind,
    /// What exactly, as the fixture's `known_issue` says it.
    pub message: String,
}

/// The kinds of defect an official example can have; the import summary counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IssueKind {
    /// The request body is not a JSON object.
    RequestNotJson,
    /// The example's request is for another action.
    OtherAction,
    /// The example's request has no body.
    NoRequestBody,
    /// A parameter the action does not have.
    UnknownParameter,
    /// A parameter that is `null`.
    NullParameter,
    /// A required parameter the request leaves out.
    MissingParameter,
    /// A value of the wrong type that no conversion makes right.
    WrongType,
    /// The response is not JSON.
    ResponseNotJson,
    /// The response is not an envelope: no `Response` object, no `RequestId`, or an
    /// error without a string `Code`.
    NotAnEnvelope,
    /// A streamed reply with an event whose data is not JSON.
    EventNotJson,
    /// A response list with a `null` item, which no typed list holds.
    NullItem,
}

impl IssueKind {
    /// How the import summary names the kind.
    pub fn label(self) -> &'static str {
        match self {
            IssueKind::RequestNotJson => "request body not JSON",
            IssueKind::OtherAction => "request of another action",
            IssueKind::NoRequestBody => "no request body",
            IssueKind::UnknownParameter => "unknown parameter",
            IssueKind::NullParameter => "null parameter",
            IssueKind::MissingParameter => "required parameter missing",
            IssueKind::WrongType => "value of the wrong type",
            IssueKind::ResponseNotJson => "response not JSON",
            IssueKind::NotAnEnvelope => "response not an envelope",
            IssueKind::EventNotJson => "event data not JSON",
            IssueKind::NullItem => "null item in a response list",
        }
    }

    /// The kind of a problem [`request_body`] reports, by its wording.
    fn of_request_body(message: &str) -> IssueKind {
        if message.starts_with("the example request is for ") {
            IssueKind::OtherAction
        } else if message.starts_with("the example request has no body") {
            IssueKind::NoRequestBody
        } else {
            IssueKind::RequestNotJson
        }
    }

    /// A known issue of this kind.
    fn issue(self, message: impl Into<String>) -> KnownIssue {
        KnownIssue { kind: self, message: message.into() }
    }
}

/// What converting the examples found.
#[derive(Debug, Clone, Default)]
pub struct ExampleReport {
    /// Mined constraints dropped because an example breaks them: `(action.field, reason)`.
    pub dropped: Vec<(String, String)>,
}

/// Fixtures for every example of an action the spec has, in file order; drops mined
/// constraints an example breaks.
pub fn fixtures(spec: &mut ServiceFile, examples: &ExamplesFile) -> (Vec<ExampleFixture>, ExampleReport) {
    let mut out = Vec::new();
    let mut report = ExampleReport::default();
    let version = spec.service.version.clone();
    for (action, list) in &examples.actions {
        if !spec.actions.contains_key(action) {
            continue;
        }
        for (i, ex) in list.iter().enumerate() {
            let (mut body, request_issue, request_repairs) = request_body(action, &ex.input);
            let mut issue = request_issue.map(|m| IssueKind::of_request_body(&m).issue(m));
            if let Some(Value::Object(query)) = body.as_ref().and_then(|b| b.get(QUERY_MARK)) {
                body = Some(Value::Object(query_to_json(&spec.models, &spec.actions[action].input, query)));
            }
            let streams = spec.actions[action].stream.is_some();
            let stream = streams.then(|| event_stream(&ex.output)).flatten().map(str::to_owned);
            let (mut response, mut response_issue, response_repairs) = match &stream {
                Some(events) => (None, events_issue(events), 0),
                None => response_body(&ex.output),
            };
            // A streaming action's example that shows one event: its data, an object
            // outside any envelope. Replayed as a stream of that one event.
            let stream = match (&response, stream) {
                (Some(data @ Value::Object(o)), None) if streams && !o.contains_key("Response") => {
                    let event = format!("data: {data}\n\n");
                    (response, response_issue) = (None, None);
                    Some(event)
                }
                (_, stream) => stream,
            };
            if let (Some(Value::Object(params)), None) = (&body, &issue) {
                drop_broken_constraints(spec, action, params, &mut report);
                issue = check_request(spec, action, params).err();
            }
            if issue.is_none() {
                issue = response_issue;
            }
            if let (Some(resp), None) = (&response, &issue) {
                issue = check_response(spec, action, resp).err();
            }
            let description = match (ex.title.trim(), ex.document.trim()) {
                (t, "") => format!("Official example: {t}"),
                (t, d) => format!("Official example: {t}. {d}"),
            };
            let request_body = body.unwrap_or_else(|| Value::String(ex.input.clone()));
            let response = match (response, stream) {
                (Some(v), _) => json!({"status": 200, "body": v}),
                (None, Some(events)) => json!({"status": 200, "body_text": events}),
                (None, None) => json!({"status": 200, "body_text": ex.output}),
            };
            let mut fixture = Map::new();
            fixture.insert("description".into(), Value::String(description));
            if let Some(reason) = &issue {
                fixture.insert("known_issue".into(), Value::String(reason.message.clone()));
            }
            let repaired = [("request", request_repairs), ("response", response_repairs)]
                .iter()
                .filter(|(_, n)| *n > 0)
                .map(|(what, n)| format!("{n} comma(s) missing at line ends put back in the {what}"))
                .collect::<Vec<_>>();
            if !repaired.is_empty() {
                fixture.insert("repaired".into(), Value::String(repaired.join("; ")));
            }
            fixture.insert(
                "exchanges".into(),
                json!([{"request": {"action": action, "version": version, "body": request_body}, "response": response}]),
            );
            out.push(ExampleFixture {
                file: format!("{action}.{}.json", i + 1),
                fixture: Value::Object(fixture),
                known_issue: issue,
                repaired: request_repairs + response_repairs > 0,
            });
        }
    }
    (out, report)
}

/// The JSON body of a raw request, or why there is none, and how many commas missing at
/// line ends were put back ([`parse_json_putting_back_commas`]). The body starts at the
/// first line that opens a JSON object (some examples have no blank line before it); an
/// example written as a GET URL carries its parameters in the query string.
fn request_body(action: &str, raw: &str) -> (Option<Value>, Option<String>, usize) {
    let text = raw.replace("\r\n", "\n");
    let named = text.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim().eq_ignore_ascii_case("X-TC-Action").then(|| v.trim().to_owned())
    });
    let named = named.or_else(|| query_params(&text).get("Action").and_then(Value::as_str).map(str::to_owned));
    if let Some(named) = named {
        if !named.eq_ignore_ascii_case(action) {
            return (None, Some(format!("the example request is for `{named}`, not `{action}`")), 0);
        }
    }
    let Some(start) = body_start(&text) else {
        // A GET example: the parameters are the query's, less Action and Version; the
        // caller types them against the spec.
        let mut params = query_params(&text);
        params.remove("Action");
        params.remove("Version");
        return if text.contains('?') {
            (Some(json!({ QUERY_MARK: Value::Object(params) })), None, 0)
        } else {
            (None, Some("the example request has no body".into()), 0)
        };
    };
    match parse_json_putting_back_commas(text[start..].trim()) {
        Ok((v @ Value::Object(_), repairs)) => (Some(v), None, repairs),
        Ok(_) => (None, Some("the example request body is not a JSON object".into()), 0),
        Err(e) => (None, Some(format!("the example request body is not valid JSON ({e})")), 0),
    }
}

/// Where the body of a raw request starts: the start of the first line, but the first,
/// whose first non-blank character (blank lines skipped) is `{`. One pass over the
/// text: each line start waits for the next non-blank character, which settles every
/// line start before it at once.
fn body_start(text: &str) -> Option<usize> {
    let mut waiting = None;
    for (i, c) in text.char_indices() {
        if c == '\n' {
            waiting.get_or_insert(i + 1);
        } else if !c.is_whitespace() {
            if c == '{' && waiting.is_some() {
                return waiting;
            }
            waiting = None;
        }
    }
    None
}

/// Marks a body taken from a query string, whose values are still text.
const QUERY_MARK: &str = "\u{0}query";

/// The JSON body a query string stands for: `X.0=a&X.1=b` is a list, `X.Y=1` a member
/// of a model, and each value takes the type its member has in the spec (text that does
/// not parse as that type stays text, and the check reports it).
fn query_to_json(
    models: &IndexMap<String, ModelSpec>,
    fields: &IndexMap<String, FieldSpec>,
    query: &Map<String, Value>,
) -> Map<String, Value> {
    let mut out = Map::new();
    for (key, value) in query {
        let segments: Vec<&str> = key.split('.').collect();
        let text = value.as_str().unwrap_or_default();
        insert_query(models, fields, &mut out, &segments, text, 0);
    }
    compact(&mut out);
    out
}

fn insert_query(
    models: &IndexMap<String, ModelSpec>,
    fields: &IndexMap<String, FieldSpec>,
    object: &mut Map<String, Value>,
    segments: &[&str],
    text: &str,
    depth: usize,
) {
    let Some((name, rest)) = segments.split_first() else { return };
    let ty = fields.get(*name).map(|f| &f.ty);
    if rest.is_empty() || depth > 16 {
        let value = match ty {
            Some(TypeSpec::Named(t)) => typed(t, text),
            _ => Value::String(text.to_owned()),
        };
        object.insert((*name).to_owned(), value);
        return;
    }
    match ty {
        Some(TypeSpec::List(inner)) => {
            let (Some(inner), Ok(index)) = (inner.first(), rest[0].parse::<usize>()) else {
                object.insert(segments.join("."), Value::String(text.to_owned()));
                return;
            };
            let slot = object.entry((*name).to_owned()).or_insert_with(|| Value::Array(Vec::new()));
            let Value::Array(items) = slot else { return };
            if index > 1000 {
                return;
            }
            if items.len() <= index {
                items.resize(index + 1, Value::Null);
            }
            match inner {
                TypeSpec::Named(m) if models.contains_key(m) && rest.len() > 1 => {
                    if !items[index].is_object() {
                        items[index] = Value::Object(Map::new());
                    }
                    if let Value::Object(o) = &mut items[index] {
                        insert_query(models, &models[m].fields, o, &rest[1..], text, depth + 1);
                    }
                }
                TypeSpec::Named(t) => items[index] = typed(t, text),
                TypeSpec::List(_) => items[index] = Value::String(text.to_owned()),
            }
        }
        Some(TypeSpec::Named(m)) if models.contains_key(m) => {
            let slot = object.entry((*name).to_owned()).or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(o) = slot {
                insert_query(models, &models[m].fields, o, rest, text, depth + 1);
            }
        }
        _ => {
            object.insert(segments.join("."), Value::String(text.to_owned()));
        }
    }
}

/// Text as the scalar type `ty` names, when it parses as one.
fn typed(ty: &str, text: &str) -> Value {
    let parsed = match ty {
        "int64" | "int" => text.parse::<i64>().ok().map(Value::from),
        "uint64" => text.parse::<u64>().ok().map(Value::from),
        "float" => text.parse::<f64>().ok().and_then(|f| serde_json::Number::from_f64(f).map(Value::Number)),
        "bool" => text.parse::<bool>().ok().map(Value::Bool),
        _ => None,
    };
    parsed.unwrap_or_else(|| Value::String(text.to_owned()))
}

/// Lists written with gaps (`X.1`, `X.2` from 1) keep their items in order.
fn compact(object: &mut Map<String, Value>) {
    for value in object.values_mut() {
        match value {
            Value::Array(items) => {
                items.retain(|v| !v.is_null());
                for item in items.iter_mut() {
                    if let Value::Object(o) = item {
                        compact(o);
                    }
                }
            }
            Value::Object(o) => compact(o),
            _ => {}
        }
    }
}

/// `key=value` pairs of the first line's query string (values as strings), without
/// placeholders such as `<Common request parameters>`.
fn query_params(text: &str) -> Map<String, Value> {
    let mut out = Map::new();
    let Some((_, query)) = text.split_once('?') else { return out };
    let query: String = query.lines().map(str::trim).collect();
    for pair in query.split('&') {
        let pair = pair.split_whitespace().next().unwrap_or("");
        if let Some((k, v)) = pair.split_once('=') {
            if !k.is_empty() && !k.contains('<') {
                out.insert(k.to_owned(), Value::String(v.to_owned()));
            }
        }
    }
    out
}

/// The event-stream part of a streaming action's example reply: from its first
/// `data:`, `event:` or `id:` line on (some examples put a sentence before it); `None`
/// when it has no such line (a JSON reply).
fn event_stream(raw: &str) -> Option<&str> {
    let mut at = 0;
    for line in raw.split_inclusive('\n') {
        let field = line.split(':').next().unwrap_or("");
        if line.contains(':') && matches!(field, "data" | "event" | "id") {
            return raw.get(at..);
        }
        at += line.len();
    }
    None
}

/// Why a streamed example reply cannot pass: an event whose data (its `data:` lines,
/// joined) is not JSON, other than the closing `[DONE]`.
fn events_issue(text: &str) -> Option<KnownIssue> {
    let text = text.replace("\r\n", "\n");
    for (n, event) in text.split("\n\n").enumerate() {
        let data: Vec<&str> =
            event.lines().filter_map(|l| l.strip_prefix("data:")).map(|d| d.strip_prefix(' ').unwrap_or(d)).collect();
        let data = data.join("\n");
        if data.is_empty() || data == "[DONE]" {
            continue;
        }
        if let Err(e) = serde_json::from_str::<Value>(&data) {
            return Some(
                IssueKind::EventNotJson.issue(format!("event {} of the example is not valid JSON ({e})", n + 1)),
            );
        }
    }
    None
}

/// The JSON of a response example, or why it cannot pass, and how many commas missing at
/// line ends were put back.
fn response_body(raw: &str) -> (Option<Value>, Option<KnownIssue>, usize) {
    match parse_json_putting_back_commas(raw.trim()) {
        Ok((v, repairs)) => {
            let issue = match v.get("Response") {
                Some(Value::Object(r))
                    if r.contains_key("Error") || r.get("RequestId").is_some_and(Value::is_string) =>
                {
                    None
                }
                Some(Value::Object(r)) if r.contains_key("RequestId") => {
                    Some(IssueKind::NotAnEnvelope.issue("the example response's RequestId is not a string"))
                }
                Some(Value::Object(_)) => Some(IssueKind::NotAnEnvelope.issue("the example response has no RequestId")),
                _ => Some(IssueKind::NotAnEnvelope.issue("the example response has no Response object")),
            };
            (Some(v), issue, repairs)
        }
        Err(e) => {
            (None, Some(IssueKind::ResponseNotJson.issue(format!("the example response is not valid JSON ({e})"))), 0)
        }
    }
}

fn check_request(spec: &ServiceFile, action: &str, params: &Map<String, Value>) -> Result<(), KnownIssue> {
    let a = &spec.actions[action];
    check_object(&spec.models, &a.input, params, "", true)
}

fn check_response(spec: &ServiceFile, action: &str, body: &Value) -> Result<(), KnownIssue> {
    let Some(Value::Object(r)) = body.get("Response") else { return Ok(()) };
    if let Some(e) = r.get("Error") {
        return match e.get("Code") {
            Some(Value::String(_)) => Ok(()),
            _ => Err(IssueKind::NotAnEnvelope.issue("the example error has no string Code")),
        };
    }
    let mut fields = r.clone();
    fields.remove("RequestId");
    check_object(&spec.models, &spec.actions[action].output, &fields, "Response.", false)
}

/// Whether `value` is what the generated types accept (`request`: also no unknown
/// members and no nulls, since those would not be sent back as recorded).
fn check_object(
    models: &IndexMap<String, ModelSpec>,
    fields: &IndexMap<String, FieldSpec>,
    value: &Map<String, Value>,
    prefix: &str,
    request: bool,
) -> Result<(), KnownIssue> {
    if request {
        if let Some((name, _)) = fields.iter().find(|(name, f)| f.required && !value.contains_key(*name)) {
            let path = format!("{prefix}{name}");
            return Err(IssueKind::MissingParameter.issue(format!("the required `{path}` is missing from the request")));
        }
    }
    for (k, v) in value {
        let path = format!("{prefix}{k}");
        match fields.get(k) {
            Some(f) => check_value(models, &f.ty, v, &path, request)?,
            None if request => {
                return Err(IssueKind::UnknownParameter.issue(format!("`{path}` is not a parameter of the action")))
            }
            None => {}
        }
    }
    Ok(())
}

fn check_value(
    models: &IndexMap<String, ModelSpec>,
    ty: &TypeSpec,
    v: &Value,
    path: &str,
    request: bool,
) -> Result<(), KnownIssue> {
    if v.is_null() {
        return if request {
            Err(IssueKind::NullParameter.issue(format!("`{path}` is null in the request")))
        } else {
            Ok(())
        };
    }
    let wrong = |what: &str| {
        Err(IssueKind::WrongType.issue(format!("`{path}` should be {what}, the example has `{}`", short(v))))
    };
    match ty {
        TypeSpec::List(inner) => match (v, inner.first()) {
            (Value::Array(items), Some(inner)) => {
                for (i, item) in items.iter().enumerate() {
                    if item.is_null() && !request {
                        // A member may be null (an `Option`), a list item may not.
                        return Err(IssueKind::NullItem.issue(format!("`{path}[{i}]` is a null item of a list")));
                    }
                    check_value(models, inner, item, &format!("{path}[{i}]"), request)?;
                }
                Ok(())
            }
            _ => wrong("a list"),
        },
        TypeSpec::Named(name) => match (scalar_description(name), name.as_str()) {
            (Some(expected), _) if as_scalar(name, v).is_none() => wrong(expected),
            (Some(_), _) => Ok(()),
            (None, model) => match (models.get(model), v) {
                (Some(m), Value::Object(o)) => check_object(models, &m.fields, o, &format!("{path}."), request),
                (Some(_), _) => wrong(&format!("a `{model}` object")),
                (None, _) => Ok(()),
            },
        },
    }
}

/// How a check names the scalar type `ty`; `None` for a model.
fn scalar_description(ty: &str) -> Option<&'static str> {
    Some(match ty {
        "string" | "binary" | "date" | "datetime" | "datetime_iso" => "a string",
        "int64" | "int" => "a signed 64-bit integer",
        "uint64" => "an unsigned 64-bit integer",
        "float" => "a number",
        "bool" => "a boolean",
        _ => return None,
    })
}

/// The value the generated client decodes from `v` for a member of scalar type `ty`:
/// `v` itself when it has that type, else the scalar it writes as the other type, as
/// the runtime converts it (`tencentcloud_runtime::coerce`): a string holding exactly an
/// integer of the type, a number, or `true`/`false`; a number or boolean for a string.
/// `None` when neither (or when `ty` is not a scalar).
fn as_scalar<'v>(ty: &str, v: &'v Value) -> Option<Cow<'v, Value>> {
    let text = v.as_str();
    let converted = match ty {
        "string" | "binary" | "date" | "datetime" | "datetime_iso" => match v {
            Value::String(_) => return Some(Cow::Borrowed(v)),
            Value::Number(n) => Value::String(n.to_string()),
            Value::Bool(b) => Value::String(b.to_string()),
            _ => return None,
        },
        "int64" | "int" if v.is_i64() => return Some(Cow::Borrowed(v)),
        "int64" | "int" => Value::Number(text.and_then(number_in).filter(Number::is_i64)?),
        "uint64" if v.is_u64() => return Some(Cow::Borrowed(v)),
        "uint64" => Value::Number(text.and_then(number_in).filter(Number::is_u64)?),
        "float" if v.is_number() => return Some(Cow::Borrowed(v)),
        "float" => Value::Number(text.and_then(number_in)?),
        "bool" if v.is_boolean() => return Some(Cow::Borrowed(v)),
        "bool" => Value::Bool(match text? {
            "true" => true,
            "false" => false,
            _ => return None,
        }),
        _ => return None,
    };
    Some(Cow::Owned(converted))
}

/// The number a string holds, when it is exactly a JSON number (no whitespace, sign or
/// other text around it), as the runtime reads it.
fn number_in(text: &str) -> Option<Number> {
    let first = text.bytes().next()?;
    if !(first == b'-' || first.is_ascii_digit()) || text.trim_end() != text {
        return None;
    }
    serde_json::from_str::<Number>(text).ok()
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}

/// Removes each mined constraint of a top-level or nested input that the example's
/// value breaks.
fn drop_broken_constraints(
    spec: &mut ServiceFile,
    action: &str,
    params: &Map<String, Value>,
    report: &mut ExampleReport,
) {
    let mut broken: Vec<(Option<String>, String, usize, String)> = Vec::new();
    {
        let a = &spec.actions[action];
        collect_broken(&spec.models, None, &a.input, params, &mut broken, 0);
    }
    // Remove from the end so indices stay valid.
    broken.sort_by(|x, y| (&x.0, &x.1, y.2).cmp(&(&y.0, &y.1, x.2)));
    broken.dedup_by(|x, y| x.0 == y.0 && x.1 == y.1 && x.2 == y.2);
    for (model, field, index, reason) in broken {
        let fields = match &model {
            Some(m) => spec.models.get_mut(m).map(|m| &mut m.fields),
            None => spec.actions.get_mut(action).map(|a| &mut a.input),
        };
        if let Some(f) = fields.and_then(|fs| fs.get_mut(&field)) {
            if index < f.constraints.len() && f.constraints[index].source.is_some() {
                f.constraints.remove(index);
                let owner = model.unwrap_or_else(|| action.to_owned());
                report.dropped.push((format!("{owner}.{field}"), reason));
            }
        }
    }
}

fn collect_broken(
    models: &IndexMap<String, ModelSpec>,
    model: Option<&str>,
    fields: &IndexMap<String, FieldSpec>,
    value: &Map<String, Value>,
    out: &mut Vec<(Option<String>, String, usize, String)>,
    depth: usize,
) {
    if depth > 32 {
        return;
    }
    for (k, v) in value {
        let Some(f) = fields.get(k) else { continue };
        // A scalar written as the other type is checked as the client will send it.
        let sent = match &f.ty {
            TypeSpec::Named(ty) => as_scalar(ty, v).unwrap_or(Cow::Borrowed(v)),
            TypeSpec::List(_) => Cow::Borrowed(v),
        };
        for (i, c) in f.constraints.iter().enumerate() {
            if let Some(reason) = breaks(c, &sent) {
                out.push((model.map(str::to_owned), k.clone(), i, reason));
            }
        }
        let inner = match &f.ty {
            TypeSpec::List(t) => t.first(),
            t => Some(t),
        };
        if let Some(TypeSpec::Named(name)) = inner {
            if let Some(m) = models.get(name) {
                let items: Vec<&Value> = match v {
                    Value::Array(a) => a.iter().collect(),
                    other => vec![other],
                };
                for item in items {
                    if let Value::Object(o) = item {
                        collect_broken(models, Some(name), &m.fields, o, out, depth + 1);
                    }
                }
            }
        }
    }
}

fn as_f64(n: &NumberSpec) -> f64 {
    match n {
        NumberSpec::Int(i) => *i as f64,
        NumberSpec::UInt(u) => *u as f64,
        NumberSpec::Float(f) => *f,
    }
}

/// Why `v` breaks `c`, if it does (values of the wrong type break nothing here).
fn breaks(c: &ConstraintSpec, v: &Value) -> Option<String> {
    let shown = short(v);
    let chars = v.as_str().map(|s| s.chars().count() as u64);
    let items = v.as_array().map(|a| a.len() as u64);
    let fail = |what: String| Some(format!("an official example has `{shown}`, which breaks {what}"));
    if let (Some(min), Some(x)) = (&c.min, v.as_f64()) {
        if x < as_f64(min) {
            return fail(format!("min {}", as_f64(min)));
        }
    }
    if let (Some(max), Some(x)) = (&c.max, v.as_f64()) {
        if x > as_f64(max) {
            return fail(format!("max {}", as_f64(max)));
        }
    }
    match (c.min_length, chars) {
        (Some(n), Some(len)) if len < n => return fail(format!("min_length {n}")),
        _ => {}
    }
    match (c.max_length, chars) {
        (Some(n), Some(len)) if len > n => return fail(format!("max_length {n}")),
        _ => {}
    }
    match (c.min_items, items) {
        (Some(n), Some(len)) if len < n => return fail(format!("min_items {n}")),
        _ => {}
    }
    match (c.max_items, items) {
        (Some(n), Some(len)) if len > n => return fail(format!("max_items {n}")),
        _ => {}
    }
    if let (Some(values), Some(s)) = (&c.one_of, v.as_str()) {
        if !values.iter().any(|x| x == s) {
            return fail("one_of".into());
        }
    }
    if let (Some(p), Some(s)) = (&c.pattern, v.as_str()) {
        if let Ok(re) = crate::pattern::compile(p) {
            if !re.is_match(s) {
                return fail(format!("pattern {p}"));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition [`body_start`] follows, in quadratic time.
    fn body_start_by_definition(text: &str) -> Option<usize> {
        text.match_indices('\n').map(|(i, _)| i + 1).find(|&i| text[i..].trim_start().starts_with('{'))
    }

    #[test]
    fn the_body_starts_at_the_first_line_opening_a_json_object() {
        let cases = [
            "",
            "{}",
            "\n{}",
            "POST / HTTP/1.1\nHost: x\n\n{\"A\": 1}",
            "POST / HTTP/1.1\r\nHost: x\n \t\n\u{a0}\n  {\"A\": 1}\n",
            "POST / HTTP/1.1\nX: {not}\n{\"A\": 1}",
            "GET /?Action=X&Limit=1 HTTP/1.1\nHost: x\n\n",
            "a\n\n\nb {\n{",
            "a\n",
            "a\n\n",
            "a {\n}\n",
            "é\n\u{2003}{",
        ];
        for text in cases {
            assert_eq!(body_start(text), body_start_by_definition(text), "{text:?}");
        }
        // Blank lines up to a header: each of them once scanned the rest of the run.
        let mut long = "POST / HTTP/1.1\n".to_owned();
        long.push_str(&"\n \t".repeat(50_000));
        long.push_str("\nX: 1\n");
        let header_end = long.len();
        long.push_str("\n {\"A\": 1}");
        assert_eq!(body_start(&long), Some(header_end));
    }
}

#[cfg(test)]
#[path = "examples_tests.rs"]
mod marking_tests;
