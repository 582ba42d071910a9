//! Reads the recorded examples of an imported spec (`tests/fixtures/<service>/v<version>/`,
//! written by `tcgen import`), which each generated crate carries in its own
//! `tests/fixtures/<module>/` so that it packages and tests alone.

use std::io::Read;
use std::path::Path;

use crate::diagnostics::Diagnostic;

/// The largest fixture read (the importer's bound on an input file): a larger one is an
/// error, not a crate of unbounded size.
const MAX_FIXTURE_BYTES: u64 = 64 * 1024 * 1024;

/// One recorded example: its file name (`DescribeUserInfo.1.json`) and JSON text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixtureFile {
    /// The file name, plain (ASCII letters, digits, `.`, `_`, `-`; ends in `.json`).
    pub name: String,
    /// The file's text, as the importer wrote it.
    pub text: String,
}

/// Where the importer writes the examples of `service` version `version`
/// (`2019-07-22`), relative to the project root: `tests/fixtures/trtc/v20190722`.
pub fn fixture_dir(service: &str, version: &str) -> String {
    format!("tests/fixtures/{service}/v{}", version.replace('-', ""))
}

/// The `*.json` files of `root/dir`, sorted by name; none when the directory does not
/// exist. Only regular files are read (a link is not followed), each of at most 64 MiB;
/// a file whose name is not plain, or that is not UTF-8, is an error naming it.
pub fn load_fixtures(root: &Path, dir: &str, errors: &mut Vec<Diagnostic>) -> Vec<FixtureFile> {
    let entries = match std::fs::read_dir(root.join(dir)) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Vec::new(),
        Err(e) => {
            errors.push(error(dir, format!("cannot read the recorded examples: {e}")));
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let os_name = entry.file_name();
        let Some(name) = os_name.to_str() else {
            errors.push(error(
                dir,
                format!("a fixture's name is not UTF-8: {}", os_name.to_string_lossy().escape_debug()),
            ));
            continue;
        };
        if !name.ends_with(".json") {
            continue;
        }
        let file = format!("{dir}/{name}");
        if !is_plain(name) {
            errors.push(error(
                &file.escape_debug().to_string(),
                "a fixture's name is ASCII letters, digits, `.`, `_` and `-`".into(),
            ));
            continue;
        }
        match read_regular(&entry.path()) {
            Ok(text) => out.push(FixtureFile { name: name.to_owned(), text }),
            Err(message) => errors.push(error(&file, message)),
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// A plain file name that is not hidden.
fn is_plain(name: &str) -> bool {
    !name.starts_with('.') && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// The text of `path` when it is a regular file (not a link) of at most 64 MiB of UTF-8.
fn read_regular(path: &Path) -> Result<String, String> {
    let meta = std::fs::symlink_metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    if !meta.file_type().is_file() {
        return Err("not a regular file (links are not followed)".into());
    }
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let mut bytes = Vec::new();
    file.take(MAX_FIXTURE_BYTES + 1).read_to_end(&mut bytes).map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > MAX_FIXTURE_BYTES {
        return Err(format!("larger than {} MiB", MAX_FIXTURE_BYTES / 1024 / 1024));
    }
    String::from_utf8(bytes).map_err(|e| format!("not UTF-8 (byte {})", e.utf8_error().valid_up_to()))
}

fn error(file: &str, message: String) -> Diagnostic {
    Diagnostic { file: file.to_owned(), location: None, field: None, message }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixtures_are_read_sorted_and_only_json() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fixtures = dir.path().join("tests/fixtures/demo/v20200101");
        std::fs::create_dir_all(&fixtures).expect("mkdir");
        std::fs::write(fixtures.join("B.1.json"), "{}").expect("write");
        std::fs::write(fixtures.join("A.1.json"), "{\"a\": 1}").expect("write");
        std::fs::write(fixtures.join("notes.txt"), "x").expect("write");
        let mut errors = Vec::new();
        let got = load_fixtures(dir.path(), &fixture_dir("demo", "2020-01-01"), &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        let names: Vec<_> = got.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["A.1.json", "B.1.json"]);
        assert_eq!(got[0].text, "{\"a\": 1}");
    }

    #[test]
    fn a_missing_directory_has_no_fixtures() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut errors = Vec::new();
        assert!(load_fixtures(dir.path(), "tests/fixtures/none/v20200101", &mut errors).is_empty());
        assert!(errors.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn links_and_odd_names_are_errors_not_copied() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fixtures = dir.path().join("f");
        std::fs::create_dir_all(&fixtures).expect("mkdir");
        std::fs::write(dir.path().join("secret"), "outside").expect("write");
        std::os::unix::fs::symlink(dir.path().join("secret"), fixtures.join("Link.1.json")).expect("link");
        std::fs::write(fixtures.join("a b.json"), "{}").expect("write");
        let mut errors = Vec::new();
        assert!(load_fixtures(dir.path(), "f", &mut errors).is_empty());
        let messages: Vec<_> = errors.iter().map(|e| format!("{}: {}", e.file, e.message)).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("Link.1.json") && m.contains("not a regular file")), "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("a b.json") && m.contains("ASCII")), "{messages:?}");
    }
}
