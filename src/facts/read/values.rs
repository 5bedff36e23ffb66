//! The values under the sheet's keys: facts of each type, dated records,
//! texts and evidence. A scalar of the wrong type is reported at the scalar
//! itself, a list item at the item, a collection where a scalar belongs at
//! the key above it; the walk goes on after each.

use super::mapping::{Entries, KeyPath, read_entries, unknown_key};
use super::scalar::{self, Found, Scalar, ScalarKind};
use super::{Node, Reader, Walk};
use crate::diagnostic::{Bilingual, Diagnostic, Position};
use crate::facts::{FactValue, Record, RecordShape};
use crate::standard::FactType;

fn text_expected() -> Bilingual {
    Bilingual::new("文字", "text")
}

/// Reads a fact of the type its rules give it, under the key at `at`.
/// `None`: left empty (not given), or a problem, already recorded.
pub(super) fn read_fact(
    reader: &mut Reader,
    kind: FactType,
    path: &KeyPath,
    at: Position,
) -> Walk<Option<FactValue>> {
    read_fact_shaped(reader, kind, &RecordShape::default(), path, at)
}

/// As [`read_fact`], for a list whose records may carry the whole-number
/// fields of `shape`.
pub(super) fn read_fact_shaped(
    reader: &mut Reader,
    kind: FactType,
    shape: &RecordShape,
    path: &KeyPath,
    at: Position,
) -> Walk<Option<FactValue>> {
    let value = match (kind, reader.value(path)?) {
        (FactType::Records, Node::List(_)) => {
            return read_records(reader, shape, path).map(|r| Some(FactValue::Records(r)));
        }
        (_, Node::Scalar(value)) => {
            let read = match kind {
                FactType::Flag => scalar::flag(&value).map(|v| v.map(FactValue::Flag)),
                FactType::Count => scalar::count(&value).map(|v| v.map(FactValue::Count)),
                FactType::Date | FactType::Expiry => {
                    scalar::date(&value).map(|v| v.map(FactValue::Date))
                }
                FactType::Records if value.is_null() => Ok(None),
                FactType::Records => Err(scalar::mismatch(kind, &value)),
            };
            match read {
                Ok(value) => value,
                Err(problem) => {
                    reader.problem(problem.at(Some(value.at)).path(path.to_string()))?;
                    None
                }
            }
        }
        (_, Node::Refused) => None,
        (_, collection) => {
            reader.wrong_shape(collection, path, at, &kind.describe())?;
            None
        }
    };
    Ok(value)
}

/// Reads a text under the key at `at`: `Ok(None)` if left empty, `Err(())`
/// if something else stood there (reported).
pub(super) fn read_text(
    reader: &mut Reader,
    path: &KeyPath,
    at: Position,
) -> Walk<Result<Option<String>, ()>> {
    text_under(reader, path, at, text_at)
}

/// A text read: `Ok(None)` if left empty, `Err(())` if refused (reported).
type TextRead = Walk<Result<Option<String>, ()>>;

/// The text under the key at `at`, the scalar read by `read`.
fn text_under(
    reader: &mut Reader,
    path: &KeyPath,
    at: Position,
    read: fn(&mut Reader, Scalar, &KeyPath) -> TextRead,
) -> TextRead {
    match reader.value(path)? {
        Node::Scalar(value) => read(reader, value, path),
        Node::Refused => Ok(Err(())),
        collection => {
            reader.wrong_shape(collection, path, at, &text_expected())?;
            Ok(Err(()))
        }
    }
}

/// A scalar as text; a problem is reported at the scalar.
fn text_at(reader: &mut Reader, value: Scalar, path: &KeyPath) -> Walk<Result<Option<String>, ()>> {
    let at = value.at;
    match scalar::text(value) {
        Ok(text) => Ok(Ok(text)),
        Err(problem) => {
            reader.problem(problem.at(Some(at)).path(path.to_string()))?;
            Ok(Err(()))
        }
    }
}

/// A text that is a fact in itself (an item of evidence, a reason): one
/// that only says there is nothing (`暂无`) is refused, with `fix`. It is
/// still given back, so that the checks of the whole sheet (a veto
/// criterion declared not applicable) are said in the same run; the sheet
/// is refused either way.
fn fact_text_at(
    reader: &mut Reader,
    value: Scalar,
    path: &KeyPath,
    fix: fn(&str) -> Bilingual,
) -> Walk<Result<Option<String>, ()>> {
    let at = value.at;
    match text_at(reader, value, path)? {
        Ok(Some(text)) if super::placeholders::says_nothing(&text) => {
            let shown = crate::diagnostic::visible(text.trim());
            reader.problem(
                Diagnostic::new(fix(&shown))
                    .at(Some(at))
                    .path(path.to_string()),
            )?;
            Ok(Ok(Some(text)))
        }
        other => Ok(other),
    }
}

/// What to write instead of evidence that says there is none.
fn no_evidence(shown: &str) -> Bilingual {
    Bilingual::new(
        format!(
            "佐证写的是“{shown}”，即没有佐证：请删去这一行（该项按没有佐证评估），或写明佐证存放在哪里"
        ),
        format!(
            "the evidence says \"{shown}\", that is, there is none: delete the line (the criterion is then assessed without evidence), or say where the evidence is kept"
        ),
    )
}

/// What to write instead of a reason that says nothing.
fn no_reason(shown: &str) -> Bilingual {
    Bilingual::new(
        format!("不适用的理由写的是“{shown}”：请写明该项为什么不适用于本社区，或删去这一行"),
        format!(
            "the reason given is \"{shown}\": say why the criterion does not apply to this community, or delete the line"
        ),
    )
}

/// The reason a criterion is declared not applicable: a text that says
/// something.
pub(super) fn read_reason(
    reader: &mut Reader,
    path: &KeyPath,
    at: Position,
) -> Walk<Result<Option<String>, ()>> {
    text_under(reader, path, at, |reader, value, path| {
        fact_text_at(reader, value, path, no_reason)
    })
}

/// One criterion's evidence: a text, or a list of texts; empty if none.
pub(super) fn read_evidence(
    reader: &mut Reader,
    path: &KeyPath,
    at: Position,
) -> Walk<Vec<String>> {
    let mut items = Vec::new();
    match reader.value(path)? {
        Node::Scalar(value) => {
            items.extend(
                fact_text_at(reader, value, path, no_evidence)?
                    .ok()
                    .flatten(),
            );
        }
        Node::List(_) => {
            let mut index = 0;
            loop {
                let item_path = KeyPath::Index(path, index);
                match reader.node(&item_path)? {
                    None => break,
                    Some(Node::Scalar(value)) => {
                        let text = fact_text_at(reader, value, &item_path, no_evidence)?;
                        items.extend(text.ok().flatten());
                    }
                    Some(Node::Refused) => {}
                    Some(collection @ (Node::Mapping(at) | Node::List(at))) => {
                        reader.wrong_shape(collection, &item_path, at, &text_expected())?;
                    }
                }
                index += 1;
            }
        }
        Node::Refused => {}
        mapping => {
            let expected = Bilingual::new("文字或文字列表", "text or a list of texts");
            reader.wrong_shape(mapping, path, at, &expected)?;
        }
    }
    Ok(items)
}

/// The records of a list whose start was read; a record with a problem is
/// reported and left out.
fn read_records(reader: &mut Reader, shape: &RecordShape, path: &KeyPath) -> Walk<Vec<Record>> {
    let mut records = Vec::new();
    let mut index = 0;
    loop {
        let item_path = KeyPath::Index(path, index);
        let record = match reader.node(&item_path)? {
            None => break,
            // A bare date, as nearly every such record is; the scalar is
            // classified only when it is none.
            Some(Node::Scalar(value)) => match crate::date::Date::parse(&value.text) {
                Ok(date) => Ok(Record::on(date)),
                Err(_) if value.kind() == ScalarKind::Text => {
                    scalar::date_text(&value.text).map(Record::on)
                }
                Err(_) => Err(not_a_record(&value.found())),
            }
            .map(Some)
            .or_else(|problem| {
                reader
                    .problem(problem.at(Some(value.at)).path(item_path.to_string()))
                    .map(|()| None)
            })?,
            Some(Node::Mapping(at)) => read_record(reader, shape, &item_path, at)?,
            Some(Node::List(at)) => {
                reader.skip_rest()?;
                let problem = not_a_record(&Found::List);
                reader.problem(problem.at(Some(at)).path(item_path.to_string()))?;
                None
            }
            Some(Node::Refused) => None,
        };
        records.extend(record);
        index += 1;
    }
    Ok(records)
}

fn not_a_record(found: &Found) -> Diagnostic {
    let described = found.describe();
    Diagnostic::new(Bilingual::new(
        format!("记录应为日期或含 date 的映射，实际为{}", described.zh),
        format!(
            "a record is a date or a mapping with `date`, found {}",
            described.en
        ),
    ))
}

/// A record written as a mapping (its start, at `at`, was read).
fn read_record(
    reader: &mut Reader,
    shape: &RecordShape,
    path: &KeyPath,
    at: Position,
) -> Walk<Option<Record>> {
    let problems_before = reader.diagnostics.len();
    let mut record = RecordEntries {
        shape,
        date: None,
        title: None,
        evidence: None,
        fields: Vec::new(),
        first_key: None,
    };
    read_entries(reader, path, &mut record)?;
    // A part larger than its whole (38 members, 50 present) is a mistake
    // in the sheet, not a quorum.
    for (part, whole) in &shape.pairs {
        let value = |name: &str| record.fields.iter().find(|(k, _)| k == name).map(|f| f.1);
        if let (Some(p), Some(w)) = (value(part), value(whole))
            && p > w
        {
            reader.problem(
                Diagnostic::new(Bilingual::new(
                    format!("{part} 为 {p}，大于 {whole}（{w}）：部分不能多于整体"),
                    format!(
                        "{part} is {p}, more than {whole} ({w}): a part cannot exceed its whole"
                    ),
                ))
                .at(Some(record.first_key.unwrap_or(at)))
                .path(format!("{path}.{part}")),
            )?;
            return Ok(None);
        }
    }
    let Some(date) = record.date else {
        // A record whose other entries had problems already says so;
        // otherwise its missing date is the problem, at its first key
        // (or at `{}`).
        if reader.diagnostics.len() == problems_before {
            reader.problem(
                Diagnostic::new(Bilingual::new(
                    "记录缺少日期：每条记录都需要 date",
                    "the record has no date: every record needs `date`",
                ))
                .at(Some(record.first_key.unwrap_or(at)))
                .path(path.to_string()),
            )?;
        }
        return Ok(None);
    };
    Ok(Some(Record {
        date,
        title: record.title,
        evidence: record.evidence,
        fields: record.fields,
    }))
}

const RECORD_KEYS: [&str; 3] = ["date", "title", "evidence"];

/// The entries of a record written as a mapping.
struct RecordEntries<'s> {
    /// The fields the standard names for this list's records.
    shape: &'s RecordShape,
    date: Option<crate::date::Date>,
    title: Option<String>,
    evidence: Option<String>,
    fields: Vec<(String, u64)>,
    first_key: Option<Position>,
}

impl<'a> Entries<'a> for RecordEntries<'_> {
    fn expected(&self) -> Bilingual {
        if self.shape.fields.is_empty() {
            return Bilingual::new(
                "映射（date:、title:、evidence:）",
                "a mapping (date:, title:, evidence:)",
            );
        }
        let more: String = self
            .shape
            .fields
            .iter()
            .map(|f| format!("、{f}:"))
            .collect();
        let more_en: String = self
            .shape
            .fields
            .iter()
            .map(|f| format!(", {f}:"))
            .collect();
        Bilingual::new(
            format!("映射（date:、title:、evidence:{more}）"),
            format!("a mapping (date:, title:, evidence:{more_en})"),
        )
    }

    fn entry(
        &mut self,
        reader: &mut Reader<'a, '_>,
        key: &str,
        path: &KeyPath,
        at: Position,
    ) -> Walk {
        self.first_key = self.first_key.or(Some(at));
        match key {
            "date" => {
                if let Some(FactValue::Date(date)) = read_fact(reader, FactType::Date, path, at)? {
                    self.date = Some(date);
                }
            }
            "title" | "evidence" => {
                if let Ok(text) = read_text(reader, path, at)? {
                    if key == "title" {
                        self.title = text;
                    } else {
                        self.evidence = text;
                    }
                }
            }
            _ if self.shape.fields.iter().any(|f| f == key) => {
                if let Some(FactValue::Count(n)) = read_fact(reader, FactType::Count, path, at)? {
                    self.fields.push((key.to_string(), n));
                }
            }
            _ => {
                let mut allowed = RECORD_KEYS.to_vec();
                allowed.extend(self.shape.fields.iter().map(String::as_str));
                unknown_key(reader, key, path, at, &allowed)?;
            }
        }
        Ok(())
    }
}
