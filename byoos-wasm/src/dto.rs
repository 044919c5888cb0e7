//! The JavaScript shapes (camelCase) and their conversions. Pure Rust, no `JsValue`,
//! so `cargo test --workspace` covers it on the host.

use byoos_core::{Context, Encoding, Limits, LineIndex, Options, PackKind, Provider, Segment};
use serde::{Deserialize, Serialize};

/// Options as JavaScript passes them (all optional).
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct JsOptions {
    /// `edge-native-byoi` or `generic-byoi`.
    pub pack: Option<PackKind>,
    /// The cloud provider `osImageOverride` names.
    pub provider: Option<Provider>,
    /// The cluster's AWS region.
    pub region: Option<String>,
    /// Values for macros (the contract's Context shape, keys as in Palette).
    pub context: Option<Context>,
    /// A missing reference is an error instead of an empty string and a warning.
    pub strict: Option<bool>,
    /// The name this document has, for self references.
    pub pack_name: Option<String>,
    /// File name used in messages.
    pub file_name: Option<String>,
    /// Resource budgets.
    pub limits: Option<JsLimits>,
}

/// Resource budgets; a missing one keeps its default.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct JsLimits {
    /// Largest accepted input, in bytes.
    pub max_input_bytes: Option<usize>,
    /// Deepest accepted nesting.
    pub max_depth: Option<usize>,
    /// Most YAML nodes in one input.
    pub max_nodes: Option<usize>,
    /// Most nodes visited while expanding aliases.
    pub max_alias_expansion: Option<usize>,
}

impl From<JsOptions> for Options {
    fn from(js: JsOptions) -> Options {
        let mut options = Options::default();
        options.pack = js.pack;
        options.provider = js.provider;
        options.region = js.region;
        options.context = js.context;
        options.strict = js.strict.unwrap_or(false);
        options.pack_name = js.pack_name;
        options.file_name = js.file_name;
        if let Some(l) = js.limits {
            let mut limits = Limits::default();
            limits.max_input_bytes = l.max_input_bytes.unwrap_or(limits.max_input_bytes);
            limits.max_depth = l.max_depth.unwrap_or(limits.max_depth);
            limits.max_nodes = l.max_nodes.unwrap_or(limits.max_nodes);
            limits.max_alias_expansion =
                l.max_alias_expansion.unwrap_or(limits.max_alias_expansion);
            options.limits = limits;
        }
        options
    }
}

/// Parse options given as JSON text (what `JSON.stringify` makes of the JS object).
///
/// # Errors
/// A message starting `invalid options: ` for unknown fields or wrong values.
pub fn parse_options(json: &str) -> Result<Options, String> {
    serde_json::from_str::<JsOptions>(json)
        .map(Options::from)
        .map_err(|e| {
            let text = e.to_string();
            // serde_json appends " at line 1 column N" (of JSON we made): not useful here.
            let text = text
                .rsplit_once(" at line ")
                .map_or(text.as_str(), |(head, _)| head);
            format!("invalid options: {text}")
        })
}

/// One path segment: a key (string) or a sequence index (number).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum PathItem {
    /// A mapping key.
    Key(String),
    /// A sequence index.
    Index(usize),
}

/// A diagnostic with UTF-16 offsets: `source.slice(d.start, d.end)` is the offending text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagnostic {
    /// Stable slug, e.g. `yaml/smart-quotes`.
    pub code: &'static str,
    /// `error`, `warning` or `info`.
    pub severity: &'static str,
    /// Short, one line.
    pub message: String,
    /// YAML path segments; `[]` for the document.
    pub path: Vec<PathItem>,
    /// 1-based line of the start.
    pub line: u32,
    /// 1-based column of the start, in characters.
    pub column: u32,
    /// 1-based line of the end.
    pub end_line: u32,
    /// 1-based column of the end (one past the last character).
    pub end_column: u32,
    /// UTF-16 offset of the start.
    pub start: usize,
    /// UTF-16 offset one past the end.
    pub end: usize,
    /// One-line fix hint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

/// The result of `validate`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    /// No diagnostic has severity `error`.
    pub ok: bool,
    /// The pack kind checked against, or `null`.
    pub pack: Option<&'static str>,
    /// Every finding, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

/// Core diagnostics about `source` with UTF-16 offsets.
#[must_use]
pub fn diagnostics(source: &str, diags: &[byoos_core::Diagnostic]) -> Vec<Diagnostic> {
    let index = LineIndex::new(source);
    diags
        .iter()
        .map(|d| {
            let (start, end) = d.offsets(source, &index, Encoding::Utf16);
            Diagnostic {
                code: d.code.as_str(),
                severity: d.severity.as_str(),
                message: d.message.clone(),
                path: d
                    .path
                    .0
                    .iter()
                    .map(|s| match s {
                        Segment::Key(k) => PathItem::Key(k.clone()),
                        Segment::Index(i) => PathItem::Index(*i),
                    })
                    .collect(),
                line: d.span.line,
                column: d.span.column,
                end_line: d.span.end_line,
                end_column: d.span.end_column,
                start,
                end,
                help: d.help.clone(),
            }
        })
        .collect()
}

/// Validate `source` and map the report.
#[must_use]
pub fn validate(source: &str, options: &Options) -> Report {
    let report = byoos_core::validate(source, options);
    Report {
        ok: report.ok,
        pack: report.pack.map(PackKind::as_str),
        diagnostics: diagnostics(source, &report.diagnostics),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_offsets_and_camel_case() {
        let source = "# 🚀 rocket\npack:\n  osImageOverride: \"ami-0f4804aff4cf9c5a2\"\n  osName: rhel\n  osVersion: 8.10\n";
        let report = validate(source, &Options::default());
        assert!(!report.ok);
        assert_eq!(report.pack, Some("generic-byoi"));
        let d = report
            .diagnostics
            .iter()
            .find(|d| d.code == "yaml/implicit-type")
            .expect("implicit-type");
        let utf16: Vec<u16> = source.encode_utf16().collect();
        assert_eq!(String::from_utf16_lossy(&utf16[d.start..d.end]), "8.10");
        let json = serde_json::to_value(d).expect("serialisable");
        assert_eq!(json["endLine"], 5);
        assert_eq!(json["path"], serde_json::json!(["pack", "osVersion"]));
        assert!(json.get("end_line").is_none());
    }

    #[test]
    fn options_from_camel_case() {
        let js: JsOptions = serde_json::from_str(
            r#"{"pack":"edge-native-byoi","packName":"x","limits":{"maxDepth":3},"provider":"edge",
                "strict":true,"context":{"system":{"cluster.name":"edge-01"}}}"#,
        )
        .expect("valid options");
        let o = Options::from(js);
        assert_eq!(o.pack, Some(PackKind::EdgeNativeByoi));
        assert_eq!(o.pack_name.as_deref(), Some("x"));
        assert_eq!(o.limits.max_depth, 3);
        assert_eq!(o.limits.max_nodes, Limits::default().max_nodes);
        assert_eq!(o.provider, Some(Provider::Edge));
        assert!(o.strict && o.context.is_some());
        let err = parse_options(r#"{"context":{"sytem":{}}}"#).expect_err("unknown context key");
        assert!(err.contains("unknown field `sytem`"), "{err}");
        let err = parse_options(r#"{"pack_name":"x"}"#).expect_err("unknown field");
        assert!(
            err.starts_with("invalid options: unknown field `pack_name`"),
            "{err}"
        );
        assert!(!err.contains("line 1"), "{err}");
    }
}
