//! Server text made safe to print: a code or message sent by a server can hold terminal
//! escapes (`ESC [ ...`), carriage returns, newlines or bidirectional overrides that would
//! forge output on a terminal or extra lines in a log. [`printable`] escapes them;
//! [`printable_lines`] escapes them in text of several lines, or in JSON.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether `c` could change how the text around it is displayed.
fn unsafe_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// How an escaped character is written.
#[derive(Clone, Copy)]
enum Escapes {
    /// Rust's `\u{1b}`.
    Rust,
    /// JSON's `\u001b` (every character escaped is in the Basic Multilingual Plane).
    Json,
}

/// `text` with every control character (and Unicode direction override) escaped as
/// `\n`, `\r`, `\t` or `\u{..}`; borrowed unchanged when there is none.
pub fn printable(text: &str) -> Cow<'_, str> {
    escape(text, false, Escapes::Rust)
}

/// `text` made safe to print on a terminal as lines: the characters [`printable`]
/// escapes are escaped, except the line breaks (`\n`) between lines, and the escapes
/// are JSON's (`\r`, `\t`, `\u009b`), so that a JSON document (whose raw line breaks
/// are all between its tokens) stays valid JSON of the same value. Text escaped once
/// is unchanged by a second pass. Borrowed unchanged when there is nothing to escape.
pub fn printable_lines(text: &str) -> Cow<'_, str> {
    escape(text, true, Escapes::Json)
}

/// `text` with the characters that could forge output escaped in `style`; line breaks
/// kept when `keep_lines`.
fn escape(text: &str, keep_lines: bool, style: Escapes) -> Cow<'_, str> {
    let escaped = |c: char| unsafe_char(c) && !(keep_lines && c == '\n');
    if !text.chars().any(escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if !escaped(c) => out.push(c),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => {
                let _ = match style {
                    Escapes::Rust => write!(out, "\\u{{{:x}}}", c as u32),
                    Escapes::Json => write!(out, "\\u{:04x}", c as u32),
                };
            }
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::{printable, printable_lines};

    #[test]
    fn escapes_what_could_forge_output() {
        assert_eq!(printable("plain text: ok"), "plain text: ok");
        assert!(matches!(printable("plain"), std::borrow::Cow::Borrowed(_)));
        assert_eq!(printable("\u{1b}[31mred\u{1b}[0m"), "\\u{1b}[31mred\\u{1b}[0m");
        assert_eq!(printable("a\nb\r\tc"), "a\\nb\\r\\tc");
        assert_eq!(printable("x\u{202E}y\u{7f}"), "x\\u{202e}y\\u{7f}");
        assert_eq!(printable("émoji ✓ 中文"), "émoji ✓ 中文");
    }

    #[test]
    fn printable_lines_keeps_line_breaks_and_json_valid() {
        assert_eq!(printable_lines("a\nb"), "a\nb");
        assert!(matches!(printable_lines("a\nb"), std::borrow::Cow::Borrowed(_)));
        assert_eq!(printable_lines("\u{9b}2J\r\t\u{202e}\u{7f}\u{1b}"), "\\u009b2J\\r\\t\\u202e\\u007f\\u001b");
        let value = serde_json::json!({"k\u{9b}": ["\\\u{202e}", "\u{2066}\"\u{85}"]});
        let text = serde_json::to_string_pretty(&value).unwrap();
        let safe = printable_lines(&text);
        assert!(!safe.chars().any(|c| c.is_control() && c != '\n'), "{safe}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&safe).unwrap(), value);
        assert_eq!(printable_lines(&safe), safe, "a second pass changes nothing");
    }
}
