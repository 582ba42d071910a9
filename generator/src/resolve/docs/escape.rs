//! Code and text escaping: code spans, HTML entities, Markdown's special characters.

use super::html::{parse_tag, tag_kind, Kind};
use std::borrow::Cow;

/// Text of `<code>` or `<pre>`: tags dropped (`<br>` and block tags as newlines), entities decoded.
pub(super) fn code_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while let Some(p) = s[i..].find('<') {
        let at = i + p;
        out.push_str(&s[i..at]);
        match parse_tag(&s[at..]).and_then(|t| tag_kind(&t.name).map(|k| (k, t.len))) {
            Some((kind, len)) => {
                if matches!(kind, Kind::Break | Kind::Paragraph | Kind::Block | Kind::Item | Kind::List(_)) {
                    out.push('\n');
                }
                i = at + len;
            }
            None => {
                out.push('<');
                i = at + 1;
            }
        }
    }
    out.push_str(&s[i..]);
    decode_entities(&out).into_owned()
}

/// `s` with HTML character references decoded (unknown ones kept).
pub(super) fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return s.into();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let window = &rest.as_bytes()[1..rest.len().min(12)];
        let decoded = window.iter().position(|&b| b == b';').and_then(|q| entity(&rest[1..1 + q]).map(|c| (c, q)));
        match decoded {
            Some((c, q)) => {
                out.push(c);
                rest = &rest[q + 2..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out.into()
}

/// The character of an entity name (`lt`, `#60`, `#x3C`), for the common named ones.
pub(super) fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| *c != '\0');
    }
    Some(match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
        "hellip" => '…',
        "mdash" => '—',
        "ndash" => '–',
        "middot" => '·',
        "bull" => '•',
        "times" => '×',
        "divide" => '÷',
        "plusmn" => '±',
        "le" => '≤',
        "ge" => '≥',
        "ne" => '≠',
        "deg" => '°',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "laquo" => '«',
        "raquo" => '»',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        _ => return None,
    })
}

/// A code span holding `code` (one line), with enough backticks around it.
pub(super) fn code_span(code: &str) -> String {
    let fence = "`".repeat(longest_run(code, '`') + 1);
    let pad = if code.starts_with('`') || code.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{code}{pad}{fence}")
}

/// Text shown as is inside a link: brackets, backticks and backslashes escaped.
pub(super) fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '[' | ']' | '`' | '\\' | '*' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            _ => out.push(c),
        }
    }
    out
}

/// The length of the longest run of `ch` in `s`.
pub(super) fn longest_run(s: &str, ch: char) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for c in s.chars() {
        run = if c == ch { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

/// The length of the run of `b` starting at `start`.
pub(super) fn run_len(bytes: &[u8], start: usize, b: u8) -> usize {
    bytes[start..].iter().take_while(|&&c| c == b).count()
}
