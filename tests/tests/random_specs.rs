//! Random valid specs (proptest): names that are Rust keywords or names the generated
//! code needs, every scalar type, lists, nested and self-recursive models, the
//! required/nullable/output_required flags, constraints that fit their type, own error
//! codes, rules, and the action options.
//!
//! - every such spec is accepted and renders (`tcgen::render`), in process;
//! - `RANDOM_SPECS` of them (3 by default) generate together into one temporary root,
//!   whose workspace `cargo check --offline` compiles (as the features test does), and a
//!   test crate there decodes, encodes and decodes again a JSON value of every model,
//!   which must give back an equal value.
//!
//! `PROPTEST_CASES=N` runs N cases of the in-process property; `RANDOM_SPECS_SEED` fixes
//! the seed of the compiled batch (printed on every run).

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::sync::atomic::{AtomicU64, Ordering};

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::Value;
use tencentcloud_sdk_tests::{copy_dir, repo_root};

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

// ---------------------------------------------------------------------------------------
// The spec model

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scalar {
    String,
    Bool,
    Int64,
    Uint64,
    Float,
    Binary,
    Date,
    DateTime,
    DateTimeIso,
}

impl Scalar {
    fn name(self) -> &'static str {
        match self {
            Scalar::String => "string",
            Scalar::Bool => "bool",
            Scalar::Int64 => "int64",
            Scalar::Uint64 => "uint64",
            Scalar::Float => "float",
            Scalar::Binary => "binary",
            Scalar::Date => "date",
            Scalar::DateTime => "datetime",
            Scalar::DateTimeIso => "datetime_iso",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Ty {
    Scalar(Scalar),
    /// A model, by index into the service's models.
    Model(usize),
    List(Box<Ty>),
}

impl Ty {
    fn render(&self, models: &[Model]) -> String {
        match self {
            Ty::Scalar(s) => s.name().to_owned(),
            Ty::Model(i) => quoted(&models[*i].name),
            Ty::List(t) => format!("[{}]", t.render(models)),
        }
    }

    fn model(&self) -> Option<usize> {
        match self {
            Ty::Scalar(_) => None,
            Ty::Model(i) => Some(*i),
            Ty::List(t) => t.model(),
        }
    }
}

#[derive(Debug, Clone)]
enum Constraint {
    Min(String),
    Max(String),
    MinLength(u64),
    MaxLength(u64),
    MinItems(u64),
    MaxItems(u64),
    Pattern(&'static str),
    OneOf(Vec<String>),
}

#[derive(Debug, Clone)]
struct Field {
    name: String,
    ty: Ty,
    required: bool,
    output_required: bool,
    nullable: bool,
    missing: bool,
    doc: String,
    constraints: Vec<(Constraint, Option<String>)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Usage {
    In,
    Out,
    Both,
}

#[derive(Debug, Clone)]
struct Model {
    name: String,
    doc: String,
    usage: Usage,
    fields: Vec<Field>,
}

#[derive(Debug, Clone)]
struct Action {
    name: String,
    doc: String,
    status: &'static str,
    signed: bool,
    rate_limit: Option<u32>,
    regions: Vec<&'static str>,
    idempotent: Option<bool>,
    example_program: bool,
    input: Vec<Field>,
    span_rule: bool,
    output: Vec<Field>,
    errors: Vec<String>,
}

#[derive(Debug, Clone)]
struct Service {
    name: String,
    version: String,
    models: Vec<Model>,
    actions: Vec<Action>,
}

fn quoted(s: &str) -> String {
    serde_json::to_string(s).expect("json string")
}

// ---------------------------------------------------------------------------------------
// Strategies

/// Names that are Rust keywords, or names the generated code uses itself.
const RESERVED: &[&str] = &[
    "Self",
    "Type",
    "Serialize",
    "Deserialize",
    "String",
    "Error",
    "Option",
    "Vec",
    "Box",
    "Result",
    "Client",
    "Config",
    "Default",
    "Some",
    "None",
    "Ok",
    "Err",
    "Debug",
    "Clone",
    "PartialEq",
    "Value",
    "Request",
    "Response",
    "Fn",
    "Match",
    "Async",
    "Await",
    "Dyn",
    "Ref",
    "Move",
    "Loop",
    "Where",
    "Impl",
    "Trait",
    "Struct",
    "Enum",
    "Use",
    "Mod",
    "Pub",
    "Static",
    "Const",
    "Let",
    "Mut",
    "Return",
    "Break",
    "Continue",
    "In",
    "As",
    "Yield",
    "Try",
    "Macro",
    "Union",
    "Abstract",
    "Crate",
    "Super",
    "Build",
    "Builder",
    "New",
    "Send",
    "Execute",
    "RequestId",
    "Name",
    "Unhandled",
    "ErrorCode",
    "Action",
    "Sync",
    "Drop",
    "Into",
    "From",
    "Iterator",
    "Future",
    "Pin",
    "Arc",
    "Serde",
    "Std",
    "Core",
    "Alloc",
    "True",
    "False",
    "Null",
    "Types",
    "Operation",
    "Meta",
    "Metadata",
];

/// Lower-case wire names, for members: keywords and names equal to others after case
/// conversion.
const LOWER: &[&str] =
    &["type", "self", "fn", "crate", "super", "name", "match", "async", "r", "x", "build", "new", "default", "clone"];

fn model_name() -> impl Strategy<Value = String> {
    upper_camel()
}

fn upper_camel() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[A-Z][a-z]{1,6}([A-Z][a-z]{0,5}){0,2}",
        1 => "[A-Z][A-Z0-9]{1,4}[a-z]{0,4}",
        3 => prop::sample::select(RESERVED).prop_map(str::to_owned),
    ]
}

fn member_name() -> impl Strategy<Value = String> {
    prop_oneof![4 => upper_camel(), 1 => prop::sample::select(LOWER).prop_map(str::to_owned)]
}

fn doc() -> impl Strategy<Value = String> {
    prop_oneof![
        "[!-~][ -~]{0,40}",
        prop::sample::select(vec![
            "Uses `code`, *emphasis* and [brackets].",
            "```\nfn main() { panic!(\"ran\") }\n```",
            "<b>HTML</b> and https://example.com/x",
            "Unicode: é, 你好, 😀.",
            "A /* comment */ and a */ and \"quotes\" and \\ backslash.",
            "    indented code",
        ])
        .prop_map(str::to_owned),
    ]
}

const PATTERNS: &[&str] = &["[a-z]+", "[A-Za-z0-9_-]{1,64}", "\\d+", "[^x]*", "(a|b)c?", "\\S.*", "[0-9a-f]{8}"];

fn scalar() -> impl Strategy<Value = Scalar> {
    prop::sample::select(vec![
        Scalar::String,
        Scalar::String,
        Scalar::Bool,
        Scalar::Int64,
        Scalar::Uint64,
        Scalar::Uint64,
        Scalar::Float,
        Scalar::Binary,
        Scalar::Date,
        Scalar::DateTime,
        Scalar::DateTimeIso,
    ])
}

/// A field type: a scalar, a model (any index: fixed up to an allowed one later), or a
/// list of either (lists of lists are not supported).
fn ty() -> impl Strategy<Value = Ty> {
    let leaf =
        prop_oneof![3 => scalar().prop_map(Ty::Scalar), 2 => any::<Index>().prop_map(|i| Ty::Model(i.index(1 << 16)))];
    prop_oneof![3 => leaf.clone(), 1 => leaf.prop_map(|t| Ty::List(Box::new(t)))]
}

/// Constraints that fit `ty` (chosen from raw random numbers).
fn constraints_for(ty: &Ty, raw: &[(u8, u64, u64, Option<u8>)]) -> Vec<(Constraint, Option<String>)> {
    let mut out = Vec::new();
    for &(kind, a, b, code) in raw {
        let code =
            code.map(|c| ["InvalidParameter", "InvalidParameterValue", "LimitExceeded"][c as usize % 3].to_owned());
        let (lo, hi) = (a.min(b), a.max(b));
        let c = match ty {
            Ty::List(_) => match kind % 2 {
                0 => vec![Constraint::MinItems(lo % 10), Constraint::MaxItems(hi % 10 + 10)],
                _ => vec![Constraint::MaxItems(hi)],
            },
            Ty::Scalar(Scalar::String) => match kind % 4 {
                0 => vec![Constraint::MinLength(lo % 100), Constraint::MaxLength(hi % 100 + 100)],
                1 => vec![Constraint::Pattern(PATTERNS[(a % PATTERNS.len() as u64) as usize])],
                2 => vec![Constraint::OneOf((0..=b % 4).map(|i| format!("v{}{}", a % 97, i)).collect())],
                _ => vec![Constraint::MaxLength(hi)],
            },
            Ty::Scalar(Scalar::Int64) => {
                let (lo, hi) = (a as i64, b as i64);
                let (lo, hi) = (lo.min(hi), lo.max(hi));
                match kind % 3 {
                    0 => vec![Constraint::Min(lo.to_string()), Constraint::Max(hi.to_string())],
                    1 => vec![Constraint::Min(lo.to_string())],
                    _ => vec![Constraint::Max(hi.to_string())],
                }
            }
            Ty::Scalar(Scalar::Uint64) => match kind % 3 {
                0 => vec![Constraint::Min(lo.to_string()), Constraint::Max(hi.to_string())],
                1 => vec![Constraint::Min((lo % 1000).to_string())],
                _ => vec![Constraint::Max(hi.to_string())],
            },
            Ty::Scalar(Scalar::Float) => {
                let lo = (a % 2000) as f64 / 8.0 - 100.0;
                let hi = lo + (b % 1000) as f64 / 4.0;
                vec![Constraint::Min(format!("{lo:?}")), Constraint::Max(format!("{hi:?}"))]
            }
            _ => vec![],
        };
        out.extend(c.into_iter().map(|c| (c, code.clone())));
    }
    out
}

/// Raw material of a field; fixed up into a [`Field`] once its place is known.
type RawField = (String, Ty, [bool; 4], String, Vec<(u8, u64, u64, Option<u8>)>);

fn raw_field() -> impl Strategy<Value = RawField> {
    (
        member_name(),
        ty(),
        any::<[bool; 4]>(),
        doc(),
        prop::collection::vec((any::<u8>(), any::<u64>(), any::<u64>(), any::<Option<u8>>()), 0..2),
    )
}

/// Where a field is.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    Input,
    Output,
    /// In the model of this index, with this usage.
    Model(usize, Usage),
}

/// Makes a field valid at `place` in a service of `n_models` models: model references
/// point forwards (acyclic) or to the model itself (self-recursive, never required where
/// a value could not be built), flags fit the side, and constraints fit the type.
fn fix_field(raw: &RawField, place: Place, n_models: usize) -> Option<Field> {
    let (name, ty, [required, output_required, nullable, missing], doc, raw_constraints) = raw;
    let mut ty = ty.clone();
    let mut self_ref = false;
    fn retarget(ty: &mut Ty, place: Place, n: usize, self_ref: &mut bool) -> bool {
        match ty {
            Ty::Scalar(_) => true,
            Ty::List(t) => retarget(t, place, n, self_ref),
            Ty::Model(i) => match place {
                Place::Model(m, _) => {
                    // Forwards only, or itself.
                    let choices = n - m;
                    let target = m + *i % choices;
                    *self_ref = target == m;
                    *i = target;
                    true
                }
                _ if n == 0 => false,
                _ => {
                    *i %= n;
                    true
                }
            },
        }
    }
    if !retarget(&mut ty, place, n_models, &mut self_ref) {
        ty = Ty::Scalar(Scalar::String);
    }
    let constraints = constraints_for(&ty, raw_constraints);
    let mut f = Field {
        name: name.clone(),
        ty,
        required: false,
        output_required: false,
        nullable: false,
        missing: false,
        doc: doc.clone(),
        constraints,
    };
    match place {
        Place::Input => {
            f.required = *required;
            f.missing = *required && *missing;
        }
        Place::Output => {
            // Responses are not validated: no constraints.
            f.constraints.clear();
            f.required = *required;
            f.nullable = *nullable;
        }
        Place::Model(_, Usage::In) => f.required = *required && !self_ref,
        Place::Model(_, Usage::Out) => {
            f.constraints.clear();
            f.required = *required && !self_ref;
            f.nullable = *nullable;
        }
        Place::Model(_, Usage::Both) => {
            f.required = *required && !self_ref;
            f.output_required = *output_required && !self_ref;
            f.nullable = *nullable;
        }
    }
    Some(f)
}

/// Keeps the first field of each name.
fn dedup(fields: Vec<Field>) -> Vec<Field> {
    let mut seen = BTreeSet::new();
    fields.into_iter().filter(|f| seen.insert(f.name.clone())).collect()
}

type RawAction =
    (String, String, u8, bool, Option<u32>, bool, Option<bool>, bool, Vec<RawField>, bool, Vec<RawField>, Vec<String>);

fn raw_action() -> impl Strategy<Value = RawAction> {
    (
        upper_camel(),
        doc(),
        0u8..6,
        any::<bool>(),
        prop::option::of(1u32..100),
        any::<bool>(),
        any::<Option<bool>>(),
        prop::bool::weighted(0.2),
        prop::collection::vec(raw_field(), 0..5),
        prop::bool::weighted(0.2),
        prop::collection::vec(raw_field(), 0..5),
        prop::collection::vec("[A-Z][a-z]{1,8}", 0..3),
    )
}

fn service(index: usize) -> impl Strategy<Value = Service> {
    (
        "[a-z]{2,6}",
        (2000u32..2030, 1u32..13, 1u32..29),
        prop::collection::vec((model_name(), doc(), 0u8..4, prop::collection::vec(raw_field(), 1..5)), 0..5),
        prop::collection::vec(raw_action(), 1..4),
    )
        .prop_map(move |(name, (y, m, d), raw_models, raw_actions)| {
            build_service(format!("rnd{index}{name}"), format!("{y:04}-{m:02}-{d:02}"), raw_models, raw_actions)
        })
}

type RawModel = (String, String, u8, Vec<RawField>);

fn build_service(name: String, version: String, raw_models: Vec<RawModel>, raw_actions: Vec<RawAction>) -> Service {
    // Distinct model names.
    let mut seen = BTreeSet::new();
    let raw_models: Vec<RawModel> = raw_models.into_iter().filter(|m| seen.insert(m.0.clone())).collect();
    let n = raw_models.len();
    // Actions first (with a provisional usage for the models), then which side each
    // model is used on, then the models' fields with their flags.
    let mut actions = Vec::new();
    let mut action_names = BTreeSet::new();
    for (i, a) in raw_actions.into_iter().enumerate() {
        let (aname, adoc, status, signed, rate_limit, regions, idempotent, example, input, span, output, errors) = a;
        if !action_names.insert(aname.clone()) {
            continue;
        }
        let mut input: Vec<Field> = dedup(input.iter().filter_map(|f| fix_field(f, Place::Input, n)).collect());
        let output: Vec<Field> = dedup(
            output.iter().filter_map(|f| fix_field(f, Place::Output, n)).filter(|f| f.name != "RequestId").collect(),
        );
        let span_rule = span && !input.iter().any(|f| f.name == "SpanStart" || f.name == "SpanEnd");
        if span_rule {
            for name in ["SpanStart", "SpanEnd"] {
                input.push(Field {
                    name: name.into(),
                    ty: Ty::Scalar(Scalar::Uint64),
                    required: name == "SpanStart",
                    output_required: false,
                    nullable: false,
                    missing: false,
                    doc: format!("The {name} of the span."),
                    constraints: vec![],
                });
            }
        }
        let lower: BTreeSet<String> = input.iter().map(|f| f.name.to_lowercase()).collect();
        let errors: Vec<String> =
            errors.iter().enumerate().map(|(j, e)| format!("FailedOperation.{e}{i}x{j}")).collect();
        actions.push(Action {
            name: aname,
            doc: adoc,
            status: ["online", "online", "online", "deprecated", "offline", "online"][status as usize],
            signed,
            rate_limit,
            regions: if regions { vec!["ap-guangzhou", "ap-beijing"] } else { vec![] },
            idempotent,
            example_program: example && lower.len() == input.len(),
            input,
            span_rule,
            output,
            errors,
        });
    }
    // Sides: direct uses by actions, then through models (references point forwards).
    let mut used_in = vec![false; n];
    let mut used_out = vec![false; n];
    for a in &actions {
        for f in &a.input {
            if let Some(m) = f.ty.model() {
                used_in[m] = true;
            }
        }
        for f in &a.output {
            if let Some(m) = f.ty.model() {
                used_out[m] = true;
            }
        }
    }
    let mut models: Vec<Model> = Vec::new();
    for (i, (mname, mdoc, widen, fields)) in raw_models.iter().enumerate() {
        // Usage of a model is fixed before its fields, whose references point forwards.
        let usage = match (used_in[i], used_out[i]) {
            (true, false) if *widen != 0 => Usage::In,
            (false, true) if *widen != 0 => Usage::Out,
            _ => Usage::Both,
        };
        let fields: Vec<Field> = dedup(fields.iter().filter_map(|f| fix_field(f, Place::Model(i, usage), n)).collect());
        for f in &fields {
            if let Some(m) = f.ty.model() {
                if m != i {
                    used_in[m] |= matches!(usage, Usage::In | Usage::Both);
                    used_out[m] |= matches!(usage, Usage::Out | Usage::Both);
                }
            }
        }
        models.push(Model { name: mname.clone(), doc: mdoc.clone(), usage, fields });
    }
    Service { name, version, models, actions }
}

// ---------------------------------------------------------------------------------------
// Rendering

fn render_field(out: &mut String, f: &Field, models: &[Model], indent: usize) {
    let pad = " ".repeat(indent);
    let _ = writeln!(out, "{pad}{}:", quoted(&f.name));
    let _ = writeln!(out, "{pad}  type: {}", f.ty.render(models));
    if f.required {
        let _ = writeln!(out, "{pad}  required: true");
    }
    if f.output_required {
        let _ = writeln!(out, "{pad}  output_required: true");
    }
    if f.nullable {
        let _ = writeln!(out, "{pad}  nullable: true");
    }
    if f.missing {
        let _ = writeln!(out, "{pad}  missing: MissingParameter");
    }
    let _ = writeln!(out, "{pad}  doc: {}", quoted(&f.doc));
    if !f.constraints.is_empty() {
        let _ = writeln!(out, "{pad}  constraints:");
        for (c, code) in &f.constraints {
            let body = match c {
                Constraint::Min(v) => format!("min: {v}"),
                Constraint::Max(v) => format!("max: {v}"),
                Constraint::MinLength(v) => format!("min_length: {v}"),
                Constraint::MaxLength(v) => format!("max_length: {v}"),
                Constraint::MinItems(v) => format!("min_items: {v}"),
                Constraint::MaxItems(v) => format!("max_items: {v}"),
                Constraint::Pattern(p) => format!("pattern: {}", quoted(p)),
                Constraint::OneOf(v) => {
                    format!("one_of: [{}]", v.iter().map(|s| quoted(s)).collect::<Vec<_>>().join(", "))
                }
            };
            let _ = writeln!(out, "{pad}    - {body}");
            if let Some(code) = code {
                let _ = writeln!(out, "{pad}      error: {code}");
            }
        }
    }
}

fn render(s: &Service) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "service:\n  name: {}\n  version: \"{}\"", s.name, s.version);
    let _ = writeln!(out, "  title: Random service {}\n  doc: Generated by tests/tests/random_specs.rs.\n", s.name);
    if !s.models.is_empty() {
        let _ = writeln!(out, "models:");
        for m in &s.models {
            let _ = writeln!(out, "  {}:", quoted(&m.name));
            let _ = writeln!(out, "    doc: {}", quoted(&m.doc));
            let usage = match m.usage {
                Usage::In => "in",
                Usage::Out => "out",
                Usage::Both => "both",
            };
            let _ = writeln!(out, "    usage: {usage}");
            if m.fields.is_empty() {
                let _ = writeln!(out, "    fields: {{}}");
            } else {
                let _ = writeln!(out, "    fields:");
                for f in &m.fields {
                    render_field(&mut out, f, &s.models, 6);
                }
            }
        }
        out.push('\n');
    }
    let _ = writeln!(out, "actions:");
    for a in &s.actions {
        let _ = writeln!(out, "  {}:", quoted(&a.name));
        let _ = writeln!(out, "    title: {}\n    doc: {}", quoted(&format!("The {} action", a.name)), quoted(&a.doc));
        let _ = writeln!(out, "    status: {}", a.status);
        if !a.signed {
            let _ = writeln!(out, "    signed: false");
        }
        if let Some(r) = a.rate_limit {
            let _ = writeln!(out, "    rate_limit: {r}");
        }
        if !a.regions.is_empty() {
            let _ = writeln!(out, "    regions: [{}]", a.regions.join(", "));
        }
        if let Some(i) = a.idempotent {
            let _ = writeln!(out, "    idempotent: {i}");
        }
        if a.example_program {
            let _ = writeln!(out, "    example_program: true");
        }
        if !a.input.is_empty() {
            let _ = writeln!(out, "    input:");
            for f in &a.input {
                render_field(&mut out, f, &s.models, 6);
            }
        }
        if a.span_rule {
            let _ = writeln!(out, "    rules:\n      - max_span: {{ start: SpanStart, end: SpanEnd, seconds: 3600 }}");
            let _ = writeln!(out, "        error: InvalidParameter");
        }
        if !a.output.is_empty() {
            let _ = writeln!(out, "    output:");
            for f in &a.output {
                render_field(&mut out, f, &s.models, 6);
            }
        }
        if !a.errors.is_empty() {
            let _ = writeln!(out, "    errors:");
            for e in &a.errors {
                let _ = writeln!(out, "      {e}: {}", quoted(&format!("The {e} error.")));
            }
        }
    }
    out
}

fn spec_path(s: &Service) -> String {
    format!("spec/{}/v{}.yaml", s.name, s.version.replace('-', ""))
}

// ---------------------------------------------------------------------------------------
// Roots

/// A root with `spec/common.yaml`, the templates, the runtime's manifest and `services`.
fn root_with(services: &[Service], link_runtime: bool) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    fs::create_dir_all(root.join("spec")).expect("mkdir");
    fs::copy(repo_root().join("spec/common.yaml"), root.join("spec/common.yaml")).expect("common");
    copy_dir(&repo_root().join("templates"), &root.join("templates"));
    if link_runtime {
        #[cfg(unix)]
        std::os::unix::fs::symlink(repo_root().join("runtime"), root.join("runtime")).expect("symlink runtime");
        // The command line's engine, which the generated `generated/cli` depends on.
        std::os::unix::fs::symlink(repo_root().join("cli"), root.join("cli")).expect("symlink cli");
    } else {
        fs::create_dir_all(root.join("runtime")).expect("mkdir");
        fs::copy(repo_root().join("runtime/Cargo.toml"), root.join("runtime/Cargo.toml")).expect("copy");
    }
    for s in services {
        let path = root.join(spec_path(s));
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, render(s)).expect("write");
    }
    tmp
}

// ---------------------------------------------------------------------------------------
// In process: every random spec is accepted and renders

#[test]
fn every_random_spec_is_accepted_and_renders() {
    let config = Config { cases: cases(24), failure_persistence: None, ..Config::default() };
    let ran = AtomicU64::new(0);
    let result = TestRunner::new(config).run(&service(0), |s| {
        ran.fetch_add(1, Ordering::Relaxed);
        let tmp = root_with(std::slice::from_ref(&s), false);
        match tcgen::render(tmp.path()) {
            Ok(_) => Ok(()),
            Err(e) => Err(TestCaseError::fail(format!("{e}\nspec:\n{}", render(&s)))),
        }
    });
    eprintln!("property every_random_spec_is_accepted_and_renders: {} cases", ran.load(Ordering::Relaxed));
    if let Err(e) = result {
        panic!("a random valid spec was refused: {e}");
    }
}

// ---------------------------------------------------------------------------------------
// Compiled: a batch of random specs generates code that compiles and round-trips

/// A JSON value of model `m` that its generated type decodes: required members present
/// (self-references left out), optional ones sometimes, nesting bounded.
fn model_json(s: &Service, m: usize, depth: usize, rng: &mut TestRng) -> Value {
    let model = &s.models[m];
    let mut obj = serde_json::Map::new();
    for f in &model.fields {
        let self_ref = f.ty.model() == Some(m);
        let always = f.required || f.output_required;
        if self_ref && (depth >= 2 || !rng.random_bool(0.5)) {
            continue;
        }
        if !always && rng.random_bool(0.4) {
            continue;
        }
        if f.nullable && !always && rng.random_bool(0.2) {
            obj.insert(f.name.clone(), Value::Null);
            continue;
        }
        obj.insert(f.name.clone(), value_json(s, &f.ty, depth + 1, rng));
    }
    Value::Object(obj)
}

fn value_json(s: &Service, ty: &Ty, depth: usize, rng: &mut TestRng) -> Value {
    match ty {
        Ty::Scalar(sc) => match sc {
            Scalar::String | Scalar::Binary => {
                let pool = ["", "a", "héllo \"q\" \\ \n\t\u{1} 你好 😀", "AAAA", "v1", "</script>"];
                Value::from(pool[rng.random_range(0..pool.len())])
            }
            Scalar::Date => Value::from("2024-01-31"),
            Scalar::DateTime => Value::from("2024-01-31 23:59:59"),
            Scalar::DateTimeIso => Value::from("2024-01-31T23:59:59+08:00"),
            Scalar::Bool => Value::from(rng.random_bool(0.5)),
            Scalar::Int64 => Value::from([0, -1, i64::MIN, i64::MAX, 42][rng.random_range(0..5usize)]),
            Scalar::Uint64 => Value::from([0, 1, u64::MAX, 1 << 53][rng.random_range(0..4usize)]),
            Scalar::Float => Value::from([0.0, -0.5, 1e300, 0.1, 123456.789][rng.random_range(0..5usize)]),
        },
        Ty::Model(m) => model_json(s, *m, depth, rng),
        Ty::List(t) => {
            Value::Array((0..rng.random_range(0..3usize)).map(|_| value_json(s, t, depth + 1, rng)).collect())
        }
    }
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[cfg(unix)]
#[test]
fn random_specs_generate_code_that_compiles_and_round_trips() {
    let k = env_usize("RANDOM_SPECS", 3);
    let seed: u64 = std::env::var("RANDOM_SPECS_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64)
    });
    eprintln!("random specs: {k} services, RANDOM_SPECS_SEED={seed}");
    let mut seed_bytes = [0u8; 32];
    seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes);
    let mut runner = TestRunner::new_with_rng(Config::default(), rng);
    let services: Vec<Service> =
        (0..k).map(|i| service(i).new_tree(&mut runner).expect("a random spec").current()).collect();
    let all_specs = || services.iter().map(|s| format!("--- {}\n{}", spec_path(s), render(s))).collect::<String>();

    let tmp = root_with(&services, true);
    let root = tmp.path();
    let ir = match tcgen::load(root) {
        Ok(ir) => ir,
        Err(e) => panic!("random valid specs were refused: {e}\n{}", all_specs()),
    };
    if let Err(e) = tcgen::generate(root) {
        panic!("random valid specs do not generate: {e}\n{}", all_specs());
    }

    // A crate that round-trips a value of every model of every service.
    let mut rng = runner.new_rng();
    let mut deps = String::new();
    let mut body = String::new();
    for (i, service) in ir.iter().enumerate() {
        let spec = services.iter().find(|s| service.name == s.name.as_str()).expect("a service of ours");
        let _ = writeln!(
            deps,
            "s{i} = {{ package = \"{}\", path = \"../generated/{}\", default-features = false, features = [\"{}\"] }}",
            service.crate_name, service.dir, service.module
        );
        for model in &service.models {
            let m = spec.models.iter().position(|x| x.name == model.wire).expect("a model of ours");
            for _ in 0..3 {
                let value = model_json(spec, m, 0, &mut rng);
                let _ = writeln!(
                    body,
                    "    round_trip::<s{i}::{}::types::{}>({:?});",
                    service.module,
                    model.name,
                    serde_json::to_string(&value).expect("json")
                );
            }
        }
    }
    let models: usize = ir.iter().map(|s| s.models.len()).sum();
    let actions: usize = ir.iter().map(|s| s.actions.len()).sum();
    eprintln!("random specs: {} services, {models} models, {actions} actions generated", ir.len());
    fs::create_dir_all(root.join("roundtrip/src")).expect("mkdir");
    fs::write(
        root.join("roundtrip/Cargo.toml"),
        format!(
            "[package]\nname = \"roundtrip\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\nserde = \"1\"\nserde_json = \"1\"\n{deps}"
        ),
    )
    .expect("write");
    fs::write(
        root.join("roundtrip/src/lib.rs"),
        format!(
            "//! decode(encode(x)) == x for a value of every model.\n\n\
             fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(json: &str) {{\n    \
             let x: T = serde_json::from_str(json).unwrap_or_else(|e| panic!(\"{{json}} does not decode: {{e}}\"));\n    \
             let wire = serde_json::to_string(&x).expect(\"encodes\");\n    \
             let y: T = serde_json::from_str(&wire).unwrap_or_else(|e| panic!(\"{{wire}} (from {{json}}) does not decode: {{e}}\"));\n    \
             assert_eq!(x, y, \"{{json}} -> {{wire}}\");\n}}\n\n\
             #[test]\nfn every_model_round_trips() {{\n{body}}}\n"
        ),
    )
    .expect("write");

    let manifest = fs::read_to_string(repo_root().join("Cargo.toml")).expect("manifest");
    let members = "members = [\"runtime\", \"cli\", \"generated/*\", \"tests\"]";
    assert!(manifest.contains(members), "the workspace members changed; update this test");
    fs::write(
        root.join("Cargo.toml"),
        manifest.replace(members, "members = [\"runtime\", \"cli\", \"generated/*\", \"roundtrip\"]"),
    )
    .expect("manifest");
    fs::copy(repo_root().join("Cargo.lock"), root.join("Cargo.lock")).expect("lock");
    let cargo = |args: &[&str]| {
        std::process::Command::new(env!("CARGO"))
            .current_dir(root)
            .env("CARGO_TARGET_DIR", repo_root().join("target/random-specs"))
            .args(args)
            .output()
            .expect("run cargo")
    };
    let output = cargo(&["check", "--offline", "--workspace", "--all-targets", "--no-default-features"]);
    assert!(
        output.status.success(),
        "generated code does not compile:\n{}\n{}",
        String::from_utf8_lossy(&output.stderr),
        all_specs()
    );
    let output = cargo(&["test", "--offline", "-p", "roundtrip", "--no-default-features"]);
    assert!(
        output.status.success(),
        "a model does not round-trip:\n{}\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
        all_specs()
    );
    eprintln!("random specs: compiled, and {} model values round-tripped", body.lines().count());
}
