//! A sheet of a batch that could not be read, in every format: nothing a
//! batch was given may vanish from its report. JSON and JSON Lines get an
//! entry with `file` and `errors`, CSV a row with status `error`, JUnit a
//! test suite with an `<error>` (so CI shows it red), and the batch table
//! and Markdown a summary row plus the list of problems at the end.

use super::csv;
use super::json::FORMAT_VERSION;
use super::junit::escape;
use crate::diagnostic::FileDiagnostics;
use crate::lang::Lang;
use serde::Serialize;

/// The JSON entry of an unreadable sheet.
#[derive(Serialize)]
struct Entry<'a> {
    format: u32,
    file: &'a str,
    errors: Vec<Error<'a>>,
}

#[derive(Serialize)]
struct Error<'a> {
    line: Option<usize>,
    column: Option<usize>,
    path: Option<&'a str>,
    message: &'a str,
}

fn entry(problem: &FileDiagnostics, lang: Lang) -> Entry<'_> {
    Entry {
        format: FORMAT_VERSION,
        file: &problem.file,
        errors: problem
            .diagnostics
            .iter()
            .map(|d| Error {
                line: d.position.map(|p| p.line),
                column: d.position.map(|p| p.column),
                path: d.key_path.as_deref(),
                message: d.message.get(lang),
            })
            .collect(),
    }
}

/// The entry as an element of a pretty-printed array (a batch's JSON).
pub fn json_element(problem: &FileDiagnostics, lang: Lang) -> Vec<u8> {
    super::json::nested_element(&entry(problem, lang))
}

/// The entry as one line (JSON Lines).
pub fn json_line(problem: &FileDiagnostics, lang: Lang) -> Vec<u8> {
    // Plain structs into a Vec: serializing cannot fail.
    let mut out = serde_json::to_vec(&entry(problem, lang)).unwrap_or_default();
    out.push(b'\n');
    out
}

/// Every message of the file on one line: `4:1 stabilty: unknown key …`.
pub fn messages(problem: &FileDiagnostics, lang: Lang) -> String {
    problem
        .diagnostics
        .iter()
        .map(|d| {
            let mut text = String::new();
            if let Some(p) = d.position {
                text.push_str(&format!("{}:{} ", p.line, p.column));
            }
            if let Some(path) = &d.key_path {
                text.push_str(path);
                text.push_str(": ");
            }
            text.push_str(d.message.get(lang));
            text
        })
        .collect::<Vec<_>>()
        .join(lang.pick("；", "; "))
}

/// The CSV row: the file, status `error`, and the messages where a
/// criterion's gap would be.
pub fn csv_row(problem: &FileDiagnostics, lang: Lang) -> String {
    let mut fields = vec![String::new(); csv::COLUMNS.len()];
    let column = |name: &str| csv::COLUMNS.iter().position(|c| *c == name);
    let mut set = |name: &str, value: String| {
        if let Some(i) = column(name) {
            fields[i] = value;
        }
    };
    set("file", problem.file.clone());
    set("status", "error".to_string());
    set("gap", messages(problem, lang));
    csv::row(fields)
}

/// The JUnit test suite: one test case in error.
pub fn junit_suite(problem: &FileDiagnostics, lang: Lang) -> String {
    let name = escape(&problem.file);
    let what = lang.pick("无法读取事实表", "the fact sheet cannot be read");
    format!(
        "  <testsuite name=\"{name}\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">\n    \
         <testcase name=\"{}\" classname=\"{name}\">\n      \
         <error type=\"unreadable\" message=\"{}\">{}</error>\n    \
         </testcase>\n  </testsuite>\n",
        escape(what),
        escape(&messages(problem, lang)),
        escape(&problem.render(lang)),
    )
}
