//! Sprig's string functions as Go runs them: case mapping rune by rune with Go's simple
//! mappings (`strings.ToUpper`, `ToLower`, `Title`), `%q` quoting with Go's `IsPrint`,
//! and the byte-indexed `trunc`, `substr` and `nospace`. The Unicode tables are Go's own
//! ([`super::unicode`], Unicode 13.0.0 as in Go 1.19).
//!
//! Where Go's byte arithmetic would cut a UTF-8 character (and write invalid UTF-8, or
//! re-encode each byte as a character), these functions return an error instead of a
//! corrupt value: docs/fidelity.md, D4-utf8-cut.

use super::unicode::{CASE_RANGES, LETTER_OR_DIGIT, PRINT, SPACE, UPPER_LOWER};

/// Go's `unicode.UpperCase`, `LowerCase`, `TitleCase`: the index into a range's deltas.
#[derive(Clone, Copy)]
enum Case {
    Upper = 0,
    Lower = 1,
    Title = 2,
}

/// Where the range `lo..=hi` stands against `r`, for a binary search of sorted ranges.
pub(crate) fn against(lo: u32, hi: u32, r: u32) -> std::cmp::Ordering {
    if hi < r {
        std::cmp::Ordering::Less
    } else if lo > r {
        std::cmp::Ordering::Greater
    } else {
        std::cmp::Ordering::Equal
    }
}

/// Go's `unicode.To(case, r)`: the simple (one-rune) mapping, `r` itself when it has none.
fn to_case(case: Case, c: char) -> char {
    let r = c as u32;
    let Ok(k) = CASE_RANGES.binary_search_by(|&(lo, hi, _)| against(lo, hi, r)) else {
        return c;
    };
    let (lo, _, deltas) = CASE_RANGES[k];
    let delta = deltas[case as usize];
    let mapped = if delta == UPPER_LOWER {
        // Even offsets from the start of an Upper-Lower run are upper case, odd lower;
        // upper and title take the even one, lower the odd one.
        lo + (((r - lo) & !1) | (case as u32 & 1))
    } else {
        r.wrapping_add_signed(delta)
    };
    char::from_u32(mapped).unwrap_or(c)
}

pub(crate) fn in_ranges(table: &[(u32, u32)], c: char) -> bool {
    let r = c as u32;
    table
        .binary_search_by(|&(lo, hi)| against(lo, hi, r))
        .is_ok()
}

/// Go's `unicode.IsSpace`.
pub(crate) fn is_space(c: char) -> bool {
    in_ranges(SPACE, c)
}

/// Go's `unicode.ToUpper`, `ToLower` and `ToTitle` of one rune.
pub(crate) fn rune_case(c: char) -> [char; 3] {
    [
        to_case(Case::Upper, c),
        to_case(Case::Lower, c),
        to_case(Case::Title, c),
    ]
}

/// Go's `strings.ToUpper` (Sprig's `upper`): `unicode.ToUpper` of each rune.
pub(crate) fn upper(text: &str) -> String {
    text.chars().map(|c| to_case(Case::Upper, c)).collect()
}

/// Go's `strings.ToLower` (Sprig's `lower`): `unicode.ToLower` of each rune (no
/// final-sigma rule, no special casing).
pub(crate) fn lower(text: &str) -> String {
    text.chars().map(|c| to_case(Case::Lower, c)).collect()
}

/// `isSeparator` of Go's `strings` package: what ends a word for `strings.Title`.
fn is_separator(c: char) -> bool {
    if c.is_ascii() {
        return !(c.is_ascii_alphanumeric() || c == '_');
    }
    if in_ranges(LETTER_OR_DIGIT, c) {
        return false;
    }
    is_space(c)
}

/// Go's `strings.Title` (Sprig's `title`): `unicode.ToTitle` of each rune that follows a
/// separator (`ǆemal` is `ǅemal`); the other runes are kept.
pub(crate) fn title(text: &str) -> String {
    let mut prev = ' ';
    text.chars()
        .map(|c| {
            let out = if is_separator(prev) {
                to_case(Case::Title, c)
            } else {
                c
            };
            prev = c;
            out
        })
        .collect()
}

/// How `strconv.Quote` writes one rune of valid UTF-8.
enum Quoted {
    /// As it is.
    Plain,
    /// A backslash, then this ASCII character (`\"`, `\\`, `\n`, …).
    Short(char),
    /// `\xNN`.
    Hex2,
    /// `\uNNNN`.
    Hex4,
    /// `\UNNNNNNNN`.
    Hex8,
}

/// Go 1.19's `strconv.IsPrint` (Unicode 13.0.0, from Go's own table).
pub(crate) fn is_print(c: char) -> bool {
    in_ranges(PRINT, c)
}

fn quoted(c: char) -> Quoted {
    match c {
        '"' | '\\' => Quoted::Short(c),
        c if in_ranges(PRINT, c) => Quoted::Plain,
        '\x07' => Quoted::Short('a'),
        '\x08' => Quoted::Short('b'),
        '\x0c' => Quoted::Short('f'),
        '\n' => Quoted::Short('n'),
        '\r' => Quoted::Short('r'),
        '\t' => Quoted::Short('t'),
        '\x0b' => Quoted::Short('v'),
        c if (c as u32) < 0x20 || c == '\x7f' => Quoted::Hex2,
        c if (c as u32) < 0x10000 => Quoted::Hex4,
        _ => Quoted::Hex8,
    }
}

/// Go's `%q` of a string (`strconv.Quote`): `"`, `\` and what Go's `strconv.IsPrint`
/// rejects are escaped (U+00A0, U+00AD, U+200B, U+3000, unassigned code points, …).
pub(crate) fn go_quote(text: &str) -> String {
    let mut out = String::with_capacity(go_quote_len(text));
    out.push('"');
    for c in text.chars() {
        match quoted(c) {
            Quoted::Plain => out.push(c),
            Quoted::Short(e) => {
                out.push('\\');
                out.push(e);
            }
            Quoted::Hex2 => out.push_str(&format!("\\x{:02x}", c as u32)),
            Quoted::Hex4 => out.push_str(&format!("\\u{:04x}", c as u32)),
            Quoted::Hex8 => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// The length of [`go_quote`]'s result, without building it.
pub(crate) fn go_quote_len(text: &str) -> usize {
    2 + text
        .chars()
        .map(|c| match quoted(c) {
            Quoted::Plain => c.len_utf8(),
            Quoted::Short(_) => 2,
            Quoted::Hex2 => 4,
            Quoted::Hex4 => 6,
            Quoted::Hex8 => 10,
        })
        .sum::<usize>()
}

/// `text[from..to]` by bytes, as Go slices a string; an error where Go panics (out of
/// range, `from > to`) and where a bound falls inside a UTF-8 character.
fn byte_slice(text: &str, from: i64, to: i64) -> Result<String, String> {
    let len = text.len();
    let bound = |x: i64| usize::try_from(x).ok().filter(|x| *x <= len);
    let (Some(a), Some(b)) = (bound(from), bound(to)) else {
        return Err(format!(
            "slice bounds out of range [{from}:{to}] of a value of {len} bytes"
        ));
    };
    if a > b {
        return Err(format!(
            "slice bounds out of range [{from}:{to}]: start after end"
        ));
    }
    for x in [a, b] {
        if !text.is_char_boundary(x) {
            return Err(format!(
                "byte {x} of the value is inside a multi-byte character: Go would cut it and \
                 write invalid UTF-8 (the function counts bytes, not characters)"
            ));
        }
    }
    Ok(text[a..b].to_owned())
}

/// Sprig's `trunc N S`: the first N bytes (N < 0: the last -N), the whole value when it
/// is no longer.
pub(crate) fn trunc(n: i64, text: &str) -> Result<String, String> {
    let len = i64::try_from(text.len()).unwrap_or(i64::MAX);
    if n < 0 && len + n > 0 {
        return byte_slice(text, len + n, len);
    }
    if n >= 0 && len > n {
        return byte_slice(text, 0, n);
    }
    Ok(text.to_owned())
}

/// Sprig's `substr START END S`: bytes START..END; START < 0 is `S[:END]`, END < 0 or
/// past the end is `S[START:]`. Go panics (an error) on what is left out of range.
pub(crate) fn substr(start: i64, end: i64, text: &str) -> Result<String, String> {
    let len = i64::try_from(text.len()).unwrap_or(i64::MAX);
    if start < 0 {
        return byte_slice(text, 0, end);
    }
    if end < 0 || end > len {
        return byte_slice(text, start, len);
    }
    byte_slice(text, start, end)
}

/// goutils' `DeleteWhiteSpace` (Sprig's `nospace`): drops each BYTE that is a space as a
/// rune (`\t\n\v\f\r`, space, 0x85, 0xA0) and, when it drops any, writes every other
/// byte back as the rune of that value, which re-encodes a multi-byte character byte by
/// byte (`é ` becomes `Ã©`). byoos computes the same where the value is ASCII or nothing
/// is dropped, and refuses the re-encoding.
pub(crate) fn nospace(text: &str) -> Result<String, String> {
    let dropped = |b: u8| matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ' | 0x85 | 0xa0);
    if !text.bytes().any(dropped) {
        return Ok(text.to_owned());
    }
    if !text.is_ascii() {
        return Err(
            "the value has white space and non-ASCII characters: Go's nospace works \
                    on bytes and would re-encode each byte of a multi-byte character as a \
                    character of its own"
                .to_owned(),
        );
    }
    Ok(text
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && *c != '\x0b')
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_mapping_is_go_simple_mapping() {
        assert_eq!(super::super::unicode::VERSION, "13.0.0");
        assert_eq!(upper("ß"), "ß");
        assert_eq!(upper("ﬁle"), "ﬁLE");
        assert_eq!(lower("ΣΑΣ"), "σασ");
        assert_eq!(upper("ǆ"), "Ǆ");
        assert_eq!(lower("ǅ"), "ǆ");
        assert_eq!(upper("ǅ"), "Ǆ");
        assert_eq!(upper("ŉ"), "ŉ");
        assert_eq!(lower("İ"), "i");
        assert_eq!(upper("ı"), "I");
        assert_eq!(lower("K"), "k");
        assert_eq!(upper("ſ"), "S");
        assert_eq!(upper("𐐨"), "𐐀");
        assert_eq!(lower("𐐀"), "𐐨");
        assert_eq!(upper("ā"), "Ā");
        assert_eq!(lower("Ā"), "ā");
        assert_eq!(title("ǆemal"), "ǅemal");
        assert_eq!(title("hello wide-world"), "Hello Wide-World");
        assert_eq!(title("a_b c.d é\u{a0}x"), "A_b C.D É\u{a0}X");
    }

    #[test]
    fn quote_is_strconv_quote() {
        assert_eq!(
            go_quote("a\u{a0}\u{ad}\u{200b}\u{3000}"),
            r#""a\u00a0\u00ad\u200b\u3000""#
        );
        assert_eq!(
            go_quote("\x07\x08\x0c\n\r\t\x0b\x00\x7f"),
            r#""\a\b\f\n\r\t\v\x00\x7f""#
        );
        assert_eq!(
            go_quote("\u{85}\u{e000}\u{10ffff}é😀"),
            r#""\u0085\ue000\U0010ffffé😀""#
        );
        for t in ["", "a\"\\", "\u{1}\u{e0001}\u{2028}", "é 中"] {
            assert_eq!(go_quote_len(t), go_quote(t).len());
        }
    }

    #[test]
    fn byte_functions() {
        assert_eq!(trunc(3, "abcdef"), Ok("abc".into()));
        assert_eq!(trunc(-2, "abcdef"), Ok("ef".into()));
        assert_eq!(trunc(-10, "abc"), Ok("abc".into()));
        assert_eq!(trunc(10, "abc"), Ok("abc".into()));
        assert_eq!(trunc(2, "éa"), Ok("é".into()));
        assert!(trunc(1, "éa").is_err());
        assert!(trunc(-1, "aé").is_err());
        assert_eq!(substr(1, 3, "aéb"), Ok("é".into()));
        assert!(substr(1, 2, "aéb").is_err());
        assert_eq!(substr(-1, 2, "abc"), Ok("ab".into()));
        assert!(substr(-1, 4, "abc").is_err());
        assert!(substr(-1, -1, "abc").is_err());
        assert_eq!(substr(1, 100, "abc"), Ok("bc".into()));
        assert_eq!(substr(3, -1, "abc"), Ok("".into()));
        assert!(substr(4, -1, "abc").is_err());
        assert!(substr(2, 1, "abc").is_err());
        assert_eq!(nospace(" a\tb\x0b\x0cc "), Ok("abc".into()));
        assert_eq!(nospace("é\u{3000}"), Ok("é\u{3000}".into()));
        assert!(nospace("é ").is_err());
        assert!(nospace("\u{a0}").is_err());
        assert!(nospace("à").is_err());
    }
}
