//! WebAssembly bindings for byoos (the `byoos` npm package).
//!
//! Every operation of the contract in camelCase: `validate`, `render`, `renderProfile`,
//! `checkImage`, `fromPackerManifest`, `fromImageConfig`, `toTerraform`, `jsonSchema` (and `version`).
//! Results are plain objects: serialised to one JSON string in Rust and read by V8's
//! `JSON.parse`, which is much faster than building them property by property;
//! diagnostics carry UTF-16 offsets, so `source.slice(d.start, d.end)` is the offending
//! text. `validate`, `checkImage`, `fromPackerManifest` and `fromImageConfig` never throw for bad input;
//! `render`, `renderProfile` and `toTerraform` throw an `Error` named `ByoosError` with a
//! `diagnostics` property when they cannot produce a result. Bad arguments (a source that
//! is not a string, unknown or misspelt options) throw a `TypeError`.
//! The mapping lives in [`dto`] (pure Rust, tested on the host); this file only crosses
//! the JS boundary. The TypeScript declarations are hand-written in `types.d.ts`.

use wasm_bindgen::prelude::*;

pub mod dto;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = include_str!("types.d.ts");

/// Check one pack's values. Never throws for bad input; throws a `TypeError` when
/// `source` is not a string or `options` is not a valid options object.
/// (The TypeScript declarations are in `types.d.ts`, above.)
#[wasm_bindgen(skip_typescript)]
pub fn validate(source: JsValue, options: Option<JsValue>) -> Result<JsValue, JsValue> {
    let source = string(&source, "validate", "source")?;
    let options = parse_options(options)?;
    to_js(&dto::validate(&source, &options))
}

/// Render one pack's values with a context; a fatal failure throws a `ByoosError`.
#[wasm_bindgen(skip_typescript)]
pub fn render(
    source: JsValue,
    context: Option<JsValue>,
    options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let source = string(&source, "render", "source")?;
    let context = parse_context(context)?;
    let options = parse_options(options)?;
    dto::render(&source, &context, &options).map_or_else(|f| Err(fatal(f)), |r| to_js(&r))
}

/// Compare two versions of a pack's values; never throws for bad input.
#[wasm_bindgen(skip_typescript)]
pub fn diff(
    old: JsValue,
    new: JsValue,
    context: Option<JsValue>,
    options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let old = string(&old, "diff", "old")?;
    let new = string(&new, "diff", "new")?;
    let context = parse_context(context)?;
    let options = parse_options(options)?;
    to_js(&dto::diff(&old, &new, context, &options))
}

/// Render every pack of a profile; a fatal failure throws a `ByoosError`.
#[wasm_bindgen(js_name = renderProfile, skip_typescript)]
pub fn render_profile(
    profile: JsValue,
    context: Option<JsValue>,
    options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let profile = string(&profile, "renderProfile", "profile")?;
    let context = parse_context(context)?;
    let options = parse_options(options)?;
    dto::render_profile(&profile, &context, &options).map_or_else(|f| Err(fatal(f)), |r| to_js(&r))
}

/// Check one image reference for a provider. Never throws for a bad reference.
#[wasm_bindgen(js_name = checkImage, skip_typescript)]
pub fn check_image(
    provider: JsValue,
    reference: JsValue,
    options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let name = string(&provider, "checkImage", "provider")?;
    let provider =
        dto::provider(&name).map_err(|e| type_error(&format!("byoos.checkImage: {e}")))?;
    let reference = string(&reference, "checkImage", "reference")?;
    let options: dto::JsImageOptions = parse_typed(options, "options")?;
    to_js(&dto::check_image(provider, &reference, &options))
}

/// `generic-byoi` values from a Packer manifest (JSON text). Never throws for a bad manifest.
#[wasm_bindgen(js_name = fromPackerManifest, skip_typescript)]
pub fn from_packer_manifest(
    manifest: JsValue,
    options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let manifest = string(&manifest, "fromPackerManifest", "manifest")?;
    let options: dto::JsPackerOptions = parse_typed(options, "options")?;
    to_js(&dto::from_packer_manifest(&manifest, options))
}

/// `generic-byoi` values from CAPI Image Builder's `imageconfig` text. Never throws for a bad file.
#[wasm_bindgen(js_name = fromImageConfig, skip_typescript)]
pub fn from_image_config(text: JsValue, options: Option<JsValue>) -> Result<JsValue, JsValue> {
    let text = string(&text, "fromImageConfig", "text")?;
    let options: dto::JsImageConfigOptions = parse_typed(options, "options")?;
    to_js(&dto::from_image_config(&text, options))
}

/// Terraform HCL for the values; a fatal failure throws a `ByoosError`.
#[wasm_bindgen(js_name = toTerraform, skip_typescript)]
pub fn to_terraform(source: JsValue, options: Option<JsValue>) -> Result<String, JsValue> {
    let source = string(&source, "toTerraform", "source")?;
    let options: dto::JsTerraformOptions = parse_typed(options, "options")?;
    dto::to_terraform(&source, options).map_err(fatal)
}

/// Change only the named scalars (`{"pack/osImageOverride": "ami-…"}`), keeping comments,
/// order, quoting and indentation; a path that cannot be set throws a `ByoosError`.
#[wasm_bindgen(js_name = setValues, skip_typescript)]
pub fn set_values(
    source: JsValue,
    assignments: JsValue,
    options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let source = string(&source, "setValues", "source")?;
    let assignments: serde_json::Map<String, serde_json::Value> =
        parse_typed(Some(assignments), "assignments")?;
    let options = parse_options(options)?;
    match dto::set_values(&source, &assignments, &options) {
        Ok(e) => to_js(&e),
        Err(Ok(f)) => Err(fatal(f)),
        Err(Err(e)) => Err(type_error(&format!("byoos.setValues: {e}"))),
    }
}

/// Apply every mechanical fix, keeping everything else, and validate again; a fix that
/// would add an error throws a `ByoosError`.
#[wasm_bindgen(skip_typescript)]
pub fn fix(source: JsValue, options: Option<JsValue>) -> Result<JsValue, JsValue> {
    let source = string(&source, "fix", "source")?;
    let options = parse_options(options)?;
    match dto::fix(&source, &options) {
        Ok(f) => to_js(&f),
        Err(f) => Err(fatal(f)),
    }
}

/// The JSON Schema (text) of a pack kind's values.
#[wasm_bindgen(js_name = jsonSchema, skip_typescript)]
pub fn json_schema(kind: JsValue) -> Result<String, JsValue> {
    let kind = string(&kind, "jsonSchema", "kind")?;
    dto::json_schema(&kind).map_err(|e| type_error(&format!("byoos.jsonSchema: {e}")))
}

/// The version of the library.
#[wasm_bindgen(skip_typescript)]
#[must_use]
pub fn version() -> String {
    byoos_core::VERSION.to_owned()
}

fn string(value: &JsValue, op: &str, name: &str) -> Result<String, JsValue> {
    value
        .as_string()
        .ok_or_else(|| type_error(&format!("byoos.{op}: `{name}` must be a string")))
}

/// A JS object as JSON text; `None` for `undefined` and `null`.
// Through JSON rather than serde-wasm-bindgen: the latter only reads the fields it
// knows, so a misspelt option would be silently ignored.
fn json_of(value: Option<JsValue>, what: &str) -> Result<Option<String>, JsValue> {
    match value {
        Some(v) if !v.is_undefined() && !v.is_null() => js_sys::JSON::stringify(&v)
            .ok()
            .and_then(|s| s.as_string())
            .map(Some)
            .ok_or_else(|| type_error(&format!("byoos: invalid {what}: not serialisable to JSON"))),
        _ => Ok(None),
    }
}

fn parse_options(options: Option<JsValue>) -> Result<byoos_core::Options, JsValue> {
    match json_of(options, "options")? {
        Some(json) => dto::parse_options(&json).map_err(|e| type_error(&format!("byoos: {e}"))),
        None => Ok(byoos_core::Options::default()),
    }
}

fn parse_context(context: Option<JsValue>) -> Result<byoos_core::Context, JsValue> {
    parse_typed(context, "context")
}

fn parse_typed<T: serde::de::DeserializeOwned + Default>(
    value: Option<JsValue>,
    what: &str,
) -> Result<T, JsValue> {
    match json_of(value, what)? {
        Some(json) => dto::parse_json(&json, what).map_err(|e| type_error(&format!("byoos: {e}"))),
        None => Ok(T::default()),
    }
}

/// A real `Error` named `ByoosError` with the diagnostics as a property.
fn fatal(f: dto::Fatal) -> JsValue {
    let error = js_sys::Error::new(&f.message);
    error.set_name("ByoosError");
    let diagnostics: Vec<_> = f
        .diagnostics
        .iter()
        .map(byoos_core::HostDiagnostic::camel_case)
        .collect();
    let diagnostics = to_js(&diagnostics).unwrap_or_else(|e| e);
    let _ = js_sys::Reflect::set(&error, &JsValue::from_str("diagnostics"), &diagnostics);
    error.into()
}

/// The result as a JS value: one JSON string from serde_json, one `JSON.parse` in V8.
/// (serde-wasm-bindgen's JSON-compatible serializer gave the same objects, built one
/// property at a time across the boundary: several times slower for large reports.)
fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let json = serde_json::to_string(value).map_err(|e| internal(&e.to_string()))?;
    js_sys::JSON::parse(&json).map_err(|_| internal("the result is not valid JSON"))
}

fn internal(what: &str) -> JsValue {
    js_sys::Error::new(&format!("byoos: internal error: {what}; this is a bug")).into()
}

fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}
