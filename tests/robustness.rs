//! No input may crash `assess`, hang it, or get a verdict from data it did
//! not understand. Valid sheets are mutated the ways hands and editors
//! break files (a deleted colon, a stray tab, a value replaced by `yes`, a
//! truncated file, aliases, tags), and random bytes are fed in. Whatever
//! comes in, the run must end with exit code 0, 1 or 2; on 2 nothing may
//! reach stdout, and a report must come with 0 or 1; the same input must
//! give the same bytes twice.
//!
//! The library is also driven directly through every printer, format,
//! language and layout (`support/every_printer.rs`).
//!
//! Bounded (a few hundred cases each) to fit in CI; `cargo fuzz` (see the
//! README) runs the same library check for as long as one likes.

use assess::cli::Cli;
use assess::commands::run;
use clap::Parser;
use proptest::prelude::*;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

#[path = "support/every_printer.rs"]
mod every_printer;

const EXAMPLES: [&str; 3] = [
    include_str!("../examples/jinhaian-2010.yaml"),
    include_str!("../examples/model-2024.yaml"),
    include_str!("../examples/gaps-2024.yaml"),
];

/// Values people and tools put where they do not belong.
const TOKENS: [&str; 29] = [
    "yes",
    "是",
    "-1",
    "1.5",
    "2024-02-30",
    "~",
    "[]",
    "{}",
    "1e99",
    "0x10",
    "true",
    "\"3\"",
    "*nowhere",
    "&a 1",
    "!!binary AA==",
    "!custom x",
    "|\n  text",
    "99999999999999999999999",
    "2024-4-1",
    "null",
    "'",
    "\"",
    "[1, [2, [3]]]",
    "{a: *a}",
    "True",
    "010",
    "1_000",
    "&x [*x]",
    "? [a, b]",
];

#[derive(Clone, Debug)]
enum Mutation {
    DeleteByte(usize),
    InsertByte(usize, u8),
    ReplaceValue(usize, usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let byte = prop::sample::select(vec![
        b':', b' ', b'\n', b'-', b'[', b']', b'{', b'"', b'\'', b'&', b'*', b'!', b'#', b'\t',
        b'0', b'9', b'|', b'>', b'%', b'@', 0xE4, 0xB8, 0x80, 0xFF, 0x00,
    ]);
    prop_oneof![
        any::<usize>().prop_map(Mutation::DeleteByte),
        (any::<usize>(), byte).prop_map(|(i, b)| Mutation::InsertByte(i, b)),
        (any::<usize>(), 0..TOKENS.len()).prop_map(|(l, t)| Mutation::ReplaceValue(l, t)),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(mut bytes: Vec<u8>, mutation: &Mutation) -> Vec<u8> {
    let at = |i: usize, len: usize| if len == 0 { 0 } else { i % len };
    match *mutation {
        Mutation::DeleteByte(i) if !bytes.is_empty() => {
            let i = at(i, bytes.len());
            bytes.remove(i);
        }
        Mutation::InsertByte(i, b) => {
            let i = at(i, bytes.len() + 1);
            bytes.insert(i, b);
        }
        Mutation::Truncate(i) => bytes.truncate(at(i, bytes.len() + 1)),
        Mutation::ReplaceValue(..) | Mutation::DuplicateLine(_) | Mutation::SwapLines(..) => {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
            if lines.is_empty() {
                return bytes;
            }
            let n = lines.len();
            match *mutation {
                Mutation::ReplaceValue(l, t) => {
                    let line = &mut lines[l % n];
                    if let Some(colon) = line.find(": ") {
                        line.truncate(colon + 2);
                        line.push_str(TOKENS[t]);
                    } else {
                        line.push_str(TOKENS[t]);
                    }
                }
                Mutation::DuplicateLine(l) => {
                    let line = lines[l % n].clone();
                    lines.insert(l % n, line);
                }
                Mutation::SwapLines(a, b) => lines.swap(a % n, b % n),
                _ => {}
            }
            bytes = (lines.join("\n") + "\n").into_bytes();
        }
        _ => {}
    }
    bytes
}

type Run = (u8, Vec<u8>, Vec<u8>);

/// Runs the whole tool in-process, twice, on `bytes` saved as a file.
fn assess_twice(bytes: &[u8]) -> (Run, Run) {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!("assess-robustness-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path: PathBuf = dir.join(format!("{}.yaml", COUNTER.fetch_add(1, Ordering::Relaxed)));
    std::fs::write(&path, bytes).unwrap();
    let args = Cli::parse_from([
        "assess",
        "--lang",
        "en",
        "--format",
        "json",
        path.to_str().unwrap(),
    ]);
    let once = || {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run(&args, &mut out, &mut err, false).code();
        (code, out, err)
    };
    let runs = (once(), once());
    std::fs::remove_file(&path).unwrap();
    runs
}

fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
    let (first, second) = assess_twice(bytes);
    prop_assert_eq!(&first, &second, "the same input gave different output");
    let (code, out, err) = first;
    prop_assert!(code <= 2, "exit code {code}");
    if code == 2 {
        prop_assert!(
            out.is_empty(),
            "stdout on exit 2: {}",
            String::from_utf8_lossy(&out)
        );
        prop_assert!(!err.is_empty(), "exit 2 without a message");
    } else {
        prop_assert!(!out.is_empty(), "exit {code} without a report");
        let report: serde_json::Value = serde_json::from_slice(&out).expect("the report is JSON");
        let failing = report["criteria"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["status"] == "gap" || c["status"] == "missing");
        prop_assert_eq!(code == 1, failing);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn mutated_sheets_never_crash(
        example in 0..EXAMPLES.len(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let bytes = mutations
            .iter()
            .fold(EXAMPLES[example].as_bytes().to_vec(), apply);
        check(&bytes)?;
    }

    #[test]
    fn mutated_sheets_pass_every_printer(
        example in 0..EXAMPLES.len(),
        mutations in prop::collection::vec(mutation(), 0..4),
    ) {
        let bytes = mutations
            .iter()
            .fold(EXAMPLES[example].as_bytes().to_vec(), apply);
        every_printer::check(&bytes);
    }

    #[test]
    fn random_bytes_never_crash(bytes in prop::collection::vec(any::<u8>(), 0..1500)) {
        check(&bytes)?;
    }

    #[test]
    fn random_text_never_crashes(text in "[a-z_:\\- \\n\\[\\]{}&*!#0-9.\"'|>中文]{0,400}") {
        check(text.as_bytes())?;
    }
}
