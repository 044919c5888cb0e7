//! `render_profile`: every pack of a cluster profile rendered together, so packs can
//! reference each other. Accepts `{name?, packs: [{name, tag?, layer?, values}],
//! variables?}` and Palette's profile export (`metadata.name`, `spec.template.packs[]`,
//! `spec.variables[]`), as YAML or JSON.

use super::context::Context;
use super::resolve::{PackDoc, Resolver, VarDef};
use super::variables;
use super::{add_context_packs, context_pack_texts, emit, scrub, Diagnostics, Settings};
use crate::codes::Code;
use crate::diagnostic::{self, Diagnostic, Path};
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
) -> Result<RenderedProfile, Diagnostics> {
    let mut pdiags = Vec::new();
    let pdoc = Document::parse(profile, &options.limits, &mut pdiags);
    if diagnostic::has_errors(&pdiags) {
        return Err(Diagnostics(pdiags));
    }
    let Some(root) = pdoc.root().filter(NodeRef::is_mapping) else {
        return Err(Diagnostics(vec![pdoc
            .diag(Code::TemplateProfile, "a profile is a mapping with a list of `packs`", Path::root(), 0..0)
            .with_help("write `{name, packs: [{name, tag, layer, values}]}` or give Palette's profile export")]));
    };
    let spec = root.get("spec").filter(NodeRef::is_mapping);
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
            return Err(Diagnostics(vec![root
                .diag(
                    Code::TemplateProfile,
                    "the profile has no `packs` list (nor `spec.template.packs`)",
                    &Path::root(),
                )
                .with_help("write `packs: [{name, tag, layer, values}]`")]))
        }
    };
    let Some(items) = packs_node.items() else {
        return Err(Diagnostics(vec![packs_node.diag(
            Code::TemplateProfile,
            format!("`packs` must be a list, not {}", packs_node.type_name()),
            &packs_path,
        )]));
    };
    let name = root
        .get("name")
        .or_else(|| root.get("metadata").and_then(|m| m.get("name")))
        .and_then(|n| n.scalar().map(|s| s.0.to_owned()));
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
                    "a pack of the profile has no `name`",
                    &ipath,
                )
                .with_help("give each pack its `name`"),
            );
            continue;
        };
        if inputs.iter().any(|p| p.name == pname) {
            pdiags.push(
                item.diag(
                    Code::TemplateProfile,
                    format!("pack `{pname}` appears twice in the profile"),
                    &ipath,
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
                            format!(
                                "the values of pack `{pname}` must be text, not {}",
                                v.type_name()
                            ),
                            &ipath.join("values"),
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
    // Variable definitions of the profile, checked here with spans into the profile.
    let vars_node = root
        .get("variables")
        .or_else(|| spec.and_then(|s| s.get("variables")));
    let mut defs: Vec<VarDef> = Vec::new();
    if let Some(vn) = vars_node {
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
                        let mut d = item.diag(f.code, f.message, &ipath);
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
                    format!("not a variable definition: {e}"),
                    &ipath,
                )),
            }
        }
    }
    defs.extend(context.variables.definitions.iter().map(|d| VarDef {
        def: d.clone(),
        checked_elsewhere: false,
    }));

    // Parse every pack; all of them are rendered.
    let mut parse_diags: Vec<Vec<Diagnostic>> = Vec::new();
    let mut packs: Vec<PackDoc<'_>> = Vec::new();
    for p in &inputs {
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
    add_context_packs(&mut packs, &ctx_texts, options);
    let mut r = Resolver::new(packs, Some(context), options.strict, options.limits, defs);
    r.shapes = options.shapes;
    r.run();
    let aborted = r.aborted.is_some();
    let mut out = Vec::new();
    for (i, p) in inputs.iter().enumerate() {
        let mut diags = std::mem::take(&mut parse_diags[i]);
        diags.append(&mut r.diags[i]);
        let mut text = p.values.clone();
        if r.packs[i].output && !aborted {
            let sites = r.sites_of(i);
            match emit::emit(&r.packs[i].doc, &sites, &options.limits) {
                Ok((t, _)) => text = t,
                Err(d) => diags.push(*d),
            }
        }
        scrub(&mut diags, &r.sensitive, 3);
        diagnostic::sort_and_cap(&mut diags, &options.limits);
        let sensitive = has_password(&r.packs[i].doc) || holds_any(&text, &r.sensitive);
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

/// With `strict`, an error anywhere fails the call: the profile's diagnostics and every
/// pack's, the latter moved into the profile text (at the same characters of the
/// `values` scalar when they map exactly, else at the whole scalar) with the path
/// `packs/<i>/values/<path in the values>`.
fn strict_failure(
    pdoc: &Document<'_>,
    inputs: &[PackIn],
    packs: &[RenderedPack],
    mut diags: Vec<Diagnostic>,
) -> Diagnostics {
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
    Diagnostics(diags)
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
