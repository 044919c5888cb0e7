//! # byoos-core
//!
//! Check and render Spectro Cloud Palette "Bring Your Own OS" (BYOOS) pack values
//! offline, before a cluster profile reaches Palette.
//!
//! The data flow is one line: text → [`Document`] (nodes with spans) → pack model →
//! rules → [`Diagnostic`]s → renderers ([`mod@render`]). Palette macros are
//! resolved by [`template`] ([`render()`], [`render_profile`]).
//!
//! Provider image references (AMI ids, Azure VHD URLs, vSphere template paths, OCI
//! references, …) are checked by [`check_image`]; [`from_packer_manifest`] turns a Packer
//! manifest into `generic-byoi` values. See [`image`].
//!
//! ```
//! use byoos_core::{validate, Options, Provider};
//!
//! let source = "pack:\n  osImageOverride: \"ami-0f4804aff4cf9c5a2\"\n  osName: rhel\n  osVersion: 8.10\n";
//! let report = validate(source, &Options::default().with_provider(Provider::Aws));
//! assert!(!report.ok);
//! assert_eq!(report.diagnostics.len(), 1);
//! let d = &report.diagnostics[0];
//! assert_eq!(d.code.as_str(), "yaml/implicit-type");
//! assert_eq!(d.path.to_string(), "pack/osVersion");
//! assert_eq!(&source[d.span.start..d.span.end], "8.10");
//! assert_eq!((d.span.line, d.span.column), (4, 14));
//! ```
#![deny(missing_docs)]

pub mod codes;
pub mod diagnostic;
pub mod edit;
pub mod failure;
pub mod host;
pub mod image;
pub mod limits;
pub mod model;
pub mod pack;
pub mod render;
pub mod schema;
pub mod secrets;
pub mod source;
mod suggest;
pub mod template;
pub mod yaml;

pub use codes::Code;
pub use diagnostic::{Diagnostic, Path, Segment, Severity, Span};
pub use edit::{set_values, Edited};
pub use failure::{Failure, FailureKind};
pub use host::HostDiagnostic;
pub use image::{
    check_image, from_packer_manifest, infer_provider, ImageKind, ImageOptions, ImageReport,
    PackerOptions, PackerResult, Provider,
};
pub use limits::Limits;
pub use model::PackValues;
pub use pack::PackKind;
pub use schema::json_schema;
pub use source::{Encoding, LineIndex};
pub use template::{
    render, render_profile, Context, Diagnostics, Rendered, RenderedPack, RenderedProfile,
};
pub use yaml::Document;

use serde::{Deserialize, Serialize};

/// Options shared by the operations. All are optional.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct Options {
    /// The pack kind; detected from the document when not given.
    pub pack: Option<PackKind>,
    /// The name this document has, for self references (default: its kind).
    pub pack_name: Option<String>,
    /// File name used in messages and excerpts.
    pub file_name: Option<String>,
    /// Resource budgets.
    pub limits: Limits,
    /// Values for macros: with it, `validate` renders and checks the rendered values too.
    pub context: Option<Context>,
    /// Rendering: a missing reference is an error instead of Palette's empty string and
    /// a warning.
    pub strict: bool,
    /// The cloud provider whose image `generic-byoi`'s `osImageOverride` names; inferred
    /// from the reference when unambiguous.
    pub provider: Option<Provider>,
    /// The cluster's AWS region: AMI ARNs must be in it.
    pub region: Option<String>,
    /// [`set_values`]: add keys the pack's shape does not know, on purpose (without it
    /// such a path, usually a typo, is a `yaml/edit-unknown-key` error).
    pub create: bool,
}

impl Options {
    /// Options with a pack kind.
    #[must_use]
    pub fn with_pack(mut self, pack: PackKind) -> Self {
        self.pack = Some(pack);
        self
    }

    /// Options with a provider for `osImageOverride`.
    #[must_use]
    pub fn with_provider(mut self, provider: Provider) -> Self {
        self.provider = Some(provider);
        self
    }

    /// Options with the cluster's region.
    #[must_use]
    pub fn with_region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Options for [`set_values`] that may add keys the pack's shape does not know.
    #[must_use]
    pub fn with_create(mut self) -> Self {
        self.create = true;
        self
    }

    /// Options with a file name for messages.
    #[must_use]
    pub fn with_file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }
}

/// The result of [`validate`]: `ok` is true when no diagnostic is an error.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Report {
    /// No diagnostic has severity `error`.
    pub ok: bool,
    /// The pack kind checked against (given or detected); `None` when unknown.
    pub pack: Option<PackKind>,
    /// Every finding, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// The source's line index, for [`Report::host_diagnostics`].
    #[serde(skip)]
    lines: host::Lines,
}

impl Report {
    /// The diagnostics in `encoding` units of `source` (the text given to [`validate`]),
    /// projected with the line index the parse built.
    #[must_use]
    pub fn host_diagnostics(&self, source: &str, encoding: Encoding) -> Vec<HostDiagnostic<'_>> {
        host::Projection::with_lines(source, &self.lines, encoding).all(&self.diagnostics)
    }
}

/// Check one pack's values. Never fails: every problem with the input is a diagnostic.
#[must_use]
pub fn validate(source: &str, options: &Options) -> Report {
    let mut diagnostics = Vec::new();
    let doc = Document::parse(source, &options.limits, &mut diagnostics);
    let lines = host::Lines::keep(source, doc.line_index());
    let pack = if diagnostic::has_errors(&diagnostics) {
        options.pack
    } else {
        pack::check(&doc, options.pack, options, &mut diagnostics)
    };
    if doc.root().is_some() {
        template::check(doc, pack, options, &mut diagnostics);
    }
    let ok = !diagnostic::has_errors(&diagnostics);
    diagnostic::sort_and_cap(&mut diagnostics, &options.limits);
    secrets::redact(source, &mut diagnostics);
    Report {
        ok,
        pack,
        diagnostics,
        lines,
    }
}

/// A pack whose values passed the checks: its kind, its typed values, and the
/// warnings and infos found on the way.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Pack {
    /// The pack kind (given or detected).
    pub kind: PackKind,
    /// The typed values.
    pub values: PackValues,
    /// Non-error diagnostics.
    pub diagnostics: Vec<Diagnostic>,
}

/// Check one pack's values and build its typed model.
///
/// # Errors
/// Every diagnostic when any is an error: [`FailureKind::Parse`] when the text is not
/// YAML, [`FailureKind::Input`] when it breaks a rule (or the kind cannot be told).
pub fn load(source: &str, options: &Options) -> Result<Pack, Failure> {
    let mut diagnostics = Vec::new();
    let doc = Document::parse(source, &options.limits, &mut diagnostics);
    let failed = if diagnostic::has_errors(&diagnostics) {
        FailureKind::Parse
    } else {
        FailureKind::Input
    };
    let kind = if failed == FailureKind::Parse {
        None
    } else {
        pack::check(&doc, options.pack, options, &mut diagnostics)
    };
    diagnostic::sort_and_cap(&mut diagnostics, &options.limits);
    secrets::redact(source, &mut diagnostics);
    let Some(kind) = kind.filter(|_| !diagnostic::has_errors(&diagnostics)) else {
        return Err(Failure::new(failed, diagnostics));
    };
    match PackValues::from_document(&doc, kind) {
        Ok(values) => Ok(Pack {
            kind,
            values,
            diagnostics,
        }),
        Err(d) => {
            diagnostics.push(*d);
            Err(Failure::new(FailureKind::Input, diagnostics))
        }
    }
}

/// Options of [`to_terraform`].
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct TerraformOptions {
    /// The pack kind; detected from the document when not given.
    pub pack: Option<PackKind>,
    /// Pack version for `spectrocloud_pack_simple`, e.g. `1.0.0` or `2.1.0`: required.
    /// The provider matches it exactly against the registry's versions, which differ by
    /// registry (docs show `1.0.0`, Palette's Edge page lists `2.1.x`), so byoos cannot
    /// pick one; an `x` wildcard matches nothing there.
    pub version: Option<String>,
    /// Registry name for `spectrocloud_registry` (default `Public Repo`).
    pub registry: Option<String>,
    /// Resource budgets.
    pub limits: Limits,
}

impl TerraformOptions {
    /// Options with the pack version (`1.0.0`, `2.1.0`), which [`to_terraform`] requires.
    #[must_use]
    pub fn with_version(mut self, version: impl Into<String>) -> Self {
        self.version = Some(version.into());
        self
    }
}

/// Terraform HCL for the spectrocloud provider: `data "spectrocloud_registry"`,
/// `data "spectrocloud_pack_simple"` and a cluster-profile `pack {}` block with the
/// values as a heredoc (`${` and `%{` escaped). Fails when the text is not YAML, the
/// pack kind cannot be told, or the pack version is not given (`terraform/pack-version`:
/// no default is made up, see [`TerraformOptions::version`]).
///
/// # Errors
/// The diagnostics of every reason, spans into `source`: [`FailureKind::Parse`] when the
/// text is not YAML, else [`FailureKind::Input`].
pub fn to_terraform(source: &str, options: &TerraformOptions) -> Result<String, Failure> {
    let mut diagnostics = Vec::new();
    let doc = Document::parse(source, &options.limits, &mut diagnostics);
    if diagnostic::has_errors(&diagnostics) {
        return Err(Failure::new(FailureKind::Parse, diagnostics));
    }
    let kind = options.pack.or_else(|| doc.root().and_then(pack::detect));
    if kind.is_none() {
        diagnostics.push(
            Diagnostic::new(
                Code::PackUnknownKind,
                "cannot tell which BYOOS pack these values are for",
                Path::root(),
                doc.span(0..0),
            )
            .with_help("pass the pack kind (`--pack edge-native-byoi` or `--pack generic-byoi`)"),
        );
    }
    let version = terraform_version(options.version.as_deref(), &doc, &mut diagnostics);
    match (kind, version) {
        (Some(kind), Some(version)) if !diagnostic::has_errors(&diagnostics) => {
            Ok(render::to_terraform_text(
                kind,
                source,
                version,
                options.registry.as_deref().unwrap_or("Public Repo"),
            ))
        }
        _ => Err(Failure::new(FailureKind::Input, diagnostics)),
    }
}

/// The pack version `spectrocloud_pack_simple` is to match exactly: given, and no
/// `x` wildcard. Otherwise a `terraform/pack-version` error.
fn terraform_version<'v>(
    version: Option<&'v str>,
    doc: &Document<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<&'v str> {
    let v = version.map(str::trim).filter(|v| !v.is_empty());
    let problem = match v {
        None => "the pack version is required: `spectrocloud_pack_simple` matches it exactly, and the versions differ by registry".to_owned(),
        Some(v) if v.split('.').any(|p| p.eq_ignore_ascii_case("x")) => format!(
            "`{}` is a wildcard tag; `spectrocloud_pack_simple` matches exact versions only",
            v.escape_debug()
        ),
        Some(v) => return Some(v),
    };
    diagnostics.push(
        Diagnostic::new(Code::TerraformPackVersion, problem, Path::root(), doc.span(0..0))
            .with_help("pass the version the registry lists for the pack (`--version 1.0.0`, option `version`), e.g. from the profile's OS layer in Palette"),
    );
    None
}

/// The version of this library.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The README's Rust examples, run as doctests.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
