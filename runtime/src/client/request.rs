//! Building the request of one attempt: its credentials, where it goes
//! ([`super::destination`]), its headers ([`super::headers`]) and its TC3-HMAC-SHA256
//! signature, with a fresh timestamp.

use super::failure::Failure;
use super::{headers, Client};
use crate::action::ActionMetadata;
use crate::clock::unix_seconds;
use crate::sign::{authorization_after, SigningInput};

impl Client {
    /// The signed request of `meta` in `region` with `body`; `binary`: the body is raw
    /// bytes, and these headers carry the parameters.
    pub(super) async fn build_request(
        &self,
        meta: ActionMetadata<'_>,
        region: &str,
        body: &[u8],
        binary: Option<&[(http::HeaderName, http::HeaderValue)]>,
    ) -> Result<http::Request<Vec<u8>>, Failure> {
        let config = &self.inner.config;
        let provided;
        let credentials = if !meta.signed {
            None
        } else if let (Some(fixed), Some(check)) = (config.credentials.fixed_credentials(), &self.inner.fixed_check) {
            check.clone().map_err(Failure::fatal)?;
            Some(fixed)
        } else {
            provided = config.credentials.provide_credentials().await.map_err(Failure::fatal)?;
            provided.validate().map_err(Failure::fatal)?;
            Some(&provided)
        };
        let destination = self.inner.destinations.get(config, &meta, region).map_err(Failure::fatal)?;
        let timestamp = unix_seconds(config.clock.as_ref());
        let token = credentials.as_ref().and_then(|c| c.token());
        let mut headers =
            headers::for_call(&destination.headers, &meta, timestamp, token, binary).map_err(Failure::fatal)?;
        let (signed_headers, prefix) = destination.signing(binary.is_some());
        let signature = credentials.map(|creds| {
            let input = SigningInput {
                method: "POST",
                canonical_uri: "/",
                canonical_query: "",
                headers: &signed_headers,
                payload: body,
                service: meta.service,
                timestamp,
                secret_id: creds.secret_id(),
                secret_key: creds.secret_key(),
            };
            let key = self.inner.signing_keys.get(creds.secret_key(), timestamp, meta.service);
            authorization_after(prefix, &input, &key)
        });
        headers::set_authorization(&mut headers, signature).map_err(Failure::fatal)?;

        let mut request = http::Request::new(body.to_vec());
        *request.method_mut() = http::Method::POST;
        *request.uri_mut() = destination.uri.clone();
        *request.headers_mut() = headers;
        Ok(request)
    }
}
