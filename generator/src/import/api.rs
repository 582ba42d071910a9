//! Tencent's `api.json`: its format, and its conversion into a spec ([`ServiceFile`]).

use indexmap::IndexMap;
use serde::Deserialize;

use super::safety;
use crate::mine::{mine, Mined};
use crate::naming;
use crate::spec::model::{ActionSpec, FieldSpec, ModelSpec, ServiceFile, ServiceInfo, Status, TypeSpec, Usage};

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
            for (i, m) in o.members.iter().enumerate() {
                let at = format!("objects.{name}.members[{i}]");
                match self.field(m, Side::Model(usage), &mut counts) {
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
                    match self.field(m, side, &mut counts) {
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

    fn field(&self, m: &ApiMember, side: Side, counts: &mut Counts) -> Result<FieldSpec, String> {
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
            let Mined { default, constraints, dropped, prose } = mine(&m.document, &field.ty, m.example.as_deref());
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Input,
    Output,
    Model(Usage),
}
