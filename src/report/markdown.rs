//! The self-score sheet as Markdown: a heading with the score and verdict,
//! then one table per target. Written by hand rather than with a table
//! library so every cell is escaped: any text a sheet holds (a `|`, a
//! newline, `*`) stays inside its cell and prints as written.

use super::{SheetReport, table, words};
use crate::lang::Lang;
use std::fmt::Write as _;

pub fn render(report: &SheetReport, lang: Lang) -> String {
    let sheet = &report.sheet;
    let standard = report.standard;
    let a = &report.assessment;
    let mut out = String::new();
    let community = match &sheet.community.district {
        Some(d) => format!("{}（{d}）", sheet.community.name),
        None => sheet.community.name.clone(),
    };
    let verdict = words::verdict(a.verdict, lang);
    let vetoes = a.vetoes_failed.join(", ");
    match lang {
        Lang::Zh => {
            let _ = writeln!(out, "# 民主法治社区自评表：{}\n", inline(&community));
            let _ = writeln!(out, "- 年度：{}", sheet.year);
            let _ = writeln!(out, "- 截至：{}", sheet.as_of);
            let _ = writeln!(
                out,
                "- 标准：{}（{}，{} 版）",
                inline(&standard.title),
                inline(&standard.id),
                inline(&standard.version)
            );
            let _ = writeln!(out, "- {}", table::score_line(report, lang));
            let _ = write!(out, "- 结论：**{verdict}**");
            if !vetoes.is_empty() {
                let _ = write!(out, "（一票否决：{vetoes}）");
            }
        }
        Lang::En => {
            let _ = writeln!(out, "# Self-assessment: {}\n", inline(&community));
            let _ = writeln!(out, "- Year: {}", sheet.year);
            let _ = writeln!(out, "- As of: {}", sheet.as_of);
            let _ = writeln!(
                out,
                "- Standard: {} ({}, version {})",
                inline(&standard.title_en),
                inline(&standard.id),
                inline(&standard.version)
            );
            let _ = writeln!(out, "- {}", table::score_line(report, lang));
            let _ = write!(out, "- Verdict: **{verdict}**");
            if !vetoes.is_empty() {
                let _ = write!(out, " (veto failed: {vetoes})");
            }
        }
    }
    let _ = writeln!(out, "\n- {}\n", table::counts_line(a, lang));

    let header = match lang {
        Lang::Zh => "| 编号 | 评分项 | 分值 | 要求 | 实际 | 自评分 | 状态 | 扣分原因 |",
        Lang::En => "| ID | Criterion | Points | Required | Actual | Score | Status | Gap |",
    };
    let mut results = a.results.iter();
    for target in &standard.targets {
        let target_results: Vec<_> = results.by_ref().take(target.criteria.len()).collect();
        let (earned, possible) = super::target_subtotal(target, &target_results);
        let (earned, possible) = (words::points(earned), words::points(possible));
        let _ = match lang {
            Lang::Zh => writeln!(
                out,
                "## {} {}（自评 {earned} / {possible} 分）\n",
                inline(&target.id),
                inline(&target.title)
            ),
            Lang::En => writeln!(
                out,
                "## {} {} ({earned} of {possible} points)\n",
                inline(&target.id),
                inline(&target.title_en)
            ),
        };
        let _ = writeln!(out, "{header}");
        let _ = writeln!(out, "|---|---|--:|---|---|--:|---|---|");
        for (criterion, result) in target.criteria.iter().zip(target_results) {
            let veto = if criterion.veto {
                lang.pick("（否决项）", " (veto)")
            } else {
                ""
            };
            let cells = [
                criterion.id.clone(),
                format!("{}{veto}", words::title(criterion, lang)),
                words::decimal(criterion.points),
                words::requirement(&criterion.rule, lang),
                result.actual.as_ref().map_or("—".to_string(), |x| {
                    words::actual(x, &criterion.rule, lang)
                }),
                result.earned.map_or("—".to_string(), words::points),
                words::status(result.status, lang).to_string(),
                words::explanation(result, criterion, sheet.as_of, lang).unwrap_or_default(),
            ];
            let row: Vec<String> = cells.iter().map(|c| cell(c)).collect();
            let _ = writeln!(out, "| {} |", row.join(" | "));
        }
        out.push('\n');
    }
    out
}

/// Escapes text for a Markdown table cell: the pipe that would end the
/// cell, the newline that would end the row, and the characters that
/// would turn text into formatting.
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

/// Escapes text for a heading or list item (no newlines allowed there).
fn inline(text: &str) -> String {
    cell(text).replace("<br>", " ")
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
