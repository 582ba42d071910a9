//! Writing `generated/` all at once, and comparing it with what the specs produce.
//!
//! A run that writes holds an exclusive lock on `ROOT/.tcgen.lock` from start to end, so
//! two runs on one root take turns. Every path written is first proved to lie under
//! `generated/` (plain components only), else nothing is written. The files are written
//! to `.generated.partial`, which is renamed `.generated.new` once complete, then swapped
//! with `generated/`: on Linux in one atomic exchange, so that `generated/` is a complete
//! tree at every instant; elsewhere by two renames, a crash between which the next run
//! repairs by putting the complete staged (or old) tree back in place.

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io;
use std::path::{Component, Path, PathBuf};

/// The directory of the generated crates, under the project root.
const GENERATED: &str = "generated";
/// Where the new tree is written; incomplete until renamed [`STAGED`].
const PARTIAL: &str = ".generated.partial";
/// A complete new tree, waiting to be swapped in.
const STAGED: &str = ".generated.new";
/// The tree that was swapped out, being removed.
const OLD: &str = ".generated.old";

/// Generated files by path relative to `generated/` (`trtc/src/lib.rs`).
pub type FileSet = std::collections::BTreeMap<String, String>;

/// The file, under the project root, that runs lock while they write `generated/`.
pub const LOCK_FILE: &str = ".tcgen.lock";

/// `path` (relative to `generated/`) when it certainly stays inside `generated/`: not
/// empty, and only plain components (no `..`, `.`, root or prefix).
pub fn checked_path(path: &str) -> io::Result<&Path> {
    let p = Path::new(path);
    let plain = !path.is_empty()
        && !path.contains('\0')
        && p.components().all(|c| matches!(c, Component::Normal(_)))
        && p.components().next().is_some();
    if plain {
        Ok(p)
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "refusing to write `{}`: a generated file's path must be relative to generated/ and made of plain \
                 names only (no `..`, `.`, root or drive); nothing was written",
                path.escape_debug()
            ),
        ))
    }
}

/// A held lock on [`LOCK_FILE`]; released when dropped.
#[derive(Debug)]
#[must_use = "the lock is released when this is dropped"]
pub struct Lock {
    _file: File,
}

/// Takes the exclusive lock of `root` (creating [`LOCK_FILE`]), waiting for any other
/// run that holds it.
pub fn lock(root: &Path) -> io::Result<Lock> {
    let path = root.join(LOCK_FILE);
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| io::Error::new(e.kind(), format!("cannot open the lock file {}: {e}", path.display())))?;
    file.lock().map_err(|e| io::Error::new(e.kind(), format!("cannot lock {}: {e}", path.display())))?;
    Ok(Lock { _file: file })
}

/// Takes the lock of `root` shared (for reading `generated/`), waiting for a run that
/// writes. `None`, without waiting, when no run has ever written there (no lock file:
/// reading creates none).
pub fn lock_shared(root: &Path) -> io::Result<Option<Lock>> {
    let path = root.join(LOCK_FILE);
    let file = match File::open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io::Error::new(e.kind(), format!("cannot open the lock file {}: {e}", path.display()))),
    };
    file.lock_shared().map_err(|e| io::Error::new(e.kind(), format!("cannot lock {}: {e}", path.display())))?;
    Ok(Some(Lock { _file: file }))
}

/// How `generated/` differs from the expected files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drift {
    /// Expected but absent.
    Missing(String),
    /// Present with other content.
    Changed(String),
    /// Present but not produced by the specs.
    Extra(String),
}

impl std::fmt::Display for Drift {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Drift::Missing(p) => write!(f, "missing:  generated/{p}"),
            Drift::Changed(p) => write!(f, "differs:  generated/{p}"),
            Drift::Extra(p) => write!(f, "extra:    generated/{p}"),
        }
    }
}

/// Every relative file path under `dir`, with `/` separators.
fn existing_files(dir: &Path) -> io::Result<BTreeSet<String>> {
    let mut out = BTreeSet::new();
    if !dir.exists() {
        return Ok(out);
    }
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        for entry in fs::read_dir(dir.join(&rel))? {
            let entry = entry?;
            let r = rel.join(entry.file_name());
            if entry.file_type()?.is_dir() {
                stack.push(r);
            } else {
                let parts: Vec<String> = r.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
                out.insert(parts.join("/"));
            }
        }
    }
    Ok(out)
}

/// The differences between `files` and `root/generated`, sorted by path. Fails, reading
/// nothing, when a path of `files` would leave `generated/`.
pub fn diff(root: &Path, files: &FileSet) -> io::Result<Vec<Drift>> {
    for path in files.keys() {
        checked_path(path)?;
    }
    let dir = root.join(GENERATED);
    let existing = existing_files(&dir)?;
    let mut out = Vec::new();
    for (path, content) in files {
        if !existing.contains(path) {
            out.push(Drift::Missing(path.clone()));
        } else if fs::read(dir.join(checked_path(path)?))? != content.as_bytes() {
            out.push(Drift::Changed(path.clone()));
        }
    }
    for path in existing {
        if !files.contains_key(&path) {
            out.push(Drift::Extra(path));
        }
    }
    out.sort_by(|a, b| key(a).cmp(key(b)));
    Ok(out)
}

fn key(d: &Drift) -> &str {
    match d {
        Drift::Missing(p) | Drift::Changed(p) | Drift::Extra(p) => p,
    }
}

/// Whether anything (a directory, file or link) is at `p`.
fn present(p: &Path) -> bool {
    fs::symlink_metadata(p).is_ok()
}

/// Repairs what an interrupted run left, under the lock: when `generated/` is missing
/// but a complete tree is staged (or was just swapped out), that tree is put back; then
/// the leftovers are removed. Returns whether `generated/` was restored.
pub fn recover(root: &Path, _lock: &Lock) -> io::Result<bool> {
    let target = root.join(GENERATED);
    let mut restored = false;
    if !present(&target) {
        for complete in [STAGED, OLD] {
            let from = root.join(complete);
            if present(&from) {
                fs::rename(&from, &target)?;
                restored = true;
                break;
            }
        }
    }
    for leftover in [PARTIAL, STAGED, OLD] {
        let p = root.join(leftover);
        if present(&p) {
            fs::remove_dir_all(&p)?;
        }
    }
    Ok(restored)
}

/// Replaces `root/generated` with exactly `files`, holding the lock of `root`. Nothing
/// is touched when it already matches, and nothing is written when a path of `files`
/// would leave `generated/`; otherwise the new tree is staged beside it and swapped in.
pub fn write(root: &Path, files: &FileSet) -> io::Result<usize> {
    for path in files.keys() {
        checked_path(path)?;
    }
    let lock = lock(root)?;
    recover(root, &lock)?;
    let drift = diff(root, files)?;
    if drift.is_empty() {
        return Ok(0);
    }
    let partial = root.join(PARTIAL);
    let staged = (|| -> io::Result<()> {
        fs::create_dir(&partial)?;
        // Each top directory (a crate) is written on its own, on every core: most of the
        // time goes to the file system creating files, which it does in parallel across
        // directories.
        let mut dirs: Vec<Vec<(&String, &String)>> = Vec::new();
        for (path, content) in files {
            let top = path.split('/').next();
            match dirs.last_mut() {
                Some(last) if last.first().map(|(p, _)| p.split('/').next()) == Some(top) => last.push((path, content)),
                _ => dirs.push(vec![(path, content)]),
            }
        }
        let write_dir = |dir: &Vec<(&String, &String)>| -> io::Result<()> {
            for (path, content) in dir {
                let p = partial.join(checked_path(path)?);
                if let Some(parent) = p.parent() {
                    fs::create_dir_all(parent)?;
                }
                fs::write(p, content)?;
            }
            Ok(())
        };
        for written in crate::parallel::map_in_order(&dirs, Vec::len, write_dir) {
            written?;
        }
        fs::rename(&partial, root.join(STAGED))
    })();
    if let Err(e) = staged {
        let _ = fs::remove_dir_all(&partial);
        return Err(e);
    }
    swap_in(root)?;
    Ok(drift.len())
}

/// Puts the complete staged tree in place of `generated/` and removes the old one.
fn swap_in(root: &Path) -> io::Result<()> {
    let target = root.join(GENERATED);
    let staged = root.join(STAGED);
    let old = root.join(OLD);
    if !present(&target) {
        return fs::rename(&staged, &target);
    }
    if exchange(&staged, &target)? {
        // `staged` now holds the old tree.
        fs::rename(&staged, &old)?;
        return fs::remove_dir_all(&old);
    }
    fs::rename(&target, &old)?;
    if let Err(e) = fs::rename(&staged, &target) {
        let _ = fs::rename(&old, &target);
        return Err(e);
    }
    fs::remove_dir_all(&old)
}

/// Exchanges `a` and `b` atomically; `false` when the system or file system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(e) if e == Errno::INVAL || e == Errno::NOSYS || e == Errno::OPNOTSUPP => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Exchanges `a` and `b` atomically; `false` when the system or file system cannot.
#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<bool> {
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exchange_swaps_two_trees_or_says_it_cannot() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        fs::create_dir_all(a.join("x")).expect("mkdir");
        fs::create_dir_all(b.join("y")).expect("mkdir");
        if exchange(&a, &b).expect("exchange") {
            assert!(a.join("y").is_dir() && b.join("x").is_dir());
        } else {
            assert!(a.join("x").is_dir() && b.join("y").is_dir(), "untouched when unsupported");
        }
    }

    /// The names in `dir`, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("read_dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn write_and_diff_refuse_paths_that_leave_generated() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = tmp.path();
        fs::create_dir_all(root.join("generated/ok")).expect("mkdir");
        fs::write(root.join("generated/ok/file"), "old").expect("write");
        let outside = root.join("outside");
        fs::create_dir_all(&outside).expect("mkdir");
        let absolute = outside.join("absolute.txt").to_string_lossy().into_owned();
        for bad in ["../escape.txt", "a/../../escape.txt", "ok/..", "", ".", "./a", "a/./../b", &absolute] {
            let mut files = FileSet::new();
            files.insert("ok/new".into(), "new".into());
            files.insert(bad.to_owned(), "evil".into());
            let err = write(root, &files).expect_err(&format!("{bad:?} is refused"));
            assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{bad:?}: {err}");
            assert!(err.to_string().contains("nothing was written"), "{bad:?}: {err}");
            assert!(!root.join("escape.txt").exists() && !outside.join("absolute.txt").exists(), "{bad:?}");
            assert_eq!(names(&root.join("generated/ok")), ["file"], "{bad:?}");
            assert_eq!(fs::read_to_string(root.join("generated/ok/file")).expect("read"), "old", "{bad:?}");
            let err = diff(root, &files).expect_err(&format!("{bad:?} is not read either"));
            assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{bad:?}: {err}");
        }
        assert_eq!(names(root), ["generated", "outside"]);
    }

    #[test]
    fn a_shared_lock_where_nothing_was_written_is_none_and_creates_nothing() {
        let tmp = tempfile::tempdir().expect("tempdir");
        assert!(lock_shared(tmp.path()).expect("no lock file is not an error").is_none());
        assert!(names(tmp.path()).is_empty(), "reading creates no lock file");
        drop(lock(tmp.path()).expect("a run that writes takes the lock"));
        assert!(lock_shared(tmp.path()).expect("shared lock").is_some());
    }

    #[test]
    fn a_lock_file_that_cannot_be_opened_is_an_error_not_a_fresh_tree() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let file = tmp.path().join("plain-file");
        fs::write(&file, "").expect("write");
        // The lock file would lie below a plain file: ENOTDIR, not "not found".
        let err = lock_shared(&file).map(|l| l.is_some()).expect_err("an error");
        assert!(err.to_string().contains("cannot open the lock file"), "{err}");
    }

    #[test]
    fn drift_names_the_kind_and_the_path() {
        assert_eq!(Drift::Missing("a/b.rs".into()).to_string(), "missing:  generated/a/b.rs");
        assert_eq!(Drift::Changed("c.rs".into()).to_string(), "differs:  generated/c.rs");
        assert_eq!(Drift::Extra("d".into()).to_string(), "extra:    generated/d");
    }

    #[test]
    fn only_plain_relative_paths_are_written() {
        for good in ["a", "trtc/src/lib.rs", "a/b/c.rs"] {
            assert!(checked_path(good).is_ok(), "{good}");
        }
        for bad in ["", ".", "..", "./a", "a/..", "../a", "a/../../b", "/a", "/", "a\0b"] {
            assert!(checked_path(bad).is_err(), "{bad:?}");
        }
    }
}
