//! The Tera templates of `templates/`: Cargo.toml, README and crate documentation.

use std::path::Path;

use serde::Serialize;

use crate::emit::failure::EmitError;
use crate::ir::{Crate, Service};

/// The templates of one crate, by file name under `templates/crate/`: its manifest,
/// README and root documentation, and the documentation of each version's module.
const CRATE_TEMPLATES: [&str; 4] = ["Cargo.toml.tera", "README.md.tera", "lib.md.tera", "version.md.tera"];

/// Loaded templates plus the facts they need about the project.
pub struct Templates {
    tera: tera::Tera,
    runtime_version: String,
}

/// What the templates of one crate produce.
pub struct RenderedCrate {
    /// `Cargo.toml`.
    pub cargo_toml: String,
    /// `README.md`.
    pub readme: String,
    /// Crate-level documentation (`//!` of `lib.rs`).
    pub crate_doc: String,
}

/// An example program, as the manifest declares it.
#[derive(Debug, Clone, Serialize)]
pub struct ExampleEntry {
    /// Its target name (`trtc_v20190722_first_call`), also its file's stem.
    pub name: String,
    /// The version's module it uses: the feature it needs.
    pub module: String,
    /// Whether `cargo test` runs its unit tests.
    pub test: bool,
}

#[derive(Serialize)]
struct ActionView<'a> {
    name: &'a str,
    snake: &'a str,
    title: String,
    regions: &'a [String],
    rate_limit: Option<u32>,
}

/// One version, for the templates.
#[derive(Serialize)]
struct VersionView<'a> {
    version: &'a str,
    module: &'a str,
    /// The version as code names it: `tencentcloud_trtc::v20190722`.
    path: String,
    endpoint: &'a str,
    title: std::borrow::Cow<'a, str>,
    doc: &'a str,
    spec_file: String,
    actions: Vec<ActionView<'a>>,
    offline: Vec<(String, String)>,
    has_fixtures: bool,
    source: Option<&'a str>,
    /// The example call of the module documentation (`client.x()...await?`), when the
    /// version has an action the usage examples can call (see `guide`).
    example_call: Option<String>,
    /// The target name of the mock example (`sms_v20210111_mock_in_tests`).
    mock_example: String,
}

/// One crate, for the templates.
#[derive(Serialize)]
struct CrateView<'a> {
    name: &'a str,
    crate_name: &'a str,
    crate_version: &'a str,
    lib_name: String,
    /// The newest version's title and description.
    title: std::borrow::Cow<'a, str>,
    doc: &'a str,
    /// The spec files, comma-separated.
    spec_files: String,
    /// The API versions, oldest first, comma-separated.
    version_list: String,
    versions: Vec<VersionView<'a>>,
    /// The newest version's module.
    newest: &'a str,
    has_fixtures: bool,
    examples: &'a [ExampleEntry],
    runtime_version: &'a str,
}

impl Templates {
    /// Loads `root/templates/crate/*.tera` and reads the runtime's version from
    /// `root/runtime/Cargo.toml`.
    pub fn load(root: &Path) -> Result<Templates, EmitError> {
        let mut tera = tera::Tera::default();
        for name in CRATE_TEMPLATES {
            let path = root.join("templates/crate").join(name);
            let text = std::fs::read_to_string(&path)
                .map_err(|e| EmitError::Template(format!("cannot read templates/crate/{name}: {e}")))?;
            tera.add_raw_template(name, &text)
                .map_err(|e| EmitError::Template(format!("templates/crate/{name}: {}", chain(&e))))?;
        }
        let manifest = root.join("runtime/Cargo.toml");
        let text = std::fs::read_to_string(&manifest)
            .map_err(|e| EmitError::Template(format!("cannot read runtime/Cargo.toml: {e}")))?;
        let runtime_version = package_version(&text)
            .ok_or_else(|| EmitError::Template("runtime/Cargo.toml has no package version".into()))?;
        if !is_version_text(&runtime_version) {
            return Err(EmitError::Template(format!(
                "runtime/Cargo.toml: `{}` is not a version (digits, letters, `.`, `-` and `+`)",
                runtime_version.escape_debug()
            )));
        }
        Ok(Templates { tera, runtime_version })
    }

    /// Renders the crate files of `krate`, whose example programs are `examples`.
    pub fn render_crate(&self, krate: &Crate<'_>, examples: &[ExampleEntry]) -> Result<RenderedCrate, EmitError> {
        let view = self.crate_view(krate, examples)?;
        let mut ctx = tera::Context::new();
        ctx.insert("service", &view);
        let cargo_toml = self.render("Cargo.toml.tera", &ctx)?;
        // TOML allows no control character but tab and line ends, in strings or comments.
        if let Some(c) = cargo_toml.chars().find(|c| c.is_control() && !matches!(c, '\t' | '\n')) {
            return Err(EmitError::Template(format!(
                "templates/crate/Cargo.toml.tera: the manifest of {} would hold the control character {}",
                krate.crate_name().as_str().escape_debug(),
                c.escape_unicode()
            )));
        }
        // What the README and the crate documentation show, spec text or template, never
        // reorders itself.
        Ok(RenderedCrate {
            cargo_toml,
            readme: self.render_markdown("README.md.tera", &ctx)?,
            crate_doc: self.render_markdown("lib.md.tera", &ctx)?,
        })
    }

    /// Refuses `krate` unless every name the templates and the emitters write raw has
    /// its proper shape ([`check_view`]).
    pub fn check_crate(&self, krate: &Crate<'_>) -> Result<(), EmitError> {
        self.crate_view(krate, &[]).map(|_| ())
    }

    /// Renders the documentation of the module of `service`, a version of `krate`.
    pub fn render_version(&self, krate: &Crate<'_>, service: &Service) -> Result<String, EmitError> {
        let view = self.crate_view(krate, &[])?;
        let mut ctx = tera::Context::new();
        ctx.insert("service", &view);
        ctx.insert("version", &version_view(service));
        self.render_markdown("version.md.tera", &ctx)
    }

    /// Renders the Markdown template `name`, with no text-direction control left.
    fn render_markdown(&self, name: &str, ctx: &tera::Context) -> Result<String, EmitError> {
        self.render(name, ctx).map(|text| crate::text_direction::escape_text_direction(&text).into_owned())
    }

    fn render(&self, name: &str, ctx: &tera::Context) -> Result<String, EmitError> {
        self.tera.render(name, ctx).map_err(|e| EmitError::Template(format!("templates/crate/{name}: {}", chain(&e))))
    }

    /// The view of `krate`, checked ([`check_view`]).
    fn crate_view<'a>(&'a self, krate: &Crate<'a>, examples: &'a [ExampleEntry]) -> Result<CrateView<'a>, EmitError> {
        let newest = krate.newest();
        let versions = krate.versions();
        let view = CrateView {
            name: krate.name().as_str(),
            crate_name: krate.crate_name().as_str(),
            crate_version: &newest.crate_version,
            lib_name: krate.crate_name().lib_name(),
            title: crate::text_direction::escape_text_direction(&newest.title),
            doc: newest.doc.as_str(),
            spec_files: versions.iter().map(|s| one_line_name(&s.spec_file)).collect::<Vec<_>>().join(", "),
            version_list: versions.iter().map(|s| s.version.as_str()).collect::<Vec<_>>().join(", "),
            versions: versions.iter().map(|s| version_view(s)).collect(),
            newest: &newest.module,
            has_fixtures: versions.iter().any(|s| !s.fixtures.is_empty()),
            examples,
            runtime_version: &self.runtime_version,
        };
        check_view(&view)?;
        Ok(view)
    }
}

/// The view of one version.
fn version_view(service: &Service) -> VersionView<'_> {
    VersionView {
        version: &service.version,
        module: &service.module,
        path: format!("{}::{}", service.crate_name.lib_name(), service.module),
        endpoint: &service.endpoint,
        title: crate::text_direction::escape_text_direction(&service.title),
        doc: service.doc.as_str(),
        spec_file: one_line_name(&service.spec_file),
        actions: service
            .actions
            .iter()
            .map(|a| ActionView {
                name: &a.name,
                snake: &a.symbols.module,
                title: one_line(a.title.as_str()),
                regions: &a.regions,
                rate_limit: a.rate_limit,
            })
            .collect(),
        offline: service.offline.iter().map(|a| (a.name.clone(), one_line(&a.title))).collect(),
        has_fixtures: !service.fixtures.is_empty(),
        source: service.source.as_deref(),
        example_call: crate::emit::guide::pick(service).map(|p| crate::emit::guide::call_text(&p)),
        mock_example: crate::emit::guide::example_name(service, crate::emit::guide::MOCK_EXAMPLE),
    }
}

/// Refuses a view whose values could break the manifest. `templates/crate/Cargo.toml.tera`
/// writes the crate name, the service name, the versions' modules, the examples' names
/// and the runtime's version raw between quotes, so each must have its one proper shape:
/// the crate and service names are checked names ([`crate::ir::CrateName`],
/// [`crate::ir::ServiceName`]), which only a proper name makes; the others are checked
/// here (the specs are checked for it already; this holds whoever built the model); the free
/// text it writes (title, versions) goes through `json_encode()`, which escapes quotes,
/// backslashes and line ends but not DEL, so no control character may be in any text
/// of the view.
fn check_view(view: &CrateView<'_>) -> Result<(), EmitError> {
    let refuse = |what: &str, value: &str, why: &str| {
        Err(EmitError::Template(format!("{what} `{}` cannot be written to a manifest: {why}", value.escape_debug())))
    };
    if !is_version_text(view.runtime_version) {
        return refuse("the runtime version", view.runtime_version, "not a version");
    }
    for v in &view.versions {
        if !is_module_name(v.module) {
            return refuse("the version module", v.module, "not `v` and digits");
        }
        let texts = [
            ("the title", v.title.as_ref()),
            ("the version", v.version),
            ("the endpoint", v.endpoint),
            ("the source", v.source.unwrap_or_default()),
        ];
        for (what, text) in texts {
            if text.contains(char::is_control) {
                return refuse(what, text, "it holds a control character");
            }
        }
    }
    for e in view.examples {
        if !is_module_name(&e.module)
            || e.name.is_empty()
            || !e.name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            return refuse("the example", &e.name, "not a target name of its version");
        }
    }
    Ok(())
}

/// A version's module, as a feature and a module are named: `v` and ASCII digits.
fn is_module_name(module: &str) -> bool {
    module.strip_prefix('v').is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

/// A version as a manifest may quote it raw: ASCII letters, digits, `.`, `-` and `+`.
fn is_version_text(v: &str) -> bool {
    !v.is_empty() && v.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'))
}

/// A name (a spec file's) as one line of any generated file: printable ASCII stays,
/// `\` is doubled, and everything else, `>` included (it could close an HTML comment),
/// is escaped as `\u{..}`. Plain names are unchanged.
pub fn one_line_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ' ' => out.push(' '),
            c if c.is_ascii_graphic() && c != '>' => out.push(c),
            c => out.extend(c.escape_unicode()),
        }
    }
    out
}

/// Text on one line, for list items and table cells (`|` escaped).
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").replace('|', "\\|")
}

/// The error and its causes, as one line.
fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut cur = e.source();
    while let Some(s) = cur {
        out.push_str(": ");
        out.push_str(&s.to_string());
        cur = s.source();
    }
    out
}

/// The `version = "..."` of the `[package]` table.
fn package_version(manifest: &str) -> Option<String> {
    let mut in_package = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package {
            if let Some(rest) = line.strip_prefix("version") {
                let v = rest.trim_start().strip_prefix('=')?.trim().trim_matches('"');
                return Some(v.to_owned());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::chain;

    /// An error with an optional cause.
    #[derive(Debug)]
    struct Failure(&'static str, Option<Box<Failure>>);

    impl std::fmt::Display for Failure {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.0)
        }
    }

    impl std::error::Error for Failure {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            self.1.as_deref().map(|e| e as _)
        }
    }

    #[test]
    fn an_error_is_shown_with_its_causes_on_one_line() {
        let root = Failure("unexpected `}`", None);
        let middle = Failure("parse error at 3:1", Some(Box::new(root)));
        let top = Failure("cannot render", Some(Box::new(middle)));
        assert_eq!(chain(&top), "cannot render: parse error at 3:1: unexpected `}`");
        assert_eq!(chain(&Failure("alone", None)), "alone");
    }
}
