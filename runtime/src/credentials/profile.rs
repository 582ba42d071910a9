//! The profile file (`~/.tencentcloud/credentials`) and its [`ProfileProvider`].

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::file::{read_bounded, FileError};
use super::{Credentials, CredentialsError, CredentialsErrorKind, Env, ProvideCredentials};
use crate::future::BoxFuture;

/// Environment variable naming a credentials file to read before the standard ones.
pub const ENV_CREDENTIALS_FILE: &str = "TENCENTCLOUD_CREDENTIALS_FILE";

/// Parsed INI whose values are zeroed on drop.
struct ZeroizedIni(HashMap<String, HashMap<String, String>>);

impl Drop for ZeroizedIni {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        for section in self.0.values_mut() {
            for value in section.values_mut() {
                value.zeroize();
            }
        }
    }
}

/// The sections of an INI file: each section's keys (lowercased) and values.
pub type Ini = HashMap<String, HashMap<String, String>>;

/// A line of an INI file that Python's `configparser` refuses: its number (from 1) and
/// why. The line's text is never kept: it may hold a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IniError {
    /// The line's number, from 1.
    pub line: usize,
    /// Why the line is refused.
    pub reason: &'static str,
}

impl std::fmt::Display for IniError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

impl std::error::Error for IniError {}

/// Parses an INI file as Python's `configparser` (which the official Python SDK uses)
/// does: `[section]` headers (case-sensitive), `key = value` or `key: value` lines
/// split at the first `=` or `:`, keys compared case-insensitively (lowercased),
/// values trimmed, whole-line `#` and `;` comments, a UTF-8 byte-order mark and CRLF
/// line ends tolerated. A later duplicate key replaces an earlier one. Unlike
/// `configparser`, an indented line is a line of its own, not the continuation of the
/// value above (the keys the SDK reads are single-line), and a section header is the
/// whole line.
///
/// Lenient: lines `configparser` refuses (outside a section, without a delimiter, an
/// unclosed `[header`) are ignored; [`try_parse_ini`] reports them.
pub fn parse_ini(text: &str) -> Ini {
    parse(text, false).unwrap_or_default()
}

/// Parses an INI file as [`parse_ini`] does, but fails, naming the first such line, on
/// a line `configparser` refuses: a `[` line that is not a whole `[section]` header, a
/// key before any section, a line without `=` or `:`, an empty key.
pub fn try_parse_ini(text: &str) -> Result<Ini, IniError> {
    parse(text, true)
}

/// The parser of [`parse_ini`] (`strict` false: refused lines are skipped) and
/// [`try_parse_ini`] (`strict`: the first refused line is the error).
fn parse(text: &str, strict: bool) -> Result<Ini, IniError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Zeroed when dropped: on an error, the values read so far.
    let mut sections = ZeroizedIni(HashMap::new());
    let mut current: Option<String> = None;
    for (index, line) in text.lines().enumerate() {
        let refuse = |reason| if strict { Err(IniError { line: index + 1, reason }) } else { Ok(()) };
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let name = name.trim().to_owned();
            sections.0.entry(name.clone()).or_default();
            current = Some(name);
            continue;
        }
        if line.starts_with('[') {
            refuse("a section header without its closing `]`")?;
            continue;
        }
        let Some(section) = &current else {
            refuse("a key before any [section] header")?;
            continue;
        };
        let Some(at) = line.find(['=', ':']) else {
            refuse("neither `key = value` nor `key: value`")?;
            continue;
        };
        let (key, value) = (line[..at].trim(), &line[at + 1..]);
        if key.is_empty() {
            refuse("a value without a key")?;
            continue;
        }
        sections.0.entry(section.clone()).or_default().insert(key.to_lowercase(), value.trim().to_owned());
    }
    Ok(std::mem::take(&mut sections.0))
}

/// Credentials from an INI profile file: the file named by
/// `TENCENTCLOUD_CREDENTIALS_FILE` when set, then `~/.tencentcloud/credentials`, then
/// `/etc/tencentcloud/credentials`; section `[default]` (or a named profile), keys
/// `secret_id`, `secret_key` and optional `token` (any case). See [`parse_ini`].
///
/// Only a regular file of at most [`MAX_SOURCE_BYTES`](super::MAX_SOURCE_BYTES) is read;
/// anything else (a FIFO, a device, a directory, a larger file) is an
/// [`Unreadable`](CredentialsErrorKind::Unreadable) error naming the path and why.
///
/// [`ProvideCredentials::provide_credentials`] reads the file on tokio's blocking
/// pool, never on the async worker; [`ProfileProvider::load`] reads it in place.
#[derive(Debug, Clone)]
pub struct ProfileProvider {
    profile: String,
    paths: Vec<PathBuf>,
    /// A file named explicitly (by `TENCENTCLOUD_CREDENTIALS_FILE`): missing is an error.
    explicit: Option<PathBuf>,
}

impl Default for ProfileProvider {
    fn default() -> Self {
        ProfileProvider::new()
    }
}

impl ProfileProvider {
    /// The `default` profile from the standard files, with the variables from the process.
    pub fn new() -> Self {
        ProfileProvider::with_env(&Env::process())
    }

    /// The `default` profile from the standard files, with
    /// `TENCENTCLOUD_CREDENTIALS_FILE` and `HOME` (or `USERPROFILE`) read from `env`.
    pub fn with_env(env: &Env) -> Self {
        let home = env.raw_path("HOME").or_else(|| env.raw_path("USERPROFILE"));
        let explicit = env.raw_path(ENV_CREDENTIALS_FILE);
        let mut paths = Vec::new();
        paths.extend(explicit.clone());
        if let Some(home) = home {
            paths.push(home.join(".tencentcloud").join("credentials"));
        }
        paths.push(PathBuf::from("/etc/tencentcloud/credentials"));
        ProfileProvider { profile: "default".to_owned(), paths, explicit }
    }

    /// Reads exactly these files, in order.
    pub fn with_paths(paths: impl IntoIterator<Item = PathBuf>) -> Self {
        ProfileProvider { profile: "default".to_owned(), paths: paths.into_iter().collect(), explicit: None }
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
        let bytes = read_bounded(path).map_err(|e| {
            let missing = matches!(&e, FileError::Io(e) if e.kind() == std::io::ErrorKind::NotFound);
            let kind = if missing && self.explicit.as_deref() != Some(path) {
                CredentialsErrorKind::NotFound
            } else {
                CredentialsErrorKind::Unreadable
            };
            let named = if self.explicit.as_deref() == Some(path) {
                format!(" (named by {ENV_CREDENTIALS_FILE})")
            } else {
                String::new()
            };
            CredentialsError::new(kind, format!("{shown}{named}: {e}"))
        })?;
        // The file holds the secret key: every copy of it is zeroed when dropped.
        let text = zeroize::Zeroizing::new(String::from_utf8(bytes).map_err(|e| {
            drop(zeroize::Zeroizing::new(e.into_bytes()));
            CredentialsError::new(CredentialsErrorKind::Unreadable, format!("{shown}: not valid UTF-8"))
        })?);
        let sections =
            ZeroizedIni(try_parse_ini(&text).map_err(|e| {
                CredentialsError::new(CredentialsErrorKind::Invalid, format!("{shown}: malformed: {e}"))
            })?);
        let sections = &sections.0;
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

    /// The credentials of the first file that exists, read in place (blocking); a
    /// file that exists but is unusable is an error rather than skipped.
    pub fn load(&self) -> Result<Credentials, CredentialsError> {
        let mut tried = Vec::new();
        for path in &self.paths {
            match self.load_file(path) {
                Ok(creds) => return Ok(creds),
                Err(e) if e.kind() == CredentialsErrorKind::NotFound && !path.exists() => {
                    tried.push(e.message().to_owned())
                }
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
        Box::pin(async move {
            if tokio::runtime::Handle::try_current().is_err() {
                return self.load();
            }
            let provider = self.clone();
            tokio::task::spawn_blocking(move || provider.load()).await.unwrap_or_else(|e| {
                Err(CredentialsError::new(CredentialsErrorKind::Unreadable, format!("profile file reader failed: {e}")))
            })
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
    fn ini_parsing_like_configparser() {
        let ini = parse_ini("\u{feff}[default]\r\nSecret_ID: a:b\r\nSECRET_KEY = k=v\r\n  token :t\r\n");
        assert_eq!(ini["default"]["secret_id"], "a:b");
        assert_eq!(ini["default"]["secret_key"], "k=v");
        assert_eq!(ini["default"]["token"], "t");
        assert_eq!(ini["default"].len(), 3);
    }
}
