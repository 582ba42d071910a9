//! What the service answered: the error envelope's [`ErrorMetadata`], the
//! [`ServiceError`] every generated error type implements, and how such an error may be
//! retried ([`RetryKind`]).

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
