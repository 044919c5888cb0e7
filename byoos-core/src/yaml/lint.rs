//! Lints that hold for any YAML document, whatever the pack: unknown tags, curly
//! quotes, duplicate keys, more than one document.

use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Path};
use crate::yaml::{Document, NodeId, Style};

/// `yaml/multiple-documents` at the second document, when the pack's checks did not run.
pub(crate) fn multiple_documents(doc: &Document<'_>, diags: &mut Vec<Diagnostic>) {
    let Some((_, at)) = doc.document(1) else {
        return;
    };
    let end = doc.text()[at..]
        .find('\n')
        .map_or(doc.text().len(), |n| at + n);
    diags.push(
        doc.diag(Code::YamlMultipleDocuments, Path::root(), at..end, "more than one YAML document; only the first is checked")
            .with_help("a pack's values are one document: remove the `---` and what follows, or split the file"),
    );
}

/// Checks over every scalar, whatever the pack: curly quotes, unknown tags.
pub(crate) fn check_scalars(doc: &Document<'_>, diags: &mut Vec<Diagnostic>) {
    let mut budget = crate::diagnostic::ReportBudget::new(doc.limits());
    for n in doc.nodes() {
        if budget.full(diags) {
            return;
        }
        let node = n.node();
        if let Some(tag) = &node.tag {
            let known = tag == "!"
                || tag.starts_with("!!")
                    && matches!(
                        &tag[2..],
                        "str"
                            | "int"
                            | "float"
                            | "bool"
                            | "null"
                            | "map"
                            | "seq"
                            | "binary"
                            | "timestamp"
                    );
            if !known {
                let at = node.full_range.start;
                let tag_end = at
                    + doc.text()[at..]
                        .find(tag.as_str())
                        .map_or(0, |i| i + tag.len());
                diags.push(
                    doc.diag(
                        Code::YamlUnknownTag,
                        doc.path_of(n.id()),
                        at..tag_end.max(at),
                        format!("unknown tag `{tag}`"),
                    )
                    .with_help("Palette reads values with YAML's core schema; remove the tag"),
                );
            }
        }
        let Some((value, style)) = n.scalar().filter(|_| !n.is_alias()) else {
            continue;
        };
        if style != Style::Plain {
            continue;
        }
        let open = value.starts_with(['“', '‘', '”', '’']);
        let close = value.ends_with(['”', '’', '“', '‘']);
        if open || close {
            let range = n.range();
            let help = if value.starts_with(['‘', '’']) || value.ends_with(['‘', '’']) {
                "replace ‘ and ’ with straight single quotes '"
            } else {
                "replace “ and ” with straight double quotes \""
            };
            diags.push(
                doc.diag(
                    Code::YamlSmartQuotes,
                    doc.path_of(n.id()),
                    range,
                    "curly quotes are not YAML quotes: they become part of the value",
                )
                .with_help(help)
                .with_fix_opt(straight_quotes(value, n.range())),
            );
        }
    }
}

/// The fix of a curly-quoted plain scalar: the value without its curly quotes, written
/// double-quoted (one line; escapes where needed).
fn straight_quotes(value: &str, range: std::ops::Range<usize>) -> Option<crate::diagnostic::Fix> {
    let curly = ['“', '‘', '”', '’'];
    let inner = value.strip_prefix(curly).unwrap_or(value);
    let inner = inner.strip_suffix(curly).unwrap_or(inner);
    (!value.contains('\n'))
        .then(|| crate::diagnostic::Fix::replace(range, crate::yaml::scalar::double_quoted(inner)))
}

/// Report duplicate keys in every mapping.
pub(crate) fn check_duplicate_keys(doc: &Document<'_>, diags: &mut Vec<Diagnostic>) {
    // A mapping's scalar keys: (text, where it starts), in order. Most mappings are
    // small: their keys are compared pairwise, a larger one's through `seen`.
    const PAIRWISE: usize = 16;
    let mut budget = crate::diagnostic::ReportBudget::new(doc.limits());
    let mut keys: Vec<(&str, usize, NodeId)> = Vec::new();
    let mut seen: std::collections::HashMap<&str, usize, foldhash::fast::RandomState> =
        std::collections::HashMap::default();
    for n in doc.nodes() {
        if budget.full(diags) {
            return;
        }
        let crate::yaml::NodeKind::Mapping(entries) = &n.node().kind else {
            continue;
        };
        keys.clear();
        keys.extend(
            entries
                .iter()
                .filter_map(|&(k, _)| match &doc.node(k).kind {
                    crate::yaml::NodeKind::Scalar { value, .. } => {
                        Some((&**value, doc.node(k).range.start, k))
                    }
                    _ => None,
                }),
        );
        seen.clear();
        for (i, &(value, start, k)) in keys.iter().enumerate() {
            let first = if keys.len() <= PAIRWISE {
                keys[..i].iter().find(|e| e.0 == value).map(|e| e.1)
            } else {
                let first = seen.get(value).copied();
                seen.entry(value).or_insert(start);
                first
            };
            let kn = doc.node(k);
            if let Some(first) = first {
                let (line, _) = doc.line_index().line_col(doc.text(), first);
                diags.push(
                    doc.diag(
                        Code::YamlDuplicateKey,
                        doc.path_of(k),
                        kn.range.clone(),
                        format!("key `{value}` appears twice in this mapping"),
                    )
                    .with_help(format!("first defined on line {line}; keep one of them")),
                );
            }
        }
    }
}
