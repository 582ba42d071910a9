//! Client configuration and its builder.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::clock::{Clock, SystemClock};
use crate::credentials::{Env, ProvideCredentials};
use crate::error::ConfigError;
use crate::hook::Hook;
use crate::retry::RetryConfig;
use crate::transport::Transport;
pub use crate::transport::{Proxy, DEFAULT_MAX_RESPONSE_BYTES};

/// Environment variable naming the default region.
pub const ENV_REGION: &str = "TENCENTCLOUD_REGION";
/// Environment variable naming a custom endpoint URL.
pub const ENV_ENDPOINT: &str = "TENCENTCLOUD_ENDPOINT";
/// Environment variable naming the root domain of the hosts
/// ([`ConfigBuilder::root_domain`]).
pub const ENV_ROOT_DOMAIN: &str = "TENCENTCLOUD_ROOT_DOMAIN";

/// Language of error messages (`X-TC-Language`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Language {
    /// Simplified Chinese, `zh-CN` (the service default).
    #[default]
    ZhCn,
    /// English, `en-US`.
    EnUs,
}

impl Language {
    /// The header value.
    pub fn as_str(&self) -> &'static str {
        match self {
            Language::ZhCn => "zh-CN",
            Language::EnUs => "en-US",
        }
    }
}

impl std::str::FromStr for Language {
    type Err = ConfigError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "zh-CN" => Ok(Language::ZhCn),
            "en-US" => Ok(Language::EnUs),
            other => Err(ConfigError(format!("unknown language {other:?} (expected zh-CN or en-US)"))),
        }
    }
}

/// Where requests go. `Debug` shows a custom URL without its user information.
#[derive(Clone, PartialEq, Eq, Default)]
pub enum Endpoint {
    /// The action's own host (`{service}.tencentcloudapi.com`) over HTTPS.
    #[default]
    Default,
    /// The regional host `{service}.{region}.tencentcloudapi.com` over HTTPS.
    Regional,
    /// A fixed URL (`https://host`, `http://127.0.0.1:1234`) or host name (HTTPS).
    /// The path, if any, must be `/`. Use [`Endpoint::custom`] to build one.
    Custom(String),
}

impl Endpoint {
    /// A custom endpoint URL.
    pub fn custom(url: impl Into<String>) -> Self {
        Endpoint::Custom(url.into())
    }
}

impl fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Endpoint::Default => f.write_str("Default"),
            Endpoint::Regional => f.write_str("Regional"),
            Endpoint::Custom(url) => f.debug_tuple("Custom").field(&redacted_endpoint(url)).finish(),
        }
    }
}

/// `url` as it may be shown: anything between the scheme and the last `@` (user
/// information, which may hold a password) replaced by `***`. An endpoint URL has no
/// other `@`, and whatever the URL is, no character of a password is shown.
pub(crate) fn redacted_endpoint(url: &str) -> std::borrow::Cow<'_, str> {
    let start = url.find("://").map_or(0, |i| i + 3);
    match url[start..].rfind('@') {
        Some(at) => format!("{}***{}", &url[..start], &url[start + at..]).into(),
        None => url.into(),
    }
}

/// A parsed custom endpoint: scheme and `host[:port]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CustomEndpoint {
    pub(crate) scheme: String,
    pub(crate) authority: String,
}

/// Parses a custom endpoint; errors show it without its user information.
fn parse_custom(url: &str) -> Result<CustomEndpoint, ConfigError> {
    let shown = redacted_endpoint(url);
    if shown != url {
        return Err(ConfigError(format!("endpoint {shown:?} must not contain user information")));
    }
    let with_scheme = if url.contains("://") { url.to_owned() } else { format!("https://{url}") };
    let uri: http::Uri = with_scheme.parse().map_err(|e| ConfigError(format!("invalid endpoint {url:?}: {e}")))?;
    let scheme = uri.scheme_str().unwrap_or("https").to_ascii_lowercase();
    if scheme != "https" && scheme != "http" {
        return Err(ConfigError(format!("endpoint {url:?}: scheme must be http or https")));
    }
    let authority = uri
        .authority()
        .map(|a| a.as_str().to_owned())
        .filter(|a| !a.is_empty())
        .ok_or_else(|| ConfigError(format!("endpoint {url:?} has no host")))?;
    if !matches!(uri.path(), "" | "/") || uri.query().is_some() {
        return Err(ConfigError(format!("endpoint {url:?} must not have a path or query")));
    }
    Ok(CustomEndpoint { scheme, authority })
}

/// Everything a [`Client`](crate::Client) needs. Cheap to clone.
#[derive(Clone)]
pub struct Config {
    pub(crate) credentials: Arc<dyn ProvideCredentials>,
    pub(crate) region: Option<String>,
    /// Whether `from_env` found `TENCENTCLOUD_REGION` set but empty.
    pub(crate) region_env_empty: bool,
    pub(crate) language: Language,
    pub(crate) endpoint: Endpoint,
    pub(crate) root_domain: Option<String>,
    pub(crate) custom_endpoint: Option<CustomEndpoint>,
    pub(crate) transport: Arc<dyn Transport>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) validation: bool,
    pub(crate) retry: RetryConfig,
    pub(crate) rate_limiting: bool,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) operation_timeout: Option<Duration>,
    pub(crate) max_response_bytes: usize,
    pub(crate) max_event_bytes: usize,
    pub(crate) stream_idle_timeout: Duration,
    pub(crate) request_client: String,
    pub(crate) hooks: Vec<Arc<dyn Hook>>,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("credentials", &self.credentials)
            .field("region", &self.region)
            .field("language", &self.language)
            .field("endpoint", &self.endpoint)
            .field("root_domain", &self.root_domain)
            .field("transport", &self.transport)
            .field("clock", &self.clock)
            .field("validation", &self.validation)
            .field("retry", &self.retry)
            .field("rate_limiting", &self.rate_limiting)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("operation_timeout", &self.operation_timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("max_event_bytes", &self.max_event_bytes)
            .field("stream_idle_timeout", &self.stream_idle_timeout)
            .field("request_client", &self.request_client)
            .field("hooks", &self.hooks)
            .finish()
    }
}

/// Default overall timeout of one attempt (the official SDKs use 60 s).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Default connect timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default largest server-sent event: 1 MiB (one event of a stream, not the stream).
pub const DEFAULT_MAX_EVENT_BYTES: usize = 1024 * 1024;
/// Default longest wait for the next bytes of a stream of events.
pub const DEFAULT_STREAM_IDLE_TIMEOUT: Duration = Duration::from_secs(60);

/// The default `X-TC-RequestClient`: `SDK_RUST_<runtime version>`.
pub fn default_request_client() -> String {
    format!("SDK_RUST_{}", env!("CARGO_PKG_VERSION"))
}

impl Config {
    /// A builder with every default.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// The defaults, with the region from `TENCENTCLOUD_REGION`, a custom endpoint from
    /// `TENCENTCLOUD_ENDPOINT` if set, and credentials from the default chain.
    pub fn from_env() -> Result<Config, ConfigError> {
        ConfigBuilder::from_env().build()
    }

    /// The region, if set.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The error of a call made without a region: it names the ways to set one, and
    /// says when `TENCENTCLOUD_REGION` was found set but empty.
    pub(crate) fn missing_region(&self) -> ConfigError {
        let empty = if self.region_env_empty { format!(": {ENV_REGION} is set but empty") } else { String::new() };
        ConfigError(format!(
            "no region configured{empty} (set ConfigBuilder::region, CallOverrides::region, or {ENV_REGION} for \
             Config::from_env)"
        ))
    }

    /// The language of error messages.
    pub fn language(&self) -> Language {
        self.language
    }

    /// Where requests go.
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// The root domain of the hosts, when set ([`ConfigBuilder::root_domain`]).
    pub fn root_domain(&self) -> Option<&str> {
        self.root_domain.as_deref()
    }

    /// The credentials provider.
    pub fn credentials(&self) -> &Arc<dyn ProvideCredentials> {
        &self.credentials
    }

    /// The transport.
    pub fn transport(&self) -> &Arc<dyn Transport> {
        &self.transport
    }

    /// The clock.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// Whether requests are validated before sending.
    pub fn validation(&self) -> bool {
        self.validation
    }

    /// How failures are retried.
    pub fn retry(&self) -> &RetryConfig {
        &self.retry
    }

    /// Whether calls are spaced to the documented rate limits.
    pub fn rate_limiting(&self) -> bool {
        self.rate_limiting
    }

    /// Overall timeout of one attempt.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Connect timeout of the default transport.
    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }

    /// The bound of a whole call over all attempts and backoff waits, if any.
    pub fn operation_timeout(&self) -> Option<Duration> {
        self.operation_timeout
    }

    /// The largest response body accepted, in bytes.
    pub fn max_response_bytes(&self) -> usize {
        self.max_response_bytes
    }

    /// The largest server-sent event accepted, in bytes.
    pub fn max_event_bytes(&self) -> usize {
        self.max_event_bytes
    }

    /// The longest wait for the next bytes of a stream of events.
    pub fn stream_idle_timeout(&self) -> Duration {
        self.stream_idle_timeout
    }

    /// The `X-TC-RequestClient` value.
    pub fn request_client(&self) -> &str {
        &self.request_client
    }
}

/// Builds a [`Config`]; see [`Config::builder`].
#[derive(Default)]
pub struct ConfigBuilder {
    credentials: Option<Arc<dyn ProvideCredentials>>,
    region: Option<String>,
    /// Whether `from_env` found `TENCENTCLOUD_REGION` set but empty.
    region_env_empty: bool,
    language: Option<Language>,
    endpoint: Option<Endpoint>,
    root_domain: Option<String>,
    transport: Option<Arc<dyn Transport>>,
    clock: Option<Arc<dyn Clock>>,
    validation: Option<bool>,
    retry: Option<RetryConfig>,
    rate_limiting: Option<bool>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    operation_timeout: Option<Duration>,
    max_response_bytes: Option<usize>,
    max_event_bytes: Option<usize>,
    stream_idle_timeout: Option<Duration>,
    request_client: Option<String>,
    proxy: Option<Proxy>,
    hooks: Vec<Arc<dyn Hook>>,
    /// A variable read by `from_env` that is set but unusable, reported by `build`.
    env_error: Option<ConfigError>,
}

impl fmt::Debug for ConfigBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfigBuilder")
            .field("credentials", &self.credentials)
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .finish_non_exhaustive()
    }
}

impl ConfigBuilder {
    /// A builder with the region and endpoint taken from the process environment and
    /// credentials from the default chain.
    pub fn from_env() -> ConfigBuilder {
        ConfigBuilder::from_env_with(Env::process())
    }

    /// Like [`ConfigBuilder::from_env`], reading variables from `env`.
    pub fn from_env_with(env: Env) -> ConfigBuilder {
        let mut builder = ConfigBuilder::default().credentials_provider(crate::defaults::credentials_from(env.clone()));
        match env.var(ENV_REGION) {
            Ok(Some(region)) => builder = builder.region(region),
            Ok(None) => builder.region_env_empty = env.get(ENV_REGION).is_some(),
            Err(e) => builder.env_error = Some(ConfigError(e.message().to_owned())),
        }
        match env.var(ENV_ENDPOINT) {
            Ok(Some(endpoint)) => builder = builder.endpoint(Endpoint::Custom(endpoint)),
            Ok(None) => {}
            Err(e) => builder.env_error = builder.env_error.or(Some(ConfigError(e.message().to_owned()))),
        }
        match env.var(ENV_ROOT_DOMAIN) {
            Ok(Some(domain)) => builder = builder.root_domain(domain),
            Ok(None) => {}
            Err(e) => builder.env_error = builder.env_error.or(Some(ConfigError(e.message().to_owned()))),
        }
        builder
    }

    /// Where credentials come from: a provider or fixed [`Credentials`](crate::Credentials).
    /// Default: [`DefaultChain`](crate::credentials::DefaultChain).
    pub fn credentials(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Some(Arc::new(provider));
        self
    }

    /// Where credentials come from, as a shared provider.
    pub fn credentials_provider(mut self, provider: Arc<dyn ProvideCredentials>) -> Self {
        self.credentials = Some(provider);
        self
    }

    /// The region (`ap-guangzhou`), sent as `X-TC-Region`. Required.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The language of error messages. Default: `zh-CN`.
    pub fn language(mut self, language: Language) -> Self {
        self.language = Some(language);
        self
    }

    /// Where requests go. Default: the action's host.
    pub fn endpoint(mut self, endpoint: Endpoint) -> Self {
        self.endpoint = Some(endpoint);
        self
    }

    /// The root domain of the hosts, as the official SDKs' `rootDomain`: requests go to
    /// `<service>.<root domain>` (`trtc.intl.tencentcloudapi.com` for
    /// `intl.tencentcloudapi.com`), or `<service>.<region>.<root domain>` with
    /// [`Endpoint::Regional`]. Default: the host the spec names
    /// (`<service>.tencentcloudapi.com`). A custom endpoint takes precedence.
    /// `from_env` reads it from `TENCENTCLOUD_ROOT_DOMAIN`.
    pub fn root_domain(mut self, domain: impl Into<String>) -> Self {
        self.root_domain = Some(domain.into());
        self
    }

    /// The transport. Default: [`ReqwestTransport`](crate::transport::ReqwestTransport)
    /// with the `rustls` feature; without it a transport is required.
    pub fn transport(mut self, transport: Arc<dyn Transport>) -> Self {
        self.transport = Some(transport);
        self
    }

    /// The clock for timestamps and validation. Default: the system clock.
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = Some(clock);
        self
    }

    /// Whether to validate requests before sending. Default: on.
    pub fn validation(mut self, on: bool) -> Self {
        self.validation = Some(on);
        self
    }

    /// How to retry. Default: [`RetryConfig::default`].
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Whether to space calls to the documented rate limits. Default: on.
    pub fn rate_limiting(mut self, on: bool) -> Self {
        self.rate_limiting = Some(on);
        self
    }

    /// Overall timeout of one attempt. Default: 60 s. A call may make several
    /// attempts; [`ConfigBuilder::operation_timeout`] bounds the call as a whole.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Bounds a whole call: every attempt (rate-limit wait, credentials, sending)
    /// and every backoff wait between them. When it elapses the call fails with a
    /// [`TransportErrorKind::Timeout`](crate::error::TransportErrorKind::Timeout) error
    /// naming this budget; a retry whose wait would end after it is not made (the
    /// last failure is returned at once). Default: none, so a call takes at most
    /// about `max_attempts` × [`timeout`](ConfigBuilder::timeout) plus the backoffs.
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.operation_timeout = Some(timeout);
        self
    }

    /// The largest response body accepted, in bytes. A longer reply fails the call
    /// with [`TransportErrorKind::ResponseTooLarge`](crate::error::TransportErrorKind::ResponseTooLarge)
    /// and is not retried; the default transport stops reading at the limit. Default:
    /// [`DEFAULT_MAX_RESPONSE_BYTES`] (16 MiB).
    pub fn max_response_bytes(mut self, max: usize) -> Self {
        self.max_response_bytes = Some(max);
        self
    }

    /// The largest server-sent event accepted, in bytes ([`Client::call_stream`](crate::Client::call_stream)):
    /// one event over it ends the stream with a
    /// [`TransportErrorKind::ResponseTooLarge`](crate::error::TransportErrorKind::ResponseTooLarge)
    /// error. A stream as a whole is not bounded (nor by
    /// [`max_response_bytes`](ConfigBuilder::max_response_bytes)). Default:
    /// [`DEFAULT_MAX_EVENT_BYTES`] (1 MiB).
    pub fn max_event_bytes(mut self, max: usize) -> Self {
        self.max_event_bytes = Some(max);
        self
    }

    /// The longest wait for the next bytes of a stream of events: when none come for
    /// that long the stream ends with a
    /// [`TransportErrorKind::Timeout`](crate::error::TransportErrorKind::Timeout) error.
    /// (The per-attempt [`timeout`](ConfigBuilder::timeout) bounds the wait for the
    /// head of the reply only, and the operation timeout does not cut a stream.)
    /// Default: [`DEFAULT_STREAM_IDLE_TIMEOUT`] (60 s).
    pub fn stream_idle_timeout(mut self, timeout: Duration) -> Self {
        self.stream_idle_timeout = Some(timeout);
        self
    }

    /// Connect timeout of the default transport. Default: 10 s.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The `X-TC-RequestClient` value. Default: `SDK_RUST_<version>`.
    pub fn request_client(mut self, name: impl Into<String>) -> Self {
        self.request_client = Some(name.into());
        self
    }

    /// Sends every request of the default transport through the proxy at `url`
    /// (`http://host:port`, optionally `http://user:password@host:port`); hosts in the
    /// `NO_PROXY` variable excepted. Default: [`Proxy::FromEnv`], the `HTTPS_PROXY`,
    /// `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` variables. Conflicts with
    /// [`ConfigBuilder::transport`].
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(Proxy::Url(url.into()));
        self
    }

    /// Uses no proxy, whatever the environment says.
    pub fn no_proxy(mut self) -> Self {
        self.proxy = Some(Proxy::Disabled);
        self
    }

    /// The proxy setting as a value; see [`ConfigBuilder::proxy`].
    pub fn proxy_setting(mut self, proxy: Proxy) -> Self {
        self.proxy = Some(proxy);
        self
    }

    /// Adds a hook that sees each attempt's request before it is sent and its reply
    /// or error after (see [`crate::hook`]). Hooks run in the order added.
    pub fn hook(mut self, hook: Arc<dyn Hook>) -> Self {
        self.hooks.push(hook);
        self
    }

    /// Checks the settings and builds the configuration.
    pub fn build(self) -> Result<Config, ConfigError> {
        if let Some(error) = self.env_error {
            return Err(error);
        }
        let connect_timeout = self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT);
        let endpoint = self.endpoint.unwrap_or_default();
        let custom_endpoint = match &endpoint {
            Endpoint::Custom(url) => Some(parse_custom(url)?),
            _ => None,
        };
        if let Some(domain) = &self.root_domain {
            check_root_domain(domain)?;
        }
        if let Some(region) = &self.region {
            if !valid_region(region) {
                return Err(ConfigError(format!("invalid region {region:?}")));
            }
        }
        let request_client = self.request_client.unwrap_or_else(default_request_client);
        if http::HeaderValue::from_str(&request_client).is_err() {
            return Err(ConfigError(format!("invalid request client {request_client:?}")));
        }
        let transport = match (self.transport, self.proxy) {
            (Some(_), Some(_)) => {
                return Err(ConfigError(
                    "a proxy setting applies to the default transport: set it on the transport given instead".into(),
                ))
            }
            (Some(t), None) => t,
            (None, proxy) => crate::defaults::transport(connect_timeout, &proxy.unwrap_or(Proxy::FromEnv))?,
        };
        Ok(Config {
            credentials: self.credentials.unwrap_or_else(crate::defaults::credentials),
            region: self.region,
            region_env_empty: self.region_env_empty,
            language: self.language.unwrap_or_default(),
            endpoint,
            root_domain: self.root_domain,
            custom_endpoint,
            transport,
            clock: self.clock.unwrap_or_else(|| Arc::new(SystemClock)),
            validation: self.validation.unwrap_or(true),
            retry: self.retry.unwrap_or_default(),
            rate_limiting: self.rate_limiting.unwrap_or(true),
            timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
            connect_timeout,
            operation_timeout: self.operation_timeout,
            max_response_bytes: self.max_response_bytes.unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
            max_event_bytes: self.max_event_bytes.unwrap_or(DEFAULT_MAX_EVENT_BYTES),
            stream_idle_timeout: self.stream_idle_timeout.unwrap_or(DEFAULT_STREAM_IDLE_TIMEOUT),
            request_client,
            hooks: self.hooks,
        })
    }
}

/// Checks that `domain` is a host name: dot-separated labels of ASCII letters, digits
/// and `-`, none empty.
fn check_root_domain(domain: &str) -> Result<(), ConfigError> {
    let label_ok = |l: &str| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if domain.len() <= 253 && domain.split('.').all(label_ok) {
        Ok(())
    } else {
        Err(ConfigError(format!(
            "invalid root domain {:?}: expected a host name such as intl.tencentcloudapi.com",
            crate::text::printable(domain)
        )))
    }
}

/// Settings of one call that replace the client's: see
/// [`Client::call_with`](crate::Client::call_with) and the generated fluent builders'
/// `customize`.
#[derive(Clone, Default)]
pub struct CallOverrides {
    pub(crate) operation_timeout: Option<Duration>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry: Option<RetryConfig>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) region: Option<String>,
    pub(crate) validation: Option<bool>,
    pub(crate) stream_idle_timeout: Option<Duration>,
}

impl fmt::Debug for CallOverrides {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallOverrides")
            .field("operation_timeout", &self.operation_timeout)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            // Names only: a value may be a secret.
            .field("headers", &self.headers.iter().map(|(n, _)| n).collect::<Vec<_>>())
            .field("region", &self.region)
            .field("validation", &self.validation)
            .field("stream_idle_timeout", &self.stream_idle_timeout)
            .finish()
    }
}

impl CallOverrides {
    /// No overrides: the client's settings.
    pub fn new() -> Self {
        CallOverrides::default()
    }

    /// Bounds this call, all attempts and backoffs included (see
    /// [`ConfigBuilder::operation_timeout`]).
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.operation_timeout = Some(timeout);
        self
    }

    /// Bounds each attempt of this call (see [`ConfigBuilder::timeout`]).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How this call is retried. The client's retry budget is still shared.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Adds a header to every attempt of this call. The signed and protocol headers
    /// (`Authorization`, `Host`, `Content-Type`, `X-TC-*`) cannot be set: the call
    /// fails with a [`ConfigError`] naming the header, as it does for a name or value
    /// that is not valid HTTP.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends this call to another region.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Whether this call is validated before sending (the region and the spec's
    /// constraints), whatever the client's [`ConfigBuilder::validation`] says: `false`
    /// sends a request the spec forbids, for this call only.
    pub fn validation(mut self, on: bool) -> Self {
        self.validation = Some(on);
        self
    }

    /// The longest wait for the next bytes of this call's stream of events (see
    /// [`ConfigBuilder::stream_idle_timeout`]).
    pub fn stream_idle_timeout(mut self, timeout: Duration) -> Self {
        self.stream_idle_timeout = Some(timeout);
        self
    }
}

/// Whether `region` looks like a region name (`ap-guangzhou`).
pub(crate) fn valid_region(region: &str) -> bool {
    !region.is_empty() && region.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_endpoints_parse() {
        assert_eq!(
            parse_custom("http://127.0.0.1:1234").unwrap(),
            CustomEndpoint { scheme: "http".into(), authority: "127.0.0.1:1234".into() }
        );
        assert_eq!(parse_custom("cvm.internal.example/").unwrap().scheme, "https");
        assert!(parse_custom("ftp://x").is_err());
        assert!(parse_custom("http://x/path").is_err());
        assert!(parse_custom("http://user:pw@x").is_err());
        assert!(parse_custom("").is_err());
    }
}

#[cfg(all(test, not(feature = "rustls")))]
mod no_transport_tests {
    use super::*;

    #[test]
    fn build_requires_a_transport_without_rustls() {
        let err = Config::builder().region("ap-guangzhou").build().unwrap_err();
        assert!(err.0.contains("no transport"));
    }
}
