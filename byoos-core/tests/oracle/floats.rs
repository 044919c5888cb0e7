//! Go's shortest float digits against byoos's (`src/gofloat.rs`, compiled into this test
//! as it is): `strconv.FormatFloat(f, 'e', -1, 64)` from `floats/main.go` for seeded
//! draws of random bits, short decimals, ties (an exact value halfway between two
//! shortest digit strings, such as `2^-25`) and their neighbours, integers, subnormals,
//! and every power of two with its neighbours. Every answer must be the same.
//!
//! `BYOOS_FLOATS_CASES` (default 200000) sets how many are drawn besides the powers of
//! two; `BYOOS_ORACLE_SEED` the seed.

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
    let answers = match ask(&binary, &values) {
        Ok(a) => a,
        Err(why) => {
            eprintln!("floats: the Go side failed: {why}");
            return false;
        }
    };
    let mut counts = [0usize; 7];
    let mut mismatches = Vec::new();
    // How many of the ties tell Go's digits from Rust's own shortest ones (`{:e}`).
    let mut rust_differs = 0;
    for ((x, class), go) in values.iter().zip(&answers) {
        counts[*class] += 1;
        let ours = gofloat::format_shortest(*x, b'e');
        if *class == 2 && !same_digits(&format!("{:e}", x.abs()), &ours) {
            rust_differs += 1;
        }
        if ours != *go {
            mismatches.push(format!(
                "float {:016x} ({}): byoos {ours}, Go {go}",
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
        "floats: seed {seed}: {} values ({}), Rust's `{{:e}}` differs on {rust_differs} ties; mismatches {} in {:.1} s",
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

/// Whether Rust's `{:e}` text (`2.5e-8`) has the digits of Go's (`-2.5e-08`).
fn same_digits(rust: &str, go: &str) -> bool {
    let digits = |s: &str| -> (String, i32) {
        let (m, e) = s.split_once(['e', 'E']).unwrap_or((s, "0"));
        let d = m.chars().filter(char::is_ascii_digit).collect();
        (d, e.trim_start_matches('+').parse().unwrap_or(0))
    };
    digits(rust) == digits(go.trim_start_matches('-'))
}

/// One line of Go's text per value, in order.
fn ask(binary: &PathBuf, values: &[(f64, usize)]) -> Result<Vec<String>, String> {
    let mut child = Command::new(binary)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let mut stdin = child.stdin.take().expect("piped");
    let input: String = values
        .iter()
        .map(|(x, _)| format!("{:016x}\n", x.to_bits()))
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
