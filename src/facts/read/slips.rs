//! The slips a clerk makes typing YAML on a Chinese keyboard, recognised
//! in the text itself so a message can say what is wrong, on the line where
//! it is, and how to fix it: a full-width colon, comma or space, a tab, a
//! key without a space after its colon, an unclosed quote or bracket, a
//! date written the way it is said (2024/3/5, 2021年5月20日).
//!
//! The parser's own account of a syntax error names where it gave up, often
//! the line after the slip, in its own English; these checks run when it
//! gives up and, where one recognises the cause, speak instead of it.

use crate::diagnostic::{Bilingual, Diagnostic, Position};

/// The first recognisable slip up to the line after `line` (1-based), if
/// any: the parser may give up on the line before a slip (a tab before the
/// next key ends the value it was reading), or on the line after (a key
/// without its colon is found out by the indented line under it).
pub(super) fn explain(source: &str, line: usize) -> Option<Diagnostic> {
    let lines: Vec<&str> = source.lines().take(line.max(1) + 1).collect();
    (0..lines.len()).find_map(|i| {
        slip_in(lines[i], i + 1)
            .or_else(|| missing_colon(&lines, i))
            // Only near the parser's line: elsewhere a deeper line is the
            // continuation of a long text.
            .or_else(|| (i + 2 >= line).then(|| over_indented(&lines, i)).flatten())
            .or_else(|| {
                (i + 1 == line)
                    .then(|| first_key_over_indented(&lines, i))
                    .flatten()
            })
    })
}

/// The first key under a section indented deeper than the keys after it
/// (`evidence:` / `   10.1: …` / `  7.6: …`): the parser takes the first
/// key's indentation for the section's and gives up on the line after,
/// which is the one aligned as it should be. The slip is the first key's.
fn first_key_over_indented(lines: &[&str], i: usize) -> Option<Diagnostic> {
    let indent = |t: &str| t.len() - t.trim_start_matches(' ').len();
    let meaningful = |t: &&str| !t.trim().is_empty() && !t.trim_start().starts_with('#');
    let text = lines[i];
    key_and_value(text)?;
    let first = lines[..i].iter().rposition(meaningful)?;
    let (first_key, ..) = key_and_value(lines[first])?;
    let section = lines[..first].iter().rposition(meaningful)?;
    let header = lines[section].split(" #").next().unwrap_or("").trim_end();
    let (spaces, wanted) = (indent(lines[first]), indent(text));
    if !header.ends_with(':') || wanted <= indent(lines[section]) || spaces <= wanted {
        return None;
    }
    let (line, other) = (first + 1, i + 1);
    Some(
        Diagnostic::new(Bilingual::new(
            format!("第 {line} 行 `{first_key}` 缩进了 {spaces} 个空格，比下面第 {other} 行的键多：同一层的键应左对齐"),
            format!("line {line}: `{first_key}` is indented {spaces} spaces, deeper than the key on line {other}; keys of one level are aligned"),
        ))
        .at(Some(Position { line, column: 1 }))
        .help(Bilingual::new(
            format!("第 {line} 行行首改为 {wanted} 个空格，与第 {other} 行对齐"),
            format!("indent line {line} by {wanted} spaces, as line {other} is"),
        )),
    )
}

/// The value of a `key: value` line and the column it starts at (1-based),
/// if the line is one.
fn key_and_value(text: &str) -> Option<(&str, &str, usize)> {
    let indent = text.len() - text.trim_start_matches(' ').len();
    let body = &text[indent..];
    let body = body.strip_prefix("- ").unwrap_or(body);
    let (key, value) = body.split_once(": ")?;
    // A key is a word, or quoted whole (`"10.1"`).
    let quoted = key.len() > 1
        && (key.starts_with('"') && key.ends_with('"')
            || key.starts_with('\'') && key.ends_with('\''));
    if key.is_empty() || key.contains(['[', '{', '#']) || !quoted && key.contains(['"', '\'']) {
        return None;
    }
    let value = value.trim_start_matches(' ');
    let column = text[..text.len() - value.len()].chars().count() + 1;
    Some((key, value.trim_end(), column))
}

/// Where a value starting with one of `starts` is on the lines up to the
/// one after `line`, nearest `line` first: the parser names the character
/// (an unknown alias `*`, a tag `!`, a reserved `@`…) but not the value.
pub(super) fn value_starting(source: &str, line: usize, info: &str) -> Option<Diagnostic> {
    let (starts, zh, en): (&[&str], &str, &str) = if info.contains("unknown anchor") {
        (
            &["*"],
            "以 * 开头的值会被当作别名（*名称），而不是文字",
            "a value starting with * is read as an alias (*name), not as text",
        )
    } else if info.contains("anchor or alias") {
        (
            &["*", "&"],
            "以 * 或 & 开头的值会被当作别名或锚点，而不是文字",
            "a value starting with * or & is read as an alias or an anchor, not as text",
        )
    } else if info.contains("unexpected character") {
        (
            &["@", "`", "%"],
            "值不能以 @、` 或 % 开头：YAML 保留了这些字符",
            "a value may not start with @, ` or %: YAML reserves them",
        )
    } else if info.contains("tag") {
        (
            &["!"],
            "以 ! 开头的值会被当作 YAML 标签，而不是文字",
            "a value starting with ! is read as a YAML tag, not as text",
        )
    } else if info.contains("block scalar") {
        (
            &["|", ">"],
            "以 | 或 > 开头的值会被当作多行文字的开始",
            "a value starting with | or > starts a multi-line text",
        )
    } else if info.contains("block sequence entries") {
        (
            &["- ", "-"],
            "以“- ”开头的值会被当作列表的开始",
            "a value starting with \"- \" starts a list",
        )
    } else {
        return None;
    };
    let lines: Vec<&str> = source.lines().take(line.max(1) + 1).collect();
    let mut order: Vec<usize> = (0..lines.len()).collect();
    order.sort_by_key(|i| (i + 1).abs_diff(line));
    order.into_iter().find_map(|i| {
        let (key, value, column) = key_and_value(lines[i])?;
        if !starts.iter().any(|s| value.starts_with(s)) {
            return None;
        }
        let quoted = value.replace('"', "“");
        let none = if value == "-" {
            (
                "；如果想表示“没有”，删除这一行",
                "; if it meant \"none\", delete the line",
            )
        } else {
            ("", "")
        };
        Some(
            Diagnostic::new(Bilingual::new(
                format!("第 {} 行：{zh}", i + 1),
                format!("line {}: {en}", i + 1),
            ))
            .at(Some(Position {
                line: i + 1,
                column,
            }))
            .help(Bilingual::new(
                format!("把整个值放进引号：{key}: \"{quoted}\"{}", none.0),
                format!(
                    "put the whole value in quotes: {key}: \"{quoted}\"{}",
                    none.1
                ),
            )),
        )
    })
}

/// A section or key written without its colon (`organization` above an
/// indented `leading_group: true`): the parser finds out only on the line
/// under it.
fn missing_colon(lines: &[&str], i: usize) -> Option<Diagnostic> {
    let text = lines[i];
    let word = text.trim();
    if word.is_empty()
        || word.contains([':', '：', ' ', '#', '"', '\'', '[', '{', '-'])
        || text.starts_with('\t')
    {
        return None;
    }
    let indent = |t: &str| t.len() - t.trim_start_matches(' ').len();
    let next = lines[i + 1..]
        .iter()
        .find(|t| !t.trim().is_empty() && !t.trim_start().starts_with('#'))?;
    if indent(next) <= indent(text) || !(next.contains(": ") || next.trim_end().ends_with(':')) {
        return None;
    }
    let line = i + 1;
    let column = indent(text) + word.chars().count() + 1;
    Some(
        Diagnostic::new(Bilingual::new(
            format!("第 {line} 行 `{word}` 后面缺少冒号：下面缩进的键没有归属"),
            format!("line {line}: `{word}` has no colon, so the indented keys under it belong to nothing"),
        ))
        .at(Some(Position { line, column }))
        .help(Bilingual::new(format!("改为 `{word}:`"), format!("write `{word}:`"))),
    )
}

/// A `key: value` line indented deeper than the `key: value` line above
/// it, which is complete and so can hold nothing under it.
fn over_indented(lines: &[&str], i: usize) -> Option<Diagnostic> {
    let indent = |t: &str| t.len() - t.trim_start_matches(' ').len();
    let text = lines[i];
    let (key, ..) = key_and_value(text)?;
    let above = lines[..i]
        .iter()
        .rposition(|t| !t.trim().is_empty() && !t.trim_start().starts_with('#'))?;
    let (_, value, _) = key_and_value(lines[above])?;
    let above_text = lines[above];
    let mut key_column = indent(above_text);
    if above_text[key_column..].starts_with("- ") {
        key_column += 2;
    }
    if value.is_empty() || value.starts_with('#') || indent(text) <= key_column {
        return None;
    }
    let (line, spaces, other) = (i + 1, indent(text), above + 1);
    Some(
        Diagnostic::new(Bilingual::new(
            format!("第 {line} 行 `{key}` 缩进了 {spaces} 个空格，比第 {other} 行的键多：同一层的键应左对齐"),
            format!("line {line}: `{key}` is indented {spaces} spaces, deeper than the key on line {other}; keys of one level are aligned"),
        ))
        .at(Some(Position { line, column: 1 }))
        .help(Bilingual::new(
            format!("行首改为 {key_column} 个空格，与第 {other} 行对齐"),
            format!("indent it by {key_column} spaces, as line {other} is"),
        )),
    )
}

/// A slip on one line of the sheet.
fn slip_in(text: &str, line: usize) -> Option<Diagnostic> {
    let at = |column: usize| Some(Position { line, column });
    if text.trim_start().starts_with('#') {
        return None;
    }
    let content = text.split(" #").next().unwrap_or(text);
    let indent: String = content
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t' || *c == '\u{3000}')
        .collect();
    if let Some(i) = indent.chars().position(|c| c == '\t') {
        return Some(
            Diagnostic::new(Bilingual::new(
                format!("第 {line} 行用了 Tab 缩进：YAML 只能用空格缩进"),
                format!("line {line} is indented with a tab: YAML indents with spaces only"),
            ))
            .at(at(i + 1))
            .help(Bilingual::new(
                "把行首的 Tab 换成空格（同一层的键对齐）",
                "replace the tab at the start of the line with spaces (keys of one level aligned)",
            )),
        );
    }
    if let Some(i) = indent.chars().position(|c| c == '\u{3000}') {
        return Some(
            Diagnostic::new(Bilingual::new(
                format!("第 {line} 行行首有全角空格（　）：YAML 只认半角空格"),
                format!(
                    "line {line} starts with a full-width space (U+3000): YAML indents with ASCII spaces only"
                ),
            ))
            .at(at(i + 1))
            .help(Bilingual::new(
                "删除全角空格，改用半角空格缩进",
                "delete the full-width space and indent with ordinary spaces",
            )),
        );
    }
    let body = &content[indent.len()..];
    let body = body.strip_prefix("- ").unwrap_or(body);
    let key: String = body
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
        .collect();
    let after = &body[key.len()..];
    let column = indent.chars().count()
        + (content.len() - indent.len() - body.len())
        + key.chars().count()
        + 1;
    if !key.is_empty() {
        if let Some(rest) = after.strip_prefix('：') {
            // The fix keeps the value, so it can be copied as it is.
            let value = rest.trim_matches(|c: char| c == ' ' || c == '\u{3000}' || c == '\t');
            return Some(
                Diagnostic::new(Bilingual::new(
                    format!("第 {line} 行 `{key}` 后面是全角冒号“：”：YAML 只认半角冒号"),
                    format!("line {line}: `{key}` is followed by a full-width colon (：); YAML needs an ASCII colon"),
                ))
                .at(at(column))
                .help(Bilingual::new(
                    format!("改为 `{key}: {value}`（半角冒号，后面加一个空格）"),
                    format!("write `{key}: {value}` (an ASCII colon and a space)"),
                )),
            );
        }
        if let Some(rest) = after.strip_prefix(':')
            && let Some((zh, en)) = match rest.chars().next() {
                Some('\t') => Some(("Tab", "a tab")),
                Some('\u{3000}') => Some(("全角空格（　）", "a full-width space (U+3000)")),
                _ => None,
            }
        {
            let value = rest.trim_matches(|c: char| c == '\t' || c == '\u{3000}' || c == ' ');
            return Some(
                Diagnostic::new(Bilingual::new(
                    format!("第 {line} 行 `{key}:` 后面是 {zh}：冒号后面必须是半角空格"),
                    format!("line {line}: `{key}:` is followed by {en}; a colon needs an ordinary space after it"),
                ))
                .at(at(column + 1))
                .help(Bilingual::new(
                    format!("改为 `{key}: {value}`（冒号后一个半角空格）"),
                    format!("write `{key}: {value}` (one ordinary space after the colon)"),
                )),
            );
        }
        if let Some(rest) = after.strip_prefix(':')
            && rest.starts_with(|c: char| !c.is_whitespace())
            && !rest.starts_with("//")
        {
            return Some(
                Diagnostic::new(Bilingual::new(
                    format!("第 {line} 行 `{key}:` 后面缺少空格"),
                    format!("line {line}: `{key}:` needs a space after the colon"),
                ))
                .at(at(column))
                .help(Bilingual::new(
                    format!("改为 `{key}: {}`", rest.trim()),
                    format!("write `{key}: {}`", rest.trim()),
                )),
            );
        }
    }
    if let Some(slip) = quoted_then_text(content, line) {
        return Some(slip);
    }
    if let Some((key, value, column)) = key_and_value(content)
        && !value.starts_with(['"', '\'', '[', '{'])
        && let Some(i) = value.find(": ")
    {
        let column = column + value[..i].chars().count();
        let fullwidth = value.replacen(": ", "：", 1);
        return Some(
            Diagnostic::new(Bilingual::new(
                format!("第 {line} 行 `{key}` 的值中间有“: ”：YAML 会把它当作又一个键"),
                format!("line {line}: the value of `{key}` contains \": \", which YAML reads as another key"),
            ))
            .at(at(column))
            .help(Bilingual::new(
                format!("把整个值放进引号：{key}: \"{value}\"，或改用全角冒号：{key}: {fullwidth}"),
                format!("put the whole value in quotes: {key}: \"{value}\", or use a full-width colon: {key}: {fullwidth}"),
            )),
        );
    }
    if let Some(i) = content.find('，')
        && content[..i].contains('[')
    {
        let column = content[..i].chars().count() + 1;
        return Some(
            Diagnostic::new(Bilingual::new(
                format!("第 {line} 行列表中用了全角逗号“，”：YAML 只认半角逗号"),
                format!(
                    "line {line}: a list uses a full-width comma (，); YAML needs an ASCII comma"
                ),
            ))
            .at(at(column))
            .help(Bilingual::new("把“，”改为“, ”", "replace ， with `, `")),
        );
    }
    let unquoted = |quote: char| {
        // An escaped `\"` inside double quotes is no quote of its own.
        let count = content
            .replace("\\\"", "")
            .chars()
            .filter(|c| *c == quote)
            .count();
        count % 2 == 1
    };
    for quote in ['"', '\''] {
        if unquoted(quote) && !(quote == '\'' && content.contains('"')) {
            let column = content.chars().position(|c| c == quote).unwrap_or(0) + 1;
            return Some(
                Diagnostic::new(Bilingual::new(
                    format!("第 {line} 行的引号 {quote} 没有闭合"),
                    format!("line {line}: the quote {quote} is not closed"),
                ))
                .at(at(column))
                .help(Bilingual::new(
                    format!("在文字末尾补上 {quote}，或去掉开头的 {quote}"),
                    format!("add a closing {quote} after the text, or remove the opening one"),
                )),
            );
        }
    }
    let opened = content.matches('[').count() + content.matches('{').count();
    let closed = content.matches(']').count() + content.matches('}').count();
    if opened > closed {
        let column = content
            .chars()
            .position(|c| c == '[' || c == '{')
            .unwrap_or(0)
            + 1;
        return Some(
            Diagnostic::new(Bilingual::new(
                format!("第 {line} 行的括号没有闭合"),
                format!("line {line}: a bracket is not closed"),
            ))
            .at(at(column))
            .help(Bilingual::new(
                "在这一行末尾补上 ] 或 }",
                "close it with ] or } at the end of the line",
            )),
        );
    }
    None
}

/// A quoted key or value with text after its closing quote
/// (`title: "2026年"居民代表大会`, `"1.3"：理由`): the quote is closed, so
/// the fault is what follows it.
fn quoted_then_text(content: &str, line: usize) -> Option<Diagnostic> {
    let indent = content.len() - content.trim_start_matches(' ').len();
    let body = &content[indent..];
    let body = body.strip_prefix("- ").unwrap_or(body);
    let (key, quoted) = match key_and_value(content) {
        Some((key, value, _)) if value.starts_with(['"', '\'']) => (Some(key), value),
        _ => (None, body.trim_end()),
    };
    let quote = quoted.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let inner_end = quoted[1..].find(quote)? + 1;
    let inner = &quoted[1..inner_end];
    let after = &quoted[inner_end + 1..];
    let next = after.chars().next()?;
    // An escaped quote (`'it''s'`, `"a\"b"`) does not close the text.
    if next == quote || quote == '"' && inner.ends_with('\\') {
        return None;
    }
    if next.is_whitespace() && next != '\u{3000}' || matches!(next, ':' | ',' | ']' | '}' | '#') {
        return None;
    }
    let column = content[..content.len() - after.len()].chars().count() + 1;
    let at = Some(Position { line, column });
    if let Some(rest) = after.strip_prefix('：') {
        let rest = rest.trim();
        return Some(
            Diagnostic::new(Bilingual::new(
                format!("第 {line} 行 {quote}{inner}{quote} 后面是全角冒号“：”：YAML 只认半角冒号"),
                format!("line {line}: {quote}{inner}{quote} is followed by a full-width colon (：); YAML needs an ASCII colon"),
            ))
            .at(at)
            .help(Bilingual::new(
                format!("改为 `{quote}{inner}{quote}: {rest}`（半角冒号，后面加一个空格）"),
                format!("write `{quote}{inner}{quote}: {rest}` (an ASCII colon and a space)"),
            )),
        );
    }
    let key = key.map_or(String::new(), |k| format!("{k}: "));
    let rest = after.trim_end();
    Some(
        Diagnostic::new(Bilingual::new(
            format!("第 {line} 行的引号在 {quote}{inner}{quote} 处已闭合，后面还有文字“{rest}”：带引号的值要整个放进引号"),
            format!("line {line}: the quote closes after {quote}{inner}{quote} and text follows it (\"{rest}\"); a quoted value is quoted whole"),
        ))
        .at(at)
        .help(Bilingual::new(
            format!("写成 {key}\"“{inner}”{rest}\"，或不加引号：{key}{inner}{rest}"),
            format!("write {key}\"“{inner}”{rest}\", or without quotes: {key}{inner}{rest}"),
        )),
    )
}

/// A text found where a mapping belongs that is a `key: value` line
/// mistyped (`attested： true`, `name：幸福社区`, `leading_group:　true`,
/// `leading_group:true`): YAML read the line as one text, so the message
/// names the slip in it. The message and its fix; `None` if no slip shows.
pub(super) fn mapping_typed_as_text(text: &str) -> Option<(Bilingual, Bilingual)> {
    let split = |i: usize, width: usize| {
        let key = text[..i].split_whitespace().last().unwrap_or_default();
        let value = text[i + width..]
            .trim_start_matches([' ', '\u{3000}'])
            .split([' ', '\u{3000}'])
            .next()
            .unwrap_or_default();
        (key, value)
    };
    let (key, value, zh, en) = if let Some(i) = text.find('：') {
        let (key, value) = split(i, '：'.len_utf8());
        (
            key,
            value,
            "后面是全角冒号“：”：YAML 只认半角冒号",
            "is followed by a full-width colon (：); YAML needs an ASCII colon",
        )
    } else if let Some(i) = text.find(":\u{3000}") {
        let (key, value) = split(i, 1);
        (
            key,
            value,
            "的冒号后面是全角空格（　）：冒号后面必须是半角空格",
            "has a full-width space (U+3000) after its colon; a colon needs an ordinary space after it",
        )
    } else if let Some(i) = text
        .find(':')
        .filter(|i| text[i + 1..].starts_with(|c: char| !c.is_whitespace()))
    {
        let (key, value) = split(i, 1);
        (
            key,
            value,
            "的冒号后面缺少空格",
            "needs a space after its colon",
        )
    } else {
        return None;
    };
    if key.is_empty() {
        return None;
    }
    Some((
        Bilingual::new(
            format!("`{key}` {zh}，所以这一行被当作一段文字，而不是“键: 值”"),
            format!("`{key}` {en}, so the line is read as one text, not as \"key: value\""),
        ),
        Bilingual::new(
            format!("改为 `{key}: {value}`（半角冒号，后面加一个半角空格）"),
            format!("write `{key}: {value}` (an ASCII colon and an ordinary space)"),
        ),
    ))
}

/// A value with a full-width space (U+3000) in or after it, which looks
/// like nothing but makes `true　` a text: the fix, with the value as it
/// should be written; `None` if there is none. A full-width space before
/// `#` also keeps the comment in the value.
pub(super) fn fullwidth_space(text: &str) -> Option<Bilingual> {
    let i = text.find('\u{3000}')?;
    let value = text[..i].trim();
    let comment = text[i..].trim_start_matches([' ', '\u{3000}']);
    let (zh, en) = if comment.starts_with('#') {
        (
            "（# 注释前也要用半角空格）",
            " (and an ordinary space before the # comment)",
        )
    } else {
        ("", "")
    };
    Some(Bilingual::new(
        format!(
            "值中有看不见的全角空格（　），YAML 把它当作文字的一部分：删除全角空格，应写 {value}{zh}"
        ),
        format!(
            "the value holds an invisible full-width space (U+3000), which YAML keeps as part of the text: delete it and write {value}{en}"
        ),
    ))
}

/// Full-width digits and hyphens (`２０２６－０５－１６`, as a Chinese input
/// method types them) in ASCII; `None` if there are none.
pub(super) fn fullwidth_digits(text: &str) -> Option<String> {
    let mut changed = false;
    let ascii: String = text
        .chars()
        .map(|c| match c {
            '０'..='９' => {
                changed = true;
                char::from(b'0' + (c as u32 - '０' as u32) as u8)
            }
            '－' => {
                changed = true;
                '-'
            }
            _ => c,
        })
        .collect();
    changed.then_some(ascii)
}

/// A count the way it is said or typed (`１２`, `12次`, `1，200`, `1 200`,
/// `十二`): the number meant, and what the slip is; `None` if `text` is no
/// such number.
pub(super) fn count_as_written(text: &str) -> Option<(u64, Bilingual)> {
    let text = text.trim();
    let fullwidth = fullwidth_digits(text);
    let ascii = fullwidth.as_deref().unwrap_or(text);
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let said = |zh: &str, en: &str| Bilingual::new(zh, en);
    if fullwidth.is_some() && digits(ascii) {
        return Some((
            ascii.parse().ok()?,
            said("用了全角数字", "full-width digits"),
        ));
    }
    // A unit after the digits: 12次, 12人, 12个.
    let end = ascii
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(ascii.len());
    let (number, unit) = ascii.split_at(end);
    if digits(number)
        && !unit.is_empty()
        && unit
            .chars()
            .all(|c| !c.is_ascii() && c != '，' && c != '\u{3000}')
    {
        return Some((
            number.parse().ok()?,
            said("数字后面带了单位", "a unit after the number"),
        ));
    }
    let joined: String = ascii.chars().filter(|c| !matches!(c, '，' | ' ')).collect();
    if joined.len() < ascii.len() && digits(&joined) && digits(&ascii[..1]) {
        let slip = if ascii.contains('，') {
            said(
                "用全角逗号“，”分隔了千位",
                "a full-width comma (，) separating thousands",
            )
        } else {
            said("数字中间有空格", "a space inside the number")
        };
        return Some((joined.parse().ok()?, slip));
    }
    chinese_number(text).map(|n| (n, said("用了中文数字", "a number in Chinese numerals")))
}

/// A number in Chinese numerals up to 9999 (`十二`, `一百零五`, `两千`).
fn chinese_number(text: &str) -> Option<u64> {
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .or((c == '两').then_some(2))
    };
    let (mut total, mut pending, mut last_unit) = (0u64, None::<u64>, 10_000u64);
    for c in text.chars() {
        if let Some(d) = digit(c) {
            if pending.is_some() {
                return None;
            }
            pending = (d != 0).then_some(d as u64);
            continue;
        }
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => return None,
        };
        if unit >= last_unit {
            return None;
        }
        // 十二: a ten with no digit before it is one ten.
        let times = match pending.take() {
            Some(d) => d,
            None if unit == 10 && total == 0 => 1,
            None => return None,
        };
        total += times * unit;
        last_unit = unit;
    }
    let total = total + pending.unwrap_or(0);
    (!text.is_empty()).then_some(total)
}

/// The parser's account of a syntax error it has no better explanation
/// of, in the clerk's words: what the parser took the text for, and how to
/// fix it. Every message `saphyr-parser` 0.3.4 can give for a hand-typed
/// sheet is matched here (see `every_parser_message_has_a_chinese_account`),
/// so a Chinese run never shows the parser's English; the English keeps the
/// parser's own words, which a search engine knows.
pub(super) fn translate(info: &str) -> (Bilingual, Bilingual) {
    let (zh, help_zh, help_en) = ACCOUNTS
        .iter()
        .find(|(needles, ..)| needles.iter().any(|needle| info.contains(needle)))
        .map_or(
            (
                "YAML 语法错误",
                "检查这一行及上一行的缩进、冒号和引号",
                "check the indentation, colons and quotes of this line and the one before",
            ),
            |(_, zh, help_zh, help_en)| (*zh, *help_zh, *help_en),
        );
    (
        Bilingual::new(zh, format!("YAML syntax error: {info}")),
        Bilingual::new(help_zh, help_en),
    )
}

/// Phrases of the parser's messages, and what they mean to a clerk: the
/// account and its fix, in Chinese and the fix in English. The first entry
/// whose phrase the message contains speaks; more specific phrases first.
type Account = (
    &'static [&'static str],
    &'static str,
    &'static str,
    &'static str,
);
const ACCOUNTS: &[Account] = &[
    (
        &[
            "':' must be followed by a valid YAML whitespace",
            "expected whitespace",
        ],
        "冒号后面必须是半角空格",
        "在冒号后加一个半角空格（不要用 Tab 或全角空格）",
        "put one ordinary space after the colon (not a tab or a full-width space)",
    ),
    (
        &[
            "'-' must be followed by a valid YAML whitespace",
            "\"-\" is only valid inside a block",
        ],
        "短横“-”后面必须是半角空格：列表项写作“- 值”",
        "在“-”后加一个半角空格；值本身以 - 开头时，把整个值放进引号",
        "put a space after the -; if the value itself starts with -, put the whole value in quotes",
    ),
    (
        &["block sequence entries are not allowed"],
        "以“- ”开头的值会被当作列表的开始，这里不能是列表",
        "把整个值放进引号（如 \"- 内容\"）；如果想表示“没有”，删除这一行",
        "put the whole value in quotes (\"- text\"); if it meant \"none\", delete the line",
    ),
    (
        &[
            "found unknown anchor",
            "while scanning an anchor or alias",
            "invalid indentation for anchor",
        ],
        "以 * 或 & 开头的值会被当作别名或锚点（*名称、&名称），而不是文字",
        "把整个值放进引号，如 \"*幸福社区\"",
        "put the whole value in quotes, e.g. \"*name\"",
    ),
    (
        &["found duplicated anchor"],
        "同一个锚点名称（&名称）用了两次",
        "给两个锚点取不同的名称，或把以 & 开头的值放进引号",
        "give the anchors different names, or put a value starting with & in quotes",
    ),
    (
        &["unexpected character"],
        "值不能以 @、` 或 % 开头：YAML 保留了这些字符",
        "把整个值放进引号，如 \"@居委会 主持\"",
        "put the whole value in quotes, e.g. \"@committee\"",
    ),
    (
        &["block scalar"],
        "以 | 或 > 开头的值会被当作多行文字的开始",
        "把整个值放进引号，如 \"| 多行\"",
        "put the whole value in quotes, e.g. \"| text\"",
    ),
    (
        &["invalid trailing content after double-quoted scalar"],
        "引号已闭合，后面却还有文字：带引号的值要整个放进引号",
        "把整个值放进引号，或去掉引号",
        "put the whole value in quotes, or drop the quotes",
    ),
    (
        &[
            "unknown escape character",
            "hexadecimal number",
            "Unicode character escape",
        ],
        "双引号中的反斜杠 \\ 开始了一个无效的转义",
        "改用单引号，或把 \\ 写成 \\\\",
        "use single quotes instead, or write \\ as \\\\",
    ),
    (
        &["quoted scalar"],
        "引号没有闭合",
        "在文字末尾补上同样的引号，或去掉开头的引号",
        "add the same quote after the text, or remove the opening one",
    ),
    (
        &["document", "directive", "<stream-start>"],
        "文档标记（---、...）或指令（%）用得不对：事实表只有一个文档",
        "删除以 ---、... 或 % 开头的行",
        "delete the lines starting with ---, ... or %",
    ),
    (
        &["tag", "TAG", "handle wasn't declared"],
        "以 ! 开头的值会被当作 YAML 标签，而不是文字",
        "把整个值放进引号，如 \"!重要 居民代表大会\"",
        "put the whole value in quotes, e.g. \"!important meeting\"",
    ),
    (
        &["mapping values are not allowed"],
        "这里出现了“键: 值”，但上一行还没结束：多半是本行或上一行的缩进不对，或上一行的冒号后缺少空格",
        "检查这一行和上一行：同一层的键左对齐，冒号后加空格；值中含“: ”时把整个值放进引号",
        "check this line and the one before: keys of one level aligned, a space after each colon; a value containing \": \" goes in quotes",
    ),
    (
        &["comment intercepting the multiline text"],
        "多行文字中间插入了注释（#）",
        "把注释移到文字之前或之后，或把文字写在一行并加引号",
        "move the comment before or after the text, or write the text on one line in quotes",
    ),
    (
        &["tab"],
        "这里有 Tab：YAML 只能用空格缩进和分隔",
        "把 Tab 换成空格",
        "replace the tab with spaces",
    ),
    (
        &[
            "cannot start any token",
            "unprintable character",
            "byte order mark",
        ],
        "这里有 YAML 不允许的字符：常见的是不可见的控制字符或全角符号",
        "删除这个字符，或把整个值放进引号",
        "delete the character, or put the whole value in quotes",
    ),
    (
        &[
            "flow sequence",
            "flow mapping",
            "misplaced bracket",
            "flow construct",
            "may not precede any of",
            "followed by ,[]{}",
        ],
        "方括号或花括号没有闭合，或其中的项之间缺少半角逗号",
        "写成 [项1, 项2]：半角逗号加空格，末尾补上 ]；值以 [ 或 { 开头时放进引号",
        "write [a, b]: ASCII commas and spaces, closed with ]; a value starting with [ or { goes in quotes",
    ),
    (
        &[
            "simple key",
            "did not find expected key",
            "did not find expected '-'",
            "mapping keys are not allowed",
            "invalid indentation",
            "wrongly indented",
            "illegal placement of ':'",
        ],
        "这里的缩进与上面的键对不齐，或某个键后缺少冒号",
        "同一层的键左对齐，每个键后写“: ”",
        "align the keys of one level, and write \": \" after each key",
    ),
    (
        &[
            "node content",
            "next token",
            "unexpected eof",
            "unexpected end of plain scalar",
        ],
        "这里缺少值，或文件在一个值的中间结束",
        "在冒号后写上值，或补全最后一行",
        "write the value after the colon, or complete the last line",
    ),
];

/// A date written the way it is said or typed (`2024/3/5`, `2024-3-5`,
/// `2024.03.05`, `2021年5月20日`), rewritten as `YYYY-MM-DD`; `None` if
/// `text` is no such date.
pub(super) fn date_as_written(text: &str) -> Option<String> {
    let text = text.trim();
    let numbers: Vec<&str> = text
        .split(['/', '-', '.', '年', '月', '日', '号'])
        .filter(|part| !part.is_empty())
        .collect();
    if numbers.len() != 3
        || !numbers
            .iter()
            .all(|n| n.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let (year, month, day) = (numbers[0], numbers[1], numbers[2]);
    if year.len() != 4 || month.len() > 2 || day.len() > 2 {
        return None;
    }
    let fixed = format!("{year}-{month:0>2}-{day:0>2}");
    crate::date::Date::parse(&fixed).ok().map(|_| fixed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(source: &str, line: usize) -> String {
        explain(source, line).map_or(String::new(), |d| {
            let p = d.position.unwrap();
            format!("{}:{} {}", p.line, p.column, d.message.zh)
        })
    }

    #[test]
    fn common_slips_are_named_on_their_own_line() {
        let sheet =
            "community:\n  name: 甲\nyear: 2024\nself_governance：\n  charter_adopted: true\n";
        assert_eq!(
            said(sheet, 5),
            "4:16 第 4 行 `self_governance` 后面是全角冒号“：”：YAML 只认半角冒号"
        );
        assert_eq!(
            said("organization:\n\tleading_group: true\n", 2),
            "2:1 第 2 行用了 Tab 缩进：YAML 只能用空格缩进"
        );
        assert_eq!(
            said("management:\n\u{3000}seal_rules: true\n", 2),
            "2:1 第 2 行行首有全角空格（　）：YAML 只认半角空格"
        );
        assert_eq!(
            said("organization:\n  leading_group:true\n", 3),
            "2:16 第 2 行 `leading_group:` 后面缺少空格"
        );
        assert_eq!(
            said("community:\n  name: \"甲社区\n", 2),
            "2:9 第 2 行的引号 \" 没有闭合"
        );
        assert_eq!(
            said("x:\n  activities: [2024-01-01，2024-02-01]\n", 2),
            "2:26 第 2 行列表中用了全角逗号“，”：YAML 只认半角逗号"
        );
        assert_eq!(
            said("x:\n  a: [2024-01-01\n", 2),
            "2:6 第 2 行的括号没有闭合"
        );
        // A URL, a comment and a time are not slips.
        assert_eq!(said("x: http://a.b # c:d\n", 1), "");
        assert_eq!(said("# the community's sheet\nx: 1\n", 2), "");
        // Only lines up to the one after the parser's are looked at.
        assert_eq!(said("a: 1\nb: 2\nc：3\n", 1), "");
        // A tab before a later key: the parser stops on the line before.
        assert_eq!(
            said("s:\n  a: true\n\tb: true\n", 2),
            "3:1 第 3 行用了 Tab 缩进：YAML 只能用空格缩进"
        );
    }

    #[test]
    fn dates_written_as_said_are_rewritten() {
        assert_eq!(date_as_written("2024/3/5").as_deref(), Some("2024-03-05"));
        assert_eq!(date_as_written("2024-3-5").as_deref(), Some("2024-03-05"));
        assert_eq!(date_as_written("2024.03.05").as_deref(), Some("2024-03-05"));
        assert_eq!(
            date_as_written("2021年5月20日").as_deref(),
            Some("2021-05-20")
        );
        assert_eq!(
            date_as_written("2021年5月20号").as_deref(),
            Some("2021-05-20")
        );
        // Not a day that exists, not three numbers, not a year first.
        assert_eq!(date_as_written("2024/2/30"), None);
        assert_eq!(date_as_written("2024/3"), None);
        assert_eq!(date_as_written("3/5/2024"), None);
        assert_eq!(date_as_written("上周五"), None);
    }

    /// Every message of saphyr-parser 0.3.4 a sheet can reach (its
    /// scanner and parser, less the internal ones) has a Chinese account
    /// of its own, not the fallback.
    #[test]
    fn every_parser_message_has_a_chinese_account() {
        let fallback = translate("").0.zh;
        for info in [
            "\"-\" is only valid inside a block",
            "'-' must be followed by a valid YAML whitespace",
            "':' may not precede any of `[{` in flow mapping",
            "':' must be followed by a valid YAML whitespace",
            "a block scalar content cannot start with a tab",
            "a byte order mark must not appear inside a document",
            "block sequence entries are not allowed in this context",
            "comment intercepting the multiline text",
            "did not find expected <document start>",
            "did not find expected <document-start>",
            "did not find expected <stream-start>",
            "did not find expected next token",
            "duplicate version directive",
            "expected whitespace",
            "found incompatible YAML document",
            "found unprintable character",
            "illegal placement of ':' indicator",
            "invalid content after document end marker",
            "invalid global tag character",
            "invalid indentation for anchor",
            "invalid indentation in flow construct",
            "invalid indentation in quoted scalar",
            "invalid indentation",
            "invalid trailing content after double-quoted scalar",
            "mapping keys are not allowed in this context",
            "mapping values are not allowed in this context",
            "misplaced bracket",
            "missing explicit document end marker before directive",
            "plain scalar cannot start with '-' followed by ,[]{}",
            "simple key expect ':'",
            "simple key expected",
            "tab cannot be used as indentation",
            "tabs disallowed in this context",
            "tabs disallowed within this context (block indentation)",
            "the TAG directive must only be given at most once per handle in the same document",
            "the handle wasn't declared",
            "unexpected character: `@'",
            "unexpected end of plain scalar",
            "unexpected eof",
            "while parsing a block collection, did not find expected '-' indicator",
            "while parsing a block mapping, did not find expected key",
            "while parsing a flow mapping, did not find expected ',' or '}'",
            "while parsing a flow sequence, expected ',' or ']'",
            "while parsing a node, did not find expected node content",
            "while parsing a quoted scalar, did not find expected hexadecimal number",
            "while parsing a quoted scalar, found invalid Unicode character escape code",
            "while parsing a quoted scalar, found unknown escape character",
            "while parsing a tag directive, did not find expected '!'",
            "while parsing a tag, did not find expected tag URI",
            "while parsing a tag, found an incorrect leading UTF-8 byte",
            "while parsing a tag, found an incorrect trailing UTF-8 byte",
            "while parsing a tag, found an invalid UTF-8 codepoint",
            "while parsing a tag, found an invalid escape sequence",
            "while parsing anchor, found duplicated anchor",
            "while parsing node, found unknown anchor",
            "while scanning TAG, did not find expected whitespace or line break",
            "while scanning a YAML directive, did not find expected digit or '.' character",
            "while scanning a YAML directive, did not find expected version number",
            "while scanning a YAML directive, found extremely long version number",
            "while scanning a block scalar, did not find expected comment or line break",
            "while scanning a block scalar, found an indentation indicator equal to 0",
            "while scanning a directive, could not find expected directive name",
            "while scanning a directive, did not find expected comment or line break",
            "while scanning a directive, found unexpected non-alphabetical character",
            "while scanning a plain scalar, found a tab",
            "while scanning a quoted scalar, found unexpected document indicator",
            "while scanning a quoted scalar, found unexpected end of stream",
            "while scanning a tag, did not find expected '!'",
            "while scanning a tag, did not find expected whitespace or line break",
            "while scanning a verbatim tag, did not find the expected '>'",
            "while scanning an anchor or alias, did not find expected alphabetic or numeric character",
            "wrongly indented line in block scalar",
        ] {
            let (message, help) = translate(info);
            assert_ne!(message.zh, fallback, "{info}");
            assert!(!message.zh.is_ascii() && !help.zh.is_ascii(), "{info}");
        }
    }

    #[test]
    fn slips_behind_the_parsers_words_are_named() {
        assert_eq!(
            said(
                "community:\n  name: 甲\nyear: 2024\norganization\n  leading_group: true\n",
                5
            ),
            "4:13 第 4 行 `organization` 后面缺少冒号：下面缩进的键没有归属"
        );
        assert_eq!(
            said("n:\n  \"1.3\"：社区规模小\n", 2),
            "2:8 第 2 行 \"1.3\" 后面是全角冒号“：”：YAML 只认半角冒号"
        );
        assert_eq!(
            said("n:\n  title: \"2026年\"居民代表大会\n", 2),
            "2:17 第 2 行的引号在 \"2026年\" 处已闭合，后面还有文字“居民代表大会”：带引号的值要整个放进引号"
        );
        assert_eq!(
            said("n:\n  title: 民法典: 进社区\n", 2),
            "2:13 第 2 行 `title` 的值中间有“: ”：YAML 会把它当作又一个键"
        );
        assert_eq!(
            said("n:\n  9.1: 甲\n   10.1: 乙\n", 3),
            "3:1 第 3 行 `10.1` 缩进了 3 个空格，比第 2 行的键多：同一层的键应左对齐"
        );
        assert_eq!(
            said("n:\n  a:\ttrue\n", 2),
            "2:5 第 2 行 `a:` 后面是 Tab：冒号后面必须是半角空格"
        );
        // The first key of a section deeper than the next: the first is named.
        assert_eq!(
            said("evidence:\n   10.1: 证书\n  7.6: 台账\n", 3),
            "2:1 第 2 行 `10.1` 缩进了 3 个空格，比下面第 3 行的键多：同一层的键应左对齐"
        );
        // The fix for a full-width colon keeps the value.
        let slip = explain("n:\n  seal_rules：　true\n", 2).unwrap();
        assert_eq!(
            slip.help[0].zh,
            "改为 `seal_rules: true`（半角冒号，后面加一个空格）"
        );
        // Escaped quotes close nothing.
        assert_eq!(said("n:\n  a: 'it''s'\n  b: \"a\\\"b\"\n", 3), "");
        // A long text continued on a deeper line is no slip.
        assert_eq!(said("n:\n  a: 甲\n    乙\nb: 1\n", 1), "");
    }

    #[test]
    fn values_starting_with_a_yaml_indicator_are_named() {
        let named = |source: &str, line: usize, info: &str| {
            value_starting(source, line, info).map_or(String::new(), |d| {
                let p = d.position.unwrap();
                format!("{}:{} {}", p.line, p.column, d.help[0].zh)
            })
        };
        assert_eq!(
            named(
                "a: *m\nn:\n  name: *幸福社区\n",
                3,
                "while parsing node, found unknown anchor"
            ),
            "3:9 把整个值放进引号：name: \"*幸福社区\""
        );
        assert_eq!(
            named(
                "n:\n  10.1: -\n",
                2,
                "block sequence entries are not allowed in this context"
            ),
            "2:9 把整个值放进引号：10.1: \"-\"；如果想表示“没有”，删除这一行"
        );
        assert_eq!(named("n:\n  a: b\n", 2, "unexpected character: `@'"), "");
    }

    #[test]
    fn counts_as_said_are_read() {
        let n = |text: &str| count_as_written(text).map(|(n, _)| n);
        assert_eq!(n("十二"), Some(12));
        assert_eq!(n("两千零三十"), Some(2030));
        assert_eq!(n("九千九百九十九"), Some(9999));
        assert_eq!(n("一零"), None);
        assert_eq!(n("十十"), None);
        assert_eq!(n("12次"), Some(12));
        assert_eq!(n("1，200"), Some(1200));
        assert_eq!(n("12 a"), None);
        assert_eq!(n("很多"), None);
    }
}
