//! What `--output` asks of a run, checked before anything is read or
//! written (an output that is also an input, one named twice, a format
//! that disagrees with `--format`), and the writing of the single-document
//! reports of `diff` and `trend`.

use super::sinks::file_failed;
use super::{Context, write_stdout};
use crate::cli::{Args, ChangeFormat};
use crate::diagnostic::{Bilingual, Diagnostic, FileDiagnostics};
use crate::input::{STDIN_NAME, input_name, is_stdin};
use crate::output::{Input, InputKind, OutputSpec};
use crate::report::{self, Format};
use std::path::PathBuf;

/// What must stop a run before any sheet is read: an output that is also
/// an input or is named twice, a folder as an output, `--format` asking for
/// one format on a screen that an `-o FILE` of another format replaces,
/// standard input named twice, a workbook asked for on a terminal.
pub(super) fn assess_usage_problems(
    args: &Args,
    files: &[PathBuf],
    standard_files: &[PathBuf],
    out_is_terminal: bool,
) -> Vec<FileDiagnostics> {
    let mut problems = Vec::new();
    // `assess templte`: a subcommand mistyped is taken for a file's name.
    // Said as the command it nearly is, before "no such file" is.
    for arg in &args.facts {
        let Some(word) = arg.to_str() else { continue };
        if arg.extension().is_some() || word.contains(['/', '\\']) || arg.exists() {
            continue;
        }
        // Built only for such a name: every other run is spared it.
        let commands = <crate::cli::Cli as clap::CommandFactory>::command();
        let names = commands.get_subcommands().map(|c| c.get_name());
        if let Some(command) = crate::suggest::closest(word, names) {
            problems.push(FileDiagnostics::single(
                input_name(arg),
                Diagnostic::new(Bilingual::new(
                    format!("没有名为 {word} 的文件；是否想用子命令 `assess {command}`？"),
                    format!("no file named {word}; did you mean the command `assess {command}`?"),
                )),
            ));
        }
    }
    // A workbook is binary: on a terminal it is noise that can upset the
    // terminal itself. Redirected to a file or a pipe (`> 汇总.xlsx`), it is
    // written like any other report, as gzip and tar do.
    let on_screen = !args.output.iter().any(|spec| spec.replaces_stdout);
    if on_screen && args.format == Some(Format::Xlsx) && out_is_terminal {
        problems.push(FileDiagnostics::single(
            "--format xlsx",
            Diagnostic::new(Bilingual::new(
                "xlsx 是二进制的 Excel 工作簿，不输出到终端：请写入文件，如 -o 汇总.xlsx 或 -o xlsx=汇总.xlsx，或把标准输出重定向到文件（> 汇总.xlsx）",
                "xlsx is a binary Excel workbook and is not written to a terminal: write it to a file, as in -o summary.xlsx or -o xlsx=summary.xlsx, or redirect standard output to a file (> summary.xlsx)",
            )),
        ));
    }
    if let Some(format) = args.format {
        for spec in &args.output {
            if spec.replaces_stdout && spec.format != format {
                let name = |f: Format| {
                    clap::ValueEnum::to_possible_value(&f)
                        .map_or(String::new(), |v| v.get_name().to_string())
                };
                let (asked, by_extension) = (name(format), name(spec.format));
                let file = input_name(&spec.path);
                problems.push(FileDiagnostics::single(
                    &file,
                    Diagnostic::new(Bilingual::new(
                        format!(
                            "--format {asked} 要求屏幕输出 {asked}，但此文件按扩展名是 {by_extension}，且代替屏幕输出；请写 {asked}={file}，或去掉 --format"
                        ),
                        format!(
                            "--format {asked} asks for {asked} on the screen, but this file, {by_extension} by its extension, takes the screen's place; write {asked}={file}, or drop --format"
                        ),
                    )),
                ));
            }
        }
    }
    let stdin_uses = args.facts.iter().filter(|p| is_stdin(p)).count()
        + usize::from(args.common.standard.as_deref().is_some_and(is_stdin));
    if stdin_uses > 1 {
        problems.push(FileDiagnostics::single(
            STDIN_NAME,
            Diagnostic::new(Bilingual::new(
                "标准输入（-）只能读取一次",
                "standard input (-) can be read only once",
            )),
        ));
    }
    let inputs: Vec<Input> = files
        .iter()
        .map(|path| Input {
            path,
            kind: InputKind::Sheet,
        })
        .chain(standard_files.iter().map(|path| Input {
            path,
            kind: InputKind::Standard,
        }))
        .collect();
    for problem in crate::output::check_outputs(&args.output, &inputs) {
        problems.push(FileDiagnostics::single(
            input_name(&problem.path),
            Diagnostic::new(problem.message),
        ));
    }
    problems
}

/// The `diff` or `trend` report, in the format `render` is given: to
/// stdout unless a bare `-o FILE` takes its place, and to each `-o` file,
/// atomically. False (with a message) if a write failed.
pub(super) fn write_change_reports(
    outputs: &[OutputSpec],
    screen_format: Option<ChangeFormat>,
    render: impl Fn(ChangeFormat, &report::Options) -> String,
    cx: &mut Context,
) -> bool {
    let lang = cx.lang;
    let mut written = true;
    if !outputs.iter().any(|spec| spec.replaces_stdout) {
        let text = render(screen_format.unwrap_or(ChangeFormat::Table), &cx.screen());
        written = write_stdout(cx.out, cx.err, text.as_bytes(), lang);
    }
    let plain = report::Options::plain(lang);
    for spec in outputs {
        // Checked to be one of these before anything was read.
        let Some(format) = change_format(spec.format) else {
            continue;
        };
        if let Err(error) =
            crate::output::write_atomically(&spec.path, render(format, &plain).as_bytes())
        {
            file_failed(cx.err, &spec.path, &error, lang);
            written = false;
        }
    }
    written
}

/// The formats `diff` and `trend` write.
fn change_format(format: Format) -> Option<ChangeFormat> {
    match format {
        Format::Table => Some(ChangeFormat::Table),
        Format::Json => Some(ChangeFormat::Json),
        Format::Markdown => Some(ChangeFormat::Markdown),
        Format::Html => Some(ChangeFormat::Html),
        Format::Jsonl | Format::Csv | Format::Junit | Format::Xlsx => None,
    }
}

/// What stops `diff` or `trend` before a file is written: a format they do
/// not write, `--format` disagreeing with a bare `-o`, an output that is a
/// side, the standard or a file it extends, one named twice, a folder.
pub(super) fn change_output_problems(
    outputs: &[OutputSpec],
    screen_format: Option<ChangeFormat>,
    sides: &[&PathBuf],
    standard_files: &[PathBuf],
) -> Vec<FileDiagnostics> {
    let mut problems = Vec::new();
    for spec in outputs {
        let file = input_name(&spec.path);
        let name = |f: Format| {
            clap::ValueEnum::to_possible_value(&f)
                .map_or(String::new(), |v| v.get_name().to_string())
        };
        let format = name(spec.format);
        match change_format(spec.format) {
            None => problems.push(FileDiagnostics::single(
                &file,
                Diagnostic::new(Bilingual::new(
                    format!("对比与趋势只能写 table、json、markdown 或 html，不能写 {format}"),
                    format!("diff and trend write table, json, markdown or html, not {format}"),
                )),
            )),
            Some(by_extension)
                if spec.replaces_stdout && screen_format.is_some_and(|f| f != by_extension) =>
            {
                let asked = screen_format
                    .and_then(|f| clap::ValueEnum::to_possible_value(&f))
                    .map_or(String::new(), |v| v.get_name().to_string());
                problems.push(FileDiagnostics::single(
                    &file,
                    Diagnostic::new(Bilingual::new(
                        format!("--format {asked} 要求屏幕输出 {asked}，但此文件按扩展名是 {format}，且代替屏幕输出；请写 {asked}={file}，或去掉 --format"),
                        format!("--format {asked} asks for {asked} on the screen, but this file, {format} by its extension, takes the screen's place; write {asked}={file}, or drop --format"),
                    )),
                ));
            }
            Some(_) => {}
        }
    }
    let inputs: Vec<Input> = sides
        .iter()
        .map(|path| Input {
            path,
            kind: InputKind::Side,
        })
        .chain(standard_files.iter().map(|path| Input {
            path,
            kind: InputKind::Standard,
        }))
        .collect();
    for problem in crate::output::check_outputs(outputs, &inputs) {
        problems.push(FileDiagnostics::single(
            input_name(&problem.path),
            Diagnostic::new(problem.message),
        ));
    }
    problems
}
