//! `cargo run --release -p byoos-core --example hostile -- NAME`: build one hostile input,
#![allow(clippy::print_stdout)]
//! run it through byoos, print the diagnostic codes and the time taken. Run it under
//! `/usr/bin/time -v` to see the peak memory (`make limits` does, for every input).
use byoos_core::{render, set_values, validate, Context, Diagnostic, Options};
use std::time::Instant;

#[path = "../tests/support/budget_inputs.rs"]
mod budget_inputs;

/// `code×count` for each code, in order of appearance.
fn tally(diags: &[Diagnostic]) -> String {
    let mut out: Vec<(String, usize)> = Vec::new();
    for d in diags {
        match out.iter_mut().find(|(c, _)| *c == d.code.as_str()) {
            Some((_, n)) => *n += 1,
            None => out.push((d.code.to_string(), 1)),
        }
    }
    let parts: Vec<String> = out.iter().map(|(c, n)| format!("{c}×{n}")).collect();
    parts.join(" ")
}

/// Run one of the report/work budget inputs; prints what came out.
fn run_budget(name: &str) -> bool {
    use budget_inputs::Run;
    let Some((src, run)) = budget_inputs::input(name) else {
        return false;
    };
    let o = Options::default();
    let t = Instant::now();
    let (diags, extra) = match run {
        Run::Validate => (validate(&src, &o).diagnostics, String::new()),
        Run::ValidateText => {
            let d = validate(&src, &o).diagnostics;
            let text = byoos_core::report::render_text(&src, "x.yaml", &d, Default::default());
            (d, format!(", text report {} bytes", text.len()))
        }
        Run::Render(ctx, _) => match render(&src, &ctx, &o) {
            Ok(r) => (r.diagnostics, format!(", rendered {} bytes", r.text.len())),
            Err(e) => (e.0, String::new()),
        },
        Run::Set(set) => match set_values(&src, &set, &o) {
            Ok(e) => (e.diagnostics, format!(", edited {} bytes", e.text.len())),
            Err(d) => (d, String::new()),
        },
    };
    let took = t.elapsed();
    if std::env::var_os("HOSTILE_SHOW").is_some() {
        for d in diags.iter().take(3) {
            println!("  {}", d.to_string().chars().take(300).collect::<String>());
        }
    }
    let json = serde_json::to_string(&diags).map_or(0, |j| j.len());
    println!(
        "{name}: {} bytes, {:.1} ms, {} (JSON {json} bytes{extra})",
        src.len(),
        took.as_secs_f64() * 1000.0,
        tally(&diags)
    );
    true
}

fn input(name: &str) -> Option<(String, bool)> {
    let laughs = {
        let mut s = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for i in 1..9u8 {
            let (n, p) = ((b'a' + i) as char, (b'a' + i - 1) as char);
            s.push_str(&format!(
                "{n}: &{n} [{}]\n",
                vec![format!("*{p}"); 9].join(",")
            ));
        }
        s
    };
    let chain = |n: usize, fan: usize| {
        let mut s =
            String::from("pack:\n  osImageOverride: \"{{ .spectro.pack.generic-byoi.v0 }}\"\n");
        for i in 0..n {
            let next =
                vec![format!("{{{{ .spectro.pack.generic-byoi.v{} }}}}", i + 1); fan].join(" ");
            s.push_str(&format!("v{i}: \"{next}\"\n"));
        }
        s.push_str(&format!("v{n}: end\n"));
        s
    };
    Some(match name {
        "input-17mib" => ("#".repeat(17 << 20), false),
        "flow-depth-100k" => ("[".repeat(100_000), false),
        "block-depth-100k" => ("- ".repeat(100_000) + "x", false),
        "billion-laughs" => (laughs, false),
        "nodes-2m" => (format!("[{}]", vec!["1"; 2_000_000].join(",")), false),
        "exponential-refs-40" => (chain(40, 2), true),
        "linear-refs-10k" => (chain(10_000, 1), true),
        "binary-1mib" => (
            (0..1u32 << 20)
                .map(|i| char::from((i.wrapping_mul(2_654_435_761) >> 24) as u8))
                .collect(),
            false,
        ),
        _ => return None,
    })
}

/// `--dump DIR`: every budget input as `DIR/NAME.json` (`op`, `source`, `context`,
/// `assignments`), for `scripts/hostile-hosts.py` to run through Python and Node.
fn dump(dir: &std::path::Path) {
    use budget_inputs::Run;
    std::fs::create_dir_all(dir).expect("create the dump folder");
    for name in budget_inputs::NAMES {
        let (source, run) = budget_inputs::input(name).expect("a named input");
        let (op, context, assignments) = match run {
            Run::Validate => ("validate", serde_json::Value::Null, vec![]),
            Run::ValidateText => ("validate_text", serde_json::Value::Null, vec![]),
            Run::Render(_, json) => ("render", json, vec![]),
            Run::Set(set) => (
                "set",
                serde_json::Value::Null,
                set.into_iter().map(|(p, v)| (p.to_string(), v)).collect(),
            ),
        };
        let case = serde_json::json!({
            "name": name, "op": op, "source": source, "context": context,
            "assignments": assignments,
        });
        let path = dir.join(format!("{name}.json"));
        std::fs::write(&path, case.to_string()).expect("write a dumped input");
    }
    println!("{} inputs in {}", budget_inputs::NAMES.len(), dir.display());
}

fn main() {
    let name = std::env::args().nth(1).unwrap_or_default();
    if name == "--dump" {
        let dir = std::env::args()
            .nth(2)
            .unwrap_or_else(|| "target/hostile".into());
        dump(std::path::Path::new(&dir));
        return;
    }
    if run_budget(&name) {
        return;
    }
    let Some((src, macros)) = input(&name) else {
        eprintln!("budget inputs: {}", budget_inputs::NAMES.join(" "));
        eprintln!("inputs: input-17mib flow-depth-100k block-depth-100k billion-laughs nodes-2m exponential-refs-40 linear-refs-10k binary-1mib");
        std::process::exit(2);
    };
    let t = Instant::now();
    let codes: Vec<String> = if macros {
        match render(&src, &Context::default(), &Options::default()) {
            Ok(r) => r
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.code.to_string())
                .collect(),
            Err(e) => e.0.iter().map(|d| d.code.to_string()).collect(),
        }
    } else {
        validate(&src, &Options::default())
            .diagnostics
            .iter()
            .map(|d| d.code.to_string())
            .collect()
    };
    let took = t.elapsed();
    let mut unique = codes.clone();
    unique.dedup();
    println!(
        "{name}: {} bytes, {:.1} ms, {}",
        src.len(),
        took.as_secs_f64() * 1000.0,
        unique.join(" ")
    );
}
