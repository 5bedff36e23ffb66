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
    /// What this standard changed of the one it `extends`, if it does.
    pub tailoring: Option<Tailoring>,
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
    /// How an inspector verifies it (查阅台账, 实地查看, 走访, 问卷).
    pub method: Option<String>,
    pub rule: Rule,
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
    /// Every item holds; credit in proportion to the items that do.
    Checklist { items: Vec<ChecklistItem> },
    /// `numerator / denominator` against a percent bound, compared exactly.
    Ratio {
        numerator: String,
        denominator: String,
        bound: PercentBound,
        when_empty: EmptyDenominator,
    },
    /// At least `min` dated records inside the assessment year (up to `as_of`).
    CountInYear { fact: String, min: u64 },
    /// Each quarter ended by `as_of` holds at least `min` dated records;
    /// credit in proportion to the quarters that do.
    EveryQuarter { fact: String, min: u64 },
    /// A date no older than `years` years as of `as_of` (inclusive).
    WithinYears { fact: String, years: u32 },
    /// A boolean fact is `true` and evidence is cited for the criterion.
    Attested { fact: String },
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
            Rule::CountInYear { fact, .. } | Rule::EveryQuarter { fact, .. } => {
                vec![(fact, FactType::Records)]
            }
            Rule::WithinYears { fact, .. } => vec![(fact, FactType::Date)],
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
            Rule::EveryQuarter { .. } => "every_quarter",
            Rule::WithinYears { .. } => "within_years",
            Rule::Attested { .. } => "attested",
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
}

/// What one checklist item requires of its fact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemTest {
    Flag,
    AtMost(u64),
    AtLeast(u64),
}

impl ItemTest {
    pub fn fact_type(self) -> FactType {
        match self {
            ItemTest::Flag => FactType::Flag,
            ItemTest::AtMost(_) | ItemTest::AtLeast(_) => FactType::Count,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PercentBound {
    /// The ratio must be at least this percent (以上: inclusive).
    AtLeast(Decimal),
    /// The ratio must be at most this percent (以下: inclusive).
    AtMost(Decimal),
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
    /// `YYYY-MM-DD`.
    Date,
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
