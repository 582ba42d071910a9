//! Scalars written as the other type: `"12"` for an integer, `"true"` for a boolean,
//! `12` for a string.
//!
//! The documentation says what type each member has, and the typed decode holds it to
//! that. The wire sometimes shows otherwise: Tencent's own examples (and, evidently, its
//! servers) write integers and booleans as strings, and numbers where a string is
//! documented. The rule is *strict where the documentation is clear, tolerant where the
//! wire shows otherwise*: a response is first decoded strictly; only when that fails on a
//! value of the wrong type is it decoded again through [`from_value`], which converts
//! exactly these cases and nothing else:
//!
//! - an integer member (`u64`, `i64`, …) takes a string holding a JSON integer that fits
//!   the type exactly: `"12"`, `"-3"`, `"18446744073709551615"` for a `u64`; not
//!   `"12a"`, `"1.5"`, `"1e2"`, `" 12"`, `"+12"`, `"012"`, nor `"-1"` for a `u64`;
//! - a float member takes a string holding a JSON number: `"1.5"`, `"2"`, `"-1e3"`; not
//!   `"NaN"`, `"inf"`, `"1."`;
//! - a boolean member takes `"true"` or `"false"`, exactly;
//! - a string member takes a number or a boolean, as its JSON text (`12` is `"12"`,
//!   `true` is `"true"`; a float as serde_json writes it).
//!
//! Anything else is still an error, and the error names the member's path. The client
//! logs one warning per converted member (see [`crate::client`]); the example replay
//! ([`crate::examples`]) converts an example's parameters the same way.
//!
//! ```
//! # #[derive(Debug, PartialEq, serde::Deserialize)]
//! # struct Page {
//! #     #[serde(rename = "Total")]
//! #     total: u64,
//! #     #[serde(rename = "Tags")]
//! #     tags: Vec<String>,
//! # }
//! let raw = serde_json::json!({"Total": "12", "Tags": ["a", 7]});
//! let page = tencentcloud_runtime::coerce::from_value::<Page>(&raw).unwrap();
//! assert_eq!(page.value, Page { total: 12, tags: vec!["a".into(), "7".into()] });
//! assert_eq!(page.converted, ["Total", "Tags[1]"]);
//! assert!(tencentcloud_runtime::coerce::from_value::<Page>(&serde_json::json!({"Total": "12a"})).is_err());
//! ```

use std::cell::RefCell;
use std::fmt;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{Error, Number, Value};

/// A value decoded through [`from_value`], and the members that were converted.
#[derive(Debug, Clone, PartialEq)]
pub struct Coerced<T> {
    /// The decoded value.
    pub value: T,
    /// The paths of the members written as the other scalar type, in the order they
    /// were read: `Total`, `UserList[1].JoinTs`.
    pub converted: Vec<String>,
}

/// Decodes `value` as `T`, converting the scalars written as the other type that `T`
/// asks for (see the [module documentation](self)). An error names the path of the
/// member that could not be decoded (`Items[1].Id: invalid type: ...`).
pub fn from_value<'de, T: Deserialize<'de>>(value: &'de Value) -> Result<Coerced<T>, Error> {
    let log = Log::default();
    match T::deserialize(Node { value, path: Path::Root, log: &log }) {
        Ok(value) => Ok(Coerced { value, converted: log.converted.into_inner() }),
        Err(e) => Err(log.locate(e)),
    }
}

/// What a decode through [`from_value`] recorded: the members converted, and where the
/// first error happened (the innermost member: errors are seen on their way out).
#[derive(Default)]
struct Log {
    converted: RefCell<Vec<String>>,
    failed_at: RefCell<Option<String>>,
}

impl Log {
    fn converted(&self, path: &Path<'_>) {
        if let Ok(mut list) = self.converted.try_borrow_mut() {
            list.push(path.to_string());
        }
    }

    /// `error`, having recorded `path` as where it happened unless an error was
    /// recorded already.
    fn failed(&self, path: &Path<'_>, error: Error) -> Error {
        if let Ok(mut at) = self.failed_at.try_borrow_mut() {
            at.get_or_insert_with(|| path.to_string());
        }
        error
    }

    /// `error`, prefixed with the path where it happened.
    fn locate(self, error: Error) -> Error {
        match self.failed_at.into_inner() {
            Some(path) if !path.is_empty() => Error::custom(format!("{path}: {error}")),
            _ => error,
        }
    }
}

/// Where a value is: `UserList[1].JoinTs`.
#[derive(Clone, Copy)]
enum Path<'a> {
    Root,
    Member(&'a Path<'a>, &'a str),
    Element(&'a Path<'a>, usize),
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Member(Path::Root, name) => f.write_str(name),
            Path::Member(parent, name) => write!(f, "{parent}.{name}"),
            Path::Element(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
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

/// The integer kinds a member may ask for.
#[derive(Clone, Copy)]
enum Integer {
    Signed,
    Unsigned,
}

impl Integer {
    fn fits(self, n: &Number) -> bool {
        match self {
            Integer::Signed => n.is_i64(),
            Integer::Unsigned => n.is_u64(),
        }
    }
}

/// A value being decoded, where it is, and the log of the whole decode.
struct Node<'a, 'de> {
    value: &'de Value,
    path: Path<'a>,
    log: &'a Log,
}

impl<'a, 'de: 'a> Node<'a, 'de> {
    /// Runs `decode` on this node; an error is logged as happening here unless it
    /// happened deeper.
    fn tracked<R>(self, decode: impl FnOnce(Self) -> Result<R, Error>) -> Result<R, Error> {
        let (log, path) = (self.log, self.path);
        decode(self).map_err(|e| log.failed(&path, e))
    }

    /// Decodes the value as it is, containers through this module (so that their
    /// members are converted too), scalars as serde_json does.
    fn as_is<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::Array(items) => visitor.visit_seq(Elements::new(items, &self.path, self.log)),
            Value::Object(members) => visitor.visit_map(Members::new(members, &self.path, self.log)),
            scalar => scalar.deserialize_any(visitor),
        }
    }

    /// An integer member: also from a string holding an integer of the kind asked for.
    fn integer<V: Visitor<'de>>(self, kind: Integer, visitor: V) -> Result<V::Value, Error> {
        self.tracked(|node| match node.value {
            Value::String(s) => match number_in(s).filter(|n| kind.fits(n)) {
                Some(n) => node.converted(n.deserialize_any(visitor)),
                None => node.as_is(visitor),
            },
            _ => node.as_is(visitor),
        })
    }

    /// A float member: also from a string holding a number.
    fn float<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.tracked(|node| match node.value {
            Value::String(s) => match number_in(s) {
                Some(n) => node.converted(n.deserialize_any(visitor)),
                None => node.as_is(visitor),
            },
            _ => node.as_is(visitor),
        })
    }

    /// A result obtained by converting this node's value: logged as converted if it
    /// decoded.
    fn converted<R>(&self, result: Result<R, Error>) -> Result<R, Error> {
        if result.is_ok() {
            self.log.converted(&self.path);
        }
        result
    }
}

impl<'a, 'de: 'a> Deserializer<'de> for Node<'a, 'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.tracked(|node| node.as_is(visitor))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.tracked(|node| match node.value {
            Value::String(s) => match bool_in(s) {
                Some(b) => node.converted(visitor.visit_bool(b)),
                None => node.as_is(visitor),
            },
            _ => node.as_is(visitor),
        })
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.integer(Integer::Signed, visitor)
    }

    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.integer(Integer::Signed, visitor)
    }

    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.integer(Integer::Signed, visitor)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.integer(Integer::Signed, visitor)
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.integer(Integer::Unsigned, visitor)
    }

    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.integer(Integer::Unsigned, visitor)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.integer(Integer::Unsigned, visitor)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.integer(Integer::Unsigned, visitor)
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.float(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.float(visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_any(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.tracked(|node| match node.value {
            Value::Number(n) => node.converted(visitor.visit_string(n.to_string())),
            Value::Bool(b) => node.converted(visitor.visit_str(if *b { "true" } else { "false" })),
            _ => node.as_is(visitor),
        })
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.tracked(|node| node.value.deserialize_bytes(visitor))
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => self.tracked(|_| visitor.visit_none()),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.tracked(|node| node.value.deserialize_unit(visitor))
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.tracked(|node| match node.value {
            Value::Array(_) => node.as_is(visitor),
            other => other.deserialize_seq(visitor),
        })
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.tracked(|node| match node.value {
            Value::Object(_) => node.as_is(visitor),
            other => other.deserialize_map(visitor),
        })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.tracked(|node| match node.value {
            Value::Object(_) | Value::Array(_) => node.as_is(visitor),
            other => other.deserialize_map(visitor),
        })
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.tracked(|node| node.value.deserialize_enum(name, variants, visitor))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.tracked(|node| node.value.deserialize_identifier(visitor))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

/// The elements of an array, each decoded through this module.
struct Elements<'a, 'de> {
    items: std::slice::Iter<'de, Value>,
    index: usize,
    parent: &'a Path<'a>,
    log: &'a Log,
}

impl<'a, 'de: 'a> Elements<'a, 'de> {
    fn new(items: &'de [Value], parent: &'a Path<'a>, log: &'a Log) -> Self {
        Elements { items: items.iter(), index: 0, parent, log }
    }
}

impl<'a, 'de: 'a> SeqAccess<'de> for Elements<'a, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        let Some(value) = self.items.next() else { return Ok(None) };
        let index = self.index;
        self.index += 1;
        seed.deserialize(Node { value, path: Path::Element(self.parent, index), log: self.log }).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// The members of an object, each value decoded through this module.
struct Members<'a, 'de> {
    entries: serde_json::map::Iter<'de>,
    pending: Option<(&'de str, &'de Value)>,
    parent: &'a Path<'a>,
    log: &'a Log,
}

impl<'a, 'de: 'a> Members<'a, 'de> {
    fn new(members: &'de serde_json::Map<String, Value>, parent: &'a Path<'a>, log: &'a Log) -> Self {
        Members { entries: members.iter(), pending: None, parent, log }
    }
}

impl<'a, 'de: 'a> MapAccess<'de> for Members<'a, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        let Some((name, value)) = self.entries.next() else { return Ok(None) };
        self.pending = Some((name, value));
        seed.deserialize(BorrowedStrDeserializer::new(name)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let Some((name, value)) = self.pending.take() else {
            return Err(Error::custom("a member's value was asked for before its name"));
        };
        seed.deserialize(Node { value, path: Path::Member(self.parent, name), log: self.log })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}
