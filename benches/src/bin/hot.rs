//! `hot DIR INPUT OP [N]`: run one operation N times (default 20) on one generated input
//! of DIR (as written by `gen-inputs`), for a profiler:
//!
//! ```sh
//! perf record -g target/release/hot target/bench/inputs scale-10k render 20
//! valgrind --tool=callgrind target/release/hot target/bench/inputs profile render 3
//! valgrind --tool=callgrind target/release/hot - image-azure all 100
//! ```
//!
//! INPUT is a case name of `manifest.json`, `real` (every real values file per call) or
//! `image-PROVIDER` (`check_image` on that provider's references; OP is the index of one
//! of them, anything else means all; DIR is not read);
//! OP is `parse`, `validate`, `validate-context` (`validate` with the case's context) or
//! `render`, `floor` (for the profile: the profile and every pack's values parsed), or
//! `serde` (the text read by `serde_yaml` into a `Value`).
#![allow(clippy::print_stdout)]

use byoos_core::{render, render_profile, validate, Context, Document, Limits, Options};
use serde_json::{json, Value};
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        eprintln!("usage: hot DIR INPUT OP [N]");
        std::process::exit(2);
    }
    let dir = Path::new(&args[1]);
    let n: usize = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(20);
    let read = |name: &str| {
        std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    if let Some(provider) = args[2].strip_prefix("image-") {
        image(provider, args[3].parse().ok(), n);
        return;
    }
    let manifest: Value = serde_json::from_str(&read("manifest.json")).unwrap_or(Value::Null);
    if args[2] == "real" {
        real(&manifest, dir, &args[3], n);
        return;
    }
    let Some(case) = manifest["cases"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["name"] == args[2].as_str())
    else {
        eprintln!("hot: no case {} in the manifest", args[2]);
        std::process::exit(2);
    };
    let text = read(case["file"].as_str().unwrap_or_default());
    let ctx: Context = serde_json::from_str(&read(case["context"].as_str().unwrap_or_default()))
        .unwrap_or_default();
    let mut o: Options = serde_json::from_value(
        json!({ "limits": case.get("limits").cloned().unwrap_or(json!({})) }),
    )
    .unwrap_or_default();
    o.pack_name = case["pack_name"].as_str().map(str::to_owned);
    let profile = case["op"] == "render_profile";
    let mut with_context = o.clone();
    with_context.context = Some(ctx.clone());
    let start = std::time::Instant::now();
    let mut total = 0usize;
    for _ in 0..n {
        total += match args[3].as_str() {
            "parse" => {
                let mut d = Vec::new();
                Document::parse(&text, &Limits::default(), &mut d).document_count()
            }
            "floor" => {
                // The profile's floor: the profile and every pack's values, parsed.
                let mut d = Vec::new();
                let limits = Limits::default();
                let n = Document::parse(&text, &limits, &mut d).document_count();
                n + byoos_benches::profile_pack_values(&text)
                    .iter()
                    .map(|(_, v)| Document::parse(v, &limits, &mut d).document_count())
                    .sum::<usize>()
            }
            "validate" => validate(&text, &o).diagnostics.len(),
            "validate-context" => validate(&text, &with_context).all_diagnostics().count(),
            "serde" => serde_floor(&text),
            "render" if profile => render_profile(&text, &ctx, &o).map_or(0, |r| r.packs.len()),
            "render" => render(&text, &ctx, &o).map_or(0, |r| r.text.len()),
            other => {
                eprintln!("hot: unknown op {other}");
                std::process::exit(2);
            }
        };
    }
    println!(
        "{} x {}: {:?} per call ({total})",
        args[2],
        args[3],
        start.elapsed() / n as u32
    );
}

/// The same text read by `serde_yaml` into a `Value`.
fn serde_floor(text: &str) -> usize {
    serde_yaml::from_str::<serde_yaml::Value>(text).map_or(0, |v| usize::from(v.is_mapping()))
}

/// Every real values file per call.
fn real(manifest: &Value, dir: &Path, op: &str, n: usize) {
    let Some(files) = manifest["real"]["files"].as_array() else {
        eprintln!("hot: {}", byoos_benches::NO_PACK_VALUES);
        std::process::exit(2);
    };
    let ctx_file = dir.join(manifest["real"]["context"].as_str().unwrap_or_default());
    let ctx: Context = std::fs::read_to_string(ctx_file)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    let docs: Vec<(String, Options)> = files
        .iter()
        .map(|f| {
            let text =
                std::fs::read_to_string(f["path"].as_str().unwrap_or_default()).unwrap_or_default();
            let mut o = Options::default();
            o.pack_name = f["name"].as_str().map(str::to_owned);
            (text, o)
        })
        .collect();
    let start = std::time::Instant::now();
    let mut total = 0usize;
    for _ in 0..n {
        for (text, o) in &docs {
            total += match op {
                "parse" => {
                    let mut d = Vec::new();
                    Document::parse(text, &Limits::default(), &mut d).document_count()
                }
                "validate" => validate(text, o).diagnostics.len(),
                "serde" => serde_floor(text),
                _ => render(text, &ctx, o).map_or(0, |r| r.text.len()),
            };
        }
    }
    println!(
        "real x {op}: {:?} per call ({total})",
        start.elapsed() / n as u32
    );
}

/// `check_image` on one provider's references (or only the one at `only`), N times each.
fn image(provider: &str, only: Option<usize>, n: usize) {
    let Some((_, mut refs)) = byoos_benches::image_refs()
        .into_iter()
        .find(|(p, _)| *p == provider)
    else {
        eprintln!("hot: no provider {provider}");
        std::process::exit(2);
    };
    if let Some(i) = only {
        let Some(r) = refs.get(i).copied() else {
            eprintln!("hot: {provider} has {} references", refs.len());
            std::process::exit(2);
        };
        refs = vec![r];
    }
    let p: byoos_core::Provider = provider.parse().unwrap_or(byoos_core::Provider::Edge);
    let io = byoos_core::ImageOptions::default();
    let start = std::time::Instant::now();
    let mut ok = 0usize;
    for _ in 0..n {
        for r in &refs {
            ok += usize::from(byoos_core::check_image(p, r, &io).ok);
        }
    }
    println!(
        "image-{provider}: {:?} per call ({ok})",
        start.elapsed() / (n * refs.len()) as u32
    );
}
