//! Inputs: the files a run is given, found ([`collect`]) and read within
//! the size limit ([`read_limited`], [`read_text`]); `-` is standard input.

pub mod collect;

pub use collect::{FileId, STDIN_NAME, file_id, input_name, is_stdin};

use crate::diagnostic::{Bilingual, Diagnostic, Position, cannot_read};
use std::io::Read as _;
use std::path::Path;

/// A file's bytes, at most `limit` of them; `-` is standard input.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, Diagnostic> {
    if is_stdin(path) {
        return read_at_most(std::io::stdin().lock(), 0, limit);
    }
    // A FIFO, device or socket given by name would wait for a writer
    // forever, or never end: refused before it is opened. A pipe comes in
    // as `-`.
    let metadata = std::fs::metadata(path).map_err(|e| cannot_read(&e))?;
    if !metadata.is_file() {
        return Err(not_regular(&metadata));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Should the name have become a FIFO since it was looked at, the
        // open does not wait for a writer; what was opened is checked below.
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| cannot_read(&e))?;
    let metadata = file.metadata().map_err(|e| cannot_read(&e))?;
    if !metadata.is_file() {
        return Err(not_regular(&metadata));
    }
    // Sized from the metadata, so the buffer is not regrown.
    read_at_most(file, metadata.len(), limit)
}

/// Refuses what is not a regular file, saying what it is.
fn not_regular(metadata: &std::fs::Metadata) -> Diagnostic {
    if metadata.is_dir() {
        return Diagnostic::new(Bilingual::new(
            "这是文件夹，不是文件：请给出文件夹中的某个文件",
            "this is a folder, not a file: give a file in it",
        ));
    }
    let (zh, en) = if is_fifo(metadata) {
        ("命名管道（FIFO）", "a FIFO (named pipe)")
    } else {
        ("设备或套接字", "a device or socket")
    };
    Diagnostic::new(Bilingual::new(
        format!("不是普通文件，而是{zh}；要从管道读取，请用 -（标准输入）"),
        format!("not a regular file but {en}; to read from a pipe, give - (standard input)"),
    ))
}

#[cfg(unix)]
fn is_fifo(metadata: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    metadata.file_type().is_fifo()
}

#[cfg(not(unix))]
fn is_fifo(_: &std::fs::Metadata) -> bool {
    false
}

/// At most `limit` bytes of `reader`; `hint` is the size expected.
fn read_at_most(reader: impl std::io::Read, hint: u64, limit: u64) -> Result<Vec<u8>, Diagnostic> {
    let mut bytes = Vec::with_capacity(hint.min(limit) as usize + 1);
    // Read one byte past the limit to tell "at the limit" from "over it",
    // without trusting metadata (a pipe has no size).
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| crate::diagnostic::cannot_read(&e))?;
    if bytes.len() as u64 > limit {
        let shown = format_size(limit);
        return Err(Diagnostic::new(Bilingual::new(
            format!("文件超过 {shown} 的大小上限；如确需读取，请用 --max-size 调高"),
            format!(
                "the file is larger than the limit of {shown}; raise it with --max-size if it is meant to be read"
            ),
        )));
    }
    Ok(bytes)
}

/// A file's text: UTF-8, with a leading byte-order mark (as Windows
/// Notepad writes) dropped. The bytes become the text without a copy.
pub fn decode(mut bytes: Vec<u8>) -> Result<String, Diagnostic> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|error| {
        let bytes = error.as_bytes();
        let valid_up_to = error.utf8_error().valid_up_to();
        // Everything before the bad byte is valid UTF-8, so it can be
        // measured for a line and column.
        let prefix = std::str::from_utf8(&bytes[..valid_up_to]).unwrap_or_default();
        let position = Position::of_offset(prefix, prefix.len());
        Diagnostic::new(Bilingual::new(
            format!("文件不是 UTF-8 编码（第 {valid_up_to} 字节起无效）；请另存为 UTF-8"),
            format!("the file is not UTF-8 (invalid from byte {valid_up_to}); save it as UTF-8"),
        ))
        .at(Some(position))
    })
}

/// A text file's content, at most `limit` bytes.
pub fn read_text(path: &Path, limit: u64) -> Result<String, Diagnostic> {
    decode(read_limited(path, limit)?)
}

/// A size in the largest binary unit that divides it: `1M`, `512K`, `1000`.
pub fn format_size(bytes: u64) -> String {
    for (unit, size) in [("G", 1u64 << 30), ("M", 1 << 20), ("K", 1 << 10)] {
        if bytes >= size && bytes.is_multiple_of(size) {
            return format!("{}{unit}", bytes / size);
        }
    }
    format!("{bytes} B")
}
