//! Writing rendered values back into the source text: only the scalars that hold macros
//! change, each in its own style when the new value fits it, double-quoted otherwise.
//! The result is parsed again and compared node by node with the original, so a value
//! can never change the YAML structure.

use super::resolve::{Resolution, ResolvedSite};
use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Path};
use crate::limits::Limits;
use crate::yaml::scalar::{
    block_header, double_quoted, escape_double, literal_body, plain_ok, printable, single_quoted,
    single_quoted_ok, starts_blank, SourceMap,
};
use crate::yaml::{Document, Node, NodeId, NodeKind, Resolved, Style};
use std::ops::Range;

/// One changed scalar: where it was, where it is now.
#[derive(Clone, Debug)]
pub(crate) struct Edit {
    /// The node in the original document.
    pub(crate) node: NodeId,
    /// The bytes in the output that replaced them.
    pub(crate) new_region: Range<usize>,
}

/// A scalar to rewrite; `site` is its index in the resolved sites given to [`emit`].
struct Candidate {
    node: NodeId,
    site: usize,
    style: Style,
    flow: bool,
    level: u8,
    region: Range<usize>,
    text: String,
}

const DOUBLE_QUOTED: u8 = 2;

/// Write `sites` (resolved scalars of `doc`) into the text. Fails with a diagnostic
/// when the output would pass `limits.max_output_bytes`.
pub(crate) fn emit(
    doc: &Document<'_>,
    sites: &[ResolvedSite<'_>],
    limits: &Limits,
) -> Result<(String, Vec<Edit>), Box<Diagnostic>> {
    let text = doc.text();
    let flows: Vec<Range<usize>> = doc
        .nodes()
        .filter(|n| matches!(n.node().kind, NodeKind::Mapping(_) | NodeKind::Sequence(_)))
        .filter(|n| text[n.node().range.start..].starts_with(['[', '{']))
        .map(|n| n.node().range.clone())
        .collect();
    let mut cands: Vec<Candidate> = Vec::with_capacity(sites.len());
    // One buffer for the scalars' pieces (see `splice`), reused.
    let mut scratch = String::new();
    for (i, (id, _, res)) in sites.iter().enumerate() {
        if res.replacements.is_empty() {
            continue;
        }
        let node = doc.node(*id);
        let NodeKind::Scalar { style, .. } = &node.kind else {
            continue;
        };
        let r = &node.range;
        let flow = flows.iter().any(|f| f.start < r.start && r.end <= f.end);
        let mut c = Candidate {
            node: *id,
            site: i,
            style: *style,
            flow,
            level: 0,
            region: r.clone(),
            text: String::new(),
        };
        settle(doc, sites, &mut c, &mut scratch);
        cands.push(c);
    }
    if cands.is_empty() {
        return Ok((text.to_owned(), Vec::new()));
    }
    cands.sort_by_key(|c| c.region.start);
    // A double-quoted scalar (not a key) whose actions were replaced by escaped text, or
    // that was rewritten as one double-quoted line, reads back as exactly its new value:
    // parsing the output again could only confirm it. Debug builds check that claim.
    let exact = cands
        .iter()
        .all(|c| c.style == Style::DoubleQuoted && !doc.is_key(c.node));
    for _round in 0..4 {
        let (out, edits) = assemble(text, &cands);
        if out.len() > limits.max_output_bytes {
            return Err(Box::new(
                doc.diag(
                    Code::LimitOutputSize,
                    Path::root(),
                    0..0,
                    format!(
                        "the rendered document is larger than {} bytes",
                        limits.max_output_bytes
                    ),
                )
                .with_help("raise `limits.max_output_bytes` if this is expected"),
            ));
        }
        if exact {
            debug_assert!(verify(doc, &out, &cands, sites, limits).is_ok(), "{out}");
            return Ok((out, edits));
        }
        let bad = match verify(doc, &out, &cands, sites, limits) {
            Ok(()) => return Ok((out, edits)),
            Err(bad) => bad,
        };
        let mut changed = false;
        for i in bad {
            let c = &mut cands[i];
            if c.level < DOUBLE_QUOTED {
                c.level += 1;
                settle(doc, sites, c, &mut scratch);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    Err(Box::new(doc.diag(
        Code::TemplateSyntax,
        Path::root(),
        0..0,
        "the rendered values could not be written back without changing the YAML structure",
    )))
}

/// Choose the candidate text at `c.level` or the first level above it that applies.
fn settle(doc: &Document<'_>, sites: &[ResolvedSite<'_>], c: &mut Candidate, scratch: &mut String) {
    let text = doc.text();
    let node = doc.node(c.node);
    let (_, _, res) = &sites[c.site];
    let v = res.value.as_str();
    loop {
        let made: Option<(Range<usize>, String)> = match (c.level, c.style) {
            (DOUBLE_QUOTED.., s) => {
                let out = if matches!(s, Style::Literal | Style::Folded) {
                    block_header(text, node).map(|h| {
                        let rest =
                            text[h.indicator_end..h.body_start].trim_end_matches(['\n', '\r']);
                        (
                            h.indicator..node.range.end,
                            format!("{}{rest}", double_quoted(v)),
                        )
                    })
                } else {
                    None
                };
                Some(out.unwrap_or_else(|| (node.range.clone(), double_quoted(v))))
            }
            (0, Style::Plain) => plain_ok(v, c.flow).then(|| (node.range.clone(), v.to_owned())),
            (0, Style::SingleQuoted) => {
                single_quoted_ok(v).then(|| (node.range.clone(), single_quoted(v)))
            }
            (0, Style::DoubleQuoted) => {
                let single_line = !text[node.range.clone()].contains('\n');
                if single_line {
                    splice(doc, node, node.range.clone(), res, scratch, escape_into)
                } else {
                    None
                }
            }
            (0, Style::Literal | Style::Folded) => {
                let inline = |s: &str| {
                    s.chars().all(|ch| {
                        printable(ch)
                            && !matches!(ch, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
                    })
                };
                if res.replacements.iter().all(|r| inline(&v[r.text.clone()])) && !starts_blank(v) {
                    splice(
                        doc,
                        node,
                        node.range.clone(),
                        res,
                        scratch,
                        String::push_str,
                    )
                } else {
                    None
                }
            }
            (1, Style::Literal) => block_header(text, node)
                .and_then(|h| literal_body(v, &h).map(|body| (h.body_start..node.range.end, body))),
            _ => None,
        };
        if let Some((region, t)) = made {
            let long_key = doc.is_key(c.node) && t.len() > 1000;
            let (region, t) = match long_key {
                true => explicit_key(doc, c, region.clone(), t.clone()).unwrap_or((region, t)),
                false => (region, t),
            };
            c.region = region;
            c.text = t;
            return;
        }
        c.level += 1;
    }
}

/// The scalar's source with each rendered action replaced by its text as `enc` writes
/// it; `None` when the positions are not exactly known. The pieces are written into
/// `scratch` (a buffer kept across scalars), then copied out once.
fn splice(
    doc: &Document<'_>,
    node: &Node<'_>,
    region: Range<usize>,
    res: &Resolution,
    scratch: &mut String,
    enc: impl Fn(&mut String, &str),
) -> Option<(Range<usize>, String)> {
    let text = doc.text();
    // Made here rather than read from the site, where it is kept for the resolver's
    // messages: the site was allocated long before the values are written back, and at
    // 10,000 macros reading it missed the cache more than this costs.
    let map = SourceMap::new(text, node);
    if !map.is_exact() {
        return None;
    }
    scratch.clear();
    let mut at = region.start;
    for rep in &res.replacements {
        let src = map.map(rep.range.clone());
        if src.start < at || src.end > region.end {
            return None;
        }
        scratch.push_str(&text[at..src.start]);
        enc(scratch, &res.value[rep.text.clone()]);
        at = src.end;
    }
    scratch.push_str(&text[at..region.end]);
    Some((region, scratch.as_str().to_owned()))
}

/// [`escape_double`] appended to `out`: printable ASCII other than `"` and `\` is
/// written as it is (what `escape_double` gives for it) without a buffer of its own.
fn escape_into(out: &mut String, s: &str) {
    if s.bytes()
        .all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\')
    {
        out.push_str(s);
    } else {
        out.push_str(&escape_double(s));
    }
}

fn assemble(text: &str, cands: &[Candidate]) -> (String, Vec<Edit>) {
    // The output's size, so that its buffer is allocated once (a few bytes too many
    // when regions overlap, which cannot happen).
    let size = cands.iter().fold(text.len(), |n, c| {
        (n + c.text.len()).saturating_sub(c.region.len())
    });
    let mut out = String::with_capacity(size);
    let mut edits = Vec::with_capacity(cands.len());
    let mut at = 0;
    for c in cands {
        if c.region.start < at {
            continue; // overlapping regions cannot happen; keep the first
        }
        out.push_str(&text[at..c.region.start]);
        let start = out.len();
        out.push_str(&c.text);
        edits.push(Edit {
            node: c.node,
            new_region: start..out.len(),
        });
        at = c.region.end;
    }
    out.push_str(&text[at..]);
    (out, edits)
}

/// `Ok` when the output reads back as intended, else the indexes of the candidates to
/// blame (when the structure itself changed, every candidate not yet double-quoted; an
/// empty list when none is left to change).
fn verify(
    doc: &Document<'_>,
    out: &str,
    cands: &[Candidate],
    sites: &[ResolvedSite<'_>],
    limits: &Limits,
) -> Result<(), Vec<usize>> {
    let all_open = || {
        cands
            .iter()
            .enumerate()
            .filter(|(_, c)| c.level < DOUBLE_QUOTED)
            .map(|(i, _)| i)
            .collect::<Vec<_>>()
    };
    let mut diags = Vec::new();
    let lim = Limits {
        max_input_bytes: limits.max_output_bytes.max(limits.max_input_bytes),
        ..*limits
    };
    let new = Document::parse(out, &lim, &mut diags);
    if crate::diagnostic::has_errors(&diags) || new.document_count() != doc.document_count() {
        return Err(all_open());
    }
    let by_node: std::collections::HashMap<NodeId, usize> =
        cands.iter().enumerate().map(|(i, c)| (c.node, i)).collect();
    let mut bad = Vec::new();
    let mut structural = false;
    let mut a = doc.nodes();
    let mut b = new.nodes();
    loop {
        match (a.next(), b.next()) {
            (None, None) => break,
            (Some(x), Some(y)) => {
                let same_kind = std::mem::discriminant(&x.node().kind)
                    == std::mem::discriminant(&y.node().kind);
                if !same_kind {
                    structural = true;
                    break;
                }
                let (NodeKind::Scalar { value: xv, .. }, NodeKind::Scalar { value: yv, .. }) =
                    (&x.node().kind, &y.node().kind)
                else {
                    if let (NodeKind::Mapping(p), NodeKind::Mapping(q)) =
                        (&x.node().kind, &y.node().kind)
                    {
                        structural |= p.len() != q.len();
                    }
                    if let (NodeKind::Sequence(p), NodeKind::Sequence(q)) =
                        (&x.node().kind, &y.node().kind)
                    {
                        structural |= p.len() != q.len();
                    }
                    continue;
                };
                match by_node.get(&x.id()) {
                    Some(&i) => {
                        let want_str = x.resolved() == Some(Resolved::Str);
                        if *yv != sites[cands[i].site].2.value
                            || (want_str && y.resolved() != Some(Resolved::Str))
                        {
                            bad.push(i);
                        }
                    }
                    None => {
                        if xv != yv {
                            structural = true;
                        }
                    }
                }
            }
            _ => {
                structural = true;
                break;
            }
        }
    }
    if structural {
        return Err(all_open());
    }
    if bad.is_empty() {
        Ok(())
    } else {
        Err(bad)
    }
}

/// YAML allows an implicit key of at most 1,024 characters: a longer rendered key is
/// written as an explicit one (`? key` on its own line, then `: value` at the same
/// column; `? key :` inside a flow mapping). `None` when the key's `:` cannot be found.
fn explicit_key(
    doc: &Document<'_>,
    c: &Candidate,
    region: Range<usize>,
    t: String,
) -> Option<(Range<usize>, String)> {
    let text = doc.text();
    let node = doc.node(c.node);
    let full = node.full_range.clone();
    let after = region.end.max(full.end);
    let gap = text[after..].find(|ch: char| ch != ' ' && ch != '\t')? + after;
    if text.as_bytes().get(gap) != Some(&b':') || full.start > region.start {
        return None;
    }
    let prefix = &text[full.start..region.start];
    if c.flow {
        return Some((full.start..gap + 1, format!("? {prefix}{t} :")));
    }
    let line_start = text[..full.start].rfind('\n').map_or(0, |n| n + 1);
    let indent: String = text[line_start..full.start]
        .chars()
        .map(|ch| if ch == '\t' { '\t' } else { ' ' })
        .collect();
    Some((full.start..gap + 1, format!("? {prefix}{t}\n{indent}:")))
}
