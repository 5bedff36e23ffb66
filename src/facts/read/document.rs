//! The mappings of a fact sheet and what belongs in each: the document
//! root, the standard's sections, `community`, `evidence` and
//! `not_applicable`.

use super::Reader;
use super::mapping::{Entries, KeyPath, MappingSeed, Shape, read_mapping};
use super::values::{EvidenceSeed, FactSeed, TextSeed, YearSeed, text_expected, year_expected};
use crate::diagnostic::{Bilingual, Diagnostic, Position};
use crate::facts::FactValue;
use crate::facts::schema::{Node, Section};
use crate::standard::FactType;
use crate::suggest;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess};

/// The keys every sheet may hold besides the standard's sections.
const FIXED_KEYS: [&str; 5] = ["community", "year", "as_of", "evidence", "not_applicable"];

/// The whole document: a mapping of the fixed keys and the sections.
pub(super) struct RootSeed<'r, 'a> {
    pub(super) reader: &'r Reader<'a>,
}

impl<'de> DeserializeSeed<'de> for RootSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        let reader = self.reader;
        let seed = MappingSeed {
            reader,
            path: &KeyPath::Root,
            entries: RootEntries,
        };
        match seed.deserialize(deserializer) {
            Ok((_, Shape::Read(()))) => {}
            Ok((_, Shape::Wrong(found))) => {
                reader.wrong_shape(
                    &KeyPath::Root,
                    Some(Position { line: 1, column: 1 }),
                    &RootEntries.expected(),
                    &found,
                );
                reader.sheet.borrow_mut().incomplete = true;
            }
            Err(error) => {
                // A scalar document (`金海岸社区`): reported at the scalar.
                let (pending, position) = reader.recover(error)?;
                reader.record(pending, position);
                reader.sheet.borrow_mut().incomplete = true;
            }
        }
        Ok(())
    }
}

struct RootEntries;

impl Entries for RootEntries {
    fn expected(&self) -> Bilingual {
        Bilingual::new(
            "映射（community:、year: 等键值对）",
            "a mapping (community:, year:, …)",
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
        match key {
            "community" => {
                reader.sheet.borrow_mut().community_position = position;
                read_mapping(reader, map, path, position, CommunityEntries)?;
            }
            "year" => {
                match reader.value(map, YearSeed { reader })? {
                    Some(Shape::Read(Some(year))) => reader.sheet.borrow_mut().year = Some(year),
                    // Left empty: reported at the end as missing.
                    Some(Shape::Read(None)) => {}
                    Some(Shape::Wrong(found)) => {
                        reader.wrong_shape(path, position, &year_expected(), &found);
                        reader.sheet.borrow_mut().year_refused = true;
                    }
                    None => reader.sheet.borrow_mut().year_refused = true,
                }
            }
            "as_of" => {
                let seed = FactSeed {
                    reader,
                    kind: FactType::Date,
                    path,
                };
                match reader.value(map, seed)? {
                    Some(Shape::Read(Some(FactValue::Date(date)))) => {
                        reader.sheet.borrow_mut().as_of = Some((date, position));
                    }
                    Some(Shape::Wrong(found)) => {
                        reader.wrong_shape(path, position, &FactType::Date.describe(), &found);
                    }
                    _ => {}
                }
            }
            "evidence" => {
                read_mapping(reader, map, path, position, EvidenceEntries)?;
            }
            "not_applicable" => {
                read_mapping(reader, map, path, position, NotApplicableEntries)?;
            }
            _ => match reader.schema.root.get(key) {
                Some(node) => read_node(reader, map, node, path, position)?,
                None => {
                    let allowed: Vec<&str> = FIXED_KEYS
                        .iter()
                        .copied()
                        .chain(reader.schema.root.keys())
                        .collect();
                    reader.unknown_key(map, key, path, position, &allowed)?;
                }
            },
        }
        Ok(())
    }
}

/// A section of the standard's facts (`stability:`), at any depth.
struct SectionEntries<'s> {
    section: &'s Section,
}

impl Entries for SectionEntries<'_> {
    fn expected(&self) -> Bilingual {
        let keys: Vec<&str> = self.section.keys().collect();
        Bilingual::new(
            format!("映射（{}）", keys.join("、")),
            format!("a mapping ({})", keys.join(", ")),
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
        match self.section.get(key) {
            Some(node) => read_node(reader, map, node, path, position),
            None => {
                let allowed: Vec<&str> = self.section.keys().collect();
                reader.unknown_key(map, key, path, position, &allowed)
            }
        }
    }
}

/// Reads the value under a schema key: a section or a fact.
fn read_node<'de, A: MapAccess<'de>>(
    reader: &Reader,
    map: &mut A,
    node: &Node,
    path: &KeyPath,
    position: Option<Position>,
) -> Result<(), A::Error> {
    match node {
        Node::Section(section) => {
            read_mapping(reader, map, path, position, SectionEntries { section })?;
        }
        Node::Fact { path: full, kind } => {
            let path = &KeyPath::Full(full);
            let seed = FactSeed {
                reader,
                kind: *kind,
                path,
            };
            match reader.value(map, seed)? {
                Some(Shape::Read(Some(value))) => {
                    let mut sheet = reader.sheet.borrow_mut();
                    sheet.facts.insert(full.clone(), value);
                    // Positions matter only to report a problem, and are
                    // known only when keys are located (see `read_sheet`).
                    if position.is_some() {
                        sheet.fact_positions.insert(full.clone(), position);
                    }
                }
                Some(Shape::Wrong(found)) => {
                    reader.wrong_shape(path, position, &kind.describe(), &found);
                }
                // Left empty (not given), or a problem already recorded.
                Some(Shape::Read(None)) | None => {}
            }
        }
    }
    Ok(())
}

const COMMUNITY_KEYS: [&str; 2] = ["name", "district"];

struct CommunityEntries;

impl Entries for CommunityEntries {
    fn expected(&self) -> Bilingual {
        Bilingual::new("映射（name:、district:）", "a mapping (name:, district:)")
    }

    fn entry<'de, A: MapAccess<'de>>(
        &mut self,
        reader: &Reader,
        map: &mut A,
        key: &str,
        path: &KeyPath,
        position: Option<Position>,
    ) -> Result<(), A::Error> {
        if !COMMUNITY_KEYS.contains(&key) {
            return reader.unknown_key(map, key, path, position, &COMMUNITY_KEYS);
        }
        match reader.value(map, TextSeed { reader, path })? {
            Some(Shape::Read(text)) if key == "name" => reader.sheet.borrow_mut().name = text,
            Some(Shape::Read(text)) => reader.sheet.borrow_mut().district = text,
            Some(Shape::Wrong(found)) => {
                reader.wrong_shape(path, position, &text_expected(), &found);
                reader.sheet.borrow_mut().name_refused |= key == "name";
            }
            None => reader.sheet.borrow_mut().name_refused |= key == "name",
        }
        Ok(())
    }
}

/// Checks that a key of `evidence` or `not_applicable` names a criterion
/// of the standard; if not, reports it (with a suggestion) and skips it.
fn criterion_key<'de, A: MapAccess<'de>>(
    reader: &Reader,
    map: &mut A,
    key: &str,
    path: &KeyPath,
    position: Option<Position>,
) -> Result<bool, A::Error> {
    if reader.standard.criterion(key).is_some() {
        return Ok(true);
    }
    let ids = reader.standard.criteria().map(|(_, c)| c.id.as_str());
    let mut diagnostic = Diagnostic::new(Bilingual::new(
        format!("标准中没有评分项 \"{key}\""),
        format!("the standard has no criterion \"{key}\""),
    ))
    .at(position)
    .path(path.to_string());
    if let Some(close) = suggest::closest(key, ids) {
        diagnostic = diagnostic.help(Bilingual::new(
            format!("是否想写 \"{close}\"？"),
            format!("did you mean \"{close}\"?"),
        ));
    }
    reader.problem(diagnostic);
    map.next_value::<IgnoredAny>()?;
    Ok(false)
}

/// `evidence`: criterion id → a text or a list of texts.
struct EvidenceEntries;

impl Entries for EvidenceEntries {
    fn expected(&self) -> Bilingual {
        Bilingual::new(
            "映射（评分项编号: 佐证）",
            "a mapping (criterion id: evidence)",
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
        if !criterion_key(reader, map, key, path, position)? {
            return Ok(());
        }
        match reader.value(map, EvidenceSeed { reader, path })? {
            Some(Shape::Read(items)) if !items.is_empty() => {
                reader
                    .sheet
                    .borrow_mut()
                    .evidence
                    .insert(key.to_string(), items);
            }
            Some(Shape::Wrong(found)) => reader.wrong_shape(
                path,
                position,
                &Bilingual::new("文字或文字列表", "text or a list of texts"),
                &found,
            ),
            _ => {}
        }
        Ok(())
    }
}

/// `not_applicable`: criterion id → the reason, which is required.
struct NotApplicableEntries;

impl Entries for NotApplicableEntries {
    fn expected(&self) -> Bilingual {
        Bilingual::new(
            "映射（评分项编号: 理由）",
            "a mapping (criterion id: reason)",
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
        if !criterion_key(reader, map, key, path, position)? {
            return Ok(());
        }
        match reader.value(map, TextSeed { reader, path })? {
            Some(Shape::Read(Some(reason))) => {
                reader
                    .sheet
                    .borrow_mut()
                    .not_applicable
                    .insert(key.to_string(), (reason, position));
            }
            Some(Shape::Read(None)) => reader.problem(
                Diagnostic::new(Bilingual::new(
                    format!("声明评分项 {key} 不适用时必须写明理由"),
                    format!("declaring criterion {key} not applicable needs a reason"),
                ))
                .at(position)
                .path(path.to_string()),
            ),
            Some(Shape::Wrong(found)) => {
                reader.wrong_shape(path, position, &text_expected(), &found);
            }
            None => {}
        }
        Ok(())
    }
}
