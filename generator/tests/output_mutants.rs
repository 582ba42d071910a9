//! Pins what the mutation pass found unpinned in `output.rs` (see MUTANTS.md).

use tcgen::naming::crate_dir;

#[test]
fn a_crate_name_of_exactly_64_characters_is_accepted() {
    let name = format!("tencentcloud-{}", "a".repeat(64 - "tencentcloud-".len()));
    assert_eq!(name.len(), 64);
    assert_eq!(crate_dir(&name), Ok(&name["tencentcloud-".len()..]));
    let longer = format!("{name}b");
    assert!(crate_dir(&longer).expect_err("65 characters").contains("longer than the 64 characters"));
}

#[test]
fn a_shared_lock_where_nothing_was_written_is_none_and_creates_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    assert!(tcgen::output::lock_shared(tmp.path()).expect("no lock file is not an error").is_none());
    assert_eq!(std::fs::read_dir(tmp.path()).expect("read_dir").count(), 0, "reading creates no lock file");
    drop(tcgen::output::lock(tmp.path()).expect("a run that writes takes the lock"));
    assert!(tcgen::output::lock_shared(tmp.path()).expect("shared lock").is_some());
}

#[test]
fn a_lock_file_that_cannot_be_opened_is_an_error_not_a_fresh_tree() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = tmp.path().join("plain-file");
    std::fs::write(&file, "").expect("write");
    // The lock file would lie below a plain file: ENOTDIR, not "not found".
    let err = tcgen::output::lock_shared(&file).map(|l| l.is_some()).expect_err("an error");
    assert!(err.to_string().contains("cannot open the lock file"), "{err}");
}

#[test]
fn drift_names_the_kind_and_the_path() {
    use tcgen::output::Drift;
    assert_eq!(Drift::Missing("a/b.rs".into()).to_string(), "missing:  generated/a/b.rs");
    assert_eq!(Drift::Changed("c.rs".into()).to_string(), "differs:  generated/c.rs");
    assert_eq!(Drift::Extra("d".into()).to_string(), "extra:    generated/d");
}
