//! Scratch files for reports whose opening depends on everything after it
//! (a batch summary, JUnit totals), so memory stays flat in the batch size.

use crate::diagnostic::Bilingual;
use std::fs::File;
use std::io::{self, Write};

/// Scratch space for a report whose opening depends on everything after
/// it (a batch summary, JUnit totals): what follows is written here first
/// and copied out at the end, so memory stays flat however large the batch.
/// The file has no name from the moment it is made, so nothing is left
/// behind however the run ends.
pub struct Spool {
    file: io::BufWriter<File>,
}

impl Spool {
    pub fn new() -> io::Result<Spool> {
        let dir = std::env::temp_dir();
        let file = tempfile::tempfile_in(&dir).map_err(|e| {
            // Say which folder: the message otherwise reads as if the
            // report itself could not be written.
            let reason = crate::diagnostic::io_reason(&e);
            let dir = crate::diagnostic::visible(&dir.display().to_string());
            crate::diagnostic::io_error(
                e.kind(),
                Bilingual::new(
                    format!("无法在 {dir} 中创建临时文件：{}", reason.zh),
                    format!("temporary file in {dir}: {}", reason.en),
                ),
            )
        })?;
        Ok(Spool {
            file: io::BufWriter::new(file),
        })
    }

    /// The spool in `slot`, opened on first use: a run that never needs
    /// one creates no file.
    pub fn open_once(slot: &mut Option<Spool>) -> io::Result<&mut Spool> {
        if slot.is_none() {
            *slot = Some(Spool::new()?);
        }
        // Just set if it was not.
        slot.as_mut().ok_or_else(|| io::Error::other("no spool"))
    }

    /// Copies everything spooled to `out`.
    pub fn copy_to(&mut self, out: &mut dyn Write) -> io::Result<()> {
        io::copy(self.rewound()?, out)?;
        Ok(())
    }

    /// Everything spooled, line by line.
    pub fn lines(&mut self) -> io::Result<io::Lines<io::BufReader<&mut File>>> {
        use std::io::BufRead;
        Ok(io::BufReader::new(self.rewound()?).lines())
    }

    /// The file, with all that was written on disk, read from its start.
    fn rewound(&mut self) -> io::Result<&mut File> {
        use std::io::{Seek, SeekFrom};
        self.file.flush()?;
        let file = self.file.get_mut();
        file.seek(SeekFrom::Start(0))?;
        Ok(file)
    }
}

impl Write for Spool {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spool_gives_back_what_was_written_and_leaves_no_name() {
        let mut spool = Spool::new().unwrap();
        spool.write_all("第一段\n".as_bytes()).unwrap();
        spool.write_all(b"second\n").unwrap();
        let mut out = Vec::new();
        spool.copy_to(&mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "第一段\nsecond\n");
    }
}
