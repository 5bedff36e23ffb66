//! "Did you mean …?" suggestions for misspelt keys and names.

/// The candidate closest to `word`, if one is close enough to be a likely
/// typo (`stabilty` → `stability`), by Damerau–Levenshtein distance.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = match word.chars().count() {
        0..=3 => 1,
        4..=7 => 2,
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
    }
}
