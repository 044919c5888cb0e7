//! The Sprig subset usable in a Palette pipeline, with Go template argument rules: the
//! piped value is the LAST argument (`{{ .x | substr 0 4 }}` is `substr 0 4 .x`), and
//! arguments must have the parameter's type (a string is not an int).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

mod strings;
mod unicode;

pub(crate) use strings::go_quote;
use strings::go_quote_len;

/// A value during evaluation.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Val {
    /// Text, shared: a value read by many actions is not copied for each.
    Str(Rc<str>),
    /// An integer (Go's `int`: literals, `len`, `atoi`, `int`).
    Int(i64),
    /// A Go `int64` (Sprig's arithmetic, `int64`, `toDecimal`): printed like an int, but
    /// not accepted where a function takes an `int`.
    Int64(i64),
    /// A Go `uint8` (`index` of a string: one byte).
    Byte(u8),
    /// A Go `uint64` (`.Major` of a `*semver.Version`).
    Uint(u64),
    /// A float.
    Float(f64),
    /// A complex number (real, imaginary): only from a literal such as `1i`.
    Complex(f64, f64),
    /// A boolean.
    Bool(bool),
    /// No value.
    Nil,
    /// A Go slice (`[]interface{}` from `list`, `[]string` from `splitList`…): shared,
    /// never changed after it is made (Sprig's list functions make new slices).
    List(List),
    /// A Go map with string keys, printed in key order as `fmt` prints maps. Shared and
    /// changed in place by `set`, `unset` and `merge`, as a Go map is.
    Dict(Dict),
    /// A `*semver.Version` (from `semver`) or a `semver.Version` (from its `IncMajor`…):
    /// a value with methods, printed by its `String` method.
    Semver(semver::Semver),
}

/// The Go type of a list's elements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Elem {
    /// `[]interface {}`.
    Any,
    /// `[]string`.
    Str,
    /// `[][]interface {}` (`chunk`).
    List,
    /// `[]int` (`until`, `untilStep`).
    Int,
}

/// A list: its element type, items and size in bytes as printed (at most; counted once).
#[derive(Clone, Debug)]
pub(crate) struct List {
    pub(crate) elem: Elem,
    pub(crate) items: Rc<[Val]>,
    weight: usize,
    depth: usize,
    /// Whether a map is inside: a map can change after the list is made, so its size
    /// and depth are counted again each time.
    has_map: bool,
    /// A nil slice (`rest` of an empty list): printed `[]`, but JSON `null`.
    pub(crate) nil: bool,
}

impl PartialEq for List {
    fn eq(&self, other: &List) -> bool {
        self.elem == other.elem && self.items == other.items
    }
}

/// A map with string keys: `map[string]interface {}`, or `map[string]string` (`split`).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Dict {
    pub(crate) strings: bool,
    pub(crate) map: Rc<RefCell<BTreeMap<String, Val>>>,
}

impl List {
    pub(crate) fn new(elem: Elem, items: Vec<Val>) -> List {
        let mut memo = Memo::new();
        let weight = list_weight(&items, &mut memo);
        memo.clear();
        let depth = 1 + items
            .iter()
            .map(|v| v.depth_in(1024, &mut memo))
            .max()
            .unwrap_or(0);
        let has_map = items.iter().any(|v| match v {
            Val::Dict(_) => true,
            Val::List(l) => l.has_map,
            _ => false,
        });
        List {
            elem,
            items: items.into(),
            weight,
            depth,
            has_map,
            nil: false,
        }
    }

    /// A nil slice of `elem`.
    pub(crate) fn nil(elem: Elem) -> List {
        List {
            nil: true,
            ..List::new(elem, Vec::new())
        }
    }
}

/// Sizes or depths already counted, by the address of a shared list or map: a value
/// that holds the same map many times is counted in time proportional to its parts.
type Memo = std::collections::HashMap<usize, usize>;

fn list_weight(items: &[Val], memo: &mut Memo) -> usize {
    items.iter().fold(2usize, |w, v| {
        w.saturating_add(v.weight_in(memo)).saturating_add(1)
    })
}

fn list_key(l: &List) -> usize {
    Rc::as_ptr(&l.items).cast::<Val>() as usize
}

fn map_key(d: &Dict) -> usize {
    Rc::as_ptr(&d.map) as usize
}

impl Dict {
    pub(crate) fn new(strings: bool, map: BTreeMap<String, Val>) -> Dict {
        Dict {
            strings,
            map: Rc::new(RefCell::new(map)),
        }
    }
}

impl Val {
    /// A text value.
    pub(crate) fn text(s: impl Into<Rc<str>>) -> Val {
        Val::Str(s.into())
    }

    /// The value as Go's `fmt` prints it (`nil` prints as nothing).
    pub(crate) fn to_text(&self) -> String {
        match self {
            Val::Str(s) => s.to_string(),
            Val::Int(i) | Val::Int64(i) => i.to_string(),
            Val::Byte(b) => b.to_string(),
            Val::Uint(u) => u.to_string(),
            Val::Semver(v) => v.text(),
            Val::Float(f) => go_float(*f),
            Val::Complex(re, im) => go_complex(*re, *im),
            Val::Bool(b) => b.to_string(),
            Val::Nil => String::new(),
            Val::List(_) | Val::Dict(_) => gofmt::print_value(self),
        }
    }

    /// A list of any values (`[]interface {}`).
    pub(crate) fn list(items: Vec<Val>) -> Val {
        Val::List(List::new(Elem::Any, items))
    }

    /// A list of strings (`[]string`).
    pub(crate) fn strings(items: Vec<String>) -> Val {
        Val::List(List::new(
            Elem::Str,
            items.into_iter().map(Val::text).collect(),
        ))
    }

    /// A `map[string]interface {}`.
    pub(crate) fn dict(map: BTreeMap<String, Val>) -> Val {
        Val::Dict(Dict::new(false, map))
    }

    /// An upper bound of the bytes the value prints as (`%v`; saturating), for the
    /// value budget.
    pub(crate) fn weight(&self) -> usize {
        self.weight_in(&mut Memo::new())
    }

    fn weight_in(&self, memo: &mut Memo) -> usize {
        match self {
            Val::Str(s) => s.len(),
            Val::Nil => 5,
            Val::List(l) if !l.has_map => l.weight,
            Val::List(l) => {
                if let Some(w) = memo.get(&list_key(l)) {
                    return *w;
                }
                let w = list_weight(&l.items, memo);
                memo.insert(list_key(l), w);
                w
            }
            Val::Dict(d) => {
                if let Some(w) = memo.get(&map_key(d)) {
                    return *w;
                }
                let w = d.map.borrow().iter().fold(5usize, |w, (k, v)| {
                    w.saturating_add(k.len() + 2)
                        .saturating_add(v.weight_in(memo))
                });
                memo.insert(map_key(d), w);
                w
            }
            other => other.to_text().len(),
        }
    }

    /// How deeply lists and maps nest in the value (looked into `room` levels at most).
    /// The evaluator bounds it by `limits.max_depth`.
    pub(crate) fn depth_within(&self, room: usize) -> usize {
        self.depth_in(room, &mut Memo::new())
    }

    fn depth_in(&self, room: usize, memo: &mut Memo) -> usize {
        let (key, items): (usize, Vec<Val>) = match self {
            Val::List(l) if !l.has_map => return l.depth,
            Val::List(l) => (list_key(l), l.items.to_vec()),
            Val::Dict(d) => (map_key(d), d.map.borrow().values().cloned().collect()),
            _ => return 0,
        };
        if room == 0 {
            return 1;
        }
        if let Some(d) = memo.get(&key) {
            return *d;
        }
        let d = 1 + items
            .iter()
            .map(|v| v.depth_in(room - 1, memo))
            .max()
            .unwrap_or(0);
        memo.insert(key, d);
        d
    }

    /// Go's template truth (`if`, `and`, `or`, `not`): false, 0, nil and an empty string,
    /// list or map are false.
    pub(crate) fn truth(&self) -> bool {
        !self.is_empty()
    }

    /// What `range` iterates: (index or key, element) of a list, or of a map in key
    /// order as Go's `range` visits it; nothing for nil; `None` where Go's `range`
    /// fails ("range can't iterate over").
    pub(crate) fn range_items(&self) -> Option<Vec<(Val, Val)>> {
        match self {
            Val::List(l) => Some(
                l.items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (Val::Int(i64::try_from(i).unwrap_or(i64::MAX)), v.clone()))
                    .collect(),
            ),
            Val::Dict(d) => Some(
                d.map
                    .borrow()
                    .iter()
                    .map(|(k, v)| (Val::text(k.as_str()), v.clone()))
                    .collect(),
            ),
            Val::Nil => Some(Vec::new()),
            _ => None,
        }
    }

    /// The value as text.
    pub(crate) fn into_text(self) -> String {
        match self {
            Val::Str(s) => s.to_string(),
            other => other.to_text(),
        }
    }

    /// Go's type name, for messages.
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Val::Str(_) => "string",
            Val::Int(_) => "int",
            Val::Int64(_) => "int64",
            Val::Byte(_) => "uint8",
            Val::Uint(_) => "uint64",
            Val::Semver(v) => v.type_name(),
            Val::Float(_) => "float64",
            Val::Complex(..) => "complex128",
            Val::Bool(_) => "bool",
            Val::Nil => "nil",
            Val::List(l) => match l.elem {
                Elem::Any => "[]interface {}",
                Elem::Str => "[]string",
                Elem::List => "[][]interface {}",
                Elem::Int => "[]int",
            },
            Val::Dict(d) if d.strings => "map[string]string",
            Val::Dict(_) => "map[string]interface {}",
        }
    }

    /// Sprig's notion of empty: `""`, `0`, `false`, `nil`, an empty list or map.
    pub(crate) fn is_empty(&self) -> bool {
        match self {
            Val::Str(s) => s.is_empty(),
            Val::Int(i) | Val::Int64(i) => *i == 0,
            Val::Byte(b) => *b == 0,
            Val::Uint(u) => *u == 0,
            // Sprig's `empty`: a non-nil pointer, or a struct, is never empty.
            Val::Semver(_) => false,
            Val::Float(f) => *f == 0.0,
            Val::Complex(re, im) => *re == 0.0 && *im == 0.0,
            Val::Bool(b) => !b,
            Val::Nil => true,
            Val::List(l) => l.items.is_empty(),
            Val::Dict(d) => d.map.borrow().is_empty(),
        }
    }
}

pub(crate) use crate::gofloat::go_float;

/// A complex number as Go's `%v` prints it: `(0+1i)`, `(1.5-2e+06i)`.
pub(crate) fn go_complex(re: f64, im: f64) -> String {
    let im = go_float(im);
    let sign = if im.starts_with(['-', '+']) { "" } else { "+" };
    format!("({}{sign}{im}i)", go_float(re))
}

/// A parameter type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ty {
    /// A string.
    Str,
    /// An int (integer literals only; strings are not converted).
    Int,
    /// A bool (`true`/`false`, or a function's bool result).
    Bool,
    /// A float64 (a number constant, or a function's float result).
    Float,
    /// Anything.
    Any,
    /// A `map[string]interface {}` (nil is a nil map).
    Dict,
}

impl Ty {
    fn name(self) -> &'static str {
        match self {
            Ty::Str => "string",
            Ty::Int => "int",
            Ty::Bool => "bool",
            Ty::Float => "float64",
            Ty::Any => "any value",
            Ty::Dict => "map[string]interface {}",
        }
    }
}

type Impl = fn(&[Val]) -> Result<Val, String>;

/// One function: name, fixed parameters, an optional variadic tail and a summary.
#[derive(Debug)]
pub(crate) struct Func {
    pub(crate) name: &'static str,
    pub(crate) params: &'static [Ty],
    /// Arguments that may be left out from the front (only `default`: `default "x"` alone).
    pub(crate) optional_last: bool,
    pub(crate) variadic: Option<Ty>,
    pub(crate) signature: &'static str,
    pub(crate) doc: &'static str,
    run: Impl,
}

impl Func {
    /// The accepted argument counts, for messages.
    pub(crate) fn arity_text(&self) -> String {
        let n = self.params.len();
        match (self.variadic, self.optional_last) {
            (Some(_), _) => format!("{n} or more"),
            (None, true) => format!("{} or {n}", n - 1),
            (None, false) => n.to_string(),
        }
    }

    /// Whether `n` arguments (the piped value included) is a valid count.
    pub(crate) fn accepts(&self, n: usize) -> bool {
        let p = self.params.len();
        if self.variadic.is_some() {
            return n >= p;
        }
        n == p || (self.optional_last && n + 1 == p)
    }

    /// The type of argument `i`.
    pub(crate) fn param(&self, i: usize) -> Ty {
        self.params
            .get(i)
            .copied()
            .or(self.variadic)
            .unwrap_or(Ty::Any)
    }

    /// Check an argument's type; the message when it does not fit.
    pub(crate) fn check_type(&self, i: usize, v: &Val) -> Result<(), String> {
        let ty = self.param(i);
        let ok = match ty {
            Ty::Any => true,
            Ty::Str => matches!(v, Val::Str(_)),
            Ty::Int => matches!(v, Val::Int(_)),
            Ty::Bool => matches!(v, Val::Bool(_)),
            Ty::Dict => matches!(v, Val::Dict(Dict { strings: false, .. }) | Val::Nil),
            Ty::Float => matches!(v, Val::Float(_)),
        };
        if ok {
            Ok(())
        } else {
            Err(format!(
                "argument {} of `{}` must be {}, not {}",
                i + 1,
                self.name,
                ty.name(),
                v.type_name()
            ))
        }
    }

    /// Run with checked arguments.
    pub(crate) fn call(&self, args: &[Val]) -> Result<Val, String> {
        (self.run)(args)
    }
}

fn s(v: &Val) -> &str {
    match v {
        Val::Str(s) => s,
        _ => "",
    }
}

fn i(v: &Val) -> i64 {
    match v {
        Val::Int(i) => *i,
        _ => 0,
    }
}

/// `name` called as the evaluator calls it: arity and argument types checked first.
#[cfg(test)]
pub(crate) fn call_checked(name: &str, args: &[Val]) -> Result<Val, String> {
    let f = lookup(name).ok_or_else(|| format!("no function `{name}`"))?;
    assert!(
        f.accepts(args.len()),
        "`{name}` takes {} arguments",
        f.arity_text()
    );
    for (k, v) in args.iter().enumerate() {
        f.check_type(k, v)?;
    }
    f.call(args)
}

macro_rules! f {
    ($name:literal, [$($p:ident),*], $opt:expr, $var:expr, $sig:literal, $doc:literal, $run:expr) => {
        Func { name: $name, params: &[$(Ty::$p),*], optional_last: $opt, variadic: $var, signature: $sig, doc: $doc, run: $run }
    };
}

// Families beyond the original subset, each with its own table (see [`tables`]).
mod builtin;
mod case;
mod cast;
mod dates;
mod decimal;
mod deploytime;
mod dicts;
mod duration;
mod encode;
mod gofmt;
mod json;
mod lists;
mod math;
mod misc;
mod paths;
mod reflect;
pub(crate) mod regex;
mod semver;
mod strcase;
mod text;
mod url;

pub(crate) use dates::deploy_time_on;
pub(crate) use deploytime::is_deploy_time;
pub(crate) use deploytime::is_secret_function;

pub(crate) use builtin::truth;
pub(crate) use semver::{Fault, Semver};

/// Every supported function, sorted by name.
pub(crate) static FUNCTIONS: &[Func] = &[
    f!("b64dec", [Str], false, None, "b64dec S", "Decode standard base64 (an error when S is not base64 or not UTF-8 text).", |a| {
        let bytes = base64_decode(s(&a[0])).ok_or_else(|| "the value is not valid base64".to_owned())?;
        String::from_utf8(bytes).map(Val::text).map_err(|_| "the decoded bytes are not UTF-8 text".to_owned())
    }),
    f!("b64enc", [Str], false, None, "b64enc S", "Encode as standard base64 with padding.", |a| Ok(Val::text(base64_encode(s(&a[0]).as_bytes())))),
    f!("cat", [], false, Some(Ty::Any), "cat V…", "Join the non-nil values with spaces.", |a| {
        Ok(Val::text(a.iter().filter(|v| **v != Val::Nil).map(Val::to_text).collect::<Vec<_>>().join(" ")))
    }),
    f!("default", [Any, Any], true, None, "default D V", "V, or D when V is empty (`\"\"`, `0`, `false`, nil or missing).", |a| {
        Ok(match a {
            [d] => d.clone(),
            [d, v] => if v.is_empty() { d.clone() } else { v.clone() },
            _ => Val::Nil,
        })
    }),
    f!("lower", [Str], false, None, "lower S", "Lower-case each character with Go's one-to-one mapping (no final-sigma rule).", |a| Ok(Val::text(strings::lower(s(&a[0]))))),
    f!("nospace", [Str], false, None, "nospace S", "Remove every white-space byte (tab, line feed, vertical tab, form feed, carriage return, space); an error when S also has non-ASCII characters, which Go would corrupt.", |a| strings::nospace(s(&a[0])).map(Val::text)),
    f!("quote", [], false, Some(Ty::Any), "quote V…", "Each non-nil value in Go double quotes, escaped as Go's `%q` (controls and non-printing characters such as U+00A0), joined with spaces.", |a| {
        Ok(Val::text(a.iter().filter(|v| **v != Val::Nil).map(|v| go_quote(&v.to_text())).collect::<Vec<_>>().join(" ")))
    }),
    f!("replace", [Str, Str, Str], false, None, "replace OLD NEW S", "Replace every OLD in S with NEW.", |a| {
        let (old, new, text) = (s(&a[0]), s(&a[1]), s(&a[2]));
        Ok(Val::text(if old.is_empty() { go_replace_empty(text, new) } else { text.replace(old, new) }))
    }),
    f!("squote", [], false, Some(Ty::Any), "squote V…", "Each non-nil value in single quotes (not escaped), joined with spaces.", |a| {
        Ok(Val::text(a.iter().filter(|v| **v != Val::Nil).map(|v| format!("'{}'", v.to_text())).collect::<Vec<_>>().join(" ")))
    }),
    f!("substr", [Int, Int, Str], false, None, "substr START END S", "Bytes START..END of S (END < 0 or past the end: to the end; START < 0: from the start); an error out of range or inside a character.", |a| {
        strings::substr(i(&a[0]), i(&a[1]), s(&a[2])).map(Val::text)
    }),
    f!("title", [Str], false, None, "title S", "Title-case the first letter of each word (Go's `strings.Title`: `ǆ` becomes `ǅ`).", |a| Ok(Val::text(strings::title(s(&a[0]))))),
    f!("toString", [Any], false, None, "toString V", "V as text (`fmt`'s `%v`: nil is `<nil>`).", |a| Ok(Val::text(if a[0] == Val::Nil { "<nil>".to_owned() } else { a[0].to_text() }))),
    f!("trim", [Str], false, None, "trim S", "Remove leading and trailing white space.", |a| Ok(Val::text(s(&a[0]).trim().to_owned()))),
    f!("trimAll", [Str, Str], false, None, "trimAll CHARS S", "Remove any of CHARS from both ends.", |a| {
        let set: Vec<char> = s(&a[0]).chars().collect();
        Ok(Val::text(s(&a[1]).trim_matches(|c| set.contains(&c)).to_owned()))
    }),
    f!("trimPrefix", [Str, Str], false, None, "trimPrefix PREFIX S", "Remove PREFIX from the start of S, once.", |a| {
        let (p, text) = (s(&a[0]), s(&a[1]));
        Ok(Val::text(text.strip_prefix(p).unwrap_or(text).to_owned()))
    }),
    f!("trimSuffix", [Str, Str], false, None, "trimSuffix SUFFIX S", "Remove SUFFIX from the end of S, once.", |a| {
        let (p, text) = (s(&a[0]), s(&a[1]));
        Ok(Val::text(text.strip_suffix(p).unwrap_or(text).to_owned()))
    }),
    f!("trunc", [Int, Str], false, None, "trunc N S", "The first N bytes of S (N < 0: the last -N); an error when that cuts a character.", |a| {
        strings::trunc(i(&a[0]), s(&a[1])).map(Val::text)
    }),
    f!("upper", [Str], false, None, "upper S", "Upper-case each character with Go's one-to-one mapping (`ß` and `ŉ` stay as they are).", |a| Ok(Val::text(strings::upper(s(&a[0]))))),
];

/// The exact size in bytes of what `name` makes of `args`, for the functions whose
/// result can be much larger than their arguments (`replace` multiplies; `cat`, `quote`
/// and `squote` join any number of values). The caller checks it against the value
/// budget before the result is built. `None`: the result is at most four times the
/// size of the arguments, which are themselves within the budget.
pub(crate) fn result_bytes(name: &str, args: &[Val]) -> Option<usize> {
    let joined = |each: &dyn Fn(&str) -> usize| {
        let (n, sum) =
            args.iter()
                .filter(|v| **v != Val::Nil)
                .fold((0usize, 0usize), |(n, sum), v| {
                    let len = match v {
                        Val::Str(x) => each(x),
                        other => each(&other.to_text()),
                    };
                    (n + 1, sum.saturating_add(len))
                });
        sum.saturating_add(n.saturating_sub(1))
    };
    match (name, args) {
        ("replace", [old, new, text]) => {
            let (old, new, text) = (s(old), s(new), s(text));
            let (count, removed) = if old.is_empty() {
                (text.chars().count() + 1, 0)
            } else {
                let n = text.matches(old).count();
                (n, n * old.len())
            };
            Some((text.len() - removed).saturating_add(count.saturating_mul(new.len())))
        }
        ("cat", _) => Some(joined(&str::len)),
        ("squote", _) => Some(joined(&|x| x.len() + 2)),
        ("quote", _) => Some(joined(&go_quote_len)),
        ("seq", _) => Some(math::seq_bytes(args, 1 << 30)),
        _ => builtin::result_bytes(name, args)
            .or_else(|| text::result_bytes(name, args))
            .or_else(|| lists::result_bytes(name, args))
            .or_else(|| encode::result_bytes(name, args))
            .or_else(|| regex::result_bytes(name, args))
            .or_else(|| misc::result_bytes(name, args)),
    }
}

/// Work a function does beyond reading its arguments and making its result, charged
/// before it runs (the decimal arithmetic of `addf`…).
pub(crate) fn extra_work(name: &str, args: &[Val]) -> usize {
    math::extra_work(name, args)
}

/// The functions whose Go results byoos computes for a version (`semver`'s value) or
/// its `uint64` parts, alone or inside a list or map: printing, conversion to text or
/// JSON, types, comparisons, emptiness, and the integer arithmetic that reads them as
/// spf13/cast does. Any other function given one is refused with an error, not guessed.
const TAKES_VERSIONS: &[&str] = &[
    "add",
    "add1",
    "and",
    "biggest",
    "cat",
    "ceil",
    "coalesce",
    "deepEqual",
    "default",
    "dict",
    "div",
    "empty",
    "eq",
    "float64",
    "floor",
    "ge",
    "gt",
    "index",
    "int",
    "int64",
    "kindIs",
    "kindOf",
    "le",
    "len",
    "list",
    "lt",
    "max",
    "min",
    "mod",
    "mul",
    "mustToJson",
    "mustToPrettyJson",
    "mustToRawJson",
    "ne",
    "not",
    "or",
    "print",
    "printf",
    "println",
    "quote",
    "round",
    "squote",
    "sub",
    "toJson",
    "toPrettyJson",
    "toRawJson",
    "toString",
    "toStrings",
    "typeIs",
    "typeIsLike",
    "typeOf",
];

/// Whether `name` computes Go's result for arguments holding a version (see
/// [`TAKES_VERSIONS`]).
pub(crate) fn takes_versions(name: &str) -> bool {
    TAKES_VERSIONS.binary_search(&name).is_ok()
}

impl Val {
    /// Whether the value is, or holds, a version or one of its `uint64` parts (each
    /// shared list or map looked into once).
    pub(crate) fn holds_version(&self) -> bool {
        fn walk(v: &Val, seen: &mut Vec<usize>) -> bool {
            match v {
                Val::Semver(_) | Val::Uint(_) => true,
                Val::List(l) => {
                    let key = list_key(l);
                    if seen.contains(&key) {
                        return false;
                    }
                    seen.push(key);
                    l.items.iter().any(|x| walk(x, seen))
                }
                Val::Dict(d) => {
                    let key = map_key(d);
                    if seen.contains(&key) {
                        return false;
                    }
                    seen.push(key);
                    d.map.borrow().values().any(|x| walk(x, seen))
                }
                _ => false,
            }
        }
        walk(self, &mut Vec::new())
    }
}

/// Every table of functions.
fn tables() -> [&'static [Func]; 18] {
    [
        FUNCTIONS,
        builtin::FUNCTIONS,
        text::FUNCTIONS,
        lists::FUNCTIONS,
        dicts::FUNCTIONS,
        json::FUNCTIONS,
        math::FUNCTIONS,
        encode::FUNCTIONS,
        paths::FUNCTIONS,
        strcase::FUNCTIONS,
        case::FUNCTIONS,
        dates::FUNCTIONS,
        duration::FUNCTIONS,
        regex::FUNCTIONS,
        misc::FUNCTIONS,
        reflect::FUNCTIONS,
        url::FUNCTIONS,
        semver::FUNCTIONS,
    ]
}

/// Every function, sorted by name.
pub(crate) fn all() -> Vec<&'static Func> {
    let mut all: Vec<&'static Func> = tables().into_iter().flatten().collect();
    all.sort_by_key(|f| f.name);
    all
}

/// Look a function up by name.
pub(crate) fn lookup(name: &str) -> Option<&'static Func> {
    tables().into_iter().flatten().find(|f| f.name == name)
}

/// `strings.Replace(s, "", new, -1)`: `new` before every character and at the end.
fn go_replace_empty(text: &str, new: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        out.push_str(new);
        out.push(c);
    }
    out.push_str(new);
    out
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
pub(crate) fn base64_encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(B64[((n >> (18 - 6 * k)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Decode standard base64 with padding, as Go's `StdEncoding` (line breaks ignored).
pub(crate) fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let clean: Vec<u8> = text
        .bytes()
        .filter(|b| !matches!(b, b'\r' | b'\n'))
        .collect();
    if !clean.len().is_multiple_of(4) {
        return None;
    }
    let mut out = Vec::with_capacity(clean.len() / 4 * 3);
    for (ci, chunk) in clean.chunks(4).enumerate() {
        let last = ci == clean.len() / 4 - 1;
        let pad = chunk.iter().rev().take_while(|b| **b == b'=').count();
        if pad > 2 || (pad > 0 && !last) {
            return None;
        }
        let mut n = 0u32;
        for (k, &c) in chunk.iter().enumerate() {
            let v = if k >= 4 - pad {
                0
            } else {
                u32::try_from(B64.iter().position(|x| *x == c)?).ok()?
            };
            n = (n << 6) | v;
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        // Non-canonical padding bits are an error in Go's strict mode only; accept them.
        out.extend_from_slice(&bytes[..3 - pad]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(name: &str, args: &[Val]) -> Result<Val, String> {
        let f = lookup(name).unwrap();
        assert!(f.accepts(args.len()), "{name} arity");
        for (k, a) in args.iter().enumerate() {
            f.check_type(k, a)?;
        }
        f.call(args)
    }
    fn st(x: &str) -> Val {
        Val::text(x)
    }

    #[test]
    fn functions_taking_versions_are_sorted_and_exist() {
        assert!(TAKES_VERSIONS.windows(2).all(|w| w[0] < w[1]));
        for name in TAKES_VERSIONS {
            assert!(lookup(name).is_some(), "{name}");
        }
    }

    #[test]
    fn sorted_and_unique() {
        let names: Vec<_> = FUNCTIONS.iter().map(|f| f.name).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(names, sorted);
    }

    #[test]
    fn sprig_semantics() {
        assert_eq!(
            call("substr", &[Val::Int(0), Val::Int(4), st("1.29.5")]),
            Ok(st("1.29"))
        );
        assert_eq!(
            call("substr", &[Val::Int(2), Val::Int(-1), st("abcdef")]),
            Ok(st("cdef"))
        );
        assert!(call("substr", &[Val::Int(4), Val::Int(2), st("abcdef")]).is_err());
        assert_eq!(call("trunc", &[Val::Int(3), st("abcdef")]), Ok(st("abc")));
        assert_eq!(call("trunc", &[Val::Int(-2), st("abcdef")]), Ok(st("ef")));
        assert_eq!(call("default", &[st("d"), st("")]), Ok(st("d")));
        assert_eq!(call("default", &[st("d"), st("v")]), Ok(st("v")));
        assert_eq!(call("default", &[st("d")]), Ok(st("d")));
        assert_eq!(call("default", &[st("d"), Val::Int(0)]), Ok(st("d")));
        assert_eq!(
            call("replace", &[st("_"), st("-"), st("a_b_c")]),
            Ok(st("a-b-c"))
        );
        assert_eq!(call("quote", &[st("a\"b\n")]), Ok(st("\"a\\\"b\\n\"")));
        assert_eq!(call("squote", &[st("a")]), Ok(st("'a'")));
        assert_eq!(
            call("title", &[st("hello wide-world")]),
            Ok(st("Hello Wide-World"))
        );
        assert_eq!(call("trimAll", &[st("$"), st("$5.00$")]), Ok(st("5.00")));
        assert_eq!(call("trimPrefix", &[st("v"), st("v1.2")]), Ok(st("1.2")));
        assert_eq!(call("b64enc", &[st("hello")]), Ok(st("aGVsbG8=")));
        assert_eq!(call("b64dec", &[st("aGVsbG8=")]), Ok(st("hello")));
        assert!(call("b64dec", &[st("a*==")]).is_err());
        assert_eq!(call("toString", &[Val::Int(5)]), Ok(st("5")));
        assert!(call("upper", &[Val::Int(5)]).is_err());
        assert!(call("substr", &[st("0"), Val::Int(4), st("x")]).is_err());
    }

    #[test]
    fn result_sizes_are_exact() {
        let cases: &[(&str, Vec<Val>)] = &[
            ("replace", vec![st("a"), st("bcd"), st("xaxaa")]),
            ("replace", vec![st(""), st("-"), st("héllo")]),
            ("replace", vec![st("aa"), st(""), st("aaaaa")]),
            ("cat", vec![st("a"), Val::Nil, Val::Int(12), st("")]),
            ("squote", vec![st("a"), Val::Bool(true)]),
            (
                "quote",
                vec![st("a\"\\\n\u{1}\u{85}\u{e0001}é"), Val::Float(1.5)],
            ),
        ];
        for (name, args) in cases {
            let made = call(name, args).unwrap().into_text();
            assert_eq!(super::result_bytes(name, args), Some(made.len()), "{name}");
        }
    }

    #[test]
    fn base64_round_trips() {
        for s in [
            "",
            "f",
            "fo",
            "foo",
            "foob",
            "fooba",
            "foobar",
            "é\u{1F600}",
        ] {
            assert_eq!(
                base64_decode(&base64_encode(s.as_bytes())).unwrap(),
                s.as_bytes()
            );
        }
        assert_eq!(base64_encode(b"foobar"), "Zm9vYmFy");
        assert!(base64_decode("Zm9=YmFy").is_none());
        assert!(base64_decode("Zm9").is_none());
    }

    #[test]
    fn truth_and_range_follow_go() {
        let empty = call("list", &[]).unwrap();
        let l = call("list", &[st("a"), Val::Nil]).unwrap();
        let d = call("dict", &[st("b"), Val::Int(2), st("a"), st("x")]).unwrap();
        for (v, want) in [
            (empty.clone(), false),
            (l.clone(), true),
            (call("dict", &[]).unwrap(), false),
            (d.clone(), true),
            (Val::Nil, false),
            (st(""), false),
            (Val::Int(0), false),
            (Val::Float(0.5), true),
        ] {
            assert_eq!(v.truth(), want, "{v:?}");
        }
        assert_eq!(
            l.range_items(),
            Some(vec![(Val::Int(0), st("a")), (Val::Int(1), Val::Nil)])
        );
        assert_eq!(
            d.range_items(),
            Some(vec![(st("a"), st("x")), (st("b"), Val::Int(2))])
        );
        assert_eq!(empty.range_items(), Some(Vec::new()));
        assert_eq!(Val::Nil.range_items(), Some(Vec::new()));
        assert_eq!(st("ab").range_items(), None);
        assert_eq!(Val::Int(3).range_items(), None);
    }

    #[test]
    fn lists_and_maps_print_as_go() {
        let inner = call("list", &[Val::Int(1), Val::Float(1e6)]).unwrap();
        let l = call("list", &[st("a"), Val::Nil, inner.clone(), Val::Bool(true)]).unwrap();
        assert_eq!(l.to_text(), "[a <nil> [1 1e+06] true]");
        let d = call("dict", &[st("k"), l.clone(), st("e"), Val::Nil]).unwrap();
        assert_eq!(d.to_text(), "map[e:<nil> k:[a <nil> [1 1e+06] true]]");
        let p = |f: &str, v: &Val| call("printf", &[st(f), v.clone()]).unwrap().into_text();
        assert_eq!(p("%q", &inner), "['\\x01' %!q(float64=1e+06)]");
        assert_eq!(p("%#v", &d), "map[string]interface {}{\"e\":interface {}(nil), \"k\":[]interface {}{\"a\", interface {}(nil), []interface {}{1, 1e+06}, true}}");
        assert_eq!(p("%T", &d), "map[string]interface {}");
        assert_eq!(p("%3v|", &inner), "[  1 1e+06]|");
        assert_eq!(
            call("quote", std::slice::from_ref(&inner)),
            Ok(st("\"[1 1e+06]\""))
        );
        assert_eq!(call("len", std::slice::from_ref(&d)), Ok(Val::Int(2)));
        assert_eq!(
            call("index", &[d.clone(), st("k"), Val::Int(2), Val::Int(0)]),
            Ok(Val::Int(1))
        );
        assert_eq!(call("index", &[d.clone(), st("q")]), Ok(Val::Nil));
        assert!(call("index", &[d.clone(), Val::Int(0)]).is_err());
        assert!(call("eq", &[inner.clone(), inner.clone()]).is_err());
        assert!(call("eq", &[inner.clone(), st("a")]).is_err());
        assert_eq!(call("eq", &[inner.clone(), Val::Nil]), Ok(Val::Bool(false)));
        assert!(call("lt", &[inner.clone(), inner.clone()]).is_err());
        assert_eq!(
            call("empty", &[call("list", &[]).unwrap()]),
            Ok(Val::Bool(true))
        );
        assert_eq!(
            call("default", &[st("d"), call("dict", &[]).unwrap()]),
            Ok(st("d"))
        );
        assert_eq!(call("toString", &[inner]), Ok(st("[1 1e+06]")));
    }

    #[test]
    fn go_floats() {
        assert_eq!(go_float(8.1), "8.1");
        assert_eq!(go_float(22.04), "22.04");
        assert_eq!(go_float(1000.0), "1000");
        assert_eq!(go_float(1e6), "1e+06");
        assert_eq!(go_float(123456.0), "123456");
        assert_eq!(go_float(1234567.0), "1.234567e+06");
        assert_eq!(go_float(0.00001), "1e-05");
        assert_eq!(go_float(-150.0), "-150");
    }
}
