//! Enumerations written as lists: one value a line, or inline (`A`, `B` and `C`).

use std::sync::LazyLock;

use regex::Regex;

use super::phrases::re;

/// How a line of the text was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LineUse {
    /// Not part of a one-value-a-line enumeration.
    Free,
    /// Ends with the head of such an enumeration ("Valid values:").
    Head,
    /// An item of such an enumeration.
    Item,
}

/// One line of a one-value-a-line enumeration.
pub(super) enum LineItem {
    /// A value, and whether it is marked as the default.
    Value((String, bool)),
    /// A line that ends the list ("Note: ...", "Default value: ...").
    Stop,
    /// "Default: X": the default, or a value named "default"?
    DefaultOrValue(String),
    /// Anything else.
    Other,
}

pub(super) fn line_item(line: &str) -> LineItem {
    static STOP: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?:(?:notes?|description|example|remarks?|warning|caution|tips?|notice|explanation|unit)\s*[:：]|default\s+value\b|this\s+field\b|the\s+default\b|if\b|when\b)",
        )
    });
    static DEFAULT_LINE: LazyLock<Regex> =
        LazyLock::new(|| re(r"(?i)^default\s*[:：]\s*(?:`(?P<bt>[^`]+)`|(?P<bare>[^\s`]+?))\s*\.?\s*$"));
    if STOP.is_match(line) {
        return LineItem::Stop;
    }
    if let Some(v) = DEFAULT_LINE.captures(line).and_then(|c| c.name("bt").or_else(|| c.name("bare"))) {
        return LineItem::DefaultOrValue(v.as_str().to_string());
    }
    let body = ["- ", "* ", "• "].iter().find_map(|b| line.strip_prefix(b)).map_or(line, str::trim_start);
    let Some((value, rest)) = take_token(body) else { return LineItem::Other };
    let rest = rest.trim_start();
    let separated = rest.is_empty() || rest.starts_with([':', '：', '(', ';', '.', ',']) || rest.starts_with("- ");
    if !separated || !token_ok(&value) {
        return LineItem::Other;
    }
    let lower = rest.to_ascii_lowercase();
    let is_default = lower.contains("(default)") || lower.starts_with("(default") || lower.contains("default value)");
    LineItem::Value((value, is_default))
}

/// Whether some values look capitalised only for starting a sentence ("image: ...; Text:
/// ...; svg: ..."): lowercase words next to Capitalised ones make the letter case doubtful.
pub(super) fn sentence_cased(values: &[String]) -> bool {
    let letters = |v: &String| v.chars().filter(|c| c.is_alphabetic()).collect::<Vec<_>>();
    let lower = |v: &String| {
        let l = letters(v);
        !l.is_empty() && l.iter().all(|c| c.is_lowercase())
    };
    let capitalised = |v: &String| {
        let l = letters(v);
        l.len() > 1 && l[0].is_uppercase() && l[1..].iter().all(|c| c.is_lowercase())
    };
    values.iter().any(lower) && values.iter().any(capitalised)
}

/// Whether a value token is a literal rather than a placeholder.
pub(super) fn token_ok(t: &str) -> bool {
    !t.is_empty()
        && t.chars().count() <= 100
        && !t.contains(['<', '>', '{', '}', '$', '…'])
        && !t.contains("...")
        && !t.eq_ignore_ascii_case("xxx")
        && !t.eq_ignore_ascii_case("etc")
}

/// Parses "`A`, `B` (desc), and `C`", or "A: desc; B: desc", up to the end of the
/// sentence; `None` unless the whole rest is such a list. Each value comes with whether it
/// is marked "(default)".
pub(super) fn parse_inline_list(rest: &str) -> Option<Vec<(String, bool)>> {
    parse_plain_list(rest).or_else(|| parse_described_list(rest))
}

/// "A: first; B: second (default)." — every `;`-separated part is a value, a colon and a
/// description without backticks.
pub(super) fn parse_described_list(rest: &str) -> Option<Vec<(String, bool)>> {
    let rest = rest.trim().trim_end_matches(['.', ';']);
    if !rest.contains(';') {
        return None;
    }
    rest.split(';')
        .map(|part| {
            let (token, after) = take_token(part.trim_start())?;
            let desc = after.trim_start().strip_prefix(':')?;
            if !token_ok(&token) || desc.trim().is_empty() || desc.contains('`') {
                return None;
            }
            let d = desc.to_ascii_lowercase();
            Some((token, d.contains("(default)") || d.contains("(default value)")))
        })
        .collect()
}

/// "`A`, `B` (desc), and `C`".
pub(super) fn parse_plain_list(rest: &str) -> Option<Vec<(String, bool)>> {
    let mut s = rest.trim_start();
    let bracket = s.starts_with('[');
    if bracket {
        s = s[1..].trim_start();
    }
    let mut items: Vec<(String, bool)> = Vec::new();
    loop {
        let (token, after) = take_token(s)?;
        if !token_ok(&token) {
            return None;
        }
        s = after.trim_start();
        let mut is_default = false;
        if s.starts_with('(') {
            let (desc, after) = take_paren(s)?;
            let d = desc.trim().to_ascii_lowercase();
            is_default =
                d == "default" || d == "default value" || d.starts_with("default,") || d.starts_with("default;");
            s = after.trim_start();
        }
        items.push((token, is_default));
        // End of the list?
        let mut end = s;
        if bracket {
            match end.strip_prefix(']') {
                Some(e) => end = e,
                None => {
                    if let Some(next) = separator(s) {
                        s = next;
                        continue;
                    }
                    return None;
                }
            }
        }
        if end.trim_matches(|c: char| c.is_whitespace() || c == '.' || c == ';' || c == ',').is_empty() {
            return if items.is_empty() { None } else { Some(items) };
        }
        if bracket {
            return None;
        }
        s = separator(s)?;
    }
}

/// A value at the start of `s`: backticked, quoted or a bare token.
pub(super) fn take_token(s: &str) -> Option<(String, &str)> {
    for (open, close) in [('`', '`'), ('"', '"'), ('\'', '\''), ('“', '”')] {
        if let Some(body) = s.strip_prefix(open) {
            let end = body.find(close)?;
            let token = &body[..end];
            if token.is_empty() || token.chars().any(char::is_whitespace) {
                return None;
            }
            return Some((token.to_string(), &body[end + close.len_utf8()..]));
        }
    }
    let len: usize = s
        .char_indices()
        .take_while(|&(i, c)| {
            if i == 0 {
                c.is_ascii_alphanumeric() || c == '_'
            } else {
                c.is_ascii_alphanumeric() || "_.:/+-".contains(c)
            }
        })
        .map(|(_, c)| c.len_utf8())
        .sum();
    if len == 0 {
        return None;
    }
    let token = s[..len].trim_end_matches(['.', ':']);
    if token.is_empty() || matches!(token.to_ascii_lowercase().as_str(), "and" | "or") {
        return None;
    }
    Some((token.to_string(), &s[token.len()..]))
}

/// A parenthesised description at the start of `s` (nesting allowed, no backticks).
pub(super) fn take_paren(s: &str) -> Option<(&str, &str)> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some((&s[1..i], &s[i + 1..]));
                }
            }
            '`' => return None,
            _ => {}
        }
        if i > 300 {
            return None;
        }
    }
    None
}

/// A separator between values: `,` `;` `/` `|` (optionally followed by and/or), or and/or.
pub(super) fn separator(s: &str) -> Option<&str> {
    let mut t = s.trim_start();
    let mut any = false;
    if let Some(c) = t.chars().next() {
        if matches!(c, ',' | ';' | '/' | '|' | '、') {
            t = t[c.len_utf8()..].trim_start();
            any = true;
        }
    }
    for word in ["and ", "or "] {
        if t.len() >= word.len() && t.is_char_boundary(word.len()) && t[..word.len()].eq_ignore_ascii_case(word) {
            t = t[word.len()..].trim_start();
            any = true;
            break;
        }
    }
    if any {
        Some(t)
    } else {
        None
    }
}
