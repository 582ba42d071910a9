//! Properties of the runtime's pure parts, checked on generated inputs (proptest):
//! TC3 signing is a function of its inputs (the same inputs sign the same, any changed
//! input signs differently), the Python-compatible JSON writer round-trips, and the
//! server-sent events parser gives the same events however its input is split.
//!
//! Few cases by default so `cargo test` stays fast; `PROPTEST_CASES=N` runs N cases per
//! property (`scripts/checks/fuzz.sh`). Each property prints how many cases it ran.

use std::sync::atomic::{AtomicU64, Ordering};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Map, Number, Value};
use tencentcloud_runtime::json::to_wire_json;
use tencentcloud_runtime::sign::{sign, SigningInput};
use tencentcloud_runtime::sse::{SseEvent, SseParser};

/// Cases per property: `PROPTEST_CASES`, else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// A runner with `cases(default)` cases that writes no regression files.
fn runner(default: u32) -> TestRunner {
    TestRunner::new(Config { cases: cases(default), failure_persistence: None, ..Config::default() })
}

/// Runs `property` on values of `strategy`; panics with the minimal failing input.
fn check<S: Strategy>(name: &str, default: u32, strategy: S, property: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S::Value: std::fmt::Debug,
{
    let ran = AtomicU64::new(0);
    let result = runner(default).run(&strategy, |v| {
        ran.fetch_add(1, Ordering::Relaxed);
        property(v)
    });
    eprintln!("property {name}: {} cases", ran.load(Ordering::Relaxed));
    if let Err(e) = result {
        panic!("property {name} failed: {e}");
    }
}

/// Everything a signature covers, owned.
#[derive(Debug, Clone)]
struct Input {
    method: String,
    query: String,
    headers: Vec<(String, String)>,
    payload: Vec<u8>,
    service: String,
    timestamp: i64,
    secret_id: String,
    secret_key: String,
}

impl Input {
    fn authorization(&self) -> String {
        let headers: Vec<(&str, &str)> = self.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        sign(&SigningInput {
            method: &self.method,
            canonical_uri: "/",
            canonical_query: &self.query,
            headers: &headers,
            payload: &self.payload,
            service: &self.service,
            timestamp: self.timestamp,
            secret_id: &self.secret_id,
            secret_key: &self.secret_key,
        })
        .authorization
    }
}

fn input() -> impl Strategy<Value = Input> {
    (
        prop::sample::select(vec!["POST", "GET"]),
        "[a-zA-Z0-9=&]{0,20}",
        prop::collection::vec(("[a-z][a-z-]{0,12}", "[ -~]{0,30}"), 0..4),
        prop::collection::vec(any::<u8>(), 0..200),
        "[a-z]{1,10}",
        // From 1970 to beyond 9999: the scope date must be computed for any of them.
        0i64..=300_000_000_000,
        "[A-Za-z0-9]{1,40}",
        // Real keys are printable; HMAC pads keys with NUL bytes, so "k" and "k\0" are
        // the same key by design and are not generated.
        "[ -~]{1,48}",
    )
        .prop_map(|(method, query, mut headers, payload, service, timestamp, secret_id, secret_key)| {
            headers.push(("content-type".into(), "application/json; charset=utf-8".into()));
            headers.push(("host".into(), format!("{service}.tencentcloudapi.com")));
            Input { method: method.into(), query, headers, payload, service, timestamp, secret_id, secret_key }
        })
}

#[test]
fn signing_is_deterministic() {
    check("signing_is_deterministic", 64, input(), |i| {
        prop_assert_eq!(i.authorization(), i.clone().authorization());
        Ok(())
    });
}

#[test]
fn signing_changes_with_every_input() {
    let strategy = (input(), any::<prop::sample::Index>(), 1u8..=255, 1i64..=1_000_000, any::<char>());
    check("signing_changes_with_every_input", 64, strategy, |(i, at, xor, delta, extra)| {
        let base = i.authorization();
        // One byte of the body.
        let mut body = i.clone();
        if body.payload.is_empty() {
            body.payload.push(xor);
        } else {
            let k = at.index(body.payload.len());
            body.payload[k] ^= xor;
        }
        prop_assert_ne!(&base, &body.authorization(), "body byte changed");
        // The timestamp, within the same day or not.
        let mut later = i.clone();
        later.timestamp += delta;
        prop_assert_ne!(&base, &later.authorization(), "timestamp changed");
        // The secret key: one character replaced, or one appended.
        let mut key = i.clone();
        let chars: Vec<char> = key.secret_key.chars().collect();
        let k = at.index(chars.len());
        let replacement = if chars[k] == 'x' { 'y' } else { 'x' };
        key.secret_key = chars.iter().enumerate().map(|(j, c)| if j == k { replacement } else { *c }).collect();
        prop_assert_ne!(&base, &key.authorization(), "secret key character changed");
        let mut longer = i.clone();
        longer.secret_key.push(if extra == '\0' { 'z' } else { extra });
        prop_assert_ne!(&base, &longer.authorization(), "secret key extended");
        Ok(())
    });
}

/// Any JSON value: integers of the whole i64 and u64 ranges, finite floats, strings of
/// any characters (controls, non-ASCII, astral), nested arrays and objects.
fn json_value() -> impl Strategy<Value = Value> {
    let number = prop_oneof![
        any::<i64>().prop_map(Number::from),
        any::<u64>().prop_map(Number::from),
        any::<f64>().prop_filter_map("finite", Number::from_f64),
        prop::sample::select(vec![0.0, -0.0, 1e16, 1e15, 1e-5, 1e-4, 5e-324, f64::MAX, f64::MIN_POSITIVE, 0.1])
            .prop_filter_map("finite", Number::from_f64),
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number.prop_map(Value::Number),
        any::<String>().prop_map(Value::String),
        "[\\x00-\\x1f\\x7f\"\\\\/ a\u{e9}\u{4f60}\u{1f600}]{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((any::<String>(), inner), 0..6)
                .prop_map(|entries| Value::Object(entries.into_iter().collect::<Map<String, Value>>())),
        ]
    })
}

/// `a == b`, except that floats may differ in their last bits: serde_json, built without
/// its `float_roundtrip` feature (as the runtime is), reads some shortest-form floats a
/// few ULP off, e.g. `9.547623688540819e-162` as `9.54762368854082e-162` (1 ULP) and
/// `-1.0419038474029259e-221` as `-1.0419038474029261e-221` (2 ULP). The writer itself is
/// exact: see [`wire_json_floats_round_trip_exactly`].
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.is_f64() && y.is_f64() => {
            let (x, y) = (x.as_f64().unwrap_or(f64::NAN), y.as_f64().unwrap_or(f64::NAN));
            x == y
                || (x.is_sign_negative() == y.is_sign_negative()
                    && (x.to_bits().abs_diff(y.to_bits()) <= 16 || ((x - y) / x).abs() <= 1e-14))
        }
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|((kx, vx), (ky, vy))| kx == ky && same(vx, vy))
        }
        _ => a == b,
    }
}

#[test]
fn wire_json_round_trips() {
    check("wire_json_round_trips", 128, json_value(), |v| {
        let wire = to_wire_json(&v).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(wire.is_ascii(), "the wire form is ASCII: {}", String::from_utf8_lossy(&wire));
        let back: Value = serde_json::from_slice(&wire)
            .map_err(|e| TestCaseError::fail(format!("{e}: {}", String::from_utf8_lossy(&wire))))?;
        prop_assert!(same(&back, &v), "{:?} read back as {:?}; wire: {}", v, back, String::from_utf8_lossy(&wire));
        Ok(())
    });
}

#[test]
fn wire_json_floats_round_trip_exactly() {
    check("wire_json_floats_round_trip_exactly", 256, any::<f64>().prop_filter("finite", |f| f.is_finite()), |f| {
        let wire = to_wire_json(&f).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let text = String::from_utf8_lossy(&wire).into_owned();
        let back: f64 = text.parse().map_err(|e| TestCaseError::fail(format!("{e}: {text}")))?;
        prop_assert_eq!(back.to_bits(), f.to_bits(), "{} written as {}", f, text);
        Ok(())
    });
}

/// The events of `chunks` fed one after the other (the end of the stream included), or
/// the error.
fn sse_events(chunks: &[&[u8]], limit: usize) -> Result<Vec<SseEvent>, String> {
    let mut parser = SseParser::new(limit);
    let mut out = Vec::new();
    for chunk in chunks {
        parser.push(chunk).map_err(|e| e.to_string())?;
        out.extend(std::iter::from_fn(|| parser.next_event()));
    }
    out.extend(parser.finish().map_err(|e| e.to_string())?);
    Ok(out)
}

/// Event-stream text: fields, comments, blank lines and every kind of line end, with
/// values of any text (multi-byte characters, colons, spaces) and a few arbitrary bytes.
fn sse_text() -> impl Strategy<Value = Vec<u8>> {
    let value = prop_oneof![Just(String::new()), "[ a:é你😀]{0,12}".prop_map(String::from)];
    let line = prop_oneof![
        value.clone().prop_map(|v| format!("data: {v}")),
        value.clone().prop_map(|v| format!("data:{v}")),
        Just("data".to_owned()),
        value.clone().prop_map(|v| format!("event: {v}")),
        value.clone().prop_map(|v| format!("id: {v}")),
        "[0-9]{1,4}".prop_map(|v| format!("retry: {v}")),
        value.clone().prop_map(|v| format!(": {v}")),
        value.prop_map(|v| format!("unknown: {v}")),
        Just(String::new()),
    ];
    let end = prop_oneof![Just("\n"), Just("\r"), Just("\r\n")];
    let raw = proptest::collection::vec(any::<u8>(), 0..3);
    proptest::collection::vec((line, end, proptest::option::weighted(0.1, raw)), 0..24).prop_map(|lines| {
        let mut text = Vec::new();
        for (line, end, raw) in lines {
            text.extend_from_slice(line.as_bytes());
            text.extend(raw.unwrap_or_default());
            text.extend_from_slice(end.as_bytes());
        }
        text
    })
}

#[test]
fn sse_events_do_not_depend_on_chunk_boundaries() {
    let input = (sse_text(), proptest::collection::vec(any::<prop::sample::Index>(), 0..8), 8usize..200);
    check("sse_events_do_not_depend_on_chunk_boundaries", 256, input, |(text, cuts, limit)| {
        let whole = sse_events(&[&text], limit);
        let mut at: Vec<usize> = cuts.iter().map(|c| c.index(text.len() + 1)).collect();
        at.sort_unstable();
        let mut chunks = Vec::new();
        let mut start = 0;
        for cut in at {
            chunks.push(&text[start..cut]);
            start = cut;
        }
        chunks.push(&text[start..]);
        prop_assert_eq!(&sse_events(&chunks, limit), &whole, "chunks {:?}", chunks);
        // And one byte at a time.
        let bytes: Vec<&[u8]> = text.chunks(1).collect();
        prop_assert_eq!(&sse_events(&bytes, limit), &whole);
        Ok(())
    });
}
