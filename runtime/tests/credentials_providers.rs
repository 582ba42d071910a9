//! The refreshing credential sources against loopback servers standing in for the CVM
//! metadata service and STS; the cache on a virtual clock; the default chain's order.
#![cfg(feature = "rustls")]

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, UNIX_EPOCH};

use tencentcloud_runtime::credentials::{
    CachingProvider, Credentials, CredentialsError, CredentialsErrorKind, CvmRoleProvider, DefaultChain, Env,
    ProvideCredentials, StsAssumeRoleProvider, WebIdentityProvider,
};
use tencentcloud_runtime::error::TransportErrorKind;
use tencentcloud_runtime::transport::{BoxFuture, MaxResponseBytes, ReqwestTransport, Transport};
use tencentcloud_runtime::FixedClock;
use tencentcloud_runtime::TransportError;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const T0: i64 = 1_700_000_000;

/// One request as the loopback server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub head: String,
    pub body: String,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.trim().eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
        })
    }
}

/// A reply: status, body, and how long to wait before sending it.
pub struct Reply(pub u16, pub String, pub Duration);

pub fn ok(body: impl Into<String>) -> Reply {
    Reply(200, body.into(), Duration::ZERO)
}

type Handler = Arc<dyn Fn(&Seen) -> Reply + Send + Sync>;

/// An HTTP/1.1 server on loopback answering every connection with `handler`.
pub struct Server {
    pub port: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    pub async fn start(handler: impl Fn(&Seen) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let handler: Handler = Arc::new(handler);
        let log = seen.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, handler.clone(), log.clone()));
            }
        });
        Server { port, seen }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

async fn serve(mut stream: TcpStream, handler: Handler, log: Arc<Mutex<Vec<Seen>>>) {
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    let (head, body) = loop {
        let Ok(n) = stream.read(&mut buf).await else { return };
        if n == 0 {
            return;
        }
        raw.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&raw).to_string();
        if let Some(end) = text.find("\r\n\r\n") {
            let head = text[..end].to_owned();
            let length = head
                .lines()
                .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().to_owned()))
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(0);
            if raw.len() >= end + 4 + length {
                break (head, text[end + 4..].to_owned());
            }
        }
    };
    let mut first = head.lines().next().unwrap_or("").split(' ');
    let method = first.next().unwrap_or("").to_owned();
    let path = first.next().unwrap_or("").to_owned();
    let seen = Seen { method, path, head, body };
    log.lock().unwrap().push(seen.clone());
    let Reply(status, body, delay) = handler(&seen);
    tokio::time::sleep(delay).await;
    let reply = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(reply.as_bytes()).await;
    let _ = stream.shutdown().await;
}

fn transport() -> Arc<dyn Transport> {
    Arc::new(ReqwestTransport::without_proxy(Duration::from_secs(2)).unwrap())
}

const ROLE_PATH: &str = "/latest/meta-data/cam/security-credentials/";

fn role_json(n: usize, expires: i64) -> String {
    format!(
        r#"{{"TmpSecretId":"AKIDtmp{n}","TmpSecretKey":"tmp-key-{n}","ExpiredTime":{expires},"Expiration":"2023-11-14T23:13:20Z","Token":"tmp-token-{n}","Code":"Success"}}"#
    )
}

/// A metadata service with role `my-role`; the n-th credentials request gets `AKIDtmp{n}`
/// valid for an hour after T0, or HTTP 500 while `failing` is set.
async fn metadata_service(failing: Arc<Mutex<bool>>) -> Server {
    let count = Arc::new(AtomicUsize::new(0));
    Server::start(move |req| {
        if req.path == ROLE_PATH {
            return ok("my-role\n");
        }
        if req.path == format!("{ROLE_PATH}my-role") {
            if *failing.lock().unwrap() {
                return Reply(500, "oops".into(), Duration::ZERO);
            }
            let n = count.fetch_add(1, Ordering::SeqCst) + 1;
            return ok(role_json(n, T0 + 3600));
        }
        Reply(404, String::new(), Duration::ZERO)
    })
    .await
}

fn cvm(server: &Server) -> CvmRoleProvider {
    CvmRoleProvider::new().endpoint(server.url("/latest/meta-data/")).transport(transport())
}

#[tokio::test]
async fn cvm_role_credentials_from_the_metadata_service() {
    let server = metadata_service(Arc::new(Mutex::new(false))).await;
    let creds = cvm(&server).provide_credentials().await.unwrap();
    assert_eq!((creds.secret_id(), creds.secret_key(), creds.token()), ("AKIDtmp1", "tmp-key-1", Some("tmp-token-1")));
    assert_eq!(creds.expiry(), Some(UNIX_EPOCH + Duration::from_secs((T0 + 3600) as u64)));
    let paths: Vec<_> = server.seen().iter().map(|s| (s.method.clone(), s.path.clone())).collect();
    assert_eq!(paths, [("GET".to_owned(), ROLE_PATH.to_owned()), ("GET".to_owned(), format!("{ROLE_PATH}my-role"))]);
    // A role given explicitly skips the listing.
    let creds = cvm(&server).role_name("my-role").provide_credentials().await.unwrap();
    assert_eq!(creds.secret_id(), "AKIDtmp2");
    assert_eq!(server.seen().len(), 3);
}

#[tokio::test]
async fn cvm_without_a_role_is_not_found() {
    let server = Server::start(|_| Reply(404, "not found".into(), Duration::ZERO)).await;
    let err = cvm(&server).provide_credentials().await.unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::NotFound);
    assert!(err.message().contains("no CAM role attached") && err.message().contains("404"), "{err}");
}

#[tokio::test]
async fn cvm_slow_failing_and_malformed_replies() {
    let slow = Server::start(|_| Reply(200, "my-role".into(), Duration::from_secs(30))).await;
    let err = cvm(&slow).timeout(Duration::from_millis(200)).provide_credentials().await.unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::NotFound, "{err}");
    assert!(err.message().contains("unreachable"), "{err}");

    let failing = Server::start(|_| Reply(500, "boom".into(), Duration::ZERO)).await;
    let err = cvm(&failing).provide_credentials().await.unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::Unreadable);
    assert!(err.message().contains("HTTP 500"), "{err}");

    // A reply with the key in the wrong type: the error must not quote it.
    let malformed = Server::start(|req| {
        if req.path == ROLE_PATH {
            ok("r")
        } else {
            ok(r#"{"TmpSecretId":"AKIDx","TmpSecretKey":123456789987,"Token":"t","ExpiredTime":1}"#)
        }
    })
    .await;
    let err = cvm(&malformed).provide_credentials().await.unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::Unreadable);
    assert!(!format!("{err} {err:?}").contains("123456789987"), "{err}");

    // Nothing listening at all.
    let closed = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let err = CvmRoleProvider::new()
        .endpoint(format!("http://127.0.0.1:{port}/latest/meta-data/"))
        .transport(transport())
        .provide_credentials()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::NotFound, "{err}");
}

#[tokio::test]
async fn the_cache_refreshes_ahead_of_expiry_and_keeps_valid_credentials_when_a_refresh_fails() {
    let failing = Arc::new(Mutex::new(false));
    let server = metadata_service(failing.clone()).await;
    let clock = Arc::new(FixedClock::new(T0));
    let cached = CachingProvider::new(cvm(&server)).clock(clock.clone());
    assert_eq!(cached.provide_credentials().await.unwrap().secret_id(), "AKIDtmp1");
    // Fresh: served from the cache.
    clock.advance(3000);
    assert_eq!(cached.provide_credentials().await.unwrap().secret_id(), "AKIDtmp1");
    assert_eq!(server.seen().len(), 2);
    // Within 5 minutes of expiry: refreshed.
    clock.advance(400);
    assert_eq!(cached.provide_credentials().await.unwrap().secret_id(), "AKIDtmp2");
    assert_eq!(server.seen().len(), 4);

    // The second credentials expire at T0 + 3600 too (the server's answer): move into the
    // refresh window with a failing service: the cached ones are still valid.
    *failing.lock().unwrap() = true;
    clock.set(T0 + 3500);
    assert_eq!(cached.provide_credentials().await.unwrap().secret_id(), "AKIDtmp2");
    let asked = server.seen().len();
    // Within the wait after a failure: no new request.
    assert_eq!(cached.provide_credentials().await.unwrap().secret_id(), "AKIDtmp2");
    assert_eq!(server.seen().len(), asked);
    // Expired and still failing: an error.
    clock.set(T0 + 3600);
    let err = cached.provide_credentials().await.unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::Unreadable);
    // The service is back.
    *failing.lock().unwrap() = false;
    assert_eq!(cached.provide_credentials().await.unwrap().secret_id(), "AKIDtmp3");
}

/// Counts its calls; each takes a second (on tokio's clock) and returns credentials
/// expiring an hour after the shared fixed clock's now.
#[derive(Debug)]
struct Slow {
    calls: AtomicUsize,
    clock: Arc<FixedClock>,
}

impl ProvideCredentials for Slow {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
            tokio::time::sleep(Duration::from_secs(1)).await;
            let now = self.clock.now();
            Ok(Credentials::new(format!("AKID{n}"), "k").with_expiry(now + Duration::from_secs(3600)))
        })
    }
}

use tencentcloud_runtime::Clock;

#[tokio::test(start_paused = true)]
async fn concurrent_callers_share_one_refresh() {
    let clock = Arc::new(FixedClock::new(T0));
    let cached =
        Arc::new(CachingProvider::new(Slow { calls: AtomicUsize::new(0), clock: clock.clone() }).clock(clock.clone()));
    let tasks: Vec<_> = (0..32)
        .map(|_| {
            let cached = cached.clone();
            tokio::spawn(async move { cached.provide_credentials().await.unwrap().secret_id().to_owned() })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap(), "AKID1");
    }
    assert_eq!(cached.inner().calls.load(Ordering::SeqCst), 1);

    // Near expiry, another burst: again one refresh, and while it runs the others are
    // served the credentials that are still valid instead of waiting for it.
    clock.advance(3600 - 60);
    let tasks: Vec<_> = (0..32)
        .map(|_| {
            let cached = cached.clone();
            tokio::spawn(async move { cached.provide_credentials().await.unwrap().secret_id().to_owned() })
        })
        .collect();
    let mut ids = Vec::new();
    for task in tasks {
        ids.push(task.await.unwrap());
    }
    assert_eq!(ids.iter().filter(|id| *id == "AKID2").count(), 1, "one caller refreshed: {ids:?}");
    assert_eq!(ids.iter().filter(|id| *id == "AKID1").count(), 31, "the others did not wait: {ids:?}");
    assert_eq!(cached.inner().calls.load(Ordering::SeqCst), 2);
    assert_eq!(cached.provide_credentials().await.unwrap().secret_id(), "AKID2");

    // Expired: nothing stale is served; every caller waits for the one refresh.
    clock.advance(3 * 3600);
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let cached = cached.clone();
            tokio::spawn(async move { cached.provide_credentials().await.unwrap().secret_id().to_owned() })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap(), "AKID3");
    }
    assert_eq!(cached.inner().calls.load(Ordering::SeqCst), 3);
}

fn sts_reply(n: usize) -> String {
    format!(
        r#"{{"Response":{{"Credentials":{{"Token":"sts-token-{n}","TmpSecretId":"AKIDsts{n}","TmpSecretKey":"sts-key-{n}"}},"ExpiredTime":{},"Expiration":"x","RequestId":"rid-{n}"}}}}"#,
        T0 + 7200
    )
}

#[tokio::test]
async fn sts_assume_role_signs_with_the_base_credentials() {
    let count = Arc::new(AtomicUsize::new(0));
    let server = Server::start(move |_| ok(sts_reply(count.fetch_add(1, Ordering::SeqCst) + 1))).await;
    let provider = StsAssumeRoleProvider::builder(
        Credentials::new("AKIDbase", "base-secret-key"),
        "qcs::cam::uin/100000000001:roleName/test",
    )
    .session_name("sess")
    .duration(Duration::from_secs(900))
    .endpoint(server.url(""))
    .transport(transport())
    .build()
    .unwrap();
    let creds = provider.provide_credentials().await.unwrap();
    assert_eq!((creds.secret_id(), creds.secret_key(), creds.token()), ("AKIDsts1", "sts-key-1", Some("sts-token-1")));
    assert_eq!(creds.expiry(), Some(UNIX_EPOCH + Duration::from_secs((T0 + 7200) as u64)));
    let sent = &server.seen()[0];
    assert_eq!(sent.method, "POST");
    assert_eq!(sent.header("X-TC-Action").as_deref(), Some("AssumeRole"));
    assert_eq!(sent.header("X-TC-Version").as_deref(), Some("2018-08-13"));
    assert!(sent.header("Authorization").unwrap().contains("Credential=AKIDbase/"), "{sent:?}");
    let body: serde_json::Value = serde_json::from_str(&sent.body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"RoleArn": "qcs::cam::uin/100000000001:roleName/test", "RoleSessionName": "sess", "DurationSeconds": 900})
    );
}

#[tokio::test]
async fn sts_errors_name_the_code() {
    let server = Server::start(|_| {
        ok(r#"{"Response":{"Error":{"Code":"AuthFailure.SecretIdNotFound","Message":"no such id"},"RequestId":"r"}}"#)
    })
    .await;
    let provider = StsAssumeRoleProvider::builder(Credentials::new("AKIDbase", "base-secret-key"), "arn")
        .endpoint(server.url(""))
        .transport(transport())
        .build()
        .unwrap();
    let err = provider.provide_credentials().await.unwrap_err();
    assert!(err.message().contains("AuthFailure.SecretIdNotFound"), "{err}");
    assert!(!format!("{err} {err:?} {provider:?}").contains("base-secret-key"));
}

fn tke_env(token_file: &std::path::Path) -> Vec<(String, String)> {
    vec![
        ("TKE_REGION".into(), "ap-shanghai".into()),
        ("TKE_PROVIDER_ID".into(), "oidc-provider".into()),
        ("TKE_WEB_IDENTITY_TOKEN_FILE".into(), token_file.to_str().unwrap().into()),
        ("TKE_ROLE_ARN".into(), "qcs::cam::uin/1:roleName/pod".into()),
    ]
}

#[tokio::test]
async fn web_identity_exchanges_the_token_unsigned() {
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, "oidc-jwt-secret\n").unwrap();
    let server = Server::start(|_| ok(sts_reply(1))).await;
    let provider = WebIdentityProvider::with_env(Env::from_map(tke_env(&token_file)))
        .session_name("pod-session")
        .endpoint(server.url(""))
        .transport(transport());
    let creds = provider.provide_credentials().await.unwrap();
    assert_eq!(creds.secret_id(), "AKIDsts1");
    let sent = &server.seen()[0];
    assert_eq!(sent.header("X-TC-Action").as_deref(), Some("AssumeRoleWithWebIdentity"));
    assert_eq!(sent.header("Authorization").as_deref(), Some("SKIP"));
    assert_eq!(sent.header("X-TC-Region").as_deref(), Some("ap-shanghai"));
    let body: serde_json::Value = serde_json::from_str(&sent.body).unwrap();
    assert_eq!(body["ProviderId"], "oidc-provider");
    assert_eq!(body["WebIdentityToken"], "oidc-jwt-secret");
    assert_eq!(body["RoleArn"], "qcs::cam::uin/1:roleName/pod");
    assert_eq!(body["RoleSessionName"], "pod-session");
    assert!(!format!("{provider:?}").contains("oidc-jwt-secret"));

    // Some variables but not all: an error naming the missing ones.
    let mut partial = tke_env(&token_file);
    partial.remove(1);
    let err = WebIdentityProvider::with_env(Env::from_map(partial)).provide_credentials().await.unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::Invalid);
    assert!(err.message().contains("TKE_PROVIDER_ID"), "{err}");
    // None: not found.
    let err = WebIdentityProvider::with_env(Env::from_map::<String, String>([])).load().await.unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::NotFound);
    // A missing token file: unreadable, named.
    let err = WebIdentityProvider::with_env(Env::from_map(tke_env(&dir.path().join("gone"))))
        .endpoint(server.url(""))
        .load()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::Unreadable);
    assert!(err.message().contains("TKE_WEB_IDENTITY_TOKEN_FILE"), "{err}");
}

/// A metadata service with or without a role, and STS answering web identity calls;
/// all on one server, recording the order of requests.
async fn cloud(with_role: bool) -> Server {
    Server::start(move |req| {
        if req.method == "POST" {
            return ok(sts_reply(9));
        }
        if !with_role {
            return Reply(404, String::new(), Duration::ZERO);
        }
        if req.path == ROLE_PATH {
            ok("my-role")
        } else {
            ok(role_json(5, T0 + 3600))
        }
    })
    .await
}

fn chain(server: &Server, vars: Vec<(String, String)>) -> DefaultChain {
    DefaultChain::builder()
        .env(Env::from_map(vars))
        .metadata_endpoint(server.url("/latest/meta-data/"))
        .sts_endpoint(server.url(""))
        .transport(transport())
        .build()
}

#[tokio::test]
async fn the_default_chain_tries_environment_profile_cvm_role_then_web_identity() {
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, "jwt").unwrap();
    let home = dir.path().join("home");
    std::fs::create_dir_all(home.join(".tencentcloud")).unwrap();
    std::fs::write(home.join(".tencentcloud/credentials"), "[default]\nsecret_id=AKIDfile\nsecret_key=file-key\n")
        .unwrap();
    let empty_home = dir.path().join("empty");
    std::fs::create_dir_all(&empty_home).unwrap();
    let var = |k: &str, v: &str| (k.to_owned(), v.to_owned());
    let env_vars = vec![var("TENCENTCLOUD_SECRET_ID", "AKIDenv"), var("TENCENTCLOUD_SECRET_KEY", "env-key")];

    let server = cloud(true).await;
    let mut all = tke_env(&token_file);
    all.extend(env_vars.clone());
    all.push(var("HOME", home.to_str().unwrap()));
    assert_eq!(chain(&server, all).provide_credentials().await.unwrap().secret_id(), "AKIDenv");
    let mut no_env = tke_env(&token_file);
    no_env.push(var("HOME", home.to_str().unwrap()));
    assert_eq!(chain(&server, no_env).provide_credentials().await.unwrap().secret_id(), "AKIDfile");
    assert!(server.seen().is_empty());
    let mut no_file = tke_env(&token_file);
    no_file.push(var("HOME", empty_home.to_str().unwrap()));
    assert_eq!(chain(&server, no_file.clone()).provide_credentials().await.unwrap().secret_id(), "AKIDtmp5");
    assert!(server.seen().iter().all(|s| s.method == "GET"));

    let no_role = cloud(false).await;
    assert_eq!(chain(&no_role, no_file).provide_credentials().await.unwrap().secret_id(), "AKIDsts9");
    let methods: Vec<_> = no_role.seen().iter().map(|s| s.method.clone()).collect();
    assert_eq!(methods, ["GET", "POST"]);

    // Nothing anywhere: every source named once, in order, with its reason.
    let nothing = cloud(false).await;
    let err = chain(&nothing, vec![var("HOME", empty_home.to_str().unwrap())]).provide_credentials().await.unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::Exhausted);
    let msg = err.message().to_owned();
    let at = |needle: &str| msg.find(needle).unwrap_or_else(|| panic!("{needle} missing from {msg}"));
    assert!(at("environment: TENCENTCLOUD_SECRET_ID") < at("profile: no profile file"), "{msg}");
    assert!(at("profile: ") < at("CVM role: no CAM role attached"), "{msg}");
    assert!(at("CVM role: ") < at("TKE web identity: TKE_* variables are not set"), "{msg}");
    assert_eq!(msg.matches("environment:").count(), 1, "{msg}");
}

#[tokio::test]
async fn the_default_chain_caches_what_it_found() {
    let server = cloud(true).await;
    let dir = tempfile::tempdir().unwrap();
    let chain = DefaultChain::builder()
        .env(Env::from_map([("HOME", dir.path().to_str().unwrap())]))
        .metadata_endpoint(server.url("/latest/meta-data/"))
        .transport(transport())
        .clock(Arc::new(FixedClock::new(T0)))
        .build();
    for _ in 0..5 {
        assert_eq!(chain.provide_credentials().await.unwrap().secret_id(), "AKIDtmp5");
    }
    assert_eq!(server.seen().len(), 2);
}

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Buffer {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Every provider, error and log line of a run through refreshes, failures and
/// expiry: no secret appears anywhere.
#[tokio::test]
async fn no_secret_in_any_debug_display_error_or_log_line() {
    let logs = Buffer::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let mut out = Vec::<String>::new();

    // CVM through the cache: success, failed refresh (logged), expiry.
    let failing = Arc::new(Mutex::new(false));
    let server = metadata_service(failing.clone()).await;
    let clock = Arc::new(FixedClock::new(T0));
    let cached = CachingProvider::new(cvm(&server)).clock(clock.clone());
    let creds = cached.provide_credentials().await.unwrap();
    out.push(format!("{creds:?} {cached:?}"));
    *failing.lock().unwrap() = true;
    clock.set(T0 + 3500);
    out.push(format!("{:?}", cached.provide_credentials().await));
    clock.set(T0 + 4000);
    let err = cached.provide_credentials().await.unwrap_err();
    out.push(format!("{err} {err:?}"));

    // STS: success and a failing service, through a full client call.
    let sts = Server::start(|req| {
        if req.body.contains("fail") {
            Reply(500, r#"{"Response":{"Credentials":{"TmpSecretKey":"sts-key-1"}}"#.into(), Duration::ZERO)
        } else {
            ok(sts_reply(1))
        }
    })
    .await;
    for arn in ["ok", "fail"] {
        let provider = StsAssumeRoleProvider::builder(
            Credentials::new("AKIDbase", "base-secret-key").with_token("base-token"),
            arn,
        )
        .endpoint(sts.url(""))
        .transport(transport())
        .build()
        .unwrap();
        out.push(format!("{provider:?} {:?}", provider.provide_credentials().await));
        if let Err(e) = provider.provide_credentials().await {
            out.push(e.to_string());
        }
    }

    // Web identity: the token is a secret too.
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, "oidc-jwt-secret").unwrap();
    let web =
        WebIdentityProvider::with_env(Env::from_map(tke_env(&token_file))).endpoint(sts.url("")).transport(transport());
    out.push(format!("{web:?} {:?}", web.provide_credentials().await));

    // The environment and a chain with unusable values.
    let env = Env::from_map([("TENCENTCLOUD_SECRET_ID", "AKIDenv"), ("TENCENTCLOUD_SECRET_KEY", " env-secret-key")]);
    let chain = DefaultChain::with_env(env.clone());
    out.push(format!("{env:?} {chain:?} {:?}", chain.provide_credentials().await));

    let all = format!("{}\n{}", out.join("\n"), String::from_utf8_lossy(&logs.0.lock().unwrap()));
    assert!(all.contains("credentials refresh failed"), "the failed refresh is logged: {all}");
    for secret in [
        "tmp-key-",
        "tmp-token-",
        "sts-key-",
        "sts-token-",
        "base-secret-key",
        "base-token",
        "oidc-jwt-secret",
        "env-secret-key",
    ] {
        assert!(!all.contains(secret), "{secret} in:\n{all}");
    }
}

#[tokio::test]
async fn a_slow_sts_times_out_and_a_failing_one_is_an_error() {
    let slow = Server::start(|_| Reply(200, sts_reply(1), Duration::from_secs(30))).await;
    let provider = StsAssumeRoleProvider::builder(Credentials::new("AKIDbase", "base-secret-key"), "arn")
        .endpoint(slow.url(""))
        .transport(transport())
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let err = provider.provide_credentials().await.unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::Unreadable);
    assert!(err.message().contains("sts:AssumeRole failed") && err.message().contains("per attempt"), "{err}");
    // AssumeRole is not idempotent: a timeout is not retried.
    assert_eq!(slow.seen().len(), 1);

    let failing = Server::start(|_| Reply(502, "bad gateway".into(), Duration::ZERO)).await;
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, "jwt").unwrap();
    let err = WebIdentityProvider::with_env(Env::from_map(tke_env(&token_file)))
        .endpoint(failing.url(""))
        .transport(transport())
        .provide_credentials()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::Unreadable);
    assert!(err.message().contains("sts:AssumeRoleWithWebIdentity failed"), "{err}");
}

/// Counts its calls; the n-th returns `AKID{n}` expiring `lifetime` after the shared
/// fixed clock's now (no expiry when `None`), or fails while `failing` is set.
#[derive(Debug)]
struct Scripted {
    calls: AtomicUsize,
    clock: Arc<FixedClock>,
    lifetime: Option<u64>,
    failing: Mutex<bool>,
}

impl Scripted {
    fn new(clock: &Arc<FixedClock>, lifetime: Option<u64>) -> Self {
        Scripted { calls: AtomicUsize::new(0), clock: clock.clone(), lifetime, failing: Mutex::new(false) }
    }

    fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

impl ProvideCredentials for Scripted {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        let result = if *self.failing.lock().unwrap() {
            Err(CredentialsError::new(CredentialsErrorKind::Unreadable, "source down"))
        } else {
            let creds = Credentials::new(format!("AKID{n}"), "k");
            Ok(match self.lifetime {
                Some(secs) => creds.with_expiry(self.clock.now() + Duration::from_secs(secs)),
                None => creds,
            })
        };
        Box::pin(async move { result })
    }
}

async fn id(provider: &impl ProvideCredentials) -> String {
    provider.provide_credentials().await.unwrap().secret_id().to_owned()
}

#[tokio::test]
async fn the_cache_refreshes_at_the_exact_instant_freshness_ends() {
    // An hour of validity: fresh until 5 minutes (refresh_ahead) before expiry.
    let clock = Arc::new(FixedClock::new(T0));
    let cached = CachingProvider::new(Scripted::new(&clock, Some(3600))).clock(clock.clone());
    assert_eq!(id(&cached).await, "AKID1");
    clock.set(T0 + 3299);
    assert_eq!(id(&cached).await, "AKID1");
    clock.set(T0 + 3300);
    assert_eq!(id(&cached).await, "AKID2");
    assert_eq!(cached.inner().calls(), 2);

    // 400 s of validity: half the lifetime (200 s) is shorter than refresh_ahead, so
    // fresh until 200 s before expiry.
    let clock = Arc::new(FixedClock::new(T0));
    let cached = CachingProvider::new(Scripted::new(&clock, Some(400))).clock(clock.clone());
    assert_eq!(id(&cached).await, "AKID1");
    clock.set(T0 + 199);
    assert_eq!(id(&cached).await, "AKID1");
    clock.set(T0 + 200);
    assert_eq!(id(&cached).await, "AKID2");
    assert_eq!(cached.inner().calls(), 2);
}

#[tokio::test]
async fn credentials_without_expiry_are_kept_for_the_ttl_or_for_ever() {
    let clock = Arc::new(FixedClock::new(T0));
    let cached = CachingProvider::new(Scripted::new(&clock, None)).ttl(Duration::from_secs(300)).clock(clock.clone());
    assert_eq!(id(&cached).await, "AKID1");
    clock.set(T0 + 299);
    assert_eq!(id(&cached).await, "AKID1");
    clock.set(T0 + 300);
    assert_eq!(id(&cached).await, "AKID2");
    assert_eq!(cached.inner().calls(), 2);

    let clock = Arc::new(FixedClock::new(T0));
    let cached = CachingProvider::new(Scripted::new(&clock, None)).clock(clock.clone());
    assert_eq!(id(&cached).await, "AKID1");
    clock.set(T0 + 10 * 365 * 86_400);
    assert_eq!(id(&cached).await, "AKID1");
    assert_eq!(cached.inner().calls(), 1);
}

#[tokio::test]
async fn invalidate_makes_the_next_call_ask_the_provider() {
    let clock = Arc::new(FixedClock::new(T0));
    let cached = CachingProvider::new(Scripted::new(&clock, None)).clock(clock.clone());
    assert_eq!(id(&cached).await, "AKID1");
    assert_eq!(id(&cached).await, "AKID1");
    cached.invalidate();
    assert_eq!(id(&cached).await, "AKID2");
    assert_eq!(cached.inner().calls(), 2);
}

#[tokio::test]
async fn after_a_failed_refresh_the_wait_and_the_validity_end_at_their_exact_instants() {
    let clock = Arc::new(FixedClock::new(T0));
    let cached = CachingProvider::new(Scripted::new(&clock, Some(3600)))
        .retry_after_failure(Duration::from_secs(10))
        .clock(clock.clone());
    assert_eq!(id(&cached).await, "AKID1");
    *cached.inner().failing.lock().unwrap() = true;

    // A failed refresh at T0 + 3400: the cached credentials serve without asking for 10 s.
    clock.set(T0 + 3400);
    assert_eq!(id(&cached).await, "AKID1");
    assert_eq!(cached.inner().calls(), 2);
    clock.set(T0 + 3409);
    assert_eq!(id(&cached).await, "AKID1");
    assert_eq!(cached.inner().calls(), 2);
    // The wait is over: the provider is asked again (and fails again).
    clock.set(T0 + 3410);
    assert_eq!(id(&cached).await, "AKID1");
    assert_eq!(cached.inner().calls(), 3);

    // A failure 5 s before expiry, then the instant of expiry, still within the wait:
    // expired credentials are not served.
    clock.set(T0 + 3595);
    assert_eq!(id(&cached).await, "AKID1");
    assert_eq!(cached.inner().calls(), 4);
    clock.set(T0 + 3600);
    let err = cached.provide_credentials().await.unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::Unreadable);
    assert_eq!(cached.inner().calls(), 5);
}

/// Counts its calls; each waits for a permit of `gate`, then returns `AKID{n}` valid
/// for an hour after the shared fixed clock's now.
#[derive(Debug)]
struct Gated {
    calls: AtomicUsize,
    clock: Arc<FixedClock>,
    gate: tokio::sync::Semaphore,
}

impl ProvideCredentials for Gated {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
            self.gate.acquire().await.unwrap().forget();
            Ok(Credentials::new(format!("AKID{n}"), "k").with_expiry(self.clock.now() + Duration::from_secs(3600)))
        })
    }
}

#[tokio::test]
async fn during_a_refresh_credentials_expiring_now_are_not_served() {
    let clock = Arc::new(FixedClock::new(T0));
    let cached = CachingProvider::new(Gated {
        calls: AtomicUsize::new(0),
        clock: clock.clone(),
        gate: tokio::sync::Semaphore::new(1),
    })
    .clock(clock.clone());
    assert_eq!(id(&cached).await, "AKID1");

    // At the instant of expiry, one caller refreshes (and waits at the gate)...
    clock.set(T0 + 3600);
    let mut first = cached.provide_credentials();
    assert!(tokio::time::timeout(Duration::ZERO, &mut first).await.is_err(), "the refresh waits at the gate");
    assert_eq!(cached.inner().calls.load(Ordering::SeqCst), 2);
    // ...and another is not given the expired credentials: it waits for the refresh.
    let mut second = cached.provide_credentials();
    let early = tokio::time::timeout(Duration::ZERO, &mut second).await;
    assert!(early.is_err(), "served during the refresh: {early:?}");
    cached.inner().gate.add_permits(1);
    assert_eq!(first.await.unwrap().secret_id(), "AKID2");
    assert_eq!(second.await.unwrap().secret_id(), "AKID2");
    assert_eq!(cached.inner().calls.load(Ordering::SeqCst), 2);
}

#[test]
fn a_caching_provider_shows_its_source_and_settings() {
    let clock = Arc::new(FixedClock::new(T0));
    let cached = CachingProvider::new(Scripted::new(&clock, None)).ttl(Duration::from_secs(42));
    let shown = format!("{cached:?}");
    assert!(shown.starts_with("CachingProvider"), "{shown}");
    assert!(shown.contains("Scripted") && shown.contains("42s"), "{shown}");
}

/// The reply (status and body, or an error) to a request for a path.
type ReplyFn = dyn Fn(&str) -> Result<(u16, Vec<u8>), TransportError> + Send + Sync;

/// A transport answering every request with `reply` (and recording the largest reply
/// size each request allows).
struct Canned {
    reply: Box<ReplyFn>,
    limits: Mutex<Vec<Option<usize>>>,
}

impl std::fmt::Debug for Canned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Canned")
    }
}

impl Canned {
    fn new(reply: impl Fn(&str) -> Result<(u16, Vec<u8>), TransportError> + Send + Sync + 'static) -> Arc<Self> {
        Arc::new(Canned { reply: Box::new(reply), limits: Mutex::new(Vec::new()) })
    }
}

impl Transport for Canned {
    fn send(&self, request: http::Request<Vec<u8>>) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>> {
        self.limits.lock().unwrap().push(request.extensions().get::<MaxResponseBytes>().map(|m| m.0));
        let result = (self.reply)(request.uri().path())
            .map(|(status, body)| http::Response::builder().status(status).body(body).unwrap());
        Box::pin(async move { result })
    }
}

/// A transport that never answers.
#[derive(Debug)]
struct Silent;

impl Transport for Silent {
    fn send(&self, _: http::Request<Vec<u8>>) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>> {
        Box::pin(std::future::pending())
    }
}

const METADATA: &str = "http://127.0.0.1:9/latest/meta-data/";

#[tokio::test(start_paused = true)]
async fn the_cvm_timeout_is_the_one_set() {
    let err = CvmRoleProvider::new()
        .timeout(Duration::from_millis(1234))
        .endpoint(METADATA)
        .transport(Arc::new(Silent))
        .provide_credentials()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::NotFound, "{err}");
    assert!(err.message().contains("within 1.234s"), "{err}");
}

#[tokio::test]
async fn only_an_unreachable_metadata_service_means_not_on_a_cvm() {
    for (kind, expected) in [
        (TransportErrorKind::Connect, CredentialsErrorKind::NotFound),
        (TransportErrorKind::Timeout, CredentialsErrorKind::NotFound),
        (TransportErrorKind::Other, CredentialsErrorKind::Unreadable),
        (TransportErrorKind::ResponseTooLarge, CredentialsErrorKind::Unreadable),
    ] {
        let transport = Canned::new(move |_| Err(TransportError::new(kind, "it failed")));
        let err = CvmRoleProvider::new().endpoint(METADATA).transport(transport).load().await.unwrap_err();
        assert_eq!(err.kind(), expected, "{kind:?}: {err}");
    }
}

#[tokio::test]
async fn metadata_replies_up_to_64_kib_are_read() {
    const LIMIT: usize = 64 * 1024;
    // Replies of exactly the limit, padded with whitespace.
    let padded = |text: String, len: usize| {
        let mut body = text.into_bytes();
        body.resize(len, b' ');
        body
    };
    let transport = Canned::new(move |path| {
        Ok((200, if path.ends_with('/') { padded("my-role\n".into(), LIMIT) } else { padded(role_json(1, T0), LIMIT) }))
    });
    let creds = CvmRoleProvider::new().endpoint(METADATA).transport(transport.clone()).load().await.unwrap();
    assert_eq!(creds.secret_id(), "AKIDtmp1");
    assert_eq!(transport.limits.lock().unwrap().as_slice(), [Some(LIMIT), Some(LIMIT)]);

    // One byte more is refused, whatever the transport let through.
    let transport = Canned::new(move |_| Ok((200, padded("my-role\n".into(), LIMIT + 1))));
    let err = CvmRoleProvider::new().endpoint(METADATA).transport(transport).load().await.unwrap_err();
    assert_eq!(err.kind(), CredentialsErrorKind::Unreadable, "{err}");
}

#[tokio::test]
async fn an_empty_web_identity_token_file_is_an_error_before_any_call() {
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("token");
    let server = Server::start(|_| ok(sts_reply(1))).await;
    for text in ["", " \n\t\n"] {
        std::fs::write(&token_file, text).unwrap();
        let err = WebIdentityProvider::with_env(Env::from_map(tke_env(&token_file)))
            .endpoint(server.url(""))
            .transport(transport())
            .provide_credentials()
            .await
            .unwrap_err();
        assert_eq!(err.kind(), CredentialsErrorKind::Invalid, "{text:?}: {err}");
        assert!(err.message().contains("TKE_WEB_IDENTITY_TOKEN_FILE") && err.message().contains("is empty"), "{err}");
    }
    assert!(server.seen().is_empty(), "STS was called: {:?}", server.seen());
}

/// The token file is read only when it is a regular file of at most 64 KiB: a FIFO, a
/// device or a huge file is an error naming it, and STS is not called.
#[cfg(unix)]
#[test]
fn a_token_file_that_is_not_a_regular_file_or_too_big_is_refused_before_any_call() {
    let (dir, fifo) = common::temp_fifo();
    let big = dir.path().join("big");
    common::sparse_file(&big, 20 << 20);
    let cases = [(fifo, "a FIFO"), ("/dev/zero".into(), "a character device"), (big, "65536 bytes")];
    for (path, what) in cases {
        let sts = Canned::new(|_| Ok((200, sts_reply(1).into_bytes())));
        let provider = WebIdentityProvider::with_env(Env::from_map(tke_env(&path)))
            .endpoint("http://127.0.0.1:9")
            .transport(sts.clone());
        let err = common::in_own_runtime("reading the token file", move || async move {
            tokio::time::timeout(Duration::from_secs(5), provider.provide_credentials()).await
        })
        .expect("an answer, not a timeout")
        .unwrap_err();
        assert_eq!(err.kind(), CredentialsErrorKind::Unreadable, "{err}");
        let message = err.message();
        assert!(message.contains(path.to_str().unwrap()) && message.contains(what), "{err}");
        assert!(sts.limits.lock().unwrap().is_empty(), "STS was called with {}", path.display());
    }
}
