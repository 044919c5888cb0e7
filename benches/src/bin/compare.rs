//! `compare DIR`: the Rust part of `make bench-compare`. Reads the inputs `gen-inputs`
//! wrote to DIR and prints one JSON row per measurement (median ns per call), timed
//! side by side with the floor (see `byoos_benches::measure`).
#![allow(clippy::print_stdout)]

use byoos_benches::measure::{compare, Job};
use byoos_core::image::{check_image, ImageOptions, Provider};
use byoos_core::report::{diagnostics_json, render_sarif, render_text, SarifFile, TextStyle};
use byoos_core::{render, render_profile, validate, Context, Document, Encoding, Options};
use serde_json::{json, Value};
use std::path::Path;

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn context(dir: &Path, name: &str) -> Context {
    serde_json::from_str(&read(dir, name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn options(case: &Value, pack_name: Option<&str>) -> Options {
    let mut o: Options = serde_json::from_value(
        json!({ "limits": case.get("limits").cloned().unwrap_or(json!({})) }),
    )
    .unwrap_or_default();
    o.pack_name = pack_name.map(str::to_owned);
    o
}

/// The bare parse with the span-aware parser: what reading the YAML costs at all.
fn parse(text: &str) -> usize {
    let mut d = Vec::new();
    let doc = Document::parse(text, &byoos_core::Limits::default(), &mut d);
    doc.document_count() + d.len()
}

/// The physical bound of reading the text at all: `memchr` counting its line breaks
/// (one vectorised pass over every byte, the fastest scan there is of this text).
fn scan(text: &str) -> usize {
    memchr::memchr_iter(b'\n', text.as_bytes()).count()
}

/// The same text read by `serde_yaml` into a `Value`.
fn parse_serde(text: &str) -> usize {
    serde_yaml::from_str::<serde_yaml::Value>(text).map_or(0, |v| usize::from(v.is_mapping()))
}

struct Out {
    rows: Vec<Value>,
}

impl Out {
    fn run(&mut self, input: &str, jobs: Vec<(&str, &str, Job<'_>)>) {
        let (names, mut fns): (Vec<(&str, &str)>, Vec<Job<'_>>) =
            jobs.into_iter().map(|(op, imp, f)| ((op, imp), f)).unzip();
        let timings = compare(&mut fns);
        for ((op, imp), t) in names.into_iter().zip(timings) {
            eprintln!(
                "rust {input:<12} {op:<16} {imp:<18} {:>14.0} ns",
                t.median_ns
            );
            self.rows.push(json!({
                "lang": "rust", "input": input, "op": op, "impl": imp,
                "median_ns": t.median_ns, "wall_median_ns": t.wall_median_ns,
                "samples": t.samples, "batch": t.batch,
            }));
        }
    }
}

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: compare DIR");
        std::process::exit(2);
    };
    let dir = Path::new(&dir);
    let manifest: Value = serde_json::from_str(&read(dir, "manifest.json")).unwrap_or(Value::Null);
    let mut out = Out { rows: Vec::new() };

    // The real pack values, all files per call.
    if let Some(files) = manifest["real"]["files"].as_array() {
        let ctx = context(
            dir,
            manifest["real"]["context"].as_str().unwrap_or_default(),
        );
        let packs: Vec<(String, String)> = files
            .iter()
            .map(|f| {
                let path = f["path"].as_str().unwrap_or_default();
                let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
                (f["name"].as_str().unwrap_or_default().to_owned(), text)
            })
            .collect();
        let opts: Vec<Options> = packs
            .iter()
            .map(|(n, _)| options(&Value::Null, Some(n)))
            .collect();
        out.run(
            "real",
            vec![
                (
                    "parse",
                    "byoos-parser",
                    Box::new(|| packs.iter().map(|(_, t)| parse(t)).sum()),
                ),
                (
                    "parse",
                    "serde_yaml",
                    Box::new(|| packs.iter().map(|(_, t)| parse_serde(t)).sum()),
                ),
                (
                    "scan",
                    "memchr",
                    Box::new(|| packs.iter().map(|(_, t)| scan(t)).sum()),
                ),
                (
                    "validate",
                    "byoos",
                    Box::new(|| {
                        packs
                            .iter()
                            .zip(&opts)
                            .map(|((_, t), o)| validate(t, o).diagnostics.len())
                            .sum()
                    }),
                ),
                (
                    "render",
                    "byoos",
                    Box::new(|| {
                        packs
                            .iter()
                            .zip(&opts)
                            .map(|((_, t), o)| render(t, &ctx, o).map_or(0, |r| r.text.len()))
                            .sum()
                    }),
                ),
            ],
        );
    } else {
        eprintln!("compare: {}", byoos_benches::NO_PACK_VALUES);
    }

    // Generated inputs.
    for case in manifest["cases"].as_array().into_iter().flatten() {
        let name = case["name"].as_str().unwrap_or_default();
        let text = read(dir, case["file"].as_str().unwrap_or_default());
        let ctx = context(dir, case["context"].as_str().unwrap_or_default());
        if case["op"] == "render_profile" {
            let values = byoos_benches::profile_pack_values(&text);
            let opts: Vec<Options> = values.iter().map(|(n, _)| options(case, Some(n))).collect();
            let o = Options::default();
            out.run(
                name,
                vec![
                    (
                        "parse",
                        "byoos-parser",
                        Box::new(|| {
                            parse(&text) + values.iter().map(|(_, v)| parse(v)).sum::<usize>()
                        }),
                    ),
                    (
                        "parse",
                        "serde_yaml",
                        Box::new(|| {
                            parse_serde(&text)
                                + values.iter().map(|(_, v)| parse_serde(v)).sum::<usize>()
                        }),
                    ),
                    (
                        "scan",
                        "memchr",
                        Box::new(|| {
                            scan(&text) + values.iter().map(|(_, v)| scan(v)).sum::<usize>()
                        }),
                    ),
                    (
                        "parse-profile-only",
                        "byoos-parser",
                        Box::new(|| parse(&text)),
                    ),
                    (
                        "validate",
                        "byoos",
                        Box::new(|| {
                            values
                                .iter()
                                .zip(&opts)
                                .map(|((_, v), o)| validate(v, o).diagnostics.len())
                                .sum()
                        }),
                    ),
                    (
                        "render",
                        "byoos",
                        Box::new(|| render_profile(&text, &ctx, &o).map_or(0, |r| r.packs.len())),
                    ),
                ],
            );
        } else {
            let o = options(case, case["pack_name"].as_str());
            out.run(
                name,
                vec![
                    ("parse", "byoos-parser", Box::new(|| parse(&text))),
                    ("parse", "serde_yaml", Box::new(|| parse_serde(&text))),
                    ("scan", "memchr", Box::new(|| scan(&text))),
                    (
                        "validate",
                        "byoos",
                        Box::new(|| validate(&text, &o).diagnostics.len()),
                    ),
                    (
                        "render",
                        "byoos",
                        Box::new(|| render(&text, &ctx, &o).map_or(0, |r| r.text.len())),
                    ),
                ],
            );
        }
    }

    // Scaling, side by side: 1k and 10k macros timed round-robin in one group, so a
    // change of load between two groups cannot fake or hide the ratio.
    let scaled: Vec<(String, Context, Options)> = ["scale-1k", "scale-10k"]
        .iter()
        .filter_map(|name| {
            let case = manifest["cases"]
                .as_array()?
                .iter()
                .find(|c| c["name"] == *name)?;
            Some((
                read(dir, case["file"].as_str().unwrap_or_default()),
                context(dir, case["context"].as_str().unwrap_or_default()),
                options(case, case["pack_name"].as_str()),
            ))
        })
        .collect();
    if let [(t1, c1, o1), (t10, c10, o10)] = scaled.as_slice() {
        out.run(
            "scaling",
            vec![
                ("parse-1k", "byoos-parser", Box::new(|| parse(t1))),
                ("parse-10k", "byoos-parser", Box::new(|| parse(t10))),
                (
                    "validate-1k",
                    "byoos",
                    Box::new(|| validate(t1, o1).diagnostics.len()),
                ),
                (
                    "validate-10k",
                    "byoos",
                    Box::new(|| validate(t10, o10).diagnostics.len()),
                ),
                (
                    "render-1k",
                    "byoos",
                    Box::new(|| render(t1, c1, o1).map_or(0, |r| r.text.len())),
                ),
                (
                    "render-10k",
                    "byoos",
                    Box::new(|| render(t10, c10, o10).map_or(0, |r| r.text.len())),
                ),
            ],
        );
    }

    // The error path: a values file with many findings, and one that is not YAML.
    let errors = byoos_benches::with_errors(50);
    let broken = byoos_benches::broken();
    let empty = Context::default();
    let o = Options::default();
    out.run(
        "errors",
        vec![
            ("parse", "byoos-parser", Box::new(|| parse(&errors))),
            (
                "validate",
                "byoos",
                Box::new(|| validate(&errors, &o).diagnostics.len()),
            ),
        ],
    );
    out.run(
        "not-yaml",
        vec![
            ("parse", "byoos-parser", Box::new(|| parse(&broken))),
            (
                "render",
                "byoos",
                Box::new(|| render(&broken, &empty, &o).map_or_else(|e| e.len(), |r| r.text.len())),
            ),
        ],
    );

    // Diagnostics rendering, per diagnostic.
    let report = validate(&errors, &o);
    let diags = report.diagnostics;
    let n = diags.len();
    out.run(
        &format!("diags-{n}"),
        vec![
            (
                "text",
                "byoos",
                Box::new(|| render_text(&errors, "values.yaml", &diags, TextStyle::Plain).len()),
            ),
            (
                "json",
                "byoos",
                Box::new(|| {
                    diagnostics_json(&errors, &diags, Encoding::Utf16)
                        .to_string()
                        .len()
                }),
            ),
            (
                "sarif",
                "byoos",
                Box::new(|| {
                    render_sarif(&[SarifFile {
                        name: "values.yaml",
                        source: &errors,
                        diagnostics: &diags,
                    }])
                    .len()
                }),
            ),
        ],
    );

    // check_image, per call, per provider (all the references of a provider per call).
    for entry in manifest["images"].as_array().into_iter().flatten() {
        let provider: Provider = entry["provider"]
            .as_str()
            .unwrap_or_default()
            .parse()
            .unwrap_or(Provider::Edge);
        let refs: Vec<String> = entry["references"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| r.as_str().map(str::to_owned))
            .collect();
        let io = ImageOptions::default();
        let mut jobs: Vec<(&str, &str, Job<'_>)> = Vec::new();
        for r in &refs {
            let io = &io;
            jobs.push((
                "check_image",
                "byoos",
                Box::new(move || usize::from(check_image(provider, r, io).ok)),
            ));
        }
        let (names, mut fns): (Vec<_>, Vec<_>) =
            jobs.into_iter().map(|(a, b, f)| ((a, b), f)).unzip();
        let timings = compare(&mut fns);
        let mean = timings.iter().map(|t| t.median_ns).sum::<f64>() / timings.len().max(1) as f64;
        let _ = names;
        eprintln!("rust image {provider:<10} {mean:>10.0} ns per call");
        out.rows.push(json!({
            "lang": "rust", "input": format!("image-{provider}"), "op": "check_image", "impl": "byoos",
            "median_ns": mean, "samples": timings.first().map_or(0, |t| t.samples), "batch": refs.len(),
        }));
    }

    println!(
        "{}",
        serde_json::to_string_pretty(&out.rows).unwrap_or_default()
    );
}
