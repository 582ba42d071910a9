//! Lenient decoding of response members documented as always present.
//!
//! The service does not always keep its promises: a member the spec documents as
//! always present is sometimes missing or `null`. Rather than failing the whole call,
//! generated response structs decode such a member as its type's default:
//!
//! ```
//! #[derive(serde::Deserialize)]
//! struct Output {
//!     #[serde(rename = "Total", default = "tencentcloud_runtime::de::absent",
//!             deserialize_with = "tencentcloud_runtime::de::null_as_default")]
//!     total: u64,
//! }
//!
//! let out: Output = serde_json::from_str(r#"{"Total": null}"#).unwrap();
//! assert_eq!(out.total, 0);
//! assert_eq!(tencentcloud_runtime::de::take_defaults_used(), 1);
//! ```
//!
//! Generated code does not derive `Deserialize`: [`deserialize_struct!`](crate::deserialize_struct)
//! writes a much smaller implementation (one loop over the members, matching each
//! [`Key`]), which matters for crates of hundreds of actions. It uses [`Key`],
//! [`OrDefault`] and [`absent`].
//!
//! Each default used is counted in a thread-local counter (decoding is synchronous, so
//! the whole decode of one response happens on one thread). The client resets the
//! counter before decoding a response and reads it afterwards; only when a default
//! was used does it compare the raw `Response` with the decoded value
//! ([`defaulted_paths`]) and log one warning per member that was missing or `null`.
//! Scalars written as the other type (`"12"` for an integer) are converted by
//! [`crate::coerce`], counted the same way, and found by [`converted_paths`].

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt::{self, Write as _};

use serde::de::Visitor;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

thread_local! {
    /// Defaults used on this thread since the last [`take_defaults_used`].
    static DEFAULTS_USED: Cell<u32> = const { Cell::new(0) };
}

/// Counts one default used on this thread.
fn count_default() {
    DEFAULTS_USED.with(|c| c.set(c.get().saturating_add(1)));
}

/// How many defaults [`absent`] and [`null_as_default`] have used on this thread since
/// the last call, resetting the count to zero.
pub fn take_defaults_used() -> u32 {
    DEFAULTS_USED.with(|c| c.replace(0))
}

/// The value of a member that is missing from the response: `T::default()`, recorded
/// as a default used. Named by `#[serde(default = "tencentcloud_runtime::de::absent")]`.
pub fn absent<T: Default>() -> T {
    count_default();
    T::default()
}

/// Decodes a member that may be `null`: `null` becomes `T::default()` (recorded as a
/// default used); any other value decodes as `T`, so a value of the wrong type is still
/// an error. Named by
/// `#[serde(deserialize_with = "tencentcloud_runtime::de::null_as_default")]`.
pub fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    match Option::<T>::deserialize(deserializer)? {
        Some(value) => Ok(value),
        None => {
            count_default();
            Ok(T::default())
        }
    }
}

/// The name of a member of an object being decoded, borrowed from the input when it
/// has no escapes (then nothing is copied).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(key)))
            }
            fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(key.to_owned())))
            }
            fn visit_string<E: serde::de::Error>(self, key: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(key)))
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// A member documented as always present, decoded with [`null_as_default`]: `null`
/// becomes the default (recorded as a default used).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OrDefault<T>(pub T);

impl<'de, T: Deserialize<'de> + Default> Deserialize<'de> for OrDefault<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        null_as_default(deserializer).map(OrDefault)
    }
}

/// `Deserialize` for a struct of the generated crates, from the JSON name of each field
/// and how it is decoded:
///
/// - `optional` (an `Option`): missing or `null` is `None`;
/// - `lenient` (documented as always present): missing or `null` is the type's default,
///   counted as a default used ([`OrDefault`], [`absent`]);
/// - `required`: missing is an error (`null` is one unless the type takes it).
///
/// `lenient` and `required` members also take, after the name, their index among the
/// struct's lenient and required members (0, 1, … in order), which says where their
/// presence is recorded. Every field's type implements `Default`: the struct is filled
/// in place, starting from defaults.
///
/// Members not listed are skipped. Unlike `#[derive(Deserialize)]`, a member given twice
/// keeps its last value and an array is not accepted for the struct. The expansion is a
/// third of the derive's and type-checks several times faster (no local variable per
/// member, one `?` per member read), which matters for crates of hundreds of actions.
///
/// ```
/// #[derive(Debug, PartialEq)]
/// struct Page {
///     total: u64,
///     next: Option<String>,
///     request_id: String,
/// }
/// tencentcloud_runtime::deserialize_struct!(Page {
///     total: lenient("Total", 0),
///     next: optional("Next"),
///     request_id: required("RequestId", 1),
/// });
/// let page: Page = serde_json::from_str(r#"{"Total": null, "RequestId": "r", "Other": 1}"#).unwrap();
/// assert_eq!(page, Page { total: 0, next: None, request_id: "r".into() });
/// ```
#[macro_export]
macro_rules! deserialize_struct {
    ($name:ident {}) => {
        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                struct __Visitor;
                impl<'de> $crate::__serde::de::Visitor<'de> for __Visitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(::core::concat!("struct ", ::core::stringify!($name)))
                    }
                    fn visit_map<A: $crate::__serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> ::core::result::Result<$name, A::Error> {
                        while map.next_key::<$crate::__serde::de::IgnoredAny>()?.is_some() {
                            map.next_value::<$crate::__serde::de::IgnoredAny>()?;
                        }
                        ::core::result::Result::Ok($name {})
                    }
                }
                deserializer.deserialize_map(__Visitor)
            }
        }
    };
    ($name:ident { $($field:ident: $kind:ident($wire:literal $(, $index:literal)?)),+ $(,)? }) => {
        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                struct __Visitor;
                impl<'de> $crate::__serde::de::Visitor<'de> for __Visitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(::core::concat!("struct ", ::core::stringify!($name)))
                    }
                    #[allow(deprecated, unused_mut)]
                    fn visit_map<A: $crate::__serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> ::core::result::Result<$name, A::Error> {
                        // Members are read into the struct itself and one flag per
                        // required or lenient member records that it was present: no
                        // local per member, and one `?` per member read.
                        let mut out = $name { $($field: ::core::default::Default::default(),)+ };
                        let mut seen = [false; 0 $($(+ ($index * 0 + 1))?)+];
                        while let ::core::option::Option::Some(key) = map.next_key::<$crate::de::Key<'de>>()? {
                            let read = match key.as_str() {
                                $($wire => $crate::de::member::$kind(&mut map, &mut out.$field $(, &mut seen[$index])?),)+
                                _ => $crate::de::member::skip(&mut map),
                            };
                            read?;
                        }
                        $crate::de::member::finish::<A::Error>(
                            &seen,
                            &[$($(($crate::de::member::required_kind::$kind, $wire, $index),)?)+],
                        )?;
                        ::core::result::Result::Ok(out)
                    }
                }
                deserializer.deserialize_map(__Visitor)
            }
        }
    };
}

/// How [`deserialize_struct!`](crate::deserialize_struct) reads a member's value into
/// the struct, by kind (functions, not macro arms: cheaper to expand in crates of
/// thousands of members), and checks the members once the object is read.
#[doc(hidden)]
pub mod member {
    use super::OrDefault;
    use serde::de::{Deserialize, IgnoredAny, MapAccess};

    /// An `Option` member: `null` is `None`.
    pub fn optional<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
        map: &mut A,
        slot: &mut Option<T>,
    ) -> Result<(), A::Error> {
        *slot = map.next_value()?;
        Ok(())
    }

    /// A member documented as always present: `null` is the default, counted.
    pub fn lenient<'de, A: MapAccess<'de>, T: Deserialize<'de> + Default>(
        map: &mut A,
        slot: &mut T,
        seen: &mut bool,
    ) -> Result<(), A::Error> {
        *slot = map.next_value::<OrDefault<T>>()?.0;
        *seen = true;
        Ok(())
    }

    /// A required member.
    pub fn required<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
        map: &mut A,
        slot: &mut T,
        seen: &mut bool,
    ) -> Result<(), A::Error> {
        *slot = map.next_value()?;
        *seen = true;
        Ok(())
    }

    /// A member the struct does not have: skipped.
    pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
        map.next_value::<IgnoredAny>().map(drop)
    }

    /// Whether a member kind is required (`true`) or lenient (`false`), by the kind's
    /// name as the macro is given it.
    #[allow(non_upper_case_globals)]
    pub mod required_kind {
        /// A required member: an error when missing.
        pub const required: bool = true;
        /// A lenient member: its default when missing, counted.
        pub const lenient: bool = false;
    }

    /// Once the object is read: the required members missing are an error naming them
    /// all, in declaration order (`missing field `A``, `missing fields `A`, `B``);
    /// otherwise each lenient member missing keeps its default and is counted
    /// ([`absent`](super::absent)). `members` holds (required, wire name, index in
    /// `seen`).
    pub fn finish<E: serde::de::Error>(seen: &[bool], members: &[(bool, &'static str, usize)]) -> Result<(), E> {
        let absent = members.iter().filter(|&&(_, _, index)| !seen.get(index).copied().unwrap_or(false));
        let missing: Vec<&'static str> = absent.clone().filter(|m| m.0).map(|m| m.1).collect();
        match missing.as_slice() {
            [] => {}
            [one] => return Err(E::missing_field(one)),
            many => {
                let names: Vec<String> = many.iter().map(|name| format!("`{name}`")).collect();
                return Err(E::custom(format_args!("missing fields {}", names.join(", "))));
            }
        }
        absent.for_each(|_| super::count_default());
        Ok(())
    }
}

/// The paths of the members present (and not `null`) in `typed`, the decoded output
/// serialized back to JSON, but missing or `null` in `raw`, the `Response` object as
/// received: the members that were decoded as their default.
///
/// Paths name object members by key, joined with `.`, and array elements by index:
/// `UserList[1].RoomStr`. A member missing as a whole is reported once, not member by
/// member. Values of different kinds on the two sides are not compared further.
pub fn defaulted_paths(raw: &Value, typed: &Value) -> Vec<String> {
    differing_paths(raw, typed, |raw, typed| matches!(raw, None | Some(Value::Null)) && !typed.is_null())
}

/// The paths of the members that are a string in `raw`, the `Response` object as
/// received, and a number or boolean in `typed`, the decoded output serialized back
/// to JSON, or the reverse: the scalars written as the other type and converted
/// ([`crate::coerce`]). Paths are written as [`defaulted_paths`] writes them.
pub fn converted_paths(raw: &Value, typed: &Value) -> Vec<String> {
    fn scalar(v: &Value) -> bool {
        v.is_number() || v.is_boolean()
    }
    differing_paths(raw, typed, |raw, typed| match raw {
        Some(Value::String(_)) => scalar(typed),
        Some(raw) => scalar(raw) && typed.is_string(),
        None => false,
    })
}

/// The paths where `differs(raw member, typed member)`, walking the members of `typed`
/// and, where they do not differ, into them.
fn differing_paths(raw: &Value, typed: &Value, differs: fn(Option<&Value>, &Value) -> bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut path = String::new();
    walk(raw, typed, &mut Walk { path: &mut path, out: &mut out, differs });
    out
}

/// Where a walk is, what it found, and what it looks for.
struct Walk<'a> {
    path: &'a mut String,
    out: &'a mut Vec<String>,
    differs: fn(Option<&Value>, &Value) -> bool,
}

fn walk(raw: &Value, typed: &Value, w: &mut Walk<'_>) {
    match (raw, typed) {
        (Value::Object(raw), Value::Object(typed)) => {
            for (key, value) in typed {
                let len = w.path.len();
                if !w.path.is_empty() {
                    w.path.push('.');
                }
                w.path.push_str(key);
                visit(raw.get(key), value, w);
                w.path.truncate(len);
            }
        }
        (Value::Array(raw), Value::Array(typed)) => {
            for (i, value) in typed.iter().enumerate() {
                let len = w.path.len();
                // Writing to a String cannot fail.
                let _ = write!(w.path, "[{i}]");
                visit(raw.get(i), value, w);
                w.path.truncate(len);
            }
        }
        _ => {}
    }
}

fn visit(raw: Option<&Value>, typed: &Value, w: &mut Walk<'_>) {
    if (w.differs)(raw, typed) {
        w.out.push(w.path.clone());
    } else if let Some(raw) = raw {
        walk(raw, typed, w);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Out {
        #[serde(rename = "Total", default = "crate::de::absent", deserialize_with = "crate::de::null_as_default")]
        total: u64,
        #[serde(rename = "Name", default = "crate::de::absent", deserialize_with = "crate::de::null_as_default")]
        name: String,
        #[serde(rename = "Tags", default = "crate::de::absent", deserialize_with = "crate::de::null_as_default")]
        tags: Vec<String>,
    }

    #[test]
    fn missing_and_null_members_decode_as_default_and_are_counted() {
        take_defaults_used();
        let full: Out = serde_json::from_str(r#"{"Total": 3, "Name": "n", "Tags": ["a"]}"#).unwrap();
        assert_eq!(full, Out { total: 3, name: "n".into(), tags: vec!["a".into()] });
        assert_eq!(take_defaults_used(), 0);

        let sparse: Out = serde_json::from_str(r#"{"Total": null, "Tags": null}"#).unwrap();
        assert_eq!(sparse, Out { total: 0, name: String::new(), tags: Vec::new() });
        assert_eq!(take_defaults_used(), 3);
        assert_eq!(take_defaults_used(), 0, "taking resets the count");
    }

    #[test]
    fn a_value_of_the_wrong_type_is_still_an_error() {
        take_defaults_used();
        assert!(serde_json::from_str::<Out>(r#"{"Total": "two", "Name": "n", "Tags": []}"#).is_err());
        assert!(serde_json::from_str::<Out>(r#"{"Total": 1, "Name": 5, "Tags": []}"#).is_err());
        assert!(serde_json::from_str::<Out>(r#"{"Total": 1, "Name": "n", "Tags": [null]}"#).is_err());
        assert_eq!(take_defaults_used(), 0);
    }

    #[test]
    fn the_count_is_per_thread() {
        take_defaults_used();
        let _: Out = serde_json::from_str("{}").unwrap();
        let other = std::thread::spawn(take_defaults_used).join().unwrap();
        assert_eq!(other, 0);
        assert_eq!(take_defaults_used(), 3);
    }

    #[test]
    fn paths_in_objects() {
        let raw = json!({"Total": null, "RequestId": "r"});
        let typed = json!({"Total": 0, "Name": "", "RequestId": "r"});
        assert_eq!(defaulted_paths(&raw, &typed), ["Total", "Name"]);
        assert!(defaulted_paths(&typed, &typed).is_empty());
    }

    #[test]
    fn paths_in_arrays_and_nested() {
        let raw = json!({"UserList": [
            {"RoomStr": "1", "UserId": "a"},
            {"UserId": "b", "Device": {"Os": null}},
            {"RoomStr": "3", "UserId": null}
        ], "Groups": [[{"Id": 1}, {}]]});
        let typed = json!({"UserList": [
            {"RoomStr": "1", "UserId": "a"},
            {"RoomStr": "", "UserId": "b", "Device": {"Os": "", "Version": ""}},
            {"RoomStr": "3", "UserId": ""}
        ], "Groups": [[{"Id": 1}, {"Id": 0}]]});
        assert_eq!(
            defaulted_paths(&raw, &typed),
            [
                "UserList[1].RoomStr",
                "UserList[1].Device.Os",
                "UserList[1].Device.Version",
                "UserList[2].UserId",
                "Groups[0][1].Id"
            ]
        );
    }

    #[test]
    fn converted_scalars_are_found_where_a_string_became_a_number_or_boolean_or_the_reverse() {
        let raw = json!({"Total": "12", "On": "true", "Name": 12, "Flag": false, "Same": 1, "Text": "t",
            "List": [{"Id": "1"}, {"Id": 2}], "Missing": null});
        let typed = json!({"Total": 12, "On": true, "Name": "12", "Flag": "false", "Same": 1, "Text": "t",
            "List": [{"Id": 1}, {"Id": 2}], "Missing": 0, "Absent": 0});
        assert_eq!(converted_paths(&raw, &typed), ["Total", "On", "Name", "Flag", "List[0].Id"]);
        assert!(converted_paths(&typed, &typed).is_empty());
    }

    #[test]
    fn a_missing_container_is_reported_once_and_nulls_and_kind_changes_are_not_reported() {
        let raw = json!({"Info": null, "Count": "3"});
        let typed = json!({"Info": {"A": 0, "B": ""}, "List": [], "Optional": null, "Count": 3});
        assert_eq!(defaulted_paths(&raw, &typed), ["Info", "List"]);
        assert!(defaulted_paths(&json!([]), &json!({"A": 1})).is_empty());
        assert!(defaulted_paths(&json!(null), &json!(null)).is_empty());
    }

    #[test]
    fn every_missing_required_member_is_named() {
        let members = [(true, "A", 0), (false, "L", 1), (true, "B", 2), (true, "C", 3)];
        let err = member::finish::<serde_json::Error>(&[false, false, false, true], &members).unwrap_err();
        assert_eq!(err.to_string(), "missing fields `A`, `B`");
        let err = member::finish::<serde_json::Error>(&[true, true, false, true], &members).unwrap_err();
        assert_eq!(err.to_string(), "missing field `B`");
        assert!(member::finish::<serde_json::Error>(&[true, true, true, true], &members).is_ok());
    }
}
