//! [`WebIdentityProvider`]: TKE's OIDC web identity, exchanged for temporary
//! credentials with `sts:AssumeRoleWithWebIdentity` (unsigned).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use super::file::{read_bounded, FileError};
use super::sts::{call_sts, sts_client, DEFAULT_STS_TIMEOUT};
use super::{Credentials, CredentialsError, CredentialsErrorKind, Env, ProvideCredentials};
use crate::clock::{unix_seconds, Clock, SystemClock};
use crate::future::BoxFuture;
use crate::transport::Transport;

/// The region of the STS call.
pub const ENV_TKE_REGION: &str = "TKE_REGION";
/// The OIDC identity provider's id (`ProviderId`).
pub const ENV_TKE_PROVIDER_ID: &str = "TKE_PROVIDER_ID";
/// The file holding the web identity token (rotated by TKE; read at each refresh).
pub const ENV_TKE_WEB_IDENTITY_TOKEN_FILE: &str = "TKE_WEB_IDENTITY_TOKEN_FILE";
/// The role to assume (`RoleArn`).
pub const ENV_TKE_ROLE_ARN: &str = "TKE_ROLE_ARN";

const VARS: [&str; 4] = [ENV_TKE_REGION, ENV_TKE_PROVIDER_ID, ENV_TKE_WEB_IDENTITY_TOKEN_FILE, ENV_TKE_ROLE_ARN];

#[derive(Debug, Clone)]
struct Settings {
    region: String,
    provider_id: String,
    token_file: PathBuf,
    role_arn: String,
}

#[derive(Debug, Clone)]
enum Source {
    Env(Env),
    Fixed(Settings),
}

/// Temporary credentials for a pod in a TKE cluster: `TKE_REGION`, `TKE_PROVIDER_ID`,
/// `TKE_WEB_IDENTITY_TOKEN_FILE` and `TKE_ROLE_ARN` (as the official SDKs read them),
/// exchanged with `sts:AssumeRoleWithWebIdentity`, which is sent unsigned.
///
/// Each call reads the token file and asks STS; put it behind a
/// [`CachingProvider`](super::CachingProvider) (the [`DefaultChain`](super::DefaultChain)
/// does). With none of the variables set it is [`NotFound`](CredentialsErrorKind::NotFound);
/// with some set and others not it is [`Invalid`](CredentialsErrorKind::Invalid).
#[derive(Debug, Clone)]
pub struct WebIdentityProvider {
    source: Source,
    session_name: Option<String>,
    duration: Duration,
    endpoint: Option<String>,
    transport: Option<Arc<dyn Transport>>,
    timeout: Duration,
    clock: Arc<dyn Clock>,
}

impl WebIdentityProvider {
    /// Reads the `TKE_*` variables from the process environment at each refresh.
    pub fn from_env() -> Self {
        WebIdentityProvider::with_env(Env::process())
    }

    /// Reads the `TKE_*` variables from `env` at each refresh.
    pub fn with_env(env: Env) -> Self {
        WebIdentityProvider::from_source(Source::Env(env))
    }

    /// Explicit settings instead of the environment.
    pub fn new(
        region: impl Into<String>,
        provider_id: impl Into<String>,
        token_file: impl Into<PathBuf>,
        role_arn: impl Into<String>,
    ) -> Self {
        WebIdentityProvider::from_source(Source::Fixed(Settings {
            region: region.into(),
            provider_id: provider_id.into(),
            token_file: token_file.into(),
            role_arn: role_arn.into(),
        }))
    }

    fn from_source(source: Source) -> Self {
        WebIdentityProvider {
            source,
            session_name: None,
            duration: Duration::from_secs(7200),
            endpoint: None,
            transport: None,
            timeout: DEFAULT_STS_TIMEOUT,
            clock: Arc::new(SystemClock),
        }
    }

    /// The `RoleSessionName`; default `tencentcloud-rust-sdk-<unix time>`.
    pub fn session_name(mut self, name: impl Into<String>) -> Self {
        self.session_name = Some(name.into());
        self
    }

    /// The `DurationSeconds` asked for; default 7200 s.
    pub fn duration(mut self, duration: Duration) -> Self {
        self.duration = duration;
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

    /// The clock for the default session name.
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    fn settings(&self) -> Result<Settings, CredentialsError> {
        let env = match &self.source {
            Source::Fixed(settings) => return Ok(settings.clone()),
            Source::Env(env) => env,
        };
        let mut values = Vec::new();
        for name in VARS {
            values.push(env.var(name)?);
        }
        let missing: Vec<&str> = VARS.iter().zip(&values).filter(|(_, v)| v.is_none()).map(|(n, _)| *n).collect();
        if missing.len() == VARS.len() {
            return Err(CredentialsError::new(CredentialsErrorKind::NotFound, "TKE_* variables are not set"));
        }
        if !missing.is_empty() {
            return Err(CredentialsError::new(
                CredentialsErrorKind::Invalid,
                format!("some TKE_* variables are set but not {}", missing.join(", ")),
            ));
        }
        let mut values = values.into_iter().flatten();
        let mut next = || values.next().unwrap_or_default();
        Ok(Settings { region: next(), provider_id: next(), token_file: PathBuf::from(next()), role_arn: next() })
    }

    /// Reads the token and calls `sts:AssumeRoleWithWebIdentity` now.
    pub async fn load(&self) -> Result<Credentials, CredentialsError> {
        let settings = self.settings()?;
        let token = read_token(settings.token_file.clone()).await?;
        let client = sts_client(None, &settings.region, self.endpoint.as_deref(), self.transport.clone(), self.timeout)
            .map_err(|e| CredentialsError::new(CredentialsErrorKind::Invalid, e.to_string()))?;
        let session_name = self
            .session_name
            .clone()
            .unwrap_or_else(|| format!("tencentcloud-rust-sdk-{}", unix_seconds(self.clock.as_ref())));
        let params = serde_json::json!({
            "ProviderId": settings.provider_id,
            "WebIdentityToken": token.expose_secret(),
            "RoleArn": settings.role_arn,
            "RoleSessionName": session_name,
            "DurationSeconds": self.duration.as_secs(),
        });
        call_sts(&client, "AssumeRoleWithWebIdentity", false, &params).await
    }
}

/// Reads the token file (a regular file of at most
/// [`MAX_SOURCE_BYTES`](super::MAX_SOURCE_BYTES): see [`read_bounded`]) on the blocking pool.
async fn read_token(path: PathBuf) -> Result<super::SecretString, CredentialsError> {
    let shown = path.display().to_string();
    let read = move || read_bounded(&path).map(zeroize::Zeroizing::new);
    let result = if tokio::runtime::Handle::try_current().is_ok() {
        tokio::task::spawn_blocking(read)
            .await
            .unwrap_or_else(|e| Err(FileError::Io(std::io::Error::other(e.to_string()))))
    } else {
        read()
    };
    let unreadable = |detail: &dyn std::fmt::Display| {
        CredentialsError::new(
            CredentialsErrorKind::Unreadable,
            format!("{ENV_TKE_WEB_IDENTITY_TOKEN_FILE} {shown}: {detail}"),
        )
    };
    let bytes = result.map_err(|e| unreadable(&e))?;
    let text = std::str::from_utf8(&bytes).map_err(|_| unreadable(&"not valid UTF-8"))?;
    if text.trim().is_empty() {
        return Err(CredentialsError::new(
            CredentialsErrorKind::Invalid,
            format!("{ENV_TKE_WEB_IDENTITY_TOKEN_FILE} {shown} is empty"),
        ));
    }
    Ok(super::SecretString::new(text.trim()))
}

impl ProvideCredentials for WebIdentityProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.load())
    }
}
