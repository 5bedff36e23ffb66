//! `assess diff` printed: score and verdict before and after, then the
//! criteria that moved — regressed first, then those still failing (with
//! how their gap moved), improved, and the rest — as a table, Markdown or
//! JSON. Unchanged passes are left out of the human formats unless
//! `--all`; JSON always lists every criterion.

use crate::history::compare::{Change, Comparison, Row};
use crate::history::{CriterionRef, Snapshot};
use crate::lang::Lang;
use crate::lang::tr;
use crate::report::markdown::cell;
use crate::report::style::{paint, status_color, verdict_color};
use crate::report::table::new_table;
use crate::report::{Options, words};
use comfy_table::{Cell, CellAlignment};
use serde::Serialize;
use std::fmt::Write as _;

/// The order the human formats list changes in: what needs attention first.
const ORDER: [Change; 9] = [
    Change::Regressed,
    Change::Declared,
    Change::StillFailing,
    Change::BecameApplicable,
    Change::Improved,
    Change::BecameNotApplicable,
    Change::Removed,
    Change::Added,
    Change::Unchanged,
];

pub fn change_word(change: Change, lang: Lang) -> &'static str {
    match change {
        Change::Regressed => tr!(lang, "退步", "regressed"),
        Change::Declared => tr!(lang, "新声明不适用", "newly declared n/a"),
        Change::StillFailing => tr!(lang, "仍未达标", "still failing"),
        Change::BecameApplicable => tr!(lang, "新适用", "now applicable"),
        Change::Improved => tr!(lang, "改善", "improved"),
        Change::BecameNotApplicable => tr!(lang, "不再适用", "no longer applicable"),
        Change::Removed => tr!(lang, "标准删除", "removed"),
        Change::Added => tr!(lang, "标准新增", "added"),
        Change::Unchanged => tr!(lang, "未变", "unchanged"),
    }
}

/// The rows the human formats show, in [`ORDER`].
fn shown<'c>(comparison: &'c Comparison, all: bool) -> Vec<&'c Row<'c>> {
    ORDER
        .iter()
        .filter(|change| all || **change != Change::Unchanged)
        .flat_map(|change| comparison.rows.iter().filter(move |r| r.change == *change))
        .collect()
}

/// `a → b`, or just `a` when nothing changed.
fn moved(old: &str, new: &str) -> String {
    if old == new {
        old.to_string()
    } else {
        format!("{old} → {new}")
    }
}

fn status_of(side: Option<&CriterionRef>, lang: Lang) -> String {
    side.map_or("—".to_string(), |c| {
        words::status(c.status, lang).to_string()
    })
}

fn earned_of(side: Option<&CriterionRef>) -> String {
    match side.and_then(|c| c.earned) {
        Some(e) => words::points_f64(e),
        None => "—".to_string(),
    }
}

fn actual_of(side: Option<&CriterionRef>) -> &str {
    side.and_then(|c| c.actual.as_deref()).unwrap_or("—")
}

/// What a row means in words: the gap now, how a gap moved, why it no
/// longer applies.
pub fn explain(row: &Row, lang: Lang) -> String {
    let new_gap = row
        .new
        .and_then(|c| c.gap.as_deref())
        .unwrap_or_default()
        .to_string();
    match row.change {
        Change::Regressed => new_gap,
        Change::StillFailing => {
            let (old_actual, new_actual) = (actual_of(row.old), actual_of(row.new));
            if old_actual == new_actual {
                return tr!(
                    lang,
                    format!("{new_gap}（未变）"),
                    format!("{new_gap} (unchanged)")
                );
            }
            let still = row
                .new
                .map_or(String::new(), |c| still_short(&c.required, &new_gap, lang));
            tr!(
                lang,
                format!("{old_actual} → {new_actual}，{still}"),
                format!("{old_actual} → {new_actual}, {still}")
            )
        }
        Change::BecameApplicable | Change::Added if !new_gap.is_empty() => new_gap,
        Change::Improved | Change::BecameApplicable | Change::Unchanged => {
            moved(actual_of(row.old), actual_of(row.new))
        }
        Change::Declared | Change::BecameNotApplicable => row
            .new
            .and_then(|c| c.not_applicable_reason.as_deref())
            .unwrap_or_default()
            .to_string(),
        Change::Removed => {
            tr!(lang, "仅在之前的标准中", "only in the earlier standard").to_string()
        }
        Change::Added => tr!(lang, "仅在现在的标准中", "only in the later standard").to_string(),
    }
}

/// "still above 2%" for a `≤ 2%` requirement, "still below 95%" for
/// `≥ 95%`; otherwise the gap text itself says what is still short.
fn still_short(required: &str, gap: &str, lang: Lang) -> String {
    match (required.strip_prefix("≤ "), required.strip_prefix("≥ ")) {
        (Some(bound), _) => tr!(
            lang,
            format!("仍高于 {bound}"),
            format!("still above {bound}")
        ),
        (_, Some(bound)) => tr!(
            lang,
            format!("仍低于 {bound}"),
            format!("still below {bound}")
        ),
        (_, _) => gap.to_string(),
    }
}

pub fn percent(snapshot: &Snapshot) -> String {
    words::percent_f64(snapshot.score.percent, snapshot.score.pass_mark)
}

fn signed(change: f64) -> String {
    // -0.00 would read as a loss.
    let change = if change.abs() < 0.005 { 0.0 } else { change };
    format!("{change:+.2}")
}

pub fn community(snapshot: &Snapshot, lang: Lang) -> String {
    match &snapshot.community.district {
        Some(d) => tr!(
            lang,
            format!("{}（{d}）", snapshot.community.name),
            format!("{} ({d})", snapshot.community.name)
        ),
        None => snapshot.community.name.to_string(),
    }
}

/// The lines above the table: who, which years, the score and verdict.
fn heading(c: &Comparison, options: &Options) -> String {
    let lang = options.lang;
    let (old, new) = (c.old, c.new);
    let side = |s: &Snapshot| {
        tr!(
            lang,
            format!(
                "{}（截至 {}，标准 {} {} 版）",
                s.file, s.community.as_of, s.standard.id, s.standard.version
            ),
            format!(
                "{} (as of {}, standard {} version {})",
                s.file, s.community.as_of, s.standard.id, s.standard.version
            )
        )
    };
    let verdict = |s: &Snapshot| {
        let v = s.verdict;
        paint(words::verdict(v, lang), verdict_color(v), options.color)
    };
    let [title, before, after, score, verdict_label, open, close] = tr!(
        lang,
        [
            "年度对比：",
            "之前：",
            "现在：",
            "得分：",
            "结论：",
            "（",
            "）",
        ],
        [
            "Year over year: ",
            "before: ",
            "after:  ",
            "score:   ",
            "verdict: ",
            " (",
            ")",
        ]
    );
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{title}{} · {} → {}\n  {before}{}\n  {after}{}\n  {score}{} → {}{open}{}{close}\n  {verdict_label}{} → {}",
        community(new, lang),
        old.community.year,
        new.community.year,
        side(old),
        side(new),
        percent(old),
        percent(new),
        signed(c.score_change()),
        verdict(old),
        verdict(new)
    );
    if c.standard_changed() {
        let _ = writeln!(
            out,
            "  {}",
            tr!(
                lang,
                "注意：两年使用的标准不同，按评分项编号对应。",
                "note: the two years use different standards; criteria are matched by id."
            )
        );
    }
    out
}

/// `regressed 1 · still failing 8 · improved 3`, naming only what occurs.
fn counts(c: &Comparison, all: bool, lang: Lang) -> String {
    let parts: Vec<String> = ORDER
        .iter()
        .filter(|change| **change != Change::Unchanged)
        .filter_map(|change| {
            let n = c.count(*change);
            (n > 0 || matches!(change, Change::Regressed | Change::Improved)).then(|| {
                tr!(
                    lang,
                    format!("{} {n} 项", change_word(*change, lang)),
                    format!("{} {n}", change_word(*change, lang))
                )
            })
        })
        .collect();
    let unchanged = c.count(Change::Unchanged);
    let tail = match all {
        true => tr!(
            lang,
            format!("，未变 {unchanged} 项"),
            format!(", unchanged {unchanged}")
        ),
        false => tr!(
            lang,
            format!("；未变 {unchanged} 项已略去（--all 显示）"),
            format!("; {unchanged} unchanged not shown (--all shows them)")
        ),
    };
    format!("{}{tail}", parts.join(tr!(lang, "，", ", ")))
}

fn header(lang: Lang) -> [&'static str; 7] {
    tr!(
        lang,
        ["变化", "编号", "评分项", "之前", "现在", "自评分", "说明"],
        [
            "Change",
            "ID",
            "Criterion",
            "Before",
            "After",
            "Score",
            "Detail",
        ]
    )
}

fn title(row: &Row, lang: Lang) -> String {
    let c = row.criterion();
    tr!(lang, &c.title, &c.title_en).to_string()
}

pub fn table(c: &Comparison, options: &Options, all: bool) -> String {
    let lang = options.lang;
    let mut out = heading(c, options);
    let _ = writeln!(out, "{}", counts(c, all, lang));
    let rows = shown(c, all);
    if rows.is_empty() {
        return out;
    }
    let mut table = new_table(options);
    table.set_header(header(lang).to_vec());
    for row in rows {
        let status_cell = |side: Option<&CriterionRef>| match side {
            Some(s) => Cell::new(status_of(side, lang)).fg(status_color(s.status)),
            None => Cell::new("—"),
        };
        table.add_row(vec![
            Cell::new(change_word(row.change, lang)),
            Cell::new(row.id),
            Cell::new(title(row, lang)),
            status_cell(row.old),
            status_cell(row.new),
            Cell::new(moved(&earned_of(row.old), &earned_of(row.new)))
                .set_alignment(CellAlignment::Right),
            Cell::new(explain(row, lang)),
        ]);
    }
    let _ = writeln!(out, "{table}");
    out
}

pub fn markdown(c: &Comparison, lang: Lang, all: bool) -> String {
    let plain = Options::plain(lang);
    let mut out = tr!(
        lang,
        format!("# 年度对比：{}\n\n", cell(&community(c.new, lang))),
        format!("# Year over year: {}\n\n", cell(&community(c.new, lang)))
    );
    // The heading's lines, as a list.
    for line in heading(c, &plain).lines().skip(1) {
        let _ = writeln!(out, "- {}", cell(line.trim()));
    }
    let _ = writeln!(out, "- {}\n", cell(&counts(c, all, lang)));
    let rows = shown(c, all);
    if rows.is_empty() {
        return out;
    }
    let _ = writeln!(out, "| {} |", header(lang).join(" | "));
    let _ = writeln!(out, "|---|---|---|---|---|--:|---|");
    for row in rows {
        let cells = [
            change_word(row.change, lang).to_string(),
            row.id.to_string(),
            title(row, lang),
            status_of(row.old, lang),
            status_of(row.new, lang),
            moved(&earned_of(row.old), &earned_of(row.new)),
            explain(row, lang),
        ];
        let escaped: Vec<String> = cells.iter().map(|t| cell(t)).collect();
        let _ = writeln!(out, "| {} |", escaped.join(" | "));
    }
    out
}

/// The comparison as a page: the two years, what changed, and each
/// target's and the total's line across the two years.
pub fn html(c: &Comparison, lang: Lang, all: bool) -> String {
    use crate::report::html::{CLOSE_DOCUMENT, escape, lines, open_document, status_cell};
    let name = community(c.new, lang);
    let heading = tr!(
        lang,
        format!(
            "年度对比：{name} · {} → {}",
            c.old.community.year, c.new.community.year
        ),
        format!(
            "Year over year: {name} · {} → {}",
            c.old.community.year, c.new.community.year
        )
    );
    let mut out = String::new();
    open_document(&mut out, lang, &heading, &heading);
    let _ = writeln!(out, "<h1>{}</h1>\n<ul class=\"plain\">", escape(&heading));
    for line in self::heading(c, &Options::plain(lang)).lines().skip(1) {
        let _ = writeln!(out, "<li>{}</li>", escape(line.trim()));
    }
    let _ = writeln!(out, "<li>{}</li>\n</ul>", escape(&counts(c, all, lang)));
    let _ = writeln!(
        out,
        "<h2>{}</h2>\n{}",
        tr!(lang, "得分率变化", "Score by year"),
        super::print_trend::year_lines(&[c.old, c.new], lang)
    );
    let rows = shown(c, all);
    if !rows.is_empty() {
        let _ = write!(
            out,
            "<h2>{}</h2>\n<table>\n<thead><tr>",
            tr!(lang, "变化的评分项", "What changed")
        );
        for h in header(lang) {
            let _ = write!(out, "<th>{h}</th>");
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for row in rows {
            let side = |side: Option<&CriterionRef>| match side {
                Some(s) => status_cell(s.status, lang),
                None => "<td>—</td>".to_string(),
            };
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td class=\"id\">{}</td><td>{}</td>{}{}<td class=\"num\">{}</td><td>{}</td></tr>",
                change_word(row.change, lang),
                escape(row.id),
                escape(&title(row, lang)),
                side(row.old),
                side(row.new),
                escape(&moved(&earned_of(row.old), &earned_of(row.new))),
                lines(&explain(row, lang)),
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str(CLOSE_DOCUMENT);
    out
}

#[derive(Serialize)]
struct JsonComparison<'a> {
    format: u32,
    old: JsonSide<'a>,
    new: JsonSide<'a>,
    score_change: f64,
    standard_changed: bool,
    regressed: usize,
    improved: usize,
    still_failing: usize,
    criteria: Vec<JsonRow<'a>>,
}

/// One year, in the diff's and the trend's JSON.
#[derive(Serialize)]
pub(super) struct JsonSide<'a> {
    file: &'a str,
    community: &'a str,
    year: i32,
    as_of: crate::date::Date,
    standard: JsonStandard<'a>,
    score: JsonScore,
    verdict: crate::eval::Verdict,
}

#[derive(Serialize)]
struct JsonStandard<'a> {
    id: &'a str,
    version: &'a str,
}

#[derive(Serialize)]
struct JsonScore {
    earned: f64,
    possible: f64,
    percent: f64,
    pass_mark: f64,
}

impl<'a> JsonSide<'a> {
    pub(super) fn of(s: &'a Snapshot) -> JsonSide<'a> {
        JsonSide {
            file: &s.file,
            community: &s.community.name,
            year: s.community.year,
            as_of: s.community.as_of,
            standard: JsonStandard {
                id: &s.standard.id,
                version: &s.standard.version,
            },
            score: JsonScore {
                earned: s.score.earned,
                possible: s.score.possible,
                percent: s.score.percent,
                pass_mark: s.score.pass_mark,
            },
            verdict: s.verdict,
        }
    }
}

/// One side of a criterion, in the diff's JSON: what its report says of
/// its status and points.
#[derive(Serialize)]
struct JsonCriterion<'a> {
    id: &'a str,
    target: &'a str,
    title: &'a str,
    title_en: &'a str,
    status: crate::eval::Status,
    points: f64,
    earned: Option<f64>,
    veto: bool,
    required: &'a str,
    actual: Option<&'a str>,
    gap: Option<&'a str>,
    not_applicable_reason: Option<&'a str>,
    declared: bool,
}

impl<'a> JsonCriterion<'a> {
    fn of(c: &'a CriterionRef) -> JsonCriterion<'a> {
        JsonCriterion {
            id: &c.id,
            target: &c.target,
            title: &c.title,
            title_en: &c.title_en,
            status: c.status,
            points: c.points,
            earned: c.earned,
            veto: c.veto,
            required: &c.required,
            actual: c.actual.as_deref(),
            gap: c.gap.as_deref(),
            not_applicable_reason: c.not_applicable_reason.as_deref(),
            declared: c.declared,
        }
    }
}

#[derive(Serialize)]
struct JsonRow<'a> {
    id: &'a str,
    title: &'a str,
    title_en: &'a str,
    change: &'static str,
    old: Option<JsonCriterion<'a>>,
    new: Option<JsonCriterion<'a>>,
    detail: String,
}

pub fn json(c: &Comparison, lang: Lang) -> String {
    let document = JsonComparison {
        format: crate::report::json::FORMAT_VERSION,
        old: JsonSide::of(c.old),
        new: JsonSide::of(c.new),
        score_change: c.score_change(),
        standard_changed: c.standard_changed(),
        regressed: c.count(Change::Regressed),
        improved: c.count(Change::Improved),
        still_failing: c.count(Change::StillFailing),
        criteria: c
            .rows
            .iter()
            .map(|row| {
                let criterion = row.criterion();
                JsonRow {
                    id: row.id,
                    title: &criterion.title,
                    title_en: &criterion.title_en,
                    change: row.change.key(),
                    old: row.old.map(JsonCriterion::of),
                    new: row.new.map(JsonCriterion::of),
                    detail: explain(row, lang),
                }
            })
            .collect(),
    };
    // Plain structs: serializing cannot fail.
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bound_says_which_side_it_is_still_on() {
        assert_eq!(still_short("≤ 2%", "x", Lang::En), "still above 2%");
        assert_eq!(still_short("≥ 95%", "x", Lang::Zh), "仍低于 95%");
        assert_eq!(still_short("是", "未落实", Lang::Zh), "未落实");
        assert_eq!(signed(-0.001), "+0.00");
        assert_eq!(signed(7.4321), "+7.43");
        assert_eq!(signed(-3.0), "-3.00");
    }
}
