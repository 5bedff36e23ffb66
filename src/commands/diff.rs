//! `assess diff OLD NEW`: two years of one community, criterion by
//! criterion.

use super::outputs::write_change_reports;
use super::sides::{self, warn};
use super::{Context, Outcome};
use crate::cli::{ChangeFormat, DiffArgs};
use crate::history::compare;
use crate::history::print_changes as changes;
use crate::input::file_id;
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
    let same_file = match (file_id(&args.old), file_id(&args.new)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    };
    if same_file {
        warn(
            cx,
            format!(
                "对比的两个文件是同一个文件（{}）：对比结果必然没有变化",
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
                "第一个文件（旧的一年）{}（截至 {}）反而晚于第二个文件 {}（截至 {}）；是否写反了？请先写旧的一年，再写新的一年",
                old.file, old.community.as_of, new.file, new.community.as_of
            ),
            format!(
                "OLD ({}, {}) is later than NEW ({}, {}); are the arguments swapped?",
                old.file, old.community.as_of, new.file, new.community.as_of
            ),
        );
    }
    let comparison = compare::compare(old, new);
    let text = |format: ChangeFormat, options: &report::Options| match format {
        ChangeFormat::Table => changes::table(&comparison, options, args.all),
        ChangeFormat::Markdown => changes::markdown(&comparison, lang, args.all),
        ChangeFormat::Json => changes::json(&comparison, lang),
        ChangeFormat::Html => changes::html(&comparison, lang, args.all),
    };
    if !write_change_reports(&args.output, args.format, text, cx) {
        return Outcome::Failed;
    }
    if args.fail_on_regression && comparison.regressed() {
        Outcome::Gaps
    } else {
        Outcome::Clean
    }
}
