//! One sheet through each stage, for profiling the per-sheet cost:
//! `cargo bench --bench evaluate`. The batch benchmark against the YAML
//! parse floor is `bench/batch.sh`.

use assess::eval::evaluate;
use assess::facts::{Schema, read_sheet};
use assess::lang::Lang;
use assess::report::{self, Format, Options, SheetReport};
use assess::standard::default_standard;

fn main() {
    divan::main();
}

const SHEET: &str = include_str!("../examples/model-2024.yaml");

#[divan::bench]
fn parse_into_yaml_values() -> serde_yaml::Value {
    serde_yaml::from_str(divan::black_box(SHEET)).unwrap()
}

/// The YAML event stream alone, which the reader is built on: the floor
/// for reading a sheet.
#[divan::bench]
fn parse_into_yaml_events() -> usize {
    let mut parser = saphyr_parser::Parser::new_from_str(divan::black_box(SHEET));
    let mut events = 0;
    while let Some(Ok(_)) = parser.next_event() {
        events += 1;
    }
    events
}

#[divan::bench]
fn read_sheet_through_the_schema(bencher: divan::Bencher) {
    let standard = default_standard();
    let schema = Schema::for_standard(&standard);
    bencher.bench(|| read_sheet(divan::black_box(SHEET), &standard, &schema).unwrap());
}

#[divan::bench]
fn evaluate_a_read_sheet(bencher: divan::Bencher) {
    let standard = default_standard();
    let schema = Schema::for_standard(&standard);
    let sheet = read_sheet(SHEET, &standard, &schema).unwrap();
    bencher.bench(|| evaluate(&standard, divan::black_box(&sheet)));
}

#[divan::bench(args = [Format::Json, Format::Jsonl, Format::Table, Format::Csv])]
fn render_one_report(bencher: divan::Bencher, format: Format) {
    let standard = default_standard();
    let schema = Schema::for_standard(&standard);
    let sheet = read_sheet(SHEET, &standard, &schema).unwrap();
    let assessment = evaluate(&standard, &sheet);
    let reports = [SheetReport {
        source: "examples/model-2024.yaml".into(),
        standard: &standard,
        sheet,
        assessment,
    }];
    let options = Options::plain(Lang::En);
    bencher.bench(|| report::render(divan::black_box(&reports), format, &options));
}

#[divan::bench]
fn load_the_default_standard() -> assess::standard::Standard {
    default_standard()
}
