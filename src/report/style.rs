//! Colour for statuses and verdicts on a terminal. Off unless asked for:
//! `--color always`, or `--color auto` (the default) on a terminal without
//! `NO_COLOR`. Files, pipes and snapshots never get escape codes.

use crate::eval::{Status, Verdict};
use comfy_table::Color;

/// The colour a status is shown in.
pub fn status_color(status: Status) -> Color {
    match status {
        Status::Pass => Color::Green,
        Status::Gap => Color::Red,
        Status::Missing => Color::Yellow,
        Status::NotApplicable => Color::DarkGrey,
    }
}

pub fn verdict_color(verdict: Verdict) -> Color {
    match verdict {
        Verdict::Ready => Color::Green,
        Verdict::NotReady => Color::Red,
    }
}

/// `text` in `color` when `on`, as ANSI escape codes (for lines printed
/// outside a table).
pub fn paint(text: &str, color: Color, on: bool) -> String {
    if !on {
        return text.to_string();
    }
    let code = match color {
        Color::Green => "32",
        Color::Red => "31",
        Color::Yellow => "33",
        Color::DarkGrey => "90",
        _ => "0",
    };
    format!("\u{1b}[{code}m{text}\u{1b}[0m")
}

/// Whether `--color` and the environment ask for colour on stdout.
pub fn use_color(choice: ColorChoice, stdout_is_terminal: bool, no_color: Option<&str>) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        // NO_COLOR (no-color.org): set and not empty turns colour off.
        ColorChoice::Auto => stdout_is_terminal && no_color.is_none_or(str::is_empty),
    }
}

/// `--color`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// 终端上着色，除非设置了 NO_COLOR / on a terminal unless NO_COLOR is set
    Auto,
    /// 总是着色 / always
    Always,
    /// 从不着色 / never
    Never,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_follows_the_flag_the_terminal_and_no_color() {
        assert!(use_color(ColorChoice::Auto, true, None));
        assert!(use_color(ColorChoice::Auto, true, Some("")));
        assert!(!use_color(ColorChoice::Auto, true, Some("1")));
        assert!(!use_color(ColorChoice::Auto, false, None));
        assert!(use_color(ColorChoice::Always, false, Some("1")));
        assert!(!use_color(ColorChoice::Never, true, None));
        assert_eq!(paint("x", Color::Red, false), "x");
        assert_eq!(paint("x", Color::Red, true), "\u{1b}[31mx\u{1b}[0m");
    }
}
