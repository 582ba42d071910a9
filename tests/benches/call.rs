//! The typed call and its parts, each beside the floor computed in the same run.
//!
//! The floor of one `DescribeUserInfo` call is the work a client cannot avoid when it
//! derives the signing key on every call: `serde_json::to_vec` of the request, SHA-256
//! of the body, SHA-256 of the canonical request, four HMAC-SHA256 (three to derive the
//! key, one to sign), hex, and a typed decode of the example response. It lives here
//! ([`floor`]), written directly against `serde_json`, `sha2` and `hmac`.
//!
//! Groups:
//! - `call`: the floor; the whole typed call (`Client::call` of a
//!   `DescribeUserInfoRequest`) through an in-memory transport, rate limiting off, then
//!   on (an untyped call whose rate limit never makes it wait, beside the same call with
//!   the limiter off);
//! - `parts`: validate, serialize, sign (cached key and canonical prefix, as the client
//!   signs), headers, decode;
//! - `decode`: the typed decode of the example response and of a 100-user response,
//!   each beside decoding the same text to `serde_json::Value`;
//! - `threads`: two threads calling at once through one shared client, beside two
//!   threads with a client each;
//! - `loopback`: a round trip over 127.0.0.1 to a local HTTP server, through the client,
//!   as a bare reqwest POST of the same bytes and headers, and through the client's
//!   reqwest transport alone with the same request, on a multi-threaded runtime, then
//!   (`loopback, one thread`) with the server, the connection and the call all on the
//!   calling thread, where no thread has to wake another.
//!
//! Run with `cargo bench -p tencentcloud-sdk-tests --bench call` (or `scripts/bench/bench.sh`);
//! compare the ratios to the floor, not the times.

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use tencentcloud_runtime::action::Action;
use tencentcloud_runtime::error::TransportError;
use tencentcloud_runtime::json::to_wire_json;
use tencentcloud_runtime::sign::{authorization_after, CanonicalPrefix, SigningInput, SigningKeyCache};
use tencentcloud_runtime::transport::{BoxFuture, ReqwestTransport, Transport};
use tencentcloud_runtime::validation::{ValidationContext, Violations};
use tencentcloud_runtime::{Client, Config, Credentials, FixedClock};
use tencentcloud_sdk_tests::keepalive::{request, sent_request, REPLY};
use tencentcloud_sdk_tests::loopback::{LoopbackServer, Responder};
use tencentcloud_sdk_tests::{loopback_bench_config, NOW, SECRET_ID, SECRET_KEY};
use tencentcloud_trtc::v20190722::operation::describe_user_info::{DescribeUserInfoRequest, DescribeUserInfoResponse};

/// The `Response` object of `reply`.
fn response_text(reply: &str) -> String {
    serde_json::from_str::<serde_json::Value>(reply).unwrap_or_default()["Response"].to_string()
}

/// A reply listing `n` users.
fn reply_of(n: usize) -> String {
    let users: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"RoomStr": "218695", "UserId": "user_{i}", "JoinTs": {}, "LeaveTs": {}, "Finished": {}, "DeviceType": "Android", "SdkVersion": "4.3.14", "ClientIp": "10.4.{}.{}"}}"#,
                1_590_065_777 + i,
                1_590_067_658 + i,
                i % 2 == 0,
                i / 256,
                i % 256
            )
        })
        .collect();
    format!(r#"{{"Response": {{"Total": {n}, "UserList": [{}], "RequestId": "r"}}}}"#, users.join(", "))
}

type HmacSha256 = Hmac<Sha256>;

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = HmacSha256::new_from_slice(key).unwrap_or_else(|e| panic!("{e}"));
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// The floor: what one call cannot avoid, deriving the key as a naive client would.
fn floor(request: &DescribeUserInfoRequest, response: &str) -> (String, DescribeUserInfoResponse) {
    let body = serde_json::to_vec(request).unwrap_or_default();
    let hashed_payload = hex::encode(Sha256::digest(&body));
    let canonical = format!(
        "POST\n/\n\ncontent-type:application/json\nhost:trtc.tencentcloudapi.com\n\ncontent-type;host\n{hashed_payload}"
    );
    let hashed_canonical = hex::encode(Sha256::digest(canonical.as_bytes()));
    let string_to_sign = format!("TC3-HMAC-SHA256\n{NOW}\n2020-05-21/trtc/tc3_request\n{hashed_canonical}");
    let secret_date = hmac(format!("TC3{SECRET_KEY}").as_bytes(), b"2020-05-21");
    let secret_service = hmac(&secret_date, b"trtc");
    let secret_signing = hmac(&secret_service, b"tc3_request");
    let signature = hex::encode(hmac(&secret_signing, string_to_sign.as_bytes()));
    let decoded = serde_json::from_str(response).unwrap_or_else(|e| panic!("{e}"));
    (signature, decoded)
}

/// An in-memory transport: answers every request with one canned reply and keeps
/// nothing (`CapturingTransport` records every request, which grows without bound
/// over a benchmark's millions of calls).
#[derive(Debug)]
struct Canned(&'static str);

impl Transport for Canned {
    fn send(&self, request: http::Request<Vec<u8>>) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>> {
        drop(request);
        let response = http::Response::new(self.0.as_bytes().to_vec());
        Box::pin(async move { Ok(response) })
    }
}

fn config(transport: Arc<dyn Transport>, rate_limiting: bool) -> Config {
    Config::builder()
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .region("ap-guangzhou")
        .transport(transport)
        .clock(Arc::new(FixedClock::new(NOW)))
        .rate_limiting(rate_limiting)
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}

fn current_thread() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap_or_else(|e| panic!("{e}"))
}

fn call(c: &mut Criterion) {
    let runtime = current_thread();
    let request = request();
    let response = response_text(REPLY);
    let client = Client::new(config(Arc::new(Canned(REPLY)), false));
    let limited = Client::new(config(Arc::new(Canned(REPLY)), true));
    // Sanity: the call succeeds and decodes the example.
    let out = runtime.block_on(client.call(&request)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.total, 1);

    let mut g = c.benchmark_group("call");
    g.bench_function("floor", |b| b.iter(|| floor(black_box(&request), black_box(&response))));
    g.bench_function("typed call (in-memory transport, rate limiting off)", |b| {
        b.to_async(&runtime).iter(|| client.call(black_box(&request)))
    });
    // DescribeUserInfo allows 20 calls a second; for the limiter's own cost, an
    // untyped call whose limit is never reached, with the limiter off and on.
    let params = serde_json::to_value(&request).unwrap_or_default();
    let meta = DescribeUserInfoRequest::METADATA.with_rate_limit(u32::MAX);
    g.bench_function("untyped call, rate limiting off", |b| {
        b.to_async(&runtime).iter(|| client.call_json(meta, black_box(&params)))
    });
    g.bench_function("untyped call, rate limiting on (never waits)", |b| {
        b.to_async(&runtime).iter(|| limited.call_json(meta, black_box(&params)))
    });
    g.finish();
}

/// `calls` typed calls on each of `clients.len()` threads at once, thread `i` through
/// `clients[i]`; the wall time of the whole.
fn calls_in_parallel(clients: &[Client], calls: u64) -> Duration {
    let request = request();
    let started = std::time::Instant::now();
    std::thread::scope(|scope| {
        for client in clients {
            let request = &request;
            scope.spawn(move || {
                let runtime = current_thread();
                runtime.block_on(async {
                    for _ in 0..calls {
                        black_box(client.call(black_box(request)).await.is_ok());
                    }
                });
            });
        }
    });
    started.elapsed()
}

/// Two threads calling at once, through one shared client (sharing its caches and their
/// locks) and through a client each: what sharing costs.
fn threads(c: &mut Criterion) {
    let shared = Client::new(config(Arc::new(Canned(REPLY)), false));
    let own =
        [Client::new(config(Arc::new(Canned(REPLY)), false)), Client::new(config(Arc::new(Canned(REPLY)), false))];
    let mut g = c.benchmark_group("threads");
    g.bench_function("2 threads, a client each (time per call on each thread)", |b| {
        b.iter_custom(|calls| calls_in_parallel(&own, calls))
    });
    g.bench_function("2 threads, one shared client (time per call on each thread)", |b| {
        b.iter_custom(|calls| calls_in_parallel(&[shared.clone(), shared.clone()], calls))
    });
    g.finish();
}

fn parts(c: &mut Criterion) {
    let request = request();
    let response = response_text(REPLY);
    let body = to_wire_json(&request).unwrap_or_default();
    let host = "trtc.tencentcloudapi.com";
    let signed = [("content-type", "application/json"), ("host", host)];
    let input = SigningInput {
        method: "POST",
        canonical_uri: "/",
        canonical_query: "",
        headers: &signed,
        payload: &body,
        service: "trtc",
        timestamp: NOW,
        secret_id: SECRET_ID,
        secret_key: SECRET_KEY,
    };
    let cache = SigningKeyCache::new();
    let prefix = CanonicalPrefix::of(&input);
    let mut g = c.benchmark_group("parts");
    g.bench_function("floor", |b| b.iter(|| floor(black_box(&request), black_box(&response))));
    g.bench_function("validate", |b| {
        b.iter(|| {
            let mut report = Violations::new();
            black_box(&request).validate(&ValidationContext::new(NOW), &mut report);
            report
        })
    });
    g.bench_function("serialize (Python-SDK-compatible JSON)", |b| b.iter(|| to_wire_json(black_box(&request))));
    g.bench_function("sign (cached signing key and canonical prefix)", |b| {
        b.iter(|| authorization_after(&prefix, black_box(&input), &cache.get(SECRET_KEY, NOW, "trtc")))
    });
    g.bench_function("headers (as the client builds them)", |b| {
        // Per host, once: the headers that do not change, with empty places for the
        // per-call ones; per call: a copy, with X-TC-Action, X-TC-Timestamp and
        // Authorization set.
        let mut template = http::HeaderMap::with_capacity(16);
        for (name, value) in [
            ("content-type", "application/json"),
            ("host", host),
            ("x-tc-action", ""),
            ("x-tc-requestclient", "SDK_RUST_0.1.0"),
            ("x-tc-timestamp", ""),
            ("x-tc-version", "2019-07-22"),
            ("x-tc-region", "ap-guangzhou"),
            ("x-tc-language", "zh-CN"),
            ("authorization", ""),
        ] {
            let value = http::HeaderValue::from_str(value).unwrap_or_else(|e| panic!("{e}"));
            template.insert(http::HeaderName::from_static(name), value);
        }
        let authorization = authorization_after(&prefix, &input, &cache.get(SECRET_KEY, NOW, "trtc"));
        b.iter(|| {
            let mut headers = template.clone();
            headers.insert("x-tc-action", http::HeaderValue::from_str(black_box("DescribeUserInfo")).ok()?);
            headers.insert("x-tc-timestamp", http::HeaderValue::from(black_box(NOW)));
            headers.insert("authorization", http::HeaderValue::try_from(black_box(&authorization).clone()).ok()?);
            Some(headers)
        });
    });
    g.bench_function("decode (typed Response)", |b| {
        b.iter(|| serde_json::from_str::<DescribeUserInfoResponse>(black_box(&response)).is_ok())
    });
    g.finish();
}

fn decode(c: &mut Criterion) {
    let mut g = c.benchmark_group("decode");
    for (name, reply) in [("example", REPLY.to_owned()), ("100 users", reply_of(100))] {
        let response = response_text(&reply);
        g.bench_function(format!("{name}: serde_json::Value"), |b| {
            b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(&response)).is_ok())
        });
        g.bench_function(format!("{name}: typed DescribeUserInfoResponse"), |b| {
            b.iter(|| serde_json::from_str::<DescribeUserInfoResponse>(black_box(&response)).is_ok())
        });
    }
    g.finish();
}

fn loopback(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    loopback_on(c, "loopback", &runtime);
    drop(runtime);
    // Everything on the calling thread (the server, the connection, the call): no
    // thread wakes another, so the difference between the variants is their CPU alone.
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap_or_else(|e| panic!("{e}"));
    loopback_on(c, "loopback, one thread", &runtime);
}

/// The loopback round trips of the bare POST, the client and its transport alone, on
/// `runtime` (the server's tasks too), as benchmark group `group`.
fn loopback_on(c: &mut Criterion, group: &str, runtime: &tokio::runtime::Runtime) {
    let respond: Responder = Arc::new(|_| (200, REPLY.to_owned()));
    let server = runtime.block_on(LoopbackServer::start(&[(SECRET_ID, SECRET_KEY)], respond));
    let url = server.url();
    let transport = ReqwestTransport::without_proxy(Duration::from_secs(5)).unwrap_or_else(|e| panic!("{e}"));
    let with_endpoint = |transport: Arc<dyn Transport>| Client::new(loopback_bench_config(&url, transport));
    let client = with_endpoint(Arc::new(transport));
    let request = request();
    // The exact bytes and headers the client sends, for the bare POST.
    let sent = sent_request(runtime, &url);
    let bare = reqwest::Client::builder().no_proxy().build().unwrap_or_else(|e| panic!("{e}"));
    runtime.block_on(client.call(&request)).unwrap_or_else(|e| panic!("{e}"));

    let mut g = c.benchmark_group(group);
    g.sample_size(30).measurement_time(Duration::from_secs(4));
    g.bench_function("baseline: bare reqwest POST of the same bytes", |b| {
        b.to_async(runtime).iter(|| async {
            let reply = bare.post(&url).headers(sent.headers.clone()).body(sent.body.clone()).send().await;
            reply.unwrap_or_else(|e| panic!("{e}")).bytes().await.map(|b| b.len())
        })
    });
    g.bench_function("typed call through the client", |b| b.to_async(runtime).iter(|| client.call(&request)));
    // The client's own transport given the same request: what the transport adds to
    // reqwest, apart from what the client adds around it.
    let transport = ReqwestTransport::without_proxy(Duration::from_secs(5)).unwrap_or_else(|e| panic!("{e}"));
    g.bench_function("the reqwest transport alone, same request", |b| {
        b.to_async(runtime).iter(|| {
            let mut request = http::Request::new(sent.body.clone());
            *request.method_mut() = http::Method::POST;
            *request.uri_mut() = sent.uri.clone();
            *request.headers_mut() = sent.headers.clone();
            transport.send(request)
        })
    });
    g.finish();
    drop(server);
}

criterion_group!(benches, call, parts, decode, loopback, threads);
criterion_main!(benches);
