//! The output of a result: decoded as the action's output type (leniently where the
//! generated code asks, [`crate::de`]; converting scalars written as the other type,
//! [`crate::coerce`]), with a warning for each member so tolerated, or as JSON.

use super::failure::UntypedError;
use super::response::{recheck, withheld, Decoding, Reply};
use super::TARGET;
use crate::action::ActionMetadata;
use crate::error::{DecodeError, DecodeErrorKind, SdkError};

/// The typed output of a reply, decoded leniently with the warnings of what was
/// tolerated; a reply taken without parsing its envelope is parsed when the output
/// does not decode, so that one that is not an envelope is reported as such.
pub(crate) fn typed_output<O: serde::de::DeserializeOwned + serde::Serialize>(
    meta: ActionMetadata<'_>,
    mut reply: Reply,
    decoding: Decoding,
) -> Result<O, UntypedError> {
    let mut decoded = decode_output::<O>(reply.response());
    if decoded.0.is_err() && !reply.checked {
        // The envelope was not parsed: a reply that is not one is reported as such.
        reply = recheck(meta, reply, decoding)?;
        decoded = decode_output::<O>(reply.response());
    }
    let (decoded, defaults) = decoded;
    let output = decoded.map_err(|e| {
        let detail = format!("Response does not match {}: {e}", std::any::type_name::<O>());
        schema_error(meta, &reply, detail)
    })?;
    warn_if_tolerated(meta.action, reply.response(), &output, defaults);
    Ok(output)
}

/// The `Response` object of a reply as JSON.
pub(crate) fn json_output(meta: ActionMetadata<'_>, reply: &Reply) -> Result<serde_json::Value, UntypedError> {
    serde_json::from_slice(reply.response()).map_err(|e| schema_error(meta, reply, e.to_string()))
}

/// The output decoded from a reply's `Response`, converting scalars written as the
/// other type ([`crate::coerce`], counted), and how many members documented as always
/// present were missing (decoded as their defaults).
pub(crate) fn decode_output<T: serde::de::DeserializeOwned>(response: &[u8]) -> (Result<T, serde_json::Error>, u32) {
    // Only the counters are touched here; the comparisons run when one is not zero.
    crate::de::take_defaults_used();
    crate::coerce::take_conversions();
    // JSON text is UTF-8: checked once for the whole object, so that the decoder does
    // not check each string it reads (what is not UTF-8 gets the decoder's own error).
    let decoded = match std::str::from_utf8(response) {
        Ok(text) => crate::coerce::from_str::<T>(text),
        Err(_) => serde_json::from_slice::<T>(response),
    };
    (decoded, crate::de::take_defaults_used())
}

/// Logs what the decoder tolerated in `output`, decoded from `raw`: `defaults` members
/// decoded as their defaults, and the conversions it counted ([`decode_output`]).
pub(crate) fn warn_if_tolerated<T: serde::Serialize>(action: &str, raw: &[u8], output: &T, defaults: u32) {
    if defaults > 0 {
        warn_tolerated(action, raw, output, Tolerated::Defaulted(defaults));
    }
    let conversions = crate::coerce::take_conversions();
    if conversions > 0 {
        warn_tolerated(action, raw, output, Tolerated::Converted(conversions));
    }
}

/// What the decoder did to some members of a response, for the warnings: decoded them
/// as their defaults (missing or `null` although documented as always present), or
/// converted them (a scalar written as the other type, [`crate::coerce`]); with how
/// many.
#[derive(Clone, Copy)]
enum Tolerated {
    Defaulted(u32),
    Converted(u32),
}

/// Logs each member of `raw_response` that the decoder tolerated in `output`, found by
/// comparing the two. Off the hot path: runs only when the decoder counted one.
#[cold]
#[inline(never)]
fn warn_tolerated<T: serde::Serialize>(action: &str, raw_response: &[u8], output: &T, what: Tolerated) {
    type Find = fn(&serde_json::Value, &serde_json::Value) -> Vec<String>;
    let (message, find): (&str, Find) = match what {
        Tolerated::Defaulted(_) => (
            "response member documented as always present was missing or null; decoded as its default",
            crate::de::defaulted_paths,
        ),
        Tolerated::Converted(_) => (
            "response member written as the other scalar type (a number or boolean as a string, or the reverse); converted",
            crate::de::converted_paths,
        ),
    };
    let raw = serde_json::from_slice::<serde_json::Value>(raw_response);
    let request_id = raw.as_ref().ok().and_then(|r| r.get("RequestId")).and_then(serde_json::Value::as_str);
    let paths = match (&raw, serde_json::to_value(output)) {
        (Ok(raw), Ok(typed)) => find(raw, &typed),
        _ => Vec::new(),
    };
    // E.g. a defaulted member whose default serializes as null.
    match (paths.is_empty(), what) {
        (true, Tolerated::Defaulted(defaults)) => {
            tracing::warn!(target: TARGET, action, request_id, defaults, field = "<unknown>", "{message}")
        }
        (true, Tolerated::Converted(conversions)) => {
            tracing::warn!(target: TARGET, action, request_id, conversions, field = "<unknown>", "{message}")
        }
        (false, _) => {}
    }
    for field in &paths {
        tracing::warn!(target: TARGET, action, request_id, field = field.as_str(), "{message}");
    }
}

/// A successful reply whose `Response` does not decode as the output; for a sensitive
/// action without the body and the parser's message.
#[cold]
fn schema_error<E>(meta: ActionMetadata<'_>, reply: &Reply, detail: String) -> SdkError<E> {
    if meta.sensitive_response {
        return SdkError::Decode(withheld(DecodeErrorKind::Schema, reply.status));
    }
    SdkError::Decode(DecodeError::new(DecodeErrorKind::Schema, reply.status, &reply.body, detail))
}
