//! Printing sheets as they are evaluated, one at a time and in order, so a
//! batch of any size is written without being held in memory: JSON (an
//! array written element by element), JSON Lines and CSV go straight out;
//! the batch table, batch Markdown and JUnit — whose opening (a summary,
//! totals) depends on every sheet — keep one small summary row per sheet
//! and spool the rest to a temporary file until the end.

use super::batch::{self, SummaryRow};
use super::{Format, Options, SheetReport, csv, json, junit, markdown, table};
use crate::eval::Status;
use crate::output::Spool;
use std::io::{self, Write};

pub struct Printer {
    format: Format,
    options: Options,
    sheets: usize,
    summary: Vec<SummaryRow>,
    spool: Option<Spool>,
    /// JUnit's totals: tests, failures, skipped.
    totals: (usize, usize, usize),
}

impl Printer {
    pub fn new(format: Format, options: Options) -> Printer {
        Printer {
            format,
            options,
            sheets: 0,
            summary: Vec::new(),
            spool: None,
            totals: (0, 0, 0),
        }
    }

    /// The spool, opened on first use.
    fn spool(&mut self) -> io::Result<&mut Spool> {
        if self.spool.is_none() {
            self.spool = Some(Spool::new()?);
        }
        // Just set if it was not.
        self.spool.as_mut().ok_or_else(|| io::Error::other("no spool"))
    }

    /// Prints (or holds back) one evaluated sheet.
    pub fn sheet(&mut self, report: &SheetReport, out: &mut dyn Write) -> io::Result<()> {
        let first = self.sheets == 0;
        self.sheets += 1;
        let options = self.options;
        let lang = options.lang;
        match (self.format, options.batch) {
            (Format::Json, false) => out.write_all(json::render_one(report, lang).as_bytes()),
            (Format::Json, true) => {
                // Element by element, exactly as a pretty-printed array.
                out.write_all(if first { b"[\n" } else { b",\n" })?;
                let element = json::render_one(report, lang);
                let indented: Vec<String> = element
                    .trim_end()
                    .lines()
                    .map(|line| format!("  {line}"))
                    .collect();
                out.write_all(indented.join("\n").as_bytes())
            }
            (Format::Jsonl, _) => out.write_all(json::render_line(report, lang).as_bytes()),
            (Format::Csv, _) => {
                if first {
                    out.write_all(csv::header().as_bytes())?;
                }
                out.write_all(csv::rows(report, lang).as_bytes())
            }
            (Format::Junit, _) => {
                let a = &report.assessment;
                self.totals.0 += a.results.len();
                self.totals.1 += a.count(Status::Gap) + a.count(Status::Missing);
                self.totals.2 += a.count(Status::NotApplicable);
                let suite = junit::suite(report, lang);
                self.spool()?.write_all(suite.as_bytes())
            }
            (Format::Table, false) => {
                if !first {
                    out.write_all(b"\n")?;
                }
                out.write_all(table::render(report, &options).as_bytes())
            }
            (Format::Table, true) => {
                self.summary.push(SummaryRow::of(report, lang));
                let section = if options.detail {
                    table::render(report, &options)
                } else {
                    batch::shortfalls(report, &options)
                };
                let spool = self.spool()?;
                spool.write_all(b"\n")?;
                spool.write_all(section.as_bytes())
            }
            (Format::Markdown, false) => {
                if !first {
                    out.write_all(b"\n---\n\n")?;
                }
                out.write_all(markdown::render(report, lang).as_bytes())
            }
            (Format::Markdown, true) => {
                self.summary.push(SummaryRow::of(report, lang));
                let sheet = markdown::render(report, lang);
                let spool = self.spool()?;
                spool.write_all(b"\n---\n\n")?;
                spool.write_all(sheet.as_bytes())
            }
        }
    }

    /// Writes what only the end could tell. With no sheet printed at all,
    /// writes nothing: there is no report.
    pub fn finish(mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.sheets == 0 {
            return Ok(());
        }
        match (self.format, self.options.batch) {
            (Format::Json, true) => out.write_all(b"\n]\n")?,
            (Format::Junit, _) => {
                let (tests, failures, skipped) = self.totals;
                out.write_all(junit::opening(tests, failures, skipped).as_bytes())?;
                if let Some(spool) = &mut self.spool {
                    spool.copy_to(out)?;
                }
                out.write_all(junit::closing().as_bytes())?;
            }
            (Format::Table, true) => {
                out.write_all(batch::summary(&self.summary, &self.options).as_bytes())?;
                if let Some(spool) = &mut self.spool {
                    spool.copy_to(out)?;
                }
            }
            (Format::Markdown, true) => {
                out.write_all(markdown::summary(&self.summary, self.options.lang).as_bytes())?;
                if let Some(spool) = &mut self.spool {
                    spool.copy_to(out)?;
                }
            }
            _ => {}
        }
        out.flush()
    }
}
