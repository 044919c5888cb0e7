//! `cargo run --release -p byoos-core --example profile_big -- [ROUNDS]`: time `validate`
//! of a generated Palette profile export with 50 packs (one Edge OS pack, a Kubernetes
//! pack, 48 add-ons with values as JSON strings) and of a generated `.tf` with 200
//! `spectrocloud_cluster_profile` resources (each with an Edge OS pack in a `<<-EOT`
//! heredoc), each as a ratio to parsing the same text alone (the YAML/JSON `Document`,
//! `hcl-edit`'s body). Prints the medians of ROUNDS calls (default 15).
use byoos_core::{validate, Document, Limits, Options};
use std::fmt::Write as _;
use std::io::Write as _;
use std::time::Instant;

const EDGE: &str = "pack:\n  content:\n    images:\n      - image: \"{{.spectro.pack.edge-native-byoi.options.system.uri}}\"\noptions:\n  system.uri: \"{{ .spectro.pack.edge-native-byoi.options.system.registry }}/{{ .spectro.pack.edge-native-byoi.options.system.repo }}:{{ .spectro.pack.edge-native-byoi.options.system.k8sDistribution }}-{{ .spectro.system.kubernetes.version }}-{{ .spectro.pack.edge-native-byoi.options.system.peVersion }}\"\n  system.registry: ttl.sh\n  system.repo: ubuntu\n  system.k8sDistribution: k3s\n  system.osName: ubuntu\n  system.peVersion: v4.4.12\n  system.osVersion: \"22.04\"\n";

fn export(packs: usize) -> String {
    let mut list = vec![
        serde_json::json!({"name": "edge-native-byoi", "tag": "1.0.0", "layer": "os", "values": EDGE}),
        serde_json::json!({"name": "edge-k3s", "tag": "1.29.5", "layer": "k8s", "values": "cluster:\n  config: |\n    flannel-backend: host-gw\n"}),
    ];
    for i in 2..packs {
        let mut values = String::from("charts:\n");
        for k in 0..20 {
            let _ = writeln!(
                values,
                "  key{k}:\n    enabled: true\n    image: \"registry.example.com/addon-{i}:{k}.0\""
            );
        }
        list.push(serde_json::json!({"name": format!("addon-{i}"), "tag": "1.0.0", "layer": "addon", "values": values}));
    }
    let doc = serde_json::json!({"metadata": {"name": "edge-big"}, "spec": {"template": {"cloudType": "edge-native", "packs": list}}});
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

fn terraform(resources: usize) -> String {
    let mut s = String::new();
    let values: String = EDGE.lines().map(|l| format!("      {l}\n")).collect();
    for i in 0..resources {
        let _ = write!(
            s,
            "resource \"spectrocloud_cluster_profile\" \"edge{i}\" {{\n  name  = \"edge-{i}\"\n  cloud = \"edge-native\"\n  type  = \"cluster\"\n\n  pack {{\n    name   = \"edge-native-byoi\"\n    tag    = \"1.0.0\"\n    values = <<-EOT\n{values}    EOT\n  }}\n}}\n\n"
        );
    }
    s
}

fn median(rounds: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..rounds)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn main() {
    let rounds = std::env::args()
        .nth(1)
        .and_then(|a| a.parse::<usize>().ok())
        .unwrap_or(15)
        .max(1);
    let mut out = std::io::stdout();
    let json = export(50);
    let options = Options::default().with_file_name("profile.json");
    let report = validate(&json, &options);
    assert_eq!(report.packs.len(), 50, "{:?}", report.diagnostics);
    let parse = median(rounds, || {
        let mut d = Vec::new();
        let _ = Document::parse(&json, &Limits::default(), &mut d);
    });
    let check = median(rounds, || {
        let _ = validate(&json, &options);
    });
    let _ = writeln!(
        out,
        "profile export, 50 packs, {} bytes: parse {:.2} ms, validate {:.2} ms ({:.1}x the parse)",
        json.len(),
        parse * 1e3,
        check * 1e3,
        check / parse
    );
    let tf = terraform(200);
    let options = Options::default().with_file_name("profile.tf");
    let report = validate(&tf, &options);
    assert_eq!(report.packs.len(), 200, "{:?}", report.diagnostics);
    let parse = median(rounds, || {
        let _ = tf.parse::<hcl_edit::structure::Body>();
    });
    let check = median(rounds, || {
        let _ = validate(&tf, &options);
    });
    let _ = writeln!(
        out,
        "Terraform, 200 resources, {} bytes: parse {:.2} ms, validate {:.2} ms ({:.1}x the parse)",
        tf.len(),
        parse * 1e3,
        check * 1e3,
        check / parse
    );
}
