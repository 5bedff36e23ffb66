//! The command line (clap types only). What each option does is in
//! `run.rs`; what scripts may rely on is in the README and the contract.

use crate::lang::Lang;
use crate::report::Format;
use clap::Parser;
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
#[command(name = "assess", version, after_help = EXIT_CODES)]
pub struct Args {
    /// 事实表（YAML）或其所在文件夹 / fact sheets (YAML), or folders of them
    #[arg(required = true, value_name = "FACTS")]
    pub facts: Vec<PathBuf>,

    /// 使用其他标准文件（TOML），默认内置 2008 年创建方案 / use another standard (TOML) instead of the built-in 2008 plan
    #[arg(long, value_name = "FILE")]
    pub standard: Option<PathBuf>,

    /// 输出格式 / output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// 输出语言；默认按 LC_ALL/LANG 判断 / language of the output; default from LC_ALL/LANG
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
}
