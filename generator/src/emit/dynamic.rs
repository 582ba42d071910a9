//! The `dynamic` module of a generated crate (behind its `dynamic` feature): the
//! service's action table for untyped front ends such as the `tencentcloud` command
//! line (`tencentcloud_runtime::dynamic`), and the `mock` module (behind
//! `test-util`). Each action is one constant entry; the call itself is the runtime's
//! generic `dynamic::call::<Request>`.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::{Map, Value};

use crate::emit::runtime_paths as rt;
use crate::ir::{Action, Field, Scalar, Service, Type};

/// The `src/dynamic.rs` module of `service`.
pub fn dynamic_module(service: &Service) -> TokenStream {
    let entries = service.actions.iter().map(|a| action_entry(service, a));
    let (name, version, title) = (service.name.as_str(), &service.version, &service.title);
    // A version whose actions take no parameters names no parameter types; one whose
    // actions are all offline (none generated) calls nothing.
    let imports = if service.actions.iter().any(|a| !a.input.is_empty()) {
        rt::imports(&[rt::DYNAMIC_CALL, rt::ACTION_ENTRY, rt::PARAM_ENTRY, rt::PARAM_KIND, rt::SERVICE_ENTRY])
    } else if service.actions.is_empty() {
        rt::imports(&[rt::ACTION_ENTRY, rt::SERVICE_ENTRY])
    } else {
        rt::imports(&[rt::DYNAMIC_CALL, rt::ACTION_ENTRY, rt::SERVICE_ENTRY])
    };
    quote! {
        #imports

        /// The service and every action, by name, with JSON parameters.
        pub static SERVICE: ServiceEntry = ServiceEntry {
            name: #name,
            version: #version,
            title: #title,
            actions: ACTIONS,
        };

        /// Every action, sorted by name.
        static ACTIONS: &[ActionEntry] = &[ #(#entries),* ];
    }
}

fn action_entry(service: &Service, action: &Action) -> TokenStream {
    let name = &action.name;
    let summary = plain(action.title.as_str());
    let doc = plain(action.doc.as_str());
    let params = action.input.iter().map(|f| param_entry(service, f));
    let skeleton = Value::Object(fields_skeleton(service, &action.input, &mut BTreeSet::new())).to_string();
    let module = format_ident!("{}", action.symbols.module);
    let request = format_ident!("{}", action.symbols.request);
    let request = quote! { crate::operation::#module::#request };
    let stream = match action.stream {
        Some(_) => {
            let call_stream = rt::DYNAMIC_CALL_STREAM.path();
            quote! { Some(#call_stream::<#request>) }
        }
        None => quote! { None },
    };
    let binary = if action.binary_body {
        let call_binary = rt::DYNAMIC_CALL_BINARY.path();
        quote! { Some(#call_binary::<#request>) }
    } else {
        quote! { None }
    };
    quote! {
        ActionEntry {
            name: #name,
            summary: #summary,
            doc: #doc,
            params: &[ #(#params),* ],
            skeleton: #skeleton,
            call: call::<#request>,
            stream: #stream,
            binary: #binary,
        }
    }
}

fn param_entry(service: &Service, field: &Field) -> TokenStream {
    let name = &field.wire;
    let ty = type_name(service, &field.ty);
    let kind = kind(&field.ty);
    let required = field.required;
    let doc = plain(field.doc.as_str());
    quote! {
        ParamEntry { name: #name, ty: #ty, kind: #kind, required: #required, doc: #doc }
    }
}

/// Documentation for a terminal: without the Markdown hard-break backslashes.
fn plain(text: &str) -> String {
    text.replace("\\\n", "\n")
}

fn kind(ty: &Type) -> TokenStream {
    match ty {
        Type::Scalar(Scalar::Bool) => quote! { ParamKind::Bool },
        Type::Scalar(s) if s.is_integer() => quote! { ParamKind::Integer },
        Type::Scalar(Scalar::Float) => quote! { ParamKind::Float },
        Type::Scalar(_) => quote! { ParamKind::String },
        Type::Model(_) => quote! { ParamKind::Object },
        Type::List(inner) => {
            let inner = kind(inner);
            quote! { ParamKind::List(&#inner) }
        }
    }
}

/// The type as the official documentation writes it.
fn type_name(service: &Service, ty: &Type) -> String {
    match ty {
        Type::Scalar(Scalar::Bool) => "Boolean".into(),
        Type::Scalar(s) if s.is_integer() => "Integer".into(),
        Type::Scalar(Scalar::Float) => "Float".into(),
        Type::Scalar(_) => "String".into(),
        Type::List(inner) => format!("Array of {}", type_name(service, inner)),
        Type::Model(name) => service.models.iter().find(|m| &m.name == name).map_or(name.clone(), |m| m.wire.clone()),
    }
}

/// A placeholder of every required field and `null` for every optional one (decoded
/// as unset), so that the skeleton with its required fields filled in is a valid
/// request; a model already being expanded is `{}`.
fn fields_skeleton(service: &Service, fields: &[Field], open: &mut BTreeSet<String>) -> Map<String, Value> {
    let value = |f: &Field, open: &mut BTreeSet<String>| {
        if f.required {
            placeholder(service, &f.ty, open)
        } else {
            Value::Null
        }
    };
    fields.iter().map(|f| (f.wire.clone(), value(f, open))).collect()
}

fn placeholder(service: &Service, ty: &Type, open: &mut BTreeSet<String>) -> Value {
    match ty {
        Type::Scalar(Scalar::Bool) => Value::Bool(false),
        Type::Scalar(s) if s.is_integer() => Value::from(0),
        Type::Scalar(Scalar::Float) => Value::from(0.0),
        Type::Scalar(_) => Value::String(String::new()),
        Type::List(inner) => Value::Array(vec![placeholder(service, inner, open)]),
        Type::Model(name) => {
            let Some(model) = service.models.iter().find(|m| &m.name == name) else {
                return Value::Object(Map::new());
            };
            if !open.insert(name.clone()) {
                return Value::Object(Map::new());
            }
            let object = fields_skeleton(service, &model.fields, open);
            open.remove(name);
            Value::Object(object)
        }
    }
}

/// The `mock` module of `lib.rs` (behind `test-util`), with each action's fluent
/// builder naming its request for `mock!(Client::method)`.
pub fn mock_module(service: &Service) -> TokenStream {
    let impls = service.actions.iter().map(|a| {
        let module = format_ident!("{}", a.symbols.module);
        let request = format_ident!("{}", a.symbols.request);
        let fluent = format_ident!("{}", a.symbols.fluent_builder);
        let fluent_request = rt::FLUENT_REQUEST.path();
        quote! {
            impl #fluent_request for crate::operation::#module::#fluent {
                type Request = crate::operation::#module::#request;
            }
        }
    });
    let reexports = rt::reexports(&rt::MOCK_REEXPORTS);
    quote! {
        /// A typed mock of the service for your own tests (feature `test-util`): build
        /// rules per action with [`mock::rule`] or `runtime::mock!(Client::method)`, collect them in a
        /// [`mock::MockTransport`], and hand [`mock::client`] to the code under test.
        #[cfg(feature = "test-util")]
        pub mod mock {
            #reexports

            /// A client that sends through `mock` (test credentials, region
            /// `ap-guangzhou`, no retries); see [`MockTransport::config_builder`] to
            /// change the configuration.
            pub fn client(mock: &MockTransport) -> crate::Client {
                match mock.config_builder().build() {
                    Ok(config) => crate::Client::new(config),
                    Err(e) => panic!("mock configuration: {e}"),
                }
            }

            #(#impls)*
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::test_ir::{action, field, service};
    use crate::ir::{Scalar, Type};

    /// The names the module imports from the runtime's `dynamic`.
    fn imported(service: &Service) -> String {
        let text = dynamic_module(service).to_string();
        let start = text.find("use tencentcloud_runtime").expect("an import");
        text[start..start + text[start..].find(';').expect("its end")].to_owned()
    }

    #[test]
    fn parameter_types_are_imported_only_when_an_action_has_parameters() {
        let without = service(vec![action("DescribeThings", vec![])], vec![]);
        assert!(!imported(&without).contains("ParamEntry"), "{}", imported(&without));
        assert!(!imported(&without).contains("ParamKind"), "{}", imported(&without));
        let with = service(
            vec![
                action("DescribeThings", vec![]),
                action("CreateThing", vec![field("Name", Type::Scalar(Scalar::String))]),
            ],
            vec![],
        );
        assert!(imported(&with).contains("ParamEntry") && imported(&with).contains("ParamKind"), "{}", imported(&with));
        assert!(imported(&with).contains("call") && imported(&without).contains("call"));
        // A version whose actions are all offline: an empty table, nothing to call.
        let none = service(vec![], vec![]);
        assert!(!imported(&none).contains("call"), "{}", imported(&none));
    }
}
