//! Test helpers (feature `test-util`): the recorded-exchange fixture format, a
//! [`ReplayTransport`] that serves recorded exchanges and checks each request against
//! its record, and a [`CapturingTransport`] that records requests and answers with
//! canned replies.
//!
//! These helpers panic on a mismatch: that is how they fail a test.
//!
//! Fixture file:
//!
//! ```json
//! {"description": "...",
//!  "exchanges": [
//!   {"request": {"action": "DescribeUserInfo", "version": "2019-07-22", "region": "ap-guangzhou",
//!                "headers": {"X-TC-Language": "zh-CN"}, "body": {"SdkAppId": 1400188366}},
//!    "response": {"status": 200, "headers": {}, "body": {"Response": {"RequestId": "r"}}}}]}
//! ```
//!
//! A response may have `"body_text"` (sent verbatim) instead of `"body"`, and a
//! `"content_type"` (sent as `Content-Type`): a stream of server-sent events is
//! `"content_type": "text/event-stream"` with the events' text in `"body_text"`. A
//! fixture may have `"known_issue"`: why it cannot pass, for tests that expect it to fail.

use std::collections::{BTreeMap, VecDeque};
use std::fmt;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{TransportError, TransportErrorKind};
use crate::future::BoxFuture;
use crate::transport::Transport;

/// Headers never compared: they change on every run.
pub const UNCOMPARED_HEADERS: [&str; 3] = ["X-TC-Timestamp", "Authorization", "X-TC-RequestClient"];

/// Headers whose values are not shown in mismatch reports.
const REDACTED_HEADERS: [&str; 2] = ["Authorization", "X-TC-Token"];

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A recorded session: requests and the replies they got, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fixture {
    /// What the session exercises.
    #[serde(default)]
    pub description: String,
    /// The exchanges, in the order they happened.
    pub exchanges: Vec<Exchange>,
    /// Why this recorded exchange cannot pass (an official example that contradicts its
    /// own description); tests expect it to fail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub known_issue: Option<String>,
}

/// One request and its reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Exchange {
    /// What was sent.
    pub request: RecordedRequest,
    /// What came back.
    pub response: RecordedResponse,
}

/// A recorded request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedRequest {
    /// `X-TC-Action`.
    pub action: String,
    /// `X-TC-Version`, checked when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// `X-TC-Region`, checked when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Further headers to check (names case-insensitive, values exact); the ones in
    /// [`UNCOMPARED_HEADERS`] are ignored.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// The body, compared as parsed JSON.
    pub body: Value,
}

fn default_status() -> u16 {
    200
}

/// A recorded reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedResponse {
    /// HTTP status (default 200).
    #[serde(default = "default_status")]
    pub status: u16,
    /// Response headers.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// A JSON body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    /// A raw body, for replies that are not JSON (a stream of server-sent events).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_text: Option<String>,
    /// The `Content-Type` of the reply (`text/event-stream`), when not in `headers`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
}

impl RecordedResponse {
    /// Whether the reply is a stream of server-sent events: its content type (the
    /// field, or the header) is `text/event-stream`, or its `body_text` starts as one
    /// (`data:`, `event:`, `id:` or a `:` comment).
    pub fn is_event_stream(&self) -> bool {
        let header = self.headers.iter().find(|(name, _)| name.eq_ignore_ascii_case("Content-Type")).map(|(_, v)| v);
        let media =
            |v: &String| v.split(';').next().is_some_and(|m| m.trim().eq_ignore_ascii_case("text/event-stream"));
        let starts_as_events = self.body_text.as_deref().is_some_and(|text| {
            let text = text.trim_start();
            ["data:", "event:", "id:", ":"].iter().any(|start| text.starts_with(start))
        });
        self.content_type.as_ref().is_some_and(media) || header.is_some_and(media) || starts_as_events
    }
}

/// A fixture file could not be loaded.
#[derive(Debug, thiserror::Error)]
#[error("fixture {path}: {message}")]
pub struct FixtureError {
    path: String,
    message: String,
}

impl Fixture {
    /// Loads a fixture file.
    pub fn load(path: impl AsRef<Path>) -> Result<Fixture, FixtureError> {
        let path = path.as_ref();
        let shown = path.display().to_string();
        let text =
            std::fs::read_to_string(path).map_err(|e| FixtureError { path: shown.clone(), message: e.to_string() })?;
        Fixture::from_json(&text).map_err(|e| FixtureError { path: shown, message: e.message })
    }

    /// Parses a fixture from JSON text.
    pub fn from_json(text: &str) -> Result<Fixture, FixtureError> {
        let fixture: Fixture =
            serde_json::from_str(text).map_err(|e| FixtureError { path: "<text>".into(), message: e.to_string() })?;
        for (i, exchange) in fixture.exchanges.iter().enumerate() {
            if exchange.response.body.is_some() && exchange.response.body_text.is_some() {
                return Err(FixtureError {
                    path: "<text>".into(),
                    message: format!("exchange {i}: response has both body and body_text"),
                });
            }
        }
        Ok(fixture)
    }
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

fn response_from(recorded: &RecordedResponse) -> Result<http::Response<Vec<u8>>, TransportError> {
    let body = match (&recorded.body, &recorded.body_text) {
        (_, Some(text)) => text.clone().into_bytes(),
        (Some(value), None) => {
            serde_json::to_vec(value).map_err(|e| TransportError::new(TransportErrorKind::Other, e.to_string()))?
        }
        (None, None) => Vec::new(),
    };
    let mut builder = http::Response::builder().status(recorded.status);
    for (name, value) in &recorded.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    let has_content_type = recorded.headers.keys().any(|name| name.eq_ignore_ascii_case("Content-Type"));
    if let (Some(content_type), false) = (&recorded.content_type, has_content_type) {
        builder = builder.header(http::header::CONTENT_TYPE, content_type.as_str());
    }
    builder
        .body(body)
        .map_err(|e| TransportError::new(TransportErrorKind::Other, format!("bad recorded response: {e}")))
}

/// Describes an actual request for a mismatch report (secrets redacted).
fn describe_actual(request: &http::Request<Vec<u8>>) -> String {
    let mut out = String::new();
    for (name, value) in request.headers() {
        let shown = if REDACTED_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name.as_str())) {
            "<redacted>".to_owned()
        } else {
            String::from_utf8_lossy(value.as_bytes()).into_owned()
        };
        out.push_str(&format!("  {name}: {shown}\n"));
    }
    let body = match serde_json::from_slice::<Value>(request.body()) {
        Ok(v) => pretty(&v),
        Err(_) => format!("(not JSON) {}", String::from_utf8_lossy(request.body())),
    };
    format!("headers:\n{out}body:\n{body}")
}

fn describe_expected(expected: &RecordedRequest) -> String {
    let mut out = format!("  X-TC-Action: {}\n", expected.action);
    if let Some(v) = &expected.version {
        out.push_str(&format!("  X-TC-Version: {v}\n"));
    }
    if let Some(r) = &expected.region {
        out.push_str(&format!("  X-TC-Region: {r}\n"));
    }
    for (name, value) in &expected.headers {
        out.push_str(&format!("  {name}: {value}\n"));
    }
    format!("headers:\n{out}body:\n{}", pretty(&expected.body))
}

/// The differences between a recorded and an actual request (empty if they match).
pub fn request_mismatches(expected: &RecordedRequest, actual: &http::Request<Vec<u8>>) -> Vec<String> {
    let header = |name: &str| actual.headers().get(name).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let mut problems = Vec::new();
    let mut check = |name: &str, want: &str| {
        let got = header(name);
        if got.as_deref() != Some(want) {
            problems.push(format!("header {name}: expected {want:?}, got {got:?}"));
        }
    };
    check("X-TC-Action", &expected.action);
    if let Some(v) = &expected.version {
        check("X-TC-Version", v);
    }
    if let Some(r) = &expected.region {
        check("X-TC-Region", r);
    }
    for (name, value) in &expected.headers {
        if !UNCOMPARED_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name)) {
            check(name, value);
        }
    }
    match serde_json::from_slice::<Value>(actual.body()) {
        Ok(body) if body == expected.body => {}
        Ok(_) => problems.push("body differs".to_owned()),
        Err(e) => problems.push(format!("body is not JSON: {e}")),
    }
    problems
}

struct ReplayInner {
    description: String,
    exchanges: Vec<Exchange>,
    next: Mutex<usize>,
    failed: Mutex<bool>,
}

impl ReplayInner {
    fn unused(&self) -> Vec<String> {
        let next = *lock(&self.next);
        self.exchanges.iter().enumerate().skip(next).map(|(i, e)| format!("#{i} {}", e.request.action)).collect()
    }
}

impl Drop for ReplayInner {
    fn drop(&mut self) {
        if std::thread::panicking() || *lock(&self.failed) {
            return;
        }
        let unused = self.unused();
        if !unused.is_empty() {
            panic!("replay of {:?} ended with unused exchanges: {}", self.description, unused.join(", "));
        }
    }
}

/// Serves a [`Fixture`]'s replies in order, panicking on any request that does not
/// match its record. Clones share the position; when the last clone is dropped, unused
/// exchanges fail the test (unless it is already failing).
#[derive(Clone)]
pub struct ReplayTransport {
    inner: Arc<ReplayInner>,
}

impl fmt::Debug for ReplayTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReplayTransport")
            .field("description", &self.inner.description)
            .field("exchanges", &self.inner.exchanges.len())
            .field("next", &*lock(&self.inner.next))
            .finish()
    }
}

impl ReplayTransport {
    /// Replays `fixture`.
    pub fn new(fixture: Fixture) -> Self {
        ReplayTransport {
            inner: Arc::new(ReplayInner {
                description: fixture.description,
                exchanges: fixture.exchanges,
                next: Mutex::new(0),
                failed: Mutex::new(false),
            }),
        }
    }

    /// Loads and replays a fixture file.
    pub fn load(path: impl AsRef<Path>) -> Result<Self, FixtureError> {
        Fixture::load(path).map(ReplayTransport::new)
    }

    /// How many exchanges have been served.
    pub fn used(&self) -> usize {
        *lock(&self.inner.next)
    }

    /// Panics if any exchange was not served.
    pub fn finish(&self) {
        let unused = self.inner.unused();
        if !unused.is_empty() {
            *lock(&self.inner.failed) = true;
            panic!(
                "replay of {:?}: {} exchange(s) never requested: {}",
                self.inner.description,
                unused.len(),
                unused.join(", ")
            );
        }
    }

    fn fail(&self, message: String) -> ! {
        *lock(&self.inner.failed) = true;
        panic!("{message}");
    }

    fn serve(&self, request: &http::Request<Vec<u8>>) -> Result<http::Response<Vec<u8>>, TransportError> {
        let mut next = lock(&self.inner.next);
        let index = *next;
        let Some(exchange) = self.inner.exchanges.get(index) else {
            drop(next);
            self.fail(format!(
                "replay of {:?}: request #{index} is beyond the {} recorded exchange(s)\nactual request:\n{}",
                self.inner.description,
                self.inner.exchanges.len(),
                describe_actual(request)
            ));
        };
        let problems = request_mismatches(&exchange.request, request);
        if !problems.is_empty() {
            drop(next);
            self.fail(format!(
                "replay of {:?}: request #{index} does not match its record:\n- {}\n\nexpected request:\n{}\n\nactual request:\n{}",
                self.inner.description,
                problems.join("\n- "),
                describe_expected(&exchange.request),
                describe_actual(request)
            ));
        }
        *next += 1;
        response_from(&exchange.response)
    }
}

impl Transport for ReplayTransport {
    fn send(&self, request: http::Request<Vec<u8>>) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>> {
        let result = self.serve(&request);
        Box::pin(async move { result })
    }
}

/// A request as a [`CapturingTransport`] saw it.
///
/// Its `Debug` output shows `<redacted>` for the `Authorization` and `X-TC-Token`
/// values (and for any value marked sensitive), whatever the request carried.
#[derive(Clone)]
pub struct CapturedRequest {
    /// The method.
    pub method: http::Method,
    /// The URI.
    pub uri: http::Uri,
    /// Every header.
    pub headers: http::HeaderMap,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl fmt::Debug for CapturedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Headers<'a>(&'a http::HeaderMap);
        impl fmt::Debug for Headers<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let mut map = f.debug_map();
                for (name, value) in self.0 {
                    if value.is_sensitive() || REDACTED_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name.as_str())) {
                        map.entry(&name.as_str(), &"<redacted>");
                    } else {
                        map.entry(&name.as_str(), value);
                    }
                }
                map.finish()
            }
        }
        f.debug_struct("CapturedRequest")
            .field("method", &self.method)
            .field("uri", &self.uri)
            .field("headers", &Headers(&self.headers))
            .field("body", &String::from_utf8_lossy(&self.body))
            .finish()
    }
}

impl CapturedRequest {
    /// The value of header `name` (case-insensitive), if present and valid UTF-8.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body as text (lossy).
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A canned reply of a [`CapturingTransport`].
#[derive(Debug, Clone)]
pub enum Canned {
    /// An HTTP response.
    Response {
        /// Status code.
        status: u16,
        /// Headers.
        headers: Vec<(String, String)>,
        /// Body bytes.
        body: Vec<u8>,
    },
    /// A transport error.
    Error(TransportErrorKind),
    /// No reply ever (to exercise timeouts).
    Hang,
}

/// Body of the default canned reply.
pub const DEFAULT_REPLY: &str = r#"{"Response": {"RequestId": "00000000-0000-0000-0000-000000000000"}}"#;

struct CapturingInner {
    requests: Mutex<Vec<CapturedRequest>>,
    queue: Mutex<VecDeque<Canned>>,
    default: Mutex<Canned>,
}

/// Records every request and answers with queued canned replies, then with the
/// default reply (HTTP 200 [`DEFAULT_REPLY`] unless changed). Clones share state.
#[derive(Clone)]
pub struct CapturingTransport {
    inner: Arc<CapturingInner>,
}

impl Default for CapturingTransport {
    fn default() -> Self {
        CapturingTransport::new()
    }
}

impl fmt::Debug for CapturingTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CapturingTransport")
            .field("requests", &lock(&self.inner.requests).len())
            .finish_non_exhaustive()
    }
}

impl CapturingTransport {
    /// A transport answering every request with HTTP 200 [`DEFAULT_REPLY`].
    pub fn new() -> Self {
        CapturingTransport {
            inner: Arc::new(CapturingInner {
                requests: Mutex::new(Vec::new()),
                queue: Mutex::new(VecDeque::new()),
                default: Mutex::new(Canned::Response {
                    status: 200,
                    headers: Vec::new(),
                    body: DEFAULT_REPLY.as_bytes().to_vec(),
                }),
            }),
        }
    }

    /// Sets the reply given once the queue is empty.
    pub fn with_default(self, reply: Canned) -> Self {
        *lock(&self.inner.default) = reply;
        self
    }

    /// Sets the default reply to `status` with `body`.
    pub fn with_response(self, status: u16, body: impl Into<Vec<u8>>) -> Self {
        self.with_default(Canned::Response { status, headers: Vec::new(), body: body.into() })
    }

    /// Queues a reply for the next unanswered request.
    pub fn enqueue(&self, reply: Canned) -> &Self {
        lock(&self.inner.queue).push_back(reply);
        self
    }

    /// Queues an HTTP response.
    pub fn enqueue_response(&self, status: u16, body: impl Into<Vec<u8>>) -> &Self {
        self.enqueue(Canned::Response { status, headers: Vec::new(), body: body.into() })
    }

    /// Queues a transport error.
    pub fn enqueue_error(&self, kind: TransportErrorKind) -> &Self {
        self.enqueue(Canned::Error(kind))
    }

    /// Every request so far.
    pub fn requests(&self) -> Vec<CapturedRequest> {
        lock(&self.inner.requests).clone()
    }

    /// How many requests were sent.
    pub fn request_count(&self) -> usize {
        lock(&self.inner.requests).len()
    }
}

impl Transport for CapturingTransport {
    fn send(&self, request: http::Request<Vec<u8>>) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>> {
        let (parts, body) = request.into_parts();
        lock(&self.inner.requests).push(CapturedRequest {
            method: parts.method,
            uri: parts.uri,
            headers: parts.headers,
            body,
        });
        let reply = lock(&self.inner.queue).pop_front().unwrap_or_else(|| lock(&self.inner.default).clone());
        Box::pin(async move {
            match reply {
                Canned::Response { status, headers, body } => {
                    let mut builder = http::Response::builder().status(status);
                    for (name, value) in &headers {
                        builder = builder.header(name.as_str(), value.as_str());
                    }
                    builder.body(body).map_err(|e| TransportError::new(TransportErrorKind::Other, e.to_string()))
                }
                Canned::Error(kind) => Err(TransportError::new(kind, "canned transport error")),
                Canned::Hang => std::future::pending().await,
            }
        })
    }
}
