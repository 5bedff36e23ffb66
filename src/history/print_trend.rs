//! `assess trend` printed: the score and verdict of each year, then a row
//! per criterion and a column per year with its status, and how many years
//! it failed — so what has failed year after year stands out.

use super::Snapshot;
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

/// The total's and each target's share of its possible points, year by
/// year (`None` where a year's standard lacks the target or none of its
/// criteria applied): the total first, then the targets in the latest
/// year's order.
fn series(years: &[&Snapshot]) -> Vec<(Option<String>, Vec<Option<f64>>)> {
    let mut targets: Vec<&str> = Vec::new();
    for year in years.iter().rev() {
        for criterion in &year.criteria {
            if !targets.contains(&criterion.target.as_ref()) {
                targets.push(&criterion.target);
            }
        }
    }
    let mut out = vec![(None, years.iter().map(|y| Some(y.score.percent)).collect())];
    for target in targets {
        let values = years
            .iter()
            .map(|year| {
                let (earned, possible) = year
                    .criteria
                    .iter()
                    .filter(|c| c.target == target)
                    .filter_map(|c| c.earned.map(|e| (e, c.points)))
                    .fold((0.0, 0.0), |(e, p), (ce, cp)| (e + ce, p + cp));
                (possible > 0.0).then(|| earned * 100.0 / possible)
            })
            .collect();
        out.push((Some(target.to_string()), values));
    }
    out
}

/// The total's and each target's line across the years, one small chart
/// each (every point labelled with its value, the pass mark dashed), so
/// no line has to be told from another by its colour.
pub fn year_lines(years: &[&Snapshot], lang: Lang) -> String {
    use crate::report::html::{escape, px};
    let mark = years.last().map_or(0.0, |y| y.score.pass_mark);
    let (w, h, left, right, top, bottom) = (250.0, 142.0, 28.0, 14.0, 36.0, 120.0);
    let n = years.len().max(2) as f64 - 1.0;
    let x = |i: usize| left + (w - left - right) * i as f64 / n;
    let y = |v: f64| bottom - (bottom - top) * v.clamp(0.0, 100.0) / 100.0;
    let mut out = String::from("<div class=\"multiples\">\n");
    for (target, values) in series(years) {
        let title = match &target {
            None => tr!(lang, "总分（%）", "Total (%)").to_string(),
            Some(id) => tr!(lang, format!("目标 {id}（%）"), format!("Target {id} (%)")),
        };
        let _ = write!(
            out,
            "<figure><svg width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{t}\">\n\
             <text x=\"0\" y=\"12\" font-size=\"11\" font-weight=\"bold\">{t}</text>\n\
             <line x1=\"{left}\" x2=\"{r}\" y1=\"{b}\" y2=\"{b}\" stroke=\"#111\"/>\n\
             <line x1=\"{left}\" x2=\"{r}\" y1=\"{my}\" y2=\"{my}\" stroke=\"#b00\" stroke-dasharray=\"4 3\"/>\n\
             <text x=\"{r}\" y=\"{mty}\" font-size=\"9\" text-anchor=\"end\">{mark_label}</text>\n",
            t = escape(&title),
            w = px(w),
            h = px(h),
            left = px(left),
            r = px(w - right),
            b = px(bottom),
            my = px(y(mark)),
            mty = px(y(mark) + 10.0),
            mark_label = escape(&tr!(
                lang,
                format!("合格线 {}%", words::points_f64(mark)),
                format!("pass mark {}%", words::points_f64(mark))
            )),
        );
        // A line through consecutive years that have a value; a gap
        // where a year has none.
        let mut run: Vec<String> = Vec::new();
        let flush = |run: &mut Vec<String>, out: &mut String| {
            if run.len() > 1 {
                let _ = writeln!(
                    out,
                    "<polyline points=\"{}\" fill=\"none\" stroke=\"#335\" stroke-width=\"2\"/>",
                    run.join(" ")
                );
            }
            run.clear();
        };
        for (i, value) in values.iter().enumerate() {
            match value {
                Some(v) => run.push(format!("{},{}", px(x(i)), px(y(*v)))),
                None => flush(&mut run, &mut out),
            }
        }
        flush(&mut run, &mut out);
        for (i, (year, value)) in years.iter().zip(&values).enumerate() {
            let label = value.map_or("—".to_string(), words::points_f64);
            let vy = value.map_or(bottom - 4.0, y);
            if value.is_some() {
                let _ = writeln!(
                    out,
                    "<circle cx=\"{}\" cy=\"{}\" r=\"3\" fill=\"#335\"/>",
                    px(x(i)),
                    px(vy)
                );
            }
            let _ = writeln!(
                out,
                "<text x=\"{cx}\" y=\"{ty}\" font-size=\"9\" text-anchor=\"middle\">{label}</text>\
                 <text x=\"{cx}\" y=\"{yy}\" font-size=\"9\" text-anchor=\"middle\">{}</text>",
                year.community.year,
                cx = px(x(i)),
                ty = px(vy - 6.0),
                yy = px(bottom + 12.0),
            );
        }
        out.push_str("</svg></figure>\n");
    }
    out.push_str("</div>\n");
    out
}

/// The trend as a page: each year's score and verdict, the lines across
/// the years, and the status of every criterion each year.
pub fn html(t: &Trend, lang: Lang) -> String {
    use crate::report::html::{CLOSE_DOCUMENT, escape, open_document, verdict_badge};
    let heading = title(t, lang);
    let mut out = String::new();
    open_document(&mut out, lang, &heading, &heading);
    let _ = writeln!(out, "<h1>{}</h1>", escape(&heading));
    out.push_str("<table>\n<thead><tr><th></th>");
    for year in &t.years {
        let _ = write!(out, "<th class=\"num\">{}</th>", year.community.year);
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    let _ = write!(out, "<tr><th>{}</th>", tr!(lang, "得分", "Score"));
    for year in &t.years {
        let _ = write!(out, "<td class=\"num\">{}</td>", escape(&percent(year)));
    }
    let _ = write!(out, "</tr>\n<tr><th>{}</th>", tr!(lang, "结论", "Verdict"));
    for year in &t.years {
        let _ = write!(out, "<td>{}</td>", verdict_badge(Some(year.verdict), lang));
    }
    let _ = write!(out, "</tr>\n<tr><th>{}</th>", tr!(lang, "文件", "File"));
    for year in &t.years {
        let _ = write!(
            out,
            "<td>{}</td>",
            escape(&crate::diagnostic::visible(&year.file))
        );
    }
    out.push_str("</tr>\n</tbody>\n</table>\n");
    let _ = writeln!(
        out,
        "<h2>{}</h2>\n{}",
        tr!(lang, "逐年得分率", "Score by year"),
        year_lines(&t.years, lang)
    );
    let _ = write!(
        out,
        "<h2>{}</h2>\n<table>\n<thead><tr><th>{}</th><th>{}</th>",
        tr!(lang, "各评分项逐年状态", "Each criterion by year"),
        tr!(lang, "编号", "ID"),
        tr!(lang, "评分项", "Criterion")
    );
    for year in &t.years {
        let _ = write!(out, "<th>{}</th>", year.community.year);
    }
    let _ = writeln!(
        out,
        "<th>{}</th></tr></thead>\n<tbody>",
        tr!(lang, "未达标年数", "Years failing")
    );
    for row in &t.rows {
        let _ = write!(
            out,
            "<tr><td class=\"id\">{}</td><td>{}</td>",
            escape(row.id),
            escape(tr!(lang, &row.criterion.title, &row.criterion.title_en))
        );
        for status in &row.statuses {
            match status {
                Some(s) => out.push_str(&crate::report::html::status_cell(*s, lang)),
                None => out.push_str("<td>—</td>"),
            }
        }
        let _ = writeln!(out, "<td>{}</td></tr>", escape(&failing(row, lang)));
    }
    out.push_str("</tbody>\n</table>\n");
    out.push_str(CLOSE_DOCUMENT);
    out
}
