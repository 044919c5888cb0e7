//! Inputs for the byoos benchmarks, made the same way every time (no randomness), and the
//! real pack values of `../shared/data/pack-values/` when they are there.
//!
//! - [`profile`]: a realistic 10-pack cluster profile (~5,000 lines, ~200 macros of every
//!   kind: system, cross-pack, self, nested, variables, user macros, pipelines) and its
//!   context.
//! - [`scale`]: one values document with `n` macros (1k, 10k, 100k).
//! - [`chain`]: one values document whose values reference each other in a chain `n` long.
//! - [`real_packs`]: the real values files (never copied into the repository).
//! - [`image_refs`]: image references per provider for `check_image`.
//!
//! `cargo run -p byoos-benches --bin gen-inputs -- DIR` writes them all, with a
//! `manifest.json`, for the Python and Node harnesses and the peers' tests.

pub mod measure;

use serde_json::{json, Value};
use std::fmt::Write as _;
use std::path::PathBuf;

/// The repository root (the folder above this crate).
#[must_use]
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), std::path::Path::to_path_buf)
}

/// Where the real pack values are: `$BYOOS_PACK_VALUES`, else
/// `../shared/data/pack-values/` relative to the repository root.
#[must_use]
pub fn pack_values_dir() -> PathBuf {
    std::env::var_os("BYOOS_PACK_VALUES").map_or_else(
        || repo_root().join("../shared/data/pack-values"),
        PathBuf::from,
    )
}

/// The message printed when the real pack values are absent.
pub const NO_PACK_VALUES: &str = "skipped: real pack values absent (../shared/data/pack-values \
     is not part of the repository; set BYOOS_PACK_VALUES to another folder)";

/// One real values file.
#[derive(Clone, Debug)]
pub struct RealPack {
    /// The pack's name (from its `pack.json`), used for self references.
    pub name: String,
    /// File name.
    pub file: String,
    /// Absolute path.
    pub path: PathBuf,
    /// The values text.
    pub text: String,
}

/// The real pack values, sorted by file name; `None` when the folder is absent.
#[must_use]
pub fn real_packs() -> Option<Vec<RealPack>> {
    let dir = pack_values_dir();
    let entries = std::fs::read_dir(&dir).ok()?;
    let mut paths: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".values.yaml"))
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for path in paths {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let file = path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        let meta = path.to_string_lossy().replace(".values.yaml", ".pack.json");
        let name = std::fs::read_to_string(&meta)
            .ok()
            .and_then(|m| serde_json::from_str::<Value>(&m).ok())
            .and_then(|m| m["name"].as_str().map(str::to_owned))
            .unwrap_or_else(|| file.trim_end_matches(".values.yaml").to_owned());
        out.push(RealPack {
            name,
            file,
            path: path.canonicalize().unwrap_or(path),
            text,
        });
    }
    (!out.is_empty()).then_some(out)
}

/// The context the real pack values are rendered with (the values their macros use).
#[must_use]
pub fn real_context() -> Value {
    json!({
        "system": {"cluster": {"name": "edge-01", "uid": "c-123"}, "kubernetes": {"version": "1.30.4"}},
        "variables": {"values": {"clusterProvider": "AWS", "sedaiBaseUrl": "https://app.example", "sedaiApiToken": "t0ken"}}
    })
}

/// A generated input: its text and what describes it.
#[derive(Clone, Debug)]
pub struct Input {
    /// The text (values, or a profile).
    pub text: String,
    /// The context to render with (the Context shape).
    pub context: Value,
    /// The name the document has for self references (`options.pack_name`).
    pub pack_name: Option<String>,
    /// Limits to raise (the `Limits` fields), as JSON.
    pub limits: Value,
    /// Number of Palette macros.
    pub macros: usize,
}

impl Input {
    /// Number of lines.
    #[must_use]
    pub fn lines(&self) -> usize {
        self.text.lines().count()
    }
}

/// Count the Palette actions in a text.
#[must_use]
pub fn count_macros(text: &str) -> usize {
    text.matches("{{ .spectro.").count()
        + text.matches("{{.spectro.").count()
        + text.matches("{{- .spectro.").count()
}

// -------------------------------------------------------------------------------------
// The 10-pack profile
// -------------------------------------------------------------------------------------

/// The packs of the profile: name, layer, tag, number of Helm-like components.
const PROFILE_PACKS: &[(&str, &str, &str, usize)] = &[
    ("edge-native-byoi", "os", "2.1.0", 1),
    ("edge-k3s", "k8s", "1.30.4", 4),
    ("cni-calico", "cni", "3.28.2", 8),
    ("csi-longhorn", "csi", "1.7.2", 10),
    ("cert-manager", "addon", "1.15.3", 7),
    ("ingress-nginx", "addon", "4.11.3", 9),
    ("kube-prometheus-stack", "addon", "65.1.1", 14),
    ("argo-cd", "addon", "7.6.12", 12),
    ("kyverno", "addon", "3.2.7", 11),
    ("velero", "addon", "7.2.1", 9),
];

/// The system part of the profile's context.
fn profile_context() -> Value {
    json!({
        "system": {
            "cluster": {"name": "edge-retail-042", "uid": "6651a3f2c0ffee0042"},
            "kubernetes": {"version": "1.30.4"},
            "cloud": {"type": "edge-native", "region": "eu-west-1"},
            "project": {"name": "retail", "uid": "5f3c9a11aa"},
            "clusterprofile.name": "edge-retail"
        },
        "variables": {"values": {"registry_host": "harbor.retail.example.com", "environment": "prod"}},
        "macros": {"project": {"support_email": "ops@retail.example.com"}, "tenant": {"org": "acme"}}
    })
}

const PROFILE_VARIABLES: &str = "variables:
  - name: registry_host
    displayName: Registry host
    format: string
    required: true
  - name: environment
    inputType: dropdown
    defaultValue: dev
    options:
      - value: dev
      - value: staging
      - value: prod
  - name: log_level
    defaultValue: info
  - name: replicas
    format: number
    defaultValue: \"2\"
  - name: custom_tag
    defaultValue: demo
    regex: \"^[a-z0-9-]+$\"
";

/// The OS pack: the Edge BYOOS layout with its `system.uri` chain.
fn os_pack(out: &mut String) {
    let me = "edge-native-byoi";
    let _ = write!(
        out,
        "pack:
  content:
    images:
      - image: \"{{{{.spectro.pack.{me}.options.system.uri}}}}\"
options:
  system.uri: \"{{{{ .spectro.pack.{me}.options.system.registry }}}}/{{{{ .spectro.pack.{me}.options.system.repo }}}}:{{{{ .spectro.pack.{me}.options.system.k8sDistribution }}}}-{{{{ .spectro.system.kubernetes.version }}}}-{{{{ .spectro.pack.{me}.options.system.peVersion }}}}-{{{{ .spectro.pack.{me}.options.system.customTag }}}}\"
  # The registry of the provider images
  system.registry: \"{{{{ .spectro.var.registry_host }}}}/edge\"
  system.repo: ubuntu
  system.k8sDistribution: k3s
  system.osName: ubuntu
  system.peVersion: v4.4.12
  system.customTag: \"{{{{ .spectro.var.custom_tag | default \\\"demo\\\" }}}}\"
  system.osVersion: \"22.04\"
"
    );
}

/// The Kubernetes pack's own keys, referenced by other packs.
fn k8s_pack_head(out: &mut String) {
    out.push_str(
        "cluster:
  config: |
    flannel-backend: host-gw
    disable-network-policy: true
    disable:
      - traefik
      - servicelb
    kube-apiserver-arg:
      - \"audit-log-path=/var/log/kubernetes/audit.log\"
      - \"audit-log-maxage=30\"
    node-label:
      - \"cluster={{ .spectro.system.cluster.name }}\"
      - \"region={{ .spectro.system.cloud.region }}\"
pack:
  podCIDR: \"192.168.0.0/16\"
  serviceClusterIpRange: \"10.96.0.0/12\"
  clusterDomain: cluster.local
  k8sVersion: \"{{ .spectro.system.kubernetes.version | substr 0 4 }}\"
  palette:
    config:
      dashboard:
        identityProvider: palette
",
    );
}

/// A pack's `global` block: the values its components reference (nested macros).
fn global_block(out: &mut String, me: &str) {
    let _ = write!(
        out,
        "# Values shared by every component of {me}
global:
  project: \"{{{{ .spectro.system.project.name }}}}\"
  imageRegistry: \"{{{{ .spectro.var.registry_host }}}}/{{{{ .spectro.pack.{me}.global.project }}}}\"
  imagePullSecrets: []
  environment: \"{{{{ .spectro.var.environment | default \\\"dev\\\" | upper }}}}\"
  labels:
    app.kubernetes.io/part-of: {me}
    app.kubernetes.io/managed-by: palette
    palette.io/cluster: \"{{{{ .spectro.system.cluster.name }}}}\"
"
    );
}

/// One Helm-like component (~50 lines) with macros whose kind depends on `g`.
fn component(out: &mut String, me: &str, c: usize, g: usize) {
    let name = format!("component{c:02}");
    let port = 8000 + g;
    // Two macros per component, kinds cycling over the whole profile.
    let image_registry = match g % 3 {
        0 => format!("{{{{ .spectro.pack.{me}.global.imageRegistry }}}}"),
        1 => "{{ .spectro.var.registry_host }}".to_owned(),
        _ => "quay.io".to_owned(),
    };
    let env_value = match g % 7 {
        0 => "{{ .spectro.system.cluster.name }}".to_owned(),
        1 => "{{ .spectro.pack.edge-k3s.pack.podCIDR }}".to_owned(),
        2 => "{{ .spectro.var.log_level | default \\\"info\\\" }}".to_owned(),
        3 => "{{ .spectro.system.kubernetes.version | substr 0 4 }}".to_owned(),
        4 => "{{ .spectro.macro.support_email }}".to_owned(),
        5 => "{{ .spectro.system.cluster.name | trunc 12 | lower }}-{{ .spectro.var.environment }}"
            .to_owned(),
        _ => format!("{{{{ .spectro.pack.{me}.global.environment }}}}"),
    };
    let _ = write!(
        out,
        "{name}:
  # -- Enable {name}
  enabled: true
  replicaCount: {replicas}
  image:
    registry: \"{image_registry}\"
    repository: {me}/{name}
    # -- Overrides the image tag whose default is the chart appVersion.
    tag: \"v1.{c}.{g}\"
    pullPolicy: IfNotPresent
  imagePullSecrets: []
  serviceAccount:
    create: true
    name: \"\"
    annotations: {{}}
  podAnnotations:
    prometheus.io/scrape: \"true\"
    prometheus.io/port: \"{port}\"
  podSecurityContext:
    runAsNonRoot: true
    runAsUser: 65532
    fsGroup: 65532
  securityContext:
    allowPrivilegeEscalation: false
    readOnlyRootFilesystem: true
    capabilities:
      drop:
        - ALL
  service:
    type: ClusterIP
    port: {port}
    annotations: {{}}
  resources:
    limits:
      cpu: 500m
      memory: 512Mi
    requests:
      cpu: 100m
      memory: 128Mi
  nodeSelector:
    kubernetes.io/os: linux
  tolerations:
    - key: node-role.kubernetes.io/control-plane
      operator: Exists
      effect: NoSchedule
  extraEnv:
    - name: CLUSTER_INFO
      value: \"{env_value}\"
    - name: LOG_FORMAT
      value: json
  config: |
    # Rendered by Helm at install time; Palette leaves these actions alone.
    server:
      name: {{{{ .Release.Name }}}}-{name}
      namespace: {{{{ .Release.Namespace }}}}
      timeout: 30s
  livenessProbe:
    httpGet:
      path: /healthz
      port: {port}
    initialDelaySeconds: 10
    periodSeconds: 20
",
        replicas = 1 + g % 3,
    );
}

/// The realistic 10-pack profile (Palette's simple profile shape) and its context.
#[must_use]
pub fn profile() -> Input {
    let mut text = String::from(
        "# A realistic edge cluster profile: OS, Kubernetes, CNI, CSI and six add-ons.\nname: edge-retail\n",
    );
    text.push_str(PROFILE_VARIABLES);
    text.push_str("packs:\n");
    let mut g = 0;
    for (i, (name, layer, tag, components)) in PROFILE_PACKS.iter().enumerate() {
        let mut values = String::new();
        match i {
            0 => {
                os_pack(&mut values);
                global_block(&mut values, name);
            }
            1 => {
                k8s_pack_head(&mut values);
                global_block(&mut values, name);
            }
            _ if i % 3 == 2 => {
                global_block(&mut values, name);
                let _ = writeln!(
                    values,
                    "podNetwork: \"{{{{ .spectro.pack.edge-k3s.pack.podCIDR }}}}\"\nosImage: \"{{{{ .spectro.pack.edge-native-byoi.options.system.uri }}}}\""
                );
            }
            _ => global_block(&mut values, name),
        }
        for c in 0..*components {
            component(&mut values, name, c, g);
            g += 1;
        }
        let _ = writeln!(
            text,
            "  - name: {name}\n    tag: {tag}\n    layer: {layer}\n    values: |"
        );
        for line in values.lines() {
            if line.is_empty() {
                text.push('\n');
            } else {
                let _ = writeln!(text, "      {line}");
            }
        }
    }
    let macros = count_macros(&text);
    Input {
        text,
        context: profile_context(),
        pack_name: None,
        limits: json!({}),
        macros,
    }
}

/// The values of each pack of [`profile`], as (name, values text): the bare documents.
#[must_use]
pub fn profile_pack_values(profile: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut current: Option<(String, String)> = None;
    let mut in_values = false;
    let mut in_packs = false;
    for line in profile.lines() {
        if line == "packs:" {
            in_packs = true;
        } else if !in_packs {
            continue;
        } else if let Some(name) = line.strip_prefix("  - name: ") {
            if let Some(p) = current.take() {
                out.push(p);
            }
            current = Some((name.to_owned(), String::new()));
            in_values = false;
        } else if line == "    values: |" {
            in_values = true;
        } else if in_values {
            if let Some((_, v)) = current.as_mut() {
                v.push_str(line.strip_prefix("      ").unwrap_or(""));
                v.push('\n');
            }
        }
    }
    if let Some(p) = current.take() {
        out.push(p);
    }
    out
}

// -------------------------------------------------------------------------------------
// Scaling inputs
// -------------------------------------------------------------------------------------

/// Limits raised for the scaling inputs (100k macros exceed the default budget of
/// 100,000 evaluations and of 200,000 YAML nodes; a 10k chain exceeds the default
/// reference depth of 64).
fn scale_limits(n: usize) -> Value {
    json!({
        "max_expansions": 100 * n + 1000,
        "max_reference_depth": n + 64,
        "max_nodes": 10 * n + 10_000,
    })
}

fn scale_context() -> Value {
    json!({
        "system": {"cluster": {"name": "edge-scale-01"}, "kubernetes": {"version": "1.30.4"}, "project": {"name": "scale"}},
        "variables": {"values": {"registry_host": "harbor.example.com", "environment": "prod"}},
        "macros": {"project": {"support_email": "ops@example.com"}}
    })
}

/// One values document with exactly `n` Palette macros, in groups of 100 entries, kinds
/// cycling: system, variable, self reference to a plain value, self reference to a value
/// with macros (nested), pipeline.
#[must_use]
pub fn scale(n: usize) -> Input {
    let me = "scale";
    let mut text = format!(
        "# {n} Palette macros\nglobal:\n  registry: harbor.example.com\n  project: \"{{{{ .spectro.system.project.name }}}}\"\n  prefix: \"{{{{ .spectro.pack.{me}.global.registry }}}}/{{{{ .spectro.pack.{me}.global.project }}}}\"\n"
    );
    let mut made = 3;
    let mut i = 0;
    while made < n {
        if i % 100 == 0 {
            let _ = writeln!(text, "group{:05}:", i / 100);
        }
        let value = match i % 5 {
            0 => format!("{{{{ .spectro.system.cluster.name }}}}-{i}"),
            1 => "{{ .spectro.var.registry_host }}".to_owned(),
            2 => format!("{{{{ .spectro.pack.{me}.global.registry }}}}/app{i}"),
            3 => format!("{{{{ .spectro.pack.{me}.global.prefix }}}}/app{i}:v1"),
            _ => "{{ .spectro.system.kubernetes.version | substr 0 4 }}".to_owned(),
        };
        let _ = writeln!(text, "  key{i:06}: \"{value}\"");
        made += 1;
        i += 1;
    }
    Input {
        macros: count_macros(&text),
        text,
        context: scale_context(),
        pack_name: Some(me.to_owned()),
        limits: scale_limits(n),
    }
}

/// One values document whose `n` values form a chain: `c00001` references `c00000`, …,
/// the last references the one before; resolving the last walks the whole chain.
#[must_use]
pub fn chain(n: usize) -> Input {
    let me = "chain";
    let mut text = format!("# a chain {n} references long\nc{:05}: end\n", 0);
    for i in 1..=n {
        let _ = writeln!(
            text,
            "c{i:05}: \"{{{{ .spectro.pack.{me}.c{:05} }}}}\"",
            i - 1
        );
    }
    Input {
        macros: count_macros(&text),
        text,
        context: scale_context(),
        pack_name: Some(me.to_owned()),
        limits: scale_limits(n),
    }
}

// -------------------------------------------------------------------------------------
// Error paths and diagnostics
// -------------------------------------------------------------------------------------

/// A generic-byoi values file with many findings (`n` repeated blocks of mistakes):
/// the error path of `validate` and the input of the diagnostics renderers.
#[must_use]
pub fn with_errors(n: usize) -> String {
    let mut text = String::from(
        "pack:\n  osImageOverride: \u{201c}ami-0f4804aff4cf9c5a2\u{201d}\n  osName: rhel\n  osVersion: 8.10\n  customTag: \"\"\n",
    );
    for i in 0..n {
        let _ = write!(
            text,
            "  extra{i}: \"{{{{ .spectro.system.kubernetes.vesion }}}}\"\n  other{i}: \"{{{{ .spectro.pack.generic-byoi.pack.osNme }}}}\"\n"
        );
    }
    text.push_str("content:\n  images: []\n");
    text
}

/// A values file that is not YAML (the fatal error path of `render`).
#[must_use]
pub fn broken() -> String {
    let mut text = profile_pack_values(&profile().text)
        .into_iter()
        .nth(3)
        .map(|(_, v)| v)
        .unwrap_or_default();
    text.push_str("  bad: [unclosed\n");
    text
}

// -------------------------------------------------------------------------------------
// Image references
// -------------------------------------------------------------------------------------

/// Image references per provider (valid and invalid forms), for `check_image`.
#[must_use]
pub fn image_refs() -> Vec<(&'static str, Vec<&'static str>)> {
    vec![
        ("aws", vec![
            "ami-0f4804aff4cf9c5a2",
            "arn:aws:ec2:us-east-1::image/ami-0f4804aff4cf9c5a2",
            "ami-0F4804AFF4CF9C5A2",
        ]),
        ("azure", vec![
            "https://palettestorage.blob.core.windows.net/vhds/ubuntu-2204-k8s-1.30.4.vhd",
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Compute/galleries/g1/images/ubuntu/versions/1.0.0",
            "https://palettestorage.blob.core.windows.net/vhds/ubuntu.vhd?sv=2022-11-02&sig=abcdef",
        ]),
        ("vsphere", vec![
            "/Datacenter/vm/templates/ubuntu-2204-k8s-1.30.4",
            "Datacenter/vm/templates/ubuntu",
        ]),
        ("gcp", vec![
            "projects/my-project/global/images/ubuntu-2204-k8s-1-30-4",
            "projects/my-project/global/images/family/ubuntu-2204",
        ]),
        ("openstack", vec!["0b7b0a3e-4f1c-4b8a-9c55-3f2e8f1d2a11", "ubuntu-22.04-k8s"]),
        ("maas", vec!["ubuntu/jammy", "custom/u-2204-k8s"]),
        ("edge", vec![
            "ttl.sh/ubuntu:k3s-1.30.4-v4.4.12-demo",
            "ubuntu",
            "harbor.example.com/edge/ubuntu@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        ]),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use byoos_core::{render, render_profile, Context, Options};

    fn options(input: &Input) -> Options {
        let mut o: Options =
            serde_json::from_value(json!({ "limits": input.limits })).expect("options");
        o.pack_name.clone_from(&input.pack_name);
        o
    }

    #[test]
    fn profile_is_realistic_and_renders_cleanly() {
        let p = profile();
        let lines = p.lines();
        assert!((4500..=5500).contains(&lines), "{lines} lines");
        assert!((180..=230).contains(&p.macros), "{} macros", p.macros);
        let ctx: Context = serde_json::from_value(p.context.clone()).expect("context");
        let out = render_profile(&p.text, &ctx, &Options::default()).expect("renders");
        assert_eq!(out.packs.len(), 10);
        for pack in &out.packs {
            // render_profile runs the pack rules too: the generated Edge pack's shared
            // `global:` block is an unknown-key warning, never an error.
            assert!(
                !pack
                    .diagnostics
                    .iter()
                    .any(byoos_core::Diagnostic::is_error),
                "{}: {:#?}",
                pack.name,
                pack.diagnostics
            );
            assert!(!pack.text.contains(".spectro."), "{}", pack.name);
            assert!(
                pack.text.contains("{{ .Release.Name }}") || pack.layer.as_deref() != Some("addon")
            );
        }
        assert!(out.packs[0]
            .text
            .contains("image: \"harbor.retail.example.com/edge/ubuntu:k3s-1.30.4-v4.4.12-demo\""));
        assert_eq!(profile_pack_values(&p.text).len(), 10);
    }

    #[test]
    fn scale_and_chain_render() {
        for input in [scale(1000), chain(200)] {
            let ctx: Context = serde_json::from_value(input.context.clone()).expect("context");
            let out = render(&input.text, &ctx, &options(&input)).expect("renders");
            assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
            assert!(!out.text.contains(".spectro."));
        }
        assert_eq!(scale(1000).macros, 1000);
        assert_eq!(scale(10_000).macros, 10_000);
        assert_eq!(chain(10_000).macros, 10_000);
    }

    #[test]
    fn error_inputs_fail() {
        let r = byoos_core::validate(&with_errors(5), &Options::default());
        assert!(!r.ok);
        assert!(r.diagnostics.len() > 10);
        let ctx = Context::default();
        assert!(render(&broken(), &ctx, &Options::default()).is_err());
    }
}
