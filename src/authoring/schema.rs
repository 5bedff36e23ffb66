//! `assess schema`: a JSON Schema (draft-07, the newest the YAML language
//! server reads) of the fact sheet,
//! derived from the standard, so editors that use yaml-language-server
//! complete keys and flag mistakes while a sheet is typed. Each fact's
//! title and description come from the criteria that read it.
//!
//! The schema mirrors what `assess` accepts: every key optional and
//! nullable except `community.name` and `year`, no other keys anywhere.
//! It cannot express every check (a part larger than its whole, a day
//! that does not exist); `assess` itself remains the judge.

use crate::facts::{MAX_COUNT, Node, RecordShape, Schema, Section};
use crate::lang::Lang;
use crate::lang::tr;
use crate::report::words;
use crate::standard::{FactType, Standard};
use serde_json::{Map, Value, json};

/// `YYYY-MM-DD`; whether the day exists is checked by `assess`.
const DATE_PATTERN: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

pub fn render(standard: &Standard, schema: &Schema, lang: Lang) -> String {
    let mut properties = Map::new();
    properties.insert(
        "community".into(),
        json!({
            "type": "object",
            "title": tr!(lang, "社区", "Community"),
            "additionalProperties": false,
            "required": ["name"],
            "properties": {
                "name": {"type": "string", "minLength": 1, "title": tr!(lang, "社区名称", "Community name")},
                "district": {"type": ["string", "null"], "title": tr!(lang, "所属街道、开发区", "District")}
            }
        }),
    );
    properties.insert(
        "year".into(),
        json!({"type": "integer", "minimum": 1000, "maximum": 9998,
               "title": tr!(lang, "考评年度", "Assessment year")}),
    );
    properties.insert(
        "as_of".into(),
        json!({"type": ["string", "null"], "pattern": DATE_PATTERN,
               "title": tr!(lang, "截至日期", "As of"),
               "description": tr!(lang, "默认为当年 12 月 31 日", "Default: December 31 of the year")}),
    );
    let ids: Vec<&str> = standard.criteria().map(|(_, c)| c.id.as_str()).collect();
    let declarable: Vec<&str> = standard
        .criteria()
        .filter(|(_, c)| c.declarable)
        .map(|(_, c)| c.id.as_str())
        .collect();
    properties.insert(
        "evidence".into(),
        json!({
            "type": ["object", "null"],
            "title": tr!(lang, "佐证", "Evidence"),
            "description": tr!(lang, "评分项编号 → 佐证所在（台账、文件、照片）", "criterion id → where its evidence is kept"),
            "propertyNames": id_names(&ids),
            "additionalProperties": {
                "anyOf": [
                    {"type": "string"},
                    {"type": "array", "items": {"type": ["string", "number"]}},
                    {"type": "number"},
                    {"type": "null"}
                ]
            }
        }),
    );
    properties.insert(
        "not_applicable".into(),
        json!({
            "type": ["object", "null"],
            "title": tr!(lang, "声明不适用", "Declared not applicable"),
            "description": tr!(lang, "评分项编号 → 理由；只能声明标准允许的评分项", "criterion id → reason; only the criteria the standard allows can be declared"),
            "propertyNames": id_names(&declarable),
            "additionalProperties": {"type": ["string", "number"], "minLength": 1}
        }),
    );
    for (key, node) in &schema.root.entries {
        properties.insert(key.clone(), node_schema(standard, node, lang));
    }
    let document = json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": format!("urn:assess:fact-sheet:{}:{}", standard.id, standard.version),
        "title": tr!(lang, format!("民主法治社区事实表（{}）", standard.title), format!("Fact sheet ({})", standard.title_en)),
        "type": "object",
        "additionalProperties": false,
        "required": ["community", "year"],
        "properties": properties,
    });
    // A json! value: serializing cannot fail.
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

/// The criterion ids a map may be keyed by. `7.6:` unquoted is a number to
/// a YAML editor (and `assess` reads it as the id written), so a number is
/// accepted as well as the ids themselves; `assess` remains the judge of
/// which number names a criterion.
fn id_names(ids: &[&str]) -> Value {
    json!({"anyOf": [{"enum": ids}, {"type": "number"}]})
}

fn node_schema(standard: &Standard, node: &Node, lang: Lang) -> Value {
    match node {
        Node::Section(section) => section_schema(standard, section, lang),
        Node::Fact { path, kind, fields } => {
            let mut schema = fact_schema(*kind, fields);
            let readers: Vec<String> = standard
                .criteria()
                .filter(|(_, c)| c.rule.facts().iter().any(|(f, _)| f == path))
                .map(|(_, c)| {
                    let mut line = format!(
                        "{} {} — {}{}",
                        c.id,
                        words::title(c, lang),
                        tr!(lang, "要求：", "required: "),
                        words::requirement(&c.rule, lang)
                    );
                    line.push_str(&words::scoring(c, lang));
                    if let Some(method) = words::method(c, lang) {
                        line.push_str(tr!(lang, "；检查方式：", "; checked by: "));
                        line.push_str(method);
                    }
                    line
                })
                .collect();
            if let (Some(object), Some(first)) = (schema.as_object_mut(), readers.first()) {
                let title = first.split(" — ").next().unwrap_or(first).to_string();
                object.insert("title".into(), Value::String(title));
                object.insert("description".into(), Value::String(readers.join("\n")));
            }
            schema
        }
    }
}

fn section_schema(standard: &Standard, section: &Section, lang: Lang) -> Value {
    let mut properties = Map::new();
    for (key, node) in &section.entries {
        properties.insert(key.clone(), node_schema(standard, node, lang));
    }
    json!({"type": ["object", "null"], "additionalProperties": false, "properties": properties})
}

/// Every fact may be left empty (null): that means "not given".
fn fact_schema(kind: FactType, shape: &RecordShape) -> Value {
    match kind {
        FactType::Flag => json!({"type": ["boolean", "null"]}),
        FactType::Count => json!({"type": ["integer", "null"], "minimum": 0, "maximum": MAX_COUNT}),
        FactType::Date | FactType::Expiry => {
            json!({"type": ["string", "null"], "pattern": DATE_PATTERN})
        }
        FactType::Records if !shape.fields.is_empty() => {
            let mut properties = Map::new();
            properties.insert(
                "date".into(),
                json!({"type": "string", "pattern": DATE_PATTERN}),
            );
            properties.insert(
                "title".into(),
                json!({"type": ["string", "number", "null"]}),
            );
            properties.insert(
                "evidence".into(),
                json!({"type": ["string", "number", "null"]}),
            );
            for field in &shape.fields {
                properties.insert(
                    field.clone(),
                    json!({"type": ["integer", "null"], "minimum": 0, "maximum": MAX_COUNT}),
                );
            }
            json!({
                "type": ["array", "null"],
                "items": {
                    "anyOf": [
                        {"type": "string", "pattern": DATE_PATTERN},
                        {
                            "type": "object",
                            "additionalProperties": false,
                            "required": ["date"],
                            "properties": properties
                        }
                    ]
                }
            })
        }
        FactType::Records => json!({
            "type": ["array", "null"],
            "items": {
                "anyOf": [
                    {"type": "string", "pattern": DATE_PATTERN},
                    {
                        "type": "object",
                        "additionalProperties": false,
                        "required": ["date"],
                        "properties": {
                            "date": {"type": "string", "pattern": DATE_PATTERN},
                            "title": {"type": ["string", "number", "null"]},
                            "evidence": {"type": ["string", "number", "null"]}
                        }
                    }
                ]
            }
        }),
    }
}
