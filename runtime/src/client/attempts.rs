//! The attempts of a call: its tracing span, then attempt after attempt
//! ([`super::attempt`]) while the failure may be retried ([`crate::retry`]: retryable,
//! safe for the action, attempts and retry budget left, `Retry-After` within its cap),
//! each after its backoff, all within the operation timeout.

use std::time::{Duration, Instant};

use tracing::Instrument;

use super::attempt::{Answer, CallPlan, CallSettings, Mode};
use super::failure::{Failure, UntypedError};
use super::response::Decoding;
use super::{Client, TARGET};
use crate::action::ActionMetadata;
use crate::error::{SdkError, TransportError, TransportErrorKind, UntypedServiceError};
use crate::retry::RetryConfig;

impl Client {
    /// The rest of every call: the attempts, with their span. Not generic: the one
    /// async state machine of the pipeline is compiled once, not once per action.
    pub(super) async fn send(
        &self,
        meta: ActionMetadata<'_>,
        region: &str,
        body: &[u8],
        settings: &CallSettings<'_>,
        decoding: Decoding,
        mode: Mode<'_>,
    ) -> Result<Answer, UntypedError> {
        let span = tracing::info_span!(
            target: TARGET,
            "tencentcloud.call",
            service = meta.service,
            action = meta.action,
            region = region,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        let mut call = CallPlan { meta, region, body, settings, decoding, mode, span: &span };
        if span.is_disabled() {
            // Nobody records it: no clock read, and the attempts' future is not moved
            // into a wrapper that would enter and leave it on every poll.
            return self.attempts(call).await;
        }
        call.decoding.traced = true;
        let started = Instant::now();
        let result = self.attempts(call).instrument(span.clone()).await;
        span.record("latency_ms", u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX));
        result
    }

    /// The attempts of a call, recorded in its span.
    async fn attempts(&self, call: CallPlan<'_>) -> Result<Answer, UntypedError> {
        let CallPlan { meta, settings, span, .. } = call;
        let retry = settings.retry;
        let deadline =
            settings.operation_timeout.and_then(|t| tokio::time::Instant::now().checked_add(t).map(|at| (at, t)));
        let mut spent = 0u32;
        let mut attempt = 1u32;
        loop {
            span.record("attempt", attempt);
            let outcome = match deadline {
                Some((at, budget)) => match tokio::time::timeout_at(at, self.attempt(call, attempt)).await {
                    Ok(outcome) => outcome,
                    Err(_) => {
                        let message = format!(
                            "no response within the operation timeout of {budget:?} ({})",
                            attempts_text(attempt)
                        );
                        tracing::debug!(target: TARGET, attempt, "{message}");
                        return Err(SdkError::Transport(TransportError::new(TransportErrorKind::Timeout, message)));
                    }
                },
                None => self.attempt(call, attempt).await,
            };
            let failure = match outcome {
                Ok(reply) => {
                    self.inner.budget.success(retry, spent);
                    return Ok(reply);
                }
                Err(failure) => failure,
            };
            if let Some(id) = failure.error.request_id() {
                span.record("request_id", id);
            }
            let Some(delay) = self.retry_delay(meta, retry, attempt, &failure, deadline.map(|(at, _)| at)) else {
                tracing::debug!(target: TARGET, attempt, error = %failure.error, "call failed");
                return Err(after_attempts(failure.error, attempt));
            };
            let Some(cost) = failure.retry.and_then(|reason| self.inner.budget.acquire(retry, reason)) else {
                tracing::debug!(target: TARGET, attempt, error = %failure.error, "call failed: the retry budget is spent");
                return Err(after_attempts(failure.error, attempt));
            };
            spent += cost;
            tracing::debug!(target: TARGET, attempt, ?delay, error = %failure.error, "retrying");
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    /// The wait before retrying after `failure` on attempt `attempt`, or `None` when it
    /// is not retried: not retryable, not safe for this action, no attempts left, a
    /// `Retry-After` over the cap, or a wait that would end past the `deadline`.
    fn retry_delay(
        &self,
        meta: ActionMetadata<'_>,
        retry: &RetryConfig,
        attempt: u32,
        failure: &Failure,
        deadline: Option<tokio::time::Instant>,
    ) -> Option<Duration> {
        let reason = failure.retry?;
        if attempt >= retry.attempts() {
            return None;
        }
        if !reason.allows_retry(meta.idempotent) {
            tracing::debug!(
                target: TARGET,
                attempt,
                "not retried: the request may have reached the server and the action is not idempotent"
            );
            return None;
        }
        let mut delay = retry.backoff(attempt);
        if let Some(asked) = failure.retry_after {
            if asked > retry.max_retry_after {
                tracing::debug!(
                target: TARGET,
                    attempt,
                    retry_after = ?asked,
                    max_retry_after = ?retry.max_retry_after,
                    "not retried: Retry-After is longer than max_retry_after"
                );
                return None;
            }
            delay = delay.max(asked);
        }
        if let Some(at) = deadline {
            if tokio::time::Instant::now().checked_add(delay).is_none_or(|end| end >= at) {
                tracing::debug!(target: TARGET, attempt, ?delay, "not retried: the wait would end after the operation timeout");
                return None;
            }
        }
        Some(delay)
    }
}

/// The error a call returns after `attempts` attempts: a transport, HTTP status or
/// service error says how many were made.
fn after_attempts(error: UntypedError, attempts: u32) -> UntypedError {
    match error {
        SdkError::Transport(e) => SdkError::Transport(e.with_attempts(attempts)),
        SdkError::HttpStatus(e) => SdkError::HttpStatus(e.with_attempts(attempts)),
        SdkError::Service(UntypedServiceError(meta)) => {
            SdkError::Service(UntypedServiceError(meta.with_attempts(attempts)))
        }
        other => other,
    }
}

/// `1 attempt`, `3 attempts`.
fn attempts_text(n: u32) -> String {
    if n == 1 {
        "1 attempt".to_owned()
    } else {
        format!("{n} attempts")
    }
}
