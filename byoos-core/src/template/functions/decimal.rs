//! The part of `shopspring/decimal` Sprig's `addf`, `subf`, `mulf` and `divf` use: each
//! float becomes a short round-trip decimal (`NewFromFloat`, whose digits are not always
//! `strconv`'s: `gofloat::round_shortest`), the arithmetic is
//! exact (division: rounded half away from zero to 16 decimal places, `DivRound`), and
//! the result is the nearest float (`Rat().Float64()`).

/// ±digits × 10^exp; `digits` big-endian, without leading zeros (empty: zero).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Dec {
    neg: bool,
    digits: Vec<u8>,
    exp: i64,
}

/// Go's `decimal.DivisionPrecision`.
const DIVISION_PRECISION: i64 = 16;

fn trim(mut d: Vec<u8>) -> Vec<u8> {
    let lead = d.iter().take_while(|x| **x == 0).count();
    d.drain(..lead);
    d
}

fn cmp_mag(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

fn add_mag(a: &[u8], b: &[u8]) -> Vec<u8> {
    let n = a.len().max(b.len());
    let mut out = vec![0u8; n + 1];
    let mut carry = 0u8;
    for k in 0..n {
        let x = if k < a.len() { a[a.len() - 1 - k] } else { 0 };
        let y = if k < b.len() { b[b.len() - 1 - k] } else { 0 };
        let s = x + y + carry;
        out[n - k] = s % 10;
        carry = s / 10;
    }
    out[0] = carry;
    trim(out)
}

/// `a - b` for `a >= b`.
fn sub_mag(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = a.to_vec();
    let mut borrow = 0i8;
    for k in 0..a.len() {
        let y = if k < b.len() {
            b[b.len() - 1 - k] as i8
        } else {
            0
        };
        let idx = a.len() - 1 - k;
        let mut v = out[idx] as i8 - y - borrow;
        borrow = i8::from(v < 0);
        if v < 0 {
            v += 10;
        }
        out[idx] = v as u8;
    }
    trim(out)
}

fn mul_mag(a: &[u8], b: &[u8]) -> Vec<u8> {
    if a.is_empty() || b.is_empty() {
        return Vec::new();
    }
    let mut acc = vec![0u32; a.len() + b.len()];
    for (i, &x) in a.iter().rev().enumerate() {
        for (j, &y) in b.iter().rev().enumerate() {
            acc[i + j] += u32::from(x) * u32::from(y);
        }
        // Keep every cell small.
        let mut carry = 0;
        for cell in acc.iter_mut() {
            let v = *cell + carry;
            *cell = v % 10;
            carry = v / 10;
        }
    }
    trim(acc.iter().rev().map(|d| *d as u8).collect())
}

/// Truncated quotient and remainder of magnitudes (`b` non-zero).
fn divmod_mag(a: &[u8], b: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let mut q = Vec::with_capacity(a.len());
    let mut r: Vec<u8> = Vec::new();
    for &d in a {
        r.push(d);
        r = trim(r);
        let mut n = 0u8;
        while cmp_mag(&r, b) != std::cmp::Ordering::Less {
            r = sub_mag(&r, b);
            n += 1;
        }
        q.push(n);
    }
    (trim(q), r)
}

fn shift(d: &[u8], zeros: i64) -> Vec<u8> {
    if d.is_empty() {
        return Vec::new();
    }
    let mut out = d.to_vec();
    out.resize(d.len() + zeros as usize, 0);
    out
}

impl Dec {
    /// `decimal.NewFromFloat`; `None` for NaN and the infinities (Go panics).
    pub(crate) fn from_f64(f: f64) -> Option<Dec> {
        if !f.is_finite() {
            return None;
        }
        if f == 0.0 {
            return Some(Dec {
                neg: false,
                digits: Vec::new(),
                exp: 0,
            });
        }
        let (digits, point) = crate::gofloat::round_shortest(f);
        let digits: Vec<u8> = digits.iter().map(|c| c - b'0').collect();
        Some(Dec {
            neg: f < 0.0,
            exp: i64::from(point) - digits.len() as i64,
            digits,
        })
    }

    /// The nearest float (`±Inf` past the range).
    pub(crate) fn to_f64(&self) -> f64 {
        if self.digits.is_empty() {
            return 0.0;
        }
        let text: String = self.digits.iter().map(|d| char::from(b'0' + d)).collect();
        let sign = if self.neg { "-" } else { "" };
        format!("{sign}{text}e{}", self.exp).parse().unwrap_or(0.0)
    }

    pub(crate) fn add(&self, o: &Dec) -> Dec {
        let exp = self.exp.min(o.exp);
        let a = shift(&self.digits, self.exp - exp);
        let b = shift(&o.digits, o.exp - exp);
        let (neg, digits) = if self.neg == o.neg {
            (self.neg, add_mag(&a, &b))
        } else if cmp_mag(&a, &b) != std::cmp::Ordering::Less {
            (self.neg, sub_mag(&a, &b))
        } else {
            (o.neg, sub_mag(&b, &a))
        };
        Dec {
            neg: neg && !digits.is_empty(),
            digits,
            exp,
        }
    }

    pub(crate) fn sub(&self, o: &Dec) -> Dec {
        let mut m = o.clone();
        m.neg = !m.neg && !m.digits.is_empty();
        self.add(&m)
    }

    pub(crate) fn mul(&self, o: &Dec) -> Dec {
        let digits = mul_mag(&self.digits, &o.digits);
        Dec {
            neg: self.neg != o.neg && !digits.is_empty(),
            digits,
            exp: self.exp + o.exp,
        }
    }

    /// `DivRound(o, 16)`; `None` when `o` is zero (Go panics).
    pub(crate) fn div(&self, o: &Dec) -> Option<Dec> {
        if o.digits.is_empty() {
            return None;
        }
        let e = self.exp - o.exp + DIVISION_PRECISION;
        let (aa, bb) = if e < 0 {
            (self.digits.clone(), shift(&o.digits, -e))
        } else {
            (shift(&self.digits, e), o.digits.clone())
        };
        let (mut q, r) = divmod_mag(&aa, &bb);
        if cmp_mag(&add_mag(&r, &r), &bb) != std::cmp::Ordering::Less {
            q = add_mag(&q, &[1]);
        }
        Some(Dec {
            neg: self.neg != o.neg && !q.is_empty(),
            digits: q,
            exp: -DIVISION_PRECISION,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(f: f64) -> Dec {
        Dec::from_f64(f).unwrap()
    }

    #[test]
    fn exact_decimal_arithmetic() {
        assert_eq!(d(0.1).add(&d(0.2)).to_f64(), 0.3);
        assert_eq!(d(1.0).sub(&d(0.9)).to_f64(), 0.1);
        assert_eq!(d(-1.5).sub(&d(-1.5)).to_f64(), 0.0);
        assert_eq!(d(1.1).mul(&d(1.1)).to_f64(), 1.21);
        assert_eq!(d(1.0).div(&d(3.0)).unwrap().to_f64(), 0.3333333333333333);
        assert_eq!(d(2.0).div(&d(3.0)).unwrap().to_f64(), 0.6666666666666667);
        assert_eq!(d(-2.0).div(&d(3.0)).unwrap().to_f64(), -0.6666666666666667);
        assert_eq!(d(1e-20).div(&d(1.0)).unwrap().to_f64(), 0.0);
        assert_eq!(d(10.0).div(&d(4.0)).unwrap().to_f64(), 2.5);
        assert!(d(1.0).div(&d(0.0)).is_none());
        assert!(Dec::from_f64(f64::NAN).is_none());
        assert_eq!(d(1e308).add(&d(1e308)).to_f64(), f64::INFINITY);
        assert_eq!(d(1e300).mul(&d(1e-300)).to_f64(), 1.0);
    }
}
