//! The operations: each takes text and options and gives a result whose `ok` says
//! whether any diagnostic is an error. They put the layers below together — parse the
//! [`Document`], run the pack rules, resolve macros, write, parse and check again — and
//! redact secrets from what they return. Nothing below this module calls an operation.

use crate::codes::Code;
use crate::config;
use crate::diagnostic::{self, Diagnostic, Path};
use crate::edit::{self, EditOptions, Edited};
use crate::failure::{Failure, FailureKind};
use crate::host::{self, HostDiagnostic};
use crate::image::Provider;
use crate::imageconfig::{self, ImageConfigOptions, ImageConfigResult};
use crate::model::PackValues;
use crate::options::{Options, TerraformOptions};
use crate::pack::{self, PackKind, PackOptions};
use crate::packer::{self, PackerOptions, PackerResult};
use crate::profile::{self, InputKind, ReadFile};
use crate::report;
use crate::schema;
use crate::secrets;
use crate::source::Encoding;
use crate::suppress;
use crate::template::{self, Context, Rendered, RenderedProfile, Rendering, Settings, Shapes};
use crate::yaml::Document;
use serde::Serialize;
use std::rc::Rc;

/// The result of [`validate`]: `ok` is true when no diagnostic is an error.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Report {
    /// No diagnostic (of the file or of any pack) has severity `error`.
    pub ok: bool,
    /// What the input was read as: one pack's values, a profile, or Terraform.
    pub input: InputKind,
    /// The pack kind checked against (given or detected); `None` when unknown, and for
    /// a profile (see `packs`).
    pub pack: Option<PackKind>,
    /// For a profile or Terraform: each pack checked, in profile order.
    pub packs: Vec<PackReport>,
    /// Every finding about the file itself (for values: every finding), sorted by
    /// position.
    pub diagnostics: Vec<Diagnostic>,
    /// The source's line index, for [`Report::host_diagnostics`].
    #[serde(skip)]
    lines: host::Lines,
    /// The texts of the files a Terraform input named (`file("…")`), by name.
    #[serde(skip)]
    files: Vec<(String, String)>,
}

/// One pack of a profile as [`validate`] checked it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct PackReport {
    /// The pack's name.
    pub name: String,
    /// Its BYOOS kind; `None` for any other pack (Kubernetes, CNI, add-ons), which gets
    /// the YAML and macro checks only.
    pub kind: Option<PackKind>,
    /// No diagnostic of this pack is an error.
    pub ok: bool,
    /// The profile's name, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// The Terraform resource the pack is in (`spectrocloud_cluster_profile.<label>`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// Its layer, when the profile says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layer: Option<String>,
    /// The file the spans of `diagnostics` point into when it is not the input: the file
    /// a Terraform `file("…")` names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Findings in the pack's values: paths inside the values, spans into the input (or
    /// `file`) at the characters as written there, messages naming the profile and pack.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// The diagnostics in `encoding` units of `source` (the text given to [`validate`]),
    /// projected with the line index the parse built.
    #[must_use]
    pub fn host_diagnostics(&self, source: &str, encoding: Encoding) -> Vec<HostDiagnostic<'_>> {
        host::Projection::with_lines(source, &self.lines, encoding).all(&self.diagnostics)
    }

    /// The diagnostics of pack `pack` in `encoding` units of the text they point into
    /// (`source`, or the referenced file).
    #[must_use]
    pub fn pack_host_diagnostics<'r>(
        &'r self,
        pack: &'r PackReport,
        source: &'r str,
        encoding: Encoding,
    ) -> Vec<HostDiagnostic<'r>> {
        host::Projection::new(self.source_of(pack, source), encoding).all(&pack.diagnostics)
    }

    /// The text a pack's diagnostics point into: `source`, or the file it names.
    #[must_use]
    pub fn source_of<'s>(&'s self, pack: &PackReport, source: &'s str) -> &'s str {
        pack.file
            .as_deref()
            .and_then(|f| self.files.iter().find(|(n, _)| n == f))
            .map_or(source, |(_, t)| t.as_str())
    }

    /// The source's line index.
    pub(crate) fn lines(&self) -> &host::Lines {
        &self.lines
    }

    /// Every diagnostic: the file's, then each pack's.
    pub fn all_diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .chain(self.packs.iter().flat_map(|p| &p.diagnostics))
    }
}

/// Check one pack's values, a cluster profile (the simple shape, Palette's export as
/// JSON or YAML) or Terraform `spectrocloud_cluster_profile` resources. Never fails:
/// every problem with the input is a diagnostic. A Terraform `file("…")` is answered
/// from `options.files`.
#[must_use]
pub fn validate(source: &str, options: &Options) -> Report {
    validate_with(source, options, &|name: &str| given_file(options, name))
}

/// [`validate`], with `read_file` answering each file a Terraform input names (a path
/// relative to the `.tf` file): its text, or why it cannot be read. The core reads no
/// file itself; the CLI passes a reader, the bindings the `files` option.
#[must_use]
pub fn validate_with(source: &str, options: &Options, read_file: &ReadFile<'_>) -> Report {
    let Some(config) = &options.config else {
        return finish(checked(source, options, read_file), source, options, None);
    };
    if config.has_problems() {
        let mut diagnostics = config.problems(source);
        diagnostic::sort_and_cap(&mut diagnostics, &options.limits);
        return Report {
            ok: false,
            input: options.input.unwrap_or(InputKind::Values),
            pack: options.pack,
            packs: Vec::new(),
            diagnostics,
            lines: host::Lines::default(),
            files: Vec::new(),
        };
    }
    let settings = config.settings_for(options.file_name.as_deref().unwrap_or(""));
    let mut given = options.clone();
    given.config = None;
    given.pack = given.pack.or(settings.pack);
    given.provider = given.provider.or(settings.provider);
    if given.region.is_none() {
        given.region.clone_from(&settings.region);
    }
    let report = checked(source, &given, read_file);
    finish(report, source, &given, Some(&settings))
}

/// Inline suppressions, then the configuration's selection and severities, and `ok`
/// again: the pass after every check of [`validate`].
fn finish(
    mut report: Report,
    source: &str,
    options: &Options,
    settings: Option<&config::Settings>,
) -> Report {
    let limits = &options.limits;
    let mut changed = settings.is_some();
    let yaml = report.input == InputKind::Values;
    let mut lists: Vec<&mut Vec<Diagnostic>> = vec![&mut report.diagnostics];
    lists.extend(
        report
            .packs
            .iter_mut()
            .filter(|p| p.file.is_none())
            .map(|p| &mut p.diagnostics),
    );
    let notes = suppress::apply(source, yaml, limits, &mut lists);
    changed |= !notes.is_empty();
    report.diagnostics.extend(notes);
    for (name, text) in &report.files {
        let mut lists: Vec<&mut Vec<Diagnostic>> = report
            .packs
            .iter_mut()
            .filter(|p| p.file.as_deref() == Some(name.as_str()))
            .map(|p| &mut p.diagnostics)
            .collect();
        let notes = suppress::apply(text, true, limits, &mut lists);
        changed |= !notes.is_empty();
        if let Some(first) = lists.first_mut() {
            first.extend(notes);
        }
    }
    changed |= report.all_diagnostics().any(|d| d.suppressed);
    if !changed {
        return report;
    }
    for list in std::iter::once(&mut report.diagnostics)
        .chain(report.packs.iter_mut().map(|p| &mut p.diagnostics))
    {
        if let Some(s) = settings {
            s.apply(list);
        }
        diagnostic::sort_and_cap(list, limits);
    }
    for p in &mut report.packs {
        p.ok = !diagnostic::has_errors(&p.diagnostics);
    }
    report.ok = !diagnostic::has_errors(&report.diagnostics) && report.packs.iter().all(|p| p.ok);
    report
}

/// [`validate_with`] before suppressions and settings.
fn checked(source: &str, options: &Options, read_file: &ReadFile<'_>) -> Report {
    if input_kind(source, options, None) == InputKind::Terraform {
        let read = profile::read(source, InputKind::Terraform, &options.limits, read_file);
        let lines = host::Lines::keep(source, &crate::LineIndex::new(source));
        return validate_profile(source, InputKind::Terraform, read, lines, options);
    }
    let mut diagnostics = Vec::new();
    let doc = Rc::new(Document::parse(source, &options.limits, &mut diagnostics));
    let clean = (!diagnostic::has_errors(&diagnostics)).then_some(&*doc);
    let lines = host::Lines::keep(source, doc.line_index());
    if !diagnostic::has_errors(&diagnostics)
        && input_kind(source, options, Some(&doc)) == InputKind::Profile
    {
        let read = profile::read_document(&doc, diagnostics);
        return validate_profile(source, InputKind::Profile, read, lines, options);
    }
    let pack = if diagnostic::has_errors(&diagnostics) {
        options.pack
    } else {
        pack::check(
            &doc,
            options.pack,
            &options.pack_options(),
            &mut diagnostics,
        )
    };
    if doc.root().is_some() {
        check_macros(Rc::clone(&doc), pack, options, None, &mut diagnostics);
    }
    let ok = !diagnostic::has_errors(&diagnostics);
    diagnostic::sort_and_cap(&mut diagnostics, &options.limits);
    secrets::redact_parsed(source, clean, &mut diagnostics);
    Report {
        ok,
        input: InputKind::Values,
        pack,
        packs: Vec::new(),
        diagnostics,
        lines,
        files: Vec::new(),
    }
}

/// A file of `options.files`.
pub(crate) fn given_file(options: &Options, name: &str) -> Result<String, String> {
    options
        .files
        .get(name)
        .cloned()
        .ok_or_else(|| "not given (pass its text in the `files` option)".to_owned())
}

/// What `source` is: `options.input`, else told from the text. A pack kind given means
/// values.
fn input_kind(source: &str, options: &Options, doc: Option<&Document<'_>>) -> InputKind {
    match options.input {
        Some(k) => k,
        None if options.pack.is_some() => InputKind::Values,
        None => profile::sniff(source, options.file_name.as_deref(), doc),
    }
}

/// The report of a profile: each pack checked as [`validate`] checks values (BYOOS
/// packs with every pack rule, the others with the YAML and macro checks), its findings
/// moved to the file the user has open.
fn validate_profile(
    source: &str,
    input: InputKind,
    read: Result<profile::Read, Failure>,
    lines: host::Lines,
    options: &Options,
) -> Report {
    let read = match read {
        Ok(r) => r,
        Err(f) => {
            let mut diagnostics = f.diagnostics;
            diagnostic::sort_and_cap(&mut diagnostics, &options.limits);
            secrets::redact(source, &mut diagnostics);
            return Report {
                ok: false,
                input,
                pack: None,
                packs: Vec::new(),
                diagnostics,
                lines,
                files: Vec::new(),
            };
        }
    };
    let mut diagnostics = read.diagnostics.clone();
    let index = crate::LineIndex::new(source);
    let mut packs = Vec::new();
    let given_texts = options
        .context
        .as_ref()
        .map(template::context_pack_texts)
        .unwrap_or_default();
    let given = template::ContextPacks::new(&given_texts, options.limits);
    for p in &read.profiles {
        let defs = template::profile_definitions(&p.variables, &mut diagnostics);
        let context = options
            .context
            .as_ref()
            .map(|c| profile_context(c, p, &defs));
        let parsed = template::parse_packs(&p.packs, &options.limits);
        let shared = SharedPacks::new(&given, p, &parsed);
        for (pack, parsed) in p.packs.iter().zip(&parsed) {
            let kind = byoos_kind_parsed(pack, &parsed.doc, &options.limits);
            let mut o = options.clone();
            o.pack = kind;
            o.pack_name = Some(pack.name.clone());
            o.context.clone_from(&context);
            o.input = Some(InputKind::Values);
            let mut diags = check_pack(
                (&pack.values, parsed),
                kind,
                p,
                &o,
                Macros::Resolve(&shared),
            );
            if let Some(k) = kind {
                profile::layers::check_cloud(p, pack, k, &mut diagnostics);
            }
            let label = pack_label(p, pack);
            let own;
            let (text, ix) = match pack.place.file_name().and_then(|f| read.file(f)) {
                Some(t) => {
                    own = crate::LineIndex::new(t);
                    (t, &own)
                }
                None => (source, &index),
            };
            for d in &mut diags {
                pack.place.place(d, &pack.values, text, ix);
                d.message = format!("{label}: {}", d.message);
            }
            packs.push(PackReport {
                name: pack.name.clone(),
                kind,
                ok: !diagnostic::has_errors(&diags),
                profile: p.name.clone(),
                resource: p.resource.clone(),
                layer: pack.layer.clone(),
                file: pack.place.file_name().map(str::to_owned),
                diagnostics: diags,
            });
        }
    }
    let ok = !diagnostic::has_errors(&diagnostics) && packs.iter().all(|p| p.ok);
    diagnostic::sort_and_cap(&mut diagnostics, &options.limits);
    secrets::redact(source, &mut diagnostics);
    Report {
        ok,
        input,
        pack: None,
        packs,
        diagnostics,
        lines,
        files: read.files,
    }
}

/// How messages name a pack: `pack `edge-native-byoi` of profile `edge``.
fn pack_label(p: &profile::Profile, pack: &profile::PackIn) -> String {
    match (&p.name, &p.resource) {
        (None, None) => format!("pack `{}`", pack.name),
        _ => format!("pack `{}` of {}", pack.name, p.label()),
    }
}

/// The BYOOS kind of a profile's pack: by its name; else, for a pack of the OS layer
/// (or of no stated layer), only by the keys no other pack has (`pack.osImageOverride`,
/// `options.system.*`). Add-on packs are never BYOOS packs, whatever their values.
pub(crate) fn byoos_kind(pack: &profile::PackIn) -> Option<PackKind> {
    byoos_kind_in(pack, None)
}

/// [`byoos_kind`], given the pack's values parsed with `limits` (the document is
/// read when those are the default limits [`byoos_kind`] parses with).
fn byoos_kind_parsed(
    pack: &profile::PackIn,
    doc: &Document<'_>,
    limits: &crate::Limits,
) -> Option<PackKind> {
    byoos_kind_in(pack, (*limits == crate::Limits::default()).then_some(doc))
}

/// [`byoos_kind`], reading `parsed` (the values parsed with the default limits) when
/// given instead of parsing them.
fn byoos_kind_in(pack: &profile::PackIn, parsed: Option<&Document<'_>>) -> Option<PackKind> {
    if let Some(k) = PackKind::from_name(&pack.name) {
        return Some(k);
    }
    if pack.layer.as_deref().is_some_and(|l| l != "os") {
        return None;
    }
    let own;
    let doc = match parsed {
        Some(d) => d,
        None => {
            let mut ignored = Vec::new();
            own = Document::parse(&pack.values, &crate::Limits::default(), &mut ignored);
            &own
        }
    };
    let root = doc.root()?;
    if root
        .get("pack")
        .and_then(|p| p.get("osImageOverride"))
        .is_some()
    {
        return Some(PackKind::GenericByoi);
    }
    let system = root
        .get("options")
        .and_then(|o| o.entries())
        .is_some_and(|e| {
            e.iter()
                .any(|(k, _)| k.scalar().is_some_and(|(s, _)| s.starts_with("system.")))
        });
    system.then_some(PackKind::EdgeNativeByoi)
}

/// The context a profile's packs are checked with: the given one, with the profile's
/// other packs (under names it does not give) and its variable definitions (when it
/// gives none).
fn profile_context(context: &Context, p: &profile::Profile, defs: &[template::VarDef]) -> Context {
    let mut c = context.clone();
    for pack in &p.packs {
        if !c.packs.contains_key(&pack.name) {
            c.packs.insert(
                pack.name.clone(),
                serde_json::Value::String(pack.values.clone()),
            );
        }
    }
    if c.variables.definitions.is_empty() {
        c.variables.definitions = defs.iter().map(|d| d.def.clone()).collect();
    }
    c
}

/// The packs of a profile's context ([`profile_context`]) parsed, in its order, for the
/// macro checks of every pack of the profile: the given context's packs (`given`,
/// parsed once per call, when a pack's macro checks first need them), then the
/// profile's own packs under the names the given context does not take — the
/// documents the profile's packs were parsed into ([`template::parse_packs`]), not
/// parsed again.
struct SharedPacks<'a, 't> {
    given: &'a template::ContextPacks<'t>,
    own: Vec<(String, Rc<Document<'t>>)>,
    docs: std::cell::OnceCell<Vec<(String, Rc<Document<'t>>)>>,
}

impl<'a, 't> SharedPacks<'a, 't> {
    fn new(
        given: &'a template::ContextPacks<'t>,
        p: &profile::Profile,
        parsed: &[template::ParsedPack<'t>],
    ) -> Self {
        let mut own: Vec<(String, Rc<Document<'t>>)> = Vec::new();
        for (pack, parsed) in p.packs.iter().zip(parsed) {
            if given.names().any(|n| n == pack.name) || own.iter().any(|(n, _)| *n == pack.name) {
                continue; // as `profile_context`: the given pack, or the first of a name
            }
            own.push((pack.name.clone(), Rc::clone(&parsed.doc)));
        }
        SharedPacks {
            given,
            own,
            docs: std::cell::OnceCell::new(),
        }
    }

    fn docs(&self) -> &[(String, Rc<Document<'t>>)] {
        self.docs
            .get_or_init(|| self.given.docs().iter().chain(&self.own).cloned().collect())
    }
}

/// How [`check_pack`] checks a pack's macros.
enum Macros<'r, 'a, 't> {
    /// Resolve the pack, the packs of `options.context` (parsed once, here) as context
    /// packs.
    Resolve(&'r SharedPacks<'a, 't>),
    /// Take the render of the profile's packs together (its rendering of this pack, if
    /// some value was replaced), whose findings the caller has: only the rendered
    /// values are checked again as the pack.
    Rendered(Option<&'r Rendering<'t>>),
}

/// One profile pack's findings, spans into its values: a BYOOS pack gets everything
/// [`validate`] gives values and the checks against the other layers of its profile
/// (`profile::layers`); another pack the YAML lints and the macro checks. `parsed` is
/// the pack's values parsed with `options.limits` ([`template::parse_packs`]);
/// `shared` holds the packs of `options.context`.
fn check_pack(
    (values, parsed): (&str, &template::ParsedPack<'_>),
    kind: Option<PackKind>,
    profile: &profile::Profile,
    options: &Options,
    macros: Macros<'_, '_, '_>,
) -> Vec<Diagnostic> {
    let mut diagnostics = parsed.diagnostics.clone();
    let doc = Rc::clone(&parsed.doc);
    if !diagnostic::has_errors(&diagnostics) {
        match kind {
            Some(k) => {
                pack::check(&doc, Some(k), &options.pack_options(), &mut diagnostics);
                profile::layers::check_pack(&doc, k, profile, &mut diagnostics);
            }
            None => {
                crate::yaml::lint::check_scalars(&doc, &mut diagnostics);
                crate::yaml::lint::check_duplicate_keys(&doc, &mut diagnostics);
            }
        }
    }
    if doc.root().is_some() {
        match macros {
            Macros::Resolve(shared) => {
                check_macros(doc, kind, options, Some(shared), &mut diagnostics);
            }
            Macros::Rendered(Some(rendering)) if doc.text().contains("{{") => {
                let settings = settings(options);
                let po = options.pack_options();
                recheck(rendering, kind, &po, &settings, &mut diagnostics);
            }
            Macros::Rendered(_) => {}
        }
    }
    diagnostic::sort_and_cap(&mut diagnostics, &options.limits);
    let clean = (!diagnostic::has_errors(&parsed.diagnostics)).then_some(&*parsed.doc);
    secrets::redact_parsed(values, clean, &mut diagnostics);
    diagnostics
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
        pack::check(
            &doc,
            options.pack,
            &options.pack_options(),
            &mut diagnostics,
        )
    };
    diagnostic::sort_and_cap(&mut diagnostics, &options.limits);
    let clean = (failed != FailureKind::Parse).then_some(&doc);
    secrets::redact_parsed(source, clean, &mut diagnostics);
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

/// Render one pack's values: every `{{ .spectro.… }}` macro resolved against `context`.
///
/// Missing values follow Palette (empty string and a `template/missing-value` warning)
/// unless `options.strict`. An action that cannot be resolved stays as written and gets
/// an error diagnostic (`ok` is then false).
///
/// # Errors
/// When the source is not YAML or a parser budget is exceeded ([`FailureKind::Parse`]),
/// or a budget of rendering is exceeded, or (with `options.strict`) any diagnostic is an
/// error: no half-rendered text ([`FailureKind::Render`]).
pub fn render(source: &str, context: &Context, options: &Options) -> Result<Rendered, Failure> {
    let mut result = render_unredacted(source, context, options);
    let diags = match &mut result {
        Ok(r) => &mut r.diagnostics,
        Err(e) => &mut e.diagnostics,
    };
    secrets::redact(source, diags);
    result
}

fn render_unredacted(
    source: &str,
    context: &Context,
    options: &Options,
) -> Result<Rendered, Failure> {
    let mut diags = Vec::new();
    let doc = Document::parse(source, &options.limits, &mut diags);
    if diagnostic::has_errors(&diags) {
        return Err(Failure::new(FailureKind::Parse, diags));
    }
    if !source.contains("{{") {
        return Ok(Rendered {
            ok: true,
            text: source.to_owned(),
            diagnostics: diags,
        });
    }
    let kind = options.pack.or_else(|| doc.root().and_then(pack::detect));
    let name = self_name(options, kind);
    template::render_document(doc, name, context, &settings(options), diags)
}

/// Render every pack of a profile against `context`: the simple shape, Palette's
/// export (JSON or YAML) or Terraform (each `spectrocloud_cluster_profile` rendered on
/// its own; the packs of all of them, in order). A Terraform `file("…")` is answered
/// from `options.files`. Each pack's diagnostics point into the profile text (or the
/// file its values are), at the characters of the values as written there.
///
/// # Errors
/// When the profile text is not YAML/JSON/HCL or has no list of packs; problems inside
/// packs are reported in each pack's diagnostics instead, unless `options.strict`:
/// then any error fails the call, with every diagnostic in the profile text and the
/// path `<path of the pack>/values/<path in the values>`.
/// The kind is [`FailureKind::Parse`] when the profile text cannot be read, else
/// [`FailureKind::Render`].
pub fn render_profile(
    profile: &str,
    context: &Context,
    options: &Options,
) -> Result<RenderedProfile, Failure> {
    render_profile_with(profile, context, options, &|name: &str| {
        given_file(options, name)
    })
}

/// [`render_profile`], with `read_file` answering the files a Terraform input names.
///
/// # Errors
/// As [`render_profile`].
pub fn render_profile_with(
    profile: &str,
    context: &Context,
    options: &Options,
    read_file: &ReadFile<'_>,
) -> Result<RenderedProfile, Failure> {
    let kind = match input_kind(profile, options, None) {
        InputKind::Terraform => InputKind::Terraform,
        _ => InputKind::Profile,
    };
    let read = profile::read(profile, kind, &options.limits, read_file).map_err(|mut f| {
        if f.kind == FailureKind::Input {
            f.kind = FailureKind::Render;
        }
        secrets::redact(profile, &mut f.diagnostics);
        f
    })?;
    let settings = settings(options);
    let index = crate::LineIndex::new(profile);
    let mut pdiags = read.diagnostics.clone();
    let mut packs = Vec::new();
    let mut placed: Vec<&profile::PackIn> = Vec::new();
    let given_texts = template::context_pack_texts(context);
    let given = template::ContextPacks::new(&given_texts, options.limits);
    for p in &read.profiles {
        let defs = template::profile_definitions(&p.variables, &mut pdiags);
        let checked = profile_context(context, p, &defs);
        let parsed = template::parse_packs(&p.packs, &options.limits);
        let shared = SharedPacks::new(&given, p, &parsed);
        let rendered = template::render_read(p, &parsed, defs, (context, &given), &settings);
        for (((mut r, checks), input), parsed) in rendered.into_iter().zip(&p.packs).zip(&parsed) {
            let pack = (input, parsed, &mut r);
            rules_of_pack(p, pack, (&checked, &shared, &checks), options, &mut pdiags);
            let own;
            let (text, ix) = match input.place.file_name().and_then(|f| read.file(f)) {
                Some(t) => {
                    own = crate::LineIndex::new(t);
                    (t, &own)
                }
                None => (profile, &index),
            };
            let label = pack_label(p, input);
            for d in &mut r.diagnostics {
                input.place.place(d, &input.values, text, ix);
                d.message = format!("{label}: {}", d.message);
            }
            packs.push(r);
            placed.push(input);
        }
    }
    diagnostic::sort_and_cap(&mut pdiags, &options.limits);
    secrets::redact(profile, &mut pdiags);
    let ok = !diagnostic::has_errors(&pdiags) && packs.iter().all(|p| p.ok);
    if options.strict && !ok {
        for (pack, input) in packs.iter().zip(&placed) {
            for d in &pack.diagnostics {
                let mut moved = d.clone();
                moved.path = Path(
                    input
                        .path
                        .0
                        .iter()
                        .cloned()
                        .chain(std::iter::once("values".into()))
                        .chain(d.path.0.iter().cloned())
                        .collect(),
                );
                if let Some(at) = input.place.origin() {
                    moved.span = crate::Span::new(profile, &index, at.start, at.end);
                    moved.fix = None;
                }
                pdiags.push(moved);
            }
        }
        diagnostic::sort(&mut pdiags);
        return Err(Failure::new(FailureKind::Render, pdiags));
    }
    Ok(RenderedProfile {
        ok,
        name: read.profiles.first().and_then(|p| p.name.clone()),
        packs,
        diagnostics: pdiags,
        files: read.files,
    })
}

/// What [`validate`] with the same context finds in a profile's pack — the pack rules,
/// the YAML lints, the checks across layers, the rules again on the rendered values —
/// added to the render's findings `r` (spans into the values, each finding once), the
/// profile's own findings to `pdiags`. `parsed` is the pack's values as the render
/// read them; `context` is the profile's (`profile_context`), with its packs parsed
/// once.
fn rules_of_pack(
    p: &profile::Profile,
    (input, parsed, r): (
        &profile::PackIn,
        &template::ParsedPack<'_>,
        &mut template::RenderedPack,
    ),
    (context, shared, checks): (&Context, &SharedPacks<'_, '_>, &template::PackRender<'_>),
    options: &Options,
    pdiags: &mut Vec<Diagnostic>,
) {
    let kind = byoos_kind_parsed(input, &parsed.doc, &options.limits);
    let mut o = options.clone();
    o.pack = kind;
    o.pack_name = Some(input.name.clone());
    o.context = Some(context.clone());
    o.input = Some(InputKind::Values);
    if let Some(k) = kind {
        profile::layers::check_cloud(p, input, k, pdiags);
    }
    let values = (input.values.as_str(), parsed);
    // The render's resolution of the pack, when its own would find the same
    // (`docs/decisions.md` §46): the checks take the render's result. Then what the
    // resolution found is in `r.diagnostics` already, and left out of the checks'
    // findings; that changes nothing unless a report is full, so the checks resolve
    // the pack again whenever one could be.
    let taken = checks.same.then(|| {
        check_pack(
            values,
            kind,
            p,
            &o,
            Macros::Rendered(checks.rendering.as_ref()),
        )
    });
    let found = match taken {
        Some(found)
            if diagnostic::within_caps(&[&found, &r.diagnostics], &options.limits)
                && !r
                    .diagnostics
                    .iter()
                    .any(|d| d.code == Code::LimitDiagnostics) =>
        {
            #[cfg(debug_assertions)]
            {
                let again = check_pack(values, kind, p, &o, Macros::Resolve(shared));
                assert_eq!(
                    merged(&r.diagnostics, found.clone()),
                    merged(&r.diagnostics, again),
                    "the render's result for the checks of pack `{}` differs from its own resolution",
                    input.name
                );
            }
            found
        }
        _ => check_pack(values, kind, p, &o, Macros::Resolve(shared)),
    };
    r.diagnostics = merged(&r.diagnostics, found);
    diagnostic::sort_and_cap(&mut r.diagnostics, &options.limits);
    secrets::redact(&r.values, &mut r.diagnostics);
    r.ok = !diagnostic::has_errors(&r.diagnostics);
}

/// The render's findings `render`, then each of the checks' findings `found` whose
/// code, span and path no finding before it has.
fn merged(render: &[Diagnostic], found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut out = render.to_vec();
    for d in found {
        let same = |e: &Diagnostic| e.code == d.code && e.span == d.span && e.path == d.path;
        if !out.iter().any(same) {
            out.push(d);
        }
    }
    out
}

/// Set each `path` to the string `value`, keeping everything else byte for byte.
///
/// - An existing scalar keeps its style when the new value reads back as the same
///   string in it: plain stays plain, single-quoted stays single-quoted, a block scalar
///   stays a block scalar (its chomping indicator adjusted); otherwise it becomes
///   double-quoted. A plain number or boolean replaced by a number or boolean stays
///   plain (`timeout: 60` → `timeout: 120`), as does a new value for a key the pack
///   types as an integer or boolean; a key the pack types as text is quoted when YAML
///   would read the value as something else (`osVersion: 22.04` → `osVersion: "22.04"`).
/// - A missing key is added as the last entry of its mapping, creating missing
///   mappings on the way (`pack/drain/timeout`); an empty value (`drain:`) becomes a
///   mapping. A flow mapping (`{a: 1}`) gets the key before its closing brace.
/// - A key is only added where the pack's shape knows it (any key below an open
///   mapping such as `stages`): `pack/osVerison` is a `yaml/edit-unknown-key` error
///   with a did-you-mean, unless `options.create` asks for the new key on purpose.
/// - An alias named by the path (`osName: *name`) is replaced by the value; a path
///   that goes *through* an alias, a scalar, a missing list item, or that names a
///   mapping or a list, is a `yaml/edit-path` error.
///
/// Paths index lists with numbers (`pack/content/images/0/image`); a number names a
/// key when the node is a mapping.
///
/// # Errors
/// The diagnostics that stop the edit: the source is not YAML (`yaml/syntax`, `limit/…`)
/// or a path cannot be set (`yaml/edit-path`) or would add a key the pack's shape does
/// not know (`yaml/edit-unknown-key`, unless `options.create`). Spans point into `source`.
/// The kind is [`FailureKind::Parse`] when the source cannot be read, else
/// [`FailureKind::Edit`].
pub fn set_values(
    source: &str,
    assignments: &[(Path, String)],
    options: &Options,
) -> Result<Edited, Failure> {
    let edit_options = EditOptions {
        pack: options.pack,
        create: options.create,
        limits: options.limits,
    };
    let text = edit::apply(source, assignments, &edit_options)?;
    let mut vo = options.clone();
    vo.input = Some(InputKind::Values);
    let report = validate(&text, &vo);
    Ok(Edited {
        ok: report.ok,
        text,
        diagnostics: report.diagnostics,
        lines: report.lines,
    })
}

/// Turn a Packer manifest into `generic-byoi` values. Never fails: every problem is a
/// diagnostic pointing into `manifest_json`. The values are checked as [`validate`]
/// would check them; an error it finds is an error of the conversion, at the part of
/// the manifest the key came from.
#[must_use]
pub fn from_packer_manifest(manifest_json: &str, options: &PackerOptions) -> PackerResult {
    packer::from_packer_manifest(manifest_json, options, &validate_generic)
}

/// `generic-byoi` values from CAPI Image Builder's `imageconfig` (Palette's image
/// builder for vSphere): `osImageOverride` is the template's inventory path
/// `/{vcenter_datacenter}/vm/{vcenter_folder}/{name}`, `osName` and `osVersion` come from
/// `os_version` (`rhel-8` → `rhel`, `8`). The values are checked as `validate` would
/// check them for vSphere; every diagnostic points into `text`, and the values of its
/// secrets (`vcenter_password`, `rhel_subscription_pass`) are never shown.
///
/// ```
/// use byoos_core::{from_image_config, ImageConfigOptions};
///
/// let config = "os_version=rhel-8\nk8s_version=1.30.4\nvcenter_datacenter=Datacenter\nvcenter_folder=sp-docs\nvcenter_password=hunter2\n";
/// let r = from_image_config(config, &ImageConfigOptions::default());
/// assert_eq!(
///     r.text.as_deref(),
///     Some("pack:\n  osImageOverride: \"/Datacenter/vm/sp-docs/rhel-8-kube-v1.30.4\"\n  osName: \"rhel\"\n  osVersion: \"8\"\n")
/// );
/// ```
#[must_use]
pub fn from_image_config(text: &str, options: &ImageConfigOptions) -> ImageConfigResult {
    imageconfig::from_image_config(text, options, &validate_generic)
}

/// What `validate` finds in `generic-byoi` values made for `provider` (and `region`):
/// the check the conversions run on the values they write.
fn validate_generic(values: &str, provider: Provider, region: Option<String>) -> Vec<Diagnostic> {
    let mut vo = Options::default()
        .with_pack(PackKind::GenericByoi)
        .with_provider(provider);
    vo.region = region;
    validate(values, &vo).diagnostics
}

/// The JSON Schema of `kind`'s values, as pretty-printed JSON text.
///
/// Keys `validate` does not know are schema errors where the mapping is closed
/// (`validate` reports them as `pack/unknown-key` or `pack/misplaced-key`); every typed
/// key also accepts a string holding a macro.
#[must_use]
pub fn json_schema(kind: PackKind) -> String {
    schema::json_schema(kind)
}

/// The engine's settings for these options, with the pack rules' answers about shapes.
fn settings(options: &Options) -> Settings {
    Settings {
        strict: options.strict,
        limits: options.limits,
        shapes: SHAPES,
    }
}

/// The pack rules' answers to the engine: a pack's kind is told by its name, else
/// detected from its values.
const SHAPES: Shapes = Shapes {
    known_path: |name, doc, dotted| {
        kind_of(name, doc).is_some_and(|k| pack::is_known_path(k, dotted))
    },
    dotted_options: |name, doc| kind_of(name, doc) == Some(PackKind::EdgeNativeByoi),
};

/// The BYOOS kind of a pack: by its name, else detected from its values.
fn kind_of(name: &str, doc: &Document<'_>) -> Option<PackKind> {
    PackKind::from_name(name).or_else(|| doc.root().and_then(pack::detect))
}

/// The name this document has for self references.
fn self_name(options: &Options, kind: Option<PackKind>) -> String {
    options
        .pack_name
        .clone()
        .or_else(|| kind.map(|k| k.as_str().to_owned()))
        .unwrap_or_default()
}

/// The macro checks of `validate`: without a context, syntax, names, functions and self
/// references; with one, a full render whose values are checked again as the pack,
/// each finding inside a rendered value mapped back to the value as written.
/// `own` is the document as parsed once for the call; `shared`, when given, holds the
/// packs of `options.context` (parsed once for a profile).
fn check_macros(
    own: Rc<Document<'_>>,
    kind: Option<PackKind>,
    options: &Options,
    shared: Option<&SharedPacks<'_, '_>>,
    diags: &mut Vec<Diagnostic>,
) {
    if !own.text().contains("{{") {
        return;
    }
    let name = self_name(options, kind);
    let settings = settings(options);
    let ctx_texts;
    let own_docs;
    let ctx_docs = match shared {
        Some(s) => s.docs(),
        None => {
            ctx_texts = options
                .context
                .as_ref()
                .map(template::context_pack_texts)
                .unwrap_or_default();
            own_docs = template::parse_context_packs(&ctx_texts, &settings.limits, |n| n == name);
            &own_docs
        }
    };
    let Some(rendering) = template::check_macros(
        own,
        name,
        options.context.as_ref(),
        ctx_docs,
        &settings,
        diags,
    ) else {
        return;
    };
    recheck(&rendering, kind, &options.pack_options(), &settings, diags);
}

/// Check the rendered values as the pack, and keep what is found inside them.
fn recheck(
    rendering: &Rendering<'_>,
    kind: Option<PackKind>,
    pack_options: &PackOptions<'_>,
    settings: &Settings,
    diags: &mut Vec<Diagnostic>,
) {
    if kind.is_none() && nothing_inside(rendering) {
        #[cfg(debug_assertions)]
        {
            let mut again = diags.clone();
            recheck_rendered(rendering, kind, pack_options, settings, &mut again);
            assert_eq!(
                &again, diags,
                "the rendered values of a pack found something inside a replaced value"
            );
        }
        return;
    }
    recheck_rendered(rendering, kind, pack_options, settings, diags);
}

/// Whether the checks of [`recheck`] without a pack kind cannot find anything inside a
/// replaced value: every replaced value a scalar that is not a key, quoted and written
/// back in its quotes on one line, or a block scalar whose content was rewritten after
/// its header, the rest of the text unchanged ([`Document::quoted_edits`]; no replaced
/// value is plain before or after), in one document whose root is a mapping that no
/// pack kind is detected from, and no key an empty scalar. Then the rendered values
/// have the structure and the keys of the values as written (the emitter reads them
/// back so), and what `pack::check` finds without a kind is in none of the replaced
/// values: unknown tags are reported at the tag, before the value; curly quotes only in
/// plain scalars; duplicate keys at the key; an unknown kind at the root mapping; a
/// second document at its start. Detecting a kind reads keys only, so the rendered
/// values are detected as nothing too (`docs/decisions.md` §47). Debug builds check the
/// claim.
fn nothing_inside(rendering: &Rendering<'_>) -> bool {
    let doc = &rendering.doc;
    doc.document_count() == 1
        && doc
            .root()
            .is_some_and(|r| r.is_mapping() && pack::detect(r).is_none())
        && !doc
            .nodes()
            .any(|n| doc.is_key(n.id()) && n.node().range.is_empty())
        && doc
            .quoted_edits(
                &rendering.text,
                rendering
                    .replaced
                    .iter()
                    .map(|e| (e.node, e.new_region.clone())),
                true,
            )
            .is_some()
}

/// [`recheck`], the rendered values read and checked.
fn recheck_rendered(
    rendering: &Rendering<'_>,
    kind: Option<PackKind>,
    pack_options: &PackOptions<'_>,
    settings: &Settings,
    diags: &mut Vec<Diagnostic>,
) {
    // The rendered text reads as the document with the replaced values when they were
    // all quoted scalars written back in their quotes (the emitter's read-back claim):
    // then it is made from the document, not parsed.
    let edits: Option<Vec<_>> = rendering
        .replaced
        .iter()
        .map(|e| {
            Some((
                e.node,
                e.new_region.clone(),
                e.resolution.as_ref()?.value.as_str(),
            ))
        })
        .collect();
    let made = edits.and_then(|edits| {
        rendering
            .doc
            .with_quoted_edits(&rendering.text, &edits, &settings.limits)
    });
    let rendered = match made {
        Some(doc) => doc,
        None => {
            let mut rd = Vec::new();
            let rendered = Document::parse(&rendering.text, &settings.limits, &mut rd);
            if diagnostic::has_errors(&rd) {
                return;
            }
            rendered
        }
    };
    let mut after = Vec::new();
    pack::check(&rendered, kind, pack_options, &mut after);
    let doc = &rendering.doc;
    let mut moved = Vec::new();
    for mut d in after {
        let Some(e) = rendering
            .replaced
            .iter()
            .find(|e| e.new_region.start <= d.span.start && d.span.end <= e.new_region.end)
        else {
            continue;
        };
        let Some(res) = &e.resolution else {
            continue;
        };
        // A secret that a macro brings in is what the pack should do (the source holds
        // the reference, not the secret); the check before rendering saw the source.
        if res.failed || matches!(d.code, Code::YamlImplicitType | Code::PackPlaintextSecret) {
            continue;
        }
        d.span = doc.span(doc.node(e.node).range.clone());
        d.fix = None; // a fix of the rendered text, not of the source
        d.message = format!("after rendering: {}", d.message);
        if res.tainted {
            // The value depends on a sensitive variable: whatever the check quotes of
            // it (even a fragment) is hidden.
            let whole = res.value.contains('`');
            d.message = mask_quoted(&d.message, whole);
            d.help = d.help.as_deref().map(|h| mask_quoted(h, whole));
            // Nor where it stands: the rendered path can spell the value (a rendered
            // key), and the line of the other key of a duplicate tells which it equals.
            d.path = doc.path_of(e.node);
            if d.code == Code::YamlDuplicateKey {
                d.help = Some("keep one of them".to_owned());
            }
        }
        moved.push((d, doc.node(e.node).range.clone()));
    }
    once_at_origin(doc.text(), moved, diags);
}

/// Every `` `…` `` fragment replaced by `` `***` ``. When the quotes cannot be told
/// apart (`whole`: the quoted value itself holds a backtick; or an odd number of them),
/// everything from the first backtick to the last is masked.
fn mask_quoted(text: &str, whole: bool) -> String {
    if whole || text.bytes().filter(|&b| b == b'`').count() % 2 == 1 {
        if let (Some(first), Some(last)) = (text.find('`'), text.rfind('`')) {
            if first < last {
                return format!("{}`***`{}", &text[..first], &text[last + 1..]);
            }
        }
    }
    let mut out = String::with_capacity(text.len());
    for (i, part) in text.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        out.push_str(if i % 2 == 1 { "***" } else { part });
    }
    out
}

const AFTER: &str = "after rendering: ";

/// Add the findings of the rendered values, each once: a finding of a value that only
/// references another value (`pack.content.images[0].image` →
/// `options.system.uri`) is reported at the value it references when that one has
/// the same finding, and that finding names the other place.
fn once_at_origin(
    text: &str,
    moved: Vec<(Diagnostic, std::ops::Range<usize>)>,
    diags: &mut Vec<Diagnostic>,
) {
    let before = diags.len();
    // For each moved finding, the finding it copies: an index into `diags` (found
    // before rendering) or, past `before`, into `moved`.
    let origin: Vec<Option<usize>> = moved
        .iter()
        .enumerate()
        .map(|(i, (d, range))| {
            let source = &text[range.clone()];
            let core = d.message.strip_prefix(AFTER).unwrap_or(&d.message);
            let same = |e: &Diagnostic| {
                e.code == d.code
                    && e.path != d.path
                    && e.message.strip_prefix(AFTER).unwrap_or(&e.message) == core
                    && source.contains(&format!(".{}", diagnostic::dotted(&e.path)))
            };
            diags[..before].iter().position(same).or_else(|| {
                moved
                    .iter()
                    .enumerate()
                    .position(|(j, (e, _))| j != i && same(e))
                    .map(|j| before + j)
            })
        })
        .collect();
    let mut notes: Vec<(usize, String)> = Vec::new();
    for (i, o) in origin.iter().enumerate() {
        if let Some(o) = o {
            notes.push((*o, diagnostic::dotted(&moved[i].0.path)));
        }
    }
    diags.extend(moved.into_iter().map(|(d, _)| d));
    for (o, place) in &notes {
        let d = &mut diags[*o];
        d.message = format!("{} (also at `{place}`, which references it)", d.message);
    }
    let mut i = 0;
    diags.retain(|_| {
        let keep = i < before || origin[i - before].is_none();
        i += 1;
        keep
    });
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
            doc.diag(
                Code::PackUnknownKind,
                Path::root(),
                0..0,
                "cannot tell which BYOOS pack these values are for",
            )
            .with_help("give the pack kind (`edge-native-byoi` or `generic-byoi`)"),
        );
    }
    let version = terraform_version(options.version.as_deref(), &doc, &mut diagnostics);
    match (kind, version) {
        (Some(kind), Some(version)) if !diagnostic::has_errors(&diagnostics) => {
            Ok(report::to_terraform_text(
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
        doc.diag(Code::TerraformPackVersion, Path::root(), 0..0, problem)
            .with_help("give the version the registry lists for the pack (e.g. `1.0.0`), as the profile's OS layer in Palette shows it"),
    );
    None
}

/// [`render_profile_with`] of a Terraform module: each `.tf` file of a folder (name,
/// text), in the order given, its `spectrocloud_cluster_profile` resources rendered on
/// their own (they do not reference each other). `read_file` answers `file("…")` with
/// paths relative to the module's folder. One result per file: its diagnostics point
/// into that file (or the file its values are).
#[must_use]
pub fn render_module(
    files: &[(String, String)],
    context: &Context,
    options: &Options,
    read_file: &ReadFile<'_>,
) -> Vec<(String, Result<RenderedProfile, Failure>)> {
    let mut o = options.clone();
    o.input = Some(InputKind::Terraform);
    files
        .iter()
        .map(|(name, text)| {
            let mut fo = o.clone();
            fo.file_name = Some(name.clone());
            (
                name.clone(),
                render_profile_with(text, context, &fo, read_file),
            )
        })
        .collect()
}
