//! The `assess` binary: parse the arguments, run the command, exit with
//! the code of docs/reference.md (0 ready, 1 gaps, 2 could not evaluate).
//! Everything else is in the library.

use assess::cli::{Cli, common_options_after_subcommand};
use assess::commands::{Outcome, parse_error, run};
use clap::Parser;
use std::io::IsTerminal;
use std::process::ExitCode;

fn main() -> ExitCode {
    // A panic is a bug in assess, never a verdict: say so (once, though a
    // worker's panic is raised again on the main thread) and exit 2
    // ("could not evaluate") rather than with Rust's 101. The panic then
    // unwinds to `catch_unwind` below, so every report file's `Drop` runs:
    // its temporary file is removed and the old report stays as it was.
    std::panic::set_hook(Box::new(|info| {
        use std::sync::atomic::{AtomicBool, Ordering};
        static SAID: AtomicBool = AtomicBool::new(false);
        if !SAID.swap(true, Ordering::Relaxed) {
            eprintln!("assess: internal error (a bug; please report it with the input): {info}");
        }
    }));
    let stdout = std::io::stdout();
    let is_terminal = stdout.is_terminal();
    // Reports are written in large pieces, not line by line: a batch's JSON
    // runs to hundreds of megabytes. `run` flushes when it is done.
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let (out, err) = (&mut buffered, &mut std::io::stderr().lock());
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        // Help and version are written here, not by clap, so that a failed
        // write is an error (see `parse_error`).
        let args = common_options_after_subcommand(std::env::args_os().collect());
        let cli = match Cli::try_parse_from(args) {
            Ok(cli) => cli,
            Err(error) => return parse_error(&error, out, err, is_terminal),
        };
        run(&cli, out, err, is_terminal)
    }));
    let Ok(outcome) = outcome else {
        // What a panicked run left in the buffer is part of a report:
        // dropped unwritten, never printed as if whole.
        let _ = buffered.into_parts();
        return ExitCode::from(Outcome::Failed.code());
    };
    ExitCode::from(outcome.code())
}
