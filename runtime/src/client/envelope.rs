//! The `{"Response": ...}` envelope of every reply: a result (`{"Response": {...,
//! "RequestId": ...}}`) or an error (`{"Response": {"Error": {"Code", "Message"},
//! "RequestId": ...}}`). Only the envelope is read here: what its status and contents
//! make of the call is [`super::response`]'s to say.

use std::fmt;
use std::ops::Range;
use std::sync::LazyLock;

use memchr::memmem;
use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::error::ErrorMetadata;

/// What an envelope holds.
pub(super) enum Parsed {
    /// A result: where its `Response` object is in the body, and its `RequestId` when
    /// the object was probed.
    Result { response: Range<usize>, request_id: Option<String> },
    /// An error envelope: its code, message and request id.
    Error(ErrorMetadata),
}

/// Why a body is not an envelope.
pub(super) enum Problem {
    /// The body does not parse as a JSON object with an optional `Response` member:
    /// the parser's error. [`is_json`] tells JSON of another shape from what is not JSON.
    Syntax(serde_json::Error),
    /// The body is such an object, but its `Response` is missing or is not an envelope's:
    /// what is wrong.
    Shape(String),
    /// The `Response` object has no members: neither a result nor an `Error`.
    Empty,
}

/// Where the `Response` object of a plain success is, found by its text alone: a body
/// that reads `{"Response": X}` where `X` is plainly a result ([`plainly_a_result`]).
/// Decoding the output from `X` then checks that the body was such an envelope.
pub(super) fn plain_result(body: &[u8]) -> Option<Range<usize>> {
    let response = plain_envelope(body)?;
    plainly_a_result(&body[response.clone()]).then_some(response)
}

/// Parses the envelope of `body`. A `Response` object is probed for an `Error` and its
/// `RequestId` when `probe` is set or when its text may hold an error
/// ([`plainly_a_result`]); a result taken without the probe has no request id.
pub(super) fn parse(body: &[u8], probe: bool) -> Result<Parsed, Problem> {
    let envelope: Envelope = serde_json::from_slice(body).map_err(Problem::Syntax)?;
    let Some(response) = envelope.response else {
        return Err(Problem::Shape("no Response object".into()));
    };
    let Some(range) = range_in(body, response.get().as_bytes()) else {
        return Err(Problem::Shape("Response is not part of the reply".into()));
    };
    if !probe && plainly_a_result(response.get().as_bytes()) {
        return Ok(Parsed::Result { response: range, request_id: None });
    }
    let probe: Probe = match serde_json::from_str(response.get()) {
        Ok(probe) => probe,
        Err(e) => return Err(Problem::Shape(format!("Response is not an object: {e}"))),
    };
    let request_id = match probe.request_id {
        Some(serde_json::Value::String(id)) => Some(id),
        _ => None,
    };
    if let Some(error) = probe.error {
        let code = error.get("Code").and_then(serde_json::Value::as_str);
        let Some(code) = code else {
            return Err(Problem::Shape("Response.Error has no string Code".into()));
        };
        let message = error.get("Message").and_then(serde_json::Value::as_str).unwrap_or_default();
        return Ok(Parsed::Error(ErrorMetadata::new(code, message, request_id)));
    }
    if probe.keys == 0 {
        return Err(Problem::Empty);
    }
    Ok(Parsed::Result { response: range, request_id })
}

/// Whether `body` is JSON at all (of whatever shape).
pub(super) fn is_json(body: &[u8]) -> bool {
    serde_json::from_slice::<IgnoredAny>(body).is_ok()
}

#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(rename = "Response", borrow)]
    response: Option<&'a RawValue>,
}

/// Whether a `Response` object can be taken as a result without probing it: an object
/// with members, no `"Error"` anywhere in its text and no `\u` escape (which could spell
/// the name `Error` otherwise). The probe is a second parse of the whole object; this
/// check reads its bytes once. Anything else is probed, and so is every reply of a call
/// whose span is recorded (the probe reads the request id).
fn plainly_a_result(bytes: &[u8]) -> bool {
    static ERROR: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new(b"\"Error\""));
    static ESCAPE: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new(b"\\u"));
    bytes.first() == Some(&b'{')
        && bytes[1..].iter().any(|b| !b.is_ascii_whitespace() && *b != b'}')
        && ERROR.find(bytes).is_none()
        && ESCAPE.find(bytes).is_none()
}

/// Where `X` is in a body that reads `{"Response": X}`, with JSON whitespace around
/// the tokens: a success reply as the server writes it. Decoding the output from `X`
/// then checks that it is one JSON value, so that the body was such an envelope.
fn plain_envelope(body: &[u8]) -> Option<Range<usize>> {
    let is_space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    let skip = |i: usize| i + body.get(i..).map_or(0, |rest| rest.iter().take_while(|b| is_space(b)).count());
    let mut at = skip(0);
    for token in [&b"{"[..], b"\"Response\"", b":"] {
        if !body.get(at..)?.starts_with(token) {
            return None;
        }
        at = skip(at + token.len());
    }
    let inner = body.get(at..)?;
    let inner = &inner[..inner.len() - inner.iter().rev().take_while(|b| is_space(b)).count()];
    let inner = inner.strip_suffix(b"}")?;
    let end = at + inner.len() - inner.iter().rev().take_while(|b| is_space(b)).count();
    (end > at).then_some(at..end)
}

/// Where `part`, a slice of `whole`, lies in it.
fn range_in(whole: &[u8], part: &[u8]) -> Option<Range<usize>> {
    let start = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    let end = start.checked_add(part.len())?;
    (end <= whole.len()).then_some(start..end)
}

/// The parts of a `Response` object the pipeline looks at.
#[derive(Default)]
struct Probe {
    error: Option<serde_json::Value>,
    request_id: Option<serde_json::Value>,
    keys: usize,
}

impl<'de> Deserialize<'de> for Probe {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ProbeVisitor;
        impl<'de> Visitor<'de> for ProbeVisitor {
            type Value = Probe;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("the Response object")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Probe, M::Error> {
                let mut probe = Probe::default();
                while let Some(key) = map.next_key::<ProbeKey>()? {
                    probe.keys += 1;
                    match key {
                        ProbeKey::Error => probe.error = Some(map.next_value()?),
                        ProbeKey::RequestId => probe.request_id = Some(map.next_value()?),
                        ProbeKey::Other => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(probe)
            }
        }
        deserializer.deserialize_map(ProbeVisitor)
    }
}

/// A member name of the `Response` object, as the [`Probe`] sees it: compared where it
/// lies in the reply, not copied (a `Cow<str>` key would allocate every name).
enum ProbeKey {
    Error,
    RequestId,
    Other,
}

impl<'de> Deserialize<'de> for ProbeKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = ProbeKey;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<ProbeKey, E> {
                Ok(match key {
                    "Error" => ProbeKey::Error,
                    "RequestId" => ProbeKey::RequestId,
                    _ => ProbeKey::Other,
                })
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_envelopes_are_found_by_their_text() {
        fn find(body: &str) -> Option<&str> {
            plain_envelope(body.as_bytes()).map(|r| &body[r])
        }
        assert_eq!(find(r#"{"Response": {"A": 1}}"#), Some(r#"{"A": 1}"#));
        assert_eq!(find(r#"{"Response":{"A":1}}"#), Some(r#"{"A":1}"#));
        assert_eq!(find(" \r\n{\t\"Response\" \n: \r {\"A\": [1]} \n}\t \n"), Some(r#"{"A": [1]}"#));
        // The text between the colon and the last brace, whatever it is: the decode checks it.
        assert_eq!(find(r#"{"Response": {"A": 1}, "B": 2}"#), Some(r#"{"A": 1}, "B": 2"#));
        assert_eq!(find(r#"{"Response": {"A": 1}"#), Some(r#"{"A": 1"#));
        for body in [
            r#"{"Response": }"#,
            r#"{"Response":}"#,
            r#"{"Responses": {"A": 1}}"#,
            r#"{"Response" {"A": 1}}"#,
            r#"["Response", {"A": 1}]"#,
            r#"{"Response": {"A": 1}} x"#,
            "{\u{c}\"Response\": {\"A\": 1}}",
            "",
            "{",
        ] {
            assert_eq!(find(body), None, "{body}");
        }
    }
}
