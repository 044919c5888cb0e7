//! Sprig 3.2.3's `hello`, `fail`, `b32dec`, `until`, `untilStep` (`numeric.go`),
//! `coalesce`, `all`, `any` (`defaults.go`, Sprig's notion of empty) and `wrap`,
//! `wrapWith` (goutils' `WordUtils.Wrap` and `WrapCustom`, which count bytes).

use super::{i, s, Elem, Func, List, Ty, Val};

/// The most numbers `until` and `untilStep` make (the value budget is charged first,
/// from [`result_bytes`]; this bounds a direct call too).
const MAX_NUMBERS: u64 = 1 << 20;

/// The numbers of Sprig's `untilStep` (an empty list where its loop does not run), or an
/// error where Go's `int` loop would overflow and never stop.
fn steps(start: i64, stop: i64, step: i64) -> Result<(i64, u64), String> {
    let (start, stop, step) = (i128::from(start), i128::from(stop), i128::from(step));
    let count = if stop < start && step < 0 {
        (start - stop + (-step) - 1) / -step
    } else if stop >= start && step > 0 {
        (stop - start + step - 1) / step
    } else {
        0
    };
    if count > 0 && i64::try_from(start + count * step).is_err() {
        return Err("the loop's int overflows: Go never ends it".into());
    }
    let count = u64::try_from(count).unwrap_or(u64::MAX);
    Ok((i64::try_from(step).unwrap_or(1), count))
}

fn until_step(start: i64, stop: i64, step: i64) -> Result<Val, String> {
    let (step, count) = steps(start, stop, step)?;
    if count > MAX_NUMBERS {
        return Err(format!("{count} numbers are more than byoos makes"));
    }
    let items = (0..count as i64)
        .map(|k| Val::Int(start + k * step))
        .collect();
    Ok(Val::List(List::new(Elem::Int, items)))
}

/// `base32.StdEncoding.DecodeString` (line breaks ignored, padding required); `None`
/// where Go returns an error, which Sprig prints as the value (docs/fidelity.md D1).
fn base32_decode(text: &str) -> Option<Vec<u8>> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let clean: Vec<u8> = text
        .bytes()
        .filter(|b| !matches!(b, b'\r' | b'\n'))
        .collect();
    if !clean.len().is_multiple_of(8) {
        return None;
    }
    let mut out = Vec::with_capacity(clean.len() / 8 * 5);
    let quanta = clean.len() / 8;
    for (q, chunk) in clean.chunks(8).enumerate() {
        let pad = chunk.iter().rev().take_while(|b| **b == b'=').count();
        let bytes = match pad {
            0 => 5,
            1 => 4,
            3 => 3,
            4 => 2,
            6 => 1,
            _ => return None,
        };
        if pad > 0 && q + 1 != quanta {
            return None;
        }
        let mut n = 0u64;
        for &c in &chunk[..8 - pad] {
            n = (n << 5) | ALPHABET.iter().position(|x| *x == c)? as u64;
        }
        n <<= 5 * pad;
        out.extend((0..bytes).map(|k| (n >> (32 - 8 * k)) as u8));
    }
    Some(out)
}

/// goutils' `WrapCustom(text, width, sep, long)` (byte offsets), into `out` when given;
/// the result's length, or an error where a long word would be cut inside a character
/// (docs/fidelity.md D4-utf8-cut).
fn wrap(
    text: &str,
    width: i64,
    sep: &str,
    long: bool,
    mut out: Option<&mut String>,
) -> Result<usize, String> {
    let sep = if sep.is_empty() { "\n" } else { sep };
    let width = usize::try_from(width.max(1)).unwrap_or(usize::MAX);
    let mut len = 0usize;
    let mut put = |piece: &str| {
        len = len.saturating_add(piece.len());
        if let Some(o) = out.as_deref_mut() {
            o.push_str(piece);
        }
    };
    let mut at = 0usize;
    while text.len() - at > width {
        if text.as_bytes()[at] == b' ' {
            at += 1;
            continue;
        }
        let end = width + at + 1;
        if let Some(space) = text.as_bytes()[at..end].iter().rposition(|b| *b == b' ') {
            put(&text[at..at + space]);
            put(sep);
            at += space + 1;
        } else if long {
            let cut = text
                .get(at..at + width)
                .ok_or_else(|| format!("the line break at byte {} cuts a character", at + width))?;
            put(cut);
            put(sep);
            at += width;
        } else {
            match text.as_bytes()[at + width..]
                .iter()
                .position(|b| *b == b' ')
            {
                None => {
                    put(&text[at..]);
                    at = text.len();
                }
                Some(k) => {
                    put(&text[at..at + width + k]);
                    put(sep);
                    at += width + k + 1;
                }
            }
        }
    }
    put(&text[at..]);
    Ok(len)
}

fn wrapped(text: &str, width: i64, sep: &str, long: bool) -> Result<Val, String> {
    let mut out = String::new();
    wrap(text, width, sep, long, Some(&mut out))?;
    Ok(Val::text(out))
}

/// The sizes of the results that can outgrow their arguments.
pub(super) fn result_bytes(name: &str, args: &[Val]) -> Option<usize> {
    match (name, args) {
        ("until", [n]) => list_bytes(0, i(n), if i(n) < 0 { -1 } else { 1 }),
        ("untilStep", [a, b, c]) => list_bytes(i(a), i(b), i(c)),
        ("wrap", [n, text]) => wrap(s(text), i(n), "", false, None).ok(),
        ("wrapWith", [n, sep, text]) => wrap(s(text), i(n), s(sep), true, None).ok(),
        _ => None,
    }
}

/// An upper bound of the printed size of `untilStep`'s list (`usize::MAX`: too many).
fn list_bytes(start: i64, stop: i64, step: i64) -> Option<usize> {
    let (_, count) = steps(start, stop, step).ok()?;
    let digits = start.to_string().len().max(stop.to_string().len()) + 1;
    Some(
        usize::try_from(count)
            .unwrap_or(usize::MAX)
            .saturating_mul(digits)
            .saturating_add(2),
    )
}

/// The functions, sorted by name.
pub(super) static FUNCTIONS: &[Func] = &[
    f!("all", [], false, Some(Ty::Any), "all V…", "Whether no V is empty (true of none).", |a| Ok(Val::Bool(a.iter().all(|v| !v.is_empty())))),
    f!("any", [], false, Some(Ty::Any), "any V…", "Whether some V is not empty (false of none).", |a| Ok(Val::Bool(a.iter().any(|v| !v.is_empty())))),
    f!("b32dec", [Str], false, None, "b32dec S", "Decode standard base32 (an error when S is not base32 or not UTF-8 text).", |a| {
        let bytes = base32_decode(s(&a[0])).ok_or_else(|| "the value is not valid base32".to_owned())?;
        String::from_utf8(bytes).map(Val::text).map_err(|_| "the decoded bytes are not UTF-8 text".to_owned())
    }),
    f!("coalesce", [], false, Some(Ty::Any), "coalesce V…", "The first V that is not empty, else nil.", |a| Ok(a.iter().find(|v| !v.is_empty()).cloned().unwrap_or(Val::Nil))),
    f!("fail", [Str], false, None, "fail MESSAGE", "Fail the render with MESSAGE.", |a| Err(s(&a[0]).to_owned())),
    f!("hello", [], false, None, "hello", "`Hello!`.", |_| Ok(Val::text("Hello!"))),
    f!("until", [Int], false, None, "until N", "The ints 0 … N-1 (N < 0: 0 down to N+1), a `[]int`.", |a| {
        let n = i(&a[0]);
        until_step(0, n, if n < 0 { -1 } else { 1 })
    }),
    f!("untilStep", [Int, Int, Int], false, None, "untilStep START STOP STEP", "The ints from START towards STOP (excluded) by STEP; empty when STEP goes the other way or is 0.", |a| until_step(i(&a[0]), i(&a[1]), i(&a[2]))),
    f!("wrap", [Int, Str], false, None, "wrap N S", "S with line breaks at spaces so that lines are at most N bytes where words allow.", |a| wrapped(s(&a[1]), i(&a[0]), "", false)),
    f!("wrapWith", [Int, Str, Str], false, None, "wrapWith N SEP S", "`wrap` with SEP as the line break, cutting words longer than N.", |a| wrapped(s(&a[2]), i(&a[0]), s(&a[1]), true)),
];

#[cfg(test)]
mod tests {
    use super::super::call_checked as call;
    use super::*;

    fn text(name: &str, args: &[Val]) -> String {
        call(name, args).unwrap().to_text()
    }

    #[test]
    fn numbers_follow_sprig() {
        assert_eq!(text("until", &[Val::Int(3)]), "[0 1 2]");
        assert_eq!(text("until", &[Val::Int(-3)]), "[0 -1 -2]");
        assert_eq!(text("until", &[Val::Int(0)]), "[]");
        let step = |a, b, c| text("untilStep", &[Val::Int(a), Val::Int(b), Val::Int(c)]);
        assert_eq!(step(1, 10, 3), "[1 4 7]");
        assert_eq!(step(10, 1, -4), "[10 6 2]");
        assert_eq!(step(10, 1, 4), "[]");
        assert_eq!(step(1, 10, 0), "[]");
        assert_eq!(step(5, 5, 1), "[]");
        assert!(call(
            "untilStep",
            &[Val::Int(0), Val::Int(i64::MAX), Val::Int(i64::MAX / 2 + 1)]
        )
        .is_err());
        assert!(call("until", &[Val::Int(i64::MAX)]).is_err());
        assert_eq!(
            result_bytes("until", &[Val::Int(i64::MAX)]),
            Some(usize::MAX)
        );
        assert_eq!(call("until", &[Val::Int(2)]).unwrap().type_name(), "[]int");
    }

    #[test]
    fn defaults_and_base32() {
        let (e, x) = (Val::text(""), Val::text("x"));
        assert_eq!(
            call("coalesce", &[e.clone(), Val::Int(0), x.clone()]),
            Ok(x.clone())
        );
        assert_eq!(call("coalesce", std::slice::from_ref(&e)), Ok(Val::Nil));
        assert_eq!(call("all", &[]), Ok(Val::Bool(true)));
        assert_eq!(call("all", &[x.clone(), e.clone()]), Ok(Val::Bool(false)));
        assert_eq!(call("any", &[]), Ok(Val::Bool(false)));
        assert_eq!(call("any", &[e, x]), Ok(Val::Bool(true)));
        for (enc, dec) in [
            ("MZXW6YTBOI======", "foobar"),
            ("MY======", "f"),
            ("MZXQ====", "fo"),
            ("MZXW6===", "foo"),
            ("MZXW6YQ=", "foob"),
            ("", ""),
        ] {
            assert_eq!(text("b32dec", &[Val::text(enc)]), dec);
        }
        assert!(call("b32dec", &[Val::text("MZXW6YQ")]).is_err());
        assert!(call("b32dec", &[Val::text("MY=====A")]).is_err());
        assert!(call("fail", &[Val::text("boom")]).is_err());
        assert_eq!(text("hello", &[]), "Hello!");
    }

    #[test]
    fn wrap_follows_goutils() {
        let w = |n, t: &str| text("wrap", &[Val::Int(n), Val::text(t)]);
        assert_eq!(
            w(5, "Hello world, this is a test"),
            "Hello\nworld,\nthis\nis a\ntest"
        );
        assert_eq!(w(3, "abcdefgh ij"), "abcdefgh\nij");
        assert_eq!(w(0, "a b"), "a\nb");
        assert_eq!(w(10, "  lead"), "  lead");
        let ww =
            |n, sep: &str, t: &str| text("wrapWith", &[Val::Int(n), Val::text(sep), Val::text(t)]);
        assert_eq!(ww(3, "<br>", "abcdefgh ij"), "abc<br>def<br>gh<br>ij");
        assert!(call("wrapWith", &[Val::Int(1), Val::text("-"), Val::text("éé")]).is_err());
        let args = [Val::Int(2), Val::text("--"), Val::text("abc def ghij")];
        assert_eq!(
            result_bytes("wrapWith", &args),
            Some(text("wrapWith", &args).len())
        );
    }
}
