//! The values of a fact sheet: keys, facts of each type, dated records,
//! texts, the year and evidence. A scalar of the wrong type is reported at
//! the scalar itself (through the marker, see `mod.rs`), with a hint for
//! the commonest slips (`yes` for `true`, a quoted number).

use super::mapping::{
    Entries, Found, KeyPath, Shape, drain_map, drain_seq, read_entries, scalars_to_found,
};
use super::{MAX_COUNT, Pending, Reader};
use crate::date::{Date, DateError};
use crate::diagnostic::{Bilingual, Diagnostic, Position};
use crate::facts::{FactValue, Record};
use crate::standard::FactType;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

pub(super) fn text_expected() -> Bilingual {
    Bilingual::new("文字", "text")
}

// ---------------------------------------------------------------------------
// Keys

/// Reads a mapping key as the text written. While keys are being located
/// it answers with the marker instead, so the caller learns the key's
/// position (see `Reader::next_key`).
pub(super) struct KeySeed<'r, 'a> {
    pub(super) reader: &'r Reader<'a>,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_, '_> {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        // deserialize_str hands over the key's text as written, so `7.6:`
        // and `10.1:` arrive as the ids they spell, not as numbers.
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_, '_> {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    /// Most keys are plain text in the file, borrowed without a copy.
    fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Self::Value, E> {
        if self.reader.locate_keys {
            return self.visit_str(key);
        }
        Ok(Cow::Borrowed(key))
    }
    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        if !self.reader.locate_keys {
            return Ok(Cow::Owned(key.to_string()));
        }
        *self.reader.pending.borrow_mut() = Some(Pending::Key(key.to_string()));
        Err(E::custom(super::MARKER))
    }
}

// ---------------------------------------------------------------------------
// Facts

/// A fact of the standard, of the type its rules give it. `Read(None)`
/// means left empty: not given.
pub(super) struct FactSeed<'r, 'a, 'p> {
    pub(super) reader: &'r Reader<'a>,
    pub(super) kind: FactType,
    pub(super) path: &'p KeyPath<'p>,
}

impl<'de> DeserializeSeed<'de> for FactSeed<'_, '_, '_> {
    type Value = Shape<Option<FactValue>>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl FactSeed<'_, '_, '_> {
    fn scalar<E: de::Error>(self, found: Found) -> Result<Shape<Option<FactValue>>, E> {
        let value = match (self.kind, found) {
            (FactType::Flag, Found::Bool(b)) => FactValue::Flag(b),
            (FactType::Count, Found::Int(n)) => FactValue::Count(count(self.reader, self.path, n)?),
            // Too many digits for any integer type arrives as a float.
            (FactType::Count, Found::Float(x))
                if x.fract() == 0.0 && x.abs() > MAX_COUNT as f64 =>
            {
                return Err(self.invalid(
                    format!("数字 {x:?} 过大（上限 {MAX_COUNT}）"),
                    format!("the number {x:?} is too large (at most {MAX_COUNT})"),
                ));
            }
            (FactType::Count, Found::Float(x)) => {
                return Err(self.invalid(
                    format!("数量应为整数，实际为 {x:?}"),
                    format!("a count is a whole number, found {x:?}"),
                ));
            }
            (FactType::Date, Found::Text(text)) => {
                FactValue::Date(date(self.reader, self.path, &text)?)
            }
            (_, found) => return Err(self.mismatch(found)),
        };
        Ok(Shape::Read(Some(value)))
    }

    /// A scalar of the wrong type: recorded at the scalar itself.
    fn mismatch<E: de::Error>(self, found: Found) -> E {
        let expected = self.kind.describe();
        let described = found.describe();
        let mut diagnostic = Diagnostic::new(Bilingual::new(
            format!("应为{}，实际为{}", expected.zh, described.zh),
            format!("expected {}, found {}", expected.en, described.en),
        ))
        .path(self.path.to_string());
        if let Some(hint) = hint(self.kind, &found) {
            diagnostic = diagnostic.help(hint);
        }
        self.reader.pending_problem(diagnostic)
    }

    fn invalid<E: de::Error>(self, zh: String, en: String) -> E {
        let diagnostic = Diagnostic::new(Bilingual::new(zh, en)).path(self.path.to_string());
        self.reader.pending_problem(diagnostic)
    }
}

impl<'de> Visitor<'de> for FactSeed<'_, '_, '_> {
    type Value = Shape<Option<FactValue>>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a fact")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        // Left empty: not given.
        Ok(Shape::Read(None))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        if self.kind != FactType::Records {
            drain_seq(seq)?;
            return Ok(Shape::Wrong(Found::List));
        }
        let reader = self.reader;
        let mut records = Vec::new();
        let mut index = 0;
        loop {
            let path = KeyPath::Index(self.path, index);
            match reader.element(
                &mut seq,
                RecordSeed {
                    reader,
                    path: &path,
                },
            )? {
                None => break,
                Some(Some(Some(record))) => records.push(record),
                // A problem with this record, already recorded.
                Some(_) => {}
            }
            index += 1;
        }
        Ok(Shape::Read(Some(FactValue::Records(records))))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        drain_map(map)?;
        Ok(Shape::Wrong(Found::Mapping))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        // Dates are read straight from the text; anything else is a
        // mismatch, described with a copy.
        if self.kind == FactType::Date {
            return Ok(Shape::Read(Some(FactValue::Date(date(
                self.reader,
                self.path,
                v,
            )?))));
        }
        self.scalar(Found::Text(v.to_string()))
    }
    scalars_to_found!(except_str);
}

/// A count: a whole number from 0 to [`MAX_COUNT`].
fn count<E: de::Error>(reader: &Reader, path: &KeyPath, n: i128) -> Result<u64, E> {
    let problem = if n < 0 {
        Bilingual::new(
            format!("数量不能为负数，实际为 {n}"),
            format!("a count cannot be negative, found {n}"),
        )
    } else {
        match u64::try_from(n) {
            Ok(n) if n <= MAX_COUNT => return Ok(n),
            _ => Bilingual::new(
                format!("数字 {n} 过大（上限 {MAX_COUNT}）"),
                format!("the number {n} is too large (at most {MAX_COUNT})"),
            ),
        }
    };
    Err(reader.pending_problem(Diagnostic::new(problem).path(path.to_string())))
}

/// A date written `YYYY-MM-DD` that exists.
fn date<E: de::Error>(reader: &Reader, path: &KeyPath, text: &str) -> Result<Date, E> {
    let diagnostic = match Date::parse(text) {
        Ok(date) => return Ok(date),
        Err(DateError::Shape) => Diagnostic::new(Bilingual::new(
            format!("应为日期（YYYY-MM-DD），实际为 \"{text}\""),
            format!("expected a date (YYYY-MM-DD), found \"{text}\""),
        ))
        .help(Bilingual::new(
            "日期写作 YYYY-MM-DD，如 2024-03-15",
            "write dates as YYYY-MM-DD, e.g. 2024-03-15",
        )),
        Err(DateError::NoSuchDay) => Diagnostic::new(Bilingual::new(
            format!("日期 {text} 不存在"),
            format!("there is no such day as {text}"),
        )),
        Err(DateError::OutOfRange) => Diagnostic::new(Bilingual::new(
            format!("日期 {text} 的年份不在 1000–9999 之间"),
            format!("the date {text} lies outside the years 1000–9999"),
        )),
    };
    Err(reader.pending_problem(diagnostic.path(path.to_string())))
}

/// A fix for the commonest slips.
fn hint(kind: FactType, found: &Found) -> Option<Bilingual> {
    match (kind, found) {
        (FactType::Flag, Found::Text(t)) => {
            let lower = t.to_lowercase();
            let yes = ["yes", "y", "on", "是", "有", "对"].contains(&lower.as_str());
            let no = ["no", "n", "off", "否", "无", "没有"].contains(&lower.as_str());
            (yes || no).then(|| {
                let word = if yes { "true" } else { "false" };
                Bilingual::new(
                    format!("请写 true 或 false（此处应写 {word}）"),
                    format!("write true or false (here: {word})"),
                )
            })
        }
        (FactType::Flag, Found::Int(0 | 1)) => Some(Bilingual::new(
            "请写 true 或 false，而不是 0 或 1",
            "write true or false, not 0 or 1",
        )),
        (FactType::Count, Found::Text(t)) if t.trim().parse::<u64>().is_ok() => Some(
            Bilingual::new("数字不要加引号", "write the number without quotes"),
        ),
        (FactType::Date, Found::Int(_)) => Some(Bilingual::new(
            "日期写作 YYYY-MM-DD，如 2024-03-15",
            "write dates as YYYY-MM-DD, e.g. 2024-03-15",
        )),
        (FactType::Records, Found::Text(t)) if Date::parse(t).is_ok() => Some(Bilingual::new(
            format!("记录应写成列表，每条一行：- {t}"),
            format!("records are a list, one per line: - {t}"),
        )),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Records: a bare date, or a mapping with `date` and optional `title`, `evidence`

struct RecordSeed<'r, 'a, 'p> {
    reader: &'r Reader<'a>,
    path: &'p KeyPath<'p>,
}

impl<'de> DeserializeSeed<'de> for RecordSeed<'_, '_, '_> {
    type Value = Option<Record>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl RecordSeed<'_, '_, '_> {
    fn scalar<E: de::Error>(self, found: Found) -> Result<Option<Record>, E> {
        if let Found::Text(text) = &found {
            let date = date(self.reader, self.path, text)?;
            return Ok(Some(Record {
                date,
                title: None,
                evidence: None,
            }));
        }
        Err(self.reader.pending_problem(not_a_record(&found, self.path)))
    }
}

fn not_a_record(found: &Found, path: &KeyPath) -> Diagnostic {
    let described = found.describe();
    Diagnostic::new(Bilingual::new(
        format!("记录应为日期或含 date 的映射，实际为{}", described.zh),
        format!(
            "a record is a date or a mapping with `date`, found {}",
            described.en
        ),
    ))
    .path(path.to_string())
}

impl<'de> Visitor<'de> for RecordSeed<'_, '_, '_> {
    type Value = Option<Record>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a record")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.scalar(Found::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        // A list has no scalar position of its own; the element path
        // (`legal_education.activities[2]`) names it.
        drain_seq(seq)?;
        self.reader.problem(not_a_record(&Found::List, self.path));
        Ok(None)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let reader = self.reader;
        let problems_before = reader.diagnostics.borrow().len();
        let mut record = RecordEntries::default();
        read_entries(reader, &mut map, self.path, &mut record)?;
        let Some(date) = record.date else {
            // A record whose other entries had problems already says so;
            // otherwise its missing date is the problem.
            if reader.diagnostics.borrow().len() == problems_before {
                reader.problem(
                    Diagnostic::new(Bilingual::new(
                        "记录缺少日期：每条记录都需要 date",
                        "the record has no date: every record needs `date`",
                    ))
                    .at(record.first_position)
                    .path(self.path.to_string()),
                );
            }
            return Ok(None);
        };
        Ok(Some(Record {
            date,
            title: record.title,
            evidence: record.evidence,
        }))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let date = date(self.reader, self.path, v)?;
        Ok(Some(Record {
            date,
            title: None,
            evidence: None,
        }))
    }
    scalars_to_found!(except_str);
}

const RECORD_KEYS: [&str; 3] = ["date", "title", "evidence"];

/// The entries of a record written as a mapping.
#[derive(Default)]
struct RecordEntries {
    date: Option<Date>,
    title: Option<String>,
    evidence: Option<String>,
    first_position: Option<Position>,
}

impl Entries for RecordEntries {
    fn expected(&self) -> Bilingual {
        Bilingual::new(
            "映射（date:、title:、evidence:）",
            "a mapping (date:, title:, evidence:)",
        )
    }

    fn entry<'de, A: MapAccess<'de>>(
        &mut self,
        reader: &Reader,
        map: &mut A,
        key: &str,
        path: &KeyPath,
        position: Option<Position>,
    ) -> Result<(), A::Error> {
        self.first_position = self.first_position.or(position);
        match key {
            "date" => {
                let seed = FactSeed {
                    reader,
                    kind: FactType::Date,
                    path,
                };
                match reader.value(map, seed)? {
                    Some(Shape::Read(Some(FactValue::Date(d)))) => self.date = Some(d),
                    Some(Shape::Wrong(found)) => {
                        reader.wrong_shape(path, position, &FactType::Date.describe(), &found);
                    }
                    _ => {}
                }
            }
            "title" | "evidence" => match reader.value(map, TextSeed { reader, path })? {
                Some(Shape::Read(text)) if key == "title" => self.title = text,
                Some(Shape::Read(text)) => self.evidence = text,
                Some(Shape::Wrong(found)) => {
                    reader.wrong_shape(path, position, &text_expected(), &found);
                }
                None => {}
            },
            _ => reader.unknown_key(map, key, path, position, &RECORD_KEYS)?,
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Text, the year, evidence

/// A text (a name, a title, a reason). A number is text enough ("2号楼");
/// empty is `None`.
pub(super) struct TextSeed<'r, 'a, 'p> {
    pub(super) reader: &'r Reader<'a>,
    pub(super) path: &'p KeyPath<'p>,
}

impl<'de> DeserializeSeed<'de> for TextSeed<'_, '_, '_> {
    type Value = Shape<Option<String>>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl TextSeed<'_, '_, '_> {
    fn scalar<E: de::Error>(self, found: Found) -> Result<Shape<Option<String>>, E> {
        match as_text(found) {
            Ok(Some(text)) if text.chars().any(is_control) => {
                let message = crate::diagnostic::forbidden_char(&text)
                    .unwrap_or_else(|| Bilingual::new("", ""));
                let diagnostic = Diagnostic::new(message).path(self.path.to_string());
                Err(self.reader.pending_problem(diagnostic))
            }
            Ok(text) => Ok(Shape::Read(text)),
            Err(found) => {
                let found = found.describe();
                let diagnostic = Diagnostic::new(Bilingual::new(
                    format!("应为文字，实际为{}", found.zh),
                    format!("expected text, found {}", found.en),
                ))
                .path(self.path.to_string());
                Err(self.reader.pending_problem(diagnostic))
            }
        }
    }
}

/// A character no typed text holds and that could drive a terminal (an
/// escape sequence), overwrite or reorder what is shown (a carriage return,
/// a bidirectional override) or break XML. YAML has already turned every
/// line break in the file into `\n`, so a `\r` left is one written as an
/// escape.
fn is_control(c: char) -> bool {
    crate::diagnostic::is_forbidden_char(c)
}

/// A scalar as text: trimmed, empty as `None`; a boolean is no text.
fn as_text(found: Found) -> Result<Option<String>, Found> {
    match found {
        Found::Text(t) => {
            let t = t.trim();
            Ok((!t.is_empty()).then(|| t.to_string()))
        }
        Found::Int(n) => Ok(Some(n.to_string())),
        Found::Float(x) => Ok(Some(x.to_string())),
        Found::Null => Ok(None),
        other => Err(other),
    }
}

impl<'de> Visitor<'de> for TextSeed<'_, '_, '_> {
    type Value = Shape<Option<String>>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("text")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Shape::Read(None))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        drain_seq(seq)?;
        Ok(Shape::Wrong(Found::List))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        drain_map(map)?;
        Ok(Shape::Wrong(Found::Mapping))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let trimmed = v.trim();
        if trimmed.chars().any(is_control) {
            return self.scalar(Found::Text(v.to_string()));
        }
        Ok(Shape::Read(
            (!trimmed.is_empty()).then(|| trimmed.to_string()),
        ))
    }
    scalars_to_found!(except_str);
}

/// The assessment year: a four-digit whole number. Empty is `Read(None)`,
/// reported once at the end as missing.
pub(super) struct YearSeed<'r, 'a> {
    pub(super) reader: &'r Reader<'a>,
}

pub(super) fn year_expected() -> Bilingual {
    Bilingual::new(
        "四位整数（如 2024）",
        "a four-digit whole number (e.g. 2024)",
    )
}

impl<'de> DeserializeSeed<'de> for YearSeed<'_, '_> {
    type Value = Shape<Option<i32>>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl YearSeed<'_, '_> {
    fn scalar<E: de::Error>(self, found: Found) -> Result<Shape<Option<i32>>, E> {
        if let Found::Int(n) = found {
            // The years a date can carry (see `Date`).
            if let Ok(year) = i32::try_from(n) {
                if (1000..=9998).contains(&year) {
                    return Ok(Shape::Read(Some(year)));
                }
            }
        }
        let described = found.describe();
        let expected = year_expected();
        let mut diagnostic = Diagnostic::new(Bilingual::new(
            format!("考评年度应为{}，实际为{}", expected.zh, described.zh),
            format!(
                "the assessment year is {}, found {}",
                expected.en, described.en
            ),
        ))
        .path("year");
        if matches!(&found, Found::Text(t) if t.trim().parse::<i32>().is_ok()) {
            diagnostic = diagnostic.help(Bilingual::new(
                "年份不要加引号",
                "write the year without quotes",
            ));
        }
        Err(self.reader.pending_problem(diagnostic))
    }
}

impl<'de> Visitor<'de> for YearSeed<'_, '_> {
    type Value = Shape<Option<i32>>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a year")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Shape::Read(None))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        drain_seq(seq)?;
        Ok(Shape::Wrong(Found::List))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        drain_map(map)?;
        Ok(Shape::Wrong(Found::Mapping))
    }
    scalars_to_found!();
}

/// One criterion's evidence: a text, or a list of texts.
pub(super) struct EvidenceSeed<'r, 'a, 'p> {
    pub(super) reader: &'r Reader<'a>,
    pub(super) path: &'p KeyPath<'p>,
}

impl<'de> DeserializeSeed<'de> for EvidenceSeed<'_, '_, '_> {
    type Value = Shape<Vec<String>>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl EvidenceSeed<'_, '_, '_> {
    fn scalar<E: de::Error>(self, found: Found) -> Result<Shape<Vec<String>>, E> {
        let text = TextSeed {
            reader: self.reader,
            path: self.path,
        };
        Ok(match text.scalar::<E>(found)? {
            Shape::Read(text) => Shape::Read(text.into_iter().collect()),
            Shape::Wrong(found) => Shape::Wrong(found),
        })
    }
}

impl<'de> Visitor<'de> for EvidenceSeed<'_, '_, '_> {
    type Value = Shape<Vec<String>>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("evidence")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Shape::Read(Vec::new()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let reader = self.reader;
        let mut items = Vec::new();
        let mut index = 0;
        loop {
            let path = KeyPath::Index(self.path, index);
            match reader.element(
                &mut seq,
                TextSeed {
                    reader,
                    path: &path,
                },
            )? {
                None => break,
                Some(Some(Shape::Read(Some(text)))) => items.push(text),
                Some(Some(Shape::Wrong(found))) => {
                    reader.wrong_shape(&path, None, &text_expected(), &found);
                }
                Some(_) => {}
            }
            index += 1;
        }
        Ok(Shape::Read(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        drain_map(map)?;
        Ok(Shape::Wrong(Found::Mapping))
    }
    scalars_to_found!();
}
