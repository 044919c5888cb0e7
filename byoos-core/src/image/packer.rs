//! `from_packer_manifest`: a Packer manifest (`packer-manifest.json`, the manifest
//! post-processor's output) → `generic-byoi` values.
//!
//! The manifest accumulates one entry per build and run; the builds of the run named by
//! `last_run_uuid` (or the `run` option) are used. Diagnostics point into the JSON text,
//! with JSON paths such as `["builds", 2, "artifact_id"]`.

use super::{check_image, names, redact_sas, show, ImageKind, ImageOptions, Provider};
use crate::codes::Code;
use crate::diagnostic::{self, Diagnostic, Path, Segment, Severity, Span};
use crate::source::LineIndex;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::ops::Range;

/// The largest manifest read (16 MiB).
const MAX_MANIFEST_BYTES: usize = 16 * 1024 * 1024;

/// Options of [`from_packer_manifest`](crate::from_packer_manifest). All are optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct PackerOptions {
    /// The AWS region of the cluster: picks the AMI of that region from the artifact.
    pub region: Option<String>,
    /// Which run: `last` (the default: `last_run_uuid`) or a `packer_run_uuid`.
    pub run: Option<String>,
    /// Which build of the run, by `name`, when the run has several.
    pub build: Option<String>,
    /// `osName` to write (default: read from the build's `custom_data`).
    pub os_name: Option<String>,
    /// `osVersion` to write (default: read from the build's `custom_data`).
    pub os_version: Option<String>,
    /// vSphere: the inventory folder of the template (`/Datacenter/vm/templates`), put
    /// before the VM name Packer reports.
    pub folder: Option<String>,
}

impl PackerOptions {
    /// Options with the cluster's AWS region.
    #[must_use]
    pub fn with_region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Options picking a run (`last` or a `packer_run_uuid`).
    #[must_use]
    pub fn with_run(mut self, run: impl Into<String>) -> Self {
        self.run = Some(run.into());
        self
    }

    /// Options picking a build of the run by name.
    #[must_use]
    pub fn with_build(mut self, build: impl Into<String>) -> Self {
        self.build = Some(build.into());
        self
    }

    /// Options with the `osName` and `osVersion` to write.
    #[must_use]
    pub fn with_os(mut self, name: impl Into<String>, version: impl Into<String>) -> Self {
        self.os_name = Some(name.into());
        self.os_version = Some(version.into());
        self
    }

    /// Options with the vSphere inventory folder of the template.
    #[must_use]
    pub fn with_folder(mut self, folder: impl Into<String>) -> Self {
        self.folder = Some(folder.into());
        self
    }
}

/// The result of [`from_packer_manifest`](crate::from_packer_manifest): the values text (`None` when an error stops it)
/// and the diagnostics, with spans into the manifest.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct PackerResult {
    /// No diagnostic is an error.
    pub ok: bool,
    /// `generic-byoi` values, e.g. `pack:\n  osImageOverride: "ami-…"\n  osName: "ubuntu"\n  osVersion: "22.04"\n`.
    pub text: Option<String>,
    /// Every finding, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks values as `validate` would: the text, the provider and the region; returns
/// every diagnostic found. The operations give it (the checks cannot call them).
pub(crate) type Validate<'a> = &'a dyn Fn(&str, Provider, Option<String>) -> Vec<Diagnostic>;

/// Turn a Packer manifest into `generic-byoi` values (the engine of
/// [`crate::from_packer_manifest`]), the values checked by `validate`. Never fails:
/// every problem is a diagnostic pointing into `manifest_json`.
pub(crate) fn from_packer_manifest(
    manifest_json: &str,
    options: &PackerOptions,
    validate: Validate<'_>,
) -> PackerResult {
    let mut cx = Px {
        text: manifest_json,
        index: LineIndex::new(manifest_json),
        spans: Vec::new(),
        diags: Vec::new(),
        validate,
    };
    let text = convert(&mut cx, options);
    let mut diagnostics = cx.diags;
    diagnostic::sort(&mut diagnostics);
    for d in &mut diagnostics {
        d.message = redact_sas(&d.message).into_owned();
        d.help = d.help.as_deref().map(|h| redact_sas(h).into_owned());
    }
    let text = if diagnostic::has_errors(&diagnostics) {
        None
    } else {
        text
    };
    PackerResult {
        ok: !diagnostic::has_errors(&diagnostics),
        text,
        diagnostics,
    }
}

struct Px<'a> {
    text: &'a str,
    index: LineIndex,
    /// Every JSON value's path and byte range.
    spans: Vec<(Path, Range<usize>)>,
    diags: Vec<Diagnostic>,
    validate: Validate<'a>,
}

impl Px<'_> {
    fn span_of(&self, path: &Path) -> Range<usize> {
        self.spans
            .iter()
            .find(|(p, _)| p == path)
            .map_or(0..0, |(_, r)| r.clone())
    }

    fn diag(
        &self,
        code: Code,
        path: &Path,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(
            code,
            message,
            path.clone(),
            Span::new(self.text, &self.index, range.start, range.end),
        )
    }

    fn emit(
        &mut self,
        severity: Severity,
        path: &Path,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let range = self.span_of(path);
        let d = self
            .diag(Code::ImagePackerManifest, path, range, message)
            .with_help(help)
            .with_severity(severity);
        self.diags.push(d);
    }
}

fn convert(cx: &mut Px<'_>, options: &PackerOptions) -> Option<String> {
    let root = Path::root();
    if cx.text.len() > MAX_MANIFEST_BYTES {
        let d = cx
            .diag(
                Code::LimitInputSize,
                &root,
                0..0,
                format!(
                    "the manifest is {} bytes; at most {MAX_MANIFEST_BYTES} are read",
                    cx.text.len()
                ),
            )
            .with_help("pass the `packer-manifest.json` the manifest post-processor wrote");
        cx.diags.push(d);
        return None;
    }
    let value: Value = match serde_json::from_str(cx.text) {
        Ok(v) => v,
        Err(e) => {
            let at = json_error_offset(cx.text, &cx.index, e.line(), e.column());
            let end = cx.text[at..]
                .chars()
                .next()
                .map_or(at, |c| at + c.len_utf8());
            let msg = e.to_string();
            let msg = msg.split(" at line ").next().unwrap_or(&msg);
            let d = cx
                .diag(
                    Code::ImagePackerManifest,
                    &root,
                    at..end,
                    format!("the Packer manifest is not valid JSON: {msg}"),
                )
                .with_help("pass the `packer-manifest.json` the manifest post-processor wrote");
            cx.diags.push(d);
            return None;
        }
    };
    let mut w = Walker {
        b: cx.text.as_bytes(),
        text: cx.text,
        i: 0,
        out: Vec::new(),
    };
    w.value(&root, 0);
    cx.spans = w.out;
    let Some(builds) = value.get("builds").and_then(Value::as_array) else {
        cx.emit(
            Severity::Error,
            &root,
            "not a Packer manifest: there is no `builds` list",
            "pass the file the manifest post-processor wrote (`packer-manifest.json`)",
        );
        return None;
    };
    let bpath = root.join("builds");
    if builds.is_empty() {
        cx.emit(
            Severity::Error,
            &bpath,
            "the manifest lists no builds",
            "run `packer build` with the manifest post-processor first",
        );
        return None;
    }
    let field = |b: &Value, k: &str| b.get(k).and_then(Value::as_str).map(str::to_owned);
    let last_run = value
        .get("last_run_uuid")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned);
    let runs: Vec<String> = {
        let mut r: Vec<String> = builds
            .iter()
            .filter_map(|b| field(b, "packer_run_uuid"))
            .collect();
        r.dedup();
        r
    };
    // ---- pick the run
    let wanted = match options.run.as_deref().map(str::trim) {
        None | Some("" | "last") => last_run.clone(),
        Some(u) => Some(u.to_owned()),
    };
    let mut picked: Vec<usize> = match &wanted {
        Some(u) => (0..builds.len())
            .filter(|&i| field(&builds[i], "packer_run_uuid").as_deref() == Some(u.as_str()))
            .collect(),
        None => {
            let last = field(&builds[builds.len() - 1], "packer_run_uuid");
            if runs.len() > 1 {
                cx.emit(
                    Severity::Warning,
                    &bpath,
                    "the manifest has builds of several runs and no `last_run_uuid`; the run of the last build is used",
                    "give the run (its `packer_run_uuid`) to choose another",
                );
            }
            (0..builds.len())
                .filter(|&i| field(&builds[i], "packer_run_uuid") == last)
                .collect()
        }
    };
    if picked.is_empty() {
        let u = wanted.unwrap_or_default();
        let (path, msg) = if options
            .run
            .as_deref()
            .is_some_and(|r| r.trim() != "last" && !r.trim().is_empty())
        {
            (
                root.clone(),
                format!("no build of the run `{}` in the manifest", show(&u)),
            )
        } else {
            (
                root.join("last_run_uuid"),
                format!("no build has the `last_run_uuid` `{}`", show(&u)),
            )
        };
        cx.emit(
            Severity::Error,
            &path,
            msg,
            format!(
                "runs in the manifest: {}",
                if runs.is_empty() {
                    "(none)".to_owned()
                } else {
                    runs.join(", ")
                }
            ),
        );
        return None;
    }
    if let Some(name) = options.build.as_deref() {
        let names: Vec<String> = picked
            .iter()
            .filter_map(|&i| field(&builds[i], "name"))
            .collect();
        picked.retain(|&i| field(&builds[i], "name").as_deref() == Some(name));
        if picked.is_empty() {
            cx.emit(
                Severity::Error,
                &bpath,
                format!("the run has no build named `{}`", show(name)),
                format!("builds of the run: {}", names.join(", ")),
            );
            return None;
        }
    }
    if picked.len() > 1 {
        let names: Vec<String> = picked
            .iter()
            .map(|&i| field(&builds[i], "name").unwrap_or_else(|| format!("#{i}")))
            .collect();
        cx.emit(
            Severity::Error,
            &bpath,
            format!(
                "the run has {} builds; one image goes into `osImageOverride`",
                picked.len()
            ),
            format!("choose one with the build option: {}", names.join(", ")),
        );
        return None;
    }
    let bi = picked[0];
    let build = &builds[bi];
    let path = bpath.join(bi);
    // ---- the provider
    let builder = field(build, "builder_type").unwrap_or_default();
    let provider = match builder.as_str() {
        b if b.starts_with("amazon-") => Provider::Aws,
        b if b.starts_with("azure-") => Provider::Azure,
        b if b.starts_with("vsphere-") => Provider::Vsphere,
        "googlecompute" => Provider::Gcp,
        "openstack" => Provider::Openstack,
        other => {
            let p = if build.get("builder_type").is_some() {
                path.join("builder_type")
            } else {
                path.clone()
            };
            cx.emit(
                Severity::Error,
                &p,
                format!("the builder `{}` makes no image a generic-byoi pack can use", show(other)),
                "builders that can: amazon-*, azure-arm, vsphere-iso/vsphere-clone, googlecompute, openstack",
            );
            return None;
        }
    };
    let apath = path.join("artifact_id");
    let Some(artifact) = field(build, "artifact_id").filter(|a| !a.trim().is_empty()) else {
        cx.emit(
            Severity::Error,
            if build.get("artifact_id").is_some() {
                &apath
            } else {
                &path
            },
            "the build has no `artifact_id`",
            "check that the build succeeded",
        );
        return None;
    };
    // Byte offset of the artifact's text inside the JSON literal, when it has no escapes.
    let lit = cx.span_of(&apath);
    let raw_at = (lit.len() == artifact.len() + 2
        && cx.text.get(lit.start + 1..lit.end - 1) == Some(artifact.as_str()))
    .then_some(lit.start + 1);
    let image = match provider {
        Provider::Aws => aws_artifact(cx, &artifact, raw_at, &apath, options)?,
        Provider::Vsphere => {
            let name = artifact.trim();
            match options
                .folder
                .as_deref()
                .map(str::trim)
                .filter(|f| !f.is_empty())
            {
                Some(folder) => format!("{}/{name}", folder.trim_end_matches('/')),
                None => {
                    cx.emit(
                        Severity::Warning,
                        &apath,
                        "Packer's vSphere artifact is the VM name only; a full inventory path is unambiguous",
                        format!("pass the folder (e.g. `/Datacenter/vm/templates`) or write `/<datacenter>/vm/<folder>/{}`", show(name)),
                    );
                    name.to_owned()
                }
            }
        }
        _ => artifact.trim().to_owned(),
    };
    // ---- check the image as the provider would
    let at = if image == artifact { raw_at } else { None };
    let at = at.or_else(|| raw_at.and_then(|a| artifact.find(image.as_str()).map(|i| a + i)));
    let region_opts = ImageOptions {
        region: options.region.clone().filter(|r| !r.trim().is_empty()),
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
            _ => lit.clone(),
        };
        let mut nd = cx
            .diag(d.code, &apath, range, d.message.clone())
            .with_severity(d.severity);
        nd.help = d.help.clone();
        cx.diags.push(nd);
    }
    let mut image = report
        .normalized
        .clone()
        .filter(|_| report.kind != ImageKind::Unknown)
        .unwrap_or(image);
    if provider == Provider::Azure {
        if let Some((url, _)) = image.split_once('?') {
            cx.emit(
                Severity::Warning,
                &apath,
                "the SAS token was left out of `osImageOverride`: it is a secret, and it would be stored in the cluster profile",
                "make the blob readable by the cluster, or add a read-only SAS yourself",
            );
            image = url.to_owned();
        }
    }
    if provider == Provider::Vsphere && options.folder.is_none() {
        image = artifact.trim().to_owned();
    }
    // ---- osName, osVersion
    let (os_name, os_version, os_at) = os_fields(cx, build, &path, &report.parts, options)?;
    let out = format!(
        "pack:\n  osImageOverride: {}\n  osName: {}\n  osVersion: {}\n",
        yaml_quote(&image),
        yaml_quote(os_name.trim()),
        yaml_quote(os_version.trim())
    );
    let at = ValuesAt {
        image: apath,
        os: os_at,
        build: path,
    };
    if !diagnostic::has_errors(&cx.diags) {
        check_values(cx, &out, provider, options, &at);
    }
    Some(out)
}

/// `osName` and `osVersion` for the build (the options win), and the manifest path they
/// come from; an error for each that is unknown. Also the info on the Kubernetes version
/// the image bakes in.
fn os_fields(
    cx: &mut Px<'_>,
    build: &Value,
    path: &Path,
    parts: &std::collections::BTreeMap<String, String>,
    options: &PackerOptions,
) -> Option<(String, String, Path)> {
    let custom = build.get("custom_data").and_then(Value::as_object);
    let name = build.get("name").and_then(Value::as_str);
    let os = os_of(custom, name, parts);
    let os_name = options
        .os_name
        .clone()
        .filter(|s| !s.trim().is_empty())
        .or_else(|| os.name.clone());
    let os_version = options
        .os_version
        .clone()
        .filter(|s| !s.trim().is_empty())
        .or_else(|| os.version.clone());
    let cpath = path.join("custom_data");
    let os_at = if custom.is_some() {
        cpath.clone()
    } else {
        path.clone()
    };
    if os_name.is_none() {
        let why = os.note.as_deref().map_or_else(
            || "the manifest does not say which OS the image has".to_owned(),
            str::to_owned,
        );
        cx.emit(
            Severity::Error,
            &os_at,
            format!("{why}; the values need `osName`"),
            "give the OS name (e.g. `ubuntu`), or add `os_name` to the build's `custom_data`",
        );
    }
    if os_version.is_none() {
        cx.emit(
            Severity::Error,
            &os_at,
            "the manifest does not say which OS version the image has; the values need `osVersion`",
            "give the OS version (e.g. `22.04`), or add `os_version` to the build's `custom_data`",
        );
    }
    for key in ["kubernetes_semver", "kubernetes_version"] {
        if let Some(k) = custom_str(custom, key) {
            let kp = cpath.join(key);
            let range = cx.span_of(&kp);
            let d = cx
                .diag(
                    Code::ImageKubernetesVersion,
                    &kp,
                    range,
                    format!("the image has Kubernetes {}", show(&k)),
                )
                .with_help(format!(
                    "use Kubernetes {} in the cluster profile's Kubernetes pack",
                    show(k.trim_start_matches('v'))
                ));
            cx.diags.push(d);
            break;
        }
    }
    Some((os_name?, os_version?, os_at))
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
    custom: Option<&serde_json::Map<String, Value>>,
    build_name: Option<&str>,
    parts: &std::collections::BTreeMap<String, String>,
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
fn custom_str(custom: Option<&serde_json::Map<String, Value>>, key: &str) -> Option<String> {
    custom
        .and_then(|c| c.get(key))
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
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

/// Where the values' keys came from in the manifest.
struct ValuesAt {
    image: Path,
    os: Path,
    build: Path,
}

/// Check the values as `validate` would: any error it finds is an error of the
/// conversion, at the part of the manifest the key came from.
fn check_values(
    cx: &mut Px<'_>,
    values: &str,
    provider: Provider,
    options: &PackerOptions,
    at: &ValuesAt,
) {
    let region = options.region.clone().filter(|r| !r.trim().is_empty());
    let found = (cx.validate)(values, provider, region);
    for d in found.iter().filter(|d| d.is_error()) {
        let path = match d.path.0.get(1) {
            Some(Segment::Key(k)) if k == "osImageOverride" => &at.image,
            Some(Segment::Key(k)) if k == "osName" || k == "osVersion" => &at.os,
            _ => &at.build,
        };
        let range = cx.span_of(path);
        let mut nd = cx
            .diag(
                d.code,
                path,
                range,
                format!("the values would fail `validate`: {}", d.message),
            )
            .with_severity(Severity::Error);
        nd.help = d.help.clone();
        cx.diags.push(nd);
    }
}

/// `region:ami,region:ami` → the AMI for the cluster's region.
fn aws_artifact(
    cx: &mut Px<'_>,
    artifact: &str,
    raw_at: Option<usize>,
    apath: &Path,
    options: &PackerOptions,
) -> Option<String> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    let mut at = 0;
    for item in artifact.split(',') {
        let t = item.trim();
        match t.split_once(':') {
            Some((r, a)) if !r.is_empty() && !a.is_empty() => {
                pairs.push((r.to_owned(), a.to_owned()))
            }
            _ => {
                let range = raw_at.map_or_else(
                    || cx.span_of(apath),
                    |base| base + at..base + at + item.len(),
                );
                let d = cx
                    .diag(Code::ImagePackerManifest, apath, range, format!("`{}` is not `region:ami-id`", show(t)))
                    .with_help("an amazon build's artifact_id lists `region:ami-id` pairs separated by `,`");
                cx.diags.push(d);
            }
        }
        at += item.len() + 1;
    }
    if pairs.is_empty() {
        return None;
    }
    let available: Vec<&str> = pairs.iter().map(|(r, _)| r.as_str()).collect();
    let region = options
        .region
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    if let Some(r) = region {
        let problem = match super::aws::classify_region(r) {
            super::aws::RegionClass::Zone { region, .. } => Some((
                Code::ImageAvailabilityZone,
                format!("the region option `{}` is a zone, not a region", show(r)),
                format!("use the region `{region}`"),
            )),
            super::aws::RegionClass::AzId => Some((
                Code::ImageAvailabilityZone,
                format!(
                    "the region option `{}` is an Availability Zone ID, not a region",
                    show(r)
                ),
                "use the region code, e.g. `us-east-1`".to_owned(),
            )),
            super::aws::RegionClass::Uppercase(lower) => Some((
                Code::ImageInvalidRegion,
                format!("the region option `{}` has uppercase letters", show(r)),
                format!("region codes are lowercase: `{lower}`"),
            )),
            _ => None,
        };
        if let Some((code, message, help)) = problem {
            let range = cx.span_of(apath);
            let d = cx.diag(code, apath, range, message).with_help(help);
            cx.diags.push(d);
            return None;
        }
    }
    let chosen = match region {
        Some(r) => match pairs.iter().find(|(pr, _)| pr == r) {
            Some(p) => p,
            None => {
                cx.emit(
                    Severity::Error,
                    apath,
                    format!("the build made no AMI in `{}`", show(r)),
                    format!("AMIs are regional; this build has: {} (copy one with `aws ec2 copy-image`, or add the region to `ami_regions`)", available.join(", ")),
                );
                return None;
            }
        },
        None if pairs.len() == 1 => &pairs[0],
        None => {
            cx.emit(
                Severity::Error,
                apath,
                format!(
                    "the build made AMIs in {} regions; which one is the cluster's?",
                    pairs.len()
                ),
                format!("give the region: {}", available.join(", ")),
            );
            return None;
        }
    };
    Some(chosen.1.clone())
}

/// serde_json's 1-based line and column (in bytes) → a byte offset, on a char boundary.
fn json_error_offset(text: &str, index: &LineIndex, line: usize, column: usize) -> usize {
    if line == 0 {
        return 0;
    }
    let range = index.line_range(text, line);
    let at = (range.start + column.saturating_sub(1)).min(text.len());
    crate::source::floor_char_boundary(text, at)
}

/// A `"…"` YAML scalar.
fn yaml_quote(s: &str) -> String {
    // One writer for double-quoted scalars: it escapes every character YAML does not
    // allow in a stream (C0/C1 controls, U+FEFF, U+FFFE, U+FFFF), not only controls.
    crate::yaml::scalar::double_quoted(s)
}

/// Records the byte range of every value of a (valid) JSON text by path.
struct Walker<'a> {
    b: &'a [u8],
    text: &'a str,
    i: usize,
    out: Vec<(Path, Range<usize>)>,
}

impl Walker<'_> {
    fn ws(&mut self) {
        while self
            .b
            .get(self.i)
            .is_some_and(|c| matches!(c, b' ' | b'\t' | b'\r' | b'\n'))
        {
            self.i += 1;
        }
    }

    /// Skip a string literal starting at `self.i`; its decoded text.
    fn string(&mut self) -> String {
        let start = self.i;
        self.i += 1;
        while let Some(&c) = self.b.get(self.i) {
            self.i += 1;
            match c {
                b'\\' => self.i += 1,
                b'"' => break,
                _ => {}
            }
        }
        let end = self.i.min(self.b.len());
        self.text
            .get(start..end)
            .and_then(|lit| serde_json::from_str::<String>(lit).ok())
            .unwrap_or_default()
    }

    fn value(&mut self, path: &Path, depth: usize) {
        self.ws();
        let start = self.i;
        if depth > 256 {
            return;
        }
        match self.b.get(self.i) {
            Some(b'{') => {
                self.i += 1;
                loop {
                    self.ws();
                    match self.b.get(self.i) {
                        Some(b'}') => {
                            self.i += 1;
                            break;
                        }
                        Some(b',') => self.i += 1,
                        Some(b'"') => {
                            let key = self.string();
                            self.ws();
                            if self.b.get(self.i) == Some(&b':') {
                                self.i += 1;
                            }
                            self.value(&path.join(Segment::Key(key)), depth + 1);
                        }
                        _ => return,
                    }
                }
            }
            Some(b'[') => {
                self.i += 1;
                let mut n = 0;
                loop {
                    self.ws();
                    match self.b.get(self.i) {
                        Some(b']') => {
                            self.i += 1;
                            break;
                        }
                        Some(b',') => self.i += 1,
                        Some(_) => {
                            let before = self.i;
                            self.value(&path.join(n), depth + 1);
                            n += 1;
                            if self.i == before {
                                return;
                            }
                        }
                        None => return,
                    }
                }
            }
            Some(b'"') => {
                self.string();
            }
            Some(_) => {
                while self.b.get(self.i).is_some_and(|c| {
                    !matches!(c, b',' | b']' | b'}' | b' ' | b'\t' | b'\r' | b'\n')
                }) {
                    self.i += 1;
                }
            }
            None => return,
        }
        self.out.push((path.clone(), start..self.i));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AWS: &str = r#"{
  "builds": [
    {"name": "ubuntu-22.04", "builder_type": "amazon-ebs", "artifact_id": "us-east-1:ami-0aaaaaaaaaaaaaaa1", "packer_run_uuid": "r1",
     "custom_data": {"kubernetes_version": "v1.29.3"}},
    {"name": "ubuntu-22.04", "builder_type": "amazon-ebs", "artifact_id": "eu-west-1:ami-0bbbbbbbbbbbbbbb2,us-east-1:ami-0ccccccccccccccc3", "packer_run_uuid": "r2",
     "custom_data": {"kubernetes_version": "v1.30.1"}}
  ],
  "last_run_uuid": "r2"
}"#;

    #[test]
    fn aws_picks_last_run_and_region() {
        let r = crate::from_packer_manifest(
            AWS,
            &PackerOptions {
                region: Some("us-east-1".into()),
                ..PackerOptions::default()
            },
        );
        assert_eq!(r.text.as_deref(), Some("pack:\n  osImageOverride: \"ami-0ccccccccccccccc3\"\n  osName: \"ubuntu\"\n  osVersion: \"22.04\"\n"));
        let r = crate::from_packer_manifest(AWS, &PackerOptions::default());
        assert!(r.text.is_none());
        assert!(r
            .diagnostics
            .iter()
            .any(|d| d.code == Code::ImagePackerManifest
                && d.help
                    .as_deref()
                    .unwrap_or("")
                    .contains("eu-west-1, us-east-1")));
        let r = crate::from_packer_manifest(
            AWS,
            &PackerOptions {
                run: Some("r1".into()),
                ..PackerOptions::default()
            },
        );
        assert!(r
            .text
            .expect("test input is valid")
            .contains("ami-0aaaaaaaaaaaaaaa1"));
    }

    #[test]
    fn bad_json_points_at_the_error() {
        let r = crate::from_packer_manifest("{\n  \"builds\": [,]\n}", &PackerOptions::default());
        let d = &r.diagnostics[0];
        assert_eq!(d.code, Code::ImagePackerManifest);
        assert_eq!((d.span.line, d.span.column), (2, 14));
    }

    #[test]
    fn walker_spans() {
        let text = r#"{"a": [1, {"b": "x\"y"}], "c": true}"#;
        let mut w = Walker {
            b: text.as_bytes(),
            text,
            i: 0,
            out: Vec::new(),
        };
        w.value(&Path::root(), 0);
        let find = |p: Path| {
            w.out
                .iter()
                .find(|(q, _)| *q == p)
                .map(|(_, r)| &text[r.clone()])
        };
        assert_eq!(
            find(Path::root().join("a").join(1).join("b")),
            Some(r#""x\"y""#)
        );
        assert_eq!(find(Path::root().join("c")), Some("true"));
    }

    #[test]
    fn quoting() {
        assert_eq!(yaml_quote("a\"b\\c"), "\"a\\\"b\\\\c\"");
    }
}
