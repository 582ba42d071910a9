//! Credentials (SecretId, SecretKey, optional temporary token) and where they come from.
//!
//! A [`ProvideCredentials`] is asked for credentials before every attempt, so
//! refreshing providers (CVM role, STS) fit behind the same asynchronous trait.
//! [`DefaultChain`] tries the environment, then the profile files, and its error names
//! every source it tried.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::transport::BoxFuture;

/// Environment variable holding the SecretId.
pub const ENV_SECRET_ID: &str = "TENCENTCLOUD_SECRET_ID";
/// Environment variable holding the SecretKey.
pub const ENV_SECRET_KEY: &str = "TENCENTCLOUD_SECRET_KEY";
/// Environment variable holding the temporary-credential token.
pub const ENV_TOKEN: &str = "TENCENTCLOUD_TOKEN";

/// What went wrong obtaining credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialsErrorKind {
    /// The source has no credentials (variable unset, file or profile missing).
    NotFound,
    /// The source has credentials, but they are malformed (empty, whitespace, half set).
    Invalid,
    /// The source exists but could not be read.
    Unreadable,
    /// Every source of a chain failed; the message lists each.
    Exhausted,
}

/// No usable credentials could be obtained. Never contains a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialsError {
    kind: CredentialsErrorKind,
    message: String,
}

impl CredentialsError {
    /// An error of `kind` described by `message` (which must not contain secrets).
    pub fn new(kind: CredentialsErrorKind, message: impl Into<String>) -> Self {
        CredentialsError { kind, message: message.into() }
    }

    /// What went wrong.
    pub fn kind(&self) -> CredentialsErrorKind {
        self.kind
    }

    /// The description.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "credentials error: {}", self.message)
    }
}

impl std::error::Error for CredentialsError {}

/// SecretId, SecretKey and, for temporary credentials, a token.
///
/// `Debug` shows the SecretId only; key and token are redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    secret_id: String,
    secret_key: String,
    token: Option<String>,
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
        Credentials { secret_id: secret_id.into(), secret_key: secret_key.into(), token: None }
    }

    /// Credentials, refusing empty values and values with surrounding whitespace.
    pub fn try_new(secret_id: impl Into<String>, secret_key: impl Into<String>) -> Result<Self, CredentialsError> {
        let creds = Credentials::new(secret_id, secret_key);
        creds.validate()?;
        Ok(creds)
    }

    /// Adds the token of temporary credentials (sent as `X-TC-Token`).
    pub fn with_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// Checks that no value is empty or has surrounding whitespace or control characters.
    pub fn validate(&self) -> Result<(), CredentialsError> {
        check_value("SecretId", &self.secret_id)?;
        check_value("SecretKey", &self.secret_key)?;
        if let Some(token) = &self.token {
            check_value("Token", token)?;
        }
        Ok(())
    }

    /// The SecretId.
    pub fn secret_id(&self) -> &str {
        &self.secret_id
    }

    /// The SecretKey.
    pub fn secret_key(&self) -> &str {
        &self.secret_key
    }

    /// The token of temporary credentials.
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("secret_id", &self.secret_id)
            .field("secret_key", &"<redacted>")
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// A source of credentials, asked before every attempt.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// The credentials to sign the next request with.
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>>;
}

impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let result = self.validate().map(|()| self.clone());
        Box::pin(async move { result })
    }
}

impl<P: ProvideCredentials + ?Sized> ProvideCredentials for Arc<P> {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        (**self).provide_credentials()
    }
}

/// Fixed credentials.
#[derive(Debug, Clone)]
pub struct StaticProvider(pub Credentials);

impl ProvideCredentials for StaticProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        self.0.provide_credentials()
    }
}

/// Where environment variables are read from: the process, or a map (for tests).
#[derive(Clone, Default)]
pub struct Env {
    map: Option<Arc<HashMap<String, String>>>,
}

impl Env {
    /// The process environment.
    pub fn process() -> Self {
        Env { map: None }
    }

    /// A fixed set of variables; anything else is unset.
    pub fn from_map<K: Into<String>, V: Into<String>>(vars: impl IntoIterator<Item = (K, V)>) -> Self {
        Env { map: Some(Arc::new(vars.into_iter().map(|(k, v)| (k.into(), v.into())).collect())) }
    }

    /// The value of `name`, if set and valid Unicode.
    pub fn get(&self, name: &str) -> Option<String> {
        match &self.map {
            Some(map) => map.get(name).cloned(),
            None => std::env::var(name).ok(),
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
        let id = self.env.get(ENV_SECRET_ID).filter(|v| !v.is_empty());
        let key = self.env.get(ENV_SECRET_KEY).filter(|v| !v.is_empty());
        let (id, key) = match (id, key) {
            (Some(id), Some(key)) => (id, key),
            (None, None) => {
                return Err(CredentialsError::new(
                    CredentialsErrorKind::NotFound,
                    format!("{ENV_SECRET_ID} and {ENV_SECRET_KEY} are not set"),
                ))
            }
            (Some(_), None) => {
                return Err(CredentialsError::new(
                    CredentialsErrorKind::Invalid,
                    format!("{ENV_SECRET_ID} is set but {ENV_SECRET_KEY} is not"),
                ))
            }
            (None, Some(_)) => {
                return Err(CredentialsError::new(
                    CredentialsErrorKind::Invalid,
                    format!("{ENV_SECRET_KEY} is set but {ENV_SECRET_ID} is not"),
                ))
            }
        };
        let mut creds = Credentials::new(id, key);
        if let Some(token) = self.env.get(ENV_TOKEN).filter(|v| !v.is_empty()) {
            creds = creds.with_token(token);
        }
        creds.validate().map_err(|e| CredentialsError::new(e.kind(), format!("environment: {}", e.message())))?;
        Ok(creds)
    }
}

impl ProvideCredentials for EnvironmentProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let result = self.load();
        Box::pin(async move { result })
    }
}

/// Parses a small INI file: `[section]` headers, `key = value` lines, `#`/`;` comments.
fn parse_ini(text: &str) -> HashMap<String, HashMap<String, String>> {
    let mut sections: HashMap<String, HashMap<String, String>> = HashMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let name = name.trim().to_owned();
            sections.entry(name.clone()).or_default();
            current = Some(name);
        } else if let (Some(section), Some((key, value))) = (&current, line.split_once('=')) {
            sections.entry(section.clone()).or_default().insert(key.trim().to_owned(), value.trim().to_owned());
        }
    }
    sections
}

/// Credentials from an INI profile file: `~/.tencentcloud/credentials`, then
/// `/etc/tencentcloud/credentials`, section `[default]` (or a named profile), keys
/// `secret_id`, `secret_key` and optional `token`.
#[derive(Debug, Clone)]
pub struct ProfileProvider {
    profile: String,
    paths: Vec<PathBuf>,
}

impl Default for ProfileProvider {
    fn default() -> Self {
        ProfileProvider::new()
    }
}

impl ProfileProvider {
    /// The `default` profile from the standard files, with `HOME` from the process.
    pub fn new() -> Self {
        ProfileProvider::with_env(&Env::process())
    }

    /// The `default` profile from the standard files, with `HOME` (or `USERPROFILE`)
    /// read from `env`.
    pub fn with_env(env: &Env) -> Self {
        let home = env.get("HOME").or_else(|| env.get("USERPROFILE")).filter(|h| !h.is_empty());
        let mut paths = Vec::new();
        if let Some(home) = home {
            paths.push(Path::new(&home).join(".tencentcloud").join("credentials"));
        }
        paths.push(PathBuf::from("/etc/tencentcloud/credentials"));
        ProfileProvider { profile: "default".to_owned(), paths }
    }

    /// Reads exactly these files, in order.
    pub fn with_paths(paths: impl IntoIterator<Item = PathBuf>) -> Self {
        ProfileProvider { profile: "default".to_owned(), paths: paths.into_iter().collect() }
    }

    /// Uses the section named `profile` instead of `default`.
    pub fn profile(mut self, profile: impl Into<String>) -> Self {
        self.profile = profile.into();
        self
    }

    /// The files this provider reads, in order.
    pub fn paths(&self) -> &[PathBuf] {
        &self.paths
    }

    fn load_file(&self, path: &Path) -> Result<Credentials, CredentialsError> {
        let shown = path.display();
        let text = std::fs::read_to_string(path).map_err(|e| {
            let kind = if e.kind() == std::io::ErrorKind::NotFound {
                CredentialsErrorKind::NotFound
            } else {
                CredentialsErrorKind::Unreadable
            };
            CredentialsError::new(kind, format!("{shown}: {e}"))
        })?;
        let sections = parse_ini(&text);
        let section = sections.get(&self.profile).ok_or_else(|| {
            CredentialsError::new(CredentialsErrorKind::NotFound, format!("{shown}: no [{}] section", self.profile))
        })?;
        let get = |key: &str| section.get(key).filter(|v| !v.is_empty()).cloned();
        let (Some(id), Some(key)) = (get("secret_id"), get("secret_key")) else {
            return Err(CredentialsError::new(
                CredentialsErrorKind::Invalid,
                format!("{shown}: [{}] needs both secret_id and secret_key", self.profile),
            ));
        };
        let mut creds = Credentials::new(id, key);
        if let Some(token) = get("token") {
            creds = creds.with_token(token);
        }
        creds
            .validate()
            .map_err(|e| CredentialsError::new(e.kind(), format!("{shown}: [{}]: {}", self.profile, e.message())))?;
        Ok(creds)
    }

    /// The credentials of the first file that exists; a file that exists but is
    /// unusable is an error rather than skipped.
    pub fn load(&self) -> Result<Credentials, CredentialsError> {
        let mut tried = Vec::new();
        for path in &self.paths {
            match self.load_file(path) {
                Ok(creds) => return Ok(creds),
                Err(e) if e.kind() == CredentialsErrorKind::NotFound && !path.exists() => tried.push(e.message),
                Err(e) => return Err(e),
            }
        }
        Err(CredentialsError::new(
            CredentialsErrorKind::NotFound,
            format!("no profile file found (tried {})", tried.join("; ")),
        ))
    }
}

impl ProvideCredentials for ProfileProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        // Small local files: read synchronously.
        let result = self.load();
        Box::pin(async move { result })
    }
}

/// The default sources, in order: the environment, then the profile files.
#[derive(Debug, Clone)]
pub struct DefaultChain {
    sources: Vec<(&'static str, Arc<dyn ProvideCredentials>)>,
}

impl Default for DefaultChain {
    fn default() -> Self {
        DefaultChain::new()
    }
}

impl DefaultChain {
    /// The chain over the process environment and the standard profile files.
    pub fn new() -> Self {
        DefaultChain::with_env(Env::process())
    }

    /// The chain reading variables (including `HOME`) from `env`.
    pub fn with_env(env: Env) -> Self {
        let profile = ProfileProvider::with_env(&env);
        DefaultChain {
            sources: vec![
                ("environment", Arc::new(EnvironmentProvider::with_env(env))),
                ("profile", Arc::new(profile)),
            ],
        }
    }

    /// A chain over `sources`, tried in order; each is named in errors.
    pub fn from_sources(sources: Vec<(&'static str, Arc<dyn ProvideCredentials>)>) -> Self {
        DefaultChain { sources }
    }
}

impl ProvideCredentials for DefaultChain {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            let mut failures = Vec::new();
            for (name, source) in &self.sources {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ini_parsing() {
        let ini = parse_ini("# c\n[default]\nsecret_id = a\n; c\nsecret_key=b = c\n\n[other]\ntoken= t \njunk\n");
        assert_eq!(ini["default"]["secret_id"], "a");
        assert_eq!(ini["default"]["secret_key"], "b = c");
        assert_eq!(ini["other"]["token"], "t");
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
        assert!(shown.contains("AKIDpublic"));
        assert!(!shown.contains("hunter2") && !shown.contains("tok-secret"));
    }
}
