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

use super::test_util::{Canned, CapturingTransport, Exchange, Fixture};
use crate::action::{Action, StreamingAction};
use crate::client::Client;
use crate::coerce;
use crate::config::Config;
use crate::credentials::Credentials;
use crate::error::{SdkError, ServiceError};
use crate::retry::RetryConfig;
use crate::sse::SseParser;
use crate::stream::StreamReply;
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
    let replay = Replay::<A>::new(fixture)?;
    let result = replay.client.call(&replay.request).await.map(|_| ());
    replay.check_sent()?;
    check_outcome(replay.recorded_code(), result)
}

/// [`replay_example`] for a streaming action: a recorded stream of server-sent events
/// (content type `text/event-stream`, or a `body_text` that starts as one) is replayed
/// through [`Client::call_stream`], and every event must decode, but for an error event,
/// which must end the stream with the typed error of its code; a JSON response is
/// replayed as [`replay_example`] does.
pub async fn replay_stream_example<A>(fixture: &Fixture) -> Result<(), String>
where
    A: StreamingAction + DeserializeOwned,
{
    let replay = Replay::<A>::new(fixture)?;
    let result = match replay.client.call_stream(&replay.request).await {
        Ok(StreamReply::Events(mut events)) => {
            let mut outcome = Ok(());
            let mut decoded = 0usize;
            while let Some(event) = events.next_event().await {
                match event {
                    Ok(_) => decoded += 1,
                    Err(e) => {
                        outcome = Err(e);
                        break;
                    }
                }
            }
            if outcome.is_ok() && decoded == 0 && replay.recorded_code().is_none() {
                return Err("the recorded stream has no event".into());
            }
            outcome
        }
        Ok(StreamReply::Response(_)) if replay.exchange.response.is_event_stream() => {
            return Err("the recorded stream of events was not read as one".into());
        }
        Ok(StreamReply::Response(_)) => Ok(()),
        Err(e) => Err(e),
    };
    replay.check_sent()?;
    check_outcome(replay.recorded_code(), result)
}

/// One example's replay: the typed request built from its parameters, and a client
/// that answers with its recorded response.
struct Replay<'a, A> {
    exchange: &'a Exchange,
    request: A,
    /// The paths of the parameters written as the other scalar type.
    converted: Vec<String>,
    transport: Arc<CapturingTransport>,
    client: Client,
}

impl<'a, A: Action + DeserializeOwned> Replay<'a, A> {
    fn new(fixture: &'a Fixture) -> Result<Self, String> {
        let exchange = fixture.exchanges.first().ok_or("the fixture has no exchange")?;
        let (request, converted) = typed_request::<A>(&exchange.request.body)?;
        let meta = request.metadata();
        // The spec's constraints, with a clock at the epoch: the examples' timestamps are
        // years old, and age rules are tested elsewhere.
        let mut report = Violations::new();
        request.validate(&ValidationContext::new(0), &mut report);
        report.into_result(meta.action).map_err(|e| format!("the typed request fails validation: {e}"))?;

        let response = &exchange.response;
        let body = match (&response.body, &response.body_text) {
            (_, Some(text)) => text.clone().into_bytes(),
            (Some(v), None) => serde_json::to_vec(v).map_err(|e| e.to_string())?,
            (None, None) => return Err("the fixture has no response body".into()),
        };
        // Only the content type of the recorded headers, which decides how the reply is read.
        let headers = if response.is_event_stream() {
            vec![("Content-Type".to_owned(), "text/event-stream".to_owned())]
        } else {
            Vec::new()
        };
        let canned = Canned::Response { status: response.status, headers, body };
        let transport = Arc::new(CapturingTransport::new().with_default(canned));
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
        Ok(Replay { exchange, request, converted, transport, client: Client::new(config) })
    }

    /// The error code of the recorded response: its envelope's, or an error event's.
    fn recorded_code(&self) -> Option<String> {
        let response = &self.exchange.response;
        let envelope = response.body.as_ref().and_then(|b| b.pointer("/Response/Error/Code"));
        if let Some(code) = envelope.and_then(Value::as_str) {
            return Some(code.to_owned());
        }
        let text = response.body_text.as_deref().filter(|_| response.is_event_stream())?;
        let mut parser = SseParser::new(usize::MAX);
        parser.push(text.as_bytes()).ok()?;
        let last = parser.finish().ok()?;
        std::iter::from_fn(|| parser.next_event()).chain(last).find_map(|event| {
            let data: Value = serde_json::from_str(&event.data).ok()?;
            let code = data.pointer("/Error/Code").or_else(|| data.pointer("/Response/Error/Code"))?;
            code.as_str().map(str::to_owned)
        })
    }

    /// Whether the body sent equals the example's parameters.
    fn check_sent(&self) -> Result<(), String> {
        let params = &self.exchange.request.body;
        let sent = self.transport.requests();
        let sent = sent.first().ok_or("nothing was sent")?;
        let mut sent: Value =
            serde_json::from_slice(&sent.body).map_err(|e| format!("the body sent is not JSON: {e}"))?;
        // A client token the example does not show was filled by the client: not compared.
        if let (Some(token), Value::Object(body)) = (self.request.metadata().client_token, &mut sent) {
            if params.get(token).is_none() {
                body.remove(token);
            }
        }
        if !equivalent_as_converted(&sent, params, &self.converted) {
            return Err(format!(
                "the body sent differs from the example's parameters:\n  sent:     {sent}\n  recorded: {params}"
            ));
        }
        Ok(())
    }
}

/// Whether the call's outcome is what was recorded: a success, or the recorded code.
fn check_outcome<E: ServiceError>(
    recorded_code: Option<String>,
    result: Result<(), SdkError<E>>,
) -> Result<(), String> {
    match (recorded_code, result) {
        (None, Ok(())) => Ok(()),
        (Some(code), Err(SdkError::Service(e))) if e.metadata().code() == code => Ok(()),
        (Some(code), Ok(())) => Err(format!("the recorded error {code} decoded as a success")),
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
