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
fn an_overlay_without_its_spec_is_refused_and_one_beside_a_yml_spec_is_not() {
    let overlay = "actions: {}\n";
    // Beside `v20190722.yml`, the overlay of `v20190722` has its spec.
    let tmp = tree_with("v20190722.yml");
    fs::write(tmp.path().join("spec/trtc/v20190722.overlay.yaml"), overlay).expect("write");
    tcgen::load(tmp.path()).expect("an overlay beside its .yml spec");
    // With neither `v20200101.yaml` nor `v20200101.yml`, its overlay is an error.
    fs::write(tmp.path().join("spec/trtc/v20200101.overlay.yaml"), overlay).expect("write");
    let err = tcgen::load(tmp.path()).map(|_| ()).expect_err("an orphan overlay").to_string();
    assert!(err.contains("spec/trtc/v20200101.overlay.yaml"), "{err}");
    assert!(err.contains("an overlay needs the spec it overlays: spec/trtc/v20200101.yaml does not exist"), "{err}");
}
