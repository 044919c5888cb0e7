//! The key tables of both packs: every known key, the type of its value, whether it
//! must be there and its one-line documentation. Data only: the shape checks, the JSON
//! Schema, `set_values` and the resolver's hints read them.

use super::PackKind;

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
pub(crate) fn known_paths(
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

pub(crate) use crate::image::K8S_DISTRIBUTIONS;
