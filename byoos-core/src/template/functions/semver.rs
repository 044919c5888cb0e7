//! Sprig 3.2.3's `semverCompare`: Masterminds/semver v3's `NewConstraint(c).Check(
//! NewVersion(v))`, with the library's own regular expressions (RE2, run by the engine
//! of [`super::regex`]): ranges `A - B`, `^`, `~`, `x` wildcards, `||`, and comparisons
//! joined by commas or spaces. A prerelease version satisfies only a constraint that
//! has a prerelease. `semver`'s `*semver.Version` is [`Semver`], with its methods.

use super::regex::compile;
use super::{s, Func, Ty, Val};
use std::cmp::Ordering;
use std::rc::Rc;

const CV: &str = r"v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?";
const SV: &str = r"^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?$";
const OPS: &str = r"=||!=|>|<|>=|=>|<=|=<|~|~>|\^";

fn re(pattern: &str) -> Result<regex_lite::Regex, String> {
    compile(pattern)
}

/// A version as `semver.Version` holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Version {
    major: u64,
    minor: u64,
    patch: u64,
    pre: String,
    metadata: String,
    original: String,
}

const INVALID: &str = "Invalid Semantic Version";

/// `semver.NewVersion`.
fn new_version(v: &str) -> Result<Version, String> {
    let m = re(SV)?.captures(v).ok_or(INVALID)?;
    let part = |k: usize| {
        m.get(k)
            .map_or("", |g| g.as_str())
            .trim_start_matches('.')
            .to_owned()
    };
    let num = |t: String| -> Result<u64, String> {
        if t.is_empty() {
            return Ok(0);
        }
        t.parse().map_err(|_| {
            format!(
                "Error parsing version segment: strconv.ParseUint: parsing {}: value out of range",
                super::go_quote(&t)
            )
        })
    };
    let pre = part(5);
    let (major, minor, patch) = (num(part(1))?, num(part(2))?, num(part(3))?);
    // The expression admits only the characters these checks allow.
    check_prerelease(&pre)?;
    Ok(Version {
        major,
        minor,
        patch,
        pre,
        metadata: part(8),
        original: v.to_owned(),
    })
}

const ALLOWED: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789";

/// `validatePrerelease`: a numeric part must not start with 0; other parts use only
/// letters, digits and `-` (an empty part passes, as in the library).
fn check_prerelease(p: &str) -> Result<(), String> {
    for part in p.split('.').filter(|_| !p.is_empty()) {
        if part.bytes().all(|b| b.is_ascii_digit()) {
            if part.len() > 1 && part.starts_with('0') {
                return Err("Version segment starts with 0".into());
            }
        } else if !part.bytes().all(|b| ALLOWED.contains(&b)) {
            return Err("Invalid Prerelease string".into());
        }
    }
    Ok(())
}

/// `validateMetadata`.
fn check_metadata(m: &str) -> Result<(), String> {
    if m.split('.')
        .all(|part| part.bytes().all(|b| ALLOWED.contains(&b)))
    {
        Ok(())
    } else {
        Err("Invalid Metadata string".into())
    }
}

fn compare_pre_part(s: &str, o: &str) -> Ordering {
    if s == o {
        return Ordering::Equal;
    }
    if s.is_empty() || o.is_empty() {
        return if s.is_empty() {
            Ordering::Less
        } else {
            Ordering::Greater
        };
    }
    match (s.parse::<u64>(), o.parse::<u64>()) {
        (Err(_), Err(_)) => {
            if s > o {
                Ordering::Greater
            } else {
                Ordering::Less
            }
        }
        (_, Err(_)) => Ordering::Less,
        (Err(_), _) => Ordering::Greater,
        (Ok(a), Ok(b)) => {
            if a > b {
                Ordering::Greater
            } else {
                Ordering::Less
            }
        }
    }
}

fn compare_pre(v: &str, o: &str) -> Ordering {
    let (a, b): (Vec<&str>, Vec<&str>) = (v.split('.').collect(), o.split('.').collect());
    (0..a.len().max(b.len()))
        .map(|i| {
            compare_pre_part(
                a.get(i).copied().unwrap_or(""),
                b.get(i).copied().unwrap_or(""),
            )
        })
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal)
}

fn compare(v: &Version, o: &Version) -> Ordering {
    (v.major, v.minor, v.patch)
        .cmp(&(o.major, o.minor, o.patch))
        .then_with(|| match (v.pre.is_empty(), o.pre.is_empty()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) => compare_pre(&v.pre, &o.pre),
        })
}

/// One comparison: operator, version, and which parts were wildcards or left out.
struct Constraint {
    op: String,
    con: Version,
    dirty: bool,
    minor_dirty: bool,
    patch_dirty: bool,
}

fn is_x(t: &str) -> bool {
    matches!(t, "x" | "X" | "*")
}

/// `parseConstraint`.
fn parse_constraint(c: &str) -> Result<Constraint, String> {
    if c.is_empty() {
        let con = new_version("0.0.0")?;
        return Ok(Constraint {
            op: String::new(),
            con,
            dirty: true,
            minor_dirty: false,
            patch_dirty: false,
        });
    }
    let m = re(&format!(r"^\s*({OPS})\s*({CV})\s*$"))?
        .captures(c)
        .ok_or_else(|| format!("improper constraint: {c}"))?;
    let g = |k: usize| m.get(k).map_or("", |g| g.as_str());
    let (major, minor, patch, pre) = (
        g(3),
        g(4).trim_start_matches('.'),
        g(5).trim_start_matches('.'),
        g(6),
    );
    let (mut dirty, mut minor_dirty, mut patch_dirty) = (false, false, false);
    let ver = if is_x(major) || major.is_empty() {
        dirty = true;
        format!("0.0.0{pre}")
    } else if is_x(minor) || g(4).is_empty() {
        (dirty, minor_dirty) = (true, true);
        format!("{major}.0.0{pre}")
    } else if is_x(patch) || g(5).is_empty() {
        (dirty, patch_dirty) = (true, true);
        format!("{major}{}.0{pre}", g(4))
    } else {
        g(2).to_owned()
    };
    let con = new_version(&ver).map_err(|_| "constraint Parser Error".to_owned())?;
    Ok(Constraint {
        op: g(1).to_owned(),
        con,
        dirty,
        minor_dirty,
        patch_dirty,
    })
}

/// `NewConstraint`: the `||` alternatives, each a list of comparisons.
fn new_constraint(c: &str) -> Result<Vec<Vec<Constraint>>, String> {
    let range = re(&format!(r"\s*({CV})\s+-\s+({CV})\s*"))?;
    let mut text = c.to_owned();
    for m in range.captures_iter(c) {
        let g = |k: usize| m.get(k).map_or("", |g| g.as_str());
        text = text.replacen(g(0), &format!(">= {}, <= {}", g(1), g(11)), 1);
    }
    let valid = re(&format!(
        r"^(\s*({OPS})\s*({CV})\s*)((?:\s+|,\s*)({OPS})\s*({CV})\s*)*$"
    ))?;
    let find = re(&format!(r"({OPS})\s*({CV})"))?;
    let mut out = Vec::new();
    for alt in text.split("||") {
        if !valid.is_match(alt) {
            return Err(format!("improper constraint: {alt}"));
        }
        let mut found: Vec<&str> = find.find_iter(alt).map(|m| m.as_str()).collect();
        if found.is_empty() {
            found.push(alt);
        }
        out.push(
            found
                .into_iter()
                .map(parse_constraint)
                .collect::<Result<_, _>>()?,
        );
    }
    Ok(out)
}

/// The constraint functions of Masterminds/semver (`constraintTilde`, …), errors left out.
fn check(v: &Version, c: &Constraint) -> bool {
    let k = &c.con;
    // Every comparison but an exact `!=` refuses a prerelease where the constraint has none.
    if !v.pre.is_empty() && k.pre.is_empty() && (c.op != "!=" || c.dirty) {
        return false;
    }
    let ord = compare(v, k);
    let tilde = || {
        ord.is_ge()
            && ((k.major == 0 && k.minor == 0 && k.patch == 0 && !c.minor_dirty && !c.patch_dirty)
                || (v.major == k.major && (v.minor == k.minor || c.minor_dirty)))
    };
    match c.op.as_str() {
        "" | "=" if c.dirty => tilde(),
        "" | "=" => ord.is_eq(),
        "~" | "~>" => tilde(),
        "!=" => not_equal(v, c, ord),
        ">" if !c.dirty => ord.is_gt(),
        ">" => {
            v.major > k.major
                || (v.major == k.major
                    && !c.minor_dirty
                    && if c.patch_dirty {
                        v.minor > k.minor
                    } else {
                        ord.is_gt()
                    })
        }
        "<" => ord.is_lt(),
        ">=" | "=>" => ord.is_ge(),
        "<=" | "=<" if !c.dirty => ord.is_le(),
        "<=" | "=<" => {
            !(v.major > k.major || (v.major == k.major && v.minor > k.minor && !c.minor_dirty))
        }
        "^" => caret(v, c, ord),
        _ => false,
    }
}

fn not_equal(v: &Version, c: &Constraint, ord: Ordering) -> bool {
    let k = &c.con;
    if c.dirty {
        if k.major != v.major {
            return true;
        }
        if k.minor != v.minor && !c.minor_dirty {
            return true;
        } else if c.minor_dirty {
            return false;
        } else if k.patch != v.patch && !c.patch_dirty {
            return true;
        } else if c.patch_dirty {
            return (!v.pre.is_empty() || !k.pre.is_empty()) && compare_pre(&v.pre, &k.pre).is_ne();
        }
    }
    !ord.is_eq()
}

fn caret(v: &Version, c: &Constraint, ord: Ordering) -> bool {
    let k = &c.con;
    if ord.is_lt() {
        return false;
    }
    if k.major > 0 || c.minor_dirty {
        return v.major == k.major;
    }
    if v.major > 0 {
        return false;
    }
    if k.minor > 0 || c.patch_dirty {
        return v.minor == k.minor;
    }
    v.minor == 0 && k.patch == v.patch
}

impl Version {
    /// `Version.String`.
    fn text(&self) -> String {
        let mut out = format!("{}.{}.{}", self.major, self.minor, self.patch);
        if !self.pre.is_empty() {
            out.push('-');
            out.push_str(&self.pre);
        }
        if !self.metadata.is_empty() {
            out.push('+');
            out.push_str(&self.metadata);
        }
        out
    }

    /// The version with `original` made again from its parts, keeping a leading `v`
    /// (`originalVPrefix`), as `IncMajor`, `SetPrerelease`… leave it.
    fn renamed(mut self, from: &Version) -> Version {
        let v = if from.original.starts_with('v') {
            "v"
        } else {
            ""
        };
        self.original = format!("{v}{}", self.text());
        self
    }
}

/// A `*semver.Version` (`ptr`: what `semver` returns) or a `semver.Version` (what its
/// `IncMajor`, `SetPrerelease`… return: a struct value, whose method set lacks the
/// pointer methods `Original`, `Compare`, `LessThan`, `GreaterThan` and `Equal`).
#[derive(Clone, Debug)]
pub(crate) struct Semver {
    v: Rc<Version>,
    ptr: bool,
}

impl PartialEq for Semver {
    /// Go's `==`: pointers are equal when they are the same pointer, structs when
    /// their fields are.
    fn eq(&self, other: &Semver) -> bool {
        match (self.ptr, other.ptr) {
            (true, true) => Rc::ptr_eq(&self.v, &other.v),
            (false, false) => self.v == other.v,
            _ => false,
        }
    }
}

/// The methods of `*semver.Version` a template can call, with their parameters (`true`:
/// a `*semver.Version`, `false`: a string) and whether a struct value has them too.
const METHODS: &[(&str, &[bool], bool)] = &[
    ("Compare", &[true], false),
    ("Equal", &[true], false),
    ("GreaterThan", &[true], false),
    ("IncMajor", &[], true),
    ("IncMinor", &[], true),
    ("IncPatch", &[], true),
    ("LessThan", &[true], false),
    ("Major", &[], true),
    ("MarshalJSON", &[], true),
    ("MarshalText", &[], true),
    ("Metadata", &[], true),
    ("Minor", &[], true),
    ("Original", &[], false),
    ("Patch", &[], true),
    ("Prerelease", &[], true),
    ("Scan", &[], false),
    ("SetMetadata", &[false], true),
    ("SetPrerelease", &[false], true),
    ("String", &[], true),
    ("UnmarshalJSON", &[], false),
    ("UnmarshalText", &[], false),
    ("Value", &[], true),
];

/// Why a method call failed: Go's executor refuses it (a missing or unexported field,
/// the wrong arguments), or the method itself returned an error.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Fault {
    Type(String),
    Call(String),
}

/// The struct's fields, unexported.
const FIELDS: &[&str] = &["major", "minor", "patch", "pre", "metadata", "original"];

impl Semver {
    fn val(v: Version, ptr: bool) -> Val {
        Val::Semver(Semver { v: Rc::new(v), ptr })
    }

    /// What `fmt` prints (`String`).
    pub(crate) fn text(&self) -> String {
        self.v.text()
    }

    /// Go's type name.
    pub(crate) fn type_name(&self) -> &'static str {
        if self.ptr {
            "*semver.Version"
        } else {
            "semver.Version"
        }
    }

    /// `reflect.Kind`'s name.
    pub(crate) fn kind(&self) -> &'static str {
        if self.ptr {
            "ptr"
        } else {
            "struct"
        }
    }

    /// `reflect.DeepEqual`: the same type, and the same fields (through the pointer).
    pub(crate) fn deep_equal(&self, other: &Semver) -> bool {
        self.ptr == other.ptr && self.v == other.v
    }

    /// Whether it is a `*semver.Version`.
    pub(crate) fn is_ptr(&self) -> bool {
        self.ptr
    }

    /// The fields in order, for `fmt`'s struct forms: the numbers, then the strings.
    pub(crate) fn parts(&self) -> ([u64; 3], [&str; 3]) {
        let v = &self.v;
        (
            [v.major, v.minor, v.patch],
            [&v.pre, &v.metadata, &v.original],
        )
    }

    /// The names of the fields, for `%#v` and `%+v`.
    pub(crate) fn field_names() -> &'static [&'static str] {
        FIELDS
    }

    /// `.Name` with `args` (the piped value last): a method call as Go's executor makes
    /// it, with its messages.
    pub(crate) fn method(&self, name: &str, args: &[Val]) -> Result<Val, Fault> {
        let ty = self.type_name();
        let found = METHODS
            .iter()
            .find(|(n, _, on_value)| *n == name && (self.ptr || *on_value));
        let Some((_, params, _)) = found else {
            if FIELDS.contains(&name) {
                return Err(Fault::Type(format!(
                    "{name} is an unexported field of struct type {ty}"
                )));
            }
            return Err(Fault::Type(format!(
                "can't evaluate field {name} in type {ty}"
            )));
        };
        if matches!(
            name,
            "MarshalJSON" | "MarshalText" | "Scan" | "UnmarshalJSON" | "UnmarshalText"
        ) {
            return Err(Fault::Call(format!(
                "`{name}` of a version is not evaluated offline (a byte slice, or a change in place)"
            )));
        }
        if args.len() != params.len() {
            return Err(Fault::Type(format!(
                "wrong number of args for {name}: want {} got {}",
                params.len(),
                args.len()
            )));
        }
        let other = match (params.first(), args.first()) {
            (Some(true), Some(Val::Semver(o))) if o.ptr => Some(&o.v),
            (Some(true), Some(Val::Nil)) => {
                return Err(Fault::Call(format!(
                    "error calling {name}: runtime error: invalid memory address or nil pointer dereference"
                )))
            }
            (Some(true), a) => {
                return Err(Fault::Type(format!(
                    "wrong type for value; expected *semver.Version; got {}",
                    a.map_or("nil", Val::type_name)
                )))
            }
            (Some(false), Some(Val::Str(_)) | None) | (None, _) => None,
            (Some(false), Some(a)) => {
                return Err(Fault::Type(format!(
                    "wrong type for value; expected string; got {}",
                    a.type_name()
                )))
            }
        };
        let v = &*self.v;
        let cmp = || other.map_or(Ordering::Equal, |o| compare(v, o));
        let text = || args.first().map_or("", s);
        Ok(match name {
            "Major" => Val::Uint(v.major),
            "Minor" => Val::Uint(v.minor),
            "Patch" => Val::Uint(v.patch),
            "Prerelease" => Val::text(v.pre.as_str()),
            "Metadata" => Val::text(v.metadata.as_str()),
            "Original" => Val::text(v.original.as_str()),
            "String" | "Value" => Val::text(v.text()),
            "Compare" => Val::Int(match cmp() {
                Ordering::Less => -1,
                Ordering::Equal => 0,
                Ordering::Greater => 1,
            }),
            "LessThan" => Val::Bool(cmp().is_lt()),
            "GreaterThan" => Val::Bool(cmp().is_gt()),
            "Equal" => Val::Bool(cmp().is_eq()),
            "IncMajor" | "IncMinor" | "IncPatch" => {
                let mut n = v.clone();
                n.pre.clear();
                n.metadata.clear();
                match name {
                    "IncMajor" => {
                        (n.major, n.minor, n.patch) = (v.major.wrapping_add(1), 0, 0);
                    }
                    "IncMinor" => (n.minor, n.patch) = (v.minor.wrapping_add(1), 0),
                    _ if v.pre.is_empty() => n.patch = v.patch.wrapping_add(1),
                    _ => {}
                }
                Semver::val(n.renamed(v), false)
            }
            "SetPrerelease" => {
                let p = text();
                if !p.is_empty() {
                    check_prerelease(p)
                        .map_err(|e| Fault::Call(format!("error calling {name}: {e}")))?;
                }
                let mut n = v.clone();
                n.pre = p.to_owned();
                Semver::val(n.renamed(v), false)
            }
            _ => {
                let m = text();
                if !m.is_empty() {
                    check_metadata(m)
                        .map_err(|e| Fault::Call(format!("error calling {name}: {e}")))?;
                }
                let mut n = v.clone();
                n.metadata = m.to_owned();
                Semver::val(n.renamed(v), false)
            }
        })
    }
}

fn semver(a: &[Val]) -> Result<Val, String> {
    Ok(Semver::val(new_version(s(&a[0]))?, true))
}

fn semver_compare(a: &[Val]) -> Result<Val, String> {
    let cs = new_constraint(s(&a[0]))?;
    let v = new_version(s(&a[1]))?;
    Ok(Val::Bool(
        cs.iter().any(|alt| alt.iter().all(|c| check(&v, c))),
    ))
}

/// The functions.
pub(super) static FUNCTIONS: &[Func] = &[
    f!("semver", [Str], false, None, "semver VERSION", "VERSION as a `*semver.Version` (Masterminds/semver v3's `NewVersion`: `v1.2` is 1.2.0), printed as `1.2.0`; its methods read it: `.Major`, `.Minor`, `.Patch` (uint64), `.Prerelease`, `.Metadata`, `.Original`, `.String`, `.Compare V`, `.LessThan V`, `.GreaterThan V`, `.Equal V`, `.IncMajor`, `.IncMinor`, `.IncPatch`, `.SetPrerelease P`, `.SetMetadata M`; an error on a bad version.", semver),
    f!("semverCompare", [Str, Str], false, None, "semverCompare CONSTRAINT VERSION", "Whether VERSION satisfies CONSTRAINT (Masterminds/semver v3: `>=1.2 <2`, `^1.2`, `~1.2.x`, `1.0 - 2.0`, `||`); an error on a bad constraint or version.", semver_compare),
];

#[cfg(test)]
mod tests {
    use super::super::call_checked as call;
    use super::*;

    fn sc(c: &str, v: &str) -> Result<Val, String> {
        call("semverCompare", &[Val::text(c), Val::text(v)])
    }

    #[test]
    fn constraints_follow_masterminds_semver() {
        let yes = Ok(Val::Bool(true));
        let no = Ok(Val::Bool(false));
        for (c, v, want) in [
            (">=1.2.0 <2", "1.4.2", &yes),
            ("^0.2.3", "0.3.0", &no),
            ("^0.0.3", "0.0.4", &no),
            ("~1.2.x", "1.3.0", &no),
            ("<=1.2", "1.2.9", &yes),
            ("1.1 - 1.3", "1.3.1", &yes),
            ("<1 || >=3, <4", "3.1.0", &yes),
            (">=1.2", "1.3.0-beta.1", &no),
            (">=1.2-0", "1.3.0-beta.1", &yes),
            ("!=1.2.3", "1.2.4-rc1", &yes),
            ("<1.2.3-alpha.10", "1.2.3-alpha.9", &yes),
            ("v1.2.3", "v1.2.3+build.5", &yes),
        ] {
            assert_eq!(&sc(c, v), want, "{c} {v}");
        }
        assert!(sc(">>1", "1.0.0").is_err());
        assert!(sc(">1", "1.0.0.0").is_err());
        assert!(sc(">1", "1.0.1-01").is_err());
        assert!(sc(">1", "99999999999999999999.0.0").is_err());
    }

    fn version(v: &str) -> Semver {
        match call("semver", &[Val::text(v)]) {
            Ok(Val::Semver(sv)) => sv,
            other => panic!("{v}: {other:?}"),
        }
    }

    fn text(v: Result<Val, Fault>) -> String {
        match v {
            Ok(Val::Semver(sv)) => format!("{} {}", sv.type_name(), sv.text()),
            Ok(other) => format!("{} {}", other.type_name(), other.to_text()),
            Err(Fault::Type(m)) => format!("type: {m}"),
            Err(Fault::Call(m)) => format!("call: {m}"),
        }
    }

    #[test]
    fn versions_parse_and_print_as_masterminds_semver() {
        for (v, want) in [
            ("1.2.3-beta.1+b5", "1.2.3-beta.1+b5"),
            ("v1.2", "1.2.0"),
            ("01.02.3", "1.2.3"),
            ("1", "1.0.0"),
        ] {
            assert_eq!(version(v).text(), want, "{v}");
        }
        for (v, err) in [
            ("x", INVALID),
            ("", INVALID),
            ("1.2.3-a..b", INVALID),
            ("1.2.3.4", INVALID),
            ("1.2.3-beta.01", "Version segment starts with 0"),
        ] {
            assert_eq!(call("semver", &[Val::text(v)]), Err(err.into()), "{v}");
        }
        let big = call("semver", &[Val::text("99999999999999999999.0.0-01")]);
        assert!(big
            .unwrap_err()
            .starts_with("Error parsing version segment"));
    }

    #[test]
    fn methods_follow_go() {
        let v = version("v1.2.3-rc.1+b");
        let other = Val::Semver(version("1.3.0"));
        let call = |v: &Semver, m: &str, a: &[Val]| text(v.method(m, a));
        assert_eq!(call(&v, "Major", &[]), "uint64 1");
        assert_eq!(call(&v, "Prerelease", &[]), "string rc.1");
        assert_eq!(call(&v, "Metadata", &[]), "string b");
        assert_eq!(call(&v, "Original", &[]), "string v1.2.3-rc.1+b");
        assert_eq!(call(&v, "Compare", std::slice::from_ref(&other)), "int -1");
        assert_eq!(
            call(&v, "GreaterThan", std::slice::from_ref(&other)),
            "bool false"
        );
        assert_eq!(call(&v, "IncPatch", &[]), "semver.Version 1.2.3");
        assert_eq!(call(&v, "IncMinor", &[]), "semver.Version 1.3.0");
        assert_eq!(call(&v, "IncMajor", &[]), "semver.Version 2.0.0");
        assert_eq!(
            call(&v, "SetPrerelease", &[Val::text("")]),
            "semver.Version 1.2.3+b"
        );
        assert_eq!(
            call(&v, "SetPrerelease", &[Val::text("a_b")]),
            "call: error calling SetPrerelease: Invalid Prerelease string"
        );
        assert_eq!(
            call(&v, "SetMetadata", &[Val::text("x..y")]),
            "semver.Version 1.2.3-rc.1+x..y"
        );
        assert_eq!(
            call(&v, "Compare", &[Val::text("1.3.0")]),
            "type: wrong type for value; expected *semver.Version; got string"
        );
        assert_eq!(
            call(&v, "Compare", &[]),
            "type: wrong number of args for Compare: want 1 got 0"
        );
        assert_eq!(
            call(&v, "major", &[]),
            "type: major is an unexported field of struct type *semver.Version"
        );
        let Ok(Val::Semver(next)) = v.method("IncMajor", &[]) else {
            panic!("IncMajor");
        };
        // A struct value has only the methods with a value receiver.
        assert_eq!(call(&next, "Minor", &[]), "uint64 0");
        assert_eq!(
            call(&next, "Original", &[]),
            "type: can't evaluate field Original in type semver.Version"
        );
        assert_eq!(next.v.original, "v2.0.0");
        assert_eq!(
            call(&v, "Compare", &[Val::Semver(next)]),
            "type: wrong type for value; expected *semver.Version; got semver.Version"
        );
        assert!(matches!(v.method("Scan", &[]), Err(Fault::Call(_))));
    }

    #[test]
    fn versions_print_compare_and_convert_as_go() {
        let v = Val::Semver(version("v1.2.3"));
        let p = |f: &str, x: &Val| {
            call("printf", &[Val::text(f), x.clone()])
                .map(Val::into_text)
                .unwrap_or_else(|e| format!("error: {e}"))
        };
        for (f, want) in [
            ("%v", "1.2.3"),
            ("%+v", "1.2.3"),
            ("%s", "1.2.3"),
            ("%q", "\"1.2.3\""),
            ("%x", "312e322e33"),
            ("%T", "*semver.Version"),
            ("%7v|", "  1.2.3|"),
        ] {
            assert_eq!(p(f, &v), want, "{f}");
        }
        assert_eq!(
            p("%d", &v),
            "&{1 2 3 %!d(string=) %!d(string=) %!d(string=v1.2.3)}"
        );
        assert_eq!(
            p("%#v", &v),
            "&semver.Version{major:0x1, minor:0x2, patch:0x3, pre:\"\", metadata:\"\", original:\"v1.2.3\"}"
        );
        assert!(p("%p", &v).starts_with("error"));
        let l = call("list", std::slice::from_ref(&v)).unwrap();
        assert_eq!(p("%v", &l), "[1.2.3]");
        assert!(p("%d", &l).starts_with("error"));
        assert_eq!(
            call("toJson", std::slice::from_ref(&l)),
            Ok(Val::text("[\"1.2.3\"]"))
        );
        assert_eq!(
            call("toString", std::slice::from_ref(&v)),
            Ok(Val::text("1.2.3"))
        );
        assert_eq!(
            call("typeOf", std::slice::from_ref(&v)),
            Ok(Val::text("*semver.Version"))
        );
        assert_eq!(
            call("kindOf", std::slice::from_ref(&v)),
            Ok(Val::text("ptr"))
        );
        assert_eq!(
            call("empty", std::slice::from_ref(&v)),
            Ok(Val::Bool(false))
        );
        assert_eq!(call("eq", &[v.clone(), v.clone()]), Ok(Val::Bool(true)));
        let same = Val::Semver(version("v1.2.3"));
        assert_eq!(call("eq", &[v.clone(), same.clone()]), Ok(Val::Bool(false)));
        assert_eq!(call("deepEqual", &[v.clone(), same]), Ok(Val::Bool(true)));
        assert_eq!(call("eq", &[v.clone(), Val::Nil]), Ok(Val::Bool(false)));
        assert_eq!(
            call("eq", &[v.clone(), Val::text("1.2.3")]),
            Err("incompatible types for comparison".into())
        );
        assert!(call("lt", &[v.clone(), v.clone()]).is_err());
        assert_eq!(
            call("len", std::slice::from_ref(&v)),
            Err("len of type semver.Version".into())
        );
        assert_eq!(
            call("eq", &[Val::Uint(u64::MAX), Val::Int(-1)]),
            Ok(Val::Bool(false))
        );
        assert_eq!(
            call("lt", &[Val::Int(-1), Val::Uint(u64::MAX)]),
            Ok(Val::Bool(true))
        );
        assert_eq!(
            call("add", &[Val::Uint(u64::MAX), Val::Int(1)]),
            Ok(Val::Int64(0))
        );
    }
}
