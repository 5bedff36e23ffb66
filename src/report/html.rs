//! `--format html`: a page to print and hand in. For one sheet, the
//! self-score sheet as the paper form has it — the header (who, which year,
//! against which standard, score against the pass mark, verdict), a chart
//! of each target's points, the table with target subtotals, what to settle
//! before the inspection, the evidence and lines to sign; for a batch, the
//! district's dashboard — the counts, the distribution of scores, a row per
//! community, a communities × targets matrix, vetoes, notes and the sheets
//! that could not be read.
//!
//! One self-contained file: the style sheet and the charts (SVG) are
//! inline, nothing is fetched and no script runs, so it opens the same from
//! a USB stick years later. Every text is escaped, and the markup is also
//! well-formed XML (every element closed), so a test can parse it with an
//! XML parser. A status is never told by colour alone: its word and a
//! symbol are printed too, readable in black and white.
//!
//! The print style sheet lays it out on A4: a running header with the
//! community and year and page numbers in the page margins (`@page` margin
//! boxes, which Chromium prints), table headers repeated on every page, no
//! row split across pages, and a target's rows kept on one page where they
//! fit.
//!
//! A batch streams like the other batch formats: its summary rows, matrix
//! rows and problems are spooled to temporary files and the distribution is
//! counted in ten bins, so memory stays flat however many sheets there are.

use super::batch::{self, SummaryRow, SummaryRows};
use super::printer::{Piece, Printer, lock};
use super::table::{community, counts_line, score_line, score_value, verdict_notes};
use super::{Options, SheetReport, at_stake, by_target, evidence, words};
use crate::diagnostic::FileDiagnostics;
use crate::eval::{Status, Verdict};
use crate::exact::{Fraction, Rounding};
use crate::lang::Lang;
use crate::lang::tr;
use crate::spool::Spool;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::sync::Mutex;

/// Escapes text for an HTML element or attribute. Characters that HTML
/// and XML cannot carry (most control characters) become U+FFFD, so that
/// no sheet or file name can make the page malformed.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            '\r' => {}
            c if allowed(c) => out.push(c),
            _ => out.push('\u{fffd}'),
        }
    }
    out
}

/// Characters a page may hold as they are: XML 1.0's, less the C1
/// controls and the bidirectional controls that make text read in
/// another order than it displays.
fn allowed(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..='\u{10ffff}')
        && !crate::diagnostic::is_bidi_control(c)
}

/// Escapes text with line breaks kept as `<br/>`.
pub(crate) fn lines(text: &str) -> String {
    escape(text).replace('\n', "<br/>")
}

/// A quoted CSS string (for the running header in the page margin): every
/// character that could end the string, the rule or the style element is
/// written as a CSS escape.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        if matches!(c, '"' | '\\' | '<' | '>' | '&' | '\'') || !allowed(c) {
            let c = if allowed(c) || c == '\n' {
                c
            } else {
                '\u{fffd}'
            };
            let _ = write!(out, "\\{:x} ", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out.push('"');
    out
}

/// The style sheet, screen and print. No `<` or `&` in it, so the page
/// stays well-formed XML.
const STYLE: &str = r#"
:root { color-scheme: light; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "Noto Sans", sans-serif;
  font-size: 10.5pt; line-height: 1.45; color: #111; background: #fff; margin: 0 auto; max-width: 1120px; padding: 16px 20px; }
h1 { font-size: 18pt; margin: 0 0 8px; }
h2 { font-size: 13pt; margin: 20px 0 8px; padding-bottom: 2px; border-bottom: 2px solid #333; break-after: avoid; }
p { margin: 4px 0; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; }
th, td { border: 1px solid #888; padding: 3px 5px; vertical-align: top; text-align: left; }
th { background: #e8e8e8; font-weight: bold; white-space: nowrap; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
tbody.target { break-inside: avoid; }
tr.subtotal td { background: #f0f0f0; font-weight: bold; }
tr.total td { background: #e0e0e0; font-weight: bold; border-top: 2px solid #333; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.id { white-space: nowrap; }
.st { white-space: nowrap; font-weight: bold; }
.st-pass { background: #e3f4e6; }
.st-gap { background: #fbe0e0; }
.st-missing { background: #fdf1cc; }
.st-na { background: #eeeeee; font-weight: normal; }
.verdict { font-weight: bold; padding: 1px 6px; border: 2px solid #111; white-space: nowrap; }
.verdict-ready { background: #e3f4e6; }
.verdict-not { background: #fbe0e0; border-style: double; border-width: 3px; }
.verdict-none { background: #eeeeee; border-style: dashed; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 6px 0 10px; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
.tiles { display: flex; flex-wrap: wrap; gap: 10px; margin: 8px 0; }
.tile { border: 1px solid #888; padding: 6px 12px; min-width: 110px; break-inside: avoid; }
.tile b { display: block; font-size: 16pt; }
figure { margin: 8px 0; break-inside: avoid; }
figcaption { font-size: 9pt; color: #333; }
svg { max-width: 100%; height: auto; }
svg text { font-family: inherit; fill: #111; }
.m0 { background: #f4cccc; } .m1 { background: #f6d6cf; } .m2 { background: #f8e0d3; }
.m3 { background: #f9e9d6; } .m4 { background: #fbf1da; } .m5 { background: #f6f5da; }
.m6 { background: #e9f2d8; } .m7 { background: #dcefd6; } .m8 { background: #cfe9d2; }
.m9 { background: #c2e2cd; } .m10 { background: #b3dbc6; } .mn { background: #ffffff; color: #555; }
.below { text-decoration: underline dotted; }
ul.plain { padding-left: 18px; }
pre { white-space: pre-wrap; font-size: 9pt; border: 1px solid #bbb; padding: 6px; }
.signatures { display: flex; gap: 28px; margin-top: 28px; break-inside: avoid; }
.signatures div { flex: 1; border-bottom: 1px solid #111; padding-top: 30px; }
.muted { color: #444; font-size: 9pt; }
section.sheet { break-before: page; }
table.summary td:nth-child(3) { min-width: 8em; }
table.summary td:last-child, table.matrix .muted { word-break: break-all; }
table.summary td:last-child { min-width: 12em; }
.multiples { display: flex; flex-wrap: wrap; gap: 8px; }
.multiples figure { margin: 0; border: 1px solid #ccc; padding: 4px; }
@media print {
  body { max-width: none; padding: 0; font-size: 9pt; }
  .page { break-before: page; }
  h2 { margin-top: 0; }
  .tile { padding: 4px 8px; }
  table.summary, table.matrix { font-size: 8pt; }
}
"#;

/// The opening of a page: the document head with its style sheet, the
/// page margins' running header (`running`) and page numbers.
pub(crate) fn open_document(out: &mut String, lang: Lang, title: &str, running: &str) {
    let page = tr!(
        lang,
        r#""第 " counter(page) " 页，共 " counter(pages) " 页""#,
        r#""Page " counter(page) " of " counter(pages)"#
    );
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\"/>\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n\
         <meta name=\"generator\" content=\"assess\"/>\n<title>{}</title>\n<style>{STYLE}\
         @page {{ size: A4; margin: 16mm 12mm 15mm 12mm;\n  \
         @top-left {{ content: {}; font-size: 8.5pt; color: #333; }}\n  \
         @bottom-center {{ content: {page}; font-size: 8.5pt; color: #333; }}\n}}\n\
         </style>\n</head>\n<body>\n",
        tr!(lang, "zh-CN", "en"),
        escape(title),
        css_string(running),
    );
}

pub(crate) const CLOSE_DOCUMENT: &str = "</body>\n</html>\n";

/// A status as a word with its symbol (never by colour alone), in a cell
/// shaded by status.
pub(crate) fn status_cell(status: Status, lang: Lang) -> String {
    let (class, symbol) = match status {
        Status::Pass => ("pass", "√"),
        Status::Gap => ("gap", "×"),
        Status::Missing => ("missing", "?"),
        Status::NotApplicable => ("na", "—"),
    };
    format!(
        "<td class=\"st st-{class}\">{symbol} {}</td>",
        words::status(status, lang)
    )
}

/// A verdict as a word with its symbol, boxed.
pub(crate) fn verdict_badge(verdict: Option<Verdict>, lang: Lang) -> String {
    match verdict {
        Some(Verdict::Ready) => format!(
            "<span class=\"verdict verdict-ready\">√ {}</span>",
            words::verdict(Verdict::Ready, lang)
        ),
        Some(Verdict::NotReady) => format!(
            "<span class=\"verdict verdict-not\">× {}</span>",
            words::verdict(Verdict::NotReady, lang)
        ),
        None => format!(
            "<span class=\"verdict verdict-none\">! {}</span>",
            tr!(lang, "无法读取", "unreadable")
        ),
    }
}

/// `earned × 100 / possible`, or `None` when nothing was possible (every
/// criterion not applicable).
fn percent_of(earned: &Fraction, possible: &Fraction) -> Option<Fraction> {
    (!possible.is_zero()).then(|| &(earned * &Fraction::whole(100)) / possible)
}

/// A number for SVG coordinates: one decimal is finer than a pixel.
pub(crate) fn px(value: f64) -> String {
    let text = format!("{value:.1}");
    text.strip_suffix(".0").unwrap_or(&text).to_string()
}

/// The chart of each target's earned points against its possible points,
/// with the pass mark's share of each target marked; every bar labelled
/// with its numbers.
fn target_chart(report: &SheetReport, lang: Lang) -> String {
    let mark = report.standard.pass_mark.to_f64();
    let targets: Vec<(String, f64, f64)> = by_target(report)
        .map(|(target, rows)| {
            let results: Vec<_> = rows.iter().map(|(_, r)| *r).collect();
            let (earned, possible) = super::target_subtotal(&results);
            let label = format!(
                "{} {}",
                target.id,
                tr!(lang, &target.title, &target.title_en)
            );
            (label, earned.to_f64(), possible.to_f64())
        })
        .collect();
    let most = targets.iter().map(|t| t.2).fold(0.0_f64, f64::max).max(1.0);
    let (label_width, bar_width, row) = (250.0, 330.0, 24.0);
    let height = row * targets.len() as f64 + 44.0;
    let width = label_width + bar_width + 120.0;
    let mut svg = format!(
        "<svg width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{}\">\n",
        escape(tr!(
            lang,
            "各目标自评分与分值",
            "Points earned and possible by target"
        )),
        w = px(width),
        h = px(height),
    );
    for (i, (label, earned, possible)) in targets.iter().enumerate() {
        let y = 8.0 + row * i as f64;
        let full = bar_width * possible / most;
        let got = bar_width * earned / most;
        let tick = label_width + full * mark / 100.0;
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{ty}\" font-size=\"11\">{}</text>\n\
             <rect x=\"{lx}\" y=\"{y}\" width=\"{full}\" height=\"16\" fill=\"#ffffff\" stroke=\"#555\"/>\n\
             <rect x=\"{lx}\" y=\"{y}\" width=\"{got}\" height=\"16\" fill=\"#5b8f6a\"/>\n\
             <line x1=\"{tick}\" x2=\"{tick}\" y1=\"{y0}\" y2=\"{y1}\" stroke=\"#b00\" stroke-width=\"2\" stroke-dasharray=\"3 2\"/>\n\
             <text x=\"{tx}\" y=\"{ty}\" font-size=\"11\">{} / {}</text>\n",
            escape(label),
            words::points_f64(*earned),
            words::points_f64(*possible),
            ty = px(y + 12.5),
            lx = px(label_width),
            y = px(y),
            full = px(full),
            got = px(got),
            tick = px(tick),
            y0 = px(y - 2.0),
            y1 = px(y + 18.0),
            tx = px(label_width + full + 8.0),
        );
    }
    let legend_y = 8.0 + row * targets.len() as f64 + 18.0;
    let _ = write!(
        svg,
        "<rect x=\"0\" y=\"{ry}\" width=\"14\" height=\"10\" fill=\"#5b8f6a\"/>\
         <text x=\"20\" y=\"{ty}\" font-size=\"11\">{}</text>\
         <rect x=\"130\" y=\"{ry}\" width=\"14\" height=\"10\" fill=\"#ffffff\" stroke=\"#555\"/>\
         <text x=\"150\" y=\"{ty}\" font-size=\"11\">{}</text>\
         <line x1=\"270\" x2=\"270\" y1=\"{ly0}\" y2=\"{ly1}\" stroke=\"#b00\" stroke-width=\"2\" stroke-dasharray=\"3 2\"/>\
         <text x=\"278\" y=\"{ty}\" font-size=\"11\">{}</text>\n</svg>",
        tr!(lang, "自评分", "earned"),
        tr!(lang, "分值", "possible"),
        tr!(
            lang,
            format!("合格线（分值的 {}%）", report.standard.pass_mark),
            format!("pass mark ({}% of possible)", report.standard.pass_mark)
        ),
        ry = px(legend_y - 9.0),
        ty = px(legend_y),
        ly0 = px(legend_y - 11.0),
        ly1 = px(legend_y + 3.0),
    );
    svg
}

/// The status counts as labelled bars.
fn counts_chart(report: &SheetReport, lang: Lang) -> String {
    let a = &report.assessment;
    let statuses = [
        Status::Pass,
        Status::Gap,
        Status::Missing,
        Status::NotApplicable,
    ];
    let total = a.results.len().max(1) as f64;
    let mut svg = format!(
        "<svg width=\"420\" height=\"108\" viewBox=\"0 0 420 108\" role=\"img\" aria-label=\"{}\">\n",
        escape(tr!(lang, "各状态项数", "Criteria by status"))
    );
    for (i, status) in statuses.into_iter().enumerate() {
        let n = a.count(status);
        let y = 4.0 + 26.0 * i as f64;
        let (fill, symbol) = match status {
            Status::Pass => ("#5b8f6a", "√"),
            Status::Gap => ("#c0504d", "×"),
            Status::Missing => ("#d9a520", "?"),
            Status::NotApplicable => ("#999999", "—"),
        };
        let width = 240.0 * n as f64 / total;
        let _ = writeln!(
            svg,
            "<text x=\"0\" y=\"{ty}\" font-size=\"11\">{symbol} {}</text>\
             <rect x=\"90\" y=\"{y}\" width=\"{w}\" height=\"16\" fill=\"{fill}\"/>\
             <text x=\"{tx}\" y=\"{ty}\" font-size=\"11\">{n}</text>",
            words::status(status, lang),
            ty = px(y + 12.5),
            y = px(y),
            w = px(width),
            tx = px(96.0 + width),
        );
    }
    svg.push_str("</svg>");
    svg
}

/// The page of one sheet, without the document around it.
fn sheet_body(report: &SheetReport, lang: Lang) -> String {
    let sheet = &report.sheet;
    let standard = report.standard;
    let a = &report.assessment;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<h1>{}</h1>",
        escape(&tr!(
            lang,
            format!("民主法治社区自评表：{}", community(report, lang)),
            format!("Self-assessment: {}", community(report, lang))
        ))
    );
    let fact = |out: &mut String, term: &str, value: &str| {
        let _ = writeln!(out, "<dt>{term}</dt><dd>{value}</dd>");
    };
    out.push_str("<dl class=\"facts\">\n");
    fact(
        &mut out,
        tr!(lang, "社区", "Community"),
        &escape(&sheet.community.name),
    );
    if let Some(district) = &sheet.community.district {
        fact(
            &mut out,
            tr!(lang, "所属街道", "District"),
            &escape(district),
        );
    }
    fact(&mut out, tr!(lang, "年度", "Year"), &sheet.year.to_string());
    fact(
        &mut out,
        tr!(lang, "截至", "As of"),
        &sheet.as_of.to_string(),
    );
    let standard_text = tr!(
        lang,
        format!(
            "{}（{}，{} 版）",
            standard.title, standard.id, standard.version
        ),
        format!(
            "{} ({}, version {})",
            standard.title_en, standard.id, standard.version
        )
    );
    fact(
        &mut out,
        tr!(lang, "标准", "Standard"),
        &escape(&standard_text),
    );
    if let Some(line) = words::tailoring(standard, lang) {
        fact(&mut out, tr!(lang, "标准调整", "Tailoring"), &escape(&line));
    }
    fact(
        &mut out,
        tr!(lang, "自评得分", "Score"),
        // The label is the fact's name already.
        &escape(&score_value(report, lang)),
    );
    fact(
        &mut out,
        tr!(lang, "结论", "Verdict"),
        &format!(
            "{}{}",
            verdict_badge(Some(a.verdict), lang),
            escape(&verdict_notes(a, lang))
        ),
    );
    fact(
        &mut out,
        tr!(lang, "评分项", "Criteria"),
        &escape(&counts_line(a, lang)),
    );
    fact(
        &mut out,
        tr!(lang, "文件", "File"),
        &escape(&crate::diagnostic::visible(&report.source)),
    );
    out.push_str("</dl>\n");

    let _ = writeln!(
        out,
        "<div class=\"tiles\">\n<div class=\"tile\">{}<b>{}</b></div>\n<div class=\"tile\">{}<b>{}%</b></div>\n\
         <div class=\"tile\">{}<b>{} / {}</b></div>\n<div class=\"tile\">{}<b>{}</b></div>\n</div>",
        tr!(lang, "得分率", "Score"),
        escape(&words::percent(report)),
        tr!(lang, "合格线", "Pass mark"),
        standard.pass_mark,
        tr!(lang, "自评分 / 分值", "Earned / possible"),
        words::points(&a.score.earned),
        words::points(&a.score.possible),
        tr!(lang, "声明不适用（分）", "Set aside (points)"),
        words::points(&a.score.set_aside),
    );
    let _ = writeln!(
        out,
        "<figure>{}<figcaption>{}</figcaption></figure>",
        target_chart(report, lang),
        tr!(
            lang,
            "各目标自评分与分值；虚线为该目标分值乘以合格线的位置。",
            "Each target's points earned against its possible points; the dashed line is the pass mark's share of the target."
        )
    );
    let _ = writeln!(
        out,
        "<figure>{}<figcaption>{}</figcaption></figure>",
        counts_chart(report, lang),
        escape(&counts_line(a, lang))
    );

    let _ = writeln!(
        out,
        "<h2 class=\"page\">{}</h2>",
        tr!(lang, "自评表", "Self-score sheet")
    );
    let header = words::sheet_columns(lang);
    out.push_str("<table class=\"sheet\">\n<thead><tr>");
    for (i, h) in header.iter().enumerate() {
        let class = if matches!(i, 2 | 5) {
            " class=\"num\""
        } else {
            ""
        };
        let _ = write!(out, "<th{class}>{h}</th>");
    }
    out.push_str("</tr></thead>\n");
    for (target, rows) in by_target(report) {
        let results: Vec<_> = rows.iter().map(|(_, r)| *r).collect();
        let (earned, possible) = super::target_subtotal(&results);
        let _ = writeln!(
            out,
            "<tbody class=\"target\">\n<tr class=\"subtotal\"><td class=\"id\">{}</td><td colspan=\"4\">{}</td>\
             <td class=\"num\">{}</td><td colspan=\"3\">{}</td></tr>",
            escape(&target.id),
            escape(tr!(lang, &target.title, &target.title_en)),
            words::points(&earned),
            escape(&tr!(
                lang,
                format!(
                    "小计：{} / {} 分",
                    words::points(&earned),
                    words::points(&possible)
                ),
                format!(
                    "subtotal: {} of {} points",
                    words::points(&earned),
                    words::points(&possible)
                )
            )),
        );
        for (criterion, result) in rows {
            let _ = writeln!(
                out,
                "<tr><td class=\"id\">{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td>\
                 <td class=\"num\">{}</td>{}<td>{}</td><td>{}</td></tr>",
                escape(&criterion.id),
                escape(&words::title_with_veto(criterion, lang)),
                words::decimal(criterion.points),
                escape(&words::requirement(&criterion.rule, lang)),
                escape(&words::actual_or_dash(result, criterion, lang)),
                words::earned(result),
                status_cell(result.status, lang),
                lines(&words::reason(result, criterion, sheet.as_of, lang)),
                lines(&evidence(criterion, sheet).join("\n")),
            );
        }
        out.push_str("</tbody>\n");
    }
    let _ = writeln!(
        out,
        "<tbody><tr class=\"total\"><td></td><td colspan=\"4\">{}</td><td class=\"num\">{}</td><td colspan=\"3\">{}</td></tr></tbody>\n</table>",
        tr!(lang, "合计", "Total"),
        words::points(&a.score.earned),
        escape(&score_line(report, lang)),
    );

    out.push_str(&before_inspection(report, lang));

    let cited: Vec<(String, Vec<String>)> = report
        .standard
        .criteria()
        .map(|(_, criterion)| (criterion.id.clone(), evidence(criterion, sheet)))
        .filter(|(_, lines)| !lines.is_empty())
        .collect();
    let _ = writeln!(out, "<h2>{}</h2>", tr!(lang, "佐证材料", "Evidence"));
    if cited.is_empty() {
        let _ = writeln!(
            out,
            "<p>{}</p>",
            tr!(lang, "事实表未列佐证。", "The sheet cites no evidence.")
        );
    } else {
        out.push_str("<ul class=\"plain\">\n");
        for (id, items) in cited {
            for item in items {
                let _ = writeln!(out, "<li><b>{}</b> {}</li>", escape(&id), lines(&item));
            }
        }
        out.push_str("</ul>\n");
    }
    let _ = writeln!(
        out,
        "<div class=\"signatures\"><div>{}</div><div>{}</div><div>{}</div></div>",
        tr!(lang, "填表人：", "Filled in by:"),
        tr!(lang, "审核人：", "Checked by:"),
        tr!(lang, "日期：", "Date:"),
    );
    out
}

/// What to settle before the inspection, the most points recoverable
/// first, each with how the inspector will check it.
fn before_inspection(report: &SheetReport, lang: Lang) -> String {
    let mut out = format!(
        "<h2 class=\"page\">{}</h2>\n",
        tr!(lang, "迎检准备", "Before the inspection")
    );
    let open = super::open_items(report);
    if open.is_empty() {
        let _ = writeln!(
            out,
            "<p>{}</p>",
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
        "<p>{}</p>",
        tr!(
            lang,
            "以下事项尚未达标或缺少数据，按可挽回的分数从高到低排列。",
            "These criteria fall short or lack facts, the most points at stake first."
        )
    );
    let header: [&str; 6] = tr!(
        lang,
        ["编号", "评分项", "可挽回分", "状态", "差距", "检查方式"],
        [
            "ID",
            "Criterion",
            "Points at stake",
            "Status",
            "Gap",
            "Inspection method"
        ]
    );
    out.push_str("<table>\n<thead><tr>");
    for h in header {
        let _ = write!(out, "<th>{h}</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (criterion, result) in open {
        let _ = writeln!(
            out,
            "<tr><td class=\"id\">{}</td><td>{}</td><td class=\"num\">{}</td>{}<td>{}</td><td>{}</td></tr>",
            escape(&criterion.id),
            escape(&words::title_with_veto(criterion, lang)),
            words::points(&at_stake(criterion, result)),
            status_cell(result.status, lang),
            lines(&words::reason(result, criterion, report.sheet.as_of, lang)),
            lines(criterion.method.as_deref().unwrap_or_default()),
        );
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

/// One community's whole page.
pub fn render(report: &SheetReport, lang: Lang) -> String {
    let mut out = String::new();
    let running = format!("{} · {}", community(report, lang), report.sheet.year);
    let title = tr!(
        lang,
        format!("民主法治社区自评表：{running}"),
        format!("Self-assessment: {running}")
    );
    open_document(&mut out, lang, &title, &running);
    out.push_str(&sheet_body(report, lang));
    out.push_str(CLOSE_DOCUMENT);
    out
}

/// The matrix cell class of a percent: one of eleven shades from red to
/// green (`m0`…`m10`), never the only sign of the value (the number is
/// printed in the cell).
fn shade(percent: &Fraction) -> usize {
    let tenths: u128 = percent.to_decimal(0, Rounding::Down).parse().unwrap_or(0);
    (tenths / 10).min(10) as usize
}

/// What the dashboard keeps of each sheet.
struct HtmlExtra {
    row: SummaryRow,
    /// The score in percent, for the distribution; `None` if unreadable.
    percent: Option<f64>,
    /// The matrix's head (the standard's targets) and the pass mark.
    head: Option<(String, f64)>,
    /// An unreadable sheet's problems, as HTML.
    problem: Option<String>,
    /// The full sheet (`--detail`), as HTML.
    detail: Option<String>,
}

/// What the dashboard holds until the end, spooled where it grows with
/// the batch.
#[derive(Default)]
struct Held {
    pieces: usize,
    rows: SummaryRows,
    matrix: Option<Spool>,
    /// The matrix head and the pass mark, from the first readable sheet.
    head: Option<(String, f64)>,
    problems: Option<Spool>,
    details: Option<Spool>,
    /// Scores in ten bins of ten percent (the last includes 100).
    bins: [usize; 10],
}

/// `--format html`: one sheet's page, or a batch's dashboard.
pub struct HtmlPrinter {
    options: Options,
    held: Mutex<Held>,
}

impl HtmlPrinter {
    pub fn new(options: Options) -> HtmlPrinter {
        HtmlPrinter {
            options,
            held: Mutex::new(Held::default()),
        }
    }
}

/// The matrix's head row: a column per target.
fn matrix_head(report: &SheetReport, lang: Lang) -> String {
    let mut out = format!(
        "<thead><tr><th>{}</th><th>{}</th>",
        tr!(lang, "社区", "Community"),
        tr!(lang, "得分", "Score")
    );
    for (target, _) in by_target(report) {
        let _ = write!(
            out,
            "<th class=\"num\" title=\"{}\">{}</th>",
            escape(tr!(lang, &target.title, &target.title_en)),
            escape(&target.id)
        );
    }
    out.push_str("</tr></thead>\n");
    out
}

/// One community's matrix row: each target's percent, shaded.
fn matrix_row(report: &SheetReport, lang: Lang) -> String {
    let mark = report.standard.pass_mark.to_fraction();
    let mut out = format!(
        "<tr><td>{}<br/><span class=\"muted\">{} · {}</span></td><td class=\"num\">{}</td>",
        escape(&community(report, lang)),
        report.sheet.year,
        escape(&crate::diagnostic::visible(&report.source)),
        escape(&words::percent(report)),
    );
    for (_, rows) in by_target(report) {
        let results: Vec<_> = rows.iter().map(|(_, r)| *r).collect();
        let (earned, possible) = super::target_subtotal(&results);
        match percent_of(&earned, &possible) {
            Some(percent) => {
                let below = if percent < mark { " below" } else { "" };
                // As every other report shows a percent (73.75%, not 73%):
                // two decimals, more where rounding would cross the pass
                // mark, so a cell never reads as passing when it is below.
                let _ = write!(
                    out,
                    "<td class=\"num m{}{below}\">{}%</td>",
                    shade(&percent),
                    words::decimal_consistent(&percent, Some((&mark, true)), 2)
                );
            }
            None => out.push_str("<td class=\"num mn\">—</td>"),
        }
    }
    out.push_str("</tr>\n");
    out
}

impl Printer for HtmlPrinter {
    fn piece(&self, report: &SheetReport) -> Piece {
        let lang = self.options.lang;
        if !self.options.batch {
            return Piece::new(render(report, lang).into_bytes());
        }
        let extra = HtmlExtra {
            row: SummaryRow::of(report, lang),
            percent: Some(report.assessment.score.percent.to_f64()),
            head: Some((
                matrix_head(report, lang),
                report.standard.pass_mark.to_f64(),
            )),
            problem: None,
            detail: self.options.detail.then(|| {
                format!(
                    "<section class=\"sheet\">\n{}</section>\n",
                    sheet_body(report, lang)
                )
            }),
        };
        Piece::with(matrix_row(report, lang).into_bytes(), extra)
    }

    fn unreadable(&self, problem: &FileDiagnostics) -> Option<Piece> {
        let lang = self.options.lang;
        self.options.batch.then(|| {
            let extra = HtmlExtra {
                row: SummaryRow::unreadable(&problem.file),
                percent: None,
                head: None,
                problem: Some(format!(
                    "<h3>{}</h3>\n<pre>{}</pre>\n",
                    escape(&crate::diagnostic::visible(&problem.file)),
                    escape(&problem.render(lang))
                )),
                detail: None,
            };
            Piece::with(Vec::new(), extra)
        })
    }

    fn put(&self, piece: Piece, out: &mut dyn Write) -> io::Result<()> {
        let mut held = lock(&self.held);
        held.pieces += 1;
        if !self.options.batch {
            return out.write_all(&piece.bytes);
        }
        let (bytes, extra) = piece.into_parts::<HtmlExtra>();
        let Some(extra) = extra else {
            return Ok(());
        };
        held.rows.push(&extra.row, self.options.lang)?;
        if let Some(percent) = extra.percent {
            let bin = ((percent / 10.0).floor().max(0.0) as usize).min(9);
            held.bins[bin] += 1;
        }
        if held.head.is_none() {
            held.head = extra.head;
        }
        if !bytes.is_empty() {
            Spool::open_once(&mut held.matrix)?.write_all(&bytes)?;
        }
        if let Some(problem) = extra.problem {
            Spool::open_once(&mut held.problems)?.write_all(problem.as_bytes())?;
        }
        if let Some(detail) = extra.detail {
            Spool::open_once(&mut held.details)?.write_all(detail.as_bytes())?;
        }
        Ok(())
    }

    fn finish(&self, out: &mut dyn Write, notes: &[String]) -> io::Result<()> {
        let mut held = lock(&self.held);
        if self.options.batch && held.pieces > 0 {
            dashboard(&mut held, self.options.lang, notes, out)?;
        }
        out.flush()
    }
}

/// The batch's dashboard, from what was held.
fn dashboard(held: &mut Held, lang: Lang, notes: &[String], out: &mut dyn Write) -> io::Result<()> {
    let title = tr!(lang, "民主法治社区自评汇总", "Self-assessment summary");
    let mut head = String::new();
    open_document(&mut head, lang, title, title);
    let _ = writeln!(
        head,
        "<h1>{title}</h1>\n<p>{}</p>",
        escape(&held.rows.ready_line(lang))
    );
    out.write_all(head.as_bytes())?;

    // The headline counts, the unreadable sheets among them.
    let mut counts = [0usize; 4];
    let mut vetoed = 0;
    held.rows.each(|_, row| {
        let i = match row.verdict {
            Some(Verdict::Ready) => 1,
            Some(Verdict::NotReady) => 2,
            None => 3,
        };
        counts[0] += 1;
        counts[i] += 1;
        vetoed += usize::from(!row.vetoes.is_empty());
        Ok(())
    })?;
    let pass_mark = held.head.as_ref().map(|(_, mark)| *mark);
    let mut tiles = String::from("<div class=\"tiles\">\n");
    for (label, value) in [
        (tr!(lang, "事实表", "Sheets"), counts[0].to_string()),
        (
            tr!(lang, "√ 具备迎检条件", "√ Ready"),
            counts[1].to_string(),
        ),
        (
            tr!(lang, "× 尚不具备", "× Not ready"),
            counts[2].to_string(),
        ),
        (
            tr!(lang, "! 无法读取", "! Unreadable"),
            counts[3].to_string(),
        ),
        (tr!(lang, "一票否决", "Vetoed"), vetoed.to_string()),
        (
            tr!(lang, "合格线", "Pass mark"),
            pass_mark.map_or("—".to_string(), |m| format!("{}%", words::points_f64(m))),
        ),
    ] {
        let _ = writeln!(tiles, "<div class=\"tile\">{label}<b>{value}</b></div>");
    }
    tiles.push_str("</div>\n");
    let _ = writeln!(
        tiles,
        "<figure>{}<figcaption>{}</figcaption></figure>",
        distribution(&held.bins, pass_mark, lang),
        tr!(
            lang,
            "得分分布：每 10 分一档（末档含 100%），虚线为合格线；无法读取的事实表不计入。",
            "Scores in bands of ten percent (the last includes 100%); the dashed line is the pass mark. Unreadable sheets are not counted."
        )
    );
    out.write_all(tiles.as_bytes())?;

    // The summary, verdict first.
    let header: [&str; 11] = tr!(
        lang,
        [
            "结论",
            "序号",
            "社区",
            "年度",
            "得分",
            "满分",
            "声明不适用",
            "未达标",
            "缺数据",
            "否决项",
            "文件"
        ],
        [
            "Verdict",
            "#",
            "Community",
            "Year",
            "Score",
            "Out of",
            "Set aside",
            "Gap",
            "Missing",
            "Veto",
            "File"
        ]
    );
    let mut text = format!(
        "<h2 class=\"page\">{}</h2>\n<table class=\"summary\">\n<thead><tr>",
        tr!(lang, "汇总表", "Summary")
    );
    for (i, h) in header.iter().enumerate() {
        let class = if matches!(i, 1 | 4..=8) {
            " class=\"num\""
        } else {
            ""
        };
        let _ = write!(text, "<th{class}>{h}</th>");
    }
    text.push_str("</tr></thead>\n<tbody>\n");
    out.write_all(text.as_bytes())?;
    held.rows.each(|number, row| {
        let t = batch::texts(number, &row, lang);
        let line = format!(
            "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td>{}</td><td>{}</td></tr>\n",
            verdict_badge(row.verdict, lang),
            t[0],
            escape(&t[1]),
            t[2],
            escape(&t[3]),
            escape(&t[4]),
            escape(&t[5]),
            t[7],
            t[8],
            escape(&t[9]),
            escape(&t[11]),
        );
        out.write_all(line.as_bytes())
    })?;
    out.write_all(b"</tbody>\n</table>\n")?;

    // Communities by targets.
    if let (Some((head, _)), Some(matrix)) = (&held.head, &mut held.matrix) {
        let text = format!(
            "<h2 class=\"page\">{}</h2>\n<p class=\"muted\">{}</p>\n<table class=\"matrix\">\n{head}<tbody>\n",
            tr!(lang, "各社区分目标得分率", "Communities by target"),
            tr!(
                lang,
                "每格为该目标自评分占其分值的百分比（不含不适用项）；颜色由红到绿，低于合格线的数字加点线下划线。",
                "Each cell is the target's points earned as a percent of its possible points (criteria that do not apply left out); shaded red to green, numbers under the pass mark dotted underneath."
            )
        );
        out.write_all(text.as_bytes())?;
        matrix.copy_to(out)?;
        out.write_all(b"</tbody>\n</table>\n")?;
    }

    // Vetoes and notes.
    let mut text = format!(
        "<h2>{}</h2>\n",
        tr!(lang, "一票否决与批次提示", "Vetoes and batch notes")
    );
    out.write_all(text.as_bytes())?;
    text.clear();
    let mut any = false;
    held.rows.each(|_, row| {
        if row.vetoes.is_empty() {
            return Ok(());
        }
        let mut line = String::new();
        if !any {
            line.push_str("<ul class=\"plain\">\n");
            any = true;
        }
        let _ = writeln!(
            line,
            "<li>{} ({}): {}</li>",
            escape(&row.community),
            escape(&crate::diagnostic::visible(&row.source)),
            escape(&row.vetoes.join(tr!(lang, "、", ", ")))
        );
        out.write_all(line.as_bytes())
    })?;
    if any {
        text.push_str("</ul>\n");
    } else {
        let _ = writeln!(
            text,
            "<p>{}</p>",
            tr!(
                lang,
                "没有社区触发一票否决。",
                "No community failed a veto criterion."
            )
        );
    }
    if !notes.is_empty() {
        text.push_str("<ul class=\"plain\">\n");
        for note in notes {
            let _ = writeln!(text, "<li>{}</li>", escape(note));
        }
        text.push_str("</ul>\n");
    }
    out.write_all(text.as_bytes())?;

    if let Some(problems) = &mut held.problems {
        let heading = tr!(lang, "无法读取的事实表", "Sheets that could not be read");
        out.write_all(format!("<h2>{heading}</h2>\n").as_bytes())?;
        problems.copy_to(out)?;
    }
    if let Some(details) = &mut held.details {
        details.copy_to(out)?;
    }
    out.write_all(CLOSE_DOCUMENT.as_bytes())
}

/// The distribution of scores as a bar per band of ten percent, each with
/// its count, and the pass mark.
fn distribution(bins: &[usize; 10], pass_mark: Option<f64>, lang: Lang) -> String {
    let most = bins.iter().copied().max().unwrap_or(0).max(1) as f64;
    let (left, bottom, plot_w, plot_h) = (30.0, 150.0, 500.0, 120.0);
    let band = plot_w / 10.0;
    let mut svg = format!(
        "<svg width=\"560\" height=\"190\" viewBox=\"0 0 560 190\" role=\"img\" aria-label=\"{}\">\n\
         <line x1=\"{left}\" x2=\"{right}\" y1=\"{bottom}\" y2=\"{bottom}\" stroke=\"#111\"/>\n",
        escape(tr!(lang, "得分分布", "Distribution of scores")),
        left = px(left),
        right = px(left + plot_w),
        bottom = px(bottom),
    );
    for (i, &n) in bins.iter().enumerate() {
        let h = plot_h * n as f64 / most;
        let x = left + band * i as f64;
        let _ = writeln!(
            svg,
            "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" fill=\"#7f9fbf\" stroke=\"#335\"/>\
             <text x=\"{cx}\" y=\"{ty}\" font-size=\"11\" text-anchor=\"middle\">{n}</text>\
             <text x=\"{lx}\" y=\"{ly}\" font-size=\"10\" text-anchor=\"middle\">{}</text>",
            i * 10,
            x = px(x + 2.0),
            y = px(bottom - h),
            w = px(band - 4.0),
            h = px(h),
            cx = px(x + band / 2.0),
            ty = px(bottom - h - 4.0),
            lx = px(x),
            ly = px(bottom + 14.0),
        );
    }
    let _ = writeln!(
        svg,
        "<text x=\"{x}\" y=\"{y}\" font-size=\"10\" text-anchor=\"middle\">100%</text>",
        x = px(left + plot_w),
        y = px(bottom + 14.0)
    );
    if let Some(mark) = pass_mark {
        let x = left + plot_w * mark.clamp(0.0, 100.0) / 100.0;
        let _ = writeln!(
            svg,
            "<line x1=\"{x}\" x2=\"{x}\" y1=\"16\" y2=\"{b}\" stroke=\"#b00\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>\
             <text x=\"{tx}\" y=\"12\" font-size=\"11\" text-anchor=\"middle\">{}</text>",
            escape(&tr!(
                lang,
                format!("合格线 {}%", words::points_f64(mark)),
                format!("pass mark {}%", words::points_f64(mark))
            )),
            x = px(x),
            b = px(bottom),
            tx = px(x.min(left + plot_w - 40.0)),
        );
    }
    let _ = write!(
        svg,
        "<text x=\"{x}\" y=\"182\" font-size=\"10\" text-anchor=\"middle\">{}</text>\n</svg>",
        tr!(lang, "得分（%）", "score (%)"),
        x = px(left + plot_w / 2.0)
    );
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_unprintable_characters_replaced() {
        assert_eq!(
            escape("<b>&\"x\"'</b>"),
            "&lt;b&gt;&amp;&quot;x&quot;&#39;&lt;/b&gt;"
        );
        assert_eq!(
            escape("a\u{1}b\u{202e}c\u{85}"),
            "a\u{fffd}b\u{fffd}c\u{fffd}"
        );
        assert_eq!(escape("行1\r\n行2"), "行1\n行2");
    }

    #[test]
    fn css_strings_cannot_end_the_rule_or_the_style() {
        assert_eq!(css_string("金海岸 · 2024"), "\"金海岸 · 2024\"");
        assert_eq!(css_string("a\"}</style>"), "\"a\\22 }\\3c /style\\3e \"");
        assert_eq!(css_string("x\\y\n"), "\"x\\5c y\\a \"");
    }

    #[test]
    fn shades_go_by_tens() {
        assert_eq!(shade(&Fraction::whole(0)), 0);
        assert_eq!(shade(&Fraction::new(899, 10)), 8);
        assert_eq!(shade(&Fraction::whole(100)), 10);
    }
}
