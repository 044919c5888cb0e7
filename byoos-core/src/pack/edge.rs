//! Edge rules for forms Palette's docs show: both drain layouts, the stage names of
//! `stages:`, the presets header of exported values, and later YAML documents (the
//! troubleshooting pages put `stages:` after a `---`).

use super::{Checker, LEGACY_DRAIN_KEYS};
use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Path, Severity};
use crate::suggest::closest;
use crate::yaml::{Document, NodeRef, Resolved, Style};

/// The stage names Palette's Edge upgrade page lists (Kairos/yip stages).
pub(crate) const STAGES: [&str; 15] = [
    "rootfs",
    "initramfs",
    "boot",
    "fs",
    "network",
    "reconcile",
    "after-install",
    "after-install-chroot",
    "after-upgrade",
    "after-upgrade-chroot",
    "after-reset",
    "after-reset-chroot",
    "before-install",
    "before-upgrade",
    "before-reset",
];

/// The comment line of exported values that lists the enabled presets.
const PRESETS_HEADER: &str = "spectrocloud.com/enabled-presets:";
/// The preset that puts `edge-native-byoi` in agent mode.
pub(crate) const AGENT_MODE_PRESET: &str = "Deployment Mode:byoi-agent-mode";

/// `pack.drain.drainPods` / `pack.drainPods` values, and the older layout as an `info`.
pub(super) fn check_drain(root: NodeRef<'_, '_>, diags: &mut Vec<Diagnostic>) {
    let Some(pack) = root.get("pack").filter(NodeRef::is_mapping) else {
        return;
    };
    let ppath = Path::root().join("pack");
    if let Some(v) = pack.get("drain").and_then(|d| d.get("drainPods")) {
        check_drain_pods(v, &ppath.join("drain").join("drainPods"), diags);
    }
    for key in LEGACY_DRAIN_KEYS {
        let Some((k, v)) = pack.entry(key) else {
            continue;
        };
        let path = ppath.join(key);
        if key == "drainPods" {
            check_drain_pods(v, &path, diags);
        }
        diags.push(
            k.diag_sev(
                Code::PackLegacyLayout,
                Severity::Info,
                format!("`pack.{key}` is the older drain layout; Palette 4.5.15 and later read `pack.drain.{key}`"),
                &path,
            )
            .with_help(format!("with Palette 4.5.15 (agent 4.5.11) or later, move `{key}:` under `pack.drain`")),
        );
    }
}

/// `drainPods` is `true`, `false` or `auto`.
fn check_drain_pods(v: NodeRef<'_, '_>, path: &Path, diags: &mut Vec<Diagnostic>) {
    let Some((text, style)) = v.scalar() else {
        diags.push(super::wrong_type(
            v,
            path,
            "true, false or auto",
            "write `auto`",
        ));
        return;
    };
    if text.contains("{{") || text == "auto" || matches!(v.resolved(), Some(Resolved::Bool(_))) {
        return;
    }
    if style != Style::Plain && matches!(text, "true" | "false") {
        diags.push(
            v.diag_sev(
                Code::PackWrongType,
                Severity::Warning,
                format!("`drainPods` is the string \"{text}\", not the boolean {text}"),
                path,
            )
            .with_help(format!("write `{text}`")),
        );
        return;
    }
    let help = match closest(text, ["auto", "true", "false"]) {
        Some(c) => format!("write `{c}`"),
        None => "write `true`, `false` or `auto` (the default: drain multi-node clusters only)"
            .to_owned(),
    };
    diags.push(
        v.diag(
            Code::PackInvalidValue,
            format!("`drainPods` must be true, false or auto, not `{text}`"),
            path,
        )
        .with_help(help),
    );
}

/// Stage names under `stages:` of a document root.
pub(super) fn check_stages(root: NodeRef<'_, '_>, diags: &mut Vec<Diagnostic>) {
    let Some(entries) = root.get("stages").and_then(|s| s.entries()) else {
        return;
    };
    let spath = Path::root().join("stages");
    for (k, _) in entries {
        let Some((name, _)) = k.scalar() else {
            continue;
        };
        if STAGES.contains(&name) {
            continue;
        }
        let mut d = k.diag_sev(
            Code::PackUnknownKey,
            Severity::Warning,
            format!("`{name}` is not a stage Palette documents; it may never run"),
            &spath.join(name),
        );
        d = match closest(name, STAGES) {
            Some(c) => d.with_help(format!("did you mean `{c}`?")),
            None => d.with_help(format!("documented stages: {}", STAGES.join(", "))),
        };
        diags.push(d);
    }
}

/// The presets header: the enabled presets, and the header's byte range.
fn presets(text: &str) -> Option<(Vec<&str>, std::ops::Range<usize>)> {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let body = line.trim();
        if body.is_empty() {
            continue;
        }
        let comment = body.strip_prefix('#')?.trim_start();
        if let Some(list) = comment.strip_prefix(PRESETS_HEADER) {
            let end = start + line.trim_end().len();
            let start = start + (line.len() - line.trim_start().len());
            let list = list.split(',').map(str::trim).filter(|p| !p.is_empty());
            return Some((list.collect(), start..end));
        }
    }
    None
}

/// The agent-mode preset and `system.uri: NA` go together.
pub(super) fn check_presets(doc: &Document<'_>, diags: &mut Vec<Diagnostic>) {
    let Some((list, range)) = presets(doc.text()) else {
        return;
    };
    let Some(root) = doc.root() else {
        return;
    };
    let Some(uri) = root.get("options").and_then(|o| o.get("system.uri")) else {
        return;
    };
    let Some(value) = uri.as_str() else {
        return;
    };
    let line = doc.span(range).line;
    let agent = list.iter().any(|p| {
        p.split_once(':')
            .is_some_and(|(g, n)| g.trim() == "Deployment Mode" && n.trim() == "byoi-agent-mode")
    });
    let na = value.trim() == "NA";
    let path = Path::root().join("options").join("system.uri");
    if agent && !na {
        diags.push(
            uri.diag(
                Code::PackPresetMismatch,
                format!("the presets header on line {line} enables agent mode, but `system.uri` is not `NA`"),
                &path,
            )
            .with_help("agent mode installs no provider image: write `NA`"),
        );
    } else if na && !agent {
        diags.push(
            uri.diag(
                Code::PackPresetMismatch,
                format!("`system.uri` is `NA` (agent mode), but the presets header on line {line} does not enable `{AGENT_MODE_PRESET}`"),
                &path,
            )
            .with_help(format!("add `{AGENT_MODE_PRESET}` to the header's list, or set the provider image")),
        );
    }
}

impl Checker {
    /// Documents after the first: one made only of known top-level keys that the first
    /// document does not have is part of the pack (checked like the first); any other
    /// gets `yaml/multiple-documents`.
    pub(super) fn check_later_documents(&self, doc: &Document<'_>, diags: &mut Vec<Diagnostic>) {
        let fields = super::root_fields(self.kind);
        let first: Vec<&str> = doc
            .root()
            .and_then(|r| r.entries())
            .unwrap_or_default()
            .iter()
            .filter_map(|(k, _)| k.scalar().map(|s| s.0))
            .collect();
        for n in 1..doc.document_count() {
            let Some((root, at)) = doc.document(n) else {
                continue;
            };
            let entries = root.and_then(|r| r.entries());
            let keys: Vec<(NodeRef<'_, '_>, NodeRef<'_, '_>, &str)> = entries
                .iter()
                .flatten()
                .filter_map(|(k, v)| k.scalar().map(|s| (*k, *v, s.0)))
                .collect();
            let part_of_pack = !keys.is_empty()
                && keys.len() == entries.as_ref().map_or(0, Vec::len)
                && keys.iter().all(|(_, _, key)| {
                    fields.iter().any(|f| f.key == *key) && !first.contains(key)
                });
            if !part_of_pack {
                diags.push(later_document(doc, at, &keys, fields, &first));
                continue;
            }
            for (k, v, key) in &keys {
                if let Some(fl) = fields.iter().find(|f| f.key == *key) {
                    self.check_value(*k, *v, fl, &Path::root().join(*key), diags);
                }
            }
            if let Some(r) = root {
                check_stages(r, diags);
            }
        }
    }
}

fn later_document(
    doc: &Document<'_>,
    at: usize,
    keys: &[(NodeRef<'_, '_>, NodeRef<'_, '_>, &str)],
    fields: &[super::Field],
    first: &[&str],
) -> Diagnostic {
    let end = doc.text()[at..]
        .find('\n')
        .map_or(doc.text().len(), |n| at + n);
    let unknown: Vec<&str> = keys
        .iter()
        .map(|(_, _, k)| *k)
        .filter(|k| !fields.iter().any(|f| f.key == *k))
        .collect();
    let twice: Vec<&str> = keys
        .iter()
        .map(|(_, _, k)| *k)
        .filter(|k| first.contains(k))
        .collect();
    let message = if !unknown.is_empty() {
        format!(
            "another YAML document with keys the pack does not have (`{}`); it is not checked",
            unknown.join("`, `")
        )
    } else if !twice.is_empty() {
        format!(
            "another YAML document repeats `{}` of the first; it is not checked",
            twice.join("`, `")
        )
    } else {
        "another YAML document that is not a mapping of the pack's top-level keys; it is not checked".to_owned()
    };
    doc.diag(Code::YamlMultipleDocuments, message, Path::root(), at..end)
        .with_help("a later document may hold only top-level keys of the pack the first one lacks (such as `stages:`); otherwise remove the `---` and what follows, or split the file")
}
