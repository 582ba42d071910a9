//! `--output table`: scalars as `name  value` rows, lists of objects as aligned tables.
//! Every name and cell is one line of escaped text ([`one_line`]).

use serde_json::Value;

/// The output as text tables.
pub fn render(value: &Value) -> String {
    let Value::Object(map) = value else {
        return cell(value);
    };
    let mut rows = Vec::new();
    let mut sections = Vec::new();
    for (key, v) in map {
        match v {
            Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_object) => {
                sections.push(format!("{}:\n{}", one_line(key), grid(items)));
            }
            _ => rows.push(vec![one_line(key), cell(v)]),
        }
    }
    let mut out = aligned(&rows);
    for s in sections {
        out.push('\n');
        out.push_str(&s);
    }
    out.trim_end().to_owned()
}

/// A value as a cell: text as it is, other scalars, objects and lists as JSON.
fn cell(v: &Value) -> String {
    match v {
        Value::String(s) => one_line(s),
        Value::Null => String::new(),
        other => one_line(&other.to_string()),
    }
}

/// Server text as one line of a table: line breaks and tabs as spaces, and nothing that
/// could forge output on a terminal (the crate's one escaping function).
fn one_line(text: &str) -> String {
    tencentcloud_runtime::text::printable_lines(&text.replace(['\n', '\r', '\t'], " ")).into_owned()
}

fn grid(items: &[Value]) -> String {
    let mut columns: Vec<String> = Vec::new();
    for item in items {
        if let Value::Object(m) = item {
            for k in m.keys() {
                if !columns.contains(k) {
                    columns.push(k.clone());
                }
            }
        }
    }
    let mut rows = vec![columns.iter().map(|c| one_line(c)).collect()];
    for item in items {
        rows.push(columns.iter().map(|c| item.get(c).map(cell).unwrap_or_default()).collect());
    }
    aligned(&rows)
}

fn aligned(rows: &[Vec<String>]) -> String {
    let n = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> =
        (0..n).map(|i| rows.iter().filter_map(|r| r.get(i)).map(|c| c.chars().count()).max().unwrap_or(0)).collect();
    let mut out = String::new();
    for row in rows {
        let line: Vec<String> = row.iter().zip(&widths).map(|(c, w)| format!("{c:<w$}")).collect();
        out.push_str(line.join(" | ").trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{cell, render};

    /// Whether `text` holds a character that could change how a terminal shows it.
    fn forges(text: &str) -> bool {
        text.chars()
            .any(|c| (c.is_control() && c != '\n') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
    }

    #[test]
    fn nested_cells_and_names_cannot_reach_the_terminal_raw() {
        let value = serde_json::json!({
            "List": ["a\u{9b}31m", "\u{202e}b"],
            "Obj": {"k\u{9b}": "\u{2066}v"},
            "Name\u{9b}": "x",
            "Items": [{"Tags": ["t\u{9b}"], "Inner": {"k": "\u{202e}"}, "Col\u{202e}\n": 1}],
        });
        let text = render(&value);
        assert!(!forges(&text), "{text:?}");
        assert!(text.contains("a\\u009b31m") && text.contains("Name\\u009b"), "{text}");
        assert_eq!(text.lines().count(), 7, "one line a row, a blank line before a table: {text}");
    }

    #[test]
    fn server_text_cannot_reach_the_terminal_as_escape_sequences() {
        let text = cell(&serde_json::json!("red\u{1b}[31m\nbell\u{7}"));
        assert!(!text.chars().any(char::is_control), "{text:?}");
        assert!(text.starts_with("red"), "{text:?}");
    }
}
