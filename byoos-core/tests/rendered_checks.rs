//! The rendered values of a profile's pack are checked again as the pack, and what is
//! found inside a replaced value is reported (`after rendering: …`). When no such
//! finding is possible — a pack of no BYOOS kind whose replaced values are all quoted
//! and written back in their quotes — the check is skipped (docs/decisions.md §47);
//! these cases hold that the skip is not taken where the rendered values could differ.

use byoos_core::{render_profile, Code, Context, Diagnostic, Limits, Options};

fn context() -> Context {
    Context::from_text(
        r#"{"variables": {"values": {"quote": "“hi”", "image": "not an image"}}}"#,
        &Limits::default(),
    )
    .expect("a context")
}

/// The findings of the pack `name` of `profile`, rendered with [`context`].
fn findings(profile: &str, name: &str) -> Vec<Diagnostic> {
    let r = render_profile(profile, &context(), &Options::default()).expect("a rendered profile");
    r.packs
        .into_iter()
        .find(|p| p.name == name)
        .expect("the pack")
        .diagnostics
}

fn profile(values: &str) -> String {
    let indented: String = values.lines().map(|l| format!("      {l}\n")).collect();
    format!(
        "name: p\nvariables:\n  - name: quote\n    format: string\n  - name: image\n    format: string\npacks:\n  - name: app\n    layer: addon\n    values: |\n{indented}"
    )
}

fn after_rendering(diags: &[Diagnostic], code: Code) -> bool {
    diags
        .iter()
        .any(|d| d.code == code && d.message.contains("after rendering"))
}

/// A plain scalar that renders to curly quotes is reported after rendering: its
/// rendered value is plain too. The same value in double quotes is a string with
/// curly quotes in it, as written (in a block scalar too): nothing to report, and the
/// check is skipped.
#[test]
fn curly_quotes_only_in_a_plain_rendered_value() {
    let plain = findings(
        &profile("greeting: hello {{ .spectro.var.quote }}\n"),
        "app",
    );
    assert!(after_rendering(&plain, Code::YamlSmartQuotes), "{plain:#?}");
    let quoted = findings(
        &profile("greeting: \"hello {{ .spectro.var.quote }}\"\n"),
        "app",
    );
    assert!(
        !quoted.iter().any(|d| d.code == Code::YamlSmartQuotes),
        "{quoted:#?}"
    );
}

/// A pack outside the OS layer has no BYOOS kind of its own, but values a kind is
/// detected from are checked as that kind after rendering: a quoted replaced value
/// can then be found wrong, so the check is not skipped.
#[test]
fn values_detected_as_a_pack_kind_are_checked_after_rendering() {
    let values = "pack:\n  osImageOverride: \"{{ .spectro.var.image }}\"\n  osName: ubuntu\n  osVersion: \"22.04\"\n";
    let found = findings(&profile(values), "app");
    assert!(
        found.iter().any(|d| d.message.contains("after rendering")
            && d.path.to_string().contains("osImageOverride")),
        "{found:#?}"
    );
}
