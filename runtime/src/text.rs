//! Server text made safe to print: a code or message sent by a server can hold terminal
//! escapes (`ESC [ ...`), carriage returns, newlines or bidirectional overrides that would
//! forge output on a terminal or extra lines in a log. [`printable`] escapes them.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether `c` could change how the text around it is displayed.
fn unsafe_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// `text` with every control character (and Unicode direction override) escaped as
/// `\n`, `\r`, `\t` or `\u{..}`; borrowed unchanged when there is none.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if unsafe_char(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::printable;

    #[test]
    fn escapes_what_could_forge_output() {
        assert_eq!(printable("plain text: ok"), "plain text: ok");
        assert!(matches!(printable("plain"), std::borrow::Cow::Borrowed(_)));
        assert_eq!(printable("\u{1b}[31mred\u{1b}[0m"), "\\u{1b}[31mred\\u{1b}[0m");
        assert_eq!(printable("a\nb\r\tc"), "a\\nb\\r\\tc");
        assert_eq!(printable("x\u{202E}y\u{7f}"), "x\\u{202e}y\\u{7f}");
        assert_eq!(printable("émoji ✓ 中文"), "émoji ✓ 中文");
    }
}
