//! One function per rule kind: the facts in, a [`Finding`] out.
//!
//! The conventions that change verdicts live here: bounds are inclusive
//! (以上/以下 include the number, Civil Code art. 1259), ratios are compared
//! by integer cross-multiplication, terms end on the corresponding day
//! (art. 203), and records outside the year or after `as_of` do not count.

use super::{Actual, LeftOut, NotApplicable, Shortfall, Status};
use crate::date::Date;
use crate::exact::{Decimal, Fraction};
use crate::facts::{FactSheet, FactValue, Record};
use crate::standard::{ChecklistItem, EmptyDenominator, ItemTest, PercentBound, Rule};

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
        Rule::EveryQuarter { fact, min } => every_quarter(sheet, fact, *min),
        Rule::WithinYears { fact, years } => within_years(sheet, fact, *years),
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
        .filter(|(_, item)| !item_holds(item, sheet))
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

fn item_holds(item: &ChecklistItem, sheet: &FactSheet) -> bool {
    match (item.test, sheet.fact(&item.fact)) {
        (ItemTest::Flag, Some(FactValue::Flag(value))) => *value,
        (ItemTest::AtMost(max), Some(FactValue::Count(value))) => *value <= max,
        (ItemTest::AtLeast(min), Some(FactValue::Count(value))) => *value >= min,
        _ => false,
    }
}

/// `numerator / denominator` against a percent bound, exactly:
/// `n/d ≤ p%` ⇔ `n × 100 000 ≤ p_thousandths × d`.
fn ratio(
    sheet: &FactSheet,
    numerator: &str,
    denominator: &str,
    bound: PercentBound,
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
            EmptyDenominator::Missing => Finding::missing(vec![denominator.to_string()]),
        };
    }
    let Some(num) = count(sheet, numerator) else {
        return Finding::missing(vec![numerator.to_string()]);
    };
    let actual = Actual::Ratio {
        numerator: num,
        denominator: den,
    };
    let scaled = u128::from(num) * 100_000;
    match bound {
        PercentBound::AtMost(p) => {
            let limit = threshold(p, den);
            Finding::judged(scaled <= limit, actual, || Shortfall::Ratio {
                numerator: num,
                denominator: den,
                // The largest numerator that passes is ⌊limit / 100 000⌋.
                change: num - to_u64(limit / 100_000),
            })
        }
        PercentBound::AtLeast(p) => {
            let limit = threshold(p, den);
            Finding::judged(scaled >= limit, actual, || Shortfall::Ratio {
                numerator: num,
                denominator: den,
                // The smallest numerator that passes is ⌈limit / 100 000⌉.
                change: to_u64(limit.div_ceil(100_000)) - num,
            })
        }
    }
}

fn threshold(percent: Decimal, denominator: u64) -> u128 {
    u128::from(percent.thousandths()) * u128::from(denominator)
}

/// Counts are capped far below u64::MAX and percents at 100, so quotients
/// of `threshold` by 100 000 always fit.
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
/// quarter not yet ended.
fn left_out(sheet: &FactSheet, records: &[Record], unended: impl Fn(&Record) -> bool) -> LeftOut {
    let mut left_out = LeftOut::default();
    for record in records {
        if record.date.year() != sheet.year {
            left_out.other_year += 1;
        } else if record.date > sheet.as_of {
            left_out.after_as_of += 1;
        } else if unended(record) {
            left_out.unended_quarter += 1;
        }
    }
    left_out
}

fn every_quarter(sheet: &FactSheet, fact: &str, min: u64) -> Finding {
    // A quarter has ended when its last day is on or before `as_of`.
    let ended: Vec<u8> = (1..=4)
        .filter(|&q| Date::quarter_end(sheet.year, q).is_some_and(|end| end <= sheet.as_of))
        .collect();
    if ended.is_empty() {
        return Finding::not_applicable(None, NotApplicable::NoQuarterEnded);
    }
    let Some(records) = records(sheet, fact) else {
        return Finding::missing(vec![fact.to_string()]);
    };
    let counts: Vec<(u8, usize)> = ended
        .iter()
        .map(|&q| {
            let n = records
                .iter()
                .filter(|r| r.date.year() == sheet.year && r.date.quarter() == q)
                .count();
            (q, n)
        })
        .collect();
    let left_out = left_out(sheet, records, |record| {
        !ended.contains(&record.date.quarter())
    });
    let empty: Vec<u8> = counts
        .iter()
        .filter(|(_, n)| (*n as u64) < min)
        .map(|(q, _)| *q)
        .collect();
    let total = ended.len();
    let met = total - empty.len();
    let actual = Actual::Quarters { counts, left_out };
    if empty.is_empty() {
        Finding::pass(actual)
    } else {
        let shortfall = Shortfall::EmptyQuarters {
            empty,
            ended: total,
            min,
        };
        Finding::partial(actual, shortfall, met, total)
    }
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
    use crate::facts::Community;
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
            facts: facts
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
            evidence: BTreeMap::new(),
            not_applicable: BTreeMap::new(),
        }
    }

    fn records(dates: &[&str]) -> FactValue {
        FactValue::Records(
            dates
                .iter()
                .map(|d| Record {
                    date: date(d),
                    title: None,
                    evidence: None,
                })
                .collect(),
        )
    }

    fn ratio_rule(bound: PercentBound, when_empty: EmptyDenominator) -> Rule {
        Rule::Ratio {
            numerator: "s.part".into(),
            denominator: "s.whole".into(),
            bound,
            when_empty,
        }
    }

    fn percent(p: u32) -> Decimal {
        Decimal::from_whole(p)
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
            PercentBound::AtMost(percent(2)),
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
        let rule = ratio_rule(
            PercentBound::AtLeast(percent(95)),
            EmptyDenominator::Missing,
        );
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
            PercentBound::AtLeast(Decimal::from_f64(99.9).unwrap()),
            EmptyDenominator::Missing,
        );
        assert_eq!(status_of(&rule, &counts(999, 1000)), Status::Pass);
        assert_eq!(status_of(&rule, &counts(998, 1000)), Status::Gap);
    }

    #[test]
    fn an_empty_denominator_takes_the_standards_choice() {
        let na = ratio_rule(
            PercentBound::AtMost(percent(2)),
            EmptyDenominator::NotApplicable,
        );
        let missing = ratio_rule(
            PercentBound::AtLeast(percent(95)),
            EmptyDenominator::Missing,
        );
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
                },
                ChecklistItem {
                    fact: "c.b".into(),
                    test: ItemTest::AtMost(0),
                    label: "b".into(),
                    label_en: "b".into(),
                },
                ChecklistItem {
                    fact: "c.c".into(),
                    test: ItemTest::AtLeast(1),
                    label: "c".into(),
                    label_en: "c".into(),
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
                    unended_quarter: 0
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
        let rule = Rule::EveryQuarter {
            fact: "e.a".into(),
            min: 1,
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
            Some(Actual::Quarters {
                counts: vec![(1, 1), (2, 1)],
                left_out: LeftOut {
                    other_year: 1,
                    after_as_of: 1,
                    unended_quarter: 1
                }
            })
        );
        // On the last day of Q3 the Q3 record counts and nothing is left out
        // but the other year's.
        let finding = apply(&rule, "x", &sheet("2024-09-30", &facts));
        assert_eq!(
            finding.actual,
            Some(Actual::Quarters {
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
        let rule = Rule::EveryQuarter {
            fact: "e.a".into(),
            min: 1,
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
            Some(Shortfall::EmptyQuarters {
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
            Some(Shortfall::EmptyQuarters {
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
}
