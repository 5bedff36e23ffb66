//! `assess SHEETS…`: load the standard once, find the sheets, read and
//! evaluate them on every core, and deliver each one's piece to every
//! report in input order (or worst first), so a batch of any size runs in
//! flat memory; then the batch's notes and the exit code.

use super::outputs::assess_usage_problems;
use super::sinks::{Sink, Sinks};
use super::{Context, Outcome};
use crate::cli::{Args, SortOrder};
use crate::diagnostic::{Bilingual, FileDiagnostics};
use crate::engine::{SheetReport, assess_file};
use crate::exact::Fraction;
use crate::facts::{Community, Schema};
use crate::input::collect::{Roster, collect};
use crate::report::{self, Format, Piece, Printer, Width};
use crate::standard::load_standard_reading;
use rayon::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;

/// How many sheets are evaluated in parallel before their reports are
/// printed: enough to keep every core busy, few enough to keep memory flat.
const CHUNK: usize = 64;

pub(super) fn run(args: &Args, cx: &mut Context) -> Outcome {
    let lang = cx.lang;
    let limit = cx.common.max_size;
    // Loaded and prepared once for the whole run, however many sheets.
    let mut standard_files = Vec::new();
    let standard =
        match load_standard_reading(cx.common.standard.as_deref(), limit, &mut standard_files) {
            Ok(standard) => standard,
            Err(errors) => {
                cx.problems([errors]);
                return Outcome::Failed;
            }
        };
    let schema = Schema::for_standard(&standard);
    let collected = collect(&args.facts, args.recursive);
    // Before any sheet is read or any file written.
    let problems =
        assess_usage_problems(args, &collected.files, &standard_files, cx.out_is_terminal);
    if !problems.is_empty() {
        cx.problems(problems);
        return Outcome::Failed;
    }
    let batch = args.facts.len() > 1 || args.facts.iter().any(|p| p.is_dir());
    // One day for the whole run, so that every sheet and report agree even
    // across midnight.
    let today = super::today();
    let mut sinks = Vec::new();
    if !args.output.iter().any(|spec| spec.replaces_stdout) {
        let options = report::Options {
            batch,
            detail: args.detail,
            today,
            ..cx.screen()
        };
        sinks.push(Sink::stdout(
            args.format.unwrap_or(Format::Table).printer(options),
        ));
    }
    let file_options = report::Options {
        batch,
        detail: args.detail,
        color: false,
        width: Width::Unlimited,
        today,
        ..report::Options::plain(lang)
    };
    for spec in &args.output {
        sinks.push(Sink::file(
            spec.format.printer(file_options),
            spec.path.clone(),
        ));
    }
    let mut delivery = Delivery {
        sinks: Sinks::new(sinks, lang),
        unreadable: false,
        failing: false,
        roster: Roster::default(),
        notes: collected.notes(lang),
        cut_short: false,
    };
    for problem in &collected.problems {
        delivery.unreadable(problem, cx);
    }

    // Everything about a sheet that needs only the sheet — reading,
    // evaluating, its piece of every report — is done in parallel; the
    // reports themselves are dropped once their pieces are made.
    let printers = delivery.sinks.printers();
    let evaluate = |file: &PathBuf| {
        assess_file(file, &standard, &schema, limit, args.as_of)
            .map(|report| Evaluated::of(&report, &printers, today))
    };
    let files = &collected.files;
    if args.sort == SortOrder::Score {
        // Sorting needs the whole batch before the first line is printed.
        let mut evaluated = Vec::new();
        for result in files.par_iter().map(evaluate).collect::<Vec<_>>() {
            match result {
                Ok(sheet) => evaluated.push(sheet),
                Err(errors) => delivery.unreadable(&errors, cx),
            }
        }
        // Worst first (see `Assessment::worst_first`); input order among
        // equals (a stable sort).
        evaluated.sort_by(|a, b| a.rank.cmp(&b.rank));
        for sheet in evaluated {
            delivery.sheet(sheet, cx);
        }
    } else if files.len() == 1 {
        // One sheet: no thread would have anything to share, and starting
        // the pool costs more than the sheet itself.
        for result in files.iter().map(evaluate) {
            delivery.result(result, cx);
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
                    delivery.result(result, cx);
                    delivered += 1;
                    // Nothing takes the reports any more (`| head` has
                    // what it wanted): evaluating the rest would be waste.
                    // Leaving the loop ends the evaluating thread too.
                    if delivery.sinks.closed() {
                        break 'sheets;
                    }
                }
            }
        });
        delivery.cut_short = delivered < total;
    }
    delivery.finish(cx)
}

/// What delivering needs of one evaluated sheet: its piece of every
/// report, and the little the exit code, warnings and sorting need.
struct Evaluated {
    source: String,
    /// Who and which year, for the batch's roster.
    community: Community,
    year: i32,
    failing: bool,
    unneeded_declarations: Vec<String>,
    /// What the sheet holds that was set aside (line:column, path, message).
    warnings: Vec<crate::diagnostic::Diagnostic>,
    /// The default `as_of` (December 31), when it lies after today.
    as_of_ahead: Option<crate::date::Date>,
    rank: (u8, Fraction),
    pieces: Vec<Piece>,
}

impl Evaluated {
    fn of(
        report: &SheetReport,
        printers: &[Arc<dyn Printer>],
        today: Option<crate::date::Date>,
    ) -> Evaluated {
        let a = &report.assessment;
        Evaluated {
            source: report.source.clone(),
            community: report.sheet.community.clone(),
            year: report.sheet.year,
            failing: a.has_failures(),
            unneeded_declarations: a.unneeded_declarations.clone(),
            warnings: report.sheet.warnings.clone(),
            as_of_ahead: match today {
                Some(today) if !report.sheet.as_of_given && report.sheet.as_of > today => {
                    Some(report.sheet.as_of)
                }
                _ => None,
            },
            rank: a.worst_first(),
            pieces: printers.iter().map(|p| p.piece(report)).collect(),
        }
    }
}

/// The run's reports, and what it has seen so far.
struct Delivery {
    sinks: Sinks,
    unreadable: bool,
    failing: bool,
    /// Who the batch's sheets are, for its collection notes.
    roster: Roster,
    /// Notes on how the inputs were named (files twice, folders skipped).
    notes: Vec<String>,
    /// The batch stopped before every sheet was evaluated.
    cut_short: bool,
}

impl Delivery {
    /// A sheet's report, or why it has none.
    fn result(&mut self, result: Result<Evaluated, FileDiagnostics>, cx: &mut Context) {
        match result {
            Ok(sheet) => self.sheet(sheet, cx),
            Err(errors) => self.unreadable(&errors, cx),
        }
    }

    /// A sheet that could not be read: its problems on stderr now, and in
    /// a batch its entry in every report.
    fn unreadable(&mut self, errors: &FileDiagnostics, cx: &mut Context) {
        self.unreadable = true;
        cx.problems([errors.clone()]);
        let pieces: Vec<Piece> = self
            .sinks
            .printers()
            .iter()
            .filter_map(|printer| printer.unreadable(errors))
            .collect();
        self.sinks.put(pieces, cx.out, cx.err);
    }

    fn sheet(&mut self, sheet: Evaluated, cx: &mut Context) {
        self.failing |= sheet.failing;
        self.roster.add(
            &sheet.community.name,
            sheet.community.district.as_deref(),
            sheet.year,
            &sheet.source,
        );
        if crate::facts::NAME_PLACEHOLDERS.contains(&sheet.community.name.as_str()) {
            cx.warn(&Bilingual::new(
                format!(
                    "{}：community.name 仍是模板的占位文字“{}”，请填写本社区的名称",
                    sheet.source, sheet.community.name
                ),
                format!(
                    "{}: community.name is still the template's placeholder \"{}\"; fill in the community's name",
                    sheet.source, sheet.community.name
                ),
            ));
        }
        // Said on stderr for every format (the table and Markdown say it in
        // the report too): a mid-year check judged as at the year's end
        // reports quarters not yet ended as missing.
        if let Some(as_of) = sheet.as_of_ahead {
            cx.warn(&Bilingual::new(
                format!(
                    "{}：未填写 as_of，按年末 {as_of} 评估，晚于今天；如为年中自查，请填写 as_of 或加 --as-of",
                    sheet.source
                ),
                format!(
                    "{}: no as_of given, assessed as of the year's end ({as_of}), after today; for a mid-year check write as_of or use --as-of",
                    sheet.source
                ),
            ));
        }
        for warning in &sheet.warnings {
            let place = warning
                .position
                .map_or(String::new(), |p| format!(":{}:{}", p.line, p.column));
            let message = warning.message.get(cx.lang).to_string();
            cx.warn(&Bilingual::new(
                format!("{}{place}：{message}", sheet.source),
                format!("{}{place}: {message}", sheet.source),
            ));
        }
        for id in &sheet.unneeded_declarations {
            cx.warn(&Bilingual::new(
                format!(
                    "{}：not_applicable.{id}：按所填事实该项已达标，无需声明不适用",
                    sheet.source
                ),
                format!(
                    "{}: not_applicable.{id}: the facts given pass this criterion; the declaration is not needed",
                    sheet.source
                ),
            ));
        }
        self.sinks.put_sheet(sheet.pieces, cx.out, cx.err);
    }

    fn finish(mut self, cx: &mut Context) -> Outcome {
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
            notes = std::mem::take(&mut self.notes);
            notes.extend(self.roster.notes(cx.lang));
        }
        for note in &notes {
            cx.warn(&Bilingual::new(note.clone(), note.clone()));
        }
        let written = self.sinks.finish(&notes, cx.out, cx.err);
        if self.unreadable || !written || self.cut_short {
            Outcome::Failed
        } else if self.failing {
            Outcome::Gaps
        } else {
            Outcome::Clean
        }
    }
}
