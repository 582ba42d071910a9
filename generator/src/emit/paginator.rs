//! Paginators: for an action with `paginate:`, the runtime's `Paginated` impl on its
//! request (where position, page size and token live, where the items, total and next
//! token are) and `into_paginator()` on its fluent builder. The paging logic itself is
//! the runtime's (`tencentcloud_runtime::paginate`); what is emitted here is accessors.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::runtime_paths as rt;
use crate::emit::rust::{ident, rust_type};
use crate::ir::{Action, ConstraintKind, Field, Num, PageKind, Paging, Scalar, Type};

/// The paginator items of `action`: nothing unless it pages.
pub fn paginator(action: &Action) -> TokenStream {
    let Some(paging) = &action.paging else { return quote! {} };
    let request = format_ident!("{}", action.symbols.request);
    let response = format_ident!("{}", action.symbols.response);
    let fluent = format_ident!("{}", action.symbols.fluent_builder);
    let Type::List(element) = &paging.items.ty else { return quote! {} };
    let item = rust_type(element);
    let style = match paging.kind {
        PageKind::OffsetLimit => quote! { OffsetLimit },
        PageKind::PageNumber => quote! { PageNumber },
        PageKind::Token => quote! { Token },
    };
    let first_page = (paging.kind == PageKind::PageNumber).then(|| {
        let n = proc_macro2::Literal::u64_unsuffixed(paging.first_page);
        quote! { const FIRST_PAGE: u64 = #n; }
    });
    let limit = paging.limit.as_ref().map(|f| {
        let (get, set) = (capped_read(f), capped_write(f));
        quote! {
            fn page_size(&self) -> Option<u64> { #get }
            fn set_page_size(&mut self, size: u64) { #set }
        }
    });
    let position = paging.position.as_ref().map(|f| {
        let (get, set) = (read_integer(f), write_integer(f, quote! { position }));
        quote! {
            fn position(&self) -> Option<u64> { #get }
            fn set_position(&mut self, position: u64) { #set }
        }
    });
    let token = paging.token.as_ref().map(|f| {
        let id = ident(&f.rust);
        let (get, value) = if f.is_optional() {
            (quote! { self.#id.as_deref() }, quote! { Some(token) })
        } else {
            (quote! { Some(&self.#id) }, quote! { token })
        };
        quote! {
            fn token(&self) -> Option<&str> { #get }
            fn set_token(&mut self, token: String) { self.#id = #value; }
        }
    });
    let items = ident(&paging.items.rust);
    let unbox = paging.items.boxed.then(|| quote! { .map(|v| *v) });
    let (items_ref, items_owned) = if paging.items.is_optional() {
        (
            quote! { output.#items.as_ref().map_or(&[][..], |v| &v[..]) },
            quote! { output.#items #unbox .unwrap_or_default() },
        )
    } else if paging.items.boxed {
        (quote! { &output.#items[..] }, quote! { *output.#items })
    } else {
        (quote! { &output.#items[..] }, quote! { output.#items })
    };
    let total = paging.total.as_ref().map(|f| {
        let id = ident(&f.rust);
        let read = as_u64(f, quote! { output.#id });
        quote! { fn total(output: &#response) -> Option<u64> { #read } }
    });
    let next_token = paging.next_token.as_ref().map(|f| {
        let id = ident(&f.rust);
        let read = if f.is_optional() {
            quote! { output.#id.as_deref() }
        } else {
            quote! { Some(&output.#id) }
        };
        quote! { fn next_token(output: &#response) -> Option<&str> { #read } }
    });
    let impl_doc = format!(" How `{}` pages, for [`Paginator`]({}).", action.name, rt::PAGINATOR.text());
    let method_doc = crate::emit::rust::doc(&crate::resolve::docs::wrap(&paginator_doc(action, paging), 90));
    let (paginated, page_style, paginator) = (rt::PAGINATED.path(), rt::PAGE_STYLE.path(), rt::PAGINATOR.path());
    quote! {
        #[doc = #impl_doc]
        impl #paginated for #request {
            type Item = #item;
            const STYLE: #page_style = #page_style::#style;
            #first_page
            #limit
            #position
            #token
            fn items(output: &#response) -> &[#item] { #items_ref }
            fn into_items(output: #response) -> Vec<#item> { #items_owned }
            #total
            #next_token
        }

        impl #fluent {
            #method_doc
            pub fn into_paginator(self) -> #paginator<#request> {
                #paginator::new(self.client, self.inner.build().map_err(SdkError::from))
                    .with_overrides(self.overrides)
            }
        }
    }
}

/// The integer field `f`, read by `expr`, as an `Option<u64>` (`None` when negative).
fn as_u64(f: &Field, expr: TokenStream) -> TokenStream {
    match (f.ty == Type::Scalar(Scalar::UInt64), f.is_optional()) {
        (true, true) => expr,
        (true, false) => quote! { Some(#expr) },
        (false, true) => quote! { #expr.and_then(|v| u64::try_from(v).ok()) },
        (false, false) => quote! { u64::try_from(#expr).ok() },
    }
}

/// The documented maximum of a page size that is not enforced (the server is not known to
/// refuse more): pages hold at most that many items, so the paginator never asks for more.
fn page_size_cap(f: &Field) -> Option<u64> {
    f.constraints.iter().find_map(|c| match c.kind {
        ConstraintKind::Max(Num::Int(n)) if c.not_enforced.is_some() => u64::try_from(n).ok().filter(|n| *n > 0),
        _ => None,
    })
}

/// The page size read from the request, capped at [`page_size_cap`].
fn capped_read(f: &Field) -> TokenStream {
    let get = read_integer(f);
    match page_size_cap(f).map(proc_macro2::Literal::u64_unsuffixed) {
        Some(cap) => quote! { #get.map(|size| size.min(#cap)) },
        None => get,
    }
}

/// The page size written to the request, capped at [`page_size_cap`].
fn capped_write(f: &Field) -> TokenStream {
    match page_size_cap(f).map(proc_macro2::Literal::u64_unsuffixed) {
        Some(cap) => write_integer(f, quote! { size.min(#cap) }),
        None => write_integer(f, quote! { size }),
    }
}

/// `self.x` (converted to `u64`) for an integer input.
fn read_integer(f: &Field) -> TokenStream {
    let id = ident(&f.rust);
    as_u64(f, quote! { self.#id })
}

/// `self.x = value` (converted from `u64`) for an integer input.
fn write_integer(f: &Field, value: TokenStream) -> TokenStream {
    let id = ident(&f.rust);
    let conv = match f.ty {
        Type::Scalar(Scalar::UInt64) => value,
        _ => quote! { i64::try_from(#value).unwrap_or(i64::MAX) },
    };
    if f.is_optional() {
        quote! { self.#id = Some(#conv); }
    } else {
        quote! { self.#id = #conv; }
    }
}

fn paginator_doc(action: &Action, paging: &Paging) -> String {
    let how = match paging.kind {
        PageKind::OffsetLimit => format!(
            "by `{}` (offset) and `{}` (page size)",
            paging.position.as_ref().map_or("", |f| f.wire.as_str()),
            paging.limit.as_ref().map_or("", |f| f.wire.as_str())
        ),
        PageKind::PageNumber => format!(
            "by `{}` (page number, first page {}) and `{}` (page size)",
            paging.position.as_ref().map_or("", |f| f.wire.as_str()),
            paging.first_page,
            paging.limit.as_ref().map_or("", |f| f.wire.as_str())
        ),
        PageKind::Token => format!(
            "by `{}` (the previous page's `{}`)",
            paging.token.as_ref().map_or("", |f| f.wire.as_str()),
            paging.next_token.as_ref().map_or("", |f| f.wire.as_str())
        ),
    };
    let total = paging.total.as_ref().map_or(String::new(), |f| format!(" or once `{}` is reached", f.wire));
    let stop = match paging.kind {
        PageKind::Token => "when the next token is empty or absent".to_owned(),
        _ => format!("after a short or empty page{total}"),
    };
    let cap = paging.limit.as_ref().and_then(page_size_cap).map_or(String::new(), |n| {
        format!(" A page size above {n}, the documented maximum, is sent as {n} (pages hold at most {n} items).")
    });
    format!(
        "Every page of `{}`, paged {how}, as a `Stream`; `.items()` streams the items of `{}`. \
         Stops {stop}, or when the server does not advance (then with [`SdkError::Pagination`]); see \
         [`{}`].{cap}",
        action.name,
        paging.items.wire,
        rt::paginate_module_text()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::test_ir::{action, field, required};

    fn int(ty: Scalar, required_: bool) -> Field {
        let f = if required_ { required("Limit", Type::Scalar(ty)) } else { field("Limit", Type::Scalar(ty)) };
        Field { rust: "limit".to_owned(), ..f }
    }

    #[test]
    fn integers_are_read_as_u64_and_written_from_it() {
        let text = |f: &Field| (read_integer(f).to_string(), write_integer(f, quote! { size }).to_string());
        assert_eq!(text(&int(Scalar::UInt64, true)), ("Some (self . limit)".into(), "self . limit = size ;".into()));
        assert_eq!(text(&int(Scalar::UInt64, false)), ("self . limit".into(), "self . limit = Some (size) ;".into()));
        assert_eq!(
            text(&int(Scalar::Int64, true)),
            (
                "u64 :: try_from (self . limit) . ok ()".into(),
                "self . limit = i64 :: try_from (size) . unwrap_or (i64 :: MAX) ;".into()
            )
        );
        assert_eq!(
            text(&int(Scalar::Int64, false)),
            (
                "self . limit . and_then (| v | u64 :: try_from (v) . ok ())".into(),
                "self . limit = Some (i64 :: try_from (size) . unwrap_or (i64 :: MAX)) ;".into()
            )
        );
    }

    /// A documented maximum the server is not known to refuse caps the paginator's page
    /// size (read and written), so that a page of that many items is not taken for the
    /// last; an enforced maximum is left to validation.
    #[test]
    fn a_documented_only_maximum_caps_the_page_size() {
        use crate::emit::test_ir::constraint;
        use crate::ir::{Constraint, NotEnforced};
        let capped = |not_enforced| Field {
            constraints: vec![Constraint { not_enforced, ..constraint(ConstraintKind::Max(Num::Int(100))) }],
            ..int(Scalar::UInt64, false)
        };
        let f = capped(Some(NotEnforced::PageSize));
        assert_eq!(page_size_cap(&f), Some(100));
        assert_eq!(capped_read(&f).to_string(), "self . limit . map (| size | size . min (100))");
        assert_eq!(capped_write(&f).to_string(), "self . limit = Some (size . min (100)) ;");
        let f = capped(None);
        assert_eq!(page_size_cap(&f), None);
        assert_eq!(capped_read(&f).to_string(), "self . limit");
        assert_eq!(capped_write(&f).to_string(), "self . limit = Some (size) ;");
    }

    fn paging(kind: PageKind) -> Paging {
        let text = |wire: &str| field(wire, Type::Scalar(Scalar::String));
        Paging {
            kind,
            position: Some(int(Scalar::Int64, false)).map(|f| Field { wire: "Offset".into(), ..f }),
            first_page: 1,
            limit: Some(int(Scalar::Int64, false)),
            token: Some(text("NextToken")),
            items: field("Items", Type::List(Box::new(Type::Scalar(Scalar::String)))),
            total: Some(field("TotalCount", Type::Scalar(Scalar::Int64))),
            next_token: Some(text("Cursor")),
        }
    }

    #[test]
    fn the_paginator_doc_says_how_the_action_pages_and_when_it_stops() {
        let list = action("ListThings", Vec::new());
        let end = "or when the server does not advance (then with [`SdkError::Pagination`]); see \
                   [`tencentcloud_runtime::paginate`].";
        assert_eq!(
            paginator_doc(&list, &paging(PageKind::Token)),
            format!(
                "Every page of `ListThings`, paged by `NextToken` (the previous page's `Cursor`), as a `Stream`; \
                 `.items()` streams the items of `Items`. Stops when the next token is empty or absent, {end}"
            )
        );
        assert_eq!(
            paginator_doc(&list, &paging(PageKind::OffsetLimit)),
            format!(
                "Every page of `ListThings`, paged by `Offset` (offset) and `Limit` (page size), as a `Stream`; \
                 `.items()` streams the items of `Items`. Stops after a short or empty page or once `TotalCount` \
                 is reached, {end}"
            )
        );
        assert_eq!(
            paginator_doc(&list, &Paging { total: None, first_page: 0, ..paging(PageKind::PageNumber) }),
            format!(
                "Every page of `ListThings`, paged by `Offset` (page number, first page 0) and `Limit` (page size), \
                 as a `Stream`; `.items()` streams the items of `Items`. Stops after a short or empty page, {end}"
            )
        );
    }

    #[test]
    fn only_page_numbers_have_a_first_page() {
        let with = |kind| {
            let list = crate::ir::Action { paging: Some(paging(kind)), ..action("ListThings", Vec::new()) };
            paginator(&list).to_string()
        };
        assert!(with(PageKind::PageNumber).contains("const FIRST_PAGE : u64 = 1 ;"));
        assert!(!with(PageKind::OffsetLimit).contains("FIRST_PAGE"));
        assert!(with(PageKind::Token).contains("PageStyle :: Token"));
    }
}
