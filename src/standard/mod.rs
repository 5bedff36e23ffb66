//! The standard a community is assessed against: targets, criteria and the
//! rule each criterion applies to the facts.
//!
//! These are the *valid* types: [`load`] turns a TOML file into them and
//! refuses anything inconsistent, so evaluation never meets a malformed
//! rule. The default standard (the ten targets of the 2008 plan) is compiled
//! into the binary from `standards/seed-2008.toml`.

mod file;
mod load;
mod raw;
mod tailor;
mod validate;

pub use file::{load_standard, load_standard_reading};
pub use load::{StandardError, load};
pub use tailor::{extends, tailor};

use crate::exact::Decimal;
use std::collections::BTreeMap;

/// The default standard's TOML, embedded so `assess sheet.yaml` needs
/// nothing else on disk.
pub const DEFAULT_SOURCE: &str = include_str!("../../standards/seed-2008.toml");
/// The default standard's id, which a tailoring `extends`.
pub const DEFAULT_ID: &str = "seed-2008";

/// Loads the built-in default standard.
pub fn default_standard() -> Standard {
    // The embedded file is checked by a unit test; failing here would be a
    // build defect, not a user error.
    load(DEFAULT_SOURCE).expect("the built-in standard is valid")
}

#[derive(Clone, Debug)]
pub struct Standard {
    pub id: String,
    pub title: String,
    pub title_en: String,
    pub version: String,
    /// The percent of possible points needed for `ready`.
    pub pass_mark: Decimal,
    pub targets: Vec<Target>,
    /// Every fact the criteria read, with its type: the fact sheet's schema.
    pub facts: BTreeMap<String, FactType>,
    /// Facts of the base standard that only criteria this tailoring removed
    /// read: a sheet may still hold them (written for the base), and they
    /// are set aside with a warning rather than refused.
    pub retired: std::collections::BTreeSet<String>,
    /// What facts are, in words (`[labels]`), where the standard says:
    /// each criterion also holds its own in [`Criterion::labels`].
    pub labels: BTreeMap<String, Label>,
    /// What this standard changed of the one it `extends`, if it does.
    pub tailoring: Option<Tailoring>,
}

/// What a fact is, in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub zh: String,
    pub en: String,
}

/// Gives every criterion the labels of the facts it reads, so text about
/// a criterion can name its facts in words without the whole standard.
pub(super) fn attach_labels(targets: &mut [Target], labels: &BTreeMap<String, Label>) {
    for criterion in targets.iter_mut().flat_map(|t| t.criteria.iter_mut()) {
        criterion.labels = criterion
            .rule
            .facts()
            .into_iter()
            .filter_map(|(fact, _)| labels.get(fact).map(|l| (fact.to_string(), l.clone())))
            .collect();
    }
}

/// A standard made from another by changing only what differs (a local
/// threshold, points, a dropped or added criterion).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tailoring {
    pub base_id: String,
    pub base_version: String,
    /// Criteria changed in place, in the base's order.
    pub changed: Vec<String>,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub pass_mark_changed: bool,
}

impl Tailoring {
    /// How a criterion was tailored: `"changed"`, `"added"`, or `None`.
    pub fn mark(&self, id: &str) -> Option<&'static str> {
        if self.changed.iter().any(|c| c == id) {
            Some("changed")
        } else if self.added.iter().any(|c| c == id) {
            Some("added")
        } else {
            None
        }
    }
}

impl Standard {
    pub fn criteria(&self) -> impl Iterator<Item = (&Target, &Criterion)> {
        self.targets
            .iter()
            .flat_map(|t| t.criteria.iter().map(move |c| (t, c)))
    }

    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        self.criteria().map(|(_, c)| c).find(|c| c.id == id)
    }

    /// Exact, however many criteria and however large their points.
    pub fn total_points(&self) -> crate::exact::Fraction {
        self.criteria()
            .fold(crate::exact::Fraction::ZERO, |sum, (_, c)| {
                sum + c.points.to_fraction()
            })
    }

    /// Pairs of facts where the first is a part of the second (the
    /// numerator and denominator of every ratio): a sheet in which the part
    /// exceeds the whole is wrong, not merely failing.
    pub fn part_whole_pairs(&self) -> Vec<(&str, &str)> {
        let mut pairs: Vec<(&str, &str)> = self
            .criteria()
            .filter_map(|(_, c)| match &c.rule {
                Rule::Ratio {
                    numerator,
                    denominator,
                    ..
                } => Some((numerator.as_str(), denominator.as_str())),
                _ => None,
            })
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        pairs
    }
}

#[derive(Clone, Debug)]
pub struct Target {
    pub id: String,
    pub title: String,
    pub title_en: String,
    pub criteria: Vec<Criterion>,
}

#[derive(Clone, Debug)]
pub struct Criterion {
    pub id: String,
    pub title: String,
    pub title_en: String,
    pub points: Decimal,
    /// 一票否决: failing it makes the verdict `not_ready` whatever the score.
    pub veto: bool,
    /// Whether a sheet may declare it not applicable (`not_applicable:`).
    /// Off unless the standard says so, and never for a veto criterion:
    /// otherwise a declaration could set aside any failure.
    pub declarable: bool,
    /// The legal or document source of the requirement.
    pub basis: Option<String>,
    /// The basis in English, for English reports (else `basis` is shown).
    pub basis_en: Option<String>,
    /// How an inspector verifies it (查阅台账, 实地查看, 走访, 问卷).
    pub method: Option<String>,
    /// The method in English (ledgers, on-site check, visits, survey).
    pub method_en: Option<String>,
    pub rule: Rule,
    /// 扣分: points taken off per thing short (a record, a period, an item,
    /// an incident), never below 0 ("少一份扣0.5分，扣完为止"). `None`: the
    /// rule's own credit (all or nothing, or in proportion).
    pub deduct: Option<Decimal>,
    /// Its facts' labels, from the standard's `[labels]`.
    pub labels: BTreeMap<String, Label>,
}

/// What a criterion requires of the facts.
#[derive(Clone, Debug, PartialEq)]
pub enum Rule {
    /// A boolean fact is `true`.
    Flag { fact: String },
    /// A count is at most `max` (`max = 0` reads "none").
    AtMost { fact: String, max: u64 },
    /// A count is at least `min`.
    AtLeast { fact: String, min: u64 },
    /// Every item holds; credit in proportion to the items that do, or by
    /// the items' own points or deductions.
    Checklist { items: Vec<ChecklistItem> },
    /// `numerator / denominator` against a bound, compared exactly.
    Ratio {
        numerator: String,
        denominator: String,
        bound: ShareBound,
        when_empty: EmptyDenominator,
    },
    /// At least `min` dated records inside the assessment year (up to `as_of`).
    CountInYear { fact: String, min: u64 },
    /// Each period of the year (month, quarter, half-year, or the parts of
    /// "N times a year") ended by `as_of` holds at least `min` dated
    /// records; credit in proportion to the periods that do.
    EveryPeriod {
        fact: String,
        min: u64,
        period: Period,
    },
    /// A date no older than `years` years as of `as_of` (inclusive).
    WithinYears { fact: String, years: u32 },
    /// A boolean fact is `true` and evidence is cited for the criterion.
    Attested { fact: String },
    /// Every record of the year (up to `as_of`) has
    /// `numerator / denominator` within the bound (a quorum of two thirds:
    /// `present / members ≥ 2/3`); the records that do not are named.
    EachRecord {
        fact: String,
        numerator: String,
        denominator: String,
        bound: ShareBound,
        /// What no record in the year means.
        when_empty: EmptyDenominator,
    },
    /// At most `max` dated records (incidents) in the `years` years up to
    /// `as_of`, whatever the assessment year ("近两年无…").
    LookBack { fact: String, years: u32, max: u64 },
    /// An expiry date not passed on `as_of` (the day itself still valid).
    NotExpired { fact: String },
}

/// The periods a year is cut into by an every-period rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Month,
    Quarter,
    HalfYear,
    /// "N times a year", spread: the year cut into N equal parts (N divides
    /// 12), at least one record in each.
    TimesAYear(u8),
}

impl Period {
    /// How many months one period spans.
    pub fn months(self) -> u32 {
        match self {
            Period::Month => 1,
            Period::Quarter => 3,
            Period::HalfYear => 6,
            Period::TimesAYear(n) => 12 / u32::from(n.max(1)),
        }
    }

    /// How many periods a year has.
    pub fn per_year(self) -> u8 {
        // months() divides 12, so this is 1, 2, 3, 4, 6 or 12.
        (12 / self.months()) as u8
    }

    /// The period (1-based) a date's month falls in.
    pub fn of(self, date: crate::date::Date) -> u8 {
        ((date.month() - 1) / self.months() + 1) as u8
    }

    /// The last day of period `index` (1-based) of `year`.
    pub fn end(self, year: i32, index: u8) -> Option<crate::date::Date> {
        crate::date::Date::month_end(year, u32::from(index) * self.months())
    }
}

/// A bound on a share: a percent (`95`, 以上/以下 inclusive) or an exact
/// fraction (`2/3`, 三分之二以上).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Threshold {
    Percent(Decimal),
    /// `num / den`, in lowest terms, `num ≤ den`, `den > 0`.
    Fraction {
        num: u64,
        den: u64,
    },
}

impl Threshold {
    /// The threshold as a plain ratio `(a, b)`: a share `n / d` meets
    /// "at least" exactly when `n × b ≥ a × d`.
    pub fn parts(self) -> (u128, u128) {
        match self {
            Threshold::Percent(p) => (u128::from(p.thousandths()), 100_000),
            Threshold::Fraction { num, den } => (u128::from(num), u128::from(den)),
        }
    }

    /// The threshold in percent, exactly (2/3 is 200/3 %).
    pub fn percent(self) -> crate::exact::Fraction {
        let (a, b) = self.parts();
        crate::exact::Fraction::new(a * 100, b)
    }
}

impl std::fmt::Display for Threshold {
    /// `95%`, `2/3`: as the standard writes it.
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            Threshold::Percent(p) => write!(f, "{p}%"),
            Threshold::Fraction { num, den } => write!(f, "{num}/{den}"),
        }
    }
}

impl Rule {
    /// The facts the rule reads, with the type each must have.
    pub fn facts(&self) -> Vec<(&str, FactType)> {
        match self {
            Rule::Flag { fact } | Rule::Attested { fact } => vec![(fact, FactType::Flag)],
            Rule::AtMost { fact, .. } | Rule::AtLeast { fact, .. } => {
                vec![(fact, FactType::Count)]
            }
            Rule::Checklist { items } => items
                .iter()
                .map(|item| (item.fact.as_str(), item.test.fact_type()))
                .collect(),
            Rule::Ratio {
                numerator,
                denominator,
                ..
            } => vec![(numerator, FactType::Count), (denominator, FactType::Count)],
            Rule::CountInYear { fact, .. }
            | Rule::EveryPeriod { fact, .. }
            | Rule::EachRecord { fact, .. }
            | Rule::LookBack { fact, .. } => {
                vec![(fact, FactType::Records)]
            }
            Rule::WithinYears { fact, .. } => vec![(fact, FactType::Date)],
            Rule::NotExpired { fact } => vec![(fact, FactType::Expiry)],
        }
    }

    /// The whole-number fields the rule reads on each record of its fact
    /// (`present`, `members`), as (part, whole).
    pub fn record_fields(&self) -> Option<(&str, &str, &str)> {
        match self {
            Rule::EachRecord {
                fact,
                numerator,
                denominator,
                ..
            } => Some((fact, numerator, denominator)),
            _ => None,
        }
    }

    /// The rule kind as the TOML names it.
    pub fn kind(&self) -> &'static str {
        match self {
            Rule::Flag { .. } => "flag",
            Rule::AtMost { .. } => "at_most",
            Rule::AtLeast { .. } => "at_least",
            Rule::Checklist { .. } => "checklist",
            Rule::Ratio { .. } => "ratio",
            Rule::CountInYear { .. } => "count_in_year",
            Rule::EveryPeriod {
                period: Period::Quarter,
                ..
            } => "every_quarter",
            Rule::EveryPeriod {
                period: Period::TimesAYear(_),
                ..
            } => "times_a_year",
            Rule::EveryPeriod { .. } => "every_period",
            Rule::WithinYears { .. } => "within_years",
            Rule::Attested { .. } => "attested",
            Rule::EachRecord { .. } => "each_record",
            Rule::LookBack { .. } => "look_back",
            Rule::NotExpired { .. } => "not_expired",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ChecklistItem {
    pub fact: String,
    pub test: ItemTest,
    /// How the gap names this item (defaults to the fact's last key).
    pub label: String,
    pub label_en: String,
    /// The item's own points ("1个0.5分") or deduction ("缺一项扣0.5分");
    /// `None`: the criterion's deduction, or credit in proportion.
    pub weight: Option<ItemWeight>,
}

/// What one checklist item is worth.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemWeight {
    /// Earned when the item holds; the items' points add up to the
    /// criterion's.
    Points(Decimal),
    /// Taken off the criterion's points when the item fails.
    Deduct(Decimal),
}

/// What one checklist item requires of its fact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemTest {
    Flag,
    AtMost(u64),
    AtLeast(u64),
    /// A date that starts a term of this many years, not ended on `as_of`
    /// (one term per body: committee, mediation committee…).
    Term(u32),
    /// An expiry date not passed on `as_of`.
    NotExpired,
}

impl ItemTest {
    pub fn fact_type(self) -> FactType {
        match self {
            ItemTest::Flag => FactType::Flag,
            ItemTest::AtMost(_) | ItemTest::AtLeast(_) => FactType::Count,
            ItemTest::Term(_) => FactType::Date,
            ItemTest::NotExpired => FactType::Expiry,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShareBound {
    /// The share must be at least this (以上: inclusive).
    AtLeast(Threshold),
    /// The share must be at most this (以下: inclusive).
    AtMost(Threshold),
}

impl ShareBound {
    pub fn threshold(self) -> Threshold {
        match self {
            ShareBound::AtLeast(t) | ShareBound::AtMost(t) => t,
        }
    }

    /// Whether `numerator / denominator` meets the bound, exactly:
    /// `n/d ≥ a/b` ⇔ `n × b ≥ a × d` (and `≤` likewise).
    pub fn holds(self, numerator: u64, denominator: u64) -> bool {
        let (a, b) = self.threshold().parts();
        let lhs = u128::from(numerator) * b;
        let rhs = a * u128::from(denominator);
        match self {
            ShareBound::AtLeast(_) => lhs >= rhs,
            ShareBound::AtMost(_) => lhs <= rhs,
        }
    }
}

/// What a ratio means when its denominator is zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmptyDenominator {
    /// Nothing to judge (no released persons: no reoffending rate).
    NotApplicable,
    /// The fact is needed (a satisfaction survey must have been held).
    Missing,
}

/// The type of value a fact holds in the fact sheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum FactType {
    /// `true` or `false`.
    Flag,
    /// A whole number ≥ 0.
    Count,
    /// `YYYY-MM-DD`, on or before `as_of` (an event).
    Date,
    /// `YYYY-MM-DD`, an expiry date, which may lie after `as_of`.
    Expiry,
    /// A list of dated records (bare dates or mappings with `date`).
    Records,
}

impl FactType {
    pub fn describe(self) -> crate::diagnostic::Bilingual {
        use crate::diagnostic::Bilingual;
        match self {
            FactType::Flag => Bilingual::new("布尔值（true 或 false）", "true or false"),
            FactType::Count => Bilingual::new("非负整数", "a whole number ≥ 0"),
            FactType::Date => Bilingual::new("日期（YYYY-MM-DD）", "a date (YYYY-MM-DD)"),
            FactType::Expiry => {
                Bilingual::new("到期日（YYYY-MM-DD）", "an expiry date (YYYY-MM-DD)")
            }
            FactType::Records => Bilingual::new(
                "带日期的记录列表",
                "a list of dated records (dates, or mappings with `date`)",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_standard_is_the_2008_plan() {
        let standard = default_standard();
        assert_eq!(standard.id, "seed-2008");
        assert_eq!(standard.targets.len(), 10);
        assert_eq!(standard.criteria().count(), 35);
        assert_eq!(standard.total_points(), crate::exact::Fraction::whole(100));
        assert_eq!(standard.pass_mark, Decimal::from_whole(90));
        let vetoes: Vec<&str> = standard
            .criteria()
            .filter(|(_, c)| c.veto)
            .map(|(_, c)| c.id.as_str())
            .collect();
        assert_eq!(vetoes, ["3.3", "9.3", "9.5"]);
        for target in &standard.targets {
            let points: u64 = target.criteria.iter().map(|c| c.points.thousandths()).sum();
            assert_eq!(points, 10_000, "target {} has 10 points", target.id);
        }
    }

    #[test]
    fn the_default_standard_reads_the_catalog_facts() {
        let standard = default_standard();
        let fact = |path: &str| standard.facts.get(path).copied();
        assert_eq!(fact("organization.leading_group"), Some(FactType::Flag));
        assert_eq!(fact("elections.last_election"), Some(FactType::Date));
        assert_eq!(fact("legal_education.activities"), Some(FactType::Records));
        assert_eq!(fact("stability.released_persons"), Some(FactType::Count));
        assert_eq!(
            fact("elections.procedure.secret_ballot_booth"),
            Some(FactType::Flag)
        );
        assert_eq!(standard.facts.len(), 53);
        assert_eq!(
            standard.part_whole_pairs(),
            [
                (
                    "decisions.major_matters_by_meeting",
                    "decisions.major_matters"
                ),
                ("stability.disputes.resolved", "stability.disputes.received"),
                ("stability.reoffenders", "stability.released_persons"),
                (
                    "supervision.satisfaction.satisfied",
                    "supervision.satisfaction.surveyed"
                ),
            ]
        );
    }
}
