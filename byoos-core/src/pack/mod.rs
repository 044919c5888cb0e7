//! The two BYOOS packs: their shapes, kind detection, the documented gotchas as
//! diagnostics, and typed models built from the [`Document`].
//!
//! `fields` holds the key tables (data), `detect` tells the kind, `shape` checks a
//! document against the tables, `edge` and `generic` hold each kind's own rules and
//! `images` the image references. YAML lints that hold for any document live in
//! `yaml/lint.rs`.

mod detect;
mod edge;
mod fields;
mod generic;
mod images;
mod options;
mod shape;

pub(crate) use detect::detect;
pub(crate) use edge::STAGES;
pub(crate) use fields::{is_known_path, root_fields, Field, Need, Ty, K8S_DISTRIBUTIONS};
pub(crate) use options::PackOptions;
pub(crate) use shape::{shape_lookup, OffShape};

use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Path};
use crate::yaml::lint::{check_duplicate_keys, check_scalars, multiple_documents};
use crate::yaml::{Document, NodeRef};
use fields::known_paths;
use serde::{Deserialize, Serialize};
use shape::Checker;
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
        diags.push(doc.diag(Code::PackEmpty, Path::root(), end..end, "the document is empty").with_help(
            "a BYOOS pack needs values: `pack.osImageOverride` (generic-byoi) or `pack.content` and `options` (edge-native-byoi)",
        ));
        return kind;
    };
    if root.is_null() {
        diags.push(root.diag(Code::PackEmpty, &Path::root(), "the document is empty"));
        return kind;
    }
    if !root.is_mapping() {
        diags.push(
            root.diag(
                Code::PackNotAMapping,
                &Path::root(),
                format!(
                    "the document is {}, not a mapping of keys",
                    root.type_name()
                ),
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
                    &Path::root(),
                    format!("checking as {k}, but the document looks like {d}"),
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
                root.diag(Code::PackUnknownKind, &Path::root(), "cannot tell which BYOOS pack these values are for").with_help(
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
