//! WebAssembly bindings for byoos (the `byoos` npm package).
//!
//! `validate(source, options?)` returns a plain object `{ok, pack, diagnostics}` and
//! never throws for bad input; diagnostics carry UTF-16 offsets, so
//! `source.slice(d.start, d.end)` is the offending text. The mapping lives in
//! [`dto`] (pure Rust, tested on the host); this file only crosses the JS boundary.

use wasm_bindgen::prelude::*;

pub mod dto;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/** `edge-native-byoi` or `generic-byoi`. */
export type PackKind = "edge-native-byoi" | "generic-byoi";

/** The infrastructure provider an image reference is meant for. */
export type Provider = "aws" | "azure" | "vsphere" | "gcp" | "openstack" | "maas" | "edge";

/** Values for macros; keys are Palette's (dotted keys such as `cluster.name` allowed). */
export interface Context {
  /** `.spectro.system.*`: nested objects or dotted keys. */
  system?: Record<string, unknown>;
  /** `.spectro.pack.<name>.*`: other packs' values (YAML text or an object). */
  packs?: Record<string, unknown>;
  /** `.spectro.var.*`: Palette's variable definitions and their values. */
  variables?: { definitions?: Record<string, unknown>[]; values?: Record<string, unknown> };
  /** `.spectro.macro.*`: project beats tenant beats system. */
  macros?: { project?: Record<string, unknown>; tenant?: Record<string, unknown>; system?: Record<string, unknown> };
}

/** Options shared by the operations; all optional. */
export interface Options {
  /** The pack kind; detected from the document when omitted. */
  pack?: PackKind | null;
  /** The provider `osImageOverride` names; inferred from the reference when unambiguous. */
  provider?: Provider | null;
  /** The cluster's AWS region (AMI ARNs must be in it). */
  region?: string | null;
  /** With a context, `validate` also renders the values and checks the result. */
  context?: Context | null;
  /** A missing reference is an error instead of Palette's empty string and a warning. */
  strict?: boolean | null;
  /** The name this document has, for self references (default: its kind). */
  packName?: string | null;
  /** File name used in messages. */
  fileName?: string | null;
  /** Resource budgets; a missing one keeps its default. */
  limits?: {
    maxInputBytes?: number;
    maxDepth?: number;
    maxNodes?: number;
    maxAliasExpansion?: number;
  } | null;
}

/** A finding about the input. `start`/`end` are UTF-16 offsets into the source. */
export interface Diagnostic {
  /** Stable slug `area/name`, e.g. `yaml/smart-quotes`. */
  code: string;
  severity: "error" | "warning" | "info";
  /** Short, one line. */
  message: string;
  /** YAML path: keys (strings) and sequence indexes (numbers); `[]` for the document. */
  path: (string | number)[];
  /** 1-based; columns count characters. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** `source.slice(start, end)` is the offending text. */
  start: number;
  end: number;
  /** One-line fix hint, when there is one. */
  help?: string;
}

/** The result of `validate`: `ok` is true when no diagnostic is an error. */
export interface Report {
  ok: boolean;
  pack: PackKind | null;
  diagnostics: Diagnostic[];
}

/**
 * Check one pack's values. Never throws for bad input: every problem is a diagnostic.
 * Throws a `TypeError` when `source` is not a string or `options` is invalid.
 */
export function validate(source: string, options?: Options | null): Report;

/** The version of the library. */
export function version(): string;
"#;

/// Check one pack's values. Never throws for bad input; throws a `TypeError` when
/// `source` is not a string or `options` is not a valid options object.
/// (Its TypeScript declaration is in the custom section above.)
#[wasm_bindgen(skip_typescript)]
pub fn validate(source: JsValue, options: Option<JsValue>) -> Result<JsValue, JsValue> {
    let Some(source) = source.as_string() else {
        return Err(type_error("byoos.validate: `source` must be a string"));
    };
    let options = parse_options(options)?;
    let report = dto::validate(&source, &options);
    to_js(&report)
}

/// The version of the library.
#[wasm_bindgen(skip_typescript)]
#[must_use]
pub fn version() -> String {
    byoos_core::VERSION.to_owned()
}

fn parse_options(options: Option<JsValue>) -> Result<byoos_core::Options, JsValue> {
    match options {
        Some(v) if !v.is_undefined() && !v.is_null() => {
            // Through JSON rather than serde-wasm-bindgen: the latter only reads the
            // fields it knows, so a misspelt option would be silently ignored.
            let json = js_sys::JSON::stringify(&v)
                .ok()
                .and_then(|s| s.as_string())
                .ok_or_else(|| type_error("byoos: invalid options: not serialisable to JSON"))?;
            dto::parse_options(&json).map_err(|e| type_error(&format!("byoos: {e}")))
        }
        _ => Ok(byoos_core::Options::default()),
    }
}

fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| {
            js_sys::Error::new(&format!("byoos: internal error: {e}; this is a bug")).into()
        })
}

fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}
