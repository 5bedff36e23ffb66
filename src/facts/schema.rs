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
    },
}

impl Section {
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, n)| n)
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(k, _)| k.as_str())
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
