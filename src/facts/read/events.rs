//! The sheet's YAML as a stream of events, each with the position it starts
//! at: the one place that talks to the YAML parser.
//!
//! It also does what an event parser leaves to its user:
//!
//! * **Nesting.** Every collection that opens is counted against a limit,
//!   as it arrives, so no input costs more than one pass to refuse. (The
//!   parser itself looks ahead through a flow collection that could be a
//!   key, and stops at 255 nested brackets; that stop is reported with the
//!   same words.)
//! * **Aliases.** The events of an anchored node are recorded as they pass
//!   (nested anchors share one recording), and an alias replays them at the
//!   alias's own position. Replaying is paid for from a budget the size of
//!   the file, so a sheet can repeat at most as much again as it holds:
//!   memory and output stay proportional to the input, and an alias bomb
//!   ends with a message. Skipping a value does not expand its aliases.

use crate::diagnostic::{Bilingual, Diagnostic, Position};
use saphyr_parser::{
    Event as ParserEvent, Marker, Parser, ScalarStyle, ScanError, Span, StrInput, Tag,
};
use std::borrow::Cow;

/// What an event is to the reader.
#[derive(Clone, Debug)]
pub(super) enum Kind<'s> {
    /// A scalar's text as the parser unfolded it, and how it was written.
    Scalar(Cow<'s, str>, ScalarStyle),
    Mapping,
    List,
    /// The end of the innermost open mapping or list.
    End,
}

/// One event: what it is, where it starts, and its tag if it has one.
pub(super) struct Event<'s> {
    pub(super) kind: Kind<'s>,
    pub(super) at: Position,
    pub(super) tag: Option<Cow<'s, Tag>>,
    /// Where the `&` is, if a plain scalar carries an anchor: a value
    /// typed as `&第一次 会议` whose first word would vanish.
    pub(super) plain_anchor: Option<(Position, String)>,
}

/// An event as recorded for replay: a node, or an alias to replay in turn.
#[derive(Clone)]
enum Item<'s> {
    Node(Kind<'s>, Option<Cow<'s, Tag>>),
    Alias(usize),
}

/// An alias being replayed: the recorded events still to give, and the
/// position every one of them is reported at (the outermost alias).
struct Replay {
    next: usize,
    end: usize,
    at: Position,
}

pub(super) struct Events<'s> {
    /// The sheet's text, to find the slip behind a syntax error.
    source: &'s str,
    parser: Parser<'s, StrInput<'s>>,
    /// Collections open, replayed ones included, and the most allowed.
    depth: usize,
    limit: usize,
    /// Collections open in the document itself, to know when an anchored
    /// collection is complete.
    live_depth: usize,
    /// Events of anchored nodes, in document order.
    recorded: Vec<Item<'s>>,
    /// By anchor id: the range of `recorded` holding the anchored node,
    /// once it is complete.
    anchors: Vec<Option<(usize, usize)>>,
    /// Anchored collections still open: id, start in `recorded`, and the
    /// live depth outside them.
    open: Vec<(usize, usize, usize)>,
    replays: Vec<Replay>,
    /// What replaying may still cost: one per event plus its text's bytes.
    budget: usize,
    /// An event taken from the parser by the fast path of [`Events::next`]
    /// but left for the general one.
    pending: Option<(ParserEvent<'s>, Span)>,
    /// Where the anchor of the plain scalar just pulled is, if it has one.
    plain_anchor: Option<(Position, String)>,
}

/// The parser's own message when flow collections nest past its limit. It
/// fails while looking ahead, before it gives any event of the nest, so the
/// error is all there is to tell this case by. The reader's tests feed it
/// 262,143 brackets, so a parser that words it otherwise fails them.
const PARSER_NESTING_LIMIT: &str = "recursion limit exceeded";

impl<'s> Events<'s> {
    /// Events of `source`, refusing collections nested deeper than `limit`.
    pub(super) fn new(source: &'s str, limit: usize) -> Events<'s> {
        Events {
            source,
            parser: Parser::new_from_str(source),
            depth: 0,
            limit,
            live_depth: 0,
            recorded: Vec::new(),
            anchors: Vec::new(),
            open: Vec::new(),
            replays: Vec::new(),
            budget: source.len(),
            pending: None,
            plain_anchor: None,
        }
    }

    /// The character the sheet has at `at`, if any.
    pub(super) fn char_at(&self, at: Position) -> Option<char> {
        let line = self.source.lines().nth(at.line.checked_sub(1)?)?;
        line.chars().nth(at.column.checked_sub(1)?)
    }

    /// Moves to the start of the document; `false` if there is none (a file
    /// of comments).
    pub(super) fn start(&mut self) -> Result<bool, Diagnostic> {
        loop {
            match self.parser.next_event() {
                Some(Ok((ParserEvent::DocumentStart(_), _))) => return Ok(true),
                Some(Ok((ParserEvent::StreamEnd, _))) | None => return Ok(false),
                Some(Ok(_)) => {}
                Some(Err(error)) => return Err(syntax(self.source, &error)),
            }
        }
    }

    /// Checks that the document, now read, is the only one.
    pub(super) fn finish(&mut self) -> Result<(), Diagnostic> {
        loop {
            match self.parser.next_event() {
                Some(Ok((ParserEvent::DocumentStart(_), span))) => {
                    return Err(Diagnostic::new(Bilingual::new(
                        "文件包含多个 YAML 文档（---）；一个事实表只能有一个",
                        "the file holds more than one YAML document (---); a fact sheet is one document",
                    ))
                    .at(Some(position(span.start))));
                }
                Some(Ok((ParserEvent::StreamEnd, _))) | None => return Ok(()),
                Some(Ok(_)) => {}
                Some(Err(error)) => return Err(syntax(self.source, &error)),
            }
        }
    }

    /// The next event, aliases replayed.
    pub(super) fn next(&mut self) -> Result<Event<'s>, Diagnostic> {
        // Most sheets have no anchors: their events go straight through,
        // without being wrapped for recording.
        if self.replays.is_empty() && self.open.is_empty() {
            match self.parser.next_event() {
                Some(Ok((ParserEvent::Scalar(text, style, 0, tag), span))) => {
                    return Ok(Event {
                        kind: Kind::Scalar(text, style),
                        at: position(span.start),
                        tag,
                        plain_anchor: None,
                    });
                }
                Some(Ok((ParserEvent::MappingEnd | ParserEvent::SequenceEnd, span))) => {
                    let at = position(span.start);
                    self.live_depth = self.live_depth.saturating_sub(1);
                    self.nest(&Kind::End, at)?;
                    return Ok(Event {
                        kind: Kind::End,
                        at,
                        tag: None,
                        plain_anchor: None,
                    });
                }
                Some(Ok(event)) => self.pending = Some(event),
                Some(Err(error)) => return Err(syntax(self.source, &error)),
                None => {}
            }
        }
        loop {
            let (item, at) = self.pull()?;
            match item {
                Item::Alias(id) => self.replay(id, at)?,
                Item::Node(kind, tag) => {
                    self.nest(&kind, at)?;
                    let plain_anchor = self.plain_anchor.take();
                    return Ok(Event {
                        kind,
                        at,
                        tag,
                        plain_anchor,
                    });
                }
            }
        }
    }

    /// Skips one whole node without expanding its aliases.
    pub(super) fn skip_node(&mut self) -> Result<(), Diagnostic> {
        let (item, at) = self.pull()?;
        if let Item::Node(kind @ (Kind::Mapping | Kind::List), _) = &item {
            self.nest(kind, at)?;
            return self.skip_rest();
        }
        Ok(())
    }

    /// Skips the rest of the collection whose start was the last event.
    pub(super) fn skip_rest(&mut self) -> Result<(), Diagnostic> {
        let mut open = 1;
        while open > 0 {
            let (item, at) = self.pull()?;
            if let Item::Node(kind, _) = &item {
                self.nest(kind, at)?;
                match kind {
                    Kind::Mapping | Kind::List => open += 1,
                    Kind::End => open -= 1,
                    Kind::Scalar(..) => {}
                }
            }
        }
        Ok(())
    }

    /// Counts a collection opening or closing against the nesting limit.
    fn nest(&mut self, kind: &Kind, at: Position) -> Result<(), Diagnostic> {
        match kind {
            Kind::Mapping | Kind::List => {
                self.depth += 1;
                if self.depth > self.limit {
                    return Err(too_deep(at));
                }
            }
            Kind::End => self.depth = self.depth.saturating_sub(1),
            Kind::Scalar(..) => {}
        }
        Ok(())
    }

    /// The next item, from the alias being replayed or from the document.
    fn pull(&mut self) -> Result<(Item<'s>, Position), Diagnostic> {
        while let Some(replay) = self.replays.last_mut() {
            if replay.next == replay.end {
                self.replays.pop();
                continue;
            }
            let item = self.recorded[replay.next].clone();
            replay.next += 1;
            let at = self.replays[0].at;
            let cost = match &item {
                Item::Node(Kind::Scalar(text, _), _) => 1 + text.len(),
                _ => 1,
            };
            self.budget = self.budget.checked_sub(cost).ok_or_else(|| {
                Diagnostic::new(Bilingual::new(
                    "别名（*alias）展开后超过文件本身的内容量；请直接写出这些值",
                    "aliases (*alias) expand to more than the file itself holds; write the values out instead",
                ))
                .at(Some(at))
            })?;
            return Ok((item, at));
        }
        let next = match self.pending.take() {
            Some(event) => Some(Ok(event)),
            None => self.parser.next_event(),
        };
        let (event, span) = match next {
            Some(Ok(event)) => event,
            Some(Err(error)) => return Err(syntax(self.source, &error)),
            // The parser ends every collection before the stream; this is
            // only reached if asked past the end.
            None => return Ok((Item::Node(Kind::End, None), Position { line: 1, column: 1 })),
        };
        let at = position(span.start);
        self.plain_anchor = None;
        let (item, anchor) = match event {
            ParserEvent::Scalar(text, style, anchor, tag) => {
                if anchor > 0 && style == ScalarStyle::Plain {
                    self.plain_anchor = Some(ampersand_before(self.source, at));
                }
                (Item::Node(Kind::Scalar(text, style), tag), anchor)
            }
            ParserEvent::MappingStart(anchor, tag) => (Item::Node(Kind::Mapping, tag), anchor),
            ParserEvent::SequenceStart(anchor, tag) => (Item::Node(Kind::List, tag), anchor),
            ParserEvent::Alias(id) => (Item::Alias(id), 0),
            _ => (Item::Node(Kind::End, None), 0),
        };
        self.record(&item, anchor);
        Ok((item, at))
    }

    /// Keeps the events of anchored nodes for their aliases.
    fn record(&mut self, item: &Item<'s>, anchor: usize) {
        let opens = matches!(item, Item::Node(Kind::Mapping | Kind::List, _));
        let closes = matches!(item, Item::Node(Kind::End, _));
        if closes {
            self.live_depth = self.live_depth.saturating_sub(1);
        }
        if anchor > 0 || !self.open.is_empty() {
            let index = self.recorded.len();
            self.recorded.push(item.clone());
            if anchor > 0 {
                if self.anchors.len() <= anchor {
                    self.anchors.resize(anchor + 1, None);
                }
                if opens {
                    self.open.push((anchor, index, self.live_depth));
                } else {
                    self.anchors[anchor] = Some((index, index + 1));
                }
            }
        }
        if opens {
            self.live_depth += 1;
        }
        if closes {
            while let Some(&(id, start, depth)) = self.open.last() {
                if depth != self.live_depth {
                    break;
                }
                self.open.pop();
                self.anchors[id] = Some((start, self.recorded.len()));
            }
        }
    }

    /// Starts replaying the node anchored as `id`, for an alias at `at`.
    fn replay(&mut self, id: usize, at: Position) -> Result<(), Diagnostic> {
        // An anchor not yet complete is one the alias stands inside of
        // (`&a [*a]`): replaying it would never end.
        let Some(&Some((start, end))) = self.anchors.get(id) else {
            return Err(Diagnostic::new(Bilingual::new(
                "别名（*alias）指向包含它自身的值",
                "an alias (*alias) refers to the value it stands inside of",
            ))
            .at(Some(at)));
        };
        let at = self.replays.first().map_or(at, |outer| outer.at);
        self.replays.push(Replay {
            next: start,
            end,
            at,
        });
        Ok(())
    }
}

/// The parser counts lines from 1 and columns from 0, both in characters.
fn position(marker: Marker) -> Position {
    Position {
        line: marker.line(),
        column: marker.col() + 1,
    }
}

/// Where the `&` of an anchored scalar starting at `at` is, and the
/// anchor as written: the last `&` up to it on its line (the parser's
/// span may start at the anchor or at the text after it), or on the line
/// before (an anchor with nothing after it leaves its empty scalar on the
/// next line).
fn ampersand_before(source: &str, at: Position) -> (Position, String) {
    let line_text = |line: usize| source.lines().nth(line.wrapping_sub(1)).unwrap_or_default();
    let on = |line: usize, before: usize| {
        let chars: Vec<char> = line_text(line).chars().collect();
        let i = chars[..before.min(chars.len())]
            .iter()
            .rposition(|c| *c == '&')?;
        let name: String = chars[i..]
            .iter()
            .take_while(|c| !c.is_whitespace())
            .collect();
        Some((
            Position {
                line,
                column: i + 1,
            },
            name,
        ))
    };
    on(at.line, at.column)
        .or_else(|| on(at.line - 1, usize::MAX))
        .unwrap_or((at, "&".to_string()))
}

fn too_deep(at: Position) -> Diagnostic {
    Diagnostic::new(Bilingual::new(
        "嵌套层数过深",
        "the document is nested too deeply",
    ))
    .at(Some(at))
}

/// A YAML syntax error: the slip behind it, named on its own line, where
/// one is recognised (a full-width colon, a tab…); else the parser's
/// account, in the user's language where the cause is a common one, at the
/// parser's position.
fn syntax(source: &str, error: &ScanError) -> Diagnostic {
    let at = position(*error.marker());
    if error.info() == PARSER_NESTING_LIMIT {
        return too_deep(at);
    }
    if let Some(slip) = super::slips::value_starting(source, at.line, error.info())
        .or_else(|| super::slips::explain(source, at.line))
    {
        return slip;
    }
    let (message, help) = super::slips::translate(error.info());
    Diagnostic::new(message).at(Some(at)).help(help)
}

/// How a tag is shown in a message: as it is usually written.
pub(super) fn show_tag(tag: &Tag) -> String {
    if tag.is_yaml_core_schema() {
        format!("!!{}", tag.suffix)
    } else if tag.handle == "!" {
        format!("!{}", tag.suffix)
    } else {
        format!("{}{}", tag.handle, tag.suffix)
    }
}
