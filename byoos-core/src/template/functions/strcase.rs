//! Sprig's word functions from `goutils` (Sprig 3.2.3's `strings.go`): `abbrev`,
//! `abbrevboth` (byte-wise, as goutils slices), `untitle` and `initials` (byte-wise:
//! each byte is read as the rune of that value, as goutils does).

use super::strings::{is_space, lower};
use super::{i, s, Func, Ty, Val};

/// `text[a..b]` by bytes; an error where a bound falls inside a character (Go would cut
/// it and write invalid UTF-8).
fn cut(text: &str, a: usize, b: usize) -> Result<&str, String> {
    text.get(a..b).ok_or_else(|| {
        "the abbreviation would cut a multi-byte character: Go would write invalid UTF-8 \
         (the function counts bytes, not characters)"
            .to_owned()
    })
}

/// goutils' `AbbreviateFull(text, offset, width)` for `width >= 4`, its error ignored
/// (`""`, as Sprig returns it).
fn abbreviate_full(text: &str, offset: i64, width: i64) -> Result<String, String> {
    let len = i64::try_from(text.len()).unwrap_or(i64::MAX);
    if text.is_empty() || width < 4 {
        return Ok(String::new());
    }
    if len <= width {
        return Ok(text.to_owned());
    }
    let mut offset = offset.min(len);
    if len - offset < width - 3 {
        offset = len - (width - 3);
    }
    let at = |x: i64| usize::try_from(x).unwrap_or(0);
    if offset <= 4 {
        return Ok(format!("{}...", cut(text, 0, at(width - 3))?));
    }
    if width < 7 {
        return Ok(String::new());
    }
    if offset + width - 3 < len {
        let rest = abbreviate_full(cut(text, at(offset), text.len())?, 0, width - 3)?;
        return Ok(format!("...{rest}"));
    }
    Ok(format!(
        "...{}",
        cut(text, at(len - (width - 3)), text.len())?
    ))
}

/// goutils' `Uncapitalize`: the first rune of each word (after white space) lower-cased.
fn untitle(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut next = true;
    for c in text.chars() {
        if is_space(c) {
            next = true;
            out.push(c);
        } else if next {
            out.push_str(&lower(c.encode_utf8(&mut [0; 4])));
            next = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// goutils' `Initials`: byte by byte, each byte read as the rune of its value, the
/// first byte of each word written as that rune. Where a non-ASCII byte decides the
/// result (written as a Latin-1 character, or a UTF-8 continuation byte 0x85 or 0xA0
/// read as white space) Go's result is not the text's initials: an error (D4-utf8-cut).
fn initials(text: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut gap = true;
    for b in text.bytes() {
        let c = char::from(b);
        let space = is_space(c);
        if !b.is_ascii() && (space || gap) {
            return Err(
                "goutils reads the value byte by byte: the initials of non-ASCII \
                        text would be Latin-1 characters of its UTF-8 bytes"
                    .to_owned(),
            );
        }
        if space {
            gap = true;
        } else if gap {
            out.push(c);
            gap = false;
        }
    }
    Ok(out)
}

/// Sprig's functions here, sorted by name.
pub(super) static FUNCTIONS: &[Func] = &[
    f!("abbrev", [Int, Str], false, None, "abbrev WIDTH S", "S cut to WIDTH bytes with `...` at the end when longer (WIDTH < 4: S unchanged); an error when that cuts a character.", |a| {
        let w = i(&a[0]);
        if w < 4 { Ok(a[1].clone()) } else { abbreviate_full(s(&a[1]), 0, w).map(Val::text) }
    }),
    f!("abbrevboth", [Int, Int, Str], false, None, "abbrevboth LEFT WIDTH S", "S cut to WIDTH bytes around byte LEFT, with `...` on the cut sides (goutils' `AbbreviateFull`); an error when that cuts a character.", |a| {
        let (l, r) = (i(&a[0]), i(&a[1]));
        if r < 4 || (l > 0 && r < 7) { Ok(a[2].clone()) } else { abbreviate_full(s(&a[2]), l, r).map(Val::text) }
    }),
    f!("initials", [Str], false, None, "initials S", "The first letter of each word of S; an error where a non-ASCII character starts a word (goutils reads bytes and would write Latin-1 characters of its UTF-8 bytes).", |a| initials(s(&a[0])).map(Val::text)),
    f!("untitle", [Str], false, None, "untitle S", "S with the first letter of each word lower-cased.", |a| Ok(Val::text(untitle(s(&a[0]))))),
];

#[cfg(test)]
mod tests {
    use super::super::call_checked as call;
    use super::*;

    fn st(x: &str) -> Val {
        Val::text(x)
    }

    #[test]
    fn goutils_words() {
        let w = "Now is the time for all good men";
        assert_eq!(call("abbrev", &[Val::Int(10), st(w)]), Ok(st("Now is ...")));
        assert_eq!(call("abbrev", &[Val::Int(3), st(w)]), Ok(st(w)));
        assert_eq!(
            call(
                "abbrevboth",
                &[Val::Int(5), Val::Int(10), st("1234567890abcdef")]
            ),
            Ok(st("...6789...")),
        );
        assert_eq!(
            call(
                "abbrevboth",
                &[Val::Int(10), Val::Int(10), st("abcdefghijklmno")]
            ),
            Ok(st("...ijklmno"))
        );
        assert!(call("abbrev", &[Val::Int(6), st("ééééé")]).is_err());
        assert_eq!(call("untitle", &[st("Hello World")]), Ok(st("hello world")));
        assert_eq!(call("initials", &[st("hello big world")]), Ok(st("hbw")));
        assert!(call("initials", &[st("élan")]).is_err());
        assert_eq!(call("initials", &[st("aé b")]), Ok(st("ab")));
    }
}
