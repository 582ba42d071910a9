//! One module per action: request, builder, validation, response, error enum and the
//! fluent builder the client returns.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::runtime_paths as rt;
use crate::emit::rust::{code_literal, doc, ident};
use crate::emit::structs::{builder, constructors, needs_context, setter_arg, struct_def, validate_fields, Role};
use crate::ir::{Action, Field, Retry, RuleKind, Service, Streaming};

/// The module `operation::<snake>` for `action`.
pub fn operation_module(service: &Service, action: &Action) -> TokenStream {
    let symbols = &action.symbols;
    let (request, response) = (&symbols.request, &symbols.response);
    let request_doc = format!("Request of `{}`: {}.\n\n{}", action.name, action.title, action.doc);
    let response_doc = format!("Response of `{}`: {}.", action.name, action.title);
    let request_def = struct_def(request, &request_doc, &action.input, Role::Request);
    let ctors = constructors(request, &action.input);
    let builder_def = builder(action);
    let response_def = struct_def(response, &response_doc, &action.output, Role::Response);
    let action_impl = action_impl(service, action);
    let error_def = if action.own_errors {
        error_enum(action)
    } else {
        let error = format_ident!("{}", symbols.error);
        let d = format!(
            " The errors of `{}`: the service-wide [`Error`](super::super::error::Error), whose\n [`ErrorCode`](super::super::error::ErrorCode) names every code the service documents.",
            action.name
        );
        let lines = d.lines();
        quote! { #(#[doc = #lines])* pub type #error = crate::error::Error; }
    };
    let fluent = fluent_builder(action);
    let paginator = crate::emit::paginator::paginator(action);
    let overrides = crate::emit::customize::fluent_overrides(action);
    let imports = if action.own_errors {
        let runtime = rt::imports(&rt::MODEL_SCOPE_IMPORTS);
        quote! {
            use std::fmt;

            #runtime
        }
    } else {
        rt::imports(&[
            rt::ACTION,
            rt::ACTION_METADATA,
            rt::SDK_ERROR,
            rt::VALIDATION_CONTEXT,
            rt::VALIDATION_ERROR,
            rt::VIOLATIONS,
        ])
    };
    quote! {
        #imports

        #request_def
        #ctors
        #builder_def
        #action_impl
        #response_def
        #error_def
        #fluent
        #paginator
        #overrides
    }
}

fn action_impl(service: &Service, action: &Action) -> TokenStream {
    let symbols = &action.symbols;
    let request = format_ident!("{}", symbols.request);
    let response = format_ident!("{}", symbols.response);
    let error = format_ident!("{}", symbols.error);
    let builder = format_ident!("{}", symbols.request_builder);
    let (svc, version, name, endpoint) = (service.name.as_str(), &service.version, &action.name, &service.endpoint);
    let mut meta = quote! { ActionMetadata::new(#svc, #version, #name, #endpoint) };
    if !action.regions.is_empty() {
        let regions = &action.regions;
        meta = quote! { #meta.with_regions(&[#(#regions),*]) };
    }
    if let Some(limit) = action.rate_limit {
        let limit = proc_macro2::Literal::u32_unsuffixed(limit);
        meta = quote! { #meta.with_rate_limit(#limit) };
    }
    if !action.signed {
        meta = quote! { #meta.unsigned() };
    }
    if action.idempotent {
        meta = quote! { #meta.idempotent() };
    }
    if let Some(host) = &action.host {
        meta = quote! { #meta.with_host(#host) };
    }
    if action.binary_body {
        meta = quote! { #meta.binary() };
    }
    if action.sensitive_response {
        // STS credentials and the like: a reply that fails to decode is not quoted.
        meta = quote! { #meta.with_sensitive_response() };
    }
    let fill_token = action.client_token.as_ref().map(|rust| {
        let id = ident(rust);
        let wire = crate::naming::CLIENT_TOKEN;
        meta = quote! { #meta.with_client_token(#wire) };
        quote! {
            fn fill_client_token(&self, token: &str) -> Option<Self> {
                self.#id.is_none().then(|| {
                    let mut request = self.clone();
                    request.#id = Some(token.to_owned());
                    request
                })
            }
        }
    });
    let field_checks = validate_fields(&action.input);
    let rule_checks = action.rules.iter().map(|r| {
        let code = code_literal(r.code.as_deref());
        let seconds = |s: i64| proc_macro2::Literal::i64_unsuffixed(s);
        let field = |wire: &str| action.input.iter().find(|f| f.wire == wire);
        match &r.kind {
            RuleKind::MaxSpan { start, end, seconds: span } => {
                let seconds = seconds(*span);
                let (Some(s), Some(e)) = (field(start), field(end)) else { return quote! {} };
                let (sid, eid) = (ident(&s.rust), ident(&e.rust));
                let call = quote! { report.max_span(prefix, #start, #end, start, end, #seconds, #code); };
                match (s.is_optional(), e.is_optional()) {
                    (false, false) => quote! {
                        report.max_span(prefix, #start, #end, self.#sid, self.#eid, #seconds, #code);
                    },
                    _ => {
                        let bind = |f: &Field, id: &proc_macro2::Ident| {
                            if f.is_optional() {
                                quote! { self.#id }
                            } else {
                                quote! { Some(self.#id) }
                            }
                        };
                        let (sv, ev) = (bind(s, &sid), bind(e, &eid));
                        quote! { if let (Some(start), Some(end)) = (#sv, #ev) { #call } }
                    }
                }
            }
            RuleKind::MaxAge { field: wire, seconds: age } => {
                let seconds = seconds(*age);
                let Some(f) = field(wire) else { return quote! {} };
                let id = ident(&f.rust);
                if f.is_optional() {
                    quote! {
                        if let Some(value) = self.#id {
                            report.max_age(ctx, prefix, #wire, value, #seconds, #code);
                        }
                    }
                } else {
                    quote! { report.max_age(ctx, prefix, #wire, self.#id, #seconds, #code); }
                }
            }
        }
    });
    let rule_checks: Vec<TokenStream> = rule_checks.collect();
    let uses_ctx =
        needs_context(&action.input) || action.rules.iter().any(|r| matches!(r.kind, RuleKind::MaxAge { .. }));
    let ctx_name = if uses_ctx {
        quote! { ctx }
    } else {
        quote! { _ctx }
    };
    let has_checks = !field_checks.is_empty() || !rule_checks.is_empty();
    let report_name = if has_checks {
        quote! { report }
    } else {
        quote! { _report }
    };
    let prefix_binding = has_checks.then(|| quote! { let prefix = ""; });
    let streaming_impl = action.stream.as_ref().map(|stream| {
        let event = event_type(action, stream);
        let streaming_action = rt::STREAMING_ACTION.path();
        quote! {
            impl #streaming_action for #request {
                type Event = #event;
            }
        }
    });
    let builder_doc = format!(" A builder for [`{}`].", symbols.request);
    let meta_doc = format!(" What `{}` is on the wire: service, version, host, regions, rate limit.", action.name);
    quote! {
        impl #request {
            #[doc = #meta_doc]
            pub const METADATA: ActionMetadata<'static> = #meta;

            #[doc = #builder_doc]
            pub fn builder() -> #builder {
                #builder::default()
            }
        }

        impl Action for #request {
            type Output = #response;
            type Error = #error;

            fn metadata(&self) -> ActionMetadata<'_> {
                Self::METADATA
            }

            fn validate(
                &self,
                #ctx_name: &ValidationContext,
                #report_name: &mut Violations,
            ) {
                #prefix_binding
                #field_checks
                #(#rule_checks)*
            }

            #fill_token
        }

        #streaming_impl
    }
}

/// The type each event of a streaming action decodes into: its own model, or the
/// action's response.
fn event_type(action: &Action, stream: &Streaming) -> TokenStream {
    match &stream.event {
        Some(model) => {
            let model = format_ident!("{model}");
            quote! { crate::types::#model }
        }
        None => {
            let response = format_ident!("{}", action.symbols.response);
            quote! { #response }
        }
    }
}

fn error_enum(action: &Action) -> TokenStream {
    let error = &action.symbols.error;
    let name = format_ident!("{error}");
    let enum_doc = doc(&format!(
        "The errors `{}` can return: one variant per documented code (its own and the\ncodes common to every action), and [`{error}::Unhandled`] for codes this version of\nthe crate does not know. Every variant keeps the code, message and request id.",
        action.name
    ));
    let variants = action.errors.iter().map(|e| {
        let v = format_ident!("{}", e.variant);
        let d = doc(&format!("`{}`: {}", e.code, e.doc));
        quote! { #d #v(ErrorMetadata), }
    });
    let all: Vec<_> = action.errors.iter().map(|e| format_ident!("{}", e.variant)).collect();
    let codes: Vec<&str> = action.errors.iter().map(|e| e.code.as_str()).collect();
    let by_retry = |kind: Retry| -> Vec<proc_macro2::Ident> {
        action.errors.iter().filter(|e| e.retry == Some(kind)).map(|e| format_ident!("{}", e.variant)).collect()
    };
    let throttling = by_retry(Retry::Throttling);
    let transient = by_retry(Retry::Transient);
    let throttling_arm = (!throttling.is_empty()).then(|| {
        quote! { #(Self::#throttling(_))|* => Some(RetryKind::Throttling), }
    });
    let transient_arm = (!transient.is_empty()).then(|| {
        quote! { #(Self::#transient(_))|* => Some(RetryKind::Transient), }
    });
    let default_retry_kind = rt::DEFAULT_RETRY_KIND.path();
    quote! {
        #enum_doc
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A code this version of the crate does not know; code and message are kept.
            Unhandled(ErrorMetadata),
        }

        impl #name {
            /// Code, message and request id of the error envelope.
            pub fn meta(&self) -> &ErrorMetadata {
                match self {
                    #(Self::#all(meta))|* | Self::Unhandled(meta) => meta,
                }
            }

            /// The error code as the server sent it.
            pub fn code(&self) -> &str {
                self.meta().code()
            }

            /// The message as the server sent it.
            pub fn message(&self) -> &str {
                self.meta().message()
            }

            /// The `RequestId` of the failed call.
            pub fn request_id(&self) -> Option<&str> {
                self.meta().request_id()
            }

            /// Whether the code is one this version of the crate does not know.
            pub fn is_unhandled(&self) -> bool {
                matches!(self, Self::Unhandled(_))
            }
        }

        impl fmt::Display for #name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(self.meta(), f)
            }
        }

        impl std::error::Error for #name {}

        impl ServiceError for #name {
            fn from_metadata(meta: ErrorMetadata) -> Self {
                match meta.code() {
                    #(#codes => Self::#all(meta),)*
                    _ => Self::Unhandled(meta),
                }
            }

            fn metadata(&self) -> &ErrorMetadata {
                self.meta()
            }

            fn retry_kind(&self) -> Option<RetryKind> {
                match self {
                    #throttling_arm
                    #transient_arm
                    _ => #default_retry_kind(self.code()),
                }
            }
        }
    }
}

fn fluent_builder(action: &Action) -> TokenStream {
    let symbols = &action.symbols;
    let fluent = format_ident!("{}", symbols.fluent_builder);
    let builder = format_ident!("{}", symbols.request_builder);
    let response = format_ident!("{}", symbols.response);
    let error = format_ident!("{}", symbols.error);
    let setters = action.input.iter().map(|f| {
        let id = ident(&f.rust);
        let set = format_ident!("{}", f.setter);
        let t = crate::emit::rust::value_type(f);
        let d = doc(f.doc.as_str());
        let (arg, _) = setter_arg(f);
        let set_doc = format!(" Sets or clears `{}`.", f.wire);
        quote! {
            #d
            pub fn #id(mut self, value: #arg) -> Self {
                self.inner = self.inner.#id(value);
                self
            }
            #[doc = #set_doc]
            pub fn #set(mut self, value: Option<#t>) -> Self {
                self.inner = self.inner.#set(value);
                self
            }
        }
    });
    let doc_text = format!(
        " Sends `{}` from a [`Client`](super::super::Client): set the parameters, then `.send().await`.",
        action.name
    );
    let (runtime_client, overrides) = (rt::CLIENT.path(), rt::CALL_OVERRIDES.path());
    let bytes = rt::BYTES.path();
    let (body_field, body_init, body_setter) = if action.binary_body {
        (
            quote! { body: #bytes, },
            quote! { body: #bytes::new(), },
            quote! {
                /// The request's body, sent as it is (`Content-Type: application/octet-stream`);
                /// the parameters go in headers. Empty unless set.
                pub fn body(mut self, value: impl Into<#bytes>) -> Self {
                    self.body = value.into();
                    self
                }
            },
        )
    } else {
        (quote! {}, quote! {}, quote! {})
    };
    let send = match &action.stream {
        Some(stream) => {
            let event = event_type(action, stream);
            let reply = rt::STREAM_REPLY.path();
            let when = match &stream.when {
                Some(f) => format!(
                    "\n\nThe server streams when `{}` is `true`; otherwise it answers with one JSON reply, given as [`StreamReply::Response`]({}::Response).",
                    f.wire,
                    rt::STREAM_REPLY.text()
                ),
                None => String::new(),
            };
            let send_doc = format!(
                "Builds the request, validates it (unless the client's validation is off), signs and\nsends it. A reply of server-sent events gives [`StreamReply::Events`]({}::Events), a stream of\ndecoded events; a JSON reply gives the usual response, or the typed error.{when}\n\nThe future is `Send`; it borrows nothing.",
                rt::STREAM_REPLY.text()
            );
            let send_doc = doc(&send_doc);
            quote! {
                #send_doc
                pub fn send(self) -> impl ::core::future::Future<Output = Result<#reply<#response, #event, #error>, SdkError<#error>>> {
                    self.client.send_built_stream(self.inner.build(), self.overrides)
                }
            }
        }
        None if action.binary_body => quote! {
            /// Builds the request, validates it (unless the client's validation is off),
            /// signs and sends it with its [body](Self::body), and decodes the reply.
            ///
            /// The future is `Send`; it borrows nothing.
            pub fn send(self) -> impl ::core::future::Future<Output = Result<#response, SdkError<#error>>> {
                self.client.send_built_binary(self.inner.build(), self.body, self.overrides)
            }
        },
        None => quote! {
            /// Builds the request, validates it (unless the client's validation is off),
            /// signs and sends it, and decodes the reply.
            ///
            /// The future is `Send`; it borrows nothing.
            pub fn send(self) -> impl ::core::future::Future<Output = Result<#response, SdkError<#error>>> {
                self.client.send_built(self.inner.build(), self.overrides)
            }
        },
    };
    quote! {
        #[doc = #doc_text]
        #[derive(Debug, Clone)]
        pub struct #fluent {
            client: #runtime_client,
            inner: #builder,
            overrides: #overrides,
            #body_field
        }

        impl #fluent {
            pub(crate) fn new(client: #runtime_client) -> Self {
                #fluent { client, inner: Default::default(), overrides: Default::default(), #body_init }
            }

            /// The request as built so far.
            pub fn as_input(&self) -> &#builder {
                &self.inner
            }

            #(#setters)*
            #body_setter

            #send
        }
    }
}
