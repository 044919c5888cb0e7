//! Sprig 3.2.3's date functions that are functions of their input.
//!
//! `dateInZone FORMAT T ZONE` (and `date_in_zone`, `htmlDateInZone T ZONE`) with T an
//! integer (seconds since 1970, Go's `time.Unix`) and a ZONE Go's `time.LoadLocation`
//! answers without the host's zone database: `UTC` and `""` (UTC), or a name it rejects
//! (one with `..`, or starting with `/` or `\`: Sprig then uses UTC). Any other call
//! reads the clock (T not an integer) or the host (another zone): deploy-time, kept as
//! written ([`deploy_time_on`]). The time is formatted as Go 1.19's `Time.Format` does,
//! with its calendar arithmetic (`absDate`, in wrapping 64-bit integers, so that the
//! extreme years Go prints are the same).
//!
//! `unixEpoch`, `dateModify` and `mustDateModify` (and their snake-case names) take a
//! `time.Time`. They are functions of their input,
//! but a time is made only by functions byoos never evaluates (`now`, `toDate`,
//! `mustToDate`: the clock and the host's time zone, D5-deploy-time), and an action
//! that calls one of those is kept as written before these run. Any other argument
//! (text, a number, nil) is an error in Go ("can't handle "x" for arg of type
//! time.Time"), and so it is here: byoos agrees with Go on every call.

use super::{s, Func, Ty, Val};

/// Go's error for a value where a `time.Time` argument belongs.
fn not_a_time(v: &Val) -> Result<Val, String> {
    let what = match v {
        Val::Nil => "nil".to_owned(),
        other => format!("a {}", other.type_name()),
    };
    Err(format!(
        "the argument must be a time.Time (made by `now` or `toDate`, which Palette computes at deploy time), not {what}"
    ))
}

/// Go's `time.Unix(sec, 0)` as an absolute time (seconds since Go's absolute zero
/// year), wrapping as Go's does: `uint64(sec + (unixToInternal + internalToAbsolute))`.
fn absolute(sec: i64) -> u64 {
    #[allow(clippy::cast_sign_loss)]
    let sec = sec as u64;
    sec.wrapping_add(9_223_372_028_715_321_600)
}

const DAY: u64 = 86_400;

/// Go's `absDate`: (year, month 1..=12, day, day of the year from 0).
fn abs_date(abs: u64) -> (i64, usize, u64, u64) {
    let mut d = abs / DAY;
    let mut n = d / (365 * 400 + 97);
    let mut y = 400 * n;
    d -= (365 * 400 + 97) * n;
    n = d / (365 * 100 + 24);
    n -= n >> 2;
    y += 100 * n;
    d -= (365 * 100 + 24) * n;
    n = d / (365 * 4 + 1);
    y += 4 * n;
    d -= (365 * 4 + 1) * n;
    n = d / 365;
    n -= n >> 2;
    y += n;
    d -= 365 * n;
    #[allow(clippy::cast_possible_wrap)]
    let year = (y as i64).wrapping_add(-292_277_022_399);
    let yday = d;
    let mut day = yday;
    if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) {
        if day == 31 + 29 - 1 {
            return (year, 2, 29, yday);
        }
        if day > 31 + 29 - 1 {
            day -= 1;
        }
    }
    const BEFORE: [u64; 13] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];
    let mut month = usize::try_from(day / 31).unwrap_or(0);
    let begin = if day >= BEFORE[month + 1] {
        month += 1;
        BEFORE[month]
    } else {
        BEFORE[month]
    };
    (year, month + 1, day - begin + 1, yday)
}

/// Go's `appendInt(x, width)`: a sign, then the digits padded with zeros to `width`.
fn int(out: &mut String, x: i64, width: usize) {
    if x < 0 {
        out.push('-');
    }
    out.push_str(&format!("{:0width$}", x.unsigned_abs()));
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// One element of a Go layout (`nextStdChunk`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Std {
    LongMonth,
    Month,
    NumMonth,
    ZeroMonth,
    LongWeekDay,
    WeekDay,
    Day,
    UnderDay,
    ZeroDay,
    UnderYearDay,
    ZeroYearDay,
    Hour,
    Hour12,
    ZeroHour12,
    Minute,
    ZeroMinute,
    Second,
    ZeroSecond,
    LongYear,
    Year,
    PM,
    Pm,
    TZ,
    /// A zone offset: whether its `Z` form, and its text in UTC (`+0000`, `+00:00`…).
    Offset(bool, &'static str),
    /// A fractional second: separator, digits, trailing zeros kept.
    Frac(char, usize, bool),
}

/// Go's `nextStdChunk` for the layout elements that start with `c` at `l[i..]`: the
/// element and its length.
fn std_at(l: &[u8], i: usize) -> Option<(Std, usize)> {
    let at = |p: &str| l[i..].starts_with(p.as_bytes());
    let lower_after = |n: usize| l.get(i + n).is_some_and(u8::is_ascii_lowercase);
    Some(match l[i] {
        b'J' if at("January") => (Std::LongMonth, 7),
        b'J' if at("Jan") && !lower_after(3) => (Std::Month, 3),
        b'M' if at("Monday") => (Std::LongWeekDay, 6),
        b'M' if at("Mon") && !lower_after(3) => (Std::WeekDay, 3),
        b'M' if at("MST") => (Std::TZ, 3),
        b'0' if matches!(l.get(i + 1), Some(b'1'..=b'6')) => {
            let std = [
                Std::ZeroMonth,
                Std::ZeroDay,
                Std::ZeroHour12,
                Std::ZeroMinute,
                Std::ZeroSecond,
                Std::Year,
            ];
            (std[usize::from(l[i + 1] - b'1')], 2)
        }
        b'0' if at("002") => (Std::ZeroYearDay, 3),
        b'1' if at("15") => (Std::Hour, 2),
        b'1' => (Std::NumMonth, 1),
        b'2' if at("2006") => (Std::LongYear, 4),
        b'2' => (Std::Day, 1),
        b'_' if at("_2") => (Std::UnderDay, 2),
        b'_' if at("__2") => (Std::UnderYearDay, 3),
        b'3' => (Std::Hour12, 1),
        b'4' => (Std::Minute, 1),
        b'5' => (Std::Second, 1),
        b'P' if at("PM") => (Std::PM, 2),
        b'p' if at("pm") => (Std::Pm, 2),
        b'-' | b'Z' => offset_at(l, i)?,
        b'.' | b',' if matches!(l.get(i + 1), Some(b'0' | b'9')) => {
            let ch = l[i + 1];
            let n = l[i + 1..].iter().take_while(|&&b| b == ch).count();
            if l.get(i + 1 + n).is_some_and(u8::is_ascii_digit) {
                return None;
            }
            (Std::Frac(char::from(l[i]), n, ch == b'0'), n + 1)
        }
        _ => return None,
    })
}

/// The zone offset elements (`-0700`, `Z07:00`…) at `l[i..]`.
fn offset_at(l: &[u8], i: usize) -> Option<(Std, usize)> {
    const FORMS: [(&str, &str); 5] = [
        ("070000", "+000000"),
        ("07:00:00", "+00:00:00"),
        ("0700", "+0000"),
        ("07:00", "+00:00"),
        ("07", "+00"),
    ];
    let z = l[i] == b'Z';
    FORMS
        .iter()
        .find(|(f, _)| l[i + 1..].starts_with(f.as_bytes()))
        .map(|(f, utc)| (Std::Offset(z, utc), f.len() + 1))
}

/// Go's `Time.Format(layout)` of `time.Unix(sec, 0)` in UTC.
pub(crate) fn format_utc(layout: &str, sec: i64) -> String {
    let abs = absolute(sec);
    let (year, month, day, yday) = abs_date(abs);
    let clock = abs % DAY;
    #[allow(clippy::cast_possible_wrap)]
    let (hour, min, secs) = (
        (clock / 3600) as i64,
        (clock % 3600 / 60) as i64,
        (clock % 60) as i64,
    );
    let weekday = usize::try_from(abs.wrapping_add(DAY) % (7 * DAY) / DAY).unwrap_or(0);
    let hour12 = if hour % 12 == 0 { 12 } else { hour % 12 };
    #[allow(clippy::cast_possible_wrap)]
    let (day, yday1) = (day as i64, yday as i64 + 1);
    let l = layout.as_bytes();
    let mut out = String::with_capacity(layout.len() + 10);
    let (mut i, mut lit) = (0, 0);
    while i < l.len() {
        let Some((std, n)) = std_at(l, i) else {
            i += 1;
            continue;
        };
        // `_2006` is a literal `_` and the year.
        let (std, n, i0) = if std == Std::UnderDay && l[i..].starts_with(b"_2006") {
            (Std::LongYear, 4, i + 1)
        } else {
            (std, n, i)
        };
        out.push_str(&layout[lit..i0]);
        match std {
            Std::LongMonth => out.push_str(MONTHS[month - 1]),
            Std::Month => out.push_str(&MONTHS[month - 1][..3]),
            Std::NumMonth => int(&mut out, month as i64, 0),
            Std::ZeroMonth => int(&mut out, month as i64, 2),
            Std::LongWeekDay => out.push_str(DAYS[weekday]),
            Std::WeekDay => out.push_str(&DAYS[weekday][..3]),
            Std::Day => int(&mut out, day, 0),
            Std::UnderDay => out.push_str(&format!("{day:>2}")),
            Std::ZeroDay => int(&mut out, day, 2),
            Std::UnderYearDay => out.push_str(&format!("{yday1:>3}")),
            Std::ZeroYearDay => int(&mut out, yday1, 3),
            Std::Hour => int(&mut out, hour, 2),
            Std::Hour12 => int(&mut out, hour12, 0),
            Std::ZeroHour12 => int(&mut out, hour12, 2),
            Std::Minute => int(&mut out, min, 0),
            Std::ZeroMinute => int(&mut out, min, 2),
            Std::Second => int(&mut out, secs, 0),
            Std::ZeroSecond => int(&mut out, secs, 2),
            Std::LongYear => int(&mut out, year, 4),
            Std::Year => int(&mut out, year.abs() % 100, 2),
            Std::PM => out.push_str(if hour >= 12 { "PM" } else { "AM" }),
            Std::Pm => out.push_str(if hour >= 12 { "pm" } else { "am" }),
            Std::TZ => out.push_str("UTC"),
            Std::Offset(true, _) => out.push('Z'),
            Std::Offset(false, utc) => out.push_str(utc),
            Std::Frac(sep, n, true) => {
                // Go keeps the count in 12 bits, then prints at most 9 digits.
                out.push(sep);
                out.push_str(&"0".repeat((n & 0xfff).min(9)));
            }
            Std::Frac(_, _, false) => {}
        }
        i = i0 + n;
        lit = i;
    }
    out.push_str(&layout[lit..]);
    out
}

/// The zone `time.LoadLocation` answers without the host's zone database: `UTC` and
/// `""`, and the names it rejects (Sprig then uses UTC). Any other name is the host's.
fn utc_zone(zone: &str) -> bool {
    zone.is_empty() || zone == "UTC" || zone.contains("..") || zone.starts_with(['/', '\\'])
}

/// Whether the call of `name` on `args`, which byoos otherwise evaluates, reads the
/// clock or the host: `dateInZone` and `htmlDateInZone` of a date that is not an
/// integer (Sprig uses `time.Now()`), or in a zone of the host's zone database.
pub(crate) fn deploy_time_on(name: &str, args: &[Val]) -> bool {
    let (date, zone) = match (name, args) {
        ("dateInZone" | "date_in_zone", [_, date, zone]) => (date, zone),
        ("htmlDateInZone", [date, zone]) => (date, zone),
        _ => return false,
    };
    !(matches!(date, Val::Int(_) | Val::Int64(_)) && utc_zone(s(zone)))
}

fn seconds(v: &Val) -> i64 {
    match v {
        Val::Int(n) | Val::Int64(n) => *n,
        _ => 0,
    }
}

/// The functions here, sorted by name.
pub(super) static FUNCTIONS: &[Func] = &[
    f!("dateInZone", [Str, Any, Str], false, None, "dateInZone FORMAT T ZONE", "T (an integer: seconds since 1970) formatted with Go's layout FORMAT (`2006-01-02T15:04:05Z07:00`) in ZONE; evaluated for the zone `UTC` only (another zone is the host's, and a T that is not an integer is the clock: Palette computes those at deploy time).", |a| Ok(Val::text(format_utc(s(&a[0]), seconds(&a[1]))))),
    f!("dateModify", [Any, Any], false, None, "dateModify DURATION TIME", "TIME plus a Go duration (`-1.5h`); TIME comes from `now` or `toDate`, which are computed at deploy time: any other value is an error.", |a| not_a_time(&a[1])),
    f!("date_in_zone", [Str, Any, Str], false, None, "date_in_zone FORMAT T ZONE", "`dateInZone`.", |a| Ok(Val::text(format_utc(s(&a[0]), seconds(&a[1]))))),
    f!("date_modify", [Any, Any], false, None, "date_modify DURATION TIME", "`dateModify`.", |a| not_a_time(&a[1])),
    f!("htmlDateInZone", [Any, Str], false, None, "htmlDateInZone T ZONE", "`dateInZone \"2006-01-02\" T ZONE`.", |a| Ok(Val::text(format_utc("2006-01-02", seconds(&a[0]))))),
    f!("mustDateModify", [Any, Any], false, None, "mustDateModify DURATION TIME", "`dateModify`, an error when DURATION is not a Go duration.", |a| not_a_time(&a[1])),
    f!("must_date_modify", [Any, Any], false, None, "must_date_modify DURATION TIME", "`mustDateModify`.", |a| not_a_time(&a[1])),
    f!("unixEpoch", [Any], false, None, "unixEpoch TIME", "TIME's seconds since 1970-01-01 UTC; TIME comes from `now` or `toDate`, which are computed at deploy time: any other value is an error.", |a| not_a_time(&a[0])),
];

#[cfg(test)]
mod tests {
    use super::super::call_checked as call;
    use super::*;

    /// (layout, seconds, Go 1.19's `time.Unix(seconds, 0).In(time.UTC).Format(layout)`).
    #[rustfmt::skip]
    const GO: &[(&str, i64, &str)] = &[
        ("2006-01-02T15:04:05Z07:00", -1, "1969-12-31T23:59:59Z"),
        ("2006-01-02T15:04:05Z07:00", 1700000000, "2023-11-14T22:13:20Z"),
        ("2006-01-02T15:04:05Z07:00", 951868800, "2000-03-01T00:00:00Z"),
        ("2006-01-02T15:04:05Z07:00", -62135596801, "0000-12-31T23:59:59Z"),
        ("2006-01-02T15:04:05Z07:00", 9223372036854775807, "292277026596-12-04T15:30:07Z"),
        ("Mon, 02 Jan 2006 15:04:05 MST", -1, "Wed, 31 Dec 1969 23:59:59 UTC"),
        ("Mon, 02 Jan 2006 15:04:05 MST", 1700000000, "Tue, 14 Nov 2023 22:13:20 UTC"),
        ("Mon, 02 Jan 2006 15:04:05 MST", 951868800, "Wed, 01 Mar 2000 00:00:00 UTC"),
        ("Mon, 02 Jan 2006 15:04:05 MST", -62135596801, "Sun, 31 Dec 0000 23:59:59 UTC"),
        ("Mon, 02 Jan 2006 15:04:05 MST", 9223372036854775807, "Sun, 04 Dec 292277026596 15:30:07 UTC"),
        ("Mon, 02 Jan 2006 15:04:05 -0700", -1, "Wed, 31 Dec 1969 23:59:59 +0000"),
        ("Mon, 02 Jan 2006 15:04:05 -0700", 1700000000, "Tue, 14 Nov 2023 22:13:20 +0000"),
        ("Mon, 02 Jan 2006 15:04:05 -0700", 951868800, "Wed, 01 Mar 2000 00:00:00 +0000"),
        ("Mon, 02 Jan 2006 15:04:05 -0700", -62135596801, "Sun, 31 Dec 0000 23:59:59 +0000"),
        ("Mon, 02 Jan 2006 15:04:05 -0700", 9223372036854775807, "Sun, 04 Dec 292277026596 15:30:07 +0000"),
        ("Mon Jan _2 15:04:05 2006", -1, "Wed Dec 31 23:59:59 1969"),
        ("Mon Jan _2 15:04:05 2006", 1700000000, "Tue Nov 14 22:13:20 2023"),
        ("Mon Jan _2 15:04:05 2006", 951868800, "Wed Mar  1 00:00:00 2000"),
        ("Mon Jan _2 15:04:05 2006", -62135596801, "Sun Dec 31 23:59:59 0000"),
        ("Mon Jan _2 15:04:05 2006", 9223372036854775807, "Sun Dec  4 15:30:07 292277026596"),
        ("Mon Jan _2 15:04:05 MST 2006", -1, "Wed Dec 31 23:59:59 UTC 1969"),
        ("Mon Jan _2 15:04:05 MST 2006", 1700000000, "Tue Nov 14 22:13:20 UTC 2023"),
        ("Mon Jan _2 15:04:05 MST 2006", 951868800, "Wed Mar  1 00:00:00 UTC 2000"),
        ("Mon Jan _2 15:04:05 MST 2006", -62135596801, "Sun Dec 31 23:59:59 UTC 0000"),
        ("Mon Jan _2 15:04:05 MST 2006", 9223372036854775807, "Sun Dec  4 15:30:07 UTC 292277026596"),
        ("Monday, 02-Jan-06 15:04:05 MST", -1, "Wednesday, 31-Dec-69 23:59:59 UTC"),
        ("Monday, 02-Jan-06 15:04:05 MST", 1700000000, "Tuesday, 14-Nov-23 22:13:20 UTC"),
        ("Monday, 02-Jan-06 15:04:05 MST", 951868800, "Wednesday, 01-Mar-00 00:00:00 UTC"),
        ("Monday, 02-Jan-06 15:04:05 MST", -62135596801, "Sunday, 31-Dec-00 23:59:59 UTC"),
        ("Monday, 02-Jan-06 15:04:05 MST", 9223372036854775807, "Sunday, 04-Dec-96 15:30:07 UTC"),
        ("3:04PM", -1, "11:59PM"),
        ("3:04PM", 1700000000, "10:13PM"),
        ("3:04PM", 951868800, "12:00AM"),
        ("3:04PM", -62135596801, "11:59PM"),
        ("3:04PM", 9223372036854775807, "3:30PM"),
        ("Jan _2 15:04:05.000000000", -1, "Dec 31 23:59:59.000000000"),
        ("Jan _2 15:04:05.000000000", 1700000000, "Nov 14 22:13:20.000000000"),
        ("Jan _2 15:04:05.000000000", 951868800, "Mar  1 00:00:00.000000000"),
        ("Jan _2 15:04:05.000000000", -62135596801, "Dec 31 23:59:59.000000000"),
        ("Jan _2 15:04:05.000000000", 9223372036854775807, "Dec  4 15:30:07.000000000"),
        ("2006-01-02T15:04:05.999999999Z07:00", -1, "1969-12-31T23:59:59Z"),
        ("2006-01-02T15:04:05.999999999Z07:00", 1700000000, "2023-11-14T22:13:20Z"),
        ("2006-01-02T15:04:05.999999999Z07:00", 951868800, "2000-03-01T00:00:00Z"),
        ("2006-01-02T15:04:05.999999999Z07:00", -62135596801, "0000-12-31T23:59:59Z"),
        ("2006-01-02T15:04:05.999999999Z07:00", 9223372036854775807, "292277026596-12-04T15:30:07Z"),
        ("Monday January _2 __2 002 3 03 4 5 pm PM 06 -07 -070000 -07:00:00 Z07 Z070000 Z07:00:00 MST", -1, "Wednesday December 31 365 365 11 11 59 59 pm PM 69 +00 +000000 +00:00:00 Z Z Z UTC"),
        ("Monday January _2 __2 002 3 03 4 5 pm PM 06 -07 -070000 -07:00:00 Z07 Z070000 Z07:00:00 MST", 1700000000, "Tuesday November 14 318 318 10 10 13 20 pm PM 23 +00 +000000 +00:00:00 Z Z Z UTC"),
        ("Monday January _2 __2 002 3 03 4 5 pm PM 06 -07 -070000 -07:00:00 Z07 Z070000 Z07:00:00 MST", 951868800, "Wednesday March  1  61 061 12 12 0 0 am AM 00 +00 +000000 +00:00:00 Z Z Z UTC"),
        ("Monday January _2 __2 002 3 03 4 5 pm PM 06 -07 -070000 -07:00:00 Z07 Z070000 Z07:00:00 MST", -62135596801, "Sunday December 31 366 366 11 11 59 59 pm PM 00 +00 +000000 +00:00:00 Z Z Z UTC"),
        ("Monday January _2 __2 002 3 03 4 5 pm PM 06 -07 -070000 -07:00:00 Z07 Z070000 Z07:00:00 MST", 9223372036854775807, "Sunday December  4 339 339 3 03 30 7 pm PM 96 +00 +000000 +00:00:00 Z Z Z UTC"),
        ("_2006 Mont Janx Jan1 .000 ,999 .0009 .9a 1 2 15", -1, "_1969 Mont Janx Dec12 .000  .0009 a 12 31 23"),
        ("_2006 Mont Janx Jan1 .000 ,999 .0009 .9a 1 2 15", 1700000000, "_2023 Mont Janx Nov11 .000  .0009 a 11 14 22"),
        ("_2006 Mont Janx Jan1 .000 ,999 .0009 .9a 1 2 15", 951868800, "_2000 Mont Janx Mar3 .000  .0009 a 3 1 00"),
        ("_2006 Mont Janx Jan1 .000 ,999 .0009 .9a 1 2 15", -62135596801, "_0000 Mont Janx Dec12 .000  .0009 a 12 31 23"),
        ("_2006 Mont Janx Jan1 .000 ,999 .0009 .9a 1 2 15", 9223372036854775807, "_292277026596 Mont Janx Dec12 .000  .0009 a 12 4 15"),
        ("02/01/2006", -1, "31/12/1969"),
        ("02/01/2006", 1700000000, "14/11/2023"),
        ("02/01/2006", 951868800, "01/03/2000"),
        ("02/01/2006", -62135596801, "31/12/0000"),
        ("02/01/2006", 9223372036854775807, "04/12/292277026596"),
        (".0000000000000", -1, ".000000000"),
        (".0000000000000", 1700000000, ".000000000"),
        (".0000000000000", 951868800, ".000000000"),
        (".0000000000000", -62135596801, ".000000000"),
        (".0000000000000", 9223372036854775807, ".000000000"),
        ("x", -1, "x"),
        ("x", 1700000000, "x"),
        ("x", 951868800, "x"),
        ("x", -62135596801, "x"),
        ("x", 9223372036854775807, "x"),
        ("", -1, ""),
        ("", 1700000000, ""),
        ("", 951868800, ""),
        ("", -62135596801, ""),
        ("", 9223372036854775807, ""),
        ("Month Janu Mon MS", -1, "Month Janu Wed MS"),
        ("Month Janu Mon MS", 1700000000, "Month Janu Tue MS"),
        ("Month Janu Mon MS", 951868800, "Month Janu Wed MS"),
        ("Month Janu Mon MS", -62135596801, "Month Janu Sun MS"),
        ("Month Janu Mon MS", 9223372036854775807, "Month Janu Sun MS"),
        ("2006-01-02 15:04:05.999999999 -0700 MST", -1, "1969-12-31 23:59:59 +0000 UTC"),
        ("2006-01-02 15:04:05.999999999 -0700 MST", 1700000000, "2023-11-14 22:13:20 +0000 UTC"),
        ("2006-01-02 15:04:05.999999999 -0700 MST", 951868800, "2000-03-01 00:00:00 +0000 UTC"),
        ("2006-01-02 15:04:05.999999999 -0700 MST", -62135596801, "0000-12-31 23:59:59 +0000 UTC"),
        ("2006-01-02 15:04:05.999999999 -0700 MST", 9223372036854775807, "292277026596-12-04 15:30:07 +0000 UTC"),
        ("__2006 ___2 _ __", -1, "365069 _365 _ __"),
        ("__2006 ___2 _ __", 1700000000, "318023 _318 _ __"),
        ("__2006 ___2 _ __", 951868800, " 61000 _ 61 _ __"),
        ("__2006 ___2 _ __", -62135596801, "366000 _366 _ __"),
        ("__2006 ___2 _ __", 9223372036854775807, "339096 _339 _ __"),
        (".", -1, "."),
        (".", 1700000000, "."),
        (".", 951868800, "."),
        (".", -62135596801, "."),
        (".", 9223372036854775807, "."),
        (",0", -1, ",0"),
        (",0", 1700000000, ",0"),
        (",0", 951868800, ",0"),
        (",0", -62135596801, ",0"),
        (",0", 9223372036854775807, ",0"),
        ("0000-00-00", -1, "0000-00-00"),
        ("0000-00-00", 1700000000, "0000-00-00"),
        ("0000-00-00", 951868800, "0000-00-00"),
        ("0000-00-00", -62135596801, "0000-00-00"),
        ("0000-00-00", 9223372036854775807, "0000-00-00"),
    ];

    #[test]
    fn formats_as_go() {
        for (layout, sec, want) in GO {
            assert_eq!(format_utc(layout, *sec), *want, "{layout:?} {sec}");
        }
    }

    #[test]
    fn kept_unless_an_integer_in_utc() {
        let f = Val::text("2006");
        for (zone, kept) in [
            ("UTC", false),
            ("", false),
            ("../x", false),
            ("/etc", false),
            ("Local", true),
            ("Europe/Paris", true),
            ("utc", true),
        ] {
            assert_eq!(
                deploy_time_on("dateInZone", &[f.clone(), Val::Int(0), Val::text(zone)]),
                kept,
                "{zone}"
            );
            assert_eq!(
                deploy_time_on("htmlDateInZone", &[Val::Int64(0), Val::text(zone)]),
                kept,
                "{zone}"
            );
        }
        assert!(deploy_time_on(
            "dateInZone",
            &[f.clone(), Val::text("0"), Val::text("UTC")]
        ));
        assert!(deploy_time_on(
            "date_in_zone",
            &[f, Val::Float(0.0), Val::text("UTC")]
        ));
        assert!(!deploy_time_on("upper", &[Val::text("x")]));
    }

    #[test]
    fn only_a_time_is_accepted() {
        assert!(call("unixEpoch", &[Val::text("1700000000")]).is_err());
        assert!(call("unixEpoch", &[Val::Nil]).is_err());
        assert!(call("dateModify", &[Val::text("1h"), Val::Int(5)]).is_err());
        assert!(call("must_date_modify", &[Val::text("x"), Val::text("y")]).is_err());
    }
}
