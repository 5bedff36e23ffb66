//! Reading a fact sheet's YAML through the schema, collecting every problem.
//!
//! The YAML is deserialized with [`DeserializeSeed`]s built from the schema
//! (`document.rs` for mappings, `values.rs` for values), so unknown keys and
//! wrong types are caught while the document is walked, and the
//! did-you-mean list is the standard's own key set.
//!
//! Two things serde does not offer are needed, and this module gets them
//! from how `yaml_serde` reports errors:
//!
//! * **Positions.** A serde visitor is never told where it is. But an error
//!   a visitor returns for a scalar comes back with the scalar's line and
//!   column attached. So a key or scalar that needs its position leaves what
//!   it found in [`Reader::pending`] and returns a *marker* error; the
//!   caller takes the position from the error and the finding from
//!   `pending`. The scalar has been consumed, so the walk simply goes on.
//!   Keys need positions only for messages, so they are located only when
//!   a first, faster reading found something to report.
//! * **All errors at once.** A problem with a scalar is recorded and the
//!   walk continues. A mapping or list found where something else belongs
//!   is drained (every event consumed) and returned as
//!   [`mapping::Shape::Wrong`] rather than as an error, because an error
//!   returned from inside a collection would leave the event stream
//!   mid-collection.
//!
//! Only a YAML syntax error (or a limit of the YAML library) ends the walk;
//! it is reported together with what was found before it.

mod document;
mod mapping;
mod values;

use super::schema::Schema;
use super::{Community, FactSheet, FactValue};
use crate::date::Date;
use crate::diagnostic::{Bilingual, Diagnostic, Position};
use crate::standard::Standard;
use crate::suggest;
use mapping::{Found, KeyPath};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::BTreeMap;

/// Reading stops after this many problems: past it, the rest are most
/// likely one mistake repeated (a wrong indentation, say).
pub const MAX_PROBLEMS: usize = 50;

/// The largest count a fact may hold. No community has a billion of
/// anything; a larger number is a typo, and the cap keeps every ratio
/// product far inside integer range.
pub const MAX_COUNT: u64 = 1_000_000_000;

/// Reads `source` (the file's text, byte-order mark already removed) as a
/// fact sheet for `standard`; `schema` is the standard's, built once.
pub fn read_sheet(
    source: &str,
    standard: &Standard,
    schema: &Schema,
) -> Result<FactSheet, Vec<Diagnostic>> {
    if source.trim().is_empty() {
        return Err(vec![
            Diagnostic::new(Bilingual::new(
                "文件是空的：事实表至少需要 community.name 和 year",
                "the file is empty: a fact sheet needs at least community.name and year",
            ))
            .at(Some(Position { line: 1, column: 1 })),
        ]);
    }
    // Keys' positions cost a marker error each, and are needed only to
    // report a problem. So a sheet is read first without them; only one
    // with problems is read again, locating every key, to report them.
    match walk(source, standard, schema, false) {
        Ok(sheet) => Ok(sheet),
        Err(_) => walk(source, standard, schema, true),
    }
}

fn walk(
    source: &str,
    standard: &Standard,
    schema: &Schema,
    locate_keys: bool,
) -> Result<FactSheet, Vec<Diagnostic>> {
    let reader = Reader {
        standard,
        schema,
        locate_keys,
        pending: RefCell::new(None),
        diagnostics: RefCell::new(Vec::new()),
        sheet: RefCell::new(Partial::default()),
    };
    let deserializer = serde_yaml::Deserializer::from_str(source);
    if let Err(error) = (document::RootSeed { reader: &reader }).deserialize(deserializer) {
        reader.fatal(&error, source);
    }
    reader.finish()
}

/// The marker a visitor returns so that the YAML library attaches the
/// position of what it just read (see the module documentation).
const MARKER: &str = "\u{1}assess-position\u{1}";

/// What a visitor leaves behind when it returns the marker.
enum Pending {
    /// A mapping key, read as text, whose position the caller wants.
    Key(String),
    /// A problem with the scalar just read.
    Problem(Diagnostic),
}

/// The sheet's fixed keys and facts, as far as they have been read.
#[derive(Default)]
struct Partial {
    name: Option<String>,
    district: Option<String>,
    year: Option<i32>,
    /// `year` or `community.name` was given but wrong, and said so: not
    /// to be reported again as missing.
    year_refused: bool,
    name_refused: bool,
    /// The walk ended early (a syntax error) or the document is no mapping:
    /// whatever was not read is not known to be missing.
    incomplete: bool,
    as_of: Option<(Date, Option<Position>)>,
    facts: BTreeMap<String, FactValue>,
    /// Where each fact's key stands, for problems found after reading
    /// (a part larger than its whole).
    fact_positions: BTreeMap<String, Option<Position>>,
    evidence: BTreeMap<String, Vec<String>>,
    not_applicable: BTreeMap<String, (String, Option<Position>)>,
    community_position: Option<Position>,
}

/// A mapping key as written, and where it stands (when keys are located).
type Key<'de> = (Cow<'de, str>, Option<Position>);

/// The walk's shared state. Seeds and visitors hold `&Reader` (serde moves
/// them into the deserializer), so what they record goes through cells.
struct Reader<'a> {
    standard: &'a Standard,
    schema: &'a Schema,
    /// Whether keys are read with their positions (see `read_sheet`).
    locate_keys: bool,
    /// What the last visitor left with a marker error.
    pending: RefCell<Option<Pending>>,
    diagnostics: RefCell<Vec<Diagnostic>>,
    sheet: RefCell<Partial>,
}

/// The 1-based position `yaml_serde` printed after a message, if any.
///
/// Visitors are generic over the deserializer's error type, so the position
/// can only be had from the error's text: `… at line 3 column 5`. A mark at
/// the very start of the file is printed without a suffix.
fn position_in_message(text: &str) -> Option<Position> {
    let tail = &text[text.rfind(" at line ")? + " at line ".len()..];
    let (line, rest) = tail.split_once(" column ")?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some(Position {
        line: line.parse().ok()?,
        column: column.parse().ok()?,
    })
}

/// Where the second YAML document of `source` begins: the first `---`
/// line after the first line with content (a file may open with `---`).
fn second_document(source: &str) -> Option<Position> {
    let is_marker = |line: &str| line == "---" || line.starts_with("--- ");
    let line = source
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
        .skip(1)
        .find(|(_, line)| is_marker(line))?
        .0;
    Some(Position {
        line: line + 1,
        column: 1,
    })
}

impl Reader<'_> {
    fn problem(&self, diagnostic: Diagnostic) {
        self.diagnostics.borrow_mut().push(diagnostic);
    }

    fn too_many(&self) -> bool {
        self.diagnostics.borrow().len() >= MAX_PROBLEMS
    }

    /// Leaves a problem for the caller and returns the marker error.
    fn pending_problem<E: de::Error>(&self, diagnostic: Diagnostic) -> E {
        *self.pending.borrow_mut() = Some(Pending::Problem(diagnostic));
        E::custom(MARKER)
    }

    /// Takes what a visitor left with a marker error. An error that is not
    /// a marker is passed back: it ends the walk. So does reaching
    /// [`MAX_PROBLEMS`].
    fn recover<E: de::Error>(&self, error: E) -> Result<(Pending, Option<Position>), E> {
        let text = error.to_string();
        let pending = self.pending.borrow_mut().take();
        match pending {
            Some(pending) if text.contains(MARKER) && !self.too_many() => {
                let position = position_in_message(&text).or(Some(Position { line: 1, column: 1 }));
                Ok((pending, position))
            }
            _ => Err(error),
        }
    }

    /// Records a problem a visitor left, if that is what it left.
    fn record(&self, pending: Pending, position: Option<Position>) {
        if let Pending::Problem(diagnostic) = pending {
            self.problem(diagnostic.at(position));
        }
    }

    /// Reads the next key of a mapping with its position; `None` at the end.
    fn next_key<'de, A: MapAccess<'de>>(&self, map: &mut A) -> Result<Option<Key<'de>>, A::Error> {
        if !self.locate_keys {
            let key = map.next_key_seed(values::KeySeed { reader: self })?;
            return Ok(key.map(|key| (key, None)));
        }
        loop {
            return match map.next_key_seed(values::KeySeed { reader: self }) {
                Ok(None) => Ok(None),
                // While locating, the key seed answers with the marker.
                Ok(Some(key)) => Ok(Some((key, None))),
                Err(error) => match self.recover(error)? {
                    (Pending::Key(key), position) => Ok(Some((Cow::Owned(key), position))),
                    (problem, position) => {
                        self.record(problem, position);
                        map.next_value::<IgnoredAny>()?;
                        continue;
                    }
                },
            };
        }
    }

    /// Reads a value with `seed`; a problem with a scalar is recorded (at
    /// the scalar's own position) and gives `None`.
    fn value<'de, A: MapAccess<'de>, S: DeserializeSeed<'de>>(
        &self,
        map: &mut A,
        seed: S,
    ) -> Result<Option<S::Value>, A::Error> {
        match map.next_value_seed(seed) {
            Ok(value) => Ok(Some(value)),
            Err(error) => {
                let (pending, position) = self.recover(error)?;
                self.record(pending, position);
                Ok(None)
            }
        }
    }

    /// Reads the next element of a list with `seed`: `None` at the end,
    /// `Some(None)` for an element whose problem was recorded.
    fn element<'de, A: SeqAccess<'de>, S: DeserializeSeed<'de>>(
        &self,
        seq: &mut A,
        seed: S,
    ) -> Result<Option<Option<S::Value>>, A::Error> {
        match seq.next_element_seed(seed) {
            Ok(None) => Ok(None),
            Ok(Some(value)) => Ok(Some(Some(value))),
            Err(error) => {
                let (pending, position) = self.recover(error)?;
                self.record(pending, position);
                Ok(Some(None))
            }
        }
    }

    /// Reports a key that does not belong, with a suggestion, and skips its
    /// value.
    fn unknown_key<'de, A: MapAccess<'de>>(
        &self,
        map: &mut A,
        key: &str,
        path: &KeyPath,
        position: Option<Position>,
        allowed: &[&str],
    ) -> Result<(), A::Error> {
        let mut diagnostic = Diagnostic::new(Bilingual::new(
            format!("未知的键 `{key}`"),
            format!("unknown key `{key}`"),
        ))
        .at(position)
        .path(path.to_string());
        if let Some(close) = suggest::closest(key, allowed.iter().copied()) {
            diagnostic = diagnostic.help(Bilingual::new(
                format!("是否想写 `{close}`？"),
                format!("did you mean `{close}`?"),
            ));
        } else if let Some(elsewhere) = self.fact_named(key) {
            diagnostic = diagnostic.help(Bilingual::new(
                format!("`{key}` 应写在 `{elsewhere}`"),
                format!("`{key}` belongs at `{elsewhere}`"),
            ));
        } else if !allowed.is_empty() {
            diagnostic = diagnostic.help(Bilingual::new(
                format!("此处可用的键：{}", allowed.join("、")),
                format!("keys allowed here: {}", allowed.join(", ")),
            ));
        }
        self.problem(diagnostic);
        map.next_value::<IgnoredAny>()?;
        Ok(())
    }

    /// The full path of a fact whose last key is `key`, if there is one: a
    /// fact written in the wrong section.
    fn fact_named(&self, key: &str) -> Option<&str> {
        self.standard
            .facts
            .keys()
            .find(|path| path.rsplit('.').next() == Some(key))
            .map(String::as_str)
    }

    fn duplicate(
        &self,
        key: &str,
        path: &KeyPath,
        position: Option<Position>,
        first: Option<Position>,
    ) {
        let first_line = first.map_or(String::new(), |p| p.line.to_string());
        self.problem(
            Diagnostic::new(Bilingual::new(
                format!("键 `{key}` 重复出现（第一次在第 {first_line} 行）；只能写一次"),
                format!("duplicate key `{key}` (first on line {first_line}); write it once"),
            ))
            .at(position)
            .path(path.to_string()),
        );
    }

    fn wrong_shape(
        &self,
        path: &KeyPath,
        position: Option<Position>,
        expected: &Bilingual,
        found: &Found,
    ) {
        let found = found.describe();
        self.problem(
            Diagnostic::new(Bilingual::new(
                format!("应为{}，实际为{}", expected.zh, found.zh),
                format!("expected {}, found {}", expected.en, found.en),
            ))
            .at(position)
            .path(path.to_string()),
        );
    }

    /// Records the error that ended the walk: a syntax error, a limit of the
    /// YAML library, or too many problems.
    fn fatal(&self, error: &serde_yaml::Error, source: &str) {
        self.sheet.borrow_mut().incomplete = true;
        if self.too_many() {
            self.problem(Diagnostic::new(Bilingual::new(
                format!("错误过多，已在第 {MAX_PROBLEMS} 个后停止"),
                format!("too many problems: stopped after {MAX_PROBLEMS}"),
            )));
            return;
        }
        let mut position = error.location().map(|l| Position {
            line: l.line(),
            column: l.column(),
        });
        let text = error.to_string();
        // libyaml's reader errors give a byte offset, not a line.
        if let Some(offset) = text
            .rsplit_once(" at position ")
            .and_then(|(_, n)| n.trim().parse::<usize>().ok())
        {
            position = Some(Position::of_offset(source, offset));
        }
        // The position is shown separately; keep the library's own words.
        let message = match (text.rfind(" at line "), text.rfind(" at position ")) {
            (Some(i), _) if !text.contains(", while ") => text[..i].to_string(),
            (_, Some(i)) => text[..i].to_string(),
            _ => text,
        };
        let (zh, en) = if message.contains("recursion limit exceeded") {
            (
                "嵌套层数过深".to_string(),
                "the document is nested too deeply".to_string(),
            )
        } else if message.contains("repetition limit exceeded") {
            (
                "别名（*alias）展开次数过多，文件可能是恶意构造的".to_string(),
                "aliases (*alias) expand too many times; the file may be malicious".to_string(),
            )
        } else if message.contains("more than one document") {
            position = position.or_else(|| second_document(source));
            (
                "文件包含多个 YAML 文档（---）；一个事实表只能有一个".to_string(),
                "the file holds more than one YAML document (---); a fact sheet is one document"
                    .to_string(),
            )
        } else {
            (
                format!("YAML 语法错误：{message}"),
                format!("YAML syntax error: {message}"),
            )
        };
        self.problem(Diagnostic::new(Bilingual::new(zh, en)).at(position));
    }

    /// Checks what can only be checked once everything is read, and builds
    /// the sheet if nothing was wrong.
    fn finish(self) -> Result<FactSheet, Vec<Diagnostic>> {
        let sheet = self.sheet.take();
        if sheet.name.is_none() && !sheet.name_refused && !sheet.incomplete {
            self.problem(
                Diagnostic::new(Bilingual::new(
                    "缺少社区名称：请填写 community.name",
                    "the community's name is missing: fill in community.name",
                ))
                .at(sheet.community_position)
                .path("community.name"),
            );
        }
        if sheet.year.is_none() && !sheet.year_refused && !sheet.incomplete {
            self.problem(
                Diagnostic::new(Bilingual::new(
                    "缺少考评年度：请填写 year，如 year: 2024",
                    "the assessment year is missing: fill in year, e.g. year: 2024",
                ))
                .path("year"),
            );
        }
        if let (Some(year), Some((as_of, position))) = (sheet.year, sheet.as_of) {
            if as_of.year() < year {
                self.problem(
                    Diagnostic::new(Bilingual::new(
                        format!("as_of {as_of} 早于考评年度 {year} 的开始"),
                        format!("as_of {as_of} is before the assessment year {year} begins"),
                    ))
                    .at(position)
                    .path("as_of"),
                );
            }
            // A sheet is assessed in its year or early in the next; an
            // as_of years later is a typo that would judge every term and
            // quarter against the wrong day.
            if i64::from(as_of.year()) > i64::from(year) + 1 {
                self.problem(
                    Diagnostic::new(Bilingual::new(
                        format!(
                            "as_of {as_of} 晚于考评年度 {year} 的次年年底：截至日期应在 {year} 年内或 {} 年内，请核对年份",
                            i64::from(year) + 1
                        ),
                        format!(
                            "as_of {as_of} is after the end of the year following the assessment year {year}: it must fall in {year} or {}; check the year",
                            i64::from(year) + 1
                        ),
                    ))
                    .at(position)
                    .path("as_of"),
                );
            }
        }
        self.check_parts(&sheet);
        self.check_declarations(&sheet);
        self.check_dates(&sheet);

        let mut diagnostics = self.diagnostics.take();
        crate::diagnostic::sort_in_file_order(&mut diagnostics);
        let as_of = match (sheet.as_of, sheet.year) {
            (Some((as_of, _)), _) => Some(as_of),
            (None, Some(year)) => Date::last_of_year(year),
            (None, None) => None,
        };
        match (sheet.name, sheet.year, as_of) {
            (Some(name), Some(year), Some(as_of)) if diagnostics.is_empty() => Ok(FactSheet {
                community: Community {
                    name,
                    district: sheet.district,
                },
                year,
                as_of,
                facts: sheet.facts,
                evidence: sheet.evidence,
                not_applicable: sheet
                    .not_applicable
                    .into_iter()
                    .map(|(id, (reason, _))| (id, reason))
                    .collect(),
            }),
            // A missing name or year pushed a diagnostic above, so the
            // list is never empty here.
            _ => Err(diagnostics),
        }
    }

    /// A declaration is accepted only where the standard allows one: a
    /// declaration could otherwise set aside any failure (an expired term,
    /// a 10-point target) and turn "not ready" into 100%.
    fn check_declarations(&self, sheet: &Partial) {
        for (id, (_, position)) in &sheet.not_applicable {
            let Some(criterion) = self.standard.criterion(id) else {
                continue;
            };
            let message = if criterion.veto {
                Bilingual::new(
                    format!("评分项 {id} 是一票否决项，不能声明为不适用"),
                    format!(
                        "criterion {id} is a veto criterion and cannot be declared not applicable"
                    ),
                )
            } else if !criterion.declarable {
                let allowed: Vec<&str> = self
                    .standard
                    .criteria()
                    .filter(|(_, c)| c.declarable)
                    .map(|(_, c)| c.id.as_str())
                    .collect();
                if allowed.is_empty() {
                    Bilingual::new(
                        format!("评分项 {id} 不能声明为不适用：本标准不允许声明任何评分项不适用"),
                        format!(
                            "criterion {id} cannot be declared not applicable: the standard allows no declarations"
                        ),
                    )
                } else {
                    Bilingual::new(
                        format!(
                            "评分项 {id} 不能声明为不适用：本标准只允许声明 {}",
                            allowed.join("、")
                        ),
                        format!(
                            "criterion {id} cannot be declared not applicable: the standard allows declarations only for {}",
                            allowed.join(", ")
                        ),
                    )
                }
            } else {
                continue;
            };
            self.problem(
                Diagnostic::new(message)
                    .at(*position)
                    .path(format!("not_applicable.{id}")),
            );
        }
    }

    /// A date fact cannot lie after `as_of`, the day the sheet speaks for:
    /// an election "held" in 2081 would otherwise pass its term for decades.
    fn check_dates(&self, sheet: &Partial) {
        let as_of = match (sheet.as_of, sheet.year) {
            (Some((as_of, _)), _) => as_of,
            (None, Some(year)) => match Date::last_of_year(year) {
                Some(end) => end,
                None => return,
            },
            (None, None) => return,
        };
        for (path, value) in &sheet.facts {
            let FactValue::Date(date) = value else {
                continue;
            };
            if *date > as_of {
                let position = sheet.fact_positions.get(path.as_str()).copied().flatten();
                self.problem(
                    Diagnostic::new(Bilingual::new(
                        format!("{date} 晚于截至日期 as_of（{as_of}）：不能填写尚未发生的日期，请核对年份"),
                        format!("{date} is after as_of ({as_of}): a date cannot lie after the day the sheet speaks for; check the year"),
                    ))
                    .at(position)
                    .path(path.as_str()),
                );
            }
        }
    }

    /// A part cannot exceed its whole: more reoffenders than released
    /// persons is a mistake in the sheet, not a failing rate.
    fn check_parts(&self, sheet: &Partial) {
        for (part, whole) in self.standard.part_whole_pairs() {
            let (Some(FactValue::Count(p)), Some(FactValue::Count(w))) =
                (sheet.facts.get(part), sheet.facts.get(whole))
            else {
                continue;
            };
            if p > w {
                let position = sheet.fact_positions.get(part).copied().flatten();
                self.problem(
                    Diagnostic::new(Bilingual::new(
                        format!("{part} 为 {p}，大于其总数 {whole}（{w}）：部分不能多于整体"),
                        format!(
                            "{part} is {p}, more than {whole} ({w}): a part cannot exceed its whole"
                        ),
                    ))
                    .at(position)
                    .path(part),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests;
