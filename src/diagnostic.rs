//! Error messages about input files: where the problem is (file, line,
//! column, key path), what was expected and what was found, in Chinese and
//! English, shown with the offending line the way a compiler shows it.
//!
//! Both the standard loader and the fact-sheet reader produce
//! [`Diagnostic`]s; [`FileDiagnostics`] gathers those of one file so that a
//! user sees every mistake at once and can fix them in one pass.

use crate::lang::Lang;
use crate::lang::tr;
use std::fmt::Write as _;
use unicode_width::UnicodeWidthChar;

/// A text in both languages the tool speaks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bilingual {
    pub zh: String,
    pub en: String,
}

impl Bilingual {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Bilingual {
        Bilingual {
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        tr!(lang, &self.zh, &self.en)
    }
}

/// A 1-based line and column in a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    /// The position of byte `offset` in `source`; columns count characters,
    /// so a Chinese key is one column per character, as editors show it.
    pub fn of_offset(source: &str, offset: usize) -> Position {
        let offset = offset.min(source.len());
        let before = &source[..floor_char_boundary(source, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Position { line, column }
    }
}

/// Where each line of a text starts, to turn many offsets into positions
/// without rescanning the text from its start for each one.
pub struct LineIndex<'s> {
    source: &'s str,
    /// The byte offset of the start of every line after the first.
    line_starts: Vec<usize>,
}

impl<'s> LineIndex<'s> {
    pub fn new(source: &'s str) -> LineIndex<'s> {
        let line_starts = source
            .bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\n')
            .map(|(i, _)| i + 1)
            .collect();
        LineIndex {
            source,
            line_starts,
        }
    }

    /// The same as [`Position::of_offset`] on the whole source.
    pub fn position(&self, offset: usize) -> Position {
        let offset = floor_char_boundary(self.source, offset.min(self.source.len()));
        // Lines starting at or before the offset, the first included.
        let line = self.line_starts.partition_point(|&start| start <= offset) + 1;
        let line_start = if line == 1 {
            0
        } else {
            self.line_starts[line - 2]
        };
        let column = self.source[line_start..offset].chars().count() + 1;
        Position { line, column }
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// One problem in one input file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub position: Option<Position>,
    /// The key path in the document (`stability.reoffenders`), where known.
    pub key_path: Option<String>,
    pub message: Bilingual,
    /// Further lines: what was expected, a suggestion, how to fix it.
    pub help: Vec<Bilingual>,
}

impl Diagnostic {
    pub fn new(message: Bilingual) -> Diagnostic {
        Diagnostic {
            position: None,
            key_path: None,
            message,
            help: Vec::new(),
        }
    }

    pub fn at(mut self, position: Option<Position>) -> Diagnostic {
        self.position = position;
        self
    }

    pub fn path(mut self, key_path: impl Into<String>) -> Diagnostic {
        let key_path = key_path.into();
        if !key_path.is_empty() {
            self.key_path = Some(key_path);
        }
        self
    }

    pub fn help(mut self, help: Bilingual) -> Diagnostic {
        self.help.push(help);
        self
    }
}

/// A file or folder that could not be read, said in the user's terms.
pub fn cannot_read(error: &std::io::Error) -> Diagnostic {
    let reason = match error.kind() {
        std::io::ErrorKind::NotFound => Bilingual::new("文件不存在", "no such file"),
        std::io::ErrorKind::PermissionDenied => Bilingual::new("没有读取权限", "permission denied"),
        _ => io_reason(error),
    };
    Diagnostic::new(Bilingual::new(
        format!("无法读取：{}", reason.zh),
        format!("cannot read: {}", reason.en),
    ))
}

/// Separates the two languages of a message carried in an `io::Error`,
/// which holds one text; no message holds this character.
const IO_SEPARATOR: char = '\u{1f}';

/// An `io::Error` of `kind` whose message is in both languages, for
/// [`io_reason`] to give back in the user's.
pub fn io_error(kind: std::io::ErrorKind, message: Bilingual) -> std::io::Error {
    std::io::Error::new(kind, format!("{}{IO_SEPARATOR}{}", message.zh, message.en))
}

/// "Too many levels of symbolic links".
#[cfg(unix)]
const ELOOP: i32 = libc::ELOOP;
#[cfg(not(unix))]
const ELOOP: i32 = -1;

/// Why an operation on a file failed, in both languages: the common causes
/// said in words (a full disk, a folder that does not exist), a message made
/// by [`io_error`] as it was made, anything else as the system says it.
pub fn io_reason(error: &std::io::Error) -> Bilingual {
    use std::io::ErrorKind;
    if let Some(inner) = error.get_ref()
        && let Some((zh, en)) = inner.to_string().split_once(IO_SEPARATOR)
    {
        return Bilingual::new(zh, en);
    }
    let system = error.to_string();
    let (zh, en) = match error.kind() {
        ErrorKind::NotFound => ("文件或文件夹不存在", "no such file or folder"),
        ErrorKind::PermissionDenied => ("没有权限", "permission denied"),
        ErrorKind::AlreadyExists => ("文件已存在", "the file already exists"),
        ErrorKind::StorageFull => ("磁盘已满", "the disk is full"),
        ErrorKind::ReadOnlyFilesystem => ("所在磁盘只读", "the file system is read-only"),
        ErrorKind::IsADirectory => ("这是一个文件夹", "it is a folder"),
        ErrorKind::NotADirectory => (
            "路径中有一段不是文件夹",
            "a part of the path is not a folder",
        ),
        // ELOOP has no ErrorKind of its own on stable Rust.
        _ if error.raw_os_error() == Some(ELOOP) => (
            "符号链接绕成了环（或链接层数过多），无法到达文件",
            "the symbolic links go round in a loop (or are too many to follow)",
        ),
        _ => return Bilingual::new(format!("系统错误：{system}"), system),
    };
    Bilingual::new(zh, format!("{en} ({system})"))
}

/// Puts diagnostics in file order, the order a user fixes them in; those
/// without a place (a missing `year`) go last, in the order found.
pub fn sort_in_file_order(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| d.position.map_or((usize::MAX, 0), |p| (p.line, p.column)));
}

/// Every problem found in one file, with the text needed to show them.
#[derive(Clone, Debug)]
pub struct FileDiagnostics {
    /// The file as the user named it.
    pub file: String,
    /// The file's text, to quote offending lines (absent if unreadable).
    pub source: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
}

impl FileDiagnostics {
    /// One problem with a file as a whole (it cannot be read, it is not a
    /// report), with no text to quote.
    pub fn single(file: impl Into<String>, diagnostic: Diagnostic) -> FileDiagnostics {
        FileDiagnostics {
            file: file.into(),
            source: None,
            diagnostics: vec![diagnostic],
        }
    }

    pub fn new(file: impl Into<String>, source: Option<String>) -> FileDiagnostics {
        FileDiagnostics {
            file: file.into(),
            source,
            diagnostics: Vec::new(),
        }
    }

    /// Every message on one line (`4:1 stabilty: unknown key …; …`): for a
    /// cell of a table or a CSV row.
    pub fn one_line(&self, lang: Lang) -> String {
        self.lines(lang).join(tr!(lang, "；", "; "))
    }

    /// Each message as a plain line, `行:列 路径: 消息`, without the file
    /// name or a quoted source frame: for a place that names the file
    /// already and shows no fixed-width text (a spreadsheet cell, where a
    /// frame's `|` and `^` do not line up).
    pub fn lines(&self, lang: Lang) -> Vec<String> {
        self.diagnostics
            .iter()
            .map(|d| {
                let mut text = String::new();
                if let Some(p) = d.position {
                    let _ = write!(text, "{}:{} ", p.line, p.column);
                }
                if let Some(path) = &d.key_path {
                    text.push_str(path);
                    text.push_str(": ");
                }
                text.push_str(d.message.get(lang));
                text
            })
            .collect()
    }

    /// Renders every diagnostic as a compiler would, ready for stderr.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        let label = tr!(lang, "错误", "error");
        for diagnostic in &self.diagnostics {
            let mut place = self.file.clone();
            if let Some(p) = diagnostic.position {
                let _ = write!(place, ":{}:{}", p.line, p.column);
            }
            let _ = write!(out, "{label}: {}: ", visible(&place));
            if let Some(path) = &diagnostic.key_path {
                let _ = write!(out, "{}: ", visible(path));
            }
            let _ = writeln!(out, "{}", visible(diagnostic.message.get(lang)));
            if let (Some(p), Some(source)) = (diagnostic.position, &self.source)
                && let Some(text) = source.lines().nth(p.line - 1)
            {
                let number = p.line.to_string();
                let pad = " ".repeat(number.len());
                let (shown, caret_at) = excerpt(text, p.column);
                let shown = visible(&shown);
                let _ = writeln!(out, "{pad} |");
                let _ = writeln!(out, "{number} | {shown}");
                let _ = writeln!(out, "{pad} | {caret_at}^");
            }
            for help in &diagnostic.help {
                let _ = writeln!(out, "  = {}", help.get(lang));
            }
        }
        out
    }
}

/// `text` with control characters shown as `\u{1b}` rather than sent to the
/// terminal, where an escape sequence from a file could rewrite the screen,
/// and bidirectional controls likewise, which reorder what is shown.
pub fn visible(text: &str) -> String {
    text.chars()
        .map(|c| {
            if (c.is_control() && c != '\t') || is_bidi_control(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The bidirectional embeddings, overrides and isolates (U+202A–U+202E,
/// U+2066–U+2069): invisible, they make text display in another order than
/// it reads (the "Trojan Source" trick).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// A character that shows nothing or breaks a line where none is seen:
/// zero-width spaces and joiners, the word joiner, a byte-order mark
/// inside text, the line and paragraph separators. Two names that differ
/// only by one look identical (临江社区 and 临江\u{200B}社区 are two
/// communities to a computer), and a separator breaks a table's row.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{2028}' | '\u{2029}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}'
    )
}

/// A character that no text read from a sheet, a standard or a saved
/// report may hold: a control character other than tab and line feed (an
/// escape sequence could drive the terminal, a carriage return overwrite
/// what was shown, and most break XML), or a bidirectional control.
pub fn is_forbidden_char(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n')) || is_bidi_control(c) || is_invisible(c)
}

/// The first forbidden character of `text` and what to say of it.
pub fn forbidden_char(text: &str) -> Option<Bilingual> {
    let c = text.chars().find(|&c| is_forbidden_char(c))?;
    let code = format!("U+{:04X}", u32::from(c));
    Some(if is_invisible(c) {
        Bilingual::new(
            format!("文字中含有不可见字符 {code}（零宽字符或分隔符，看不见却会改变文字），请删除"),
            format!(
                "the text holds the invisible character {code} (zero-width or a separator), which changes the text unseen; remove it"
            ),
        )
    } else if is_bidi_control(c) {
        Bilingual::new(
            format!("文字中含有双向控制字符 {code}（会打乱显示顺序），请删除"),
            format!(
                "the text holds the bidirectional control {code}, which reorders what is shown; remove it"
            ),
        )
    } else {
        Bilingual::new(
            format!("文字中含有控制字符 {code}，请删除"),
            format!("the text holds the control character {code}; remove it"),
        )
    })
}

/// How many characters of a source line are quoted at most; a longer line
/// (a minified file, 100 000 brackets) is shown as a window around the
/// column.
const EXCERPT_CHARS: usize = 80;

/// The part of `line` to quote and the padding that puts a caret under
/// character `column` (1-based). The padding follows display width, so the
/// caret stands under the right character after Chinese text, and keeps
/// tabs as tabs.
fn excerpt(line: &str, column: usize) -> (String, String) {
    let chars: Vec<char> = line.chars().collect();
    let at = column.saturating_sub(1).min(chars.len());
    let (start, end) = if chars.len() <= EXCERPT_CHARS {
        (0, chars.len())
    } else {
        let start = at.saturating_sub(EXCERPT_CHARS / 2);
        (start, (start + EXCERPT_CHARS).min(chars.len()))
    };
    let mut shown: String = chars[start..end].iter().collect();
    let mut caret: String = chars[start..at]
        .iter()
        .map(|&c| match c {
            '\t' => "\t".to_string(),
            c => " ".repeat(c.width().unwrap_or(0)),
        })
        .collect();
    if start > 0 {
        shown.insert(0, '…');
        caret.insert(0, ' ');
    }
    if end < chars.len() {
        shown.push('…');
    }
    (shown, caret)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_link_loop_is_said_in_words() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.yaml"), dir.path().join("b.yaml"));
        std::os::unix::fs::symlink(&b, &a).unwrap();
        std::os::unix::fs::symlink(&a, &b).unwrap();
        let error = std::fs::read(&a).unwrap_err();
        let reason = io_reason(&error);
        assert_eq!(
            reason.zh,
            "符号链接绕成了环（或链接层数过多），无法到达文件"
        );
        assert!(
            reason
                .en
                .starts_with("the symbolic links go round in a loop")
        );
    }

    #[test]
    fn the_line_index_agrees_with_scanning_at_every_offset() {
        for source in [
            "",
            "a",
            "\n",
            "id = \"seed\"\n[[target]]\r\ntitle = \"组织领导\"\n\n  x",
            "第一行\n第二行\n",
        ] {
            let lines = LineIndex::new(source);
            // Past the end and inside a character, too.
            for offset in 0..source.len() + 3 {
                assert_eq!(
                    lines.position(offset),
                    Position::of_offset(source, offset),
                    "{source:?} at {offset}"
                );
            }
        }
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        let source = "名称: 金海岸\nyear: 2024\n";
        assert_eq!(
            Position::of_offset(source, 0),
            Position { line: 1, column: 1 }
        );
        // "名称: " is 3 characters and 8 bytes.
        assert_eq!(
            Position::of_offset(source, 8),
            Position { line: 1, column: 5 }
        );
        let year = source.find("2024").unwrap();
        assert_eq!(
            Position::of_offset(source, year),
            Position { line: 2, column: 7 }
        );
    }

    #[test]
    fn control_characters_are_shown_not_sent() {
        assert_eq!(visible("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(visible("中\t文"), "中\t文");
        assert_eq!(visible("a\u{202E}b\rc"), "a\\u{202e}b\\u{d}c");
        assert!(forbidden_char("a\rb").is_some());
        assert!(forbidden_char("a\u{2066}b").is_some());
        assert!(forbidden_char("两行\n\t文字").is_none());
    }

    #[test]
    fn carets_follow_display_width_and_long_lines_are_cut() {
        assert_eq!(
            excerpt("名称: x", 5),
            ("名称: x".to_string(), "      ".to_string())
        );
        assert_eq!(
            excerpt("\ta: x", 2),
            ("\ta: x".to_string(), "\t".to_string())
        );
        let long = "[".repeat(1000);
        let (shown, caret) = excerpt(&long, 500);
        assert_eq!(shown.chars().count(), EXCERPT_CHARS + 2);
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(caret.len(), EXCERPT_CHARS / 2 + 1);
    }

    #[test]
    fn renders_the_line_and_a_caret() {
        let mut file = FileDiagnostics::new("a.yaml", Some("year: x\n".to_string()));
        file.diagnostics.push(
            Diagnostic::new(Bilingual::new("应为整数", "expected a whole number"))
                .at(Some(Position { line: 1, column: 7 }))
                .path("year")
                .help(Bilingual::new("提示", "hint")),
        );
        assert_eq!(
            file.render(Lang::En),
            "error: a.yaml:1:7: year: expected a whole number\n  |\n1 | year: x\n  |       ^\n  = hint\n"
        );
        assert!(
            file.render(Lang::Zh)
                .starts_with("错误: a.yaml:1:7: year: 应为整数")
        );
    }
}
