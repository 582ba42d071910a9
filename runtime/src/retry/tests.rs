//! Unit tests of [`crate::retry`]; `tests/mutants.rs` holds those that pin what the
//! mutation pass found unpinned (see MUTANTS.md).

use super::*;

#[test]
fn backoff_grows_and_is_capped() {
    let c = RetryConfig::default()
        .with_initial_backoff(Duration::from_millis(100))
        .with_max_backoff(Duration::from_millis(350))
        .with_jitter(false);
    assert_eq!(c.backoff(1), Duration::from_millis(100));
    assert_eq!(c.backoff(2), Duration::from_millis(200));
    assert_eq!(c.backoff(3), Duration::from_millis(350));
    assert_eq!(c.backoff(40), Duration::from_millis(350));
    let j = c.with_jitter(true);
    for retry in 1..6 {
        assert!(j.backoff(retry) <= j.backoff_cap(retry));
    }
}

#[test]
fn budget_drains_and_refills() {
    let c = RetryConfig::default().with_budget_capacity(12);
    let b = RetryBudget::new(12);
    assert_eq!(b.acquire(&c, RetryReason::Server), Some(5));
    assert_eq!(b.acquire(&c, RetryReason::Server), Some(5));
    assert_eq!(b.acquire(&c, RetryReason::Server), None);
    b.success(&c, 5);
    assert_eq!(b.available(), 7);
    b.success(&c, 0);
    b.success(&c, 100);
    assert_eq!(b.available(), 12);
    assert!(!RetryConfig::disabled().enabled);
    assert_eq!(RetryConfig::disabled().attempts(), 1);
}

#[test]
fn only_failures_safe_to_repeat_are_retried_for_every_action() {
    use RetryReason::*;
    assert_eq!(RetryReason::transport(TransportErrorKind::Connect), Some(NotSent));
    for kind in [TransportErrorKind::Timeout, TransportErrorKind::Io, TransportErrorKind::Other] {
        assert_eq!(RetryReason::transport(kind), Some(Transport), "{kind:?}");
    }
    assert_eq!(RetryReason::transport(TransportErrorKind::ResponseTooLarge), None);
    for reason in [NotSent, Server] {
        assert!(reason.allows_retry(false) && reason.allows_retry(true), "{reason:?}");
    }
    for reason in [Transport, HttpStatus] {
        assert!(!reason.allows_retry(false) && reason.allows_retry(true), "{reason:?}");
    }
    let c = RetryConfig::default();
    let b = RetryBudget::new(100);
    assert_eq!(b.acquire(&c, NotSent), Some(c.timeout_retry_cost));
    assert_eq!(b.acquire(&c, Transport), Some(c.timeout_retry_cost));
    assert_eq!(b.acquire(&c, HttpStatus), Some(c.retry_cost));
}

#[test]
fn retry_after_takes_delay_seconds_only() {
    assert_eq!(parse_retry_after(b"120"), Some(Duration::from_secs(120)));
    assert_eq!(parse_retry_after(b" 5 "), Some(Duration::from_secs(5)));
    assert_eq!(parse_retry_after(b"0"), Some(Duration::ZERO));
    assert_eq!(parse_retry_after(b"99999999999999999999999"), Some(Duration::MAX));
    for ignored in [&b""[..], b"-1", b"1.5", b"+3", b"Wed, 21 Oct 2015 07:28:00 GMT", b"\xff1"] {
        assert_eq!(parse_retry_after(ignored), None, "{}", String::from_utf8_lossy(ignored));
    }
    assert_eq!(RetryConfig::default().max_retry_after, Duration::from_secs(20));
    assert_eq!(
        RetryConfig::default().with_max_retry_after(Duration::from_secs(60)).max_retry_after,
        Duration::from_secs(60)
    );
}

mod mutants;
