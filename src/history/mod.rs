//! Years compared: `assess diff` and `assess trend`.
//!
//! Each side is a [`Snapshot`]: one year's result in the shape of the JSON
//! report. A fact sheet is evaluated now and turned into one; a saved JSON
//! report (`--format json` output, archived) is read back as one. Both go
//! through the same type, so an archived result compares with a fresh one
//! exactly as two fresh ones do — even after the standard has changed.

pub mod compare;
pub mod print_changes;
pub mod print_trend;
pub mod trend;

use crate::date::Date;
use crate::diagnostic::{Bilingual, Diagnostic, FileDiagnostics};
use crate::facts::Schema;
use crate::lang::Lang;
use crate::report::json::{self, CriterionInfo, Report};
use crate::standard::Standard;
use std::path::Path;

/// One year of one community: its JSON report, and the file it came from
/// (the sheet, or the saved report).
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub file: String,
    pub report: Report<'static>,
}

/// A criterion of a snapshot, as its report gives it.
pub type CriterionRef = CriterionInfo<'static>;

impl std::ops::Deref for Snapshot {
    type Target = Report<'static>;
    fn deref(&self) -> &Report<'static> {
        &self.report
    }
}

impl Snapshot {
    pub fn criterion(&self, id: &str) -> Option<&CriterionRef> {
        self.criteria.iter().find(|c| c.id == id)
    }

    /// When this side speaks for: its year, then its as-of date.
    pub fn when(&self) -> (i32, Date) {
        (self.community.year, self.community.as_of)
    }
}

/// Reads one side: a saved JSON report (a `.json` file, or any file whose
/// text starts with `{`), or a fact sheet evaluated against `standard` —
/// whose report is then read back exactly as a saved one would be, so the
/// two compare alike.
pub fn load(
    path: &Path,
    standard: &Standard,
    schema: &Schema,
    limit: u64,
    lang: Lang,
) -> Result<Snapshot, FileDiagnostics> {
    let name = crate::input::collect::input_name(path);
    let bytes =
        crate::input::read_limited(path, limit).map_err(|d| FileDiagnostics::single(&name, d))?;
    let looks_like_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        || bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    let report = if looks_like_json {
        json::read(&name, &bytes)?
    } else {
        let sheet = crate::engine::assess_bytes(name.clone(), bytes, standard, schema)?;
        // Plain data into a Vec: serializing cannot fail.
        let written = serde_json::to_vec(&json::report(&sheet, lang)).unwrap_or_default();
        json::read(&name, &written)?
    };
    Ok(Snapshot { file: name, report })
}

/// Refuses to compare two communities (unless forced): a diff of two
/// different communities reads like progress and is not. A community is
/// its name and its district together: two 幸福社区 in two districts are
/// two communities.
pub fn same_community(a: &Snapshot, b: &Snapshot) -> Result<(), Diagnostic> {
    if a.community.name == b.community.name && a.community.district == b.community.district {
        return Ok(());
    }
    let who = |s: &Snapshot| match &s.community.district {
        Some(district) => format!("{}（{district}，{}）", s.community.name, s.file),
        None => format!("{}（{}）", s.community.name, s.file),
    };
    let who_en = |s: &Snapshot| match &s.community.district {
        Some(district) => format!("{} ({district}, {})", s.community.name, s.file),
        None => format!("{} ({})", s.community.name, s.file),
    };
    Err(Diagnostic::new(Bilingual::new(
        format!(
            "{} 与 {} 不是同一个社区（社区以名称和所属街道区分）；如确需对比，请加 --force",
            who(a),
            who(b)
        ),
        format!(
            "{} and {} are different communities (a community is its name and district); add --force to compare them anyway",
            who_en(a),
            who_en(b)
        ),
    )))
}
