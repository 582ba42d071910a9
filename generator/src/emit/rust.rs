//! Helpers shared by the Rust emitters: doc attributes, type names, literals, and
//! formatting a token stream into a file (once, at the edge, with prettyplease).

use std::sync::LazyLock;

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};
use regex::Regex;

use crate::emit::runtime_paths as rt;
use crate::ir::{Field, Num, Scalar, Type};

/// An identifier, raw (`r#type`) when the name says so.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The lines of `text` as doc-attribute values: ` line`, or empty for a blank line.
fn doc_lines(text: &str) -> impl Iterator<Item = String> + '_ {
    text.trim_end().lines().map(|l| {
        // A doc comment cannot hold a bare CR or other control characters.
        let l: String = l.chars().map(|c| if c.is_control() && c != '\t' { ' ' } else { c }).collect();
        let l = l.trim_end();
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    })
}

/// `#[doc = " line"]` attributes, one per line of `text`.
pub fn doc(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #( #[doc = #lines] )* }
}

/// The Rust type of a spec type (not wrapped in `Option`).
pub fn rust_type(ty: &Type) -> TokenStream {
    match ty {
        Type::Scalar(s) => scalar_type(*s),
        Type::List(inner) => {
            let inner = rust_type(inner);
            quote! { Vec<#inner> }
        }
        Type::Model(name) => {
            let name = format_ident!("{}", name);
            quote! { crate::types::#name }
        }
    }
}

fn scalar_type(s: Scalar) -> TokenStream {
    match s {
        Scalar::Bool => quote! { bool },
        Scalar::Int64 => quote! { i64 },
        Scalar::UInt64 => quote! { u64 },
        Scalar::Float => quote! { f64 },
        _ => quote! { String },
    }
}

/// The Rust type of a field's value: its type, boxed when the field closes a cycle of
/// models.
pub fn value_type(f: &Field) -> TokenStream {
    let t = rust_type(&f.ty);
    if f.boxed {
        quote! { Box<#t> }
    } else {
        t
    }
}

/// The field's Rust type as stored in a struct (wrapped in `Option` when optional).
pub fn field_type(f: &Field) -> TokenStream {
    let t = value_type(f);
    if f.is_optional() {
        quote! { Option<#t> }
    } else {
        t
    }
}

/// A numeric literal for a value of the scalar's Rust type.
pub fn number_literal(n: Num, s: Scalar) -> TokenStream {
    // Unsuffixed: the type comes from the field the literal is compared with.
    let lit = match (n, s) {
        (Num::Int(v), Scalar::UInt64) => Literal::u64_unsuffixed(u64::try_from(v).unwrap_or(u64::MAX)),
        (Num::Int(v), Scalar::Int64) => Literal::i64_unsuffixed(i64::try_from(v).unwrap_or(i64::MAX)),
        (Num::Int(v), _) => Literal::f64_unsuffixed(v as f64),
        (Num::Float(v), _) => Literal::f64_unsuffixed(v),
    };
    quote! { #lit }
}

/// `Some("Code")` or `None`.
pub fn code_literal(code: Option<&str>) -> TokenStream {
    match code {
        Some(c) => quote! { Some(#c) },
        None => quote! { None },
    }
}

/// Puts a blank line between consecutive items (prettyplease prints them back to back):
/// after a line that closes a block, before a line at the same indentation that starts
/// something new.
fn space_items(code: &str) -> String {
    let lines: Vec<&str> = code.lines().collect();
    let mut out = String::with_capacity(code.len() + lines.len());
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        out.push('\n');
        let Some(next) = lines.get(i + 1) else { continue };
        let indent = line.len() - line.trim_start().len();
        let next_indent = next.len() - next.trim_start().len();
        let closes = matches!(line.trim(), "}" | "};" | "});");
        const ITEM_STARTS: [&str; 13] = [
            "///",
            "#[",
            "pub ",
            "pub(",
            "fn ",
            "async fn ",
            "impl ",
            "impl<",
            "struct ",
            "enum ",
            "const ",
            "static ",
            "mod ",
        ];
        let next_starts = ITEM_STARTS.iter().any(|p| next.trim_start().starts_with(p));
        let after_use = line.starts_with("use ")
            && (!next.starts_with("use ") || (line.starts_with("use std::") && !next.starts_with("use std::")));
        // Groups at the top level: inner docs, inner attributes, `mod`s, `pub use`s, and
        // `;`-terminated items followed by a documented item.
        let group_ends = [("//!", "//!"), ("#![", "#!["), ("pub mod ", "pub mod "), ("pub use ", "pub use ")]
            .iter()
            .any(|(this, same)| line.starts_with(this) && !next.starts_with(same) && !next.is_empty());
        // A doc line that happens to end with `;` is not a statement.
        let after_statement_item = indent == 0
            && line.ends_with(';')
            && !line.starts_with("//")
            && (next.starts_with("///") || next.starts_with("#["));
        if (closes && indent == next_indent && next_starts) || after_use || group_ends || after_statement_item {
            out.push('\n');
        }
    }
    out
}

/// Formats a token stream as a Rust file, with `header` comment lines on top. Every
/// method is marked `#[inline]` ([`inline_methods`]); text-direction controls, which
/// only documentation can hold (literals are escaped), are escaped
/// ([`crate::text_direction::escape_text_direction`]).
pub fn format_file(tokens: TokenStream, header: &str) -> Result<String, syn::Error> {
    let mut file: syn::File = syn::parse2(tokens)?;
    inline_methods(&mut file.items);
    let body = space_items(&one_member_per_line(&prettyplease::unparse(&file)));
    Ok(crate::text_direction::escape_text_direction(&format!("{header}{body}")).into_owned())
}

/// `tencentcloud_runtime::deserialize_struct!(Name { field: kind("Wire", index), ... });`
/// (and `serialize_struct!` and `wire_struct!`, which take the same list) with one
/// member per line, as rustfmt writes the struct expression it looks like (prettyplease
/// prints a macro's input on as few lines as it fits). An invocation it does not
/// recognise in full is left as prettyplease wrote it.
fn one_member_per_line(text: &str) -> String {
    static CALL: LazyLock<Regex> = LazyLock::new(|| {
        let macros = [rt::DESERIALIZE_STRUCT, rt::SERIALIZE_STRUCT, rt::WIRE_STRUCT].map(|m| m.name()).join("|");
        Regex::new(&format!(r"(?s){}::({macros})!\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*\{{(.*?)\}}\s*\);", rt::RUNTIME_CRATE))
            .unwrap_or_else(|e| panic!("{e}"))
    });
    static MEMBER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r#"^\s*((?:r#)?[A-Za-z_][A-Za-z0-9_]*)\s*:\s*(optional|lenient|required)\s*\(\s*("(?:[^"\\]|\\.)*")\s*(?:,\s*([0-9]+)\s*)?\)\s*(?:,|$)"#,
        )
        .unwrap_or_else(|e| panic!("{e}"))
    });
    CALL.replace_all(text, |call: &regex::Captures<'_>| {
        let mut inner = &call[3];
        let mut lines = Vec::new();
        while !inner.trim().is_empty() {
            let Some(m) = MEMBER.captures(inner) else { return call[0].to_owned() };
            let index = m.get(4).map_or(String::new(), |i| format!(", {}", i.as_str()));
            lines.push(format!("    {}: {}({}{index}),\n", &m[1], &m[2], &m[3]));
            inner = &inner[m[0].len()..];
        }
        format!("{}::{}!({} {{\n{}}});", rt::RUNTIME_CRATE, &call[1], &call[2], lines.concat())
    })
    .into_owned()
}

/// Marks each method of an `impl` block in `items` (and in their modules) `#[inline]`,
/// unless it already has an `inline` attribute. A non-generic `#[inline]` function is
/// compiled in the crate that calls it, not in the generated crate: a crate of hundreds
/// of actions then leaves the code generation of its thousands of setters, builders and
/// trait methods to the programs that use them (a fifth of the debug build of the
/// largest service), as for generic code.
fn inline_methods(items: &mut [syn::Item]) {
    for item in items {
        match item {
            syn::Item::Impl(block) => {
                for member in &mut block.items {
                    if let syn::ImplItem::Fn(method) = member {
                        if !method.attrs.iter().any(|a| a.path().is_ident("inline")) {
                            method.attrs.push(syn::parse_quote!(#[inline]));
                        }
                    }
                }
            }
            syn::Item::Mod(module) => {
                if let Some((_, items)) = &mut module.content {
                    inline_methods(items);
                }
            }
            _ => {}
        }
    }
}

/// `#![doc = " line"]` inner attributes, one per line of `text`.
pub fn inner_doc(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #( #![doc = #lines] )* }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_lines_blank_out_control_characters_but_tabs() {
        let lines: Vec<String> = doc_lines("a\tb\rc\u{7}d  \n\n e").collect();
        assert_eq!(lines, [" a\tb c d", "", "  e"]);
    }

    #[test]
    fn items_are_spaced_by_the_rules_of_space_items() {
        let code = "//! Inner doc.\n#![forbid(unsafe_code)]\npub mod a;\npub mod b;\npub use x::Y;\n\
            use std::fmt;\nuse std::io;\nuse serde::Serialize;\nuse other::Thing;\nconst A: u8 = 1;\n\
            /// Doc.\npub struct S {\n    a: u8,\n}\nimpl S {\n    fn f() {\n        g();\n    }\n    \
            fn h() {}\n}\nfn g() {\n    let x = 1;\n    #[allow(unused)]\n    let y = 2;\n}\n\
            static B: u8 = 2;\nconst C: u8 = 3;\n// note;\n#[derive(Debug)]\nstruct T;\npub use z::W;\n\nfn k() {}\n";
        let spaced = "//! Inner doc.\n\n#![forbid(unsafe_code)]\n\npub mod a;\npub mod b;\n\npub use x::Y;\n\n\
            use std::fmt;\nuse std::io;\n\nuse serde::Serialize;\nuse other::Thing;\n\nconst A: u8 = 1;\n\n\
            /// Doc.\npub struct S {\n    a: u8,\n}\n\nimpl S {\n    fn f() {\n        g();\n    }\n\n    \
            fn h() {}\n}\n\nfn g() {\n    let x = 1;\n    #[allow(unused)]\n    let y = 2;\n}\n\n\
            static B: u8 = 2;\nconst C: u8 = 3;\n// note;\n#[derive(Debug)]\nstruct T;\npub use z::W;\n\nfn k() {}\n";
        assert_eq!(space_items(code), spaced);
    }
}
