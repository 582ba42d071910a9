//! What the phases of a call fail with: the pipeline's [`UntypedError`], which becomes
//! the action's typed error once, at the end ([`typed_error`]), and a failed attempt
//! ([`Failure`]) with what the retry loop needs to know.

use std::time::Duration;

use crate::error::{SdkError, ServiceError, UntypedServiceError};
use crate::retry::RetryReason;

/// The error of the shared pipeline: a service error keeps its envelope as sent, and
/// becomes the action's typed error once, at the end ([`typed_error`]). The pipeline is
/// not generic, so it is compiled once, not once per action.
pub(crate) type UntypedError = SdkError<UntypedServiceError>;

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

/// A failed attempt, whether it may be retried, and how long the server asked the
/// client to wait first (`Retry-After`).
pub(super) struct Failure {
    pub(super) error: UntypedError,
    pub(super) retry: Option<RetryReason>,
    pub(super) retry_after: Option<Duration>,
}

impl Failure {
    pub(super) fn fatal(error: impl Into<UntypedError>) -> Self {
        Failure { error: error.into(), retry: None, retry_after: None }
    }

    pub(super) fn retryable(error: UntypedError, retry: Option<RetryReason>) -> Self {
        Failure { error, retry, retry_after: None }
    }
}
