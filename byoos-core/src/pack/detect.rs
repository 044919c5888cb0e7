//! Which BYOOS pack a values document is for, from its keys.

use super::PackKind;
use crate::yaml::NodeRef;

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
