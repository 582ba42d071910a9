//! What an import takes from outside, made safe before use: the names of `api.json`
//! (checked before they reach a path or a message), the catalogue files (only regular
//! files of bounded size are read, no link is followed), the paths written (proved to
//! stay under the project root), and every outside text shown in a message (escaped).

use std::fs::{self, File, Metadata};
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use crate::diagnostics::{OneLine, Reporter};
use crate::spec::locate::Path as SpecPath;
use crate::spec::model::ServiceFile;

/// The largest catalogue file (`api.json`, `examples.json`, `errorcodes.py`,
/// `PROVENANCE`) an import reads: 64 MiB. The largest of the English catalogue
/// (tccli-intl-en 3.1.193.1) is csip's `api.json`, 3.8 MB (its largest `examples.json`,
/// also csip's, is 0.9 MB), so the bound leaves room for sixteen times that.
pub const MAX_SOURCE_BYTES: u64 = 64 * 1024 * 1024;

/// The longest action, object or member name an import takes: 128 characters (the
/// English catalogue's longest is 62), so that `<Action>.<n>.json` is a file name
/// on every file system.
pub const MAX_NAME_CHARS: usize = 128;

/// The rule [`is_api_name`] applies, as messages state it.
const API_NAME_RULE: &str = "a name of at most 128 characters with no white space, control or text-direction \
                             character, `\"`, `/` or `\\`, not starting with `.`";

/// Outside text (a name, a path, a parser's message) as the importer's messages show
/// it: on one line, control characters escaped as in every diagnostic
/// ([`OneLine`]). Every outside text of an import message goes through here.
pub fn shown(text: &str) -> String {
    OneLine(text).to_string()
}

/// A path as the importer's messages show it ([`shown`]).
pub fn shown_path(path: &Path) -> String {
    shown(&path.display().to_string())
}

/// Whether `name` (an action, object or member name of `api.json`) is one an import
/// takes: at most [`MAX_NAME_CHARS`] characters, no white space, and nothing that could
/// leave a directory or break a line were it a file name ([`is_path_unsafe`]), nor a
/// text-direction control, and a wire name the spec takes (no `"`). Every name of both editions is an ASCII identifier, but a
/// name that is not (`1Describe`, `x²`) is still taken: the generator gives it a Rust
/// name ([`crate::naming`]), so a new service version needs no code change.
pub fn is_api_name(name: &str) -> bool {
    name.chars().count() <= MAX_NAME_CHARS
        && !is_path_unsafe(name)
        && !name.starts_with('.')
        && crate::naming::is_printable_wire_name(name)
        && !name.chars().any(|c| c.is_whitespace() || crate::text_direction::TEXT_DIRECTION_CONTROLS.contains(&c))
}

/// Why `name`, of `api.json`, is refused, if it is; `what` says what it names (`an
/// action name`).
pub fn api_name_problem(what: &str, name: &str) -> Option<String> {
    (!is_api_name(name)).then(|| format!("`{}` is not {what}: {API_NAME_RULE}", shown(name)))
}

/// Whether a service name of `api.json` is one an import takes: the rule of spec
/// directories and `service.name` (a lower-case letter, then lower-case letters and
/// digits), two characters at least, as `validate` requires.
pub fn is_api_service_name(name: &str) -> bool {
    name.len() > 1 && name.len() <= MAX_NAME_CHARS && crate::naming::is_service_name(name)
}

/// Whether `name` could leave a directory, or break a line, were it a file name: empty,
/// `.`, `..`, or holding `/`, `\` or a control character.
pub fn is_path_unsafe(name: &str) -> bool {
    matches!(name, "" | "." | "..") || name.chars().any(|c| c.is_control() || c == '/' || c == '\\')
}

/// What `validate` says of a name [`is_path_unsafe`] refuses.
const PATH_SAFE_RULE: &str = "a name cannot be empty, `.` or `..`, or hold `/`, `\\` or a control character (an \
                              action's name makes the file names of its fixtures)";

/// Reports, for `validate`, every action, model and member name of `spec` that
/// [`is_path_unsafe`] refuses: what the importer refuses in `api.json` (and more) is
/// refused in a spec too. Members' empty names, control characters and backslashes are
/// left to the resolver's own check of wire names, which reports them already.
pub fn report_path_unsafe_names(r: &mut Reporter<'_>, spec: &ServiceFile) {
    let root = SpecPath::root();
    let member_unsafe = |name: &str| matches!(name, "." | "..") || name.contains('/');
    for (name, action) in &spec.actions {
        let at = root.key("actions").key(name);
        if is_path_unsafe(name) {
            r.error(&at, PATH_SAFE_RULE);
        }
        for (side, fields) in [("input", &action.input), ("output", &action.output)] {
            for member in fields.keys().filter(|m| member_unsafe(m)) {
                r.error(&at.key(side).key(member), PATH_SAFE_RULE);
            }
        }
    }
    for (name, model) in &spec.models {
        let at = root.key("models").key(name);
        if is_path_unsafe(name) {
            r.error(&at, PATH_SAFE_RULE);
        }
        for member in model.fields.keys().filter(|m| member_unsafe(m)) {
            r.error(&at.key("fields").key(member), PATH_SAFE_RULE);
        }
    }
}

/// Whether `part` is one plain file name: not empty, `.` or `..`, no separator (`/`,
/// `\`), no control character (so no NUL), and one normal path component (no root or
/// drive).
fn is_plain_component(part: &str) -> bool {
    !is_path_unsafe(part) && matches!(Path::new(part).components().collect::<Vec<_>>()[..], [Component::Normal(_)])
}

/// `root` joined with `parts`, proved to stay under `root`: each part must be one
/// plain file name ([`is_plain_component`]), whatever the description said. Every path
/// an import writes or removes is built here.
pub fn under_root(root: &Path, parts: &[&str]) -> Result<PathBuf, String> {
    let mut path = root.to_path_buf();
    for part in parts {
        if !is_plain_component(part) {
            return Err(format!(
                "refusing to write under {}: `{}` is not a plain file name (no `/`, `\\`, `.`, `..`, root, drive or \
                 control character)",
                shown_path(root),
                shown(part)
            ));
        }
        path.push(part);
    }
    Ok(path)
}

/// The text of the catalogue file at `path`, `None` when there is none. Only a regular
/// file of at most [`MAX_SOURCE_BYTES`] is read: a symbolic link is never followed
/// (its target would be copied into `spec/`), and a FIFO, socket, device or directory
/// is refused before it is read (it could block, or never end).
pub fn read_source(path: &Path) -> Result<Option<String>, String> {
    let shown = shown_path(path);
    let meta = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read {shown}: {e}")),
    };
    refuse_unless_bounded_regular(&shown, &meta)?;
    let file = open_without_following(path).map_err(|e| format!("cannot read {shown}: {e}"))?;
    // The file may have been replaced since: what was opened is checked again.
    let meta = file.metadata().map_err(|e| format!("cannot read {shown}: {e}"))?;
    refuse_unless_bounded_regular(&shown, &meta)?;
    let mut bytes = Vec::new();
    file.take(MAX_SOURCE_BYTES + 1).read_to_end(&mut bytes).map_err(|e| format!("cannot read {shown}: {e}"))?;
    if bytes.len() as u64 > MAX_SOURCE_BYTES {
        return Err(over_the_bound(&shown, bytes.len() as u64));
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|e| format!("{shown}: not UTF-8 (byte {} starts no UTF-8 character)", e.utf8_error().valid_up_to()))
}

/// Refuses what is not a regular file of at most [`MAX_SOURCE_BYTES`].
fn refuse_unless_bounded_regular(shown: &str, meta: &Metadata) -> Result<(), String> {
    if meta.file_type().is_symlink() {
        return Err(format!(
            "{shown}: is a symbolic link; an import follows no link and reads only regular files (copy the file in \
             instead)"
        ));
    }
    if !meta.is_file() {
        return Err(format!(
            "{shown}: is not a regular file (a directory, FIFO, socket or device); an import reads only regular files"
        ));
    }
    if meta.len() > MAX_SOURCE_BYTES {
        return Err(over_the_bound(shown, meta.len()));
    }
    Ok(())
}

fn over_the_bound(shown: &str, size: u64) -> String {
    format!("{shown}: is {size} bytes, over the {MAX_SOURCE_BYTES} bytes an import reads from one file")
}

/// Opens `path` for reading without following a symbolic link, and (on Linux) without
/// blocking should it have become a FIFO.
#[cfg(target_os = "linux")]
fn open_without_following(path: &Path) -> std::io::Result<File> {
    use rustix::fs::OFlags;
    use std::os::unix::fs::OpenOptionsExt;
    let flags = OFlags::NOFOLLOW | OFlags::NONBLOCK;
    fs::OpenOptions::new().read(true).custom_flags(flags.bits() as i32).open(path)
}

/// Opens `path` for reading ([`read_source`] checked just before that it is no link).
#[cfg(not(target_os = "linux"))]
fn open_without_following(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_names_are_those_that_cannot_leave_a_directory_or_break_a_line() {
        let longest = "é".repeat(128);
        for good in
            ["DescribeUserInfo", "hadAutoFixVul", "GetWsTokenReq_Label", "_x", "A1", "1Describe", "x²", "a.b", &longest]
        {
            assert!(is_api_name(good), "{good}");
        }
        for bad in ["", "a/b", "a\\b", "..", ".a", "a b", "a\0", "a\u{1b}", "a\u{202e}b", "a\"b", &"a".repeat(129)] {
            assert!(!is_api_name(bad), "{bad:?}");
        }
        let message = api_name_problem("an action name", "x\u{1b}[2J").expect("refused");
        assert!(message.starts_with("`x\\u{1b}[2J` is not an action name: a name of at most"), "{message}");
    }

    #[test]
    fn api_service_names_are_what_validate_takes() {
        for good in ["trtc", "as", "cvm2"] {
            assert!(is_api_service_name(good), "{good}");
        }
        for bad in ["", "x", "2fa", "Trtc", "a-b", "../x", "x\0"] {
            assert!(!is_api_service_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn only_plain_names_are_joined_under_the_root() {
        let root = Path::new("/project");
        assert_eq!(
            under_root(root, &["tests", "fixtures", "trtc", "v20190722", "DescribeUserInfo.1.json"]),
            Ok(PathBuf::from("/project/tests/fixtures/trtc/v20190722/DescribeUserInfo.1.json"))
        );
        assert_eq!(under_root(root, &[]), Ok(PathBuf::from("/project")));
        for bad in ["", ".", "..", "/abs", "/", "a/b", "a/../..", "a\\b", "..\\x", "a\0b", "a\nb", "x/", "C:\\x"] {
            let err = under_root(root, &["tests", bad, "x.json"]).expect_err(bad);
            assert!(err.contains("is not a plain file name"), "{bad:?}: {err}");
            assert!(!err.contains(['\0', '\n']), "{bad:?}: shown escaped: {err:?}");
        }
    }

    #[test]
    fn path_unsafe_names_are_those_that_could_leave_a_directory() {
        for bad in ["", ".", "..", "a/b", "/a", "a\\b", "a\0", "a\nb"] {
            assert!(is_path_unsafe(bad), "{bad:?}");
        }
        for good in ["DescribeUserInfo", "x²", "1abc", "a..b", "...", "a.b"] {
            assert!(!is_path_unsafe(good), "{good:?}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn only_regular_files_are_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("api.json");
        fs::write(&file, "{}").expect("write");
        assert_eq!(read_source(&file), Ok(Some("{}".to_owned())));
        assert_eq!(read_source(&dir.path().join("absent.json")), Ok(None));
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(&file, &link).expect("symlink");
        assert!(read_source(&link).expect_err("a link").contains("symbolic link"));
        assert!(read_source(dir.path()).expect_err("a directory").contains("not a regular file"));
        assert!(read_source(Path::new("/dev/zero")).expect_err("a device").contains("not a regular file"));
        fs::write(&file, [b'{', 0xff, b'}']).expect("write");
        assert!(read_source(&file).expect_err("not UTF-8").contains("byte 1"));
    }
}
