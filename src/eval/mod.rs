//! Evaluation: a standard and a fact sheet in, an [`Assessment`] out —
//! a status and earned points for every criterion, the score and the
//! verdict.
//!
//! Findings are data, not text: what a criterion found and by how much it
//! falls short are [`Actual`] and [`Shortfall`] values, which the printers
//! in `report` put into words in either language.

mod rules;

use crate::date::Date;
use crate::exact::Fraction;
use crate::facts::FactSheet;
use crate::standard::{Criterion, Standard, Target};

/// The four statuses a criterion can end in, named in JSON as `pass`,
/// `gap`, `missing`, `not_applicable`.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pass,
    Gap,
    Missing,
    NotApplicable,
}

impl Status {
    /// The name scripts see in JSON.
    pub fn key(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Gap => "gap",
            Status::Missing => "missing",
            Status::NotApplicable => "not_applicable",
        }
    }

    /// Whether this status fails the sheet (exit code 1).
    pub fn is_failing(self) -> bool {
        matches!(self, Status::Gap | Status::Missing)
    }
}

/// What the facts show for a criterion, whatever its status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Actual {
    Flag(bool),
    Count(u64),
    /// `numerator / denominator`.
    Ratio {
        numerator: u64,
        denominator: u64,
    },
    /// Records inside the assessment year (up to `as_of`), and those given
    /// that do not count, by why.
    InYear {
        counted: usize,
        left_out: LeftOut,
    },
    /// Records in each period (month, quarter…) that had ended by `as_of`
    /// (period, count), and those given that do not count, by why.
    Periods {
        counts: Vec<(u8, usize)>,
        left_out: LeftOut,
    },
    /// Records of the year that meet the condition, of those judged.
    EachRecord {
        met: usize,
        judged: usize,
        left_out: LeftOut,
    },
    /// Records from `from` up to `as_of` (the look-back window).
    LookBack {
        counted: usize,
        from: Date,
        left_out: LeftOut,
    },
    Date(Date),
    /// Checklist items met out of all items.
    Checklist {
        met: usize,
        total: usize,
    },
    /// The attestation, and whether evidence is cited.
    Attested {
        attested: bool,
        evidence: bool,
    },
}

/// Dated records given but not counted, by why: every record-based rule
/// says how many it left out, so a mistyped year is never dropped silently.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LeftOut {
    /// Dated in another year than the assessment year.
    pub other_year: usize,
    /// In the assessment year, but after `as_of`.
    pub after_as_of: usize,
    /// On or before `as_of`, in a period (quarter, month…) that has not
    /// ended by then (rules that count per period only).
    pub unended_period: usize,
    /// Before a look-back window began (look-back rules only, which count
    /// across years and so leave nothing out for its year).
    pub before_window: usize,
}

impl LeftOut {
    pub fn total(self) -> usize {
        self.other_year + self.after_as_of + self.unended_period + self.before_window
    }
}

/// A record that fails an each-record condition: where it is in the
/// list, and what it shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FailingRecord {
    /// Its place in the sheet's list, from 0.
    pub index: usize,
    pub date: Date,
    pub title: Option<String>,
    pub numerator: u64,
    pub denominator: u64,
}

/// Why a criterion is `gap` or `missing`, with the numbers a user needs to
/// close the gap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shortfall {
    /// These facts were not given.
    NotGiven { facts: Vec<String> },
    /// The ratio's denominator is given as 0, and the standard does not
    /// make that not applicable: the rate cannot be computed. Not
    /// `NotGiven`: the clerk did fill the fact in, and a report saying
    /// 未填写 sends them looking for a blank that is not there.
    ZeroDenominator { denominator: String },
    /// The flag is `false`.
    NotInPlace,
    /// `value` exceeds `max` by `value - max`.
    TooMany { value: u64, max: u64 },
    /// `value` is below `min` by `min - value`.
    TooFew { value: u64, min: u64 },
    /// The ratio misses its bound; `change` more (for at-least) or fewer
    /// (for at-most) in the numerator would reach it.
    Ratio {
        numerator: u64,
        denominator: u64,
        change: u64,
    },
    /// Fewer records in the year than required.
    TooFewInYear { counted: usize, min: u64, year: i32 },
    /// These ended periods hold fewer than `min` records.
    EmptyPeriods {
        empty: Vec<u8>,
        ended: usize,
        min: u64,
    },
    /// These records of the year fail the condition each must meet.
    RecordsFail {
        failing: Vec<FailingRecord>,
        judged: usize,
    },
    /// More incidents than allowed from `from` to `to` (the window).
    TooManyInWindow {
        counted: usize,
        max: u64,
        from: Date,
        to: Date,
    },
    /// The expiry date passed before `as_of`.
    Expired { expires: Date, as_of: Date },
    /// The term that began on `date` ended on `term_end`, before `as_of`.
    TermExpired {
        date: Date,
        term_end: Date,
        as_of: Date,
    },
    /// These checklist items (indexes into the rule's items) fail.
    ItemsFail { failed: Vec<usize> },
    /// The community does not attest it.
    NotAttested,
    /// Attested, but no evidence is cited under `evidence`.
    NoEvidence,
}

/// Why a criterion is `not_applicable`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotApplicable {
    /// The sheet declares it, with this reason. `facts` is what the
    /// criterion's own facts would give without the declaration: `Gap`
    /// means the declaration sets aside a failure and every report says
    /// so; `Pass` means it is not needed.
    Declared { reason: String, facts: Status },
    /// The ratio's denominator is zero and the standard says that means n/a.
    EmptyDenominator { denominator: String },
    /// No period (quarter, month…) of the year has ended by `as_of`.
    NoPeriodEnded { period: crate::standard::Period },
    /// No record in the year to judge, and the standard says that means
    /// n/a.
    NoRecords { fact: String },
}

/// The evaluation of one criterion, which it carries (so a result can
/// never be paired with another criterion's row).
#[derive(Clone, Debug)]
pub struct CriterionResult<'s> {
    pub target: &'s Target,
    pub criterion: &'s Criterion,
    pub status: Status,
    /// Points earned; `None` when not applicable.
    pub earned: Option<Fraction>,
    pub actual: Option<Actual>,
    pub shortfall: Option<Shortfall>,
    pub not_applicable: Option<NotApplicable>,
    /// Points deducted for a `gap` under a deduction rule, before the
    /// floor at 0 (so a report can say "扣完为止" when it exceeds the
    /// points); `None` where the rule's own credit applies.
    pub deducted: Option<Fraction>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Ready,
    NotReady,
}

impl Verdict {
    pub fn key(self) -> &'static str {
        match self {
            Verdict::Ready => "ready",
            Verdict::NotReady => "not_ready",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Score {
    pub earned: Fraction,
    /// Points of the applicable criteria.
    pub possible: Fraction,
    /// `earned / possible × 100`; zero when nothing is applicable.
    pub percent: Fraction,
    /// Points of the criteria the sheet declares not applicable: they
    /// leave `possible`, and every report shows them beside the score.
    pub set_aside: Fraction,
}

/// The evaluation of one fact sheet.
#[derive(Clone, Debug)]
pub struct Assessment<'s> {
    /// One result per criterion, in the standard's order.
    pub results: Vec<CriterionResult<'s>>,
    pub score: Score,
    pub verdict: Verdict,
    /// Veto criteria in `gap` or `missing`.
    pub vetoes_failed: Vec<String>,
    /// Criteria the sheet declares not applicable although its facts would
    /// pass them: the declaration does nothing and deserves a warning.
    pub unneeded_declarations: Vec<String>,
    /// Criteria the sheet declares not applicable over facts that are
    /// given and fail them: the declaration is what keeps them out of the
    /// score, and every report says so.
    pub declared_over_failures: Vec<String>,
}

impl Assessment<'_> {
    /// How many criteria ended in `status`.
    pub fn count(&self, status: Status) -> usize {
        self.results.iter().filter(|r| r.status == status).count()
    }

    /// Whether any criterion is `gap` or `missing` (exit code 1).
    pub fn has_failures(&self) -> bool {
        self.results.iter().any(|r| r.status.is_failing())
    }

    /// Where this sheet goes when a batch is sorted worst first: a failed
    /// veto before any other "not ready", "not ready" before "ready", and
    /// the lower percent first within each — so a 98% sheet that failed a
    /// veto is never listed among the ready ones.
    pub fn worst_first(&self) -> (u8, Fraction) {
        let class = match (self.verdict, self.vetoes_failed.is_empty()) {
            (_, false) => 0,
            (Verdict::NotReady, true) => 1,
            (Verdict::Ready, true) => 2,
        };
        (class, self.score.percent.clone())
    }
}

/// Evaluates every criterion of `standard` against `sheet`.
pub fn evaluate<'s>(standard: &'s Standard, sheet: &FactSheet) -> Assessment<'s> {
    let results: Vec<CriterionResult> = standard
        .criteria()
        .map(|(target, criterion)| evaluate_criterion(target, criterion, sheet))
        .collect();
    let mut earned = Fraction::ZERO;
    let mut possible = Fraction::ZERO;
    let mut set_aside = Fraction::ZERO;
    let mut vetoes_failed = Vec::new();
    let mut unneeded_declarations = Vec::new();
    let mut declared_over_failures = Vec::new();
    for result in &results {
        let criterion = result.criterion;
        let points = criterion.points.to_fraction();
        if let Some(got) = &result.earned {
            earned += got;
            possible += points;
        } else if let Some(NotApplicable::Declared { facts, .. }) = &result.not_applicable {
            set_aside += points;
            match facts {
                Status::Pass => unneeded_declarations.push(criterion.id.clone()),
                Status::Gap => declared_over_failures.push(criterion.id.clone()),
                Status::Missing | Status::NotApplicable => {}
            }
        }
        if criterion.veto && result.status.is_failing() {
            vetoes_failed.push(criterion.id.clone());
        }
    }
    let percent = if possible.is_zero() {
        Fraction::ZERO
    } else {
        &(&earned / &possible) * &Fraction::whole(100)
    };
    let verdict = if !possible.is_zero()
        && percent >= standard.pass_mark.to_fraction()
        && vetoes_failed.is_empty()
    {
        Verdict::Ready
    } else {
        Verdict::NotReady
    };
    Assessment {
        results,
        score: Score {
            earned,
            possible,
            percent,
            set_aside,
        },
        verdict,
        vetoes_failed,
        unneeded_declarations,
        declared_over_failures,
    }
}

fn evaluate_criterion<'s>(
    target: &'s Target,
    criterion: &'s Criterion,
    sheet: &FactSheet,
) -> CriterionResult<'s> {
    let finding = rules::apply(&criterion.rule, &criterion.id, sheet);
    if let Some(reason) = sheet.not_applicable.get(&criterion.id) {
        return CriterionResult {
            target,
            criterion,
            status: Status::NotApplicable,
            earned: None,
            actual: None,
            shortfall: None,
            not_applicable: Some(NotApplicable::Declared {
                reason: reason.clone(),
                facts: finding.status,
            }),
            deducted: None,
        };
    }
    let points = criterion.points.to_fraction();
    let deducted = match (finding.status, &finding.shortfall) {
        (Status::Gap, Some(shortfall)) => deduction(criterion, shortfall),
        _ => None,
    };
    let earned = match finding.status {
        Status::Pass => Some(points),
        // 扣完为止: the deduction takes points off, never below 0 (the
        // subtraction stops at zero).
        Status::Gap => match &deducted {
            Some(deducted) => Some(&points - deducted),
            None => Some(&points * &finding.credit.unwrap_or(Fraction::ZERO)),
        },
        Status::Missing => Some(Fraction::ZERO),
        Status::NotApplicable => None,
    };
    CriterionResult {
        target,
        criterion,
        status: finding.status,
        earned,
        actual: finding.actual,
        shortfall: finding.shortfall,
        not_applicable: finding.not_applicable,
        deducted,
    }
}

/// What a gap costs under a deduction rule: the checklist's failed items'
/// own points or deductions (an item without one takes the criterion's
/// `deduct`), or the criterion's `deduct` times the things short. `None`
/// where nothing deducts: the rule's own credit applies.
fn deduction(criterion: &Criterion, shortfall: &Shortfall) -> Option<Fraction> {
    use crate::standard::{ItemWeight, Rule};
    let each = criterion.deduct.map(|d| d.to_fraction());
    if let (Rule::Checklist { items }, Shortfall::ItemsFail { failed }) =
        (&criterion.rule, shortfall)
    {
        if each.is_none() && items.iter().all(|item| item.weight.is_none()) {
            return None;
        }
        let mut total = Fraction::ZERO;
        for item in failed.iter().filter_map(|&i| items.get(i)) {
            match item.weight {
                Some(ItemWeight::Points(p) | ItemWeight::Deduct(p)) => total += p.to_fraction(),
                // Validation makes every item weigh something once one
                // does and the criterion does not deduct.
                None => total += each.clone().unwrap_or(Fraction::ZERO),
            }
        }
        return Some(total);
    }
    let each = each?;
    let units = units_short(shortfall);
    Some(&each * &Fraction::whole(units))
}

/// How many things a shortfall is short by — units below a minimum or
/// above a maximum, records, periods, incidents — each costing one
/// deduction.
pub fn units_short(shortfall: &Shortfall) -> u64 {
    let to_u64 = |n: usize| u64::try_from(n).unwrap_or(u64::MAX);
    match shortfall {
        Shortfall::TooMany { value, max } => value.saturating_sub(*max),
        Shortfall::TooFew { value, min } => min.saturating_sub(*value),
        Shortfall::TooFewInYear { counted, min, .. } => min.saturating_sub(to_u64(*counted)),
        Shortfall::EmptyPeriods { empty, .. } => to_u64(empty.len()),
        Shortfall::RecordsFail { failing, .. } => to_u64(failing.len()),
        Shortfall::TooManyInWindow { counted, max, .. } => to_u64(*counted).saturating_sub(*max),
        Shortfall::ItemsFail { failed } => to_u64(failed.len()),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    use crate::facts::{Community, FactValue};
    use crate::standard::load;
    use std::collections::BTreeMap;

    /// Two flags worth 9 and 1 points, the second a veto when `veto`.
    fn standard(pass_mark: &str, veto: bool) -> Standard {
        load(&format!(
            "id = \"t\"\ntitle = \"测试\"\ntitle_en = \"Test\"\nversion = \"1\"\npass_mark = {pass_mark}\n\
             [[target]]\nid = \"1\"\ntitle = \"一\"\ntitle_en = \"One\"\n\
             [[target.criterion]]\nid = \"1.1\"\ntitle = \"甲\"\ntitle_en = \"A\"\npoints = 9\n\
             rule = {{ kind = \"flag\", fact = \"s.a\" }}\n\
             [[target.criterion]]\nid = \"1.2\"\ntitle = \"乙\"\ntitle_en = \"B\"\npoints = 1\nveto = {veto}\n\
             rule = {{ kind = \"flag\", fact = \"s.b\" }}\n"
        ))
        .unwrap()
    }

    fn sheet(a: bool, b: Option<bool>) -> FactSheet {
        let mut facts = BTreeMap::from([("s.a".to_string(), FactValue::Flag(a))]);
        if let Some(b) = b {
            facts.insert("s.b".to_string(), FactValue::Flag(b));
        }
        FactSheet {
            community: Community {
                name: "x".into(),
                district: None,
            },
            year: 2024,
            as_of: Date::parse("2024-12-31").unwrap(),
            as_of_given: true,
            warnings: Vec::new(),
            facts,
            evidence: BTreeMap::new(),
            not_applicable: BTreeMap::new(),
        }
    }

    #[test]
    fn a_score_exactly_on_the_pass_mark_is_ready() {
        let assessment_standard = standard("90", false);

        let assessment = evaluate(&assessment_standard, &sheet(true, Some(false)));
        assert_eq!(assessment.score.percent, Fraction::new(90, 1));
        assert_eq!(assessment.verdict, Verdict::Ready);
        // 90.001% is needed: 90% falls just short.
        let assessment_standard = standard("90.001", false);

        let assessment = evaluate(&assessment_standard, &sheet(true, Some(false)));
        assert_eq!(assessment.verdict, Verdict::NotReady);
    }

    #[test]
    fn a_failed_veto_criterion_overrides_the_score() {
        let missing_standard = standard("90", true);

        let missing = evaluate(&missing_standard, &sheet(true, None));
        assert_eq!(missing.verdict, Verdict::NotReady);
        assert_eq!(missing.vetoes_failed, ["1.2"]);
        let gap_standard = standard("90", true);

        let gap = evaluate(&gap_standard, &sheet(true, Some(false)));
        assert_eq!(gap.verdict, Verdict::NotReady);
        let pass_standard = standard("90", true);

        let pass = evaluate(&pass_standard, &sheet(true, Some(true)));
        assert_eq!(pass.verdict, Verdict::Ready);
    }

    #[test]
    fn declared_criteria_leave_the_score() {
        let mut declared = sheet(false, Some(true));
        declared
            .not_applicable
            .insert("1.1".into(), "不适用".into());
        let assessment_standard = standard("90", false);

        let assessment = evaluate(&assessment_standard, &declared);
        assert_eq!(assessment.results[0].status, Status::NotApplicable);
        assert_eq!(assessment.results[0].earned, None);
        assert_eq!(assessment.score.possible, Fraction::new(1, 1));
        assert_eq!(assessment.score.percent, Fraction::new(100, 1));
        assert!(!assessment.has_failures());
    }

    #[test]
    fn a_declaration_over_passing_facts_is_flagged_as_unneeded() {
        let mut declared = sheet(true, Some(false));
        declared.not_applicable.insert("1.1".into(), "无需".into());
        declared
            .not_applicable
            .insert("1.2".into(), "确不适用".into());
        let assessment_standard = standard("90", false);

        let assessment = evaluate(&assessment_standard, &declared);
        // 1.1's facts pass: the declaration changes nothing but hides it;
        // 1.2's facts fail: the declaration is what makes it n/a.
        assert_eq!(assessment.unneeded_declarations, ["1.1"]);
        assert_eq!(assessment.results[0].status, Status::NotApplicable);
    }

    #[test]
    fn nothing_applicable_is_not_ready() {
        let mut declared = sheet(true, Some(true));
        declared.not_applicable.insert("1.1".into(), "a".into());
        declared.not_applicable.insert("1.2".into(), "b".into());
        let assessment_standard = standard("90", false);

        let assessment = evaluate(&assessment_standard, &declared);
        assert_eq!(assessment.score.percent, Fraction::ZERO);
        assert_eq!(assessment.verdict, Verdict::NotReady);
    }

    fn one_criterion(points: &str, rule: &str) -> Standard {
        load(&format!(
            "id = \"t\"\ntitle = \"测试\"\ntitle_en = \"Test\"\nversion = \"1\"\npass_mark = 80\n\
             [[target]]\nid = \"1\"\ntitle = \"一\"\ntitle_en = \"One\"\n\
             [[target.criterion]]\nid = \"1.1\"\ntitle = \"甲\"\ntitle_en = \"A\"\npoints = {points}\n\
             rule = {rule}\n"
        ))
        .unwrap()
    }

    fn with_facts(facts: &[(&str, FactValue)]) -> FactSheet {
        let mut sheet = sheet(true, None);
        sheet.facts = facts
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        sheet
    }

    fn reports(n: usize) -> FactValue {
        let day = Date::parse("2024-05-01").unwrap();
        FactValue::Records(vec![crate::facts::Record::on(day); n])
    }

    #[test]
    fn each_missing_report_costs_its_deduction_down_to_zero() {
        // 2 points, at least 4 reports, 0.5 off for each one short.
        let standard = one_criterion(
            "2",
            r#"{ kind = "count_in_year", fact = "s.reports", min = 4, deduct = 0.5 }"#,
        );
        let earned = |n| {
            let a = evaluate(&standard, &with_facts(&[("s.reports", reports(n))]));
            (a.results[0].status, a.results[0].earned.clone().unwrap())
        };
        assert_eq!(earned(4), (Status::Pass, Fraction::whole(2)));
        assert_eq!(earned(3), (Status::Gap, Fraction::new(3, 2)));
        assert_eq!(earned(1), (Status::Gap, Fraction::new(1, 2)));
        assert_eq!(earned(0), (Status::Gap, Fraction::ZERO));
        // 1 point and four short: 2 deducted, never below 0.
        let small = one_criterion(
            "1",
            r#"{ kind = "count_in_year", fact = "s.reports", min = 4, deduct = 0.5 }"#,
        );
        let a = evaluate(&small, &with_facts(&[("s.reports", reports(0))]));
        assert_eq!(a.results[0].earned, Some(Fraction::ZERO));
        assert_eq!(a.results[0].deducted, Some(Fraction::whole(2)));
        // A missing fact earns nothing and deducts nothing.
        let a = evaluate(&standard, &with_facts(&[]));
        assert_eq!(a.results[0].status, Status::Missing);
        assert_eq!(a.results[0].earned, Some(Fraction::ZERO));
    }

    #[test]
    fn checklist_items_earn_their_own_points_or_cost_their_own_deduction() {
        let weighted = one_criterion(
            "1.5",
            r#"{ kind = "checklist", items = [{ fact = "r.a", points = 0.5 }, { fact = "r.b", points = 0.5 }, { fact = "r.c", points = 0.5 }] }"#,
        );
        let flags = |a, b, c| {
            with_facts(&[
                ("r.a", FactValue::Flag(a)),
                ("r.b", FactValue::Flag(b)),
                ("r.c", FactValue::Flag(c)),
            ])
        };
        let earned = |standard: &Standard, sheet: &FactSheet| {
            evaluate(standard, sheet).results[0].earned.clone().unwrap()
        };
        assert_eq!(
            earned(&weighted, &flags(true, true, true)),
            Fraction::new(3, 2)
        );
        assert_eq!(
            earned(&weighted, &flags(true, false, true)),
            Fraction::whole(1)
        );
        assert_eq!(
            earned(&weighted, &flags(false, false, false)),
            Fraction::ZERO
        );
        // 3 points: no system costs 1, each missing record 1 (城中区 3 分).
        let deducting = one_criterion(
            "3",
            r#"{ kind = "checklist", items = [{ fact = "r.a", deduct = 1 }, { fact = "r.b", deduct = 1 }, { fact = "r.c", deduct = 2 }] }"#,
        );
        assert_eq!(
            earned(&deducting, &flags(true, false, true)),
            Fraction::whole(2)
        );
        assert_eq!(
            earned(&deducting, &flags(true, true, false)),
            Fraction::whole(1)
        );
        assert_eq!(
            earned(&deducting, &flags(false, true, false)),
            Fraction::ZERO
        );
    }

    #[test]
    fn incidents_over_the_limit_each_cost_their_deduction() {
        let standard = one_criterion(
            "2",
            r#"{ kind = "at_most", fact = "s.found", max = 0, deduct = 0.5 }"#,
        );
        let earned = |n| {
            evaluate(&standard, &with_facts(&[("s.found", FactValue::Count(n))])).results[0]
                .earned
                .clone()
                .unwrap()
        };
        assert_eq!(earned(0), Fraction::whole(2));
        assert_eq!(earned(1), Fraction::new(3, 2));
        assert_eq!(earned(4), Fraction::ZERO);
        assert_eq!(earned(5), Fraction::ZERO);
    }
}
