//! The shared models of a service: `types.rs`.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::runtime_paths as rt;
use crate::emit::structs::{constructors, needs_context, struct_def, validate_fields, Role};
use crate::ir::{Service, Usage};

/// `types.rs` of the service crate.
pub fn types_module(service: &Service, validating: &BTreeSet<String>) -> TokenStream {
    let items = service.models.iter().map(|m| {
        let role = if m.usage == Usage::Out { Role::OutputModel } else { Role::InputModel };
        let def = struct_def(&m.name, &crate::emit::rust::spec_text(&m.doc), &m.fields, role);
        let ctors = (role == Role::InputModel).then(|| constructors(&m.name, &m.fields));
        let validate = m.validates.then(|| {
            let name = format_ident!("{}", m.name);
            let checks = validate_fields(&m.fields, validating);
            let uses_ctx = needs_context(&m.fields, validating);
            let ctx = if uses_ctx {
                quote! { ctx }
            } else {
                quote! { _ctx }
            };
            quote! {
                impl #name {
                    /// Checks the constraints of the spec, reporting paths under `prefix`.
                    pub(crate) fn validate_into(
                        &self,
                        #ctx: &ValidationContext,
                        prefix: &str,
                        report: &mut Violations,
                    ) {
                        #checks
                    }
                }
            }
        });
        quote! { #def #ctors #validate }
    });
    let imports =
        service.models.iter().any(|m| m.validates).then(|| rt::imports(&[rt::VALIDATION_CONTEXT, rt::VIOLATIONS]));
    quote! { #imports #(#items)* }
}
