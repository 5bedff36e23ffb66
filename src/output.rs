//! Where reports go: stdout, and files named with `--output [FORMAT=]FILE`.
//!
//! A file is written atomically: into a temporary file beside it, flushed
//! to disk, then renamed over the target. An interrupted run leaves the old
//! file or the new one, never half a report.

use crate::report::Format;
use clap::ValueEnum;
use std::io::Write;
use std::path::{Path, PathBuf};

/// One `--output` value: a file, and the format to write there (`None`:
/// the `--format` one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputSpec {
    pub format: Option<Format>,
    pub path: PathBuf,
}

/// Reads `FILE` or `FORMAT=FILE` (`junit=report.xml`).
pub fn parse_output(text: &str) -> Result<OutputSpec, String> {
    if let Some((format, path)) = text.split_once('=') {
        if let Ok(format) = Format::from_str(format, true) {
            if path.is_empty() {
                return Err(format!("`{text}` names no file after `=`"));
            }
            return Ok(OutputSpec {
                format: Some(format),
                path: PathBuf::from(path),
            });
        }
    }
    if text.is_empty() {
        return Err("the output file name is empty".to_string());
    }
    Ok(OutputSpec {
        format: None,
        path: PathBuf::from(text),
    })
}

/// Writes `bytes` to `path` so that readers see the old file or the whole
/// new one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "report".into(), |n| n.to_string_lossy().into_owned());
    // Same directory, so the rename cannot cross file systems.
    let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_name_a_file_and_maybe_a_format() {
        assert_eq!(
            parse_output("junit=out/report.xml"),
            Ok(OutputSpec {
                format: Some(Format::Junit),
                path: "out/report.xml".into()
            })
        );
        assert_eq!(
            parse_output("report.json"),
            Ok(OutputSpec {
                format: None,
                path: "report.json".into()
            })
        );
        // Not a format before `=`: the whole text is the file name.
        assert_eq!(
            parse_output("a=b.txt"),
            Ok(OutputSpec {
                format: None,
                path: "a=b.txt".into()
            })
        );
        assert!(parse_output("json=").is_err());
        assert!(parse_output("").is_err());
    }

    #[test]
    fn a_file_is_replaced_whole() {
        let dir = std::env::temp_dir().join(format!("assess-output-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("report.json");
        write_atomically(&path, b"old").unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        let leftovers: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
        // A directory that does not exist: an error, no file.
        assert!(write_atomically(&dir.join("no/such/dir/x"), b"x").is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
