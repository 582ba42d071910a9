//! A typed mock of the service (feature `test-util`): rules built per action from
//! closures, served by a [`MockTransport`] that users put in their client's
//! configuration to test their own code with no network and no HTTP.
//!
//! A rule is typed by the request type of an action: it matches a call when the call
//! sends that action and the decoded request passes the rule's predicate, and answers
//! with a typed output, a JSON output or a service error. The client's pipeline runs
//! as usual (validation included); only the transport is replaced.
//!
//! ```
//! use tencentcloud_runtime::mock::{rule, MockTransport};
//! # #[derive(serde::Serialize, serde::Deserialize)]
//! # struct Req { #[serde(rename = "Name")] name: String }
//! # impl tencentcloud_runtime::Action for Req {
//! #     type Output = serde_json::Value;
//! #     type Error = tencentcloud_runtime::UntypedServiceError;
//! #     fn metadata(&self) -> tencentcloud_runtime::ActionMetadata<'_> {
//! #         tencentcloud_runtime::ActionMetadata::new("svc", "2020-01-01", "DoIt", "svc.tencentcloudapi.com")
//! #     }
//! #     fn validate(&self, _: &tencentcloud_runtime::validation::ValidationContext, _: &mut tencentcloud_runtime::validation::Violations) {}
//! # }
//! let mock = MockTransport::new()
//!     .with_rule(rule::<Req>().match_requests(|r| r.name == "a").then_json(serde_json::json!({"Done": true})))
//!     .with_rule(rule::<Req>().then_error("ResourceNotFound", "no such thing").times(1));
//! let client = tencentcloud_runtime::Client::new(mock.config_builder().build().unwrap());
//! # let _ = client;
//! // ... run the code under test with `client`, then:
//! // mock.assert_all_used();
//! ```
//!
//! A rule of a streaming action ([`crate::StreamingAction`]) can answer with a stream of
//! server-sent events ([`Rule::then_events`], [`Rule::then_events_then_error`],
//! [`Rule::then_typed_events`]): a `text/event-stream` reply with one `data:` event per
//! value, which [`Client::call_stream`](crate::Client::call_stream) reads as a real one.
//!
//! A request no rule matches fails the call with a transport error that names the
//! action and shows the body; [`MockTransport::unmatched`] lists them and
//! [`MockTransport::assert_all_used`] reports them with the rules never used.

use std::fmt;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use serde::de::DeserializeOwned;
use serde_json::{json, Map, Value};

use crate::action::Action;
use crate::config::ConfigBuilder;
use crate::credentials::Credentials;
use crate::error::{TransportError, TransportErrorKind};
use crate::future::BoxFuture;
use crate::retry::RetryConfig;
use crate::transport::Transport;

/// The `RequestId` of mocked replies that carry none.
pub const MOCK_REQUEST_ID: &str = "00000000-0000-0000-0000-00000000m0c4";

/// The region of [`MockTransport::config_builder`].
pub const MOCK_REGION: &str = "ap-guangzhou";

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A rule for the action a client method sends, named by the method:
/// `mock!(Client::describe_user_info)` is `rule_for(Client::describe_user_info)`, the
/// same as `rule::<DescribeUserInfoRequest>()`.
#[macro_export]
macro_rules! mock {
    ($method:path) => {
        $crate::mock::rule_for($method)
    };
}

/// The request a generated fluent builder sends; generated crates implement it for
/// each action's builder in their `mock` module (feature `test-util`).
pub trait FluentRequest {
    /// The action's request type.
    type Request: Action + DeserializeOwned + 'static;
}

/// Starts a rule for the action that the client method `method` sends
/// (`rule_for(Client::describe_user_info)`).
pub fn rule_for<C, F: FluentRequest>(method: fn(&C) -> F) -> RuleBuilder<F::Request> {
    let _ = method;
    rule::<F::Request>()
}

/// Starts a rule for the action whose request type is `A`.
pub fn rule<A>() -> RuleBuilder<A>
where
    A: Action + DeserializeOwned + 'static,
{
    RuleBuilder { matcher: None, _action: PhantomData }
}

type Matcher<A> = Box<dyn Fn(&A) -> bool + Send + Sync>;
type Responder<A> = Box<dyn Fn(&A) -> Reply + Send + Sync>;

/// What a rule answers.
#[derive(Clone)]
enum Reply {
    /// The `Response` object of a success.
    Output(Value),
    /// A service error envelope.
    Error { code: String, message: String },
    /// A raw HTTP reply.
    Http { status: u16, body: Vec<u8> },
    /// A stream of server-sent events, one per value, then an error event if any.
    Events { events: Vec<Value>, error: Option<(String, String)> },
}

/// The first half of a rule: which requests it matches.
pub struct RuleBuilder<A> {
    matcher: Option<Matcher<A>>,
    _action: PhantomData<fn(A)>,
}

impl<A: Action + DeserializeOwned + 'static> RuleBuilder<A> {
    /// Matches only requests for which `predicate` holds (default: every request of the
    /// action).
    pub fn match_requests(mut self, predicate: impl Fn(&A) -> bool + Send + Sync + 'static) -> Self {
        self.matcher = Some(Box::new(predicate));
        self
    }

    fn rule(self) -> Rule<A> {
        Rule { matcher: self.matcher, steps: Vec::new() }
    }

    /// Answers with the output `output` builds.
    pub fn then_output(self, output: impl Fn() -> A::Output + Send + Sync + 'static) -> Rule<A> {
        self.rule().then_output(output)
    }

    /// Answers with the output `output` builds from the request.
    pub fn then_output_with(self, output: impl Fn(&A) -> A::Output + Send + Sync + 'static) -> Rule<A> {
        self.rule().then_output_with(output)
    }

    /// Answers with `response` as the `Response` object (wire names; a missing
    /// `RequestId` is filled in).
    pub fn then_json(self, response: Value) -> Rule<A> {
        self.rule().then_json(response)
    }

    /// Answers with a service error: the call fails with the action's typed error for
    /// `code`.
    pub fn then_error(self, code: impl Into<String>, message: impl Into<String>) -> Rule<A> {
        self.rule().then_error(code, message)
    }

    /// Answers with a raw HTTP reply (to test decode failures).
    pub fn then_http(self, status: u16, body: impl Into<Vec<u8>>) -> Rule<A> {
        self.rule().then_http(status, body)
    }

    /// Answers with a stream of server-sent events, one `data:` event per value.
    pub fn then_events(self, events: Vec<Value>) -> Rule<A> {
        self.rule().then_events(events)
    }

    /// Answers with a stream of these events, then an error event with `code` and
    /// `message`: the stream ends with the action's typed error for `code`.
    pub fn then_events_then_error(
        self,
        events: Vec<Value>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Rule<A> {
        self.rule().then_events_then_error(events, code, message)
    }
}

impl<A: crate::action::StreamingAction + DeserializeOwned + 'static> RuleBuilder<A> {
    /// Answers with a stream of these typed events.
    pub fn then_typed_events(self, events: Vec<A::Event>) -> Rule<A> {
        self.rule().then_typed_events(events)
    }
}

struct Step<A> {
    respond: Responder<A>,
    times: Option<usize>,
}

/// A rule: a predicate and a sequence of answers. Each answer serves once per
/// [`times`](Rule::times) (the last one forever unless limited); a rule whose answers
/// are all spent no longer matches.
pub struct Rule<A> {
    matcher: Option<Matcher<A>>,
    steps: Vec<Step<A>>,
}

impl<A: Action + DeserializeOwned + 'static> Rule<A> {
    fn push(mut self, respond: Responder<A>) -> Self {
        self.steps.push(Step { respond, times: None });
        self
    }

    /// Then answers with the output `output` builds.
    pub fn then_output(self, output: impl Fn() -> A::Output + Send + Sync + 'static) -> Self {
        self.push(Box::new(move |_| output_reply::<A>(&output())))
    }

    /// Then answers with the output `output` builds from the request.
    pub fn then_output_with(self, output: impl Fn(&A) -> A::Output + Send + Sync + 'static) -> Self {
        self.push(Box::new(move |request| output_reply::<A>(&output(request))))
    }

    /// Then answers with `response` as the `Response` object.
    pub fn then_json(self, response: Value) -> Self {
        self.push(Box::new(move |_| Reply::Output(response.clone())))
    }

    /// Then answers with a service error.
    pub fn then_error(self, code: impl Into<String>, message: impl Into<String>) -> Self {
        let (code, message) = (code.into(), message.into());
        self.push(Box::new(move |_| Reply::Error { code: code.clone(), message: message.clone() }))
    }

    /// Then answers with a raw HTTP reply.
    pub fn then_http(self, status: u16, body: impl Into<Vec<u8>>) -> Self {
        let body = body.into();
        self.push(Box::new(move |_| Reply::Http { status, body: body.clone() }))
    }

    /// Then answers with a stream of server-sent events, one `data:` event per value.
    pub fn then_events(self, events: Vec<Value>) -> Self {
        self.push(Box::new(move |_| Reply::Events { events: events.clone(), error: None }))
    }

    /// Then answers with a stream of these events, then an error event with `code` and
    /// `message`.
    pub fn then_events_then_error(
        self,
        events: Vec<Value>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        let error = Some((code.into(), message.into()));
        self.push(Box::new(move |_| Reply::Events { events: events.clone(), error: error.clone() }))
    }

    /// Serves the last answer `n` times only, then moves on to the next one.
    pub fn times(mut self, n: usize) -> Self {
        if let Some(step) = self.steps.last_mut() {
            step.times = Some(n);
        }
        self
    }
}

impl<A: crate::action::StreamingAction + DeserializeOwned + 'static> Rule<A> {
    /// Then answers with a stream of these typed events.
    pub fn then_typed_events(self, events: Vec<A::Event>) -> Self {
        let values: Result<Vec<Value>, _> = events.iter().map(serde_json::to_value).collect();
        let reply = match values {
            Ok(events) => Reply::Events { events, error: None },
            Err(e) => Reply::Http { status: 200, body: format!("mock event does not serialize: {e}").into_bytes() },
        };
        self.push(Box::new(move |_| reply.clone()))
    }
}

fn output_reply<A: Action>(output: &A::Output) -> Reply {
    match serde_json::to_value(output) {
        Ok(value) => Reply::Output(value),
        Err(e) => Reply::Http { status: 200, body: format!("mock output does not serialize: {e}").into_bytes() },
    }
}

/// A rule with its type erased, and its use count.
trait ErasedRule: Send + Sync {
    /// The answer when the rule matches `action` of API `version` with `body` and has
    /// answers left.
    fn serve(&self, action: &str, version: &str, body: &[u8]) -> Option<Reply>;
    /// How many requests it answered.
    fn uses(&self) -> usize;
    /// The action type, for reports.
    fn label(&self) -> String;
}

struct Served<A> {
    rule: Rule<A>,
    /// (current step, uses of the current step, total uses)
    state: Mutex<(usize, usize, usize)>,
}

impl<A: Action + DeserializeOwned + 'static> ErasedRule for Served<A> {
    fn serve(&self, action: &str, version: &str, body: &[u8]) -> Option<Reply> {
        let request: A = serde_json::from_slice(body).ok()?;
        let meta = request.metadata();
        // The version too: another service's action of the same name is not this one.
        if !meta.action.eq_ignore_ascii_case(action) || meta.version != version {
            return None;
        }
        if let Some(matcher) = &self.rule.matcher {
            if !matcher(&request) {
                return None;
            }
        }
        let mut state = lock(&self.state);
        loop {
            let step = self.rule.steps.get(state.0)?;
            match step.times {
                Some(n) if state.1 >= n => {
                    state.0 += 1;
                    state.1 = 0;
                }
                _ => {
                    state.1 += 1;
                    state.2 += 1;
                    return Some((step.respond)(&request));
                }
            }
        }
    }

    fn uses(&self) -> usize {
        lock(&self.state).2
    }

    fn label(&self) -> String {
        std::any::type_name::<A>().to_owned()
    }
}

/// A request no rule matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmatched {
    /// `X-TC-Action`.
    pub action: String,
    /// The body sent.
    pub body: String,
}

struct Inner {
    rules: Vec<Box<dyn ErasedRule>>,
    unmatched: Mutex<Vec<Unmatched>>,
}

/// The mock transport: serves its rules in order (the first that matches answers).
/// Clones share rules and reports.
#[derive(Clone)]
pub struct MockTransport {
    inner: Arc<Inner>,
}

impl Default for MockTransport {
    fn default() -> Self {
        MockTransport::new()
    }
}

impl fmt::Debug for MockTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockTransport")
            .field("rules", &self.inner.rules.len())
            .field("unmatched", &lock(&self.inner.unmatched).len())
            .finish()
    }
}

impl MockTransport {
    /// A transport with no rules.
    pub fn new() -> Self {
        MockTransport { inner: Arc::new(Inner { rules: Vec::new(), unmatched: Mutex::new(Vec::new()) }) }
    }

    /// Adds a rule (after the ones added before).
    ///
    /// # Panics
    /// When called on a transport already cloned: add every rule first.
    pub fn with_rule<A: Action + DeserializeOwned + 'static>(mut self, rule: Rule<A>) -> Self {
        let inner = Arc::get_mut(&mut self.inner).expect("MockTransport::with_rule on a shared transport");
        inner.rules.push(Box::new(Served { rule, state: Mutex::new((0, 0, 0)) }));
        self
    }

    /// A configuration builder that sends through this transport: fixed test
    /// credentials, region [`MOCK_REGION`], no retries and no rate limiting. Change the
    /// region with [`ConfigBuilder::region`] for actions restricted to other regions.
    pub fn config_builder(&self) -> ConfigBuilder {
        crate::Config::builder()
            .transport(Arc::new(self.clone()))
            .credentials(Credentials::new("AKIDmock", "mock-secret-key"))
            .region(MOCK_REGION)
            .retry(RetryConfig::disabled())
            .rate_limiting(false)
    }

    /// The requests no rule matched, in order.
    pub fn unmatched(&self) -> Vec<Unmatched> {
        lock(&self.inner.unmatched).clone()
    }

    /// The rules never used, by index and request type.
    pub fn unused_rules(&self) -> Vec<String> {
        self.inner
            .rules
            .iter()
            .enumerate()
            .filter(|(_, r)| r.uses() == 0)
            .map(|(i, r)| format!("rule #{i} ({})", r.label()))
            .collect()
    }

    /// How many requests rule `index` answered.
    pub fn rule_uses(&self, index: usize) -> usize {
        self.inner.rules.get(index).map_or(0, |r| r.uses())
    }

    /// Panics, listing them, if a rule was never used or a request matched no rule.
    pub fn assert_all_used(&self) {
        let unused = self.unused_rules();
        let unmatched = self.unmatched();
        if !unused.is_empty() || !unmatched.is_empty() {
            let requests: Vec<String> = unmatched.iter().map(|u| format!("{} {}", u.action, u.body)).collect();
            panic!(
                "mock: {} unused rule(s): [{}]; {} unmatched request(s): [{}]",
                unused.len(),
                unused.join(", "),
                requests.len(),
                requests.join("; ")
            );
        }
    }

    fn answer(&self, request: &http::Request<Vec<u8>>) -> Result<http::Response<Vec<u8>>, TransportError> {
        let action = request.headers().get("X-TC-Action").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        let version = request.headers().get("X-TC-Version").and_then(|v| v.to_str().ok()).unwrap_or("");
        let reply = self.inner.rules.iter().find_map(|r| r.serve(&action, version, request.body()));
        let Some(reply) = reply else {
            let body = String::from_utf8_lossy(request.body()).into_owned();
            let message = format!("mock: no rule matches {action} with body {body}");
            lock(&self.inner.unmatched).push(Unmatched { action, body });
            return Err(TransportError::new(TransportErrorKind::Other, message));
        };
        const JSON: &str = "application/json";
        let (status, content_type, body) = match reply {
            Reply::Output(value) => {
                let mut object = match value {
                    Value::Object(map) => map,
                    other => {
                        let mut map = Map::new();
                        map.insert("Value".into(), other);
                        map
                    }
                };
                let id = object.get("RequestId").and_then(Value::as_str).unwrap_or("");
                if id.is_empty() {
                    object.insert("RequestId".into(), Value::String(MOCK_REQUEST_ID.into()));
                }
                (200, JSON, json!({ "Response": object }).to_string().into_bytes())
            }
            Reply::Error { code, message } => (
                200,
                JSON,
                json!({"Response": {"Error": {"Code": code, "Message": message}, "RequestId": MOCK_REQUEST_ID}})
                    .to_string()
                    .into_bytes(),
            ),
            Reply::Http { status, body } => (status, JSON, body),
            Reply::Events { events, error } => {
                let mut body = String::new();
                for event in events {
                    body.push_str(&format!("data: {event}\n\n"));
                }
                if let Some((code, message)) = error {
                    let event = json!({"Error": {"Code": code, "Message": message}, "RequestId": MOCK_REQUEST_ID});
                    body.push_str(&format!("data: {event}\n\n"));
                }
                (200, "text/event-stream", body.into_bytes())
            }
        };
        http::Response::builder()
            .status(status)
            .header("Content-Type", content_type)
            .header("X-TC-RequestId", MOCK_REQUEST_ID)
            .body(body)
            .map_err(|e| TransportError::new(TransportErrorKind::Other, format!("mock reply: {e}")))
    }
}

impl Transport for MockTransport {
    fn send(&self, request: http::Request<Vec<u8>>) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>> {
        let result = self.answer(&request);
        Box::pin(async move { result })
    }
}

#[cfg(test)]
mod tests {
    use super::{rule, MockTransport};
    use crate::action::{Action, ActionMetadata};
    use crate::validation::{ValidationContext, Violations};
    use crate::Client;

    /// `DescribeThings` of API `V`: two services with an action of the same name.
    #[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
    struct Things<const V: u8>;

    impl<const V: u8> Action for Things<V> {
        type Output = serde_json::Value;
        type Error = crate::UntypedServiceError;
        fn metadata(&self) -> ActionMetadata<'_> {
            let version = if V == 1 { "2020-01-01" } else { "2021-01-01" };
            ActionMetadata::new("svc", version, "DescribeThings", "svc.tencentcloudapi.com")
        }
        fn validate(&self, _: &ValidationContext, _: &mut Violations) {}
    }

    #[tokio::test]
    async fn a_rule_answers_its_own_version_of_an_action_only() {
        let mock = MockTransport::new().with_rule(rule::<Things<1>>().then_json(serde_json::json!({"V": 1})));
        let client = Client::new(mock.config_builder().build().expect("config"));
        let first = client.call(&Things::<1>).await.expect("the rule's own version");
        assert_eq!(first["V"], 1);
        assert!(client.call(&Things::<2>).await.is_err(), "the other version is not this rule's");
        assert_eq!(mock.unmatched().len(), 1);
    }
}
