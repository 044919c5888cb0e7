//! Typed models of both packs' values, built from the [`Document`] (no second parse).
//!
//! The shape checks in [`crate::pack`] report problems with spans; these models are
//! for programs that want to read the values once they are known to be sound.

use crate::diagnostic::{Diagnostic, Path};
use crate::pack::PackKind;
use crate::yaml::Document;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A string that never shows in `Debug` output or serialisation (shown as `***`).
#[derive(Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// The secret value. Callers are responsible for not logging it.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"***\"")
    }
}

impl Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str("***")
    }
}

/// `generic-byoi` values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GenericValues {
    /// The `pack:` section.
    pub pack: GenericPack,
}

/// `generic-byoi` `pack:` section.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct GenericPack {
    /// The image as the provider knows it (AMI id, VHD URL, template path, …).
    pub os_image_override: String,
    /// The OS distribution.
    #[serde(default)]
    pub os_name: Option<String>,
    /// The OS version.
    #[serde(default)]
    pub os_version: Option<String>,
}

/// `edge-native-byoi` values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EdgeValues {
    /// The `pack:` section.
    #[serde(default)]
    pub pack: EdgePack,
    /// The dotted `system.*` options, in document order, as text.
    #[serde(default)]
    pub options: serde_json::Map<String, serde_json::Value>,
    /// Private registry credentials for the provider images.
    #[serde(default)]
    pub provider_credentials: Option<ProviderCredentials>,
    /// Pinned Palette agent package.
    #[serde(default)]
    pub stylus_package: Option<String>,
    /// cloud-init / yip stages, as written.
    #[serde(default)]
    pub stages: Option<serde_json::Value>,
}

impl EdgeValues {
    /// An option's value as text (`system.uri`, …); numbers are given in YAML's reading.
    #[must_use]
    pub fn option(&self, key: &str) -> Option<String> {
        match self.options.get(key)? {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Null => None,
            other => Some(other.to_string()),
        }
    }
}

/// Edge `pack:` section.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EdgePack {
    /// What Palette downloads.
    #[serde(default)]
    pub content: Option<Content>,
    /// Node drain settings (defaults when absent).
    #[serde(default)]
    pub drain: Option<Drain>,
}

/// `pack.content`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Content {
    /// Images; the first is normally the provider image.
    #[serde(default)]
    pub images: Vec<ImageEntry>,
    /// Helm charts, as written.
    #[serde(default)]
    pub charts: Vec<serde_json::Value>,
}

/// One `pack.content.images[]` entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ImageEntry {
    /// The image reference (may hold macros).
    pub image: String,
}

/// `pack.drain`, with the defaults CanvOS documents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct Drain {
    /// Cordon before draining.
    pub cordon: bool,
    /// Seconds before giving up; 0 waits forever.
    pub timeout: i64,
    /// Seconds each pod gets to terminate; negative uses the pod's own value.
    pub grace_period: i64,
    /// Ignore DaemonSet pods.
    pub ignore_daemon_sets: bool,
    /// Continue with emptyDir pods.
    pub delete_local_data: bool,
    /// Continue with pods without a controller.
    pub force: bool,
    /// Delete instead of evict.
    pub disable_eviction: bool,
    /// Skip waiting for pods deleted more than this many seconds ago.
    pub skip_wait_for_delete_timeout: i64,
}

impl Default for Drain {
    fn default() -> Self {
        Drain {
            cordon: true,
            timeout: 60,
            grace_period: 60,
            ignore_daemon_sets: true,
            delete_local_data: true,
            force: true,
            disable_eviction: false,
            skip_wait_for_delete_timeout: 60,
        }
    }
}

/// `providerCredentials`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ProviderCredentials {
    /// Registry domain or IP.
    pub registry: String,
    /// User name.
    #[serde(default)]
    pub user: Option<String>,
    /// Password (never shown by `Debug` or serialisation).
    #[serde(default)]
    pub password: Option<Secret>,
    /// PEM CA certificates.
    #[serde(default)]
    pub certificates: Option<String>,
}

/// The typed values of either pack.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum PackValues {
    /// `edge-native-byoi`.
    Edge(Box<EdgeValues>),
    /// `generic-byoi`.
    Generic(GenericValues),
}

impl PackValues {
    /// Build the model of the first document of `doc` as `kind`. The document should
    /// have passed the shape checks; a value of an unexpected type is reported as a
    /// `pack/wrong-type` diagnostic on the document root.
    pub fn from_document(
        doc: &Document<'_>,
        kind: PackKind,
    ) -> Result<PackValues, Box<Diagnostic>> {
        let root = doc.root().ok_or_else(|| {
            Box::new(doc.diag(
                crate::Code::PackEmpty,
                "the document is empty",
                Path::root(),
                0..0,
            ))
        })?;
        let json = root.to_json(&Path::root())?;
        let fail = |e: serde_json::Error| {
            Box::new(root.diag(
                crate::Code::PackWrongType,
                format!("values do not fit {kind}: {e}"),
                &Path::root(),
            ))
        };
        Ok(match kind {
            PackKind::EdgeNativeByoi => {
                PackValues::Edge(serde_json::from_value(json).map_err(fail)?)
            }
            PackKind::GenericByoi => {
                PackValues::Generic(serde_json::from_value(json).map_err(fail)?)
            }
        })
    }
}
