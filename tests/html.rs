//! The HTML reports in a real browser: every example and a batch printed
//! to PDF with headless Chromium and read back with poppler (`pdfinfo`,
//! `pdftotext`) — the page count the print layout intends, the running
//! header and page numbers on every page, the table's header repeated,
//! no target split across pages, the community, score, verdict and every
//! criterion id in the text, in Chinese, so the CJK font really rendered;
//! a screenshot that is not blank; and every page well-formed, escaped and
//! referring to nothing outside itself.
//!
//! Chromium and poppler are required: `.ci/run` installs them, and
//! without them these tests fail rather than pass having checked nothing.

use assess::cli::Cli;
use assess::commands::run;
use clap::Parser;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs the tool in-process: exit code and stdout.
fn assess(args: &[&str]) -> (u8, String) {
    let cli = Cli::parse_from(std::iter::once("assess").chain(args.iter().copied()));
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run(&cli, &mut out, &mut err, false).code();
    assert!(
        code < 2 || !out.is_empty(),
        "{}",
        String::from_utf8_lossy(&err)
    );
    (code, String::from_utf8(out).expect("UTF-8"))
}

fn html(args: &[&str]) -> String {
    let mut all = vec!["--format", "html"];
    all.extend_from_slice(args);
    assess(&all).1
}

fn json(path: &str) -> serde_json::Value {
    let (_, text) = assess(&["--lang", "zh", "--format", "json", path]);
    serde_json::from_str(&text).unwrap()
}

const EXAMPLES: [&str; 3] = [
    "examples/gaps-2024.yaml",
    "examples/jinhaian-2010.yaml",
    "examples/model-2024.yaml",
];

/// Every page the tool writes as HTML.
fn every_page() -> Vec<(String, String)> {
    let mut pages = Vec::new();
    for lang in ["zh", "en"] {
        for path in EXAMPLES.iter().chain(&["tests/fixtures/tricky-text.yaml"]) {
            pages.push((format!("{path} {lang}"), html(&["--lang", lang, path])));
        }
        pages.push((
            format!("batch {lang}"),
            html(&["--lang", lang, "examples", "tests/fixtures/batch"]),
        ));
        pages.push((
            format!("batch --detail, tricky text {lang}"),
            html(&[
                "--lang",
                lang,
                "--detail",
                "examples",
                "tests/fixtures/tricky-text.yaml",
            ]),
        ));
        let history = [
            "examples/history/linjiang-2022.yaml",
            "examples/history/linjiang-2023.yaml",
        ];
        let mut diff = vec!["diff", "--lang", lang, "--format", "html"];
        diff.extend(history);
        pages.push((format!("diff {lang}"), assess(&diff).1));
        let mut trend = vec!["trend", "--lang", lang, "--format", "html"];
        trend.extend(history);
        trend.push("examples/gaps-2024.yaml");
        pages.push((format!("trend {lang}"), assess(&trend).1));
    }
    pages
}

#[test]
fn every_page_is_well_formed_and_self_contained() {
    for (what, page) in every_page() {
        assert!(page.starts_with("<!DOCTYPE html>\n"), "{what}");
        // Polyglot markup: an XML parser reads it whole.
        let doc = roxmltree::Document::parse_with_options(
            &page,
            roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            },
        )
        .unwrap_or_else(|e| panic!("{what}: {e}"));
        for node in doc.descendants().filter(|n| n.is_element()) {
            let name = node.tag_name().name();
            assert!(
                !matches!(
                    name,
                    "script"
                        | "link"
                        | "img"
                        | "iframe"
                        | "object"
                        | "embed"
                        | "a"
                        | "image"
                        | "use"
                ),
                "{what}: <{name}>"
            );
            for attribute in node.attributes() {
                assert!(
                    !matches!(
                        attribute.name(),
                        "src" | "href" | "action" | "data" | "srcset"
                    ),
                    "{what}: {}=",
                    attribute.name()
                );
                assert!(
                    !attribute.value().contains("://") && !attribute.value().contains("url("),
                    "{what}: {}",
                    attribute.value()
                );
            }
        }
        let style = doc
            .descendants()
            .find(|n| n.has_tag_name("style"))
            .and_then(|n| n.text())
            .unwrap_or_default();
        for reference in ["url(", "@import", "http:", "https:"] {
            assert!(!style.contains(reference), "{what}: {reference}");
        }
        // Nothing fetched, whatever the markup: no scheme outside the
        // sheet's own text (the tricky sheet cites a link as evidence).
        if !what.contains("tricky") {
            for scheme in ["http:", "https:", "file:", "src=", "href="] {
                assert!(!page.contains(scheme), "{what}: {scheme}");
            }
        }
    }
}

#[test]
fn text_from_the_sheet_stays_text() {
    let page = html(&["--lang", "zh", "tests/fixtures/tricky-text.yaml"]);
    let doc = roxmltree::Document::parse_with_options(
        &page,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap();
    let h1 = doc.descendants().find(|n| n.has_tag_name("h1")).unwrap();
    assert_eq!(
        h1.text(),
        Some("民主法治社区自评表：星*光|社区 <测试> & \"引号\"（=SUM(A1)）")
    );
    let all: String = doc
        .descendants()
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join("");
    assert!(all.contains("=HYPERLINK(\"http://x\")"));
    assert!(all.contains("照片 <两张> & 签到表"));
}

/// A scratch folder for one test's browser runs.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("assess-html-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn chromium() -> &'static str {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        if Command::new(name)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
        {
            return name;
        }
    }
    panic!("Chromium is required for these tests (.ci/run installs the Debian package chromium)");
}

/// Runs headless Chromium on `html` with `args` (its own profile, so
/// tests can run side by side).
fn browser(dir: &Path, html: &Path, args: &[String]) {
    let profile = dir.join(format!(
        "profile-{}",
        html.file_stem().unwrap().to_string_lossy()
    ));
    let output = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(html)
        .output()
        .expect("Chromium runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Prints `page` to PDF; the text of each of its pages.
fn print(dir: &Path, name: &str, page: &str) -> Vec<String> {
    let html = dir.join(format!("{name}.html"));
    let pdf = dir.join(format!("{name}.pdf"));
    std::fs::write(&html, page).unwrap();
    browser(
        dir,
        &html,
        &[
            "--no-pdf-header-footer".to_string(),
            format!("--print-to-pdf={}", pdf.display()),
        ],
    );
    let info = Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .expect("pdfinfo (poppler-utils) is required");
    let info = String::from_utf8_lossy(&info.stdout);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("a page count");
    (1..=pages)
        .map(|i| {
            let out = Command::new("pdftotext")
                .args(["-layout", "-f", &i.to_string(), "-l", &i.to_string()])
                .arg(&pdf)
                .arg("-")
                .output()
                .expect("pdftotext (poppler-utils) is required");
            String::from_utf8(out.stdout).unwrap()
        })
        .collect()
}

/// The criterion ids that open a line of a page's text (a table row).
fn row_ids(page: &str) -> Vec<String> {
    page.lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| w.contains('.') && w.chars().all(|c| c.is_ascii_digit() || c == '.'))
        .map(str::to_string)
        .collect()
}

#[test]
fn every_example_prints_as_the_layout_intends() {
    let dir = scratch("examples");
    for (i, path) in EXAMPLES.iter().enumerate() {
        let report = json(path);
        let name = report["community"]["name"].as_str().unwrap();
        let year = report["community"]["year"].as_i64().unwrap();
        let pages = print(
            &dir,
            &format!("example-{i}"),
            &html(&["--lang", "zh", path]),
        );
        let n = pages.len();
        assert!(
            n >= 3,
            "{path}: a summary page, the table, the preparation list"
        );
        for (p, text) in pages.iter().enumerate() {
            // Page numbers and the running header, on every page.
            assert!(
                text.contains(&format!("第 {} 页，共 {n} 页", p + 1)),
                "{path} page {}: {text}",
                p + 1
            );
            assert!(text.contains(name) && text.contains(&year.to_string()));
        }
        // Page one: who, the score and the verdict; the table starts on a
        // page of its own.
        let first = &pages[0];
        let percent = format!("{:.2}%", report["score"]["percent"].as_f64().unwrap());
        assert!(first.contains(&percent), "{path}: {percent}");
        let verdict = match report["verdict"].as_str().unwrap() {
            "ready" => "具备迎检条件",
            _ => "尚不具备迎检条件",
        };
        assert!(first.contains(verdict), "{path}");
        assert!(
            !first.contains("扣分原因"),
            "{path}: the table starts on page 2"
        );
        // The table's pages: each repeats the header; the list for the
        // inspection starts a page of its own after them.
        let prep = pages
            .iter()
            .position(|t| t.contains("迎检准备"))
            .expect("the preparation list");
        assert!(prep >= 2);
        let table = &pages[1..prep];
        for (p, text) in table.iter().enumerate() {
            assert!(
                text.contains("编号") && text.contains("扣分原因") && text.contains("佐证"),
                "{path}: the header repeated on page {}",
                p + 2
            );
        }
        // Every criterion is a row of the table, and no target's rows are
        // split across pages.
        let criteria = report["criteria"].as_array().unwrap();
        let mut pages_of_target: std::collections::BTreeMap<
            &str,
            std::collections::BTreeSet<usize>,
        > = Default::default();
        for criterion in criteria {
            let id = criterion["id"].as_str().unwrap();
            let on: Vec<usize> = (0..table.len())
                .filter(|&p| row_ids(&table[p]).iter().any(|r| r == id))
                .collect();
            assert_eq!(on.len(), 1, "{path}: criterion {id} is one row, on {on:?}");
            pages_of_target
                .entry(criterion["target"].as_str().unwrap())
                .or_default()
                .insert(on[0]);
        }
        for (target, on) in pages_of_target {
            assert_eq!(on.len(), 1, "{path}: target {target} split over {on:?}");
        }
        // Lines to sign, at the end.
        let last = pages.last().unwrap();
        for line in ["填表人", "审核人", "日期"] {
            assert!(last.contains(line), "{path}: {line}");
        }
    }
}

#[test]
fn a_batch_prints_its_dashboard() {
    let dir = scratch("batch");
    let page = html(&["--lang", "zh", "examples", "tests/fixtures/batch"]);
    let pages = print(&dir, "batch", &page);
    let n = pages.len();
    // Counts and the chart; the summary; the matrix; vetoes, notes and
    // the unreadable sheet: at least a page for the matrix of its own.
    assert!(n >= 2, "{n} pages");
    for (p, text) in pages.iter().enumerate() {
        assert!(text.contains(&format!("第 {} 页，共 {n} 页", p + 1)));
        assert!(text.contains("民主法治社区自评汇总"));
    }
    let all = pages.join("\n");
    assert!(pages[0].contains("共 6 份事实表：2 份具备迎检条件，3 份尚不具备，1 份无法读取"));
    for text in [
        "临江社区",
        "金海岸社区",
        "示范社区",
        "66.19%",
        "尚不具备迎检条件",
        "无法读取",
        "b-typos.yaml",
        "合格线 90%",
        "3.3、9.5",
        "同一社区出现两次",
    ] {
        assert!(all.contains(text), "{text}");
    }
    let matrix = pages
        .iter()
        .position(|t| t.contains("各社区分目标得分率"))
        .unwrap();
    assert!(matrix > 0, "the matrix starts a page");
}

#[test]
fn a_screenshot_is_not_blank() {
    let dir = scratch("screenshot");
    let html = dir.join("sheet.html");
    std::fs::write(
        &html,
        self::html(&["--lang", "zh", "examples/gaps-2024.yaml"]),
    )
    .unwrap();
    let png = dir.join("sheet.png");
    browser(
        &dir,
        &html,
        &[
            "--window-size=1000,1400".to_string(),
            format!("--screenshot={}", png.display()),
        ],
    );
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&png).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buffer = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut buffer).unwrap();
    let bytes = &buffer[..frame.buffer_size()];
    let channels = frame.color_type.samples();
    let pixels = bytes.chunks(channels);
    let total = pixels.len();
    let inked = bytes
        .chunks(channels)
        .filter(|p| p.iter().take(3).any(|&c| c < 200))
        .count();
    let coloured = bytes
        .chunks(channels)
        .filter(|p| p.len() >= 3 && (p[0].abs_diff(p[1]) > 20 || p[1].abs_diff(p[2]) > 20))
        .count();
    assert_eq!((frame.width, frame.height), (1000, 1400));
    // Text and rules ink a few percent of a page; the chart and the
    // status cells bring colour.
    assert!(inked * 100 > total, "{inked} of {total} pixels inked");
    assert!(
        coloured * 200 > total,
        "{coloured} of {total} pixels coloured"
    );
}

/// The page as an XML document (the markup is polyglot).
fn parse(page: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse_with_options(
        page,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap()
}

/// The text of `node` and everything inside it.
fn text_of(node: roxmltree::Node) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect()
}

#[test]
fn the_header_says_each_label_once() {
    for (lang, label) in [("zh", "自评得分"), ("en", "Score")] {
        let page = html(&["--lang", lang, "examples/gaps-2024.yaml"]);
        let doc = parse(&page);
        let mut score = None;
        for dt in doc.descendants().filter(|n| n.has_tag_name("dt")) {
            let dd = dt.next_sibling_element().unwrap();
            let (term, value) = (text_of(dt), text_of(dd));
            assert!(!value.starts_with(&term), "{lang}: {term} {value}");
            if term == label {
                score = Some(value);
            }
        }
        // `98 / 100（98.00%）…`, not `自评得分 98 / 100…` under 自评得分.
        let score = score.unwrap_or_else(|| panic!("{lang}: no {label}"));
        assert!(score.starts_with(|c: char| c.is_ascii_digit()), "{score}");
    }
}

#[test]
fn a_passing_criterion_notes_what_it_left_out_as_a_note() {
    for (lang, note) in [
        ("zh", "注：另 1 条所在季度尚未结束，未计入"),
        ("en", "note: 1 in a quarter not yet ended, not counted"),
    ] {
        let page = html(&["--lang", lang, "tests/fixtures/unended-quarter.yaml"]);
        let doc = parse(&page);
        let row = doc
            .descendants()
            .filter(|n| n.has_tag_name("tr"))
            .find(|tr| {
                tr.first_element_child()
                    .is_some_and(|td| td.attribute("class") == Some("id") && text_of(td) == "8.2")
            })
            .unwrap();
        let cells: Vec<String> = row
            .children()
            .filter(|n| n.is_element())
            .map(text_of)
            .collect();
        // 编号 评分项 分值 要求 实际 自评分 状态 扣分原因 佐证
        assert!(cells[6].starts_with('√'), "{lang}: {cells:?}");
        assert_eq!(cells[7], note, "{lang}");
    }
}

#[test]
fn the_matrix_shows_percents_as_every_report_does() {
    // 3 of 7 points in its first target: 42.86%, which a truncation
    // showed as 42%.
    let sheet = "tests/fixtures/declared-over-failure.yaml";
    let page = html(&["--lang", "zh", "examples", sheet]);
    let doc = parse(&page);
    let matrix = doc
        .descendants()
        .find(|n| n.has_tag_name("table") && n.attribute("class") == Some("matrix"))
        .unwrap();
    let row = matrix
        .descendants()
        .filter(|n| n.has_tag_name("tr"))
        .find(|tr| text_of(*tr).contains(sheet))
        .unwrap();
    let cells: Vec<String> = row
        .children()
        .filter(|n| n.is_element())
        .skip(2)
        .map(text_of)
        .collect();
    // Each target's points earned as a percent of its possible points,
    // from the JSON report.
    let report = json(sheet);
    let mut targets: Vec<(String, f64, f64)> = Vec::new();
    for c in report["criteria"].as_array().unwrap() {
        let target = c["target"].as_str().unwrap();
        if targets.last().is_none_or(|(t, _, _)| t != target) {
            targets.push((target.to_string(), 0.0, 0.0));
        }
        if let Some(earned) = c["earned"].as_f64() {
            let last = targets.last_mut().unwrap();
            last.1 += earned;
            last.2 += c["points"].as_f64().unwrap();
        }
    }
    assert_eq!(cells.len(), targets.len());
    let mut fractional = 0;
    for (cell, (target, earned, possible)) in cells.iter().zip(&targets) {
        let exact = earned * 100.0 / possible;
        // Two decimals, as words::percent: 73.75%, never a truncated 73%.
        let number = cell.strip_suffix('%').unwrap();
        let (_, decimals) = number.split_once('.').unwrap_or_else(|| panic!("{cell}"));
        assert_eq!(decimals.len(), 2, "{target}: {cell}");
        let shown: f64 = number.parse().unwrap();
        assert!(
            (shown - exact).abs() <= 0.005 + 1e-9,
            "{target}: {cell} {exact}"
        );
        fractional += usize::from(exact.fract() != 0.0);
    }
    assert!(fractional > 0, "a target whose percent is not whole");
}
