//! `gen-inputs [--small] DIR`: write the benchmark inputs for the Python and Node harnesses and the
//! peers' tests: the generated inputs, their contexts and options, what byoos makes of
//! them (`*.expected.*`), and a `manifest.json` that lists every case.
#![allow(clippy::print_stdout)]

use byoos_benches::{chain, image_refs, profile, real_context, real_packs, scale, Input};
use byoos_core::{render, render_profile, validate, Context, Options};
use serde_json::{json, Value};
use std::path::Path;

fn options_of(input: &Input) -> Options {
    let mut o: Options = serde_json::from_value(json!({ "limits": input.limits }))
        .unwrap_or_else(|e| panic!("options: {e}"));
    o.pack_name.clone_from(&input.pack_name);
    o
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap_or_else(|e| panic!("{name}: {e}"));
}

fn summary(report: &byoos_core::Report) -> Value {
    let mut codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
    codes.sort_unstable();
    json!({"ok": report.ok, "pack": report.pack.map(|p| p.as_str()), "codes": codes})
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let small = args.iter().any(|a| a == "--small");
    let Some(dir) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: gen-inputs [--small] DIR   (--small: without the 100k input, for tests)");
        std::process::exit(2);
    };
    let dir = Path::new(&dir);
    std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut cases = Vec::new();

    // The profile, and its packs as single documents.
    let p = profile();
    let ctx: Context = serde_json::from_value(p.context.clone()).unwrap_or_default();
    write(dir, "profile.yaml", &p.text);
    write(dir, "profile.context.json", &p.context.to_string());
    let out = render_profile(&p.text, &ctx, &Options::default())
        .unwrap_or_else(|e| panic!("profile: {e}"));
    let packs: Vec<Value> = out
        .packs
        .iter()
        .map(|pk| json!({"name": pk.name, "text": pk.text}))
        .collect();
    write(
        dir,
        "profile.expected.json",
        &json!({ "packs": packs }).to_string(),
    );
    cases.push(json!({
        "name": "profile", "op": "render_profile", "file": "profile.yaml",
        "context": "profile.context.json", "expected": "profile.expected.json",
        "bytes": p.text.len(), "lines": p.lines(), "macros": p.macros,
    }));

    // Scaling inputs and the chain.
    let sizes: &[usize] = if small {
        &[1_000, 10_000]
    } else {
        &[1_000, 10_000, 100_000]
    };
    let mut generated: Vec<(String, Input)> = sizes
        .iter()
        .copied()
        .map(|n| (format!("scale-{}k", n / 1000), scale(n)))
        .collect();
    generated.push(("chain-10k".to_owned(), chain(10_000)));
    for (name, input) in &generated {
        let file = format!("{name}.yaml");
        write(dir, &file, &input.text);
        write(
            dir,
            &format!("{name}.context.json"),
            &input.context.to_string(),
        );
        let ctx: Context = serde_json::from_value(input.context.clone()).unwrap_or_default();
        let opts = options_of(input);
        let out = render(&input.text, &ctx, &opts).unwrap_or_else(|e| panic!("{name}: {e}"));
        write(dir, &format!("{name}.expected.yaml"), &out.text);
        write(
            dir,
            &format!("{name}.validate.json"),
            &summary(&validate(&input.text, &opts)).to_string(),
        );
        cases.push(json!({
            "name": name, "op": "render", "file": file,
            "context": format!("{name}.context.json"), "expected": format!("{name}.expected.yaml"),
            "validate": format!("{name}.validate.json"),
            "pack_name": input.pack_name, "limits": input.limits,
            "bytes": input.text.len(), "lines": input.lines(), "macros": input.macros,
        }));
    }

    // The real pack values: referenced by absolute path, never copied.
    let real = match real_packs() {
        Some(real) => {
            let rctx: Context = serde_json::from_value(real_context()).unwrap_or_default();
            write(dir, "real.context.json", &real_context().to_string());
            let mut files = Vec::new();
            for r in &real {
                let mut opts = Options::default();
                opts.pack_name = Some(r.name.clone());
                let out =
                    render(&r.text, &rctx, &opts).unwrap_or_else(|e| panic!("{}: {e}", r.file));
                let stem = r.file.trim_end_matches(".values.yaml");
                write(dir, &format!("real-{stem}.expected.yaml"), &out.text);
                write(
                    dir,
                    &format!("real-{stem}.validate.json"),
                    &summary(&validate(&r.text, &opts)).to_string(),
                );
                files.push(json!({
                    "name": r.name, "path": r.path, "bytes": r.text.len(),
                    "lines": r.text.lines().count(), "macros": byoos_benches::count_macros(&r.text),
                    "expected": format!("real-{stem}.expected.yaml"),
                    "validate": format!("real-{stem}.validate.json"),
                }));
            }
            json!({"context": "real.context.json", "files": files})
        }
        None => {
            eprintln!("gen-inputs: {}", byoos_benches::NO_PACK_VALUES);
            Value::Null
        }
    };

    let images: Vec<Value> = image_refs()
        .into_iter()
        .map(|(p, refs)| json!({"provider": p, "references": refs}))
        .collect();
    let manifest = json!({"cases": cases, "real": real, "images": images});
    write(
        dir,
        "manifest.json",
        &serde_json::to_string_pretty(&manifest).unwrap_or_default(),
    );
    println!("gen-inputs: wrote {}", dir.display());
}
