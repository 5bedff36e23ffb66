//! The engine: one fact sheet, as a file or as bytes, read and checked
//! against a standard and evaluated — a [`SheetReport`] for the printers,
//! or every problem found. The binary, `diff` and the fuzz target all
//! enter here.

use crate::date::Date;
use crate::diagnostic::FileDiagnostics;
use crate::eval::{Assessment, evaluate};
use crate::facts::{FactSheet, Schema, read_sheet_as_of};
use crate::input::{decode, input_name, read_limited};
use crate::standard::Standard;
use std::path::Path;

/// One fact sheet, evaluated, with what a printer needs to show it.
pub struct SheetReport<'a> {
    /// The file as the user named it.
    pub source: String,
    pub standard: &'a Standard,
    pub sheet: FactSheet,
    pub assessment: Assessment<'a>,
}

/// Reads, checks and evaluates one fact sheet file.
/// `as_of` (`--as-of`) takes the place of the sheet's own.
pub fn assess_file<'s>(
    path: &Path,
    standard: &'s Standard,
    schema: &Schema,
    limit: u64,
    as_of: Option<Date>,
) -> Result<SheetReport<'s>, FileDiagnostics> {
    let name = input_name(path);
    let bytes = read_limited(path, limit).map_err(|d| FileDiagnostics::single(&name, d))?;
    assess_bytes_as_of(name, bytes, standard, schema, as_of)
}

/// Checks and evaluates one fact sheet given as bytes (a file's content),
/// `name` being how messages and reports refer to it. The fuzz target
/// enters here.
pub fn assess_bytes<'s>(
    name: String,
    bytes: Vec<u8>,
    standard: &'s Standard,
    schema: &Schema,
) -> Result<SheetReport<'s>, FileDiagnostics> {
    assess_bytes_as_of(name, bytes, standard, schema, None)
}

/// [`assess_bytes`] with `as_of` in place of the sheet's own.
pub fn assess_bytes_as_of<'s>(
    name: String,
    bytes: Vec<u8>,
    standard: &'s Standard,
    schema: &Schema,
    as_of: Option<Date>,
) -> Result<SheetReport<'s>, FileDiagnostics> {
    let source = decode(bytes).map_err(|d| FileDiagnostics::single(&name, d))?;
    match read_sheet_as_of(&source, standard, schema, as_of) {
        Ok(sheet) => {
            let assessment = evaluate(standard, &sheet);
            Ok(SheetReport {
                source: name,
                standard,
                sheet,
                assessment,
            })
        }
        Err(diagnostics) => Err(FileDiagnostics {
            file: name,
            source: Some(source),
            diagnostics,
        }),
    }
}
