//! The years `diff` and `trend` compare: each a fact sheet evaluated now or
//! a saved JSON report, loaded after the `-o` files are checked against
//! them.

use super::Context;
use super::outputs::change_output_problems;
use crate::cli::ChangeFormat;
use crate::diagnostic::Bilingual;
use crate::facts::Schema;
use crate::history::{self, Snapshot};
use crate::output::OutputSpec;
use crate::standard::load_standard_reading;
use std::path::PathBuf;

/// The standard and every side; on any problem reports them all and gives
/// `None`.
pub(super) fn load(
    cx: &mut Context,
    paths: &[&PathBuf],
    outputs: &[OutputSpec],
    screen_format: Option<ChangeFormat>,
) -> Option<Vec<Snapshot>> {
    let mut standard_files = Vec::new();
    let standard = match load_standard_reading(
        cx.common.standard.as_deref(),
        cx.common.max_size,
        &mut standard_files,
    ) {
        Ok(standard) => standard,
        Err(errors) => {
            cx.problems([errors]);
            return None;
        }
    };
    // Before any side is read.
    let problems = change_output_problems(outputs, screen_format, paths, &standard_files);
    if !problems.is_empty() {
        cx.problems(problems);
        return None;
    }
    let schema = Schema::for_standard(&standard);
    let mut sides = Vec::new();
    let mut failed = false;
    for path in paths {
        match history::load(path, &standard, &schema, cx.common.max_size, cx.lang) {
            Ok(snapshot) => sides.push(snapshot),
            Err(errors) => {
                cx.problems([errors]);
                failed = true;
            }
        }
    }
    (!failed).then_some(sides)
}

/// Refuses sides of different communities unless `force`; true if they
/// may be compared.
pub(super) fn one_community(cx: &mut Context, sides: &[Snapshot], force: bool) -> bool {
    if force {
        return true;
    }
    let first = &sides[0];
    // The message is put on the side that differs from the first, not the
    // last one given: with four years and the second of another community,
    // the file to open is the second.
    match sides[1..]
        .iter()
        .find_map(|s| history::same_community(first, s).err().map(|d| (s, d)))
    {
        None => true,
        Some((other, diagnostic)) => {
            cx.problems([crate::diagnostic::FileDiagnostics::single(
                &other.file,
                diagnostic,
            )]);
            false
        }
    }
}

/// `warning: …` in the user's language.
pub(super) fn warn(cx: &mut Context, zh: String, en: String) {
    cx.warn(&Bilingual::new(zh, en));
}
