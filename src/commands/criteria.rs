//! `assess criteria`: the standard as a list, to prepare an inspection.

use super::{Context, Outcome};
use crate::authoring;
use crate::cli::{CriteriaArgs, ListFormat};

pub(super) fn run(args: &CriteriaArgs, cx: &mut Context) -> Outcome {
    let Some(standard) = cx.standard() else {
        return Outcome::Failed;
    };
    let text = match args.format {
        ListFormat::Table => authoring::criteria::table(&standard, &cx.screen()),
        ListFormat::Markdown => authoring::criteria::markdown(&standard, cx.lang),
    };
    Outcome::unless(cx.stdout(text.as_bytes()))
}
