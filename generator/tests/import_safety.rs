//! The importer against hostile catalogues: names from `api.json` that would make paths
//! leave the project root, symbolic links, FIFOs and oversized files in a catalogue
//! directory, raw requests with many lines, and escape sequences in what it reports.
//! Everything happens in temporary directories.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{json, Value};

mod common;
use common::{copy_dir, repo_root, tree};

/// The names a small description uses; each test makes one of them hostile.
#[derive(Clone)]
struct Names {
    service: String,
    version: String,
    action: String,
    model: String,
    member: String,
}

impl Default for Names {
    fn default() -> Self {
        Names {
            service: "demo".into(),
            version: "2020-01-01".into(),
            action: "DescribeThings".into(),
            model: "Thing".into(),
            member: "Limit".into(),
        }
    }
}

/// A small `api.json`: one action whose response lists a model.
fn api_json(n: &Names) -> Value {
    let request = format!("{}Request", n.action);
    let response = format!("{}Response", n.action);
    json!({
        "metadata": { "apiVersion": n.version, "serviceShortName": n.service },
        "actions": {
            n.action.clone(): { "name": "Queries things", "document": "Queries things.", "input": request, "output": response, "status": "online" }
        },
        "objects": {
            request: { "members": [ { "name": n.member, "type": "int", "required": false, "document": "How many." } ] },
            response: { "members": [
                { "name": "Things", "type": "list", "member": n.model, "document": "The things.", "output_required": true },
                { "name": "RequestId", "type": "string", "document": "The request ID." }
            ] },
            n.model.clone(): { "usage": "out", "members": [ { "name": "Id", "type": "string", "document": "ID." } ] }
        }
    })
}

/// A small `examples.json` with one example of the action whose raw request is `input`.
fn examples_json(action: &str, input: &str) -> Value {
    json!({ "actions": { action: [ {
        "title": "Query", "document": "", "input": input,
        "output": "{\"Response\": {\"Things\": [], \"RequestId\": \"r-1\"}}"
    } ] } })
}

const REQUEST: &str =
    "POST / HTTP/1.1\nHost: demo.tencentcloudapi.com\nContent-Type: application/json\n\n{\"Limit\": 10}";

/// Writes a service-version directory `dir` holding the description of `n` with one
/// example.
fn write_service(dir: &Path, n: &Names) {
    fs::create_dir_all(dir).expect("mkdir");
    fs::write(dir.join("api.json"), api_json(n).to_string()).expect("api.json");
    fs::write(dir.join("examples.json"), examples_json(&n.action, REQUEST).to_string()).expect("examples.json");
}

fn options() -> tcgen::import::Options {
    tcgen::import::Options { package: Some("test".into()), package_version: Some("1".into()) }
}

/// A temporary directory holding a project root `root/` (an empty `spec/`) and an
/// `outside/` directory beside it that no import may touch.
struct Sandbox {
    base: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Self {
        let base = tempfile::tempdir().expect("tempdir");
        fs::create_dir_all(base.path().join("root/spec")).expect("mkdir");
        fs::create_dir_all(base.path().join("outside")).expect("mkdir");
        Sandbox { base }
    }
    fn root(&self) -> PathBuf {
        self.base.path().join("root")
    }
    fn outside(&self) -> PathBuf {
        self.base.path().join("outside")
    }
    /// A catalogue directory, outside the root.
    fn catalogue(&self, name: &str) -> PathBuf {
        self.base.path().join("catalogue").join(name)
    }
    /// The entries of the base directory and of `outside/`: only `catalogue`, `outside`
    /// and `root`, and nothing in `outside/`, once nothing was written outside the root.
    fn beside_the_root(&self) -> (Vec<String>, Vec<(String, Vec<u8>)>) {
        let mut names: Vec<String> = fs::read_dir(self.base.path())
            .expect("read_dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        (names, tree(&self.outside()))
    }
}

fn untouched() -> (Vec<String>, Vec<(String, Vec<u8>)>) {
    (vec!["catalogue".into(), "outside".into(), "root".into()], Vec::new())
}

/// Every file name under `dir`, recursively.
fn file_names(dir: &Path) -> Vec<String> {
    tree(dir).into_iter().map(|(p, _)| p).collect()
}

/// Imports the good description and the one of `bad` together; returns the failures
/// after checking that the good one was imported and nothing was written outside the
/// root.
fn import_beside_a_good_one(sandbox: &Sandbox, bad: &Names) -> Vec<(String, String)> {
    let good = sandbox.catalogue("good");
    write_service(&good, &Names::default());
    let hostile = sandbox.catalogue("hostile");
    write_service(&hostile, bad);
    let summary = tcgen::import::import(&sandbox.root(), &[good, hostile], &options()).expect("import runs");
    assert_eq!(sandbox.beside_the_root(), untouched(), "nothing is written outside the root");
    assert_eq!(summary.services, 1, "the good service version is imported: {:?}", summary.failures);
    assert!(sandbox.root().join("spec/demo/v20200101.yaml").is_file());
    summary.failures
}

#[test]
fn names_that_would_leave_the_root_fail_their_service_version_with_the_reason() {
    let outside_name = |s: &Sandbox| format!("{}/Escaped", s.outside().display());
    type Case = (&'static str, fn(&mut Names, String), &'static str);
    let cases: [Case; 3] = [
        ("action", |n, v| n.action = v, "is not an action name"),
        ("model", |n, v| n.model = v, "is not an object name"),
        ("member", |n, v| n.member = v, "is not a member name"),
    ];
    for (what, set, reason) in cases {
        for hostile in [
            "ABSOLUTE".to_owned(),
            "../../../../../Escaped".to_owned(),
            "a/b".to_owned(),
            "a\\b".to_owned(),
            "X\0Y".to_owned(),
            "..".to_owned(),
            "".to_owned(),
        ] {
            let sandbox = Sandbox::new();
            let name = if hostile == "ABSOLUTE" { outside_name(&sandbox) } else { hostile.clone() };
            let mut bad = Names { service: "other".into(), ..Names::default() };
            set(&mut bad, name.clone());
            let failures = import_beside_a_good_one(&sandbox, &bad);
            assert_eq!(failures.len(), 1, "{what} {name:?}: the hostile service version fails: {failures:?}");
            let message = &failures[0].1;
            assert!(message.contains("api.json: "), "{what} {name:?}: located in api.json: {message}");
            assert!(message.contains(reason), "{what} {name:?}: says why: {message}");
            assert!(!message.contains('\0'), "{what} {name:?}: shown escaped: {message:?}");
            assert!(
                !sandbox.root().join("spec/other").exists() && !sandbox.root().join("tests/fixtures/other").exists(),
                "{what} {name:?}: nothing of the failed version is written: {:?}",
                file_names(&sandbox.root())
            );
        }
    }
}

#[test]
fn service_names_and_versions_that_would_leave_the_root_fail_too() {
    for (service, version) in [
        ("../x", "2020-01-01"),
        ("/tmp", "2020-01-01"),
        ("a\\b", "2020-01-01"),
        ("x\u{0}", "2020-01-01"),
        ("x", "2020-01-01"),
        ("2fa", "2020-01-01"),
        ("demo", "../2020-01-01"),
        ("demo", "2020/01/01"),
    ] {
        let sandbox = Sandbox::new();
        let bad = Names { service: service.into(), version: version.into(), ..Names::default() };
        let failures = import_beside_a_good_one(&sandbox, &bad);
        assert_eq!(failures.len(), 1, "{service:?} {version:?}: {failures:?}");
        let message = &failures[0].1;
        assert!(message.contains("metadata."), "{service:?} {version:?}: names the field: {message}");
        assert!(!message.contains('\0'), "{service:?}: shown escaped: {message:?}");
    }
}

#[test]
fn validate_refuses_action_model_and_member_names_that_could_make_paths() {
    let sandbox = Sandbox::new();
    let root = sandbox.root();
    fs::copy(repo_root().join("spec/common.yaml"), root.join("spec/common.yaml")).expect("common");
    let dir = sandbox.catalogue("good");
    write_service(&dir, &Names::default());
    let summary = tcgen::import::import(&root, &[dir], &options()).expect("import");
    assert!(summary.failures.is_empty(), "{:?}", summary.failures);
    let spec_file = root.join("spec/demo/v20200101.yaml");
    let imported = fs::read_to_string(&spec_file).expect("spec");
    tcgen::load(&root).expect("the imported spec is valid");
    for (from, to, field) in [
        ("  DescribeThings:\n", "  \"../../DescribeThings\":\n", "actions.\"../../DescribeThings\""),
        ("  DescribeThings:\n", "  \"/abs/DescribeThings\":\n", "actions./abs/DescribeThings"),
        ("  DescribeThings:\n", "  \"a\\\\b\":\n", "actions.a\\b"),
        ("  DescribeThings:\n", "  \"..\":\n", "actions.\"..\""),
        ("  Thing:\n", "  a/b:\n", "models.a/b"),
        ("      Limit:\n", "      \"../Limit\":\n", "actions.DescribeThings.input.\"../Limit\""),
    ] {
        assert!(imported.contains(from), "the imported spec has {from:?}:\n{imported}");
        let mut hostile = imported.replacen(from, to, 1);
        if from == "  Thing:\n" {
            hostile = hostile.replace("- Thing\n", "- a/b\n");
        }
        fs::write(&spec_file, &hostile).expect("write");
        let err = match tcgen::load(&root) {
            Ok(_) => panic!("{to:?} was accepted"),
            Err(e) => e.to_string(),
        };
        assert!(err.contains("spec/demo/v20200101.yaml:"), "{to:?}: located: {err}");
        assert!(err.contains(field), "{to:?}: names the field {field}: {err}");
        assert!(err.contains("cannot be empty, `.` or `..`"), "{to:?}: says why: {err}");
    }
}

#[test]
fn names_that_are_not_rust_identifiers_are_imported_and_generated() {
    // Every name of both editions is an ASCII identifier, but a new service version may
    // not be: the importer takes any name that is safe as a file name and on one line,
    // and the generator gives it a Rust name.
    let sandbox = Sandbox::new();
    let root = sandbox.root();
    fs::copy(repo_root().join("spec/common.yaml"), root.join("spec/common.yaml")).expect("common");
    let odd =
        Names { action: "1DescribeThings".into(), model: "Thing²".into(), member: "x.y".into(), ..Names::default() };
    let dir = sandbox.catalogue("odd");
    write_service(&dir, &odd);
    let summary = tcgen::import::import(&root, &[dir], &options()).expect("import");
    assert!(summary.failures.is_empty(), "{:?}", summary.failures);
    assert!(root.join("tests/fixtures/demo/v20200101/1DescribeThings.1.json").is_file());
    copy_dir(&repo_root().join("templates"), &root.join("templates"));
    fs::create_dir_all(root.join("runtime")).expect("runtime");
    fs::copy(repo_root().join("runtime/Cargo.toml"), root.join("runtime/Cargo.toml")).expect("runtime manifest");
    let files = tcgen::render(&root).expect("the imported spec generates");
    assert!(files.keys().any(|path| path.ends_with(".rs") && path.contains("describe_things")), "{:?}", files.keys());
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_in_a_catalogue_directory_is_not_followed() {
    for linked in ["examples.json", "api.json"] {
        let sandbox = Sandbox::new();
        let secret = sandbox.outside().join("secret.json");
        let dir = sandbox.catalogue("linked");
        write_service(&dir, &Names::default());
        fs::rename(dir.join(linked), &secret).expect("move");
        std::os::unix::fs::symlink(&secret, dir.join(linked)).expect("symlink");
        let summary = tcgen::import::import(&sandbox.root(), &[dir], &options()).expect("import runs");
        assert_eq!(summary.failures.len(), 1, "{linked}: {:?}", summary.failures);
        let message = &summary.failures[0].1;
        assert!(message.contains(linked) && message.contains("symbolic link"), "{linked}: says why: {message}");
        let secret_text = fs::read(&secret).expect("secret");
        let copied: Vec<String> =
            tree(&sandbox.root()).into_iter().filter(|(_, c)| *c == secret_text).map(|(p, _)| p).collect();
        assert!(copied.is_empty(), "{linked}: the linked file is not copied under the root: {copied:?}");
        assert!(!sandbox.root().join("spec/demo").exists(), "{linked}: nothing of the version is written");
    }
}

/// Runs an import on another thread; `None` when it has not finished after a minute (a
/// hang: the thread is left blocked).
fn import_or_hang(root: PathBuf, dir: PathBuf) -> Option<tcgen::import::Summary> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(tcgen::import::import(&root, &[dir], &options()).expect("import runs"));
    });
    rx.recv_timeout(Duration::from_secs(60)).ok()
}

#[cfg(unix)]
#[test]
fn a_fifo_in_a_catalogue_directory_fails_its_version_without_hanging() {
    let sandbox = Sandbox::new();
    let dir = sandbox.catalogue("fifo");
    write_service(&dir, &Names::default());
    fs::remove_file(dir.join("examples.json")).expect("rm");
    let made = std::process::Command::new("mkfifo").arg(dir.join("examples.json")).status().expect("mkfifo runs");
    assert!(made.success(), "mkfifo");
    let summary = import_or_hang(sandbox.root(), dir).expect("the import does not hang on a FIFO");
    assert_eq!(summary.failures.len(), 1, "{:?}", summary.failures);
    let message = &summary.failures[0].1;
    assert!(message.contains("examples.json") && message.contains("not a regular file"), "{message}");
}

#[test]
fn a_catalogue_file_over_the_size_bound_fails_its_version_naming_file_size_and_bound() {
    let sandbox = Sandbox::new();
    let dir = sandbox.catalogue("big");
    write_service(&dir, &Names::default());
    let size = tcgen::import::MAX_SOURCE_BYTES + 1;
    // A sparse file: no disk is used, and a bounded reader reads none of it.
    fs::File::create(dir.join("examples.json")).and_then(|f| f.set_len(size)).expect("sparse file");
    let summary = tcgen::import::import(&sandbox.root(), &[dir], &options()).expect("import runs");
    assert_eq!(summary.failures.len(), 1, "{:?}", summary.failures);
    let message = &summary.failures[0].1;
    assert!(message.contains("examples.json"), "names the file: {message}");
    assert!(message.contains(&format!("{size} bytes")), "gives its size: {message}");
    assert!(message.contains(&format!("{} bytes", tcgen::import::MAX_SOURCE_BYTES)), "gives the bound: {message}");
    assert!(!sandbox.root().join("spec/demo").exists(), "nothing of the version is written");
}

#[test]
fn a_raw_request_with_very_many_lines_still_gives_its_body() {
    let sandbox = Sandbox::new();
    let dir = sandbox.catalogue("lines");
    write_service(&dir, &Names::default());
    // 4 MB of blank lines, then a header, and the body. Finding the body once followed
    // every blank line to that header: quadratic time, 36 s for 165 KB in a release
    // build, hours for this; linear, it takes a second or two. The 60 s bound only
    // tells a hang from a finish.
    let mut input = String::from("POST / HTTP/1.1\nHost: demo.tencentcloudapi.com\n");
    input.push_str(&"\n".repeat(4_000_000));
    input.push_str("X-TC-Version: 2020-01-01\n\n{\"Limit\": 7}\n");
    fs::write(dir.join("examples.json"), examples_json("DescribeThings", &input).to_string()).expect("examples");
    let summary = import_or_hang(sandbox.root(), dir).expect("the import finishes (a quadratic scan would hang)");
    assert!(summary.failures.is_empty(), "{:?}", summary.failures);
    let fixture = sandbox.root().join("tests/fixtures/demo/v20200101/DescribeThings.1.json");
    let fixture: Value = serde_json::from_slice(&fs::read(fixture).expect("fixture")).expect("json");
    assert_eq!(fixture["exchanges"][0]["request"]["body"], json!({"Limit": 7}), "{fixture}");
    assert!(fixture.get("known_issue").is_none(), "{fixture}");
}

#[test]
fn escape_sequences_in_a_description_reach_no_terminal_raw() {
    let sandbox = Sandbox::new();
    let bad_service = sandbox.catalogue("service\u{1b}[31m");
    write_service(&bad_service, &Names { service: "x\u{1b}]0;owned\u{7}\u{1b}[2J".into(), ..Names::default() });
    let bad_action = sandbox.catalogue("action");
    write_service(&bad_action, &Names { action: "Describe\u{1b}[2JThings\nerror: forged".into(), ..Names::default() });
    let bad_status = sandbox.catalogue("status");
    write_service(&bad_status, &Names::default());
    let api = fs::read_to_string(bad_status.join("api.json")).expect("api.json");
    let api = api.replacen("\"online\"", "\"\\u001b[2Jonline\\nerror: forged\"", 1);
    fs::write(bad_status.join("api.json"), api).expect("api.json");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tcgen"))
        .arg("--root")
        .arg(sandbox.root())
        .args(["import", "--package", "test", "--package-version", "1"])
        .arg(sandbox.base.path().join("catalogue"))
        .output()
        .expect("tcgen runs");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    for (name, text) in [("stderr", &stderr), ("stdout", &stdout)] {
        assert!(
            !text.contains(|c: char| c.is_control() && c != '\n'),
            "{name} has no control character but line ends: {text:?}"
        );
        assert!(!text.contains("\nerror: forged"), "{name}: no outside text starts a line: {text}");
    }
    assert!(stderr.contains("\\u{1b}[2J"), "the escape sequence is shown escaped: {stderr}");
    assert!(stderr.contains("service\\u{1b}[31m"), "the directory is shown escaped: {stderr}");
    assert!(stdout.contains("3 failure(s)"), "{stdout}");
}
