//! Sprig's text functions whose result depends only on their input (Sprig 3.2.3's
//! `functions.go` and `strings.go`): `contains`, `hasPrefix`, `hasSuffix`, `repeat`,
//! `indent`, `nindent`, `plural`, `trimall`, and `ternary` and `empty` from
//! `defaults.go`. A Go panic (`repeat -1`) is a `template/function-error`.

use super::{i, s, Func, Ty, Val};

/// A count for `strings.Repeat`: Go panics on a negative one.
fn count(n: i64) -> Result<usize, String> {
    usize::try_from(n).map_err(|_| "strings: negative Repeat count".to_owned())
}

fn indent(spaces: i64, text: &str) -> Result<String, String> {
    let pad = " ".repeat(count(spaces)?);
    Ok(format!("{pad}{}", text.replace('\n', &format!("\n{pad}"))))
}

/// Sprig's functions here, sorted by name.
pub(super) static FUNCTIONS: &[Func] = &[
    f!(
        "contains",
        [Str, Str],
        false,
        None,
        "contains SUB S",
        "Whether S contains SUB.",
        |a| Ok(Val::Bool(s(&a[1]).contains(s(&a[0]))))
    ),
    f!(
        "empty",
        [Any],
        false,
        None,
        "empty V",
        "Whether V is empty (`\"\"`, `0`, `false`, nil).",
        |a| Ok(Val::Bool(a[0].is_empty()))
    ),
    f!(
        "hasPrefix",
        [Str, Str],
        false,
        None,
        "hasPrefix PREFIX S",
        "Whether S starts with PREFIX.",
        |a| Ok(Val::Bool(s(&a[1]).starts_with(s(&a[0]))))
    ),
    f!(
        "hasSuffix",
        [Str, Str],
        false,
        None,
        "hasSuffix SUFFIX S",
        "Whether S ends with SUFFIX.",
        |a| Ok(Val::Bool(s(&a[1]).ends_with(s(&a[0]))))
    ),
    f!(
        "indent",
        [Int, Str],
        false,
        None,
        "indent N S",
        "S with N spaces before each line.",
        |a| indent(i(&a[0]), s(&a[1])).map(Val::text)
    ),
    f!(
        "nindent",
        [Int, Str],
        false,
        None,
        "nindent N S",
        "A line break, then S with N spaces before each line.",
        |a| indent(i(&a[0]), s(&a[1])).map(|t| Val::text(format!("\n{t}")))
    ),
    f!(
        "plural",
        [Str, Str, Int],
        false,
        None,
        "plural ONE MANY N",
        "ONE when N is 1, else MANY.",
        |a| Ok(if i(&a[2]) == 1 {
            a[0].clone()
        } else {
            a[1].clone()
        })
    ),
    f!(
        "repeat",
        [Int, Str],
        false,
        None,
        "repeat N S",
        "S N times.",
        |a| Ok(Val::text(s(&a[1]).repeat(count(i(&a[0]))?)))
    ),
    f!(
        "ternary",
        [Any, Any, Bool],
        false,
        None,
        "ternary A B COND",
        "A when COND is true, else B.",
        |a| Ok(if a[2] == Val::Bool(true) {
            a[0].clone()
        } else {
            a[1].clone()
        })
    ),
    f!(
        "trimall",
        [Str, Str],
        false,
        None,
        "trimall CHARS S",
        "Remove any of CHARS from both ends (Sprig's older name of `trimAll`).",
        |a| {
            let set: Vec<char> = s(&a[0]).chars().collect();
            Ok(Val::text(
                s(&a[1]).trim_matches(|c| set.contains(&c)).to_owned(),
            ))
        }
    ),
];

/// The size of the result of `repeat`, `indent` and `nindent`, which multiply their
/// input, before it is built (`Some(0)` where Go panics: the function then fails).
pub(super) fn result_bytes(name: &str, args: &[Val]) -> Option<usize> {
    let n = args
        .first()
        .map_or(0, |v| usize::try_from(i(v)).unwrap_or(0));
    let text = args.get(1).map_or("", s);
    match name {
        "repeat" => Some(n.saturating_mul(text.len())),
        "indent" | "nindent" => {
            let lines = text.bytes().filter(|b| *b == b'\n').count() + 1;
            Some(
                n.saturating_mul(lines)
                    .saturating_add(text.len())
                    .saturating_add(usize::from(name == "nindent")),
            )
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::call_checked as call;
    fn st(x: &str) -> Val {
        Val::text(x)
    }

    #[test]
    fn sprig_text() {
        assert_eq!(call("repeat", &[Val::Int(3), st("ab")]), Ok(st("ababab")));
        assert!(call("repeat", &[Val::Int(-1), st("ab")]).is_err());
        assert_eq!(
            call("indent", &[Val::Int(2), st("a\nb")]),
            Ok(st("  a\n  b"))
        );
        assert_eq!(call("nindent", &[Val::Int(1), st("a")]), Ok(st("\n a")));
        assert_eq!(call("contains", &[st("b"), st("abc")]), Ok(Val::Bool(true)));
        assert_eq!(
            call("plural", &[st("one"), st("many"), Val::Int(1)]),
            Ok(st("one"))
        );
        assert!(call("plural", &[st("one"), st("many"), st("1")]).is_err());
        assert_eq!(
            call("ternary", &[st("y"), st("n"), Val::Bool(false)]),
            Ok(st("n"))
        );
        assert!(call("ternary", &[st("y"), st("n"), st("true")]).is_err());
        assert_eq!(call("empty", &[Val::Int(0)]), Ok(Val::Bool(true)));
        for (name, a) in [
            ("repeat", vec![Val::Int(3), st("ab")]),
            ("indent", vec![Val::Int(3), st("a\n\nb")]),
            ("nindent", vec![Val::Int(2), st("\n")]),
        ] {
            let made = call(name, &a).unwrap().into_text();
            assert_eq!(result_bytes(name, &a), Some(made.len()), "{name}");
        }
        assert_eq!(
            result_bytes("repeat", &[Val::Int(1_000_000_000), st("x")]),
            Some(1_000_000_000)
        );
    }
}
