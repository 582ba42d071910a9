//! Line-level Markdown structure: indentation, list markers, headings, rules, tables.

/// Columns taken by leading whitespace (a tab goes to the next multiple of 4).
pub(super) fn indent_width(ws: &str) -> usize {
    ws.chars().fold(0, |w, c| if c == '\t' { w + 4 - w % 4 } else { w + 1 })
}

/// `line` without up to `cols` columns of leading spaces and tabs.
pub(super) fn strip_columns(line: &str, cols: usize) -> &str {
    let mut width = 0;
    for (k, c) in line.char_indices() {
        if width >= cols || !matches!(c, ' ' | '\t') {
            return &line[k..];
        }
        width = if c == '\t' { width + 4 - width % 4 } else { width + 1 };
    }
    ""
}

/// The length of a list marker (`-`, `+`, `*`, `1.`, `1)`) followed by whitespace or
/// the end at the start of `s`.
pub(super) fn list_marker_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let len = match b.first()? {
        b'-' | b'+' | b'*' => 1,
        c if c.is_ascii_digit() => {
            let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
            if digits > 9 || !matches!(b.get(digits), Some(b'.' | b')')) {
                return None;
            }
            digits + 1
        }
        _ => return None,
    };
    matches!(b.get(len), None | Some(b' ' | b'\t')).then_some(len)
}

/// A prose line made safe: no trailing whitespace, at most 3 columns of indentation, and
/// one space after list and quote markers, so no indented code block can start.
pub(super) fn normalize_line(line: &str) -> String {
    let line = line.trim_end();
    let body = line.trim_start_matches([' ', '\t']);
    let mut out = String::with_capacity(line.len());
    out.extend(std::iter::repeat_n(' ', indent_width(&line[..line.len() - body.len()]).min(3)));
    let mut rest = body;
    if let Some(comparison) = rest.strip_prefix(">=") {
        // A comparison, not a quote.
        out.push_str("\\>=");
        rest = comparison;
    }
    loop {
        let marker = if rest.starts_with('>') { Some(1) } else { list_marker_len(rest) };
        let Some(len) = marker else { break };
        out.push_str(&rest[..len]);
        let after = rest[len..].trim_start_matches([' ', '\t']);
        if after.len() < rest.len() - len && !after.is_empty() {
            out.push(' ');
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// A line of only `=` or only `-`: a setext underline after a paragraph line.
pub(super) fn is_setext_underline(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && (t.bytes().all(|b| b == b'=') || t.bytes().all(|b| b == b'-'))
}

/// A thematic break: three or more of one of `-`, `*`, `_`, with spaces.
pub(super) fn is_thematic_break(line: &str) -> bool {
    let t = line.trim();
    [b'-', b'*', b'_']
        .iter()
        .any(|&m| t.bytes().all(|b| b == m || b == b' ' || b == b'\t') && t.bytes().filter(|&b| b == m).count() >= 3)
}

/// Whether `line` starts a block that interrupts a paragraph (so the line before it
/// must not end with a hard break).
pub(super) fn starts_block(line: &str) -> bool {
    let t = line.trim_start();
    t.is_empty()
        || t.starts_with(['>', '#', '|'])
        || t.starts_with("```")
        || t.starts_with("~~~")
        || list_marker_len(t).is_some()
        || is_thematic_break(t)
        || is_setext_underline(t)
}

/// A table delimiter row: `|`, `-`, `:` and spaces, with at least one `|` and one `-`.
pub(super) fn is_delimiter_row(line: &str) -> bool {
    line.contains('|') && line.contains('-') && line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// Whether a hard break (`\`) may end `line`: not a heading, rule, or table row.
pub(super) fn can_end_with_break(line: &str) -> bool {
    let t = line.trim_start();
    !t.starts_with(['#', '|']) && !is_thematic_break(t) && !is_setext_underline(t)
}
