//! Tencent's `errorcodes.py`: one code per constant, each after an English comment.
//!
//! ```text
//! # The number of users exceeds 6.
//! INVALIDPARAMETER_USERIDSMORETHANSIX = 'InvalidParameter.UserIdsMorethanSix'
//! ```
//!
//! The file is read as text, never run.

use indexmap::IndexMap;

/// The codes of the file in file order, each with its description (the comment lines
/// right above it, joined; the code itself when there is none).
pub fn parse(text: &str) -> Result<IndexMap<String, String>, String> {
    let mut out = IndexMap::new();
    let mut comment: Vec<String> = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() {
            comment.clear();
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            let c = c.trim();
            if !c.is_empty() && !c.starts_with("-*-") {
                comment.push(c.to_owned());
            }
            continue;
        }
        let Some((name, value)) = line.split_once('=') else {
            return Err(format!("line {}: expected `NAME = 'Code'`", n + 1));
        };
        let name = name.trim();
        let value = value.trim();
        let code = value
            .strip_prefix('\'')
            .and_then(|v| v.strip_suffix('\''))
            .or_else(|| value.strip_prefix('"').and_then(|v| v.strip_suffix('"')))
            .ok_or_else(|| format!("line {}: `{name}` is not assigned a quoted code", n + 1))?;
        if !crate::naming::is_error_code(code) {
            return Err(format!("line {}: `{code}` is not an error code", n + 1));
        }
        let doc = if comment.is_empty() { code.to_owned() } else { comment.join(" ") };
        out.insert(code.to_owned(), doc);
        comment.clear();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_codes_with_their_comments() {
        let text = "# -*- coding: utf8 -*-\n# Copyright\n\n\n# CAM signature/authentication error.\nAUTHFAILURE = 'AuthFailure'\n\n# Two\n# lines.\nA_B = \"A.B\"\n\nNODOC = 'NoDoc'\n";
        let codes = parse(text).unwrap();
        assert_eq!(
            codes.into_iter().collect::<Vec<_>>(),
            vec![
                ("AuthFailure".to_owned(), "CAM signature/authentication error.".to_owned()),
                ("A.B".to_owned(), "Two lines.".to_owned()),
                ("NoDoc".to_owned(), "NoDoc".to_owned()),
            ]
        );
    }

    #[test]
    fn refuses_what_is_not_a_code_table() {
        assert!(parse("import os\n").unwrap_err().contains("line 1"));
        assert!(parse("X = os.environ\n").unwrap_err().contains("quoted"));
        assert!(parse("X = 'not a code'\n").unwrap_err().contains("not an error code"));
    }
}
