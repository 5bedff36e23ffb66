//! What clap answers instead of a command: `--help`, `--version` and usage
//! errors — the last in the user's language.

use super::{Outcome, write_stdout};
use crate::lang::Lang;
use std::io::Write;

/// Help and version go to stdout, written and flushed here so that a
/// failed write (stdout on a full disk) ends with a message and exit code 2
/// rather than passing silently; usage errors go to stderr, in Chinese
/// when the user reads Chinese (`--lang zh` among the arguments, or the
/// locale), with exit code 2.
pub fn parse_error(
    error: &clap::Error,
    out: &mut dyn Write,
    err: &mut dyn Write,
    out_is_terminal: bool,
) -> Outcome {
    use clap::error::ErrorKind;
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let rendered = error.render();
            let text = if out_is_terminal {
                rendered.ansi().to_string()
            } else {
                rendered.to_string()
            };
            Outcome::unless(write_stdout(out, err, text.as_bytes(), Lang::from_env()))
        }
        _ => {
            let text = error.render().to_string();
            let text = match lang_of_args(std::env::args()) {
                Lang::Zh => in_chinese(&text),
                Lang::En => text,
            };
            let _ = err.write_all(text.as_bytes());
            Outcome::Failed
        }
    }
}

/// The language asked for with `--lang` among `args`, else the locale's:
/// the arguments could not be parsed, so they are looked at as written.
fn lang_of_args(args: impl Iterator<Item = String>) -> Lang {
    let args: Vec<String> = args.collect();
    for (i, arg) in args.iter().enumerate() {
        let value = match arg.strip_prefix("--lang=") {
            Some(value) => Some(value),
            None if arg == "--lang" => args.get(i + 1).map(String::as_str),
            None => None,
        };
        match value {
            Some("zh") => return Lang::Zh,
            Some("en") => return Lang::En,
            _ => {}
        }
    }
    Lang::from_env()
}

/// clap's English usage error, its fixed phrases said in Chinese; names of
/// options and values stay as typed, since they are what to type.
fn in_chinese(text: &str) -> String {
    const PHRASES: [(&str, &str); 19] = [
        (
            "error: the following required arguments were not provided:",
            "错误：缺少必需的参数：",
        ),
        ("error: unexpected argument", "错误：无法识别的参数"),
        ("error: invalid value", "错误：无效的值"),
        ("error: a value is required for ", "错误：缺少选项的值："),
        ("error: unrecognized subcommand", "错误：无法识别的子命令"),
        (" values required by ", " 个值为必需："),
        ("; only ", "；实际只给了 "),
        (" was provided", " 个"),
        (" is not in ", " 不在允许的范围 "),
        (" were provided", " 个"),
        ("error: the argument", "错误：参数"),
        ("error:", "错误："),
        (" but none was supplied", ""),
        ("cannot be used multiple times", "不能重复使用"),
        ("cannot be used with", "不能与以下参数同时使用："),
        ("tip: a similar argument exists: ", "提示：有相近的参数："),
        ("tip: a similar value exists: ", "提示：有相近的值："),
        ("[possible values: ", "[可选值："),
        (
            "For more information, try '--help'.",
            "更多信息请运行 assess --help。",
        ),
    ];
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let mut line = line.to_string();
        for (en, zh) in PHRASES {
            if line.contains(en) {
                line = line.replacen(en, zh, 1);
            }
        }
        let line = line
            .replacen("Usage: ", "用法：", 1)
            .replacen(" found", "", 1)
            .replacen(" for '", "，选项 '", 1);
        out.push_str(&line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_comes_from_the_arguments_as_written() {
        let args = |a: &[&str]| {
            a.iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .into_iter()
        };
        assert_eq!(
            lang_of_args(args(&["assess", "--lang", "zh", "--formt"])),
            Lang::Zh
        );
        assert_eq!(lang_of_args(args(&["assess", "--lang=en"])), Lang::En);
    }

    #[test]
    fn usage_errors_read_in_chinese() {
        let text = "error: unexpected argument '--formt' found\n\n  tip: a similar argument exists: '--format'\n\nUsage: assess --format <FORMAT> <FACTS>...\n\nFor more information, try '--help'.\n";
        assert_eq!(
            in_chinese(text),
            "错误：无法识别的参数 '--formt'\n\n  提示：有相近的参数：'--format'\n\n用法：assess --format <FORMAT> <FACTS>...\n\n更多信息请运行 assess --help。\n"
        );
    }
}
