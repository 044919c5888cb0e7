//! A profile of several packs rendered and validated with a context gives what each pack
//! gives on its own (docs/macros.md, `render_profile` and `validate` of a profile):
//!
//! - `validate` of the profile checks each pack as `validate` checks values, with the
//!   given context and the profile's other packs under the names the context does not
//!   give (and the profile's variable definitions);
//! - `render_profile` renders each pack to the text `render` gives it against the given
//!   context with the profile's packs in place of the context's of the same name, and
//!   reports what that render finds and what the pack's `validate` finds, each once.
//!
//! Each pack's values are parsed once per call and that document is shared by the render,
//! the pack rules, the macro checks and the other packs' references; these tests hold the
//! results to the per-pack operations that parse everything on their own.

use byoos_core::{
    render, render_profile, validate, Code, Context, Diagnostic, Limits, Options, PackKind,
    Severity,
};
use serde_json::{json, Map, Value};

const PROFILE: &str = r#"name: shop
variables:
  - name: registry_host
    format: string
  - name: custom_tag
    defaultValue: demo
packs:
  - name: edge-native-byoi
    layer: os
    values: |
      pack:
        content:
          images:
            - image: "{{.spectro.pack.edge-native-byoi.options.system.uri}}"
      options:
        system.uri: "{{ .spectro.pack.edge-native-byoi.options.system.registry }}/ubuntu:k3s-{{ .spectro.pack.edge-k3s.pack.k8sVersion }}-v4.4.12-{{ .spectro.var.custom_tag }}"
        system.registry: "{{ .spectro.var.registry_host }}/edge"
        system.repo: ubuntu
        system.k8sDistribution: k3s
        system.osName: ubuntu
        system.peVersion: v4.4.12
        system.customTag: "{{ .spectro.var.custom_tag | upper }}"
        system.osVersion: 22.04
        system.peVersoin: v4.4.12
  - name: edge-k3s
    layer: k8s
    values: |
      pack:
        k8sVersion: "{{ .spectro.system.kubernetes.version }}"
        podCIDR: 192.168.0.0/16
  - name: cni-calico
    layer: cni
    values: |
      manifests:
        calico:
          registry: "{{ .spectro.pack.edge-native-byoi.options.system.registry }}"
          cidr: "{{ .spectro.pack.edge-k3s.pack.podCIDR }}"
          missing: "{{ .spectro.pack.edge-k3s.pack.nope }}"
          retention: "{{ .spectro.pack.monitoring.retention }}"
          replicas: "{{ .spectro.pack.plain.replicas }}"
          mail: "{{ .spectro.macro.support_email }}"
  - name: plain
    layer: addon
    values: |
      replicas: 2
      name: plain
      name: again
  - name: broken
    layer: addon
    values: "a: [1, {{ .spectro.system.cluster.name }}\n"
  - name: os-image
    layer: os
    values: |
      pack:
        osImageOverride: "ami-0123456789abcdef0"
        osName: "{{ .spectro.pack.edge-native-byoi.options.system.osName }}"
        osVersion: "22.04"
        region: "{{ .spectro.pack.nope.region }}{{ .spectro.var.nothere }}"
"#;

/// The given context: system macros, variable values, a user macro, and two packs — one
/// only the context has (`monitoring`), one the profile has too (`plain`).
fn given() -> Context {
    Context::from_text(
        r#"{
          "system": {"kubernetes": {"version": "1.30.4"}, "cluster": {"name": "edge-1"}},
          "packs": {"monitoring": "retention: 15d\n", "plain": {"replicas": 3, "name": "given"}},
          "variables": {"values": {"registry_host": "harbor.example.com"}},
          "macros": {"project": {"support_email": "ops@example.com"}}
        }"#,
        &Limits::default(),
    )
    .expect("a context")
}

/// The packs of [`PROFILE`], as (name, values).
fn packs() -> Vec<(String, String)> {
    let doc = byoos_core::Document::parse(PROFILE, &Limits::default(), &mut Vec::new());
    let root = doc.root().expect("a profile");
    root.get("packs")
        .and_then(|p| p.items())
        .expect("packs")
        .iter()
        .map(|p| {
            let field = |k: &str| {
                p.get(k)
                    .and_then(|v| v.scalar())
                    .map(|(s, _)| s.to_owned())
                    .expect("a field")
            };
            (field("name"), field("values"))
        })
        .collect()
}

/// The given context with the profile's other packs and its variable definitions;
/// `override_given`: a profile pack replaces the context's of the same name (the render),
/// else the context's is kept (the checks).
fn context_for(override_given: bool) -> Context {
    let mut text: Value = json!({
        "system": {"kubernetes": {"version": "1.30.4"}, "cluster": {"name": "edge-1"}},
        "packs": {"monitoring": "retention: 15d\n", "plain": {"replicas": 3, "name": "given"}},
        "variables": {
            "definitions": [
                {"name": "registry_host", "format": "string"},
                {"name": "custom_tag", "defaultValue": "demo"}
            ],
            "values": {"registry_host": "harbor.example.com"}
        },
        "macros": {"project": {"support_email": "ops@example.com"}}
    });
    let packs: &mut Map<String, Value> = text["packs"].as_object_mut().expect("packs");
    for (name, values) in self::packs() {
        if override_given || !packs.contains_key(&name) {
            packs.insert(name, Value::String(values));
        }
    }
    Context::from_text(&text.to_string(), &Limits::default()).expect("a context")
}

/// What a list of findings says, without the text the profile adds to messages (the
/// pack's label) or the spans (placed into the profile text).
fn said(diags: &[Diagnostic]) -> Vec<(Code, String, Severity)> {
    let mut out: Vec<(Code, String, Severity)> = diags
        .iter()
        .map(|d| (d.code, d.path.to_string(), d.severity))
        .collect();
    out.sort();
    out.dedup();
    out
}

fn with_context(context: Context) -> Options {
    let mut o = Options::default();
    o.context = Some(context);
    o
}

/// `validate` of one pack's values as the profile checks it: a pack that is not a BYOOS
/// pack gets the YAML lints and the macro checks, not the pack rules (which would say
/// its kind cannot be told).
fn validate_alone(
    name: &str,
    values: &str,
    kind: Option<PackKind>,
    limits: Limits,
) -> Vec<Diagnostic> {
    let mut o = with_context(context_for(false));
    o.pack = kind;
    o.pack_name = Some(name.to_owned());
    o.input = Some(byoos_core::InputKind::Values);
    o.limits = limits;
    let mut diags = validate(values, &o).diagnostics;
    if kind.is_none() {
        diags.retain(|d| d.code != Code::PackUnknownKind);
    }
    diags
}

#[test]
fn validate_of_the_profile_checks_each_pack_as_validate_checks_it_alone() {
    let mut larger = Limits::default();
    larger.max_nodes *= 2;
    for limits in [Limits::default(), larger] {
        let mut o = with_context(given());
        o.limits = limits;
        let report = validate(PROFILE, &o);
        let packs = packs();
        assert_eq!(report.packs.len(), packs.len());
        for (pack, (name, values)) in report.packs.iter().zip(&packs) {
            assert_eq!(&pack.name, name);
            let alone = validate_alone(name, values, pack.kind, limits);
            assert_eq!(said(&pack.diagnostics), said(&alone), "pack {name}");
        }
        let kinds: Vec<Option<PackKind>> = report.packs.iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            [
                Some(PackKind::EdgeNativeByoi),
                None,
                None,
                None,
                None,
                Some(PackKind::GenericByoi)
            ]
        );
    }
}

#[test]
fn render_of_the_profile_gives_each_pack_what_its_render_and_validate_give() {
    let r = render_profile(PROFILE, &given(), &Options::default()).expect("a rendered profile");
    let checks = validate(PROFILE, &with_context(given()));
    let packs = packs();
    assert_eq!(r.packs.len(), packs.len());
    let render_context = context_for(true);
    for ((pack, (name, values)), checked) in r.packs.iter().zip(&packs).zip(&checks.packs) {
        assert_eq!(&pack.name, name);
        let mut o = with_context(render_context.clone());
        o.pack_name = Some(name.clone());
        let mut expected = validate_alone(name, values, checked.kind, Limits::default());
        match render(values, &render_context, &o) {
            Ok(alone) => {
                assert_eq!(pack.text, alone.text, "pack {name}");
                expected.extend(alone.diagnostics);
            }
            Err(failure) => {
                // Values that are not YAML keep their text and only answer references.
                assert_eq!(&pack.text, values, "pack {name}");
                expected.extend(failure.diagnostics);
            }
        }
        assert_eq!(said(&pack.diagnostics), said(&expected), "pack {name}");
        assert_eq!(
            pack.ok,
            checked.ok && !expected.iter().any(|d| d.severity == Severity::Error)
        );
    }
}

#[test]
fn each_finding_of_a_pack_comes_once() {
    // The parse's findings of a pack are shared by the render and the checks: reported
    // once, as is the duplicate key the lints find.
    let r = render_profile(PROFILE, &given(), &Options::default()).expect("a rendered profile");
    let v = validate(PROFILE, &with_context(given()));
    for list in [
        r.packs
            .iter()
            .map(|p| (p.name.as_str(), &p.diagnostics))
            .collect::<Vec<_>>(),
        v.packs
            .iter()
            .map(|p| (p.name.as_str(), &p.diagnostics))
            .collect(),
    ] {
        for (name, diags) in list {
            let mut seen: Vec<(Code, String, usize, usize)> = diags
                .iter()
                .map(|d| (d.code, d.path.to_string(), d.span.start, d.span.end))
                .collect();
            let n = seen.len();
            seen.sort();
            seen.dedup();
            assert_eq!(seen.len(), n, "pack {name}: {diags:#?}");
        }
        let codes = |name: &str| -> Vec<Code> {
            let diags = &v
                .packs
                .iter()
                .find(|p| p.name == name)
                .expect("the pack")
                .diagnostics;
            diags.iter().map(|d| d.code).collect()
        };
        assert!(
            codes("broken").contains(&Code::YamlSyntax),
            "{:#?}",
            codes("broken")
        );
        assert!(
            codes("plain").contains(&Code::YamlDuplicateKey),
            "{:#?}",
            codes("plain")
        );
    }
}

#[test]
fn the_packs_resolve_against_each_other_and_the_context() {
    let r = render_profile(PROFILE, &given(), &Options::default()).expect("a rendered profile");
    let text = |name: &str| {
        r.packs
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.text.as_str())
            .expect("the pack")
    };
    assert!(
        text("edge-native-byoi")
            .contains("system.uri: \"harbor.example.com/edge/ubuntu:k3s-1.30.4-v4.4.12-demo\""),
        "{}",
        text("edge-native-byoi")
    );
    let cni = text("cni-calico");
    for line in [
        "registry: \"harbor.example.com/edge\"",
        "cidr: \"192.168.0.0/16\"",
        "retention: \"15d\"",
        // the profile's pack, not the context's of the same name
        "replicas: \"2\"",
        "mail: \"ops@example.com\"",
    ] {
        assert!(cni.contains(line), "{line} in {cni}");
    }
    assert!(
        text("os-image").contains("osName: \"ubuntu\""),
        "{}",
        text("os-image")
    );
    assert_eq!(
        text("broken"),
        "a: [1, {{ .spectro.system.cluster.name }}\n"
    );
}

#[test]
fn the_findings_of_each_pack() {
    use Code::*;
    use Severity::{Error, Warning};
    type Findings = Vec<(Code, &'static str, Severity)>;
    let expected: [(&str, Findings); 6] = [
        (
            "edge-native-byoi",
            vec![
                (YamlImplicitType, "options/system.osVersion", Warning),
                (PackUnknownKey, "options/system.peVersoin", Warning),
                // after rendering: the tag `DEMO`
                (PackInvalidValue, "options/system.customTag", Warning),
            ],
        ),
        ("edge-k3s", vec![]),
        (
            "cni-calico",
            vec![(TemplateUnknownPath, "manifests/calico/missing", Warning)],
        ),
        ("plain", vec![(YamlDuplicateKey, "name", Error)]),
        ("broken", vec![(YamlSyntax, "a/2", Error)]),
        (
            "os-image",
            vec![
                (PackUnknownKey, "pack/region", Warning),
                (TemplateUnknownPack, "pack/region", Warning),
                (VariableUndefined, "pack/region", Error),
            ],
        ),
    ];
    let r = render_profile(PROFILE, &given(), &Options::default()).expect("a rendered profile");
    let v = validate(PROFILE, &with_context(given()));
    assert!(v.diagnostics.is_empty(), "{:#?}", v.diagnostics);
    assert!(r.diagnostics.is_empty(), "{:#?}", r.diagnostics);
    for (i, (name, want)) in expected.iter().enumerate() {
        let mut want: Vec<(Code, String, Severity)> = want
            .iter()
            .map(|(c, p, s)| (*c, (*p).to_owned(), *s))
            .collect();
        want.sort();
        assert_eq!(&r.packs[i].name, name);
        assert_eq!(
            said(&r.packs[i].diagnostics),
            want,
            "render_profile, pack {name}"
        );
        assert_eq!(&v.packs[i].name, name);
        assert_eq!(said(&v.packs[i].diagnostics), want, "validate, pack {name}");
    }
}
