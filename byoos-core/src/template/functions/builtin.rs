//! Go's `text/template` built-in functions (Go 1.19's `funcs.go`): `print`, `printf`,
//! `println`, `len`, `index`, `call`, the comparisons, `not`, `and`, `or`,
//! `html`, `js` and `urlquery`. `and` and `or` stop at the first argument that decides
//! them; the evaluator does not evaluate the others (as Go 1.19 does).

use super::gofmt::{self, Out};
use super::{s, Func, Ty, Val};

fn build(run: impl FnOnce(&mut Out)) -> Val {
    let mut out = Out::building();
    run(&mut out);
    Val::text(out.into_text())
}

fn measure(run: impl FnOnce(&mut Out)) -> usize {
    let mut out = Out::measuring();
    run(&mut out);
    out.len()
}

/// Go's `truth`: non-zero, non-empty, true.
pub(crate) fn truth(v: &Val) -> bool {
    v.truth()
}

#[derive(PartialEq, Eq, Clone, Copy)]
enum Kind {
    Bool,
    Int,
    Uint,
    Float,
    Str,
    Complex,
    Invalid,
    /// A list or map: not a basic kind (`invalidKind` in Go, but not nil).
    Composite,
    /// A pointer (`*semver.Version`): not a basic kind either, compared as a pointer.
    Pointer,
    /// A struct (`semver.Version`): not a basic kind, compared field by field.
    Struct,
}

fn kind(v: &Val) -> Kind {
    match v {
        Val::Bool(_) => Kind::Bool,
        Val::Int(_) | Val::Int64(_) => Kind::Int,
        Val::Byte(_) | Val::Uint(_) => Kind::Uint,
        Val::Semver(v) if v.is_ptr() => Kind::Pointer,
        Val::Semver(_) => Kind::Struct,
        Val::Float(_) => Kind::Float,
        Val::Str(_) => Kind::Str,
        Val::Complex(..) => Kind::Complex,
        Val::Nil => Kind::Invalid,
        Val::List(_) | Val::Dict(_) => Kind::Composite,
    }
}

/// An integer of any Go type, widened: an int and a uint compare by value.
fn int(v: &Val) -> i128 {
    match v {
        Val::Int(i) | Val::Int64(i) => i128::from(*i),
        Val::Byte(b) => i128::from(*b),
        Val::Uint(u) => i128::from(*u),
        _ => 0,
    }
}

const BAD_COMPARISON: &str = "incompatible types for comparison";
const BAD_COMPARISON_TYPE: &str = "invalid type for comparison";

/// Go's `eq arg1 arg2…`: arg1 equals any of the others.
fn eq(a: &Val, others: &[Val]) -> Result<bool, String> {
    if others.is_empty() {
        return Err("missing argument for comparison".into());
    }
    let k1 = kind(a);
    // Go's `canCompare` refusing two kinds.
    let kinds_differ = |b: &Val| {
        let mut out = Out::building();
        let types = [Val::text(a.type_name()), Val::text(b.type_name())];
        let args = [a.clone(), types[0].clone(), types[1].clone(), b.clone()];
        gofmt::sprintf(&mut out, "non-comparable types %s: %v, %s: %v", &args);
        out.into_text()
    };
    for b in others {
        let k2 = kind(b);
        let truth = if k1 != k2 {
            let composite = |k| matches!(k, Kind::Composite | Kind::Pointer | Kind::Struct);
            if composite(k1) && composite(k2) {
                // Go's `canCompare`: a pointer, a struct, a slice and a map are each
                // comparable only with their own kind.
                return Err(kinds_differ(b));
            }
            match (k1, k2) {
                (Kind::Int, Kind::Uint) | (Kind::Uint, Kind::Int) => int(a) == int(b),
                _ if k1 != Kind::Invalid && k2 != Kind::Invalid => {
                    return Err(BAD_COMPARISON.into())
                }
                // A list or map against nil: `isNil` of the list is false.
                _ => false,
            }
        } else if k1 == Kind::Composite {
            match (a, b) {
                // Go compares a nil slice (`rest` of an empty list) by nil-ness alone.
                (Val::List(x), Val::List(y)) if x.nil || y.nil => x.nil == y.nil,
                (Val::List(_), Val::Dict(_)) | (Val::Dict(_), Val::List(_)) => {
                    return Err(kinds_differ(b))
                }
                // Go: two slices or two maps are not comparable.
                _ => return Err(format!("non-comparable type {}", b.type_name())),
            }
        } else {
            match (a, b) {
                (Val::Bool(x), Val::Bool(y)) => x == y,
                (Val::Float(x), Val::Float(y)) => x == y,
                (Val::Str(x), Val::Str(y)) => x == y,
                (Val::Complex(r1, i1), Val::Complex(r2, i2)) => r1 == r2 && i1 == i2,
                (Val::Nil, Val::Nil) => true,
                // Go's `==` of two pointers or two structs of the same type.
                (Val::Semver(x), Val::Semver(y)) => x == y,
                _ => int(a) == int(b),
            }
        };
        if truth {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Go's `lt`.
fn lt(a: &Val, b: &Val) -> Result<bool, String> {
    let (k1, k2) = (kind(a), kind(b));
    let basic = |k| {
        !matches!(
            k,
            Kind::Invalid | Kind::Composite | Kind::Pointer | Kind::Struct
        )
    };
    if !basic(k1) || !basic(k2) {
        return Err(BAD_COMPARISON_TYPE.into());
    }
    if k1 != k2 {
        return match (k1, k2) {
            (Kind::Int, Kind::Uint) | (Kind::Uint, Kind::Int) => Ok(int(a) < int(b)),
            _ => Err(BAD_COMPARISON.into()),
        };
    }
    match (a, b) {
        (Val::Bool(_) | Val::Complex(..), _) => Err(BAD_COMPARISON_TYPE.into()),
        (Val::Float(x), Val::Float(y)) => Ok(x < y),
        (Val::Str(x), Val::Str(y)) => Ok(x.as_bytes() < y.as_bytes()),
        _ => Ok(int(a) < int(b)),
    }
}

fn le(a: &Val, b: &Val) -> Result<bool, String> {
    if lt(a, b)? {
        return Ok(true);
    }
    eq(a, std::slice::from_ref(b))
}

/// `indexArg`: an index into something of length `cap`.
fn index_arg(v: &Val, cap: usize) -> Result<usize, String> {
    let x = match v {
        Val::Int(i) | Val::Int64(i) => *i,
        Val::Byte(b) => i64::from(*b),
        // Go: `int64(index.Uint())`, negative past `MaxInt64`.
        Val::Uint(u) => *u as i64,
        Val::Nil => return Err("cannot index slice/array with nil".into()),
        other => {
            return Err(format!(
                "cannot index slice/array with type {}",
                other.type_name()
            ))
        }
    };
    match usize::try_from(x) {
        Ok(u) if u <= cap => Ok(u),
        _ => Err(format!("index out of range: {x}")),
    }
}

fn index(a: &[Val]) -> Result<Val, String> {
    if a[0] == Val::Nil {
        return Err("index of untyped nil".into());
    }
    let mut item = a[0].clone();
    for ix in &a[1..] {
        item = match &item {
            Val::Str(text) => {
                let x = index_arg(ix, text.len())?;
                match text.as_bytes().get(x) {
                    Some(b) => Val::Byte(*b),
                    None => return Err("reflect: string index out of range".into()),
                }
            }
            Val::List(l) => {
                let x = index_arg(ix, l.items.len())?;
                match l.items.get(x) {
                    Some(v) => v.clone(),
                    None => return Err("reflect: slice index out of range".into()),
                }
            }
            Val::Dict(d) => {
                let Val::Str(key) = ix else {
                    return Err(if *ix == Val::Nil {
                        "value is nil; should be of type string".into()
                    } else {
                        format!("value has type {}; should be string", ix.type_name())
                    });
                };
                match d.map.borrow().get(&**key) {
                    Some(v) => v.clone(),
                    None if d.strings => Val::text(""),
                    None => Val::Nil,
                }
            }
            Val::Semver(_) => return Err("can't index item of type semver.Version".into()),
            other => return Err(format!("can't index item of type {}", other.type_name())),
        };
    }
    Ok(item)
}

/// `fmt.Sprintf`; `%p` of a list, a map or a version (and a version inside a list or
/// map printed by a verb its `String` does not serve) is an error (Go prints a memory address:
/// `docs/fidelity.md` D7-pointer-verb).
fn printf(a: &[Val]) -> Result<Val, String> {
    let mut out = Out::building();
    gofmt::sprintf(&mut out, s(&a[0]), &a[1..]);
    if out.pointer {
        return Err("`%p` of a list, a map or a version prints its memory address".into());
    }
    Ok(Val::text(out.into_text()))
}

/// `evalArgs`: one string as is, anything else as `fmt.Sprint` prints it (nil as
/// `<no value>`).
fn eval_args(a: &[Val]) -> String {
    if let [Val::Str(x)] = a {
        return x.to_string();
    }
    let a: Vec<Val> = a
        .iter()
        .map(|v| match v {
            Val::Nil => Val::text("<no value>"),
            v => v.clone(),
        })
        .collect();
    let mut out = Out::building();
    gofmt::sprint(&mut out, &a);
    out.into_text()
}

fn html_escape(c: u8) -> Option<&'static str> {
    Some(match c {
        0 => "\u{fffd}",
        b'"' => "&#34;",
        b'\'' => "&#39;",
        b'&' => "&amp;",
        b'<' => "&lt;",
        b'>' => "&gt;",
        _ => return None,
    })
}

fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match u8::try_from(c).ok().and_then(html_escape) {
            Some(e) => out.push_str(e),
            None => out.push(c),
        }
    }
    out
}

fn js_escape(c: char) -> Option<String> {
    Some(match c {
        '\\' => "\\\\".into(),
        '\'' => "\\'".into(),
        '"' => "\\\"".into(),
        '<' => "\\u003C".into(),
        '>' => "\\u003E".into(),
        '&' => "\\u0026".into(),
        '=' => "\\u003D".into(),
        c if c < ' ' => format!("\\u00{:02X}", c as u32),
        c if c.is_ascii() || gofmt::is_print(c) => return None,
        c => format!("\\u{:04X}", c as u32),
    })
}

fn js(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match js_escape(c) {
            Some(e) => out.push_str(&e),
            None => out.push(c),
        }
    }
    out
}

/// `url.QueryEscape`.
fn urlquery(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char);
            }
            b' ' => out.push('+'),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

macro_rules! cmp {
    ($name:literal, $sig:literal, $doc:literal, $run:expr) => {
        f!($name, [Any, Any], false, None, $sig, $doc, |a| {
            let run: fn(&Val, &Val) -> Result<bool, String> = $run;
            run(&a[0], &a[1]).map(Val::Bool)
        })
    };
}

/// Go's built-ins, sorted by name.
pub(super) static FUNCTIONS: &[Func] = &[
    f!("and", [Any], false, Some(Ty::Any), "and A B…", "The first false (empty) argument, or the last one; the rest are not evaluated.", |a| {
        Ok(a.iter().find(|v| !truth(v)).unwrap_or(&a[a.len() - 1]).clone())
    }),
    f!("call", [Any], false, Some(Ty::Any), "call F ARGS…", "Call a function value (a pipeline has none: always an error, as in Go).", |a| {
        Err(format!("non-function of type {}", a[0].type_name()))
    }),
    f!("eq", [Any], false, Some(Ty::Any), "eq A B…", "Whether A equals B (or any of the others): Go's comparison of basic kinds.", |a| eq(&a[0], &a[1..]).map(Val::Bool)),
    cmp!("ge", "ge A B", "Whether A >= B.", |a, b| lt(a, b).map(|x| !x)),
    cmp!("gt", "gt A B", "Whether A > B.", |a, b| le(a, b).map(|x| !x)),
    f!("html", [], false, Some(Ty::Any), "html V…", "The values as text (`print`), HTML-escaped.", |a| Ok(Val::text(html(&eval_args(a))))),
    f!("index", [Any], false, Some(Ty::Any), "index X I…", "X[I]…: of a string, the byte at I (a `uint8`); of a list, item I; of a map, the value of key I (nil when missing).", index),
    f!("js", [], false, Some(Ty::Any), "js V…", "The values as text (`print`), escaped for JavaScript.", |a| Ok(Val::text(js(&eval_args(a))))),
    cmp!("le", "le A B", "Whether A <= B.", le),
    f!("len", [Any], false, None, "len X", "The length of a string in bytes, or of a list or map.", |a| match &a[0] {
        Val::Str(x) => Ok(Val::Int(i64::try_from(x.len()).unwrap_or(i64::MAX))),
        Val::List(l) => Ok(Val::Int(i64::try_from(l.items.len()).unwrap_or(i64::MAX))),
        Val::Dict(d) => Ok(Val::Int(i64::try_from(d.map.borrow().len()).unwrap_or(i64::MAX))),
        // Go's `len` reads through the pointer first.
        Val::Semver(_) => Err("len of type semver.Version".into()),
        other => Err(format!("len of type {}", other.type_name())),
    }),
    cmp!("lt", "lt A B", "Whether A < B.", lt),
    cmp!("ne", "ne A B", "Whether A differs from B.", |a, b| eq(a, std::slice::from_ref(b)).map(|x| !x)),
    f!("not", [Any], false, None, "not V", "Whether V is false (empty).", |a| Ok(Val::Bool(!truth(&a[0])))),
    f!("or", [Any], false, Some(Ty::Any), "or A B…", "The first true (non-empty) argument, or the last one; the rest are not evaluated.", |a| {
        Ok(a.iter().find(|v| truth(v)).unwrap_or(&a[a.len() - 1]).clone())
    }),
    f!("print", [], false, Some(Ty::Any), "print V…", "Go's `fmt.Sprint`: the values, with spaces between two that are not strings.", |a| Ok(build(|o| gofmt::sprint(o, a)))),
    f!("printf", [Str], false, Some(Ty::Any), "printf FORMAT V…", "Go's `fmt.Sprintf`: %s %q %v %d %x %X %o %b %e %f %g %t %c %U… with flags, widths and precisions.", printf),
    f!("println", [], false, Some(Ty::Any), "println V…", "Go's `fmt.Sprintln`: the values with spaces between them, and a newline.", |a| Ok(build(|o| gofmt::sprintln(o, a)))),
    f!("urlquery", [], false, Some(Ty::Any), "urlquery V…", "The values as text (`print`), escaped for a URL query.", |a| Ok(Val::text(urlquery(&eval_args(a))))),
];

/// The size of the result, for the functions here that can outgrow their arguments.
pub(super) fn result_bytes(name: &str, args: &[Val]) -> Option<usize> {
    match name {
        "print" => Some(measure(|o| gofmt::sprint(o, args))),
        "println" => Some(measure(|o| gofmt::sprintln(o, args))),
        "printf" => Some(measure(|o| gofmt::sprintf(o, s(&args[0]), &args[1..]))),
        "html" => Some(
            eval_args(args)
                .bytes()
                .map(|b| html_escape(b).map_or(1, str::len))
                .sum(),
        ),
        "js" => Some(
            eval_args(args)
                .chars()
                .map(|c| js_escape(c).map_or(c.len_utf8(), |e| e.len()))
                .sum(),
        ),
        "urlquery" => Some(eval_args(args).len() * 3),
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
    fn comparisons_follow_go() {
        assert_eq!(call("eq", &[st("a"), st("a")]), Ok(Val::Bool(true)));
        assert_eq!(
            call("eq", &[Val::Int(1), Val::Int64(1)]),
            Ok(Val::Bool(true))
        );
        assert_eq!(
            call("eq", &[Val::Int(97), Val::Byte(97)]),
            Ok(Val::Bool(true))
        );
        assert!(call("eq", &[st("1"), Val::Int(1)]).is_err());
        assert_eq!(call("lt", &[st("a"), st("b")]), Ok(Val::Bool(true)));
        assert!(call("lt", &[Val::Bool(true), Val::Bool(false)]).is_err());
        assert!(call("lt", &[Val::Int(1), Val::Float(2.0)]).is_err());
        assert_eq!(
            call("ge", &[Val::Float(2.0), Val::Float(2.0)]),
            Ok(Val::Bool(true))
        );
        assert_eq!(
            call("gt", &[Val::Int(-1), Val::Byte(0)]),
            Ok(Val::Bool(false))
        );
    }

    #[test]
    fn builtins_follow_go() {
        assert_eq!(call("len", &[st("héllo")]), Ok(Val::Int(6)));
        assert!(call("len", &[Val::Int(1)]).is_err());
        assert_eq!(
            call("index", &[st("abc"), Val::Int(1)]),
            Ok(Val::Byte(b'b'))
        );
        assert!(call("index", &[st("abc"), Val::Int(3)]).is_err());
        assert!(call("index", &[Val::Int(0), st("abc")]).is_err());
        assert!(call("slice", &[st("abc"), Val::Int(1)]).is_err());
        assert_eq!(
            call("eq", &[st("a"), st("b"), st("a")]),
            Ok(Val::Bool(true))
        );
        assert!(call("eq", &[st("a")]).is_err());
        assert_eq!(call("eq", &[Val::Nil, Val::Int(1)]), Ok(Val::Bool(false)));
        assert_eq!(call("and", &[st("a"), st(""), st("b")]), Ok(st("")));
        assert_eq!(call("or", &[st(""), Val::Int(0)]), Ok(Val::Int(0)));
        assert_eq!(call("not", &[st("")]), Ok(Val::Bool(true)));
        assert_eq!(
            call("html", &[st("<a href='x'>&\"")]),
            Ok(st("&lt;a href=&#39;x&#39;&gt;&amp;&#34;"))
        );
        assert_eq!(
            call("js", &[st("a'=<\u{1}é")]),
            Ok(st("a\\'\\u003D\\u003C\\u0001é"))
        );
        assert_eq!(
            call("urlquery", &[st("a b&c/é")]),
            Ok(st("a+b%26c%2F%C3%A9"))
        );
        assert_eq!(call("html", &[Val::Nil]), Ok(st("&lt;no value&gt;")));
        assert_eq!(
            call("print", &[st("a"), Val::Int(1), Val::Int(2)]),
            Ok(st("a1 2"))
        );
        assert_eq!(
            call("printf", &[st("%05.1f|%x"), Val::Float(2.25), st("é")]),
            Ok(st("002.2|c3a9"))
        );
    }

    #[test]
    fn sizes_are_known_before() {
        for (name, a) in [
            ("printf", vec![st("%-8q|%x"), st("a\n"), Val::Int(255)]),
            ("print", vec![st("a"), Val::Int(1), Val::Nil]),
            ("println", vec![Val::Bool(true), Val::Float(0.5)]),
            ("html", vec![st("<>\"'&\u{0}x")]),
            ("js", vec![st("<>\"'&\u{0}x\u{85}é")]),
        ] {
            let made = call(name, &a).unwrap().into_text();
            assert_eq!(result_bytes(name, &a), Some(made.len()), "{name}");
        }
    }
}
