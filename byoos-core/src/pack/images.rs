//! The pack checks that look at image references: `generic-byoi`'s `osImageOverride`
//! against its provider, and Edge's `pack.content.images[]` and `options.system.uri` as
//! OCI references. Each finding of [`check_image`] is moved from the reference into the
//! document, at the characters of the scalar it came from.

use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Path, Severity};
use crate::image::{
    check_image, infer_provider, named_provider, ImageOptions, ImageReport, Provider,
};
use crate::yaml::scalar::SourceMap;
use crate::yaml::NodeRef;

/// Check the reference in scalar `node` (at `path`) as an image of `provider`, moving
/// its diagnostics into the document. Returns the report, or `None` for values that are
/// not checkable here (macros, `NA`, empty).
pub(crate) fn check_reference(
    node: NodeRef<'_, '_>,
    path: &Path,
    provider: Provider,
    region: Option<&str>,
    diags: &mut Vec<Diagnostic>,
) -> Option<ImageReport> {
    let value = node.as_str()?;
    let curly = ['“', '”', '‘', '’'];
    if value.trim().is_empty()
        || value.contains("{{")
        || value.trim() == "NA"
        || value.starts_with(curly)
        || value.ends_with(curly)
    {
        return None;
    }
    let options = match region {
        Some(r) => ImageOptions::default().with_region(r),
        None => ImageOptions::default(),
    };
    let report = check_image(provider, value, &options);
    let doc = node.doc();
    let map = SourceMap::new(doc.text(), node.resolve().node());
    for d in &report.diagnostics {
        let range = if node.is_alias() {
            node.range()
        } else {
            map.map(d.span.start..d.span.end)
        };
        let mut moved = doc
            .diag(d.code, path.clone(), range, d.message.clone())
            .with_severity(d.severity);
        moved.help.clone_from(&d.help);
        moved.fix = d.fix.as_ref().and_then(|f| moved_fix(node, f));
        diags.push(moved);
    }
    Some(report)
}

/// The provider `osImageOverride`'s reference is checked for when none was given: the
/// one whose own form it is (silently: the reference says so), else `default` (the
/// host's, silently too), else the one its look suggests (an `info` says which); `None`
/// (with an `info`) when it cannot be told. A reference in another provider's own form
/// than `default` is checked for that provider, and an `info` says so.
fn inferred(
    image: NodeRef<'_, '_>,
    ipath: &Path,
    value: &str,
    default: Option<Provider>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Provider> {
    if let Some(p) = named_provider(value) {
        if let Some(d) = default.filter(|d| *d != p) {
            diags.push(image.diag(
                Code::PackImageProvider,
                ipath,
                format!("checked as an image for `{p}`, as the reference shows (not for the default `{d}`)"),
            ));
        }
        return Some(p);
    }
    if default.is_some() {
        return default;
    }
    if let Some(p) = infer_provider(value) {
        diags.push(
            image
                .diag(
                    Code::PackImageProvider,
                    ipath,
                    format!("checked as an image for `{p}`, as the reference shows"),
                )
                .with_help(format!("give the provider (`{p}`) to make it explicit")),
        );
        return Some(p);
    }
    diags.push(
        image
            .diag(
                Code::PackImageProvider,
                ipath,
                "cannot tell which provider this image is for, so it is not checked",
            )
            .with_help(
                "give the provider (`aws`, `azure`, `vsphere`, `gcp`, `openstack` or `maas`)",
            ),
    );
    None
}

/// A fix of a reference (one edit, in bytes of the reference) as an edit of the
/// document, when the scalar holds those bytes as written.
fn moved_fix(
    node: NodeRef<'_, '_>,
    fix: &crate::diagnostic::Fix,
) -> Option<crate::diagnostic::Fix> {
    match fix.edits.as_slice() {
        [e] => node.value_fix(e.start..e.end, &e.text),
        _ => None,
    }
}

/// `generic-byoi`: `osImageOverride` checked for the provider given in the options, or
/// the one the reference itself names; `osName`/`osVersion` compared with what the
/// reference reveals.
pub(crate) fn check_generic(
    pack: NodeRef<'_, '_>,
    options: &super::PackOptions<'_>,
    diags: &mut Vec<Diagnostic>,
) {
    let ppath = Path::root().join("pack");
    let Some(image) = pack.get("osImageOverride") else {
        return;
    };
    let ipath = ppath.join("osImageOverride");
    let curly = ['“', '”', '‘', '’'];
    let Some(value) = image.as_str().filter(|v| {
        !v.trim().is_empty() && !v.contains("{{") && !v.starts_with(curly) && !v.ends_with(curly)
    }) else {
        return;
    };
    let provider = match options.provider {
        Some(Provider::Edge) => {
            diags.push(
                image
                    .diag(
                        Code::PackImageProvider,
                        &ipath,
                        "edge provider images belong in edge-native-byoi, not generic-byoi",
                    )
                    .with_severity(Severity::Warning)
                    .with_help("for Edge, use the edge-native-byoi pack's `options.system.uri`"),
            );
            Provider::Edge
        }
        Some(p) => p,
        None => match inferred(image, &ipath, value, options.default_provider, diags) {
            Some(p) => p,
            None => return,
        },
    };
    let Some(report) = check_reference(image, &ipath, provider, options.region, diags) else {
        return;
    };
    // What the reference reveals about the OS, against what the values say.
    for (key, part) in [("osName", "os"), ("osVersion", "os_version")] {
        let (Some(said), Some(shown)) = (pack.get(key), report.parts.get(part)) else {
            continue;
        };
        let Some(said_text) = said.scalar().map(|s| s.0) else {
            continue;
        };
        if said_text.contains("{{") || said_text.is_empty() {
            continue;
        }
        if !same_os(key, said_text, shown) {
            diags.push(
                said.diag(
                    Code::PackOsMismatch,
                    &ppath.join(key),
                    format!(
                        "`{key}` is `{said_text}`, but the image `{}` is {shown}",
                        report.normalized.as_deref().unwrap_or(value)
                    ),
                )
                .with_help(format!(
                    "check that the image and `{key}` describe the same OS (`{shown}`)"
                )),
            );
        }
    }
}

/// Whether an OS name or version from the values matches one decoded from an image
/// name: names ignore case (`RHEL` = `rhel`); versions match on the leading components
/// (`8` = `8.10`, `22.04` = `2204`).
fn same_os(key: &str, said: &str, shown: &str) -> bool {
    if key == "osName" {
        let norm = |s: &str| s.to_ascii_lowercase().replace(['-', '_', ' '], "");
        let (a, b) = (norm(said), norm(shown));
        return a == b || a.starts_with(&b) || b.starts_with(&a);
    }
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let (a, b) = (digits(said), digits(shown));
    !a.is_empty() && !b.is_empty() && (a.starts_with(&b) || b.starts_with(&a))
}

/// Edge: every literal `pack.content.images[].image` and `options.system.uri` is an OCI
/// reference (`container://` allowed; `NA` and macros are not checked here).
pub(crate) fn check_edge(root: NodeRef<'_, '_>, diags: &mut Vec<Diagnostic>) {
    if let Some(items) = root
        .get("pack")
        .and_then(|p| p.get("content"))
        .and_then(|c| c.get("images"))
        .and_then(|i| i.items())
    {
        let base = Path::root().join("pack").join("content").join("images");
        for (i, item) in items.iter().enumerate() {
            if let Some(image) = item.get("image") {
                check_reference(
                    image,
                    &base.join(i).join("image"),
                    Provider::Edge,
                    None,
                    diags,
                );
            }
        }
    }
    if let Some(uri) = root.get("options").and_then(|o| o.get("system.uri")) {
        check_reference(
            uri,
            &Path::root().join("options").join("system.uri"),
            Provider::Edge,
            None,
            diags,
        );
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn os_comparison() {
        assert!(super::same_os("osName", "RHEL", "rhel"));
        assert!(super::same_os("osVersion", "8", "8.10"));
        assert!(super::same_os("osVersion", "22.04", "2204"));
        assert!(!super::same_os("osVersion", "9", "8"));
        assert!(!super::same_os("osName", "ubuntu", "rhel"));
    }
}
