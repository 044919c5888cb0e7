//! `fix`: the registry's `fixable` flag agrees with the fixes findings carry; fixing
//! twice is fixing once; a fix changes nothing outside the spans it fixed and never adds
//! an error (over every conformance input, and over generated values).

use byoos_core::{codes::FIXABLE, fix, validate, Code, Diagnostic, Options};
use proptest::prelude::*;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

#[path = "support/case_files.rs"]
mod support_case_files;
use support_case_files::{case_id, load_all};

/// Every `validate` and `fix` input of the conformance suite: (id, source, options).
fn corpus() -> Vec<(String, String, Options)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance");
    let mut out = Vec::new();
    for file in load_all(&root) {
        let dir = file.dir();
        for case in &file.cases {
            if case["op"] != "validate" && case["op"] != "fix" {
                continue;
            }
            let source = match (&case["input"], &case["input_file"]) {
                (Value::String(s), _) => s.clone(),
                (_, Value::String(f)) => std::fs::read_to_string(dir.join(f)).expect("input file"),
                _ => continue,
            };
            let options: Options =
                serde_json::from_value(case.get("options").cloned().unwrap_or(Value::Null))
                    .unwrap_or_default();
            let name = case_id(&file.rel, case["name"].as_str().unwrap_or("?"));
            out.push((name, source, options));
        }
    }
    out
}

#[test]
fn fixable_codes_are_the_codes_with_fixes() {
    let mut carried = BTreeSet::new();
    let mut problems = Vec::new();
    for (name, source, options) in corpus() {
        let report = validate(&source, &options);
        for d in report.all_diagnostics().filter(|d| d.fix.is_some()) {
            if !d.code.fixable() {
                problems.push(format!(
                    "{name}: {} carries a fix, not flagged fixable",
                    d.code
                ));
            }
            carried.insert(d.code);
        }
    }
    for c in FIXABLE {
        if !carried.contains(c) {
            problems.push(format!("{c} is flagged fixable, no case carries its fix"));
        }
    }
    assert_eq!(problems, Vec::<String>::new());
}

fn errors(diags: &[Diagnostic]) -> HashMap<(Code, String), usize> {
    let mut m = HashMap::new();
    for d in diags.iter().filter(|d| d.is_error()) {
        *m.entry((d.code, d.path.to_string())).or_default() += 1;
    }
    m
}

/// The problems of fixing `source`: a new error, bytes changed outside the fixed spans,
/// a second fix that changes anything.
fn check(name: &str, source: &str, options: &Options) -> Vec<String> {
    let before = validate(source, options);
    let Ok(out) = fix(source, options) else {
        return Vec::new(); // refused: nothing written
    };
    let mut problems = Vec::new();
    let was = errors(&before.diagnostics);
    for (k, n) in errors(&out.diagnostics) {
        if was.get(&k).copied().unwrap_or(0) < n {
            problems.push(format!("{name}: a new {} error at {}", k.0, k.1));
        }
    }
    if out.fixed.is_empty() && out.text != source {
        problems.push(format!("{name}: the text changed, nothing fixed"));
    }
    if !outside_kept(source, &out.text, &out.fixed) {
        problems.push(format!("{name}: bytes changed outside the fixed spans"));
    }
    match fix(&out.text, options) {
        Ok(again) if again.text == out.text && again.fixed.is_empty() => {}
        Ok(_) => problems.push(format!("{name}: fixing twice is not fixing once")),
        Err(_) => problems.push(format!("{name}: the fixed text cannot be fixed again")),
    }
    problems
}

/// The bytes of `source` outside the edits of `fixed` are in `text`, in order, and
/// nothing else is: `text` starts with the first piece, ends with the last.
fn outside_kept(source: &str, text: &str, fixed: &[Diagnostic]) -> bool {
    let mut spans: Vec<(usize, usize)> = fixed
        .iter()
        .flat_map(|d| d.fix.iter().flat_map(|f| &f.edits))
        .map(|e| (e.start, e.end))
        .collect();
    spans.sort_unstable();
    let mut pieces = Vec::new();
    let mut at = 0;
    for (s, e) in spans {
        if s > at {
            pieces.push(&source[at..s]);
        }
        at = at.max(e);
    }
    let tail = &source[at.min(source.len())..];
    if fixed.is_empty() {
        return source == text;
    }
    let mut rest = text;
    if let Some(first) = pieces.first() {
        if !spans_start_at_zero(fixed) {
            let Some(r) = rest.strip_prefix(first) else {
                return false;
            };
            rest = r;
            pieces.remove(0);
        }
    }
    for p in pieces {
        let Some(i) = rest.find(p) else { return false };
        rest = &rest[i + p.len()..];
    }
    rest.ends_with(tail)
}

fn spans_start_at_zero(fixed: &[Diagnostic]) -> bool {
    fixed
        .iter()
        .flat_map(|d| d.fix.iter().flat_map(|f| &f.edits))
        .any(|e| e.start == 0)
}

#[test]
fn every_conformance_input_fixes_cleanly() {
    let (mut problems, mut fixed) = (Vec::new(), 0);
    for (name, source, options) in corpus() {
        problems.extend(check(&name, &source, &options));
        fixed += fix(&source, &options).map_or(0, |o| o.fixed.len());
    }
    assert_eq!(problems, Vec::<String>::new());
    assert!(fixed >= FIXABLE.len(), "only {fixed} fixes applied");
}

/// The check of the bytes outside the fixed spans can fail.
#[test]
fn outside_kept_sees_a_change() {
    let at = |start, end| {
        let mut d = fix("pack:\n  osVersion: 22.04\n", &Options::default())
            .expect("fix")
            .fixed[0]
            .clone();
        d.fix = Some(byoos_core::Fix::replace(start..end, "XY"));
        d
    };
    assert!(outside_kept("abcdef", "abXYef", &[at(2, 4)]));
    assert!(!outside_kept("abcdef", "abXYeg", &[at(2, 4)]));
    assert!(!outside_kept("abcdef", "zbXYef", &[at(2, 4)]));
    assert!(!outside_kept("abcdef", "abcdeg", &[]));
}

/// An Edge values file, each field written one of several ways (some mechanical
/// mistakes among them), with comments and blank lines between.
fn edge_values() -> impl Strategy<Value = String> {
    let registry = prop::sample::select(vec![
        "ttl.sh",
        "https://ttl.sh",
        "http://ttl.sh/",
        "ttl.sh/",
        "\"https://ttl.sh\"",
        "'oci://ttl.sh//'",
        "“ttl.sh”",
    ]);
    let version = prop::sample::select(vec!["\"22.04\"", "22.04", "20.04", "'24.04'", "“22.04”"]);
    let uri = prop::sample::select(vec![
        "\"{{ .spectro.pack.edge-native-byoi.options.system.registry }}/ubuntu:k3s-1.29.5-v4.2.3-demo\"",
        "{{ .spectro.pack.edge-native-byoi.options.system.registry }}",
        "“ttl.sh/ubuntu:k3s-1.29.5-v4.2.3-demo”",
        "ttl.sh/ubuntu:k3s-1.29.5-v4.2.3-demo",
    ]);
    let comment = prop::sample::select(vec!["", "  # note", "   ", "\t# tab"]);
    let head = prop::sample::select(vec![
        "pack:\n  content:\n    images:\n",
        "pack:\ncontent:\n  images:\n",
        "pack:\n  namespace: os\ncontent:\n  images:\n",
    ]);
    let lists = (prop::collection::vec(comment, 4), any::<bool>(), head);
    (registry, version, uri, lists).prop_map(
        |(reg, ver, uri, (c, crlf, head))| {
            let indent = if head.ends_with("\n    images:\n") { "      " } else { "    " };
            let text = format!(
                "{head}{indent}- image: \"{{{{.spectro.pack.edge-native-byoi.options.system.uri}}}}\"\noptions:{}\n  system.uri: {uri}{}\n  system.registry: {reg}{}\n\n  system.osVersion: {ver}{}\n",
                c[0], c[1], c[2], c[3]
            );
            if crlf {
                text.replace('\n', "\r\n")
            } else {
                text
            }
        },
    )
}

/// A generic-byoi values file for AWS or Azure, the image written one of several ways.
fn generic_values() -> impl Strategy<Value = (String, Options)> {
    let image = prop::sample::select(vec![
        "ami-0123456789ABCDEF0",
        "\"AMI-0123456789abcdef0\"",
        "ami-0123456789abcdef0",
        "http://acct.blob.core.windows.net/vhds/u.vhd",
        "'http://acct.blob.core.windows.net/vhds/u.vhd?sv=1&sig=SECRET'",
    ]);
    let version = prop::sample::select(vec!["\"22.04\"", "22.04", "“22.04”", "1e3"]);
    (image, version).prop_map(|(image, ver)| {
        let provider = if image.contains("blob") { "azure" } else { "aws" };
        let options: Options = serde_json::from_value(serde_json::json!({
            "pack": "generic-byoi", "provider": provider, "region": "us-east-1"
        }))
        .expect("options");
        (
            format!("pack:\n  osImageOverride: {image}  # image\n  osName: ubuntu\n  osVersion: {ver}\n"),
            options,
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn fixing_edge_values_is_local_and_idempotent(source in edge_values()) {
        let options = Options::default();
        prop_assert_eq!(check("edge", &source, &options), Vec::<String>::new());
    }

    #[test]
    fn fixing_generic_values_is_local_and_idempotent((source, options) in generic_values()) {
        prop_assert_eq!(check("generic", &source, &options), Vec::<String>::new());
    }
}

/// Secrets stay out of what `fix` reports: the fixed findings are masked like any.
#[test]
fn fixed_findings_are_masked() {
    let source = "pack:\n  osImageOverride: 'http://acct.blob.core.windows.net/vhds/u.vhd?sv=1&sig=TOPSECRETSIG'\n  osName: ubuntu\n  osVersion: \"22.04\"\n";
    let options: Options =
        serde_json::from_value(serde_json::json!({"pack": "generic-byoi", "provider": "azure"}))
            .expect("options");
    let out = fix(source, &options).expect("fix");
    assert!(out.text.contains("https://"), "{}", out.text);
    let shown = format!("{:?}{:?}", out.fixed, out.diagnostics);
    assert!(!shown.contains("TOPSECRETSIG"), "{shown}");
}

/// A secret's fix (an Edge registry password read as a number, quoted) is made, and its
/// text is not in what a debug print of the findings shows.
#[test]
fn a_secret_fix_is_not_shown() {
    let source = "pack:\n  content:\n    images:\n      - image: \"{{.spectro.pack.edge-native-byoi.options.system.uri}}\"\noptions:\n  system.uri: \"ttl.sh/ubuntu:k3s-1.29.5-v4.2.3-demo\"\n  system.registry: ttl.sh\nproviderCredentials:\n  registry: ttl.sh\n  password: 98765432123\n";
    let before = validate(source, &Options::default());
    let out = fix(source, &Options::default()).expect("fix");
    let shown = format!(
        "{:?}{:?}{:?}",
        before.diagnostics, out.fixed, out.diagnostics
    );
    assert!(!shown.contains("98765432123"), "{shown}");
    assert_eq!(out.fixed.len(), 1, "{:?}", out.fixed);
    assert!(
        out.text.contains("password: \"98765432123\""),
        "{}",
        out.text
    );
}
