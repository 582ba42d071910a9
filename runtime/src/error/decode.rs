//! A reply that is not a usable envelope: [`DecodeError`] (the server answered, but not
//! with something the client can decode) and [`HttpStatusError`] (an HTTP error status
//! without an error envelope).

use std::fmt;

use super::transport::write_attempts;

/// What was wrong with a reply that could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// No longer produced: a reply whose HTTP status is not 200 and whose body holds
    /// no error envelope is [`SdkError::HttpStatus`](super::SdkError::HttpStatus). Kept so that code matching it
    /// still compiles.
    HttpStatus,
    /// The body is not JSON.
    NotJson,
    /// The JSON has no `Response` object, or it holds neither a result nor an `Error`.
    NoEnvelope,
    /// The `Response` object does not match the documented output.
    Schema,
    /// The server answered with a redirect (HTTP 3xx). Redirects are never followed,
    /// so credentials and the body never reach another host; the call fails and is
    /// not retried. [`DecodeError::location`] holds the `Location` header, if any.
    Redirect,
}

/// How many bytes of a body a [`DecodeError`] keeps.
pub const BODY_PREFIX_LEN: usize = 512;

/// How many bytes of a redirect's `Location` header a [`DecodeError`] keeps.
pub const LOCATION_LEN: usize = 2048;

/// The first [`BODY_PREFIX_LEN`] bytes of `body`, lossily as UTF-8.
fn body_prefix(body: &[u8]) -> String {
    String::from_utf8_lossy(&body[..body.len().min(BODY_PREFIX_LEN)]).into_owned()
}

/// The server answered, but not with something this client can decode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    kind: DecodeErrorKind,
    status: u16,
    body_prefix: String,
    detail: String,
    location: Option<String>,
}

impl DecodeError {
    /// A decode error of `kind` for a reply with `status` and `body`, keeping the first
    /// [`BODY_PREFIX_LEN`] bytes of the body (lossily as UTF-8).
    pub fn new(kind: DecodeErrorKind, status: u16, body: &[u8], detail: impl Into<String>) -> Self {
        DecodeError { kind, status, body_prefix: body_prefix(body), detail: detail.into(), location: None }
    }

    /// A [`DecodeErrorKind::Redirect`] error for a reply with a 3xx `status`, its
    /// `Location` header value (kept lossily as UTF-8, at most [`LOCATION_LEN`]
    /// bytes), and `body`.
    pub fn redirect(status: u16, location: Option<&[u8]>, body: &[u8]) -> Self {
        let location = location.map(|l| String::from_utf8_lossy(&l[..l.len().min(LOCATION_LEN)]).into_owned());
        let detail = match &location {
            Some(l) => format!("HTTP {status} redirect to {l:?} not followed"),
            None => format!("HTTP {status} redirect (no Location) not followed"),
        };
        DecodeError { location, ..DecodeError::new(DecodeErrorKind::Redirect, status, body, detail) }
    }

    /// The `Location` header of a [`DecodeErrorKind::Redirect`] reply, if it had one.
    pub fn location(&self) -> Option<&str> {
        self.location.as_deref()
    }

    /// What was wrong.
    pub fn kind(&self) -> &DecodeErrorKind {
        &self.kind
    }

    /// The HTTP status of the reply.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The first bytes of the body.
    pub fn body_prefix(&self) -> &str {
        &self.body_prefix
    }

    /// The decoder's own description.
    pub fn detail(&self) -> &str {
        &self.detail
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot decode reply ({:?}, HTTP {}): {}; body starts: {:?}",
            self.kind, self.status, self.detail, self.body_prefix
        )
    }
}

impl std::error::Error for DecodeError {}

/// The server answered with an HTTP status other than 200 and no error envelope (a
/// gateway's `502`, an overloaded server's `503`, an HTML error page): a failure of
/// the server or of what lies in front of it, not a reply to decode.
///
/// `Display` shows the status, how many attempts were made when there were several,
/// and the first [`BODY_PREFIX_LEN`] bytes of the body with control characters escaped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpStatusError {
    status: u16,
    body_prefix: String,
    detail: String,
    attempts: u32,
}

impl HttpStatusError {
    /// The error for a reply with `status` and `body`, keeping the first
    /// [`BODY_PREFIX_LEN`] bytes of the body (lossily as UTF-8); `detail` says what
    /// the decoder found instead of an envelope.
    pub fn new(status: u16, body: &[u8], detail: impl Into<String>) -> Self {
        HttpStatusError { status, body_prefix: body_prefix(body), detail: detail.into(), attempts: 1 }
    }

    /// The same error, saying the call made `attempts` attempts.
    pub fn with_attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts;
        self
    }

    /// The HTTP status of the reply.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The first bytes of the body (empty when the action's replies are withheld).
    pub fn body_prefix(&self) -> &str {
        &self.body_prefix
    }

    /// What the decoder found instead of an error envelope.
    pub fn detail(&self) -> &str {
        &self.detail
    }

    /// How many attempts the call made (1 when it was not retried).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
}

impl fmt::Display for HttpStatusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reason = http::StatusCode::from_u16(self.status).ok().and_then(|s| s.canonical_reason());
        write!(f, "the server answered HTTP {}", self.status)?;
        if let Some(reason) = reason {
            write!(f, " {reason}")?;
        }
        f.write_str(" without an error envelope")?;
        write_attempts(f, self.attempts)?;
        if self.body_prefix.is_empty() {
            write!(f, ": {}", crate::text::printable(&self.detail))
        } else {
            write!(f, "; body starts: \"{}\"", crate::text::printable(&self.body_prefix))
        }
    }
}

impl std::error::Error for HttpStatusError {}
