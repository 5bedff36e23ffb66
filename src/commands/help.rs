//! What clap answers instead of a command: `--help`, `--version` and usage
//! errors.

use super::{Outcome, write_stdout};
use crate::lang::Lang;
use std::io::Write;

/// Help and version go to stdout, written and flushed here so that a
/// failed write (stdout on a full disk) ends with a message and exit code 2
/// rather than passing silently; usage errors go to stderr with clap's
/// exit code (2).
pub fn parse_error(
    error: &clap::Error,
    out: &mut dyn Write,
    err: &mut dyn Write,
    out_is_terminal: bool,
) -> Outcome {
    use clap::error::ErrorKind;
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let rendered = error.render();
            let text = if out_is_terminal {
                rendered.ansi().to_string()
            } else {
                rendered.to_string()
            };
            Outcome::unless(write_stdout(out, err, text.as_bytes(), Lang::from_env()))
        }
        _ => {
            let _ = error.print();
            Outcome::Failed
        }
    }
}
