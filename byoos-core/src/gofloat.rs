//! A `float64` as Go 1.19's `strconv` writes it: the shortest round-trip digits
//! (`FormatFloat(f, fmt, -1, 64)`) and the layouts every precision shares
//! (`formatDigits`, `fmtE`, `fmtF` in `strconv/ftoa.go`). Layer 0: it uses nothing else
//! of the crate.
//!
//! Go computes the shortest digits with Ryū (`ryuFtoaShortest`): of the shortest digit
//! strings that read back as the same float, the one nearest the exact value, an exact
//! tie going to the even last digit (`2^-25` = `2.98023223876953125e-08` is
//! `2.9802322387695312e-08`). The `ryu` crate makes the same choice on every value the
//! differential test against Go draws (`tests/oracle/floats.rs`); Rust's own `{:e}` and
//! `{}` break such ties upward (`…313e-08`), so nothing Go-visible uses their shortest
//! digits (decision 44). Rust's exact forms with a precision (`{:.3e}`) round as Go's do.
//!
//! [`round_shortest`] gives the other digits Go code reads a float with: those of
//! shopspring/decimal's `NewFromFloat` (Sprig's `addf`, `subf`, `mulf`, `divf`).

/// The decimal digits of a float's magnitude: `0.d₁d₂…dₙ × 10^point` (Go's
/// `decimalSlice`), no leading or trailing zero; no digits for zero.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Digits {
    buf: [u8; 24],
    len: u8,
    point: i16,
}

impl Digits {
    /// The digits as ASCII (`b"298…"`).
    pub(crate) fn digits(&self) -> &[u8] {
        &self.buf[..usize::from(self.len)]
    }

    /// Where the decimal point goes: `1.5` is `15` with point 1, `0.015` point -1.
    pub(crate) fn point(&self) -> i32 {
        i32::from(self.point)
    }
}

/// The shortest digits of `|x|` that read back as `x`, as Go 1.19 picks them. NaN and
/// the infinities have none (like zero): callers spell those first.
pub(crate) fn shortest(x: f64) -> Digits {
    let mut d = Digits {
        buf: [0; 24],
        len: 0,
        point: 0,
    };
    if x == 0.0 || !x.is_finite() {
        return d;
    }
    let mut buffer = ryu::Buffer::new();
    // `ryu` writes `123.45`, `0.00123`, `12340000000.0`, `1.234e30` or `1e-7`.
    let text = buffer.format_finite(x.abs()).as_bytes();
    let mut point: i32 = 0;
    let mut in_fraction = false;
    let mut exp: i32 = 0;
    for (i, &c) in text.iter().enumerate() {
        match c {
            b'0'..=b'9' => {
                if !in_fraction {
                    point += 1;
                }
                if c == b'0' && d.len == 0 {
                    point -= 1; // a leading zero
                } else if usize::from(d.len) < d.buf.len() {
                    d.buf[usize::from(d.len)] = c;
                    d.len += 1;
                }
            }
            b'.' => in_fraction = true,
            b'e' => {
                exp = parse_exp(&text[i + 1..]);
                break;
            }
            _ => {}
        }
    }
    while d.len > 0 && d.buf[usize::from(d.len) - 1] == b'0' {
        d.len -= 1;
    }
    // |exponent| < 400 and ≤ 17 digits: the sum fits easily.
    d.point = i16::try_from(point + exp).unwrap_or(0);
    d
}

fn parse_exp(text: &[u8]) -> i32 {
    let (neg, digits) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text),
    };
    let n = digits
        .iter()
        .fold(0i32, |n, c| n * 10 + i32::from(c.wrapping_sub(b'0')));
    if neg {
        -n
    } else {
        n
    }
}

/// `strconv.FormatFloat(x, fmt, -1, 64)`, `fmt` one of `e E f g G`: `NaN`, `+Inf`,
/// `-Inf`, `-0`; `'g'` is what `fmt` prints for `%v` (`1e+06`, `123456`, `1e-05`).
pub(crate) fn format_shortest(x: f64, fmt: u8) -> String {
    if let Some(s) = special(x) {
        return s.into();
    }
    let d = shortest(x);
    let (nd, dp) = (d.digits().len() as i32, d.point());
    let prec = match fmt {
        b'e' | b'E' => (nd - 1).max(0),
        b'f' => (nd - dp).max(0),
        _ => nd,
    };
    let mut out = String::with_capacity(26);
    format_digits(
        &mut out,
        x.is_sign_negative(),
        d.digits(),
        dp,
        prec,
        fmt,
        true,
    );
    out
}

/// Go's `%v` of a `float64` (`FormatFloat(x, 'g', -1, 64)`).
pub(crate) fn go_float(x: f64) -> String {
    format_shortest(x, b'g')
}

/// The text of NaN and the infinities (`None` for a finite `x`).
pub(crate) fn special(x: f64) -> Option<&'static str> {
    if x.is_nan() {
        Some("NaN")
    } else if x == f64::INFINITY {
        Some("+Inf")
    } else if x == f64::NEG_INFINITY {
        Some("-Inf")
    } else {
        None
    }
}

/// `strconv.formatDigits`: decimal digits `d` (ASCII, `0.d × 10^dp`) laid out for `fmt`
/// (`e E f g G`) with `prec` as `FormatFloat` takes it once the digits are known;
/// `shortest` when they are the shortest ones (then `%g` switches to an exponent from
/// 1e+06 on).
pub(crate) fn format_digits(
    out: &mut String,
    neg: bool,
    d: &[u8],
    dp: i32,
    prec: i32,
    fmt: u8,
    shortest: bool,
) {
    match fmt {
        b'e' | b'E' => fmt_e(out, neg, d, dp, prec, char::from(fmt)),
        b'f' => fmt_f(out, neg, d, dp, prec),
        _ => {
            let nd = d.len() as i32;
            let mut eprec = prec;
            if eprec > nd && nd >= dp {
                eprec = nd;
            }
            if shortest {
                eprec = 6;
            }
            let exp = dp - 1;
            let e = if fmt == b'G' { 'E' } else { 'e' };
            if exp < -4 || exp >= eprec {
                fmt_e(out, neg, d, dp, prec.min(nd) - 1, e);
            } else {
                let prec = if prec > dp { nd } else { prec };
                fmt_f(out, neg, d, dp, (prec - dp).max(0));
            }
        }
    }
}

/// `strconv.fmtE`: `-d.ddde±dd`, `prec` digits after the point.
fn fmt_e(out: &mut String, neg: bool, d: &[u8], dp: i32, prec: i32, e: char) {
    if neg {
        out.push('-');
    }
    out.push(d.first().map_or('0', |&c| char::from(c)));
    if prec > 0 {
        out.push('.');
        for i in 1..=prec as usize {
            out.push(d.get(i).map_or('0', |&c| char::from(c)));
        }
    }
    out.push(e);
    let exp = if d.is_empty() { 0 } else { dp - 1 };
    out.push(if exp < 0 { '-' } else { '+' });
    let exp = exp.unsigned_abs();
    if exp >= 100 {
        out.push(char::from(b'0' + (exp / 100) as u8));
    }
    out.push(char::from(b'0' + (exp / 10 % 10) as u8));
    out.push(char::from(b'0' + (exp % 10) as u8));
}

/// `strconv.fmtF`: `-ddd.ddd`, `prec` digits after the point.
fn fmt_f(out: &mut String, neg: bool, d: &[u8], dp: i32, prec: i32) {
    if neg {
        out.push('-');
    }
    if dp > 0 {
        for i in 0..dp as usize {
            out.push(d.get(i).map_or('0', |&c| char::from(c)));
        }
    } else {
        out.push('0');
    }
    if prec > 0 {
        out.push('.');
        for i in 0..prec {
            let j = dp + i;
            let c = if j >= 0 { d.get(j as usize) } else { None };
            out.push(c.map_or('0', |&c| char::from(c)));
        }
    }
}

/// The digits `shopspring/decimal` 1.2.0's `NewFromFloat` gives `|x|` (Sprig's `addf`,
/// `mulf`, …), ASCII, with the decimal point position: its copy of an older `strconv`'s
/// `roundShortest`, which walks the exact decimal values of `x` and of the midpoints to
/// its neighbours digit by digit, assuming they share a decimal point. Mostly the digits
/// of [`shortest`]; not always (`3.1039992106864237e+17` is `31039992106864236e1`).
/// Zero, NaN and the infinities have none.
pub(crate) fn round_shortest(x: f64) -> (Vec<u8>, i32) {
    if x == 0.0 || !x.is_finite() {
        return (Vec::new(), 0);
    }
    const MIN_EXP: i32 = -1022;
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let (mut mant, exp) = (bits & ((1 << 52) - 1), biased - 1023);
    let exp = if biased == 0 { exp + 1 } else { exp };
    if biased != 0 {
        mant |= 1 << 52;
    }
    // The value and the midpoints to its neighbours, as multiples of 2^(exp-55).
    let below = if mant > 1 << 52 || exp == MIN_EXP {
        4
    } else {
        2
    };
    let [(mut d, mut dp), (upper, _), (lower, _)] =
        exact_decimals([8 * mant, 8 * mant + 4, 8 * mant - below], exp - 55);
    // Already shortest: the nearest shorter number is farther than the neighbours.
    if exp > MIN_EXP && 332 * (dp - d.len() as i32) >= 100 * (exp - 52) {
        return (d, dp);
    }
    let inclusive = mant % 2 == 0;
    for i in 0..d.len() {
        let l = lower.get(i).copied().unwrap_or(b'0');
        let m = d[i];
        let u = upper.get(i).copied().unwrap_or(b'0');
        let ok_down = l != m || inclusive && i + 1 == lower.len();
        let ok_up = m != u && (inclusive || m + 1 < u || i + 1 < upper.len());
        let up = match (ok_down, ok_up) {
            (true, true) => match d.get(i + 1) {
                // Exactly halfway: to the even digit (the value is exact, never cut).
                Some(b'5') if i + 2 == d.len() => (m - b'0') % 2 == 1,
                Some(&c) => c >= b'5',
                None => false,
            },
            (true, false) => false,
            (false, true) => true,
            (false, false) => continue,
        };
        if i + 1 >= d.len() {
            break; // nothing to cut: Go's `Round…` leave the digits as they are
        }
        d.truncate(i + 1);
        if up {
            while d.last() == Some(&b'9') {
                d.pop();
            }
            match d.last_mut() {
                Some(c) => *c += 1,
                None => {
                    d.push(b'1');
                    dp += 1;
                }
            }
        }
        while d.last() == Some(&b'0') {
            d.pop();
        }
        break;
    }
    (d, dp)
}

/// The exact decimal digits of `m × 2^shift` for each `m` (ASCII, no leading or trailing
/// zero) and the decimal point positions: `2^shift` as a big integer in base 10^9 (for a
/// negative `shift`, `5^-shift`, since `m / 2^k` is `m × 5^k / 10^k`) times each `m`.
fn exact_decimals<const N: usize>(ms: [u64; N], shift: i32) -> [(Vec<u8>, i32); N] {
    const BASE: u64 = 1_000_000_000;
    let (factor, step) = if shift >= 0 { (2u64, 29) } else { (5u64, 13) };
    let mut power: Vec<u64> = vec![1]; // little-endian limbs
    let mut left = shift.unsigned_abs();
    while left > 0 {
        let n = left.min(step);
        let by = factor.pow(n);
        let mut carry = 0;
        for limb in &mut power {
            let v = *limb * by + carry;
            *limb = v % BASE;
            carry = v / BASE;
        }
        if carry > 0 {
            power.push(carry % BASE);
            if carry >= BASE {
                power.push(carry / BASE);
            }
        }
        left -= n;
    }
    let scale = if shift < 0 { shift } else { 0 };
    ms.map(|m| {
        // `m` in base 10^9 too, so that every product fits a u64.
        let m = [m % BASE, m / BASE % BASE, m / BASE / BASE];
        let mut limbs = vec![0u64; power.len() + 4];
        for (j, &mj) in m.iter().enumerate().filter(|(_, &mj)| mj > 0) {
            let mut carry = 0;
            for (i, &p) in power.iter().enumerate() {
                let v = limbs[i + j] + p * mj + carry;
                limbs[i + j] = v % BASE;
                carry = v / BASE;
            }
            let mut k = power.len() + j;
            while carry > 0 {
                let v = limbs[k] + carry;
                limbs[k] = v % BASE;
                carry = v / BASE;
                k += 1;
            }
        }
        while limbs.last() == Some(&0) {
            limbs.pop();
        }
        let mut digits = Vec::with_capacity(limbs.len() * 9);
        for (i, &limb) in limbs.iter().rev().enumerate() {
            let mut nine = [b'0'; 9];
            let mut v = limb;
            for c in nine.iter_mut().rev() {
                *c = b'0' + (v % 10) as u8;
                v /= 10;
            }
            let skip = if i == 0 {
                nine.iter().take_while(|&&c| c == b'0').count()
            } else {
                0
            };
            digits.extend_from_slice(&nine[skip..]);
        }
        let point = digits.len() as i32 + scale;
        while digits.last() == Some(&b'0') {
            digits.pop();
        }
        (digits, point)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(x: f64) -> String {
        format_shortest(x, b'e')
    }

    /// 2^k, exactly (subnormals too).
    fn pow2(k: i32) -> f64 {
        if k >= -1022 {
            f64::from_bits(((k + 1023) as u64) << 52)
        } else {
            f64::from_bits(1 << (k + 1074))
        }
    }

    /// Answers of Go 1.19's `strconv.FormatFloat(x, 'e', -1, 64)`.
    #[test]
    #[allow(clippy::excessive_precision)] // exact values, written out in full
    fn shortest_digits_as_go() {
        assert_eq!(e(pow2(-25)), "2.9802322387695312e-08"); // a tie: even digit
        assert_eq!(e(3017545268.23828125), "3.0175452682382812e+09"); // a tie
        assert_eq!(e(611554.781982421875), "6.115547819824219e+05");
        assert_eq!(e(5e-324), "5e-324");
        assert_eq!(e(-5e-324), "-5e-324");
        assert_eq!(e(f64::MAX), "1.7976931348623157e+308");
        assert_eq!(e(f64::MIN_POSITIVE), "2.2250738585072014e-308");
        assert_eq!(e(0.1), "1e-01");
        assert_eq!(e(1e21), "1e+21");
        assert_eq!(e(1e23), "1e+23");
        assert_eq!(e(1e-7), "1e-07");
        assert_eq!(e(123456789.0), "1.23456789e+08");
        assert_eq!(e(pow2(53)), "9.007199254740992e+15");
        assert_eq!(e(0.0), "0e+00");
        assert_eq!(e(-0.0), "-0e+00");
        assert_eq!(e(f64::NAN), "NaN");
        assert_eq!(e(f64::NEG_INFINITY), "-Inf");
        assert_eq!(format_shortest(1e100, b'E'), "1E+100");
    }

    #[test]
    fn layouts_as_go() {
        let g = go_float;
        assert_eq!(g(pow2(-25)), "2.9802322387695312e-08");
        assert_eq!(g(8.1), "8.1");
        assert_eq!(g(1000.0), "1000");
        assert_eq!(g(123456.0), "123456");
        assert_eq!(g(1e6), "1e+06");
        assert_eq!(g(1234567.0), "1.234567e+06");
        assert_eq!(g(0.0001), "0.0001");
        assert_eq!(g(0.00001), "1e-05");
        assert_eq!(g(-150.0), "-150");
        assert_eq!(g(-0.0), "-0");
        assert_eq!(g(1e21), "1e+21");
        assert_eq!(g(f64::INFINITY), "+Inf");
        assert_eq!(format_shortest(1e21, b'f'), "1000000000000000000000");
        assert_eq!(format_shortest(0.000125, b'f'), "0.000125");
        assert_eq!(format_shortest(-2.5, b'f'), "-2.5");
        assert_eq!(format_shortest(1.5e300, b'G'), "1.5E+300");
    }

    #[test]
    fn digits_and_point() {
        let d = shortest(0.015);
        assert_eq!((d.digits(), d.point()), (&b"15"[..], -1));
        let d = shortest(12340000000.0);
        assert_eq!((d.digits(), d.point()), (&b"1234"[..], 11));
        let d = shortest(-1.5);
        assert_eq!((d.digits(), d.point()), (&b"15"[..], 1));
        let d = shortest(0.0);
        assert_eq!((d.digits(), d.point()), (&b""[..], 0));
    }

    /// Answers of `decimal.NewFromFloat` (shopspring/decimal 1.2.0).
    #[test]
    fn decimal_digits_as_shopspring() {
        let r = |x: f64| {
            let (d, dp) = round_shortest(x);
            format!("{}e{}", String::from_utf8_lossy(&d), dp - d.len() as i32)
        };
        assert_eq!(r(f64::from_bits(0x43913b0c55a66c41)), "31039992106864236e1");
        assert_eq!(r(pow2(-25)), "29802322387695312e-24");
        assert_eq!(r(0.1), "1e-1");
        assert_eq!(r(-2.5), "25e-1");
        assert_eq!(r(1e22), "1e22");
        assert_eq!(r(5e-324), "5e-324");
        assert_eq!(r(f64::MAX), "17976931348623157e292");
        assert_eq!(r(123456.0), "123456e0");
        assert_eq!(r(0.0), "e0");
    }

    /// Every power of two and its neighbours read back as themselves.
    #[test]
    fn round_trips() {
        for k in -1074..1024 {
            let x = pow2(k);
            for y in [
                x,
                f64::from_bits(x.to_bits() + 1),
                f64::from_bits(x.to_bits() - 1),
            ] {
                let s = e(y);
                assert_eq!(s.parse::<f64>().ok(), Some(y), "{s}");
                assert!(shortest(y).digits().len() <= 17);
            }
        }
    }
}
