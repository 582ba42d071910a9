//! The generator: `generated/` is exactly what the specs produce, output is byte-stable,
//! a deleted `generated/` is restored byte for byte, and bad specs are refused with the
//! file, line and field, leaving `generated/` untouched.

use std::fs;
use std::path::Path;

mod common;
use common::{copy_dir, repo_root, tree};

/// Copies what the generator reads (spec/, the imported specs' recorded examples under
/// tests/fixtures/, templates/, runtime/Cargo.toml) into `dst`.
fn copy_inputs(dst: &Path) {
    let root = repo_root();
    copy_dir(&root.join("spec"), &dst.join("spec"));
    copy_dir(&root.join("tests/fixtures"), &dst.join("tests/fixtures"));
    copy_dir(&root.join("templates"), &dst.join("templates"));
    fs::create_dir_all(dst.join("runtime")).expect("mkdir");
    fs::copy(root.join("runtime/Cargo.toml"), dst.join("runtime/Cargo.toml")).expect("copy");
}

#[test]
fn generated_matches_the_specs() {
    let drift = tcgen::check(&repo_root()).expect("specs load");
    assert!(drift.is_empty(), "generated/ is stale; run `cargo tcgen`:\n{drift:#?}");
}

#[test]
fn rendering_is_deterministic() {
    let root = repo_root();
    assert_eq!(tcgen::render(&root).expect("render"), tcgen::render(&root).expect("render"));
}

#[test]
fn a_deleted_generated_tree_is_restored_byte_for_byte() {
    let tmp = tempfile::tempdir().expect("tempdir");
    copy_inputs(tmp.path());
    assert!(!tmp.path().join("generated").exists());
    let changed = tcgen::generate(tmp.path()).expect("generate");
    assert!(changed > 0);
    assert_eq!(tree(&tmp.path().join("generated")), tree(&repo_root().join("generated")));
    assert_eq!(tcgen::generate(tmp.path()).expect("second run"), 0, "a second run changes nothing");
    assert!(!tmp.path().join(".generated.new").exists() && !tmp.path().join(".generated.old").exists());
}

#[test]
fn the_examples_of_an_offline_action_are_not_carried() {
    let tmp = tempfile::tempdir().expect("tempdir");
    copy_inputs(tmp.path());
    let spec = tmp.path().join("spec/trtc/v20190722.yaml");
    let text = fs::read_to_string(&spec).expect("read");
    let action = "  DescribeRoomInfo:\n    title: Queries the room list\n";
    assert!(text.contains(action));
    fs::write(&spec, text.replace(action, &format!("{action}    status: offline\n"))).expect("write");
    tcgen::generate(tmp.path()).expect("generate");
    let fixtures = tmp.path().join("generated/trtc/tests/fixtures/v20190722");
    assert!(!fixtures.join("DescribeRoomInfo.1.json").exists(), "nothing to replay it through");
    assert!(fixtures.join("DescribeUserInfo.1.json").is_file());
    let test = fs::read_to_string(tmp.path().join("generated/trtc/tests/examples.rs")).expect("read");
    assert!(!test.contains("\"DescribeRoomInfo\""), "no replay arm for it");
}

#[test]
fn check_names_changed_missing_and_extra_files() {
    let tmp = tempfile::tempdir().expect("tempdir");
    copy_inputs(tmp.path());
    tcgen::generate(tmp.path()).expect("generate");
    let gen = tmp.path().join("generated/trtc");
    fs::write(gen.join("src/v20190722/types.rs"), "// edited by hand\n").expect("write");
    fs::remove_file(gen.join("README.md")).expect("rm");
    fs::write(gen.join("src/stray.rs"), "").expect("write");
    let drift: Vec<String> = tcgen::check(tmp.path()).expect("check").iter().map(ToString::to_string).collect();
    assert_eq!(
        drift,
        [
            "missing:  generated/trtc/README.md",
            "extra:    generated/trtc/src/stray.rs",
            "differs:  generated/trtc/src/v20190722/types.rs",
        ]
    );
}

/// The hand-written DescribeUserInfo spec the spec-error tests edit (the TRTC spec as it
/// was before the import: every fact in one file, in the hand-written format).
const HANDWRITTEN: &str = "tests/fixtures/specs/handwritten/trtc/v20190722.yaml";

/// A tree with `spec/common.yaml`, the templates and the hand-written TRTC spec only.
fn handwritten_tree() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    copy_inputs(tmp.path());
    let spec = tmp.path().join("spec");
    for entry in fs::read_dir(&spec).expect("read_dir") {
        let p = entry.expect("entry").path();
        if p.is_dir() {
            fs::remove_dir_all(p).expect("rm");
        }
    }
    fs::create_dir_all(spec.join("trtc")).expect("mkdir");
    fs::copy(repo_root().join(HANDWRITTEN), spec.join("trtc/v20190722.yaml")).expect("copy");
    tmp
}

/// Replaces `from` by `to` in the hand-written TRTC spec of a copied tree, runs the
/// generator and returns its result; checks that `generated/` was left as it was on error.
fn spec_result(from: &str, to: &str) -> (tempfile::TempDir, Result<usize, String>) {
    let tmp = handwritten_tree();
    tcgen::generate(tmp.path()).expect("generate");
    let before = tree(&tmp.path().join("generated"));
    let spec = tmp.path().join("spec/trtc/v20190722.yaml");
    let text = fs::read_to_string(&spec).expect("read");
    assert!(text.contains(from), "the spec no longer contains {from:?}");
    fs::write(&spec, text.replacen(from, to, 1)).expect("write");
    let result = tcgen::generate(tmp.path()).map_err(|e| e.to_string());
    if result.is_err() {
        assert_eq!(tree(&tmp.path().join("generated")), before, "generated/ must be untouched");
    }
    (tmp, result)
}

/// As [`spec_result`], for a change that must be refused: the error text.
fn spec_error(from: &str, to: &str) -> String {
    spec_result(from, to).1.expect_err("a bad spec is refused")
}

/// The 1-based line of the first occurrence of `needle` in the hand-written TRTC spec.
fn line_of(needle: &str) -> usize {
    let text = fs::read_to_string(repo_root().join(HANDWRITTEN)).expect("read");
    text.lines().position(|l| l.contains(needle)).expect("needle present") + 1
}

#[test]
fn unknown_type_names_file_line_and_field() {
    let err = spec_error("        type: [UserInformation]", "        type: [UserInfo]");
    let line = line_of("type: [UserInformation]");
    let expected = format!("spec/trtc/v20190722.yaml:{line}:");
    assert!(err.contains(&expected), "{err}");
    assert!(err.contains("actions.DescribeUserInfo.output.UserList.type[0]"), "{err}");
    assert!(err.contains("unknown type `UserInfo`"), "{err}");
}

#[test]
fn unknown_error_code_is_refused() {
    let err = spec_error("error: InvalidParameter.PageSizeOversize", "error: InvalidParameter.PageSizeTooBig");
    let line = line_of("error: InvalidParameter.PageSizeOversize");
    assert!(err.contains(&format!("spec/trtc/v20190722.yaml:{line}:")), "{err}");
    assert!(err.contains("actions.DescribeUserInfo.input.PageSize.constraints[1].error"), "{err}");
    assert!(err.contains("unknown error code `InvalidParameter.PageSizeTooBig`"), "{err}");
}

#[test]
fn misspelled_key_is_refused_with_its_line() {
    let err = spec_error("        missing: MissingParameter.CommId", "        mising: MissingParameter.CommId");
    let line = line_of("missing: MissingParameter.CommId");
    assert!(err.contains(&format!("spec/trtc/v20190722.yaml:{line}:")), "{err}");
    assert!(err.contains("unknown field `mising`"), "{err}");
}

#[test]
fn duplicate_key_is_refused() {
    let err = spec_error("      PageNumber:\n", "      PageSize:\n");
    assert!(err.contains("duplicate key"), "{err}");
    assert!(err.contains("actions.DescribeUserInfo.input.PageSize"), "{err}");
}

#[test]
fn constraint_on_the_wrong_type_is_refused() {
    let err = spec_error("          - min_items: 1", "          - min: 1");
    assert!(err.contains("actions.DescribeUserInfo.input.UserIds.constraints[0].min"), "{err}");
    assert!(err.contains("does not apply to this field's type"), "{err}");
}

#[test]
fn colliding_error_variants_are_renamed() {
    let (tmp, result) = spec_result(
        "      InternalError.DBError: An error",
        "      InternalErrorDBError: Collides.\n      InternalError.DBError: An error",
    );
    result.expect("colliding codes are renamed, not refused");
    let op = fs::read_to_string(tmp.path().join("generated/trtc/src/v20190722/operation/describe_user_info.rs"))
        .expect("op");
    assert!(op.contains("\"InternalError.DBError\" => Self::InternalErrorDBError(meta)"), "first in code order");
    assert!(op.contains("\"InternalErrorDBError\" => Self::InternalErrorDBError2(meta)"), "then `2`");
}

#[test]
fn rule_on_a_missing_field_is_refused() {
    let err = spec_error("max_span: { start: StartTime", "max_span: { start: StartTs");
    assert!(err.contains("actions.DescribeUserInfo.rules[0].max_span.start"), "{err}");
    assert!(err.contains("`StartTs` is not an input of this action"), "{err}");
}

#[test]
fn crossed_bounds_are_refused() {
    let err = spec_error("          - min: 1\n", "          - min: 101\n");
    assert!(err.contains("actions.DescribeUserInfo.input.PageSize.constraints: min is above max"), "{err}");
}

/// The hand-written PageSize's upper bound.
const PAGE_SIZE_MAX: &str = "          - max: 100\n            error: InvalidParameter.PageSizeOversize\n";

#[test]
fn documented_only_constraints_need_a_known_reason() {
    let err = spec_error(PAGE_SIZE_MAX, "          - max: 100\n            enforce: false\n");
    assert!(err.contains("actions.DescribeUserInfo.input.PageSize.constraints[1].enforce"), "{err}");
    assert!(err.contains("`enforce: false` needs a `reason`"), "{err}");
    let err = spec_error(PAGE_SIZE_MAX, "          - max: 100\n            reason: clamped\n");
    assert!(err.contains("actions.DescribeUserInfo.input.PageSize.constraints[1].reason"), "{err}");
    assert!(err.contains("add `enforce: false`"), "{err}");
    let err =
        spec_error(PAGE_SIZE_MAX, "          - max: 100\n            enforce: false\n            reason: guessed\n");
    assert!(err.contains("unknown variant `guessed`"), "{err}");
    let err = spec_error(
        PAGE_SIZE_MAX,
        "          - max: 100\n            enforce: false\n            reason: clamped\n            error: InvalidParameter.PageSizeOversize\n",
    );
    assert!(err.contains("actions.DescribeUserInfo.input.PageSize.constraints[1].error"), "{err}");
    assert!(err.contains("not enforced"), "{err}");
}

#[test]
fn documented_only_constraints_are_shown_not_checked() {
    let (tmp, result) =
        spec_result(PAGE_SIZE_MAX, "          - max: 100\n            enforce: false\n            reason: clamped\n");
    result.expect("a documented-only bound generates");
    let op = fs::read_to_string(tmp.path().join("generated/trtc/src/v20190722/operation/describe_user_info.rs"))
        .expect("op");
    assert!(
        op.contains("Documented: at most `100`; not checked before sending, since the server adjusts values"),
        "the docs keep the bound and say why it is not checked"
    );
    assert!(
        op.contains("\"PageSize\",\n                    *value,\n                    1,"),
        "the enforced minimum is checked"
    );
    assert!(
        !op.contains("\"PageSize\",\n                    *value,\n                    100,"),
        "the documented maximum is not"
    );
}

#[test]
fn nullable_input_is_refused() {
    let err = spec_error(
        "        missing: MissingParameter.SdkAppId\n",
        "        missing: MissingParameter.SdkAppId\n        nullable: true\n",
    );
    assert!(err.contains("actions.DescribeUserInfo.input.SdkAppId.nullable"), "{err}");
}

/// Generates the made-up service of `tests/fixtures/specs/features` next to the TRTC spec
/// and compiles every generated crate with clippy (warnings denied), so that what the
/// bundled spec does not use (keyword names, nested and optional models, floats, several
/// patterns, unsigned and deprecated actions, example programs) still yields good code.
/// Runs cargo offline, with its own target directory under `target/`.
#[cfg(unix)]
#[test]
fn a_spec_using_every_feature_generates_clippy_clean_code() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    copy_inputs(root);
    for entry in fs::read_dir(root.join("spec")).expect("read_dir") {
        let p = entry.expect("entry").path();
        if p.is_dir() {
            fs::remove_dir_all(p).expect("rm");
        }
    }
    copy_dir(&repo_root().join("tests/fixtures/specs/features"), &root.join("spec/features"));
    fs::remove_file(root.join("runtime/Cargo.toml")).expect("rm");
    fs::remove_dir(root.join("runtime")).expect("rmdir");
    std::os::unix::fs::symlink(repo_root().join("runtime"), root.join("runtime")).expect("symlink runtime");
    // The command line's engine, which the generated `generated/cli` depends on.
    std::os::unix::fs::symlink(repo_root().join("cli"), root.join("cli")).expect("symlink cli");
    tcgen::generate(root).expect("the features spec generates");

    // Two versions of one service: one crate, a module per version.
    let krate = root.join("generated/features");
    let v1 = krate.join("src/v20240101");
    let v2 = krate.join("src/v20250101");
    let op = fs::read_to_string(v1.join("operation/spans.rs")).expect("spans.rs");
    let throttling = op.find("Some(RetryKind::Throttling)").expect("a throttling arm");
    let arm = &op[..throttling];
    assert!(arm.contains("Self::RequestLimitExceeded(_)"), "a redeclared RequestLimitExceeded stays throttling");
    assert!(op.contains("Some(RetryKind::Transient)"));
    assert!(v1.join("operation/move_.rs").is_file());
    assert!(krate.join("examples/features_v20240101_assume_something.rs").is_file());
    // Renaming, never refusing; wire names stay exact.
    let types = fs::read_to_string(v2.join("types.rs")).expect("types.rs");
    assert!(types.contains("pub struct SerializeModel"), "a model named Serialize is renamed");
    assert!(types.contains("pub name_2: Option<String>"), "members equal after case conversion");
    assert!(types.contains("pub next: Option<Box<crate::v20250101::types::Node>>"), "a recursive model is boxed");
    assert!(
        types.contains("pub parent: Option<Box<crate::v20250101::types::Node>>"),
        "a required member on a cycle is optional"
    );
    assert!(types.contains(": lenient(\""), "always-present members decode leniently");
    assert!(types.contains("pub label: Option<String>"), "required only in requests: an Option...");
    assert!(types.contains("report.required(prefix, \"Label\""), "...that validation requires");
    let new = fs::read_to_string(v2.join("operation/new_2.rs")).expect("an action named New becomes new_2");
    assert!(new.contains("pub fn build_2(mut self"), "a member named Build");
    assert!(
        new.contains("pub fn default_2(mut self, value: crate::v20250101::types::IntoModel)"),
        "Default, and a model Into"
    );
    assert!(
        new.contains("pub type NewError = crate::v20250101::error::Error;"),
        "no own codes: the service-wide error"
    );
    let create = fs::read_to_string(v2.join("operation/create_thing.rs")).expect("create_thing.rs");
    assert!(create.contains(".idempotent()") && create.contains(".with_client_token(\"ClientToken\")"));
    assert!(create.contains("fn fill_client_token"));
    let token = fs::read_to_string(v2.join("operation/list_by_token.rs")).expect("list_by_token.rs");
    assert!(token.contains("pub fn into_paginator(") && token.contains("PageStyle::Token"), "a token paginator");
    let offset = fs::read_to_string(v2.join("operation/list_by_offset.rs")).expect("list_by_offset.rs");
    assert!(offset.contains("pub fn into_paginator(") && offset.contains("PageStyle::OffsetLimit"), "an offset one");
    // Spec text is never compiled or run: fences become `text`, indented text is not code.
    assert!(create.contains("/// ```text\n/// fn main() { panic!(\"ran\") }"), "{create}");
    assert!(!create.contains("///     std::process::exit(3);"), "indented text is not an indented code block");
    assert!(create.contains("<https://example.com/x>"), "bare links are wrapped");
    let errors = fs::read_to_string(v2.join("error.rs")).expect("error.rs");
    assert!(errors.contains("\"UnsupportedOperation.\" => ErrorCode::UnsupportedOperation2"));
    assert!(errors.contains("ErrorCode::FailedOperationBusy => Some(RetryKind::Transient)"), "a code's retry class");
    assert!(!v2.join("operation/retired_action.rs").exists(), "offline actions are not generated");
    assert!(fs::read_to_string(v2.join("mod.rs")).expect("mod.rs").contains("`RetiredAction`"), "but listed");

    // A program using both versions at once, each through its typed mock.
    fs::create_dir_all(root.join("both/src")).expect("mkdir");
    fs::write(
        root.join("both/Cargo.toml"),
        "[package]\nname = \"both\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n\
         features = { package = \"tencentcloud-features\", path = \"../generated/features\", default-features = false, \
         features = [\"v20240101\", \"v20250101\", \"test-util\"] }\n\
         serde_json = \"1\"\ntokio = { version = \"1\", features = [\"rt\", \"macros\"] }\n",
    )
    .expect("write");
    fs::write(root.join("both/src/main.rs"), BOTH_VERSIONS).expect("write");

    // The repository's workspace manifest (the runtime inherits from it), over this tree.
    let manifest = fs::read_to_string(repo_root().join("Cargo.toml")).expect("manifest");
    let members = "members = [\"runtime\", \"cli\", \"generated/*\", \"tests\"]";
    assert!(manifest.contains(members), "the workspace members changed; update this test");
    let manifest = manifest.replace(members, "members = [\"runtime\", \"cli\", \"generated/*\", \"both\"]");
    fs::write(root.join("Cargo.toml"), manifest).expect("manifest");
    fs::copy(repo_root().join("Cargo.lock"), root.join("Cargo.lock")).expect("lock");
    let output = std::process::Command::new(env!("CARGO"))
        .current_dir(root)
        .env("CARGO_TARGET_DIR", repo_root().join("target/spec-features"))
        .args(["clippy", "--offline", "--workspace", "--all-targets", "--no-default-features", "--", "-D", "warnings"])
        .output()
        .expect("run cargo clippy");
    assert!(
        output.status.success(),
        "generated code does not pass clippy:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let cargo = |args: &[&str]| {
        std::process::Command::new(env!("CARGO"))
            .current_dir(root)
            .env("CARGO_TARGET_DIR", repo_root().join("target/spec-features"))
            .args(args)
            .output()
            .expect("run cargo")
    };
    // Both versions called in one program.
    let output = cargo(&["run", "--offline", "-q", "-p", "both"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(stdout.trim(), "2024-01-01 old-1 2025-01-01 new-1");
    // One version alone, trimmed with `default-features = false`.
    let output = cargo(&[
        "check",
        "--offline",
        "-p",
        "tencentcloud-features",
        "--all-targets",
        "--no-default-features",
        "--features",
        "rustls,v20240101",
    ]);
    assert!(output.status.success(), "one version alone:\n{}", String::from_utf8_lossy(&output.stderr));
}

/// The program that calls both versions of the features service, each through the mock
/// of its own module.
const BOTH_VERSIONS: &str = r#"//! Both versions of one service in one program.
use features::{v20240101 as old, v20250101 as new};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let old_mock = old::mock::MockTransport::new().with_rule(
        old::mock::rule::<old::operation::no_input::NoInputRequest>()
            .then_json(serde_json::json!({"RequestId": "old-1"})),
    );
    let new_mock = new::mock::MockTransport::new().with_rule(
        new::mock::rule::<new::operation::new_2::NewRequest>()
            .then_json(serde_json::json!({"RequestId": "new-1", "Root": {}, "Count": 1})),
    );
    let a = old::mock::client(&old_mock).no_input().send().await.expect("the old version answers");
    let b = new::mock::client(&new_mock).new_2().send().await.expect("the new version answers");
    old_mock.assert_all_used();
    new_mock.assert_all_used();
    println!("{} {} {} {}", old::API_VERSION, a.request_id, new::API_VERSION, b.request_id);
}
"#;

#[test]
fn names_the_generated_code_needs_are_renamed_by_one_rule() {
    let (tmp, result) = spec_result(
        "      MissingParameter: Missing parameter.\n",
        "      MissingParameter: Missing parameter.\n      Unhandled: Reserved.\n",
    );
    result.expect("a code named Unhandled is renamed");
    let op = fs::read_to_string(tmp.path().join("generated/trtc/src/v20190722/operation/describe_user_info.rs"))
        .expect("op");
    assert!(op.contains("\"Unhandled\" => Self::Unhandled2(meta)"), "the code keeps its wire name");
    let (tmp, result) = spec_result("      PageNumber:\n", "      Send:\n");
    result.expect("an input named like a builder method is renamed");
    let op = fs::read_to_string(tmp.path().join("generated/trtc/src/v20190722/operation/describe_user_info.rs"))
        .expect("op");
    assert!(op.contains("pub fn send_2(mut self, value: u64)"), "the member's methods take `_2`");
    assert!(op.contains("send_2: optional(\"Send\")"), "the wire name stays exact");
}

#[test]
fn span_fields_of_different_types_are_refused() {
    let err = spec_error(
        "        type: uint64\n        required: true\n        missing: MissingParameter.EndTs",
        "        type: int64\n        required: true\n        missing: MissingParameter.EndTs",
    );
    assert!(
        err.contains("actions.DescribeUserInfo.rules[0].max_span: start and end must have the same integer type"),
        "{err}"
    );
}

#[test]
fn model_usage_must_match_where_it_is_used() {
    let err = spec_error("    usage: out\n", "    usage: in\n");
    assert!(err.contains("models.UserInformation.usage: the model is used in a response"), "{err}");
}

#[test]
fn paginate_members_are_checked_where_the_spec_states_them() {
    let err = spec_error(
        "    input:\n",
        "    paginate: { kind: offset_limit, offset: PageNumber, limit: CommId, items: Total, next_token: X }\n    input:\n",
    );
    let line = line_of("    input:");
    assert!(err.contains(&format!("spec/trtc/v20190722.yaml:{line}:")), "{err}");
    assert!(err.contains("actions.DescribeUserInfo.paginate.limit: `CommId` is not an integer input"), "{err}");
    assert!(err.contains("actions.DescribeUserInfo.paginate.items: `Total` is not a list output"), "{err}");
    assert!(err.contains("actions.DescribeUserInfo.paginate.next_token: `next_token` does not belong"), "{err}");
    let err = spec_error("    input:\n", "    paginate: { kind: token, token: Nope, items: UserList }\n    input:\n");
    assert!(err.contains("actions.DescribeUserInfo.paginate: `kind: token` needs `next_token`"), "{err}");
    assert!(err.contains("actions.DescribeUserInfo.paginate.token: `Nope` is not an input of this action"), "{err}");
}

/// The hand-written TRTC spec without its explicit crate name, as version `version`.
fn trtc_version(version: &str) -> String {
    fs::read_to_string(repo_root().join(HANDWRITTEN))
        .expect("read")
        .replacen("  crate: tencentcloud-trtc\n", "", 1)
        .replacen("version: \"2019-07-22\"", &format!("version: \"{version}\""), 1)
}

/// Every `crate::` path of `text` goes through `module` (`crate::v20190722::types::X`).
fn paths_stay_in(text: &str, module: &str) -> bool {
    text.match_indices("crate::").all(|(at, _)| text[at + "crate::".len()..].starts_with(&format!("{module}::")))
}

#[test]
fn each_version_is_a_module_behind_its_own_feature() {
    let tmp = handwritten_tree();
    fs::write(tmp.path().join("spec/trtc/v20190722.yaml"), trtc_version("2019-07-22")).expect("write");
    fs::write(tmp.path().join("spec/trtc/v20200101.yaml"), trtc_version("2020-01-01")).expect("write");
    let files = tcgen::render(tmp.path()).expect("render");
    let crates: std::collections::BTreeSet<&str> = files.keys().filter_map(|p| p.split('/').next()).collect();
    assert_eq!(crates.into_iter().collect::<Vec<_>>(), ["cli", "trtc"], "one crate for both versions");
    let manifest = &files["trtc/Cargo.toml"];
    assert!(manifest.contains("name = \"tencentcloud-trtc\""), "{manifest}");
    assert!(manifest.contains("default = [\"rustls\", \"v20190722\", \"v20200101\"]"), "{manifest}");
    let lib = &files["trtc/src/lib.rs"];
    for module in ["v20190722", "v20200101"] {
        assert!(manifest.contains(&format!("\n{module} = []\n")), "a feature per version: {manifest}");
        assert!(lib.contains(&format!("#[cfg(feature = \"{module}\")]\npub mod {module};")), "{lib}");
        let version_files: Vec<(&String, &String)> =
            files.iter().filter(|(p, _)| p.starts_with(&format!("trtc/src/{module}/"))).collect();
        for name in ["mod.rs", "client.rs", "dynamic.rs", "error.rs", "types.rs", "operation/mod.rs"] {
            assert!(files.contains_key(&format!("trtc/src/{module}/{name}")), "{module}/{name}");
        }
        for (path, text) in &version_files {
            assert!(paths_stay_in(text, module), "{path} names an item outside {module}");
        }
        let root = &files[&format!("trtc/src/{module}/mod.rs")];
        assert!(root.contains(&format!("pub use crate::{module}::client::Client;")), "{root}");
        assert!(root.contains("pub const API_VERSION: &str = \""), "{root}");
    }
    // The crate root holds only what no version changes: no `Client` of a "current" version.
    assert!(lib.contains("pub const SERVICE: &str = \"trtc\";"), "{lib}");
    assert!(lib.contains("pub use tencentcloud_runtime as runtime;"), "{lib}");
    assert!(lib.contains("pub use tencentcloud_runtime::{Endpoint, Language};"), "{lib}");
    assert!(!lib.contains("Client;") && !lib.contains("API_VERSION"), "{lib}");
    // The command line lists both versions of the one crate.
    let main = &files["cli/src/main.rs"];
    assert!(main.contains("&tencentcloud_trtc::v20190722::dynamic::SERVICE"), "{main}");
    assert!(main.contains("&tencentcloud_trtc::v20200101::dynamic::SERVICE"), "{main}");
    assert_eq!(files["cli/Cargo.toml"].matches("tencentcloud-trtc = ").count(), 1);
}

#[test]
fn the_crate_prefix_option_names_every_crate_but_not_its_directory() {
    let tmp = handwritten_tree();
    fs::write(tmp.path().join("spec/trtc/v20190722.yaml"), trtc_version("2019-07-22")).expect("write");
    let tcgen = |args: &[&str]| {
        let mut all = vec!["--root", tmp.path().to_str().expect("UTF-8 temp path")];
        all.extend_from_slice(args);
        std::process::Command::new(env!("CARGO_BIN_EXE_tcgen")).args(&all).output().expect("run tcgen")
    };
    let output = tcgen(&["--crate-prefix", "tencentcloud-cn-", "generate"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let manifest = fs::read_to_string(tmp.path().join("generated/trtc/Cargo.toml")).expect("generated/trtc");
    assert!(manifest.contains("name = \"tencentcloud-cn-trtc\""), "{manifest}");
    let cli = fs::read_to_string(tmp.path().join("generated/cli/Cargo.toml")).expect("cli manifest");
    assert!(cli.contains("tencentcloud-cn-trtc = { path = \"../trtc\""), "{cli}");
    assert!(tcgen(&["--crate-prefix", "tencentcloud-cn-", "check"]).status.success(), "the same prefix: no drift");
    let default = tcgen(&["check"]);
    assert!(!default.status.success(), "the default prefix names other crates");
    for bad in ["", "Tencent-", "a/b-", "-x", "x\n"] {
        let output = tcgen(&[&format!("--crate-prefix={bad}"), "validate"]);
        assert_eq!(output.status.code(), Some(2), "{bad:?} is refused");
        assert!(String::from_utf8_lossy(&output.stderr).contains("crate prefix"), "{bad:?}");
    }
}
