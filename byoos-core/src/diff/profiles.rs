//! `diff` of two cluster profiles (or two Terraform files): the packs are paired by
//! profile and name, each pair's values compared as [`super::diff`] compares values
//! files, with the rules of the pack's layer; packs added, removed or given another
//! version are changes of their own.

use super::{changes, read_side, Change, Diff, Impact};
use crate::codes::Code;
use crate::diagnostic::{self, Diagnostic, Finding, Path};
use crate::options::Options;
use crate::profile::{self, InputKind, PackIn, ReadFile};

/// One side of a profile diff: its text, what it is, and the reader of the files it names.
pub(super) type SideIn<'a> = (&'a str, InputKind, &'a ReadFile<'a>);

/// Compare two profiles (see the module documentation).
pub(super) fn diff(old: SideIn<'_>, new: SideIn<'_>, options: &Options) -> Diff {
    let read = |(text, kind, read_file): SideIn<'_>| {
        if kind == InputKind::Values {
            let mut ignored = Vec::new();
            let doc = crate::yaml::Document::parse(text, &options.limits, &mut ignored);
            return Err(vec![doc
                .diag(
                    Code::TemplateProfile,
                    Path::root(),
                    0..0,
                    "this is a values file, the other side is a profile",
                )
                .with_help(
                    "compare a profile with a profile, or a values file with a values file",
                )]);
        }
        profile::read(text, kind, &options.limits, read_file).map_err(|f| f.diagnostics)
    };
    let (o, n) = (read(old), read(new));
    let (o, n) = match (o, n) {
        (Ok(o), Ok(n))
            if !diagnostic::has_errors(&o.diagnostics)
                && !diagnostic::has_errors(&n.diagnostics) =>
        {
            (o, n)
        }
        (o, n) => {
            let errors = |r: Result<profile::Read, Vec<Diagnostic>>| match r {
                Ok(r) => r.diagnostics,
                Err(d) => d,
            };
            return Diff {
                ok: false,
                pack: None,
                impact: Impact::NoOp,
                changes: Vec::new(),
                old_diagnostics: errors(o),
                new_diagnostics: errors(n),
            };
        }
    };
    let c = compare(&o, &n, options);
    let strip = |found: Vec<(usize, Diagnostic)>| found.into_iter().map(|(_, d)| d);
    let old_diagnostics: Vec<Diagnostic> =
        o.diagnostics.iter().cloned().chain(strip(c.old)).collect();
    let new_diagnostics: Vec<Diagnostic> =
        n.diagnostics.iter().cloned().chain(strip(c.new)).collect();
    let ok = !diagnostic::has_errors(&old_diagnostics) && !diagnostic::has_errors(&new_diagnostics);
    Diff {
        ok,
        pack: None,
        impact: c
            .changes
            .iter()
            .map(|c| c.impact)
            .max()
            .unwrap_or(Impact::NoOp),
        changes: if ok { c.changes } else { Vec::new() },
        old_diagnostics,
        new_diagnostics,
    }
}

/// What [`compare`] found: the changes, and for each side the packs whose values could
/// not be read (the index of the file each pack is in, see [`PackIn::origin`]).
pub(super) struct Compared {
    pub(super) changes: Vec<Change>,
    pub(super) old: Vec<(usize, Diagnostic)>,
    pub(super) new: Vec<(usize, Diagnostic)>,
}

/// The changes from the profiles of `o` to those of `n`, paired by profile and pack.
pub(super) fn compare(o: &profile::Read, n: &profile::Read, options: &Options) -> Compared {
    let (old_packs, new_packs) = (packs(o), packs(n));
    let mut out = Vec::new();
    let (mut old_diagnostics, mut new_diagnostics) = (Vec::new(), Vec::new());
    let replaced = replacements(&old_packs, &new_packs);
    for (label, before) in &old_packs {
        let at = pack_path(before);
        match find(&new_packs, label, &before.name) {
            None => match replaced.iter().find(|(b, _)| std::ptr::eq(*b, *before)) {
                Some((_, after)) => out.push(replacement(at, before, after)),
                None => out.push(pack_change(at, before, Some(before), None)),
            },
            Some(after) => {
                if before.tag != after.tag {
                    let edge_uri = uses_k8s_version(o, label) || uses_k8s_version(n, label);
                    out.push(version_change(at.join("tag"), before, after, edge_uri));
                }
                let mut po = options.clone();
                po.pack = crate::ops::byoos_kind(after).or_else(|| crate::ops::byoos_kind(before));
                let (os, od) = read_side(&before.values, &po);
                let (ns, nd) = read_side(&after.values, &po);
                let (Some(os), Some(ns)) = (os, ns) else {
                    unreadable(&od, before, &mut old_diagnostics);
                    unreadable(&nd, after, &mut new_diagnostics);
                    continue;
                };
                let layer = after
                    .layer
                    .as_deref()
                    .or(before.layer.as_deref())
                    .unwrap_or("addon");
                let layer = if po.pack.is_some() { None } else { Some(layer) };
                for mut c in changes(&os, &ns, po.pack, layer) {
                    let mut path = at.clone();
                    path.0.extend(c.path.0);
                    c.path = path;
                    out.push(c);
                }
            }
        }
    }
    for (label, after) in &new_packs {
        let replacing = replaced.iter().any(|(_, a)| std::ptr::eq(*a, *after));
        if !replacing && find(&old_packs, label, &after.name).is_none() {
            out.push(pack_change(pack_path(after), after, None, Some(after)));
        }
    }
    Compared {
        changes: out,
        old: old_diagnostics,
        new: new_diagnostics,
    }
}

/// Every pack of every profile, with the label of its profile.
fn packs(r: &profile::Read) -> Vec<(String, &PackIn)> {
    r.profiles
        .iter()
        .flat_map(|p| {
            let label = p.label();
            p.packs.iter().map(move |k| (label.clone(), k))
        })
        .collect()
}

/// The pack of profile `label` named `name`.
fn find<'r>(list: &[(String, &'r PackIn)], label: &str, name: &str) -> Option<&'r PackIn> {
    list.iter()
        .find(|(l, k)| l == label && k.name == name)
        .map(|(_, k)| *k)
}

/// A pack whose values cannot be read: its first error, at the pack.
fn unreadable(found: &[Diagnostic], p: &PackIn, into: &mut Vec<(usize, Diagnostic)>) {
    if let Some(e) = found.iter().find(|d| d.is_error()) {
        let message = format!(
            "the values of pack `{}` cannot be compared: {}",
            p.name, e.message
        );
        let d = Finding::new(e.code, p.at.range(), message).place(p.path.clone(), p.at);
        into.push((p.origin, d));
    }
}

/// The path a pack's changes stand under: `packs/<name>`.
fn pack_path(p: &PackIn) -> Path {
    Path::root().join("packs").join(p.name.as_str())
}

/// A pack added or removed.
fn pack_change(path: Path, p: &PackIn, old: Option<&PackIn>, new: Option<&PackIn>) -> Change {
    let show = |k: Option<&PackIn>| {
        k.map(|k| serde_json::Value::String(k.tag.clone().unwrap_or_else(|| k.name.clone())))
    };
    let byoos = crate::ops::byoos_kind(p).is_some() || p.layer.as_deref() == Some("os");
    let (impact, reason) = match p.layer.as_deref() {
        _ if byoos => (
            Impact::Repave,
            "the OS pack is replaced: nodes are re-imaged".to_owned(),
        ),
        Some("cni" | "csi") => (
            Impact::ServiceRestart,
            "replacing the CNI or CSI pack of a running cluster is what Palette warns against"
                .to_owned(),
        ),
        _ if old.is_none() => (Impact::NoOp, "a pack is added".to_owned()),
        _ if new.is_none() => (Impact::NoOp, "a pack is removed".to_owned()),
        _ => (Impact::NoOp, String::new()),
    };
    Change {
        path,
        old: show(old),
        new: show(new),
        impact,
        reason,
    }
}

/// Palette's table for the layers other than the OS: Kubernetes (`stages.*` reboot,
/// `cluster.*` service restart, `clientConfig.*`/`pack.*` no-op), CNI and CSI (values
/// restart services); add-ons are not in the table.
pub(super) fn layer_rule(layer: &str, path: &Path) -> (Impact, String) {
    let first = match path.0.first() {
        Some(crate::diagnostic::Segment::Key(k)) => k.as_str(),
        _ => "",
    };
    match (layer, first) {
        ("k8s", "stages") => (
            Impact::Reboot,
            "`stages.*` of the Kubernetes pack reboot the nodes".to_owned(),
        ),
        ("k8s", "cluster") => (
            Impact::ServiceRestart,
            "`cluster.*` of the Kubernetes pack restarts its services".to_owned(),
        ),
        ("k8s", "clientConfig" | "pack") => (
            Impact::NoOp,
            format!("`{first}.*` of the Kubernetes pack changes nothing on the nodes"),
        ),
        ("cni" | "csi", _) => (
            Impact::ServiceRestart,
            format!(
                "a value of the {} pack restarts its services",
                layer.to_uppercase()
            ),
        ),
        _ => (
            Impact::NoOp,
            "Palette's upgrade table lists no behaviour for this pack's values".to_owned(),
        ),
    }
}

/// The layers a profile holds one pack of: a pack of one of them that goes while another
/// of the same layer comes in the same profile is a replacement.
const SINGLE_LAYERS: [&str; 4] = ["os", "k8s", "cni", "csi"];

/// The packs replaced: (old, new) of the same profile and single layer, each name on
/// one side only.
fn replacements<'r>(
    old: &[(String, &'r PackIn)],
    new: &[(String, &'r PackIn)],
) -> Vec<(&'r PackIn, &'r PackIn)> {
    let gone = |list: &[(String, &'r PackIn)], other: &[(String, &'r PackIn)]| {
        list.iter()
            .filter(|(l, k)| find(other, l, &k.name).is_none())
            .filter(|(_, k)| layer_of(k).is_some_and(|l| SINGLE_LAYERS.contains(&l)))
            .map(|(l, k)| (l.clone(), *k))
            .collect::<Vec<_>>()
    };
    let (removed, added) = (gone(old, new), gone(new, old));
    let mut out = Vec::new();
    for (label, before) in &removed {
        let same = |(l, k): &&(String, &PackIn)| l == label && layer_of(k) == layer_of(before);
        let one_each = removed.iter().filter(same).count() == 1;
        let mut matching = added.iter().filter(same);
        if let (Some((_, after)), None, true) = (matching.next(), matching.next(), one_each) {
            out.push((*before, *after));
        }
    }
    out
}

/// `name@tag` of a pack, as a change shows it.
fn shown(p: &PackIn) -> serde_json::Value {
    serde_json::Value::String(match &p.tag {
        Some(t) => format!("{}@{t}", p.name),
        None => p.name.clone(),
    })
}

/// A pack replaced by another of the same layer.
fn replacement(path: Path, before: &PackIn, after: &PackIn) -> Change {
    let layer = layer_of(before).unwrap_or_default();
    let (old, new) = (&before.name, &after.name);
    let (impact, reason) = match layer {
        "os" => (
            Impact::Repave,
            format!("the OS pack is replaced (`{old}` → `{new}`): nodes are re-imaged"),
        ),
        "k8s" => (
            Impact::Repave,
            format!("the Kubernetes pack is replaced (`{old}` → `{new}`): another distribution is another node image; Palette's upgrade table does not cover it, so the strongest behaviour is assumed"),
        ),
        _ => (
            Impact::Repave,
            format!("the {} pack is replaced (`{old}` → `{new}`): Palette warns against replacing the CNI or CSI pack of a running cluster, and its upgrade table gives no behaviour, so the strongest is assumed", layer.to_uppercase()),
        ),
    };
    Change {
        path,
        old: Some(shown(before)),
        new: Some(shown(after)),
        impact,
        reason,
    }
}

/// Whether the Edge OS pack of profile `label` builds its `system.uri` from
/// `.spectro.system.kubernetes.version` (the Kubernetes pack's version).
fn uses_k8s_version(r: &profile::Read, label: &str) -> bool {
    r.profiles.iter().filter(|p| p.label() == label).any(|p| {
        p.packs.iter().any(|k| {
            crate::ops::byoos_kind(k) == Some(crate::pack::PackKind::EdgeNativeByoi)
                && k.values.contains(".spectro.system.kubernetes.version")
        })
    })
}

/// A pack's version (tag) changes: rated by its layer. Palette's upgrade table rates
/// values, not versions; where it gives no row the reason says so and the strongest
/// plausible behaviour is assumed, never a no-op.
fn version_change(path: Path, before: &PackIn, after: &PackIn, edge_uri: bool) -> Change {
    let layer = layer_of(after).or(layer_of(before)).unwrap_or("addon");
    const UNCOVERED: &str = "Palette's upgrade table does not cover pack versions";
    let (impact, reason) = match layer {
        "k8s" if edge_uri => (
            Impact::Repave,
            "the Kubernetes version changes the resolved `system.uri`, which refers to `.spectro.system.kubernetes.version`: nodes are re-imaged".to_owned(),
        ),
        "k8s" => (
            Impact::Repave,
            format!("a new Kubernetes version is a Kubernetes upgrade of every node; {UNCOVERED}, so the strongest behaviour (repave) is assumed"),
        ),
        "os" | "kernel" => (
            Impact::Repave,
            format!("a new OS pack version is a new OS layer: nodes are re-imaged ({UNCOVERED}; the strongest behaviour is assumed)"),
        ),
        "cni" | "csi" => (
            Impact::ServiceRestart,
            format!("the table restarts the {} pack's services for a change of its values; a new version is taken as one ({UNCOVERED})", layer.to_uppercase()),
        ),
        _ => (
            Impact::ServiceRestart,
            format!("a new add-on version redeploys its workloads; {UNCOVERED}, so a service restart is assumed"),
        ),
    };
    Change {
        path,
        old: before.tag.clone().map(serde_json::Value::String),
        new: after.tag.clone().map(serde_json::Value::String),
        impact,
        reason,
    }
}

/// A pack's layer: as the profile says; else (Terraform's `pack {}` has no layer) told by
/// its name: a BYOOS pack is the OS layer, the Kubernetes packs (`edge-k3s`, `edge-rke2`,
/// `edge-k8s`, `kubernetes…`, `k3s…`, `rke2…`) the `k8s` layer, `cni-…` and `csi-…` theirs.
fn layer_of(p: &PackIn) -> Option<&str> {
    if let Some(l) = p.layer.as_deref() {
        return Some(l);
    }
    let n = p.name.as_str();
    if crate::ops::byoos_kind(p).is_some() {
        Some("os")
    } else if [
        "edge-k3s",
        "edge-rke2",
        "edge-k8s",
        "kubernetes",
        "k3s",
        "rke2",
    ]
    .iter()
    .any(|k| n.starts_with(k))
    {
        Some("k8s")
    } else if n.starts_with("cni-") {
        Some("cni")
    } else if n.starts_with("csi-") {
        Some("csi")
    } else {
        None
    }
}
