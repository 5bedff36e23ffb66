//! The JSON report (docs/reference.md): one object per sheet, an array
//! for a batch. Field order is fixed by these structs, so the output is
//! byte-identical across runs. Numbers are not rounded; texts
//! (`required`, `actual`, `gap`) are in the report's language.

use super::printer::{Piece, Printer};
use super::{Options, SheetReport, words};
use crate::date::Date;
use crate::diagnostic::FileDiagnostics;
use crate::eval::{NotApplicable, Shortfall, Status};
use crate::exact::Fraction;
use crate::lang::Lang;
use serde::Serialize;
use std::borrow::Cow;
use std::io::{self, Write};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The report format's version, for scripts to check.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
pub struct Report<'a> {
    pub format: u32,
    pub source: &'a str,
    pub standard: StandardInfo<'a>,
    pub community: CommunityInfo<'a>,
    pub score: ScoreInfo,
    pub verdict: &'static str,
    pub vetoes_failed: &'a [String],
    /// Declared not applicable although the facts would pass.
    pub unneeded_declarations: &'a [String],
    /// Declared not applicable over facts that are given and fail: the
    /// declaration is what keeps these failures out of the score.
    pub declared_over_failures: &'a [String],
    pub counts: Counts,
    pub criteria: Vec<CriterionInfo<'a>>,
}

#[derive(Serialize)]
pub struct StandardInfo<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub title_en: &'a str,
    pub version: &'a str,
    /// For a tailored standard: its base and what was changed.
    pub tailoring: Option<TailoringInfo<'a>>,
}

#[derive(Serialize)]
pub struct TailoringInfo<'a> {
    pub extends: &'a str,
    pub extends_version: &'a str,
    pub changed: &'a [String],
    pub added: &'a [String],
    pub removed: &'a [String],
}

#[derive(Serialize)]
pub struct CommunityInfo<'a> {
    pub name: &'a str,
    pub district: Option<&'a str>,
    pub year: i32,
    pub as_of: Date,
}

#[derive(Serialize)]
pub struct ScoreInfo {
    pub earned: f64,
    pub possible: f64,
    pub percent: f64,
    pub pass_mark: f64,
    /// Points of the criteria declared not applicable (not in `possible`).
    pub set_aside: f64,
    /// The same numbers as exact fractions (`"1284/13"`): a float can put
    /// a score a hair under the pass mark on it; these cannot.
    pub exact: ExactScore,
}

#[derive(Serialize)]
pub struct ExactScore {
    pub earned: String,
    pub possible: String,
    pub percent: String,
    pub set_aside: String,
}

#[derive(Serialize)]
pub struct Counts {
    pub pass: usize,
    pub gap: usize,
    pub missing: usize,
    pub not_applicable: usize,
}

#[derive(Serialize)]
pub struct CriterionInfo<'a> {
    pub id: &'a str,
    pub target: &'a str,
    pub title: &'a str,
    pub title_en: &'a str,
    pub status: &'static str,
    pub points: f64,
    pub earned: Option<f64>,
    pub veto: bool,
    pub required: Cow<'static, str>,
    pub actual: Option<Cow<'static, str>>,
    /// What is short and by how much (`gap` and `missing` only).
    pub gap: Option<String>,
    /// The facts not given, for `missing`.
    pub missing_facts: &'a [String],
    /// Why it does not apply, for `not_applicable`.
    pub not_applicable_reason: Option<String>,
    /// Declared not applicable by the sheet (`not_applicable:`), rather
    /// than by its rule.
    pub declared: bool,
    /// Where the evidence is kept, as the sheet cites it under `evidence`.
    pub evidence: &'a [String],
    /// The dated records the criterion reads, as given (record-based rules).
    pub records: Vec<RecordInfo<'a>>,
}

#[derive(Serialize)]
pub struct RecordInfo<'a> {
    pub date: Date,
    pub title: Option<&'a str>,
    pub evidence: Option<&'a str>,
}

pub fn report<'a>(r: &'a SheetReport, lang: Lang) -> Report<'a> {
    let a = &r.assessment;
    let criteria = a
        .results
        .iter()
        .map(|result| {
            let (target, criterion) = (result.target, result.criterion);
            let explanation = words::explanation(result, criterion, r.sheet.as_of, lang);
            let (gap, reason) = match result.status {
                Status::NotApplicable => (None, explanation),
                Status::Pass => (None, None),
                Status::Gap | Status::Missing => (explanation, None),
            };
            CriterionInfo {
                id: &criterion.id,
                target: &target.id,
                title: &criterion.title,
                title_en: &criterion.title_en,
                status: result.status.key(),
                points: criterion.points.to_f64(),
                earned: result.earned.as_ref().map(Fraction::to_f64),
                veto: criterion.veto,
                required: words::requirement(&criterion.rule, lang),
                actual: result
                    .actual
                    .as_ref()
                    .map(|actual| words::actual(actual, &criterion.rule, lang)),
                gap,
                missing_facts: match &result.shortfall {
                    Some(Shortfall::NotGiven { facts }) => facts,
                    _ => &[],
                },
                not_applicable_reason: reason,
                declared: matches!(result.not_applicable, Some(NotApplicable::Declared { .. })),
                evidence: r
                    .sheet
                    .evidence
                    .get(&criterion.id)
                    .map_or(&[], Vec::as_slice),
                records: super::records(criterion, &r.sheet)
                    .into_iter()
                    .map(|record| RecordInfo {
                        date: record.date,
                        title: record.title.as_deref(),
                        evidence: record.evidence.as_deref(),
                    })
                    .collect(),
            }
        })
        .collect();
    Report {
        format: FORMAT_VERSION,
        source: &r.source,
        standard: StandardInfo {
            id: &r.standard.id,
            title: &r.standard.title,
            title_en: &r.standard.title_en,
            version: &r.standard.version,
            tailoring: r.standard.tailoring.as_ref().map(|t| TailoringInfo {
                extends: &t.base_id,
                extends_version: &t.base_version,
                changed: &t.changed,
                added: &t.added,
                removed: &t.removed,
            }),
        },
        community: CommunityInfo {
            name: &r.sheet.community.name,
            district: r.sheet.community.district.as_deref(),
            year: r.sheet.year,
            as_of: r.sheet.as_of,
        },
        score: ScoreInfo {
            earned: a.score.earned.to_f64(),
            possible: a.score.possible.to_f64(),
            percent: a.score.percent.to_f64(),
            pass_mark: r.standard.pass_mark.to_f64(),
            set_aside: a.score.set_aside.to_f64(),
            exact: ExactScore {
                earned: a.score.earned.to_exact_string(),
                possible: a.score.possible.to_exact_string(),
                percent: a.score.percent.to_exact_string(),
                set_aside: a.score.set_aside.to_exact_string(),
            },
        },
        verdict: a.verdict.key(),
        vetoes_failed: &a.vetoes_failed,
        unneeded_declarations: &a.unneeded_declarations,
        declared_over_failures: &a.declared_over_failures,
        counts: Counts {
            pass: a.count(Status::Pass),
            gap: a.count(Status::Gap),
            missing: a.count(Status::Missing),
            not_applicable: a.count(Status::NotApplicable),
        },
        criteria,
    }
}

/// One sheet's report, pretty-printed, with a final newline.
pub fn render_one(r: &SheetReport, lang: Lang) -> Vec<u8> {
    let mut out = Vec::with_capacity(32 * 1024);
    let formatter = serde_json::ser::PrettyFormatter::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    // Plain structs into a Vec: serializing cannot fail.
    let _ = report(r, lang).serialize(&mut serializer);
    out.push(b'\n');
    out
}

/// One sheet's report as an element of a pretty-printed array: exactly
/// what `serde_json::to_string_pretty` writes for it inside an array, so a
/// batch can be written element by element.
pub fn render_element(r: &SheetReport, lang: Lang) -> Vec<u8> {
    nested_element(&report(r, lang))
}

/// Any value as an element of a pretty-printed array.
pub fn nested_element(value: &impl Serialize) -> Vec<u8> {
    let mut out = b"  ".to_vec();
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, Nested::default());
    // Plain structs into a Vec: serializing cannot fail.
    let _ = value.serialize(&mut serializer);
    out
}

/// serde_json's pretty layout (two-space indent), started one level deep.
struct Nested {
    depth: usize,
    has_value: bool,
}

impl Default for Nested {
    fn default() -> Nested {
        Nested {
            depth: 1,
            has_value: false,
        }
    }
}

impl Nested {
    fn indent<W: ?Sized + std::io::Write>(&self, w: &mut W) -> std::io::Result<()> {
        const SPACES: &[u8; 64] =
            b"                                                                ";
        let width = (2 * self.depth).min(SPACES.len());
        w.write_all(&SPACES[..width])
    }

    /// Starts an array element or an object entry on a line of its own.
    fn next_item<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }

    /// Opens an array or object one level deeper.
    fn open<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    /// Closes it, on a line of its own unless it was empty.
    fn close<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.next_item(w, first)
    }
    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.next_item(w, first)
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// One sheet's report on one line (JSON Lines), for streaming and `jq -c`.
pub fn render_line(r: &SheetReport, lang: Lang) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 * 1024);
    // Plain structs into a Vec: serializing cannot fail.
    let _ = serde_json::to_writer(&mut out, &report(r, lang));
    out.push(b'\n');
    out
}

/// The entry of a sheet of a batch that could not be read: its file and
/// every problem, each with its place.
#[derive(Serialize)]
struct Unreadable<'a> {
    format: u32,
    file: &'a str,
    errors: Vec<ErrorInfo<'a>>,
}

#[derive(Serialize)]
struct ErrorInfo<'a> {
    line: Option<usize>,
    column: Option<usize>,
    path: Option<&'a str>,
    message: &'a str,
}

fn unreadable_entry(problem: &FileDiagnostics, lang: Lang) -> Unreadable<'_> {
    Unreadable {
        format: FORMAT_VERSION,
        file: &problem.file,
        errors: problem
            .diagnostics
            .iter()
            .map(|d| ErrorInfo {
                line: d.position.map(|p| p.line),
                column: d.position.map(|p| p.column),
                path: d.key_path.as_deref(),
                message: d.message.get(lang),
            })
            .collect(),
    }
}

/// `--format json`: one object for one sheet; for a batch an array written
/// element by element, unreadable sheets included as `{file, errors}`.
pub struct JsonPrinter {
    options: Options,
    pieces: AtomicUsize,
}

impl JsonPrinter {
    pub fn new(options: Options) -> JsonPrinter {
        JsonPrinter {
            options,
            pieces: AtomicUsize::new(0),
        }
    }
}

impl Printer for JsonPrinter {
    fn piece(&self, report: &SheetReport) -> Piece {
        let lang = self.options.lang;
        Piece::new(if self.options.batch {
            render_element(report, lang)
        } else {
            render_one(report, lang)
        })
    }

    fn unreadable(&self, problem: &FileDiagnostics) -> Option<Piece> {
        let entry = unreadable_entry(problem, self.options.lang);
        self.options
            .batch
            .then(|| Piece::new(nested_element(&entry)))
    }

    fn put(&self, piece: Piece, out: &mut dyn Write) -> io::Result<()> {
        let first = self.pieces.fetch_add(1, Ordering::Relaxed) == 0;
        if self.options.batch {
            out.write_all(if first { b"[\n" } else { b",\n" })?;
        }
        out.write_all(&piece.bytes)
    }

    fn finish(&self, out: &mut dyn Write, _notes: &[String]) -> io::Result<()> {
        if self.options.batch && self.pieces.load(Ordering::Relaxed) > 0 {
            out.write_all(b"\n]\n")?;
        }
        out.flush()
    }
}

/// `--format jsonl`: one compact report (or unreadable entry) per line.
pub struct JsonLinesPrinter {
    options: Options,
}

impl JsonLinesPrinter {
    pub fn new(options: Options) -> JsonLinesPrinter {
        JsonLinesPrinter { options }
    }
}

impl Printer for JsonLinesPrinter {
    fn piece(&self, report: &SheetReport) -> Piece {
        Piece::new(render_line(report, self.options.lang))
    }

    fn unreadable(&self, problem: &FileDiagnostics) -> Option<Piece> {
        let entry = unreadable_entry(problem, self.options.lang);
        // Plain structs into a Vec: serializing cannot fail.
        let mut line = serde_json::to_vec(&entry).unwrap_or_default();
        line.push(b'\n');
        self.options.batch.then(|| Piece::new(line))
    }

    fn put(&self, piece: Piece, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(&piece.bytes)
    }

    fn finish(&self, out: &mut dyn Write, _notes: &[String]) -> io::Result<()> {
        out.flush()
    }
}
