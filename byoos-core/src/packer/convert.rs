//! One build → `generic-byoi` values, per builder type: the provider the builder makes
//! images for, the image reference its `artifact_id` gives (an AMI of the cluster's
//! region, a vSphere inventory path, a blob URL without its SAS token), checked as the
//! provider would, and the OS the build says it has.

use super::manifest::{Build, Json};
use super::{At, PackerOptions, Px, Values};
use crate::codes::Code;
use crate::diagnostic::Finding;
use crate::diagnostic::{Path, Severity};
use crate::image::aws::{classify_region, RegionClass};
use crate::image::{check_image, names, show, ImageKind, ImageOptions, Provider};
use std::collections::BTreeMap;
use std::ops::Range;

/// The values of one build; `None` after an error that leaves no values to write.
pub(super) fn convert(
    px: &mut Px<'_>,
    build: &Build<'_, '_>,
    options: &PackerOptions,
) -> Option<Values> {
    let provider = provider_of(px, build)?;
    let artifact = artifact_of(px, build)?;
    let image = match provider {
        Provider::Aws => aws_image(px, &artifact, options)?,
        Provider::Vsphere => vsphere_image(px, &artifact, options),
        _ => artifact.text.trim().to_owned(),
    };
    let (image, parts) = checked_image(px, provider, &artifact, image, options);
    let os = os_fields(px, build, &parts, options)?;
    let text = format!(
        "pack:\n  osImageOverride: {}\n  osName: {}\n  osVersion: {}\n",
        yaml_quote(&image),
        yaml_quote(os.name.trim()),
        yaml_quote(os.version.trim())
    );
    Some(Values {
        text,
        provider,
        image: artifact.at,
        os: os.at,
        build: build.at(),
    })
}

/// The provider the build's `builder_type` makes images for.
fn provider_of(px: &mut Px<'_>, build: &Build<'_, '_>) -> Option<Provider> {
    let builder = build.json.field("builder_type").unwrap_or_default();
    Some(match &*builder {
        b if b.starts_with("amazon-") => Provider::Aws,
        b if b.starts_with("azure-") => Provider::Azure,
        b if b.starts_with("vsphere-") => Provider::Vsphere,
        "googlecompute" => Provider::Gcp,
        "openstack" => Provider::Openstack,
        other => {
            let at = build.at_member("builder_type");
            px.push(&at.path, Finding::new(Code::ImagePackerManifest, at.range, format!("the builder `{}` makes no image a generic-byoi pack can use", show(other))).help("builders that can: amazon-*, azure-arm, vsphere-iso/vsphere-clone, googlecompute, openstack").severity(Severity::Error));
            return None;
        }
    })
}

/// A build's `artifact_id`: its text, where it is, and the byte offset of that text in
/// the manifest when the JSON string has no escapes (so a finding can point inside it).
struct Artifact {
    text: String,
    at: At,
    raw_at: Option<usize>,
}

impl Artifact {
    /// The range of `len` bytes at `offset` in the artifact's text (the whole string
    /// when it has escapes).
    fn range(&self, offset: usize, len: usize) -> Range<usize> {
        self.raw_at
            .map_or_else(|| self.at.range.clone(), |a| a + offset..a + offset + len)
    }
}

fn artifact_of(px: &mut Px<'_>, build: &Build<'_, '_>) -> Option<Artifact> {
    let at = build.at_member("artifact_id");
    let Some(text) = build
        .json
        .field("artifact_id")
        .filter(|a| !a.trim().is_empty())
    else {
        px.push(
            &at.path,
            Finding::new(
                Code::ImagePackerManifest,
                at.range,
                "the build has no `artifact_id`",
            )
            .help("check that the build succeeded")
            .severity(Severity::Error),
        );
        return None;
    };
    let lit = &at.range;
    let raw_at = (lit.len() == text.len() + 2
        && px.text.get(lit.start + 1..lit.end - 1) == Some(&*text))
    .then_some(lit.start + 1);
    Some(Artifact {
        text: text.into_owned(),
        at,
        raw_at,
    })
}

/// `region:ami,region:ami` → the AMI for the cluster's region.
fn aws_image(px: &mut Px<'_>, artifact: &Artifact, options: &PackerOptions) -> Option<String> {
    let pairs = region_pairs(px, artifact);
    if pairs.is_empty() {
        return None;
    }
    let region = options
        .region
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    let at = &artifact.at;
    if let Some((code, message, help)) = region.and_then(region_problem) {
        let d = px
            .diag(code, &at.path, at.range.clone(), message)
            .with_help(help);
        px.diags.push(d);
        return None;
    }
    let available = || {
        pairs
            .iter()
            .map(|(r, _)| r.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let chosen = match region {
        Some(r) => match pairs.iter().find(|(pr, _)| pr == r) {
            Some(p) => p,
            None => {
                px.push(&at.path, Finding::new(Code::ImagePackerManifest, at.range.clone(), format!("the build made no AMI in `{}`", show(r))).help(format!("AMIs are regional; this build has: {} (copy one with `aws ec2 copy-image`, or add the region to `ami_regions`)", available())).severity(Severity::Error));
                return None;
            }
        },
        None if pairs.len() == 1 => &pairs[0],
        None => {
            px.push(
                &at.path,
                Finding::new(
                    Code::ImagePackerManifest,
                    at.range.clone(),
                    format!(
                        "the build made AMIs in {} regions; which one is the cluster's?",
                        pairs.len()
                    ),
                )
                .help(format!("give the region: {}", available()))
                .severity(Severity::Error),
            );
            return None;
        }
    };
    Some(chosen.1.clone())
}

/// The `region:ami-id` pairs of an amazon artifact; an error for each item that is not one.
fn region_pairs(px: &mut Px<'_>, artifact: &Artifact) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    let mut offset = 0;
    for item in artifact.text.split(',') {
        let t = item.trim();
        match t.split_once(':') {
            Some((r, a)) if !r.is_empty() && !a.is_empty() => {
                pairs.push((r.to_owned(), a.to_owned()));
            }
            _ => {
                let d = px
                    .diag(Code::ImagePackerManifest, &artifact.at.path, artifact.range(offset, item.len()), format!("`{}` is not `region:ami-id`", show(t)))
                    .with_help("an amazon build's artifact_id lists `region:ami-id` pairs separated by `,`");
                px.diags.push(d);
            }
        }
        offset += item.len() + 1;
    }
    pairs
}

/// What is wrong with the region option as a region code, if anything.
fn region_problem(r: &str) -> Option<(Code, String, String)> {
    match classify_region(r) {
        RegionClass::Zone { region, .. } => Some((
            Code::ImageAvailabilityZone,
            format!("the region option `{}` is a zone, not a region", show(r)),
            format!("use the region `{region}`"),
        )),
        RegionClass::AzId => Some((
            Code::ImageAvailabilityZone,
            format!(
                "the region option `{}` is an Availability Zone ID, not a region",
                show(r)
            ),
            "use the region code, e.g. `us-east-1`".to_owned(),
        )),
        RegionClass::Uppercase(lower) => Some((
            Code::ImageInvalidRegion,
            format!("the region option `{}` has uppercase letters", show(r)),
            format!("region codes are lowercase: `{lower}`"),
        )),
        _ => None,
    }
}

/// Packer's vSphere artifact is the VM name: the folder option goes before it.
fn vsphere_image(px: &mut Px<'_>, artifact: &Artifact, options: &PackerOptions) -> String {
    let name = artifact.text.trim();
    match options
        .folder
        .as_deref()
        .map(str::trim)
        .filter(|f| !f.is_empty())
    {
        Some(folder) => format!("{}/{name}", folder.trim_end_matches('/')),
        None => {
            px.push(&artifact.at.path, Finding::new(Code::ImagePackerManifest, artifact.at.range.clone(), "Packer's vSphere artifact is the VM name only; a full inventory path is unambiguous").help(format!("pass the folder (e.g. `/Datacenter/vm/templates`) or write `/<datacenter>/vm/<folder>/{}`", show(name))).severity(Severity::Warning));
            name.to_owned()
        }
    }
}

/// Check the image as the provider would, with the findings at the artifact; the image
/// to write (normalised, without a SAS token) and the parts its name tells.
fn checked_image(
    px: &mut Px<'_>,
    provider: Provider,
    artifact: &Artifact,
    image: String,
    options: &PackerOptions,
) -> (String, BTreeMap<&'static str, String>) {
    // Where the image's text starts in the manifest, when it is part of the artifact's.
    let at = if image == artifact.text {
        artifact.raw_at
    } else {
        None
    };
    let at = at.or_else(|| {
        artifact
            .raw_at
            .and_then(|a| artifact.text.find(image.as_str()).map(|i| a + i))
    });
    let region_opts = ImageOptions {
        region: options.region(),
    };
    let report = check_image(provider, &image, &region_opts);
    for d in &report.diagnostics {
        if (d.code == Code::ImageRelativePath && provider == Provider::Vsphere)
            || d.code == Code::ImageSasToken
        {
            continue; // said here
        }
        let range = match at {
            Some(a) if d.span.end > d.span.start || d.span.start > 0 => {
                a + d.span.start..a + d.span.end
            }
            _ => artifact.at.range.clone(),
        };
        let mut nd = px
            .diag(d.code, &artifact.at.path, range, d.message.clone())
            .with_severity(d.severity);
        nd.help.clone_from(&d.help);
        px.diags.push(nd);
    }
    let mut image = report
        .normalized
        .filter(|_| report.kind != ImageKind::Unknown)
        .unwrap_or(image);
    if provider == Provider::Azure {
        if let Some((url, _)) = image.split_once('?') {
            px.push(&artifact.at.path, Finding::new(Code::ImagePackerManifest, artifact.at.range.clone(), "the SAS token was left out of `osImageOverride`: it is a secret, and it would be stored in the cluster profile").help("make the blob readable by the cluster, or add a read-only SAS yourself").severity(Severity::Warning));
            image = url.to_owned();
        }
    }
    if provider == Provider::Vsphere && options.folder.is_none() {
        image = artifact.text.trim().to_owned();
    }
    (image, report.parts)
}

/// `osName` and `osVersion` to write, and the manifest value they come from.
struct OsFields {
    name: String,
    version: String,
    at: At,
}

/// `osName` and `osVersion` for the build (the options win); an error for each that is
/// unknown. Also the info on the Kubernetes version the image bakes in.
fn os_fields(
    px: &mut Px<'_>,
    build: &Build<'_, '_>,
    parts: &BTreeMap<&'static str, String>,
    options: &PackerOptions,
) -> Option<OsFields> {
    let custom = build.json.get("custom_data").filter(Json::is_object);
    let build_name = build.json.field("name");
    let os = os_of(custom, build_name.as_deref(), parts);
    let given = |o: &Option<String>| o.clone().filter(|s| !s.trim().is_empty());
    let name = given(&options.os_name).or_else(|| os.name.clone());
    let version = given(&options.os_version).or_else(|| os.version.clone());
    let cpath = build.path.join("custom_data");
    let at = match custom {
        Some(c) => At {
            path: cpath.clone(),
            range: c.range(),
        },
        None => build.at(),
    };
    if name.is_none() {
        let why = os.note.as_deref().map_or_else(
            || "the manifest does not say which OS the image has".to_owned(),
            str::to_owned,
        );
        px.push(
            &at.path,
            Finding::new(
                Code::ImagePackerManifest,
                at.range.clone(),
                format!("{why}; the values need `osName`"),
            )
            .help("give the OS name (e.g. `ubuntu`), or add `os_name` to the build's `custom_data`")
            .severity(Severity::Error),
        );
    }
    if version.is_none() {
        px.push(&at.path, Finding::new(Code::ImagePackerManifest, at.range.clone(), "the manifest does not say which OS version the image has; the values need `osVersion`").help("give the OS version (e.g. `22.04`), or add `os_version` to the build's `custom_data`").severity(Severity::Error));
    }
    kubernetes_info(px, custom, &cpath);
    Some(OsFields {
        name: name?,
        version: version?,
        at,
    })
}

/// The info on the Kubernetes version `custom_data` says the image has.
fn kubernetes_info(px: &mut Px<'_>, custom: Option<Json<'_, '_>>, cpath: &Path) {
    for key in ["kubernetes_semver", "kubernetes_version"] {
        let Some(k) = custom_str(custom, key) else {
            continue;
        };
        let range = custom.and_then(|c| c.get(key)).map_or(0..0, |v| v.range());
        let d = px
            .diag(
                Code::ImageKubernetesVersion,
                &cpath.join(key),
                range,
                format!("the image has Kubernetes {}", show(&k)),
            )
            .with_help(format!(
                "use Kubernetes {} in the cluster profile's Kubernetes pack",
                show(k.trim_start_matches('v'))
            ));
        px.diags.push(d);
        break;
    }
}

/// The OS a build's `custom_data`, name or image name tells, and why it tells none.
#[derive(Debug, Default)]
struct Os {
    name: Option<String>,
    version: Option<String>,
    /// Why the name is unknown although the manifest has a hint.
    note: Option<String>,
}

/// `osName` and `osVersion` from the build: `custom_data` first (Kubernetes Image
/// Builder's `distro_name`/`distro_version`, `os_name`/`os_version`, an `os_name` such as
/// `Ubuntu 22.04`, `distribution`/`distribution_version`, `build_name`), then the build's
/// name, then what the image name says.
fn os_of(
    custom: Option<Json<'_, '_>>,
    build_name: Option<&str>,
    parts: &BTreeMap<&'static str, String>,
) -> Os {
    let cd = |k: &str| custom_str(custom, k);
    let mut os = Os::default();
    if let Some(n) = cd("distro_name") {
        os.take(Some(n.to_ascii_lowercase()), cd("distro_version"));
    }
    if let Some(v) = cd("os_version") {
        // Alone, `os_version` may be a build name (`rhel-8`, as Palette's image builder writes it).
        match names::build_name(&v) {
            Some((n, bv))
                if cd("os_name").is_none() && !v.starts_with(|c: char| c.is_ascii_digit()) =>
            {
                os.take(Some(n), bv);
            }
            _ => os.take(None, Some(v)),
        }
    }
    if let Some(n) = cd("os_name") {
        let (name, version) = split_os_name(&n);
        if name.is_none() && os.name.is_none() {
            os.note = Some(format!(
                "`custom_data.os_name` `{}` is not one word such as `ubuntu` or `rhel`",
                show(&n)
            ));
        }
        os.take(name, version);
    }
    if let Some(n) = cd("distribution") {
        os.take(Some(n.to_ascii_lowercase()), cd("distribution_version"));
    }
    if let Some((n, v)) = cd("build_name").as_deref().and_then(names::build_name) {
        os.take(Some(n), v);
    }
    // The build's own name only when it reads as `<os>-<version>` (`ubuntu-22.04`, not `vsphere`).
    if let Some((n, Some(v))) = build_name.and_then(names::build_name) {
        os.take(Some(n), Some(v));
    }
    if let Some(n) = parts.get("os") {
        os.take(Some(n.clone()), parts.get("os_version").cloned());
    }
    os
}

impl Os {
    /// Take what one source says, unless it names another OS than one found already.
    fn take(&mut self, name: Option<String>, version: Option<String>) {
        if let Some(n) = name {
            match &self.name {
                Some(known) if *known != n => return,
                Some(_) => {}
                None => self.name = Some(n),
            }
        }
        if self.version.is_none() {
            self.version = version;
        }
    }
}

/// A non-empty string of `custom_data` (Packer writes only strings there), trimmed.
fn custom_str(custom: Option<Json<'_, '_>>, key: &str) -> Option<String> {
    custom
        .and_then(|c| c.field(key))
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

/// `Ubuntu 22.04` → (`ubuntu`, `22.04`); `RHEL 8` → (`rhel`, `8`); `Flatcar` →
/// (`flatcar`, none). A name of several words (`Rocky Linux 8`) gives no name: Palette's
/// `osName` is one word, and which one is not for byoos to guess.
fn split_os_name(text: &str) -> (Option<String>, Option<String>) {
    let words: Vec<&str> = text.split_whitespace().collect();
    let at = words
        .iter()
        .position(|w| w.starts_with(|c: char| c.is_ascii_digit()))
        .unwrap_or(words.len());
    let version = words.get(at).map(|v| (*v).to_owned());
    let name = match &words[..at] {
        [one] => Some(one.to_ascii_lowercase()),
        _ => None,
    };
    (name, version)
}

/// A `"…"` YAML scalar.
fn yaml_quote(s: &str) -> String {
    // One writer for double-quoted scalars: it escapes every character YAML does not
    // allow in a stream (C0/C1 controls, U+FEFF, U+FFFE, U+FFFF), not only controls.
    crate::yaml::scalar::double_quoted(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(yaml_quote("a\"b\\c"), "\"a\\\"b\\\\c\"");
    }
}
