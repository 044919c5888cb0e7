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

mod context;
mod emit;
mod functions;
pub mod parse;
mod profile;
mod resolve;
pub(crate) mod scalar;
mod variables;

pub use context::{Context, Macros, VariableDefinition, VariableOption, Variables};
pub use profile::{render_profile, RenderedPack, RenderedProfile};
pub use resolve::SYSTEM_MACROS;

use crate::codes::Code;
use crate::diagnostic::{self, Diagnostic};
use crate::failure::{Failure, FailureKind};
use crate::pack::{self, PackKind};
use crate::yaml::Document;
use crate::Options;
use resolve::{PackDoc, Resolver, VarDef};
use serde::Serialize;

/// The names and signatures of the functions a pipeline may call, with a summary each.
#[must_use]
pub fn functions() -> Vec<(&'static str, &'static str, &'static str)> {
    functions::FUNCTIONS
        .iter()
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

/// The former name of [`Failure`], the error of [`render`] and [`render_profile`].
pub type Diagnostics = Failure;

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
    crate::secrets::redact(source, diags);
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
    let ctx_texts = context_pack_texts(context);
    let mut packs = vec![PackDoc {
        name: name.clone(),
        doc,
        output: true,
    }];
    add_context_packs(&mut packs, &ctx_texts, options);
    let defs = context
        .variables
        .definitions
        .iter()
        .map(|d| VarDef {
            def: d.clone(),
            checked_elsewhere: false,
        })
        .collect();
    let mut r = Resolver::new(packs, Some(context), options.strict, options.limits, defs);
    r.run();
    diags.append(&mut r.diags[0]);
    scrub(&mut diags, &r.sensitive, 3);
    diagnostic::sort_and_cap(&mut diags, &options.limits);
    if r.aborted.is_some() || (options.strict && diagnostic::has_errors(&diags)) {
        return Err(Failure::new(FailureKind::Render, diags));
    }
    let sites = r.sites_of(0);
    match emit::emit(&r.packs[0].doc, &sites, &options.limits) {
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

/// The name this document has for self references.
fn self_name(options: &Options, kind: Option<PackKind>) -> String {
    options
        .pack_name
        .clone()
        .or_else(|| kind.map(|k| k.as_str().to_owned()))
        .unwrap_or_default()
}

/// The context's packs as (name, text); mappings become JSON text (which is YAML).
fn context_pack_texts(context: &Context) -> Vec<(String, String)> {
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

fn add_context_packs<'t>(
    packs: &mut Vec<PackDoc<'t>>,
    texts: &'t [(String, String)],
    options: &Options,
) {
    for (name, text) in texts {
        if packs.iter().any(|p| &p.name == name) {
            continue; // the document itself, or a profile pack, wins
        }
        let mut ignored = Vec::new();
        let doc = Document::parse(text, &options.limits, &mut ignored);
        packs.push(PackDoc {
            name: name.clone(),
            doc,
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

/// The macro checks of `validate`: without a context, syntax, names, functions and self
/// references; with one, a full render whose values are checked again as the pack.
pub(crate) fn check(
    own: Document<'_>,
    kind: Option<PackKind>,
    options: &Options,
    diags: &mut Vec<Diagnostic>,
) {
    if !own.text().contains("{{") {
        return;
    }
    let name = self_name(options, kind);
    let Some(context) = options.context.as_ref() else {
        let packs = vec![PackDoc {
            name,
            doc: own,
            output: true,
        }];
        let mut r = Resolver::new(packs, None, options.strict, options.limits, Vec::new());
        r.run();
        diags.append(&mut r.diags[0]);
        return;
    };
    let ctx_texts = context_pack_texts(context);
    let mut packs = vec![PackDoc {
        name,
        doc: own,
        output: true,
    }];
    add_context_packs(&mut packs, &ctx_texts, options);
    let defs = context
        .variables
        .definitions
        .iter()
        .map(|d| VarDef {
            def: d.clone(),
            checked_elsewhere: false,
        })
        .collect();
    let mut r = Resolver::new(packs, Some(context), options.strict, options.limits, defs);
    r.run();
    let mut found = std::mem::take(&mut r.diags[0]);
    scrub(&mut found, &r.sensitive, 3);
    diags.append(&mut found);
    if r.aborted.is_some() {
        return;
    }
    let sites = r.sites_of(0);
    let (text, edits) = match emit::emit(&r.packs[0].doc, &sites, &options.limits) {
        Ok(x) => x,
        Err(d) => {
            diags.push(*d);
            return;
        }
    };
    if edits.is_empty() {
        return;
    }
    // Check the rendered values as the pack, and keep what is found inside them.
    let mut rd = Vec::new();
    let rendered = Document::parse(&text, &options.limits, &mut rd);
    if diagnostic::has_errors(&rd) {
        return;
    }
    let mut after = Vec::new();
    pack::check(&rendered, kind, options, &mut after);
    let mut moved = Vec::new();
    for mut d in after {
        let Some(e) = edits
            .iter()
            .find(|e| e.new_region.start <= d.span.start && d.span.end <= e.new_region.end)
        else {
            continue;
        };
        let Some(res) = sites
            .iter()
            .find(|(id, _, _)| *id == e.node)
            .map(|(_, _, r)| r.clone())
        else {
            continue;
        };
        if res.failed || d.code == Code::YamlImplicitType {
            continue;
        }
        let doc = &r.packs[0].doc;
        d.span = doc.span(doc.node(e.node).range.clone());
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
    let doc = &r.packs[0].doc;
    once_at_origin(doc.text(), moved, diags);
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
                    && source.contains(&format!(".{}", resolve::dotted(&e.path)))
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
            notes.push((*o, resolve::dotted(&moved[i].0.path)));
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

#[cfg(test)]
mod tests;
