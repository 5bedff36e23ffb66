//! "Did you mean …?" suggestions for misspelt keys and names.

/// The candidate closest to `word`, if one is close enough to be a likely
/// typo (`stabilty` → `stability`), by Damerau–Levenshtein distance.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    // Short words (criterion ids like "10.1") are one edit from too many
    // others for a wider net to help.
    let limit = match word.chars().count() {
        0..=4 => 1,
        5..=8 => 2,
        _ => 3,
    };
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(distance, _)| *distance <= limit)
        // Ties go to the first candidate in the caller's (standard) order.
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn suggests_near_misses_only() {
        let keys = ["stability", "supervision", "elections"];
        assert_eq!(closest("stabilty", keys), Some("stability"));
        assert_eq!(closest("elecitons", keys), Some("elections"));
        assert_eq!(closest("weather", keys), None);
        assert_eq!(closest("flg", ["flag", "ratio"]), Some("flag"));
        assert_eq!(closest("7.7", ["7.6", "A.1"]), Some("7.6"));
        assert_eq!(closest("10.1", ["A.1"]), None);
    }
}
