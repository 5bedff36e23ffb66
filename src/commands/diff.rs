//! `assess diff OLD NEW`: two years of one community, criterion by
//! criterion.

use super::outputs::write_change_reports;
use super::sides::{self, warn};
use super::{Context, Outcome};
use crate::cli::{ChangeFormat, DiffArgs};
use crate::history::compare;
use crate::history::print_changes as changes;
use crate::report;

pub(super) fn run(args: &DiffArgs, cx: &mut Context) -> Outcome {
    let lang = cx.lang;
    let paths = [&args.old, &args.new];
    let Some(sides) = sides::load(cx, &paths, &args.output, args.format) else {
        return Outcome::Failed;
    };
    if !sides::one_community(cx, &sides, args.force) {
        return Outcome::Failed;
    }
    let (old, new) = (&sides[0], &sides[1]);
    let same_file = match (args.old.canonicalize(), args.new.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same_file {
        warn(
            cx,
            format!(
                "OLD 与 NEW 是同一个文件（{}）：对比结果必然没有变化",
                old.file
            ),
            format!(
                "OLD and NEW are the same file ({}): the comparison cannot show a change",
                old.file
            ),
        );
    }
    if compare::out_of_order(old, new) {
        warn(
            cx,
            format!(
                "OLD（{}，{}）晚于 NEW（{}，{}）；参数是否写反了？",
                old.file, old.community.as_of, new.file, new.community.as_of
            ),
            format!(
                "OLD ({}, {}) is later than NEW ({}, {}); are the arguments swapped?",
                old.file, old.community.as_of, new.file, new.community.as_of
            ),
        );
    }
    let comparison = compare::compare(old, new);
    let screen = cx.screen();
    let text = |format: ChangeFormat, options: &report::Options| match format {
        ChangeFormat::Table => changes::table(&comparison, options, args.all),
        ChangeFormat::Markdown => changes::markdown(&comparison, lang, args.all),
        ChangeFormat::Json => changes::json(&comparison, lang),
        ChangeFormat::Html => changes::html(&comparison, lang, args.all),
    };
    if !write_change_reports(
        &args.output,
        args.format,
        &screen,
        text,
        cx.out,
        cx.err,
        lang,
    ) {
        return Outcome::Failed;
    }
    if args.fail_on_regression && comparison.regressed() {
        Outcome::Gaps
    } else {
        Outcome::Clean
    }
}
