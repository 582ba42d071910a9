//! Where a call goes: its host, its URI, the headers that do not change from call to
//! call ([`headers::fixed`]) and the start of its canonical request (hashed), built
//! once per client, service and region instead of on every call.

use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use super::{headers, interned};
use crate::action::ActionMetadata;
use crate::config::{Config, Endpoint};
use crate::error::ConfigError;
use crate::sign::CanonicalPrefix;

/// The parts of a request that depend only on the client's endpoint, the action's
/// service, endpoint and version, and the region.
#[derive(Debug)]
pub(super) struct Destination {
    service: Box<str>,
    endpoint: Box<str>,
    version: Box<str>,
    region: Box<str>,
    /// The action's own host ([`ActionMetadata::host`]).
    action_host: Option<Box<str>>,
    /// The host the request is signed for and sent to.
    host: String,
    /// `{scheme}://{host}/`.
    pub(super) uri: http::Uri,
    /// The headers of every call to it ([`headers::fixed`]), some of them empty places
    /// that each call fills in a copy ([`headers::for_call`]).
    pub(super) headers: http::HeaderMap,
    /// The canonical request of its requests up to the payload hash, hashed ahead
    /// ([`headers::signed`], `POST /`, no query).
    signing_prefix: CanonicalPrefix,
    /// The same for requests with a raw body (`application/octet-stream`), built on
    /// first use.
    binary_prefix: OnceLock<CanonicalPrefix>,
}

impl Destination {
    /// Builds the destination of `meta` in `region` for a client with `config`.
    fn new(config: &Config, meta: &ActionMetadata<'_>, region: &str) -> Result<Destination, ConfigError> {
        let (scheme, host) = match (&config.endpoint, &config.custom_endpoint) {
            (Endpoint::Custom(_), Some(custom)) => (custom.scheme.as_str(), custom.authority.clone()),
            // An action's own host is not regionalized.
            (Endpoint::Regional, _) if meta.host.is_none() => {
                ("https", regional_host(&action_host(config, meta), region))
            }
            _ => ("https", action_host(config, meta)),
        };
        let uri = uri(&format!("{scheme}://{host}/"))?;
        let headers = headers::fixed(config, meta, &host, region)?;
        let signing_prefix = CanonicalPrefix::new("POST", "/", "", &headers::signed(&host, false));
        Ok(Destination {
            service: meta.service.into(),
            endpoint: meta.endpoint.into(),
            version: meta.version.into(),
            region: region.into(),
            action_host: meta.host.map(Into::into),
            host,
            uri,
            headers,
            signing_prefix,
            binary_prefix: OnceLock::new(),
        })
    }

    /// The headers its requests sign, as the signature names them, and the canonical
    /// request's prefix; of a request with a raw body (`application/octet-stream`)
    /// when `binary`.
    pub(super) fn signing(&self, binary: bool) -> ([(&str, &str); 2], &CanonicalPrefix) {
        let headers = headers::signed(&self.host, binary);
        if !binary {
            return (headers, &self.signing_prefix);
        }
        let prefix = self.binary_prefix.get_or_init(|| CanonicalPrefix::new("POST", "/", "", &headers));
        (headers, prefix)
    }

    /// Whether this is the destination of `meta` in `region`.
    fn is_for(&self, meta: &ActionMetadata<'_>, region: &str) -> bool {
        *self.service == *meta.service
            && *self.endpoint == *meta.endpoint
            && *self.version == *meta.version
            && *self.region == *region
            && self.action_host.as_deref() == meta.host
    }
}

/// The URI `text`, kept for the life of the program when it can be ([`interned`]).
fn uri(text: &str) -> Result<http::Uri, ConfigError> {
    let invalid = |e: http::uri::InvalidUri| ConfigError(format!("cannot build the request: {e}"));
    let checked = http::Uri::try_from(text).map_err(invalid)?;
    match interned::get(text) {
        Some(text) => http::Uri::from_maybe_shared(bytes::Bytes::from_static(text.as_bytes())).map_err(invalid),
        None => Ok(checked),
    }
}

/// The destinations a client has built, the oldest replaced first beyond
/// [`Destinations::CAPACITY`].
#[derive(Debug, Default)]
pub(super) struct Destinations {
    entries: Mutex<Vec<Arc<Destination>>>,
}

impl Destinations {
    /// How many destinations are kept: more than the services and regions a client
    /// usually calls.
    const CAPACITY: usize = 64;

    /// The destination of `meta` in `region`, built on first use. One that cannot be
    /// built (a header value or URI that is not valid) is not kept.
    pub(super) fn get(
        &self,
        config: &Config,
        meta: &ActionMetadata<'_>,
        region: &str,
    ) -> Result<Arc<Destination>, ConfigError> {
        // A panic elsewhere while holding the lock leaves the entries whole.
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(hit) = entries.iter().find(|d| d.is_for(meta, region)) {
            return Ok(Arc::clone(hit));
        }
        let built = Arc::new(Destination::new(config, meta, region)?);
        if entries.len() >= Self::CAPACITY {
            entries.remove(0);
        }
        entries.push(Arc::clone(&built));
        Ok(built)
    }

    /// How many destinations are kept.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner).len()
    }
}

/// The root domain of the hosts of the Chinese edition.
const DEFAULT_ROOT: &str = "tencentcloudapi.com";

/// The action's host: the spec's endpoint, else `{service}.tencentcloudapi.com`.
fn default_host(meta: &ActionMetadata<'_>) -> String {
    if meta.endpoint.is_empty() {
        format!("{}.tencentcloudapi.com", meta.service)
    } else {
        meta.endpoint.to_owned()
    }
}

/// The action's host under the client's root domain, if it has one (the first label of
/// [`default_host`], then the root domain), else [`default_host`]. An action's own host
/// ([`ActionMetadata::host`]) is kept, its `tencentcloudapi.com` suffix replaced by the
/// root domain.
fn action_host(config: &Config, meta: &ActionMetadata<'_>) -> String {
    if let Some(host) = meta.host {
        let under_root = config.root_domain.as_ref().and_then(|root| {
            let start = host.strip_suffix(DEFAULT_ROOT)?;
            (start.is_empty() || start.ends_with('.')).then(|| format!("{start}{root}"))
        });
        return under_root.unwrap_or_else(|| host.to_owned());
    }
    let host = default_host(meta);
    match &config.root_domain {
        Some(root) => {
            let first = host.split_once('.').map_or(host.as_str(), |(first, _)| first);
            format!("{first}.{root}")
        }
        None => host,
    }
}

/// The regional form of a host: the region after its first label
/// (`trtc.tencentcloudapi.com` → `trtc.ap-beijing.tencentcloudapi.com`).
fn regional_host(host: &str, region: &str) -> String {
    match host.split_once('.') {
        Some((first, rest)) => format!("{first}.{region}.{rest}"),
        None => format!("{host}.{region}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Credentials;

    #[test]
    fn regional_hosts_follow_the_spec_endpoint() {
        let meta = ActionMetadata::new("trtc", "2019-07-22", "DescribeUserInfo", "trtc.tencentcloudapi.com");
        assert_eq!(regional_host(&default_host(&meta), "ap-beijing"), "trtc.ap-beijing.tencentcloudapi.com");
        let other = ActionMetadata::new("svc", "2020-01-01", "Act", "api.svc.example.com");
        assert_eq!(regional_host(&default_host(&other), "eu-frankfurt"), "api.eu-frankfurt.svc.example.com");
        let bare = ActionMetadata::new("cvm", "2017-03-12", "DescribeInstances", "");
        assert_eq!(default_host(&bare), "cvm.tencentcloudapi.com");
    }

    fn config(endpoint: Endpoint) -> Config {
        let builder = Config::builder().credentials(Credentials::new("id", "key")).region("ap-guangzhou");
        builder.endpoint(endpoint).build().unwrap()
    }

    #[test]
    fn each_service_version_and_region_has_its_own() {
        let config = config(Endpoint::Regional);
        let cache = Destinations::default();
        let trtc = ActionMetadata::new("trtc", "2019-07-22", "DescribeUserInfo", "trtc.tencentcloudapi.com");
        let first = cache.get(&config, &trtc, "ap-beijing").unwrap();
        assert_eq!(first.host, "trtc.ap-beijing.tencentcloudapi.com");
        assert_eq!(first.uri, "https://trtc.ap-beijing.tencentcloudapi.com/");
        let names: Vec<&str> = first.headers.keys().map(http::HeaderName::as_str).collect();
        let values: Vec<&[u8]> = first.headers.values().map(http::HeaderValue::as_bytes).collect();
        assert_eq!(
            names,
            [
                "content-type",
                "host",
                "x-tc-action",
                "x-tc-requestclient",
                "x-tc-timestamp",
                "x-tc-version",
                "x-tc-region",
                "x-tc-language",
                "authorization"
            ]
        );
        let client = format!("SDK_RUST_{}", env!("CARGO_PKG_VERSION"));
        assert_eq!(
            values,
            [
                &b"application/json"[..],
                b"trtc.ap-beijing.tencentcloudapi.com",
                b"",
                client.as_bytes(),
                b"",
                b"2019-07-22",
                b"ap-beijing",
                b"zh-CN",
                b""
            ]
        );
        // Another action of the same service and version, same region: the same one.
        let same = ActionMetadata::new("trtc", "2019-07-22", "RemoveUser", "trtc.tencentcloudapi.com");
        assert!(Arc::ptr_eq(&first, &cache.get(&config, &same, "ap-beijing").unwrap()));
        assert_eq!(cache.len(), 1);
        // Any other region, version, service or endpoint: a destination of its own.
        let other_region = cache.get(&config, &trtc, "ap-shanghai").unwrap();
        assert_eq!(other_region.host, "trtc.ap-shanghai.tencentcloudapi.com");
        assert_eq!(other_region.headers["x-tc-region"], "ap-shanghai");
        assert_eq!(other_region.headers["host"], "trtc.ap-shanghai.tencentcloudapi.com");
        let newer = ActionMetadata::new("trtc", "2020-01-01", "DescribeUserInfo", "trtc.tencentcloudapi.com");
        assert_eq!(cache.get(&config, &newer, "ap-beijing").unwrap().headers["x-tc-version"], "2020-01-01");
        let cvm = ActionMetadata::new("cvm", "2019-07-22", "DescribeUserInfo", "");
        assert_eq!(cache.get(&config, &cvm, "ap-beijing").unwrap().host, "cvm.ap-beijing.tencentcloudapi.com");
        let moved = ActionMetadata::new("trtc", "2019-07-22", "DescribeUserInfo", "rtc.example.com");
        assert_eq!(cache.get(&config, &moved, "ap-beijing").unwrap().host, "rtc.ap-beijing.example.com");
        assert_eq!(cache.len(), 5);
    }

    #[test]
    fn an_action_host_has_a_destination_of_its_own() {
        let config = config(Endpoint::Regional);
        let cache = Destinations::default();
        let service = ActionMetadata::new("trtc", "2019-07-22", "DescribeUserInfo", "trtc.tencentcloudapi.com");
        let own = service.with_host("trtc.ai.tencentcloudapi.com");
        let first = cache.get(&config, &service, "ap-beijing").unwrap();
        let second = cache.get(&config, &own, "ap-beijing").unwrap();
        assert_eq!(
            (first.host.as_str(), second.host.as_str()),
            ("trtc.ap-beijing.tencentcloudapi.com", "trtc.ai.tencentcloudapi.com")
        );
        assert!(Arc::ptr_eq(&second, &cache.get(&config, &own, "ap-beijing").unwrap()));
        assert_eq!(cache.len(), 2);
        // Under a root domain only a tencentcloudapi.com host changes.
        let intl = Config::builder().credentials(Credentials::new("id", "key")).root_domain("intl.tencentcloudapi.com");
        let intl = intl.build().unwrap();
        assert_eq!(action_host(&intl, &own), "trtc.ai.intl.tencentcloudapi.com");
        assert_eq!(action_host(&intl, &service.with_host("api.example.com")), "api.example.com");
        assert_eq!(action_host(&intl, &service.with_host("nottencentcloudapi.com")), "nottencentcloudapi.com");
    }

    #[test]
    fn the_endpoint_decides_the_host() {
        let meta = ActionMetadata::new("trtc", "2019-07-22", "DescribeUserInfo", "trtc.tencentcloudapi.com");
        let global = Destinations::default().get(&config(Endpoint::Default), &meta, "ap-beijing").unwrap();
        assert_eq!(global.uri, "https://trtc.tencentcloudapi.com/");
        let custom = config(Endpoint::custom("http://127.0.0.1:8080"));
        let local = Destinations::default().get(&custom, &meta, "ap-beijing").unwrap();
        assert_eq!((local.host.as_str(), local.uri.to_string()), ("127.0.0.1:8080", "http://127.0.0.1:8080/".into()));
    }

    #[test]
    fn the_oldest_is_replaced_and_failures_are_not_kept() {
        let config = config(Endpoint::Default);
        let cache = Destinations::default();
        let versions: Vec<String> = (0..=Destinations::CAPACITY).map(|i| format!("v{i}")).collect();
        fn meta(version: &str) -> ActionMetadata<'_> {
            ActionMetadata::new("svc", version, "Act", "")
        }
        let first = cache.get(&config, &meta(&versions[0]), "r").unwrap();
        for v in &versions[1..] {
            cache.get(&config, &meta(v), "r").unwrap();
        }
        assert_eq!(cache.len(), Destinations::CAPACITY);
        // The first was replaced: asking again builds a new one.
        let again = cache.get(&config, &meta(&versions[0]), "r").unwrap();
        assert!(!Arc::ptr_eq(&first, &again));
        let bad = ActionMetadata::new("svc", "2020-01-01\n", "Act", "");
        let error = cache.get(&config, &bad, "r").unwrap_err();
        assert_eq!(error.0, "the X-TC-Version header value is not a valid HTTP header value");
        assert_eq!(cache.len(), Destinations::CAPACITY);
    }

    /// The address of the bytes behind a header value.
    fn address(value: &http::HeaderValue) -> *const u8 {
        value.as_bytes().as_ptr()
    }

    #[test]
    fn destinations_of_two_clients_share_the_interned_values() {
        let meta = ActionMetadata::new("trtc", "2019-07-22", "DescribeUserInfo", "trtc.tencentcloudapi.com");
        let config = config(Endpoint::Regional);
        let one = Destinations::default().get(&config, &meta, "ap-nanjing").unwrap();
        let two = Destinations::default().get(&config, &meta, "ap-nanjing").unwrap();
        assert!(!Arc::ptr_eq(&one, &two));
        for name in ["host", "x-tc-requestclient", "x-tc-version", "x-tc-region", "x-tc-language"] {
            assert_eq!(address(&one.headers[name]), address(&two.headers[name]), "{name}");
        }
        // A copy of an interned value is the same bytes, not a counted share of them.
        let copy = one.headers["host"].clone();
        assert_eq!(address(&copy), address(&one.headers["host"]));
        assert_eq!(one.uri.host(), Some("trtc.ap-nanjing.tencentcloudapi.com"));
        assert_eq!(one.uri.authority().map(|a| a.as_str().as_ptr()), two.uri.authority().map(|a| a.as_str().as_ptr()));
    }

    #[test]
    fn uris_not_interned_are_built_all_the_same() {
        // URIs that are not interned (too long here) are owned, and equal.
        let long = "x".repeat(300);
        assert_eq!(uri(&format!("https://{long}/")).unwrap().host(), Some(long.as_str()));
        // Invalid text is refused before anything is kept.
        assert!(uri("https://bad host/").is_err());
    }
}
