//! Sprig's arithmetic and number conversions (Sprig 3.2.3's `functions.go` and
//! `numeric.go`): arguments converted with `cast.ToInt64` / `cast.ToFloat64` (a string is
//! parsed, one cast cannot read is 0), integer results are Go `int64`s that wrap on
//! overflow, float results are printed with `%v`. A Go panic (division by zero, a NaN
//! or infinite float in `addf`…) is a `template/function-error`.

use super::cast::{to_f64, to_i64};
use super::decimal::Dec;
use super::{i, s, Func, Ty, Val};

fn int64s(a: &[Val]) -> impl Iterator<Item = i64> + '_ {
    a.iter().map(to_i64)
}

fn div_zero() -> String {
    "runtime error: integer divide by zero".to_owned()
}

/// Go's `math.Max`.
fn go_max(x: f64, y: f64) -> f64 {
    if x == f64::INFINITY || y == f64::INFINITY {
        return f64::INFINITY;
    }
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    if x == 0.0 && x == y {
        return if x.is_sign_negative() { y } else { x };
    }
    if x > y {
        x
    } else {
        y
    }
}

/// Go's `math.Min`.
fn go_min(x: f64, y: f64) -> f64 {
    if x == f64::NEG_INFINITY || y == f64::NEG_INFINITY {
        return f64::NEG_INFINITY;
    }
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    if x == 0.0 && x == y {
        return if x.is_sign_negative() { x } else { y };
    }
    if x < y {
        x
    } else {
        y
    }
}

/// Go's `math.Frexp`: `f = frac × 2^exp`, `frac` in [0.5, 1).
fn frexp(f: f64) -> (f64, i64) {
    if f == 0.0 || !f.is_finite() {
        return (f, 0);
    }
    let (mut f, mut exp) = (f, 0i64);
    if f.abs() < f64::MIN_POSITIVE {
        f *= (1u64 << 52) as f64;
        exp = -52;
    }
    let bits = f.to_bits();
    exp += ((bits >> 52) & 0x7ff) as i64 - 1022;
    let bits = (bits & !(0x7ff << 52)) | (1022 << 52);
    (f64::from_bits(bits), exp)
}

/// Go's `math.Ldexp`: `frac × 2^exp`, rounded once into a subnormal.
fn ldexp(frac: f64, exp: i64) -> f64 {
    if frac == 0.0 || !frac.is_finite() {
        return frac;
    }
    let (frac, e) = frexp(frac);
    let mut exp = exp.saturating_add(e);
    let bits = frac.to_bits();
    exp += ((bits >> 52) & 0x7ff) as i64 - 1023;
    if exp < -1075 {
        return 0.0f64.copysign(frac);
    }
    if exp > 1023 {
        return f64::INFINITY.copysign(frac);
    }
    let mut m = 1.0;
    if exp < -1022 {
        exp += 53;
        m = 1.0 / (1u64 << 53) as f64;
    }
    let bits = (bits & !(0x7ff << 52)) | (((exp + 1023) as u64) << 52);
    m * f64::from_bits(bits)
}

/// Go's `math.Pow(10, y)` for an integer `y` (repeated squaring, as Go computes it).
fn pow10(y: f64) -> f64 {
    if y == 0.0 {
        return 1.0;
    }
    if y == 1.0 {
        return 10.0;
    }
    let yi = y.abs();
    if yi >= 9_223_372_036_854_775_808.0 {
        return if y > 0.0 { f64::INFINITY } else { 0.0 };
    }
    let (mut a1, mut ae) = (1.0f64, 0i64);
    let (mut x1, mut xe) = frexp(10.0);
    let mut k = yi as i64;
    while k != 0 {
        if !(-(1 << 12)..=(1 << 12)).contains(&xe) {
            ae += xe;
            break;
        }
        if k & 1 == 1 {
            a1 *= x1;
            ae += xe;
        }
        x1 *= x1;
        xe <<= 1;
        if x1 < 0.5 {
            x1 += x1;
            xe -= 1;
        }
        k >>= 1;
    }
    if y < 0.0 {
        a1 = 1.0 / a1;
        ae = -ae;
    }
    ldexp(a1, ae)
}

/// Sprig's `round`.
fn round(val: f64, places: i64, round_on: f64) -> f64 {
    let pow = pow10(places as f64);
    let digit = pow * val;
    let frac = digit - digit.trunc();
    let r = if frac >= round_on {
        digit.ceil()
    } else {
        digit.floor()
    };
    r / pow
}

/// `execDecimalOp`: `first` then each of `rest` through `op`.
fn decimal_op(first: &Val, rest: &[Val], op: fn(&Dec, &Dec) -> Option<Dec>) -> Result<Val, String> {
    let dec = |v: &Val| {
        let f = to_f64(v);
        Dec::from_f64(f)
            .ok_or_else(|| format!("Cannot create a Decimal from {}", super::go_float(f)))
    };
    let mut acc = dec(first)?;
    for v in rest {
        acc = op(&acc, &dec(v)?).ok_or_else(|| "decimal division by 0".to_owned())?;
    }
    Ok(Val::Float(acc.to_f64()))
}

/// Sprig's `untilStep`, as many numbers as `cap` allows (`None` past it).
fn until_step(start: i64, stop: i64, step: i64, cap: usize) -> Option<Vec<i64>> {
    let mut v = Vec::new();
    let mut i = start;
    if stop < start {
        if step >= 0 {
            return Some(v);
        }
        while i > stop {
            if v.len() >= cap {
                return None;
            }
            v.push(i);
            i = i.wrapping_add(step);
        }
        return Some(v);
    }
    if step <= 0 {
        return Some(v);
    }
    while i < stop {
        if v.len() >= cap {
            return None;
        }
        v.push(i);
        i = i.wrapping_add(step);
    }
    Some(v)
}

/// Sprig's `seq`: (start, stop, step) of its `untilStep`, or `None` for `""`.
fn seq_bounds(p: &[i64]) -> Option<(i64, i64, i64)> {
    match *p {
        [end] => {
            let inc = if end < 1 { -1 } else { 1 };
            Some((1, end.wrapping_add(inc), inc))
        }
        [start, end] => {
            let step = if end < start { -1 } else { 1 };
            Some((start, end.wrapping_add(step), step))
        }
        [start, step, end] => {
            let mut inc = 1;
            if end < start {
                inc = -1;
                if step > 0 {
                    return None;
                }
            }
            Some((start, end.wrapping_add(inc), step))
        }
        _ => None,
    }
}

/// The numbers of `seq`, at most `cap` of them (`Err` past it).
pub(super) fn seq_numbers(args: &[Val], cap: usize) -> Result<Vec<i64>, ()> {
    let p: Vec<i64> = args.iter().map(i).collect();
    match seq_bounds(&p) {
        None => Ok(Vec::new()),
        Some((start, stop, step)) => until_step(start, stop, step, cap).ok_or(()),
    }
}

fn seq(args: &[Val]) -> Result<Val, String> {
    // Bounded by the evaluator's size check beforehand (`result_bytes`).
    let nums = seq_numbers(args, usize::MAX >> 8).map_err(|()| "too many numbers".to_owned())?;
    Ok(Val::text(
        nums.iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(" "),
    ))
}

/// `seq`'s result size: exact, or `usize::MAX` when it has more numbers than the value
/// budget could hold anyway (`cap`).
pub(super) fn seq_bytes(args: &[Val], cap: usize) -> usize {
    match seq_numbers(args, cap / 2 + 1) {
        Ok(nums) => nums
            .iter()
            .map(|n| n.to_string().len() + 1)
            .sum::<usize>()
            .saturating_sub(1),
        Err(()) => usize::MAX,
    }
}

/// `strconv.Atoi`, errors ignored: out of range clamps, anything else is 0.
fn atoi(text: &str) -> i64 {
    super::duration::parse_int(text)
}

/// `toDecimal`: `strconv.ParseInt(fmt.Sprint(v), 8, 64)`, 0 on any error.
fn to_decimal(v: &Val) -> i64 {
    let text = if *v == Val::Nil {
        "<nil>".to_owned()
    } else {
        v.to_text()
    };
    let (neg, digits) = match text.as_bytes().first() {
        Some(b'+') => (false, &text[1..]),
        Some(b'-') => (true, &text[1..]),
        _ => (false, &text[..]),
    };
    if digits.is_empty() || !digits.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        return 0;
    }
    let mut n: i128 = 0;
    for b in digits.bytes() {
        n = (n * 8 + i128::from(b - b'0')).min(i128::from(u64::MAX) + 1);
    }
    i64::try_from(if neg { -n } else { n }).unwrap_or(0)
}

fn float_fold(a: &[Val], op: fn(f64, f64) -> f64) -> Val {
    let mut acc = to_f64(&a[0]);
    for v in &a[1..] {
        acc = op(acc, to_f64(v));
    }
    Val::Float(acc)
}

/// Sprig's numeric functions, sorted by name.
pub(super) static FUNCTIONS: &[Func] = &[
    f!("add", [], false, Some(Ty::Any), "add N…", "The sum as int64 (each argument read as an integer: `\"5\"` is 5, `1.9` is 1, what cannot be read is 0).", |a| {
        Ok(Val::Int64(int64s(a).fold(0i64, i64::wrapping_add)))
    }),
    f!("add1", [Any], false, None, "add1 N", "N + 1 as int64.", |a| Ok(Val::Int64(to_i64(&a[0]).wrapping_add(1)))),
    f!("add1f", [Any], false, None, "add1f X", "X + 1 as float64, in exact decimal arithmetic.", |a| decimal_op(&a[0], &[Val::Int(1)], |x, y| Some(x.add(y)))),
    f!("addf", [], false, Some(Ty::Any), "addf X…", "The sum as float64, in exact decimal arithmetic (`addf 0.1 0.2` is 0.3).", |a| {
        decimal_op(&Val::Float(0.0), a, |x, y| Some(x.add(y)))
    }),
    f!("atoi", [Str], false, None, "atoi S", "S as a decimal int (Go's `strconv.Atoi`: 0 when S is not a number, clamped out of range).", |a| Ok(Val::Int(atoi(s(&a[0]))))),
    f!("biggest", [Any], false, Some(Ty::Any), "biggest N…", "The largest as int64 (`max`'s older name).", |a| Ok(Val::Int64(int64s(a).max().unwrap_or(0)))),
    f!("ceil", [Any], false, None, "ceil X", "The least integer ≥ X, as float64.", |a| Ok(Val::Float(to_f64(&a[0]).ceil()))),
    f!("div", [Any, Any], false, None, "div A B", "A / B as int64, truncated; an error when B is 0.", |a| {
        let (x, y) = (to_i64(&a[0]), to_i64(&a[1]));
        if y == 0 { Err(div_zero()) } else { Ok(Val::Int64(x.wrapping_div(y))) }
    }),
    f!("divf", [Any], false, Some(Ty::Any), "divf X Y…", "X divided by each Y as float64, in decimal arithmetic rounded to 16 places; an error when a Y is 0.", |a| {
        decimal_op(&a[0], &a[1..], Dec::div)
    }),
    f!("float64", [Any], false, None, "float64 V", "V as float64 (a string is parsed; 0 when it is not a number).", |a| Ok(Val::Float(to_f64(&a[0])))),
    f!("floor", [Any], false, None, "floor X", "The greatest integer ≤ X, as float64.", |a| Ok(Val::Float(to_f64(&a[0]).floor()))),
    f!("int", [Any], false, None, "int V", "V as int (a string is parsed with Go's base prefixes; a float is truncated; 0 when it is not a number).", |a| Ok(Val::Int(to_i64(&a[0])))),
    f!("int64", [Any], false, None, "int64 V", "V as int64, as `int` reads it.", |a| Ok(Val::Int64(to_i64(&a[0])))),
    f!("max", [Any], false, Some(Ty::Any), "max N…", "The largest as int64.", |a| Ok(Val::Int64(int64s(a).max().unwrap_or(0)))),
    f!("maxf", [Any], false, Some(Ty::Any), "maxf X…", "The largest as float64 (Go's `math.Max`: NaN wins, except over +Inf).", |a| Ok(float_fold(a, go_max))),
    f!("min", [Any], false, Some(Ty::Any), "min N…", "The smallest as int64.", |a| Ok(Val::Int64(int64s(a).min().unwrap_or(0)))),
    f!("minf", [Any], false, Some(Ty::Any), "minf X…", "The smallest as float64 (Go's `math.Min`).", |a| Ok(float_fold(a, go_min))),
    f!("mod", [Any, Any], false, None, "mod A B", "The remainder of A / B as int64 (the sign of A); an error when B is 0.", |a| {
        let (x, y) = (to_i64(&a[0]), to_i64(&a[1]));
        if y == 0 { Err(div_zero()) } else { Ok(Val::Int64(x.wrapping_rem(y))) }
    }),
    f!("mul", [Any], false, Some(Ty::Any), "mul A B…", "The product as int64.", |a| Ok(Val::Int64(int64s(a).fold(1i64, i64::wrapping_mul)))),
    f!("mulf", [Any], false, Some(Ty::Any), "mulf X Y…", "The product as float64, in exact decimal arithmetic.", |a| decimal_op(&a[0], &a[1..], |x, y| Some(x.mul(y)))),
    f!("round", [Any, Int], false, Some(Ty::Float), "round X PLACES [HALF]", "X rounded to PLACES decimals as float64: up when the fraction is ≥ HALF (default 0.5), as Sprig computes it (so `round -1.5 0` is -2).", |a| {
        let on = match a.get(2) { Some(Val::Float(f)) => *f, _ => 0.5 };
        Ok(Val::Float(round(to_f64(&a[0]), i(&a[1]), on)))
    }),
    f!("seq", [], false, Some(Ty::Int), "seq [START [STEP]] END", "The integers from START (default 1) to END by STEP, joined with spaces.", seq),
    f!("sub", [Any, Any], false, None, "sub A B", "A - B as int64.", |a| Ok(Val::Int64(to_i64(&a[0]).wrapping_sub(to_i64(&a[1]))))),
    f!("subf", [Any], false, Some(Ty::Any), "subf X Y…", "X minus each Y as float64, in exact decimal arithmetic.", |a| decimal_op(&a[0], &a[1..], |x, y| Some(x.sub(y)))),
    f!("toDecimal", [Any], false, None, "toDecimal V", "V's text read as an octal number, as int64 (0 when it is not one: `toDecimal \"0777\"` is 511).", |a| Ok(Val::Int64(to_decimal(&a[0])))),
];

/// Work beyond reading the arguments: the decimal functions' digit arithmetic, at most
/// the square of the aligned operands' digits (a float's exponent spans ~650 digits;
/// each product adds 17) for each operand.
pub(super) fn extra_work(name: &str, args: &[Val]) -> usize {
    if !matches!(name, "addf" | "add1f" | "subf" | "mulf" | "divf") {
        return 0;
    }
    let width = 700usize.saturating_add(17usize.saturating_mul(args.len()));
    args.len().saturating_mul(width.saturating_mul(width))
}
