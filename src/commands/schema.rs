//! `assess schema`: the fact sheet's JSON Schema, for editors.

use super::{Context, Outcome};
use crate::authoring;
use crate::cli::SchemaArgs;
use crate::facts::Schema;

pub(super) fn run(_args: &SchemaArgs, cx: &mut Context) -> Outcome {
    let Some(standard) = cx.standard() else {
        return Outcome::Failed;
    };
    let schema = Schema::for_standard(&standard);
    let text = authoring::schema::render(&standard, &schema, cx.lang);
    Outcome::unless(cx.stdout(text.as_bytes()))
}
