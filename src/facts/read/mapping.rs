//! The one way every mapping of the sheet is walked: each key read with
//! its position, a duplicate key reported with the line of the first, keys
//! that are no names (a list or mapping as a key, a merge key `<<`)
//! refused, and every other entry handed to an [`Entries`] implementation
//! that knows what belongs there. Also [`KeyPath`], the place a message
//! names.

use super::{Node, Reader, Walk};
use crate::diagnostic::{Bilingual, Diagnostic, Position};
use crate::suggest;
use std::borrow::Cow;
use std::fmt;

/// Where a value stands in the document, built as the walk descends and
/// spelled out (`stability.disputes.received`,
/// `legal_education.activities[2].date`) only when a message needs it: a
/// valid sheet never pays for its paths.
#[derive(Clone, Copy, Debug)]
pub(super) enum KeyPath<'a> {
    Root,
    /// A fact's full dotted path, as the schema holds it.
    Full(&'a str),
    Key(&'a KeyPath<'a>, &'a str),
    Index(&'a KeyPath<'a>, usize),
}

impl fmt::Display for KeyPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            KeyPath::Root => Ok(()),
            KeyPath::Full(path) => f.write_str(path),
            KeyPath::Key(KeyPath::Root, key) => f.write_str(key),
            KeyPath::Key(parent, key) => write!(f, "{parent}.{key}"),
            KeyPath::Index(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
}

/// What belongs in one kind of mapping, and what to do with each entry.
pub(super) trait Entries<'a> {
    /// How messages describe this mapping when something else stands in
    /// its place: `a mapping (name:, district:)`.
    fn expected(&self) -> Bilingual;

    /// Reads (or reports and skips) the value of `key`, whose full path is
    /// `path` and whose key stands at `at`.
    fn entry(
        &mut self,
        reader: &mut Reader<'a, '_>,
        key: &str,
        path: &KeyPath,
        at: Position,
    ) -> Walk;
}

/// Walks every entry of the mapping at `parent`, whose start was read.
pub(super) fn read_entries<'a>(
    reader: &mut Reader<'a, '_>,
    parent: &KeyPath,
    entries: &mut impl Entries<'a>,
) -> Walk {
    // Room for the keys of any section, allocated once.
    let mut seen: Vec<(Cow<str>, Position)> = Vec::with_capacity(16);
    loop {
        let key = match reader.node(parent)? {
            None => return Ok(()),
            Some(Node::Scalar(key)) => key,
            Some(Node::Refused) => {
                reader.skip_value()?;
                continue;
            }
            Some(Node::Mapping(at) | Node::List(at)) => {
                reader.skip_rest()?;
                reader.problem(
                    Diagnostic::new(Bilingual::new(
                        "事实表不使用复杂键（`? …`，以列表或映射作键）；键应是一个名称",
                        "complex keys (`? …`, a list or a mapping as a key) are not used in a fact sheet; a key is a name",
                    ))
                    .at(Some(at))
                    .path(parent.to_string()),
                )?;
                reader.skip_value()?;
                continue;
            }
        };
        let at = key.at;
        let path = KeyPath::Key(parent, &key.text);
        if key.is_plain() && key.text == "<<" {
            reader.problem(
                Diagnostic::new(Bilingual::new(
                    "事实表不使用合并键（`<<`）；请直接写出各个键",
                    "merge keys (`<<`) are not used in a fact sheet; write the keys out",
                ))
                .at(Some(at))
                .path(path.to_string()),
            )?;
            reader.skip_value()?;
            continue;
        }
        // A later value would silently replace the first: refuse it.
        if let Some(&(_, first)) = seen.iter().find(|(k, _)| *k == key.text) {
            let line = first.line;
            reader.problem(
                Diagnostic::new(Bilingual::new(
                    format!(
                        "键 `{}` 重复出现（第一次在第 {line} 行）；只能写一次",
                        key.text
                    ),
                    format!(
                        "duplicate key `{}` (first on line {line}); write it once",
                        key.text
                    ),
                ))
                .at(Some(at))
                .path(path.to_string()),
            )?;
            reader.skip_value()?;
            continue;
        }
        entries.entry(reader, &key.text, &path, at)?;
        seen.push((key.text, at));
    }
}

/// Reads the value under a key (at `path`, the key at `at`) as a mapping of
/// `entries`; left empty (`stability:`), it is a mapping with nothing in
/// it; a scalar or a list in its place is reported at the key. Gives back
/// the entries, which may have collected what they read.
pub(super) fn read_mapping<'a, E: Entries<'a>>(
    reader: &mut Reader<'a, '_>,
    path: &KeyPath,
    at: Position,
    mut entries: E,
) -> Walk<Option<E>> {
    match reader.value(path)? {
        Node::Mapping(_) => {
            read_entries(reader, path, &mut entries)?;
            Ok(Some(entries))
        }
        Node::Scalar(scalar) if scalar.is_null() => Ok(Some(entries)),
        Node::Refused => Ok(None),
        // Described only when needed: a section lists all its keys.
        other => {
            reader.wrong_shape(other, path, at, &entries.expected())?;
            Ok(None)
        }
    }
}

/// Reports a key that does not belong, with a suggestion — a close key of
/// those `allowed`, the section a fact of that name belongs in, or the
/// keys allowed — and skips its value.
pub(super) fn unknown_key(
    reader: &mut Reader,
    key: &str,
    path: &KeyPath,
    at: Position,
    allowed: &[&str],
) -> Walk {
    // A fact the base standard reads but this tailoring's criteria do not
    // (they were removed): sheets written for the base still hold it, so it
    // is set aside with a warning, not refused.
    let full = path.to_string();
    let retired = &reader.standard.retired;
    if retired.contains(&full) || retired.iter().any(|f| f.starts_with(&format!("{full}."))) {
        reader.sheet.warnings.push(
            Diagnostic::new(Bilingual::new(
                format!("{full} 只用于本标准已删除的评分项，已忽略"),
                format!("{full} is read only by criteria this standard removed; set aside"),
            ))
            .at(Some(at))
            .path(full),
        );
        return reader.skip_value();
    }
    // A full-width space typed before a key is invisible in the message
    // otherwise: say it, and the key meant.
    let bare = key.trim_matches(|c: char| c == '\u{3000}' || c.is_whitespace());
    if bare != key && !bare.is_empty() {
        reader.problem(
            Diagnostic::new(Bilingual::new(
                format!("键 `{bare}` 前后有全角空格（　）"),
                format!("the key `{bare}` has a full-width space (U+3000) around it"),
            ))
            .at(Some(at))
            .path(path.to_string())
            .help(Bilingual::new(
                "删除全角空格，改用半角空格缩进",
                "delete the full-width space and indent with ordinary spaces",
            )),
        )?;
        return reader.skip_value();
    }
    let mut diagnostic = Diagnostic::new(Bilingual::new(
        format!("未知的键 `{key}`"),
        format!("unknown key `{key}`"),
    ))
    .at(Some(at))
    .path(path.to_string());
    let elsewhere = reader
        .standard
        .facts
        .keys()
        .find(|fact| fact.rsplit('.').next() == Some(key));
    if let Some(close) = suggest::closest(key, allowed.iter().copied()) {
        diagnostic = diagnostic.help(Bilingual::new(
            format!("是否想写 `{close}`？"),
            format!("did you mean `{close}`?"),
        ));
    } else if let Some(elsewhere) = elsewhere {
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
    reader.problem(diagnostic)?;
    reader.skip_value()
}
