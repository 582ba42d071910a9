//! Checks the specs and resolves them into the intermediate model.
//!
//! Every problem is reported with its file, line and field; all problems of a run are
//! reported together, and nothing is emitted unless there are none.

pub mod docs;
pub mod paging;
mod secrets;
mod streaming;

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;

use crate::diagnostics::{Diagnostic, Diagnostics, Reporter};
use crate::ir::{
    Action, CodeOrigin, Constraint, ConstraintKind, ErrorCode, Field, Model, Num, OfflineAction, Rule, RuleKind,
    Scalar, Service, Status, Type, Usage,
};
use crate::naming;
use crate::settings::Settings;
use crate::spec::load::{Loaded, SpecSet};
use crate::spec::locate::Path;
use crate::spec::model::{ConstraintSpec, ErrorSpec, FieldSpec, NotEnforced, NumberSpec, ServiceFile, TypeSpec};

/// Checks and resolves every service of `set`; crates are named by `settings`. Every
/// version of a service is one crate: a crate name a spec sets must be the same in
/// every version.
pub fn resolve_with(set: &SpecSet, settings: &Settings) -> Result<Vec<Service>, Diagnostics> {
    let mut diags = Vec::new();
    let common = {
        let mut r = Reporter::new(&set.common.file, &set.common.locator, &mut diags);
        error_table(&mut r, &Path::root().key("errors"), &set.common.value.errors, CodeOrigin::Common)
    };
    // Each service version is resolved on its own, on every core (largest first); results
    // and diagnostics are taken in spec order.
    let one = |loaded: &&Loaded<ServiceFile>| {
        let mut diags = Vec::new();
        let service = resolve_service(loaded, &common, settings, &mut diags).map(|mut s| {
            if s.source.is_some() {
                // The examples of offline actions (listed, not generated) have nothing to
                // replay through: the crate does not carry them.
                let fixtures = set.fixtures.get(&loaded.file).cloned().unwrap_or_default();
                let names: BTreeSet<&str> = s.actions.iter().map(|a| a.name.as_str()).collect();
                let generated = |f: &crate::spec::fixtures::FixtureFile| {
                    names.contains(f.name.split('.').next().unwrap_or_default())
                };
                s.fixtures = fixtures.into_iter().filter(generated).collect();
            }
            s
        });
        (service, diags)
    };
    let loaded: Vec<&Loaded<ServiceFile>> = set.services.iter().collect();
    let mut resolved = Vec::new();
    for (loaded, (service, found)) in
        loaded.iter().zip(crate::parallel::map_in_order(&loaded, |l| l.value.actions.len(), one))
    {
        diags.extend(found);
        resolved.extend(service.map(|s| (*loaded, s)));
    }
    check_crates(&resolved, &mut diags);
    if diags.is_empty() {
        Ok(resolved.into_iter().map(|(_, s)| s).collect())
    } else {
        Err(Diagnostics(diags))
    }
}

/// The checks across specs: each service version is stated once, the versions of a
/// service name one crate, and no two services share a crate name.
fn check_crates(resolved: &[(&Loaded<ServiceFile>, Service)], diags: &mut Vec<Diagnostic>) {
    let crate_path = Path::root().key("service").key("crate");
    let mut versions: BTreeMap<(&str, &str), &str> = BTreeMap::new();
    let mut crates: BTreeMap<&str, (&str, &str)> = BTreeMap::new();
    for (loaded, s) in resolved {
        if let Some(other) = versions.insert((s.name.as_str(), &s.version), &s.spec_file) {
            loaded.reporter(diags).error(
                &Path::root().key("service").key("version"),
                format!("version `{}` of `{}` is also stated by {other}", s.version, s.name),
            );
        }
        let (service, file) = *crates.entry(s.crate_name.as_str()).or_insert((s.name.as_str(), &s.spec_file));
        if s.name != service {
            loaded.reporter(diags).error(
                &crate_path,
                format!(
                    "crate `{}` is also the crate of service `{service}` ({file}); set `service.crate`",
                    s.crate_name
                ),
            );
        }
    }
    for (loaded, s) in resolved.iter().filter(|(loaded, _)| loaded.value.service.crate_name.is_some()) {
        if let Some((_, other)) = resolved.iter().find(|(_, o)| o.name == s.name && o.crate_name != s.crate_name) {
            loaded.reporter(diags).error(
                &crate_path,
                format!(
                    "every version of `{}` is one crate, but this version names it `{}` and {} makes it `{}`; \
                     state the same `crate` in every version, or none",
                    s.name, s.crate_name, other.spec_file, other.crate_name
                ),
            );
        }
    }
}

/// The error codes of one table, checked, by code.
fn error_table(
    r: &mut Reporter<'_>,
    path: &Path,
    table: &IndexMap<String, ErrorSpec>,
    origin: CodeOrigin,
) -> BTreeMap<String, ErrorCode> {
    let mut out = BTreeMap::new();
    for (code, spec) in table {
        let p = path.key(code);
        if !naming::is_error_code(code) {
            r.error(&p, format!("`{code}` is not an error code (expected `Word` or `Word.Sub`)"));
            continue;
        }
        if spec.doc().trim().is_empty() {
            r.error(&p, "an error code needs a description");
        }
        out.insert(
            code.clone(),
            ErrorCode {
                code: code.clone(),
                variant: naming::error_variant(code),
                description: spec.doc().trim().to_owned(),
                doc: docs::render(spec.doc().trim()),
                retry: spec.retry(),
                origin,
            },
        );
    }
    out
}

/// Gives every code of a table its variant by the renaming rule, in code order.
fn assign_variants(codes: BTreeMap<String, ErrorCode>) -> Vec<ErrorCode> {
    let mut taken = BTreeSet::new();
    codes
        .into_values()
        .map(|mut e| {
            e.variant = naming::code_variant(&e.code, &mut taken);
            e
        })
        .collect()
}

struct Ctx {
    /// Rust names of the models, by wire name.
    model_names: BTreeMap<String, String>,
    /// Codes a constraint may name.
    codes: BTreeSet<String>,
    /// Imported specs may leave documentation empty.
    imported: bool,
}

fn resolve_service(
    loaded: &Loaded<ServiceFile>,
    common: &BTreeMap<String, ErrorCode>,
    settings: &Settings,
    diags: &mut Vec<Diagnostic>,
) -> Option<Service> {
    let before = diags.len();
    let spec = &loaded.value;
    let mut r = loaded.reporter(diags);
    let root = Path::root();
    let info = &spec.service;
    let sp = root.key("service");
    let name = naming::ServiceName::new(&info.name);
    if let Err(why) = &name {
        r.error(&sp.key("name"), why.as_str());
    }
    if !is_version(&info.version) {
        r.error(&sp.key("version"), "a version is a date `YYYY-MM-DD`, quoted");
    }
    let endpoint = info.endpoint.clone().unwrap_or_else(|| format!("{}.tencentcloudapi.com", info.name));
    if endpoint.is_empty()
        || endpoint.contains('/')
        || endpoint.contains(char::is_whitespace)
        || endpoint.contains(char::is_control)
    {
        r.error(&sp.key("endpoint"), "an endpoint is a host name, without scheme or path");
    }
    // One crate per service, named by the settings unless the spec names it.
    let crate_name =
        naming::CrateName::new(&info.crate_name.clone().unwrap_or_else(|| settings.crate_name(&info.name)));
    if let Err(why) = &crate_name {
        r.error(&sp.key("crate"), why.as_str());
    }
    if info.title.trim().is_empty() {
        r.error(&sp.key("title"), "the service needs a title");
    }
    if info.title.trim().contains(char::is_control) {
        r.error(&sp.key("title"), "a title is one line of text, without control characters");
    }
    crate::import::safety::report_path_unsafe_names(&mut r, spec);

    let service_errors = error_table(&mut r, &root.key("errors"), &spec.errors, CodeOrigin::Service);
    let table = error_table(&mut r, &root.key("codes"), &spec.codes, CodeOrigin::Service);
    let mut codes: BTreeSet<String> = common.keys().chain(service_errors.keys()).chain(table.keys()).cloned().collect();
    for action in spec.actions.values() {
        codes.extend(action.errors.keys().cloned());
    }
    let mut model_names = BTreeMap::new();
    let mut taken_types = BTreeSet::new();
    for (wire, m) in &spec.models {
        let name = match &m.rust_name {
            Some(n) => {
                if !(naming::is_identifier(n) && n.starts_with(|c: char| c.is_ascii_uppercase()))
                    || naming::is_reserved_type_name(n)
                    || taken_types.contains(n)
                {
                    r.error(
                        &root.key("models").key(wire).key("rust_name"),
                        format!("`{n}` is not a free UpperCamelCase type name"),
                    );
                }
                n.clone()
            }
            None => naming::model_name(wire, &taken_types),
        };
        taken_types.insert(name.clone());
        model_names.insert(wire.clone(), name);
    }
    let ctx = Ctx { model_names, codes, imported: info.source.is_some() };

    let mut models = Vec::new();
    for (wire, m) in &spec.models {
        let mp = root.key("models").key(wire);
        if m.fields.is_empty() && !ctx.imported {
            r.error(&mp.key("fields"), "a model needs at least one field");
        }
        let usage = m.usage.unwrap_or(Usage::Both);
        let fields = fields(&mut r, &ctx, &mp.key("fields"), &m.fields, Side::Model(usage), None);
        let doc = match m.doc.trim() {
            "" => format!("`{wire}`."),
            d => d.to_owned(),
        };
        models.push(Model {
            name: ctx.model_names[wire].clone(),
            wire: wire.clone(),
            doc: docs::render(&doc),
            usage,
            fields,
            validates: false,
        });
    }
    box_recursive_fields(&mut models);
    for m in &mut models {
        render_field_docs(&mut m.fields);
    }
    mark_validating(&mut models);
    models.sort_by(|a, b| a.name.cmp(&b.name));

    let mut actions = Vec::new();
    let mut offline = Vec::new();
    let mut taken_methods: BTreeSet<String> = BTreeSet::new();
    let mut taken_prefixes: BTreeSet<String> = BTreeSet::new();
    // Explicit names first, so the rule never hands one out to another action.
    for (name, a) in &spec.actions {
        if let Some(n) = &a.rust_name {
            if !taken_methods.insert(n.clone()) {
                r.error(
                    &root.key("actions").key(name).key("rust_name"),
                    format!("`{n}` is the Rust name of another action too"),
                );
            }
        }
    }
    for (name, a) in &spec.actions {
        let ap = root.key("actions").key(name);
        if a.status == Some(Status::Offline) {
            offline.push(OfflineAction { name: name.clone(), title: a.title.trim().to_owned() });
            continue;
        }
        if !naming::is_printable_wire_name(name) {
            r.error(&ap, "an action name is printable text without quotes or backslashes");
        }
        if a.title.trim().is_empty() && !ctx.imported {
            r.error(&ap.key("title"), "an action needs a title");
        }
        for (i, region) in a.regions.iter().enumerate() {
            if region.is_empty() || !region.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
                r.error(&ap.key("regions").index(i), format!("`{region}` is not a region name"));
            }
        }
        if a.rate_limit == Some(0) {
            r.error(&ap.key("rate_limit"), "a rate limit is a positive number of requests per second");
        }
        let own = error_table(&mut r, &ap.key("errors"), &a.errors, CodeOrigin::Action);
        let own_errors = !own.is_empty();
        let mut errors: BTreeMap<String, ErrorCode> = common.clone();
        overlay(&mut errors, service_errors.clone());
        overlay(&mut errors, own);
        let mut action_codes: BTreeSet<String> = errors.keys().cloned().collect();
        action_codes.extend(table.keys().cloned());
        let mut input = fields(&mut r, &ctx, &ap.key("input"), &a.input, Side::Input, Some(&action_codes));
        render_field_docs(&mut input);
        if a.output.contains_key("RequestId") {
            r.error(
                &ap.key("output").key("RequestId"),
                "`RequestId` is part of every response and is added by the generator",
            );
        }
        let mut output = fields(&mut r, &ctx, &ap.key("output"), &a.output, Side::Output, None);
        render_field_docs(&mut output);
        let sensitive_response = secrets::carries_secret(&models, &output, &mut BTreeSet::new());
        let rules = rules(&mut r, &ap, a, &input, &action_codes);
        let paging = a.paginate.as_ref().and_then(|p| paging::resolve(&mut r, &ap, a, p, &input, &output));
        let stream =
            a.stream.as_ref().and_then(|s| streaming::resolve(&mut r, &ctx.model_names, &ap.key("stream"), s, &input));
        if let Some(host) = &a.host {
            if !streaming::is_host_name(host) {
                r.error(&ap.key("host"), format!("`{host}` is not a host name (letters, digits, `-` and `.`)"));
            }
        }
        let binary_body = a.body == crate::spec::model::BodyFormat::Binary;
        if binary_body {
            streaming::check_header_inputs(&mut r, &ap.key("input"), &input);
        }
        if a.example_program {
            let mut flags: BTreeMap<String, &str> = BTreeMap::new();
            flags.insert("help".into(), "--help");
            for f in &input {
                let flag = &f.cli_flag;
                if let Some(other) = flags.insert(flag.clone(), &f.wire) {
                    r.error(
                        &ap.key("example_program"),
                        format!("inputs `{}` and `{other}` both become the flag `--{flag}`", f.wire),
                    );
                }
            }
        }
        let module = match &a.rust_name {
            Some(n) => {
                if let Some(problem) = naming::action_rust_name_problem(n) {
                    r.error(&ap.key("rust_name"), problem);
                }
                n.clone()
            }
            None => naming::action_name(name, &mut taken_methods),
        };
        let symbols = naming::action_symbols(name, module, &mut taken_prefixes);
        let client_token = a
            .input
            .get(naming::CLIENT_TOKEN)
            .filter(|f| naming::is_client_token(f))
            .and_then(|_| input.iter().find(|f| f.wire == naming::CLIENT_TOKEN))
            .map(|f| f.rust.clone());
        let idempotent = a.idempotent.unwrap_or(naming::is_read_only_action(name) || client_token.is_some());
        actions.push(Action {
            name: name.clone(),
            symbols,
            title: docs::render(if a.title.trim().is_empty() { name } else { a.title.trim() }),
            doc: docs::render(a.doc.trim()),
            status: a.status.unwrap_or(Status::Online),
            regions: a.regions.clone(),
            rate_limit: a.rate_limit,
            signed: a.signed,
            example_program: a.example_program,
            input,
            rules,
            output,
            idempotent,
            sensitive_response,
            client_token,
            own_errors,
            errors: if own_errors { assign_variants(errors) } else { Vec::new() },
            paging,
            host: a.host.clone(),
            stream,
            binary_body,
        });
    }
    if spec.actions.is_empty() {
        r.error(&root.key("actions"), "a service needs at least one action");
    }
    let mut all_codes = common.clone();
    overlay(&mut all_codes, table);
    overlay(&mut all_codes, service_errors);
    let in_requests = reachable(&models, actions.iter().flat_map(|a| a.input.iter().map(|f| &f.ty)));
    // Only models that requests carry are validated.
    for m in &mut models {
        m.validates &= in_requests.contains(&m.name);
    }
    mark_validating_members(&mut models, &mut actions);
    let event_types: Vec<Type> =
        actions.iter().filter_map(|a| a.stream.as_ref()?.event.clone()).map(Type::Model).collect();
    let in_responses =
        reachable(&models, actions.iter().flat_map(|a| a.output.iter().map(|f| &f.ty)).chain(&event_types));
    for m in &models {
        let up = root.key("models").key(&m.wire).key("usage");
        if ctx.imported {
            continue;
        }
        if m.usage == Usage::Out && in_requests.contains(&m.name) {
            r.error(&up, "the model is used in a request, so its usage is `in` or `both`");
        }
        if m.usage == Usage::In && in_responses.contains(&m.name) {
            r.error(&up, "the model is used in a response, so its usage is `out` or `both`");
        }
    }
    actions.sort_by(|a, b| a.name.cmp(&b.name));
    let mut snakes = BTreeMap::new();
    for a in &actions {
        if let Some(other) = snakes.insert(a.symbols.module.clone(), a.name.clone()) {
            r.error(
                &root.key("actions").key(&a.name),
                format!("`{}` and `{other}` both become the method `{}`", a.name, a.symbols.module),
            );
        }
    }

    let (Ok(name), Ok(crate_name)) = (name, crate_name) else { return None };
    if diags.len() > before {
        return None;
    }
    let source = info.source.as_ref();
    Some(Service {
        name,
        version: info.version.clone(),
        module: crate::ir::version_module(&info.version),
        endpoint,
        // The crate's directory under generated/ is the service's name, whatever the crate's.
        dir: info.name.clone(),
        crate_version: settings.crate_version(crate_name.as_str()).to_owned(),
        crate_name,
        title: info.title.trim().to_owned(),
        doc: docs::render(info.doc.trim()),
        spec_file: loaded.file.clone(),
        models,
        actions,
        offline,
        codes: assign_variants(all_codes),
        // Read by the loader: set by `resolve_with`.
        fixtures: Vec::new(),
        source: source.map(|s| format!("{} {}", s.package, s.version)),
    })
}

/// Renders the documentation of `fields`, whose facts are final (a model's fields once
/// the members on cycles are boxed).
fn render_field_docs(fields: &mut [Field]) {
    for f in fields {
        f.doc = docs::render_field(f);
    }
}

fn is_version(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Input,
    Output,
    Model(Usage),
}

fn fields(
    r: &mut Reporter<'_>,
    ctx: &Ctx,
    path: &Path,
    specs: &IndexMap<String, FieldSpec>,
    side: Side,
    action_codes: Option<&BTreeSet<String>>,
) -> Vec<Field> {
    let mut out = Vec::new();
    let mut taken: BTreeSet<String> = naming::RESERVED_MEMBER_NAMES.iter().map(|s| s.to_string()).collect();
    // Explicit names first; they must be free of each other and of the fixed methods.
    for (wire, spec) in specs {
        if let Some(n) = &spec.rust_name {
            let methods = naming::member_methods(n);
            if methods.iter().any(|m| taken.contains(m)) {
                r.error(
                    &path.key(wire).key("rust_name"),
                    format!("`{n}` (or its `set_`/`with_` methods) is taken by a generated method or another member"),
                );
            }
            taken.extend(methods);
        }
    }
    for (wire, spec) in specs {
        let fp = path.key(wire);
        if !naming::is_printable_wire_name(wire) {
            r.error(&fp, "a wire name is printable text without quotes or backslashes");
            continue;
        }
        let rust = match &spec.rust_name {
            Some(n) => {
                if let Some(problem) = naming::member_rust_name_problem(n) {
                    r.error(&fp.key("rust_name"), problem);
                }
                n.clone()
            }
            None => naming::member_name(wire, &mut taken),
        };
        if let Some(f) = field(r, ctx, &fp, wire, rust, spec, side, action_codes.unwrap_or(&ctx.codes)) {
            out.push(f);
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn field(
    r: &mut Reporter<'_>,
    ctx: &Ctx,
    fp: &Path,
    wire: &str,
    rust: String,
    spec: &FieldSpec,
    side: Side,
    codes: &BTreeSet<String>,
) -> Option<Field> {
    let ty = resolve_type(r, ctx, &fp.key("type"), &spec.ty)?;
    if spec.doc.trim().is_empty() && !ctx.imported {
        r.error(&fp.key("doc"), "every field needs documentation");
    }
    let input_side = matches!(side, Side::Input | Side::Model(Usage::In));
    if spec.nullable && input_side {
        r.error(&fp.key("nullable"), "`nullable` describes responses; an optional input is `required: false`");
    }
    if spec.output_required && side != Side::Model(Usage::Both) {
        r.error(&fp.key("output_required"), "`output_required` is for models used both ways; elsewhere say `required`");
    }
    if spec.missing.is_some() && !(spec.required && side == Side::Input) {
        r.error(&fp.key("missing"), "`missing` names the code for a required input that is absent");
    }
    if spec.required && spec.default.is_some() && side == Side::Input {
        r.error(&fp.key("default"), "a required input cannot have a default");
    }
    // How the field is carried: without `Option` when it must be sent (inputs) or is
    // always present (outputs; decoded leniently); a model used both ways only when both.
    let (required, lenient, must_send) = match side {
        Side::Input | Side::Model(Usage::In) => (spec.required, false, false),
        Side::Output | Side::Model(Usage::Out) => {
            let r = spec.required && !spec.nullable;
            (r, r, false)
        }
        Side::Model(Usage::Both) => {
            let r = spec.required && spec.output_required && !spec.nullable;
            (r, r, spec.required && !r)
        }
    };
    let missing_code = spec.missing.clone().unwrap_or_else(|| "MissingParameter".to_owned());
    if spec.missing.is_some() && !codes.contains(&missing_code) {
        r.error(&fp.key("missing"), format!("unknown error code `{missing_code}`; declare it under `errors`"));
    }
    let default = spec.default.as_ref().and_then(|v| default_text(r, &fp.key("default"), v, &ty));
    let mut constraints = Vec::new();
    for (i, c) in spec.constraints.iter().enumerate() {
        let cp = fp.key("constraints").index(i);
        if matches!(side, Side::Output | Side::Model(Usage::Out)) {
            r.error(&cp, "responses are not validated; constraints belong to inputs and models");
            continue;
        }
        if let Some(kind) = constraint_kind(r, &cp, c, &ty) {
            if c.error.is_some() && !c.enforced() {
                r.error(&cp.key("error"), "a constraint that is not enforced pre-empts no error code");
            }
            if let Some(code) = &c.error {
                if !codes.contains(code) {
                    r.error(&cp.key("error"), format!("unknown error code `{code}`; declare it under `errors`"));
                }
            }
            let doc = match (&c.doc, &c.source) {
                (Some(d), _) => Some(d.clone()),
                (None, Some(s)) => Some(format!("documented: \"{}\"", s.trim())),
                (None, None) => None,
            };
            let not_enforced = enforcement(r, &cp, c);
            constraints.push(Constraint { kind, code: c.error.clone(), doc, not_enforced });
        }
    }
    check_bounds_order(r, &fp.key("constraints"), &constraints);
    let mut doc = spec.doc.trim().to_owned();
    if doc.is_empty() {
        doc = format!("`{wire}`.");
    }
    Some(Field {
        wire: wire.to_owned(),
        setter: naming::set_method(&rust),
        with_setter: naming::with_method(&rust),
        cli_flag: naming::cli_flag(wire, matches!(ty, Type::List(_))),
        rust,
        ty,
        required,
        nullable: spec.nullable,
        lenient,
        must_send,
        disabled: spec.disabled,
        secret: naming::is_secret_member(wire),
        boxed: false,
        // Marked once every model's `validates` is known (`mark_validating_members`).
        holds_validating_model: false,
        default,
        description: doc,
        // Rendered once the field's facts are final (`render_field_docs`).
        doc: crate::ir::Doc::default(),
        example: spec.example.clone(),
        missing_code,
        constraints,
        deprecated: spec.deprecated.clone(),
        notes: spec.notes.clone(),
    })
}

fn resolve_type(r: &mut Reporter<'_>, ctx: &Ctx, path: &Path, spec: &TypeSpec) -> Option<Type> {
    match spec {
        TypeSpec::Named(name) => {
            if let Some((_, s)) = Scalar::ALL.iter().find(|(n, _)| n == name) {
                Some(Type::Scalar(*s))
            } else if let Some(rust) = ctx.model_names.get(name) {
                Some(Type::Model(rust.clone()))
            } else {
                let scalars: Vec<&str> = Scalar::ALL.iter().map(|(n, _)| *n).collect();
                r.error(
                    path,
                    format!("unknown type `{name}`: not a scalar ({}) nor a model of this file", scalars.join(", ")),
                );
                None
            }
        }
        TypeSpec::List(items) => match items.as_slice() {
            [TypeSpec::List(_)] => {
                r.error(path, "lists of lists are not supported");
                None
            }
            [inner] => resolve_type(r, ctx, &path.index(0), inner).map(|t| Type::List(Box::new(t))),
            _ => {
                r.error(path, "a list type names exactly one element type: `[string]`");
                None
            }
        },
    }
}

fn default_text(r: &mut Reporter<'_>, path: &Path, v: &serde_yaml::Value, ty: &Type) -> Option<String> {
    use serde_yaml::Value;
    let ok = match (ty, v) {
        (Type::Scalar(s), Value::Number(n)) if s.is_integer() => n.is_i64() || n.is_u64(),
        (Type::Scalar(Scalar::Float), Value::Number(_)) => true,
        (Type::Scalar(Scalar::Bool), Value::Bool(_)) => true,
        (Type::Scalar(s), Value::String(_)) if s.is_text() => true,
        _ => false,
    };
    if !ok {
        r.error(path, "the default does not have the field's type");
        return None;
    }
    Some(match v {
        Value::String(s) => format!("{s:?}"),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    })
}

fn number(n: NumberSpec) -> Num {
    match n {
        NumberSpec::Int(i) => Num::Int(i.into()),
        NumberSpec::UInt(u) => Num::Int(u.into()),
        NumberSpec::Float(f) => Num::Float(f),
    }
}

fn constraint_kind(r: &mut Reporter<'_>, cp: &Path, c: &ConstraintSpec, ty: &Type) -> Option<ConstraintKind> {
    let mut kinds = Vec::new();
    if let Some(n) = c.min {
        kinds.push(("min", ConstraintKind::Min(number(n))));
    }
    if let Some(n) = c.max {
        kinds.push(("max", ConstraintKind::Max(number(n))));
    }
    if let Some(n) = c.min_length {
        kinds.push(("min_length", ConstraintKind::MinLength(n)));
    }
    if let Some(n) = c.max_length {
        kinds.push(("max_length", ConstraintKind::MaxLength(n)));
    }
    if let Some(n) = c.min_items {
        kinds.push(("min_items", ConstraintKind::MinItems(n)));
    }
    if let Some(n) = c.max_items {
        kinds.push(("max_items", ConstraintKind::MaxItems(n)));
    }
    if let Some(p) = &c.pattern {
        kinds.push(("pattern", ConstraintKind::Pattern(p.clone())));
    }
    if let Some(v) = &c.one_of {
        kinds.push(("one_of", ConstraintKind::OneOf(v.clone())));
    }
    if kinds.len() != 1 {
        r.error(
            cp,
            "a constraint states exactly one of min, max, min_length, max_length, min_items, max_items, pattern, one_of",
        );
        return None;
    }
    let (key, kind) = kinds.remove(0);
    let kp = cp.key(key);
    if let ConstraintKind::Min(Num::Float(v)) | ConstraintKind::Max(Num::Float(v)) = kind {
        if !v.is_finite() {
            r.error(&kp, "a bound must be a finite number");
            return None;
        }
    }
    let scalar = match ty {
        Type::Scalar(s) => Some(*s),
        _ => None,
    };
    let fits = match &kind {
        ConstraintKind::Min(n) | ConstraintKind::Max(n) => match (scalar, n) {
            (Some(Scalar::Int64), Num::Int(v)) => i64::try_from(*v).is_ok(),
            (Some(Scalar::UInt64), Num::Int(v)) => u64::try_from(*v).is_ok(),
            (Some(Scalar::Float), _) => true,
            _ => false,
        },
        ConstraintKind::MinLength(_) | ConstraintKind::MaxLength(_) | ConstraintKind::Pattern(_) => {
            scalar.is_some_and(Scalar::is_text)
        }
        ConstraintKind::OneOf(values) => scalar.is_some_and(Scalar::is_text) && !values.is_empty(),
        ConstraintKind::MinItems(_) | ConstraintKind::MaxItems(_) => matches!(ty, Type::List(_)),
    };
    if !fits {
        r.error(&kp, format!("`{key}` does not apply to this field's type, or its value is out of the type's range"));
        return None;
    }
    if let ConstraintKind::Pattern(p) = &kind {
        // Exactly the expression the generated code compiles.
        if let Err(e) = crate::pattern::compile(p) {
            r.error(&kp, format!("invalid regular expression: {e}"));
            return None;
        }
    }
    Some(kind)
}

/// Whether a constraint is enforced: `None` when it is, else the reason it is kept as
/// documentation only. `enforce: false` needs a `reason`, and a `reason` needs `enforce: false`.
fn enforcement(r: &mut Reporter<'_>, cp: &Path, c: &ConstraintSpec) -> Option<NotEnforced> {
    match (c.enforce, c.reason) {
        (Some(false), Some(reason)) => Some(reason),
        (Some(false), None) => {
            let reasons: Vec<&str> = NotEnforced::ALL.iter().map(|r| r.name()).collect();
            r.error(&cp.key("enforce"), format!("`enforce: false` needs a `reason`: one of {}", reasons.join(", ")));
            None
        }
        (_, Some(_)) => {
            r.error(
                &cp.key("reason"),
                "a `reason` says why a constraint is not enforced; add `enforce: false` or remove it",
            );
            None
        }
        (_, None) => None,
    }
}

fn check_bounds_order(r: &mut Reporter<'_>, path: &Path, cs: &[Constraint]) {
    let as_f64 = |n: &Num| match n {
        Num::Int(i) => *i as f64,
        Num::Float(f) => *f,
    };
    // (lower, upper) bound of values, characters and items.
    let mut bounds: [(Option<f64>, Option<f64>); 3] = [(None, None); 3];
    for c in cs {
        match &c.kind {
            ConstraintKind::Min(n) => bounds[0].0 = Some(as_f64(n)),
            ConstraintKind::Max(n) => bounds[0].1 = Some(as_f64(n)),
            ConstraintKind::MinLength(n) => bounds[1].0 = Some(*n as f64),
            ConstraintKind::MaxLength(n) => bounds[1].1 = Some(*n as f64),
            ConstraintKind::MinItems(n) => bounds[2].0 = Some(*n as f64),
            ConstraintKind::MaxItems(n) => bounds[2].1 = Some(*n as f64),
            ConstraintKind::Pattern(_) | ConstraintKind::OneOf(_) => {}
        }
    }
    let messages = ["min is above max", "min_length is above max_length", "min_items is above max_items"];
    for ((lo, hi), message) in bounds.into_iter().zip(messages) {
        if let (Some(lo), Some(hi)) = (lo, hi) {
            if lo > hi {
                r.error(path, message);
            }
        }
    }
}

fn rules(
    r: &mut Reporter<'_>,
    ap: &Path,
    a: &crate::spec::model::ActionSpec,
    input: &[Field],
    codes: &BTreeSet<String>,
) -> Vec<Rule> {
    let mut out = Vec::new();
    for (i, rule) in a.rules.iter().enumerate() {
        let rp = ap.key("rules").index(i);
        let kind = match (&rule.max_span, &rule.max_age) {
            (Some(s), None) => {
                let ok_start = timestamp_field(r, &rp.key("max_span").key("start"), input, &s.start);
                let ok_end = timestamp_field(r, &rp.key("max_span").key("end"), input, &s.end);
                if s.seconds <= 0 {
                    r.error(&rp.key("max_span").key("seconds"), "seconds must be positive");
                }
                if !(ok_start && ok_end) {
                    continue;
                }
                let ty = |w: &str| input.iter().find(|f| f.wire == w).map(|f| f.ty.clone());
                if ty(&s.start) != ty(&s.end) {
                    r.error(&rp.key("max_span"), "start and end must have the same integer type");
                    continue;
                }
                RuleKind::MaxSpan { start: s.start.clone(), end: s.end.clone(), seconds: s.seconds }
            }
            (None, Some(g)) => {
                if !timestamp_field(r, &rp.key("max_age").key("field"), input, &g.field) {
                    continue;
                }
                if g.seconds <= 0 {
                    r.error(&rp.key("max_age").key("seconds"), "seconds must be positive");
                }
                RuleKind::MaxAge { field: g.field.clone(), seconds: g.seconds }
            }
            _ => {
                r.error(&rp, "a rule states exactly one of max_span, max_age");
                continue;
            }
        };
        if let Some(code) = &rule.error {
            if !codes.contains(code) {
                r.error(&rp.key("error"), format!("unknown error code `{code}`; declare it under `errors`"));
            }
        }
        out.push(Rule { kind, code: rule.error.clone(), doc: rule.doc.clone() });
    }
    out
}

fn timestamp_field(r: &mut Reporter<'_>, path: &Path, input: &[Field], wire: &str) -> bool {
    match input.iter().find(|f| f.wire == wire) {
        Some(f) if matches!(f.ty, Type::Scalar(s) if s.is_integer()) => true,
        Some(_) => {
            r.error(path, format!("`{wire}` is not an integer timestamp"));
            false
        }
        None => {
            r.error(path, format!("`{wire}` is not an input of this action"));
            false
        }
    }
}

/// The model a field holds directly (not through a list), if any.
fn direct_model(ty: &Type) -> Option<&str> {
    match ty {
        Type::Model(n) => Some(n),
        _ => None,
    }
}

/// A model that contains itself other than through a list would have infinite size:
/// each field on such a cycle is boxed. Cycles are the strongly connected components
/// of the "holds directly" graph (Tarjan's algorithm, linear in models and fields).
fn box_recursive_fields(models: &mut [Model]) {
    let index: BTreeMap<String, usize> = models.iter().enumerate().map(|(i, m)| (m.name.clone(), i)).collect();
    let edges: Vec<Vec<usize>> = models
        .iter()
        .map(|m| m.fields.iter().filter_map(|f| direct_model(&f.ty).and_then(|n| index.get(n).copied())).collect())
        .collect();
    let component = strongly_connected(&edges);
    for (i, m) in models.iter_mut().enumerate() {
        for f in &mut m.fields {
            if let Some(&j) = direct_model(&f.ty).and_then(|n| index.get(n)) {
                if component[i] == component[j] {
                    f.boxed = true;
                    // A required member on a cycle would make every value infinite (and
                    // `Default` recurse forever): it is carried as an `Option`; in
                    // requests validation still requires it.
                    if f.required {
                        f.must_send = !f.lenient;
                        f.required = false;
                        f.lenient = false;
                    }
                }
            }
        }
    }
}

/// The strongly connected component of each node (iterative Tarjan).
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![usize::MAX; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut count = 0;
    for start in 0..n {
        if index[start] != usize::MAX {
            continue;
        }
        let mut work = vec![(start, 0usize)];
        while let Some(&mut (v, ref mut edge)) = work.last_mut() {
            if *edge == 0 && index[v] == usize::MAX {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(*edge) {
                *edge += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = count;
                    if w == v {
                        break;
                    }
                }
                count += 1;
            }
        }
    }
    component
}

/// Marks the models that have something to validate, directly or through fields:
/// a walk back from the models with constraints (or inputs that must be sent) over
/// the reversed "holds" graph, linear in models and fields.
fn mark_validating(models: &mut [Model]) {
    let index: BTreeMap<String, usize> = models.iter().enumerate().map(|(i, m)| (m.name.clone(), i)).collect();
    let mut holders: Vec<Vec<usize>> = vec![Vec::new(); models.len()];
    let mut queue = Vec::new();
    for (i, m) in models.iter().enumerate() {
        for f in &m.fields {
            if let Some(&j) = f.ty.model().and_then(|n| index.get(n)) {
                holders[j].push(i);
            }
        }
        if m.fields.iter().any(|f| f.constraints.iter().any(|c| c.not_enforced.is_none()) || f.must_send) {
            queue.push(i);
        }
    }
    let mut marked = vec![false; models.len()];
    while let Some(i) = queue.pop() {
        if std::mem::replace(&mut marked[i], true) {
            continue;
        }
        queue.extend(holders[i].iter().copied().filter(|j| !marked[*j]));
    }
    for (m, v) in models.iter_mut().zip(marked) {
        m.validates = v;
    }
}

/// Marks every member holding a model that validates (`holds_validating_model`): the
/// fields of models and actions, and the copies paging and streaming keep.
fn mark_validating_members(models: &mut [Model], actions: &mut [Action]) {
    let validating: BTreeSet<String> = models.iter().filter(|m| m.validates).map(|m| m.name.clone()).collect();
    let mark = |f: &mut Field| f.holds_validating_model = f.ty.model().is_some_and(|m| validating.contains(m));
    models.iter_mut().flat_map(|m| &mut m.fields).for_each(mark);
    for a in actions {
        a.input.iter_mut().chain(&mut a.output).for_each(mark);
        if let Some(p) = &mut a.paging {
            [&mut p.position, &mut p.limit, &mut p.token, &mut p.total, &mut p.next_token]
                .into_iter()
                .flatten()
                .chain([&mut p.items])
                .for_each(mark);
        }
        a.stream.as_mut().and_then(|s| s.when.as_mut()).into_iter().for_each(mark);
    }
}

/// Adds `over` to `base`; a code redeclared without a retry class keeps the one it had
/// (an action re-describing `RequestLimitExceeded` is still throttling).
fn overlay(base: &mut BTreeMap<String, ErrorCode>, over: BTreeMap<String, ErrorCode>) {
    for (code, mut e) in over {
        if e.retry.is_none() {
            e.retry = base.get(&code).and_then(|old| old.retry);
        }
        base.insert(code, e);
    }
}

/// The models reachable from `roots`, through fields of models.
fn reachable<'a>(models: &[Model], roots: impl Iterator<Item = &'a Type>) -> BTreeSet<String> {
    let index: BTreeMap<&str, &Model> = models.iter().map(|m| (m.name.as_str(), m)).collect();
    let mut seen = BTreeSet::new();
    let mut stack: Vec<String> = roots.filter_map(Type::model).map(str::to_owned).collect();
    while let Some(name) = stack.pop() {
        if seen.insert(name.clone()) {
            if let Some(m) = index.get(name.as_str()) {
                stack.extend(m.fields.iter().filter_map(|f| f.ty.model()).map(str::to_owned));
            }
        }
    }
    seen
}
