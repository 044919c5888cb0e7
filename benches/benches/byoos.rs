//! Criterion benchmarks of byoos-core against the floor (reading the YAML at all).
//!
//! `make bench` runs them with short measurement times (a few minutes in all);
//! `make bench BENCH_ARGS=render` runs the groups whose name matches. Groups:
//! `parse` (the span-aware parser and `serde_yaml::Value` on the same text), `validate`,
//! `render` (`render_profile` for the profile), `check_image` per provider,
//! `diagnostics` (text, JSON, SARIF) and `errors` (the cost of an error path).
//! The real pack values are read from `../shared/data/pack-values/`; without them those
//! benchmarks are skipped with a message.
#![allow(missing_docs)]

use byoos_benches::{
    broken, chain, image_refs, profile, profile_pack_values, real_context, real_packs, scale,
    with_errors, Input, NO_PACK_VALUES,
};
use byoos_core::image::{check_image, ImageOptions, Provider};
use byoos_core::report::{diagnostics_json, render_sarif, render_text, SarifFile, TextStyle};
use byoos_core::{render, render_profile, validate, Context, Document, Encoding, Limits, Options};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::time::Duration;

/// Named documents: (name, pack name, text, options).
struct Docs {
    name: String,
    docs: Vec<(String, Options)>,
    context: Context,
    bytes: u64,
}

fn options(input: &Input) -> Options {
    let mut o: Options =
        serde_json::from_value(serde_json::json!({ "limits": input.limits })).unwrap_or_default();
    o.pack_name.clone_from(&input.pack_name);
    o
}

fn generated(name: &str, input: &Input) -> Docs {
    Docs {
        name: name.to_owned(),
        docs: vec![(input.text.clone(), options(input))],
        context: serde_json::from_value(input.context.clone()).unwrap_or_default(),
        bytes: input.text.len() as u64,
    }
}

fn inputs(with_100k: bool) -> Vec<Docs> {
    let mut out = Vec::new();
    match real_packs() {
        Some(real) => {
            let bytes = real.iter().map(|r| r.text.len() as u64).sum();
            out.push(Docs {
                name: "real".into(),
                docs: real
                    .into_iter()
                    .map(|r| {
                        let mut o = Options::default();
                        o.pack_name = Some(r.name);
                        (r.text, o)
                    })
                    .collect(),
                context: serde_json::from_value(real_context()).unwrap_or_default(),
                bytes,
            });
        }
        None => eprintln!("benches: {NO_PACK_VALUES}"),
    }
    out.push(generated("scale-1k", &scale(1_000)));
    out.push(generated("scale-10k", &scale(10_000)));
    if with_100k {
        out.push(generated("scale-100k", &scale(100_000)));
    }
    out.push(generated("chain-10k", &chain(10_000)));
    out
}

fn parse(text: &str) -> usize {
    let mut d = Vec::new();
    Document::parse(text, &Limits::default(), &mut d).document_count()
}

fn parse_serde(text: &str) -> usize {
    serde_yaml::from_str::<serde_yaml::Value>(text).map_or(0, |v| usize::from(v.is_mapping()))
}

fn bench_parse(c: &mut Criterion) {
    let mut g = c.benchmark_group("parse");
    let p = profile();
    let values = profile_pack_values(&p.text);
    let all: Vec<String> = std::iter::once(p.text.clone())
        .chain(values.into_iter().map(|(_, v)| v))
        .collect();
    let mut sets: Vec<(String, Vec<String>)> = inputs(false)
        .into_iter()
        .map(|d| (d.name, d.docs.into_iter().map(|(t, _)| t).collect()))
        .collect();
    sets.insert(0, ("profile".into(), all));
    for (name, texts) in &sets {
        g.throughput(Throughput::Bytes(
            texts.iter().map(|t| t.len() as u64).sum(),
        ));
        g.bench_with_input(BenchmarkId::new("byoos-parser", name), texts, |b, t| {
            b.iter(|| t.iter().map(|x| parse(black_box(x))).sum::<usize>());
        });
        g.bench_with_input(BenchmarkId::new("serde_yaml", name), texts, |b, t| {
            b.iter(|| t.iter().map(|x| parse_serde(black_box(x))).sum::<usize>());
        });
    }
    g.finish();
}

fn bench_validate(c: &mut Criterion) {
    let mut g = c.benchmark_group("validate");
    let p = profile();
    let mut sets = inputs(false);
    sets.insert(
        0,
        Docs {
            name: "profile-packs".into(),
            bytes: p.text.len() as u64,
            docs: profile_pack_values(&p.text)
                .into_iter()
                .map(|(n, v)| {
                    let mut o = Options::default();
                    o.pack_name = Some(n);
                    (v, o)
                })
                .collect(),
            context: Context::default(),
        },
    );
    for set in &sets {
        g.throughput(Throughput::Bytes(set.bytes));
        g.bench_with_input(BenchmarkId::from_parameter(&set.name), set, |b, s| {
            b.iter(|| {
                s.docs
                    .iter()
                    .map(|(t, o)| validate(black_box(t), o).diagnostics.len())
                    .sum::<usize>()
            });
        });
    }
    g.finish();
}

fn bench_render(c: &mut Criterion) {
    let mut g = c.benchmark_group("render");
    let p = profile();
    let ctx: Context = serde_json::from_value(p.context.clone()).unwrap_or_default();
    g.throughput(Throughput::Bytes(p.text.len() as u64));
    g.bench_function("profile", |b| {
        b.iter(|| {
            render_profile(black_box(&p.text), &ctx, &Options::default())
                .map_or(0, |r| r.packs.len())
        });
    });
    for set in &inputs(true) {
        g.throughput(Throughput::Bytes(set.bytes));
        if set.name == "scale-100k" {
            g.sample_size(10);
        }
        g.bench_with_input(BenchmarkId::from_parameter(&set.name), set, |b, s| {
            b.iter(|| {
                s.docs
                    .iter()
                    .map(|(t, o)| render(black_box(t), &s.context, o).map_or(0, |r| r.text.len()))
                    .sum::<usize>()
            });
        });
    }
    g.finish();
}

fn bench_check_image(c: &mut Criterion) {
    let mut g = c.benchmark_group("check_image");
    let io = ImageOptions::default();
    for (provider, refs) in image_refs() {
        let p: Provider = provider.parse().unwrap_or(Provider::Edge);
        g.throughput(Throughput::Elements(refs.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(provider), &refs, |b, refs| {
            b.iter(|| {
                refs.iter()
                    .map(|r| usize::from(check_image(p, black_box(r), &io).ok))
                    .sum::<usize>()
            });
        });
    }
    g.finish();
}

fn bench_diagnostics(c: &mut Criterion) {
    let mut g = c.benchmark_group("diagnostics");
    let source = with_errors(50);
    let diags = validate(&source, &Options::default()).diagnostics;
    g.throughput(Throughput::Elements(diags.len() as u64));
    g.bench_function("text", |b| {
        b.iter(|| render_text(black_box(&source), "values.yaml", &diags, TextStyle::Plain).len());
    });
    g.bench_function("json", |b| {
        b.iter(|| {
            diagnostics_json(black_box(&source), &diags, Encoding::Utf16)
                .to_string()
                .len()
        });
    });
    g.bench_function("sarif", |b| {
        b.iter(|| {
            render_sarif(&[SarifFile {
                name: "values.yaml",
                source: black_box(&source),
                diagnostics: &diags,
            }])
            .len()
        });
    });
    g.finish();
}

fn bench_errors(c: &mut Criterion) {
    let mut g = c.benchmark_group("errors");
    let source = with_errors(50);
    let not_yaml = broken();
    let o = Options::default();
    let ctx = Context::default();
    g.bench_function("parse-many-findings", |b| {
        b.iter(|| parse(black_box(&source)))
    });
    g.bench_function("validate-many-findings", |b| {
        b.iter(|| validate(black_box(&source), &o).diagnostics.len());
    });
    g.bench_function("parse-not-yaml", |b| b.iter(|| parse(black_box(&not_yaml))));
    g.bench_function("render-not-yaml", |b| {
        b.iter(|| {
            render(black_box(&not_yaml), &ctx, &o).map_or_else(|e| e.len(), |r| r.text.len())
        });
    });
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(20)
}

criterion_group! {
    name = benches;
    config = config();
    targets = bench_parse, bench_validate, bench_render, bench_check_image, bench_diagnostics, bench_errors
}
criterion_main!(benches);
