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
    match (Word::new(a), Word::new(b)) {
        (Some(a), Some(b)) => a.distance(&b),
        _ => usize::MAX,
    }
}

/// The lower-cased characters of a word of at most [`MAX_WORD`] characters, held
/// without allocating: a search compares one word with thousands of candidates.
struct Word {
    chars: [char; MAX_WORD],
    len: usize,
}

impl Word {
    fn new(s: &str) -> Option<Word> {
        if s.len() > 4 * MAX_WORD {
            return None;
        }
        let mut w = Word {
            chars: ['\0'; MAX_WORD],
            len: 0,
        };
        for c in s.chars() {
            *w.chars.get_mut(w.len)? = c.to_ascii_lowercase();
            w.len += 1;
        }
        Some(w)
    }

    fn chars(&self) -> &[char] {
        &self.chars[..self.len]
    }

    /// The edit distance to `other`, with two rows of the table on the stack (bytes:
    /// no distance between words of [`MAX_WORD`] characters exceeds 128).
    fn distance(&self, other: &Word) -> usize {
        let (a, b) = (self.chars(), other.chars());
        let mut prev = [0u8; MAX_WORD + 1];
        let mut cur = [0u8; MAX_WORD + 1];
        for (j, cell) in (0u8..).zip(prev.iter_mut().take(b.len() + 1)) {
            *cell = j;
        }
        for (i, ca) in (1u8..).zip(a) {
            cur[0] = i;
            for (j, cb) in b.iter().enumerate() {
                let sub = prev[j] + u8::from(ca != cb);
                cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
            }
            std::mem::swap(&mut prev, &mut cur);
        }
        usize::from(prev[b.len()])
    }
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
    let word = Word::new(word)?;
    let len = word.len;
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
        let Some(candidate) = Word::new(c) else {
            continue;
        };
        let d = word.distance(&candidate);
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
