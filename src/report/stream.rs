//! Printing sheets as they are evaluated, one at a time and in order, so a
//! batch of any size is written without being held in memory: JSON (an
//! array written element by element), JSON Lines and CSV go straight out;
//! the batch table, batch Markdown and JUnit — whose opening (a summary,
//! totals) depends on every sheet — count and measure in memory, and spool
//! the summary rows and the rest to temporary files until the end.
//!
//! Printing has two halves. [`Layout::piece`] turns one sheet into its text
//! and needs nothing but the sheet, so it runs on every core beside the
//! evaluation; [`Printer::put`] writes the pieces in input order, adding
//! only what depends on position (separators, the summary, totals).

use super::batch::{self, SummaryRow, SummaryRows};
use super::{Format, Options, SheetReport, csv, json, junit, markdown, table, unreadable};
use crate::diagnostic::FileDiagnostics;
use crate::eval::Status;
use crate::spool::Spool;
use std::io::{self, Write};

/// A format and its options: what turns a sheet into its piece of a report.
#[derive(Clone, Copy, Debug)]
pub struct Layout {
    pub format: Format,
    pub options: Options,
}

/// One sheet's part of a report, made independently of the other sheets.
pub struct Piece {
    /// UTF-8 text; kept as bytes because that is how it is written.
    text: Vec<u8>,
    /// The sheet's line in a batch summary (batch table and Markdown).
    summary: Option<SummaryRow>,
    /// Tests, failures, skipped and errors, for JUnit's totals.
    totals: (usize, usize, usize, usize),
    /// An unreadable sheet's problems, listed again at the end of a batch
    /// table or Markdown (where stderr's list would have scrolled away).
    problem: Option<String>,
}

impl Layout {
    pub fn new(format: Format, options: Options) -> Layout {
        Layout { format, options }
    }

    /// One sheet's text in this layout.
    pub fn piece(&self, report: &SheetReport) -> Piece {
        let options = self.options;
        let lang = options.lang;
        let mut summary = None;
        let mut totals = (0, 0, 0, 0);
        let text = match (self.format, options.batch) {
            (Format::Json, false) => json::render_one(report, lang),
            (Format::Json, true) => json::render_element(report, lang),
            (Format::Jsonl, _) => json::render_line(report, lang),
            (Format::Csv, _) => csv::rows(report, lang).into_bytes(),
            (Format::Junit, _) => {
                let a = &report.assessment;
                totals = (
                    a.results.len(),
                    a.count(Status::Gap) + a.count(Status::Missing),
                    a.count(Status::NotApplicable),
                    0,
                );
                junit::suite(report, lang).into_bytes()
            }
            (Format::Table, false) => table::render(report, &options).into_bytes(),
            (Format::Table, true) => {
                summary = Some(SummaryRow::of(report, lang));
                if options.detail {
                    table::render(report, &options).into_bytes()
                } else {
                    batch::shortfalls(report, &options).into_bytes()
                }
            }
            (Format::Markdown, batch) => {
                if batch {
                    summary = Some(SummaryRow::of(report, lang));
                }
                markdown::render(report, lang).into_bytes()
            }
        };
        Piece {
            text,
            summary,
            totals,
            problem: None,
        }
    }

    /// An unreadable sheet's entry in a batch (see [`unreadable`]); `None`
    /// for a single sheet, whose report is simply not written.
    pub fn unreadable(&self, problem: &FileDiagnostics) -> Option<Piece> {
        let lang = self.options.lang;
        if !self.options.batch {
            return None;
        }
        let mut piece = Piece {
            text: Vec::new(),
            summary: None,
            totals: (0, 0, 0, 0),
            problem: None,
        };
        match self.format {
            Format::Json => piece.text = unreadable::json_element(problem, lang),
            Format::Jsonl => piece.text = unreadable::json_line(problem, lang),
            Format::Csv => piece.text = unreadable::csv_row(problem, lang).into_bytes(),
            Format::Junit => {
                piece.totals = (1, 0, 0, 1);
                piece.text = unreadable::junit_suite(problem, lang).into_bytes();
            }
            Format::Table | Format::Markdown => {
                piece.summary = Some(SummaryRow::unreadable(&problem.file));
                piece.problem = Some(problem.render(lang));
            }
        }
        Some(piece)
    }
}

pub struct Printer {
    layout: Layout,
    sheets: usize,
    summary: SummaryRows,
    spool: Option<Spool>,
    /// Unreadable sheets' problems, for the end of a batch table/Markdown.
    problems: Option<Spool>,
    totals: (usize, usize, usize, usize),
}

impl Printer {
    pub fn new(layout: Layout) -> Printer {
        Printer {
            layout,
            sheets: 0,
            summary: SummaryRows::new(),
            spool: None,
            problems: None,
            totals: (0, 0, 0, 0),
        }
    }

    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// The spool, opened on first use.
    fn spool(&mut self) -> io::Result<&mut Spool> {
        Spool::open_once(&mut self.spool)
    }

    /// Prints (or holds back) the next sheet's piece.
    pub fn put(&mut self, piece: Piece, out: &mut dyn Write) -> io::Result<()> {
        let first = self.sheets == 0;
        self.sheets += 1;
        self.totals.0 += piece.totals.0;
        self.totals.1 += piece.totals.1;
        self.totals.2 += piece.totals.2;
        self.totals.3 += piece.totals.3;
        if let Some(row) = &piece.summary {
            self.summary.push(row, self.layout.options.lang)?;
        }
        if let Some(problem) = &piece.problem {
            Spool::open_once(&mut self.problems)?.write_all(problem.as_bytes())?;
            return Ok(());
        }
        let text = piece.text.as_slice();
        match (self.layout.format, self.layout.options.batch) {
            (Format::Json, true) => {
                out.write_all(if first { b"[\n" } else { b",\n" })?;
                out.write_all(text)
            }
            (Format::Csv, _) => {
                if first {
                    out.write_all(csv::header().as_bytes())?;
                }
                out.write_all(text)
            }
            (Format::Junit, _) => self.spool()?.write_all(text),
            (Format::Table, false) => {
                if !first {
                    out.write_all(b"\n")?;
                }
                out.write_all(text)
            }
            (Format::Table, true) => {
                let spool = self.spool()?;
                spool.write_all(b"\n")?;
                spool.write_all(text)
            }
            (Format::Markdown, false) => {
                if !first {
                    out.write_all(b"\n---\n\n")?;
                }
                out.write_all(text)
            }
            (Format::Markdown, true) => {
                let spool = self.spool()?;
                spool.write_all(b"\n---\n\n")?;
                spool.write_all(text)
            }
            (Format::Json, false) | (Format::Jsonl, _) => out.write_all(text),
        }
    }

    /// Writes what only the end could tell, with the batch's `notes`
    /// (collection warnings) where the format has a summary. With no sheet
    /// printed at all, writes nothing: there is no report.
    pub fn finish(mut self, out: &mut dyn Write, notes: &[String]) -> io::Result<()> {
        if self.sheets == 0 {
            return Ok(());
        }
        let options = self.layout.options;
        let lang = options.lang;
        match (self.layout.format, options.batch) {
            (Format::Json, true) => out.write_all(b"\n]\n")?,
            (Format::Junit, _) => {
                let (tests, failures, skipped, errors) = self.totals;
                let checks = junit::notes_suite(notes, lang);
                out.write_all(
                    junit::opening(tests + notes.len(), failures, skipped + notes.len(), errors)
                        .as_bytes(),
                )?;
                if let Some(spool) = &mut self.spool {
                    spool.copy_to(out)?;
                }
                out.write_all(checks.as_bytes())?;
                out.write_all(junit::closing().as_bytes())?;
            }
            (Format::Table, true) => {
                batch::summary(&mut self.summary, &options, out)?;
                // The notes belong to the summary: right under it, before
                // hundreds of lines of per-community detail.
                if !notes.is_empty() {
                    writeln!(out, "{}", lang.pick("批次提示：", "Batch notes:"))?;
                    for note in notes {
                        writeln!(out, "  - {note}")?;
                    }
                }
                if let Some(spool) = &mut self.spool {
                    spool.copy_to(out)?;
                }
                if let Some(problems) = &mut self.problems {
                    let heading = lang.pick("无法读取的事实表：", "Sheets that could not be read:");
                    writeln!(out, "\n{heading}")?;
                    problems.copy_to(out)?;
                }
            }
            (Format::Markdown, true) => {
                markdown::summary(&mut self.summary, options.lang, out)?;
                if !notes.is_empty() {
                    writeln!(out, "\n{}\n", lang.pick("## 批次提示", "## Batch notes"))?;
                    for note in notes {
                        writeln!(out, "- {}", markdown::inline(note))?;
                    }
                }
                if let Some(spool) = &mut self.spool {
                    spool.copy_to(out)?;
                }
                if let Some(problems) = &mut self.problems {
                    let heading =
                        lang.pick("## 无法读取的事实表", "## Sheets that could not be read");
                    writeln!(out, "\n{heading}\n\n```text")?;
                    problems.copy_to(out)?;
                    writeln!(out, "```")?;
                }
            }
            _ => {}
        }
        out.flush()
    }
}
