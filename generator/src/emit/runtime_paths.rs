//! Every item of the runtime crate (`tencentcloud_runtime`) the generated code names, in
//! one place, as smithy-rs's `RuntimeType`: an emitter takes a path from here
//! ([`RuntimeItem::path`]) or imports a few names ([`imports`]) instead of spelling
//! `tencentcloud_runtime::…` itself. What the generated modules that define models
//! import unqualified ([`MODEL_SCOPE_IMPORTS`]) is what `naming` keeps models from
//! being called.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

/// The runtime's library name, as generated code names it.
pub const RUNTIME_CRATE: &str = "tencentcloud_runtime";

/// An item of the runtime: the module under the crate root it lives in (empty for the
/// root) and its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuntimeItem {
    module: &'static str,
    name: &'static str,
}

impl RuntimeItem {
    const fn new(module: &'static str, name: &'static str) -> RuntimeItem {
        RuntimeItem { module, name }
    }

    /// The item's name alone (`SdkError`), as code that imports it writes it.
    pub fn name(self) -> &'static str {
        self.name
    }

    /// The item's name as an identifier, for code that imports it.
    pub fn ident(self) -> Ident {
        Ident::new(self.name, Span::call_site())
    }

    /// The full path: `tencentcloud_runtime::error::SdkError`.
    pub fn path(self) -> TokenStream {
        let (module, name) = (module_path(self.module), self.ident());
        quote! { #module :: #name }
    }

    /// The full path as text, for documentation links.
    pub fn text(self) -> String {
        if self.module.is_empty() {
            format!("{RUNTIME_CRATE}::{}", self.name)
        } else {
            format!("{RUNTIME_CRATE}::{}::{}", self.module, self.name)
        }
    }
}

/// `tencentcloud_runtime` followed by the segments of `module` (`error`, `a::b`).
fn module_path(module: &str) -> TokenStream {
    let krate = format_ident!("{RUNTIME_CRATE}");
    let segments = module.split("::").filter(|s| !s.is_empty()).map(|s| format_ident!("{s}"));
    quote! { #krate #(:: #segments)* }
}

/// The runtime crate's name as an identifier (`pub use tencentcloud_runtime as runtime`).
pub fn runtime_crate() -> Ident {
    format_ident!("{RUNTIME_CRATE}")
}

/// The `paginate` module, for documentation links.
pub fn paginate_module_text() -> String {
    format!("{RUNTIME_CRATE}::paginate")
}

/// `use` declarations of `items`: one for each run of items of the same module, in the
/// order given (`use tencentcloud_runtime::error::{RetryKind, SdkError};`, braces only
/// around several names).
pub fn imports(items: &[RuntimeItem]) -> TokenStream {
    use_declarations(quote! {}, items)
}

/// As [`imports`], re-exported (`pub use`).
pub fn reexports(items: &[RuntimeItem]) -> TokenStream {
    use_declarations(quote! { pub }, items)
}

fn use_declarations(vis: TokenStream, items: &[RuntimeItem]) -> TokenStream {
    let mut out = TokenStream::new();
    for run in items.chunk_by(|a, b| a.module == b.module) {
        let module = module_path(run[0].module);
        let names = run.iter().map(|i| i.ident());
        out.extend(if run.len() == 1 {
            quote! { #vis use #module :: #(#names)*; }
        } else {
            quote! { #vis use #module :: { #(#names),* }; }
        });
    }
    out
}

// The crate root.
/// The runtime's client.
pub const CLIENT: RuntimeItem = RuntimeItem::new("", "Client");
/// The client's configuration.
pub const CONFIG: RuntimeItem = RuntimeItem::new("", "Config");
/// Where requests go (`Endpoint::Regional`, a custom host), re-exported by each crate.
pub const ENDPOINT: RuntimeItem = RuntimeItem::new("", "Endpoint");
/// The language of error messages, re-exported by each crate.
pub const LANGUAGE: RuntimeItem = RuntimeItem::new("", "Language");
/// Per-call overrides of the configuration.
pub const CALL_OVERRIDES: RuntimeItem = RuntimeItem::new("", "CallOverrides");
/// What a streaming action's `send()` gives: events, or one JSON reply.
pub const STREAM_REPLY: RuntimeItem = RuntimeItem::new("", "StreamReply");
/// The macro serialising a request struct.
pub const SERIALIZE_STRUCT: RuntimeItem = RuntimeItem::new("", "serialize_struct");
/// The macro deserialising a response struct.
pub const DESERIALIZE_STRUCT: RuntimeItem = RuntimeItem::new("", "deserialize_struct");
/// The macro for a model used both ways.
pub const WIRE_STRUCT: RuntimeItem = RuntimeItem::new("", "wire_struct");

// `action`.
/// What an action's request implements.
pub const ACTION: RuntimeItem = RuntimeItem::new("action", "Action");
/// An action's name, version and other constants.
pub const ACTION_METADATA: RuntimeItem = RuntimeItem::new("action", "ActionMetadata");
/// What the request of an action whose reply may stream implements.
pub const STREAMING_ACTION: RuntimeItem = RuntimeItem::new("action", "StreamingAction");

// `bytes` (re-exported by the runtime).
/// The body of a binary action.
pub const BYTES: RuntimeItem = RuntimeItem::new("bytes", "Bytes");

// `credentials`.
/// Credentials.
pub const CREDENTIALS: RuntimeItem = RuntimeItem::new("credentials", "Credentials");

// `error`.
/// The error of a call.
pub const SDK_ERROR: RuntimeItem = RuntimeItem::new("error", "SdkError");
/// Code, message and request id of a service error.
pub const ERROR_METADATA: RuntimeItem = RuntimeItem::new("error", "ErrorMetadata");
/// Whether and how an error is retried.
pub const RETRY_KIND: RuntimeItem = RuntimeItem::new("error", "RetryKind");
/// What an action's error type implements.
pub const SERVICE_ERROR: RuntimeItem = RuntimeItem::new("error", "ServiceError");
/// What a service's error code implements.
pub const CODED_ERROR: RuntimeItem = RuntimeItem::new("error", "CodedError");
/// The table of a service's error codes.
pub const ERROR_CODES: RuntimeItem = RuntimeItem::new("error", "ErrorCodes");
/// The retry class of a code no spec classifies.
pub const DEFAULT_RETRY_KIND: RuntimeItem = RuntimeItem::new("error", "default_retry_kind");

// `validation`.
/// What validation of a request knows (whether it is on).
pub const VALIDATION_CONTEXT: RuntimeItem = RuntimeItem::new("validation", "ValidationContext");
/// A request that fails validation.
pub const VALIDATION_ERROR: RuntimeItem = RuntimeItem::new("validation", "ValidationError");
/// The violations found so far.
pub const VIOLATIONS: RuntimeItem = RuntimeItem::new("validation", "Violations");
/// The path of a member of a nested model.
pub const JOIN_PATH: RuntimeItem = RuntimeItem::new("validation", "join_path");
/// The path of an item of a list member.
pub const ITEM_PATH: RuntimeItem = RuntimeItem::new("validation", "item_path");

// `regex`.
/// The regular expressions of patterns.
pub const REGEX: RuntimeItem = RuntimeItem::new("regex", "Regex");
/// A pattern that does not compile.
pub const REGEX_ERROR: RuntimeItem = RuntimeItem::new("regex", "Error");

// `paginate`.
/// What a paginated request implements.
pub const PAGINATED: RuntimeItem = RuntimeItem::new("paginate", "Paginated");
/// How a request pages.
pub const PAGE_STYLE: RuntimeItem = RuntimeItem::new("paginate", "PageStyle");
/// The stream of pages.
pub const PAGINATOR: RuntimeItem = RuntimeItem::new("paginate", "Paginator");

// `dynamic`.
/// Sends an action by name with JSON parameters.
pub const DYNAMIC_CALL: RuntimeItem = RuntimeItem::new("dynamic", "call");
/// The untyped call of an action whose reply may stream.
pub const DYNAMIC_CALL_STREAM: RuntimeItem = RuntimeItem::new("dynamic", "call_stream");
/// The untyped call of an action with a binary body.
pub const DYNAMIC_CALL_BINARY: RuntimeItem = RuntimeItem::new("dynamic", "call_binary");
/// An action of the table.
pub const ACTION_ENTRY: RuntimeItem = RuntimeItem::new("dynamic", "ActionEntry");
/// A parameter of an action of the table.
pub const PARAM_ENTRY: RuntimeItem = RuntimeItem::new("dynamic", "ParamEntry");
/// A parameter's kind.
pub const PARAM_KIND: RuntimeItem = RuntimeItem::new("dynamic", "ParamKind");
/// A service of the table.
pub const SERVICE_ENTRY: RuntimeItem = RuntimeItem::new("dynamic", "ServiceEntry");

// `mock`.
/// What a fluent builder implements for the mock.
pub const FLUENT_REQUEST: RuntimeItem = RuntimeItem::new("mock", "FluentRequest");
/// What the mock module of a version re-exports.
pub const MOCK_REEXPORTS: [RuntimeItem; 6] = [
    RuntimeItem::new("mock", "rule"),
    RuntimeItem::new("mock", "rule_for"),
    RuntimeItem::new("mock", "MockTransport"),
    RuntimeItem::new("mock", "Rule"),
    RuntimeItem::new("mock", "RuleBuilder"),
    RuntimeItem::new("mock", "Unmatched"),
];

// Replay of recorded examples.
/// Replays one recorded example.
pub const REPLAY_EXAMPLE: RuntimeItem = RuntimeItem::new("examples", "replay_example");
/// Replays one recorded example of an action whose reply may stream.
pub const REPLAY_STREAM_EXAMPLE: RuntimeItem = RuntimeItem::new("examples", "replay_stream_example");
/// A recorded example.
pub const FIXTURE: RuntimeItem = RuntimeItem::new("test_util", "Fixture");

/// What an action's module imports unqualified; its models and the version's types
/// module (which imports [`VALIDATION_CONTEXT`] and [`VIOLATIONS`]) must not take these
/// names.
pub const MODEL_SCOPE_IMPORTS: [RuntimeItem; 9] = [
    ACTION,
    ACTION_METADATA,
    ERROR_METADATA,
    RETRY_KIND,
    SDK_ERROR,
    SERVICE_ERROR,
    VALIDATION_CONTEXT,
    VALIDATION_ERROR,
    VIOLATIONS,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_imports_are_spelled_as_code_writes_them() {
        assert_eq!(CLIENT.path().to_string(), quote! { tencentcloud_runtime::Client }.to_string());
        assert_eq!(SDK_ERROR.path().to_string(), quote! { tencentcloud_runtime::error::SdkError }.to_string());
        assert_eq!(PAGINATOR.text(), "tencentcloud_runtime::paginate::Paginator");
        assert_eq!(CONFIG.text(), "tencentcloud_runtime::Config");
        let expected = quote! {
            use tencentcloud_runtime::action::{Action, ActionMetadata};
            use tencentcloud_runtime::error::SdkError;
            use tencentcloud_runtime::Config;
        };
        assert_eq!(imports(&[ACTION, ACTION_METADATA, SDK_ERROR, CONFIG]).to_string(), expected.to_string());
        assert!(reexports(&[CREDENTIALS]).to_string().starts_with("pub use"));
    }
}
