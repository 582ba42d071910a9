//! The documentation the intermediate model carries, rendered once: a description as
//! rustdoc-safe Markdown without lazy list continuations ([`render`]), a field's
//! description with the facts the spec states about it ([`render_field`]).

use crate::ir::{Constraint, ConstraintKind, Doc, Field, NotEnforced, Num};

/// Description text from a spec or an imported description, rendered for the generated
/// code ([`markdown`]).
pub fn render(text: &str) -> Doc {
    Doc::rendered(markdown(text))
}

/// A field's documentation, rendered for the generated code ([`field_text`]).
pub fn render_field(f: &Field) -> Doc {
    Doc::rendered(field_text(f))
}

/// Description text as rustdoc-safe Markdown (no code block is ever compiled or run;
/// HTML and bare links become Markdown).
fn markdown(text: &str) -> String {
    // Tabs become spaces (clippy's tabs_in_doc_comments; Markdown reads a tab as 4).
    end_lazy_continuations(&super::rustdoc_markdown(text).replace('\t', "    "))
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

/// The field's documentation: its description, then what the spec says about defaults,
/// constraints, examples, deprecation and the sources.
fn field_text(f: &Field) -> String {
    let mut out = markdown(&f.description);
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
        facts.push(format!("**Deprecated**: {}", markdown(d.trim())));
    }
    if !facts.is_empty() {
        out.push_str("\n\n");
        out.push_str(&facts.iter().map(|f| format!("- {f}")).collect::<Vec<_>>().join("\n"));
    }
    if let Some(n) = &f.notes {
        out.push_str("\n\n");
        out.push_str(&markdown(&wrap(&format!("Note on the sources: {n}"), 88)));
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
fn constraint_doc(c: &Constraint) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Scalar, Type};

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
        assert_eq!(markdown("5 - 50.\t."), "5 - 50.    .");
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
    fn an_example_is_documented_unless_empty_or_with_a_backtick() {
        let with = |example: &str| Field {
            example: Some(example.to_owned()),
            ..crate::emit::test_ir::field("Name", Type::Scalar(Scalar::String))
        };
        assert_eq!(field_text(&with("abc")), "\n\n- Example: `abc`.");
        assert_eq!(field_text(&with("a\nb")), "\n\n- Example: `a\\nb`.");
        assert_eq!(field_text(&with("")), "");
        assert_eq!(field_text(&with("a`b")), "");
    }
}
