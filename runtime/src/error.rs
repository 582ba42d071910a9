//! Errors: the outer [`SdkError`] every call returns, and the pieces it carries.
//!
//! `SdkError<E>` separates what went wrong before sending (validation, credentials,
//! configuration), on the way (transport), in the reply (decode) and what the service
//! itself answered (`Service(E)`, where `E` is the generated per-action error enum).

use std::fmt;

/// Code, message and request id of an error envelope
/// (`{"Response": {"Error": {"Code", "Message"}, "RequestId"}}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorMetadata {
    code: String,
    message: String,
    request_id: Option<String>,
    attempts: u32,
}

impl ErrorMetadata {
    /// Metadata with the given code, message and request id.
    pub fn new(code: impl Into<String>, message: impl Into<String>, request_id: Option<String>) -> Self {
        ErrorMetadata { code: code.into(), message: message.into(), request_id, attempts: 1 }
    }

    /// The same error, saying the call made `attempts` attempts (set by the client on the
    /// error it returns after retrying, a throttling error for instance).
    pub fn with_attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts;
        self
    }

    /// How many attempts the call made before the service answered with this error (1
    /// when it was not retried).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The error code as the server sent it (`InvalidParameter.PageSize`).
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The human-readable message as the server sent it.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The `RequestId` of the failed call, when the server sent one.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

/// Shows code, message and request id as the server sent them, with control characters
/// escaped ([`crate::text::printable`]): server text cannot forge terminal output or log
/// lines.
impl fmt::Display for ErrorMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::text::printable;
        write!(f, "{}: {}", printable(&self.code), printable(&self.message))?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {})", printable(id))?;
        }
        if self.attempts > 1 {
            write!(f, " after {} attempts", self.attempts)?;
        }
        Ok(())
    }
}

/// How a service error may be retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RetryKind {
    /// The server is throttling this caller (`RequestLimitExceeded` and its sub-codes).
    Throttling,
    /// A failure documented as transient; the same request may succeed later.
    Transient,
}

/// Classifies a code the generated enum may not know: `RequestLimitExceeded` and its
/// sub-codes are throttling; nothing else is retryable by default.
pub fn default_retry_kind(code: &str) -> Option<RetryKind> {
    if code == "RequestLimitExceeded" || code.starts_with("RequestLimitExceeded.") {
        Some(RetryKind::Throttling)
    } else {
        None
    }
}

/// A decoded error envelope. Implemented by each generated per-action error enum.
pub trait ServiceError: std::error::Error + Send + Sync + Sized + 'static {
    /// Builds the typed error from the envelope; unknown codes keep code and message.
    fn from_metadata(meta: ErrorMetadata) -> Self;

    /// The envelope's code, message and request id.
    fn metadata(&self) -> &ErrorMetadata;

    /// Whether and how the spec says this error may be retried.
    fn retry_kind(&self) -> Option<RetryKind> {
        default_retry_kind(self.metadata().code())
    }
}

/// The codes a service documents: implemented by each generated crate's `ErrorCode`,
/// whose service-wide error is [`CodedError<ErrorCode>`](CodedError).
pub trait ErrorCodes: Copy + Eq + fmt::Debug + Send + Sync + 'static {
    /// The code for `code` as the server sends it; the unknown-code value if unknown.
    fn from_code(code: &str) -> Self;

    /// Whether this is the unknown-code value.
    fn is_unhandled(self) -> bool;

    /// Whether and how a call that failed with this code may be retried.
    fn retry_kind(self) -> Option<RetryKind>;
}

/// An error the service answered: its known code `C` (or `C`'s unknown-code value) with
/// the code, message and request id as sent. The error of every generated action
/// without its own error enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodedError<C> {
    code: C,
    meta: ErrorMetadata,
}

impl<C: ErrorCodes> CodedError<C> {
    /// The known code, or `C`'s unknown-code value.
    pub fn kind(&self) -> C {
        self.code
    }

    /// Code, message and request id of the error envelope.
    pub fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }

    /// The error code as the server sent it.
    pub fn code(&self) -> &str {
        self.meta.code()
    }

    /// The message as the server sent it.
    pub fn message(&self) -> &str {
        self.meta.message()
    }

    /// The `RequestId` of the failed call.
    pub fn request_id(&self) -> Option<&str> {
        self.meta.request_id()
    }

    /// Whether the code is one this version of the crate does not know.
    pub fn is_unhandled(&self) -> bool {
        self.code.is_unhandled()
    }
}

impl<C> fmt::Display for CodedError<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.meta, f)
    }
}

impl<C: ErrorCodes> std::error::Error for CodedError<C> {}

impl<C: ErrorCodes> ServiceError for CodedError<C> {
    fn from_metadata(meta: ErrorMetadata) -> Self {
        CodedError { code: C::from_code(meta.code()), meta }
    }

    fn metadata(&self) -> &ErrorMetadata {
        &self.meta
    }

    fn retry_kind(&self) -> Option<RetryKind> {
        self.code.retry_kind().or_else(|| default_retry_kind(self.code()))
    }
}

/// The error type for untyped calls: any code, kept as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UntypedServiceError(pub ErrorMetadata);

impl fmt::Display for UntypedServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for UntypedServiceError {}

impl ServiceError for UntypedServiceError {
    fn from_metadata(meta: ErrorMetadata) -> Self {
        UntypedServiceError(meta)
    }

    fn metadata(&self) -> &ErrorMetadata {
        &self.0
    }
}

/// What kind of transport failure happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The connection could not be made (refused, DNS, TLS handshake, connect
    /// timeout): the request was not sent, so it is retried for every action.
    Connect,
    /// A timeout elapsed after the connection was made, or the client's overall
    /// timeout: the request may have reached the server.
    Timeout,
    /// The connection failed while the request or response was under way (a reset,
    /// a close mid-response): the request may have reached the server.
    Io,
    /// Anything else the transport reports; treated like `Io` for retries.
    Other,
    /// The response body is larger than the configured maximum
    /// ([`ConfigBuilder::max_response_bytes`](crate::ConfigBuilder::max_response_bytes));
    /// reading stopped at the limit. Never retried: the same request would get the
    /// same reply.
    ResponseTooLarge,
}

/// The request did not get a complete HTTP response.
///
/// `Display` shows the message, then each cause in its source chain that the text does
/// not already hold (`Connection refused`, a TLS alert, a DNS failure), so that the
/// reason reaches a log line or a terminal without walking the chain.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
    attempts: u32,
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "transport error ({:?}): {}", self.kind, self.message)?;
        let mut shown = self.message.clone();
        let mut cause = self.source.as_deref().map(|s| s as &(dyn std::error::Error + 'static));
        while let Some(error) = cause {
            let text = error.to_string();
            if !text.is_empty() && !shown.contains(&text) {
                write!(f, ": {text}")?;
                shown.push_str(&text);
            }
            cause = error.source();
        }
        write_attempts(f, self.attempts)
    }
}

/// ` (after 3 attempts)` when a call was tried more than once; nothing otherwise.
fn write_attempts(f: &mut fmt::Formatter<'_>, attempts: u32) -> fmt::Result {
    if attempts > 1 {
        write!(f, " (after {attempts} attempts)")?;
    }
    Ok(())
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|s| s as &(dyn std::error::Error + 'static))
    }
}

impl TransportError {
    /// A transport error of `kind` described by `message`.
    pub fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        TransportError { kind, message: message.into(), source: None, attempts: 1 }
    }

    /// The same error, saying the call made `attempts` attempts (set by the client on
    /// the error it returns after retrying).
    pub fn with_attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts;
        self
    }

    /// How many attempts the call made before failing with this error (1 when it
    /// was not retried).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Attaches the underlying cause.
    pub fn with_source(mut self, source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// What kind of failure it was.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }
}

/// What was wrong with a reply that could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// No longer produced: a reply whose HTTP status is not 200 and whose body holds
    /// no error envelope is [`SdkError::HttpStatus`]. Kept so that code matching it
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

/// The client is configured in a way that cannot produce a request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("configuration error: {0}")]
pub struct ConfigError(pub String);

/// The error of every call: `E` is the action's typed service error.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SdkError<E> {
    /// The request broke a constraint of the spec; nothing was sent.
    #[error(transparent)]
    Validation(#[from] crate::validation::ValidationError),
    /// No usable credentials could be obtained; nothing was sent.
    #[error(transparent)]
    Credentials(#[from] crate::credentials::CredentialsError),
    /// The client configuration cannot produce a request; nothing was sent.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The request did not get a complete HTTP response.
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// The reply could not be decoded.
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// The server answered with an HTTP error status and no error envelope.
    #[error(transparent)]
    HttpStatus(#[from] HttpStatusError),
    /// The service answered with an error envelope.
    #[error("service error: {0}")]
    Service(E),
    /// A paginator stopped because the server did not advance.
    #[error(transparent)]
    Pagination(#[from] crate::paginate::PaginationError),
}

impl<E: ServiceError> SdkError<E> {
    /// The service error, if the service answered with one.
    pub fn as_service_error(&self) -> Option<&E> {
        match self {
            SdkError::Service(e) => Some(e),
            _ => None,
        }
    }

    /// The service's error code, if the service answered with an error envelope.
    pub fn code(&self) -> Option<&str> {
        self.as_service_error().map(|e| e.metadata().code())
    }

    /// The `RequestId` of the failed call, if the service answered.
    pub fn request_id(&self) -> Option<&str> {
        self.as_service_error().and_then(|e| e.metadata().request_id())
    }

    /// The service error, consuming `self`.
    pub fn into_service_error(self) -> Option<E> {
        match self {
            SdkError::Service(e) => Some(e),
            _ => None,
        }
    }
}
