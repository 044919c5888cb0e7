//! `from_packer_manifest`: a Packer manifest (`packer-manifest.json`, the manifest
//! post-processor's output) → `generic-byoi` values.
//!
//! The manifest accumulates one entry per build and run; the builds of the run named by
//! `last_run_uuid` (or the `run` option) are used. Diagnostics point into the JSON text,
//! with JSON paths such as `["builds", 2, "artifact_id"]`.
//!
//! [`manifest`] reads the JSON text through [`Document`](crate::Document) (spans and
//! budgets as for any document) and picks the build; [`convert`] maps that build to
//! values per builder type; this module checks the values as `validate` would.

mod convert;
mod manifest;

use crate::codes::Code;
use crate::diagnostic::Finding;
use crate::diagnostic::{self, Diagnostic, Path, Segment, Severity, Span};
use crate::image::{redact_sas, Provider};
use crate::source::LineIndex;
use serde::{Deserialize, Serialize};
use std::ops::Range;

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

    /// The region option, when it says something.
    fn region(&self) -> Option<String> {
        self.region.clone().filter(|r| !r.trim().is_empty())
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
    let mut px = Px {
        text: manifest_json,
        index: LineIndex::new(manifest_json),
        diags: Vec::new(),
        validate,
    };
    let text = values_of(&mut px, options);
    let mut diagnostics = px.diags;
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

/// Read the manifest, convert its build, and check the values it gives.
fn values_of(px: &mut Px<'_>, options: &PackerOptions) -> Option<String> {
    let yaml_text = manifest::yaml_text(px)?;
    let doc = manifest::document(px, &yaml_text)?;
    let manifest = manifest::Manifest::new(&doc, px.text);
    let build = manifest.build(px, options)?;
    let values = convert::convert(px, &build, options)?;
    if !diagnostic::has_errors(&px.diags) {
        check_values(px, &values, options);
    }
    Some(values.text)
}

/// The diagnostics of one conversion, with spans into the manifest's text.
struct Px<'a> {
    text: &'a str,
    index: LineIndex,
    diags: Vec<Diagnostic>,
    validate: Validate<'a>,
}

impl Px<'_> {
    /// A diagnostic at bytes `range` of the manifest.
    fn diag(
        &self,
        code: Code,
        path: &Path,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        self.place(Finding::new(code, range, message), path)
    }

    /// The diagnostic `finding` (at bytes of the manifest) is at `path`.
    fn place(&self, finding: Finding, path: &Path) -> Diagnostic {
        let span = Span::new(self.text, &self.index, finding.at.start, finding.at.end);
        finding.place(path.clone(), span)
    }

    /// Add a finding at bytes of the manifest.
    fn push(&mut self, path: &Path, finding: Finding) {
        let d = self.place(finding, path);
        self.diags.push(d);
    }
}

/// A manifest path and the byte range of its value.
#[derive(Clone, Debug)]
struct At {
    path: Path,
    range: Range<usize>,
}

/// The values a build gives, the provider they are for, and where their keys came from.
struct Values {
    text: String,
    provider: Provider,
    image: At,
    os: At,
    build: At,
}

/// Check the values as `validate` would: any error it finds is an error of the
/// conversion, at the part of the manifest the key came from.
fn check_values(px: &mut Px<'_>, values: &Values, options: &PackerOptions) {
    let found = (px.validate)(&values.text, values.provider, options.region());
    for d in found.iter().filter(|d| d.is_error()) {
        let at = match d.path.0.get(1) {
            Some(Segment::Key(k)) if k == "osImageOverride" => &values.image,
            Some(Segment::Key(k)) if k == "osName" || k == "osVersion" => &values.os,
            _ => &values.build,
        };
        let mut nd = px
            .diag(
                d.code,
                &at.path,
                at.range.clone(),
                format!("the values would fail `validate`: {}", d.message),
            )
            .with_severity(Severity::Error);
        nd.help.clone_from(&d.help);
        px.diags.push(nd);
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

    /// Strings YAML cannot hold as JSON writes them (a surrogate pair escape, U+FFFE,
    /// a C1 control, a tab between tokens) are read as JSON reads them, at the same spans.
    #[test]
    fn json_that_yaml_reads_otherwise() {
        let m = "{\"builds\": [{\"name\": \"b\u{80}\",\t\"builder_type\": \"openstack\", \"packer_run_uuid\": \"r\",\n \"artifact_id\": \"img\u{fffe}\\ud83d\\ude00\", \"custom_data\": {\"os_name\": \"\\ud83d\\ude00 x\"}}], \"last_run_uuid\": \"r\"}";
        let r =
            crate::from_packer_manifest(m, &PackerOptions::default().with_os("ubuntu", "22.04"));
        assert_eq!(
            r.text.as_deref(),
            Some("pack:\n  osImageOverride: \"img\\uFFFE\u{1f600}\"\n  osName: \"ubuntu\"\n  osVersion: \"22.04\"\n"),
            "{:?}",
            r.diagnostics
        );
        let r = crate::from_packer_manifest(m, &PackerOptions::default());
        let d = r
            .diagnostics
            .iter()
            .find(|d| d.message.contains("\u{1f600} x"))
            .expect("the name is decoded as JSON decodes it");
        assert_eq!(d.path.to_string(), "builds/0/custom_data");
        assert_eq!(&m[d.span.range()], "{\"os_name\": \"\\ud83d\\ude00 x\"}");
        assert_eq!((d.span.line, d.span.column), (2, 52));
    }

    /// A key given twice: the last one is read (as serde_json and Go read it), and a
    /// finding points at it.
    #[test]
    fn duplicate_keys_the_last_wins() {
        let m = r#"{"builds": [{"builder_type": "qemu", "builder_type": "amazon-ebs", "artifact_id": "x", "packer_run_uuid": "r"}], "last_run_uuid": "r"}"#;
        let r = crate::from_packer_manifest(m, &PackerOptions::default());
        let d = &r.diagnostics[0];
        assert_eq!(d.path.to_string(), "builds/0/artifact_id");
        assert_eq!(&m[d.span.range()], "x");
        assert!(d.message.contains("region:ami-id"), "{d:?}");
    }

    /// Nesting past serde_json's depth is invalid JSON, before any document is built.
    #[test]
    fn deep_nesting_is_refused_as_json() {
        let m = format!("{{\"builds\": {}{}}}", "[".repeat(300), "]".repeat(300));
        let r = crate::from_packer_manifest(&m, &PackerOptions::default());
        assert_eq!(r.diagnostics.len(), 1);
        assert_eq!(r.diagnostics[0].code, Code::ImagePackerManifest);
        assert!(r.diagnostics[0].message.contains("recursion limit"));
    }

    /// Past the node budget of any document: `limit/nodes`, not a crash.
    #[test]
    fn node_budget() {
        let m = format!("{{\"builds\": [{}0]}}", "0,".repeat(200_000));
        let r = crate::from_packer_manifest(&m, &PackerOptions::default());
        assert_eq!(r.diagnostics.len(), 1);
        assert_eq!(r.diagnostics[0].code, Code::LimitNodes);
        assert!(r.text.is_none());
    }

    /// A value's span ends at its closing bracket, not after the spaces that follow it.
    #[test]
    fn spans_end_at_the_bracket() {
        for (m, want) in [
            ("{\"builds\": 553}    ", "{\"builds\": 553}"),
            ("{\n\"builds\": [\n ] \n}\n", "[\n ]"),
            ("{\"builds\": [{\"name\": \"x\"}  ]}", "{\"name\": \"x\"}"),
        ] {
            let r = crate::from_packer_manifest(m, &PackerOptions::default());
            assert_eq!(&m[r.diagnostics[0].span.range()], want, "{m:?}");
        }
    }
}
