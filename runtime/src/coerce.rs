//! Scalars written as the other type: `"12"` for an integer, `"true"` for a boolean,
//! `12` for a string.
//!
//! The documentation says what type each member has; the wire sometimes shows
//! otherwise: Tencent's own examples (and, evidently, its servers) write integers and
//! booleans as strings, and numbers where a string is documented. The rule is *strict
//! where the documentation is clear, tolerant where the wire shows otherwise*: a value
//! of the documented type decodes as always, and where a member holds the other type,
//! [`Converting`] converts exactly these cases and nothing else:
//!
//! - an integer member (`u64`, `i64`, …) takes a string holding a JSON integer that fits
//!   the type exactly: `"12"`, `"-3"`, `"18446744073709551615"` for a `u64`; not
//!   `"12a"`, `"1.5"`, `"1e2"`, `" 12"`, `"+12"`, `"012"`, nor `"-1"` for a `u64`;
//! - a float member takes a string holding a JSON number: `"1.5"`, `"2"`, `"-1e3"`; not
//!   `"NaN"`, `"inf"`, `"1."`;
//! - a boolean member takes `"true"` or `"false"`, exactly;
//! - a string member takes a number or a boolean, as its JSON text (`12` is `"12"`,
//!   `true` is `"true"`; a fraction or exponent as serde_json writes the number).
//!
//! Anything else is the error the strict decode gives. Each conversion is counted on
//! the decoding thread ([`take_conversions`]); the client logs one warning per member
//! converted, found by comparing the reply with the decoded value
//! ([`crate::de::converted_paths`]). The example replay (`examples`, feature
//! `test-util`) converts an example's parameters the same way.
//!
//! The adapter forwards to serde_json's own deserializer, and converts only where the
//! strict decode would have failed, so a reply of the documented types decodes exactly
//! as fast as without it, in one pass, and each type's `Deserialize` is compiled once.
//!
//! ```
//! # #[derive(Debug, PartialEq, serde::Deserialize)]
//! # struct Page {
//! #     #[serde(rename = "Total")]
//! #     total: u64,
//! #     #[serde(rename = "Tags")]
//! #     tags: Vec<String>,
//! # }
//! use tencentcloud_runtime::coerce;
//!
//! coerce::take_conversions();
//! let page: Page = coerce::from_str(r#"{"Total": "12", "Tags": ["a", 7]}"#).unwrap();
//! assert_eq!(page, Page { total: 12, tags: vec!["a".into(), "7".into()] });
//! assert_eq!(coerce::take_conversions(), 2);
//! assert!(coerce::from_str::<Page>(r#"{"Total": "12a", "Tags": []}"#).is_err());
//! ```

use std::cell::Cell;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Number;

thread_local! {
    /// Conversions made on this thread since the last [`take_conversions`].
    static CONVERSIONS: Cell<u32> = const { Cell::new(0) };
}

fn record() {
    CONVERSIONS.with(|c| c.set(c.get().saturating_add(1)));
}

/// How many values [`Converting`] has converted on this thread since the last call,
/// resetting the count to zero.
pub fn take_conversions() -> u32 {
    CONVERSIONS.with(|c| c.replace(0))
}

/// Decodes JSON text as `T` through [`Converting`], as `serde_json::from_str` does
/// (trailing characters are an error); conversions are counted ([`take_conversions`]).
#[inline]
pub fn from_str<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = T::deserialize(Converting(&mut deserializer))?;
    deserializer.end()?;
    Ok(value)
}

/// A deserializer that converts scalars written as the other type (see the
/// [module documentation](self)) and otherwise does what the one it wraps does.
///
/// Scalar requests are forwarded as `deserialize_any` (serde_json reads a number, a
/// string or a boolean the same way either way), so that a value of the other type
/// reaches the visitor instead of failing in the deserializer; containers and options
/// are forwarded as asked, their members decoded through the adapter too.
pub struct Converting<D>(pub D);

impl<'de, D: Deserializer<'de>> Converting<D> {
    #[inline]
    fn scalar<V: Visitor<'de>>(self, want: Want, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(Convert { visitor, want })
    }
}

/// What scalar a member asks for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Want {
    /// Anything: values are passed on as they are (containers still converted inside).
    AsIs,
    Bool,
    Signed,
    Unsigned,
    Float,
    Text,
}

/// The number a string holds, when it is exactly a JSON number (no whitespace, sign,
/// leading zero or other text around it).
fn number_in(text: &str) -> Option<Number> {
    let first = text.bytes().next()?;
    if !(first == b'-' || first.is_ascii_digit()) || text.trim_end() != text {
        return None;
    }
    serde_json::from_str::<Number>(text).ok()
}

/// The boolean a string holds: `"true"` or `"false"`, exactly.
fn bool_in(text: &str) -> Option<bool> {
    match text {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// A scalar read from a string for a member that asked for `want`.
enum FromText {
    Bool(bool),
    Signed(i64),
    Unsigned(u64),
    Float(f64),
}

/// What `text` converts to for a member that asked for `want`, if anything.
#[cold]
fn convert_text(want: Want, text: &str) -> Option<FromText> {
    match want {
        Want::Bool => bool_in(text).map(FromText::Bool),
        Want::Signed => number_in(text).and_then(|n| n.as_i64()).map(FromText::Signed),
        Want::Unsigned => number_in(text).and_then(|n| n.as_u64()).map(FromText::Unsigned),
        Want::Float => number_in(text).and_then(|n| n.as_f64()).map(FromText::Float),
        Want::AsIs | Want::Text => None,
    }
}

/// A visitor that converts what reaches it to what its member asked for, else passes
/// it on (and the member's own visitor says what it expected).
struct Convert<V> {
    visitor: V,
    want: Want,
}

impl<'de, V: Visitor<'de>> Convert<V> {
    /// What a string converts to for this member, if it asked for another scalar.
    #[inline]
    fn scalar_in(&self, text: &str) -> Option<FromText> {
        match self.want {
            Want::AsIs | Want::Text => None,
            want => convert_text(want, text),
        }
    }

    /// The member's value from a string holding the scalar it asked for.
    #[cold]
    fn converted<E: serde::de::Error>(self, scalar: FromText) -> Result<V::Value, E> {
        record();
        match scalar {
            FromText::Bool(b) => self.visitor.visit_bool(b),
            FromText::Signed(n) => self.visitor.visit_i64(n),
            FromText::Unsigned(n) => self.visitor.visit_u64(n),
            FromText::Float(n) => self.visitor.visit_f64(n),
        }
    }

    /// A number or boolean for a text member: its JSON text.
    #[cold]
    fn text_of<E: serde::de::Error>(self, json: String) -> Result<V::Value, E> {
        record();
        self.visitor.visit_string(json)
    }
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Convert<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(f)
    }

    #[inline]
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<V::Value, E> {
        match self.want {
            Want::Text => self.text_of(v.to_string()),
            _ => self.visitor.visit_bool(v),
        }
    }

    #[inline]
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<V::Value, E> {
        match self.want {
            Want::Text => self.text_of(v.to_string()),
            _ => self.visitor.visit_i64(v),
        }
    }

    #[inline]
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<V::Value, E> {
        match self.want {
            Want::Text => self.text_of(v.to_string()),
            _ => self.visitor.visit_u64(v),
        }
    }

    #[inline]
    fn visit_i128<E: serde::de::Error>(self, v: i128) -> Result<V::Value, E> {
        self.visitor.visit_i128(v)
    }

    #[inline]
    fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<V::Value, E> {
        self.visitor.visit_u128(v)
    }

    #[inline]
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<V::Value, E> {
        match (self.want, Number::from_f64(v)) {
            (Want::Text, Some(n)) => self.text_of(n.to_string()),
            _ => self.visitor.visit_f64(v),
        }
    }

    #[inline]
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<V::Value, E> {
        match self.scalar_in(v) {
            Some(scalar) => self.converted(scalar),
            None => self.visitor.visit_str(v),
        }
    }

    #[inline]
    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<V::Value, E> {
        match self.scalar_in(v) {
            Some(scalar) => self.converted(scalar),
            None => self.visitor.visit_borrowed_str(v),
        }
    }

    #[inline]
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<V::Value, E> {
        match self.scalar_in(&v) {
            Some(scalar) => self.converted(scalar),
            None => self.visitor.visit_string(v),
        }
    }

    #[inline]
    fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<V::Value, E> {
        self.visitor.visit_bytes(v)
    }

    #[inline]
    fn visit_borrowed_bytes<E: serde::de::Error>(self, v: &'de [u8]) -> Result<V::Value, E> {
        self.visitor.visit_borrowed_bytes(v)
    }

    #[inline]
    fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<V::Value, E> {
        self.visitor.visit_byte_buf(v)
    }

    #[inline]
    fn visit_none<E: serde::de::Error>(self) -> Result<V::Value, E> {
        self.visitor.visit_none()
    }

    #[inline]
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        self.visitor.visit_some(Converting(deserializer))
    }

    #[inline]
    fn visit_unit<E: serde::de::Error>(self) -> Result<V::Value, E> {
        self.visitor.visit_unit()
    }

    #[inline]
    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        self.visitor.visit_newtype_struct(Converting(deserializer))
    }

    #[inline]
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_seq(Converting(seq))
    }

    #[inline]
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_map(Converting(map))
    }

    #[inline]
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_enum(data)
    }
}

/// Decodes each element or member value through [`Converting`].
struct ConvertingSeed<S>(S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for ConvertingSeed<S> {
    type Value = S::Value;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(Converting(deserializer))
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Converting<A> {
    type Error = A::Error;

    #[inline]
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(ConvertingSeed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Converting<A> {
    type Error = A::Error;

    #[inline]
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(seed)
    }

    #[inline]
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.0.next_value_seed(ConvertingSeed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

/// Forwards `deserialize_*` methods to the wrapped deserializer with the visitor
/// wrapped (so that members inside are converted too).
macro_rules! forward_wrapped {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        #[inline]
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
            self.0.$method($($arg,)* Convert { visitor, want: Want::AsIs })
        }
    )*};
}

/// Forwards `deserialize_*` methods as they are: nothing inside is converted.
macro_rules! forward_plain {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        #[inline]
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
            self.0.$method($($arg,)* visitor)
        }
    )*};
}

/// Forwards scalar `deserialize_*` methods as `deserialize_any`, asking for `$want`.
macro_rules! forward_scalar {
    ($($method:ident => $want:ident;)*) => {$(
        #[inline]
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
            self.scalar(Want::$want, visitor)
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Converting<D> {
    type Error = D::Error;

    forward_scalar! {
        deserialize_bool => Bool;
        deserialize_i8 => Signed;
        deserialize_i16 => Signed;
        deserialize_i32 => Signed;
        deserialize_i64 => Signed;
        deserialize_u8 => Unsigned;
        deserialize_u16 => Unsigned;
        deserialize_u32 => Unsigned;
        deserialize_u64 => Unsigned;
        deserialize_f32 => Float;
        deserialize_f64 => Float;
        deserialize_str => Text;
        deserialize_string => Text;
    }

    forward_wrapped! {
        deserialize_any();
        deserialize_option();
        deserialize_seq();
        deserialize_map();
        deserialize_newtype_struct(name: &'static str);
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_struct(name: &'static str, fields: &'static [&'static str]);
    }

    forward_plain! {
        deserialize_i128();
        deserialize_u128();
        deserialize_char();
        deserialize_bytes();
        deserialize_byte_buf();
        deserialize_unit();
        deserialize_identifier();
        deserialize_ignored_any();
        deserialize_unit_struct(name: &'static str);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_text_are_exactly_json_numbers() {
        for (text, expected) in
            [("12", Some("12")), ("-3", Some("-3")), ("1.5", Some("1.5")), ("-1e3", Some("-1000.0"))]
        {
            assert_eq!(number_in(text).map(|n| n.to_string()).as_deref(), expected, "{text}");
        }
        for text in ["", " 12", "12 ", "+12", "012", "1.", ".5", "NaN", "inf", "1e400", "12a", "0x10", "１２"] {
            assert_eq!(number_in(text), None, "{text:?}");
        }
    }

    #[test]
    fn conversions_are_counted_per_thread_and_taken() {
        take_conversions();
        let n: Vec<u64> = from_str(r#"["1", 2, "3"]"#).expect("converts");
        assert_eq!(n, [1, 2, 3]);
        assert_eq!(std::thread::spawn(take_conversions).join().ok(), Some(0));
        assert_eq!(take_conversions(), 2);
        assert_eq!(take_conversions(), 0);
    }
}
