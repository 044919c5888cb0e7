//! `render_profile`: every pack of a cluster profile rendered together, so packs can
//! reference each other. The profile is read by [`crate::profile`] (the simple shape,
//! Palette's export as YAML or JSON, Terraform).

use super::context::Context;
use super::parse::{walk_terms, Part, RefKind, TermKind};
use super::resolve::{PackDoc, PackOutput, VarDef};
use super::variables;
use super::{emit, rendering, resolve, scrub, ContextPacks, Rendering, Settings};
use crate::codes::Code;
use crate::diagnostic::{self, Diagnostic};
use crate::limits::Limits;
use crate::profile::{PackIn, Profile, VariableIn};
use crate::yaml::Document;
use serde::Serialize;
use std::collections::HashSet;
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
) -> Vec<(RenderedPack, PackRender<'t>)> {
    render_packs(&profile.packs, parsed, defs, (context, ctx_packs), options)
}

/// What the render of every pack together found for one pack, for the macro checks of
/// that pack (`docs/decisions.md` §46).
pub(crate) struct PackRender<'t> {
    /// The pack's own resolution for its checks (the pack rendered alone, the profile's
    /// other packs and the context's as context packs, the definitions of the checked
    /// context) would resolve every value of the pack as the render did, and find
    /// what the render found in it: its macro checks can take [`PackRender::rendering`]
    /// instead of resolving it again.
    pub(crate) same: bool,
    /// The rendered values and which bytes replaced which value (`None`: no value was
    /// replaced, or the pack was not rendered).
    pub(crate) rendering: Option<Rendering<'t>>,
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
) -> Vec<(RenderedPack, PackRender<'t>)> {
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
    let defs_same = match context.variables.definitions.is_empty() {
        true => defs
            .iter()
            .all(|d| variables::check_definition(&d.def).is_empty()),
        false => defs.is_empty(),
    };
    let resolved = resolve(packs, Some(context), &ctx_docs, defs, options);
    let aborted = resolved.aborted.is_some();
    let same = if aborted || !defs_same {
        vec![false; inputs.len()]
    } else {
        own_resolutions_agree(inputs, &resolved.packs, ctx_packs)
    };
    let sensitive = &resolved.sensitive;
    let mut out = Vec::new();
    let rendered = inputs.iter().zip(resolved.packs).zip(parse_diags);
    for (((p, pack), mut diags), same) in rendered.zip(same) {
        diags.extend(pack.diagnostics);
        let mut text = p.values.clone();
        let mut checks = PackRender {
            same: same && pack.output,
            rendering: None,
        };
        if pack.output && !aborted {
            match emit::emit(&pack.doc, &pack.sites, &options.limits) {
                Ok((t, edits)) => {
                    checks.rendering = rendering(&pack.doc, &pack.sites, t.clone(), edits);
                    text = t;
                }
                Err(d) => diags.push(*d),
            }
        }
        scrub(&mut diags, sensitive, 3);
        diagnostic::sort_and_cap(&mut diags, &options.limits);
        let sensitive = has_password(&pack.doc) || holds_any(&text, sensitive);
        let rendered = RenderedPack {
            ok: !diagnostic::has_errors(&diags),
            name: p.name.clone(),
            tag: p.tag.clone(),
            layer: p.layer.clone(),
            text,
            values: p.values.clone(),
            file: p.place.file_name().map(str::to_owned),
            diagnostics: diags,
            sensitive,
        };
        out.push((rendered, checks));
    }
    out
}

/// For each pack of a profile rendered together (`inputs`, their `resolved` output,
/// without a budget exceeded, the definitions the same as the checked context's): does
/// its own resolution for its checks agree with the render? It does when no
/// resolution can cross from one pack into another pack's macros: every reference a
/// pack's values make to another pack reads a value without macros there (the same
/// document in both resolutions, a value either resolution reads the same way), so each
/// pack's macros are resolved from its own values only, in the same order, against the
/// same values, with the same budgets and depths, in both (`docs/decisions.md` §46).
/// A reference that may reach a value with macros in another pack makes both packs
/// disagree (the render reports that value's problems in its own pack, the pack's own
/// resolution at the reference, and a cycle's place depends on where it was entered); one
/// that may reach one in a pack of the given context only, every pack (its macros may
/// refer anywhere); one to a name both the profile and the given context have, both
/// (the render reads the profile's pack, the checks the context's).
fn own_resolutions_agree(
    inputs: &[PackIn],
    resolved: &[PackOutput<'_>],
    ctx_packs: &ContextPacks<'_>,
) -> Vec<bool> {
    let n = inputs.len();
    let mut same = vec![true; n];
    let names: Vec<&str> = inputs.iter().map(|p| p.name.as_str()).collect();
    if names
        .iter()
        .enumerate()
        .any(|(i, a)| names[..i].contains(a))
    {
        return vec![false; n];
    }
    let given: Vec<&str> = ctx_packs.names().collect();
    let mut macro_keys: Vec<Option<MacroKeys>> = (0..n).map(|_| None).collect();
    let mut given_keys: Vec<Option<MacroKeys>> = given.iter().map(|_| None).collect();
    for (q, out) in resolved.iter().enumerate().take(n) {
        let mut terms = Vec::new();
        let mut pipes = Vec::new();
        for (_, site, _) in &out.sites {
            for part in &site.parts {
                if let Part::Palette(a) = part {
                    super::blocks::pipelines(a, &mut pipes);
                }
            }
        }
        for p in &pipes {
            walk_terms(p, &mut terms);
        }
        for t in terms {
            let TermKind::Ref(r) = &t.kind else { continue };
            if r.kind != RefKind::Pack {
                continue;
            }
            let segs: Vec<&str> = r.name().split('.').collect();
            // The pack the reference names: the longest name first, as the resolver
            // finds it (both resolutions have the same names).
            let Some((name, path)) = (1..segs.len()).rev().find_map(|j| {
                let name = segs[..j].join(".");
                let known = names.contains(&name.as_str()) || given.contains(&name.as_str());
                known.then(|| (name, &segs[j..]))
            }) else {
                continue; // a pack neither has: unknown in both
            };
            if name == names[q] {
                continue; // the pack itself, rendered in both
            }
            let in_profile = names.iter().position(|x| *x == name);
            let in_given = given.iter().position(|x| *x == name);
            match (in_profile, in_given) {
                (Some(r), Some(_)) => {
                    same[q] = false;
                    same[r] = false;
                }
                (Some(r), None) => {
                    let keys = macro_keys[r].get_or_insert_with(|| MacroKeys::of(&resolved[r].doc));
                    if keys.may_reach(path) {
                        same[q] = false;
                        same[r] = false;
                    }
                }
                (None, Some(g)) => {
                    let keys =
                        given_keys[g].get_or_insert_with(|| MacroKeys::of(&ctx_packs.docs()[g].1));
                    if keys.may_reach(path) {
                        return vec![false; n];
                    }
                }
                (None, None) => {}
            }
        }
    }
    same
}

/// Where a document holds values with macros, as far as a path can reach them: the
/// keys of the mapping entries whose value (through an alias) is a scalar with `{{`,
/// and whether some sequence item is one.
struct MacroKeys {
    keys: HashSet<String>,
    in_sequence: bool,
}

impl MacroKeys {
    fn of(doc: &Document<'_>) -> MacroKeys {
        let mut keys = HashSet::new();
        let mut in_sequence = false;
        if !doc.text().contains("{{") {
            return MacroKeys { keys, in_sequence };
        }
        let has_macro = |v: crate::yaml::NodeRef<'_, '_>| {
            v.resolve().scalar().is_some_and(|(s, _)| s.contains("{{"))
        };
        for n in doc.nodes() {
            if n.is_mapping() {
                for (k, v) in n.entries().unwrap_or_default() {
                    if let Some((k, _)) = k.scalar() {
                        if has_macro(v) {
                            keys.insert(k.to_owned());
                        }
                    }
                }
            } else if n.is_sequence() && !in_sequence {
                in_sequence = n.items().unwrap_or_default().into_iter().any(has_macro);
            }
        }
        MacroKeys { keys, in_sequence }
    }

    /// Whether the resolver's path lookup of `path` (not empty) may end on a value with
    /// macros: its last step is a key (the last segments joined by `.`) or an item of
    /// a sequence (a number).
    fn may_reach(&self, path: &[&str]) -> bool {
        if self.in_sequence && path.last().is_some_and(|s| s.parse::<usize>().is_ok()) {
            return true;
        }
        !self.keys.is_empty() && (0..path.len()).any(|i| self.keys.contains(&path[i..].join(".")))
    }
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

    /// Which packs of `profile` (rendered against `context`) the render finds for as
    /// their own resolution would.
    fn agreeing(profile: &str, context: &str) -> Vec<(String, bool)> {
        let limits = Limits::default();
        let context = Context::from_text(context, &limits).unwrap();
        let no_files = |_: &str| Err(String::new());
        let read =
            crate::profile::read(profile, crate::InputKind::Profile, &limits, &no_files).unwrap();
        let p = &read.profiles[0];
        let mut pdiags = Vec::new();
        let defs = definitions(&p.variables, &mut pdiags);
        let parsed = parse_packs(&p.packs, &limits);
        let texts = super::super::context_pack_texts(&context);
        let given = ContextPacks::new(&texts, limits);
        let settings = Settings {
            strict: false,
            limits,
            shapes: super::super::Shapes::NONE,
        };
        render_read(p, &parsed, defs, (&context, &given), &settings)
            .into_iter()
            .map(|(r, c)| (r.name, c.same))
            .collect()
    }

    fn names(v: &[(String, bool)]) -> Vec<&str> {
        v.iter()
            .filter(|(_, s)| *s)
            .map(|(n, _)| n.as_str())
            .collect()
    }

    #[test]
    fn the_render_stands_for_the_packs_own_resolution_only_where_none_crosses_into_another_packs_macros(
    ) {
        let profile = r#"packs:
  - name: a
    values: "x: '{{ .spectro.pack.b.plain }}'\ny: '{{ .spectro.pack.a.x }}'\n"
  - name: b
    values: "plain: 1\nm: '{{ .spectro.system.cluster.name }}'\n"
  - name: c
    values: "z: '{{ .spectro.pack.b.m }}'\n"
  - name: d
    values: "w: '{{ .spectro.pack.b.plain }}'\nl: ['{{ .spectro.pack.nope.x }}']\n"
"#;
        // `c` reads a value with macros in `b`: both resolve again.
        let v = agreeing(profile, "{}");
        assert_eq!(names(&v), ["a", "d"]);
        // A reference to a list item of a pack whose lists hold macros.
        let listed = profile.replace("{{ .spectro.pack.b.m }}", "{{ .spectro.pack.d.l.0 }}");
        assert_eq!(names(&agreeing(&listed, "{}")), ["a", "b"]);
        // A name the given context has too: the render reads the profile's `b`.
        let both = agreeing(profile, r#"{"packs": {"b": "plain: 2\n"}}"#);
        assert!(names(&both).is_empty(), "{both:?}");
        // A value with macros in a pack of the given context only: every pack.
        let given = profile.replace("{{ .spectro.pack.b.m }}", "{{ .spectro.pack.g.k }}");
        let v = agreeing(
            &given,
            r#"{"packs": {"g": "k: '{{ .spectro.pack.a.x }}'\n"}}"#,
        );
        assert!(names(&v).is_empty(), "{v:?}");
        // Its plain values are read the same way in both.
        let plain = profile.replace("{{ .spectro.pack.b.m }}", "{{ .spectro.pack.g.k }}");
        let v = agreeing(&plain, r#"{"packs": {"g": "k: 1\n"}}"#);
        assert_eq!(names(&v), ["a", "b", "c", "d"]);
        // Definitions in the context and in the profile: not the same ones in both.
        let defined = format!("variables:\n  - name: v\n{profile}");
        let v = agreeing(
            &defined,
            r#"{"variables": {"definitions": [{"name": "v"}]}}"#,
        );
        assert!(names(&v).is_empty(), "{v:?}");
        assert_eq!(names(&agreeing(&defined, "{}")), ["a", "d"]);
    }

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
