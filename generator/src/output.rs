//! Writing `generated/` all at once, and comparing it with what the specs produce.
//!
//! Files are first written to a sibling staging directory; only when all are written is
//! it swapped in place of `generated/`, so a failure never leaves a half-written tree.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::emit::FileSet;

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

/// The differences between `files` and `root/generated`, sorted by path.
pub fn diff(root: &Path, files: &FileSet) -> io::Result<Vec<Drift>> {
    let dir = root.join("generated");
    let existing = existing_files(&dir)?;
    let mut out = Vec::new();
    for (path, content) in files {
        if !existing.contains(path) {
            out.push(Drift::Missing(path.clone()));
        } else if fs::read(dir.join(path))? != content.as_bytes() {
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

/// Replaces `root/generated` with exactly `files`. Nothing is touched when it already
/// matches; otherwise the new tree is staged beside it and swapped in.
pub fn write(root: &Path, files: &FileSet) -> io::Result<usize> {
    let drift = diff(root, files)?;
    if drift.is_empty() {
        return Ok(0);
    }
    let target = root.join("generated");
    let staging = root.join(".generated.new");
    let old = root.join(".generated.old");
    for leftover in [&staging, &old] {
        if leftover.exists() {
            fs::remove_dir_all(leftover)?;
        }
    }
    let staged = (|| -> io::Result<()> {
        for (path, content) in files {
            let p = staging.join(path);
            if let Some(parent) = p.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(p, content)?;
        }
        Ok(())
    })();
    if let Err(e) = staged {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    if target.exists() {
        fs::rename(&target, &old)?;
    }
    if let Err(e) = fs::rename(&staging, &target) {
        if old.exists() {
            let _ = fs::rename(&old, &target);
        }
        return Err(e);
    }
    if old.exists() {
        fs::remove_dir_all(&old)?;
    }
    Ok(drift.len())
}
