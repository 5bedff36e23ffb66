//! The JSON report document, format version 1 (docs/reference.md): one
//! type, written by the JSON printers and read back by `diff` and `trend`,
//! so what is written and what is read cannot drift apart.
//!
//! Written, it borrows from the evaluated sheet (`Cow::Borrowed`); read
//! back, it owns its text, and every value is checked as strictly as a
//! sheet's ([`super::check`]): a saved report is a file like any other,
//! edited by hand or by another program, and its text reaches terminals.

use super::check;
use crate::date::Date;
use crate::diagnostic::{Bilingual, Diagnostic, FileDiagnostics, Position};
use crate::engine::SheetReport;
use crate::eval::{NotApplicable, Shortfall, Status, Verdict};
use crate::exact::Fraction;
use crate::lang::Lang;
use crate::report::words;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// The report format's version, for scripts to check.
pub const FORMAT_VERSION: u32 = 1;

/// Text of a report: borrowed when written, owned when read back.
pub type Text<'a> = Cow<'a, str>;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Report<'a> {
    pub format: u32,
    #[serde(default, deserialize_with = "check::text")]
    pub source: Text<'a>,
    pub standard: StandardInfo<'a>,
    pub community: CommunityInfo<'a>,
    pub score: ScoreInfo,
    pub verdict: Verdict,
    #[serde(default, deserialize_with = "check::texts")]
    pub vetoes_failed: Vec<Text<'a>>,
    /// Declared not applicable although the facts would pass.
    #[serde(default, deserialize_with = "check::texts")]
    pub unneeded_declarations: Vec<Text<'a>>,
    /// Declared not applicable over facts that are given and fail: the
    /// declaration is what keeps these failures out of the score.
    #[serde(default, deserialize_with = "check::texts")]
    pub declared_over_failures: Vec<Text<'a>>,
    #[serde(default)]
    pub counts: Counts,
    pub criteria: Vec<CriterionInfo<'a>>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StandardInfo<'a> {
    #[serde(deserialize_with = "check::text")]
    pub id: Text<'a>,
    #[serde(default, deserialize_with = "check::text")]
    pub title: Text<'a>,
    #[serde(default, deserialize_with = "check::text")]
    pub title_en: Text<'a>,
    #[serde(deserialize_with = "check::text")]
    pub version: Text<'a>,
    /// For a tailored standard: its base and what was changed.
    #[serde(default)]
    pub tailoring: Option<TailoringInfo<'a>>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TailoringInfo<'a> {
    #[serde(deserialize_with = "check::text")]
    pub extends: Text<'a>,
    #[serde(deserialize_with = "check::text")]
    pub extends_version: Text<'a>,
    #[serde(default, deserialize_with = "check::texts")]
    pub changed: Vec<Text<'a>>,
    #[serde(default, deserialize_with = "check::texts")]
    pub added: Vec<Text<'a>>,
    #[serde(default, deserialize_with = "check::texts")]
    pub removed: Vec<Text<'a>>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CommunityInfo<'a> {
    #[serde(deserialize_with = "check::text")]
    pub name: Text<'a>,
    #[serde(default, deserialize_with = "check::optional_text")]
    pub district: Option<Text<'a>>,
    #[serde(deserialize_with = "check::year")]
    pub year: i32,
    #[serde(deserialize_with = "check::date")]
    pub as_of: Date,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ScoreInfo {
    #[serde(deserialize_with = "check::points")]
    pub earned: f64,
    #[serde(deserialize_with = "check::points")]
    pub possible: f64,
    #[serde(deserialize_with = "check::percent")]
    pub percent: f64,
    #[serde(deserialize_with = "check::percent")]
    pub pass_mark: f64,
    /// Points of the criteria declared not applicable (not in `possible`).
    #[serde(default, deserialize_with = "check::points")]
    pub set_aside: f64,
    /// The same numbers as exact fractions (`"1284/13"`): a float can put
    /// a score a hair under the pass mark on it; these cannot.
    #[serde(default)]
    pub exact: ExactScore,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ExactScore {
    #[serde(deserialize_with = "check::owned_text")]
    pub earned: String,
    #[serde(deserialize_with = "check::owned_text")]
    pub possible: String,
    #[serde(deserialize_with = "check::owned_text")]
    pub percent: String,
    #[serde(deserialize_with = "check::owned_text")]
    pub set_aside: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Counts {
    pub pass: usize,
    pub gap: usize,
    pub missing: usize,
    pub not_applicable: usize,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CriterionInfo<'a> {
    #[serde(deserialize_with = "check::text")]
    pub id: Text<'a>,
    #[serde(deserialize_with = "check::text")]
    pub target: Text<'a>,
    #[serde(deserialize_with = "check::text")]
    pub title: Text<'a>,
    #[serde(deserialize_with = "check::text")]
    pub title_en: Text<'a>,
    pub status: Status,
    #[serde(deserialize_with = "check::points")]
    pub points: f64,
    #[serde(deserialize_with = "check::optional_points")]
    pub earned: Option<f64>,
    #[serde(default)]
    pub veto: bool,
    #[serde(deserialize_with = "check::text")]
    pub required: Text<'a>,
    #[serde(deserialize_with = "check::optional_text")]
    pub actual: Option<Text<'a>>,
    /// What is short and by how much (`gap` and `missing` only).
    #[serde(deserialize_with = "check::optional_text")]
    pub gap: Option<Text<'a>>,
    /// The facts not given, for `missing`.
    #[serde(default, deserialize_with = "check::texts")]
    pub missing_facts: Vec<Text<'a>>,
    /// Why it does not apply, for `not_applicable`.
    #[serde(default, deserialize_with = "check::optional_text")]
    pub not_applicable_reason: Option<Text<'a>>,
    /// Declared not applicable by the sheet (`not_applicable:`), rather
    /// than by its rule.
    #[serde(default)]
    pub declared: bool,
    /// Where the evidence is kept, as the sheet cites it under `evidence`.
    #[serde(default, deserialize_with = "check::texts")]
    pub evidence: Vec<Text<'a>>,
    /// The dated records the criterion reads, as given (record-based rules).
    #[serde(default)]
    pub records: Vec<RecordInfo<'a>>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RecordInfo<'a> {
    #[serde(deserialize_with = "check::date")]
    pub date: Date,
    #[serde(default, deserialize_with = "check::optional_text")]
    pub title: Option<Text<'a>>,
    #[serde(default, deserialize_with = "check::optional_text")]
    pub evidence: Option<Text<'a>>,
}

fn borrowed(texts: &[String]) -> Vec<Text<'_>> {
    texts.iter().map(|t| Cow::Borrowed(t.as_str())).collect()
}

/// The report of one evaluated sheet, texts in `lang`.
pub fn report<'a>(r: &'a SheetReport, lang: Lang) -> Report<'a> {
    let a = &r.assessment;
    let criteria = a
        .results
        .iter()
        .map(|result| {
            let (target, criterion) = (result.target, result.criterion);
            let explanation = words::explanation(result, criterion, r.sheet.as_of, lang);
            let (gap, reason) = match result.status {
                Status::NotApplicable => (None, explanation),
                Status::Pass => (None, None),
                Status::Gap | Status::Missing => (explanation, None),
            };
            CriterionInfo {
                id: Cow::Borrowed(&criterion.id),
                target: Cow::Borrowed(&target.id),
                title: Cow::Borrowed(&criterion.title),
                title_en: Cow::Borrowed(&criterion.title_en),
                status: result.status,
                points: criterion.points.to_f64(),
                earned: result.earned.as_ref().map(Fraction::to_f64),
                veto: criterion.veto,
                required: words::requirement(&criterion.rule, lang),
                actual: result
                    .actual
                    .as_ref()
                    .map(|actual| words::actual(actual, &criterion.rule, lang)),
                gap: gap.map(Cow::Owned),
                missing_facts: match &result.shortfall {
                    Some(Shortfall::NotGiven { facts }) => borrowed(facts),
                    _ => Vec::new(),
                },
                not_applicable_reason: reason.map(Cow::Owned),
                declared: matches!(result.not_applicable, Some(NotApplicable::Declared { .. })),
                evidence: r
                    .sheet
                    .evidence
                    .get(&criterion.id)
                    .map_or_else(Vec::new, |e| borrowed(e)),
                records: crate::report::records(criterion, &r.sheet)
                    .into_iter()
                    .map(|record| RecordInfo {
                        date: record.date,
                        title: record.title.as_deref().map(Cow::Borrowed),
                        evidence: record.evidence.as_deref().map(Cow::Borrowed),
                    })
                    .collect(),
            }
        })
        .collect();
    Report {
        format: FORMAT_VERSION,
        source: Cow::Borrowed(&r.source),
        standard: StandardInfo {
            id: Cow::Borrowed(&r.standard.id),
            title: Cow::Borrowed(&r.standard.title),
            title_en: Cow::Borrowed(&r.standard.title_en),
            version: Cow::Borrowed(&r.standard.version),
            tailoring: r.standard.tailoring.as_ref().map(|t| TailoringInfo {
                extends: Cow::Borrowed(&t.base_id),
                extends_version: Cow::Borrowed(&t.base_version),
                changed: borrowed(&t.changed),
                added: borrowed(&t.added),
                removed: borrowed(&t.removed),
            }),
        },
        community: CommunityInfo {
            name: Cow::Borrowed(&r.sheet.community.name),
            district: r.sheet.community.district.as_deref().map(Cow::Borrowed),
            year: r.sheet.year,
            as_of: r.sheet.as_of,
        },
        score: ScoreInfo {
            earned: a.score.earned.to_f64(),
            possible: a.score.possible.to_f64(),
            percent: a.score.percent.to_f64(),
            pass_mark: r.standard.pass_mark.to_f64(),
            set_aside: a.score.set_aside.to_f64(),
            exact: ExactScore {
                earned: a.score.earned.to_exact_string(),
                possible: a.score.possible.to_exact_string(),
                percent: a.score.percent.to_exact_string(),
                set_aside: a.score.set_aside.to_exact_string(),
            },
        },
        verdict: a.verdict,
        vetoes_failed: borrowed(&a.vetoes_failed),
        unneeded_declarations: borrowed(&a.unneeded_declarations),
        declared_over_failures: borrowed(&a.declared_over_failures),
        counts: Counts {
            pass: a.count(Status::Pass),
            gap: a.count(Status::Gap),
            missing: a.count(Status::Missing),
            not_applicable: a.count(Status::NotApplicable),
        },
        criteria,
    }
}

/// A saved report read back, every value checked as it is read (a bad
/// one is named with its line and column) and what only the whole report
/// can tell (a verdict the score contradicts) checked after.
pub fn read(name: &str, bytes: &[u8]) -> Result<Report<'static>, FileDiagnostics> {
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
    let mut report: Report<'static> = serde_json::from_slice(bytes).map_err(|e| {
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
    if report.format != FORMAT_VERSION {
        return Err(FileDiagnostics::single(
            name,
            Diagnostic::new(Bilingual::new(
                format!(
                    "报告格式版本为 {}，本程序读取版本 {FORMAT_VERSION}",
                    report.format
                ),
                format!(
                    "the report is format {}, this assess reads format {FORMAT_VERSION}",
                    report.format
                ),
            ))
            .path("format"),
        ));
    }
    let problems = check::whole(&report, &text);
    if !problems.is_empty() {
        let mut file = FileDiagnostics::new(name, Some(text.to_string()));
        file.diagnostics = problems;
        return Err(file);
    }
    // Reports saved before `declared` existed say it in the reason.
    for criterion in &mut report.criteria {
        criterion.declared |= criterion.not_applicable_reason.as_deref().is_some_and(|r| {
            r.starts_with("declared not applicable") || r.starts_with("声明不适用")
        });
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Schema;
    use crate::standard::default_standard;

    /// What the printer writes, `diff` reads back to the same document:
    /// one type, so the two cannot drift apart.
    #[test]
    fn a_written_report_reads_back_to_the_same_document() {
        let standard = default_standard();
        let schema = Schema::for_standard(&standard);
        for example in ["examples/gaps-2024.yaml", "examples/jinhaian-2010.yaml"] {
            let bytes = std::fs::read(example).unwrap();
            let sheet =
                crate::engine::assess_bytes(example.into(), bytes, &standard, &schema).unwrap();
            for lang in [Lang::Zh, Lang::En] {
                let written = serde_json::to_vec(&report(&sheet, lang)).unwrap();
                let read_back = read(example, &written).unwrap();
                assert_eq!(
                    serde_json::to_vec(&read_back).unwrap(),
                    written,
                    "{example}"
                );
            }
        }
    }
}
