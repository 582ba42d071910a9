//! Every header of a request, in one place: the ones the same for every call to a
//! destination ([`fixed`], built once per destination), the ones of each call
//! ([`for_call`], [`set_authorization`]), the parameters of a raw body
//! ([`parameters`]), the caller's extra headers ([`overrides`]), which headers a
//! request signs ([`signed`]) and which no hook or override may set ([`is_protected`]).
//!
//! A new request header is added here only: to [`fixed`] when its value depends on the
//! client's configuration, the action's service, version or host and the region only,
//! else to [`for_call`]. An `X-TC-*` header is protected as it is.

use crate::action::ActionMetadata;
use crate::config::Config;
use crate::error::ConfigError;

use super::interned;

/// Content type of every request body but raw ones.
const JSON: &str = "application/json";

/// Content type of a raw request body ([`ActionMetadata::binary`]).
const OCTET_STREAM: &str = "application/octet-stream";

/// Room for the headers of a request: the nine of [`fixed`], `X-TC-Token`, and a few
/// added by the call's overrides.
const CAPACITY: usize = 16;

const X_TC_ACTION: http::HeaderName = http::HeaderName::from_static("x-tc-action");
const X_TC_TIMESTAMP: http::HeaderName = http::HeaderName::from_static("x-tc-timestamp");
const X_TC_TOKEN: http::HeaderName = http::HeaderName::from_static("x-tc-token");
const X_TC_REQUEST_CLIENT: http::HeaderName = http::HeaderName::from_static("x-tc-requestclient");
const X_TC_VERSION: http::HeaderName = http::HeaderName::from_static("x-tc-version");
const X_TC_REGION: http::HeaderName = http::HeaderName::from_static("x-tc-region");
const X_TC_LANGUAGE: http::HeaderName = http::HeaderName::from_static("x-tc-language");

/// The headers of every call of `meta`'s service, version and host in `region`, sent
/// to `host`, in this order: `Content-Type`, `Host`, `X-TC-Action`,
/// `X-TC-RequestClient`, `X-TC-Timestamp`, `X-TC-Version`, `X-TC-Region`,
/// `X-TC-Language`, `Authorization`. `X-TC-Action`, `X-TC-Timestamp` and
/// `Authorization` are empty: each call fills them in a copy ([`for_call`]), which then
/// has room for them and keeps this order, instead of hashing and inserting every
/// header. The values are made from strings kept for the life of the program when they
/// can be ([`interned`]).
pub(super) fn fixed(
    config: &Config,
    meta: &ActionMetadata<'_>,
    host: &str,
    region: &str,
) -> Result<http::HeaderMap, ConfigError> {
    let per_call = || http::HeaderValue::from_static("");
    let mut headers = http::HeaderMap::with_capacity(CAPACITY);
    headers.insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static(JSON));
    headers.insert(http::header::HOST, interned_value("Host", host)?);
    headers.insert(X_TC_ACTION, per_call());
    headers.insert(X_TC_REQUEST_CLIENT, interned_value("X-TC-RequestClient", &config.request_client)?);
    headers.insert(X_TC_TIMESTAMP, per_call());
    headers.insert(X_TC_VERSION, interned_value("X-TC-Version", meta.version)?);
    headers.insert(X_TC_REGION, interned_value("X-TC-Region", region)?);
    headers.insert(X_TC_LANGUAGE, interned_value("X-TC-Language", config.language.as_str())?);
    headers.insert(http::header::AUTHORIZATION, per_call());
    Ok(headers)
}

/// The headers a request to `host` signs, as the signature names them: `Content-Type`
/// (of a raw body when `binary`) and `Host`.
pub(super) fn signed(host: &str, binary: bool) -> [(&str, &str); 2] {
    [("content-type", if binary { OCTET_STREAM } else { JSON }), ("host", host)]
}

/// The headers of one request of `meta` but its `Authorization`: a copy of its
/// destination's [`fixed`] headers with `X-TC-Action` (capitalized as the official SDKs
/// send it), `X-TC-Timestamp`, `X-TC-Token` when the credentials have a `token`, and
/// for a raw body its content type and `parameters` ([`parameters`]).
pub(super) fn for_call(
    fixed: &http::HeaderMap,
    meta: &ActionMetadata<'_>,
    timestamp: i64,
    token: Option<&str>,
    parameters: Option<&[(http::HeaderName, http::HeaderValue)]>,
) -> Result<http::HeaderMap, ConfigError> {
    let mut headers = fixed.clone();
    // Generated actions are capitalized already: no copy for them.
    let action = if meta.action.starts_with(|c: char| c.is_ascii_uppercase()) {
        value("X-TC-Action", meta.action)?
    } else {
        value("X-TC-Action", &capitalize(meta.action))?
    };
    headers.insert(X_TC_ACTION, action);
    headers.insert(X_TC_TIMESTAMP, http::HeaderValue::from(timestamp));
    if let Some(token) = token {
        headers.insert(X_TC_TOKEN, sensitive(value("X-TC-Token", token)?));
    }
    if let Some(parameters) = parameters {
        headers.insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static(OCTET_STREAM));
        headers.extend(parameters.iter().cloned());
    }
    Ok(headers)
}

/// Sets `Authorization` to `signature`, or to `SKIP` for a request sent unsigned.
pub(super) fn set_authorization(headers: &mut http::HeaderMap, signature: Option<String>) -> Result<(), ConfigError> {
    let authorization = match signature {
        // The header takes the string's buffer: checked, not copied.
        Some(signed) => sensitive(http::HeaderValue::try_from(signed).map_err(|_| invalid_value("Authorization"))?),
        None => http::HeaderValue::from_static("SKIP"),
    };
    headers.insert(http::header::AUTHORIZATION, authorization);
    Ok(())
}

/// The headers that carry the parameters of a request with a raw body, from its JSON
/// form `body`: `X-{SERVICE}-{Name}` for each top-level member, a string as it is, any
/// other value but `null` as its compact JSON, as the official SDKs send them.
pub(super) fn parameters(
    service: &str,
    body: &[u8],
) -> Result<Vec<(http::HeaderName, http::HeaderValue)>, ConfigError> {
    let params: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(body)
        .map_err(|e| ConfigError(format!("the parameters of a request with a raw body must be an object: {e}")))?;
    let prefix = format!("X-{}-", service.to_ascii_uppercase());
    let mut headers = Vec::with_capacity(params.len());
    for (name, value) in &params {
        let text = match value {
            serde_json::Value::Null => continue,
            serde_json::Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        let header = format!("{prefix}{name}");
        let invalid = || ConfigError(format!("the parameter {name} cannot be sent as the {header} header"));
        let header_name = http::HeaderName::from_bytes(header.as_bytes()).map_err(|_| invalid())?;
        // Bytes as they are, UTF-8 included, as the official SDKs send them.
        let value = http::HeaderValue::from_bytes(text.as_bytes()).map_err(|_| invalid())?;
        headers.push((header_name, value));
    }
    Ok(headers)
}

/// The extra headers of a call ([`CallOverrides::header`](crate::CallOverrides::header)),
/// refusing the protected ones ([`is_protected`]) and what is not valid HTTP.
pub(super) fn overrides(extra: &[(String, String)]) -> Result<Vec<(http::HeaderName, http::HeaderValue)>, ConfigError> {
    let mut headers = Vec::with_capacity(extra.len());
    for (name, value) in extra {
        let parsed = http::HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| ConfigError(format!("{name:?} is not a valid HTTP header name")))?;
        if is_protected(&parsed) {
            return Err(ConfigError(format!(
                "the {name} header is set by the client (signed or protocol header) and cannot be overridden"
            )));
        }
        // Only the name: the value may be a secret.
        let value = http::HeaderValue::from_str(value).map_err(|_| invalid_value(name))?;
        headers.push((parsed, value));
    }
    Ok(headers)
}

/// Whether a header may not be set by a hook or a per-call override: the signed
/// headers and the protocol's own.
pub(super) fn is_protected(name: &http::HeaderName) -> bool {
    let name = name.as_str();
    matches!(name, "authorization" | "host" | "content-type") || name.starts_with("x-tc-")
}

/// The protected headers of `request`, to compare before and after the hooks ran.
pub(super) fn protected_snapshot(headers: &http::HeaderMap) -> Vec<(http::HeaderName, http::HeaderValue)> {
    headers.iter().filter(|(n, _)| is_protected(n)).map(|(n, v)| (n.clone(), v.clone())).collect()
}

/// `value` as the value of header `name`, or an error naming only the header (the
/// value may be a token).
fn value(name: &str, value: &str) -> Result<http::HeaderValue, ConfigError> {
    http::HeaderValue::from_str(value).map_err(|_| invalid_value(name))
}

/// [`value`], made from a string kept for the life of the program when it can be
/// ([`interned`]): for the values of [`fixed`], copied into every request.
fn interned_value(name: &str, value: &str) -> Result<http::HeaderValue, ConfigError> {
    let invalid = || invalid_value(name);
    let checked = http::HeaderValue::from_str(value).map_err(|_| invalid())?;
    match interned::get(value) {
        Some(text) => {
            http::HeaderValue::from_maybe_shared(bytes::Bytes::from_static(text.as_bytes())).map_err(|_| invalid())
        }
        None => Ok(checked),
    }
}

/// The error for a value of header `name` that HTTP does not allow, naming only the
/// header (the value may be a secret).
#[cold]
fn invalid_value(name: &str) -> ConfigError {
    ConfigError(format!("the {name} header value is not a valid HTTP header value"))
}

/// Hidden from `Debug` output, and never indexed by HTTP/2 header compression.
fn sensitive(mut value: http::HeaderValue) -> http::HeaderValue {
    value.set_sensitive(true);
    value
}

/// `describeInstances` -> `DescribeInstances`, as the official SDK sends the action.
fn capitalize(action: &str) -> String {
    let mut chars = action.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_is_capitalized_like_the_sdk() {
        assert_eq!(capitalize("describeInstances"), "DescribeInstances");
        assert_eq!(capitalize(""), "");
    }

    #[test]
    fn header_values_not_interned_are_built_all_the_same() {
        // Values that are not interned (too long here) are owned, and equal.
        let long = "x".repeat(300);
        assert_eq!(interned_value("X-TC-Region", &long).unwrap(), long.as_str());
        // Invalid text is refused before anything is kept.
        assert!(interned_value("X-TC-Region", "bad\nvalue").is_err());
    }
}
