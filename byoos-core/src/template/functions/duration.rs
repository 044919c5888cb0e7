//! Sprig 3.2.3's `duration` and `durationRound` (`date.go`), with Go 1.19's
//! `time.ParseDuration` and `time.Duration.String`.
//!
//! Both take any value and switch on its Go type, as Sprig does: `duration` reads a
//! string (`strconv.ParseInt`, base 10) or an `int64` as seconds, anything else (an
//! `int` constant such as `3600` included) as 0; `durationRound` reads a string with
//! `time.ParseDuration` or an `int64` as nanoseconds, anything else as 0. Its
//! `time.Time` case (`time.Since`) needs a time, which only the deploy-time functions
//! (`now`, `toDate`…) make, and byoos keeps those actions as written (D5-deploy-time),
//! so it never reaches here.

use super::{Func, Ty, Val};

const SECOND: u64 = 1_000_000_000;

/// `strconv.ParseInt(text, 10, 64)`'s value, its error ignored (Sprig's `duration`, and
/// `atoi`, whose `strconv.Atoi` is the same for 64-bit ints): 0 when a byte that is not a
/// digit comes first, the value clamped to the int64 range when it overflows first (Go
/// stops there: `99999999999999999999x` is the largest int64).
pub(super) fn parse_int(text: &str) -> i64 {
    let (neg, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() {
        return 0;
    }
    let clamped = if neg { i64::MIN } else { i64::MAX };
    let mut n: u64 = 0;
    for b in digits.bytes() {
        if !b.is_ascii_digit() {
            return 0;
        }
        let Some(m) = n
            .checked_mul(10)
            .and_then(|m| m.checked_add(u64::from(b - b'0')))
        else {
            return clamped;
        };
        n = m;
    }
    let v = if neg { -i128::from(n) } else { i128::from(n) };
    i64::try_from(v).unwrap_or(clamped)
}

/// Go's `leadingInt`: the leading decimal digits, `None` past 1<<63.
fn leading_int(s: &str) -> Option<(u64, &str)> {
    let end = s
        .bytes()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(s.len());
    let mut x: u64 = 0;
    for b in s[..end].bytes() {
        if x > (1 << 63) / 10 {
            return None;
        }
        x = x * 10 + u64::from(b - b'0');
        if x > 1 << 63 {
            return None;
        }
    }
    Some((x, &s[end..]))
}

/// Go's `leadingFraction`: the leading digits and their scale, precision dropped past
/// what fits.
fn leading_fraction(s: &str) -> (u64, f64, &str) {
    let end = s
        .bytes()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(s.len());
    let (mut x, mut scale, mut overflow) = (0u64, 1f64, false);
    for b in s[..end].bytes() {
        if overflow {
            continue;
        }
        if x > ((1 << 63) - 1) / 10 {
            overflow = true;
            continue;
        }
        let y = x * 10 + u64::from(b - b'0');
        if y > 1 << 63 {
            overflow = true;
            continue;
        }
        x = y;
        scale *= 10.0;
    }
    (x, scale, &s[end..])
}

fn unit(u: &str) -> Option<u64> {
    Some(match u {
        "ns" => 1,
        "us" | "µs" | "μs" => 1_000,
        "ms" => 1_000_000,
        "s" => SECOND,
        "m" => 60 * SECOND,
        "h" => 3600 * SECOND,
        _ => return None,
    })
}

/// Go 1.19's `time.ParseDuration` (nanoseconds), `None` where it fails.
pub(crate) fn parse_duration(text: &str) -> Option<i64> {
    let (neg, mut s) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if s == "0" {
        return Some(0);
    }
    if s.is_empty() {
        return None;
    }
    let mut d: u64 = 0;
    while !s.is_empty() {
        if !(s.starts_with('.') || s.as_bytes()[0].is_ascii_digit()) {
            return None;
        }
        let before = s.len();
        let (mut v, rest) = leading_int(s)?;
        s = rest;
        let pre = before != s.len();
        let (mut f, mut scale, mut post) = (0, 1.0, false);
        if let Some(rest) = s.strip_prefix('.') {
            (f, scale, s) = leading_fraction(rest);
            post = rest.len() != s.len();
        }
        if !pre && !post {
            return None;
        }
        let end = s
            .bytes()
            .position(|b| b == b'.' || b.is_ascii_digit())
            .unwrap_or(s.len());
        if end == 0 {
            return None;
        }
        let u = unit(&s[..end])?;
        s = &s[end..];
        if v > (1 << 63) / u {
            return None;
        }
        v *= u;
        if f > 0 {
            // As Go: float64, nanosecond-accurate for fractions of hours.
            #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation)]
            let extra = (f as f64 * (u as f64 / scale)) as u64;
            v += extra;
            if v > 1 << 63 {
                return None;
            }
        }
        // Go adds in uint64: two parts of exactly 1<<63 wrap to 0.
        d = d.wrapping_add(v);
        if d > 1 << 63 {
            return None;
        }
    }
    if neg {
        #[allow(clippy::cast_possible_wrap)]
        return Some((d as i64).wrapping_neg());
    }
    i64::try_from(d).ok()
}

/// `v % 10^prec` as Go's `fmtFrac` writes it (".5", trailing zeros and a zero fraction
/// left out), and `v / 10^prec`.
fn frac(v: u64, prec: u32) -> (String, u64) {
    let p = 10u64.pow(prec);
    let f = v % p;
    if f == 0 {
        return (String::new(), v / p);
    }
    let digits = format!("{f:0width$}", width = prec as usize);
    (format!(".{}", digits.trim_end_matches('0')), v / p)
}

/// Go's `time.Duration(d).String()`: `1h0m0s`, `1.5s`, `2ms`, `-3µs`, `0s`.
pub(crate) fn duration_string(d: i64) -> String {
    let u = d.unsigned_abs();
    let body = if u == 0 {
        return "0s".to_owned();
    } else if u < SECOND {
        let (unit, prec) = match u {
            0..1_000 => ("ns", 0),
            1_000..1_000_000 => ("µs", 3),
            _ => ("ms", 6),
        };
        let (f, int) = frac(u, prec);
        format!("{int}{f}{unit}")
    } else {
        let (f, secs) = frac(u, 9);
        let (m, h) = (secs / 60, secs / 3600);
        if h > 0 {
            format!("{h}h{}m{}{f}s", m % 60, secs % 60)
        } else if m > 0 {
            format!("{m}m{}{f}s", secs % 60)
        } else {
            format!("{secs}{f}s")
        }
    };
    if d < 0 {
        format!("-{body}")
    } else {
        body
    }
}

/// Sprig's `durationRound` of `d` nanoseconds: the largest whole unit (a year of 365
/// days, a month of 30) the magnitude exceeds, without a sign.
fn round(d: i64) -> String {
    let u = d.unsigned_abs();
    let hour = 3600 * SECOND;
    let units: [(u64, &str); 6] = [
        (hour * 24 * 365, "y"),
        (hour * 24 * 30, "mo"),
        (hour * 24, "d"),
        (hour, "h"),
        (60 * SECOND, "m"),
        (SECOND, "s"),
    ];
    units
        .iter()
        .find(|(n, _)| u > *n)
        .map_or_else(|| "0s".to_owned(), |(n, name)| format!("{}{name}", u / n))
}

/// The functions here, sorted by name.
pub(super) static FUNCTIONS: &[Func] = &[
    f!("duration", [Any], false, None, "duration SECONDS", "SECONDS (a string of a decimal integer, or an int64) as a Go duration: `3600` as text is `1h0m0s`; an int constant or any other value is 0 (`0s`), as Sprig reads only a string or an int64.", |a| {
        let n = match &a[0] {
            Val::Str(t) => parse_int(t),
            Val::Int64(n) => *n,
            _ => 0,
        };
        // Go multiplies in int64 and wraps.
        Ok(Val::text(duration_string(n.wrapping_mul(1_000_000_000))))
    }),
    f!("durationRound", [Any], false, None, "durationRound D", "D (a Go duration string such as `2h45m`, or an int64 of nanoseconds) rounded down to its largest unit: `2h`, `3d`, `1mo`, `2y`; anything else (an int constant, text that is not a duration) is `0s`.", |a| {
        let d = match &a[0] {
            Val::Str(t) => parse_duration(t).unwrap_or(0),
            Val::Int64(n) => *n,
            _ => 0,
        };
        Ok(Val::text(round(d)))
    }),
];

#[cfg(test)]
mod tests {
    use super::super::call_checked as call;
    use super::*;

    #[test]
    fn durations_print_as_go() {
        for (ns, want) in [
            (0, "0s"),
            (1, "1ns"),
            (1_500, "1.5µs"),
            (2_000_000, "2ms"),
            (1_000_000_000, "1s"),
            (1_500_000_000, "1.5s"),
            (3_600_000_000_000, "1h0m0s"),
            (-61_000_000_001, "-1m1.000000001s"),
            (i64::MIN, "-2562047h47m16.854775808s"),
            (i64::MAX, "2562047h47m16.854775807s"),
        ] {
            assert_eq!(duration_string(ns), want, "{ns}");
        }
    }

    #[test]
    fn parse_duration_as_go() {
        for (s, want) in [
            ("0", Some(0)),
            ("-0", Some(0)),
            ("1h30m", Some(5_400_000_000_000)),
            ("1.5h", Some(5_400_000_000_000)),
            (".5s", Some(500_000_000)),
            ("5.s", Some(5_000_000_000)),
            ("1µs1μs1us", Some(3_000)),
            ("-9223372036854775808ns", Some(i64::MIN)),
            ("9223372036854775808ns", None),
            ("9223372036854775808ns9223372036854775808ns", Some(0)),
            ("", None),
            ("1", None),
            ("1d", None),
            (".s", None),
            ("1h ", None),
        ] {
            assert_eq!(parse_duration(s), want, "{s:?}");
        }
    }

    #[test]
    fn sprig_reads_only_strings_and_int64() {
        let d = |v: Val| call("duration", &[v]).unwrap().into_text();
        assert_eq!(d(Val::text("3600")), "1h0m0s");
        assert_eq!(d(Val::text("-90")), "-1m30s");
        assert_eq!(d(Val::text("1.5")), "0s");
        assert_eq!(d(Val::Int(3600)), "0s");
        assert_eq!(d(Val::Int64(61)), "1m1s");
        assert_eq!(d(Val::text("99999999999999999999")), "-1s");
        assert_eq!(d(Val::text("99999999999999999999-x")), "-1s");
        assert_eq!(d(Val::text("-99999999999999999999x")), "0s");
        assert_eq!(d(Val::text("9x9999999999999999999")), "0s");
        let atoi = |x: &str| call("atoi", &[Val::text(x)]).unwrap();
        assert_eq!(atoi("99999999999999999999-x"), Val::Int(i64::MAX));
        assert_eq!(atoi("-99999999999999999999x"), Val::Int(i64::MIN));
        assert_eq!(atoi("+-5"), Val::Int(0));
        let r = |v: Val| call("durationRound", &[v]).unwrap().into_text();
        assert_eq!(r(Val::text("2h45m")), "2h");
        assert_eq!(r(Val::text("-49h")), "2d");
        assert_eq!(r(Val::text("1h")), "60m");
        assert_eq!(r(Val::text("x")), "0s");
        assert_eq!(r(Val::Int64(8_760 * 3_600_000_000_001)), "1y");
        assert_eq!(r(Val::Int(99)), "0s");
    }
}
