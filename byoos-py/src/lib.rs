//! Python bindings for byoos: the private native module `byoos._byoos`.
//!
//! Thin by design: convert arguments, call `byoos_core`, map the result. The public
//! Python API (keyword-only options, exceptions) lives in `python/byoos/__init__.py`.
//! Offsets handed to Python are code points, so `source[d.start:d.end]` is the
//! offending text.

use pyo3::prelude::*;

mod convert;
mod errors;

pub use convert::{Diagnostic, Report};

/// Check one pack's values. `options` is a JSON object of `byoos_core::Options`
/// (`pack`, `pack_name`, `file_name`, `limits`), built by the Python wrapper.
///
/// Never raises for bad input (every problem is a diagnostic); raises `ValueError`
/// for invalid options and `byoos.ByoosError` if the core panics (a bug).
#[pyfunction]
#[pyo3(signature = (source, options = None))]
fn validate(py: Python<'_>, source: String, options: Option<&str>) -> PyResult<Report> {
    let options = convert::parse_options(options)?;
    let (report, diagnostics) = errors::guarded(py, move || {
        let report = byoos_core::validate(&source, &options);
        let diagnostics = convert::diagnostics(&source, &report.diagnostics);
        (report, diagnostics)
    })?;
    Report::new(py, &report, diagnostics)
}

/// Raises the error a Rust panic becomes; lets the tests check that path.
#[pyfunction]
fn _panic_for_tests(py: Python<'_>) -> PyResult<()> {
    errors::guarded(py, || -> () {
        panic!("deliberate panic for the test suite")
    })
}

/// The native module, `byoos._byoos`.
#[pymodule]
fn _byoos(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Report>()?;
    m.add_class::<Diagnostic>()?;
    m.add_function(wrap_pyfunction!(validate, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    m.add("VERSION", byoos_core::VERSION)?;
    Ok(())
}
