//! CSV for spreadsheets and analysts: one row per criterion (per community
//! and criterion in a batch), with stable English column names.
//!
//! Written the way Excel and LibreOffice open it correctly with Chinese
//! text: UTF-8 with a byte-order mark (without it, Excel on Chinese Windows
//! reads the file as GBK and shows mojibake), CRLF line ends and RFC 4180
//! quoting. Every cell that starts with `=`, `+`, `-`, `@`, a tab or a
//! carriage return is prefixed with `'` so a spreadsheet shows it instead of
//! running it as a formula — whatever its source: the sheet, the standard
//! (a title can be `=1+1`) or the file name (`=HYPERLINK(…).yaml`).

use super::printer::{Piece, Printer};
use super::{Options, SheetReport, by_target, evidence, words};
use crate::diagnostic::FileDiagnostics;
use crate::eval::Status;
use crate::lang::Lang;
use std::io::{self, Write};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The columns, in order. Scripts may rely on these names.
pub const COLUMNS: [&str; 19] = [
    "file",
    "community",
    "district",
    "year",
    "as_of",
    "standard",
    "target",
    "id",
    "title",
    "title_en",
    "points",
    "earned",
    "status",
    "veto",
    "required",
    "actual",
    "gap",
    "not_applicable_reason",
    "evidence",
];

/// The byte-order mark and the header row.
pub fn header() -> String {
    let mut out = String::from("\u{feff}");
    push_row(&mut out, COLUMNS.iter().map(|c| c.to_string()));
    out
}

/// One sheet's rows, a row per criterion.
pub fn rows(report: &SheetReport, lang: Lang) -> String {
    let mut out = String::new();
    {
        let sheet = &report.sheet;
        for (target, rows) in by_target(report) {
            for (criterion, result) in rows {
                // What is short (gap, missing) or why it does not apply.
                let explanation = words::reason(result, criterion, sheet.as_of, lang);
                let fields = [
                    report.source.clone(),
                    sheet.community.name.clone(),
                    sheet.community.district.clone().unwrap_or_default(),
                    sheet.year.to_string(),
                    sheet.as_of.to_string(),
                    report.standard.id.clone(),
                    target.id.clone(),
                    criterion.id.clone(),
                    criterion.title.clone(),
                    criterion.title_en.clone(),
                    criterion.points.to_f64().to_string(),
                    result
                        .earned
                        .as_ref()
                        .map_or(String::new(), |e| e.to_f64().to_string()),
                    result.status.key().to_string(),
                    criterion.veto.to_string(),
                    words::requirement(&criterion.rule, lang).into_owned(),
                    result.actual.as_ref().map_or(String::new(), |a| {
                        words::actual(a, &criterion.rule, lang).into_owned()
                    }),
                    if result.status.is_failing() {
                        explanation.clone()
                    } else {
                        String::new()
                    },
                    if result.status == Status::NotApplicable {
                        explanation
                    } else {
                        String::new()
                    },
                    evidence(criterion, sheet).join("; "),
                ];
                push_row(&mut out, fields.into_iter());
            }
        }
    }
    out
}

/// One row of `fields` (one per column), each guarded against formulas.
pub fn row(fields: Vec<String>) -> String {
    let mut out = String::new();
    push_row(&mut out, fields.iter().map(|f| guard(f)));
    out
}

fn push_row(out: &mut String, fields: impl Iterator<Item = String>) {
    // Every cell, so that no source of text can be forgotten.
    let quoted: Vec<String> = fields.map(|f| quote(&guard(&f))).collect();
    out.push_str(&quoted.join(","));
    out.push_str("\r\n");
}

/// RFC 4180: a field with a comma, quote or line break is quoted, and its
/// quotes doubled.
fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) || field.starts_with(' ') || field.ends_with(' ') {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// Keeps a spreadsheet from reading text as a formula (CSV injection).
fn guard(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// The row of a sheet of a batch that could not be read: its file, status
/// `error`, and the messages where a criterion's gap would be.
fn unreadable_row(problem: &FileDiagnostics, lang: Lang) -> String {
    let mut fields = vec![String::new(); COLUMNS.len()];
    for (name, value) in [
        ("file", problem.file.clone()),
        ("status", "error".to_string()),
        ("gap", problem.one_line(lang)),
    ] {
        if let Some(i) = COLUMNS.iter().position(|c| *c == name) {
            fields[i] = value;
        }
    }
    row(fields)
}

/// `--format csv`: the header once, then each sheet's rows.
pub struct CsvPrinter {
    options: Options,
    pieces: AtomicUsize,
}

impl CsvPrinter {
    pub fn new(options: Options) -> CsvPrinter {
        CsvPrinter {
            options,
            pieces: AtomicUsize::new(0),
        }
    }
}

impl Printer for CsvPrinter {
    fn piece(&self, report: &SheetReport) -> Piece {
        Piece::new(rows(report, self.options.lang).into_bytes())
    }

    fn unreadable(&self, problem: &FileDiagnostics) -> Option<Piece> {
        let row = unreadable_row(problem, self.options.lang);
        self.options.batch.then(|| Piece::new(row.into_bytes()))
    }

    fn put(&self, piece: Piece, out: &mut dyn Write) -> io::Result<()> {
        if self.pieces.fetch_add(1, Ordering::Relaxed) == 0 {
            out.write_all(header().as_bytes())?;
        }
        out.write_all(&piece.bytes)
    }

    fn finish(&self, out: &mut dyn Write, _notes: &[String]) -> io::Result<()> {
        out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_as_rfc_4180_says() {
        assert_eq!(quote("金海岸社区"), "金海岸社区");
        assert_eq!(quote("a,b"), "\"a,b\"");
        assert_eq!(quote("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quote("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn formulas_are_defused() {
        assert_eq!(guard("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(guard("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(guard("台账"), "台账");
    }
}
