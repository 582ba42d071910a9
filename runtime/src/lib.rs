//! Runtime shared by the generated Tencent Cloud API 3.0 crates.
//!
//! Generated crates are thin: each request type implements [`action::Action`], and the
//! [`Client`] here does the rest of a call: validation, JSON serialization exactly as
//! the official SDKs produce it, TC3-HMAC-SHA256 signing, transport, retries, rate
//! limiting and decoding of the `{"Response": ...}` envelope. Actions that answer with
//! server-sent events are read as they arrive ([`stream`], [`sse`]); actions with a raw
//! body are sent with [`Client::call_binary`].
//!
//! ```no_run
//! use tencentcloud_runtime::{ActionMetadata, Client, Config, Credentials, Language};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let config = Config::builder()
//!     .credentials(Credentials::new("AKID...", "secret key"))
//!     .region("ap-guangzhou")
//!     .language(Language::EnUs)
//!     .build()?;
//! let client = Client::new(config);
//! // Any action, untyped; generated crates call `client.call(&request)` instead.
//! let meta = ActionMetadata::new("cvm", "2017-03-12", "DescribeInstances", "cvm.tencentcloudapi.com");
//! let response = client.call_json(meta, &serde_json::json!({"Limit": 1})).await?;
//! println!("{}", response["RequestId"]);
//! # Ok(())
//! # }
//! ```
//!
//! # Layout
//!
//! Each module depends only on those listed before it (no module imports one that
//! imports it back):
//!
//! - shared pieces: `future` ([`BoxFuture`]), [`text`], [`clock`], [`json`], [`ser`],
//!   [`de`], [`coerce`], [`sse`], [`sign`], [`rate_limit`], [`validation`], [`error`]
//!   (every error a call returns, one file per kind), [`action`] (what a generated
//!   request implements);
//! - the client's parts: [`transport`], [`hook`], [`retry`], [`credentials`] (but the
//!   providers that call STS use the client), `defaults` (the credential chain and
//!   transport a configuration uses when given none), [`config`];
//! - [`client`]: the pipeline of a call, one file per phase (see its documentation);
//! - above the client: [`stream`] (replies of server-sent events), [`paginate`],
//!   [`dynamic`] (actions called by name with JSON parameters, for the command line);
//! - `testing/`: the test helpers (feature `test-util`), public as `test_util`,
//!   `record`, `mock` and `examples`.
//!
//! # Where the tests are
//!
//! - Unit tests, which may reach private items: a `#[cfg(test)] mod tests` at the end
//!   of the file they test; for `sign`, `retry` and `validation`, in the module's
//!   `tests.rs`, with `tests/mutants.rs` beside it for the tests that pin what mutation
//!   testing found unpinned (`MUTANTS.md`).
//! - Tests of the public API, against in-memory and loopback transports:
//!   `runtime/tests/*.rs` (shared helpers in `runtime/tests/common/`, signing vectors in
//!   `runtime/tests/data/`).
//! - Doc tests: in the documentation of the item they show.
//! - Tests with generated crates, recorded fixtures and a loopback server with its own
//!   TC3 verifier: the workspace's `tests/` crate; each generated crate also replays
//!   its spec's examples (`generated/<service>/tests/`).
//! - Benchmarks: `runtime/benches/`.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod action;
pub mod client;
pub mod clock;
pub mod coerce;
pub mod config;
pub mod credentials;
pub mod de;
mod defaults;
pub mod dynamic;
pub mod error;
mod future;
pub mod hook;
pub mod json;
pub mod paginate;
pub mod rate_limit;
pub mod retry;
pub mod ser;
pub mod sign;
pub mod sse;
pub mod stream;
#[cfg(feature = "test-util")]
mod testing;
pub mod text;
pub mod transport;
pub mod validation;

#[cfg(feature = "test-util")]
pub use testing::{examples, mock, record, test_util};

/// serde, for the expansions of [`deserialize_struct!`] and [`serialize_struct!`] in the
/// generated crates.
#[doc(hidden)]
pub use serde as __serde;

pub use action::{Action, ActionMetadata, StreamingAction};
pub use client::Client;
pub use clock::{Clock, FixedClock, SystemClock};
pub use config::{CallOverrides, Config, ConfigBuilder, Endpoint, Language, Proxy};
pub use credentials::{Credentials, CredentialsError, DefaultChain, ProvideCredentials};
pub use error::{
    ConfigError, DecodeError, ErrorMetadata, HttpStatusError, SdkError, ServiceError, TransportError,
    UntypedServiceError,
};
pub use hook::{AttemptInfo, Hook};
pub use retry::RetryConfig;
pub use sse::{SseError, SseEvent, SseParser};
pub use stream::{EventStream, RawEventStream, StreamReply};
pub use transport::{BodyStream, BoxFuture, Transport};

/// The regular-expression engine generated pattern checks use.
#[doc(hidden)]
pub use regex;

/// The byte buffer of binary bodies ([`Client::call_binary`]); generated fluent builders
/// of binary actions take `impl Into<bytes::Bytes>`.
pub use bytes;
