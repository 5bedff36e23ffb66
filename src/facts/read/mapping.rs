//! The one way every mapping of the sheet is walked: each key read with
//! its position, a duplicate key reported and skipped, every other entry
//! handed to an [`Entries`] implementation that knows what belongs there.
//! Also the shared vocabulary of the reader's visitors: [`Found`] (what
//! stood where something else belonged) and [`Shape`].

use super::Reader;
use crate::diagnostic::{Bilingual, Position};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
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

/// What a collection-valued seed returns: what it read, or what stood in
/// its place (already drained), to be reported at the key above it.
pub(super) enum Shape<T> {
    Read(T),
    Wrong(Found),
}

/// A value found where another kind belongs, for messages.
#[derive(Clone, Debug)]
pub(super) enum Found {
    Bool(bool),
    Int(i128),
    Float(f64),
    Text(String),
    Null,
    List,
    Mapping,
}

impl Found {
    pub(super) fn describe(&self) -> Bilingual {
        match self {
            Found::Bool(b) => Bilingual::new(format!("布尔值 {b}"), format!("the boolean {b}")),
            Found::Int(n) => Bilingual::new(format!("数字 {n}"), format!("the number {n}")),
            // `{x:?}` keeps the decimal point: `3.0`, not `3`, is what the sheet says.
            Found::Float(x) => Bilingual::new(format!("数字 {x:?}"), format!("the number {x:?}")),
            Found::Text(t) => Bilingual::new(format!("文字 \"{t}\""), format!("the text \"{t}\"")),
            Found::Null => Bilingual::new("空值", "an empty value"),
            Found::List => Bilingual::new("列表", "a list"),
            Found::Mapping => Bilingual::new("映射（键值对）", "a mapping"),
        }
    }
}

/// Routes every scalar a visitor can meet to its `scalar(self, Found)`
/// method, so each visitor states once what it does with a scalar.
macro_rules! scalars_to_found {
    () => {
        scalars_to_found!(except_str);
        fn visit_str<ScalarError: serde::de::Error>(
            self,
            v: &str,
        ) -> Result<Self::Value, ScalarError> {
            self.scalar(Found::Text(v.to_string()))
        }
    };
    // For visitors that read text themselves, without the copy.
    (except_str) => {
        // An empty document reaches the visitor as `none`, not `unit`.
        fn visit_none<ScalarError: serde::de::Error>(self) -> Result<Self::Value, ScalarError> {
            serde::de::Visitor::visit_unit(self)
        }
        fn visit_bool<ScalarError: serde::de::Error>(
            self,
            v: bool,
        ) -> Result<Self::Value, ScalarError> {
            self.scalar(Found::Bool(v))
        }
        fn visit_i64<ScalarError: serde::de::Error>(
            self,
            v: i64,
        ) -> Result<Self::Value, ScalarError> {
            self.scalar(Found::Int(v.into()))
        }
        fn visit_u64<ScalarError: serde::de::Error>(
            self,
            v: u64,
        ) -> Result<Self::Value, ScalarError> {
            self.scalar(Found::Int(v.into()))
        }
        fn visit_i128<ScalarError: serde::de::Error>(
            self,
            v: i128,
        ) -> Result<Self::Value, ScalarError> {
            self.scalar(Found::Int(v))
        }
        fn visit_u128<ScalarError: serde::de::Error>(
            self,
            v: u128,
        ) -> Result<Self::Value, ScalarError> {
            self.scalar(Found::Int(i128::try_from(v).unwrap_or(i128::MAX)))
        }
        fn visit_f64<ScalarError: serde::de::Error>(
            self,
            v: f64,
        ) -> Result<Self::Value, ScalarError> {
            self.scalar(Found::Float(v))
        }
    };
}
pub(super) use scalars_to_found;

/// Consumes a list nobody wanted, so the walk can go on after it.
pub(super) fn drain_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

/// Consumes a mapping nobody wanted.
pub(super) fn drain_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

/// What belongs in one kind of mapping, and what to do with each entry.
pub(super) trait Entries {
    /// How messages describe this mapping when something else stands in
    /// its place: `a mapping (name:, district:)`.
    fn expected(&self) -> Bilingual;

    /// Reads (or reports and skips) the value of `key`, whose full path is
    /// `path` and whose key stands at `position`.
    fn entry<'de, A: MapAccess<'de>>(
        &mut self,
        reader: &Reader,
        map: &mut A,
        key: &str,
        path: &KeyPath,
        position: Option<Position>,
    ) -> Result<(), A::Error>;
}

/// Walks every entry of `map` (the mapping at `parent`).
pub(super) fn read_entries<'de, A: MapAccess<'de>>(
    reader: &Reader,
    map: &mut A,
    parent: &KeyPath,
    entries: &mut impl Entries,
) -> Result<(), A::Error> {
    let mut seen: Vec<(std::borrow::Cow<'de, str>, Option<Position>)> = Vec::new();
    while let Some((key, position)) = reader.next_key(map)? {
        let path = KeyPath::Key(parent, &key);
        // A later value would silently replace the first: refuse it.
        if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
            reader.duplicate(&key, &path, position, *first);
            map.next_value::<IgnoredAny>()?;
            continue;
        }
        entries.entry(reader, map, &key, &path, position)?;
        seen.push((key, position));
    }
    Ok(())
}

/// Reads the value under a key as a mapping of `entries`; a scalar or a
/// list in its place is reported at the key. Gives back the entries, which
/// may have collected what they read.
pub(super) fn read_mapping<'de, A: MapAccess<'de>, E: Entries>(
    reader: &Reader,
    map: &mut A,
    path: &KeyPath,
    position: Option<Position>,
    entries: E,
) -> Result<Option<E>, A::Error> {
    let seed = MappingSeed {
        reader,
        path,
        entries,
    };
    match reader.value(map, seed)? {
        Some((entries, Shape::Read(()))) => Ok(Some(entries)),
        Some((entries, Shape::Wrong(found))) => {
            // Described only when needed: a section lists all its keys.
            reader.wrong_shape(path, position, &entries.expected(), &found);
            Ok(None)
        }
        None => Ok(None),
    }
}

/// A mapping the schema expects at `path`. Left empty (`stability:`), it is
/// read as a mapping with nothing in it.
pub(super) struct MappingSeed<'r, 'a, 'p, E> {
    pub(super) reader: &'r Reader<'a>,
    pub(super) path: &'p KeyPath<'p>,
    pub(super) entries: E,
}

/// The entries come back either way, so a caller can still ask them what
/// was expected.
impl<'de, E: Entries> DeserializeSeed<'de> for MappingSeed<'_, '_, '_, E> {
    type Value = (E, Shape<()>);
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<E: Entries> MappingSeed<'_, '_, '_, E> {
    fn scalar<Err: de::Error>(self, found: Found) -> Result<(E, Shape<()>), Err> {
        Ok((self.entries, Shape::Wrong(found)))
    }
}

impl<'de, E: Entries> Visitor<'de> for MappingSeed<'_, '_, '_, E> {
    type Value = (E, Shape<()>);
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a mapping")
    }
    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Self::Value, A::Error> {
        read_entries(self.reader, &mut map, self.path, &mut self.entries)?;
        Ok((self.entries, Shape::Read(())))
    }
    fn visit_unit<Err: de::Error>(self) -> Result<Self::Value, Err> {
        Ok((self.entries, Shape::Read(())))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        drain_seq(seq)?;
        Ok((self.entries, Shape::Wrong(Found::List)))
    }
    scalars_to_found!();
}
