//! Credentials (SecretId, SecretKey, optional temporary token) and where they come from.
//!
//! A [`ProvideCredentials`] is asked for credentials before every attempt, so
//! refreshing providers fit behind the same asynchronous trait:
//!
//! - [`EnvironmentProvider`]: `TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY`,
//!   `TENCENTCLOUD_TOKEN`;
//! - [`ProfileProvider`]: the INI profile file, read as the official SDKs read it;
//! - [`CvmRoleProvider`]: the CAM role of a CVM instance, from its metadata service;
//! - [`StsAssumeRoleProvider`]: `sts:AssumeRole` from base credentials;
//! - [`WebIdentityProvider`]: `sts:AssumeRoleWithWebIdentity` with TKE's OIDC token;
//! - [`DefaultChain`]: all of these in the official SDKs' order, cached; its error
//!   names every source it tried and why each gave nothing.
//!
//! [`CachingProvider`] puts one cache in front of any provider: temporary credentials
//! are refreshed ahead of their expiry, by one caller while the others wait for it.
//! Secret values are [`SecretString`]s: never printed, zeroed when dropped.

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

pub use crate::error::{CredentialsError, CredentialsErrorKind};
use crate::future::BoxFuture;

mod cache;
mod chain;
mod cvm;
mod env;
mod file;
mod http;
mod profile;
mod secret;
mod sts;
mod web_identity;

pub use cache::CachingProvider;
pub use chain::{DefaultChain, DefaultChainBuilder};
pub use cvm::{CvmRoleProvider, DEFAULT_METADATA_ENDPOINT};
pub use env::{Env, EnvironmentProvider, ENV_SECRET_ID, ENV_SECRET_KEY, ENV_TOKEN};
pub use profile::{parse_ini, try_parse_ini, Ini, IniError, ProfileProvider, ENV_CREDENTIALS_FILE};
pub use secret::SecretString;
pub use sts::{StsAssumeRoleProvider, StsAssumeRoleProviderBuilder, DEFAULT_STS_ENDPOINT};
pub use web_identity::{
    WebIdentityProvider, ENV_TKE_PROVIDER_ID, ENV_TKE_REGION, ENV_TKE_ROLE_ARN, ENV_TKE_WEB_IDENTITY_TOKEN_FILE,
};

/// The most bytes a credential source may send or hold: a reply of the metadata service
/// or STS, the profile file, the web identity token file. Credentials are small; a
/// longer source is an error naming this bound.
pub const MAX_SOURCE_BYTES: usize = 64 * 1024;

/// SecretId, SecretKey and, for temporary credentials, a token and an expiry.
///
/// `Debug` shows a masked SecretId; key and token are [`SecretString`]s, never shown.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    secret_id: String,
    secret_key: SecretString,
    token: Option<SecretString>,
    expiry: Option<SystemTime>,
}

fn check_value(name: &str, value: &str) -> Result<(), CredentialsError> {
    if value.is_empty() {
        return Err(CredentialsError::new(CredentialsErrorKind::Invalid, format!("{name} is empty")));
    }
    if value.trim() != value {
        return Err(CredentialsError::new(
            CredentialsErrorKind::Invalid,
            format!("{name} has leading or trailing whitespace"),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(CredentialsError::new(
            CredentialsErrorKind::Invalid,
            format!("{name} contains control characters"),
        ));
    }
    Ok(())
}

impl Credentials {
    /// Long-term credentials. Unchecked; [`Credentials::validate`] (run by the client
    /// before every signature) and [`Credentials::try_new`] refuse malformed values.
    pub fn new(secret_id: impl Into<String>, secret_key: impl Into<String>) -> Self {
        Credentials {
            secret_id: secret_id.into(),
            secret_key: SecretString::new(secret_key),
            token: None,
            expiry: None,
        }
    }

    /// Credentials, refusing empty values and values with surrounding whitespace.
    pub fn try_new(secret_id: impl Into<String>, secret_key: impl Into<String>) -> Result<Self, CredentialsError> {
        let creds = Credentials::new(secret_id, secret_key);
        creds.validate()?;
        Ok(creds)
    }

    /// Adds the token of temporary credentials (sent as `X-TC-Token`).
    pub fn with_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(SecretString::new(token));
        self
    }

    /// Sets when temporary credentials stop working; [`CachingProvider`] refreshes
    /// them ahead of it.
    pub fn with_expiry(mut self, expiry: SystemTime) -> Self {
        self.expiry = Some(expiry);
        self
    }

    /// When the credentials stop working (`None`: long-term credentials).
    pub fn expiry(&self) -> Option<SystemTime> {
        self.expiry
    }

    /// Checks that no value is empty or has surrounding whitespace or control characters.
    pub fn validate(&self) -> Result<(), CredentialsError> {
        check_value("SecretId", &self.secret_id)?;
        check_value("SecretKey", self.secret_key.expose_secret())?;
        if let Some(token) = &self.token {
            check_value("Token", token.expose_secret())?;
        }
        Ok(())
    }

    /// The SecretId.
    pub fn secret_id(&self) -> &str {
        &self.secret_id
    }

    /// The SecretKey.
    pub fn secret_key(&self) -> &str {
        self.secret_key.expose_secret()
    }

    /// The token of temporary credentials.
    pub fn token(&self) -> Option<&str> {
        self.token.as_ref().map(SecretString::expose_secret)
    }
}

/// The first 6 characters of a SecretId, then `***`.
fn mask_id(id: &str) -> String {
    let shown: String = id.chars().take(6).collect();
    format!("{shown}***")
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("secret_id", &mask_id(&self.secret_id))
            .field("secret_key", &self.secret_key)
            .field("token", &self.token)
            .field("expiry", &self.expiry)
            .finish()
    }
}

/// A source of credentials, asked before every attempt.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// The credentials to sign the next request with.
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>>;

    /// The credentials, when this provider always gives the same ones: the client then
    /// signs with them as they are, without asking for (and copying) them before every
    /// attempt. `None` (the default) for providers whose credentials can change.
    fn fixed_credentials(&self) -> Option<&Credentials> {
        None
    }
}

impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let result = self.validate().map(|()| self.clone());
        Box::pin(async move { result })
    }

    fn fixed_credentials(&self) -> Option<&Credentials> {
        Some(self)
    }
}

impl<P: ProvideCredentials + ?Sized> ProvideCredentials for Arc<P> {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        (**self).provide_credentials()
    }

    fn fixed_credentials(&self) -> Option<&Credentials> {
        (**self).fixed_credentials()
    }
}

/// Fixed credentials.
#[derive(Debug, Clone)]
pub struct StaticProvider(pub Credentials);

impl ProvideCredentials for StaticProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        self.0.provide_credentials()
    }

    fn fixed_credentials(&self) -> Option<&Credentials> {
        Some(&self.0)
    }
}

/// A provider for an action that is sent unsigned: it never has credentials.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NoCredentials;

impl ProvideCredentials for NoCredentials {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async {
            Err(CredentialsError::new(CredentialsErrorKind::NotFound, "no credentials (unsigned calls only)"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_credentials_are_given_as_they_are_and_others_are_not() {
        let creds = Credentials::new("AKID", "key").with_token("token");
        assert_eq!(creds.fixed_credentials(), Some(&creds));
        assert_eq!(StaticProvider(creds.clone()).fixed_credentials(), Some(&creds));
        let shared: Arc<dyn ProvideCredentials> = Arc::new(creds.clone());
        assert_eq!(shared.fixed_credentials(), Some(&creds));
        // Providers whose credentials can change have none.
        let cached: Arc<dyn ProvideCredentials> = Arc::new(CachingProvider::new(creds.clone()));
        assert_eq!(cached.fixed_credentials(), None);
        assert_eq!(NoCredentials.fixed_credentials(), None);
    }

    #[test]
    fn validation_refuses_bad_values_without_echoing_them() {
        let err = Credentials::try_new("AKID", " hunter2").unwrap_err();
        assert_eq!(err.kind(), CredentialsErrorKind::Invalid);
        assert!(!err.to_string().contains("hunter2"));
        assert!(Credentials::try_new("", "k").is_err());
        assert!(Credentials::new("a", "b").with_token("t\n").validate().is_err());
        assert!(Credentials::try_new("a", "b").is_ok());
    }

    #[test]
    fn debug_redacts() {
        let c = Credentials::new("AKIDpublic", "hunter2").with_token("tok-secret");
        let shown = format!("{c:?}");
        assert!(shown.contains("AKIDpu***"), "{shown}");
        assert!(!shown.contains("AKIDpublic") && !shown.contains("hunter2") && !shown.contains("tok-secret"));
    }
}
