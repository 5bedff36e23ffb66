//! The crate's modules run one way: each may use the ones below it, never
//! one above, and no two depend on each other. The layers, lowest first:
//!
//! | layer | modules | what they are |
//! |---|---|---|
//! | 0 | `lang`, `date`, `exact`, `diagnostic`, `suggest`, `spool`, `input` | utilities |
//! | 1 | `standard` | the standard (TOML) |
//! | 2 | `facts` | the fact sheet (YAML) |
//! | 3 | `eval` | evaluation |
//! | 4 | `engine` | one sheet read and evaluated |
//! | 5 | `report` | the report document and its printers |
//! | 6 | `history`, `authoring` | diff and trend; template, schema, criteria |
//! | 7 | `output` | report files |
//! | 8 | `cli` | the command line as data (clap types) |
//! | 9 | `commands` | one module per command |
//!
//! This test reads every `crate::…` path in `src/` (outside comments) and
//! fails on an edge that goes up a layer or closes a cycle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const LAYERS: &[&[&str]] = &[
    &[
        "lang",
        "date",
        "exact",
        "diagnostic",
        "suggest",
        "spool",
        "input",
    ],
    &["standard"],
    &["facts"],
    &["eval"],
    &["engine"],
    &["report"],
    &["history", "authoring"],
    &["output"],
    &["cli"],
    &["commands"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// Every Rust file under `dir`.
fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level modules a file's code names after `crate::`.
fn uses(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            if let Some(inner) = rest.strip_prefix('{') {
                // `use crate::{a, b::c};` on one line.
                let inner = inner.split('}').next().unwrap_or("");
                for item in inner.split(',') {
                    let name: String = item
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() {
                        found.insert(name);
                    }
                }
            } else {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    found.insert(name);
                }
            }
        }
    }
    found
}

#[test]
fn modules_use_only_the_layers_below_them() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut problems = Vec::new();
    for path in &all {
        let relative = path.strip_prefix(&src).unwrap();
        let first = relative.components().next().unwrap().as_os_str();
        let module = first.to_string_lossy().trim_end_matches(".rs").to_string();
        if module == "lib" || module == "main" || module == "macros" {
            continue;
        }
        let Some(own) = layer(&module) else {
            problems.push(format!(
                "{}: module `{module}` has no layer",
                relative.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(path).unwrap();
        for used in uses(&text) {
            if used == module || used == "lang" && module == "lang" {
                continue;
            }
            match layer(&used) {
                None => {} // `crate::tr!`-style items of lib.rs
                Some(theirs) if theirs > own => problems.push(format!(
                    "{}: `{module}` (layer {own}) uses `{used}` (layer {theirs}) above it",
                    relative.display()
                )),
                Some(_) => {
                    edges.entry(module.clone()).or_default().insert(used);
                }
            }
        }
    }
    // No cycle within a layer either: a depth-first walk of the edges.
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
        problems: &mut Vec<String>,
    ) {
        if let Some(at) = path.iter().position(|n| n == node) {
            problems.push(format!("a cycle: {} → {node}", path[at..].join(" → ")));
            return;
        }
        if !done.insert(node.to_string()) {
            return;
        }
        path.push(node.to_string());
        for next in edges.get(node).into_iter().flatten() {
            visit(next, edges, path, done, problems);
        }
        path.pop();
    }
    let mut done = BTreeSet::new();
    for node in edges.keys() {
        visit(node, &edges, &mut Vec::new(), &mut done, &mut problems);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
