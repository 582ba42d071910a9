//! Rust names for spec names: fields, methods, modules and error variants.

use heck::ToSnakeCase;

use crate::emit::runtime_paths::MODEL_SCOPE_IMPORTS;

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self",
    "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract",
    "become", "box", "do", "final", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Whether `s` is a plain identifier (`[A-Za-z_][A-Za-z0-9_]*`).
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The snake_case Rust name of a wire name, always an ASCII identifier (or empty when the
/// name has no letter or digit: callers give it one):
///
/// - each character outside ASCII becomes a word of its own, `u` and its code point in
///   lower-case hex, at least four digits (`x²` → `x_u00b2`, `①` → `u2460`), so names
///   stay distinct and every module name is one the compiler accepts;
/// - then snake_case (`SdkAppId` → `sdk_app_id`; other punctuation separates words);
/// - a leading digit gets `n_` (`1abc` → `n_1abc`, `_9Lives` → `n_9lives`);
/// - a keyword is raw (`r#type`); `self`, `super` and `crate` cannot be raw and get a
///   trailing `_`.
pub fn snake(wire: &str) -> String {
    let mut s = ascii_words(wire, "u").to_snake_case();
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert_str(0, "n_");
    }
    match s.as_str() {
        "self" | "super" | "crate" => format!("{s}_"),
        _ if KEYWORDS.contains(&s.as_str()) => format!("r#{s}"),
        _ => s,
    }
}

/// `wire` with each character outside ASCII replaced by a word of its own: `marker` and
/// the code point in lower-case hex, at least four digits, between spaces (`x²` →
/// `x u00b2 `), for the case conversions to keep.
fn ascii_words(wire: &str, marker: &str) -> String {
    let mut out = String::with_capacity(wire.len());
    for c in wire.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!(" {marker}{:04x} ", u32::from(c)));
        }
    }
    out
}

/// Whether the emitters can write `name` as a Rust identifier: a plain identifier
/// ([`is_identifier`]) that is not a keyword nor `_`, or `r#` and an identifier that
/// may be raw (any but `self`, `Self`, `super`, `crate` and `_`).
pub fn is_usable_ident(name: &str) -> bool {
    match name.strip_prefix("r#") {
        Some(raw) => is_identifier(raw) && !matches!(raw, "self" | "Self" | "super" | "crate" | "_"),
        None => is_identifier(name) && name != "_" && !KEYWORDS.contains(&name),
    }
}

/// The enum variant of an error code: each dot-separated segment with its first letter
/// upper-cased, concatenated, other letters kept as they are, so codes that differ only
/// in letter case (`SdkAppId`, `SdkAppid`) stay distinct. A segment with `_` (or another
/// character that is not a letter or digit) is split there into words, each starting
/// upper-case and an all-capital word lower-cased after its first letter, so that the
/// variant is in upper camel case (`NOT_SUPPORT_THIS_ACTION` → `NotSupportThisAction`,
/// `Code_NoEngine` → `CodeNoEngine`).
pub fn error_variant(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    for segment in code.split('.') {
        if segment.chars().all(|c| c.is_ascii_alphanumeric()) {
            push_capitalized(&mut out, segment);
            continue;
        }
        for word in segment.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
            if word.chars().any(|c| c.is_ascii_lowercase()) {
                push_capitalized(&mut out, word);
            } else {
                push_capitalized(&mut out, &word.to_ascii_lowercase());
            }
        }
    }
    out
}

/// `word` with its first letter upper-cased, the rest as it is.
fn push_capitalized(out: &mut String, word: &str) {
    let mut chars = word.chars();
    if let Some(first) = chars.next() {
        out.push(first.to_ascii_uppercase());
        out.extend(chars);
    }
}

/// Whether a member or action name can be written as it is on the wire into generated
/// string literals, documentation and the `X-TC-Action` header: not empty, without
/// control characters, quotes or backslashes.
pub fn is_printable_wire_name(wire: &str) -> bool {
    !wire.is_empty() && !wire.chars().any(|c| c.is_control() || c == '"' || c == '\\')
}

/// Whether `code` is a usable error code: `Word` or `Word.Sub.Sub` (letters, digits,
/// `_`, `-`), starting with a letter; a trailing `.` is tolerated (Tencent's tables have
/// `UnsupportedOperation.`).
pub fn is_error_code(code: &str) -> bool {
    let trimmed = code.strip_suffix('.').unwrap_or(code);
    !trimmed.is_empty()
        && trimmed.split('.').all(|seg| {
            let mut chars = seg.chars();
            matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        })
}

/// The command-line flag of an input field in a generated example program: the wire
/// name in kebab-case (`SdkAppId` → `sdk-app-id`); a list takes one value per
/// occurrence and is named in the singular (`UserIds` → repeated `user-id`).
pub fn cli_flag(wire: &str, is_list: bool) -> String {
    use heck::ToKebabCase;
    let flag = wire.to_kebab_case();
    match flag.strip_suffix('s') {
        Some(singular) if is_list && !singular.is_empty() && !singular.ends_with('-') => singular.to_owned(),
        _ => flag,
    }
}

/// The wire name of the input that makes a mutating action safe to repeat.
pub const CLIENT_TOKEN: &str = "ClientToken";

/// Whether an input is a client token the client can fill: an optional string.
pub fn is_client_token(field: &crate::spec::model::FieldSpec) -> bool {
    !field.required && matches!(&field.ty, crate::spec::model::TypeSpec::Named(t) if t == "string")
}

/// Prefixes of action names that only read (`DescribeInstances`, `GetFoo`, ...).
const READ_ONLY_PREFIXES: [&str; 7] = ["Describe", "Get", "List", "Query", "Inquire", "Check", "Search"];

/// Whether the action's name says it only reads: a read-only prefix followed by an
/// upper-case letter or the end (`Describe`, `DescribeX`, not `Describer`).
pub fn is_read_only_action(name: &str) -> bool {
    READ_ONLY_PREFIXES.iter().any(|p| {
        name.strip_prefix(p).is_some_and(|rest| rest.is_empty() || rest.starts_with(|c: char| c.is_ascii_uppercase()))
    })
}

/// Names the generated code uses unqualified where models are defined, besides the
/// runtime's it imports there ([`MODEL_SCOPE_IMPORTS`]): the prelude's traits and types
/// (`impl Into<String>`, `IntoIterator`, `Default`, ...), the version's own and std's,
/// which a model must not shadow, plus `Self`. [`is_reserved_type_name`] checks both.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "Arc",
    "AsMut",
    "AsRef",
    "Box",
    "Client",
    "Clone",
    "Config",
    "Copy",
    "Debug",
    "Default",
    "Deserialize",
    "Display",
    "Drop",
    "Eq",
    "Err",
    "Error",
    "ErrorCode",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Future",
    "Hash",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Pin",
    "Request",
    "Response",
    "Result",
    "Self",
    "Send",
    "Serialize",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Value",
    "Vec",
];

/// Whether a model may not be called `name`: one of [`RESERVED_TYPE_NAMES`], or a name
/// of the runtime the generated code imports where models are defined
/// ([`MODEL_SCOPE_IMPORTS`], from the registry of runtime paths).
pub fn is_reserved_type_name(name: &str) -> bool {
    RESERVED_TYPE_NAMES.contains(&name) || MODEL_SCOPE_IMPORTS.iter().any(|item| item.name() == name)
}

/// A type name for a wire name: kept when it is an UpperCamelCase identifier, else
/// converted to one (`instance-type` → `InstanceType`; each character outside ASCII a
/// word `U` and its code point in hex, `x²` → `XU00b2`; a leading digit gets `T`).
pub fn type_ident(wire: &str) -> String {
    use heck::ToUpperCamelCase;
    let ok = is_identifier(wire) && wire.starts_with(|c: char| c.is_ascii_uppercase()) && !wire.contains('_');
    if ok {
        return wire.to_owned();
    }
    let cleaned: String =
        ascii_words(wire, "U").chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect();
    let camel = cleaned.to_upper_camel_case();
    if camel.is_empty() || camel.starts_with(|c: char| c.is_ascii_digit()) {
        format!("T{camel}")
    } else {
        camel
    }
}

/// The one renaming rule: `base` if `free(base)`, else `base` + `suffix` + 2, 3, …
/// (`name_2`, `Type2`), the first that is free.
pub fn first_free(base: &str, suffix: &str, mut free: impl FnMut(&str) -> bool) -> String {
    if free(base) {
        return base.to_owned();
    }
    (2..).map(|n| format!("{base}{suffix}{n}")).find(|c| free(c)).unwrap_or_else(|| base.to_owned())
}

/// The Rust type name of a model: [`type_ident`], with `Model` appended when that is a
/// name the generated code uses ([`RESERVED_TYPE_NAMES`]), then the renaming rule
/// ([`first_free`]) against the names already `taken`.
pub fn model_name(wire: &str, taken: &std::collections::BTreeSet<String>) -> String {
    let mut base = type_ident(wire);
    if is_reserved_type_name(&base) {
        base.push_str("Model");
    }
    first_free(&base, "", |c| !taken.contains(c) && !is_reserved_type_name(c))
}

/// The snake_case name of a member: [`snake`] (raw for keywords), with the renaming
/// rule ([`first_free`], `_2`, `_3`, …) applied until none of the methods generated
/// from it ([`member_methods`]) is `taken`. Claims those names.
pub fn member_name(wire: &str, taken: &mut std::collections::BTreeSet<String>) -> String {
    let mut base = snake(wire);
    if base.trim_start_matches("r#").is_empty() {
        base = "field".to_owned();
    }
    let raw = base.starts_with("r#");
    let plain = base.trim_start_matches("r#").to_owned();
    let chosen = first_free(&plain, "_", |c| member_methods(c).iter().all(|m| !taken.contains(m)));
    taken.extend(member_methods(&chosen));
    if raw && chosen == plain {
        base
    } else {
        chosen
    }
}

/// The methods generated for the member `member` (raw or not): the setter named like it
/// (`x`), the setter of an `Option` ([`set_method`]) and the request's or model's setter
/// by value ([`with_method`]), without `r#`.
pub fn member_methods(member: &str) -> [String; 3] {
    [member.trim_start_matches("r#").to_owned(), set_method(member), with_method(member)]
}

/// The builders' setter of an `Option` for the member `member`: `set_x`.
pub fn set_method(member: &str) -> String {
    format!("set_{}", member.trim_start_matches("r#"))
}

/// The setter by value of a request or model for the member `member`: `with_x`.
pub fn with_method(member: &str) -> String {
    format!("with_{}", member.trim_start_matches("r#"))
}

/// Names a member may not take: the fixed methods of requests, builders and fluent
/// builders (`customize` and `call_overrides` the per-call overrides'), the trait methods
/// the generated code calls on them (`default`, `clone`, `fmt`: an inherent method of
/// that name would shadow it), and the response's `request_id`.
pub const RESERVED_MEMBER_NAMES: &[&str] = &[
    "as_input",
    "build",
    "builder",
    "call_overrides",
    "clone",
    "customize",
    "default",
    "fmt",
    "into_paginator",
    "meta",
    "new",
    "request_id",
    "send",
];

/// Methods of the generated service `Client`, which no action may take as its name.
pub const CLIENT_METHODS: &[&str] = &["new", "from_runtime", "runtime", "execute", "clone", "fmt", "config"];

/// The module and method name of an action: [`snake`], `_` after a keyword (`Type` →
/// `type_`), `action` when nothing is left, then the renaming rule against `taken`
/// (client methods and other actions). Claims it.
pub fn action_name(wire: &str, taken: &mut std::collections::BTreeSet<String>) -> String {
    let s = snake(wire);
    let base = match s.strip_prefix("r#") {
        Some(raw) => format!("{raw}_"),
        None if s.is_empty() => "action".to_owned(),
        None => s,
    };
    let chosen = first_free(&base, "_", |c| !taken.contains(c) && !CLIENT_METHODS.contains(&c));
    taken.insert(chosen.clone());
    chosen
}

/// Why `name` cannot be the `rust_name` of an action (its module and method), if it
/// cannot: a snake_case identifier, not a keyword (modules are never raw), not `_`, not
/// a method of the client.
pub fn action_rust_name_problem(name: &str) -> Option<String> {
    let usable = is_usable_ident(name) && !name.starts_with("r#");
    if !usable || name.starts_with(|c: char| c.is_ascii_uppercase()) {
        Some(format!("`{name}` is not a snake_case method name (ASCII letters, digits and `_`, not a keyword)"))
    } else if CLIENT_METHODS.contains(&name) {
        Some(format!("`{name}` is a method of the client"))
    } else {
        None
    }
}

/// Why `name` cannot be the `rust_name` of a member, if it cannot: a snake_case
/// identifier, a keyword written raw (`r#type`), never `self`, `super`, `crate`, `_`.
pub fn member_rust_name_problem(name: &str) -> Option<String> {
    let plain = name.trim_start_matches("r#");
    (!is_usable_ident(name) || plain.starts_with(|c: char| c.is_ascii_uppercase())).then(|| {
        format!(
            "`{name}` is not a snake_case name (ASCII letters, digits and `_`; a keyword written `r#type`; not `self`, `super`, `crate` or `_`)"
        )
    })
}

/// The types an operation module defines for its action, each the action's type prefix
/// ([`action_type_prefix`]) and one of these, in the order of [`ActionSymbols::types`].
pub const OPERATION_TYPE_SUFFIXES: [&str; 5] = ["Request", "RequestBuilder", "Response", "Error", "FluentBuilder"];

/// The Rust names of one action's items, decided once, in `naming::action_symbols`, and
/// read by every emitter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionSymbols {
    /// Its module under `operation`, also the client's method (`describe_user_info`).
    pub module: String,
    /// The request (`DescribeUserInfoRequest`).
    pub request: String,
    /// The request's builder (`DescribeUserInfoRequestBuilder`).
    pub request_builder: String,
    /// The response (`DescribeUserInfoResponse`).
    pub response: String,
    /// The error: its own enum, or an alias of the service-wide error
    /// (`DescribeUserInfoError`).
    pub error: String,
    /// The fluent builder the client's method returns (`DescribeUserInfoFluentBuilder`).
    pub fluent_builder: String,
}

impl ActionSymbols {
    /// The types the action's module defines: request, request builder, response, error,
    /// fluent builder (`naming::OPERATION_TYPE_SUFFIXES`).
    pub fn types(&self) -> [&str; 5] {
        [&self.request, &self.request_builder, &self.response, &self.error, &self.fluent_builder]
    }
}

/// The names of the action `wire` whose module (and method) is `module`: its types are
/// its type prefix ([`action_type_prefix`], claimed in `taken`) and each of
/// [`OPERATION_TYPE_SUFFIXES`].
pub fn action_symbols(wire: &str, module: String, taken: &mut std::collections::BTreeSet<String>) -> ActionSymbols {
    let prefix = action_type_prefix(wire, taken);
    let [request, request_builder, response, error, fluent_builder] =
        OPERATION_TYPE_SUFFIXES.map(|suffix| format!("{prefix}{suffix}"));
    ActionSymbols { module, request, request_builder, response, error, fluent_builder }
}

/// Type names the generated operation modules and example programs import beside an
/// action's own types (the `use` blocks of `emit::operation`, `emit::example` and
/// `emit::guide`; a test keeps this list complete).
pub const OPERATION_SCOPE_NAMES: &[&str] = &[
    "Action",
    "ActionMetadata",
    "Client",
    "Config",
    "ConfigBuilder",
    "Duration",
    "Endpoint",
    "ErrorCode",
    "ErrorMetadata",
    "ExitCode",
    "FromStr",
    "MockTransport",
    "RetryKind",
    "SdkError",
    "ServiceError",
    "ValidationContext",
    "ValidationError",
    "Violations",
];

/// The type prefix of an action (`DescribeUserInfo` → `DescribeUserInfoRequest`, ...):
/// [`type_ident`] of its wire name, then the renaming rule ([`first_free`], `2`, `3`, …)
/// until no type it makes ([`OPERATION_TYPE_SUFFIXES`]) is a name imported beside it
/// ([`OPERATION_SCOPE_NAMES`]) or one of the prelude's ([`RESERVED_TYPE_NAMES`]), and
/// the prefix is not `taken` by another action: `Service` would define `ServiceError`
/// beside the runtime's, so it becomes `Service2`. Claims it.
fn action_type_prefix(wire: &str, taken: &mut std::collections::BTreeSet<String>) -> String {
    let clashes = |prefix: &str| {
        OPERATION_TYPE_SUFFIXES.iter().any(|suffix| {
            let name = format!("{prefix}{suffix}");
            OPERATION_SCOPE_NAMES.contains(&name.as_str()) || is_reserved_type_name(&name)
        })
    };
    let chosen = first_free(&type_ident(wire), "", |c| !taken.contains(c) && !clashes(c));
    taken.insert(chosen.clone());
    chosen
}

/// The variant of an error code ([`error_variant`]), with the renaming rule against
/// `taken` (other codes, `Unhandled`, `Common`, and `Self`, which no variant can be).
/// Claims it.
pub fn code_variant(code: &str, taken: &mut std::collections::BTreeSet<String>) -> String {
    let base = error_variant(code);
    let chosen = first_free(&base, "", |c| !taken.contains(c) && !matches!(c, "Unhandled" | "Common" | "Self"));
    taken.insert(chosen.clone());
    chosen
}

/// Whether a member named `wire` holds a secret: a secret key, a credential token, a
/// password, a private key, a user signature. Generated `Debug` output hides its value,
/// and an action whose response carries one never shows its body in an error.
/// Paging and idempotency tokens (`NextToken`, `ClientToken`) are not secrets.
pub fn is_secret_member(wire: &str) -> bool {
    const SUFFIXES: [&str; 10] = [
        "secretkey",
        "sessiontoken",
        "securitytoken",
        "accesstoken",
        "refreshtoken",
        "password",
        "privatekey",
        "privatemapkey",
        "apikey",
        "usersig",
    ];
    let lower = wire.to_ascii_lowercase();
    lower == "token" || SUFFIXES.iter().any(|s| lower.ends_with(s))
}

/// A plain service name, as spec directories and `service.name` are spelled: a
/// lower-case letter, then lower-case letters and digits (`trtc`).
pub fn is_service_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
}

/// A name checked once, when made: what the manifests, headers, paths and generated code
/// may write raw. The text is read with `as_str`, shown with `Display`, and compared
/// with text.
macro_rules! checked_name {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl $name {
            /// The name.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }
    };
}

checked_name! {
    /// A service's short name (`trtc`): at least two characters, a lower-case letter, then
    /// lower-case letters and digits (`naming::is_service_name`).
    ServiceName
}

impl ServiceName {
    /// `name`, or why it is not a service name.
    pub fn new(name: &str) -> Result<ServiceName, String> {
        if name.len() > 1 && is_service_name(name) {
            Ok(ServiceName(name.to_owned()))
        } else {
            Err("a service name is lower-case letters and digits (`trtc`)".to_owned())
        }
    }
}

checked_name! {
    /// A crate (package) name that `naming::crate_dir` accepts (`tencentcloud-trtc`): a
    /// lower-case letter, then lower-case letters, digits, `-` and `_`, at most 64
    /// characters, leaving a directory name after `tencentcloud-`.
    CrateName
}

impl CrateName {
    /// `name`, or why it is not a crate name.
    pub fn new(name: &str) -> Result<CrateName, String> {
        crate_dir(name).map(|_| CrateName(name.to_owned()))
    }

    /// The library name code writes (`tencentcloud_trtc`).
    pub fn lib_name(&self) -> String {
        self.0.replace('-', "_")
    }
}

/// The target name of an example program: its stem after the crate's directory and the
/// version's module (`sms_v20210111_first_call`), since the examples of every version of
/// a crate share its `examples/`, and example binaries of a workspace share one directory.
pub fn example_target(dir: &str, module: &str, stem: &str) -> String {
    format!("{}_{module}_{}", dir.replace('-', "_"), stem.trim_start_matches("r#"))
}

/// The prefix of generated crates' names; the rest names their directory.
pub const CRATE_PREFIX: &str = "tencentcloud-";

/// The directory under `generated/` of the crate `name`: `name` without
/// [`CRATE_PREFIX`]. Refused unless `name` is a proper crate name (a lower-case letter,
/// then lower-case letters, digits, `-` and `_`; at most 64 characters; so never `..`,
/// `/` or a control character) and the directory is too (it starts with a lower-case
/// letter or digit). The error says why, for a diagnostic.
pub fn crate_dir(name: &str) -> Result<&str, String> {
    let shown = name.escape_debug();
    if name.is_empty() {
        return Err("a crate name cannot be empty".into());
    }
    if !(name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_'))
    {
        return Err(format!(
            "`{shown}` is not a crate name: a lower-case letter, then lower-case letters, digits, `-` and `_`"
        ));
    }
    if name.len() > 64 {
        return Err(format!("`{shown}` is longer than the 64 characters of a crate name"));
    }
    if name == "tencentcloud-runtime" {
        return Err("`tencentcloud-runtime` is the runtime's crate name".into());
    }
    let dir = name.strip_prefix(CRATE_PREFIX).unwrap_or(name);
    if !dir.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit()) {
        return Err(format!(
            "`{shown}` leaves no directory name under generated/: after `{CRATE_PREFIX}` comes a lower-case letter \
             or digit"
        ));
    }
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn snake_names_are_ascii_identifiers() {
        let cases = [
            ("SdkAppId", "sdk_app_id"),
            ("1abc", "n_1abc"),
            ("_1", "n_1"),
            ("_9Lives", "n_9lives"),
            ("x²", "x_u00b2"),
            ("①", "u2460"),
            ("a½", "a_u00bd"),
            ("名前", "u540d_u524d"),
            ("type", "r#type"),
            ("Self", "self_"),
            ("_", ""),
        ];
        for (wire, rust) in cases {
            assert_eq!(snake(wire), rust, "{wire}");
            assert!(rust.is_empty() || is_usable_ident(rust), "{rust}");
        }
    }

    #[test]
    fn names_of_fields_and_error_variants() {
        assert_eq!(snake("UserIds"), "user_ids");
        assert_eq!(error_variant("InvalidParameter.SdkAppId"), "InvalidParameterSdkAppId");
        assert_eq!(error_variant("InvalidParameter.SdkAppid"), "InvalidParameterSdkAppid");
        assert_eq!(error_variant("FailedOperation.3rd-party"), "FailedOperation3rdParty");
        // Upper camel case (rustc's non_camel_case_types), from codes of billing and dlc.
        assert_eq!(
            error_variant("UnsupportedOperation.NOT_SUPPORT_THIS_ACTION"),
            "UnsupportedOperationNotSupportThisAction"
        );
        assert_eq!(
            error_variant("UnauthorizedOperation.UnauthorizedOperationCode_NoEngineCamPermissions"),
            "UnauthorizedOperationUnauthorizedOperationCodeNoEngineCamPermissions"
        );
        // Segments without `_` keep their letters (an acronym stays an acronym).
        assert_eq!(error_variant("FailedOperation.VPC"), "FailedOperationVPC");
        assert!(is_error_code("InternalError.HttpParaseFalied"));
        assert!(!is_error_code("Bad..Code"));
        assert!(!is_error_code("Bad Code"));
    }

    #[test]
    fn type_names_are_ascii_identifiers() {
        for (wire, rust) in
            [("x²", "XU00b2"), ("①", "U2460"), ("1Describe", "T1describe"), ("instance-type", "InstanceType")]
        {
            assert_eq!(type_ident(wire), rust, "{wire}");
        }
    }

    #[test]
    fn action_names_never_come_out_empty_or_keywords() {
        let mut taken = BTreeSet::new();
        assert_eq!(action_name("_", &mut taken), "action");
        assert_eq!(action_name("Type", &mut taken), "type_");
        assert_eq!(action_name("1Describe", &mut taken), "n_1describe");
        assert_eq!(action_name("New", &mut taken), "new_2", "a client method");
    }

    #[test]
    fn action_types_never_take_an_imported_name() {
        let mut taken = BTreeSet::new();
        assert_eq!(action_type_prefix("DescribeUserInfo", &mut taken), "DescribeUserInfo");
        for (wire, prefix) in [("Service", "Service2"), ("Validation", "Validation2"), ("Sdk", "Sdk2")] {
            assert_eq!(action_type_prefix(wire, &mut taken), prefix, "{wire}");
        }
        assert_eq!(action_type_prefix("DescribeUserInfo", &mut taken), "DescribeUserInfo2", "taken");
    }

    #[test]
    fn an_actions_types_share_its_type_prefix() {
        let mut taken = BTreeSet::new();
        let symbols = action_symbols("Service", "service".to_owned(), &mut taken);
        assert_eq!(symbols.module, "service");
        let prefixed = OPERATION_TYPE_SUFFIXES.map(|suffix| format!("Service2{suffix}"));
        assert_eq!(symbols.types(), prefixed.each_ref().map(String::as_str));
        assert_eq!(symbols.fluent_builder, "Service2FluentBuilder");
    }

    #[test]
    fn members_never_take_the_methods_of_the_per_call_overrides() {
        let mut taken: BTreeSet<String> = RESERVED_MEMBER_NAMES.iter().map(|s| (*s).to_owned()).collect();
        assert_eq!(member_name("Customize", &mut taken), "customize_2");
        assert_eq!(member_name("CallOverrides", &mut taken), "call_overrides_2");
        // Its methods (`set_customize`, `set_set_customize`, `with_set_customize`) are free.
        assert_eq!(member_name("SetCustomize", &mut taken), "set_customize");
        assert_eq!(member_methods("r#type"), ["type", "set_type", "with_type"]);
    }

    #[test]
    fn usable_identifiers_exclude_what_cannot_be_written() {
        for ok in ["name", "r#type", "r#name", "_x", "n_1"] {
            assert!(is_usable_ident(ok), "{ok}");
        }
        for bad in ["type", "_", "r#_", "r#self", "r#Self", "r#super", "r#crate", "1a", "", "é", "r#"] {
            assert!(!is_usable_ident(bad), "{bad}");
        }
        assert!(member_rust_name_problem("r#type").is_none());
        assert!(member_rust_name_problem("Name").is_some());
        assert!(action_rust_name_problem("r#type").is_some(), "a module is never raw");
        assert!(action_rust_name_problem("execute").is_some(), "a client method");
        assert!(action_rust_name_problem("describe").is_none());
    }

    #[test]
    fn checked_names_refuse_what_a_manifest_cannot_hold() {
        for bad in ["x\"\n[evil]\nname = \"y", "tencentcloud-", "Trtc", ""] {
            assert!(CrateName::new(bad).is_err(), "{bad:?}");
        }
        for bad in ["trtc\", \"\n[evil]", "t", "1abc", "a-b", ""] {
            assert!(ServiceName::new(bad).is_err(), "{bad:?}");
        }
        let name = CrateName::new("tencentcloud-trtc").expect("a crate name");
        assert_eq!((name.as_str(), name.lib_name()), ("tencentcloud-trtc", "tencentcloud_trtc".to_owned()));
        assert_eq!(ServiceName::new("trtc").map(|n| n.to_string()), Ok("trtc".to_owned()));
    }

    #[test]
    fn a_crate_name_of_exactly_64_characters_is_accepted() {
        let name = format!("tencentcloud-{}", "a".repeat(64 - "tencentcloud-".len()));
        assert_eq!(name.len(), 64);
        assert_eq!(crate_dir(&name), Ok(&name["tencentcloud-".len()..]));
        let longer = format!("{name}b");
        assert!(crate_dir(&longer).expect_err("65 characters").contains("longer than the 64 characters"));
    }

    #[test]
    fn crate_dirs_are_plain_names() {
        assert_eq!(crate_dir("tencentcloud-trtc"), Ok("trtc"));
        assert_eq!(crate_dir("tencentcloud-features-v20240101"), Ok("features-v20240101"));
        assert_eq!(crate_dir("my_crate"), Ok("my_crate"));
        assert_eq!(crate_dir("tencentcloud-2fa"), Ok("2fa"));
        for bad in [
            "",
            "tencentcloud-",
            "..",
            "tencentcloud-..",
            "tencentcloud--x",
            "tencentcloud-_x",
            "-x",
            "_x",
            "1x",
            "a/b",
            "a\nb",
            "A",
            "tencentcloud-runtime",
            &"a".repeat(65),
        ] {
            assert!(crate_dir(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn no_model_takes_a_name_the_runtime_imports_beside_it() {
        for item in crate::emit::runtime_paths::MODEL_SCOPE_IMPORTS {
            assert!(is_reserved_type_name(item.name()), "{}", item.name());
            assert_ne!(model_name(item.name(), &std::collections::BTreeSet::new()), item.name());
        }
    }
}
