//! Reading a fact sheet's YAML through the schema, collecting every problem.
//!
//! The YAML is deserialized with a [`DeserializeSeed`] built from the
//! schema, so unknown keys and wrong types are caught while the document is
//! walked, and the did-you-mean list is the standard's own key set.
//!
//! Two things serde does not offer are needed here, and this module gets
//! them from how `yaml_serde` reports errors:
//!
//! * **Positions.** A serde visitor is never told where it is. But an error
//!   a visitor returns for a scalar comes back with the scalar's line and
//!   column attached. So a key or scalar that needs its position leaves what
//!   it found in [`Reader::pending`] and returns a *marker* error; the
//!   caller takes the position from the error and the finding from
//!   `pending`. The scalar has been consumed, so walking simply goes on.
//! * **All errors at once.** A problem with a scalar is recorded and the
//!   walk continues. A mapping or sequence found where something else was
//!   expected is drained (every event consumed) and reported as a
//!   [`Shape::Wrong`] value instead of an error, because an error returned
//!   from inside a collection would leave the event stream mid-collection.
//!
//! Only a YAML syntax error (or a limit of the YAML library) ends the walk:
//! it is reported with what had been found before it.

use super::schema::{Node, Schema, Section};
use super::{Community, FactSheet, FactValue, Record};
use crate::date::{Date, DateError};
use crate::diagnostic::{Bilingual, Diagnostic, Position};
use crate::standard::{FactType, Standard};
use crate::suggest;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;

/// Reading stops after this many problems: past it, the rest are most
/// likely one mistake repeated (a wrong indentation, say).
pub const MAX_PROBLEMS: usize = 50;

/// The largest count a fact may hold. No community has a billion of
/// anything; a larger number is a typo, and the cap keeps every ratio
/// product far inside integer range.
pub const MAX_COUNT: u64 = 1_000_000_000;

/// Reads `source` (the file's text, byte-order mark already removed) as a
/// fact sheet for `standard`.
pub fn read_sheet(
    source: &str,
    standard: &Standard,
    schema: &Schema,
) -> Result<FactSheet, Vec<Diagnostic>> {
    if source.trim().is_empty() {
        return Err(vec![Diagnostic::new(Bilingual::new(
            "文件是空的：事实表至少需要 community.name 和 year",
            "the file is empty: a fact sheet needs at least community.name and year",
        ))]);
    }
    let reader = Reader {
        standard,
        schema,
        pending: RefCell::new(None),
        diagnostics: RefCell::new(Vec::new()),
        sheet: RefCell::new(Partial::default()),
    };
    let deserializer = serde_yaml::Deserializer::from_str(source);
    if let Err(error) = (RootSeed { reader: &reader }).deserialize(deserializer) {
        reader.fatal(&error);
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

/// The part of a collection's value that is not an error: either it was
/// read, or it had the wrong shape (a list where a number belongs) and was
/// skipped, to be reported at its key.
enum Shape<T> {
    Read(T),
    Wrong(Found),
}

/// What was found where something else was expected, for messages.
#[derive(Clone, Debug)]
enum Found {
    Bool(bool),
    Int(i128),
    Float(f64),
    Text(String),
    Null,
    List,
    Mapping,
}

impl Found {
    fn describe(&self) -> Bilingual {
        match self {
            Found::Bool(b) => Bilingual::new(format!("布尔值 {b}"), format!("the boolean {b}")),
            Found::Int(n) => Bilingual::new(format!("数字 {n}"), format!("the number {n}")),
            Found::Float(x) => Bilingual::new(format!("数字 {x}"), format!("the number {x}")),
            Found::Text(t) => Bilingual::new(format!("文字 \"{t}\""), format!("the text \"{t}\"")),
            Found::Null => Bilingual::new("空值", "an empty value"),
            Found::List => Bilingual::new("列表", "a list"),
            Found::Mapping => Bilingual::new("映射（键值对）", "a mapping"),
        }
    }
}

/// The sheet's fixed keys and facts, as far as they have been read.
#[derive(Default)]
struct Partial {
    name: Option<String>,
    district: Option<String>,
    year: Option<(i32, Option<Position>)>,
    as_of: Option<(Date, Option<Position>)>,
    facts: BTreeMap<String, FactValue>,
    /// Where each fact's key stands, for problems found after reading
    /// (a part larger than its whole).
    fact_positions: BTreeMap<String, Option<Position>>,
    evidence: BTreeMap<String, Vec<String>>,
    not_applicable: BTreeMap<String, (String, Option<Position>)>,
    community_position: Option<Position>,
}

/// The walk's shared state. Seeds and visitors hold `&Reader` (serde moves
/// them into the deserializer), so what they record goes through cells.
struct Reader<'a> {
    standard: &'a Standard,
    schema: &'a Schema,
    /// What the last visitor left with a marker error.
    pending: RefCell<Option<Pending>>,
    diagnostics: RefCell<Vec<Diagnostic>>,
    sheet: RefCell<Partial>,
}

/// The 1-based position `yaml_serde` printed after a message, if any.
///
/// Visitors are generic over the deserializer's error type, so the
/// position can only be had from the error's text: `… at line 3 column 5`.
/// A mark at the very start of the file is printed without a suffix.
fn position_in_message(text: &str) -> Option<Position> {
    let tail = &text[text.rfind(" at line ")? + " at line ".len()..];
    let (line, rest) = tail.split_once(" column ")?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some(Position {
        line: line.parse().ok()?,
        column: column.parse().ok()?,
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
    /// a marker is passed back: it ends the walk.
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

    /// Reads the next key of a mapping with its position; `None` at the end.
    fn next_key<'de, A: MapAccess<'de>>(
        &self,
        map: &mut A,
    ) -> Result<Option<(String, Option<Position>)>, A::Error> {
        match map.next_key_seed(KeySeed { reader: self }) {
            Ok(None) => Ok(None),
            // KeySeed always answers with the marker; Ok(Some) cannot happen.
            Ok(Some(())) => Ok(None),
            Err(error) => match self.recover(error)? {
                (Pending::Key(key), position) => Ok(Some((key, position))),
                (Pending::Problem(d), position) => {
                    self.problem(d.at(position));
                    map.next_value::<IgnoredAny>()?;
                    Ok(Some((String::new(), None)))
                }
            },
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
                if let Pending::Problem(d) = pending {
                    self.problem(d.at(position));
                }
                Ok(None)
            }
        }
    }

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
                if let Pending::Problem(d) = pending {
                    self.problem(d.at(position));
                }
                Ok(Some(None))
            }
        }
    }

    /// Reports a key that does not belong, with a suggestion, and skips
    /// its value.
    fn unknown_key<'de, A: MapAccess<'de>>(
        &self,
        map: &mut A,
        key: &str,
        position: Option<Position>,
        parent: &str,
        allowed: &[&str],
    ) -> Result<(), A::Error> {
        let path = join(parent, key);
        let mut diagnostic = Diagnostic::new(Bilingual::new(
            format!("未知的键 `{key}`"),
            format!("unknown key `{key}`"),
        ))
        .at(position)
        .path(&path);
        if let Some(close) = suggest::closest(key, allowed.iter().copied()) {
            diagnostic = diagnostic.help(Bilingual::new(
                format!("是否想写 `{close}`？"),
                format!("did you mean `{close}`?"),
            ));
        } else if let Some(elsewhere) = self.fact_named(key) {
            diagnostic = diagnostic.help(Bilingual::new(
                format!("`{key}` 属于 `{elsewhere}`"),
                format!("`{key}` belongs under `{elsewhere}`"),
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

    /// The full path of a fact whose last key is `key`, if there is one:
    /// a fact written in the wrong section.
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
        path: &str,
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
            .path(path),
        );
    }

    fn wrong_shape(
        &self,
        path: &str,
        position: Option<Position>,
        expected: Bilingual,
        found: &Found,
    ) {
        let found = found.describe();
        self.problem(
            Diagnostic::new(Bilingual::new(
                format!("应为{}，实际为{}", expected.zh, found.zh),
                format!("expected {}, found {}", expected.en, found.en),
            ))
            .at(position)
            .path(path),
        );
    }

    /// Records a syntax error or library limit that ended the walk.
    fn fatal(&self, error: &serde_yaml::Error) {
        if self.too_many() {
            self.problem(Diagnostic::new(Bilingual::new(
                format!("错误过多，已在第 {MAX_PROBLEMS} 个后停止"),
                format!("too many problems: stopped after {MAX_PROBLEMS}"),
            )));
            return;
        }
        let position = error.location().map(|l| Position {
            line: l.line(),
            column: l.column(),
        });
        let text = error.to_string();
        let message = match text.rfind(" at line ") {
            Some(i) if !text.contains(", while ") => text[..i].to_string(),
            _ => text,
        };
        let (zh, en) = if message.contains("recursion limit exceeded") {
            (
                "嵌套层数过深".to_string(),
                "the document is nested too deeply".to_string(),
            )
        } else if message.contains("repetition limit exceeded") {
            (
                "别名（*alias）展开过多，文件可能是恶意构造的".to_string(),
                "aliases (*alias) expand too many times; the file may be malicious".to_string(),
            )
        } else if message.contains("more than one document") {
            (
                "文件包含多个 YAML 文档（---）；每个事实表只能有一个".to_string(),
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
        if sheet.name.is_none() {
            self.problem(
                Diagnostic::new(Bilingual::new(
                    "缺少社区名称：请填写 community.name",
                    "the community's name is missing: fill in community.name",
                ))
                .at(sheet.community_position)
                .path("community.name"),
            );
        }
        let year = match sheet.year {
            Some((year, _)) => Some(year),
            None => {
                self.problem(
                    Diagnostic::new(Bilingual::new(
                        "缺少考评年度：请填写 year，如 year: 2024",
                        "the assessment year is missing: fill in year, e.g. year: 2024",
                    ))
                    .path("year"),
                );
                None
            }
        };
        let as_of = match (year, sheet.as_of) {
            (Some(year), Some((as_of, position))) => {
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
                Some(as_of)
            }
            (Some(year), None) => Date::last_of_year(year),
            (None, _) => None,
        };
        for (part, whole) in self.standard.part_whole_pairs() {
            if let (Some(FactValue::Count(p)), Some(FactValue::Count(w))) =
                (sheet.facts.get(part), sheet.facts.get(whole))
            {
                if p > w {
                    let position = sheet.fact_positions.get(part).copied().flatten();
                    self.problem(
                        Diagnostic::new(Bilingual::new(
                            format!("{part} 为 {p}，大于其总数 {whole}（{w}）：部分不能多于整体"),
                            format!("{part} is {p}, more than {whole} ({w}): a part cannot exceed its whole"),
                        ))
                        .at(position)
                        .path(part),
                    );
                }
            }
        }
        for (id, (_, position)) in &sheet.not_applicable {
            if self.standard.criterion(id).is_some_and(|c| c.veto) {
                self.problem(
                    Diagnostic::new(Bilingual::new(
                        format!("评分项 {id} 是一票否决项，不能声明为不适用"),
                        format!("criterion {id} is a veto criterion and cannot be declared not applicable"),
                    ))
                    .at(*position)
                    .path(format!("not_applicable.{id}")),
                );
            }
        }
        let mut diagnostics = self.diagnostics.take();
        // File order, which is the order a user fixes them in; problems
        // with no place (a missing `year`) come last.
        diagnostics.sort_by_key(|d| d.position.map_or((usize::MAX, 0), |p| (p.line, p.column)));
        if !diagnostics.is_empty() {
            return Err(diagnostics);
        }
        match (sheet.name, year, as_of) {
            (Some(name), Some(year), Some(as_of)) => Ok(FactSheet {
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
            // Each None above pushed a diagnostic, so this is unreachable in
            // practice; answer with an error rather than a panic regardless.
            _ => Err(vec![Diagnostic::new(Bilingual::new(
                "事实表不完整",
                "the fact sheet is incomplete",
            ))]),
        }
    }
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

/// Drains a collection a visitor did not expect, so the walk can go on.
fn drain_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

fn drain_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

// ---------------------------------------------------------------------------
// Keys

struct KeySeed<'r, 'a> {
    reader: &'r Reader<'a>,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        // deserialize_str hands over the key's text as written, so `7.6:`
        // and `10.1:` arrive as the ids they spell, not as numbers.
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, key: &str) -> Result<(), E> {
        *self.reader.pending.borrow_mut() = Some(Pending::Key(key.to_string()));
        Err(E::custom(MARKER))
    }
}

// ---------------------------------------------------------------------------
// The document root

struct RootSeed<'r, 'a> {
    reader: &'r Reader<'a>,
}

impl<'de> DeserializeSeed<'de> for RootSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        let reader = self.reader;
        match deserializer.deserialize_any(RootVisitor { reader }) {
            Ok(Shape::Read(())) => Ok(()),
            Ok(Shape::Wrong(found)) => {
                reader.wrong_shape(
                    "",
                    Some(Position { line: 1, column: 1 }),
                    Bilingual::new(
                        "映射（community:、year: 等键值对）",
                        "a mapping (community:, year:, …)",
                    ),
                    &found,
                );
                Ok(())
            }
            Err(error) => match reader.recover(error)? {
                (Pending::Problem(d), position) => {
                    reader.problem(d.at(position));
                    Ok(())
                }
                (Pending::Key(_), _) => Ok(()),
            },
        }
    }
}

struct RootVisitor<'r, 'a> {
    reader: &'r Reader<'a>,
}

const ROOT_KEYS: [&str; 5] = ["community", "year", "as_of", "evidence", "not_applicable"];

impl<'de> Visitor<'de> for RootVisitor<'_, '_> {
    type Value = Shape<()>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a fact sheet")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Shape<()>, A::Error> {
        let reader = self.reader;
        let schema = reader.schema;
        let mut seen: Vec<(String, Option<Position>)> = Vec::new();
        while let Some((key, position)) = reader.next_key(&mut map)? {
            if key.is_empty() && position.is_none() {
                continue;
            }
            if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
                let first = *first;
                reader.duplicate(&key, &key, position, first);
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            seen.push((key.clone(), position));
            match key.as_str() {
                "community" => {
                    reader.sheet.borrow_mut().community_position = position;
                    if let Some(Shape::Wrong(found)) =
                        reader.value(&mut map, CommunitySeed { reader })?
                    {
                        reader.wrong_shape(
                            "community",
                            position,
                            Bilingual::new(
                                "映射（name:、district:）",
                                "a mapping (name:, district:)",
                            ),
                            &found,
                        );
                    }
                }
                "year" => {
                    if let Some(Some(year)) = reader.value(&mut map, YearSeed { reader })? {
                        reader.sheet.borrow_mut().year = Some((year, position));
                    }
                }
                "as_of" => {
                    let seed = FactSeed {
                        reader,
                        kind: FactType::Date,
                        path: "as_of",
                    };
                    match reader.value(&mut map, seed)? {
                        Some(Shape::Read(Some(FactValue::Date(date)))) => {
                            reader.sheet.borrow_mut().as_of = Some((date, position));
                        }
                        Some(Shape::Wrong(found)) => {
                            reader.wrong_shape("as_of", position, FactType::Date.describe(), &found)
                        }
                        _ => {}
                    }
                }
                "evidence" => {
                    if let Some(Shape::Wrong(found)) =
                        reader.value(&mut map, EvidenceSeed { reader })?
                    {
                        reader.wrong_shape(
                            "evidence",
                            position,
                            Bilingual::new(
                                "映射（评分项编号: 佐证）",
                                "a mapping (criterion id: evidence)",
                            ),
                            &found,
                        );
                    }
                }
                "not_applicable" => {
                    if let Some(Shape::Wrong(found)) =
                        reader.value(&mut map, NotApplicableSeed { reader })?
                    {
                        reader.wrong_shape(
                            "not_applicable",
                            position,
                            Bilingual::new(
                                "映射（评分项编号: 理由）",
                                "a mapping (criterion id: reason)",
                            ),
                            &found,
                        );
                    }
                }
                _ => match schema.root.get(&key) {
                    Some(node) => read_node(reader, &mut map, node, &key, position)?,
                    None => {
                        let allowed: Vec<&str> = ROOT_KEYS
                            .iter()
                            .copied()
                            .chain(schema.root.keys())
                            .collect();
                        reader.unknown_key(&mut map, &key, position, "", &allowed)?;
                    }
                },
            }
        }
        Ok(Shape::Read(()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Shape<()>, A::Error> {
        drain_seq(seq)?;
        Ok(Shape::Wrong(Found::List))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Shape<()>, E> {
        Err(self.reader.pending_problem(Diagnostic::new(Bilingual::new(
            "文件中没有内容：事实表至少需要 community.name 和 year",
            "the file holds nothing: a fact sheet needs at least community.name and year",
        ))))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Shape<()>, E> {
        Err(not_a_sheet(self.reader, Found::Text(v.to_string())))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Shape<()>, E> {
        Err(not_a_sheet(self.reader, Found::Bool(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Shape<()>, E> {
        Err(not_a_sheet(self.reader, Found::Int(v.into())))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Shape<()>, E> {
        Err(not_a_sheet(self.reader, Found::Int(v.into())))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Shape<()>, E> {
        Err(not_a_sheet(self.reader, Found::Float(v)))
    }
}

fn not_a_sheet<E: de::Error>(reader: &Reader, found: Found) -> E {
    let found = found.describe();
    reader.pending_problem(Diagnostic::new(Bilingual::new(
        format!(
            "事实表应为映射（community:、year: 等键值对），实际为{}",
            found.zh
        ),
        format!(
            "a fact sheet is a mapping (community:, year:, …), found {}",
            found.en
        ),
    )))
}

/// Reads the value under a schema key: a section or a fact.
fn read_node<'de, A: MapAccess<'de>>(
    reader: &Reader,
    map: &mut A,
    node: &Node,
    path: &str,
    position: Option<Position>,
) -> Result<(), A::Error> {
    match node {
        Node::Section(section) => {
            let seed = SectionSeed {
                reader,
                section,
                path,
            };
            if let Some(Shape::Wrong(found)) = reader.value(map, seed)? {
                let keys: Vec<&str> = section.keys().collect();
                reader.wrong_shape(
                    path,
                    position,
                    Bilingual::new(
                        format!("映射（{}）", keys.join("、")),
                        format!("a mapping ({})", keys.join(", ")),
                    ),
                    &found,
                );
            }
        }
        Node::Fact { path, kind } => {
            let seed = FactSeed {
                reader,
                kind: *kind,
                path,
            };
            match reader.value(map, seed)? {
                Some(Shape::Read(Some(value))) => {
                    reader.sheet.borrow_mut().facts.insert(path.clone(), value);
                    reader
                        .sheet
                        .borrow_mut()
                        .fact_positions
                        .insert(path.clone(), position);
                }
                Some(Shape::Wrong(found)) => {
                    reader.wrong_shape(path, position, kind.describe(), &found);
                }
                // Left empty (absent), or a problem already recorded.
                Some(Shape::Read(None)) | None => {}
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Sections

struct SectionSeed<'r, 'a, 's> {
    reader: &'r Reader<'a>,
    section: &'s Section,
    path: &'s str,
}

impl<'de> DeserializeSeed<'de> for SectionSeed<'_, '_, '_> {
    type Value = Shape<()>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Shape<()>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for SectionSeed<'_, '_, '_> {
    type Value = Shape<()>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a section")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Shape<()>, A::Error> {
        let reader = self.reader;
        let mut seen: Vec<(String, Option<Position>)> = Vec::new();
        while let Some((key, position)) = reader.next_key(&mut map)? {
            if key.is_empty() && position.is_none() {
                continue;
            }
            let path = join(self.path, &key);
            if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
                let first = *first;
                reader.duplicate(&key, &path, position, first);
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            seen.push((key.clone(), position));
            match self.section.get(&key) {
                Some(node) => read_node(reader, &mut map, node, &path, position)?,
                None => {
                    let allowed: Vec<&str> = self.section.keys().collect();
                    reader.unknown_key(&mut map, &key, position, self.path, &allowed)?;
                }
            }
        }
        Ok(Shape::Read(()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Shape<()>, E> {
        // `stability:` with nothing under it: every fact in it not given.
        Ok(Shape::Read(()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Shape<()>, A::Error> {
        drain_seq(seq)?;
        Ok(Shape::Wrong(Found::List))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Shape<()>, E> {
        Ok(Shape::Wrong(Found::Text(v.to_string())))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Shape<()>, E> {
        Ok(Shape::Wrong(Found::Bool(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Shape<()>, E> {
        Ok(Shape::Wrong(Found::Int(v.into())))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Shape<()>, E> {
        Ok(Shape::Wrong(Found::Int(v.into())))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Shape<()>, E> {
        Ok(Shape::Wrong(Found::Float(v)))
    }
}

// ---------------------------------------------------------------------------
// Facts

struct FactSeed<'r, 'a, 'p> {
    reader: &'r Reader<'a>,
    kind: FactType,
    path: &'p str,
}

impl FactSeed<'_, '_, '_> {
    /// A scalar of the wrong type: recorded at the scalar itself.
    fn mismatch<E: de::Error>(self, found: Found) -> E {
        let expected = self.kind.describe();
        let described = found.describe();
        let mut diagnostic = Diagnostic::new(Bilingual::new(
            format!("应为{}，实际为{}", expected.zh, described.zh),
            format!("expected {}, found {}", expected.en, described.en),
        ))
        .path(self.path);
        if let Some(hint) = hint(self.kind, &found) {
            diagnostic = diagnostic.help(hint);
        }
        self.reader.pending_problem(diagnostic)
    }

    fn invalid<E: de::Error>(self, zh: String, en: String) -> E {
        let diagnostic = Diagnostic::new(Bilingual::new(zh, en)).path(self.path);
        self.reader.pending_problem(diagnostic)
    }

    fn count<E: de::Error>(self, n: i128) -> Result<Shape<Option<FactValue>>, E> {
        if n < 0 {
            return Err(self.invalid(
                format!("数量不能为负数，实际为 {n}"),
                format!("a count cannot be negative, found {n}"),
            ));
        }
        match u64::try_from(n) {
            Ok(n) if n <= MAX_COUNT => Ok(Shape::Read(Some(FactValue::Count(n)))),
            _ => Err(self.invalid(
                format!("数字 {n} 过大（上限 {MAX_COUNT}）"),
                format!("the number {n} is too large (at most {MAX_COUNT})"),
            )),
        }
    }
}

/// A fix for the commonest slips: `yes` for `true`, a quoted number.
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
        (FactType::Date, Found::Text(_)) | (FactType::Date, Found::Int(_)) => Some(Bilingual::new(
            "日期写作 YYYY-MM-DD，如 2024-03-15",
            "write dates as YYYY-MM-DD, e.g. 2024-03-15",
        )),
        (FactType::Records, Found::Text(t)) if Date::parse(t).is_ok() => Some(Bilingual::new(
            format!("记录应写成列表：\n      - {t}"),
            format!("records are a list: write\n      - {t}"),
        )),
        _ => None,
    }
}

impl<'de> DeserializeSeed<'de> for FactSeed<'_, '_, '_> {
    type Value = Shape<Option<FactValue>>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
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
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        match self.kind {
            FactType::Flag => Ok(Shape::Read(Some(FactValue::Flag(v)))),
            _ => Err(self.mismatch(Found::Bool(v))),
        }
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        match self.kind {
            FactType::Count => self.count(v.into()),
            _ => Err(self.mismatch(Found::Int(v.into()))),
        }
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        match self.kind {
            FactType::Count => self.count(v.into()),
            _ => Err(self.mismatch(Found::Int(v.into()))),
        }
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Self::Value, E> {
        match self.kind {
            FactType::Count => self.count(i128::try_from(v).unwrap_or(i128::MAX)),
            _ => Err(self.mismatch(Found::Int(i128::try_from(v).unwrap_or(i128::MAX)))),
        }
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Self::Value, E> {
        match self.kind {
            FactType::Count => self.count(v),
            _ => Err(self.mismatch(Found::Int(v))),
        }
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        match self.kind {
            FactType::Count if v.fract() == 0.0 && v.abs() > MAX_COUNT as f64 => Err(self.invalid(
                format!("数字 {v} 过大（上限 {MAX_COUNT}）"),
                format!("the number {v} is too large (at most {MAX_COUNT})"),
            )),
            FactType::Count => Err(self.invalid(
                format!("数量应为整数，实际为 {v}"),
                format!("a count is a whole number, found {v}"),
            )),
            _ => Err(self.mismatch(Found::Float(v))),
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if self.kind != FactType::Date {
            return Err(self.mismatch(Found::Text(v.to_string())));
        }
        match Date::parse(v) {
            Ok(date) => Ok(Shape::Read(Some(FactValue::Date(date)))),
            Err(error) => Err(date_error(self.reader, v, &error, self.path)),
        }
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        if self.kind != FactType::Records {
            drain_seq(seq)?;
            return Ok(Shape::Wrong(Found::List));
        }
        let reader = self.reader;
        let mut records = Vec::new();
        let mut index = 0;
        while let Some(record) = reader.element(
            &mut seq,
            RecordSeed {
                reader,
                path: format!("{}[{index}]", self.path),
            },
        )? {
            if let Some(Some(record)) = record {
                records.push(record);
            }
            index += 1;
        }
        Ok(Shape::Read(Some(FactValue::Records(records))))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        drain_map(map)?;
        Ok(Shape::Wrong(Found::Mapping))
    }
}

fn date_error<E: de::Error>(reader: &Reader, text: &str, error: &DateError, path: &str) -> E {
    let diagnostic = match error {
        DateError::Shape => Diagnostic::new(Bilingual::new(
            format!("应为日期（YYYY-MM-DD），实际为 \"{text}\""),
            format!("expected a date (YYYY-MM-DD), found \"{text}\""),
        ))
        .help(Bilingual::new(
            "日期写作 YYYY-MM-DD，如 2024-03-15",
            "write dates as YYYY-MM-DD, e.g. 2024-03-15",
        )),
        DateError::NoSuchDay => Diagnostic::new(Bilingual::new(
            format!("日期 {text} 不存在"),
            format!("there is no such day as {text}"),
        )),
    };
    reader.pending_problem(diagnostic.path(path))
}

// ---------------------------------------------------------------------------
// Records: a bare date, or a mapping with `date` and optional `title`, `evidence`

struct RecordSeed<'r, 'a> {
    reader: &'r Reader<'a>,
    path: String,
}

impl<'de> DeserializeSeed<'de> for RecordSeed<'_, '_> {
    type Value = Option<Record>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl RecordSeed<'_, '_> {
    fn not_a_record<E: de::Error>(self, found: Found) -> E {
        let described = found.describe();
        let diagnostic = Diagnostic::new(Bilingual::new(
            format!("记录应为日期或含 date 的映射，实际为{}", described.zh),
            format!(
                "a record is a date or a mapping with `date`, found {}",
                described.en
            ),
        ))
        .path(self.path);
        self.reader.pending_problem(diagnostic)
    }
}

const RECORD_KEYS: [&str; 3] = ["date", "title", "evidence"];

impl<'de> Visitor<'de> for RecordSeed<'_, '_> {
    type Value = Option<Record>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a record")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        match Date::parse(v) {
            Ok(date) => Ok(Some(Record {
                date,
                title: None,
                evidence: None,
            })),
            Err(error) => Err(date_error(self.reader, v, &error, &self.path)),
        }
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Err(self.not_a_record(Found::Null))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Err(self.not_a_record(Found::Bool(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Err(self.not_a_record(Found::Int(v.into())))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Err(self.not_a_record(Found::Int(v.into())))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Err(self.not_a_record(Found::Float(v)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        // A list inside a list of records has no position of its own to
        // report at; the record list's element path names it.
        drain_seq(seq)?;
        self.reader.problem(
            Diagnostic::new(Bilingual::new(
                "记录应为日期或含 date 的映射，实际为列表",
                "a record is a date or a mapping with `date`, found a list",
            ))
            .path(&self.path),
        );
        Ok(None)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let reader = self.reader;
        let mut date = None;
        let mut title = None;
        let mut evidence = None;
        let mut first_position = None;
        let mut seen: Vec<(String, Option<Position>)> = Vec::new();
        let mut broken = false;
        while let Some((key, position)) = reader.next_key(&mut map)? {
            if key.is_empty() && position.is_none() {
                broken = true;
                continue;
            }
            first_position = first_position.or(position);
            let path = join(&self.path, &key);
            if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
                let first = *first;
                reader.duplicate(&key, &path, position, first);
                map.next_value::<IgnoredAny>()?;
                broken = true;
                continue;
            }
            seen.push((key.clone(), position));
            match key.as_str() {
                "date" => {
                    let seed = FactSeed {
                        reader,
                        kind: FactType::Date,
                        path: &path,
                    };
                    match reader.value(&mut map, seed)? {
                        Some(Shape::Read(Some(FactValue::Date(d)))) => date = Some(d),
                        Some(Shape::Wrong(found)) => {
                            reader.wrong_shape(&path, position, FactType::Date.describe(), &found);
                            broken = true;
                        }
                        Some(Shape::Read(None)) => {}
                        _ => broken = true,
                    }
                }
                "title" | "evidence" => {
                    let seed = TextSeed {
                        reader,
                        path: &path,
                    };
                    match reader.value(&mut map, seed)? {
                        Some(Shape::Read(text)) => {
                            if key == "title" {
                                title = text;
                            } else {
                                evidence = text;
                            }
                        }
                        Some(Shape::Wrong(found)) => {
                            reader.wrong_shape(&path, position, text_expected(), &found);
                            broken = true;
                        }
                        None => broken = true,
                    }
                }
                _ => {
                    reader.unknown_key(&mut map, &key, position, &self.path, &RECORD_KEYS)?;
                    broken = true;
                }
            }
        }
        if date.is_none() && !broken {
            reader.problem(
                Diagnostic::new(Bilingual::new(
                    "记录缺少日期：每条记录都需要 date",
                    "the record has no date: every record needs `date`",
                ))
                .at(first_position)
                .path(&self.path),
            );
        }
        Ok(date.map(|date| Record {
            date,
            title,
            evidence,
        }))
    }
}

// ---------------------------------------------------------------------------
// Text, community, year, evidence, not_applicable

fn text_expected() -> Bilingual {
    Bilingual::new("文字", "text")
}

struct TextSeed<'r, 'a, 'p> {
    reader: &'r Reader<'a>,
    path: &'p str,
}

impl<'de> DeserializeSeed<'de> for TextSeed<'_, '_, '_> {
    type Value = Shape<Option<String>>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TextSeed<'_, '_, '_> {
    type Value = Shape<Option<String>>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("text")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let v = v.trim();
        Ok(Shape::Read((!v.is_empty()).then(|| v.to_string())))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Shape::Read(None))
    }
    // A number is text enough for a title or a name ("2号楼").
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Shape::Read(Some(v.to_string())))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Shape::Read(Some(v.to_string())))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Shape::Read(Some(v.to_string())))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        let found = Found::Bool(v).describe();
        let diagnostic = Diagnostic::new(Bilingual::new(
            format!("应为文字，实际为{}", found.zh),
            format!("expected text, found {}", found.en),
        ))
        .path(self.path);
        Err(self.reader.pending_problem(diagnostic))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        drain_seq(seq)?;
        Ok(Shape::Wrong(Found::List))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        drain_map(map)?;
        Ok(Shape::Wrong(Found::Mapping))
    }
}

struct CommunitySeed<'r, 'a> {
    reader: &'r Reader<'a>,
}

impl<'de> DeserializeSeed<'de> for CommunitySeed<'_, '_> {
    type Value = Shape<()>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

const COMMUNITY_KEYS: [&str; 2] = ["name", "district"];

impl<'de> Visitor<'de> for CommunitySeed<'_, '_> {
    type Value = Shape<()>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the community")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let reader = self.reader;
        let mut seen: Vec<(String, Option<Position>)> = Vec::new();
        while let Some((key, position)) = reader.next_key(&mut map)? {
            if key.is_empty() && position.is_none() {
                continue;
            }
            let path = join("community", &key);
            if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
                let first = *first;
                reader.duplicate(&key, &path, position, first);
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            seen.push((key.clone(), position));
            if !COMMUNITY_KEYS.contains(&key.as_str()) {
                reader.unknown_key(&mut map, &key, position, "community", &COMMUNITY_KEYS)?;
                continue;
            }
            let seed = TextSeed {
                reader,
                path: &path,
            };
            match reader.value(&mut map, seed)? {
                Some(Shape::Read(text)) if key == "name" => reader.sheet.borrow_mut().name = text,
                Some(Shape::Read(text)) => reader.sheet.borrow_mut().district = text,
                Some(Shape::Wrong(found)) => {
                    reader.wrong_shape(&path, position, text_expected(), &found)
                }
                None => {}
            }
        }
        Ok(Shape::Read(()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Shape::Read(()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        drain_seq(seq)?;
        Ok(Shape::Wrong(Found::List))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Shape::Wrong(Found::Text(v.to_string())))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Shape::Wrong(Found::Bool(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Shape::Wrong(Found::Int(v.into())))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Shape::Wrong(Found::Int(v.into())))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Shape::Wrong(Found::Float(v)))
    }
}

struct YearSeed<'r, 'a> {
    reader: &'r Reader<'a>,
}

impl<'de> DeserializeSeed<'de> for YearSeed<'_, '_> {
    type Value = Option<i32>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl YearSeed<'_, '_> {
    fn not_a_year<E: de::Error>(self, found: Found) -> E {
        let described = found.describe();
        let mut diagnostic = Diagnostic::new(Bilingual::new(
            format!("考评年度应为四位整数（如 2024），实际为{}", described.zh),
            format!(
                "the assessment year is a four-digit whole number (e.g. 2024), found {}",
                described.en
            ),
        ))
        .path("year");
        if matches!(found, Found::Text(ref t) if t.trim().parse::<i32>().is_ok()) {
            diagnostic = diagnostic.help(Bilingual::new(
                "年份不要加引号",
                "write the year without quotes",
            ));
        }
        self.reader.pending_problem(diagnostic)
    }
}

impl<'de> Visitor<'de> for YearSeed<'_, '_> {
    type Value = Option<i32>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a year")
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        match i32::try_from(v) {
            // The years a date can carry (see `Date`), with room for a
            // term counted back from the year.
            Ok(year) if (1000..=9998).contains(&year) => Ok(Some(year)),
            _ => Err(self.not_a_year(Found::Int(v.into()))),
        }
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Err(self.not_a_year(Found::Int(v.into())))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Err(self.not_a_year(Found::Float(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Err(self.not_a_year(Found::Text(v.to_string())))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Err(self.not_a_year(Found::Bool(v)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        // Reported once at the end as "year is missing".
        Ok(None)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        drain_seq(seq)?;
        self.reader.problem(
            Diagnostic::new(Bilingual::new(
                "考评年度应为四位整数，实际为列表",
                "the assessment year is a four-digit whole number, found a list",
            ))
            .path("year"),
        );
        Ok(None)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        drain_map(map)?;
        self.reader.problem(
            Diagnostic::new(Bilingual::new(
                "考评年度应为四位整数，实际为映射",
                "the assessment year is a four-digit whole number, found a mapping",
            ))
            .path("year"),
        );
        Ok(None)
    }
}

/// Reads a mapping keyed by criterion id (`evidence`, `not_applicable`),
/// checking every id against the standard.
fn criterion_key<'de, A: MapAccess<'de>>(
    reader: &Reader,
    map: &mut A,
    section: &str,
    key: &str,
    position: Option<Position>,
) -> Result<bool, A::Error> {
    if reader.standard.criterion(key).is_some() {
        return Ok(true);
    }
    let ids: Vec<&str> = reader
        .standard
        .criteria()
        .map(|(_, c)| c.id.as_str())
        .collect();
    let mut diagnostic = Diagnostic::new(Bilingual::new(
        format!("标准中没有评分项 \"{key}\""),
        format!("the standard has no criterion \"{key}\""),
    ))
    .at(position)
    .path(format!("{section}.{key}"));
    if let Some(close) = suggest::closest(key, ids.iter().copied()) {
        diagnostic = diagnostic.help(Bilingual::new(
            format!("是否想写 \"{close}\"？"),
            format!("did you mean \"{close}\"?"),
        ));
    }
    reader.problem(diagnostic);
    map.next_value::<IgnoredAny>()?;
    Ok(false)
}

struct EvidenceSeed<'r, 'a> {
    reader: &'r Reader<'a>,
}

impl<'de> DeserializeSeed<'de> for EvidenceSeed<'_, '_> {
    type Value = Shape<()>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for EvidenceSeed<'_, '_> {
    type Value = Shape<()>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("evidence")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let reader = self.reader;
        let mut seen: Vec<(String, Option<Position>)> = Vec::new();
        while let Some((key, position)) = reader.next_key(&mut map)? {
            if key.is_empty() && position.is_none() {
                continue;
            }
            let path = format!("evidence.{key}");
            if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
                let first = *first;
                reader.duplicate(&key, &path, position, first);
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            seen.push((key.clone(), position));
            if !criterion_key(reader, &mut map, "evidence", &key, position)? {
                continue;
            }
            let seed = EvidenceListSeed {
                reader,
                path: &path,
            };
            match reader.value(&mut map, seed)? {
                Some(Shape::Read(items)) if !items.is_empty() => {
                    reader.sheet.borrow_mut().evidence.insert(key, items);
                }
                Some(Shape::Wrong(found)) => reader.wrong_shape(
                    &path,
                    position,
                    Bilingual::new("文字或文字列表", "text or a list of texts"),
                    &found,
                ),
                _ => {}
            }
        }
        Ok(Shape::Read(()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Shape::Read(()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        drain_seq(seq)?;
        Ok(Shape::Wrong(Found::List))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Shape::Wrong(Found::Text(v.to_string())))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Shape::Wrong(Found::Bool(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Shape::Wrong(Found::Int(v.into())))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Shape::Wrong(Found::Int(v.into())))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Shape::Wrong(Found::Float(v)))
    }
}

/// One criterion's evidence: a text, or a list of texts.
struct EvidenceListSeed<'r, 'a, 'p> {
    reader: &'r Reader<'a>,
    path: &'p str,
}

impl<'de> DeserializeSeed<'de> for EvidenceListSeed<'_, '_, '_> {
    type Value = Shape<Vec<String>>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for EvidenceListSeed<'_, '_, '_> {
    type Value = Shape<Vec<String>>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("evidence")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let v = v.trim();
        Ok(Shape::Read(if v.is_empty() {
            Vec::new()
        } else {
            vec![v.to_string()]
        }))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Shape::Read(vec![v.to_string()]))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Shape::Read(vec![v.to_string()]))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Shape::Read(vec![v.to_string()]))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Shape::Read(Vec::new()))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        let found = Found::Bool(v).describe();
        let diagnostic = Diagnostic::new(Bilingual::new(
            format!("佐证应为文字（台账名称、文件、照片），实际为{}", found.zh),
            format!(
                "evidence is text (a ledger, a file, photos), found {}",
                found.en
            ),
        ))
        .path(self.path);
        Err(self.reader.pending_problem(diagnostic))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let reader = self.reader;
        let mut items = Vec::new();
        let mut index = 0;
        while let Some(item) = reader.element(
            &mut seq,
            TextSeed {
                reader,
                path: &format!("{}[{index}]", self.path),
            },
        )? {
            match item {
                Some(Shape::Read(Some(text))) => items.push(text),
                Some(Shape::Wrong(found)) => {
                    let path = format!("{}[{index}]", self.path);
                    reader.wrong_shape(&path, None, text_expected(), &found);
                }
                _ => {}
            }
            index += 1;
        }
        Ok(Shape::Read(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        drain_map(map)?;
        Ok(Shape::Wrong(Found::Mapping))
    }
}

struct NotApplicableSeed<'r, 'a> {
    reader: &'r Reader<'a>,
}

impl<'de> DeserializeSeed<'de> for NotApplicableSeed<'_, '_> {
    type Value = Shape<()>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for NotApplicableSeed<'_, '_> {
    type Value = Shape<()>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("declarations")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let reader = self.reader;
        let mut seen: Vec<(String, Option<Position>)> = Vec::new();
        while let Some((key, position)) = reader.next_key(&mut map)? {
            if key.is_empty() && position.is_none() {
                continue;
            }
            let path = format!("not_applicable.{key}");
            if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
                let first = *first;
                reader.duplicate(&key, &path, position, first);
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            seen.push((key.clone(), position));
            if !criterion_key(reader, &mut map, "not_applicable", &key, position)? {
                continue;
            }
            let seed = TextSeed {
                reader,
                path: &path,
            };
            match reader.value(&mut map, seed)? {
                Some(Shape::Read(Some(reason))) => {
                    reader
                        .sheet
                        .borrow_mut()
                        .not_applicable
                        .insert(key, (reason, position));
                }
                Some(Shape::Read(None)) => reader.problem(
                    Diagnostic::new(Bilingual::new(
                        format!("声明评分项 {key} 不适用时必须写明理由"),
                        format!("declaring criterion {key} not applicable needs a reason"),
                    ))
                    .at(position)
                    .path(&path),
                ),
                Some(Shape::Wrong(found)) => {
                    reader.wrong_shape(&path, position, text_expected(), &found)
                }
                None => {}
            }
        }
        Ok(Shape::Read(()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Shape::Read(()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        drain_seq(seq)?;
        Ok(Shape::Wrong(Found::List))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Shape::Wrong(Found::Text(v.to_string())))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Shape::Wrong(Found::Bool(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Shape::Wrong(Found::Int(v.into())))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Shape::Wrong(Found::Int(v.into())))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Shape::Wrong(Found::Float(v)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standard::default_standard;

    fn read(source: &str) -> Result<FactSheet, Vec<String>> {
        let standard = default_standard();
        let schema = Schema::for_standard(&standard);
        read_sheet(source, &standard, &schema).map_err(|diagnostics| {
            diagnostics
                .into_iter()
                .map(|d| {
                    let place = d
                        .position
                        .map_or("-".to_string(), |p| format!("{}:{}", p.line, p.column));
                    let path = d.key_path.unwrap_or_default();
                    format!("{place} {path}: {}", d.message.en)
                })
                .collect()
        })
    }

    const HEAD: &str = "community:\n  name: 测试社区\nyear: 2024\n";

    #[test]
    fn reads_facts_of_every_type() {
        let sheet = read(&format!(
            "{HEAD}organization:\n  leading_group: true\nstability:\n  released_persons: 50\n  reoffenders: 1\n\
             elections:\n  last_election: 2021-05-20\ndecisions:\n  representative_assemblies:\n    - 2024-03-01\n    - date: 2024-09-01\n      title: 年中大会\n"
        ))
        .unwrap();
        assert_eq!(sheet.community.name, "测试社区");
        assert_eq!(sheet.as_of, Date::parse("2024-12-31").unwrap());
        assert_eq!(
            sheet.fact("organization.leading_group"),
            Some(&FactValue::Flag(true))
        );
        assert_eq!(
            sheet.fact("stability.released_persons"),
            Some(&FactValue::Count(50))
        );
        assert_eq!(
            sheet.fact("elections.last_election"),
            Some(&FactValue::Date(Date::parse("2021-05-20").unwrap()))
        );
        let Some(FactValue::Records(records)) = sheet.fact("decisions.representative_assemblies")
        else {
            panic!("records");
        };
        assert_eq!(records.len(), 2);
        assert_eq!(records[1].title.as_deref(), Some("年中大会"));
    }

    #[test]
    fn empty_values_are_absent_not_errors() {
        let sheet = read(&format!(
            "{HEAD}organization:\n  leading_group:\n  led_by_director: ~\nstability:\nas_of:\n"
        ))
        .unwrap();
        assert!(sheet.facts.is_empty());
        assert_eq!(sheet.as_of.to_string(), "2024-12-31");
    }

    #[test]
    fn unknown_keys_get_a_suggestion_and_their_position() {
        let errors = read(&format!(
            "{HEAD}stabilty:\n  reoffenders: 1\norganization:\n  leading_grop: true\n"
        ))
        .unwrap_err();
        assert_eq!(
            errors,
            [
                "4:1 stabilty: unknown key `stabilty`",
                "7:3 organization.leading_grop: unknown key `leading_grop`"
            ]
        );
    }

    #[test]
    fn wrong_types_are_named_with_what_was_found() {
        let errors = read(&format!(
            "{HEAD}organization:\n  leading_group: yes\nstability:\n  reoffenders: -1\n  released_persons: 2.5\n\
             elections:\n  last_election: 2024-02-30\n  procedure: [1, 2]\n"
        ))
        .unwrap_err();
        assert_eq!(
            errors,
            [
                "5:18 organization.leading_group: expected true or false, found the text \"yes\"",
                "7:16 stability.reoffenders: a count cannot be negative, found -1",
                "8:21 stability.released_persons: a count is a whole number, found 2.5",
                "10:18 elections.last_election: there is no such day as 2024-02-30",
                "11:3 elections.procedure: expected a mapping (voter_registration, candidate_nomination, secret_ballot_booth, public_count, results_announced), found a list",
            ]
        );
    }

    #[test]
    fn criterion_ids_written_as_numbers_are_read_as_ids() {
        let sheet = read(&format!(
            "{HEAD}evidence:\n  7.6: 2024年法制宣传活动台账\n  10.1: [荣誉证书, 照片]\nnot_applicable:\n  1.3: 社区规模小\n"
        ))
        .unwrap();
        assert_eq!(sheet.evidence["7.6"], ["2024年法制宣传活动台账"]);
        assert_eq!(sheet.evidence["10.1"], ["荣誉证书", "照片"]);
        assert_eq!(sheet.not_applicable["1.3"], "社区规模小");
    }

    #[test]
    fn declarations_are_checked_against_the_standard() {
        let errors = read(&format!(
            "{HEAD}evidence:\n  7.7: 台账\nnot_applicable:\n  9.3: 无\n  1.3:\n"
        ))
        .unwrap_err();
        assert_eq!(
            errors,
            [
                "5:3 evidence.7.7: the standard has no criterion \"7.7\"",
                "7:3 not_applicable.9.3: criterion 9.3 is a veto criterion and cannot be declared not applicable",
                "8:3 not_applicable.1.3: declaring criterion 1.3 not applicable needs a reason",
            ]
        );
    }

    #[test]
    fn a_part_larger_than_its_whole_is_an_input_error() {
        let errors = read(&format!(
            "{HEAD}stability:\n  reoffenders: 3\n  released_persons: 2\nsupervision:\n  satisfaction:\n    surveyed: 10\n    satisfied: 10\n"
        ))
        .unwrap_err();
        assert_eq!(
            errors,
            [
                "5:3 stability.reoffenders: stability.reoffenders is 3, more than stability.released_persons (2): a part cannot exceed its whole"
            ]
        );
    }

    #[test]
    fn records_need_dates() {
        let errors = read(&format!(
            "{HEAD}legal_education:\n  activities:\n    - title: 普法\n    - 2024-13-01\n    - date: 2024-01-01\n      place: 广场\n    -\n"
        ))
        .unwrap_err();
        assert_eq!(
            errors,
            [
                "6:7 legal_education.activities[0]: the record has no date: every record needs `date`",
                "7:7 legal_education.activities[1]: there is no such day as 2024-13-01",
                "9:7 legal_education.activities[2].place: unknown key `place`",
                "10:6 legal_education.activities[3]: a record is a date or a mapping with `date`, found an empty value",
            ]
        );
    }

    #[test]
    fn duplicate_keys_and_missing_required_keys_are_reported() {
        let errors = read("community:\n  district: 大榭\nyear: 2024\nyear: 2025\n").unwrap_err();
        assert_eq!(
            errors,
            [
                "1:1 community.name: the community's name is missing: fill in community.name",
                "4:1 year: duplicate key `year` (first on line 3); write it once",
            ]
        );
        let errors = read("community:\n  name: x\n").unwrap_err();
        assert_eq!(
            errors,
            ["- year: the assessment year is missing: fill in year, e.g. year: 2024"]
        );
    }

    #[test]
    fn as_of_cannot_precede_the_year() {
        let errors = read(&format!("{HEAD}as_of: 2023-12-31\n")).unwrap_err();
        assert_eq!(
            errors,
            ["4:1 as_of: as_of 2023-12-31 is before the assessment year 2024 begins"]
        );
        assert!(read(&format!("{HEAD}as_of: 2025-03-01\n")).is_ok());
    }

    #[test]
    fn syntax_errors_end_the_walk_but_keep_earlier_findings() {
        let errors = read(&format!("{HEAD}stabilty: 1\norganization: [\n")).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].starts_with("4:1 stabilty: unknown key"));
        assert!(errors[1].contains("YAML syntax error"), "{errors:?}");
    }

    #[test]
    fn the_position_suffix_is_read_back() {
        assert_eq!(
            position_in_message("a.b: x at line 3 column 15"),
            Some(Position {
                line: 3,
                column: 15
            })
        );
        assert_eq!(position_in_message("x"), None);
    }
}
