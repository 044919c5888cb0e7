//! Runs the language-neutral cases in `tests/conformance/` (see its README), one libtest
//! test per case named by its id (`pack/edge-seed/case.json::err-seed-example`): `-- FILTER` runs
//! the cases whose id contains FILTER, `-- --list` lists them. `BYOOS_BLESS=1` rewrites
//! the `expect` members from what the library answers now, and the generated parts of
//! `docs/diagnostics.md` and `docs/macros.md`.

use byoos_core::{
    check_image, diff, fix, from_image_config, from_packer_manifest, render, render_profile,
    set_values, to_terraform, validate, Context, Diagnostic, ImageConfigOptions, ImageOptions,
    Options, PackKind, PackerOptions, Provider, TerraformOptions,
};
use libtest_mimic::{Arguments, Failed, Trial};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex, OnceLock};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance")
}

#[path = "support/case_files.rs"]
mod support_case_files;
use support_case_files::{case_files, case_id, load, CaseFile};

/// The case's source text: `input`, or the file `input_file` next to the case file.
fn input(case: &Value, dir: &Path) -> Result<String, String> {
    if let Some(s) = case.get("input").and_then(Value::as_str) {
        return Ok(s.to_owned());
    }
    let f = case
        .get("input_file")
        .and_then(Value::as_str)
        .ok_or("case has neither `input` nor `input_file`")?;
    std::fs::read_to_string(dir.join(f)).map_err(|e| format!("{f}: {e}"))
}

/// The text of `key` (`old`, `new`): inline, or read from `<key>_file`.
fn text_of(case: &Value, dir: &Path, key: &str) -> Result<String, String> {
    if let Some(s) = case.get(key).and_then(Value::as_str) {
        return Ok(s.to_owned());
    }
    let f = case
        .get(format!("{key}_file"))
        .and_then(Value::as_str)
        .ok_or_else(|| format!("case has neither `{key}` nor `{key}_file`"))?;
    std::fs::read_to_string(dir.join(f)).map_err(|e| format!("{f}: {e}"))
}

fn options(case: &Value) -> Result<Options, String> {
    let o = case.get("options").cloned().unwrap_or_else(|| json!({}));
    serde_json::from_value(o).map_err(|e| format!("bad options: {e}"))
}

fn typed_options<T: serde::de::DeserializeOwned>(case: &Value) -> Result<T, String> {
    let o = case.get("options").cloned().unwrap_or_else(|| json!({}));
    serde_json::from_value(o).map_err(|e| format!("bad options: {e}"))
}

/// An Azure SAS signature of the reference (a `sig=` value) must not appear in the report.
fn no_secret(reference: &str, report_json: &str) -> Result<(), String> {
    for part in reference.split(['?', '&']) {
        if let Some(v) = part.strip_prefix("sig=").filter(|v| v.len() >= 6) {
            let v = v.split('#').next().unwrap_or(v);
            if report_json.contains(v) {
                return Err(format!(
                    "the SAS signature appears in the report: {report_json}"
                ));
            }
        }
    }
    Ok(())
}

/// The value of no secret key of an `imageconfig` (`vcenter_password=…`,
/// `rhel_subscription_pass=…`) appears in the report.
fn no_config_secret(config: &str, report_json: &str) -> Result<(), String> {
    for (key, value) in config.lines().filter_map(|l| l.split_once('=')) {
        let (key, value) = (key.trim(), value.trim());
        let secret = key.ends_with("password") || key.ends_with("_pass");
        if secret && value.len() >= 4 && report_json.contains(value) {
            return Err(format!(
                "the value of `{key}` appears in the report: {report_json}"
            ));
        }
    }
    Ok(())
}

/// Values `from_packer_manifest` writes pass `validate` as a generic-byoi pack; a result
/// without values is not `ok`, and the other way round.
fn packer_values_validate(r: &byoos_core::PackerResult) -> Result<(), String> {
    if r.ok != r.text.is_some() {
        return Err(format!("ok is {} but text is {:?}", r.ok, r.text));
    }
    let Some(text) = &r.text else {
        return Ok(());
    };
    let report = validate(text, &Options::default().with_pack(PackKind::GenericByoi));
    match report.diagnostics.iter().find(|d| d.is_error()) {
        Some(d) => Err(format!(
            "the values from the manifest fail validate ({} at {}):\n{text}",
            d.code, d.path
        )),
        None => Ok(()),
    }
}

/// The `assignments` of a `set_values` case: an object of PATH → VALUE, in order.
fn assignments(case: &Value) -> Result<Vec<(byoos_core::Path, String)>, String> {
    case.get("assignments")
        .and_then(Value::as_object)
        .ok_or("case has no `assignments` object")?
        .iter()
        .map(|(p, v)| {
            v.as_str()
                .map(|v| (byoos_core::Path::parse(p), v.to_owned()))
                .ok_or_else(|| format!("assignment `{p}` is not a string"))
        })
        .collect()
}

fn context(case: &Value) -> Result<Context, String> {
    let c = case.get("context").cloned().unwrap_or_else(|| json!({}));
    serde_json::from_value(c).map_err(|e| format!("bad context: {e}"))
}

/// The language-neutral view of a diagnostic (no message, no offsets), after checking
/// its span invariants against the source.
fn neutral(d: &Diagnostic, source: &str) -> Result<Value, String> {
    byoos_core::diagnostic::check_invariants(d, source)?;
    let mut v = json!({
        "code": d.code.as_str(), "severity": d.severity.as_str(), "path": d.path,
        "line": d.span.line, "column": d.span.column, "end_line": d.span.end_line, "end_column": d.span.end_column,
    });
    if d.suppressed {
        v["suppressed"] = json!(true);
    }
    Ok(v)
}

fn neutral_all(diags: &[Diagnostic], source: &str) -> Result<Value, String> {
    diags
        .iter()
        .map(|d| neutral(d, source))
        .collect::<Result<Vec<_>, _>>()
        .map(Value::Array)
}

/// Every result's `ok` says that no diagnostic is an error; the answer holds `ok` when the
/// case's `expect` does (older cases predate it).
fn with_ok(case: &Value, mut v: Value, ok: bool, diags: &[Diagnostic]) -> Result<Value, String> {
    if ok == diags.iter().any(Diagnostic::is_error) {
        return Err(format!("`ok` is {ok} with diagnostics {diags:?}"));
    }
    let wanted = case.get("expect").and_then(|e| e.get("ok")).is_some();
    if let (true, Some(m)) = (wanted, v.as_object_mut()) {
        m.insert("ok".into(), Value::Bool(ok));
    }
    Ok(v)
}

/// Run one case; the answer in the shape of its `expect`.
fn run(case: &Value, dir: &Path) -> Result<Value, String> {
    let op = case
        .get("op")
        .and_then(Value::as_str)
        .ok_or("case has no `op`")?;
    match op {
        "validate" => {
            let src = input(case, dir)?;
            let r = validate(&src, &options(case)?);
            let mut answer = json!({"ok": r.ok, "pack": r.pack, "diagnostics": neutral_all(&r.diagnostics, &src)?});
            if !r.packs.is_empty() || case.get("expect").and_then(|e| e.get("packs")).is_some() {
                if r.ok == r.all_diagnostics().any(Diagnostic::is_error) {
                    return Err(format!("`ok` is {} with diagnostics {:?}", r.ok, r.packs));
                }
                let packs = r
                    .packs
                    .iter()
                    .map(|p| {
                        if p.ok == p.diagnostics.iter().any(Diagnostic::is_error) {
                            return Err(format!("pack `ok` is {} with {:?}", p.ok, p.diagnostics));
                        }
                        Ok(
                            json!({"name": p.name, "kind": p.kind, "ok": p.ok, "file": p.file,
                            "diagnostics": neutral_all(&p.diagnostics, r.source_of(p, &src))?}),
                        )
                    })
                    .collect::<Result<Vec<_>, String>>()?;
                if let Some(m) = answer.as_object_mut() {
                    m.insert("input".into(), json!(r.input));
                    m.insert("packs".into(), Value::Array(packs));
                }
            }
            Ok(answer)
        }
        "check_image" => {
            let provider: Provider = case
                .get("provider")
                .and_then(Value::as_str)
                .ok_or("case has no `provider`")?
                .parse()?;
            let reference = case
                .get("reference")
                .and_then(Value::as_str)
                .ok_or("case has no `reference`")?;
            let opts: ImageOptions = typed_options(case)?;
            let r = check_image(provider, reference, &opts);
            no_secret(
                reference,
                &serde_json::to_string(&r).map_err(|e| e.to_string())?,
            )?;
            Ok(json!({
                "ok": r.ok, "provider": r.provider, "kind": r.kind, "normalized": r.normalized,
                "parts": r.parts, "diagnostics": neutral_all(&r.diagnostics, reference)?,
            }))
        }
        "from_packer_manifest" => {
            let src = input(case, dir)?;
            let opts: PackerOptions = typed_options(case)?;
            let r = from_packer_manifest(&src, &opts);
            packer_values_validate(&r)?;
            Ok(json!({"text": r.text, "diagnostics": neutral_all(&r.diagnostics, &src)?}))
        }
        "diff" => {
            let (old, new) = (text_of(case, dir, "old")?, text_of(case, dir, "new")?);
            let mut opts = options(case)?;
            opts.context = Some(context(case)?);
            let d = diff(&old, &new, &opts);
            Ok(json!({
                "ok": d.ok, "pack": d.pack, "impact": d.impact,
                "changes": d.changes.iter().map(|c| json!({"path": c.path, "old": c.old, "new": c.new, "impact": c.impact})).collect::<Vec<_>>(),
                "old_diagnostics": neutral_all(&d.old_diagnostics, &old)?,
                "new_diagnostics": neutral_all(&d.new_diagnostics, &new)?,
            }))
        }
        "from_image_config" => {
            let src = input(case, dir)?;
            let opts: ImageConfigOptions = typed_options(case)?;
            let r = from_image_config(&src, &opts);
            packer_values_validate(&r)?;
            no_config_secret(&src, &serde_json::to_string(&r).map_err(|e| e.to_string())?)?;
            Ok(json!({"text": r.text, "diagnostics": neutral_all(&r.diagnostics, &src)?}))
        }
        "to_terraform" => {
            let src = input(case, dir)?;
            let opts: TerraformOptions = typed_options(case)?;
            Ok(match to_terraform(&src, &opts) {
                Ok(text) => json!({"text": text}),
                Err(e) => json!({"error": neutral_all(&e, &src)?}),
            })
        }
        "render" => {
            let src = input(case, dir)?;
            Ok(match render(&src, &context(case)?, &options(case)?) {
                Ok(r) => with_ok(
                    case,
                    json!({"text": r.text, "diagnostics": neutral_all(&r.diagnostics, &src)?}),
                    r.ok,
                    &r.diagnostics,
                )?,
                Err(e) => json!({"error": neutral_all(&e.diagnostics, &src)?}),
            })
        }
        "render_profile" => {
            let profile = match (
                case.get("profile").and_then(Value::as_str),
                case.get("profile_file").and_then(Value::as_str),
            ) {
                (Some(p), _) => p.to_owned(),
                (None, Some(f)) => {
                    std::fs::read_to_string(dir.join(f)).map_err(|e| format!("{f}: {e}"))?
                }
                _ => return Err("case has neither `profile` (text) nor `profile_file`".into()),
            };
            Ok(
                match render_profile(&profile, &context(case)?, &options(case)?) {
                    Ok(r) => {
                        let packs = r
                        .packs
                        .iter()
                        .map(|p| with_ok(case, json!({"name": p.name, "text": p.text, "diagnostics": neutral_all(&p.diagnostics, r.source_of(p, &profile))?}), p.ok, &p.diagnostics))
                        .collect::<Result<Vec<_>, String>>()?;
                        let all: Vec<Diagnostic> = r
                            .packs
                            .iter()
                            .flat_map(|p| p.diagnostics.iter().cloned())
                            .chain(r.diagnostics.iter().cloned())
                            .collect();
                        with_ok(
                            case,
                            json!({"packs": packs, "diagnostics": neutral_all(&r.diagnostics, &profile)?}),
                            r.ok,
                            &all,
                        )?
                    }
                    Err(e) => json!({"error": neutral_all(&e.diagnostics, &profile)?}),
                },
            )
        }
        "set_values" => {
            let src = input(case, dir)?;
            Ok(
                match set_values(&src, &assignments(case)?, &options(case)?) {
                    Ok(e) => with_ok(
                        case,
                        json!({"text": e.text, "diagnostics": neutral_all(&e.diagnostics, &e.text)?}),
                        e.ok,
                        &e.diagnostics,
                    )?,
                    Err(e) => json!({"error": neutral_all(&e, &src)?}),
                },
            )
        }
        "fix" => {
            let src = input(case, dir)?;
            Ok(match fix(&src, &options(case)?) {
                Ok(r) => with_ok(
                    case,
                    json!({"text": r.text, "fixed": neutral_all(&r.fixed, &src)?, "diagnostics": neutral_all(&r.diagnostics, &r.text)?}),
                    r.ok,
                    &r.diagnostics,
                )?,
                Err(e) => json!({"error": neutral_all(&e, &src)?}),
            })
        }
        other => Err(format!("unknown op `{other}`")),
    }
}

/// The sources (with their language for the docs) and full diagnostics of a case, for
/// the examples in `docs/diagnostics.md`.
fn examples_of(case: &Value, dir: &Path) -> Vec<(&'static str, String, Vec<Diagnostic>)> {
    let op = case.get("op").and_then(Value::as_str).unwrap_or("");
    let one = |lang, src: String, diags| vec![(lang, src, diags)];
    match op {
        "validate" => {
            input(case, dir)
                .ok()
                .zip(options(case).ok())
                .map_or_else(Vec::new, |(src, o)| {
                    let r = validate(&src, &o);
                    let mut out = Vec::new();
                    for p in &r.packs {
                        out.push((
                            "yaml",
                            r.source_of(p, &src).to_owned(),
                            p.diagnostics.clone(),
                        ));
                    }
                    let lang = if r.input == byoos_core::InputKind::Terraform {
                        "hcl"
                    } else {
                        "yaml"
                    };
                    out.insert(0, (lang, src, r.diagnostics));
                    out
                })
        }
        "render" => match (input(case, dir), context(case), options(case)) {
            (Ok(src), Ok(c), Ok(o)) => {
                let diags = match render(&src, &c, &o) {
                    Ok(r) => r.diagnostics,
                    Err(e) => e.diagnostics,
                };
                one("yaml", src, diags)
            }
            _ => Vec::new(),
        },
        "render_profile" => {
            let Some(profile) = case
                .get("profile")
                .and_then(Value::as_str)
                .map(str::to_owned)
                .or_else(|| {
                    let f = case.get("profile_file").and_then(Value::as_str)?;
                    std::fs::read_to_string(dir.join(f)).ok()
                })
            else {
                return Vec::new();
            };
            let (Ok(c), Ok(o)) = (context(case), options(case)) else {
                return Vec::new();
            };
            match render_profile(&profile, &c, &o) {
                Ok(r) => {
                    let mut out = Vec::new();
                    for p in &r.packs {
                        out.push((
                            "yaml",
                            r.source_of(p, &profile).to_owned(),
                            p.diagnostics.clone(),
                        ));
                    }
                    out.insert(0, ("yaml", profile.clone(), r.diagnostics));
                    out
                }
                Err(e) => one("yaml", profile, e.diagnostics),
            }
        }
        "check_image" => {
            let provider: Option<Provider> = case
                .get("provider")
                .and_then(Value::as_str)
                .and_then(|p| p.parse().ok());
            let reference = case
                .get("reference")
                .and_then(Value::as_str)
                .map(str::to_owned);
            match (provider, reference, typed_options::<ImageOptions>(case)) {
                (Some(p), Some(r), Ok(o)) => {
                    let report = check_image(p, &r, &o);
                    one("text", r, report.diagnostics)
                }
                _ => Vec::new(),
            }
        }
        "from_packer_manifest" => match (input(case, dir), typed_options::<PackerOptions>(case)) {
            (Ok(src), Ok(o)) => {
                let r = from_packer_manifest(&src, &o);
                one("json", src, r.diagnostics)
            }
            _ => Vec::new(),
        },
        "from_image_config" => {
            match (input(case, dir), typed_options::<ImageConfigOptions>(case)) {
                (Ok(src), Ok(o)) => {
                    let r = from_image_config(&src, &o);
                    one("ini", src, r.diagnostics)
                }
                _ => Vec::new(),
            }
        }
        "to_terraform" => match (input(case, dir), typed_options::<TerraformOptions>(case)) {
            (Ok(src), Ok(o)) => match to_terraform(&src, &o) {
                Ok(_) => Vec::new(),
                Err(e) => one("yaml", src, e.diagnostics),
            },
            _ => Vec::new(),
        },
        "set_values" => match (input(case, dir), assignments(case), options(case)) {
            (Ok(src), Ok(a), Ok(o)) => match set_values(&src, &a, &o) {
                Ok(e) => one("yaml", e.text, e.diagnostics),
                Err(e) => one("yaml", src, e.diagnostics),
            },
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// Codes no conformance case can show (they come from the command line), with a
/// hand-written example.
const CLI_ONLY: &[(&str, &str)] = &[
    ("io/read", "$ byoos validate secret.yaml\nerror[io/read]: cannot read `secret.yaml`: Permission denied (os error 13)\n --> secret.yaml:1:1\n\n1 file checked: 1 error, 0 warnings"),
    ("template/context", "$ byoos render values.yaml --context context.yaml\nerror[template/context]: not a valid context: unknown field `sytem`, expected one of `system`, `packs`, `variables`, `macros`"),
    ("io/invalid-utf8", "$ byoos validate latin1.yaml utf16.yaml\nerror[io/invalid-utf8]: `latin1.yaml` is not UTF-8 text (invalid byte at offset 16)\n --> latin1.yaml:1:1\n\nerror[io/invalid-utf8]: `utf16.yaml` is UTF-16LE text (byte order mark), not UTF-8\n --> utf16.yaml:1:1\n\nlatin1.yaml: 1 error\nutf16.yaml: 1 error\n\n2 files checked: 2 errors, 0 warnings"),
    ("io/not-found", "$ byoos validate good.yaml missing.yaml\nerror[io/not-found]: `missing.yaml` does not exist\n --> missing.yaml:1:1\n\ngood.yaml: ok\nmissing.yaml: 1 error\n\n2 files checked: 1 error, 0 warnings"),
    ("config/syntax", "$ byoos validate values.yaml   # byoos.toml: ignore = [\"pack/unknown-key\"\nerror[config/syntax]: invalid array\n --> byoos.toml:1:30"),
    ("io/binary", "$ byoos validate image.yaml\nerror[io/binary]: `image.yaml` is binary data (a NUL byte at offset 4), not text\n --> image.yaml:1:1\n\n1 file checked: 1 error, 0 warnings"),
];

/// `docs/diagnostics.md`, generated from the registry and the first conformance case
/// that shows each code.
fn diagnostics_doc(examples: &Examples) -> String {
    let mut out = String::from(
        "# Diagnostics\n\n\
         Every finding byoos reports has a stable `code` from one registry (`byoos-core/src/codes.rs`), a\n\
         `severity` (`error`, `warning`, `info`), a short `message`, the YAML `path` as segments, the span\n\
         (`line`, `column`, `end_line`, `end_column`, and `start`/`end` offsets in the host language's string\n\
         units) and an optional one-line `help`. Match on `code` and `path`; messages may be reworded.\n\n\
         This page is generated by `make bless` from the registry and the conformance suite: each example\n\
         below is the first case in `tests/conformance/` that reports the code.\n\n\
         `fixable`: some findings of the code carry a mechanical fix, which `byoos validate --fix`\n\
         (and `fix()` in every language) applies.\n\n\
         | code | default severity | fixable | meaning |\n| --- | --- | --- | --- |\n",
    );
    for c in byoos_core::Code::ALL {
        let _ = writeln!(
            out,
            "| [`{c}`](#{}) | {} | {} | {} |",
            c.as_str().replace('/', ""),
            c.default_severity(),
            if c.fixable() { "yes" } else { "" },
            c.summary()
        );
    }
    for c in byoos_core::Code::ALL {
        let _ = write!(out, "\n## {c}\n\n{}\n\n", c.summary());
        if let Some((origin, lang, src, rendered)) = examples.get(c.as_str()) {
            let shown: Vec<&str> = src.lines().take(14).collect();
            let more = match (src.lines().count() > 14, *lang) {
                (false, _) => "",
                (true, "yaml") => "\n# …",
                (true, _) => "\n…",
            };
            let _ = write!(
                out,
                "From `{origin}`:\n\n```{lang}\n{}{more}\n```\n\n```text\n{}\n```\n",
                shown.join("\n"),
                rendered.trim_end()
            );
        } else if let Some((_, text)) = CLI_ONLY.iter().find(|(k, _)| *k == c.as_str()) {
            let _ = write!(out, "```text\n{text}\n```\n");
        }
    }
    out
}

/// Whether a value prints on one line: a scalar, an array of scalars, or an object of those.
fn is_leaf(v: &Value) -> bool {
    let flat = |x: &Value| {
        !x.is_object()
            && !x
                .as_array()
                .is_some_and(|a| a.iter().any(|y| y.is_object() || y.is_array()))
    };
    match v {
        Value::Object(m) => m.values().all(flat),
        other => flat(other),
    }
}

/// JSON with one-line leaf objects, so expected diagnostics read one per line.
fn write_json(v: &Value, indent: usize, out: &mut String) {
    let pad = "  ".repeat(indent + 1);
    let close = "  ".repeat(indent);
    match v {
        Value::Object(m) if !m.is_empty() && !is_leaf(v) => {
            out.push_str("{\n");
            for (i, (k, x)) in m.iter().enumerate() {
                let _ = write!(out, "{pad}{}: ", Value::String(k.clone()));
                write_json(x, indent + 1, out);
                out.push_str(if i + 1 < m.len() { ",\n" } else { "\n" });
            }
            let _ = write!(out, "{close}}}");
        }
        Value::Array(a) if !is_leaf(v) => {
            out.push_str("[\n");
            for (i, x) in a.iter().enumerate() {
                out.push_str(&pad);
                write_json(x, indent + 1, out);
                out.push_str(if i + 1 < a.len() { ",\n" } else { "\n" });
            }
            let _ = write!(out, "{close}]");
        }
        other => out.push_str(&compact(other)),
    }
}

fn compact(v: &Value) -> String {
    match v {
        Value::Array(a) => format!("[{}]", a.iter().map(compact).collect::<Vec<_>>().join(", ")),
        Value::Object(m) => format!(
            "{{{}}}",
            m.iter()
                .map(|(k, x)| format!("{}: {}", Value::String(k.clone()), compact(x)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => other.to_string(),
    }
}

/// The first case that shows each code: `(case id, language, source, rendered text)`.
type Examples = BTreeMap<&'static str, (String, &'static str, String, String)>;

fn examples(files: &[CaseFile]) -> Examples {
    let mut out = Examples::new();
    // The configuration cases run other cases' inputs: they show only their own codes.
    let last = |f: &&CaseFile| f.rel.starts_with("config/");
    let ordered = files
        .iter()
        .filter(|f| !last(f))
        .chain(files.iter().filter(last));
    for file in ordered {
        for case in &file.cases {
            let name = case.get("name").and_then(Value::as_str).unwrap_or("?");
            for (lang, src, diags) in examples_of(case, file.dir()) {
                for d in &diags {
                    out.entry(d.code.as_str()).or_insert_with(|| {
                        let file_name = match lang {
                            "json" => "packer-manifest.json",
                            "ini" => "imageconfig",
                            _ => "values.yaml",
                        };
                        let text = byoos_core::report::render_text(
                            &src,
                            file_name,
                            std::slice::from_ref(d),
                            byoos_core::report::TextStyle::Plain,
                        );
                        (case_id(&file.rel, name), lang, src.clone(), text)
                    });
                }
            }
        }
    }
    out
}

const MACROS_BEGIN: &str = "<!-- BEGIN GENERATED: function table (`make bless`, from byoos-core/src/template/functions.rs) -->\n";
const MACROS_END: &str = "<!-- END GENERATED: function table -->\n";

/// `docs/macros.md` with the function table between its markers made from the registry;
/// the prose around the markers is kept as written.
fn macros_doc(current: &str) -> Result<String, String> {
    let (head, rest) = current
        .split_once(MACROS_BEGIN)
        .ok_or("docs/macros.md has no BEGIN GENERATED marker")?;
    let (_, tail) = rest
        .split_once(MACROS_END)
        .ok_or("docs/macros.md has no END GENERATED marker")?;
    let mut table =
        String::from("| function | arguments (piped value last) | result |\n| --- | --- | --- |\n");
    for (name, signature, doc) in byoos_core::template::functions() {
        let args = signature.strip_prefix(name).unwrap_or(signature).trim();
        let _ = writeln!(
            table,
            "| `{name}` | {} | {} |",
            if args.is_empty() {
                "(none)".to_owned()
            } else {
                format!("`{args}`")
            },
            doc.replace('|', "\\|")
        );
    }
    Ok(format!("{head}{MACROS_BEGIN}{table}{MACROS_END}{tail}"))
}

/// A generated file: written when blessing, else compared with what is there.
fn generated(path: &Path, want: &str, bless: bool) -> Result<(), Failed> {
    let shown = path
        .strip_prefix(root().join("../.."))
        .unwrap_or(path)
        .display()
        .to_string();
    if bless {
        std::fs::write(path, want).map_err(|e| format!("write {shown}: {e}"))?;
        Ok(())
    } else if std::fs::read_to_string(path).ok().as_deref() == Some(want) {
        Ok(())
    } else {
        Err(format!("{shown} is out of date: run `make bless`").into())
    }
}

/// The xfail list next to this runner: case id → reason (same shape in every language).
fn xfail() -> Result<BTreeMap<String, String>, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/xfail.json");
    let doc: Value = serde_json::from_str(
        &std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?,
    )
    .map_err(|e| format!("xfail.json: {e}"))?;
    doc.get("cases")
        .and_then(Value::as_object)
        .ok_or("xfail.json: no `cases` object")?
        .iter()
        .map(|(id, reason)| match reason.as_str() {
            Some(r) if !r.is_empty() => Ok((id.clone(), r.to_owned())),
            _ => Err(format!("xfail.json: `{id}` has no reason")),
        })
        .collect()
}

/// Answers blessing found different from `expect`: (file, case) → the new `expect`.
type Blessed = Mutex<BTreeMap<(usize, usize), Value>>;

/// One case: its answer equals `expect` (or, blessing, becomes it); an xfail case must fail.
fn case_trial(
    file: &CaseFile,
    index: (usize, usize),
    xfail: Option<&str>,
    bless: Option<&Blessed>,
) -> Result<(), Failed> {
    let case = &file.cases[index.1];
    let expect = case.get("expect");
    match (run(case, file.dir()), xfail) {
        (Ok(actual), Some(reason)) if expect == Some(&actual) => {
            Err(format!("passes but is listed in xfail.json ({reason}): remove it").into())
        }
        (_, Some(_)) => Ok(()),
        (Err(e), None) => Err(e.into()),
        (Ok(actual), None) if expect == Some(&actual) => Ok(()),
        (Ok(actual), None) => match bless {
            Some(b) => {
                b.lock().expect("bless lock").insert(index, actual);
                Ok(())
            }
            None => Err(format!(
                "expected {}\nactual   {}",
                expect.map_or_else(|| "(none)".into(), compact),
                compact(&actual)
            )
            .into()),
        },
    }
}

/// Write the blessed `expect` members into their case files (only those, as parsed).
fn write_blessed(files: &[CaseFile], blessed: BTreeMap<(usize, usize), Value>) {
    let mut docs: BTreeMap<usize, Value> = BTreeMap::new();
    for ((f, c), actual) in blessed {
        let doc = docs.entry(f).or_insert_with(|| files[f].doc.clone());
        if let Some(m) = doc
            .get_mut("cases")
            .and_then(|cs| cs.get_mut(c))
            .and_then(Value::as_object_mut)
        {
            m.insert("expect".into(), actual);
        }
    }
    for (f, doc) in docs {
        let mut out = String::new();
        write_json(&doc, 0, &mut out);
        out.push('\n');
        std::fs::write(&files[f].path, out).expect("write blessed case file");
    }
}

fn main() -> ExitCode {
    let args = Arguments::from_args();
    let bless = std::env::var_os("BYOOS_BLESS").is_some_and(|v| v == "1");
    let mut problems = Vec::new();
    let files: Vec<CaseFile> = case_files(&root())
        .iter()
        .filter_map(|p| load(p, &root()).map_err(|e| problems.push(e)).ok())
        .collect();
    let files = Arc::new(files);
    let xfail = Arc::new(xfail().unwrap_or_else(|e| {
        problems.push(e);
        BTreeMap::new()
    }));
    let blessed: Arc<Blessed> = Arc::default();
    let mut trials = Vec::new();
    let mut ids = HashSet::new();
    for (f, file) in files.iter().enumerate() {
        for (c, case) in file.cases.iter().enumerate() {
            let Some(name) = case.get("name").and_then(Value::as_str) else {
                problems.push(format!("{}: case {c} has no `name`", file.rel));
                continue;
            };
            let id = case_id(&file.rel, name);
            if !ids.insert(id.clone()) {
                problems.push(format!("duplicate case id `{id}`"));
                continue;
            }
            let (files, xfail, blessed) = (files.clone(), xfail.clone(), blessed.clone());
            trials.push(Trial::test(id.clone(), move || {
                let reason = xfail.get(&id).map(String::as_str);
                case_trial(&files[f], (f, c), reason, bless.then_some(&*blessed))
            }));
        }
    }
    problems.extend(
        xfail
            .keys()
            .filter(|k| !ids.contains(*k))
            .map(|k| format!("xfail.json names no case: `{k}`")),
    );
    trials.push(Trial::test("suite::case-files", move || {
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("\n").into())
        }
    }));
    let shown: Arc<OnceLock<Examples>> = Arc::default();
    let (f, s) = (files.clone(), shown.clone());
    trials.push(Trial::test("suite::docs/diagnostics.md", move || {
        let doc = diagnostics_doc(s.get_or_init(|| examples(&f)));
        generated(&root().join("../../docs/diagnostics.md"), &doc, bless)
    }));
    let (f, s) = (files.clone(), shown);
    trials.push(Trial::test("suite::every-code-shown", move || {
        let examples = s.get_or_init(|| examples(&f));
        let missing: Vec<String> = byoos_core::Code::ALL
            .iter()
            .filter(|c| {
                !examples.contains_key(c.as_str())
                    && !CLI_ONLY.iter().any(|(k, _)| *k == c.as_str())
            })
            .map(|c| format!("code {c} is not shown by any conformance case"))
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(missing.join("\n").into())
        }
    }));
    trials.push(Trial::test("suite::docs/macros.md", move || {
        let path = root().join("../../docs/macros.md");
        let current = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
        generated(&path, &macros_doc(&current)?, bless)
    }));
    let conclusion = libtest_mimic::run(&args, trials);
    if bless {
        let blessed = std::mem::take(&mut *blessed.lock().expect("bless lock"));
        write_blessed(&files, blessed);
    }
    conclusion.exit_code()
}
