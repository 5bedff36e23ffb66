//! One sheet's bytes through the library and every printer, shared by the
//! robustness test (bounded, in every `cargo test`) and the cargo-fuzz
//! target (unbounded): reading, evaluation and every format, language and
//! layout must finish without a panic, and a sheet is either reported or
//! refused with at least one message in each language.

use assess::engine::assess_bytes;
use assess::facts::Schema;
use assess::lang::Lang;
use assess::report::{self, Format, Options, Width};
use assess::standard::{Standard, default_standard};
use std::sync::OnceLock;

fn prepared() -> &'static (Standard, Schema) {
    static PREPARED: OnceLock<(Standard, Schema)> = OnceLock::new();
    PREPARED.get_or_init(|| {
        let standard = default_standard();
        let schema = Schema::for_standard(&standard);
        (standard, schema)
    })
}

/// Panics (a test failure, a fuzz finding) if `bytes` break an invariant.
pub fn check(bytes: &[u8]) {
    let (standard, schema) = prepared();
    match assess_bytes("fuzz.yaml".to_string(), bytes.to_vec(), standard, schema) {
        Ok(report) => {
            let reports = [report];
            for lang in [Lang::Zh, Lang::En] {
                let layouts = [
                    Options::plain(lang),
                    Options {
                        batch: true,
                        color: true,
                        width: Width::Fixed(60),
                        ..Options::plain(lang)
                    },
                    Options {
                        batch: true,
                        detail: true,
                        ..Options::plain(lang)
                    },
                ];
                // Every format there is: a new one cannot be left out.
                for &format in Format::all() {
                    for options in &layouts {
                        let bytes = report::render(&reports, format, options)
                            .unwrap_or_else(|e| panic!("{format:?} failed: {e}"));
                        assert!(!bytes.is_empty(), "{format:?} printed nothing");
                        // Whole documents, not a fragment cut short.
                        match format {
                            Format::Html => {
                                let text = String::from_utf8(bytes).expect("UTF-8");
                                assert!(text.starts_with("<!DOCTYPE html>\n"));
                                assert!(text.ends_with("</body>\n</html>\n"));
                            }
                            Format::Xlsx => assert!(bytes.starts_with(b"PK\x03\x04"), "a zip"),
                            _ => {}
                        }
                    }
                }
            }
        }
        Err(errors) => {
            assert!(!errors.diagnostics.is_empty());
            assert!(!errors.render(Lang::Zh).is_empty());
            assert!(!errors.render(Lang::En).is_empty());
        }
    }
}
