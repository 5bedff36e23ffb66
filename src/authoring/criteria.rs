//! `assess criteria`: the standard as a readable list — id, title, points,
//! veto, the rule in words, basis, inspection method — to prepare for an
//! inspection with. For a tailored standard, what was changed or added is
//! marked and what was removed is listed.

use crate::lang::Lang;
use crate::lang::tr;
use crate::report::markdown::cell;
use crate::report::table::new_table;
use crate::report::{Options, words};
use crate::standard::{Criterion, Standard};
use comfy_table::{Cell, CellAlignment};
use std::fmt::Write as _;

fn heading(standard: &Standard, lang: Lang) -> Vec<String> {
    let mut lines = vec![tr!(
        lang,
        format!(
            "{}（{}，{} 版）· {} 项，满分 {}，合格线 {}%",
            standard.title,
            standard.id,
            standard.version,
            standard.criteria().count(),
            words::points_exact(&standard.total_points()),
            standard.pass_mark
        ),
        format!(
            "{} ({}, version {}) · {} criteria, {} points, pass mark {}%",
            standard.title_en,
            standard.id,
            standard.version,
            standard.criteria().count(),
            words::points_exact(&standard.total_points()),
            standard.pass_mark
        )
    )];
    if let Some(line) = words::tailoring(standard, lang) {
        lines.push(line);
    }
    lines
}

/// `改` / `增` for a tailored criterion.
fn mark(standard: &Standard, criterion: &Criterion, lang: Lang) -> &'static str {
    match standard
        .tailoring
        .as_ref()
        .and_then(|t| t.mark(&criterion.id))
    {
        Some("changed") => tr!(lang, "改", "changed"),
        Some("added") => tr!(lang, "增", "added"),
        _ => "",
    }
}

fn veto(criterion: &Criterion, lang: Lang) -> &'static str {
    if criterion.veto {
        tr!(lang, "是", "yes")
    } else {
        ""
    }
}

fn header(standard: &Standard, lang: Lang) -> Vec<&'static str> {
    let mut header = tr!(
        lang,
        vec!["编号", "评分项", "分值", "否决", "规则", "依据", "检查方式"],
        vec![
            "ID",
            "Criterion",
            "Points",
            "Veto",
            "Rule",
            "Basis",
            "Checked by",
        ]
    );
    if standard.tailoring.is_some() {
        header.push(tr!(lang, "调整", "Tailored"));
    }
    header
}

pub fn table(standard: &Standard, options: &Options) -> String {
    let lang = options.lang;
    let mut out = String::new();
    for line in heading(standard, lang) {
        let _ = writeln!(out, "{line}");
    }
    let mut table = new_table(options);
    table.set_header(header(standard, lang));
    for target in &standard.targets {
        table.add_row(vec![
            Cell::new(&target.id),
            Cell::new(tr!(
                lang,
                format!("【{}】", target.title),
                format!("[{}]", target.title_en)
            )),
        ]);
        for criterion in &target.criteria {
            let mut row = vec![
                Cell::new(&criterion.id),
                Cell::new(words::title(criterion, lang)),
                Cell::new(words::decimal(criterion.points)).set_alignment(CellAlignment::Right),
                Cell::new(veto(criterion, lang)),
                Cell::new(words::rule_and_scoring(criterion, lang)),
                Cell::new(words::basis(criterion, lang).unwrap_or("")),
                Cell::new(words::method(criterion, lang).unwrap_or("")),
            ];
            if standard.tailoring.is_some() {
                row.push(Cell::new(mark(standard, criterion, lang)));
            }
            table.add_row(row);
        }
    }
    let _ = writeln!(out, "{table}");
    out
}

pub fn markdown(standard: &Standard, lang: Lang) -> String {
    let mut out = format!(
        "# {}\n\n",
        cell(tr!(lang, &standard.title, &standard.title_en))
    );
    for line in heading(standard, lang) {
        let _ = writeln!(out, "- {}", cell(&line));
    }
    out.push('\n');
    let header = header(standard, lang);
    for target in &standard.targets {
        let _ = writeln!(
            out,
            "## {} {}\n",
            cell(&target.id),
            cell(tr!(lang, &target.title, &target.title_en))
        );
        let _ = writeln!(out, "| {} |", header.join(" | "));
        let _ = writeln!(out, "|{}", "---|".repeat(header.len()));
        for criterion in &target.criteria {
            let mut cells = vec![
                criterion.id.clone(),
                words::title(criterion, lang).to_string(),
                words::decimal(criterion.points),
                veto(criterion, lang).to_string(),
                words::rule_and_scoring(criterion, lang),
                words::basis(criterion, lang)
                    .unwrap_or_default()
                    .to_string(),
                words::method(criterion, lang)
                    .unwrap_or_default()
                    .to_string(),
            ];
            if standard.tailoring.is_some() {
                cells.push(mark(standard, criterion, lang).to_string());
            }
            let escaped: Vec<String> = cells.iter().map(|c| cell(c)).collect();
            let _ = writeln!(out, "| {} |", escaped.join(" | "));
        }
        out.push('\n');
    }
    out
}
