//! Text preparation: HTML and Markdown markers removed, lines cut into sentences.

use regex::Captures;

use super::phrases::TAG;

pub(super) fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303f}'   // CJK symbols and punctuation
        | '\u{3040}'..='\u{30ff}' // kana
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{ac00}'..='\u{d7af}' // hangul
        | '\u{f900}'..='\u{faff}'
        | '\u{ff00}'..='\u{ffef}' // full-width forms
        | '\u{20000}'..='\u{2ffff}')
}

/// Block tags become line breaks, `<code>` a backtick, other tags nothing; entities, bold
/// markers and odd spaces go.
pub(super) fn normalize(doc: &str) -> String {
    let text = TAG.replace_all(doc, |c: &Captures<'_>| {
        let name = c.name("name").map_or(String::new(), |m| m.as_str().to_ascii_lowercase());
        let opening = !c.get(0).is_some_and(|m| m.as_str().starts_with("</"));
        match name.as_str() {
            "code" => "`",
            // A list item starts a line marked as one (see [`ITEM_MARK`]).
            "li" if opening => "\n\u{1} ",
            "b" | "strong" | "i" | "em" | "span" | "a" | "font" | "sup" | "sub" | "u" => "",
            _ => "\n",
        }
    });
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
        .replace("**", "")
        .replace(['\u{a0}', '\t'], " ")
        .replace('\r', "\n")
}

/// What [`normalize`] puts at the start of a line that was a list item (`<li>`): an ASCII
/// control character, so that texts without other non-ASCII characters stay ASCII (the
/// regular expressions' fast engines need that for Unicode word boundaries).
pub(super) const ITEM_MARK: &str = "\u{1} ";

/// A line without the mark of a list item [`normalize`] added.
pub(super) fn unmarked(line: &str) -> &str {
    line.strip_prefix(ITEM_MARK).unwrap_or(line)
}

/// Whether a line is an item of a list: `<li>`, or written with `- `, `* `, `• ` or `1. `.
pub(super) fn is_item(line: &str) -> bool {
    let l = line.trim_start();
    l.starts_with(ITEM_MARK)
        || l.starts_with("\u{2022} ")
        || l.starts_with("- ")
        || l.starts_with("* ")
        || l.split_once(['.', ')']).is_some_and(|(n, rest)| {
            !n.is_empty() && n.len() <= 2 && n.chars().all(|c| c.is_ascii_digit()) && rest.starts_with(' ')
        })
}

/// Sentences of a line: cut after `.`, `!` or `?` followed by white space.
pub(super) fn split_line(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev_stop = false;
    for (i, c) in line.char_indices() {
        if prev_stop && c.is_whitespace() {
            out.push(&line[start..i]);
            start = i;
        }
        prev_stop = matches!(c, '.' | '!' | '?');
    }
    out.push(&line[start..]);
    out
}
