//! `--output table`: scalars as `name  value` rows, lists of objects as aligned tables.

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
                sections.push(format!("{key}:\n{}", grid(items)));
            }
            _ => rows.push(vec![key.clone(), cell(v)]),
        }
    }
    let mut out = aligned(&rows);
    for s in sections {
        out.push('\n');
        out.push_str(&s);
    }
    out.trim_end().to_owned()
}

fn cell(v: &Value) -> String {
    match v {
        // Server text reaches a terminal: no escape sequences, no line breaks.
        Value::String(s) => tencentcloud_runtime::text::printable(&s.replace(['\n', '\r', '\t'], " ")).into_owned(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
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
    let mut rows = vec![columns.clone()];
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
    use super::cell;

    #[test]
    fn server_text_cannot_reach_the_terminal_as_escape_sequences() {
        let text = cell(&serde_json::json!("red\u{1b}[31m\nbell\u{7}"));
        assert!(!text.chars().any(char::is_control), "{text:?}");
        assert!(text.starts_with("red"), "{text:?}");
    }
}
