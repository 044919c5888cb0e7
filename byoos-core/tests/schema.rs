#![allow(clippy::unwrap_used)]
//! The JSON Schema against `validate`, with an independent JSON Schema validator
//! (the `jsonschema` crate), on `examples/*.yaml` and every YAML input of the
//! conformance suite:
//!
//! - every shape error `validate` reports (`pack/unknown-key`, `pack/misplaced-key`,
//!   `pack/wrong-type`, `pack/missing-key` errors) is a schema error at the same path;
//! - every schema error has a `validate` finding (warning or error) at its path or at a
//!   path above or below it, so a file `validate` accepts without a warning is
//!   schema-valid and an editor shows nothing the CLI does not.

use byoos_core::{json_schema, validate, Document, Options, PackKind, Path, Segment, Severity};
use jsonschema::error::ValidationErrorKind;
use serde_json::Value;
use std::path::PathBuf;

/// A path as segment strings (a dotted key such as `system.uri` is one segment).
type Segs = Vec<String>;

/// The codes that describe the pack's shape: each is a schema error too.
const SHAPE_CODES: [&str; 4] = [
    "pack/unknown-key",
    "pack/misplaced-key",
    "pack/wrong-type",
    "pack/missing-key",
];

struct Input {
    name: String,
    text: String,
    options: Options,
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[path = "support/case_files.rs"]
mod support_case_files;
use support_case_files::{case_id, load_all};

/// Case options as `validate` options; render and set cases are validated plainly.
fn case_options(case: &Value) -> Option<Options> {
    if case["op"] != "validate" {
        return Some(Options::default());
    }
    let o = case.get("options").cloned().unwrap_or(Value::Null);
    // A configuration selects and re-grades findings: the schema knows neither.
    if o.get("limits").is_some() || o.get("config").is_some() {
        return None;
    }
    serde_json::from_value(if o.is_null() {
        serde_json::json!({})
    } else {
        o
    })
    .ok()
}

fn conformance_inputs() -> Vec<Input> {
    let mut out = Vec::new();
    for f in load_all(&repo().join("tests/conformance")) {
        for c in &f.cases {
            if !matches!(c["op"].as_str(), Some("validate" | "render" | "set_values")) {
                continue;
            }
            let text = match (c.get("input"), c.get("input_file")) {
                (Some(Value::String(s)), _) => s.clone(),
                (_, Some(Value::String(n))) => std::fs::read_to_string(f.dir().join(n)).unwrap(),
                _ => continue,
            };
            let Some(options) = case_options(c) else {
                continue;
            };
            let name = case_id(&f.rel, c["name"].as_str().unwrap_or("?"));
            out.push(Input {
                name,
                text,
                options,
            });
        }
    }
    out
}

fn example_inputs() -> Vec<Input> {
    let mut out: Vec<Input> = std::fs::read_dir(repo().join("examples"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .map(|p| Input {
            name: p.display().to_string(),
            text: std::fs::read_to_string(&p).unwrap(),
            options: Options::default(),
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// The first document as JSON, when it parses cleanly and has a JSON form.
fn as_json(src: &str) -> Option<Value> {
    let mut d = Vec::new();
    let doc = Document::parse(src, &Default::default(), &mut d);
    if d.iter().any(|d| d.severity == Severity::Error) {
        return None;
    }
    doc.root()?.to_json(&Path::root()).ok()
}

fn segs(p: &Path) -> Segs {
    p.0.iter()
        .map(|s| match s {
            Segment::Key(k) => k.clone(),
            Segment::Index(i) => i.to_string(),
        })
        .collect()
}

fn pointer_segs(pointer: &str) -> Segs {
    pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// Each schema error as the path of the key it is about: for `required` and
/// `additionalProperties`, the key below the object the validator names.
fn schema_errors(v: &jsonschema::Validator, json: &Value) -> Vec<(Segs, String)> {
    let mut out = Vec::new();
    for e in v.iter_errors(json) {
        let at = pointer_segs(e.instance_path().as_str());
        let text = e.to_string();
        match e.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                for k in unexpected {
                    let mut p = at.clone();
                    p.push(k.clone());
                    out.push((p, text.clone()));
                }
            }
            ValidationErrorKind::Required { property } => {
                let mut p = at.clone();
                p.push(property.as_str().unwrap_or_default().to_owned());
                out.push((p, text));
            }
            _ => out.push((at, text)),
        }
    }
    out
}

/// `a` and `b` are the same place, or one lies inside the other (not counting the root).
fn related(a: &Segs, b: &Segs) -> bool {
    let n = a.len().min(b.len());
    a == b || (n > 0 && a[..n] == b[..n])
}

/// Where the schema declares `key` (as a property, at any depth).
fn declared(schema: &Value, key: &str, at: &mut Segs, out: &mut Vec<Segs>) {
    if let Some(Value::Object(props)) = schema.get("properties") {
        for (k, s) in props {
            at.push(k.clone());
            if k == key {
                out.push(at.clone());
            }
            declared(s, key, at, out);
            at.pop();
        }
    }
    if let Some(items) = schema.get("items") {
        at.push("0".into());
        declared(items, key, at, out);
        at.pop();
    }
}

/// A key missing or empty (`pack:` with nothing under it) because what belongs there is
/// written somewhere else: `validate` reports the misplaced key, not the gap it leaves.
fn left_by_misplaced(schema: &Value, misplaced: &Segs, gap: &Segs) -> bool {
    let Some(key) = misplaced.last() else {
        return false;
    };
    let mut homes = Vec::new();
    declared(schema, key, &mut Vec::new(), &mut homes);
    // Nested `system: {uri: …}` where Palette reads the dotted key `system.uri`.
    let dotted = gap.len() == misplaced.len()
        && gap[..gap.len() - 1] == misplaced[..misplaced.len() - 1]
        && gap
            .last()
            .is_some_and(|g| g.starts_with(&format!("{key}.")));
    dotted || homes.iter().any(|h| h.starts_with(gap))
}

#[derive(Default)]
struct Tally {
    files: usize,
    clean: usize,
    shape_findings: usize,
    schema_errors: usize,
    failures: Vec<String>,
}

fn compare(input: &Input, validators: &[(PackKind, Value, jsonschema::Validator)], t: &mut Tally) {
    let report = validate(&input.text, &input.options);
    let (Some(kind), Some(json)) = (report.pack, as_json(&input.text)) else {
        return;
    };
    let (_, schema, v) = validators.iter().find(|(k, _, _)| *k == kind).unwrap();
    let errors = schema_errors(v, &json);
    // The schema sees the first document only, and leaves stage names open (Kairos has
    // more than the documented ones; byoos warns about an unknown one).
    let first_end = input.text.find("\n---").unwrap_or(usize::MAX);
    let findings: Vec<(Segs, &str, Severity)> = report
        .diagnostics
        .iter()
        .filter(|d| d.span.start < first_end)
        .filter(|d| {
            !(d.code.as_str() == "pack/unknown-key"
                && matches!(d.path.0.first(), Some(byoos_core::Segment::Key(k)) if k == "stages"))
        })
        .map(|d| (segs(&d.path), d.code.as_str(), d.severity))
        .collect();
    t.files += 1;
    t.schema_errors += errors.len();
    if findings.iter().all(|f| f.2 == Severity::Info) {
        t.clean += 1;
    }
    for (path, code, sev) in &findings {
        let shape =
            SHAPE_CODES.contains(code) && (*code != "pack/missing-key" || *sev == Severity::Error);
        if !shape {
            continue;
        }
        t.shape_findings += 1;
        if !errors.iter().any(|(p, _)| p == path) {
            t.failures.push(format!(
                "{}: `{code}` at {path:?} is not a schema error (schema errors: {errors:?})",
                input.name
            ));
        }
    }
    for (path, text) in &errors {
        let explained = findings.iter().any(|(p, code, sev)| {
            *sev != Severity::Info
                && (related(p, path)
                    || (*code == "pack/misplaced-key" && left_by_misplaced(schema, p, path)))
        });
        if !explained {
            t.failures.push(format!(
                "{}: schema error at {path:?} ({text}) has no finding there: {findings:?}",
                input.name
            ));
        }
    }
}

#[test]
fn json_schema_agrees_with_validate() {
    let validators: Vec<(PackKind, Value, jsonschema::Validator)> = PackKind::ALL
        .iter()
        .map(|k| {
            let schema: Value = serde_json::from_str(&json_schema(*k)).unwrap();
            let v = jsonschema::validator_for(&schema).unwrap();
            (*k, schema, v)
        })
        .collect();
    let mut t = Tally::default();
    for input in example_inputs().iter().chain(&conformance_inputs()) {
        compare(input, &validators, &mut t);
    }
    println!(
        "schema: {} files, {} without warnings, {} shape findings, {} schema errors",
        t.files, t.clean, t.shape_findings, t.schema_errors
    );
    assert!(
        t.failures.is_empty(),
        "{} disagreements:\n{}",
        t.failures.len(),
        t.failures.join("\n")
    );
    assert!(
        t.files >= 100 && t.clean >= 20 && t.shape_findings >= 30,
        "too few inputs: {} files, {} clean, {} shape findings",
        t.files,
        t.clean,
        t.shape_findings
    );
}

/// The examples in an editor: the good ones are schema-valid, and every shape mistake of
/// the bad one is a schema error (its other mistakes are beyond a schema: smart quotes,
/// a misspelled macro).
#[test]
fn examples_in_an_editor() {
    for input in example_inputs() {
        let report = validate(&input.text, &input.options);
        let kind = report.pack.unwrap();
        let schema: Value = serde_json::from_str(&json_schema(kind)).unwrap();
        let v = jsonschema::validator_for(&schema).unwrap();
        let json = as_json(&input.text).unwrap();
        let problems = report
            .diagnostics
            .iter()
            .filter(|d| d.severity != Severity::Info);
        let shape = problems
            .clone()
            .filter(|d| SHAPE_CODES.contains(&d.code.as_str()))
            .count();
        let errors = schema_errors(&v, &json);
        println!(
            "{}: validate {} problems ({shape} of shape), schema {} errors",
            input.name,
            problems.clone().count(),
            errors.len()
        );
        if problems.count() == 0 {
            assert!(errors.is_empty(), "{}: {errors:?}", input.name);
        } else {
            assert!(errors.len() >= shape, "{}: {errors:?}", input.name);
        }
    }
}

#[test]
fn schema_is_2020_12_with_descriptions_and_no_foreign_id() {
    for k in PackKind::ALL {
        let s: Value = serde_json::from_str(&json_schema(k)).unwrap();
        assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
        assert!(
            s.get("$id").is_none(),
            "the project owns no address for `$id`"
        );
        jsonschema::meta::validate(&s).unwrap();
        assert_eq!(s["additionalProperties"], false);
    }
    let edge: Value = serde_json::from_str(&json_schema(PackKind::EdgeNativeByoi)).unwrap();
    let options = &edge["properties"]["options"];
    assert!(options["properties"]["system.uri"]["description"].is_string());
    assert_eq!(options["required"], serde_json::json!(["system.uri"]));
    assert_eq!(options["additionalProperties"], false);
    // `stages` is open: yip stages are not byoos's to list.
    assert!(edge["properties"]["stages"]
        .get("additionalProperties")
        .is_none());
}
