//! Reading the reply of an attempt: a result ([`Reply`]) or a [`Failure`] saying
//! whether the attempt may be retried. Redirects are never followed; an HTTP error
//! status without an error envelope is an [`HttpStatusError`], retried for 5xx
//! (idempotent actions) and 429; a service error is retried when its action says so,
//! after the `Retry-After` a throttling error or a 429 or 503 reply asks for. The
//! envelope itself is read by [`super::envelope`].

use std::ops::Range;
use std::time::Duration;

use super::envelope::{self, Parsed, Problem};
use super::failure::{Failure, UntypedError};
use crate::action::ActionMetadata;
use crate::error::{
    DecodeError, DecodeErrorKind, ErrorMetadata, HttpStatusError, RetryKind, SdkError, ServiceError,
    UntypedServiceError,
};
use crate::retry::{parse_retry_after, RetryReason};

/// A decoded success: the body and where its `Response` object is.
pub(crate) struct Reply {
    pub(super) status: u16,
    pub(super) body: Vec<u8>,
    /// The `Response` object's bytes in `body`.
    pub(super) response: Range<usize>,
    /// Whether the envelope was parsed. `false`: a plain reply whose `Response` was
    /// found by its text ([`envelope::plain_result`]); decoding the output from it confirms the
    /// envelope, and when that fails [`recheck`] parses it before reporting.
    pub(super) checked: bool,
}

impl Reply {
    /// The text of the `Response` object.
    pub(super) fn response(&self) -> &[u8] {
        self.body.get(self.response.clone()).unwrap_or_default()
    }
}

/// How the pipeline decodes replies: the action's classification of service errors
/// for retries, whether a plain success may skip the envelope's parse (typed calls,
/// which confirm it by decoding the output), and whether the call's span is recorded
/// (then a success's request id is read for it, which takes the full parse).
#[derive(Clone, Copy)]
pub(crate) struct Decoding {
    pub(super) classify: Classify,
    pub(super) quick: bool,
    pub(super) traced: bool,
}

/// How the pipeline classifies a service error for retries: the action's
/// [`ServiceError::retry_kind`] ([`retry_kind_of`]).
type Classify = fn(&ErrorMetadata) -> Option<RetryKind>;

/// The retry kind of the error `E` built from `meta`.
pub(super) fn retry_kind_of<E: ServiceError>(meta: &ErrorMetadata) -> Option<RetryKind> {
    E::from_metadata(meta.clone()).retry_kind()
}

/// Decodes a reply; never panics, whatever the bytes.
pub(super) fn decode(
    status: u16,
    headers: &http::HeaderMap,
    body: Vec<u8>,
    decoding: Decoding,
) -> Result<Reply, Failure> {
    if decoding.quick && status == 200 && !decoding.traced {
        if let Some(response) = envelope::plain_result(&body) {
            return Ok(Reply { status, body, response, checked: false });
        }
    }
    if (300..400).contains(&status) {
        let location = headers.get(http::header::LOCATION).map(http::HeaderValue::as_bytes);
        return Err(Failure::fatal(DecodeError::redirect(status, location, &body)));
    }
    let not_ok = status != 200;
    let no_envelope = |detail: &str| -> Failure {
        if not_ok {
            http_status_failure(status, headers, &body, detail)
        } else {
            Failure::fatal(DecodeError::new(DecodeErrorKind::NoEnvelope, status, &body, detail))
        }
    };
    match envelope::parse(&body, not_ok || decoding.traced) {
        Ok(Parsed::Error(meta)) => {
            let kind = (decoding.classify)(&meta);
            let retry = kind.map(|_| RetryReason::Server);
            // A throttling error, or any error on a 429 or 503 reply, may say when to return.
            let says_when = kind == Some(RetryKind::Throttling) || matches!(status, 429 | 503);
            let retry_after = if says_when { retry_after(headers) } else { None };
            Err(Failure { error: SdkError::Service(UntypedServiceError(meta)), retry, retry_after })
        }
        Ok(Parsed::Result { .. }) | Err(Problem::Empty) if not_ok => {
            Err(http_status_failure(status, headers, &body, "Response without Error"))
        }
        Ok(Parsed::Result { response, request_id }) => {
            if let Some(id) = request_id.as_deref().filter(|_| decoding.traced) {
                tracing::Span::current().record("request_id", id);
            }
            Ok(Reply { status, body, response, checked: true })
        }
        Err(Problem::Empty) => Err(no_envelope("Response holds neither a result nor an Error")),
        Err(Problem::Shape(detail)) => Err(no_envelope(&detail)),
        Err(Problem::Syntax(e)) if not_ok => {
            Err(http_status_failure(status, headers, &body, &format!("HTTP {status}: {e}")))
        }
        Err(Problem::Syntax(e)) => {
            // Valid JSON of the wrong shape has no envelope; anything else is not JSON.
            let kind = if envelope::is_json(&body) { DecodeErrorKind::NoEnvelope } else { DecodeErrorKind::NotJson };
            Err(Failure::fatal(DecodeError::new(kind, status, &body, e.to_string())))
        }
    }
}

/// An HTTP error status without an error envelope: 5xx is retried for idempotent
/// actions, 429 (throttling: the server rejected the request) for every action.
fn http_status_failure(status: u16, headers: &http::HeaderMap, body: &[u8], detail: &str) -> Failure {
    let retry = match status {
        429 => Some(RetryReason::Server),
        500..=599 => Some(RetryReason::HttpStatus),
        _ => None,
    };
    Failure {
        error: SdkError::HttpStatus(HttpStatusError::new(status, body, detail)),
        retry,
        retry_after: if matches!(status, 429 | 503) { retry_after(headers) } else { None },
    }
}

/// The wait the reply's `Retry-After` header asks for, if it has a usable one.
fn retry_after(headers: &http::HeaderMap) -> Option<Duration> {
    headers.get(http::header::RETRY_AFTER).and_then(|v| parse_retry_after(v.as_bytes()))
}

/// `failure` as is, or without the reply when the action's replies may hold secrets.
pub(super) fn withhold_if_sensitive(meta: ActionMetadata<'_>, failure: Failure) -> Failure {
    if meta.sensitive_response {
        withhold_body(failure)
    } else {
        failure
    }
}

/// A decode failure without the body and the parser's message, for replies that may
/// hold secrets ([`ActionMetadata::sensitive_response`]).
fn withhold_body(mut failure: Failure) -> Failure {
    match &failure.error {
        SdkError::Decode(d) => failure.error = SdkError::Decode(withheld(d.kind().clone(), d.status())),
        SdkError::HttpStatus(h) => {
            let detail = format!("HTTP {}; the reply is withheld: it may hold credentials", h.status());
            failure.error = SdkError::HttpStatus(HttpStatusError::new(h.status(), b"", detail));
        }
        _ => {}
    }
    failure
}

/// A decode error that says the reply is withheld.
pub(super) fn withheld(kind: DecodeErrorKind, status: u16) -> DecodeError {
    let detail = format!("HTTP {status}; the reply is withheld: it may hold credentials");
    DecodeError::new(kind, status, b"", detail)
}

/// A reply taken without parsing its envelope, whose output did not decode: parsed in
/// full, so that a reply that is not an envelope is reported as such.
#[cold]
pub(super) fn recheck(meta: ActionMetadata<'_>, reply: Reply, decoding: Decoding) -> Result<Reply, UntypedError> {
    let decoding = Decoding { quick: false, ..decoding };
    decode(reply.status, &http::HeaderMap::new(), reply.body, decoding)
        .map_err(|f| withhold_if_sensitive(meta, f).error)
}

#[cfg(test)]
mod tests {
    use super::*;

    const UNTYPED: Decoding = Decoding { classify: retry_kind_of::<UntypedServiceError>, quick: false, traced: false };

    fn kind(status: u16, body: &[u8]) -> Result<(), (Option<DecodeErrorKind>, Option<String>, bool)> {
        decode(status, &http::HeaderMap::new(), body.to_vec(), UNTYPED).map(|_| ()).map_err(|f| {
            let retry = f.retry.is_some();
            match f.error {
                SdkError::Decode(d) => (Some(d.kind().clone()), None, retry),
                // An HTTP status error, written here as the decode kind it once was.
                SdkError::HttpStatus(_) => (Some(DecodeErrorKind::HttpStatus), None, retry),
                SdkError::Service(s) => (None, Some(s.0.code().to_owned()), retry),
                other => panic!("unexpected {other:?}"),
            }
        })
    }

    #[test]
    fn only_a_plain_success_is_taken_without_the_full_parse() {
        let quick = Decoding { quick: true, ..UNTYPED };
        let plain = br#"{"Response": {"Total": 1, "RequestId": "r"}}"#;
        let headers = http::HeaderMap::new();
        let reply = decode(200, &headers, plain.to_vec(), quick).ok().expect("a reply");
        assert!(!reply.checked);
        assert_eq!(reply.response(), br#"{"Total": 1, "RequestId": "r"}"#);
        let reply = decode(200, &headers, plain.to_vec(), UNTYPED).ok().expect("a reply");
        assert!(reply.checked, "untyped calls parse the envelope");
        assert_eq!(reply.response(), br#"{"Total": 1, "RequestId": "r"}"#);
        // Any other status is parsed and is an error.
        for status in [201, 429, 500, 503] {
            let Err(failure) = decode(status, &headers, plain.to_vec(), quick) else { panic!("{status}") };
            let SdkError::HttpStatus(h) = failure.error else { panic!("{status}") };
            assert_eq!(h.status(), status);
        }
        // Replies that may hold an error are parsed.
        for body in [
            &br#"{"Response": {"Error": {"Code": "X", "Message": "m"}, "RequestId": "r"}}"#[..],
            br#"{"Response": {"Total": 1, "Note": "Error", "RequestId": "r"}}"#,
            br#"{"Response": {"Total": 1, "Note": "\u0041", "RequestId": "r"}}"#,
        ] {
            if let Ok(reply) = decode(200, &headers, body.to_vec(), quick) {
                assert!(reply.checked, "{}", String::from_utf8_lossy(body));
            }
        }
    }

    #[test]
    fn a_response_that_is_not_an_object_says_what_was_expected() {
        let Err(failure) = decode(200, &http::HeaderMap::new(), br#"{"Response": "x"}"#.to_vec(), UNTYPED) else {
            panic!("not an object")
        };
        let SdkError::Decode(d) = failure.error else { panic!("a decode error") };
        assert!(d.to_string().contains("expected the Response object"), "{d}");
    }

    #[test]
    fn decode_classifies_replies() {
        assert!(kind(200, br#"{"Response": {"RequestId": "r"}}"#).is_ok());
        assert_eq!(kind(200, b"<html>").unwrap_err(), (Some(DecodeErrorKind::NotJson), None, false));
        assert_eq!(kind(200, br#"{"Response": {"Req"#).unwrap_err().0, Some(DecodeErrorKind::NotJson));
        assert_eq!(kind(200, b"").unwrap_err().0, Some(DecodeErrorKind::NotJson));
        assert_eq!(kind(200, br#"{"Other": 1}"#).unwrap_err().0, Some(DecodeErrorKind::NoEnvelope));
        assert_eq!(kind(200, br#"[1, 2]"#).unwrap_err().0, Some(DecodeErrorKind::NoEnvelope));
        assert_eq!(kind(200, br#"{"Response": "x"}"#).unwrap_err().0, Some(DecodeErrorKind::NoEnvelope));
        assert_eq!(kind(200, br#"{"Response": {}}"#).unwrap_err().0, Some(DecodeErrorKind::NoEnvelope));
        assert_eq!(
            kind(200, br#"{"Response": {"Error": {"Message": "m"}}}"#).unwrap_err().0,
            Some(DecodeErrorKind::NoEnvelope)
        );
        assert_eq!(
            kind(502, b"<html>bad gateway</html>").unwrap_err(),
            (Some(DecodeErrorKind::HttpStatus), None, true)
        );
        assert_eq!(kind(404, b"<html>").unwrap_err(), (Some(DecodeErrorKind::HttpStatus), None, false));
        assert_eq!(
            kind(400, br#"{"Response": {"Error": {"Code": "AuthFailure.SignatureFailure", "Message": "m"}}}"#)
                .unwrap_err(),
            (None, Some("AuthFailure.SignatureFailure".into()), false)
        );
        assert_eq!(
            kind(
                200,
                br#"{"Response": {"Error": {"Code": "RequestLimitExceeded", "Message": "m"}, "RequestId": "r"}}"#
            )
            .unwrap_err(),
            (None, Some("RequestLimitExceeded".into()), true)
        );
        assert_eq!(kind(200, &[0xff, 0xfe, 0x00]).unwrap_err().0, Some(DecodeErrorKind::NotJson));
        // Member names are compared unescaped.
        assert_eq!(
            kind(200, br#"{"Response": {"\u0045rror": {"Code": "InternalError", "Message": "m"}}}"#).unwrap_err(),
            (None, Some("InternalError".into()), false)
        );
        assert_eq!(kind(200, br#"{"Response": {"Errors": 1, "RequestId": 2}}"#).map_err(|e| e.0), Ok(()));
    }

    #[test]
    fn redirects_are_fatal_and_keep_the_location() {
        let mut headers = http::HeaderMap::new();
        headers.insert(http::header::LOCATION, http::HeaderValue::from_static("http://elsewhere.example/x"));
        for status in [301, 302, 303, 304, 307, 308] {
            let body = br#"{"Response": {"RequestId": "r"}}"#.to_vec();
            let Err(failure) = decode(status, &headers, body, UNTYPED) else {
                panic!("HTTP {status} decoded as a success")
            };
            assert!(failure.retry.is_none(), "HTTP {status} must not be retried");
            let SdkError::Decode(d) = failure.error else { panic!("HTTP {status}: {:?}", failure.error) };
            assert_eq!(d.kind(), &DecodeErrorKind::Redirect);
            assert_eq!(d.status(), status);
            assert_eq!(d.location(), Some("http://elsewhere.example/x"));
            assert!(d.to_string().contains("http://elsewhere.example/x"), "{d}");
        }
        let Err(failure) = decode(302, &http::HeaderMap::new(), Vec::new(), UNTYPED) else {
            panic!("302 decoded as a success")
        };
        let SdkError::Decode(d) = failure.error else { panic!("{:?}", failure.error) };
        assert_eq!((d.kind(), d.location()), (&DecodeErrorKind::Redirect, None));
    }

    #[test]
    fn retry_after_is_read_from_503_429_and_throttling_only() {
        let mut headers = http::HeaderMap::new();
        headers.insert(http::header::RETRY_AFTER, http::HeaderValue::from_static("7"));
        let wait = |status: u16, body: &[u8]| {
            let failure = decode(status, &headers, body.to_vec(), UNTYPED).err().expect("a failure");
            (failure.retry, failure.retry_after)
        };
        let seven = Some(Duration::from_secs(7));
        assert_eq!(wait(503, b"<html>"), (Some(RetryReason::HttpStatus), seven));
        assert_eq!(wait(429, b"<html>"), (Some(RetryReason::Server), seven));
        assert_eq!(wait(502, b"<html>"), (Some(RetryReason::HttpStatus), None));
        let throttled = br#"{"Response": {"Error": {"Code": "RequestLimitExceeded", "Message": "m"}}}"#;
        assert_eq!(wait(200, throttled), (Some(RetryReason::Server), seven));
        let other = br#"{"Response": {"Error": {"Code": "InvalidParameter", "Message": "m"}}}"#;
        assert_eq!(wait(200, other), (None, None));
    }
}
