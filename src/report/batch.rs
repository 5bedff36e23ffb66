//! Several sheets at once, as a district office reads them: one summary
//! table (a row per community: score, verdict, how many gaps and missing
//! facts, which vetoes failed), then for each community only what it still
//! lacks. `--detail` shows each full sheet instead.

use super::style::{paint, verdict_color};
use super::table::{community, new_table, status_cell};
use super::{Options, SheetReport, by_target, words};
use crate::eval::{Status, Verdict};
use crate::lang::Lang;
use comfy_table::{Cell, CellAlignment};
use std::fmt::Write as _;

/// One community's line in the summary: all the summary needs, so a batch
/// of any size keeps only these while its sheets stream past.
#[derive(Clone, Debug)]
pub struct SummaryRow {
    pub community: String,
    pub year: i32,
    pub percent: String,
    pub verdict: Verdict,
    pub gaps: usize,
    pub missing: usize,
    pub vetoes: Vec<String>,
    pub source: String,
}

impl SummaryRow {
    pub fn of(report: &SheetReport, lang: Lang) -> SummaryRow {
        let a = &report.assessment;
        SummaryRow {
            community: community(report, lang),
            year: report.sheet.year,
            percent: words::percent(report),
            verdict: a.verdict,
            gaps: a.count(Status::Gap),
            missing: a.count(Status::Missing),
            vetoes: a.vetoes_failed.clone(),
            source: report.source.clone(),
        }
    }
}

/// `3 sheets: 1 ready, 2 not ready`.
pub fn ready_line(rows: &[SummaryRow], lang: Lang) -> String {
    let ready = rows.iter().filter(|r| r.verdict == Verdict::Ready).count();
    let total = rows.len();
    match lang {
        Lang::Zh => format!(
            "共 {total} 份事实表：{ready} 份具备迎检条件，{} 份尚不具备",
            total - ready
        ),
        Lang::En => format!("{total} sheets: {ready} ready, {} not ready", total - ready),
    }
}

/// The summary table with its heading line.
pub fn summary(rows: &[SummaryRow], options: &Options) -> String {
    let lang = options.lang;
    let mut out = format!("{}\n", ready_line(rows, lang));
    let mut table = new_table(options);
    table.set_header(match lang {
        Lang::Zh => vec![
            "序号",
            "社区",
            "年度",
            "得分",
            "结论",
            "未达标",
            "缺数据",
            "否决项",
            "文件",
        ],
        Lang::En => vec![
            "#",
            "Community",
            "Year",
            "Score",
            "Verdict",
            "Gap",
            "Missing",
            "Veto",
            "File",
        ],
    });
    for (i, row) in rows.iter().enumerate() {
        let right = |text: String| Cell::new(text).set_alignment(CellAlignment::Right);
        table.add_row(vec![
            right((i + 1).to_string()),
            Cell::new(&row.community),
            Cell::new(row.year),
            right(row.percent.clone()),
            Cell::new(words::verdict(row.verdict, lang)).fg(verdict_color(row.verdict)),
            right(row.gaps.to_string()),
            right(row.missing.to_string()),
            Cell::new(row.vetoes.join(lang.pick("、", ", "))),
            Cell::new(&row.source),
        ]);
    }
    let _ = writeln!(out, "{table}");
    out
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
    let mut out = format!(
        "{} · {} · {} · {verdict}{} · {}\n",
        community(report, lang),
        report.sheet.year,
        words::percent(report),
        super::table::vetoes(a, lang),
        report.source
    );
    let mut table = new_table(options);
    table.set_header(match lang {
        Lang::Zh => vec!["编号", "评分项", "分值", "自评分", "状态", "扣分原因"],
        Lang::En => vec!["ID", "Criterion", "Points", "Score", "Status", "Gap"],
    });
    let mut any = false;
    for (_, rows) in by_target(report) {
        for (criterion, result) in rows {
            if !result.status.is_failing() {
                continue;
            }
            any = true;
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
    if any {
        let _ = writeln!(out, "{table}");
    } else {
        let _ = writeln!(
            out,
            "{}",
            lang.pick(
                "  所有评分项均达标或不适用。",
                "  Every criterion passes or does not apply."
            )
        );
    }
    out
}
