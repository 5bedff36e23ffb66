//! JUnit XML for CI dashboards: one test suite per community, one test case
//! per criterion. `gap` and `missing` are failures carrying the gap text,
//! `not_applicable` is skipped with its reason. The score and verdict ride
//! along as suite properties.
//!
//! Valid XML whatever the sheet contains: text is escaped, and characters
//! XML 1.0 cannot carry at all (most control characters) become U+FFFD.

use super::printer::{Piece, Printer, lock};
use super::table::community;
use super::{Options, SheetReport, by_target, words};
use crate::diagnostic::FileDiagnostics;
use crate::eval::Status;
use crate::lang::Lang;
use crate::lang::tr;
use crate::spool::Spool;
use std::fmt::Write as _;
use std::io::{self, Write as _};
use std::sync::Mutex;

/// The XML declaration and the opening `<testsuites>` with the totals.
pub fn opening(tests: usize, failures: usize, skipped: usize, errors: usize) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <testsuites name=\"assess\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\">\n"
    )
}

/// The batch's collection warnings (the same community twice, a sheet of
/// another year, folders not read) as a suite of skipped cases: visible on
/// a dashboard without failing it. Empty when there are none.
pub fn notes_suite(notes: &[String], lang: Lang) -> String {
    if notes.is_empty() {
        return String::new();
    }
    let name = escape(tr!(lang, "批次提示", "batch notes"));
    let mut out = format!(
        "  <testsuite name=\"{name}\" tests=\"{n}\" failures=\"0\" errors=\"0\" skipped=\"{n}\">\n",
        n = notes.len()
    );
    for (i, note) in notes.iter().enumerate() {
        let _ = writeln!(
            out,
            "    <testcase name=\"{}\" classname=\"{name}\">\n      <skipped message=\"{}\"/>\n    </testcase>",
            i + 1,
            escape(note)
        );
    }
    out.push_str("  </testsuite>\n");
    out
}

pub fn closing() -> &'static str {
    "</testsuites>\n"
}

/// One community's `<testsuite>`.
pub fn suite(report: &SheetReport, lang: Lang) -> String {
    let mut out = String::new();
    write_suite(&mut out, report, lang);
    out
}

fn write_suite(out: &mut String, report: &SheetReport, lang: Lang) {
    let a = &report.assessment;
    let name = format!("{} {}", community(report, lang), report.sheet.year);
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">",
        escape(&name),
        a.results.len(),
        a.count(Status::Gap) + a.count(Status::Missing),
        a.count(Status::NotApplicable)
    );
    let _ = writeln!(out, "    <properties>");
    let properties = [
        ("file", report.source.clone()),
        ("standard", report.standard.id.clone()),
        ("as_of", report.sheet.as_of.to_string()),
        ("score", a.score.percent.to_f64().to_string()),
        ("pass_mark", report.standard.pass_mark.to_f64().to_string()),
        ("verdict", a.verdict.key().to_string()),
        ("vetoes_failed", a.vetoes_failed.join(",")),
        ("set_aside", a.score.set_aside.to_f64().to_string()),
        ("declared_over_failures", a.declared_over_failures.join(",")),
    ];
    for (key, value) in properties {
        let _ = writeln!(
            out,
            "      <property name=\"{key}\" value=\"{}\"/>",
            escape(&value)
        );
    }
    let _ = writeln!(out, "    </properties>");
    for (target, rows) in by_target(report) {
        let classname = format!(
            "{}.{} {}",
            report.sheet.community.name,
            target.id,
            tr!(lang, &target.title, &target.title_en)
        );
        for (criterion, result) in rows {
            let name = format!("{} {}", criterion.id, words::title(criterion, lang));
            let open = format!(
                "    <testcase classname=\"{}\" name=\"{}\"",
                escape(&classname),
                escape(&name)
            );
            let explanation = words::reason(result, criterion, report.sheet.as_of, lang);
            match result.status {
                Status::Pass => {
                    let _ = writeln!(out, "{open}/>");
                }
                Status::Gap | Status::Missing => {
                    let detail = format!(
                        "{}: {} / {}: {}",
                        tr!(lang, "要求", "required"),
                        words::requirement(&criterion.rule, lang),
                        tr!(lang, "实际", "actual"),
                        words::actual_or_dash(result, criterion, lang)
                    );
                    let _ = writeln!(
                        out,
                        "{open}>\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>",
                        result.status.key(),
                        escape(&explanation),
                        escape(&detail)
                    );
                }
                Status::NotApplicable => {
                    let _ = writeln!(
                        out,
                        "{open}>\n      <skipped message=\"{}\"/>\n    </testcase>",
                        escape(&explanation)
                    );
                }
            }
        }
    }
    out.push_str("  </testsuite>\n");
}

/// Escapes text for an XML attribute or element, replacing the characters
/// XML 1.0 does not allow anywhere.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Kept in attributes as character references, not normalised
            // away by the parser.
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if allowed_in_xml(c) => out.push(c),
            _ => out.push('\u{fffd}'),
        }
    }
    out
}

/// XML 1.0's Char production.
fn allowed_in_xml(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..='\u{10ffff}')
}

/// The suite of a sheet of a batch that could not be read: one test case
/// in error, so CI shows it red.
fn unreadable_suite(problem: &FileDiagnostics, lang: Lang) -> String {
    let name = escape(&problem.file);
    let what = tr!(lang, "无法读取事实表", "the fact sheet cannot be read");
    format!(
        "  <testsuite name=\"{name}\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">\n    \
         <testcase name=\"{}\" classname=\"{name}\">\n      \
         <error type=\"unreadable\" message=\"{}\">{}</error>\n    \
         </testcase>\n  </testsuite>\n",
        escape(what),
        escape(&problem.one_line(lang)),
        escape(&problem.render(lang)),
    )
}

/// Tests, failures, skipped and errors, for the opening's totals.
#[derive(Clone, Copy, Default)]
struct Totals {
    tests: usize,
    failures: usize,
    skipped: usize,
    errors: usize,
}

/// What JUnit keeps until the end: the totals its opening states, and the
/// suites written so far.
#[derive(Default)]
struct Held {
    pieces: usize,
    totals: Totals,
    suites: Option<Spool>,
}

/// `--format junit`: a test suite per community, a test case per criterion.
pub struct JunitPrinter {
    options: Options,
    held: Mutex<Held>,
}

impl JunitPrinter {
    pub fn new(options: Options) -> JunitPrinter {
        JunitPrinter {
            options,
            held: Mutex::new(Held::default()),
        }
    }
}

impl Printer for JunitPrinter {
    fn piece(&self, report: &SheetReport) -> Piece {
        let a = &report.assessment;
        let totals = Totals {
            tests: a.results.len(),
            failures: a.count(Status::Gap) + a.count(Status::Missing),
            skipped: a.count(Status::NotApplicable),
            errors: 0,
        };
        Piece::with(suite(report, self.options.lang).into_bytes(), totals)
    }

    fn unreadable(&self, problem: &FileDiagnostics) -> Option<Piece> {
        let totals = Totals {
            tests: 1,
            errors: 1,
            ..Totals::default()
        };
        let suite = unreadable_suite(problem, self.options.lang);
        self.options
            .batch
            .then(|| Piece::with(suite.into_bytes(), totals))
    }

    fn put(&self, piece: Piece, _out: &mut dyn io::Write) -> io::Result<()> {
        let (bytes, totals) = piece.into_parts::<Totals>();
        let totals = totals.unwrap_or_default();
        let mut held = lock(&self.held);
        held.pieces += 1;
        held.totals.tests += totals.tests;
        held.totals.failures += totals.failures;
        held.totals.skipped += totals.skipped;
        held.totals.errors += totals.errors;
        Spool::open_once(&mut held.suites)?.write_all(&bytes)
    }

    fn finish(&self, out: &mut dyn io::Write, notes: &[String]) -> io::Result<()> {
        let mut held = lock(&self.held);
        if held.pieces == 0 {
            return Ok(());
        }
        let Totals {
            tests,
            failures,
            skipped,
            errors,
        } = held.totals;
        let checks = notes_suite(notes, self.options.lang);
        out.write_all(
            opening(tests + notes.len(), failures, skipped + notes.len(), errors).as_bytes(),
        )?;
        if let Some(suites) = &mut held.suites {
            suites.copy_to(out)?;
        }
        out.write_all(checks.as_bytes())?;
        out.write_all(closing().as_bytes())?;
        out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn text_is_escaped_and_forbidden_characters_replaced() {
        assert_eq!(escape("a<b>&\"c\"'"), "a&lt;b&gt;&amp;&quot;c&quot;&apos;");
        assert_eq!(escape("行1\n行2"), "行1&#10;行2");
        assert_eq!(escape("x\u{1}y\u{fffe}"), "x\u{fffd}y\u{fffd}");
    }
}
