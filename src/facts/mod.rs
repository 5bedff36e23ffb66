//! The fact sheet: one community's year of work, as YAML, read through the
//! schema its standard implies.
//!
//! [`read_sheet`] either returns a complete [`FactSheet`] or every problem
//! it found; it never returns a sheet built from data it did not
//! understand. A fact left out or left empty is simply absent here; what
//! that means for a criterion (`missing`) is the evaluator's business.

mod read;
mod schema;

pub use read::{MAX_COUNT, read_sheet, read_sheet_as_of};
pub use schema::{Node, RecordShape, Schema, Section};

use crate::date::Date;
use std::collections::BTreeMap;

/// What `assess template` writes as the community's name, to be replaced.
/// A sheet still holding one is assessed (the template as printed must give
/// every criterion `missing`, exit 1) but flagged loudly: a report for
/// "待填写社区名称" must not look finished.
pub const NAME_PLACEHOLDERS: [&str; 2] = ["待填写社区名称", "(the community's name)"];

/// Who is assessed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Community {
    pub name: String,
    pub district: Option<String>,
}

/// A fact sheet that has been read and checked.
#[derive(Clone, Debug)]
pub struct FactSheet {
    pub community: Community,
    /// The assessment year.
    pub year: i32,
    /// The day the sheet speaks for: December 31 of `year` unless given.
    pub as_of: Date,
    /// Whether `as_of` was given (by the sheet or `--as-of`) rather than
    /// taken as December 31.
    pub as_of_given: bool,
    /// What the sheet holds that the standard sets aside without refusing
    /// it (a fact only removed criteria read), each with its place.
    pub warnings: Vec<crate::diagnostic::Diagnostic>,
    /// Every fact given a value, by dotted path. Absent means not given.
    pub facts: BTreeMap<String, FactValue>,
    /// Criterion id → where its evidence is kept (ledger, file, photos).
    pub evidence: BTreeMap<String, Vec<String>>,
    /// Criterion id → why it does not apply to this community.
    pub not_applicable: BTreeMap<String, String>,
}

impl FactSheet {
    pub fn fact(&self, path: &str) -> Option<&FactValue> {
        self.facts.get(path)
    }
}

/// A fact's value, of the type the standard gives the fact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FactValue {
    Flag(bool),
    Count(u64),
    Date(Date),
    Records(Vec<Record>),
}

/// One dated entry of a ledger: a meeting, an activity, a session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub date: Date,
    pub title: Option<String>,
    pub evidence: Option<String>,
    /// The whole-number fields the standard names for this list
    /// (`present: 38`, `members: 50`), in the order written. Empty for
    /// nearly every record, so it costs nothing there.
    pub fields: Vec<(String, u64)>,
}

impl Record {
    /// A record of this date and nothing else.
    pub fn on(date: Date) -> Record {
        Record {
            date,
            title: None,
            evidence: None,
            fields: Vec::new(),
        }
    }

    /// The value of a whole-number field, if the record gives it.
    pub fn field(&self, name: &str) -> Option<u64> {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| *v)
    }
}
