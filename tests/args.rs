//! Catches clap definition mistakes (conflicting names, bad defaults) at
//! test time instead of at a user's first run.

use assess::cli::Args;
use clap::CommandFactory;

#[test]
fn the_command_line_definition_is_consistent() {
    Args::command().debug_assert();
}
