//! Sprig's word-case functions, ported from the libraries Sprig 3.2.3 calls: `camelcase`,
//! `snakecase` and `kebabcase` from huandu/xstrings 1.3.3 (`ToCamelCase`, `ToSnakeCase`,
//! `ToKebabCase`), `swapcase` from Masterminds/goutils 1.1.1 (`SwapCase`). The letter
//! categories are Go's own (`unicode.IsUpper`, `IsLower`, `IsTitle`, `IsLetter`,
//! `IsNumber`, `IsPunct`, `IsSpace`: [`super::unicode`]), and so are the case mappings.
//!
//! xstrings reads the text with `utf8.DecodeRuneInString` and treats the rune it returns
//! for invalid bytes, U+FFFD, as "no rune": a U+FFFD in valid text is read the same way,
//! and so it is here.

use super::strings::{in_ranges, is_space, rune_case};
use super::unicode::{DIGIT, LETTER_OR_DIGIT, LOWER, NUMBER, PUNCT, TITLE, UPPER};
use super::{s, Func, Ty, Val};

/// `utf8.RuneError`.
const RUNE_ERROR: char = '\u{FFFD}';

/// Whether `c` is in a table of (first, n, stride) ranges (`unicode.rs`).
fn in_strided(table: &[(u32, u16, u16)], c: char) -> bool {
    let r = c as u32;
    // The last range that starts at or before `r`.
    let k = table.partition_point(|&(lo, _, _)| lo <= r);
    let Some(&(lo, n, stride)) = k.checked_sub(1).map(|k| &table[k]) else {
        return false;
    };
    let (n, stride) = (u32::from(n), u32::from(stride));
    r - lo <= n * stride && (r - lo).is_multiple_of(stride)
}

/// Go's `unicode.IsLetter`: a letter or digit that is not a digit (the categories are
/// disjoint).
fn is_letter(c: char) -> bool {
    in_ranges(LETTER_OR_DIGIT, c) && !in_strided(DIGIT, c)
}

fn is_upper(c: char) -> bool {
    in_strided(UPPER, c)
}

fn is_lower(c: char) -> bool {
    in_strided(LOWER, c)
}

fn is_number(c: char) -> bool {
    in_strided(NUMBER, c)
}

fn is_punct(c: char) -> bool {
    in_strided(PUNCT, c)
}

fn to_upper(c: char) -> char {
    rune_case(c)[0]
}

fn to_lower(c: char) -> char {
    rune_case(c)[1]
}

/// xstrings' `isConnector`: `-`, `_` or white space.
fn is_connector(c: char) -> bool {
    c == '-' || c == '_' || is_space(c)
}

/// xstrings' `isAlphabet`: a letter, but not one of its CJK ideograph ranges.
fn is_alphabet(c: char) -> bool {
    is_letter(c) && !matches!(c as u32, 0x4E00..=0x9FCC | 0x3400..=0x4D85 | 0x2_0000..=0x2_B81D)
}

/// xstrings' `ToCamelCase`.
fn camel(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    let mut r0 = RUNE_ERROR;
    let mut seen = false;
    // Leading connectors are kept.
    for c in chars.by_ref() {
        seen = true;
        if !is_connector(c) {
            r0 = to_upper(c);
            break;
        }
        r0 = c;
        out.push(c);
    }
    let rest = chars.as_str();
    if rest.is_empty() {
        // xstrings writes the last rune read once more (a lone connector doubles).
        if seen {
            out.push(r0);
        }
        return out;
    }
    for c in rest.chars() {
        let r1 = r0;
        r0 = c;
        if is_connector(r0) && is_connector(r1) {
            out.push(r1);
            continue;
        }
        if is_connector(r1) {
            r0 = to_upper(r0);
        } else {
            r0 = to_lower(r0);
            out.push(r1);
        }
    }
    out.push(r0);
    out
}

/// xstrings' `wordType`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Word {
    Invalid,
    Number,
    Upper,
    Alphabet,
    Connector,
    Punct,
    Other,
}

/// xstrings' `nextValidRune`: the first rune that is not U+FFFD and the bytes up to its
/// end; `prev` and the whole length when there is none.
fn next_valid(text: &str, prev: char) -> (char, usize) {
    let mut size = 0;
    for c in text.chars() {
        size += c.len_utf8();
        if c != RUNE_ERROR {
            return (c, size);
        }
    }
    (prev, size)
}

/// The runes after byte `*at` while `keep` holds, as xstrings' loops read them: `*r` is
/// the last rune read (the one that stopped the loop).
fn take_while(text: &str, at: &mut usize, r: &mut char, keep: impl Fn(char) -> bool) {
    while *at < text.len() {
        let (c, size) = next_valid(&text[*at..], *r);
        *r = c;
        if !keep(c) {
            break;
        }
        *at += size;
    }
}

/// xstrings' `nextWord` after an upper-case rune ending at `at`.
fn upper_word(text: &str, mut at: usize, mut r: char) -> usize {
    if at == text.len() {
        return at;
    }
    let (c, size) = next_valid(&text[at..], r);
    r = c;
    if is_upper(c) {
        let mut prev_size = size;
        at += size;
        while at < text.len() {
            let (c, size) = next_valid(&text[at..], r);
            r = c;
            if !is_upper(c) {
                break;
            }
            prev_size = size;
            at += size;
        }
        // "HTTPStatus": the "S" starts the next word.
        if at < text.len() && is_alphabet(r) {
            at -= prev_size;
        }
    } else if is_alphabet(c) {
        at += size;
        take_while(text, &mut at, &mut r, |c| is_alphabet(c) && !is_upper(c));
    }
    at
}

/// xstrings' `nextWord`: the type of the word at the start of `text`, the word, the rest.
fn next_word(text: &str) -> (Word, &str, &str) {
    if text.is_empty() {
        return (Word::Invalid, "", "");
    }
    let (mut r, mut at) = next_valid(text, RUNE_ERROR);
    let wt = if r == RUNE_ERROR {
        Word::Invalid
    } else if is_connector(r) {
        take_while(text, &mut at, &mut r, is_connector);
        Word::Connector
    } else if is_punct(r) {
        take_while(text, &mut at, &mut r, is_punct);
        Word::Punct
    } else if is_upper(r) {
        at = upper_word(text, at, r);
        Word::Upper
    } else if is_alphabet(r) {
        take_while(text, &mut at, &mut r, |c| is_alphabet(c) && !is_upper(c));
        Word::Alphabet
    } else if is_number(r) {
        take_while(text, &mut at, &mut r, is_number);
        Word::Number
    } else {
        take_while(text, &mut at, &mut r, |c| {
            !(is_connector(c) || is_alphabet(c) || is_number(c) || is_punct(c))
        });
        Word::Other
    };
    (wt, &text[..at], &text[at..])
}

/// xstrings' `toLower`: an upper-case or connector word lower-cased, its connectors
/// replaced; any other word as it is.
fn push_lower(out: &mut String, wt: Word, word: &str, connector: char) {
    if wt != Word::Upper && wt != Word::Connector {
        out.push_str(word);
        return;
    }
    for c in word.chars() {
        out.push(if is_connector(c) {
            connector
        } else if is_upper(c) {
            to_lower(c)
        } else {
            c
        });
    }
}

/// The case of xstrings' `camelCaseToLowerCase` after a word that is not a number, a
/// connector or punctuation, with the word after it read (`cur`).
fn after_word<'a>(
    out: &mut String,
    cur: (Word, &'a str, &'a str),
    sep: char,
) -> (Word, &'a str, &'a str) {
    let (wt, word, rest) = cur;
    if wt != Word::Number {
        if wt != Word::Connector && wt != Word::Punct {
            out.push(sep);
        }
        return cur;
    }
    if rest.is_empty() {
        return cur;
    }
    let last = word;
    let mut cur = next_word(rest);
    if cur.0 != Word::Alphabet {
        // A number is part of the word before it: "Bld4Floor" is "bld4_floor".
        push_lower(out, Word::Number, last, sep);
        if cur.0 != Word::Connector && cur.0 != Word::Punct {
            out.push(sep);
        }
        return cur;
    }
    // Lower-case letters after a number: "HTTP2xx" is "http_2xx".
    out.push(sep);
    push_lower(out, Word::Number, last, sep);
    while matches!(cur.0, Word::Alphabet | Word::Number) {
        push_lower(out, cur.0, cur.1, sep);
        cur = next_word(cur.2);
    }
    if !matches!(cur.0, Word::Invalid | Word::Connector | Word::Punct) {
        out.push(sep);
    }
    cur
}

/// xstrings' `camelCaseToLowerCase` (`snakecase` with `_`, `kebabcase` with `-`).
fn to_words(text: &str, sep: char) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    let mut cur = next_word(text);
    while !cur.2.is_empty() {
        let (prev, last) = (cur.0, cur.1);
        if prev != Word::Connector {
            push_lower(&mut out, prev, last, sep);
        }
        cur = next_word(cur.2);
        match prev {
            Word::Number => {
                while matches!(cur.0, Word::Alphabet | Word::Number) {
                    push_lower(&mut out, cur.0, cur.1, sep);
                    cur = next_word(cur.2);
                }
                if !matches!(cur.0, Word::Invalid | Word::Punct | Word::Connector) {
                    out.push(sep);
                }
            }
            Word::Connector => push_lower(&mut out, prev, last, sep),
            Word::Punct => {}
            _ => cur = after_word(&mut out, cur, sep),
        }
    }
    push_lower(&mut out, cur.0, cur.1, sep);
    out
}

/// goutils' `SwapCase`: upper and title case lower-cased; lower case upper-cased, or
/// title-cased at the start of a word (after white space).
fn swap(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    for c in text.chars() {
        if is_upper(c) || in_strided(TITLE, c) {
            out.push(to_lower(c));
            space = false;
        } else if is_lower(c) {
            out.push(if space { rune_case(c)[2] } else { to_upper(c) });
            space = false;
        } else {
            out.push(c);
            space = is_space(c);
        }
    }
    out
}

/// The functions here, sorted by name.
pub(super) static FUNCTIONS: &[Func] = &[
    f!("camelcase", [Str], false, None, "camelcase S", "S in camel case: words separated by `_`, `-` or white space joined, each first letter upper-cased and the rest lower-cased (xstrings' `ToCamelCase`: leading separators are kept).", |a| Ok(Val::text(camel(s(&a[0]))))),
    f!("kebabcase", [Str], false, None, "kebabcase S", "S in kebab case: words (split at upper-case letters, numbers, `_`, `-` and white space) lower-cased and joined with `-` (xstrings' `ToKebabCase`).", |a| Ok(Val::text(to_words(s(&a[0]), '-')))),
    f!("snakecase", [Str], false, None, "snakecase S", "S in snake case: words (split at upper-case letters, numbers, `_`, `-` and white space) lower-cased and joined with `_` (xstrings' `ToSnakeCase`).", |a| Ok(Val::text(to_words(s(&a[0]), '_')))),
    f!("swapcase", [Str], false, None, "swapcase S", "S with upper case lower-cased and lower case upper-cased (title-cased at the start of a word; goutils' `SwapCase`).", |a| Ok(Val::text(swap(s(&a[0]))))),
];

#[cfg(test)]
mod tests {
    use super::super::call_checked as call;
    use super::*;

    fn one(name: &str, x: &str) -> String {
        call(name, &[Val::text(x)]).unwrap().into_text()
    }

    #[test]
    fn xstrings_samples() {
        for (x, want) in [
            ("some_words", "SomeWords"),
            ("http_server", "HttpServer"),
            ("no_https", "NoHttps"),
            ("_complex__case_", "_Complex_Case_"),
            ("some words", "SomeWords"),
            ("_", "__"),
            ("", ""),
        ] {
            assert_eq!(one("camelcase", x), want, "{x:?}");
        }
        for (x, want) in [
            ("FirstName", "first_name"),
            ("HTTPServer", "http_server"),
            ("NoHTTPS", "no_https"),
            ("GO_PATH", "go_path"),
            ("GO PATH", "go_path"),
            ("GO-PATH", "go_path"),
            ("http2xx", "http_2xx"),
            ("HTTP20xOK", "http_20x_ok"),
            ("Duration2m3s", "duration_2m3s"),
            ("Bld4Floor3rd", "bld4_floor_3rd"),
        ] {
            assert_eq!(one("snakecase", x), want, "{x:?}");
            assert_eq!(one("kebabcase", x), want.replace('_', "-"), "{x:?}");
        }
    }

    /// (input, camelcase, snakecase, kebabcase, swapcase) as Go 1.19 with Sprig 3.2.3
    /// computes them.
    #[rustfmt::skip]
    const GO: &[[&str; 5]] = &[
        ["", "", "", "", ""],
        ["_", "__", "_", "-", "_"],
        ["-", "--", "_", "-", "-"],
        [" ", "  ", "_", "-", " "],
        ["a", "A", "a", "a", "A"],
        ["A", "A", "a", "a", "a"],
        ["__a", "__A", "__a", "--a", "__A"],
        ["a__", "A__", "a__", "a--", "A__"],
        ["_a_b_", "_AB_", "_a_b_", "-a-b-", "_A_B_"],
        ["some_words", "SomeWords", "some_words", "some-words", "SOME_WORDS"],
        ["HTTPServer", "Httpserver", "http_server", "http-server", "httpsERVER"],
        ["NoHTTPS", "Nohttps", "no_https", "no-https", "nOhttps"],
        ["http2xx", "Http2xx", "http_2xx", "http-2xx", "HTTP2XX"],
        ["HTTP20xOK", "Http20xok", "http_20x_ok", "http-20x-ok", "http20Xok"],
        ["Duration2m3s", "Duration2m3s", "duration_2m3s", "duration-2m3s", "dURATION2M3S"],
        ["Bld4Floor3rd", "Bld4floor3rd", "bld4_floor_3rd", "bld4-floor-3rd", "bLD4fLOOR3RD"],
        ["ǅungla ǆx Ǆ", "ǄunglaǄxǄ", "ǅungla_ǆx_ǆ", "ǅungla-ǆx-ǆ", "ǆUNGLA ǅX ǆ"],
        ["ΣΑΣ σας", "ΣασΣας", "σασ_σας", "σασ-σας", "σασ ΣΑΣ"],
        ["İstanbul ıi", "İstanbulIi", "istanbul_ıi", "istanbul-ıi", "iSTANBUL II"],
        ["ß straße", "ßStraße", "ß_straße", "ß-straße", "ß STRAßE"],
        ["中文Abc中", "中文abc中", "中文_abc_中", "中文-abc-中", "中文aBC中"],
        ["a\u{a0}b\u{2028}c", "ABC", "a_b_c", "a-b-c", "A\u{a0}B\u{2028}C"],
        ["x\u{fffd}y", "X\u{fffd}y", "x\u{fffd}y", "x\u{fffd}y", "X\u{fffd}Y"],
        ["\u{fffd}", "\u{fffd}", "\u{fffd}", "\u{fffd}", "\u{fffd}"],
        ["\u{fffd}A", "\u{fffd}a", "\u{fffd}a", "\u{fffd}a", "\u{fffd}a"],
        ["A\u{fffd}", "A\u{fffd}", "a\u{fffd}", "a\u{fffd}", "a\u{fffd}"],
        ["Ab\u{fffd}Cd", "Ab\u{fffd}cd", "ab_\u{fffd}cd", "ab-\u{fffd}cd", "aB\u{fffd}cD"],
        ["ÀÉÎõü", "Àéîõü", "àé_îõü", "àé-îõü", "àéîÕÜ"],
        ["ǈǉǇ", "Ǉǉǉ", "ǈǉ_ǉ", "ǈǉ-ǉ", "ǉǇǉ"],
        ["ⅫⅻNo½", "Ⅻⅻno½", "Ⅻⅻ_no½", "Ⅻⅻ-no½", "ⅫⅻnO½"],
        ["a1b2C3", "A1b2c3", "a_1b2_c3", "a-1b2-c3", "A1B2c3"],
        ["A1B2c3", "A1b2c3", "a1_b_2c3", "a1-b-2c3", "a1b2C3"],
        ["ABC123def", "Abc123def", "abc_123def", "abc-123def", "abc123DEF"],
        ["1A", "1a", "1_a", "1-a", "1a"],
        ["1a", "1a", "1a", "1a", "1A"],
        ["1_a", "1A", "1_a", "1-a", "1_A"],
        ["a.b,c!d", "A.b,c!d", "a.b,c!d", "a.b,c!d", "A.B,C!D"],
        ["a..B", "A..b", "a..b", "a..b", "A..b"],
        ["-.-", "-.-", "_.-", "-.-", "-.-"],
        ["İı", "İı", "iı", "iı", "iI"],
        ["ꞪaBc", "Ɦabc", "ɦa_bc", "ɦa-bc", "ɦAbC"],
        ["𝐀x", "𝐀x", "𝐀x", "𝐀x", "𝐀X"],
        ["𐐀𐐨", "𐐀𐐨", "𐐨𐐨", "𐐨𐐨", "𐐨𐐀"],
        ["foo bar-baz_qux", "FooBarBazQux", "foo_bar_baz_qux", "foo-bar-baz-qux", "FOO BAR-BAZ_QUX"],
        ["  lead", "  Lead", "__lead", "--lead", "  LEAD"],
        ["trail  ", "Trail  ", "trail__", "trail--", "TRAIL  "],
        ["ɐɑɒ", "Ɐɑɒ", "ɐɑɒ", "ɐɑɒ", "ⱯⱭⱰ"],
        ["ᾈᾀ", "ᾈᾀ", "ᾈᾀ", "ᾈᾀ", "ᾀᾈ"],
        ["ﬃ", "ﬃ", "ﬃ", "ﬃ", "ﬃ"],
        ["µ", "Μ", "µ", "µ", "Μ"],
        ["ſ", "S", "ſ", "ſ", "S"],
        ["K", "K", "k", "k", "k"],
        ["Å", "Å", "å", "å", "å"],
        ["x\u{9}y\u{a}z", "XYZ", "x_y_z", "x-y-z", "X\u{9}Y\u{a}Z"],
        ["Ǳdz", "Ǳdz", "ǳdz", "ǳdz", "ǳDZ"],
        ["A-B-C", "ABC", "a_b_c", "a-b-c", "a-b-c"],
        ["AbcDEF", "Abcdef", "abc_def", "abc-def", "aBCdef"],
        ["aBCDe", "Abcde", "a_bc_de", "a-bc-de", "AbcdE"],
        ["$x+y<z>", "$x+y<z>", "$_x_+_y_<_z_>", "$-x-+-y-<-z->", "$X+Y<Z>"],
        ["日本語テキスト", "日本語テキスト", "日本語_テキスト", "日本語-テキスト", "日本語テキスト"],
        ["𠀀a", "𠀀a", "𠀀_a", "𠀀-a", "𠀀A"],
        ["x😀y", "X😀y", "x_😀_y", "x-😀-y", "X😀Y"],
        ["A😀B", "A😀b", "a_😀_b", "a-😀-b", "a😀b"],
        ["9½x", "9½x", "9½x", "9½x", "9½X"],
        ["Ⅻa", "Ⅻa", "Ⅻa", "Ⅻa", "ⅫA"],
        ["ⓐⒶ", "Ⓐⓐ", "ⓐⒶ", "ⓐⒶ", "ⓐⒶ"],
        ["a\u{301}B", "A\u{301}b", "a_\u{301}_b", "a-\u{301}-b", "A\u{301}b"],
    ];

    #[test]
    fn as_go_computes_them() {
        for row in GO {
            for (k, name) in ["camelcase", "snakecase", "kebabcase", "swapcase"]
                .iter()
                .enumerate()
            {
                assert_eq!(one(name, row[0]), row[k + 1], "{name} {:?}", row[0]);
            }
        }
    }

    #[test]
    fn swapcase_titles_word_starts() {
        assert_eq!(one("swapcase", "Hello World"), "hELLO wORLD");
        assert_eq!(one("swapcase", "ǆa ǅ"), "ǅA ǆ");
        assert_eq!(one("swapcase", ""), "");
    }

    #[test]
    fn categories_are_go_s_for_every_rune() {
        // (predicate, count, sum, polynomial hash of the runes it holds for), as Go 1.19's
        // `unicode` package computes them over every rune but the surrogates.
        type Pred = fn(char) -> bool;
        let title = |c| in_strided(TITLE, c);
        let preds: [(&str, Pred, u64, u64, u64); 6] = [
            (
                "is_upper",
                is_upper,
                1791,
                82_701_941,
                9_601_368_843_889_024_093,
            ),
            (
                "is_lower",
                is_lower,
                2155,
                96_073_426,
                267_910_983_059_636_830,
            ),
            ("title", title, 31, 220_514, 14_353_869_528_881_710_902),
            (
                "is_letter",
                is_letter,
                131_241,
                13_862_360_769,
                597_172_669_296_955_087,
            ),
            (
                "is_number",
                is_number,
                1781,
                98_248_380,
                5_056_313_065_686_935_276,
            ),
            (
                "is_punct",
                is_punct,
                798,
                25_653_055,
                13_637_985_053_437_421_243,
            ),
        ];
        for (name, f, count, sum, mix) in preds {
            let (mut c, mut s, mut m) = (0u64, 0u64, 0u64);
            for ch in (0..=0x10_FFFF)
                .filter_map(char::from_u32)
                .filter(|&ch| f(ch))
            {
                c += 1;
                s += u64::from(ch as u32);
                m = m.wrapping_mul(31).wrapping_add(u64::from(ch as u32));
            }
            assert_eq!((c, s, m), (count, sum, mix), "{name}");
        }
    }

    #[test]
    fn strided_tables_agree_with_rust_on_ascii() {
        for c in (0u8..128).map(char::from) {
            assert_eq!(is_upper(c), c.is_ascii_uppercase(), "{c:?}");
            assert_eq!(is_lower(c), c.is_ascii_lowercase(), "{c:?}");
            assert_eq!(is_number(c), c.is_ascii_digit(), "{c:?}");
            assert_eq!(
                is_punct(c),
                c.is_ascii_punctuation() && !"$+<=>^`|~".contains(c)
            );
        }
        assert!(is_upper('Ā') && !is_upper('ā') && is_lower('ā') && is_upper('Ă'));
        assert!(in_strided(TITLE, 'ǅ') && !is_upper('ǅ'));
        assert!(is_number('½') && is_number('Ⅻ') && !is_alphabet('中') && is_alphabet('é'));
    }
}
