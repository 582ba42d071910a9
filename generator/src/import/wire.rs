//! Marks the imported actions that are not one JSON request and one JSON reply: those
//! whose reply streams server-sent events (`stream:`), those served from a host of their
//! own (`host:`) and those whose body is binary (`body: binary`).
//!
//! Tencent's description has no field for any of this; the official SDKs list these
//! actions by hand. What the description does show, and what is read here:
//! - a reply that streams: an example reply with `data:` lines (the event-stream format)
//!   or that names `text/event-stream`; an action named `…SSE`; a boolean input `Stream`
//!   (then the action streams when it is `true`: `when: Stream`); an example sent to one
//!   of the AI hosts (`<service>.ai.tencentcloudapi.com`), which serve the streaming actions;
//! - a host of its own: the one host, other than the service's own, its regional forms
//!   and the internal ones, that its examples are sent to or its documentation names;
//! - a binary body: an example request whose `Content-Type` is
//!   `application/octet-stream` or `application/x-protobuf` (cls `UploadLog`).
//!
//! The overlay sets or corrects any of it (and gives a stream's events a type of their
//! own with `add_models:`).

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use crate::import::examples::ExamplesFile;
use crate::spec::model::{BodyFormat, ServiceFile, StreamFormat, StreamSpec, TypeSpec};

/// What [`mark`] marked in one service version.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WireCounts {
    /// Actions marked as streaming.
    pub streaming: usize,
    /// Of those, the ones that stream only when an input asks for it.
    pub streaming_on_request: usize,
    /// Actions given a host of their own.
    pub hosts: usize,
    /// Actions marked as sending a binary body.
    pub binary: usize,
}

/// `data:` at the start of a line: a reply in the event-stream format.
static SSE_LINE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^data:[ {\[]").expect("valid regex"));

/// A `Host` or `Content-Type` header in an example request's head (either the raw HTTP
/// form `Host: x` or the JSON-like form `"Host": "x"`).
static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?mi)^\s*"?(host|content-type)"?\s*:\s*"?([A-Za-z0-9.+/-]+)"?"#).expect("valid regex")
});

/// A host of the API's domain named in text.
static API_HOST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b([a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.tencentcloudapi\.com)\b").expect("valid regex")
});

/// A region as it appears in a regional host (`ap-guangzhou`, `na-siliconvalley`,
/// `ap-shanghai-fsi`).
static REGION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[a-z]{2,}-[a-z]+(-[a-z0-9]+)*$").expect("valid regex"));

/// The head of an example request (before the first blank line).
fn head(input: &str) -> &str {
    let end = input.find("\n\n").or_else(|| input.find("\r\n\r\n")).unwrap_or(input.len());
    input.get(..end).unwrap_or(input)
}

/// The values of header `name` (lower case) in the head of `input`.
fn header_values<'a>(input: &'a str, name: &str) -> impl Iterator<Item = &'a str> + 'a {
    let name = name.to_owned();
    HEADER
        .captures_iter(head(input))
        .filter(move |c| c[1].eq_ignore_ascii_case(&name))
        .filter_map(|c| c.get(2).map(|m| m.as_str()))
}

/// Whether `host` is one of the service's ordinary hosts: its own, a regional form
/// (`cvm.ap-guangzhou.tencentcloudapi.com`) or an internal or international one.
fn ordinary_host(service: &str, host: &str) -> bool {
    let Some(rest) = host.strip_suffix(".tencentcloudapi.com") else { return true };
    let mut labels = rest.split('.');
    if labels.next() != Some(service) {
        // Another service's host, or a documentation placeholder: not this action's.
        return true;
    }
    let middle: Vec<&str> = labels.collect();
    match middle.as_slice() {
        [] => true,
        [one] => REGION.is_match(one) || *one == "internal" || *one == "intl",
        _ => middle.contains(&"internal"),
    }
}

/// Marks the actions of `spec` as [the module](self) says, from their documentation
/// and their `examples`; counts what it marked.
pub fn mark(spec: &mut ServiceFile, examples: Option<&ExamplesFile>) -> WireCounts {
    let service = spec.service.name.clone();
    let mut counts = WireCounts::default();
    for (name, action) in &mut spec.actions {
        let examples = examples.and_then(|e| e.actions.get(name)).map(Vec::as_slice).unwrap_or_default();
        let mut hosts = BTreeSet::new();
        for text in std::iter::once(action.doc.as_str()).chain(examples.iter().map(|e| e.document.as_str())) {
            hosts.extend(API_HOST.captures_iter(text).map(|c| c[1].to_owned()));
        }
        for e in examples {
            hosts.extend(header_values(&e.input, "host").map(str::to_owned));
        }
        hosts.retain(|h| !ordinary_host(&service, h));
        let ai_host = hosts.iter().any(|h| h.starts_with(&format!("{service}.ai.")));
        if let [host] = Vec::from_iter(hosts).as_slice() {
            action.host = Some(host.clone());
            counts.hosts += 1;
        }

        let stream_input = action
            .input
            .get("Stream")
            .filter(|f| matches!(&f.ty, TypeSpec::Named(t) if t == "bool"))
            .map(|_| "Stream".to_owned());
        let streams = name.ends_with("SSE")
            || stream_input.is_some()
            || ai_host
            || action.doc.contains("text/event-stream")
            || examples.iter().any(|e| SSE_LINE.is_match(&e.output) || e.output.contains("text/event-stream"));
        if streams {
            counts.streaming += 1;
            counts.streaming_on_request += usize::from(stream_input.is_some());
            action.stream = Some(StreamSpec { format: StreamFormat::Sse, when: stream_input, event: None });
        }

        let binary = examples.iter().any(|e| {
            header_values(&e.input, "content-type").any(|t| {
                t.eq_ignore_ascii_case("application/octet-stream") || t.eq_ignore_ascii_case("application/x-protobuf")
            })
        });
        if binary {
            action.body = BodyFormat::Binary;
            counts.binary += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_hosts_are_the_services_own() {
        for host in [
            "cls.tencentcloudapi.com",
            "cls.ap-guangzhou.tencentcloudapi.com",
            "cls.ap-shanghai-fsi.tencentcloudapi.com",
            "cls.internal.tencentcloudapi.com",
            "cls.ai.internal.tencentcloudapi.com",
            "cls.intl.tencentcloudapi.com",
            "cvm.tencentcloudapi.com",
            "example.com",
        ] {
            assert!(ordinary_host("cls", host), "{host}");
        }
        assert!(!ordinary_host("cls", "cls.ai.tencentcloudapi.com"));
        assert!(!ordinary_host("trtc", "trtc.ai.tencentcloudapi.com"));
    }

    #[test]
    fn headers_are_read_from_the_head_only_in_both_forms() {
        let raw =
            "POST / HTTP/1.1\nHost: cls.ai.tencentcloudapi.com\nContent-Type: application/json\n\n{\"Host\": \"x\"}";
        assert_eq!(header_values(raw, "host").collect::<Vec<_>>(), ["cls.ai.tencentcloudapi.com"]);
        let json_like = "POST / HTTP/1.1\n{\n  \"Host\": \"cls.tencentcloudapi.com\",\n  \"Content-Type\": \"application/x-protobuf\"\n}";
        assert_eq!(header_values(json_like, "content-type").collect::<Vec<_>>(), ["application/x-protobuf"]);
    }

    #[test]
    fn event_stream_replies_are_told_by_their_data_lines() {
        assert!(SSE_LINE.is_match("data: {\"a\": 1}\n\ndata: {\"a\": 2}"));
        assert!(SSE_LINE.is_match("流式响应输出格式：\ndata: {\"index\":1}"));
        assert!(!SSE_LINE.is_match("{\"Response\": {\"data\": 1}}"));
        assert!(!SSE_LINE.is_match("metadata: x"));
    }
}
