//! Where a run's reports go — stdout and the `--output` files alike — each
//! a [`Sink`]: a printer and its target. A sink that fails stops taking
//! pieces (with one message, or none for a closed pipe, which is the
//! reader's choice); the others go on.

use crate::input::input_name;
use crate::lang::Lang;
use crate::lang::tr;
use crate::output::OutputFile;
use crate::report::{Piece, Printer};
use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::Arc;

enum Target {
    Stdout,
    /// Created only when the first piece arrives, so a run that reads no
    /// sheet leaves the file alone.
    File {
        path: PathBuf,
        file: Option<OutputFile>,
    },
}

/// One report being written.
pub(super) struct Sink {
    printer: Arc<dyn Printer>,
    target: Target,
    /// Takes no more pieces: its write failed (or its pipe closed).
    stopped: bool,
}

impl Sink {
    pub(super) fn stdout(printer: Box<dyn Printer>) -> Sink {
        Sink {
            printer: Arc::from(printer),
            target: Target::Stdout,
            stopped: false,
        }
    }

    pub(super) fn file(printer: Box<dyn Printer>, path: PathBuf) -> Sink {
        Sink {
            printer: Arc::from(printer),
            target: Target::File { path, file: None },
            stopped: false,
        }
    }
}

/// Every report of a run.
pub(super) struct Sinks {
    sinks: Vec<Sink>,
    /// A readable sheet has been put: until then a report file would hold
    /// nothing but errors, and is not put in place of an older report.
    readable: bool,
    /// A write failed for another reason than a closed pipe.
    pub(super) failed: bool,
    lang: Lang,
}

impl Sinks {
    pub(super) fn new(sinks: Vec<Sink>, lang: Lang) -> Sinks {
        Sinks {
            sinks,
            readable: false,
            failed: false,
            lang,
        }
    }

    /// The printers, in sink order, to make pieces with on any thread.
    pub(super) fn printers(&self) -> Vec<Arc<dyn Printer>> {
        self.sinks.iter().map(|s| Arc::clone(&s.printer)).collect()
    }

    /// Whether nothing takes reports any more.
    pub(super) fn closed(&self) -> bool {
        self.sinks.iter().all(|s| s.stopped)
    }

    /// A readable sheet's pieces, one per sink in order.
    pub(super) fn put_sheet(
        &mut self,
        pieces: Vec<Piece>,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) {
        self.readable = true;
        self.put(pieces, out, err);
    }

    /// One input's pieces, one per sink in order.
    pub(super) fn put(&mut self, pieces: Vec<Piece>, out: &mut dyn Write, err: &mut dyn Write) {
        let lang = self.lang;
        for (sink, piece) in self.sinks.iter_mut().zip(pieces) {
            if sink.stopped {
                continue;
            }
            let written = match &mut sink.target {
                Target::Stdout => sink.printer.put(piece, out),
                Target::File { path, file } => match file {
                    Some(file) => sink.printer.put(piece, file),
                    None => OutputFile::create(path)
                        .and_then(|created| sink.printer.put(piece, file.insert(created))),
                },
            };
            if let Err(error) = written {
                sink.stopped = true;
                self.failed |= report_failure(&sink.target, &error, err, lang);
            }
        }
    }

    /// Ends every report with what only the end could tell, and puts each
    /// file in place; false if any write failed.
    pub(super) fn finish(self, notes: &[String], out: &mut dyn Write, err: &mut dyn Write) -> bool {
        let mut failed = self.failed;
        for Sink {
            printer,
            target,
            stopped,
        } in self.sinks
        {
            if stopped {
                continue;
            }
            match target {
                Target::Stdout => {
                    if let Err(error) = printer.finish(out, notes) {
                        failed |= report_failure(&Target::Stdout, &error, err, self.lang);
                    }
                }
                // A file that never took a piece was never made; one that
                // took only unreadable sheets' entries is dropped unwritten
                // (its temporary file removed): a run that read no sheet
                // never replaces an older report.
                // Said, so that nobody opens last month's file for this
                // run's report.
                Target::File { path, file: None } => not_written(err, &path, self.lang),
                Target::File { path, .. } if !self.readable => not_written(err, &path, self.lang),
                Target::File {
                    path,
                    file: Some(mut file),
                } => {
                    let written = printer
                        .finish(&mut file, notes)
                        .and_then(|()| file.commit());
                    if let Err(error) = written {
                        file_failed(err, &path, &error, self.lang);
                        failed = true;
                    }
                }
            }
        }
        !failed
    }
}

/// Says why a sink stopped; true if that is a failure (a closed pipe on
/// stdout is not).
fn report_failure(target: &Target, error: &io::Error, err: &mut dyn Write, lang: Lang) -> bool {
    match target {
        Target::Stdout if error.kind() == io::ErrorKind::BrokenPipe => false,
        Target::Stdout => {
            let what = tr!(lang, "无法写出报告", "cannot write the report");
            let reason = crate::diagnostic::io_reason(error);
            let _ = writeln!(err, "{what}{}{}", tr!(lang, "：", ": "), reason.get(lang));
            true
        }
        Target::File { path, .. } => {
            file_failed(err, path, error, lang);
            true
        }
    }
}

/// `FILE: no sheet could be read; the report file was not written`.
fn not_written(err: &mut dyn Write, path: &std::path::Path, lang: Lang) {
    let _ = writeln!(
        err,
        "{}{}",
        input_name(path),
        tr!(
            lang,
            "：没有读到任何事实表，未写入报告文件（已有的同名文件保持原样）",
            ": no sheet could be read, so the report file was not written (a file already there is left as it was)"
        )
    );
}

/// `FILE: cannot write the report file: …`.
pub(super) fn file_failed(
    err: &mut dyn Write,
    path: &std::path::Path,
    error: &io::Error,
    lang: Lang,
) {
    let what = tr!(lang, "无法写入报告文件", "cannot write the report file");
    let reason = crate::diagnostic::io_reason(error);
    let colon = tr!(lang, "：", ": ");
    let _ = writeln!(
        err,
        "{}{colon}{what}{colon}{}",
        input_name(path),
        reason.get(lang)
    );
}
