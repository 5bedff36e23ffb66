//! What can only be checked once the whole sheet is read: the keys every
//! sheet needs, and the facts that must agree with one another. Each check
//! takes what was read, with the position of every fact's key, and gives
//! its problems; adding one is adding a function to [`consistency`].

use super::Partial;
use crate::date::Date;
use crate::diagnostic::{Bilingual, Diagnostic};
use crate::facts::FactValue;
use crate::standard::Standard;

/// `year` and `community.name`, unless given but refused (already said) or
/// the walk ended before it could know.
pub(super) fn required(sheet: &Partial) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    if sheet.incomplete {
        return problems;
    }
    if sheet.name.is_none() && !sheet.name_refused {
        problems.push(
            Diagnostic::new(Bilingual::new(
                "缺少社区名称：请填写 community.name",
                "the community's name is missing: fill in community.name",
            ))
            .at(sheet.community_position)
            .path("community.name"),
        );
    }
    if sheet.year.is_none() && !sheet.year_refused {
        problems.push(
            Diagnostic::new(Bilingual::new(
                "缺少考评年度：请填写 year，如 year: 2024",
                "the assessment year is missing: fill in year, e.g. year: 2024",
            ))
            .path("year"),
        );
    }
    problems
}

/// Facts that contradict one another or the year: each an input error.
pub(super) fn consistency(standard: &Standard, sheet: &Partial) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    as_of_within_reach(sheet, &mut problems);
    dates_not_after_as_of(standard, sheet, &mut problems);
    parts_within_wholes(standard, sheet, &mut problems);
    declarations_allowed(standard, sheet, &mut problems);
    problems
}

/// `as_of` falls in the assessment year or the next: not before the year
/// begins, and not years later (a typo that would judge every term and
/// quarter against the wrong day).
fn as_of_within_reach(sheet: &Partial, problems: &mut Vec<Diagnostic>) {
    let (Some(year), Some((as_of, at))) = (sheet.year, sheet.as_of) else {
        return;
    };
    let named = sheet.as_of_name();
    if as_of.year() < year {
        problems.push(
            Diagnostic::new(Bilingual::new(
                format!("{named} {as_of} 早于考评年度 {year} 的开始"),
                format!("{named} {as_of} is before the assessment year {year} begins"),
            ))
            .at(Some(at))
            .path(named),
        );
    }
    let next = i64::from(year) + 1;
    if i64::from(as_of.year()) > next {
        problems.push(
            Diagnostic::new(Bilingual::new(
                format!(
                    "{named} {as_of} 晚于考评年度 {year} 的次年年底：截至日期应在 {year} 年内或 {next} 年内，请核对年份"
                ),
                format!(
                    "{named} {as_of} is after the end of the year following the assessment year {year}: it must fall in {year} or {next}; check the year"
                ),
            ))
            .at(Some(at))
            .path(named),
        );
    }
}

/// A date fact cannot lie after `as_of`, the day the sheet speaks for: an
/// election "held" in 2081 would otherwise pass its term for decades.
fn dates_not_after_as_of(standard: &Standard, sheet: &Partial, problems: &mut Vec<Diagnostic>) {
    let named = sheet.as_of_name();
    let as_of = match (sheet.as_of, sheet.year) {
        (Some((as_of, _)), _) => as_of,
        (None, Some(year)) => match Date::last_of_year(year) {
            Some(end) => end,
            None => return,
        },
        (None, None) => return,
    };
    for (path, value) in &sheet.facts {
        let FactValue::Date(date) = value else {
            continue;
        };
        // An expiry date is meant to lie ahead.
        if standard.facts.get(path.as_str()) == Some(&crate::standard::FactType::Expiry) {
            continue;
        }
        if *date > as_of {
            problems.push(
                Diagnostic::new(Bilingual::new(
                    format!(
                        "{date} 晚于截至日期 {named}（{as_of}）：不能填写尚未发生的日期，请核对年份"
                    ),
                    format!(
                        "{date} is after {named} ({as_of}): a date cannot lie after the day the sheet speaks for; check the year"
                    ),
                ))
                .at(sheet.fact_position(path))
                .path(path.to_string()),
            );
        }
    }
}

/// A part cannot exceed its whole: more reoffenders than released persons
/// is a mistake in the sheet, not a failing rate.
fn parts_within_wholes(standard: &Standard, sheet: &Partial, problems: &mut Vec<Diagnostic>) {
    for (part, whole) in standard.part_whole_pairs() {
        let (Some(FactValue::Count(p)), Some(FactValue::Count(w))) =
            (sheet.facts.get(part), sheet.facts.get(whole))
        else {
            continue;
        };
        if p > w {
            problems.push(
                Diagnostic::new(Bilingual::new(
                    format!("{part} 为 {p}，大于其总数 {whole}（{w}）：部分不能多于整体"),
                    format!(
                        "{part} is {p}, more than {whole} ({w}): a part cannot exceed its whole"
                    ),
                ))
                .at(sheet.fact_position(part))
                .path(part),
            );
        }
    }
}

/// A declaration is accepted only where the standard allows one: it could
/// otherwise set aside any failure (an expired term, a 10-point target)
/// and turn "not ready" into 100%. A veto criterion never.
fn declarations_allowed(standard: &Standard, sheet: &Partial, problems: &mut Vec<Diagnostic>) {
    for (id, (_, at)) in &sheet.not_applicable {
        let Some(criterion) = standard.criterion(id) else {
            continue;
        };
        let message = if criterion.veto {
            Bilingual::new(
                format!("评分项 {id} 是一票否决项，不能声明为不适用"),
                format!("criterion {id} is a veto criterion and cannot be declared not applicable"),
            )
        } else if !criterion.declarable {
            let allowed: Vec<&str> = standard
                .criteria()
                .filter(|(_, c)| c.declarable)
                .map(|(_, c)| c.id.as_str())
                .collect();
            if allowed.is_empty() {
                Bilingual::new(
                    format!("评分项 {id} 不能声明为不适用：本标准不允许声明任何评分项不适用"),
                    format!(
                        "criterion {id} cannot be declared not applicable: the standard allows no declarations"
                    ),
                )
            } else {
                Bilingual::new(
                    format!(
                        "评分项 {id} 不能声明为不适用：本标准只允许声明 {}",
                        allowed.join("、")
                    ),
                    format!(
                        "criterion {id} cannot be declared not applicable: the standard allows declarations only for {}",
                        allowed.join(", ")
                    ),
                )
            }
        } else {
            continue;
        };
        problems.push(
            Diagnostic::new(message)
                .at(Some(*at))
                .path(format!("not_applicable.{id}")),
        );
    }
}
