//! Per-call overrides on the fluent builders: `customize` replaces the client's
//! timeouts, retry settings or region, or adds headers, for one call
//! (`tencentcloud_runtime::CallOverrides`). Emitted as its own `impl` block beside the
//! fluent builder of [`crate::emit::operation`], which holds the `overrides` field.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::runtime_paths as rt;
use crate::ir::Action;

/// The method name, unless an input parameter already took it.
fn method_name(action: &Action, preferred: &str) -> String {
    let mut name = preferred.to_owned();
    while action.input.iter().any(|f| f.rust.trim_start_matches("r#") == name || f.rust == format!("set_{name}")) {
        name.push_str("_call");
    }
    name
}

/// `impl XFluentBuilder { customize, call_overrides }`.
pub fn fluent_overrides(action: &Action) -> TokenStream {
    let fluent = format_ident!("{}FluentBuilder", action.type_prefix);
    let customize = format_ident!("{}", method_name(action, "customize"));
    let get = format_ident!("{}", method_name(action, "call_overrides"));
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
            pub fn #customize(
                mut self,
                f: impl FnOnce(#overrides) -> #overrides,
            ) -> Self {
                self.overrides = f(self.overrides);
                self
            }

            /// The overrides set so far.
            pub fn #get(&self) -> &#overrides {
                &self.overrides
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::emit::customize::method_name;
    use crate::emit::test_ir::{action, field};
    use crate::ir::{Scalar, Type};

    fn taking(rust: &[&str]) -> crate::ir::Action {
        let input = rust
            .iter()
            .map(|r| crate::ir::Field { rust: (*r).to_owned(), ..field("X", Type::Scalar(Scalar::String)) })
            .collect();
        action("DescribeThings", input)
    }

    #[test]
    fn the_method_keeps_its_name_unless_an_input_took_it() {
        assert_eq!(method_name(&taking(&[]), "customize"), "customize");
        assert_eq!(method_name(&taking(&["limit", "offset"]), "customize"), "customize");
        assert_eq!(method_name(&taking(&["limit", "customize"]), "customize"), "customize_call");
        assert_eq!(method_name(&taking(&["r#customize"]), "customize"), "customize_call");
        // The builder's `set_` setter of an input named like the method takes it too.
        assert_eq!(method_name(&taking(&["set_customize", "limit"]), "customize"), "customize_call");
        assert_eq!(method_name(&taking(&["customize", "customize_call"]), "customize"), "customize_call_call");
    }
}
