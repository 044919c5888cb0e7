//! Cluster profiles as input: the one reader `validate` and `render_profile` share.
//!
//! Reads the simple shape (`{name?, packs: [{name, tag?, layer?, values}], variables?}`),
//! Palette's export/import (`metadata.name`, `spec.template.{cloudType, packs[]}`,
//! `spec.variables[]`) as YAML or JSON, and Terraform (`resource
//! "spectrocloud_cluster_profile"`, see [`terraform`]). Each pack's values come out as
//! the text Palette would get, with a [`Placement`] that maps every byte of that text
//! back to the file the user has open: through the escapes of a JSON or YAML string, a
//! block scalar's indentation, a heredoc's indent stripping, or into the file a
//! Terraform `file("…")` names. Nothing here reads a file: the host hands the texts in.

pub(crate) mod layers;
mod map;
pub(crate) mod terraform;

pub(crate) use map::Placement;

use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Path, Span};
use crate::failure::{Failure, FailureKind};
use crate::limits::Limits;
use crate::yaml::{Document, NodeRef};
use serde::{Deserialize, Serialize};

/// What an input is: one pack's values, a cluster profile (YAML or JSON), or Terraform.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum InputKind {
    /// One pack's values.
    Values,
    /// A cluster profile: the simple shape or Palette's export, YAML or JSON.
    Profile,
    /// Terraform: `spectrocloud_cluster_profile` resources.
    Terraform,
}

impl InputKind {
    /// `values`, `profile` or `terraform`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            InputKind::Values => "values",
            InputKind::Profile => "profile",
            InputKind::Terraform => "terraform",
        }
    }
}

/// The host's answer for a file a Terraform `file("…")` names (a path relative to the
/// `.tf` file): its text, or why it cannot be had.
pub type ReadFile<'r> = dyn Fn(&str) -> Result<String, String> + 'r;

/// Which kind `text` is: Terraform when it starts (after comments) with a top-level
/// block such as `resource "…"`; a profile when its root mapping has a `packs` list or
/// `spec.template`; else values. `file_name` ending in `.tf` says Terraform.
pub(crate) fn sniff(text: &str, file_name: Option<&str>, doc: Option<&Document<'_>>) -> InputKind {
    if file_name.is_some_and(|n| n.ends_with(".tf")) || terraform::looks_like_hcl(text) {
        return InputKind::Terraform;
    }
    match doc.and_then(Document::root) {
        Some(root) if is_profile(root) => InputKind::Profile,
        _ => InputKind::Values,
    }
}

/// A root mapping with a `packs` list, or Palette's `spec.template`.
fn is_profile(root: NodeRef<'_, '_>) -> bool {
    root.get("packs").is_some_and(|p| p.is_sequence())
        || root
            .get("spec")
            .and_then(|s| s.get("template"))
            .is_some_and(|t| t.is_mapping())
}

/// A profile read: its packs and variable definitions, and what was wrong with it.
#[derive(Debug)]
pub(crate) struct Read {
    /// The profiles of the input (one, or one per Terraform resource).
    pub(crate) profiles: Vec<Profile>,
    /// Findings about the input file itself (spans into it).
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Files a Terraform `file("…")` named and the host gave: name and text.
    pub(crate) files: Vec<(String, String)>,
}

impl Read {
    /// The text of a referenced file.
    pub(crate) fn file(&self, name: &str) -> Option<&str> {
        self.files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.as_str())
    }
}

/// One profile.
#[derive(Debug, Default)]
pub(crate) struct Profile {
    /// Its name (`name`, `metadata.name`, the resource's `name`).
    pub(crate) name: Option<String>,
    /// The Terraform resource, `spectrocloud_cluster_profile.<label>`.
    pub(crate) resource: Option<String>,
    /// `spec.template.cloudType`, or the resource's `cloud`.
    pub(crate) cloud: Option<String>,
    /// Its packs, in layer order.
    pub(crate) packs: Vec<PackIn>,
    /// Its variable definitions.
    pub(crate) variables: Vec<VariableIn>,
}

impl Profile {
    /// How messages name this profile: `profile `edge``, with the resource when there is one.
    pub(crate) fn label(&self) -> String {
        match (&self.name, &self.resource) {
            (Some(n), Some(r)) => format!("profile `{n}` ({r})"),
            (None, Some(r)) => format!("`{r}`"),
            (Some(n), None) => format!("profile `{n}`"),
            (None, None) => "the profile".to_owned(),
        }
    }
}

/// One pack of a profile.
#[derive(Debug)]
pub(crate) struct PackIn {
    /// Its name (for a Terraform expression such as `data.spectrocloud_pack.os.name`, the
    /// expression as written).
    pub(crate) name: String,
    /// Its tag or version.
    pub(crate) tag: Option<String>,
    /// Its layer (`os`, `k8s`, `cni`, `csi`, `addon`), when the profile says.
    pub(crate) layer: Option<String>,
    /// The values text, as Palette gets it.
    pub(crate) values: String,
    /// Where each byte of `values` is.
    pub(crate) place: Placement,
    /// The path of the pack in the input (`packs/2`, `spec/template/packs/2`).
    pub(crate) path: Path,
    /// Where the pack is in the input (its entry, or a Terraform block's first line).
    pub(crate) at: Span,
    /// Which file of a Terraform module (a folder) the pack is in: its index in the
    /// module's files; 0 for one input.
    pub(crate) origin: usize,
}

/// One variable definition as written: its JSON (Palette's names) and where it is.
#[derive(Debug)]
pub(crate) struct VariableIn {
    /// Palette's `V1Variable` fields.
    pub(crate) json: serde_json::Value,
    /// Its path in the input.
    pub(crate) path: Path,
    /// Its span in the input.
    pub(crate) span: Span,
}

/// Read `text` as a profile of `kind` ([`InputKind::Profile`] or
/// [`InputKind::Terraform`]); `read_file` answers Terraform's `file("…")`.
///
/// # Errors
/// When the text is not YAML/JSON/HCL ([`FailureKind::Parse`]) or has no list of packs
/// ([`FailureKind::Input`]).
pub(crate) fn read(
    text: &str,
    kind: InputKind,
    limits: &Limits,
    read_file: &ReadFile<'_>,
) -> Result<Read, Failure> {
    match kind {
        InputKind::Terraform => terraform::read(text, limits, read_file),
        _ => {
            let mut diags = Vec::new();
            let doc = Document::parse(text, limits, &mut diags);
            if crate::diagnostic::has_errors(&diags) {
                return Err(Failure::new(FailureKind::Parse, diags));
            }
            read_document(&doc, diags)
        }
    }
}

/// A profile from a parsed YAML/JSON document.
pub(crate) fn read_document(
    doc: &Document<'_>,
    mut diags: Vec<Diagnostic>,
) -> Result<Read, Failure> {
    let Some(root) = doc.root().filter(NodeRef::is_mapping) else {
        return Err(Failure::new(FailureKind::Input, vec![doc
            .diag(Code::TemplateProfile, Path::root(), 0..0, "a profile is a mapping with a list of `packs`")
            .with_help("write `{name, packs: [{name, tag, layer, values}]}` or give Palette's profile export")]));
    };
    let spec = root.get("spec").filter(NodeRef::is_mapping);
    let (items, packs_path) = packs_list(root, spec)?;
    let name = root
        .get("name")
        .or_else(|| root.get("metadata").and_then(|m| m.get("name")))
        .and_then(|n| n.scalar().map(|s| s.0.to_owned()));
    let cloud = spec
        .and_then(|s| s.get("template"))
        .and_then(|t| t.get("cloudType"))
        .or_else(|| root.get("cloudType"))
        .and_then(|c| c.scalar().map(|s| s.0.to_owned()));
    let packs = read_packs(doc, &items, &packs_path, &mut diags);
    let variables = variables(doc, root, spec, &mut diags);
    Ok(Read {
        profiles: vec![Profile {
            name,
            resource: None,
            cloud,
            packs,
            variables,
        }],
        diagnostics: diags,
        files: Vec::new(),
    })
}

/// The profile's list of packs (`packs`, or `spec.template.packs` in Palette's export)
/// and its path.
fn packs_list<'d, 't>(
    root: NodeRef<'d, 't>,
    spec: Option<NodeRef<'d, 't>>,
) -> Result<(Vec<NodeRef<'d, 't>>, Path), Failure> {
    let (packs_node, packs_path) = match (
        root.get("packs"),
        spec.and_then(|s| s.get("template"))
            .and_then(|t| t.get("packs")),
    ) {
        (Some(p), _) => (p, Path::root().join("packs")),
        (None, Some(p)) => (
            p,
            Path(vec!["spec".into(), "template".into(), "packs".into()]),
        ),
        (None, None) => {
            return Err(Failure::new(
                FailureKind::Input,
                vec![root
                    .diag(
                        Code::TemplateProfile,
                        &Path::root(),
                        "the profile has no `packs` list (nor `spec.template.packs`)",
                    )
                    .with_help("write `packs: [{name, tag, layer, values}]`")],
            ))
        }
    };
    if packs_node.is_null() {
        return Ok((Vec::new(), packs_path));
    }
    let Some(items) = packs_node.items() else {
        return Err(Failure::new(
            FailureKind::Input,
            vec![packs_node.diag(
                Code::TemplateProfile,
                &packs_path,
                format!("`packs` must be a list, not {}", packs_node.type_name()),
            )],
        ));
    };
    Ok((items, packs_path))
}

/// Every pack of the list with a name and text values; the others are reported.
fn read_packs(
    doc: &Document<'_>,
    items: &[NodeRef<'_, '_>],
    packs_path: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Vec<PackIn> {
    let mut packs: Vec<PackIn> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let ipath = packs_path.join(i);
        let text_of = |key: &str| {
            item.get(key)
                .and_then(|v| v.scalar())
                .map(|s| s.0.to_owned())
        };
        let Some(name) = text_of("name").filter(|n| !n.is_empty()) else {
            diags.push(
                item.diag(
                    Code::TemplateProfile,
                    &ipath,
                    "a pack of the profile has no `name`",
                )
                .with_help("give each pack its `name`"),
            );
            continue;
        };
        if packs.iter().any(|p| p.name == name) {
            diags.push(
                item.diag(
                    Code::TemplateProfile,
                    &ipath,
                    format!("pack `{name}` appears twice in the profile"),
                )
                .with_help("references by name would be ambiguous; keep one"),
            );
            continue;
        }
        let (values, place) = match item.get("values") {
            None => (String::new(), Placement::whole(item.range())),
            Some(v) if v.is_null() => (String::new(), Placement::whole(v.range())),
            Some(v) => match v.resolve().as_str() {
                Some(s) => (s.to_owned(), Placement::yaml(v.resolve().node())),
                None => {
                    diags.push(
                        v.diag(
                            Code::TemplateProfile,
                            &ipath.join("values"),
                            format!(
                                "the values of pack `{name}` must be text, not {}",
                                v.type_name()
                            ),
                        )
                        .with_help("write the values as a block scalar: `values: |`"),
                    );
                    continue;
                }
            },
        };
        packs.push(PackIn {
            name,
            tag: text_of("tag").or_else(|| text_of("version")),
            layer: text_of("layer"),
            values,
            place,
            at: doc.span(item.range()),
            path: ipath,
            origin: 0,
        });
    }
    packs
}

/// The variable definitions as written (`variables`, or `spec.variables`).
fn variables(
    doc: &Document<'_>,
    root: NodeRef<'_, '_>,
    spec: Option<NodeRef<'_, '_>>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<VariableIn> {
    let (node, vpath) = match (root.get("variables"), spec.and_then(|s| s.get("variables"))) {
        (Some(v), _) => (v, Path::root().join("variables")),
        (None, Some(v)) => (v, Path(vec!["spec".into(), "variables".into()])),
        (None, None) => return Vec::new(),
    };
    let mut out = Vec::new();
    for (i, item) in node.items().unwrap_or_default().iter().enumerate() {
        let path = vpath.join(i);
        match item.to_json(&path) {
            Ok(json) => out.push(VariableIn {
                json,
                span: doc.span(item.range()),
                path,
            }),
            Err(d) => diags.push(*d),
        }
    }
    out
}
