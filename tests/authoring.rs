//! Writing sheets: the template round trip (every criterion missing, exit
//! 1, never an error), the JSON Schema against every shipped example, and
//! shell completions.

use assess::cli::Cli;
use assess::commands::run;
use clap::Parser;

fn cli(args: &[&str]) -> Cli {
    Cli::parse_from(std::iter::once("assess").chain(args.iter().copied()))
}

/// Stdout of a command that must succeed.
fn output(args: &[&str]) -> Vec<u8> {
    let mut out = Vec::new();
    assert_eq!(run(&cli(args), &mut out, &mut Vec::new(), false).code(), 0);
    out
}

fn template(args: &[&str]) -> String {
    String::from_utf8(output(args)).unwrap()
}

#[test]
fn the_template_as_printed_is_all_missing_and_exits_1() {
    let dir = std::env::temp_dir().join(format!("assess-template-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, extra) in [
        ("zh", vec!["--lang", "zh"]),
        ("en", vec!["--lang", "en"]),
        (
            "tailored",
            vec!["--standard", "standards/examples/two-assemblies.toml"],
        ),
    ] {
        let mut args = vec!["template", "--year", "2024"];
        args.extend(&extra);
        let text = template(&args);
        assert!(text.starts_with("# yaml-language-server: $schema=assess-schema.json\n"));
        let path = dir.join(format!("{name}.yaml"));
        std::fs::write(&path, &text).unwrap();
        let mut assess = vec!["assess", "--format", "json"];
        assess.extend(
            extra
                .iter()
                .filter(|a| a.starts_with("--standard") || a.ends_with(".toml")),
        );
        assess.push(path.to_str().unwrap());
        let args = Cli::parse_from(assess);
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run(&args, &mut out, &mut err, false).code();
        assert_eq!(code, 1, "{name}: {}", String::from_utf8_lossy(&err));
        let report: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let criteria = report["criteria"].as_array().unwrap();
        assert_eq!(criteria.len(), 35);
        for criterion in criteria {
            let status = criterion["status"].as_str().unwrap();
            assert!(
                status == "missing" || status == "not_applicable",
                "{name}: {criterion}"
            );
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

fn schema() -> jsonschema::Validator {
    let out = output(&["schema", "--lang", "en"]);
    let schema: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    jsonschema::draft7::new(&schema).expect("a valid JSON Schema")
}

fn yaml_as_json(path: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap();
    yaml_text_as_json(text.trim_start_matches('\u{feff}'))
}

/// YAML as an editor sees it: a key written as a number (`7.6:`) becomes
/// its text, as it does in JSON.
fn yaml_text_as_json(text: &str) -> serde_json::Value {
    fn convert(value: serde_yaml::Value) -> serde_json::Value {
        match value {
            serde_yaml::Value::Mapping(map) => serde_json::Value::Object(
                map.into_iter()
                    .map(|(k, v)| {
                        let key = match k {
                            serde_yaml::Value::String(s) => s,
                            serde_yaml::Value::Number(n) => n.to_string(),
                            other => serde_yaml::to_string(&other).unwrap().trim().to_string(),
                        };
                        (key, convert(v))
                    })
                    .collect(),
            ),
            serde_yaml::Value::Sequence(items) => {
                serde_json::Value::Array(items.into_iter().map(convert).collect())
            }
            other => serde_json::to_value(other).unwrap(),
        }
    }
    convert(serde_yaml::from_str(text).unwrap())
}

#[test]
fn every_shipped_example_validates_against_the_schema() {
    let validator = schema();
    let mut paths: Vec<String> = Vec::new();
    for dir in ["examples", "examples/history"] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "yaml") {
                paths.push(path.to_string_lossy().into_owned());
            }
        }
    }
    paths.sort();
    assert!(paths.len() >= 5, "{paths:?}");
    for path in paths {
        let sheet = yaml_as_json(&path);
        let errors: Vec<String> = validator
            .iter_errors(&sheet)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{path}: {errors:?}");
    }
    // The template, as printed, too.
    let template = yaml_text_as_json(&template(&["template", "--year", "2024"]));
    assert!(validator.is_valid(&template));
    // Ids written without quotes, which assess accepts.
    let unquoted = yaml_text_as_json(
        "community: {name: x}\nyear: 2024\nevidence:\n  7.6: 台账\n  10.1: [证书]\nnot_applicable:\n  1.3: 无包块\n",
    );
    let errors: Vec<String> = validator
        .iter_errors(&unquoted)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "unquoted ids: {errors:?}");
}

#[test]
fn the_schema_flags_the_mistakes_an_editor_should_underline() {
    let validator = schema();
    for (path, why) in [
        ("tests/bad/sheets/unknown-keys.yaml", "unknown keys"),
        ("tests/bad/sheets/wrong-types.yaml", "yes for a flag"),
        ("tests/bad/sheets/missing-year-and-name.yaml", "no year"),
        (
            "tests/bad/sheets/records-without-dates.yaml",
            "a record without a date",
        ),
    ] {
        assert!(!validator.is_valid(&yaml_as_json(path)), "{why}: {path}");
    }
    let negative: serde_json::Value =
        serde_yaml::from_str("community: {name: x}\nyear: 2024\nstability: {reoffenders: -1}\n")
            .unwrap();
    assert!(!validator.is_valid(&negative), "a negative count");
}

#[test]
fn completions_cover_every_command() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = output(&["completions", shell]);
        let text = String::from_utf8(out).unwrap();
        for command in ["diff", "trend", "template", "schema", "criteria"] {
            assert!(text.contains(command), "{shell} completions lack {command}");
        }
    }
}

#[test]
fn the_district_example_sheet_fits_its_schema_and_a_stray_record_field_does_not() {
    let out = output(&[
        "schema",
        "--lang",
        "en",
        "--standard",
        "standards/examples/district-example.toml",
    ]);
    let schema: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let validator = jsonschema::draft202012::new(&schema).expect("a valid JSON Schema");
    let sheet = yaml_as_json("standards/examples/district-example-2025.yaml");
    let errors: Vec<String> = validator
        .iter_errors(&sheet)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let mut stray = sheet.clone();
    stray["decisions"]["representative_meetings"][0]["presnt"] = 38.into();
    assert!(!validator.is_valid(&stray));
}
