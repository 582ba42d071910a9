//! Sending one HTTP request: the [`Transport`] trait and the reqwest-based default.
//!
//! A transport answers with the whole body ([`Transport::send`]) or, for the replies
//! that stream ([`Transport::send_streaming`]), with the head and a [`BodyStream`] read
//! as the chunks arrive.

use std::fmt::Debug;
use std::pin::Pin;
#[cfg(feature = "rustls")]
use std::time::Duration;

use crate::error::TransportError;
#[cfg(feature = "rustls")]
use crate::error::TransportErrorKind;

pub use crate::future::BoxFuture;

/// A response body read chunk by chunk; dropping it stops reading (the default
/// transport closes the connection).
pub type BodyStream = Pin<Box<dyn futures_core::Stream<Item = Result<bytes::Bytes, TransportError>> + Send>>;

/// A [`BodyStream`] of `body` in one chunk (none when it is empty).
pub fn body_in_one_chunk(body: Vec<u8>) -> BodyStream {
    Box::pin(OneChunk(Some(body).filter(|b| !b.is_empty()).map(bytes::Bytes::from)))
}

/// The stream of [`body_in_one_chunk`].
struct OneChunk(Option<bytes::Bytes>);

impl futures_core::Stream for OneChunk {
    type Item = Result<bytes::Bytes, TransportError>;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut std::task::Context<'_>) -> std::task::Poll<Option<Self::Item>> {
        std::task::Poll::Ready(self.0.take().map(Ok))
    }
}

/// Sends a complete HTTP request and returns the complete response.
///
/// The client applies its per-attempt timeout around `send`; retries, signing and
/// decoding happen above this layer. The client puts a [`MaxResponseBytes`] in each
/// request's extensions: a transport should stop reading a body longer than that and
/// fail with [`ResponseTooLarge`](crate::error::TransportErrorKind::ResponseTooLarge)
/// (the client rejects a longer body in any case, but only after it was read). A
/// transport must not follow redirects: the client turns a 3xx reply into an error.
pub trait Transport: Send + Sync + Debug {
    /// Sends `request`; any HTTP status is a successful response.
    fn send(&self, request: http::Request<Vec<u8>>) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>>;

    /// Sends `request` and answers as soon as the head of the reply arrives, with its
    /// body read as it comes: used for the actions whose reply may be a stream of
    /// server-sent events ([`Client::call_stream`](crate::Client::call_stream)). The
    /// body is not bounded by [`MaxResponseBytes`] here: the client bounds each event.
    ///
    /// The default calls [`send`](Transport::send) and yields the whole body as one
    /// chunk, so that every transport can serve such calls (in-memory ones do not need
    /// more); [`ReqwestTransport`] reads the body as it arrives.
    fn send_streaming(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<http::Response<BodyStream>, TransportError>> {
        let sending = self.send(request);
        Box::pin(async move { Ok(sending.await?.map(body_in_one_chunk)) })
    }
}

impl<T: Transport + ?Sized> Transport for std::sync::Arc<T> {
    fn send(&self, request: http::Request<Vec<u8>>) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>> {
        (**self).send(request)
    }

    fn send_streaming(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<http::Response<BodyStream>, TransportError>> {
        (**self).send_streaming(request)
    }
}

/// The largest response body the client accepts for a request, in bytes: set by the
/// client as a request extension from
/// [`ConfigBuilder::max_response_bytes`](crate::ConfigBuilder::max_response_bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MaxResponseBytes(pub usize);

/// Default largest response body: 16 MiB, far above the largest documented replies
/// (a few MiB) and small enough that a hostile or broken server cannot exhaust memory.
/// The default of [`ConfigBuilder::max_response_bytes`](crate::ConfigBuilder::max_response_bytes),
/// and what [`ReqwestTransport`] reads when a request has no [`MaxResponseBytes`].
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

/// The proxy setting of the default transport.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Proxy {
    /// The environment's `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` (and
    /// their lowercase forms); the default.
    FromEnv,
    /// Every request through this proxy URL (hosts in `NO_PROXY` excepted).
    Url(String),
    /// No proxy, whatever the environment says.
    Disabled,
}

/// The error for a body over `max` bytes; `seen` says how many were announced or read.
pub(crate) fn too_large(max: usize, seen: &str) -> TransportError {
    TransportError::new(
        crate::error::TransportErrorKind::ResponseTooLarge,
        format!("response body exceeds the limit of {max} bytes (max_response_bytes): {seen}"),
    )
}

/// Default connect timeout of [`ReqwestTransport`].
#[cfg(feature = "rustls")]
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// HTTPS (rustls) and plain HTTP through [`reqwest`].
///
/// Never follows redirects (except over a client given to
/// [`ReqwestTransport::from_client`], which must be built with
/// `reqwest::redirect::Policy::none()`), and reads a response body only up to the
/// request's [`MaxResponseBytes`] (default [`DEFAULT_MAX_RESPONSE_BYTES`]).
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

    /// A transport sending every request through the proxy at `proxy_url`
    /// (`http://host:port`, optionally with `user:password@`), except for the hosts
    /// listed in the `NO_PROXY` environment variable.
    pub fn with_proxy(connect_timeout: Duration, proxy_url: &str) -> Result<Self, TransportError> {
        let proxy = reqwest::Proxy::all(proxy_url).map_err(map_reqwest_error)?.no_proxy(reqwest::NoProxy::from_env());
        Self::from_builder(reqwest::Client::builder().connect_timeout(connect_timeout).proxy(proxy))
    }

    /// A transport over a client built from `builder`, with its redirect policy
    /// replaced by `reqwest::redirect::Policy::none()`: a redirect would carry the
    /// signed request, `X-TC-Token` included, to another host.
    pub fn from_builder(builder: reqwest::ClientBuilder) -> Result<Self, TransportError> {
        let client = builder.redirect(reqwest::redirect::Policy::none()).build().map_err(map_reqwest_error)?;
        Ok(ReqwestTransport { client })
    }

    /// A transport over an existing client. Build it with
    /// `reqwest::redirect::Policy::none()`: reqwest follows redirects by default, and a
    /// redirect would carry the signed request, `X-TC-Token` included, to another host.
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

/// Reads the body of `response`, failing as soon as it is known to exceed `max`
/// bytes: from `Content-Length` before reading, else at the chunk that crosses the
/// limit. Holds at most `max` bytes plus one chunk; dropping the response on failure
/// closes the connection instead of draining the rest.
#[cfg(feature = "rustls")]
async fn read_body(response: &mut reqwest::Response, max: usize) -> Result<Vec<u8>, TransportError> {
    let announced = response.content_length();
    if let Some(length) = announced {
        if usize::try_from(length).map_or(true, |l| l > max) {
            return Err(too_large(max, &format!("Content-Length is {length}")));
        }
    }
    // The announced size is the server's word: reserve at most 64 KiB up front.
    let capacity = announced.and_then(|l| usize::try_from(l).ok()).unwrap_or(0).min(64 * 1024);
    let mut body = Vec::with_capacity(capacity);
    while let Some(chunk) = response.chunk().await.map_err(map_reqwest_error)? {
        if chunk.len() > max - body.len() {
            let received = body.len() + chunk.len();
            return Err(too_large(max, &format!("{received} bytes received, reading stopped")));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// A reqwest response's body as a [`BodyStream`]: each step owns the response while it
/// reads the next chunk, so dropping the stream drops the response and closes the
/// connection.
#[cfg(feature = "rustls")]
struct ReqwestBody {
    next: Option<NextChunk>,
}

/// Reading the next chunk of a reqwest response, which it owns meanwhile.
#[cfg(feature = "rustls")]
type NextChunk = BoxFuture<'static, (Result<Option<bytes::Bytes>, reqwest::Error>, reqwest::Response)>;

#[cfg(feature = "rustls")]
impl ReqwestBody {
    fn read_next(mut response: reqwest::Response) -> NextChunk {
        Box::pin(async move {
            let chunk = response.chunk().await;
            (chunk, response)
        })
    }
}

#[cfg(feature = "rustls")]
impl futures_core::Stream for ReqwestBody {
    type Item = Result<bytes::Bytes, TransportError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Option<Self::Item>> {
        let Some(reading) = self.next.as_mut() else {
            return std::task::Poll::Ready(None);
        };
        let std::task::Poll::Ready((chunk, response)) = reading.as_mut().poll(cx) else {
            return std::task::Poll::Pending;
        };
        std::task::Poll::Ready(match chunk {
            Ok(Some(chunk)) => {
                self.next = Some(ReqwestBody::read_next(response));
                Some(Ok(chunk))
            }
            Ok(None) => {
                self.next = None;
                None
            }
            Err(e) => {
                self.next = None;
                Some(Err(map_reqwest_error(e)))
            }
        })
    }
}

#[cfg(feature = "rustls")]
impl Transport for ReqwestTransport {
    fn send_streaming(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<http::Response<BodyStream>, TransportError>> {
        Box::pin(async move {
            let request = reqwest::Request::try_from(request).map_err(map_reqwest_error)?;
            let mut response = self.client.execute(request).await.map_err(map_reqwest_error)?;
            // Taken, not copied: the body is read from the response without them.
            let (status, version, headers) =
                (response.status(), response.version(), std::mem::take(response.headers_mut()));
            let body: BodyStream = Box::pin(ReqwestBody { next: Some(ReqwestBody::read_next(response)) });
            let mut out = http::Response::new(body);
            *out.status_mut() = status;
            *out.version_mut() = version;
            *out.headers_mut() = headers;
            Ok(out)
        })
    }

    fn send(&self, request: http::Request<Vec<u8>>) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>> {
        Box::pin(async move {
            let max = request.extensions().get::<MaxResponseBytes>().map_or(DEFAULT_MAX_RESPONSE_BYTES, |m| m.0);
            let request = reqwest::Request::try_from(request).map_err(map_reqwest_error)?;
            let mut response = self.client.execute(request).await.map_err(map_reqwest_error)?;
            let status = response.status();
            let version = response.version();
            // Taken, not copied: the body's length is known from the body itself.
            let headers = std::mem::take(response.headers_mut());
            let body = read_body(&mut response, max).await?;
            let mut out = http::Response::new(body);
            *out.status_mut() = status;
            *out.version_mut() = version;
            *out.headers_mut() = headers;
            Ok(out)
        })
    }
}
