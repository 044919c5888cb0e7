//! Sprig 3.2.3's `semverCompare`: Masterminds/semver v3's `NewConstraint(c).Check(
//! NewVersion(v))`, with the library's own regular expressions (RE2, run by the engine
//! of [`super::regex`]): ranges `A - B`, `^`, `~`, `x` wildcards, `||`, and comparisons
//! joined by commas or spaces. A prerelease version satisfies only a constraint that
//! has a prerelease. `semver` (a `*semver.Version` value) is not evaluated yet.

use super::regex::compile;
use super::{s, Func, Ty, Val};
use std::cmp::Ordering;

const CV: &str = r"v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?";
const SV: &str = r"^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?$";
const OPS: &str = r"=||!=|>|<|>=|=>|<=|=<|~|~>|\^";

fn re(pattern: &str) -> Result<regex_lite::Regex, String> {
    compile(pattern)
}

/// A version: major, minor, patch, prerelease.
#[derive(Clone, Debug)]
struct Version(u64, u64, u64, String);

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
    for p in pre.split('.').filter(|_| !pre.is_empty()) {
        if p.len() > 1 && p.starts_with('0') && p.bytes().all(|b| b.is_ascii_digit()) {
            return Err("Version segment starts with 0".into());
        }
    }
    Ok(Version(num(part(1))?, num(part(2))?, num(part(3))?, pre))
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
    (v.0, v.1, v.2)
        .cmp(&(o.0, o.1, o.2))
        .then_with(|| match (v.3.is_empty(), o.3.is_empty()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) => compare_pre(&v.3, &o.3),
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
        let con = Version(0, 0, 0, String::new());
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
    if !v.3.is_empty() && k.3.is_empty() && (c.op != "!=" || c.dirty) {
        return false;
    }
    let ord = compare(v, k);
    let tilde = || {
        ord.is_ge()
            && ((k.0 == 0 && k.1 == 0 && k.2 == 0 && !c.minor_dirty && !c.patch_dirty)
                || (v.0 == k.0 && (v.1 == k.1 || c.minor_dirty)))
    };
    match c.op.as_str() {
        "" | "=" if c.dirty => tilde(),
        "" | "=" => ord.is_eq(),
        "~" | "~>" => tilde(),
        "!=" => not_equal(v, c, ord),
        ">" if !c.dirty => ord.is_gt(),
        ">" => {
            v.0 > k.0
                || (v.0 == k.0
                    && !c.minor_dirty
                    && if c.patch_dirty {
                        v.1 > k.1
                    } else {
                        ord.is_gt()
                    })
        }
        "<" => ord.is_lt(),
        ">=" | "=>" => ord.is_ge(),
        "<=" | "=<" if !c.dirty => ord.is_le(),
        "<=" | "=<" => !(v.0 > k.0 || (v.0 == k.0 && v.1 > k.1 && !c.minor_dirty)),
        "^" => caret(v, c, ord),
        _ => false,
    }
}

fn not_equal(v: &Version, c: &Constraint, ord: Ordering) -> bool {
    let k = &c.con;
    if c.dirty {
        if k.0 != v.0 {
            return true;
        }
        if k.1 != v.1 && !c.minor_dirty {
            return true;
        } else if c.minor_dirty {
            return false;
        } else if k.2 != v.2 && !c.patch_dirty {
            return true;
        } else if c.patch_dirty {
            return (!v.3.is_empty() || !k.3.is_empty()) && compare_pre(&v.3, &k.3).is_ne();
        }
    }
    !ord.is_eq()
}

fn caret(v: &Version, c: &Constraint, ord: Ordering) -> bool {
    let k = &c.con;
    if ord.is_lt() {
        return false;
    }
    if k.0 > 0 || c.minor_dirty {
        return v.0 == k.0;
    }
    if v.0 > 0 {
        return false;
    }
    if k.1 > 0 || c.patch_dirty {
        return v.1 == k.1;
    }
    v.1 == 0 && k.2 == v.2
}

fn semver_compare(a: &[Val]) -> Result<Val, String> {
    let cs = new_constraint(s(&a[0]))?;
    let v = new_version(s(&a[1]))?;
    Ok(Val::Bool(
        cs.iter().any(|alt| alt.iter().all(|c| check(&v, c))),
    ))
}

/// The functions.
pub(super) static FUNCTIONS: &[Func] = &[f!("semverCompare", [Str, Str], false, None, "semverCompare CONSTRAINT VERSION", "Whether VERSION satisfies CONSTRAINT (Masterminds/semver v3: `>=1.2 <2`, `^1.2`, `~1.2.x`, `1.0 - 2.0`, `||`); an error on a bad constraint or version.", semver_compare)];

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
}
