//! The intermediate model: a checked, resolved service, with every name the emitters
//! need already decided and every piece of documentation already rendered ([`Doc`]).
//! Emitters read only this, never the YAML, and convert no text.

pub use crate::naming::{ActionSymbols, CrateName, ServiceName};
pub use crate::spec::fixtures::FixtureFile;
pub use crate::spec::model::{NotEnforced, PageKind, RetrySpec as Retry, Status, Usage};

/// Documentation as the generated code shows it: rustdoc-safe Markdown, rendered once by
/// `resolve` from the spec's text. Emitters write it (in doc attributes, line by line)
/// or show it; they never convert it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Doc(String);

impl Doc {
    /// Text already rendered (`resolve::docs` renders it).
    pub(crate) fn rendered(text: String) -> Doc {
        Doc(text)
    }

    /// The rendered text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Doc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A scalar wire type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scalar {
    /// `string`: UTF-8 text.
    String,
    /// `bool`.
    Bool,
    /// `int64`.
    Int64,
    /// `uint64`.
    UInt64,
    /// `float`: 64-bit floating point.
    Float,
    /// `binary`: base64 text.
    Binary,
    /// `date`: `YYYY-MM-DD` text.
    Date,
    /// `datetime`: `YYYY-MM-DD hh:mm:ss` text.
    DateTime,
    /// `datetime_iso`: ISO 8601 text.
    DateTimeIso,
}

impl Scalar {
    /// The spec name of every scalar.
    pub(crate) const ALL: [(&'static str, Scalar); 10] = [
        ("string", Scalar::String),
        ("bool", Scalar::Bool),
        ("int64", Scalar::Int64),
        ("int", Scalar::Int64),
        ("uint64", Scalar::UInt64),
        ("float", Scalar::Float),
        ("binary", Scalar::Binary),
        ("date", Scalar::Date),
        ("datetime", Scalar::DateTime),
        ("datetime_iso", Scalar::DateTimeIso),
    ];

    /// Carried as a Rust `String`.
    pub fn is_text(self) -> bool {
        matches!(self, Scalar::String | Scalar::Binary | Scalar::Date | Scalar::DateTime | Scalar::DateTimeIso)
    }

    /// An integer type.
    pub fn is_integer(self) -> bool {
        matches!(self, Scalar::Int64 | Scalar::UInt64)
    }
}

/// A field's type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    /// A scalar.
    Scalar(Scalar),
    /// A list of the inner type.
    List(Box<Type>),
    /// A shared model, by its Rust name.
    Model(String),
}

impl Type {
    /// The model the type holds, directly or through a list.
    pub fn model(&self) -> Option<&str> {
        match self {
            Type::Model(name) => Some(name),
            Type::List(inner) => inner.model(),
            Type::Scalar(_) => None,
        }
    }
}

/// A number from the spec, kept exactly as written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Num {
    /// An integer.
    Int(i128),
    /// A float.
    Float(f64),
}

/// The kind of a single-field constraint.
#[derive(Debug, Clone, PartialEq)]
pub enum ConstraintKind {
    /// Inclusive minimum.
    Min(Num),
    /// Inclusive maximum.
    Max(Num),
    /// Fewest characters.
    MinLength(u64),
    /// Most characters.
    MaxLength(u64),
    /// Fewest items.
    MinItems(u64),
    /// Most items.
    MaxItems(u64),
    /// Regular expression.
    Pattern(String),
    /// Allowed values.
    OneOf(Vec<String>),
}

/// A constraint on one field.
#[derive(Debug, Clone, PartialEq)]
pub struct Constraint {
    /// What is checked.
    pub kind: ConstraintKind,
    /// The server error code it pre-empts.
    pub code: Option<String>,
    /// Where it comes from.
    pub doc: Option<String>,
    /// Documentation only, for this reason: shown, never checked. `None`: enforced.
    pub not_enforced: Option<NotEnforced>,
}

/// A field of a request, response or model.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Name on the wire (`SdkAppId`).
    pub wire: String,
    /// Rust field name (`sdk_app_id`), possibly raw (`r#type`).
    pub rust: String,
    /// The setter of builders and fluent builders (`set_sdk_app_id`).
    pub setter: String,
    /// The setter by value of requests and models (`with_sdk_app_id`).
    pub with_setter: String,
    /// The example program's command-line flag, without `--` (`sdk-app-id`; a list's
    /// in the singular: `user-id` for `UserIds`).
    pub cli_flag: String,
    /// Type.
    pub ty: Type,
    /// Carried without `Option`: an input that must be set, or an output documented
    /// as always present (see `lenient`).
    pub required: bool,
    /// Output: may be `null`.
    pub nullable: bool,
    /// Decoded leniently: documented as always present, so carried without `Option`,
    /// but a missing or null value decodes to the type's default (with a warning).
    pub lenient: bool,
    /// Carried as an `Option` (the model is also used in responses, where it may be
    /// absent) but must be set in requests: validation reports it missing.
    pub must_send: bool,
    /// The description marks the member disabled.
    pub disabled: bool,
    /// It holds a secret (its name says so: `naming::is_secret_member`): generated `Debug` output
    /// hides its value.
    pub secret: bool,
    /// Boxed: the field's model contains this one (a recursive type).
    pub boxed: bool,
    /// Its value is, or is a list of, a model with something to check
    /// ([`Model::validates`]): validation goes down into it.
    pub holds_validating_model: bool,
    /// The server's default when omitted, as Rust-ish text for the docs.
    pub default: Option<String>,
    /// The description, as the spec writes it.
    pub description: String,
    /// The documentation: the description with what the spec states about the field
    /// (default, constraints, example, deprecation, notes).
    pub doc: Doc,
    /// Example value.
    pub example: Option<String>,
    /// Code answered when a required field is missing.
    pub missing_code: String,
    /// Constraints.
    pub constraints: Vec<Constraint>,
    /// Deprecation note.
    pub deprecated: Option<String>,
    /// Maintainers' notes.
    pub notes: Option<String>,
}

impl Field {
    /// Whether the Rust field is an `Option`.
    pub fn is_optional(&self) -> bool {
        !self.required || self.nullable
    }
}

/// A shared data type.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Rust name (the wire name unless renamed).
    pub name: String,
    /// Name in the description.
    pub wire: String,
    /// Documentation.
    pub doc: Doc,
    /// Where it is used.
    pub usage: Usage,
    /// Fields in wire order.
    pub fields: Vec<Field>,
    /// Whether it (or a model it contains) has constraints to check.
    pub validates: bool,
}

/// A cross-field or clock rule.
#[derive(Debug, Clone, PartialEq)]
pub enum RuleKind {
    /// `end - start <= seconds`.
    MaxSpan {
        /// Start field (wire name).
        start: String,
        /// End field (wire name).
        end: String,
        /// Largest span.
        seconds: i64,
    },
    /// `now - field <= seconds`.
    MaxAge {
        /// Timestamp field (wire name).
        field: String,
        /// Oldest age.
        seconds: i64,
    },
}

/// A rule with its error mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// What is checked.
    pub kind: RuleKind,
    /// The server error code it pre-empts.
    pub code: Option<String>,
    /// As documented.
    pub doc: Option<String>,
}

/// An error code an action can return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorCode {
    /// The code (`InvalidParameter.PageSize`).
    pub code: String,
    /// The enum variant (`InvalidParameterPageSize`).
    pub variant: String,
    /// The description, as documented (what the generated `description()` returns).
    pub description: String,
    /// The description as documentation.
    pub doc: Doc,
    /// Retry class.
    pub retry: Option<Retry>,
    /// Where it is documented.
    pub origin: CodeOrigin,
}

/// Where an error code is documented.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeOrigin {
    /// `spec/common.yaml`: every service's.
    Common,
    /// The service's `errors` or `codes`.
    Service,
    /// The action's own `errors`.
    Action,
}

/// One action.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    /// Wire name (`DescribeUserInfo`).
    pub name: String,
    /// The Rust names of its items: module and client method, request, builders,
    /// response, error.
    pub symbols: ActionSymbols,
    /// One-line summary.
    pub title: Doc,
    /// Description.
    pub doc: Doc,
    /// Lifecycle.
    pub status: Status,
    /// Supported regions, empty for any.
    pub regions: Vec<String>,
    /// Requests per second.
    pub rate_limit: Option<u32>,
    /// Signed with TC3 (else `SKIP`).
    pub signed: bool,
    /// Has a generated command-line example program.
    pub example_program: bool,
    /// Request parameters.
    pub input: Vec<Field>,
    /// Cross-field rules.
    pub rules: Vec<Rule>,
    /// Response fields (without `RequestId`).
    pub output: Vec<Field>,
    /// Safe to repeat after a failure that may have reached the server.
    pub idempotent: bool,
    /// Its response, or a model it holds, has a secret member ([`Field::secret`]): a
    /// reply that fails to decode is never quoted in an error.
    pub sensitive_response: bool,
    /// The Rust field of its client-token input, which the client fills.
    pub client_token: Option<String>,
    /// Whether it has its own error enum (its own codes are known); otherwise its
    /// error is the service-wide `Error`.
    pub own_errors: bool,
    /// With `own_errors`: every code the action can return, sorted by code.
    pub errors: Vec<ErrorCode>,
    /// How the action pages, when it does (`paginate:` in the spec).
    pub paging: Option<Paging>,
    /// Its own host, used instead of the service's (`host:` in the spec).
    pub host: Option<String>,
    /// How its reply streams, when it may (`stream:` in the spec).
    pub stream: Option<Streaming>,
    /// Whether its body is the caller's bytes, the parameters in headers (`body: binary`).
    pub binary_body: bool,
}

/// An action the service marks offline: listed in the documentation, not generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfflineAction {
    /// Wire name.
    pub name: String,
    /// Its title as the spec writes it (trimmed, not rendered).
    pub title: String,
}

/// A checked `stream:`: the reply may be server-sent events.
#[derive(Debug, Clone, PartialEq)]
pub struct Streaming {
    /// The boolean input that asks for a stream; `None`: the action always streams.
    pub when: Option<Field>,
    /// The Rust name of the model each event decodes into; `None`: the action's response.
    pub event: Option<String>,
}

/// A checked `paginate:`: the members (copies of the action's fields) that carry it.
#[derive(Debug, Clone, PartialEq)]
pub struct Paging {
    /// The pattern.
    pub kind: PageKind,
    /// The integer input giving the offset (`offset_limit`) or page number (`page_number`).
    pub position: Option<Field>,
    /// `page_number`: the number of the first page.
    pub first_page: u64,
    /// The integer input giving the page size.
    pub limit: Option<Field>,
    /// `token`: the string input taking the next token.
    pub token: Option<Field>,
    /// The output list of the page's items.
    pub items: Field,
    /// The integer output giving the number of items in all pages.
    pub total: Option<Field>,
    /// `token`: the string output giving the next token.
    pub next_token: Option<Field>,
}

/// One service version: becomes one module (and Cargo feature) of its service's crate.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// Short name (`trtc`).
    pub name: ServiceName,
    /// API version (`2019-07-22`).
    pub version: String,
    /// The version's module and Cargo feature (`v20190722`).
    pub module: String,
    /// Host.
    pub endpoint: String,
    /// Crate (package) name: the same for every version of the service.
    pub crate_name: CrateName,
    /// The crate's version (the settings' versions file, or `0.1.0`).
    pub crate_version: String,
    /// Directory under `generated/`: the service's name.
    pub dir: String,
    /// Title.
    pub title: String,
    /// Description.
    pub doc: Doc,
    /// The spec file, relative to the project root.
    pub spec_file: String,
    /// Models sorted by name.
    pub models: Vec<Model>,
    /// Actions sorted by name (offline ones are not generated).
    pub actions: Vec<Action>,
    /// Offline actions, listed in the docs but not generated.
    pub offline: Vec<OfflineAction>,
    /// The service-wide code table: common codes, the service's `errors` and `codes`,
    /// sorted by code; the variants of the crate's `ErrorCode`.
    pub codes: Vec<ErrorCode>,
    /// The recorded examples of an imported spec (`tests/fixtures/trtc/v20190722/*.json`),
    /// sorted by name; the crate carries them in `tests/fixtures/<module>/`. Empty when
    /// the spec was written by hand or its import recorded none.
    pub fixtures: Vec<FixtureFile>,
    /// Provenance, for imported specs: `package version`.
    pub source: Option<String>,
}

/// The module and Cargo feature of an API version: `2019-07-22` → `v20190722`.
pub(crate) fn version_module(version: &str) -> String {
    format!("v{}", version.replace('-', ""))
}

/// One generated crate: every version of one service, oldest first.
#[derive(Debug, Clone)]
pub(crate) struct Crate<'a> {
    /// The versions, sorted by version; never empty.
    versions: Vec<&'a Service>,
}

impl<'a> Crate<'a> {
    /// The versions, oldest first.
    pub fn versions(&self) -> &[&'a Service] {
        &self.versions
    }

    /// The newest version: the crate's title and description come from it.
    pub fn newest(&self) -> &'a Service {
        // Never empty: `crates` makes each crate from at least one version.
        self.versions[self.versions.len() - 1]
    }

    /// The crate (package) name.
    pub fn crate_name(&self) -> &'a CrateName {
        &self.newest().crate_name
    }

    /// The directory under `generated/`.
    pub fn dir(&self) -> &'a str {
        &self.newest().dir
    }

    /// The service's short name.
    pub fn name(&self) -> &'a ServiceName {
        &self.newest().name
    }
}

/// `services` gathered into crates, sorted by directory: the versions sharing a
/// directory, sorted by version.
pub(crate) fn crates(services: &[Service]) -> Vec<Crate<'_>> {
    let mut sorted: Vec<&Service> = services.iter().collect();
    sorted.sort_by(|a, b| (&a.dir, &a.version).cmp(&(&b.dir, &b.version)));
    sorted.chunk_by(|a, b| a.dir == b.dir).map(|versions| Crate { versions: versions.to_vec() }).collect()
}
