//! [`DefaultChain`]: the official SDKs' sources in their order, behind one cache.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::{
    CachingProvider, Credentials, CredentialsError, CredentialsErrorKind, CvmRoleProvider, Env, EnvironmentProvider,
    ProfileProvider, ProvideCredentials, WebIdentityProvider,
};
use crate::clock::{Clock, SystemClock};
use crate::future::BoxFuture;
use crate::transport::Transport;

/// How long the chain keeps credentials without an expiry (environment, profile file)
/// before reading the source again.
const STATIC_TTL: Duration = Duration::from_secs(300);

type Sources = Vec<(&'static str, Arc<dyn ProvideCredentials>)>;

/// The sources tried in order, uncached.
struct Ordered(Sources);

impl fmt::Debug for Ordered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.iter().map(|(name, _)| name)).finish()
    }
}

impl ProvideCredentials for Ordered {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            let mut failures = Vec::new();
            for (name, source) in &self.0 {
                match source.provide_credentials().await {
                    Ok(creds) => return Ok(creds),
                    // A source that exists but is broken stops the chain: silently
                    // falling through to other credentials would be a surprise.
                    Err(e) if e.kind() != CredentialsErrorKind::NotFound => {
                        return Err(CredentialsError::new(e.kind(), format!("{name}: {}", e.message())))
                    }
                    Err(e) => failures.push(format!("{name}: {}", e.message())),
                }
            }
            Err(CredentialsError::new(
                CredentialsErrorKind::Exhausted,
                format!("no credentials found; tried {}", failures.join("; ")),
            ))
        })
    }
}

/// The default sources, in the official SDKs' order: the environment, the profile
/// file, the CVM instance role, TKE's OIDC web identity. The first source that has
/// credentials wins; a source that has some but unusable ones (a variable set but
/// empty or not UTF-8, a malformed file) is an error rather than skipped; when none
/// has any, the error names every source and why. The result is cached
/// ([`CachingProvider`]): temporary credentials until shortly before they expire,
/// others for 5 minutes.
#[derive(Debug, Clone)]
pub struct DefaultChain {
    inner: Arc<CachingProvider<Ordered>>,
}

impl Default for DefaultChain {
    fn default() -> Self {
        DefaultChain::new()
    }
}

impl DefaultChain {
    /// The chain over the process environment and the standard files and services.
    pub fn new() -> Self {
        DefaultChain::builder().build()
    }

    /// The chain reading variables (including `HOME`) from `env`.
    pub fn with_env(env: Env) -> Self {
        DefaultChain::builder().env(env).build()
    }

    /// A chain with other endpoints, transport or clock.
    pub fn builder() -> DefaultChainBuilder {
        DefaultChainBuilder::default()
    }

    /// A chain over `sources`, tried in order; each is named in errors.
    pub fn from_sources(sources: Vec<(&'static str, Arc<dyn ProvideCredentials>)>) -> Self {
        DefaultChain::cached(sources, Arc::new(SystemClock))
    }

    fn cached(sources: Sources, clock: Arc<dyn Clock>) -> Self {
        DefaultChain { inner: Arc::new(CachingProvider::new(Ordered(sources)).ttl(STATIC_TTL).clock(clock)) }
    }
}

impl ProvideCredentials for DefaultChain {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        self.inner.provide_credentials()
    }
}

/// Builds a [`DefaultChain`]; see [`DefaultChain::builder`].
#[derive(Debug, Default)]
pub struct DefaultChainBuilder {
    env: Option<Env>,
    metadata_endpoint: Option<String>,
    sts_endpoint: Option<String>,
    transport: Option<Arc<dyn Transport>>,
    clock: Option<Arc<dyn Clock>>,
}

impl DefaultChainBuilder {
    /// Where variables are read from; default: the process environment.
    pub fn env(mut self, env: Env) -> Self {
        self.env = Some(env);
        self
    }

    /// The CVM metadata service's base URL; default
    /// [`DEFAULT_METADATA_ENDPOINT`](super::DEFAULT_METADATA_ENDPOINT).
    pub fn metadata_endpoint(mut self, url: impl Into<String>) -> Self {
        self.metadata_endpoint = Some(url.into());
        self
    }

    /// The STS endpoint of the web identity source; default
    /// [`DEFAULT_STS_ENDPOINT`](super::DEFAULT_STS_ENDPOINT).
    pub fn sts_endpoint(mut self, url: impl Into<String>) -> Self {
        self.sts_endpoint = Some(url.into());
        self
    }

    /// The transport of the metadata and STS sources.
    pub fn transport(mut self, transport: Arc<dyn Transport>) -> Self {
        self.transport = Some(transport);
        self
    }

    /// The clock of the cache.
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = Some(clock);
        self
    }

    /// The chain.
    pub fn build(self) -> DefaultChain {
        let env = self.env.unwrap_or_else(Env::process);
        let clock = self.clock.unwrap_or_else(|| Arc::new(SystemClock));
        let mut cvm = CvmRoleProvider::new();
        let mut web = WebIdentityProvider::with_env(env.clone()).clock(clock.clone());
        if let Some(url) = self.metadata_endpoint {
            cvm = cvm.endpoint(url);
        }
        if let Some(url) = self.sts_endpoint {
            web = web.endpoint(url);
        }
        if let Some(transport) = self.transport {
            cvm = cvm.transport(transport.clone());
            web = web.transport(transport);
        }
        let sources: Sources = vec![
            ("environment", Arc::new(EnvironmentProvider::with_env(env.clone()))),
            ("profile", Arc::new(ProfileProvider::with_env(&env))),
            ("CVM role", Arc::new(cvm)),
            ("TKE web identity", Arc::new(web)),
        ];
        DefaultChain::cached(sources, clock)
    }
}
