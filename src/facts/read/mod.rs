//! Reading a fact sheet's YAML through the schema, collecting every problem.
//!
//! One pass over the parser's events (`events.rs`), driven by the schema:
//! the document's mappings and what belongs in each (`document.rs`, walked
//! the one way `mapping.rs` walks every mapping), each value read from its
//! scalar's text and style (`values.rs`, `scalar.rs`), and what can only be
//! checked once everything is read (`checks.rs`). Every event carries the
//! position it starts at, so every problem is reported where it is — a
//! key, a scalar, a list item, an alias — and the walk goes on after it:
//! a value that is wrong is skipped, event by event, and the next key read.
//!
//! Only a YAML syntax error, a limit (nesting, alias expansion) or reaching
//! [`MAX_PROBLEMS`] ends the walk; it is reported together with what was
//! found before it.

mod checks;
mod document;
mod events;
mod mapping;
mod placeholders;
mod scalar;
mod slips;
mod values;

use super::schema::Schema;
use super::{Community, FactSheet, FactValue};
use crate::date::Date;
use crate::diagnostic::{Bilingual, Diagnostic, Position};
use crate::standard::Standard;
use events::{Events, Kind};
use mapping::KeyPath;
use scalar::{Found, Scalar};
use std::collections::BTreeMap;

/// Reading stops after this many problems: past it, the rest are most
/// likely one mistake repeated (a wrong indentation, say).
pub const MAX_PROBLEMS: usize = 50;

/// The largest count a fact may hold. No community has a billion of
/// anything; a larger number is a typo, and the cap keeps every ratio
/// product far inside integer range.
pub const MAX_COUNT: u64 = 1_000_000_000;

/// How deep a sheet may nest collections, at the least: a sheet for the
/// default standard is at most five deep (a section, a subsection, a list
/// of records, a record). A standard with deeper fact paths raises it.
const MAX_DEPTH: usize = 16;

/// Reads `source` (the file's text, byte-order mark already removed) as a
/// fact sheet for `standard`; `schema` is the standard's, built once.
pub fn read_sheet(
    source: &str,
    standard: &Standard,
    schema: &Schema,
) -> Result<FactSheet, Vec<Diagnostic>> {
    read_sheet_as_of(source, standard, schema, None)
}

/// [`read_sheet`], with `as_of` (`--as-of`) in place of the sheet's own:
/// every check that reads `as_of` (a date after it, the year it must fall
/// in) reads this one.
pub fn read_sheet_as_of(
    source: &str,
    standard: &Standard,
    schema: &Schema,
    as_of: Option<Date>,
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
    // Sections, a list of records, a record, and room for a mistake.
    let limit = MAX_DEPTH.max(schema.depth + 4);
    let mut reader = Reader {
        events: Events::new(source, limit),
        standard,
        schema,
        diagnostics: Vec::new(),
        sheet: Partial::default(),
        as_of,
    };
    // A stop has been recorded as a problem already.
    let _ = document::read_document(&mut reader);
    reader.finish()
}

/// The walk ends: a syntax error, a limit, or too many problems, already
/// recorded.
pub(super) struct Stop;

/// What reading a part of the sheet gives: the part, or the end of the walk.
type Walk<T = ()> = Result<T, Stop>;

/// A value of the sheet as it starts: a scalar whole, a collection whose
/// start has been read, or a node refused (and skipped) for its tag.
enum Node<'s> {
    Scalar(Scalar<'s>),
    Mapping(Position),
    List(Position),
    Refused,
}

/// The sheet's fixed keys and facts, as far as they have been read.
#[derive(Default)]
struct Partial<'a> {
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
    as_of: Option<(Date, Position)>,
    /// `as_of` came from `--as-of`, not the sheet: messages name the option.
    as_of_from_option: bool,
    facts: BTreeMap<String, FactValue>,
    /// Set aside with a warning, not refused.
    warnings: Vec<Diagnostic>,
    /// Where each fact's key stands, for problems found after reading (a
    /// part larger than its whole); paths borrowed from the schema.
    fact_positions: Vec<(&'a str, Position)>,
    evidence: BTreeMap<String, Vec<String>>,
    not_applicable: BTreeMap<String, (String, Position)>,
    community_position: Option<Position>,
}

impl Partial<'_> {
    /// How a message names the day assessed: the sheet's key, or the
    /// command-line option that replaced it.
    fn as_of_name(&self) -> &'static str {
        if self.as_of_from_option {
            "--as-of"
        } else {
            "as_of"
        }
    }

    fn fact_position(&self, path: &str) -> Option<Position> {
        self.fact_positions
            .iter()
            .find(|(p, _)| *p == path)
            .map(|&(_, at)| at)
    }
}

/// The walk's state: the events still to read, and what has been found.
struct Reader<'a, 's> {
    events: Events<'s>,
    standard: &'a Standard,
    schema: &'a Schema,
    diagnostics: Vec<Diagnostic>,
    sheet: Partial<'a>,
    /// `--as-of`, which takes the place of the sheet's `as_of`.
    as_of: Option<Date>,
}

impl<'a, 's> Reader<'a, 's> {
    /// Records a problem; the walk ends once there are too many.
    fn problem(&mut self, diagnostic: Diagnostic) -> Walk {
        if self.diagnostics.len() >= MAX_PROBLEMS {
            self.diagnostics.push(Diagnostic::new(Bilingual::new(
                format!("错误过多，已在第 {MAX_PROBLEMS} 个后停止"),
                format!("too many problems: stopped after {MAX_PROBLEMS}"),
            )));
            self.sheet.incomplete = true;
            return Err(Stop);
        }
        self.diagnostics.push(diagnostic);
        Ok(())
    }

    /// Records what ended the walk.
    fn fatal(&mut self, diagnostic: Diagnostic) -> Stop {
        // The parser stops at a slip the reader may already have named on
        // the same line (a full-width colon read as text where a mapping
        // belongs): said once, with the reader's fix, which keeps the value.
        let line = diagnostic.position.map(|p| p.line);
        let said = line.is_some()
            && self
                .diagnostics
                .iter()
                .any(|d| d.position.map(|p| p.line) == line);
        if !said {
            self.diagnostics.push(diagnostic);
        }
        self.sheet.incomplete = true;
        Stop
    }

    /// The next node of a collection (the one at `path`), or `None` at its
    /// end. A tagged node is reported, skipped and given as refused.
    fn node(&mut self, path: &KeyPath) -> Walk<Option<Node<'s>>> {
        let event = match self.events.next() {
            Ok(event) => event,
            Err(diagnostic) => return Err(self.fatal(diagnostic)),
        };
        // An anchor on a plain value is a value typed with a leading `&`
        // (`title: &第一次 会议`): its first word would silently vanish.
        // Anchors on lists and mappings, reused by aliases, stay.
        if let Some((anchor, name)) = event.plain_anchor
            && let Kind::Scalar(text, _) = &event.kind
        {
            self.problem(
                Diagnostic::new(Bilingual::new(
                    format!("以 & 开头的“{name}”被当作锚点名称（&名称），不会算作值的文字"),
                    format!("\"{name}\", starting with &, is read as an anchor name (&name), not as part of the value"),
                ))
                .help({
                    let whole = format!("{name} {}", text.trim());
                    let whole = whole.trim_end();
                    Bilingual::new(
                        format!("把整个值放进引号：\"{whole}\""),
                        format!("put the whole value in quotes: \"{whole}\""),
                    )
                })
                .at(Some(anchor))
                .path(path.to_string()),
            )?;
            return Ok(Some(Node::Refused));
        }
        let node = match event.kind {
            Kind::End => return Ok(None),
            Kind::Scalar(text, style) => Node::Scalar(Scalar {
                text,
                style,
                at: event.at,
            }),
            Kind::Mapping => Node::Mapping(event.at),
            Kind::List => Node::List(event.at),
        };
        let Some(tag) = event.tag else {
            return Ok(Some(node));
        };
        if matches!(node, Node::Mapping(_) | Node::List(_)) {
            self.skip_rest()?;
        }
        let tag = events::show_tag(&tag);
        self.problem(
            Diagnostic::new(Bilingual::new(
                format!("事实表不使用 YAML 标签（`{tag}`）；请删除该标签"),
                format!("YAML tags (`{tag}`) are not used in a fact sheet; remove the tag"),
            ))
            .at(Some(event.at))
            .path(path.to_string()),
        )?;
        Ok(Some(Node::Refused))
    }

    /// The value after a key (at `path`).
    fn value(&mut self, path: &KeyPath) -> Walk<Node<'s>> {
        // A mapping's end never comes between a key and its value.
        Ok(self.node(path)?.unwrap_or(Node::Refused))
    }

    /// Skips a value nobody wants, without expanding its aliases.
    fn skip_value(&mut self) -> Walk {
        self.events.skip_node().map_err(|d| self.fatal(d))
    }

    /// Skips the rest of a collection whose start was read.
    fn skip_rest(&mut self) -> Walk {
        self.events.skip_rest().map_err(|d| self.fatal(d))
    }

    /// Takes a node found where `expected` belongs (a collection is
    /// skipped) and reports it at `at`, the key above it.
    fn wrong_shape(
        &mut self,
        node: Node,
        path: &KeyPath,
        at: Position,
        expected: &Bilingual,
    ) -> Walk {
        let mut flow = None;
        let found = match node {
            Node::Scalar(scalar) => {
                // A `key: value` line mistyped is read as one text: name
                // the slip, where the text is.
                if let Found::Text(text) = scalar.found()
                    && let Some((message, help)) = slips::mapping_typed_as_text(&text)
                {
                    return self.problem(
                        Diagnostic::new(message)
                            .help(help)
                            .at(Some(scalar.at))
                            .path(path.to_string()),
                    );
                }
                scalar.found()
            }
            Node::Mapping(start) | Node::List(start) => {
                flow = (start.line == at.line)
                    .then(|| self.events.char_at(start))
                    .flatten()
                    .filter(|c| matches!(c, '{' | '['));
                self.skip_rest()?;
                if matches!(node, Node::Mapping(_)) {
                    Found::Mapping
                } else {
                    Found::List
                }
            }
            Node::Refused => return Ok(()),
        };
        let found = found.describe();
        let mut problem = Diagnostic::new(Bilingual::new(
            format!("应为{}，实际为{}", expected.zh, found.zh),
            format!("expected {}, found {}", expected.en, found.en),
        ));
        // `title: {第一次}会议`: a value typed starting with a bracket is
        // read as a collection; quoting the whole value makes it text.
        // Only where a text belongs: `[true]` for a yes/no is not a text.
        if let Some(bracket) = flow.filter(|_| expected.en.starts_with("text")) {
            problem = problem.help(Bilingual::new(
                format!("值以 {bracket} 开头，YAML 把它当作{}；如果这是一段文字，请给整个值加引号（\"…\"）", found.zh),
                format!("the value starts with {bracket}, which YAML reads as {}; if it is text, put the whole value in quotes (\"…\")", found.en),
            ));
        }
        self.problem(problem.at(Some(at)).path(path.to_string()))
    }

    /// Checks what can only be checked once everything is read, and builds
    /// the sheet if nothing was wrong.
    fn finish(mut self) -> Result<FactSheet, Vec<Diagnostic>> {
        let mut sheet = std::mem::take(&mut self.sheet);
        let as_of_given = sheet.as_of.is_some() || self.as_of.is_some();
        if let Some(date) = self.as_of {
            // Problems with it are placed at the sheet's `as_of` if it has
            // one, else at the top: it came from the command line.
            let at = sheet
                .as_of
                .map_or(Position { line: 1, column: 1 }, |(_, at)| at);
            sheet.as_of = Some((date, at));
            sheet.as_of_from_option = true;
        }
        let mut diagnostics = self.diagnostics;
        diagnostics.extend(checks::required(&sheet));
        diagnostics.extend(checks::consistency(self.standard, &sheet));
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
                as_of_given,
                warnings: sheet.warnings,
                facts: sheet.facts,
                evidence: sheet.evidence,
                not_applicable: sheet
                    .not_applicable
                    .into_iter()
                    .map(|(id, (reason, _))| (id, reason))
                    .collect(),
            }),
            // A missing name or year is reported by `checks::required`, so
            // the list is never empty here.
            _ => Err(diagnostics),
        }
    }
}

#[cfg(test)]
mod tests;
