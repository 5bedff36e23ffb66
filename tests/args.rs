//! Catches clap definition mistakes (conflicting names, bad defaults) at
//! test time instead of at a user's first run.

use assess::cli::{Args, Cli};
use clap::CommandFactory;

#[test]
fn the_command_line_definition_is_consistent() {
    Cli::command().debug_assert();
    Args::command().debug_assert();
}
