//! Provider image references: what `osImageOverride` (generic-byoi) and the Edge provider
//! image (`options.system.uri`, edge-native-byoi) may hold, checked offline.
//!
//! [`check_image`] recognises every form of every provider (AMI ids and ARNs, Azure VHD
//! URLs and gallery ids, vSphere inventory paths, OCI references, …), says whether Palette
//! takes it, normalises it and splits it into parts. [`from_packer_manifest`](crate::from_packer_manifest) turns a Packer
//! manifest into `generic-byoi` values.
//!
//! ```
//! use byoos_core::image::{check_image, ImageKind, ImageOptions, Provider};
//!
//! let r = check_image(Provider::Edge, "ubuntu", &ImageOptions::default());
//! assert!(r.ok);
//! assert_eq!(r.kind, ImageKind::Oci);
//! assert_eq!(r.normalized.as_deref(), Some("docker.io/library/ubuntu:latest"));
//!
//! let r = check_image(Provider::Aws, "ami-0F4804AFF4CF9C5A2", &ImageOptions::default());
//! assert!(!r.ok);
//! assert_eq!(r.diagnostics[0].code.as_str(), "image/uppercase-ami");
//! ```
//!
//! Diagnostics of [`check_image`] have the path `[]` and spans into the reference string
//! itself. No message, help, part or normalized form ever holds an Azure SAS signature
//! (`sig`): it is shown as `***`.

pub(crate) mod aws;
mod azure;
mod gcp;
mod maas;
pub(crate) mod names;
mod oci;
mod openstack;
mod vsphere;

pub(crate) use oci::K8S_DISTRIBUTIONS;

use crate::codes::Code;
use crate::diagnostic::Finding;
use crate::diagnostic::{self, Diagnostic, Path, Span};
use crate::source::LineIndex;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The longest reference checked; longer input gets a `limit/input-size` error (64 KiB).
pub const MAX_REFERENCE_BYTES: usize = 64 * 1024;

/// The infrastructure provider an image reference is meant for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    /// Amazon EC2: an AMI id.
    Aws,
    /// Microsoft Azure: the blob URL of a VHD.
    Azure,
    /// VMware vSphere: the inventory path of a VM template.
    Vsphere,
    /// Google Compute Engine: an image (or image family) reference.
    Gcp,
    /// OpenStack: a Glance image id or name.
    Openstack,
    /// Canonical MAAS: a boot resource name (`ubuntu/jammy`, `custom/<name>`).
    Maas,
    /// Palette Edge: an OCI provider image (`registry/repo:tag`), or `NA`.
    Edge,
}

impl Provider {
    /// Every provider.
    pub const ALL: [Provider; 7] = [
        Provider::Aws,
        Provider::Azure,
        Provider::Vsphere,
        Provider::Gcp,
        Provider::Openstack,
        Provider::Maas,
        Provider::Edge,
    ];

    /// `aws`, `azure`, `vsphere`, `gcp`, `openstack`, `maas` or `edge`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Provider::Aws => "aws",
            Provider::Azure => "azure",
            Provider::Vsphere => "vsphere",
            Provider::Gcp => "gcp",
            Provider::Openstack => "openstack",
            Provider::Maas => "maas",
            Provider::Edge => "edge",
        }
    }

    /// The provider's display name, for messages.
    #[must_use]
    pub const fn title(self) -> &'static str {
        match self {
            Provider::Aws => "AWS",
            Provider::Azure => "Azure",
            Provider::Vsphere => "vSphere",
            Provider::Gcp => "GCP",
            Provider::Openstack => "OpenStack",
            Provider::Maas => "MAAS",
            Provider::Edge => "Edge",
        }
    }

    /// What the provider takes, for messages ("an AMI id (`ami-…`)").
    const fn wants(self) -> &'static str {
        match self {
            Provider::Aws => "an AMI id (`ami-` and 17 hexadecimal digits)",
            Provider::Azure => "the blob URL of a VHD (`https://<account>.blob.core.windows.net/<container>/<name>.vhd`)",
            Provider::Vsphere => "the inventory path of a VM template (`/<datacenter>/vm/<folder>/<template>`)",
            Provider::Gcp => "an image reference (`projects/<project>/global/images/<image>`)",
            Provider::Openstack => "a Glance image id (a UUID) or image name",
            Provider::Maas => "a boot resource name (`ubuntu/jammy`, `custom/<name>`)",
            Provider::Edge => "an OCI image reference (`registry/repository:tag`) or `NA`",
        }
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Provider {
    type Err = String;
    /// Parse a provider name (ASCII case-insensitive).
    fn from_str(s: &str) -> Result<Self, String> {
        Provider::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                let names: Vec<&str> = Provider::ALL.iter().map(|p| p.as_str()).collect();
                format!(
                    "unknown provider `{}` (expected one of: {})",
                    show(s),
                    names.join(", ")
                )
            })
    }
}

/// What a reference was recognised as. Serialises to the contract's kind strings
/// (`ami`, `ami-arn`, …); `ami-name` is an addition of byoos for AWS AMI names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ImageKind {
    /// An AMI id, `ami-0123456789abcdef0`.
    Ami,
    /// An AMI ARN, `arn:aws:ec2:<region>::image/ami-…`.
    AmiArn,
    /// An AMI name (a lookup key such as `capa-ami-ubuntu-22.04-v1.29.3-1700000000`), not an id.
    AmiName,
    /// An EC2 Image Builder ARN, `arn:aws:imagebuilder:<region>:<account>:image/<name>/<version>/<build>`.
    ImagebuilderArn,
    /// An SSM parameter, `resolve:ssm:<parameter>`.
    SsmParameter,
    /// An Azure VHD blob URL.
    VhdUrl,
    /// An Azure Compute Gallery image (definition or version; also community and direct-shared galleries).
    GalleryImage,
    /// An Azure managed image id.
    ManagedImage,
    /// An Azure Marketplace URN, `Publisher:Offer:Sku:Version`.
    MarketplaceUrn,
    /// A vSphere VM template path or name.
    VsphereTemplate,
    /// An OCI (Docker) image reference.
    Oci,
    /// A GCE image.
    GcpImage,
    /// A GCE image family.
    GcpFamily,
    /// An OpenStack Glance image id.
    OpenstackId,
    /// An OpenStack Glance image name.
    OpenstackName,
    /// A MAAS boot resource.
    MaasImage,
    /// Contains a `{{ }}` macro: not checkable until rendered.
    Templated,
    /// The Edge `NA` sentinel.
    Na,
    /// Not recognised.
    Unknown,
}

impl ImageKind {
    /// The kind string, e.g. `ami-arn`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            ImageKind::Ami => "ami",
            ImageKind::AmiArn => "ami-arn",
            ImageKind::AmiName => "ami-name",
            ImageKind::ImagebuilderArn => "imagebuilder-arn",
            ImageKind::SsmParameter => "ssm-parameter",
            ImageKind::VhdUrl => "vhd-url",
            ImageKind::GalleryImage => "gallery-image",
            ImageKind::ManagedImage => "managed-image",
            ImageKind::MarketplaceUrn => "marketplace-urn",
            ImageKind::VsphereTemplate => "vsphere-template",
            ImageKind::Oci => "oci",
            ImageKind::GcpImage => "gcp-image",
            ImageKind::GcpFamily => "gcp-family",
            ImageKind::OpenstackId => "openstack-id",
            ImageKind::OpenstackName => "openstack-name",
            ImageKind::MaasImage => "maas-image",
            ImageKind::Templated => "templated",
            ImageKind::Na => "na",
            ImageKind::Unknown => "unknown",
        }
    }
}

impl fmt::Display for ImageKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Options of [`check_image`]. All are optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct ImageOptions {
    /// The AWS region of the cluster (e.g. `us-east-1`): an AMI ARN must be in it.
    pub region: Option<String>,
}

impl ImageOptions {
    /// Options with an AWS region.
    #[must_use]
    pub fn with_region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }
}

/// The result of [`check_image`]; `ok` is true when no diagnostic is an error.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ImageReport {
    /// No diagnostic has severity `error`.
    pub ok: bool,
    /// The provider checked against.
    pub provider: Provider,
    /// What the reference was recognised as (possibly a form Palette does not take).
    pub kind: ImageKind,
    /// The canonical form (e.g. `docker.io/library/ubuntu:latest`), secrets redacted;
    /// `None` when the reference could not be read.
    pub normalized: Option<String>,
    /// The pieces: `region`, `account`, `container`, `registry`, `repository`, `tag`,
    /// `digest`, `datacenter`, `folder`, `name`, … (see `docs/images.md`): names from a
    /// fixed set, so the keys are never allocated.
    pub parts: BTreeMap<&'static str, String>,
    /// Every finding, spans into the reference, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

/// Check one image reference for `provider`. Never fails and never panics: every problem
/// is a diagnostic whose span points into `reference`.
#[must_use]
pub fn check_image(provider: Provider, reference: &str, options: &ImageOptions) -> ImageReport {
    let mut cx = Cx::new(reference, options);
    let found = run(provider, &mut cx);
    let mut diagnostics = cx.diags;
    diagnostic::sort(&mut diagnostics);
    let mut report = ImageReport {
        ok: !diagnostic::has_errors(&diagnostics),
        provider,
        kind: found.kind,
        normalized: found.normalized,
        parts: found.parts,
        diagnostics,
    };
    scrub_report(&mut report, reference);
    scrub_url_passwords(&mut report, reference);
    report
}

/// The provider a reference belongs to, when its form says so unambiguously: `ami-…`,
/// AWS ARNs and `resolve:ssm:` (aws); blob URLs, ARM image ids and Marketplace URNs
/// (azure); `/<dc>/vm/…` and datastore paths (vsphere); `projects/…/global/images/…`
/// and Compute URLs (gcp); a UUID (openstack); `NA`, `container://…` and OCI references
/// with a registry host and a tag or digest (edge). `None` for everything else, templates
/// included.
#[must_use]
pub fn infer_provider(reference: &str) -> Option<Provider> {
    let s = reference.trim();
    if s.is_empty() || s.contains("{{") || s.len() > MAX_REFERENCE_BYTES {
        return None;
    }
    if let Some(p) = strong_provider(s) {
        return Some(p);
    }
    if s == "NA"
        || s.get(..12)
            .is_some_and(|p| p.eq_ignore_ascii_case("container://"))
    {
        return Some(Provider::Edge);
    }
    oci::looks_like_registry_image(s).then_some(Provider::Edge)
}

/// The provider whose own form `reference` is (an AMI id or ARN, an Azure blob URL, a
/// GCP image URL, a vSphere inventory path, an OpenStack UUID): no other provider takes it.
pub(crate) fn named_provider(reference: &str) -> Option<Provider> {
    let s = reference.trim();
    if s.is_empty() || s.contains("{{") || s.len() > MAX_REFERENCE_BYTES {
        return None;
    }
    strong_provider(s)
}

/// Forms that can only belong to one provider (used to say "wrong provider").
fn strong_provider(s: &str) -> Option<Provider> {
    if aws::is_strong(s) {
        Some(Provider::Aws)
    } else if azure::is_strong(s) {
        Some(Provider::Azure)
    } else if gcp::is_strong(s) {
        Some(Provider::Gcp)
    } else if vsphere::is_strong(s) {
        Some(Provider::Vsphere)
    } else if openstack::is_uuid(s) {
        Some(Provider::Openstack)
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------
// Internals shared by the provider modules
// ---------------------------------------------------------------------------------

/// The parts map.
pub(crate) type Parts = BTreeMap<&'static str, String>;

/// What a provider module recognised.
#[derive(Debug)]
pub(crate) struct Found {
    pub(crate) kind: ImageKind,
    pub(crate) normalized: Option<String>,
    pub(crate) parts: Parts,
}

impl Found {
    pub(crate) fn new(kind: ImageKind) -> Self {
        Found {
            kind,
            normalized: None,
            parts: Parts::new(),
        }
    }

    pub(crate) fn unknown() -> Self {
        Found::new(ImageKind::Unknown)
    }

    #[must_use]
    pub(crate) fn norm(mut self, n: impl Into<String>) -> Self {
        self.normalized = Some(n.into());
        self
    }

    #[must_use]
    pub(crate) fn part(mut self, k: &'static str, v: impl Into<String>) -> Self {
        self.parts.insert(k, v.into());
        self
    }

    pub(crate) fn set(&mut self, k: &'static str, v: impl Into<String>) {
        self.parts.insert(k, v.into());
    }
}

/// The checking context: the reference, its line index, the options and the findings.
pub(crate) struct Cx<'a> {
    pub(crate) text: &'a str,
    /// Built by the first finding (a valid reference has none and needs no index); `None`
    /// for a reference of one line, whose columns are counted without an index.
    index: std::cell::OnceCell<Option<LineIndex>>,
    pub(crate) options: &'a ImageOptions,
    pub(crate) diags: Vec<Diagnostic>,
}

impl<'a> Cx<'a> {
    pub(crate) fn new(text: &'a str, options: &'a ImageOptions) -> Self {
        Cx {
            text,
            index: std::cell::OnceCell::new(),
            options,
            diags: Vec::new(),
        }
    }

    /// The diagnostic `finding` (at bytes of the reference, clamped to char boundaries) is.
    pub(crate) fn place(&self, mut finding: Finding) -> Diagnostic {
        let start = crate::source::floor_char_boundary(self.text, finding.at.start);
        let end = crate::source::floor_char_boundary(self.text, finding.at.end.max(start));
        finding.at = start..end;
        let index = self.index.get_or_init(|| {
            memchr::memchr(b'\n', self.text.as_bytes()).map(|_| LineIndex::new(self.text))
        });
        let span = match index {
            Some(index) => Span::new(self.text, index, start, end),
            None => {
                // One line: the column is the characters before the offset (its bytes
                // when the text is ASCII).
                let column = |at: usize| {
                    let head = &self.text[..at];
                    let n = if head.is_ascii() {
                        at
                    } else {
                        head.chars().count()
                    };
                    crate::source::to_u32(n + 1)
                };
                Span {
                    start,
                    end,
                    line: 1,
                    column: column(start),
                    end_line: 1,
                    end_column: column(end),
                }
            }
        };
        finding.place(Path::root(), span)
    }

    /// Add a finding at bytes of the reference.
    pub(crate) fn push(&mut self, finding: Finding) {
        let d = self.place(finding);
        self.diags.push(d);
    }

    /// Add a finding whose fix is mechanical: `text` replaces the bytes it is at.
    pub(crate) fn push_fixed(&mut self, finding: Finding, text: impl Into<String>) {
        let d = self.place(finding);
        let fix = crate::diagnostic::Fix::replace(d.span.range(), text);
        self.diags.push(d.with_fix(fix));
    }
}

/// The top-level rules every provider shares, then the provider's own.
fn run(provider: Provider, cx: &mut Cx<'_>) -> Found {
    let text = cx.text;
    let Some((s, off)) = trimmed(provider, cx) else {
        return Found::unknown();
    };
    if let Some(found) = special_form(provider, cx, s, off) {
        return found;
    }
    if let Some(other) = strong_provider(s).filter(|p| *p != provider) {
        let mut scratch = Cx::new(text, cx.options);
        let found = check_provider(other, &mut scratch, s, off);
        let what = describe(found.kind, other);
        cx.push(
            Finding::new(
                Code::ImageWrongProvider,
                off..off + s.len(),
                format!(
                    "this is {what}, not {} {} image",
                    article(provider),
                    provider.title()
                ),
            )
            .help(format!("{} needs {}", provider.title(), provider.wants())),
        );
        return found;
    }
    check_provider(provider, cx, s, off)
}

/// The reference without surrounding whitespace (a warning for it) and where it
/// starts; `None` after an error (too long, empty).
fn trimmed<'a>(provider: Provider, cx: &mut Cx<'a>) -> Option<(&'a str, usize)> {
    let text = cx.text;
    if text.len() > MAX_REFERENCE_BYTES {
        cx.push(
            Finding::new(
                Code::LimitInputSize,
                0..text.len(),
                format!(
                "the image reference is {} bytes long; at most {MAX_REFERENCE_BYTES} are checked",
                text.len()
            ),
            )
            .help("an image reference is one short line: check that the right value was passed"),
        );
        return None;
    }
    let s = text.trim();
    if s.is_empty() {
        let msg = if text.is_empty() {
            "the image reference is empty"
        } else {
            "the image reference is only whitespace"
        };
        cx.push(
            Finding::new(Code::ImageEmpty, 0..text.len(), msg)
                .help(format!("give {}", provider.wants())),
        );
        return None;
    }
    let off = text.len() - text.trim_start().len();
    if s.len() != text.len() {
        if off > 0 {
            cx.push(
                Finding::new(
                    Code::ImageWhitespace,
                    0..off,
                    "whitespace before the image reference",
                )
                .help("remove it: the provider reads it as part of the name"),
            );
        }
        let end = off + s.len();
        if end < text.len() {
            cx.push(
                Finding::new(
                    Code::ImageWhitespace,
                    end..text.len(),
                    "whitespace after the image reference",
                )
                .help("remove it: the provider reads it as part of the name"),
            );
        }
    }
    Some((s, off))
}

/// A macro, a control character or `NA`: what every provider reads the same way.
fn special_form(provider: Provider, cx: &mut Cx<'_>, s: &str, off: usize) -> Option<Found> {
    if has_macro(s) {
        cx.push(
            Finding::new(
                Code::ImageTemplated,
                off..off + s.len(),
                "the image reference contains a macro; it is checked once rendered",
            )
            .help("validate with a context to check the rendered reference"),
        );
        return Some(Found::new(ImageKind::Templated));
    }
    if let Some((i, c)) = first_control(s) {
        cx.push(
            Finding::new(
                Code::ImageInvalidReference,
                off + i..off + i + c.len_utf8(),
                format!(
                    "a control character ({}) in the image reference",
                    c.escape_unicode()
                ),
            )
            .help("remove it; it may come from a copy and paste"),
        );
        return Some(Found::unknown());
    }
    if s != "NA" {
        return None;
    }
    if provider == Provider::Edge {
        cx.push(
            Finding::new(
                Code::ImageNaSentinel,
                off..off + s.len(),
                "`NA`: no provider image is installed",
            )
            .help("right for agent mode and systemd extensions; otherwise give the provider image"),
        );
    } else {
        cx.push(
            Finding::new(
                Code::ImageNotAccepted,
                off..off + s.len(),
                format!(
                    "`NA` is the Edge sentinel for no provider image; {} needs an image",
                    provider.title()
                ),
            )
            .help(format!("give {}", provider.wants())),
        );
    }
    Some(Found::new(ImageKind::Na))
}

fn check_provider(provider: Provider, cx: &mut Cx<'_>, s: &str, off: usize) -> Found {
    match provider {
        Provider::Aws => aws::check(cx, s, off),
        Provider::Azure => azure::check(cx, s, off),
        Provider::Vsphere => vsphere::check(cx, s, off),
        Provider::Gcp => gcp::check(cx, s, off),
        Provider::Openstack => openstack::check(cx, s, off),
        Provider::Maas => maas::check(cx, s, off),
        Provider::Edge => oci::check_edge(cx, s, off),
    }
}

/// "an AWS AMI id", for the wrong-provider message.
fn describe(kind: ImageKind, provider: Provider) -> String {
    let what = match kind {
        ImageKind::Ami => "an AMI id",
        ImageKind::AmiArn => "an AMI ARN",
        ImageKind::AmiName => "an AMI name",
        ImageKind::ImagebuilderArn => "an EC2 Image Builder ARN",
        ImageKind::SsmParameter => "an SSM parameter",
        ImageKind::VhdUrl => "a VHD blob URL",
        ImageKind::GalleryImage => "a Compute Gallery image id",
        ImageKind::ManagedImage => "a managed image id",
        ImageKind::MarketplaceUrn => "a Marketplace URN",
        ImageKind::VsphereTemplate => "a template inventory path",
        ImageKind::Oci => "an OCI image reference",
        ImageKind::GcpImage => "an image reference",
        ImageKind::GcpFamily => "an image family reference",
        ImageKind::OpenstackId => "a Glance image id",
        ImageKind::OpenstackName => "a Glance image name",
        ImageKind::MaasImage => "a boot resource",
        ImageKind::Templated | ImageKind::Na | ImageKind::Unknown => "a reference",
    };
    let what = what.split_once(' ').map_or(what, |(_, rest)| rest);
    format!("{} {} {what}", article(provider), provider.title())
}

/// `a` or `an` before the provider's title.
fn article(provider: Provider) -> &'static str {
    match provider {
        Provider::Aws | Provider::Azure | Provider::Openstack | Provider::Edge => "an",
        Provider::Vsphere | Provider::Gcp | Provider::Maas => "a",
    }
}

// ---------------------------------------------------------------------------------
// Text helpers
// ---------------------------------------------------------------------------------

/// Whether `s` holds `{{`.
fn has_macro(s: &str) -> bool {
    find_pair(s, b'{').is_some()
}

/// Byte index of the first two `c` in a row (`//`, `--`, `{{`): found through the `c`
/// bytes, without the set-up a substring search makes.
pub(crate) fn find_pair(s: &str, c: u8) -> Option<usize> {
    let b = s.as_bytes();
    memchr::memchr_iter(c, b).find(|&i| b.get(i + 1) == Some(&c))
}

/// The first control character of `s` (`char::is_control`: U+0000–U+001F and
/// U+007F–U+009F) and where it is, read from the bytes: the C1 controls are the two
/// bytes `C2 80`–`C2 9F` in UTF-8.
fn first_control(s: &str) -> Option<(usize, char)> {
    let b = s.as_bytes();
    // Whether any byte may start one, without stopping early: a loop the compiler runs
    // many bytes at a time. Nearly every reference has none.
    if !b.iter().fold(false, |any, &c| {
        any | (c < 0x20) | (c == 0x7f) | (c == 0xc2)
    }) {
        return None;
    }
    let i = b.iter().enumerate().position(|(i, &c)| {
        c < 0x20
            || c == 0x7f
            || (c == 0xc2 && b.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)))
    })?;
    s[i..].chars().next().map(|c| (i, c))
}

/// `pieces` joined, in one allocation of the exact size (for the texts built on every
/// call, where `format!` costs more than the copy).
pub(crate) fn cat(pieces: &[&str]) -> String {
    let mut out = String::with_capacity(pieces.iter().map(|p| p.len()).sum());
    for p in pieces {
        out.push_str(p);
    }
    out
}

/// A piece of user input for a message: at most 64 characters, control characters
/// escaped, SAS signatures redacted.
pub(crate) fn show(s: &str) -> String {
    let s = redact_sas(s);
    let mut out = String::new();
    for (n, c) in s.chars().enumerate() {
        if n == 64 {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Like [`show`], for text that goes into a command to copy (at most 512 characters).
pub(crate) fn show_long(s: &str) -> String {
    let s = redact_sas(s);
    let mut out: String = s
        .chars()
        .take(512)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if s.chars().nth(512).is_some() {
        out.push('…');
    }
    out
}

/// Whether `s` spells `sig=` (any case) anywhere: found through its `=` signs, which
/// are few, rather than by comparing every window of four bytes.
fn has_sig_eq(s: &str) -> bool {
    let b = s.as_bytes();
    memchr::memchr_iter(b'=', b).any(|i| {
        i >= 3 && b[i - 3..i].eq_ignore_ascii_case(b"sig") || escaped_sig_name(b, i).is_some()
    })
}

/// When the name that ends at the `=` at `j` is `sig` written with `%`-escapes (`%73ig`,
/// `si%67`: the service decodes them), where it starts.
fn escaped_sig_name(b: &[u8], j: usize) -> Option<usize> {
    let from = j.saturating_sub(9);
    let start = b[from..j]
        .iter()
        .rposition(|&c| !(c.is_ascii_alphanumeric() || c == b'%'))
        .map_or(from, |k| from + k + 1);
    (b[start..j].contains(&b'%') && crate::secrets::is_escaped_sig(&b[start..j])).then_some(start)
}

/// Whether `s` starts with `prefix`, ASCII case-insensitively (no lowercase copy).
pub(crate) fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.as_bytes()
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// Replace the value of every `sig=` query parameter (ASCII case-insensitive name) by `***`.
pub(crate) fn redact_sas(s: &str) -> std::borrow::Cow<'_, str> {
    if !has_sig_eq(s) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(value_start) = find_sig(rest) {
        out.push_str(&rest[..value_start]);
        let value_end =
            find_byte(&rest[value_start..], b"&#").map_or(rest.len(), |n| value_start + n);
        out.push_str("***");
        rest = &rest[value_end..];
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// Byte index of the value of the next `sig=` that starts a query parameter (after `?`,
/// `&` or `;`, or at the start of the text; the name may be `%`-escaped).
fn find_sig(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    memchr::memchr_iter(b'=', b).find_map(|j| {
        let i = j
            .checked_sub(3)
            .filter(|&i| b[i..j].eq_ignore_ascii_case(b"sig"))
            .or_else(|| escaped_sig_name(b, j))?;
        (i == 0 || matches!(b[i - 1], b'?' | b'&' | b';')).then_some(j + 1)
    })
}

/// The SAS signature values in a reference (raw, then percent-decoded when that differs)
/// at least `min_len` bytes long (and never under 6), in order, without copying the
/// shorter ones (a decoded value is never longer than its raw one, and a value without
/// `%` decodes to itself).
fn sas_secrets_at_least(reference: &str, min_len: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = reference;
    while let Some(start) = find_sig(rest) {
        let end = find_byte(&rest[start..], b"&#").map_or(rest.len(), |n| start + n);
        let v = rest[start..end].trim();
        if v.len() >= min_len.max(6) {
            out.push(v.to_owned());
            if memchr::memchr(b'%', v.as_bytes()).is_some() {
                let decoded = percent_decode(v);
                if decoded != v && decoded.len() >= min_len {
                    out.push(decoded);
                }
            }
        }
        rest = &rest[end..];
    }
    out
}

/// Decode `%XX` escapes (invalid escapes and non-UTF-8 results are kept as written).
pub(crate) fn percent_decode(s: &str) -> String {
    let mut decoded = Vec::with_capacity(s.len());
    decoded.extend(crate::secrets::percent_decoded(s.as_bytes()));
    String::from_utf8(decoded).unwrap_or_else(|_| s.to_owned())
}

/// The shortest SAS signature value masked wherever it appears in the report.
const SECRET_MIN_LEN: usize = 8;

/// Last line of defence: no secret of the reference in any output string.
fn scrub_report(report: &mut ImageReport, reference: &str) {
    // Nothing in the report can hold a signature the reference does not spell: without
    // `sig` (any case) and without a `%` escape that could decode to it, there is none.
    if !may_hold_signature(reference) {
        return;
    }
    // Secrets shorter than `redact_secret`'s minimum are never searched for (nor copied).
    let secrets = sas_secrets_at_least(reference, SECRET_MIN_LEN);
    // Strings are rewritten only when they change (most hold no signature).
    let clean = |s: &mut String| {
        if let std::borrow::Cow::Owned(t) = redact_sas(s) {
            *s = t;
        }
        for secret in &secrets {
            crate::diagnostic::redact_secret(s, secret, SECRET_MIN_LEN);
        }
    };
    // The normalised reference is the reference rewritten part by part, with every `sig`
    // value already masked where it stands; masking pieces of a signature elsewhere would
    // only hide the reference's own text (and make normalising it again differ).
    if let Some(n) = report.normalized.as_mut() {
        if let std::borrow::Cow::Owned(t) = redact_sas(n) {
            *n = t;
        }
    }
    for v in report.parts.values_mut() {
        clean(v);
    }
    for d in &mut report.diagnostics {
        clean(&mut d.message);
        if let Some(h) = d.help.as_mut() {
            clean(h);
        }
    }
}

/// Last line of defence for the password of a URL's user information
/// (`scheme://user:pw@host`): no output string spells it between `:` and `@`, nor, when
/// it is long enough not to stand for other text by chance, anywhere.
fn scrub_url_passwords(report: &mut ImageReport, reference: &str) {
    // A password needs an `@` and a `://`; most references have neither.
    let b = reference.as_bytes();
    if memchr::memchr(b'@', b).is_none() || memchr::memmem::find(b, b"://").is_none() {
        return;
    }
    let passwords: Vec<&str> = crate::secrets::url_passwords(reference)
        .map(|r| &reference[r])
        .collect();
    if passwords.is_empty() {
        return;
    }
    let clean = |s: &mut String| {
        for pw in &passwords {
            let written = cat(&[":", pw, "@"]);
            if s.contains(&written) {
                *s = s.replace(&written, ":***@");
            }
            crate::diagnostic::redact_secret(s, pw, SECRET_MIN_LEN);
        }
    };
    for s in report
        .normalized
        .iter_mut()
        .chain(report.parts.values_mut())
    {
        clean(s);
    }
    for d in &mut report.diagnostics {
        clean(&mut d.message);
        if let Some(h) = d.help.as_mut() {
            clean(h);
        }
    }
}

/// Whether `reference` holds a `%` escape or spells `sig` (any case): found through its
/// `g` and `G` bytes (few in a reference) rather than by comparing every window.
fn may_hold_signature(reference: &str) -> bool {
    let b = reference.as_bytes();
    memchr::memchr(b'%', b).is_some()
        || memchr::memchr2_iter(b'g', b'G', b)
            .any(|i| i >= 2 && b[i - 2..i].eq_ignore_ascii_case(b"si"))
}

/// Byte index of the first byte of `s` in `set` (ASCII bytes: a char boundary), without
/// decoding characters as a `char` pattern does.
pub(crate) fn find_byte(s: &str, set: &[u8]) -> Option<usize> {
    s.bytes().position(|b| set.contains(&b))
}

/// Whether `s` is non-empty and every byte satisfies `f`.
pub(crate) fn all_bytes(s: &str, f: impl Fn(u8) -> bool) -> bool {
    !s.is_empty() && s.bytes().all(f)
}

pub(crate) fn is_lower_hex(b: u8) -> bool {
    b.is_ascii_digit() || (b'a'..=b'f').contains(&b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_names() {
        for p in Provider::ALL {
            assert_eq!(p.as_str().parse::<Provider>(), Ok(p));
            assert_eq!(
                serde_json::to_string(&p).expect("test input is valid"),
                format!("\"{p}\"")
            );
        }
        assert_eq!("VSphere".parse::<Provider>(), Ok(Provider::Vsphere));
        assert!("nutanix".parse::<Provider>().is_err());
    }

    #[test]
    fn kind_strings_match_serde() {
        let all = [
            ImageKind::Ami,
            ImageKind::AmiArn,
            ImageKind::AmiName,
            ImageKind::ImagebuilderArn,
            ImageKind::SsmParameter,
            ImageKind::VhdUrl,
            ImageKind::GalleryImage,
            ImageKind::ManagedImage,
            ImageKind::MarketplaceUrn,
            ImageKind::VsphereTemplate,
            ImageKind::Oci,
            ImageKind::GcpImage,
            ImageKind::GcpFamily,
            ImageKind::OpenstackId,
            ImageKind::OpenstackName,
            ImageKind::MaasImage,
            ImageKind::Templated,
            ImageKind::Na,
            ImageKind::Unknown,
        ];
        for k in all {
            assert_eq!(
                serde_json::to_string(&k).expect("test input is valid"),
                format!("\"{}\"", k.as_str())
            );
        }
    }

    #[test]
    fn redaction() {
        assert_eq!(
            redact_sas("https://a/b.vhd?sv=1&sig=abc%2Bdef&se=2"),
            "https://a/b.vhd?sv=1&***&se=2".replace("&***", "&sig=***")
        );
        assert_eq!(redact_sas("x?SIG=zz"), "x?SIG=***");
        assert_eq!(redact_sas("design=1"), "design=1");
        assert_eq!(redact_sas("x?a=1&%73ig=zz&b=2"), "x?a=1&%73ig=***&b=2");
        assert_eq!(redact_sas("x?si%67=zz"), "x?si%67=***");
        assert_eq!(redact_sas("x?si%6=zz"), "x?si%6=zz");
        assert_eq!(
            sas_secrets_at_least("u?sig=abcdef%2B&x=1", 0),
            vec!["abcdef%2B".to_owned(), "abcdef+".to_owned()]
        );
        assert_eq!(
            sas_secrets_at_least("u?sig=abcdef%2B&x=1&sig=abcdefghij", 8),
            vec!["abcdef%2B".to_owned(), "abcdefghij".to_owned()]
        );
        assert_eq!(show("a\nb"), "a\\nb");
        assert_eq!(percent_decode("%2f%zz%"), "/%zz%");
    }

    #[test]
    fn never_panics_on_odd_input() {
        let odd = [
            "",
            " ",
            "\u{0}",
            "é",
            "😀/😀:😀@😀",
            "[",
            "]",
            "@",
            ":",
            "/",
            "//",
            "a@",
            "a:",
            "%",
            "%%",
            "?sig=",
            "https://",
            "arn:",
            "ami-",
        ];
        for p in Provider::ALL {
            for s in odd {
                let r = check_image(p, s, &ImageOptions::default());
                for d in &r.diagnostics {
                    assert!(d.span.end <= s.len());
                }
            }
        }
    }

    #[test]
    fn infer() {
        assert_eq!(infer_provider("ami-0f4804aff4cf9c5a2"), Some(Provider::Aws));
        assert_eq!(
            infer_provider("https://docs.blob.core.windows.net/vhds/ubuntu20-1243.vhd"),
            Some(Provider::Azure)
        );
        assert_eq!(
            infer_provider("/Datacenter/vm/sp-docs/rhel-8-kube-v1.30.5"),
            Some(Provider::Vsphere)
        );
        assert_eq!(
            infer_provider("projects/ubuntu-os-cloud/global/images/family/ubuntu-2204-lts"),
            Some(Provider::Gcp)
        );
        assert_eq!(
            infer_provider("0f8e3a6c-1b2d-4c5e-8f90-a1b2c3d4e5f6"),
            Some(Provider::Openstack)
        );
        assert_eq!(infer_provider("NA"), Some(Provider::Edge));
        assert_eq!(
            infer_provider("ttl.sh/ubuntu:k3s-1.25.2-v3.3.3-jb"),
            Some(Provider::Edge)
        );
        assert_eq!(infer_provider("ubuntu/jammy"), None);
        assert_eq!(infer_provider("{{ .spectro.var.image }}"), None);
    }
}
