//! [`StsAssumeRoleProvider`]: temporary credentials of a CAM role from `sts:AssumeRole`,
//! and the call both STS providers share.

use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;

use super::cvm::expiry_from_unix;
use super::http::sts_error;
use super::{Credentials, CredentialsError, CredentialsErrorKind, NoCredentials, ProvideCredentials};
use crate::action::ActionMetadata;
use crate::client::Client;
use crate::config::{Config, Endpoint};
use crate::error::ConfigError;
use crate::future::BoxFuture;
use crate::transport::Transport;

/// The STS endpoint of the official SDKs.
pub const DEFAULT_STS_ENDPOINT: &str = "https://sts.tencentcloudapi.com";
/// The STS API version.
const STS_VERSION: &str = "2018-08-13";
/// The region STS calls go to unless told otherwise.
const DEFAULT_STS_REGION: &str = "ap-guangzhou";
/// Timeout of each attempt of an STS call.
pub(crate) const DEFAULT_STS_TIMEOUT: Duration = Duration::from_secs(10);
/// Lifetime asked for by default (the official SDKs' 7200 s).
const DEFAULT_DURATION: Duration = Duration::from_secs(7200);

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct StsReply {
    credentials: StsCredentials,
    expired_time: i64,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct StsCredentials {
    tmp_secret_id: String,
    tmp_secret_key: String,
    token: String,
}

/// A client for STS: the given endpoint (default [`DEFAULT_STS_ENDPOINT`]), signed
/// with `base` (or unsigned when `None`).
pub(crate) fn sts_client(
    base: Option<Arc<dyn ProvideCredentials>>,
    region: &str,
    endpoint: Option<&str>,
    transport: Option<Arc<dyn Transport>>,
    timeout: Duration,
) -> Result<Client, ConfigError> {
    let mut builder = Config::builder()
        .credentials_provider(base.unwrap_or_else(|| Arc::new(NoCredentials)))
        .region(region)
        .rate_limiting(false)
        .timeout(timeout);
    if let Some(endpoint) = endpoint.filter(|e| *e != DEFAULT_STS_ENDPOINT) {
        builder = builder.endpoint(Endpoint::custom(endpoint));
    }
    if let Some(transport) = transport {
        builder = builder.transport(transport);
    }
    Ok(Client::new(builder.build()?))
}

/// Calls STS `action` with `params` and reads the temporary credentials it returns.
pub(crate) async fn call_sts(
    client: &Client,
    action: &'static str,
    signed: bool,
    params: &serde_json::Value,
) -> Result<Credentials, CredentialsError> {
    let mut meta = ActionMetadata::new("sts", STS_VERSION, action, "sts.tencentcloudapi.com").with_sensitive_response();
    if !signed {
        meta = meta.unsigned();
    }
    let reply = client.call_json(meta, params).await.map_err(|e| sts_error(action, e))?;
    // serde_json's messages may quote values: only the failure is named.
    let reply: StsReply = serde_json::from_value(reply).map_err(|_| {
        CredentialsError::new(
            CredentialsErrorKind::Unreadable,
            format!("sts:{action} answered without Credentials {{TmpSecretId, TmpSecretKey, Token}} and ExpiredTime"),
        )
    })?;
    let creds = Credentials::new(reply.credentials.tmp_secret_id, reply.credentials.tmp_secret_key)
        .with_token(reply.credentials.token)
        .with_expiry(expiry_from_unix(reply.expired_time)?);
    creds.validate().map_err(|e| CredentialsError::new(e.kind(), format!("sts:{action}: {}", e.message())))?;
    Ok(creds)
}

/// Temporary credentials of the role `role_arn`, from `sts:AssumeRole` signed with
/// base credentials. Each call asks STS; put it behind a
/// [`CachingProvider`](super::CachingProvider) to refresh only ahead of expiry.
#[derive(Debug, Clone)]
pub struct StsAssumeRoleProvider {
    client: Client,
    role_arn: String,
    session_name: String,
    duration: Duration,
}

/// Builds a [`StsAssumeRoleProvider`]; see [`StsAssumeRoleProvider::builder`].
#[derive(Debug)]
pub struct StsAssumeRoleProviderBuilder {
    base: Arc<dyn ProvideCredentials>,
    role_arn: String,
    session_name: String,
    duration: Duration,
    region: String,
    endpoint: Option<String>,
    transport: Option<Arc<dyn Transport>>,
    timeout: Duration,
}

impl StsAssumeRoleProvider {
    /// Assumes `role_arn` with credentials from `base`. Defaults: session name
    /// `tencentcloud-rust-sdk`, 7200 s, region `ap-guangzhou`, [`DEFAULT_STS_ENDPOINT`].
    pub fn builder(
        base: impl ProvideCredentials + 'static,
        role_arn: impl Into<String>,
    ) -> StsAssumeRoleProviderBuilder {
        StsAssumeRoleProviderBuilder {
            base: Arc::new(base),
            role_arn: role_arn.into(),
            session_name: "tencentcloud-rust-sdk".to_owned(),
            duration: DEFAULT_DURATION,
            region: DEFAULT_STS_REGION.to_owned(),
            endpoint: None,
            transport: None,
            timeout: DEFAULT_STS_TIMEOUT,
        }
    }

    /// Calls `sts:AssumeRole` now.
    pub async fn load(&self) -> Result<Credentials, CredentialsError> {
        let params = serde_json::json!({
            "RoleArn": self.role_arn,
            "RoleSessionName": self.session_name,
            "DurationSeconds": self.duration.as_secs(),
        });
        call_sts(&self.client, "AssumeRole", true, &params).await
    }
}

impl StsAssumeRoleProviderBuilder {
    /// The `RoleSessionName`.
    pub fn session_name(mut self, name: impl Into<String>) -> Self {
        self.session_name = name.into();
        self
    }

    /// The `DurationSeconds` asked for.
    pub fn duration(mut self, duration: Duration) -> Self {
        self.duration = duration;
        self
    }

    /// The region sent with the call.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = region.into();
        self
    }

    /// Another STS endpoint (`scheme://host[:port]`).
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// The transport; default: the runtime's default transport.
    pub fn transport(mut self, transport: Arc<dyn Transport>) -> Self {
        self.transport = Some(transport);
        self
    }

    /// The timeout of each attempt of the STS call; default 10 s.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Checks the settings and builds the provider.
    pub fn build(self) -> Result<StsAssumeRoleProvider, ConfigError> {
        let client = sts_client(Some(self.base), &self.region, self.endpoint.as_deref(), self.transport, self.timeout)?;
        Ok(StsAssumeRoleProvider {
            client,
            role_arn: self.role_arn,
            session_name: self.session_name,
            duration: self.duration,
        })
    }
}

impl ProvideCredentials for StsAssumeRoleProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.load())
    }
}
