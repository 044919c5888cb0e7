//! Every hint that proposes literal text is a fix that works: applied at its
//! diagnostic's span, and validated again, that finding is gone and no new error
//! appears. Run over the inputs of every `validate` case of the conformance suite (the
//! hint corpus is `tests/conformance/pack/hints.json`, but every case counts).

use byoos_core::{validate, Diagnostic, Options, Severity};
use serde_json::Value;
use std::collections::HashMap;
use std::path::PathBuf;

#[path = "support/case_files.rs"]
mod support_case_files;
use support_case_files::{case_id, load_all};

/// The literal text a hint proposes to put at the diagnostic's span, if it does.
fn literal(d: &Diagnostic) -> Option<String> {
    let help = d.help.as_deref()?;
    let quoted = |rest: &str| -> Option<(String, String)> {
        let rest = rest.strip_prefix('`')?;
        let end = rest.find('`')?;
        Some((rest[..end].to_owned(), rest[end + 1..].to_owned()))
    };
    if let Some(rest) = help.strip_prefix("did you mean ") {
        let (text, after) = quoted(rest)?;
        return after.starts_with('?').then_some(text);
    }
    let at = if help.starts_with("write `") {
        0
    } else {
        help.find(", write `")? + 2
    };
    let (text, after) = quoted(&help[at + "write ".len()..])?;
    (after.is_empty() || after.starts_with(" (")).then_some(text)
}

fn error_counts(diags: &[Diagnostic]) -> HashMap<&'static str, usize> {
    let mut m = HashMap::new();
    for d in diags.iter().filter(|d| d.severity == Severity::Error) {
        *m.entry(d.code.as_str()).or_default() += 1;
    }
    m
}

/// Apply each literal hint of `source`'s report; the problems found.
fn check_source(name: &str, source: &str, options: &Options, applied: &mut usize) -> Vec<String> {
    let report = validate(source, options);
    let before = error_counts(&report.diagnostics);
    let mut problems = Vec::new();
    for d in &report.diagnostics {
        let Some(text) = literal(d) else { continue };
        let (start, end) = (d.span.start, d.span.end);
        if start == end {
            continue;
        }
        *applied += 1;
        let fixed = format!("{}{text}{}", &source[..start], &source[end..]);
        let again = validate(&fixed, options);
        let what = format!("{name}: {} at {} → `{text}`", d.code, d.path);
        if again
            .diagnostics
            .iter()
            .any(|e| e.code == d.code && e.span.start == start && e.severity != Severity::Info)
        {
            problems.push(format!("{what}: the finding stays"));
        }
        let after = error_counts(&again.diagnostics);
        for (code, n) in &after {
            if before.get(code).copied().unwrap_or(0) < *n {
                problems.push(format!("{what}: a new {code} error"));
            }
        }
        // The fixed value does not break another rule (an `info` may remain).
        for e in again
            .diagnostics
            .iter()
            .filter(|e| e.severity != Severity::Info && (e.path == d.path || e.span.start == start))
        {
            let known = report
                .diagnostics
                .iter()
                .any(|o| o.code == e.code && o.path == e.path);
            if !known {
                problems.push(format!("{what}: then {} {}", e.severity, e.code));
            }
        }
        // A name the same report flags as unknown is not a suggestion.
        for u in report
            .diagnostics
            .iter()
            .filter(|u| u.code.as_str() == "pack/unknown-key" && u.span.start != start)
        {
            let key = &source[u.span.start..u.span.end];
            if text == key || text.ends_with(&format!(".{key}")) {
                problems.push(format!("{what}: proposes `{key}`, flagged at {}", u.path));
            }
        }
    }
    problems
}

#[test]
fn literal_hints_fix_what_they_say() {
    assert_eq!(corpus_problems().0, Vec::<String>::new());
}

/// The problems of every literal hint of the corpus, and how many were applied.
fn corpus_problems() -> (Vec<String>, usize) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance");
    let (mut problems, mut applied) = (Vec::new(), 0);
    for file in load_all(&root) {
        let dir = file.dir();
        for case in &file.cases {
            if case["op"] != "validate" {
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
            problems.extend(check_source(&name, &source, &options, &mut applied));
        }
    }
    assert!(applied > 20, "only {applied} literal hints found");
    (problems, applied)
}

/// A consequence printed before its cause names the cause: the key it points at and
/// that key's line.
#[test]
fn a_consequence_names_its_cause() {
    let uri = "{{ .spectro.pack.edge-native-byoi.options.system.k8sDistribution }}";
    let cases = [
        (
            "pack:\n  content:\n    images:\n      - image: \"{{.spectro.pack.edge-native-byoi.options.system.uri}}\"\n  options:\n    system.uri: \"ttl.sh/ubuntu:k3s-1.29.5-v4.2.3-demo\"\n".to_owned(),
            "pack/misplaced-key",
            "pack.options",
        ),
        (
            format!("pack:\n  content:\n    images:\n      - image: \"ttl.sh/x:1\"\noptions:\n  system.uri: \"ttl.sh/ubuntu:{uri}\"\n  system.k8sDistrubution: k3s\n"),
            "pack/unknown-key",
            "options.system.k8sDistrubution",
        ),
    ];
    for (source, cause_code, cause_path) in cases {
        let r = validate(&source, &Options::default());
        let cause = r.diagnostics.iter().find(|d| d.code.as_str() == cause_code);
        let effect = r
            .diagnostics
            .iter()
            .find(|d| d.code.as_str() == "template/unknown-path");
        let (Some(cause), Some(effect)) = (cause, effect) else {
            panic!("{source}: {:?}", r.diagnostics);
        };
        assert!(effect.span.start < cause.span.start, "{source}");
        let help = effect.help.as_deref().unwrap_or_default();
        assert!(help.contains(&format!("`{cause_path}")), "{help}");
        let line = cause.span.line;
        assert!(
            help.contains(&format!("line {line}")) || help.contains(&format!("line {}", line + 1)),
            "{help}"
        );
    }
}
