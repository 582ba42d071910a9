//! A real HTTP/1.1 server on 127.0.0.1 for end-to-end tests, plain or over TLS. It
//! records every request and verifies its TC3-HMAC-SHA256 signature with its own
//! implementation (hmac + sha2 here, not the runtime's signer), recomputing it from the
//! received headers and body. [`Received::assert_headers`] checks the complete header set
//! of one request against what the official SDKs send.
//!
//! The TLS mode ([`LoopbackServer::start_https`]) serves a self-signed certificate for a
//! real host name, generated at start with `rcgen`; a client that trusts only that
//! certificate and resolves the host name to the server's address
//! ([`LoopbackServer::https_client_builder`]) reaches it under that name, so a regional
//! endpoint such as `https://trtc.ap-beijing.tencentcloudapi.com` is tested for real.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::rustls;

/// A request as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    /// Request line method.
    pub method: String,
    /// Request target.
    pub path: String,
    /// Protocol of the request line (`HTTP/1.1`).
    pub protocol: String,
    /// Headers by lower-case name (the last value when a name repeats; see `raw_headers`).
    pub headers: BTreeMap<String, String>,
    /// Every header line in order, name lower-cased, value trimmed.
    pub raw_headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
    /// `Ok` when the signature verified (or the request was `SKIP`), else why not.
    pub signature: Result<(), String>,
    /// The TLS server name (SNI) the client asked for; `None` over plain HTTP.
    pub tls_server_name: Option<String>,
}

impl Received {
    /// A header value by (case-insensitive) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(&name.to_ascii_lowercase()).map(String::as_str)
    }

    /// How many times the header `name` (case-insensitive) was sent.
    pub fn header_count(&self, name: &str) -> usize {
        let name = name.to_ascii_lowercase();
        self.raw_headers.iter().filter(|(n, _)| *n == name).count()
    }

    /// The body as UTF-8 (lossily).
    pub fn body_str(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Asserts the request line and the complete header set: every header the official
    /// SDKs send, once, with exactly the expected value; `X-TC-Token` only with a token;
    /// an `Authorization` of the exact TC3 shape whose signature this module recomputed
    /// (or exactly `SKIP`); and nothing else but `Content-Length` (the body length) and
    /// reqwest's `Accept: */*`.
    pub fn assert_headers(&self, expected: &ExpectedHeaders<'_>) {
        assert_eq!(
            (self.method.as_str(), self.path.as_str(), self.protocol.as_str()),
            ("POST", "/", "HTTP/1.1"),
            "request line"
        );
        let mut want: Vec<(&str, String)> = vec![
            ("content-type", "application/json".to_owned()),
            ("host", expected.host.to_owned()),
            ("x-tc-action", expected.action.to_owned()),
            ("x-tc-version", expected.version.to_owned()),
            ("x-tc-timestamp", expected.timestamp.to_string()),
            ("x-tc-region", expected.region.to_owned()),
            ("x-tc-language", expected.language.to_owned()),
            ("x-tc-requestclient", tencentcloud_runtime::config::default_request_client()),
            ("content-length", self.body.len().to_string()),
        ];
        if let Some(token) = expected.token {
            want.push(("x-tc-token", token.to_owned()));
        }
        for (name, value) in &want {
            assert_eq!(self.header_count(name), 1, "{name} must be sent exactly once; got {:?}", self.raw_headers);
            assert_eq!(self.header(name), Some(value.as_str()), "header {name}");
        }
        let client = self.header("x-tc-requestclient").unwrap_or_default();
        assert!(client.starts_with("SDK_RUST_"), "X-TC-RequestClient {client:?}");
        assert!(
            expected.language == "zh-CN" || expected.language == "en-US",
            "X-TC-Language is zh-CN or en-US, not {:?}",
            expected.language
        );

        assert_eq!(self.header_count("authorization"), 1, "one Authorization; got {:?}", self.raw_headers);
        let auth = self.header("authorization").unwrap_or_default();
        match expected.auth {
            Auth::Skip => assert_eq!(auth, "SKIP", "unsigned actions send Authorization: SKIP"),
            Auth::Signed { secret_id, service } => {
                let prefix = format!(
                    "TC3-HMAC-SHA256 Credential={secret_id}/{}/{service}/tc3_request, SignedHeaders=content-type;host, Signature=",
                    utc_date(expected.timestamp)
                );
                let signature = auth
                    .strip_prefix(&prefix)
                    .unwrap_or_else(|| panic!("Authorization {auth:?} does not start with {prefix:?}"));
                assert!(
                    signature.len() == 64
                        && signature.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
                    "signature {signature:?} is not 64 lower-case hex digits"
                );
                assert_eq!(self.signature, Ok(()), "independent TC3 verification");
            }
        }

        for (name, value) in &self.raw_headers {
            let known = name == "authorization" || want.iter().any(|(n, _)| n == name);
            match name.as_str() {
                _ if known => {}
                "accept" => assert_eq!(value, "*/*", "Accept"),
                other => panic!("unexpected header {other}: {value:?}"),
            }
        }
    }
}

/// How a request is expected to be authorized.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth<'a> {
    /// `TC3-HMAC-SHA256` with this secret id and credential-scope service, and a
    /// signature that verifies.
    Signed {
        /// The SecretId in the credential scope.
        secret_id: &'a str,
        /// The service in the credential scope (`trtc`).
        service: &'a str,
    },
    /// Exactly `Authorization: SKIP`.
    Skip,
}

/// The exact header values [`Received::assert_headers`] expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExpectedHeaders<'a> {
    /// `Host` (`127.0.0.1:PORT`, `trtc.ap-beijing.tencentcloudapi.com`).
    pub host: &'a str,
    /// `X-TC-Action`.
    pub action: &'a str,
    /// `X-TC-Version`.
    pub version: &'a str,
    /// `X-TC-Region`.
    pub region: &'a str,
    /// `X-TC-Timestamp`, also the date of the credential scope.
    pub timestamp: i64,
    /// `X-TC-Language`: `zh-CN` or `en-US`.
    pub language: &'a str,
    /// `X-TC-Token`, which must be absent when `None`.
    pub token: Option<&'a str>,
    /// `Authorization`.
    pub auth: Auth<'a>,
}

/// A [`Responder`]'s status that never answers: a stalled server, as far as that
/// request's connection can tell.
pub const STALL: u16 = 0;

/// The server: its address and what it received.
pub struct LoopbackServer {
    addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
    task: tokio::task::JoinHandle<()>,
    tls: Option<Tls>,
}

/// The TLS identity of an HTTPS server.
struct Tls {
    host: String,
    certificate_der: Vec<u8>,
}

/// What the server answers: status and body, chosen per request. A body starting
/// with `<` is sent as `text/html`, anything else as `application/json`. The status
/// [`STALL`] answers nothing: the connection is held open until the server is dropped.
pub type Responder = Arc<dyn Fn(&Received) -> (u16, String) + Send + Sync>;

impl LoopbackServer {
    /// Starts a plain-HTTP server that knows the secret keys of `secrets` (secret id →
    /// key) and answers every request through `respond`.
    pub async fn start(secrets: &[(&str, &str)], respond: Responder) -> LoopbackServer {
        LoopbackServer::spawn(secrets, respond, None).await
    }

    /// Starts an HTTPS server on 127.0.0.1 presenting a freshly generated self-signed
    /// certificate for `host` (HTTP/1.1 only, no ALPN h2).
    pub async fn start_https(host: &str, secrets: &[(&str, &str)], respond: Responder) -> LoopbackServer {
        let rcgen::CertifiedKey { cert, signing_key } =
            rcgen::generate_simple_self_signed(vec![host.to_owned()]).expect("self-signed certificate");
        let certificate_der = cert.der().to_vec();
        let key = rustls::pki_types::PrivateKeyDer::Pkcs8(signing_key.serialize_der().into());
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("TLS versions")
            .with_no_client_auth()
            .with_single_cert(vec![certificate_der.clone().into()], key)
            .expect("server certificate");
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        let mut server = LoopbackServer::spawn(secrets, respond, Some(acceptor)).await;
        server.tls = Some(Tls { host: host.to_owned(), certificate_der });
        server
    }

    async fn spawn(
        secrets: &[(&str, &str)],
        respond: Responder,
        acceptor: Option<tokio_rustls::TlsAcceptor>,
    ) -> LoopbackServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
        let addr = listener.local_addr().expect("addr");
        let received = Arc::new(Mutex::new(Vec::new()));
        let secrets: BTreeMap<String, String> = secrets.iter().map(|(i, k)| (i.to_string(), k.to_string())).collect();
        let log = received.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (log, secrets, respond, acceptor) =
                    (log.clone(), secrets.clone(), respond.clone(), acceptor.clone());
                tokio::spawn(async move {
                    match acceptor {
                        None => {
                            let _ = serve(stream, None, &secrets, &log, &respond).await;
                        }
                        Some(acceptor) => {
                            let Ok(tls) = acceptor.accept(stream).await else { return };
                            let sni = tls.get_ref().1.server_name().map(str::to_owned);
                            let _ = serve(tls, sni, &secrets, &log, &respond).await;
                        }
                    }
                });
            }
        });
        LoopbackServer { addr, received, task, tls: None }
    }

    /// The listening address, `127.0.0.1:PORT`.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`, or `https://HOST:PORT` for an HTTPS server.
    pub fn url(&self) -> String {
        match &self.tls {
            None => format!("http://{}", self.addr),
            Some(tls) => format!("https://{}:{}", tls.host, self.addr.port()),
        }
    }

    /// The DER of the self-signed certificate of an HTTPS server.
    pub fn certificate_der(&self) -> Option<&[u8]> {
        self.tls.as_ref().map(|t| t.certificate_der.as_slice())
    }

    /// For an HTTPS server: a reqwest builder that trusts only its certificate, resolves
    /// its host name to this server (the port too, when the URL names none) and uses no
    /// proxy.
    pub fn https_client_builder(&self) -> reqwest::ClientBuilder {
        let tls = self.tls.as_ref().expect("an HTTPS server");
        let certificate = reqwest::Certificate::from_der(&tls.certificate_der).expect("certificate DER");
        reqwest::Client::builder().no_proxy().resolve(&tls.host, self.addr).tls_certs_only([certificate])
    }

    /// Every request received so far.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().map(|r| r.clone()).unwrap_or_default()
    }
}

impl Drop for LoopbackServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

async fn serve<S: AsyncRead + AsyncWrite + Unpin>(
    mut stream: S,
    tls_server_name: Option<String>,
    secrets: &BTreeMap<String, String>,
    log: &Mutex<Vec<Received>>,
    respond: &Responder,
) -> std::io::Result<()> {
    let mut buf = Vec::new();
    loop {
        let head_end = loop {
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i;
            }
            let mut chunk = [0u8; 4096];
            let n = stream.read(&mut chunk).await?;
            if n == 0 {
                return Ok(());
            }
            buf.extend_from_slice(&chunk[..n]);
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
        let mut lines = head.split("\r\n");
        let mut request_line = lines.next().unwrap_or("").split(' ');
        let method = request_line.next().unwrap_or("").to_owned();
        let path = request_line.next().unwrap_or("").to_owned();
        let protocol = request_line.next().unwrap_or("").to_owned();
        let raw_headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        let headers: BTreeMap<String, String> = raw_headers.iter().cloned().collect();
        let length: usize = headers.get("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
        let mut rest = buf.split_off(head_end + 4);
        while rest.len() < length {
            let mut chunk = vec![0u8; length - rest.len()];
            let n = stream.read(&mut chunk).await?;
            if n == 0 {
                break;
            }
            rest.extend_from_slice(&chunk[..n]);
        }
        // Bytes past this request's body belong to the next request on the connection.
        buf = rest.split_off(length.min(rest.len()));
        let body = rest;
        let signature = verify(&method, &headers, &body, secrets);
        let request = Received {
            method,
            path,
            protocol,
            headers,
            raw_headers,
            body,
            signature,
            tls_server_name: tls_server_name.clone(),
        };
        let (status, reply) = respond(&request);
        if let Ok(mut l) = log.lock() {
            l.push(request);
        }
        if status == STALL {
            std::future::pending::<()>().await;
        }
        let content_type = if reply.starts_with('<') {
            "text/html"
        } else if reply.starts_with("data:") || reply.starts_with("event:") {
            "text/event-stream"
        } else {
            "application/json"
        };
        let response = format!(
            "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n{reply}",
            reason(status),
            reply.len()
        );
        stream.write_all(response.as_bytes()).await?;
        stream.flush().await?;
    }
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

/// UTC calendar date of a Unix timestamp (days-from-civil inverse, H. Hinnant).
pub fn utc_date(ts: i64) -> String {
    let z = ts.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Verifies a TC3-HMAC-SHA256 `Authorization` header against the request.
pub fn verify(
    method: &str,
    headers: &BTreeMap<String, String>,
    body: &[u8],
    secrets: &BTreeMap<String, String>,
) -> Result<(), String> {
    let get = |n: &str| headers.get(n).map(String::as_str).ok_or(format!("missing header {n}"));
    let auth = get("authorization")?;
    if auth == "SKIP" {
        return Ok(());
    }
    let rest = auth.strip_prefix("TC3-HMAC-SHA256 ").ok_or("not TC3-HMAC-SHA256")?;
    let mut parts = BTreeMap::new();
    for p in rest.split(", ") {
        let (k, v) = p.split_once('=').ok_or("malformed Authorization")?;
        parts.insert(k, v);
    }
    let credential = parts.get("Credential").ok_or("no Credential")?;
    let mut cred = credential.split('/');
    let (id, date, service, term) = (cred.next(), cred.next(), cred.next(), cred.next());
    let (Some(id), Some(date), Some(service), Some("tc3_request")) = (id, date, service, term) else {
        return Err(format!("malformed Credential {credential}"));
    };
    let key = secrets.get(id).ok_or(format!("unknown secret id {id}"))?;
    let ts: i64 = get("x-tc-timestamp")?.parse().map_err(|_| "bad timestamp")?;
    if utc_date(ts) != date {
        return Err(format!("credential date {date} is not the UTC date of {ts}"));
    }
    let host = get("host")?;
    if !host.starts_with(&format!("{service}.")) && !host.starts_with("127.0.0.1") {
        return Err(format!("service {service} does not match host {host}"));
    }
    let signed = parts.get("SignedHeaders").ok_or("no SignedHeaders")?;
    let mut canonical_headers = String::new();
    for name in signed.split(';') {
        let value = get(name)?;
        canonical_headers.push_str(&format!("{name}:{}\n", value.trim().to_ascii_lowercase()));
    }
    let canonical = format!("{method}\n/\n\n{canonical_headers}\n{signed}\n{}", hex::encode(Sha256::digest(body)));
    let to_sign = format!(
        "TC3-HMAC-SHA256\n{ts}\n{date}/{service}/tc3_request\n{}",
        hex::encode(Sha256::digest(canonical.as_bytes()))
    );
    let k_date = hmac(format!("TC3{key}").as_bytes(), date.as_bytes());
    let k_service = hmac(&k_date, service.as_bytes());
    let k_signing = hmac(&k_service, b"tc3_request");
    let expected = hex::encode(hmac(&k_signing, to_sign.as_bytes()));
    match parts.get("Signature") {
        Some(sig) if *sig == expected => Ok(()),
        Some(sig) => Err(format!("signature {sig} != recomputed {expected}")),
        None => Err("no Signature".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_dates() {
        assert_eq!(utc_date(0), "1970-01-01");
        assert_eq!(utc_date(1_590_066_000), "2020-05-21");
        assert_eq!(utc_date(1_711_929_599), "2024-03-31");
        assert_eq!(utc_date(1_711_929_600), "2024-04-01");
    }

    /// The example of the official TC3-HMAC-SHA256 documentation (CVM DescribeInstances).
    fn official_example() -> (BTreeMap<String, String>, Vec<u8>, BTreeMap<String, String>) {
        let headers: BTreeMap<String, String> = [
            ("content-type", "application/json; charset=utf-8"),
            ("host", "cvm.tencentcloudapi.com"),
            ("x-tc-timestamp", "1551113065"),
            (
                "authorization",
                "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, \
                 SignedHeaders=content-type;host, \
                 Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168",
            ),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let body =
            br#"{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}"#.to_vec();
        let secrets =
            [("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE".to_owned(), "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE".to_owned())]
                .into_iter()
                .collect();
        (headers, body, secrets)
    }

    #[test]
    fn verifier_accepts_the_official_example_and_rejects_tampering() {
        let (headers, body, secrets) = official_example();
        assert_eq!(verify("POST", &headers, &body, &secrets), Ok(()));

        let mut tampered = body.clone();
        tampered[10] = b'2';
        assert!(verify("POST", &headers, &tampered, &secrets).is_err_and(|e| e.starts_with("signature ")));
        let mut other_host = headers.clone();
        other_host.insert("host".into(), "cvm.ap-beijing.tencentcloudapi.com".into());
        assert!(verify("POST", &other_host, &body, &secrets).is_err());
        let mut other_time = headers.clone();
        other_time.insert("x-tc-timestamp".into(), "1551113066".into());
        assert!(verify("POST", &other_time, &body, &secrets).is_err());
        let wrong_key = [("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE".to_owned(), "other".to_owned())].into_iter().collect();
        assert!(verify("POST", &headers, &body, &wrong_key).is_err());
        assert!(verify("POST", &headers, &body, &BTreeMap::new()).is_err_and(|e| e.contains("unknown secret id")));
        let mut wrong_service = headers.clone();
        wrong_service.insert("host".into(), "trtc.tencentcloudapi.com".into());
        assert!(verify("POST", &wrong_service, &body, &secrets).is_err_and(|e| e.contains("does not match host")));
    }

    /// A well-formed unsigned request as the runtime sends it.
    fn skip_request() -> Received {
        let body = b"{}".to_vec();
        let raw_headers: Vec<(String, String)> = [
            ("host", "127.0.0.1:9"),
            ("content-type", "application/json"),
            ("x-tc-action", "AssumeRoleWithWebIdentity"),
            ("x-tc-requestclient", &tencentcloud_runtime::config::default_request_client()),
            ("x-tc-timestamp", "1590066000"),
            ("x-tc-version", "2018-08-13"),
            ("x-tc-region", "ap-guangzhou"),
            ("x-tc-language", "zh-CN"),
            ("authorization", "SKIP"),
            ("accept", "*/*"),
            ("content-length", "2"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        Received {
            method: "POST".into(),
            path: "/".into(),
            protocol: "HTTP/1.1".into(),
            headers: raw_headers.iter().cloned().collect(),
            raw_headers,
            body,
            signature: Ok(()),
            tls_server_name: None,
        }
    }

    const SKIP_EXPECTED: ExpectedHeaders<'static> = ExpectedHeaders {
        host: "127.0.0.1:9",
        action: "AssumeRoleWithWebIdentity",
        version: "2018-08-13",
        region: "ap-guangzhou",
        timestamp: 1_590_066_000,
        language: "zh-CN",
        token: None,
        auth: Auth::Skip,
    };

    fn with(mut r: Received, name: &str, value: &str) -> Received {
        r.raw_headers.retain(|(n, _)| n != name);
        r.raw_headers.push((name.to_owned(), value.to_owned()));
        r.headers = r.raw_headers.iter().cloned().collect();
        r
    }

    #[test]
    fn header_check_accepts_the_exact_set() {
        skip_request().assert_headers(&SKIP_EXPECTED);
    }

    #[test]
    #[should_panic(expected = "unexpected header x-extra")]
    fn header_check_rejects_an_extra_header() {
        with(skip_request(), "x-extra", "1").assert_headers(&SKIP_EXPECTED);
    }

    #[test]
    #[should_panic(expected = "x-tc-token must be sent exactly once")]
    fn header_check_requires_the_token() {
        skip_request().assert_headers(&ExpectedHeaders { token: Some("T"), ..SKIP_EXPECTED });
    }

    #[test]
    #[should_panic(expected = "unexpected header x-tc-token")]
    fn header_check_rejects_an_unexpected_token() {
        with(skip_request(), "x-tc-token", "T").assert_headers(&SKIP_EXPECTED);
    }

    #[test]
    #[should_panic(expected = "x-tc-action must be sent exactly once")]
    fn header_check_rejects_a_repeated_header() {
        let mut r = skip_request();
        r.raw_headers.push(("x-tc-action".into(), "AssumeRoleWithWebIdentity".into()));
        r.assert_headers(&SKIP_EXPECTED);
    }

    #[test]
    #[should_panic(expected = "header x-tc-language")]
    fn header_check_compares_values() {
        with(skip_request(), "x-tc-language", "en-US").assert_headers(&SKIP_EXPECTED);
    }

    #[test]
    #[should_panic(expected = "does not start with")]
    fn header_check_rejects_skip_when_a_signature_is_expected() {
        skip_request().assert_headers(&ExpectedHeaders {
            auth: Auth::Signed { secret_id: "AKID", service: "sts" },
            ..SKIP_EXPECTED
        });
    }

    #[test]
    #[should_panic(expected = "unsigned actions send Authorization: SKIP")]
    fn header_check_rejects_a_signature_when_skip_is_expected() {
        with(skip_request(), "authorization", "TC3-HMAC-SHA256 Credential=x").assert_headers(&SKIP_EXPECTED);
    }
}
