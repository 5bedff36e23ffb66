//! Reading a standard from TOML: the file is first deserialized, with spans,
//! into raw types that mirror it, then validated into [`Standard`]. Every
//! problem found becomes a [`Diagnostic`] pointing at its TOML line, and all
//! of them are reported together, before any fact sheet is read.

use super::Standard;
use super::raw::RawStandard;
use super::validate::Validator;
use crate::diagnostic::{Bilingual, Diagnostic, LineIndex, Position};
use serde::de::DeserializeOwned;

/// Everything wrong with a standard file, in file order.
#[derive(Debug)]
pub struct StandardError {
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses and validates a complete standard (one without `extends`; see
/// [`super::tailor`] for those).
pub fn load(source: &str) -> Result<Standard, StandardError> {
    let source = &unix_line_ends(source);
    let raw: RawStandard = parse(source)?;
    let mut validator = Validator::new(source);
    let standard = validator.standard(raw);
    validator.finish(standard)
}

/// The file with Windows line ends (CRLF) made LF. TOML keeps a CRLF
/// inside a multi-line string as it is, and a carriage return in a title
/// would overwrite what a terminal shows; every line and column stays
/// where it was, the CR having been last on its line.
pub(super) fn unix_line_ends(source: &str) -> std::borrow::Cow<'_, str> {
    if source.contains("\r\n") {
        source.replace("\r\n", "\n").into()
    } else {
        source.into()
    }
}

/// Deserializes a standard file into its raw form; a TOML syntax error or
/// an unknown field becomes a diagnostic at its place, and so does every
/// text holding a control character or a bidirectional control.
pub(super) fn parse<T: DeserializeOwned>(source: &str) -> Result<T, StandardError> {
    let raw = from_toml(source)?;
    let diagnostics = forbidden_text(source);
    if diagnostics.is_empty() {
        Ok(raw)
    } else {
        Err(StandardError { diagnostics })
    }
}

/// Every string of the file (values and keys, wherever they are) holding
/// a character no text may hold, in file order. TOML itself refuses such
/// characters typed raw, but lets `\u001b` and `\r` escapes write them; a
/// standard's titles reach terminals, spreadsheets and XML, and the sheets
/// `assess template` writes from them.
fn forbidden_text(source: &str) -> Vec<Diagnostic> {
    use toml::de::{DeTable, DeValue};
    struct Walk<'s> {
        lines: LineIndex<'s>,
        found: Vec<Diagnostic>,
    }
    impl Walk<'_> {
        fn text(&mut self, text: &str, start: usize, path: &str) {
            if let Some(message) = crate::diagnostic::forbidden_char(text) {
                self.found.push(
                    Diagnostic::new(message)
                        .at(Some(self.lines.position(start)))
                        .path(path),
                );
            }
        }
        fn table(&mut self, table: &DeTable, path: &str) {
            for (key, value) in table {
                let key_path = if path.is_empty() {
                    key.get_ref().to_string()
                } else {
                    format!("{path}.{}", key.get_ref())
                };
                self.text(key.get_ref(), key.span().start, &key_path);
                self.value(value, &key_path);
            }
        }
        fn value(&mut self, value: &toml::Spanned<DeValue>, path: &str) {
            match value.get_ref() {
                DeValue::String(text) => self.text(text, value.span().start, path),
                DeValue::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        self.value(item, &format!("{path}[{i}]"));
                    }
                }
                DeValue::Table(table) => self.table(table, path),
                _ => {}
            }
        }
    }
    // Only an escape, a raw carriage return or a raw bidirectional control
    // can put such a character in a string (TOML refuses raw control
    // characters); a file without any, like the built-in standard, is not
    // parsed a second time.
    if !source.contains(['\\', '\r'])
        && !source
            .chars()
            .any(|c| crate::diagnostic::is_bidi_control(c) || crate::diagnostic::is_invisible(c))
    {
        return Vec::new();
    }
    // The file already parsed as TOML: this parse cannot fail.
    let Ok(document) = DeTable::parse(source) else {
        return Vec::new();
    };
    let mut walk = Walk {
        lines: LineIndex::new(source),
        found: Vec::new(),
    };
    walk.table(document.get_ref(), "");
    crate::diagnostic::sort_in_file_order(&mut walk.found);
    walk.found
}

fn from_toml<T: DeserializeOwned>(source: &str) -> Result<T, StandardError> {
    toml::from_str(source).map_err(|error| {
        let position = error
            .span()
            .map(|span| Position::of_offset(source, span.start));
        let message = error.message().trim().to_string();
        StandardError {
            diagnostics: vec![Diagnostic::new(serde_message(&message)).at(position)],
        }
    })
}

/// The TOML reader's English, for the slips a clerk makes editing a
/// standard: an unknown field (said with the closest field meant), a
/// missing one, a value of the wrong type. Anything else as it comes.
fn serde_message(message: &str) -> Bilingual {
    let quoted = |text: &str| -> Vec<String> {
        text.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let names = quoted(rest);
        if let Some((field, allowed)) = names.split_first() {
            // At the top of a standard, `extends` is a field too (read
            // before the rest): `extend = "seed-2008"` means it.
            let top = allowed.iter().any(|a| a == "target");
            let candidates = allowed
                .iter()
                .map(String::as_str)
                .chain(top.then_some("extends"));
            let close = crate::suggest::closest(field, candidates);
            let (zh_hint, en_hint) = match close {
                Some(close) => (
                    format!("是否想写 `{close}`？"),
                    format!("did you mean `{close}`?"),
                ),
                None => (
                    format!("此处可用的字段：{}", allowed.join("、")),
                    format!("fields allowed here: {}", allowed.join(", ")),
                ),
            };
            return Bilingual::new(
                format!("未知的字段 `{field}`：{zh_hint}"),
                format!("unknown field `{field}`: {en_hint}"),
            );
        }
    }
    if let Some(rest) = message.strip_prefix("missing field ")
        && let Some(field) = quoted(rest).first()
    {
        return Bilingual::new(
            format!("缺少必填字段 `{field}`"),
            format!("the field `{field}` is required"),
        );
    }
    if message.starts_with("invalid type:") {
        return Bilingual::new(
            format!("值的类型不对（{message}）：数字不要加引号，文字要加引号"),
            format!("a value of the wrong type ({message}): numbers unquoted, texts quoted"),
        );
    }
    Bilingual::new(
        format!("标准文件无法读取：{message}"),
        format!("the standard cannot be read: {message}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str =
        "id = \"t\"\ntitle = \"测试\"\ntitle_en = \"Test\"\nversion = \"1\"\npass_mark = 90\n";

    fn criterion(rule: &str) -> String {
        format!(
            "{HEAD}[[target]]\nid = \"1\"\ntitle = \"一\"\ntitle_en = \"One\"\n\
             [[target.criterion]]\nid = \"1.1\"\ntitle = \"甲\"\ntitle_en = \"A\"\npoints = 2\n\
             rule = {rule}\n"
        )
    }

    fn messages(source: &str) -> Vec<String> {
        match load(source) {
            Ok(_) => Vec::new(),
            Err(e) => e
                .diagnostics
                .into_iter()
                .map(|d| {
                    let line = d.position.map_or(0, |p| p.line);
                    format!("{line}: {}", d.message.en)
                })
                .collect(),
        }
    }

    #[test]
    fn a_long_term_is_honoured_as_written_and_an_impossible_one_refused() {
        let standard = load(&criterion(
            r#"{ kind = "within_years", fact = "a.b", years = 5000 }"#,
        ))
        .unwrap();
        let (_, c) = standard.criteria().next().unwrap();
        assert_eq!(
            c.rule,
            super::super::Rule::WithinYears {
                fact: "a.b".into(),
                years: 5000
            }
        );
        assert_eq!(
            messages(&criterion(
                r#"{ kind = "within_years", fact = "a.b", years = 5000000000 }"#
            )),
            ["15: `years` is too large: 5000000000, at most 4294967295"]
        );
    }

    #[test]
    fn new_rule_fields_are_checked_where_they_are_written() {
        let cases = [
            (
                r#"{ kind = "flag", fact = "a.b", deduct = 1 }"#,
                "15: a \"flag\" rule has no field `deduct` (it takes: fact)",
            ),
            (
                r#"{ kind = "count_in_year", fact = "a.b", deduct = 0 }"#,
                "15: `deduct` must be a number greater than 0 with at most three decimals, found 0",
            ),
            (
                r#"{ kind = "ratio", numerator = "a.b", denominator = "a.c", at_least_fraction = "3/2", when_empty = "missing" }"#,
                "15: `at_least_fraction` must be a fraction such as \"2/3\", denominator 1 to 1000000, numerator not above it; found \"3/2\"",
            ),
            (
                r#"{ kind = "ratio", numerator = "a.b", denominator = "a.c", at_least_fraction = "2/3", at_least_percent = 60, when_empty = "missing" }"#,
                "15: a \"ratio\" rule takes exactly one of `at_least_percent`, `at_most_percent`, `at_least_fraction` and `at_most_fraction`",
            ),
            (
                r#"{ kind = "times_a_year", fact = "a.b", times = 5 }"#,
                "15: `times` must divide 12 (1, 2, 3, 4, 6 or 12) so the year splits into equal whole months, found 5",
            ),
            (
                r#"{ kind = "every_period", fact = "a.b", period = "week" }"#,
                "15: `period` must be \"month\", \"quarter\" or \"half_year\", found \"week\"",
            ),
            (
                r#"{ kind = "every_period", fact = "a.b" }"#,
                "15: a \"every_period\" rule needs the field `period`",
            ),
            (
                r#"{ kind = "each_record", fact = "a.b", numerator = "date", denominator = "members", at_least_fraction = "2/3", when_empty = "missing" }"#,
                "15: record field \"date\" cannot be used: it must be one lowercase key (such as present), not date, title or evidence",
            ),
            (
                r#"{ kind = "look_back", fact = "a.b", years = 0 }"#,
                "15: `years` must be a whole number ≥ 1, found 0",
            ),
            (
                r#"{ kind = "checklist", items = [{ fact = "a.b", expires = false }] }"#,
                "15: `expires` can only be true (the date is an expiry date); otherwise leave it out",
            ),
            (
                r#"{ kind = "checklist", items = [{ fact = "a.b", points = 1 }, { fact = "a.c", points = 0.5 }] }"#,
                "15: the items' `points` add up to 1.5, not the criterion's `points` (2)",
            ),
            (
                r#"{ kind = "checklist", items = [{ fact = "a.b", points = 1 }, { fact = "a.c" }] }"#,
                "15: once a checklist item has `points`, every item needs `points` and none may `deduct`",
            ),
            (
                r#"{ kind = "checklist", items = [{ fact = "a.b", deduct = 1 }, { fact = "a.c" }] }"#,
                "15: when some items `deduct`, every other item needs its own `deduct`, or the rule a `deduct` for them",
            ),
        ];
        for (rule, expected) in cases {
            assert_eq!(messages(&criterion(rule)), [expected], "{rule}");
        }
        // An expiry date and an event date are different types.
        let both = criterion(r#"{ kind = "not_expired", fact = "a.b" }"#).replace(
            "[[target.criterion]]",
            "[[target.criterion]]\nid = \"1.0\"\ntitle = \"甲\"\ntitle_en = \"A\"\npoints = 1\nrule = { kind = \"within_years\", fact = \"a.b\", years = 1 }\n[[target.criterion]]",
        );
        assert_eq!(messages(&both).len(), 1, "{both}");
    }

    #[test]
    fn a_veto_criterion_cannot_be_declarable() {
        let source = criterion(r#"{ kind = "flag", fact = "a.b" }"#).replace(
            "points = 2\n",
            "points = 2\nveto = true\ndeclarable = true\n",
        );
        assert_eq!(
            messages(&source),
            [
                "16: criterion 1.1 is a veto criterion and cannot be declarable (declared not applicable); to make it a veto, also write declarable = false"
            ]
        );
        let declarable = criterion(r#"{ kind = "flag", fact = "a.b" }"#)
            .replace("points = 2\n", "points = 2\ndeclarable = true\n");
        let standard = load(&declarable).unwrap();
        assert!(standard.criteria().next().unwrap().1.declarable);
    }

    #[test]
    fn every_rule_kind_loads() {
        for rule in [
            r#"{ kind = "flag", fact = "a.b" }"#,
            r#"{ kind = "attested", fact = "a.b" }"#,
            r#"{ kind = "at_most", fact = "a.b", max = 0 }"#,
            r#"{ kind = "at_least", fact = "a.b", min = 3 }"#,
            r#"{ kind = "count_in_year", fact = "a.b", min = 2 }"#,
            r#"{ kind = "every_quarter", fact = "a.b" }"#,
            r#"{ kind = "within_years", fact = "a.b", years = 5 }"#,
            r#"{ kind = "checklist", items = [{ fact = "a.b" }, { fact = "a.c", max = 0 }] }"#,
            r#"{ kind = "ratio", numerator = "a.b", denominator = "a.c", at_least_percent = 95.5, when_empty = "missing" }"#,
            r#"{ kind = "ratio", numerator = "a.b", denominator = "a.c", at_most_fraction = "1/3", when_empty = "missing" }"#,
            r#"{ kind = "every_period", fact = "a.b", period = "month", deduct = 0.5 }"#,
            r#"{ kind = "times_a_year", fact = "a.b", times = 4 }"#,
            r#"{ kind = "each_record", fact = "a.b", numerator = "present", denominator = "members", at_least_fraction = "2/3", when_empty = "not_applicable" }"#,
            r#"{ kind = "look_back", fact = "a.b", years = 2 }"#,
            r#"{ kind = "not_expired", fact = "a.b" }"#,
            r#"{ kind = "count_in_year", fact = "a.b", min = 4, deduct = 0.5 }"#,
            r#"{ kind = "checklist", items = [{ fact = "a.b", years = 5 }, { fact = "a.c", expires = true }] }"#,
            r#"{ kind = "checklist", items = [{ fact = "a.b", points = 1 }, { fact = "a.c", points = 1 }] }"#,
            r#"{ kind = "checklist", deduct = 1, items = [{ fact = "a.b", deduct = 0.5 }, { fact = "a.c" }] }"#,
        ] {
            assert_eq!(messages(&criterion(rule)), Vec::<String>::new(), "{rule}");
        }
    }

    #[test]
    fn an_unknown_kind_is_named_with_a_suggestion_and_its_line() {
        assert_eq!(
            messages(&criterion(r#"{ kind = "flg", fact = "a.b" }"#)),
            [
                "15: unknown rule kind \"flg\" (expected one of: flag, at_most, at_least, checklist, ratio, count_in_year, every_quarter, every_period, times_a_year, within_years, attested, each_record, look_back, not_expired); did you mean \"flag\"?"
            ]
        );
    }

    #[test]
    fn misplaced_and_missing_fields_are_refused() {
        let found = messages(&criterion(r#"{ kind = "flag", fact = "a.b", max = 0 }"#));
        assert_eq!(
            found,
            ["15: a \"flag\" rule has no field `max` (it takes: fact)"]
        );
        let found = messages(&criterion(r#"{ kind = "at_most", fact = "a.b" }"#));
        assert_eq!(found, ["15: a \"at_most\" rule needs the field `max`"]);
        let found = messages(&criterion(
            r#"{ kind = "ratio", numerator = "a.b", denominator = "a.c", at_least_percent = 95 }"#,
        ));
        assert_eq!(found, ["15: a \"ratio\" rule needs the field `when_empty`"]);
    }

    #[test]
    fn thresholds_and_points_must_make_sense() {
        let found = messages(&criterion(
            r#"{ kind = "ratio", numerator = "a.b", denominator = "a.c", at_most_percent = 120, when_empty = "missing" }"#,
        ));
        assert_eq!(
            found,
            ["15: `at_most_percent` is a percent and must lie between 0 and 100, found 120"]
        );
        let zero_points =
            criterion(r#"{ kind = "flag", fact = "a.b" }"#).replace("points = 2", "points = 0");
        assert_eq!(
            messages(&zero_points),
            ["14: `points` must be a number greater than 0 with at most three decimals, found 0"]
        );
        let bad_mark = criterion(r#"{ kind = "flag", fact = "a.b" }"#)
            .replace("pass_mark = 90", "pass_mark = 101");
        assert_eq!(
            messages(&bad_mark),
            ["5: `pass_mark` is a percent and must lie between 0 and 100, found 101"]
        );
    }

    #[test]
    fn duplicate_ids_and_conflicting_fact_types_are_refused() {
        let one = criterion(r#"{ kind = "flag", fact = "a.b" }"#);
        let twice = format!(
            "{one}[[target.criterion]]\nid = \"1.1\"\ntitle = \"乙\"\ntitle_en = \"B\"\npoints = 1\nrule = {{ kind = \"at_most\", fact = \"a.b\", max = 0 }}\n"
        );
        assert_eq!(
            messages(&twice),
            [
                "17: duplicate criterion id \"1.1\"",
                "21: fact a.b is true or false in criterion 1.1 but a whole number ≥ 0 in 1.1"
            ]
        );
    }

    #[test]
    fn unknown_fields_and_bad_syntax_point_at_their_line() {
        let extra = criterion(r#"{ kind = "flag", fact = "a.b" }"#)
            .replace("points = 2", "points = 2\nweight = 3");
        let found = messages(&extra);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].starts_with("15: unknown field `weight`: fields allowed here: id, title"),
            "{found:?}"
        );
        // A misspelt field is answered with the one meant, in Chinese too.
        let typo =
            criterion(r#"{ kind = "flag", fact = "a.b" }"#).replace("points = 2", "pionts = 2");
        let error = load(&typo).err().unwrap();
        assert_eq!(
            error.diagnostics[0].message.zh,
            "未知的字段 `pionts`：是否想写 `points`？"
        );
        let error = load(&format!("extend = \"seed-2008\"\n{HEAD}"))
            .err()
            .unwrap();
        assert_eq!(
            error.diagnostics[0].message.en,
            "unknown field `extend`: did you mean `extends`?"
        );
        assert!(
            messages("id = ")
                .first()
                .is_some_and(|m| m.starts_with("1: "))
        );
    }

    #[test]
    fn control_characters_and_bidi_controls_are_refused_where_they_are() {
        let source = criterion(r#"{ kind = "flag", fact = "a.b" }"#)
            .replace(
                "title_en = \"A\"",
                "title_en = \"\\u001b]0;pwned\\u0007\\u001b[2J\"",
            )
            .replace("title = \"一\"", "title = \"一\\r二\"")
            .replace("version = \"1\"", "version = \"1\\u202e\"");
        assert_eq!(
            messages(&source),
            [
                "4: the text holds the bidirectional control U+202E, which reorders what is shown; remove it",
                "8: the text holds the control character U+000D; remove it",
                "13: the text holds the control character U+001B; remove it",
            ]
        );
    }

    #[test]
    fn a_file_saved_with_windows_line_ends_loads() {
        let source = criterion(r#"{ kind = "flag", fact = "a.b" }"#)
            .replace(
                "points = 2",
                "points = 2\nbasis = \"\"\"\n第一行\n第二行\"\"\"",
            )
            .replace('\n', "\r\n");
        assert_eq!(messages(&source), Vec::<String>::new());
    }

    #[test]
    fn a_fact_cannot_be_a_value_and_a_section() {
        let source =
            criterion(r#"{ kind = "checklist", items = [{ fact = "a.b" }, { fact = "a.b.c" }] }"#);
        assert_eq!(
            messages(&source),
            ["15: fact a.b is both a value and the section holding a.b.c"]
        );
        let reserved = criterion(r#"{ kind = "flag", fact = "year" }"#);
        assert_eq!(
            messages(&reserved),
            ["15: fact path \"year\" collides with the fact sheet's reserved key `year`"]
        );
    }
}
