//! Overlays: hand-written facts layered over an imported spec.
//!
//! An imported spec (`spec/<service>/v<version>.yaml`) is rewritten by every import; what
//! people know beyond Tencent's description (regions, rate limits, constraints, codes,
//! renames, notes) lives beside it in `spec/<service>/v<version>.overlay.yaml`, which no
//! import touches. Loading applies the overlay to the spec before it is checked. Every
//! overlay entry must name something the spec has: one that names nothing is an error
//! located in the overlay file.

use indexmap::IndexMap;
use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Reporter};
use crate::spec::locate::{Locator, Path};
use crate::spec::model::{
    ActionSpec, BodyFormat, ConstraintSpec, ErrorSpec, FieldSpec, ModelSpec, PaginateSpec, RuleSpec, ServiceFile,
    Status, StreamSpec, Usage,
};

/// The suffix of overlay files: `v20190722.overlay.yaml` overlays `v20190722.yaml`.
pub const OVERLAY_SUFFIX: &str = ".overlay.yaml";

/// `spec/<service>/v<version>.overlay.yaml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverlayFile {
    /// Replacements for the `service:` block.
    #[serde(default)]
    pub service: ServiceOverlay,
    /// Changes to models, by wire name.
    #[serde(default)]
    pub models: IndexMap<String, ModelOverlay>,
    /// Models the description lacks (the type of a stream's events), by wire name: each
    /// must be new.
    #[serde(default)]
    pub add_models: IndexMap<String, ModelSpec>,
    /// Changes to actions, by wire name.
    #[serde(default)]
    pub actions: IndexMap<String, ActionOverlay>,
    /// Codes any action of the service can return (added to every per-action enum).
    #[serde(default)]
    pub errors: IndexMap<String, ErrorSpec>,
    /// Codes added to (or redescribed in) the service's code table.
    #[serde(default)]
    pub codes: IndexMap<String, ErrorSpec>,
}

/// Replacements for the `service:` block; unset keys keep the spec's value.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceOverlay {
    /// Host.
    pub endpoint: Option<String>,
    /// Crate name.
    #[serde(rename = "crate")]
    pub crate_name: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// Description.
    pub doc: Option<String>,
}

/// Changes to one model; unset keys keep the spec's value.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelOverlay {
    /// Description.
    pub doc: Option<String>,
    /// Where it is used.
    pub usage: Option<Usage>,
    /// Rust name.
    pub rust_name: Option<String>,
    /// Maintainers' notes.
    pub notes: Option<String>,
    /// Changes to fields, by wire name.
    #[serde(default)]
    pub fields: IndexMap<String, FieldOverlay>,
}

/// Changes to one field; unset keys keep the spec's value. `constraints`, when given,
/// replace the field's constraints (including mined ones) entirely.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldOverlay {
    /// Required (see [`FieldSpec::required`]).
    pub required: Option<bool>,
    /// Always present in responses (models used both ways).
    pub output_required: Option<bool>,
    /// May be null in responses.
    pub nullable: Option<bool>,
    /// Rust name.
    pub rust_name: Option<String>,
    /// Server default.
    pub default: Option<serde_yaml::Value>,
    /// Description.
    pub doc: Option<String>,
    /// Example value.
    pub example: Option<String>,
    /// Code answered when a required input is missing.
    pub missing: Option<String>,
    /// Constraints replacing the spec's.
    pub constraints: Option<Vec<ConstraintSpec>>,
    /// Deprecation note.
    pub deprecated: Option<String>,
    /// Maintainers' notes.
    pub notes: Option<String>,
}

/// Changes to one action; unset keys keep the spec's value.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionOverlay {
    /// Summary.
    pub title: Option<String>,
    /// Description.
    pub doc: Option<String>,
    /// Lifecycle.
    pub status: Option<Status>,
    /// Rust module and method name.
    pub rust_name: Option<String>,
    /// Supported regions.
    pub regions: Option<Vec<String>>,
    /// Requests per second.
    pub rate_limit: Option<u32>,
    /// Signed with TC3.
    pub signed: Option<bool>,
    /// Safe to repeat.
    pub idempotent: Option<bool>,
    /// Generate an example program.
    pub example_program: Option<bool>,
    /// Changes to request parameters, by wire name.
    #[serde(default)]
    pub input: IndexMap<String, FieldOverlay>,
    /// Rules replacing the spec's.
    pub rules: Option<Vec<RuleSpec>>,
    /// Changes to response fields, by wire name.
    #[serde(default)]
    pub output: IndexMap<String, FieldOverlay>,
    /// The action's own codes (added to its error enum).
    #[serde(default)]
    pub errors: IndexMap<String, ErrorSpec>,
    /// The paging pattern replacing the spec's; `paginate: null` removes it.
    #[serde(default, deserialize_with = "present")]
    pub paginate: Option<Option<PaginateSpec>>,
    /// The action's own host replacing the spec's; `host: null` removes it.
    #[serde(default, deserialize_with = "present")]
    pub host: Option<Option<String>>,
    /// The streaming replacing the spec's; `stream: null` removes it.
    #[serde(default, deserialize_with = "present")]
    pub stream: Option<Option<StreamSpec>>,
    /// How the request body is sent.
    pub body: Option<BodyFormat>,
}

/// `Some(value)` for a key that is present, even as `null` (`Some(None)`); an absent key
/// is `None` through `#[serde(default)]`.
fn present<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

fn set<T: Clone>(slot: &mut T, value: &Option<T>) {
    if let Some(v) = value {
        *slot = v.clone();
    }
}

fn set_opt<T: Clone>(slot: &mut Option<T>, value: &Option<T>) {
    if value.is_some() {
        slot.clone_from(value);
    }
}

/// Applies `overlay` (the file `file`, indexed by `locator`) to `spec`; each entry that
/// names nothing in the spec is reported, located in the overlay file.
pub fn apply(spec: &mut ServiceFile, overlay: &OverlayFile, file: &str, locator: &Locator) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut r = Reporter::new(file, locator, &mut diags);
    let root = Path::root();
    let s = &overlay.service;
    set_opt(&mut spec.service.endpoint, &s.endpoint);
    set_opt(&mut spec.service.crate_name, &s.crate_name);
    set(&mut spec.service.title, &s.title);
    set(&mut spec.service.doc, &s.doc);
    for (code, e) in &overlay.errors {
        spec.errors.insert(code.clone(), e.clone());
    }
    for (code, e) in &overlay.codes {
        spec.codes.insert(code.clone(), e.clone());
    }
    for (name, m) in &overlay.add_models {
        if spec.models.contains_key(name) {
            let mp = root.key("add_models").key(name);
            r.error(&mp, format!("the spec has a model `{name}` already: change it under `models:`"));
            continue;
        }
        spec.models.insert(name.clone(), m.clone());
    }
    for (name, m) in &overlay.models {
        let mp = root.key("models").key(name);
        let Some(model) = spec.models.get_mut(name) else {
            r.error(&mp, format!("the spec has no model `{name}`"));
            continue;
        };
        set(&mut model.doc, &m.doc);
        set_opt(&mut model.usage, &m.usage);
        set_opt(&mut model.rust_name, &m.rust_name);
        set_opt(&mut model.notes, &m.notes);
        apply_fields(&mut r, &mp.key("fields"), &mut model.fields, &m.fields, "field");
    }
    for (name, a) in &overlay.actions {
        let ap = root.key("actions").key(name);
        let Some(action) = spec.actions.get_mut(name) else {
            r.error(&ap, format!("the spec has no action `{name}`"));
            continue;
        };
        apply_action(&mut r, &ap, action, a);
    }
    diags
}

fn apply_action(r: &mut Reporter<'_>, ap: &Path, action: &mut ActionSpec, a: &ActionOverlay) {
    set(&mut action.title, &a.title);
    set(&mut action.doc, &a.doc);
    set_opt(&mut action.status, &a.status);
    set_opt(&mut action.rust_name, &a.rust_name);
    set(&mut action.regions, &a.regions);
    set_opt(&mut action.rate_limit, &a.rate_limit);
    set(&mut action.signed, &a.signed);
    set_opt(&mut action.idempotent, &a.idempotent);
    set(&mut action.example_program, &a.example_program);
    set(&mut action.rules, &a.rules);
    set(&mut action.paginate, &a.paginate);
    set(&mut action.host, &a.host);
    set(&mut action.stream, &a.stream);
    set(&mut action.body, &a.body);
    for (code, e) in &a.errors {
        action.errors.insert(code.clone(), e.clone());
    }
    apply_fields(r, &ap.key("input"), &mut action.input, &a.input, "input");
    apply_fields(r, &ap.key("output"), &mut action.output, &a.output, "output");
}

fn apply_fields(
    r: &mut Reporter<'_>,
    path: &Path,
    fields: &mut IndexMap<String, FieldSpec>,
    overlays: &IndexMap<String, FieldOverlay>,
    what: &str,
) {
    for (name, o) in overlays {
        let Some(f) = fields.get_mut(name) else {
            r.error(&path.key(name), format!("the spec has no {what} `{name}` here"));
            continue;
        };
        set(&mut f.required, &o.required);
        set(&mut f.output_required, &o.output_required);
        set(&mut f.nullable, &o.nullable);
        set_opt(&mut f.rust_name, &o.rust_name);
        if o.default.is_some() {
            f.default.clone_from(&o.default);
            f.default_source = None;
        }
        set(&mut f.doc, &o.doc);
        set_opt(&mut f.example, &o.example);
        set_opt(&mut f.missing, &o.missing);
        set(&mut f.constraints, &o.constraints);
        set_opt(&mut f.deprecated, &o.deprecated);
        set_opt(&mut f.notes, &o.notes);
    }
}
