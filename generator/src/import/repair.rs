//! The one repair the importer makes to an official example's JSON: a comma missing at
//! the end of a line, between two members or items.
//!
//! In the English edition, many examples had string values translated after the fact,
//! and the translated lines lost their trailing comma (`"Name": "Ops scenario"` followed
//! by `"CreatedBy": ...` on the next line, the only defect of the example). What the
//! example means is not in doubt, so the comma is put back and the fixture says so
//! (`repaired`); any other defect, or a missing comma within one line, leaves the
//! example as it is (not JSON, and marked).

use serde_json::Value;

/// The most commas put back in one example: each needs a parse of the text, and a
/// larger count is not the defect described above.
const MAX_REPAIRS: usize = 64;

/// The largest text repaired (the largest official example is about 200 KB).
const MAX_REPAIR_BYTES: usize = 1 << 20;

/// `text` parsed as JSON; when it parses only after putting back commas missing at line
/// ends, the value and how many were put back (0 when it parsed as it is). The error is
/// the one of the text as it is.
pub fn parse_json_putting_back_commas(text: &str) -> Result<(Value, usize), serde_json::Error> {
    let first = match serde_json::from_str::<Value>(text) {
        Ok(v) => return Ok((v, 0)),
        Err(e) => e,
    };
    if text.len() > MAX_REPAIR_BYTES {
        return Err(first);
    }
    let mut fixed = text.to_owned();
    let mut error = first;
    for repairs in 1..=MAX_REPAIRS {
        let Some(at) = missing_comma_at(&fixed, &error) else { break };
        fixed.insert(at, ',');
        match serde_json::from_str::<Value>(&fixed) {
            Ok(v) => return Ok((v, repairs)),
            Err(e) => error = e,
        }
    }
    serde_json::from_str::<Value>(text).map(|v| (v, 0))
}

/// Where a comma goes when `error` is "expected `,` or `}`" (or `]`) at the start of a
/// member or item that begins a line after a complete value: just after that value.
fn missing_comma_at(text: &str, error: &serde_json::Error) -> Option<usize> {
    let message = error.to_string();
    if !(message.starts_with("expected `,` or `}`") || message.starts_with("expected `,` or `]`")) {
        return None;
    }
    let at = byte_offset(text, error.line(), error.column())?;
    let next = text.as_bytes().get(at)?;
    if !matches!(next, b'"' | b'{' | b'[' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n') {
        return None;
    }
    let before = &text[..at];
    let end = before.trim_end().len();
    // Only across a line break: a value, then a new line that starts the next one.
    if !before[end..].contains('\n') {
        return None;
    }
    let last = *text.as_bytes().get(end.checked_sub(1)?)?;
    matches!(last, b'"' | b'}' | b']' | b'0'..=b'9' | b'e' | b'l').then_some(end)
}

/// The byte offset of serde_json's 1-based `line` and `column` (which counts bytes; 0
/// when the error is at the line's end).
fn byte_offset(text: &str, line: usize, column: usize) -> Option<usize> {
    let start = if line <= 1 { 0 } else { text.match_indices('\n').nth(line - 2).map(|(i, _)| i + 1)? };
    let at = start + column.checked_sub(1)?;
    (at < text.len() && text.is_char_boundary(at)).then_some(at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn commas_lost_at_line_ends_are_put_back() {
        let text = "{\n  \"Response\": {\n    \"SceneId\": \"sc-1\",\n\"SceneName\": \"Ops scenario\"\n    \"Count\": 2\n    \"Tags\": [\n      \"a\"\n      \"b\"\n    ]\n    \"Ok\": true\n    \"RequestId\": \"r\"\n  }\n}";
        let (value, repairs) = parse_json_putting_back_commas(text).expect("repaired");
        assert_eq!(repairs, 5);
        assert_eq!(
            value,
            json!({"Response": {"SceneId": "sc-1", "SceneName": "Ops scenario", "Count": 2, "Tags": ["a", "b"], "Ok": true, "RequestId": "r"}})
        );
    }

    #[test]
    fn valid_json_is_not_touched() {
        assert_eq!(parse_json_putting_back_commas("{\"a\": [1, 2]}").expect("json"), (json!({"a": [1, 2]}), 0));
    }

    #[test]
    fn other_defects_stay_errors_as_they_were() {
        for text in [
            // A missing comma within one line is not the translation defect.
            "{\"a\": 1 \"b\": 2}",
            // Text that is not a value at all.
            "{\n  \"a\": [\nsome words\n  ]\n}",
            // A key without its opening quote.
            "{\n  \"a\": 1,\n  b\": 2\n}",
            // A comma would not be enough: an unquoted word after the line break.
            "{\n  \"a\": 1\n  b: 2\n}",
        ] {
            let original = serde_json::from_str::<Value>(text).expect_err(text).to_string();
            let got = parse_json_putting_back_commas(text).expect_err(text).to_string();
            assert_eq!(got, original, "{text}");
        }
    }

    #[test]
    fn repairs_are_bounded() {
        // n items on their own lines need n - 1 commas.
        let items = |n: usize| format!("[\n{}]", (0..n).map(|i| format!("{i}\n")).collect::<String>());
        assert_eq!(parse_json_putting_back_commas(&items(MAX_REPAIRS + 1)).expect("at the bound").1, MAX_REPAIRS);
        assert!(parse_json_putting_back_commas(&items(MAX_REPAIRS + 2)).is_err());
    }
}
