//! The `assess` binary: parse the arguments, run, map the outcome to the
//! exit code of contract section 6. Everything else is in the library.

use assess::cli::Args;
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    // clap answers usage errors itself, on stderr, with exit code 2.
    let args = Args::parse();
    assess::run::run(&args)
}
