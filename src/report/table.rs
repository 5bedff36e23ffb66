//! The self-score sheet as a terminal table: one row per criterion, grouped
//! under a row per target with its subtotal, then the evidence cited, the
//! summary line and the verdict. Laid out like the paper sheet (项目 / 分值
//! / 自评分 / 扣分原因).

use super::batch;
use super::printer::{Piece, Printer, lock};
use super::style::{paint, status_color, verdict_color};
use super::wrap::{self, GLUE};
use super::{Options, SheetReport, Width, by_target, evidence, words};
use crate::diagnostic::FileDiagnostics;
use crate::eval::{Assessment, CriterionResult, Status};
use crate::lang::Lang;
use crate::lang::tr;
use crate::standard::Criterion;
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, ContentArrangement, Table};
use std::fmt::Write as _;
use std::io;
use std::sync::Mutex;

pub fn render(report: &SheetReport, options: &Options) -> String {
    let lang = options.lang;
    let mut out = heading(report, lang);
    if let Some(note) = words::as_of_note(&report.sheet, options.today, lang) {
        out.push_str(&note);
        out.push('\n');
    }
    let width = available(options);
    let table = table(report, options);
    let mut out = match width {
        Some(width) => wrap::fit(&out, width),
        None => out,
    };
    match width {
        Some(width) if natural_width(&table) > width => {
            out.push_str(&blocks(report, options, width))
        }
        _ => {
            out.push_str(&table.to_string());
            out.push('\n');
        }
    }
    let tail = cited(report, lang, width) + &summary(report, options);
    match width {
        Some(width) => out.push_str(&wrap::fit(&tail, width)),
        None => out.push_str(&tail),
    }
    out
}

/// The columns the output may take: `--width`, the terminal's, or `None`
/// for files and pipes (as wide as the content).
pub fn available(options: &Options) -> Option<usize> {
    match options.width {
        Width::Unlimited => None,
        Width::Fixed(width) => Some(width.into()),
        Width::Terminal => new_table(options).width().map(usize::from),
    }
}

/// How wide `table` is with nothing wrapped: each column's widest cell
/// and its padding, and the borders between.
pub fn natural_width(table: &Table) -> usize {
    let columns = table.column_max_content_widths();
    columns.iter().map(|&w| usize::from(w) + 2).sum::<usize>() + columns.len() + 1
}

/// The sheet where its table does not fit on one line a row: a heading
/// line per target (`1 【社区自治组织健全】 7/7`), a line per criterion
/// (`  3.1  依法按期换届 · 0/4 · 未达标`) and, indented under it, why it
/// lost points. A table squeezed into a laptop's width wraps every title to
/// three or more lines of a dozen columns; this reads top to bottom.
fn blocks(report: &SheetReport, options: &Options, width: usize) -> String {
    let lang = options.lang;
    let mut out = String::new();
    for (target, rows) in by_target(report) {
        let results: Vec<_> = rows.iter().map(|(_, r)| *r).collect();
        let (earned, possible) = super::target_subtotal(&results);
        let (earned, possible) = (words::points(&earned), words::points(&possible));
        let line = tr!(
            lang,
            format!(
                "{} 【{}】{GLUE}{earned}/{possible}",
                target.id, target.title
            ),
            format!(
                "{} [{}]{GLUE}{earned}/{possible}",
                target.id, target.title_en
            )
        );
        push_lines(&mut out, wrap::wrap(&line, width, "", 2));
        for (criterion, result) in rows {
            out.push_str(&criterion_block(report, criterion, result, options, width));
        }
    }
    out
}

/// A criterion's line (id, title, score out of its points, status) and,
/// when it has one, its reason on the lines under it, all wrapped to
/// `width` with continuation lines indented under the title.
pub fn criterion_block(
    report: &SheetReport,
    criterion: &Criterion,
    result: &CriterionResult,
    options: &Options,
    width: usize,
) -> String {
    let lang = options.lang;
    let status = paint(
        &wrap::unbroken(words::status(result.status, lang)),
        status_color(result.status),
        options.color,
    );
    // The title keeps its `·`; the score and status stay together.
    let line = format!(
        "{}{GLUE}· {}/{}{GLUE}·{GLUE}{status}",
        words::title_with_veto(criterion, lang),
        words::earned(result),
        words::decimal(criterion.points),
    );
    let id = format!("  {:<5}", format!("{} ", criterion.id));
    let indent = id.len();
    let mut out = String::new();
    push_lines(&mut out, wrap::wrap(&line, width, &id, indent));
    let reason = words::reason(result, criterion, report.sheet.as_of, lang);
    if !reason.is_empty() {
        push_lines(
            &mut out,
            wrap::wrap(&reason, width, &" ".repeat(indent), indent),
        );
    }
    out
}

fn push_lines(out: &mut String, lines: Vec<String>) {
    for line in lines {
        out.push_str(&line);
        out.push('\n');
    }
}

/// A table laid out for `options`: as wide as its content (so the same
/// input gives the same bytes), or wrapped to `--width` or the terminal.
pub fn new_table(options: &Options) -> Table {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED);
    match options.width {
        Width::Unlimited => {
            table
                .force_no_tty()
                .set_content_arrangement(ContentArrangement::Disabled);
        }
        Width::Fixed(width) => {
            table
                .force_no_tty()
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(width);
        }
        // comfy-table measures the terminal itself.
        Width::Terminal => {
            table.set_content_arrangement(ContentArrangement::Dynamic);
        }
    }
    if options.color {
        table.enforce_styling();
    }
    table
}

/// A status cell, coloured when colour is on.
pub fn status_cell(status: Status, lang: Lang) -> Cell {
    Cell::new(words::status(status, lang)).fg(status_color(status))
}

/// Who, which year, as of when, against which standard.
pub fn heading(report: &SheetReport, lang: Lang) -> String {
    let sheet = &report.sheet;
    let standard = report.standard;
    let mut out = tr!(
        lang,
        format!(
            "{} · {} 年度 · 截至 {}\n标准：{}（{}，{} 版）· 文件：{}\n",
            community(report, lang),
            sheet.year,
            sheet.as_of,
            standard.title,
            standard.id,
            standard.version,
            report.source
        ),
        format!(
            "{} · {} · as of {}\nStandard: {} ({}, version {}) · file: {}\n",
            community(report, lang),
            sheet.year,
            sheet.as_of,
            standard.title_en,
            standard.id,
            standard.version,
            report.source
        )
    );
    if let Some(line) = words::tailoring(standard, lang) {
        out.push_str(&format!("{line}\n"));
    }
    out
}

/// The community's name with its district.
pub fn community(report: &SheetReport, lang: Lang) -> String {
    let community = &report.sheet.community;
    match &community.district {
        Some(d) => tr!(
            lang,
            format!("{}（{d}）", community.name),
            format!("{} ({d})", community.name)
        ),
        None => community.name.clone(),
    }
}

fn table(report: &SheetReport, options: &Options) -> Table {
    let lang = options.lang;
    let mut table = new_table(options);
    table.set_header(header(lang));
    for (target, rows) in by_target(report) {
        let results: Vec<_> = rows.iter().map(|(_, r)| *r).collect();
        let (earned, possible) = super::target_subtotal(&results);
        table.add_row(vec![
            Cell::new(&target.id),
            Cell::new(tr!(
                lang,
                format!("【{}】", target.title),
                format!("[{}]", target.title_en)
            )),
            Cell::new(words::points(&possible)).set_alignment(CellAlignment::Right),
            Cell::new(""),
            Cell::new(""),
            Cell::new(words::points(&earned)).set_alignment(CellAlignment::Right),
            Cell::new(""),
            Cell::new(""),
        ]);
        for (criterion, result) in rows {
            table.add_row(vec![
                Cell::new(&criterion.id),
                Cell::new(words::title_with_veto(criterion, lang)),
                Cell::new(words::decimal(criterion.points)).set_alignment(CellAlignment::Right),
                Cell::new(words::requirement(&criterion.rule, lang)),
                Cell::new(words::actual_or_dash(result, criterion, lang)),
                Cell::new(words::earned(result)).set_alignment(CellAlignment::Right),
                status_cell(result.status, lang),
                Cell::new(words::reason(result, criterion, report.sheet.as_of, lang)),
            ]);
        }
    }
    table
}

/// The printed sheet's columns less 佐证 (evidence is listed under the
/// table), the last named shortly in English for a terminal's width.
fn header(lang: Lang) -> Vec<&'static str> {
    let mut columns = words::sheet_columns(lang)[..8].to_vec();
    columns[7] = tr!(lang, "扣分原因", "Gap");
    columns
}

/// The evidence the sheet cites, criterion by criterion, under the table.
/// At a bounded `width` each entry wraps with its lines under its text.
fn cited(report: &SheetReport, lang: Lang, width: Option<usize>) -> String {
    let mut out = String::new();
    for (_, criterion) in report.standard.criteria() {
        for line in evidence(criterion, &report.sheet) {
            if out.is_empty() {
                let _ = writeln!(out, "{}", tr!(lang, "佐证：", "Evidence:"));
            }
            let id = format!("  {:<5}", criterion.id);
            match width {
                Some(width) => push_lines(&mut out, wrap::wrap(&line, width, &id, id.len())),
                None => {
                    let _ = writeln!(out, "{id}{line}");
                }
            }
        }
    }
    out
}

/// `35 criteria: 30 pass, 3 gap, 1 missing, 1 n/a`, the score and the
/// verdict.
pub fn summary(report: &SheetReport, options: &Options) -> String {
    let lang = options.lang;
    let a = &report.assessment;
    let mut out = String::new();
    let _ = writeln!(out, "{}", counts_line(a, lang));
    let _ = writeln!(out, "{}", score_line(report, lang));
    let verdict = paint(
        words::verdict(a.verdict, lang),
        verdict_color(a.verdict),
        options.color,
    );
    let _ = tr!(
        lang,
        writeln!(out, "结论：{verdict}{}", verdict_notes(a, lang)),
        writeln!(out, "Verdict: {verdict}{}", verdict_notes(a, lang))
    );
    out
}

/// `（一票否决：9.3）` when a veto criterion failed.
/// What qualifies a verdict: failed vetoes, and declarations that set
/// failing facts aside (a "ready" that rests on one must say so where the
/// verdict is read, not only in the row).
pub fn verdict_notes(a: &Assessment, lang: Lang) -> String {
    let mut notes = Vec::new();
    if !a.vetoes_failed.is_empty() {
        notes.push(tr!(
            lang,
            format!("一票否决：{}", a.vetoes_failed.join("、")),
            format!("veto failed: {}", a.vetoes_failed.join(", "))
        ));
    }
    if !a.declared_over_failures.is_empty() {
        notes.push(tr!(
            lang,
            format!(
                "注意：{} 声明不适用，但所填事实未达标",
                a.declared_over_failures.join("、")
            ),
            format!(
                "note: {} declared not applicable over failing facts",
                a.declared_over_failures.join(", ")
            )
        ));
    }
    if notes.is_empty() {
        return String::new();
    }
    tr!(
        lang,
        format!("（{}）", notes.join("；")),
        format!(" ({})", notes.join("; "))
    )
}

pub fn counts_line(a: &Assessment, lang: Lang) -> String {
    let (pass, gap, missing, na) = (
        a.count(Status::Pass),
        a.count(Status::Gap),
        a.count(Status::Missing),
        a.count(Status::NotApplicable),
    );
    let total = a.results.len();
    tr!(
        lang,
        format!("共 {total} 项：{pass} 项达标，{gap} 项未达标，{missing} 项缺数据，{na} 项不适用"),
        format!("{total} criteria: {pass} pass, {gap} gap, {missing} missing, {na} n/a")
    )
}

/// `自评得分 98 / 100（98.00%），合格线 90%`: the score with its label, for
/// a line of its own.
pub fn score_line(report: &SheetReport, lang: Lang) -> String {
    tr!(
        lang,
        format!("自评得分 {}", score_value(report, lang)),
        format!("Score {}", score_value(report, lang))
    )
}

/// The score without its label (`98 / 100（98.00%），合格线 90%`), for a
/// place that labels it already, as the HTML header's 自评得分 does.
pub fn score_value(report: &SheetReport, lang: Lang) -> String {
    let score = &report.assessment.score;
    let mark = report.standard.pass_mark;
    let percent = words::percent(report);
    let (earned, possible) = (words::points(&score.earned), words::points(&score.possible));
    let set_aside = words::set_aside(&report.assessment, lang);
    tr!(
        lang,
        format!("{earned} / {possible}（{percent}）{set_aside}，合格线 {mark}%"),
        format!("{earned} of {possible} ({percent}){set_aside}, pass mark {mark}%")
    )
}

/// `--format table`: the self-score table of one sheet; for a batch the
/// summary, the batch notes, each community's shortfalls (or, with
/// `--detail`, its whole table) and the problems of unreadable sheets.
pub struct TablePrinter {
    options: Options,
    held: Mutex<batch::Held>,
}

impl TablePrinter {
    pub fn new(options: Options) -> TablePrinter {
        TablePrinter {
            options,
            held: Mutex::new(batch::Held::default()),
        }
    }
}

impl Printer for TablePrinter {
    fn piece(&self, report: &SheetReport) -> Piece {
        let options = &self.options;
        if !options.batch {
            return Piece::new(render(report, options).into_bytes());
        }
        let text = if options.detail {
            render(report, options)
        } else {
            batch::shortfalls(report, options)
        };
        let row = batch::SummaryRow::of(report, options.lang);
        Piece::with(text.into_bytes(), batch::BatchExtra { row, problem: None })
    }

    fn unreadable(&self, problem: &FileDiagnostics) -> Option<Piece> {
        batch::unreadable_piece(&self.options, problem)
    }

    fn put(&self, piece: Piece, out: &mut dyn io::Write) -> io::Result<()> {
        lock(&self.held).put_piece(piece, b"\n", &self.options, out)
    }

    fn finish(&self, out: &mut dyn io::Write, notes: &[String]) -> io::Result<()> {
        let mut held = lock(&self.held);
        if self.options.batch && held.pieces > 0 {
            let lang = self.options.lang;
            batch::summary(&mut held.rows, &self.options, out)?;
            // The notes belong to the summary: right under it, before
            // hundreds of lines of per-community detail.
            if !notes.is_empty() {
                writeln!(out, "{}", tr!(lang, "批次提示：", "Batch notes:"))?;
                for note in notes {
                    match available(&self.options) {
                        Some(width) => {
                            for line in wrap::wrap(note, width, "  - ", 4) {
                                writeln!(out, "{line}")?;
                            }
                        }
                        None => writeln!(out, "  - {note}")?,
                    }
                }
            }
            if let Some(details) = &mut held.details {
                details.copy_to(out)?;
            }
            if let Some(problems) = &mut held.problems {
                let heading = tr!(lang, "无法读取的事实表：", "Sheets that could not be read:");
                writeln!(out, "\n{heading}")?;
                problems.copy_to(out)?;
            }
        }
        out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Schema;
    use crate::report::{Format, render as render_all, wrap::closing};
    use crate::standard::default_standard;
    use unicode_width::UnicodeWidthStr;

    /// Every line no wider than `width`, none starting with closing
    /// punctuation, every key path of the sheets whole.
    fn check(text: &str, width: usize, what: &str) {
        for line in text.lines() {
            assert!(line.width() <= width, "{what}: {line:?} wider than {width}");
            let first = line.trim_start().chars().next();
            assert!(
                !first.is_some_and(closing),
                "{what}: {line:?} starts with closing punctuation"
            );
        }
    }

    /// Each example, alone and as a batch, in both languages, at the
    /// narrowest width `--width` takes and at laptop widths: nothing wider
    /// than asked (the issue saw the last column one too wide at 40).
    #[test]
    fn no_line_is_wider_than_asked() {
        let standard = default_standard();
        let schema = Schema::for_standard(&standard);
        let examples = [
            "examples/gaps-2024.yaml",
            "examples/jinhaian-2010.yaml",
            "examples/model-2024.yaml",
        ];
        let reports: Vec<_> = examples
            .iter()
            .map(|e| {
                let bytes = std::fs::read(e).unwrap();
                crate::engine::assess_bytes(e.to_string(), bytes, &standard, &schema).unwrap()
            })
            .collect();
        for width in [40, 41, 57, 64, 80, 100, 120, 160] {
            for lang in [Lang::Zh, Lang::En] {
                for batch in [false, true] {
                    for detail in [false, true] {
                        let options = Options {
                            batch,
                            detail,
                            width: Width::Fixed(width),
                            ..Options::plain(lang)
                        };
                        let chosen = if batch { &reports[..] } else { &reports[..1] };
                        let out = render_all(chosen, Format::Table, &options).unwrap();
                        let what = format!("{lang:?} at {width}, batch {batch}, detail {detail}");
                        check(&String::from_utf8(out).unwrap(), width.into(), &what);
                    }
                }
            }
        }
    }

    /// The width snapshots (`tests/cmd/width-*.toml`) keep to their
    /// `--width`, so a snapshot overwritten by mistake cannot slip past.
    #[test]
    fn width_snapshots_keep_to_their_width() {
        let mut seen = 0;
        for entry in std::fs::read_dir("tests/cmd").unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if !(name.starts_with("width-") && name.ends_with(".toml")) {
                continue;
            }
            let case = std::fs::read_to_string(&path).unwrap();
            let width: usize = case
                .split("\"--width\", \"")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .and_then(|w| w.parse().ok())
                .unwrap_or_else(|| panic!("{name} gives no --width"));
            let stdout = std::fs::read_to_string(path.with_extension("stdout")).unwrap();
            check(&stdout, width, &name);
            for path in ["stability.disputes.resolved", "stability.disputes.received"] {
                if stdout.contains("stability.disputes.re") {
                    assert!(stdout.contains(path), "{name}: {path} broken");
                }
            }
            seen += 1;
        }
        assert!(seen >= 16, "only {seen} width snapshots");
    }
}
