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
/// next key ends the value it was reading).
pub(super) fn explain(source: &str, line: usize) -> Option<Diagnostic> {
    source
        .lines()
        .enumerate()
        .take(line.max(1) + 1)
        .find_map(|(i, text)| slip_in(text, i + 1))
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
        if after.starts_with('：') {
            return Some(
                Diagnostic::new(Bilingual::new(
                    format!("第 {line} 行 `{key}` 后面是全角冒号“：”：YAML 只认半角冒号"),
                    format!("line {line}: `{key}` is followed by a full-width colon (：); YAML needs an ASCII colon"),
                ))
                .at(at(column))
                .help(Bilingual::new(
                    format!("改为 `{key}: `（半角冒号，后面加一个空格）"),
                    format!("write `{key}: ` (an ASCII colon and a space)"),
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
        let count = content.chars().filter(|c| *c == quote).count();
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

/// The parser's words for a syntax error it has no better account of, in
/// the user's language where the cause is a common one.
pub(super) fn translate(info: &str) -> Bilingual {
    let zh = if info.contains("mapping values are not allowed") {
        "这里出现了“键: 值”，但上一行还没结束：多半是本行或上一行的缩进不对，或上一行的冒号后缺少空格".to_string()
    } else if info.contains("tabs disallowed") || info.contains("cannot start any token") {
        "这里有 YAML 不允许的字符：常见的是 Tab 缩进或全角符号".to_string()
    } else if info.contains("did not find expected key")
        || info.contains("did not find expected '-'")
    {
        "这里的缩进与上面的键对不齐：同一层的键应左对齐".to_string()
    } else if info.contains("flow sequence") || info.contains("flow mapping") {
        "方括号或花括号没有闭合，或其中的项之间缺少半角逗号".to_string()
    } else if info.contains("quoted scalar") {
        "引号没有闭合".to_string()
    } else {
        format!("YAML 语法错误：{info}")
    };
    Bilingual::new(zh, format!("YAML syntax error: {info}"))
}

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
}
