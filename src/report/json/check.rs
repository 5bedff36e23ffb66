//! The checks a saved JSON report passes before `diff` or `trend` trust
//! it, as strict as those on a sheet: a report is a file like any other,
//! edited by hand or by another program, and its text reaches terminals.
//!
//! Values are checked while serde_json reads them, so an error carries the
//! line and column of the value; what takes the whole report (the verdict
//! against the score and the vetoes, `as_of` against the year) is checked
//! by [`whole`] and placed at its key.

use super::document::{Report, Text};
use crate::date::Date;
use crate::diagnostic::{Bilingual, Diagnostic, Position, forbidden_char};
use crate::eval::{Status, Verdict};
use serde::de::{self, Deserialize, Deserializer};
use std::borrow::Cow;

/// Separates the two languages of a message carried through serde_json's
/// error, which holds one text; no message holds this character.
const SEPARATOR: char = '\u{1f}';

fn error<E: de::Error>(message: Bilingual) -> E {
    E::custom(format!("{}{SEPARATOR}{}", message.zh, message.en))
}

/// A message made by [`error`], back in both languages.
pub(super) fn bilingual(message: &str) -> Option<Bilingual> {
    let (zh, en) = message.split_once(SEPARATOR)?;
    Some(Bilingual::new(zh, en))
}

fn clean<E: de::Error>(text: String) -> Result<String, E> {
    match forbidden_char(&text) {
        Some(message) => Err(error(message)),
        None => Ok(text),
    }
}

pub(super) fn owned_text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    clean(String::deserialize(d)?)
}

pub(super) fn text<'de, 'a, D: Deserializer<'de>>(d: D) -> Result<Text<'a>, D::Error> {
    owned_text(d).map(Cow::Owned)
}

pub(super) fn optional_text<'de, 'a, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Text<'a>>, D::Error> {
    Option::<String>::deserialize(d)?
        .map(|t| clean(t).map(Cow::Owned))
        .transpose()
}

pub(super) fn texts<'de, 'a, D: Deserializer<'de>>(d: D) -> Result<Vec<Text<'a>>, D::Error> {
    Vec::<String>::deserialize(d)?
        .into_iter()
        .map(|t| clean(t).map(Cow::Owned))
        .collect()
}

/// The assessment year: the years a sheet may have.
pub(super) fn year<'de, D: Deserializer<'de>>(d: D) -> Result<i32, D::Error> {
    let year = i64::deserialize(d)?;
    match i32::try_from(year) {
        Ok(year) if (1000..=9998).contains(&year) => Ok(year),
        _ => Err(error(Bilingual::new(
            format!("考评年度应在 1000–9998 之间，实际为 {year}"),
            format!("the assessment year lies between 1000 and 9998, found {year}"),
        ))),
    }
}

/// A date (`as_of`, a record's): a day that exists, written `YYYY-MM-DD`.
pub(super) fn date<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
    let text = clean(String::deserialize(d)?)?;
    match Date::parse(&text) {
        Ok(date) => Ok(date),
        Err(_) => Err(error(Bilingual::new(
            format!("as_of 应为存在的日期 YYYY-MM-DD，实际为 \"{text}\""),
            format!("as_of is a day that exists, written YYYY-MM-DD, found \"{text}\""),
        ))),
    }
}

fn number<E: de::Error>(value: f64, max: f64) -> Result<f64, E> {
    if value.is_finite() && (0.0..=max).contains(&value) {
        Ok(value)
    } else if max == 100.0 {
        Err(error(Bilingual::new(
            format!("百分数应在 0–100 之间，实际为 {value}"),
            format!("a percent lies between 0 and 100, found {value}"),
        )))
    } else {
        Err(error(Bilingual::new(
            format!("分数不能为负，实际为 {value}"),
            format!("points cannot be negative, found {value}"),
        )))
    }
}

pub(super) fn percent<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    number(f64::deserialize(d)?, 100.0)
}

pub(super) fn points<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    number(f64::deserialize(d)?, f64::MAX)
}

pub(super) fn optional_points<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    Option::<f64>::deserialize(d)?
        .map(|v| number(v, f64::MAX))
        .transpose()
}

/// Where serde_json placed an error of ours: after the value and any
/// blank space, often on the next line (`}`); moved back to just after the
/// value, where the eye looks for it.
pub(super) fn after_value(text: &str, position: Position) -> Position {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(position.line.saturating_sub(1))
        .map(str::len)
        .sum();
    let line = &text[line_start.min(text.len())..];
    let offset = line_start
        + line
            .char_indices()
            .nth(position.column.saturating_sub(1))
            .map_or(line.len(), |(i, _)| i);
    let end = text[..offset.min(text.len())].trim_end().len();
    Position::of_offset(text, end)
}

/// What only the whole report can tell, each problem at its key.
pub(super) fn whole(snapshot: &Report, text: &str) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    // Each criterion once: a second `3.1` would be compared in place of
    // the first.
    for (i, criterion) in snapshot.criteria.iter().enumerate() {
        let id = &criterion.id;
        let earlier = snapshot.criteria[..i]
            .iter()
            .filter(|c| c.id == *id)
            .count();
        if earlier == 1 {
            problems.push(
                Diagnostic::new(Bilingual::new(
                    format!("评分项编号 \"{id}\" 重复"),
                    format!("duplicate criterion id \"{id}\""),
                ))
                .at(id_position(text, id, 1))
                .path(format!("criteria[{i}].id")),
            );
        }
    }
    let community = &snapshot.community;
    {
        if community.as_of.year() < community.year {
            problems.push(
                Diagnostic::new(Bilingual::new(
                    format!(
                        "as_of（{}）早于考评年度 {} 的开始",
                        community.as_of, community.year
                    ),
                    format!(
                        "as_of ({}) is before the assessment year {} begins",
                        community.as_of, community.year
                    ),
                ))
                .at(key_position(text, "as_of"))
                .path("community.as_of"),
            );
        }
    }
    let score = &snapshot.score;
    let vetoes: Vec<&str> = snapshot
        .criteria
        .iter()
        .filter(|c| c.veto && c.status.is_failing())
        .map(|c| c.id.as_ref())
        .collect();
    let ready = score.possible > 0.0 && score.percent >= score.pass_mark && vetoes.is_empty();
    let said = snapshot.verdict == Verdict::Ready;
    if ready != said {
        let (zh, en) = if said && !vetoes.is_empty() {
            let list = vetoes.join("、");
            (
                format!("结论为 ready，但否决项 {list} 未达标"),
                format!(
                    "the verdict is ready, but veto criterion {} fails",
                    vetoes.join(", ")
                ),
            )
        } else {
            let two = |x: f64| {
                let text = format!("{x:.2}");
                text.trim_end_matches('0').trim_end_matches('.').to_string()
            };
            let (percent, mark) = (two(score.percent), two(score.pass_mark));
            let verdict = if said { "ready" } else { "not_ready" };
            (
                format!("结论 {verdict} 与得分 {percent}%（合格线 {mark}%）不符"),
                format!(
                    "the verdict {verdict} contradicts the score {percent}% (pass mark {mark}%)"
                ),
            )
        };
        problems.push(
            Diagnostic::new(Bilingual::new(zh, en))
                .at(key_position(text, "verdict"))
                .path("verdict"),
        );
    }
    // A status the report's own points or gap text contradict: a `gap`
    // edited to `pass` would otherwise hide a regression from diff.
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0);
    for criterion in &snapshot.criteria {
        let earned = criterion.earned.unwrap_or(0.0);
        let status = criterion.status;
        let passes_whole = status == Status::Pass && !close(earned, criterion.points);
        let gap_text = match status {
            Status::Pass | Status::NotApplicable => criterion.gap.is_some(),
            Status::Gap | Status::Missing => criterion.gap.is_none(),
        };
        if earned > criterion.points
            || (status == Status::NotApplicable) != criterion.earned.is_none()
            || passes_whole
            || gap_text
        {
            problems.push(
                Diagnostic::new(Bilingual::new(
                    format!("评分项 {} 的得分与分值或状态不符", criterion.id),
                    format!(
                        "criterion {}: its earned points contradict its points or status",
                        criterion.id
                    ),
                ))
                .path(format!("criteria.{}", criterion.id)),
            );
        }
    }
    // The totals the criteria add up to.
    let earned: f64 = snapshot.criteria.iter().filter_map(|c| c.earned).sum();
    let possible: f64 = snapshot
        .criteria
        .iter()
        .filter(|c| c.earned.is_some())
        .map(|c| c.points)
        .sum();
    if !close(earned, score.earned) || !close(possible, score.possible) {
        problems.push(
            Diagnostic::new(Bilingual::new(
                "得分与各评分项的得分之和不符",
                "the score does not add up from the criteria's points",
            ))
            .at(key_position(text, "score"))
            .path("score"),
        );
    }
    let counted = |s: Status| snapshot.criteria.iter().filter(|c| c.status == s).count();
    let counts = &snapshot.counts;
    let stated = [
        counts.pass,
        counts.gap,
        counts.missing,
        counts.not_applicable,
    ];
    let actual = [
        counted(Status::Pass),
        counted(Status::Gap),
        counted(Status::Missing),
        counted(Status::NotApplicable),
    ];
    if stated.iter().sum::<usize>() > 0 && stated != actual {
        problems.push(
            Diagnostic::new(Bilingual::new(
                "counts 与各评分项的状态不符",
                "counts does not match the criteria's statuses",
            ))
            .at(key_position(text, "counts"))
            .path("counts"),
        );
    }
    problems
}

/// Where the `n`-th (from 0) `"id": "<id>"` stands in `text`.
fn id_position(text: &str, id: &str, n: usize) -> Option<Position> {
    let value = serde_json::to_string(id).ok()?;
    let mut found = text.match_indices("\"id\"").filter(|(at, key)| {
        let rest = text[at + key.len()..].trim_start();
        rest.strip_prefix(':')
            .is_some_and(|rest| rest.trim_start().starts_with(&value))
    });
    let (offset, _) = found.nth(n)?;
    Some(Position::of_offset(text, offset))
}

/// Where `"key":` first stands in `text`; a report holds each of the keys
/// asked for once, at its top or in `community`.
fn key_position(text: &str, key: &str) -> Option<Position> {
    let quoted = format!("\"{key}\"");
    let offset = text.find(&quoted)?;
    Some(Position::of_offset(text, offset))
}
