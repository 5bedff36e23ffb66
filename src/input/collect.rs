//! Which files a run assesses: the arguments as given, and for a folder
//! its fact sheets in sorted order — leaving out what is not a community's
//! sheet (hidden files, the lock files office programs and editors leave
//! beside an open file) and naming the sub-folders it did not enter unless
//! `--recursive` asks for them.

use crate::diagnostic::{Bilingual, Diagnostic, FileDiagnostics};
use crate::lang::Lang;
use crate::lang::tr;
use std::path::{Path, PathBuf};

/// How reports and messages name standard input.
pub const STDIN_NAME: &str = "<stdin>";

/// Whether a path argument means standard input (`-`).
pub fn is_stdin(path: &Path) -> bool {
    path == Path::new("-")
}

/// How messages and reports name an input: as the user named it, with
/// control characters and bidirectional overrides escaped (a file name
/// can hold `ESC [2J`), and `-` as `<stdin>`.
pub fn input_name(path: &Path) -> String {
    if is_stdin(path) {
        STDIN_NAME.to_string()
    } else {
        crate::diagnostic::visible(&path.display().to_string())
    }
}

/// What the arguments name.
#[derive(Debug, Default)]
pub struct Collected {
    /// The sheets to assess, in order.
    pub files: Vec<PathBuf>,
    /// Arguments that name nothing usable, each a diagnostic of its own.
    pub problems: Vec<FileDiagnostics>,
    /// Sub-folders of a folder argument not entered (no `--recursive`).
    pub skipped_folders: Vec<PathBuf>,
    /// Files named more than once (by any spelling), assessed once:
    /// (first, again).
    pub repeated_files: Vec<(String, String)>,
    /// Folders reached a second time (named twice, or a link back to a
    /// folder already read), not read again.
    pub repeated_folders: Vec<PathBuf>,
    /// Files in a folder named like a sheet saved as text (`x.yaml.txt`),
    /// not read.
    pub misnamed: Vec<PathBuf>,
}

impl Collected {
    /// The notes on how the inputs were named: files given twice, folders
    /// not entered.
    pub fn notes(&self, lang: Lang) -> Vec<String> {
        let mut notes: Vec<String> = self
            .repeated_files
            .iter()
            .map(|(first, again)| {
                tr!(
                    lang,
                    format!("同一文件重复给出：{first} 与 {again}（只评估一次）"),
                    format!("the same file named again: {first} and {again} (assessed once)")
                )
            })
            .collect();
        notes.extend(paths_note(
            &self.repeated_folders,
            lang,
            |names| format!("文件夹已读过，未再读取：{names}（重复给出，或是指回已读文件夹的链接）"),
            |names| format!("folders already read, not read again: {names} (named twice, or a link back to a folder read)"),
        ));
        notes.extend(paths_note(
            &self.misnamed,
            lang,
            |names| format!("未读取 {names}：扩展名是 .txt（Windows 隐藏扩展名时，记事本会这样保存）；如是事实表，请把文件名末尾的 .txt 删去"),
            |names| format!("not read: {names} (the name ends in .txt, as Notepad saves when Windows hides extensions); if it is a sheet, remove the .txt"),
        ));
        notes.extend(self.skipped_warning(lang));
        notes
    }

    /// The note on folders not entered, if any, in the user's language.
    fn skipped_warning(&self, lang: Lang) -> Option<String> {
        paths_note(
            &self.skipped_folders,
            lang,
            |names| format!("未读取子文件夹 {names}（加 --recursive 可一并评估其中的事实表）"),
            |names| {
                format!(
                    "sub-folders not read: {names} (add --recursive to assess the sheets in them)"
                )
            },
        )
    }
}

/// A note naming `paths` (none if there are none), in the user's language:
/// `zh` and `en` are given the names joined as each language lists them.
fn paths_note(
    paths: &[PathBuf],
    lang: Lang,
    zh: impl FnOnce(&str) -> String,
    en: impl FnOnce(&str) -> String,
) -> Option<String> {
    if paths.is_empty() {
        return None;
    }
    let names: Vec<String> = paths
        .iter()
        .map(|p| crate::diagnostic::visible(&p.display().to_string()))
        .collect();
    Some(match lang {
        Lang::Zh => zh(&names.join("、")),
        Lang::En => en(&names.join(", ")),
    })
}

/// The years `assess trend` is given: files as named, and for a folder its
/// sheets and saved JSON reports, sorted.
pub fn collect_sides(args: &[PathBuf]) -> Collected {
    let mut collected = Collected::default();
    for arg in args {
        if !arg.is_dir() {
            collected.files.push(arg.clone());
            continue;
        }
        let mut found: Vec<PathBuf> = match std::fs::read_dir(arg) {
            Ok(entries) => entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| !is_hidden_or_lock(p) && !p.is_dir())
                .filter(|p| {
                    is_yaml(p)
                        || p.extension()
                            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
                })
                .collect(),
            Err(error) => {
                collected.problems.push(FileDiagnostics::single(
                    input_name(arg),
                    crate::diagnostic::cannot_read(&error),
                ));
                continue;
            }
        };
        found.sort();
        collected.files.extend(found);
    }
    collected
}

/// Collects the sheets `args` name; a folder gives its `*.yaml`/`*.yml`
/// files, sorted, and with `recursive` those of its sub-folders too.
///
/// Each file is assessed once however many names lead to it (`a.yaml
/// ./a.yaml`, a file and its folder, the same folder twice, a link or a
/// second hard link to a sheet beside it): counted twice it would count a
/// community twice in the batch's headline. Each repeat is said.
pub fn collect(args: &[PathBuf], recursive: bool) -> Collected {
    let mut collected = Collected::default();
    let mut walked = Walked::default();
    for arg in args {
        if !arg.is_dir() {
            collected.files.push(arg.clone());
            continue;
        }
        let before = collected.files.len();
        walk(arg, recursive, &mut collected, &mut walked);
        if collected.files.len() == before && !walked.again.contains(arg) {
            let mut problem = FileDiagnostics::new(input_name(arg), None);
            problem.diagnostics.push(Diagnostic::new(Bilingual::new(
                "文件夹中没有 *.yaml 或 *.yml 事实表",
                "the folder holds no *.yaml or *.yml fact sheets",
            )));
            collected.problems.push(problem);
        }
    }
    // Each file by what it is → where it is in the list kept.
    let mut seen: std::collections::HashMap<FileId, usize> = std::collections::HashMap::new();
    let mut repeated = Vec::new();
    let files = std::mem::take(&mut collected.files);
    for file in files {
        // A name that leads nowhere is kept: reading it says why.
        let Some(id) = file_id(&file) else {
            collected.files.push(file);
            continue;
        };
        match seen.get(&id) {
            Some(&first) => {
                repeated.push((input_name(&collected.files[first]), input_name(&file)));
            }
            None => {
                seen.insert(id, collected.files.len());
                collected.files.push(file);
            }
        }
    }
    collected.repeated_files = repeated;
    collected.repeated_folders = walked.again;
    collected
}

/// The folders a walk has been in, so that a link back to one (a
/// shortcut to the parent folder) is not followed round and round, and
/// a folder given twice or skipped twice is said once.
#[derive(Default)]
struct Walked {
    folders: std::collections::HashSet<FileId>,
    skipped: std::collections::HashSet<FileId>,
    /// Folders reached again, as named the second time.
    again: Vec<PathBuf>,
}

/// What a file is, whatever the names it is reached by (links, `..`, hard
/// links): its device and inode, from one `stat` that follows links.
/// `None` for a name that leads nowhere, and for standard input.
#[cfg(unix)]
pub type FileId = (u64, u64);
#[cfg(not(unix))]
pub type FileId = PathBuf;

#[cfg(unix)]
pub fn file_id(path: &Path) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    if is_stdin(path) {
        return None;
    }
    let metadata = std::fs::metadata(path).ok()?;
    Some((metadata.dev(), metadata.ino()))
}

#[cfg(not(unix))]
pub fn file_id(path: &Path) -> Option<FileId> {
    if is_stdin(path) {
        return None;
    }
    path.canonicalize().ok()
}

/// One folder's sheets in sorted order, then (when `recursive`) each
/// sub-folder's in sorted order, so the order never depends on the disk.
fn walk(dir: &Path, recursive: bool, collected: &mut Collected, walked: &mut Walked) {
    if let Some(id) = file_id(dir)
        && !walked.folders.insert(id)
    {
        walked.again.push(dir.to_path_buf());
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            let mut problem = FileDiagnostics::new(input_name(dir), None);
            problem
                .diagnostics
                .push(crate::diagnostic::cannot_read(&error));
            collected.problems.push(problem);
            return;
        }
    };
    // Whether an entry is a folder comes with the listing on most file
    // systems; only a link (or an unknown type) costs a `stat`.
    let mut paths: Vec<(PathBuf, bool)> = entries
        .filter_map(Result::ok)
        .map(|entry| {
            let path = entry.path();
            let is_dir = match entry.file_type() {
                Ok(kind) if !kind.is_symlink() => kind.is_dir(),
                _ => path.is_dir(),
            };
            (path, is_dir)
        })
        .filter(|(path, _)| !is_hidden_or_lock(path))
        .collect();
    paths.sort();
    let mut folders = Vec::new();
    for (path, is_dir) in paths {
        if is_dir {
            folders.push(path);
        } else if is_yaml(&path) {
            // A FIFO or device named like a sheet is taken too, and reading
            // refuses it with a message: nothing in the folder vanishes.
            collected.files.push(path);
        } else if is_yaml_saved_as_text(&path) {
            collected.misnamed.push(path);
        }
    }
    for folder in folders {
        if recursive {
            walk(&folder, recursive, collected, walked);
        } else if file_id(&folder).is_none_or(|id| walked.skipped.insert(id)) {
            collected.skipped_folders.push(folder);
        }
    }
}

/// `幸福.yaml.txt`: what Notepad saves when Windows hides extensions and
/// the clerk typed `幸福.yaml`. Not read (it could be anything), but said.
fn is_yaml_saved_as_text(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
        && path
            .file_stem()
            .is_some_and(|stem| is_yaml(Path::new(stem)))
}

fn is_yaml(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// Hidden files and folders (`.git`, `.x.yaml`), LibreOffice's lock files
/// (`.~lock.x.yaml#`), Microsoft Office's owner files (`~$x.yaml`) and
/// editors' backups (`x.yaml~`): none is a community's sheet, and
/// assessing one would add a broken "community" to the district's report.
fn is_hidden_or_lock(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    name.starts_with('.') || name.starts_with("~$") || name.ends_with('~') || name.ends_with('#')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_and_hidden_files_are_not_sheets() {
        for name in [
            ".~lock.a.yaml#",
            "~$a.yaml",
            ".a.yaml",
            "a.yaml~",
            "#a.yaml#",
            ".git",
        ] {
            assert!(is_hidden_or_lock(Path::new(name)), "{name}");
        }
        for name in ["a.yaml", "社区.yml", "a~b.yaml"] {
            assert!(!is_hidden_or_lock(Path::new(name)), "{name}");
        }
    }

    /// A link or a second hard link to a sheet is the same file, assessed
    /// once; a link to a folder is a folder, entered with `--recursive`
    /// once however many names lead to it, and a link back to a folder
    /// being read (a shortcut to the parent) is not followed round.
    #[cfg(unix)]
    #[test]
    fn each_file_and_folder_is_read_once_whatever_leads_to_it() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("a.yaml"), "a").unwrap();
        std::fs::write(d.join("d.yaml"), "d").unwrap();
        std::os::unix::fs::symlink("a.yaml", d.join("b.yaml")).unwrap();
        std::fs::hard_link(d.join("a.yaml"), d.join("c.yaml")).unwrap();
        std::fs::create_dir(d.join("real")).unwrap();
        std::fs::write(d.join("real/e.yaml"), "e").unwrap();
        std::os::unix::fs::symlink("real", d.join("linked")).unwrap();
        std::os::unix::fs::symlink("..", d.join("real/up")).unwrap();
        std::os::unix::fs::symlink("..", d.join("real/up.yaml")).unwrap();
        std::fs::write(d.join("f.yaml.txt"), "f").unwrap();
        std::fs::write(d.join("g.txt"), "g").unwrap();
        let name = |file: &str| input_name(&d.join(file));

        let flat = collect(&[d.to_path_buf()], false);
        assert_eq!(flat.files, [d.join("a.yaml"), d.join("d.yaml")]);
        assert_eq!(
            flat.repeated_files,
            [
                (name("a.yaml"), name("b.yaml")),
                (name("a.yaml"), name("c.yaml"))
            ]
        );
        assert_eq!(flat.skipped_folders, [d.join("linked")]);
        assert_eq!(flat.misnamed, [d.join("f.yaml.txt")]);
        assert!(
            flat.notes(Lang::Zh)
                .iter()
                .any(|n| n.contains("请把文件名末尾的 .txt 删去"))
        );

        let twice = collect(&[d.to_path_buf(), d.join(".")], false);
        assert_eq!(twice.files, flat.files);
        assert_eq!(twice.skipped_folders, flat.skipped_folders);
        assert_eq!(twice.repeated_folders, [d.join(".")]);
        assert!(twice.problems.is_empty());

        let deep = collect(&[d.to_path_buf()], true);
        assert_eq!(
            deep.files,
            [d.join("a.yaml"), d.join("d.yaml"), d.join("linked/e.yaml")]
        );
        assert_eq!(
            deep.repeated_folders,
            [
                d.join("linked/up"),
                d.join("linked/up.yaml"),
                d.join("real")
            ]
        );
        let notes = deep.notes(Lang::En).join("\n");
        assert!(
            notes.contains("folders already read, not read again"),
            "{notes}"
        );
    }

    #[test]
    fn a_roster_names_duplicates_and_sheets_of_another_year() {
        let mut roster = Roster::default();
        roster.add("幸福社区", Some("东街道"), 2024, "a.yaml");
        roster.add("幸福社区", Some("西街道"), 2024, "b.yaml");
        roster.add("幸福社区", Some("东街道"), 2024, "c.yaml");
        roster.add("和谐社区", None, 2023, "d.yaml");
        assert_eq!(
            roster.notes(Lang::En),
            [
                "the same community twice: 幸福社区（东街道） in a.yaml and c.yaml",
                "a different year: d.yaml is 2023, while the most sheets (3) are 2024",
            ]
        );
        // One year, distinct communities: nothing to say.
        let mut fine = Roster::default();
        fine.add("甲", None, 2024, "a.yaml");
        fine.add("乙", None, 2024, "b.yaml");
        assert!(fine.notes(Lang::Zh).is_empty());
    }

    #[test]
    fn two_years_of_one_community_are_not_a_duplicate() {
        // 2023 and 2024 of one community: the year note only.
        let mut years = Roster::default();
        years.add("幸福社区", Some("东街道"), 2023, "2023.yaml");
        years.add("幸福社区", Some("东街道"), 2024, "2024.yaml");
        assert_eq!(
            years.notes(Lang::Zh),
            ["年度不一致：本批事实表分属多个年度（2023 年度 1 份，2024 年度 1 份）"]
        );
        // The same community and year in two files still is one.
        years.add("幸福社区", Some("东街道"), 2024, "copy.yaml");
        assert_eq!(
            years.notes(Lang::Zh),
            [
                "同一社区出现两次：幸福社区（东街道） 见于 2024.yaml 与 copy.yaml",
                "年度不一致：2023.yaml 为 2023 年度；本批最多的是 2024 年度（2 份）",
            ]
        );
    }
}

/// What a batch's sheets say of the batch as a whole, gathered as they
/// stream past: the same community twice in one year (its name, district
/// and year) and sheets of a year other than the batch's. Two years of one
/// community are not a duplicate: a folder holding a community's 2023 and
/// 2024 sheets is told by the year note, and saying "twice" on top of it
/// sent users looking for a copied file that was not there. A district's report built
/// from a badly collected folder must say so, not look fine.
#[derive(Debug, Default)]
pub struct Roster {
    /// A 128-bit hash of the community (name, district) and year → the
    /// first file
    /// that named it. The hash, not the names, is kept so that a batch of
    /// any size holds little more per sheet than its file name (a false
    /// match of two 128-bit hashes is not a practical concern).
    seen: std::collections::HashMap<u128, Box<str>>,
    /// (community as shown, first file, repeated file), the first few.
    duplicates: Vec<(String, String, String)>,
    /// How many repeats there were in all.
    repeats: usize,
    /// Year → how many sheets, and the first few files (for the message).
    years: std::collections::BTreeMap<i32, (usize, Vec<String>)>,
}

/// Two independent 64-bit hashes of a community's name, district (its
/// absence hashed apart from an empty one) and year, as one 128-bit key.
/// Fixed keys keep the run deterministic.
fn identity_hash(name: &str, district: Option<&str>, year: i32) -> u128 {
    use std::hash::{BuildHasher, Hash, Hasher};
    let half = |seed: u64| {
        let mut hasher =
            std::hash::BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default()
                .build_hasher();
        seed.hash(&mut hasher);
        name.hash(&mut hasher);
        district.hash(&mut hasher);
        year.hash(&mut hasher);
        hasher.finish()
    };
    (u128::from(half(0x5eed_0001)) << 64) | u128::from(half(0x5eed_0002))
}

/// How many files a note names before it says "and N more".
const NAMED: usize = 10;

impl Roster {
    pub fn add(&mut self, name: &str, district: Option<&str>, year: i32, source: &str) {
        let key = identity_hash(name, district, year);
        match self.seen.get(&key) {
            // The same file given twice is said by `Collected` instead.
            Some(first) if **first == *source => {}
            Some(_) if self.duplicates.len() >= NAMED => self.repeats += 1,
            Some(first) => {
                self.repeats += 1;
                let shown = match district {
                    Some(d) => format!("{name}（{d}）"),
                    None => name.to_string(),
                };
                self.duplicates
                    .push((shown, first.to_string(), source.to_string()));
            }
            None => {
                self.seen.insert(key, source.into());
            }
        }
        let entry = self.years.entry(year).or_default();
        entry.0 += 1;
        if entry.1.len() < NAMED {
            entry.1.push(source.to_string());
        }
    }

    /// The batch's year: the one most sheets have (the later on a tie).
    fn batch_year(&self) -> Option<i32> {
        self.years
            .iter()
            .max_by_key(|(year, (count, _))| (*count, **year))
            .map(|(year, _)| *year)
    }

    /// The warnings, in the user's language, in a fixed order.
    pub fn notes(&self, lang: Lang) -> Vec<String> {
        let mut notes = Vec::new();
        for (community, first, again) in &self.duplicates {
            let (community, first, again) = (
                crate::diagnostic::visible(community),
                crate::diagnostic::visible(first),
                crate::diagnostic::visible(again),
            );
            notes.push(tr!(
                lang,
                format!("同一社区出现两次：{community} 见于 {first} 与 {again}"),
                format!("the same community twice: {community} in {first} and {again}")
            ));
        }
        let unnamed = self.repeats - self.duplicates.len();
        if unnamed > 0 {
            notes.push(tr!(
                lang,
                format!("另有 {unnamed} 份事实表与前面的社区重复"),
                format!("{unnamed} more sheets repeat a community already seen")
            ));
        }
        let tie = self
            .years
            .values()
            .filter(|(count, _)| Some(*count) == self.years.values().map(|(c, _)| *c).max())
            .count()
            > 1;
        if tie {
            let years: Vec<String> = self
                .years
                .iter()
                .map(|(year, (count, _))| {
                    tr!(
                        lang,
                        format!("{year} 年度 {count} 份"),
                        format!("{count} of {year}")
                    )
                })
                .collect();
            notes.push(tr!(
                lang,
                format!("年度不一致：本批事实表分属多个年度（{}）", years.join("，")),
                format!("the sheets are of several years ({})", years.join(", "))
            ));
        } else if let Some(batch_year) = self.batch_year() {
            for (year, (count, files)) in &self.years {
                if *year == batch_year {
                    continue;
                }
                let named: Vec<String> = files
                    .iter()
                    .map(|f| crate::diagnostic::visible(f))
                    .collect();
                let more = count - files.len();
                let most = self.years.get(&batch_year).map_or(0, |(n, _)| *n);
                let shown = if more > 0 {
                    tr!(
                        lang,
                        format!("{} 等 {count} 份", named.join("、")),
                        format!("{} and {more} more", named.join(", "))
                    )
                } else {
                    tr!(lang, named.join("、"), named.join(", "))
                };
                let verb = if *count == 1 { "is" } else { "are" };
                notes.push(tr!(
                    lang,
                    format!(
                        "年度不一致：{shown} 为 {year} 年度；本批最多的是 {batch_year} 年度（{most} 份）"
                    ),
                    format!(
                        "a different year: {shown} {verb} {year}, while the most sheets ({most}) are {batch_year}"
                    )
                ));
            }
        }
        notes
    }
}
