//! What `--output` and input files may and may not do, run as a user
//! would: the real binary in a temporary folder, with the slips and the
//! hostile files that once cost a file — an output that is an input, one
//! named twice, links, devices, FIFOs, signals, panics, full disks, closed
//! pipes.

#![cfg(unix)]

use std::fs;
use std::io::{BufRead, Read, Write};
use std::os::unix::fs::FileTypeExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const SHEET: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/gaps-2024.yaml");
const STANDARD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/standards/seed-2008.toml");

fn assess(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_assess"));
    command
        .current_dir(dir)
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .stdin(Stdio::null());
    command
}

fn run(dir: &Path, args: &[&str]) -> Output {
    assess(dir).args(args).output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A folder holding the 2023 and 2024 sheets.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(SHEET, dir.path().join("2023.yaml")).unwrap();
    fs::copy(SHEET, dir.path().join("2024.yaml")).unwrap();
    dir
}

/// The names in a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

/// Waits for `child` at most `seconds`; kills it and fails if it hangs.
fn wait_at_most(mut child: Child, seconds: u64) -> Output {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("assess hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

// 1. An output that is also an input.
#[test]
fn an_output_that_is_an_input_is_refused_and_nothing_is_written() {
    let dir = folder();
    let d = dir.path();
    fs::create_dir(d.join("sheets")).unwrap();
    fs::copy(SHEET, d.join("sheets/a.yaml")).unwrap();
    // A sheet given by name may be called anything; a standard too.
    fs::copy(SHEET, d.join("2023.txt")).unwrap();
    fs::copy(STANDARD, d.join("base.std")).unwrap();
    fs::write(
        d.join("tailored.toml"),
        "extends = \"base.std\"\nid = \"t\"\ntitle = \"调整\"\ntitle_en = \"Tailored\"\nversion = \"1\"\n",
    )
    .unwrap();
    std::os::unix::fs::symlink("2023.yaml", d.join("link.json")).unwrap();
    std::os::unix::fs::symlink("a.yaml", d.join("sheets/link.json")).unwrap();
    let saved = run(d, &["--format", "json", "2023.yaml"]);
    fs::write(d.join("2023.json"), saved.stdout).unwrap();
    let before: Vec<(String, Vec<u8>)> = names(d)
        .into_iter()
        .filter(|n| d.join(n).is_file())
        .map(|n| (n.clone(), fs::read(d.join(&n)).unwrap()))
        .collect();
    // The slip of the issue, -o before the file list: no report is ever
    // written to a sheet's or a standard's name, with a format or without.
    for args in [
        &["-o", "2023.yaml", "2024.yaml"][..],
        &["-o", "table=2023.yaml", "2023.yaml", "2024.yaml"],
        &["-o", "json=tailored.toml", "2024.yaml"],
    ] {
        let output = run(d, args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(stderr(&output).contains("named like a fact sheet or a standard"));
    }
    for args in [
        &["-o", "2023.txt", "2023.txt", "2024.yaml"][..],
        // By another spelling, and through a link.
        &["-o", "table=./sheets/../2023.txt", "2023.txt"],
        &["-o", "link.json", "2023.yaml"],
        // A sheet found in an input folder, through a link.
        &["-o", "sheets/link.json", "sheets"],
        // A saved report compared by diff or trend.
        &["diff", "-o", "2023.json", "2023.json", "2024.yaml"],
        &[
            "trend",
            "-o",
            "markdown=2023.json",
            "2023.json",
            "2024.yaml",
        ],
        // The standard, and the standard it extends.
        &["--standard", "base.std", "-o", "json=base.std", "2024.yaml"],
        &[
            "--standard",
            "tailored.toml",
            "-o",
            "json=base.std",
            "2024.yaml",
        ],
        &[
            "diff",
            "--standard",
            "tailored.toml",
            "-o",
            "json=base.std",
            "2023.yaml",
            "2024.yaml",
        ],
    ] {
        let output = run(d, args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
        assert!(
            stderr(&output).contains("the output is also an input"),
            "{args:?}: {}",
            stderr(&output)
        );
        for (name, bytes) in &before {
            assert_eq!(&fs::read(d.join(name)).unwrap(), bytes, "{args:?}: {name}");
        }
        assert_eq!(
            names(d),
            before
                .iter()
                .map(|(n, _)| n.clone())
                .chain(["sheets".to_string()])
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect::<Vec<_>>()
        );
    }
}

/// A report named like a report, but a link to a sheet the run does not
/// read (a sub-folder left out without --recursive): the link is followed
/// to where the report would land, and refused there.
#[test]
fn an_output_that_links_to_a_sheet_not_read_is_refused() {
    let dir = folder();
    let d = dir.path();
    fs::create_dir_all(d.join("sheets/补报")).unwrap();
    fs::copy(SHEET, d.join("sheets/a.yaml")).unwrap();
    fs::copy(SHEET, d.join("sheets/补报/b.yaml")).unwrap();
    std::os::unix::fs::symlink("sheets/补报/b.yaml", d.join("r2.json")).unwrap();
    std::os::unix::fs::symlink("sheets/补报/missing.yml", d.join("r3.json")).unwrap();
    let sheet = fs::read(d.join("sheets/补报/b.yaml")).unwrap();
    for report in ["r2.json", "r3.json"] {
        let output = run(d, &["--lang", "en", "sheets", "-o", report]);
        assert_eq!(output.status.code(), Some(2), "{report}");
        assert!(
            stderr(&output).contains("is a link to") && stderr(&output).contains("nothing written"),
            "{report}: {}",
            stderr(&output)
        );
    }
    assert_eq!(fs::read(d.join("sheets/补报/b.yaml")).unwrap(), sheet);
    assert!(!d.join("sheets/补报/missing.yml").exists());
}

// 2. The same output named twice.
#[test]
fn the_same_output_named_twice_is_a_usage_error() {
    let dir = folder();
    let d = dir.path();
    fs::create_dir(d.join("o")).unwrap();
    for args in [
        &["-o", "r.json", "-o", "csv=r.json", "2024.yaml"][..],
        &["-o", "json=o/x", "-o", "table=./o/x", "2024.yaml"],
    ] {
        let output = run(d, args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains("already named"),
            "{}",
            stderr(&output)
        );
        assert!(output.stdout.is_empty());
    }
    assert_eq!(names(d), ["2023.yaml", "2024.yaml", "o"]);
    assert!(names(&d.join("o")).is_empty());
}

// 3. Links, devices, FIFOs and folders as outputs.
#[test]
fn a_link_keeps_pointing_a_device_or_fifo_is_written_and_a_folder_refused() {
    let dir = folder();
    let d = dir.path();
    fs::create_dir(d.join("real")).unwrap();
    fs::write(d.join("real/target.json"), "old").unwrap();
    std::os::unix::fs::symlink("real/target.json", d.join("link.json")).unwrap();
    let output = run(d, &["-o", "link.json", "2024.yaml"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        fs::symlink_metadata(d.join("link.json"))
            .unwrap()
            .is_symlink()
    );
    let written: serde_json::Value =
        serde_json::from_slice(&fs::read(d.join("real/target.json")).unwrap()).unwrap();
    assert_eq!(written["verdict"], "not_ready");
    assert_eq!(names(&d.join("real")), ["target.json"]);

    // /dev/null stays the device it is.
    let output = run(d, &["-o", "json=/dev/null", "2024.yaml"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );

    // A FIFO is written to, and stays a FIFO.
    let fifo = d.join("out.fifo");
    mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read_to_string(fifo).unwrap())
    };
    let child = assess(d)
        .args(["-o", "json=out.fifo", "2024.yaml"])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let output = wait_at_most(child, 30);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        reader
            .join()
            .unwrap()
            .contains("\"verdict\": \"not_ready\"")
    );
    assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo());

    // A folder is an error, and is left alone.
    let output = run(d, &["-o", "json=real", "2024.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("is a folder"),
        "{}",
        stderr(&output)
    );
    assert_eq!(names(&d.join("real")), ["target.json"]);
}

// 4. The temporary file is made new, under a name no one can plant.
#[test]
fn a_link_planted_at_the_old_temporary_name_is_never_followed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("victim"), "precious").unwrap();
    // The name the temporary file used to have, predictable from the pid.
    let planted = d.join(format!(".report.json.{}.tmp", std::process::id()));
    std::os::unix::fs::symlink(d.join("victim"), &planted).unwrap();
    assess::output::write_atomically(&d.join("report.json"), b"{}").unwrap();
    assert_eq!(fs::read_to_string(d.join("victim")).unwrap(), "precious");
    assert!(fs::symlink_metadata(&planted).unwrap().is_symlink());
    assert_eq!(fs::read(d.join("report.json")).unwrap(), b"{}");
    assert_eq!(names(d).len(), 3);
}

// 5. A signal in the middle of a batch.
#[test]
fn sigterm_during_a_batch_removes_temporary_files_and_keeps_the_old_reports() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir(d.join("sheets")).unwrap();
    fs::create_dir(d.join("tmp")).unwrap();
    for i in 0..200 {
        fs::copy(SHEET, d.join(format!("sheets/{i:03}.yaml"))).unwrap();
    }
    fs::write(d.join("out.json"), "old json").unwrap();
    fs::write(d.join("out.xml"), "old xml").unwrap();
    // Stdout is a pipe nobody reads: the run blocks once it is full, with
    // both reports half written.
    let mut child = assess(d)
        .args([
            "--format",
            "json",
            "-o",
            "json=out.json",
            "-o",
            "junit=out.xml",
        ])
        .arg("sheets")
        .env("TMPDIR", d.join("tmp"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !names(d).iter().any(|n| n.starts_with(".out.json.")) {
        assert!(Instant::now() < deadline, "no temporary file appeared");
        std::thread::sleep(Duration::from_millis(10));
    }
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert_eq!(status.signal(), Some(15), "ended by the signal: {status:?}");
    assert_eq!(names(d), ["out.json", "out.xml", "sheets", "tmp"]);
    assert_eq!(fs::read_to_string(d.join("out.json")).unwrap(), "old json");
    assert_eq!(fs::read_to_string(d.join("out.xml")).unwrap(), "old xml");
    assert!(names(&d.join("tmp")).is_empty(), "no spool file left");
}

// 5. A panic with report files half written (debug builds have the switch).
#[test]
fn a_panic_removes_temporary_files_and_keeps_the_old_report() {
    if !cfg!(debug_assertions) {
        return;
    }
    let dir = folder();
    let d = dir.path();
    fs::write(d.join("out.json"), "old").unwrap();
    let output = assess(d)
        .args(["-o", "json=out.json", "2023.yaml", "2024.yaml"])
        .env("__ASSESS_TEST_PANIC_BEFORE_COMMIT", "1")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("internal error"));
    assert!(output.stdout.is_empty(), "no partial report on stdout");
    assert_eq!(fs::read_to_string(d.join("out.json")).unwrap(), "old");
    assert_eq!(names(d), ["2023.yaml", "2024.yaml", "out.json"]);
}

// 6. A FIFO given by name, and standard input.
#[test]
fn a_fifo_given_by_name_is_refused_not_waited_for() {
    let dir = folder();
    let d = dir.path();
    mkfifo(&d.join("s.yaml"));
    mkfifo(&d.join("fifo.toml"));
    for args in [
        &["s.yaml"][..],
        &["--standard", "fifo.toml", "2024.yaml"],
        &["diff", "s.yaml", "2024.yaml"],
    ] {
        let child = assess(d)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let output = wait_at_most(child, 10);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains("not a regular file but a FIFO"),
            "{}",
            stderr(&output)
        );
    }
}

#[test]
fn a_sheet_can_come_from_standard_input_within_the_size_limit() {
    let dir = folder();
    let d = dir.path();
    let feed = |args: &[&str]| {
        let mut child = assess(d)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(&fs::read(SHEET).unwrap())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let output = feed(&["--format", "json", "-"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["source"], "<stdin>");
    let output = feed(&["--max-size", "1K", "-"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).starts_with("error: <stdin>: the file is larger than the limit"));
    let output = run(d, &["-", "-"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("can be read only once"));
}

// 7. The format of a bare -o FILE comes from its extension.
#[test]
fn a_bare_output_takes_its_format_from_the_extension() {
    let dir = folder();
    let d = dir.path();
    let output = run(d, &["-o", "汇总.csv", "2023.yaml", "2024.yaml"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        output.stdout.is_empty(),
        "the file takes the screen's place"
    );
    let csv = fs::read_to_string(d.join("汇总.csv")).unwrap();
    assert!(csv.starts_with("\u{feff}file,community,"), "{csv:.100}");
    let output = run(d, &["-o", "自评表.md", "2024.yaml"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        fs::read_to_string(d.join("自评表.md"))
            .unwrap()
            .starts_with("# ")
    );
    // Unknown formats and extensions: usage errors, no file.
    for args in [
        &["-o", "pdf=x.pdf", "2024.yaml"][..],
        &["-o", "x.docx", "2024.yaml"],
    ] {
        let output = run(d, args);
        assert_eq!(output.status.code(), Some(2));
        assert!(stderr(&output).contains("jsonl"), "{}", stderr(&output));
    }
    // A PDF is the HTML report printed: said instead of the list.
    let output = run(d, &["-o", "x.pdf", "2024.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("write -o x.html"),
        "{}",
        stderr(&output)
    );
    assert!(!d.join("x.pdf").exists() && !d.join("pdf=x.pdf").exists());
    assert!(!d.join("x.docx").exists());
}

#[test]
fn diff_and_trend_write_report_files_too() {
    let dir = folder();
    let d = dir.path();
    let output = run(
        d,
        &[
            "diff",
            "-o",
            "变化.md",
            "-o",
            "json=diff.json",
            "2023.yaml",
            "2024.yaml",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        output.stdout.is_empty(),
        "the bare file takes the screen's place"
    );
    assert!(
        fs::read_to_string(d.join("变化.md"))
            .unwrap()
            .starts_with('#')
    );
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(d.join("diff.json")).unwrap()).unwrap();
    assert!(json.is_object());
    let output = run(
        d,
        &["trend", "-o", "json=trend.json", "2023.yaml", "2024.yaml"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!output.stdout.is_empty(), "the table still on screen");
    assert!(d.join("trend.json").is_file());
    let output = run(d, &["diff", "-o", "x.csv", "2023.yaml", "2024.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("table, json, markdown or html"));
    assert!(!d.join("x.csv").exists());
}

// 8. A full disk never passes silently.
#[test]
fn writing_to_a_full_disk_is_an_error_everywhere() {
    let dir = folder();
    for args in [
        &["completions", "bash"][..],
        &["--help"],
        &["--version"],
        &["template", "--year", "2024"],
        &["schema"],
        &["criteria"],
        &["2024.yaml"],
        &["diff", "2023.yaml", "2024.yaml"],
    ] {
        let full = fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let output = assess(dir.path()).args(args).stdout(full).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains("No space left on device"),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

// 9. A closed pipe ends a batch.
#[test]
fn a_batch_stops_quietly_at_a_closed_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for i in 0..300 {
        fs::copy(SHEET, d.join(format!("{i:03}.yaml"))).unwrap();
    }
    // Last in order: read only if the batch ran to its end.
    fs::write(d.join("zzz.yaml"), "year: [\n").unwrap();
    let mut child = assess(d)
        .args(["--format", "json", "."])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert_eq!(first, "[\n");
    // `| head -1`: the reader is gone.
    let mut errors = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut errors)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(errors, "", "quietly, and zzz.yaml never read");
    assert_eq!(status.code(), Some(2), "not a verdict on unread sheets");
}

/// The in-process run writes the same files the binary does.
#[test]
fn outputs_are_checked_before_the_library_run_reads_a_sheet() {
    use clap::Parser;
    let dir = folder();
    let sheet: PathBuf = dir.path().join("2023.txt");
    fs::copy(SHEET, &sheet).unwrap();
    let original = fs::read(&sheet).unwrap();
    let table = format!("table={}", sheet.display());
    let args = assess::cli::Cli::parse_from(["assess", "-o", &table, sheet.to_str().unwrap()]);
    let mut err = Vec::new();
    let code = assess::commands::run(&args, &mut Vec::new(), &mut err, false).code();
    assert_eq!(code, 2);
    assert!(String::from_utf8_lossy(&err).contains("also an input"));
    assert_eq!(fs::read(&sheet).unwrap(), original);
}

/// A run that reads no sheet — a folder of broken sheets, an empty folder,
/// only missing files — prints its errors but never replaces an older
/// report with one that holds nothing but them.
#[test]
fn a_run_that_reads_no_sheet_leaves_the_old_reports_alone() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir(d.join("broken")).unwrap();
    fs::write(d.join("broken/a.yaml"), "year: [\n").unwrap();
    fs::write(d.join("broken/b.yaml"), "stabilty: 1\n").unwrap();
    fs::create_dir(d.join("empty")).unwrap();
    for (report, args) in [
        ("keep.json", &["-o", "keep.json", "broken"][..]),
        ("keep.csv", &["-o", "keep.csv", "empty", "nosuch.yaml"][..]),
        (
            "keep.xml",
            &["-o", "junit=keep.xml", "broken", "nosuch.yaml"][..],
        ),
        ("keep.md", &["-o", "keep.md", "broken", "empty"][..]),
    ] {
        fs::write(d.join(report), "OLD REPORT").unwrap();
        let output = run(d, args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert_eq!(
            fs::read_to_string(d.join(report)).unwrap(),
            "OLD REPORT",
            "{args:?}"
        );
        // Said, so nobody takes the old file for this run's report.
        assert!(
            stderr(&output).contains(&format!(
                "{report}: no sheet could be read, so the report file was not written"
            )),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    // No temporary file left behind.
    assert_eq!(
        names(d),
        [
            "broken",
            "empty",
            "keep.csv",
            "keep.json",
            "keep.md",
            "keep.xml"
        ]
    );
    // One readable sheet among them is a report: written.
    fs::copy(SHEET, d.join("broken/c.yaml")).unwrap();
    let output = run(d, &["-o", "keep.json", "broken"]);
    assert_eq!(output.status.code(), Some(2));
    let written = fs::read_to_string(d.join("keep.json")).unwrap();
    assert!(written.contains("\"errors\"") && written.contains("\"verdict\""));
}
