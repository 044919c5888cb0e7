//! Checks across the layers of one profile: what the OS image bakes in against the
//! profile's Kubernetes pack, and the OS pack against the profile's cloud.
//!
//! - The Kubernetes version of the image (a Kubernetes Image Builder / CAPI name
//!   `…-kube-v1.30.4` in `osImageOverride`, the CanvOS tag `k3s-1.29.5-…` of
//!   `system.uri`) must equal the version of the pack of layer `k8s` (Palette: the PXK
//!   version must equal the image's); a wildcard tag (`1.29.x`) is compared up to the `x`.
//! - Edge `system.k8sDistribution` (else the CanvOS tag's) must be the family of the
//!   Kubernetes pack: k3s ↔ `edge-k3s`, rke2 ↔ `edge-rke2`, kubeadm ↔ `edge-k8s`.
//! - `edge-native-byoi` belongs to an `edge-native` profile, `generic-byoi` to any other.
//!
//! Values written with a macro (`{{ … }}`) are what Palette renders: they are not
//! compared here (with a context, `validate` checks the rendered values).

use super::{PackIn, Profile};
use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Path};
use crate::image::{check_image, infer_provider, ImageOptions, Provider};
use crate::pack::PackKind;
use crate::yaml::{Document, NodeRef};

/// The profile's Kubernetes pack: the one of layer `k8s`, else (Terraform says no
/// layer) one named like a Kubernetes pack.
pub(crate) fn kubernetes_pack(profile: &Profile) -> Option<&PackIn> {
    profile
        .packs
        .iter()
        .find(|p| p.layer.as_deref() == Some("k8s"))
        .or_else(|| {
            profile.packs.iter().find(|p| {
                p.layer.is_none()
                    && (family(&p.name).is_some()
                        || p.name == "kubernetes"
                        || p.name.starts_with("kubernetes-"))
            })
        })
}

/// The distribution an Edge Kubernetes pack is for.
fn family(name: &str) -> Option<&'static str> {
    match name {
        "edge-k3s" => Some("k3s"),
        "edge-rke2" => Some("rke2"),
        "edge-k8s" => Some("kubeadm"),
        _ => None,
    }
}

/// The findings of a BYOOS pack's values (`doc`, spans into them) against the rest of
/// its profile.
pub(crate) fn check_pack(
    doc: &Document<'_>,
    kind: PackKind,
    profile: &Profile,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(root) = doc.root() else { return };
    let Some(k8s) = kubernetes_pack(profile) else {
        return;
    };
    let version = k8s.tag.as_deref().map(str::trim).filter(|v| {
        v.trim_start_matches('v')
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit())
    });
    let text = |n: NodeRef<'_, '_>| n.as_str().filter(|s| !s.contains("{{")).map(str::to_owned);
    match kind {
        PackKind::EdgeNativeByoi => {
            let options = root.get("options");
            let uri = options.and_then(|o| o.get("system.uri"));
            let parts = uri
                .and_then(text)
                .filter(|u| u.trim() != "NA")
                .map(|u| check_image(Provider::Edge, &u, &ImageOptions::default()).parts)
                .unwrap_or_default();
            if let (Some(uri), Some(want), Some(baked)) =
                (uri, version, parts.get("kubernetes_version"))
            {
                if !same_version(want, baked) {
                    diags.push(
                        uri.diag(
                            Code::PackK8sVersionMismatch,
                            &Path(vec!["options".into(), "system.uri".into()]),
                            format!(
                                "the image is built for Kubernetes {baked}, but the profile's Kubernetes pack `{}` is {want}",
                                k8s.name
                            ),
                        )
                        .with_help("the Kubernetes pack's version must equal the one the image bakes in: rebuild the image or change the pack's version"),
                    );
                }
            }
            let Some(fam) = family(&k8s.name) else {
                return;
            };
            let dist_node = options.and_then(|o| o.get("system.k8sDistribution"));
            let (node, path, dist) = match dist_node.and_then(|n| text(n).map(|t| (n, t))) {
                Some((n, d)) => (
                    n,
                    Path(vec!["options".into(), "system.k8sDistribution".into()]),
                    d,
                ),
                None => match (uri, parts.get("k8s_distribution")) {
                    (Some(u), Some(d)) if dist_node.is_none() => (
                        u,
                        Path(vec!["options".into(), "system.uri".into()]),
                        d.clone(),
                    ),
                    _ => return,
                },
            };
            if dist.trim() != fam {
                diags.push(
                    node.diag(
                        Code::PackK8sDistributionMismatch,
                        &path,
                        format!(
                            "the image is for {}, but the profile's Kubernetes pack `{}` is {fam}",
                            dist.trim(),
                            k8s.name
                        ),
                    )
                    .with_help(format!(
                        "use the Kubernetes pack of the image's distribution, or an image built for {fam}"
                    )),
                );
            }
        }
        PackKind::GenericByoi => {
            let Some(image) = root.get("pack").and_then(|p| p.get("osImageOverride")) else {
                return;
            };
            let Some(reference) = text(image) else { return };
            let Some(provider) = infer_provider(&reference) else {
                return;
            };
            let parts = check_image(provider, &reference, &ImageOptions::default()).parts;
            if let (Some(want), Some(baked)) = (version, parts.get("kubernetes")) {
                if !same_version(want, baked) {
                    diags.push(
                        image.diag(
                            Code::PackK8sVersionMismatch,
                            &Path(vec!["pack".into(), "osImageOverride".into()]),
                            format!(
                                "the image is built for Kubernetes {baked}, but the profile's Kubernetes pack `{}` is {want}",
                                k8s.name
                            ),
                        )
                        .with_help("the Kubernetes pack's version must equal the one the image bakes in (`k8s_version` of the image build)"),
                    );
                }
            }
        }
    }
}

/// `want` (a pack version, perhaps `1.29.x`) names the version `baked`.
fn same_version(want: &str, baked: &str) -> bool {
    let w: Vec<&str> = want.trim().trim_start_matches('v').split('.').collect();
    let b: Vec<&str> = baked.trim().trim_start_matches('v').split('.').collect();
    for (i, part) in w.iter().enumerate() {
        if part.eq_ignore_ascii_case("x") || *part == "*" {
            return true;
        }
        if b.get(i) != Some(part) {
            return false;
        }
    }
    w.len() == b.len()
}

/// The findings about the profile's OS pack and its cloud (spans into the input).
pub(crate) fn check_cloud(
    profile: &Profile,
    pack: &PackIn,
    kind: PackKind,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(cloud) = profile.cloud.as_deref().map(str::trim) else {
        return;
    };
    let edge = cloud == "edge-native";
    let problem = match kind {
        PackKind::EdgeNativeByoi if !edge && cloud != "all" => format!(
            "`edge-native-byoi` is the OS pack of Edge profiles, but this profile's cloud is `{cloud}`"
        ),
        PackKind::GenericByoi if edge => {
            "`generic-byoi` is the OS pack of non-Edge clouds, but this profile's cloud is `edge-native`".to_owned()
        }
        _ => return,
    };
    let help = if edge {
        "use `edge-native-byoi` for Edge hosts"
    } else {
        "use `generic-byoi` for this cloud, or make the profile's cloud `edge-native`"
    };
    diags.push(
        Diagnostic::new(
            Code::PackCloudMismatch,
            format!("{}: {problem}", profile.label()),
            pack.path.clone(),
            pack.at,
        )
        .with_help(help),
    );
}

#[cfg(test)]
mod tests {
    use super::same_version;

    #[test]
    fn wildcard_tags_compare_up_to_the_x() {
        assert!(same_version("1.29.5", "1.29.5"));
        assert!(same_version("v1.29.5", "1.29.5"));
        assert!(same_version("1.29.x", "1.29.7"));
        assert!(!same_version("1.29.x", "1.30.1"));
        assert!(!same_version("1.29.4", "1.29.5"));
        assert!(!same_version("1.29", "1.29.5"));
    }
}
