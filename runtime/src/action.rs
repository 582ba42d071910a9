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
}

impl<'a> ActionMetadata<'a> {
    /// Metadata for `action` of `service` at `version`, with the default host
    /// `{service}.tencentcloudapi.com` left to the caller through [`Self::endpoint`].
    pub const fn new(service: &'a str, version: &'a str, action: &'a str, endpoint: &'a str) -> Self {
        ActionMetadata { service, version, action, endpoint, regions: &[], rate_limit: None, signed: true }
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

    /// Whether `region` is allowed for this action (always true when unrestricted).
    pub fn supports_region(&self, region: &str) -> bool {
        self.regions.is_empty() || self.regions.contains(&region)
    }
}

/// A request that the runtime [`Client`](crate::Client) can send.
pub trait Action: serde::Serialize + Send + Sync {
    /// The decoded success payload (the object inside `Response`).
    type Output: serde::de::DeserializeOwned + Send + 'static;
    /// The decoded error payload (the `Response.Error` object).
    type Error: ServiceError;

    /// What the action is on the wire.
    fn metadata(&self) -> ActionMetadata<'_>;

    /// Checks the constraints the spec states, pushing each violation into `report`.
    fn validate(&self, ctx: &ValidationContext, report: &mut Violations);
}
