//! The shared models of a service: `types.rs`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::runtime_paths as rt;
use crate::emit::structs::{constructors, needs_context, struct_def, validate_fields, Role};
use crate::ir::{Service, Usage};

/// `types.rs` of the service crate.
pub fn types_module(service: &Service) -> TokenStream {
    let items = service.models.iter().map(|m| {
        let role = if m.usage == Usage::Out { Role::OutputModel } else { Role::InputModel };
        let def = struct_def(&m.name, m.doc.as_str(), &m.fields, role);
        let ctors = (role == Role::InputModel).then(|| constructors(&m.name, &m.fields));
        let validate = m.validates.then(|| {
            let name = format_ident!("{}", m.name);
            let checks = validate_fields(&m.fields);
            let uses_ctx = needs_context(&m.fields);
            let ctx = if uses_ctx {
                quote! { ctx }
            } else {
                quote! { _ctx }
            };
            // A model whose only validating members are of its own type passes `ctx` to
            // itself alone, which clippy flags; the context is still needed down the tree.
            let recursive_only =
                uses_ctx && !m.fields.iter().any(|f| f.holds_validating_model && f.ty.model() != Some(&m.name));
            let allow = recursive_only.then(|| quote! { #[allow(clippy::only_used_in_recursion)] });
            quote! {
                impl #name {
                    /// Checks the constraints of the spec, reporting paths under `prefix`.
                    #allow
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::test_ir::{constraint, field, model, service};
    use crate::ir::{ConstraintKind, Model, Scalar, Type};

    /// A validating model `name` with a checked string and the members `more`.
    fn validating_model(name: &str, more: Vec<crate::ir::Field>) -> Model {
        let mut name_field = field("Name", Type::Scalar(Scalar::String));
        name_field.constraints.push(constraint(ConstraintKind::MaxLength(8)));
        let mut fields = vec![name_field];
        fields.extend(more);
        Model { validates: true, ..model(name, fields) }
    }

    /// A member holding the validating model `name`.
    fn holding(name: &str) -> crate::ir::Field {
        crate::ir::Field { holds_validating_model: true, ..field(name, Type::Model(name.into())) }
    }

    #[test]
    fn a_model_checking_only_itself_allows_the_context_used_in_recursion() {
        let node = validating_model("Node", vec![holding("Node")]);
        let leaf = validating_model("Leaf", vec![]);
        let tree = validating_model("Tree", vec![holding("Tree"), holding("Leaf")]);
        let text = types_module(&service(vec![], vec![node, leaf, tree])).to_string();
        let allows = text.matches("only_used_in_recursion").count();
        // Node passes `ctx` to itself alone; Tree to Leaf as well; Leaf to nothing (`_ctx`).
        assert_eq!(allows, 1, "{text}");
        let before = &text[..text.find("only_used_in_recursion").expect("an allow")];
        assert!(before.contains("impl Node") && !before.contains("impl Leaf"), "{text}");
    }
}
