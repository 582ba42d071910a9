//! `tcgen`: generates typed, validated Rust crates for Tencent Cloud API 3.0 services.
//!
//! The pipeline, one module a stage:
//! 1. `spec` loads the YAML files of `spec/` (with the line of every value);
//! 2. `resolve` checks them and builds the intermediate model ([`ir`]), reporting
//!    every problem with file, line and field (`diagnostics`);
//! 3. `emit` turns the model into files: Rust as token streams formatted once, and
//!    Tera templates for Cargo.toml, README and crate docs;
//! 4. `output` swaps the result into `generated/` (locked, every path proved to stay
//!    inside it), or compares it for `check`.
//!
//! `naming` decides every Rust name, once, for `resolve`.
//!
//! The public face is small: the runs ([`load`], [`render`], [`generate`], [`check`], each
//! with its `_with` form taking [`Settings`]), the model [`load`] gives ([`ir`]), the
//! two steps after it ([`render_services`], [`write()`]), and the importer ([`import`]).
#![forbid(unsafe_code)]

mod diagnostics;
mod emit;
pub mod import;
pub mod ir;
mod naming;
mod output;
mod parallel;
mod pattern;
mod resolve;
mod settings;
mod spec;
mod text_direction;

use std::path::{Path, PathBuf};

pub use diagnostics::{Diagnostic, Diagnostics};
pub use emit::EmitError;
pub use output::{Drift, FileSet};
pub use settings::{Settings, DEFAULT_CRATE_PREFIX};

/// Any failure of a generator run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The specs have problems; nothing was written.
    #[error("{0}")]
    Spec(#[from] Diagnostics),
    /// Emission failed; nothing was written.
    #[error(transparent)]
    Emit(#[from] emit::EmitError),
    /// Reading or writing files failed.
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
}

/// Loads and checks every spec under `root/spec`, with the default settings.
pub fn load(root: &Path) -> Result<Vec<ir::Service>, Error> {
    load_with(root, &Settings::default())
}

/// Loads and checks every spec under `root/spec`; crates are named by `settings`.
pub fn load_with(root: &Path, settings: &Settings) -> Result<Vec<ir::Service>, Error> {
    let set = spec::load::load_specs(root).map_err(Diagnostics)?;
    Ok(resolve::resolve_with(&set, settings)?)
}

/// Everything `generated/` should contain, from `root/spec` and `root/templates`, with
/// the default settings.
pub fn render(root: &Path) -> Result<FileSet, Error> {
    render_with(root, &Settings::default())
}

/// Everything `generated/` should contain, from `root/spec` and `root/templates`.
pub fn render_with(root: &Path, settings: &Settings) -> Result<FileSet, Error> {
    render_services(root, &load_with(root, settings)?)
}

/// Everything `generated/` should contain for `services` (as [`load`] gives them), with
/// the templates of `root/templates`.
pub fn render_services(root: &Path, services: &[ir::Service]) -> Result<FileSet, Error> {
    let templates = emit::templates::Templates::load(root)?;
    Ok(emit::render(services, &templates)?)
}

/// Regenerates `root/generated` with the default settings; returns how many files
/// changed. Runs on one root take turns (a lock on `root/.tcgen.lock`), and
/// `generated/` is swapped whole.
pub fn generate(root: &Path) -> Result<usize, Error> {
    generate_with(root, &Settings::default())
}

/// Regenerates `root/generated`, as [`generate`], with `settings`.
pub fn generate_with(root: &Path, settings: &Settings) -> Result<usize, Error> {
    write(root, &render_with(root, settings)?)
}

/// Makes `root/generated` hold exactly `files`, as [`generate`] does; returns how many
/// files changed. Every path must stay inside `generated/`, or nothing is written.
pub fn write(root: &Path, files: &FileSet) -> Result<usize, Error> {
    Ok(output::write(root, files)?)
}

/// How `root/generated` differs from what the specs and templates produce with the
/// default settings; waits for a `generate` run on the same root to finish before
/// comparing.
pub fn check(root: &Path) -> Result<Vec<Drift>, Error> {
    check_with(root, &Settings::default())
}

/// How `root/generated` differs from what the specs and templates produce, as
/// [`check`], with `settings`.
pub fn check_with(root: &Path, settings: &Settings) -> Result<Vec<Drift>, Error> {
    let files = render_with(root, settings)?;
    let _lock = output::lock_shared(root)?;
    Ok(output::diff(root, &files)?)
}

/// The project root: the nearest ancestor of `start` holding `spec/common.yaml`.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    start.ancestors().find(|d| d.join("spec").join(spec::load::COMMON_FILE).is_file()).map(Path::to_path_buf)
}
