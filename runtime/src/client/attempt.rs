//! One attempt of a call, and what it is given: it waits for its rate-limit slot
//! (given back if the attempt is cancelled or ends before sending, see
//! [`crate::rate_limit`]), builds the signed request ([`super::request`]), adds the
//! call's extra headers, runs the hooks' `before_send`, sends within the per-attempt
//! timeout, runs the hooks' `after_response`, and reads the reply: whole, up to
//! `max_response_bytes`, then decoded ([`super::response`]), or for a streaming call
//! the head of a stream of server-sent events ([`Answer::Events`]).

use std::sync::Arc;
use std::task::Poll;
use std::time::Duration;

use super::failure::Failure;
use super::response::{decode, withhold_if_sensitive, Decoding, Reply};
use super::{headers, Client};
use crate::action::ActionMetadata;
use crate::config::{CallOverrides, Config};
use crate::error::{ConfigError, DecodeError, DecodeErrorKind, SdkError, TransportError, TransportErrorKind};
use crate::future::BoxFuture;
use crate::hook::{AttemptInfo, Hook};
use crate::retry::{RetryConfig, RetryReason};
use crate::transport::{too_large, BodyStream, MaxResponseBytes};

/// What every attempt of one call shares.
#[derive(Clone, Copy)]
pub(super) struct CallPlan<'a> {
    pub(super) meta: ActionMetadata<'a>,
    pub(super) region: &'a str,
    /// The serialized request.
    pub(super) body: &'a [u8],
    pub(super) settings: &'a CallSettings<'a>,
    pub(super) decoding: Decoding,
    pub(super) mode: Mode<'a>,
    /// The call's span, disabled when nobody records it.
    pub(super) span: &'a tracing::Span,
}

/// The settings of one call: the client's, with its [`CallOverrides`] applied.
pub(super) struct CallSettings<'a> {
    pub(super) retry: &'a RetryConfig,
    pub(super) timeout: Duration,
    pub(super) operation_timeout: Option<Duration>,
    pub(super) stream_idle_timeout: Duration,
    /// The extra headers of the call ([`headers::overrides`]).
    pub(super) headers: Vec<(http::HeaderName, http::HeaderValue)>,
}

impl<'a> CallSettings<'a> {
    pub(super) fn new(config: &'a Config, overrides: &'a CallOverrides) -> Result<Self, ConfigError> {
        Ok(CallSettings {
            retry: overrides.retry.as_ref().unwrap_or(&config.retry),
            timeout: overrides.timeout.unwrap_or(config.timeout),
            operation_timeout: overrides.operation_timeout.or(config.operation_timeout),
            stream_idle_timeout: overrides.stream_idle_timeout.unwrap_or(config.stream_idle_timeout),
            headers: headers::overrides(&overrides.headers)?,
        })
    }
}

/// How a call sends and receives: whether a reply of server-sent events is returned
/// as it arrives ([`Answer::Events`]), and for a raw body (`application/octet-stream`)
/// the parameters' headers.
#[derive(Clone, Copy, Default)]
pub(crate) struct Mode<'a> {
    pub(super) streaming: bool,
    pub(super) binary: Option<&'a [(http::HeaderName, http::HeaderValue)]>,
}

impl Mode<'_> {
    /// A call whose reply may be a stream of events, with a JSON body.
    pub(crate) const STREAMING: Mode<'static> = Mode { streaming: true, binary: None };
}

/// What the attempts end with: a reply read whole and decoded, or the head of a stream
/// of server-sent events (only when [`Mode::streaming`]).
pub(crate) enum Answer {
    Reply(Reply),
    Events(Events),
}

impl Answer {
    /// The reply of a call that is not streaming (which never gets events).
    pub(super) fn into_reply<E>(self) -> Result<Reply, SdkError<E>> {
        match self {
            Answer::Reply(reply) => Ok(reply),
            Answer::Events(events) => Err(SdkError::Decode(DecodeError::new(
                DecodeErrorKind::NotJson,
                events.status,
                b"",
                "a stream of server-sent events where a JSON reply was expected",
            ))),
        }
    }
}

/// The head of a reply of server-sent events, its body still to be read, and what
/// reading it takes: [`crate::stream::EventStream`] reads it.
pub(crate) struct Events {
    pub(crate) status: u16,
    pub(crate) headers: http::HeaderMap,
    pub(crate) body: BodyStream,
    /// The call's span, entered while the stream is read.
    pub(crate) span: tracing::Span,
    pub(crate) max_event_bytes: usize,
    pub(crate) idle_timeout: Duration,
    pub(crate) action: Box<str>,
    /// Whether the action's replies may hold secrets ([`ActionMetadata::sensitive_response`]).
    pub(crate) sensitive: bool,
}

/// What a streaming attempt received: the head of an event stream, or a whole reply.
enum Received {
    Events(Events),
    Full(http::Response<Vec<u8>>),
}

impl Client {
    /// One attempt: rate limit, credentials, sign, send, decode.
    pub(super) async fn attempt(&self, call: CallPlan<'_>, attempt: u32) -> Result<Answer, Failure> {
        let CallPlan { meta, region, body, settings, decoding, mode, span } = call;
        let config = &self.inner.config;
        // Given back if this attempt ends, or is dropped, before the request is sent.
        let slot = match meta.rate_limit.filter(|n| *n > 0 && config.rate_limiting) {
            Some(per_second) => Some(self.inner.rate_limiter.acquire(meta.service, meta.action, per_second).await),
            None => None,
        };
        let mut request = self.build_request(meta, region, body, mode.binary).await?;
        request.extensions_mut().insert(MaxResponseBytes(config.max_response_bytes));
        if !settings.headers.is_empty() {
            request.headers_mut().extend(settings.headers.iter().cloned());
        }
        let info = AttemptInfo { service: meta.service, action: meta.action, region, attempt };
        run_before_send(&config.hooks, &mut request, &info)?;
        if let Some(slot) = slot {
            slot.spent();
        }
        let response = if mode.streaming {
            // Boxed: the plain path's future does not grow by this one.
            match Box::pin(self.receive_streaming(request, settings, &info)).await? {
                Received::Events(events) => {
                    span.record("status", events.status);
                    let sensitive = meta.sensitive_response;
                    return Ok(Answer::Events(Events { span: span.clone(), sensitive, ..events }));
                }
                Received::Full(response) => response,
            }
        } else {
            let sent = send_within(config.transport.send(request), settings.timeout).await;
            after_response(&config.hooks, sent, &info)?
        };
        let status = response.status().as_u16();
        span.record("status", status);
        let (parts, body) = response.into_parts();
        if body.len() > config.max_response_bytes {
            // A transport that does not honour MaxResponseBytes: the body is in memory
            // already, but the call still fails as if the limit had been enforced.
            let error = too_large(config.max_response_bytes, &format!("{} bytes received", body.len()));
            return Err(Failure::fatal(error));
        }
        decode(status, &parts.headers, body, decoding).map(Answer::Reply).map_err(|f| withhold_if_sensitive(meta, f))
    }

    /// Sends `request` through the transport's [`send_streaming`](crate::Transport::send_streaming):
    /// a 200 reply of server-sent events is returned as soon as its head arrives, any
    /// other reply is read whole (up to `max_response_bytes`), both within the
    /// per-attempt timeout.
    async fn receive_streaming(
        &self,
        request: http::Request<Vec<u8>>,
        settings: &CallSettings<'_>,
        info: &AttemptInfo<'_>,
    ) -> Result<Received, Failure> {
        let config = &self.inner.config;
        let max = config.max_response_bytes;
        let sending = config.transport.send_streaming(request);
        // The head of an event stream, or a whole reply.
        type Head = Result<http::Response<BodyStream>, http::Response<Vec<u8>>>;
        let receiving: BoxFuture<'_, Result<Head, TransportError>> = Box::pin(async move {
            let response = sending.await?;
            if response.status() == http::StatusCode::OK && is_event_stream(response.headers()) {
                return Ok(Ok(response));
            }
            let (parts, body) = response.into_parts();
            let body = collect_body(&parts.headers, body, max).await?;
            Ok(Err(http::Response::from_parts(parts, body)))
        });
        let response = match send_within(receiving, settings.timeout).await {
            Ok(Ok(events)) => events,
            Ok(Err(full)) => return after_response(&config.hooks, Ok(full), info).map(Received::Full),
            Err(e) => return after_response(&config.hooks, Err(e), info).map(Received::Full),
        };
        let (parts, body) = response.into_parts();
        if !config.hooks.is_empty() {
            // The hooks see the head; the body is still to come.
            let mut head = http::Response::new(Vec::new());
            *head.status_mut() = parts.status;
            *head.version_mut() = parts.version;
            *head.headers_mut() = parts.headers.clone();
            for hook in &config.hooks {
                hook.after_response(Ok(&head), info);
            }
        }
        Ok(Received::Events(Events {
            status: parts.status.as_u16(),
            headers: parts.headers,
            body,
            span: tracing::Span::none(),
            max_event_bytes: config.max_event_bytes,
            idle_timeout: settings.stream_idle_timeout,
            action: info.action.into(),
            sensitive: false,
        }))
    }
}

/// Awaits a transport's `sending`, failing with a timeout when no response came within
/// `timeout`. A transport that answers at once (an in-memory one) is not given a timer:
/// the timer only starts when the first poll is pending, with the deadline counted from
/// before that poll. (`sending` is the transport's future, not the request, so the
/// request is moved once, into the transport.)
async fn send_within<T>(
    mut sending: BoxFuture<'_, Result<T, TransportError>>,
    timeout: Duration,
) -> Result<T, TransportError> {
    let deadline = tokio::time::Instant::now().checked_add(timeout);
    if let Poll::Ready(sent) = std::future::poll_fn(|cx| Poll::Ready(sending.as_mut().poll(cx))).await {
        return sent;
    }
    let waited = match deadline {
        Some(deadline) => tokio::time::timeout_at(deadline, sending).await,
        // A timeout too long to represent: no timer.
        None => Ok(sending.await),
    };
    waited.unwrap_or_else(|_| {
        Err(TransportError::new(TransportErrorKind::Timeout, format!("no response within {timeout:?} per attempt")))
    })
}

/// Whether a reply's `Content-Type` is `text/event-stream` (parameters and case aside).
fn is_event_stream(headers: &http::HeaderMap) -> bool {
    headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case("text/event-stream"))
}

/// Reads a streamed body whole, failing as soon as it is known to exceed `max` bytes
/// (from `Content-Length`, else at the chunk that crosses the limit).
async fn collect_body(headers: &http::HeaderMap, mut body: BodyStream, max: usize) -> Result<Vec<u8>, TransportError> {
    let announced = headers.get(http::header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if let Some(length) = announced.filter(|l| usize::try_from(*l).map_or(true, |l| l > max)) {
        return Err(too_large(max, &format!("Content-Length is {length}")));
    }
    let mut out = Vec::new();
    while let Some(chunk) = std::future::poll_fn(|cx| body.as_mut().poll_next(cx)).await {
        let chunk = chunk?;
        if chunk.len() > max - out.len() {
            let received = out.len() + chunk.len();
            return Err(too_large(max, &format!("{received} bytes received, reading stopped")));
        }
        out.extend_from_slice(&chunk);
    }
    Ok(out)
}

/// Runs the hooks' `after_response` on what the transport gave, and turns its error
/// into a failure of the attempt.
fn after_response(
    hooks: &[Arc<dyn Hook>],
    sent: Result<http::Response<Vec<u8>>, TransportError>,
    info: &AttemptInfo<'_>,
) -> Result<http::Response<Vec<u8>>, Failure> {
    for hook in hooks {
        hook.after_response(sent.as_ref(), info);
    }
    sent.map_err(|e| {
        let retry = RetryReason::transport(e.kind());
        Failure::retryable(SdkError::Transport(e), retry)
    })
}

/// Runs the hooks' `before_send`, failing the attempt when one changed a protected header.
fn run_before_send(
    hooks: &[Arc<dyn Hook>],
    request: &mut http::Request<Vec<u8>>,
    info: &AttemptInfo<'_>,
) -> Result<(), Failure> {
    if hooks.is_empty() {
        return Ok(());
    }
    let before = headers::protected_snapshot(request.headers());
    // What the signature covers, where the request goes and how much it may read back.
    let (method, uri, body) = (request.method().clone(), request.uri().clone(), request.body().clone());
    let limit = request.extensions().get::<MaxResponseBytes>().map(|m| m.0);
    for hook in hooks {
        hook.before_send(request, info);
    }
    let changed = if *request.method() != method {
        Some("method")
    } else if *request.uri() != uri {
        Some("URI")
    } else if *request.body() != body {
        Some("body")
    } else if request.extensions().get::<MaxResponseBytes>().map(|m| m.0) != limit {
        Some("reply size limit")
    } else {
        None
    };
    if let Some(what) = changed {
        return Err(Failure::fatal(ConfigError(format!(
            "a hook changed the request's {what}, which is signed or set by the client"
        ))));
    }
    let after = headers::protected_snapshot(request.headers());
    if before != after {
        let changed = after
            .iter()
            .chain(&before)
            .find(|h| !(before.contains(h) && after.contains(h)))
            .map_or("a protected", |(n, _)| n.as_str());
        return Err(Failure::fatal(ConfigError(format!(
            "a hook changed the {changed} header, which is signed or set by the client"
        ))));
    }
    Ok(())
}
