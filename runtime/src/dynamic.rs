//! Actions by name, with JSON parameters: the tables generated crates emit behind
//! their `dynamic` feature, for the `tencentcloud` command line and other untyped
//! front ends.
//!
//! Unlike [`Client::call_json`], a dynamic call goes through the typed action: the
//! parameters are decoded into the generated request (an unknown or mistyped
//! parameter is refused by name), validated against the spec like any typed call,
//! sent, and the typed output is returned as JSON.

use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::action::{Action, StreamingAction};
use crate::client::Client;
use crate::error::{SdkError, ServiceError};
use crate::future::BoxFuture;
use crate::stream::{EventStream, StreamReply};

/// One generated service.
#[derive(Debug, Clone, Copy)]
pub struct ServiceEntry {
    /// Short name (`trtc`).
    pub name: &'static str,
    /// API version (`2019-07-22`).
    pub version: &'static str,
    /// Product title.
    pub title: &'static str,
    /// Every action, sorted by name.
    pub actions: &'static [ActionEntry],
}

impl ServiceEntry {
    /// The action called `name` (exact, else case-insensitive).
    pub fn action(&self, name: &str) -> Option<&'static ActionEntry> {
        self.actions
            .iter()
            .find(|a| a.name == name)
            .or_else(|| self.actions.iter().find(|a| a.name.eq_ignore_ascii_case(name)))
    }
}

/// The type-erased call of one action.
pub type CallFn = for<'a> fn(&'a Client, Value) -> BoxFuture<'a, Result<Value, DynamicError>>;

/// The type-erased call of an action whose reply may stream.
pub type StreamCallFn = for<'a> fn(&'a Client, Value) -> BoxFuture<'a, Result<DynamicReply, DynamicError>>;

/// The type-erased call of an action with a binary body: its parameters, its body.
pub type BinaryCallFn = for<'a> fn(&'a Client, Value, bytes::Bytes) -> BoxFuture<'a, Result<Value, DynamicError>>;

/// Events as JSON, as they arrive; an error ends them.
pub type DynamicEvents = Pin<Box<dyn Stream<Item = Result<Value, DynamicError>> + Send>>;

/// What an action whose reply may stream answered.
pub enum DynamicReply {
    /// One JSON reply: the action did not stream (`Stream: false`, say).
    Value(Value),
    /// A stream of events, each decoded and given as JSON.
    Events(DynamicEvents),
}

impl std::fmt::Debug for DynamicReply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DynamicReply::Value(v) => f.debug_tuple("Value").field(v).finish(),
            DynamicReply::Events(_) => f.write_str("Events(..)"),
        }
    }
}

/// One action of a service.
#[derive(Debug, Clone, Copy)]
pub struct ActionEntry {
    /// Wire name (`DescribeUserInfo`).
    pub name: &'static str,
    /// One-line summary.
    pub summary: &'static str,
    /// Full documentation.
    pub doc: &'static str,
    /// Input parameters, in spec order.
    pub params: &'static [ParamEntry],
    /// A JSON object with every required parameter set to a placeholder of its type and
    /// every optional one `null` (decoded as unset): filled in, a valid request.
    pub skeleton: &'static str,
    /// Decodes, validates and sends the parameters; the output as JSON.
    pub call: CallFn,
    /// For an action whose reply may stream: the call that gives the events as they
    /// arrive (its [`ActionEntry::call`] cannot decode a stream).
    pub stream: Option<StreamCallFn>,
    /// For an action with a binary body: the call that sends the parameters with it.
    pub binary: Option<BinaryCallFn>,
}

impl ActionEntry {
    /// The parameter called `name`.
    pub fn param(&self, name: &str) -> Option<&'static ParamEntry> {
        self.params.iter().find(|p| p.name == name)
    }
}

/// The shape of a parameter, for parsing command-line values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    /// Text.
    String,
    /// An integer.
    Integer,
    /// A float.
    Float,
    /// A boolean.
    Bool,
    /// A structure (JSON object).
    Object,
    /// A list of the given element kind.
    List(&'static ParamKind),
}

/// One input parameter.
#[derive(Debug, Clone, Copy)]
pub struct ParamEntry {
    /// Wire name (`SdkAppId`).
    pub name: &'static str,
    /// Type as documented (`Integer`, `Array of String`, `RecordParams`).
    pub ty: &'static str,
    /// Shape for parsing values.
    pub kind: ParamKind,
    /// Whether the action requires it.
    pub required: bool,
    /// Documentation.
    pub doc: &'static str,
}

/// Why a dynamic call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DynamicError {
    /// What failed: `Parameters`, `Validation`, `Credentials`, `Config`, `Transport`,
    /// `Decode`, `HttpStatus`, `Pagination` or `Service`.
    pub kind: &'static str,
    /// The service's error code, the validation code, or the kind.
    pub code: String,
    /// What went wrong.
    pub message: String,
    /// The `RequestId` when the service answered.
    pub request_id: Option<String>,
}

/// Shows a refusal before sending as `refused before sending: message` (the code, such
/// as the `InvalidParameter.PageSize` a validation rule pre-empts, is in the message and
/// in [`DynamicError::code`], not shown as if the server had answered it), anything
/// else as `[code] message (request id ...)`; control characters escaped.
impl std::fmt::Display for DynamicError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.refused_before_sending() {
            return write!(f, "refused before sending: {}", crate::text::printable(&self.message));
        }
        write!(f, "[{}] {}", crate::text::printable(&self.code), crate::text::printable(&self.message))?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {})", crate::text::printable(id))?;
        }
        Ok(())
    }
}

impl std::error::Error for DynamicError {}

impl DynamicError {
    /// Whether the client refused the call before sending anything: parameters that
    /// do not decode, a broken constraint, or a configuration that cannot send.
    pub fn refused_before_sending(&self) -> bool {
        matches!(self.kind, "Parameters" | "Validation" | "Config")
    }

    fn new(kind: &'static str, code: impl Into<String>, message: impl Into<String>) -> Self {
        DynamicError { kind, code: code.into(), message: message.into(), request_id: None }
    }

    fn from_sdk<E: ServiceError>(error: SdkError<E>) -> Self {
        match error {
            SdkError::Service(e) => {
                let meta = e.metadata();
                let message = match meta.attempts() {
                    1 => meta.message().to_owned(),
                    n => format!("{} (after {n} attempts)", meta.message()),
                };
                DynamicError {
                    kind: "Service",
                    code: meta.code().to_owned(),
                    message,
                    request_id: meta.request_id().map(str::to_owned),
                }
            }
            SdkError::Validation(e) => {
                let code = e.codes().next().unwrap_or("ValidationError");
                DynamicError::new("Validation", code, e.to_string())
            }
            SdkError::Credentials(e) => DynamicError::new("Credentials", "CredentialsError", e.to_string()),
            SdkError::Config(e) => DynamicError::new("Config", "ConfigError", e.to_string()),
            SdkError::Transport(e) => DynamicError::new("Transport", "TransportError", e.to_string()),
            SdkError::Decode(e) => DynamicError::new("Decode", "DecodeError", e.to_string()),
            SdkError::HttpStatus(e) => DynamicError::new("HttpStatus", format!("HTTP {}", e.status()), e.to_string()),
            SdkError::Pagination(e) => DynamicError::new("Pagination", "PaginationError", e.to_string()),
        }
    }
}

/// Checks `params` against the parameter table: an object, no unknown name, scalar
/// parameters of their kind. Missing required parameters are left to decoding.
pub fn check_params(entry: &ActionEntry, params: &Value) -> Result<(), DynamicError> {
    let bad = |m: String| DynamicError::new("Parameters", "InvalidParameter", m);
    let Some(object) = params.as_object() else {
        return Err(bad(format!("the parameters of {} must be a JSON object", entry.name)));
    };
    for (name, value) in object {
        let Some(param) = entry.param(name) else {
            let known: Vec<&str> = entry.params.iter().map(|p| p.name).collect();
            return Err(bad(format!("unknown parameter {name} for {} (parameters: {})", entry.name, known.join(", "))));
        };
        if !value.is_null() && !kind_matches(param.kind, value) {
            return Err(bad(format!("parameter {name}: expected {}, got {value}", param.ty)));
        }
    }
    Ok(())
}

fn kind_matches(kind: ParamKind, value: &Value) -> bool {
    match (kind, value) {
        (ParamKind::String, Value::String(_)) | (ParamKind::Bool, Value::Bool(_)) => true,
        (ParamKind::Integer, Value::Number(n)) => n.is_i64() || n.is_u64(),
        (ParamKind::Float, Value::Number(_)) => true,
        (ParamKind::Object, Value::Object(_)) => true,
        (ParamKind::List(inner), Value::Array(items)) => items.iter().all(|v| kind_matches(*inner, v)),
        _ => false,
    }
}

/// The generic call behind every [`ActionEntry::call`]: decodes `params` into `A`, then
/// sends it through [`Client::call`] (which validates it).
///
/// Text typed on a command line becomes the documented type where it is exactly one
/// ([`crate::coerce`]: `"10"` for an integer member, `"true"` for a boolean, a number
/// for a text member as its JSON text): nested members have no kind of their own in the
/// parameter table ([`check_params`] checks the top-level ones).
pub fn call<A>(client: &Client, params: Value) -> BoxFuture<'_, Result<Value, DynamicError>>
where
    A: Action + DeserializeOwned + 'static,
{
    Box::pin(async move {
        let request: A = decode_params(&params)?;
        let output = client.call(&request).await.map_err(DynamicError::from_sdk)?;
        to_json(&output)
    })
}

/// The generic call behind every [`ActionEntry::stream`]: as [`call`], through
/// [`Client::call_stream`]; events are given as JSON as they arrive.
pub fn call_stream<A>(client: &Client, params: Value) -> BoxFuture<'_, Result<DynamicReply, DynamicError>>
where
    A: StreamingAction + DeserializeOwned + 'static,
{
    Box::pin(async move {
        let request: A = decode_params(&params)?;
        match client.call_stream(&request).await.map_err(DynamicError::from_sdk)? {
            StreamReply::Response(output) => Ok(DynamicReply::Value(to_json(&output)?)),
            StreamReply::Events(events) => Ok(DynamicReply::Events(Box::pin(JsonEvents(events)))),
        }
    })
}

/// The generic call behind every [`ActionEntry::binary`]: as [`call`], through
/// [`Client::call_binary`] with `body`.
pub fn call_binary<A>(client: &Client, params: Value, body: bytes::Bytes) -> BoxFuture<'_, Result<Value, DynamicError>>
where
    A: Action + DeserializeOwned + 'static,
{
    Box::pin(async move {
        let request: A = decode_params(&params)?;
        let output = client.call_binary(&request, body).await.map_err(DynamicError::from_sdk)?;
        to_json(&output)
    })
}

/// Decodes the parameters into the typed request, converting command-line text where
/// it is exactly one value of the documented type.
fn decode_params<A: DeserializeOwned>(params: &Value) -> Result<A, DynamicError> {
    crate::coerce::from_str(&params.to_string())
        .map_err(|e| DynamicError::new("Parameters", "InvalidParameter", format!("invalid parameters: {e}")))
}

fn to_json<T: serde::Serialize>(output: &T) -> Result<Value, DynamicError> {
    serde_json::to_value(output).map_err(|e| DynamicError::new("Decode", "DecodeError", e.to_string()))
}

/// A typed event stream given as JSON.
struct JsonEvents<T, E>(EventStream<T, E>);

impl<T, E> Stream for JsonEvents<T, E>
where
    T: serde::Serialize,
    E: ServiceError,
    EventStream<T, E>: Stream<Item = Result<T, SdkError<E>>> + Unpin,
{
    type Item = Result<Value, DynamicError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Pin::new(&mut self.0)
            .poll_next(cx)
            .map(|item| item.map(|event| event.map_err(DynamicError::from_sdk).and_then(|event| to_json(&event))))
    }
}
