//! Shared helpers of the fixture tests: where fixtures live and how a client is set up
//! to replay them with a fixed clock and fixed credentials.
//!
//! The repository README is compiled below as a doc test, so its example stays true.
#![doc = include_str!("../../README.md")]

pub mod loopback;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tencentcloud_runtime::test_util::ReplayTransport;
use tencentcloud_runtime::{Config, ConfigBuilder, Credentials, FixedClock, RetryConfig};

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

/// A config builder replaying `transport`, with the fixed clock, the example's static
/// credentials, region ap-guangzhou and fast retries (no real waiting).
pub fn replay_config(transport: &ReplayTransport) -> ConfigBuilder {
    Config::builder()
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .region("ap-guangzhou")
        .transport(Arc::new(transport.clone()))
        .clock(Arc::new(FixedClock::new(NOW)))
        .retry(
            RetryConfig::standard()
                .with_initial_backoff(Duration::from_millis(1))
                .with_max_backoff(Duration::from_millis(2)),
        )
}

/// Loads a fixture of `tests/fixtures` as a replay transport.
pub fn replay(rel: &str) -> ReplayTransport {
    match ReplayTransport::load(fixture(rel)) {
        Ok(t) => t,
        Err(e) => panic!("{e}"),
    }
}
