//! Emitters: from the intermediate model to the files of `generated/`.
//!
//! Rust code is built as token streams ([`operation`], [`structs`], [`types`],
//! [`client`]) and formatted once by [`rust::format_file`]; Cargo.toml, README and the
//! crate documentation come from the Tera templates of `templates/` ([`templates`]).

pub mod cli;
pub mod client;
pub mod customize;
pub mod dynamic;
pub mod errors;
pub mod example;
pub mod examples_test;
pub mod failure;
pub mod guide;
pub mod header;
pub mod operation;
pub mod paginator;
pub mod paths;
pub mod runtime_paths;
pub mod rust;
pub mod structs;
pub mod templates;
pub mod types;

use quote::{format_ident, quote};

pub use failure::EmitError;
use header::header;

use crate::ir::{Crate, Service};
use crate::output::FileSet;

/// Renders every file of every crate: each service's versions together, and the
/// command line.
/// Crates are rendered on every core (largest first); the first error in crate order is
/// the one reported.
pub fn render(services: &[Service], templates: &templates::Templates) -> Result<FileSet, EmitError> {
    let crates = crate::ir::crates(services);
    let rendered = crate::parallel::map_in_order(
        &crates,
        |krate| krate.versions().iter().map(|s| s.actions.len()).sum(),
        |krate| {
            let mut files = FileSet::new();
            render_crate(krate, templates, &mut files).map(|()| files)
        },
    );
    let mut files = FileSet::new();
    for crate_files in rendered {
        files.append(&mut crate_files?);
    }
    cli::render_cli(&crates, &mut files)?;
    Ok(files)
}

/// Formats `tokens` as the Rust file `path`, with the header of `sources`.
fn rust_file(
    files: &mut FileSet,
    sources: &[&Service],
    path: String,
    tokens: proc_macro2::TokenStream,
) -> Result<(), EmitError> {
    let head = format!("{}\n", header("//", sources));
    let text =
        rust::format_file(tokens, &head).map_err(|e| EmitError::Syntax { file: path.clone(), error: e.to_string() })?;
    files.insert(path, text);
    Ok(())
}

/// Formats `tokens`, a file of `service`'s module, with its paths re-rooted there.
fn version_file(
    files: &mut FileSet,
    service: &Service,
    path: String,
    tokens: proc_macro2::TokenStream,
) -> Result<(), EmitError> {
    rust_file(files, &[service], path, paths::in_version(tokens, &paths::module(service)))
}

/// The files of one crate: its manifest, README and root, each version's module and
/// examples, and the replay of the recorded examples.
fn render_crate(krate: &Crate<'_>, templates: &templates::Templates, files: &mut FileSet) -> Result<(), EmitError> {
    let dir = krate.dir();
    if let Some(other) = krate.versions().iter().find(|s| &s.crate_name != krate.crate_name()) {
        return Err(EmitError::Template(format!(
            "{} and {} both go to generated/{dir} but name different crates",
            templates::one_line_name(&other.spec_file),
            templates::one_line_name(&krate.newest().spec_file)
        )));
    }
    // Names reach identifiers and the manifest: refused first unless each has its shape.
    templates.check_crate(krate)?;
    let mut examples = Vec::new();
    for service in krate.versions() {
        examples.extend(version_examples(service));
    }
    let listed: Vec<templates::ExampleEntry> = examples.iter().map(|e| e.entry.clone()).collect();
    let rendered = templates.render_crate(krate, &listed)?;
    let sources = krate.versions();
    files.insert(format!("{dir}/Cargo.toml"), format!("{}\n{}", header("#", sources), rendered.cargo_toml));
    files.insert(
        format!("{dir}/README.md"),
        format!(
            "<!--\n{}-->\n\n{}",
            header("", sources).lines().map(|l| format!("{}\n", l.trim_start())).collect::<String>(),
            rendered.readme
        ),
    );
    rust_file(files, sources, format!("{dir}/src/lib.rs"), crate_root(krate, &rendered.crate_doc))?;
    for service in krate.versions() {
        render_version(service, templates.render_version(krate, service)?, files)?;
    }
    for example in examples {
        rust_file(files, &[example.service], format!("{dir}/examples/{}.rs", example.entry.name), example.tokens)?;
    }
    let replayed: Vec<&Service> = sources.iter().copied().filter(|s| !s.fixtures.is_empty()).collect();
    for service in &replayed {
        let fixtures = examples_test::fixtures_dir(service);
        for fixture in &service.fixtures {
            files.insert(format!("{dir}/{fixtures}/{}", fixture.name), fixture.text.clone());
        }
    }
    if !replayed.is_empty() {
        rust_file(files, &replayed, format!("{dir}/tests/examples.rs"), examples_test::examples_test(&replayed))?;
    }
    Ok(())
}

/// `src/lib.rs`: the crate documentation, what no version changes (the runtime and the
/// service's name), and each version's module behind its feature.
fn crate_root(krate: &Crate<'_>, crate_doc: &str) -> proc_macro2::TokenStream {
    let doc = rust::inner_doc(crate_doc);
    let name = krate.name().as_str();
    let runtime = runtime_paths::runtime_crate();
    let (endpoint, language) = (runtime_paths::ENDPOINT.ident(), runtime_paths::LANGUAGE.ident());
    let modules = krate.versions().iter().map(|s| {
        let module = paths::module(s);
        let feature = &s.module;
        quote! {
            #[cfg(feature = #feature)]
            pub mod #module;
        }
    });
    quote! {
        #doc
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]

        /// The runtime every version shares: configuration, credentials, errors, transport.
        pub use #runtime as runtime;
        /// Where requests go and the language of error messages, for a version's
        /// `Config::builder().endpoint(...)` and `.language(...)`.
        pub use #runtime::{#endpoint, #language};

        /// The service's short name, as used in hosts and the credential scope.
        pub const SERVICE: &str = #name;

        #(#modules)*
    }
}

/// An example program of a version, with the manifest's entry for it.
struct Example<'a> {
    service: &'a Service,
    entry: templates::ExampleEntry,
    tokens: proc_macro2::TokenStream,
}

/// The example programs of `service`: its actions' own, then the usage examples (an
/// action's own program keeps its name), sorted by name.
fn version_examples(service: &Service) -> Vec<Example<'_>> {
    let mut out: Vec<Example<'_>> = Vec::new();
    let mut add = |stem: &str, tokens: proc_macro2::TokenStream, test: bool| {
        let name = guide::example_name(service, stem);
        if !out.iter().any(|e| e.entry.name == name) {
            let entry = templates::ExampleEntry { name, module: service.module.clone(), test };
            out.push(Example { service, entry, tokens });
        }
    };
    for action in service.actions.iter().filter(|a| a.example_program) {
        add(&action.symbols.module, example::example_program(service, action), false);
    }
    for (stem, tokens) in guide::examples(service) {
        add(stem, tokens, stem == guide::MOCK_EXAMPLE);
    }
    out.sort_by(|a, b| a.entry.name.cmp(&b.entry.name));
    out
}

/// The module of one version: `src/<module>/` with what the crate root held when each
/// version was a crate (client, operations, types, errors, action table, mock).
fn render_version(service: &Service, version_doc: String, files: &mut FileSet) -> Result<(), EmitError> {
    let dir = format!("{}/src/{}", service.dir, service.module);

    let doc = rust::inner_doc(&version_doc);
    let mock = dynamic::mock_module(service);
    let (svc, version, endpoint) = (service.name.as_str(), &service.version, &service.endpoint);
    let (runtime, config) = (runtime_paths::runtime_crate(), runtime_paths::CONFIG.ident());
    let (endpoint_type, language_type) = (runtime_paths::ENDPOINT.ident(), runtime_paths::LANGUAGE.ident());
    let reexports = runtime_paths::reexports(&[runtime_paths::CREDENTIALS, runtime_paths::SDK_ERROR]);
    let root = quote! {
        #doc

        pub mod client;
        /// Every action by name, with JSON parameters (feature `dynamic`): the table the
        /// `tencentcloud` command line uses.
        #[cfg(feature = "dynamic")]
        pub mod dynamic;
        pub mod error;
        pub mod operation;
        pub mod types;

        pub use crate::client::Client;
        pub use crate::error::{Error, ErrorCode};
        #reexports
        pub use #runtime::{self as runtime, #config, #endpoint_type, #language_type};

        /// The service's short name, as used in hosts and the credential scope.
        pub const SERVICE: &str = #svc;
        /// The API version every action of this module is sent with.
        pub const API_VERSION: &str = #version;
        /// The service's default host.
        pub const ENDPOINT: &str = #endpoint;

        #mock
    };
    version_file(files, service, format!("{dir}/mod.rs"), root)?;

    let client = client::client_module(service);
    let client_doc = rust::inner_doc("The service client.");
    version_file(files, service, format!("{dir}/client.rs"), quote! { #client_doc #client })?;

    let table = dynamic::dynamic_module(service);
    let table_doc = rust::inner_doc("The service's actions by name, with JSON parameters (feature `dynamic`).");
    version_file(files, service, format!("{dir}/dynamic.rs"), quote! { #table_doc #table })?;

    let errors = errors::error_module(service);
    let errors_doc = rust::inner_doc("The service's error codes and its service-wide error type.");
    version_file(files, service, format!("{dir}/error.rs"), quote! { #errors_doc #errors })?;

    let types = types::types_module(service);
    let types_doc = rust::inner_doc("Data types shared by several actions of the service.");
    version_file(files, service, format!("{dir}/types.rs"), quote! { #types_doc #types })?;

    let mods = service.actions.iter().map(|a| {
        let m = format_ident!("{}", a.symbols.module);
        let d = rust::doc(&format!("`{}`: {}.", a.name, a.title));
        quote! { #d pub mod #m; }
    });
    let op_doc =
        rust::inner_doc("One module per action: its request (with builder), response, error enum and fluent builder.");
    version_file(files, service, format!("{dir}/operation/mod.rs"), quote! { #op_doc #(#mods)* })?;
    for (path, text) in operation_files(service)? {
        files.insert(path, text);
    }
    Ok(())
}

/// The formatted module of every action, in action order. Each action's module is built
/// and formatted on its own, so the actions are shared between the available cores (the
/// token streams never leave the thread that built them); the first error in action
/// order is the one reported.
fn operation_files(service: &Service) -> Result<Vec<(String, String)>, EmitError> {
    let one = |action: &crate::ir::Action| -> Result<(String, String), EmitError> {
        let body = operation::operation_module(service, action);
        let d = rust::inner_doc(&format!("`{}`: {}.", action.name, action.title));
        let path = format!("{}/src/{}/operation/{}.rs", service.dir, service.module, action.symbols.module);
        let head = format!("{}\n", header("//", &[service]));
        let tokens = paths::in_version(quote! { #d #body }, &paths::module(service));
        let text = rust::format_file(tokens, &head)
            .map_err(|e| EmitError::Syntax { file: path.clone(), error: e.to_string() })?;
        Ok((path, text))
    };
    crate::parallel::map_in_order(&service.actions, |_| 1, one).into_iter().collect()
}

#[cfg(test)]
pub(crate) mod test_ir;

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::{Path, PathBuf};

    use super::operation_files;
    use crate::emit::test_ir::{action, service};

    /// The repository root: the parent of `generator/`, or `TCGEN_REPO_ROOT` when set (the
    /// mutation pass runs the tests in a copy of `generator/` alone; see MUTANTS.md).
    fn repo_root() -> PathBuf {
        match std::env::var_os("TCGEN_REPO_ROOT") {
            Some(root) => PathBuf::from(root),
            None => Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default(),
        }
    }

    /// What keeps [`crate::naming::OPERATION_SCOPE_NAMES`] and the action symbols
    /// ([`crate::naming::ActionSymbols`]) true: every type an operation module defines is
    /// one of its action's symbols, and every type name an operation module or an example
    /// program imports is in the list (or is an action's own), over the specs using every
    /// feature and the hand-written TRTC one.
    #[test]
    fn the_naming_rule_knows_every_name_operation_modules_define_or_import() {
        let (repo, tmp) = (repo_root(), tempfile::tempdir().expect("tempdir"));
        let root = tmp.path();
        let copy = |from: PathBuf, to: String| {
            let to = root.join(to);
            fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
            fs::copy(&from, &to).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
        };
        copy(repo.join("spec/common.yaml"), "spec/common.yaml".into());
        copy(repo.join("runtime/Cargo.toml"), "runtime/Cargo.toml".into());
        copy(repo.join("tests/fixtures/specs/handwritten/trtc/v20190722.yaml"), "spec/trtc/v20190722.yaml".into());
        for (from, to) in [("tests/fixtures/specs/features", "spec/features"), ("templates/crate", "templates/crate")] {
            for entry in fs::read_dir(repo.join(from)).expect("read_dir") {
                let path = entry.expect("entry").path();
                let name = path.file_name().expect("name").to_string_lossy().into_owned();
                copy(path, format!("{to}/{name}"));
            }
        }
        let services = crate::load(root).expect("load");
        let files = crate::render(root).expect("render");
        let uses = regex::Regex::new(r"(?s)\buse\s+([^;]+);").expect("regex");
        let defined =
            regex::Regex::new(r"(?m)^pub (?:struct|enum|type|trait|const|static) ([A-Za-z0-9_]+)").expect("regex");
        let own: Vec<String> =
            services.iter().flat_map(|s| &s.actions).flat_map(|a| a.symbols.types().map(str::to_owned)).collect();
        let mut checked = (0, 0);
        for service in &services {
            for action in &service.actions {
                let path = format!("{}/src/{}/operation/{}.rs", service.dir, service.module, action.symbols.module);
                let text = files.get(&path).unwrap_or_else(|| panic!("{path} is generated"));
                for name in defined.captures_iter(text).map(|c| c[1].to_owned()) {
                    let expected = action.symbols.types().contains(&name.as_str());
                    assert!(expected, "{path} defines `{name}`, which the naming rule does not know");
                    checked.0 += 1;
                }
            }
        }
        for (path, text) in files.iter().filter(|(p, _)| p.contains("/operation/") || p.contains("/examples/")) {
            for import in uses.captures_iter(text) {
                let list = &import[1];
                let leaves = match (list.find('{'), list.rfind('}')) {
                    (Some(open), Some(close)) => list[open + 1..close].split(',').map(str::trim).collect::<Vec<_>>(),
                    _ => vec![list.rsplit("::").next().unwrap_or_default().trim()],
                };
                for leaf in leaves.into_iter().filter(|l| l.starts_with(|c: char| c.is_ascii_uppercase())) {
                    let known = crate::naming::OPERATION_SCOPE_NAMES.contains(&leaf) || own.iter().any(|o| o == leaf);
                    assert!(known, "{path} imports `{leaf}`, which naming::OPERATION_SCOPE_NAMES does not list");
                    checked.1 += 1;
                }
            }
        }
        assert!(checked.0 > 20 && checked.1 > 20, "the test saw what it checks: {checked:?}");
    }

    #[test]
    fn a_service_without_actions_has_no_operation_files() {
        // Whatever the number of cores: split between threads, no actions would make
        // chunks of no action (which `chunks` refuses).
        let files = operation_files(&service(Vec::new(), Vec::new())).expect("no files");
        assert!(files.is_empty());
    }

    #[test]
    fn operation_files_come_in_action_order() {
        for n in [3, 17, 40] {
            let actions = (0..n).map(|i| action(&format!("DescribeThing{i:02}"), Vec::new())).collect();
            let files = operation_files(&service(actions, Vec::new())).expect("files");
            let paths: Vec<String> = files.iter().map(|(path, _)| path.clone()).collect();
            let expected: Vec<String> =
                (0..n).map(|i| format!("demo/src/v20200101/operation/describe_thing{i:02}.rs")).collect();
            assert_eq!(paths, expected);
            for (i, (_, text)) in files.iter().enumerate() {
                assert!(text.contains(&format!("pub struct DescribeThing{i:02}Request")), "{text}");
            }
        }
    }
}
