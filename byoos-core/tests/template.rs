//! Properties of rendering, and the real pack values of `../shared/data/pack-values/`.

use byoos_core::{render, validate, Context, Document, Limits, Options};
use proptest::prelude::*;
use serde_json::json;
use std::path::PathBuf;

const TEMPLATE: &str = "# a comment that stays\nplain: x{{ .spectro.var.v }}y   # trailing comment\nsingle: '{{ .spectro.var.v }}'\ndouble: \"a\\t{{ .spectro.var.v }}\"\nliteral: |\n  {{ .spectro.var.v }}\nfolded: >-\n  f {{ .spectro.var.v }}\nflow: ['{{ .spectro.var.v }}', \"{{ .spectro.var.v }}\"]\nkey{{ .spectro.var.v }}: k\nhelm: '{{ .Values.x }}'\n";

fn interesting_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => prop::sample::select(vec![
            ':', ' ', '#', '\n', '\'', '"', '\\', '-', '{', '}', '[', ']', ',', '&', '*', '!', '|', '>', '%', '@', '`', '?', '\t', '\r',
            '\u{85}', '\u{a0}', '\u{2028}', '\u{2029}', '\u{feff}', 'é', '😀', '\0', '\u{7}', '\u{7f}', 'y', 'n', '1', '.', '~', '=', 'e',
        ]),
        2 => any::<char>(),
        2 => prop::char::range('a', 'z'),
    ]
}

fn value() -> impl Strategy<Value = String> {
    prop::collection::vec(interesting_char(), 0..24).prop_map(String::from_iter)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Whatever a variable holds, the rendered text is YAML with the same structure and
    /// every rendered value is exactly the value substituted.
    #[test]
    fn rendered_values_round_trip(v in value()) {
        let ctx: Context = serde_json::from_value(json!({"variables": {"values": {"v": v}}})).unwrap();
        let out = render(TEMPLATE, &ctx, &Options::default()).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        prop_assert!(out.text.starts_with("# a comment that stays\n"));
        prop_assert!(out.text.ends_with("helm: '{{ .Values.x }}'\n"));
        let mut d = Vec::new();
        let doc = Document::parse(&out.text, &Limits::default(), &mut d);
        prop_assert!(d.is_empty(), "{:?}\n{}", d, out.text);
        let root = doc.root().unwrap();
        let entries = root.entries().unwrap();
        prop_assert_eq!(entries.len(), 8, "{}", out.text);
        let get = |k: &str| root.get(k).and_then(|n| n.as_str()).map(str::to_owned);
        prop_assert_eq!(get("plain"), Some(format!("x{v}y")), "{}", out.text);
        prop_assert_eq!(get("single"), Some(v.clone()), "{}", out.text);
        prop_assert_eq!(get("double"), Some(format!("a\t{v}")), "{}", out.text);
        prop_assert_eq!(get("literal"), Some(format!("{v}\n")), "{}", out.text);
        prop_assert_eq!(get("folded"), Some(format!("f {v}")), "{}", out.text);
        let flow = root.get("flow").and_then(|n| n.items()).unwrap();
        prop_assert_eq!(flow.len(), 2);
        prop_assert_eq!(flow[0].as_str(), Some(v.as_str()));
        prop_assert_eq!(flow[1].as_str(), Some(v.as_str()));
        let key = format!("key{v}");
        prop_assert_eq!(entries[6].0.as_str(), Some(key.as_str()), "{}", out.text);
        prop_assert_eq!(get("helm"), Some("{{ .Values.x }}".to_owned()));
    }

    /// A sensitive variable's value never shows in a diagnostic, whatever fails on it.
    #[test]
    fn sensitive_values_never_show(tail in value()) {
        let secret = format!("SECRET{tail}");
        let ctx = json!({"variables": {
            "definitions": [{"name": "v", "isSensitive": true, "format": "ipv4", "regex": "^nomatch$",
                             "inputType": "dropdown", "options": [{"value": "SECRET-a"}, {"value": "SECRET-b"}]}],
            "values": {"v": secret.clone()}
        }});
        let src = "pack:\n  content:\n    images:\n      - image: \"{{ .spectro.var.v }}\"\noptions:\n  system.uri: \"{{ .spectro.var.v | b64dec }}\"\n  system.registry: \"{{ .spectro.var.v }}://x_y/\"\n  system.repo: \"{{ .spectro.var.v | upper }}\"\n  system.customTag: \"{{ .spectro.var.v | substr 0 3 }}\"\n  system.peVersion: '{{ .spectro.var.v | required \"r\" }}'\n";
        let c: Context = serde_json::from_value(ctx.clone()).unwrap();
        let mut all = Vec::new();
        if let Ok(r) = render(src, &c, &Options::default()) { all.extend(r.diagnostics); }
        let o: Options = serde_json::from_value(json!({"context": ctx})).unwrap();
        all.extend(validate(src, &o).diagnostics);
        prop_assert!(!all.is_empty());
        for d in &all {
            let text = format!("{} {}", d.message, d.help.as_deref().unwrap_or(""));
            prop_assert!(!text.contains("SECRET") && !text.contains(&secret.to_uppercase()), "{}", text);
        }
    }
}

fn pack_values_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/pack-values");
    dir.is_dir().then_some(dir)
}

/// Every real values file renders with its Helm templates, comments and layout
/// untouched: only the lines with Palette macros change.
#[test]
fn real_pack_values_render() {
    let Some(dir) = pack_values_dir() else {
        eprintln!(
            "skipped: ../shared/data/pack-values is absent (it is not part of the repository)"
        );
        return;
    };
    let ctx: Context = serde_json::from_value(json!({
        "system": {"cluster": {"name": "edge-01", "uid": "c-123"}, "kubernetes": {"version": "1.30.4"}},
        "variables": {"values": {"clusterProvider": "AWS", "sedaiBaseUrl": "https://app.example", "sedaiApiToken": "t0ken"}}
    }))
    .unwrap();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    let mut seen = 0;
    for path in files
        .iter()
        .filter(|p| p.to_string_lossy().ends_with(".values.yaml"))
    {
        let text = std::fs::read_to_string(path).unwrap();
        let meta = path.to_string_lossy().replace(".values.yaml", ".pack.json");
        let name = std::fs::read_to_string(&meta)
            .ok()
            .and_then(|m| serde_json::from_str::<serde_json::Value>(&m).ok())
            .and_then(|m| m["name"].as_str().map(str::to_owned));
        let mut options = Options::default();
        options.pack_name = name;
        let t = std::time::Instant::now();
        let out =
            render(&text, &ctx, &options).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        let took = t.elapsed();
        let errors: Vec<_> = out.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
        let (a, b): (Vec<_>, Vec<_>) = (text.lines().collect(), out.text.lines().collect());
        assert_eq!(a.len(), b.len(), "{}", path.display());
        let mut changed = 0;
        for (x, y) in a.iter().zip(&b) {
            let palette = x.contains("{{ .spectro.") || x.contains("{{.spectro.");
            let comment = x.trim_start().starts_with('#');
            if !palette || comment {
                assert_eq!(x, y, "{}: a line without macros changed", path.display());
            } else if x != y {
                changed += 1;
                assert!(
                    !y.contains(".spectro."),
                    "{}: unresolved macro left in {y}",
                    path.display()
                );
            }
        }
        let helm = |s: &str| {
            s.matches("{{").count()
                - s.matches("{{ .spectro.").count()
                - s.matches("{{.spectro.").count()
        };
        assert_eq!(
            helm(&text),
            helm(&out.text),
            "{}: Helm actions changed",
            path.display()
        );
        eprintln!(
            "{}: {} bytes, {changed} lines rendered, {took:?}",
            path.file_name().unwrap().to_string_lossy(),
            text.len()
        );
        seen += 1;
    }
    assert!(seen > 0, "no *.values.yaml in {}", dir.display());
}
