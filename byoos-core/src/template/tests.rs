//! End-to-end tests of rendering and checking macros.

use super::*;
use crate::Options;
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
        .replace("\"{{.spectro.pack.edge-native-byoi.options.system.uri}}\"", "\"ttl.sh/ubuntu:k3s-1.29.5-v4.2.3-demo\"")
        .replace(&CANVOS[CANVOS.find("\"{{ .spectro.pack.edge-native-byoi.options.system.registry").unwrap()..CANVOS.find("}}\"\n  system.registry").unwrap() + 3], "\"ttl.sh/ubuntu:k3s-1.29.5-v4.2.3-demo\"");
    assert_eq!(out.text, want);
}

#[test]
fn validate_without_context_checks_names() {
    let src = CANVOS.replace("kubernetes.version", "kunernetes.version").replace("system.peVersion }}", "system.peVerison }}");
    let mut r = crate::validate(&src, &Options::default());
    r.diagnostics.retain(|d| d.code.as_str().starts_with("template/"));
    assert_eq!(codes(&r.diagnostics), ["template/unknown-system-macro", "template/unknown-path"], "{:#?}", r.diagnostics);
    let d = &r.diagnostics[0];
    assert_eq!(&src[d.span.range()], ".spectro.system.kunernetes.version");
    assert_eq!(d.help.as_deref(), Some("did you mean `.spectro.system.kubernetes.version`?"));
    let d = &r.diagnostics[1];
    assert_eq!(&src[d.span.range()], ".spectro.pack.edge-native-byoi.options.system.peVerison");
    assert_eq!(d.help.as_deref(), Some("did you mean `.spectro.pack.edge-native-byoi.options.system.peVersion`?"));
}
