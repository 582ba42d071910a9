//! The client: [`Client`], and the one pipeline every call goes through, typed
//! ([`Client::call`]), untyped ([`Client::call_json`]), with a raw body
//! ([`Client::call_binary`]) or with a reply that may be a stream of server-sent events
//! ([`Client::call_stream`], see [`crate::stream`]).
//!
//! A call runs in phases, each in a file of this module that calls the next:
//!
//! 1. `invoke.rs`: the call methods, and what comes before sending: the region, the
//!    call's settings ([`CallOverrides`](crate::CallOverrides)), validation, the body,
//!    a client token ([`ActionMetadata::with_client_token`](crate::ActionMetadata::with_client_token)).
//! 2. `attempts.rs`: the call's tracing span and its attempts, retried as
//!    [`crate::retry`] describes, within the operation timeout.
//! 3. `attempt.rs`: one attempt: its rate-limit slot ([`crate::rate_limit`]), the
//!    request, the hooks ([`crate::hook`]), the transport within the per-attempt
//!    timeout, and the reply.
//! 4. `request.rs`: the signed request: credentials, where it goes
//!    (`destination.rs`), its headers (`headers.rs`, every request header in one
//!    place) and the TC3-HMAC-SHA256 signature ([`crate::sign`]).
//! 5. `response.rs`: the reply as a result or a failure: its status, redirects, what
//!    may be retried; `envelope.rs` reads the `{"Response": ...}` envelope.
//! 6. `output.rs`: the typed output of a result, decoded leniently where the generated
//!    code asks ([`crate::de`], [`crate::coerce`]).
//!
//! `failure.rs` holds what the phases fail with. The pipeline is not generic past the
//! call methods, so it is compiled once, not once per action.

use std::fmt;
use std::sync::Arc;

use crate::config::Config;
use crate::credentials::{Credentials, CredentialsError};
use crate::rate_limit::RateLimiter;
use crate::retry::RetryBudget;
use crate::sign::SigningKeyCache;

pub(crate) mod attempt;
mod attempts;
mod destination;
mod envelope;
pub(crate) mod failure;
mod headers;
mod interned;
mod invoke;
pub(crate) mod output;
mod request;
mod response;

/// The target of the call's span and of the client's log events, whichever phase they
/// come from: `tencentcloud_runtime::client`.
const TARGET: &str = module_path!();

/// A Tencent Cloud API 3.0 client. Cheap to clone; clones share the rate limiter and
/// the retry budget.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    config: Config,
    rate_limiter: RateLimiter,
    budget: RetryBudget,
    /// Derived signing keys, so a call signs with one HMAC instead of four.
    signing_keys: SigningKeyCache,
    /// For a provider with fixed credentials, their check, made once.
    fixed_check: Option<Result<(), CredentialsError>>,
    /// Where calls go (host, URI, the headers that do not change between calls, the
    /// start of the canonical request), per service and region, built once.
    destinations: destination::Destinations,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client").field("config", &self.inner.config).finish_non_exhaustive()
    }
}

impl Client {
    /// A client with `config`.
    pub fn new(config: Config) -> Client {
        let budget = RetryBudget::new(config.retry.budget_capacity);
        let fixed_check = config.credentials.fixed_credentials().map(Credentials::validate);
        let inner = Inner {
            config,
            rate_limiter: RateLimiter::new(),
            budget,
            signing_keys: SigningKeyCache::new(),
            fixed_check,
            destinations: destination::Destinations::default(),
        };
        Client { inner: Arc::new(inner) }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }
}
