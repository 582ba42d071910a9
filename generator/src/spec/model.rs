//! The YAML spec format, as people write it.
//!
//! These types mirror the files under `spec/` one to one; [`crate::resolve`] checks
//! them and turns them into the intermediate model ([`crate::ir`]). The format itself
//! is documented for people in `spec/README.md`.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// `spec/common.yaml`: what every service shares.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommonFile {
    /// Error codes any action of any service can return.
    #[serde(default)]
    pub errors: IndexMap<String, ErrorSpec>,
}

/// One service version: `spec/<service>/v<version>.yaml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceFile {
    /// Names and documentation of the service.
    pub service: ServiceInfo,
    /// Data types shared by several actions, by name.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub models: IndexMap<String, ModelSpec>,
    /// The actions, by wire name.
    pub actions: IndexMap<String, ActionSpec>,
    /// Error codes any action of this service can return; each becomes a variant of
    /// every per-action error enum.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub errors: IndexMap<String, ErrorSpec>,
    /// The service's table of codes (Tencent's `errorcodes.py`): each becomes a variant of
    /// the service-wide `ErrorCode`, with its description. Not added to per-action enums.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub codes: IndexMap<String, ErrorSpec>,
}

/// The `service:` block.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceInfo {
    /// Short name (`trtc`): host prefix and credential-scope service.
    pub name: String,
    /// API version (`2019-07-22`).
    pub version: String,
    /// Host; defaults to `{name}.tencentcloudapi.com`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    /// Crate name; defaults to `tencentcloud-{name}` (`tencentcloud-{name}-v{date}` when
    /// `spec/` holds several versions of the service).
    #[serde(rename = "crate", default, skip_serializing_if = "Option::is_none")]
    pub crate_name: Option<String>,
    /// Human title of the service.
    pub title: String,
    /// What the service does.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub doc: String,
    /// Where an imported spec came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceInfo>,
}

/// Provenance of an imported spec: the package and files it was made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceInfo {
    /// The package the description ships in (`tccli-intl-en`).
    pub package: String,
    /// The package version (`3.1.193.1`).
    pub version: String,
    /// The project directory holding the copied files, relative to the root.
    pub files: String,
}

/// Whether a model appears in requests, responses or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelSpec {
    /// What the type is.
    pub doc: String,
    /// Where it is used; defaults to `both`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<Usage>,
    /// The Rust name, when it must differ from the one the naming rule gives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
    /// Its fields, by wire name, in wire order.
    pub fields: IndexMap<String, FieldSpec>,
    /// Remarks for maintainers (contradictions in the sources, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A field's type as written: a name (`string`, `uint64`, `UserInformation`) or a
/// one-element sequence for a list (`[string]`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum TypeSpec {
    /// A scalar or model name.
    Named(String),
    /// A list of the one element type given.
    List(Vec<TypeSpec>),
}

/// A number in a constraint or default.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// The field's type.
    #[serde(rename = "type")]
    pub ty: TypeSpec,
    /// Input (and models used in requests): the request cannot be sent without it.
    /// Output (and models used only in responses): always present.
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// Models used both ways only: always present in responses (`required` then speaks
    /// of requests).
    #[serde(default, skip_serializing_if = "is_false")]
    pub output_required: bool,
    /// Output only: the server may send `null`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub nullable: bool,
    /// The description marks the member disabled (not open to callers).
    #[serde(default, skip_serializing_if = "is_false")]
    pub disabled: bool,
    /// The Rust name, when it must differ from the one the naming rule gives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
    /// The value the server assumes when the field is omitted (documentation only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<serde_yaml::Value>,
    /// Where the default was read, when it was mined from the documentation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_source: Option<String>,
    /// What the field means.
    pub doc: String,
    /// An example value, as text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// Input, required only: the code the server answers when the field is missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing: Option<String>,
    /// Constraints on the field's own value.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub constraints: Vec<ConstraintSpec>,
    /// The field is deprecated; the text says what to use instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<String>,
    /// Remarks for maintainers (contradictions in the sources, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// One constraint: exactly one of the kinds, plus the error it pre-empts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConstraintSpec {
    /// Inclusive minimum of a number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<NumberSpec>,
    /// Inclusive maximum of a number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<NumberSpec>,
    /// Fewest characters of a string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    /// Most characters of a string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    /// Fewest items of a list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u64>,
    /// Most items of a list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
    /// Regular expression a string must match (whole value unless anchored otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// The values a string may take.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub one_of: Option<Vec<String>>,
    /// `false`: the constraint is documentation only (shown in the docs, never checked
    /// before sending), for the [`reason`](Self::reason) given. Absent: enforced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enforce: Option<bool>,
    /// Why a constraint is not enforced (`enforce: false` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<NotEnforced>,
    /// The error code the server answers when the constraint is broken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Where the constraint comes from, or what it means.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// The documentation sentence the constraint was mined from, when it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl ConstraintSpec {
    /// Whether the constraint is checked before a request is sent (`enforce` absent or true).
    pub fn enforced(&self) -> bool {
        self.enforce != Some(false)
    }

    /// The same constraint, kept as documentation only for `reason`.
    pub fn documented_only(mut self, reason: NotEnforced) -> ConstraintSpec {
        self.enforce = Some(false);
        self.reason = Some(reason);
        self
    }
}

/// Why a documented constraint is not checked before sending (`reason:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotEnforced {
    /// The server adjusts values outside the bound (truncates, clamps, uses a default)
    /// instead of refusing them.
    Clamped,
    /// The documentation gives values outside the bound a meaning ("0 disables it",
    /// "-1: unlimited").
    SpecialValues,
    /// The bound is stated for one mode or condition (one item of a list), not for every
    /// request.
    ModeSpecific,
    /// A page size's upper bound that the service is not known to reject when exceeded.
    PageSize,
    /// A list of values the service returns, on a structure also used in requests.
    ReturnedValues,
    /// An enumeration on a shared structure narrower than what a request using it documents.
    WiderUse,
    /// An enumeration of software versions (`5.7`, `8.0`; `2.4.1`): a set the service
    /// changes as versions are added and retired, faster than its documentation.
    Versions,
    /// Written in a spec or overlay by hand: the bound is not confirmed to be refused.
    Unconfirmed,
}

impl NotEnforced {
    /// Every reason, in a fixed order (for summaries).
    pub const ALL: [NotEnforced; 8] = [
        NotEnforced::Clamped,
        NotEnforced::SpecialValues,
        NotEnforced::ModeSpecific,
        NotEnforced::PageSize,
        NotEnforced::ReturnedValues,
        NotEnforced::WiderUse,
        NotEnforced::Versions,
        NotEnforced::Unconfirmed,
    ];

    /// The name written in specs (`clamped`, `special_values`, ...).
    pub fn name(self) -> &'static str {
        match self {
            NotEnforced::Clamped => "clamped",
            NotEnforced::SpecialValues => "special_values",
            NotEnforced::ModeSpecific => "mode_specific",
            NotEnforced::PageSize => "page_size",
            NotEnforced::ReturnedValues => "returned_values",
            NotEnforced::WiderUse => "wider_use",
            NotEnforced::Versions => "versions",
            NotEnforced::Unconfirmed => "unconfirmed",
        }
    }
}

/// `max_span`: `end - start <= seconds`.
#[derive(Debug, Clone, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaxAgeSpec {
    /// Wire name of the timestamp field.
    pub field: String,
    /// Oldest allowed age, in seconds.
    pub seconds: i64,
}

/// A constraint across fields or against the clock: exactly one kind.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// Span between two timestamps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_span: Option<MaxSpanSpec>,
    /// Age of a timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age: Option<MaxAgeSpec>,
    /// The error code the server answers when the rule is broken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// What the rule says, as documented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

/// Lifecycle of an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionSpec {
    /// One-line summary.
    pub title: String,
    /// Full description.
    pub doc: String,
    /// Lifecycle; defaults to `online`. Offline actions are listed, not generated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// The Rust module and method name, when it must differ from the naming rule's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
    /// Regions the action supports; empty means unrestricted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
    /// Documented server-side limit, requests per second.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit: Option<u32>,
    /// `false` for actions sent with `Authorization: SKIP`.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub signed: bool,
    /// Safe to repeat after a failure that may have reached the server (read-only, or
    /// guarded by a client token). Default: read-only by name (`Describe*`, `Get*`, ...)
    /// or has a `ClientToken` input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotent: Option<bool>,
    /// Generate a command-line example program (`examples/<action>.rs`) for it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub example_program: bool,
    /// Request parameters in wire order.
    #[serde(default)]
    pub input: IndexMap<String, FieldSpec>,
    /// Constraints across fields or against the clock.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<RuleSpec>,
    /// Response fields in wire order, without `RequestId` (always added).
    #[serde(default)]
    pub output: IndexMap<String, FieldSpec>,
    /// The action's own error codes; when present the action gets its own error enum.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub errors: IndexMap<String, ErrorSpec>,
    /// How the action pages through a list, when it does: the fluent builder then gets
    /// `into_paginator()`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paginate: Option<PaginateSpec>,
    /// The action's own host, when it is not the service's (the AI actions' hosts,
    /// `trtc.ai.tencentcloudapi.com`): used instead of the service's host, never in a
    /// regional form; the signature's scope stays the service's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// When the reply is a stream of events instead of one JSON body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream: Option<StreamSpec>,
    /// How the request body is sent; default `json`.
    #[serde(default, skip_serializing_if = "BodyFormat::is_json")]
    pub body: BodyFormat,
}

/// `stream:` on an action: its reply may be a stream of events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StreamSpec {
    /// The stream's format.
    pub format: StreamFormat,
    /// The boolean input that asks for a stream (`Stream`); absent: the action always
    /// answers with a stream (a JSON reply, such as an error, is still understood).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// The model each event's data decodes into; absent: the action's output.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
}

/// The format of a streamed reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StreamFormat {
    /// Server-sent events (`Content-Type: text/event-stream`), each event's data a JSON
    /// object.
    Sse,
}

/// How an action's request body is sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyFormat {
    /// The parameters as a JSON object (every action but a few).
    #[default]
    Json,
    /// Raw bytes (`Content-Type: application/octet-stream`) given by the caller, the
    /// parameters in `X-<SERVICE>-<Name>` headers (cls `UploadLog`).
    Binary,
}

impl BodyFormat {
    /// Whether it is the default, JSON.
    pub fn is_json(&self) -> bool {
        *self == BodyFormat::Json
    }
}

/// The paging pattern of an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageKind {
    /// An integer `offset` input (items to skip) and a `limit` (page size).
    OffsetLimit,
    /// An integer `page` input (page number) and a `limit` (page size).
    PageNumber,
    /// A string `token` input echoed from the previous page's `next_token` output.
    Token,
}

/// `paginate:` on an action: which pattern it uses and which members carry it, by wire
/// name. `items` is the output list holding a page's items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaginateSpec {
    /// The pattern.
    pub kind: PageKind,
    /// `offset_limit`: the integer input giving the position of the page's first item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<String>,
    /// `page_number`: the integer input giving the page number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    /// `page_number`: the number of the first page (0 or 1); default: the page input's
    /// `default` when it is 0 or 1, else 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_page: Option<u64>,
    /// The integer input giving the page size (required except for `token`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
    /// `token`: the string input taking the previous page's `next_token`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// The output list holding the page's items.
    pub items: String,
    /// The integer output giving the number of items in all pages, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<String>,
    /// `token`: the string output giving the next page's token (empty or absent on the
    /// last page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

fn is_true(b: &bool) -> bool {
    *b
}

fn yes() -> bool {
    true
}

/// How a client may retry an error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RetrySpec {
    /// Rate limited: back off and retry.
    Throttling,
    /// Documented as passing: retry.
    Transient,
}

/// An error code: its description, or a map with the description and retry class.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ErrorSpec {
    /// Just the description.
    Doc(String),
    /// Description and retry class.
    Full(ErrorDetail),
}

/// The long form of [`ErrorSpec`].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorDetail {
    /// What the code means.
    pub doc: String,
    /// Whether a client may retry it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
