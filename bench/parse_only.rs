//! The benchmark's baseline: read every `*.yaml` in a folder and parse it
//! with the same YAML library `assess` uses, into generic values, and do
//! nothing else. `--serial` parses on one core; by default on every core,
//! as `assess` does, so the two are compared doing the same reading work.
//!
//! `cargo run --release --example parse_only -- [--serial] DIR`

use rayon::prelude::*;
use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let serial = args.iter().any(|a| a == "--serial");
    let dir = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .expect("usage: parse_only [--serial] DIR");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the folder can be read")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    let parse = |path: &PathBuf| {
        let text = std::fs::read_to_string(path).expect("the file can be read");
        let value: serde_yaml::Value = serde_yaml::from_str(&text).expect("the file is YAML");
        std::hint::black_box(value);
    };
    if serial {
        files.iter().for_each(parse);
    } else {
        files.par_iter().for_each(parse);
    }
    eprintln!("parsed {} files", files.len());
}
