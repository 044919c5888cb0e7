//! Typed models of both packs' values, built from the [`Document`] (no second parse).
//!
//! The shape checks of [`validate`](crate::validate) report problems with spans; these models are
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
    /// The older drain layout: `pack.drainPods` (Palette before 4.5.15).
    #[serde(default, rename = "drainPods", skip_serializing_if = "Option::is_none")]
    pub drain_pods: Option<DrainPods>,
    /// The older drain layout: `pack.podSelector`.
    #[serde(
        default,
        rename = "podSelector",
        skip_serializing_if = "Option::is_none"
    )]
    pub pod_selector: Option<String>,
    /// The older drain layout: `pack.disableEviction`.
    #[serde(
        default,
        rename = "disableEviction",
        skip_serializing_if = "Option::is_none"
    )]
    pub disable_eviction: Option<bool>,
}

/// `drainPods`: `true`, `false`, or `auto` (drain multi-node clusters only; the default).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DrainPods {
    /// `true`: always drain.
    Yes,
    /// `false`: never drain.
    No,
    /// `auto`: drain multi-node clusters only.
    #[default]
    Auto,
}

impl Serialize for DrainPods {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            DrainPods::Yes => s.serialize_bool(true),
            DrainPods::No => s.serialize_bool(false),
            DrainPods::Auto => s.serialize_str("auto"),
        }
    }
}

impl<'de> Deserialize<'de> for DrainPods {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Bool(bool),
            Text(String),
        }
        match Raw::deserialize(d)? {
            Raw::Bool(true) => Ok(DrainPods::Yes),
            Raw::Bool(false) => Ok(DrainPods::No),
            Raw::Text(t) if t == "auto" => Ok(DrainPods::Auto),
            Raw::Text(t) => Err(serde::de::Error::custom(format!(
                "drainPods must be true, false or auto, not `{t}`"
            ))),
        }
    }
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
    /// Which pods are drained: `true`, `false` or `auto`.
    pub drain_pods: DrainPods,
    /// Label selector of the pods to drain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pod_selector: Option<String>,
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
            drain_pods: DrainPods::Auto,
            pod_selector: None,
        }
    }
}

/// `providerCredentials`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ProviderCredentials {
    /// Registry domain or IP.
    pub registry: String,
    /// User name (`user`, or `username` as the Edge pack's table spells it).
    #[serde(default, alias = "username")]
    pub user: Option<String>,
    /// Password (never shown by `Debug` or serialisation).
    #[serde(default)]
    pub password: Option<Secret>,
    /// PEM CA certificates (`certificates`, or `certificate` as the Edge pack's table
    /// spells it).
    #[serde(default, alias = "certificate")]
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
    pub(crate) fn from_document(
        doc: &Document<'_>,
        kind: PackKind,
    ) -> Result<PackValues, Box<Diagnostic>> {
        let root = doc.root().ok_or_else(|| {
            Box::new(doc.diag(
                crate::Code::PackEmpty,
                Path::root(),
                0..0,
                "the document is empty",
            ))
        })?;
        let mut json = root.to_json(&Path::root())?;
        // A later document of top-level keys the first lacks is part of the pack.
        for n in 1..doc.document_count() {
            let Some((Some(later), _)) = doc.document(n) else {
                continue;
            };
            if let (serde_json::Value::Object(all), Ok(serde_json::Value::Object(more))) =
                (&mut json, later.to_json(&Path::root()))
            {
                for (k, v) in more {
                    all.entry(k).or_insert(v);
                }
            }
        }
        let fail = |e: serde_json::Error| {
            Box::new(root.diag(
                crate::Code::PackWrongType,
                &Path::root(),
                format!("values do not fit {kind}: {e}"),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The documented variants reach the model: nothing is dropped.
    #[test]
    fn documented_variants_are_kept() {
        let source = "pack:\n  content:\n    images:\n      - image: ttl.sh/u:k3s-1.30.5-v4.5.8-demo\n  drainPods: false\n  podSelector: \"app=web\"\n  drain:\n    drainPods: auto\n    podSelector: \"app!=db\"\noptions:\n  system.uri: ttl.sh/u:k3s-1.30.5-v4.5.8-demo\nproviderCredentials:\n  registry: r.example.com\n  username: builder\n  certificate: PEM\n---\nstages:\n  boot:\n    - commands: [\"echo hi\"]\n";
        let pack = crate::load(source, &crate::Options::default()).expect("loads");
        let PackValues::Edge(v) = pack.values else {
            panic!("edge values")
        };
        assert_eq!(v.pack.drain_pods, Some(DrainPods::No));
        assert_eq!(v.pack.pod_selector.as_deref(), Some("app=web"));
        let drain = v.pack.drain.expect("drain");
        assert_eq!(drain.drain_pods, DrainPods::Auto);
        assert_eq!(drain.pod_selector.as_deref(), Some("app!=db"));
        let creds = v.provider_credentials.expect("credentials");
        assert_eq!(creds.user.as_deref(), Some("builder"));
        assert_eq!(creds.certificates.as_deref(), Some("PEM"));
        assert!(v.stages.is_some_and(|s| s.get("boot").is_some()));
    }
}
