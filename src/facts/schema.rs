//! The shape of a fact sheet, derived from the standard: which sections and
//! keys may appear, and the type of every fact. Built once per standard and
//! shared by every sheet read against it.

use crate::standard::{FactType, Standard};

/// A mapping in the fact sheet and the keys it may hold, in the order the
/// standard first names them (which is the order suggestions and the
/// template list them).
#[derive(Clone, Debug, Default)]
pub struct Section {
    pub entries: Vec<(String, Node)>,
}

#[derive(Clone, Debug)]
pub enum Node {
    Section(Section),
    /// A fact, with its full dotted path.
    Fact {
        path: String,
        kind: FactType,
        /// For a list of records: the whole-number fields its records may
        /// carry, as the standard names them.
        fields: RecordShape,
    },
}

/// The fields a list's records may carry beyond `date`, `title` and
/// `evidence`, and which of them is a part of which (`present` of
/// `members`): a part larger than its whole is an input error.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordShape {
    pub fields: Vec<String>,
    pub pairs: Vec<(String, String)>,
}

impl RecordShape {
    fn add(&mut self, part: &str, whole: &str) {
        for field in [part, whole] {
            if !self.fields.iter().any(|f| f == field) {
                self.fields.push(field.to_string());
            }
        }
        let pair = (part.to_string(), whole.to_string());
        if !self.pairs.contains(&pair) {
            self.pairs.push(pair);
        }
    }
}

impl Section {
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, n)| n)
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(k, _)| k.as_str())
    }

    /// The fact at `segments`, if it is one.
    fn fact_mut(&mut self, segments: &[&str]) -> Option<&mut Node> {
        let (first, rest) = segments.split_first()?;
        let node = self
            .entries
            .iter_mut()
            .find(|(k, _)| k == first)
            .map(|(_, n)| n)?;
        if rest.is_empty() {
            return matches!(node, Node::Fact { .. }).then_some(node);
        }
        match node {
            Node::Section(section) => section.fact_mut(rest),
            Node::Fact { .. } => None,
        }
    }

    fn insert(&mut self, segments: &[&str], path: &str, kind: FactType) {
        let Some((first, rest)) = segments.split_first() else {
            return;
        };
        let index = match self.entries.iter().position(|(k, _)| k == first) {
            Some(i) => i,
            None => {
                let node = if rest.is_empty() {
                    Node::Fact {
                        path: path.to_string(),
                        kind,
                        fields: RecordShape::default(),
                    }
                } else {
                    Node::Section(Section::default())
                };
                self.entries.push(((*first).to_string(), node));
                self.entries.len() - 1
            }
        };
        // The standard loader refuses a path that is both a fact and a
        // section, so a section is always found where one is needed.
        if let Node::Section(section) = &mut self.entries[index].1 {
            section.insert(rest, path, kind);
        }
    }
}

/// The fact sheet's schema for one standard.
#[derive(Clone, Debug)]
pub struct Schema {
    pub root: Section,
    /// The most keys a fact path has (`supervision.satisfaction.surveyed`
    /// has 3): how deep a sheet's sections go.
    pub depth: usize,
}

impl Schema {
    pub fn for_standard(standard: &Standard) -> Schema {
        let mut root = Section::default();
        let mut depth = 0;
        for (_, criterion) in standard.criteria() {
            for (path, kind) in criterion.rule.facts() {
                let segments: Vec<&str> = path.split('.').collect();
                depth = depth.max(segments.len());
                root.insert(&segments, path, kind);
            }
            if let Some((fact, part, whole)) = criterion.rule.record_fields() {
                let segments: Vec<&str> = fact.split('.').collect();
                if let Some(Node::Fact { fields, .. }) = root.fact_mut(&segments) {
                    fields.add(part, whole);
                }
            }
        }
        Schema { root, depth }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standard::default_standard;

    #[test]
    fn sections_follow_the_standard_order() {
        let schema = Schema::for_standard(&default_standard());
        let top: Vec<&str> = schema.root.keys().collect();
        assert_eq!(
            top,
            [
                "organization",
                "self_governance",
                "elections",
                "decisions",
                "management",
                "supervision",
                "legal_education",
                "legal_services",
                "stability",
                "development"
            ]
        );
        let Some(Node::Section(elections)) = schema.root.get("elections") else {
            panic!("elections is a section");
        };
        let keys: Vec<&str> = elections.keys().collect();
        assert_eq!(keys, ["last_election", "procedure", "misconduct_incidents"]);
        assert_eq!(schema.depth, 3);
    }
}
