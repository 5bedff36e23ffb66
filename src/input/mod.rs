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
    let metadata = std::fs::metadata(path).map_err(|e| match sheet_beside(path) {
        Some(meant) if e.kind() == std::io::ErrorKind::NotFound => {
            cannot_read(&e).help(Bilingual::new(
                format!("是否想写 {meant}？事实表的文件名要带上扩展名"),
                format!("did you mean {meant}? a sheet's name includes its extension"),
            ))
        }
        _ => cannot_read(&e),
    })?;
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

/// `我的社区` given where `我的社区.yaml` (or `.yml`) is there: the name
/// the clerk meant, as they would type it.
fn sheet_beside(path: &Path) -> Option<String> {
    if path.extension().is_some() {
        return None;
    }
    ["yaml", "yml"].into_iter().find_map(|extension| {
        let meant = path.with_extension(extension);
        meant
            .is_file()
            .then(|| crate::diagnostic::visible(&meant.display().to_string()))
    })
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
/// Notepad writes) dropped. The bytes become the text without a copy. A
/// file that is not UTF-8 is named for what it most likely is — a zip (an
/// Excel workbook), UTF-16, or GBK ("ANSI" to Windows Notepad) — since the
/// clerk's fix depends on it.
pub fn decode(mut bytes: Vec<u8>) -> Result<String, Diagnostic> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    // A zip's header can pass for text; what follows it seldom does, but
    // the header alone tells.
    if Encoding::guess(&bytes) == Encoding::Zip {
        return Err(Diagnostic::new(Encoding::zip_message()));
    }
    String::from_utf8(bytes).map_err(|error| {
        let bytes = error.as_bytes();
        let valid_up_to = error.utf8_error().valid_up_to();
        // Everything before the bad byte is valid UTF-8, so it can be
        // measured for a line and column.
        let prefix = std::str::from_utf8(&bytes[..valid_up_to]).unwrap_or_default();
        let position = Position::of_offset(prefix, prefix.len());
        let (message, at) = match Encoding::guess(bytes) {
            Encoding::Zip => (Encoding::zip_message(), None),
            Encoding::Utf16 => (
                Bilingual::new(
                    "文件是 UTF-16 编码（记事本中的“Unicode”）；请用“另存为”，编码选 UTF-8",
                    "the file is saved as UTF-16 (\"Unicode\" in Notepad); use Save As and choose the UTF-8 encoding",
                ),
                None,
            ),
            Encoding::Gbk => (
                Bilingual::new(
                    "文件似乎是 GBK 编码（Windows 记事本中的“ANSI”），不是 UTF-8；请用“另存为”，编码选 UTF-8",
                    "the file looks saved as GBK (\"ANSI\" in Windows Notepad), not UTF-8; use Save As and choose the UTF-8 encoding",
                ),
                Some(position),
            ),
            Encoding::Other => (
                Bilingual::new(
                    "文件不是 UTF-8 编码，从这里起无法识别；请用“另存为”，编码选 UTF-8",
                    "the file is not UTF-8 and cannot be read from here; use Save As and choose the UTF-8 encoding",
                ),
                Some(position),
            ),
        };
        Diagnostic::new(message).at(at)
    })
}

/// What bytes that are not UTF-8 most likely are.
#[derive(Debug, PartialEq, Eq)]
enum Encoding {
    Zip,
    Utf16,
    Gbk,
    Other,
}

impl Encoding {
    fn zip_message() -> Bilingual {
        Bilingual::new(
            "这是 Excel 工作簿或其他 zip 压缩文件，不是 YAML 事实表；请给出 .yaml 文件",
            "this is an Excel workbook or another zip file, not a YAML fact sheet; give the .yaml file",
        )
    }

    fn guess(bytes: &[u8]) -> Encoding {
        if bytes.starts_with(b"PK\x03\x04") {
            return Encoding::Zip;
        }
        // A byte-order mark, or ASCII text with a NUL beside every letter.
        let nuls = bytes.iter().take(512).filter(|b| **b == 0).count();
        if bytes.starts_with(b"\xFF\xFE")
            || bytes.starts_with(b"\xFE\xFF")
            || nuls * 4 >= bytes.len().min(512)
        {
            return Encoding::Utf16;
        }
        if is_gbk(bytes) {
            return Encoding::Gbk;
        }
        Encoding::Other
    }
}

/// Whether `bytes` are valid GBK: ASCII, and pairs of a lead byte
/// 0x81–0xFE and a trail byte 0x40–0xFE other than 0x7F.
fn is_gbk(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            0x00..=0x7F => i += 1,
            0x81..=0xFE => match bytes.get(i + 1) {
                Some(0x40..=0x7E | 0x80..=0xFE) => i += 2,
                _ => return false,
            },
            _ => return false,
        }
    }
    true
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

#[cfg(test)]
mod tests {
    use super::*;

    fn said(bytes: &[u8]) -> (String, Option<Position>) {
        let d = decode(bytes.to_vec()).unwrap_err();
        (d.message.zh.to_string(), d.position)
    }

    #[test]
    fn text_not_in_utf8_is_named_for_what_it_is() {
        // "名称: 甲" in GBK, on the second line.
        let (zh, at) = said(b"year: 2024\nname: \xBC\xD7\n");
        assert!(zh.contains("GBK"), "{zh}");
        assert!(!zh.contains("字节"), "{zh}");
        assert_eq!(at, Some(Position { line: 2, column: 7 }));
        assert!(said(b"\xFF\xFEy\0e\0").0.contains("UTF-16"));
        assert!(
            said(b"y\0e\0a\0r\0:\0 \0\x32\0\xE4\x00")
                .0
                .contains("UTF-16")
        );
        assert!(said(b"PK\x03\x04\x14\0\x06\0\xFF").0.contains("Excel"));
        // Neither: a lone byte 0x80 is no GBK.
        assert!(said(b"a: \x80\n").0.contains("不是 UTF-8"));
    }
}
