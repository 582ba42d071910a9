//! TC3-HMAC-SHA256, the request signature of Tencent Cloud API 3.0.
//!
//! [`sign`] computes every intermediate value (hashed payload, canonical request,
//! string to sign, signature, `Authorization` header) so tests can compare each level
//! with the official SDK's vectors.

use std::fmt;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// The signature algorithm name, first in the string to sign and the header.
pub const ALGORITHM: &str = "TC3-HMAC-SHA256";

/// Everything a TC3 signature covers.
#[derive(Clone, Copy)]
pub struct SigningInput<'a> {
    /// HTTP method (`POST`, `GET`).
    pub method: &'a str,
    /// Canonical URI; always `/` for API 3.0.
    pub canonical_uri: &'a str,
    /// Canonical query string (empty for POST).
    pub canonical_query: &'a str,
    /// Headers to sign as `(name, value)`; names are lower-cased and sorted, values
    /// trimmed and lower-cased, as the signature documentation specifies.
    pub headers: &'a [(&'a str, &'a str)],
    /// The exact body bytes sent.
    pub payload: &'a [u8],
    /// Service short name, part of the credential scope (`trtc`).
    pub service: &'a str,
    /// `X-TC-Timestamp`, seconds since the Unix epoch; its UTC date is the scope date.
    pub timestamp: i64,
    /// SecretId, named in the `Authorization` header.
    pub secret_id: &'a str,
    /// SecretKey, the root of the signing key. Never printed.
    pub secret_key: &'a str,
}

impl fmt::Debug for SigningInput<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningInput")
            .field("method", &self.method)
            .field("canonical_uri", &self.canonical_uri)
            .field("canonical_query", &self.canonical_query)
            .field("headers", &self.headers)
            .field("payload_len", &self.payload.len())
            .field("service", &self.service)
            .field("timestamp", &self.timestamp)
            .field("secret_id", &self.secret_id)
            .field("secret_key", &"<redacted>")
            .finish()
    }
}

/// Every intermediate value of one signature, and the final `Authorization` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    /// Hex SHA-256 of the payload.
    pub hashed_payload: String,
    /// Sorted, `;`-joined lower-case names of the signed headers.
    pub signed_headers: String,
    /// The canonical request.
    pub canonical_request: String,
    /// Hex SHA-256 of the canonical request.
    pub hashed_canonical_request: String,
    /// `YYYY-MM-DD/{service}/tc3_request`.
    pub credential_scope: String,
    /// The string to sign.
    pub string_to_sign: String,
    /// Hex HMAC-SHA256 signature.
    pub signature: String,
    /// Value of the `Authorization` header.
    pub authorization: String,
}

type HmacSha256 = Hmac<Sha256>;

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    // HMAC accepts keys of any length, so this never fails.
    let mut mac = match HmacSha256::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC-SHA256 takes keys of any length"),
    };
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// Hex SHA-256 of `data`.
pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

/// The UTC calendar date (`YYYY-MM-DD`) of a Unix timestamp.
pub fn utc_date(timestamp: i64) -> String {
    // Howard Hinnant's days-to-civil algorithm.
    let days = timestamp.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Signs a request with TC3-HMAC-SHA256.
pub fn sign(input: &SigningInput<'_>) -> Signed {
    let mut headers: Vec<(String, String)> = input
        .headers
        .iter()
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_ascii_lowercase()))
        .collect();
    headers.sort();
    let mut canonical_headers = String::new();
    for (name, value) in &headers {
        canonical_headers.push_str(name);
        canonical_headers.push(':');
        canonical_headers.push_str(value);
        canonical_headers.push('\n');
    }
    let signed_headers = headers.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(";");
    let hashed_payload = sha256_hex(input.payload);
    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        input.method, input.canonical_uri, input.canonical_query, canonical_headers, signed_headers, hashed_payload
    );
    let hashed_canonical_request = sha256_hex(canonical_request.as_bytes());
    let date = utc_date(input.timestamp);
    let credential_scope = format!("{date}/{}/tc3_request", input.service);
    let string_to_sign = format!("{ALGORITHM}\n{}\n{credential_scope}\n{hashed_canonical_request}", input.timestamp);
    let secret_date = hmac(format!("TC3{}", input.secret_key).as_bytes(), date.as_bytes());
    let secret_service = hmac(&secret_date, input.service.as_bytes());
    let secret_signing = hmac(&secret_service, b"tc3_request");
    let signature = hex::encode(hmac(&secret_signing, string_to_sign.as_bytes()));
    let authorization = format!(
        "{ALGORITHM} Credential={}/{credential_scope}, SignedHeaders={signed_headers}, Signature={signature}",
        input.secret_id
    );
    Signed {
        hashed_payload,
        signed_headers,
        canonical_request,
        hashed_canonical_request,
        credential_scope,
        string_to_sign,
        signature,
        authorization,
    }
}

#[cfg(test)]
#[path = "sign_mutants.rs"]
mod mutants_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_near_midnight_and_far() {
        assert_eq!(utc_date(0), "1970-01-01");
        assert_eq!(utc_date(1_711_929_599), "2024-03-31");
        assert_eq!(utc_date(1_711_929_600), "2024-04-01");
        assert_eq!(utc_date(951_782_400), "2000-02-29");
        assert_eq!(utc_date(-1), "1969-12-31");
        assert_eq!(utc_date(4_102_444_800), "2100-01-01");
    }

    #[test]
    fn debug_hides_the_key() {
        let input = SigningInput {
            method: "POST",
            canonical_uri: "/",
            canonical_query: "",
            headers: &[],
            payload: b"{}",
            service: "cvm",
            timestamp: 0,
            secret_id: "AKIDid",
            secret_key: "very-secret-key",
        };
        assert!(!format!("{input:?}").contains("very-secret-key"));
    }
}
