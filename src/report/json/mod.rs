//! The JSON report (docs/reference.md): one object per sheet, an array
//! for a batch. Field order is fixed by these structs, so the output is
//! byte-identical across runs. Numbers are not rounded; texts
//! (`required`, `actual`, `gap`) are in the report's language.

mod check;
mod document;

pub use document::{CriterionInfo, FORMAT_VERSION, Report, read, report};

use super::Options;
use super::printer::{Piece, Printer};
use crate::diagnostic::FileDiagnostics;
use crate::engine::SheetReport;
use crate::lang::Lang;
use serde::Serialize;
use std::io::{self, Write};
use std::sync::atomic::{AtomicUsize, Ordering};

/// One sheet's report, pretty-printed, with a final newline.
pub fn render_one(r: &SheetReport, lang: Lang) -> Vec<u8> {
    let mut out = Vec::with_capacity(32 * 1024);
    let formatter = serde_json::ser::PrettyFormatter::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    // Plain structs into a Vec: serializing cannot fail.
    let _ = report(r, lang).serialize(&mut serializer);
    out.push(b'\n');
    out
}

/// One sheet's report as an element of a pretty-printed array: exactly
/// what `serde_json::to_string_pretty` writes for it inside an array, so a
/// batch can be written element by element.
pub fn render_element(r: &SheetReport, lang: Lang) -> Vec<u8> {
    nested_element(&report(r, lang))
}

/// Any value as an element of a pretty-printed array.
pub fn nested_element(value: &impl Serialize) -> Vec<u8> {
    let mut out = b"  ".to_vec();
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, Nested::default());
    // Plain structs into a Vec: serializing cannot fail.
    let _ = value.serialize(&mut serializer);
    out
}

/// serde_json's pretty layout (two-space indent), started one level deep.
struct Nested {
    depth: usize,
    has_value: bool,
}

impl Default for Nested {
    fn default() -> Nested {
        Nested {
            depth: 1,
            has_value: false,
        }
    }
}

impl Nested {
    fn indent<W: ?Sized + std::io::Write>(&self, w: &mut W) -> std::io::Result<()> {
        const SPACES: &[u8; 64] =
            b"                                                                ";
        let width = (2 * self.depth).min(SPACES.len());
        w.write_all(&SPACES[..width])
    }

    /// Starts an array element or an object entry on a line of its own.
    fn next_item<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }

    /// Opens an array or object one level deeper.
    fn open<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    /// Closes it, on a line of its own unless it was empty.
    fn close<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.next_item(w, first)
    }
    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.next_item(w, first)
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// One sheet's report on one line (JSON Lines), for streaming and `jq -c`.
pub fn render_line(r: &SheetReport, lang: Lang) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 * 1024);
    // Plain structs into a Vec: serializing cannot fail.
    let _ = serde_json::to_writer(&mut out, &report(r, lang));
    out.push(b'\n');
    out
}

/// The entry of a sheet of a batch that could not be read: its file and
/// every problem, each with its place.
#[derive(Serialize)]
struct Unreadable<'a> {
    format: u32,
    file: &'a str,
    errors: Vec<ErrorInfo<'a>>,
}

#[derive(Serialize)]
struct ErrorInfo<'a> {
    line: Option<usize>,
    column: Option<usize>,
    path: Option<&'a str>,
    message: &'a str,
}

fn unreadable_entry(problem: &FileDiagnostics, lang: Lang) -> Unreadable<'_> {
    Unreadable {
        format: FORMAT_VERSION,
        file: &problem.file,
        errors: problem
            .diagnostics
            .iter()
            .map(|d| ErrorInfo {
                line: d.position.map(|p| p.line),
                column: d.position.map(|p| p.column),
                path: d.key_path.as_deref(),
                message: d.message.get(lang),
            })
            .collect(),
    }
}

/// `--format json`: one object for one sheet; for a batch an array written
/// element by element, unreadable sheets included as `{file, errors}`.
pub struct JsonPrinter {
    options: Options,
    pieces: AtomicUsize,
}

impl JsonPrinter {
    pub fn new(options: Options) -> JsonPrinter {
        JsonPrinter {
            options,
            pieces: AtomicUsize::new(0),
        }
    }
}

impl Printer for JsonPrinter {
    fn piece(&self, report: &SheetReport) -> Piece {
        let lang = self.options.lang;
        Piece::new(if self.options.batch {
            render_element(report, lang)
        } else {
            render_one(report, lang)
        })
    }

    fn unreadable(&self, problem: &FileDiagnostics) -> Option<Piece> {
        let entry = unreadable_entry(problem, self.options.lang);
        self.options
            .batch
            .then(|| Piece::new(nested_element(&entry)))
    }

    fn put(&self, piece: Piece, out: &mut dyn Write) -> io::Result<()> {
        let first = self.pieces.fetch_add(1, Ordering::Relaxed) == 0;
        if self.options.batch {
            out.write_all(if first { b"[\n" } else { b",\n" })?;
        }
        out.write_all(&piece.bytes)
    }

    fn finish(&self, out: &mut dyn Write, _notes: &[String]) -> io::Result<()> {
        if self.options.batch && self.pieces.load(Ordering::Relaxed) > 0 {
            out.write_all(b"\n]\n")?;
        }
        out.flush()
    }
}

/// `--format jsonl`: one compact report (or unreadable entry) per line.
pub struct JsonLinesPrinter {
    options: Options,
}

impl JsonLinesPrinter {
    pub fn new(options: Options) -> JsonLinesPrinter {
        JsonLinesPrinter { options }
    }
}

impl Printer for JsonLinesPrinter {
    fn piece(&self, report: &SheetReport) -> Piece {
        Piece::new(render_line(report, self.options.lang))
    }

    fn unreadable(&self, problem: &FileDiagnostics) -> Option<Piece> {
        let entry = unreadable_entry(problem, self.options.lang);
        // Plain structs into a Vec: serializing cannot fail.
        let mut line = serde_json::to_vec(&entry).unwrap_or_default();
        line.push(b'\n');
        self.options.batch.then(|| Piece::new(line))
    }

    fn put(&self, piece: Piece, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(&piece.bytes)
    }

    fn finish(&self, out: &mut dyn Write, _notes: &[String]) -> io::Result<()> {
        out.flush()
    }
}
