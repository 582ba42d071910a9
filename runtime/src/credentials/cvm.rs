//! [`CvmRoleProvider`]: the CAM role of a CVM instance, from the instance metadata
//! service, as the official SDKs read it.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Deserialize;

use super::http::{default_transport, get};
use super::{Credentials, CredentialsError, CredentialsErrorKind, ProvideCredentials};
use crate::error::TransportErrorKind;
use crate::future::BoxFuture;
use crate::transport::Transport;

/// The metadata service's base URL; the credentials are under
/// `cam/security-credentials/` (the role name, then the role's credentials).
pub const DEFAULT_METADATA_ENDPOINT: &str = "http://metadata.tencentyun.com/latest/meta-data/";

/// Temporary credentials of the CAM role attached to this CVM instance: the role name
/// from `{endpoint}cam/security-credentials/`, then its `TmpSecretId`,
/// `TmpSecretKey`, `Token` and `ExpiredTime` from `{endpoint}cam/security-credentials/{role}`.
///
/// Each call asks the metadata service; put it behind a [`CachingProvider`](super::CachingProvider)
/// (the [`DefaultChain`](super::DefaultChain) does) to refresh only ahead of expiry.
/// An unreachable service, a timeout or a 404 (no role attached) is
/// [`NotFound`](CredentialsErrorKind::NotFound): the program is not on a CVM with a role.
#[derive(Debug, Clone)]
pub struct CvmRoleProvider {
    endpoint: String,
    role: Option<String>,
    transport: Option<Arc<dyn Transport>>,
    timeout: Duration,
}

impl Default for CvmRoleProvider {
    fn default() -> Self {
        CvmRoleProvider::new()
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RoleCredentials {
    tmp_secret_id: String,
    tmp_secret_key: String,
    token: String,
    expired_time: i64,
    #[serde(default)]
    code: Option<String>,
}

fn failure(kind: CredentialsErrorKind, message: String) -> CredentialsError {
    CredentialsError::new(kind, message)
}

impl CvmRoleProvider {
    /// The official metadata service, the role it names, a 5 s timeout per request.
    pub fn new() -> Self {
        CvmRoleProvider {
            endpoint: DEFAULT_METADATA_ENDPOINT.to_owned(),
            role: None,
            transport: None,
            timeout: Duration::from_secs(5),
        }
    }

    /// Another base URL for the metadata service (ending in `/meta-data/` or alike).
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        let mut url = url.into();
        if !url.ends_with('/') {
            url.push('/');
        }
        self.endpoint = url;
        self
    }

    /// Uses this role instead of asking the service for the attached role's name.
    pub fn role_name(mut self, role: impl Into<String>) -> Self {
        self.role = Some(role.into());
        self
    }

    /// The transport; default: reqwest without a proxy.
    pub fn transport(mut self, transport: Arc<dyn Transport>) -> Self {
        self.transport = Some(transport);
        self
    }

    /// The timeout of each request to the metadata service.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    async fn fetch(&self, transport: &dyn Transport, url: &str, what: &str) -> Result<Vec<u8>, CredentialsError> {
        match get(transport, url, self.timeout).await {
            Ok((200, body)) => Ok(body),
            Ok((404, _)) => Err(failure(CredentialsErrorKind::NotFound, format!("{what}: HTTP 404 from {url}"))),
            Ok((status, _)) => {
                Err(failure(CredentialsErrorKind::Unreadable, format!("{what}: HTTP {status} from {url}")))
            }
            Err(e) if matches!(e.kind(), TransportErrorKind::Connect | TransportErrorKind::Timeout) => Err(failure(
                CredentialsErrorKind::NotFound,
                format!("metadata service unreachable at {url} (not on a CVM instance?): {e}"),
            )),
            Err(e) => Err(failure(CredentialsErrorKind::Unreadable, format!("{what}: {url}: {e}"))),
        }
    }

    /// Asks the metadata service now.
    pub async fn load(&self) -> Result<Credentials, CredentialsError> {
        let transport = match &self.transport {
            Some(t) => t.clone(),
            None => default_transport()?,
        };
        let base = format!("{}cam/security-credentials/", self.endpoint);
        let role = match &self.role {
            Some(role) => role.clone(),
            None => {
                let body = self.fetch(transport.as_ref(), &base, "no CAM role attached to this instance").await?;
                let text = String::from_utf8_lossy(&body);
                text.lines().map(str::trim).find(|l| !l.is_empty()).map(str::to_owned).ok_or_else(|| {
                    failure(
                        CredentialsErrorKind::NotFound,
                        format!("no CAM role attached to this instance ({base} is empty)"),
                    )
                })?
            }
        };
        if !role.chars().all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c)) {
            return Err(failure(CredentialsErrorKind::Invalid, format!("invalid CAM role name {role:?}")));
        }
        let url = format!("{base}{role}");
        let body = self.fetch(transport.as_ref(), &url, &format!("no credentials for role {role}")).await?;
        // serde_json's messages may quote values: only the position is shown.
        let parsed: RoleCredentials = serde_json::from_slice(&body).map_err(|e| {
            failure(
                CredentialsErrorKind::Unreadable,
                format!("malformed credentials from {url} (line {}, column {})", e.line(), e.column()),
            )
        })?;
        if let Some(code) = parsed.code.as_deref().filter(|c| *c != "Success") {
            return Err(failure(CredentialsErrorKind::Unreadable, format!("{url} answered Code {code:?}")));
        }
        let expiry = expiry_from_unix(parsed.expired_time)?;
        let creds =
            Credentials::new(parsed.tmp_secret_id, parsed.tmp_secret_key).with_token(parsed.token).with_expiry(expiry);
        creds.validate().map_err(|e| failure(e.kind(), format!("{url}: {}", e.message())))?;
        Ok(creds)
    }
}

/// A Unix time in seconds as a [`SystemTime`]; negative is an error.
pub(crate) fn expiry_from_unix(secs: i64) -> Result<SystemTime, CredentialsError> {
    u64::try_from(secs)
        .ok()
        .and_then(|s| UNIX_EPOCH.checked_add(Duration::from_secs(s)))
        .ok_or_else(|| failure(CredentialsErrorKind::Unreadable, format!("invalid expiry time {secs}")))
}

impl ProvideCredentials for CvmRoleProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.load())
    }
}
