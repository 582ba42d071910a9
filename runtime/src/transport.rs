//! Sending one HTTP request: the [`Transport`] trait and the reqwest-based default.

use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;
#[cfg(feature = "rustls")]
use std::time::Duration;

use crate::error::TransportError;
#[cfg(feature = "rustls")]
use crate::error::TransportErrorKind;

/// A boxed, sendable future.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Sends a complete HTTP request and returns the complete response.
///
/// The client applies its overall timeout around `send`; retries, signing and decoding
/// happen above this layer.
pub trait Transport: Send + Sync + Debug {
    /// Sends `request`; any HTTP status is a successful response.
    fn send(&self, request: http::Request<Vec<u8>>) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>>;
}

impl<T: Transport + ?Sized> Transport for std::sync::Arc<T> {
    fn send(&self, request: http::Request<Vec<u8>>) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>> {
        (**self).send(request)
    }
}

/// Default connect timeout of [`ReqwestTransport`].
#[cfg(feature = "rustls")]
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// HTTPS (rustls) and plain HTTP through [`reqwest`].
#[cfg(feature = "rustls")]
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

#[cfg(feature = "rustls")]
impl ReqwestTransport {
    /// A transport with the given connect timeout, honouring the system proxy settings.
    pub fn new(connect_timeout: Duration) -> Result<Self, TransportError> {
        Self::from_builder(reqwest::Client::builder().connect_timeout(connect_timeout))
    }

    /// A transport with the given connect timeout that never uses a proxy.
    pub fn without_proxy(connect_timeout: Duration) -> Result<Self, TransportError> {
        Self::from_builder(reqwest::Client::builder().connect_timeout(connect_timeout).no_proxy())
    }

    /// A transport over a client built from `builder`.
    pub fn from_builder(builder: reqwest::ClientBuilder) -> Result<Self, TransportError> {
        let client = builder.build().map_err(map_reqwest_error)?;
        Ok(ReqwestTransport { client })
    }

    /// A transport over an existing client.
    pub fn from_client(client: reqwest::Client) -> Self {
        ReqwestTransport { client }
    }
}

/// Classifies a reqwest error by whether the request may have reached the server,
/// which decides whether a non-idempotent action may be retried:
/// - `Connect`: the connector failed (refused, DNS, TLS handshake, proxy, connect
///   timeout); nothing was sent. Checked first: a connect timeout is both.
/// - `Timeout`: reqwest's own request or read timeout after connecting.
/// - `Io`: the connection failed while the request or response was under way (a
///   reset or close before or in the middle of the response).
/// - `Other`: anything else (e.g. a request reqwest cannot build).
#[cfg(feature = "rustls")]
fn map_reqwest_error(e: reqwest::Error) -> TransportError {
    let kind = if e.is_connect() {
        TransportErrorKind::Connect
    } else if e.is_timeout() {
        TransportErrorKind::Timeout
    } else if e.is_request() || e.is_body() || e.is_decode() {
        TransportErrorKind::Io
    } else {
        TransportErrorKind::Other
    };
    TransportError::new(kind, e.to_string()).with_source(e)
}

#[cfg(feature = "rustls")]
impl Transport for ReqwestTransport {
    fn send(&self, request: http::Request<Vec<u8>>) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>> {
        Box::pin(async move {
            let request = reqwest::Request::try_from(request).map_err(map_reqwest_error)?;
            let response = self.client.execute(request).await.map_err(map_reqwest_error)?;
            let status = response.status();
            let version = response.version();
            let headers = response.headers().clone();
            let body = response.bytes().await.map_err(map_reqwest_error)?;
            let mut out = http::Response::new(body.to_vec());
            *out.status_mut() = status;
            *out.version_mut() = version;
            *out.headers_mut() = headers;
            Ok(out)
        })
    }
}
