//! The one trait every report format implements, and the piece of a report
//! one sheet makes.
//!
//! Printing has two halves. [`Printer::piece`] turns one sheet into its
//! part of the report and needs nothing but the sheet, so it runs on every
//! core beside the evaluation; [`Printer::put`] writes the pieces in input
//! order, adding only what depends on position (separators, a summary,
//! totals), and [`Printer::finish`] what only the end can tell. Formats
//! whose opening depends on every sheet (the batch table and Markdown,
//! JUnit) count in memory and spool the rest to a temporary file, so a
//! batch of any size is printed in flat memory.
//!
//! Every method takes `&self`: the pieces of the next sheets are made on
//! other threads while this one writes, so what a format accumulates sits
//! behind a lock of its own (never contended: one thread writes).

use super::SheetReport;
use crate::diagnostic::FileDiagnostics;
use std::any::Any;
use std::io::{self, Write};

/// One output format, with its options.
pub trait Printer: Send + Sync {
    /// One readable sheet's piece.
    fn piece(&self, report: &SheetReport) -> Piece;

    /// A sheet of a batch that could not be read: its piece, so that
    /// nothing a batch was given vanishes from the report. `None` when the
    /// report is of one sheet only (it then has no report at all).
    fn unreadable(&self, problem: &FileDiagnostics) -> Option<Piece>;

    /// Writes (or holds back) the next piece, in input order.
    fn put(&self, piece: Piece, out: &mut dyn Write) -> io::Result<()>;

    /// Writes what only the end could tell, with the batch's `notes`
    /// (collection warnings) where the format has a summary. With no piece
    /// put at all, writes nothing: there is no report.
    fn finish(&self, out: &mut dyn Write, notes: &[String]) -> io::Result<()>;
}

/// One sheet's part of a report: bytes, and whatever else its format
/// needs to keep of the sheet (a summary row, counts), which only that
/// format reads back.
pub struct Piece {
    pub bytes: Vec<u8>,
    extra: Option<Box<dyn Any + Send>>,
}

impl Piece {
    pub fn new(bytes: Vec<u8>) -> Piece {
        Piece { bytes, extra: None }
    }

    pub fn with<T: Any + Send>(bytes: Vec<u8>, extra: T) -> Piece {
        Piece {
            bytes,
            extra: Some(Box::new(extra)),
        }
    }

    /// The bytes, and the extra its format attached (`None` if it attached
    /// none, or something else: a piece only ever reaches its own format).
    pub fn into_parts<T: Any>(self) -> (Vec<u8>, Option<T>) {
        let extra = self.extra.and_then(|e| e.downcast::<T>().ok()).map(|b| *b);
        (self.bytes, extra)
    }
}

/// A lock that a poisoned holder (a panic while writing) does not make
/// useless: the report is abandoned by then anyway.
pub(super) fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
