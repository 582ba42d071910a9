//! The client: one pipeline for every call, typed ([`Client::call`]) or untyped
//! ([`Client::call_json`]), with a raw body ([`Client::call_binary`]), or with a reply
//! that may be a stream of server-sent events ([`Client::call_stream`], see
//! [`crate::stream`]: the same attempts, ending at the head of such a reply).
//!
//! A call validates the request (region and the spec's constraints), serializes it as
//! the official SDK does, then for each attempt: waits for its rate-limit slot (given
//! back if the attempt is cancelled or ends before sending: see [`crate::rate_limit`]), gets
//! credentials, signs with a fresh timestamp, sends with the timeout, and decodes the
//! `{"Response": ...}` envelope. Failures are retried with backoff, within the retry
//! budget, when repeating the request is safe: a connection that could not be made
//! and a service error with a [`RetryKind`] (throttling, a transient code) for every
//! action; a timeout, a connection lost mid-exchange or an
//! HTTP 5xx without an envelope only for idempotent actions
//! ([`ActionMetadata::idempotent`]). HTTP 429 without an envelope is throttling and
//! is retried for every action. A `Retry-After` on a 503, a 429 or a throttling
//! error is honoured (see [`crate::retry`]).
//!
//! The reply is bounded: redirects (HTTP 3xx) are never followed and fail the call
//! ([`DecodeErrorKind::Redirect`]); a body over
//! [`ConfigBuilder::max_response_bytes`](crate::ConfigBuilder::max_response_bytes)
//! fails it ([`TransportErrorKind::ResponseTooLarge`]); neither is retried. Each
//! attempt is bounded by [`ConfigBuilder::timeout`](crate::ConfigBuilder::timeout),
//! the whole call, retries and backoffs included, by
//! [`ConfigBuilder::operation_timeout`](crate::ConfigBuilder::operation_timeout).
//! The `Authorization` and `X-TC-Token` header values are marked sensitive, so the
//! request's `Debug` output never shows them.
//!
//! Each call can replace some settings ([`CallOverrides`]: timeouts, retry, region,
//! validation, extra headers) with [`Client::call_with`] / [`Client::call_json_with`]; hooks
//! ([`crate::hook`]) see every attempt. Neither can set the signed or `X-TC-*` headers.
//!
//! For an action with a client token ([`ActionMetadata::with_client_token`]) the
//! client fills in a fresh UUID v4 when the caller set none; the body is serialized
//! once, so every retry carries the same token, and the call counts as idempotent.
//!
//! A typed output is decoded leniently where the generated code asks for it (see
//! [`crate::de`]); each member decoded as its default is logged as a warning. A scalar
//! written as the other type (`"12"` for an integer, `"true"` for a boolean, `12` for a
//! string) is converted ([`crate::coerce`]) and logged as a warning too; what cannot be
//! converted is still a decode error.

use std::fmt;
use std::ops::Range;
use std::sync::{Arc, LazyLock};
use std::task::Poll;
use std::time::{Duration, Instant};

use memchr::memmem;
use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use tracing::Instrument;

use crate::action::{Action, ActionMetadata};
use crate::clock::unix_seconds;
use crate::config::{valid_region, CallOverrides, Config};
use crate::credentials::{Credentials, CredentialsError};
use crate::destination::{invalid_header_value, Destinations, OCTET_STREAM, X_TC_ACTION, X_TC_TIMESTAMP};
use crate::error::{
    ConfigError, DecodeError, DecodeErrorKind, ErrorMetadata, HttpStatusError, RetryKind, SdkError, ServiceError,
    TransportError, TransportErrorKind, UntypedServiceError,
};
use crate::hook::{is_protected, protected_snapshot, AttemptInfo};
use crate::json::to_wire_json;
use crate::rate_limit::RateLimiter;
use crate::retry::{parse_retry_after, RetryBudget, RetryConfig, RetryReason};
use crate::sign::{authorization_after, SigningInput, SigningKeyCache};
use crate::transport::{too_large, BodyStream, BoxFuture, MaxResponseBytes};
use crate::validation::{Rule, ValidationContext, ValidationError, Violation, Violations};

/// A Tencent Cloud API 3.0 client. Cheap to clone; clones share the rate limiter and
/// the retry budget.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    config: Config,
    rate_limiter: RateLimiter,
    budget: RetryBudget,
    /// Derived signing keys, so a call signs with one HMAC instead of four.
    signing_keys: SigningKeyCache,
    /// For a provider with fixed credentials, their check, made once.
    fixed_check: Option<Result<(), CredentialsError>>,
    /// Where calls go (host, URI, the headers that do not change between calls, the
    /// start of the canonical request), per service and region, built once.
    destinations: Destinations,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client").field("config", &self.inner.config).finish_non_exhaustive()
    }
}

/// A decoded success: the body and where its `Response` object is.
pub(crate) struct Reply {
    status: u16,
    body: Vec<u8>,
    /// The `Response` object's bytes in `body`.
    response: Range<usize>,
    /// Whether the envelope was parsed. `false`: a plain reply whose `Response` was
    /// found by its text ([`plain_envelope`]); decoding the output from it confirms the
    /// envelope, and when that fails [`recheck`] parses it before reporting.
    checked: bool,
}

impl Reply {
    /// The text of the `Response` object.
    fn response(&self) -> &[u8] {
        self.body.get(self.response.clone()).unwrap_or_default()
    }
}

/// How a call sends and receives: whether a reply of server-sent events is returned
/// as it arrives ([`Answer::Events`]), and for a raw body (`application/octet-stream`)
/// the parameters' headers.
#[derive(Clone, Copy, Default)]
pub(crate) struct Mode<'a> {
    streaming: bool,
    binary: Option<&'a [(http::HeaderName, http::HeaderValue)]>,
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
    fn into_reply<E>(self) -> Result<Reply, SdkError<E>> {
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
    hooks: &[Arc<dyn crate::hook::Hook>],
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

/// The headers that carry the parameters of a request with a raw body, from its JSON
/// form `body`: `X-{SERVICE}-{Name}` for each top-level member, a string as it is, any
/// other value but `null` as its compact JSON, as the official SDKs send them.
fn parameter_headers(service: &str, body: &[u8]) -> Result<Vec<(http::HeaderName, http::HeaderValue)>, UntypedError> {
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

/// How the pipeline decodes replies: the action's classification of service errors
/// for retries, whether a plain success may skip the envelope's parse (typed calls,
/// which confirm it by decoding the output), and whether the call's span is recorded
/// (then a success's request id is read for it, which takes the full parse).
#[derive(Clone, Copy)]
pub(crate) struct Decoding {
    classify: Classify,
    quick: bool,
    traced: bool,
}

/// The error of the shared pipeline: a service error keeps its envelope as sent, and
/// becomes the action's typed error once, at the end ([`typed_error`]). The pipeline is
/// not generic, so it is compiled once, not once per action.
pub(crate) type UntypedError = SdkError<UntypedServiceError>;

/// How the pipeline classifies a service error for retries: the action's
/// [`ServiceError::retry_kind`] ([`retry_kind_of`]).
type Classify = fn(&ErrorMetadata) -> Option<RetryKind>;

/// The retry kind of the error `E` built from `meta`.
fn retry_kind_of<E: ServiceError>(meta: &ErrorMetadata) -> Option<RetryKind> {
    E::from_metadata(meta.clone()).retry_kind()
}

/// The pipeline's error as the action's typed error.
pub(crate) fn typed_error<E: ServiceError>(error: UntypedError) -> SdkError<E> {
    match error {
        SdkError::Service(UntypedServiceError(meta)) => SdkError::Service(E::from_metadata(meta)),
        SdkError::Validation(e) => SdkError::Validation(e),
        SdkError::Credentials(e) => SdkError::Credentials(e),
        SdkError::Config(e) => SdkError::Config(e),
        SdkError::Transport(e) => SdkError::Transport(e),
        SdkError::Decode(e) => SdkError::Decode(e),
        SdkError::HttpStatus(e) => SdkError::HttpStatus(e),
        SdkError::Pagination(e) => SdkError::Pagination(e),
    }
}

/// The error a call returns after `attempts` attempts: a transport, HTTP status or
/// service error says how many were made.
fn after_attempts(error: UntypedError, attempts: u32) -> UntypedError {
    match error {
        SdkError::Transport(e) => SdkError::Transport(e.with_attempts(attempts)),
        SdkError::HttpStatus(e) => SdkError::HttpStatus(e.with_attempts(attempts)),
        SdkError::Service(UntypedServiceError(meta)) => {
            SdkError::Service(UntypedServiceError(meta.with_attempts(attempts)))
        }
        other => other,
    }
}

/// A failed attempt, whether it may be retried, and how long the server asked the
/// client to wait first (`Retry-After`).
struct Failure {
    error: UntypedError,
    retry: Option<RetryReason>,
    retry_after: Option<Duration>,
}

impl Failure {
    fn fatal(error: impl Into<UntypedError>) -> Self {
        Failure { error: error.into(), retry: None, retry_after: None }
    }

    fn retryable(error: UntypedError, retry: Option<RetryReason>) -> Self {
        Failure { error, retry, retry_after: None }
    }
}

/// `1 attempt`, `3 attempts`.
fn attempts_text(n: u32) -> String {
    if n == 1 {
        "1 attempt".to_owned()
    } else {
        format!("{n} attempts")
    }
}

impl Client {
    /// A client with `config`.
    pub fn new(config: Config) -> Client {
        let budget = RetryBudget::new(config.retry.budget_capacity);
        let fixed_check = config.credentials.fixed_credentials().map(Credentials::validate);
        let inner = Inner {
            config,
            rate_limiter: RateLimiter::new(),
            budget,
            signing_keys: SigningKeyCache::new(),
            fixed_check,
            destinations: Destinations::default(),
        };
        Client { inner: Arc::new(inner) }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Sends a typed action and decodes its output or its typed error.
    ///
    /// When the action has a client token and the caller set none, a copy of the
    /// request with a fresh token ([`Action::fill_client_token`]) is sent instead.
    pub async fn call<A: Action>(&self, action: &A) -> Result<A::Output, SdkError<A::Error>> {
        self.call_with(action, &CallOverrides::default()).await
    }

    /// Sends what a generated fluent builder built: the builder's validation error if
    /// the request could not be built, else [`Client::call_with`]. Each generated
    /// `send()` returns this future, so that one state machine serves every action
    /// rather than an `async fn` per action being compiled in each crate.
    pub async fn send_built<A: Action>(
        self,
        request: Result<A, ValidationError>,
        overrides: CallOverrides,
    ) -> Result<A::Output, SdkError<A::Error>> {
        let request = request?;
        self.call_with(&request, &overrides).await
    }

    /// [`Client::call`] with some of the client's settings replaced for this call.
    pub async fn call_with<A: Action>(
        &self,
        action: &A,
        overrides: &CallOverrides,
    ) -> Result<A::Output, SdkError<A::Error>> {
        let (meta, answer, decoding) =
            self.send_typed(action, overrides, Mode::default(), None).await.map_err(typed_error)?;
        typed_output(meta, answer.into_reply()?, decoding).map_err(typed_error)
    }

    /// Sends an action whose body is raw bytes (`application/octet-stream`, as cls
    /// `UploadLog`, [`ActionMetadata::binary`]) and decodes its output or its typed
    /// error, as [`Client::call`] does.
    ///
    /// The request is validated as usual; each top-level member of its JSON form is
    /// sent as the header `X-{SERVICE}-{Name}` (the service upper-cased): a string as
    /// it is, a number or boolean as its JSON text, an object or array as its compact
    /// JSON, `null` not at all. The body is `body`, and the signature covers its
    /// SHA-256. Retries resend the same bytes.
    pub async fn call_binary<A: Action>(
        &self,
        action: &A,
        body: bytes::Bytes,
    ) -> Result<A::Output, SdkError<A::Error>> {
        self.call_binary_with(action, body, &CallOverrides::default()).await
    }

    /// [`Client::call_binary`] with some of the client's settings replaced for this call.
    pub async fn call_binary_with<A: Action>(
        &self,
        action: &A,
        body: bytes::Bytes,
        overrides: &CallOverrides,
    ) -> Result<A::Output, SdkError<A::Error>> {
        let (meta, answer, decoding) =
            self.send_typed(action, overrides, Mode::default(), Some(&body)).await.map_err(typed_error)?;
        typed_output(meta, answer.into_reply()?, decoding).map_err(typed_error)
    }

    /// [`Client::send_built`] for an action with a raw body ([`Client::call_binary_with`]).
    pub async fn send_built_binary<A: Action>(
        self,
        request: Result<A, ValidationError>,
        body: bytes::Bytes,
        overrides: CallOverrides,
    ) -> Result<A::Output, SdkError<A::Error>> {
        let request = request?;
        self.call_binary_with(&request, body, &overrides).await
    }

    /// The pipeline of a typed call up to the reply: the client token filled in when
    /// the action has one and the caller set none, preparation, then the attempts, with
    /// `raw` as the body when the action takes raw bytes (its parameters then go in
    /// headers).
    pub(crate) async fn send_typed<'a, A: Action>(
        &self,
        action: &'a A,
        overrides: &CallOverrides,
        mode: Mode<'_>,
        raw: Option<&bytes::Bytes>,
    ) -> Result<(ActionMetadata<'a>, Answer, Decoding), UntypedError> {
        let mut meta = action.metadata();
        let filled = meta.client_token.and_then(|_| action.fill_client_token(&new_client_token()));
        let sent = filled.as_ref().unwrap_or(action);
        let (region, settings, body) =
            self.prepare(meta, overrides, &|ctx, report| sent.validate(ctx, report), &|| to_wire_json(sent))?;
        if let Some(name) = meta.client_token.filter(|_| !meta.idempotent) {
            // A filled token, or one the caller set, makes a repeat harmless (generated
            // actions with a token are marked idempotent already: no check needed).
            if filled.is_some() || sends_member(&body, name) {
                meta = meta.idempotent();
            }
        }
        let decoding = Decoding { classify: retry_kind_of::<A::Error>, quick: true, traced: false };
        let answer = match raw {
            None => self.send(meta, region, &body, &settings, decoding, mode).await?,
            Some(raw) => {
                let headers = parameter_headers(meta.service, &body)?;
                let mode = Mode { binary: Some(&headers), ..mode };
                self.send(meta, region, raw, &settings, decoding, mode).await?
            }
        };
        Ok((meta, answer, decoding))
    }

    /// Sends any action with `params` as its body and returns the `Response` object.
    ///
    /// Only the region is validated; the parameters are sent as given, in their order.
    /// When `metadata` names a client token and `params` is an object without it (or
    /// with `null`), a fresh token is added at the end.
    pub async fn call_json(
        &self,
        metadata: ActionMetadata<'_>,
        params: &serde_json::Value,
    ) -> Result<serde_json::Value, SdkError<UntypedServiceError>> {
        self.call_json_with(metadata, params, &CallOverrides::default()).await
    }

    /// [`Client::call_json`] with some of the client's settings replaced for this call.
    pub async fn call_json_with(
        &self,
        metadata: ActionMetadata<'_>,
        params: &serde_json::Value,
        overrides: &CallOverrides,
    ) -> Result<serde_json::Value, SdkError<UntypedServiceError>> {
        let answer = self.send_json(metadata, params, overrides, Mode::default()).await?;
        json_output(metadata, &answer.into_reply()?)
    }

    /// The pipeline of an untyped call up to the reply: a client token added when the
    /// action has one and `params` none, preparation (the region only), the attempts.
    pub(crate) async fn send_json(
        &self,
        metadata: ActionMetadata<'_>,
        params: &serde_json::Value,
        overrides: &CallOverrides,
        mode: Mode<'_>,
    ) -> Result<Answer, UntypedError> {
        let mut meta = metadata;
        let mut filled = None;
        if let (Some(name), Some(object)) = (meta.client_token, params.as_object()) {
            if object.get(name).is_none_or(serde_json::Value::is_null) {
                let mut object = object.clone();
                object.insert(name.to_owned(), serde_json::Value::String(new_client_token()));
                filled = Some(serde_json::Value::Object(object));
            }
            meta = meta.idempotent();
        }
        let params = filled.as_ref().unwrap_or(params);
        let (region, settings, body) = self.prepare(meta, overrides, &|_, _| {}, &|| to_wire_json(params))?;
        let decoding = Decoding { classify: retry_kind_of::<UntypedServiceError>, quick: false, traced: false };
        self.send(meta, region, &body, &settings, decoding, mode).await
    }

    /// The first steps of every call, before anything is sent: the region (the
    /// override's, else the client's), the call's settings, validation (region and the
    /// spec's constraints), and the body. Not generic: compiled once.
    fn prepare<'a>(
        &'a self,
        meta: ActionMetadata<'_>,
        overrides: &'a CallOverrides,
        validate: &dyn Fn(&ValidationContext, &mut Violations),
        serialize: &dyn Fn() -> Result<Vec<u8>, serde_json::Error>,
    ) -> Result<(&'a str, CallSettings<'a>, Vec<u8>), UntypedError> {
        let config = &self.inner.config;
        let region = overrides.region.as_deref().or(config.region.as_deref()).ok_or_else(|| config.missing_region())?;
        if !valid_region(region) {
            return Err(ConfigError(format!("invalid region {region:?}")).into());
        }
        let settings = CallSettings::new(config, overrides)?;
        if overrides.validation.unwrap_or(config.validation) {
            let mut report = Violations::new();
            if !meta.supports_region(region) {
                let rule = Rule::UnsupportedRegion {
                    region: region.to_owned(),
                    supported: meta.regions.iter().map(|r| (*r).to_owned()).collect(),
                };
                report.push(Violation::new("Region", rule, Some("UnsupportedRegion")));
            }
            validate(&ValidationContext::new(unix_seconds(config.clock.as_ref())), &mut report);
            report.into_result(meta.action)?;
        }
        let body =
            serialize().map_err(|e| ConfigError(format!("cannot serialize the {} request: {e}", meta.action)))?;
        Ok((region, settings, body))
    }

    /// The rest of every call: the attempts, with their span. Not generic: the one
    /// async state machine of the pipeline is compiled once, not once per action.
    async fn send(
        &self,
        meta: ActionMetadata<'_>,
        region: &str,
        body: &[u8],
        settings: &CallSettings<'_>,
        decoding: Decoding,
        mode: Mode<'_>,
    ) -> Result<Answer, UntypedError> {
        let span = tracing::info_span!(
            "tencentcloud.call",
            service = meta.service,
            action = meta.action,
            region = region,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        let mut call = CallPlan { meta, region, body, settings, decoding, mode, span: &span };
        if span.is_disabled() {
            // Nobody records it: no clock read, and the attempts' future is not moved
            // into a wrapper that would enter and leave it on every poll.
            return self.attempts(call).await;
        }
        call.decoding.traced = true;
        let started = Instant::now();
        let result = self.attempts(call).instrument(span.clone()).await;
        span.record("latency_ms", u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX));
        result
    }

    /// The attempts of a call, recorded in its span.
    async fn attempts(&self, call: CallPlan<'_>) -> Result<Answer, UntypedError> {
        let CallPlan { meta, settings, span, .. } = call;
        let retry = settings.retry;
        let deadline =
            settings.operation_timeout.and_then(|t| tokio::time::Instant::now().checked_add(t).map(|at| (at, t)));
        let mut spent = 0u32;
        let mut attempt = 1u32;
        loop {
            span.record("attempt", attempt);
            let outcome = match deadline {
                Some((at, budget)) => match tokio::time::timeout_at(at, self.attempt(call, attempt)).await {
                    Ok(outcome) => outcome,
                    Err(_) => {
                        let message = format!(
                            "no response within the operation timeout of {budget:?} ({})",
                            attempts_text(attempt)
                        );
                        tracing::debug!(attempt, "{message}");
                        return Err(SdkError::Transport(TransportError::new(TransportErrorKind::Timeout, message)));
                    }
                },
                None => self.attempt(call, attempt).await,
            };
            let failure = match outcome {
                Ok(reply) => {
                    self.inner.budget.success(retry, spent);
                    return Ok(reply);
                }
                Err(failure) => failure,
            };
            if let Some(id) = failure.error.request_id() {
                span.record("request_id", id);
            }
            let Some(delay) = self.retry_delay(meta, retry, attempt, &failure, deadline.map(|(at, _)| at)) else {
                tracing::debug!(attempt, error = %failure.error, "call failed");
                return Err(after_attempts(failure.error, attempt));
            };
            let Some(cost) = failure.retry.and_then(|reason| self.inner.budget.acquire(retry, reason)) else {
                tracing::debug!(attempt, error = %failure.error, "call failed: the retry budget is spent");
                return Err(after_attempts(failure.error, attempt));
            };
            spent += cost;
            tracing::debug!(attempt, ?delay, error = %failure.error, "retrying");
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    /// The wait before retrying after `failure` on attempt `attempt`, or `None` when it
    /// is not retried: not retryable, not safe for this action, no attempts left, a
    /// `Retry-After` over the cap, or a wait that would end past the `deadline`.
    fn retry_delay(
        &self,
        meta: ActionMetadata<'_>,
        retry: &RetryConfig,
        attempt: u32,
        failure: &Failure,
        deadline: Option<tokio::time::Instant>,
    ) -> Option<Duration> {
        let reason = failure.retry?;
        if attempt >= retry.attempts() {
            return None;
        }
        if !reason.allows_retry(meta.idempotent) {
            tracing::debug!(
                attempt,
                "not retried: the request may have reached the server and the action is not idempotent"
            );
            return None;
        }
        let mut delay = retry.backoff(attempt);
        if let Some(asked) = failure.retry_after {
            if asked > retry.max_retry_after {
                tracing::debug!(
                    attempt,
                    retry_after = ?asked,
                    max_retry_after = ?retry.max_retry_after,
                    "not retried: Retry-After is longer than max_retry_after"
                );
                return None;
            }
            delay = delay.max(asked);
        }
        if let Some(at) = deadline {
            if tokio::time::Instant::now().checked_add(delay).is_none_or(|end| end >= at) {
                tracing::debug!(attempt, ?delay, "not retried: the wait would end after the operation timeout");
                return None;
            }
        }
        Some(delay)
    }

    /// One attempt: rate limit, credentials, sign, send, decode.
    async fn attempt(&self, call: CallPlan<'_>, attempt: u32) -> Result<Answer, Failure> {
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

    async fn build_request(
        &self,
        meta: ActionMetadata<'_>,
        region: &str,
        body: &[u8],
        binary: Option<&[(http::HeaderName, http::HeaderValue)]>,
    ) -> Result<http::Request<Vec<u8>>, Failure> {
        let config = &self.inner.config;
        let provided;
        let credentials = if !meta.signed {
            None
        } else if let (Some(fixed), Some(check)) = (config.credentials.fixed_credentials(), &self.inner.fixed_check) {
            check.clone().map_err(Failure::fatal)?;
            Some(fixed)
        } else {
            provided = config.credentials.provide_credentials().await.map_err(Failure::fatal)?;
            provided.validate().map_err(Failure::fatal)?;
            Some(&provided)
        };
        let destination = self.inner.destinations.get(config, &meta, region).map_err(Failure::fatal)?;
        let timestamp = unix_seconds(config.clock.as_ref());
        let mut headers = destination.headers.clone();
        // Generated actions are capitalized already: no copy for them.
        let action = if meta.action.starts_with(|c: char| c.is_ascii_uppercase()) {
            header_value("X-TC-Action", meta.action)?
        } else {
            header_value("X-TC-Action", &capitalize(meta.action))?
        };
        headers.insert(X_TC_ACTION, action);
        headers.insert(X_TC_TIMESTAMP, http::HeaderValue::from(timestamp));
        if let Some(token) = credentials.as_ref().and_then(|c| c.token()) {
            headers.insert(X_TC_TOKEN, sensitive(header_value("X-TC-Token", token)?));
        }
        let (signed_headers, prefix) = match binary {
            None => (destination.signed_headers(), &destination.signing_prefix),
            Some(parameters) => {
                headers.insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static(OCTET_STREAM));
                headers.extend(parameters.iter().cloned());
                destination.binary_signing()
            }
        };
        let authorization = match credentials {
            Some(creds) => {
                let input = SigningInput {
                    method: "POST",
                    canonical_uri: "/",
                    canonical_query: "",
                    headers: &signed_headers,
                    payload: body,
                    service: meta.service,
                    timestamp,
                    secret_id: creds.secret_id(),
                    secret_key: creds.secret_key(),
                };
                let key = self.inner.signing_keys.get(creds.secret_key(), timestamp, meta.service);
                // The header takes the string's buffer: checked, not copied.
                let signed = authorization_after(prefix, &input, &key);
                let value = http::HeaderValue::try_from(signed).map_err(|_| invalid_header("Authorization"))?;
                sensitive(value)
            }
            None => http::HeaderValue::from_static("SKIP"),
        };
        headers.insert(http::header::AUTHORIZATION, authorization);

        let mut request = http::Request::new(body.to_vec());
        *request.method_mut() = http::Method::POST;
        *request.uri_mut() = destination.uri.clone();
        *request.headers_mut() = headers;
        Ok(request)
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

const X_TC_TOKEN: http::HeaderName = http::HeaderName::from_static("x-tc-token");

/// `value` as the value of header `name`, or a configuration error naming only the
/// header (the value may be a token).
fn header_value(name: &str, value: &str) -> Result<http::HeaderValue, Failure> {
    http::HeaderValue::from_str(value).map_err(|_| invalid_header(name))
}

#[cold]
fn invalid_header(name: &str) -> Failure {
    Failure::fatal(invalid_header_value(name))
}

/// Hidden from `Debug` output, and never indexed by HTTP/2 header compression.
fn sensitive(mut value: http::HeaderValue) -> http::HeaderValue {
    value.set_sensitive(true);
    value
}

/// What every attempt of one call shares.
#[derive(Clone, Copy)]
struct CallPlan<'a> {
    meta: ActionMetadata<'a>,
    region: &'a str,
    /// The serialized request.
    body: &'a [u8],
    settings: &'a CallSettings<'a>,
    decoding: Decoding,
    mode: Mode<'a>,
    /// The call's span, disabled when nobody records it.
    span: &'a tracing::Span,
}

/// The settings of one call: the client's, with its [`CallOverrides`] applied.
struct CallSettings<'a> {
    retry: &'a RetryConfig,
    timeout: Duration,
    operation_timeout: Option<Duration>,
    stream_idle_timeout: Duration,
    headers: Vec<(http::HeaderName, http::HeaderValue)>,
}

impl<'a> CallSettings<'a> {
    fn new(config: &'a Config, overrides: &'a CallOverrides) -> Result<Self, ConfigError> {
        let mut headers = Vec::with_capacity(overrides.headers.len());
        for (name, value) in &overrides.headers {
            let parsed = http::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| ConfigError(format!("{name:?} is not a valid HTTP header name")))?;
            if is_protected(&parsed) {
                return Err(ConfigError(format!(
                    "the {name} header is set by the client (signed or protocol header) and cannot be overridden"
                )));
            }
            // Only the name: the value may be a secret.
            let value = http::HeaderValue::from_str(value)
                .map_err(|_| ConfigError(format!("the {name} header value is not a valid HTTP header value")))?;
            headers.push((parsed, value));
        }
        Ok(CallSettings {
            retry: overrides.retry.as_ref().unwrap_or(&config.retry),
            timeout: overrides.timeout.unwrap_or(config.timeout),
            operation_timeout: overrides.operation_timeout.or(config.operation_timeout),
            stream_idle_timeout: overrides.stream_idle_timeout.unwrap_or(config.stream_idle_timeout),
            headers,
        })
    }
}

/// Runs the hooks' `before_send`, failing the attempt when one changed a protected header.
fn run_before_send(
    hooks: &[Arc<dyn crate::hook::Hook>],
    request: &mut http::Request<Vec<u8>>,
    info: &AttemptInfo<'_>,
) -> Result<(), Failure> {
    if hooks.is_empty() {
        return Ok(());
    }
    let before = protected_snapshot(request.headers());
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
    let after = protected_snapshot(request.headers());
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

/// A fresh client token: a random UUID v4, lowercase and hyphenated.
fn new_client_token() -> String {
    let mut bytes: [u8; 16] = rand::random();
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    let hex = hex::encode(bytes);
    let mut out = String::with_capacity(36);
    for (i, c) in hex.chars().enumerate() {
        if matches!(i, 8 | 12 | 16 | 20) {
            out.push('-');
        }
        out.push(c);
    }
    out
}

/// Whether the serialized request `body` has member `name` with a value other than
/// `null`. Reads the body already serialized: not generic, so not compiled per action.
fn sends_member(body: &[u8], name: &str) -> bool {
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(value) => value.get(name).is_some_and(|v| !v.is_null()),
        Err(_) => false,
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
            tracing::warn!(action, request_id, defaults, field = "<unknown>", "{message}")
        }
        (true, Tolerated::Converted(conversions)) => {
            tracing::warn!(action, request_id, conversions, field = "<unknown>", "{message}")
        }
        (false, _) => {}
    }
    for field in &paths {
        tracing::warn!(action, request_id, field = field.as_str(), "{message}");
    }
}

/// `describeInstances` -> `DescribeInstances`, as the official SDK sends the action.
fn capitalize(action: &str) -> String {
    let mut chars = action.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(rename = "Response", borrow)]
    response: Option<&'a RawValue>,
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

/// A reply taken without parsing its envelope, whose output did not decode: parsed in
/// full, so that a reply that is not an envelope is reported as such.
#[cold]
fn recheck(meta: ActionMetadata<'_>, reply: Reply, decoding: Decoding) -> Result<Reply, UntypedError> {
    let decoding = Decoding { quick: false, ..decoding };
    decode(reply.status, &http::HeaderMap::new(), reply.body, decoding)
        .map_err(|f| withhold_if_sensitive(meta, f).error)
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

/// An HTTP error status without an error envelope: 5xx is retried for idempotent
/// actions, 429 (throttling: the server rejected the request) for every action.
fn http_status_failure(status: u16, headers: &http::HeaderMap, body: &[u8], detail: &str) -> Failure {
    let retry = match status {
        429 => Some(RetryReason::Server),
        500..=599 => Some(RetryReason::HttpStatus),
        _ => None,
    };
    Failure {
        error: SdkError::HttpStatus(HttpStatusError::new(status, body, detail)),
        retry,
        retry_after: if matches!(status, 429 | 503) { retry_after(headers) } else { None },
    }
}

/// The wait the reply's `Retry-After` header asks for, if it has a usable one.
fn retry_after(headers: &http::HeaderMap) -> Option<Duration> {
    headers.get(http::header::RETRY_AFTER).and_then(|v| parse_retry_after(v.as_bytes()))
}

/// `failure` as is, or without the reply when the action's replies may hold secrets.
fn withhold_if_sensitive(meta: ActionMetadata<'_>, failure: Failure) -> Failure {
    if meta.sensitive_response {
        withhold_body(failure)
    } else {
        failure
    }
}

/// A decode failure without the body and the parser's message, for replies that may
/// hold secrets ([`ActionMetadata::sensitive_response`]).
fn withhold_body(mut failure: Failure) -> Failure {
    match &failure.error {
        SdkError::Decode(d) => failure.error = SdkError::Decode(withheld(d.kind().clone(), d.status())),
        SdkError::HttpStatus(h) => {
            let detail = format!("HTTP {}; the reply is withheld: it may hold credentials", h.status());
            failure.error = SdkError::HttpStatus(HttpStatusError::new(h.status(), b"", detail));
        }
        _ => {}
    }
    failure
}

/// A decode error that says the reply is withheld.
fn withheld(kind: DecodeErrorKind, status: u16) -> DecodeError {
    let detail = format!("HTTP {status}; the reply is withheld: it may hold credentials");
    DecodeError::new(kind, status, b"", detail)
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

/// Decodes a reply; never panics, whatever the bytes.
fn decode(status: u16, headers: &http::HeaderMap, body: Vec<u8>, decoding: Decoding) -> Result<Reply, Failure> {
    if decoding.quick && status == 200 {
        if let Some(response) = plain_envelope(&body) {
            if !decoding.traced && plainly_a_result(&body[response.clone()]) {
                return Ok(Reply { status, body, response, checked: false });
            }
        }
    }
    if (300..400).contains(&status) {
        let location = headers.get(http::header::LOCATION).map(http::HeaderValue::as_bytes);
        return Err(Failure::fatal(DecodeError::redirect(status, location, &body)));
    }
    let not_ok = status != 200;
    let envelope: Envelope = match serde_json::from_slice(&body) {
        Ok(envelope) => envelope,
        Err(e) if not_ok => {
            return Err(http_status_failure(status, headers, &body, &format!("HTTP {status}: {e}")));
        }
        Err(e) => {
            // Valid JSON of the wrong shape has no envelope; anything else is not JSON.
            let kind = if serde_json::from_slice::<IgnoredAny>(&body).is_ok() {
                DecodeErrorKind::NoEnvelope
            } else {
                DecodeErrorKind::NotJson
            };
            return Err(Failure::fatal(DecodeError::new(kind, status, &body, e.to_string())));
        }
    };
    let no_envelope = |detail: &str| -> Failure {
        if not_ok {
            http_status_failure(status, headers, &body, detail)
        } else {
            Failure::fatal(DecodeError::new(DecodeErrorKind::NoEnvelope, status, &body, detail))
        }
    };
    let Some(response) = envelope.response else {
        return Err(no_envelope("no Response object"));
    };
    let Some(range) = range_in(&body, response.get().as_bytes()) else {
        return Err(no_envelope("Response is not part of the reply"));
    };
    if !not_ok && !decoding.traced && plainly_a_result(response.get().as_bytes()) {
        return Ok(Reply { status, body, response: range, checked: true });
    }
    let probe: Probe = match serde_json::from_str(response.get()) {
        Ok(probe) => probe,
        Err(e) => return Err(no_envelope(&format!("Response is not an object: {e}"))),
    };
    let request_id = match probe.request_id {
        Some(serde_json::Value::String(id)) => Some(id),
        _ => None,
    };
    if let Some(error) = probe.error {
        let code = error.get("Code").and_then(serde_json::Value::as_str);
        let Some(code) = code else {
            return Err(no_envelope("Response.Error has no string Code"));
        };
        let message = error.get("Message").and_then(serde_json::Value::as_str).unwrap_or_default();
        let meta = ErrorMetadata::new(code, message, request_id);
        let kind = (decoding.classify)(&meta);
        let retry = kind.map(|_| RetryReason::Server);
        // A throttling error, or any error on a 429 or 503 reply, may say when to return.
        let says_when = kind == Some(RetryKind::Throttling) || matches!(status, 429 | 503);
        let retry_after = if says_when { retry_after(headers) } else { None };
        return Err(Failure { error: SdkError::Service(UntypedServiceError(meta)), retry, retry_after });
    }
    if not_ok {
        return Err(http_status_failure(status, headers, &body, "Response without Error"));
    }
    if probe.keys == 0 {
        return Err(no_envelope("Response holds neither a result nor an Error"));
    }
    if let Some(id) = request_id.as_deref().filter(|_| decoding.traced) {
        tracing::Span::current().record("request_id", id);
    }
    Ok(Reply { status, body, response: range, checked: true })
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

#[cfg(test)]
mod tests {
    use super::*;

    const UNTYPED: Decoding = Decoding { classify: retry_kind_of::<UntypedServiceError>, quick: false, traced: false };

    fn kind(status: u16, body: &[u8]) -> Result<(), (Option<DecodeErrorKind>, Option<String>, bool)> {
        decode(status, &http::HeaderMap::new(), body.to_vec(), UNTYPED).map(|_| ()).map_err(|f| {
            let retry = f.retry.is_some();
            match f.error {
                SdkError::Decode(d) => (Some(d.kind().clone()), None, retry),
                // An HTTP status error, written here as the decode kind it once was.
                SdkError::HttpStatus(_) => (Some(DecodeErrorKind::HttpStatus), None, retry),
                SdkError::Service(s) => (None, Some(s.0.code().to_owned()), retry),
                other => panic!("unexpected {other:?}"),
            }
        })
    }

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

    #[test]
    fn only_a_plain_success_is_taken_without_the_full_parse() {
        let quick = Decoding { quick: true, ..UNTYPED };
        let plain = br#"{"Response": {"Total": 1, "RequestId": "r"}}"#;
        let headers = http::HeaderMap::new();
        let reply = decode(200, &headers, plain.to_vec(), quick).ok().expect("a reply");
        assert!(!reply.checked);
        assert_eq!(reply.response(), br#"{"Total": 1, "RequestId": "r"}"#);
        let reply = decode(200, &headers, plain.to_vec(), UNTYPED).ok().expect("a reply");
        assert!(reply.checked, "untyped calls parse the envelope");
        assert_eq!(reply.response(), br#"{"Total": 1, "RequestId": "r"}"#);
        // Any other status is parsed and is an error.
        for status in [201, 429, 500, 503] {
            let Err(failure) = decode(status, &headers, plain.to_vec(), quick) else { panic!("{status}") };
            let SdkError::HttpStatus(h) = failure.error else { panic!("{status}") };
            assert_eq!(h.status(), status);
        }
        // Replies that may hold an error are parsed.
        for body in [
            &br#"{"Response": {"Error": {"Code": "X", "Message": "m"}, "RequestId": "r"}}"#[..],
            br#"{"Response": {"Total": 1, "Note": "Error", "RequestId": "r"}}"#,
            br#"{"Response": {"Total": 1, "Note": "\u0041", "RequestId": "r"}}"#,
        ] {
            if let Ok(reply) = decode(200, &headers, body.to_vec(), quick) {
                assert!(reply.checked, "{}", String::from_utf8_lossy(body));
            }
        }
    }

    #[test]
    fn a_response_that_is_not_an_object_says_what_was_expected() {
        let Err(failure) = decode(200, &http::HeaderMap::new(), br#"{"Response": "x"}"#.to_vec(), UNTYPED) else {
            panic!("not an object")
        };
        let SdkError::Decode(d) = failure.error else { panic!("a decode error") };
        assert!(d.to_string().contains("expected the Response object"), "{d}");
    }

    #[test]
    fn decode_classifies_replies() {
        assert!(kind(200, br#"{"Response": {"RequestId": "r"}}"#).is_ok());
        assert_eq!(kind(200, b"<html>").unwrap_err(), (Some(DecodeErrorKind::NotJson), None, false));
        assert_eq!(kind(200, br#"{"Response": {"Req"#).unwrap_err().0, Some(DecodeErrorKind::NotJson));
        assert_eq!(kind(200, b"").unwrap_err().0, Some(DecodeErrorKind::NotJson));
        assert_eq!(kind(200, br#"{"Other": 1}"#).unwrap_err().0, Some(DecodeErrorKind::NoEnvelope));
        assert_eq!(kind(200, br#"[1, 2]"#).unwrap_err().0, Some(DecodeErrorKind::NoEnvelope));
        assert_eq!(kind(200, br#"{"Response": "x"}"#).unwrap_err().0, Some(DecodeErrorKind::NoEnvelope));
        assert_eq!(kind(200, br#"{"Response": {}}"#).unwrap_err().0, Some(DecodeErrorKind::NoEnvelope));
        assert_eq!(
            kind(200, br#"{"Response": {"Error": {"Message": "m"}}}"#).unwrap_err().0,
            Some(DecodeErrorKind::NoEnvelope)
        );
        assert_eq!(
            kind(502, b"<html>bad gateway</html>").unwrap_err(),
            (Some(DecodeErrorKind::HttpStatus), None, true)
        );
        assert_eq!(kind(404, b"<html>").unwrap_err(), (Some(DecodeErrorKind::HttpStatus), None, false));
        assert_eq!(
            kind(400, br#"{"Response": {"Error": {"Code": "AuthFailure.SignatureFailure", "Message": "m"}}}"#)
                .unwrap_err(),
            (None, Some("AuthFailure.SignatureFailure".into()), false)
        );
        assert_eq!(
            kind(
                200,
                br#"{"Response": {"Error": {"Code": "RequestLimitExceeded", "Message": "m"}, "RequestId": "r"}}"#
            )
            .unwrap_err(),
            (None, Some("RequestLimitExceeded".into()), true)
        );
        assert_eq!(kind(200, &[0xff, 0xfe, 0x00]).unwrap_err().0, Some(DecodeErrorKind::NotJson));
        // Member names are compared unescaped.
        assert_eq!(
            kind(200, br#"{"Response": {"\u0045rror": {"Code": "InternalError", "Message": "m"}}}"#).unwrap_err(),
            (None, Some("InternalError".into()), false)
        );
        assert_eq!(kind(200, br#"{"Response": {"Errors": 1, "RequestId": 2}}"#).map_err(|e| e.0), Ok(()));
    }

    #[test]
    fn redirects_are_fatal_and_keep_the_location() {
        let mut headers = http::HeaderMap::new();
        headers.insert(http::header::LOCATION, http::HeaderValue::from_static("http://elsewhere.example/x"));
        for status in [301, 302, 303, 304, 307, 308] {
            let body = br#"{"Response": {"RequestId": "r"}}"#.to_vec();
            let Err(failure) = decode(status, &headers, body, UNTYPED) else {
                panic!("HTTP {status} decoded as a success")
            };
            assert!(failure.retry.is_none(), "HTTP {status} must not be retried");
            let SdkError::Decode(d) = failure.error else { panic!("HTTP {status}: {:?}", failure.error) };
            assert_eq!(d.kind(), &DecodeErrorKind::Redirect);
            assert_eq!(d.status(), status);
            assert_eq!(d.location(), Some("http://elsewhere.example/x"));
            assert!(d.to_string().contains("http://elsewhere.example/x"), "{d}");
        }
        let Err(failure) = decode(302, &http::HeaderMap::new(), Vec::new(), UNTYPED) else {
            panic!("302 decoded as a success")
        };
        let SdkError::Decode(d) = failure.error else { panic!("{:?}", failure.error) };
        assert_eq!((d.kind(), d.location()), (&DecodeErrorKind::Redirect, None));
    }

    #[test]
    fn retry_after_is_read_from_503_429_and_throttling_only() {
        let mut headers = http::HeaderMap::new();
        headers.insert(http::header::RETRY_AFTER, http::HeaderValue::from_static("7"));
        let wait = |status: u16, body: &[u8]| {
            let failure = decode(status, &headers, body.to_vec(), UNTYPED).err().expect("a failure");
            (failure.retry, failure.retry_after)
        };
        let seven = Some(Duration::from_secs(7));
        assert_eq!(wait(503, b"<html>"), (Some(RetryReason::HttpStatus), seven));
        assert_eq!(wait(429, b"<html>"), (Some(RetryReason::Server), seven));
        assert_eq!(wait(502, b"<html>"), (Some(RetryReason::HttpStatus), None));
        let throttled = br#"{"Response": {"Error": {"Code": "RequestLimitExceeded", "Message": "m"}}}"#;
        assert_eq!(wait(200, throttled), (Some(RetryReason::Server), seven));
        let other = br#"{"Response": {"Error": {"Code": "InvalidParameter", "Message": "m"}}}"#;
        assert_eq!(wait(200, other), (None, None));
    }

    #[test]
    fn client_tokens_are_fresh_uuid_v4() {
        let a = new_client_token();
        let b = new_client_token();
        assert_ne!(a, b);
        for token in [a, b] {
            assert_eq!(token.len(), 36, "{token}");
            let groups: Vec<&str> = token.split('-').collect();
            assert_eq!(groups.iter().map(|g| g.len()).collect::<Vec<_>>(), [8, 4, 4, 4, 12], "{token}");
            assert!(token.chars().all(|c| c == '-' || c.is_ascii_digit() || ('a'..='f').contains(&c)), "{token}");
            assert!(groups[2].starts_with('4'), "version 4: {token}");
            assert!(groups[3].starts_with(['8', '9', 'a', 'b']), "RFC 4122 variant: {token}");
        }
    }

    #[test]
    fn action_is_capitalized_like_the_sdk() {
        assert_eq!(capitalize("describeInstances"), "DescribeInstances");
        assert_eq!(capitalize(""), "");
    }
}
