//! Plain GETs for the credential providers (the CVM metadata service) and the
//! mapping of STS call errors to [`CredentialsError`]s that never carry a secret.

use std::sync::Arc;
use std::time::Duration;

use super::{CredentialsError, CredentialsErrorKind, MAX_SOURCE_BYTES as MAX_REPLY_BYTES};
use crate::error::{SdkError, TransportError, TransportErrorKind, UntypedServiceError};
use crate::transport::{MaxResponseBytes, Transport};

/// The transport the providers use when given none: reqwest without any proxy (the
/// metadata service is link-local, and a proxy must not see credentials replies).
#[cfg(feature = "rustls")]
pub(crate) fn default_transport() -> Result<Arc<dyn Transport>, CredentialsError> {
    crate::transport::ReqwestTransport::without_proxy(Duration::from_secs(2))
        .map(|t| Arc::new(t) as Arc<dyn Transport>)
        .map_err(|e| CredentialsError::new(CredentialsErrorKind::Unreadable, format!("cannot create a transport: {e}")))
}

/// Without the `rustls` feature a provider needs an explicit transport.
#[cfg(not(feature = "rustls"))]
pub(crate) fn default_transport() -> Result<Arc<dyn Transport>, CredentialsError> {
    Err(CredentialsError::new(
        CredentialsErrorKind::Unreadable,
        "no transport: enable the `rustls` feature or give the provider one",
    ))
}

/// GETs `url` within `timeout`; any status is a reply.
pub(crate) async fn get(
    transport: &dyn Transport,
    url: &str,
    timeout: Duration,
) -> Result<(u16, Vec<u8>), TransportError> {
    let mut request = http::Request::get(url)
        .body(Vec::new())
        .map_err(|e| TransportError::new(TransportErrorKind::Other, format!("bad URL {url}: {e}")))?;
    request.extensions_mut().insert(MaxResponseBytes(MAX_REPLY_BYTES));
    match tokio::time::timeout(timeout, transport.send(request)).await {
        Ok(Ok(response)) => {
            let status = response.status().as_u16();
            let body = response.into_body();
            if body.len() > MAX_REPLY_BYTES {
                return Err(crate::transport::too_large(MAX_REPLY_BYTES, &format!("{} bytes", body.len())));
            }
            Ok((status, body))
        }
        Ok(Err(e)) => Err(e),
        Err(_) => Err(TransportError::new(TransportErrorKind::Timeout, format!("no reply within {timeout:?}"))),
    }
}

/// A failed STS call as a credentials error: the service's code and message, the
/// transport's description, or a decode failure's kind and status — never the body,
/// which may hold credentials.
pub(crate) fn sts_error(action: &str, error: SdkError<UntypedServiceError>) -> CredentialsError {
    let detail = match &error {
        SdkError::Decode(d) => format!("cannot decode the reply: {:?}", d.kind()),
        SdkError::HttpStatus(h) => format!("HTTP {} without an error envelope", h.status()),
        other => other.to_string(),
    };
    CredentialsError::new(CredentialsErrorKind::Unreadable, format!("sts:{action} failed: {detail}"))
}
