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

pub fn render(reports: &[SheetReport], options: &Options) -> String {
    let mut out = summary(reports, options);
    for report in reports {
        out.push('\n');
        out.push_str(&shortfalls(report, options));
    }
    out
}

/// The summary table with its heading line.
pub fn summary(reports: &[SheetReport], options: &Options) -> String {
    let lang = options.lang;
    let ready = reports
        .iter()
        .filter(|r| r.assessment.verdict == Verdict::Ready)
        .count();
    let mut out = match lang {
        Lang::Zh => format!(
            "共 {} 份事实表：{ready} 份具备迎检条件，{} 份尚不具备\n",
            reports.len(),
            reports.len() - ready
        ),
        Lang::En => format!(
            "{} sheets: {ready} ready, {} not ready\n",
            reports.len(),
            reports.len() - ready
        ),
    };
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
    for (i, report) in reports.iter().enumerate() {
        let a = &report.assessment;
        let right = |text: String| Cell::new(text).set_alignment(CellAlignment::Right);
        table.add_row(vec![
            right((i + 1).to_string()),
            Cell::new(community(report, lang)),
            Cell::new(report.sheet.year),
            right(words::percent(report)),
            Cell::new(words::verdict(a.verdict, lang)).fg(verdict_color(a.verdict)),
            right(a.count(Status::Gap).to_string()),
            right(a.count(Status::Missing).to_string()),
            Cell::new(a.vetoes_failed.join(lang.pick("、", ", "))),
            Cell::new(&report.source),
        ]);
    }
    let _ = writeln!(out, "{table}");
    out
}

/// One community's gaps and missing facts, or a line saying it has none.
fn shortfalls(report: &SheetReport, options: &Options) -> String {
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
