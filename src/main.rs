//! The `assess` binary: parse the arguments, run the command, exit with
//! the code of contract section 6. Everything else is in the library.

use assess::cli::{Cli, Command};
use assess::run::{
    EXIT_ERROR, run, run_completions, run_criteria, run_diff, run_schema, run_template, run_trend,
};
use clap::Parser;
use std::io::IsTerminal;
use std::process::ExitCode;

fn main() -> ExitCode {
    // A panic is a bug in assess, never a verdict: say so and exit 2
    // ("could not evaluate") rather than with Rust's 101. Reports are
    // written only after every sheet is evaluated, so none is half-written.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("assess: internal error (a bug; please report it with the input): {info}");
        std::process::exit(i32::from(EXIT_ERROR));
    }));
    // clap answers usage errors itself, on stderr, with exit code 2.
    let cli = Cli::parse();
    let stdout = std::io::stdout();
    let is_terminal = stdout.is_terminal();
    // Reports are written in large pieces, not line by line: a batch's JSON
    // runs to hundreds of megabytes. `run` flushes when it is done.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let (out, err) = (&mut out, &mut std::io::stderr().lock());
    let code = match &cli.command {
        None => run(&cli.args, out, err, is_terminal),
        Some(Command::Diff(args)) => run_diff(args, out, err, is_terminal),
        Some(Command::Trend(args)) => run_trend(args, out, err, is_terminal),
        Some(Command::Template(args)) => run_template(args, out, err),
        Some(Command::Schema(args)) => run_schema(args, out, err),
        Some(Command::Criteria(args)) => run_criteria(args, out, err, is_terminal),
        Some(Command::Completions(args)) => run_completions(args, out),
    };
    ExitCode::from(code)
}
