//! Go's shortest float digits against byoos's (`src/gofloat.rs`, compiled into this test
//! as it is): `strconv.FormatFloat(f, 'e', -1, 64)` and shopspring/decimal's
//! `NewFromFloat(f)` digits from `floats/main.go`, for seeded draws of random bits, short
//! decimals, ties (an exact value halfway between two shortest digit strings, such as
//! `2^-25`) and their neighbours, integers, subnormals, and every power of two with its
//! neighbours. Every answer must be the same.
//!
//! `BYOOS_FLOATS_CASES` (default 200000) sets how many are drawn besides the powers of
//! two, `BYOOS_FLOATS_DECIMAL_EVERY` (default 20) for one value in how many the decimal
//! digits are compared too, `BYOOS_ORACLE_SEED` the seed.

use crate::gen::Rng;
use crate::gofloat;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Instant;

const CLASSES: [&str; 7] = [
    "random bits",
    "short decimals",
    "ties",
    "near ties",
    "integers",
    "subnormals",
    "powers of two",
];

/// 2^k exactly, for -1074 ≤ k ≤ 1023.
fn pow2(k: i32) -> f64 {
    if k >= -1022 {
        f64::from_bits(((k + 1023) as u64) << 52)
    } else {
        f64::from_bits(1 << (k + 1074))
    }
}

/// An odd `m` < 2^53 over 2^k whose exact decimal value has 16 to 19 significant
/// digits: the shortest digits then often stop one digit short, at a 5.
fn tie(rng: &mut Rng) -> f64 {
    loop {
        let nd = [16, 17, 18, 18, 18, 19][rng.below(6)];
        let k = rng.below(28) as u32;
        let p = 5u128.pow(k);
        let lo = (10u128.pow(nd - 1)).div_ceil(p);
        let hi = ((10u128.pow(nd) - 1) / p).min((1 << 53) - 1);
        if lo > hi {
            continue;
        }
        let m = (lo + u128::from(rng.next()) % (hi - lo + 1)) | 1;
        if m <= hi {
            return m as f64 * pow2(-(k as i32));
        }
    }
}

fn draw(rng: &mut Rng, class: usize) -> f64 {
    match class {
        0 => f64::from_bits(rng.next()),
        1 => {
            let nd = 1 + rng.below(17) as u32;
            let m = 10u64.pow(nd - 1) + rng.next() % (9 * 10u64.pow(nd - 1));
            let e = rng.below(651) as i64 - 340;
            format!("{m}e{e}").parse().unwrap_or(0.0)
        }
        2 => tie(rng),
        3 => {
            let bits = tie(rng).to_bits();
            f64::from_bits(if rng.chance(50) { bits + 1 } else { bits - 1 })
        }
        4 => (rng.next() >> rng.below(64)) as f64,
        _ => f64::from_bits(rng.next() >> (12 + rng.below(52))),
    }
}

/// Compares; `false` when a value differs or the Go side fails (or cannot be built and
/// `required`).
pub(crate) fn check(required: bool, seed: u64) -> bool {
    let source = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/floats");
    let binary = match crate::go::go_build(&source, "byoos-floats") {
        Ok(b) => b,
        Err(why) if required => {
            eprintln!("floats: cannot build the Go side: {why}");
            return false;
        }
        Err(why) => {
            println!("floats: skipped ({why})");
            return true;
        }
    };
    let n = crate::env_num("BYOOS_FLOATS_CASES", 200_000);
    // shopspring/decimal is slow on both sides (a big number for each value): its digits
    // are compared for one run of the six drawn classes in `every`.
    let every = crate::env_num("BYOOS_FLOATS_DECIMAL_EVERY", 20).max(1) as usize;
    let started = Instant::now();
    let mut rng = Rng::new(seed ^ 0xf10a7);
    let mut values: Vec<(f64, usize)> = (0..n)
        .map(|i| {
            let class = (i % 6) as usize;
            (draw(&mut rng, class), class)
        })
        .collect();
    for k in -1074..1024 {
        let bits = pow2(k).to_bits();
        for b in [
            bits.saturating_sub(2),
            bits.saturating_sub(1),
            bits,
            bits + 1,
            bits + 2,
        ] {
            values.push((f64::from_bits(b), 6));
        }
    }
    let answers = match ask(&binary, &values, every) {
        Ok(a) => a,
        Err(why) => {
            eprintln!("floats: the Go side failed: {why}");
            return false;
        }
    };
    let mut counts = [0usize; 7];
    let mut mismatches = Vec::new();
    // How many of the ties tell Go's digits from Rust's own shortest ones (`{:e}`), and
    // how many values shopspring/decimal reads with other digits than `strconv` prints.
    let mut rust_differs = 0;
    let mut decimal_differs = 0;
    let mut decimals = 0;
    for (i, ((x, class), answer)) in values.iter().zip(&answers).enumerate() {
        counts[*class] += 1;
        let (go, go_decimal) = answer.split_once(' ').unwrap_or((answer, ""));
        let ours = gofloat::format_shortest(*x, b'e');
        let ours_decimal = if (i / 6) % every == 0 {
            decimals += 1;
            decimal_text(*x)
        } else {
            String::new()
        };
        if *class == 2 && !same_digits(&format!("{:e}", x.abs()), &ours) {
            rust_differs += 1;
        }
        if (i / 6) % every == 0 && x.is_finite() && !same_digits(&ours, go_decimal) {
            decimal_differs += 1;
        }
        if ours != go || ours_decimal != go_decimal {
            mismatches.push(format!(
                "float {:016x} ({}): byoos {ours} {ours_decimal}, Go {answer}",
                x.to_bits(),
                CLASSES[*class]
            ));
        }
    }
    let per_class: Vec<String> = CLASSES
        .iter()
        .zip(counts)
        .map(|(name, c)| format!("{name} {c}"))
        .collect();
    println!(
        "floats: seed {seed}: {} values ({}), Rust's `{{:e}}` differs on {rust_differs} ties; decimal digits of {decimals}, shopspring/decimal's differ from strconv's on {decimal_differs}; mismatches {} in {:.1} s",
        values.len(),
        per_class.join(", "),
        mismatches.len(),
        started.elapsed().as_secs_f64()
    );
    for m in mismatches.iter().take(10) {
        println!("{m}");
    }
    mismatches.is_empty()
}

/// `NewFromFloat(x)`'s coefficient and exponent as `floats/main.go` prints them
/// (`-25e-1`, `0e0`, `-` for NaN and the infinities).
fn decimal_text(x: f64) -> String {
    if !x.is_finite() {
        return "-".into();
    }
    let (d, dp) = gofloat::round_shortest(x);
    if d.is_empty() {
        return "0e0".into();
    }
    let sign = if x < 0.0 { "-" } else { "" };
    let digits = String::from_utf8_lossy(&d);
    format!("{sign}{digits}e{}", dp - d.len() as i32)
}

/// Whether two texts of a number (`2.5e-8`, `-2.5e-08`, `25e-9`) have the same digits
/// and exponent, sign aside.
fn same_digits(a: &str, b: &str) -> bool {
    let digits = |s: &str| -> (String, i32) {
        let s = s.trim_start_matches('-');
        let (m, e) = s.split_once(['e', 'E']).unwrap_or((s, "0"));
        let e: i32 = e.trim_start_matches('+').parse().unwrap_or(0);
        let (int, frac) = m.split_once('.').unwrap_or((m, ""));
        let all = format!("{int}{frac}");
        let trimmed = all.trim_end_matches('0');
        let point = e + int.len() as i32;
        (
            trimmed.trim_start_matches('0').to_owned(),
            point - (all.len() - all.trim_start_matches('0').len()) as i32,
        )
    };
    digits(a) == digits(b)
}

/// One line of Go's text per value, in order.
fn ask(binary: &PathBuf, values: &[(f64, usize)], every: usize) -> Result<Vec<String>, String> {
    let mut child = Command::new(binary)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let mut stdin = child.stdin.take().expect("piped");
    let input: String = values
        .iter()
        .enumerate()
        .map(|(i, (x, _))| {
            let decimal = if (i / 6) % every == 0 { " d" } else { "" };
            format!("{:016x}{decimal}\n", x.to_bits())
        })
        .collect();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let stdout = child.stdout.take().expect("piped");
    let answers: Vec<String> = BufReader::new(stdout)
        .lines()
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    writer
        .join()
        .map_err(|_| "writer panicked")?
        .map_err(|e| e.to_string())?;
    let status = child.wait().map_err(|e| e.to_string())?;
    if !status.success() || answers.len() != values.len() {
        return Err(format!(
            "{status}; {} answers to {} values",
            answers.len(),
            values.len()
        ));
    }
    Ok(answers)
}
