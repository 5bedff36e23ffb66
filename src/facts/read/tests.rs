//! The reader on small sheets: values of every type, empty values, every
//! kind of mistake with its position, and what ends the walk.

use super::*;
use crate::facts::Schema;
use crate::standard::default_standard;

fn read(source: &str) -> Result<FactSheet, Vec<String>> {
    let standard = default_standard();
    let schema = Schema::for_standard(&standard);
    read_sheet(source, &standard, &schema).map_err(|diagnostics| {
        diagnostics
            .into_iter()
            .map(|d| {
                let place = d
                    .position
                    .map_or("-".to_string(), |p| format!("{}:{}", p.line, p.column));
                let path = d.key_path.unwrap_or_default();
                format!("{place} {path}: {}", d.message.en)
            })
            .collect()
    })
}

const HEAD: &str = "community:\n  name: 测试社区\nyear: 2024\n";

#[test]
fn reads_facts_of_every_type() {
    let sheet = read(&format!(
        "{HEAD}organization:\n  leading_group: true\nstability:\n  released_persons: 50\n  reoffenders: 1\n\
         elections:\n  last_election: 2021-05-20\ndecisions:\n  representative_assemblies:\n    - 2024-03-01\n    - date: 2024-09-01\n      title: 年中大会\n"
    ))
    .unwrap();
    assert_eq!(sheet.community.name, "测试社区");
    assert_eq!(sheet.as_of, Date::parse("2024-12-31").unwrap());
    assert_eq!(
        sheet.fact("organization.leading_group"),
        Some(&FactValue::Flag(true))
    );
    assert_eq!(
        sheet.fact("stability.released_persons"),
        Some(&FactValue::Count(50))
    );
    assert_eq!(
        sheet.fact("elections.last_election"),
        Some(&FactValue::Date(Date::parse("2021-05-20").unwrap()))
    );
    let Some(FactValue::Records(records)) = sheet.fact("decisions.representative_assemblies")
    else {
        panic!("records");
    };
    assert_eq!(records.len(), 2);
    assert_eq!(records[1].title.as_deref(), Some("年中大会"));
}

#[test]
fn empty_values_are_absent_not_errors() {
    let sheet = read(&format!(
        "{HEAD}organization:\n  leading_group:\n  led_by_director: ~\nstability:\nas_of:\n"
    ))
    .unwrap();
    assert!(sheet.facts.is_empty());
    assert_eq!(sheet.as_of.to_string(), "2024-12-31");
}

#[test]
fn unknown_keys_get_a_suggestion_and_their_position() {
    let errors = read(&format!(
        "{HEAD}stabilty:\n  reoffenders: 1\norganization:\n  leading_grop: true\n"
    ))
    .unwrap_err();
    assert_eq!(
        errors,
        [
            "4:1 stabilty: unknown key `stabilty`",
            "7:3 organization.leading_grop: unknown key `leading_grop`"
        ]
    );
}

#[test]
fn wrong_types_are_named_with_what_was_found() {
    let errors = read(&format!(
        "{HEAD}organization:\n  leading_group: yes\nstability:\n  reoffenders: -1\n  released_persons: 2.5\n\
         elections:\n  last_election: 2024-02-30\n  procedure: [1, 2]\n"
    ))
    .unwrap_err();
    assert_eq!(
        errors,
        [
            "5:18 organization.leading_group: expected true or false, found the text \"yes\"",
            "7:16 stability.reoffenders: a count cannot be negative, found -1",
            "8:21 stability.released_persons: a count is a whole number, found 2.5",
            "10:18 elections.last_election: there is no such day as 2024-02-30",
            "11:3 elections.procedure: expected a mapping (voter_registration, candidate_nomination, secret_ballot_booth, public_count, results_announced), found a list",
        ]
    );
}

#[test]
fn criterion_ids_written_as_numbers_are_read_as_ids() {
    let sheet = read(&format!(
        "{HEAD}evidence:\n  7.6: 2024年法制宣传活动台账\n  10.1: [荣誉证书, 照片]\nnot_applicable:\n  1.3: 社区规模小\n"
    ))
    .unwrap();
    assert_eq!(sheet.evidence["7.6"], ["2024年法制宣传活动台账"]);
    assert_eq!(sheet.evidence["10.1"], ["荣誉证书", "照片"]);
    assert_eq!(sheet.not_applicable["1.3"], "社区规模小");
}

#[test]
fn declarations_are_checked_against_the_standard() {
    let errors = read(&format!(
        "{HEAD}evidence:\n  7.7: 台账\nnot_applicable:\n  9.3: 无\n  1.3:\n"
    ))
    .unwrap_err();
    assert_eq!(
        errors,
        [
            "5:3 evidence.7.7: the standard has no criterion \"7.7\"",
            "7:3 not_applicable.9.3: criterion 9.3 is a veto criterion and cannot be declared not applicable",
            "7:8 not_applicable.9.3: the reason given is \"无\": say why the criterion does not apply to this community, or delete the line",
            "8:3 not_applicable.1.3: declaring criterion 1.3 not applicable needs a reason",
        ]
    );
}

#[test]
fn a_part_larger_than_its_whole_is_an_input_error() {
    let errors = read(&format!(
        "{HEAD}stability:\n  reoffenders: 3\n  released_persons: 2\nsupervision:\n  satisfaction:\n    surveyed: 10\n    satisfied: 10\n"
    ))
    .unwrap_err();
    assert_eq!(
        errors,
        [
            "5:3 stability.reoffenders: stability.reoffenders is 3, more than stability.released_persons (2): a part cannot exceed its whole"
        ]
    );
}

#[test]
fn records_need_dates() {
    let errors = read(&format!(
        "{HEAD}legal_education:\n  activities:\n    - title: 普法\n    - 2024-13-01\n    - date: 2024-01-01\n      place: 广场\n    -\n"
    ))
    .unwrap_err();
    assert_eq!(
        errors,
        [
            "6:7 legal_education.activities[0]: the record has no date: every record needs `date`",
            "7:7 legal_education.activities[1]: there is no such day as 2024-13-01",
            "9:7 legal_education.activities[2].place: unknown key `place`",
            "10:6 legal_education.activities[3]: a record is a date or a mapping with `date`, found an empty value",
        ]
    );
}

#[test]
fn duplicate_keys_and_missing_required_keys_are_reported() {
    let errors = read("community:\n  district: 大榭\nyear: 2024\nyear: 2025\n").unwrap_err();
    assert_eq!(
        errors,
        [
            "1:1 community.name: the community's name is missing: fill in community.name",
            "4:1 year: duplicate key `year` (first on line 3); write it once",
        ]
    );
    let errors = read("community:\n  name: x\n").unwrap_err();
    assert_eq!(
        errors,
        ["- year: the assessment year is missing: fill in year, e.g. year: 2024"]
    );
}

#[test]
fn as_of_cannot_precede_the_year() {
    let errors = read(&format!("{HEAD}as_of: 2023-12-31\n")).unwrap_err();
    assert_eq!(
        errors,
        ["4:1 as_of: as_of 2023-12-31 is before the assessment year 2024 begins"]
    );
    assert!(read(&format!("{HEAD}as_of: 2025-03-01\n")).is_ok());
}

#[test]
fn syntax_errors_end_the_walk_but_keep_earlier_findings() {
    let errors = read(&format!("{HEAD}stabilty: 1\norganization: [\n")).unwrap_err();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].starts_with("4:1 stabilty: unknown key"));
    assert!(errors[1].contains("a bracket is not closed"), "{errors:?}");
}

fn read_with_help(source: &str) -> Vec<String> {
    let standard = default_standard();
    let schema = Schema::for_standard(&standard);
    read_sheet(source, &standard, &schema)
        .err()
        .unwrap_or_default()
        .into_iter()
        .map(|d| {
            let help: Vec<String> = d.help.iter().map(|h| h.en.clone()).collect();
            format!("{} | {}", d.message.en, help.join(" | "))
        })
        .collect()
}

#[test]
fn hints_point_to_the_fix() {
    assert_eq!(
        read_with_help(&format!("{HEAD}supervision:\n  reoffenders: 1\n")),
        ["unknown key `reoffenders` | `reoffenders` belongs at `stability.reoffenders`"]
    );
    assert_eq!(
        read_with_help(&format!("{HEAD}stability:\n  released_persons: \"12\"\n")),
        ["expected a whole number ≥ 0, found the text \"12\" | write the number without quotes"]
    );
    assert_eq!(
        read_with_help(&format!(
            "{HEAD}legal_education:\n  activities: 2024-03-01\n"
        )),
        [
            "expected a list of dated records (dates, or mappings with `date`), found the text \"2024-03-01\" | records are a list, one per line: - 2024-03-01"
        ]
    );
    assert_eq!(
        read_with_help("community:\n  name: x\nyear: \"2024\"\n"),
        [
            "the assessment year is a four-digit whole number (e.g. 2024), found the text \"2024\" | write the year without quotes"
        ]
    );
}

#[test]
fn a_sheet_that_is_not_a_mapping_is_refused() {
    assert_eq!(
        read("- a\n- b\n").unwrap_err(),
        ["1:1 : expected a mapping (community:, year:, …), found a list"]
    );
}

#[test]
fn a_refused_year_or_name_is_not_also_missing() {
    assert_eq!(
        read("community:\n  name: true\nyear: [2024]\n").unwrap_err(),
        [
            "2:9 community.name: expected text, found the boolean true",
            "3:1 year: expected a four-digit whole number (e.g. 2024), found a list",
        ]
    );
}

#[test]
fn a_float_count_is_shown_as_written() {
    assert_eq!(
        read(&format!("{HEAD}stability:\n  released_persons: 3.0\n")).unwrap_err(),
        ["5:21 stability.released_persons: a count is a whole number, found 3.0"]
    );
}

#[test]
fn numbers_past_the_cap_are_too_large() {
    let errors = read(&format!(
        "{HEAD}stability:\n  released_persons: 1000000001\n  reoffenders: 99999999999999999999999999\n  major_criminal_cases: 1000000000000000000000000000000000000000000\n"
    ))
    .unwrap_err();
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(errors.iter().all(|e| e.contains("too large")), "{errors:?}");
}

#[test]
fn a_second_document_is_located() {
    assert_eq!(
        read(&format!("{HEAD}---\n{HEAD}")).unwrap_err(),
        ["4:1 : the file holds more than one YAML document (---); a fact sheet is one document"]
    );
}

/// The inputs that once took the YAML library quadratic time: refused at
/// once, at the place the nesting goes too deep. (Checked for the place,
/// not a time; `bench/batch.sh` times them.)
#[test]
fn deep_nesting_is_refused_where_it_goes_too_deep() {
    let braces = "{a: ".repeat(260_000 / 4);
    assert_eq!(
        read(&braces).unwrap_err(),
        ["1:1021 : the document is nested too deeply"]
    );
    let brackets = "[".repeat(262_143);
    assert_eq!(
        read(&brackets).unwrap_err(),
        ["1:256 : the document is nested too deeply"]
    );
    // Past the sheet's own limit but inside the parser's, the reader stops.
    let balanced = format!("{HEAD}stability: {}{}\n", "[".repeat(40), "]".repeat(40));
    assert_eq!(
        read(&balanced).unwrap_err(),
        ["4:27 : the document is nested too deeply"]
    );
    let mut block = String::from(HEAD);
    for depth in 0..200 {
        block.push_str(&format!("{}k{depth}:\n", " ".repeat(depth)));
    }
    let errors = read(&block).unwrap_err();
    assert_eq!(errors[0], "4:1 k0: unknown key `k0`");
    assert_eq!(errors[1], "20:17 : the document is nested too deeply");
}

/// The pathological alias sheet: 100 KB of text anchored once and aliased
/// 10,000 times. Expanding it would take a gigabyte; the expansion stops
/// at the alias where it would repeat more than the file holds.
#[test]
fn aliases_expand_at_most_as_much_as_the_file_holds() {
    let text = "台".repeat(100_000 / 3);
    let aliases = vec!["*t"; 10_000].join(", ");
    let sheet = format!(
        "{HEAD}not_applicable:\n  \"1.3\": &t \"{text}\"\nevidence:\n  \"7.6\": [{aliases}]\n"
    );
    assert!((135_000..145_000).contains(&sheet.len()), "{}", sheet.len());
    let errors = read(&sheet).unwrap_err();
    assert_eq!(
        errors,
        [
            "7:15 : aliases (*alias) expand to more than the file itself holds; write the values out instead"
        ]
    );
    // Within the budget, aliases are the values they name.
    let sheet = read(&format!(
        "{HEAD}not_applicable:\n  \"1.3\": &why \"社区规模小\"\nevidence:\n  \"7.6\": [*why, *why]\n\
         decisions:\n  representative_assemblies: &meetings [2024-03-01]\n\
         supervision:\n  work_reports: *meetings\n"
    ))
    .unwrap();
    assert_eq!(sheet.evidence["7.6"], ["社区规模小", "社区规模小"]);
    assert_eq!(
        sheet.fact("supervision.work_reports"),
        sheet.fact("decisions.representative_assemblies")
    );
}

#[test]
fn an_alias_is_reported_where_it_stands_not_where_its_anchor_is() {
    assert_eq!(
        read(&format!(
            "{HEAD}organization:\n  leading_group: &yes \"yes\"\nstability:\n  reoffenders: *yes\n  released_persons: &list [1]\n\
             legal_education:\n  activities: [*list]\n"
        ))
        .unwrap_err(),
        [
            "5:18 organization.leading_group: expected true or false, found the text \"yes\"",
            "7:16 stability.reoffenders: expected a whole number ≥ 0, found the text \"yes\"",
            "8:3 stability.released_persons: expected a whole number ≥ 0, found a list",
            "10:16 legal_education.activities[0]: a record is a date or a mapping with `date`, found a list",
        ]
    );
    assert_eq!(
        read(&format!("{HEAD}stability: &s\n  reoffenders: *s\n")).unwrap_err(),
        ["5:16 : an alias (*alias) refers to the value it stands inside of"]
    );
}

#[test]
fn text_is_kept_exactly_as_written() {
    let sheet = read(
        "community:\n  name: 2号楼\n  district: 1.10\nyear: 2024\nnot_applicable:\n  \"1.3\": 3.0\n\
         evidence:\n  \"7.6\": 0x1F\n  \"7.1\": [010, 1e3, .inf]\n\
         legal_education:\n  activities:\n    - date: 2024-03-01\n      title: 2024.10\n",
    )
    .unwrap();
    assert_eq!(sheet.community.district.as_deref(), Some("1.10"));
    assert_eq!(sheet.not_applicable["1.3"], "3.0");
    assert_eq!(sheet.evidence["7.6"], ["0x1F"]);
    assert_eq!(sheet.evidence["7.1"], ["010", "1e3", ".inf"]);
    let Some(FactValue::Records(records)) = sheet.fact("legal_education.activities") else {
        panic!("records");
    };
    assert_eq!(records[0].title.as_deref(), Some("2024.10"));
}

#[test]
fn every_item_of_a_list_has_its_position() {
    assert_eq!(
        read(&format!(
            "{HEAD}evidence:\n  \"7.6\":\n    - 台账\n    - {{page: 3}}\n    - [a]\n"
        ))
        .unwrap_err(),
        [
            "7:7 evidence.7.6[1]: expected text, found a mapping",
            "8:7 evidence.7.6[2]: expected text, found a list",
        ]
    );
}

#[test]
fn counts_are_plain_decimal_digits() {
    assert_eq!(
        read(&format!(
            "{HEAD}stability:\n  reoffenders: 0x10\n  released_persons: 0o7\n  group_fights: 0b11\n  group_petitions: 010\n\
             major_criminal_cases: 1_000\n"
        ))
        .unwrap_err()
        .len(),
        // `major_criminal_cases` at the top level is an unknown key.
        5
    );
    assert_eq!(
        read_with_help(&format!(
            "{HEAD}stability:\n  reoffenders: 0x10\n  released_persons: 0o7\n  group_fights: 0b11\n  group_petitions: 010\n\
             \x20 major_criminal_cases: 1_000\n  dispute_suicides: 1e3\n  civil_to_criminal: .inf\n"
        )),
        [
            "a count is written in decimal digits, found the hexadecimal number 0x10 | write 16",
            "a count is written in decimal digits, found the octal number 0o7 | write 7",
            "a count is written in decimal digits, found the binary number 0b11 | write 3",
            "a count is written without leading zeros, found 010 | write 10",
            "a count is written without separators, found 1_000 | write 1000",
            "a count is written in plain digits, found 1e3 | write 1000",
            "a count is a whole number, found .inf | ",
        ]
    );
}

#[test]
fn flags_are_true_or_false_and_a_quoted_true_is_text() {
    assert_eq!(
        read_with_help(&format!(
            "{HEAD}organization:\n  leading_group: True\n  led_by_director: \"true\"\n  block_cadres_assigned: 是\n"
        )),
        [
            "expected true or false, found the text \"True\" | write true or false (here: true)",
            "expected true or false, found the text \"true\" | write true or false without quotes",
            "expected true or false, found the text \"是\" | write true or false (here: true)",
        ]
    );
}

#[test]
fn tags_merge_keys_and_complex_keys_are_named() {
    assert_eq!(
        read(&format!(
            "{HEAD}organization:\n  leading_group: !custom X\n  led_by_director: !!bool true\n\
             stability: &base\n  reoffenders: 1\nsupervision:\n  <<: *base\n? [a, b]\n: c\n"
        ))
        .unwrap_err(),
        [
            "5:18 organization.leading_group: YAML tags (`!custom`) are not used in a fact sheet; remove the tag",
            "6:20 organization.led_by_director: YAML tags (`!!bool`) are not used in a fact sheet; remove the tag",
            "10:3 supervision.<<: merge keys (`<<`) are not used in a fact sheet; write the keys out",
            "11:3 : complex keys (`? …`, a list or a mapping as a key) are not used in a fact sheet; a key is a name",
        ]
    );
    let standard = default_standard();
    let schema = Schema::for_standard(&standard);
    let zh = read_sheet(
        "community:\n  name: x\nyear: !!int 2024\n",
        &standard,
        &schema,
    )
    .unwrap_err();
    assert!(
        zh.iter()
            .any(|d| d.message.zh.contains("YAML 标签（`!!int`）")),
        "{zh:?}"
    );
}

#[test]
fn a_sheet_of_comments_or_an_empty_document_lacks_name_and_year() {
    for source in ["# 还没有填写\n", "---\n", "--- ~\n"] {
        assert_eq!(
            read(source).unwrap_err(),
            [
                "- community.name: the community's name is missing: fill in community.name",
                "- year: the assessment year is missing: fill in year, e.g. year: 2024",
            ],
            "{source:?}"
        );
    }
}

#[test]
fn too_many_problems_end_the_walk() {
    let mut source = String::from(HEAD);
    for i in 0..80 {
        source.push_str(&format!("unknown{i}: 1\n"));
    }
    let errors = read(&source).unwrap_err();
    assert_eq!(errors.len(), MAX_PROBLEMS + 1);
    assert_eq!(
        errors[MAX_PROBLEMS],
        "- : too many problems: stopped after 50"
    );
}

/// A standard whose meetings carry `present` and `members`, and whose
/// lease has an expiry date.
fn read_quorum(source: &str) -> Result<FactSheet, Vec<String>> {
    let standard = crate::standard::load(
        "id = \"q\"\ntitle = \"法定人数\"\ntitle_en = \"Quorum\"\nversion = \"1\"\npass_mark = 80\n\
         [[target]]\nid = \"1\"\ntitle = \"一\"\ntitle_en = \"One\"\n\
         [[target.criterion]]\nid = \"1.1\"\ntitle = \"甲\"\ntitle_en = \"A\"\npoints = 1\n\
         rule = { kind = \"each_record\", fact = \"m.meetings\", numerator = \"present\", denominator = \"members\", at_least_fraction = \"2/3\", when_empty = \"missing\" }\n\
         [[target.criterion]]\nid = \"1.2\"\ntitle = \"乙\"\ntitle_en = \"B\"\npoints = 1\n\
         rule = { kind = \"not_expired\", fact = \"m.lease\" }\n",
    )
    .unwrap();
    let schema = Schema::for_standard(&standard);
    read_sheet(source, &standard, &schema).map_err(|diagnostics| {
        diagnostics
            .into_iter()
            .map(|d| {
                let place = d
                    .position
                    .map_or("-".to_string(), |p| format!("{}:{}", p.line, p.column));
                let help: String = d.help.iter().map(|h| format!(" ({})", h.en)).collect();
                format!(
                    "{place} {}: {}{help}",
                    d.key_path.unwrap_or_default(),
                    d.message.en
                )
            })
            .collect()
    })
}

#[test]
fn records_carry_the_fields_the_standard_names_and_no_others() {
    let sheet = read_quorum(&format!(
        "{HEAD}m:\n  meetings:\n    - {{ date: 2024-03-01, present: 38, members: 50 }}\n    - 2024-04-01\n  lease: 2026-06-30\n"
    ))
    .unwrap();
    let Some(FactValue::Records(records)) = sheet.fact("m.meetings") else {
        panic!("records");
    };
    assert_eq!(records[0].field("present"), Some(38));
    assert_eq!(records[0].field("members"), Some(50));
    assert_eq!(records[1].field("present"), None);
    // An expiry date may lie after as_of; it is what it is for.
    assert_eq!(
        sheet.fact("m.lease"),
        Some(&FactValue::Date(Date::parse("2026-06-30").unwrap()))
    );
    assert_eq!(
        read_quorum(&format!(
            "{HEAD}m:\n  meetings:\n    - {{ date: 2024-03-01, presnt: 38, members: 50 }}\n"
        ))
        .unwrap_err(),
        ["6:27 m.meetings[0].presnt: unknown key `presnt` (did you mean `present`?)"]
    );
    assert_eq!(
        read_quorum(&format!(
            "{HEAD}m:\n  meetings:\n    - {{ date: 2024-03-01, present: -1, members: 50 }}\n"
        ))
        .unwrap_err()
        .len(),
        1
    );
    assert_eq!(
        read_quorum(&format!(
            "{HEAD}m:\n  meetings:\n    - {{ date: 2024-03-01, present: 51, members: 50 }}\n"
        ))
        .unwrap_err(),
        [
            "6:9 m.meetings[0].present: present is 51, more than members (50): a part cannot exceed its whole"
        ]
    );
}

/// A value typed with a leading `&` would lose its first word to an
/// anchor name: refused at the `&`. Quoted texts and collections may
/// still be anchored and aliased.
#[test]
fn an_anchor_on_a_plain_value_is_refused_at_the_ampersand() {
    assert_eq!(
        read(&format!(
            "{HEAD}decisions:\n  representative_assemblies:\n    - date: 2024-03-01\n      title: &第一次 会议\n"
        ))
        .unwrap_err(),
        ["7:14 decisions.representative_assemblies[0].title: \"&第一次\", starting with &, is read as an anchor name (&name), not as part of the value"]
    );
    assert_eq!(
        read("community:\n  name: &幸福社区\nyear: 2024\n").unwrap_err()[0],
        "2:9 community.name: \"&幸福社区\", starting with &, is read as an anchor name (&name), not as part of the value"
    );
    let sheet = read(&format!(
        "{HEAD}not_applicable:\n  \"1.3\": &why \"社区规模小\"\nevidence:\n  \"7.6\": *why\n"
    ))
    .unwrap();
    assert_eq!(sheet.evidence["7.6"], ["社区规模小"]);
}

/// Numbers, dates and years typed on a Chinese keyboard are named, with
/// the value to write.
#[test]
fn numbers_and_dates_typed_full_width_or_said_get_the_value_to_write() {
    let help = |value: &str| {
        read_with_help(&format!(
            "{HEAD}legal_education:\n  publicity_team:\n    part_time: {value}\n"
        ))
        .join(" | ")
    };
    for (typed, fixed) in [
        ("１２", "write 12"),
        ("０１２", "write 12"),
        ("十二", "write 12"),
        ("一百零五", "write 105"),
        ("12次", "write 12"),
        ("12人", "write 12"),
        ("1，200", "write 1200"),
        ("1 200", "write 1200"),
    ] {
        assert!(help(typed).ends_with(fixed), "{typed}: {}", help(typed));
    }
    assert!(help("很多").contains("found the text"), "{}", help("很多"));
    let date = |value: &str| {
        read_with_help(&format!("{HEAD}elections:\n  last_election: {value}\n")).join(" | ")
    };
    assert!(date("２０２６-０５-１６").ends_with("write 2026-05-16"));
    assert!(date("2026－05－16").ends_with("write 2026-05-16"));
    assert!(date("2026-05-16\u{3000}").contains("full-width space"));
    let year = read_with_help("community:\n  name: 甲\nyear: ２０２６\n").join(" | ");
    assert!(year.ends_with("write 2026"), "{year}");
    let flag = read_with_help(&format!(
        "{HEAD}organization:\n  leading_group: true\u{3000}\n"
    ))
    .join(" | ");
    assert!(
        flag.contains("full-width space") && flag.ends_with("write true"),
        "{flag}"
    );
}

/// A `key: value` line mistyped inside a section is named at its own line.
#[test]
fn a_mistyped_key_line_is_named_where_it_is() {
    for (line, slip) in [
        ("  attested： true", "full-width colon"),
        ("  attested:\u{3000}true", "full-width space"),
        ("  attested:true", "needs a space"),
    ] {
        let said = read(&format!("{HEAD}development:\n{line}\n")).unwrap_err();
        assert!(
            said[0].starts_with("5:3 development: `attested`"),
            "{said:?}"
        );
        assert!(said[0].contains(slip), "{said:?}");
    }
}

/// No message of the bad-sheet corpus, nor of the slips the clerk met,
/// shows the parser's English in a Chinese run.
#[test]
fn no_chinese_message_carries_the_parsers_english() {
    let english = [
        "while ",
        "did not find",
        "not allowed",
        "must be followed",
        "unexpected",
        "unknown anchor",
        "simple key",
        "invalid",
        "scalar",
        "YAML syntax error",
    ];
    let mut sheets: Vec<String> = std::fs::read_dir("tests/bad/sheets")
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .filter_map(|path| crate::input::decode(std::fs::read(path).unwrap()).ok())
        .collect();
    assert!(sheets.len() > 30, "{}", sheets.len());
    for line in [
        "  leading_group:\ttrue",
        "  leading_group: *yes",
        "  title: @居委会 主持",
        "  title: `x`",
        "  title: %x",
        "  title: !重要 居民代表大会",
        "  title: | 多行",
        "  title: > 折叠",
        "  title: - 居民代表大会",
        "  title: -",
        "  \"1.3\"：社区规模小",
        "  title: \"2026年\"居民代表大会",
        "  title: 民法典: 进社区",
        "  a: 1\n   b: 2",
        "  x: [a, b",
        "  x: {a: b",
        "  x: \"a",
    ] {
        sheets.push(format!("{HEAD}organization:\n{line}\n"));
    }
    sheets.push(format!("{HEAD}organization\n  leading_group: true\n"));
    let standard = default_standard();
    let schema = Schema::for_standard(&standard);
    for sheet in &sheets {
        for d in read_sheet(sheet, &standard, &schema)
            .err()
            .unwrap_or_default()
        {
            let zh = format!(
                "{} {:?}",
                d.message.zh,
                d.help.iter().map(|h| &h.zh).collect::<Vec<_>>()
            );
            assert!(
                !english.iter().any(|phrase| zh.contains(phrase)),
                "{sheet}\n→ {zh}"
            );
        }
    }
}
