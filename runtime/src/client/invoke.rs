//! The call methods of [`Client`], and what comes before sending: the region (the
//! call's override, else the client's), the call's settings, validation (the region
//! and the spec's constraints), the body serialized as the official SDKs serialize it,
//! and a client token filled in when the action has one and the caller set none
//! ([`ActionMetadata::with_client_token`]). The attempts follow ([`super::attempts`]);
//! a reply becomes the output in [`super::output`].

use super::attempt::{Answer, CallSettings, Mode};
use super::failure::{typed_error, UntypedError};
use super::output::{json_output, typed_output};
use super::response::{retry_kind_of, Decoding};
use super::{headers, Client};
use crate::action::{Action, ActionMetadata};
use crate::clock::unix_seconds;
use crate::config::{valid_region, CallOverrides};
use crate::error::{ConfigError, SdkError, UntypedServiceError};
use crate::json::to_wire_json;
use crate::validation::{Rule, ValidationContext, ValidationError, Violation, Violations};

impl Client {
    /// Sends a typed action and decodes its output or its typed error.
    ///
    /// When the action has a client token and the caller set none, a copy of the
    /// request with a fresh token ([`Action::fill_client_token`]) is sent instead.
    pub async fn call<A: Action>(&self, action: &A) -> Result<A::Output, SdkError<A::Error>> {
        self.call_with(action, &CallOverrides::default()).await
    }

    /// Sends what a generated fluent builder built: the builder's validation error if
    /// the request could not be built, else [`Client::call_with`]. Each generated
    /// `send()` returns this future, so that one state machine serves every action
    /// rather than an `async fn` per action being compiled in each crate.
    pub async fn send_built<A: Action>(
        self,
        request: Result<A, ValidationError>,
        overrides: CallOverrides,
    ) -> Result<A::Output, SdkError<A::Error>> {
        let request = request?;
        self.call_with(&request, &overrides).await
    }

    /// [`Client::call`] with some of the client's settings replaced for this call.
    pub async fn call_with<A: Action>(
        &self,
        action: &A,
        overrides: &CallOverrides,
    ) -> Result<A::Output, SdkError<A::Error>> {
        let (meta, answer, decoding) =
            self.send_typed(action, overrides, Mode::default(), None).await.map_err(typed_error)?;
        typed_output(meta, answer.into_reply()?, decoding).map_err(typed_error)
    }

    /// Sends an action whose body is raw bytes (`application/octet-stream`, as cls
    /// `UploadLog`, [`ActionMetadata::binary`]) and decodes its output or its typed
    /// error, as [`Client::call`] does.
    ///
    /// The request is validated as usual; each top-level member of its JSON form is
    /// sent as the header `X-{SERVICE}-{Name}` (the service upper-cased): a string as
    /// it is, a number or boolean as its JSON text, an object or array as its compact
    /// JSON, `null` not at all. The body is `body`, and the signature covers its
    /// SHA-256. Retries resend the same bytes.
    pub async fn call_binary<A: Action>(
        &self,
        action: &A,
        body: bytes::Bytes,
    ) -> Result<A::Output, SdkError<A::Error>> {
        self.call_binary_with(action, body, &CallOverrides::default()).await
    }

    /// [`Client::call_binary`] with some of the client's settings replaced for this call.
    pub async fn call_binary_with<A: Action>(
        &self,
        action: &A,
        body: bytes::Bytes,
        overrides: &CallOverrides,
    ) -> Result<A::Output, SdkError<A::Error>> {
        let (meta, answer, decoding) =
            self.send_typed(action, overrides, Mode::default(), Some(&body)).await.map_err(typed_error)?;
        typed_output(meta, answer.into_reply()?, decoding).map_err(typed_error)
    }

    /// [`Client::send_built`] for an action with a raw body ([`Client::call_binary_with`]).
    pub async fn send_built_binary<A: Action>(
        self,
        request: Result<A, ValidationError>,
        body: bytes::Bytes,
        overrides: CallOverrides,
    ) -> Result<A::Output, SdkError<A::Error>> {
        let request = request?;
        self.call_binary_with(&request, body, &overrides).await
    }

    /// The pipeline of a typed call up to the reply: the client token filled in when
    /// the action has one and the caller set none, preparation, then the attempts, with
    /// `raw` as the body when the action takes raw bytes (its parameters then go in
    /// headers).
    pub(crate) async fn send_typed<'a, A: Action>(
        &self,
        action: &'a A,
        overrides: &CallOverrides,
        mode: Mode<'_>,
        raw: Option<&bytes::Bytes>,
    ) -> Result<(ActionMetadata<'a>, Answer, Decoding), UntypedError> {
        let mut meta = action.metadata();
        let filled = meta.client_token.and_then(|_| action.fill_client_token(&new_client_token()));
        let sent = filled.as_ref().unwrap_or(action);
        let (region, settings, body) =
            self.prepare(meta, overrides, &|ctx, report| sent.validate(ctx, report), &|| to_wire_json(sent))?;
        if let Some(name) = meta.client_token.filter(|_| !meta.idempotent) {
            // A filled token, or one the caller set, makes a repeat harmless (generated
            // actions with a token are marked idempotent already: no check needed).
            if filled.is_some() || sends_member(&body, name) {
                meta = meta.idempotent();
            }
        }
        let decoding = Decoding { classify: retry_kind_of::<A::Error>, quick: true, traced: false };
        let answer = match raw {
            None => self.send(meta, region, &body, &settings, decoding, mode).await?,
            Some(raw) => {
                let headers = headers::parameters(meta.service, &body)?;
                let mode = Mode { binary: Some(&headers), ..mode };
                self.send(meta, region, raw, &settings, decoding, mode).await?
            }
        };
        Ok((meta, answer, decoding))
    }

    /// Sends any action with `params` as its body and returns the `Response` object.
    ///
    /// Only the region is validated; the parameters are sent as given, in their order.
    /// When `metadata` names a client token and `params` is an object without it (or
    /// with `null`), a fresh token is added at the end.
    pub async fn call_json(
        &self,
        metadata: ActionMetadata<'_>,
        params: &serde_json::Value,
    ) -> Result<serde_json::Value, SdkError<UntypedServiceError>> {
        self.call_json_with(metadata, params, &CallOverrides::default()).await
    }

    /// [`Client::call_json`] with some of the client's settings replaced for this call.
    pub async fn call_json_with(
        &self,
        metadata: ActionMetadata<'_>,
        params: &serde_json::Value,
        overrides: &CallOverrides,
    ) -> Result<serde_json::Value, SdkError<UntypedServiceError>> {
        let answer = self.send_json(metadata, params, overrides, Mode::default()).await?;
        json_output(metadata, &answer.into_reply()?)
    }

    /// The pipeline of an untyped call up to the reply: a client token added when the
    /// action has one and `params` none, preparation (the region only), the attempts.
    pub(crate) async fn send_json(
        &self,
        metadata: ActionMetadata<'_>,
        params: &serde_json::Value,
        overrides: &CallOverrides,
        mode: Mode<'_>,
    ) -> Result<Answer, UntypedError> {
        let mut meta = metadata;
        let mut filled = None;
        if let (Some(name), Some(object)) = (meta.client_token, params.as_object()) {
            if object.get(name).is_none_or(serde_json::Value::is_null) {
                let mut object = object.clone();
                object.insert(name.to_owned(), serde_json::Value::String(new_client_token()));
                filled = Some(serde_json::Value::Object(object));
            }
            meta = meta.idempotent();
        }
        let params = filled.as_ref().unwrap_or(params);
        let (region, settings, body) = self.prepare(meta, overrides, &|_, _| {}, &|| to_wire_json(params))?;
        let decoding = Decoding { classify: retry_kind_of::<UntypedServiceError>, quick: false, traced: false };
        self.send(meta, region, &body, &settings, decoding, mode).await
    }

    /// The first steps of every call, before anything is sent: the region (the
    /// override's, else the client's), the call's settings, validation (region and the
    /// spec's constraints), and the body. Not generic: compiled once.
    fn prepare<'a>(
        &'a self,
        meta: ActionMetadata<'_>,
        overrides: &'a CallOverrides,
        validate: &dyn Fn(&ValidationContext, &mut Violations),
        serialize: &dyn Fn() -> Result<Vec<u8>, serde_json::Error>,
    ) -> Result<(&'a str, CallSettings<'a>, Vec<u8>), UntypedError> {
        let config = &self.inner.config;
        let region = overrides.region.as_deref().or(config.region.as_deref()).ok_or_else(|| config.missing_region())?;
        if !valid_region(region) {
            return Err(ConfigError(format!("invalid region {region:?}")).into());
        }
        let settings = CallSettings::new(config, overrides)?;
        if overrides.validation.unwrap_or(config.validation) {
            let mut report = Violations::new();
            if !meta.supports_region(region) {
                let rule = Rule::UnsupportedRegion {
                    region: region.to_owned(),
                    supported: meta.regions.iter().map(|r| (*r).to_owned()).collect(),
                };
                report.push(Violation::new("Region", rule, Some("UnsupportedRegion")));
            }
            validate(&ValidationContext::new(unix_seconds(config.clock.as_ref())), &mut report);
            report.into_result(meta.action)?;
        }
        let body =
            serialize().map_err(|e| ConfigError(format!("cannot serialize the {} request: {e}", meta.action)))?;
        Ok((region, settings, body))
    }
}

/// A fresh client token: a random UUID v4, lowercase and hyphenated.
fn new_client_token() -> String {
    let mut bytes: [u8; 16] = rand::random();
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    let hex = hex::encode(bytes);
    let mut out = String::with_capacity(36);
    for (i, c) in hex.chars().enumerate() {
        if matches!(i, 8 | 12 | 16 | 20) {
            out.push('-');
        }
        out.push(c);
    }
    out
}

/// Whether the serialized request `body` has member `name` with a value other than
/// `null`. Reads the body already serialized: not generic, so not compiled per action.
fn sends_member(body: &[u8], name: &str) -> bool {
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(value) => value.get(name).is_some_and(|v| !v.is_null()),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_tokens_are_fresh_uuid_v4() {
        let a = new_client_token();
        let b = new_client_token();
        assert_ne!(a, b);
        for token in [a, b] {
            assert_eq!(token.len(), 36, "{token}");
            let groups: Vec<&str> = token.split('-').collect();
            assert_eq!(groups.iter().map(|g| g.len()).collect::<Vec<_>>(), [8, 4, 4, 4, 12], "{token}");
            assert!(token.chars().all(|c| c == '-' || c.is_ascii_digit() || ('a'..='f').contains(&c)), "{token}");
            assert!(groups[2].starts_with('4'), "version 4: {token}");
            assert!(groups[3].starts_with(['8', '9', 'a', 'b']), "RFC 4122 variant: {token}");
        }
    }
}
