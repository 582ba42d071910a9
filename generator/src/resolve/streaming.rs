//! Checks what an action says about its wire format beyond JSON: `stream:` (a reply of
//! server-sent events), `host:` (its own host) and `body: binary` (the caller's bytes,
//! the parameters in headers).

use std::collections::BTreeMap;

use crate::diagnostics::Reporter;
use crate::ir::{Field, Scalar, Streaming, Type};
use crate::spec::locate::Path;
use crate::spec::model::StreamSpec;

/// Checks `s` (at `sp`) against the action's resolved `input`: `when` names a boolean
/// input, `event` a model of the spec (`model_names`: the models' Rust names by wire
/// name). `None` (with the problems reported) otherwise.
pub(super) fn resolve(
    r: &mut Reporter<'_>,
    model_names: &BTreeMap<String, String>,
    sp: &Path,
    s: &StreamSpec,
    input: &[Field],
) -> Option<Streaming> {
    let mut ok = true;
    let when = match &s.when {
        Some(wire) => match input.iter().find(|f| &f.wire == wire) {
            Some(f) if matches!(f.ty, Type::Scalar(Scalar::Bool)) => Some(f.clone()),
            Some(_) => {
                r.error(&sp.key("when"), format!("`{wire}` is not a boolean input"));
                ok = false;
                None
            }
            None => {
                r.error(&sp.key("when"), format!("the action has no input `{wire}`"));
                ok = false;
                None
            }
        },
        None => None,
    };
    let event = match &s.event {
        Some(wire) => match model_names.get(wire) {
            Some(name) => Some(name.clone()),
            None => {
                r.error(&sp.key("event"), format!("the spec has no model `{wire}`"));
                ok = false;
                None
            }
        },
        None => None,
    };
    ok.then_some(Streaming { when, event })
}

/// Whether `host` is a plain host name: labels of ASCII letters, digits and `-`,
/// separated by single dots.
pub(super) fn is_host_name(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

/// A binary action sends its parameters as `X-<SERVICE>-<Name>` headers: each must be
/// a scalar, and its wire name a header name.
pub(super) fn check_header_inputs(r: &mut Reporter<'_>, ip: &Path, input: &[Field]) {
    for f in input {
        if !matches!(f.ty, Type::Scalar(_)) {
            r.error(&ip.key(&f.wire), "a binary action sends its parameters as headers: each must be a scalar");
        }
        if !f.wire.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
            r.error(
                &ip.key(&f.wire),
                "a binary action's parameter names become header names: letters, digits, `-`, `_`",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names_are_dotted_labels() {
        assert!(is_host_name("trtc.ai.tencentcloudapi.com"));
        assert!(is_host_name("cls-ai.example.com"));
        for bad in ["", "https://x.com", "x.com/", "a..b", "-a.com", "a .com", "a.com:443", "ä.com"] {
            assert!(!is_host_name(bad), "{bad:?}");
        }
    }
}
