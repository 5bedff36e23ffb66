//! The self-score sheet as a terminal table: one row per criterion, grouped
//! under a row per target with its subtotal, then the summary line and the
//! verdict. Laid out like the paper sheet (项目 / 分值 / 自评分 / 扣分原因).

use super::{SheetReport, words};
use crate::eval::{Assessment, Status};
use crate::lang::Lang;
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, ContentArrangement, Table};
use std::fmt::Write as _;

pub fn render(report: &SheetReport, lang: Lang) -> String {
    let mut out = heading(report, lang);
    out.push_str(&table(report, lang));
    out.push('\n');
    out.push_str(&summary(report, lang));
    out
}

/// Who, which year, as of when, against which standard.
pub fn heading(report: &SheetReport, lang: Lang) -> String {
    let sheet = &report.sheet;
    let standard = report.standard;
    let community = match (&sheet.community.district, lang) {
        (Some(d), Lang::Zh) => format!("{}（{d}）", sheet.community.name),
        (Some(d), Lang::En) => format!("{} ({d})", sheet.community.name),
        (None, _) => sheet.community.name.clone(),
    };
    match lang {
        Lang::Zh => format!(
            "{community} · {} 年度 · 截至 {}\n标准：{}（{}，{} 版）· 文件：{}\n",
            sheet.year, sheet.as_of, standard.title, standard.id, standard.version, report.source
        ),
        Lang::En => format!(
            "{community} · {} · as of {}\nStandard: {} ({}, version {}) · file: {}\n",
            sheet.year,
            sheet.as_of,
            standard.title_en,
            standard.id,
            standard.version,
            report.source
        ),
    }
}

fn table(report: &SheetReport, lang: Lang) -> String {
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        // The layout must not depend on the terminal: same input, same bytes.
        .force_no_tty()
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header(lang));
    let assessment = &report.assessment;
    let mut results = assessment.results.iter();
    for target in &report.standard.targets {
        let target_results: Vec<_> = results.by_ref().take(target.criteria.len()).collect();
        let (earned, possible) = super::target_subtotal(target, &target_results);
        table.add_row(vec![
            Cell::new(&target.id),
            Cell::new(match lang {
                Lang::Zh => format!("【{}】", target.title),
                Lang::En => format!("[{}]", target.title_en),
            }),
            Cell::new(words::points(possible)).set_alignment(CellAlignment::Right),
            Cell::new(""),
            Cell::new(""),
            Cell::new(words::points(earned)).set_alignment(CellAlignment::Right),
            Cell::new(""),
            Cell::new(""),
        ]);
        for (criterion, result) in target.criteria.iter().zip(target_results) {
            let veto = if criterion.veto {
                lang.pick("（否决项）", " (veto)")
            } else {
                ""
            };
            table.add_row(vec![
                Cell::new(&criterion.id),
                Cell::new(format!("{}{veto}", words::title(criterion, lang))),
                Cell::new(words::decimal(criterion.points)).set_alignment(CellAlignment::Right),
                Cell::new(words::requirement(&criterion.rule, lang)),
                Cell::new(result.actual.as_ref().map_or("—".to_string(), |a| {
                    words::actual(a, &criterion.rule, lang)
                })),
                Cell::new(result.earned.map_or("—".to_string(), words::points))
                    .set_alignment(CellAlignment::Right),
                Cell::new(words::status(result.status, lang)),
                Cell::new(
                    words::explanation(result, criterion, report.sheet.as_of, lang)
                        .unwrap_or_default(),
                ),
            ]);
        }
    }
    table.to_string()
}

fn header(lang: Lang) -> Vec<&'static str> {
    match lang {
        Lang::Zh => vec![
            "编号",
            "评分项",
            "分值",
            "要求",
            "实际",
            "自评分",
            "状态",
            "扣分原因",
        ],
        Lang::En => vec![
            "ID",
            "Criterion",
            "Points",
            "Required",
            "Actual",
            "Score",
            "Status",
            "Gap",
        ],
    }
}

/// `35 criteria: 30 pass, 3 gap, 1 missing, 1 n/a`, the score and the
/// verdict.
pub fn summary(report: &SheetReport, lang: Lang) -> String {
    let a = &report.assessment;
    let mut out = String::new();
    let _ = writeln!(out, "{}", counts_line(a, lang));
    let _ = writeln!(out, "{}", score_line(report, lang));
    let verdict = words::verdict(a.verdict, lang);
    let veto = if a.vetoes_failed.is_empty() {
        String::new()
    } else {
        match lang {
            Lang::Zh => format!("（一票否决：{}）", a.vetoes_failed.join("、")),
            Lang::En => format!(" (veto failed: {})", a.vetoes_failed.join(", ")),
        }
    };
    let _ = match lang {
        Lang::Zh => writeln!(out, "结论：{verdict}{veto}"),
        Lang::En => writeln!(out, "Verdict: {verdict}{veto}"),
    };
    out
}

pub fn counts_line(a: &Assessment, lang: Lang) -> String {
    let (pass, gap, missing, na) = (
        a.count(Status::Pass),
        a.count(Status::Gap),
        a.count(Status::Missing),
        a.count(Status::NotApplicable),
    );
    let total = a.results.len();
    match lang {
        Lang::Zh => format!(
            "共 {total} 项：{pass} 项达标，{gap} 项未达标，{missing} 项缺数据，{na} 项不适用"
        ),
        Lang::En => {
            format!("{total} criteria: {pass} pass, {gap} gap, {missing} missing, {na} n/a")
        }
    }
}

pub fn score_line(report: &SheetReport, lang: Lang) -> String {
    let score = &report.assessment.score;
    let mark = report.standard.pass_mark;
    // Shown to two decimals, more if needed so that a score just under the
    // pass mark never prints as equal to it.
    let percent = words::decimal_consistent(score.percent, Some((mark.to_fraction(), true)), 2);
    let (earned, possible) = (words::points(score.earned), words::points(score.possible));
    match lang {
        Lang::Zh => format!("自评得分 {earned} / {possible}（{percent}%），合格线 {mark}%"),
        Lang::En => format!("Score {earned} of {possible} ({percent}%), pass mark {mark}%"),
    }
}
