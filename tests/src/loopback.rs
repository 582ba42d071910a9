//! A real HTTP/1.1 server on 127.0.0.1 for end-to-end tests. It records every request
//! and verifies its TC3-HMAC-SHA256 signature with its own implementation (hmac + sha2
//! here, not the runtime's signer), recomputing it from the received headers and body.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A request as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    /// Request line method.
    pub method: String,
    /// Request target.
    pub path: String,
    /// Headers by lower-case name.
    pub headers: BTreeMap<String, String>,
    /// Body bytes.
    pub body: Vec<u8>,
    /// `Ok` when the signature verified (or the request was `SKIP`), else why not.
    pub signature: Result<(), String>,
}

impl Received {
    /// A header value by (case-insensitive) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(&name.to_ascii_lowercase()).map(String::as_str)
    }
}

/// The server: its address and what it received.
pub struct LoopbackServer {
    addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
    task: tokio::task::JoinHandle<()>,
}

/// What the server answers: status and body, chosen per request.
pub type Responder = Arc<dyn Fn(&Received) -> (u16, String) + Send + Sync>;

impl LoopbackServer {
    /// Starts a server that knows the secret keys of `secrets` (secret id → key) and
    /// answers every request through `respond`.
    pub async fn start(secrets: &[(&str, &str)], respond: Responder) -> LoopbackServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
        let addr = listener.local_addr().expect("addr");
        let received = Arc::new(Mutex::new(Vec::new()));
        let secrets: BTreeMap<String, String> =
            secrets.iter().map(|(i, k)| (i.to_string(), k.to_string())).collect();
        let log = received.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (log, secrets, respond) = (log.clone(), secrets.clone(), respond.clone());
                tokio::spawn(async move {
                    let _ = serve(stream, &secrets, &log, &respond).await;
                });
            }
        });
        LoopbackServer { addr, received, task }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
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

async fn serve(
    mut stream: TcpStream,
    secrets: &BTreeMap<String, String>,
    log: &Mutex<Vec<Received>>,
    respond: &Responder,
) -> std::io::Result<()> {
    loop {
        let mut buf = Vec::new();
        let head_end = loop {
            let mut chunk = [0u8; 4096];
            let n = stream.read(&mut chunk).await?;
            if n == 0 {
                return Ok(());
            }
            buf.extend_from_slice(&chunk[..n]);
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i;
            }
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
        let mut lines = head.split("\r\n");
        let mut request_line = lines.next().unwrap_or("").split(' ');
        let method = request_line.next().unwrap_or("").to_owned();
        let path = request_line.next().unwrap_or("").to_owned();
        let headers: BTreeMap<String, String> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        let length: usize = headers.get("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
        let mut body = buf[head_end + 4..].to_vec();
        while body.len() < length {
            let mut chunk = vec![0u8; length - body.len()];
            let n = stream.read(&mut chunk).await?;
            if n == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..n]);
        }
        let signature = verify(&method, &headers, &body, secrets);
        let request = Received { method, path, headers, body, signature };
        let (status, reply) = respond(&request);
        if let Ok(mut l) = log.lock() {
            l.push(request);
        }
        let response = format!(
            "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{reply}",
            reply.len()
        );
        stream.write_all(response.as_bytes()).await?;
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
    let canonical = format!(
        "{method}\n/\n\n{canonical_headers}\n{signed}\n{}",
        hex::encode(Sha256::digest(body))
    );
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
}
