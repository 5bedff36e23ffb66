//! Several sheets at once, as a district office reads them: one summary
//! table (a row per community: score, verdict, how many gaps and missing
//! facts, which vetoes failed), then for each community only what it still
//! lacks. `--detail` shows each full sheet instead.

use super::style::{paint, verdict_color};
use super::table::{available, community, criterion_block, new_table, status_cell};
use super::wrap;
use super::{Options, SheetReport, by_target, words};
use crate::eval::{Status, Verdict};
use crate::lang::Lang;
use crate::lang::tr;
use crate::spool::Spool;
use comfy_table::{Cell, CellAlignment, ColumnConstraint};
use std::fmt::Write as _;
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

/// One community's line in the summary: all the summary needs of a sheet.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct SummaryRow {
    pub community: String,
    /// `None` for a sheet that could not be read.
    pub year: Option<i32>,
    pub percent: String,
    /// Points the score is out of, and points declared not applicable:
    /// a reader compares rows on the same footing only with both.
    pub possible: String,
    pub set_aside: String,
    /// `None`: the sheet could not be read.
    pub verdict: Option<Verdict>,
    pub gaps: usize,
    pub missing: usize,
    pub vetoes: Vec<String>,
    /// Declarations that set aside failing facts.
    pub declared_over_failures: usize,
    pub source: String,
}

impl SummaryRow {
    pub fn of(report: &SheetReport, lang: Lang) -> SummaryRow {
        let a = &report.assessment;
        SummaryRow {
            community: community(report, lang),
            year: Some(report.sheet.year),
            percent: words::percent(report),
            possible: words::points(&a.score.possible),
            set_aside: words::points(&a.score.set_aside),
            verdict: Some(a.verdict),
            gaps: a.count(Status::Gap),
            missing: a.count(Status::Missing),
            vetoes: a.vetoes_failed.clone(),
            declared_over_failures: a.declared_over_failures.len(),
            source: report.source.clone(),
        }
    }

    /// The line of a sheet that could not be read: its file, and why in
    /// the verdict column; its problems follow the report.
    pub fn unreadable(file: &str) -> SummaryRow {
        SummaryRow {
            community: String::new(),
            year: None,
            percent: String::new(),
            possible: String::new(),
            set_aside: String::new(),
            verdict: None,
            gaps: 0,
            missing: 0,
            vetoes: Vec::new(),
            declared_over_failures: 0,
            source: file.to_string(),
        }
    }
}

/// The summary rows of a batch as its sheets stream past: counted and
/// measured in memory, kept on disk (a JSON line each), so the summary
/// costs the same memory for ten sheets or six hundred thousand.
pub struct SummaryRows {
    spool: Option<Spool>,
    count: usize,
    ready: usize,
    unreadable: usize,
    /// Per column, the widest cell so far: the table's layout needs them
    /// before its first row is printed.
    widest: Vec<String>,
}

impl SummaryRows {
    pub fn new() -> SummaryRows {
        SummaryRows {
            spool: None,
            count: 0,
            ready: 0,
            unreadable: 0,
            widest: vec![String::new(); COLUMNS],
        }
    }

    pub fn push(&mut self, row: &SummaryRow, lang: Lang) -> io::Result<()> {
        self.count += 1;
        match row.verdict {
            Some(Verdict::Ready) => self.ready += 1,
            Some(Verdict::NotReady) => {}
            None => self.unreadable += 1,
        }
        for (cell, text) in self.widest.iter_mut().zip(texts(self.count, row, lang)) {
            if display_width(&text) > display_width(cell) {
                *cell = text;
            }
        }
        let spool = Spool::open_once(&mut self.spool)?;
        serde_json::to_writer(&mut *spool, row)?;
        spool.write_all(b"\n")
    }

    /// Each row in the order pushed, read back from disk.
    pub(super) fn each(
        &mut self,
        mut f: impl FnMut(usize, SummaryRow) -> io::Result<()>,
    ) -> io::Result<()> {
        let Some(spool) = &mut self.spool else {
            return Ok(());
        };
        for (i, line) in spool.lines()?.enumerate() {
            let row = serde_json::from_str(&line?).map_err(io::Error::other)?;
            f(i + 1, row)?;
        }
        Ok(())
    }

    /// `3 sheets: 1 ready, 2 not ready`, and how many could not be read:
    /// every sheet given is counted.
    pub fn ready_line(&self, lang: Lang) -> String {
        let (total, ready, unreadable) = (self.count, self.ready, self.unreadable);
        let not_ready = total - ready - unreadable;
        match unreadable {
            0 => tr!(
                lang,
                format!("共 {total} 份事实表：{ready} 份具备迎检条件，{not_ready} 份尚不具备"),
                format!("{total} sheets: {ready} ready, {not_ready} not ready")
            ),
            _ => tr!(
                lang,
                format!(
                    "共 {total} 份事实表：{ready} 份具备迎检条件，{not_ready} 份尚不具备，{unreadable} 份无法读取"
                ),
                format!(
                    "{total} sheets: {ready} ready, {not_ready} not ready, {unreadable} unreadable"
                )
            ),
        }
    }
}

impl Default for SummaryRows {
    fn default() -> SummaryRows {
        SummaryRows::new()
    }
}

/// Columns of the summary: number, community, year, score, possible, set
/// aside, verdict, gaps, missing, vetoes, declarations over failures, file.
const COLUMNS: usize = 12;

fn display_width(text: &str) -> usize {
    text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

/// How many rows of the summary table are laid out at a time: the table
/// library holds a laid-out table in memory at several kilobytes a row, so
/// a batch of any size is printed as blocks of one shared layout.
const BLOCK: usize = 256;

/// The summary table with its heading line, written to `out`.
///
/// Every block gets the same column widths, which are the widths the table
/// library chooses for the header and the widest cell of each column; the
/// blocks are joined by dropping the borders between them. With unlimited
/// width that is exactly the one-table layout; at a terminal's width it is
/// the layout chosen for the widest cells.
///
/// Where a row would not fit on one line, columns are left out, least
/// needed first ([`DROP_ORDER`]), and a line under the table names them.
pub fn summary(rows: &mut SummaryRows, options: &Options, out: &mut dyn Write) -> io::Result<()> {
    let lang = options.lang;
    let width = available(options);
    let ready = rows.ready_line(lang);
    match width {
        Some(width) => write!(out, "{}", wrap::fit(&ready, width))?,
        None => writeln!(out, "{ready}")?,
    }
    let all = header(lang);
    let kept = kept_columns(&all, &rows.widest, width);
    let pick = |i: &usize| kept.contains(i);
    let header: Vec<&str> = (0..COLUMNS).filter(pick).map(|i| all[i]).collect();
    let widest: Vec<String> = (0..COLUMNS)
        .filter(pick)
        .map(|i| rows.widest[i].clone())
        .collect();
    let widths = column_widths(&header, &widest, options);
    let last = rows.count.div_ceil(BLOCK).saturating_sub(1);
    let mut block = Vec::with_capacity(BLOCK);
    let mut print = |block: &mut Vec<Cell>, number: usize| -> io::Result<()> {
        let index = (number - 1) / BLOCK;
        let mut table = new_table(options);
        if index == 0 {
            table.set_header(header.clone());
        }
        for row in block.chunks(kept.len()) {
            table.add_row(row.to_vec());
        }
        block.clear();
        // Constraints apply to the columns there are: set after the rows.
        table.set_constraints(
            widths
                .iter()
                .map(|&w| ColumnConstraint::Absolute(comfy_table::Width::Fixed(w))),
        );
        let text = table.to_string();
        let mut lines: Vec<&str> = text.lines().collect();
        // Between blocks, the bottom border of one and the top border of
        // the next are dropped.
        if index != last {
            lines.pop();
        }
        let skip = usize::from(index != 0);
        for line in &lines[skip..] {
            writeln!(out, "{line}")?;
        }
        Ok(())
    };
    // Without the file column, an unreadable sheet (which has no community)
    // is named by its file in the community's place.
    let file_shown = pick(&(COLUMNS - 1));
    rows.each(|number, mut row| {
        if !file_shown && row.verdict.is_none() && row.community.is_empty() {
            row.community = crate::diagnostic::visible(&row.source);
        }
        let row = cells(number, &row, lang).into_iter().enumerate();
        block.extend(row.filter(|(i, _)| pick(i)).map(|(_, cell)| cell));
        if number % BLOCK == 0 {
            print(&mut block, number)?;
        }
        Ok(())
    })?;
    if !block.is_empty() {
        print(&mut block, rows.count)?;
    }
    if let Some(width) = width
        && kept.len() < COLUMNS
    {
        let left_out: Vec<String> = (0..COLUMNS)
            .filter(|i| !pick(i))
            .map(|i| wrap::unbroken(all[i]))
            .collect();
        let note = tr!(
            lang,
            format!(
                "（宽度不足，未显示：{}；加大 --width 或用 --format csv 可见全部列）",
                left_out.join("、")
            ),
            format!(
                "(Too narrow for: {}; a larger --width or --format csv shows every column)",
                left_out.join(", ")
            )
        );
        for line in wrap::wrap(&note, width, "", 1) {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

/// The columns of the summary left out, in this order, until each row fits
/// on one line: the file (the community names the sheet), declarations over
/// failing facts (also noted under each community), points set aside and
/// points the score is out of (the percentage already accounts for them),
/// the year (a mixed-year batch is named in the batch notes), missing facts,
/// gaps, and last the failed vetoes (which explain a verdict the score does
/// not). Number, community, score and verdict always stay; if even they do
/// not fit, their cells wrap.
const DROP_ORDER: [usize; 8] = [11, 10, 5, 4, 2, 8, 7, 9];

/// The columns kept at `width`: all of them when the width is unlimited or
/// the whole row fits.
fn kept_columns(header: &[&str], widest: &[String], width: Option<usize>) -> Vec<usize> {
    let mut kept: Vec<usize> = (0..COLUMNS).collect();
    let Some(width) = width else {
        return kept;
    };
    // Each column as wide as its header or widest cell, padding included,
    // and a border to each side.
    let natural = |i: &usize| display_width(header[*i]).max(display_width(&widest[*i])) + 3;
    for drop in DROP_ORDER {
        if kept.iter().map(natural).sum::<usize>() < width {
            break;
        }
        kept.retain(|&i| i != drop);
    }
    kept
}

fn header(lang: Lang) -> Vec<&'static str> {
    tr!(
        lang,
        vec![
            "序号",
            "社区",
            "年度",
            "得分",
            "满分",
            "声明不适用",
            "结论",
            "未达标",
            "缺数据",
            "否决项",
            "声明掩盖未达标",
            "文件",
        ],
        vec![
            "#",
            "Community",
            "Year",
            "Score",
            "Out of",
            "Set aside",
            "Verdict",
            "Gap",
            "Missing",
            "Veto",
            "Declared over failing",
            "File",
        ]
    )
}

/// The text of each cell of summary row number `number`.
pub(super) fn texts(number: usize, row: &SummaryRow, lang: Lang) -> [String; COLUMNS] {
    let count = |n: usize| {
        if row.verdict.is_some() {
            n.to_string()
        } else {
            String::new()
        }
    };
    [
        number.to_string(),
        row.community.clone(),
        row.year.map_or(String::new(), |y| y.to_string()),
        row.percent.clone(),
        row.possible.clone(),
        row.set_aside.clone(),
        match row.verdict {
            Some(verdict) => words::verdict(verdict, lang).to_string(),
            None => tr!(lang, "无法读取", "unreadable").to_string(),
        },
        count(row.gaps),
        count(row.missing),
        row.vetoes.join(tr!(lang, "、", ", ")),
        count(row.declared_over_failures),
        crate::diagnostic::visible(&row.source),
    ]
}

fn cells(number: usize, row: &SummaryRow, lang: Lang) -> Vec<Cell> {
    let [
        number,
        community,
        year,
        percent,
        possible,
        set_aside,
        verdict,
        gaps,
        missing,
        vetoes,
        declared_over_failures,
        source,
    ] = texts(number, row, lang);
    let right = |text: String| Cell::new(text).set_alignment(CellAlignment::Right);
    let verdict = match row.verdict {
        Some(v) => Cell::new(verdict).fg(verdict_color(v)),
        None => Cell::new(verdict).fg(comfy_table::Color::Red),
    };
    vec![
        right(number),
        Cell::new(community),
        Cell::new(year),
        right(percent),
        right(possible),
        right(set_aside),
        verdict,
        right(gaps),
        right(missing),
        Cell::new(vetoes),
        right(declared_over_failures),
        Cell::new(source),
    ]
}

/// The width (padding included) of each column of the whole summary: the
/// library's layout of a table holding the header and, per column, the
/// widest cell of any row, read off that table's top border.
fn column_widths(header: &[&str], widest: &[String], options: &Options) -> Vec<u16> {
    let mut probe = new_table(options);
    probe.set_header(header.to_vec());
    probe.add_row(widest.to_vec());
    let text = probe.to_string();
    let top = text.lines().next().unwrap_or_default();
    top.trim_start_matches('┌')
        .trim_end_matches('┐')
        .split('┬')
        .map(|segment| u16::try_from(segment.chars().count()).unwrap_or(u16::MAX))
        .collect()
}

/// One community's gaps and missing facts, or a line saying it has none.
pub fn shortfalls(report: &SheetReport, options: &Options) -> String {
    let lang = options.lang;
    let a = &report.assessment;
    let verdict = paint(
        words::verdict(a.verdict, lang),
        verdict_color(a.verdict),
        options.color,
    );
    let width = available(options);
    let mut out = format!(
        "{} · {} · {} · {verdict}{} · {}\n",
        community(report, lang),
        report.sheet.year,
        words::percent(report),
        super::table::verdict_notes(a, lang),
        report.source
    );
    if let Some(width) = width {
        out = wrap::fit(&out, width);
    }
    let mut failing = Vec::new();
    let mut table = new_table(options);
    table.set_header(tr!(
        lang,
        vec!["编号", "评分项", "分值", "自评分", "状态", "扣分原因"],
        vec!["ID", "Criterion", "Points", "Score", "Status", "Gap"]
    ));
    let mut any = false;
    for (_, rows) in by_target(report) {
        for (criterion, result) in rows {
            let declared_over_failure = matches!(
                result.not_applicable,
                Some(crate::eval::NotApplicable::Declared {
                    facts: Status::Gap,
                    ..
                })
            );
            if !result.status.is_failing() && !declared_over_failure {
                continue;
            }
            any = true;
            failing.push((criterion, result));
            table.add_row(vec![
                Cell::new(&criterion.id),
                Cell::new(words::title_with_veto(criterion, lang)),
                Cell::new(words::decimal(criterion.points)).set_alignment(CellAlignment::Right),
                Cell::new(words::earned(result)).set_alignment(CellAlignment::Right),
                status_cell(result.status, lang),
                Cell::new(words::reason(result, criterion, report.sheet.as_of, lang)),
            ]);
        }
    }
    if !any {
        let none = tr!(
            lang,
            "  所有评分项均达标或不适用。\n",
            "  Every criterion passes or does not apply.\n"
        );
        match width {
            Some(width) => out.push_str(&wrap::fit(none, width)),
            None => out.push_str(none),
        }
    } else if width.is_some_and(|width| super::table::natural_width(&table) > width) {
        // Too narrow for a row a line: the criteria as blocks, as for one
        // sheet.
        for (criterion, result) in failing {
            out.push_str(&criterion_block(
                report,
                criterion,
                result,
                options,
                width.unwrap_or_default(),
            ));
        }
    } else {
        let _ = writeln!(out, "{table}");
    }
    out
}

/// A batch sheet's summary row, and an unreadable sheet's problems: what
/// the batch table and batch Markdown keep of each piece.
pub(super) struct BatchExtra {
    pub(super) row: SummaryRow,
    pub(super) problem: Option<String>,
}

/// What the batch table and batch Markdown hold until the end: the summary
/// rows (whose table opens the report), each community's part, and the
/// problems of unreadable sheets (listed again at the very end, where they
/// do not scroll away) — all spooled, so memory stays flat.
#[derive(Default)]
pub(super) struct Held {
    pub(super) pieces: usize,
    pub(super) rows: SummaryRows,
    pub(super) details: Option<Spool>,
    pub(super) problems: Option<Spool>,
}

/// An unreadable sheet's piece of a batch table or Markdown: its summary
/// row, and its problems for the end; none for a single sheet.
pub(super) fn unreadable_piece(
    options: &Options,
    problem: &crate::diagnostic::FileDiagnostics,
) -> Option<super::printer::Piece> {
    options.batch.then(|| {
        let extra = BatchExtra {
            row: SummaryRow::unreadable(&problem.file),
            problem: Some(problem.render(options.lang)),
        };
        super::printer::Piece::with(Vec::new(), extra)
    })
}

impl Held {
    /// A piece of the table or Markdown: held back for the summary in a
    /// batch, else written at once, after `separator` from the second on.
    pub(super) fn put_piece(
        &mut self,
        piece: super::printer::Piece,
        separator: &[u8],
        options: &Options,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        if options.batch {
            return self.put(piece, separator, options.lang);
        }
        if self.pieces > 0 {
            out.write_all(separator)?;
        }
        self.pieces += 1;
        out.write_all(&piece.bytes)
    }

    /// Takes a batch piece: its row, and its detail after `separator` or
    /// its problems.
    pub(super) fn put(
        &mut self,
        piece: super::printer::Piece,
        separator: &[u8],
        lang: Lang,
    ) -> io::Result<()> {
        self.pieces += 1;
        let (bytes, extra) = piece.into_parts::<BatchExtra>();
        let Some(BatchExtra { row, problem }) = extra else {
            return Ok(());
        };
        self.rows.push(&row, lang)?;
        match problem {
            Some(problem) => Spool::open_once(&mut self.problems)?.write_all(problem.as_bytes()),
            None => {
                let details = Spool::open_once(&mut self.details)?;
                details.write_all(separator)?;
                details.write_all(&bytes)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Width;

    /// Rows of varied widths, so that the widest cell of each column sits
    /// in a different block.
    fn rows(n: usize) -> Vec<SummaryRow> {
        (0..n)
            .map(|i| SummaryRow {
                community: format!("社区{}", "长".repeat(i % 7)),
                year: Some(2024),
                percent: format!("{}.00%", 80 + i % 20),
                possible: format!("{}", 90 + i % 11),
                set_aside: format!("{}", i % 4),
                verdict: match i % 3 {
                    0 => Some(Verdict::NotReady),
                    _ if i % 101 == 5 => None,
                    _ => Some(Verdict::Ready),
                },
                declared_over_failures: i % 2,
                gaps: i % 11,
                missing: i % 13,
                vetoes: if i == 700 {
                    vec!["3.3".into(), "9.5".into()]
                } else {
                    vec![]
                },
                source: format!("sheets/{}{i}.yaml", "d/".repeat(i % 5)),
            })
            .collect()
    }

    /// What the summary was before it was laid out in blocks: one table.
    fn one_table(rows: &[SummaryRow], options: &Options) -> String {
        let mut table = new_table(options);
        table.set_header(header(options.lang));
        for (i, row) in rows.iter().enumerate() {
            table.add_row(cells(i + 1, row, options.lang));
        }
        let mut spooled = SummaryRows::new();
        for row in rows {
            spooled.push(row, options.lang).unwrap();
        }
        format!("{}\n{table}\n", spooled.ready_line(options.lang))
    }

    fn blocks(rows: &[SummaryRow], options: &Options) -> String {
        let mut spooled = SummaryRows::new();
        for row in rows {
            spooled.push(row, options.lang).unwrap();
        }
        let mut out = Vec::new();
        summary(&mut spooled, options, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn rows_come_back_from_disk_as_pushed() {
        let rows = rows(BLOCK + 3);
        let mut spooled = SummaryRows::new();
        for row in &rows {
            spooled.push(row, Lang::En).unwrap();
        }
        let mut back = Vec::new();
        spooled
            .each(|number, row| {
                back.push((number, row.community, row.verdict, row.vetoes, row.source));
                Ok(())
            })
            .unwrap();
        let expected: Vec<_> = rows
            .into_iter()
            .enumerate()
            .map(|(i, r)| (i + 1, r.community, r.verdict, r.vetoes, r.source))
            .collect();
        assert_eq!(back, expected);
        assert_eq!(
            spooled.ready_line(Lang::En),
            "259 sheets: 170 ready, 87 not ready, 2 unreadable"
        );
    }

    #[test]
    fn blocks_join_into_exactly_the_one_table_layout() {
        for n in [1, BLOCK - 1, BLOCK, BLOCK + 1, 3 * BLOCK + 17] {
            for lang in [Lang::Zh, Lang::En] {
                let rows = rows(n);
                let options = Options::plain(lang);
                assert_eq!(
                    blocks(&rows, &options),
                    one_table(&rows, &options),
                    "{n} rows"
                );
            }
        }
    }

    #[test]
    fn blocks_at_a_fixed_width_share_one_layout() {
        let rows = rows(3 * BLOCK + 17);
        let options = Options {
            width: Width::Fixed(80),
            ..Options::plain(Lang::Zh)
        };
        let text = blocks(&rows, &options);
        let table: Vec<&str> = text
            .lines()
            .skip(1)
            .filter(|l| l.starts_with(['┌', '│', '╞', '└']))
            .collect();
        // One top border, one header separator, one bottom border: the
        // blocks are joined without borders between them.
        assert_eq!(table.iter().filter(|l| l.starts_with('┌')).count(), 1);
        assert_eq!(table.iter().filter(|l| l.starts_with('╞')).count(), 1);
        assert_eq!(table.iter().filter(|l| l.starts_with('└')).count(), 1);
        assert!(table.last().unwrap().starts_with('└'));
        // Every line is as wide as the others, and no wider than asked
        // for: columns were left out so that a row takes one line.
        let first = UnicodeWidthStr::width(table[0]);
        assert!(first <= 80, "{}", table[0]);
        for line in &table {
            assert_eq!(UnicodeWidthStr::width(*line), first, "{line}");
        }
        assert_eq!(
            table.iter().filter(|l| l.starts_with('│')).count(),
            rows.len() + 1,
            "a line per row and one for the header"
        );
        // Every row is there, numbered in order.
        let numbers: Vec<usize> = table
            .iter()
            .filter_map(|l| l.trim_start_matches('│').split('┆').next())
            .filter_map(|cell| cell.trim().parse().ok())
            .collect();
        assert_eq!(numbers, (1..=rows.len()).collect::<Vec<_>>());
    }
}
