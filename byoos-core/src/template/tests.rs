//! End-to-end tests of rendering and checking macros.

use super::*;
use crate::diagnostic::Severity;
use crate::Code;
use crate::{render, render_profile, Options};
use serde_json::json;

pub(crate) const CANVOS: &str = r#"pack:
  content:
    images:
      - image: "{{.spectro.pack.edge-native-byoi.options.system.uri}}"
  # drain:
options:
  system.uri: "{{ .spectro.pack.edge-native-byoi.options.system.registry }}/{{ .spectro.pack.edge-native-byoi.options.system.repo }}:{{ .spectro.pack.edge-native-byoi.options.system.k8sDistribution }}-{{ .spectro.system.kubernetes.version }}-{{ .spectro.pack.edge-native-byoi.options.system.peVersion }}-{{ .spectro.pack.edge-native-byoi.options.system.customTag }}"
  system.registry: ttl.sh
  system.repo: ubuntu
  system.k8sDistribution: k3s
  system.osName: ubuntu
  system.peVersion: v4.2.3
  system.customTag: demo
  system.osVersion: 22
"#;

fn ctx(v: serde_json::Value) -> Context {
    serde_json::from_value(v).unwrap()
}

fn codes(d: &[Diagnostic]) -> Vec<&'static str> {
    d.iter().map(|d| d.code.as_str()).collect()
}

#[test]
fn canvos_values_render() {
    let c = ctx(json!({"system": {"kubernetes": {"version": "1.29.5"}}}));
    let out = render(CANVOS, &c, &Options::default()).unwrap();
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let want = CANVOS
        .replace(
            "\"{{.spectro.pack.edge-native-byoi.options.system.uri}}\"",
            "\"ttl.sh/ubuntu:k3s-1.29.5-v4.2.3-demo\"",
        )
        .replace(
            &CANVOS[CANVOS
                .find("\"{{ .spectro.pack.edge-native-byoi.options.system.registry")
                .unwrap()..CANVOS.find("}}\"\n  system.registry").unwrap() + 3],
            "\"ttl.sh/ubuntu:k3s-1.29.5-v4.2.3-demo\"",
        );
    assert_eq!(out.text, want);
}

#[test]
fn validate_without_context_checks_names() {
    let src = CANVOS
        .replace("kubernetes.version", "kunernetes.version")
        .replace("system.peVersion }}", "system.peVerison }}");
    let mut r = crate::validate(&src, &Options::default());
    r.diagnostics
        .retain(|d| d.code.as_str().starts_with("template/"));
    assert_eq!(
        codes(&r.diagnostics),
        ["template/unknown-system-macro", "template/unknown-path"],
        "{:#?}",
        r.diagnostics
    );
    let d = &r.diagnostics[0];
    assert_eq!(&src[d.span.range()], ".spectro.system.kunernetes.version");
    assert_eq!(
        d.help.as_deref(),
        Some("did you mean `.spectro.system.kubernetes.version`?")
    );
    let d = &r.diagnostics[1];
    assert_eq!(
        &src[d.span.range()],
        ".spectro.pack.edge-native-byoi.options.system.peVerison"
    );
    assert_eq!(
        d.help.as_deref(),
        Some("did you mean `.spectro.pack.edge-native-byoi.options.system.peVersion`?")
    );
}

fn render_ok(src: &str, c: serde_json::Value) -> Rendered {
    match render(src, &ctx(c), &Options::default()) {
        Ok(r) => r,
        Err(e) => panic!("render failed: {:#?}", e.diagnostics),
    }
}

fn vars(values: serde_json::Value) -> serde_json::Value {
    json!({"variables": {"values": values}})
}

#[test]
fn helm_templates_pass_through() {
    let src = "a: |\n  {{ template \"x\" . }} {{ .Release.Name }}\n  {{`{{ .spectro.var.x }}`}}\nb: '{{ .Values.x | upper }}' # keep\nc: \"{{- printf \\\"%s\\\" .Values.y -}}-{{ .spectro.var.v }}\"\n";
    let out = render_ok(src, vars(json!({"v": "1"})));
    assert_eq!(out.text, src.replace("-{{ .spectro.var.v }}", "-1"));
}

#[test]
fn styles_are_kept_when_the_value_fits() {
    let src = "# head\nplain: v{{ .spectro.var.a }}-x   # c1\nsq: 'it''s {{ .spectro.var.a }}'\ndq: \"tab\\t{{ .spectro.var.a }} \\u00e9\"\nlit: |\n  line {{ .spectro.var.a }}\n  two\nfold: >-\n  one {{ .spectro.var.a }}\n  two\nflow: [x, \"{{ .spectro.var.a }}\", 'y{{ .spectro.var.a }}']\n";
    let out = render_ok(src, vars(json!({"a": "1.2"})));
    assert_eq!(
        out.text,
        "# head\nplain: v1.2-x   # c1\nsq: 'it''s 1.2'\ndq: \"tab\\t1.2 \\u00e9\"\nlit: |\n  line 1.2\n  two\nfold: >-\n  one 1.2\n  two\nflow: [x, \"1.2\", 'y1.2']\n"
    );
}

#[test]
fn unsafe_values_are_requoted() {
    let src = "a: x{{ .spectro.var.v }}\nb: '{{ .spectro.var.v }}'\nc: \"{{ .spectro.var.v }}\"\nd: |\n  {{ .spectro.var.v }}\ne: ['p{{ .spectro.var.v }}']\n";
    for v in [
        "a: b",
        "b #c",
        "multi\nline",
        " lead",
        "trail ",
        "'q'",
        "\"dq\"",
        "é😀",
        "tab\there",
        "\u{7}bell",
        "- item",
        "[x]",
        ",",
        "a\u{2028}b",
        "yes",
        "1.5",
        "{{ .spectro.var.v }}",
    ] {
        let out = render_ok(src, vars(json!({"v": v})));
        let mut d = Vec::new();
        let doc = Document::parse(&out.text, &crate::Limits::default(), &mut d);
        assert!(d.is_empty(), "{v:?}: {d:?}\n{}", out.text);
        let root = doc.root().unwrap();
        assert_eq!(
            root.get("a").unwrap().as_str(),
            Some(format!("x{v}").as_str()),
            "{v:?}\n{}",
            out.text
        );
        assert_eq!(
            root.get("b").unwrap().as_str(),
            Some(v),
            "{v:?}\n{}",
            out.text
        );
        assert_eq!(
            root.get("c").unwrap().as_str(),
            Some(v),
            "{v:?}\n{}",
            out.text
        );
        assert_eq!(
            root.get("d").unwrap().as_str(),
            Some(format!("{v}\n").as_str()),
            "{v:?}\n{}",
            out.text
        );
        let e = root.get("e").unwrap().items().unwrap();
        assert_eq!(e.len(), 1, "{v:?}\n{}", out.text);
        assert_eq!(
            e[0].as_str(),
            Some(format!("p{v}").as_str()),
            "{v:?}\n{}",
            out.text
        );
    }
}

#[test]
fn literal_block_keeps_multiline_values() {
    let src = "d: |\n  {{ .spectro.var.v }}\nz: 1\n";
    let out = render_ok(src, vars(json!({"v": "l1\nl2"})));
    assert_eq!(out.text, "d: |\n  l1\n  l2\nz: 1\n");
}

#[test]
fn references_through_values_with_macros() {
    let src = "a: \"{{ .spectro.pack.p.b }}!\"\nb: \"{{ .spectro.pack.p.c }}{{ .spectro.pack.p.c }}\"\nc: x\n";
    let out = render(
        src,
        &Context::default(),
        &Options {
            pack_name: Some("p".into()),
            ..Options::default()
        },
    )
    .unwrap();
    assert_eq!(out.text, "a: \"xx!\"\nb: \"xx\"\nc: x\n");
}

#[test]
fn cycles_report_the_chain() {
    let src = "a: \"{{ .spectro.pack.p.b }}\"\nb: \"{{ .spectro.pack.p.c }}\"\nc: \"{{ .spectro.pack.p.a }}\"\n";
    let r = crate::validate(
        src,
        &Options {
            pack_name: Some("p".into()),
            ..Options::default()
        },
    );
    let cyc: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::TemplateCycle)
        .collect();
    assert_eq!(cyc.len(), 1, "{:#?}", r.diagnostics);
    assert_eq!(
        cyc[0].message,
        "`.spectro.pack.p.a` refers back to itself: p.a → p.b → p.c → p.a"
    );
}

#[test]
fn not_a_scalar_and_missing_packs() {
    let src = "a: \"{{ .spectro.pack.p.m }}\"\nm: {x: 1}\nb: \"<{{ .spectro.pack.kubernetes.pack.podCIDR }}>\"\n";
    let o = Options {
        pack_name: Some("p".into()),
        ..Options::default()
    };
    let out = render(src, &Context::default(), &o).unwrap();
    assert_eq!(
        codes(&out.diagnostics),
        ["template/not-a-scalar", "template/unknown-pack"]
    );
    assert_eq!(out.diagnostics[1].severity, Severity::Warning);
    assert!(out.text.contains("b: \"<>\""), "{}", out.text);
    assert!(out.text.contains("a: \"{{ .spectro.pack.p.m }}\""));
    let strict = Options {
        strict: true,
        ..o.clone()
    };
    // Strict: the errors fail the call, nothing half-rendered is returned.
    let failed = render(src, &Context::default(), &strict).unwrap_err();
    assert_eq!(failed.diagnostics[1].severity, Severity::Error);
    assert!(!out.ok);
    let c = ctx(json!({"packs": {"kubernetes": "pack:\n  podCIDR: 192.168.0.0/16\n"}}));
    let out = render(src, &c, &o).unwrap();
    assert!(out.text.contains("b: \"<192.168.0.0/16>\""), "{}", out.text);
    let c = ctx(json!({"packs": {"kubernetes": {"pack": {"podCIDR": "10.0.0.0/8"}}}}));
    let out = render(src, &c, &o).unwrap();
    assert!(out.text.contains("b: \"<10.0.0.0/8>\""), "{}", out.text);
}

#[test]
fn functions_and_their_errors() {
    let src = "a: \"{{ .spectro.system.kubernetes.version | substr 0 4 | frobnicate }}\"\nb: \"{{ .spectro.var.x | substr 0 }}\"\nc: \"{{ .spectro.var.x | trunc \\\"2\\\" }}\"\nd: \"{{ .spectro.var.x | b64dec }}\"\ne: \"{{ .spectro.var.x | default \\\"d\\\" | upper | quote }}\"\nf: \"{{ .spectro.var.empty | default \\\"d\\\" }}\"\n";
    let r = render_ok(
        src,
        json!({"system": {"kubernetes.version": "1.29.5"}, "variables": {"values": {"x": "abc", "empty": ""}}}),
    );
    assert_eq!(
        codes(&r.diagnostics),
        [
            "template/unknown-function",
            "template/arity",
            "template/argument-type",
            "template/function-error"
        ]
    );
    assert!(
        r.diagnostics[0]
            .help
            .as_deref()
            .unwrap()
            .contains("docs/macros.md lists the functions"),
        "{:?}",
        r.diagnostics[0].help
    );
    assert!(r.text.contains("e: \"\\\"ABC\\\"\""), "{}", r.text);
    assert!(r.text.contains("f: \"d\""), "{}", r.text);
    let spans: Vec<&str> = r.diagnostics.iter().map(|d| &src[d.span.range()]).collect();
    assert_eq!(spans, ["frobnicate", "substr 0", "\\\"2\\\"", "b64dec"]);
}

#[test]
fn trim_markers() {
    let src = "a: \"x   {{- .spectro.var.v -}}   y\"\n";
    assert_eq!(render_ok(src, vars(json!({"v": "1"}))).text, "a: \"x1y\"\n");
}

#[test]
fn variables_are_checked_and_masked() {
    let c = json!({"variables": {
        "definitions": [
            {"name": "tag", "format": "string", "regex": "^[a-z0-9]+$", "required": true},
            {"name": "ip", "format": "ipv4"},
            {"name": "pw", "isSensitive": true, "format": "base64"},
            {"name": "size", "inputType": "dropdown", "options": [{"value": "small"}, {"value": "large"}]},
            {"name": "hid", "isHidden": true},
            {"name": "need", "required": true}
        ],
        "values": {"tag": "Demo", "ip": "10.0.0.300", "pw": "not base64 secret!", "size": "smal"}
    }});
    let src = "a: \"{{ .spectro.var.tag }}\"\nb: \"{{ .spectro.var.ip }}\"\nc: \"{{ .spectro.var.pw }}\"\nd: \"{{ .spectro.var.size }}\"\ne: \"{{ .spectro.var.hid }}\"\nf: \"{{ .spectro.var.need }}\"\ng: \"{{ .spectro.var.nope }}\"\nh: \"{{ .spectro.var.bad-name }}\"\n";
    let r = render_ok(src, c);
    assert_eq!(
        codes(&r.diagnostics),
        [
            "variable/regex",
            "variable/format",
            "variable/format",
            "variable/option",
            "variable/definition",
            "template/missing-value",
            "variable/required",
            "variable/undefined",
            "variable/name"
        ]
    );
    for d in &r.diagnostics {
        assert!(
            !d.message.contains("not base64 secret!")
                && !d.help.as_deref().unwrap_or("").contains("not base64"),
            "{d:?}"
        );
    }
    assert_eq!(
        r.diagnostics[3].help.as_deref(),
        Some("did you mean `small`?")
    );
    assert!(r.text.contains("c: \"not base64 secret!\""));
}

#[test]
fn macros_by_scope() {
    let src = "a: \"{{ .spectro.macro.reg }}\"\nb: \"{{ .spectro.macro.only_sys }}\"\nc: \"{{ .spectro.macro.rg }}\"\n";
    let r = render_ok(
        src,
        json!({"macros": {"project": {"reg": "p"}, "tenant": {"reg": "t"}, "system": {"reg": "s", "only_sys": "s2"}}}),
    );
    assert!(r.text.starts_with("a: \"p\"\nb: \"s2\"\n"), "{}", r.text);
    assert_eq!(codes(&r.diagnostics), ["template/unknown-macro"]);
    assert_eq!(
        r.diagnostics[0].help.as_deref(),
        Some("did you mean `.spectro.macro.reg`?")
    );
}

#[test]
fn pack_values_keep_their_types() {
    let src = "a: \"{{ .spectro.pack.p.f }} {{ .spectro.pack.p.i }} {{ .spectro.pack.p.b }} {{ .spectro.pack.p.s }}\"\nf: 8.10\ni: 0x10\nb: true\ns: '22.04'\n";
    let out = render(
        src,
        &Context::default(),
        &Options {
            pack_name: Some("p".into()),
            ..Options::default()
        },
    )
    .unwrap();
    assert!(
        out.text.starts_with("a: \"8.1 16 true 22.04\""),
        "{}",
        out.text
    );
}

#[test]
fn keys_with_macros() {
    let src = "\"{{ .spectro.var.k }}\": 1\nx{{ .spectro.var.k }}: 2\n";
    let out = render_ok(src, vars(json!({"k": "a: b"})));
    assert_eq!(out.text, "\"a: b\": 1\n\"xa: b\": 2\n");
}

#[test]
fn unquoted_and_unsupported_actions_warn() {
    let src = "a: {{ .spectro.var.x }}\nb: \"{{ printf \\\"%s\\\" .Values.a .spectro.var.x }}\"\nc: \"{{ .spectro.app.x.y.z }}\"\n";
    let r = crate::validate(src, &Options::default());
    let mut c = codes(&r.diagnostics);
    c.retain(|c| c.starts_with("template/"));
    assert_eq!(
        c,
        [
            "template/unquoted",
            "template/unsupported",
            "template/unsupported"
        ]
    );
}

#[test]
fn multiline_actions_in_folded_double_quotes() {
    let src =
        "uri: \"{{ .spectro.pack.p.reg\n  }}/{{\n  .spectro.pack.p.repo }}\"\nreg: r\nrepo: o\n";
    let out = render(
        src,
        &Context::default(),
        &Options {
            pack_name: Some("p".into()),
            ..Options::default()
        },
    )
    .unwrap();
    assert!(out.text.starts_with("uri: \"r/o\"\n"), "{}", out.text);
    let bad = src.replace(".spectro.pack.p.repo", ".spectro.pack.p.rep");
    let mut r = crate::validate(
        &bad,
        &Options {
            pack_name: Some("p".into()),
            ..Options::default()
        },
    );
    r.diagnostics
        .retain(|d| d.code.as_str().starts_with("template/"));
    assert_eq!(codes(&r.diagnostics), ["template/unknown-path"]);
    assert_eq!(&bad[r.diagnostics[0].span.range()], ".spectro.pack.p.rep");
    assert_eq!(
        (r.diagnostics[0].span.line, r.diagnostics[0].span.column),
        (3, 3)
    );
}

#[test]
fn exponential_references_hit_the_output_budget_fast() {
    let mut src = String::new();
    for i in 0..40 {
        src.push_str(&format!(
            "k{i}: \"{{{{ .spectro.pack.p.k{} }}}} {{{{ .spectro.pack.p.k{} }}}}\"\n",
            i + 1,
            i + 1
        ));
    }
    src.push_str("k40: x\n");
    let t = std::time::Instant::now();
    let e = render(
        &src,
        &Context::default(),
        &Options {
            pack_name: Some("p".into()),
            ..Options::default()
        },
    )
    .unwrap_err();
    let took = t.elapsed();
    assert!(
        e.iter().any(|d| d.code == Code::LimitOutputSize),
        "{:?}",
        e.diagnostics
    );
    assert!(took.as_millis() < 1000, "{took:?}");
    eprintln!("exponential chain (40 levels) rejected in {took:?}");
}

#[test]
fn long_linear_chains_do_not_overflow() {
    let mut src = String::new();
    for i in 0..10_000 {
        src.push_str(&format!("k{i}: \"{{{{ .spectro.pack.p.k{} }}}}\"\n", i + 1));
    }
    src.push_str("k10000: end\n");
    let o = Options {
        pack_name: Some("p".into()),
        ..Options::default()
    };
    let t = std::time::Instant::now();
    let e = render(&src, &Context::default(), &o).unwrap_err();
    eprintln!("10,000-long chain rejected (depth 64) in {:?}", t.elapsed());
    assert_eq!(codes(&e.diagnostics), ["limit/reference-depth"]);
    let mut o = o;
    o.limits.max_reference_depth = 20_000;
    let out = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || {
            let t = std::time::Instant::now();
            let r = render(&src, &Context::default(), &o).map(|r| r.text);
            eprintln!(
                "10,000-long chain resolved on a 256 KiB stack in {:?}",
                t.elapsed()
            );
            r
        })
        .unwrap()
        .join()
        .unwrap()
        .unwrap();
    assert!(out.starts_with("k0: \"end\"\nk1: \"end\"\n"));
}

#[test]
fn profile_packs_reference_each_other() {
    let profile = json!({
        "metadata": {"name": "edge"},
        "spec": {
            "template": {"packs": [
                {"name": "edge-native-byoi", "tag": "1.0.0", "layer": "os", "values": CANVOS},
                {"name": "edge-k3s", "layer": "k8s", "values": "cluster:\n  image: '{{ .spectro.pack.edge-native-byoi.pack.content.images.0.image }}'\n  v: \"{{ .spectro.var.v }}\"\n"}
            ]},
            "variables": [{"name": "v", "format": "version", "defaultValue": "1.2.3"}, {"name": "bad", "isHidden": true}]
        }
    });
    let c = ctx(json!({"system": {"kubernetes.version": "1.29.5"}}));
    let r = render_profile(&profile.to_string(), &c, &Options::default()).unwrap();
    assert_eq!(r.name.as_deref(), Some("edge"));
    assert_eq!(codes(&r.diagnostics), ["variable/definition"]);
    assert_eq!(
        r.packs[1].text,
        "cluster:\n  image: 'ttl.sh/ubuntu:k3s-1.29.5-v4.2.3-demo'\n  v: \"1.2.3\"\n"
    );
    // The pack rules run on each pack: CanvOS's unquoted `system.osVersion: 22`.
    assert_eq!(codes(&r.packs[0].diagnostics), ["yaml/implicit-type"]);
    assert!(r.packs[1].diagnostics.is_empty(), "{:#?}", r.packs[1]);
}

#[test]
fn rendered_checks_hide_fragments_of_sensitive_values() {
    let src = CANVOS.replace(
        "system.registry: ttl.sh",
        "system.registry: \"{{ .spectro.var.reg }}\"",
    );
    let o: Options = serde_json::from_value(json!({"context": {
        "system": {"kubernetes.version": "1.29.5"},
        "variables": {"definitions": [{"name": "reg", "isSensitive": true}], "values": {"reg": "SECRETuser://host.example"}}
    }}))
    .unwrap();
    let r = crate::validate(&src, &o);
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.code == Code::PackInvalidValue)
        .expect("the registry is checked after rendering");
    assert!(d.message.starts_with("after rendering"), "{d:?}");
    for d in &r.diagnostics {
        assert!(
            !format!("{} {:?}", d.message, d.help).contains("SECRET"),
            "{d:?}"
        );
    }
}

#[test]
fn blocks_nested_too_deep_are_kept_and_many_blocks_are_bounded() {
    // 17 nested blocks: past the depth limit, kept with a warning, no recursion.
    let deep = format!(
        "v: \"{}y{}\"\n",
        "{{ if .spectro.var.v }}".repeat(17),
        "{{ end }}".repeat(17)
    );
    let out = render_ok(&deep, vars(json!({"v": "a"})));
    assert!(out.text.contains("{{ if .spectro.var.v }}"), "{}", out.text);
    assert!(codes(&out.diagnostics).contains(&"template/unsupported"));
    // 16 nested: evaluated.
    let ok = format!(
        "v: \"{}y{}\"\n",
        "{{ if .spectro.var.v }}".repeat(16),
        "{{ end }}".repeat(16)
    );
    assert_eq!(render_ok(&ok, vars(json!({"v": "a"}))).text, "v: \"y\"\n");
    // Very many blocks in one value: bounded by the work budget or rendered, never hung.
    let many = format!(
        "v: \"{}\"\n",
        "{{ if .spectro.var.v }}{{ upper .spectro.var.v }}{{ end }}".repeat(20_000)
    );
    let r = render(&many, &ctx(vars(json!({"v": "a"}))), &Options::default());
    match r {
        Ok(r) => assert!(r.text.len() > 20_000 || !r.diagnostics.is_empty()),
        Err(e) => assert!(e
            .diagnostics
            .iter()
            .any(|d| d.code.as_str().starts_with("limit/"))),
    }
}
