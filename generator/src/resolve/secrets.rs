//! Which responses carry a secret: a member whose name says it holds one
//! ([`crate::naming::is_secret_member`]), in the response or in a model it holds.

use std::collections::BTreeSet;

use crate::ir::{Field, Model};

/// Whether `fields`, or a model they hold (directly or through lists), has a secret
/// member; `seen` guards recursive models.
pub(super) fn carries_secret<'a>(models: &'a [Model], fields: &'a [Field], seen: &mut BTreeSet<&'a str>) -> bool {
    fields.iter().any(|f| {
        f.secret
            || match f.ty.model() {
                Some(name) if seen.insert(name) => {
                    models.iter().find(|m| m.name == name).is_some_and(|m| carries_secret(models, &m.fields, seen))
                }
                _ => false,
            }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::test_ir::{field, model};
    use crate::ir::{Scalar, Type};

    fn text(wire: &str) -> Field {
        field(wire, Type::Scalar(Scalar::String))
    }

    #[test]
    fn a_secret_is_found_in_the_fields_and_the_models_they_hold() {
        let credentials = model("Credentials", vec![text("TmpSecretId"), text("TmpSecretKey")]);
        let plain = model("Plain", vec![text("Name")]);
        // Models that hold each other (a cycle) and no secret: the search ends.
        let node = model("Node", vec![text("Name"), field("Next", Type::Model("Node".to_owned()))]);
        let models = [credentials, node, plain];
        let secret_in = |fields: &[Field]| carries_secret(&models, fields, &mut BTreeSet::new());
        let list = |name: &str| field("Items", Type::List(Box::new(Type::List(Box::new(Type::Model(name.into()))))));
        assert!(secret_in(&[text("Name"), text("Password")]));
        assert!(!secret_in(&[text("Name"), text("NextToken")]));
        assert!(secret_in(&[text("Name"), field("Credentials", Type::Model("Credentials".into()))]));
        assert!(secret_in(&[list("Credentials")]));
        assert!(!secret_in(&[list("Plain"), field("Node", Type::Model("Node".into()))]));
        assert!(!secret_in(&[field("Gone", Type::Model("Unknown".into()))]));
    }
}
