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
        .map_err(|payload| {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            byoos_error(
                py,
                &format!("internal error: {what}; this is a bug in byoos, please report it"),
            )
        })
}

/// A `byoos.ByoosError` with `message` (a `RuntimeError` if the class cannot be found).
pub(crate) fn byoos_error(py: Python<'_>, message: &str) -> PyErr {
    match BYOOS_ERROR.import(py, "byoos._errors", "ByoosError") {
        Ok(ty) => PyErr::from_type(ty.clone(), (message.to_owned(),)),
        Err(_) => PyRuntimeError::new_err(message.to_owned()),
    }
}
