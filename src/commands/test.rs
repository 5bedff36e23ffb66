//! `assess test STANDARD.toml`: runs the test cases kept beside a standard
//! (`STANDARD.tests.toml`) and says, for each failing expectation, what was
//! expected and what the standard gave. Exit 0 when every expectation
//! holds, 1 when one does not, 2 when the cases could not be run (the
//! standard, the cases file or a case's sheet is unreadable or invalid).

use super::{Context, Outcome};
use crate::authoring::cases::{Case, CaseSheet, cases_path, load_cases, matches};
use crate::cli::{Common, TestArgs};
use crate::diagnostic::FileDiagnostics;
use crate::engine::assess_bytes;
use crate::exact::Fraction;
use crate::facts::Schema;
use crate::input::{input_name, read_limited, read_text};
use crate::lang::{Lang, tr};
use crate::report::words;
use crate::standard::Standard;
use std::fmt::Write as _;
use std::path::Path;

pub(super) fn run(
    args: &TestArgs,
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> Outcome {
    let common = Common {
        standard: Some(args.standard().to_path_buf()),
        lang: args.lang,
        color: crate::report::style::ColorChoice::Never,
        width: None,
        max_size: args.max_size,
    };
    let cx = &mut Context::new(&common, out, err, false);
    let Some(standard) = cx.standard() else {
        return Outcome::Failed;
    };
    let path = cases_path(args.standard());
    let name = input_name(&path);
    let source = match read_text(&path, args.max_size) {
        Ok(source) => source,
        Err(problem) => {
            let hint = crate::diagnostic::Bilingual::new(
                format!("标准的测试用例写在它旁边的 {name} 中"),
                format!("a standard's test cases are kept beside it, in {name}"),
            );
            cx.problems([FileDiagnostics::single(&name, problem.help(hint))]);
            return Outcome::Failed;
        }
    };
    let cases = match load_cases(&source, &standard) {
        Ok(cases) => cases,
        Err(diagnostics) => {
            cx.problems([FileDiagnostics {
                file: name,
                source: Some(source),
                diagnostics,
            }]);
            return Outcome::Failed;
        }
    };
    let lang = cx.lang;
    let schema = Schema::for_standard(&standard);
    let folder = path.parent().unwrap_or(Path::new("."));
    let mut text = tr!(
        lang,
        format!(
            "测试用例：{name} · 标准 {}（{} 版）\n",
            standard.id, standard.version
        ),
        format!(
            "cases: {name} · standard {} (version {})\n",
            standard.id, standard.version
        )
    );
    let (mut passed, mut failed, mut unrun) = (0, 0, 0);
    for case in &cases {
        match run_case(case, &standard, &schema, folder, &name, args.max_size, lang) {
            Err(problems) => {
                unrun += 1;
                let _ = writeln!(text, "{}  {}", tr!(lang, "无法运行", "ERR "), case.name);
                cx.problems([problems]);
            }
            Ok(wrong) if wrong.is_empty() => {
                passed += 1;
                let _ = writeln!(text, "{}  {}", tr!(lang, "通过", "ok  "), case.name);
            }
            Ok(wrong) => {
                failed += 1;
                let _ = writeln!(text, "{}  {}", tr!(lang, "失败", "FAIL"), case.name);
                for line in wrong {
                    let _ = writeln!(text, "      {line}");
                }
            }
        }
    }
    let total = cases.len();
    let _ = match unrun {
        0 => tr!(
            lang,
            writeln!(text, "共 {total} 个用例：{passed} 个通过，{failed} 个失败"),
            writeln!(text, "{total} cases: {passed} passed, {failed} failed")
        ),
        _ => tr!(
            lang,
            writeln!(
                text,
                "共 {total} 个用例：{passed} 个通过，{failed} 个失败，{unrun} 个无法运行"
            ),
            writeln!(
                text,
                "{total} cases: {passed} passed, {failed} failed, {unrun} could not run"
            )
        ),
    };
    if !cx.stdout(text.as_bytes()) || unrun > 0 {
        Outcome::Failed
    } else if failed > 0 {
        Outcome::Gaps
    } else {
        Outcome::Clean
    }
}

/// Assesses the case's sheet and gives every expectation that does not
/// hold, in words; `Err` when the sheet cannot be read.
fn run_case(
    case: &Case,
    standard: &Standard,
    schema: &Schema,
    folder: &Path,
    cases_name: &str,
    limit: u64,
    lang: Lang,
) -> Result<Vec<String>, FileDiagnostics> {
    let (name, bytes) = match &case.sheet {
        CaseSheet::File(file) => {
            let path = folder.join(file);
            let name = input_name(&path);
            let bytes =
                read_limited(&path, limit).map_err(|d| FileDiagnostics::single(&name, d))?;
            (name, bytes)
        }
        CaseSheet::Inline(facts) => (
            format!("{cases_name} [{}]", case.name),
            facts.as_bytes().to_vec(),
        ),
    };
    let report = assess_bytes(name, bytes, standard, schema)?;
    let assessment = &report.assessment;
    let mut wrong = Vec::new();
    let expect = &case.expect;
    for (id, status, earned) in &expect.criteria {
        let Some(result) = assessment.results.iter().find(|r| r.criterion.id == *id) else {
            continue;
        };
        if let Some(status) = status
            && *status != result.status
        {
            wrong.push(tr!(
                lang,
                format!(
                    "{id} 状态：应为 {}，实际为 {}",
                    words::status(*status, lang),
                    words::status(result.status, lang)
                ),
                format!(
                    "{id} status: expected {}, actual {}",
                    words::status(*status, lang),
                    words::status(result.status, lang)
                )
            ));
        }
        if let Some(expected) = earned {
            let actual = result.earned.as_ref();
            if !actual.is_some_and(|a| matches(*expected, a)) {
                let shown = actual.map_or("—".to_string(), shown_points);
                wrong.push(tr!(
                    lang,
                    format!("{id} 自评分：应为 {expected}，实际为 {shown}"),
                    format!("{id} earned: expected {expected}, actual {shown}")
                ));
            }
        }
    }
    if let Some(expected) = expect.earned
        && !matches(expected, &assessment.score.earned)
    {
        let shown = shown_points(&assessment.score.earned);
        wrong.push(tr!(
            lang,
            format!("总得分：应为 {expected}，实际为 {shown}"),
            format!("earned: expected {expected}, actual {shown}")
        ));
    }
    if let Some(expected) = expect.percent
        && !matches(expected, &assessment.score.percent)
    {
        let shown = shown_points(&assessment.score.percent).replacen(' ', "% ", 1);
        let shown = match shown.contains('%') {
            true => shown.replace(')', "%)"),
            false => format!("{shown}%"),
        };
        wrong.push(tr!(
            lang,
            format!("得分率：应为 {expected}%，实际为 {shown}"),
            format!("percent: expected {expected}%, actual {shown}")
        ));
    }
    if let Some(expected) = expect.verdict
        && expected != assessment.verdict
    {
        wrong.push(tr!(
            lang,
            format!(
                "结论：应为 {}，实际为 {}",
                words::verdict(expected, lang),
                words::verdict(assessment.verdict, lang)
            ),
            format!(
                "verdict: expected {}, actual {}",
                words::verdict(expected, lang),
                words::verdict(assessment.verdict, lang)
            )
        ));
    }
    Ok(wrong)
}

/// A value as the cases compare it: three decimals, trailing zeros
/// dropped, and the exact fraction beside it when three decimals do not
/// hold it all (`0.667 (= 2/3)`).
fn shown_points(value: &Fraction) -> String {
    let shown = words::points_exact(value);
    let thousandths = value * &Fraction::whole(1000);
    if thousandths.to_exact_string().contains('/') {
        format!("{shown} (= {})", value.to_exact_string())
    } else {
        shown
    }
}
