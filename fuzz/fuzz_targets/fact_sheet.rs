//! Any bytes, as a fact sheet for the default standard: reading, evaluation
//! and every printer must finish without a panic, and a sheet is either
//! reported or refused with at least one message.

#![no_main]

use assess::facts::Schema;
use assess::lang::Lang;
use assess::report::{self, Format};
use assess::run::assess_bytes;
use assess::standard::{Standard, default_standard};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn prepared() -> &'static (Standard, Schema) {
    static PREPARED: OnceLock<(Standard, Schema)> = OnceLock::new();
    PREPARED.get_or_init(|| {
        let standard = default_standard();
        let schema = Schema::for_standard(&standard);
        (standard, schema)
    })
}

fuzz_target!(|bytes: &[u8]| {
    let (standard, schema) = prepared();
    match assess_bytes("fuzz.yaml".to_string(), bytes.to_vec(), standard, schema) {
        Ok(report) => {
            let reports = [report];
            for format in [Format::Table, Format::Json, Format::Markdown] {
                for lang in [Lang::Zh, Lang::En] {
                    let text = report::render(&reports, format, lang, false);
                    assert!(!text.is_empty());
                }
            }
        }
        Err(errors) => {
            assert!(!errors.diagnostics.is_empty());
            assert!(!errors.render(Lang::Zh).is_empty());
            assert!(!errors.render(Lang::En).is_empty());
        }
    }
});
