//! Tencent's `api.json`: its format, and its conversion into a spec ([`ServiceFile`]).

use indexmap::IndexMap;
use serde::Deserialize;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use regex::Regex;

use super::safety;
use crate::import::mine::{listed_values, mine, Mined};
use crate::naming;
use crate::spec::model::{
    ActionSpec, FieldSpec, ModelSpec, NotEnforced, ServiceFile, ServiceInfo, Status, TypeSpec, Usage,
};

/// The whole file.
#[derive(Debug, Clone, Deserialize)]
pub struct ApiFile {
    /// Actions by name.
    pub actions: IndexMap<String, ApiAction>,
    /// Objects (request, response and data structures) by name.
    pub objects: IndexMap<String, ApiObject>,
    /// Service name and version.
    pub metadata: ApiMetadata,
}

/// `metadata`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiMetadata {
    /// `2019-07-22`.
    pub api_version: String,
    /// `trtc`.
    pub service_short_name: String,
}

/// One action.
#[derive(Debug, Clone, Deserialize)]
pub struct ApiAction {
    /// The one-line title ("Queries the user list").
    pub name: String,
    /// Description.
    #[serde(default)]
    pub document: String,
    /// Request object name.
    pub input: String,
    /// Response object name.
    pub output: String,
    /// `online`, `deprecated`, `offline` or absent.
    #[serde(default)]
    pub status: Option<String>,
    /// Sent with `Authorization: SKIP`.
    #[serde(default, deserialize_with = "flag")]
    pub skip_sign: bool,
}

/// One object.
#[derive(Debug, Clone, Deserialize)]
pub struct ApiObject {
    /// Description.
    #[serde(default)]
    pub document: String,
    /// Members in wire order.
    #[serde(default)]
    pub members: Vec<ApiMember>,
    /// `in`, `out` or `both` for data structures.
    #[serde(default)]
    pub usage: Option<String>,
}

/// One member.
#[derive(Debug, Clone, Deserialize)]
pub struct ApiMember {
    /// Wire name.
    pub name: String,
    /// `string`, `int`, `float`, `bool`, `list`, `object`, `binary`.
    #[serde(rename = "type")]
    pub ty: String,
    /// Element type or object name.
    #[serde(default)]
    pub member: String,
    /// Description.
    #[serde(default)]
    pub document: String,
    /// Example, as text.
    #[serde(default)]
    pub example: Option<String>,
    /// Input: must be sent.
    #[serde(default, deserialize_with = "flag")]
    pub required: bool,
    /// Output: always present.
    #[serde(default, deserialize_with = "flag")]
    pub output_required: bool,
    /// Output: may be null.
    #[serde(default, deserialize_with = "flag")]
    pub value_allowed_null: bool,
    /// Not open to callers.
    #[serde(default, deserialize_with = "flag")]
    pub disabled: bool,
}

/// A flag as the descriptions write it: `true`/`false`, `1`/`0` (seen in the
/// catalogue) or `null` (false).
fn flag<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Flag {
        Bool(bool),
        Int(i64),
    }
    match Option::<Flag>::deserialize(d)? {
        None | Some(Flag::Bool(false)) | Some(Flag::Int(0)) => Ok(false),
        Some(Flag::Bool(true)) | Some(Flag::Int(1)) => Ok(true),
        Some(Flag::Int(n)) => {
            Err(serde::de::Error::custom(format!("expected a flag (true, false, 0 or 1), found {n}")))
        }
    }
}

/// A problem that stops a service from importing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportIssue {
    /// Where, as a path in `api.json` (`objects.X.members[2]`). Raw outside text:
    /// shown through [`safety::shown`] when reported.
    pub at: String,
    /// What is wrong (may quote outside text; shown the same way).
    pub message: String,
}

/// Counts from converting one `api.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Constraints mined, by kind (`min`, `one_of`, ...).
    pub mined: std::collections::BTreeMap<String, usize>,
    /// Defaults mined.
    pub defaults: usize,
    /// Mined constraints dropped because they reject an example.
    pub dropped: usize,
    /// Sentences that looked like constraints but stayed prose.
    pub prose: usize,
    /// Actions marked safe to repeat.
    pub idempotent: usize,
    /// Actions marked as paging, by kind (`offset_limit`, `page_number`, `token`).
    pub paginated: std::collections::BTreeMap<&'static str, usize>,
    /// Constraints mined on models no request reaches, not kept.
    pub unreachable: usize,
}

/// How the constraints of a spec are kept: checked before sending, or documentation only.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Constraints checked before a request is sent.
    pub enforced: usize,
    /// Constraints kept as documentation only, by reason.
    pub documented: BTreeMap<NotEnforced, usize>,
}

/// Counts the constraints of `spec` (action inputs and models) by enforcement.
pub fn tally(spec: &ServiceFile) -> Tally {
    let mut t = Tally::default();
    let inputs = spec.actions.values().flat_map(|a| a.input.values());
    let fields = inputs.chain(spec.models.values().flat_map(|m| m.fields.values()));
    for c in fields.flat_map(|f| f.constraints.iter()) {
        match c.reason.filter(|_| !c.enforced()) {
            Some(reason) => *t.documented.entry(reason).or_default() += 1,
            None => t.enforced += 1,
        }
    }
    t
}

/// The scalar a member of type `ty` (`string`, `int`, ...) is, refined by its `member`
/// (`uint64` for an `int`, `date`/`datetime`/`datetime_iso`/`binary` for a `string`).
fn scalar(ty: &str, member: &str) -> Option<&'static str> {
    Some(match ty {
        "int" if member == "uint64" => "uint64",
        "int" => "int64",
        "float" => "float",
        "bool" => "bool",
        "binary" => "binary",
        "string" => match member {
            "date" => "date",
            "datetime" => "datetime",
            "datetime_iso" => "datetime_iso",
            "binary" => "binary",
            _ => "string",
        },
        _ => return None,
    })
}

/// The scalar a list element named `member` is (`string`, `int64`, `uint64`, ...).
fn element_scalar(member: &str) -> Option<&'static str> {
    Some(match member {
        "string" => "string",
        "int64" | "int" => "int64",
        "uint64" => "uint64",
        "float" | "double" => "float",
        "bool" | "boolean" => "bool",
        "binary" => "binary",
        "date" => "date",
        "datetime" => "datetime",
        "datetime_iso" => "datetime_iso",
        _ => return None,
    })
}

impl ApiFile {
    /// The spec type of a member, or why it has none.
    fn member_type(&self, m: &ApiMember) -> Result<TypeSpec, String> {
        let element = |name: &str| -> Result<TypeSpec, String> {
            if self.objects.contains_key(name) {
                Ok(TypeSpec::Named(name.to_owned()))
            } else if let Some(s) = element_scalar(name) {
                Ok(TypeSpec::Named(s.to_owned()))
            } else {
                Err(format!("element type `{name}` is neither a scalar nor an object of the file"))
            }
        };
        match m.ty.as_str() {
            "list" => Ok(TypeSpec::List(vec![element(&m.member)?])),
            "object" => element(&m.member),
            t => scalar(t, &m.member)
                .map(|s| TypeSpec::Named(s.to_owned()))
                .ok_or_else(|| format!("unknown type `{t}` (member `{}`)", m.member)),
        }
    }

    /// Every action, object and member name that is not one an import takes
    /// ([`safety::is_api_name`]): such names reach paths, specs and messages.
    fn name_issues(&self) -> Vec<ImportIssue> {
        let mut issues = Vec::new();
        let mut check = |what: &str, name: &str, at: String| {
            if let Some(message) = safety::api_name_problem(what, name) {
                issues.push(ImportIssue { at, message });
            }
        };
        for name in self.actions.keys() {
            check("an action name", name, format!("actions.{name}"));
        }
        for (name, object) in &self.objects {
            check("an object name", name, format!("objects.{name}"));
            for (i, m) in object.members.iter().enumerate() {
                check("a member name", &m.name, format!("objects.{name}.members[{i}].name"));
            }
        }
        issues
    }

    /// Converts the file into a spec. `source` is recorded as provenance. Names that are
    /// not ones an import takes are issues, like everything else the conversion cannot
    /// follow.
    pub fn to_spec(&self, source: crate::spec::model::SourceInfo) -> Result<(ServiceFile, Counts), Vec<ImportIssue>> {
        let mut issues = self.name_issues();
        let mut counts = Counts::default();
        let io: std::collections::BTreeSet<&str> =
            self.actions.values().flat_map(|a| [a.input.as_str(), a.output.as_str()]).collect();
        // Data structures: objects that are no action's request or response, plus any
        // object a member refers to.
        let mut referenced = std::collections::BTreeSet::new();
        for o in self.objects.values() {
            for m in &o.members {
                if matches!(m.ty.as_str(), "list" | "object") && self.objects.contains_key(&m.member) {
                    referenced.insert(m.member.as_str());
                }
            }
        }
        let requested = self.request_models();
        let mut models = IndexMap::new();
        for (name, o) in &self.objects {
            if io.contains(name.as_str()) && !referenced.contains(name.as_str()) {
                continue;
            }
            let usage = match o.usage.as_deref() {
                Some("in") => Usage::In,
                Some("out") => Usage::Out,
                _ => Usage::Both,
            };
            let mut fields = IndexMap::new();
            // Constraints on a model no request reaches would never be checked: not kept.
            let reached = requested.contains(name.as_str());
            for (i, m) in o.members.iter().enumerate() {
                let at = format!("objects.{name}.members[{i}]");
                match self.field(m, Side::Model(usage), reached, &mut counts) {
                    Ok(f) => {
                        if fields.insert(m.name.clone(), f).is_some() {
                            issues.push(ImportIssue { at, message: format!("member `{}` appears twice", m.name) });
                        }
                    }
                    Err(message) => issues.push(ImportIssue { at, message }),
                }
            }
            models.insert(
                name.clone(),
                ModelSpec { doc: o.document.clone(), usage: Some(usage), rust_name: None, fields, notes: None },
            );
        }
        let mut actions = IndexMap::new();
        for (name, a) in &self.actions {
            let at = format!("actions.{name}");
            let (Some(input), Some(output)) = (self.objects.get(&a.input), self.objects.get(&a.output)) else {
                issues.push(ImportIssue { at, message: "its input or output object is missing".into() });
                continue;
            };
            let status = match a.status.as_deref() {
                None | Some("online") | Some("") => None,
                Some("deprecated") => Some(Status::Deprecated),
                Some("offline") => Some(Status::Offline),
                Some(other) => {
                    issues
                        .push(ImportIssue { at: format!("{at}.status"), message: format!("unknown status `{other}`") });
                    None
                }
            };
            let mut spec = ActionSpec {
                title: a.name.trim().to_owned(),
                doc: a.document.clone(),
                status,
                rust_name: None,
                regions: Vec::new(),
                rate_limit: None,
                signed: !a.skip_sign,
                idempotent: None,
                example_program: false,
                input: IndexMap::new(),
                rules: Vec::new(),
                output: IndexMap::new(),
                errors: IndexMap::new(),
                paginate: None,
                host: None,
                stream: None,
                body: Default::default(),
            };
            for (side, object, slot) in
                [(Side::Input, input, &mut spec.input), (Side::Output, output, &mut spec.output)]
            {
                for (i, m) in object.members.iter().enumerate() {
                    if side == Side::Output && m.name == "RequestId" {
                        continue;
                    }
                    let obj = if side == Side::Input { &a.input } else { &a.output };
                    let at = format!("objects.{obj}.members[{i}]");
                    match self.field(m, side, true, &mut counts) {
                        Ok(f) => {
                            if slot.insert(m.name.clone(), f).is_some() {
                                issues.push(ImportIssue { at, message: format!("member `{}` appears twice", m.name) });
                            }
                        }
                        Err(message) => issues.push(ImportIssue { at, message }),
                    }
                }
            }
            // Marked by the resolver's rule (read-only name, or an optional string
            // `ClientToken`); counted here with the same rule.
            let token = spec.input.get(naming::CLIENT_TOKEN).is_some_and(naming::is_client_token);
            if naming::is_read_only_action(name) || token {
                counts.idempotent += 1;
            }
            spec.paginate = super::paging::detect(&spec);
            if let Some(p) = &spec.paginate {
                *counts.paginated.entry(super::paging::kind_name(p.kind)).or_default() += 1;
            }
            actions.insert(name.clone(), spec);
        }
        if !issues.is_empty() {
            return Err(issues);
        }
        mark_wider_use(&mut models, &actions);
        let service = ServiceInfo {
            name: self.metadata.service_short_name.clone(),
            version: self.metadata.api_version.clone(),
            endpoint: None,
            crate_name: None,
            title: self.metadata.service_short_name.to_uppercase(),
            doc: String::new(),
            source: Some(source),
        };
        let file = ServiceFile { service, models, actions, errors: IndexMap::new(), codes: IndexMap::new() };
        Ok((file, counts))
    }

    /// The models a request can hold: those reachable from an action's input members.
    fn request_models(&self) -> BTreeSet<&str> {
        let inputs: BTreeSet<&str> = self.actions.values().map(|a| a.input.as_str()).collect();
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&str> = inputs.iter().copied().collect();
        while let Some(name) = stack.pop() {
            let Some(o) = self.objects.get(name) else { continue };
            for m in o.members.iter().filter(|m| matches!(m.ty.as_str(), "list" | "object")) {
                if self.objects.contains_key(&m.member) && seen.insert(m.member.as_str()) {
                    stack.push(m.member.as_str());
                }
            }
        }
        seen
    }

    /// The spec of member `m`; `requested`: a request can hold it (constraints mined on a
    /// model no request reaches are counted in [`Counts::unreachable`] and not kept).
    fn field(&self, m: &ApiMember, side: Side, requested: bool, counts: &mut Counts) -> Result<FieldSpec, String> {
        let ty = self.member_type(m)?;
        let (required, output_required, nullable, validated) = match side {
            Side::Input | Side::Model(Usage::In) => (m.required, false, false, true),
            Side::Output | Side::Model(Usage::Out) => (m.output_required, false, m.value_allowed_null, false),
            Side::Model(Usage::Both) => (m.required, m.output_required, m.value_allowed_null, true),
        };
        let mut field = FieldSpec {
            ty,
            required,
            output_required,
            nullable,
            disabled: m.disabled,
            rust_name: None,
            default: None,
            default_source: None,
            doc: m.document.clone(),
            example: m.example.clone().filter(|e| !e.is_empty()),
            missing: None,
            constraints: Vec::new(),
            deprecated: None,
            notes: None,
        };
        if validated {
            let Mined { default, mut constraints, dropped, prose } = mine(&m.document, &field.ty, m.example.as_deref());
            if !requested {
                counts.unreachable += constraints.len();
                constraints.clear();
            }
            for c in &constraints {
                *counts.mined.entry(constraint_kind(c).to_owned()).or_default() += 1;
            }
            // A required input has no default: the server never applies one.
            let default = default.filter(|_| !(field.required && matches!(side, Side::Input)));
            counts.defaults += usize::from(default.is_some());
            counts.dropped += dropped.len();
            counts.prose += prose.len();
            if default.is_some() {
                field.default_source = Some("mined from the documentation".into());
            }
            field.default = default;
            field.constraints = constraints;
        }
        Ok(field)
    }
}

/// The kind a constraint states (`min`, `max`, ...).
pub fn constraint_kind(c: &crate::spec::model::ConstraintSpec) -> &'static str {
    if c.min.is_some() {
        "min"
    } else if c.max.is_some() {
        "max"
    } else if c.min_length.is_some() {
        "min_length"
    } else if c.max_length.is_some() {
        "max_length"
    } else if c.min_items.is_some() {
        "min_items"
    } else if c.max_items.is_some() {
        "max_items"
    } else if c.pattern.is_some() {
        "pattern"
    } else {
        "one_of"
    }
}

/// Members named like a page size.
const PAGE_SIZE_NAMES: [&str; 7] = ["Limit", "PageSize", "MaxResults", "PageLimit", "PerPage", "MaxRecords", "Rp"];

/// Documentation that makes a member named like a page size one ("Number of results per page").
static PAGE_SIZE_DOC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:page|pages|return\w*|results?|entries|items|records|quantity|number|lines|rows)\b")
        .unwrap_or_else(|e| panic!("bad pattern: {e}"))
});

/// Documentation saying an oversize page makes the request fail.
static OVERSIZE_FAILS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:exceed\w*|greater\s+than|more\s+than|larger\s+than|above|beyond)\b[^.;]*?\b(?:error|errors|fail\w*|reject\w*|invalid|not\s+(?:be\s+)?(?:allowed|accepted|permitted))\b",
    )
    .unwrap_or_else(|e| panic!("bad pattern: {e}"))
});

/// Whether error code `code` (described by `doc`) says the server checks `member`'s
/// value, and so refuses an oversize page: `InvalidParameterValue.LimitExceeded`,
/// `InvalidParameter.PageSizeOversize`, `InvalidParameter.InvalidLimit`,
/// `InvalidParameterValue.LimitVerifyFail`, `InvalidParameter.PageSize`; not a code about
/// filters ("The number of filter parameter values exceeds the limit").
fn rejects_oversize(code: &str, doc: &str, member: &str) -> bool {
    let Some((head, tail)) = code.rsplit_once('.') else { return false };
    if !(head.starts_with("InvalidParameter") || head.starts_with("FailedOperation")) {
        return false;
    }
    if doc.to_ascii_lowercase().contains("filter") {
        return false;
    }
    let (tail, member) = (tail.to_ascii_lowercase(), member.to_ascii_lowercase());
    let rest = ["invalid", "illegal", "wrong", "bad"].iter().find_map(|p| tail.strip_prefix(p)).unwrap_or(&tail);
    let Some(after) = rest.strip_prefix(member.as_str()) else { return false };
    after.is_empty()
        || [
            "exceed", "over", "large", "big", "range", "max", "toomany", "invalid", "illegal", "error", "verify",
            "fail", "check", "wrong",
        ]
        .iter()
        .any(|w| after.contains(w))
}

/// Page sizes: the upper bound of an action's page size (its `paginate` limit, or an input
/// named like one and documented as a count of results) is enforced only when the service's
/// codes or the member's documentation say an oversize page is refused; otherwise it is
/// documentation (`page_size`): many servers return at most the maximum instead.
pub fn settle_page_sizes(spec: &mut ServiceFile) {
    let codes: Vec<(String, String)> = spec
        .codes
        .iter()
        .chain(spec.errors.iter())
        .chain(spec.actions.values().flat_map(|a| a.errors.iter()))
        .map(|(code, e)| (code.clone(), e.doc().to_owned()))
        .collect();
    let mut refused: BTreeMap<String, bool> = BTreeMap::new();
    for action in spec.actions.values_mut() {
        let limit = action.paginate.as_ref().and_then(|p| p.limit.clone());
        for (name, field) in &mut action.input {
            let named = PAGE_SIZE_NAMES.contains(&name.as_str()) && PAGE_SIZE_DOC.is_match(&field.doc);
            if !(named || limit.as_deref() == Some(name.as_str())) {
                continue;
            }
            let by_code =
                *refused.entry(name.clone()).or_insert_with(|| codes.iter().any(|(c, d)| rejects_oversize(c, d, name)));
            if by_code || OVERSIZE_FAILS.is_match(&field.doc) {
                continue;
            }
            for c in field.constraints.iter_mut().filter(|c| c.max.is_some() && c.enforced()) {
                *c = std::mem::take(c).documented_only(NotEnforced::PageSize);
            }
        }
    }
}

/// Enumerations on shared models narrower than a user's documentation: a one_of on a
/// model's field is documentation only (`wider_use`) when a member holding the model
/// lists one of its values and another value-like token the set lacks (other than the
/// names of the members beside it). Linear in the fields and the users of each model.
fn mark_wider_use(models: &mut IndexMap<String, ModelSpec>, actions: &IndexMap<String, ActionSpec>) {
    let targets = enumerated_models(models);
    if targets.is_empty() {
        return;
    }
    let users = users_of(&targets, models, actions);
    for (name, model) in models.iter_mut() {
        let Some(us) = users.get(name) else { continue };
        let own: BTreeSet<String> = model.fields.keys().map(|k| k.to_ascii_lowercase()).collect();
        for c in model.fields.values_mut().flat_map(|f| f.constraints.iter_mut()) {
            let Some(values) = c.one_of.as_ref().filter(|_| c.enforced()) else { continue };
            if us.iter().any(|u| u.lists_more_than(values, &own)) {
                *c = std::mem::take(c).documented_only(NotEnforced::WiderUse);
            }
        }
    }
}

/// A member holding a model: what its documentation lists, and the names of the members beside it.
struct User {
    /// Names (lower-case) of the members of the request or model holding the user.
    beside: std::rc::Rc<BTreeSet<String>>,
    /// Value-like tokens of the user's documentation ([`listed_values`]).
    tokens: BTreeSet<String>,
}

impl User {
    /// Whether the user lists one of `values` and another value-like token they lack (not
    /// a member name of the user's owner nor of the model, `own`).
    fn lists_more_than(&self, values: &[String], own: &BTreeSet<String>) -> bool {
        let other = |t: &String| {
            let l = t.to_ascii_lowercase();
            !values.contains(t) && !self.beside.contains(&l) && !own.contains(&l)
        };
        self.tokens.iter().any(|t| values.contains(t)) && self.tokens.iter().any(other)
    }
}

/// The models with an enforced `one_of` on a field.
fn enumerated_models(models: &IndexMap<String, ModelSpec>) -> BTreeSet<String> {
    let enumerated =
        |m: &ModelSpec| m.fields.values().flat_map(|f| &f.constraints).any(|c| c.one_of.is_some() && c.enforced());
    models.iter().filter(|(_, m)| enumerated(m)).map(|(n, _)| n.clone()).collect()
}

/// The users of each model of `targets`: the action inputs and model fields holding it.
fn users_of(
    targets: &BTreeSet<String>,
    models: &IndexMap<String, ModelSpec>,
    actions: &IndexMap<String, ActionSpec>,
) -> BTreeMap<String, Vec<User>> {
    let mut users: BTreeMap<String, Vec<User>> = BTreeMap::new();
    let owners = actions.values().map(|a| &a.input).chain(models.values().map(|m| &m.fields));
    for fields in owners {
        let mut names: Option<std::rc::Rc<BTreeSet<String>>> = None;
        for f in fields.values() {
            let Some(model) = model_name(&f.ty).filter(|m| targets.contains(*m)) else { continue };
            let beside = names
                .get_or_insert_with(|| std::rc::Rc::new(fields.keys().map(|k| k.to_ascii_lowercase()).collect()))
                .clone();
            users.entry(model.to_owned()).or_default().push(User { beside, tokens: listed_values(&f.doc) });
        }
    }
    users
}

/// The model a type names, directly or as a list's element.
fn model_name(ty: &TypeSpec) -> Option<&str> {
    match ty {
        TypeSpec::Named(n) => Some(n),
        TypeSpec::List(inner) => inner.first().and_then(model_name),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Input,
    Output,
    Model(Usage),
}
