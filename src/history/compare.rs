//! `assess diff`: two years of one community, criterion by criterion,
//! matched by id.

use super::{CriterionRef, Snapshot};
use crate::eval::Status;

/// How a criterion moved between the two years.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// `pass` → `gap` or `missing`: what `--fail-on-regression` catches.
    Regressed,
    /// Any status → declared not applicable by the sheet: a declaration
    /// can set a failure aside, so `--fail-on-regression` catches it too.
    Declared,
    /// `gap`/`missing` in both years.
    StillFailing,
    /// Not applicable before, judged now.
    BecameApplicable,
    /// `gap`/`missing` → `pass`.
    Improved,
    /// Judged before, not applicable now.
    BecameNotApplicable,
    /// In the old standard only.
    Removed,
    /// In the new standard only.
    Added,
    /// `pass` both years, or not applicable both years.
    Unchanged,
}

impl Change {
    /// The name scripts see in JSON.
    pub fn key(self) -> &'static str {
        match self {
            Change::Regressed => "regressed",
            Change::Declared => "declared_not_applicable",
            Change::StillFailing => "still_failing",
            Change::BecameApplicable => "became_applicable",
            Change::Improved => "improved",
            Change::BecameNotApplicable => "became_not_applicable",
            Change::Removed => "only_old",
            Change::Added => "only_new",
            Change::Unchanged => "unchanged",
        }
    }

    fn of(old: &CriterionRef, new: &CriterionRef) -> Change {
        use Status::{NotApplicable, Pass};
        if new.declared && !old.declared {
            return Change::Declared;
        }
        match (old.status, new.status) {
            (Pass, Pass) | (NotApplicable, NotApplicable) => Change::Unchanged,
            (Pass, new) if new.is_failing() => Change::Regressed,
            (NotApplicable, _) => Change::BecameApplicable,
            (_, NotApplicable) => Change::BecameNotApplicable,
            (_, Pass) => Change::Improved,
            _ => Change::StillFailing,
        }
    }
}

/// One criterion in both years (either side absent if the standard changed).
#[derive(Clone, Debug)]
pub struct Row<'s> {
    pub id: &'s str,
    pub change: Change,
    pub old: Option<&'s CriterionRef>,
    pub new: Option<&'s CriterionRef>,
}

impl<'s> Row<'s> {
    /// The side that names the criterion (the newer when both do).
    pub fn criterion(&self) -> &'s CriterionRef {
        // A row always has at least one side.
        self.new.or(self.old).expect("a row has a side")
    }
}

/// Two years compared.
#[derive(Clone, Debug)]
pub struct Comparison<'s> {
    pub old: &'s Snapshot,
    pub new: &'s Snapshot,
    /// In the new standard's order, then the criteria only the old had.
    pub rows: Vec<Row<'s>>,
}

impl Comparison<'_> {
    pub fn count(&self, change: Change) -> usize {
        self.rows.iter().filter(|r| r.change == change).count()
    }

    /// Whether `--fail-on-regression` fails: a criterion that passed now
    /// fails, or one is newly declared not applicable.
    pub fn regressed(&self) -> bool {
        self.count(Change::Regressed) + self.count(Change::Declared) > 0
    }

    /// Whether the standard itself differs between the two years.
    pub fn standard_changed(&self) -> bool {
        self.old.standard.id != self.new.standard.id
            || self.old.standard.version != self.new.standard.version
    }

    /// The new score minus the old, in percentage points.
    pub fn score_change(&self) -> f64 {
        self.new.score.percent - self.old.score.percent
    }
}

pub fn compare<'s>(old: &'s Snapshot, new: &'s Snapshot) -> Comparison<'s> {
    let mut rows: Vec<Row> = new
        .criteria
        .iter()
        .map(|n| match old.criterion(&n.id) {
            Some(o) => Row {
                id: &n.id,
                change: Change::of(o, n),
                old: Some(o),
                new: Some(n),
            },
            None => Row {
                id: &n.id,
                change: Change::Added,
                old: None,
                new: Some(n),
            },
        })
        .collect();
    rows.extend(
        old.criteria
            .iter()
            .filter(|o| new.criterion(&o.id).is_none())
            .map(|o| Row {
                id: &o.id,
                change: Change::Removed,
                old: Some(o),
                new: None,
            }),
    );
    Comparison { old, new, rows }
}

/// Whether the new side speaks for an earlier time than the old one (a
/// swapped pair of arguments, most likely).
pub fn out_of_order(old: &Snapshot, new: &Snapshot) -> bool {
    old.when() > new.when()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::Status;

    fn side(status: Status, declared: bool) -> CriterionRef {
        CriterionRef {
            id: "1.1".into(),
            target: "1".into(),
            title: "".into(),
            title_en: "".into(),
            status,
            points: 1.0,
            earned: None,
            veto: false,
            required: "".into(),
            actual: None,
            gap: None,
            not_applicable_reason: None,
            declared,
            missing_facts: Vec::new(),
            evidence: Vec::new(),
            records: Vec::new(),
        }
    }

    fn change(old: Status, new: Status) -> Change {
        Change::of(&side(old, false), &side(new, false))
    }

    #[test]
    fn changes_are_classified_as_documented() {
        use Status::{Gap, Missing, NotApplicable, Pass};
        assert_eq!(change(Pass, Gap), Change::Regressed);
        assert_eq!(change(Pass, Missing), Change::Regressed);
        assert_eq!(change(Gap, Pass), Change::Improved);
        assert_eq!(change(Missing, Pass), Change::Improved);
        assert_eq!(change(Gap, Missing), Change::StillFailing);
        assert_eq!(change(Pass, Pass), Change::Unchanged);
        assert_eq!(change(NotApplicable, NotApplicable), Change::Unchanged);
        assert_eq!(change(NotApplicable, Gap), Change::BecameApplicable);
        assert_eq!(change(Pass, NotApplicable), Change::BecameNotApplicable);
        assert_eq!(change(Gap, NotApplicable), Change::BecameNotApplicable);
    }

    #[test]
    fn a_new_declaration_is_caught_from_any_status() {
        use Status::{Gap, Missing, NotApplicable, Pass};
        for old in [Pass, Gap, Missing, NotApplicable] {
            let new = side(NotApplicable, true);
            assert_eq!(Change::of(&side(old, false), &new), Change::Declared);
        }
        // Declared both years: nothing changed.
        assert_eq!(
            Change::of(&side(NotApplicable, true), &side(NotApplicable, true)),
            Change::Unchanged
        );
    }
}
