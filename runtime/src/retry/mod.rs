//! Retries: which failures are retried, how long to wait, and a retry budget.
//!
//! A failure is retried only when repeating the request is safe: always when the
//! request never left the client (the connection could not be made) or the server
//! rejected it (throttling, a transient error code); after a failure that may have
//! reached the server (a timeout, a connection lost mid-exchange, an HTTP 5xx without
//! an error envelope) only for idempotent actions
//! ([`ActionMetadata::idempotent`](crate::ActionMetadata::idempotent)), which include
//! actions sent with a client token.
//!
//! Backoff is exponential with full jitter: before retry `n` (1-based) the client
//! waits a random time in `[0, min(max_backoff, initial_backoff * 2^(n-1))]`. A token
//! bucket shared by all clones of a client bounds retries during an outage: each retry
//! costs tokens, each success refunds some, and without tokens failures are returned
//! at once (like the smithy-rs "standard" retry strategy).
//!
//! A reply that says when to come back — HTTP 503 or 429, or a throttling error
//! envelope, with `Retry-After: <seconds>` — is retried no sooner than that (the
//! larger of the header and the backoff), unless the header asks for more than
//! [`RetryConfig::max_retry_after`]: then the error is returned at once. A wait never
//! goes past the call's operation timeout
//! ([`ConfigBuilder::operation_timeout`](crate::ConfigBuilder::operation_timeout)).

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use rand::Rng;

use crate::error::TransportErrorKind;

/// Default of [`RetryConfig::max_retry_after`]: 20 s, the largest backoff.
pub const DEFAULT_MAX_RETRY_AFTER: Duration = Duration::from_secs(20);

/// How a client retries failed attempts.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryConfig {
    /// Whether to retry at all.
    pub enabled: bool,
    /// Attempts in total, including the first (at least 1).
    pub max_attempts: u32,
    /// Cap of the first backoff.
    pub initial_backoff: Duration,
    /// Largest backoff.
    pub max_backoff: Duration,
    /// Full jitter (a random wait up to the cap) instead of waiting the cap exactly.
    pub jitter: bool,
    /// Size of the retry budget shared by clones of one client.
    pub budget_capacity: u32,
    /// Budget cost of a retry after a throttling, transient or HTTP 5xx error.
    pub retry_cost: u32,
    /// Budget cost of a retry after a transport error or timeout.
    pub timeout_retry_cost: u32,
    /// The longest `Retry-After` the client waits for; a reply asking for more is
    /// returned as the call's error, not retried.
    pub max_retry_after: Duration,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            enabled: true,
            max_attempts: 3,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(20),
            jitter: true,
            budget_capacity: 500,
            retry_cost: 5,
            timeout_retry_cost: 10,
            max_retry_after: DEFAULT_MAX_RETRY_AFTER,
        }
    }
}

impl RetryConfig {
    /// The defaults: 3 attempts, backoff from 100 ms up to 20 s with full jitter.
    pub fn standard() -> Self {
        RetryConfig::default()
    }

    /// No retries: every failure is returned at once.
    pub fn disabled() -> Self {
        RetryConfig { enabled: false, max_attempts: 1, ..RetryConfig::default() }
    }

    /// Sets the attempts in total, including the first.
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts.max(1);
        self
    }

    /// Sets the cap of the first backoff.
    pub fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// Sets the largest backoff.
    pub fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// Turns full jitter on or off.
    pub fn with_jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// Sets the size of the retry budget.
    pub fn with_budget_capacity(mut self, capacity: u32) -> Self {
        self.budget_capacity = capacity;
        self
    }

    /// Sets the longest `Retry-After` the client waits for.
    pub fn with_max_retry_after(mut self, max: Duration) -> Self {
        self.max_retry_after = max;
        self
    }

    /// Attempts allowed in total.
    pub fn attempts(&self) -> u32 {
        if self.enabled {
            self.max_attempts.max(1)
        } else {
            1
        }
    }

    /// The largest wait before retry `retry` (1 for the first retry).
    pub fn backoff_cap(&self, retry: u32) -> Duration {
        let factor = 2u32.saturating_pow(retry.saturating_sub(1));
        self.initial_backoff.saturating_mul(factor).min(self.max_backoff)
    }

    /// The wait before retry `retry`: the cap, or a random part of it with jitter.
    pub fn backoff(&self, retry: u32) -> Duration {
        let cap = self.backoff_cap(retry);
        if !self.jitter || cap.is_zero() {
            return cap;
        }
        let nanos = u64::try_from(cap.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(rand::rng().random_range(0..=nanos))
    }
}

/// Why an attempt may be retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RetryReason {
    /// The request was never sent: the connection could not be made (refused, DNS,
    /// TLS, connect timeout). Safe to repeat for every action.
    NotSent,
    /// A timeout or a transport failure after the connection was made: the request
    /// may have reached the server and been applied.
    Transport,
    /// HTTP 5xx without an error envelope: the server, or a proxy in front of it, may
    /// have applied the request before failing.
    HttpStatus,
    /// Throttling or a transient service error: the server rejected the request.
    /// Safe to repeat for every action.
    Server,
}

impl RetryReason {
    /// The reason to retry after a transport error of `kind`, or `None` when it is
    /// never retried (a reply over the size limit would be the same next time).
    pub(crate) fn transport(kind: TransportErrorKind) -> Option<Self> {
        match kind {
            TransportErrorKind::Connect => Some(RetryReason::NotSent),
            TransportErrorKind::ResponseTooLarge => None,
            _ => Some(RetryReason::Transport),
        }
    }

    /// Whether an attempt that failed this way may be repeated: always when the
    /// request never reached the server or the server rejected it, otherwise only
    /// for an idempotent action.
    pub(crate) fn allows_retry(self, idempotent: bool) -> bool {
        match self {
            RetryReason::NotSent | RetryReason::Server => true,
            RetryReason::Transport | RetryReason::HttpStatus => idempotent,
        }
    }
}

/// The wait a `Retry-After` header value asks for: delay-seconds only (`120`); an
/// HTTP date or anything else is ignored (`None`), and the normal backoff applies.
pub(crate) fn parse_retry_after(value: &[u8]) -> Option<Duration> {
    let text = std::str::from_utf8(value).ok()?.trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // All digits: only overflow can fail; such a wait is beyond any cap.
    Some(text.parse::<u64>().map_or(Duration::MAX, Duration::from_secs))
}

/// The retry budget: a token bucket shared by the clones of a client.
///
/// An atomic counter, not a lock: every successful call records itself here, from every
/// thread that shares the client, and a full budget (the usual state) is only read, so
/// the threads do not pass the counter's cache line back and forth. Aligned to a cache
/// line pair of its own, so that locks the client's other caches take do not make those
/// reads miss (false sharing).
#[derive(Debug)]
#[repr(align(128))]
pub(crate) struct RetryBudget {
    tokens: AtomicU32,
}

impl RetryBudget {
    pub(crate) fn new(capacity: u32) -> Self {
        RetryBudget { tokens: AtomicU32::new(capacity) }
    }

    /// Takes the cost of one retry, or returns `None` when the budget is spent.
    pub(crate) fn acquire(&self, config: &RetryConfig, reason: RetryReason) -> Option<u32> {
        let cost = match reason {
            RetryReason::NotSent | RetryReason::Transport => config.timeout_retry_cost,
            RetryReason::HttpStatus | RetryReason::Server => config.retry_cost,
        };
        // A counter on its own: no other memory is published through it.
        self.tokens.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |tokens| tokens.checked_sub(cost)).ok()?;
        Some(cost)
    }

    /// Records a success: refunds what its retries cost, or one token if it needed none.
    /// Writes only when that changes the count.
    pub(crate) fn success(&self, config: &RetryConfig, spent: u32) {
        let refund = if spent == 0 { 1 } else { spent };
        let _unchanged = self.tokens.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |tokens| {
            let refunded = tokens.saturating_add(refund).min(config.budget_capacity);
            (refunded != tokens).then_some(refunded)
        });
    }

    /// Tokens left.
    #[cfg(test)]
    pub(crate) fn available(&self) -> u32 {
        self.tokens.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests;
