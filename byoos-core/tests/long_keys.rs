//! A key longer than YAML's 1,024-character limit for implicit keys after rendering
//! (issue 14 §4): the output is written with an explicit `? ` key, and reads back.

use byoos_core::{Context, Document, Limits, Options};

fn context(value: &str) -> Context {
    serde_json::from_value(serde_json::json!({"variables": {"values": {"k": value}}}))
        .expect("context")
}

fn reads_back(text: &str) -> Document<'_> {
    let mut diags = Vec::new();
    let doc = Document::parse(text, &Limits::default(), &mut diags);
    assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}\n{text}");
    doc
}

#[test]
fn a_long_rendered_key_is_written_as_an_explicit_key() {
    let long = "a".repeat(1100);
    for src in [
        "pack:\n  \"{{ .spectro.var.k }}\": x\n  osName: ubuntu\n",
        "pack:\n  '{{ .spectro.var.k }}': x\n  osName: ubuntu\n",
        "- \"{{ .spectro.var.k }}\": x\n  y: 1\n",
        "pack: {\"{{ .spectro.var.k }}\": x, osName: ubuntu}\n",
        "pack:\n  \"{{ .spectro.var.k }}\": x\n",
    ] {
        let r = match byoos_core::render(src, &context(&long), &Options::default()) {
            Ok(r) => r,
            Err(e) => {
                // Failing is allowed; writing invalid YAML is not.
                assert!(e.iter().any(|d| d.is_error()), "{e:?}");
                continue;
            }
        };
        let doc = reads_back(&r.text);
        let root = doc.root().expect("root");
        let pack = root
            .get("pack")
            .or_else(|| root.items().and_then(|i| i.first().copied()))
            .expect("pack");
        assert_eq!(
            pack.get(&long).and_then(|v| v.as_str()),
            Some("x"),
            "{src}\n{}",
            r.text
        );
    }
}

#[test]
fn a_long_rendered_key_keeps_the_other_keys() {
    let long = "b".repeat(2000);
    let src = "pack:\n  osName: ubuntu\n  \"{{ .spectro.var.k }}\": x\n  osVersion: \"22.04\"\n";
    let r = byoos_core::render(src, &context(&long), &Options::default()).expect("renders");
    let doc = reads_back(&r.text);
    let pack = doc.root().and_then(|r| r.get("pack")).expect("pack");
    assert_eq!(pack.get("osName").and_then(|v| v.as_str()), Some("ubuntu"));
    assert_eq!(
        pack.get("osVersion").and_then(|v| v.as_str()),
        Some("22.04")
    );
    assert_eq!(pack.get(&long).and_then(|v| v.as_str()), Some("x"));
}
