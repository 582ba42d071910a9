//! Retries only when repeating the request is safe, and client tokens.
//!
//! A failure that may have reached the server (timeout, connection lost mid-exchange,
//! HTTP 5xx without an envelope) is retried only for idempotent actions, which include
//! actions sent with a client token. A failure before sending (connect) and a service
//! error with a retry kind (throttling, transient) are retried for every action.
//! Time is paused: backoff is virtual.

mod common;

use std::time::Duration;

use common::*;
use serde_json::{json, Value};
use tencentcloud_runtime::error::{SdkError, TransportErrorKind};
use tencentcloud_runtime::test_util::{Canned, CapturedRequest, CapturingTransport};
use tencentcloud_runtime::validation::{ValidationContext, Violations};
use tencentcloud_runtime::{Action, ActionMetadata, Client};

const ATTEMPTS: usize = 3;

/// Failures after which the request may have been applied.
fn ambiguous_failures() -> Vec<(&'static str, Canned)> {
    let html = |status: u16| Canned::Response {
        status,
        headers: Vec::new(),
        body: format!("<html>{status}</html>").into_bytes(),
    };
    vec![
        ("HTTP 503 without envelope", html(503)),
        ("HTTP 500 without envelope", html(500)),
        ("overall timeout", Canned::Hang),
        ("transport timeout", Canned::Error(TransportErrorKind::Timeout)),
        ("connection lost mid-exchange", Canned::Error(TransportErrorKind::Io)),
        ("other transport error", Canned::Error(TransportErrorKind::Other)),
    ]
}

/// Failures after which repeating is safe for every action. (`InternalError.Busy` is
/// transient for the typed error of the test actions only, so it is tested apart.)
fn safe_failures() -> Vec<(&'static str, Canned)> {
    let envelope =
        |status: u16, code: &str| Canned::Response { status, headers: Vec::new(), body: error_body(code).into_bytes() };
    vec![
        ("connection refused", Canned::Error(TransportErrorKind::Connect)),
        ("throttling", envelope(200, "RequestLimitExceeded")),
        ("throttling sub-code", envelope(200, "RequestLimitExceeded.UinLimitExceeded")),
        ("throttling in a 5xx envelope", envelope(503, "RequestLimitExceeded")),
    ]
}

fn transient() -> Canned {
    Canned::Response { status: 500, headers: Vec::new(), body: error_body("InternalError.Busy").into_bytes() }
}

fn failing(reply: Canned) -> (CapturingTransport, Client) {
    let transport = CapturingTransport::new().with_default(reply);
    let client = Client::new(builder(&transport).timeout(Duration::from_secs(5)).build().expect("config"));
    (transport, client)
}

fn remove_user() -> RemoveUser {
    RemoveUser { sdk_app_id: 1_400_188_366, user_ids: vec!["u1".into()] }
}

fn describe() -> DescribeUserInfo {
    DescribeUserInfo { sdk_app_id: 1_400_188_366, page_size: Some(10) }
}

#[tokio::test(start_paused = true)]
async fn non_idempotent_actions_are_sent_once_after_a_failure_that_may_have_reached_the_server() {
    for (what, reply) in ambiguous_failures() {
        let (transport, client) = failing(reply.clone());
        client.call(&remove_user()).await.expect_err(what);
        assert_eq!(transport.request_count(), 1, "typed, {what}");

        let (transport, client) = failing(reply);
        client.call_json(REMOVE_USER_META, &json!({"SdkAppId": 1})).await.expect_err(what);
        assert_eq!(transport.request_count(), 1, "untyped, {what}");
    }
}

#[tokio::test(start_paused = true)]
async fn idempotent_actions_are_retried_up_to_the_attempt_limit() {
    for (what, reply) in ambiguous_failures().into_iter().chain(safe_failures()) {
        let (transport, client) = failing(reply.clone());
        client.call(&describe()).await.expect_err(what);
        assert_eq!(transport.request_count(), ATTEMPTS, "typed, {what}");

        let (transport, client) = failing(reply);
        client.call_json(META, &json!({"SdkAppId": 1})).await.expect_err(what);
        assert_eq!(transport.request_count(), ATTEMPTS, "untyped, {what}");
    }
}

#[tokio::test(start_paused = true)]
async fn failures_before_sending_and_rejections_are_retried_for_every_action() {
    for (what, reply) in safe_failures() {
        let (transport, client) = failing(reply.clone());
        client.call(&remove_user()).await.expect_err(what);
        assert_eq!(transport.request_count(), ATTEMPTS, "typed, {what}");

        let (transport, client) = failing(reply);
        client.call_json(REMOVE_USER_META, &json!({"SdkAppId": 1})).await.expect_err(what);
        assert_eq!(transport.request_count(), ATTEMPTS, "untyped, {what}");
    }
    let (transport, client) = failing(transient());
    client.call(&remove_user()).await.expect_err("transient");
    assert_eq!(transport.request_count(), ATTEMPTS, "typed transient code");

    // A non-idempotent action recovers from a refused connection.
    let transport = CapturingTransport::new();
    transport.enqueue_error(TransportErrorKind::Connect);
    let client = common::client(&transport);
    client.call_json(REMOVE_USER_META, &json!({})).await.expect("second attempt succeeds");
    assert_eq!(transport.request_count(), 2);
}

fn token_of(request: &CapturedRequest) -> Option<Value> {
    let body: Value = serde_json::from_slice(&request.body).expect("JSON body");
    body.get("ClientToken").cloned()
}

fn assert_uuid_v4(token: &str) {
    let groups: Vec<&str> = token.split('-').collect();
    assert_eq!(groups.iter().map(|g| g.len()).collect::<Vec<_>>(), [8, 4, 4, 4, 12], "{token}");
    assert!(token.chars().all(|c| c == '-' || c.is_ascii_digit() || ('a'..='f').contains(&c)), "{token}");
    assert!(groups[2].starts_with('4'), "version 4: {token}");
    assert!(groups[3].starts_with(['8', '9', 'a', 'b']), "variant: {token}");
}

/// The tokens of every request sent, all of which must have one.
fn tokens(transport: &CapturingTransport) -> Vec<String> {
    transport
        .requests()
        .iter()
        .map(|r| match token_of(r) {
            Some(Value::String(token)) => token,
            other => panic!("no string ClientToken in {}: {other:?}", r.body_text()),
        })
        .collect()
}

#[tokio::test(start_paused = true)]
async fn a_client_token_is_filled_and_kept_across_retries() {
    for (what, reply) in ambiguous_failures() {
        let transport = CapturingTransport::new();
        transport.enqueue(reply.clone()).enqueue(reply);
        let client = Client::new(builder(&transport).timeout(Duration::from_secs(5)).build().expect("config"));
        let request = StartTask { sdk_app_id: 1, client_token: None };
        client.call(&request).await.expect(what);
        let sent = tokens(&transport);
        assert_eq!(sent.len(), ATTEMPTS, "the token makes {what} safe to retry");
        assert_uuid_v4(&sent[0]);
        assert!(sent.iter().all(|t| *t == sent[0]), "{what}: {sent:?}");
        let bodies: Vec<_> = transport.requests().into_iter().map(|r| r.body).collect();
        assert!(bodies.iter().all(|b| *b == bodies[0]), "the body is serialized once");
        assert_eq!(transport.requests()[0].body_text(), format!(r#"{{"SdkAppId": 1, "ClientToken": "{}"}}"#, sent[0]));
        assert!(request.client_token.is_none(), "the caller's request is not changed");
    }
}

#[tokio::test(start_paused = true)]
async fn each_call_gets_a_fresh_token() {
    let transport = CapturingTransport::new();
    let client = client(&transport);
    let request = StartTask { sdk_app_id: 1, client_token: None };
    client.call(&request).await.expect("first");
    client.call(&request).await.expect("second");
    client.call_json(START_TASK_META, &json!({"SdkAppId": 1})).await.expect("third");
    let sent = tokens(&transport);
    assert_eq!(sent.len(), 3);
    for token in &sent {
        assert_uuid_v4(token);
    }
    assert!(sent[0] != sent[1] && sent[1] != sent[2] && sent[0] != sent[2], "{sent:?}");
}

#[tokio::test(start_paused = true)]
async fn a_caller_token_is_kept_and_makes_the_call_retryable() {
    let transport = CapturingTransport::new();
    transport.enqueue_error(TransportErrorKind::Io).enqueue_error(TransportErrorKind::Io);
    let client = client(&transport);
    client.call(&StartTask { sdk_app_id: 1, client_token: Some("mine-1".into()) }).await.expect("third attempt");
    assert_eq!(tokens(&transport), ["mine-1"; ATTEMPTS]);

    // Untyped: a token in the parameters is kept, a missing or null one is filled.
    let transport = CapturingTransport::new();
    transport.enqueue_error(TransportErrorKind::Io);
    let client = common::client(&transport);
    client.call_json(START_TASK_META, &json!({"ClientToken": "mine-2", "SdkAppId": 1})).await.expect("retried");
    assert_eq!(tokens(&transport), ["mine-2"; 2]);
    assert_eq!(transport.requests()[0].body_text(), r#"{"ClientToken": "mine-2", "SdkAppId": 1}"#);

    let transport = CapturingTransport::new();
    transport.enqueue_error(TransportErrorKind::Io);
    let client = common::client(&transport);
    let params = json!({"SdkAppId": 1, "ClientToken": null});
    client.call_json(START_TASK_META, &params).await.expect("retried");
    let sent = tokens(&transport);
    assert_eq!(sent.len(), 2);
    assert_uuid_v4(&sent[0]);
    assert_eq!(sent[0], sent[1]);
    assert_eq!(params["ClientToken"], Value::Null, "the caller's params are not changed");
}

#[tokio::test(start_paused = true)]
async fn untyped_calls_add_the_token_at_the_end_only_when_the_metadata_names_one() {
    let transport = CapturingTransport::new();
    let client = client(&transport);
    client.call_json(START_TASK_META, &json!({"SdkAppId": 1, "Name": "x"})).await.expect("call");
    let token = tokens(&transport).remove(0);
    assert_eq!(
        transport.requests()[0].body_text(),
        format!(r#"{{"SdkAppId": 1, "Name": "x", "ClientToken": "{token}"}}"#)
    );
    client.call_json(REMOVE_USER_META, &json!({"SdkAppId": 1})).await.expect("call");
    assert_eq!(transport.requests()[1].body_text(), r#"{"SdkAppId": 1}"#);
    // Typed actions without a token in their metadata are sent as they are.
    client.call(&remove_user()).await.expect("call");
    assert_eq!(token_of(&transport.requests()[2]), None);
}

#[tokio::test(start_paused = true)]
async fn the_sent_request_is_validated() {
    let transport = CapturingTransport::new();
    let err = client(&transport)
        .call(&StartTask { sdk_app_id: 1, client_token: Some("x".repeat(65)) })
        .await
        .expect_err("too long");
    assert!(matches!(err, SdkError::Validation(_)), "{err:?}");
    assert_eq!(transport.request_count(), 0);
}

/// An action whose spec allows client tokens of at most 10 characters: a filled UUID
/// (36) breaks the rule, which shows that the request validated is the one sent.
#[derive(Debug, Clone, serde::Serialize)]
struct ShortToken {
    #[serde(rename = "ClientToken", skip_serializing_if = "Option::is_none")]
    client_token: Option<String>,
}

impl Action for ShortToken {
    type Output = RequestIdOnly;
    type Error = DescribeUserInfoError;

    fn metadata(&self) -> ActionMetadata<'_> {
        START_TASK_META
    }

    fn validate(&self, _ctx: &ValidationContext, report: &mut Violations) {
        if let Some(token) = &self.client_token {
            report.max_length("", "ClientToken", token, 10, Some("InvalidParameter.ClientToken"));
        }
    }

    fn fill_client_token(&self, token: &str) -> Option<Self> {
        self.client_token.is_none().then(|| ShortToken { client_token: Some(token.to_owned()) })
    }
}

#[tokio::test(start_paused = true)]
async fn the_request_with_the_filled_token_is_the_one_validated() {
    let transport = CapturingTransport::new();
    let client = client(&transport);
    let err = client.call(&ShortToken { client_token: None }).await.expect_err("a UUID is too long");
    let SdkError::Validation(v) = &err else { panic!("{err:?}") };
    assert_eq!(v.codes().collect::<Vec<_>>(), ["InvalidParameter.ClientToken"]);
    client.call(&ShortToken { client_token: Some("short".into()) }).await.expect("valid");
    assert_eq!(tokens(&transport), ["short"]);
}

/// Metadata naming a client token on an action that cannot fill one: nothing is sent
/// in its place, so the call must not count as idempotent.
#[derive(Debug, serde::Serialize)]
struct CannotFill {
    #[serde(rename = "SdkAppId")]
    sdk_app_id: u64,
}

impl Action for CannotFill {
    type Output = RequestIdOnly;
    type Error = DescribeUserInfoError;

    fn metadata(&self) -> ActionMetadata<'_> {
        START_TASK_META
    }

    fn validate(&self, _ctx: &ValidationContext, _report: &mut Violations) {}
}

#[tokio::test(start_paused = true)]
async fn without_a_token_sent_the_call_is_not_idempotent() {
    let (transport, client) = failing(Canned::Error(TransportErrorKind::Io));
    client.call(&CannotFill { sdk_app_id: 1 }).await.expect_err("io");
    assert_eq!(transport.request_count(), 1);
    assert_eq!(token_of(&transport.requests()[0]), None);

    // Untyped parameters that are not an object cannot take a token either.
    let (transport, client) = failing(Canned::Error(TransportErrorKind::Io));
    client.call_json(START_TASK_META, &json!([1])).await.expect_err("io");
    assert_eq!(transport.request_count(), 1);
    assert_eq!(transport.requests()[0].body_text(), "[1]");
}

#[test]
fn metadata_setters_are_const() {
    const M: ActionMetadata<'static> =
        ActionMetadata::new("s", "v", "A", "").idempotent().with_client_token("ClientToken");
    const { assert!(M.idempotent) };
    assert_eq!(M.client_token, Some("ClientToken"));
    let plain = ActionMetadata::new("s", "v", "A", "");
    assert!(!plain.idempotent);
    assert_eq!(plain.client_token, None);
}

/// An action that could fill a token but whose metadata names none: the metadata
/// decides, so nothing is filled and the call stays non-idempotent.
#[derive(Debug, Clone, serde::Serialize)]
struct UnnamedToken {
    #[serde(rename = "ClientToken", skip_serializing_if = "Option::is_none")]
    client_token: Option<String>,
}

impl Action for UnnamedToken {
    type Output = RequestIdOnly;
    type Error = DescribeUserInfoError;

    fn metadata(&self) -> ActionMetadata<'_> {
        REMOVE_USER_META
    }

    fn validate(&self, _ctx: &ValidationContext, _report: &mut Violations) {}

    fn fill_client_token(&self, token: &str) -> Option<Self> {
        self.client_token.is_none().then(|| UnnamedToken { client_token: Some(token.to_owned()) })
    }
}

#[tokio::test(start_paused = true)]
async fn only_metadata_naming_a_token_gets_one_filled() {
    let (transport, client) = failing(Canned::Error(TransportErrorKind::Io));
    client.call(&UnnamedToken { client_token: None }).await.expect_err("io");
    assert_eq!(transport.request_count(), 1);
    assert_eq!(transport.requests()[0].body_text(), "{}");
}
