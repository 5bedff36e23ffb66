//! `assess template`: a fact sheet with every key the standard needs, in
//! the standard's order, values left empty, each key commented with its
//! criterion, requirement and how the inspector checks it. Assessed as
//! printed, every criterion is `missing` (exit 1): nothing is filled in, and
//! nothing in it is an error.

use crate::facts::{Node, Schema, Section};
use crate::lang::Lang;
use crate::lang::tr;
use crate::report::words;
use crate::standard::{FactType, Rule, Standard};
use std::fmt::Write as _;

/// The file name the template's first line points editors to; `assess
/// schema > assess-schema.json` writes it.
pub const SCHEMA_FILE: &str = "assess-schema.json";

/// Where a comment starts, so the comments line up.
const COMMENT_COLUMN: usize = 30;

pub fn render(standard: &Standard, schema: &Schema, lang: Lang, year: i32) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# yaml-language-server: $schema={SCHEMA_FILE}");
    let _ = tr!(
        lang,
        write!(
            out,
            "# 民主法治社区事实表 · 标准：{}（{}，{} 版）\n\
             # 逐项填写后运行：assess 本文件.yaml。留空的项目按“缺数据”计分。\n\
             # 编辑器补全与检查：assess schema > {SCHEMA_FILE}\n\n",
            standard.title, standard.id, standard.version
        ),
        write!(
            out,
            "# Fact sheet · standard: {} ({}, version {})\n\
             # Fill in each key, then run: assess this-file.yaml. Keys left empty count as missing.\n\
             # Completion and checking in editors: assess schema > {SCHEMA_FILE}\n\n",
            standard.title_en, standard.id, standard.version
        )
    );
    let fixed = [
        ("community:", tr!(lang, "", "")),
        (
            tr!(
                lang,
                "  name: 待填写社区名称", // facts::NAME_PLACEHOLDERS
                "  name: (the community's name)"
            ),
            tr!(lang, "必填：社区名称", "required: the community's name"),
        ),
        (
            "  district:",
            tr!(lang, "选填：所属街道、开发区", "optional: the district"),
        ),
        (
            &format!("year: {year}"),
            tr!(lang, "必填：考评年度", "required: the assessment year"),
        ),
        (
            "as_of:",
            tr!(
                lang,
                "选填：截至日期 YYYY-MM-DD，默认当年 12 月 31 日",
                "optional: the date the sheet speaks for, YYYY-MM-DD; default December 31",
            ),
        ),
    ];
    for (line, comment) in fixed {
        push_line(&mut out, line, comment);
    }
    let mut introduced = Vec::new();
    for (key, node) in &schema.root.entries {
        out.push('\n');
        write_node(&mut out, standard, key, node, 0, lang, &mut introduced);
    }
    out.push('\n');
    push_line(
        &mut out,
        "evidence:",
        tr!(
            lang,
            "选填：评分项编号: 佐证所在（台账、文件、照片），如 \"7.6\": 2024年法制宣传活动台账",
            "optional: criterion id: where its evidence is kept, e.g. \"7.6\": 2024 legal publicity ledger",
        ),
    );
    let declarable: Vec<&str> = standard
        .criteria()
        .filter(|(_, c)| c.declarable)
        .map(|(_, c)| c.id.as_str())
        .collect();
    let comment = match declarable.is_empty() {
        true => tr!(
            lang,
            "本标准不允许声明任何评分项不适用".to_string(),
            "the standard allows no criterion to be declared not applicable".to_string()
        ),
        false => tr!(
            lang,
            format!(
                "选填：评分项编号: 不适用的理由（本标准只允许声明 {}）",
                declarable.join("、")
            ),
            format!(
                "optional: criterion id: why it does not apply (the standard allows {} only)",
                declarable.join(", ")
            )
        ),
    };
    push_line(&mut out, "not_applicable:", &comment);
    out
}

fn push_line(out: &mut String, line: &str, comment: &str) {
    if comment.is_empty() {
        let _ = writeln!(out, "{line}");
    } else {
        let width = unicode_width::UnicodeWidthStr::width(line);
        let pad = COMMENT_COLUMN.saturating_sub(width).max(1);
        let _ = writeln!(out, "{line}{}# {comment}", " ".repeat(pad));
    }
}

fn write_node(
    out: &mut String,
    standard: &Standard,
    key: &str,
    node: &Node,
    depth: usize,
    lang: Lang,
    introduced: &mut Vec<String>,
) {
    let indent = "  ".repeat(depth);
    match node {
        Node::Section(section) => {
            let _ = writeln!(out, "{indent}{key}:");
            write_section(out, standard, section, depth + 1, lang, introduced);
        }
        Node::Fact { path, kind, fields } => {
            let mut role = String::new();
            for (_, criterion) in standard.criteria() {
                if !criterion.rule.facts().iter().any(|(f, _)| f == path) {
                    continue;
                }
                role = fact_role(criterion, path, lang);
                // A criterion reading several facts is introduced once,
                // above its first fact.
                if introduced.contains(&criterion.id) {
                    continue;
                }
                introduced.push(criterion.id.clone());
                let veto = match criterion.veto {
                    false => "",
                    true => tr!(lang, "，否决项", ", veto"),
                };
                let _ = tr!(
                    lang,
                    writeln!(
                        out,
                        "{indent}# {} {}（{} 分{veto}）",
                        criterion.id, criterion.title, criterion.points
                    ),
                    writeln!(
                        out,
                        "{indent}# {} {} ({} points{veto})",
                        criterion.id, criterion.title_en, criterion.points
                    )
                );
                let mut detail = format!(
                    "{}{}{}",
                    tr!(lang, "要求：", "required: "),
                    words::requirement(&criterion.rule, lang),
                    words::scoring(criterion, lang)
                );
                if let Some(method) = words::method(criterion, lang) {
                    let _ = write!(
                        detail,
                        "{}{method}",
                        tr!(lang, " · 检查方式：", " · checked by: ")
                    );
                }
                let _ = writeln!(out, "{indent}#   {detail}");
            }
            push_line(
                out,
                &format!("{indent}{key}:"),
                &format!("{role}{}", hint(*kind, lang)),
            );
            if !fields.fields.is_empty() {
                // How a record with the fields is written, as a comment:
                // the value stays empty so the sheet as printed is missing.
                let example: Vec<String> =
                    fields.fields.iter().map(|f| format!("{f}: 0")).collect();
                let _ = tr!(
                    lang,
                    writeln!(
                        out,
                        "{indent}  # 每条记录写成：- {{ date: 2024-03-05, {} }}（整数）",
                        example.join(", ")
                    ),
                    writeln!(
                        out,
                        "{indent}  # write each record as: - {{ date: 2024-03-05, {} }} (whole numbers)",
                        example.join(", ")
                    )
                );
            }
        }
    }
}

/// What a fact is within its rule, as a comment prefix: a checklist item's
/// label, a ratio's numerator or denominator.
fn fact_role(criterion: &crate::standard::Criterion, fact: &str, lang: Lang) -> String {
    let label = criterion
        .labels
        .get(fact)
        .map(|l| tr!(lang, l.zh.as_str(), l.en.as_str()));
    match &criterion.rule {
        Rule::Checklist { items } => {
            items
                .iter()
                .find(|item| item.fact == fact)
                .map_or(String::new(), |item| {
                    format!(
                        "{}{}",
                        tr!(lang, &item.label, &item.label_en),
                        tr!(lang, "：", ": ")
                    )
                })
        }
        Rule::Ratio { numerator, .. } => {
            let role = if numerator == fact {
                tr!(lang, "分子", "numerator")
            } else {
                tr!(lang, "分母", "denominator")
            };
            // Said in words where the standard labels the fact: the clerk
            // should not have to read the English key to tell the two
            // numbers apart.
            match label {
                Some(label) => tr!(
                    lang,
                    format!("{label}（{role}）："),
                    format!("{label} ({role}): ")
                ),
                None => tr!(lang, format!("{role}："), format!("{role}: ")),
            }
        }
        _ => String::new(),
    }
}

fn write_section(
    out: &mut String,
    standard: &Standard,
    section: &Section,
    depth: usize,
    lang: Lang,
    introduced: &mut Vec<String>,
) {
    for (key, node) in &section.entries {
        write_node(out, standard, key, node, depth, lang, introduced);
    }
}

/// What to write for a fact of this type.
fn hint(kind: FactType, lang: Lang) -> &'static str {
    match kind {
        FactType::Flag => tr!(lang, "true 或 false", "true or false"),
        FactType::Count => tr!(lang, "数量（整数）", "a whole number"),
        FactType::Date => tr!(lang, "日期，如 2021-05-20", "a date, e.g. 2021-05-20"),
        FactType::Expiry => tr!(
            lang,
            "到期日，如 2026-06-30（可晚于 as_of）",
            "an expiry date, e.g. 2026-06-30 (may be after as_of)"
        ),
        FactType::Records => tr!(
            lang,
            "日期列表，每行一条，如 - 2024-03-05；没有记录请写 []（留空表示未填写，即缺数据）",
            "a list of dates, one per line, e.g. - 2024-03-05; none at all is [] (left empty means not given: missing)",
        ),
    }
}
