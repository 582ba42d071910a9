//! Finds and parses the spec files under `spec/`.

use std::path::Path as FsPath;

use serde::de::DeserializeOwned;

use crate::diagnostics::Diagnostic;
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
    for rel in files.iter().filter(|f| !f.ends_with(OVERLAY_SUFFIX)) {
        let Some(mut loaded) = load_file::<ServiceFile>(root, rel, &mut errors) else { continue };
        let overlay_rel = format!("{}{OVERLAY_SUFFIX}", rel.trim_end_matches(".yaml").trim_end_matches(".yml"));
        if files.contains(&overlay_rel) {
            if let Some(overlay) = load_file::<OverlayFile>(root, &overlay_rel, &mut errors) {
                errors.extend(apply(&mut loaded.value, &overlay.value, &overlay.file, &overlay.locator));
                loaded.overlay = Some((overlay.file, overlay.locator));
            }
        }
        services.push(loaded);
    }
    for rel in files.iter().filter(|f| f.ends_with(OVERLAY_SUFFIX)) {
        let base = format!("{}.yaml", rel.trim_end_matches(OVERLAY_SUFFIX));
        if !files.contains(&base) {
            errors.push(plain(rel, &format!("an overlay needs the spec it overlays: {base} does not exist")));
        }
    }
    if services.is_empty() && errors.is_empty() {
        errors.push(plain("spec", "no service specs found (expected spec/<service>/<version>.yaml)"));
    }
    match common {
        Some(common) if errors.is_empty() => Ok(SpecSet { common, services }),
        _ => Err(errors),
    }
}

/// Relative paths of the service spec files, sorted.
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
        let Ok(files) = std::fs::read_dir(&dir) else { continue };
        for file in files.flatten() {
            let p = file.path();
            if p.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                if let (Some(d), Some(f)) = (dir.file_name(), p.file_name()) {
                    out.push(format!("spec/{}/{}", d.to_string_lossy(), f.to_string_lossy()));
                }
            }
        }
    }
    out.sort();
    out
}

fn plain(file: &str, message: &str) -> Diagnostic {
    Diagnostic { file: file.to_owned(), location: None, field: None, message: message.to_owned() }
}

fn load_file<T: DeserializeOwned>(root: &FsPath, rel: &str, errors: &mut Vec<Diagnostic>) -> Option<Loaded<T>> {
    let text = match std::fs::read_to_string(root.join(rel)) {
        Ok(t) => t,
        Err(e) => {
            errors.push(plain(rel, &format!("cannot read: {e}")));
            return None;
        }
    };
    let locator = Locator::new(&text);
    let mut ok = true;
    for (path, loc) in locator.duplicates() {
        errors.push(Diagnostic {
            file: rel.to_owned(),
            location: Some(*loc),
            field: Some(path.to_string()),
            message: "duplicate key: this key appears earlier in the same mapping".into(),
        });
        ok = false;
    }
    match serde_yaml::from_str::<T>(&text) {
        Ok(value) if ok => Some(Loaded { file: rel.to_owned(), value, locator, overlay: None }),
        Ok(_) => None,
        Err(e) => {
            let location = e.location().map(|l| Location { line: l.line(), col: l.column() });
            errors.push(Diagnostic {
                file: rel.to_owned(),
                location,
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
