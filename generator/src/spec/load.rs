//! Finds and parses the spec files under `spec/`.

use std::collections::BTreeMap;
use std::path::Path as FsPath;

use serde::de::DeserializeOwned;

use crate::diagnostics::Diagnostic;
use crate::naming::is_service_name;
use crate::spec::fixtures::{fixture_dir, load_fixtures, FixtureFile};
use crate::spec::locate::{Location, Locator};
use crate::spec::model::{CommonFile, ServiceFile};
use crate::spec::overlay::{apply, OverlayFile, OVERLAY_SUFFIX};

/// A parsed file with its text index.
pub struct Loaded<T> {
    /// Path relative to the project root, with `/` separators.
    pub file: String,
    /// The parsed content.
    pub value: T,
    /// Locations of the file's values.
    pub locator: Locator,
    /// The overlay applied to the value, if any: its file and locations.
    pub overlay: Option<(String, Locator)>,
}

impl<T> Loaded<T> {
    /// A reporter that locates paths in this file and in its overlay.
    pub fn reporter<'a>(&'a self, out: &'a mut Vec<Diagnostic>) -> crate::diagnostics::Reporter<'a> {
        let r = crate::diagnostics::Reporter::new(&self.file, &self.locator, out);
        match &self.overlay {
            Some((file, locator)) => r.with_overlay(file, locator),
            None => r,
        }
    }
}

/// Everything under `spec/`.
pub struct SpecSet {
    /// `spec/common.yaml`.
    pub common: Loaded<CommonFile>,
    /// `spec/<service>/<version>.yaml`, sorted by path.
    pub services: Vec<Loaded<ServiceFile>>,
    /// The recorded examples of each imported spec (one with `service.source`), by spec
    /// file: `tests/fixtures/<service>/v<version>/*.json`, sorted by name.
    pub fixtures: BTreeMap<String, Vec<FixtureFile>>,
}

/// Name of the shared file inside `spec/`.
pub const COMMON_FILE: &str = "common.yaml";

/// Loads `root/spec/common.yaml` and every `root/spec/*/*.yaml`; all parse errors are
/// returned together.
pub fn load_specs(root: &FsPath) -> Result<SpecSet, Vec<Diagnostic>> {
    let spec_dir = root.join("spec");
    let mut errors = Vec::new();
    let common = load_file::<CommonFile>(root, &format!("spec/{COMMON_FILE}"), &mut errors);
    let mut services = Vec::new();
    let files = service_files(&spec_dir, &mut errors);
    // Each spec (with its overlay) is parsed on its own, on every core, largest first; its
    // result and diagnostics are taken in file order.
    let specs: Vec<&String> = files.iter().filter(|f| !f.ends_with(OVERLAY_SUFFIX)).collect();
    let size =
        |rel: &&String| std::fs::metadata(root.join(rel)).map_or(0, |m| m.len()).try_into().unwrap_or(usize::MAX);
    let parsed = crate::parallel::map_in_order(&specs, size, |rel| {
        let mut errors = Vec::new();
        let loaded = load_file::<ServiceFile>(root, rel, &mut errors).map(|mut loaded| {
            let overlay_rel = format!("{}{OVERLAY_SUFFIX}", rel.trim_end_matches(".yaml").trim_end_matches(".yml"));
            if files.contains(&overlay_rel) {
                if let Some(overlay) = load_file::<OverlayFile>(root, &overlay_rel, &mut errors) {
                    errors.extend(apply(&mut loaded.value, &overlay.value, &overlay.file, &overlay.locator));
                    loaded.overlay = Some((overlay.file, overlay.locator));
                }
            }
            loaded
        });
        (loaded, errors)
    });
    for (loaded, found) in parsed {
        errors.extend(found);
        services.extend(loaded);
    }
    for rel in files.iter().filter(|f| f.ends_with(OVERLAY_SUFFIX)) {
        let stem = rel.trim_end_matches(OVERLAY_SUFFIX);
        if !files.contains(&format!("{stem}.yaml")) && !files.contains(&format!("{stem}.yml")) {
            // An overlay whose spec is not in this project (`spec/redis/v20180412.overlay.yaml`
            // without `v20180412.yaml`) is kept for a release that imports its spec; parsed
            // now so that a mistake in it is found here, located, and not only by the release.
            load_file::<OverlayFile>(root, rel, &mut errors);
        }
    }
    // Only plain names reach a path; resolve reports the others.
    let imported: Vec<&Loaded<ServiceFile>> = services
        .iter()
        .filter(|s| s.value.service.source.is_some())
        .filter(|s| is_service_name(&s.value.service.name) && is_plain_version(&s.value.service.version))
        .collect();
    let read = crate::parallel::map_in_order(
        &imported,
        |s| s.value.actions.len(),
        |loaded| {
            let (info, mut errors) = (&loaded.value.service, Vec::new());
            let found = load_fixtures(root, &fixture_dir(&info.name, &info.version), &mut errors);
            (loaded.file.clone(), found, errors)
        },
    );
    let mut fixtures = BTreeMap::new();
    for (file, found, failed) in read {
        errors.extend(failed);
        fixtures.insert(file, found);
    }
    if services.is_empty() && errors.is_empty() {
        errors.push(plain("spec", "no service specs found (expected spec/<service>/<version>.yaml)"));
    }
    match common {
        Some(common) if errors.is_empty() => Ok(SpecSet { common, services, fixtures }),
        _ => Err(errors),
    }
}

/// An API version as specs spell it: `2019-07-22`.
fn is_plain_version(version: &str) -> bool {
    let b = version.as_bytes();
    b.len() == 10 && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
}

/// A plain spec file name: ASCII letters, digits, `.`, `_` and `-`, not starting with
/// `.` (`v20190722.yaml`).
fn is_plain_file_name(name: &str) -> bool {
    !name.starts_with('.') && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// `name` with every character that could break a line of a report escaped.
fn shown(name: &std::ffi::OsStr) -> String {
    name.to_string_lossy().escape_debug().to_string()
}

/// Relative paths of the service spec files, sorted. Directories and files whose names
/// are not plain (a newline, a space, `..`, not UTF-8) are reported and skipped: their
/// names reach paths, diagnostics and the headers of generated files.
fn service_files(spec_dir: &FsPath, errors: &mut Vec<Diagnostic>) -> Vec<String> {
    let mut out = Vec::new();
    let entries = match std::fs::read_dir(spec_dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(plain("spec", &format!("cannot read the spec directory: {e}")));
            return out;
        }
    };
    for entry in entries.flatten() {
        let dir = entry.path();
        if !dir.is_dir() {
            continue;
        }
        let dir_name = entry.file_name();
        let Some(service) = dir_name.to_str().filter(|n| is_service_name(n)) else {
            errors.push(plain(
                &format!("spec/{}", shown(&dir_name)),
                "a spec directory is named after its service: a lower-case letter, then lower-case letters and \
                 digits (`trtc`)",
            ));
            continue;
        };
        let Ok(files) = std::fs::read_dir(&dir) else { continue };
        for file in files.flatten() {
            let p = file.path();
            if !p.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                continue;
            }
            let file_name = file.file_name();
            match file_name.to_str().filter(|n| is_plain_file_name(n)) {
                Some(f) => out.push(format!("spec/{service}/{f}")),
                None => errors.push(plain(
                    &format!("spec/{service}/{}", shown(&file_name)),
                    "a spec file name is ASCII letters, digits, `.`, `_` and `-` (`v20190722.yaml`)",
                )),
            }
        }
    }
    out.sort();
    out
}

fn plain(file: &str, message: &str) -> Diagnostic {
    Diagnostic { file: file.to_owned(), location: None, field: None, message: message.to_owned() }
}

/// The line and column (1-based, in characters) of byte `offset` of `bytes`, whose
/// first `offset` bytes are UTF-8.
fn offset_location(bytes: &[u8], offset: usize) -> Location {
    let before = bytes.get(..offset).unwrap_or(bytes);
    let line_start = before.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let prefix = before.get(line_start..).unwrap_or_default();
    let col = std::str::from_utf8(prefix).map_or(prefix.len(), |s| s.chars().count()) + 1;
    Location { line, col }
}

fn load_file<T: DeserializeOwned>(root: &FsPath, rel: &str, errors: &mut Vec<Diagnostic>) -> Option<Loaded<T>> {
    let bytes = match std::fs::read(root.join(rel)) {
        Ok(b) => b,
        Err(e) => {
            errors.push(plain(rel, &format!("cannot read: {e}")));
            return None;
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            errors.push(Diagnostic {
                file: rel.to_owned(),
                location: Some(offset_location(e.as_bytes(), offset)),
                field: None,
                message: format!(
                    "not UTF-8: byte {offset} of the file starts no UTF-8 character; specs are UTF-8 text"
                ),
            });
            return None;
        }
    };
    let locator = Locator::new(&text);
    let mut refused = false;
    for (path, loc) in locator.duplicates() {
        errors.push(Diagnostic {
            file: rel.to_owned(),
            location: Some(*loc),
            field: Some(path.to_string()),
            message: "duplicate key: this key appears earlier in the same mapping".into(),
        });
        refused = true;
    }
    for problem in locator.problems() {
        errors.push(Diagnostic {
            file: rel.to_owned(),
            location: Some(problem.location),
            field: problem.path.as_ref().map(ToString::to_string),
            message: problem.message.clone(),
        });
        refused = true;
    }
    if let Some((location, message)) = locator.syntax_error() {
        errors.push(Diagnostic {
            file: rel.to_owned(),
            location: Some(location),
            field: None,
            message: format!("invalid YAML: {message}"),
        });
        refused = true;
    }
    if refused {
        // serde_yaml sees only what the locator accepted: each problem is reported
        // once (serde would report a duplicate field again), and no file nested too
        // deep or made of aliases reaches it.
        return None;
    }
    match serde_yaml::from_str::<T>(&text) {
        Ok(value) => Some(Loaded { file: rel.to_owned(), value, locator, overlay: None }),
        Err(e) => {
            // serde_yaml locates nearly every error; the rest (an empty file) are about
            // the document as a whole, which starts at the start of the file.
            let location = e
                .location()
                .map(|l| Location { line: l.line(), col: l.column() })
                .unwrap_or(Location { line: 1, col: 1 });
            errors.push(Diagnostic {
                file: rel.to_owned(),
                location: Some(location),
                field: None,
                message: strip_location(&e.to_string()),
            });
            None
        }
    }
}

/// serde_yaml appends " at line L column C"; the diagnostic shows that already.
fn strip_location(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_offsets_become_lines_and_character_columns() {
        let bytes = "ab\ncdé\u{e9}x".as_bytes();
        assert_eq!(offset_location(bytes, 0), Location { line: 1, col: 1 });
        assert_eq!(offset_location(bytes, 3), Location { line: 2, col: 1 });
        assert_eq!(offset_location(bytes, bytes.len() - 1), Location { line: 2, col: 5 });
        assert_eq!(offset_location(bytes, 1000), Location { line: 2, col: 6 });
    }

    #[test]
    fn service_names_are_plain() {
        for good in ["trtc", "a", "cvm2"] {
            assert!(is_service_name(good), "{good}");
        }
        for bad in ["", "Trtc", "2fa", "a b", "a..b", "..", "a\nb", "a-b", "a_b"] {
            assert!(!is_service_name(bad), "{bad:?}");
        }
        for bad in [".hidden.yaml", "a b.yaml", "a\n.yaml", "a/b.yaml"] {
            assert!(!is_plain_file_name(bad), "{bad:?}");
        }
        assert!(is_plain_file_name("v20190722.overlay.yaml"));
    }
}
