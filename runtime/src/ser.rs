//! `Serialize` for the structs of the generated crates: [`serialize_struct!`](crate::serialize_struct).
//!
//! The generated code does not derive `Serialize`: for a crate of hundreds of actions,
//! the derive's expansion (an `if`/`else` and two calls per optional member) is a large
//! part of the build. The macro writes one call per member to the functions below,
//! which serialize exactly as `#[serde(rename = "Wire")]`, with
//! `skip_serializing_if = "Option::is_none"` on optional members, did.

/// `Serialize` for a struct of the generated crates, from the JSON name of each field
/// and its kind, in the member list [`deserialize_struct!`](crate::deserialize_struct)
/// takes:
///
/// - `optional` (an `Option`): left out when `None`;
/// - `lenient` and `required`: always written (their index is ignored here).
///
/// Members are written in the order given, under their JSON names.
///
/// ```
/// struct Page {
///     total: u64,
///     next: Option<String>,
/// }
/// tencentcloud_runtime::serialize_struct!(Page {
///     total: lenient("Total", 0),
///     next: optional("Next"),
/// });
/// let json = serde_json::to_string(&Page { total: 2, next: None }).unwrap();
/// assert_eq!(json, r#"{"Total":2}"#);
/// let json = serde_json::to_string(&Page { total: 2, next: Some("n".into()) }).unwrap();
/// assert_eq!(json, r#"{"Total":2,"Next":"n"}"#);
/// ```
#[macro_export]
macro_rules! serialize_struct {
    ($name:ident {}) => {
        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                let state = $crate::__serde::Serializer::serialize_struct(serializer, ::core::stringify!($name), 0)?;
                $crate::__serde::ser::SerializeStruct::end(state)
            }
        }
    };
    ($name:ident { $($field:ident: $kind:ident($wire:literal $(, $index:literal)?)),+ $(,)? }) => {
        impl $crate::__serde::Serialize for $name {
            #[allow(deprecated)]
            fn serialize<S: $crate::__serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                let mut state = $crate::__serde::Serializer::serialize_struct(
                    serializer,
                    ::core::stringify!($name),
                    0 $(+ $crate::ser::$kind::len(&self.$field))+,
                )?;
                $($crate::ser::$kind::field(&mut state, $wire, &self.$field)?;)+
                $crate::__serde::ser::SerializeStruct::end(state)
            }
        }
    };
}

/// An optional member: written when `Some`, left out when `None`.
#[doc(hidden)]
pub mod optional {
    use serde::ser::{Serialize, SerializeStruct};

    /// How many fields it writes: 1 when present.
    pub fn len<T>(value: &Option<T>) -> usize {
        usize::from(value.is_some())
    }

    /// Writes it when present, else tells the serializer it is skipped.
    pub fn field<S: SerializeStruct, T: Serialize>(
        state: &mut S,
        name: &'static str,
        value: &Option<T>,
    ) -> Result<(), S::Error> {
        match value {
            Some(value) => state.serialize_field(name, value),
            None => state.skip_field(name),
        }
    }
}

/// A required member: always written.
#[doc(hidden)]
pub mod required {
    use serde::ser::{Serialize, SerializeStruct};

    /// How many fields it writes: always 1.
    pub fn len<T>(_: &T) -> usize {
        1
    }

    /// Writes it.
    pub fn field<S: SerializeStruct, T: Serialize>(
        state: &mut S,
        name: &'static str,
        value: &T,
    ) -> Result<(), S::Error> {
        state.serialize_field(name, value)
    }
}

/// A member documented as always present: always written, as a required one.
#[doc(hidden)]
pub use required as lenient;

/// `Serialize` and `Deserialize` for a struct of the generated crates, from one member
/// list: [`serialize_struct!`](crate::serialize_struct) and
/// [`deserialize_struct!`](crate::deserialize_struct) of the same input.
#[macro_export]
macro_rules! wire_struct {
    ($($input:tt)*) => {
        $crate::serialize_struct!($($input)*);
        $crate::deserialize_struct!($($input)*);
    };
}
