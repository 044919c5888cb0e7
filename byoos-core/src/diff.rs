//! `diff`: what changes between two versions of a pack's values, and what the change
//! does to running nodes — Palette's documented upgrade behaviour by key (Edge: repave,
//! reboot, service restart, configuration reload, no-op; `generic-byoi`: a new image or
//! OS re-images the nodes).
//!
//! Both sides are compared as YAML reads them (comments, quoting and layout are not
//! changes; a scalar that YAML reads as another type is), key by key down to the
//! scalars. The impact of a change comes from its key; for Edge, a change of a key that
//! `system.uri` refers to (`system.peVersion`, `system.registry`, …) repaves when the
//! resolved `system.uri` changes, so both sides are rendered with the same context to
//! compare it.

use crate::codes::Code;
use crate::diagnostic::{self, Diagnostic, Path, Segment};
use crate::options::Options;
use crate::pack::{self, PackKind};
use crate::profile::{InputKind, ReadFile};
use crate::secrets::{self, SecretRanges};
use crate::yaml::{Document, NodeKind, NodeRef, Resolved};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt;

mod module;
mod profiles;

pub use module::{diff_modules, FileDiagnostics, ModuleDiff};

/// What a change does to the nodes running the values, weakest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Impact {
    /// Nothing happens on the nodes.
    NoOp,
    /// The configuration is reloaded (Edge `stages.reconcile.*`).
    Reload,
    /// Services restart.
    ServiceRestart,
    /// The nodes reboot (Edge `stages.*` other than `reconcile`).
    Reboot,
    /// The nodes are re-imaged (Edge `system.uri`; a new `generic-byoi` image or OS).
    Repave,
}

impl Impact {
    /// Every impact, weakest first.
    pub const ALL: [Impact; 5] = [
        Impact::NoOp,
        Impact::Reload,
        Impact::ServiceRestart,
        Impact::Reboot,
        Impact::Repave,
    ];

    /// `no-op`, `reload`, `service-restart`, `reboot` or `repave`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Impact::NoOp => "no-op",
            Impact::Reload => "reload",
            Impact::ServiceRestart => "service-restart",
            Impact::Reboot => "reboot",
            Impact::Repave => "repave",
        }
    }

    /// The impact named `name` (`no-op`, `reload`, …).
    #[must_use]
    pub fn from_name(name: &str) -> Option<Impact> {
        Impact::ALL.into_iter().find(|i| i.as_str() == name)
    }
}

impl fmt::Display for Impact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One changed value: its path, the value before and after (`None`: absent on that
/// side; secrets are `"***"`), what it does and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Change {
    /// YAML path of the value.
    pub path: Path,
    /// The value before, as JSON (`None`: the key was added).
    pub old: Option<serde_json::Value>,
    /// The value after, as JSON (`None`: the key was removed).
    pub new: Option<serde_json::Value>,
    /// What the change does to the nodes.
    pub impact: Impact,
    /// Why: the rule of Palette's upgrade table that gives the impact.
    pub reason: String,
}

/// The result of [`diff`](crate::diff).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Diff {
    /// Both sides could be read and rendered (no `error` diagnostic).
    pub ok: bool,
    /// The pack kind the impacts are for.
    pub pack: Option<PackKind>,
    /// The strongest impact of all changes (`no-op` when there is none).
    pub impact: Impact,
    /// Every change, in the order of the old document, then the added keys.
    pub changes: Vec<Change>,
    /// Findings about the old side (spans into it): why it could not be compared.
    pub old_diagnostics: Vec<Diagnostic>,
    /// Findings about the new side (spans into it).
    pub new_diagnostics: Vec<Diagnostic>,
}

/// The Edge keys `system.uri` may refer to: a change of one is a no-op unless the
/// resolved `system.uri` changes.
const URI_PARTS: [&str; 7] = [
    "registry",
    "repo",
    "k8sDistribution",
    "osName",
    "peVersion",
    "customTag",
    "osVersion",
];

/// One value: its path, what it is, and what may be shown of it (`"***"` for a secret,
/// which is compared by what it is but never shown).
struct Leaf {
    path: Path,
    value: serde_json::Value,
    shown: serde_json::Value,
}

impl Leaf {
    /// A value that is no secret.
    fn plain(path: Path, value: serde_json::Value) -> Leaf {
        Leaf {
            path,
            shown: value.clone(),
            value,
        }
    }
}

/// One side: its document's scalars (and empty collections) by path, in document
/// order, and the resolved `system.uri`.
struct Side {
    leaves: Vec<Leaf>,
    uri_written: Option<String>,
    uri_resolved: Option<String>,
    kind: Option<PackKind>,
    k8s_distribution: Option<String>,
}

/// Compare two versions of a pack's values: every semantic change (path, old → new),
/// each labelled with Palette's upgrade behaviour for its key, and the strongest.
/// Both sides are rendered with `options.context` to compare the resolved Edge
/// `system.uri`. Never fails: a side that cannot be read or rendered gives `ok: false`
/// and its diagnostics.
///
/// ```
/// use byoos_core::{diff, Impact, Options};
///
/// let old = "pack:\n  osImageOverride: ami-0f4804aff4cf9c5a2\n  osName: ubuntu\n  osVersion: \"22.04\"\n";
/// let new = "pack:\n  osImageOverride: ami-0123456789abcdef0  # rebuilt\n  osName: ubuntu\n  osVersion: '22.04'\n";
/// let d = diff(old, new, &Options::default());
/// assert_eq!(d.impact, Impact::Repave);
/// assert_eq!(d.changes.len(), 1);
/// assert_eq!(d.changes[0].path.to_string(), "pack/osImageOverride");
/// ```
#[must_use]
pub fn diff(old: &str, new: &str, options: &Options) -> Diff {
    let given = |name: &str| crate::ops::given_file(options, name);
    diff_with(old, new, options, &given, &given)
}

/// [`diff`], with `read_old` and `read_new` answering the files each side's Terraform
/// `file("…")`/`templatefile("…")` names (paths relative to that side's `.tf` file): the
/// values compared are those files' texts. The CLI passes readers; [`diff`] answers from
/// `options.files`.
#[must_use]
pub fn diff_with(
    old: &str,
    new: &str,
    options: &Options,
    read_old: &ReadFile<'_>,
    read_new: &ReadFile<'_>,
) -> Diff {
    let (mut old_diags, mut new_diags) = (Vec::new(), Vec::new());
    let old_doc = Document::parse(old, &options.limits, &mut old_diags);
    let new_doc = Document::parse(new, &options.limits, &mut new_diags);
    let kind = |text: &str, doc: &Document<'_>| {
        crate::profile::sniff(text, options.file_name.as_deref(), Some(doc))
    };
    let (old_kind, new_kind) = (kind(old, &old_doc), kind(new, &new_doc));
    if old_kind != InputKind::Values || new_kind != InputKind::Values {
        return profiles::diff(
            (old, old_kind, read_old),
            (new, new_kind, read_new),
            options,
        );
    }
    let (old_side, old_diagnostics) = read_parsed(&old_doc, old_diags, options);
    let (new_side, new_diagnostics) = read_parsed(&new_doc, new_diags, options);
    let ok = !diagnostic::has_errors(&old_diagnostics) && !diagnostic::has_errors(&new_diagnostics);
    let (Some(old_side), Some(new_side), true) = (old_side, new_side, ok) else {
        return Diff {
            ok: false,
            pack: None,
            impact: Impact::NoOp,
            changes: Vec::new(),
            old_diagnostics,
            new_diagnostics,
        };
    };
    let kind = options.pack.or(new_side.kind).or(old_side.kind);
    let changes = changes(&old_side, &new_side, kind, None);
    Diff {
        ok,
        pack: kind,
        impact: changes
            .iter()
            .map(|c| c.impact)
            .max()
            .unwrap_or(Impact::NoOp),
        changes,
        old_diagnostics,
        new_diagnostics,
    }
}

/// Read one side: parse, render with the context, collect its values.
fn read_side(source: &str, options: &Options) -> (Option<Side>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let doc = Document::parse(source, &options.limits, &mut diags);
    read_parsed(&doc, diags, options)
}

/// [`read_side`] of a document already parsed, with the diagnostics of its parse.
fn read_parsed(
    doc: &Document<'_>,
    mut diags: Vec<Diagnostic>,
    options: &Options,
) -> (Option<Side>, Vec<Diagnostic>) {
    let source = doc.text();
    if diagnostic::has_errors(&diags) {
        secrets::redact(source, &mut diags);
        return (None, diags);
    }
    let Some(root) = doc.root() else {
        return (
            Some(Side {
                leaves: Vec::new(),
                uri_written: None,
                uri_resolved: None,
                kind: None,
                k8s_distribution: None,
            }),
            diags,
        );
    };
    let secret = SecretRanges::find(source);
    let mut leaves = Vec::new();
    let mut budget = options.limits.max_alias_expansion;
    if let Err(d) = collect(root, &Path::root(), &secret, &mut budget, &mut leaves) {
        diags.push(*d);
        secrets::redact(source, &mut diags);
        return (None, diags);
    }
    let kind = options.pack.or_else(|| pack::detect(root));
    let uri_written = system_option(root, "uri").map(str::to_owned);
    let k8s_distribution = system_option(root, "k8sDistribution").map(str::to_owned);
    let uri_resolved = match &uri_written {
        Some(uri) if uri.contains("{{") => {
            let mut ro = options.clone();
            ro.pack = kind;
            let context = options.context.clone().unwrap_or_default();
            match crate::ops::render(source, &context, &ro) {
                Ok(r) => {
                    let mut rd = Vec::new();
                    let rendered = Document::parse(&r.text, &options.limits, &mut rd);
                    rendered
                        .root()
                        .and_then(|root| system_option(root, "uri"))
                        .map(str::to_owned)
                }
                Err(e) => {
                    diags.extend(e.diagnostics.iter().filter(|d| d.is_error()).cloned());
                    return (None, diags);
                }
            }
        }
        other => other.clone(),
    };
    (
        Some(Side {
            leaves,
            uri_written,
            uri_resolved,
            kind,
            k8s_distribution,
        }),
        diags,
    )
}

/// `options.system.<key>` (one dotted key, or nested mappings) of an Edge pack.
fn system_option<'d>(root: NodeRef<'d, '_>, key: &str) -> Option<&'d str> {
    let options = root.get("options")?;
    options
        .get(&format!("system.{key}"))
        .or_else(|| options.get("system")?.get(key))?
        .resolve()
        .as_str()
}

/// The scalars (and empty collections) below `node`, as JSON, with their paths.
fn collect(
    node: NodeRef<'_, '_>,
    path: &Path,
    secret: &SecretRanges,
    budget: &mut usize,
    out: &mut Vec<Leaf>,
) -> Result<(), Box<Diagnostic>> {
    if *budget == 0 {
        return Err(Box::new(node.doc().diag(
            Code::LimitAliasExpansion,
            path.clone(),
            node.range(),
            "alias expansion visits too many nodes to compare",
        )));
    }
    *budget -= 1;
    let r = node.resolve();
    match &r.node().kind {
        NodeKind::Mapping(_) => {
            let entries = r.entries().unwrap_or_default();
            if entries.is_empty() {
                out.push(Leaf::plain(path.clone(), serde_json::json!({})));
            }
            for (k, v) in entries {
                let key = k
                    .scalar()
                    .map_or_else(|| k.source_text().to_owned(), |(s, _)| s.to_owned());
                collect(v, &path.join(key), secret, budget, out)?;
            }
        }
        NodeKind::Sequence(_) => {
            let items = r.items().unwrap_or_default();
            if items.is_empty() {
                out.push(Leaf::plain(path.clone(), serde_json::json!([])));
            }
            for (i, item) in items.into_iter().enumerate() {
                collect(item, &path.join(i), secret, budget, out)?;
            }
        }
        _ => {
            let value = scalar_json(r);
            let sas = matches!(&value, serde_json::Value::String(s) if crate::image::redact_sas(s) != s.as_str());
            let hidden = sas
                || !secret.overlapping(r.range()).is_empty()
                || path
                    .0
                    .iter()
                    .any(|s| matches!(s, Segment::Key(k) if secrets::is_secret_key(k)));
            let shown = if hidden {
                serde_json::Value::String("***".to_owned())
            } else {
                value.clone()
            };
            out.push(Leaf {
                path: path.clone(),
                value,
                shown,
            });
        }
    }
    Ok(())
}

/// A scalar as YAML reads it, as JSON.
fn scalar_json(node: NodeRef<'_, '_>) -> serde_json::Value {
    use serde_json::Value;
    let text = node.as_str().unwrap_or_default();
    match node.resolved() {
        Some(Resolved::Null) => Value::Null,
        Some(Resolved::Bool(b)) => Value::Bool(b),
        Some(Resolved::Int(i)) => i64::try_from(i)
            .map(Value::from)
            .unwrap_or_else(|_| Value::String(text.to_owned())),
        Some(Resolved::Float(f)) => serde_json::Number::from_f64(f)
            .map_or_else(|| Value::String(text.to_owned()), Value::Number),
        _ => Value::String(text.to_owned()),
    }
}

/// The changes from `old` to `new`, each with its impact.
fn changes(old: &Side, new: &Side, kind: Option<PackKind>, layer: Option<&str>) -> Vec<Change> {
    let new_by_path: HashMap<&Path, &Leaf> = new.leaves.iter().map(|l| (&l.path, l)).collect();
    let old_by_path: HashMap<&Path, &Leaf> = old.leaves.iter().map(|l| (&l.path, l)).collect();
    let rules = Rules {
        old,
        new,
        kind,
        layer,
    };
    let mut out = Vec::new();
    for before in &old.leaves {
        match new_by_path.get(&before.path) {
            Some(after) if after.value == before.value => {}
            after => out.push(rules.change(
                &before.path,
                Some(before.shown.clone()),
                after.map(|a| a.shown.clone()),
            )),
        }
    }
    for after in &new.leaves {
        if !old_by_path.contains_key(&after.path) {
            out.push(rules.change(&after.path, None, Some(after.shown.clone())));
        }
    }
    out
}

/// Palette's upgrade table, for one pair of sides.
struct Rules<'s> {
    old: &'s Side,
    new: &'s Side,
    kind: Option<PackKind>,
    /// The layer of a profile's pack that is not a BYOOS pack.
    layer: Option<&'s str>,
}

impl Rules<'_> {
    fn change(
        &self,
        path: &Path,
        old: Option<serde_json::Value>,
        new: Option<serde_json::Value>,
    ) -> Change {
        let (impact, reason) = match self.kind {
            Some(PackKind::EdgeNativeByoi) => self.edge(path),
            Some(PackKind::GenericByoi) => generic(path),
            None => match self.layer {
                Some(layer) => profiles::layer_rule(layer, path),
                None => (
                    Impact::NoOp,
                    "the pack kind is unknown, so Palette's upgrade table does not apply"
                        .to_owned(),
                ),
            },
        };
        Change {
            path: path.clone(),
            old,
            new,
            impact,
            reason,
        }
    }

    /// Edge: the OS layer's rows of Palette's table.
    fn edge(&self, path: &Path) -> (Impact, String) {
        let keys: Vec<&str> = path
            .0
            .iter()
            .map(|s| match s {
                Segment::Key(k) => k.as_str(),
                Segment::Index(_) => "",
            })
            .collect();
        let dotted = keys.join(".");
        if dotted == "options.system.uri" {
            return (
                Impact::Repave,
                "`system.uri` is the OS image: nodes are re-imaged".to_owned(),
            );
        }
        if keys.first() == Some(&"stages") {
            return self.stage(keys.get(1).copied().unwrap_or_default());
        }
        if let Some(part) = dotted
            .strip_prefix("options.system.")
            .filter(|p| URI_PARTS.contains(p))
        {
            let uri_changed = self.old.uri_resolved != self.new.uri_resolved;
            let refers = [&self.old.uri_written, &self.new.uri_written]
                .into_iter()
                .flatten()
                .any(|uri| refers_to(uri, part));
            if uri_changed && refers {
                return (
                    Impact::Repave,
                    format!("changes the resolved `system.uri`, which refers to `system.{part}`: nodes are re-imaged"),
                );
            }
            return (
                Impact::NoOp,
                format!("`system.{part}` does not change the resolved `system.uri`"),
            );
        }
        match keys.first().copied() {
            Some("pack") => (
                Impact::NoOp,
                "`pack.*` changes nothing on the nodes".to_owned(),
            ),
            Some("providerCredentials") => (
                Impact::NoOp,
                "`providerCredentials.*` changes nothing on the nodes".to_owned(),
            ),
            _ => (
                Impact::NoOp,
                "Palette's upgrade table lists no behaviour for this key".to_owned(),
            ),
        }
    }

    /// `stages.<stage>.*`: reload for `reconcile`, reboot for the others (repave on RKE2).
    fn stage(&self, stage: &str) -> (Impact, String) {
        if stage == "reconcile" {
            return (
                Impact::Reload,
                "`stages.reconcile.*` is applied by a configuration reload".to_owned(),
            );
        }
        let rke2 = [&self.old.k8s_distribution, &self.new.k8s_distribution]
            .into_iter()
            .flatten()
            .any(|d| d == "rke2");
        if rke2 {
            return (
                Impact::Repave,
                format!("on RKE2, a change of `stages.{stage}.*` repaves instead of rebooting (a known issue Palette documents)"),
            );
        }
        // Every stage Palette's table lists but `reconcile` reboots.
        if pack::STAGES.contains(&stage) {
            (
                Impact::Reboot,
                format!("`stages.{stage}.*` changes reboot the nodes"),
            )
        } else {
            (
                Impact::Reboot,
                format!("`stages.{stage}` is not in Palette's table; a stage change is taken as a reboot"),
            )
        }
    }
}

/// Whether a written `system.uri` refers to `options.system.<part>`.
fn refers_to(uri: &str, part: &str) -> bool {
    let needle = format!("system.{part}");
    uri.match_indices(&needle).any(|(i, _)| {
        let after = uri[i + needle.len()..].chars().next();
        !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            && uri[..i].ends_with("options.")
    })
}

/// `generic-byoi`: a new image or OS re-images the nodes.
fn generic(path: &Path) -> (Impact, String) {
    match path.0.as_slice() {
        [Segment::Key(p), Segment::Key(k)] if p == "pack" && matches!(k.as_str(), "osImageOverride" | "osName" | "osVersion") => (
            Impact::Repave,
            format!("a new `{k}` means new node images: the node pools are repaved"),
        ),
        _ => (
            Impact::NoOp,
            "only the image and the OS (`osImageOverride`, `osName`, `osVersion`) re-image the nodes".to_owned(),
        ),
    }
}
