//! The `tcgen` command line: `generate` (default), `check` and `validate`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc instead of the system allocator: a whole edition's generation is mostly small
/// allocations (token trees, strings), which glibc's malloc made about 40 % of the CPU.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Generates the Tencent Cloud crates of `generated/` from the YAML specs of `spec/`.
#[derive(Parser)]
#[command(name = "tcgen", version, about)]
struct Cli {
    /// Project root (the directory holding `spec/`, `templates/` and `generated/`);
    /// found by searching upwards from the current directory when omitted.
    #[arg(long, global = true)]
    root: Option<PathBuf>,
    /// The prefix of every crate name a spec does not set (`tencentcloud-cn-` for the
    /// Chinese edition): crates are named `<prefix><service>`.
    #[arg(long, global = true, default_value = tcgen::DEFAULT_CRATE_PREFIX)]
    crate_prefix: String,
    /// A release's versions file (`versions.toml`: `[crates."<name>"]` with `version`):
    /// each crate it names gets that version; the others are 0.1.0.
    #[arg(long, global = true)]
    versions: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate every crate of `generated/` from every spec (the default).
    Generate,
    /// Fail, naming the files, when `generated/` differs from what would be generated.
    Check,
    /// Check the specs without writing anything.
    Validate,
    /// Import Tencent's descriptions: each DIR holds `api.json` (and `examples.json`,
    /// `errorcodes.py`), or is a catalogue root with `<service>/<version>/api.json` below.
    /// Writes `spec/<service>/v<version>.yaml`, copies the sources under
    /// `spec/<service>/source/`, and writes the examples as fixtures under
    /// `tests/fixtures/<service>/v<version>/`.
    Import {
        /// Service-version directories or catalogue roots.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// The package the files come from (`tccli-intl-en`), when the directory has no
        /// PROVENANCE file.
        #[arg(long)]
        package: Option<String>,
        /// The version of that package (`3.1.193.1`).
        #[arg(long)]
        package_version: Option<String>,
    },
}

/// The settings the options name: the crate prefix and the versions file.
fn settings(cli: &Cli) -> Result<tcgen::Settings, String> {
    let settings = tcgen::Settings::with_crate_prefix(&cli.crate_prefix)?;
    let Some(path) = &cli.versions else { return Ok(settings) };
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    settings.with_versions_file(&text).map_err(|why| format!("{}: {why}", path.display()))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = match cli.root.clone().or_else(|| std::env::current_dir().ok().and_then(|d| tcgen::find_root(&d))) {
        Some(r) => r,
        None => {
            eprintln!("tcgen: no project root found (a directory with spec/common.yaml); pass --root");
            return ExitCode::from(2);
        }
    };
    let settings = match settings(&cli) {
        Ok(settings) => settings,
        Err(why) => {
            eprintln!("tcgen: {why}");
            return ExitCode::from(2);
        }
    };
    match cli.command.unwrap_or(Command::Generate) {
        Command::Generate => match tcgen::generate_with(&root, &settings) {
            Ok(0) => {
                println!("generated/ is up to date");
                ExitCode::SUCCESS
            }
            Ok(n) => {
                println!("generated/ regenerated ({n} file(s) changed)");
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e),
        },
        Command::Check => match tcgen::check_with(&root, &settings) {
            Ok(drift) if drift.is_empty() => {
                println!("generated/ matches spec/ and templates/");
                ExitCode::SUCCESS
            }
            Ok(drift) => {
                eprintln!("generated/ is out of date ({} file(s)):", drift.len());
                for d in drift {
                    eprintln!("  {d}");
                }
                eprintln!("run `cargo tcgen` to regenerate");
                ExitCode::FAILURE
            }
            Err(e) => fail(&e),
        },
        Command::Import { dirs, package, package_version } => {
            let options = tcgen::import::Options { package, package_version };
            match tcgen::import::import(&root, &dirs, &options) {
                Ok(summary) => {
                    for (dir, message) in &summary.failures {
                        eprintln!("error: {dir}: {message}");
                    }
                    println!("{summary}");
                    if summary.failures.is_empty() {
                        ExitCode::SUCCESS
                    } else {
                        ExitCode::FAILURE
                    }
                }
                Err(e) => {
                    eprintln!("tcgen import: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Validate => match tcgen::load_with(&root, &settings) {
            Ok(services) => {
                for s in &services {
                    println!(
                        "{}: {} {} ({} action(s), {} model(s)) ok",
                        s.spec_file,
                        s.name,
                        s.version,
                        s.actions.len(),
                        s.models.len()
                    );
                }
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e),
        },
    }
}

fn fail(e: &tcgen::Error) -> ExitCode {
    eprintln!("{e}");
    ExitCode::FAILURE
}
