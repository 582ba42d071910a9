//! `tests/examples.rs` of an imported service's crate: replays every official example
//! recorded by the importer through the typed client of its version.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::paths::version_path;
use crate::emit::runtime_paths as rt;
use crate::ir::Service;

/// The test file of a crate whose versions `services` have recorded fixtures: one
/// module per version, behind its feature.
pub fn examples_test(services: &[&Service]) -> TokenStream {
    let modules = services.iter().filter(|s| !s.fixtures.is_empty()).map(|s| version_test(s));
    quote! { #(#modules)* }
}

/// Where the crate carries the recorded examples of `service`, relative to the crate:
/// `tests/fixtures/v20190722`.
pub fn fixtures_dir(service: &Service) -> String {
    format!("tests/fixtures/{}", service.module)
}

/// The test of one version, whose fixtures are in the crate's [`fixtures_dir`], in a
/// module named after the version.
fn version_test(service: &Service) -> TokenStream {
    let dir = format!("/{}", fixtures_dir(service));
    let lib = version_path(service);
    let module = crate::emit::paths::module(service);
    let feature = &service.module;
    let arms = service.actions.iter().map(|a| {
        let name = &a.name;
        let module = format_ident!("{}", a.symbols.module);
        let request = format_ident!("{}", a.symbols.request);
        // Each replay's future is made and boxed in a function of its own (`boxed`,
        // `boxed_stream`): in a debug build the test's one poll function gives every arm's
        // temporaries a stack slot of their own, and with the future made there a service
        // of hundreds of actions (csip, vpc) overflowed the test thread's stack.
        if a.stream.is_some() {
            quote! { #name => boxed_stream::<#lib::operation::#module::#request>(&fixture).await, }
        } else {
            quote! { #name => boxed::<#lib::operation::#module::#request>(&fixture).await, }
        }
    });
    let doc = format!(" The recorded examples of API version {}.", service.version);
    let streams = service.actions.iter().any(|a| a.stream.is_some());
    let imports = if streams {
        rt::imports(&[rt::REPLAY_EXAMPLE, rt::REPLAY_STREAM_EXAMPLE, rt::FIXTURE])
    } else {
        rt::imports(&[rt::REPLAY_EXAMPLE, rt::FIXTURE])
    };
    let boxed_stream = streams.then(|| {
        quote! {
            /// [`replay_stream_example`] of `A`, boxed.
            fn boxed_stream<A>(fixture: &Fixture) -> Replay<'_>
            where
                A: tencentcloud_runtime::action::StreamingAction + serde::de::DeserializeOwned + 'static,
            {
                Box::pin(replay_stream_example::<A>(fixture))
            }
        }
    });
    quote! {
        #[doc = #doc]
        #[cfg(feature = #feature)]
        mod #module {
        #imports

        /// One replay's outcome, to come.
        type Replay<'a> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), String>> + 'a>>;

        /// [`replay_example`] of `A`, boxed.
        fn boxed<A>(fixture: &Fixture) -> Replay<'_>
        where
            A: tencentcloud_runtime::action::Action + serde::de::DeserializeOwned + 'static,
        {
            Box::pin(replay_example::<A>(fixture))
        }

        #boxed_stream

        /// Every official example of the service: the typed request built from its
        /// parameters sends exactly them, and its recorded response decodes into the
        /// typed response or error. Examples marked with a known issue must still fail,
        /// so that a mark never outlives its reason.
        #[tokio::test]
        async fn official_examples_replay_through_the_typed_client() {
            let dir = concat!(env!("CARGO_MANIFEST_DIR"), #dir);
            let mut files: Vec<_> = std::fs::read_dir(dir)
                .unwrap_or_else(|e| panic!("cannot read {dir}: {e}"))
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect();
            files.sort();
            let (mut passed, mut marked) = (0, 0);
            let mut failures = Vec::new();
            for path in &files {
                let fixture = Fixture::load(path).unwrap_or_else(|e| panic!("{e}"));
                let Some(action) = fixture.exchanges.first().map(|x| x.request.action.clone()) else {
                    failures.push(format!("{}: no exchange", path.display()));
                    continue;
                };
                let outcome = match action.as_str() {
                    #(#arms)*
                    other => Err(format!("no action `{other}` in this crate")),
                };
                match (&fixture.known_issue, outcome) {
                    (None, Ok(())) => passed += 1,
                    (Some(_), Err(_)) => marked += 1,
                    (None, Err(e)) => failures.push(format!("{}: {e}", path.display())),
                    (Some(issue), Ok(())) => {
                        failures.push(format!("{}: marked ({issue}) but passes; re-import", path.display()))
                    }
                }
            }
            println!("{passed} example(s) passed, {marked} marked with a known issue, of {}", files.len());
            assert!(failures.is_empty(), "{} example(s) failed:\n{}", failures.len(), failures.join("\n"));
            assert!(!files.is_empty(), "no fixtures in {dir}");
        }
        }
    }
}
