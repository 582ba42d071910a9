//! Client-side rate limiting to the documented per-action limit.
//!
//! Each `(service, action)` with a documented limit of `n` requests per second gets
//! evenly spaced slots `1/n` s apart, shared by every clone of the client and every
//! task. A caller waits for its slot (with `tokio::time::sleep`) instead of being
//! rejected, so a burst never exceeds the limit in any one-second window.
//!
//! A slot is spent only by a request sent: [`RateLimiter::acquire`] returns a [`Slot`]
//! that the client marks [`Slot::spent`] when it hands the request to the transport.
//! A slot dropped unspent (the call was cancelled, timed out, or failed before sending)
//! is given back: the next caller takes it, so cancelled calls do not delay later ones.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

/// The slots of one action: the first one never handed out, and the slots before it
/// that were given back unspent (each at or after the present: older ones are dropped,
/// since a caller taking one now would send less than an interval before the next).
/// Holds at most one returned slot per call still waiting for a later one.
#[derive(Debug)]
struct Schedule {
    /// The spacing asked for by the latest caller.
    interval: Duration,
    next: Instant,
    returned: BTreeSet<Instant>,
}

impl Schedule {
    /// The earliest free slot, reserved: a returned one, else the next one, with the
    /// one after it `interval` later.
    fn reserve(&mut self, now: Instant, interval: Duration) -> Instant {
        self.interval = interval;
        self.forget_past(now);
        if let Some(at) = self.returned.pop_first() {
            return at;
        }
        let at = self.next.max(now);
        self.next = at + self.interval;
        at
    }

    /// Takes back the unspent slot `at`; returned slots that end the schedule make it
    /// shorter again.
    fn give_back(&mut self, at: Instant, now: Instant) {
        self.returned.insert(at);
        while let Some(last) = self.next.checked_sub(self.interval) {
            if !self.returned.remove(&last) {
                break;
            }
            self.next = last;
        }
        self.forget_past(now);
    }

    /// Drops the returned slots that are already due.
    fn forget_past(&mut self, now: Instant) {
        if self.returned.first().is_some_and(|first| *first < now) {
            self.returned = self.returned.split_off(&now);
        }
    }
}

/// One action's schedule, shared by the limiter and its slots.
type Shared = Arc<Mutex<Schedule>>;

fn lock(schedule: &Mutex<Schedule>) -> MutexGuard<'_, Schedule> {
    schedule.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Spaces calls per `(service, action)`.
#[derive(Debug, Clone, Default)]
pub struct RateLimiter {
    schedules: Arc<Mutex<HashMap<(String, String), Shared>>>,
}

/// A reserved slot: given back when dropped before [`Slot::spent`] is called.
#[derive(Debug)]
#[must_use = "a slot dropped at once is given back: keep it until the request is sent"]
pub struct Slot {
    schedule: Shared,
    at: Instant,
    spent: bool,
}

impl Slot {
    /// Marks the slot used by a request handed to the transport: it is not given back.
    pub fn spent(mut self) {
        self.spent = true;
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        if !self.spent {
            lock(&self.schedule).give_back(self.at, Instant::now());
        }
    }
}

impl RateLimiter {
    /// An empty limiter.
    pub fn new() -> Self {
        RateLimiter::default()
    }

    /// The schedule of `service`/`action`.
    fn schedule(&self, service: &str, action: &str) -> Shared {
        let mut map = self.schedules.lock().unwrap_or_else(PoisonError::into_inner);
        let schedule = map.entry((service.to_owned(), action.to_owned())).or_insert_with(|| {
            let (interval, next) = (Duration::ZERO, Instant::now());
            Arc::new(Mutex::new(Schedule { interval, next, returned: BTreeSet::new() }))
        });
        Arc::clone(schedule)
    }

    /// Waits until a call to `service`/`action` fits under `per_second`, and returns its
    /// slot: mark it [`Slot::spent`] when the request is sent; dropped unspent (the
    /// caller was cancelled or gave up) it is given back for the next caller.
    pub async fn acquire(&self, service: &str, action: &str, per_second: u32) -> Slot {
        let schedule = self.schedule(service, action);
        let interval = Duration::from_secs(1) / per_second.max(1);
        let at = lock(&schedule).reserve(Instant::now(), interval);
        // Built before waiting, so that a caller dropped while it waits gives it back.
        let slot = Slot { schedule, at, spent: false };
        if at > Instant::now() {
            tokio::time::sleep_until(at).await;
        }
        slot
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
            limiter.acquire("trtc", "A", 10).await.spent();
        }
        assert_eq!(start.elapsed(), Duration::from_millis(200));
        // Another action has its own slots.
        let t = Instant::now();
        limiter.acquire("trtc", "B", 10).await.spent();
        assert_eq!(t.elapsed(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn an_unspent_slot_is_given_back() {
        let limiter = RateLimiter::new();
        let start = Instant::now();
        limiter.acquire("trtc", "A", 10).await.spent();
        // Given back at once: the next caller gets the same slot, 100 ms on.
        drop(limiter.acquire("trtc", "A", 10).await);
        limiter.acquire("trtc", "A", 10).await.spent();
        assert_eq!(start.elapsed(), Duration::from_millis(100));
    }

    #[tokio::test(start_paused = true)]
    async fn each_caller_spaces_at_its_own_rate() {
        let limiter = RateLimiter::new();
        let start = Instant::now();
        limiter.acquire("trtc", "A", 1).await.spent();
        // The next slot is a second on (the first caller's rate), then 100 ms apart.
        for _ in 0..2 {
            limiter.acquire("trtc", "A", 10).await.spent();
        }
        assert_eq!(start.elapsed(), Duration::from_millis(1100));
    }

    #[test]
    fn returned_slots_are_taken_first_and_shorten_the_schedule() {
        let now = Instant::now();
        let ms = Duration::from_millis;
        let mut s = Schedule { interval: ms(100), next: now, returned: BTreeSet::new() };
        let slots: Vec<Instant> = (0..4).map(|_| s.reserve(now, ms(100))).collect();
        assert_eq!(slots, [now, now + ms(100), now + ms(200), now + ms(300)]);
        // A slot in the middle comes back: the next caller takes it.
        s.give_back(now + ms(100), now);
        assert_eq!(s.reserve(now, ms(100)), now + ms(100));
        // The last ones come back, in any order: the schedule ends earlier again.
        s.give_back(now + ms(200), now);
        assert_eq!(s.next, now + ms(400));
        s.give_back(now + ms(300), now);
        assert_eq!((s.next, s.returned.len()), (now + ms(200), 0));
        // A returned slot already due while a later one is held is dropped: handed out
        // now, it would be sent less than an interval before the later one.
        assert_eq!((s.reserve(now, ms(100)), s.reserve(now, ms(100))), (now + ms(200), now + ms(300)));
        s.give_back(now + ms(200), now + ms(250));
        assert!(s.returned.is_empty());
        assert_eq!(s.reserve(now + ms(250), ms(100)), now + ms(400));
    }
}
