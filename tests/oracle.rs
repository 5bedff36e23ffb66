//! Random fact sheets, judged twice: once by `assess` (YAML text through
//! the reader, the default standard and the evaluator) and once by a
//! deliberately naive re-statement of the 2008 criteria written here with
//! different arithmetic. Every criterion's status and earned points, the
//! percent and the verdict must agree.
//!
//! The generator leans on boundaries: ratios on and next to their bounds,
//! terms ending on `as_of`, records on quarter ends and year ends, leap
//! days, absent and empty values.

use assess::eval::{Status, Verdict, evaluate};
use assess::facts::{Schema, read_sheet};
use assess::standard::default_standard;
use std::collections::BTreeMap;
use std::fmt::Write as _;

// `pick` is for the sheet generator only.
#[allow(dead_code)]
#[path = "support/rng.rs"]
mod rng;
use rng::Rng;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Ymd(i32, u32, u32);

fn leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn month_len(y: i32, m: u32) -> u32 {
    [
        31,
        if leap(y) { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ][m as usize - 1]
}

fn random_date(rng: &mut Rng, years: std::ops::RangeInclusive<i32>) -> Ymd {
    let span = (years.end() - years.start() + 1) as u64;
    let y = years.start() + rng.below(span) as i32;
    // Favour the days that matter: quarter ends, quarter starts, leap days.
    match rng.below(6) {
        0 => {
            let q = 1 + rng.below(4) as u32;
            let m = q * 3;
            Ymd(y, m, month_len(y, m))
        }
        1 => Ymd(y, 1 + 3 * rng.below(4) as u32, 1),
        2 if leap(y) => Ymd(y, 2, 29),
        _ => {
            let m = 1 + rng.below(12) as u32;
            Ymd(y, m, 1 + rng.below(u64::from(month_len(y, m))) as u32)
        }
    }
}

fn previous_day(d: Ymd) -> Ymd {
    match d {
        Ymd(y, 1, 1) => Ymd(y - 1, 12, 31),
        Ymd(y, m, 1) => Ymd(y, m - 1, month_len(y, m - 1)),
        Ymd(y, m, day) => Ymd(y, m, day - 1),
    }
}

fn text(d: Ymd) -> String {
    format!("{:04}-{:02}-{:02}", d.0, d.1, d.2)
}

/// A generated value, as the oracle sees it.
#[derive(Clone, Debug)]
enum V {
    Flag(bool),
    Count(u64),
    Date(Ymd),
    Records(Vec<Ymd>),
}

struct Sheet {
    year: i32,
    as_of: Ymd,
    as_of_given: bool,
    facts: BTreeMap<&'static str, Option<V>>,
    evidence_10_1: bool,
    declared: Vec<&'static str>,
}

const FLAGS: [&str; 27] = [
    "organization.leading_group",
    "organization.led_by_director",
    "organization.block_cadres_assigned",
    "self_governance.charter_adopted",
    "self_governance.charter_lawful",
    "self_governance.representative_meeting_system",
    "self_governance.committee_work_system",
    "elections.procedure.voter_registration",
    "elections.procedure.candidate_nomination",
    "elections.procedure.secret_ballot_booth",
    "elections.procedure.public_count",
    "elections.procedure.results_announced",
    "management.seal_rules",
    "management.finance_rules",
    "management.staffing_rules",
    "supervision.disclosure.affairs",
    "supervision.disclosure.finance",
    "supervision.disclosure.fixed_time_and_place",
    "supervision.oversight_group",
    "legal_education.publicity_window",
    "legal_education.law_library_corner",
    "legal_education.legal_school",
    "legal_education.study_system",
    "legal_services.teams.mediation",
    "legal_services.teams.legal_service",
    "legal_services.teams.legal_aid",
    "legal_services.teams.resettlement",
];

const ZERO_COUNTS: [&str; 8] = [
    "elections.misconduct_incidents",
    "management.rights_violations",
    "supervision.nondisclosure_petitions",
    "stability.major_criminal_cases",
    "stability.civil_to_criminal",
    "stability.dispute_suicides",
    "stability.group_fights",
    "stability.group_petitions",
];

const RATIOS: [(&str, &str); 4] = [
    (
        "decisions.major_matters_by_meeting",
        "decisions.major_matters",
    ),
    (
        "supervision.satisfaction.satisfied",
        "supervision.satisfaction.surveyed",
    ),
    ("stability.reoffenders", "stability.released_persons"),
    ("stability.disputes.resolved", "stability.disputes.received"),
];

const RECORDS: [&str; 4] = [
    "decisions.representative_assemblies",
    "supervision.work_reports",
    "legal_education.activities",
    "legal_services.sessions",
];

fn maybe(rng: &mut Rng, value: V) -> Option<V> {
    // 8% absent (left out), handled by the caller; 5% written empty.
    if rng.chance(5) { None } else { Some(value) }
}

fn generate(rng: &mut Rng) -> Sheet {
    let year = 2016 + rng.below(12) as i32;
    let as_of_given = rng.chance(60);
    let as_of = if as_of_given {
        loop {
            let d = random_date(rng, year..=year + 1);
            if d.0 == year || rng.chance(30) {
                break d;
            }
        }
    } else {
        Ymd(year, 12, 31)
    };
    let mut facts = BTreeMap::new();
    let put = |rng: &mut Rng, facts: &mut BTreeMap<_, _>, key: &'static str, value: V| {
        if !rng.chance(8) {
            let v = maybe(rng, value);
            facts.insert(key, v);
        }
    };
    for key in FLAGS {
        let v = V::Flag(rng.chance(85));
        put(rng, &mut facts, key, v);
    }
    for key in ZERO_COUNTS {
        let v = V::Count(if rng.chance(80) { 0 } else { 1 + rng.below(3) });
        put(rng, &mut facts, key, v);
    }
    for key in [
        "legal_education.publicity_team.full_time",
        "legal_education.publicity_team.part_time",
    ] {
        let v = V::Count(rng.below(4));
        put(rng, &mut facts, key, v);
    }
    for flag in [
        "stability.security_committee",
        "stability.mediation_committee",
        "development.attested",
    ] {
        let v = V::Flag(rng.chance(85));
        put(rng, &mut facts, flag, v);
    }
    for (num, den) in RATIOS {
        // Denominators that put the bound on an exact count (20, 50, 100)
        // and ones that do not; numerators on, next to and away from it.
        let d = match rng.below(5) {
            0 => 0,
            1 => [20, 40, 50, 100, 200][rng.below(5) as usize],
            _ => 1 + rng.below(120),
        };
        let n = match rng.below(4) {
            0 => d,
            1 => d.saturating_sub(1 + rng.below(3)),
            2 => (d as f64 * [0.02, 0.95][rng.below(2) as usize]).round() as u64,
            _ => rng.below(d + 1),
        }
        .min(d);
        let n = if num.starts_with("stability.reoffenders") && rng.chance(50) {
            (d / 50 + rng.below(2)).min(d)
        } else {
            n
        };
        put(rng, &mut facts, den, V::Count(d));
        put(rng, &mut facts, num, V::Count(n));
    }
    for key in RECORDS {
        let n = rng.below(7);
        let dates = (0..n)
            .map(|_| random_date(rng, year - 1..=year + 1))
            .collect();
        put(rng, &mut facts, key, V::Records(dates));
    }
    // Exactly five years before as_of (the last passing day, by the
    // corresponding-day rule), one day earlier (the first failing day), or
    // anywhere in the years before.
    let same_day = Ymd(
        as_of.0 - 5,
        as_of.1,
        as_of.2.min(month_len(as_of.0 - 5, as_of.1)),
    );
    let election = match rng.below(3) {
        0 => same_day,
        1 => previous_day(same_day),
        // A date after as_of is an input error, not a term: the latest
        // election a sheet can hold is on as_of itself.
        _ => random_date(rng, year - 7..=year).min(as_of),
    };
    put(
        rng,
        &mut facts,
        "elections.last_election",
        V::Date(election),
    );
    // The one criterion the default standard lets a sheet declare.
    let declarable = ["1.3"];
    let declared = if rng.chance(15) {
        vec![declarable[rng.below(declarable.len() as u64) as usize]]
    } else {
        Vec::new()
    };
    Sheet {
        year,
        as_of,
        as_of_given,
        facts,
        evidence_10_1: rng.chance(70),
        declared,
    }
}

/// Writes the sheet as YAML, nesting dotted keys into sections.
fn to_yaml(sheet: &Sheet) -> String {
    let mut out = format!("community:\n  name: 随机社区\nyear: {}\n", sheet.year);
    if sheet.as_of_given {
        let _ = writeln!(out, "as_of: {}", text(sheet.as_of));
    }
    let mut open: Vec<&str> = Vec::new();
    for (key, value) in &sheet.facts {
        let parts: Vec<&str> = key.split('.').collect();
        let (sections, leaf) = parts.split_at(parts.len() - 1);
        let common = open
            .iter()
            .zip(sections)
            .take_while(|(a, b)| a == b)
            .count();
        open.truncate(common);
        for section in &sections[common..] {
            let _ = writeln!(out, "{}{section}:", "  ".repeat(open.len()));
            open.push(section);
        }
        let indent = "  ".repeat(open.len());
        let rendered = match value {
            None => String::new(),
            Some(V::Flag(b)) => format!(" {b}"),
            Some(V::Count(n)) => format!(" {n}"),
            Some(V::Date(d)) => format!(" {}", text(*d)),
            Some(V::Records(dates)) if dates.is_empty() => " []".to_string(),
            Some(V::Records(dates)) => dates
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    if i % 2 == 0 {
                        format!("\n{indent}  - {}", text(*d))
                    } else {
                        format!(
                            "\n{indent}  - date: {}\n{indent}    title: 记录{i}",
                            text(*d)
                        )
                    }
                })
                .collect(),
        };
        let _ = writeln!(out, "{indent}{}:{rendered}", leaf[0]);
    }
    if sheet.evidence_10_1 {
        out.push_str("evidence:\n  \"10.1\": 区级文明社区证书\n");
    }
    if !sheet.declared.is_empty() {
        out.push_str("not_applicable:\n");
        for id in &sheet.declared {
            let _ = writeln!(out, "  \"{id}\": 随机声明");
        }
    }
    out
}

// ---------------------------------------------------------------------------
// The oracle: the 2008 criteria (standards/seed-2008.toml in words),
// restated as plainly as possible.

#[derive(Debug, PartialEq, Clone, Copy)]
enum S {
    Pass,
    Gap,
    Missing,
    Na,
}

fn get<'a>(sheet: &'a Sheet, key: &str) -> Option<&'a V> {
    sheet.facts.get(key).and_then(Option::as_ref)
}

fn flag(sheet: &Sheet, key: &str) -> (S, f64) {
    match get(sheet, key) {
        Some(V::Flag(true)) => (S::Pass, 1.0),
        Some(V::Flag(false)) => (S::Gap, 0.0),
        _ => (S::Missing, 0.0),
    }
}

fn none_of(sheet: &Sheet, key: &str) -> (S, f64) {
    match get(sheet, key) {
        Some(V::Count(0)) => (S::Pass, 1.0),
        Some(V::Count(_)) => (S::Gap, 0.0),
        _ => (S::Missing, 0.0),
    }
}

/// Checklist: missing if any item absent, else share of items met.
/// A checklist item: a fact and the test its value must pass.
type Item<'a> = (&'a str, fn(&V) -> bool);

fn items(sheet: &Sheet, checks: &[Item]) -> (S, f64) {
    let mut met = 0;
    for (key, test) in checks {
        match get(sheet, key) {
            None => return (S::Missing, 0.0),
            Some(v) => met += usize::from(test(v)),
        }
    }
    if met == checks.len() {
        (S::Pass, 1.0)
    } else {
        (S::Gap, met as f64 / checks.len() as f64)
    }
}

fn is_true(v: &V) -> bool {
    matches!(v, V::Flag(true))
}
fn is_zero(v: &V) -> bool {
    matches!(v, V::Count(0))
}
fn at_least_one(v: &V) -> bool {
    matches!(v, V::Count(n) if *n >= 1)
}

/// `pass(n, d)` is the rule on a non-empty denominator.
fn ratio(sheet: &Sheet, num: &str, den: &str, empty: S, pass: fn(u64, u64) -> bool) -> (S, f64) {
    match (get(sheet, num), get(sheet, den)) {
        (_, None) => (S::Missing, 0.0),
        (_, Some(V::Count(0))) => (empty, 0.0),
        (None, _) => (S::Missing, 0.0),
        (Some(V::Count(n)), Some(V::Count(d))) => {
            if pass(*n, *d) {
                (S::Pass, 1.0)
            } else {
                (S::Gap, 0.0)
            }
        }
        _ => unreachable!(),
    }
}

fn in_year(sheet: &Sheet, key: &str) -> (S, f64) {
    match get(sheet, key) {
        Some(V::Records(dates)) => {
            let n = dates
                .iter()
                .filter(|d| d.0 == sheet.year && **d <= sheet.as_of)
                .count();
            if n >= 1 {
                (S::Pass, 1.0)
            } else {
                (S::Gap, 0.0)
            }
        }
        _ => (S::Missing, 0.0),
    }
}

fn quarterly(sheet: &Sheet, key: &str) -> (S, f64) {
    let quarter_end = |q: u32| Ymd(sheet.year, q * 3, month_len(sheet.year, q * 3));
    let ended: Vec<u32> = (1..=4).filter(|q| quarter_end(*q) <= sheet.as_of).collect();
    if ended.is_empty() {
        return (S::Na, 0.0);
    }
    match get(sheet, key) {
        Some(V::Records(dates)) => {
            let met = ended
                .iter()
                .filter(|q| {
                    dates
                        .iter()
                        .any(|d| d.0 == sheet.year && (d.1 - 1) / 3 + 1 == **q)
                })
                .count();
            if met == ended.len() {
                (S::Pass, 1.0)
            } else {
                (S::Gap, met as f64 / ended.len() as f64)
            }
        }
        _ => (S::Missing, 0.0),
    }
}

fn term(sheet: &Sheet) -> (S, f64) {
    match get(sheet, "elections.last_election") {
        Some(V::Date(d)) => {
            let y = d.0 + 5;
            let end = if d.1 == 2 && d.2 == 29 && !leap(y) {
                Ymd(y, 2, 28)
            } else {
                Ymd(y, d.1, d.2)
            };
            if sheet.as_of <= end {
                (S::Pass, 1.0)
            } else {
                (S::Gap, 0.0)
            }
        }
        _ => (S::Missing, 0.0),
    }
}

/// (id, points, veto, judgement) for the 35 criteria of the catalog.
fn oracle(sheet: &Sheet) -> Vec<(&'static str, f64, bool, S, f64)> {
    let f = |k| flag(sheet, k);
    let rows: Vec<(&str, f64, bool, (S, f64))> = vec![
        ("1.1", 4.0, false, f("organization.leading_group")),
        ("1.2", 3.0, false, f("organization.led_by_director")),
        ("1.3", 3.0, false, f("organization.block_cadres_assigned")),
        ("2.1", 3.0, false, f("self_governance.charter_adopted")),
        ("2.2", 2.0, false, f("self_governance.charter_lawful")),
        (
            "2.3",
            3.0,
            false,
            f("self_governance.representative_meeting_system"),
        ),
        (
            "2.4",
            2.0,
            false,
            f("self_governance.committee_work_system"),
        ),
        ("3.1", 4.0, false, term(sheet)),
        (
            "3.2",
            4.0,
            false,
            items(
                sheet,
                &[
                    ("elections.procedure.voter_registration", is_true),
                    ("elections.procedure.candidate_nomination", is_true),
                    ("elections.procedure.secret_ballot_booth", is_true),
                    ("elections.procedure.public_count", is_true),
                    ("elections.procedure.results_announced", is_true),
                ],
            ),
        ),
        (
            "3.3",
            2.0,
            true,
            none_of(sheet, "elections.misconduct_incidents"),
        ),
        (
            "4.1",
            5.0,
            false,
            in_year(sheet, "decisions.representative_assemblies"),
        ),
        (
            "4.2",
            5.0,
            false,
            ratio(sheet, RATIOS[0].0, RATIOS[0].1, S::Na, |n, d| n >= d),
        ),
        ("5.1", 2.0, false, f("management.seal_rules")),
        ("5.2", 3.0, false, f("management.finance_rules")),
        ("5.3", 2.0, false, f("management.staffing_rules")),
        (
            "5.4",
            3.0,
            false,
            none_of(sheet, "management.rights_violations"),
        ),
        (
            "6.1",
            2.0,
            false,
            in_year(sheet, "supervision.work_reports"),
        ),
        (
            "6.2",
            2.0,
            false,
            items(
                sheet,
                &[
                    ("supervision.disclosure.affairs", is_true),
                    ("supervision.disclosure.finance", is_true),
                    ("supervision.disclosure.fixed_time_and_place", is_true),
                ],
            ),
        ),
        ("6.3", 2.0, false, f("supervision.oversight_group")),
        // n/d ≥ 95%  ⇔  20n ≥ 19d
        (
            "6.4",
            2.0,
            false,
            ratio(sheet, RATIOS[1].0, RATIOS[1].1, S::Missing, |n, d| {
                20 * n >= 19 * d
            }),
        ),
        (
            "6.5",
            2.0,
            false,
            none_of(sheet, "supervision.nondisclosure_petitions"),
        ),
        ("7.1", 1.5, false, f("legal_education.publicity_window")),
        ("7.2", 1.5, false, f("legal_education.law_library_corner")),
        ("7.3", 1.5, false, f("legal_education.legal_school")),
        (
            "7.4",
            1.5,
            false,
            items(
                sheet,
                &[
                    ("legal_education.publicity_team.full_time", at_least_one),
                    ("legal_education.publicity_team.part_time", at_least_one),
                ],
            ),
        ),
        ("7.5", 1.5, false, f("legal_education.study_system")),
        (
            "7.6",
            2.5,
            false,
            quarterly(sheet, "legal_education.activities"),
        ),
        (
            "8.1",
            6.0,
            false,
            items(
                sheet,
                &[
                    ("legal_services.teams.mediation", is_true),
                    ("legal_services.teams.legal_service", is_true),
                    ("legal_services.teams.legal_aid", is_true),
                    ("legal_services.teams.resettlement", is_true),
                ],
            ),
        ),
        (
            "8.2",
            4.0,
            false,
            quarterly(sheet, "legal_services.sessions"),
        ),
        (
            "9.1",
            2.0,
            false,
            items(
                sheet,
                &[
                    ("stability.security_committee", is_true),
                    ("stability.mediation_committee", is_true),
                ],
            ),
        ),
        // n/d ≤ 2%  ⇔  50n ≤ d
        (
            "9.2",
            2.0,
            false,
            ratio(sheet, RATIOS[2].0, RATIOS[2].1, S::Na, |n, d| 50 * n <= d),
        ),
        (
            "9.3",
            2.0,
            true,
            none_of(sheet, "stability.major_criminal_cases"),
        ),
        (
            "9.4",
            2.0,
            false,
            ratio(sheet, RATIOS[3].0, RATIOS[3].1, S::Na, |n, d| {
                20 * n >= 19 * d
            }),
        ),
        (
            "9.5",
            2.0,
            true,
            items(
                sheet,
                &[
                    ("stability.civil_to_criminal", is_zero),
                    ("stability.dispute_suicides", is_zero),
                    ("stability.group_fights", is_zero),
                    ("stability.group_petitions", is_zero),
                ],
            ),
        ),
        (
            "10.1",
            10.0,
            false,
            match get(sheet, "development.attested") {
                Some(V::Flag(true)) if sheet.evidence_10_1 => (S::Pass, 1.0),
                Some(V::Flag(_)) => (S::Gap, 0.0),
                _ => (S::Missing, 0.0),
            },
        ),
    ];
    rows.into_iter()
        .map(|(id, points, veto, (status, share))| {
            if sheet.declared.contains(&id) {
                (id, points, veto, S::Na, 0.0)
            } else {
                (id, points, veto, status, points * share)
            }
        })
        .collect()
}

fn status_of(status: Status) -> S {
    match status {
        Status::Pass => S::Pass,
        Status::Gap => S::Gap,
        Status::Missing => S::Missing,
        Status::NotApplicable => S::Na,
    }
}

#[test]
fn random_sheets_agree_with_a_plain_reading_of_the_catalog() {
    let standard = default_standard();
    let schema = Schema::for_standard(&standard);
    let mut rng = Rng(0x5EED_2008_0000_0001);
    let mut seen = BTreeMap::new();
    for round in 0..3000 {
        let sheet = generate(&mut rng);
        let yaml = to_yaml(&sheet);
        let parsed = read_sheet(&yaml, &standard, &schema)
            .unwrap_or_else(|e| panic!("sheet {round} did not read: {e:?}\n{yaml}"));
        let assessment = evaluate(&standard, &parsed);
        let expected = oracle(&sheet);
        let (mut earned, mut possible, mut veto_failed) = (0.0, 0.0, false);
        for (((_, criterion), result), (id, points, veto, status, points_earned)) in
            standard.criteria().zip(&assessment.results).zip(&expected)
        {
            assert_eq!(criterion.id, *id);
            let got = status_of(result.status);
            *seen.entry((*id, format!("{got:?}"))).or_insert(0) += 1;
            assert_eq!(got, *status, "sheet {round}, criterion {id}\n{yaml}");
            if *status == S::Na {
                assert_eq!(result.earned, None, "sheet {round}, criterion {id}");
                continue;
            }
            let got_earned = result
                .earned
                .as_ref()
                .map(|e| e.to_f64())
                .unwrap_or(f64::NAN);
            assert!(
                (got_earned - points_earned).abs() < 1e-9,
                "sheet {round}, criterion {id}: earned {got_earned}, expected {points_earned}\n{yaml}"
            );
            earned += points_earned;
            possible += points;
            veto_failed |= *veto && matches!(status, S::Gap | S::Missing);
        }
        let percent = if possible > 0.0 {
            earned / possible * 100.0
        } else {
            0.0
        };
        assert!(
            (assessment.score.percent.to_f64() - percent).abs() < 1e-9,
            "sheet {round}"
        );
        // Away from float noise at the mark, the verdicts must agree.
        if (percent - 90.0).abs() > 1e-9 {
            let ready = percent >= 90.0 && !veto_failed;
            assert_eq!(
                assessment.verdict == Verdict::Ready,
                ready,
                "sheet {round}\n{yaml}"
            );
        }
    }
    // The generator must actually reach every status of the interesting
    // rules, or the comparison proves little.
    for id in ["3.1", "3.2", "4.2", "6.4", "7.6", "9.2", "9.4", "9.5"] {
        for status in ["Pass", "Gap", "Missing"] {
            assert!(
                seen.contains_key(&(id, status.to_string())),
                "{id} never {status}"
            );
        }
    }
    for id in ["4.2", "7.6", "9.2", "9.4"] {
        assert!(seen.contains_key(&(id, "Na".to_string())), "{id} never n/a");
    }
}

// ---------------------------------------------------------------------------
// The example district standard (standards/examples/district-example.toml),
// restated plainly: deductions in half points, quorums by cross-multiplying
// by hand, quarters and half-years by month arithmetic, the look-back
// window and terms by the corresponding day. Its sheets are generated here
// with records carrying `present` and `members`, expiry dates on both sides
// of `as_of`, incidents across three years.

/// A meeting: its date and, when given, present and members.
#[derive(Clone, Debug)]
struct Meeting {
    date: Ymd,
    present: Option<u64>,
    members: Option<u64>,
}

#[derive(Default)]
struct District {
    year: i32,
    as_of: Ymd,
    as_of_given: bool,
    flags: BTreeMap<&'static str, bool>,
    counts: BTreeMap<&'static str, u64>,
    dates: BTreeMap<&'static str, Ymd>,
    records: BTreeMap<&'static str, Vec<Ymd>>,
    meetings: Option<Vec<Meeting>>,
}

const DISTRICT_FLAGS: [&str; 9] = [
    "decisions.meeting_system",
    "decisions.written_records",
    "decisions.photo_records",
    "management.rules.regular_meetings",
    "management.rules.study",
    "management.rules.rewards_and_penalties",
    "management.rules.integrity",
    "management.rules.finance",
    "management.rules.democratic_finance",
];

const DISTRICT_RECORDS: [&str; 4] = [
    "decisions.work_reports",
    "decisions.self_checks",
    "management.finance_disclosures",
    "stability.group_incidents",
];

/// The day `years` years after `d`, 29 February becoming 28 February.
fn plus_years(d: Ymd, years: i32) -> Ymd {
    let y = d.0 + years;
    Ymd(y, d.1, d.2.min(month_len(y, d.1)))
}

fn district_sheet(rng: &mut Rng) -> District {
    let year = 2018 + rng.below(10) as i32;
    let as_of_given = rng.chance(60);
    let as_of = if as_of_given {
        loop {
            let d = random_date(rng, year..=year + 1);
            if d.0 == year || rng.chance(20) {
                break d;
            }
        }
    } else {
        Ymd(year, 12, 31)
    };
    let mut sheet = District {
        year,
        as_of,
        as_of_given,
        ..District::default()
    };
    for key in DISTRICT_FLAGS {
        if !rng.chance(6) {
            sheet.flags.insert(key, rng.chance(80));
        }
    }
    for key in DISTRICT_RECORDS {
        if rng.chance(6) {
            continue;
        }
        let n = rng.below(7);
        let from = if key.starts_with("stability") {
            year - 3
        } else {
            year - 1
        };
        let dates = (0..n).map(|_| random_date(rng, from..=year + 1)).collect();
        sheet.records.insert(key, dates);
    }
    // Ratios with the bound on an exact count and next to it.
    let pairs = [
        (
            "management.major_matters_by_procedure",
            "management.major_matters",
        ),
        (
            "management.women_representatives",
            "management.representatives",
        ),
    ];
    for (part, whole) in pairs {
        let d = match rng.below(4) {
            0 => 0,
            1 => 3 * (1 + rng.below(20)),
            _ => 1 + rng.below(60),
        };
        let n = match rng.below(4) {
            0 => d,
            1 => d / 3 + rng.below(2),
            2 => (d / 3).saturating_sub(1),
            _ => rng.below(d + 1),
        }
        .min(d);
        if !rng.chance(6) {
            sheet.counts.insert(whole, d);
            if !rng.chance(6) {
                sheet.counts.insert(part, n);
            }
        }
    }
    if !rng.chance(6) {
        sheet.counts.insert(
            "stability.irregularities_found",
            if rng.chance(50) { 0 } else { rng.below(6) },
        );
    }
    // Terms ending on as_of, the day before, or anywhere before.
    for (key, years) in [
        ("bodies.committee_elected", 5),
        ("bodies.mediation_elected", 3),
    ] {
        if rng.chance(6) {
            continue;
        }
        let same = plus_years(as_of, -years);
        let start = match rng.below(3) {
            0 => same,
            1 => previous_day(same),
            _ => random_date(rng, year - 6..=year).min(as_of),
        };
        sheet.dates.insert(key, start);
    }
    if !rng.chance(6) {
        let expires = match rng.below(3) {
            0 => as_of,
            1 => previous_day(as_of),
            _ => random_date(rng, year - 1..=year + 2),
        };
        sheet
            .dates
            .insert("bodies.legal_adviser_agreement_expires", expires);
    }
    if !rng.chance(6) {
        let n = rng.below(6);
        let meetings = (0..n)
            .map(|_| {
                let members = 1 + rng.below(60);
                // On two thirds, just under it, or anywhere.
                let present = match rng.below(3) {
                    0 => (2 * members).div_ceil(3),
                    1 => (2 * members).div_ceil(3).saturating_sub(1),
                    _ => rng.below(members + 1),
                };
                Meeting {
                    date: random_date(rng, year - 1..=year + 1),
                    present: (!rng.chance(3)).then_some(present),
                    members: (!rng.chance(3)).then_some(members),
                }
            })
            .collect();
        sheet.meetings = Some(meetings);
    }
    sheet
}

fn district_yaml(sheet: &District) -> String {
    let mut facts: BTreeMap<&str, String> = BTreeMap::new();
    for (k, v) in &sheet.flags {
        facts.insert(k, format!(" {v}"));
    }
    for (k, v) in &sheet.counts {
        facts.insert(k, format!(" {v}"));
    }
    for (k, v) in &sheet.dates {
        facts.insert(k, format!(" {}", text(*v)));
    }
    for (k, dates) in &sheet.records {
        let items: Vec<String> = dates.iter().map(|d| text(*d)).collect();
        facts.insert(k, format!(" [{}]", items.join(", ")));
    }
    if let Some(meetings) = &sheet.meetings {
        let items: Vec<String> = meetings
            .iter()
            .map(|m| {
                let mut item = format!("{{ date: {}", text(m.date));
                if let Some(p) = m.present {
                    let _ = write!(item, ", present: {p}");
                }
                if let Some(n) = m.members {
                    let _ = write!(item, ", members: {n}");
                }
                item + " }"
            })
            .collect();
        facts.insert(
            "decisions.representative_meetings",
            format!(" [{}]", items.join(", ")),
        );
    }
    let mut out = format!("community:\n  name: 随机社区\nyear: {}\n", sheet.year);
    if sheet.as_of_given {
        let _ = writeln!(out, "as_of: {}", text(sheet.as_of));
    }
    // Dotted keys written as nested sections, as in `to_yaml`.
    let mut open: Vec<&str> = Vec::new();
    for (key, rendered) in &facts {
        let parts: Vec<&str> = key.split('.').collect();
        let (sections, leaf) = parts.split_at(parts.len() - 1);
        let common = open
            .iter()
            .zip(sections)
            .take_while(|(a, b)| a == b)
            .count();
        open.truncate(common);
        for section in &sections[common..] {
            let _ = writeln!(out, "{}{section}:", "  ".repeat(open.len()));
            open.push(section);
        }
        let _ = writeln!(out, "{}{}:{rendered}", "  ".repeat(open.len()), leaf[0]);
    }
    out
}

/// Periods of `months` months ended by as_of, and how many records of the
/// year fall in each.
fn per_period(sheet: &District, dates: &[Ymd], months: u32) -> Vec<usize> {
    (1..=12 / months)
        .filter(|p| {
            let m = p * months;
            Ymd(sheet.year, m, month_len(sheet.year, m)) <= sheet.as_of
        })
        .map(|p| {
            dates
                .iter()
                .filter(|d| d.0 == sheet.year && (d.1 - 1) / months + 1 == p)
                .count()
        })
        .collect()
}

/// (id, points, veto, status, earned) for the 13 criteria.
fn district_oracle(sheet: &District) -> Vec<(&'static str, f64, bool, S, f64)> {
    let in_year = |d: &Ymd| d.0 == sheet.year && *d <= sheet.as_of;
    let half_off = |points: f64, short: usize| (points - 0.5 * short as f64).max(0.0);
    let flag = |k: &str| sheet.flags.get(k).copied();
    let mut rows = Vec::new();

    // 1.1: four reports, 0.5 off for each one short.
    rows.push(match sheet.records.get("decisions.work_reports") {
        None => ("1.1", 2.0, false, S::Missing, 0.0),
        Some(dates) => {
            let n = dates.iter().filter(|d| in_year(d)).count();
            match n >= 4 {
                true => ("1.1", 2.0, false, S::Pass, 2.0),
                false => ("1.1", 2.0, false, S::Gap, half_off(2.0, 4 - n)),
            }
        }
    });
    // 1.2: three items, 1 off each.
    let items: Vec<Option<bool>> = DISTRICT_FLAGS[..3].iter().map(|k| flag(k)).collect();
    rows.push(if items.contains(&None) {
        ("1.2", 3.0, false, S::Missing, 0.0)
    } else {
        let failed = items.iter().filter(|i| **i == Some(false)).count();
        let status = if failed == 0 { S::Pass } else { S::Gap };
        ("1.2", 3.0, false, status, 3.0 - failed as f64)
    });
    // 1.3: every meeting of the year has 3 × present ≥ 2 × members.
    rows.push(match &sheet.meetings {
        None => ("1.3", 2.0, false, S::Missing, 0.0),
        Some(meetings) => {
            let judged: Vec<&Meeting> = meetings.iter().filter(|m| in_year(&m.date)).collect();
            if judged.is_empty()
                || judged
                    .iter()
                    .any(|m| m.present.is_none() || m.members.is_none())
            {
                ("1.3", 2.0, false, S::Missing, 0.0)
            } else if judged.iter().all(|m| {
                let (p, n) = (m.present.unwrap(), m.members.unwrap());
                n > 0 && 3 * p >= 2 * n
            }) {
                ("1.3", 2.0, false, S::Pass, 2.0)
            } else {
                ("1.3", 2.0, false, S::Gap, 0.0)
            }
        }
    });
    // 1.4 and 2.4: every quarter, 0.5 off for each quarter without one.
    let quarterly = |id, dates: Option<Vec<Ymd>>| {
        let ended = per_period(sheet, &[], 3).len();
        match dates {
            _ if ended == 0 => (id, 2.0, false, S::Na, 0.0),
            None => (id, 2.0, false, S::Missing, 0.0),
            Some(dates) => {
                let empty = per_period(sheet, &dates, 3)
                    .iter()
                    .filter(|n| **n == 0)
                    .count();
                match empty {
                    0 => (id, 2.0, false, S::Pass, 2.0),
                    _ => (id, 2.0, false, S::Gap, half_off(2.0, empty)),
                }
            }
        }
    };
    let meeting_dates = sheet
        .meetings
        .as_ref()
        .map(|ms| ms.iter().map(|m| m.date).collect());
    rows.push(quarterly("1.4", meeting_dates));
    // 1.5: each half-year, credit in proportion.
    rows.push({
        let ended = per_period(sheet, &[], 6).len();
        match sheet.records.get("decisions.self_checks") {
            _ if ended == 0 => ("1.5", 1.0, false, S::Na, 0.0),
            None => ("1.5", 1.0, false, S::Missing, 0.0),
            Some(dates) => {
                let met = per_period(sheet, dates, 6)
                    .iter()
                    .filter(|n| **n > 0)
                    .count();
                let status = if met == ended { S::Pass } else { S::Gap };
                ("1.5", 1.0, false, status, met as f64 / ended as f64)
            }
        }
    });
    // 2.1: six rules at 0.5 each.
    let rules: Vec<Option<bool>> = DISTRICT_FLAGS[3..].iter().map(|k| flag(k)).collect();
    rows.push(if rules.contains(&None) {
        ("2.1", 3.0, false, S::Missing, 0.0)
    } else {
        let met = rules.iter().filter(|r| **r == Some(true)).count();
        let status = if met == 6 { S::Pass } else { S::Gap };
        ("2.1", 3.0, false, status, 0.5 * met as f64)
    });
    // 2.2: every major matter (n = d), n/a without any; 2.3: 3w ≥ r.
    let count = |k: &str| sheet.counts.get(k).copied();
    rows.push(
        match (
            count("management.major_matters_by_procedure"),
            count("management.major_matters"),
        ) {
            (_, None) => ("2.2", 3.0, false, S::Missing, 0.0),
            (_, Some(0)) => ("2.2", 3.0, false, S::Na, 0.0),
            (None, _) => ("2.2", 3.0, false, S::Missing, 0.0),
            (Some(n), Some(d)) if n == d => ("2.2", 3.0, false, S::Pass, 3.0),
            _ => ("2.2", 3.0, false, S::Gap, 0.0),
        },
    );
    rows.push(
        match (
            count("management.women_representatives"),
            count("management.representatives"),
        ) {
            (_, None) | (_, Some(0)) | (None, _) => ("2.3", 2.0, false, S::Missing, 0.0),
            (Some(w), Some(r)) if 3 * w >= r => ("2.3", 2.0, false, S::Pass, 2.0),
            _ => ("2.3", 2.0, false, S::Gap, 0.0),
        },
    );
    rows.push(quarterly(
        "2.4",
        sheet.records.get("management.finance_disclosures").cloned(),
    ));
    // 3.1: a term per body, 1.5 each.
    let terms: Vec<Option<bool>> = [
        ("bodies.committee_elected", 5),
        ("bodies.mediation_elected", 3),
    ]
    .iter()
    .map(|(k, y)| {
        sheet
            .dates
            .get(k)
            .map(|d| sheet.as_of <= plus_years(*d, *y))
    })
    .collect();
    rows.push(if terms.contains(&None) {
        ("3.1", 3.0, false, S::Missing, 0.0)
    } else {
        let met = terms.iter().filter(|t| **t == Some(true)).count();
        let status = if met == 2 { S::Pass } else { S::Gap };
        ("3.1", 3.0, false, status, 1.5 * met as f64)
    });
    // 3.2: valid through the expiry day.
    rows.push(
        match sheet.dates.get("bodies.legal_adviser_agreement_expires") {
            None => ("3.2", 2.0, false, S::Missing, 0.0),
            Some(e) if sheet.as_of <= *e => ("3.2", 2.0, false, S::Pass, 2.0),
            Some(_) => ("3.2", 2.0, false, S::Gap, 0.0),
        },
    );
    // 4.1: nothing after the day two years before as_of, up to as_of.
    rows.push(match sheet.records.get("stability.group_incidents") {
        None => ("4.1", 3.0, true, S::Missing, 0.0),
        Some(dates) => {
            let before = plus_years(sheet.as_of, -2);
            match dates.iter().any(|d| *d > before && *d <= sheet.as_of) {
                true => ("4.1", 3.0, true, S::Gap, 0.0),
                false => ("4.1", 3.0, true, S::Pass, 3.0),
            }
        }
    });
    // 4.2: 0.5 off for each irregularity found.
    rows.push(match count("stability.irregularities_found") {
        None => ("4.2", 2.0, false, S::Missing, 0.0),
        Some(0) => ("4.2", 2.0, false, S::Pass, 2.0),
        Some(n) => ("4.2", 2.0, false, S::Gap, half_off(2.0, n as usize)),
    });
    rows
}

#[test]
fn random_sheets_agree_with_a_plain_reading_of_the_district_example() {
    let source = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/standards/examples/district-example.toml"
    ))
    .unwrap();
    let standard = assess::standard::load(&source).unwrap();
    let schema = Schema::for_standard(&standard);
    let mut rng = Rng(0x5EED_D157_0000_0016);
    let mut seen = BTreeMap::new();
    for round in 0..3000 {
        let sheet = district_sheet(&mut rng);
        let yaml = district_yaml(&sheet);
        let parsed = read_sheet(&yaml, &standard, &schema)
            .unwrap_or_else(|e| panic!("sheet {round} did not read: {e:?}\n{yaml}"));
        let assessment = evaluate(&standard, &parsed);
        let expected = district_oracle(&sheet);
        assert_eq!(assessment.results.len(), expected.len());
        let (mut earned, mut possible, mut veto_failed) = (0.0, 0.0, false);
        for (result, (id, points, veto, status, points_earned)) in
            assessment.results.iter().zip(&expected)
        {
            assert_eq!(result.criterion.id, *id);
            let got = status_of(result.status);
            *seen.entry((*id, format!("{got:?}"))).or_insert(0) += 1;
            assert_eq!(got, *status, "sheet {round}, criterion {id}\n{yaml}");
            if *status == S::Na {
                continue;
            }
            let got_earned = result.earned.as_ref().map_or(f64::NAN, |e| e.to_f64());
            assert!(
                (got_earned - points_earned).abs() < 1e-9,
                "sheet {round}, criterion {id}: earned {got_earned}, expected {points_earned}\n{yaml}"
            );
            earned += points_earned;
            possible += points;
            veto_failed |= *veto && matches!(status, S::Gap | S::Missing);
        }
        let percent = if possible > 0.0 {
            earned / possible * 100.0
        } else {
            0.0
        };
        assert!(
            (assessment.score.percent.to_f64() - percent).abs() < 1e-9,
            "sheet {round}"
        );
        if (percent - 80.0).abs() > 1e-9 {
            let ready = percent >= 80.0 && !veto_failed;
            assert_eq!(
                assessment.verdict == Verdict::Ready,
                ready,
                "sheet {round}\n{yaml}"
            );
        }
    }
    for id in [
        "1.1", "1.2", "1.3", "1.4", "2.1", "2.3", "2.4", "3.1", "3.2", "4.1", "4.2",
    ] {
        for status in ["Pass", "Gap", "Missing"] {
            assert!(
                seen.contains_key(&(id, status.to_string())),
                "{id} never {status}"
            );
        }
    }
    for id in ["1.4", "1.5", "2.2", "2.4"] {
        assert!(seen.contains_key(&(id, "Na".to_string())), "{id} never n/a");
    }
}
