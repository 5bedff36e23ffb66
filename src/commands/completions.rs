//! `assess completions SHELL`: a completion script for the shell.

use super::{Outcome, write_stdout};
use crate::cli::CompletionsArgs;
use crate::lang::Lang;
use std::io::Write;

pub(super) fn run(args: &CompletionsArgs, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    use clap::CommandFactory;
    let mut command = crate::cli::Cli::command();
    // Made in memory and written once, so that a failed write (a full
    // disk) is seen and reported rather than lost in a buffer.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "assess", &mut script);
    Outcome::unless(write_stdout(out, err, &script, Lang::from_env()))
}
