//! The environment ([`Env`]) and the [`EnvironmentProvider`].

use std::collections::HashMap;
use std::ffi::OsString;
use std::fmt;
use std::sync::Arc;

use super::{Credentials, CredentialsError, CredentialsErrorKind, ProvideCredentials};
use crate::future::BoxFuture;

/// Environment variable holding the SecretId.
pub const ENV_SECRET_ID: &str = "TENCENTCLOUD_SECRET_ID";
/// Environment variable holding the SecretKey.
pub const ENV_SECRET_KEY: &str = "TENCENTCLOUD_SECRET_KEY";
/// Environment variable holding the temporary-credential token.
pub const ENV_TOKEN: &str = "TENCENTCLOUD_TOKEN";

/// Where environment variables are read from: the process, or a map (for tests).
#[derive(Clone, Default)]
pub struct Env {
    map: Option<Arc<HashMap<String, OsString>>>,
}

impl Env {
    /// The process environment.
    pub fn process() -> Self {
        Env { map: None }
    }

    /// A fixed set of variables; anything else is unset.
    pub fn from_map<K: Into<String>, V: Into<String>>(vars: impl IntoIterator<Item = (K, V)>) -> Self {
        Env::from_os_map(vars.into_iter().map(|(k, v)| (k, OsString::from(v.into()))))
    }

    /// A fixed set of variables whose values need not be Unicode; anything else is unset.
    pub fn from_os_map<K: Into<String>, V: Into<OsString>>(vars: impl IntoIterator<Item = (K, V)>) -> Self {
        Env { map: Some(Arc::new(vars.into_iter().map(|(k, v)| (k.into(), v.into())).collect())) }
    }

    fn raw(&self, name: &str) -> Option<OsString> {
        match &self.map {
            Some(map) => map.get(name).cloned(),
            None => std::env::var_os(name),
        }
    }

    /// The value of `name` as a path, if set and not empty.
    pub(crate) fn raw_path(&self, name: &str) -> Option<std::path::PathBuf> {
        self.raw(name).filter(|v| !v.is_empty()).map(std::path::PathBuf::from)
    }

    /// The value of `name`, if set and valid Unicode (see [`Env::var`] for an error
    /// on a value that is not).
    pub fn get(&self, name: &str) -> Option<String> {
        self.raw(name).and_then(|v| v.into_string().ok())
    }

    /// `"empty"` when `name` is set to the empty string, `"not set"` otherwise: how a
    /// variable that [`Env::var`] takes as unset is described.
    pub(crate) fn unset_state(&self, name: &str) -> &'static str {
        match self.raw(name) {
            Some(v) if v.is_empty() => "empty",
            _ => "not set",
        }
    }

    /// The value of `name`: `None` when unset or empty, an error naming the variable
    /// (never its value) when it is set but not valid Unicode.
    pub fn var(&self, name: &str) -> Result<Option<String>, CredentialsError> {
        match self.raw(name) {
            None => Ok(None),
            Some(value) => match value.into_string() {
                Ok(s) if s.is_empty() => Ok(None),
                Ok(s) => Ok(Some(s)),
                Err(_) => Err(CredentialsError::new(
                    CredentialsErrorKind::Invalid,
                    format!("{name} is set but is not valid UTF-8"),
                )),
            },
        }
    }
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.map {
            // Only names: the values may be secrets.
            Some(map) => f.debug_struct("Env").field("names", &map.keys().collect::<Vec<_>>()).finish(),
            None => f.write_str("Env(process)"),
        }
    }
}

/// Credentials from `TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY` and the
/// optional `TENCENTCLOUD_TOKEN`.
#[derive(Debug, Clone, Default)]
pub struct EnvironmentProvider {
    env: Env,
}

impl EnvironmentProvider {
    /// Reads the process environment.
    pub fn new() -> Self {
        EnvironmentProvider { env: Env::process() }
    }

    /// Reads `env` instead of the process environment.
    pub fn with_env(env: Env) -> Self {
        EnvironmentProvider { env }
    }

    /// The credentials the environment holds now.
    pub fn load(&self) -> Result<Credentials, CredentialsError> {
        let id = self.env.var(ENV_SECRET_ID)?;
        let key = self.env.var(ENV_SECRET_KEY)?;
        let token = self.env.var(ENV_TOKEN)?;
        let (id, key) = match (id, key) {
            (Some(id), Some(key)) => (id, key),
            (None, None) => {
                let message = match (self.env.unset_state(ENV_SECRET_ID), self.env.unset_state(ENV_SECRET_KEY)) {
                    ("empty", "empty") => format!("{ENV_SECRET_ID} and {ENV_SECRET_KEY} are set but empty"),
                    (id, key) if id == key => format!("{ENV_SECRET_ID} and {ENV_SECRET_KEY} are {id}"),
                    (id, key) => format!("{ENV_SECRET_ID} is {id} and {ENV_SECRET_KEY} is {key}"),
                };
                return Err(CredentialsError::new(CredentialsErrorKind::NotFound, message));
            }
            (Some(_), None) => {
                return Err(CredentialsError::new(
                    CredentialsErrorKind::Invalid,
                    format!("{ENV_SECRET_ID} is set but {ENV_SECRET_KEY} is {}", self.env.unset_state(ENV_SECRET_KEY)),
                ))
            }
            (None, Some(_)) => {
                return Err(CredentialsError::new(
                    CredentialsErrorKind::Invalid,
                    format!("{ENV_SECRET_KEY} is set but {ENV_SECRET_ID} is {}", self.env.unset_state(ENV_SECRET_ID)),
                ))
            }
        };
        let mut creds = Credentials::new(id, key);
        if let Some(token) = token {
            creds = creds.with_token(token);
        }
        creds.validate()?;
        Ok(creds)
    }
}

impl ProvideCredentials for EnvironmentProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let result = self.load();
        Box::pin(async move { result })
    }
}
