//! Test cases for a standard: a sheet (a file, or a few facts written
//! inline) and what the standard must make of it — the verdict, the
//! percent, the points earned, a criterion's status and points. Written in
//! `NAME.tests.toml` beside `NAME.toml`, read with spans like the standard
//! itself, and checked against it before any case runs, so a misspelt
//! criterion id is a located error, never an expectation that silently
//! holds.
//!
//! ```toml
//! [[case]]
//! name = "the sample sheet"
//! sheet = "../examples/model-2024.yaml"   # relative to this file
//!
//! [case.expect]
//! verdict = "ready"
//! percent = 96.5
//! criteria = { "3.1" = "pass", "7.6" = { status = "gap", earned = 1.875 } }
//! ```

use crate::diagnostic::{Bilingual, Diagnostic, LineIndex};
use crate::eval::{Status, Verdict};
use crate::exact::{Decimal, Fraction, Rounding};
use crate::standard::Standard;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// Where a standard's test cases are kept: `district.toml` →
/// `district.tests.toml`.
pub fn cases_path(standard: &Path) -> PathBuf {
    let stem = standard
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    standard.with_file_name(format!("{stem}.tests.toml"))
}

/// One test case, checked.
#[derive(Clone, Debug)]
pub struct Case {
    pub name: String,
    pub sheet: CaseSheet,
    pub expect: Expect,
}

/// The sheet a case assesses.
#[derive(Clone, Debug)]
pub enum CaseSheet {
    /// A file, as written (relative to the cases file).
    File(String),
    /// The YAML text itself.
    Inline(String),
}

/// What a case expects; what is not said is not checked.
#[derive(Clone, Debug, Default)]
pub struct Expect {
    pub verdict: Option<Verdict>,
    /// Percent, compared at three decimals (half up).
    pub percent: Option<Decimal>,
    /// Points earned in all, compared at three decimals.
    pub earned: Option<Decimal>,
    /// Criterion id → its status and/or points earned.
    pub criteria: Vec<(String, Option<Status>, Option<Decimal>)>,
}

/// Whether `actual` is `expected` when shown to three decimals, half up:
/// the precision a standard writes points in. A value that needs more
/// (2/3 of a point) is written as its three-decimal rounding (0.667).
pub fn matches(expected: Decimal, actual: &Fraction) -> bool {
    actual.to_decimal(3, Rounding::HalfUp) == expected.to_fraction().to_decimal(3, Rounding::HalfUp)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCases {
    #[serde(default)]
    case: Vec<Spanned<RawCase>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCase {
    name: Spanned<String>,
    sheet: Option<Spanned<String>>,
    facts: Option<Spanned<String>>,
    expect: Spanned<RawExpect>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExpect {
    verdict: Option<Spanned<String>>,
    percent: Option<Spanned<toml::Value>>,
    earned: Option<Spanned<toml::Value>>,
    #[serde(default)]
    criteria: BTreeMap<Spanned<String>, Spanned<RawCriterion>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawCriterion {
    Status(String),
    Full(RawCriterionFull),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCriterionFull {
    status: Option<String>,
    earned: Option<toml::Value>,
}

/// Reads and checks the cases in `source` against `standard`; every
/// problem at its line.
pub fn load_cases(source: &str, standard: &Standard) -> Result<Vec<Case>, Vec<Diagnostic>> {
    let lines = LineIndex::new(source);
    let at = |span: std::ops::Range<usize>| Some(lines.position(span.start));
    let raw: RawCases = toml::from_str(source).map_err(|error| {
        let message = error.message().trim().to_string();
        vec![
            Diagnostic::new(Bilingual::new(
                format!("测试用例文件无法读取：{message}"),
                format!("the test cases cannot be read: {message}"),
            ))
            .at(error.span().and_then(&at)),
        ]
    })?;
    let mut problems: Vec<Diagnostic> = Vec::new();
    let problem =
        |problems: &mut Vec<Diagnostic>, span: std::ops::Range<usize>, zh: String, en: String| {
            problems.push(Diagnostic::new(Bilingual::new(zh, en)).at(at(span)));
        };
    if raw.case.is_empty() {
        problem(
            &mut problems,
            0..0,
            "没有任何测试用例（[[case]]）".into(),
            "there are no test cases ([[case]])".into(),
        );
    }
    let mut cases = Vec::new();
    for raw_case in raw.case {
        let span = raw_case.span();
        let raw_case = raw_case.into_inner();
        let sheet = match (raw_case.sheet, raw_case.facts) {
            (Some(path), None) => Some(CaseSheet::File(path.into_inner())),
            (None, Some(facts)) => Some(CaseSheet::Inline(facts.into_inner())),
            _ => {
                problem(
&mut problems,
                    span.clone(),
                    "每个用例需要且只需要 `sheet`（事实表文件）或 `facts`（直接写出的事实表）之一".into(),
                    "each case takes exactly one of `sheet` (a sheet file) and `facts` (the sheet written out)".into(),
                );
                None
            }
        };
        let raw_expect = raw_case.expect.into_inner();
        let mut expect = Expect::default();
        if let Some(verdict) = raw_expect.verdict {
            match verdict.get_ref().as_str() {
                "ready" => expect.verdict = Some(Verdict::Ready),
                "not_ready" => expect.verdict = Some(Verdict::NotReady),
                other => problem(
                    &mut problems,
                    verdict.span(),
                    format!("`verdict` 应为 \"ready\" 或 \"not_ready\"，实际为 \"{other}\""),
                    format!("`verdict` must be \"ready\" or \"not_ready\", found \"{other}\""),
                ),
            }
        }
        let number = |problems: &mut Vec<Diagnostic>, value: Spanned<toml::Value>, field: &str| {
            let n = match value.get_ref() {
                toml::Value::Integer(i) => Some(*i as f64),
                toml::Value::Float(f) => Some(*f),
                _ => None,
            };
            let decimal = n.and_then(Decimal::from_f64);
            if decimal.is_none() {
                problem(
                    problems,
                    value.span(),
                    format!("`{field}` 应为非负数，最多三位小数"),
                    format!("`{field}` must be a number ≥ 0 with at most three decimals"),
                );
            }
            decimal
        };
        expect.percent = raw_expect
            .percent
            .and_then(|v| number(&mut problems, v, "percent"));
        expect.earned = raw_expect
            .earned
            .and_then(|v| number(&mut problems, v, "earned"));
        for (id, raw_criterion) in raw_expect.criteria {
            let span = raw_criterion.span();
            let (status, earned) = match raw_criterion.into_inner() {
                RawCriterion::Status(status) => (Some(status), None),
                RawCriterion::Full(full) => (full.status, full.earned),
            };
            let earned =
                earned.and_then(|e| number(&mut problems, Spanned::new(span.clone(), e), "earned"));
            let status = status.and_then(|s| match s.as_str() {
                "pass" => Some(Status::Pass),
                "gap" => Some(Status::Gap),
                "missing" => Some(Status::Missing),
                "not_applicable" => Some(Status::NotApplicable),
                other => {
                    problem(
                        &mut problems,
                        span.clone(),
                        format!(
                            "状态应为 pass、gap、missing 或 not_applicable，实际为 \"{other}\""
                        ),
                        format!(
                            "a status is pass, gap, missing or not_applicable, found \"{other}\""
                        ),
                    );
                    None
                }
            });
            if standard.criterion(id.get_ref()).is_none() {
                let ids = standard.criteria().map(|(_, c)| c.id.as_str());
                let hint = crate::suggest::closest(id.get_ref(), ids).map_or(
                    (String::new(), String::new()),
                    |s| {
                        (
                            format!("；是否想写 \"{s}\"？"),
                            format!("; did you mean \"{s}\"?"),
                        )
                    },
                );
                problem(
                    &mut problems,
                    id.span(),
                    format!(
                        "标准 {} 中没有评分项 \"{}\"{}",
                        standard.id,
                        id.get_ref(),
                        hint.0
                    ),
                    format!(
                        "the standard {} has no criterion \"{}\"{}",
                        standard.id,
                        id.get_ref(),
                        hint.1
                    ),
                );
                continue;
            }
            expect.criteria.push((id.into_inner(), status, earned));
        }
        if let Some(sheet) = sheet {
            cases.push(Case {
                name: raw_case.name.into_inner(),
                sheet,
                expect,
            });
        }
    }
    if problems.is_empty() {
        Ok(cases)
    } else {
        crate::diagnostic::sort_in_file_order(&mut problems);
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases_sit_beside_their_standard() {
        assert_eq!(
            cases_path(Path::new("standards/seed-2008.toml")),
            PathBuf::from("standards/seed-2008.tests.toml")
        );
    }

    #[test]
    fn numbers_match_at_three_decimals() {
        let d = |x: f64| Decimal::from_f64(x).unwrap();
        assert!(matches(d(0.667), &Fraction::new(2, 3)));
        assert!(!matches(d(0.666), &Fraction::new(2, 3)));
        assert!(matches(d(92.5), &Fraction::new(185, 2)));
        assert!(!matches(d(92.5), &Fraction::new(92_501, 1000)));
    }

    #[test]
    fn a_misspelt_id_or_status_is_refused_at_its_line() {
        let standard = crate::standard::default_standard();
        let source = "[[case]]\nname = \"x\"\nfacts = \"year: 2024\"\n[case.expect]\nverdict = \"redy\"\n\
                      [case.expect.criteria]\n\"3.l\" = \"pass\"\n\"3.1\" = \"passed\"\n";
        let problems: Vec<String> = load_cases(source, &standard)
            .unwrap_err()
            .into_iter()
            .map(|d| format!("{}: {}", d.position.map_or(0, |p| p.line), d.message.en))
            .collect();
        assert_eq!(
            problems,
            [
                "5: `verdict` must be \"ready\" or \"not_ready\", found \"redy\"",
                "7: the standard seed-2008 has no criterion \"3.l\"; did you mean \"3.1\"?",
                "8: a status is pass, gap, missing or not_applicable, found \"passed\"",
            ]
        );
    }
}
