//! One run of `assess`: load the standard, find the fact sheets, read and
//! evaluate each, print the reports and choose the exit code.
//!
//! Input problems are reported per file on stderr; in a batch the sheets
//! that could be read are still reported (contract section 7), and the run
//! exits 2 if any could not.

use crate::authoring;
use crate::cli::{
    Args, ChangeFormat, Common, CompletionsArgs, CriteriaArgs, DiffArgs, ListFormat, SchemaArgs,
    SortOrder, TemplateArgs, TrendArgs,
};
use crate::diagnostic::{Bilingual, Diagnostic, FileDiagnostics};
use crate::engine::assess_file;
use crate::facts::Schema;
use crate::history::{self, Snapshot, compare, trend};
use crate::input::collect::{STDIN_NAME, input_name, is_stdin};
use crate::lang::Lang;
use crate::output::{Input, InputKind, OutputFile, OutputSpec};
use crate::report::stream::{Layout, Piece, Printer};
use crate::report::{self, Format, SheetReport, Width, changes, style};
use crate::standard::{Standard, load_standard, load_standard_reading};
use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Exit codes of contract section 6.
pub const EXIT_OK: u8 = 0;
pub const EXIT_GAPS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

/// Runs `assess` with `args`, writing reports to `out` (and the files
/// `--output` names) and problems to `err`; returns the exit code.
/// `out_is_terminal` lets colour and width follow the terminal; the binary
/// passes stdout and stderr, tests pass buffers.
pub fn run(args: &Args, out: &mut dyn Write, err: &mut dyn Write, out_is_terminal: bool) -> u8 {
    let lang = args.common.lang.unwrap_or_else(Lang::from_env);
    let limit = args.common.max_size;
    // Loaded and prepared once for the whole run, however many sheets.
    let mut read = Vec::new();
    let standard = match load_standard_reading(args.common.standard.as_deref(), limit, &mut read) {
        Ok(standard) => standard,
        Err(errors) => {
            let _ = err.write_all(errors.render(lang).as_bytes());
            return EXIT_ERROR;
        }
    };
    let schema = Schema::for_standard(&standard);
    let collected = crate::input::collect::collect(&args.facts, args.recursive);
    let files = collected.files.clone();
    // Before any sheet is read or any file written.
    let problems = usage_problems(args, &files, &read);
    if !problems.is_empty() {
        for problem in problems {
            let _ = err.write_all(problem.render(lang).as_bytes());
        }
        return EXIT_ERROR;
    }
    let batch = args.facts.len() > 1 || args.facts.iter().any(|p| p.is_dir());

    let files_options = report::Options {
        lang,
        batch,
        detail: args.detail,
        color: false,
        width: Width::Unlimited,
    };
    let to_stdout = !args.output.iter().any(|spec| spec.replaces_stdout);
    let mut delivery = Delivery {
        lang,
        screen_piece: to_stdout,
        screen: to_stdout.then(|| {
            let options = report::Options {
                batch,
                detail: args.detail,
                ..screen(&args.common, lang, out_is_terminal)
            };
            Printer::new(Layout::new(args.format.unwrap_or(Format::Table), options))
        }),
        files: args
            .output
            .iter()
            .map(|spec| ReportFile {
                path: spec.path.clone(),
                printer: Printer::new(Layout::new(spec.format, files_options)),
                file: None,
                failed: false,
            })
            .collect(),
        out,
        err,
        unreadable: false,
        failing: false,
        write_failed: false,
        roster: crate::input::collect::Roster::default(),
        collection_notes: collected.notes(lang),
        cut_short: false,
    };
    for problem in &collected.problems {
        delivery.unreadable(problem);
    }

    // Everything about a sheet that needs only the sheet — reading,
    // evaluating, its text in every layout asked for — is done in
    // parallel; the reports themselves are dropped once their text is made.
    let layouts = delivery.layouts();
    let evaluate = |file: &PathBuf| {
        assess_file(file, &standard, &schema, limit).map(|report| Evaluated::of(&report, &layouts))
    };
    if args.sort == SortOrder::Score {
        // Sorting needs the whole batch before the first line is printed.
        let mut evaluated = Vec::new();
        for result in files.par_iter().map(evaluate).collect::<Vec<_>>() {
            match result {
                Ok(sheet) => evaluated.push(sheet),
                Err(errors) => delivery.unreadable(&errors),
            }
        }
        // Worst first (see `Assessment::worst_first`); input order among
        // equals (a stable sort).
        evaluated.sort_by(|a, b| a.rank.cmp(&b.rank));
        for sheet in evaluated {
            delivery.sheet(sheet);
        }
    } else if files.len() == 1 {
        // One sheet: no thread would have anything to share, and starting
        // the pool costs more than the sheet itself.
        for result in files.iter().map(evaluate) {
            delivery.result(result);
        }
    } else {
        // A chunk at a time, printed in input order, so memory holds a few
        // chunks however large the batch. The next chunk is evaluated while
        // this one is written, so the cores never wait for the writing.
        let total = files.len();
        let mut delivered = 0;
        std::thread::scope(|scope| {
            let (chunks, evaluated) = std::sync::mpsc::sync_channel::<Vec<_>>(1);
            scope.spawn(move || {
                for chunk in files.chunks(CHUNK) {
                    let results = chunk.par_iter().map(evaluate).collect();
                    // The writer only stops reading when the run is over.
                    if chunks.send(results).is_err() {
                        break;
                    }
                }
            });
            'sheets: for results in evaluated {
                for result in results {
                    delivery.result(result);
                    delivered += 1;
                    // Nothing takes the reports any more (`| head` has
                    // what it wanted): evaluating the rest would be waste.
                    // Leaving the loop ends the evaluating thread too.
                    if delivery.closed() {
                        break 'sheets;
                    }
                }
            }
        });
        delivery.cut_short = delivered < total;
    }
    delivery.finish()
}

/// How many sheets are evaluated in parallel before their reports are
/// printed: enough to keep every core busy, few enough to keep memory flat.
const CHUNK: usize = 64;

/// What printing needs of one evaluated sheet: its text in every layout,
/// and the little the exit code, warnings and sorting need.
struct Evaluated {
    source: String,
    /// Who and which year, for the batch's roster.
    community: crate::facts::Community,
    year: i32,
    failing: bool,
    unneeded_declarations: Vec<String>,
    rank: (u8, crate::exact::Fraction),
    pieces: Vec<Piece>,
}

impl Evaluated {
    fn of(report: &SheetReport, layouts: &[Layout]) -> Evaluated {
        let a = &report.assessment;
        Evaluated {
            source: report.source.clone(),
            community: report.sheet.community.clone(),
            year: report.sheet.year,
            failing: a.has_failures(),
            unneeded_declarations: a.unneeded_declarations.clone(),
            rank: a.worst_first(),
            pieces: layouts.iter().map(|layout| layout.piece(report)).collect(),
        }
    }
}

/// A report file being written as the sheets arrive; created only when the
/// first sheet does, so a run that reads no sheet leaves the file alone.
struct ReportFile {
    path: PathBuf,
    printer: Printer,
    file: Option<OutputFile>,
    failed: bool,
}

/// Where each evaluated sheet goes: stdout and the `--output` files.
struct Delivery<'w> {
    lang: Lang,
    screen: Option<Printer>,
    /// Whether each sheet's first piece is stdout's.
    screen_piece: bool,
    files: Vec<ReportFile>,
    out: &'w mut dyn Write,
    err: &'w mut dyn Write,
    unreadable: bool,
    failing: bool,
    write_failed: bool,
    /// Who the batch's sheets are, for its collection warnings.
    roster: crate::input::collect::Roster,
    /// How the inputs were named: files given twice, folders not entered.
    collection_notes: Vec<String>,
    /// The batch stopped before every sheet was evaluated.
    cut_short: bool,
}

impl Delivery<'_> {
    /// The layouts of stdout (first, if it takes a report) and the files.
    fn layouts(&self) -> Vec<Layout> {
        self.screen
            .iter()
            .map(Printer::layout)
            .chain(self.files.iter().map(|f| f.printer.layout()))
            .copied()
            .collect()
    }

    /// A sheet's report, or why it has none.
    fn result(&mut self, result: Result<Evaluated, FileDiagnostics>) {
        match result {
            Ok(sheet) => self.sheet(sheet),
            Err(errors) => self.unreadable(&errors),
        }
    }

    /// A sheet that could not be read: its problems on stderr now, and in
    /// a batch its entry in every report.
    fn unreadable(&mut self, errors: &FileDiagnostics) {
        self.unreadable = true;
        let _ = self.err.write_all(errors.render(self.lang).as_bytes());
        let pieces: Vec<Piece> = self
            .layouts()
            .iter()
            .filter_map(|layout| layout.unreadable(errors))
            .collect();
        self.deliver(pieces);
    }

    fn sheet(&mut self, sheet: Evaluated) {
        let lang = self.lang;
        self.failing |= sheet.failing;
        self.roster.add(
            &sheet.community.name,
            sheet.community.district.as_deref(),
            sheet.year,
            &sheet.source,
        );
        for id in &sheet.unneeded_declarations {
            let text = match lang {
                Lang::Zh => format!(
                    "警告：{}：not_applicable.{id}：按所填事实该项已达标，无需声明不适用",
                    sheet.source
                ),
                Lang::En => format!(
                    "warning: {}: not_applicable.{id}: the facts given pass this criterion; the declaration is not needed",
                    sheet.source
                ),
            };
            let _ = writeln!(self.err, "{text}");
        }
        self.deliver(sheet.pieces);
    }

    /// One input's pieces, stdout's first (if it takes a report), then
    /// each file's in order.
    fn deliver(&mut self, pieces: Vec<Piece>) {
        let lang = self.lang;
        if pieces.is_empty() {
            return;
        }
        let mut pieces = pieces.into_iter();
        // The first piece is stdout's, if it took a report at the start
        // (it may have stopped since: a closed pipe).
        if self.screen_piece {
            let piece = pieces.next();
            if let (Some(printer), Some(piece)) = (&mut self.screen, piece) {
                if let Err(error) = printer.put(piece, self.out) {
                    self.stdout_failed(&error);
                }
            }
        }
        for (target, piece) in self.files.iter_mut().zip(pieces) {
            if target.failed {
                continue;
            }
            let written = match &mut target.file {
                Some(file) => target.printer.put(piece, file),
                None => OutputFile::create(&target.path).and_then(|file| {
                    let file = target.file.insert(file);
                    target.printer.put(piece, file)
                }),
            };
            if let Err(error) = written {
                target.failed = true;
                file_failed(self.err, &target.path, &error, lang);
                self.write_failed = true;
            }
        }
    }

    /// Whether nothing takes reports any more: stdout closed (or never
    /// used) and every file failed.
    fn closed(&self) -> bool {
        self.screen.is_none() && self.files.iter().all(|f| f.failed)
    }

    /// Stdout stops taking output: a closed pipe (`assess … | head`) is the
    /// reader's choice; anything else is an error worth a message.
    fn stdout_failed(&mut self, error: &std::io::Error) {
        self.screen = None;
        if error.kind() != std::io::ErrorKind::BrokenPipe {
            let what = self.lang.pick("无法写出报告", "cannot write the report");
            let _ = writeln!(self.err, "{what}: {error}");
            self.write_failed = true;
        }
    }

    fn finish(mut self) -> u8 {
        // A test of what a panic leaves behind, with report files half
        // written (tests/files.rs); debug builds only.
        #[cfg(debug_assertions)]
        if std::env::var_os("__ASSESS_TEST_PANIC_BEFORE_COMMIT").is_some() {
            panic!("a panic asked for by __ASSESS_TEST_PANIC_BEFORE_COMMIT");
        }
        // A batch cut short by a closed pipe ends quietly: its notes would
        // speak of sheets never read.
        let mut notes = Vec::new();
        if !self.cut_short {
            notes = std::mem::take(&mut self.collection_notes);
            notes.extend(self.roster.notes(self.lang));
        }
        let label = self.lang.pick("警告", "warning");
        for note in &notes {
            let _ = writeln!(self.err, "{label}{}{note}", self.lang.pick("：", ": "));
        }
        if let Some(printer) = self.screen.take() {
            if let Err(error) = printer.finish(self.out, &notes) {
                self.stdout_failed(&error);
            }
        }
        for target in std::mem::take(&mut self.files) {
            let ReportFile {
                path,
                printer,
                file,
                failed,
            } = target;
            let (false, Some(mut file)) = (failed, file) else {
                continue;
            };
            if let Err(error) = printer
                .finish(&mut file, &notes)
                .and_then(|()| file.commit())
            {
                file_failed(self.err, &path, &error, self.lang);
                self.write_failed = true;
            }
        }
        // Cut short by a closed stdout: quietly, but not as a verdict on
        // sheets never evaluated.
        if self.unreadable || self.write_failed || self.cut_short {
            EXIT_ERROR
        } else if self.failing {
            EXIT_GAPS
        } else {
            EXIT_OK
        }
    }
}

fn file_failed(err: &mut dyn Write, path: &Path, error: &std::io::Error, lang: Lang) {
    let what = lang.pick("无法写入报告文件", "cannot write the report file");
    let _ = writeln!(err, "{}: {what}: {error}", input_name(path));
}

/// What must stop a run before any sheet is read: an output that is also
/// an input or is named twice, a folder as an output, `--format` asking for
/// one format on a screen that an `-o FILE` of another format replaces,
/// standard input named twice.
fn usage_problems(
    args: &Args,
    files: &[PathBuf],
    standard_files: &[PathBuf],
) -> Vec<FileDiagnostics> {
    let mut problems = Vec::new();
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
            &input_name(&problem.path),
            Diagnostic::new(problem.message),
        ));
    }
    problems
}

/// `assess diff OLD NEW`.
pub fn run_diff(
    args: &DiffArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
    out_is_terminal: bool,
) -> u8 {
    let lang = args.common.lang.unwrap_or_else(Lang::from_env);
    let paths = [&args.old, &args.new];
    let Some(sides) = load_sides(&args.common, &paths, &args.output, args.format, err, lang) else {
        return EXIT_ERROR;
    };
    let (old, new) = (&sides[0], &sides[1]);
    if !args.force {
        if let Err(diagnostic) = history::same_community(old, new) {
            let mut file = FileDiagnostics::new(&new.file, None);
            file.diagnostics.push(diagnostic);
            let _ = err.write_all(file.render(lang).as_bytes());
            return EXIT_ERROR;
        }
    }
    let same_file = match (args.old.canonicalize(), args.new.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same_file {
        let text = match lang {
            Lang::Zh => format!(
                "警告：OLD 与 NEW 是同一个文件（{}）：对比结果必然没有变化",
                old.file
            ),
            Lang::En => format!(
                "warning: OLD and NEW are the same file ({}): the comparison cannot show a change",
                old.file
            ),
        };
        let _ = writeln!(err, "{text}");
    }
    if compare::out_of_order(old, new) {
        let warning = lang.pick("警告", "warning");
        let text = match lang {
            Lang::Zh => format!(
                "{warning}：OLD（{}，{}）晚于 NEW（{}，{}）；参数是否写反了？",
                old.file, old.community.as_of, new.file, new.community.as_of
            ),
            Lang::En => format!(
                "{warning}: OLD ({}, {}) is later than NEW ({}, {}); are the arguments swapped?",
                old.file, old.community.as_of, new.file, new.community.as_of
            ),
        };
        let _ = writeln!(err, "{text}");
    }
    let comparison = compare::compare(old, new);
    let options = screen(&args.common, lang, out_is_terminal);
    let text = |format: ChangeFormat, options: &report::Options| match format {
        ChangeFormat::Table => changes::table(&comparison, options, args.all),
        ChangeFormat::Markdown => changes::markdown(&comparison, lang, args.all),
        ChangeFormat::Json => changes::json(&comparison, lang),
    };
    if !write_change_reports(&args.output, args.format, &options, text, out, err, lang) {
        return EXIT_ERROR;
    }
    if args.fail_on_regression && comparison.regressed() {
        EXIT_GAPS
    } else {
        EXIT_OK
    }
}

/// `assess trend SHEET...`.
pub fn run_trend(
    args: &TrendArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
    out_is_terminal: bool,
) -> u8 {
    let lang = args.common.lang.unwrap_or_else(Lang::from_env);
    let paths: Vec<&PathBuf> = args.sheets.iter().collect();
    let Some(sides) = load_sides(&args.common, &paths, &args.output, args.format, err, lang) else {
        return EXIT_ERROR;
    };
    if !args.force {
        let first = &sides[0];
        if let Some(Err(diagnostic)) = sides[1..]
            .iter()
            .map(|s| history::same_community(first, s))
            .find(Result::is_err)
        {
            let mut file = FileDiagnostics::new(&first.file, None);
            file.diagnostics.push(diagnostic);
            let _ = err.write_all(file.render(lang).as_bytes());
            return EXIT_ERROR;
        }
    }
    let trend = trend::trend(&sides);
    for pair in trend.years.windows(2) {
        if pair[0].community.year == pair[1].community.year {
            let text = match lang {
                Lang::Zh => format!(
                    "警告：{} 和 {} 是同一年度（{}）",
                    pair[0].file, pair[1].file, pair[1].community.year
                ),
                Lang::En => format!(
                    "warning: {} and {} are the same year ({})",
                    pair[0].file, pair[1].file, pair[1].community.year
                ),
            };
            let _ = writeln!(err, "{text}");
        }
    }
    let options = screen(&args.common, lang, out_is_terminal);
    let text = |format: ChangeFormat, options: &report::Options| match format {
        ChangeFormat::Table => report::trend::table(&trend, options),
        ChangeFormat::Markdown => report::trend::markdown(&trend, lang),
        ChangeFormat::Json => report::trend::json(&trend),
    };
    if write_change_reports(&args.output, args.format, &options, text, out, err, lang) {
        EXIT_OK
    } else {
        EXIT_ERROR
    }
}

/// The `diff` or `trend` report, in the format `render` is given: to
/// stdout unless a bare `-o FILE` takes its place, and to each `-o` file,
/// atomically. False (with a message) if a write failed.
fn write_change_reports(
    outputs: &[OutputSpec],
    screen_format: Option<ChangeFormat>,
    screen: &report::Options,
    render: impl Fn(ChangeFormat, &report::Options) -> String,
    out: &mut dyn Write,
    err: &mut dyn Write,
    lang: Lang,
) -> bool {
    let mut written = true;
    if !outputs.iter().any(|spec| spec.replaces_stdout) {
        let text = render(screen_format.unwrap_or(ChangeFormat::Table), screen);
        written = write_stdout(out, err, &text, lang);
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
            file_failed(err, &spec.path, &error, lang);
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
        Format::Jsonl | Format::Csv | Format::Junit => None,
    }
}

/// What stops `diff` or `trend` before a file is written: a format they do
/// not write, `--format` disagreeing with a bare `-o`, an output that is a
/// side, the standard or a file it extends, one named twice, a folder.
fn change_output_problems(
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
                    format!("对比与趋势只能写 table、json 或 markdown，不能写 {format}"),
                    format!("diff and trend write table, json or markdown, not {format}"),
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
            &input_name(&problem.path),
            Diagnostic::new(problem.message),
        ));
    }
    problems
}

/// `assess template`: the skeleton of a sheet for the standard.
pub fn run_template(args: &TemplateArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let lang = args.common.lang.unwrap_or_else(Lang::from_env);
    let Some(standard) = standard_or_report(&args.common, err, lang) else {
        return EXIT_ERROR;
    };
    let schema = Schema::for_standard(&standard);
    // The one place the tool reads the clock: a fresh template is for this
    // year's sheet. `--year` pins it (tests, archives).
    let year = args.year.unwrap_or_else(current_year);
    let text = authoring::template::render(&standard, &schema, lang, year);
    if write_stdout(out, err, &text, lang) {
        EXIT_OK
    } else {
        EXIT_ERROR
    }
}

/// `assess schema`: the fact sheet's JSON Schema.
pub fn run_schema(args: &SchemaArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let lang = args.common.lang.unwrap_or_else(Lang::from_env);
    let Some(standard) = standard_or_report(&args.common, err, lang) else {
        return EXIT_ERROR;
    };
    let schema = Schema::for_standard(&standard);
    let text = authoring::schema::render(&standard, &schema, lang);
    if write_stdout(out, err, &text, lang) {
        EXIT_OK
    } else {
        EXIT_ERROR
    }
}

/// `assess criteria`: the standard as a list.
pub fn run_criteria(
    args: &CriteriaArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
    out_is_terminal: bool,
) -> u8 {
    let lang = args.common.lang.unwrap_or_else(Lang::from_env);
    let Some(standard) = standard_or_report(&args.common, err, lang) else {
        return EXIT_ERROR;
    };
    let text = match args.format {
        ListFormat::Table => {
            authoring::criteria::table(&standard, &screen(&args.common, lang, out_is_terminal))
        }
        ListFormat::Markdown => authoring::criteria::markdown(&standard, lang),
    };
    if write_stdout(out, err, &text, lang) {
        EXIT_OK
    } else {
        EXIT_ERROR
    }
}

/// `assess completions SHELL`.
pub fn run_completions(args: &CompletionsArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    use clap::CommandFactory;
    let mut command = crate::cli::Cli::command();
    // Made in memory and written once, so that a failed write (a full
    // disk) is seen and reported rather than lost in a buffer.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "assess", &mut script);
    let text = String::from_utf8_lossy(&script);
    if write_stdout(out, err, &text, Lang::from_env()) {
        EXIT_OK
    } else {
        EXIT_ERROR
    }
}

/// What `--help` and `--version` print, and clap's usage errors: help and
/// version go to stdout, written and flushed here so that a failed write
/// (stdout on a full disk) ends with a message and exit code 2 rather than
/// passing silently; usage errors go to stderr with clap's exit code.
pub fn parse_error(
    error: &clap::Error,
    out: &mut dyn Write,
    err: &mut dyn Write,
    out_is_terminal: bool,
) -> u8 {
    use clap::error::ErrorKind;
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let rendered = error.render();
            let text = if out_is_terminal {
                rendered.ansi().to_string()
            } else {
                rendered.to_string()
            };
            if write_stdout(out, err, &text, Lang::from_env()) {
                EXIT_OK
            } else {
                EXIT_ERROR
            }
        }
        _ => {
            let _ = error.print();
            u8::try_from(error.exit_code()).unwrap_or(EXIT_ERROR)
        }
    }
}

/// The standard of `--standard` (or the default); its problems go to `err`.
fn standard_or_report(common: &Common, err: &mut dyn Write, lang: Lang) -> Option<Standard> {
    match load_standard(common.standard.as_deref(), common.max_size) {
        Ok(standard) => Some(standard),
        Err(errors) => {
            let _ = err.write_all(errors.render(lang).as_bytes());
            None
        }
    }
}

/// This year, in UTC, from the system clock.
fn current_year() -> i32 {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = i64::try_from(seconds / 86_400).unwrap_or(0);
    crate::date::Date::from_day_number(days).map_or(2024, crate::date::Date::year)
}

/// Loads the standard and every side, after checking the `-o` files
/// against them; on any problem reports them all and gives `None`.
fn load_sides(
    common: &Common,
    paths: &[&PathBuf],
    outputs: &[OutputSpec],
    screen_format: Option<ChangeFormat>,
    err: &mut dyn Write,
    lang: Lang,
) -> Option<Vec<Snapshot>> {
    let mut standard_files = Vec::new();
    let standard = match load_standard_reading(
        common.standard.as_deref(),
        common.max_size,
        &mut standard_files,
    ) {
        Ok(standard) => standard,
        Err(errors) => {
            let _ = err.write_all(errors.render(lang).as_bytes());
            return None;
        }
    };
    // Before any side is read.
    let problems = change_output_problems(outputs, screen_format, paths, &standard_files);
    if !problems.is_empty() {
        for problem in problems {
            let _ = err.write_all(problem.render(lang).as_bytes());
        }
        return None;
    }
    let schema = Schema::for_standard(&standard);
    let mut sides = Vec::new();
    let mut failed = false;
    for path in paths {
        match history::load(path, &standard, &schema, common.max_size, lang) {
            Ok(snapshot) => sides.push(snapshot),
            Err(errors) => {
                let _ = err.write_all(errors.render(lang).as_bytes());
                failed = true;
            }
        }
    }
    (!failed).then_some(sides)
}

/// How to print to stdout: colour by `--color`, the terminal and
/// `NO_COLOR`; width by `--width`, else the terminal's, else unlimited (files
/// and pipes get the same bytes every time).
pub fn screen(common: &Common, lang: Lang, out_is_terminal: bool) -> report::Options {
    let no_color = std::env::var("NO_COLOR").ok();
    report::Options {
        color: style::use_color(common.color, out_is_terminal, no_color.as_deref()),
        width: match (common.width, out_is_terminal) {
            (Some(columns), _) => Width::Fixed(columns),
            (None, true) => Width::Terminal,
            (None, false) => Width::Unlimited,
        },
        ..report::Options::plain(lang)
    }
}

/// Writes a report to stdout; false (with a message) if that failed. A
/// closed pipe (`assess … | head`) is the reader's choice, not an error.
pub fn write_stdout(out: &mut dyn Write, err: &mut dyn Write, text: &str, lang: Lang) -> bool {
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => true,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => true,
        Err(error) => {
            let what = lang.pick("无法写出报告", "cannot write the report");
            let _ = writeln!(err, "{what}: {error}");
            false
        }
    }
}
