//! Where reports go: stdout, and files named with `--output [FORMAT=]FILE`.
//!
//! A report file must never cost the user a file. So an output that is
//! also an input, or that is named twice, is refused before anything is
//! read ([`check_outputs`]); a regular file is replaced atomically — the
//! report is written into a temporary file made with create-new under an
//! unpredictable name in the same folder, flushed to disk and renamed over
//! the target, so a reader sees the old file or the whole new one; a
//! symbolic link has its target replaced, never the link; a device or FIFO
//! (`/dev/null`, `/dev/stdout`) is written directly, never replaced; a
//! folder is an error. A temporary file is removed when the run fails,
//! panics, or is stopped by SIGINT, SIGTERM or SIGHUP ([`OutputFile`]).

use crate::diagnostic::Bilingual;
use crate::input::{FileId, file_id};
use crate::report::Format;
use clap::ValueEnum;
use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// One `--output` value: a file and the format to write there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputSpec {
    pub format: Format,
    pub path: PathBuf,
    /// Named without `FORMAT=`: the file takes stdout's place (its format
    /// came from the extension), and nothing is printed on screen.
    pub replaces_stdout: bool,
}

/// The formats by extension, for `-o FILE` without `FORMAT=`.
const EXTENSIONS: [(&str, Format); 9] = [
    ("json", Format::Json),
    ("jsonl", Format::Jsonl),
    ("csv", Format::Csv),
    ("md", Format::Markdown),
    ("xml", Format::Junit),
    ("txt", Format::Table),
    ("html", Format::Html),
    ("htm", Format::Html),
    ("xlsx", Format::Xlsx),
];

/// `table, json, …` and `.json→json, …`, for messages.
fn format_names() -> String {
    Format::value_variants()
        .iter()
        .filter_map(|f| f.to_possible_value())
        .map(|v| v.get_name().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn extension_names() -> String {
    EXTENSIONS
        .iter()
        .map(|(ext, format)| {
            let name = format
                .to_possible_value()
                .map_or(String::new(), |v| v.get_name().to_string());
            if name == *ext {
                format!(".{ext}")
            } else {
                format!(".{ext} ({name})")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The format a file's extension names, if it names one.
pub fn format_of_extension(path: &Path) -> Option<Format> {
    let extension = path.extension()?.to_str()?;
    EXTENSIONS
        .iter()
        .find(|(ext, _)| ext.eq_ignore_ascii_case(extension))
        .map(|&(_, format)| format)
}

/// Reads `FORMAT=FILE` (`junit=report.xml`) or `FILE`, whose extension
/// then names the format (`汇总.csv`). A name before `=` that is not a
/// format is an error, never part of a file name: `pdf=x.pdf` is a slip.
/// A path holding `=` is written with a folder (`./a=b.txt`). Errors are
/// in both languages: clap reports them before the language is known.
pub fn parse_output(text: &str) -> Result<OutputSpec, String> {
    if text.is_empty() {
        return Err("输出文件名为空 / the output file name is empty".to_string());
    }
    if let Some((name, path)) = text.split_once('=') {
        // A folder before `=` (`./a=b.txt`): the whole text is a path.
        if !name.contains(['/', std::path::MAIN_SEPARATOR]) {
            let Ok(format) = Format::from_str(name, true) else {
                return Err(format!(
                    "未知的格式 `{name}`（可用：{formats}）/ unknown format `{name}` (formats: {formats})",
                    formats = format_names()
                ));
            };
            if path.is_empty() {
                return Err(format!(
                    "`{text}` 在 `=` 后没有文件名 / `{text}` names no file after `=`"
                ));
            }
            not_an_input_name(path)?;
            return Ok(OutputSpec {
                format,
                path: PathBuf::from(path),
                replaces_stdout: false,
            });
        }
    }
    not_an_input_name(text)?;
    let path = PathBuf::from(text);
    // A folder is not a file for a report: say so rather than ask for a
    // format that would not help.
    if text.ends_with('/') || path.is_dir() {
        let folder = text.trim_end_matches('/');
        return Err(format!(
            "`{text}` 是文件夹：请给出报告的文件名，如 -o {folder}/汇总.csv / \
             `{text}` is a folder: give the report a file name, e.g. -o {folder}/report.csv"
        ));
    }
    // No PDF format: the HTML report prints to one.
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
    {
        return Err(format!(
            "不能直接生成 PDF：请用 -o {stem}.html 生成网页报告，再用浏览器打印为 PDF / \
             there is no PDF format: write -o {stem}.html and print the page to PDF from a browser",
            stem = text[..text.len() - 4].to_string()
        ));
    }
    let Some(format) = format_of_extension(&path) else {
        return Err(format!(
            "无法从扩展名判断 `{text}` 的格式：请写明格式（如 json={text}），或使用扩展名 {exts} / \
             cannot tell the format of `{text}` from its extension: name it (json={text}) or use {exts}",
            exts = extension_names()
        ));
    };
    Ok(OutputSpec {
        format,
        path,
        replaces_stdout: true,
    })
}

/// Refuses a report file named like a sheet or a standard: `assess -o
/// 2023.yaml 2024.yaml` meant both sheets, and no report is YAML or TOML.
/// Refused with a format too, so that no hint can lead to writing a report
/// over a sheet that is not an input of the same run.
fn not_an_input_name(path: &str) -> Result<(), String> {
    // `-` reads standard input; as an output it would be a file named `-`,
    // which no one asking for it means. The screen's report is --format's.
    if path == "-" {
        return Err(
            "-o 只写入文件，`-` 不代表标准输出：屏幕或管道上的报告请用 --format（如 --format json），\
             或写 -o json=/dev/stdout / \
             -o writes files, and `-` is not standard output here: for a report on the screen or \
             a pipe use --format (e.g. --format json), or -o json=/dev/stdout"
                .to_string(),
        );
    }
    match input_extension(Path::new(path)) {
        Some(extension) => Err(format!(
            "`{path}` 是事实表或标准文件的名字（.{extension}），报告不会写入这类文件；\
             事实表请写在选项之后，报告请另起名字（如 -o 汇总.csv） / \
             `{path}` is named like a fact sheet or a standard (.{extension}), which no report \
             is written over; give sheets after the options and the report a name of its own \
             (e.g. -o report.json)"
        )),
        _ => Ok(()),
    }
}

/// The extension of a sheet or a standard (`yaml`, `yml`, `toml`), if
/// `path` has one, in lower case.
fn input_extension(path: &Path) -> Option<String> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    matches!(extension.as_str(), "yaml" | "yml" | "toml").then_some(extension)
}

/// Which file a path names, for telling whether two names are one file: the
/// canonical path where the file exists (through links and `..`), else its
/// folder's canonical path and its name.
pub fn identity(path: &Path) -> PathBuf {
    if let Ok(path) = std::fs::canonicalize(path) {
        return path;
    }
    let path = &through_links(path);
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    match (std::fs::canonicalize(dir), path.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => path.to_path_buf(),
    }
}

/// Where a chain of symbolic links ends, whether or not a file is there:
/// a link to a report not yet written is followed, so the report is
/// written where it points and the link stays.
fn through_links(path: &Path) -> PathBuf {
    let mut path = path.to_path_buf();
    // As many links as the kernel follows before giving up (ELOOP).
    for _ in 0..40 {
        let Ok(target) = std::fs::read_link(&path) else {
            break;
        };
        path = match path.parent() {
            Some(dir) => dir.join(target),
            None => target,
        };
    }
    path
}

/// One file the run reads, for [`check_outputs`].
pub struct Input<'p> {
    pub path: &'p Path,
    pub kind: InputKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    Sheet,
    Standard,
    /// A side of `diff` or `trend`: a sheet or a saved report.
    Side,
}

/// A problem with the `--output` files, found before anything is written.
pub struct OutputProblem {
    pub path: PathBuf,
    pub message: Bilingual,
}

/// Refuses outputs that would cost a file or lose a report: one that is
/// also an input (it would be replaced by its own report), one named twice
/// (two reports racing for one file), and a folder.
pub fn check_outputs(outputs: &[OutputSpec], inputs: &[Input]) -> Vec<OutputProblem> {
    let mut problems = Vec::new();
    // Only an output that exists can be an input (inputs exist, or are
    // not read); files are compared by what they are, one `stat` per
    // input, so a batch of a hundred thousand sheets costs little.
    let existing: Vec<Option<FileId>> = outputs.iter().map(|o| file_id(&o.path)).collect();
    let inputs: Vec<(FileId, InputKind)> = if existing.iter().any(Option::is_some) {
        inputs
            .iter()
            .filter(|input| input.path != Path::new("-"))
            .filter_map(|input| Some((file_id(input.path)?, input.kind)))
            .collect()
    } else {
        Vec::new()
    };
    let mut seen: Vec<(PathBuf, &Path)> = Vec::new();
    for (output, existing) in outputs.iter().zip(existing) {
        let path = output.path.clone();
        let id = identity(&output.path);
        let input = existing.and_then(|file| inputs.iter().find(|(input, _)| *input == file));
        if let Some((_, kind)) = input {
            let (zh, en) = match kind {
                InputKind::Sheet => ("事实表", "a fact sheet"),
                InputKind::Standard => ("标准文件", "the standard"),
                InputKind::Side => ("对比的一方", "a side compared"),
            };
            problems.push(OutputProblem {
                path,
                message: Bilingual::new(
                    format!("输出文件同时是输入（{zh}），写入会覆盖它；请换一个文件名。未读取事实表，未写入任何文件"),
                    format!("the output is also an input ({en}) and would be overwritten; choose another name. No sheet was read, nothing written"),
                ),
            });
            continue;
        }
        // A link named like a report that leads to a sheet or a standard
        // (one not read by this run, or it was refused above) would be
        // replaced by the report: the name refused at the command line is
        // refused where the link ends too.
        if let Some(extension) = input_extension(&id) {
            let target = crate::diagnostic::visible(&id.display().to_string());
            problems.push(OutputProblem {
                path,
                message: Bilingual::new(
                    format!("输出文件是指向 {target} 的链接，那是事实表或标准文件（.{extension}），报告不会写入这类文件；请换一个文件名。未读取事实表，未写入任何文件"),
                    format!("the output is a link to {target}, a fact sheet or a standard (.{extension}), which no report is written over; choose another name. No sheet was read, nothing written"),
                ),
            });
            continue;
        }
        if let Some((_, first)) = seen.iter().find(|(other, _)| *other == id) {
            let first = crate::diagnostic::visible(&first.display().to_string());
            problems.push(OutputProblem {
                path,
                message: Bilingual::new(
                    format!("此输出文件已命名过（{first}）；一个文件只能写一份报告"),
                    format!(
                        "this output file is already named (as {first}); a file takes one report"
                    ),
                ),
            });
            continue;
        }
        if id.is_dir() {
            problems.push(OutputProblem {
                path,
                message: Bilingual::new(
                    "是文件夹，不能写入报告；请给出文件名",
                    "is a folder, not a file for the report; give a file name",
                ),
            });
            continue;
        }
        // Its folder must be there: found out only after every sheet was
        // evaluated, the report would be lost with the time spent.
        let folder = match id.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !folder.is_dir() {
            let shown = crate::diagnostic::visible(&folder.display().to_string());
            problems.push(OutputProblem {
                path,
                message: Bilingual::new(
                    format!("要写入的文件夹 {shown} 不存在；请先建好文件夹或换一个位置"),
                    format!("the folder {shown} does not exist; make it first or write elsewhere"),
                ),
            });
            continue;
        }
        seen.push((id, &output.path));
    }
    problems
}

/// Temporary report files not yet in place, to remove if the run is
/// stopped by a signal: a signal ends the process without running `Drop`.
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn live() -> MutexGuard<'static, Vec<PathBuf>> {
    // A panic while the lock was held leaves the list as it was: still
    // the files to remove.
    LIVE.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// From the first temporary file on, SIGINT, SIGTERM and SIGHUP remove the
/// temporary files and then end the process as the signal would have (so
/// a shell sees it was interrupted). Installed only then: a run that
/// writes no file keeps the default handling and starts no thread.
fn remove_temporaries_on_signals() {
    #[cfg(unix)]
    remove_temporaries_on_signals_unix();
}

#[cfg(unix)]
fn remove_temporaries_on_signals_unix() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return;
        };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                // Held until the process ends, so no file is renamed into
                // place or created after this point.
                let files = live();
                for path in files.iter() {
                    let _ = std::fs::remove_file(path);
                }
                let _ = signal_hook::low_level::emulate_default_handler(signal);
                signal_hook::low_level::exit(128 + signal);
            }
        });
    });
}

/// A report file being written. A regular file (or a link to one, or a
/// name not yet taken) is written to a temporary file beside the target and
/// renamed over it by [`OutputFile::commit`]; dropped without a commit (an
/// error, a panic) it removes itself and the target is untouched. A device
/// or FIFO is written directly.
pub struct OutputFile {
    /// Taken out by [`OutputFile::commit`].
    inner: Option<Inner>,
}

enum Inner {
    Replace {
        temporary: tempfile::NamedTempFile,
        /// The file replaced: the target of a link, not the link.
        target: PathBuf,
    },
    Direct(File),
}

impl OutputFile {
    pub fn create(path: &Path) -> io::Result<OutputFile> {
        let kind = match std::fs::metadata(path) {
            Ok(metadata) => Some(metadata),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(e),
        };
        let target = match &kind {
            Some(metadata) if metadata.is_dir() => {
                return Err(crate::diagnostic::io_error(
                    io::ErrorKind::IsADirectory,
                    crate::diagnostic::Bilingual::new("这是一个文件夹", "it is a folder"),
                ));
            }
            Some(metadata) if !metadata.is_file() => {
                // A device or FIFO: replacing it would destroy it (as root,
                // a system device node). Written as it is.
                let file = std::fs::OpenOptions::new().write(true).open(path)?;
                return Ok(OutputFile {
                    inner: Some(Inner::Direct(file)),
                });
            }
            // Through links: the file they point to is the one replaced
            // (or, not there yet, made).
            Some(_) => std::fs::canonicalize(path)?,
            None => through_links(path),
        };
        let dir = match target.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = target
            .file_name()
            .map_or_else(|| "report".into(), |n| n.to_string_lossy().into_owned());
        let prefix = format!(".{name}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".tmp");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // A new report is readable as any new file (0666 less the
            // umask); a replaced one keeps its mode.
            let mode = kind
                .as_ref()
                .map_or(0o666, |m| m.permissions().mode() & 0o7777);
            builder.permissions(std::fs::Permissions::from_mode(mode));
        }
        let mut files = live();
        remove_temporaries_on_signals();
        // Same folder, so the rename cannot cross file systems; create-new
        // under a random name, so a file or link planted there is never
        // followed.
        let temporary = builder.tempfile_in(&dir)?;
        files.push(temporary.path().to_path_buf());
        Ok(OutputFile {
            inner: Some(Inner::Replace { temporary, target }),
        })
    }

    /// Flushes the file to disk and puts it in place.
    pub fn commit(mut self) -> io::Result<()> {
        match self.inner.take() {
            None => Ok(()),
            Some(Inner::Direct(mut file)) => file.flush(),
            Some(Inner::Replace { temporary, target }) => {
                temporary.as_file().sync_all()?;
                let mut files = live();
                let path = temporary.path().to_path_buf();
                let persisted = temporary.persist(&target).map(drop).map_err(|e| {
                    // Not persisted: the temporary file is removed as it drops.
                    e.error
                });
                files.retain(|p| *p != path);
                persisted
            }
        }
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.inner {
            Some(Inner::Replace { temporary, .. }) => temporary.write(buf),
            Some(Inner::Direct(file)) => file.write(buf),
            None => Err(io::Error::other("the report file is already closed")),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match &mut self.inner {
            Some(Inner::Replace { temporary, .. }) => temporary.flush(),
            Some(Inner::Direct(file)) => file.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for OutputFile {
    fn drop(&mut self) {
        if let Some(Inner::Replace { temporary, .. }) = &self.inner {
            let mut files = live();
            let path = temporary.path().to_path_buf();
            files.retain(|p| *p != path);
            // The temporary file itself is removed by its own drop.
        }
    }
}

/// Writes `bytes` to `path` so that readers see the old file or the whole
/// new one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = OutputFile::create(path)?;
    file.write_all(bytes)?;
    file.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(text: &str) -> Result<OutputSpec, String> {
        parse_output(text)
    }

    #[test]
    fn outputs_name_a_file_and_a_format() {
        assert_eq!(
            spec("junit=out/report.xml"),
            Ok(OutputSpec {
                format: Format::Junit,
                path: "out/report.xml".into(),
                replaces_stdout: false,
            })
        );
        // Without `FORMAT=`, the extension says, whatever its case.
        for (name, format) in [
            ("report.json", Format::Json),
            ("汇总.CSV", Format::Csv),
            ("a.jsonl", Format::Jsonl),
            ("自评表.md", Format::Markdown),
            ("r.xml", Format::Junit),
            ("r.txt", Format::Table),
            ("./a=b.txt", Format::Table),
        ] {
            assert_eq!(
                spec(name),
                Ok(OutputSpec {
                    format,
                    path: name.into(),
                    replaces_stdout: true,
                })
            );
        }
        // Not a format before `=`, an unknown or absent extension: errors
        // that list what there is; a sheet's or standard's name: an error
        // saying so.
        for slip in [
            "pdf=x.pdf",
            "x.docx",
            "report",
            "a=b.txt",
            "2023.yaml",
            "json=s.YML",
            "csv=std.toml",
            "-",
            "xlsx=-",
        ] {
            let error = spec(slip).unwrap_err();
            assert!(error.contains("json"), "{slip}: {error}");
        }
        assert!(spec("json=").is_err());
        assert!(spec("").is_err());
        // PDF and folders get what works instead.
        assert!(spec("自评表.PDF").unwrap_err().contains("-o 自评表.html"));
        assert!(
            spec("reports/")
                .unwrap_err()
                .contains("-o reports/report.csv")
        );
    }

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("assess-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_file_is_replaced_whole() {
        let dir = temp_dir("output");
        let path = dir.join("report.json");
        write_atomically(&path, b"old").unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        // A directory that does not exist: an error, no file.
        assert!(write_atomically(&dir.join("no/such/dir/x"), b"x").is_err());
        // Dropped without a commit: the old file stays, no temporary left,
        // and the run no longer counts it as one to remove.
        {
            let mut unfinished = OutputFile::create(&path).unwrap();
            unfinished.write_all(b"half a rep").unwrap();
            assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2);
        }
        assert!(!live().iter().any(|p| p.starts_with(&dir)));
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn links_keep_pointing_and_devices_stay_devices() {
        use std::os::unix::fs::{FileTypeExt, PermissionsExt};
        let dir = temp_dir("output-kinds");
        let target = dir.join("target.json");
        std::fs::write(&target, "old").unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.join("link.json");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_atomically(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        // The replaced file keeps its mode.
        let mode = std::fs::metadata(&target).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
        // A link to a file not there yet: the file is made where it
        // points, and the link stays.
        let dangling = dir.join("dangling.json");
        std::os::unix::fs::symlink("later.json", &dangling).unwrap();
        write_atomically(&dangling, b"x").unwrap();
        assert!(std::fs::symlink_metadata(&dangling).unwrap().is_symlink());
        assert_eq!(std::fs::read(dir.join("later.json")).unwrap(), b"x");
        assert_eq!(identity(&dangling), identity(&dir.join("later.json")));
        // /dev/null is written, not replaced.
        write_atomically(Path::new("/dev/null"), b"x").unwrap();
        assert!(
            std::fs::metadata("/dev/null")
                .unwrap()
                .file_type()
                .is_char_device()
        );
        // A folder is an error.
        let error = write_atomically(&dir, b"x").unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::IsADirectory);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn outputs_that_are_inputs_or_named_twice_are_refused() {
        let dir = temp_dir("output-check");
        let sheet = dir.join("2023.txt");
        std::fs::write(&sheet, "year: 2023\n").unwrap();
        let at = |text: &str| parse_output(&format!("{}", dir.join(text).display())).unwrap();
        let inputs = [Input {
            path: &sheet,
            kind: InputKind::Sheet,
        }];
        // The sheet itself, by another spelling.
        let same = parse_output(&format!("table={}/./2023.txt", dir.display())).unwrap();
        assert_eq!(check_outputs(&[same], &inputs).len(), 1);
        // One new file named twice, by two spellings.
        let twice = [
            at("r.json"),
            parse_output(&format!("csv={}/../{}/r.json", dir.display(), {
                dir.file_name().unwrap().to_string_lossy()
            }))
            .unwrap(),
        ];
        let problems = check_outputs(&twice, &inputs);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.en.contains("already named"));
        // Distinct new files are fine.
        assert!(check_outputs(&[at("a.json"), at("b.csv")], &inputs).is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
