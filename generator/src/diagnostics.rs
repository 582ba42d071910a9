//! Errors in specs, reported as `file:line:col: field: message`.

use std::fmt;

use crate::spec::locate::{Location, Path};

/// One problem in one spec file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, relative to the project root, with `/` separators.
    pub file: String,
    /// Where in the file, when known.
    pub location: Option<Location>,
    /// The field the problem is about (`actions.DescribeUserInfo.input.PageSize`).
    pub field: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    /// One line: control characters of the file, field or message (which may quote a
    /// spec's text) are escaped, so no spec can forge a line of the report.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        one_line(f, &self.file)?;
        if let Some(loc) = self.location {
            write!(f, ":{}:{}", loc.line, loc.col)?;
        }
        f.write_str(": ")?;
        if let Some(field) = &self.field {
            one_line(f, field)?;
            f.write_str(": ")?;
        }
        one_line(f, &self.message)
    }
}

/// Shows outside text on one line of a report: its control characters escaped (`\n`,
/// `\u{1b}`), as in every [`Diagnostic`].
pub struct OneLine<'a>(pub &'a str);

impl fmt::Display for OneLine<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        one_line(f, self.0)
    }
}

/// Writes `text` with its control characters and text-direction controls escaped
/// (`\n`, `\u{1b}`, `\u{202e}`): a terminal shows neither raw.
fn one_line(f: &mut fmt::Formatter<'_>, text: &str) -> fmt::Result {
    for c in text.chars() {
        if c.is_control() || crate::text_direction::TEXT_DIRECTION_CONTROLS.contains(&c) {
            write!(f, "{}", c.escape_debug())?;
        } else {
            fmt::Write::write_char(f, c)?;
        }
    }
    Ok(())
}

/// Every problem found; reported together so one run shows them all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// True when nothing is wrong.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "error: {d}")?;
        }
        write!(f, "{} error(s) in spec", self.0.len())
    }
}

impl std::error::Error for Diagnostics {}

/// Collects diagnostics for one file, locating each path through the file's index.
pub struct Reporter<'a> {
    file: &'a str,
    locator: &'a crate::spec::locate::Locator,
    overlay: Option<(&'a str, &'a crate::spec::locate::Locator)>,
    out: &'a mut Vec<Diagnostic>,
}

impl<'a> Reporter<'a> {
    /// A reporter for `file`, whose paths `locator` resolves.
    pub fn new(file: &'a str, locator: &'a crate::spec::locate::Locator, out: &'a mut Vec<Diagnostic>) -> Self {
        Reporter { file, locator, overlay: None, out }
    }

    /// Also locates paths in an overlay file: a problem is reported in whichever file
    /// states the path more precisely, the overlay when both do (its value replaced the
    /// spec's).
    pub fn with_overlay(mut self, file: &'a str, locator: &'a crate::spec::locate::Locator) -> Self {
        self.overlay = Some((file, locator));
        self
    }

    /// Records that the value at `path` is wrong.
    pub fn error(&mut self, path: &Path, message: impl Into<String>) {
        let mut file = self.file;
        let mut location = self.locator.find_depth(path);
        if let Some((overlay_file, overlay)) = self.overlay {
            if let Some(found) = overlay.find_depth(path) {
                if found.1 >= location.map_or(0, |l| l.1) {
                    file = overlay_file;
                    location = Some(found);
                }
            }
        }
        self.out.push(Diagnostic {
            file: file.to_owned(),
            location: location.map(|l| l.0),
            field: Some(path.to_string()),
            message: message.into(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diagnostic_is_one_line_whatever_it_quotes() {
        let d = Diagnostic {
            file: "spec/a\nb/v1.yaml".into(),
            location: Some(Location { line: 3, col: 1 }),
            field: Some("models.X\rY".into()),
            message: "unknown type `A\nerror: forged`\u{1b}[2J \u{202e}nimda".into(),
        };
        let shown = d.to_string();
        assert_eq!(shown.lines().count(), 1, "{shown}");
        assert_eq!(
            shown,
            "spec/a\\nb/v1.yaml:3:1: models.X\\rY: unknown type `A\\nerror: forged`\\u{1b}[2J \\u{202e}nimda"
        );
    }
}
