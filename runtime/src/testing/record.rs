//! Recording real exchanges as replay fixtures (feature `test-util`).
//!
//! [`RecordingTransport`] wraps any transport, forwards each request, and writes the
//! exchange to a file of the [`Fixture`] format that
//! [`ReplayTransport`](crate::test_util::ReplayTransport) reads back. Nothing secret
//! is written:
//!
//! - the `Authorization`, `X-TC-Token`, `X-TC-Timestamp`, `X-TC-RequestClient` and
//!   `Host` headers are left out;
//! - every string member whose name says it holds a secret (`SecretKey`, `SecretId`,
//!   `Token`, `Password`, ... case-insensitively, as suffixes: `TmpSecretKey`,
//!   `SessionToken`) is replaced with `<redacted>`, in request and response bodies;
//! - every occurrence of a value given to [`RecordingTransport::redact`] or
//!   [`RecordingTransport::redact_credentials`] (the secret id, key and token used)
//!   is replaced with `<redacted>`, wherever it appears;
//! - the written text is checked once more for those values, and the file is not
//!   written if one is still found.
//!
//! A reply of server-sent events is recorded whole (its text in `body_text`, its
//! `Content-Type` with the headers): a call through the recorder
//! ([`Transport::send_streaming`]'s default) reads the stream to its end before the
//! client sees its first event.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use serde_json::Value;

use super::test_util::{Exchange, Fixture, RecordedRequest, RecordedResponse};
use crate::credentials::Credentials;
use crate::error::{TransportError, TransportErrorKind};
use crate::future::BoxFuture;
use crate::transport::Transport;

/// What replaces a secret in a written fixture.
pub const REDACTED: &str = "<redacted>";

/// Request headers never written (secrets, or values that change on every run).
const DROPPED_HEADERS: [&str; 8] = [
    "Authorization",
    "X-TC-Token",
    "X-TC-Timestamp",
    "X-TC-RequestClient",
    "Host",
    "X-TC-Action",
    "X-TC-Version",
    "X-TC-Region",
];

/// Member-name suffixes (lower case) whose string values are secrets: keys and tokens,
/// passwords, and the signatures and keys TRTC and others take as parameters
/// (`UserSig`, `PrivateMapKey`, `APIKey`).
const SECRET_NAMES: [&str; 11] = [
    "secretkey",
    "secretid",
    "token",
    "password",
    "secret",
    "accesskey",
    "apikey",
    "privatemapkey",
    "privatekey",
    "usersig",
    "signature",
];

/// Forwards every request to the inner transport and writes each exchange as a
/// fixture file `NNNN-<Action>.json` in a directory.
#[derive(Debug, Clone)]
pub struct RecordingTransport<T> {
    inner: T,
    dir: PathBuf,
    secrets: Vec<String>,
    count: Arc<Mutex<usize>>,
}

impl<T: Transport> RecordingTransport<T> {
    /// Records the exchanges of `inner` into `dir` (created when missing).
    pub fn new(inner: T, dir: impl Into<PathBuf>) -> Self {
        RecordingTransport { inner, dir: dir.into(), secrets: Vec::new(), count: Arc::new(Mutex::new(0)) }
    }

    /// Also replaces every occurrence of `secret` (ignored when empty).
    pub fn redact(mut self, secret: impl Into<String>) -> Self {
        let secret = secret.into();
        if !secret.is_empty() {
            self.secrets.push(secret);
        }
        self
    }

    /// Also replaces the secret id, the secret key and the token of `credentials`.
    pub fn redact_credentials(self, credentials: &Credentials) -> Self {
        let this = self.redact(credentials.secret_id()).redact(credentials.secret_key());
        match credentials.token() {
            Some(token) => this.redact(token),
            None => this,
        }
    }

    /// The directory fixtures are written to.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes one exchange; the path written.
    fn write(&self, exchange: Exchange) -> Result<PathBuf, TransportError> {
        let io = |e: std::io::Error| TransportError::new(TransportErrorKind::Other, format!("recorder: {e}"));
        let action = exchange.request.action.clone();
        let fixture =
            Fixture { description: format!("recorded {action}"), exchanges: vec![exchange], known_issue: None };
        let text = serde_json::to_string_pretty(&fixture)
            .map_err(|e| TransportError::new(TransportErrorKind::Other, format!("recorder: {e}")))?;
        if self.secrets.iter().any(|s| text.contains(s.as_str())) {
            return Err(TransportError::new(
                TransportErrorKind::Other,
                "recorder: a secret survived redaction; the fixture was not written",
            ));
        }
        std::fs::create_dir_all(&self.dir).map_err(io)?;
        let n = {
            let mut count = self.count.lock().unwrap_or_else(PoisonError::into_inner);
            *count += 1;
            *count
        };
        let safe: String = action.chars().filter(char::is_ascii_alphanumeric).collect();
        let path = self.dir.join(format!("{n:04}-{safe}.json"));
        std::fs::write(&path, text + "\n").map_err(io)?;
        Ok(path)
    }

    fn scrub(&self, value: &mut Value) {
        scrub(value, &self.secrets);
    }

    fn scrub_text(&self, text: &str) -> String {
        self.secrets.iter().fold(text.to_owned(), |t, s| t.replace(s.as_str(), REDACTED))
    }

    fn recorded_request(&self, request: &http::Request<Vec<u8>>) -> RecordedRequest {
        let header = |name: &str| request.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let mut headers = BTreeMap::new();
        for (name, value) in request.headers() {
            if DROPPED_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name.as_str())) {
                continue;
            }
            if let Ok(v) = value.to_str() {
                headers.insert(canonical(name.as_str()), self.scrub_text(v));
            }
        }
        let mut body = serde_json::from_slice(request.body())
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(request.body()).into_owned()));
        self.scrub(&mut body);
        RecordedRequest {
            action: header("X-TC-Action").unwrap_or_default(),
            version: header("X-TC-Version"),
            region: header("X-TC-Region"),
            headers,
            body,
        }
    }

    fn recorded_response(&self, response: &http::Response<Vec<u8>>) -> RecordedResponse {
        let mut headers = BTreeMap::new();
        for (name, value) in response.headers() {
            if let Ok(v) = value.to_str() {
                headers.insert(canonical(name.as_str()), self.scrub_text(v));
            }
        }
        let (body, body_text) = match serde_json::from_slice::<Value>(response.body()) {
            Ok(mut v) => {
                self.scrub(&mut v);
                (Some(v), None)
            }
            Err(_) => (None, Some(self.scrub_text(&String::from_utf8_lossy(response.body())))),
        };
        // The headers hold the content type (of a stream of events too).
        RecordedResponse { status: response.status().as_u16(), headers, body, body_text, content_type: None }
    }
}

/// `x-tc-language` → `X-TC-Language`, `content-type` → `Content-Type`.
fn canonical(name: &str) -> String {
    name.split('-')
        .map(|part| {
            if part.eq_ignore_ascii_case("tc") {
                "TC".to_owned()
            } else {
                let mut c = part.chars();
                c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
            }
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// Whether a member named `name` holds a secret.
pub fn is_secret_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    SECRET_NAMES.iter().any(|s| lower.ends_with(s))
}

/// Replaces secret members and every occurrence of `secrets` in `value`.
fn scrub(value: &mut Value, secrets: &[String]) {
    match value {
        Value::String(s) => {
            for secret in secrets {
                if s.contains(secret.as_str()) {
                    *s = s.replace(secret.as_str(), REDACTED);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| scrub(v, secrets)),
        Value::Object(map) => {
            let entries = std::mem::take(map);
            for (key, mut v) in entries {
                if is_secret_name(&key) && v.is_string() {
                    v = Value::String(REDACTED.to_owned());
                }
                scrub(&mut v, secrets);
                let key = secrets.iter().fold(key, |k, s| k.replace(s.as_str(), REDACTED));
                map.insert(key, v);
            }
        }
        _ => {}
    }
}

impl<T: Transport> Transport for RecordingTransport<T> {
    fn send(&self, request: http::Request<Vec<u8>>) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>> {
        let recorded = self.recorded_request(&request);
        Box::pin(async move {
            let response = self.inner.send(request).await?;
            let exchange = Exchange { request: recorded, response: self.recorded_response(&response) };
            self.write(exchange)?;
            Ok(response)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::is_secret_name;

    #[test]
    fn secret_names_include_the_signatures_and_keys_services_take() {
        for name in ["SecretKey", "TmpSecretKey", "Token", "UserSig", "PrivateMapKey", "APIKey", "Password"] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in ["SdkAppId", "UserId", "RoomId", "Keyword"] {
            assert!(!is_secret_name(name), "{name}");
        }
    }
}
