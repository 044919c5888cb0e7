//! `diff` of two cluster profiles (or two Terraform files): the packs are paired by
//! profile and name, each pair's values compared as [`super::diff`] compares values
//! files, with the rules of the pack's layer; packs added, removed or given another
//! version are changes of their own.

use super::{changes, read_side, Change, Diff, Impact};
use crate::codes::Code;
use crate::diagnostic::{self, Diagnostic, Finding, Path};
use crate::options::Options;
use crate::profile::{self, InputKind, PackIn};

/// Compare two profiles (see the module documentation).
pub(super) fn diff(
    old: &str,
    old_kind: InputKind,
    new: &str,
    new_kind: InputKind,
    options: &Options,
) -> Diff {
    let no_files = |name: &str| -> Result<String, String> {
        Err(format!(
            "`diff` reads no other file (`{name}`): give values written in the profile"
        ))
    };
    let read = |text: &str, kind: InputKind| {
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
        profile::read(text, kind, &options.limits, &no_files).map_err(|f| f.diagnostics)
    };
    let (o, n) = (read(old, old_kind), read(new, new_kind));
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
    let (old_packs, new_packs) = (packs(&o), packs(&n));
    let mut out = Vec::new();
    let (mut old_diagnostics, mut new_diagnostics) = (o.diagnostics.clone(), n.diagnostics.clone());
    for (label, before) in &old_packs {
        let at = pack_path(before);
        match find(&new_packs, label, &before.name) {
            None => out.push(pack_change(at, before, Some(before), None)),
            Some(after) => {
                if before.tag != after.tag {
                    let c = Change {
                        path: at.join("tag"),
                        old: before.tag.clone().map(serde_json::Value::String),
                        new: after.tag.clone().map(serde_json::Value::String),
                        impact: Impact::NoOp,
                        reason: "the pack's version changes: Palette's upgrade table covers values only; read the pack's release notes".to_owned(),
                    };
                    out.push(c);
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
        if find(&old_packs, label, &after.name).is_none() {
            out.push(pack_change(pack_path(after), after, None, Some(after)));
        }
    }
    let ok = !diagnostic::has_errors(&old_diagnostics) && !diagnostic::has_errors(&new_diagnostics);
    Diff {
        ok,
        pack: None,
        impact: out.iter().map(|c| c.impact).max().unwrap_or(Impact::NoOp),
        changes: if ok { out } else { Vec::new() },
        old_diagnostics,
        new_diagnostics,
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
fn unreadable(found: &[Diagnostic], p: &PackIn, into: &mut Vec<Diagnostic>) {
    if let Some(e) = found.iter().find(|d| d.is_error()) {
        let message = format!(
            "the values of pack `{}` cannot be compared: {}",
            p.name, e.message
        );
        into.push(Finding::new(e.code, p.at.range(), message).place(p.path.clone(), p.at));
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
