//! Tests of `retry` that pin what the mutation pass found unpinned (see MUTANTS.md):
//! the builder setters, the attempt count, waiting the cap exactly without jitter, and
//! the budget at exactly the cost of a retry.

use std::time::Duration;

use crate::retry::{RetryBudget, RetryConfig, RetryReason};

#[test]
fn setters_set_what_they_name() {
    let c = RetryConfig::standard();
    assert_eq!(c, RetryConfig::default());
    assert_eq!(c.with_max_attempts(5).max_attempts, 5);
    assert_eq!(RetryConfig::default().with_max_attempts(0).max_attempts, 1, "at least the first attempt");
    assert_eq!(RetryConfig::default().with_initial_backoff(Duration::from_millis(7)).initial_backoff.as_millis(), 7);
    assert_eq!(RetryConfig::default().with_max_backoff(Duration::from_millis(9)).max_backoff.as_millis(), 9);
    assert!(!RetryConfig::default().with_jitter(false).jitter);
    assert!(RetryConfig::default().with_jitter(false).with_jitter(true).jitter);
    assert_eq!(RetryConfig::default().with_budget_capacity(3).budget_capacity, 3);
}

#[test]
fn attempts_count_the_first_and_ignore_the_count_when_disabled() {
    assert_eq!(RetryConfig::default().attempts(), 3);
    assert_eq!(RetryConfig::default().with_max_attempts(7).attempts(), 7);
    let zero = RetryConfig { max_attempts: 0, ..RetryConfig::default() };
    assert_eq!(zero.attempts(), 1);
    let disabled = RetryConfig::disabled();
    assert_eq!((disabled.enabled, disabled.max_attempts), (false, 1), "the public fields say it too");
    let off = RetryConfig { enabled: false, ..RetryConfig::default().with_max_attempts(7) };
    assert_eq!(off.attempts(), 1);
}

#[test]
fn without_jitter_the_wait_is_the_cap_exactly() {
    let c = RetryConfig::default()
        .with_initial_backoff(Duration::from_secs(3))
        .with_max_backoff(Duration::from_secs(60))
        .with_jitter(false);
    for retry in 1..5 {
        assert_eq!(c.backoff(retry), c.backoff_cap(retry), "retry {retry}");
    }
    assert_eq!(c.backoff_cap(1), Duration::from_secs(3));
    assert_eq!(c.backoff_cap(0), Duration::from_secs(3), "retry 0 is treated as the first");
    assert_eq!(c.backoff_cap(3), Duration::from_secs(12));
    // With jitter, some of many waits differ from the cap (1 in 3e9 each to hit it).
    let j = c.clone().with_jitter(true);
    assert!((0..20).any(|_| j.backoff(1) != j.backoff_cap(1)));
    assert_eq!(j.with_initial_backoff(Duration::ZERO).backoff(2), Duration::ZERO);
}

#[test]
fn a_budget_holding_exactly_the_cost_pays_it() {
    let c = RetryConfig::default().with_budget_capacity(10);
    let b = RetryBudget::new(10);
    assert_eq!(b.acquire(&c, RetryReason::Transport), Some(10));
    assert_eq!(b.available(), 0);
    assert_eq!(b.acquire(&c, RetryReason::Server), None);
    assert_eq!(b.available(), 0, "a refused retry costs nothing");
    b.success(&c, 0);
    assert_eq!(b.available(), 1, "a success without retries refunds one token");
    b.success(&c, 4);
    assert_eq!(b.available(), 5, "a success refunds what its retries cost");
    assert_eq!(b.acquire(&c, RetryReason::HttpStatus), Some(5));
    assert_eq!(b.available(), 0);
}

#[test]
fn a_success_never_fills_the_budget_past_its_capacity() {
    let c = RetryConfig::default().with_budget_capacity(10);
    let b = RetryBudget::new(10);
    b.success(&c, 0);
    b.success(&c, 7);
    assert_eq!(b.available(), 10, "a full budget stays full");
    // A call whose settings give a smaller capacity brings a fuller budget down to it.
    b.success(&RetryConfig::default().with_budget_capacity(4), 0);
    assert_eq!(b.available(), 4);
}

#[test]
fn threads_sharing_a_budget_lose_no_update() {
    let c = RetryConfig::default().with_budget_capacity(1_000_000);
    let b = RetryBudget::new(1_000_000);
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                for _ in 0..10_000 {
                    assert!(b.acquire(&c, RetryReason::Server).is_some());
                }
            });
        }
    });
    assert_eq!(b.available(), 1_000_000 - 4 * 10_000 * c.retry_cost);
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                for _ in 0..10_000 {
                    b.success(&c, 0);
                }
            });
        }
    });
    assert_eq!(b.available(), 1_000_000 - 4 * 10_000 * c.retry_cost + 40_000);
}
