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
    // A folder means the sheets and saved reports in it, in sorted order.
    let collected = crate::input::collect::collect_sides(&args.sheets);
    if !collected.problems.is_empty() {
        cx.problems(collected.problems);
        return Outcome::Failed;
    }
    if collected.files.len() < 2 {
        cx.problems([crate::diagnostic::FileDiagnostics::single(
            crate::input::input_name(&args.sheets[0]),
            crate::diagnostic::Diagnostic::new(crate::diagnostic::Bilingual::new(
                "趋势至少需要两个年度：请给出两份以上的事实表或报告",
                "a trend needs at least two years: give two or more sheets or reports",
            )),
        )]);
        return Outcome::Failed;
    }
    let paths: Vec<&PathBuf> = collected.files.iter().collect();
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
    let text = |format: ChangeFormat, options: &report::Options| match format {
        ChangeFormat::Table => print_trend::table(&trend, options),
        ChangeFormat::Markdown => print_trend::markdown(&trend, lang),
        ChangeFormat::Json => print_trend::json(&trend),
        ChangeFormat::Html => print_trend::html(&trend, lang),
    };
    Outcome::unless(write_change_reports(&args.output, args.format, text, cx))
}
