//! "Did you mean" suggestions.
//!
//! A hint is worth little time: words and candidates longer than [`MAX_WORD`] characters
//! are not compared, and one search fills at most [`CELLS_PER_SEARCH`] cells of the
//! edit-distance table (candidates past that are not looked at), so a document of
//! 50,000 keys or of 30 KB names costs milliseconds per hint.

/// Longest word or candidate compared, in characters.
pub(crate) const MAX_WORD: usize = 128;
/// Edit-distance cells one search may fill (about a millisecond).
pub(crate) const CELLS_PER_SEARCH: usize = 1 << 20;

/// Edit distance (Levenshtein, by characters, ASCII case-insensitive); `usize::MAX` when
/// either side is longer than [`MAX_WORD`].
#[must_use]
pub(crate) fn distance(a: &str, b: &str) -> usize {
    let (Some(a), Some(b)) = (short_chars(a), short_chars(b)) else {
        return usize::MAX;
    };
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The lower-cased characters of `s`, if it has at most [`MAX_WORD`] of them.
fn short_chars(s: &str) -> Option<Vec<char>> {
    if s.len() > 4 * MAX_WORD {
        return None;
    }
    let chars: Vec<char> = s.chars().map(|c| c.to_ascii_lowercase()).collect();
    (chars.len() <= MAX_WORD).then_some(chars)
}

/// The closest candidate to `word`, if it is close enough to be a likely typo
/// (at most a third of the word's length, and at least 1, edits away).
pub(crate) fn closest<'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
    let mut cells = CELLS_PER_SEARCH;
    closest_within(word, candidates, &mut cells)
}

/// [`closest`], filling at most `cells` cells of the distance table (what is left is
/// written back, so several searches can share one budget).
pub(crate) fn closest_within<'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c str>,
    cells: &mut usize,
) -> Option<&'c str> {
    let len = word.chars().count();
    if len > MAX_WORD {
        return None;
    }
    let max = (len / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        // A length difference alone costs that many edits.
        if c.len() > 4 * MAX_WORD || c.len() + max < len || len + max < c.chars().count() {
            continue;
        }
        let cost = (len + 1) * (c.len() + 1);
        if cost > *cells {
            *cells = 0;
            break;
        }
        *cells -= cost;
        let d = distance(word, c);
        if d <= max && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    #[test]
    fn typos() {
        assert_eq!(super::distance("kunernetes", "kubernetes"), 1);
        assert_eq!(
            super::closest("osImageOveride", ["osName", "osImageOverride"]),
            Some("osImageOverride")
        );
        assert_eq!(super::closest("zzz", ["osName"]), None);
    }

    #[test]
    fn searches_are_bounded() {
        let long = "k".repeat(30_000);
        assert_eq!(super::distance(&long, &long), usize::MAX);
        assert_eq!(super::closest(&long, [long.as_str()]), None);
        // The budget runs out before the one close candidate at the end.
        let many: Vec<String> = (0..100_000).map(|i| format!("osImageKey{i:05}")).collect();
        let mut names: Vec<&str> = many.iter().map(String::as_str).collect();
        names.push("osImageOverride");
        assert_eq!(super::closest("osImageOveride", names), None);
        assert_eq!(
            super::closest("osImageOveride", ["osImageOverride"]),
            Some("osImageOverride")
        );
    }
}
