//! What can only be checked once the whole sheet is read: the keys every
//! sheet needs, and the facts that must agree with one another. Each check
//! takes what was read, with the position of every fact's key, and gives
//! its problems; adding one is adding a function to [`consistency`].

use super::Partial;
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
    parts_within_wholes(standard, sheet, &mut problems);
    no_veto_declared(standard, sheet, &mut problems);
    problems
}

/// `as_of` cannot be before the assessment year begins.
fn as_of_within_reach(sheet: &Partial, problems: &mut Vec<Diagnostic>) {
    let (Some(year), Some((as_of, at))) = (sheet.year, sheet.as_of) else {
        return;
    };
    if as_of.year() < year {
        problems.push(
            Diagnostic::new(Bilingual::new(
                format!("as_of {as_of} 早于考评年度 {year} 的开始"),
                format!("as_of {as_of} is before the assessment year {year} begins"),
            ))
            .at(Some(at))
            .path("as_of"),
        );
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

/// A veto criterion cannot be declared not applicable.
fn no_veto_declared(standard: &Standard, sheet: &Partial, problems: &mut Vec<Diagnostic>) {
    for (id, (_, at)) in &sheet.not_applicable {
        if standard.criterion(id).is_some_and(|c| c.veto) {
            problems.push(
                Diagnostic::new(Bilingual::new(
                    format!("评分项 {id} 是一票否决项，不能声明为不适用"),
                    format!(
                        "criterion {id} is a veto criterion and cannot be declared not applicable"
                    ),
                ))
                .at(Some(*at))
                .path(format!("not_applicable.{id}")),
            );
        }
    }
}
