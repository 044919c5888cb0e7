//! The JavaScript shapes (camelCase) and their conversions. Pure Rust, no `JsValue`,
//! so `cargo test --workspace` covers it on the host.

use byoos_core::host::camel_case_all;
use byoos_core::{
    Context, Encoding, Failure, FailureKind, HostDiagnostic, ImageConfigOptions, ImageKind,
    ImageOptions, Limits, Options, PackKind, PackerOptions, Provider, TerraformOptions,
};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Options as JavaScript passes them (all optional).
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct JsOptions {
    /// `edge-native-byoi` or `generic-byoi`.
    pub pack: Option<PackKind>,
    /// The cloud provider `osImageOverride` names.
    pub provider: Option<Provider>,
    /// The cluster's AWS region.
    pub region: Option<String>,
    /// Values for macros (the contract's Context shape, keys as in Palette).
    pub context: Option<Context>,
    /// A missing reference is an error instead of an empty string and a warning.
    pub strict: Option<bool>,
    /// The name this document has, for self references.
    pub pack_name: Option<String>,
    /// File name used in messages.
    pub file_name: Option<String>,
    /// Resource budgets.
    pub limits: Option<JsLimits>,
    /// `setValues`: add keys the pack's shape does not know, on purpose.
    pub create: Option<bool>,
    /// `values`, `profile` or `terraform`; told from the text when omitted.
    pub input: Option<byoos_core::InputKind>,
    /// Texts of the files a Terraform input names (`file("…")`), by the path as written.
    pub files: Option<BTreeMap<String, String>>,
    /// Settings as in `byoos.toml` (keys as written there: `extend-ignore`, `[[overrides]]`
    /// as `overrides: [{files, …}]`); `validate` applies them.
    pub config: Option<byoos_core::Config>,
}

/// Resource budgets; a missing one keeps its default.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct JsLimits {
    /// Largest accepted input, in bytes.
    pub max_input_bytes: Option<usize>,
    /// Deepest accepted nesting.
    pub max_depth: Option<usize>,
    /// Most YAML nodes in one input.
    pub max_nodes: Option<usize>,
    /// Most nodes visited while expanding aliases.
    pub max_alias_expansion: Option<usize>,
    /// Longest chain of macro references resolved through other values.
    pub max_reference_depth: Option<usize>,
    /// Most macro and function evaluations in one render.
    pub max_expansions: Option<usize>,
    /// Largest rendered output, in bytes.
    pub max_output_bytes: Option<usize>,
    /// Largest single rendered value, in bytes.
    pub max_value_bytes: Option<usize>,
    /// Most diagnostics in one report.
    pub max_diagnostics: Option<usize>,
    /// Most bytes of messages, hints and paths in one report.
    pub max_report_bytes: Option<usize>,
    /// Most work in one operation (bytes handled by macros and functions, regex matching).
    pub max_work: Option<usize>,
}

impl From<JsOptions> for Options {
    fn from(js: JsOptions) -> Options {
        let mut options = Options::default();
        options.pack = js.pack;
        options.provider = js.provider;
        options.region = js.region;
        options.context = js.context;
        options.strict = js.strict.unwrap_or(false);
        options.pack_name = js.pack_name;
        options.file_name = js.file_name;
        options.limits = limits(js.limits);
        options.create = js.create.unwrap_or(false);
        options.input = js.input;
        options.files = js.files.unwrap_or_default();
        options.config = js.config;
        options
    }
}

fn limits(js: Option<JsLimits>) -> Limits {
    let mut limits = Limits::default();
    if let Some(l) = js {
        limits.max_input_bytes = l.max_input_bytes.unwrap_or(limits.max_input_bytes);
        limits.max_depth = l.max_depth.unwrap_or(limits.max_depth);
        limits.max_nodes = l.max_nodes.unwrap_or(limits.max_nodes);
        limits.max_alias_expansion = l.max_alias_expansion.unwrap_or(limits.max_alias_expansion);
        limits.max_reference_depth = l.max_reference_depth.unwrap_or(limits.max_reference_depth);
        limits.max_expansions = l.max_expansions.unwrap_or(limits.max_expansions);
        limits.max_output_bytes = l.max_output_bytes.unwrap_or(limits.max_output_bytes);
        limits.max_value_bytes = l.max_value_bytes.unwrap_or(limits.max_value_bytes);
        limits.max_diagnostics = l.max_diagnostics.unwrap_or(limits.max_diagnostics);
        limits.max_report_bytes = l.max_report_bytes.unwrap_or(limits.max_report_bytes);
        limits.max_work = l.max_work.unwrap_or(limits.max_work);
    }
    limits
}

/// Options of `checkImage`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct JsImageOptions {
    /// The cluster's AWS region.
    pub region: Option<String>,
}

/// Options of `fromPackerManifest`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct JsPackerOptions {
    /// The AWS region of the cluster.
    pub region: Option<String>,
    /// `last` (default) or a `packer_run_uuid`.
    pub run: Option<String>,
    /// The build of the run, by name.
    pub build: Option<String>,
    /// `osName` to write.
    pub os_name: Option<String>,
    /// `osVersion` to write.
    pub os_version: Option<String>,
    /// vSphere inventory folder of the template.
    pub folder: Option<String>,
}

/// Options of `fromImageConfig`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct JsImageConfigOptions {
    /// The vSphere template's name, when it is not the OVA's.
    pub template: Option<String>,
    /// The file names of the build's output folder.
    pub output_files: Option<Vec<String>>,
}

/// Options of `toTerraform`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct JsTerraformOptions {
    /// The pack kind; detected when omitted.
    pub pack: Option<PackKind>,
    /// Pack version, required (`1.0.0`, `2.1.0`): matched exactly by the provider.
    pub version: Option<String>,
    /// Registry name (default `Public Repo`).
    pub registry: Option<String>,
    /// Resource budgets.
    pub limits: Option<JsLimits>,
}

/// Parse JSON text (what `JSON.stringify` makes of a JS object) as `T`.
///
/// # Errors
/// A message starting `invalid {what}: `.
pub fn parse_json<T: DeserializeOwned>(json: &str, what: &str) -> Result<T, String> {
    serde_json::from_str::<T>(json).map_err(|e| {
        // Never the value serde quotes: it may be a secret in the wrong place.
        let text = byoos_core::secrets::serde_message(&e.to_string());
        // serde_json appends " at line 1 column N" (of JSON we made): not useful here.
        let text = text
            .rsplit_once(" at line ")
            .map_or(text.as_str(), |(head, _)| head);
        format!("invalid {what}: {text}")
    })
}

/// Parse options given as JSON text (what `JSON.stringify` makes of the JS object).
///
/// # Errors
/// A message starting `invalid options: ` for unknown fields or wrong values.
pub fn parse_options(json: &str) -> Result<Options, String> {
    parse_json::<JsOptions>(json, "options").map(Options::from)
}

/// A diagnostic with UTF-16 offsets (`source.slice(d.start, d.end)` is the offending
/// text): the core's projection, serialised with camelCase names (`endLine`).
pub type Diagnostic = HostDiagnostic<'static>;

/// The result of `validate`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    /// No diagnostic (of the file or of any pack) has severity `error`.
    pub ok: bool,
    /// The pack kind checked against, or `null` (and for a profile).
    pub pack: Option<&'static str>,
    /// Every finding about the file, sorted by position.
    #[serde(serialize_with = "camel_case_all")]
    pub diagnostics: Vec<Diagnostic>,
    /// For a profile or Terraform: `profile` or `terraform` (absent for values).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<&'static str>,
    /// For a profile or Terraform: each pack checked, in profile order (absent for values).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub packs: Option<Vec<PackReport>>,
}

/// One pack of a profile as `validate` checked it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PackReport {
    /// The pack's name.
    pub name: String,
    /// Its BYOOS kind, or `null` for any other pack.
    pub kind: Option<&'static str>,
    /// No diagnostic of this pack is an error.
    pub ok: bool,
    /// The profile's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// The Terraform resource.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// Its layer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layer: Option<String>,
    /// The file (a key of `files`) the offsets point into; absent: the source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Findings in the pack's values: paths inside the values, offsets into the source
    /// (or `file`).
    #[serde(serialize_with = "camel_case_all")]
    pub diagnostics: Vec<Diagnostic>,
}

/// Core diagnostics about `source` with UTF-16 offsets.
#[must_use]
pub fn diagnostics(source: &str, diags: Vec<byoos_core::Diagnostic>) -> Vec<Diagnostic> {
    byoos_core::host::project_owned(source, diags, Encoding::Utf16)
}

/// Validate `source` and map the report.
#[must_use]
pub fn validate(source: &str, options: &Options) -> Report {
    let report = byoos_core::validate(source, options);
    let packs: Vec<PackReport> = report
        .packs
        .iter()
        .map(|p| PackReport {
            name: p.name.clone(),
            kind: p.kind.map(PackKind::as_str),
            ok: p.ok,
            profile: p.profile.clone(),
            resource: p.resource.clone(),
            layer: p.layer.clone(),
            file: p.file.clone(),
            diagnostics: report
                .pack_host_diagnostics(p, source, Encoding::Utf16)
                .into_iter()
                .map(HostDiagnostic::into_owned)
                .collect(),
        })
        .collect();
    let profile = report.input != byoos_core::InputKind::Values;
    Report {
        ok: report.ok,
        input: profile.then(|| report.input.as_str()),
        pack: report.pack.map(PackKind::as_str),
        packs: profile.then_some(packs),
        diagnostics: report
            .host_diagnostics(source, Encoding::Utf16)
            .into_iter()
            .map(HostDiagnostic::into_owned)
            .collect(),
    }
}

/// A failure of an operation: its kind, the message of its first error and every
/// diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fatal {
    /// What kind of failure.
    pub kind: FailureKind,
    /// One line, e.g. `error[yaml/syntax]: … at pack (3:1)`.
    pub message: String,
    /// The diagnostics, with UTF-16 offsets into the input.
    pub diagnostics: Vec<Diagnostic>,
}

fn fatal(source: &str, failure: Failure) -> Fatal {
    Fatal {
        kind: failure.kind,
        message: failure
            .first()
            .map_or_else(|| "byoos: failed".to_owned(), |d| format!("byoos: {d}")),
        diagnostics: diagnostics(source, failure.diagnostics),
    }
}

/// The result of `render`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rendered {
    /// No diagnostic is an error (every action was resolved).
    pub ok: bool,
    /// The rendered values.
    pub text: String,
    /// Warnings, infos and (without `strict`) errors about the source.
    #[serde(serialize_with = "camel_case_all")]
    pub diagnostics: Vec<Diagnostic>,
}

/// Render `source` with `context`.
///
/// # Errors
/// When the source cannot be rendered (the diagnostics say why).
pub fn render(source: &str, context: &Context, options: &Options) -> Result<Rendered, Fatal> {
    match byoos_core::render(source, context, options) {
        Ok(r) => Ok(Rendered {
            ok: r.ok,
            diagnostics: diagnostics(source, r.diagnostics),
            text: r.text,
        }),
        Err(e) => Err(fatal(source, e)),
    }
}

/// The result of `diff`: the core's changes as they are, the diagnostics of each side
/// in UTF-16 offsets.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Diff {
    /// Both sides could be read and rendered.
    pub ok: bool,
    /// The pack kind the impacts are for.
    pub pack: Option<PackKind>,
    /// The strongest impact.
    pub impact: byoos_core::Impact,
    /// Every change: `{path, old, new, impact, reason}`.
    pub changes: Vec<byoos_core::Change>,
    /// Findings about the old side (offsets into it).
    #[serde(serialize_with = "camel_case_all")]
    pub old_diagnostics: Vec<Diagnostic>,
    /// Findings about the new side (offsets into it).
    #[serde(serialize_with = "camel_case_all")]
    pub new_diagnostics: Vec<Diagnostic>,
}

/// Compare two versions of a pack's values, both rendered with `context`.
#[must_use]
pub fn diff(old: &str, new: &str, context: Context, options: &Options) -> Diff {
    let mut options = options.clone();
    options.context = Some(context);
    let d = byoos_core::diff(old, new, &options);
    Diff {
        ok: d.ok,
        pack: d.pack,
        impact: d.impact,
        old_diagnostics: diagnostics(old, d.old_diagnostics),
        new_diagnostics: diagnostics(new, d.new_diagnostics),
        changes: d.changes,
    }
}

/// The result of `setValues`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edited {
    /// No diagnostic of the edited text is an error.
    pub ok: bool,
    /// The source with only the named scalars changed.
    pub text: String,
    /// What `validate` reports about the edited text (offsets into `text`).
    #[serde(serialize_with = "camel_case_all")]
    pub diagnostics: Vec<Diagnostic>,
}

/// Set each `PATH` (segments joined by `/`) to its value, keeping everything else.
///
/// # Errors
/// When a path cannot be set or the source is not YAML (offsets into `source`).
pub fn set_values(
    source: &str,
    assignments: &serde_json::Map<String, serde_json::Value>,
    options: &Options,
) -> Result<Edited, Result<Fatal, String>> {
    let mut pairs = Vec::with_capacity(assignments.len());
    for (path, value) in assignments {
        let Some(text) = value.as_str() else {
            return Err(Err(format!("the value of `{path}` must be a string")));
        };
        pairs.push((byoos_core::Path::parse(path), text.to_owned()));
    }
    match byoos_core::set_values(source, &pairs, options) {
        Ok(e) => Ok(Edited {
            ok: e.ok,
            diagnostics: e
                .host_diagnostics(Encoding::Utf16)
                .into_iter()
                .map(HostDiagnostic::into_owned)
                .collect(),
            text: e.text,
        }),
        Err(f) => Err(Ok(fatal(source, f))),
    }
}

/// One rendered pack of a profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RenderedPack {
    /// No diagnostic of this pack is an error.
    pub ok: bool,
    /// The pack's name.
    pub name: String,
    /// The pack's tag (version), when the profile gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// The pack's layer, when the profile gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layer: Option<String>,
    /// The file (a key of `files`) the offsets point into; absent: the profile text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The pack's values as given in the profile, decoded.
    pub values: String,
    /// The rendered values.
    pub text: String,
    /// Diagnostics with offsets into the profile text (or `file`).
    #[serde(serialize_with = "camel_case_all")]
    pub diagnostics: Vec<Diagnostic>,
}

/// The result of `renderProfile`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RenderedProfile {
    /// No diagnostic of the profile or of any pack is an error.
    pub ok: bool,
    /// The profile's name, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Every pack, in profile order.
    pub packs: Vec<RenderedPack>,
    /// Diagnostics with offsets into the profile text.
    #[serde(serialize_with = "camel_case_all")]
    pub diagnostics: Vec<Diagnostic>,
}

/// Render every pack of a profile.
///
/// # Errors
/// When the profile cannot be read (the diagnostics say why, with offsets into it).
pub fn render_profile(
    profile: &str,
    context: &Context,
    options: &Options,
) -> Result<RenderedProfile, Fatal> {
    let r = byoos_core::render_profile(profile, context, options).map_err(|e| fatal(profile, e))?;
    let sources: Vec<String> = r
        .packs
        .iter()
        .map(|p| r.source_of(p, profile).to_owned())
        .collect();
    let packs = r
        .packs
        .into_iter()
        .zip(&sources)
        .map(|(p, source)| RenderedPack {
            ok: p.ok,
            diagnostics: diagnostics(source, p.diagnostics),
            file: p.file,
            values: p.values,
            name: p.name,
            tag: p.tag,
            layer: p.layer,
            text: p.text,
        })
        .collect();
    Ok(RenderedProfile {
        ok: r.ok,
        name: r.name,
        packs,
        diagnostics: diagnostics(profile, r.diagnostics),
    })
}

/// The result of `checkImage`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ImageReport {
    /// No diagnostic is an error.
    pub ok: bool,
    /// The provider checked against.
    pub provider: Provider,
    /// The form recognised.
    pub kind: ImageKind,
    /// The canonical form, secrets redacted.
    pub normalized: Option<String>,
    /// The pieces of the reference.
    pub parts: BTreeMap<&'static str, String>,
    /// Diagnostics with offsets into the reference.
    #[serde(serialize_with = "camel_case_all")]
    pub diagnostics: Vec<Diagnostic>,
}

/// Parse a provider name.
///
/// # Errors
/// When it is not one of the providers.
pub fn provider(name: &str) -> Result<Provider, String> {
    name.parse::<Provider>()
}

/// Check one image reference for `provider`.
#[must_use]
pub fn check_image(provider: Provider, reference: &str, options: &JsImageOptions) -> ImageReport {
    let mut o = ImageOptions::default();
    o.region.clone_from(&options.region);
    let r = byoos_core::check_image(provider, reference, &o);
    ImageReport {
        ok: r.ok,
        provider: r.provider,
        kind: r.kind,
        normalized: r.normalized,
        parts: r.parts,
        diagnostics: diagnostics(reference, r.diagnostics),
    }
}

/// The result of `fromPackerManifest` and `fromImageConfig`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PackerResult {
    /// No diagnostic is an error.
    pub ok: bool,
    /// `generic-byoi` values text, or `null` when none could be made.
    pub text: Option<String>,
    /// Diagnostics with offsets into the manifest.
    #[serde(serialize_with = "camel_case_all")]
    pub diagnostics: Vec<Diagnostic>,
}

/// `generic-byoi` values from CAPI Image Builder's `imageconfig`.
#[must_use]
pub fn from_image_config(text: &str, options: JsImageConfigOptions) -> PackerResult {
    let o =
        ImageConfigOptions::default().with_output_files(options.output_files.unwrap_or_default());
    let o = match options.template {
        Some(t) => o.with_template(t),
        None => o,
    };
    let r = byoos_core::from_image_config(text, &o);
    PackerResult {
        ok: r.ok,
        diagnostics: diagnostics(text, r.diagnostics),
        text: r.text,
    }
}

/// `generic-byoi` values from a Packer manifest.
#[must_use]
pub fn from_packer_manifest(manifest: &str, options: JsPackerOptions) -> PackerResult {
    let mut o = PackerOptions::default();
    o.region = options.region;
    o.run = options.run;
    o.build = options.build;
    o.os_name = options.os_name;
    o.os_version = options.os_version;
    o.folder = options.folder;
    let r = byoos_core::from_packer_manifest(manifest, &o);
    PackerResult {
        ok: r.ok,
        diagnostics: diagnostics(manifest, r.diagnostics),
        text: r.text,
    }
}

/// Terraform HCL for the values.
///
/// # Errors
/// When the text is not YAML or the pack kind cannot be told.
pub fn to_terraform(source: &str, options: JsTerraformOptions) -> Result<String, Fatal> {
    let mut o = TerraformOptions::default();
    o.pack = options.pack;
    o.version = options.version;
    o.registry = options.registry;
    o.limits = limits(options.limits);
    byoos_core::to_terraform(source, &o).map_err(|f| fatal(source, f))
}

/// The JSON Schema of a pack kind's values.
///
/// # Errors
/// When `kind` is not a pack kind.
pub fn json_schema(kind: &str) -> Result<String, String> {
    let kind: PackKind = serde_json::from_value(serde_json::Value::String(kind.to_owned()))
        .map_err(|_| {
            format!("unknown pack kind `{kind}`; expected `edge-native-byoi` or `generic-byoi`")
        })?;
    Ok(byoos_core::json_schema(kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_offsets_and_camel_case() {
        let source = "# 🚀 rocket\npack:\n  osImageOverride: \"ami-0f4804aff4cf9c5a2\"\n  osName: rhel\n  osVersion: 8.10\n";
        let report = validate(source, &Options::default());
        assert!(!report.ok);
        assert_eq!(report.pack, Some("generic-byoi"));
        let d = report
            .diagnostics
            .iter()
            .find(|d| d.code == "yaml/implicit-type")
            .expect("implicit-type");
        let utf16: Vec<u16> = source.encode_utf16().collect();
        assert_eq!(String::from_utf16_lossy(&utf16[d.start..d.end]), "8.10");
        let json = serde_json::to_value(d.camel_case()).expect("serialisable");
        assert_eq!(json["endLine"], 5);
        assert_eq!(json["path"], serde_json::json!(["pack", "osVersion"]));
        assert!(json.get("end_line").is_none());
    }

    #[test]
    fn options_from_camel_case() {
        let js: JsOptions = serde_json::from_str(
            r#"{"pack":"edge-native-byoi","packName":"x","limits":{"maxDepth":3},"provider":"edge",
                "strict":true,"context":{"system":{"cluster.name":"edge-01"}}}"#,
        )
        .expect("valid options");
        let o = Options::from(js);
        assert_eq!(o.pack, Some(PackKind::EdgeNativeByoi));
        assert_eq!(o.pack_name.as_deref(), Some("x"));
        assert_eq!(o.limits.max_depth, 3);
        assert_eq!(o.limits.max_nodes, Limits::default().max_nodes);
        assert_eq!(o.provider, Some(Provider::Edge));
        assert!(o.strict && o.context.is_some());
        let err = parse_options(r#"{"context":{"sytem":{}}}"#).expect_err("unknown context key");
        assert!(err.contains("unknown field `sytem`"), "{err}");
        let err = parse_options(r#"{"pack_name":"x"}"#).expect_err("unknown field");
        assert!(
            err.starts_with("invalid options: unknown field `pack_name`"),
            "{err}"
        );
        assert!(!err.contains("line 1"), "{err}");
    }
}

/// The result of `fix`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fixed {
    /// No diagnostic of the fixed text is an error.
    pub ok: bool,
    /// The source with every mechanical fix applied.
    pub text: String,
    /// The findings fixed (offsets into the source).
    #[serde(serialize_with = "camel_case_all")]
    pub fixed: Vec<Diagnostic>,
    /// What `validate` reports about the fixed text (offsets into `text`).
    #[serde(serialize_with = "camel_case_all")]
    pub diagnostics: Vec<Diagnostic>,
}

/// Apply every mechanical fix and validate again.
///
/// # Errors
/// When a fix would add an error (offsets into `source`).
pub fn fix(source: &str, options: &Options) -> Result<Fixed, Fatal> {
    let owned =
        |v: Vec<HostDiagnostic<'_>>| v.into_iter().map(HostDiagnostic::into_owned).collect();
    match byoos_core::fix(source, options) {
        Ok(f) => Ok(Fixed {
            ok: f.ok,
            fixed: owned(f.fixed_host_diagnostics(source, Encoding::Utf16)),
            diagnostics: owned(f.host_diagnostics(Encoding::Utf16)),
            text: f.text.clone(),
        }),
        Err(f) => Err(fatal(source, f)),
    }
}
