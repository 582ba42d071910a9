//! The member's type, as far as mining is concerned.

use crate::spec::model::TypeSpec;

/// The shape of a member, as far as constraints are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    /// `int64`.
    Int,
    /// `uint64`.
    UInt,
    /// `float`.
    Float,
    /// `bool`.
    Bool,
    /// A plain `string`.
    Str,
    /// A string with a format of its own (`date`, `datetime`, `binary`, ...).
    Text,
    /// A list; `numeric` when its items are numbers, `objects` when they are models.
    List { numeric: bool, objects: bool },
    /// A model.
    Object,
}

impl Field {
    pub(super) fn of(ty: &TypeSpec) -> Field {
        match ty {
            TypeSpec::Named(name) => match name.as_str() {
                "int64" | "int" | "integer" => Field::Int,
                "uint64" => Field::UInt,
                "float" | "double" => Field::Float,
                "bool" | "boolean" => Field::Bool,
                "string" => Field::Str,
                "date" | "datetime" | "datetime_iso" | "binary" | "timestamp" => Field::Text,
                _ => Field::Object,
            },
            TypeSpec::List(inner) => {
                let numeric =
                    matches!(inner.as_slice(), [t] if matches!(Field::of(t), Field::Int | Field::UInt | Field::Float));
                let objects = matches!(inner.as_slice(), [t] if Field::of(t) == Field::Object);
                Field::List { numeric, objects }
            }
        }
    }

    pub(super) fn is_number(self) -> bool {
        matches!(self, Field::Int | Field::UInt | Field::Float)
    }
}
