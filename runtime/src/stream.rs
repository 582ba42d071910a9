//! Actions whose reply may be a stream of server-sent events (`text/event-stream`):
//! [`Client::call_stream`] and the stream types.
//!
//! The reply's `Content-Type` decides, as in the official SDKs: a 200 reply of
//! `text/event-stream` is returned as soon as its head arrives, as an [`EventStream`]
//! ([`StreamReply::Events`]); any other reply is read whole and decoded exactly as
//! [`Client::call`] decodes it ([`StreamReply::Response`], or the typed error). Until the
//! head arrives the call is the usual pipeline (validation, rate limit, signing, hooks,
//! retries, the per-attempt and operation timeouts); once an event stream has started
//! it is never retried, and neither timeout cuts it.
//!
//! Reading the stream:
//!
//! - each event's `data` is checked for an error first (a top-level `Error` object with
//!   a string `Code`, or `Response.Error`): the stream ends with
//!   [`SdkError::Service`] of the action's typed error;
//! - otherwise it decodes into [`StreamingAction::Event`] as outputs decode: leniently
//!   where the generated code asks, with the same warnings ([`crate::de`],
//!   [`crate::coerce`]); an event that does not decode ends the stream with
//!   [`SdkError::Decode`]; an event whose data is empty is skipped;
//! - `data: [DONE]` or the end of the body ends the stream;
//! - one event over [`ConfigBuilder::max_event_bytes`](crate::ConfigBuilder::max_event_bytes)
//!   ends it with a [`TransportErrorKind::ResponseTooLarge`] error, no bytes for
//!   [`ConfigBuilder::stream_idle_timeout`](crate::ConfigBuilder::stream_idle_timeout)
//!   with a [`TransportErrorKind::Timeout`] one, a connection lost with the
//!   transport's error;
//! - after an error the stream yields `None`; dropping it drops the body, which closes
//!   the connection.
//!
//! The call's tracing span is entered while the stream is read, so the warnings of its
//! decoding belong to the call.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_core::Stream;

use crate::action::{ActionMetadata, StreamingAction};
use crate::client::attempt::{Answer, Events, Mode};
use crate::client::failure::{typed_error, UntypedError};
use crate::client::output::{decode_output, json_output, typed_output, warn_if_tolerated};
use crate::client::Client;
use crate::config::CallOverrides;
use crate::error::{
    DecodeError, DecodeErrorKind, ErrorMetadata, SdkError, ServiceError, TransportError, TransportErrorKind,
    UntypedServiceError,
};
use crate::sse::{SseError, SseEvent, SseParser};
use crate::transport::BodyStream;
use crate::validation::ValidationError;

/// The reply of a streaming call: a stream of events, or a reply that was not one.
#[derive(Debug)]
pub enum StreamReply<O, T, E> {
    /// The reply is a stream of server-sent events.
    Events(EventStream<T, E>),
    /// The reply is a JSON response (the action was asked not to stream, or chose not
    /// to), decoded as [`Client::call`] decodes it.
    Response(O),
}

impl<O, T, E> StreamReply<O, T, E> {
    /// The stream, if the reply is one.
    pub fn into_events(self) -> Option<EventStream<T, E>> {
        match self {
            StreamReply::Events(events) => Some(events),
            StreamReply::Response(_) => None,
        }
    }

    /// The response, if the reply is not a stream.
    pub fn into_response(self) -> Option<O> {
        match self {
            StreamReply::Response(response) => Some(response),
            StreamReply::Events(_) => None,
        }
    }
}

/// The events of a reply as they arrive, undecoded: a [`Stream`] of [`SseEvent`]s
/// (without the `[DONE]` marker, which ends it). Bounds each event and the wait for
/// the next bytes; see the [module documentation](self).
pub struct RawEventStream {
    /// The body, until it ended or the stream failed.
    body: Option<BodyStream>,
    parser: SseParser,
    idle_timeout: Duration,
    /// When the wait for the next bytes ends; made at the first wait.
    idle: Option<Pin<Box<tokio::time::Sleep>>>,
    span: tracing::Span,
    status: u16,
    /// `X-TC-RequestId` of the reply.
    request_id: Option<String>,
    action: Box<str>,
    sensitive: bool,
    finished: bool,
}

impl fmt::Debug for RawEventStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawEventStream")
            .field("action", &self.action)
            .field("request_id", &self.request_id)
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

/// The reply header holding the request id.
const X_TC_REQUEST_ID: &str = "x-tc-requestid";

impl RawEventStream {
    fn new(events: Events) -> Self {
        let request_id = events.headers.get(X_TC_REQUEST_ID).and_then(|v| v.to_str().ok()).map(str::to_owned);
        RawEventStream {
            body: Some(events.body),
            parser: SseParser::new(events.max_event_bytes),
            idle_timeout: events.idle_timeout,
            idle: None,
            span: events.span,
            status: events.status,
            request_id,
            action: events.action,
            sensitive: events.sensitive,
            finished: false,
        }
    }

    /// The next event, `None` at the end of the stream (and forever after an error).
    pub async fn next_event(&mut self) -> Option<Result<SseEvent, UntypedError>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// The request id of the reply's `X-TC-RequestId` header, if it has one.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// Ends the stream: nothing more is read, and the body is dropped.
    fn end(&mut self) {
        self.finished = true;
        self.body = None;
        self.idle = None;
    }

    /// `event`, or the end of the stream at `[DONE]`.
    fn deliver(&mut self, event: SseEvent) -> Option<Result<SseEvent, UntypedError>> {
        if event.is_done() {
            self.end();
            return None;
        }
        Some(Ok(event))
    }

    /// An error item, which ends the stream.
    fn fail(&mut self, error: impl Into<UntypedError>) -> Option<Result<SseEvent, UntypedError>> {
        self.end();
        Some(Err(error.into()))
    }

    /// Whether the wait for the next bytes is over; restarts it when `restart`.
    fn idle_over(&mut self, cx: &mut Context<'_>, restart: bool) -> bool {
        let Some(deadline) = tokio::time::Instant::now().checked_add(self.idle_timeout) else {
            return false; // too long to represent: no timer
        };
        match &mut self.idle {
            Some(sleep) if restart => {
                sleep.as_mut().reset(deadline);
                false
            }
            Some(sleep) => sleep.as_mut().poll(cx).is_ready(),
            None => {
                let mut sleep = Box::pin(tokio::time::sleep_until(deadline));
                let over = !restart && sleep.as_mut().poll(cx).is_ready();
                self.idle = Some(sleep);
                over
            }
        }
    }

    /// [`Stream::poll_next`], with the call's span entered by the caller.
    fn poll_event(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<SseEvent, UntypedError>>> {
        loop {
            if self.finished {
                return Poll::Ready(None);
            }
            if let Some(event) = self.parser.next_event() {
                return Poll::Ready(self.deliver(event));
            }
            let Some(body) = self.body.as_mut() else {
                // The body ended: an event without its blank line is the last one.
                self.end();
                return Poll::Ready(match self.parser.finish() {
                    Ok(Some(event)) => self.deliver(event),
                    Ok(None) => None,
                    Err(e) => self.fail(too_large(e)),
                });
            };
            match body.as_mut().poll_next(cx) {
                Poll::Ready(Some(Ok(chunk))) => {
                    self.idle_over(cx, true);
                    if let Err(e) = self.parser.push(&chunk) {
                        return Poll::Ready(self.fail(too_large(e)));
                    }
                }
                Poll::Ready(Some(Err(e))) => return Poll::Ready(self.fail(e)),
                Poll::Ready(None) => self.body = None,
                Poll::Pending => {
                    if self.idle_over(cx, false) {
                        let message = format!("no event within the stream idle timeout of {:?}", self.idle_timeout);
                        return Poll::Ready(self.fail(TransportError::new(TransportErrorKind::Timeout, message)));
                    }
                    return Poll::Pending;
                }
            }
        }
    }
}

/// An event over the limit, as the transport error a body over its limit is.
fn too_large(error: SseError) -> TransportError {
    TransportError::new(TransportErrorKind::ResponseTooLarge, error.to_string()).with_source(error)
}

impl Stream for RawEventStream {
    type Item = Result<SseEvent, UntypedError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        let span = this.span.clone();
        let _entered = span.enter();
        this.poll_event(cx)
    }
}

/// The events of a reply as they arrive, each decoded into `T`, an error event as the
/// typed error `E`: see the [module documentation](self).
pub struct EventStream<T, E> {
    /// Boxed: a [`StreamReply`] holding it stays small.
    raw: Box<RawEventStream>,
    /// The reply header's request id, else the first one an event carried.
    request_id: Option<String>,
    finished: bool,
    _types: PhantomData<fn() -> (T, E)>,
}

impl<T, E> fmt::Debug for EventStream<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("event", &std::any::type_name::<T>())
            .field("request_id", &self.request_id)
            .field("raw", &self.raw)
            .finish()
    }
}

impl<T, E> EventStream<T, E>
where
    T: serde::de::DeserializeOwned + serde::Serialize,
    E: ServiceError,
{
    pub(crate) fn new(events: Events) -> Self {
        let raw = Box::new(RawEventStream::new(events));
        EventStream { request_id: raw.request_id.clone(), raw, finished: false, _types: PhantomData }
    }

    /// The next event, `None` at the end of the stream (and forever after an error).
    pub async fn next_event(&mut self) -> Option<Result<T, SdkError<E>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// The request id: the reply's `X-TC-RequestId` header, else the `RequestId` of the
    /// first event that had one.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The same stream, its events not decoded.
    pub fn into_raw(self) -> RawEventStream {
        *self.raw
    }

    /// The event's decoded data, `None` for an event with empty data, or the error it
    /// reports.
    fn decode(&mut self, event: &SseEvent) -> Result<Option<T>, SdkError<E>> {
        let data = event.data.trim();
        if data.is_empty() {
            return Ok(None);
        }
        if self.request_id.is_none() {
            self.request_id = request_id_of(data);
        }
        if let Some(meta) = error_of(data, self.request_id.as_deref()) {
            return Err(SdkError::Service(E::from_metadata(meta)));
        }
        let (mut decoded, mut defaults) = decode_output::<T>(data.as_bytes());
        if decoded.is_err() {
            // Events of the action's own response type come without the `RequestId` that
            // type requires (every reply has one; an event is part of one): the stream's
            // is filled in.
            if let Some(with_id) = with_request_id(data, self.request_id.as_deref()) {
                if let (Ok(value), used) = decode_output::<T>(with_id.as_bytes()) {
                    (decoded, defaults) = (Ok(value), used);
                }
            }
        }
        match decoded {
            Ok(value) => {
                warn_if_tolerated(&self.raw.action, data.as_bytes(), &value, defaults);
                Ok(Some(value))
            }
            Err(e) => {
                let status = self.raw.status;
                let error = if self.raw.sensitive {
                    let detail = format!("HTTP {status}; the event is withheld: it may hold credentials");
                    DecodeError::new(DecodeErrorKind::Schema, status, b"", detail)
                } else {
                    let detail = format!("event data does not match {}: {e}", std::any::type_name::<T>());
                    DecodeError::new(DecodeErrorKind::Schema, status, data.as_bytes(), detail)
                };
                Err(SdkError::Decode(error))
            }
        }
    }
}

impl<T, E> Stream for EventStream<T, E>
where
    T: serde::de::DeserializeOwned + serde::Serialize,
    E: ServiceError,
{
    type Item = Result<T, SdkError<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        let span = this.raw.span.clone();
        let _entered = span.enter();
        loop {
            if this.finished {
                return Poll::Ready(None);
            }
            let event = match this.raw.poll_event(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => {
                    this.finished = true;
                    return Poll::Ready(None);
                }
                Poll::Ready(Some(Err(e))) => {
                    this.finished = true;
                    return Poll::Ready(Some(Err(typed_error(e))));
                }
                Poll::Ready(Some(Ok(event))) => event,
            };
            match this.decode(&event) {
                Ok(Some(value)) => return Poll::Ready(Some(Ok(value))),
                Ok(None) => {}
                Err(e) => {
                    this.finished = true;
                    this.raw.end();
                    return Poll::Ready(Some(Err(e)));
                }
            }
        }
    }
}

/// `data`, a JSON object without a `RequestId` member, with `"RequestId": request_id`
/// (empty when the stream has none) as its first member; `None` for anything else.
fn with_request_id(data: &str, request_id: Option<&str>) -> Option<String> {
    let rest = data.strip_prefix('{')?;
    if memchr::memmem::find(data.as_bytes(), b"\"RequestId\"").is_some() {
        return None;
    }
    let id = serde_json::to_string(request_id.unwrap_or_default()).ok()?;
    let separator = if rest.trim_start().starts_with('}') { "" } else { "," };
    Some(format!("{{\"RequestId\":{id}{separator}{rest}"))
}

/// The `RequestId` member of an event's JSON data, if it has a string one.
fn request_id_of(data: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct WithId {
        #[serde(rename = "RequestId")]
        request_id: Option<String>,
    }
    serde_json::from_str::<WithId>(data).ok()?.request_id
}

/// The error an event's data reports: a top-level `Error` object with a string `Code`,
/// or one in `Response`, with the request id beside it, else `request_id`.
fn error_of(data: &str, request_id: Option<&str>) -> Option<ErrorMetadata> {
    // Only data that names an error is parsed for one.
    if !data.contains("Error") {
        return None;
    }
    let value: serde_json::Value = serde_json::from_str(data).ok()?;
    let holder = [Some(&value), value.get("Response")]
        .into_iter()
        .flatten()
        .find(|v| v.get("Error").and_then(|e| e.get("Code")).is_some_and(serde_json::Value::is_string))?;
    let error = holder.get("Error")?;
    let code = error.get("Code")?.as_str()?;
    let message = error.get("Message").and_then(serde_json::Value::as_str).unwrap_or_default();
    let id = holder.get("RequestId").and_then(serde_json::Value::as_str).or(request_id);
    Some(ErrorMetadata::new(code, message, id.map(str::to_owned)))
}

impl Client {
    /// Sends a typed action whose reply may be a stream of server-sent events: the
    /// stream as it arrives, or the output of a reply that is not one (see the
    /// [module documentation](crate::stream)).
    pub async fn call_stream<A: StreamingAction>(
        &self,
        action: &A,
    ) -> Result<StreamReply<A::Output, A::Event, A::Error>, SdkError<A::Error>> {
        self.call_stream_with(action, &CallOverrides::default()).await
    }

    /// [`Client::call_stream`] with some of the client's settings replaced for this call.
    pub async fn call_stream_with<A: StreamingAction>(
        &self,
        action: &A,
        overrides: &CallOverrides,
    ) -> Result<StreamReply<A::Output, A::Event, A::Error>, SdkError<A::Error>> {
        let (meta, answer, decoding) =
            self.send_typed(action, overrides, Mode::STREAMING, None).await.map_err(typed_error)?;
        match answer {
            Answer::Events(events) => Ok(StreamReply::Events(EventStream::new(events))),
            Answer::Reply(reply) => typed_output(meta, reply, decoding).map(StreamReply::Response).map_err(typed_error),
        }
    }

    /// [`Client::send_built`] for a streaming action ([`Client::call_stream_with`]).
    pub async fn send_built_stream<A: StreamingAction>(
        self,
        request: Result<A, ValidationError>,
        overrides: CallOverrides,
    ) -> Result<StreamReply<A::Output, A::Event, A::Error>, SdkError<A::Error>> {
        let request = request?;
        self.call_stream_with(&request, &overrides).await
    }

    /// [`Client::call_json_with`] for an action whose reply may be a stream of
    /// server-sent events: each event's data as JSON, or the `Response` object of a
    /// reply that is not a stream.
    pub async fn call_json_stream(
        &self,
        metadata: ActionMetadata<'_>,
        params: &serde_json::Value,
        overrides: &CallOverrides,
    ) -> Result<StreamReply<serde_json::Value, serde_json::Value, UntypedServiceError>, SdkError<UntypedServiceError>>
    {
        match self.send_json(metadata, params, overrides, Mode::STREAMING).await? {
            Answer::Events(events) => Ok(StreamReply::Events(EventStream::new(events))),
            Answer::Reply(reply) => json_output(metadata, &reply).map(StreamReply::Response),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_found_at_the_top_or_in_response() {
        let top = r#"{"Type": "error", "RequestId": "r1", "Error": {"Code": "InternalError", "Message": "m"}}"#;
        let meta = error_of(top, None).unwrap();
        assert_eq!((meta.code(), meta.message(), meta.request_id()), ("InternalError", "m", Some("r1")));
        let nested = r#"{"Response": {"Error": {"Code": "LimitExceeded"}, "RequestId": "r2"}}"#;
        let meta = error_of(nested, Some("header")).unwrap();
        assert_eq!((meta.code(), meta.message(), meta.request_id()), ("LimitExceeded", "", Some("r2")));
        let no_id = r#"{"Error": {"Code": "X", "Message": "m"}}"#;
        assert_eq!(error_of(no_id, Some("header")).unwrap().request_id(), Some("header"));
        for not_errors in [
            r#"{"Choices": [{"Delta": {"Content": "Error"}}]}"#,
            r#"{"Error": null}"#,
            r#"{"Error": {"Code": 5}}"#,
            r#"{"Error": {"Message": "m"}}"#,
            "Error: not JSON",
        ] {
            assert!(error_of(not_errors, None).is_none(), "{not_errors}");
        }
    }

    #[test]
    fn streams_can_move_between_tasks() {
        fn send_and_unpin<T: Send + Unpin>() {}
        send_and_unpin::<EventStream<serde_json::Value, UntypedServiceError>>();
        send_and_unpin::<RawEventStream>();
        send_and_unpin::<StreamReply<serde_json::Value, serde_json::Value, UntypedServiceError>>();
    }

    #[test]
    fn a_request_id_is_put_first_in_an_object_that_has_none() {
        assert_eq!(with_request_id(r#"{"A": 1}"#, Some("r")).as_deref(), Some(r#"{"RequestId":"r","A": 1}"#));
        assert_eq!(with_request_id("{ }", None).as_deref(), Some(r#"{"RequestId":"" }"#));
        assert_eq!(with_request_id(r#"{"RequestId": "x"}"#, Some("r")), None);
        assert_eq!(with_request_id("[1]", Some("r")), None);
    }

    #[test]
    fn request_ids_are_read_when_they_are_strings() {
        assert_eq!(request_id_of(r#"{"RequestId": "r", "Note": [1]}"#).as_deref(), Some("r"));
        assert_eq!(request_id_of(r#"{"RequestId": 5}"#), None);
        assert_eq!(request_id_of(r#"{"Note": 1}"#), None);
        assert_eq!(request_id_of("[DONE]"), None);
    }
}
