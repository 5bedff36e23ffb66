//! Writes realistic fact sheets for the default standard, for benchmarks:
//! `cargo run --release --example generate_sheets -- DIR COUNT [SEED]`.
//!
//! Each sheet looks like one a committee would write (names, districts,
//! comments, ledgers of dated records with titles and evidence, the odd
//! fact left out, some gaps), about the size of `examples/model-2024.yaml`.
//! The same seed gives the same files.

use std::fmt::Write as _;
use std::path::PathBuf;

#[path = "../tests/support/rng.rs"]
mod rng;
use rng::Rng;

const NAMES: [&str; 12] = [
    "金海岸",
    "临江",
    "东湖",
    "西园",
    "南苑",
    "北辰",
    "翠竹",
    "和平",
    "荆襄河",
    "三义街",
    "新村",
    "春晖",
];
const DISTRICTS: [&str; 6] = [
    "大榭开发区",
    "江滨街道",
    "城东街道",
    "城西街道",
    "高新区",
    "滨海新区",
];
const ACTIVITIES: [&str; 6] = [
    "宪法宣传日活动",
    "民法典进社区",
    "法律咨询义诊",
    "禁毒宣传",
    "反诈骗讲座",
    "未成年人保护宣传",
];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: generate_sheets DIR COUNT [SEED]");
        std::process::exit(2);
    }
    let dir = PathBuf::from(&args[1]);
    let count: usize = args[2].parse().expect("COUNT is a number");
    let seed: u64 = args
        .get(3)
        .map_or(2008, |s| s.parse().expect("SEED is a number"));
    std::fs::create_dir_all(&dir).expect("the folder can be created");
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    for i in 0..count {
        let text = sheet(&mut rng, i);
        std::fs::write(dir.join(format!("sheet-{i:06}.yaml")), text)
            .expect("the sheet can be written");
    }
}

fn flag(rng: &mut Rng) -> &'static str {
    if rng.chance(92) { "true" } else { "false" }
}

fn date(rng: &mut Rng, year: u32, quarter: u32) -> String {
    let month = (quarter - 1) * 3 + 1 + rng.below(3) as u32;
    format!("{year}-{month:02}-{:02}", 1 + rng.below(28))
}

fn records(out: &mut String, rng: &mut Rng, key: &str, year: u32, per_quarter: u64) {
    let _ = writeln!(out, "  {key}:");
    for quarter in 1..=4 {
        if rng.chance(10) {
            continue; // a quarter without an entry: a gap
        }
        for _ in 0..=rng.below(per_quarter) {
            let _ = writeln!(out, "    - date: {}", date(rng, year, quarter));
            let _ = writeln!(out, "      title: {}", rng.pick(&ACTIVITIES));
            if rng.chance(50) {
                let _ = writeln!(out, "      evidence: 台账第{}页", 1 + rng.below(80));
            }
        }
    }
}

fn sheet(rng: &mut Rng, i: usize) -> String {
    let year = 2020 + rng.below(6) as u32;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {}社区 {year} 年度事实表（生成的测试数据，编号 {i}）",
        rng.pick(&NAMES)
    );
    let _ = writeln!(
        out,
        "community:\n  name: {}社区{i}\n  district: {}",
        rng.pick(&NAMES),
        rng.pick(&DISTRICTS)
    );
    let _ = writeln!(out, "year: {year}\nas_of: {year}-12-31\n");
    let _ = writeln!(
        out,
        "organization:\n  leading_group: {}\n  led_by_director: {}\n  block_cadres_assigned: {}\n",
        flag(rng),
        flag(rng),
        flag(rng)
    );
    let _ = writeln!(
        out,
        "self_governance:\n  charter_adopted: {}\n  charter_lawful: {}\n  representative_meeting_system: {}\n  committee_work_system: {}\n",
        flag(rng),
        flag(rng),
        flag(rng),
        flag(rng)
    );
    let last = year - rng.below(6) as u32;
    let _ = writeln!(
        out,
        "elections:\n  last_election: {last}-0{}-1{}      # 上一届换届选举\n  procedure:\n    voter_registration: {}\n    candidate_nomination: {}\n    secret_ballot_booth: {}\n    public_count: {}\n    results_announced: {}\n  misconduct_incidents: 0\n",
        1 + rng.below(9),
        rng.below(10),
        flag(rng),
        flag(rng),
        flag(rng),
        flag(rng),
        flag(rng)
    );
    let matters = 2 + rng.below(6);
    out.push_str("decisions:\n");
    records(&mut out, rng, "representative_assemblies", year, 1);
    let _ = writeln!(
        out,
        "  major_matters: {matters}\n  major_matters_by_meeting: {}\n",
        matters - u64::from(rng.chance(10))
    );
    let _ = writeln!(
        out,
        "management:\n  seal_rules: {}\n  finance_rules: {}\n  staffing_rules: {}\n  rights_violations: 0\n",
        flag(rng),
        flag(rng),
        flag(rng)
    );
    out.push_str("supervision:\n");
    records(&mut out, rng, "work_reports", year, 1);
    let surveyed = 50 + rng.below(300);
    let _ = writeln!(
        out,
        "  disclosure:\n    affairs: {}\n    finance: {}\n    fixed_time_and_place: {}\n  oversight_group: {}\n  satisfaction:\n    surveyed: {surveyed}\n    satisfied: {}\n  nondisclosure_petitions: 0\n",
        flag(rng),
        flag(rng),
        flag(rng),
        flag(rng),
        surveyed - rng.below(surveyed / 10 + 1)
    );
    let _ = writeln!(
        out,
        "legal_education:\n  publicity_window: {}\n  law_library_corner: {}\n  legal_school: {}\n  publicity_team:\n    full_time: {}\n    part_time: {}\n  study_system: {}",
        flag(rng),
        flag(rng),
        flag(rng),
        1 + rng.below(3),
        rng.below(20),
        flag(rng)
    );
    records(&mut out, rng, "activities", year, 3);
    let _ = writeln!(
        out,
        "\nlegal_services:\n  teams:\n    mediation: {}\n    legal_service: {}\n    legal_aid: {}\n    resettlement: {}",
        flag(rng),
        flag(rng),
        flag(rng),
        flag(rng)
    );
    records(&mut out, rng, "sessions", year, 2);
    let released = rng.below(80);
    let received = rng.below(60);
    let _ = writeln!(
        out,
        "\nstability:\n  security_committee: {}\n  mediation_committee: {}\n  released_persons: {released}\n  reoffenders: {}\n  major_criminal_cases: 0\n  disputes:\n    received: {received}\n    resolved: {}\n  civil_to_criminal: 0\n  dispute_suicides: 0\n  group_fights: 0\n  group_petitions: {}\n",
        flag(rng),
        flag(rng),
        rng.below(released / 30 + 1).min(released),
        received - rng.below(received / 15 + 1).min(received),
        u64::from(rng.chance(3))
    );
    let _ = writeln!(out, "development:\n  attested: {}\n", flag(rng));
    let _ = writeln!(
        out,
        "evidence:\n  \"7.6\": {year}年法制宣传活动台账\n  \"10.1\": [区级文明社区证书, {year}年环境整治检查通报]"
    );
    out
}
