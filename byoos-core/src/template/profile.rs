//! `render_profile`: every pack of a cluster profile rendered together, so packs can
//! reference each other. The profile is read by [`crate::profile`] (the simple shape,
//! Palette's export as YAML or JSON, Terraform).

use super::context::Context;
use super::resolve::{PackDoc, VarDef};
use super::variables;
use super::{emit, resolve, scrub, ContextPacks, Settings};
use crate::codes::Code;
use crate::diagnostic::{self, Diagnostic};
use crate::limits::Limits;
use crate::profile::{PackIn, Profile, VariableIn};
use crate::yaml::Document;
use serde::Serialize;
use std::rc::Rc;

/// One rendered pack of a profile.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct RenderedPack {
    /// No diagnostic of this pack is an error.
    pub ok: bool,
    /// The pack's name.
    pub name: String,
    /// Its tag (version), when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Its layer (`os`, `k8s`, …), when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layer: Option<String>,
    /// The rendered values (the original text when they could not be rendered).
    pub text: String,
    /// The pack's values as written in the profile, decoded (not serialised; the
    /// profile holds it).
    #[serde(skip)]
    pub values: String,
    /// The file the spans of `diagnostics` point into when it is not the profile text:
    /// the file a Terraform `file("…")` names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Findings in this pack's values; their spans point into the profile text (or
    /// into `file`), at the characters of the values as written there.
    pub diagnostics: Vec<Diagnostic>,
    /// `text` holds a secret: the value (or default) of a sensitive profile variable, or
    /// a `providerCredentials.password`. A file holding it should be readable by its
    /// owner only (not serialised).
    #[serde(skip)]
    pub sensitive: bool,
}

/// A rendered profile.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct RenderedProfile {
    /// No diagnostic of the profile or of any pack is an error.
    pub ok: bool,
    /// The profile's name, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Every pack, in profile order.
    pub packs: Vec<RenderedPack>,
    /// Findings about the profile itself (spans point into the profile text).
    pub diagnostics: Vec<Diagnostic>,
    /// The texts of the files Terraform's `file("…")` named, by name.
    #[serde(skip)]
    pub files: Vec<(String, String)>,
}

impl RenderedProfile {
    /// The text a pack's diagnostics point into: `profile` (the text given to
    /// [`crate::render_profile`]), or the referenced file the pack's values are.
    #[must_use]
    pub fn source_of<'s>(&'s self, pack: &RenderedPack, profile: &'s str) -> &'s str {
        pack.file
            .as_deref()
            .and_then(|f| self.files.iter().find(|(n, _)| n == f))
            .map_or(profile, |(_, t)| t.as_str())
    }
}

/// One pack's values, parsed once per call: the document every step of the call
/// shares (the render, the pack rules, the macro checks, the other packs' references),
/// and what the parse found (each step that reports on the pack takes a copy).
#[derive(Debug)]
pub(crate) struct ParsedPack<'t> {
    /// The parsed values.
    pub(crate) doc: Rc<Document<'t>>,
    /// The parse's findings (spans into the values).
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// Every pack of a profile parsed with `limits`, in profile order: the documents that
/// [`render_read`] and the checks of each pack take.
pub(crate) fn parse_packs<'t>(packs: &'t [PackIn], limits: &Limits) -> Vec<ParsedPack<'t>> {
    packs
        .iter()
        .map(|p| {
            let mut diagnostics = Vec::new();
            let doc = Document::parse(&p.values, limits, &mut diagnostics);
            ParsedPack {
                doc: Rc::new(doc),
                diagnostics,
            }
        })
        .collect()
}

/// Render every pack of a profile that [`crate::profile`] read (`parsed`: its packs,
/// from [`parse_packs`] with `options.limits`), against `context` (whose packs
/// `ctx_packs` holds); the engine of [`crate::render_profile`]. Diagnostics are not
/// redacted here, and their spans point into each pack's values text: the operation
/// places them.
pub(crate) fn render_read<'t>(
    profile: &Profile,
    parsed: &[ParsedPack<'t>],
    defs: Vec<VarDef>,
    (context, ctx_packs): (&Context, &ContextPacks<'t>),
    options: &Settings,
) -> Vec<RenderedPack> {
    render_packs(&profile.packs, parsed, defs, (context, ctx_packs), options)
}

/// Variable definitions of a profile, checked here with spans into the profile.
pub(crate) fn definitions(vars: &[VariableIn], pdiags: &mut Vec<Diagnostic>) -> Vec<VarDef> {
    let mut defs: Vec<VarDef> = Vec::new();
    for v in vars {
        match serde_json::from_value::<super::VariableDefinition>(v.json.clone()) {
            Ok(def) => {
                for f in variables::check_definition(&def) {
                    let mut d = Diagnostic::new(f.code, f.message, v.path.clone(), v.span);
                    d.help = f.help;
                    pdiags.push(d);
                }
                defs.push(VarDef {
                    def,
                    checked_elsewhere: true,
                });
            }
            Err(e) => pdiags.push(Diagnostic::new(
                Code::VariableDefinition,
                format!(
                    "not a variable definition: {}",
                    crate::secrets::serde_message(&e.to_string())
                ),
                v.path.clone(),
                v.span,
            )),
        }
    }
    defs
}

/// Render every pack together (a pack whose YAML cannot be read only answers
/// references, and keeps its text).
fn render_packs<'t>(
    inputs: &[PackIn],
    parsed: &[ParsedPack<'t>],
    defs: Vec<VarDef>,
    (context, ctx_packs): (&Context, &ContextPacks<'t>),
    options: &Settings,
) -> Vec<RenderedPack> {
    let mut parse_diags: Vec<Vec<Diagnostic>> = Vec::new();
    let mut packs: Vec<PackDoc<'t>> = Vec::new();
    for (p, parsed) in inputs.iter().zip(parsed) {
        let ok = !diagnostic::has_errors(&parsed.diagnostics);
        parse_diags.push(parsed.diagnostics.clone());
        packs.push(PackDoc {
            name: p.name.clone(),
            doc: Rc::clone(&parsed.doc),
            output: ok,
        });
    }
    let taken = |n: &str| inputs.iter().any(|p| p.name == n);
    let ctx_docs: Vec<(String, Rc<Document<'t>>)> = if ctx_packs.names().all(taken) {
        Vec::new()
    } else {
        ctx_packs
            .docs()
            .iter()
            .filter(|(n, _)| !taken(n))
            .cloned()
            .collect()
    };
    let resolved = resolve(packs, Some(context), &ctx_docs, defs, options);
    let aborted = resolved.aborted.is_some();
    let sensitive = &resolved.sensitive;
    let mut out = Vec::new();
    for ((p, pack), mut diags) in inputs.iter().zip(resolved.packs).zip(parse_diags) {
        diags.extend(pack.diagnostics);
        let mut text = p.values.clone();
        if pack.output && !aborted {
            match emit::emit(&pack.doc, &pack.sites, &options.limits) {
                Ok((t, _)) => text = t,
                Err(d) => diags.push(*d),
            }
        }
        scrub(&mut diags, sensitive, 3);
        diagnostic::sort_and_cap(&mut diags, &options.limits);
        let sensitive = has_password(&pack.doc) || holds_any(&text, sensitive);
        out.push(RenderedPack {
            ok: !diagnostic::has_errors(&diags),
            name: p.name.clone(),
            tag: p.tag.clone(),
            layer: p.layer.clone(),
            text,
            values: p.values.clone(),
            file: p.place.file_name().map(str::to_owned),
            diagnostics: diags,
            sensitive,
        });
    }
    out
}

/// A non-empty `providerCredentials.password` (written out, or a macro that renders to one).
fn has_password(doc: &Document<'_>) -> bool {
    doc.root()
        .and_then(|r| r.get("providerCredentials"))
        .and_then(|c| c.get("password"))
        .and_then(|p| p.scalar())
        .is_some_and(|(s, _)| !s.is_empty())
}

/// `text` holds one of `values`, as written or with the escapes of a double-quoted scalar.
fn holds_any(text: &str, values: &[String]) -> bool {
    values.iter().any(|v| {
        text.contains(v.as_str())
            || serde_json::to_string(v)
                .is_ok_and(|q| text.contains(q.trim_start_matches('"').trim_end_matches('"')))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{render_profile, Limits, Options};

    #[test]
    fn packs_holding_a_secret_are_marked_sensitive() {
        let profile = r#"variables:
  - {name: token, isSensitive: true}
  - {name: open}
packs:
  - name: plain
    values: "a: '{{ .spectro.var.open }}'\n"
  - name: token
    values: "a: \"{{ .spectro.var.token }}\"\n"
  - name: quoted
    values: "a: \"x{{ .spectro.var.token }}\"\n"
  - name: creds
    values: "providerCredentials:\n  password: \"{{ .spectro.macro.pw }}\"\n"
  - name: empty-password
    values: "providerCredentials:\n  password: ''\n"
"#;
        let context = Context::from_text(
            r#"{"variables": {"values": {"token": "S3cr\"et", "open": "fine"}}, "macros": {"project": {"pw": "Hunter2"}}}"#,
            &Limits::default(),
        )
        .unwrap();
        let r = render_profile(profile, &context, &Options::default()).unwrap();
        let marked: Vec<(&str, bool)> = r
            .packs
            .iter()
            .map(|p| (p.name.as_str(), p.sensitive))
            .collect();
        assert_eq!(
            marked,
            [
                ("plain", false),
                ("token", true),
                ("quoted", true),
                ("creds", true),
                ("empty-password", false)
            ],
            "{:#?}",
            r.packs
        );
    }
}
