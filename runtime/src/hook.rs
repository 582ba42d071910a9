//! [`Hook`]: code that sees each request before it is sent and each reply or
//! transport error after, for metrics, tracing and extra headers, without writing a
//! transport. Register hooks with [`ConfigBuilder::hook`](crate::ConfigBuilder::hook).
//!
//! Hooks run for every attempt, after signing. They may add or change headers other
//! than the signed and protocol ones: `Authorization`, `Host`, `Content-Type` and any
//! `X-TC-*` header are protected, and a hook that changes one fails the call with a
//! [`ConfigError`](crate::ConfigError) naming it (the request is not sent).

use std::fmt::Debug;

use crate::error::TransportError;

/// Which attempt of which call a hook is seeing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct AttemptInfo<'a> {
    /// Service short name (`trtc`).
    pub service: &'a str,
    /// Action name (`DescribeUserInfo`).
    pub action: &'a str,
    /// The region the call goes to.
    pub region: &'a str,
    /// The attempt, from 1.
    pub attempt: u32,
}

/// Sees each attempt of every call; both methods do nothing by default.
///
/// The request's `Authorization` and `X-TC-Token` values are marked sensitive (their
/// `Debug` output is hidden); a hook must not log them.
pub trait Hook: Send + Sync + Debug {
    /// Called with the signed request just before it is sent. A hook may add headers;
    /// changing a protected header (`Authorization`, `Host`, `Content-Type`, `X-TC-*`),
    /// the method, the URI, the body or the reply size limit fails the call with a
    /// [`ConfigError`](crate::error::ConfigError), and nothing is sent.
    fn before_send(&self, request: &mut http::Request<Vec<u8>>, info: &AttemptInfo<'_>) {
        let _ = (request, info);
    }

    /// Called with the reply (any HTTP status) or the transport's error (including
    /// the per-attempt timeout), before the reply is decoded. For a reply of
    /// server-sent events ([`Client::call_stream`](crate::Client::call_stream)) it is
    /// called once the head arrives, with an empty body: the events are still to come.
    fn after_response(&self, outcome: Result<&http::Response<Vec<u8>>, &TransportError>, info: &AttemptInfo<'_>) {
        let _ = (outcome, info);
    }
}
