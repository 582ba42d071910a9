//! What a [`Config`](crate::Config) uses for what it is not given, kept apart from
//! the configuration types as smithy-rs keeps its defaults (`aws-config`) apart from
//! `SdkConfig`: the credential chain ([`DefaultChain`]) and the transport
//! ([`ReqwestTransport`](crate::transport::ReqwestTransport) with the `rustls`
//! feature). The default values of the settings (timeouts, sizes) are constants of
//! [`config`](crate::config).

use std::sync::Arc;
use std::time::Duration;

use crate::credentials::{DefaultChain, Env, ProvideCredentials};
use crate::error::ConfigError;
use crate::transport::{Proxy, Transport};

/// The credentials of a configuration given none: the default chain over the process
/// environment.
pub(crate) fn credentials() -> Arc<dyn ProvideCredentials> {
    Arc::new(DefaultChain::new())
}

/// The credentials of a configuration read from `env`
/// ([`ConfigBuilder::from_env_with`](crate::ConfigBuilder::from_env_with)): the default
/// chain over `env`.
pub(crate) fn credentials_from(env: Env) -> Arc<dyn ProvideCredentials> {
    Arc::new(DefaultChain::with_env(env))
}

/// The transport of a configuration given none: reqwest with `connect_timeout` and the
/// `proxy` setting.
#[cfg(feature = "rustls")]
pub(crate) fn transport(connect_timeout: Duration, proxy: &Proxy) -> Result<Arc<dyn Transport>, ConfigError> {
    use crate::transport::ReqwestTransport;
    let transport = match proxy {
        Proxy::FromEnv => ReqwestTransport::new(connect_timeout),
        Proxy::Disabled => ReqwestTransport::without_proxy(connect_timeout),
        // The URL may hold a password: only the error's kind is shown.
        Proxy::Url(url) => ReqwestTransport::with_proxy(connect_timeout, url)
            .map_err(|e| crate::error::TransportError::new(e.kind(), "invalid proxy URL")),
    };
    transport
        .map(|t| Arc::new(t) as Arc<dyn Transport>)
        .map_err(|e| ConfigError(format!("cannot create the HTTP transport: {e}")))
}

/// Without the `rustls` feature there is no default transport: a configuration needs one.
#[cfg(not(feature = "rustls"))]
pub(crate) fn transport(_connect_timeout: Duration, _proxy: &Proxy) -> Result<Arc<dyn Transport>, ConfigError> {
    Err(ConfigError("no transport: enable the `rustls` feature or set ConfigBuilder::transport".to_owned()))
}
