//! Reading a credential file (the profile file, TKE's web identity token file) as a
//! network reply is read: bounded, and never blocking. Only a regular file is read, of
//! at most [`MAX_SOURCE_BYTES`]: a FIFO would block its reader until a writer came
//! (keeping the runtime, and the process, from shutting down), a device such as
//! `/dev/zero` would be read until memory ran out, and a huge file would be sent whole.

use std::fmt;
use std::fs::{File, Metadata};
use std::io::Read;
use std::path::Path;

use super::MAX_SOURCE_BYTES;

/// Why a credential file was not read.
#[derive(Debug)]
pub(crate) enum FileError {
    /// It could not be opened or read (it may not exist).
    Io(std::io::Error),
    /// It is not a regular file; what it is instead (`a FIFO`).
    NotRegular(&'static str),
    /// It holds more than [`MAX_SOURCE_BYTES`].
    TooLarge,
}

impl From<std::io::Error> for FileError {
    fn from(e: std::io::Error) -> Self {
        FileError::Io(e)
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileError::Io(e) => e.fmt(f),
            FileError::NotRegular(what) => write!(f, "is {what}, not a regular file: not read"),
            FileError::TooLarge => {
                write!(f, "holds more than {MAX_SOURCE_BYTES} bytes, the most a credential file may")
            }
        }
    }
}

/// The bytes of the regular file at `path`, of at most [`MAX_SOURCE_BYTES`]. The file
/// type is checked before opening (a FIFO is never opened for a read that waits) and
/// again on the file opened (in case the path was replaced in between); the open does
/// not block, whatever the file is. The buffer is sized once: no copy of the contents is
/// left behind in freed memory.
pub(crate) fn read_bounded(path: &Path) -> Result<Vec<u8>, FileError> {
    check_regular(&std::fs::metadata(path)?)?;
    let file = open_without_blocking(path)?;
    let metadata = file.metadata()?;
    check_regular(&metadata)?;
    let expected = usize::try_from(metadata.len()).unwrap_or(usize::MAX).min(MAX_SOURCE_BYTES);
    let mut bytes = Vec::with_capacity(expected + 1);
    file.take(MAX_SOURCE_BYTES as u64 + 1).read_to_end(&mut bytes)?;
    if bytes.len() > MAX_SOURCE_BYTES {
        zeroize::Zeroize::zeroize(&mut bytes);
        return Err(FileError::TooLarge);
    }
    Ok(bytes)
}

/// `Ok` for a regular file, else what the file is.
fn check_regular(metadata: &Metadata) -> Result<(), FileError> {
    let kind = metadata.file_type();
    if kind.is_file() {
        return Ok(());
    }
    Err(FileError::NotRegular(if kind.is_dir() { "a directory" } else { special_kind(&kind) }))
}

#[cfg(unix)]
fn special_kind(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a FIFO"
    } else if kind.is_char_device() {
        "a character device"
    } else if kind.is_block_device() {
        "a block device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::FileType) -> &'static str {
    "not a regular file"
}

/// Opens `path` for reading without waiting: `O_NONBLOCK` on Unix, where opening a FIFO
/// waits for a writer otherwise (it has no effect on reading a regular file).
#[cfg(unix)]
fn open_without_blocking(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path)
}

#[cfg(not(unix))]
fn open_without_blocking(path: &Path) -> std::io::Result<File> {
    File::open(path)
}
