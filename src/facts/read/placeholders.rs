//! Texts that say there is nothing: `暂无`, `无`, `待补充`, `-`. Written as
//! a criterion's evidence they would count as evidence, and as the reason
//! for declaring a criterion not applicable they would set its points
//! aside, so a clerk's way of writing "none" could turn a gap into a pass.
//! The reader refuses them where a text is the fact, and says what to write.

/// The words, compared after trimming spaces and a closing full stop, and
/// ignoring ASCII case.
const NOTHING: &[&str] = &[
    "无",
    "暂无",
    "没有",
    "尚无",
    "暂缺",
    "缺",
    "空",
    "略",
    "待补",
    "待补充",
    "待提供",
    "待定",
    "无佐证",
    "暂无佐证",
    "无理由",
    "-",
    "--",
    "—",
    "——",
    "/",
    "／",
    "none",
    "n/a",
    "na",
    "nil",
    "tbd",
    "todo",
];

/// Whether `text` says there is nothing, rather than naming something.
pub(super) fn says_nothing(text: &str) -> bool {
    let text = text.trim().trim_end_matches(['。', '.', '！', '!']).trim();
    NOTHING.iter().any(|word| word.eq_ignore_ascii_case(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_for_nothing_are_told_from_texts_that_name_something() {
        for nothing in [
            "无",
            " 暂无 ",
            "暂无。",
            "待补充",
            "-",
            "—",
            "N/A",
            "TBD",
            "none",
        ] {
            assert!(says_nothing(nothing), "{nothing:?}");
        }
        for something in [
            "无线网络公示栏照片",
            "暂无违法事件记录（2024 年度台账）",
            "档案柜 3 号",
            "无讼社区创建台账",
            "-1 号柜",
            "n/a 见附件",
        ] {
            assert!(!says_nothing(something), "{something:?}");
        }
    }
}
