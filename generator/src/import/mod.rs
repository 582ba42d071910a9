//! `tcgen import`: Tencent's machine-readable descriptions into specs and fixtures.
//!
//! For each service version (a directory holding `api.json`, and `examples.json`,
//! `errorcodes.py` when present) the importer writes:
//! - `spec/<service>/v<version>.yaml`: the spec (`api`), with the codes of
//!   `errorcodes.py` (`errorcodes`) and constraints mined from the documentation
//!   (`mine`); hand-written facts go in the overlay beside it, which no import
//!   touches (`crate::spec::overlay`);
//! - `spec/<service>/source/v<version>/`: the files it read, with `PROVENANCE`, so that
//!   regenerating never needs the originals;
//! - `tests/fixtures/<service>/v<version>/<Action>.<n>.json`: the recorded examples
//!   (`examples`).
//!
//! Importing the same files again rewrites the same bytes. What the files say is never
//! trusted with the file system or the terminal (`safety`): names are checked, only
//! regular files of bounded size are read, every path written is proved to stay under
//! the root, and outside text in messages is escaped.

mod api;
mod errorcodes;
mod examples;
mod mine;
mod paging;
mod repair;
pub(crate) mod safety;
mod wire;

pub use safety::MAX_SOURCE_BYTES;
use safety::{read_source, shown, shown_path, under_root};

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::spec::model::SourceInfo;

/// The name of the provenance file in a copied source directory.
pub(crate) const PROVENANCE_FILE: &str = "PROVENANCE";

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
    /// Constraints written, checked before sending.
    pub enforced: usize,
    /// Constraints written as documentation only, by reason.
    pub documented: BTreeMap<crate::spec::model::NotEnforced, usize>,
    /// Constraints mined on models no request reaches, not written.
    pub unreachable: usize,
    /// Actions marked safe to repeat.
    pub idempotent: usize,
    /// Actions marked as paging, by kind.
    pub paginated: BTreeMap<&'static str, usize>,
    /// Actions marked as streaming server-sent events (`wire`).
    pub streaming: usize,
    /// Of those, the ones that stream when an input (`Stream`) asks for it.
    pub streaming_on_request: usize,
    /// Actions given a host of their own.
    pub hosts: usize,
    /// Actions marked as sending a binary body.
    pub binary: usize,
    /// Example fixtures written.
    pub fixtures: usize,
    /// Fixtures marked with a known issue, by kind (`examples::IssueKind::label`).
    pub known_issues: BTreeMap<&'static str, usize>,
    /// Fixtures whose JSON parsed once commas missing at line ends were put back
    /// (`repair`).
    pub repaired: usize,
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
        let documented: usize = self.documented.values().sum();
        let reasons: Vec<String> = self.documented.iter().map(|(r, n)| format!("{} {n}", r.name())).collect();
        writeln!(
            f,
            "constraints written: {} checked before sending, {documented} kept as documentation only ({}); {} on models no request reaches not kept",
            self.enforced,
            if reasons.is_empty() { "none".to_owned() } else { reasons.join(", ") },
            self.unreachable
        )?;
        writeln!(f, "{} action(s) marked safe to repeat", self.idempotent)?;
        let paged: usize = self.paginated.values().sum();
        let kinds: Vec<String> = self.paginated.iter().map(|(k, n)| format!("{k} {n}")).collect();
        writeln!(
            f,
            "{paged} action(s) marked as paging ({})",
            if kinds.is_empty() { "none".to_owned() } else { kinds.join(", ") }
        )?;
        writeln!(
            f,
            "{} action(s) marked as streaming events ({} when an input asks), {} with a host of their own, {} with a binary body",
            self.streaming, self.streaming_on_request, self.hosts, self.binary
        )?;
        let marked: usize = self.known_issues.values().sum();
        let kinds: Vec<String> = self.known_issues.iter().map(|(k, n)| format!("{k} {n}")).collect();
        writeln!(
            f,
            "{} example fixture(s), {marked} marked with a known issue ({}); {} repaired (commas missing at line ends put back)",
            self.fixtures,
            if kinds.is_empty() { "none".to_owned() } else { kinds.join(", ") },
            self.repaired
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

impl Summary {
    /// Adds `other`'s counts to these (its failures after these).
    fn absorb(&mut self, other: Summary) {
        // Every field named, so that a new one cannot be forgotten here.
        let Summary {
            services,
            actions,
            models,
            codes,
            mined,
            defaults,
            dropped,
            prose,
            enforced,
            documented,
            unreachable,
            idempotent,
            paginated,
            streaming,
            streaming_on_request,
            hosts,
            binary,
            fixtures,
            known_issues,
            repaired,
            files_written,
            failures,
            elapsed: _,
        } = other;
        fn add<K: Ord>(to: &mut BTreeMap<K, usize>, from: BTreeMap<K, usize>) {
            for (k, n) in from {
                *to.entry(k).or_default() += n;
            }
        }
        self.services += services;
        self.actions += actions;
        self.models += models;
        self.codes += codes;
        add(&mut self.mined, mined);
        self.defaults += defaults;
        self.dropped += dropped;
        self.prose += prose;
        self.enforced += enforced;
        add(&mut self.documented, documented);
        self.unreachable += unreachable;
        self.idempotent += idempotent;
        add(&mut self.paginated, paginated);
        self.streaming += streaming;
        self.streaming_on_request += streaming_on_request;
        self.hosts += hosts;
        self.binary += binary;
        self.fixtures += fixtures;
        add(&mut self.known_issues, known_issues);
        self.repaired += repaired;
        self.files_written += files_written;
        self.failures.extend(failures);
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
pub(crate) fn find_service_dirs(input: &Path) -> Vec<PathBuf> {
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
            return Err(ImportError::NothingFound(shown_path(input)));
        }
        dirs.extend(found);
    }
    let terminal = std::io::stderr().is_terminal();
    let total = dirs.len();
    // Service versions are imported on every core. Directories whose last two names are
    // the same (`cvm/v20170312` from two inputs) are one group, imported in input order on
    // one thread, so that the last one wins as it would one at a time.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of: BTreeMap<(Option<&std::ffi::OsStr>, Option<&std::ffi::OsStr>), usize> = BTreeMap::new();
    for (i, dir) in dirs.iter().enumerate() {
        let key = (dir.parent().and_then(Path::file_name), dir.file_name());
        let g = *group_of.entry(key).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(i);
    }
    let started_count = std::sync::atomic::AtomicUsize::new(0);
    let import_group = |group: &Vec<usize>| -> Vec<(usize, Imported, Summary)> {
        group
            .iter()
            .map(|&i| {
                let n = started_count.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                let dir_shown = shown_path(&dirs[i]);
                if terminal {
                    eprint!("\r\x1b[2K[{n}/{total}] {dir_shown}");
                    let _ = std::io::stderr().flush();
                } else if total > 1 {
                    eprintln!("[{n}/{total}] {dir_shown}");
                }
                let mut one = Summary::default();
                let imported = import_one(root, &dirs[i], options, &mut one);
                (i, imported, one)
            })
            .collect()
    };
    let mut done: Vec<_> =
        crate::parallel::map_in_order(&groups, Vec::len, import_group).into_iter().flatten().collect();
    done.sort_by_key(|(i, _, _)| *i);
    if terminal {
        eprintln!();
    }
    let mut summary = Summary::default();
    let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (i, imported, one) in done {
        summary.absorb(one);
        match imported {
            // Two directories of other names holding one service version were imported
            // side by side: which copy is on disk is not defined, so the run says so.
            Ok(key) => match seen.get(&key) {
                Some(&first) if !groups.iter().any(|g| g.contains(&first) && g.contains(&i)) => {
                    summary.failures.push((
                        shown_path(&dirs[i]),
                        format!(
                            "{} {} was also imported from {} in this run; import each service version once",
                            key.0,
                            key.1,
                            shown_path(&dirs[first])
                        ),
                    ))
                }
                _ => {
                    seen.insert(key, i);
                }
            },
            Err(message) => summary.failures.push((shown_path(&dirs[i]), message)),
        }
    }
    summary.elapsed = started.elapsed();
    Ok(summary)
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

/// `2019-07-22` → `20190722`, only for a well-formed date.
fn compact_version(version: &str) -> Option<String> {
    let parts: Vec<&str> = version.split('-').collect();
    let ok = parts.len() == 3
        && [4, 2, 2].iter().zip(&parts).all(|(n, p)| p.len() == *n && p.chars().all(|c| c.is_ascii_digit()));
    ok.then(|| parts.concat())
}

fn json_error(file: &Path, e: &serde_json::Error) -> String {
    format!("{}:{}:{}: {}", shown_path(file), e.line(), e.column(), shown(&e.to_string()))
}

/// The service's short name and compact version (`20190722`), once both are names an
/// import takes: they name the directories it writes.
fn service_and_version(api: &api::ApiFile) -> Result<(String, String), String> {
    let service = &api.metadata.service_short_name;
    if !safety::is_api_service_name(service) {
        return Err(format!(
            "metadata.serviceShortName `{}` is not a service name (a lower-case letter, then lower-case letters \
             and digits; two characters at least)",
            shown(service)
        ));
    }
    let version = compact_version(&api.metadata.api_version).ok_or_else(|| {
        format!("metadata.apiVersion `{}` is not a date YYYY-MM-DD", shown(&api.metadata.api_version))
    })?;
    Ok((service.clone(), version))
}

/// What importing one service version gave: its service name and version, or why it failed.
type Imported = Result<(String, String), String>;

/// Imports one service version, counting it in `summary`; returns its service name and
/// version.
fn import_one(root: &Path, dir: &Path, options: &Options, summary: &mut Summary) -> Result<(String, String), String> {
    let api_path = dir.join("api.json");
    let api_text = read_source(&api_path)?.ok_or_else(|| format!("{}: not found", shown_path(&api_path)))?;
    let api: api::ApiFile = serde_json::from_str(&api_text).map_err(|e| json_error(&api_path, &e))?;
    let (service, version) = service_and_version(&api)?;

    let provenance = read_source(&dir.join(PROVENANCE_FILE))?.map(|t| read_provenance(&t)).unwrap_or_default();
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
        let file = shown_path(&api_path);
        issues.iter().map(|i| format!("{file}: {}: {}", shown(&i.at), shown(&i.message))).collect::<Vec<_>>().join("\n")
    })?;

    let codes_path = dir.join("errorcodes.py");
    let codes_text = read_source(&codes_path)?;
    if let Some(text) = &codes_text {
        let codes = errorcodes::parse(text).map_err(|e| format!("{}: {}", shown_path(&codes_path), shown(&e)))?;
        summary.codes += codes.len();
        spec.codes = codes.into_iter().map(|(c, d)| (c, crate::spec::model::ErrorSpec::Doc(d))).collect();
    }
    api::settle_page_sizes(&mut spec);

    let examples_path = dir.join("examples.json");
    let examples_text = read_source(&examples_path)?;
    let mut fixtures = Vec::new();
    let mut dropped_by_examples = 0;
    let examples_file: Option<examples::ExamplesFile> = match &examples_text {
        Some(text) => Some(serde_json::from_str(text).map_err(|e| json_error(&examples_path, &e))?),
        None => None,
    };
    let wire = wire::mark(&mut spec, examples_file.as_ref());
    if let Some(file) = &examples_file {
        let (list, report) = examples::fixtures(&mut spec, file);
        dropped_by_examples = report.dropped.len();
        fixtures = list;
    }

    let targets = Targets::new(root, &service, &version, &fixtures)?;

    summary.services += 1;
    summary.actions += spec.actions.len();
    summary.models += spec.models.len();
    for (k, n) in &counts.mined {
        *summary.mined.entry(k.clone()).or_default() += n;
    }
    summary.defaults += counts.defaults;
    summary.dropped += counts.dropped + dropped_by_examples;
    summary.prose += counts.prose;
    summary.unreachable += counts.unreachable;
    let tally = api::tally(&spec);
    summary.enforced += tally.enforced;
    for (reason, n) in tally.documented {
        *summary.documented.entry(reason).or_default() += n;
    }
    summary.idempotent += counts.idempotent;
    for (k, n) in &counts.paginated {
        *summary.paginated.entry(k).or_default() += n;
    }
    summary.streaming += wire.streaming;
    summary.streaming_on_request += wire.streaming_on_request;
    summary.hosts += wire.hosts;
    summary.binary += wire.binary;
    summary.fixtures += fixtures.len();
    summary.repaired += fixtures.iter().filter(|f| f.repaired).count();
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
    written += write_if_changed(&targets.spec, &format!("{header}{yaml}"))?;

    let source_dir = &targets.source_dir;
    let same_dir = match (source_dir.canonicalize(), dir.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if !same_dir {
        for (target, text) in targets.sources.iter().zip([Some(&api_text), examples_text.as_ref(), codes_text.as_ref()])
        {
            match text {
                Some(t) => written += write_if_changed(target, t)?,
                None => remove_if_present(target)?,
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
    written += write_if_changed(&targets.provenance, &provenance_text)?;

    let keep: std::collections::BTreeSet<String> = fixtures.iter().map(|f| f.file.clone()).collect();
    if let Ok(entries) = std::fs::read_dir(&targets.fixture_dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".json") && !keep.contains(&name) {
                std::fs::remove_file(e.path())
                    .map_err(|e| format!("cannot remove a stale fixture {}: {e}", shown(&name)))?;
            }
        }
    }
    for (f, path) in fixtures.iter().zip(&targets.fixtures) {
        let text = serde_json::to_string_pretty(&f.fixture).map_err(|e| e.to_string())? + "\n";
        written += write_if_changed(path, &text)?;
    }
    summary.files_written += written;
    Ok((service, version))
}

/// Every path one service version writes, each built by [`under_root`] before anything
/// is written: a name that would leave the root fails the version with nothing written.
struct Targets {
    /// `spec/<service>/v<version>.yaml`.
    spec: PathBuf,
    /// `spec/<service>/source/v<version>/`.
    source_dir: PathBuf,
    /// The copies of [`SOURCE_FILES`] in `source_dir`, in that order.
    sources: Vec<PathBuf>,
    /// `PROVENANCE` in `source_dir`.
    provenance: PathBuf,
    /// `tests/fixtures/<service>/v<version>/`.
    fixture_dir: PathBuf,
    /// The fixtures' files in `fixture_dir`, in the order of the fixtures.
    fixtures: Vec<PathBuf>,
}

impl Targets {
    fn new(root: &Path, service: &str, version: &str, fixtures: &[examples::ExampleFixture]) -> Result<Self, String> {
        let version_dir = format!("v{version}");
        let source_dir = under_root(root, &["spec", service, "source", &version_dir])?;
        let fixture_dir = under_root(root, &["tests", "fixtures", service, &version_dir])?;
        Ok(Targets {
            spec: under_root(root, &["spec", service, &format!("{version_dir}.yaml")])?,
            sources: SOURCE_FILES.iter().map(|name| under_root(&source_dir, &[name])).collect::<Result<_, _>>()?,
            provenance: under_root(&source_dir, &[PROVENANCE_FILE])?,
            fixtures: fixtures.iter().map(|f| under_root(&fixture_dir, &[&f.file])).collect::<Result<_, _>>()?,
            source_dir,
            fixture_dir,
        })
    }
}

/// Writes `text` to `path` through a temporary file and a rename, unless the file
/// already holds exactly that; returns 1 when it wrote.
fn write_if_changed(path: &Path, text: &str) -> Result<usize, String> {
    if std::fs::read(path).is_ok_and(|old| old == text.as_bytes()) {
        return Ok(0);
    }
    let parent = path.parent().ok_or_else(|| format!("{} has no parent directory", shown_path(path)))?;
    std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", shown_path(parent)))?;
    // A name no other writer of this run uses (service versions are written side by side).
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = parent.join(format!(".{name}.{}-{n}.tcgen-tmp", std::process::id()));
    std::fs::write(&tmp, text).map_err(|e| format!("cannot write {}: {e}", shown_path(&tmp)))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("cannot write {}: {e}", shown_path(path)))?;
    Ok(1)
}

fn remove_if_present(path: &Path) -> Result<(), String> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(format!("cannot remove {}: {e}", shown_path(path))),
    }
}
