//! The importer: re-importing the copied sources reproduces the committed specs and
//! fixtures byte for byte, a second import writes nothing, and overlay entries that name
//! nothing (or state something wrong) are errors located in the overlay file.

use std::fs;
use std::path::{Path, PathBuf};

mod common;
use common::{repo_root, tree};

/// Every copied source directory: `spec/<service>/source/v<version>`.
fn source_dirs() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for service in fs::read_dir(repo_root().join("spec")).expect("spec") {
        let source = service.expect("entry").path().join("source");
        if let Ok(versions) = fs::read_dir(&source) {
            out.extend(versions.map(|v| v.expect("entry").path()));
        }
    }
    out.sort();
    out
}

/// A scratch root with what the generator reads besides the specs.
fn scratch() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    fs::create_dir_all(root.join("spec")).expect("mkdir");
    fs::copy(repo_root().join("spec/common.yaml"), root.join("spec/common.yaml")).expect("common");
    tmp
}

#[test]
fn reimporting_the_copied_sources_reproduces_the_specs_and_fixtures_byte_for_byte() {
    let dirs = source_dirs();
    assert!(dirs.len() >= 4, "trtc, sms, sts and tmt are imported: {dirs:?}");
    let tmp = scratch();
    let summary = tcgen::import::import(tmp.path(), &dirs, &tcgen::import::Options::default()).expect("import");
    assert!(summary.failures.is_empty(), "{:?}", summary.failures);
    assert_eq!(summary.services, dirs.len());
    assert_eq!(summary.fixtures, 96, "every official example of the four services is a fixture");
    for dir in &dirs {
        let service = dir.parent().and_then(Path::parent).and_then(Path::file_name).expect("service");
        let version = dir.file_name().expect("version").to_string_lossy().into_owned();
        let spec = format!("spec/{}/{version}.yaml", service.to_string_lossy());
        assert_eq!(
            fs::read(tmp.path().join(&spec)).expect("imported spec"),
            fs::read(repo_root().join(&spec)).expect("committed spec"),
            "{spec} differs from a fresh import; run `cargo tcgen import {}`",
            dir.display()
        );
        let fixtures = format!("tests/fixtures/{}/{version}", service.to_string_lossy());
        assert_eq!(
            tree(&tmp.path().join(&fixtures)),
            tree(&repo_root().join(&fixtures)),
            "{fixtures} differs from a fresh import"
        );
        let copied = tmp.path().join(dir.strip_prefix(repo_root()).expect("under the root"));
        assert_eq!(tree(&copied), tree(dir), "the sources are copied with their provenance");
    }
    let again = tcgen::import::import(tmp.path(), &dirs, &tcgen::import::Options::default()).expect("import");
    assert_eq!(again.files_written, 0, "importing the same files again changes nothing");
}

/// Imports TRTC into a scratch root, writes `overlay` beside it, and returns the error
/// text of loading the specs.
fn overlay_error(overlay: &str) -> String {
    let tmp = scratch();
    let trtc = repo_root().join("spec/trtc/source/v20190722");
    tcgen::import::import(tmp.path(), &[trtc], &tcgen::import::Options::default()).expect("import");
    fs::write(tmp.path().join("spec/trtc/v20190722.overlay.yaml"), overlay).expect("overlay");
    match tcgen::load(tmp.path()) {
        Ok(_) => panic!("the overlay was accepted"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn overlay_entries_that_name_nothing_are_located_errors() {
    let err = overlay_error(
        "actions:\n  DescribeUserInfo:\n    input:\n      PageSize: { default: 6 }\n      PageSise: { default: 6 }\n",
    );
    assert!(err.contains("spec/trtc/v20190722.overlay.yaml:5:"), "{err}");
    assert!(err.contains("actions.DescribeUserInfo.input.PageSise: the spec has no input `PageSise`"), "{err}");
    let err =
        overlay_error("models:\n  UserInfo:\n    doc: x\nactions:\n  DescribeUserInformation:\n    rate_limit: 1\n");
    assert!(err.contains("spec/trtc/v20190722.overlay.yaml:2:3: models.UserInfo: the spec has no model"), "{err}");
    assert!(err.contains("spec/trtc/v20190722.overlay.yaml:5:3: actions.DescribeUserInformation"), "{err}");
}

#[test]
fn problems_with_what_an_overlay_states_are_located_in_the_overlay() {
    let err = overlay_error(
        "actions:\n  DescribeUserInfo:\n    input:\n      UserIds:\n        constraints:\n          - min: 1\n",
    );
    assert!(err.contains("spec/trtc/v20190722.overlay.yaml:6:"), "{err}");
    assert!(err.contains("actions.DescribeUserInfo.input.UserIds.constraints[0].min"), "{err}");
    let err = overlay_error("actions:\n  DescribeUserInfo:\n    input:\n      UserIds:\n        colour: red\n");
    assert!(err.contains("spec/trtc/v20190722.overlay.yaml:5:"), "{err}");
    assert!(err.contains("unknown field `colour`"), "{err}");
}

#[test]
fn explicit_rust_names_must_be_free() {
    let err = overlay_error(
        "actions:\n  DescribeUserInfo:\n    input:\n      StartTime: { rust_name: end_time }\n      EndTime: { rust_name: end_time }\n",
    );
    assert!(err.contains("actions.DescribeUserInfo.input.EndTime.rust_name"), "{err}");
    let err = overlay_error("actions:\n  DescribeUserInfo:\n    input:\n      PageSize: { rust_name: build }\n");
    assert!(err.contains("actions.DescribeUserInfo.input.PageSize.rust_name: `build`"), "{err}");
    let err = overlay_error(
        "actions:\n  DescribeUserInfo:\n    rust_name: users\n  DescribeRoomInfo:\n    rust_name: users\n",
    );
    assert!(err.contains("is the Rust name of another action too"), "{err}");
}

#[test]
fn a_directory_without_a_description_is_refused() {
    let tmp = scratch();
    let empty = tempfile::tempdir().expect("tempdir");
    let err = tcgen::import::import(tmp.path(), &[empty.path().to_path_buf()], &Default::default())
        .expect_err("nothing to import");
    assert!(err.to_string().contains("no api.json"), "{err}");
    // Without provenance (no PROVENANCE file, no --package), the import says what to pass.
    let bare = tempfile::tempdir().expect("tempdir");
    fs::copy(repo_root().join("spec/tmt/source/v20180321/api.json"), bare.path().join("api.json")).expect("copy");
    let summary = tcgen::import::import(tmp.path(), &[bare.path().to_path_buf()], &Default::default()).expect("run");
    assert_eq!(summary.failures.len(), 1);
    assert!(summary.failures[0].1.contains("--package"), "{:?}", summary.failures);
}

#[test]
fn an_overlay_sets_corrects_or_removes_paginate() {
    let err = overlay_error(
        "actions:\n  DescribeUserInfo:\n    paginate:\n      kind: page_number\n      page: PageNumbr\n      limit: PageSize\n      items: UserList\n",
    );
    assert!(err.contains("spec/trtc/v20190722.overlay.yaml:5:"), "{err}");
    assert!(
        err.contains("actions.DescribeUserInfo.paginate.page: `PageNumbr` is not an input of this action"),
        "{err}"
    );
    let tmp = scratch();
    let trtc = repo_root().join("spec/trtc/source/v20190722");
    tcgen::import::import(tmp.path(), &[trtc], &tcgen::import::Options::default()).expect("import");
    let paging = |overlay: &str| {
        fs::write(tmp.path().join("spec/trtc/v20190722.overlay.yaml"), overlay).expect("overlay");
        let services = tcgen::load(tmp.path()).expect("load");
        let action = services[0].actions.iter().find(|a| a.name == "DescribeUserInfo").expect("action").clone();
        action.paging
    };
    let imported = paging("{}\n").expect("the import marks DescribeUserInfo as paging");
    assert_eq!((imported.first_page, imported.items.wire.as_str()), (0, "UserList"), "first page from the default");
    let corrected = paging(
        "actions:\n  DescribeUserInfo:\n    paginate: { kind: page_number, page: PageNumber, first_page: 1, limit: PageSize, items: UserList }\n",
    )
    .expect("set by the overlay");
    assert_eq!(corrected.first_page, 1);
    assert!(corrected.total.is_none(), "the overlay's block replaces the spec's");
    assert!(paging("actions:\n  DescribeUserInfo:\n    paginate: null\n").is_none(), "removed");
}
