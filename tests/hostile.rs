//! Text that reaches a terminal or a spreadsheet can never act on it. Every
//! input field a report shows — file names, the standard's texts, the
//! sheet's texts — is filled with what a hostile or careless hand could
//! put there and the tool accepts, and every output of every command, in
//! every format and both languages, single and batch, is checked byte by
//! byte: no control character but tab and line feed (and CRLF line ends in
//! CSV), no bidirectional control, and no CSV cell a spreadsheet would run
//! as a formula. What the tool refuses (control characters in sheets,
//! standards and saved reports) is tested in `tests/bad/`.

#![cfg(unix)]

use assess::report::Format;
use clap::ValueEnum;
use std::fs;
use std::path::Path;
use std::process::Command;

const SHEET: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/gaps-2024.yaml");

/// Names a file system accepts and a terminal or a spreadsheet would act
/// on: an escape sequence, a formula, a bidi override, a carriage return,
/// a tab.
const NAMES: [&str; 5] = [
    "\u{1b}[2J\u{1b}]0;pwned\u{7}.yaml",
    "=HYPERLINK(\"x\",\"点我\").yaml",
    "+\u{202e}lmth.yaml",
    "-\r@SUM(1+1).yaml",
    "\t=1+1.yaml",
];

/// A tailoring of the built-in standard whose texts start like formulas and
/// hold tabs (allowed in text, a formula's start in a CSV cell).
const STANDARD: &str = r#"extends = "seed-2008"
id = "hostile"
title = "=cmd|' /C calc'!A0"
title_en = "@SUM(1+1)	x"
version = "-1"

[[change]]
id = "1.1"
title = "=1+1"
title_en = "+1"
basis = "-2"
method = "@A1"

[[change]]
id = "3.1"
title = "\t=1+1"
title_en = "\t@x"
"#;

/// The 2024 sheet with formula-like texts where a sheet holds text.
fn sheet() -> String {
    fs::read_to_string(SHEET)
        .unwrap()
        .replace("name: 临江社区", "name: \"=1+1 社区\"")
        .replace("district: 江滨街道", "district: \"@街道\ttab\"")
        .replace(
            "    - 2024-03-12\n",
            "    - date: 2024-03-12\n      title: \"=1+1\"\n      evidence: \"-台账\t第3页\"\n",
        )
        .replace(
            "\"1.3\": 社区规模小，未划分包块",
            "\"1.3\": \"+规模小\t未划分\"",
        )
        + "evidence:\n  \"7.6\": [\"@SUM(A1)\", \"=HYPERLINK(\\\"x\\\")\"]\n"
}

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir(d.join("sheets")).unwrap();
    for name in NAMES {
        fs::write(d.join("sheets").join(name), sheet()).unwrap();
    }
    fs::write(d.join("hostile.toml"), STANDARD).unwrap();
    dir
}

fn assess(dir: &Path, args: &[&str]) -> Vec<u8> {
    let output = Command::new(env!("CARGO_BIN_EXE_assess"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!output.stdout.is_empty(), "{args:?}");
    // stderr is held to the same rule.
    clean(&output.stderr, false, &format!("{args:?} stderr"));
    output.stdout
}

/// No byte below 0x20 but tab and line feed (a carriage return only
/// before a line feed, where `crlf`), no bidirectional control.
fn clean(bytes: &[u8], crlf: bool, what: &str) {
    for (i, &b) in bytes.iter().enumerate() {
        let allowed = b == b'\t'
            || b == b'\n'
            || b >= 0x20 && b != 0x7f
            || crlf && b == b'\r' && bytes.get(i + 1) == Some(&b'\n');
        assert!(allowed, "{what}: byte {b:#04x} at {i}");
    }
    let text = String::from_utf8_lossy(bytes);
    // CSV opens with a byte-order mark on purpose (Excel reads UTF-8 by it).
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) if crlf => rest,
        _ => &text,
    };
    for c in text.chars() {
        assert!(
            !assess::diagnostic::is_bidi_control(c)
                && !assess::diagnostic::is_invisible(c)
                && !(c.is_control() && c != '\t' && c != '\n' && !(crlf && c == '\r')),
            "{what}: {:?}",
            c
        );
    }
}

/// No cell a spreadsheet would take for a formula.
fn no_formulas(text: &str, what: &str) {
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut cells = 0;
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            cells += 1;
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{what}: {cell:?}"
            );
        }
    }
    assert!(cells > 0);
}

/// Every cell of a workbook is clean text or a number, and none a formula.
fn workbook_cells_are_inert(bytes: &[u8], what: &str) {
    use calamine::{Data, Reader};
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut cells = 0;
    for name in book.sheet_names() {
        let formulas = book.worksheet_formula(&name).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{what}"
        );
        for (_, _, cell) in book.worksheet_range(&name).unwrap().used_cells() {
            cells += 1;
            if let Data::String(text) = cell {
                clean(text.as_bytes(), false, what);
            }
        }
    }
    assert!(cells > 0);
}

fn format_name(format: Format) -> String {
    format.to_possible_value().unwrap().get_name().to_string()
}

#[test]
fn no_input_field_acts_on_a_terminal_or_a_spreadsheet_in_any_format() {
    let dir = setup();
    // In the sheets' folder, so that each name starts its cell.
    let d = &dir.path().join("sheets");
    let mut targets: Vec<Vec<&str>> = NAMES.iter().map(|n| vec![*n]).collect();
    targets.push(NAMES.to_vec());
    for format in Format::value_variants() {
        let name = format_name(*format);
        for lang in ["zh", "en"] {
            for target in &targets {
                let mut args = vec![
                    "--standard",
                    "../hostile.toml",
                    "--lang",
                    lang,
                    "--format",
                    &name,
                    "--detail",
                    "--",
                ];
                args.extend(target);
                let out = assess(d, &args);
                let what = format!("{args:?}");
                if *format == Format::Xlsx {
                    // Binary: what must be clean is every cell.
                    workbook_cells_are_inert(&out, &what);
                    continue;
                }
                clean(&out, *format == Format::Csv, &what);
                if *format == Format::Csv {
                    no_formulas(&String::from_utf8(out).unwrap(), &what);
                }
            }
        }
    }
}

#[test]
fn file_names_are_shown_escaped_and_csv_cells_defused() {
    let dir = setup();
    let d = dir.path();
    let table = String::from_utf8(assess(d, &["--lang", "en", "sheets"])).unwrap();
    assert!(
        table.contains("\\u{1b}[2J\\u{1b}]0;pwned\\u{7}.yaml"),
        "{table}"
    );
    assert!(table.contains("+\\u{202e}lmth.yaml"));
    let csv = String::from_utf8(assess(d, &["--format", "csv", "sheets"])).unwrap();
    let rows: Vec<Vec<String>> =
        csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
    let files: std::collections::BTreeSet<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert!(files.contains("sheets/=HYPERLINK(\"x\",\"点我\").yaml"));
    let rows_of = |file: &str| rows.iter().filter(|r| r[0] == file).count();
    assert_eq!(rows_of("sheets/\t=1+1.yaml"), 35);
    // A name that is a formula, defused.
    let csv = assess(&d.join("sheets"), &["--format", "csv", NAMES[1]]);
    let csv = String::from_utf8(csv).unwrap();
    assert!(
        csv.contains("\r\n\"'=HYPERLINK(\"\"x\"\",\"\"点我\"\").yaml\","),
        "{csv:.400}"
    );
    // Cells from the standard and the sheet, defused.
    let standard = assess(
        d,
        &[
            "--standard",
            "hostile.toml",
            "--format",
            "csv",
            &format!("sheets/{}", NAMES[1]),
        ],
    );
    let text = String::from_utf8(standard).unwrap();
    assert!(text.contains(",'=1+1,'+1,"), "{text:.600}");
    assert!(text.contains(",'=1+1 社区,'@街道\ttab,"));
}

#[test]
fn every_other_command_keeps_hostile_text_inert() {
    let dir = setup();
    let d = dir.path();
    let a = format!("sheets/{}", NAMES[0]);
    let b = format!("sheets/{}", NAMES[2]);
    let c = format!("sheets/{}", NAMES[3]);
    for lang in ["zh", "en"] {
        let common = ["--standard", "hostile.toml", "--lang", lang];
        let mut runs: Vec<Vec<&str>> = vec![
            vec!["criteria"],
            vec!["criteria", "--format", "markdown"],
            vec!["template", "--year", "2024"],
            vec!["schema"],
        ];
        for format in ["table", "json", "markdown"] {
            runs.push(vec!["diff", "--all", "--force", "--format", format, &a, &b]);
            runs.push(vec!["trend", "--force", "--format", format, &a, &b, &c]);
        }
        for run in runs {
            let mut args = vec![run[0]];
            args.extend(common);
            args.extend(&run[1..]);
            let out = assess(d, &args);
            clean(&out, false, &format!("{args:?}"));
        }
    }
    // The template written from the hostile standard is a sheet assess reads.
    let template = assess(
        d,
        &["template", "--standard", "hostile.toml", "--year", "2024"],
    );
    fs::write(d.join("template.yaml"), template).unwrap();
    assess(d, &["--standard", "hostile.toml", "template.yaml"]);
}
