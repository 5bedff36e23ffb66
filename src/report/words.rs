//! Findings put into words, in Chinese or English: the requirement, what
//! the facts show, and what is short and by how much. Every printer takes
//! its text from here, so a table, a JSON report and a Markdown sheet say
//! the same thing the same way.

use crate::date::Date;
use crate::eval::{Actual, CriterionResult, LeftOut, NotApplicable, Shortfall, Status, Verdict};
use crate::exact::{Decimal, Fraction, Rounding};
use crate::lang::Lang;
use crate::lang::tr;
use crate::standard::{Criterion, ItemTest, PercentBound, Rule};
use std::borrow::Cow;

pub fn status(status: Status, lang: Lang) -> &'static str {
    match status {
        Status::Pass => tr!(lang, "达标", "pass"),
        Status::Gap => tr!(lang, "未达标", "gap"),
        Status::Missing => tr!(lang, "缺数据", "missing"),
        Status::NotApplicable => tr!(lang, "不适用", "n/a"),
    }
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
/// A pass that left records out says so too (`(1 outside the year)`).
pub fn reason(result: &CriterionResult, criterion: &Criterion, as_of: Date, lang: Lang) -> String {
    explanation(result, criterion, as_of, lang)
        .unwrap_or_else(|| records_left_out(result, lang).trim_start().to_string())
}

/// The note on records a rule did not count, or nothing.
fn records_left_out(result: &CriterionResult, lang: Lang) -> String {
    match &result.actual {
        Some(Actual::InYear { left_out, .. } | Actual::Quarters { left_out, .. }) => {
            left_out_note(*left_out, lang)
        }
        _ => String::new(),
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
        Rule::Ratio { bound, .. } => match bound {
            PercentBound::AtMost(p) => Cow::Owned(format!("≤ {p}%")),
            PercentBound::AtLeast(p) => Cow::Owned(format!("≥ {p}%")),
        },
        Rule::CountInYear { min, .. } => tr!(
            lang,
            Cow::Owned(format!("年内 ≥ {min} 次")),
            Cow::Owned(format!("≥ {min} in the year"))
        ),
        Rule::EveryQuarter { min, .. } => tr!(
            lang,
            Cow::Owned(format!("每季度 ≥ {min} 次")),
            Cow::Owned(format!("≥ {min} each quarter"))
        ),
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

/// The rule spelled out with its facts, for the criteria list:
/// `stability.reoffenders / stability.released_persons ≤ 2%；分母为 0 时不适用`.
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
                    };
                    format!("{} {test}", item.fact)
                })
                .collect();
            tr!(
                lang,
                format!("各项均满足，按满足项数给分：{}", listed.join("；")),
                format!("every item, credit per item met: {}", listed.join("; "))
            )
        }
        Rule::Ratio {
            numerator,
            denominator,
            bound,
            when_empty,
        } => {
            let bound = match bound {
                PercentBound::AtMost(p) => format!("≤ {p}%"),
                PercentBound::AtLeast(p) => format!("≥ {p}%"),
            };
            let empty = match when_empty {
                crate::standard::EmptyDenominator::NotApplicable => {
                    tr!(lang, "不适用", "not applicable")
                }
                crate::standard::EmptyDenominator::Missing => tr!(lang, "缺数据", "missing"),
            };
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
        Rule::EveryQuarter { fact, min } => tr!(
            lang,
            format!("截至 as_of 已结束的每个季度，{fact} 至少 {min} 条；按达标季度数给分"),
            format!(
                "≥ {min} records in {fact} in every quarter ended by as_of; credit per quarter met"
            )
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
            format!("{counted} 次{}", left_out_note(*left_out, lang)),
            format!("{counted}{}", left_out_note(*left_out, lang))
        ),
        Actual::Quarters { counts, left_out } => {
            let quarters: Vec<String> = counts.iter().map(|(q, n)| format!("Q{q}:{n}")).collect();
            format!("{}{}", quarters.join(" "), left_out_note(*left_out, lang))
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
fn left_out_note(left_out: LeftOut, lang: Lang) -> String {
    let parts: Vec<String> = [
        (left_out.other_year, "条不在年度内", "outside the year"),
        (left_out.after_as_of, "条晚于截至日期", "after as_of"),
        (
            left_out.unended_quarter,
            "条所在季度尚未结束",
            "in a quarter not yet ended",
        ),
    ]
    .into_iter()
    .filter(|(n, _, _)| *n > 0)
    .map(|(n, zh, en)| tr!(lang, format!("{n} {zh}"), format!("{n} {en}")))
    .collect();
    if parts.is_empty() {
        return String::new();
    }
    tr!(
        lang,
        format!("（另 {}）", parts.join("，")),
        format!(" ({})", parts.join(", "))
    )
}

/// `3.1% (2/65)`, with as many decimals as it takes for the shown percent
/// to fall on the same side of the bound as the exact one (1/49 = 2.04%
/// must not print as "2.0%" beside "≤ 2%").
pub fn ratio(numerator: u64, denominator: u64, bound: Option<PercentBound>, lang: Lang) -> String {
    let exact = Fraction::new(u128::from(numerator) * 100, u128::from(denominator));
    let bound = bound.map(|b| match b {
        PercentBound::AtMost(p) | PercentBound::AtLeast(p) => (b, p.to_fraction()),
    });
    let shown = decimal_consistent(
        &exact,
        bound
            .as_ref()
            .map(|(b, p)| (p, matches!(b, PercentBound::AtLeast(_)))),
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
    result
        .shortfall
        .as_ref()
        .map(|s| shortfall(s, criterion, lang) + &records_left_out(result, lang))
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
        NotApplicable::NoQuarterEnded => tr!(
            lang,
            format!("截至 {as_of} 尚无季度结束"),
            format!("no quarter has ended by {as_of}")
        ),
    }
}

fn shortfall(shortfall: &Shortfall, criterion: &Criterion, lang: Lang) -> String {
    let rule = &criterion.rule;
    match shortfall {
        Shortfall::NotGiven { facts } => tr!(
            lang,
            format!("未填写：{}", facts.join("、")),
            format!("not given: {}", facts.join(", "))
        ),
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
                PercentBound::AtMost(p) => tr!(
                    lang,
                    format!(
                        "{shown}高于 {p}%：减少 {change} 个（至多 {}/{denominator}）即可达标",
                        numerator - change
                    ),
                    format!(
                        "{shown} is above {p}%: {change} fewer (at most {} of {denominator}) would pass",
                        numerator - change
                    )
                ),
                PercentBound::AtLeast(p) => tr!(
                    lang,
                    format!(
                        "{shown}低于 {p}%：再多 {change} 个（至少 {}/{denominator}）即可达标",
                        numerator + change
                    ),
                    format!(
                        "{shown} is below {p}%: {change} more (at least {} of {denominator}) would pass",
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
        Shortfall::EmptyQuarters { empty, ended, min } => {
            let names: Vec<String> = empty.iter().map(|q| format!("Q{q}")).collect();
            match min {
                1 => tr!(
                    lang,
                    format!(
                        "已结束的 {ended} 个季度中 {} 个未开展：{}",
                        empty.len(),
                        names.join("、")
                    ),
                    format!(
                        "{} of {ended} quarters without activity: {}",
                        empty.len(),
                        names.join(", ")
                    )
                ),
                _ => tr!(
                    lang,
                    format!(
                        "已结束的 {ended} 个季度中 {} 个少于 {min} 次：{}",
                        empty.len(),
                        names.join("、")
                    ),
                    format!(
                        "{} of {ended} quarters with fewer than {min}: {}",
                        empty.len(),
                        names.join(", ")
                    )
                ),
            }
        }
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
                    match item.test {
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
        let two = Some(PercentBound::AtMost(Decimal::from_whole(2)));
        assert_eq!(ratio(2, 65, two, Lang::En), "3.1% (2/65)");
        assert_eq!(ratio(2, 100, two, Lang::En), "2.0% (2/100)");
        // 1/49 = 2.0408%: "2.0%" would look like a pass.
        assert_eq!(ratio(1, 49, two, Lang::En), "2.04% (1/49)");
        let ninety_five = Some(PercentBound::AtLeast(Decimal::from_whole(95)));
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
