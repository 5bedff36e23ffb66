//! The commands of `assess`, one module each, and what they share: a
//! [`Context`] built once from the common options (language, terminal,
//! where reports and problems go) and the [`Outcome`] the binary turns into
//! its exit code.

mod assess;
mod completions;
mod criteria;
mod diff;
mod help;
mod outputs;
mod schema;
mod sides;
mod sinks;
mod template;
mod test;
mod trend;

pub use help::parse_error;

use crate::cli::{Cli, Command, Common};
use crate::diagnostic::{Bilingual, FileDiagnostics};
use crate::lang::Lang;
use crate::lang::tr;
use crate::report::{self, Width, style};
use crate::standard::{Standard, load_standard};
use std::io::Write;

/// How a run ended, which the exit code says: 0 every criterion passes or
/// does not apply, 1 some criterion is `gap` or `missing`, 2 the tool could
/// not evaluate (usage error, unreadable or invalid file, failed write).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    Clean,
    Gaps,
    Failed,
}

impl Outcome {
    pub fn code(self) -> u8 {
        match self {
            Outcome::Clean => 0,
            Outcome::Gaps => 1,
            Outcome::Failed => 2,
        }
    }

    /// `Failed` unless `done`: for commands whose only failure is a write.
    fn unless(done: bool) -> Outcome {
        if done {
            Outcome::Clean
        } else {
            Outcome::Failed
        }
    }
}

/// Runs what `cli` asks for, writing reports to `out` and problems to
/// `err`. `out_is_terminal` lets colour and width follow the terminal; the
/// binary passes stdout and stderr, tests pass buffers.
pub fn run(cli: &Cli, out: &mut dyn Write, err: &mut dyn Write, out_is_terminal: bool) -> Outcome {
    match &cli.command {
        None => assess::run(
            &cli.args,
            &mut Context::new(&cli.args.common, out, err, out_is_terminal),
        ),
        Some(Command::Diff(args)) => diff::run(
            args,
            &mut Context::new(&args.common, out, err, out_is_terminal),
        ),
        Some(Command::Trend(args)) => trend::run(
            args,
            &mut Context::new(&args.common, out, err, out_is_terminal),
        ),
        Some(Command::Template(args)) => template::run(
            args,
            &mut Context::new(&args.common, out, err, out_is_terminal),
        ),
        Some(Command::Schema(args)) => schema::run(
            args,
            &mut Context::new(&args.common, out, err, out_is_terminal),
        ),
        Some(Command::Criteria(args)) => criteria::run(
            args,
            &mut Context::new(&args.common, out, err, out_is_terminal),
        ),
        Some(Command::Test(args)) => test::run(args, out, err),
        Some(Command::Completions(args)) => completions::run(args, out, err),
    }
}

/// What every command needs from the common options, made once.
pub(crate) struct Context<'c, 'w> {
    pub(crate) lang: Lang,
    pub(crate) common: &'c Common,
    pub(crate) out: &'w mut dyn Write,
    pub(crate) err: &'w mut dyn Write,
    pub(crate) out_is_terminal: bool,
}

impl<'c, 'w> Context<'c, 'w> {
    fn new(
        common: &'c Common,
        out: &'w mut dyn Write,
        err: &'w mut dyn Write,
        out_is_terminal: bool,
    ) -> Context<'c, 'w> {
        Context {
            lang: common.lang.unwrap_or_else(Lang::from_env),
            common,
            out,
            err,
            out_is_terminal,
        }
    }

    /// How to print to stdout: colour by `--color`, the terminal and
    /// `NO_COLOR`; width by `--width`, else the terminal's, else unlimited
    /// (files and pipes get the same bytes every time).
    fn screen(&self) -> report::Options {
        let no_color = std::env::var("NO_COLOR").ok();
        report::Options {
            color: style::use_color(self.common.color, self.out_is_terminal, no_color.as_deref()),
            width: match (self.common.width, self.out_is_terminal) {
                (Some(columns), _) => Width::Fixed(columns),
                (None, true) => Width::Terminal,
                (None, false) => Width::Unlimited,
            },
            ..report::Options::plain(self.lang)
        }
    }

    /// Writes a whole report to stdout; false (with a message) if that
    /// failed. A closed pipe (`assess … | head`) is the reader's choice.
    fn stdout(&mut self, bytes: &[u8]) -> bool {
        write_stdout(self.out, self.err, bytes, self.lang)
    }

    /// Every problem of `files`, on stderr.
    fn problems(&mut self, files: impl IntoIterator<Item = FileDiagnostics>) {
        for file in files {
            let _ = self.err.write_all(file.render(self.lang).as_bytes());
        }
    }

    /// A warning on stderr, in the user's language.
    fn warn(&mut self, message: &Bilingual) {
        warn(self.err, message, self.lang);
    }

    /// The standard of `--standard` (or the default); its problems on stderr.
    fn standard(&mut self) -> Option<Standard> {
        match load_standard(self.common.standard.as_deref(), self.common.max_size) {
            Ok(standard) => Some(standard),
            Err(errors) => {
                self.problems([errors]);
                None
            }
        }
    }
}

/// Writes `bytes` to `out` and flushes; false (with a message on `err`)
/// if that failed. A closed pipe is not a failure.
fn write_stdout(out: &mut dyn Write, err: &mut dyn Write, bytes: &[u8], lang: Lang) -> bool {
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => true,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => true,
        Err(error) => {
            let what = tr!(lang, "无法写出报告", "cannot write the report");
            let reason = crate::diagnostic::io_reason(&error);
            let _ = writeln!(err, "{what}{}{}", tr!(lang, "：", ": "), reason.get(lang));
            false
        }
    }
}

/// `警告：…` / `warning: …` on `err`.
fn warn(err: &mut dyn Write, message: &Bilingual, lang: Lang) {
    let label = tr!(lang, "警告：", "warning: ");
    let _ = writeln!(err, "{label}{}", message.get(lang));
}

/// Today, in UTC, from the system clock: the one place the tool reads it.
/// A fresh template is for this year's sheet, and a report says when a
/// sheet's default `as_of` (December 31) lies ahead; neither changes a
/// result.
pub(crate) fn today() -> Option<crate::date::Date> {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    crate::date::Date::from_day_number(i64::try_from(seconds / 86_400).ok()?)
}
