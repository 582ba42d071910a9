//! Checks the specs and resolves them into the intermediate model.
//!
//! Every problem is reported with its file, line and field; all problems of a run are
//! reported together, and nothing is emitted unless there are none.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;

use crate::diagnostics::{Diagnostic, Diagnostics, Reporter};
use crate::ir::{
    Action, Constraint, ConstraintKind, ErrorCode, Field, Model, Num, Rule, RuleKind, Scalar, Service, Status, Type,
    Usage,
};
use crate::naming;
use crate::spec::load::{Loaded, SpecSet};
use crate::spec::locate::Path;
use crate::spec::model::{ConstraintSpec, ErrorSpec, FieldSpec, ModelSpec, NumberSpec, ServiceFile, TypeSpec};

/// Checks and resolves every service of `set`.
pub fn resolve(set: &SpecSet) -> Result<Vec<Service>, Diagnostics> {
    let mut diags = Vec::new();
    let common = {
        let mut r = Reporter::new(&set.common.file, &set.common.locator, &mut diags);
        error_table(&mut r, &Path::root().key("errors"), &set.common.value.errors, "common")
    };
    let mut services = Vec::new();
    for loaded in &set.services {
        if let Some(s) = resolve_service(loaded, &common, &mut diags) {
            services.push(s);
        }
    }
    let mut seen: BTreeMap<(String, String), String> = BTreeMap::new();
    for s in &services {
        for key in [("crate", s.crate_name.clone()), ("directory", s.dir.clone())] {
            let k = (key.0.to_owned(), key.1.clone());
            if let Some(other) = seen.insert(k, s.spec_file.clone()) {
                diags.push(Diagnostic {
                    file: s.spec_file.clone(),
                    location: None,
                    field: Some("service".into()),
                    message: format!("{} `{}` is also produced by {other}; set `service.crate`", key.0, key.1),
                });
            }
        }
    }
    if diags.is_empty() {
        Ok(services)
    } else {
        Err(Diagnostics(diags))
    }
}

/// The error codes of one table, checked, by code.
fn error_table(
    r: &mut Reporter<'_>,
    path: &Path,
    table: &IndexMap<String, ErrorSpec>,
    origin: &'static str,
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
                doc: spec.doc().trim().to_owned(),
                retry: spec.retry(),
                origin,
            },
        );
    }
    out
}

struct Ctx<'a> {
    models: &'a IndexMap<String, ModelSpec>,
    /// Codes a constraint may name.
    codes: BTreeSet<String>,
}

fn resolve_service(
    loaded: &Loaded<ServiceFile>,
    common: &BTreeMap<String, ErrorCode>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Service> {
    let before = diags.len();
    let spec = &loaded.value;
    let mut r = Reporter::new(&loaded.file, &loaded.locator, diags);
    let root = Path::root();
    let info = &spec.service;
    let sp = root.key("service");
    if !(info.name.len() > 1
        && info.name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && info.name.starts_with(|c: char| c.is_ascii_lowercase()))
    {
        r.error(&sp.key("name"), "a service name is lower-case letters and digits (`trtc`)");
    }
    if !is_version(&info.version) {
        r.error(&sp.key("version"), "a version is a date `YYYY-MM-DD`, quoted");
    }
    let endpoint = info.endpoint.clone().unwrap_or_else(|| format!("{}.tencentcloudapi.com", info.name));
    if endpoint.is_empty() || endpoint.contains('/') || endpoint.contains(char::is_whitespace) {
        r.error(&sp.key("endpoint"), "an endpoint is a host name, without scheme or path");
    }
    let crate_name = info.crate_name.clone().unwrap_or_else(|| format!("tencentcloud-{}", info.name));
    if !crate_name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_') {
        r.error(&sp.key("crate"), "a crate name is lower-case letters, digits, `-` and `_`");
    }
    if info.title.trim().is_empty() {
        r.error(&sp.key("title"), "the service needs a title");
    }

    let service_errors = error_table(&mut r, &root.key("errors"), &spec.errors, "service");
    let mut codes: BTreeSet<String> = common.keys().chain(service_errors.keys()).cloned().collect();
    for action in spec.actions.values() {
        codes.extend(action.errors.keys().cloned());
    }
    let ctx = Ctx { models: &spec.models, codes };

    let mut models = Vec::new();
    for (name, m) in &spec.models {
        let mp = root.key("models").key(name);
        if !is_type_name(name) {
            r.error(&mp, "a model name is UpperCamelCase letters and digits, and not a name the generated code uses (String, Option, Client, ...)");
        }
        if m.fields.is_empty() {
            r.error(&mp.key("fields"), "a model needs at least one field");
        }
        let fields = fields(&mut r, &ctx, &mp.key("fields"), &m.fields, Side::Model, None);
        models.push(Model {
            name: name.clone(),
            doc: m.doc.trim().to_owned(),
            usage: m.usage.unwrap_or(Usage::Both),
            fields,
            validates: false,
        });
    }
    check_model_cycles(&mut r, &root, &models);
    mark_validating(&mut models);
    models.sort_by(|a, b| a.name.cmp(&b.name));

    let mut actions = Vec::new();
    let mut reported = Once::default();
    for (name, a) in &spec.actions {
        let ap = root.key("actions").key(name);
        if !is_type_name(name) {
            r.error(&ap, "an action name is UpperCamelCase letters and digits");
        }
        if a.title.trim().is_empty() {
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
        let own_errors = error_table(&mut r, &ap.key("errors"), &a.errors, "action");
        let mut errors: BTreeMap<String, ErrorCode> = common.clone();
        overlay(&mut errors, service_errors.clone());
        overlay(&mut errors, own_errors);
        let action_codes: BTreeSet<String> = errors.keys().cloned().collect();
        let input = fields(&mut r, &ctx, &ap.key("input"), &a.input, Side::Input, Some(&action_codes));
        if a.output.contains_key("RequestId") {
            r.error(
                &ap.key("output").key("RequestId"),
                "`RequestId` is part of every response and is added by the generator",
            );
        }
        let output = fields(&mut r, &ctx, &ap.key("output"), &a.output, Side::Output, None);
        let rules = rules(&mut r, &ap, a, &input, &action_codes);
        if a.example_program {
            let mut flags: BTreeMap<String, &str> = BTreeMap::new();
            flags.insert("help".into(), "--help");
            for f in &input {
                let flag = naming::cli_flag(&f.wire, matches!(f.ty, Type::List(_)));
                if let Some(other) = flags.insert(flag.clone(), &f.wire) {
                    r.error(
                        &ap.key("example_program"),
                        format!("inputs `{}` and `{other}` both become the flag `--{flag}`", f.wire),
                    );
                }
            }
        }
        let mut variants: BTreeMap<&str, &str> = BTreeMap::new();
        for e in errors.values() {
            let path = match e.origin {
                "action" => ap.key("errors").key(&e.code),
                "service" => root.key("errors").key(&e.code),
                _ => ap.clone(),
            };
            if e.variant == "Unhandled" {
                reported.report(&mut r, &path, "`Unhandled` is the variant of unknown codes; rename the code".into());
            }
            if let Some(other) = variants.insert(&e.variant, &e.code) {
                let message = format!("codes `{other}` and `{}` both become the variant `{}`", e.code, e.variant);
                reported.report(&mut r, &path, message);
            }
        }
        check_member_names(&mut r, &ap, &input);
        let snake = action_snake(name);
        if CLIENT_METHODS.contains(&snake.as_str()) {
            r.error(&ap, format!("the method `{snake}` is already a method of the generated `Client`"));
        }
        actions.push(Action {
            name: name.clone(),
            snake,
            title: a.title.trim().to_owned(),
            doc: a.doc.trim().to_owned(),
            status: a.status.unwrap_or(Status::Online),
            regions: a.regions.clone(),
            rate_limit: a.rate_limit,
            signed: a.signed,
            example_program: a.example_program,
            input,
            rules,
            output,
            errors: errors.into_values().collect(),
        });
    }
    if spec.actions.is_empty() {
        r.error(&root.key("actions"), "a service needs at least one action");
    }
    let in_requests = reachable(&models, actions.iter().flat_map(|a| a.input.iter().map(|f| &f.ty)));
    let in_responses = reachable(&models, actions.iter().flat_map(|a| a.output.iter().map(|f| &f.ty)));
    for m in &models {
        let up = root.key("models").key(&m.name).key("usage");
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
        if let Some(other) = snakes.insert(a.snake.clone(), a.name.clone()) {
            r.error(
                &root.key("actions").key(&a.name),
                format!("`{}` and `{other}` both become the method `{}`", a.name, a.snake),
            );
        }
    }

    if diags.len() > before {
        return None;
    }
    Some(Service {
        name: info.name.clone(),
        version: info.version.clone(),
        endpoint,
        dir: crate_name.strip_prefix("tencentcloud-").unwrap_or(&crate_name).to_owned(),
        crate_name,
        title: info.title.trim().to_owned(),
        doc: info.doc.trim().to_owned(),
        spec_file: loaded.file.clone(),
        models,
        actions,
    })
}

fn is_version(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Names the generated code uses unqualified, which a model must not shadow.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Action",
    "ActionMetadata",
    "Box",
    "Client",
    "Config",
    "Default",
    "Err",
    "ErrorMetadata",
    "None",
    "Ok",
    "Option",
    "Result",
    "RetryKind",
    "SdkError",
    "Self",
    "ServiceError",
    "Some",
    "String",
    "ValidationContext",
    "ValidationError",
    "Vec",
    "Violations",
];

fn is_type_name(name: &str) -> bool {
    naming::is_identifier(name)
        && name.starts_with(|c: char| c.is_ascii_uppercase())
        && !name.contains('_')
        && !RESERVED_TYPE_NAMES.contains(&name)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Input,
    Output,
    Model,
}

fn fields(
    r: &mut Reporter<'_>,
    ctx: &Ctx<'_>,
    path: &Path,
    specs: &IndexMap<String, FieldSpec>,
    side: Side,
    action_codes: Option<&BTreeSet<String>>,
) -> Vec<Field> {
    let mut out = Vec::new();
    let mut rust_names: BTreeMap<String, String> = BTreeMap::new();
    for (wire, spec) in specs {
        let fp = path.key(wire);
        if !naming::is_identifier(wire) {
            r.error(&fp, "a wire name is letters, digits and `_`");
            continue;
        }
        let rust = naming::snake(wire);
        if rust.trim_start_matches("r#").is_empty() {
            r.error(&fp, "the wire name has no letters or digits to make a Rust name from");
            continue;
        }
        if let Some(other) = rust_names.insert(rust.clone(), wire.clone()) {
            r.error(&fp, format!("`{wire}` and `{other}` both become the Rust field `{rust}`"));
        }
        if let Some(f) = field(r, ctx, &fp, wire, rust, spec, side, action_codes.unwrap_or(&ctx.codes)) {
            out.push(f);
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn field(
    r: &mut Reporter<'_>,
    ctx: &Ctx<'_>,
    fp: &Path,
    wire: &str,
    rust: String,
    spec: &FieldSpec,
    side: Side,
    codes: &BTreeSet<String>,
) -> Option<Field> {
    let ty = resolve_type(r, ctx, &fp.key("type"), &spec.ty)?;
    if spec.doc.trim().is_empty() {
        r.error(&fp.key("doc"), "every field needs documentation");
    }
    if spec.nullable && side == Side::Input {
        r.error(&fp.key("nullable"), "`nullable` describes responses; an optional input is `required: false`");
    }
    if spec.missing.is_some() && !(spec.required && side == Side::Input) {
        r.error(&fp.key("missing"), "`missing` names the code for a required input that is absent");
    }
    if spec.required && spec.default.is_some() && side == Side::Input {
        r.error(&fp.key("default"), "a required input cannot have a default");
    }
    let missing_code = spec.missing.clone().unwrap_or_else(|| "MissingParameter".to_owned());
    if spec.missing.is_some() && !codes.contains(&missing_code) {
        r.error(&fp.key("missing"), format!("unknown error code `{missing_code}`; declare it under `errors`"));
    }
    let default = spec.default.as_ref().and_then(|v| default_text(r, &fp.key("default"), v, &ty));
    let mut constraints = Vec::new();
    for (i, c) in spec.constraints.iter().enumerate() {
        let cp = fp.key("constraints").index(i);
        if side == Side::Output {
            r.error(&cp, "responses are not validated; constraints belong to inputs and models");
            continue;
        }
        if let Some(kind) = constraint_kind(r, &cp, c, &ty) {
            if let Some(code) = &c.error {
                if !codes.contains(code) {
                    r.error(&cp.key("error"), format!("unknown error code `{code}`; declare it under `errors`"));
                }
            }
            constraints.push(Constraint { kind, code: c.error.clone(), doc: c.doc.clone() });
        }
    }
    check_bounds_order(r, &fp.key("constraints"), &constraints);
    Some(Field {
        wire: wire.to_owned(),
        rust,
        ty,
        required: spec.required,
        nullable: spec.nullable,
        default,
        doc: spec.doc.trim().to_owned(),
        example: spec.example.clone(),
        missing_code,
        constraints,
        deprecated: spec.deprecated.clone(),
        notes: spec.notes.clone(),
    })
}

fn resolve_type(r: &mut Reporter<'_>, ctx: &Ctx<'_>, path: &Path, spec: &TypeSpec) -> Option<Type> {
    match spec {
        TypeSpec::Named(name) => {
            if let Some((_, s)) = Scalar::ALL.iter().find(|(n, _)| n == name) {
                Some(Type::Scalar(*s))
            } else if ctx.models.contains_key(name) {
                Some(Type::Model(name.clone()))
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
        if let Err(e) = regex::Regex::new(p) {
            r.error(&kp, format!("invalid regular expression: {e}"));
            return None;
        }
    }
    Some(kind)
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

/// A model that contains itself other than through a list would have infinite size.
fn check_model_cycles(r: &mut Reporter<'_>, root: &Path, models: &[Model]) {
    let direct = |m: &Model| -> Vec<String> {
        m.fields
            .iter()
            .filter_map(|f| match &f.ty {
                Type::Model(n) => Some(n.clone()),
                _ => None,
            })
            .collect()
    };
    for m in models {
        let mut stack = direct(m);
        let mut seen = BTreeSet::new();
        while let Some(n) = stack.pop() {
            if n == m.name {
                r.error(
                    &root.key("models").key(&m.name),
                    "the model contains itself (directly or through other models) outside a list",
                );
                break;
            }
            if seen.insert(n.clone()) {
                if let Some(next) = models.iter().find(|x| x.name == n) {
                    stack.extend(direct(next));
                }
            }
        }
    }
}

/// Marks the models that have something to validate, directly or through fields.
fn mark_validating(models: &mut [Model]) {
    loop {
        let validating: BTreeSet<String> = models.iter().filter(|m| m.validates).map(|m| m.name.clone()).collect();
        let mut changed = false;
        for m in models.iter_mut() {
            if m.validates {
                continue;
            }
            let v = m.fields.iter().any(|f| !f.constraints.is_empty() || refers_to(&f.ty, &validating));
            if v {
                m.validates = true;
                changed = true;
            }
        }
        if !changed {
            return;
        }
    }
}

/// Whether `ty` is, or is a list of, one of `names`.
pub fn refers_to(ty: &Type, names: &BTreeSet<String>) -> bool {
    match ty {
        Type::Model(n) => names.contains(n),
        Type::List(inner) => refers_to(inner, names),
        Type::Scalar(_) => false,
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

/// Reports each distinct message once (collisions among shared codes recur per action).
#[derive(Default)]
struct Once(BTreeSet<String>);

impl Once {
    fn report(&mut self, r: &mut Reporter<'_>, path: &Path, message: String) {
        if self.0.insert(message.clone()) {
            r.error(path, message);
        }
    }
}

/// Methods of the generated service `Client`, which no action may take as its name.
const CLIENT_METHODS: &[&str] = &["new", "from_runtime", "runtime", "execute", "clone", "fmt"];

/// The module and method name of an action: snake_case, with `_` after a keyword.
fn action_snake(name: &str) -> String {
    let s = naming::snake(name);
    match s.strip_prefix("r#") {
        Some(raw) => format!("{raw}_"),
        None => s,
    }
}

/// The methods generated from an action's inputs must not collide with each other or
/// with the fixed ones: the builders' `x`/`set_x` beside `build`, `send`, `as_input` and
/// `new`; the request's `with_x` beside `new` and `builder`.
fn check_member_names(r: &mut Reporter<'_>, ap: &Path, input: &[Field]) {
    let mut builder: BTreeMap<String, String> =
        ["build", "send", "as_input", "new"].iter().map(|m| (m.to_string(), "a generated method".to_owned())).collect();
    let mut request: BTreeMap<String, String> =
        ["new", "builder"].iter().map(|m| (m.to_string(), "a generated method".to_owned())).collect();
    for f in input {
        let base = f.rust.trim_start_matches("r#");
        for name in [base.to_owned(), format!("set_{base}")] {
            if let Some(other) = builder.insert(name.clone(), format!("input `{}`", f.wire)) {
                r.error(&ap.key("input").key(&f.wire), format!("its builder method `{name}` is also {other}"));
            }
        }
        if f.is_optional() {
            let name = format!("with_{base}");
            if let Some(other) = request.insert(name.clone(), format!("input `{}`", f.wire)) {
                r.error(&ap.key("input").key(&f.wire), format!("its method `{name}` is also {other}"));
            }
        }
    }
}

/// The models reachable from `roots`, through fields of models.
fn reachable<'a>(models: &[Model], roots: impl Iterator<Item = &'a Type>) -> BTreeSet<String> {
    fn model_of(ty: &Type) -> Option<&str> {
        match ty {
            Type::Model(n) => Some(n),
            Type::List(inner) => model_of(inner),
            Type::Scalar(_) => None,
        }
    }
    let mut seen = BTreeSet::new();
    let mut stack: Vec<String> = roots.filter_map(model_of).map(str::to_owned).collect();
    while let Some(name) = stack.pop() {
        if seen.insert(name.clone()) {
            if let Some(m) = models.iter().find(|m| m.name == name) {
                stack.extend(m.fields.iter().filter_map(|f| model_of(&f.ty)).map(str::to_owned));
            }
        }
    }
    seen
}
