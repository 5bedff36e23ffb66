//! `assess trend`: several years of one community side by side, so what
//! has failed year after year stands out.

use super::{CriterionRef, Snapshot};
use crate::eval::Status;

/// One criterion across the years.
#[derive(Clone, Debug)]
pub struct TrendRow<'s> {
    pub id: &'s str,
    /// The criterion as the latest year that has it names it.
    pub criterion: &'s CriterionRef,
    /// Its status each year, in year order; `None` where that year's
    /// standard did not have it.
    pub statuses: Vec<Option<Status>>,
}

impl TrendRow<'_> {
    /// In how many years it was `gap` or `missing`.
    pub fn failing_years(&self) -> usize {
        self.statuses
            .iter()
            .filter(|s| s.is_some_and(Status::is_failing))
            .count()
    }

    /// Failing in every year it was judged in, and judged in more than one.
    pub fn always_failing(&self) -> bool {
        let judged = self.statuses.iter().flatten().count();
        judged > 1 && self.failing_years() == judged
    }
}

/// The years, oldest first, and a row per criterion.
#[derive(Clone, Debug)]
pub struct Trend<'s> {
    pub years: Vec<&'s Snapshot>,
    pub rows: Vec<TrendRow<'s>>,
}

/// Puts `snapshots` in time order (year, then as-of date; input order
/// among equals) and lines up their criteria by id: the latest standard's
/// order first, then criteria only older years had.
pub fn trend(snapshots: &[Snapshot]) -> Trend<'_> {
    let mut years: Vec<&Snapshot> = snapshots.iter().collect();
    years.sort_by_key(|s| s.when());
    let mut ids: Vec<&str> = Vec::new();
    for year in years.iter().rev() {
        for criterion in &year.criteria {
            if !ids.contains(&criterion.id.as_ref()) {
                ids.push(&criterion.id);
            }
        }
    }
    let rows = ids
        .into_iter()
        .map(|id| {
            let criterion = years
                .iter()
                .rev()
                .find_map(|y| y.criterion(id))
                .expect("every id comes from some year");
            let statuses = years
                .iter()
                .map(|y| y.criterion(id).map(|c| c.status))
                .collect();
            TrendRow {
                id,
                criterion,
                statuses,
            }
        })
        .collect();
    Trend { years, rows }
}
