//! The generator against hostile or broken input and concurrent runs: nothing is ever
//! written outside `generated/`, no spec value forges a line of a generated header or
//! manifest, pathological YAML gives located errors instead of crashing, concurrent
//! runs and an interrupted swap leave a complete tree, and the model-graph checks hold
//! at scale.

use std::fs;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tcgen::FileSet;
mod common;
use common::{copy_dir, repo_root, tree};

/// The hand-written DescribeUserInfo spec (every fact in one file).
const HANDWRITTEN: &str = "tests/fixtures/specs/handwritten/trtc/v20190722.yaml";
/// Where a test tree holds it.
const SPEC: &str = "spec/trtc/v20190722.yaml";

/// A tree with `spec/common.yaml`, the templates, `runtime/Cargo.toml` and the
/// hand-written TRTC spec only.
fn handwritten_tree() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = repo_root();
    let dst = tmp.path();
    fs::create_dir_all(dst.join("spec/trtc")).expect("mkdir");
    fs::copy(root.join("spec/common.yaml"), dst.join("spec/common.yaml")).expect("copy");
    fs::copy(root.join(HANDWRITTEN), dst.join(SPEC)).expect("copy");
    copy_dir(&root.join("templates"), &dst.join("templates"));
    fs::create_dir_all(dst.join("runtime")).expect("mkdir");
    fs::copy(root.join("runtime/Cargo.toml"), dst.join("runtime/Cargo.toml")).expect("copy");
    tmp
}

/// The names directly under `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> =
        fs::read_dir(dir).expect("read_dir").map(|e| e.expect("entry").file_name().to_string_lossy().into()).collect();
    out.sort();
    out
}

/// The 1-based line of the first line of `text` containing `needle`.
fn line_in(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).expect("needle present") + 1
}

/// Writes `text` as the TRTC spec of `tmp` and runs `generate`; on an error, checks that
/// `generated/` and the root's entries are as they were.
fn generate_with(tmp: &tempfile::TempDir, text: &[u8]) -> Result<usize, String> {
    fs::write(tmp.path().join(SPEC), text).expect("write");
    let before = (tree(&tmp.path().join("generated")), names(tmp.path()));
    let result = tcgen::generate(tmp.path()).map_err(|e| e.to_string());
    if result.is_err() {
        let after = (tree(&tmp.path().join("generated")), names(tmp.path()));
        assert!(before == after, "a refused spec changes nothing");
    }
    result
}

fn handwritten_text() -> String {
    fs::read_to_string(repo_root().join(HANDWRITTEN)).expect("read")
}

// ---------------------------------------------------------------------------------------
// 1. Nothing written outside generated/.

#[test]
fn crate_names_without_a_proper_directory_are_located_errors() {
    let tmp = handwritten_tree();
    tcgen::generate(tmp.path()).expect("the hand-written spec generates");
    let base = handwritten_text();
    let line = line_in(&base, "crate: tencentcloud-trtc");
    for bad in [
        "tencentcloud-",
        "",
        "..",
        "tencentcloud-..",
        "tencentcloud-../x",
        "../x",
        "/tmp/x",
        "tencentcloud--x",
        "tencentcloud-_x",
        "-x",
        "Trtc",
        "tencentcloud-runtime",
        "a\n[evil]",
    ] {
        let yaml = serde_json::to_string(bad).expect("json");
        let text = base.replacen("crate: tencentcloud-trtc", &format!("crate: {yaml}"), 1);
        let err = generate_with(&tmp, text.as_bytes()).expect_err(&format!("crate {bad:?} is refused"));
        assert!(err.contains(&format!("{SPEC}:{line}:")), "{bad:?}: located: {err}");
        assert!(err.contains("service.crate"), "{bad:?}: names the field: {err}");
        assert!(!err.contains("[evil]\n"), "{bad:?}: the report forges no line: {err}");
    }
    assert_eq!(names(&tmp.path().join("generated")), ["cli", "trtc"]);
}

#[test]
fn spec_directories_and_files_with_odd_names_are_reported() {
    for (dir, file) in [
        ("bad\nname", "v20190722.yaml"),
        ("has space", "v20190722.yaml"),
        ("a..b", "v20190722.yaml"),
        ("Upper", "v20190722.yaml"),
        ("trtc", "v1\n# injected.yaml"),
        ("trtc", "v 1.yaml"),
    ] {
        let tmp = handwritten_tree();
        let d = tmp.path().join("spec").join(dir);
        fs::create_dir_all(&d).expect("mkdir");
        let text = handwritten_text().replacen("crate: tencentcloud-trtc", "crate: tencentcloud-other", 1);
        fs::write(d.join(file), text).expect("write");
        let err = tcgen::generate(tmp.path()).expect_err(&format!("{dir:?}/{file:?} is reported")).to_string();
        let shown = format!("spec/{}", dir.escape_debug());
        assert!(err.contains(&shown), "{dir:?}/{file:?}: names it escaped: {err}");
        assert!(
            err.contains("a spec directory is named after its service") || err.contains("a spec file name is"),
            "{dir:?}/{file:?}: {err}"
        );
        assert!(!err.contains("\n# injected"), "{err}");
        assert!(!tmp.path().join("generated").exists(), "nothing generated");
    }
}

/// The first two lines of every generated file are its header, whatever the spec file
/// is called; and the README's HTML comment is closed only where the header ends.
#[test]
fn no_spec_file_name_adds_a_line_to_the_headers() {
    let tmp = handwritten_tree();
    let mut services = tcgen::load(tmp.path()).expect("load");
    services[0].spec_file = "spec/trtc/x\n[evil]\r\n-->\u{2028}\u{7f}.yaml".into();
    let files = tcgen::render_services(tmp.path(), &services).expect("render");
    for (path, text) in &files {
        let lines: Vec<&str> = text.lines().collect();
        let at = usize::from(path.ends_with("README.md"));
        // The command line's files come from every spec, not from this one.
        let from_this_spec = !path.starts_with("cli/");
        assert!(
            lines[at].contains("@generated by tcgen") && (!from_this_spec || lines[at].ends_with("and templates/.")),
            "{path}: {text}"
        );
        assert!(lines[at + 1].contains("Do not edit"), "{path}: {text}");
        assert!(!text.contains("[evil]\r") && !text.lines().any(|l| l == "[evil]"), "{path}");
        assert!(!text.contains('\u{7f}') && !text.contains('\u{2028}'), "{path}");
        if path.ends_with("README.md") {
            assert_eq!(text.matches("-->").count(), 1, "{path}: {text}");
        }
    }
}

/// What the Cargo.toml template writes raw is refused unless it has its proper shape,
/// and no text with a control character reaches the manifest. (The crate and service
/// names are checked names, `ir::CrateName` and `ir::ServiceName`: no other can be set.)
#[test]
fn manifest_values_are_validated() {
    let tmp = handwritten_tree();
    let services = tcgen::load(tmp.path()).expect("load");
    type Edit = fn(&mut tcgen::ir::Service);
    let edits: [(&str, Edit); 2] =
        [("title", |s| s.title = "TRTC\u{7f}".into()), ("version", |s| s.version = "2019-07-22\u{0}".into())];
    for (what, edit) in edits {
        let mut bad = services.clone();
        edit(&mut bad[0]);
        let err = tcgen::render_services(tmp.path(), &bad).expect_err(what).to_string();
        assert!(err.contains("cannot be written to a manifest"), "{what}: {err}");
        assert!(!err.contains("\n[evil]"), "{what}: {err}");
    }
    // The runtime's version is written raw too.
    let manifest = tmp.path().join("runtime/Cargo.toml");
    let text = fs::read_to_string(&manifest).expect("read");
    let version = text.lines().find(|l| l.starts_with("version")).expect("version line").to_owned();
    fs::write(&manifest, text.replacen(&version, "version = \"0.1.0\\\", evil = \\\"1\"", 1)).expect("write");
    let err = tcgen::render(tmp.path()).map(|_| ()).expect_err("refused").to_string();
    assert!(err.contains("is not a version"), "{err}");
}

#[test]
fn control_characters_in_title_or_endpoint_are_located_errors() {
    let tmp = handwritten_tree();
    let base = handwritten_text();
    let title = "title: Tencent Real-Time Communication (TRTC)";
    let err = generate_with(&tmp, base.replacen(title, "title: \"TRTC\\x7f\\r\"", 1).as_bytes()).expect_err("title");
    assert!(err.contains(&format!("{SPEC}:{}:", line_in(&base, title))), "{err}");
    assert!(err.contains("service.title"), "{err}");
    let endpoint = "endpoint: trtc.tencentcloudapi.com";
    let err = generate_with(&tmp, base.replacen(endpoint, "endpoint: \"trtc\\x01.example\"", 1).as_bytes())
        .expect_err("endpoint");
    assert!(err.contains(&format!("{SPEC}:{}:", line_in(&base, endpoint))), "{err}");
    assert!(err.contains("service.endpoint"), "{err}");
}

// ---------------------------------------------------------------------------------------
// 2. Pathological YAML: located errors, never a crash.

#[test]
fn deep_flow_nesting_is_a_located_error() {
    let tmp = handwritten_tree();
    let text = format!("service: {}", "[".repeat(100_000));
    let err = generate_with(&tmp, text.as_bytes()).expect_err("refused");
    // On one line, the YAML scanner meets its own limit (255 levels) first.
    assert!(err.contains(&format!("{SPEC}:1:")), "{err}");
    assert!(err.contains("nest more than 64 levels"), "{err}");
}

#[test]
fn deep_block_nesting_is_a_located_error() {
    let tmp = handwritten_tree();
    let text = format!("service:\n  doc:\n    {}x\n", "- ".repeat(100_000));
    let err = generate_with(&tmp, text.as_bytes()).expect_err("refused");
    assert!(err.contains(&format!("{SPEC}:3:")), "{err}");
    assert!(err.contains("nest more than 64 levels"), "{err}");
    let text = format!("service:\n{}x\n", "{a: ".repeat(100_000));
    let err = generate_with(&tmp, text.as_bytes()).expect_err("refused");
    assert!(err.contains(&format!("{SPEC}:2:")), "{err}");
    assert!(err.contains("nest more than 64 levels"), "{err}");
}

#[test]
fn nesting_within_the_limit_still_loads_as_before() {
    let tmp = handwritten_tree();
    // 60 levels of lists in a note: deep, legal YAML, and a field serde takes as text
    // only, so the spec's own error names the field, not the depth.
    let base = handwritten_text();
    let text = base.replacen(
        "    title: Queries the user list\n",
        &format!("    title: Queries the user list\n    bogus: {}{}\n", "[".repeat(60), "]".repeat(60)),
        1,
    );
    let err = generate_with(&tmp, text.as_bytes()).expect_err("an unknown field");
    assert!(err.contains("unknown field `bogus`"), "{err}");
    assert!(!err.contains("nest"), "{err}");
}

#[test]
fn a_file_that_is_not_utf8_is_located() {
    let tmp = handwritten_tree();
    let base = handwritten_text();
    let needle = "  name: trtc";
    let line = line_in(&base, needle);
    let mut bytes = base.replacen(needle, "  name: tr\u{e9}\u{0}tc", 1).into_bytes();
    let zero = bytes.iter().position(|b| *b == 0).expect("marker");
    bytes[zero] = 0xff;
    let err = generate_with(&tmp, &bytes).expect_err("refused");
    // `  name: tré` is 11 characters: the bad byte is in column 12.
    assert!(err.contains(&format!("{SPEC}:{line}:12: not UTF-8")), "{err}");
}

#[test]
fn a_second_document_is_located() {
    let tmp = handwritten_tree();
    let base = handwritten_text();
    let text = format!("{base}---\nservice: {{}}\n");
    let err = generate_with(&tmp, text.as_bytes()).expect_err("refused");
    let line = base.lines().count() + 1;
    assert!(err.contains(&format!("{SPEC}:{line}:")), "{err}");
    assert!(err.contains("one YAML document"), "{err}");
    assert!(err.contains("1 error(s)"), "{err}");
}

#[test]
fn anchors_and_aliases_are_refused_where_they_are() {
    let tmp = handwritten_tree();
    let base = handwritten_text();
    // A billion laughs (kept small) as a field's default, a free-form value: each level
    // repeats the one before nine times.
    let mut bomb = String::from("&a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]");
    for i in 1..6 {
        bomb.push_str(&format!(", &a{i} [{}]", vec![format!("*a{}", i - 1); 9].join(", ")));
    }
    let needle = "        default: 0";
    let line = line_in(&base, needle);
    let text = base.replacen(needle, &format!("        default: [{bomb}]"), 1);
    let err = generate_with(&tmp, text.as_bytes()).expect_err("refused");
    assert!(err.contains(&format!("{SPEC}:{line}:")), "{err}");
    assert!(err.contains("actions.DescribeUserInfo.input.PageNumber.default[0]"), "{err}");
    assert!(err.contains("anchors (`&name`) are not allowed"), "{err}");
    assert!(err.contains("1 error(s)"), "{err}");
    // An alias of no anchor is invalid YAML, refused where it is.
    let text = base.replacen("  title: Tencent", "  title: *t\n  x: Tencent", 1);
    let err = generate_with(&tmp, text.as_bytes()).expect_err("refused");
    assert!(err.contains("invalid YAML"), "{err}");
    assert!(err.contains(&format!("{SPEC}:{}:", line_in(&base, "  title: Tencent"))), "{err}");
    assert!(err.contains("1 error(s)"), "{err}");
}

#[test]
fn a_duplicate_key_is_reported_once() {
    let tmp = handwritten_tree();
    let base = handwritten_text();
    let needle = "  title: Tencent Real-Time Communication (TRTC)\n";
    let text = base.replacen(needle, &format!("{needle}  title: Again\n"), 1);
    let err = generate_with(&tmp, text.as_bytes()).expect_err("refused");
    assert_eq!(err.matches("duplicate").count(), 1, "{err}");
    assert!(err.contains(&format!("{SPEC}:{}:", line_in(&base, needle.trim_end()) + 1)), "{err}");
    assert!(err.contains("1 error(s)"), "{err}");
}

// ---------------------------------------------------------------------------------------
// 3. Concurrent runs and an interrupted swap.

/// Two threads regenerate one root over and over (each run first spoils a file, so that
/// every run has something to swap); a third watches that `generated/` never vanishes.
/// Every run succeeds and the tree ends exactly as a lone run makes it.
#[test]
fn concurrent_generate_runs_leave_a_correct_tree() {
    let tmp = handwritten_tree();
    let root = tmp.path().to_path_buf();
    tcgen::generate(&root).expect("first run");
    let expected = tree(&root.join("generated"));
    let done = Arc::new(AtomicBool::new(false));
    let watcher = {
        let (root, done) = (root.clone(), Arc::clone(&done));
        std::thread::spawn(move || {
            let mut vanished = 0;
            while !done.load(Ordering::Relaxed) {
                if fs::symlink_metadata(root.join("generated")).is_err() {
                    vanished += 1;
                }
            }
            vanished
        })
    };
    let runners: Vec<_> = (0..2)
        .map(|n| {
            let root = root.clone();
            std::thread::spawn(move || {
                for i in 0..15 {
                    // Fails harmlessly while the other run swaps the directory.
                    let _ = fs::write(root.join(format!("generated/trtc/stray-{n}-{i}.rs")), "stray");
                    tcgen::generate(&root).map_err(|e| format!("runner {n}, run {i}: {e}"))?;
                }
                Ok::<(), String>(())
            })
        })
        .collect();
    for r in runners {
        r.join().expect("no panic").expect("every run succeeds");
    }
    done.store(true, Ordering::Relaxed);
    let vanished = watcher.join().expect("watcher");
    assert_eq!(tree(&root.join("generated")), expected);
    assert_eq!(names(&root), [".tcgen.lock", "generated", "runtime", "spec", "templates"]);
    if cfg!(target_os = "linux") {
        assert_eq!(vanished, 0, "generated/ is swapped in one exchange");
    }
}

/// The same with `tcgen::write` and two different file sets: the tree always ends as
/// exactly one of them, never a mixture.
#[test]
fn concurrent_writes_of_different_trees_never_mix() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().to_path_buf();
    let set = |tag: &str| -> FileSet {
        (0..20).map(|i| (format!("c{}/src/f{i}.rs", i % 3), format!("{tag} {i}\n"))).collect::<FileSet>()
    };
    let sets = [set("a"), set("b")];
    let runners: Vec<_> = sets
        .iter()
        .cloned()
        .map(|files| {
            let root = root.clone();
            std::thread::spawn(move || {
                for _ in 0..100 {
                    tcgen::write(&root, &files).map_err(|e| e.to_string())?;
                }
                Ok::<(), String>(())
            })
        })
        .collect();
    for r in runners {
        r.join().expect("no panic").expect("every write succeeds");
    }
    let end = tree(&root.join("generated"));
    let as_tree = |files: &FileSet| -> Vec<(String, Vec<u8>)> {
        files.iter().map(|(p, c)| (p.clone(), c.clone().into_bytes())).collect()
    };
    assert!(end == as_tree(&sets[0]) || end == as_tree(&sets[1]), "{end:?}");
    assert_eq!(names(&root), [".tcgen.lock", "generated"]);
}

/// A run killed between the two renames of a swap leaves the complete new tree staged,
/// the old one aside and no `generated/`: the next run puts the new tree back (and so
/// has nothing to change), and removes the leftovers.
#[test]
fn an_interrupted_swap_is_recovered_by_the_next_run() {
    let tmp = handwritten_tree();
    let root = tmp.path();
    tcgen::generate(root).expect("first run");
    let expected = tree(&root.join("generated"));
    // The new tree staged, the old one (stale) moved aside, generated/ gone.
    copy_dir(&root.join("generated"), &root.join(".generated.new"));
    fs::rename(root.join("generated"), root.join(".generated.old")).expect("rename");
    fs::write(root.join(".generated.old/trtc/src/lib.rs"), "// stale\n").expect("write");
    assert_eq!(tcgen::generate(root).expect("recovering run"), 0, "the staged tree was put back");
    assert_eq!(tree(&root.join("generated")), expected);
    assert_eq!(names(root), [".tcgen.lock", "generated", "runtime", "spec", "templates"]);

    // Killed while staging: only the old tree, complete, and a partial new one.
    fs::rename(root.join("generated"), root.join(".generated.old")).expect("rename");
    fs::create_dir_all(root.join(".generated.partial/trtc")).expect("mkdir");
    fs::write(root.join(".generated.partial/trtc/half.rs"), "// half\n").expect("write");
    assert_eq!(tcgen::generate(root).expect("recovering run"), 0, "the old tree was put back");
    assert_eq!(tree(&root.join("generated")), expected);
    assert_eq!(names(root), [".tcgen.lock", "generated", "runtime", "spec", "templates"]);
}

// ---------------------------------------------------------------------------------------
// 4. The model graph at scale.

/// 2,000 models: a chain of 1,000 (each holding the next) and a cycle of 1,000. The
/// cycle's fields are boxed, the chain's are not; and the spec generates.
#[test]
fn a_chain_and_a_cycle_of_two_thousand_models_resolve() {
    const N: usize = 1000;
    let mut models = String::new();
    for i in 0..N {
        let next = if i + 1 < N { format!("Chain{}", i + 1) } else { "string".into() };
        models.push_str(&format!(
            "  Chain{i}:\n    doc: Link {i} of the chain.\n    usage: out\n    fields:\n      Next:\n        type: {next}\n        doc: The next link.\n"
        ));
    }
    for i in 0..N {
        models.push_str(&format!(
            "  Ring{i}:\n    doc: Link {i} of the ring.\n    usage: out\n    fields:\n      Next:\n        type: Ring{}\n        doc: The next link.\n",
            (i + 1) % N
        ));
    }
    let base = handwritten_text();
    let text = base.replacen("models:\n", &format!("models:\n{models}"), 1).replacen(
        "    output:\n",
        "    output:\n      Chain:\n        type: Chain0\n        doc: A chain.\n      Ring:\n        type: Ring0\n        doc: A ring.\n",
        1,
    );
    let tmp = handwritten_tree();
    fs::write(tmp.path().join(SPEC), text).expect("write");
    let services = tcgen::load(tmp.path()).expect("the spec resolves");
    let models = &services[0].models;
    assert_eq!(models.len(), 2 * N + 1);
    for m in models {
        let next = m.fields.iter().find(|f| f.wire == "Next");
        if m.wire.starts_with("Ring") {
            assert!(next.is_some_and(|f| f.boxed), "{} is on the ring: boxed", m.wire);
        } else if m.wire.starts_with("Chain") {
            assert!(next.is_some_and(|f| !f.boxed), "{} is on the chain: not boxed", m.wire);
        }
    }
    tcgen::generate(tmp.path()).expect("and generates");
    let types = fs::read_to_string(tmp.path().join("generated/trtc/src/v20190722/types.rs")).expect("types.rs");
    assert!(types.contains("Box<crate::v20190722::types::Ring0>"), "the ring is boxed in the code");
    assert!(!types.contains("Box<crate::v20190722::types::Chain"), "the chain is not");
}

// ---------------------------------------------------------------------------------------
// 5. Hostile names, documentation and patterns: what `validate` accepts generates, and
//    what is generated compiles (and never panics when it runs).

/// A made-up service beside the TRTC one, for names that need a second crate.
const DEMO_SPEC: &str = "spec/demo/v20200101.yaml";

/// The head of the demo spec: a service with no action yet.
const DEMO_HEAD: &str =
    "service:\n  name: demo\n  version: \"2020-01-01\"\n  title: Demo\n  doc: A made-up service.\n\nactions:\n";

/// An action named `name` (a YAML key, quoted), with one input and one output, and its
/// own error code when `own_codes`.
fn action_yaml(name: &str, own_codes: bool) -> String {
    let key = serde_json::to_string(name).expect("json");
    let mut text = format!(
        "  {key}:\n    title: A hostile name\n    doc: An action with a hostile name.\n    input:\n      Name:\n        type: string\n        doc: A name.\n    output:\n      Count:\n        type: uint64\n        doc: A count.\n"
    );
    if own_codes {
        text.push_str("    errors:\n      FailedOperation.Hostile: A code of its own.\n");
    }
    text
}

/// The hand-written TRTC spec with `actions` added before DescribeUserInfo and an input
/// member for each of `members` added to it.
fn trtc_with(actions: &str, members: &[&str]) -> String {
    let mut inputs = String::new();
    for m in members {
        let key = serde_json::to_string(m).expect("json");
        inputs.push_str(&format!("      {key}:\n        type: string\n        doc: A hostile member name.\n"));
    }
    handwritten_text().replacen("    input:\n", &format!("    input:\n{inputs}"), 1).replacen(
        "  DescribeUserInfo:\n",
        &format!("{actions}  DescribeUserInfo:\n"),
        1,
    )
}

/// Runs `validate` (`tcgen::load`) on `root`, then, if it accepts the specs, `render`
/// under `catch_unwind`: `Ok` when both succeed, the located error when `validate`
/// refuses; a panic, or `render` failing on specs `validate` accepted, is an `Err`
/// naming the case.
fn validate_then_render(root: &Path, case: &str) -> Result<Result<tcgen::FileSet, String>, String> {
    if let Err(e) = tcgen::load(root) {
        return Ok(Err(e.to_string()));
    }
    match std::panic::catch_unwind(|| tcgen::render(root)) {
        Ok(Ok(files)) => Ok(Ok(files)),
        Ok(Err(e)) => Err(format!("{case}: validate accepts it, but generate fails: {e}")),
        Err(panic) => {
            let why = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            Err(format!("{case}: validate accepts it, but generate panics: {why}"))
        }
    }
}

/// A tree for compiling what is generated: `spec/common.yaml`, the templates, the specs
/// given (path, text), and the runtime and the command line's engine linked in.
fn compilable_tree(specs: &[(&str, String)]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (root, repo) = (tmp.path(), repo_root());
    fs::create_dir_all(root.join("spec")).expect("mkdir");
    fs::copy(repo.join("spec/common.yaml"), root.join("spec/common.yaml")).expect("copy");
    copy_dir(&repo.join("templates"), &root.join("templates"));
    for (path, text) in specs {
        let path = root.join(path);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, text).expect("write");
    }
    #[cfg(unix)]
    for dir in ["runtime", "cli"] {
        std::os::unix::fs::symlink(repo.join(dir), root.join(dir)).expect("symlink");
    }
    tmp
}

/// Runs cargo `args` in `root` under the repository's workspace manifest (the runtime
/// inherits from it) with `members`, offline, with its own target directory under
/// `target/`; the output when it fails.
fn cargo_in(root: &Path, members: &str, args: &[&str]) -> Result<(), String> {
    let repo = repo_root();
    let manifest = fs::read_to_string(repo.join("Cargo.toml")).expect("manifest");
    let current = "members = [\"runtime\", \"cli\", \"generated/*\", \"tests\"]";
    assert!(manifest.contains(current), "the workspace members changed; update this test");
    fs::write(root.join("Cargo.toml"), manifest.replace(current, &format!("members = {members}"))).expect("manifest");
    fs::copy(repo.join("Cargo.lock"), root.join("Cargo.lock")).expect("lock");
    let output = std::process::Command::new(env!("CARGO"))
        .current_dir(root)
        .env("CARGO_TARGET_DIR", repo.join("target/spec-safety"))
        .args(&args[..1])
        .arg("--offline")
        .args(&args[1..])
        .output()
        .expect("run cargo");
    if output.status.success() {
        Ok(())
    } else {
        Err(format!("{}\n{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr)))
    }
}

/// Compiles the generated crates `packages` of `root` with clippy, warnings denied, as
/// the features test does.
fn clippy_generated(root: &Path, packages: &[&str]) -> Result<(), String> {
    let mut args = vec!["clippy", "--all-targets", "--no-default-features"];
    // Without its default features a crate has no API version on: each is named.
    let mut features = Vec::new();
    for p in packages {
        args.extend(["-p", p]);
        let src = root.join("generated").join(p.trim_start_matches("tencentcloud-")).join("src");
        for entry in fs::read_dir(&src).expect("a generated crate's src/") {
            let entry = entry.expect("entry");
            if entry.path().is_dir() {
                features.push(format!("{p}/{}", entry.file_name().to_string_lossy()));
            }
        }
    }
    let features = features.join(",");
    args.extend(["--features", &features, "--", "-D", "warnings"]);
    cargo_in(root, "[\"runtime\", \"generated/*\"]", &args)
}

/// Every member and action name that is not a Rust identifier once converted, and every
/// action whose types would take a name the operation module imports, with and without
/// codes of its own: `validate` accepts each and `generate` makes code of it; a
/// `rust_name` that cannot be a Rust name is a located error instead.
#[test]
fn hostile_names_validate_then_generate_without_panicking() {
    let tmp = handwritten_tree();
    let mut failures = Vec::new();
    let hostile = ["1abc", "x²", "①", "a½", "_1", "_9Lives", "1Describe", "名前", "Self", "Type", "_"];
    for name in hostile {
        fs::write(tmp.path().join(SPEC), trtc_with("", &[name])).expect("write");
        match validate_then_render(tmp.path(), &format!("member {name:?}")) {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => failures.push(format!("member {name:?} is refused: {e}")),
            Err(e) => failures.push(e),
        }
    }
    for name in hostile.iter().chain(&["Service", "Validation", "Sdk", "Action", "Violations", "ErrorMetadata"]) {
        for own_codes in [false, true] {
            fs::write(tmp.path().join(SPEC), trtc_with(&action_yaml(name, own_codes), &[])).expect("write");
            let case = format!("action {name:?} (own codes: {own_codes})");
            match validate_then_render(tmp.path(), &case) {
                Ok(Ok(_)) => {}
                Ok(Err(e)) => failures.push(format!("{case} is refused: {e}")),
                Err(e) => failures.push(e),
            }
        }
    }
    // An error code whose variant would be the keyword `Self`.
    let code = "      MissingParameter: Missing parameter.\n";
    fs::write(
        tmp.path().join(SPEC),
        handwritten_text().replacen(code, &format!("{code}      Self: A code named Self.\n"), 1),
    )
    .expect("write");
    if let Err(e) = validate_then_render(tmp.path(), "error code `Self`").and_then(|r| r.map_err(|e| e.to_string())) {
        failures.push(e);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A `rust_name` the generated code cannot use is a located error, never a panic.
#[test]
fn rust_names_that_cannot_be_rust_names_are_located_errors() {
    let tmp = handwritten_tree();
    let base = handwritten_text();
    let members: &[&str] = &["r#self", "r#Self", "r#super", "r#crate", "r#_", "_", "type", "r#x y", "", "é"];
    let actions: &[&str] = &["type", "fn", "self", "r#type", "_", "", "é"];
    // (the entry the rust_name is added to, its indentation, its field path, names)
    let places = [
        ("      PageSize:", "        ", "actions.DescribeUserInfo.input.PageSize.rust_name", members),
        ("  DescribeUserInfo:", "    ", "actions.DescribeUserInfo.rust_name", actions),
    ];
    for (entry, indent, field, names) in places {
        let line = line_in(&base, entry) + 1;
        for bad in names {
            let yaml = serde_json::to_string(bad).expect("json");
            let text = base.replacen(&format!("{entry}\n"), &format!("{entry}\n{indent}rust_name: {yaml}\n"), 1);
            fs::write(tmp.path().join(SPEC), &text).expect("write");
            let err = match validate_then_render(tmp.path(), &format!("{field} {bad:?}")) {
                Ok(Ok(_)) => panic!("{field} {bad:?} is accepted"),
                Ok(Err(e)) => e,
                Err(e) => panic!("{e}"),
            };
            assert!(err.contains(&format!("{SPEC}:{line}:")), "{bad:?}: located: {err}");
            assert!(err.contains(field), "{bad:?}: {err}");
        }
    }
}

/// One crate with every kind of hostile name (members with a leading digit, non-ASCII
/// letters and numbers, names equal after conversion; actions named with a leading
/// digit or non-ASCII, and `Service`, `Validation`, `Sdk` with codes of their own), and
/// one with the same actions without codes of their own, generate and compile with
/// clippy, warnings denied.
#[cfg(unix)]
#[test]
fn crates_with_hostile_names_compile() {
    let members = ["1abc", "n_1abc", "x²", "①", "a½", "_1", "_9Lives", "Self", "Type"];
    let own: String =
        ["Service", "Validation", "Sdk", "1Describe", "x²"].iter().map(|a| action_yaml(a, true)).collect();
    let plain: String =
        ["Service", "Validation", "Sdk", "1Describe", "①", "Action"].iter().map(|a| action_yaml(a, false)).collect();
    let tmp = compilable_tree(&[(SPEC, trtc_with(&own, &members)), (DEMO_SPEC, format!("{DEMO_HEAD}{plain}"))]);
    let root = tmp.path();
    tcgen::load(root).expect("validate accepts the hostile names");
    tcgen::generate(root).expect("and they generate");
    let op = fs::read_to_string(root.join("generated/trtc/src/v20190722/operation/describe_user_info.rs")).expect("op");
    for (wire, rust) in
        [("1abc", "n_1abc"), ("n_1abc", "n_1abc_2"), ("x²", "x_u00b2"), ("①", "u2460"), ("_9Lives", "n_9lives")]
    {
        assert!(op.contains(&format!("{rust}: optional(\"{wire}\")")), "{wire} becomes {rust}: {op}");
    }
    clippy_generated(root, &["tencentcloud-trtc", "tencentcloud-demo"]).unwrap_or_else(|e| panic!("{e}"));
}

/// The bidirectional controls rustc refuses in comments and literals (U+202A-U+202E,
/// U+2066-U+2069), and the other direction marks (U+200E, U+200F, U+061C).
const BIDI: [char; 12] = [
    '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
    '\u{200E}', '\u{200F}', '\u{061C}',
];

/// Documentation carrying every bidirectional control (a right-to-left override that
/// would make `admin` read `nimda`, and the rest) in each place a spec has text: the
/// service, a model, an action's title and documentation, members' documentation,
/// notes, example, a pattern, allowed values, error descriptions and a member's wire
/// name. The crate generates and compiles (clippy, warnings denied), and
/// no generated file holds a bidirectional control.
#[cfg(unix)]
#[test]
fn bidirectional_controls_in_documentation_compile_escaped() {
    let all: String = BIDI.iter().collect();
    let text =
        |what: &str| serde_json::to_string(&format!("{what}: user \u{202E}nimda\u{202C} {all} end.")).expect("json");
    let base = handwritten_text();
    let label = serde_json::to_string(&format!("Label{}", '\u{202E}')).expect("json");
    let spec = base
        .replacen(
            "  doc: |\n    Tencent Real-Time Communication (TRTC) offers audio/video calls and interactive live\n    streaming, and APIs to manage rooms, recordings and call-quality data.\n",
            &format!("  doc: {}\n", text("service")),
            1,
        )
        .replacen(
            "    doc: The user information, including when the user entered/left the room.",
            &format!("    doc: {}", text("model")),
            1,
        )
        .replacen("    title: Queries the user list", &format!("    title: {}", text("title")), 1)
        .replacen("      This API (the old", &format!("      action: user \u{202E}nimda\u{202C} {all} This API (the old"), 1)
        .replacen(
            "    input:\n",
            &format!(
                "    input:\n      {label}:\n        type: string\n        doc: {}\n        notes: {}\n        example: {}\n        constraints:\n          - pattern: {}\n          - one_of: [{}]\n",
                text("member"),
                text("notes"),
                serde_json::to_string("a\u{202E}b").expect("json"),
                serde_json::to_string("[a-z\u{202E}]+").expect("json"),
                serde_json::to_string("x\u{2066}y").expect("json"),
            ),
            1,
        )
        .replacen("      InternalError: Internal error.", &format!("      InternalError: {}", text("code")), 1);
    assert!(spec.matches('\u{202E}').count() >= 10, "the spec holds the controls");
    let tmp = compilable_tree(&[(SPEC, spec)]);
    let root = tmp.path();
    tcgen::load(root).expect("validate accepts documentation with bidirectional controls");
    tcgen::generate(root).expect("and it generates");
    clippy_generated(root, &["tencentcloud-trtc"]).unwrap_or_else(|e| panic!("{e}"));
    for (path, content) in tree(&root.join("generated")) {
        let content = String::from_utf8(content).expect("UTF-8");
        assert!(!content.contains(BIDI), "{path} holds a bidirectional control");
    }
    let readme = fs::read_to_string(root.join("generated/trtc/README.md")).expect("README");
    assert!(readme.contains("service: user \\u{202e}nimda\\u{202c}"), "shown escaped: {readme}");
}

/// What a crate with patterns is checked with: a request of DescribeUserInfo with `Tag`
/// and `Broken` as given, validated twice over (a panic would poison the lazily compiled
/// pattern, so the second call matters too).
const PATTERN_CHECK: &str = r#"//! Validation of the patterns of `generator_safety::patterns_never_panic_at_run_time`.
use tencentcloud_trtc::v20190722::operation::describe_user_info::DescribeUserInfoRequest;
use tencentcloud_trtc::runtime::action::Action;
use tencentcloud_trtc::runtime::validation::{ValidationContext, Violations};

/// `field rule` of each violation of a valid request with `Tag` and `Broken` set.
fn violations(tag: Option<&str>, broken: Option<&str>) -> Vec<String> {
    let mut builder = DescribeUserInfoRequest::builder()
        .comm_id("1400188366_218695_1590065777")
        .sdk_app_id(1400188366)
        .start_time(1_700_000_000)
        .end_time(1_700_000_100);
    if let Some(tag) = tag {
        builder = builder.tag(tag);
    }
    if let Some(broken) = broken {
        builder = builder.broken(broken);
    }
    let request = builder.build().expect("every required field is set");
    let mut report = Violations::new();
    request.validate(&ValidationContext::new(1_700_000_200), &mut report);
    report.as_slice().iter().map(|v| format!("{} {:?}", v.field(), v.rule())).collect()
}

#[test]
fn a_pattern_ending_in_a_comment_still_matches_whole_values() {
    for _ in 0..2 {
        assert_eq!(violations(Some("abc"), None), Vec::<String>::new());
        let found = violations(Some("abc1"), None);
        assert!(found.len() == 1 && found[0].starts_with("Tag Pattern"), "{found:?}");
        assert_eq!(violations(Some("1abc"), None).len(), 1, "anchored at the start too");
    }
}

#[test]
fn a_pattern_that_does_not_compile_is_a_violation_every_time() {
    for _ in 0..2 {
        let found = violations(None, Some("x"));
        assert!(found.len() == 1 && found[0].starts_with("Broken InvalidPattern"), "{found:?}");
    }
    assert_eq!(violations(None, None), Vec::<String>::new(), "only a value set is checked");
}
"#;

/// An overlay-style pattern in `x` mode ending in a `#` comment passes `validate` and
/// anchors the whole value (the comment cannot swallow the anchor); and a pattern that
/// does not compile when the generated code runs (put in the model after `validate`, as
/// a different regex version could make it) is reported as a violation on every call,
/// never a panic nor a poisoned static. The generated crate is compiled and these
/// checks run against it.
#[cfg(unix)]
#[test]
fn patterns_never_panic_at_run_time() {
    let inputs = "    input:\n      Tag:\n        type: string\n        doc: A tag.\n        constraints:\n          - pattern: \"(?x) [a-z]+  # lower-case letters\"\n      Broken:\n        type: string\n        doc: Its pattern is broken after validation.\n        constraints:\n          - pattern: \"[a-z]+\"\n";
    let spec = handwritten_text().replacen("    input:\n", inputs, 1);
    let tmp = compilable_tree(&[(SPEC, spec)]);
    let root = tmp.path();
    let mut services = tcgen::load(root).expect("validate accepts a pattern ending in a comment");
    let broken = services[0]
        .actions
        .iter_mut()
        .flat_map(|a| a.input.iter_mut())
        .find(|f| f.wire == "Broken")
        .expect("the member");
    broken.constraints[0].kind = tcgen::ir::ConstraintKind::Pattern("(".into());
    let files = tcgen::render_services(root, &services).expect("render");
    tcgen::write(root, &files).expect("write");
    fs::create_dir_all(root.join("check/tests")).expect("mkdir");
    fs::write(
        root.join("check/Cargo.toml"),
        "[package]\nname = \"check\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[lib]\npath = \"lib.rs\"\n\n\
         [dependencies]\ntencentcloud-trtc = { path = \"../generated/trtc\", default-features = false, features = [\"v20190722\"] }\n",
    )
    .expect("write");
    fs::write(root.join("check/lib.rs"), "//! Empty: the checks are tests.\n").expect("write");
    fs::write(root.join("check/tests/check.rs"), PATTERN_CHECK).expect("write");
    cargo_in(root, "[\"runtime\", \"generated/trtc\", \"check\"]", &["test", "-p", "check", "--test", "check"])
        .unwrap_or_else(|e| panic!("{e}"));
}

/// `validate` checks patterns with the generator's `regex`; the generated code compiles
/// them with the runtime's. Both are the same release, so a pattern `validate` accepts
/// compiles at run time (the generator is a workspace of its own, with its own lock).
#[test]
fn the_generator_checks_patterns_with_the_runtimes_regex_release() {
    let version = |lock: &str| -> Vec<String> {
        let text = fs::read_to_string(repo_root().join(lock)).expect("lock file");
        let mut found = Vec::new();
        let mut lines = text.lines();
        while let Some(line) = lines.next() {
            if line == "name = \"regex\"" || line == "name = \"regex-syntax\"" {
                found.push(format!("{line} {}", lines.next().unwrap_or_default()));
            }
        }
        found
    };
    let (generator, runtime) = (version("generator/Cargo.lock"), version("Cargo.lock"));
    assert_eq!(generator.len(), 2, "one regex and one regex-syntax: {generator:?}");
    assert_eq!(generator, runtime, "generator/Cargo.lock and Cargo.lock lock different regex releases");
}
