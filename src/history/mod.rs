//! Years compared: `assess diff` and `assess trend`.
//!
//! Each side is a [`Snapshot`]: one year's result in the shape of the JSON
//! report. A fact sheet is evaluated now and turned into one; a saved JSON
//! report (`--format json` output, archived) is read back as one. Both go
//! through the same type, so an archived result compares with a fresh one
//! exactly as two fresh ones do — even after the standard has changed.

mod check;
pub mod compare;
pub mod print_changes;
pub mod print_trend;
pub mod trend;

use crate::diagnostic::{Bilingual, Diagnostic, FileDiagnostics, Position};
use crate::eval::{Status, Verdict};
use crate::facts::Schema;
use crate::lang::Lang;
use crate::report::json::FORMAT_VERSION;
use crate::standard::Standard;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// One year of one community, as its JSON report says.
///
/// A saved report is read as strictly as a sheet: each value is checked as
/// it is read (see [`check`]), so a bad one is named with its line and
/// column, and what only the whole report can tell (a verdict the score
/// contradicts) is checked after.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Snapshot {
    /// The file this side was read from (the sheet, or the saved report).
    #[serde(skip)]
    pub file: String,
    pub format: u32,
    pub standard: StandardRef,
    pub community: CommunityRef,
    pub score: ScoreRef,
    pub verdict: VerdictKey,
    pub criteria: Vec<CriterionRef>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct StandardRef {
    #[serde(deserialize_with = "check::text")]
    pub id: String,
    #[serde(deserialize_with = "check::text")]
    pub version: String,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct CommunityRef {
    #[serde(deserialize_with = "check::text")]
    pub name: String,
    #[serde(default, deserialize_with = "check::optional_text")]
    pub district: Option<String>,
    #[serde(deserialize_with = "check::year")]
    pub year: i32,
    #[serde(deserialize_with = "check::date")]
    pub as_of: String,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize)]
pub struct ScoreRef {
    #[serde(deserialize_with = "check::points")]
    pub earned: f64,
    #[serde(deserialize_with = "check::points")]
    pub possible: f64,
    #[serde(deserialize_with = "check::percent")]
    pub percent: f64,
    #[serde(deserialize_with = "check::percent")]
    pub pass_mark: f64,
}

/// `verdict` as the report spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VerdictKey {
    Ready,
    NotReady,
}

impl VerdictKey {
    pub fn verdict(self) -> Verdict {
        match self {
            VerdictKey::Ready => Verdict::Ready,
            VerdictKey::NotReady => Verdict::NotReady,
        }
    }
}

/// `status` as the report spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusKey {
    Pass,
    Gap,
    Missing,
    NotApplicable,
}

impl StatusKey {
    pub fn status(self) -> Status {
        match self {
            StatusKey::Pass => Status::Pass,
            StatusKey::Gap => Status::Gap,
            StatusKey::Missing => Status::Missing,
            StatusKey::NotApplicable => Status::NotApplicable,
        }
    }
}

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct CriterionRef {
    #[serde(deserialize_with = "check::text")]
    pub id: String,
    #[serde(deserialize_with = "check::text")]
    pub target: String,
    #[serde(deserialize_with = "check::text")]
    pub title: String,
    #[serde(deserialize_with = "check::text")]
    pub title_en: String,
    pub status: StatusKey,
    #[serde(deserialize_with = "check::points")]
    pub points: f64,
    #[serde(deserialize_with = "check::optional_points")]
    pub earned: Option<f64>,
    #[serde(default)]
    pub veto: bool,
    #[serde(deserialize_with = "check::text")]
    pub required: String,
    #[serde(deserialize_with = "check::optional_text")]
    pub actual: Option<String>,
    #[serde(deserialize_with = "check::optional_text")]
    pub gap: Option<String>,
    #[serde(default, deserialize_with = "check::optional_text")]
    pub not_applicable_reason: Option<String>,
    /// Declared not applicable by the sheet (rather than by its rule).
    #[serde(default)]
    pub declared: bool,
}

impl Snapshot {
    pub fn criterion(&self, id: &str) -> Option<&CriterionRef> {
        self.criteria.iter().find(|c| c.id == id)
    }

    /// When this side speaks for: its year, then its as-of date.
    pub fn when(&self) -> (i32, &str) {
        (self.community.year, &self.community.as_of)
    }
}

/// Reads one side: a saved JSON report (a `.json` file, or any file whose
/// text starts with `{`), or a fact sheet evaluated against `standard`.
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
    if looks_like_json {
        return from_report(&name, &bytes);
    }
    let report = crate::engine::assess_bytes(name.clone(), bytes, standard, schema)?;
    let json = crate::report::json::report(&report, lang);
    // Our own report in, our own report out: this cannot fail.
    let value = serde_json::to_value(&json).unwrap_or_default();
    let mut snapshot: Snapshot = serde_json::from_value(value).map_err(|e| {
        FileDiagnostics::single(
            &name,
            Diagnostic::new(Bilingual::new(e.to_string(), e.to_string())),
        )
    })?;
    snapshot.file = name;
    Ok(snapshot)
}

/// A saved JSON report read back.
fn from_report(name: &str, bytes: &[u8]) -> Result<Snapshot, FileDiagnostics> {
    let text = String::from_utf8_lossy(bytes);
    if text.trim_start().starts_with('[') {
        return Err(FileDiagnostics::single(
            name,
            Diagnostic::new(Bilingual::new(
                "这是多份报告的数组；对比只能使用单份报告（单个事实表的 --format json 输出）",
                "this is an array of reports; compare single reports (--format json of one sheet)",
            ))
            .at(Some(Position { line: 1, column: 1 })),
        ));
    }
    let mut snapshot: Snapshot = serde_json::from_slice(bytes).map_err(|e| {
        let mut position = (e.line() > 0).then(|| Position {
            line: e.line(),
            column: e.column().max(1),
        });
        // serde_json appends the position, which is shown separately.
        let message = e.to_string();
        let message = message
            .rfind(" at line ")
            .map_or(message.as_str(), |i| &message[..i]);
        let ours = check::bilingual(message);
        if ours.is_some() {
            position = position.map(|p| check::after_value(&text, p));
        }
        let message = ours.unwrap_or_else(|| {
            Bilingual::new(
                format!("不是 assess 的 JSON 报告：{message}"),
                format!("not an assess JSON report: {message}"),
            )
        });
        let mut file = FileDiagnostics::new(name, Some(text.to_string()));
        file.diagnostics.push(Diagnostic::new(message).at(position));
        file
    })?;
    if snapshot.format != FORMAT_VERSION {
        return Err(FileDiagnostics::single(
            name,
            Diagnostic::new(Bilingual::new(
                format!(
                    "报告格式版本为 {}，本程序读取版本 {FORMAT_VERSION}",
                    snapshot.format
                ),
                format!(
                    "the report is format {}, this assess reads format {FORMAT_VERSION}",
                    snapshot.format
                ),
            ))
            .path("format"),
        ));
    }
    let problems = check::whole(&snapshot, &text);
    if !problems.is_empty() {
        let mut file = FileDiagnostics::new(name, Some(text.to_string()));
        file.diagnostics = problems;
        return Err(file);
    }
    // Reports saved before `declared` existed say it in the reason.
    for criterion in &mut snapshot.criteria {
        criterion.declared |= criterion.not_applicable_reason.as_deref().is_some_and(|r| {
            r.starts_with("declared not applicable") || r.starts_with("声明不适用")
        });
    }
    snapshot.file = name.to_string();
    Ok(snapshot)
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
