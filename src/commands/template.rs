//! `assess template`: a fact sheet to fill in, every key of the standard
//! with its criterion in a comment.

use super::{Context, Outcome};
use crate::authoring;
use crate::cli::TemplateArgs;
use crate::facts::Schema;

pub(super) fn run(args: &TemplateArgs, cx: &mut Context) -> Outcome {
    let Some(standard) = cx.standard() else {
        return Outcome::Failed;
    };
    let schema = Schema::for_standard(&standard);
    // The one place the tool reads the clock: a fresh template is for this
    // year's sheet. `--year` pins it (tests, archives).
    let year = args
        .year
        .unwrap_or_else(|| super::today().map_or(2024, |d| d.year()));
    let text = authoring::template::render(&standard, &schema, cx.lang, year);
    Outcome::unless(cx.stdout(text.as_bytes()))
}
