//! Shared helpers of the fixture tests: where fixtures live and how a client is set up
//! to replay them with a fixed clock and fixed credentials.
//!
//! The repository README is compiled below as a doc test, and its examples run against
//! a loopback server or the typed mock ([`readme`]), so that they stay true.
#![doc = include_str!("../../README.md")]

pub mod keepalive;
pub mod loopback;
pub mod readme;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tencentcloud_runtime::test_util::ReplayTransport;
use tencentcloud_runtime::transport::Transport;
use tencentcloud_runtime::{Config, ConfigBuilder, Credentials, Endpoint, FixedClock, RetryConfig};
use tencentcloud_trtc::v20190722::operation::describe_user_info::DescribeUserInfoFluentBuilder;
use tencentcloud_trtc::v20190722::Client;

/// The example's credentials (from the official signing vectors).
pub const SECRET_ID: &str = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
/// The example's secret key.
pub const SECRET_KEY: &str = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";
/// The clock of every replay: 2020-05-21 13:00:00 UTC, just after the example's call.
pub const NOW: i64 = 1_590_066_000;

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().map(PathBuf::from).unwrap_or_default()
}

/// Path of a fixture file under `tests/fixtures`.
pub fn fixture(rel: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(rel)
}

/// Retries with 1-2 ms of backoff: no real waiting to speak of.
pub fn fast_retries() -> RetryConfig {
    RetryConfig::standard().with_initial_backoff(Duration::from_millis(1)).with_max_backoff(Duration::from_millis(2))
}

/// `DescribeUserInfo` with the example's required parameters set (its call id, app id
/// and a 100-second window just before [`NOW`]).
pub fn minimal_call(client: &Client) -> DescribeUserInfoFluentBuilder {
    client
        .describe_user_info()
        .comm_id("1400188366_218695_1590065777")
        .start_time(1_590_065_777)
        .end_time(1_590_065_877)
        .sdk_app_id(1_400_188_366)
}

/// The configuration the benchmarks call a loopback server with: the example's static
/// credentials, region ap-guangzhou, the fixed clock, `url` as the endpoint, `transport`,
/// and rate limiting off (its per-action limit would make calls wait by design).
pub fn loopback_bench_config(url: &str, transport: Arc<dyn Transport>) -> Config {
    Config::builder()
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .region("ap-guangzhou")
        .endpoint(Endpoint::custom(url))
        .transport(transport)
        .clock(Arc::new(FixedClock::new(NOW)))
        .rate_limiting(false)
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}

/// A config builder replaying `transport`, with the fixed clock, the example's static
/// credentials, region ap-guangzhou and fast retries (no real waiting).
pub fn replay_config(transport: &ReplayTransport) -> ConfigBuilder {
    Config::builder()
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .region("ap-guangzhou")
        .transport(Arc::new(transport.clone()))
        .clock(Arc::new(FixedClock::new(NOW)))
        .retry(fast_retries())
}

/// Loads a fixture of `tests/fixtures` as a replay transport.
pub fn replay(rel: &str) -> ReplayTransport {
    match ReplayTransport::load(fixture(rel)) {
        Ok(t) => t,
        Err(e) => panic!("{e}"),
    }
}

/// Copies the directory `src` to `dst`, recursively.
pub fn copy_dir(src: &std::path::Path, dst: &std::path::Path) {
    std::fs::create_dir_all(dst).expect("mkdir");
    for entry in std::fs::read_dir(src).expect("read_dir") {
        let entry = entry.expect("entry");
        let to = dst.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &to);
        } else {
            std::fs::copy(entry.path(), &to).expect("copy");
        }
    }
}

/// Every file under `dir` (relative, `/`-separated) with its content, sorted; empty
/// when `dir` does not exist.
pub fn tree(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    if !dir.exists() {
        return out;
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read_dir") {
            let p = entry.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).expect("prefix").to_string_lossy().replace('\\', "/");
                out.push((rel, std::fs::read(&p).expect("read")));
            }
        }
    }
    out.sort();
    out
}
