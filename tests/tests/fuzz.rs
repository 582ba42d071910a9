//! Fuzz properties (proptest): what reads outside input never panics.
//!
//! - the spec loader and checker (`tcgen::load`), on arbitrary text and on mutations of
//!   the real spec files, answers `Ok` or located errors (`file[:line:col]: ...`);
//! - the importer, on mutated `api.json`/`examples.json`, reports failures in
//!   `summary.failures`;
//! - the generated TRTC crate's response decoders and the error envelope, on arbitrary
//!   JSON and mutations of the recorded responses, answer `Ok` or `Err`;
//! - the credentials profile-file parser, on arbitrary text, answers `Ok` or `Err`, and
//!   finds the keys of a well-formed profile among arbitrary other lines.
//!
//! Few cases by default, so `cargo test` stays fast; `PROPTEST_CASES=N` runs N cases per
//! property (`scripts/checks/fuzz.sh`). Each property prints how many cases it ran.

use std::fs;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestRunner};
use serde_json::Value;
use tencentcloud_runtime::action::Action;
use tencentcloud_runtime::credentials::ProfileProvider;
use tencentcloud_runtime::regex::Regex;
use tencentcloud_runtime::test_util::{CapturingTransport, Fixture};
use tencentcloud_runtime::{Config as ClientConfig, Credentials, FixedClock, RetryConfig};
use tencentcloud_sdk_tests::{repo_root, NOW, SECRET_ID, SECRET_KEY};

// ---------------------------------------------------------------------------------------
// Running properties

/// Cases per property: `PROPTEST_CASES`, else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Runs `property` on `cases` values of `strategy` (no regression files are written);
/// prints the number of cases run, panics with the minimal failing input.
fn check<S: Strategy>(name: &str, cases: u32, strategy: S, property: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S::Value: std::fmt::Debug,
{
    let config = Config { cases, failure_persistence: None, ..Config::default() };
    let ran = AtomicU64::new(0);
    let result = TestRunner::new(config).run(&strategy, |v| {
        ran.fetch_add(1, Ordering::Relaxed);
        property(v)
    });
    eprintln!("property {name}: {} cases", ran.load(Ordering::Relaxed));
    if let Err(e) = result {
        panic!("property {name} failed: {e}");
    }
}

// ---------------------------------------------------------------------------------------
// Text mutations

/// One edit of a text file.
#[derive(Debug, Clone)]
enum TextEdit {
    /// XOR one byte.
    Flip(Index, u8),
    /// Cut the text at a byte.
    Truncate(Index),
    /// Repeat a line.
    DuplicateLine(Index),
    /// Delete a line.
    DeleteLine(Index),
    /// Exchange two lines.
    SwapLines(Index, Index),
    /// Insert a line (a YAML-ish fragment) before a line.
    InsertLine(Index, String),
    /// Replace a word by another word of the same text (types, names, keys).
    ReplaceWord(Index, Index),
    /// Indent a line by two more spaces, or two fewer.
    Reindent(Index, bool),
    /// Insert deeply nested flow collections (or block sequences) before a line.
    Nest(Index, usize, u8),
}

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "  X: [",
            "&a [*a, *a]",
            "<<: *a",
            "x: !!binary AAAA",
            "- ",
            "    type: [[string]]",
            "    type: [Nope]",
            "{",
            "\t",
            "key: value",
            "~",
            "? complex",
            "---",
            "...",
            "%YAML 1.2",
            "        required: yes",
            "        constraints: [{min: 5, max: 1}]",
            "        constraints: [{pattern: '('}]",
            "        constraints: [{min_length: 18446744073709551615}]",
            "          - min: 1e999",
            "          - max: -9223372036854775809",
            "    rate_limit: 4294967296",
            "    status: weird",
            "\u{feff}BOM",
            "x: \"\\uD800\"",
            "'unterminated",
            "\"unterminated",
            "x: *undefined",
        ])
        .prop_map(str::to_owned),
        "[ -~]{0,40}",
        any::<String>(),
    ]
}

fn text_edit() -> impl Strategy<Value = TextEdit> {
    prop_oneof![
        3 => (any::<Index>(), 1u8..=255).prop_map(|(i, x)| TextEdit::Flip(i, x)),
        1 => any::<Index>().prop_map(TextEdit::Truncate),
        2 => any::<Index>().prop_map(TextEdit::DuplicateLine),
        2 => any::<Index>().prop_map(TextEdit::DeleteLine),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| TextEdit::SwapLines(a, b)),
        2 => (any::<Index>(), fragment()).prop_map(|(i, f)| TextEdit::InsertLine(i, f)),
        4 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| TextEdit::ReplaceWord(a, b)),
        1 => (any::<Index>(), any::<bool>()).prop_map(|(i, more)| TextEdit::Reindent(i, more)),
        1 => (any::<Index>(), prop_oneof![1usize..200, 200usize..20_000], 0u8..3)
            .prop_map(|(i, depth, kind)| TextEdit::Nest(i, depth, kind)),
    ]
}

/// The byte ranges of the lines of `bytes`, each with its newline.
fn line_ranges(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'\n' {
            out.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < bytes.len() {
        out.push((start, bytes.len()));
    }
    out
}

fn nested(depth: usize, kind: u8) -> Vec<u8> {
    match kind {
        0 => format!("x: {}{}\n", "[".repeat(depth), "]".repeat(depth)).into_bytes(),
        1 => format!("x: {}1{}\n", "{a: ".repeat(depth), "}".repeat(depth)).into_bytes(),
        _ => {
            let mut out = b"x:\n".to_vec();
            for d in 0..depth.min(2_000) {
                out.extend(std::iter::repeat_n(b' ', 2 * d + 2));
                out.extend_from_slice(b"- \n");
            }
            out
        }
    }
}

fn apply_edit(bytes: &mut Vec<u8>, edit: &TextEdit) {
    let lines = line_ranges(bytes);
    let line = |i: &Index| if lines.is_empty() { (0, 0) } else { lines[i.index(lines.len())] };
    match edit {
        TextEdit::Flip(i, x) => {
            if !bytes.is_empty() {
                let k = i.index(bytes.len());
                bytes[k] ^= x;
            }
        }
        TextEdit::Truncate(i) => {
            let k = i.index(bytes.len() + 1);
            bytes.truncate(k);
        }
        TextEdit::DuplicateLine(i) => {
            let (s, e) = line(i);
            let copy = bytes[s..e].to_vec();
            bytes.splice(s..s, copy);
        }
        TextEdit::DeleteLine(i) => {
            let (s, e) = line(i);
            bytes.drain(s..e);
        }
        TextEdit::SwapLines(a, b) => {
            let (mut a, mut b) = (line(a), line(b));
            if a.0 > b.0 {
                std::mem::swap(&mut a, &mut b);
            }
            if a.1 <= b.0 {
                let (first, second) = (bytes[a.0..a.1].to_vec(), bytes[b.0..b.1].to_vec());
                bytes.splice(b.0..b.1, first);
                bytes.splice(a.0..a.1, second);
            }
        }
        TextEdit::InsertLine(i, text) => {
            let (s, _) = line(i);
            let mut text = text.clone().into_bytes();
            text.push(b'\n');
            bytes.splice(s..s, text);
        }
        TextEdit::ReplaceWord(a, b) => {
            let text = String::from_utf8_lossy(bytes).into_owned();
            let words: Vec<(usize, &str)> = word_regex().find_iter(&text).map(|m| (m.start(), m.as_str())).collect();
            if !words.is_empty() {
                let (at, old) = words[a.index(words.len())];
                let (_, new) = words[b.index(words.len())];
                let mut out = text[..at].to_owned();
                out.push_str(new);
                out.push_str(&text[at + old.len()..]);
                *bytes = out.into_bytes();
            }
        }
        TextEdit::Reindent(i, more) => {
            let (s, e) = line(i);
            if *more {
                bytes.splice(s..s, *b"  ");
            } else if bytes[s..e].starts_with(b"  ") {
                bytes.drain(s..s + 2);
            }
        }
        TextEdit::Nest(i, depth, kind) => {
            let (s, _) = line(i);
            bytes.splice(s..s, nested(*depth, *kind));
        }
    }
}

fn word_regex() -> &'static Regex {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| Regex::new(r"[A-Za-z_][A-Za-z0-9_.]*|-?[0-9]+").expect("regex"))
}

// ---------------------------------------------------------------------------------------
// The spec loader

/// The small specs whose mutations are loaded: (file under the temp root, source).
const SPECS: [(&str, &str); 5] = [
    ("spec/tmt/v20180321.yaml", "spec/tmt/v20180321.yaml"),
    ("spec/sts/v20180813.yaml", "spec/sts/v20180813.yaml"),
    ("spec/trtc/v20190722.yaml", "tests/fixtures/specs/handwritten/trtc/v20190722.yaml"),
    ("spec/features/v20240101.yaml", "tests/fixtures/specs/features/v20240101.yaml"),
    ("spec/features/v20250101.yaml", "tests/fixtures/specs/features/v20250101.yaml"),
];

/// `text` is an error report of the loader: every line `error: file[:line:col]: ...`,
/// then the count. Returns what is wrong.
fn report_problem(err: &tcgen::Error) -> Option<String> {
    static LINE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    let line = LINE.get_or_init(|| Regex::new(r"^spec(/[A-Za-z0-9._-]+)*(:[1-9][0-9]*:[1-9][0-9]*)?: \S").expect("re"));
    let tcgen::Error::Spec(diagnostics) = err else {
        return Some(format!("not a spec error: {err}"));
    };
    if diagnostics.is_empty() {
        return Some("an empty error report".into());
    }
    for d in &diagnostics.0 {
        let shown = d.to_string();
        if !line.is_match(&shown) || shown.contains('\n') {
            return Some(format!("a malformed error line: {shown:?}"));
        }
    }
    let text = err.to_string();
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() != diagnostics.0.len() + 1 || !lines[..lines.len() - 1].iter().all(|l| l.starts_with("error: spec"))
    {
        return Some(format!("a malformed report: {text:?}"));
    }
    None
}

/// Writes `common.yaml` and the spec `files` into a fresh root and loads it.
fn load_with(files: &[(&str, &[u8])]) -> Result<(), TestCaseError> {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    fs::create_dir_all(root.join("spec")).expect("mkdir");
    fs::copy(repo_root().join("spec/common.yaml"), root.join("spec/common.yaml")).expect("common");
    for (rel, bytes) in files {
        let path = root.join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(&path, bytes).expect("write");
    }
    match tcgen::load(root) {
        Ok(_) => Ok(()),
        Err(e) => match report_problem(&e) {
            None => Ok(()),
            Some(problem) => Err(TestCaseError::fail(problem)),
        },
    }
}

fn read(rel: &str) -> Vec<u8> {
    fs::read(repo_root().join(rel)).expect("read")
}

#[test]
fn the_spec_loader_locates_every_error_in_mutated_specs() {
    let sources: Vec<Vec<u8>> = SPECS.iter().map(|(_, src)| read(src)).collect();
    let strategy = (0..SPECS.len(), prop::collection::vec(text_edit(), 1..6));
    check("the_spec_loader_locates_every_error_in_mutated_specs", cases(48), strategy, |(which, edits)| {
        let mut bytes = sources[which].clone();
        for edit in &edits {
            apply_edit(&mut bytes, edit);
        }
        load_with(&[(SPECS[which].0, &bytes)])
            .map_err(|e| TestCaseError::fail(format!("{e}\nmutated spec:\n{}", String::from_utf8_lossy(&bytes))))
    });
}

#[test]
fn the_spec_loader_locates_every_error_in_mutated_overlays() {
    let spec = read("spec/trtc/v20190722.yaml");
    let overlay = read("spec/trtc/v20190722.overlay.yaml");
    let strategy = prop::collection::vec(text_edit(), 1..6);
    // Each case loads the whole TRTC spec: a tenth of the cases of the others.
    check("the_spec_loader_locates_every_error_in_mutated_overlays", cases(120) / 10, strategy, |edits| {
        let mut bytes = overlay.clone();
        for edit in &edits {
            apply_edit(&mut bytes, edit);
        }
        load_with(&[("spec/trtc/v20190722.yaml", &spec), ("spec/trtc/v20190722.overlay.yaml", &bytes)])
            .map_err(|e| TestCaseError::fail(format!("{e}\nmutated overlay:\n{}", String::from_utf8_lossy(&bytes))))
    });
}

#[test]
fn the_spec_loader_locates_every_error_in_arbitrary_text() {
    let strategy = (
        prop_oneof![
            any::<String>().prop_map(String::into_bytes),
            prop::collection::vec(any::<u8>(), 0..300),
            prop::collection::vec(fragment(), 0..20).prop_map(|l| l.join("\n").into_bytes()),
        ],
        any::<bool>(),
    );
    check("the_spec_loader_locates_every_error_in_arbitrary_text", cases(64), strategy, |(bytes, as_common)| {
        if as_common {
            // Arbitrary text as common.yaml, beside a valid spec.
            let tmt = read("spec/tmt/v20180321.yaml");
            let tmp = tempfile::tempdir().expect("tempdir");
            fs::create_dir_all(tmp.path().join("spec/tmt")).expect("mkdir");
            fs::write(tmp.path().join("spec/common.yaml"), &bytes).expect("write");
            fs::write(tmp.path().join("spec/tmt/v20180321.yaml"), tmt).expect("write");
            return match tcgen::load(tmp.path()).err().and_then(|e| report_problem(&e)) {
                None => Ok(()),
                Some(p) => Err(TestCaseError::fail(p)),
            };
        }
        load_with(&[("spec/tmt/v20180321.yaml", &bytes)])
    });
}

// ---------------------------------------------------------------------------------------
// JSON mutations

/// One edit of a JSON document, at the node with the given pre-order position.
#[derive(Debug, Clone)]
enum JsonEdit {
    /// Replace the node by a value of some type.
    Replace(Index, Value),
    /// Replace the node by a number too big for any Rust number type (written verbatim).
    Huge(Index, &'static str),
    /// Drop a key of the node (if an object).
    DropKey(Index, Index),
    /// Add a key to the node (if an object).
    AddKey(Index, String, Value),
    /// Wrap the node in an array.
    Wrap(Index),
    /// Replace the node by one of its children (if any).
    Hoist(Index, Index),
    /// Give the value of a key (any key of any object) another type.
    Retype(Index, u8),
}

/// What [`JsonEdit::Retype`] sets a value to.
fn retyped(k: u8) -> Value {
    match k % 9 {
        0 => Value::Null,
        1 => Value::Bool(true),
        2 => Value::from(0),
        3 => Value::from(-1),
        4 => Value::from(""),
        5 => Value::Array(vec![]),
        6 => Value::Object(serde_json::Map::new()),
        7 => Value::from(1e300),
        _ => Value::from("x"),
    }
}

/// The number of object entries in `v`.
fn count_entries(v: &Value) -> usize {
    match v {
        Value::Array(a) => a.iter().map(count_entries).sum(),
        Value::Object(o) => o.values().map(|x| 1 + count_entries(x)).sum(),
        _ => 0,
    }
}

/// Sets the value of the `n`th object entry of `v` (in pre-order) to `new`; returns how
/// many entries were passed when it is not in `v`.
fn set_entry(v: &mut Value, n: usize, new: &Value) -> Result<(), usize> {
    let mut seen = 0;
    let children: Vec<(bool, &mut Value)> = match v {
        Value::Array(a) => a.iter_mut().map(|x| (false, x)).collect(),
        Value::Object(o) => o.values_mut().map(|x| (true, x)).collect(),
        _ => return Err(0),
    };
    for (is_entry, child) in children {
        if is_entry {
            if seen == n {
                *child = new.clone();
                return Ok(());
            }
            seen += 1;
        }
        match set_entry(child, n - seen, new) {
            Ok(()) => return Ok(()),
            Err(passed) => seen += passed,
        }
    }
    Err(seen)
}

/// Marks where [`JsonEdit::Huge`] numbers go in the written text.
const HUGE_MARK: &str = "\u{1}huge\u{1}";

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        prop::sample::select(vec![0i64, -1, 1, i64::MIN, i64::MAX, u32::MAX as i64 + 1, -(u32::MAX as i64)])
            .prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f).map(Value::Number)),
        Just(Value::from(1.5)),
        any::<String>().prop_map(Value::String),
        "[ -~]{0,12}".prop_map(Value::String),
        prop::sample::select(vec!["", "0", "1", "true", "null", "2020-05-21 13:00:00", "2020-05-21T13:00:00Z", "AAAA"])
            .prop_map(Value::from),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    json_leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(("[A-Z][A-Za-z]{0,8}", inner), 0..4)
                .prop_map(|e| Value::Object(e.into_iter().collect())),
        ]
    })
}

fn json_edit() -> impl Strategy<Value = JsonEdit> {
    prop_oneof![
        4 => (any::<Index>(), json_value()).prop_map(|(i, v)| JsonEdit::Replace(i, v)),
        1 => (
            any::<Index>(),
            prop::sample::select(vec![
                "1e400",
                "-1e400",
                "18446744073709551616",
                "-9223372036854775809",
                "123456789012345678901234567890",
                "1.7976931348623157e309",
                "0.000000000000000000000000000000000000000000001e-400",
                "-0",
            ])
        )
            .prop_map(|(i, n)| JsonEdit::Huge(i, n)),
        3 => (any::<Index>(), any::<Index>()).prop_map(|(i, k)| JsonEdit::DropKey(i, k)),
        1 => (any::<Index>(), "[A-Z][A-Za-z]{0,10}", json_value()).prop_map(|(i, k, v)| JsonEdit::AddKey(i, k, v)),
        1 => any::<Index>().prop_map(JsonEdit::Wrap),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(i, c)| JsonEdit::Hoist(i, c)),
        4 => (any::<Index>(), any::<u8>()).prop_map(|(i, k)| JsonEdit::Retype(i, k)),
    ]
}

fn count_nodes(v: &Value) -> usize {
    1 + match v {
        Value::Array(a) => a.iter().map(count_nodes).sum(),
        Value::Object(o) => o.values().map(count_nodes).sum(),
        _ => 0,
    }
}

/// The node at pre-order position `n` (0 is `v` itself).
fn node_mut(v: &mut Value, n: usize) -> Option<&mut Value> {
    if n == 0 {
        return Some(v);
    }
    let mut n = n - 1;
    let children: Vec<&mut Value> = match v {
        Value::Array(a) => a.iter_mut().collect(),
        Value::Object(o) => o.values_mut().collect(),
        _ => return None,
    };
    for child in children {
        let size = count_nodes(child);
        if n < size {
            return node_mut(child, n);
        }
        n -= size;
    }
    None
}

fn apply_json_edit(v: &mut Value, edit: &JsonEdit) {
    if let JsonEdit::Retype(i, k) = edit {
        let n = count_entries(v);
        if n > 0 {
            let _ = set_entry(v, i.index(n), &retyped(*k));
        }
        return;
    }
    let at = |i: &Index, v: &Value| i.index(count_nodes(v));
    let n = match edit {
        JsonEdit::Replace(i, _)
        | JsonEdit::Huge(i, _)
        | JsonEdit::DropKey(i, _)
        | JsonEdit::AddKey(i, _, _)
        | JsonEdit::Wrap(i)
        | JsonEdit::Hoist(i, _)
        | JsonEdit::Retype(i, _) => at(i, v),
    };
    let Some(node) = node_mut(v, n) else { return };
    match edit {
        JsonEdit::Replace(_, new) => *node = new.clone(),
        JsonEdit::Retype(..) => {}
        JsonEdit::Huge(_, text) => *node = Value::String(format!("{HUGE_MARK}{text}{HUGE_MARK}")),
        JsonEdit::DropKey(_, k) => {
            if let Value::Object(o) = node {
                if !o.is_empty() {
                    let key = o.keys().nth(k.index(o.len())).cloned().expect("key");
                    o.shift_remove(&key);
                }
            }
        }
        JsonEdit::AddKey(_, key, value) => {
            if let Value::Object(o) = node {
                o.insert(key.clone(), value.clone());
            }
        }
        JsonEdit::Wrap(_) => *node = Value::Array(vec![node.take()]),
        JsonEdit::Hoist(_, c) => {
            let child = match node {
                Value::Array(a) if !a.is_empty() => {
                    let i = c.index(a.len());
                    Some(a[i].take())
                }
                Value::Object(o) if !o.is_empty() => {
                    let i = c.index(o.len());
                    o.values_mut().nth(i).map(Value::take)
                }
                _ => None,
            };
            if let Some(child) = child {
                *node = child;
            }
        }
    }
}

/// `v` as JSON text, with the huge numbers written verbatim.
fn json_text(v: &Value, pretty: bool) -> String {
    let text = if pretty { serde_json::to_string_pretty(v) } else { serde_json::to_string(v) }.expect("json");
    let mark = serde_json::to_string(HUGE_MARK).expect("json");
    let mark = &mark[1..mark.len() - 1];
    let re = Regex::new(&format!("\"{}([^\"]*){}\"", regex_escape(mark), regex_escape(mark))).expect("re");
    re.replace_all(&text, "$1").into_owned()
}

fn regex_escape(s: &str) -> String {
    tencentcloud_runtime::regex::escape(s)
}

// ---------------------------------------------------------------------------------------
// The importer

const TMT_SOURCE: &str = "spec/tmt/source/v20180321";

#[test]
fn the_importer_reports_failures_on_mutated_descriptions() {
    let api: Value = serde_json::from_slice(&read(&format!("{TMT_SOURCE}/api.json"))).expect("api.json");
    let examples: Value = serde_json::from_slice(&read(&format!("{TMT_SOURCE}/examples.json"))).expect("examples");
    let strategy = (any::<bool>(), prop::collection::vec(json_edit(), 1..5), any::<bool>());
    check(
        "the_importer_reports_failures_on_mutated_descriptions",
        cases(24),
        strategy,
        |(in_api, edits, then_load)| {
            let mut api = api.clone();
            let mut examples = examples.clone();
            let target = if in_api { &mut api } else { &mut examples };
            for edit in &edits {
                apply_json_edit(target, edit);
            }
            let src = tempfile::tempdir().expect("tempdir");
            let dir = src.path().join("v20180321");
            fs::create_dir_all(&dir).expect("mkdir");
            fs::copy(repo_root().join(TMT_SOURCE).join("PROVENANCE"), dir.join("PROVENANCE")).expect("provenance");
            fs::write(dir.join("api.json"), json_text(&api, true)).expect("write");
            fs::write(dir.join("examples.json"), json_text(&examples, true)).expect("write");
            let tmp = tempfile::tempdir().expect("tempdir");
            fs::create_dir_all(tmp.path().join("spec")).expect("mkdir");
            fs::copy(repo_root().join("spec/common.yaml"), tmp.path().join("spec/common.yaml")).expect("common");
            let summary = tcgen::import::import(tmp.path(), &[dir], &Default::default())
                .map_err(|e| TestCaseError::fail(format!("the import itself failed: {e}")))?;
            prop_assert!(summary.services + summary.failures.len() == 1, "one service imported or failed: {summary:?}");
            if summary.failures.is_empty() && then_load {
                // What the importer writes, the loader reads: accepted, or refused with
                // located errors, never a panic.
                if let Err(e) = tcgen::load(tmp.path()) {
                    if let Some(problem) = report_problem(&e) {
                        return Err(TestCaseError::fail(problem));
                    }
                }
            }
            Ok(())
        },
    );
}

// ---------------------------------------------------------------------------------------
// Response decoders and the error envelope

/// Sends `request` through the TRTC client to a transport answering `status` and `body`;
/// the outcome as text (which also runs the errors' `Display` and `Debug`).
async fn call<A: Action>(request: A, status: u16, body: Vec<u8>) -> String {
    let transport = CapturingTransport::new().with_response(status, body);
    let config = ClientConfig::builder()
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .region("ap-guangzhou")
        .transport(Arc::new(transport))
        .clock(Arc::new(FixedClock::new(NOW)))
        .retry(RetryConfig::disabled())
        .validation(false)
        .rate_limiting(false)
        .build()
        .expect("config");
    let client = tencentcloud_trtc::v20190722::Client::new(config);
    match client.execute(&request).await {
        Ok(output) => format!("ok: {}", serde_json::to_string(&output).expect("an output serializes")),
        Err(e) => format!("error: {e} / {e:?}"),
    }
}

macro_rules! operations {
    ($($module:ident::$ty:ident,)*) => {
        /// Calls `action` with the request `body` against a reply; `None` if the action
        /// is unknown or the body is not a request of it.
        fn run(rt: &tokio::runtime::Runtime, action: &str, body: &Value, status: u16, reply: Vec<u8>) -> Option<String> {
            $(
                if stringify!($ty).strip_suffix("Request") == Some(action) {
                    let request: tencentcloud_trtc::v20190722::operation::$module::$ty = serde_json::from_value(body.clone()).ok()?;
                    return Some(rt.block_on(call(request, status, reply)));
                }
            )*
            None
        }
    };
}

operations! {
    control_ai_conversation::ControlAIConversationRequest,
    create_cloud_moderation::CreateCloudModerationRequest,
    create_cloud_recording::CreateCloudRecordingRequest,
    create_cloud_slice_task::CreateCloudSliceTaskRequest,
    create_cloud_transcription::CreateCloudTranscriptionRequest,
    delete_cloud_moderation::DeleteCloudModerationRequest,
    delete_cloud_recording::DeleteCloudRecordingRequest,
    delete_cloud_slice_task::DeleteCloudSliceTaskRequest,
    delete_cloud_transcription::DeleteCloudTranscriptionRequest,
    describe_ai_conversation::DescribeAIConversationRequest,
    describe_ai_transcription::DescribeAITranscriptionRequest,
    describe_call_detail_info::DescribeCallDetailInfoRequest,
    describe_cloud_moderation::DescribeCloudModerationRequest,
    describe_cloud_recording::DescribeCloudRecordingRequest,
    describe_cloud_slice_task::DescribeCloudSliceTaskRequest,
    describe_cloud_transcription::DescribeCloudTranscriptionRequest,
    describe_mix_transcoding_usage::DescribeMixTranscodingUsageRequest,
    describe_recording_usage::DescribeRecordingUsageRequest,
    describe_relay_usage::DescribeRelayUsageRequest,
    describe_room_info::DescribeRoomInfoRequest,
    describe_scale_info::DescribeScaleInfoRequest,
    describe_stream_ingest::DescribeStreamIngestRequest,
    describe_trtc_market_quality_data::DescribeTRTCMarketQualityDataRequest,
    describe_trtc_market_scale_data::DescribeTRTCMarketScaleDataRequest,
    describe_trtc_real_time_quality_data::DescribeTRTCRealTimeQualityDataRequest,
    describe_trtc_real_time_scale_data::DescribeTRTCRealTimeScaleDataRequest,
    describe_trtc_room_usage::DescribeTrtcRoomUsageRequest,
    describe_trtc_usage::DescribeTrtcUsageRequest,
    describe_unusual_event::DescribeUnusualEventRequest,
    describe_user_event::DescribeUserEventRequest,
    describe_user_info::DescribeUserInfoRequest,
    describe_web_record::DescribeWebRecordRequest,
    dismiss_room::DismissRoomRequest,
    dismiss_room_by_str_room_id::DismissRoomByStrRoomIdRequest,
    modify_cloud_moderation::ModifyCloudModerationRequest,
    modify_cloud_recording::ModifyCloudRecordingRequest,
    modify_cloud_slice_task::ModifyCloudSliceTaskRequest,
    query_ai_message_list::QueryAIMessageListRequest,
    remove_user::RemoveUserRequest,
    remove_user_by_str_room_id::RemoveUserByStrRoomIdRequest,
    set_user_blocked::SetUserBlockedRequest,
    set_user_blocked_by_str_room_id::SetUserBlockedByStrRoomIdRequest,
    start_ai_conversation::StartAIConversationRequest,
    start_ai_transcription::StartAITranscriptionRequest,
    start_publish_cdn_stream::StartPublishCdnStreamRequest,
    start_stream_ingest::StartStreamIngestRequest,
    start_web_record::StartWebRecordRequest,
    stop_ai_conversation::StopAIConversationRequest,
    stop_ai_transcription::StopAITranscriptionRequest,
    stop_publish_cdn_stream::StopPublishCdnStreamRequest,
    stop_stream_ingest::StopStreamIngestRequest,
    stop_web_record::StopWebRecordRequest,
    text_to_speech::TextToSpeechRequest,
    text_to_speech_sse::TextToSpeechSSERequest,
    update_ai_conversation::UpdateAIConversationRequest,
    update_publish_cdn_stream::UpdatePublishCdnStreamRequest,
    update_stream_ingest::UpdateStreamIngestRequest,
    voice_clone::VoiceCloneRequest,
}

/// A recorded exchange: the action, its request body, the recorded status and reply.
#[derive(Debug, Clone)]
struct Recorded {
    name: String,
    action: String,
    request: Value,
    status: u16,
    reply: Value,
}

/// Every recorded TRTC exchange whose request is a request of its action.
fn recorded(rt: &tokio::runtime::Runtime) -> Vec<Recorded> {
    let dir = repo_root().join("tests/fixtures/trtc/v20190722");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir).expect("fixtures").map(|e| e.expect("entry").path()).collect();
    files.sort();
    let mut out = Vec::new();
    for path in &files {
        let fixture = Fixture::load(path).expect("fixture");
        let exchange = &fixture.exchanges[0];
        let Some(reply) = exchange.response.body.clone() else { continue };
        let action = exchange.request.action.clone();
        let ok = run(rt, &action, &exchange.request.body, 200, b"{}".to_vec()).is_some();
        if ok {
            let name = path.file_name().expect("name").to_string_lossy().into_owned();
            out.push(Recorded {
                name,
                action,
                request: exchange.request.body.clone(),
                status: exchange.response.status,
                reply,
            });
        }
    }
    assert!(out.len() * 10 >= files.len() * 8, "most fixtures are usable: {} of {}", out.len(), files.len());
    out
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().start_paused(true).build().expect("runtime")
}

fn status() -> impl Strategy<Value = Option<u16>> {
    prop_oneof![
        4 => Just(None),
        2 => Just(Some(200)),
        2 => prop::sample::select(vec![400u16, 401, 403, 404, 429, 500, 502, 503, 504, 301, 302, 304, 204, 100]).prop_map(Some),
        1 => (100u16..=999).prop_map(Some),
    ]
}

#[test]
fn decoders_never_panic_on_mutated_recorded_replies() {
    let rt = runtime();
    let exchanges = recorded(&rt);
    let strategy = (any::<Index>(), prop::collection::vec(json_edit(), 0..5), status(), any::<bool>());
    check(
        "decoders_never_panic_on_mutated_recorded_replies",
        cases(128),
        strategy,
        |(which, edits, status, pretty)| {
            let exchange = &exchanges[which.index(exchanges.len())];
            let mut reply = exchange.reply.clone();
            for edit in &edits {
                apply_json_edit(&mut reply, edit);
            }
            let body = json_text(&reply, pretty).into_bytes();
            let outcome = run(&rt, &exchange.action, &exchange.request, status.unwrap_or(exchange.status), body);
            prop_assert!(outcome.is_some(), "{} ran", exchange.name);
            Ok(())
        },
    );
}

#[test]
fn decoders_never_panic_on_byte_mutations_of_recorded_replies() {
    let rt = runtime();
    let exchanges = recorded(&rt);
    let strategy = (any::<Index>(), prop::collection::vec(text_edit(), 1..4), status());
    check(
        "decoders_never_panic_on_byte_mutations_of_recorded_replies",
        cases(64),
        strategy,
        |(which, edits, status)| {
            let exchange = &exchanges[which.index(exchanges.len())];
            let mut body = serde_json::to_string_pretty(&exchange.reply).expect("json").into_bytes();
            for edit in &edits {
                apply_edit(&mut body, edit);
            }
            let outcome = run(&rt, &exchange.action, &exchange.request, status.unwrap_or(exchange.status), body);
            prop_assert!(outcome.is_some(), "{} ran", exchange.name);
            Ok(())
        },
    );
}

/// A reply shaped like an envelope: `{"Response": {...}}` with the result's field names
/// or an `Error`, holding arbitrary values.
fn envelope() -> impl Strategy<Value = Value> {
    let field = prop::sample::select(vec![
        "RequestId",
        "Error",
        "Code",
        "Message",
        "Total",
        "UserList",
        "RoomStr",
        "UserId",
        "JoinTs",
        "Finished",
        "Data",
        "TaskId",
        "Status",
        "Response",
    ]);
    let error = (
        prop_oneof![
            json_leaf(),
            prop::sample::select(vec![
                "InvalidParameter",
                "InvalidParameter.SdkAppId",
                "RequestLimitExceeded",
                "InternalError.DBError",
                "AuthFailure.SignatureFailure",
                "",
                ".",
                "Unhandled",
            ])
            .prop_map(Value::from),
        ],
        json_leaf(),
    )
        .prop_map(|(code, message)| serde_json::json!({"Code": code, "Message": message}))
        .boxed();
    let body = prop::collection::vec((field, prop_oneof![json_value(), error.clone()]), 0..6)
        .prop_map(|e| Value::Object(e.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()));
    prop_oneof![
        body.clone().prop_map(|b| serde_json::json!({ "Response": b })),
        (error, json_leaf()).prop_map(|(e, id)| serde_json::json!({"Response": {"Error": e, "RequestId": id}})),
        json_value(),
    ]
}

#[test]
fn decoders_never_panic_on_arbitrary_replies() {
    let rt = runtime();
    let exchanges = recorded(&rt);
    let strategy = (any::<Index>(), envelope(), status());
    check("decoders_never_panic_on_arbitrary_replies", cases(128), strategy, |(which, reply, status)| {
        let exchange = &exchanges[which.index(exchanges.len())];
        let body = json_text(&reply, false).into_bytes();
        let outcome = run(&rt, &exchange.action, &exchange.request, status.unwrap_or(200), body);
        prop_assert!(outcome.is_some(), "{} ran", exchange.name);
        Ok(())
    });
}

// ---------------------------------------------------------------------------------------
// The credentials profile file

fn profile(text: &[u8], name: &str) -> Result<Credentials, String> {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = tmp.path().join("credentials");
    fs::write(&path, text).expect("write");
    ProfileProvider::with_paths([path]).profile(name).load().map_err(|e| e.to_string())
}

#[test]
fn the_profile_parser_never_panics_on_arbitrary_text() {
    let line = prop_oneof![
        "[ -~]{0,30}",
        "\\[ {0,3}[a-z]{0,8} {0,3}\\]",
        "[ \t]{0,2}[a-z_]{1,10}[ \t]{0,2}=[ \t]{0,2}[ -~]{0,10}",
        any::<String>(),
        prop::sample::select(vec![
            "[default]",
            "[",
            "]",
            "[]",
            "[ default ]",
            "secret_id",
            "secret_id=",
            "= x",
            "secret_key = = =",
            "token=",
            "#",
            ";",
            "\r",
            "\u{feff}[default]",
            "[default",
            "default]",
        ])
        .prop_map(str::to_owned),
    ];
    let strategy = (
        prop_oneof![
            prop::collection::vec(line, 0..12).prop_map(|l| l.join("\n").into_bytes()),
            prop::collection::vec(any::<u8>(), 0..200),
        ],
        prop_oneof![Just("default".to_owned()), "[ -~]{0,8}".boxed(), any::<String>().boxed()],
    );
    check("the_profile_parser_never_panics_on_arbitrary_text", cases(256), strategy, |(text, name)| {
        if let Ok(creds) = profile(&text, &name) {
            prop_assert!(!creds.secret_id().is_empty() && !creds.secret_key().is_empty());
        }
        Ok(())
    });
}

#[test]
fn a_well_formed_profile_is_found_among_other_lines() {
    let junk = prop::collection::vec(
        prop_oneof![
            "[#;][ -~]{0,20}",
            "[a-z_]{1,10} ?= ?[ -~]{0,10}".prop_filter("not a key of ours", |l| {
                !["secret_id", "secret_key", "token"].iter().any(|k| l.split('=').next().unwrap_or("").trim() == *k)
            }),
            Just(String::new()),
        ],
        0..4,
    );
    // Before the first section only comments and blank lines: configparser refuses a key
    // there, and so does the provider (a malformed file is an error).
    let comments = prop::collection::vec(prop_oneof!["[#;][ -~]{0,20}", Just(String::new())], 0..4);
    let strategy = (
        "[A-Za-z0-9]{1,36}",
        "[A-Za-z0-9]{1,32}",
        prop::option::of("[A-Za-z0-9]{1,64}"),
        comments,
        junk,
        "[a-z]{1,8}",
        any::<bool>(),
    );
    check(
        "a_well_formed_profile_is_found_among_other_lines",
        cases(128),
        strategy,
        |(id, key, token, before, inside, other, crlf)| {
            let mut lines = before.clone();
            lines.push(format!("[{other}x]"));
            lines.push("secret_id = wrong".into());
            lines.push(" [ default ] ".into());
            lines.extend(inside.iter().cloned());
            lines.push(format!("secret_id={id}"));
            lines.push(format!("  secret_key =  {key}  "));
            if let Some(token) = &token {
                lines.push(format!("token = {token}"));
            }
            let text = lines.join(if crlf { "\r\n" } else { "\n" });
            let creds = profile(text.as_bytes(), "default").map_err(TestCaseError::fail)?;
            prop_assert_eq!(creds.secret_id(), id.as_str(), "{}", text);
            prop_assert_eq!(creds.secret_key(), key.as_str(), "{}", text);
            prop_assert_eq!(creds.token(), token.as_deref(), "{}", text);
            Ok(())
        },
    );
}
