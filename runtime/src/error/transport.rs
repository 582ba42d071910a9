//! [`TransportError`]: the request did not get a complete HTTP response.

use std::fmt;

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
pub(super) fn write_attempts(f: &mut fmt::Formatter<'_>, attempts: u32) -> fmt::Result {
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
