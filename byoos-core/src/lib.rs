//! # byoos-core
//!
//! Check and render Spectro Cloud Palette "Bring Your Own OS" (BYOOS) pack values
//! offline, before a cluster profile reaches Palette.
//!
//! The data flow is one line: text → [`Document`] (nodes with spans) → pack model →
//! rules → [`Diagnostic`]s → formatters ([`report`]). Palette macros are
//! resolved by [`template`] ([`render`], [`render_profile`]); the operations are in
//! [`ops`], each re-exported here.
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
pub mod config;
pub mod diagnostic;
mod diff;
mod edit;
pub mod failure;
mod fix;
mod gofloat;
pub mod host;
pub mod image;
mod imageconfig;
pub mod limits;
pub mod model;
pub mod ops;
pub mod options;
mod pack;
mod packer;
mod profile;
pub mod report;
mod schema;
pub mod secrets;
pub mod source;
mod suggest;
mod suppress;
pub mod template;
pub mod yaml;

pub use codes::{Code, Severity};
pub use config::{Config, Selector, Settings};
pub use diagnostic::{Diagnostic, Edit, Fix, Path, Segment, Span};
pub use diff::{diff, diff_modules, diff_with, Change, Diff, FileDiagnostics, Impact, ModuleDiff};
pub use edit::Edited;
pub use failure::{Failure, FailureKind};
pub use fix::{fix, FixOutcome};
pub use host::HostDiagnostic;
pub use image::{check_image, infer_provider, ImageKind, ImageOptions, ImageReport, Provider};
pub use imageconfig::{ImageConfigOptions, ImageConfigResult};
pub use limits::Limits;
pub use model::PackValues;
pub use ops::{
    from_image_config, from_packer_manifest, json_schema, load, render, render_module,
    render_profile, render_profile_with, set_values, to_terraform, validate, validate_with, Pack,
    PackReport, Report,
};
pub use options::{Options, TerraformOptions};
pub use pack::PackKind;
pub use packer::{PackerOptions, PackerResult};
pub use profile::{InputKind, ReadFile};
pub use source::{Encoding, LineIndex};
pub use template::{Context, Diagnostics, Rendered, RenderedPack, RenderedProfile};
pub use yaml::Document;

/// Entry points into the engine for fuzzing, behind the `unstable-internals` feature:
/// no stability promise, not part of the API.
#[cfg(feature = "unstable-internals")]
#[doc(hidden)]
pub mod internals {
    /// Split a scalar value into text and Palette actions (the macro lexer and parser
    /// alone). Never fails.
    pub fn scan_macros(value: &str) {
        let _ = crate::template::parse::scan(value);
    }
}

/// The version of this library.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The README's Rust examples, run as doctests.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
