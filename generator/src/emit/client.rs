//! The service client: one method per action, each returning a fluent builder.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::runtime_paths as rt;
use crate::emit::rust::doc;
use crate::ir::{Service, Status};

/// `client.rs` of the service crate.
pub fn client_module(service: &Service) -> TokenStream {
    let methods = service.actions.iter().map(|a| {
        let module = format_ident!("{}", a.symbols.module);
        let fluent = format_ident!("{}", a.symbols.fluent_builder);
        let mut text = format!("`{}`: {}.\n\n{}", a.name, a.title, a.doc);
        if !a.regions.is_empty() {
            text.push_str(&format!("\n\nSupported regions: {}.", a.regions.join(", ")));
        }
        if let Some(limit) = a.rate_limit {
            text.push_str(&format!(
                "\n\nRate limit: {limit} requests per second (the client paces calls to stay under it)."
            ));
        }
        let d = doc(&text);
        let deprecated = match a.status {
            Status::Online => None,
            Status::Deprecated => Some(quote! { #[deprecated(note = "the service marks this action deprecated")] }),
            Status::Offline => Some(quote! { #[deprecated(note = "the service marks this action offline")] }),
        };
        quote! {
            #d
            #deprecated
            pub fn #module(&self) -> crate::operation::#module::#fluent {
                crate::operation::#module::#fluent::new(self.runtime.clone())
            }
        }
    });
    let client_doc = doc(&format!(
        "Client for {} (`{}`, API version {}).\n\nCheap to clone: clones share configuration, connection pool and rate limiters.",
        service.title, service.name, service.version
    ));
    let imports = rt::imports(&[rt::ACTION, rt::SDK_ERROR, rt::CONFIG]);
    let runtime_client = rt::CLIENT.path();
    quote! {
        #imports

        #client_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            runtime: #runtime_client,
        }

        impl Client {
            /// A client with the given configuration.
            pub fn new(config: Config) -> Self {
                Client { runtime: #runtime_client::new(config) }
            }

            /// A client sharing an existing runtime client (and its configuration).
            pub fn from_runtime(runtime: #runtime_client) -> Self {
                Client { runtime }
            }

            /// The runtime client underneath.
            pub fn runtime(&self) -> &#runtime_client {
                &self.runtime
            }

            /// Sends a request built beforehand (for example with `Request::builder()`).
            pub async fn execute<A: Action>(
                &self,
                request: &A,
            ) -> Result<A::Output, SdkError<A::Error>> {
                self.runtime.call(request).await
            }

            #(#methods)*
        }
    }
}
