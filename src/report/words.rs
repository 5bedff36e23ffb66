//! Findings put into words, in Chinese or English: the requirement, what
//! the facts show, and what is short and by how much. Every printer takes
//! its text from here, so a table, a JSON report and a Markdown sheet say
//! the same thing the same way.

use crate::date::Date;
use crate::eval::{
    Actual, CriterionResult, FailingRecord, LeftOut, NotApplicable, Shortfall, Status, Verdict,
};
use crate::exact::{Decimal, Fraction, Rounding};
use crate::lang::Lang;
use crate::lang::tr;
use crate::standard::{Criterion, ItemTest, ItemWeight, Period, Rule, ShareBound};
use std::borrow::Cow;

pub fn status(status: Status, lang: Lang) -> &'static str {
    match status {
        Status::Pass => tr!(lang, "达标", "pass"),
        Status::Gap => tr!(lang, "未达标", "gap"),
        Status::Missing => tr!(lang, "缺数据", "missing"),
        Status::NotApplicable => tr!(lang, "不适用", "n/a"),
    }
}

/// The columns of the printed self-score sheet (自评表), as the HTML page
/// and the workbook both head it: the terminal's table is narrower.
pub fn sheet_columns(lang: Lang) -> [&'static str; 9] {
    tr!(
        lang,
        [
            "编号",
            "评分项",
            "分值",
            "要求",
            "实际",
            "自评分",
            "状态",
            "扣分原因",
            "佐证"
        ],
        [
            "ID",
            "Criterion",
            "Points",
            "Required",
            "Actual",
            "Score",
            "Status",
            "Reason for deduction",
            "Evidence"
        ]
    )
}

pub fn verdict(verdict: Verdict, lang: Lang) -> &'static str {
    match verdict {
        Verdict::Ready => tr!(lang, "具备迎检条件", "ready"),
        Verdict::NotReady => tr!(lang, "尚不具备迎检条件", "not ready"),
    }
}

/// The criterion's title in the report's language.
pub fn title(criterion: &Criterion, lang: Lang) -> &str {
    tr!(lang, &criterion.title, &criterion.title_en)
}

/// The title, marked when the criterion is a veto (一票否决) criterion.
pub fn title_with_veto(criterion: &Criterion, lang: Lang) -> String {
    let veto = match criterion.veto {
        false => "",
        true => tr!(lang, "（否决项）", " (veto)"),
    };
    format!("{}{veto}", title(criterion, lang))
}

/// What a tailored standard changed of its base, in one line: `基于
/// seed-2008（2008 版）调整：修改 4.1；删除 1.3`. `None` for a standard that
/// extends nothing.
pub fn tailoring(standard: &crate::standard::Standard, lang: Lang) -> Option<String> {
    let t = standard.tailoring.as_ref()?;
    let mut parts = Vec::new();
    let list = |ids: &[String]| ids.join(tr!(lang, "、", ", "));
    for (ids, zh, en) in [
        (&t.changed, "修改", "changed"),
        (&t.removed, "删除", "removed"),
        (&t.added, "新增", "added"),
    ] {
        if !ids.is_empty() {
            parts.push(format!("{} {}", tr!(lang, zh, en), list(ids)));
        }
    }
    if t.pass_mark_changed {
        parts.push(tr!(
            lang,
            format!("合格线 {}%", standard.pass_mark),
            format!("pass mark {}%", standard.pass_mark)
        ));
    }
    if parts.is_empty() {
        parts.push(tr!(lang, "未改动评分项", "no criterion changed").to_string());
    }
    Some(tr!(
        lang,
        format!(
            "基于 {}（{} 版）调整：{}",
            t.base_id,
            t.base_version,
            parts.join("；")
        ),
        format!(
            "tailored from {} (version {}): {}",
            t.base_id,
            t.base_version,
            parts.join("; ")
        )
    ))
}

/// Points earned for display, or a dash when not applicable.
pub fn earned(result: &CriterionResult) -> String {
    result.earned.as_ref().map_or("—".to_string(), points)
}

/// What is short (or why it does not apply), or nothing for a pass.
/// A pass that left records out says so too, as a note (`注：另 1 条所在季度
/// 尚未结束，未计入`): in a column headed 扣分原因 a bare `（另 1 条…）` on a
/// passing criterion read as a reason points were lost.
pub fn reason(result: &CriterionResult, criterion: &Criterion, as_of: Date, lang: Lang) -> String {
    explanation(result, criterion, as_of, lang).unwrap_or_else(|| pass_note(result, lang))
}

/// The note on records a passing rule did not count, or nothing.
fn pass_note(result: &CriterionResult, lang: Lang) -> String {
    let parts = match left_out_of(result) {
        Some(left_out) => left_out_parts(left_out, period_of(&result.criterion.rule), lang),
        None => Vec::new(),
    };
    if parts.is_empty() {
        return String::new();
    }
    tr!(
        lang,
        format!("注：另 {}，未计入", parts.join("，")),
        format!("note: {}, not counted", parts.join(", "))
    )
}

/// The note on records a rule did not count, or nothing.
fn records_left_out(result: &CriterionResult, lang: Lang) -> String {
    match left_out_of(result) {
        Some(left_out) => left_out_note(left_out, period_of(&result.criterion.rule), lang),
        None => String::new(),
    }
}

/// The records a record-based rule left out, if the rule reads records.
fn left_out_of(result: &CriterionResult) -> Option<LeftOut> {
    match &result.actual {
        Some(
            Actual::InYear { left_out, .. }
            | Actual::Periods { left_out, .. }
            | Actual::EachRecord { left_out, .. }
            | Actual::LookBack { left_out, .. },
        ) => Some(*left_out),
        _ => None,
    }
}

/// The period an every-period rule counts in (quarters for any other
/// rule, which never leaves a record out for its period).
fn period_of(rule: &Rule) -> Period {
    match rule {
        Rule::EveryPeriod { period, .. } => *period,
        _ => Period::Quarter,
    }
}

/// How a period is called: (Chinese, English singular, English plural).
fn period_noun(period: Period) -> (&'static str, &'static str, &'static str) {
    match period.months() {
        1 => ("月", "month", "months"),
        3 => ("季度", "quarter", "quarters"),
        6 => ("半年", "half-year", "half-years"),
        12 => ("年", "year", "years"),
        _ => ("期", "part", "parts"),
    }
}

/// One period by name: `Q2`, `3月`/`Mar`, `上半年`/`H1`, `第2期`/`part 2`.
fn period_name(period: Period, index: u8, lang: Lang) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    match period.months() {
        1 => tr!(
            lang,
            format!("{index}月"),
            MONTHS[usize::from(index.clamp(1, 12)) - 1].to_string()
        ),
        3 => format!("Q{index}"),
        6 => tr!(
            lang,
            if index == 1 { "上半年" } else { "下半年" }.to_string(),
            format!("H{index}")
        ),
        12 => tr!(lang, "全年".to_string(), "the year".to_string()),
        m => {
            let first = (u32::from(index) - 1) * m + 1;
            let last = u32::from(index) * m;
            tr!(
                lang,
                format!("第{index}期（{first}–{last}月）"),
                format!("part {index} (months {first}–{last})")
            )
        }
    }
}

/// What a criterion's deduction rule says, to follow its rule in the
/// criteria list, the template and the schema: `；每项扣 0.5 分，扣完为止`.
/// Empty for a criterion scored by its rule alone.
pub fn scoring(criterion: &Criterion, lang: Lang) -> String {
    let weights: Vec<ItemWeight> = match &criterion.rule {
        Rule::Checklist { items } => items.iter().filter_map(|i| i.weight).collect(),
        _ => Vec::new(),
    };
    let by_points = weights.iter().any(|w| matches!(w, ItemWeight::Points(_)));
    match (criterion.deduct, by_points, weights.is_empty()) {
        (_, true, _) => tr!(
            lang,
            "；计分：按各项所列分值".to_string(),
            "; scoring: each item's own points".to_string()
        ),
        (Some(d), false, _) => {
            // What one deduction is for, in the rule's own terms: one over
            // a most, one short of a least, one record or item that fails.
            let (zh, en) = match &criterion.rule {
                Rule::AtMost { .. } | Rule::LookBack { .. } => ("每超一个", "for each one over"),
                Rule::AtLeast { .. } | Rule::CountInYear { .. } => {
                    ("每差一个", "for each one short")
                }
                Rule::EveryPeriod { .. } => ("每少一期", "for each period without enough records"),
                Rule::EachRecord { .. } => ("每条未达标的记录", "for each record that fails"),
                _ => ("每项未满足", "for each item not met"),
            };
            tr!(
                lang,
                format!("；计分：不按比例，从满分起{zh}扣 {d} 分，扣完为止"),
                format!(
                    "; scoring: not in proportion but from full points, {d} off {en}, never below 0"
                )
            )
        }
        (None, false, false) => tr!(
            lang,
            "；计分：从满分起，每项未满足扣其所列分值，扣完为止".to_string(),
            "; scoring: from full points, each item not met costs its deduction, never below 0"
                .to_string()
        ),
        (None, false, true) => String::new(),
    }
}

/// What the facts show, or a dash when nothing was given.
pub fn actual_or_dash(result: &CriterionResult, criterion: &Criterion, lang: Lang) -> String {
    result.actual.as_ref().map_or("—".to_string(), |a| {
        actual(a, &criterion.rule, lang).into_owned()
    })
}

/// The score as a percent, `66.19%`: two decimals, more if a score just
/// under the pass mark would otherwise print as equal to it.
pub fn percent(report: &super::SheetReport) -> String {
    let mark = report.standard.pass_mark.to_fraction();
    let shown = decimal_consistent(&report.assessment.score.percent, Some((&mark, true)), 2);
    format!("{shown}%")
}

/// The points declared not applicable, shown beside the score so a
/// declaration never silently shrinks what the score is out of:
/// `，另有 3 分声明不适用`, naming the declarations that set aside failing
/// facts. Empty when nothing is declared.
pub fn set_aside(assessment: &crate::eval::Assessment, lang: Lang) -> String {
    let score = &assessment.score;
    if score.set_aside.is_zero() {
        return String::new();
    }
    let points = points(&score.set_aside);
    let over = &assessment.declared_over_failures;
    match over.is_empty() {
        true => tr!(
            lang,
            format!("，另有 {points} 分声明不适用"),
            format!(", {points} more declared not applicable")
        ),
        false => tr!(
            lang,
            format!(
                "，另有 {points} 分声明不适用（其中 {} 所填事实未达标）",
                over.join("、")
            ),
            format!(
                ", {points} more declared not applicable ({} over failing facts)",
                over.join(", ")
            )
        ),
    }
}

/// When a sheet gives no `as_of` and its default, December 31, lies after
/// `today`: a mid-year check judged as at the year's end reports quarters
/// that have not ended as missing, so the report says so (it changes no
/// result).
pub fn as_of_note(
    sheet: &crate::facts::FactSheet,
    today: Option<crate::date::Date>,
    lang: Lang,
) -> Option<String> {
    let today = today?;
    if sheet.as_of_given || sheet.as_of <= today {
        return None;
    }
    Some(tr!(
        lang,
        format!(
            "注意：事实表未填写 as_of，按年末 {} 评估，晚于今天 {today}；如为年中自查，请在事实表中填写 as_of，或运行时加 --as-of {today}",
            sheet.as_of
        ),
        format!(
            "note: the sheet gives no as_of and is assessed as of the year's end, {}, after today ({today}); for a mid-year check write as_of in the sheet, or run with --as-of {today}",
            sheet.as_of
        )
    ))
}

/// The criterion's basis in the report's language (the Chinese where the
/// standard gives no English).
pub fn basis(criterion: &Criterion, lang: Lang) -> Option<&str> {
    match lang {
        Lang::En => criterion.basis_en.as_deref().or(criterion.basis.as_deref()),
        Lang::Zh => criterion.basis.as_deref(),
    }
}

/// How the inspector checks it, in the report's language (the Chinese
/// where the standard gives no English).
pub fn method(criterion: &Criterion, lang: Lang) -> Option<&str> {
    match lang {
        Lang::En => criterion
            .method_en
            .as_deref()
            .or(criterion.method.as_deref()),
        Lang::Zh => criterion.method.as_deref(),
    }
}

/// What a fact is, in words, where the standard or the rule says (a
/// `[labels]` entry, a checklist item's label), then its key, which is
/// what the clerk looks for in the sheet: `刑满释放人员数（stability.released_persons）`.
/// The key alone where nothing says more than the criterion's own title.
pub fn fact_named(criterion: &Criterion, fact: &str, lang: Lang) -> String {
    let label = criterion
        .labels
        .get(fact)
        .map(|l| tr!(lang, l.zh.as_str(), l.en.as_str()))
        .or_else(|| match &criterion.rule {
            Rule::Checklist { items } => items
                .iter()
                .find(|i| i.fact == fact)
                .map(|i| tr!(lang, i.label.as_str(), i.label_en.as_str()))
                .filter(|l| !l.is_empty() && *l != fact),
            // A rule of one fact: the fact is what the criterion is about.
            rule if rule.facts().len() == 1 => Some(title(criterion, lang)),
            _ => None,
        });
    match label {
        Some(label) => tr!(
            lang,
            format!("{label}（{fact}）"),
            format!("{label} ({fact})")
        ),
        None => fact.to_string(),
    }
}

/// What the criterion requires, briefly: `≤ 2%`, `每季度 ≥ 1 次`.
pub fn requirement(rule: &Rule, lang: Lang) -> Cow<'static, str> {
    match rule {
        Rule::Flag { .. } => tr!(lang, Cow::Borrowed("是"), Cow::Borrowed("yes")),
        Rule::AtMost { max: 0, .. } => tr!(lang, Cow::Borrowed("无"), Cow::Borrowed("none")),
        Rule::AtMost { max, .. } => Cow::Owned(format!("≤ {max}")),
        Rule::AtLeast { min, .. } => Cow::Owned(format!("≥ {min}")),
        Rule::Checklist { items } => tr!(
            lang,
            Cow::Owned(format!("{} 项全部满足", items.len())),
            Cow::Owned(format!("all {} items", items.len()))
        ),
        Rule::Ratio { bound, .. } => Cow::Owned(bound_text(*bound)),
        Rule::CountInYear { min, .. } => tr!(
            lang,
            Cow::Owned(format!("年内 ≥ {min} 次")),
            Cow::Owned(format!("≥ {min} in the year"))
        ),
        Rule::EveryPeriod {
            period: Period::TimesAYear(n),
            ..
        } => tr!(
            lang,
            Cow::Owned(format!("每年 {n} 次，分布均匀")),
            Cow::Owned(format!("{n} times a year, spread"))
        ),
        Rule::EveryPeriod { min, period, .. } => {
            let (zh, en, _) = period_noun(*period);
            tr!(
                lang,
                Cow::Owned(format!("每{zh} ≥ {min} 次")),
                Cow::Owned(format!("≥ {min} each {en}"))
            )
        }
        Rule::EachRecord { bound, .. } => tr!(
            lang,
            Cow::Owned(format!("每条 {}", bound_text(*bound))),
            Cow::Owned(format!("each record {}", bound_text(*bound)))
        ),
        Rule::LookBack { years, max: 0, .. } => tr!(
            lang,
            Cow::Owned(format!("近 {years} 年无")),
            Cow::Owned(format!("none in the last {years} years"))
        ),
        Rule::LookBack { years, max, .. } => tr!(
            lang,
            Cow::Owned(format!("近 {years} 年 ≤ {max}")),
            Cow::Owned(format!("≤ {max} in the last {years} years"))
        ),
        Rule::NotExpired { .. } => tr!(lang, Cow::Borrowed("未过期"), Cow::Borrowed("not expired")),
        Rule::WithinYears { years, .. } => tr!(
            lang,
            Cow::Owned(format!("{years} 年内")),
            Cow::Owned(format!("within {years} years"))
        ),
        Rule::Attested { .. } => tr!(
            lang,
            Cow::Borrowed("承诺并附佐证"),
            Cow::Borrowed("attested, with evidence")
        ),
    }
}

/// `≥ 95%`, `≥ 2/3`.
fn bound_text(bound: ShareBound) -> String {
    match bound {
        ShareBound::AtMost(t) => format!("≤ {t}"),
        ShareBound::AtLeast(t) => format!("≥ {t}"),
    }
}

/// What an empty denominator (or no record) means, in words.
fn empty_text(when_empty: crate::standard::EmptyDenominator, lang: Lang) -> &'static str {
    match when_empty {
        crate::standard::EmptyDenominator::NotApplicable => tr!(lang, "不适用", "not applicable"),
        crate::standard::EmptyDenominator::Missing => tr!(lang, "缺数据", "missing"),
    }
}

/// The rule spelled out with its facts, for the criteria list:
/// `stability.reoffenders / stability.released_persons ≤ 2%；分母为 0 时不适用`.
/// The rule of `criterion` and how it is scored, for the criteria list: one
/// account of the points — a deduction replaces the rule's own proportional
/// credit, which is then not mentioned.
pub fn rule_and_scoring(criterion: &Criterion, lang: Lang) -> String {
    let rule = rule_in_words(&criterion.rule, lang);
    let rule = match criterion.deduct {
        Some(_) => [
            "；按达标段数给分",
            "; credit per part met",
            "，按满足项数给分",
            ", credit per item met",
        ]
        .iter()
        .fold(rule, |text, clause| text.replace(clause, "")),
        None => rule,
    };
    let rule = match (criterion.deduct, &criterion.rule) {
        (Some(_), Rule::EveryPeriod { period, .. }) => {
            let (zh, en, _) = period_noun(*period);
            rule.replace(&format!("；按达标{zh}数给分"), "")
                .replace(&format!("; credit per {en} met"), "")
        }
        _ => rule,
    };
    rule + &scoring(criterion, lang)
}

pub fn rule_in_words(rule: &Rule, lang: Lang) -> String {
    match rule {
        Rule::Flag { fact } => tr!(lang, format!("{fact} 为 true"), format!("{fact} is true")),
        Rule::AtMost { fact, max: 0 } => tr!(lang, format!("{fact} 为 0"), format!("{fact} is 0")),
        Rule::AtMost { fact, max } => format!("{fact} ≤ {max}"),
        Rule::AtLeast { fact, min } => format!("{fact} ≥ {min}"),
        Rule::Checklist { items } => {
            let listed: Vec<String> = items
                .iter()
                .map(|item| {
                    let test = match item.test {
                        ItemTest::Flag => tr!(lang, "为 true".to_string(), "true".to_string()),
                        ItemTest::AtMost(n) => format!("≤ {n}"),
                        ItemTest::AtLeast(n) => format!("≥ {n}"),
                        ItemTest::Term(n) => tr!(
                            lang,
                            format!("起 {n} 年任期未满"),
                            format!("within a {n}-year term")
                        ),
                        ItemTest::NotExpired => {
                            tr!(lang, "未过期".to_string(), "not expired".to_string())
                        }
                    };
                    let weight = match item.weight {
                        None => String::new(),
                        Some(ItemWeight::Points(p)) => {
                            tr!(lang, format!("（{p} 分）"), format!(" ({p} points)"))
                        }
                        Some(ItemWeight::Deduct(d)) => {
                            tr!(
                                lang,
                                format!("（否则扣 {d} 分）"),
                                format!(" (−{d} if not)")
                            )
                        }
                    };
                    format!("{} {test}{weight}", item.fact)
                })
                .collect();
            let weighted = items.iter().any(|i| i.weight.is_some());
            match weighted {
                false => tr!(
                    lang,
                    format!("各项均满足，按满足项数给分：{}", listed.join("；")),
                    format!("every item, credit per item met: {}", listed.join("; "))
                ),
                true => tr!(
                    lang,
                    format!("各项均满足：{}", listed.join("；")),
                    format!("every item: {}", listed.join("; "))
                ),
            }
        }
        Rule::Ratio {
            numerator,
            denominator,
            bound,
            when_empty,
        } => {
            let bound = bound_text(*bound);
            let empty = empty_text(*when_empty, lang);
            tr!(
                lang,
                format!("{numerator} / {denominator} {bound}（含本数）；分母为 0 时{empty}"),
                format!(
                    "{numerator} / {denominator} {bound} (inclusive); a zero denominator is {empty}"
                )
            )
        }
        Rule::CountInYear { fact, min } => tr!(
            lang,
            format!("{fact} 中考评年度内（截至 as_of）的记录 ≥ {min} 条"),
            format!("≥ {min} records in {fact} within the year, up to as_of")
        ),
        Rule::EveryPeriod {
            fact,
            period: Period::TimesAYear(n),
            ..
        } => {
            let m = Period::TimesAYear(*n).months();
            tr!(
                lang,
                format!(
                    "{fact} 每年 {n} 次：全年均分为 {n} 段（每段 {m} 个月），截至 as_of 已结束的每段至少 1 条；按达标段数给分"
                ),
                format!(
                    "{fact} {n} times a year, spread: the year in {n} parts of {m} months, ≥ 1 record in every part ended by as_of; credit per part met"
                )
            )
        }
        Rule::EveryPeriod { fact, min, period } => {
            let (zh, en, _) = period_noun(*period);
            tr!(
                lang,
                format!("截至 as_of 已结束的每个{zh}，{fact} 至少 {min} 条；按达标{zh}数给分"),
                format!(
                    "≥ {min} records in {fact} in every {en} ended by as_of; credit per {en} met"
                )
            )
        }
        Rule::EachRecord {
            fact,
            numerator,
            denominator,
            bound,
            when_empty,
        } => {
            let bound = bound_text(*bound);
            let empty = empty_text(*when_empty, lang);
            tr!(
                lang,
                format!(
                    "{fact} 中考评年度内（截至 as_of）的每条记录 {numerator} / {denominator} {bound}（含本数）；没有记录时{empty}"
                ),
                format!(
                    "every record of {fact} within the year, up to as_of: {numerator} / {denominator} {bound} (inclusive); no record is {empty}"
                )
            )
        }
        Rule::LookBack {
            fact,
            years,
            max: 0,
        } => tr!(
            lang,
            format!("{fact} 中截至 as_of 的近 {years} 年内（含 as_of 当日）没有记录，不论年度"),
            format!(
                "no record in {fact} in the {years} years up to as_of (that day included), whatever the year"
            )
        ),
        Rule::LookBack { fact, years, max } => tr!(
            lang,
            format!(
                "{fact} 中截至 as_of 的近 {years} 年内（含 as_of 当日）的记录 ≤ {max} 条，不论年度"
            ),
            format!(
                "≤ {max} records in {fact} in the {years} years up to as_of (that day included), whatever the year"
            )
        ),
        Rule::NotExpired { fact } => tr!(
            lang,
            format!("{fact}（到期日）不早于 as_of：到期当日仍有效"),
            format!("{fact} (an expiry date) is not before as_of: valid through that day")
        ),
        Rule::WithinYears { fact, years } => tr!(
            lang,
            format!("{fact} 距 as_of 不超过 {years} 年（届满当日仍达标）"),
            format!("{fact} at most {years} years before as_of (the last day of the term passes)")
        ),
        Rule::Attested { fact } => tr!(
            lang,
            format!("{fact} 为 true，并在 evidence 中列明佐证"),
            format!("{fact} is true and evidence is cited under evidence")
        ),
    }
}

/// What the facts show: `3.1% (2/65)`, `Q1:1 Q2:0 Q3:2 Q4:1`.
pub fn actual(actual: &Actual, rule: &Rule, lang: Lang) -> Cow<'static, str> {
    let text = match actual {
        Actual::Flag(true) => return Cow::Borrowed(tr!(lang, "是", "yes")),
        Actual::Flag(false) => return Cow::Borrowed(tr!(lang, "否", "no")),
        Actual::Count(n) => n.to_string(),
        Actual::Ratio {
            numerator,
            denominator: 0,
        } => format!("{numerator}/0"),
        Actual::Ratio {
            numerator,
            denominator,
        } => {
            let bound = match rule {
                Rule::Ratio { bound, .. } => Some(*bound),
                _ => None,
            };
            ratio(*numerator, *denominator, bound, lang)
        }
        Actual::InYear { counted, left_out } => tr!(
            lang,
            format!(
                "{counted} 次{}",
                left_out_note(*left_out, period_of(rule), lang)
            ),
            format!(
                "{counted}{}",
                left_out_note(*left_out, period_of(rule), lang)
            )
        ),
        Actual::Periods { counts, left_out } => {
            let period = period_of(rule);
            let periods: Vec<String> = counts
                .iter()
                .map(|(p, n)| format!("{}:{n}", period_name(period, *p, lang)))
                .collect();
            format!(
                "{}{}",
                periods.join(" "),
                left_out_note(*left_out, period, lang)
            )
        }
        Actual::EachRecord {
            met,
            judged,
            left_out,
        } => {
            let note = left_out_note(*left_out, period_of(rule), lang);
            tr!(
                lang,
                format!("{met}/{judged} 条达到{note}"),
                format!("{met} of {judged} records meet it{note}")
            )
        }
        Actual::LookBack {
            counted,
            from,
            left_out,
        } => {
            let note = left_out_note(*left_out, period_of(rule), lang);
            tr!(
                lang,
                format!("{from} 以来 {counted} 起{note}"),
                format!("{counted} since {from}{note}")
            )
        }
        Actual::Date(date) => date.to_string(),
        Actual::Checklist { met, total } => tr!(
            lang,
            format!("{met}/{total} 项"),
            format!("{met} of {total}")
        ),
        Actual::Attested { attested, evidence } => {
            return Cow::Borrowed(match (attested, evidence) {
                (false, _) => tr!(lang, "未承诺", "not attested"),
                (true, true) => tr!(lang, "已承诺，有佐证", "attested, evidence cited"),
                (true, false) => tr!(lang, "已承诺，无佐证", "attested, no evidence"),
            });
        }
    };
    Cow::Owned(text)
}

/// The records a rule did not count, and why: `（另 1 条不在年度内）`,
/// ` (1 outside the year, 2 after as_of)`; empty when none was left out.
fn left_out_note(left_out: LeftOut, period: Period, lang: Lang) -> String {
    let parts = left_out_parts(left_out, period, lang);
    if parts.is_empty() {
        return String::new();
    }
    tr!(
        lang,
        format!("（另 {}）", parts.join("，")),
        format!(" ({})", parts.join(", "))
    )
}

/// Each kind of record left out, counted: `1 条所在季度尚未结束`.
fn left_out_parts(left_out: LeftOut, period: Period, lang: Lang) -> Vec<String> {
    let (zh, en, _) = period_noun(period);
    let unended_zh = format!("条所在{zh}尚未结束");
    let unended_en = format!("in a {en} not yet ended");
    [
        (left_out.other_year, "条不在年度内", "outside the year"),
        (left_out.after_as_of, "条晚于截至日期", "after as_of"),
        (left_out.unended_period, &unended_zh, &unended_en),
        (left_out.before_window, "条早于回溯期", "before the window"),
    ]
    .into_iter()
    .filter(|(n, _, _)| *n > 0)
    .map(|(n, zh, en)| tr!(lang, format!("{n} {zh}"), format!("{n} {en}")))
    .collect()
}

/// `3.1% (2/65)`, with as many decimals as it takes for the shown percent
/// to fall on the same side of the bound as the exact one (1/49 = 2.04%
/// must not print as "2.0%" beside "≤ 2%").
pub fn ratio(numerator: u64, denominator: u64, bound: Option<ShareBound>, lang: Lang) -> String {
    // On a fraction bound exactly (17/51 against 1/3) no decimal shows
    // equality: say it.
    if let Some(t @ crate::standard::Threshold::Fraction { .. }) = bound.map(|b| b.threshold()) {
        let (a, b) = t.parts();
        if u128::from(numerator) * b == a * u128::from(denominator) {
            return format!("{numerator}/{denominator} = {t}");
        }
    }
    let exact = Fraction::new(u128::from(numerator) * 100, u128::from(denominator));
    let bound = bound.map(|b| (b, b.threshold().percent()));
    let shown = decimal_consistent(
        &exact,
        bound
            .as_ref()
            .map(|(b, p)| (p, matches!(b, ShareBound::AtLeast(_)))),
        1,
    );
    tr!(
        lang,
        format!("{shown}%（{numerator}/{denominator}）"),
        format!("{shown}% ({numerator}/{denominator})")
    )
}

/// `value` rounded half-up to the fewest decimals (at least `min_places`,
/// at most 6) at which it compares with `bound` as the exact value does;
/// if even 6 do not (89.9999999 beside 90), the last place is rounded
/// towards the exact value's side of the bound, so a shown number never
/// contradicts the comparison it stands for.
/// `at_least` tells which comparison decides: `≥ bound` or `≤ bound`.
pub fn decimal_consistent(
    value: &Fraction,
    bound: Option<(&Fraction, bool)>,
    min_places: u32,
) -> String {
    const MAX_PLACES: u32 = 6;
    let agrees = |shown: &str| -> bool {
        let Some((b, at_least)) = bound else {
            return true;
        };
        let shown = parse_decimal(shown);
        if at_least {
            (&shown >= b) == (value >= b)
        } else {
            (&shown <= b) == (value <= b)
        }
    };
    for places in min_places..=MAX_PLACES.max(min_places) {
        let shown = value.to_decimal(places, Rounding::HalfUp);
        if agrees(&shown) {
            return shown;
        }
    }
    // Rounding half-up crossed the bound at every precision: round the
    // other way, which stays on the exact value's side.
    let places = MAX_PLACES.max(min_places);
    let shown_up = value.to_decimal(places, Rounding::Up);
    if agrees(&shown_up) {
        shown_up
    } else {
        value.to_decimal(places, Rounding::Down)
    }
}

/// A decimal this module printed (`89.99`), read back exactly.
fn parse_decimal(text: &str) -> Fraction {
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    let digits: u128 = format!("{whole}{frac}").parse().unwrap_or(0);
    Fraction::new(digits, 10u128.pow(frac.len() as u32))
}

/// Points as a standard writes them (at most three decimals, which a sum
/// of such points keeps), trailing zeros dropped: `100`, `2.125`.
pub fn points_exact(value: &Fraction) -> String {
    let text = value.to_decimal(3, Rounding::HalfUp);
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Points earned, for display: at most two decimals, trailing zeros
/// dropped (`2.4`, `1.88`, `10`).
pub fn points(value: &Fraction) -> String {
    let text = value.to_decimal(2, Rounding::HalfUp);
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Points read back from a saved report (an `f64`): as [`points`] shows
/// them, at most two decimals, trailing zeros dropped.
pub fn points_f64(value: f64) -> String {
    let text = fixed_half_up(value, 2);
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A saved report's percent (an `f64`) to two decimals, more where two
/// would put it on the other side of the pass mark (89.996% is not 90.00%).
pub fn percent_f64(value: f64, pass_mark: f64) -> String {
    let mut places = 2;
    loop {
        let text = fixed_half_up(value, places);
        let shown: f64 = text.parse().unwrap_or(value);
        if (shown >= pass_mark) == (value >= pass_mark) || places >= 6 {
            return format!("{text}%");
        }
        places += 1;
    }
}

/// `value` to `places` decimals, halves rounded up as [`points`] does for
/// exact values (Rust's `{:.2}` rounds 0.625 to even, "0.62").
fn fixed_half_up(value: f64, places: usize) -> String {
    let scale = 10f64.powi(places as i32);
    let rounded = (value * scale).round() / scale;
    format!("{rounded:.places$}")
}

pub fn decimal(value: Decimal) -> String {
    value.to_string()
}

/// What is short and by how much, for `gap` and `missing`; why, for
/// `not_applicable`; nothing for `pass`.
pub fn explanation(
    result: &CriterionResult,
    criterion: &Criterion,
    as_of: Date,
    lang: Lang,
) -> Option<String> {
    if let Some(why) = &result.not_applicable {
        return Some(not_applicable(why, as_of, lang));
    }
    result.shortfall.as_ref().map(|s| {
        shortfall(s, criterion, lang)
            + &records_left_out(result, lang)
            + &deducted(result, criterion, lang)
    })
}

/// What a deduction rule took off: `；少 2 项，每项扣 0.5 分，共扣 1 分`,
/// and when that reaches the points, that the criterion earns 0 (扣完为止).
/// Empty where no deduction applies.
fn deducted(result: &CriterionResult, criterion: &Criterion, lang: Lang) -> String {
    let Some(total) = &result.deducted else {
        return String::new();
    };
    let total_text = points_exact(total);
    let units = result
        .shortfall
        .as_ref()
        .map_or(0, crate::eval::units_short);
    let mut text = match (&criterion.rule, criterion.deduct) {
        (Rule::Checklist { .. }, _) | (_, None) => tr!(
            lang,
            format!("；共扣 {total_text} 分"),
            format!("; {total_text} deducted")
        ),
        (_, Some(each)) => {
            let over = matches!(
                result.shortfall,
                Some(Shortfall::TooMany { .. } | Shortfall::TooManyInWindow { .. })
            );
            let (zh, en) = match over {
                true => ("超", "over"),
                false => ("差", "short"),
            };
            tr!(
                lang,
                format!("；{zh} {units} 个，每个扣 {each} 分，共扣 {total_text} 分"),
                format!("; {units} {en}, {each} deducted for each: {total_text} deducted")
            )
        }
    };
    if *total >= criterion.points.to_fraction() {
        text.push_str(tr!(lang, "（扣完为止，得 0 分）", " (down to 0)"));
    }
    text
}

fn not_applicable(why: &NotApplicable, as_of: Date, lang: Lang) -> String {
    match why {
        NotApplicable::Declared { reason, facts } => tr!(
            lang,
            match facts {
                Status::Gap => {
                    format!("声明不适用：{reason}（注意：所填事实未达标，声明掩盖了未达标）")
                }
                _ => format!("声明不适用：{reason}"),
            },
            match facts {
                Status::Gap => format!(
                    "declared not applicable: {reason} (note: the facts given fail this criterion; the declaration sets a failure aside)"
                ),
                _ => format!("declared not applicable: {reason}"),
            }
        ),
        NotApplicable::EmptyDenominator { denominator } => tr!(
            lang,
            format!("{denominator} 为 0，无可评"),
            format!("{denominator} is 0: nothing to judge")
        ),
        NotApplicable::NoPeriodEnded { period } => {
            let (zh, en, _) = period_noun(*period);
            tr!(
                lang,
                format!("截至 {as_of} 尚无{zh}结束"),
                format!("no {en} has ended by {as_of}")
            )
        }
        NotApplicable::NoRecords { fact } => tr!(
            lang,
            format!("{fact} 在考评年度内（截至 {as_of}）没有记录，无可评"),
            format!("no record in {fact} within the year up to {as_of}: nothing to judge")
        ),
    }
}

fn shortfall(shortfall: &Shortfall, criterion: &Criterion, lang: Lang) -> String {
    let rule = &criterion.rule;
    match shortfall {
        Shortfall::NotGiven { facts } => {
            let named: Vec<String> = facts
                .iter()
                .map(|f| fact_named(criterion, f, lang))
                .collect();
            tr!(
                lang,
                format!("未填写：{}", named.join("、")),
                format!("not given: {}", named.join(", "))
            )
        }
        Shortfall::ZeroDenominator { denominator } => {
            let named = fact_named(criterion, denominator, lang);
            tr!(
                lang,
                format!("{named}为 0，无法计算比率"),
                format!("{named} is 0: the rate cannot be computed")
            )
        }
        Shortfall::NotInPlace => tr!(lang, "未落实（填为 false）", "not in place (false)").into(),
        Shortfall::TooMany { value, max: 0 } => tr!(
            lang,
            format!("发生 {value} 起，要求为无"),
            format!("{value} recorded, none allowed")
        ),
        Shortfall::TooMany { value, max } => tr!(
            lang,
            format!("{value} 超过上限 {max}，多 {}", value - max),
            format!("{value} is above the limit of {max} by {}", value - max)
        ),
        Shortfall::TooFew { value, min } => tr!(
            lang,
            format!("{value} 少于 {min}，还差 {}", min - value),
            format!("{value} is below {min}: {} more needed", min - value)
        ),
        Shortfall::Ratio {
            numerator,
            denominator,
            change,
        } => {
            let Rule::Ratio { bound, .. } = rule else {
                return String::new();
            };
            let shown = ratio(*numerator, *denominator, Some(*bound), lang);
            match bound {
                ShareBound::AtMost(p) => tr!(
                    lang,
                    format!(
                        "{shown}高于 {p}：减少 {change} 个（至多 {}/{denominator}）即可达标",
                        numerator - change
                    ),
                    format!(
                        "{shown} is above {p}: {change} fewer (at most {} of {denominator}) would pass",
                        numerator - change
                    )
                ),
                ShareBound::AtLeast(p) => tr!(
                    lang,
                    format!(
                        "{shown}低于 {p}：再多 {change} 个（至少 {}/{denominator}）即可达标",
                        numerator + change
                    ),
                    format!(
                        "{shown} is below {p}: {change} more (at least {} of {denominator}) would pass",
                        numerator + change
                    )
                ),
            }
        }
        Shortfall::TooFewInYear { counted, min, year } => {
            let short = min.saturating_sub(*counted as u64);
            tr!(
                lang,
                format!("{year} 年内 {counted} 次，至少需要 {min} 次，还差 {short} 次"),
                format!("{counted} in {year}, at least {min} required: {short} more needed")
            )
        }
        Shortfall::EmptyPeriods { empty, ended, min } => {
            let period = period_of(rule);
            let (zh, _, en_plural) = period_noun(period);
            let names: Vec<String> = empty
                .iter()
                .map(|p| period_name(period, *p, lang))
                .collect();
            match min {
                1 => tr!(
                    lang,
                    format!(
                        "已结束的 {ended} 个{zh}中 {} 个未开展：{}",
                        empty.len(),
                        names.join("、")
                    ),
                    format!(
                        "{} of {ended} {en_plural} without activity: {}",
                        empty.len(),
                        names.join(", ")
                    )
                ),
                _ => tr!(
                    lang,
                    format!(
                        "已结束的 {ended} 个{zh}中 {} 个少于 {min} 次：{}",
                        empty.len(),
                        names.join("、")
                    ),
                    format!(
                        "{} of {ended} {en_plural} with fewer than {min}: {}",
                        empty.len(),
                        names.join(", ")
                    )
                ),
            }
        }
        Shortfall::RecordsFail { failing, judged } => {
            let Rule::EachRecord { bound, .. } = rule else {
                return String::new();
            };
            let (zh_bound, en_bound) = match bound {
                ShareBound::AtLeast(t) => (format!("未达到 {t}"), format!("below {t}")),
                ShareBound::AtMost(t) => (format!("超过 {t}"), format!("above {t}")),
            };
            let named = failing_records(failing, lang);
            tr!(
                lang,
                format!("{judged} 条记录中 {} 条{zh_bound}：{named}", failing.len()),
                format!("{} of {judged} records {en_bound}: {named}", failing.len())
            )
        }
        Shortfall::TooManyInWindow {
            counted,
            max: 0,
            from,
            to,
        } => tr!(
            lang,
            format!("{from} 至 {to} 发生 {counted} 起，要求为无"),
            format!("{counted} from {from} to {to}, none allowed")
        ),
        Shortfall::TooManyInWindow {
            counted,
            max,
            from,
            to,
        } => tr!(
            lang,
            format!("{from} 至 {to} 发生 {counted} 起，超过上限 {max}"),
            format!("{counted} from {from} to {to}, above the limit of {max}")
        ),
        Shortfall::Expired { expires, as_of } => tr!(
            lang,
            format!("有效期至 {expires}，截至 {as_of} 已过期"),
            format!("valid until {expires}, expired by {as_of}")
        ),
        Shortfall::TermExpired {
            date,
            term_end,
            as_of,
        } => {
            let years = match rule {
                Rule::WithinYears { years, .. } => *years,
                _ => 0,
            };
            let elapsed = years_between(*date, *as_of);
            tr!(
                lang,
                format!(
                    "{date} 距 {as_of} 已 {elapsed} 年（任期 {years} 年，已于 {term_end} 届满）"
                ),
                format!(
                    "{date} is {elapsed} years before {as_of} (term {years} years, ended {term_end})"
                )
            )
        }
        Shortfall::ItemsFail { failed } => {
            let Rule::Checklist { items } = rule else {
                return String::new();
            };
            let names: Vec<String> = failed
                .iter()
                .filter_map(|&i| items.get(i))
                .map(|item| {
                    let label = tr!(lang, &item.label, &item.label_en);
                    let named = match item.test {
                        ItemTest::Flag => label.to_string(),
                        ItemTest::AtMost(0) => tr!(
                            lang,
                            format!("{label}（应为无）"),
                            format!("{label} (must be none)")
                        ),
                        ItemTest::AtMost(max) => tr!(
                            lang,
                            format!("{label}（应 ≤ {max}）"),
                            format!("{label} (must be ≤ {max})")
                        ),
                        ItemTest::AtLeast(min) => tr!(
                            lang,
                            format!("{label}（应 ≥ {min}）"),
                            format!("{label} (must be ≥ {min})")
                        ),
                        ItemTest::Term(years) => tr!(
                            lang,
                            format!("{label}（{years} 年任期已届满）"),
                            format!("{label} (its {years}-year term has ended)")
                        ),
                        ItemTest::NotExpired => tr!(
                            lang,
                            format!("{label}（已过期）"),
                            format!("{label} (expired)")
                        ),
                    };
                    match item.weight {
                        None => named,
                        Some(ItemWeight::Points(p)) => tr!(
                            lang,
                            format!("{named}（{p} 分）"),
                            format!("{named} ({p} points)")
                        ),
                        Some(ItemWeight::Deduct(d)) => tr!(
                            lang,
                            format!("{named}（扣 {d} 分）"),
                            format!("{named} (−{d})")
                        ),
                    }
                })
                .collect();
            tr!(
                lang,
                format!("未满足：{}", names.join("、")),
                format!("not met: {}", names.join(", "))
            )
        }
        Shortfall::NotAttested => tr!(lang, "社区未承诺", "not attested by the community").into(),
        Shortfall::NoEvidence => tr!(
            lang,
            format!(
                "已承诺但未列佐证：请在 evidence.\"{}\" 下写明",
                criterion.id
            ),
            format!(
                "attested without evidence: cite it under evidence.\"{}\"",
                criterion.id
            )
        ),
    }
}

/// The failing records by date and title with what they show, at most
/// ten by name (a long ledger would bury the row): `2024-03-05 会议
/// (30/50)、…`.
fn failing_records(failing: &[FailingRecord], lang: Lang) -> String {
    const NAMED: usize = 10;
    let mut named: Vec<String> = failing
        .iter()
        .take(NAMED)
        .map(|r| {
            let title = r
                .title
                .as_deref()
                .map_or(String::new(), |t| format!(" {t}"));
            tr!(
                lang,
                format!("{}{title}（{}/{}）", r.date, r.numerator, r.denominator),
                format!("{}{title} ({}/{})", r.date, r.numerator, r.denominator)
            )
        })
        .collect();
    if failing.len() > NAMED {
        named.push(tr!(
            lang,
            format!("等共 {} 条", failing.len()),
            format!("and {} more", failing.len() - NAMED)
        ));
    }
    named.join(tr!(lang, "、", ", "))
}

/// Years from `from` to `to`, to one decimal, never shown as less than it
/// is past a term (6.62 → "6.6").
fn years_between(from: Date, to: Date) -> String {
    let days = from.days_until(to).max(0) as u128;
    // 365.2425 days a Gregorian year: tenths of years = days × 10 / 365.2425.
    Fraction::new(days * 10_000, 3_652_425).to_decimal(1, Rounding::HalfUp)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exact::Decimal;

    #[test]
    fn a_score_just_under_the_pass_mark_never_shows_as_the_pass_mark() {
        let ninety = Fraction::whole(90);
        let bound = Some((&ninety, true));
        // 89999999/1000000 %: six places suffice.
        let close = Fraction::new(89_999_999, 1_000_000);
        assert_eq!(decimal_consistent(&close, bound, 2), "89.999999");
        // 89.99999999…: no six-place rounding stays below 90, so the last
        // place is rounded down instead.
        let closer = Fraction::new(8_999_999_999, 100_000_000);
        assert_eq!(decimal_consistent(&closer, bound, 2), "89.999999");
        // Just over a bound of 90.004: rounded up, never shown under it.
        let mark = Fraction::new(90_004, 1000);
        let over = Fraction::new(900_040_000_001, 10_000_000_000);
        assert_eq!(decimal_consistent(&over, Some((&mark, true)), 2), "90.004");
        // Exactly on the mark: as it is.
        assert_eq!(decimal_consistent(&ninety, bound, 2), "90.00");
        // At-most bounds: 2.0000001% is never "2.00%".
        let two = Fraction::whole(2);
        let above = Fraction::new(200_000_001, 100_000_000);
        assert_eq!(
            decimal_consistent(&above, Some((&two, false)), 1),
            "2.000001"
        );
    }

    #[test]
    fn percents_never_contradict_their_bound() {
        use crate::standard::Threshold;
        let two = Some(ShareBound::AtMost(Threshold::Percent(Decimal::from_whole(
            2,
        ))));
        assert_eq!(ratio(2, 65, two, Lang::En), "3.1% (2/65)");
        assert_eq!(ratio(2, 100, two, Lang::En), "2.0% (2/100)");
        // 1/49 = 2.0408%: "2.0%" would look like a pass.
        assert_eq!(ratio(1, 49, two, Lang::En), "2.04% (1/49)");
        let ninety_five = Some(ShareBound::AtLeast(Threshold::Percent(
            Decimal::from_whole(95),
        )));
        // 1899/1999 = 94.997%: "95.0%" would look like a pass.
        assert_eq!(
            ratio(1899, 1999, ninety_five, Lang::En),
            "94.997% (1899/1999)"
        );
        assert_eq!(ratio(19, 20, ninety_five, Lang::Zh), "95.0%（19/20）");
    }

    #[test]
    fn saved_numbers_print_like_fresh_ones() {
        assert_eq!(points_f64(2.4), "2.4");
        assert_eq!(points_f64(1.875), "1.88");
        assert_eq!(points_f64(0.625), "0.63", "as points() shows 5/8");
        assert_eq!(points_f64(10.0), "10");
        assert_eq!(percent_f64(66.18556701030928, 90.0), "66.19%");
        assert_eq!(percent_f64(89.9961, 90.0), "89.996%");
        assert_eq!(percent_f64(90.0, 90.0), "90.00%");
    }

    #[test]
    fn points_show_at_most_two_decimals() {
        assert_eq!(points(&Fraction::new(12, 5)), "2.4");
        assert_eq!(points(&Fraction::new(15, 8)), "1.88");
        assert_eq!(points(&Fraction::new(10, 1)), "10");
        assert_eq!(points(&Fraction::ZERO), "0");
    }

    #[test]
    fn years_are_counted_in_calendar_days() {
        let from = Date::parse("2018-05-20").unwrap();
        let to = Date::parse("2024-12-31").unwrap();
        assert_eq!(years_between(from, to), "6.6");
    }
}
