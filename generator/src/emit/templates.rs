//! The Tera templates of `templates/`: Cargo.toml, README and crate documentation.

use std::path::Path;

use serde::Serialize;

use crate::emit::EmitError;
use crate::ir::Service;

/// The templates of one crate, by file name under `templates/crate/`.
const CRATE_TEMPLATES: [&str; 3] = ["Cargo.toml.tera", "README.md.tera", "lib.md.tera"];

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

#[derive(Serialize)]
struct ActionView<'a> {
    name: &'a str,
    snake: &'a str,
    title: String,
    regions: &'a [String],
    rate_limit: Option<u32>,
}

#[derive(Serialize)]
struct ServiceView<'a> {
    name: &'a str,
    version: &'a str,
    endpoint: &'a str,
    crate_name: &'a str,
    lib_name: String,
    title: &'a str,
    doc: String,
    spec_file: &'a str,
    actions: Vec<ActionView<'a>>,
    offline: Vec<(String, String)>,
    has_fixtures: bool,
    source: Option<&'a str>,
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
        Ok(Templates { tera, runtime_version })
    }

    /// Renders the crate files of `service`.
    pub fn render_service(&self, service: &Service) -> Result<RenderedCrate, EmitError> {
        let view = ServiceView {
            name: &service.name,
            version: &service.version,
            endpoint: &service.endpoint,
            crate_name: &service.crate_name,
            lib_name: service.crate_name.replace('-', "_"),
            title: &service.title,
            doc: crate::emit::rust::spec_text(&service.doc),
            spec_file: &service.spec_file,
            actions: service
                .actions
                .iter()
                .map(|a| ActionView {
                    name: &a.name,
                    snake: &a.snake,
                    title: one_line(&crate::emit::rust::spec_text(&a.title)),
                    regions: &a.regions,
                    rate_limit: a.rate_limit,
                })
                .collect(),
            offline: service.offline.iter().map(|(n, t)| (n.clone(), one_line(t))).collect(),
            has_fixtures: service.fixtures.is_some(),
            source: service.source.as_deref(),
            runtime_version: &self.runtime_version,
        };
        let mut ctx = tera::Context::new();
        ctx.insert("service", &view);
        let render = |name: &str| {
            self.tera
                .render(name, &ctx)
                .map_err(|e| EmitError::Template(format!("templates/crate/{name}: {}", chain(&e))))
        };
        Ok(RenderedCrate {
            cargo_toml: render("Cargo.toml.tera")?,
            readme: render("README.md.tera")?,
            crate_doc: render("lib.md.tera")?,
        })
    }
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
