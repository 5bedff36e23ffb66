//! Printers: an evaluated sheet in, text out. The table is the self-score
//! sheet a committee fills in by hand today; JSON is the machine contract
//! (section 8); Markdown is for reports and pasting.
//!
//! Printers never decide a status: they only put the [`Assessment`] into
//! words, through [`words`], in the language asked for.

pub mod json;
pub mod markdown;
pub mod table;
pub mod words;

use crate::eval::{Assessment, CriterionResult};
use crate::exact::Fraction;
use crate::facts::FactSheet;
use crate::lang::Lang;
use crate::standard::{Standard, Target};
use clap::ValueEnum;

/// The output formats of `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// 自评表：按目标分组的表格 / the self-score table, grouped by target
    Table,
    /// JSON 报告（合同第 8 节）/ the JSON report (contract section 8)
    Json,
    /// Markdown 自评表 / a Markdown self-score sheet
    Markdown,
}

/// One fact sheet, evaluated, with what a printer needs to show it.
pub struct SheetReport<'a> {
    /// The file as the user named it.
    pub source: String,
    pub standard: &'a Standard,
    pub sheet: FactSheet,
    pub assessment: Assessment,
}

/// Renders `reports` in `format`. `batch` is true when the user asked for
/// several sheets (several files or a folder): JSON is then an array even
/// if only one sheet could be read.
pub fn render(reports: &[SheetReport], format: Format, lang: Lang, batch: bool) -> String {
    match format {
        Format::Table => join_sections(reports.iter().map(|r| table::render(r, lang))),
        Format::Markdown => join_sections(reports.iter().map(|r| markdown::render(r, lang))),
        Format::Json => json::render(reports, lang, batch),
    }
}

/// Several human reports, one after another, a blank line apart.
fn join_sections(sections: impl Iterator<Item = String>) -> String {
    sections.collect::<Vec<_>>().join("\n")
}

/// A target's earned and possible points over its applicable criteria;
/// `results` are the target's own, in the standard's order.
pub fn target_subtotal(target: &Target, results: &[&CriterionResult]) -> (Fraction, Fraction) {
    let mut earned = Fraction::ZERO;
    let mut possible = Fraction::ZERO;
    for (criterion, result) in target.criteria.iter().zip(results) {
        if let Some(e) = result.earned {
            earned += e;
            possible += criterion.points.to_fraction();
        }
    }
    (earned, possible)
}
