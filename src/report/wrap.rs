//! Line breaking for the narrow-terminal layout, by the rules a Chinese
//! reader expects (the kinsoku rules of GB/T 15834 and W3C clreq): no line
//! starts with closing punctuation (`）】」』，。；：、！？`…), no line ends
//! with opening punctuation (`（【「『“`…), and a run of ASCII — a key path
//! such as `stability.disputes.resolved`, a number, a date, a percentage,
//! `59/62` — stays whole. Lines break at spaces and between CJK characters.
//!
//! Our own few rules rather than `textwrap` with `unicode-linebreak`
//! (UAX #14): that allows a break after `-` or `/` inside an ASCII run
//! (`examples/b-typos.yaml`, `sub-folders`), while here an ASCII run never
//! breaks unless it is wider than a whole line; the rules wanted are few,
//! tested below, and need no new dependency.

use unicode_width::UnicodeWidthChar;

/// A space that joins: laid out and printed as a space, never broken at,
/// binding what is before it to what follows.
pub const GLUE: char = '\u{a0}';

/// Joins the characters either side of it, of no width and not printed:
/// what [`unbroken`] puts between the characters of a word such as 未达标.
const JOIN: char = '\u{2060}';

/// `text` as one piece that is never broken (unless wider than a line).
pub fn unbroken(text: &str) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i > 0 {
            out.push(JOIN);
        }
        out.push(c);
    }
    out
}

/// Punctuation a line may not start with: it closes or follows what is
/// before it.
pub(super) fn closing(c: char) -> bool {
    matches!(
        c,
        '）' | '】'
            | '」'
            | '』'
            | '》'
            | '〉'
            | '〕'
            | '］'
            | '｝'
            | '”'
            | '’'
            | '，'
            | '。'
            | '；'
            | '：'
            | '、'
            | '！'
            | '？'
            | '…'
            | '％'
            | '々'
            | '〃'
            | 'ー'
    )
}

/// Punctuation a line may not end with: it opens what follows.
fn opening(c: char) -> bool {
    matches!(
        c,
        '（' | '【' | '「' | '『' | '《' | '〈' | '〔' | '［' | '｛' | '“' | '‘'
    )
}

/// Characters that hold together as one word: printable ASCII, and the
/// glue space.
fn word(c: char) -> bool {
    (c.is_ascii_graphic()) || c == GLUE
}

/// One unbreakable piece of text, its display width, and whether a space
/// stood before it (dropped where the line breaks there).
#[derive(Debug)]
struct Atom {
    text: String,
    width: usize,
    space_before: bool,
    /// Whether more of the same ASCII word may join it.
    open_word: bool,
    /// Ends with opening punctuation: what follows joins it.
    open_punct: bool,
}

fn atoms(text: &str) -> Vec<Atom> {
    let mut out: Vec<Atom> = Vec::new();
    let mut space = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        // An ANSI colour code: no width, part of whatever it touches.
        if c == '\u{1b}' {
            let mut code = String::from(c);
            for next in chars.by_ref() {
                code.push(next);
                if next.is_ascii_alphabetic() {
                    break;
                }
            }
            match out.last_mut() {
                Some(last) if !space || code.ends_with("[0m") => last.text.push_str(&code),
                _ => {
                    out.push(Atom {
                        text: code,
                        width: 0,
                        space_before: space,
                        open_word: false,
                        open_punct: true,
                    });
                    space = false;
                }
            }
            continue;
        }
        if c == ' ' || c == '\t' {
            space = true;
            continue;
        }
        let width = c.width().unwrap_or(0);
        let joins = match out.last() {
            None => false,
            Some(last) if space => {
                // A space before closing punctuation still may not start a
                // line with it.
                let _ = last;
                closing(c)
            }
            Some(last) => {
                last.open_punct
                    || closing(c)
                    || c == GLUE
                    || c == JOIN
                    || (word(c) && last.open_word)
                    || width == 0
            }
        };
        if joins {
            let last = out.last_mut().expect("joins only onto an atom");
            if space {
                last.text.push(' ');
                last.width += 1;
            }
            last.text.push(c);
            last.width += width;
            last.open_word = word(c);
            last.open_punct = opening(c) || c == GLUE || c == JOIN;
        } else {
            out.push(Atom {
                text: c.to_string(),
                width,
                space_before: space,
                open_word: word(c),
                open_punct: opening(c) || c == GLUE || c == JOIN,
            });
        }
        space = false;
    }
    out
}

/// `text` broken into lines no wider than `width` columns: the first line
/// starts after `first` (already printed, its width counted), the others
/// with `indent` spaces. A piece wider than a whole line is cut by
/// characters, the only case where a word breaks. Each line is returned
/// without a trailing newline.
pub fn wrap(text: &str, width: usize, first: &str, indent: usize) -> Vec<String> {
    let indent = indent.min(width.saturating_sub(1));
    let mut lines = Vec::new();
    let mut line = first.to_string();
    let mut used = unicode_width::UnicodeWidthStr::width(first);
    let mut empty = true;
    for atom in atoms(text) {
        let gap = usize::from(atom.space_before && !empty);
        if !empty && used + gap + atom.width > width {
            lines.push(line);
            line = " ".repeat(indent);
            used = indent;
            empty = true;
        }
        if !empty && gap == 1 {
            line.push(' ');
            used += 1;
        }
        if used + atom.width <= width {
            line.push_str(&atom.text);
            used += atom.width;
        } else {
            // Wider than a line: cut by characters, carrying the last one
            // over when the next closes (so it starts no line alone).
            for c in atom.text.chars() {
                let w = c.width().unwrap_or(0);
                if used + w > width && used > indent {
                    let mut next = " ".repeat(indent);
                    used = indent;
                    let mut carried = Vec::new();
                    if closing(c) {
                        while line.len() > indent
                            && let Some(last) = line.pop()
                        {
                            carried.push(last);
                            if !closing(last) {
                                break;
                            }
                        }
                    }
                    for last in carried.into_iter().rev() {
                        next.push(last);
                        used += last.width().unwrap_or(0);
                    }
                    lines.push(std::mem::replace(&mut line, next));
                }
                line.push(c);
                used += w;
            }
        }
        empty = false;
    }
    lines.push(line);
    lines
        .into_iter()
        .map(|l| {
            l.replace(GLUE, " ")
                .replace(JOIN, "")
                .trim_end()
                .to_string()
        })
        .collect()
}

/// Each line of `text` (a block of lines, each ending in a newline) wrapped
/// to `width`, its continuation lines indented two more than its own.
pub fn fit(text: &str, width: usize) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let body = line.trim_start_matches(' ');
        let lead = line.len() - body.len();
        for piece in wrap(body, width, &line[..lead], lead + 2) {
            out.push_str(&piece);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    fn check(lines: &[String], width: usize) {
        for line in lines {
            assert!(line.width() <= width, "{line:?} wider than {width}");
            let first = line.trim_start().chars().next();
            assert!(!first.is_some_and(closing), "{line:?} starts with closing");
            let last = line.chars().last();
            assert!(!last.is_some_and(opening), "{line:?} ends with opening");
        }
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        let text = "【社区自治组织健全】，成立创建“民主法治社区”领导机构（否决项）。";
        for width in 8..40 {
            let lines = wrap(text, width, "", 0);
            check(&lines, width);
            assert_eq!(lines.concat(), text, "nothing lost at {width}");
        }
    }

    #[test]
    fn key_paths_numbers_and_dates_stay_whole() {
        let text = "未填写：stability.disputes.resolved、stability.disputes.received；\
                    2018-05-20 距 2024-12-31 已 6.6 年，90.3%（56/62）";
        for width in 34..60 {
            let lines = wrap(text, width, "", 2);
            check(&lines, width);
            let joined = lines.join("\n");
            for whole in [
                "stability.disputes.resolved",
                "stability.disputes.received",
                "2018-05-20",
                "2024-12-31",
                "90.3%",
                "56/62",
            ] {
                assert!(
                    joined.contains(whole),
                    "{whole} broken at {width}:\n{joined}"
                );
            }
        }
    }

    #[test]
    fn words_break_at_spaces_and_continuations_are_indented() {
        let lines = wrap("Every criterion passes or does not apply", 16, "  1.1  ", 7);
        assert_eq!(
            lines,
            [
                "  1.1  Every",
                "       criterion",
                "       passes or",
                "       does not",
                "       apply"
            ]
        );
    }

    #[test]
    fn glue_holds_and_prints_as_a_space() {
        let text = format!("依法按期换届{GLUE}· 0/4{GLUE}·{GLUE}未达标");
        let lines = wrap(&text, 14, "", 0);
        assert_eq!(lines, ["依法按期换届 ·", "0/4 · 未达标"]);
    }

    #[test]
    fn unbroken_words_move_whole() {
        let text = format!("治保、人民调解组织健全 {}", unbroken("未达标"));
        assert_eq!(wrap(&text, 24, "", 0), ["治保、人民调解组织健全", "未达标"]);
    }

    #[test]
    fn a_word_wider_than_the_line_is_cut() {
        let lines = wrap("x abcdefghijkl", 5, "", 0);
        check(&lines, 5);
        assert_eq!(lines.concat().replace(' ', ""), "xabcdefghijkl");
    }

    #[test]
    fn colour_codes_take_no_width() {
        let text = "结论：\u{1b}[31m尚不具备迎检条件\u{1b}[0m";
        let lines = wrap(text, 12, "", 0);
        assert_eq!(lines, ["结论：\u{1b}[31m尚不具", "备迎检条件\u{1b}[0m"]);
    }
}
