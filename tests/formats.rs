//! Every machine-readable format parses back with a standard parser, with
//! Chinese text and awkward text (`|`, line breaks, `<`, `&`, quotes, a
//! spreadsheet formula) intact, and agrees with the JSON report.

use assess::cli::Cli;
use assess::commands::run;
use clap::Parser;

/// Runs the tool in-process; returns exit code and stdout.
fn assess(args: &[&str]) -> (u8, String) {
    let args = Cli::parse_from(std::iter::once("assess").chain(args.iter().copied()));
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run(&args, &mut out, &mut err, false).code();
    assert!(code < 2, "{}", String::from_utf8_lossy(&err));
    (code, String::from_utf8(out).expect("output is UTF-8"))
}

fn json(path: &str) -> serde_json::Value {
    let (_, text) = assess(&["--lang", "zh", "--format", "json", path]);
    serde_json::from_str(&text).unwrap()
}

const TRICKY: &str = "tests/fixtures/tricky-text.yaml";

#[test]
fn junit_is_valid_xml_that_agrees_with_the_report() {
    for path in ["examples/gaps-2024.yaml", TRICKY] {
        let (_, xml) = assess(&["--lang", "zh", "--format", "junit", path]);
        let doc = roxmltree::Document::parse(&xml).expect("valid XML");
        let report = json(path);
        let suite = doc
            .descendants()
            .find(|n| n.has_tag_name("testsuite"))
            .unwrap();
        assert!(
            suite
                .attribute("name")
                .unwrap()
                .starts_with(report["community"]["name"].as_str().unwrap())
        );
        let cases: Vec<_> = suite
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .collect();
        let criteria = report["criteria"].as_array().unwrap();
        assert_eq!(cases.len(), criteria.len());
        for (case, criterion) in cases.iter().zip(criteria) {
            let id = criterion["id"].as_str().unwrap();
            assert!(case.attribute("name").unwrap().starts_with(id));
            let failure = case.children().find(|n| n.has_tag_name("failure"));
            let skipped = case.children().find(|n| n.has_tag_name("skipped"));
            match criterion["status"].as_str().unwrap() {
                "pass" => assert!(failure.is_none() && skipped.is_none(), "{id}"),
                "gap" | "missing" => {
                    let failure = failure.expect("a failure");
                    assert_eq!(failure.attribute("type"), criterion["status"].as_str());
                    assert_eq!(failure.attribute("message"), criterion["gap"].as_str());
                }
                _ => assert_eq!(
                    skipped.expect("skipped").attribute("message"),
                    criterion["not_applicable_reason"].as_str()
                ),
            }
        }
    }
}

#[test]
fn csv_opens_with_every_row_and_the_chinese_text_intact() {
    let (_, text) = assess(&["--lang", "zh", "--format", "csv", "examples"]);
    assert!(text.starts_with('\u{feff}'), "a byte-order mark for Excel");
    assert!(text.ends_with("\r\n"));
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, assess::report::csv::COLUMNS);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3 * 35);
    let report = json("examples/gaps-2024.yaml");
    let gaps: Vec<_> = rows
        .iter()
        .filter(|r| &r[0] == "examples/gaps-2024.yaml")
        .collect();
    for (row, criterion) in gaps.iter().zip(report["criteria"].as_array().unwrap()) {
        assert_eq!(&row[1], "临江社区");
        assert_eq!(&row[7], criterion["id"].as_str().unwrap());
        assert_eq!(&row[8], criterion["title"].as_str().unwrap());
        assert_eq!(&row[12], criterion["status"].as_str().unwrap());
        let earned = criterion["earned"]
            .as_f64()
            .map_or(String::new(), |e| e.to_string());
        assert_eq!(row[11], earned);
        assert_eq!(&row[16], criterion["gap"].as_str().unwrap_or(""));
        assert_eq!(
            &row[17],
            criterion["not_applicable_reason"].as_str().unwrap_or("")
        );
    }
}

#[test]
fn csv_keeps_awkward_text_and_defuses_formulas() {
    let (_, text) = assess(&["--lang", "zh", "--format", "csv", TRICKY]);
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(&rows[0][1], "星*光|社区 <测试> & \"引号\"");
    assert_eq!(
        &rows[0][2], "'=SUM(A1)",
        "a formula-like district is shown, not run"
    );
    let row_7_6 = rows.iter().find(|r| &r[7] == "7.6").unwrap();
    assert_eq!(
        &row_7_6[18],
        "活动|台账\n第二行; 2024-03-05 普法|宣传 — 台账第3页\n照片 <两张> & 签到表"
    );
    let row_10_1 = rows.iter().find(|r| &r[7] == "10.1").unwrap();
    assert_eq!(&row_10_1[18], "'=HYPERLINK(\"http://x\"); 第二份佐证");
}

/// Splits a Markdown table row into its cells, honouring `\|`, and undoes
/// the escaping the printer applied.
fn markdown_cells(row: &str) -> Vec<String> {
    let inner = row.trim().trim_start_matches('|').trim_end_matches('|');
    let mut cells = vec![String::new()];
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => cells.last_mut().unwrap().push(chars.next().unwrap()),
            '|' => cells.push(String::new()),
            c => cells.last_mut().unwrap().push(c),
        }
    }
    cells
        .into_iter()
        .map(|c| {
            c.trim()
                .replace("<br>", "\n")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&")
        })
        .collect()
}

#[test]
fn markdown_cells_stay_intact_with_pipes_and_line_breaks() {
    let (_, text) = assess(&["--lang", "zh", "--format", "markdown", TRICKY]);
    let header = "| 编号 | 评分项 | 分值 | 自评分 | 状态 | 扣分原因 | 佐证 |";
    let rows: Vec<Vec<String>> = text
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| 编号"))
        .map(markdown_cells)
        .collect();
    assert!(text.contains(header));
    // Every criterion row has exactly the seven cells of its header: no `|`
    // or line break in the text split a cell or a row.
    let criterion_rows: Vec<&Vec<String>> = rows.iter().filter(|r| r.len() == 7).collect();
    assert_eq!(criterion_rows.len(), 35);
    let evidence_7_6 = &criterion_rows.iter().find(|r| r[0] == "7.6").unwrap()[6];
    assert_eq!(
        evidence_7_6,
        "活动|台账\n第二行\n2024-03-05 普法|宣传 — 台账第3页\n照片 <两张> & 签到表"
    );
    let reason_1_3 = &criterion_rows.iter().find(|r| r[0] == "1.3").unwrap()[5];
    assert_eq!(reason_1_3, "声明不适用：没有包块 | 规模小");
    assert!(text.starts_with("# 民主法治社区自评表：星\\*光\\|社区 &lt;测试&gt;"));
}

#[test]
fn json_lines_are_one_report_each() {
    let (_, text) = assess(&["--lang", "en", "--format", "jsonl", "examples"]);
    let reports: Vec<serde_json::Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let (_, array) = assess(&["--lang", "en", "--format", "json", "examples"]);
    let array: Vec<serde_json::Value> = serde_json::from_str(&array).unwrap();
    assert_eq!(reports, array);
}

#[test]
fn several_reports_in_one_run_are_written_atomically() {
    let dir = std::env::temp_dir().join(format!("assess-formats-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let json_path = dir.join("report.json");
    let junit_path = dir.join("report.xml");
    let (json_out, junit_out) = (
        format!("json={}", json_path.display()),
        format!("junit={}", junit_path.display()),
    );
    let (code, stdout) = assess(&[
        "--lang",
        "en",
        "-o",
        &json_out,
        "-o",
        &junit_out,
        "examples/gaps-2024.yaml",
    ]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("Verdict: not ready"),
        "the table still goes to stdout"
    );
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    assert_eq!(written["verdict"], "not_ready");
    roxmltree::Document::parse(&std::fs::read_to_string(&junit_path).unwrap()).unwrap();

    // An output without a format replaces stdout.
    let table_path = dir.join("table.txt");
    let (_, stdout) = assess(&[
        "--lang",
        "en",
        "-o",
        table_path.to_str().unwrap(),
        "examples/gaps-2024.yaml",
    ]);
    assert!(stdout.is_empty());
    assert!(
        std::fs::read_to_string(&table_path)
            .unwrap()
            .contains("Verdict: not ready")
    );

    // A sheet that cannot be read leaves an existing report untouched.
    let args = Cli::parse_from([
        "assess",
        "--format",
        "json",
        "-o",
        json_path.to_str().unwrap(),
        "tests/fixtures/typos.yaml",
    ]);
    let code = run(&args, &mut Vec::new(), &mut Vec::new(), false).code();
    assert_eq!(code, 2);
    let kept: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    assert_eq!(kept, written);
    std::fs::remove_dir_all(&dir).unwrap();
}
