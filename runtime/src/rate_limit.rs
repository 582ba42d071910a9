//! Client-side rate limiting to the documented per-action limit.
//!
//! Each `(service, action)` with a documented limit of `n` requests per second gets
//! evenly spaced slots `1/n` s apart, shared by every clone of the client and every
//! task. A caller waits for its slot (with `tokio::time::sleep`) instead of being
//! rejected, so a burst never exceeds the limit in any one-second window.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

/// Spaces calls per `(service, action)`.
#[derive(Debug, Clone, Default)]
pub struct RateLimiter {
    next_slot: Arc<Mutex<HashMap<(String, String), Instant>>>,
}

impl RateLimiter {
    /// An empty limiter.
    pub fn new() -> Self {
        RateLimiter::default()
    }

    /// Reserves the next slot for `service`/`action` at `per_second` requests per
    /// second and returns when it is due (now, if the action is idle).
    fn reserve(&self, service: &str, action: &str, per_second: u32) -> Instant {
        let interval = Duration::from_secs(1) / per_second.max(1);
        let now = Instant::now();
        let mut map = self.next_slot.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let next = map.entry((service.to_owned(), action.to_owned())).or_insert(now);
        let slot = (*next).max(now);
        *next = slot + interval;
        slot
    }

    /// Waits until a call to `service`/`action` fits under `per_second`.
    pub async fn acquire(&self, service: &str, action: &str, per_second: u32) {
        let slot = self.reserve(service, action, per_second);
        if slot > Instant::now() {
            tokio::time::sleep_until(slot).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn spaces_calls_per_action() {
        let limiter = RateLimiter::new();
        let start = Instant::now();
        for _ in 0..3 {
            limiter.acquire("trtc", "A", 10).await;
        }
        assert_eq!(start.elapsed(), Duration::from_millis(200));
        // Another action has its own slots.
        let t = Instant::now();
        limiter.acquire("trtc", "B", 10).await;
        assert_eq!(t.elapsed(), Duration::ZERO);
    }
}
