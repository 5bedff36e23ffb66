//! One function per rule kind: the facts in, a [`Finding`] out.
//!
//! The conventions that change verdicts live here: bounds are inclusive
//! (以上/以下 include the number, Civil Code art. 1259), ratios are compared
//! by integer cross-multiplication, terms end on the corresponding day
//! (art. 203), and records outside the year or after `as_of` do not count.

use super::{Actual, FailingRecord, LeftOut, NotApplicable, Shortfall, Status};
use crate::date::Date;
use crate::exact::Fraction;
use crate::facts::{FactSheet, FactValue, Record};
use crate::standard::{ChecklistItem, EmptyDenominator, ItemTest, Period, Rule, ShareBound};

/// What a rule found, before points are attached.
pub struct Finding {
    pub status: Status,
    /// For `gap`: the share of the points earned (checklists, quarters).
    pub credit: Option<Fraction>,
    pub actual: Option<Actual>,
    pub shortfall: Option<Shortfall>,
    pub not_applicable: Option<NotApplicable>,
}

impl Finding {
    fn pass(actual: Actual) -> Finding {
        Finding {
            status: Status::Pass,
            credit: None,
            actual: Some(actual),
            shortfall: None,
            not_applicable: None,
        }
    }

    fn gap(actual: Actual, shortfall: Shortfall) -> Finding {
        Finding {
            status: Status::Gap,
            credit: None,
            actual: Some(actual),
            shortfall: Some(shortfall),
            not_applicable: None,
        }
    }

    fn partial(actual: Actual, shortfall: Shortfall, met: usize, total: usize) -> Finding {
        Finding {
            credit: Some(Fraction::new(met as u128, total as u128)),
            ..Finding::gap(actual, shortfall)
        }
    }

    fn missing(facts: Vec<String>) -> Finding {
        Finding {
            status: Status::Missing,
            credit: None,
            actual: None,
            shortfall: Some(Shortfall::NotGiven { facts }),
            not_applicable: None,
        }
    }

    fn not_applicable(actual: Option<Actual>, why: NotApplicable) -> Finding {
        Finding {
            status: Status::NotApplicable,
            credit: None,
            actual,
            shortfall: None,
            not_applicable: Some(why),
        }
    }

    fn judged(passed: bool, actual: Actual, shortfall: impl FnOnce() -> Shortfall) -> Finding {
        if passed {
            Finding::pass(actual)
        } else {
            Finding::gap(actual, shortfall())
        }
    }
}

/// Applies `rule` (of criterion `id`) to `sheet`.
pub fn apply(rule: &Rule, id: &str, sheet: &FactSheet) -> Finding {
    match rule {
        Rule::Flag { fact } => match flag(sheet, fact) {
            None => Finding::missing(vec![fact.clone()]),
            Some(value) => Finding::judged(value, Actual::Flag(value), || Shortfall::NotInPlace),
        },
        Rule::AtMost { fact, max } => match count(sheet, fact) {
            None => Finding::missing(vec![fact.clone()]),
            Some(value) => Finding::judged(value <= *max, Actual::Count(value), || {
                Shortfall::TooMany { value, max: *max }
            }),
        },
        Rule::AtLeast { fact, min } => match count(sheet, fact) {
            None => Finding::missing(vec![fact.clone()]),
            Some(value) => Finding::judged(value >= *min, Actual::Count(value), || {
                Shortfall::TooFew { value, min: *min }
            }),
        },
        Rule::Checklist { items } => checklist(items, sheet),
        Rule::Ratio {
            numerator,
            denominator,
            bound,
            when_empty,
        } => ratio(sheet, numerator, denominator, *bound, *when_empty),
        Rule::CountInYear { fact, min } => count_in_year(sheet, fact, *min),
        Rule::EveryPeriod { fact, min, period } => every_period(sheet, fact, *min, *period),
        Rule::WithinYears { fact, years } => within_years(sheet, fact, *years),
        Rule::EachRecord {
            fact,
            numerator,
            denominator,
            bound,
            when_empty,
        } => each_record(sheet, fact, (numerator, denominator), *bound, *when_empty),
        Rule::LookBack { fact, years, max } => look_back(sheet, fact, *years, *max),
        Rule::NotExpired { fact } => match sheet.fact(fact) {
            Some(FactValue::Date(expires)) => {
                let expires = *expires;
                // Valid through its expiry day: 以前 includes the day.
                Finding::judged(sheet.as_of <= expires, Actual::Date(expires), || {
                    Shortfall::Expired {
                        expires,
                        as_of: sheet.as_of,
                    }
                })
            }
            _ => Finding::missing(vec![fact.clone()]),
        },
        Rule::Attested { fact } => match flag(sheet, fact) {
            None => Finding::missing(vec![fact.clone()]),
            Some(attested) => {
                let evidence = sheet.evidence.get(id).is_some_and(|e| !e.is_empty());
                let actual = Actual::Attested { attested, evidence };
                if !attested {
                    Finding::gap(actual, Shortfall::NotAttested)
                } else if !evidence {
                    Finding::gap(actual, Shortfall::NoEvidence)
                } else {
                    Finding::pass(actual)
                }
            }
        },
    }
}

fn flag(sheet: &FactSheet, fact: &str) -> Option<bool> {
    match sheet.fact(fact) {
        Some(FactValue::Flag(value)) => Some(*value),
        _ => None,
    }
}

fn count(sheet: &FactSheet, fact: &str) -> Option<u64> {
    match sheet.fact(fact) {
        Some(FactValue::Count(value)) => Some(*value),
        _ => None,
    }
}

fn records<'s>(sheet: &'s FactSheet, fact: &str) -> Option<&'s [Record]> {
    match sheet.fact(fact) {
        Some(FactValue::Records(records)) => Some(records),
        _ => None,
    }
}

fn checklist(items: &[ChecklistItem], sheet: &FactSheet) -> Finding {
    let absent: Vec<String> = items
        .iter()
        .filter(|item| sheet.fact(&item.fact).is_none())
        .map(|item| item.fact.clone())
        .collect();
    if !absent.is_empty() {
        return Finding::missing(absent);
    }
    let failed: Vec<usize> = items
        .iter()
        .enumerate()
        .filter(|(_, item)| !item_holds(item, sheet.as_of, sheet))
        .map(|(i, _)| i)
        .collect();
    let total = items.len();
    let met = total - failed.len();
    let actual = Actual::Checklist { met, total };
    if failed.is_empty() {
        Finding::pass(actual)
    } else {
        Finding::partial(actual, Shortfall::ItemsFail { failed }, met, total)
    }
}

fn item_holds(item: &ChecklistItem, as_of: Date, sheet: &FactSheet) -> bool {
    match (item.test, sheet.fact(&item.fact)) {
        (ItemTest::Flag, Some(FactValue::Flag(value))) => *value,
        (ItemTest::AtMost(max), Some(FactValue::Count(value))) => *value <= max,
        (ItemTest::AtLeast(min), Some(FactValue::Count(value))) => *value >= min,
        // A term ending on `as_of` still holds; one ending past year 9999
        // has not ended.
        (ItemTest::Term(years), Some(FactValue::Date(start))) => {
            start.add_years(years).is_none_or(|end| as_of <= end)
        }
        (ItemTest::NotExpired, Some(FactValue::Date(expires))) => as_of <= *expires,
        _ => false,
    }
}

/// `numerator / denominator` against a percent bound, exactly:
/// `n/d ≤ p%` ⇔ `n × 100 000 ≤ p_thousandths × d`.
fn ratio(
    sheet: &FactSheet,
    numerator: &str,
    denominator: &str,
    bound: ShareBound,
    when_empty: EmptyDenominator,
) -> Finding {
    let Some(den) = count(sheet, denominator) else {
        // Name every absent fact, so one pass over the sheet fixes both.
        let absent = [numerator, denominator]
            .into_iter()
            .filter(|fact| sheet.fact(fact).is_none())
            .map(str::to_string)
            .collect();
        return Finding::missing(absent);
    };
    if den == 0 {
        // The standard's choice decides, even when the numerator is absent.
        let num = count(sheet, numerator).unwrap_or(0);
        let actual = Actual::Ratio {
            numerator: num,
            denominator: 0,
        };
        return match when_empty {
            EmptyDenominator::NotApplicable => Finding::not_applicable(
                Some(actual),
                NotApplicable::EmptyDenominator {
                    denominator: denominator.to_string(),
                },
            ),
            // Still missing (a zero denominator never passes), but said
            // as a zero, not as a blank.
            EmptyDenominator::Missing => Finding {
                shortfall: Some(Shortfall::ZeroDenominator {
                    denominator: denominator.to_string(),
                }),
                ..Finding::missing(Vec::new())
            },
        };
    }
    let Some(num) = count(sheet, numerator) else {
        return Finding::missing(vec![numerator.to_string()]);
    };
    let actual = Actual::Ratio {
        numerator: num,
        denominator: den,
    };
    Finding::judged(bound.holds(num, den), actual, || Shortfall::Ratio {
        numerator: num,
        denominator: den,
        change: ratio_change(bound, num, den),
    })
}

/// How many more (at least) or fewer (at most) in the numerator would meet
/// the bound `a/b`: the smallest passing numerator is ⌈a·d / b⌉, the
/// largest ⌊a·d / b⌋.
fn ratio_change(bound: ShareBound, num: u64, den: u64) -> u64 {
    let (a, b) = bound.threshold().parts();
    let limit = a * u128::from(den);
    match bound {
        ShareBound::AtMost(_) => num.saturating_sub(to_u64(limit / b)),
        ShareBound::AtLeast(_) => to_u64(limit.div_ceil(b)).saturating_sub(num),
    }
}

/// Counts are capped far below u64::MAX and shares at 1, so the counts
/// that pass a bound always fit.
fn to_u64(value: u128) -> u64 {
    u64::try_from(value).unwrap_or(u64::MAX)
}

/// The days of the assessment year that count: January 1 to the earlier of
/// December 31 and `as_of`.
fn counted_window(sheet: &FactSheet) -> (Option<Date>, Option<Date>) {
    let start = Date::first_of_year(sheet.year);
    let end = Date::last_of_year(sheet.year).map(|end| end.min(sheet.as_of));
    (start, end)
}

fn count_in_year(sheet: &FactSheet, fact: &str, min: u64) -> Finding {
    let Some(records) = records(sheet, fact) else {
        return Finding::missing(vec![fact.to_string()]);
    };
    let (start, end) = counted_window(sheet);
    let counted = records
        .iter()
        .filter(|r| Some(r.date) >= start && Some(r.date) <= end)
        .count();
    let actual = Actual::InYear {
        counted,
        left_out: left_out(sheet, records, |_| false),
    };
    Finding::judged(counted as u64 >= min, actual, || Shortfall::TooFewInYear {
        counted,
        min,
        year: sheet.year,
    })
}

/// The records that do not count, by why: another year, after `as_of`, or
/// (where `unended` says so of a record in the year up to `as_of`) in a
/// period not yet ended.
fn left_out(sheet: &FactSheet, records: &[Record], unended: impl Fn(&Record) -> bool) -> LeftOut {
    let mut left_out = LeftOut::default();
    for record in records {
        if record.date.year() != sheet.year {
            left_out.other_year += 1;
        } else if record.date > sheet.as_of {
            left_out.after_as_of += 1;
        } else if unended(record) {
            left_out.unended_period += 1;
        }
    }
    left_out
}

fn every_period(sheet: &FactSheet, fact: &str, min: u64, period: Period) -> Finding {
    // A period has ended when its last day is on or before `as_of`.
    let ended: Vec<u8> = (1..=period.per_year())
        .filter(|&p| {
            period
                .end(sheet.year, p)
                .is_some_and(|end| end <= sheet.as_of)
        })
        .collect();
    if ended.is_empty() {
        return Finding::not_applicable(None, NotApplicable::NoPeriodEnded { period });
    }
    let Some(records) = records(sheet, fact) else {
        return Finding::missing(vec![fact.to_string()]);
    };
    let counts: Vec<(u8, usize)> = ended
        .iter()
        .map(|&p| {
            let n = records
                .iter()
                .filter(|r| r.date.year() == sheet.year && period.of(r.date) == p)
                .count();
            (p, n)
        })
        .collect();
    let left_out = left_out(sheet, records, |record| {
        !ended.contains(&period.of(record.date))
    });
    let empty: Vec<u8> = counts
        .iter()
        .filter(|(_, n)| (*n as u64) < min)
        .map(|(p, _)| *p)
        .collect();
    let total = ended.len();
    let met = total - empty.len();
    let actual = Actual::Periods { counts, left_out };
    if empty.is_empty() {
        Finding::pass(actual)
    } else {
        let shortfall = Shortfall::EmptyPeriods {
            empty,
            ended: total,
            min,
        };
        Finding::partial(actual, shortfall, met, total)
    }
}

/// Every record of the year (up to `as_of`) must meet `part / whole`
/// within the bound. A record without one of the fields makes the
/// criterion `missing`, naming the field; a record whose whole is 0 cannot
/// show a quorum and fails.
fn each_record(
    sheet: &FactSheet,
    fact: &str,
    (part, whole): (&str, &str),
    bound: ShareBound,
    when_empty: EmptyDenominator,
) -> Finding {
    let Some(records) = records(sheet, fact) else {
        return Finding::missing(vec![fact.to_string()]);
    };
    let (start, end) = counted_window(sheet);
    let left_out = left_out(sheet, records, |_| false);
    let mut absent = Vec::new();
    let mut failing = Vec::new();
    let mut judged = 0;
    for (index, record) in records.iter().enumerate() {
        if Some(record.date) < start || Some(record.date) > end {
            continue;
        }
        judged += 1;
        let (n, d) = (record.field(part), record.field(whole));
        for (name, value) in [(part, n), (whole, d)] {
            if value.is_none() {
                absent.push(format!("{fact}[{index}].{name}"));
            }
        }
        let (Some(n), Some(d)) = (n, d) else {
            continue;
        };
        if d == 0 || !bound.holds(n, d) {
            failing.push(FailingRecord {
                index,
                date: record.date,
                title: record.title.clone(),
                numerator: n,
                denominator: d,
            });
        }
    }
    if !absent.is_empty() {
        return Finding::missing(absent);
    }
    if judged == 0 {
        return match when_empty {
            EmptyDenominator::NotApplicable => Finding::not_applicable(
                Some(Actual::EachRecord {
                    met: 0,
                    judged: 0,
                    left_out,
                }),
                NotApplicable::NoRecords {
                    fact: fact.to_string(),
                },
            ),
            EmptyDenominator::Missing => Finding::missing(vec![fact.to_string()]),
        };
    }
    let met = judged - failing.len();
    let actual = Actual::EachRecord {
        met,
        judged,
        left_out,
    };
    if failing.is_empty() {
        Finding::pass(actual)
    } else {
        Finding::gap(actual, Shortfall::RecordsFail { failing, judged })
    }
}

/// Incidents over the `years` years up to `as_of`, whatever year they fall
/// in: the window runs from the day after the corresponding day `years`
/// years before `as_of` to `as_of` itself (two years up to 2024-12-31 are
/// 2023-01-01 to 2024-12-31).
fn look_back(sheet: &FactSheet, fact: &str, years: u32, max: u64) -> Finding {
    let Some(records) = records(sheet, fact) else {
        return Finding::missing(vec![fact.to_string()]);
    };
    // A window reaching back before the earliest date a sheet can hold
    // (a look-back of 5000 years) takes in every record, never none.
    let from = sheet
        .as_of
        .sub_years(years)
        .and_then(|before| Date::from_day_number(before.day_number() + 1))
        .unwrap_or(Date::EARLIEST);
    let mut left_out = LeftOut::default();
    let mut counted = 0;
    for record in records {
        if record.date > sheet.as_of {
            left_out.after_as_of += 1;
        } else if record.date < from {
            left_out.before_window += 1;
        } else {
            counted += 1;
        }
    }
    let actual = Actual::LookBack {
        counted,
        from,
        left_out,
    };
    Finding::judged(counted as u64 <= max, actual, || {
        Shortfall::TooManyInWindow {
            counted,
            max,
            from,
            to: sheet.as_of,
        }
    })
}

fn within_years(sheet: &FactSheet, fact: &str, years: u32) -> Finding {
    let Some(FactValue::Date(date)) = sheet.fact(fact) else {
        return Finding::missing(vec![fact.to_string()]);
    };
    let date = *date;
    // A term whose end falls past year 9999 has certainly not ended.
    let Some(term_end) = date.add_years(years) else {
        return Finding::pass(Actual::Date(date));
    };
    Finding::judged(sheet.as_of <= term_end, Actual::Date(date), || {
        Shortfall::TermExpired {
            date,
            term_end,
            as_of: sheet.as_of,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exact::Decimal;
    use crate::facts::Community;
    use crate::standard::Threshold;
    use std::collections::BTreeMap;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn sheet(as_of: &str, facts: &[(&str, FactValue)]) -> FactSheet {
        FactSheet {
            community: Community {
                name: "测试".into(),
                district: None,
            },
            year: 2024,
            as_of: date(as_of),
            as_of_given: true,
            warnings: Vec::new(),
            facts: facts
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
            evidence: BTreeMap::new(),
            not_applicable: BTreeMap::new(),
        }
    }

    fn records(dates: &[&str]) -> FactValue {
        FactValue::Records(dates.iter().map(|d| Record::on(date(d))).collect())
    }

    fn ratio_rule(bound: ShareBound, when_empty: EmptyDenominator) -> Rule {
        Rule::Ratio {
            numerator: "s.part".into(),
            denominator: "s.whole".into(),
            bound,
            when_empty,
        }
    }

    fn percent(p: u32) -> Threshold {
        Threshold::Percent(Decimal::from_whole(p))
    }

    fn status_of(rule: &Rule, sheet: &FactSheet) -> Status {
        apply(rule, "x", sheet).status
    }

    fn counts(part: u64, whole: u64) -> FactSheet {
        sheet(
            "2024-12-31",
            &[
                ("s.part", FactValue::Count(part)),
                ("s.whole", FactValue::Count(whole)),
            ],
        )
    }

    #[test]
    fn flags_pass_only_when_true_and_are_missing_when_absent() {
        let rule = Rule::Flag { fact: "a.b".into() };
        let yes = sheet("2024-12-31", &[("a.b", FactValue::Flag(true))]);
        let no = sheet("2024-12-31", &[("a.b", FactValue::Flag(false))]);
        assert_eq!(status_of(&rule, &yes), Status::Pass);
        assert_eq!(status_of(&rule, &no), Status::Gap);
        assert_eq!(status_of(&rule, &sheet("2024-12-31", &[])), Status::Missing);
    }

    #[test]
    fn at_most_and_at_least_include_their_bound() {
        let at_most = Rule::AtMost {
            fact: "a.n".into(),
            max: 0,
        };
        let at_least = Rule::AtLeast {
            fact: "a.n".into(),
            min: 2,
        };
        let with = |n| sheet("2024-12-31", &[("a.n", FactValue::Count(n))]);
        assert_eq!(status_of(&at_most, &with(0)), Status::Pass);
        assert_eq!(status_of(&at_most, &with(1)), Status::Gap);
        assert_eq!(status_of(&at_least, &with(2)), Status::Pass);
        assert_eq!(status_of(&at_least, &with(1)), Status::Gap);
        assert_eq!(
            apply(&at_most, "x", &with(3)).shortfall,
            Some(Shortfall::TooMany { value: 3, max: 0 })
        );
    }

    #[test]
    fn two_percent_exactly_passes_at_most_two_percent() {
        let rule = ratio_rule(
            ShareBound::AtMost(percent(2)),
            EmptyDenominator::NotApplicable,
        );
        assert_eq!(status_of(&rule, &counts(2, 100)), Status::Pass);
        assert_eq!(status_of(&rule, &counts(1, 50)), Status::Pass);
        // 1/49 = 2.04%: just past the bound.
        assert_eq!(status_of(&rule, &counts(1, 49)), Status::Gap);
        assert_eq!(status_of(&rule, &counts(3, 100)), Status::Gap);
        // 2/65 = 3.1%: one fewer reoffender (1/65 = 1.5%) would pass.
        assert_eq!(
            apply(&rule, "x", &counts(2, 65)).shortfall,
            Some(Shortfall::Ratio {
                numerator: 2,
                denominator: 65,
                change: 1
            })
        );
    }

    #[test]
    fn ninety_five_percent_exactly_passes_at_least_ninety_five() {
        let rule = ratio_rule(ShareBound::AtLeast(percent(95)), EmptyDenominator::Missing);
        assert_eq!(status_of(&rule, &counts(95, 100)), Status::Pass);
        assert_eq!(status_of(&rule, &counts(19, 20)), Status::Pass);
        assert_eq!(status_of(&rule, &counts(94, 100)), Status::Gap);
        // 18/19 = 94.7%: just short.
        assert_eq!(status_of(&rule, &counts(18, 19)), Status::Gap);
        assert_eq!(
            apply(&rule, "x", &counts(56, 62)).shortfall,
            // 95% of 62 is 58.9: 59 satisfied are needed, 3 more.
            Some(Shortfall::Ratio {
                numerator: 56,
                denominator: 62,
                change: 3
            })
        );
    }

    #[test]
    fn fractional_percent_bounds_compare_exactly() {
        let rule = ratio_rule(
            ShareBound::AtLeast(Threshold::Percent(Decimal::from_f64(99.9).unwrap())),
            EmptyDenominator::Missing,
        );
        assert_eq!(status_of(&rule, &counts(999, 1000)), Status::Pass);
        assert_eq!(status_of(&rule, &counts(998, 1000)), Status::Gap);
    }

    #[test]
    fn a_denominator_given_as_zero_is_a_zero_not_a_blank() {
        let rule = ratio_rule(ShareBound::AtLeast(percent(95)), EmptyDenominator::Missing);
        // 0 of 0: never a pass; missing, because the rate cannot be
        // computed, and said as a zero (the fact was filled in).
        let zero = apply(&rule, "x", &counts(0, 0));
        assert_eq!(zero.status, Status::Missing);
        assert_eq!(
            zero.shortfall,
            Some(Shortfall::ZeroDenominator {
                denominator: "s.whole".into()
            })
        );
        // One above the boundary the ratio is judged as usual.
        assert_eq!(status_of(&rule, &counts(1, 1)), Status::Pass);
        assert_eq!(status_of(&rule, &counts(0, 1)), Status::Gap);
        // Only a zero given is a zero: an absent denominator is not given.
        let part_only = sheet("2024-12-31", &[("s.part", FactValue::Count(0))]);
        assert_eq!(
            apply(&rule, "x", &part_only).shortfall,
            Some(Shortfall::NotGiven {
                facts: vec!["s.whole".into()]
            })
        );
    }

    #[test]
    fn an_empty_denominator_takes_the_standards_choice() {
        let na = ratio_rule(
            ShareBound::AtMost(percent(2)),
            EmptyDenominator::NotApplicable,
        );
        let missing = ratio_rule(ShareBound::AtLeast(percent(95)), EmptyDenominator::Missing);
        let zero_whole = sheet("2024-12-31", &[("s.whole", FactValue::Count(0))]);
        assert_eq!(status_of(&na, &zero_whole), Status::NotApplicable);
        assert_eq!(status_of(&missing, &zero_whole), Status::Missing);
        // No denominator at all is missing (naming both absent facts); a
        // denominator without its numerator is missing too.
        assert_eq!(
            apply(&na, "x", &sheet("2024-12-31", &[])).shortfall,
            Some(Shortfall::NotGiven {
                facts: vec!["s.part".into(), "s.whole".into()]
            })
        );
        let whole_only = sheet("2024-12-31", &[("s.whole", FactValue::Count(5))]);
        assert_eq!(
            apply(&na, "x", &whole_only).shortfall,
            Some(Shortfall::NotGiven {
                facts: vec!["s.part".into()]
            })
        );
    }

    #[test]
    fn checklists_credit_items_met_and_are_missing_if_any_item_is_absent() {
        let rule = Rule::Checklist {
            items: vec![
                ChecklistItem {
                    fact: "c.a".into(),
                    test: ItemTest::Flag,
                    label: "a".into(),
                    label_en: "a".into(),
                    weight: None,
                },
                ChecklistItem {
                    fact: "c.b".into(),
                    test: ItemTest::AtMost(0),
                    label: "b".into(),
                    label_en: "b".into(),
                    weight: None,
                },
                ChecklistItem {
                    fact: "c.c".into(),
                    test: ItemTest::AtLeast(1),
                    label: "c".into(),
                    label_en: "c".into(),
                    weight: None,
                },
            ],
        };
        let all = sheet(
            "2024-12-31",
            &[
                ("c.a", FactValue::Flag(true)),
                ("c.b", FactValue::Count(0)),
                ("c.c", FactValue::Count(1)),
            ],
        );
        assert_eq!(status_of(&rule, &all), Status::Pass);
        let two_fail = sheet(
            "2024-12-31",
            &[
                ("c.a", FactValue::Flag(true)),
                ("c.b", FactValue::Count(1)),
                ("c.c", FactValue::Count(0)),
            ],
        );
        let finding = apply(&rule, "x", &two_fail);
        assert_eq!(finding.status, Status::Gap);
        assert_eq!(finding.credit, Some(Fraction::new(1, 3)));
        assert_eq!(
            finding.shortfall,
            Some(Shortfall::ItemsFail { failed: vec![1, 2] })
        );
        let one_absent = sheet(
            "2024-12-31",
            &[("c.a", FactValue::Flag(true)), ("c.b", FactValue::Count(0))],
        );
        assert_eq!(status_of(&rule, &one_absent), Status::Missing);
    }

    #[test]
    fn records_count_only_inside_the_year_and_up_to_as_of() {
        let rule = Rule::CountInYear {
            fact: "d.r".into(),
            min: 2,
        };
        let facts = [(
            "d.r",
            records(&["2023-12-31", "2024-01-01", "2024-06-30", "2025-01-01"]),
        )];
        assert_eq!(status_of(&rule, &sheet("2024-12-31", &facts)), Status::Pass);
        // as_of 2024-06-30 still counts a record dated that day…
        assert_eq!(status_of(&rule, &sheet("2024-06-30", &facts)), Status::Pass);
        // …but not one the day after as_of.
        let finding = apply(&rule, "x", &sheet("2024-06-29", &facts));
        assert_eq!(finding.status, Status::Gap);
        assert_eq!(
            finding.actual,
            Some(Actual::InYear {
                counted: 1,
                left_out: LeftOut {
                    other_year: 2,
                    after_as_of: 1,
                    unended_period: 0,
                    before_window: 0
                }
            })
        );
        // An empty list is given (zero records), not missing.
        assert_eq!(
            status_of(&rule, &sheet("2024-12-31", &[("d.r", records(&[]))])),
            Status::Gap
        );
    }

    #[test]
    fn quarters_say_which_records_they_left_out_and_why() {
        let rule = Rule::EveryPeriod {
            fact: "e.a".into(),
            min: 1,
            period: Period::Quarter,
        };
        // A mistyped 2023-06-12 in a 2024 sheet, one record in Q3 (not
        // ended on 2024-08-15) before as_of and one after it.
        let facts = [(
            "e.a",
            records(&[
                "2024-02-01",
                "2023-06-12",
                "2024-05-01",
                "2024-07-10",
                "2024-08-16",
            ]),
        )];
        let finding = apply(&rule, "x", &sheet("2024-08-15", &facts));
        assert_eq!(finding.status, Status::Pass);
        assert_eq!(
            finding.actual,
            Some(Actual::Periods {
                counts: vec![(1, 1), (2, 1)],
                left_out: LeftOut {
                    other_year: 1,
                    after_as_of: 1,
                    unended_period: 1,
                    before_window: 0
                }
            })
        );
        // On the last day of Q3 the Q3 record counts and nothing is left out
        // but the other year's.
        let finding = apply(&rule, "x", &sheet("2024-09-30", &facts));
        assert_eq!(
            finding.actual,
            Some(Actual::Periods {
                counts: vec![(1, 1), (2, 1), (3, 2)],
                left_out: LeftOut {
                    other_year: 1,
                    ..LeftOut::default()
                }
            })
        );
    }

    #[test]
    fn quarters_ending_on_as_of_are_required_and_later_ones_are_not() {
        let rule = Rule::EveryPeriod {
            fact: "e.a".into(),
            min: 1,
            period: Period::Quarter,
        };
        let facts = [("e.a", records(&["2024-02-01", "2024-05-01"]))];
        // Q2 ends on 2024-06-30: on that day Q1 and Q2 are both required.
        assert_eq!(status_of(&rule, &sheet("2024-06-30", &facts)), Status::Pass);
        assert_eq!(status_of(&rule, &sheet("2024-06-29", &facts)), Status::Pass);
        let finding = apply(&rule, "x", &sheet("2024-12-31", &facts));
        assert_eq!(finding.status, Status::Gap);
        assert_eq!(finding.credit, Some(Fraction::new(2, 4)));
        assert_eq!(
            finding.shortfall,
            Some(Shortfall::EmptyPeriods {
                empty: vec![3, 4],
                ended: 4,
                min: 1
            })
        );
        // Before 2024-03-31 no quarter has ended: nothing to judge.
        assert_eq!(
            status_of(&rule, &sheet("2024-03-30", &[])),
            Status::NotApplicable
        );
        assert_eq!(status_of(&rule, &sheet("2024-03-31", &[])), Status::Missing);
        // Assessed the next spring: all four quarters, and records of the
        // next year do not count.
        let late = [(
            "e.a",
            records(&["2024-02-01", "2024-05-01", "2024-08-01", "2025-01-15"]),
        )];
        assert_eq!(
            apply(&rule, "x", &sheet("2025-03-01", &late)).shortfall,
            Some(Shortfall::EmptyPeriods {
                empty: vec![4],
                ended: 4,
                min: 1
            })
        );
    }

    #[test]
    fn a_term_ending_on_as_of_still_passes() {
        let rule = Rule::WithinYears {
            fact: "e.last".into(),
            years: 5,
        };
        let with = |d| [("e.last", FactValue::Date(date(d)))];
        assert_eq!(
            status_of(&rule, &sheet("2024-12-31", &with("2019-12-31"))),
            Status::Pass
        );
        assert_eq!(
            status_of(&rule, &sheet("2024-12-31", &with("2019-12-30"))),
            Status::Gap
        );
        // From 29 February the term ends on 28 February.
        assert_eq!(
            status_of(&rule, &sheet("2025-02-28", &with("2020-02-29"))),
            Status::Pass
        );
        let mut late = sheet("2025-03-01", &with("2020-02-29"));
        late.year = 2025;
        assert_eq!(
            apply(&rule, "x", &late).shortfall,
            Some(Shortfall::TermExpired {
                date: date("2020-02-29"),
                term_end: date("2025-02-28"),
                as_of: date("2025-03-01"),
            })
        );
    }

    #[test]
    fn attestation_needs_evidence() {
        let rule = Rule::Attested {
            fact: "dev.ok".into(),
        };
        let mut attested = sheet("2024-12-31", &[("dev.ok", FactValue::Flag(true))]);
        assert_eq!(
            apply(&rule, "10.1", &attested).shortfall,
            Some(Shortfall::NoEvidence)
        );
        attested
            .evidence
            .insert("10.1".into(), vec!["文明社区证书".into()]);
        assert_eq!(
            status_of(&rule, &attested),
            Status::Gap,
            "evidence for another id"
        );
        assert_eq!(apply(&rule, "10.1", &attested).status, Status::Pass);
        let denied = sheet("2024-12-31", &[("dev.ok", FactValue::Flag(false))]);
        assert_eq!(
            apply(&rule, "10.1", &denied).shortfall,
            Some(Shortfall::NotAttested)
        );
        assert_eq!(status_of(&rule, &sheet("2024-12-31", &[])), Status::Missing);
    }

    fn meeting(date_text: &str, present: Option<u64>, members: Option<u64>) -> Record {
        let mut record = Record::on(date(date_text));
        record
            .fields
            .extend(present.map(|n| ("present".to_string(), n)));
        record
            .fields
            .extend(members.map(|n| ("members".to_string(), n)));
        record
    }

    fn quorum(when_empty: EmptyDenominator) -> Rule {
        Rule::EachRecord {
            fact: "m.meetings".into(),
            numerator: "present".into(),
            denominator: "members".into(),
            bound: ShareBound::AtLeast(Threshold::Fraction { num: 2, den: 3 }),
            when_empty,
        }
    }

    #[test]
    fn a_quorum_of_exactly_two_thirds_passes_and_one_short_fails() {
        let rule = quorum(EmptyDenominator::NotApplicable);
        let with = |records: Vec<Record>| {
            sheet("2024-12-31", &[("m.meetings", FactValue::Records(records))])
        };
        // 20/30 is exactly 2/3; 34/50 is above; 33/50 (66%) is just below.
        let ok = with(vec![
            meeting("2024-03-01", Some(20), Some(30)),
            meeting("2024-06-01", Some(34), Some(50)),
        ]);
        assert_eq!(status_of(&rule, &ok), Status::Pass);
        let short = with(vec![
            meeting("2024-03-01", Some(20), Some(30)),
            meeting("2024-06-01", Some(33), Some(50)),
            meeting("2023-06-01", Some(1), Some(50)),
        ]);
        let finding = apply(&rule, "x", &short);
        assert_eq!(finding.status, Status::Gap);
        assert_eq!(
            finding.shortfall,
            Some(Shortfall::RecordsFail {
                failing: vec![FailingRecord {
                    index: 1,
                    date: date("2024-06-01"),
                    title: None,
                    numerator: 33,
                    denominator: 50,
                }],
                judged: 2,
            })
        );
        // The 2023 record is left out, and said to be.
        assert_eq!(
            finding.actual,
            Some(Actual::EachRecord {
                met: 1,
                judged: 2,
                left_out: LeftOut {
                    other_year: 1,
                    ..LeftOut::default()
                }
            })
        );
        // A record without a field is missing, named by place and field.
        let absent = with(vec![meeting("2024-03-01", Some(20), None)]);
        assert_eq!(
            apply(&rule, "x", &absent).shortfall,
            Some(Shortfall::NotGiven {
                facts: vec!["m.meetings[0].members".into()]
            })
        );
        // No member recorded: no quorum can be shown.
        let nobody = with(vec![meeting("2024-03-01", Some(0), Some(0))]);
        assert_eq!(status_of(&rule, &nobody), Status::Gap);
        // No record in the year: the standard's choice.
        let none = with(vec![meeting("2023-03-01", Some(20), Some(30))]);
        assert_eq!(status_of(&rule, &none), Status::NotApplicable);
        assert_eq!(
            status_of(&quorum(EmptyDenominator::Missing), &none),
            Status::Missing
        );
        assert_eq!(status_of(&rule, &sheet("2024-12-31", &[])), Status::Missing);
    }

    #[test]
    fn fraction_bounds_compare_exactly_at_and_past_the_bound() {
        let at_least = ratio_rule(
            ShareBound::AtLeast(Threshold::Fraction { num: 2, den: 3 }),
            EmptyDenominator::Missing,
        );
        assert_eq!(status_of(&at_least, &counts(2, 3)), Status::Pass);
        assert_eq!(status_of(&at_least, &counts(200, 300)), Status::Pass);
        assert_eq!(status_of(&at_least, &counts(199, 300)), Status::Gap);
        // 2/3 of 50 is 33.3…: 34 are needed.
        assert_eq!(
            apply(&at_least, "x", &counts(33, 50)).shortfall,
            Some(Shortfall::Ratio {
                numerator: 33,
                denominator: 50,
                change: 1
            })
        );
        let at_most = ratio_rule(
            ShareBound::AtMost(Threshold::Fraction { num: 1, den: 3 }),
            EmptyDenominator::Missing,
        );
        assert_eq!(status_of(&at_most, &counts(1, 3)), Status::Pass);
        assert_eq!(status_of(&at_most, &counts(101, 300)), Status::Gap);
        assert_eq!(
            apply(&at_most, "x", &counts(20, 50)).shortfall,
            Some(Shortfall::Ratio {
                numerator: 20,
                denominator: 50,
                change: 4
            })
        );
    }

    #[test]
    fn months_and_half_years_ended_by_as_of_are_required() {
        let monthly = Rule::EveryPeriod {
            fact: "e.a".into(),
            min: 1,
            period: Period::Month,
        };
        let facts = [("e.a", records(&["2024-01-31", "2024-02-01", "2024-03-15"]))];
        // On 2024-03-30 March has not ended: January and February only.
        assert_eq!(
            status_of(&monthly, &sheet("2024-03-30", &facts)),
            Status::Pass
        );
        assert_eq!(
            apply(&monthly, "x", &sheet("2024-03-30", &facts)).actual,
            Some(Actual::Periods {
                counts: vec![(1, 1), (2, 1)],
                left_out: LeftOut {
                    unended_period: 1,
                    ..LeftOut::default()
                }
            })
        );
        // On 2024-03-31 March has ended, and its record counts.
        assert_eq!(
            apply(&monthly, "x", &sheet("2024-03-31", &facts)).actual,
            Some(Actual::Periods {
                counts: vec![(1, 1), (2, 1), (3, 1)],
                left_out: LeftOut::default()
            })
        );
        // On 2024-04-30 April has ended without a record.
        let finding = apply(&monthly, "x", &sheet("2024-04-30", &facts));
        assert_eq!(finding.credit, Some(Fraction::new(3, 4)));
        assert_eq!(
            finding.shortfall,
            Some(Shortfall::EmptyPeriods {
                empty: vec![4],
                ended: 4,
                min: 1
            })
        );
        assert_eq!(
            status_of(&monthly, &sheet("2024-01-30", &[])),
            Status::NotApplicable
        );
        let half = Rule::EveryPeriod {
            fact: "e.a".into(),
            min: 2,
            period: Period::HalfYear,
        };
        let two = [("e.a", records(&["2024-01-01", "2024-06-30", "2024-07-01"]))];
        assert_eq!(status_of(&half, &sheet("2024-06-30", &two)), Status::Pass);
        assert_eq!(status_of(&half, &sheet("2024-12-31", &two)), Status::Gap);
    }

    #[test]
    fn four_times_a_year_means_one_in_each_quarter() {
        let rule = Rule::EveryPeriod {
            fact: "e.a".into(),
            min: 1,
            period: Period::TimesAYear(4),
        };
        let spread = [(
            "e.a",
            records(&["2024-03-31", "2024-04-01", "2024-09-30", "2024-12-31"]),
        )];
        assert_eq!(
            status_of(&rule, &sheet("2024-12-31", &spread)),
            Status::Pass
        );
        // Four in the first half are four, but not spread.
        let bunched = [(
            "e.a",
            records(&["2024-01-05", "2024-02-05", "2024-04-05", "2024-05-05"]),
        )];
        assert_eq!(
            apply(&rule, "x", &sheet("2024-12-31", &bunched)).shortfall,
            Some(Shortfall::EmptyPeriods {
                empty: vec![3, 4],
                ended: 4,
                min: 1
            })
        );
        assert_eq!(Period::TimesAYear(3).months(), 4);
        assert_eq!(Period::TimesAYear(3).of(date("2024-05-01")), 2);
    }

    #[test]
    fn a_look_back_counts_the_last_years_up_to_as_of_whatever_the_year() {
        let rule = Rule::LookBack {
            fact: "s.incidents".into(),
            years: 2,
            max: 0,
        };
        let with = |d: &[&str]| [("s.incidents", records(d))];
        // Two years up to 2024-12-31 begin on 2023-01-01.
        assert_eq!(
            status_of(&rule, &sheet("2024-12-31", &with(&["2022-12-31"]))),
            Status::Pass
        );
        let finding = apply(&rule, "x", &sheet("2024-12-31", &with(&["2023-01-01"])));
        assert_eq!(finding.status, Status::Gap);
        assert_eq!(
            finding.shortfall,
            Some(Shortfall::TooManyInWindow {
                counted: 1,
                max: 0,
                from: date("2023-01-01"),
                to: date("2024-12-31"),
            })
        );
        // A record after as_of is left out, and said to be.
        let later = apply(
            &rule,
            "x",
            &sheet("2024-06-30", &with(&["2024-07-01", "2021-01-01"])),
        );
        assert_eq!(later.status, Status::Pass);
        assert_eq!(
            later.actual,
            Some(Actual::LookBack {
                counted: 0,
                from: date("2022-07-01"),
                left_out: LeftOut {
                    after_as_of: 1,
                    before_window: 1,
                    ..LeftOut::default()
                }
            })
        );
        assert_eq!(status_of(&rule, &sheet("2024-12-31", &[])), Status::Missing);
        // A window longer than the calendar the tool holds takes in every
        // record.
        let long = Rule::LookBack {
            fact: "s.incidents".into(),
            years: 5000,
            max: 0,
        };
        assert_eq!(
            status_of(&long, &sheet("2024-12-31", &with(&["1000-01-01"]))),
            Status::Gap
        );
    }

    #[test]
    fn an_expiry_date_is_valid_through_that_day() {
        let rule = Rule::NotExpired {
            fact: "a.until".into(),
        };
        let with = |d| [("a.until", FactValue::Date(date(d)))];
        assert_eq!(
            status_of(&rule, &sheet("2024-06-30", &with("2024-06-30"))),
            Status::Pass
        );
        assert_eq!(
            apply(&rule, "x", &sheet("2024-07-01", &with("2024-06-30"))).shortfall,
            Some(Shortfall::Expired {
                expires: date("2024-06-30"),
                as_of: date("2024-07-01"),
            })
        );
        assert_eq!(status_of(&rule, &sheet("2024-07-01", &[])), Status::Missing);
    }

    #[test]
    fn one_term_per_body_in_one_checklist() {
        let item = |fact: &str, test| ChecklistItem {
            fact: fact.into(),
            test,
            label: fact.into(),
            label_en: fact.into(),
            weight: None,
        };
        let rule = Rule::Checklist {
            items: vec![
                item("b.committee", ItemTest::Term(5)),
                item("b.mediation", ItemTest::Term(3)),
                item("b.lease", ItemTest::NotExpired),
            ],
        };
        let facts = |committee, mediation, lease| {
            [
                ("b.committee", FactValue::Date(date(committee))),
                ("b.mediation", FactValue::Date(date(mediation))),
                ("b.lease", FactValue::Date(date(lease))),
            ]
        };
        // Every term ends on as_of or later, the lease expires on as_of.
        let on = sheet(
            "2024-12-31",
            &facts("2019-12-31", "2021-12-31", "2024-12-31"),
        );
        assert_eq!(status_of(&rule, &on), Status::Pass);
        let past = sheet(
            "2024-12-31",
            &facts("2019-12-30", "2021-12-30", "2024-12-30"),
        );
        assert_eq!(
            apply(&rule, "x", &past).shortfall,
            Some(Shortfall::ItemsFail {
                failed: vec![0, 1, 2]
            })
        );
    }
}
