//! Replaying official examples through a typed client (feature `test-util`).
//!
//! An imported example fixture holds the parameters Tencent's documentation sends and
//! the response it shows. [`replay_example`] builds the typed request from those
//! parameters, checks it against the spec's constraints, sends it through a capturing
//! transport that answers with the recorded response, and compares: the body sent must
//! equal the recorded parameters (as JSON, numbers by value), and the recorded response
//! must decode into the typed response, or into the typed error with the recorded code.
//!
//! Tencent's examples sometimes write a scalar as the other type (`"10"` for an
//! integer, `"false"` for a boolean, `12` for a string), which its servers evidently
//! accept. The typed request is built converting those as the client converts a
//! response ([`crate::coerce`]), and the body sent is compared with the parameters
//! taking a converted member as equal to its conversion (`"10"` and `10`) there only:
//! a member of the example the typed request does not send still fails the comparison.

use std::fmt::Write as _;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::action::Action;
use crate::client::Client;
use crate::coerce;
use crate::config::Config;
use crate::credentials::Credentials;
use crate::error::{SdkError, ServiceError};
use crate::retry::RetryConfig;
use crate::test_util::{CapturingTransport, Fixture};
use crate::validation::{ValidationContext, Violations};

/// Whether two JSON values are equal, comparing numbers by value (`1` equals `1.0`)
/// and objects regardless of key order.
pub fn json_equivalent(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64(), x.as_u64(), y.as_u64()) {
            (Some(i), Some(j), _, _) => i == j,
            (_, _, Some(i), Some(j)) => i == j,
            _ => x.as_f64() == y.as_f64(),
        },
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_equivalent(a, b)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_equivalent(v, w)))
        }
        _ => a == b,
    }
}

/// Replays the first exchange of an example fixture through the typed action `A`;
/// `Err` says what did not match.
pub async fn replay_example<A>(fixture: &Fixture) -> Result<(), String>
where
    A: Action + DeserializeOwned,
{
    let exchange = fixture.exchanges.first().ok_or("the fixture has no exchange")?;
    let params = &exchange.request.body;
    let (request, converted) = typed_request::<A>(params)?;
    let meta = request.metadata();
    // The spec's constraints, with a clock at the epoch: the examples' timestamps are
    // years old, and age rules are tested elsewhere.
    let mut report = Violations::new();
    request.validate(&ValidationContext::new(0), &mut report);
    report.into_result(meta.action).map_err(|e| format!("the typed request fails validation: {e}"))?;

    let (status, body) = match (&exchange.response.body, &exchange.response.body_text) {
        (_, Some(text)) => (exchange.response.status, text.clone().into_bytes()),
        (Some(v), None) => (exchange.response.status, serde_json::to_vec(v).map_err(|e| e.to_string())?),
        (None, None) => return Err("the fixture has no response body".into()),
    };
    let transport = Arc::new(CapturingTransport::new().with_response(status, body));
    let region = meta.regions.first().copied().unwrap_or("ap-guangzhou");
    let config = Config::builder()
        .credentials(Credentials::new("AKIDEXAMPLE", "example-secret-key"))
        .region(region)
        .transport(transport.clone())
        .validation(false)
        .rate_limiting(false)
        .retry(RetryConfig::disabled())
        .build()
        .map_err(|e| e.to_string())?;
    let result = Client::new(config).call(&request).await;

    let sent = transport.requests();
    let sent = sent.first().ok_or("nothing was sent")?;
    let mut sent: Value = serde_json::from_slice(&sent.body).map_err(|e| format!("the body sent is not JSON: {e}"))?;
    // A client token the example does not show was filled by the client: not compared.
    if let (Some(token), Value::Object(body)) = (meta.client_token, &mut sent) {
        if params.get(token).is_none() {
            body.remove(token);
        }
    }
    if !equivalent_as_converted(&sent, params, &converted) {
        return Err(format!(
            "the body sent differs from the example's parameters:\n  sent:     {sent}\n  recorded: {params}"
        ));
    }
    let recorded_code =
        exchange.response.body.as_ref().and_then(|b| b.pointer("/Response/Error/Code")).and_then(Value::as_str);
    match (recorded_code, result) {
        (None, Ok(_)) => Ok(()),
        (Some(code), Err(SdkError::Service(e))) if e.metadata().code() == code => Ok(()),
        (Some(code), Ok(_)) => Err(format!("the recorded error {code} decoded as a success")),
        (Some(code), Err(SdkError::Service(e))) => {
            Err(format!("the recorded error {code} decoded with the code {}", e.metadata().code()))
        }
        (_, Err(e)) => Err(format!("the recorded response does not decode: {e}")),
    }
}

/// The typed request built from an example's parameters, converting scalars written
/// as the other type ([`coerce`]), and the paths of those converted.
fn typed_request<A: Action + DeserializeOwned>(params: &Value) -> Result<(A, Vec<String>), String> {
    let text = params.to_string();
    coerce::take_conversions();
    let request: A =
        coerce::from_str(&text).map_err(|e| format!("the parameters do not build the typed request: {e}"))?;
    if coerce::take_conversions() == 0 {
        return Ok((request, Vec::new()));
    }
    let typed = serde_json::to_value(&request).map_err(|e| format!("the typed request does not serialize: {e}"))?;
    let converted = crate::de::converted_paths(params, &typed);
    Ok((request, converted))
}

/// Whether `sent` equals `recorded` ([`json_equivalent`]), but at the `converted` paths
/// (as [`crate::de::converted_paths`] writes them), where a scalar equals its
/// conversion: `"10"` and `10`, `"1.50"` and `1.5`, `"false"` and `false`.
fn equivalent_as_converted(sent: &Value, recorded: &Value, converted: &[String]) -> bool {
    if converted.is_empty() {
        return json_equivalent(sent, recorded);
    }
    let mut path = String::new();
    equivalent_at(sent, recorded, converted, &mut path)
}

fn equivalent_at(sent: &Value, recorded: &Value, converted: &[String], path: &mut String) -> bool {
    match (sent, recorded) {
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .enumerate()
                    .all(|(i, (a, b))| within(path, |p| write!(p, "[{i}]"), |p| equivalent_at(a, b, converted, p)))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter().all(|(k, a)| {
                    y.get(k).is_some_and(|b| {
                        let separator = if path.is_empty() { "" } else { "." };
                        within(path, |p| write!(p, "{separator}{k}"), |p| equivalent_at(a, b, converted, p))
                    })
                })
        }
        _ if converted.iter().any(|c| c == path) => json_equivalent(&scalar_of(sent), &scalar_of(recorded)),
        _ => json_equivalent(sent, recorded),
    }
}

/// Runs `inside` with `path` extended by `step`, then restores `path`.
fn within(
    path: &mut String,
    step: impl FnOnce(&mut String) -> std::fmt::Result,
    inside: impl FnOnce(&mut String) -> bool,
) -> bool {
    let len = path.len();
    // Writing to a String cannot fail.
    let _ = step(path);
    let result = inside(path);
    path.truncate(len);
    result
}

/// The number or boolean a string writes (`"10"` is `10`), else the value itself.
fn scalar_of(value: &Value) -> Value {
    match value {
        Value::String(text) => match serde_json::from_str::<Value>(text) {
            Ok(scalar @ (Value::Number(_) | Value::Bool(_))) if text.trim() == text => scalar,
            _ => value.clone(),
        },
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::{equivalent_as_converted, json_equivalent};
    use serde_json::json;

    #[test]
    fn numbers_compare_by_value_and_keys_by_name() {
        assert!(json_equivalent(&json!({"a": 1, "b": [1.0, "x"]}), &json!({"b": [1, "x"], "a": 1.0})));
        assert!(!json_equivalent(&json!({"a": 1}), &json!({"a": 2})));
        assert!(!json_equivalent(&json!({"a": 1}), &json!({"a": 1, "b": null})));
        assert!(!json_equivalent(&json!([1, 2]), &json!([2, 1])));
        assert!(!json_equivalent(&json!("1"), &json!(1)));
        assert!(json_equivalent(&json!(u64::MAX), &json!(u64::MAX)));
        assert!(!json_equivalent(&json!(-1), &json!(u64::MAX)));
    }

    #[test]
    fn converted_members_equal_their_conversion_there_only() {
        let converted = ["Limit".to_owned(), "Ids[1]".to_owned(), "Filter.On".to_owned()];
        let sent = json!({"Limit": 10, "Ids": [1, 2], "Filter": {"On": false}, "Name": "5"});
        let recorded = json!({"Limit": "10", "Ids": [1, "2.0"], "Filter": {"On": "false"}, "Name": "5"});
        assert!(equivalent_as_converted(&sent, &recorded, &converted));
        // Elsewhere a string and a number still differ.
        let recorded = json!({"Limit": "10", "Ids": ["1", "2"], "Filter": {"On": "false"}, "Name": "5"});
        assert!(!equivalent_as_converted(&sent, &recorded, &converted));
        assert!(!equivalent_as_converted(&json!({"Name": 5}), &json!({"Name": "5"}), &converted));
        // A converted member still has to hold the same value, and every member must be sent.
        assert!(!equivalent_as_converted(&json!({"Limit": 10}), &json!({"Limit": "11"}), &converted));
        assert!(!equivalent_as_converted(&json!({"Limit": 10}), &json!({"Limit": "10", "X": 1}), &converted));
        assert!(equivalent_as_converted(&json!({"Limit": "12"}), &json!({"Limit": 12}), &converted));
    }
}
