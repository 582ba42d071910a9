//! Paths to a version's items. Each API version is a module of its service's crate
//! (`tencentcloud_trtc::v20190722`); the emitters of a version's own files write its items
//! as `crate::types::X`, as if the version were a crate of its own, and [`in_version`]
//! re-roots those paths under the version's module once a file's tokens are complete.
//! Examples and tests, outside the library, name the version with [`version_path`].

use proc_macro2::{Group, Ident, Span, TokenStream, TokenTree};
use quote::{format_ident, quote};

use crate::ir::Service;

/// The version's module (`v20190722`).
pub fn module(service: &Service) -> Ident {
    Ident::new(&service.module, Span::call_site())
}

/// The version's module as code outside the crate names it: `tencentcloud_trtc::v20190722`.
pub fn version_path(service: &Service) -> TokenStream {
    let lib = format_ident!("{}", service.crate_name.lib_name());
    let module = module(service);
    quote! { #lib::#module }
}

/// `tokens` with every path `crate::x` made `crate::<module>::x`, in groups too. Only
/// paths are changed: `pub(crate)` and text (documentation) are not.
pub fn in_version(tokens: TokenStream, module: &Ident) -> TokenStream {
    let mut out = TokenStream::new();
    let mut tokens = tokens.into_iter().peekable();
    while let Some(token) = tokens.next() {
        match token {
            TokenTree::Group(group) => {
                let mut inner = Group::new(group.delimiter(), in_version(group.stream(), module));
                inner.set_span(group.span());
                out.extend([TokenTree::Group(inner)]);
            }
            TokenTree::Ident(word) if word == "crate" && starts_path(tokens.peek()) => {
                out.extend(quote! { #word :: #module });
            }
            other => out.extend([other]),
        }
    }
    out
}

/// Whether `next` is the `::` after a path's first segment.
fn starts_path(next: Option<&TokenTree>) -> bool {
    matches!(next, Some(TokenTree::Punct(p)) if p.as_char() == ':')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_paths_go_through_the_version_module() {
        let module = format_ident!("v20190722");
        let tokens = quote! {
            pub use crate::client::Client;
            pub(crate) fn f(x: Vec<crate::types::Item>) -> crate::Client { let crate_ = 1; g::<crate::error::Error>(crate_) }
            #[doc = "see [`Client`](crate::Client)"]
            struct S;
        };
        let text = in_version(tokens, &module).to_string();
        assert_eq!(text.matches("crate :: v20190722 ::").count(), 4, "{text}");
        assert!(!text.contains("crate :: types") && !text.contains("crate :: error"), "{text}");
        assert!(text.contains("pub (crate) fn f"), "visibility is not a path: {text}");
        assert!(text.contains("(crate::Client)"), "documentation is text: {text}");
        assert!(text.contains("let crate_ = 1"), "{text}");
    }
}
