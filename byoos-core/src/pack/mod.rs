//! The two BYOOS packs: their shapes, kind detection, the documented gotchas as
//! diagnostics, and typed models built from the [`Document`].

mod edge;
mod images;
mod options;

pub(crate) use options::PackOptions;

use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Path, Severity};
use crate::suggest::closest;
use crate::yaml::{Document, NodeRef, Resolved, Style};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Which BYOOS pack a values document belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PackKind {
    /// `edge-native-byoi`: Edge provider images (`pack.content.images`, `options.system.*`).
    #[serde(rename = "edge-native-byoi")]
    EdgeNativeByoi,
    /// `generic-byoi`: non-Edge clouds (`pack.osImageOverride`, `osName`, `osVersion`).
    #[serde(rename = "generic-byoi")]
    GenericByoi,
}

impl PackKind {
    /// Both kinds.
    pub const ALL: [PackKind; 2] = [PackKind::EdgeNativeByoi, PackKind::GenericByoi];

    /// The pack's name in Palette.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            PackKind::EdgeNativeByoi => "edge-native-byoi",
            PackKind::GenericByoi => "generic-byoi",
        }
    }

    /// Parse a pack name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<PackKind> {
        PackKind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

impl fmt::Display for PackKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for PackKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        PackKind::from_name(s).ok_or_else(|| {
            format!("unknown pack kind `{s}` (expected edge-native-byoi or generic-byoi)")
        })
    }
}

// ---------------------------------------------------------------------------------
// Schema tables
// ---------------------------------------------------------------------------------

/// The type a key's value must have.
#[derive(Debug)]
pub(crate) enum Ty {
    /// Text (quoted when YAML would read it as something else).
    Str,
    /// `true` / `false`.
    Bool,
    /// An integer, with an optional inclusive minimum.
    Int(Option<i64>),
    /// A mapping with known keys; `open` mappings accept other keys silently.
    Map {
        fields: &'static [Field],
        open: bool,
    },
    /// A list of items of one type.
    List(&'static Ty),
    /// Anything.
    Any,
}

/// One known key of a mapping.
#[derive(Debug)]
pub(crate) struct Field {
    pub(crate) key: &'static str,
    pub(crate) ty: Ty,
    pub(crate) need: Need,
    pub(crate) doc: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Need {
    Optional,
    /// Missing → error.
    Required,
    /// Missing → warning.
    Expected,
}

const fn f(key: &'static str, ty: Ty, need: Need, doc: &'static str) -> Field {
    Field { key, ty, need, doc }
}

use Need::{Expected, Optional, Required};

static IMAGE_ITEM: Ty = Ty::Map {
    fields: &[f("image", Ty::Str, Required, "An image reference to download, e.g. `{{.spectro.pack.edge-native-byoi.options.system.uri}}`.")],
    open: false,
};

static DRAIN: &[Field] = &[
    f(
        "cordon",
        Ty::Bool,
        Optional,
        "Cordon the node before draining (default true).",
    ),
    f(
        "timeout",
        Ty::Int(Some(0)),
        Optional,
        "Seconds to wait before giving up; 0 waits forever (default 60).",
    ),
    f(
        "gracePeriod",
        Ty::Int(None),
        Optional,
        "Seconds each pod gets to terminate; negative uses the pod's own value (default 60).",
    ),
    f(
        "ignoreDaemonSets",
        Ty::Bool,
        Optional,
        "Ignore DaemonSet-managed pods (default true).",
    ),
    f(
        "deleteLocalData",
        Ty::Bool,
        Optional,
        "Continue even if pods use emptyDir (default true).",
    ),
    f(
        "force",
        Ty::Bool,
        Optional,
        "Continue even if pods have no controller (default true).",
    ),
    f(
        "disableEviction",
        Ty::Bool,
        Optional,
        "Delete pods instead of evicting them, skipping PodDisruptionBudgets (default false).",
    ),
    f(
        "skipWaitForDeleteTimeout",
        Ty::Int(Some(1)),
        Optional,
        "Skip waiting for pods deleted more than N seconds ago; must be > 0 (default 60).",
    ),
    f("drainPods", Ty::Any, Optional, DRAIN_PODS_DOC),
    f("podSelector", Ty::Str, Optional, POD_SELECTOR_DOC),
];

const DRAIN_PODS_DOC: &str =
    "Drain pods on upgrades: `true`, `false` or `auto` (default; only multi-node clusters).";
const POD_SELECTOR_DOC: &str =
    "Label selector of the pods to drain, comma-separated (`!=` allowed), e.g. `app!=db`.";

/// The drain keys the older layout puts directly under `pack` (Palette before 4.5.15).
pub(crate) const LEGACY_DRAIN_KEYS: [&str; 3] = ["drainPods", "podSelector", "disableEviction"];

static CONTENT: &[Field] = &[
    f(
        "images",
        Ty::List(&IMAGE_ITEM),
        Optional,
        "Images Palette downloads for the content bundle; the first is the provider image.",
    ),
    f(
        "charts",
        Ty::List(&Ty::Any),
        Optional,
        "Helm charts for the content bundle (`repo`, `name`, `version`).",
    ),
];

static EDGE_PACK: &[Field] = &[
    f(
        "content",
        Ty::Map {
            fields: CONTENT,
            open: false,
        },
        Expected,
        "What Palette downloads: `images` and `charts`.",
    ),
    f(
        "drain",
        Ty::Map {
            fields: DRAIN,
            open: false,
        },
        Optional,
        "How nodes are drained on upgrades.",
    ),
    // The older documented drain layout: these three directly under `pack`.
    f("drainPods", Ty::Any, Optional, DRAIN_PODS_DOC),
    f("podSelector", Ty::Str, Optional, POD_SELECTOR_DOC),
    f(
        "disableEviction",
        Ty::Bool,
        Optional,
        "Delete pods instead of evicting them (older layout of `pack.drain.disableEviction`).",
    ),
    // Keys any pack's `pack:` section may carry (Palette-wide conventions).
    f(
        "namespace",
        Ty::Str,
        Optional,
        "Namespace the pack installs into.",
    ),
    f(
        "namespaceLabels",
        Ty::Any,
        Optional,
        "Labels per namespace.",
    ),
    f(
        "releaseNameOverride",
        Ty::Any,
        Optional,
        "Helm release names per chart.",
    ),
    f(
        "spectrocloud.com/install-priority",
        Ty::Any,
        Optional,
        "Install order among packs.",
    ),
    f(
        "spectrocloud.com/display-name",
        Ty::Str,
        Optional,
        "Display name when a pack is added more than once.",
    ),
];

/// The Edge `options` keys (each a single dotted key).
pub(crate) static EDGE_OPTIONS: &[Field] = &[
    f(
        "system.uri",
        Ty::Str,
        Required,
        "The provider image; usually a template joining the other `system.*` options, or `NA`.",
    ),
    f(
        "system.registry",
        Ty::Str,
        Optional,
        "Registry (and namespace) of the provider image, as CanvOS `IMAGE_REGISTRY`.",
    ),
    f(
        "system.repo",
        Ty::Str,
        Optional,
        "Repository of the provider image, as CanvOS `IMAGE_REPO`.",
    ),
    f(
        "system.k8sDistribution",
        Ty::Str,
        Optional,
        "k3s, rke2, kubeadm, kubeadm-fips, nodeadm or canonical.",
    ),
    f(
        "system.osName",
        Ty::Str,
        Optional,
        "OS distribution, as CanvOS `OS_DISTRIBUTION`.",
    ),
    f(
        "system.peVersion",
        Ty::Str,
        Optional,
        "Palette Edge version (the CanvOS git tag), e.g. v4.4.12.",
    ),
    f(
        "system.customTag",
        Ty::Str,
        Optional,
        "CanvOS `CUSTOM_TAG`: lowercase letters, digits and `-`.",
    ),
    f(
        "system.osVersion",
        Ty::Str,
        Optional,
        "OS version, as CanvOS `OS_VERSION` (quote it: `\"22.04\"`).",
    ),
];

static PROVIDER_CREDENTIALS: &[Field] = &[
    f(
        "registry",
        Ty::Str,
        Required,
        "Domain or IP of the private registry holding the provider images.",
    ),
    f(
        "user",
        Ty::Str,
        Optional,
        "User name (basic authentication only); the Edge pack's table spells it `username`.",
    ),
    f(
        "username",
        Ty::Str,
        Optional,
        "User name (basic authentication only); the private-registry page spells it `user`.",
    ),
    f(
        "password",
        Ty::Str,
        Optional,
        "Password; store it as a macro, not in clear text.",
    ),
    f(
        "certificates",
        Ty::Str,
        Optional,
        "PEM CA certificates of the registry; the Edge pack's table spells it `certificate`.",
    ),
    f(
        "certificate",
        Ty::Str,
        Optional,
        "PEM CA certificates of the registry; the private-registry page spells it `certificates`.",
    ),
];

static EDGE_ROOT: &[Field] = &[
    f(
        "pack",
        Ty::Map {
            fields: EDGE_PACK,
            open: false,
        },
        Required,
        "Pack settings: `content`, `drain`.",
    ),
    f(
        "options",
        Ty::Map {
            fields: EDGE_OPTIONS,
            open: false,
        },
        Required,
        "The provider image options (`system.*` dotted keys).",
    ),
    f(
        "providerCredentials",
        Ty::Map {
            fields: PROVIDER_CREDENTIALS,
            open: false,
        },
        Optional,
        "Credentials of a private registry that holds the provider images.",
    ),
    f(
        "stylusPackage",
        Ty::Str,
        Optional,
        "Pins the Palette agent version, e.g. `container://…/stylus-linux-amd64:v4.5.0`.",
    ),
    f(
        "stages",
        Ty::Map {
            fields: &[],
            open: true,
        },
        Optional,
        "cloud-init / yip stages (`initramfs`, `boot`, …).",
    ),
];

static GENERIC_PACK: &[Field] = &[
    f(
        "osImageOverride",
        Ty::Str,
        Required,
        "The image as the provider knows it: AMI id, VHD URL, template path, …",
    ),
    f(
        "osName",
        Ty::Str,
        Expected,
        "The OS distribution, e.g. `ubuntu`, `rhel`.",
    ),
    f(
        "osVersion",
        Ty::Str,
        Expected,
        "The OS version as a string, e.g. `\"8\"`, `\"22.04\"`.",
    ),
];

static GENERIC_ROOT: &[Field] = &[f(
    "pack",
    Ty::Map {
        fields: GENERIC_PACK,
        open: false,
    },
    Required,
    "`osImageOverride`, `osName`, `osVersion`.",
)];

pub(crate) fn root_fields(kind: PackKind) -> &'static [Field] {
    match kind {
        PackKind::EdgeNativeByoi => EDGE_ROOT,
        PackKind::GenericByoi => GENERIC_ROOT,
    }
}

/// Every known key of a kind with its canonical path (for "belongs at …" hints).
fn known_paths(
    fields: &'static [Field],
    prefix: &mut Vec<&'static str>,
    out: &mut Vec<(Vec<&'static str>, &'static Field)>,
) {
    for fl in fields {
        prefix.push(fl.key);
        out.push((prefix.clone(), fl));
        match &fl.ty {
            Ty::Map { fields, .. } => known_paths(fields, prefix, out),
            Ty::List(Ty::Map { fields, .. }) => known_paths(fields, prefix, out),
            _ => {}
        }
        prefix.pop();
    }
}

/// Whether `dotted` (the path's keys joined by `.`) is a key of `kind`'s shape.
pub(crate) fn is_known_path(kind: PackKind, dotted: &str) -> bool {
    let mut known = Vec::new();
    known_paths(root_fields(kind), &mut Vec::new(), &mut known);
    known.iter().any(|(p, _)| p.join(".") == dotted)
}

/// Where a path leaves a pack's shape (see [`shape_lookup`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OffShape {
    /// The index of the first segment the shape does not know.
    pub(crate) at: usize,
    /// A known key close to that segment (a likely typo).
    pub(crate) suggestion: Option<&'static str>,
    /// The keys known at that place (empty when the place holds a value, not a mapping).
    pub(crate) known: Vec<&'static str>,
}

/// Whether the shape of `kind` knows `path`: every key is a known key of its mapping,
/// or lies below an open mapping or a value of any shape (`stages`, `charts`, …).
pub(crate) fn shape_lookup(kind: PackKind, path: &Path) -> Result<(), OffShape> {
    let root = Ty::Map {
        fields: root_fields(kind),
        open: false,
    };
    let mut ty: &Ty = &root;
    for (i, seg) in path.0.iter().enumerate() {
        let off = |fields: &'static [Field], key: &str| OffShape {
            at: i,
            suggestion: closest(key, fields.iter().map(|fl| fl.key)),
            known: fields.iter().map(|fl| fl.key).collect(),
        };
        ty = match (ty, seg) {
            (Ty::Any, _) => return Ok(()),
            (Ty::Map { fields, open }, seg) => {
                let key = match seg {
                    crate::diagnostic::Segment::Key(k) => k.clone(),
                    crate::diagnostic::Segment::Index(n) => n.to_string(),
                };
                match fields.iter().find(|fl| fl.key == key) {
                    Some(fl) => &fl.ty,
                    None if *open => return Ok(()),
                    None => return Err(off(fields, &key)),
                }
            }
            (Ty::List(item), crate::diagnostic::Segment::Index(_)) => item,
            _ => return Err(off(&[], "")),
        };
    }
    Ok(())
}

pub(crate) const K8S_DISTRIBUTIONS: [&str; 6] = [
    "k3s",
    "rke2",
    "kubeadm",
    "kubeadm-fips",
    "nodeadm",
    "canonical",
];

// ---------------------------------------------------------------------------------
// Kind detection
// ---------------------------------------------------------------------------------

/// Detect the pack kind from a document root, per the contract: `pack.osImageOverride`
/// → generic; `pack.content.images` or an `options` key starting with `system.` → edge.
/// Falls back to the misplaced forms the checks explain (top-level `osImageOverride`,
/// top-level `content`, the legacy `image:` block, `providerCredentials`, …).
#[must_use]
pub(crate) fn detect(root: NodeRef<'_, '_>) -> Option<PackKind> {
    let pack = root.get("pack");
    if pack.and_then(|p| p.get("osImageOverride")).is_some() {
        return Some(PackKind::GenericByoi);
    }
    let has_images = pack
        .and_then(|p| p.get("content"))
        .and_then(|c| c.get("images"))
        .is_some();
    let has_system = root
        .get("options")
        .and_then(|o| o.entries())
        .is_some_and(|e| {
            e.iter()
                .any(|(k, _)| k.scalar().is_some_and(|(s, _)| s.starts_with("system.")))
        });
    if has_images || has_system {
        return Some(PackKind::EdgeNativeByoi);
    }
    let generic_keys = ["osImageOverride", "osName", "osVersion"];
    if generic_keys
        .iter()
        .any(|k| root.get(k).is_some() || pack.and_then(|p| p.get(k)).is_some())
    {
        return Some(PackKind::GenericByoi);
    }
    let edge_hints = [
        "content",
        "providerCredentials",
        "stylusPackage",
        "image",
        "options",
    ];
    if edge_hints.iter().any(|k| root.get(k).is_some())
        || pack.and_then(|p| p.get("drain")).is_some()
    {
        return Some(PackKind::EdgeNativeByoi);
    }
    None
}

// ---------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------

/// Check the first document of `doc` as a pack of kind `kind` (detected when `None`).
/// Returns the kind used.
pub(crate) fn check(
    doc: &Document<'_>,
    kind: Option<PackKind>,
    options: &PackOptions<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<PackKind> {
    check_scalars(doc, diags);
    let kind = check_first(doc, kind, options, diags);
    if kind.is_none() || !doc.root().is_some_and(|r| r.is_mapping()) {
        multiple_documents(doc, diags);
    }
    kind
}

/// The first document's checks; later documents are checked with the kind found here.
fn check_first(
    doc: &Document<'_>,
    kind: Option<PackKind>,
    options: &PackOptions<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<PackKind> {
    let Some(root) = doc.root() else {
        let end = doc.text().len();
        diags.push(doc.diag(Code::PackEmpty, "the document is empty", Path::root(), end..end).with_help(
            "a BYOOS pack needs values: `pack.osImageOverride` (generic-byoi) or `pack.content` and `options` (edge-native-byoi)",
        ));
        return kind;
    };
    if root.is_null() {
        diags.push(root.diag(Code::PackEmpty, "the document is empty", &Path::root()));
        return kind;
    }
    if !root.is_mapping() {
        diags.push(
            root.diag(
                Code::PackNotAMapping,
                format!(
                    "the document is {}, not a mapping of keys",
                    root.type_name()
                ),
                &Path::root(),
            )
            .with_help("pack values are a mapping with `pack:` at the top"),
        );
        return kind;
    }
    check_duplicate_keys(doc, diags);
    let detected = detect(root);
    let kind = match (kind, detected) {
        (Some(k), Some(d)) if k != d => {
            diags.push(
                root.diag(
                    Code::PackKindMismatch,
                    format!("checking as {k}, but the document looks like {d}"),
                    &Path::root(),
                )
                .with_help(format!(
                    "give the pack kind `{d}` if that is the pack you mean"
                )),
            );
            k
        }
        (Some(k), _) => k,
        (None, Some(d)) => d,
        (None, None) => {
            diags.push(
                root.diag(Code::PackUnknownKind, "cannot tell which BYOOS pack these values are for", &Path::root()).with_help(
                    "generic-byoi values have `pack.osImageOverride`; edge-native-byoi values have `pack.content.images` and `options.system.uri` (or pass the pack kind)",
                ),
            );
            return None;
        }
    };
    let mut known = Vec::new();
    known_paths(root_fields(kind), &mut Vec::new(), &mut known);
    let cx = Checker { kind, known };
    cx.check_map(root, root_fields(kind), &Path::root(), None, diags);
    cx.check_later_documents(doc, diags);
    match kind {
        PackKind::EdgeNativeByoi => {
            cx.check_edge(root, diags);
            edge::check_drain(root, diags);
            edge::check_stages(root, diags);
            edge::check_presets(doc, diags);
            images::check_edge(root, diags);
        }
        PackKind::GenericByoi => {
            cx.check_generic(root, diags);
            if let Some(pack) = root.get("pack").filter(NodeRef::is_mapping) {
                images::check_generic(pack, options, diags);
            }
        }
    }
    Some(kind)
}

struct Checker {
    kind: PackKind,
    known: Vec<(Vec<&'static str>, &'static Field)>,
}

fn path_of(segs: &[&str]) -> String {
    segs.join(".")
}

impl Checker {
    fn check_map(
        &self,
        node: NodeRef<'_, '_>,
        fields: &'static [Field],
        path: &Path,
        key_node: Option<NodeRef<'_, '_>>,
        diags: &mut Vec<Diagnostic>,
    ) {
        let Some(entries) = node.entries() else {
            return;
        };
        let mut budget = crate::diagnostic::ReportBudget::new(node.doc().limits());
        if budget.full(diags) {
            return;
        }
        let present: Vec<&str> = entries
            .iter()
            .filter_map(|(k, _)| k.scalar().map(|s| s.0))
            .collect();
        for (k, v) in &entries {
            if budget.full(diags) {
                return;
            }
            let Some((key, _)) = k.scalar() else {
                diags.push(
                    k.diag(
                        Code::YamlComplexKey,
                        format!("a key must be text, not {}", k.type_name()),
                        path,
                    )
                    .with_help("write the key as plain text"),
                );
                continue;
            };
            let kpath = path.join(key);
            match fields.iter().find(|fl| fl.key == key) {
                Some(fl) => self.check_value(*k, *v, fl, &kpath, diags),
                None => self.unknown_key(*k, key, fields, path, &present, diags),
            }
        }
        for fl in fields {
            if fl.need == Optional
                || entries
                    .iter()
                    .any(|(k, _)| k.scalar().is_some_and(|(s, _)| s == fl.key))
            {
                continue;
            }
            if self.skip_missing(node, fl.key, path) {
                continue;
            }
            // At the key that names this mapping; at the root, at its first key.
            let at = key_node
                .or_else(|| node.entries().and_then(|e| e.first().map(|(k, _)| *k)))
                .unwrap_or(node);
            let sev = if fl.need == Required {
                Severity::Error
            } else {
                Severity::Warning
            };
            let full = path.join(fl.key);
            diags.push(
                at.diag_sev(
                    Code::PackMissingKey,
                    sev,
                    format!("missing `{}`", dotted(&full)),
                    &full,
                )
                .with_help(format!("add `{}`: {}", fl.key, fl.doc)),
            );
        }
    }

    /// The keys of the document root that holds `k`.
    fn root_entries(&self, k: NodeRef<'_, '_>) -> Option<Vec<String>> {
        let root = k.doc().root()?;
        Some(
            root.entries()?
                .iter()
                .filter_map(|(k, _)| k.scalar().map(|s| s.0.to_owned()))
                .collect(),
        )
    }

    /// Missing keys already explained by another diagnostic.
    fn skip_missing(&self, node: NodeRef<'_, '_>, key: &str, path: &Path) -> bool {
        // `options.system.uri` missing but nested `options.system.uri` written: reported as misplaced.
        if key.starts_with("system.") && node.get("system").is_some() {
            return true;
        }
        // Written elsewhere in the document: reported there as misplaced.
        let _ = path;
        node.doc().has_key(key)
    }

    fn unknown_key(
        &self,
        k: NodeRef<'_, '_>,
        key: &str,
        fields: &'static [Field],
        path: &Path,
        present: &[&str],
        diags: &mut Vec<Diagnostic>,
    ) {
        let kpath = path.join(key);
        // Nested `system: {uri: …}` where Palette reads dotted keys.
        if key == "system" && fields.iter().any(|fl| fl.key.starts_with("system.")) {
            diags.push(
                k.diag(Code::PackMisplacedKey, "`system:` is nested, but Palette reads dotted option keys", &kpath)
                    .with_help("write each option as one dotted key at this level: `system.uri: …`, `system.registry: …`"),
            );
            return;
        }
        if self.kind == PackKind::EdgeNativeByoi && path.0.is_empty() && key == "image" {
            // Explained by check_legacy.
            return;
        }
        // Known elsewhere: the wrong place, usually the wrong indentation.
        let here: Vec<&str> = path
            .0
            .iter()
            .filter_map(|s| match s {
                crate::diagnostic::Segment::Key(k) => Some(k.as_str()),
                crate::diagnostic::Segment::Index(_) => None,
            })
            .collect();
        let elsewhere: Vec<&Vec<&'static str>> = self
            .known
            .iter()
            .filter(|(p, _)| p.last() == Some(&key) && p[..p.len() - 1] != here[..])
            .map(|(p, _)| p)
            .collect();
        if let Some(target) = elsewhere.first() {
            let parent = &target[..target.len() - 1];
            let where_ = if parent.is_empty() {
                "at the top level".to_owned()
            } else {
                format!("under `{}`", path_of(parent))
            };
            let mut help = if parent.len() > here.len() && parent.starts_with(&here) {
                format!("indent `{key}:` under `{}`", path_of(parent))
            } else if parent.is_empty() {
                format!("move `{key}:` to the top level (no indentation)")
            } else {
                format!("move `{key}:` under `{}`", path_of(parent))
            };
            if key == "content" && here.is_empty() {
                help.push_str(
                    "; with `content:` at the same indentation as `pack:`, `pack` is empty",
                );
            }
            diags.push(
                k.diag(
                    Code::PackMisplacedKey,
                    format!("`{key}` belongs {where_}"),
                    &kpath,
                )
                .with_help(help),
            );
            return;
        }
        let other_kind = match self.kind {
            PackKind::EdgeNativeByoi => PackKind::GenericByoi,
            PackKind::GenericByoi => PackKind::EdgeNativeByoi,
        };
        let mut other = Vec::new();
        known_paths(root_fields(other_kind), &mut Vec::new(), &mut other);
        if other
            .iter()
            .any(|(p, _)| p.last() == Some(&key) && p.len() > 1)
        {
            diags.push(
                k.diag(
                    Code::PackUnknownKey,
                    format!(
                        "`{key}` belongs to {other_kind}; these values are {}",
                        self.kind
                    ),
                    &kpath,
                )
                .with_help(format!("remove it, or check these values as {other_kind}")),
            );
            return;
        }
        let mut d = k.diag(
            Code::PackUnknownKey,
            format!("unknown key `{key}`; Palette ignores it"),
            &kpath,
        );
        if let Some(s) = closest_key(key, fields) {
            let s = s.as_str();
            // Renaming to a key this mapping has already would write it twice.
            d = d.with_help(if present.contains(&s) {
                format!("a misspelled `{s}`? `{s}` is set already in this mapping: remove this key")
            } else {
                format!("did you mean `{s}`?")
            });
        } else if !fields.is_empty() {
            let list: Vec<&str> = fields.iter().map(|fl| fl.key).collect();
            d = d.with_help(format!("known keys here: {}", list.join(", ")));
        }
        diags.push(d);
    }

    fn check_value(
        &self,
        k: NodeRef<'_, '_>,
        v: NodeRef<'_, '_>,
        fl: &'static Field,
        path: &Path,
        diags: &mut Vec<Diagnostic>,
    ) {
        if let Ty::Any = fl.ty {
            return;
        }
        if v.is_null() && !matches!(fl.ty, Ty::Str) {
            if fl.need == Optional {
                return;
            }
            // `pack:` left empty because its children sit at the top level: reported there.
            if fl.key == "pack" && path.0.len() == 1 {
                if let Some(root) = self.root_entries(k) {
                    if root.iter().any(|name| {
                        matches!(
                            name.as_str(),
                            "content" | "drain" | "osImageOverride" | "osName" | "osVersion"
                        )
                    }) {
                        return;
                    }
                }
            }
            diags.push(
                k.diag(
                    Code::PackEmptyValue,
                    format!("`{}` is empty", dotted(path)),
                    path,
                )
                .with_help(format!("give `{}` a value: {}", fl.key, fl.doc)),
            );
            return;
        }
        // A macro stands for a value only known at deploy time: its type is checked after rendering.
        if v.scalar().is_some_and(|(s, _)| s.contains("{{"))
            && !matches!(fl.ty, Ty::Map { .. } | Ty::List(_))
        {
            return;
        }
        match &fl.ty {
            Ty::Str => self.check_str(k, v, fl, path, diags),
            Ty::Bool => {
                if !matches!(v.resolved(), Some(Resolved::Bool(_))) {
                    diags.push(wrong_type(
                        v,
                        path,
                        "true or false",
                        "write `true` or `false` without quotes",
                    ));
                }
            }
            Ty::Int(min) => match v.resolved() {
                Some(Resolved::Int(n)) => {
                    if let Some(m) = min {
                        if n < i128::from(*m) {
                            diags.push(
                                v.diag(
                                    Code::PackInvalidValue,
                                    format!("`{}` must be at least {m}, not {n}", dotted(path)),
                                    path,
                                )
                                .with_help(fl.doc),
                            );
                        }
                    }
                }
                _ => diags.push(wrong_type(
                    v,
                    path,
                    "a whole number",
                    if v.scalar().is_some_and(|(_, st)| !st.is_plain()) {
                        "remove the quotes"
                    } else {
                        "write a whole number of seconds"
                    },
                )),
            },
            Ty::Map { fields, open } => {
                if !v.is_mapping() {
                    let hint = format!("`{}` holds keys: {}", fl.key, key_list(fields));
                    diags.push(wrong_type(v, path, "a mapping", &hint));
                } else if !*open {
                    self.check_map(v, fields, path, Some(k), diags);
                }
            }
            Ty::List(item) => {
                let Some(items) = v.items() else {
                    diags.push(wrong_type(
                        v,
                        path,
                        "a list",
                        &format!("write `{}:` as a list of `- ` items", fl.key),
                    ));
                    return;
                };
                for (i, it) in items.iter().enumerate() {
                    let ipath = path.join(i);
                    match item {
                        Ty::Map { fields, .. } => {
                            if it.is_mapping() {
                                self.check_map(*it, fields, &ipath, None, diags);
                            } else if it.as_str().is_some()
                                && fields.iter().any(|f| f.key == "image")
                            {
                                diags.push(wrong_type(
                                    *it,
                                    &ipath,
                                    "a mapping",
                                    "write each entry as `- image: <reference>`",
                                ));
                            } else {
                                diags.push(wrong_type(
                                    *it,
                                    &ipath,
                                    "a mapping",
                                    &format!("each item holds keys: {}", key_list(fields)),
                                ));
                            }
                        }
                        Ty::Any => {}
                        _ => {}
                    }
                }
            }
            Ty::Any => {}
        }
    }

    fn check_str(
        &self,
        k: NodeRef<'_, '_>,
        v: NodeRef<'_, '_>,
        fl: &'static Field,
        path: &Path,
        diags: &mut Vec<Diagnostic>,
    ) {
        let Some((text, style)) = v.scalar() else {
            diags.push(wrong_type(v, path, "a string", fl.doc));
            return;
        };
        match v.resolved() {
            Some(Resolved::Str)
                if text.trim().is_empty()
                    && fl.need != Optional
                    && fl.key != "system.customTag" =>
            {
                diags.push(
                    v.diag(
                        Code::PackEmptyValue,
                        format!("`{}` is an empty string", dotted(path)),
                        path,
                    )
                    .with_help(fl.doc),
                );
            }
            Some(Resolved::Str) | None => {}
            Some(Resolved::Null) => {
                if fl.key == "system.customTag" {
                    return; // checked by check_custom_tag
                }
                let sev = if fl.need == Required {
                    Severity::Error
                } else {
                    Severity::Warning
                };
                diags.push(
                    k.diag_sev(
                        Code::PackEmptyValue,
                        sev,
                        format!("`{}` is empty", dotted(path)),
                        path,
                    )
                    .with_help(format!("give `{}` a value: {}", fl.key, fl.doc)),
                );
            }
            Some(r) => {
                let canonical = match r {
                    Resolved::Int(n) => n.to_string(),
                    Resolved::Float(x) => format_float(x),
                    Resolved::Bool(b) => b.to_string(),
                    _ => String::new(),
                };
                let what = match r {
                    Resolved::Bool(_) => "a boolean",
                    _ => "a number",
                };
                let lossy = canonical != text || matches!(r, Resolved::Bool(_));
                // A secret is not quoted, nor the number YAML reads it as.
                let secret = crate::secrets::is_secret_key(fl.key);
                let (text, canonical) = if secret {
                    ("***", "***".to_owned())
                } else {
                    (text, canonical)
                };
                let mut msg = format!("`{text}` is read as {what}, not the string \"{text}\"");
                if lossy && canonical != text {
                    msg = format!(
                        "`{text}` is read as the number {canonical}, not the string \"{text}\""
                    );
                }
                let sev = if lossy {
                    Severity::Error
                } else {
                    Severity::Warning
                };
                let _ = style;
                diags.push(
                    v.diag_sev(Code::YamlImplicitType, sev, msg, path)
                        .with_help(format!("quote it: `{}: \"{text}\"`", fl.key)),
                );
            }
        }
    }

    // ---- Edge-specific rules -------------------------------------------------------

    fn check_edge(&self, root: NodeRef<'_, '_>, diags: &mut Vec<Diagnostic>) {
        self.check_legacy(root, diags);
        let options = root.get("options").filter(NodeRef::is_mapping);
        let opt_path = Path::root().join("options");
        if let Some(o) = options {
            let get = |key: &str| o.entry(key);
            if let Some((_, uri)) = get("system.uri") {
                if uri.as_str().is_some_and(|s| s.trim() == "NA") {
                    diags.push(
                        uri.diag(Code::PackNaSentinel, "`system.uri` is NA: no provider image is installed", &opt_path.join("system.uri"))
                            .with_help("right for agent mode and systemd extensions; otherwise set the provider image"),
                    );
                }
            }
            self.check_custom_tag(o, &opt_path, diags);
            if let Some((_, v)) = get("system.k8sDistribution") {
                if let Some(s) = v.as_str().filter(|s| !s.contains("{{")) {
                    if !K8S_DISTRIBUTIONS.contains(&s) {
                        let mut d = v
                            .diag_sev(
                                Code::PackInvalidValue,
                                Severity::Warning,
                                format!("`{s}` is not a Kubernetes distribution CanvOS builds"),
                                &opt_path.join("system.k8sDistribution"),
                            )
                            .with_help(format!(
                                "expected one of: {}",
                                K8S_DISTRIBUTIONS.join(", ")
                            ));
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
                            v.diag(Code::PackInvalidValue, format!("`{s}` is not a valid image repository name"), &opt_path.join("system.repo"))
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
                            v.diag_sev(
                                Code::PackInvalidValue,
                                Severity::Warning,
                                format!("`{s}` does not look like a Palette Edge version"),
                                &opt_path.join("system.peVersion"),
                            )
                            .with_help(help),
                        );
                    }
                }
            }
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
                            p.diag(Code::PackPlaintextSecret, "the registry password is written in clear text (***)", &cpath.join("password"))
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
                        .diag_sev(Code::PackEmptyValue, Severity::Warning, "`pack.content.images` is an empty list", &ipath)
                        .with_help("list the provider image: `- image: \"{{.spectro.pack.edge-native-byoi.options.system.uri}}\"`"),
                ),
                _ => {}
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
                    at.diag(Code::PackEmptyCustomTag, "`system.customTag` is empty, so the image tag built by `system.uri` ends in `-`", &tpath)
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
                        format!("`{s}` cannot be part of an image tag"),
                        &tpath,
                    )
                    .with_help(help),
                );
            } else if fixed != s {
                // A valid image tag, but not the lowercase alphanumeric CUSTOM_TAG CanvOS asks for.
                diags.push(
                    tag.diag_sev(
                        Code::PackInvalidValue,
                        Severity::Warning,
                        format!(
                            "`{s}` is not a CanvOS CUSTOM_TAG: lowercase letters, digits and `-` only"
                        ),
                        &tpath,
                    )
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
                "unknown key `image`; Palette ignores it",
                &path,
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
                "the top-level `image:` block is the older Edge layout",
                &path,
            )
            .with_help(help),
        );
    }

    // ---- generic-byoi ---------------------------------------------------------------

    fn check_generic(&self, root: NodeRef<'_, '_>, diags: &mut Vec<Diagnostic>) {
        let Some(pack) = root.get("pack").filter(NodeRef::is_mapping) else {
            return;
        };
        let ppath = Path::root().join("pack");
        if let Some(v) = pack.get("osName") {
            if let Some(s) = v.as_str().filter(|s| !s.contains("{{")) {
                if s.chars().any(char::is_whitespace) {
                    diags.push(
                        v.diag_sev(Code::PackInvalidValue, Severity::Warning, format!("`{s}` has spaces; an OS name is one word such as `ubuntu` or `rhel`"), &ppath.join("osName"))
                            .with_help("use the distribution's short name"),
                    );
                }
            }
        }
    }
}

/// The known key closest to `key`. Dotted keys sharing the first part (`system.`) are
/// compared by the rest, so the shared part does not make unrelated names look close
/// (`system.arch` is not a typo of `system.uri`).
fn closest_key(key: &str, fields: &[Field]) -> Option<String> {
    if let Some((head, tail)) = key.split_once('.') {
        let prefix = format!("{head}.");
        let tails: Vec<&str> = fields
            .iter()
            .filter_map(|fl| fl.key.strip_prefix(prefix.as_str()))
            .collect();
        if !tails.is_empty() {
            return closest(tail, tails).map(|t| format!("{prefix}{t}"));
        }
    }
    closest(key, fields.iter().map(|fl| fl.key)).map(str::to_owned)
}

fn key_list(fields: &[Field]) -> String {
    fields.iter().map(|f| f.key).collect::<Vec<_>>().join(", ")
}

fn dotted(path: &Path) -> String {
    path.0
        .iter()
        .map(|s| match s {
            crate::diagnostic::Segment::Key(k) => k.clone(),
            crate::diagnostic::Segment::Index(i) => format!("[{i}]"),
        })
        .collect::<Vec<_>>()
        .join(".")
        .replace(".[", "[")
}

fn wrong_type(v: NodeRef<'_, '_>, path: &Path, expected: &str, help: &str) -> Diagnostic {
    v.diag(
        Code::PackWrongType,
        format!(
            "`{}` must be {expected}, not {}",
            dotted(path),
            v.type_name()
        ),
        path,
    )
    .with_help(help)
}

/// Go-like shortest float text (`8.1`, `1000`, `22.04`).
fn format_float(x: f64) -> String {
    if x.is_nan() {
        return ".nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 {
            ".inf".into()
        } else {
            "-.inf".into()
        };
    }
    let s = format!("{x}");
    s
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
                format!("a registry has no scheme: `{scheme}://`"),
                path,
            )
            .with_help(format!("write `{rest}`")),
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
                format!("`{hostname}` is not a valid registry host: DNS names have no `_`"),
                path,
            )
            .with_help("use the registry's DNS name or IP address"),
        );
    } else if s.ends_with('/') {
        diags.push(
            v.diag(
                Code::PackInvalidValue,
                "the registry ends with `/`, so the image reference gets `//`",
                path,
            )
            .with_help(format!("write `{}`", s.trim_end_matches('/'))),
        );
    } else if !namespace_ok && s.contains('/') {
        diags.push(
            v.diag_sev(
                Code::PackInvalidValue,
                Severity::Info,
                "`providerCredentials.registry` has a path; the registry pages document a domain or IP, one shows a Harbor project path",
                path,
            )
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

/// `yaml/multiple-documents` at the second document, when the pack's checks did not run.
fn multiple_documents(doc: &Document<'_>, diags: &mut Vec<Diagnostic>) {
    let Some((_, at)) = doc.document(1) else {
        return;
    };
    let end = doc.text()[at..]
        .find('\n')
        .map_or(doc.text().len(), |n| at + n);
    diags.push(
        doc.diag(Code::YamlMultipleDocuments, "more than one YAML document; only the first is checked", Path::root(), at..end)
            .with_help("a pack's values are one document: remove the `---` and what follows, or split the file"),
    );
}

/// Checks over every scalar, whatever the pack: curly quotes, unknown tags.
fn check_scalars(doc: &Document<'_>, diags: &mut Vec<Diagnostic>) {
    let mut budget = crate::diagnostic::ReportBudget::new(doc.limits());
    for n in doc.nodes() {
        if budget.full(diags) {
            return;
        }
        let node = n.node();
        if let Some(tag) = &node.tag {
            let known = tag == "!"
                || tag.starts_with("!!")
                    && matches!(
                        &tag[2..],
                        "str"
                            | "int"
                            | "float"
                            | "bool"
                            | "null"
                            | "map"
                            | "seq"
                            | "binary"
                            | "timestamp"
                    );
            if !known {
                let at = node.full_range.start;
                let tag_end = at
                    + doc.text()[at..]
                        .find(tag.as_str())
                        .map_or(0, |i| i + tag.len());
                diags.push(
                    doc.diag(
                        Code::YamlUnknownTag,
                        format!("unknown tag `{tag}`"),
                        doc.path_of(n.id()),
                        at..tag_end.max(at),
                    )
                    .with_help("Palette reads values with YAML's core schema; remove the tag"),
                );
            }
        }
        let Some((value, style)) = n.scalar().filter(|_| !n.is_alias()) else {
            continue;
        };
        if style != Style::Plain {
            continue;
        }
        let open = value.starts_with(['“', '‘', '”', '’']);
        let close = value.ends_with(['”', '’', '“', '‘']);
        if open || close {
            let range = n.range();
            let help = if value.starts_with(['‘', '’']) || value.ends_with(['‘', '’']) {
                "replace ‘ and ’ with straight single quotes '"
            } else {
                "replace “ and ” with straight double quotes \""
            };
            diags.push(
                doc.diag(
                    Code::YamlSmartQuotes,
                    "curly quotes are not YAML quotes: they become part of the value",
                    doc.path_of(n.id()),
                    range,
                )
                .with_help(help),
            );
        }
    }
}

/// Report duplicate keys in every mapping.
fn check_duplicate_keys(doc: &Document<'_>, diags: &mut Vec<Diagnostic>) {
    let mut budget = crate::diagnostic::ReportBudget::new(doc.limits());
    for n in doc.nodes() {
        if budget.full(diags) {
            return;
        }
        let crate::yaml::NodeKind::Mapping(entries) = &n.node().kind else {
            continue;
        };
        let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for &(k, _) in entries {
            let kn = doc.node(k);
            let crate::yaml::NodeKind::Scalar { value, .. } = &kn.kind else {
                continue;
            };
            if let Some(first) = seen.get(value.as_str()) {
                let (line, _) = doc.line_index().line_col(doc.text(), *first);
                diags.push(
                    doc.diag(
                        Code::YamlDuplicateKey,
                        format!("key `{value}` appears twice in this mapping"),
                        doc.path_of(k),
                        kn.range.clone(),
                    )
                    .with_help(format!("first defined on line {line}; keep one of them")),
                );
            } else {
                seen.insert(value.as_str(), kn.range.start);
            }
        }
    }
}
