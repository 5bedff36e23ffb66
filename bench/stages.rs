//! Where a batch's time goes: every `*.yaml` in a folder taken through the
//! pipeline up to one stage, on every core. Timed beside the parse-only
//! baseline by `bench/batch.sh`, each stage's figure less the one before it
//! is that stage's cost.
//!
//! `cargo run --release --example stages -- STAGE DIR`, STAGE one of:
//!
//! * `files`    — read the files, nothing else;
//! * `events`   — and run the YAML event parser over each (the floor of any
//!   reader built on it);
//! * `sheet`    — and read each through the default standard's schema;
//! * `evaluate` — and evaluate it;
//! * `json`     — and make its piece of a JSON batch report.

use assess::eval::evaluate;
use assess::facts::{Schema, read_sheet};
use assess::lang::Lang;
use assess::report::{Format, Options, SheetReport};
use assess::standard::default_standard;
use rayon::prelude::*;
use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [stage, dir] = &args[..] else {
        panic!("usage: stages files|events|sheet|evaluate|json DIR");
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the folder can be read")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    let standard = default_standard();
    let schema = Schema::for_standard(&standard);
    let printer = Format::Json.printer(Options {
        batch: true,
        ..Options::plain(Lang::En)
    });
    let work = |path: &PathBuf| -> usize {
        let text = std::fs::read_to_string(path).expect("the file can be read");
        match stage.as_str() {
            "files" => text.len(),
            "events" => {
                let mut parser = saphyr_parser::Parser::new_from_str(&text);
                let mut events = 0;
                while let Some(Ok(event)) = parser.next_event() {
                    std::hint::black_box(&event);
                    events += 1;
                }
                events
            }
            "sheet" => read_sheet(&text, &standard, &schema).map_or(0, |s| s.year as usize),
            "evaluate" | "json" => {
                let Ok(sheet) = read_sheet(&text, &standard, &schema) else {
                    return 0;
                };
                let assessment = evaluate(&standard, &sheet);
                if stage == "evaluate" {
                    return assessment.results.len();
                }
                let report = SheetReport {
                    source: path.display().to_string(),
                    standard: &standard,
                    sheet,
                    assessment,
                };
                printer.piece(&report).bytes.len()
            }
            other => panic!("unknown stage {other}"),
        }
    };
    let total: usize = files.par_iter().map(work).sum();
    eprintln!("{stage}: {} files, {total}", files.len());
}
