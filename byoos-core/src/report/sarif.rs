//! SARIF 2.1.0 output (GitHub code scanning and other SARIF viewers).

use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Severity};
use serde_json::{json, Value};

/// One checked file: its name (a URI reference relative to the repository root), its
/// text and what was found in it.
#[derive(Debug)]
pub struct SarifFile<'a> {
    /// Path as given on the command line.
    pub name: &'a str,
    /// The file's text.
    pub source: &'a str,
    /// Diagnostics about it.
    pub diagnostics: &'a [Diagnostic],
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// `pack/missing-key` → `PackMissingKey`.
fn rule_name(code: Code) -> String {
    code.as_str()
        .split(['/', '-'])
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// FNV-1a, 64 bits: a hash that stays the same across Rust releases and platforms.
fn fnv1a(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain([0xFF]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// A SARIF 2.1.0 log with one run: every registry code as a rule, one result per
/// diagnostic. Columns count Unicode code points (`columnKind: unicodeCodePoints`).
/// File names are used as `uri`s as they are; see [`render_sarif_rooted`].
#[must_use]
pub fn render_sarif(files: &[SarifFile<'_>]) -> String {
    render_sarif_rooted(files, None)
}

/// [`render_sarif`], with `src_root` (an absolute `file:` URI ending in `/`, e.g. the
/// current folder) as `%SRCROOT%` in `originalUriBaseIds`: the files whose name is a
/// relative reference get `uriBaseId: %SRCROOT%`, so code scanning maps them to the
/// repository. Each result has a `partialFingerprints` entry from its code, file, YAML
/// path and its rank among the results of the same code and path in that file: it
/// survives lines moving, and holds nothing of the file's text.
#[must_use]
pub fn render_sarif_rooted(files: &[SarifFile<'_>], src_root: Option<&str>) -> String {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|c| {
            json!({
                "id": c.as_str(),
                "name": rule_name(*c),
                "shortDescription": {"text": c.summary()},
                "fullDescription": {"text": c.summary()},
                "helpUri": format!("https://github.com/byoos/byoos/blob/main/docs/diagnostics.md#{}", c.as_str().replace('/', "")),
                "defaultConfiguration": {"level": level(c.default_severity())},
            })
        })
        .collect();
    let mut results = Vec::new();
    for f in files {
        let uri = f.name.replace('\\', "/");
        let relative = src_root.is_some() && !uri.starts_with('/') && !uri.contains(':');
        let mut artifact = json!({"uri": uri});
        if relative {
            artifact["uriBaseId"] = json!("%SRCROOT%");
        }
        let mut seen: Vec<(String, usize)> = Vec::new();
        for d in f.diagnostics {
            let key = format!("{}\u{0}{}", d.code, d.path);
            let rank = match seen.iter_mut().find(|(k, _)| *k == key) {
                Some((_, n)) => {
                    *n += 1;
                    *n
                }
                None => {
                    seen.push((key, 0));
                    0
                }
            };
            let fingerprint = fnv1a(&[
                d.code.as_str(),
                &uri,
                &d.path.to_string(),
                &rank.to_string(),
            ]);
            let index = Code::ALL.iter().position(|c| *c == d.code).unwrap_or(0);
            let mut text = d.message.clone();
            if let Some(h) = &d.help {
                text.push_str(" (help: ");
                text.push_str(h);
                text.push(')');
            }
            let start = d.span.start.min(f.source.len());
            let end = d.span.end.clamp(start, f.source.len());
            let char_offset = f.source.get(..start).map_or(0, |p| p.chars().count());
            let char_length = f.source.get(start..end).map_or(0, |p| p.chars().count());
            let mut result = json!({
                "ruleId": d.code.as_str(),
                "ruleIndex": index,
                "level": level(d.severity),
                "message": {"text": text},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": artifact.clone(),
                        "region": {
                            "startLine": d.span.line, "startColumn": d.span.column,
                            "endLine": d.span.end_line, "endColumn": d.span.end_column,
                            "charOffset": char_offset, "charLength": char_length,
                        }
                    },
                    "logicalLocations": [{"fullyQualifiedName": d.path.to_string(), "kind": "element"}]
                }],
                "partialFingerprints": {"byoosFingerprint/v1": fingerprint},
            });
            if d.suppressed {
                result["suppressions"] = json!([{"kind": "inSource"}]);
            }
            results.push(result);
        }
    }
    let mut run = json!({
        "tool": {"driver": {
            "name": "byoos",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "informationUri": "https://github.com/byoos/byoos",
            "rules": rules,
        }},
        "columnKind": "unicodeCodePoints",
        "results": results,
    });
    if let Some(root) = src_root {
        run["originalUriBaseIds"] = json!({"%SRCROOT%": {"uri": root}});
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run]
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names() {
        assert_eq!(rule_name(Code::PackMissingKey), "PackMissingKey");
        assert_eq!(rule_name(Code::IoInvalidUtf8), "IoInvalidUtf8");
    }
}
