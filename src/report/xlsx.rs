//! `--format xlsx`: a workbook an office opens in Excel as it is. For one
//! sheet, a 自评表 worksheet: the header lines, then a row per criterion
//! under a subtotal row per target, the status as text on a fill, frozen
//! header, autofilter, columns as wide as their text (a CJK character
//! counts two), A4 print set-up fit to the page width with the header row
//! repeated. For a batch: 汇总 (a row per community, unreadable sheets
//! included), 矩阵 (communities × criteria, earned points on status
//! fills), 明细 (a row per community and criterion) and 问题 (unreadable
//! sheets and batch notes). English sheet names with `--lang en`.
//!
//! Every text is written as a string cell, never a formula, whatever it
//! starts with. The same input gives the same bytes: the document's
//! creation time is pinned (the library would otherwise stamp the clock).
//!
//! A workbook is a zip of whole parts, so nothing reaches the output before
//! the end. Its worksheets are written in the library's constant-memory
//! mode: each row goes to the worksheet's temporary file as it comes, and
//! only column widths and counts are held, so a batch's memory stays flat.

use super::printer::{Piece, Printer, lock};
use super::table::{community, counts_line, score_line, verdict_notes};
use super::{Options, SheetReport, by_target, evidence, words};
use crate::diagnostic::FileDiagnostics;
use crate::eval::{Status, Verdict};
use crate::lang::Lang;
use crate::lang::tr;
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format as Style, FormatBorder, Workbook, Worksheet,
    XlsxError,
};
use std::io::{self, Write};
use std::sync::Mutex;
use unicode_width::UnicodeWidthStr;

/// What a cell holds.
#[derive(Clone, Debug)]
enum Value {
    Text(String),
    /// The exact number, and how Excel shows it.
    Number(f64, Shown),
    Empty,
}

/// How Excel shows a number. The cell keeps the exact value (a formula
/// over it computes exactly); the format shows it as the other reports do
/// (`64.25`, `66.19`), where Excel's General showed `66.18556701030928`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shown {
    /// No format of its own: General (whole points, years, counts), or
    /// the column's format where it has one (汇总's percent, "0.00").
    AsColumn,
    /// A format of its own with this many decimals (`0`, `0.0`, `0.00`,
    /// …), for the few cells the column's format would show otherwise.
    /// Kept to those few: a style per cell costs a batch a hash per cell.
    Places(u8),
}

impl Value {
    fn text(self) -> String {
        match self {
            Value::Text(t) => t,
            Value::Number(n, _) => n.to_string(),
            Value::Empty => String::new(),
        }
    }
}

/// How a cell looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Look {
    Plain,
    Title,
    Header,
    Subtotal,
    Status(Status),
    Verdict(Option<Verdict>),
}

type Row = Vec<(Value, Look)>;

fn text(value: impl Into<String>) -> (Value, Look) {
    (Value::Text(value.into()), Look::Plain)
}

/// A whole number or an exact short decimal (a year, a count, a
/// criterion's points such as 2.125), which General shows as it is.
fn number(value: f64) -> (Value, Look) {
    (Value::Number(value, Shown::AsColumn), Look::Plain)
}

/// Points earned, shown as [`words::points`] shows them: at most two
/// decimals, trailing zeros dropped (`10`, `1.5`, `1.33`). Excel's `0.##`
/// would print `10.` for 10, so a whole number keeps General and a
/// fraction gets the exact number of decimals it shows with.
fn earned_points(value: &crate::exact::Fraction) -> Value {
    let shown = words::points(value);
    let places = shown.split_once('.').map_or(0, |(_, d)| d.len());
    let whole = !value.to_exact_string().contains('/');
    Value::Number(
        value.to_f64(),
        match (whole, places) {
            (true, _) => Shown::AsColumn,
            (false, places) => Shown::Places(places as u8),
        },
    )
}

/// The score's percent, shown as [`words::percent`] shows it: two
/// decimals (the column's "0.00"), more where two would put it on the
/// other side of the pass mark (89.996 is not 90.00).
fn score_percent(report: &SheetReport) -> Value {
    let shown = words::percent(report);
    let places = shown
        .trim_end_matches('%')
        .split_once('.')
        .map_or(0, |(_, d)| d.len());
    Value::Number(
        report.assessment.score.percent.to_f64(),
        match places {
            PERCENT_PLACES => Shown::AsColumn,
            places => Shown::Places(places as u8),
        },
    )
}

/// The decimals of 汇总's percent column.
const PERCENT_PLACES: usize = 2;

/// The Excel number format of `places` decimals: `0`, `0.0`, `0.00`, ….
fn places_format(places: u8) -> String {
    match places {
        0 => "0".to_string(),
        n => format!("0.{}", "0".repeat(usize::from(n))),
    }
}

fn header(names: &[&str]) -> Row {
    names
        .iter()
        .map(|n| (Value::Text(n.to_string()), Look::Header))
        .collect()
}

/// A status as a word with its symbol on its fill: readable without
/// colour.
fn status(status: Status, lang: Lang) -> (Value, Look) {
    let symbol = match status {
        Status::Pass => "√",
        Status::Gap => "×",
        Status::Missing => "?",
        Status::NotApplicable => "—",
    };
    (
        Value::Text(format!("{symbol} {}", words::status(status, lang))),
        Look::Status(status),
    )
}

fn verdict(verdict: Option<Verdict>, lang: Lang) -> (Value, Look) {
    let word = match verdict {
        Some(Verdict::Ready) => format!("√ {}", words::verdict(Verdict::Ready, lang)),
        Some(Verdict::NotReady) => format!("× {}", words::verdict(Verdict::NotReady, lang)),
        None => format!("! {}", tr!(lang, "无法读取", "unreadable")),
    };
    (Value::Text(word), Look::Verdict(verdict))
}

/// The worksheets' names, in order.
fn sheet_names(lang: Lang, batch: bool) -> &'static [&'static str] {
    match (batch, lang) {
        (false, Lang::Zh) => &["自评表"],
        (false, Lang::En) => &["Self-assessment"],
        (true, Lang::Zh) => &["汇总", "矩阵", "明细", "问题"],
        (true, Lang::En) => &["Summary", "Matrix", "Detail", "Problems"],
    }
}

const SUMMARY: usize = 0;
/// 汇总's 得分率（%） column.
const SUMMARY_PERCENT: u16 = 6;
const MATRIX: usize = 1;
const DETAIL: usize = 2;
const PROBLEMS: usize = 3;

/// What one sheet adds to the workbook, made beside the evaluation.
enum Extra {
    /// The one sheet's 自评表: the running header of its printed pages,
    /// the lines above the table, then the table (its header first).
    Sheet {
        running: String,
        above: Vec<Row>,
        table: Vec<Row>,
    },
    /// A batch sheet's rows of each worksheet.
    Batch {
        summary: Row,
        matrix_head: Row,
        matrix: Row,
        detail: Vec<Row>,
    },
    /// A batch sheet that could not be read.
    Unreadable { summary: Row, problem: Row },
}

fn summary_head(lang: Lang) -> Row {
    header(&tr!(
        lang,
        [
            "文件",
            "社区",
            "所属街道",
            "年度",
            "自评分",
            "满分",
            "得分率（%）",
            "声明不适用",
            "结论",
            "否决项",
            "未达标",
            "缺数据"
        ],
        [
            "File",
            "Community",
            "District",
            "Year",
            "Score",
            "Possible",
            "Percent",
            "Set aside",
            "Verdict",
            "Vetoes failed",
            "Gaps",
            "Missing"
        ]
    ))
}

fn detail_head(lang: Lang) -> Row {
    header(&tr!(
        lang,
        [
            "文件",
            "社区",
            "编号",
            "评分项",
            "分值",
            "自评分",
            "状态",
            "实际",
            "扣分原因"
        ],
        [
            "File",
            "Community",
            "ID",
            "Criterion",
            "Points",
            "Score",
            "Status",
            "Actual",
            "Reason for deduction"
        ]
    ))
}

fn problems_head(lang: Lang) -> Row {
    header(&tr!(
        lang,
        ["类别", "文件", "说明"],
        ["Kind", "File", "Message"]
    ))
}

/// The 自评表's columns.
fn sheet_head(lang: Lang) -> Row {
    header(&words::sheet_columns(lang))
}

fn earned(result: &crate::eval::CriterionResult) -> (Value, Look) {
    match &result.earned {
        Some(e) => (earned_points(e), Look::Plain),
        None => text("—"),
    }
}

/// One sheet's 自评表.
fn sheet_rows(report: &SheetReport, lang: Lang) -> Extra {
    let sheet = &report.sheet;
    let a = &report.assessment;
    let standard = report.standard;
    let title = tr!(
        lang,
        format!("民主法治社区自评表：{}", community(report, lang)),
        format!("Self-assessment: {}", community(report, lang))
    );
    let who = tr!(
        lang,
        format!(
            "{} 年度 · 截至 {} · 标准：{}（{}，{} 版）",
            sheet.year, sheet.as_of, standard.title, standard.id, standard.version
        ),
        format!(
            "{} · as of {} · standard: {} ({}, version {})",
            sheet.year, sheet.as_of, standard.title_en, standard.id, standard.version
        )
    );
    let verdict_line = tr!(
        lang,
        format!(
            "结论：{}{}",
            words::verdict(a.verdict, lang),
            verdict_notes(a, lang)
        ),
        format!(
            "Verdict: {}{}",
            words::verdict(a.verdict, lang),
            verdict_notes(a, lang)
        )
    );
    let mut above = vec![vec![(Value::Text(title), Look::Title)], vec![text(who)]];
    if let Some(line) = words::tailoring(standard, lang) {
        above.push(vec![text(line)]);
    }
    above.push(vec![text(score_line(report, lang))]);
    above.push(vec![(
        Value::Text(verdict_line),
        Look::Verdict(Some(a.verdict)),
    )]);
    above.push(vec![text(counts_line(a, lang))]);
    above.push(vec![text(tr!(
        lang,
        format!("文件：{}", crate::diagnostic::visible(&report.source)),
        format!("File: {}", crate::diagnostic::visible(&report.source))
    ))]);
    above.push(Vec::new());

    let mut table = vec![sheet_head(lang)];
    for (target, rows) in by_target(report) {
        let results: Vec<_> = rows.iter().map(|(_, r)| *r).collect();
        let (got, possible) = super::target_subtotal(&results);
        let subtotal = |value: Value| (value, Look::Subtotal);
        table.push(vec![
            subtotal(Value::Text(target.id.clone())),
            subtotal(Value::Text(
                tr!(lang, &target.title, &target.title_en).to_string(),
            )),
            subtotal(earned_points(&possible)),
            subtotal(Value::Empty),
            subtotal(Value::Empty),
            subtotal(earned_points(&got)),
            subtotal(Value::Empty),
            subtotal(Value::Text(tr!(
                lang,
                format!(
                    "小计：{} / {} 分",
                    words::points(&got),
                    words::points(&possible)
                ),
                format!(
                    "subtotal: {} of {} points",
                    words::points(&got),
                    words::points(&possible)
                )
            ))),
            subtotal(Value::Empty),
        ]);
        for (criterion, result) in rows {
            table.push(vec![
                text(&criterion.id),
                text(words::title_with_veto(criterion, lang)),
                number(criterion.points.to_f64()),
                text(words::requirement(&criterion.rule, lang)),
                text(words::actual_or_dash(result, criterion, lang)),
                earned(result),
                status(result.status, lang),
                text(words::reason(result, criterion, sheet.as_of, lang)),
                text(evidence(criterion, sheet).join("\n")),
            ]);
        }
    }
    let total = |value: Value| (value, Look::Subtotal);
    table.push(vec![
        total(Value::Empty),
        total(Value::Text(tr!(lang, "合计", "Total").to_string())),
        total(earned_points(&a.score.possible)),
        total(Value::Empty),
        total(Value::Empty),
        total(earned_points(&a.score.earned)),
        total(Value::Empty),
        total(Value::Text(score_line(report, lang))),
        total(Value::Empty),
    ]);
    Extra::Sheet {
        running: format!("{} · {}", community(report, lang), sheet.year),
        above,
        table,
    }
}

/// One batch sheet's rows of 汇总, 矩阵 and 明细.
fn batch_rows(report: &SheetReport, lang: Lang) -> Extra {
    let sheet = &report.sheet;
    let a = &report.assessment;
    let file = crate::diagnostic::visible(&report.source);
    let summary = vec![
        text(&file),
        text(&sheet.community.name),
        text(sheet.community.district.clone().unwrap_or_default()),
        number(f64::from(sheet.year)),
        (earned_points(&a.score.earned), Look::Plain),
        (earned_points(&a.score.possible), Look::Plain),
        (score_percent(report), Look::Plain),
        (earned_points(&a.score.set_aside), Look::Plain),
        verdict(Some(a.verdict), lang),
        text(a.vetoes_failed.join(tr!(lang, "、", ", "))),
        number(a.count(Status::Gap) as f64),
        number(a.count(Status::Missing) as f64),
    ];
    let mut matrix_head = header(&tr!(
        lang,
        ["社区", "年度", "文件"],
        ["Community", "Year", "File"]
    ));
    let mut matrix = vec![
        text(community(report, lang)),
        number(f64::from(sheet.year)),
        text(&file),
    ];
    let mut detail = Vec::new();
    for result in &a.results {
        let criterion = result.criterion;
        matrix_head.push((Value::Text(criterion.id.clone()), Look::Header));
        let (value, _) = earned(result);
        matrix.push((value, Look::Status(result.status)));
        detail.push(vec![
            text(&file),
            text(&sheet.community.name),
            text(&criterion.id),
            text(words::title_with_veto(criterion, lang)),
            number(criterion.points.to_f64()),
            earned(result),
            // Its word and symbol; a fill per cell is for the matrix and the
            // one sheet's form (each fill costs the library a lookup, and
            // this sheet has a row per criterion of every community).
            text(status(result.status, lang).0.text()),
            text(words::actual_or_dash(result, criterion, lang)),
            text(words::reason(result, criterion, sheet.as_of, lang)),
        ]);
    }
    Extra::Batch {
        summary,
        matrix_head,
        matrix,
        detail,
    }
}

/// The styles, made once per workbook.
struct Styles {
    plain: Style,
    title: Style,
    header: Style,
    subtotal: Style,
    pass: Style,
    gap: Style,
    missing: Style,
    na: Style,
}

impl Styles {
    fn new() -> Styles {
        let cell = Style::new()
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0x99_99_99));
        let fill = |rgb: u32| cell.clone().set_background_color(Color::RGB(rgb));
        Styles {
            plain: cell.clone().set_text_wrap(),
            title: Style::new().set_bold().set_font_size(14),
            header: fill(0xE0_E0_E0).set_bold(),
            subtotal: fill(0xF0_F0_F0).set_bold(),
            pass: fill(0xE3_F4_E6),
            gap: fill(0xFB_E0_E0).set_bold(),
            missing: fill(0xFD_F1_CC).set_bold(),
            na: fill(0xEE_EE_EE),
        }
    }

    fn of(&self, look: Look) -> &Style {
        match look {
            Look::Plain => &self.plain,
            Look::Title => &self.title,
            Look::Header => &self.header,
            Look::Subtotal => &self.subtotal,
            Look::Status(Status::Pass) | Look::Verdict(Some(Verdict::Ready)) => &self.pass,
            Look::Status(Status::Gap) | Look::Verdict(Some(Verdict::NotReady)) => &self.gap,
            Look::Status(Status::Missing) | Look::Verdict(None) => &self.missing,
            Look::Status(Status::NotApplicable) => &self.na,
        }
    }
}

/// The widest text of a column, in display columns: a CJK character
/// counts two, as it shows. Multi-line text counts its longest line.
fn width(value: &Value) -> usize {
    match value {
        Value::Text(t) => t.lines().map(UnicodeWidthStr::width).max().unwrap_or(0),
        // As shown: 66.19, not the 17 characters of 66.18556701030928.
        Value::Number(n, Shown::Places(places)) => format!("{n:.*}", usize::from(*places)).len(),
        Value::Number(n, Shown::AsColumn) => format!("{n}").len().min(12),
        Value::Empty => 0,
    }
}

/// The most characters a cell holds; the library refuses more (Excel's
/// limit), which would cost the whole report for one long evidence line.
const MAX_CELL: usize = 32_767;

/// `text` cut to what a cell holds, marked as cut.
fn fit_cell(text: String) -> String {
    if text.chars().count() <= MAX_CELL {
        return text;
    }
    let mut cut: String = text.chars().take(MAX_CELL - 1).collect();
    cut.push('…');
    cut
}

/// The running header of printed pages, cut to what Excel's header holds
/// (255 characters with its codes; the library drops a longer one).
fn fit_header(running: &str) -> String {
    let running = running.replace('&', "&&");
    let mut fitted: String = running.chars().take(200).collect();
    // A cut between the two `&` of an escaped one would start a code.
    if fitted.ends_with('&') && !fitted.ends_with("&&") {
        fitted.pop();
    }
    fitted
}

/// A worksheet being written: the next row, and each column's widest text.
#[derive(Default)]
struct Sheet {
    next: u32,
    widths: Vec<usize>,
    /// The header row, where the table starts (frozen, filtered, repeated
    /// on every printed page).
    header: Option<u32>,
    columns: u16,
}

/// The workbook being written, and where each worksheet is.
struct Book {
    workbook: Workbook,
    styles: Styles,
    /// Plain cells without a style (a batch's data sheets).
    bare: bool,
    sheets: Vec<Sheet>,
}

/// The library's error as an I/O error; its own I/O errors (no room for a
/// worksheet's temporary file, a full disk) as they were, so they are
/// told in the user's language like any other.
fn to_io(error: XlsxError) -> io::Error {
    match error {
        XlsxError::IoError(error) => error,
        error => io::Error::other(error.to_string()),
    }
}

impl Book {
    fn new(lang: Lang, batch: bool) -> io::Result<Book> {
        // Each worksheet keeps its rows in a temporary file; the library's
        // error for one it cannot make is English only: try one first, for
        // the message every other report gives.
        drop(crate::spool::Spool::new()?);
        let mut workbook = Workbook::new();
        // Excel itself saves at level 3: a third faster than the library's
        // default 6 on a batch's worksheets, for a file about 5% larger.
        workbook.set_zip_compression_level(3);
        let created = ExcelDateTime::from_ymd(2000, 1, 1).map_err(to_io)?;
        workbook.set_properties(
            &DocProperties::new()
                .set_creation_datetime(&created)
                .set_title(tr!(lang, "民主法治社区自评", "Self-assessment")),
        );
        let names = sheet_names(lang, batch);
        for name in names {
            workbook
                .add_worksheet_with_constant_memory()
                .map_err(to_io)?
                .set_name(*name)
                .map_err(to_io)?;
        }
        if batch {
            // 汇总's percent as the other reports show it (66.19, not
            // 66.18556701030928): a column format, which the library gives
            // every unstyled cell of the column as it writes it, so the
            // batch's cells stay without a style of their own. Set before
            // the first row: constant-memory rows are written as they come.
            let percent = Style::new().set_num_format(places_format(PERCENT_PLACES as u8));
            workbook
                .worksheet_from_index(SUMMARY)
                .map_err(to_io)?
                .set_column_format(SUMMARY_PERCENT, &percent)
                .map_err(to_io)?;
        }
        Ok(Book {
            workbook,
            styles: Styles::new(),
            bare: batch,
            sheets: names.iter().map(|_| Sheet::default()).collect(),
        })
    }

    /// Appends `row` to worksheet `index`; a header row marks where the
    /// table starts.
    fn push(&mut self, index: usize, row: Row) -> io::Result<()> {
        let sheet = &mut self.sheets[index];
        let at = sheet.next;
        sheet.next += 1;
        let is_header = row.first().is_some_and(|(_, look)| *look == Look::Header);
        if is_header && sheet.header.is_none() {
            sheet.header = Some(at);
        }
        // The lines above a table are wide titles: they do not set widths.
        let counts = sheet.header.is_some();
        if counts {
            sheet.columns = sheet.columns.max(row.len() as u16);
            if sheet.widths.len() < row.len() {
                sheet.widths.resize(row.len(), 0);
            }
            for (i, (value, _)) in row.iter().enumerate() {
                sheet.widths[i] = sheet.widths[i].max(width(value));
            }
        }
        let worksheet = self.workbook.worksheet_from_index(index).map_err(to_io)?;
        for (col, (value, look)) in row.into_iter().enumerate() {
            let col = col as u16;
            // A batch's plain cells (millions of them) carry no style: the
            // library looks each cell's style up by hashing it, which
            // cost a batch more than all the rest of its writing. One
            // sheet's form has its borders.
            let style = match (look, self.bare) {
                (Look::Plain, true) => None,
                _ => Some(self.styles.of(look)),
            };
            match (value, style) {
                // Always a string cell: text that starts with `=` stays text.
                (Value::Text(t), style) if t.len() > MAX_CELL => {
                    let t = fit_cell(t);
                    match style {
                        Some(style) => worksheet.write_string_with_format(at, col, t, style),
                        None => worksheet.write_string(at, col, t),
                    }
                }
                (Value::Text(t), Some(style)) => {
                    worksheet.write_string_with_format(at, col, t, style)
                }
                (Value::Text(t), None) => worksheet.write_string(at, col, t),
                (Value::Number(n, Shown::Places(places)), style) => {
                    // Rare (a fraction of a point, a percent at the pass
                    // mark): a style of its own is affordable here.
                    let shown = style
                        .cloned()
                        .unwrap_or_default()
                        .set_num_format(places_format(places));
                    worksheet.write_number_with_format(at, col, n, &shown)
                }
                (Value::Number(n, Shown::AsColumn), Some(style)) => {
                    worksheet.write_number_with_format(at, col, n, style)
                }
                // Unstyled, so it takes the column's format, if any.
                (Value::Number(n, Shown::AsColumn), None) => worksheet.write_number(at, col, n),
                (Value::Empty, Some(style)) => worksheet.write_blank(at, col, style),
                (Value::Empty, None) => continue,
            }
            .map_err(to_io)?;
        }
        Ok(())
    }

    /// Widths, frozen header, filter and print set-up, then the whole
    /// workbook to `out`.
    fn finish(mut self, running: &str, out: &mut dyn Write) -> io::Result<()> {
        for (index, sheet) in self.sheets.iter().enumerate() {
            let worksheet = self.workbook.worksheet_from_index(index).map_err(to_io)?;
            set_up(worksheet, sheet, running)?;
        }
        // The library wants a writer it may send between threads; a
        // temporary file is one, and keeps the zip out of memory.
        let mut zip = crate::spool::Spool::new()?;
        self.workbook.save_to_writer(&mut zip).map_err(to_io)?;
        zip.copy_to(out)
    }
}

/// Column widths, frozen header, autofilter and A4 print set-up.
fn set_up(worksheet: &mut Worksheet, sheet: &Sheet, running: &str) -> io::Result<()> {
    for (col, &w) in sheet.widths.iter().enumerate() {
        // Room for the filter button; long text wraps instead of running on.
        let w = (w + 3).clamp(6, 60);
        worksheet
            .set_column_width(col as u16, w as f64)
            .map_err(to_io)?;
    }
    worksheet.set_paper_size(9); // A4
    worksheet.set_landscape();
    worksheet.set_print_fit_to_pages(1, 0);
    // `&` starts a code in Excel's header text.
    worksheet.set_header(format!("&L{}&R&P / &N", fit_header(running)));
    if let Some(header) = sheet.header {
        worksheet.set_freeze_panes(header + 1, 0).map_err(to_io)?;
        worksheet.set_repeat_rows(header, header).map_err(to_io)?;
        let last = sheet.next.saturating_sub(1).max(header);
        if sheet.columns > 0 {
            worksheet
                .autofilter(header, 0, last, sheet.columns - 1)
                .map_err(to_io)?;
        }
    }
    Ok(())
}

/// What the workbook holds until the end.
#[derive(Default)]
struct Held {
    book: Option<Book>,
    /// The running header of the printed pages.
    running: String,
}

/// `--format xlsx`: the workbook, written whole at the end.
pub struct XlsxPrinter {
    options: Options,
    held: Mutex<Held>,
}

impl XlsxPrinter {
    pub fn new(options: Options) -> XlsxPrinter {
        XlsxPrinter {
            options,
            held: Mutex::new(Held::default()),
        }
    }
}

impl Printer for XlsxPrinter {
    fn piece(&self, report: &SheetReport) -> Piece {
        let lang = self.options.lang;
        let extra = if self.options.batch {
            batch_rows(report, lang)
        } else {
            sheet_rows(report, lang)
        };
        // Nothing reaches the output before the end: a piece is only rows.
        Piece::with(Vec::new(), extra)
    }

    fn unreadable(&self, problem: &FileDiagnostics) -> Option<Piece> {
        let lang = self.options.lang;
        self.options.batch.then(|| {
            let file = crate::diagnostic::visible(&problem.file);
            let mut summary = vec![text(&file)];
            summary.extend(std::iter::repeat_n((Value::Empty, Look::Plain), 7));
            summary.push(verdict(None, lang));
            // `行:列 路径: 消息`, a line each: the file is column B's, and
            // a compiler-style frame's `|` and `^` do not line up in a
            // proportional font. What the frame's `=` lines said (did you
            // mean …?) stays, in brackets on the problem's line.
            let lines: Vec<String> = problem
                .lines(lang)
                .into_iter()
                .zip(&problem.diagnostics)
                .map(|(line, diagnostic)| {
                    let help: Vec<&str> = diagnostic.help.iter().map(|h| h.get(lang)).collect();
                    let line = match help.is_empty() {
                        true => line,
                        false => tr!(
                            lang,
                            format!("{line}（{}）", help.join("；")),
                            format!("{line} ({})", help.join("; "))
                        ),
                    };
                    crate::diagnostic::visible(&line)
                })
                .collect();
            let problem = vec![
                text(tr!(lang, "无法读取", "unreadable")),
                text(&file),
                text(lines.join("\n")),
            ];
            Piece::with(Vec::new(), Extra::Unreadable { summary, problem })
        })
    }

    fn put(&self, piece: Piece, _out: &mut dyn Write) -> io::Result<()> {
        let lang = self.options.lang;
        let batch = self.options.batch;
        let (_, extra) = piece.into_parts::<Extra>();
        let Some(extra) = extra else {
            return Ok(());
        };
        let mut held = lock(&self.held);
        if held.book.is_none() {
            let mut book = Book::new(lang, batch)?;
            if batch {
                book.push(SUMMARY, summary_head(lang))?;
                book.push(DETAIL, detail_head(lang))?;
                book.push(PROBLEMS, problems_head(lang))?;
                held.running = tr!(lang, "民主法治社区自评汇总", "Self-assessment summary").into();
            }
            held.book = Some(book);
        }
        let held = &mut *held;
        let Some(book) = held.book.as_mut() else {
            return Ok(());
        };
        match extra {
            Extra::Sheet {
                running,
                above,
                table,
            } => {
                held.running = running;
                for row in above.into_iter().chain(table) {
                    book.push(0, row)?;
                }
            }
            Extra::Batch {
                summary,
                matrix_head,
                matrix,
                detail,
            } => {
                book.push(SUMMARY, summary)?;
                if book.sheets[MATRIX].header.is_none() {
                    book.push(MATRIX, matrix_head)?;
                }
                book.push(MATRIX, matrix)?;
                for row in detail {
                    book.push(DETAIL, row)?;
                }
            }
            Extra::Unreadable { summary, problem } => {
                book.push(SUMMARY, summary)?;
                book.push(PROBLEMS, problem)?;
            }
        }
        Ok(())
    }

    fn finish(&self, out: &mut dyn Write, notes: &[String]) -> io::Result<()> {
        let lang = self.options.lang;
        let mut held = lock(&self.held);
        let running = std::mem::take(&mut held.running);
        let Some(mut book) = held.book.take() else {
            return Ok(());
        };
        if self.options.batch {
            for note in notes {
                let row = vec![
                    text(tr!(lang, "批次提示", "batch note")),
                    text(""),
                    text(note),
                ];
                book.push(PROBLEMS, row)?;
            }
        }
        book.finish(&running, out)?;
        out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_to_what_a_cell_and_a_header_hold() {
        let long = "长".repeat(MAX_CELL + 10);
        let cut = fit_cell(long);
        assert_eq!(cut.chars().count(), MAX_CELL);
        assert!(cut.ends_with('…'));
        assert_eq!(fit_cell("短".to_string()), "短");
        assert_eq!(fit_header("A&B"), "A&&B");
        let header = fit_header(&"&".repeat(300));
        assert_eq!(header.len(), 200);
        assert_eq!(
            fit_header(&format!("{}&", "x".repeat(199))),
            "x".repeat(199)
        );
    }

    #[test]
    fn cjk_text_counts_two_columns_a_character() {
        assert_eq!(width(&Value::Text("临江社区".into())), 8);
        assert_eq!(width(&Value::Text("ab\n长长长".into())), 6);
        assert_eq!(width(&Value::Number(66.5, Shown::AsColumn)), 4);
        assert_eq!(width(&Value::Number(66.18556701, Shown::Places(2))), 5);
    }

    #[test]
    fn points_show_as_the_other_reports_show_them() {
        use crate::exact::Fraction;
        let shown = |num, den| match earned_points(&Fraction::new(num, den)) {
            Value::Number(n, shown) => (n, shown),
            other => panic!("not a number: {other:?}"),
        };
        // Whole: General, which shows 10 (Excel's `0.##` would show `10.`).
        assert_eq!(shown(10, 1), (10.0, Shown::AsColumn));
        // A fraction: as many decimals as words::points shows, the value
        // exact.
        assert_eq!(shown(3, 2), (1.5, Shown::Places(1)));
        assert_eq!(shown(4, 3), (4.0 / 3.0, Shown::Places(2)));
        // 1.999 shows as 2 in every report, so as `0` here, not `2.00`.
        assert_eq!(shown(1999, 1000), (1.999, Shown::Places(0)));
        assert_eq!(places_format(0), "0");
        assert_eq!(places_format(2), "0.00");
        assert_eq!(places_format(3), "0.000");
    }
}
