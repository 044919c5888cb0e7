//! Sprig 3.2.3's list functions (`list.go`), its string-list functions of `strings.go`
//! (`split`, `splitList`, `splitn`, `join`, `toStrings`, `sortAlpha`) and the list forms
//! of `regex.go` (`regexFindAll`, `regexSplit`). A Go panic (`first` of a string, a
//! slice out of range, a bad regular expression) is a `template/function-error`; the
//! `must…` forms fail the same way.

use super::regex::compile;
use super::{i, s, Dict, Elem, Func, List, Ty, Val};
use std::collections::BTreeMap;

/// The items of a Go slice or array, or the error Sprig panics with (`reflect.Kind`
/// names the type; nil has no kind: Go panics on it too).
fn items<'v>(v: &'v Val, what: &str) -> Result<&'v List, String> {
    match v {
        Val::List(l) => Ok(l),
        Val::Nil => Err("invalid memory address or nil pointer dereference".into()),
        other => Err(format!("Cannot {what} type {}", kind_name(other))),
    }
}

/// `reflect.Kind`'s name of a value that is not a slice.
fn kind_name(v: &Val) -> &'static str {
    match v {
        Val::Dict(_) => "map",
        other => other.type_name(),
    }
}

fn any(items: Vec<Val>) -> Result<Val, String> {
    Ok(Val::list(items))
}

fn first(a: &[Val]) -> Result<Val, String> {
    Ok(items(&a[0], "find first on")?
        .items
        .first()
        .cloned()
        .unwrap_or(Val::Nil))
}

fn last(a: &[Val]) -> Result<Val, String> {
    Ok(items(&a[0], "find last on")?
        .items
        .last()
        .cloned()
        .unwrap_or(Val::Nil))
}

fn rest(a: &[Val]) -> Result<Val, String> {
    let l = items(&a[0], "find rest on")?;
    if l.items.is_empty() {
        return Ok(Val::List(List::nil(Elem::Any)));
    }
    any(l.items.iter().skip(1).cloned().collect())
}

fn initial(a: &[Val]) -> Result<Val, String> {
    let l = items(&a[0], "find initial on")?;
    if l.items.is_empty() {
        return Ok(Val::List(List::nil(Elem::Any)));
    }
    let n = l.items.len().saturating_sub(1);
    any(l.items[..n].to_vec())
}

fn push(a: &[Val]) -> Result<Val, String> {
    let l = items(&a[0], "push on")?;
    let mut out = l.items.to_vec();
    out.push(a[1].clone());
    any(out)
}

fn prepend(a: &[Val]) -> Result<Val, String> {
    let l = items(&a[0], "prepend on")?;
    let mut out = Vec::with_capacity(l.items.len() + 1);
    out.push(a[1].clone());
    out.extend(l.items.iter().cloned());
    any(out)
}

fn reverse(a: &[Val]) -> Result<Val, String> {
    let l = items(&a[0], "find reverse on")?;
    any(l.items.iter().rev().cloned().collect())
}

fn compact(a: &[Val]) -> Result<Val, String> {
    let l = items(&a[0], "compact on")?;
    any(l.items.iter().filter(|v| !v.is_empty()).cloned().collect())
}

/// `reflect.DeepEqual` of two values inside `interface{}`: same type and value.
pub(super) fn deep_equal(a: &Val, b: &Val) -> bool {
    match (a, b) {
        (Val::List(x), Val::List(y)) => {
            x.elem == y.elem
                && x.items.len() == y.items.len()
                && x.items
                    .iter()
                    .zip(y.items.iter())
                    .all(|(p, q)| deep_equal(p, q))
        }
        (Val::Dict(x), Val::Dict(y)) => {
            if std::rc::Rc::ptr_eq(&x.map, &y.map) {
                return x.strings == y.strings;
            }
            let (x, y) = (x, y);
            x.strings == y.strings && {
                let (p, q) = (x.map.borrow(), y.map.borrow());
                p.len() == q.len()
                    && p.iter()
                        .zip(q.iter())
                        .all(|((k1, v1), (k2, v2))| k1 == k2 && deep_equal(v1, v2))
            }
        }
        (Val::Float(x), Val::Float(y)) => x == y,
        (Val::Semver(x), Val::Semver(y)) => x.deep_equal(y),
        _ => a == b,
    }
}

fn uniq(a: &[Val]) -> Result<Val, String> {
    let l = items(&a[0], "find uniq on")?;
    let mut out: Vec<Val> = Vec::new();
    for v in l.items.iter() {
        if !out.iter().any(|o| deep_equal(v, o)) {
            out.push(v.clone());
        }
    }
    any(out)
}

fn without(a: &[Val]) -> Result<Val, String> {
    let l = items(&a[0], "find without on")?;
    let omit = &a[1..];
    any(l
        .items
        .iter()
        .filter(|v| !omit.iter().any(|o| deep_equal(v, o)))
        .cloned()
        .collect())
}

fn has(a: &[Val]) -> Result<Val, String> {
    if a[1] == Val::Nil {
        return Ok(Val::Bool(false));
    }
    let l = items(&a[1], "find has on")?;
    Ok(Val::Bool(l.items.iter().any(|v| deep_equal(&a[0], v))))
}

/// `cast.ToInt`: integers, floats truncated, booleans, numeric strings (base prefixes
/// as `strconv.ParseInt(s, 0, 0)`), anything else 0.
fn cast_int(v: &Val) -> i64 {
    match v {
        Val::Int(x) | Val::Int64(x) => *x,
        Val::Byte(b) => i64::from(*b),
        Val::Float(f) => *f as i64,
        Val::Bool(b) => i64::from(*b),
        Val::Str(t) => parse_int0(t).unwrap_or(0),
        _ => 0,
    }
}

fn parse_int0(t: &str) -> Option<i64> {
    let (neg, body) = match t.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..])
    } else {
        (10, lower.as_str())
    };
    if digits.is_empty() || digits.starts_with(['+', '-']) || digits.contains("__") {
        return None;
    }
    let clean = digits.replace('_', "");
    if radix == 10 && digits.contains('_') {
        return None;
    }
    let n = i64::from_str_radix(&clean, radix).ok()?;
    Some(if neg { -n } else { n })
}

fn slice(a: &[Val]) -> Result<Val, String> {
    let l = match &a[0] {
        Val::List(l) => l,
        Val::Nil => return Err("invalid memory address or nil pointer dereference".into()),
        other => {
            return Err(format!(
                "list should be type of slice or array but {}",
                kind_name(other)
            ))
        }
    };
    let len = l.items.len();
    if len == 0 {
        return Ok(Val::Nil);
    }
    let start = a.get(1).map_or(0, cast_int);
    let end = a
        .get(2)
        .map_or(i64::try_from(len).unwrap_or(i64::MAX), cast_int);
    let ok = |x: i64| usize::try_from(x).ok().filter(|x| *x <= len);
    match (ok(start), ok(end)) {
        (Some(s), Some(e)) if s <= e => Ok(Val::List(List::new(l.elem, l.items[s..e].to_vec()))),
        _ => Err(format!(
            "reflect: slice index out of range ({start}:{end} of {len})"
        )),
    }
}

fn concat(a: &[Val]) -> Result<Val, String> {
    if a.iter()
        .all(|v| matches!(v, Val::List(l) if l.items.is_empty()))
    {
        // Go appends to a nil slice: nothing appended leaves it nil.
        return Ok(Val::List(List::nil(Elem::Any)));
    }
    let mut out = Vec::new();
    for v in a {
        match v {
            Val::List(l) => out.extend(l.items.iter().cloned()),
            Val::Nil => return Err("invalid memory address or nil pointer dereference".into()),
            other => return Err(format!("Cannot concat type {} as list", kind_name(other))),
        }
    }
    any(out)
}

fn chunk(a: &[Val]) -> Result<Val, String> {
    const RANGE: &str = "makeslice: len out of range";
    let size = i(&a[0]);
    let l = items(&a[1], "chunk")?;
    let n = l.items.len();
    let chunks = match u64::try_from(size) {
        Ok(0) => return Err(RANGE.into()),
        Ok(m) => {
            let m = usize::try_from(m).unwrap_or(usize::MAX);
            l.items.chunks(m).map(|c| Val::list(c.to_vec())).collect()
        }
        // Sprig makes `floor((n-1)/size)+1` chunks, the last `n mod size` long (or `size`
        // when that is 0): with a negative size that is one chunk of the one item when
        // `n` is 1 and `size` < -1, no chunk when 2 <= n <= |size|+1, and a slice of
        // negative length, Go's panic, otherwise.
        Err(_) => {
            let m = size.unsigned_abs();
            match n {
                1 if m > 1 => vec![Val::list(l.items.to_vec())],
                n if n >= 2 && (n as u64 - 1) <= m => Vec::new(),
                _ => return Err(RANGE.into()),
            }
        }
    };
    Ok(Val::List(List::new(Elem::List, chunks)))
}

/// Sprig's `strval`: a string as is, anything else as `%v` prints it.
fn strval(v: &Val) -> String {
    match v {
        Val::Nil => "<nil>".into(),
        other => other.to_text(),
    }
}

/// Sprig's `strslice`: a list's non-nil items as text; nil is no item; any other value
/// one item.
fn strslice(v: &Val) -> Vec<String> {
    match v {
        Val::List(l) => l
            .items
            .iter()
            .filter(|x| **x != Val::Nil)
            .map(strval)
            .collect(),
        Val::Nil => Vec::new(),
        other => vec![strval(other)],
    }
}

fn sort_alpha(a: &[Val]) -> Result<Val, String> {
    let mut out = match &a[0] {
        Val::List(_) => strslice(&a[0]),
        other => vec![strval(other)],
    };
    out.sort_unstable();
    Ok(Val::strings(out))
}

/// `strings.Split(s, sep)`, and `SplitN` with `n` (< 0: all parts).
pub(super) fn go_split(text: &str, sep: &str, n: i64) -> Vec<String> {
    if n == 0 {
        return Vec::new();
    }
    let limit = usize::try_from(n).ok();
    if sep.is_empty() {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let count = limit.map_or(chars.len(), |l| l.min(chars.len()));
        let mut out: Vec<String> = chars[..count].iter().map(|(_, c)| c.to_string()).collect();
        if count > 0 && count < chars.len() {
            out[count - 1] = text[chars[count - 1].0..].to_owned();
        }
        return out;
    }
    match limit {
        Some(l) => text.splitn(l, sep).map(str::to_owned).collect(),
        None => text.split(sep).map(str::to_owned).collect(),
    }
}

/// Sprig's `split`/`splitn`: a `map[string]string` of `_0`, `_1`… to the parts.
fn split_map(parts: Vec<String>) -> Val {
    let map: BTreeMap<String, Val> = parts
        .into_iter()
        .enumerate()
        .map(|(k, p)| (format!("_{k}"), Val::text(p)))
        .collect();
    Val::Dict(Dict::new(true, map))
}

/// `Regexp.FindAllString(s, n)`.
fn find_all(a: &[Val]) -> Result<Val, String> {
    let re = compile(s(&a[0]))?;
    let n = i(&a[2]);
    let limit = usize::try_from(n).unwrap_or(usize::MAX);
    let found: Vec<String> = re
        .find_iter(s(&a[1]))
        .take(limit)
        .map(|m| m.as_str().to_owned())
        .collect();
    if found.is_empty() {
        // Go returns a nil slice when nothing matched (or N is 0).
        return Ok(Val::List(List::nil(Elem::Str)));
    }
    Ok(Val::strings(found))
}

/// `Regexp.Split(s, n)`.
fn regex_split(a: &[Val]) -> Result<Val, String> {
    let pattern = s(&a[0]);
    let (text, n) = (s(&a[1]), i(&a[2]));
    let re = compile(pattern)?;
    if n == 0 {
        return Ok(Val::List(List::nil(Elem::Str)));
    }
    if !pattern.is_empty() && text.is_empty() {
        return Ok(Val::strings(vec![String::new()]));
    }
    let limit = usize::try_from(n).unwrap_or(usize::MAX);
    let mut out = Vec::new();
    let (mut beg, mut end) = (0, 0);
    for m in re.find_iter(text).take(limit) {
        if n > 0 && out.len() == limit - 1 {
            break;
        }
        end = m.start();
        if m.end() != 0 {
            out.push(text[beg..end].to_owned());
        }
        beg = m.end();
    }
    if end != text.len() {
        out.push(text[beg..].to_owned());
    }
    Ok(Val::strings(out))
}

macro_rules! one {
    ($name:literal, $sig:literal, $doc:literal, $run:expr) => {
        f!($name, [Any], false, None, $sig, $doc, $run)
    };
}

/// Sprig's list functions, sorted by name.
pub(super) static FUNCTIONS: &[Func] = &[
    f!(
        "append",
        [Any, Any],
        false,
        None,
        "append LIST V",
        "A new list: LIST's items, then V (`push`).",
        push
    ),
    f!(
        "chunk",
        [Int, Any],
        false,
        None,
        "chunk N LIST",
        "LIST in lists of N items (the last may have fewer); N must be positive.",
        chunk
    ),
    one!(
        "compact",
        "compact LIST",
        "LIST without its empty items.",
        compact
    ),
    f!(
        "concat",
        [],
        false,
        Some(Ty::Any),
        "concat LIST…",
        "The items of every list, in order.",
        concat
    ),
    one!(
        "first",
        "first LIST",
        "LIST's first item (nil when empty).",
        first
    ),
    f!(
        "has",
        [Any, Any],
        false,
        None,
        "has V LIST",
        "Whether LIST holds V (`reflect.DeepEqual`); false for nil.",
        has
    ),
    one!(
        "initial",
        "initial LIST",
        "LIST without its last item.",
        initial
    ),
    f!(
        "join",
        [Str, Any],
        false,
        None,
        "join SEP LIST",
        "LIST's non-nil items as text, joined with SEP (a value that is not a list: its text).",
        |a| Ok(Val::text(strslice(&a[1]).join(s(&a[0]))))
    ),
    one!(
        "last",
        "last LIST",
        "LIST's last item (nil when empty).",
        last
    ),
    f!(
        "list",
        [],
        false,
        Some(Ty::Any),
        "list V…",
        "A list (`[]interface {}`) of the values.",
        |a| any(a.to_vec())
    ),
    f!(
        "mustAppend",
        [Any, Any],
        false,
        None,
        "mustAppend LIST V",
        "`append`, an error on a value that is not a list.",
        push
    ),
    f!(
        "mustChunk",
        [Int, Any],
        false,
        None,
        "mustChunk N LIST",
        "`chunk`, an error on a value that is not a list.",
        chunk
    ),
    one!(
        "mustCompact",
        "mustCompact LIST",
        "`compact`, an error on a value that is not a list.",
        compact
    ),
    one!(
        "mustFirst",
        "mustFirst LIST",
        "`first`, an error on a value that is not a list.",
        first
    ),
    f!(
        "mustHas",
        [Any, Any],
        false,
        None,
        "mustHas V LIST",
        "`has`, an error on a value that is not a list.",
        has
    ),
    one!(
        "mustInitial",
        "mustInitial LIST",
        "`initial`, an error on a value that is not a list.",
        initial
    ),
    one!(
        "mustLast",
        "mustLast LIST",
        "`last`, an error on a value that is not a list.",
        last
    ),
    f!(
        "mustPrepend",
        [Any, Any],
        false,
        None,
        "mustPrepend LIST V",
        "`prepend`, an error on a value that is not a list.",
        prepend
    ),
    f!(
        "mustPush",
        [Any, Any],
        false,
        None,
        "mustPush LIST V",
        "`push`, an error on a value that is not a list.",
        push
    ),
    f!(
        "mustRegexFindAll",
        [Str, Str, Int],
        false,
        None,
        "mustRegexFindAll RE S N",
        "`regexFindAll`; an error on a bad expression.",
        find_all
    ),
    f!(
        "mustRegexSplit",
        [Str, Str, Int],
        false,
        None,
        "mustRegexSplit RE S N",
        "`regexSplit`; an error on a bad expression.",
        regex_split
    ),
    one!(
        "mustRest",
        "mustRest LIST",
        "`rest`, an error on a value that is not a list.",
        rest
    ),
    one!(
        "mustReverse",
        "mustReverse LIST",
        "`reverse`, an error on a value that is not a list.",
        reverse
    ),
    f!(
        "mustSlice",
        [Any],
        false,
        Some(Ty::Any),
        "mustSlice LIST [I [J]]",
        "`slice`, an error on a value that is not a list.",
        slice
    ),
    one!(
        "mustUniq",
        "mustUniq LIST",
        "`uniq`, an error on a value that is not a list.",
        uniq
    ),
    f!(
        "mustWithout",
        [Any],
        false,
        Some(Ty::Any),
        "mustWithout LIST V…",
        "`without`, an error on a value that is not a list.",
        without
    ),
    f!(
        "prepend",
        [Any, Any],
        false,
        None,
        "prepend LIST V",
        "A new list: V, then LIST's items.",
        prepend
    ),
    f!(
        "push",
        [Any, Any],
        false,
        None,
        "push LIST V",
        "A new list: LIST's items, then V.",
        push
    ),
    f!(
        "regexFindAll",
        [Str, Str, Int],
        false,
        None,
        "regexFindAll RE S N",
        "The first N matches of RE in S (N < 0: all), Go's RE2 syntax.",
        find_all
    ),
    f!(
        "regexSplit",
        [Str, Str, Int],
        false,
        None,
        "regexSplit RE S N",
        "S split around the matches of RE into at most N parts (N < 0: all).",
        regex_split
    ),
    one!("rest", "rest LIST", "LIST without its first item.", rest),
    one!(
        "reverse",
        "reverse LIST",
        "LIST's items in reverse order.",
        reverse
    ),
    f!(
        "slice",
        [Any],
        false,
        Some(Ty::Any),
        "slice LIST [I [J]]",
        "LIST[I:J] (of a list; an empty list gives nil); an error out of range.",
        slice
    ),
    one!(
        "sortAlpha",
        "sortAlpha LIST",
        "LIST's items as text, sorted by bytes (`[]string`).",
        sort_alpha
    ),
    f!(
        "split",
        [Str, Str],
        false,
        None,
        "split SEP S",
        "S split at SEP, as a map `_0`, `_1`… (`map[string]string`).",
        |a| Ok(split_map(go_split(s(&a[1]), s(&a[0]), -1)))
    ),
    f!(
        "splitList",
        [Str, Str],
        false,
        None,
        "splitList SEP S",
        "S split at SEP (`strings.Split`: SEP empty splits into characters).",
        |a| Ok(Val::strings(go_split(s(&a[1]), s(&a[0]), -1)))
    ),
    f!(
        "splitn",
        [Str, Int, Str],
        false,
        None,
        "splitn SEP N S",
        "S split at SEP into at most N parts, as a map `_0`, `_1`….",
        |a| Ok(split_map(go_split(s(&a[2]), s(&a[0]), i(&a[1]))))
    ),
    one!(
        "toStrings",
        "toStrings V",
        "A list's non-nil items as text (`[]string`); nil: no item; another value: one.",
        |a| Ok(Val::strings(strslice(&a[0])))
    ),
    f!(
        "tuple",
        [],
        false,
        Some(Ty::Any),
        "tuple V…",
        "A list of the values (Sprig's older name of `list`).",
        |a| any(a.to_vec())
    ),
    one!(
        "uniq",
        "uniq LIST",
        "LIST without repeated items (`reflect.DeepEqual`).",
        uniq
    ),
    f!(
        "without",
        [Any],
        false,
        Some(Ty::Any),
        "without LIST V…",
        "LIST without the items equal to any V.",
        without
    ),
];

/// Upper bounds of the printed size of the lists the splitting functions make (many
/// small items from one string: each costs more than its bytes).
pub(super) fn result_bytes(name: &str, args: &[Val]) -> Option<usize> {
    let parts = |text: &str, sep: &str| {
        if sep.is_empty() {
            text.chars().count()
        } else {
            text.matches(sep).count() + 1
        }
    };
    let per_item = |n: usize, text: usize, extra: usize| {
        Some(
            text.saturating_add(n.saturating_mul(extra))
                .saturating_add(8),
        )
    };
    match (name, args) {
        ("splitList", [sep, text]) => per_item(parts(s(text), s(sep)), s(text).len(), 3),
        ("split", [sep, text]) | ("splitn", [sep, _, text]) => {
            per_item(parts(s(text), s(sep)), s(text).len(), 24)
        }
        ("regexFindAll" | "regexSplit" | "mustRegexFindAll" | "mustRegexSplit", [_, text, _]) => {
            per_item(s(text).len() + 1, s(text).len(), 3)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::call_checked as call;
    use super::*;

    fn st(x: &str) -> Val {
        Val::text(x)
    }
    fn text(v: Result<Val, String>) -> String {
        v.unwrap().to_text()
    }

    #[test]
    fn lists_follow_sprig() {
        let l = call("list", &[st("a"), Val::Int(1), Val::Nil]).unwrap();
        assert_eq!(l.to_text(), "[a 1 <nil>]");
        assert_eq!(text(call("first", std::slice::from_ref(&l))), "a");
        assert_eq!(text(call("rest", std::slice::from_ref(&l))), "[1 <nil>]");
        assert_eq!(text(call("initial", std::slice::from_ref(&l))), "[a 1]");
        assert_eq!(
            text(call("reverse", std::slice::from_ref(&l))),
            "[<nil> 1 a]"
        );
        assert_eq!(text(call("compact", std::slice::from_ref(&l))), "[a 1]");
        assert_eq!(text(call("join", &[st("-"), l.clone()])), "a-1");
        assert_eq!(text(call("append", &[l.clone(), st("z")])), "[a 1 <nil> z]");
        assert_eq!(text(call("slice", &[l.clone(), Val::Int(1)])), "[1 <nil>]");
        assert!(call("slice", &[l.clone(), Val::Int(4)]).is_err());
        assert!(call("first", &[st("abc")]).is_err());
        assert_eq!(call("has", &[Val::Int(1), l.clone()]), Ok(Val::Bool(true)));
        assert_eq!(call("has", &[Val::Int(1), Val::Nil]), Ok(Val::Bool(false)));
        assert_eq!(
            text(call("chunk", &[Val::Int(2), l.clone()])),
            "[[a 1] [<nil>]]"
        );
        assert!(call("chunk", &[Val::Int(0), l]).is_err());
        let s = call("splitList", &[st(","), st("b,a,,b")]).unwrap();
        assert_eq!(s.type_name(), "[]string");
        assert_eq!(text(call("uniq", std::slice::from_ref(&s))), "[b a ]");
        assert_eq!(text(call("sortAlpha", &[s])), "[ a b b]");
        assert_eq!(text(call("split", &[st("."), st("a.b")])), "map[_0:a _1:b]");
        assert_eq!(
            text(call("splitn", &[st(""), Val::Int(2), st("héllo")])),
            "map[_0:h _1:éllo]"
        );
        assert_eq!(
            text(call(
                "regexFindAll",
                &[st("\\d+"), st("a12b3٣"), Val::Int(-1)]
            )),
            "[12 3]"
        );
        assert_eq!(
            text(call("regexSplit", &[st("a*"), st("baaac"), Val::Int(-1)])),
            "[b c]"
        );
        assert!(call("regexSplit", &[st("("), st("x"), Val::Int(-1)]).is_err());
    }
}
