//! Validation as generated code performs it: generates the made-up service of
//! `tests/fixtures/specs/constraints` (every constraint kind on a required field, an
//! optional field, a nested model and a list of models, and both clock rules) against
//! this repository's runtime, and runs `tests/fixtures/specs/constraints/check.rs`
//! against the generated crate. It fails when a check of `runtime/src/validation/mod.rs` is
//! disabled and when the generator stops anchoring patterns (see MUTANTS.md).
//! Runs cargo offline, with its own target directory under `target/`.

use std::fs;

use tencentcloud_sdk_tests::{copy_dir, repo_root};

#[cfg(unix)]
#[test]
fn generated_code_checks_every_constraint_kind_on_every_kind_of_field() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    let repo = repo_root();
    fs::create_dir_all(root.join("spec")).expect("mkdir");
    fs::copy(repo.join("spec/common.yaml"), root.join("spec/common.yaml")).expect("copy common.yaml");
    copy_dir(&repo.join("templates"), &root.join("templates"));
    fs::create_dir_all(root.join("spec/constraints")).expect("mkdir");
    let spec = repo.join("tests/fixtures/specs/constraints/v20240101.yaml");
    fs::copy(&spec, root.join("spec/constraints/v20240101.yaml")).expect("copy spec");
    std::os::unix::fs::symlink(repo.join("runtime"), root.join("runtime")).expect("symlink runtime");
    tcgen::generate(root).expect("the constraints spec generates");
    let mut generated: Vec<_> =
        fs::read_dir(root.join("generated")).expect("generated/").map(|e| e.expect("entry").file_name()).collect();
    generated.sort();
    assert_eq!(generated, ["cli", "constraints"], "the service crate, and the command line over it");

    fs::create_dir_all(root.join("check/tests")).expect("mkdir");
    fs::write(
        root.join("check/Cargo.toml"),
        "[package]\nname = \"check\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [lib]\npath = \"lib.rs\"\n\n[dependencies]\n\
         constraints = { package = \"tencentcloud-constraints\", path = \"../generated/constraints\", default-features = false, features = [\"v20240101\", \"request-deserialize\"] }\n\
         serde_json = \"1\"\n",
    )
    .expect("write");
    fs::write(root.join("check/lib.rs"), "//! Empty: the checks are tests.\n").expect("write");
    fs::copy(repo.join("tests/fixtures/specs/constraints/check.rs"), root.join("check/tests/check.rs")).expect("copy");

    // The repository's workspace manifest (the runtime inherits from it), over this tree.
    let manifest = fs::read_to_string(repo.join("Cargo.toml")).expect("manifest");
    let members = "members = [\"runtime\", \"cli\", \"generated/*\", \"tests\"]";
    assert!(manifest.contains(members), "the workspace members changed; update this test");
    // Only the service crate: the command line is not what this test checks.
    fs::write(
        root.join("Cargo.toml"),
        manifest.replace(members, "members = [\"runtime\", \"generated/constraints\", \"check\"]"),
    )
    .expect("manifest");
    fs::copy(repo.join("Cargo.lock"), root.join("Cargo.lock")).expect("lock");
    let output = std::process::Command::new(env!("CARGO"))
        .current_dir(root)
        .env("CARGO_TARGET_DIR", repo.join("target/spec-constraints"))
        .args(["test", "--offline", "-p", "check", "--test", "check"])
        .output()
        .expect("run cargo test");
    assert!(
        output.status.success(),
        "the generated validation does not behave as the spec says:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
