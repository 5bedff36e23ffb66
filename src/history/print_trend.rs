//! `assess trend` printed: the score and verdict of each year, then a row
//! per criterion and a column per year with its status, and how many years
//! it failed — so what has failed year after year stands out.

use super::print_changes::{JsonSide, community, percent};
use crate::eval::Status;
use crate::history::trend::{Trend, TrendRow};
use crate::lang::Lang;
use crate::lang::tr;
use crate::report::markdown::cell;
use crate::report::style::{paint, status_color, verdict_color};
use crate::report::table::new_table;
use crate::report::{Options, words};
use comfy_table::{Cell, CellAlignment};
use serde::Serialize;
use std::fmt::Write as _;

fn span(t: &Trend) -> String {
    let first = t.years.first().map_or(0, |y| y.community.year);
    let last = t.years.last().map_or(0, |y| y.community.year);
    format!("{first}–{last}")
}

fn title(t: &Trend, lang: Lang) -> String {
    let name = t.years.last().map_or(String::new(), |y| community(y, lang));
    tr!(
        lang,
        format!("多年趋势：{name} · {}", span(t)),
        format!("Trend: {name} · {}", span(t))
    )
}

/// `3/3 (every year)`: in how many of the years it was judged it failed.
fn failing(row: &TrendRow, lang: Lang) -> String {
    let judged = row.statuses.iter().flatten().count();
    let n = row.failing_years();
    match row.always_failing() {
        true => tr!(
            lang,
            format!("{n}/{judged}（每年）"),
            format!("{n}/{judged} (every year)")
        ),
        false => format!("{n}/{judged}"),
    }
}

fn status_text(status: Option<Status>, lang: Lang) -> String {
    status.map_or("—".to_string(), |s| words::status(s, lang).to_string())
}

pub fn table(t: &Trend, options: &Options) -> String {
    let lang = options.lang;
    let mut out = format!("{}\n", title(t, lang));
    let years: Vec<String> = t
        .years
        .iter()
        .map(|y| y.community.year.to_string())
        .collect();

    let mut scores = new_table(options);
    let mut header = vec![String::new()];
    header.extend(years.iter().cloned());
    scores.set_header(header);
    let mut score_row = vec![Cell::new(tr!(lang, "得分", "Score"))];
    let mut verdict_row = vec![Cell::new(tr!(lang, "结论", "Verdict"))];
    let mut file_row = vec![Cell::new(tr!(lang, "文件", "File"))];
    for year in &t.years {
        score_row.push(Cell::new(percent(year)).set_alignment(CellAlignment::Right));
        let verdict = year.verdict;
        verdict_row.push(Cell::new(words::verdict(verdict, lang)).fg(verdict_color(verdict)));
        file_row.push(Cell::new(&year.file));
    }
    scores
        .add_row(score_row)
        .add_row(verdict_row)
        .add_row(file_row);
    let _ = writeln!(out, "{scores}");

    let mut table = new_table(options);
    let mut header = vec![
        tr!(lang, "编号", "ID").to_string(),
        tr!(lang, "评分项", "Criterion").to_string(),
    ];
    header.extend(years.iter().cloned());
    header.push(tr!(lang, "未达标年数", "Years failing").to_string());
    table.set_header(header);
    for row in &t.rows {
        let mut cells = vec![
            Cell::new(row.id),
            Cell::new(tr!(lang, &row.criterion.title, &row.criterion.title_en)),
        ];
        for status in &row.statuses {
            let mut c = Cell::new(status_text(*status, lang));
            if let Some(s) = status {
                c = c.fg(status_color(*s));
            }
            cells.push(c);
        }
        cells.push(Cell::new(failing(row, lang)));
        table.add_row(cells);
    }
    let _ = writeln!(out, "{table}");
    let always: Vec<&str> = t
        .rows
        .iter()
        .filter(|r| r.always_failing())
        .map(|r| r.id)
        .collect();
    if !always.is_empty() {
        let line = tr!(
            lang,
            format!("每年都未达标：{}", always.join("、")),
            format!("Failing every year: {}", always.join(", "))
        );
        let _ = writeln!(
            out,
            "{}",
            paint(&line, comfy_table::Color::Red, options.color)
        );
    }
    out
}

pub fn markdown(t: &Trend, lang: Lang) -> String {
    let mut out = format!("# {}\n\n", cell(&title(t, lang)));
    let years: Vec<String> = t
        .years
        .iter()
        .map(|y| y.community.year.to_string())
        .collect();
    let _ = writeln!(out, "| | {} |", years.join(" | "));
    let _ = writeln!(out, "|---|{}", "--:|".repeat(years.len()));
    let row = |label: &str, values: Vec<String>| {
        let escaped: Vec<String> = values.iter().map(|v| cell(v)).collect();
        format!("| {label} | {} |", escaped.join(" | "))
    };
    let _ = writeln!(
        out,
        "{}",
        row(
            tr!(lang, "得分", "Score"),
            t.years.iter().map(|y| percent(y)).collect()
        )
    );
    let _ = writeln!(
        out,
        "{}",
        row(
            tr!(lang, "结论", "Verdict"),
            t.years
                .iter()
                .map(|y| words::verdict(y.verdict, lang).to_string())
                .collect()
        )
    );
    let _ = writeln!(
        out,
        "{}\n",
        row(
            tr!(lang, "文件", "File"),
            t.years.iter().map(|y| y.file.clone()).collect()
        )
    );
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} |",
        tr!(lang, "编号", "ID"),
        tr!(lang, "评分项", "Criterion"),
        years.join(" | "),
        tr!(lang, "未达标年数", "Years failing")
    );
    let _ = writeln!(out, "|---|---|{}---|", "---|".repeat(years.len()));
    for r in &t.rows {
        let mut cells = vec![
            r.id.to_string(),
            tr!(lang, &r.criterion.title, &r.criterion.title_en).to_string(),
        ];
        cells.extend(r.statuses.iter().map(|s| status_text(*s, lang)));
        cells.push(failing(r, lang));
        let escaped: Vec<String> = cells.iter().map(|c| cell(c)).collect();
        let _ = writeln!(out, "| {} |", escaped.join(" | "));
    }
    out
}

#[derive(Serialize)]
struct JsonTrend<'a> {
    format: u32,
    community: &'a str,
    years: Vec<JsonSide<'a>>,
    criteria: Vec<JsonRow<'a>>,
}

#[derive(Serialize)]
struct JsonRow<'a> {
    id: &'a str,
    title: &'a str,
    title_en: &'a str,
    /// Per year, oldest first; `null` where that year's standard lacks it.
    statuses: Vec<Option<&'static str>>,
    failing_years: usize,
    always_failing: bool,
}

pub fn json(t: &Trend) -> String {
    let document = JsonTrend {
        format: crate::report::json::FORMAT_VERSION,
        community: t.years.last().map_or("", |y| y.community.name.as_ref()),
        years: t.years.iter().map(|y| JsonSide::of(y)).collect(),
        criteria: t
            .rows
            .iter()
            .map(|r| JsonRow {
                id: r.id,
                title: &r.criterion.title,
                title_en: &r.criterion.title_en,
                statuses: r.statuses.iter().map(|s| s.map(Status::key)).collect(),
                failing_years: r.failing_years(),
                always_failing: r.always_failing(),
            })
            .collect(),
    };
    // Plain structs: serializing cannot fail.
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}
