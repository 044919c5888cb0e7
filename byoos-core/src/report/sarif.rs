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

/// A SARIF 2.1.0 log with one run: every registry code as a rule, one result per
/// diagnostic. Columns count Unicode code points (`columnKind: unicodeCodePoints`).
#[must_use]
pub fn render_sarif(files: &[SarifFile<'_>]) -> String {
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
        for d in f.diagnostics {
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
                        "artifactLocation": {"uri": f.name.replace('\\', "/")},
                        "region": {
                            "startLine": d.span.line, "startColumn": d.span.column,
                            "endLine": d.span.end_line, "endColumn": d.span.end_column,
                            "charOffset": char_offset, "charLength": char_length,
                        }
                    },
                    "logicalLocations": [{"fullyQualifiedName": d.path.to_string(), "kind": "element"}]
                }],
            });
            if d.suppressed {
                result["suppressions"] = json!([{"kind": "inSource"}]);
            }
            results.push(result);
        }
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "byoos",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/byoos/byoos",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
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
