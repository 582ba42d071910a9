//! `--output table`: scalars as `name  value` rows, lists of objects as aligned tables.
//! Nested objects are flattened into dotted names (`Placement.Zone`), lists of scalars
//! joined with `, `, and a list of objects inside a row gets a table of its own after
//! its parent's, named by its path (`InstanceSet[0].DataDisks`): a result as nested as
//! `DescribeInstances` stays readable instead of one wide row of inline JSON. Every name
//! and cell is one line of escaped text ([`one_line`]).

use serde_json::{Map, Value};

/// How deep nested objects are flattened into dotted names; deeper ones are a JSON cell.
const MAX_DEPTH: usize = 4;

/// The output as text tables.
pub fn render(value: &Value) -> String {
    let Value::Object(map) = value else {
        return cell(value);
    };
    let mut row = Vec::new();
    let mut sections = Vec::new();
    flatten(map, "", "", 0, &mut row, &mut sections);
    let rows: Vec<Vec<String>> = row.into_iter().map(|(name, v)| vec![one_line(&name), cell(&v)]).collect();
    let mut out = aligned(&rows);
    for (name, items) in sections {
        out.push('\n');
        out.push_str(&table(&name, items));
    }
    out.trim_end().to_owned()
}

/// The members of `map` as `(dotted name, value)` cells, nested objects flattened
/// (`prefix` is the dotted name so far); lists of objects go to `sections`, named by
/// their path (`path`: the path of `map` itself, with list indices).
fn flatten<'a>(
    map: &'a Map<String, Value>,
    prefix: &str,
    path: &str,
    depth: usize,
    row: &mut Vec<(String, Value)>,
    sections: &mut Vec<(String, &'a [Value])>,
) {
    for (key, v) in map {
        let name = format!("{prefix}{key}");
        let at = format!("{path}{key}");
        match v {
            Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_object) => {
                sections.push((at, items.as_slice()));
            }
            Value::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
                let joined: Vec<String> = items.iter().map(cell).collect();
                row.push((name, Value::String(joined.join(", "))));
            }
            Value::Object(inner) if depth < MAX_DEPTH && !inner.is_empty() => {
                flatten(inner, &format!("{name}."), &format!("{at}."), depth + 1, row, sections);
            }
            _ => row.push((name, v.clone())),
        }
    }
}

/// A list of objects as a table under its `name`, then the tables of the lists of
/// objects its items hold.
fn table(name: &str, items: &[Value]) -> String {
    let mut columns: Vec<String> = Vec::new();
    let mut rows: Vec<Vec<(String, Value)>> = Vec::new();
    let mut sections = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let mut row = Vec::new();
        if let Value::Object(m) = item {
            flatten(m, "", &format!("{name}[{index}]."), 0, &mut row, &mut sections);
        }
        for (column, _) in &row {
            if !columns.contains(column) {
                columns.push(column.clone());
            }
        }
        rows.push(row);
    }
    let mut grid = vec![columns.iter().map(|c| one_line(c)).collect::<Vec<_>>()];
    for row in &rows {
        grid.push(
            columns
                .iter()
                .map(|c| row.iter().find(|(name, _)| name == c).map(|(_, v)| cell(v)).unwrap_or_default())
                .collect(),
        );
    }
    let mut out = format!("{}:\n{}", one_line(name), aligned(&grid));
    for (inner, items) in sections {
        out.push('\n');
        out.push_str(&table(&inner, items));
    }
    out
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
    fn nested_results_stay_readable() {
        let value = serde_json::json!({
            "TotalCount": 2,
            "InstanceSet": [
                {"InstanceId": "ins-1", "Placement": {"Zone": "ap-guangzhou-3", "ProjectId": 0},
                 "PrivateIpAddresses": ["10.0.0.1", "10.0.0.2"],
                 "DataDisks": [{"DiskId": "disk-1", "DiskSize": 50}, {"DiskId": "disk-2", "DiskSize": 100}]},
                {"InstanceId": "ins-2", "Placement": {"Zone": "ap-guangzhou-4", "ProjectId": 0},
                 "PrivateIpAddresses": [], "DataDisks": []},
            ],
            "RequestId": "r",
        });
        let text = render(&value);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines.iter().all(|l| !l.contains('{')), "no inline JSON: {text}");
        let header = lines.iter().find(|l| l.starts_with("InstanceId")).expect("a header row");
        assert!(header.contains("Placement.Zone") && header.contains("PrivateIpAddresses"), "{header}");
        assert!(lines.iter().any(|l| l.starts_with("ins-1") && l.contains("10.0.0.1, 10.0.0.2")), "{text}");
        let disks = lines.iter().position(|l| *l == "InstanceSet[0].DataDisks:").expect("the disks' own table");
        assert!(lines[disks + 2].starts_with("disk-1") && lines[disks + 3].starts_with("disk-2"), "{text}");
        assert!(lines[disks + 1].starts_with("DiskId"), "{text}");
    }

    #[test]
    fn server_text_cannot_reach_the_terminal_as_escape_sequences() {
        let text = cell(&serde_json::json!("red\u{1b}[31m\nbell\u{7}"));
        assert!(!text.chars().any(char::is_control), "{text:?}");
        assert!(text.starts_with("red"), "{text:?}");
    }
}
