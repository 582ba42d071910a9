//! The contract between a generated action and the runtime client.
//!
//! Every generated request type implements [`Action`]: it names the action on the
//! wire ([`ActionMetadata`]), serializes to the JSON body, validates itself against
//! the constraints of the spec, and says which types the response and the error
//! envelope decode into.

use crate::error::ServiceError;
use crate::validation::{ValidationContext, Violations};

/// Static facts about one action, taken from the spec.
///
/// Generated crates build these as `const` values with [`ActionMetadata::new`] and the
/// chained `const fn` setters; untyped calls build them at run time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionMetadata<'a> {
    /// Service short name, used in the host and the credential scope (`trtc`).
    pub service: &'a str,
    /// API version, sent as `X-TC-Version` (`2019-07-22`).
    pub version: &'a str,
    /// Action name, sent as `X-TC-Action` (`DescribeUserInfo`).
    pub action: &'a str,
    /// Default host of the service (`trtc.tencentcloudapi.com`).
    pub endpoint: &'a str,
    /// Regions the action supports; empty means the spec states no restriction.
    pub regions: &'a [&'a str],
    /// Documented server-side limit in requests per second, if any.
    pub rate_limit: Option<u32>,
    /// `false` for actions sent with `Authorization: SKIP`.
    pub signed: bool,
    /// Whether sending the request twice has the effect of sending it once, so that
    /// the client may retry it after a failure that may have reached the server (a
    /// timeout, a connection lost mid-exchange, an HTTP 5xx without an error envelope).
    /// Set with [`Self::idempotent`].
    pub idempotent: bool,
    /// The wire name of the action's client-token input (`ClientToken`), if it has
    /// one. Set with [`Self::with_client_token`].
    pub client_token: Option<&'a str>,
    /// Whether a reply may hold secrets (STS credentials): an undecodable reply is
    /// then reported without its body or the parser's message, which may quote it.
    /// Set with [`Self::with_sensitive_response`].
    pub sensitive_response: bool,
    /// The action's own host (`trtc.ai.tencentcloudapi.com`), when it is not the
    /// service's: used as it is for the default and regional endpoints (not
    /// regionalized), with a `tencentcloudapi.com` suffix replaced by the client's root
    /// domain when it has one; a custom endpoint still replaces it. The signature's
    /// scope stays the service's. Set with [`Self::with_host`].
    pub host: Option<&'a str>,
    /// Whether the action's body is raw bytes (`application/octet-stream`) and its
    /// parameters go in `X-{SERVICE}-{Name}` headers, as cls `UploadLog`: sent with
    /// [`Client::call_binary`](crate::Client::call_binary). Informational, for tools;
    /// set with [`Self::binary`].
    pub binary: bool,
}

impl<'a> ActionMetadata<'a> {
    /// Metadata for `action` of `service` at `version`, with the default host
    /// `{service}.tencentcloudapi.com` left to the caller through [`Self::endpoint`].
    pub const fn new(service: &'a str, version: &'a str, action: &'a str, endpoint: &'a str) -> Self {
        ActionMetadata {
            service,
            version,
            action,
            endpoint,
            regions: &[],
            rate_limit: None,
            signed: true,
            idempotent: false,
            client_token: None,
            sensitive_response: false,
            host: None,
            binary: false,
        }
    }

    /// Restricts the action to these regions.
    pub const fn with_regions(mut self, regions: &'a [&'a str]) -> Self {
        self.regions = regions;
        self
    }

    /// Records the documented rate limit in requests per second.
    pub const fn with_rate_limit(mut self, per_second: u32) -> Self {
        self.rate_limit = Some(per_second);
        self
    }

    /// Marks the action as sent unsigned (`Authorization: SKIP`).
    pub const fn unsigned(mut self) -> Self {
        self.signed = false;
        self
    }

    /// Marks the action as idempotent: read-only actions and actions with a client
    /// token, for which a repeat cannot apply twice. Only idempotent actions are
    /// retried after a failure that may have reached the server; failures before
    /// sending and throttling or transient service errors are retried for every action.
    pub const fn idempotent(mut self) -> Self {
        self.idempotent = true;
        self
    }

    /// Names the action's client-token input by its wire name (`ClientToken`).
    ///
    /// The client then sends a fresh random token (a UUID v4) when the caller set none,
    /// the same one on every retry of a call, and treats the call as idempotent: the
    /// server applies a token once.
    pub const fn with_client_token(mut self, wire_name: &'a str) -> Self {
        self.client_token = Some(wire_name);
        self
    }

    /// Marks the replies as holding secrets (temporary credentials): decode errors
    /// then leave out the body and the parser's message.
    pub const fn with_sensitive_response(mut self) -> Self {
        self.sensitive_response = true;
        self
    }

    /// Sends the action to its own `host` instead of the service's (see [`Self::host`]).
    pub const fn with_host(mut self, host: &'a str) -> Self {
        self.host = Some(host);
        self
    }

    /// Marks the action as taking a raw body (`application/octet-stream`) with its
    /// parameters in headers (see [`Self::binary`]).
    pub const fn binary(mut self) -> Self {
        self.binary = true;
        self
    }

    /// Whether `region` is allowed for this action (always true when unrestricted).
    pub fn supports_region(&self, region: &str) -> bool {
        self.regions.is_empty() || self.regions.contains(&region)
    }
}

/// A request that the runtime [`Client`](crate::Client) can send.
pub trait Action: serde::Serialize + Send + Sync {
    /// The decoded success payload (the object inside `Response`).
    ///
    /// It is also `Serialize`, written with the wire names: when a member documented as
    /// always present was decoded as its default (see [`crate::de`]), the client
    /// serializes the output to find and log which one.
    type Output: serde::de::DeserializeOwned + serde::Serialize + Send + 'static;
    /// The decoded error payload (the `Response.Error` object).
    type Error: ServiceError;

    /// What the action is on the wire.
    fn metadata(&self) -> ActionMetadata<'_>;

    /// Checks the constraints the spec states, pushing each violation into `report`.
    fn validate(&self, ctx: &ValidationContext, report: &mut Violations);

    /// A copy of the request with its client-token input set to `token`, or `None`
    /// when it has no such input or the caller already set one.
    ///
    /// The client calls it, with a fresh UUID v4, for actions whose metadata names a
    /// client token ([`ActionMetadata::with_client_token`]), and sends the copy on
    /// every attempt of the call. Generated requests with a `ClientToken` input
    /// implement it; the default is `None`.
    fn fill_client_token(&self, token: &str) -> Option<Self>
    where
        Self: Sized,
    {
        let _ = token;
        None
    }
}

/// An action whose reply may be a stream of server-sent events (`text/event-stream`),
/// sent with [`Client::call_stream`](crate::Client::call_stream): hunyuan's
/// `ChatCompletions` with `Stream: true`, trtc's `TextToSpeechSSE`. A reply that is not
/// a stream still decodes into [`Action::Output`].
pub trait StreamingAction: Action {
    /// What the JSON `data` of one event decodes into (leniently, as outputs do).
    type Event: serde::de::DeserializeOwned + serde::Serialize + Send + 'static;
}
