//! [`CredentialsError`]: no usable credentials could be obtained.

use std::fmt;

/// What went wrong obtaining credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialsErrorKind {
    /// The source has no credentials (variable unset, file or profile missing).
    NotFound,
    /// The source has credentials, but they are malformed (empty, whitespace, half set).
    Invalid,
    /// The source exists but could not be read.
    Unreadable,
    /// Every source of a chain failed; the message lists each.
    Exhausted,
}

/// No usable credentials could be obtained. Never contains a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialsError {
    kind: CredentialsErrorKind,
    message: String,
}

impl CredentialsError {
    /// An error of `kind` described by `message` (which must not contain secrets).
    pub fn new(kind: CredentialsErrorKind, message: impl Into<String>) -> Self {
        CredentialsError { kind, message: message.into() }
    }

    /// What went wrong.
    pub fn kind(&self) -> CredentialsErrorKind {
        self.kind
    }

    /// The description.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "credentials error: {}", self.message)
    }
}

impl std::error::Error for CredentialsError {}
