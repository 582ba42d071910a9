//! Characters that reorder what a reader sees (right-to-left overrides and the like):
//! refused in names and escaped in every generated file, whatever stage the text
//! comes through (spec loading, import, emission).

use std::borrow::Cow;

/// The characters that change the order text is shown in: the embeddings, overrides and
/// isolates (U+202A-U+202E, U+2066-U+2069), which rustc refuses in comments and string
/// literals (its deny-by-default `text_direction_codepoint_in_comment` and
/// `..._in_literal` lints), and the marks (U+200E, U+200F, U+061C).
pub const TEXT_DIRECTION_CONTROLS: [char; 12] = [
    '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
    '\u{200E}', '\u{200F}', '\u{061C}',
];

/// `text` with each of the [`TEXT_DIRECTION_CONTROLS`] written as its Rust escape
/// (`\u{202e}`), so that no generated file reorders what its reader sees (imported
/// documentation with a right-to-left override would otherwise show `admin` as
/// `nimda`, and make the crate fail to compile). Applied to every generated Rust file
/// ([`crate::emit::rust::format_file`]: doc comments show the escape as text, a string
/// literal holding one means the same character) and to the README and crate
/// documentation the templates render. Borrowed when there is none.
pub fn escape_text_direction(text: &str) -> Cow<'_, str> {
    if !text.contains(TEXT_DIRECTION_CONTROLS) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if TEXT_DIRECTION_CONTROLS.contains(&c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_direction_controls_are_escaped_and_nothing_else() {
        let all: String = TEXT_DIRECTION_CONTROLS.iter().collect();
        assert_eq!(
            escape_text_direction(&format!("user \u{202E}nimda\u{202C} é {all}")),
            "user \\u{202e}nimda\\u{202c} é \\u{202a}\\u{202b}\\u{202c}\\u{202d}\\u{202e}\\u{2066}\\u{2067}\\u{2068}\\u{2069}\\u{200e}\\u{200f}\\u{61c}"
        );
        let plain = "名前 x² \u{2028} text";
        assert!(matches!(escape_text_direction(plain), std::borrow::Cow::Borrowed(t) if t == plain));
    }
}
