//! The XLSX reports read back with a spreadsheet reader (calamine), as an
//! office would open them: the worksheets' names, every cell of a summary
//! row against the JSON report, the matrix's shape, text that looks like a
//! formula kept as text, no formula anywhere, the same bytes on every run;
//! and a workbook is never written to a terminal.

use assess::cli::Cli;
use assess::commands::run;
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use clap::Parser;
use std::io::Cursor;

/// Runs the tool in-process: exit code, stdout bytes, stderr text.
fn assess_on(args: &[&str], terminal: bool) -> (u8, Vec<u8>, String) {
    let cli = Cli::parse_from(std::iter::once("assess").chain(args.iter().copied()));
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run(&cli, &mut out, &mut err, terminal).code();
    (code, out, String::from_utf8(err).unwrap())
}

fn workbook(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("a workbook")
}

fn sheet(book: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Vec<Vec<Data>> {
    let range = book.worksheet_range(name).expect("the worksheet");
    assert_eq!(range.start(), Some((0, 0)), "{name} starts at A1");
    range.rows().map(<[Data]>::to_vec).collect()
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("not text: {other:?}"),
    }
}

fn number(cell: &Data) -> f64 {
    match cell {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

/// The number format Excel shows cell `at` of worksheet `name` with, read
/// from the workbook's parts (calamine does not expose formats): the
/// cell's style, else its column's, looked up in styles.xml.
fn number_format(bytes: &[u8], name: &str, at: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut part = |path: &str| {
        let mut text = String::new();
        zip.by_name(path)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    };
    let names = workbook(bytes).sheet_names();
    let index = names.iter().position(|n| n == name).unwrap() + 1;
    let sheet_xml = part(&format!("xl/worksheets/sheet{index}.xml"));
    let styles_xml = part("xl/styles.xml");
    let sheet = roxmltree::Document::parse(&sheet_xml).unwrap();
    let styles = roxmltree::Document::parse(&styles_xml).unwrap();
    let cell = sheet
        .descendants()
        .find(|n| n.has_tag_name("c") && n.attribute("r") == Some(at))
        .unwrap_or_else(|| panic!("no cell {at}"));
    let column = at.chars().next().unwrap() as u32 - 'A' as u32 + 1;
    let style: usize = cell
        .attribute("s")
        .or_else(|| {
            sheet
                .descendants()
                .filter(|n| n.has_tag_name("col"))
                .find(|n| {
                    let min: u32 = n.attribute("min").unwrap().parse().unwrap();
                    let max: u32 = n.attribute("max").unwrap().parse().unwrap();
                    (min..=max).contains(&column)
                })
                .and_then(|n| n.attribute("style"))
        })
        .unwrap_or("0")
        .parse()
        .unwrap();
    let xf = styles
        .descendants()
        .find(|n| n.has_tag_name("cellXfs"))
        .unwrap()
        .children()
        .filter(|n| n.has_tag_name("xf"))
        .nth(style)
        .unwrap();
    let id = xf.attribute("numFmtId").unwrap_or("0");
    match id {
        "0" => "General".to_string(),
        "1" => "0".to_string(),
        "2" => "0.00".to_string(),
        _ => styles
            .descendants()
            .find(|n| n.has_tag_name("numFmt") && n.attribute("numFmtId") == Some(id))
            .and_then(|n| n.attribute("formatCode"))
            .unwrap_or_else(|| panic!("number format {id}"))
            .to_string(),
    }
}

/// No cell of any worksheet holds a formula.
fn no_formulas(book: &mut Xlsx<Cursor<Vec<u8>>>) {
    for name in book.sheet_names() {
        let formulas = book.worksheet_formula(&name).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "a formula in {name}"
        );
    }
}

fn json(path: &str) -> serde_json::Value {
    let (_, out, _) = assess_on(&["--lang", "zh", "--format", "json", path], false);
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn one_sheet_is_a_self_score_worksheet() {
    for (lang, name) in [("zh", "自评表"), ("en", "Self-assessment")] {
        let args = [
            "--lang",
            lang,
            "--format",
            "xlsx",
            "examples/gaps-2024.yaml",
        ];
        let (code, bytes, _) = assess_on(&args, false);
        assert_eq!(code, 1);
        let (_, again, _) = assess_on(&args, false);
        assert_eq!(bytes, again, "the same bytes on every run");
        let mut book = workbook(&bytes);
        assert_eq!(book.sheet_names(), [name]);
        no_formulas(&mut book);
        let rows = sheet(&mut book, name);
        let head = rows
            .iter()
            .position(|r| text(&r[0]) == "编号" || text(&r[0]) == "ID")
            .expect("a header row");
        assert_eq!(rows[head].len(), 9);
        let report = json("examples/gaps-2024.yaml");
        assert!(text(&rows[0][0]).contains("临江社区"));
        // Every criterion, with its points, score and status.
        for criterion in report["criteria"].as_array().unwrap() {
            let id = criterion["id"].as_str().unwrap();
            let row = rows[head + 1..]
                .iter()
                .find(|r| {
                    text(&r[0]) == id && matches!(r[6], Data::String(_)) && !text(&r[6]).is_empty()
                })
                .unwrap_or_else(|| panic!("criterion {id}"));
            assert_eq!(number(&row[2]), criterion["points"].as_f64().unwrap());
            match criterion["earned"].as_f64() {
                Some(e) => assert_eq!(number(&row[5]), e, "{id}"),
                None => assert_eq!(text(&row[5]), "—"),
            }
            if lang == "zh" {
                let word = match criterion["status"].as_str().unwrap() {
                    "pass" => "达标",
                    "gap" => "未达标",
                    "missing" => "缺数据",
                    _ => "不适用",
                };
                assert!(text(&row[6]).ends_with(word), "{id}: {:?}", row[6]);
            }
        }
        // Ten target subtotals and a total.
        let last = rows.last().unwrap();
        assert_eq!(
            number(&last[5]),
            report["score"]["earned"].as_f64().unwrap()
        );
    }
}

#[test]
fn a_batch_is_a_summary_a_matrix_a_detail_and_its_problems() {
    let args = [
        "--lang",
        "zh",
        "--format",
        "xlsx",
        "examples",
        "tests/fixtures/batch",
    ];
    let (code, bytes, _) = assess_on(&args, false);
    assert_eq!(code, 2, "one sheet cannot be read");
    let (_, again, _) = assess_on(&args, false);
    assert_eq!(bytes, again, "the same bytes on every run");
    let mut book = workbook(&bytes);
    assert_eq!(book.sheet_names(), ["汇总", "矩阵", "明细", "问题"]);
    no_formulas(&mut book);

    let summary = sheet(&mut book, "汇总");
    assert_eq!(summary.len(), 1 + 6, "a row per sheet, unreadable included");
    assert_eq!(text(&summary[0][0]), "文件");
    // Every cell of one community's row, against its JSON report.
    let report = json("examples/gaps-2024.yaml");
    let row = &summary[1];
    assert_eq!(text(&row[0]), "examples/gaps-2024.yaml");
    assert_eq!(text(&row[1]), report["community"]["name"].as_str().unwrap());
    assert_eq!(
        text(&row[2]),
        report["community"]["district"].as_str().unwrap()
    );
    assert_eq!(
        number(&row[3]),
        report["community"]["year"].as_f64().unwrap()
    );
    assert_eq!(number(&row[4]), report["score"]["earned"].as_f64().unwrap());
    assert_eq!(
        number(&row[5]),
        report["score"]["possible"].as_f64().unwrap()
    );
    assert_eq!(
        number(&row[6]),
        report["score"]["percent"].as_f64().unwrap()
    );
    assert_eq!(
        number(&row[7]),
        report["score"]["set_aside"].as_f64().unwrap()
    );
    assert_eq!(text(&row[8]), "× 尚不具备迎检条件");
    assert_eq!(text(&row[9]), "");
    assert_eq!(number(&row[10]), report["counts"]["gap"].as_f64().unwrap());
    assert_eq!(
        number(&row[11]),
        report["counts"]["missing"].as_f64().unwrap()
    );
    // The vetoes of another, and the unreadable sheet's row.
    let jinhaian = summary
        .iter()
        .find(|r| text(&r[0]).ends_with("jinhaian-2010.yaml"))
        .unwrap();
    assert_eq!(text(&jinhaian[9]), "3.3、9.5");
    let unreadable = summary
        .iter()
        .find(|r| text(&r[0]).ends_with("b-typos.yaml"))
        .unwrap();
    assert_eq!(text(&unreadable[8]), "! 无法读取");

    let criteria = report["criteria"].as_array().unwrap();
    let matrix = sheet(&mut book, "矩阵");
    assert_eq!(matrix.len(), 1 + 5, "a header and a row per readable sheet");
    assert!(matrix.iter().all(|r| r.len() == 3 + criteria.len()));
    let ids: Vec<String> = matrix[0][3..].iter().map(text).collect();
    let expected: Vec<&str> = criteria.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids, expected);
    for (cell, criterion) in matrix[1][3..].iter().zip(criteria) {
        match criterion["earned"].as_f64() {
            Some(e) => assert_eq!(number(cell), e),
            None => assert_eq!(text(cell), "—"),
        }
    }

    let detail = sheet(&mut book, "明细");
    assert_eq!(detail.len(), 1 + 5 * criteria.len());

    let problems = sheet(&mut book, "问题");
    assert!(text(&problems[1][1]).ends_with("b-typos.yaml"));
    assert!(text(&problems[1][2]).contains("stabilty"));
    // Plain lines `行:列 路径: 消息`: no compiler frame (its `|` and `^` do
    // not line up in Excel) and not the file name column B holds.
    for line in text(&problems[1][2]).lines() {
        let (place, _) = line.split_once(' ').unwrap();
        let (l, c) = place.split_once(':').unwrap();
        assert!(
            l.parse::<u32>().is_ok() && c.parse::<u32>().is_ok(),
            "{line}"
        );
        assert!(!line.contains("b-typos.yaml"), "{line}");
        assert!(!line.starts_with(' ') && !line.contains(" | "), "{line}");
    }
    // The suggestion the frame's `=` line gave stays, on its line.
    assert!(
        text(&problems[1][2])
            .lines()
            .next()
            .unwrap()
            .starts_with("4:1 stabilty: 未知的键 `stabilty`（是否想写 `stability`？"),
        "{}",
        text(&problems[1][2])
    );

    // Shown as the other reports show them, the value exact: the percent
    // by 汇总's column format (two decimals), whole points as General,
    // a fraction of a point with its decimals.
    let percent = report["score"]["percent"].as_f64().unwrap();
    assert_ne!(percent, (percent * 100.0).round() / 100.0, "a long percent");
    assert_eq!(number_format(&bytes, "汇总", "G2"), "0.00");
    assert_eq!(number_format(&bytes, "汇总", "F2"), "General");
    let earned = report["score"]["earned"].as_f64().unwrap();
    let shown = format!("{earned:.2}");
    let shown = shown.trim_end_matches('0').trim_end_matches('.');
    let expected = match shown.split_once('.') {
        None => "General".to_string(),
        Some((_, d)) => format!("0.{}", "0".repeat(d.len())),
    };
    assert_eq!(number_format(&bytes, "汇总", "E2"), expected);
    assert!(
        problems
            .iter()
            .any(|r| text(&r[0]) == "批次提示" && text(&r[2]).contains("同一社区出现两次"))
    );
}

#[test]
fn english_sheet_names_and_text_that_looks_like_a_formula() {
    let (_, bytes, _) = assess_on(
        &[
            "--lang",
            "en",
            "--format",
            "xlsx",
            "tests/fixtures/tricky-text.yaml",
            "examples/model-2024.yaml",
        ],
        false,
    );
    let mut book = workbook(&bytes);
    assert_eq!(
        book.sheet_names(),
        ["Summary", "Matrix", "Detail", "Problems"]
    );
    no_formulas(&mut book);
    let summary = sheet(&mut book, "Summary");
    assert_eq!(text(&summary[1][2]), "=SUM(A1)", "kept as text");
    assert_eq!(text(&summary[1][1]), "星*光|社区 <测试> & \"引号\"");
}

#[test]
fn a_workbook_is_not_written_to_a_terminal() {
    let (code, out, err) = assess_on(
        &[
            "--lang",
            "en",
            "--format",
            "xlsx",
            "examples/model-2024.yaml",
        ],
        true,
    );
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("not written to a terminal"), "{err}");
    assert!(err.contains("-o summary.xlsx"), "{err}");

    // To a file named on the command line, with a terminal on stdout.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("汇总.xlsx");
    let (code, out, err) = assess_on(
        &[
            "--lang",
            "zh",
            "-o",
            path.to_str().unwrap(),
            "examples/model-2024.yaml",
        ],
        true,
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty());
    let mut book = workbook(&std::fs::read(&path).unwrap());
    assert_eq!(book.sheet_names(), ["自评表"]);
    no_formulas(&mut book);
}
