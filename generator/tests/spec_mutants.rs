//! Pins what the mutation pass found unpinned in `spec/` (see MUTANTS.md): which files of
//! a spec directory are specs, and overlays without their spec.

use std::fs;

mod common;
use common::repo_root;

/// The hand-written DescribeUserInfo spec (every fact in one file).
const HANDWRITTEN: &str = "tests/fixtures/specs/handwritten/trtc/v20190722.yaml";

/// A project root with `spec/common.yaml` and the hand-written TRTC spec saved as
/// `spec/trtc/<file>`.
fn tree_with(file: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = repo_root();
    fs::create_dir_all(tmp.path().join("spec/trtc")).expect("mkdir");
    fs::copy(root.join("spec/common.yaml"), tmp.path().join("spec/common.yaml")).expect("copy");
    fs::copy(root.join(HANDWRITTEN), tmp.path().join("spec/trtc").join(file)).expect("copy");
    tmp
}

#[test]
fn specs_are_the_yaml_and_yml_files_and_nothing_else() {
    for file in ["v20190722.yaml", "v20190722.yml"] {
        let tmp = tree_with(file);
        // Other files beside the spec are not specs (they would not parse as one).
        fs::write(tmp.path().join("spec/trtc/NOTES.txt"), "not: [a spec").expect("write");
        fs::write(tmp.path().join("spec/trtc/v20190722.json"), "{}").expect("write");
        let services = tcgen::load(tmp.path()).unwrap_or_else(|e| panic!("{file}: {e}"));
        let files: Vec<&str> = services.iter().map(|s| s.spec_file.as_str()).collect();
        assert_eq!(files, [format!("spec/trtc/{file}")], "{file}");
    }
}

#[test]
fn an_overlay_without_its_spec_is_kept_but_still_checked() {
    let overlay = "actions: {}\n";
    // Beside `v20190722.yml`, the overlay of `v20190722` has its spec.
    let tmp = tree_with("v20190722.yml");
    fs::write(tmp.path().join("spec/trtc/v20190722.overlay.yaml"), overlay).expect("write");
    tcgen::load(tmp.path()).expect("an overlay beside its .yml spec");
    // With neither `v20200101.yaml` nor `v20200101.yml`, its overlay waits for a release
    // that imports the spec: the project still loads.
    fs::write(tmp.path().join("spec/trtc/v20200101.overlay.yaml"), overlay).expect("write");
    let services = tcgen::load(tmp.path()).expect("an overlay for a spec not committed");
    assert_eq!(services.len(), 1);
    // But a mistake in it is found now, located.
    fs::write(tmp.path().join("spec/trtc/v20200101.overlay.yaml"), "actions: {}\nactoins: {}\n").expect("write");
    let err = tcgen::load(tmp.path()).map(|_| ()).expect_err("a broken detached overlay").to_string();
    assert!(err.contains("spec/trtc/v20200101.overlay.yaml:2"), "{err}");
}

/// The hand-written spec as `spec/<dir>/<file>`, edited by `edit`, beside the TRTC one.
fn add_spec(tmp: &tempfile::TempDir, dir: &str, file: &str, edit: impl Fn(String) -> String) {
    let text = fs::read_to_string(repo_root().join(HANDWRITTEN)).expect("read");
    fs::create_dir_all(tmp.path().join("spec").join(dir)).expect("mkdir");
    fs::write(tmp.path().join("spec").join(dir).join(file), edit(text)).expect("write");
}

/// Without an explicit crate name, the hand-written TRTC spec.
fn unnamed(text: String) -> String {
    text.replacen("  crate: tencentcloud-trtc\n", "", 1)
}

/// The hand-written TRTC spec as version `version` (`2020-01-01`).
fn as_version(text: String, version: &str) -> String {
    text.replacen("version: \"2019-07-22\"", &format!("version: \"{version}\""), 1)
}

#[test]
fn a_service_in_several_versions_is_one_crate_whose_name_never_changes() {
    let tmp = tree_with("v20190722.yaml");
    fs::write(
        tmp.path().join("spec/trtc/v20190722.yaml"),
        unnamed(fs::read_to_string(repo_root().join(HANDWRITTEN)).expect("read")),
    )
    .expect("write");
    let services = tcgen::load(tmp.path()).expect("one version");
    assert_eq!(services[0].crate_name, "tencentcloud-trtc", "one version");
    add_spec(&tmp, "trtc", "v20200101.yaml", |t| as_version(unnamed(t), "2020-01-01"));
    let services = tcgen::load(tmp.path()).expect("two versions");
    let crates: Vec<(&str, &str)> = services.iter().map(|s| (s.crate_name.as_str(), s.dir.as_str())).collect();
    assert_eq!(crates, [("tencentcloud-trtc", "trtc"), ("tencentcloud-trtc", "trtc")], "one crate, one directory");
}

#[test]
fn an_explicit_crate_name_is_the_same_for_every_version_of_a_service() {
    let tmp = tree_with("v20190722.yaml");
    // The first version names its crate; a second that names none would be another crate.
    let renamed = |t: String| t.replacen("crate: tencentcloud-trtc", "crate: tencentcloud-rtc", 1);
    add_spec(&tmp, "trtc", "v20190722.yaml", renamed);
    add_spec(&tmp, "trtc", "v20200101.yaml", |t| as_version(unnamed(t), "2020-01-01"));
    let err = tcgen::load(tmp.path()).map(|_| ()).expect_err("two crate names for one service").to_string();
    let line = fs::read_to_string(repo_root().join(HANDWRITTEN))
        .expect("read")
        .lines()
        .position(|l| l.contains("crate: tencentcloud-trtc"))
        .expect("crate line")
        + 1;
    assert!(err.contains(&format!("spec/trtc/v20190722.yaml:{line}:")), "located at the explicit name: {err}");
    assert!(err.contains("service.crate"), "{err}");
    assert!(err.contains("spec/trtc/v20200101.yaml"), "names the other version: {err}");
    // The same name in both is one crate.
    add_spec(&tmp, "trtc", "v20200101.yaml", |t| as_version(renamed(t), "2020-01-01"));
    let services = tcgen::load(tmp.path()).expect("the same explicit name");
    assert!(services.iter().all(|s| s.crate_name == "tencentcloud-rtc" && s.dir == "trtc"));
}

#[test]
fn two_specs_of_one_service_version_are_refused() {
    let tmp = tree_with("v20190722.yaml");
    add_spec(&tmp, "trtc", "copy.yaml", |t| t);
    let err = tcgen::load(tmp.path()).map(|_| ()).expect_err("one version twice").to_string();
    assert!(err.contains("spec/trtc/v20190722.yaml"), "{err}");
    assert!(err.contains("version `2019-07-22` of `trtc`"), "{err}");
}

#[test]
fn service_names_of_one_character_or_not_lower_case_are_refused() {
    for (dir, name) in [("a", "a"), ("trtc", "Trtc"), ("trtc", "tr-tc")] {
        let tmp = tempfile::tempdir().expect("tempdir");
        fs::create_dir_all(tmp.path().join("spec")).expect("mkdir");
        fs::copy(repo_root().join("spec/common.yaml"), tmp.path().join("spec/common.yaml")).expect("copy");
        add_spec(&tmp, dir, "v20190722.yaml", |t| {
            t.replacen("  name: trtc\n", &format!("  name: {name}\n"), 1).replacen(
                "crate: tencentcloud-trtc",
                &format!("crate: tencentcloud-x{}", name.len()),
                1,
            )
        });
        let err = tcgen::load(tmp.path()).map(|_| ()).expect_err(name).to_string();
        assert!(err.contains("a service name is lower-case letters and digits"), "{name}: {err}");
    }
}
