#![allow(clippy::unwrap_used)]
//! Issue 14, "a cost bound for every input": every hostile input gets a clear `limit/`
//! diagnostic or a normal answer, within the report and work budgets. These tests assert
//! codes and counts; `docs/robustness.md` has the times and memory of one measured run
//! (`cargo run --release -p byoos-core --example hostile -- NAME`).

#[path = "support/budget_inputs.rs"]
mod budget_inputs;

use budget_inputs::{input, Run};
use byoos_core::report::{render_text, TextStyle};
use byoos_core::{render, set_values, validate, Code, Diagnostic, Limits, Options};

/// The diagnostics `name` gives and, for the text runs, its text report.
fn run(name: &str) -> (Vec<Diagnostic>, Option<String>, Result<String, ()>) {
    let (src, how) = input(name).expect("a known input");
    let o = Options::default();
    match how {
        Run::Validate => (validate(&src, &o).diagnostics, None, Err(())),
        Run::ValidateText => {
            let d = validate(&src, &o).diagnostics;
            let text = render_text(&src, "x.yaml", &d, TextStyle::Plain);
            (d, Some(text), Err(()))
        }
        Run::Render(ctx, _) => match render(&src, &ctx, &o) {
            Ok(r) => (r.diagnostics, None, Ok(r.text)),
            Err(e) => (e.0, None, Err(())),
        },
        Run::Set(set) => match set_values(&src, &set, &o) {
            Ok(e) => (e.diagnostics, None, Ok(e.text)),
            Err(d) => (d, None, Err(())),
        },
    }
}

fn count(diags: &[Diagnostic], code: Code) -> usize {
    diags.iter().filter(|d| d.code == code).count()
}

/// The report is cut at the budget: at most `max_diagnostics` plus the one note, whose
/// JSON stays within a few times `max_report_bytes`.
fn assert_capped(diags: &[Diagnostic]) {
    let l = Limits::default();
    assert!(
        diags.len() <= l.max_diagnostics + 1,
        "{} diagnostics",
        diags.len()
    );
    assert_eq!(count(diags, Code::LimitDiagnostics), 1);
    assert_eq!(diags.last().map(|d| d.code), Some(Code::LimitDiagnostics));
    let json = serde_json::to_string(diags).unwrap();
    assert!(
        json.len() < 2 * l.max_report_bytes,
        "{} bytes of JSON",
        json.len()
    );
}

#[test]
fn one_long_key_with_thousands_of_findings_fills_one_report() {
    let (d, _, _) = run("long-key-findings");
    assert_capped(&d);
    assert!(count(&d, Code::YamlSmartQuotes) > 0);
}

#[test]
fn deep_long_keys_with_thousands_of_findings_fill_one_report() {
    let (d, _, _) = run("deep-key-findings");
    assert_capped(&d);
}

#[test]
fn an_aliased_bad_mapping_is_reported_within_the_budget() {
    let (d, text, _) = run("alias-findings");
    assert_capped(&d);
    let text = text.unwrap();
    assert!(text.len() < 4 << 20, "{} bytes of text", text.len());
}

#[test]
fn findings_on_one_long_line_show_a_window_of_it() {
    let (d, text, _) = run("long-line-findings");
    assert_capped(&d);
    assert!(count(&d, Code::YamlSmartQuotes) >= 999);
    let text = text.unwrap();
    let longest = text.lines().map(str::len).max().unwrap_or(0);
    assert!(longest < 2_048, "a text line of {longest} bytes");
    // The cut excerpt still says where the span is: line 1, its own column.
    let first = &d[0];
    assert!(text.contains(&format!("x.yaml:1:{}", first.span.column)));
}

#[test]
fn a_cut_excerpt_points_at_the_span() {
    let src = format!(
        "pack: {{osImageOverride: \"ami-0f4804aff4cf9c5a2\", osName: rhel, {}x: “a”}}\n",
        (0..300).map(|i| format!("k{i}: 1, ")).collect::<String>()
    );
    let d = validate(&src, &Options::default()).diagnostics;
    let q = d.iter().find(|d| d.code == Code::YamlSmartQuotes).unwrap();
    let text = render_text(&src, "x.yaml", std::slice::from_ref(q), TextStyle::Plain);
    assert!(
        text.contains(&format!(" --> x.yaml:1:{}\n", q.span.column)),
        "{text}"
    );
    let shown = text.lines().find(|l| l.starts_with("1 |")).unwrap();
    let caret = text.lines().find(|l| l.contains('^')).unwrap();
    let at = caret.find('^').unwrap();
    assert!(shown[at..].starts_with("“a”"), "{shown}\n{caret}");
}

#[test]
fn replace_is_refused_before_its_result_is_built() {
    let (d, _, out) = run("replace-growth");
    assert!(out.is_err());
    assert_eq!(count(&d, Code::LimitOutputSize), 1);
}

#[test]
fn many_actions_over_a_large_value_stop_at_the_work_budget() {
    let (d, _, out) = run("actions-over-1mib");
    assert!(out.is_err());
    assert_eq!(count(&d, Code::LimitWork), 1);
}

#[test]
fn large_sensitive_values_do_not_slow_redaction() {
    // `sensitive-missing-vars-10` (ten such values) is timed by the `hostile` example.
    let (d, _, out) = run("sensitive-missing-vars");
    assert!(out.is_ok());
    assert_eq!(count(&d, Code::VariableUndefined), 1_000);
}

#[test]
fn a_regex_too_costly_for_its_value_is_a_limit() {
    let (d, _, _) = run("regex-200kb");
    assert_eq!(count(&d, Code::LimitWork), 1);
    assert_eq!(count(&d, Code::VariableRegex), 0);
}

#[test]
fn did_you_mean_is_bounded() {
    let (d, _, _) = run("suggest-30kb-names");
    assert_eq!(count(&d, Code::TemplateUnknownPath), 1);
    let (d, _, _) = run("suggest-50k-keys");
    assert_eq!(count(&d, Code::TemplateUnknownPath), 200);
}

#[test]
fn many_assignments_are_set() {
    let (d, _, out) = run("set-24k");
    let text = out.expect("the edit succeeds");
    assert!(text.contains("  k23999: new23999\n"));
    assert!(!d.iter().any(Diagnostic::is_error));
}

#[test]
fn an_alias_list_over_the_budget_is_refused() {
    let (d, _, _) = run("alias-flow-over-limit");
    assert_eq!(count(&d, Code::LimitAliasExpansion), 1);
}

#[test]
fn a_report_under_the_budget_is_whole_and_the_note_counts_what_is_left_out() {
    let src = format!(
        "pack:\n{}",
        (0..30)
            .map(|i| format!("  k{i}: “x”\n"))
            .collect::<String>()
    );
    let mut o = Options::default();
    o.limits.max_diagnostics = 10;
    let r = validate(&src, &o);
    assert_eq!(r.diagnostics.len(), 11);
    assert_eq!(r.diagnostics[10].code, Code::LimitDiagnostics);
    assert!(!r.ok);
    o.limits.max_diagnostics = 1_000;
    let whole = validate(&src, &o);
    assert_eq!(count(&whole.diagnostics, Code::LimitDiagnostics), 0);
    assert_eq!(&whole.diagnostics[..10], &r.diagnostics[..10]);
}
