//! The command line (clap types only). What each command does is in
//! `commands/`; what scripts may rely on is in docs/reference.md.

use crate::lang::Lang;
use crate::output::{OutputSpec, parse_output};
use crate::report::Format;
use crate::report::style::ColorChoice;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

const EXIT_CODES: &str = "\
退出码 / Exit codes:
  0  所有评分项达标或不适用 / every criterion of every sheet is pass or not applicable
  1  至少一项未达标或缺数据 / at least one criterion is gap or missing
  2  无法评估：用法错误、文件无法读取或无效 / could not evaluate: usage error, unreadable or invalid file";

/// 民主法治社区创建自评：对照创建标准评估事实表，逐项给出达标情况与自评分。
///
/// Assess a residents' community's fact sheet (YAML) against the
/// 民主法治社区 creation standard: criterion by criterion, what passes, what
/// falls short and by how much, and the self-score.
#[derive(Debug, Parser)]
#[command(
    name = "assess",
    version,
    after_help = EXIT_CODES,
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub args: Args,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 对比两个年度：哪些项目退步、改善、仍未达标 / compare two years: what regressed, improved, still falls short
    #[command(after_help = DIFF_EXIT_CODES)]
    Diff(DiffArgs),
    /// 同一社区多个年度并列：每年的得分与各项状态 / several years of one community side by side
    Trend(TrendArgs),
    /// 打印事实表模板：标准需要的每个键，附注释 / print a fact-sheet skeleton with every key the standard needs
    Template(TemplateArgs),
    /// 打印事实表的 JSON Schema，供编辑器补全与检查 / print the fact sheet's JSON Schema for editors
    Schema(SchemaArgs),
    /// 列出标准的全部评分项 / list the standard's criteria
    Criteria(CriteriaArgs),
    /// 运行标准旁的测试用例（STANDARD.tests.toml）/ run the test cases kept beside a standard (STANDARD.tests.toml)
    #[command(after_help = TEST_EXIT_CODES)]
    Test(TestArgs),
    /// 打印 shell 补全脚本 / print shell completions
    Completions(CompletionsArgs),
}

/// `assess template`.
#[derive(Debug, Parser)]
#[command(name = "assess template")]
pub struct TemplateArgs {
    /// 模板中的考评年度，默认为今年 / the assessment year written in the template; default: this year
    #[arg(long, value_parser = clap::value_parser!(i32).range(1000..=9998))]
    pub year: Option<i32>,

    #[command(flatten)]
    pub common: Common,
}

/// `assess schema`.
#[derive(Debug, Parser)]
#[command(name = "assess schema")]
pub struct SchemaArgs {
    #[command(flatten)]
    pub common: Common,
}

/// `assess criteria`.
#[derive(Debug, Parser)]
#[command(name = "assess criteria")]
pub struct CriteriaArgs {
    /// 输出格式 / output format
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,

    #[command(flatten)]
    pub common: Common,
}

/// `assess test`.
#[derive(Debug, Parser)]
#[command(name = "assess test")]
#[command(group = clap::ArgGroup::new("which").required(true).args(["standard", "standard_option"]))]
pub struct TestArgs {
    /// 标准文件（TOML）；用例在同一文件夹的 同名.tests.toml 中 / the standard (TOML); its cases are in NAME.tests.toml beside it
    #[arg(value_name = "STANDARD")]
    pub standard: Option<PathBuf>,

    /// 同 STANDARD，与其他命令写法一致 / the same as STANDARD, written as for the other commands
    #[arg(long = "standard", value_name = "FILE", conflicts_with = "standard")]
    pub standard_option: Option<PathBuf>,

    /// 输出语言；默认按 LC_ALL/LANG 判断 / language of the output; default from LC_ALL/LANG
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,

    /// 单个文件的大小上限，如 512K、4M / largest file read, e.g. 512K, 4M
    #[arg(long, value_name = "SIZE", default_value = "256K", value_parser = parse_size)]
    pub max_size: u64,
}

impl TestArgs {
    /// The standard to test, however it was given.
    pub fn standard(&self) -> &std::path::Path {
        // The argument group requires one of the two.
        self.standard
            .as_deref()
            .or(self.standard_option.as_deref())
            .unwrap_or(std::path::Path::new(""))
    }
}

const TEST_EXIT_CODES: &str = "\
退出码 / Exit codes:
  0  所有用例的预期均成立 / every expectation of every case holds
  1  至少一项预期不成立 / at least one expectation does not hold
  2  无法运行：标准、用例文件或事实表无法读取或无效 / could not run: the standard, the cases or a sheet is unreadable or invalid";

/// `assess completions`.
#[derive(Debug, Parser)]
#[command(name = "assess completions")]
pub struct CompletionsArgs {
    /// 目标 shell / the shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// The formats of `criteria`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    /// 表格 / a table
    Table,
    /// Markdown，可作迎检准备清单 / Markdown, a preparation checklist
    Markdown,
}

const DIFF_EXIT_CODES: &str = "\
退出码 / Exit codes:
  0  对比完成（使用 --fail-on-regression 时：没有退步项）/ compared (with --fail-on-regression: nothing regressed)
  1  使用 --fail-on-regression 且有评分项由达标变为未达标或缺数据 / with --fail-on-regression: a criterion went from pass to gap or missing
  2  无法对比：用法错误、文件无法读取或无效、社区不同 / could not compare: usage error, unreadable or invalid file, different communities";

/// Evaluating sheets: `assess [OPTIONS] <FACTS>...`.
#[derive(Debug, Parser)]
#[command(name = "assess")]
pub struct Args {
    /// 事实表（YAML）或其所在文件夹 / fact sheets (YAML), or folders of them
    #[arg(required = true, value_name = "FACTS")]
    pub facts: Vec<PathBuf>,

    /// 输出格式，默认 table / output format; default: table
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    /// 写入文件（原子写入，可多次使用）：json=report.json 另外写入，屏幕照常；只写 汇总.csv 时按扩展名（.json .jsonl .csv .md .xml .txt .html .xlsx）定格式，代替屏幕输出 / write a report file (atomically, repeatable): json=report.json in addition to the screen; a bare 汇总.csv takes its format from the extension (.json .jsonl .csv .md .xml .txt .html .xlsx) and replaces the screen
    #[arg(short, long, value_name = "[FORMAT=]FILE", value_parser = parse_output)]
    pub output: Vec<OutputSpec>,

    /// 多份事实表的排列顺序 / order of several sheets
    #[arg(long, value_enum, default_value_t = SortOrder::Input)]
    pub sort: SortOrder,

    /// 多份事实表时逐份显示完整自评表，而不只是差距 / for several sheets, each full sheet, not only its gaps
    #[arg(long)]
    pub detail: bool,

    /// 以此日期代替事实表中的 as_of（年中自查时用），如 2026-06-30 / assess as of this day instead of the sheets' as_of (a mid-year check), e.g. 2026-06-30
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub as_of: Option<crate::date::Date>,

    /// 也评估文件夹的各级子文件夹中的事实表（否则列出未读取的子文件夹）/ also assess the sheets in sub-folders of a folder (otherwise they are named as not read)
    #[arg(short, long)]
    pub recursive: bool,

    #[command(flatten)]
    pub common: Common,
}

/// `assess diff [OPTIONS] <OLD> <NEW>`.
#[derive(Debug, Parser)]
#[command(name = "assess diff")]
pub struct DiffArgs {
    /// 较早年度：事实表（YAML）或保存的 JSON 报告 / the earlier year: a fact sheet (YAML) or a saved JSON report
    #[arg(value_name = "OLD")]
    pub old: PathBuf,

    /// 较晚年度：事实表（YAML）或保存的 JSON 报告 / the later year: a fact sheet (YAML) or a saved JSON report
    #[arg(value_name = "NEW")]
    pub new: PathBuf,

    /// 输出格式，默认 table / output format; default: table
    #[arg(long, value_enum)]
    pub format: Option<ChangeFormat>,

    /// 写入文件（原子写入，可多次使用），格式为 table、json、markdown 或 html：json=diff.json 另外写入；只写 变化.md 时按扩展名定格式，代替屏幕输出 / write a report file (atomically, repeatable) as table, json, markdown or html: json=diff.json in addition to the screen; a bare 变化.md takes its format from the extension and replaces the screen
    #[arg(short, long, value_name = "[FORMAT=]FILE", value_parser = parse_output)]
    pub output: Vec<OutputSpec>,

    /// 也列出未变化的达标项 / also list the criteria that passed both years
    #[arg(long)]
    pub all: bool,

    /// 有评分项由达标变为未达标或缺数据时以 1 退出 / exit 1 when a criterion went from pass to gap or missing
    #[arg(long)]
    pub fail_on_regression: bool,

    /// 允许对比不同社区 / compare even if the communities differ
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    pub common: Common,
}

/// `assess trend [OPTIONS] <SHEETS>...`.
#[derive(Debug, Parser)]
#[command(name = "assess trend")]
pub struct TrendArgs {
    /// 同一社区两个或更多年度的事实表或 JSON 报告，或其所在文件夹 / two or more years of one community: fact sheets or saved JSON reports, or a folder of them
    #[arg(required = true, num_args = 1.., value_name = "SHEETS")]
    pub sheets: Vec<PathBuf>,

    /// 输出格式，默认 table / output format; default: table
    #[arg(long, value_enum)]
    pub format: Option<ChangeFormat>,

    /// 写入文件（原子写入，可多次使用），格式为 table、json、markdown 或 html：json=diff.json 另外写入；只写 变化.md 时按扩展名定格式，代替屏幕输出 / write a report file (atomically, repeatable) as table, json, markdown or html: json=diff.json in addition to the screen; a bare 变化.md takes its format from the extension and replaces the screen
    #[arg(short, long, value_name = "[FORMAT=]FILE", value_parser = parse_output)]
    pub output: Vec<OutputSpec>,

    /// 允许混合不同社区 / allow sheets of different communities
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    pub common: Common,
}

/// Options every command takes.
#[derive(Debug, clap::Args)]
pub struct Common {
    /// 使用其他标准文件（TOML），默认内置 2008 年创建方案 / use another standard (TOML) instead of the built-in 2008 plan
    #[arg(long, value_name = "FILE")]
    pub standard: Option<PathBuf>,

    /// 输出语言；默认按 LC_ALL/LANG 判断 / language of the output; default from LC_ALL/LANG
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,

    /// 着色 / colour
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// 表格宽度（列数），默认适应终端 / table width in columns; default: fit the terminal
    #[arg(long, value_name = "COLUMNS", value_parser = clap::value_parser!(u16).range(40..))]
    pub width: Option<u16>,

    /// 单个文件的大小上限，如 512K、4M / largest file read, e.g. 512K, 4M
    #[arg(long, value_name = "SIZE", default_value = "256K", value_parser = parse_size)]
    pub max_size: u64,
}

/// The formats of `diff` and `trend`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ChangeFormat {
    /// 表格 / a table
    Table,
    /// JSON
    Json,
    /// Markdown
    Markdown,
    /// HTML，含各目标与总分的逐年折线图 / HTML, with each target's and the total's line across the years
    Html,
}

/// `--sort`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SortOrder {
    /// 按输入顺序 / as given (files in order, folders sorted by name)
    Input,
    /// 得分最低者在前 / worst score first
    Score,
}

/// Reads a size such as `2048`, `512K` or `4M` (binary units) into bytes.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let (digits, unit) = match text.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => text.split_at(i),
        None => (text, ""),
    };
    let multiplier: u64 = match unit.to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "K" | "KB" | "KIB" => 1 << 10,
        "M" | "MB" | "MIB" => 1 << 20,
        "G" | "GB" | "GIB" => 1 << 30,
        _ => {
            return Err(format!(
                "未知的单位 `{unit}`：请用 K、M 或 G（如 4M） / unknown unit `{unit}`: use K, M or G (e.g. 4M)"
            ));
        }
    };
    let number: u64 = digits.parse().map_err(|_| {
        format!("`{text}` 不是大小，应写如 512K 或 4M / `{text}` is not a size such as 512K or 4M")
    })?;
    number
        .checked_mul(multiplier)
        .ok_or_else(|| format!("`{text}` 太大 / `{text}` is too large"))
}

/// A day written `YYYY-MM-DD` that exists.
fn parse_date(text: &str) -> Result<crate::date::Date, String> {
    crate::date::Date::parse(text).map_err(|_| {
        "应为存在的日期 YYYY-MM-DD，如 2026-06-30 / a day that exists, written YYYY-MM-DD, e.g. 2026-06-30".to_string()
    })
}

/// The arguments with common options written before a subcommand moved
/// after it: `assess --lang en diff a b` means `assess diff --lang en a b`,
/// not a batch of three sheets named `diff`, `a` and `b`. Only the options
/// every command takes move, and only when a subcommand follows them.
pub fn common_options_after_subcommand(args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    use clap::CommandFactory;
    const WITH_VALUE: [&str; 5] = ["--standard", "--lang", "--color", "--width", "--max-size"];
    let subcommands: Vec<String> = Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    let mut moved = Vec::new();
    let mut i = 1;
    while i < args.len() {
        let Some(arg) = args[i].to_str() else { break };
        if WITH_VALUE.contains(&arg) && i + 1 < args.len() {
            moved.extend_from_slice(&args[i..i + 2]);
            i += 2;
        } else if WITH_VALUE.iter().any(|o| arg.starts_with(&format!("{o}="))) {
            moved.push(args[i].clone());
            i += 1;
        } else if subcommands.iter().any(|s| s == arg) && !moved.is_empty() {
            // Only options the subcommand takes: anything else is left for
            // clap to name as an error where it was written.
            let command = Cli::command();
            let takes = |option: &str| {
                command.find_subcommand(arg).is_some_and(|sub| {
                    sub.get_arguments().any(|a| {
                        a.get_long()
                            .is_some_and(|l| option.starts_with(&format!("--{l}")))
                    })
                })
            };
            if !moved
                .iter()
                .filter_map(|o| o.to_str())
                .filter(|o| o.starts_with("--"))
                .all(takes)
            {
                return args;
            }
            let mut reordered = vec![args[0].clone(), args[i].clone()];
            reordered.extend(moved);
            reordered.extend_from_slice(&args[i + 1..]);
            return reordered;
        } else {
            break;
        }
    }
    args
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::format_size;

    #[test]
    fn common_options_before_a_subcommand_move_after_it() {
        let os = |args: &[&str]| {
            args.iter()
                .map(std::ffi::OsString::from)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            common_options_after_subcommand(os(&["assess", "--lang", "en", "diff", "a", "b"])),
            os(&["assess", "diff", "--lang", "en", "a", "b"])
        );
        assert_eq!(
            common_options_after_subcommand(os(&[
                "assess",
                "--width=80",
                "--standard",
                "s.toml",
                "trend",
                "a"
            ])),
            os(&["assess", "trend", "--width=80", "--standard", "s.toml", "a"])
        );
        // Sheets, and options that are not common to every command, stay.
        for args in [
            &["assess", "--lang", "en", "a.yaml", "diff"][..],
            &["assess", "--format", "json", "diff", "a", "b"][..],
            &["assess", "diff", "--lang", "en", "a", "b"][..],
        ] {
            assert_eq!(common_options_after_subcommand(os(args)), os(args));
        }
    }

    #[test]
    fn sizes_read_and_print_in_binary_units() {
        assert_eq!(parse_size("2048"), Ok(2048));
        assert_eq!(parse_size("512K"), Ok(512 * 1024));
        assert_eq!(parse_size("4m"), Ok(4 << 20));
        assert_eq!(parse_size("1MiB"), Ok(1 << 20));
        assert!(parse_size("4X").is_err());
        assert!(parse_size("K").is_err());
        assert!(parse_size("99999999999G").is_err());
        assert_eq!(format_size(1 << 20), "1M");
        assert_eq!(format_size(1536), "1536 B");
        assert_eq!(format_size(3 << 10), "3K");
    }
}
