//! Errors: the outer [`SdkError`] every call returns, and the pieces it carries.
//!
//! `SdkError<E>` separates what went wrong before sending (validation, credentials,
//! configuration), on the way (transport), in the reply (decode) and what the service
//! itself answered (`Service(E)`, where `E` is the generated per-action error enum).
//!
//! Each kind of error has its file here; all are re-exported from this module.

mod credentials;
mod decode;
pub(crate) mod pagination;
mod service;
mod transport;

pub use credentials::{CredentialsError, CredentialsErrorKind};
pub use decode::{DecodeError, DecodeErrorKind, HttpStatusError, BODY_PREFIX_LEN, LOCATION_LEN};
pub use pagination::PaginationError;
pub use service::{
    default_retry_kind, CodedError, ErrorCodes, ErrorMetadata, RetryKind, ServiceError, UntypedServiceError,
};
pub use transport::{TransportError, TransportErrorKind};

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
    Credentials(#[from] CredentialsError),
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
    Pagination(#[from] PaginationError),
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
