//! `tcgen import`: Tencent's machine-readable descriptions into specs and fixtures.
//!
//! For each service version (a directory holding `api.json`, and `examples.json`,
//! `errorcodes.py` when present) the importer writes:
//! - `spec/<service>/v<version>.yaml`: the spec ([`api`]), with the codes of
//!   `errorcodes.py` ([`errorcodes`]) and constraints mined from the documentation
//!   ([`crate::mine`]); hand-written facts go in the overlay beside it, which no import
//!   touches ([`crate::spec::overlay`]);
//! - `spec/<service>/source/v<version>/`: the files it read, with `PROVENANCE`, so that
//!   regenerating never needs the originals;
//! - `tests/fixtures/<service>/v<version>/<Action>.<n>.json`: the recorded examples
//!   ([`examples`]).
//!
//! Importing the same files again rewrites the same bytes.

pub mod api;
pub mod errorcodes;
pub mod examples;
pub mod paging;

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::spec::model::SourceInfo;

/// The name of the provenance file in a copied source directory.
pub const PROVENANCE_FILE: &str = "PROVENANCE";

/// The files an import reads from a service-version directory.
const SOURCE_FILES: [&str; 3] = ["api.json", "examples.json", "errorcodes.py"];

/// Where the imported files come from, when the directory does not say
/// (`PROVENANCE`).
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Package name (`tccli-intl-en`).
    pub package: Option<String>,
    /// Package version (`3.1.193.1`).
    pub package_version: Option<String>,
}

/// What a run imported.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Service versions imported.
    pub services: usize,
    /// Actions.
    pub actions: usize,
    /// Models.
    pub models: usize,
    /// Codes from `errorcodes.py`.
    pub codes: usize,
    /// Mined constraints by kind.
    pub mined: BTreeMap<String, usize>,
    /// Mined defaults.
    pub defaults: usize,
    /// Mined constraints dropped (they reject a documented or official example).
    pub dropped: usize,
    /// Sentences left as prose.
    pub prose: usize,
    /// Actions marked safe to repeat.
    pub idempotent: usize,
    /// Actions marked as paging, by kind.
    pub paginated: BTreeMap<&'static str, usize>,
    /// Example fixtures written.
    pub fixtures: usize,
    /// Fixtures marked with a known issue, by kind ([`examples::IssueKind::label`]).
    pub known_issues: BTreeMap<&'static str, usize>,
    /// Files written or rewritten with new content.
    pub files_written: usize,
    /// Service versions that failed, with why.
    pub failures: Vec<(String, String)>,
    /// Wall time.
    pub elapsed: Duration,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mined: usize = self.mined.values().sum();
        let kinds: Vec<String> = self.mined.iter().map(|(k, n)| format!("{k} {n}")).collect();
        writeln!(
            f,
            "imported {} service version(s): {} action(s), {} model(s), {} code(s)",
            self.services, self.actions, self.models, self.codes
        )?;
        writeln!(
            f,
            "mined {mined} constraint(s) ({}), {} default(s); dropped {} that reject an example; {} sentence(s) left as prose",
            if kinds.is_empty() { "none".to_owned() } else { kinds.join(", ") },
            self.defaults,
            self.dropped,
            self.prose
        )?;
        writeln!(f, "{} action(s) marked safe to repeat", self.idempotent)?;
        let paged: usize = self.paginated.values().sum();
        let kinds: Vec<String> = self.paginated.iter().map(|(k, n)| format!("{k} {n}")).collect();
        writeln!(
            f,
            "{paged} action(s) marked as paging ({})",
            if kinds.is_empty() { "none".to_owned() } else { kinds.join(", ") }
        )?;
        let marked: usize = self.known_issues.values().sum();
        let kinds: Vec<String> = self.known_issues.iter().map(|(k, n)| format!("{k} {n}")).collect();
        writeln!(
            f,
            "{} example fixture(s), {marked} marked with a known issue ({})",
            self.fixtures,
            if kinds.is_empty() { "none".to_owned() } else { kinds.join(", ") }
        )?;
        write!(
            f,
            "{} file(s) written, {} failure(s), {:.1} s",
            self.files_written,
            self.failures.len(),
            self.elapsed.as_secs_f64()
        )
    }
}

/// An import failure of one service version, or of the run.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Nothing to import was found.
    #[error("{0}: no api.json here or in <service>/<version>/ below")]
    NothingFound(String),
    /// Reading or writing failed.
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
}

/// The service-version directories under `input`: itself when it holds `api.json`,
/// else every `<service>/<version>/api.json` up to three levels down, sorted.
pub fn find_service_dirs(input: &Path) -> Vec<PathBuf> {
    if input.join("api.json").is_file() {
        return vec![input.to_path_buf()];
    }
    let mut out = Vec::new();
    let mut stack = vec![(input.to_path_buf(), 0)];
    while let Some((dir, depth)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if !e.file_type().is_ok_and(|t| t.is_dir()) {
                continue;
            }
            if p.join("api.json").is_file() {
                out.push(p);
            } else if depth < 3 {
                stack.push((p, depth + 1));
            }
        }
    }
    out.sort();
    out
}

/// Imports every service version found under `inputs` into the project at `root`.
/// A service version that fails is listed in [`Summary::failures`]; the others are
/// imported.
pub fn import(root: &Path, inputs: &[PathBuf], options: &Options) -> Result<Summary, ImportError> {
    let started = Instant::now();
    let mut dirs = Vec::new();
    for input in inputs {
        let found = find_service_dirs(input);
        if found.is_empty() {
            return Err(ImportError::NothingFound(input.display().to_string()));
        }
        dirs.extend(found);
    }
    let mut summary = Summary::default();
    let terminal = std::io::stderr().is_terminal();
    let total = dirs.len();
    for (i, dir) in dirs.iter().enumerate() {
        let shown = dir.display().to_string();
        if terminal {
            eprint!("\r\x1b[2K[{}/{total}] {shown}", i + 1);
            let _ = std::io::stderr().flush();
        } else if total > 1 {
            eprintln!("[{}/{total}] {shown}", i + 1);
        }
        if let Err(message) = import_one(root, dir, options, &mut summary) {
            summary.failures.push((shown, message));
        }
    }
    if terminal {
        eprintln!();
    }
    summary.elapsed = started.elapsed();
    Ok(summary)
}

fn read_optional(path: &Path) -> Result<Option<String>, String> {
    match std::fs::read_to_string(path) {
        Ok(t) => Ok(Some(t)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

/// `package` and `version` from a `PROVENANCE` file (`key: value` lines).
fn read_provenance(text: &str) -> (Option<String>, Option<String>) {
    let mut package = None;
    let mut version = None;
    for line in text.lines() {
        if let Some((k, v)) = line.split_once(':') {
            match k.trim() {
                "package" => package = Some(v.trim().to_owned()),
                "version" => version = Some(v.trim().to_owned()),
                _ => {}
            }
        }
    }
    (package, version)
}

/// A service name that can name directories: lower-case letters and digits.
fn valid_service(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
}

/// `2019-07-22` → `20190722`, only for a well-formed date.
fn compact_version(version: &str) -> Option<String> {
    let parts: Vec<&str> = version.split('-').collect();
    let ok = parts.len() == 3
        && [4, 2, 2].iter().zip(&parts).all(|(n, p)| p.len() == *n && p.chars().all(|c| c.is_ascii_digit()));
    ok.then(|| parts.concat())
}

fn json_error(file: &Path, e: &serde_json::Error) -> String {
    format!("{}:{}:{}: {e}", file.display(), e.line(), e.column())
}

fn import_one(root: &Path, dir: &Path, options: &Options, summary: &mut Summary) -> Result<(), String> {
    let api_path = dir.join("api.json");
    let api_text = std::fs::read_to_string(&api_path).map_err(|e| format!("cannot read api.json: {e}"))?;
    let api: api::ApiFile = serde_json::from_str(&api_text).map_err(|e| json_error(&api_path, &e))?;
    let service = api.metadata.service_short_name.clone();
    if !valid_service(&service) {
        return Err(format!(
            "metadata.serviceShortName `{service}` is not a service name (lower-case letters, digits)"
        ));
    }
    let version = compact_version(&api.metadata.api_version)
        .ok_or_else(|| format!("metadata.apiVersion `{}` is not a date YYYY-MM-DD", api.metadata.api_version))?;

    let provenance = read_optional(&dir.join(PROVENANCE_FILE))?.map(|t| read_provenance(&t)).unwrap_or_default();
    let package = options.package.clone().or(provenance.0).ok_or(
        "say where the files come from: --package NAME --package-version VERSION (or a PROVENANCE file)".to_owned(),
    )?;
    let package_version = options
        .package_version
        .clone()
        .or(provenance.1)
        .ok_or("say which version of the package the files come from: --package-version VERSION".to_owned())?;
    let source_rel = format!("spec/{service}/source/v{version}");
    let source = SourceInfo { package: package.clone(), version: package_version.clone(), files: source_rel.clone() };

    let (mut spec, counts) = api.to_spec(source).map_err(|issues| {
        issues.iter().map(|i| format!("{}: {}: {}", api_path.display(), i.at, i.message)).collect::<Vec<_>>().join("\n")
    })?;

    let codes_path = dir.join("errorcodes.py");
    let codes_text = read_optional(&codes_path)?;
    if let Some(text) = &codes_text {
        let codes = errorcodes::parse(text).map_err(|e| format!("{}: {e}", codes_path.display()))?;
        summary.codes += codes.len();
        spec.codes = codes.into_iter().map(|(c, d)| (c, crate::spec::model::ErrorSpec::Doc(d))).collect();
    }

    let examples_path = dir.join("examples.json");
    let examples_text = read_optional(&examples_path)?;
    let mut fixtures = Vec::new();
    let mut dropped_by_examples = 0;
    if let Some(text) = &examples_text {
        let file: examples::ExamplesFile = serde_json::from_str(text).map_err(|e| json_error(&examples_path, &e))?;
        let (list, report) = examples::fixtures(&mut spec, &file);
        dropped_by_examples = report.dropped.len();
        fixtures = list;
    }

    summary.services += 1;
    summary.actions += spec.actions.len();
    summary.models += spec.models.len();
    for (k, n) in &counts.mined {
        *summary.mined.entry(k.clone()).or_default() += n;
    }
    summary.defaults += counts.defaults;
    summary.dropped += counts.dropped + dropped_by_examples;
    summary.prose += counts.prose;
    summary.idempotent += counts.idempotent;
    for (k, n) in &counts.paginated {
        *summary.paginated.entry(k).or_default() += n;
    }
    summary.fixtures += fixtures.len();
    for issue in fixtures.iter().filter_map(|f| f.known_issue.as_ref()) {
        *summary.known_issues.entry(issue.kind.label()).or_default() += 1;
    }

    // Write: the spec, the copied sources, the fixtures.
    let yaml = serde_yaml::to_string(&spec).map_err(|e| format!("cannot write the spec: {e}"))?;
    let header = format!(
        "# Imported by `cargo tcgen import` from {package} {package_version} ({source_rel}).\n\
         # Do not edit: put hand-written facts in v{version}.overlay.yaml beside this file,\n\
         # then re-import or regenerate. The format is described in spec/README.md.\n"
    );
    let mut written = 0;
    written += write_if_changed(&root.join(format!("spec/{service}/v{version}.yaml")), &format!("{header}{yaml}"))?;

    let source_dir = root.join(&source_rel);
    let same_dir = match (source_dir.canonicalize(), dir.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if !same_dir {
        for (name, text) in SOURCE_FILES.iter().zip([Some(&api_text), examples_text.as_ref(), codes_text.as_ref()]) {
            let target = source_dir.join(name);
            match text {
                Some(t) => written += write_if_changed(&target, t)?,
                None => remove_if_present(&target)?,
            }
        }
    }
    let provenance_text = format!(
        "package: {package}\nversion: {package_version}\nfiles: {}\n",
        SOURCE_FILES
            .iter()
            .filter(|f| source_dir.join(f).is_file() || dir.join(f).is_file())
            .copied()
            .collect::<Vec<_>>()
            .join(", ")
    );
    written += write_if_changed(&source_dir.join(PROVENANCE_FILE), &provenance_text)?;

    let fixture_dir = root.join(format!("tests/fixtures/{service}/v{version}"));
    let keep: std::collections::BTreeSet<String> = fixtures.iter().map(|f| f.file.clone()).collect();
    if let Ok(entries) = std::fs::read_dir(&fixture_dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".json") && !keep.contains(&name) {
                std::fs::remove_file(e.path()).map_err(|e| format!("cannot remove a stale fixture {name}: {e}"))?;
            }
        }
    }
    for f in &fixtures {
        let text = serde_json::to_string_pretty(&f.fixture).map_err(|e| e.to_string())? + "\n";
        written += write_if_changed(&fixture_dir.join(&f.file), &text)?;
    }
    summary.files_written += written;
    Ok(())
}

/// Writes `text` to `path` through a temporary file and a rename, unless the file
/// already holds exactly that; returns 1 when it wrote.
fn write_if_changed(path: &Path, text: &str) -> Result<usize, String> {
    if std::fs::read(path).is_ok_and(|old| old == text.as_bytes()) {
        return Ok(0);
    }
    let parent = path.parent().ok_or_else(|| format!("{} has no parent directory", path.display()))?;
    std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    let tmp = parent
        .join(format!(".{}.tcgen-tmp", path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()));
    std::fs::write(&tmp, text).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(1)
}

fn remove_if_present(path: &Path) -> Result<(), String> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(format!("cannot remove {}: {e}", path.display())),
    }
}
