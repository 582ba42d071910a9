//! [`CachingProvider`]: one cache in front of any credentials provider.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::clock::{Clock, SystemClock};
use crate::future::BoxFuture;

/// Default time before expiry at which temporary credentials are refreshed.
pub const DEFAULT_REFRESH_AHEAD: Duration = Duration::from_secs(300);
/// Default wait after a failed refresh before the next try, while the cached
/// credentials are still valid.
pub const DEFAULT_RETRY_AFTER_FAILURE: Duration = Duration::from_secs(10);

#[derive(Default)]
struct State {
    creds: Option<Credentials>,
    /// Until when the cached credentials are used without asking the provider.
    fresh_until: Option<SystemTime>,
    /// When the last refresh failed (while cached credentials were still valid).
    failed_at: Option<SystemTime>,
}

/// Caches the credentials of a provider:
///
/// - temporary credentials (with an [expiry](Credentials::expiry)) are kept until
///   `refresh_ahead` before it (or until half their remaining lifetime when that is
///   shorter), then refreshed;
/// - credentials without an expiry are kept for `ttl` (default: for ever);
/// - concurrent callers share one refresh: one asks the provider, the others wait for
///   its result;
/// - a failed refresh keeps the cached credentials while they are still valid (the
///   next try waits `retry_after_failure`), and is an error only once they expired.
///
/// Time comes from a [`Clock`], so tests can move it.
pub struct CachingProvider<P> {
    inner: P,
    clock: Arc<dyn Clock>,
    refresh_ahead: Duration,
    retry_after_failure: Duration,
    ttl: Option<Duration>,
    state: Mutex<State>,
    refresh: tokio::sync::Mutex<()>,
}

impl<P: fmt::Debug> fmt::Debug for CachingProvider<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CachingProvider")
            .field("inner", &self.inner)
            .field("refresh_ahead", &self.refresh_ahead)
            .field("ttl", &self.ttl)
            .finish_non_exhaustive()
    }
}

impl<P: ProvideCredentials> CachingProvider<P> {
    /// Caches `inner` with the defaults: refresh 5 minutes ahead of expiry, long-term
    /// credentials kept for ever, the system clock.
    pub fn new(inner: P) -> Self {
        CachingProvider {
            inner,
            clock: Arc::new(SystemClock),
            refresh_ahead: DEFAULT_REFRESH_AHEAD,
            retry_after_failure: DEFAULT_RETRY_AFTER_FAILURE,
            ttl: None,
            state: Mutex::new(State::default()),
            refresh: tokio::sync::Mutex::new(()),
        }
    }

    /// How long before expiry to refresh.
    pub fn refresh_ahead(mut self, ahead: Duration) -> Self {
        self.refresh_ahead = ahead;
        self
    }

    /// How long to keep credentials that have no expiry (then ask the provider again).
    pub fn ttl(mut self, ttl: Duration) -> Self {
        self.ttl = Some(ttl);
        self
    }

    /// How long to wait after a failed refresh before trying again (while the cached
    /// credentials are still valid).
    pub fn retry_after_failure(mut self, wait: Duration) -> Self {
        self.retry_after_failure = wait;
        self
    }

    /// The clock deciding freshness.
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// The provider behind the cache.
    pub fn inner(&self) -> &P {
        &self.inner
    }

    /// Forgets the cached credentials: the next call asks the provider.
    pub fn invalidate(&self) {
        *self.lock() = State::default();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // The state is always consistent: a panic elsewhere cannot poison it half-written.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The cached credentials if they can be used now without asking the provider.
    fn cached(&self, now: SystemTime) -> Option<Credentials> {
        let state = self.lock();
        let creds = state.creds.as_ref()?;
        if state.fresh_until.is_none_or(|until| now < until) {
            return Some(creds.clone());
        }
        let valid = creds.expiry().is_none_or(|exp| now < exp);
        let backing_off = state.failed_at.is_some_and(|at| now < at + self.retry_after_failure);
        (valid && backing_off).then(|| creds.clone())
    }

    /// The cached credentials if they have not expired at `now`.
    fn unexpired(&self, now: SystemTime) -> Option<Credentials> {
        self.lock().creds.as_ref().filter(|c| c.expiry().is_none_or(|exp| now < exp)).cloned()
    }

    fn fresh_until(&self, creds: &Credentials, now: SystemTime) -> Option<SystemTime> {
        match creds.expiry() {
            Some(exp) => {
                let left = exp.duration_since(now).unwrap_or(Duration::ZERO);
                Some(exp - self.refresh_ahead.min(left / 2))
            }
            None => self.ttl.map(|ttl| now + ttl),
        }
    }

    async fn get(&self) -> Result<Credentials, CredentialsError> {
        if let Some(creds) = self.cached(self.clock.now()) {
            return Ok(creds);
        }
        let _refreshing = match self.refresh.try_lock() {
            Ok(guard) => guard,
            Err(_) => {
                // Another caller is refreshing: credentials that have not expired serve
                // until it is done, rather than making this caller wait for it.
                if let Some(creds) = self.unexpired(self.clock.now()) {
                    return Ok(creds);
                }
                self.refresh.lock().await
            }
        };
        // Another caller may have refreshed while this one waited.
        let now = self.clock.now();
        if let Some(creds) = self.cached(now) {
            return Ok(creds);
        }
        match self.inner.provide_credentials().await {
            Ok(creds) => {
                let mut state = self.lock();
                state.fresh_until = self.fresh_until(&creds, now);
                state.creds = Some(creds.clone());
                state.failed_at = None;
                Ok(creds)
            }
            Err(error) => {
                let mut state = self.lock();
                let still_valid = state.creds.as_ref().filter(|c| c.expiry().is_none_or(|exp| now < exp)).cloned();
                match still_valid {
                    Some(creds) => {
                        state.failed_at = Some(now);
                        tracing::warn!(%error, "credentials refresh failed; the cached credentials stay in use until they expire");
                        Ok(creds)
                    }
                    None => {
                        *state = State::default();
                        Err(error)
                    }
                }
            }
        }
    }
}

impl<P: ProvideCredentials> ProvideCredentials for CachingProvider<P> {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.get())
    }
}
