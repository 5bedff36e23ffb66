//! The mappings of a fact sheet and what belongs in each: the document
//! root, the standard's sections, `community`, `evidence` and
//! `not_applicable`.

use super::mapping::{Entries, KeyPath, read_entries, read_mapping, unknown_key};
use super::scalar;
use super::values::{read_evidence, read_fact, read_fact_shaped, read_reason, read_text};
use super::{Node, Reader, Walk};
use crate::diagnostic::{Bilingual, Diagnostic, Position};
use crate::facts::FactValue;
use crate::facts::schema::{Node as SchemaNode, Section};
use crate::standard::FactType;
use crate::suggest;

/// The keys every sheet may hold besides the standard's sections.
const FIXED_KEYS: [&str; 5] = ["community", "year", "as_of", "evidence", "not_applicable"];

/// Reads the whole document: a mapping of the fixed keys and the sections.
pub(super) fn read_document(reader: &mut Reader) -> Walk {
    match reader.events.start() {
        Ok(true) => {}
        // Comments only: nothing given, reported as missing.
        Ok(false) => return Ok(()),
        Err(diagnostic) => return Err(reader.fatal(diagnostic)),
    }
    match reader.value(&KeyPath::Root)? {
        Node::Mapping(_) => read_entries(reader, &KeyPath::Root, &mut RootEntries)?,
        // `---` and nothing else: nothing given.
        Node::Scalar(scalar) if scalar.is_null() => {}
        Node::Refused => reader.sheet.incomplete = true,
        other => {
            let at = match &other {
                Node::Scalar(scalar) => scalar.at,
                Node::Mapping(at) | Node::List(at) => *at,
                Node::Refused => unreachable!("handled above"),
            };
            reader.wrong_shape(other, &KeyPath::Root, at, &RootEntries.expected())?;
            reader.sheet.incomplete = true;
        }
    }
    reader.events.finish().map_err(|d| reader.fatal(d))
}

struct RootEntries;

impl<'a> Entries<'a> for RootEntries {
    fn expected(&self) -> Bilingual {
        Bilingual::new(
            "映射（community:、year: 等键值对）",
            "a mapping (community:, year:, …)",
        )
    }

    fn entry(
        &mut self,
        reader: &mut Reader<'a, '_>,
        key: &str,
        path: &KeyPath,
        at: Position,
    ) -> Walk {
        match key {
            "community" => {
                reader.sheet.community_position = Some(at);
                read_mapping(reader, path, at, CommunityEntries)?;
            }
            "year" => match reader.value(path)? {
                Node::Scalar(value) => match scalar::year(&value) {
                    Ok(year) => reader.sheet.year = year,
                    Err(problem) => {
                        reader.sheet.year_refused = true;
                        reader.problem(problem.at(Some(value.at)).path("year"))?;
                    }
                },
                Node::Refused => reader.sheet.year_refused = true,
                collection => {
                    reader.sheet.year_refused = true;
                    reader.wrong_shape(collection, path, at, &scalar::year_expected())?;
                }
            },
            "as_of" => {
                if let Some(FactValue::Date(date)) = read_fact(reader, FactType::Date, path, at)? {
                    reader.sheet.as_of = Some((date, at));
                }
            }
            "evidence" => {
                read_mapping(reader, path, at, EvidenceEntries)?;
            }
            "not_applicable" => {
                read_mapping(reader, path, at, NotApplicableEntries)?;
            }
            _ => match reader.schema.root.get(key) {
                Some(node) => read_node(reader, node, path, at)?,
                None => {
                    let allowed: Vec<&str> = FIXED_KEYS
                        .iter()
                        .copied()
                        .chain(reader.schema.root.keys())
                        .collect();
                    unknown_key(reader, key, path, at, &allowed)?;
                }
            },
        }
        Ok(())
    }
}

/// A section of the standard's facts (`stability:`), at any depth.
struct SectionEntries<'a> {
    section: &'a Section,
}

impl<'a> Entries<'a> for SectionEntries<'a> {
    fn expected(&self) -> Bilingual {
        let keys: Vec<&str> = self.section.keys().collect();
        Bilingual::new(
            format!("映射（{}）", keys.join("、")),
            format!("a mapping ({})", keys.join(", ")),
        )
    }

    fn entry(
        &mut self,
        reader: &mut Reader<'a, '_>,
        key: &str,
        path: &KeyPath,
        at: Position,
    ) -> Walk {
        match self.section.get(key) {
            Some(node) => read_node(reader, node, path, at),
            None => {
                let allowed: Vec<&str> = self.section.keys().collect();
                unknown_key(reader, key, path, at, &allowed)
            }
        }
    }
}

/// Reads the value under a schema key: a section or a fact.
fn read_node<'a>(
    reader: &mut Reader<'a, '_>,
    node: &'a SchemaNode,
    path: &KeyPath,
    at: Position,
) -> Walk {
    match node {
        SchemaNode::Section(section) => {
            read_mapping(reader, path, at, SectionEntries { section })?;
        }
        SchemaNode::Fact {
            path: full,
            kind,
            fields,
        } => {
            let value = read_fact_shaped(reader, *kind, fields, &KeyPath::Full(full), at)?;
            if let Some(value) = value {
                reader.sheet.facts.insert(full.clone(), value);
                reader.sheet.fact_positions.push((full, at));
            }
        }
    }
    Ok(())
}

const COMMUNITY_KEYS: [&str; 2] = ["name", "district"];

struct CommunityEntries;

impl<'a> Entries<'a> for CommunityEntries {
    fn expected(&self) -> Bilingual {
        Bilingual::new("映射（name:、district:）", "a mapping (name:, district:)")
    }

    fn entry(
        &mut self,
        reader: &mut Reader<'a, '_>,
        key: &str,
        path: &KeyPath,
        at: Position,
    ) -> Walk {
        if !COMMUNITY_KEYS.contains(&key) {
            return unknown_key(reader, key, path, at, &COMMUNITY_KEYS);
        }
        match read_text(reader, path, at)? {
            Ok(text) if key == "name" => reader.sheet.name = text,
            Ok(text) => reader.sheet.district = text,
            Err(()) => reader.sheet.name_refused |= key == "name",
        }
        Ok(())
    }
}

/// Checks that a key of `evidence` or `not_applicable` names a criterion
/// of the standard; if not, reports it (with a suggestion) and skips it.
fn criterion_key(reader: &mut Reader, key: &str, path: &KeyPath, at: Position) -> Walk<bool> {
    if reader.standard.criterion(key).is_some() {
        return Ok(true);
    }
    // A criterion the tailoring removed: sheets written for the base
    // standard still name it; set aside with a warning, not refused.
    let removed = reader
        .standard
        .tailoring
        .as_ref()
        .is_some_and(|t| t.removed.iter().any(|id| id == key));
    if removed {
        reader.sheet.warnings.push(
            Diagnostic::new(Bilingual::new(
                format!("评分项 {key} 已被本标准删除，此处的内容已忽略"),
                format!("criterion {key} is removed by this standard; this entry is set aside"),
            ))
            .at(Some(at))
            .path(path.to_string()),
        );
        reader.skip_value()?;
        return Ok(false);
    }
    let ids = reader.standard.criteria().map(|(_, c)| c.id.as_str());
    let mut diagnostic = Diagnostic::new(Bilingual::new(
        format!("标准中没有评分项 \"{key}\""),
        format!("the standard has no criterion \"{key}\""),
    ))
    .at(Some(at))
    .path(path.to_string());
    if let Some(close) = suggest::closest(key, ids) {
        diagnostic = diagnostic.help(Bilingual::new(
            format!("是否想写 \"{close}\"？"),
            format!("did you mean \"{close}\"?"),
        ));
    }
    reader.problem(diagnostic)?;
    reader.skip_value()?;
    Ok(false)
}

/// `evidence`: criterion id → a text or a list of texts.
struct EvidenceEntries;

impl<'a> Entries<'a> for EvidenceEntries {
    fn expected(&self) -> Bilingual {
        Bilingual::new(
            "映射（评分项编号: 佐证）",
            "a mapping (criterion id: evidence)",
        )
    }

    fn entry(
        &mut self,
        reader: &mut Reader<'a, '_>,
        key: &str,
        path: &KeyPath,
        at: Position,
    ) -> Walk {
        if !criterion_key(reader, key, path, at)? {
            return Ok(());
        }
        let items = read_evidence(reader, path, at)?;
        if !items.is_empty() {
            reader.sheet.evidence.insert(key.to_string(), items);
        }
        Ok(())
    }
}

/// `not_applicable`: criterion id → the reason, which is required.
struct NotApplicableEntries;

impl<'a> Entries<'a> for NotApplicableEntries {
    fn expected(&self) -> Bilingual {
        Bilingual::new(
            "映射（评分项编号: 理由）",
            "a mapping (criterion id: reason)",
        )
    }

    fn entry(
        &mut self,
        reader: &mut Reader<'a, '_>,
        key: &str,
        path: &KeyPath,
        at: Position,
    ) -> Walk {
        if !criterion_key(reader, key, path, at)? {
            return Ok(());
        }
        match read_reason(reader, path, at)? {
            Ok(Some(reason)) => {
                reader
                    .sheet
                    .not_applicable
                    .insert(key.to_string(), (reason, at));
            }
            Ok(None) => reader.problem(
                Diagnostic::new(Bilingual::new(
                    format!("声明评分项 {key} 不适用时必须写明理由"),
                    format!("declaring criterion {key} not applicable needs a reason"),
                ))
                .at(Some(at))
                .path(path.to_string()),
            )?,
            Err(()) => {}
        }
        Ok(())
    }
}
