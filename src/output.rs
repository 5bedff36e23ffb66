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

/// A report file being written: a temporary file beside the target, renamed
/// over it by [`AtomicFile::commit`]. Dropped without a commit (an error, an
/// interrupted run) it removes itself, and the target is untouched.
pub struct AtomicFile {
    path: PathBuf,
    temporary: PathBuf,
    file: std::fs::File,
    committed: bool,
}

impl AtomicFile {
    pub fn create(path: &Path) -> std::io::Result<AtomicFile> {
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        let name = path
            .file_name()
            .map_or_else(|| "report".into(), |n| n.to_string_lossy().into_owned());
        // Same directory, so the rename cannot cross file systems.
        let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let file = std::fs::File::create(&temporary)?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            temporary,
            file,
            committed: false,
        })
    }

    /// Flushes the file to disk and puts it in place.
    pub fn commit(mut self) -> std::io::Result<()> {
        self.file.sync_all()?;
        std::fs::rename(&self.temporary, &self.path)?;
        self.committed = true;
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.temporary);
        }
    }
}

/// Writes `bytes` to `path` so that readers see the old file or the whole
/// new one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes)?;
    file.commit()
}

/// Scratch space for a report whose opening depends on everything after
/// it (a batch summary, JUnit totals): what follows is written here first
/// and copied out at the end, so memory stays flat however large the batch.
/// The file is removed when dropped.
pub struct Spool {
    path: PathBuf,
    file: std::io::BufWriter<std::fs::File>,
}

impl Spool {
    pub fn new() -> std::io::Result<Spool> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let (path, file) = create_new_file(&std::env::temp_dir(), || {
            format!(
                "assess-spool-{}-{}",
                std::process::id(),
                NEXT.fetch_add(1, Ordering::Relaxed)
            )
        })?;
        Ok(Spool {
            path,
            file: std::io::BufWriter::new(file),
        })
    }

    /// The spool in `slot`, opened on first use: a run that never needs
    /// one creates no file.
    pub fn open_once(slot: &mut Option<Spool>) -> std::io::Result<&mut Spool> {
        if slot.is_none() {
            *slot = Some(Spool::new()?);
        }
        // Just set if it was not.
        slot.as_mut()
            .ok_or_else(|| std::io::Error::other("no spool"))
    }

    /// Copies everything spooled to `out`.
    pub fn copy_to(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
        std::io::copy(self.rewound()?, out)?;
        Ok(())
    }

    /// Everything spooled, line by line.
    pub fn lines(
        &mut self,
    ) -> std::io::Result<std::io::Lines<std::io::BufReader<&mut std::fs::File>>> {
        use std::io::BufRead;
        Ok(std::io::BufReader::new(self.rewound()?).lines())
    }

    /// The file, with all that was written on disk, read from its start.
    fn rewound(&mut self) -> std::io::Result<&mut std::fs::File> {
        use std::io::{Seek, SeekFrom};
        self.file.flush()?;
        let file = self.file.get_mut();
        file.seek(SeekFrom::Start(0))?;
        Ok(file)
    }
}

/// Creates a file in `dir` under the first free name `name` gives. A name
/// may be taken by a file a killed run left behind, its process id since
/// come round again: the next name is tried rather than the run failing.
fn create_new_file(
    dir: &Path,
    mut name: impl FnMut() -> String,
) -> std::io::Result<(PathBuf, std::fs::File)> {
    let mut attempts = 0;
    loop {
        let path = dir.join(name());
        let opened = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path);
        match opened {
            Ok(file) => return Ok((path, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempts < 100 => {
                attempts += 1;
            }
            // Say which file: the message otherwise reads as if the report
            // itself could not be written.
            Err(e) => {
                return Err(std::io::Error::new(
                    e.kind(),
                    format!("temporary file {}: {e}", path.display()),
                ));
            }
        }
    }
}

impl Write for Spool {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

impl Drop for Spool {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spool_name_left_behind_is_skipped() {
        let dir = std::env::temp_dir().join(format!("assess-spool-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("taken"), "left by a killed run").unwrap();
        let mut names = ["taken", "free"].into_iter();
        let (path, _) = create_new_file(&dir, || names.next().unwrap().to_string()).unwrap();
        assert_eq!(path, dir.join("free"));
        // The file left behind is not touched.
        assert_eq!(
            std::fs::read_to_string(dir.join("taken")).unwrap(),
            "left by a killed run"
        );
        // Names that are all taken end in an error naming the last one.
        let error = create_new_file(&dir, || "taken".to_string()).unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::AlreadyExists);
        assert!(error.to_string().contains("taken"), "{error}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

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
        // Dropped without a commit: the old file stays, no temporary left.
        {
            let mut unfinished = AtomicFile::create(&path).unwrap();
            unfinished.write_all(b"half a rep").unwrap();
        }
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_spool_gives_back_what_was_written_and_cleans_up() {
        let mut spool = Spool::new().unwrap();
        let path = spool.path.clone();
        spool.write_all("第一段\n".as_bytes()).unwrap();
        spool.write_all(b"second\n").unwrap();
        let mut out = Vec::new();
        spool.copy_to(&mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "第一段\nsecond\n");
        drop(spool);
        assert!(!path.exists());
    }
}
