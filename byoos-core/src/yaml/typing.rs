//! How Palette's Go YAML libraries type a plain, untagged scalar read into `interface{}`:
//! `gopkg.in/yaml.v3` and `gopkg.in/yaml.v2` (`resolve.go` of each, with the Go
//! `strconv` and `time.Parse` calls it makes), and `sigs.k8s.io/yaml`, which reads with
//! yaml.v2 and then passes the value through JSON. Each step below names the Go code it
//! follows; `tests/oracle/` checks the whole against the libraries themselves.
//!
//! [`go_readings`] is the one predicate the `yaml/implicit-type` lint and the quoting of
//! written values (`scalar::plain_ok`) share: the lint flags a value exactly when some
//! library does not read the same string back, and a value is never written plain then.

use crate::gofloat::go_float;

/// What one library reads from a plain scalar.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum GoValue {
    /// The same string.
    Str,
    /// `nil`.
    Null,
    /// A `bool`.
    Bool(bool),
    /// An `int`, `int64` or `uint64`.
    Int(i128),
    /// A `float64`.
    Float(f64),
    /// A `time.Time`, as `time.RFC3339Nano` prints it.
    Time(String),
    /// Reading fails: JSON has no infinity or NaN (sigs.k8s.io/yaml).
    NoJson,
}

/// The three libraries' readings of one scalar.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct GoReadings {
    /// `gopkg.in/yaml.v3`.
    pub(crate) v3: GoValue,
    /// `gopkg.in/yaml.v2`.
    pub(crate) v2: GoValue,
    /// `sigs.k8s.io/yaml`.
    pub(crate) k8s: GoValue,
}

/// How yaml.v3, yaml.v2 and sigs.k8s.io/yaml read the plain, untagged scalar `s`.
#[must_use]
pub(crate) fn go_readings(s: &str) -> GoReadings {
    let v2 = resolve(s, false);
    GoReadings {
        v3: resolve(s, true),
        k8s: through_json(&v2),
        v2,
    }
}

impl GoReadings {
    /// Every library reads back the same string.
    pub(crate) fn is_string(&self) -> bool {
        [&self.v3, &self.v2, &self.k8s]
            .iter()
            .all(|v| **v == GoValue::Str)
    }

    /// Every library reads `null`.
    pub(crate) fn is_null(&self) -> bool {
        [&self.v3, &self.v2, &self.k8s]
            .iter()
            .all(|v| **v == GoValue::Null)
    }

    /// Every library reads a number that Go prints as `text` again (`22`, `1.5`): the
    /// value survives a round trip through `fmt.Sprint`.
    pub(crate) fn prints_back(&self, text: &str) -> bool {
        [&self.v3, &self.v2, &self.k8s].iter().all(|v| match v {
            GoValue::Int(n) => n.to_string() == text,
            GoValue::Float(x) => go_float(*x) == text,
            _ => false,
        })
    }

    /// yaml.v3 and yaml.v2 read the number, boolean or null that byoos's own reading
    /// (`resolve_plain`) gives: `017` is 17 there and 15 in Go, so it is not written
    /// plain as a number. (sigs.k8s.io/yaml reads yaml.v2's value through JSON.)
    pub(crate) fn agree_with(&self, core: Option<&crate::yaml::Resolved>) -> bool {
        use crate::yaml::Resolved;
        let same = |v: &GoValue| match (core, v) {
            (Some(Resolved::Null), GoValue::Null) => true,
            (Some(Resolved::Bool(a)), GoValue::Bool(b)) => a == b,
            (Some(Resolved::Int(a)), GoValue::Int(b)) => a == b,
            (Some(Resolved::Float(a)), GoValue::Float(b)) => a == b,
            _ => false,
        };
        same(&self.v3) && same(&self.v2)
    }

    /// Which library reads `shown` as what, non-strings first: "yaml.v3 reads `0o+17`
    /// as the integer 15; yaml.v2 and sigs.k8s.io/yaml read it as a string". With
    /// `secret`, values are named by their kind only.
    pub(crate) fn describe(&self, shown: &str, secret: bool) -> String {
        let libs = [
            ("yaml.v3", &self.v3),
            ("yaml.v2", &self.v2),
            ("sigs.k8s.io/yaml", &self.k8s),
        ];
        // (what, libraries), in order of first appearance; strings last.
        let mut groups: Vec<(String, Vec<&str>)> = Vec::new();
        for (name, v) in libs {
            let what = what(v, secret);
            match groups.iter_mut().find(|(w, _)| *w == what) {
                Some((_, names)) => names.push(name),
                None => groups.push((what, vec![name])),
            }
        }
        groups.sort_by_key(|(w, _)| w == STRING);
        let mut out = Vec::new();
        for (i, (what, names)) in groups.iter().enumerate() {
            let subject = match names.as_slice() {
                [one] => (*one).to_owned(),
                [init @ .., last] => format!("{} and {last}", init.join(", ")),
                [] => continue,
            };
            let one = names.len() == 1;
            let it = if i == 0 {
                format!("`{shown}`")
            } else {
                "it".to_owned()
            };
            out.push(if what.is_empty() {
                format!(
                    "{subject} {} {it} (JSON has no infinity or NaN)",
                    if one { "fails to read" } else { "fail to read" }
                )
            } else {
                format!(
                    "{subject} {} {it} as {what}",
                    if one { "reads" } else { "read" }
                )
            });
        }
        out.join("; ")
    }
}

const STRING: &str = "a string";

/// How a value is named in a message; empty for a failure.
fn what(v: &GoValue, secret: bool) -> String {
    match (v, secret) {
        (GoValue::Str, _) => STRING.into(),
        (GoValue::Null, _) => "null".into(),
        (GoValue::NoJson, _) => String::new(),
        (GoValue::Bool(_), true) => "a boolean".into(),
        (GoValue::Int(_), true) => "an integer".into(),
        (GoValue::Float(_), true) => "a number".into(),
        (GoValue::Time(_), true) => "a time".into(),
        (GoValue::Bool(b), false) => format!("the boolean {b}"),
        (GoValue::Int(n), false) => format!("the integer {n}"),
        (GoValue::Float(x), false) => format!("the number {}", go_float(*x)),
        (GoValue::Time(t), false) => format!("the time {t}"),
    }
}

/// sigs.k8s.io/yaml: `json.Marshal` of yaml.v2's value, then `json.Unmarshal` into
/// `interface{}`: every number becomes a `float64`; infinities and NaN fail to marshal.
fn through_json(v2: &GoValue) -> GoValue {
    match v2 {
        #[allow(clippy::cast_precision_loss)] // as Go's json.Unmarshal rounds it
        GoValue::Int(n) => GoValue::Float(*n as f64),
        GoValue::Float(x) if !x.is_finite() => GoValue::NoJson,
        other => other.clone(),
    }
}

/// `resolve("", in)` of yaml.v3 (`v3`) or yaml.v2, as the decoder then stores it in an
/// `interface{}` (yaml.v2 stores a timestamp as its text).
fn resolve(s: &str, v3: bool) -> GoValue {
    // resolveTable: the first byte hints at what the scalar may be.
    let hint = match s.as_bytes().first() {
        None => b'N',
        Some(b'+' | b'-') => b'S',
        Some(b'0'..=b'9') => b'D',
        Some(b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~') => b'M',
        Some(b'.') => b'.',
        Some(_) => return GoValue::Str,
    };
    if let Some(v) = resolve_map(s, v3) {
        return v;
    }
    match hint {
        b'.' => parse_float(s).map_or(GoValue::Str, GoValue::Float),
        b'D' | b'S' => {
            if let Some(t) = parse_timestamp(s) {
                return if v3 { GoValue::Time(t) } else { GoValue::Str };
            }
            let plain = s.replace('_', "");
            if let Some(n) = parse_int(&plain, 0) {
                return GoValue::Int(n.into());
            }
            if let Some(n) = parse_uint(&plain, 0) {
                return GoValue::Int(n.into());
            }
            if yaml_style_float(&plain) {
                // strconv.ParseFloat: an overflow (`1e400`) is an error, so a string.
                if let Some(x) = plain.parse::<f64>().ok().filter(|x| x.is_finite()) {
                    return GoValue::Float(x);
                }
            }
            let prefixed = |p: &str, neg: &str, base: u32| -> Option<GoValue> {
                if let Some(rest) = plain.strip_prefix(p) {
                    parse_int(rest, base)
                        .map(i128::from)
                        .or_else(|| parse_uint(rest, base).map(i128::from))
                        .map(GoValue::Int)
                } else {
                    let rest = plain.strip_prefix(neg)?;
                    parse_int(&format!("-{rest}"), base).map(|n| GoValue::Int(n.into()))
                }
            };
            if let Some(v) = prefixed("0b", "-0b", 2) {
                return v;
            }
            // Octals as introduced in YAML 1.2: yaml.v3 only (`0o+17`; `0o17` is
            // already an integer to strconv's base prefix, in both).
            if v3 {
                if let Some(v) = prefixed("0o", "-0o", 8) {
                    return v;
                }
            }
            GoValue::Str
        }
        _ => GoValue::Str,
    }
}

/// `resolveMap`: the words each library reads by name.
fn resolve_map(s: &str, v3: bool) -> Option<GoValue> {
    Some(match s {
        "true" | "True" | "TRUE" => GoValue::Bool(true),
        "false" | "False" | "FALSE" => GoValue::Bool(false),
        "" | "~" | "null" | "Null" | "NULL" => GoValue::Null,
        ".nan" | ".NaN" | ".NAN" => GoValue::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => GoValue::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => GoValue::Float(f64::NEG_INFINITY),
        // `<<` is the merge key; as a value it is the string "<<".
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" if !v3 => GoValue::Bool(true),
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" if !v3 => GoValue::Bool(false),
        _ => return None,
    })
}

/// `yamlStyleFloat`: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// `strconv.ParseFloat(s, 64)` of a scalar that starts with `.` (no sign, no base
/// prefix, no `inf`/`nan` is possible there): `readFloat`'s syntax, `_` only where
/// `underscoreOK` allows it, and an overflow is an error.
fn parse_float(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = 0;
    let (mut underscores, mut sawdot, mut sawdigits) = (false, false, false);
    while let Some(&c) = b.get(i) {
        match c {
            b'_' => underscores = true,
            b'.' if !sawdot => sawdot = true,
            b'0'..=b'9' => sawdigits = true,
            _ => break,
        }
        i += 1;
    }
    if !sawdigits {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !b.get(i).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        while let Some(&c) = b.get(i) {
            match c {
                b'_' => underscores = true,
                b'0'..=b'9' => {}
                _ => break,
            }
            i += 1;
        }
    }
    if i != b.len() || (underscores && !underscore_ok(s)) {
        return None;
    }
    s.replace('_', "")
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
}

/// `strconv.underscoreOK`: every `_` sits between digits (or a base prefix and a digit).
pub(crate) fn underscore_ok(s: &str) -> bool {
    let mut b = s.as_bytes();
    if let [b'-' | b'+', rest @ ..] = b {
        b = rest;
    }
    let mut saw = b'^';
    let mut i = 0;
    let mut hex = false;
    if b.len() >= 2 && b[0] == b'0' && matches!(b[1].to_ascii_lowercase(), b'b' | b'o' | b'x') {
        i = 2;
        saw = b'0';
        hex = b[1].eq_ignore_ascii_case(&b'x');
    }
    for &c in &b[i..] {
        if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else {
            if saw == b'_' {
                return false;
            }
            saw = b'!';
        }
    }
    saw != b'_'
}

/// `strconv.ParseUint(s, base, 64)` for base 0 (prefixes `0b`, `0o`, `0x` in either
/// case, a leading `0` for octal, `_` separators) or 2..=36.
fn parse_uint(s: &str, base: u32) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    let base0 = base == 0;
    let b = s.as_bytes();
    let (base, digits) = if base0 {
        match b {
            [b'0', p, _, ..] if matches!(p.to_ascii_lowercase(), b'b' | b'o' | b'x') => (
                match p.to_ascii_lowercase() {
                    b'b' => 2,
                    b'o' => 8,
                    _ => 16,
                },
                &b[2..],
            ),
            [b'0', rest @ ..] => (8, rest),
            _ => (10, b),
        }
    } else {
        (base, b)
    };
    let mut n: u64 = 0;
    let mut underscores = false;
    for &c in digits {
        let d = match c {
            b'_' if base0 => {
                underscores = true;
                continue;
            }
            b'0'..=b'9' => u32::from(c - b'0'),
            c if c.is_ascii_alphabetic() => u32::from(c.to_ascii_lowercase() - b'a') + 10,
            _ => return None,
        };
        if d >= base {
            return None;
        }
        n = n.checked_mul(u64::from(base))?.checked_add(u64::from(d))?;
    }
    if underscores && !underscore_ok(s) {
        return None;
    }
    Some(n)
}

/// `strconv.ParseInt(s, base, 64)`: an optional sign, then [`parse_uint`], in range.
fn parse_int(s: &str, base: u32) -> Option<i64> {
    let (neg, rest) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    let un = i128::from(parse_uint(rest, base)?);
    i64::try_from(if neg { -un } else { un }).ok()
}

// ---------------------------------------------------------------------------------
// Timestamps: yaml's parseTimestamp, with the parts of Go's time.Parse its layouts use
// ---------------------------------------------------------------------------------

/// One piece of a `time.Parse` layout after its literal prefix.
#[derive(Clone, Copy)]
enum Std {
    /// `2006`
    LongYear,
    /// `1`
    NumMonth,
    /// `2`
    Day,
    /// `15`
    Hour,
    /// `4`
    Minute,
    /// `5`
    Second,
    /// `.999999999`
    FracSecond9,
    /// `Z07:00`
    Iso8601ColonTz,
}

/// `allowedTimestampFormats`, as (literal prefix, piece) pairs.
const LAYOUTS: [&[(&str, Std)]; 4] = [
    // "2006-1-2T15:4:5.999999999Z07:00"
    &[
        ("", Std::LongYear),
        ("-", Std::NumMonth),
        ("-", Std::Day),
        ("T", Std::Hour),
        (":", Std::Minute),
        (":", Std::Second),
        ("", Std::FracSecond9),
        ("", Std::Iso8601ColonTz),
    ],
    // "2006-1-2t15:4:5.999999999Z07:00"
    &[
        ("", Std::LongYear),
        ("-", Std::NumMonth),
        ("-", Std::Day),
        ("t", Std::Hour),
        (":", Std::Minute),
        (":", Std::Second),
        ("", Std::FracSecond9),
        ("", Std::Iso8601ColonTz),
    ],
    // "2006-1-2 15:4:5.999999999"
    &[
        ("", Std::LongYear),
        ("-", Std::NumMonth),
        ("-", Std::Day),
        (" ", Std::Hour),
        (":", Std::Minute),
        (":", Std::Second),
        ("", Std::FracSecond9),
    ],
    // "2006-1-2"
    &[("", Std::LongYear), ("-", Std::NumMonth), ("-", Std::Day)],
];

/// `parseTimestamp`: four digits and `-`, then the first layout `time.Parse` accepts;
/// the time as `time.RFC3339Nano` prints it.
fn parse_timestamp(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let i = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if i != 4 || b.get(i) != Some(&b'-') {
        return None;
    }
    LAYOUTS.iter().find_map(|layout| parse_layout(b, layout))
}

/// `time.skip`: a space in the layout matches any run of spaces (none at the end).
fn skip<'v>(mut value: &'v [u8], mut prefix: &[u8]) -> Option<&'v [u8]> {
    while let Some(&p) = prefix.first() {
        if p == b' ' {
            if value.first().is_some_and(|&c| c != b' ') {
                return None;
            }
            prefix = trim_spaces(prefix);
            value = trim_spaces(value);
            continue;
        }
        if value.first() != Some(&p) {
            return None;
        }
        prefix = &prefix[1..];
        value = &value[1..];
    }
    Some(value)
}

fn trim_spaces(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|c| **c == b' ').count();
    &s[n..]
}

/// `time.getnum(s, false)`: one or two digits.
fn getnum(s: &[u8]) -> Option<(i64, &[u8])> {
    match s {
        [a, b, rest @ ..] if a.is_ascii_digit() && b.is_ascii_digit() => {
            Some((i64::from(a - b'0') * 10 + i64::from(b - b'0'), rest))
        }
        [a, rest @ ..] if a.is_ascii_digit() => Some((i64::from(a - b'0'), rest)),
        _ => None,
    }
}

/// `time.atoi`: an optional sign, then digits only (none is 0).
fn atoi(s: &[u8]) -> Option<i64> {
    let (neg, digits) = match s {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        _ => (false, s),
    };
    let mut x: i64 = 0;
    for &c in digits {
        if !c.is_ascii_digit() {
            return None;
        }
        x = x.checked_mul(10)?.checked_add(i64::from(c - b'0'))?;
    }
    Some(if neg { -x } else { x })
}

/// `time.parse` of `value` with one of [`LAYOUTS`].
fn parse_layout(mut value: &[u8], layout: &[(&str, Std)]) -> Option<String> {
    let (mut year, mut month, mut day) = (0, 1, 1);
    let (mut hour, mut min, mut sec, mut nsec) = (0, 0, 0, 0);
    let mut offset: i64 = 0;
    for (prefix, std) in layout {
        value = skip(value, prefix.as_bytes())?;
        match std {
            Std::LongYear => {
                if value.len() < 4 || !value[0].is_ascii_digit() {
                    return None;
                }
                year = atoi(&value[..4])?;
                value = &value[4..];
            }
            Std::NumMonth => {
                (month, value) = getnum(value)?;
                if !(1..=12).contains(&month) {
                    return None;
                }
            }
            Std::Day => (day, value) = getnum(value)?,
            Std::Hour => {
                (hour, value) = getnum(value)?;
                if hour >= 24 {
                    return None;
                }
            }
            Std::Minute => {
                (min, value) = getnum(value)?;
                if min >= 60 {
                    return None;
                }
            }
            Std::Second => {
                (sec, value) = getnum(value)?;
                if sec >= 60 {
                    return None;
                }
            }
            Std::FracSecond9 => {
                // Omitted unless `.` or `,` and a digit follow; at most nine digits.
                if value.len() >= 2 && matches!(value[0], b'.' | b',') && value[1].is_ascii_digit()
                {
                    let n = value[1..]
                        .iter()
                        .take(9)
                        .take_while(|c| c.is_ascii_digit())
                        .count();
                    let digits = atoi(&value[1..=n])?;
                    nsec = digits * 10_i64.pow(9 - u32::try_from(n).ok()?);
                    value = &value[1 + n..];
                }
            }
            Std::Iso8601ColonTz => {
                if value.first() == Some(&b'Z') {
                    value = &value[1..];
                } else {
                    if value.len() < 6 || value[3] != b':' {
                        return None;
                    }
                    let (hr, mm) = (atoi(&value[1..3])?, atoi(&value[4..6])?);
                    offset = (hr * 60 + mm) * 60;
                    match value[0] {
                        b'+' => {}
                        b'-' => offset = -offset,
                        _ => return None,
                    }
                    value = &value[6..];
                }
            }
        }
    }
    if !value.is_empty() || day < 1 || day > days_in(month, year) {
        return None;
    }
    // time.RFC3339Nano: "2006-01-02T15:04:05.999999999Z07:00".
    let mut out = format!("{year:04}-{month:02}-{day:02}T{hour:02}:{min:02}:{sec:02}");
    if nsec > 0 {
        let frac = format!("{nsec:09}");
        out.push('.');
        out.push_str(frac.trim_end_matches('0'));
    }
    if offset == 0 {
        out.push('Z');
    } else {
        let zone = offset / 60;
        out.push(if zone < 0 { '-' } else { '+' });
        let zone = zone.abs();
        out.push_str(&format!("{:02}:{:02}", zone / 60, zone % 60));
    }
    Some(out)
}

fn days_in(month: i64, year: i64) -> i64 {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use GoValue::{Bool, Float, Int, NoJson, Null, Str, Time};

    fn r(s: &str) -> (GoValue, GoValue, GoValue) {
        let g = go_readings(s);
        (g.v3, g.v2, g.k8s)
    }

    /// Answers the Go libraries gave (`tests/oracle/main.go`, Go 1.19, yaml.v3 3.0.1,
    /// yaml.v2 2.4.0, sigs.k8s.io/yaml 1.3.0).
    #[test]
    fn as_go_reads_them() {
        let t = |s: &str| Time(s.to_owned());
        let cases: Vec<(&str, (GoValue, GoValue, GoValue))> = vec![
            ("0O17", (Int(15), Int(15), Float(15.0))),
            ("0o+17", (Int(15), Str, Str)),
            ("0o-17", (Int(-15), Str, Str)),
            ("0b+101", (Int(5), Int(5), Float(5.0))),
            ("017", (Int(15), Int(15), Float(15.0))),
            ("08", (Float(8.0), Float(8.0), Float(8.0))),
            ("0_8", (Float(8.0), Float(8.0), Float(8.0))),
            ("1_000", (Int(1000), Int(1000), Float(1000.0))),
            ("_1", (Str, Str, Str)),
            ("1_", (Int(1), Int(1), Float(1.0))),
            ("+0x1F", (Int(31), Int(31), Float(31.0))),
            ("0_x1F", (Int(31), Int(31), Float(31.0))),
            ("1e400", (Str, Str, Str)),
            ("1e-400", (Float(0.0), Float(0.0), Float(0.0))),
            ("0x10000000000000000", (Str, Str, Str)),
            (
                "18446744073709551615",
                (
                    Int(18_446_744_073_709_551_615),
                    Int(18_446_744_073_709_551_615),
                    Float(1.844_674_407_370_955_2e19),
                ),
            ),
            (
                "-9223372036854775809",
                (
                    Float(-9.223_372_036_854_776e18),
                    Float(-9.223_372_036_854_776e18),
                    Float(-9.223_372_036_854_776e18),
                ),
            ),
            (".5_5", (Float(0.55), Float(0.55), Float(0.55))),
            ("._5", (Str, Str, Str)),
            ("5.", (Float(5.0), Float(5.0), Float(5.0))),
            (".inf", (Float(f64::INFINITY), Float(f64::INFINITY), NoJson)),
            ("-.nan", (Str, Str, Str)),
            ("1:20", (Str, Str, Str)),
            ("2024-01-01", (t("2024-01-01T00:00:00Z"), Str, Str)),
            ("2024-1-1", (t("2024-01-01T00:00:00Z"), Str, Str)),
            (
                "2024-01-01t10:00:00.5+02:00",
                (t("2024-01-01T10:00:00.5+02:00"), Str, Str),
            ),
            (
                "2024-01-01  10:00:00",
                (t("2024-01-01T10:00:00Z"), Str, Str),
            ),
            (
                "2024-01-01T10:00:00+99:99",
                (t("2024-01-01T10:00:00+100:39"), Str, Str),
            ),
            (
                "2024-01-01T10:00:00,5Z",
                (t("2024-01-01T10:00:00.5Z"), Str, Str),
            ),
            ("2024-01-01T1:2:3Z", (t("2024-01-01T01:02:03Z"), Str, Str)),
            ("2024-01-01T10:00:00.1234567891Z", (Str, Str, Str)),
            ("2024-02-30", (Str, Str, Str)),
            ("2024-01-01T24:00:00Z", (Str, Str, Str)),
            ("2_024-01-01", (Str, Str, Str)),
            ("~", (Null, Null, Null)),
            ("nULL", (Str, Str, Str)),
            ("yes", (Str, Bool(true), Bool(true))),
            ("yEs", (Str, Str, Str)),
            ("True", (Bool(true), Bool(true), Bool(true))),
            ("<<", (Str, Str, Str)),
        ];
        for (s, want) in cases {
            let got = r(s);
            // NaN never equals itself; compare the printed form.
            assert_eq!(format!("{got:?}"), format!("{want:?}"), "{s:?}");
        }
        assert!(matches!(r(".NaN").0, Float(x) if x.is_nan()));
    }

    #[test]
    fn floats_print_as_go_prints_them() {
        for (x, want) in [
            (1e6, "1e+06"),
            (100_000.0, "100000"),
            (1.844_674_407_370_955_2e19, "1.8446744073709552e+19"),
            (1e-6, "1e-06"),
            (1e-4, "0.0001"),
            (0.5, "0.5"),
            (1000.5, "1000.5"),
            (1e21, "1e+21"),
            (-9.223_372_036_854_776e18, "-9.223372036854776e+18"),
            (8.1, "8.1"),
            (22.04, "22.04"),
            (-0.0, "-0"),
            (f64::INFINITY, "+Inf"),
        ] {
            assert_eq!(go_float(x), want);
        }
    }

    #[test]
    fn messages_say_who_reads_what() {
        assert_eq!(
            go_readings("0o+17").describe("0o+17", false),
            "yaml.v3 reads `0o+17` as the integer 15; yaml.v2 and sigs.k8s.io/yaml read it as a string"
        );
        assert_eq!(
            go_readings(".inf").describe(".inf", false),
            "yaml.v3 and yaml.v2 read `.inf` as the number +Inf; sigs.k8s.io/yaml fails to read it (JSON has no infinity or NaN)"
        );
        assert_eq!(
            go_readings("True").describe("***", true),
            "yaml.v3, yaml.v2 and sigs.k8s.io/yaml read `***` as a boolean"
        );
        assert!(go_readings("22").prints_back("22"));
        let core = |s| crate::yaml::resolve_plain(s);
        assert!(go_readings("0o17").agree_with(core("0o17").as_ref()));
        assert!(go_readings("true").agree_with(core("true").as_ref()));
        assert!(!go_readings("017").agree_with(core("017").as_ref()));
        assert!(!go_readings("yes").agree_with(core("yes").as_ref()));
        assert!(!go_readings("1000000").prints_back("1000000"));
        assert!(!go_readings("8.10").prints_back("8.10"));
    }
}
