//! The usage examples every version of a crate gets
//! (`examples/<service>_<module>_<what>.rs`): the first call, matching error codes, pagination (when an action pages), validation turned off, a custom endpoint
//! with timeouts, and the typed mock in a unit test. Each is built around one action of
//! the service ([`pick`]): a read-only, paging action with a service-wide error whose
//! required members can all be written as literals, when there is one.
//!
//! The examples are compiled by `cargo test` (and their unit tests run: the mock
//! example is declared with `test = true` in the crate's manifest), so an API change
//! that breaks what users are shown breaks the build.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::emit::paths::version_path;
use crate::emit::rust::{ident, inner_doc};
use crate::ir::{Action, ConstraintKind, Field, Num, Scalar, Service, Status, Type};
use crate::naming::is_read_only_action;

/// The action the examples call, with a literal for each member it must set.
pub struct Pick<'a> {
    /// The action.
    pub action: &'a Action,
    /// `(setter, literal)` for each required member.
    pub setters: Vec<(String, TokenStream)>,
}

/// The example files of `service`: `(file stem, tokens)`.
pub fn examples(service: &Service) -> Vec<(&'static str, TokenStream)> {
    let Some(pick) = pick(service) else { return Vec::new() };
    let mut out = vec![
        ("first_call", first_call(service, &pick)),
        ("error_codes", error_codes(service, &pick)),
        ("without_validation", without_validation(service, &pick)),
        ("endpoint_and_timeouts", endpoint_and_timeouts(service, &pick)),
        (MOCK_EXAMPLE, mock_in_tests(service, &pick)),
    ];
    if let Some(paging) = pick_paging(service) {
        out.push(("pagination", pagination(service, &paging)));
    }
    out
}

/// The call of `pick` as Rust text for documentation: `client.x().a(1).send().await?`.
pub fn call_text(pick: &Pick<'_>) -> String {
    let mut text = format!("client\n    .{}()", pick.action.symbols.module);
    for (setter, value) in &pick.setters {
        text.push_str(&format!("\n    .{setter}({})", expression_text(value)));
    }
    text.push_str("\n    .send()\n    .await?");
    text
}

/// An expression as a person writes it: formatted as `cargo fmt` would (on one line when
/// it fits), else [`tidy`] token text.
fn expression_text(value: &TokenStream) -> String {
    let formatted = syn::parse2::<syn::Expr>(value.clone()).ok().map(|expr| {
        let file: syn::File = syn::parse_quote! { fn f() { let _ = #expr; } };
        prettyplease::unparse(&file)
    });
    let one_line = formatted.as_deref().and_then(|text| {
        let body = text.split_once("let _ = ")?.1.rsplit_once(';')?.0;
        Some(body.lines().map(str::trim).collect::<String>())
    });
    one_line.unwrap_or_else(|| tidy(&value.to_string()))
}

/// Token text as a person writes it: no spaces around `::`, inside brackets or before
/// `,` and `.` (inside string literals too, which only the documentation shows).
fn tidy(tokens: &str) -> String {
    let mut text = tokens.to_owned();
    for (from, to) in
        [(" :: ", "::"), (" (", "("), ("( ", "("), (" )", ")"), (" ,", ","), (" .", "."), ("[ ", "["), (" ]", "]")]
    {
        text = text.replace(from, to);
    }
    text
}

/// The action the examples use: online, every required member expressible as a
/// literal; then preferring no cross-field rules, paging, the service-wide error, read-only, fewer required
/// members, and the spec's order. `None` for a service without online actions.
pub fn pick(service: &Service) -> Option<Pick<'_>> {
    best(service, |_| true)
}

/// The paging action the pagination example uses, if any.
fn pick_paging(service: &Service) -> Option<Pick<'_>> {
    best(service, |a| a.paging.is_some())
}

fn best<'a>(service: &'a Service, keep: impl Fn(&Action) -> bool) -> Option<Pick<'a>> {
    let online = service.actions.iter().filter(|a| a.status == Status::Online && keep(a));
    let scored = online.enumerate().filter_map(|(index, action)| {
        let mut models = 0usize;
        let setters = setters(service, action, &mut models)?;
        let key = (
            !action.rules.is_empty(),
            models,
            action.paging.is_none(),
            action.own_errors,
            !is_read_only_action(&action.name),
            setters.len(),
            index,
        );
        Some((key, Pick { action, setters }))
    });
    scored.min_by(|a, b| a.0.cmp(&b.0)).map(|(_, pick)| pick)
}

/// How deep model values are built before an action is given up on.
const MAX_MODEL_DEPTH: usize = 4;

/// A value for each member `action` must send, or `None` when one cannot be written;
/// `models` counts the model values built.
fn setters(service: &Service, action: &Action, models: &mut usize) -> Option<Vec<(String, TokenStream)>> {
    action
        .input
        .iter()
        .filter(|f| f.required || f.must_send)
        .map(|f| Some((f.rust.clone(), literal(service, f, 0, models)?)))
        .collect()
}

/// A value for `f` that its constraints accept where that is simple to find: a literal,
/// or a model built with `new` and the `with_` setters of what it must send.
fn literal(service: &Service, f: &Field, depth: usize, models: &mut usize) -> Option<TokenStream> {
    match &f.ty {
        Type::Scalar(s) => scalar(*s, f),
        Type::List(inner) => {
            // The list's constraints are on its length; its items have none stated.
            let item = Field { ty: (**inner).clone(), example: None, constraints: Vec::new(), ..f.clone() };
            if matches!(item.ty, Type::List(_)) {
                return None;
            }
            let item = literal(service, &item, depth, models)?;
            Some(quote! { [#item] })
        }
        Type::Model(name) => {
            if depth >= MAX_MODEL_DEPTH {
                return None;
            }
            let model = service.models.iter().find(|m| &m.name == name)?;
            *models += 1;
            let krate = version_path(service);
            let ty = format_ident!("{}", model.name);
            let mut args = Vec::new();
            let mut withs = Vec::new();
            for field in &model.fields {
                if !field.is_optional() {
                    args.push(literal(service, field, depth + 1, models)?);
                } else if field.must_send {
                    let with = format_ident!("{}", field.with_setter);
                    let value = literal(service, field, depth + 1, models)?;
                    withs.push(quote! { .#with(#value) });
                }
            }
            let base = if args.is_empty() {
                quote! { #krate::types::#ty::default() }
            } else {
                quote! { #krate::types::#ty::new(#(#args),*) }
            };
            Some(quote! { #base #(#withs)* })
        }
    }
}

/// For an integer member holding a Unix time in seconds (its name says time, its example
/// is one of this century), how long before now the examples set it: an hour for a
/// start, a minute otherwise, so that a start comes before its end.
fn seconds_ago(wire: &str, example: i128) -> Option<u64> {
    let timeish = wire.contains("Time") || wire.ends_with("Ts") || wire.ends_with("Timestamp");
    if !(timeish && (1_000_000_000..4_000_000_000).contains(&example)) {
        return None;
    }
    let start = ["Start", "Begin", "From"].iter().any(|p| wire.starts_with(p));
    Some(if start { 3600 } else { 60 })
}

/// A literal for `f`; `None` for text with a pattern and no example (no value is known
/// to match).
fn scalar(s: Scalar, f: &Field) -> Option<TokenStream> {
    let example = f.example.as_deref().map(str::trim).filter(|e| !e.is_empty());
    let allowed = f.constraints.iter().find_map(|c| match &c.kind {
        ConstraintKind::OneOf(values) => values.first().cloned(),
        _ => None,
    });
    let bound = |want_min: bool| {
        f.constraints.iter().find_map(|c| match c.kind {
            ConstraintKind::Min(Num::Int(n)) if want_min => Some(n),
            ConstraintKind::Max(Num::Int(n)) if !want_min => Some(n),
            _ => None,
        })
    };
    let length = |want_min: bool| {
        f.constraints.iter().find_map(|c| match c.kind {
            ConstraintKind::MinLength(n) if want_min => Some(n),
            ConstraintKind::MaxLength(n) if !want_min => Some(n),
            _ => None,
        })
    };
    let pattern = f.constraints.iter().any(|c| matches!(c.kind, ConstraintKind::Pattern(_)));
    Some(match s {
        Scalar::Bool => {
            let value = example == Some("true");
            quote! { #value }
        }
        Scalar::Int64 | Scalar::UInt64 => {
            let floor = if s == Scalar::UInt64 { 0 } else { i128::from(i64::MIN) };
            let parsed = allowed.as_deref().or(example).and_then(|e| e.parse::<i128>().ok());
            if let Some(ago) = parsed.and_then(|v| seconds_ago(&f.wire, v)) {
                // A Unix time: the example's is years old, and servers keep days of data.
                let ago = Literal::u64_unsuffixed(ago);
                let now = quote! { std::time::UNIX_EPOCH.elapsed().map_or(0, |age| age.as_secs()) };
                return Some(if s == Scalar::UInt64 {
                    quote! { #now.saturating_sub(#ago) }
                } else {
                    quote! { i64::try_from(#now).unwrap_or(i64::MAX) - #ago }
                });
            }
            let ceiling = bound(false).unwrap_or(i128::from(i64::MAX)).min(i128::from(i64::MAX));
            let value = parsed.unwrap_or(1).max(bound(true).unwrap_or(floor)).max(floor).min(ceiling);
            let lit = Literal::i128_unsuffixed(value);
            quote! { #lit }
        }
        Scalar::Float => {
            let value = example.and_then(|e| e.parse::<f64>().ok()).filter(|v| v.is_finite()).unwrap_or(1.0);
            let lit = Literal::f64_unsuffixed(value);
            quote! { #lit }
        }
        _ => {
            let usable = |t: &&str| t.len() <= 64 && t.chars().all(|c| !c.is_control());
            let given = allowed.as_deref().or(example).filter(usable);
            if given.is_none() && pattern {
                return None;
            }
            let mut text = given.unwrap_or("example").to_owned();
            let chars = text.chars().count() as u64;
            if given.is_none() && length(false).is_some_and(|max| chars > max) {
                "x".clone_into(&mut text);
            }
            if let Some(min) = length(true).filter(|min| *min > text.chars().count() as u64) {
                text.push_str(&"x".repeat(usize::try_from(min).unwrap_or(0).saturating_sub(text.chars().count())));
            }
            quote! { #text }
        }
    })
}

/// Paths and names shared by every example.
struct Names {
    /// The version's module: `tencentcloud_trtc::v20190722`.
    krate: TokenStream,
    method: proc_macro2::Ident,
    setters: Vec<TokenStream>,
}

fn names(service: &Service, pick: &Pick<'_>) -> Names {
    let krate = version_path(service);
    let method = ident(&pick.action.symbols.module);
    let setters = pick
        .setters
        .iter()
        .map(|(setter, value)| {
            let setter = ident(setter);
            quote! { .#setter(#value) }
        })
        .collect();
    Names { krate, method, setters }
}

/// The stem of the example with the typed mock in a unit test, whose tests `cargo test` runs.
pub const MOCK_EXAMPLE: &str = "mock_in_tests";

/// The target name of the example `stem` of `service` ([`crate::naming::example_target`]).
pub fn example_name(service: &Service, stem: &str) -> String {
    crate::naming::example_target(&service.dir, &service.module, stem)
}

fn run_hint(service: &Service, stem: &str) -> String {
    format!("Run with `cargo run -p {} --example {}`.", service.crate_name, example_name(service, stem))
}

fn first_call(service: &Service, pick: &Pick<'_>) -> TokenStream {
    let Names { krate, method, setters } = names(service, pick);
    let doc = inner_doc(&format!(
        "The first call: configuration from the environment, one `{}` request, the\ntyped response.\n\nCredentials come from `TENCENTCLOUD_SECRET_ID` / `TENCENTCLOUD_SECRET_KEY` (and\n`TENCENTCLOUD_TOKEN`), else the profile file `~/.tencentcloud/credentials`, else the\ninstance role; the region from `TENCENTCLOUD_REGION`. {}",
        pick.action.name,
        run_hint(service, "first_call")
    ));
    quote! {
        #doc

        use #krate::{Client, Config};

        #[tokio::main]
        async fn main() -> Result<(), Box<dyn std::error::Error>> {
            let client = Client::new(Config::from_env()?);
            let response = client.#method() #(#setters)* .send().await?;
            println!("{response:#?}");
            Ok(())
        }
    }
}

fn error_codes(service: &Service, pick: &Pick<'_>) -> TokenStream {
    let Names { krate, method, setters } = names(service, pick);
    let variant = |code: &str| service.codes.iter().find(|c| c.code == code).map(|c| format_ident!("{}", c.variant));
    let service_arm = match (pick.action.own_errors, variant("RequestLimitExceeded"), variant("ResourceNotFound")) {
        (false, Some(limited), Some(missing)) => quote! {
            Err(SdkError::Service(e)) => match e.kind() {
                ErrorCode::#limited => eprintln!("throttled (already retried): {}", e.message()),
                ErrorCode::#missing => eprintln!("not found: {}", e.message()),
                // A code newer than this crate: the code and message are kept.
                ErrorCode::Unhandled => eprintln!("{}: {}", e.code(), e.message()),
                other => {
                    let request = e.request_id().unwrap_or("-");
                    eprintln!("{other:?}: {}, request {request}", e.message());
                }
            },
        },
        _ => quote! {
            Err(SdkError::Service(e)) => {
                let meta = ServiceError::metadata(&e);
                let request = meta.request_id().unwrap_or("-");
                eprintln!("{}: {}, request {request}", meta.code(), meta.message());
            }
        },
    };
    let imports = if pick.action.own_errors {
        quote! { use #krate::runtime::error::ServiceError; }
    } else {
        quote! { use #krate::error::ErrorCode; }
    };
    let doc = inner_doc(&format!(
        "Matching error codes: each code the service documents is a variant of\n`ErrorCode`; a code this crate does not know yet is `ErrorCode::Unhandled` with\nthe code and message kept. Validation errors are reported before anything is sent.\n{}",
        run_hint(service, "error_codes")
    ));
    quote! {
        #doc

        #imports
        use #krate::{Client, Config, SdkError};

        #[tokio::main]
        async fn main() -> Result<(), Box<dyn std::error::Error>> {
            let client = Client::new(Config::from_env()?);
            match client.#method() #(#setters)* .send().await {
                Ok(response) => println!("{response:#?}"),
                #service_arm
                Err(SdkError::Validation(invalid)) => {
                    // Nothing was sent; each violation names the field and the rule.
                    for violation in invalid.violations() {
                        eprintln!("{violation}");
                    }
                }
                Err(other) => eprintln!("{other}"),
            }
            Ok(())
        }
    }
}

fn pagination(service: &Service, pick: &Pick<'_>) -> TokenStream {
    let Names { krate, method, setters } = names(service, pick);
    let doc = inner_doc(&format!(
        "Pagination: `{}` pages, so its builder has `into_paginator()`: a stream of pages,\nor of items with `.items()`. It stops after the last page and fails, rather than\nloop, when the server does not advance. {}",
        pick.action.name,
        run_hint(service, "pagination")
    ));
    quote! {
        #doc

        use #krate::{Client, Config};

        #[tokio::main]
        async fn main() -> Result<(), Box<dyn std::error::Error>> {
            let client = Client::new(Config::from_env()?);
            let mut items = client.#method() #(#setters)* .into_paginator().page_size(20).items();
            let mut count = 0usize;
            while let Some(item) = items.next_item().await {
                let item = item?;
                count += 1;
                println!("{item:?}");
            }
            println!("{count} items");
            Ok(())
        }
    }
}

fn without_validation(service: &Service, pick: &Pick<'_>) -> TokenStream {
    let Names { krate, method, setters } = names(service, pick);
    let doc = inner_doc(&format!(
        "Validation turned off: the request is sent as built and the server judges it\n(useful when the service accepts values newer than the spec). {}",
        run_hint(service, "without_validation")
    ));
    quote! {
        #doc

        use #krate::runtime::ConfigBuilder;
        use #krate::Client;

        #[tokio::main]
        async fn main() -> Result<(), Box<dyn std::error::Error>> {
            let config = ConfigBuilder::from_env().validation(false).build()?;
            let client = Client::new(config);
            let response = client.#method() #(#setters)* .send().await?;
            println!("{response:#?}");
            Ok(())
        }
    }
}

fn endpoint_and_timeouts(service: &Service, pick: &Pick<'_>) -> TokenStream {
    let Names { krate, method, setters } = names(service, pick);
    let doc = inner_doc(&format!(
        "A custom endpoint and timeouts: the endpoint from the first argument (for example\n`http://127.0.0.1:8080` for a local stand-in), a connect timeout, a timeout per\nattempt and one over all attempts; then one call with a shorter overall timeout\nand an extra header, for that call only. {}",
        run_hint(service, "endpoint_and_timeouts")
    ));
    quote! {
        #doc

        use std::time::Duration;

        use #krate::runtime::{ConfigBuilder, Endpoint};
        use #krate::Client;

        #[tokio::main]
        async fn main() -> Result<(), Box<dyn std::error::Error>> {
            let endpoint = std::env::args().nth(1).unwrap_or_else(|| "http://127.0.0.1:8080".to_owned());
            let config = ConfigBuilder::from_env()
                .endpoint(Endpoint::custom(endpoint))
                .connect_timeout(Duration::from_secs(2))
                .timeout(Duration::from_secs(5))
                .operation_timeout(Duration::from_secs(20))
                .build()?;
            let client = Client::new(config);
            let response = client
                .#method()
                #(#setters)*
                .customize(|o| o.operation_timeout(Duration::from_secs(8)).header("X-Example", "endpoint_and_timeouts"))
                .send()
                .await?;
            println!("{response:#?}");
            Ok(())
        }
    }
}

fn mock_in_tests(service: &Service, pick: &Pick<'_>) -> TokenStream {
    let Names { krate, method, setters } = names(service, pick);
    let module = ident(&pick.action.symbols.module);
    let request = format_ident!("{}", pick.action.symbols.request);
    let error = format_ident!("{}", pick.action.symbols.error);
    let doc = inner_doc(&format!(
        "The typed mock in a unit test: the code under test takes a `Client`; the test\nhands it one built from mock rules (feature `test-util`), with no network and no\nHTTP, then checks every rule was used. `cargo test -p {} --example {}`\nruns the tests.",
        service.crate_name,
        example_name(service, MOCK_EXAMPLE)
    ));
    quote! {
        #doc

        use #krate::operation::#module::#error;
        use #krate::{Client, Config, SdkError};

        /// The code under test: calls the service and reports the request id.
        async fn request_id(client: &Client) -> Result<String, SdkError<#error>> {
            let response = client.#method() #(#setters)* .send().await?;
            Ok(response.request_id)
        }

        #[tokio::main]
        async fn main() -> Result<(), Box<dyn std::error::Error>> {
            let client = Client::new(Config::from_env()?);
            let id = request_id(&client).await?;
            println!("{id}");
            Ok(())
        }

        #[cfg(test)]
        mod tests {
            use super::*;
            use #krate::mock::{client, rule, MockTransport};
            use #krate::operation::#module::#request;

            #[tokio::test]
            async fn reports_the_request_id() {
                let mock = MockTransport::new().with_rule(
                    rule::<#request>().then_json(serde_json::json!({"RequestId": "req-1"})),
                );
                let id = request_id(&client(&mock)).await.ok();
                assert_eq!(id.as_deref(), Some("req-1"));
                mock.assert_all_used();
            }

            #[tokio::test]
            async fn passes_on_a_service_error() {
                let mock = MockTransport::new()
                    .with_rule(rule::<#request>().then_error("ResourceNotFound", "no such thing"));
                match request_id(&client(&mock)).await {
                    Err(SdkError::Service(e)) => {
                        let meta = #krate::runtime::error::ServiceError::metadata(&e);
                        assert_eq!(meta.code(), "ResourceNotFound");
                    }
                    other => panic!("expected the service error, got {other:?}"),
                }
                assert!(mock.unmatched().is_empty());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::test_ir::{action, constraint, field, model, required, service};
    use crate::ir::ConstraintKind::{Max, MaxLength, Min, MinLength, OneOf, Pattern};

    /// The literal `literal` writes for `f` in `service`, as token text.
    fn literal_in(service: &Service, f: &Field) -> Option<String> {
        literal(service, f, 0, &mut 0).map(|t| t.to_string())
    }

    /// The literal for `f`, with no models around.
    fn lit(f: &Field) -> Option<String> {
        literal_in(&service(Vec::new(), Vec::new()), f)
    }

    /// A field of `ty` with `example` and constraints of `kinds`.
    fn with(ty: Scalar, example: Option<&str>, kinds: Vec<ConstraintKind>) -> Field {
        Field {
            example: example.map(str::to_owned),
            constraints: kinds.into_iter().map(constraint).collect(),
            ..required("Value", Type::Scalar(ty))
        }
    }

    fn some(text: &str) -> Option<String> {
        Some(text.to_owned())
    }

    #[test]
    fn text_takes_the_first_allowed_value_then_the_example() {
        assert_eq!(lit(&with(Scalar::String, None, Vec::new())), some("\"example\""));
        assert_eq!(lit(&with(Scalar::String, Some(" hello "), Vec::new())), some("\"hello\""));
        assert_eq!(lit(&with(Scalar::String, Some("   "), Vec::new())), some("\"example\""));
        let one_of = OneOf(vec!["first".to_owned(), "second".to_owned()]);
        assert_eq!(lit(&with(Scalar::String, Some("other"), vec![one_of])), some("\"first\""));
    }

    #[test]
    fn text_skips_an_example_too_long_or_with_control_characters() {
        let long = "a".repeat(65);
        assert_eq!(lit(&with(Scalar::String, Some(&long), Vec::new())), some("\"example\""));
        let longest = "a".repeat(64);
        assert_eq!(lit(&with(Scalar::String, Some(&longest), Vec::new())), Some(format!("\"{longest}\"")));
        assert_eq!(lit(&with(Scalar::String, Some("a\tb"), Vec::new())), some("\"example\""));
    }

    #[test]
    fn text_with_a_pattern_needs_a_value_known_to_match() {
        let pattern = || Pattern("^[0-9]+$".to_owned());
        assert_eq!(lit(&with(Scalar::String, None, vec![pattern()])), None);
        assert_eq!(lit(&with(Scalar::String, Some("42"), vec![pattern()])), some("\"42\""));
    }

    #[test]
    fn text_is_fitted_to_its_length_bounds() {
        // "example" has 7 characters: longer than 3 allowed, so "x"; 7 fits.
        assert_eq!(lit(&with(Scalar::String, None, vec![MaxLength(3)])), some("\"x\""));
        assert_eq!(lit(&with(Scalar::String, None, vec![MaxLength(7)])), some("\"example\""));
        // A given example is trusted, whatever the maximum.
        assert_eq!(lit(&with(Scalar::String, Some("hello"), vec![MaxLength(3)])), some("\"hello\""));
        assert_eq!(lit(&with(Scalar::String, None, vec![MinLength(10)])), some("\"examplexxx\""));
        assert_eq!(lit(&with(Scalar::String, Some("ab"), vec![MinLength(3), MaxLength(4)])), some("\"abx\""));
        // The minimum is not taken for the maximum, nor the other way round.
        assert_eq!(lit(&with(Scalar::String, None, vec![MinLength(3)])), some("\"example\""));
        assert_eq!(lit(&with(Scalar::String, None, vec![MaxLength(10)])), some("\"example\""));
        assert_eq!(lit(&with(Scalar::String, Some("ab"), vec![MaxLength(3), MinLength(1)])), some("\"ab\""));
    }

    #[test]
    fn bools_are_true_only_for_the_example_true() {
        assert_eq!(lit(&with(Scalar::Bool, Some("true"), Vec::new())), some("true"));
        assert_eq!(lit(&with(Scalar::Bool, Some("false"), Vec::new())), some("false"));
        assert_eq!(lit(&with(Scalar::Bool, None, Vec::new())), some("false"));
    }

    #[test]
    fn integers_are_the_example_or_1_within_the_bounds() {
        assert_eq!(lit(&with(Scalar::Int64, None, Vec::new())), some("1"));
        assert_eq!(lit(&with(Scalar::Int64, Some("-5"), Vec::new())), some("- 5"));
        assert_eq!(lit(&with(Scalar::UInt64, Some("-5"), Vec::new())), some("0"));
        assert_eq!(lit(&with(Scalar::UInt64, Some("7"), Vec::new())), some("7"));
        assert_eq!(lit(&with(Scalar::Int64, Some("1e99"), Vec::new())), some("1"));
        // An allowed value wins over the example.
        let one_of = OneOf(vec!["3".to_owned()]);
        assert_eq!(lit(&with(Scalar::Int64, Some("9"), vec![one_of])), some("3"));
        // Raised to the minimum, lowered to the maximum, in either order.
        assert_eq!(lit(&with(Scalar::Int64, None, vec![Min(Num::Int(5)), Max(Num::Int(10))])), some("5"));
        assert_eq!(lit(&with(Scalar::Int64, None, vec![Max(Num::Int(10)), Min(Num::Int(5))])), some("5"));
        assert_eq!(lit(&with(Scalar::Int64, Some("8"), vec![Min(Num::Int(5)), Max(Num::Int(10))])), some("8"));
        assert_eq!(lit(&with(Scalar::Int64, Some("50"), vec![Max(Num::Int(10))])), some("10"));
        assert_eq!(lit(&with(Scalar::Int64, Some("50"), vec![Min(Num::Int(5))])), some("50"));
        // The example beyond the type's range is brought into it.
        let huge = i128::from(i64::MAX) + 1;
        assert_eq!(lit(&with(Scalar::Int64, Some(&huge.to_string()), Vec::new())), Some(i64::MAX.to_string()));
    }

    #[test]
    fn floats_are_the_finite_example_or_1() {
        assert_eq!(lit(&with(Scalar::Float, Some("2.5"), Vec::new())), some("2.5"));
        assert_eq!(lit(&with(Scalar::Float, Some("inf"), Vec::new())), some("1.0"));
        assert_eq!(lit(&with(Scalar::Float, None, Vec::new())), some("1.0"));
    }

    #[test]
    fn a_list_holds_one_item_without_the_lists_example() {
        let list = |inner: Type| Field {
            example: Some("[\"a\"]".to_owned()),
            ..required("Values", Type::List(Box::new(inner)))
        };
        assert_eq!(lit(&list(Type::Scalar(Scalar::String))), some("[\"example\"]"));
        assert_eq!(lit(&list(Type::List(Box::new(Type::Scalar(Scalar::String))))), None);
    }

    #[test]
    fn a_model_is_built_with_new_and_the_setters_of_what_it_must_send() {
        let inner = model(
            "Inner",
            vec![
                required("Name", Type::Scalar(Scalar::String)),
                field("Size", Type::Scalar(Scalar::Int64)),
                Field { must_send: true, ..field("On", Type::Scalar(Scalar::Bool)) },
            ],
        );
        let empty = model("Empty", vec![field("Note", Type::Scalar(Scalar::String))]);
        let svc = service(Vec::new(), vec![empty, inner]);
        let mut models = 0;
        let value = literal(&svc, &required("Spec", Type::Model("Inner".to_owned())), 0, &mut models);
        assert_eq!(
            value.map(|t| t.to_string()),
            some("tencentcloud_demo :: v20200101 :: types :: Inner :: new (\"example\") . with_on (false)")
        );
        assert_eq!(models, 1);
        assert_eq!(
            literal_in(&svc, &required("Spec", Type::Model("Empty".to_owned()))),
            some("tencentcloud_demo :: v20200101 :: types :: Empty :: default ()")
        );
        assert_eq!(literal_in(&svc, &required("Spec", Type::Model("Unknown".to_owned()))), None);
    }

    /// Models `M0` to `M{n-1}`, each holding the next in a member that is required
    /// (`must_send` false) or must be sent; the last holds text.
    fn chain(n: usize, must_send: bool) -> Service {
        let models = (0..n)
            .map(|i| {
                let ty = if i + 1 == n { Type::Scalar(Scalar::String) } else { Type::Model(format!("M{}", i + 1)) };
                let next =
                    if must_send { Field { must_send: true, ..field("Next", ty) } } else { required("Next", ty) };
                model(&format!("M{i}"), vec![next])
            })
            .collect();
        service(Vec::new(), models)
    }

    #[test]
    fn models_are_built_four_deep_at_most() {
        let top = required("Top", Type::Model("M0".to_owned()));
        for must_send in [false, true] {
            let deep = literal_in(&chain(4, must_send), &top).expect("four models deep");
            assert_eq!(deep.matches("types ::").count(), 4, "{deep}");
            assert_eq!(literal_in(&chain(5, must_send), &top), None);
        }
    }

    #[test]
    fn the_pick_prefers_an_action_without_model_values() {
        let svc = service(
            vec![
                action("DescribeA", vec![required("Spec", Type::Model("Empty".to_owned()))]),
                action("DescribeB", vec![required("Name", Type::Scalar(Scalar::String))]),
            ],
            vec![model("Empty", Vec::new())],
        );
        assert_eq!(pick(&svc).map(|p| p.action.name.as_str()), Some("DescribeB"));
    }
}
