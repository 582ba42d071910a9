//! Per-call overrides on the fluent builders: `customize` replaces the client's
//! timeouts, retry settings or region, or adds headers, for one call
//! (`tencentcloud_runtime::CallOverrides`). Emitted as its own `impl` block beside the
//! fluent builder of [`crate::emit::operation`], which holds the `overrides` field.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::runtime_paths as rt;
use crate::ir::Action;

/// `impl XFluentBuilder { customize, call_overrides }`: no member takes either name
/// (`naming::RESERVED_MEMBER_NAMES`).
pub fn fluent_overrides(action: &Action) -> TokenStream {
    let fluent = format_ident!("{}", action.symbols.fluent_builder);
    let overrides = rt::CALL_OVERRIDES.path();
    quote! {
        impl #fluent {
            /// Replaces some of the client's settings for this call only: the timeout
            /// over all attempts, the per-attempt timeout, the retry settings, the
            /// region, client-side validation (`validation(false)` sends a request
            /// the spec's constraints would refuse), or extra headers (not the signed
            /// or `X-TC-*` ones).
            ///
            /// For example `.customize(|o| o.operation_timeout(Duration::from_secs(5)).header("X-Trace", "1"))`.
            pub fn customize(
                mut self,
                f: impl FnOnce(#overrides) -> #overrides,
            ) -> Self {
                self.overrides = f(self.overrides);
                self
            }

            /// The overrides set so far.
            pub fn call_overrides(&self) -> &#overrides {
                &self.overrides
            }
        }
    }
}
