//! Python bindings for byoos: the private native module `byoos._byoos`.
//!
//! Thin by design: convert arguments, call `byoos_core` with the GIL released, map the
//! result. The public Python API (keyword-only options, exceptions) lives in
//! `python/byoos/__init__.py`, which passes options and contexts as JSON objects.
//! Offsets handed to Python are code points, so `source[d.start:d.end]` is the
//! offending text.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyString};

mod convert;
mod errors;
mod results;

pub use convert::{Diagnostic, PackReport, Report};
pub use results::{
    Diff, Edited, Fixed, ImageReport, PackerResult, Rendered, RenderedPack, RenderedProfile,
};

use byoos_core::Encoding;
use convert::{diagnostics, from_host, parse_json, parse_options};
use errors::{guarded, Fatal};

/// Check one pack's values, a profile or Terraform. `options` is a JSON object of `byoos_core::Options`
/// (`pack`, `pack_name`, `file_name`, `limits`, …), built by the Python wrapper.
///
/// Never raises for bad input (every problem is a diagnostic); raises `ValueError`
/// for invalid options and `byoos.ByoosError` if the core panics (a bug).
#[pyfunction]
#[pyo3(signature = (source, options = None))]
fn validate(py: Python<'_>, source: PyBackedStr, options: Option<&str>) -> PyResult<Report> {
    let options = parse_options(options)?;
    let (ok, input, pack, packs, diagnostics) = guarded(py, move || {
        let report = byoos_core::validate(&source, &options);
        let diagnostics = from_host(report.host_diagnostics(&source, Encoding::CodePoint));
        let packs = report
            .packs
            .iter()
            .map(|p| convert::PackOut {
                pack: p.clone(),
                diagnostics: from_host(report.pack_host_diagnostics(
                    p,
                    &source,
                    Encoding::CodePoint,
                )),
            })
            .collect::<Vec<_>>();
        (report.ok, report.input, report.pack, packs, diagnostics)
    })?;
    Report::new(py, ok, input, pack, packs, diagnostics)
}

fn parse_context(json: Option<&str>) -> PyResult<byoos_core::Context> {
    parse_json(json, "context", serde_json::from_str)
}

/// Render one pack's values against a context (JSON). Fatal failures raise
/// `byoos.ParseError` / `byoos.RenderError` carrying the diagnostics.
#[pyfunction]
#[pyo3(signature = (source, context = None, options = None))]
fn render(
    py: Python<'_>,
    source: PyBackedStr,
    context: Option<&str>,
    options: Option<&str>,
) -> PyResult<Rendered> {
    let context = parse_context(context)?;
    let options = parse_options(options)?;
    let out = guarded(py, move || {
        match byoos_core::render(&source, &context, &options) {
            Ok(r) => {
                let diags = diagnostics(&source, r.diagnostics);
                Ok((r.text, diags))
            }
            Err(e) => Err(Fatal::new(&source, options.file_name.as_deref(), e)),
        }
    })?;
    match out {
        Ok((text, diags)) => Ok(Rendered::new(text, diags)),
        Err(f) => Err(f.into_err(py)),
    }
}

/// Render every pack of a profile (YAML or JSON text) against a context (JSON).
#[pyfunction]
#[pyo3(signature = (profile, context = None, options = None))]
fn render_profile(
    py: Python<'_>,
    profile: PyBackedStr,
    context: Option<&str>,
    options: Option<&str>,
) -> PyResult<RenderedProfile> {
    let context = parse_context(context)?;
    let options = parse_options(options)?;
    let out = guarded(py, move || {
        match byoos_core::render_profile(&profile, &context, &options) {
            Ok(mut r) => {
                // Each pack's diagnostics point into the profile or a file of the result:
                // both borrowed, never copied per pack.
                let packs = std::mem::take(&mut r.packs)
                    .into_iter()
                    .map(|mut p| {
                        let source = r.source_of(&p, &profile);
                        let values = std::mem::take(&mut p.values);
                        let diagnostics = diagnostics(source, std::mem::take(&mut p.diagnostics));
                        results::PackOut {
                            pack: p,
                            values,
                            diagnostics,
                        }
                    })
                    .collect::<Vec<_>>();
                let diags = diagnostics(&profile, r.diagnostics);
                Ok((r.name, packs, diags))
            }
            Err(e) => Err(Fatal::new(&profile, options.file_name.as_deref(), e)),
        }
    })?;
    match out {
        Ok((name, packs, diags)) => RenderedProfile::new(py, name, packs, diags),
        Err(f) => Err(f.into_err(py)),
    }
}

/// Inputs up to this size are checked without releasing the GIL.
const SHORT_WORK_BYTES: usize = 1024;

/// Check one image reference (AMI id, VHD URL, OCI reference, ...) for `provider`.
///
/// Never raises for a bad reference: `report.ok` is False and the diagnostics say
/// why, with offsets into `reference`. `region` is the cluster's AWS region (an AMI
/// ARN must be in it). Raises ValueError for an unknown provider.
///
/// Exported as `byoos.check_image` itself (no Python wrapper): it is the call made in
/// loops, and its arguments need no conversion.
#[pyfunction]
#[pyo3(signature = (provider, reference, *, region = None))]
fn check_image(
    py: Python<'_>,
    provider: &Bound<'_, PyString>,
    reference: PyBackedStr,
    region: Option<String>,
) -> PyResult<ImageReport> {
    let provider = provider_of(provider)?;
    let mut options = byoos_core::ImageOptions::default();
    options.region = region;
    let long = reference.len() > SHORT_WORK_BYTES;
    let work = move || {
        let mut report = byoos_core::check_image(provider, &reference, &options);
        let diags = if report.diagnostics.is_empty() {
            Vec::new()
        } else {
            diagnostics(&reference, std::mem::take(&mut report.diagnostics))
        };
        (report, diags)
    };
    // A short reference takes well under a microsecond: the GIL is kept.
    let (report, diags) = if long {
        guarded(py, work)?
    } else {
        errors::guarded_held(py, work)?
    };
    Ok(ImageReport::new(report, diags))
}

/// Each provider's name (an interned Python string) → its index in `Provider::ALL`.
static PROVIDER_INDEX: PyOnceLock<Py<PyDict>> = PyOnceLock::new();

/// The provider `name` names. A `str` spelled exactly as a provider's name is found in
/// a dict (its cached hash, then identity or a compare) without reading its text, which
/// in the stable ABI before Python 3.10 means making a `bytes` copy; anything else
/// (other case, whitespace, a `str` subclass) is parsed as `Provider::from_str` parses
/// it, with its errors.
fn provider_of(name: &Bound<'_, PyString>) -> PyResult<byoos_core::Provider> {
    let py = name.py();
    let index = PROVIDER_INDEX.get_or_try_init(py, || -> PyResult<Py<PyDict>> {
        let d = PyDict::new(py);
        for (i, p) in byoos_core::Provider::ALL.iter().enumerate() {
            d.set_item(PyString::intern(py, p.as_str()), i)?;
        }
        Ok(d.unbind())
    })?;
    if name.is_exact_instance_of::<PyString>() {
        if let Some(i) = index.bind(py).get_item(name)? {
            let i: usize = i.extract()?;
            if let Some(p) = byoos_core::Provider::ALL.get(i) {
                return Ok(*p);
            }
        }
    }
    name.to_cow()?.parse().map_err(PyValueError::new_err)
}

/// Terraform HCL for the spectrocloud provider. `options` is a JSON object of
/// `byoos_core::TerraformOptions`.
#[pyfunction]
#[pyo3(signature = (source, options = None))]
fn to_terraform(py: Python<'_>, source: String, options: Option<&str>) -> PyResult<String> {
    let options: byoos_core::TerraformOptions =
        parse_json(options, "options", serde_json::from_str)?;
    guarded(py, move || {
        byoos_core::to_terraform(&source, &options).map_err(|e| Fatal::new(&source, None, e))
    })?
    .map_err(|f| f.into_err(py))
}

/// A Packer manifest → `generic-byoi` values. `options` is a JSON object of
/// `byoos_core::PackerOptions`. Never raises for a bad manifest.
#[pyfunction]
#[pyo3(signature = (manifest_json, options = None))]
fn from_packer_manifest(
    py: Python<'_>,
    manifest_json: String,
    options: Option<&str>,
) -> PyResult<PackerResult> {
    let options: byoos_core::PackerOptions = parse_json(options, "options", serde_json::from_str)?;
    let (text, diags) = guarded(py, move || {
        let r = byoos_core::from_packer_manifest(&manifest_json, &options);
        let diags = diagnostics(&manifest_json, r.diagnostics);
        (r.text, diags)
    })?;
    PackerResult::new(py, text, diags)
}

/// CAPI Image Builder's `imageconfig` → `generic-byoi` values. `options` is a JSON
/// object of `byoos_core::ImageConfigOptions`. Never raises for a bad file.
#[pyfunction]
#[pyo3(signature = (text, options = None))]
fn from_image_config(
    py: Python<'_>,
    text: String,
    options: Option<&str>,
) -> PyResult<PackerResult> {
    let options: byoos_core::ImageConfigOptions =
        parse_json(options, "options", serde_json::from_str)?;
    let (values, diags) = guarded(py, move || {
        let r = byoos_core::from_image_config(&text, &options);
        let diags = diagnostics(&text, r.diagnostics);
        (r.text, diags)
    })?;
    PackerResult::new(py, values, diags)
}

/// Compare two versions of a pack's values; both rendered with `context` (JSON).
/// `options` is a JSON object of `byoos_core::Options`. Never raises for bad input.
#[pyfunction]
#[pyo3(signature = (old, new, context = None, options = None))]
fn diff(
    py: Python<'_>,
    old: String,
    new: String,
    context: Option<&str>,
    options: Option<&str>,
) -> PyResult<Diff> {
    let mut options = parse_options(options)?;
    options.context = Some(parse_context(context)?);
    let (mut d, old_diags, new_diags) = guarded(py, move || {
        let mut d = byoos_core::diff(&old, &new, &options);
        let o = diagnostics(&old, std::mem::take(&mut d.old_diagnostics));
        let n = diagnostics(&new, std::mem::take(&mut d.new_diagnostics));
        (d, o, n)
    })?;
    let changes = pythonize::pythonize(py, &std::mem::take(&mut d.changes))
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?
        .unbind();
    Diff::new(py, &d, changes, old_diags, new_diags)
}

/// Set scalars by path (`pack/osImageOverride`), keeping everything else byte for byte.
#[pyfunction]
#[pyo3(signature = (source, assignments, options = None))]
fn set_values(
    py: Python<'_>,
    source: String,
    assignments: Vec<(String, String)>,
    options: Option<&str>,
) -> PyResult<Edited> {
    let options = parse_options(options)?;
    let assignments: Vec<(byoos_core::Path, String)> = assignments
        .into_iter()
        .map(|(p, v)| (byoos_core::Path::parse(&p), v))
        .collect();
    let out = guarded(py, move || {
        match byoos_core::set_values(&source, &assignments, &options) {
            Ok(e) => {
                let diags = from_host(e.host_diagnostics(Encoding::CodePoint));
                Ok((e.text, diags))
            }
            Err(e) => Err(Fatal::new(&source, options.file_name.as_deref(), e)),
        }
    })?;
    match out {
        Ok((text, diags)) => Edited::new(py, text, diags),
        Err(f) => Err(f.into_err(py)),
    }
}

/// Apply every mechanical fix, validate again; fails (like `set_values`) when a fix
/// would add an error.
#[pyfunction]
#[pyo3(signature = (source, options = None))]
fn fix(py: Python<'_>, source: String, options: Option<&str>) -> PyResult<Fixed> {
    let options = parse_options(options)?;
    let out = guarded(py, move || match byoos_core::fix(&source, &options) {
        Ok(f) => {
            let fixed = from_host(f.fixed_host_diagnostics(&source, Encoding::CodePoint));
            let diags = from_host(f.host_diagnostics(Encoding::CodePoint));
            Ok((f.text.clone(), fixed, diags))
        }
        Err(e) => Err(Fatal::new(&source, options.file_name.as_deref(), e)),
    })?;
    match out {
        Ok((text, fixed, diags)) => Fixed::new(py, text, fixed, diags),
        Err(f) => Err(f.into_err(py)),
    }
}

/// The JSON Schema of a pack kind's values, as text.
#[pyfunction]
fn json_schema(pack_kind: &str) -> PyResult<String> {
    let kind: byoos_core::PackKind = pack_kind.parse().map_err(PyValueError::new_err)?;
    Ok(byoos_core::json_schema(kind))
}

/// Raises the error a Rust panic becomes; lets the tests check that path.
#[pyfunction]
fn _panic_for_tests(py: Python<'_>) -> PyResult<()> {
    guarded(py, || -> () {
        panic!("deliberate panic for the test suite")
    })
}

/// The native module, `byoos._byoos`.
#[pymodule]
fn _byoos(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Report>()?;
    m.add_class::<PackReport>()?;
    m.add_class::<Diagnostic>()?;
    convert::add_fields(m)?;
    m.add_class::<Rendered>()?;
    m.add_class::<RenderedPack>()?;
    m.add_class::<RenderedProfile>()?;
    m.add_class::<ImageReport>()?;
    m.add_class::<PackerResult>()?;
    m.add_class::<Edited>()?;
    m.add_class::<Diff>()?;
    m.add_function(wrap_pyfunction!(validate, m)?)?;
    m.add_function(wrap_pyfunction!(render, m)?)?;
    m.add_function(wrap_pyfunction!(render_profile, m)?)?;
    m.add_function(wrap_pyfunction!(check_image, m)?)?;
    m.add_function(wrap_pyfunction!(to_terraform, m)?)?;
    m.add_function(wrap_pyfunction!(from_packer_manifest, m)?)?;
    m.add_function(wrap_pyfunction!(from_image_config, m)?)?;
    m.add_function(wrap_pyfunction!(diff, m)?)?;
    m.add_function(wrap_pyfunction!(set_values, m)?)?;
    m.add_function(wrap_pyfunction!(json_schema, m)?)?;
    m.add_class::<Fixed>()?;
    m.add_function(wrap_pyfunction!(fix, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    m.add("VERSION", byoos_core::VERSION)?;
    Ok(())
}
