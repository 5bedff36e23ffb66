//! The self-score sheet as Markdown, to hand in with the creation materials
//! (创建材料) or paste into a report: the community, year, as-of date, score
//! and verdict; one table per target with points, self-score, reason for
//! deduction and the evidence cited; then what to settle before the
//! inspection, ordered by the points at stake, each with how the inspector
//! will check it.
//!
//! Written by hand rather than with a table library so every cell is
//! escaped: any text a sheet holds (a `|`, a newline, `*`) stays inside its
//! cell and prints as written.

use super::batch::{self, SummaryRows};
use super::printer::{Piece, Printer, lock};
use super::table::{community, counts_line, score_line, verdict_notes};
use super::{Options, SheetReport, at_stake, by_target, evidence, words};
use crate::diagnostic::FileDiagnostics;
use crate::lang::Lang;
use crate::lang::tr;
use std::fmt::Write as _;
use std::io;
use std::sync::Mutex;

/// The summary table a batch opens with, written to `out` a row at a time.
pub fn summary(rows: &mut SummaryRows, lang: Lang, out: &mut dyn io::Write) -> io::Result<()> {
    writeln!(
        out,
        "{}\n\n{}{}\n",
        tr!(lang, "# 民主法治社区自评汇总", "# Self-assessment summary"),
        rows.ready_line(lang),
        tr!(lang, "。", ".")
    )?;
    writeln!(
        out,
        "{}",
        tr!(
            lang,
            "| 序号 | 社区 | 年度 | 得分 | 满分 | 声明不适用 | 结论 | 未达标 | 缺数据 | 否决项 | 声明掩盖未达标 | 文件 |",
            "| # | Community | Year | Score | Out of | Set aside | Verdict | Gap | Missing | Veto | Declared over failing | File |"
        )
    )?;
    writeln!(out, "|--:|---|--:|--:|--:|--:|---|--:|--:|---|--:|---|")?;
    rows.each(|number, r| writeln!(out, "{}", row(&batch::texts(number, &r, lang))))
}

/// One community's self-score sheet.
pub fn render(report: &SheetReport, lang: Lang, today: Option<crate::date::Date>) -> String {
    let sheet = &report.sheet;
    let standard = report.standard;
    let a = &report.assessment;
    let mut out = String::new();
    let verdict = words::verdict(a.verdict, lang);
    let veto = verdict_notes(a, lang);
    let title = inline(&community(report, lang));
    let _ = tr!(
        lang,
        write!(
            out,
            "# 民主法治社区自评表：{title}\n\n\
             - 年度：{}\n- 截至：{}\n- 标准：{}（{}，{} 版）\n- {}\n- 结论：**{verdict}**{veto}\n",
            sheet.year,
            sheet.as_of,
            inline(&standard.title),
            inline(&standard.id),
            inline(&standard.version),
            score_line(report, lang),
        ),
        write!(
            out,
            "# Self-assessment: {title}\n\n\
             - Year: {}\n- As of: {}\n- Standard: {} ({}, version {})\n- {}\n- Verdict: **{verdict}**{veto}\n",
            sheet.year,
            sheet.as_of,
            inline(&standard.title_en),
            inline(&standard.id),
            inline(&standard.version),
            score_line(report, lang),
        )
    );
    if let Some(note) = words::as_of_note(sheet, today, lang) {
        let _ = writeln!(out, "- {}", cell(&note));
    }
    if let Some(line) = words::tailoring(standard, lang) {
        let _ = writeln!(out, "- {}", cell(&line));
    }
    let _ = writeln!(out, "- {}\n", counts_line(a, lang));

    for (target, rows) in by_target(report) {
        let results: Vec<_> = rows.iter().map(|(_, r)| *r).collect();
        let (earned, possible) = super::target_subtotal(&results);
        let (earned, possible) = (words::points(&earned), words::points(&possible));
        let _ = tr!(
            lang,
            writeln!(
                out,
                "## {} {}（自评 {earned} / {possible} 分）\n",
                inline(&target.id),
                inline(&target.title)
            ),
            writeln!(
                out,
                "## {} {} ({earned} of {possible} points)\n",
                inline(&target.id),
                inline(&target.title_en)
            )
        );
        let _ = writeln!(
            out,
            "{}",
            tr!(
                lang,
                "| 编号 | 评分项 | 分值 | 自评分 | 状态 | 扣分原因 | 佐证 |",
                "| ID | Criterion | Points | Score | Status | Reason for deduction | Evidence |"
            )
        );
        let _ = writeln!(out, "|---|---|--:|--:|---|---|---|");
        for (criterion, result) in rows {
            let cells = [
                criterion.id.clone(),
                words::title_with_veto(criterion, lang),
                words::decimal(criterion.points),
                words::earned(result),
                words::status(result.status, lang).to_string(),
                words::reason(result, criterion, sheet.as_of, lang),
                evidence(criterion, sheet).join("\n"),
            ];
            let _ = writeln!(out, "{}", row(&cells));
        }
        out.push('\n');
    }
    out.push_str(&before_inspection(report, lang));
    out
}

/// The gaps and missing facts, most points at stake first, each with how
/// the inspector will check it.
fn before_inspection(report: &SheetReport, lang: Lang) -> String {
    let open = super::open_items(report);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        tr!(lang, "## 迎检准备\n", "## Before the inspection\n")
    );
    if open.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            tr!(
                lang,
                "所有评分项均达标或不适用，无需补齐的事项。",
                "Every criterion passes or does not apply: nothing is left to settle."
            )
        );
        return out;
    }
    let _ = writeln!(
        out,
        "{}\n",
        tr!(
            lang,
            "以下事项尚未达标或缺少数据，按可挽回的分数从高到低排列。",
            "These criteria fall short or lack facts, the most points at stake first."
        )
    );
    let _ = writeln!(
        out,
        "{}",
        tr!(
            lang,
            "| 编号 | 评分项 | 可挽回分 | 状态 | 差距 | 检查方式 |",
            "| ID | Criterion | Points at stake | Status | Gap | Inspection method |"
        )
    );
    let _ = writeln!(out, "|---|---|--:|---|---|---|");
    for (criterion, result) in open {
        let cells = [
            criterion.id.clone(),
            words::title_with_veto(criterion, lang),
            words::points(&at_stake(criterion, result)),
            words::status(result.status, lang).to_string(),
            words::reason(result, criterion, report.sheet.as_of, lang),
            words::method(criterion, lang)
                .unwrap_or_default()
                .to_string(),
        ];
        let _ = writeln!(out, "{}", row(&cells));
    }
    out
}

/// A table row of escaped cells.
fn row(cells: &[String]) -> String {
    let escaped: Vec<String> = cells.iter().map(|c| cell(c)).collect();
    format!("| {} |", escaped.join(" | "))
}

/// Escapes text for a Markdown table cell: the pipe that would end the
/// cell, the newline that would end the row, and the characters that would
/// turn text into formatting.
pub fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => out.push_str("<br>"),
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '*' | '_' | '`' | '[' | ']' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Escapes text for a heading or list item (no line breaks there).
pub(super) fn inline(text: &str) -> String {
    cell(text).replace("<br>", " ")
}

/// `--format markdown`: the self-score sheet; for a batch the summary, the
/// batch notes, each community's sheet and the problems of unreadable
/// sheets.
pub struct MarkdownPrinter {
    options: Options,
    held: Mutex<batch::Held>,
}

impl MarkdownPrinter {
    pub fn new(options: Options) -> MarkdownPrinter {
        MarkdownPrinter {
            options,
            held: Mutex::new(batch::Held::default()),
        }
    }
}

/// Between two communities' sheets.
const RULE: &[u8] = b"\n---\n\n";

impl Printer for MarkdownPrinter {
    fn piece(&self, report: &SheetReport) -> Piece {
        let lang = self.options.lang;
        let text = render(report, lang, self.options.today).into_bytes();
        if !self.options.batch {
            return Piece::new(text);
        }
        let row = batch::SummaryRow::of(report, lang);
        Piece::with(text, batch::BatchExtra { row, problem: None })
    }

    fn unreadable(&self, problem: &FileDiagnostics) -> Option<Piece> {
        batch::unreadable_piece(&self.options, problem)
    }

    fn put(&self, piece: Piece, out: &mut dyn io::Write) -> io::Result<()> {
        lock(&self.held).put_piece(piece, RULE, &self.options, out)
    }

    fn finish(&self, out: &mut dyn io::Write, notes: &[String]) -> io::Result<()> {
        let mut held = lock(&self.held);
        if self.options.batch && held.pieces > 0 {
            let lang = self.options.lang;
            summary(&mut held.rows, lang, out)?;
            if !notes.is_empty() {
                writeln!(out, "\n{}\n", tr!(lang, "## 批次提示", "## Batch notes"))?;
                for note in notes {
                    writeln!(out, "- {}", inline(note))?;
                }
            }
            if let Some(details) = &mut held.details {
                details.copy_to(out)?;
            }
            if let Some(problems) = &mut held.problems {
                let heading = tr!(
                    lang,
                    "## 无法读取的事实表",
                    "## Sheets that could not be read"
                );
                writeln!(out, "\n{heading}\n\n```text")?;
                problems.copy_to(out)?;
                writeln!(out, "```")?;
            }
        }
        out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn cells_keep_their_text_inside_the_cell() {
        assert_eq!(cell("a|b"), "a\\|b");
        assert_eq!(cell("第一行\n第二行"), "第一行<br>第二行");
        assert_eq!(cell("x\r\ny"), "x<br>y");
        assert_eq!(cell("*粗*<b>"), "\\*粗\\*&lt;b&gt;");
        assert_eq!(cell("≥ 95%"), "≥ 95%");
    }
}
