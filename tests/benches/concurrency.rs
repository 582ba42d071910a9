//! Many calls at once through one shared client, beside bare reqwest with the same pool
//! settings, against a minimal keep-alive HTTP/1.1 server on 127.0.0.1.
//!
//! For each level of concurrency (1, 16, 64 and 256 calls in flight; `LEVELS=1,16`
//! chooses others) and each variant, that many tasks call in a loop for
//! `SECONDS` (default 3) after a short warm-up; the variants alternate, twice each
//! (`ROUNDS`), and the better round of each is kept. Printed, as a Markdown table:
//! throughput, p50 and p99 latency, process CPU per call (the server's included, the same
//! work for both variants), and the growth of the resident set while the calls are in
//! flight divided by their number (a rough memory cost per call in flight), with the
//! client's throughput and p99 as ratios of bare reqwest's.
//!
//! The client is the typed `DescribeUserInfo` call (validate, serialize, sign, send,
//! decode) with rate limiting off (its default per-action limit would cap the
//! throughput by design); bare reqwest POSTs the exact bytes and headers the client
//! sends. The server answers every request with the same reply without looking at it,
//! so both variants cost it the same.
//!
//! A third variant is the official Python SDK under the same load
//! (`python_sdk_load.py`: as many threads, one shared client keeping as many
//! connections), when `PYTHON` (default `python3`) imports it
//! (`pip install tencentcloud-sdk-python-common tencentcloud-sdk-python-trtc`); its CPU
//! per call is its process's plus this one's (the server), its memory its own peak
//! growth. `PYTHON_SDK=0` leaves it out; `ONLY=bare`, `sdk` or `python` runs one variant
//! alone (to profile it). With `--features mimalloc` the process (both Rust variants
//! and the server) allocates with mimalloc instead of the system allocator.
//!
//! Run with `cargo bench -p tencentcloud-sdk-tests --bench concurrency`; see
//! BENCHMARKS.md.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tencentcloud_runtime::transport::ReqwestTransport;
use tencentcloud_runtime::Client;
use tencentcloud_sdk_tests::keepalive::{env_or, request, sent_request, start_server};
use tencentcloud_sdk_tests::loopback_bench_config;
use tencentcloud_trtc::v20190722::operation::describe_user_info::DescribeUserInfoRequest;

/// This process's CPU time (user + system), from `/proc/self/stat`, in seconds.
fn cpu_seconds() -> f64 {
    let text = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // After the command name in parentheses: fields 14 and 15 (utime, stime) in ticks.
    let rest = text.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are the 14th and 15th fields; `rest` starts at the 3rd.
    (ticks(11) + ticks(12)) / 100.0
}

/// This process's resident set, from `/proc/self/statm`, in KiB.
fn rss_kib() -> u64 {
    let text = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages = text.split_whitespace().nth(1).and_then(|p| p.parse::<u64>().ok()).unwrap_or(0);
    pages * 4
}

/// One variant's figures at one level.
#[derive(Debug, Clone, Copy)]
struct Figures {
    calls_per_second: f64,
    p50_us: f64,
    p99_us: f64,
    cpu_us_per_call: f64,
    kib_per_call_in_flight: f64,
}

/// What is called.
#[derive(Clone)]
enum Variant {
    Bare {
        client: reqwest::Client,
        url: String,
        headers: http::HeaderMap,
        body: Vec<u8>,
    },
    Sdk {
        client: Client,
        request: Arc<DescribeUserInfoRequest>,
    },
    /// The official Python SDK, run by this interpreter against this URL.
    Python {
        python: String,
        url: String,
    },
}

impl Variant {
    /// The variant's name in `ONLY`.
    fn key(&self) -> &'static str {
        match self {
            Variant::Bare { .. } => "bare",
            Variant::Sdk { .. } => "sdk",
            Variant::Python { .. } => "python",
        }
    }

    fn name(&self) -> &'static str {
        match self {
            Variant::Bare { .. } => "bare reqwest POST",
            Variant::Sdk { .. } => "typed call through one shared client",
            Variant::Python { .. } => "official Python SDK, threads, one shared client",
        }
    }

    async fn once(&self) {
        match self {
            Variant::Bare { client, url, headers, body } => {
                let reply = client.post(url).headers(headers.clone()).body(body.clone()).send().await;
                let bytes = reply.unwrap_or_else(|e| panic!("{e}")).bytes().await.unwrap_or_else(|e| panic!("{e}"));
                std::hint::black_box(bytes);
            }
            Variant::Sdk { client, request } => {
                let reply = client.call(request.as_ref()).await.unwrap_or_else(|e| panic!("{e}"));
                std::hint::black_box(reply);
            }
            Variant::Python { .. } => unreachable!("the Python SDK runs in its own process (measure_python)"),
        }
    }
}

/// The script that puts the Python SDK under load.
const PYTHON_LOAD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/python_sdk_load.py");

/// Whether `python` imports the Python SDK's trtc client.
fn python_sdk_available(python: &str) -> bool {
    std::process::Command::new(python)
        .args(["-c", "import tencentcloud.trtc.v20190722.trtc_client"])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Runs the Python SDK with `level` threads for `seconds` (`python_sdk_load.py`).
fn measure_python(python: &str, url: &str, level: usize, seconds: f64) -> Figures {
    let cpu_before = cpu_seconds();
    let out = std::process::Command::new(python)
        .args([PYTHON_LOAD, url, &level.to_string(), &seconds.to_string()])
        .output()
        .unwrap_or_else(|e| panic!("{python}: {e}"));
    let server_cpu = cpu_seconds() - cpu_before;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let figures: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    let number = |key: &str| figures[key].as_f64().unwrap_or_else(|| panic!("{key} in {figures}"));
    let calls = number("calls").max(1.0);
    Figures {
        calls_per_second: calls / number("elapsed"),
        p50_us: number("p50_us"),
        p99_us: number("p99_us"),
        cpu_us_per_call: (number("cpu_seconds") + server_cpu) * 1e6 / calls,
        kib_per_call_in_flight: number("rss_growth_kib") / level as f64,
    }
}

/// Runs `variant` with `level` tasks for `seconds`.
async fn measure(variant: &Variant, level: usize, seconds: f64) -> Figures {
    if let Variant::Python { python, url } = variant {
        return measure_python(python, url, level, seconds);
    }
    // Warm-up: open the connections.
    let warm: Vec<_> = (0..level)
        .map(|_| {
            let v = variant.clone();
            tokio::spawn(async move { v.once().await })
        })
        .collect();
    for task in warm {
        task.await.unwrap_or_else(|e| panic!("{e}"));
    }
    let stop = Arc::new(AtomicBool::new(false));
    let peak = Arc::new(AtomicU64::new(0));
    let before_rss = rss_kib();
    let sampler = {
        let (stop, peak) = (stop.clone(), peak.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                peak.fetch_max(rss_kib(), Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(5));
            }
        })
    };
    let cpu_before = cpu_seconds();
    let started = Instant::now();
    let deadline = started + Duration::from_secs_f64(seconds);
    let tasks: Vec<_> = (0..level)
        .map(|_| {
            let v = variant.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::with_capacity(4096);
                while Instant::now() < deadline {
                    let t = Instant::now();
                    v.once().await;
                    latencies.push(t.elapsed().as_nanos() as u64);
                }
                latencies
            })
        })
        .collect();
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await.unwrap_or_else(|e| panic!("{e}")));
    }
    let elapsed = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu_before;
    stop.store(true, Ordering::Relaxed);
    let _ = sampler.join();
    latencies.sort_unstable();
    let at = |q: f64| latencies.get(((latencies.len() as f64 - 1.0) * q) as usize).copied().unwrap_or(0) as f64 / 1e3;
    let calls = latencies.len().max(1) as f64;
    let grown = peak.load(Ordering::Relaxed).saturating_sub(before_rss) as f64;
    Figures {
        calls_per_second: calls / elapsed,
        p50_us: at(0.50),
        p99_us: at(0.99),
        cpu_us_per_call: cpu * 1e6 / calls,
        kib_per_call_in_flight: grown / level as f64,
    }
}

/// With `--features mimalloc`, every variant (the server too) allocates with mimalloc
/// instead of the system allocator.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` runs this once briefly.
    let quick = !std::env::args().any(|a| a == "--bench");
    let seconds: f64 = if quick { 0.2 } else { env_or("SECONDS", 3.0) };
    let rounds: usize = if quick { 1 } else { env_or("ROUNDS", 2) };
    let levels: Vec<usize> = std::env::var("LEVELS")
        .ok()
        .map(|v| v.split(',').filter_map(|l| l.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1, 16, 64, 256]);
    let url = start_server();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap_or_else(|e| panic!("{e}"));
    let config =
        |transport: Arc<dyn tencentcloud_runtime::transport::Transport>| loopback_bench_config(&url, transport);
    // The exact bytes and headers the client sends, for the bare POST.
    let sent = sent_request(&runtime, &url);
    let request = request();
    let connect = Duration::from_secs(10);
    // The same pool settings on both sides: the transport's `without_proxy` builder.
    let bare = reqwest::Client::builder().connect_timeout(connect).no_proxy().build().unwrap_or_else(|e| panic!("{e}"));
    let transport = ReqwestTransport::without_proxy(connect).unwrap_or_else(|e| panic!("{e}"));
    let mut variants = vec![
        Variant::Bare { client: bare, url: url.clone(), headers: sent.headers.clone(), body: sent.body.clone() },
        Variant::Sdk { client: Client::new(config(Arc::new(transport))), request: Arc::new(request) },
    ];
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
    if !quick && std::env::var("PYTHON_SDK").as_deref() != Ok("0") {
        if python_sdk_available(&python) {
            variants.push(Variant::Python { python, url: url.clone() });
        } else {
            eprintln!("{python} does not import the Python SDK (tencentcloud.trtc): its variant is left out");
        }
    }
    // `ONLY=bare`, `sdk` or `python`: one variant alone (to profile it).
    if let Ok(only) = std::env::var("ONLY") {
        variants.retain(|v| v.key() == only);
    }
    println!("allocator: {}", if cfg!(feature = "mimalloc") { "mimalloc" } else { "the system's (glibc malloc)" });
    println!("| in flight | variant | calls/s | p50 µs | p99 µs | CPU µs/call | KiB/call in flight | throughput ratio | p99 ratio |");
    println!("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
    for level in levels {
        let mut best: Vec<Option<Figures>> = vec![None; variants.len()];
        for _ in 0..rounds {
            for (i, variant) in variants.iter().enumerate() {
                let f = runtime.block_on(measure(variant, level, seconds));
                if best[i].is_none_or(|b| f.calls_per_second > b.calls_per_second) {
                    best[i] = Some(f);
                }
            }
        }
        let base = best[0].unwrap_or_else(|| panic!("no figures"));
        for (variant, figures) in variants.iter().zip(&best) {
            let f = figures.unwrap_or_else(|| panic!("no figures"));
            println!(
                "| {level} | {} | {:.0} | {:.0} | {:.0} | {:.1} | {:.1} | {:.3} | {:.3} |",
                variant.name(),
                f.calls_per_second,
                f.p50_us,
                f.p99_us,
                f.cpu_us_per_call,
                f.kib_per_call_in_flight,
                f.calls_per_second / base.calls_per_second,
                f.p99_us / base.p99_us,
            );
        }
    }
}
