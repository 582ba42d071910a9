//! The YAML spec format, as people write it.
//!
//! These types mirror the files under `spec/` one to one; [`crate::resolve`] checks
//! them and turns them into the intermediate model ([`crate::ir`]). The format itself
//! is documented for people in `spec/README.md`.

use indexmap::IndexMap;
use serde::Deserialize;

/// `spec/common.yaml`: what every service shares.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommonFile {
    /// Error codes any action of any service can return.
    #[serde(default)]
    pub errors: IndexMap<String, ErrorSpec>,
}

/// One service version: `spec/<service>/v<version>.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceFile {
    /// Names and documentation of the service.
    pub service: ServiceInfo,
    /// Data types shared by several actions, by name.
    #[serde(default)]
    pub models: IndexMap<String, ModelSpec>,
    /// The actions, by wire name.
    pub actions: IndexMap<String, ActionSpec>,
    /// Error codes any action of this service can return.
    #[serde(default)]
    pub errors: IndexMap<String, ErrorSpec>,
}

/// The `service:` block.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceInfo {
    /// Short name (`trtc`): host prefix and credential-scope service.
    pub name: String,
    /// API version (`2019-07-22`).
    pub version: String,
    /// Host; defaults to `{name}.tencentcloudapi.com`.
    pub endpoint: Option<String>,
    /// Crate name; defaults to `tencentcloud-{name}`.
    #[serde(rename = "crate")]
    pub crate_name: Option<String>,
    /// Human title of the service.
    pub title: String,
    /// What the service does.
    #[serde(default)]
    pub doc: String,
}

/// Whether a model appears in requests, responses or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Usage {
    /// Only in requests.
    In,
    /// Only in responses.
    Out,
    /// In both.
    Both,
}

/// A shared data type.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelSpec {
    /// What the type is.
    pub doc: String,
    /// Where it is used; defaults to `both`.
    pub usage: Option<Usage>,
    /// Its fields, by wire name, in wire order.
    pub fields: IndexMap<String, FieldSpec>,
    /// Remarks for maintainers (contradictions in the sources, ...).
    pub notes: Option<String>,
}

/// A field's type as written: a name (`string`, `uint64`, `UserInformation`) or a
/// one-element sequence for a list (`[string]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum TypeSpec {
    /// A scalar or model name.
    Named(String),
    /// A list of the one element type given.
    List(Vec<TypeSpec>),
}

/// A number in a constraint or default.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum NumberSpec {
    /// An integer that fits `i64`.
    Int(i64),
    /// An integer above `i64::MAX`.
    UInt(u64),
    /// Anything else.
    Float(f64),
}

/// A request parameter, response field or model field.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// The field's type.
    #[serde(rename = "type")]
    pub ty: TypeSpec,
    /// Input: the request cannot be sent without it. Output: always present.
    #[serde(default)]
    pub required: bool,
    /// Output only: the server may send `null`.
    #[serde(default)]
    pub nullable: bool,
    /// The value the server assumes when the field is omitted (documentation only).
    pub default: Option<serde_yaml::Value>,
    /// What the field means.
    pub doc: String,
    /// An example value, as text.
    pub example: Option<String>,
    /// Input, required only: the code the server answers when the field is missing.
    pub missing: Option<String>,
    /// Constraints on the field's own value.
    #[serde(default)]
    pub constraints: Vec<ConstraintSpec>,
    /// The field is deprecated; the text says what to use instead.
    pub deprecated: Option<String>,
    /// Remarks for maintainers (contradictions in the sources, ...).
    pub notes: Option<String>,
}

/// One constraint: exactly one of the kinds, plus the error it pre-empts.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConstraintSpec {
    /// Inclusive minimum of a number.
    pub min: Option<NumberSpec>,
    /// Inclusive maximum of a number.
    pub max: Option<NumberSpec>,
    /// Fewest characters of a string.
    pub min_length: Option<u64>,
    /// Most characters of a string.
    pub max_length: Option<u64>,
    /// Fewest items of a list.
    pub min_items: Option<u64>,
    /// Most items of a list.
    pub max_items: Option<u64>,
    /// Regular expression a string must match (whole value unless anchored otherwise).
    pub pattern: Option<String>,
    /// The values a string may take.
    pub one_of: Option<Vec<String>>,
    /// The error code the server answers when the constraint is broken.
    pub error: Option<String>,
    /// Where the constraint comes from, or what it means.
    pub doc: Option<String>,
}

/// `max_span`: `end - start <= seconds`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaxSpanSpec {
    /// Wire name of the start field.
    pub start: String,
    /// Wire name of the end field.
    pub end: String,
    /// Largest allowed difference, in seconds.
    pub seconds: i64,
}

/// `max_age`: the timestamp field is at most `seconds` before now.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaxAgeSpec {
    /// Wire name of the timestamp field.
    pub field: String,
    /// Oldest allowed age, in seconds.
    pub seconds: i64,
}

/// A constraint across fields or against the clock: exactly one kind.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// Span between two timestamps.
    pub max_span: Option<MaxSpanSpec>,
    /// Age of a timestamp.
    pub max_age: Option<MaxAgeSpec>,
    /// The error code the server answers when the rule is broken.
    pub error: Option<String>,
    /// What the rule says, as documented.
    pub doc: Option<String>,
}

/// Lifecycle of an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// In service.
    Online,
    /// Still served, but to be replaced.
    Deprecated,
    /// No longer served.
    Offline,
}

/// One action.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionSpec {
    /// One-line summary.
    pub title: String,
    /// Full description.
    pub doc: String,
    /// Lifecycle; defaults to `online`.
    pub status: Option<Status>,
    /// Regions the action supports; empty means unrestricted.
    #[serde(default)]
    pub regions: Vec<String>,
    /// Documented server-side limit, requests per second.
    pub rate_limit: Option<u32>,
    /// `false` for actions sent with `Authorization: SKIP`.
    #[serde(default = "yes")]
    pub signed: bool,
    /// Generate a command-line example program (`examples/<action>.rs`) for it.
    #[serde(default)]
    pub example_program: bool,
    /// Request parameters in wire order.
    #[serde(default)]
    pub input: IndexMap<String, FieldSpec>,
    /// Constraints across fields or against the clock.
    #[serde(default)]
    pub rules: Vec<RuleSpec>,
    /// Response fields in wire order, without `RequestId` (always added).
    #[serde(default)]
    pub output: IndexMap<String, FieldSpec>,
    /// The action's own error codes.
    #[serde(default)]
    pub errors: IndexMap<String, ErrorSpec>,
}

fn yes() -> bool {
    true
}

/// How a client may retry an error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RetrySpec {
    /// Rate limited: back off and retry.
    Throttling,
    /// Documented as passing: retry.
    Transient,
}

/// An error code: its description, or a map with the description and retry class.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ErrorSpec {
    /// Just the description.
    Doc(String),
    /// Description and retry class.
    Full(ErrorDetail),
}

/// The long form of [`ErrorSpec`].
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorDetail {
    /// What the code means.
    pub doc: String,
    /// Whether a client may retry it.
    pub retry: Option<RetrySpec>,
}

impl ErrorSpec {
    /// The description.
    pub fn doc(&self) -> &str {
        match self {
            ErrorSpec::Doc(d) => d,
            ErrorSpec::Full(f) => &f.doc,
        }
    }

    /// The retry class, if any.
    pub fn retry(&self) -> Option<RetrySpec> {
        match self {
            ErrorSpec::Doc(_) => None,
            ErrorSpec::Full(f) => f.retry,
        }
    }
}
