//! The shape checks: every key of a document against the key tables of its kind
//! (unknown, misplaced, missing keys; value types; empty values).

use super::fields::{known_paths, root_fields, Field, Need, Ty};
use super::PackKind;
use crate::codes::Code;
use crate::diagnostic::{dotted, Diagnostic, Path, Severity};
use crate::suggest::closest;
use crate::yaml::typing::{go_readings, GoReadings};
use crate::yaml::{NodeRef, Resolved, Style};
use Need::{Optional, Required};

/// Where a path leaves a pack's shape (see [`shape_lookup`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OffShape {
    /// The index of the first segment the shape does not know.
    pub(crate) at: usize,
    /// A known key close to that segment (a likely typo).
    pub(crate) suggestion: Option<&'static str>,
    /// The keys known at that place (empty when the place holds a value, not a mapping).
    pub(crate) known: Vec<&'static str>,
}

/// Whether the shape of `kind` knows `path`: every key is a known key of its mapping,
/// or lies below an open mapping or a value of any shape (`stages`, `charts`, …).
pub(crate) fn shape_lookup(kind: PackKind, path: &Path) -> Result<(), OffShape> {
    let root = Ty::Map {
        fields: root_fields(kind),
        open: false,
    };
    let mut ty: &Ty = &root;
    for (i, seg) in path.0.iter().enumerate() {
        let off = |fields: &'static [Field], key: &str| OffShape {
            at: i,
            suggestion: closest(key, fields.iter().map(|fl| fl.key)),
            known: fields.iter().map(|fl| fl.key).collect(),
        };
        ty = match (ty, seg) {
            (Ty::Any, _) => return Ok(()),
            (Ty::Map { fields, open }, seg) => {
                let key = match seg {
                    crate::diagnostic::Segment::Key(k) => k.clone(),
                    crate::diagnostic::Segment::Index(n) => n.to_string(),
                };
                match fields.iter().find(|fl| fl.key == key) {
                    Some(fl) => &fl.ty,
                    None if *open => return Ok(()),
                    None => return Err(off(fields, &key)),
                }
            }
            (Ty::List(item), crate::diagnostic::Segment::Index(_)) => item,
            _ => return Err(off(&[], "")),
        };
    }
    Ok(())
}

pub(super) struct Checker {
    pub(super) kind: PackKind,
    pub(super) known: Vec<(Vec<&'static str>, &'static Field)>,
}

fn path_of(segs: &[&str]) -> String {
    segs.join(".")
}

impl Checker {
    pub(super) fn check_map(
        &self,
        node: NodeRef<'_, '_>,
        fields: &'static [Field],
        path: &Path,
        key_node: Option<NodeRef<'_, '_>>,
        diags: &mut Vec<Diagnostic>,
    ) {
        let Some(entries) = node.entries() else {
            return;
        };
        let mut budget = crate::diagnostic::ReportBudget::new(node.doc().limits());
        if budget.full(diags) {
            return;
        }
        let present: Vec<&str> = entries
            .iter()
            .filter_map(|(k, _)| k.scalar().map(|s| s.0))
            .collect();
        for (k, v) in &entries {
            if budget.full(diags) {
                return;
            }
            let Some((key, _)) = k.scalar() else {
                diags.push(
                    k.diag(
                        Code::YamlComplexKey,
                        path,
                        format!("a key must be text, not {}", k.type_name()),
                    )
                    .with_help("write the key as plain text"),
                );
                continue;
            };
            let kpath = path.join(key);
            match fields.iter().find(|fl| fl.key == key) {
                Some(fl) => self.check_value(*k, *v, fl, &kpath, diags),
                None => self.unknown_key(*k, key, fields, path, &present, diags),
            }
        }
        for fl in fields {
            if fl.need == Optional
                || entries
                    .iter()
                    .any(|(k, _)| k.scalar().is_some_and(|(s, _)| s == fl.key))
            {
                continue;
            }
            if self.skip_missing(node, fl.key, path) {
                continue;
            }
            // At the key that names this mapping; at the root, at its first key.
            let at = key_node
                .or_else(|| node.entries().and_then(|e| e.first().map(|(k, _)| *k)))
                .unwrap_or(node);
            let sev = if fl.need == Required {
                Severity::Error
            } else {
                Severity::Warning
            };
            let full = path.join(fl.key);
            diags.push(
                at.diag(
                    Code::PackMissingKey,
                    &full,
                    format!("missing `{}`", dotted(&full)),
                )
                .with_severity(sev)
                .with_help(format!("add `{}`: {}", fl.key, fl.doc)),
            );
        }
    }

    /// The keys of the document root that holds `k`.
    fn root_entries(&self, k: NodeRef<'_, '_>) -> Option<Vec<String>> {
        let root = k.doc().root()?;
        Some(
            root.entries()?
                .iter()
                .filter_map(|(k, _)| k.scalar().map(|s| s.0.to_owned()))
                .collect(),
        )
    }

    /// Missing keys already explained by another diagnostic.
    fn skip_missing(&self, node: NodeRef<'_, '_>, key: &str, path: &Path) -> bool {
        // `options.system.uri` missing but nested `options.system.uri` written: reported as misplaced.
        if key.starts_with("system.") && node.get("system").is_some() {
            return true;
        }
        // Written elsewhere in the document: reported there as misplaced.
        let _ = path;
        node.doc().has_key(key)
    }

    fn unknown_key(
        &self,
        k: NodeRef<'_, '_>,
        key: &str,
        fields: &'static [Field],
        path: &Path,
        present: &[&str],
        diags: &mut Vec<Diagnostic>,
    ) {
        let kpath = path.join(key);
        // Nested `system: {uri: …}` where Palette reads dotted keys.
        if key == "system" && fields.iter().any(|fl| fl.key.starts_with("system.")) {
            diags.push(
                k.diag(Code::PackMisplacedKey, &kpath, "`system:` is nested, but Palette reads dotted option keys")
                    .with_help("write each option as one dotted key at this level: `system.uri: …`, `system.registry: …`"),
            );
            return;
        }
        if self.kind == PackKind::EdgeNativeByoi && path.0.is_empty() && key == "image" {
            // Explained by check_legacy.
            return;
        }
        if self.misplaced(k, key, path, diags) {
            return;
        }
        let other_kind = match self.kind {
            PackKind::EdgeNativeByoi => PackKind::GenericByoi,
            PackKind::GenericByoi => PackKind::EdgeNativeByoi,
        };
        let mut other = Vec::new();
        known_paths(root_fields(other_kind), &mut Vec::new(), &mut other);
        if other
            .iter()
            .any(|(p, _)| p.last() == Some(&key) && p.len() > 1)
        {
            diags.push(
                k.diag(
                    Code::PackUnknownKey,
                    &kpath,
                    format!(
                        "`{key}` belongs to {other_kind}; these values are {}",
                        self.kind
                    ),
                )
                .with_help(format!("remove it, or check these values as {other_kind}")),
            );
            return;
        }
        let mut d = k.diag(
            Code::PackUnknownKey,
            &kpath,
            format!("unknown key `{key}`; Palette ignores it"),
        );
        if let Some(s) = closest_key(key, fields) {
            let s = s.as_str();
            // Renaming to a key this mapping has already would write it twice.
            d = d.with_help(if present.contains(&s) {
                format!("a misspelled `{s}`? `{s}` is set already in this mapping: remove this key")
            } else {
                format!("did you mean `{s}`?")
            });
        } else if !fields.is_empty() {
            let list: Vec<&str> = fields.iter().map(|fl| fl.key).collect();
            d = d.with_help(format!("known keys here: {}", list.join(", ")));
        }
        diags.push(d);
    }

    /// A key known elsewhere in the shape: the wrong place, usually the wrong
    /// indentation. Reported when it is.
    fn misplaced(
        &self,
        k: NodeRef<'_, '_>,
        key: &str,
        path: &Path,
        diags: &mut Vec<Diagnostic>,
    ) -> bool {
        let kpath = path.join(key);
        let here: Vec<&str> = path
            .0
            .iter()
            .filter_map(|s| match s {
                crate::diagnostic::Segment::Key(k) => Some(k.as_str()),
                crate::diagnostic::Segment::Index(_) => None,
            })
            .collect();
        let elsewhere: Vec<&Vec<&'static str>> = self
            .known
            .iter()
            .filter(|(p, _)| p.last() == Some(&key) && p[..p.len() - 1] != here[..])
            .map(|(p, _)| p)
            .collect();
        if let Some(target) = elsewhere.first() {
            let parent = &target[..target.len() - 1];
            let where_ = if parent.is_empty() {
                "at the top level".to_owned()
            } else {
                format!("under `{}`", path_of(parent))
            };
            let mut help = if parent.len() > here.len() && parent.starts_with(&here) {
                format!("indent `{key}:` under `{}`", path_of(parent))
            } else if parent.is_empty() {
                format!("move `{key}:` to the top level (no indentation)")
            } else {
                format!("move `{key}:` under `{}`", path_of(parent))
            };
            let mut fix = None;
            if key == "content" && here.is_empty() {
                help.push_str(
                    "; with `content:` at the same indentation as `pack:`, `pack` is empty",
                );
                fix = (parent == ["pack"]).then(|| indent_under_pack(k)).flatten();
            }
            diags.push(
                k.diag(
                    Code::PackMisplacedKey,
                    &kpath,
                    format!("`{key}` belongs {where_}"),
                )
                .with_help(help)
                .with_fix_opt(fix),
            );
            return true;
        }
        false
    }

    pub(super) fn check_value(
        &self,
        k: NodeRef<'_, '_>,
        v: NodeRef<'_, '_>,
        fl: &'static Field,
        path: &Path,
        diags: &mut Vec<Diagnostic>,
    ) {
        if let Ty::Any = fl.ty {
            return;
        }
        if v.is_null() && !matches!(fl.ty, Ty::Str) {
            if fl.need == Optional {
                return;
            }
            // `pack:` left empty because its children sit at the top level: reported there.
            if fl.key == "pack" && path.0.len() == 1 {
                if let Some(root) = self.root_entries(k) {
                    if root.iter().any(|name| {
                        matches!(
                            name.as_str(),
                            "content" | "drain" | "osImageOverride" | "osName" | "osVersion"
                        )
                    }) {
                        return;
                    }
                }
            }
            diags.push(
                k.diag(
                    Code::PackEmptyValue,
                    path,
                    format!("`{}` is empty", dotted(path)),
                )
                .with_help(format!("give `{}` a value: {}", fl.key, fl.doc)),
            );
            return;
        }
        // A macro stands for a value only known at deploy time: its type is checked after rendering.
        if v.scalar().is_some_and(|(s, _)| s.contains("{{"))
            && !matches!(fl.ty, Ty::Map { .. } | Ty::List(_))
        {
            return;
        }
        match &fl.ty {
            Ty::Str => self.check_str(k, v, fl, path, diags),
            Ty::Bool => {
                if !matches!(v.resolved(), Some(Resolved::Bool(_))) {
                    diags.push(wrong_type(
                        v,
                        path,
                        "true or false",
                        "write `true` or `false` without quotes",
                    ));
                }
            }
            Ty::Int(min) => match v.resolved() {
                Some(Resolved::Int(n)) => {
                    if let Some(m) = min {
                        if n < i128::from(*m) {
                            diags.push(
                                v.diag(
                                    Code::PackInvalidValue,
                                    path,
                                    format!("`{}` must be at least {m}, not {n}", dotted(path)),
                                )
                                .with_help(fl.doc),
                            );
                        }
                    }
                }
                _ => diags.push(wrong_type(
                    v,
                    path,
                    "a whole number",
                    if v.scalar().is_some_and(|(_, st)| !st.is_plain()) {
                        "remove the quotes"
                    } else {
                        "write a whole number of seconds"
                    },
                )),
            },
            Ty::Map { fields, open } => {
                if !v.is_mapping() {
                    let hint = format!("`{}` holds keys: {}", fl.key, key_list(fields));
                    diags.push(wrong_type(v, path, "a mapping", &hint));
                } else if !*open {
                    self.check_map(v, fields, path, Some(k), diags);
                }
            }
            Ty::List(item) => self.check_list(v, fl, item, path, diags),
            Ty::Any => {}
        }
    }

    /// A list and each of its items.
    fn check_list(
        &self,
        v: NodeRef<'_, '_>,
        fl: &'static Field,
        item: &Ty,
        path: &Path,
        diags: &mut Vec<Diagnostic>,
    ) {
        let Some(items) = v.items() else {
            diags.push(wrong_type(
                v,
                path,
                "a list",
                &format!("write `{}:` as a list of `- ` items", fl.key),
            ));
            return;
        };
        for (i, it) in items.iter().enumerate() {
            let ipath = path.join(i);
            match item {
                Ty::Map { fields, .. } => {
                    if it.is_mapping() {
                        self.check_map(*it, fields, &ipath, None, diags);
                    } else if it.as_str().is_some() && fields.iter().any(|f| f.key == "image") {
                        diags.push(wrong_type(
                            *it,
                            &ipath,
                            "a mapping",
                            "write each entry as `- image: <reference>`",
                        ));
                    } else {
                        diags.push(wrong_type(
                            *it,
                            &ipath,
                            "a mapping",
                            &format!("each item holds keys: {}", key_list(fields)),
                        ));
                    }
                }
                Ty::Any => {}
                _ => {}
            }
        }
    }

    fn check_str(
        &self,
        k: NodeRef<'_, '_>,
        v: NodeRef<'_, '_>,
        fl: &'static Field,
        path: &Path,
        diags: &mut Vec<Diagnostic>,
    ) {
        let Some((text, style)) = v.scalar() else {
            diags.push(wrong_type(v, path, "a string", fl.doc));
            return;
        };
        // A plain, untagged scalar is typed as Palette's Go libraries type it.
        let resolved = if style == Style::Plain && v.resolve().node().tag.is_none() {
            let go = go_readings(text);
            if go.is_null() {
                Some(Resolved::Null)
            } else if go.is_string() {
                Some(Resolved::Str)
            } else {
                diags.push(implicit_type(v, fl, path, text, &go));
                return;
            }
        } else {
            v.resolved()
        };
        match resolved {
            Some(Resolved::Str)
                if text.trim().is_empty()
                    && fl.need != Optional
                    && fl.key != "system.customTag" =>
            {
                diags.push(
                    v.diag(
                        Code::PackEmptyValue,
                        path,
                        format!("`{}` is an empty string", dotted(path)),
                    )
                    .with_help(fl.doc),
                );
            }
            Some(Resolved::Str) | None => {}
            Some(Resolved::Null) => {
                if fl.key == "system.customTag" {
                    return; // checked by check_custom_tag
                }
                let sev = if fl.need == Required {
                    Severity::Error
                } else {
                    Severity::Warning
                };
                diags.push(
                    k.diag(
                        Code::PackEmptyValue,
                        path,
                        format!("`{}` is empty", dotted(path)),
                    )
                    .with_severity(sev)
                    .with_help(format!("give `{}` a value: {}", fl.key, fl.doc)),
                );
            }
            Some(r) => {
                let canonical = match r {
                    Resolved::Int(n) => n.to_string(),
                    Resolved::Float(x) => format_float(x),
                    Resolved::Bool(b) => b.to_string(),
                    _ => String::new(),
                };
                let what = match r {
                    Resolved::Bool(_) => "a boolean",
                    _ => "a number",
                };
                let lossy = canonical != text || matches!(r, Resolved::Bool(_));
                // A secret is not quoted, nor the number YAML reads it as.
                let secret = crate::secrets::is_secret_key(fl.key);
                let (text, canonical) = if secret {
                    ("***", "***".to_owned())
                } else {
                    (text, canonical)
                };
                let mut msg = format!("`{text}` is read as {what}, not the string \"{text}\"");
                if lossy && canonical != text {
                    msg = format!(
                        "`{text}` is read as the number {canonical}, not the string \"{text}\""
                    );
                }
                let sev = if lossy {
                    Severity::Error
                } else {
                    Severity::Warning
                };
                let _ = style;
                diags.push(
                    v.diag(Code::YamlImplicitType, path, msg)
                        .with_severity(sev)
                        .with_help(format!("quote it: `{}: \"{text}\"`", fl.key)),
                );
            }
        }
    }
}

/// `yaml/implicit-type` for a plain scalar some Go library does not read as the string
/// written: which library reads it as what; an error unless every library reads a
/// number that prints as the same text (`22`), since the value then survives.
fn implicit_type(
    v: NodeRef<'_, '_>,
    fl: &Field,
    path: &Path,
    text: &str,
    go: &GoReadings,
) -> Diagnostic {
    // A secret is not quoted, nor the value a library reads it as.
    let secret = crate::secrets::is_secret_key(fl.key);
    let shown = if secret { "***" } else { text };
    let sev = if go.prints_back(text) {
        Severity::Warning
    } else {
        Severity::Error
    };
    v.diag(Code::YamlImplicitType, path, go.describe(shown, secret))
        .with_severity(sev)
        .with_help(format!("quote it: `{}: \"{shown}\"`", fl.key))
        .with_fix_opt(v.quote_fix())
}

/// The fix of a top-level `content:` written right after `pack:` at its indentation:
/// every line of the entry indented as `pack`'s keys are (two spaces under an empty
/// `pack:`). `None` when another entry sits between them, `pack` is not empty or a block
/// mapping, it already has a `content`, or the key does not start its line.
fn indent_under_pack(k: NodeRef<'_, '_>) -> Option<crate::diagnostic::Fix> {
    let doc = k.doc();
    let entries = doc.root()?.entries()?;
    let i = entries.iter().position(|(key, _)| key.id() == k.id())?;
    let (pack_key, pack) = entries.get(i.checked_sub(1)?)?;
    let value = entries[i].1;
    let text = doc.text();
    let line_start = |at: usize| text[..at].rfind('\n').map_or(0, |n| n + 1);
    if pack_key.as_str() != Some("pack") || line_start(k.range().start) != k.range().start {
        return None;
    }
    let indent = if pack.is_null() {
        2
    } else {
        let first = pack.entries()?.first()?.0;
        if pack.get("content").is_some() || text[..pack.range().start].ends_with('{') {
            return None;
        }
        first.range().start - line_start(first.range().start)
    };
    if indent == 0 || text[line_start(k.range().start)..].starts_with([' ', '\t']) {
        return None;
    }
    let end = value.range().end.max(k.range().end);
    let end = text[end..].find('\n').map_or(text.len(), |n| end + n + 1);
    let pad = " ".repeat(indent);
    let mut edits = Vec::new();
    let mut at = k.range().start;
    while at < end {
        let line_end = text[at..].find('\n').map_or(text.len(), |n| at + n + 1);
        if !text[at..line_end].trim().is_empty() {
            edits.push(crate::diagnostic::Edit::insert(at, &pad));
        }
        at = line_end;
    }
    Some(crate::diagnostic::Fix { edits })
}

/// The known key closest to `key`. Dotted keys sharing the first part (`system.`) are
/// compared by the rest, so the shared part does not make unrelated names look close
/// (`system.arch` is not a typo of `system.uri`).
fn closest_key(key: &str, fields: &[Field]) -> Option<String> {
    if let Some((head, tail)) = key.split_once('.') {
        let prefix = format!("{head}.");
        let tails: Vec<&str> = fields
            .iter()
            .filter_map(|fl| fl.key.strip_prefix(prefix.as_str()))
            .collect();
        if !tails.is_empty() {
            return closest(tail, tails).map(|t| format!("{prefix}{t}"));
        }
    }
    closest(key, fields.iter().map(|fl| fl.key)).map(str::to_owned)
}

fn key_list(fields: &[Field]) -> String {
    fields.iter().map(|f| f.key).collect::<Vec<_>>().join(", ")
}

pub(super) fn wrong_type(
    v: NodeRef<'_, '_>,
    path: &Path,
    expected: &str,
    help: &str,
) -> Diagnostic {
    v.diag(
        Code::PackWrongType,
        path,
        format!(
            "`{}` must be {expected}, not {}",
            dotted(path),
            v.type_name()
        ),
    )
    .with_help(help)
}

/// A float's text as Go's `%v` prints it (`8.1`, `1000`, `1e+06`), YAML's for NaN and
/// the infinities.
fn format_float(x: f64) -> String {
    if x.is_nan() {
        return ".nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 {
            ".inf".into()
        } else {
            "-.inf".into()
        };
    }
    crate::gofloat::go_float(x)
}

#[cfg(test)]
mod tests {
    use super::format_float;

    /// A tagged float's text is Go's `%v` (yaml.v3 reads `!!float 0.00001` as 1e-05).
    #[test]
    fn floats_as_go_prints_them() {
        assert_eq!(format_float(0.00001), "1e-05");
        assert_eq!(format_float(1e6), "1e+06");
        assert_eq!(format_float(8.1), "8.1");
        assert_eq!(format_float(f64::NEG_INFINITY), "-.inf");
        assert_eq!(format_float(f64::NAN), ".nan");
    }
}
