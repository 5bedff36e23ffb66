//! One run of `assess`: load the standard, find the fact sheets, read and
//! evaluate each, print the reports and choose the exit code.
//!
//! Input problems are reported per file on stderr; in a batch the sheets
//! that could be read are still reported (contract section 7), and the run
//! exits 2 if any could not.

use crate::cli::Args;
use crate::diagnostic::{Bilingual, Diagnostic, FileDiagnostics, Position};
use crate::eval::evaluate;
use crate::facts::{Schema, read_sheet};
use crate::lang::Lang;
use crate::report::{self, SheetReport};
use crate::standard::{self, Standard};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Exit codes of contract section 6.
pub const EXIT_OK: u8 = 0;
pub const EXIT_GAPS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

pub fn run(args: &Args) -> ExitCode {
    let lang = args.lang.unwrap_or_else(Lang::from_env);
    let standard = match load_standard(args.standard.as_deref()) {
        Ok(standard) => standard,
        Err(errors) => {
            eprint!("{}", errors.render(lang));
            return ExitCode::from(EXIT_ERROR);
        }
    };
    let schema = Schema::for_standard(&standard);
    let (files, mut failures) = collect_inputs(&args.facts);
    let batch = args.facts.len() > 1 || args.facts.iter().any(|p| p.is_dir());

    let mut reports = Vec::new();
    for file in files {
        match assess_file(&file, &standard, &schema) {
            Ok(report) => reports.push(report),
            Err(errors) => failures.push(errors),
        }
    }

    if !reports.is_empty() {
        let text = report::render(&reports, args.format, lang, batch);
        // A closed pipe (`assess … | head`) is the reader's choice, not an
        // error worth a message.
        let mut stdout = std::io::stdout().lock();
        if let Err(error) = stdout
            .write_all(text.as_bytes())
            .and_then(|()| stdout.flush())
        {
            if error.kind() != std::io::ErrorKind::BrokenPipe {
                eprintln!(
                    "{}: {error}",
                    lang.pick("无法写出报告", "cannot write the report")
                );
                return ExitCode::from(EXIT_ERROR);
            }
        }
    }
    for failure in &failures {
        eprint!("{}", failure.render(lang));
    }
    if !failures.is_empty() {
        ExitCode::from(EXIT_ERROR)
    } else if reports.iter().any(|r| r.assessment.has_failures()) {
        ExitCode::from(EXIT_GAPS)
    } else {
        ExitCode::from(EXIT_OK)
    }
}

/// The built-in standard, or the one `--standard` names.
pub fn load_standard(path: Option<&Path>) -> Result<Standard, FileDiagnostics> {
    let Some(path) = path else {
        return Ok(standard::default_standard());
    };
    let name = path.display().to_string();
    let source = read_text(path).map_err(|d| {
        let mut file = FileDiagnostics::new(&name, None);
        file.diagnostics.push(d);
        file
    })?;
    standard::load(&source).map_err(|error| FileDiagnostics {
        file: name,
        source: Some(source),
        diagnostics: error.diagnostics,
    })
}

/// The files to assess, in order: each file argument as given, each folder
/// as its `*.yaml`/`*.yml` files in sorted order. Arguments that name
/// nothing usable become diagnostics of their own.
fn collect_inputs(args: &[PathBuf]) -> (Vec<PathBuf>, Vec<FileDiagnostics>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for arg in args {
        if !arg.is_dir() {
            files.push(arg.clone());
            continue;
        }
        let name = arg.display().to_string();
        let entries = match std::fs::read_dir(arg) {
            Ok(entries) => entries,
            Err(error) => {
                problems.push(single(&name, cannot_read(&error)));
                continue;
            }
        };
        let mut found: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.is_file() && is_yaml(path))
            .collect();
        found.sort();
        if found.is_empty() {
            problems.push(single(
                &name,
                Diagnostic::new(Bilingual::new(
                    "文件夹中没有 *.yaml 或 *.yml 事实表",
                    "the folder holds no *.yaml or *.yml fact sheets",
                )),
            ));
        }
        files.extend(found);
    }
    (files, problems)
}

fn is_yaml(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

fn single(file: &str, diagnostic: Diagnostic) -> FileDiagnostics {
    let mut diagnostics = FileDiagnostics::new(file, None);
    diagnostics.diagnostics.push(diagnostic);
    diagnostics
}

/// Reads, checks and evaluates one fact sheet.
pub fn assess_file<'s>(
    path: &Path,
    standard: &'s Standard,
    schema: &Schema,
) -> Result<SheetReport<'s>, FileDiagnostics> {
    let name = path.display().to_string();
    let source = read_text(path).map_err(|d| single(&name, d))?;
    match read_sheet(&source, standard, schema) {
        Ok(sheet) => {
            let assessment = evaluate(standard, &sheet);
            Ok(SheetReport {
                source: name,
                standard,
                sheet,
                assessment,
            })
        }
        Err(diagnostics) => Err(FileDiagnostics {
            file: name,
            source: Some(source),
            diagnostics,
        }),
    }
}

/// A file's text: UTF-8, with a leading byte-order mark dropped.
fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| cannot_read(&e))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(error) => {
            let valid = &bytes[..error.valid_up_to()];
            // Everything before the bad byte is valid UTF-8, so it can be
            // measured for a line and column.
            let prefix = std::str::from_utf8(valid).unwrap_or_default();
            let position = Position::of_offset(prefix, prefix.len());
            Err(Diagnostic::new(Bilingual::new(
                format!(
                    "文件不是 UTF-8 编码（第 {} 字节起无效）；请另存为 UTF-8",
                    error.valid_up_to()
                ),
                format!(
                    "the file is not UTF-8 (invalid from byte {}); save it as UTF-8",
                    error.valid_up_to()
                ),
            ))
            .at(Some(position)))
        }
    }
}

fn cannot_read(error: &std::io::Error) -> Diagnostic {
    let reason = match error.kind() {
        std::io::ErrorKind::NotFound => Bilingual::new("文件不存在", "no such file"),
        std::io::ErrorKind::PermissionDenied => Bilingual::new("没有读取权限", "permission denied"),
        _ => Bilingual::new(error.to_string(), error.to_string()),
    };
    Diagnostic::new(Bilingual::new(
        format!("无法读取：{}", reason.zh),
        format!("cannot read: {}", reason.en),
    ))
}
