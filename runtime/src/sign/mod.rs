//! TC3-HMAC-SHA256, the request signature of Tencent Cloud API 3.0.
//!
//! [`sign`] computes every intermediate value (hashed payload, canonical request,
//! string to sign, signature, `Authorization` header) so tests can compare each level
//! with the official SDK's vectors.

use std::borrow::Cow;
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

fn keyed(key: &[u8]) -> HmacSha256 {
    // HMAC accepts keys of any length, so this never fails.
    match HmacSha256::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC-SHA256 takes keys of any length"),
    }
}

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = keyed(key);
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// Hex SHA-256 of `data`.
pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

/// Lower-case hex of 32 bytes, on the stack.
fn hex32(bytes: &[u8]) -> [u8; 64] {
    let mut out = [0u8; 64];
    // 32 bytes always fill 64 hex digits exactly.
    if hex::encode_to_slice(bytes, &mut out).is_err() {
        unreachable!("32 bytes are 64 hex digits");
    }
    out
}

/// Days since the Unix epoch to `(year, month, day)` (Howard Hinnant's days-to-civil).
fn civil(timestamp: i64) -> (i64, i64, i64) {
    let days = timestamp.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// The UTC calendar date (`YYYY-MM-DD`) of a Unix timestamp.
pub fn utc_date(timestamp: i64) -> String {
    let (year, month, day) = civil(timestamp);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The UTC date of `timestamp` as `YYYY-MM-DD` on the stack, for years 0 to 9999 (the
/// only ones a clock gives); `None` outside them.
fn utc_date_bytes(timestamp: i64) -> Option<[u8; 10]> {
    let (year, month, day) = civil(timestamp);
    if !(0..=9999).contains(&year) {
        return None;
    }
    let digit = |n: i64| b'0' + (n % 10) as u8;
    Some([
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
        b'-',
        digit(month / 10),
        digit(month),
        b'-',
        digit(day / 10),
        digit(day),
    ])
}

/// The derived TC3 signing key of one SecretKey, UTC date and service
/// (`HMAC(HMAC(HMAC("TC3" + SecretKey, date), service), "tc3_request")`), kept as an
/// HMAC already keyed with it. Deriving takes three HMACs; a client derives it once per
/// key, day and service ([`SigningKeyCache`]). Its `Debug` output never shows the key.
#[derive(Clone)]
pub struct SigningKey {
    mac: HmacSha256,
}

impl SigningKey {
    /// Derives the signing key of `secret_key` for the UTC date of `timestamp` and `service`.
    pub fn derive(secret_key: &str, timestamp: i64, service: &str) -> SigningKey {
        let date = utc_date(timestamp);
        let mut root = Vec::with_capacity(3 + secret_key.len());
        root.extend_from_slice(b"TC3");
        root.extend_from_slice(secret_key.as_bytes());
        let secret_date = hmac(&root, date.as_bytes());
        wipe(&mut root);
        let secret_service = hmac(&secret_date, service.as_bytes());
        let secret_signing = hmac(&secret_service, b"tc3_request");
        SigningKey { mac: keyed(&secret_signing) }
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey(<redacted>)")
    }
}

/// Overwrites `bytes` with zeros (best effort: the optimizer is told the result is used).
fn wipe(bytes: &mut [u8]) {
    bytes.iter_mut().for_each(|b| *b = 0);
    std::hint::black_box(bytes);
}

/// A SecretKey kept for comparison only, zeroed when dropped.
struct SecretCopy(Box<[u8]>);

impl SecretCopy {
    /// Compares without an early exit on the first differing byte.
    fn matches(&self, other: &str) -> bool {
        let other = other.as_bytes();
        self.0.len() == other.len() && self.0.iter().zip(other).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
    }
}

impl Drop for SecretCopy {
    fn drop(&mut self) {
        wipe(&mut self.0);
    }
}

struct CachedKey {
    secret_key: SecretCopy,
    day: i64,
    service: Box<str>,
    key: SigningKey,
}

/// The most recently derived signing keys, per SecretKey, UTC day and service, so a
/// client signs each call with one HMAC instead of four. Bounded
/// ([`SigningKeyCache::CAPACITY`] entries, the oldest replaced first); the SecretKey
/// copies it keeps for comparison are zeroed when replaced or dropped, and `Debug`
/// shows only the number of entries.
#[derive(Default)]
pub struct SigningKeyCache {
    entries: std::sync::Mutex<Vec<CachedKey>>,
}

impl SigningKeyCache {
    /// The most entries kept.
    pub const CAPACITY: usize = 16;

    /// An empty cache.
    pub fn new() -> SigningKeyCache {
        SigningKeyCache::default()
    }

    /// The signing key of `secret_key` for the UTC day of `timestamp` and `service`,
    /// derived on the first use of that triple.
    pub fn get(&self, secret_key: &str, timestamp: i64, service: &str) -> SigningKey {
        let day = timestamp.div_euclid(86_400);
        // A panic elsewhere while holding the lock leaves the entries whole.
        let mut entries = self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(hit) =
            entries.iter().find(|e| e.day == day && &*e.service == service && e.secret_key.matches(secret_key))
        {
            return hit.key.clone();
        }
        let key = SigningKey::derive(secret_key, timestamp, service);
        if entries.len() >= Self::CAPACITY {
            entries.remove(0);
        }
        entries.push(CachedKey {
            secret_key: SecretCopy(secret_key.as_bytes().into()),
            day,
            service: service.into(),
            key: key.clone(),
        });
        key
    }

    /// How many keys are cached.
    pub fn len(&self) -> usize {
        self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner).len()
    }

    /// Whether no key is cached.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl fmt::Debug for SigningKeyCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKeyCache").field("entries", &self.len()).finish()
    }
}

/// The signed headers of a request, trimmed, lower-cased and sorted.
enum CanonicalHeaders<'a> {
    /// The headers as given: they already are (the client's always are), so nothing is
    /// copied.
    AsGiven(&'a [(&'a str, &'a str)]),
    /// A canonical copy of headers that were not.
    Rewritten(Vec<(Cow<'a, str>, Cow<'a, str>)>),
}

impl CanonicalHeaders<'_> {
    /// The `(name, value)` pairs, in order.
    fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        let (given, rewritten) = match self {
            CanonicalHeaders::AsGiven(given) => (*given, &[][..]),
            CanonicalHeaders::Rewritten(rewritten) => (&[][..], rewritten.as_slice()),
        };
        given.iter().map(|(n, v)| (*n, *v)).chain(rewritten.iter().map(|(n, v)| (n.as_ref(), v.as_ref())))
    }
}

/// The signed headers of `input`, trimmed, lower-cased and sorted; as given when they
/// already are (checking costs less than copying and sorting).
fn canonical_headers<'a>(headers: &'a [(&'a str, &'a str)]) -> CanonicalHeaders<'a> {
    fn is_canonical(s: &str) -> bool {
        // Without an early exit the scan for capitals is vectorized; `trim` only looks
        // at the ends.
        let capitals = s.bytes().fold(false, |seen, b| seen | b.is_ascii_uppercase());
        !capitals && s.trim().len() == s.len()
    }
    fn canonical(s: &str) -> Cow<'_, str> {
        let trimmed = s.trim();
        if trimmed.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(trimmed.to_ascii_lowercase())
        } else {
            Cow::Borrowed(trimmed)
        }
    }
    if headers.iter().all(|(name, value)| is_canonical(name) && is_canonical(value)) && headers.is_sorted() {
        return CanonicalHeaders::AsGiven(headers);
    }
    let mut out: Vec<_> = headers.iter().map(|(name, value)| (canonical(name), canonical(value))).collect();
    out.sort();
    CanonicalHeaders::Rewritten(out)
}

/// Feeds the canonical request of `input` to `sink`, piece by piece, and returns the hex
/// SHA-256 of the payload.
fn canonical_request(
    input: &SigningInput<'_>,
    headers: &CanonicalHeaders<'_>,
    mut sink: impl FnMut(&[u8]),
) -> [u8; 64] {
    let hashed_payload = hex32(&Sha256::digest(input.payload));
    canonical_prefix(input.method, input.canonical_uri, input.canonical_query, headers, &mut sink);
    sink(&hashed_payload);
    hashed_payload
}

/// Feeds the canonical request up to the payload hash to `sink`: the part that depends
/// only on the method, URI, query and signed headers.
fn canonical_prefix(
    method: &str,
    canonical_uri: &str,
    canonical_query: &str,
    headers: &CanonicalHeaders<'_>,
    mut sink: impl FnMut(&[u8]),
) {
    for part in [method, "\n", canonical_uri, "\n", canonical_query, "\n"] {
        sink(part.as_bytes());
    }
    for (name, value) in headers.pairs() {
        for part in [name, ":", value, "\n"] {
            sink(part.as_bytes());
        }
    }
    sink(b"\n");
    signed_headers(headers, &mut sink);
    sink(b"\n");
}

/// The canonical request of every request with one method, URI, query and set of signed
/// headers, up to the payload hash, already fed to SHA-256 (with the signed header
/// names): what [`authorization_after`] adds a payload to. A client builds it once per
/// host instead of hashing those twenty-odd pieces on every call.
#[derive(Clone)]
pub struct CanonicalPrefix {
    hasher: Sha256,
    signed_headers: String,
}

impl CanonicalPrefix {
    /// The prefix of requests with `method`, `canonical_uri`, `canonical_query` and the
    /// signed `headers` (made canonical here when they are not).
    pub fn new(method: &str, canonical_uri: &str, canonical_query: &str, headers: &[(&str, &str)]) -> Self {
        let headers = canonical_headers(headers);
        let mut hasher = Sha256::new();
        canonical_prefix(method, canonical_uri, canonical_query, &headers, |part| hasher.update(part));
        let mut signed = String::new();
        signed_headers(&headers, |part| signed.push_str(ascii(part)));
        CanonicalPrefix { hasher, signed_headers: signed }
    }

    /// The prefix of `input`'s method, URI, query and headers.
    pub fn of(input: &SigningInput<'_>) -> Self {
        CanonicalPrefix::new(input.method, input.canonical_uri, input.canonical_query, input.headers)
    }
}

impl fmt::Debug for CanonicalPrefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CanonicalPrefix").field("signed_headers", &self.signed_headers).finish_non_exhaustive()
    }
}

/// Feeds the `;`-joined header names to `sink`.
fn signed_headers(headers: &CanonicalHeaders<'_>, mut sink: impl FnMut(&[u8])) {
    for (i, (name, _)) in headers.pairs().enumerate() {
        if i > 0 {
            sink(b";");
        }
        sink(name.as_bytes());
    }
}

/// The `Authorization` header of `input` signed with `key`, which must be the key of
/// `input.secret_key` for the date of `input.timestamp` and `input.service`
/// ([`SigningKeyCache::get`]). Byte for byte what [`sign`] gives, without its
/// intermediate strings: the canonical request and the string to sign are hashed as
/// they are produced.
pub fn authorization(input: &SigningInput<'_>, key: &SigningKey) -> String {
    authorization_after(&CanonicalPrefix::of(input), input, key)
}

/// [`authorization`] with the canonical request's prefix built ahead: `prefix` must be
/// [`CanonicalPrefix::of`] `input` (same method, URI, query and signed headers), as a
/// client's prefix per host is for each of its requests.
pub fn authorization_after(prefix: &CanonicalPrefix, input: &SigningInput<'_>, key: &SigningKey) -> String {
    let Some(date) = utc_date_bytes(input.timestamp) else {
        return sign(input).authorization;
    };
    let mut hasher = prefix.hasher.clone();
    hasher.update(hex32(&Sha256::digest(input.payload)));
    let hashed_canonical_request = hex32(&hasher.finalize());
    // The string to sign, assembled on the stack and fed to the HMAC at once; a service
    // name too long for the buffer is fed in pieces.
    let mut digits = [0u8; 20];
    let timestamp = decimal(input.timestamp, &mut digits);
    let mut mac = key.mac.clone();
    let mut buf = [0u8; 192];
    let mut at = 0;
    for part in
        [ALGORITHM.as_bytes(), b"\n", timestamp, b"\n", &date, b"/", input.service.as_bytes(), b"/tc3_request\n"]
    {
        match buf.get_mut(at..at + part.len()) {
            Some(slot) => {
                slot.copy_from_slice(part);
                at += part.len();
            }
            None => {
                mac.update(&buf[..at]);
                at = 0;
                mac.update(part);
            }
        }
    }
    mac.update(&buf[..at]);
    mac.update(&hashed_canonical_request);
    let signature = hex32(&mac.finalize().into_bytes());
    let mut out = String::with_capacity(
        ALGORITHM.len() + input.secret_id.len() + input.service.len() + prefix.signed_headers.len() + 120,
    );
    out.push_str(ALGORITHM);
    out.push_str(" Credential=");
    out.push_str(input.secret_id);
    out.push('/');
    out.push_str(ascii(&date));
    out.push('/');
    out.push_str(input.service);
    out.push_str("/tc3_request, SignedHeaders=");
    out.push_str(&prefix.signed_headers);
    out.push_str(", Signature=");
    out.push_str(ascii(&signature));
    out
}

/// The decimal form of `n` (as `i64::to_string` writes it), written at the end of `buf`.
fn decimal(n: i64, buf: &mut [u8; 20]) -> &[u8] {
    let mut rest = n.unsigned_abs();
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if n < 0 {
        at -= 1;
        buf[at] = b'-';
    }
    &buf[at..]
}

/// Bytes known to be ASCII (hex digits, dates, header names) as a `str`.
fn ascii(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap_or_default()
}

/// Signs a request with TC3-HMAC-SHA256.
pub fn sign(input: &SigningInput<'_>) -> Signed {
    let headers = canonical_headers(input.headers);
    let mut canonical = Vec::with_capacity(256);
    let hashed_payload = canonical_request(input, &headers, |part| canonical.extend_from_slice(part));
    let canonical_request = String::from_utf8_lossy(&canonical).into_owned();
    let mut names = Vec::new();
    signed_headers(&headers, |part| names.extend_from_slice(part));
    let signed_headers = String::from_utf8_lossy(&names).into_owned();
    let hashed_payload = ascii(&hashed_payload).to_owned();
    let hashed_canonical_request = sha256_hex(canonical_request.as_bytes());
    let date = utc_date(input.timestamp);
    let credential_scope = format!("{date}/{}/tc3_request", input.service);
    let string_to_sign = format!("{ALGORITHM}\n{}\n{credential_scope}\n{hashed_canonical_request}", input.timestamp);
    let mut root = format!("TC3{}", input.secret_key).into_bytes();
    let secret_date = hmac(&root, date.as_bytes());
    wipe(&mut root);
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
mod tests;
