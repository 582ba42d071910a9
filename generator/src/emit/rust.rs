//! Helpers shared by the Rust emitters: doc attributes, type names, literals, and
//! formatting a token stream into a file (once, at the edge, with prettyplease).

use std::sync::LazyLock;

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};
use regex::Regex;

use crate::emit::runtime_paths as rt;
use crate::ir::{Constraint, ConstraintKind, Field, NotEnforced, Num, Scalar, Type};

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

/// Description text from a spec or an imported description, as rustdoc-safe Markdown
/// (no code block is ever compiled or run; HTML and bare links become Markdown).
pub fn spec_text(text: &str) -> String {
    // Tabs become spaces (clippy's tabs_in_doc_comments; Markdown reads a tab as 4).
    end_lazy_continuations(&crate::resolve::docs::rustdoc_markdown(text).replace('\t', "    "))
}

/// The column where a list item's content starts (`- x` → 2, `  10. x` → 6), when `line`
/// is a list item.
fn list_content_column(line: &str) -> Option<usize> {
    if !is_list_item(line) {
        return None;
    }
    let indent = line.len() - line.trim_start().len();
    let t = line.trim_start();
    let marker = t.find(' ')?;
    let spaces = t[marker..].len() - t[marker..].trim_start().len();
    // Five or more spaces after the marker: the content starts one space after it.
    Some(indent + marker + if spaces > 4 { 1 } else { spaces })
}

/// Whether a line starts a Markdown list item (`- x`, `* x`, `+ x`, `1. x`, `1) x`).
fn is_list_item(line: &str) -> bool {
    let t = line.trim_start();
    if let Some(rest) = t.strip_prefix(['-', '*', '+']) {
        return rest.starts_with(' ');
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && digits < 10 && (t[digits..].starts_with(". ") || t[digits..].starts_with(") "))
}

/// Puts a blank line between a list item and a following unindented line that is not
/// an item (Markdown would fold it into the item: a "lazy continuation", which clippy
/// flags), outside fenced blocks; a hard break (`\`) ending the item is dropped there.
/// An indented line that continues an item is indented to the item's content, no more
/// and no less (clippy's doc_overindented_list_items and doc_lazy_continuation).
fn end_lazy_continuations(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut in_list = false;
    let mut content_column = 0;
    let mut in_quote = false;
    let mut in_fence = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            in_list = false;
            out.push(line.to_owned());
            continue;
        }
        if in_fence {
            out.push(line.to_owned());
            continue;
        }
        let quoted = trimmed.starts_with('>');
        if line.trim().is_empty() {
            in_list = false;
            in_quote = false;
        } else if in_quote && !quoted {
            if let Some(last) = out.last_mut() {
                if let Some(stripped) = last.strip_suffix('\\') {
                    *last = stripped.to_owned();
                }
            }
            out.push(String::new());
            in_quote = false;
            content_column = list_content_column(line).unwrap_or(0);
            in_list = content_column > 0;
        } else if quoted {
            in_quote = true;
            in_list = false;
        } else if let Some(column) = list_content_column(line) {
            in_list = true;
            content_column = column;
        } else if in_list && line.starts_with(' ') {
            out.push(format!("{}{trimmed}", " ".repeat(content_column)));
            continue;
        } else if in_list && !line.starts_with(' ') {
            if let Some(last) = out.last_mut() {
                if let Some(stripped) = last.strip_suffix('\\') {
                    *last = stripped.to_owned();
                }
            }
            out.push(String::new());
            in_list = false;
        }
        out.push(line.to_owned());
    }
    out.join("\n")
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

/// The field's documentation: its text, then what the spec says about defaults,
/// constraints, examples, deprecation and the sources.
pub fn field_doc(f: &Field) -> String {
    let mut out = spec_text(&f.doc);
    let mut facts = Vec::new();
    if f.disabled {
        facts.push("Disabled: the service's description marks this member as not open to callers.".to_owned());
    }
    if f.must_send {
        facts.push("Required in requests (validation reports it when unset).".to_owned());
    }
    if f.lenient {
        facts.push(
            "Documented as always present; if a response leaves it out or sends null, it decodes to its \
             default and a warning is logged."
                .to_owned(),
        );
    }
    if let Some(d) = &f.default {
        facts.push(format!("Server default when omitted: `{d}`."));
    }
    for c in &f.constraints {
        facts.push(constraint_doc(c));
    }
    if let Some(e) = &f.example {
        if !e.contains('`') && !e.is_empty() {
            // Control characters are shown escaped (`\n`, `\r`), on one line.
            let shown: String = if e.chars().any(char::is_control) { e.escape_debug().collect() } else { e.clone() };
            facts.push(format!("Example: `{shown}`."));
        }
    }
    if let Some(d) = &f.deprecated {
        facts.push(format!("**Deprecated**: {}", spec_text(d.trim())));
    }
    if !facts.is_empty() {
        out.push_str("\n\n");
        out.push_str(&facts.iter().map(|f| format!("- {f}")).collect::<Vec<_>>().join("\n"));
    }
    if let Some(n) = &f.notes {
        out.push_str("\n\n");
        out.push_str(&spec_text(&wrap(&format!("Note on the sources: {n}"), 88)));
    }
    out
}

fn num_text(n: Num) -> String {
    match n {
        Num::Int(v) => v.to_string(),
        Num::Float(v) => v.to_string(),
    }
}

/// One line describing a constraint and the code it maps to.
pub fn constraint_doc(c: &Constraint) -> String {
    let what = match &c.kind {
        ConstraintKind::Min(n) => format!("At least `{}`", num_text(*n)),
        ConstraintKind::Max(n) => format!("At most `{}`", num_text(*n)),
        ConstraintKind::MinLength(n) => format!("At least {n} characters"),
        ConstraintKind::MaxLength(n) => format!("At most {n} characters"),
        ConstraintKind::MinItems(n) => format!("At least {n} items"),
        ConstraintKind::MaxItems(n) => format!("At most {n} items"),
        ConstraintKind::Pattern(p) => format!("Matches `{p}`"),
        ConstraintKind::OneOf(v) => {
            format!("One of {}", v.iter().map(|x| format!("`{x}`")).collect::<Vec<_>>().join(", "))
        }
    };
    if let Some(reason) = c.not_enforced {
        // "At most `100`" → "at most `100`" (only the first letter: values keep their case).
        let what = what.get(..1).map_or(String::new(), str::to_lowercase) + what.get(1..).unwrap_or("");
        return format!("Documented: {what}; not checked before sending, since {}.", not_enforced_text(reason));
    }
    match &c.code {
        Some(code) => format!("{what} (else the server answers `{code}`)."),
        None => format!("{what}."),
    }
}

/// Why a documented constraint is not checked, as the end of a sentence.
fn not_enforced_text(reason: NotEnforced) -> &'static str {
    match reason {
        NotEnforced::Clamped => "the server adjusts values outside it instead of refusing them",
        NotEnforced::SpecialValues => "the documentation gives values outside it a special meaning",
        NotEnforced::ModeSpecific => "it is stated for one mode or condition only",
        NotEnforced::PageSize => "a larger page size is not known to be refused (the server may return fewer items)",
        NotEnforced::ReturnedValues => "it lists values the service returns; requests may use others",
        NotEnforced::WiderUse => "a request using this structure documents more values",
        NotEnforced::Versions => "it lists software versions, which the service adds and retires over time",
        NotEnforced::Unconfirmed => "the server is not confirmed to refuse other values",
    }
}

/// Re-flows `text` into lines of at most `width` characters (longer words stay whole). A
/// word that would start a Markdown block at the start of a line (`1)`, `-`, `#`, `>`,
/// `---`, a code fence) stays on the line before, which may then be longer.
pub fn wrap(text: &str, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.len() + 1 + word.len() > width && !starts_markdown_block(word) {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines.join("\n")
}

/// Whether `word`, first on a line, would start a Markdown block rather than continue a
/// paragraph: a list marker (`-`, `*`, `+`, `1.`, `1)`), a heading or quote, a thematic
/// break or setext underline, or a code fence.
fn starts_markdown_block(word: &str) -> bool {
    let ordered = word.len() <= 10
        && word.ends_with(['.', ')'])
        && word.len() > 1
        && word[..word.len() - 1].bytes().all(|b| b.is_ascii_digit());
    ordered
        || matches!(word, "-" | "*" | "+")
        || word.starts_with(['#', '>'])
        || word.starts_with("```")
        || word.starts_with("~~~")
        || (!word.is_empty() && ["-", "=", "*", "_"].iter().any(|c| word.chars().all(|ch| ch.to_string() == *c)))
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
    fn a_line_after_a_list_item_starts_a_paragraph() {
        let text =
            "Goals:\n* first\nSecond, lost its bullet\n* third\\\nNote:\n1. one\n   continued\n\n```text\n* x\ny\n```";
        assert_eq!(
            end_lazy_continuations(text),
            "Goals:\n* first\n\nSecond, lost its bullet\n* third\n\nNote:\n1. one\n   continued\n\n```text\n* x\ny\n```"
        );
        let quote = "> Note:\\\n> still quoted\nWhen enabled, ...\n- item";
        assert_eq!(end_lazy_continuations(quote), "> Note:\\\n> still quoted\n\nWhen enabled, ...\n- item");
    }

    #[test]
    fn list_items_start_with_a_bullet_or_a_number_then_a_space() {
        for item in ["- x", "* x", "+ x", "  - x", "1. x", "2) x", "123456789. x", "   10. x"] {
            assert!(is_list_item(item), "{item}");
        }
        for text in ["-x", "*emphasis*", "x", "", "1.5 units", "1)x", "1234567890. x", ". x", ") x", "x. y"] {
            assert!(!is_list_item(text), "{text}");
        }
    }

    #[test]
    fn tilde_fences_hold_lists_too() {
        let text = "~~~\n* x\ny\n~~~\n* item\nafter";
        assert_eq!(end_lazy_continuations(text), "~~~\n* x\ny\n~~~\n* item\n\nafter");
        // A quote ends at an unquoted line; an item after it starts a list.
        let quote = "> quoted\n- item\nnext";
        assert_eq!(end_lazy_continuations(quote), "> quoted\n\n- item\n\nnext");
        // An indented line continues the item; a blank line ends the list and the quote.
        let indented = "- item\n  more\n\nplain\n> q\n\nplain";
        assert_eq!(end_lazy_continuations(indented), indented);
    }

    #[test]
    fn lines_continuing_an_item_are_indented_to_its_content() {
        // Over-indented (mps), under-indented (apm), and under a numbered item.
        let text = "- If px:\n    and Height is 0\n- if 1:\n -If (0,12) hours\n -If [12,48] hours\n10. ten\n  more";
        assert_eq!(
            end_lazy_continuations(text),
            "- If px:\n  and Height is 0\n- if 1:\n  -If (0,12) hours\n  -If [12,48] hours\n10. ten\n    more"
        );
        assert_eq!(list_content_column("   10.  x"), Some(8));
        assert_eq!(list_content_column("-      x"), Some(2));
        assert_eq!(list_content_column("x"), None);
    }

    #[test]
    fn tabs_in_descriptions_become_spaces() {
        assert_eq!(spec_text("5 - 50.\t."), "5 - 50.    .");
    }

    #[test]
    fn wrap_fills_lines_up_to_the_width() {
        assert_eq!(wrap("aa bb cc", 5), "aa bb\ncc");
        assert_eq!(wrap("aa bb cc", 4), "aa\nbb\ncc");
        assert_eq!(wrap("  aa   bb  ", 80), "aa bb");
        assert_eq!(wrap("longword a", 3), "longword\na");
        assert_eq!(wrap("", 10), "");
        // A line must not start with what Markdown reads as a list, heading or rule.
        assert_eq!(wrap("first page 1) and size", 12), "first page 1)\nand size");
        for word in ["1.", "23)", "-", "*", "+", "#", "##x", ">", "---", "===", "```rust"] {
            let wrapped = wrap(&format!("aaaa {word} bb"), 5);
            assert!(wrapped.lines().skip(1).all(|l| !l.starts_with(word)), "{word}: {wrapped:?}");
        }
        assert_eq!(wrap("aaaa 1x bb", 5), "aaaa\n1x bb");
    }

    #[test]
    fn doc_lines_blank_out_control_characters_but_tabs() {
        let lines: Vec<String> = doc_lines("a\tb\rc\u{7}d  \n\n e").collect();
        assert_eq!(lines, [" a\tb c d", "", "  e"]);
    }

    #[test]
    fn an_example_is_documented_unless_empty_or_with_a_backtick() {
        let with = |example: &str| Field {
            example: Some(example.to_owned()),
            ..crate::emit::test_ir::field("Name", Type::Scalar(Scalar::String))
        };
        assert_eq!(field_doc(&with("abc")), "\n\n- Example: `abc`.");
        assert_eq!(field_doc(&with("a\nb")), "\n\n- Example: `a\\nb`.");
        assert_eq!(field_doc(&with("")), "");
        assert_eq!(field_doc(&with("a`b")), "");
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
