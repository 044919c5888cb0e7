//! How Sprig converts its `interface{}` arguments: `spf13/cast`'s `ToInt64` and
//! `ToFloat64` (errors ignored: a value cast cannot read is 0), and Go's float → int
//! conversion on amd64.

use super::Val;
use crate::template::lex;

/// Go's `int64(f)` on amd64 (`CVTTSD2SQ`): truncation, and the "integer indefinite"
/// value `math.MinInt64` for NaN and anything out of range.
pub(crate) fn go_f64_to_i64(f: f64) -> i64 {
    // 2^63 is exactly representable; [-2^63, 2^63) converts.
    if !(-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&f) {
        i64::MIN
    } else {
        f as i64
    }
}

/// cast's `trimZeroDecimal`: `"1.00"` → `"1"` (a `.` followed only by zeros, at least one).
fn trim_zero_decimal(s: &str) -> &str {
    let mut found_zero = false;
    for (i, c) in s.bytes().enumerate().rev() {
        match c {
            b'.' if found_zero => return &s[..i],
            b'.' => {}
            b'0' => found_zero = true,
            _ => return s,
        }
    }
    s
}

/// `cast.ToInt64(v)`.
pub(crate) fn to_i64(v: &Val) -> i64 {
    match v {
        Val::Int(i) | Val::Int64(i) => *i,
        Val::Byte(b) => i64::from(*b),
        Val::Uint(u) => *u as i64,
        Val::Float(f) => go_f64_to_i64(*f),
        Val::Str(s) => lex::parse_int(trim_zero_decimal(s)).unwrap_or(0),
        Val::Bool(b) => i64::from(*b),
        Val::Complex(..) | Val::Nil | Val::List(_) | Val::Dict(_) | Val::Semver(_) => 0,
    }
}

/// `strconv.ParseFloat(s, 64)`, `None` on a syntax or range error: Go's float syntax
/// (the lexer's), and `inf`, `infinity` (signed) and `nan` in any case.
pub(crate) fn parse_float(s: &str) -> Option<f64> {
    let (neg, rest) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    if rest.eq_ignore_ascii_case("inf") || rest.eq_ignore_ascii_case("infinity") {
        return Some(if neg {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        });
    }
    if s.eq_ignore_ascii_case("nan") {
        return Some(f64::NAN);
    }
    lex::parse_float(s)
}

/// `cast.ToFloat64(v)`.
pub(crate) fn to_f64(v: &Val) -> f64 {
    match v {
        Val::Int(i) | Val::Int64(i) => *i as f64,
        Val::Byte(b) => f64::from(*b),
        Val::Uint(u) => *u as f64,
        Val::Float(f) => *f,
        Val::Str(s) => parse_float(s).unwrap_or(0.0),
        Val::Bool(b) => f64::from(u8::from(*b)),
        Val::Complex(..) | Val::Nil | Val::List(_) | Val::Dict(_) | Val::Semver(_) => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cast_semantics() {
        let st = |x: &str| to_i64(&Val::text(x));
        assert_eq!(st("1.00"), 1);
        assert_eq!(st("10"), 10);
        assert_eq!(st("1.5"), 0);
        assert_eq!(st("0x1F"), 31);
        assert_eq!(st("0755"), 493);
        assert_eq!(st("1_000"), 1000);
        assert_eq!(st("-9223372036854775808"), i64::MIN);
        assert_eq!(st("9223372036854775808"), 0);
        assert_eq!(st(" 1"), 0);
        assert_eq!(st(".0"), 0);
        assert_eq!(to_i64(&Val::Float(-2.9)), -2);
        assert_eq!(to_i64(&Val::Float(1e19)), i64::MIN);
        assert_eq!(to_i64(&Val::Float(f64::NAN)), i64::MIN);
        assert_eq!(to_f64(&Val::text("1e3")), 1000.0);
        assert_eq!(to_f64(&Val::text("-Inf")), f64::NEG_INFINITY);
        assert!(to_f64(&Val::text("NaN")).is_nan());
        assert_eq!(to_f64(&Val::text("1e400")), 0.0);
        assert_eq!(to_f64(&Val::text("x")), 0.0);
        assert_eq!(to_f64(&Val::Bool(true)), 1.0);
    }
}
