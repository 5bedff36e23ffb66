//! `assess trend SHEETS…`: several years of one community side by side.

use super::outputs::write_change_reports;
use super::sides::{self, warn};
use super::{Context, Outcome};
use crate::cli::{ChangeFormat, TrendArgs};
use crate::history::print_trend;
use crate::history::trend;
use crate::report;
use std::path::PathBuf;

pub(super) fn run(args: &TrendArgs, cx: &mut Context) -> Outcome {
    let lang = cx.lang;
    let paths: Vec<&PathBuf> = args.sheets.iter().collect();
    let Some(sides) = sides::load(cx, &paths, &args.output, args.format) else {
        return Outcome::Failed;
    };
    if !sides::one_community(cx, &sides, args.force) {
        return Outcome::Failed;
    }
    let trend = trend::trend(&sides);
    for pair in trend.years.windows(2) {
        if pair[0].community.year == pair[1].community.year {
            warn(
                cx,
                format!(
                    "{} 和 {} 是同一年度（{}）",
                    pair[0].file, pair[1].file, pair[1].community.year
                ),
                format!(
                    "{} and {} are the same year ({})",
                    pair[0].file, pair[1].file, pair[1].community.year
                ),
            );
        }
    }
    let screen = cx.screen();
    let text = |format: ChangeFormat, options: &report::Options| match format {
        ChangeFormat::Table => print_trend::table(&trend, options),
        ChangeFormat::Markdown => print_trend::markdown(&trend, lang),
        ChangeFormat::Json => print_trend::json(&trend),
        ChangeFormat::Html => print_trend::html(&trend, lang),
    };
    Outcome::unless(write_change_reports(
        &args.output,
        args.format,
        &screen,
        text,
        cx.out,
        cx.err,
        lang,
    ))
}
