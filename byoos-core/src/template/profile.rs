//! `render_profile`: every pack of a cluster profile rendered together, so packs can
//! reference each other. Accepts `{name?, packs: [{name, tag?, layer?, values}],
//! variables?}` and Palette's profile export (`metadata.name`, `spec.template.packs[]`,
//! `spec.variables[]`), as YAML or JSON.

use super::context::Context;
use super::resolve::{PackDoc, VarDef};
use super::variables;
use super::{context_pack_texts, emit, resolve, scrub, Settings};
use crate::codes::Code;
use crate::diagnostic::{self, Diagnostic, Path};
use crate::failure::{Failure, FailureKind};
use crate::yaml::scalar::SourceMap;
use crate::yaml::{Document, NodeId, NodeRef};
use serde::Serialize;

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
    /// The pack's values as written in the profile: what the spans of `diagnostics`
    /// point into (not serialised; the profile holds it).
    #[serde(skip)]
    pub values: String,
    /// Findings in this pack's values (spans point into its values text).
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
}

struct PackIn {
    name: String,
    tag: Option<String>,
    layer: Option<String>,
    values: String,
    /// The `values` scalar in the profile, when given.
    node: Option<NodeId>,
}

/// Render every pack of a profile against `context` (the engine of
/// [`crate::render_profile`]; diagnostics are not redacted here).
///
/// # Errors
/// When the profile text is not YAML/JSON or has no list of packs; problems inside
/// packs are reported in each pack's diagnostics instead, unless `options.strict`:
/// then any error fails the call, with every diagnostic moved into the profile text.
pub(crate) fn render_profile_unredacted(
    profile: &str,
    context: &Context,
    options: &Settings,
) -> Result<RenderedProfile, Failure> {
    let mut pdiags = Vec::new();
    let pdoc = Document::parse(profile, &options.limits, &mut pdiags);
    if diagnostic::has_errors(&pdiags) {
        return Err(Failure::new(FailureKind::Parse, pdiags));
    }
    let Some(root) = pdoc.root().filter(NodeRef::is_mapping) else {
        return Err(Failure::new(FailureKind::Render, vec![pdoc
            .diag(Code::TemplateProfile, Path::root(), 0..0, "a profile is a mapping with a list of `packs`")
            .with_help("write `{name, packs: [{name, tag, layer, values}]}` or give Palette's profile export")]));
    };
    let spec = root.get("spec").filter(NodeRef::is_mapping);
    let (items, packs_path) = packs_list(root, spec)?;
    let name = root
        .get("name")
        .or_else(|| root.get("metadata").and_then(|m| m.get("name")))
        .and_then(|n| n.scalar().map(|s| s.0.to_owned()));
    let inputs = read_packs(&items, &packs_path, &mut pdiags);
    let defs = profile_variables(root, spec, &mut pdiags);
    let out = render_packs(&inputs, defs, context, options);
    diagnostic::sort_and_cap(&mut pdiags, &options.limits);
    let ok = !diagnostic::has_errors(&pdiags) && out.iter().all(|p| p.ok);
    if options.strict && !ok {
        return Err(strict_failure(&pdoc, &inputs, &out, pdiags));
    }
    Ok(RenderedProfile {
        ok,
        name,
        packs: out,
        diagnostics: pdiags,
    })
}

/// The profile's list of packs (`packs`, or `spec.template.packs` in Palette's export)
/// and its path.
fn packs_list<'d, 't>(
    root: NodeRef<'d, 't>,
    spec: Option<NodeRef<'d, 't>>,
) -> Result<(Vec<NodeRef<'d, 't>>, Path), Failure> {
    let (packs_node, packs_path) = match (
        root.get("packs"),
        spec.and_then(|s| s.get("template"))
            .and_then(|t| t.get("packs")),
    ) {
        (Some(p), _) => (p, Path::root().join("packs")),
        (None, Some(p)) => (
            p,
            Path(vec!["spec".into(), "template".into(), "packs".into()]),
        ),
        (None, None) => {
            return Err(Failure::new(
                FailureKind::Render,
                vec![root
                    .diag(
                        Code::TemplateProfile,
                        &Path::root(),
                        "the profile has no `packs` list (nor `spec.template.packs`)",
                    )
                    .with_help("write `packs: [{name, tag, layer, values}]`")],
            ))
        }
    };
    let Some(items) = packs_node.items() else {
        return Err(Failure::new(
            FailureKind::Render,
            vec![packs_node.diag(
                Code::TemplateProfile,
                &packs_path,
                format!("`packs` must be a list, not {}", packs_node.type_name()),
            )],
        ));
    };
    Ok((items, packs_path))
}

/// Every pack of the list with a name and text values; the others are reported.
fn read_packs(
    items: &[NodeRef<'_, '_>],
    packs_path: &Path,
    pdiags: &mut Vec<Diagnostic>,
) -> Vec<PackIn> {
    let mut inputs: Vec<PackIn> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let ipath = packs_path.join(i);
        let text_of = |key: &str| {
            item.get(key)
                .and_then(|v| v.scalar())
                .map(|s| s.0.to_owned())
        };
        let Some(pname) = text_of("name").filter(|n| !n.is_empty()) else {
            pdiags.push(
                item.diag(
                    Code::TemplateProfile,
                    &ipath,
                    "a pack of the profile has no `name`",
                )
                .with_help("give each pack its `name`"),
            );
            continue;
        };
        if inputs.iter().any(|p| p.name == pname) {
            pdiags.push(
                item.diag(
                    Code::TemplateProfile,
                    &ipath,
                    format!("pack `{pname}` appears twice in the profile"),
                )
                .with_help("references by name would be ambiguous; keep one"),
            );
            continue;
        }
        let node = item.get("values").map(|v| v.id());
        let values = match item.get("values") {
            None => String::new(),
            Some(v) if v.is_null() => String::new(),
            Some(v) => match v.as_str() {
                Some(s) => s.to_owned(),
                None => {
                    pdiags.push(
                        v.diag(
                            Code::TemplateProfile,
                            &ipath.join("values"),
                            format!(
                                "the values of pack `{pname}` must be text, not {}",
                                v.type_name()
                            ),
                        )
                        .with_help("write the values as a block scalar: `values: |`"),
                    );
                    continue;
                }
            },
        };
        inputs.push(PackIn {
            name: pname,
            tag: text_of("tag").or_else(|| text_of("version")),
            layer: text_of("layer"),
            values,
            node,
        });
    }
    inputs
}

/// Variable definitions of the profile, checked here with spans into the profile.
fn profile_variables(
    root: NodeRef<'_, '_>,
    spec: Option<NodeRef<'_, '_>>,
    pdiags: &mut Vec<Diagnostic>,
) -> Vec<VarDef> {
    let vars_node = root
        .get("variables")
        .or_else(|| spec.and_then(|s| s.get("variables")));
    let mut defs: Vec<VarDef> = Vec::new();
    let Some(vn) = vars_node else {
        return defs;
    };
    let vpath = if root.get("variables").is_some() {
        Path::root().join("variables")
    } else {
        Path(vec!["spec".into(), "variables".into()])
    };
    for (i, item) in vn.items().unwrap_or_default().iter().enumerate() {
        let ipath = vpath.join(i);
        let json = match item.to_json(&ipath) {
            Ok(j) => j,
            Err(d) => {
                pdiags.push(*d);
                continue;
            }
        };
        match serde_json::from_value::<super::VariableDefinition>(json) {
            Ok(def) => {
                for f in variables::check_definition(&def) {
                    let mut d = item.diag(f.code, &ipath, f.message);
                    d.help = f.help;
                    pdiags.push(d);
                }
                defs.push(VarDef {
                    def,
                    checked_elsewhere: true,
                });
            }
            Err(e) => pdiags.push(item.diag(
                Code::VariableDefinition,
                &ipath,
                format!("not a variable definition: {e}"),
            )),
        }
    }
    defs
}

/// Parse and render every pack together (a pack whose YAML cannot be read only answers
/// references, and keeps its text).
fn render_packs(
    inputs: &[PackIn],
    defs: Vec<VarDef>,
    context: &Context,
    options: &Settings,
) -> Vec<RenderedPack> {
    let mut parse_diags: Vec<Vec<Diagnostic>> = Vec::new();
    let mut packs: Vec<PackDoc<'_>> = Vec::new();
    for p in inputs {
        let mut d = Vec::new();
        let doc = Document::parse(&p.values, &options.limits, &mut d);
        let ok = !diagnostic::has_errors(&d);
        parse_diags.push(d);
        packs.push(PackDoc {
            name: p.name.clone(),
            doc,
            output: ok,
        });
    }
    let ctx_texts = context_pack_texts(context);
    let resolved = resolve(packs, Some(context), &ctx_texts, defs, options);
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
            diagnostics: diags,
            sensitive,
        });
    }
    out
}

/// With `strict`, an error anywhere fails the call: the profile's diagnostics and every
/// pack's, the latter moved into the profile text (at the same characters of the
/// `values` scalar when they map exactly, else at the whole scalar) with the path
/// `packs/<i>/values/<path in the values>`.
fn strict_failure(
    pdoc: &Document<'_>,
    inputs: &[PackIn],
    packs: &[RenderedPack],
    mut diags: Vec<Diagnostic>,
) -> Failure {
    for (input, pack) in inputs.iter().zip(packs) {
        let Some(id) = input.node else { continue };
        let node = pdoc.node(id);
        let map = SourceMap::new(pdoc.text(), node);
        let path = pdoc.path_of(id);
        for d in &pack.diagnostics {
            let range = map.map(d.span.range());
            let mut moved = d.clone();
            moved.message = format!("in pack `{}`: {}", pack.name, d.message);
            moved.path = Path(path.0.iter().chain(&d.path.0).cloned().collect());
            moved.span = pdoc.span(range);
            diags.push(moved);
        }
    }
    diagnostic::sort(&mut diags);
    Failure::new(FailureKind::Render, diags)
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
