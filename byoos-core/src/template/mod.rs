//! Palette macros: `{{ .spectro.system.* }}`, `{{ .spectro.pack.<name>.* }}`,
//! `{{ .spectro.var.* }}` and `{{ .spectro.macro.* }}` inside YAML scalar values, with
//! Sprig-style pipelines (`| default "x"`, `| substr 0 4`, …).
//!
//! Only actions whose first token is a `.spectro` reference are Palette's. Every other
//! `{{ … }}` (Helm `{{ .Release.Name }}`, `{{ template … }}`, ``{{`…`}}``) passes through
//! byte for byte. Rendering replaces only the scalars that hold macros, so comments,
//! key order, quoting and indentation elsewhere stay as written. See `docs/macros.md`.
//!
//! ```
//! use byoos_core::{render, Context, Options};
//!
//! let source = "pack:\n  content:\n    images:\n      - image: \"{{.spectro.pack.edge-native-byoi.options.system.uri}}\"\noptions:\n  system.uri: \"{{ .spectro.pack.edge-native-byoi.options.system.registry }}/ubuntu:k3s-{{ .spectro.system.kubernetes.version }}\"\n  system.registry: ttl.sh  # the registry\n";
//! let context: Context = serde_json::from_str(r#"{"system": {"kubernetes.version": "1.29.5"}}"#).unwrap();
//! let out = render(source, &context, &Options::default()).unwrap();
//! assert!(out.text.contains("- image: \"ttl.sh/ubuntu:k3s-1.29.5\""));
//! assert!(out.text.contains("system.registry: ttl.sh  # the registry"));
//! assert!(out.diagnostics.is_empty());
//! ```

mod blocks;
mod context;
mod emit;
mod functions;
mod lex;
pub(crate) mod parse;
mod profile;
mod resolve;
mod variables;

pub use context::{Context, Macros, VariableDefinition, VariableOption, Variables};
pub(crate) use profile::{
    definitions as profile_definitions, parse_packs, render_read, PackRender, ParsedPack,
};
pub use profile::{RenderedPack, RenderedProfile};
pub(crate) use resolve::VarDef;
pub use resolve::SYSTEM_MACROS;

use crate::diagnostic::{self, Diagnostic};
use crate::failure::{Failure, FailureKind};
use crate::limits::Limits;
use crate::yaml::{Document, NodeId};
use resolve::{Output, PackDoc, Resolver};
use serde::Serialize;
use std::cell::OnceCell;
use std::ops::Range;
use std::rc::Rc;

/// The names and signatures of the functions a pipeline may call, with a summary each.
#[must_use]
pub fn functions() -> Vec<(&'static str, &'static str, &'static str)> {
    functions::all()
        .into_iter()
        .map(|f| (f.name, f.signature, f.doc))
        .collect()
}

/// A rendered document: the text with every Palette macro resolved, and what was found.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Rendered {
    /// No diagnostic is an error (every action was resolved).
    pub ok: bool,
    /// The source with only the macro-bearing scalars replaced.
    pub text: String,
    /// Warnings and errors (sorted by position); an action with an error is left as written.
    pub diagnostics: Vec<Diagnostic>,
}

/// The former name of [`Failure`], the error of rendering.
pub type Diagnostics = Failure;

/// What the engine is told by its caller: plain settings, no pack rules, no operation
/// options.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Settings {
    /// A missing reference is an error instead of an empty string and a warning.
    pub(crate) strict: bool,
    /// Resource budgets.
    pub(crate) limits: Limits,
    /// What the caller knows of the packs' shapes.
    pub(crate) shapes: Shapes,
}

/// The packs' shapes as the engine's hints need them, given by the caller (the
/// operations answer from the pack rules). Each takes the pack's name and values.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Shapes {
    /// Whether a dotted path (`options.system.uri`) is a key of the pack's shape.
    pub(crate) known_path: fn(&str, &Document<'_>, &str) -> bool,
    /// Whether the pack reads `options` as dotted keys only, so that nested mappings
    /// there are never read (Edge).
    pub(crate) dotted_options: fn(&str, &Document<'_>) -> bool,
}

impl Shapes {
    /// No knowledge of any shape.
    pub(crate) const NONE: Shapes = Shapes {
        known_path: |_, _, _| false,
        dotted_options: |_, _| false,
    };
}

/// Render `doc`, named `name` for self references, against `context`; `diags` holds
/// what parsing found. Diagnostics are not redacted here.
pub(crate) fn render_document(
    doc: Document<'_>,
    name: String,
    context: &Context,
    settings: &Settings,
    mut diags: Vec<Diagnostic>,
) -> Result<Rendered, Diagnostics> {
    let ctx_texts = context_pack_texts(context);
    let ctx_docs = parse_context_packs(&ctx_texts, &settings.limits, |n| n == name);
    let own = PackDoc {
        name,
        doc: Rc::new(doc),
        output: true,
    };
    let out = resolve(vec![own], Some(context), &ctx_docs, Vec::new(), settings);
    let Some(own) = out.packs.into_iter().next() else {
        return Err(Failure::new(FailureKind::Render, diags));
    };
    diags.extend(own.diagnostics);
    scrub(&mut diags, &out.sensitive, 3);
    diagnostic::sort_and_cap(&mut diags, &settings.limits);
    if out.aborted.is_some() || (settings.strict && diagnostic::has_errors(&diags)) {
        return Err(Failure::new(FailureKind::Render, diags));
    }
    match emit::emit(&own.doc, &own.sites, &settings.limits) {
        Ok((text, _)) => Ok(Rendered {
            ok: !diagnostic::has_errors(&diags),
            text,
            diagnostics: diags,
        }),
        Err(d) => {
            diags.push(*d);
            Err(Failure::new(FailureKind::Render, diags))
        }
    }
}

/// A document rendered for `validate`: the resolved document, the rendered text, and
/// which bytes of that text replaced which value.
pub(crate) struct Rendering<'t> {
    /// The document as written (after resolution): the one given to [`check_macros`].
    pub(crate) doc: Rc<Document<'t>>,
    /// The rendered text.
    pub(crate) text: String,
    /// Every replaced value, in the order of the text.
    pub(crate) replaced: Vec<Replaced>,
}

/// One value replaced by rendering.
pub(crate) struct Replaced {
    /// The value's node in [`Rendering::doc`].
    pub(crate) node: NodeId,
    /// The bytes of [`Rendering::text`] that replaced it.
    pub(crate) new_region: Range<usize>,
    /// How it was resolved (`None` when the engine kept no record of it).
    pub(crate) resolution: Option<Resolution>,
}

/// How a replaced value was resolved.
pub(crate) struct Resolution {
    /// The new value.
    pub(crate) value: String,
    /// It depends on a sensitive variable.
    pub(crate) tainted: bool,
    /// Some action in it could not be resolved.
    pub(crate) failed: bool,
}

/// The macro checks of `validate`: without a context, syntax, names, functions and self
/// references; with one, a full render. Appends what is found to `diags`; returns the
/// rendering when some value was replaced, for the caller to check again. `own` is the
/// document as parsed once for the call (shared, not copied); `ctx_docs` are the
/// context's packs, parsed ([`parse_context_packs`], [`ContextPacks`]).
pub(crate) fn check_macros<'t>(
    own: Rc<Document<'t>>,
    name: String,
    context: Option<&Context>,
    ctx_docs: &[(String, Rc<Document<'t>>)],
    settings: &Settings,
    diags: &mut Vec<Diagnostic>,
) -> Option<Rendering<'t>> {
    let packs = vec![PackDoc {
        name,
        doc: own,
        output: true,
    }];
    let out = resolve(packs, context, ctx_docs, Vec::new(), settings);
    let own = out.packs.into_iter().next()?;
    let mut found = own.diagnostics;
    scrub(&mut found, &out.sensitive, 3);
    diags.append(&mut found);
    if context.is_none() || out.aborted.is_some() {
        return None;
    }
    let (text, edits) = match emit::emit(&own.doc, &own.sites, &settings.limits) {
        Ok(x) => x,
        Err(d) => {
            diags.push(*d);
            return None;
        }
    };
    rendering(&own.doc, &own.sites, text, edits)
}

/// The [`Rendering`] of a resolved document (`doc`, its `sites`) that [`emit::emit`]
/// wrote as `text` with `edits`; `None` when no value was replaced.
fn rendering<'t>(
    doc: &Rc<Document<'t>>,
    sites: &[resolve::ResolvedSite<'_>],
    text: String,
    edits: Vec<emit::Edit>,
) -> Option<Rendering<'t>> {
    if edits.is_empty() {
        return None;
    }
    // The sites are in document order: each edit's site is found by its start.
    let start = |id: NodeId| doc.node(id).range.start;
    let site_of = |id: NodeId| {
        let i = sites.partition_point(|(s, _, _)| start(*s) < start(id));
        sites.get(i).filter(|(s, _, _)| *s == id)
    };
    let replaced = edits
        .into_iter()
        .map(|e| Replaced {
            resolution: site_of(e.node).map(|(_, _, r)| Resolution {
                value: r.value.clone(),
                tainted: r.tainted,
                failed: r.failed,
            }),
            node: e.node,
            new_region: e.new_region,
        })
        .collect();
    Some(Rendering {
        doc: Rc::clone(doc),
        text,
        replaced,
    })
}

/// Resolve the macros of `packs` (the rendered ones, and any that only answer
/// references): with a context, its packs join them (under names not taken) and its
/// variable definitions follow `defs`. `ctx_docs` holds the context's packs, parsed
/// ([`parse_context_packs`]); without a context it is empty.
fn resolve<'t>(
    mut packs: Vec<PackDoc<'t>>,
    context: Option<&Context>,
    ctx_docs: &[(String, Rc<Document<'t>>)],
    mut defs: Vec<VarDef>,
    settings: &Settings,
) -> Output<'t> {
    if let Some(context) = context {
        add_context_packs(&mut packs, ctx_docs);
        defs.extend(context.variables.definitions.iter().map(|d| VarDef {
            def: d.clone(),
            checked_elsewhere: false,
        }));
    }
    Resolver::new(packs, context, settings.strict, settings.limits, defs)
        .with_shapes(settings.shapes)
        .run()
}

/// The context's packs as (name, text); mappings become JSON text (which is YAML).
pub(crate) fn context_pack_texts(context: &Context) -> Vec<(String, String)> {
    context
        .packs
        .iter()
        .map(|(name, v)| {
            let text = match v {
                serde_json::Value::String(s) => s.clone(),
                other => serde_json::to_string(other).unwrap_or_default(),
            };
            (name.clone(), text)
        })
        .collect()
}

/// The context's packs (`texts`, from [`context_pack_texts`]) parsed, once for every
/// document checked against them; those named as `skip` says are left out (their
/// name is taken). A problem of their YAML is not reported here.
pub(crate) fn parse_context_packs<'t>(
    texts: &'t [(String, String)],
    limits: &Limits,
    skip: impl Fn(&str) -> bool,
) -> Vec<(String, Rc<Document<'t>>)> {
    texts
        .iter()
        .filter(|(name, _)| !skip(name))
        .map(|(name, text)| {
            let mut ignored = Vec::new();
            let doc = Document::parse(text, limits, &mut ignored);
            (name.clone(), Rc::new(doc))
        })
        .collect()
}

/// Every pack of a context (`texts`, from [`context_pack_texts`]), parsed at most once
/// per call, when first needed, for every step of the call that reads them (the render
/// of a profile and the checks of each of its packs).
pub(crate) struct ContextPacks<'t> {
    texts: &'t [(String, String)],
    limits: Limits,
    docs: OnceCell<Vec<(String, Rc<Document<'t>>)>>,
}

impl<'t> ContextPacks<'t> {
    pub(crate) fn new(texts: &'t [(String, String)], limits: Limits) -> Self {
        ContextPacks {
            texts,
            limits,
            docs: OnceCell::new(),
        }
    }

    /// The names of the packs, in the context's order (nothing parsed).
    pub(crate) fn names(&self) -> impl Iterator<Item = &'t str> {
        self.texts.iter().map(|(n, _)| n.as_str())
    }

    /// Every pack, parsed (the first call parses them).
    pub(crate) fn docs(&self) -> &[(String, Rc<Document<'t>>)] {
        self.docs
            .get_or_init(|| parse_context_packs(self.texts, &self.limits, |_| false))
    }
}

fn add_context_packs<'t>(packs: &mut Vec<PackDoc<'t>>, docs: &[(String, Rc<Document<'t>>)]) {
    for (name, doc) in docs {
        if packs.iter().any(|p| &p.name == name) {
            continue; // the document itself, or a profile pack, wins
        }
        packs.push(PackDoc {
            name: name.clone(),
            doc: Rc::clone(doc),
            output: false,
        });
    }
}

/// Replace every sensitive value at least `min_len` bytes long by `***` in messages
/// and help texts.
fn scrub(diags: &mut [Diagnostic], sensitive: &[String], min_len: usize) {
    if sensitive.is_empty() {
        return;
    }
    let mut values: Vec<&String> = sensitive.iter().filter(|s| s.len() >= min_len).collect();
    values.sort_by_key(|s| std::cmp::Reverse(s.len()));
    for d in diags {
        for v in &values {
            crate::diagnostic::redact_secret(&mut d.message, v, min_len);
            if let Some(h) = &mut d.help {
                crate::diagnostic::redact_secret(h, v, min_len);
            }
        }
    }
}

#[cfg(test)]
mod tests;
