//! Edge rules for forms Palette's docs show: both drain layouts, the stage names of
//! `stages:`, the presets header of exported values, and later YAML documents (the
//! troubleshooting pages put `stages:` after a `---`).

use super::fields::{K8S_DISTRIBUTIONS, LEGACY_DRAIN_KEYS};
use super::shape::Checker;
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
            k.diag(Code::PackLegacyLayout, &path, format!("`pack.{key}` is the older drain layout; Palette 4.5.15 and later read `pack.drain.{key}`")).with_severity(Severity::Info)
            .with_help(format!("with Palette 4.5.15 (agent 4.5.11) or later, move `{key}:` under `pack.drain`")),
        );
    }
}

/// `drainPods` is `true`, `false` or `auto`.
fn check_drain_pods(v: NodeRef<'_, '_>, path: &Path, diags: &mut Vec<Diagnostic>) {
    let Some((text, style)) = v.scalar() else {
        diags.push(super::shape::wrong_type(
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
            v.diag(
                Code::PackWrongType,
                path,
                format!("`drainPods` is the string \"{text}\", not the boolean {text}"),
            )
            .with_severity(Severity::Warning)
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
            path,
            format!("`drainPods` must be true, false or auto, not `{text}`"),
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
        let mut d = k
            .diag(
                Code::PackUnknownKey,
                &spath.join(name),
                format!("`{name}` is not a stage Palette documents; it may never run"),
            )
            .with_severity(Severity::Warning);
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
            uri.diag(Code::PackPresetMismatch, &path, format!("the presets header on line {line} enables agent mode, but `system.uri` is not `NA`"))
            .with_help("agent mode installs no provider image: write `NA`"),
        );
    } else if na && !agent {
        diags.push(
            uri.diag(Code::PackPresetMismatch, &path, format!("`system.uri` is `NA` (agent mode), but the presets header on line {line} does not enable `{AGENT_MODE_PRESET}`"))
            .with_help(format!("add `{AGENT_MODE_PRESET}` to the header's list, or set the provider image")),
        );
    }
}

impl Checker {
    /// Documents after the first: one made only of known top-level keys that the first
    /// document does not have is part of the pack (checked like the first); any other
    /// gets `yaml/multiple-documents`.
    pub(super) fn check_later_documents(&self, doc: &Document<'_>, diags: &mut Vec<Diagnostic>) {
        let fields = super::fields::root_fields(self.kind);
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
    fields: &[super::fields::Field],
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
    doc.diag(Code::YamlMultipleDocuments, Path::root(), at..end, message)
        .with_help("a later document may hold only top-level keys of the pack the first one lacks (such as `stages:`); otherwise remove the `---` and what follows, or split the file")
}

impl Checker {
    // ---- Edge-specific rules -------------------------------------------------------

    pub(super) fn check_edge(&self, root: NodeRef<'_, '_>, diags: &mut Vec<Diagnostic>) {
        self.check_legacy(root, diags);
        let options = root.get("options").filter(NodeRef::is_mapping);
        let opt_path = Path::root().join("options");
        if let Some(o) = options {
            self.check_options(o, &opt_path, diags);
        }
        if let Some(creds) = root.get("providerCredentials").filter(NodeRef::is_mapping) {
            let cpath = Path::root().join("providerCredentials");
            if let Some(r) = creds.get("registry") {
                check_registry(r, &cpath.join("registry"), false, diags);
            }
            if let Some(p) = creds.get("password") {
                // A password of any scalar type (`20250101`, `0x1F2E`, `8.10`) is one.
                if let Some(s) = p.scalar().map(|s| s.0).filter(|_| !p.is_null()) {
                    let masked = !s.is_empty() && s.chars().all(|c| c == '*');
                    if !s.is_empty() && !s.contains("{{") && !masked {
                        diags.push(
                            p.diag(Code::PackPlaintextSecret, &cpath.join("password"), "the registry password is written in clear text (***)")
                                .with_help("store it as a macro and reference it: `password: \"{{ .spectro.macro.registry_password }}\"`"),
                        );
                    }
                }
            }
        }
        // Images: a string where a mapping belongs is checked in check_value; here, empties.
        if let Some(images) = root
            .get("pack")
            .and_then(|p| p.get("content"))
            .and_then(|c| c.get("images"))
        {
            let ipath = Path::root().join("pack").join("content").join("images");
            match images.items() {
                Some(items) if items.is_empty() => diags.push(
                    images
                        .diag(Code::PackEmptyValue, &ipath, "`pack.content.images` is an empty list").with_severity(Severity::Warning)
                        .with_help("list the provider image: `- image: \"{{.spectro.pack.edge-native-byoi.options.system.uri}}\"`"),
                ),
                _ => {}
            }
        }
    }

    /// The `options` of an Edge pack: `system.uri`, `system.customTag`, the
    /// distribution, registry, repository and Palette Edge version.
    fn check_options(&self, o: NodeRef<'_, '_>, opt_path: &Path, diags: &mut Vec<Diagnostic>) {
        let get = |key: &str| o.entry(key);
        if let Some((_, uri)) = get("system.uri") {
            if uri.as_str().is_some_and(|s| s.trim() == "NA") {
                diags.push(
                    uri.diag(Code::PackNaSentinel, &opt_path.join("system.uri"), "`system.uri` is NA: no provider image is installed")
                        .with_help("right for agent mode and systemd extensions; otherwise set the provider image"),
                );
            }
        }
        self.check_custom_tag(o, opt_path, diags);
        if let Some((_, v)) = get("system.k8sDistribution") {
            if let Some(s) = v.as_str().filter(|s| !s.contains("{{")) {
                if !K8S_DISTRIBUTIONS.contains(&s) {
                    let mut d = v
                        .diag(
                            Code::PackInvalidValue,
                            &opt_path.join("system.k8sDistribution"),
                            format!("`{s}` is not a Kubernetes distribution CanvOS builds"),
                        )
                        .with_severity(Severity::Warning)
                        .with_help(format!("expected one of: {}", K8S_DISTRIBUTIONS.join(", ")));
                    if let Some(c) = closest(s, K8S_DISTRIBUTIONS) {
                        d = d.with_help(format!("did you mean `{c}`?"));
                    }
                    diags.push(d);
                }
            }
        }
        if let Some((_, v)) = get("system.registry") {
            check_registry(v, &opt_path.join("system.registry"), true, diags);
        }
        if let Some((_, v)) = get("system.repo") {
            if let Some(s) = v.as_str().filter(|s| !s.contains("{{") && !s.is_empty()) {
                if !is_repo_path(s) {
                    diags.push(
                        v.diag(Code::PackInvalidValue, &opt_path.join("system.repo"), format!("`{s}` is not a valid image repository name"))
                            .with_help("use lowercase letters, digits and `.`, `_`, `-` separators, e.g. `ubuntu`"),
                    );
                }
            }
        }
        if let Some((_, v)) = get("system.peVersion") {
            if let Some(s) = v.as_str().filter(|s| !s.contains("{{") && !s.is_empty()) {
                if !is_pe_version(s) {
                    let help = if is_pe_version(&format!("v{s}")) {
                        format!("CanvOS tags start with `v`: `v{s}`")
                    } else {
                        "use the CanvOS release tag, e.g. `v4.4.12`".to_owned()
                    };
                    diags.push(
                        v.diag(
                            Code::PackInvalidValue,
                            &opt_path.join("system.peVersion"),
                            format!("`{s}` does not look like a Palette Edge version"),
                        )
                        .with_severity(Severity::Warning)
                        .with_help(help),
                    );
                }
            }
        }
    }

    fn check_custom_tag(&self, o: NodeRef<'_, '_>, opt_path: &Path, diags: &mut Vec<Diagnostic>) {
        let Some((tk, tag)) = o.entry("system.customTag") else {
            return;
        };
        let tpath = opt_path.join("system.customTag");
        let empty = tag.is_null() || tag.as_str().is_some_and(|s| s.trim().is_empty());
        if empty {
            let uri_appends = o
                .get("system.uri")
                .and_then(|u| u.scalar().map(|s| s.0))
                .is_some_and(appends_custom_tag);
            if uri_appends {
                let at = if tag.is_null() { tk } else { tag };
                diags.push(
                    at.diag(Code::PackEmptyCustomTag, &tpath, "`system.customTag` is empty, so the image tag built by `system.uri` ends in `-`")
                        .with_help("set the CUSTOM_TAG used in the CanvOS build, or remove `-{{ …system.customTag }}` from `system.uri`"),
                );
            }
            return;
        }
        if let Some(s) = tag.as_str().filter(|s| !s.contains("{{")) {
            let fixed = canvos_tag(s);
            let help = if fixed.is_empty() {
                "use lowercase letters, digits and `-` only (no spaces, `/` or `:`)".to_owned()
            } else {
                format!("write `{fixed}` (lowercase letters, digits and `-`)")
            };
            if !s
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
            {
                diags.push(
                    tag.diag(
                        Code::PackInvalidValue,
                        &tpath,
                        format!("`{s}` cannot be part of an image tag"),
                    )
                    .with_help(help),
                );
            } else if fixed != s {
                // A valid image tag, but not the lowercase alphanumeric CUSTOM_TAG CanvOS asks for.
                diags.push(
                    tag.diag(Code::PackInvalidValue, &tpath, format!(
                            "`{s}` is not a CanvOS CUSTOM_TAG: lowercase letters, digits and `-` only"
                        )).with_severity(Severity::Warning)
                    .with_help(help),
                );
            }
        }
    }

    /// The older documented layout: a top-level `image:` block.
    fn check_legacy(&self, root: NodeRef<'_, '_>, diags: &mut Vec<Diagnostic>) {
        let Some((k, image)) = root.entry("image") else {
            return;
        };
        let path = Path::root().join("image");
        if !image.is_mapping() {
            diags.push(k.diag(
                Code::PackUnknownKey,
                &path,
                "unknown key `image`; Palette ignores it",
            ));
            return;
        }
        let lookup = |dotted: &str| -> Option<String> {
            if let Some(v) = image.get(dotted) {
                return v.scalar().map(|s| s.0.to_owned());
            }
            let mut cur = image;
            for part in dotted.split('.') {
                cur = cur.get(part)?;
            }
            cur.scalar().map(|s| s.0.to_owned())
        };
        let mut parts = Vec::new();
        for (old, new) in [
            ("registry", "system.registry"),
            ("repo", "system.repo"),
            ("palette.edge.version", "system.peVersion"),
            ("client.tag", "system.customTag"),
        ] {
            if let Some(v) = lookup(old) {
                parts.push(format!("{new}: {v}"));
            }
        }
        let mut help = String::from("move these values to `options` as ");
        if parts.is_empty() {
            help.push_str(
                "`system.registry`, `system.repo`, `system.peVersion` and `system.customTag`",
            );
        } else {
            help.push_str(&parts.join(", "));
        }
        help.push_str(
            ", add `system.k8sDistribution`, and build `system.uri` from them as CanvOS prints it",
        );
        diags.push(
            k.diag(
                Code::PackLegacyLayout,
                &path,
                "the top-level `image:` block is the older Edge layout",
            )
            .with_help(help),
        );
    }
}

/// `s` as a CanvOS CUSTOM_TAG: lowercase, every run of other characters one `-`, no
/// `-` at either end (empty when nothing is left).
fn canvos_tag(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// Whether a `system.uri` template appends `-<customTag>`.
fn appends_custom_tag(uri: &str) -> bool {
    let mut rest = uri;
    while let Some(i) = rest.find("-{{") {
        let after = &rest[i + 3..];
        let end = after.find("}}").unwrap_or(after.len());
        if after[..end].contains("customTag") {
            return true;
        }
        rest = &rest[i + 3..];
    }
    false
}

fn check_registry(
    v: NodeRef<'_, '_>,
    path: &Path,
    namespace_ok: bool,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(s) = v.as_str().filter(|s| !s.contains("{{") && !s.is_empty()) else {
        return;
    };
    if let Some((scheme, rest)) = s.split_once("://") {
        diags.push(
            v.diag(
                Code::PackInvalidValue,
                path,
                format!("a registry has no scheme: `{scheme}://`"),
            )
            .with_help(format!("write `{rest}`"))
            .with_fix_opt(v.value_fix(0..scheme.len() + 3, "")),
        );
        return;
    }
    let host = s.split('/').next().unwrap_or(s);
    let hostname = host.rsplit_once(':').map_or(host, |(h, p)| {
        if p.bytes().all(|b| b.is_ascii_digit()) {
            h
        } else {
            host
        }
    });
    if hostname.contains('_') {
        diags.push(
            v.diag(
                Code::PackInvalidValue,
                path,
                format!("`{hostname}` is not a valid registry host: DNS names have no `_`"),
            )
            .with_help("use the registry's DNS name or IP address"),
        );
    } else if s.ends_with('/') {
        diags.push(
            v.diag(
                Code::PackInvalidValue,
                path,
                "the registry ends with `/`, so the image reference gets `//`",
            )
            .with_help(format!("write `{}`", s.trim_end_matches('/')))
            .with_fix_opt(v.value_fix(s.trim_end_matches('/').len()..s.len(), "")),
        );
    } else if !namespace_ok && s.contains('/') {
        diags.push(
            v.diag(Code::PackInvalidValue, path, "`providerCredentials.registry` has a path; the registry pages document a domain or IP, one shows a Harbor project path").with_severity(Severity::Info)
            .with_help(format!("if provider images do not pull, write `{host}`")),
        );
    }
}

fn is_repo_path(s: &str) -> bool {
    s.split('/').all(|c| {
        let b = c.as_bytes();
        !b.is_empty()
            && b[0].is_ascii_alphanumeric()
            && b[b.len() - 1].is_ascii_alphanumeric()
            && b.iter().all(|x| {
                x.is_ascii_lowercase() || x.is_ascii_digit() || matches!(x, b'.' | b'_' | b'-')
            })
    })
}

fn is_pe_version(s: &str) -> bool {
    let Some(rest) = s.strip_prefix('v') else {
        return false;
    };
    let core = rest.split(['-', '+']).next().unwrap_or("");
    let nums: Vec<&str> = core.split('.').collect();
    nums.len() == 3
        && nums
            .iter()
            .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}
