//! Scalars as the sheet wrote them, and how each type of value reads one.
//!
//! The parser hands over a scalar's text and style, unresolved; this module
//! decides what it is. A quoted or block scalar is always text. A plain one
//! is empty (`~`, `null`, nothing), a boolean (`true`, `false` only), a
//! number if YAML would read it as one, or text — and text, numbers
//! included, is kept exactly as written (`1.10` stays `1.10`). A count is
//! plain decimal digits; the other ways to write a number get a message
//! that says how to write it.

use super::MAX_COUNT;
use crate::date::{Date, DateError};
use crate::diagnostic::{Bilingual, Diagnostic, Position};
use crate::standard::FactType;
use saphyr_parser::ScalarStyle;
use std::borrow::Cow;

/// A scalar of the sheet: its text, how it was written, and where.
pub(super) struct Scalar<'s> {
    pub(super) text: Cow<'s, str>,
    pub(super) style: ScalarStyle,
    pub(super) at: Position,
}

/// What stood where something else belonged, for messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Found {
    Bool(bool),
    /// A number, as written.
    Number(String),
    Text(String),
    Null,
    List,
    Mapping,
}

impl Found {
    pub(super) fn describe(&self) -> Bilingual {
        match self {
            Found::Bool(b) => Bilingual::new(format!("布尔值 {b}"), format!("the boolean {b}")),
            Found::Number(n) => Bilingual::new(format!("数字 {n}"), format!("the number {n}")),
            Found::Text(t) => Bilingual::new(format!("文字 \"{t}\""), format!("the text \"{t}\"")),
            Found::Null => Bilingual::new("空值", "an empty value"),
            Found::List => Bilingual::new("列表", "a list"),
            Found::Mapping => Bilingual::new("映射（键值对）", "a mapping"),
        }
    }
}

impl Scalar<'_> {
    pub(super) fn is_plain(&self) -> bool {
        self.style == ScalarStyle::Plain
    }

    /// What the scalar is: only a plain scalar can be anything but text.
    /// (Classified without a copy: most scalars are read, not described.)
    pub(super) fn kind(&self) -> ScalarKind {
        if !self.is_plain() {
            return ScalarKind::Text;
        }
        match &*self.text {
            "" | "~" | "null" | "Null" | "NULL" => ScalarKind::Null,
            "true" => ScalarKind::Bool(true),
            "false" => ScalarKind::Bool(false),
            text if is_number(text) => ScalarKind::Number,
            _ => ScalarKind::Text,
        }
    }

    /// What the scalar is, for a message.
    pub(super) fn found(&self) -> Found {
        match self.kind() {
            ScalarKind::Null => Found::Null,
            ScalarKind::Bool(b) => Found::Bool(b),
            ScalarKind::Number => Found::Number(self.text.to_string()),
            ScalarKind::Text => Found::Text(self.text.to_string()),
        }
    }

    pub(super) fn is_null(&self) -> bool {
        self.kind() == ScalarKind::Null
    }
}

/// What a scalar is, as [`Scalar::kind`] decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ScalarKind {
    Null,
    Bool(bool),
    Number,
    Text,
}

/// Whether YAML's core schema reads `text` as a number: a decimal, octal
/// (`0o`) or hexadecimal (`0x`) integer, a decimal with a point or an
/// exponent, or `.inf` / `.nan`.
fn is_number(text: &str) -> bool {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if let Some(digits) = text.strip_prefix("0x") {
        return !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_hexdigit());
    }
    if let Some(digits) = text.strip_prefix("0o") {
        return !digits.is_empty() && digits.bytes().all(|b| matches!(b, b'0'..=b'7'));
    }
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") || matches!(text, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (mantissa, None),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = digits(whole)
        && fraction.is_none_or(digits)
        && (!whole.is_empty() || fraction.is_some_and(|f| !f.is_empty()));
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

/// A value of the wrong type, with a hint for the commonest slips.
pub(super) fn mismatch(kind: FactType, scalar: &Scalar) -> Diagnostic {
    let found = scalar.found();
    let expected = kind.describe();
    let described = found.describe();
    let diagnostic = Diagnostic::new(Bilingual::new(
        format!("应为{}，实际为{}", expected.zh, described.zh),
        format!("expected {}, found {}", expected.en, described.en),
    ));
    match hint(kind, &found, scalar.is_plain()) {
        Some(hint) => diagnostic.help(hint),
        None => diagnostic,
    }
}

fn hint(kind: FactType, found: &Found, plain: bool) -> Option<Bilingual> {
    if let Found::Text(t) = found
        && let Some(help) = super::slips::fullwidth_space(t)
    {
        return Some(help);
    }
    match (kind, found) {
        (FactType::Flag, Found::Text(t)) => {
            let lower = t.to_lowercase();
            if !plain && (lower == "true" || lower == "false") {
                return Some(Bilingual::new(
                    "true 和 false 不要加引号",
                    "write true or false without quotes",
                ));
            }
            let yes = ["yes", "y", "on", "true", "是", "有", "对"].contains(&lower.as_str());
            let no = ["no", "n", "off", "false", "否", "无", "没有"].contains(&lower.as_str());
            (yes || no).then(|| {
                let word = if yes { "true" } else { "false" };
                Bilingual::new(
                    format!("请写 true 或 false（此处应写 {word}）"),
                    format!("write true or false (here: {word})"),
                )
            })
        }
        (FactType::Flag, Found::Number(n)) if n == "0" || n == "1" => Some(Bilingual::new(
            "请写 true 或 false，而不是 0 或 1",
            "write true or false, not 0 or 1",
        )),
        (FactType::Count, Found::Text(t)) if t.trim().parse::<u64>().is_ok() => Some(
            Bilingual::new("数字不要加引号", "write the number without quotes"),
        ),
        (FactType::Date, Found::Number(_)) => Some(date_help()),
        (FactType::Records, Found::Text(t)) if Date::parse(t).is_ok() => Some(Bilingual::new(
            format!("记录应写成列表，每条一行：- {t}"),
            format!("records are a list, one per line: - {t}"),
        )),
        (FactType::Records, Found::Text(t)) if t.starts_with(['-', '－']) => {
            let items: Vec<&str> = t
                .split_whitespace()
                .map(|item| item.trim_start_matches(['-', '－']))
                .filter(|item| !item.is_empty())
                .collect();
            let (zh, en) = if t.starts_with('－') {
                (
                    "列表项用了全角短横“－”：YAML 只认半角短横",
                    "the items start with a full-width dash (－); YAML needs an ASCII -",
                )
            } else {
                (
                    "列表项的短横“-”后面缺少空格",
                    "the items need a space after the -",
                )
            };
            Some(Bilingual::new(
                format!("{zh}；每条一行，写作：- {}", items.first().unwrap_or(&"")),
                format!(
                    "{en}; one per line, written: - {}",
                    items.first().unwrap_or(&"")
                ),
            ))
        }
        (FactType::Records, Found::Number(_) | Found::Text(_) | Found::Bool(_)) => {
            Some(Bilingual::new(
                "记录应写成列表：每条一行，以“- ”开头（如 - 2024-03-05），而不是一个数字或一段文字",
                "records are a list: one item per line, starting with \"- \" (e.g. - 2024-03-05), not a number or a text",
            ))
        }
        _ => None,
    }
}

fn date_help() -> Bilingual {
    Bilingual::new(
        "日期写作 YYYY-MM-DD，如 2024-03-15",
        "write dates as YYYY-MM-DD, e.g. 2024-03-15",
    )
}

/// A flag: `true` or `false`, written plain. Empty is `None`: not given.
pub(super) fn flag(scalar: &Scalar) -> Result<Option<bool>, Diagnostic> {
    match scalar.kind() {
        ScalarKind::Null => Ok(None),
        ScalarKind::Bool(b) => Ok(Some(b)),
        _ => Err(mismatch(FactType::Flag, scalar)),
    }
}

/// A count: plain decimal digits, from 0 to [`MAX_COUNT`].
pub(super) fn count(scalar: &Scalar) -> Result<Option<u64>, Diagnostic> {
    if scalar.is_null() {
        return Ok(None);
    }
    if !scalar.is_plain() {
        return Err(mismatch(FactType::Count, scalar));
    }
    let text = &*scalar.text;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let problem = |zh: String, en: String| Diagnostic::new(Bilingual::new(zh, en));
    // The same number in plain digits, to say what to write instead.
    let write = |diagnostic: Diagnostic, value: Option<u128>| match value {
        Some(n) if n <= u128::from(MAX_COUNT) => {
            diagnostic.help(Bilingual::new(format!("应写 {n}"), format!("write {n}")))
        }
        _ => diagnostic,
    };
    if digits(text) {
        if text.len() > 1 && text.starts_with('0') {
            // YAML 1.1 readers take `010` for the octal number 8.
            return Err(write(
                problem(
                    format!("数量不要以 0 开头，实际为 {text}"),
                    format!("a count is written without leading zeros, found {text}"),
                ),
                text.parse().ok(),
            ));
        }
        return match text.parse::<u64>() {
            Ok(n) if n <= MAX_COUNT => Ok(Some(n)),
            _ => Err(problem(
                format!("数字 {text} 过大（上限 {MAX_COUNT}）"),
                format!("the number {text} is too large (at most {MAX_COUNT})"),
            )),
        };
    }
    if text.strip_prefix('-').is_some_and(digits) {
        return Err(problem(
            format!("数量不能为负数，实际为 {text}"),
            format!("a count cannot be negative, found {text}"),
        ));
    }
    if let Some(rest) = text.strip_prefix('+').filter(|rest| digits(rest)) {
        return Err(write(
            problem(
                format!("数量应直接写出数字，实际为 {text}"),
                format!("a count is written in plain digits, found {text}"),
            ),
            rest.parse().ok(),
        ));
    }
    for (prefix, radix, zh, en) in [
        ("0x", 16, "十六进制数", "the hexadecimal number"),
        ("0o", 8, "八进制数", "the octal number"),
        ("0b", 2, "二进制数", "the binary number"),
    ] {
        if let Some(rest) = text.strip_prefix(prefix)
            && let Ok(value) = u128::from_str_radix(rest, radix)
        {
            return Err(write(
                problem(
                    format!("数量应写十进制数字，实际为{zh} {text}"),
                    format!("a count is written in decimal digits, found {en} {text}"),
                ),
                Some(value),
            ));
        }
    }
    let separated: String = text.chars().filter(|c| !matches!(c, '_' | ',')).collect();
    if separated.len() < text.len()
        && digits(&separated)
        && text.starts_with(|c: char| c.is_ascii_digit())
        && text.ends_with(|c: char| c.is_ascii_digit())
    {
        return Err(write(
            problem(
                format!("数量中不要加分隔符，实际为 {text}"),
                format!("a count is written without separators, found {text}"),
            ),
            separated.parse().ok(),
        ));
    }
    if is_number(text) {
        let value: Option<f64> = text.parse().ok().filter(|x: &f64| x.is_finite());
        let whole = value.filter(|x| x.fract() == 0.0 && *x >= 0.0);
        if text.contains(['e', 'E']) && whole.is_some() {
            // `1e3` is a whole number, written in a way no one counts in.
            return Err(write(
                problem(
                    format!("数量应直接写出数字，实际为 {text}"),
                    format!("a count is written in plain digits, found {text}"),
                ),
                whole.map(|x| x as u128),
            ));
        }
        return Err(problem(
            format!("数量应为整数，实际为 {text}"),
            format!("a count is a whole number, found {text}"),
        ));
    }
    if let Some((n, slip)) = super::slips::count_as_written(text) {
        return Err(write(
            problem(
                format!("数量应写阿拉伯数字，实际为 {text}（{}）", slip.zh),
                format!(
                    "a count is written in plain digits, found {text} ({})",
                    slip.en
                ),
            ),
            Some(u128::from(n)),
        ));
    }
    Err(mismatch(FactType::Count, scalar))
}

/// A date written `YYYY-MM-DD` that exists, plain or quoted.
pub(super) fn date(scalar: &Scalar) -> Result<Option<Date>, Diagnostic> {
    // A date is what nearly every such scalar is: tried first, the scalar
    // classified only when it is none.
    if let Ok(date) = Date::parse(&scalar.text) {
        return Ok(Some(date));
    }
    match scalar.kind() {
        ScalarKind::Null => Ok(None),
        ScalarKind::Text => date_text(&scalar.text).map(Some),
        _ => Err(mismatch(FactType::Date, scalar)),
    }
}

/// The date a text spells, or what is wrong with it.
pub(super) fn date_text(text: &str) -> Result<Date, Diagnostic> {
    match Date::parse(text) {
        Ok(date) => Ok(date),
        Err(DateError::Shape) => Err(Diagnostic::new(Bilingual::new(
            format!("应为日期（YYYY-MM-DD），实际为 \"{text}\""),
            format!("expected a date (YYYY-MM-DD), found \"{text}\""),
        ))
        .help(date_shape_help(text))),
        Err(DateError::NoSuchDay) => Err(Diagnostic::new(Bilingual::new(
            format!("日期 {text} 不存在"),
            format!("there is no such day as {text}"),
        ))),
        Err(DateError::OutOfRange) => Err(Diagnostic::new(Bilingual::new(
            format!("日期 {text} 的年份不在 1000–9999 之间"),
            format!("the date {text} lies outside the years 1000–9999"),
        ))),
    }
}

/// A text (a name, a title, a reason): trimmed, numbers as written, empty
/// as `None`. A boolean is no text.
pub(super) fn text(scalar: Scalar) -> Result<Option<String>, Diagnostic> {
    // Numbers are text too, so only null and the booleans matter here.
    let kind = match (scalar.is_plain(), &*scalar.text) {
        (true, "" | "~" | "null" | "Null" | "NULL") => ScalarKind::Null,
        (true, "true" | "false") => ScalarKind::Bool(true),
        _ => ScalarKind::Text,
    };
    match kind {
        ScalarKind::Null => return Ok(None),
        ScalarKind::Text | ScalarKind::Number => {}
        ScalarKind::Bool(_) => {
            let found = scalar.found().describe();
            return Err(Diagnostic::new(Bilingual::new(
                format!("应为文字，实际为{}", found.zh),
                format!("expected text, found {}", found.en),
            )));
        }
    }
    let trimmed = scalar.text.trim();
    // Escapes, a carriage return (YAML has made every line break in the
    // file a `\n`, so one left was written as an escape) and bidirectional
    // overrides would drive or reorder what a reader sees.
    if let Some(message) = crate::diagnostic::forbidden_char(trimmed) {
        return Err(Diagnostic::new(message));
    }
    if trimmed.is_empty() {
        return Ok(None);
    }
    // The parser's own copy is kept when there is nothing to trim.
    if trimmed.len() == scalar.text.len() {
        return Ok(Some(scalar.text.into_owned()));
    }
    Ok(Some(trimmed.to_string()))
}

/// How to write a date that is not `YYYY-MM-DD`, naming the slip where
/// one shows: full-width digits, a full-width space, several dates joined
/// by full-width commas in one list item.
fn date_shape_help(text: &str) -> Bilingual {
    if let Some(ascii) = super::slips::fullwidth_digits(text) {
        let fixed = Date::parse(ascii.trim())
            .ok()
            .map(|_| ascii.trim().to_string())
            .or_else(|| super::slips::date_as_written(&ascii));
        if let Some(fixed) = fixed {
            return Bilingual::new(
                format!("日期中用了全角数字或全角短横（输入法全角模式），应写 {fixed}"),
                format!("the date is typed in full-width digits or dashes; write {fixed}"),
            );
        }
    }
    if let Some(help) = super::slips::fullwidth_space(text) {
        return help;
    }
    if let Some(sep) = ['，', '、'].into_iter().find(|c| text.contains(*c)) {
        let fixed = text.replace(['，', '、'], ", ");
        return Bilingual::new(
            format!("列表中的日期用“{sep}”隔开了：YAML 只认半角逗号，应写 [{fixed}]"),
            format!(
                "the dates of the list are separated by {sep}; YAML needs ASCII commas: write [{fixed}]"
            ),
        );
    }
    match super::slips::date_as_written(text) {
        Some(fixed) => Bilingual::new(format!("应写 {fixed}"), format!("write {fixed}")),
        None => date_help(),
    }
}

pub(super) fn year_expected() -> Bilingual {
    Bilingual::new(
        "四位整数（如 2024）",
        "a four-digit whole number (e.g. 2024)",
    )
}

/// The assessment year: plain digits, a year a date can carry. Empty is
/// `None`, reported at the end as missing.
pub(super) fn year(scalar: &Scalar) -> Result<Option<i32>, Diagnostic> {
    let found = scalar.found();
    match &found {
        Found::Null => return Ok(None),
        Found::Number(n) if n.bytes().all(|b| b.is_ascii_digit()) => {
            // The years a date can carry (see `Date`).
            if let Ok(year) = n.parse::<i32>()
                && (1000..=9998).contains(&year)
            {
                return Ok(Some(year));
            }
        }
        _ => {}
    }
    Err(year_mismatch(&found))
}

pub(super) fn year_mismatch(found: &Found) -> Diagnostic {
    let described = found.describe();
    let expected = year_expected();
    let diagnostic = Diagnostic::new(Bilingual::new(
        format!("考评年度应为{}，实际为{}", expected.zh, described.zh),
        format!(
            "the assessment year is {}, found {}",
            expected.en, described.en
        ),
    ));
    if let Found::Text(t) = found
        && let Some(ascii) = super::slips::fullwidth_digits(t)
        && ascii.trim().parse::<i32>().is_ok()
    {
        let ascii = ascii.trim();
        return diagnostic.help(Bilingual::new(
            format!("年份用了全角数字，应写 {ascii}"),
            format!("the year is typed in full-width digits; write {ascii}"),
        ));
    }
    if let Found::Text(t) = found
        && let Some(help) = super::slips::fullwidth_space(t)
    {
        return diagnostic.help(help);
    }
    if matches!(found, Found::Text(t) if t.trim().parse::<i32>().is_ok()) {
        return diagnostic.help(Bilingual::new(
            "年份不要加引号",
            "write the year without quotes",
        ));
    }
    diagnostic
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> Scalar<'_> {
        Scalar {
            text: Cow::Borrowed(text),
            style: ScalarStyle::Plain,
            at: Position { line: 1, column: 1 },
        }
    }

    fn quoted(text: &str) -> Scalar<'_> {
        Scalar {
            style: ScalarStyle::DoubleQuoted,
            ..plain(text)
        }
    }

    /// The English message and its help, or the value.
    fn shown<T: std::fmt::Debug>(result: Result<Option<T>, Diagnostic>) -> String {
        match result {
            Ok(value) => format!("{value:?}"),
            Err(d) => {
                let mut text = d.message.en;
                for help in d.help {
                    text = format!("{text} | {}", help.en);
                }
                text
            }
        }
    }

    #[test]
    fn plain_scalars_resolve_by_the_core_schema_and_quoted_ones_are_text() {
        for (text, found) in [
            ("", Found::Null),
            ("~", Found::Null),
            ("NULL", Found::Null),
            ("true", Found::Bool(true)),
            ("false", Found::Bool(false)),
            ("True", Found::Text("True".into())),
            ("yes", Found::Text("yes".into())),
            ("0", Found::Number("0".into())),
            ("-12", Found::Number("-12".into())),
            ("1.10", Found::Number("1.10".into())),
            ("3.0", Found::Number("3.0".into())),
            (".5", Found::Number(".5".into())),
            ("1e3", Found::Number("1e3".into())),
            ("1.5E-3", Found::Number("1.5E-3".into())),
            ("0x1F", Found::Number("0x1F".into())),
            ("0o17", Found::Number("0o17".into())),
            ("-.inf", Found::Number("-.inf".into())),
            (".NaN", Found::Number(".NaN".into())),
            ("0x", Found::Text("0x".into())),
            ("0x-1", Found::Text("0x-1".into())),
            ("+-5", Found::Text("+-5".into())),
            ("1e", Found::Text("1e".into())),
            (".", Found::Text(".".into())),
            ("1_000", Found::Text("1_000".into())),
            ("2024-03-01", Found::Text("2024-03-01".into())),
        ] {
            assert_eq!(plain(text).found(), found, "{text:?}");
        }
        assert_eq!(quoted("true").found(), Found::Text("true".into()));
        assert_eq!(quoted("12").found(), Found::Text("12".into()));
        assert_eq!(quoted("").found(), Found::Text(String::new()));
    }

    #[test]
    fn text_is_kept_exactly_as_written() {
        for written in ["1.10", "2024.10", "0x1F", "3.0", "010", "1e3", ".inf", "-0"] {
            assert_eq!(text(plain(written)).unwrap().as_deref(), Some(written));
        }
        assert_eq!(text(quoted("  台账 ")).unwrap().as_deref(), Some("台账"));
        assert_eq!(text(plain("~")).unwrap(), None);
        assert_eq!(text(quoted("")).unwrap(), None);
        assert_eq!(
            shown(text(plain("true"))),
            "expected text, found the boolean true"
        );
        assert_eq!(
            shown(text(quoted("a\u{1b}b"))),
            "the text holds the control character U+001B; remove it"
        );
    }

    #[test]
    fn flags_are_true_or_false_written_plain() {
        assert_eq!(shown(flag(&plain("true"))), "Some(true)");
        assert_eq!(shown(flag(&plain("false"))), "Some(false)");
        assert_eq!(shown(flag(&plain(""))), "None");
        assert_eq!(
            shown(flag(&plain("True"))),
            "expected true or false, found the text \"True\" | write true or false (here: true)"
        );
        assert_eq!(
            shown(flag(&plain("是"))),
            "expected true or false, found the text \"是\" | write true or false (here: true)"
        );
        assert_eq!(
            shown(flag(&plain("no"))),
            "expected true or false, found the text \"no\" | write true or false (here: false)"
        );
        assert_eq!(
            shown(flag(&quoted("true"))),
            "expected true or false, found the text \"true\" | write true or false without quotes"
        );
        assert_eq!(
            shown(flag(&plain("1"))),
            "expected true or false, found the number 1 | write true or false, not 0 or 1"
        );
        assert_eq!(
            shown(flag(&plain("2"))),
            "expected true or false, found the number 2"
        );
    }

    #[test]
    fn counts_are_plain_decimal_digits_up_to_the_cap() {
        assert_eq!(shown(count(&plain("0"))), "Some(0)");
        assert_eq!(shown(count(&plain("65"))), "Some(65)");
        assert_eq!(shown(count(&plain("1000000000"))), "Some(1000000000)");
        assert_eq!(shown(count(&plain("null"))), "None");
        for (written, message) in [
            (
                "1000000001",
                "the number 1000000001 is too large (at most 1000000000)",
            ),
            (
                "123456789012345678901234567890",
                "the number 123456789012345678901234567890 is too large (at most 1000000000)",
            ),
            ("-1", "a count cannot be negative, found -1"),
            ("-0", "a count cannot be negative, found -0"),
            ("1.5", "a count is a whole number, found 1.5"),
            ("3.0", "a count is a whole number, found 3.0"),
            ("-1.5", "a count is a whole number, found -1.5"),
            (".inf", "a count is a whole number, found .inf"),
            ("-.inf", "a count is a whole number, found -.inf"),
            (".nan", "a count is a whole number, found .nan"),
            (
                "010",
                "a count is written without leading zeros, found 010 | write 10",
            ),
            (
                "00",
                "a count is written without leading zeros, found 00 | write 0",
            ),
            (
                "+5",
                "a count is written in plain digits, found +5 | write 5",
            ),
            (
                "0x10",
                "a count is written in decimal digits, found the hexadecimal number 0x10 | write 16",
            ),
            (
                "0o7",
                "a count is written in decimal digits, found the octal number 0o7 | write 7",
            ),
            (
                "0b11",
                "a count is written in decimal digits, found the binary number 0b11 | write 3",
            ),
            (
                "0xFFFFFFFFFF",
                "a count is written in decimal digits, found the hexadecimal number 0xFFFFFFFFFF",
            ),
            (
                "1_000",
                "a count is written without separators, found 1_000 | write 1000",
            ),
            (
                "1,000",
                "a count is written without separators, found 1,000 | write 1000",
            ),
            (
                "1e3",
                "a count is written in plain digits, found 1e3 | write 1000",
            ),
            ("1e99", "a count is written in plain digits, found 1e99"),
            (
                "1.5e1",
                "a count is written in plain digits, found 1.5e1 | write 15",
            ),
            ("1e-3", "a count is a whole number, found 1e-3"),
            (
                "none",
                "expected a whole number ≥ 0, found the text \"none\"",
            ),
            (
                "true",
                "expected a whole number ≥ 0, found the boolean true",
            ),
            ("_1", "expected a whole number ≥ 0, found the text \"_1\""),
        ] {
            assert_eq!(shown(count(&plain(written))), message, "{written}");
        }
        assert_eq!(
            shown(count(&quoted("12"))),
            "expected a whole number ≥ 0, found the text \"12\" | write the number without quotes"
        );
    }

    #[test]
    fn dates_are_text_spelling_a_day() {
        let leap_day = Date::parse("2024-02-29").ok();
        assert_eq!(date(&plain("2024-02-29")).unwrap(), leap_day);
        assert_eq!(date(&quoted("2024-02-29")).unwrap(), leap_day);
        assert_eq!(shown(date(&plain("~"))), "None");
        assert_eq!(
            shown(date(&plain("2023-02-29"))),
            "there is no such day as 2023-02-29"
        );
        assert_eq!(
            shown(date(&plain("2024-4-1"))),
            "expected a date (YYYY-MM-DD), found \"2024-4-1\" | write 2024-04-01"
        );
        assert_eq!(
            shown(date(&plain("0999-01-01"))),
            "the date 0999-01-01 lies outside the years 1000–9999"
        );
        assert_eq!(
            shown(date(&plain("2021"))),
            "expected a date (YYYY-MM-DD), found the number 2021 | write dates as YYYY-MM-DD, e.g. 2024-03-15"
        );
    }

    #[test]
    fn the_year_is_four_plain_digits() {
        assert_eq!(shown(year(&plain("2024"))), "Some(2024)");
        assert_eq!(shown(year(&plain("1000"))), "Some(1000)");
        assert_eq!(shown(year(&plain("9998"))), "Some(9998)");
        assert_eq!(shown(year(&plain(""))), "None");
        for written in ["9999", "999", "2024.0", "0x7E8", "+2024", "-2024"] {
            assert_eq!(
                shown(year(&plain(written))),
                format!(
                    "the assessment year is a four-digit whole number (e.g. 2024), found the number {written}"
                )
            );
        }
        assert_eq!(
            shown(year(&quoted("2024"))),
            "the assessment year is a four-digit whole number (e.g. 2024), found the text \"2024\" | write the year without quotes"
        );
    }
}
