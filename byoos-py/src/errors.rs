//! Errors crossing into Python. The exception classes are defined in Python
//! (`byoos/_errors.py`): abi3 cannot subclass exceptions from Rust.

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;
use std::panic::{catch_unwind, AssertUnwindSafe};

static BYOOS_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// Run core work with the GIL released, turning a panic into `byoos.ByoosError`
/// ("internal error: …; this is a bug") instead of pyo3's `PanicException`.
pub(crate) fn guarded<T, F>(py: Python<'_>, f: F) -> PyResult<T>
where
    F: FnOnce() -> T + Send,
    T: Send,
{
    py.detach(move || catch_unwind(AssertUnwindSafe(f)))
        .map_err(|payload| panic_error(py, payload.as_ref()))
}

/// Like [`guarded`], but keeps the GIL: for work so short (a few hundred nanoseconds)
/// that releasing and retaking the GIL would cost more than it lets others do.
pub(crate) fn guarded_held<T, F>(py: Python<'_>, f: F) -> PyResult<T>
where
    F: FnOnce() -> T,
{
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| panic_error(py, payload.as_ref()))
}

/// The `byoos.ByoosError` for a caught panic, naming it as a bug.
fn panic_error(py: Python<'_>, payload: &(dyn std::any::Any + Send)) -> PyErr {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned());
    byoos_error(
        py,
        &format!("internal error: {what}; this is a bug in byoos, please report it"),
    )
}

/// A `byoos.ByoosError` with `message` (a `RuntimeError` if the class cannot be found).
pub(crate) fn byoos_error(py: Python<'_>, message: &str) -> PyErr {
    match BYOOS_ERROR.import(py, "byoos._errors", "ByoosError") {
        Ok(ty) => PyErr::from_type(ty.clone(), (message.to_owned(),)),
        Err(_) => PyRuntimeError::new_err(message.to_owned()),
    }
}

/// A fatal failure of an operation, prepared with the GIL released: the exception
/// class (in `byoos._errors`), the short message, the rustc-style excerpt and the
/// diagnostics (code-point offsets into the text they point into).
pub(crate) struct Fatal {
    class: &'static str,
    message: String,
    text: String,
    diagnostics: Vec<crate::convert::Diagnostic>,
}

impl Fatal {
    /// `default` unless the input could not be read (a `yaml/` syntax or `limit/`
    /// error), which is a `ParseError`.
    pub(crate) fn new(
        default: &'static str,
        source: &str,
        file_name: Option<&str>,
        diags: &[byoos_core::Diagnostic],
    ) -> Self {
        let first = diags.iter().find(|d| d.is_error()).or(diags.first());
        let code = first.map_or("", |d| d.code.as_str());
        let class = if code.starts_with("limit/")
            || (code.starts_with("yaml/") && !code.starts_with("yaml/edit-"))
        {
            "ParseError"
        } else {
            default
        };
        let message = first.map_or_else(|| "failed".to_owned(), |d| d.message.clone());
        let text = byoos_core::report::render_text(
            source,
            file_name.unwrap_or("<input>"),
            diags,
            byoos_core::report::TextStyle::Plain,
        );
        Fatal {
            class,
            message,
            text: text.trim_end().to_owned(),
            diagnostics: crate::convert::diagnostics(source, diags),
        }
    }

    /// The Python exception.
    pub(crate) fn into_err(self, py: Python<'_>) -> PyErr {
        let build = || -> PyResult<PyErr> {
            let ty = py.import("byoos._errors")?.getattr(self.class)?;
            let diags = crate::convert::py_diagnostics(py, self.diagnostics)?;
            let exc = ty.call1((self.message.clone(), diags, self.text.clone()))?;
            Ok(PyErr::from_value(exc))
        };
        build().unwrap_or_else(|e| e)
    }
}
