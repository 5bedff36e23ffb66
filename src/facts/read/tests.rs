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
    assert!(errors[1].contains("YAML syntax error"), "{errors:?}");
}

#[test]
fn the_position_suffix_is_read_back() {
    assert_eq!(
        position_in_message("a.b: x at line 3 column 15"),
        Some(Position {
            line: 3,
            column: 15
        })
    );
    assert_eq!(position_in_message("x"), None);
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
        second_document("---\na: 1\n---\nb: 2\n"),
        Some(Position { line: 3, column: 1 })
    );
    assert_eq!(
        second_document("# c\na: 1\n--- \nb: 2\n"),
        Some(Position { line: 3, column: 1 })
    );
    assert_eq!(second_document("a: 1\n"), None);
    assert_eq!(
        read(&format!("{HEAD}---\n{HEAD}")).unwrap_err(),
        ["4:1 : the file holds more than one YAML document (---); a fact sheet is one document"]
    );
}
