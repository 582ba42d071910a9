//! The client's source of "now": request timestamps, the credential-scope date and the
//! current time seen by validation all come from one [`Clock`], so tests can pin it.

use std::fmt::Debug;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A source of the current wall-clock time.
pub trait Clock: Send + Sync + Debug {
    /// The current time.
    fn now(&self) -> SystemTime;
}

/// The operating system's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A clock that stands still at a settable Unix time (whole seconds).
#[derive(Debug, Default)]
pub struct FixedClock {
    unix_secs: AtomicI64,
}

impl FixedClock {
    /// A clock showing `unix_secs` seconds since the Unix epoch.
    pub fn new(unix_secs: i64) -> Self {
        FixedClock { unix_secs: AtomicI64::new(unix_secs) }
    }

    /// Moves the clock to `unix_secs`.
    pub fn set(&self, unix_secs: i64) {
        self.unix_secs.store(unix_secs, Ordering::SeqCst);
    }

    /// Moves the clock forward by `secs` (backwards if negative).
    pub fn advance(&self, secs: i64) {
        self.unix_secs.fetch_add(secs, Ordering::SeqCst);
    }
}

impl Clock for FixedClock {
    fn now(&self) -> SystemTime {
        let secs = self.unix_secs.load(Ordering::SeqCst);
        let magnitude = Duration::from_secs(secs.unsigned_abs());
        if secs >= 0 {
            UNIX_EPOCH + magnitude
        } else {
            UNIX_EPOCH - magnitude
        }
    }
}

/// Whole seconds since the Unix epoch shown by `clock` (negative before 1970).
pub fn unix_seconds(clock: &dyn Clock) -> i64 {
    match clock.now().duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => {
            let before = e.duration();
            // Round towards negative infinity, like a Unix timestamp.
            let secs = i64::try_from(before.as_secs()).unwrap_or(i64::MAX);
            if before.subsec_nanos() > 0 {
                -secs - 1
            } else {
                -secs
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_clock_is_settable() {
        let clock = FixedClock::new(1_590_066_000);
        assert_eq!(unix_seconds(&clock), 1_590_066_000);
        clock.set(-5);
        assert_eq!(unix_seconds(&clock), -5);
        clock.advance(10);
        assert_eq!(unix_seconds(&clock), 5);
    }

    #[test]
    fn system_clock_is_after_2020() {
        assert!(unix_seconds(&SystemClock) > 1_577_836_800);
    }
}
