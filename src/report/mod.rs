//! Printers: evaluated sheets in, text out. The table is the self-score
//! sheet a committee fills in by hand today (and, for several sheets, the
//! summary a district office reads); JSON and JSON Lines are for scripts
//! (docs/reference.md); Markdown is the sheet handed in with the creation
//! materials; CSV is for spreadsheets; JUnit XML is for CI dashboards.
//!
//! Each format is one type implementing [`Printer`], chosen in
//! [`Format::printer`]. Printers never decide a status: they only put the
//! assessment into words, through [`words`], in the language asked for.

pub(crate) mod batch;
pub mod csv;
pub(crate) mod html;
pub(crate) mod json;
pub(crate) mod junit;
pub(crate) mod markdown;
pub(crate) mod printer;
pub(crate) mod style;
pub(crate) mod table;
pub(crate) mod words;
pub(crate) mod wrap;
pub(crate) mod xlsx;

pub use crate::engine::SheetReport;
use crate::eval::{CriterionResult, Status};
use crate::exact::Fraction;
use crate::facts::{FactSheet, FactValue, Record};
use crate::lang::Lang;
use crate::standard::{Criterion, Target};
use clap::ValueEnum;
pub use printer::{Piece, Printer};

/// The output formats of `--format` and `--output FORMAT=FILE`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// 自评表（多份时为汇总表）/ the self-score table (a summary for several sheets)
    Table,
    /// JSON 报告，供脚本读取 / the JSON report, for scripts
    Json,
    /// 每行一份 JSON 报告 / one JSON report per line
    Jsonl,
    /// Markdown 自评表，可打印或粘贴 / a Markdown self-score sheet to print or paste
    Markdown,
    /// CSV，每个评分项一行，可用 Excel 打开 / CSV, a row per criterion, for spreadsheets
    Csv,
    /// JUnit XML，供 CI 面板使用 / JUnit XML for CI dashboards
    Junit,
    /// HTML 自评表（多份时为汇总看板），可打印为 PDF / an HTML sheet (a dashboard for several sheets) to print or save as PDF
    Html,
    /// Excel 工作簿（仅写入文件）/ an Excel workbook (files only)
    Xlsx,
}

/// How the reports are to be printed.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    pub lang: Lang,
    /// Several sheets were asked for (several files or a folder).
    pub batch: bool,
    /// In a batch table, the full sheet of each community, not only its
    /// gaps and missing facts.
    pub detail: bool,
    /// ANSI colours for statuses and verdicts (terminal only).
    pub color: bool,
    pub width: Width,
    /// Today, where the run may say a default `as_of` lies ahead of it
    /// (the only use of the clock in a report; it changes no result).
    pub today: Option<crate::date::Date>,
}

impl Options {
    /// One sheet, no colour, no wrapping: for files and text built from
    /// other text.
    pub fn plain(lang: Lang) -> Options {
        Options {
            lang,
            batch: false,
            detail: false,
            color: false,
            width: Width::Unlimited,
            today: None,
        }
    }
}

/// How wide a table may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Width {
    /// As wide as its content: files, pipes, snapshots.
    Unlimited,
    /// Wrapped to this many columns (`--width`).
    Fixed(u16),
    /// Wrapped to the terminal it is shown on.
    Terminal,
}

impl Format {
    /// Every format, for tests and the fuzz target to go through them all.
    pub fn all() -> &'static [Format] {
        Format::value_variants()
    }

    /// The printer of this format: the one place formats are matched, so a
    /// new format is a variant here, an arm below and a file of its own.
    pub fn printer(self, options: Options) -> Box<dyn Printer> {
        match self {
            Format::Table => Box::new(table::TablePrinter::new(options)),
            Format::Json => Box::new(json::JsonPrinter::new(options)),
            Format::Jsonl => Box::new(json::JsonLinesPrinter::new(options)),
            Format::Markdown => Box::new(markdown::MarkdownPrinter::new(options)),
            Format::Csv => Box::new(csv::CsvPrinter::new(options)),
            Format::Junit => Box::new(junit::JunitPrinter::new(options)),
            Format::Html => Box::new(html::HtmlPrinter::new(options)),
            Format::Xlsx => Box::new(xlsx::XlsxPrinter::new(options)),
        }
    }
}

/// Renders `reports` in `format` into bytes, held in memory: for tests, the
/// fuzz target and small outputs. An error (the spool, a temporary file,
/// could not be made) is returned, never an empty or partial report.
pub fn render(
    reports: &[SheetReport],
    format: Format,
    options: &Options,
) -> std::io::Result<Vec<u8>> {
    let printer = format.printer(*options);
    let mut out = Vec::new();
    for report in reports {
        printer.put(printer.piece(report), &mut out)?;
    }
    printer.finish(&mut out, &[])?;
    Ok(out)
}

/// A target's earned and possible points over its applicable criteria;
/// `results` are the target's own.
pub fn target_subtotal(results: &[&CriterionResult]) -> (Fraction, Fraction) {
    let mut earned = Fraction::ZERO;
    let mut possible = Fraction::ZERO;
    for result in results {
        if let Some(e) = &result.earned {
            earned += e;
            possible += result.criterion.points.to_fraction();
        }
    }
    (earned, possible)
}

/// Each target with its own criteria and their results, in order.
pub fn by_target<'r>(
    report: &'r SheetReport,
) -> impl Iterator<Item = (&'r Target, Vec<(&'r Criterion, &'r CriterionResult<'r>)>)> {
    report
        .assessment
        .results
        .chunk_by(|a, b| std::ptr::eq(a.target, b.target))
        .map(|rows| {
            let pairs = rows.iter().map(|r| (r.criterion, r)).collect();
            (rows[0].target, pairs)
        })
}

/// The records a criterion reads (for record-based rules), as given.
pub fn records<'s>(criterion: &Criterion, sheet: &'s FactSheet) -> Vec<&'s Record> {
    criterion
        .rule
        .facts()
        .into_iter()
        .filter_map(|(fact, _)| match sheet.fact(fact) {
            Some(FactValue::Records(records)) => Some(records.iter()),
            _ => None,
        })
        .flatten()
        .collect()
}

/// Everything the sheet cites as evidence for a criterion: its entry under
/// `evidence`, then the records of its ledger that name theirs
/// (`2024-03-05 学雷锋日 — 活动台账第3页`).
pub fn evidence(criterion: &Criterion, sheet: &FactSheet) -> Vec<String> {
    let mut cited: Vec<String> = sheet
        .evidence
        .get(&criterion.id)
        .cloned()
        .unwrap_or_default();
    for record in records(criterion, sheet) {
        if let Some(evidence) = &record.evidence {
            let title = record
                .title
                .as_ref()
                .map_or(String::new(), |t| format!(" {t}"));
            cited.push(format!("{}{title} — {evidence}", record.date));
        }
    }
    cited
}

/// The gaps and missing facts of a sheet, the most points at stake first
/// (equal stakes in the standard's order): what to settle before the
/// inspection.
pub fn open_items<'r>(report: &'r SheetReport) -> Vec<(&'r Criterion, &'r CriterionResult<'r>)> {
    let mut open: Vec<_> = by_target(report)
        .flat_map(|(_, rows)| rows)
        .filter(|(_, result)| result.status.is_failing())
        .collect();
    // Stable: equal stakes keep the standard's order.
    open.sort_by_key(|(criterion, result)| std::cmp::Reverse(at_stake(criterion, result)));
    open
}

/// Points a failing criterion leaves on the table: what it could still
/// earn. Zero for `pass` and `not_applicable`.
pub fn at_stake(criterion: &Criterion, result: &CriterionResult) -> Fraction {
    match (result.status, &result.earned) {
        (Status::Gap | Status::Missing, Some(earned)) => &criterion.points.to_fraction() - earned,
        _ => Fraction::ZERO,
    }
}
