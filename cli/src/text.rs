//! `--output text`: tab-separated values for scripts, as `tccli --output text` prints
//! them. A scalar is a line; a list of scalars is one line; an object's scalar members
//! make one line, then each of its lists and objects follows; a list of lists or
//! objects is one line (or block) per item.
//!
//! Every value is escaped on its own ([`printable`]), so that a tab or a line break in
//! server text is shown as `\t` or `\n` and cannot make a column or a row: the tabs and
//! line breaks of the output are only those put between values here.

use serde_json::Value;
use tencentcloud_runtime::text::printable;

/// The rows of `value`, each a list of escaped cells.
pub fn rows(value: &Value) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    collect(value, &mut out);
    out
}

/// The rows joined: cells by tabs, rows by line breaks (one after each).
pub fn render(rows: &[Vec<String>]) -> String {
    rows.iter().map(|row| format!("{}\n", row.join("\t"))).collect()
}

/// Appends the rows of `value` to `out`.
fn collect(value: &Value, out: &mut Vec<Vec<String>>) {
    match value {
        Value::Array(items) if items.iter().all(is_scalar) => out.push(items.iter().map(cell).collect()),
        Value::Array(items) => items.iter().for_each(|item| collect(item, out)),
        Value::Object(map) => {
            let scalars: Vec<String> = map.values().filter(|v| is_scalar(v)).map(cell).collect();
            if !scalars.is_empty() {
                out.push(scalars);
            }
            map.values().filter(|v| !is_scalar(v)).for_each(|v| collect(v, out));
        }
        scalar => out.push(vec![cell(scalar)]),
    }
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Array(_) | Value::Object(_))
}

/// A scalar as a cell: text as it is (escaped), `None` for null as tccli prints it,
/// anything else as JSON.
fn cell(value: &Value) -> String {
    match value {
        Value::String(s) => printable(s).into_owned(),
        Value::Null => "None".to_owned(),
        other => printable(&other.to_string()).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn shapes_become_rows() {
        assert_eq!(render(&rows(&json!("a"))), "a\n");
        assert_eq!(render(&rows(&json!(["a", 1, null]))), "a\t1\tNone\n");
        assert_eq!(render(&rows(&json!([["a", 1], ["b", 2]]))), "a\t1\nb\t2\n");
        assert_eq!(render(&rows(&json!({"N": 2, "L": [{"X": "x"}, {"X": "y"}], "R": "r"}))), "2\tr\nx\ny\n");
        assert_eq!(render(&rows(&json!("tab\there"))), "tab\\there\n");
    }
}
