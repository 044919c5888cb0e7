//! Core values → Python objects. The pure-Rust half (options, offsets) is plain
//! data so it can be built with the GIL released.

use byoos_core::{Encoding, HostDiagnostic};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyCFunction, PyDict, PyList, PyString, PyTuple};
use std::sync::Mutex;

/// Parse the wrapper's options JSON into core options.
pub(crate) fn parse_options(json: Option<&str>) -> PyResult<byoos_core::Options> {
    parse_json(json, "options", serde_json::from_str)
}

/// Parse a JSON object the wrapper built (options, a context) into a core type;
/// `None` is the type's default.
pub(crate) fn parse_json<'a, T: Default>(
    json: Option<&'a str>,
    what: &str,
    parse: impl FnOnce(&'a str) -> Result<T, serde_json::Error>,
) -> PyResult<T> {
    let Some(json) = json else {
        return Ok(T::default());
    };
    parse(json).map_err(|e| {
        // serde_json appends " at line 1 column N" (of the JSON we built): not useful here.
        // Never the value serde quotes: it may be a secret in the wrong place.
        let text = byoos_core::secrets::serde_message(&e.to_string());
        let text = text
            .rsplit_once(" at line ")
            .map_or(text.as_str(), |(head, _)| head);
        PyValueError::new_err(format!("invalid {what}: {text}"))
    })
}

/// A result's diagnostics, made Python objects on first use: a call whose result's
/// diagnostics are never read (`check_image(...).ok` in a loop) makes none. The same
/// objects are handed out on every later read.
pub(crate) struct LazyDiagnostics {
    /// Converted, not yet Python objects; emptied by the first read.
    pending: Mutex<Vec<Diagnostic>>,
    objects: PyOnceLock<Vec<Py<Diagnostic>>>,
    len: usize,
    errors: bool,
}

impl LazyDiagnostics {
    pub(crate) fn new(diagnostics: Vec<Diagnostic>) -> Self {
        LazyDiagnostics {
            len: diagnostics.len(),
            errors: diagnostics.iter().any(Diagnostic::is_error),
            pending: Mutex::new(diagnostics),
            objects: PyOnceLock::new(),
        }
    }

    /// How many there are.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Whether any is an error.
    pub(crate) fn has_errors(&self) -> bool {
        self.errors
    }

    /// The Python objects, made on the first call.
    pub(crate) fn get(&self, py: Python<'_>) -> PyResult<&[Py<Diagnostic>]> {
        if self.len == 0 {
            return Ok(&[]);
        }
        let objects = self.objects.get_or_try_init(py, || {
            let pending = match self.pending.lock() {
                Ok(mut guard) => std::mem::take(&mut *guard),
                Err(poisoned) => std::mem::take(&mut *poisoned.into_inner()),
            };
            py_diagnostics(py, pending)
        })?;
        Ok(objects)
    }

    /// A new list of them.
    pub(crate) fn list<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        diag_list(py, self.get(py)?)
    }

    /// Them as contract-shaped dicts.
    pub(crate) fn dicts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        diag_dicts(py, self.get(py)?)
    }
}

impl std::fmt::Debug for LazyDiagnostics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LazyDiagnostics({})", self.len)
    }
}

/// Python objects for converted diagnostics.
pub(crate) fn py_diagnostics(
    py: Python<'_>,
    diagnostics: Vec<Diagnostic>,
) -> PyResult<Vec<Py<Diagnostic>>> {
    diagnostics.into_iter().map(|d| Py::new(py, d)).collect()
}

/// A new list of the diagnostics.
pub(crate) fn diag_list<'py>(
    py: Python<'py>,
    diagnostics: &[Py<Diagnostic>],
) -> PyResult<Bound<'py, PyList>> {
    PyList::new(py, diagnostics.iter().map(|d| d.clone_ref(py)))
}

/// The diagnostics as a list of contract-shaped dicts.
pub(crate) fn diag_dicts<'py>(
    py: Python<'py>,
    diagnostics: &[Py<Diagnostic>],
) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for d in diagnostics {
        list.append(d.get().dict(py)?)?;
    }
    Ok(list)
}

/// A finding about the input: the core's [`HostDiagnostic`] with code-point offsets
/// (`source[d.start:d.end]` is the offending text). Its attributes are the projection's
/// fields, added to the class by `add_fields` from [`HostDiagnostic::FIELDS`]; their
/// values come from serde ([`pythonize`]), so this file names none of them.
#[pyclass(frozen, eq, hash, module = "byoos", name = "Diagnostic")]
pub struct Diagnostic {
    host: HostDiagnostic<'static>,
    /// The projection as a dict, made on first use.
    fields: PyOnceLock<Py<PyDict>>,
}

impl PartialEq for Diagnostic {
    fn eq(&self, other: &Diagnostic) -> bool {
        self.host == other.host
    }
}

impl Eq for Diagnostic {}

impl std::hash::Hash for Diagnostic {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.host.hash(state);
    }
}

impl std::fmt::Debug for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.host.fmt(f)
    }
}

impl From<HostDiagnostic<'static>> for Diagnostic {
    fn from(host: HostDiagnostic<'static>) -> Self {
        Diagnostic {
            host,
            fields: PyOnceLock::new(),
        }
    }
}

/// Core diagnostics about `source`, with code-point offsets.
pub(crate) fn diagnostics(source: &str, diags: Vec<byoos_core::Diagnostic>) -> Vec<Diagnostic> {
    from_host(byoos_core::host::project_owned(
        source,
        diags,
        Encoding::CodePoint,
    ))
}

/// Projected diagnostics as (not yet Python) `Diagnostic`s.
pub(crate) fn from_host<'a>(
    hosts: impl IntoIterator<Item = HostDiagnostic<'a>>,
) -> Vec<Diagnostic> {
    hosts
        .into_iter()
        .map(|h| Diagnostic::from(h.into_owned()))
        .collect()
}

impl Diagnostic {
    /// Whether the severity is `error`.
    pub(crate) fn is_error(&self) -> bool {
        self.host.is_error()
    }

    /// The projection as a dict (shared: copy it before handing it out).
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<&Bound<'py, PyDict>> {
        let dict = self
            .fields
            .get_or_try_init(py, || -> PyResult<Py<PyDict>> {
                let value = pythonize::pythonize(py, &self.host)?;
                Ok(value.cast_into::<PyDict>()?.unbind())
            })?;
        Ok(dict.bind(py))
    }

    /// One field (`key` is `name` as an interned Python string): lists become tuples
    /// (the object is immutable); an optional field left out of the dict is None.
    fn field(&self, py: Python<'_>, name: &str, key: &Bound<'_, PyString>) -> PyResult<Py<PyAny>> {
        Ok(match self.fields(py)?.get_item(key)? {
            Some(v) => match v.cast::<PyList>() {
                Ok(list) => list.to_tuple().into_any().unbind(),
                Err(_) => v.unbind(),
            },
            // A boolean left out is false.
            None if name == "suppressed" => false.into_pyobject(py)?.to_owned().into_any().unbind(),
            None => py.None(),
        })
    }

    /// The contract's JSON shape as a new dict (`help` only when there is one).
    pub(crate) fn dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        self.fields(py)?.copy()
    }
}

#[pymethods]
impl Diagnostic {
    /// The contract's JSON shape as a dict (`help` only when there is one).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        self.dict(py)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let path = self
            .field(py, "path", pyo3::intern!(py, "path"))?
            .bind(py)
            .repr()?;
        Ok(format!(
            "<Diagnostic {} {} at {} {}:{}>",
            self.host.severity, self.host.code, path, self.host.line, self.host.column
        ))
    }

    fn __str__(&self) -> String {
        self.host.to_string()
    }
}

/// Give `Diagnostic` one read-only property per field of the core's projection, with
/// the core's documentation of it.
pub(crate) fn add_fields(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let class = py.get_type::<Diagnostic>();
    let property = py.import("builtins")?.getattr("property")?;
    for (&name, &doc) in HostDiagnostic::FIELDS
        .iter()
        .zip(HostDiagnostic::FIELD_DOCS)
    {
        // The dict key, made once: a read of the attribute makes no string.
        let key = PyString::intern(py, name).unbind();
        let get = PyCFunction::new_closure(
            py,
            None,
            None,
            move |args: &Bound<'_, PyTuple>,
                  _: Option<&Bound<'_, PyDict>>|
                  -> PyResult<Py<PyAny>> {
                let this = args.get_item(0)?;
                let d = this.cast::<Diagnostic>()?;
                d.get().field(args.py(), name, key.bind(args.py()))
            },
        )?;
        class.setattr(
            name,
            property.call1((get, py.None(), py.None(), doc.trim()))?,
        )?;
    }
    Ok(())
}

/// The result of `validate`: `ok` is true when no diagnostic (of the file or of any
/// pack) is an error.
#[pyclass(frozen, module = "byoos", name = "Report")]
#[derive(Debug)]
pub struct Report {
    ok: bool,
    input: &'static str,
    pack: Option<&'static str>,
    packs: Vec<Py<PackReport>>,
    diagnostics: LazyDiagnostics,
}

/// One pack of a profile before it becomes a Python object.
pub(crate) struct PackOut {
    pub(crate) pack: byoos_core::PackReport,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub(crate) fn new(
        py: Python<'_>,
        ok: bool,
        input: byoos_core::InputKind,
        pack: Option<byoos_core::PackKind>,
        packs: Vec<PackOut>,
        diagnostics: Vec<Diagnostic>,
    ) -> PyResult<Self> {
        Ok(Report {
            ok,
            input: input.as_str(),
            pack: pack.map(byoos_core::PackKind::as_str),
            packs: packs
                .into_iter()
                .map(|p| {
                    Py::new(
                        py,
                        PackReport {
                            name: p.pack.name,
                            kind: p.pack.kind.map(byoos_core::PackKind::as_str),
                            ok: p.pack.ok,
                            profile: p.pack.profile,
                            resource: p.pack.resource,
                            layer: p.pack.layer,
                            file: p.pack.file,
                            diagnostics: LazyDiagnostics::new(p.diagnostics),
                        },
                    )
                })
                .collect::<PyResult<_>>()?,
            diagnostics: LazyDiagnostics::new(diagnostics),
        })
    }
}

#[pymethods]
impl Report {
    /// No diagnostic (of the file or of any pack) has severity `error`.
    #[getter]
    fn ok(&self) -> bool {
        self.ok
    }
    /// What the input was read as: `values`, `profile` or `terraform`.
    #[getter]
    fn input(&self) -> &'static str {
        self.input
    }
    /// The pack kind checked against (given or detected), or None (and for a profile).
    #[getter]
    fn pack(&self) -> Option<&'static str> {
        self.pack
    }
    /// For a profile or Terraform: each pack checked, in profile order (a new list).
    #[getter]
    fn packs<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.packs.iter().map(|p| p.clone_ref(py)))
    }
    /// Every finding about the file itself, sorted by position (a new list each time).
    #[getter]
    fn diagnostics<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        self.diagnostics.list(py)
    }

    /// `{"ok", "pack", "diagnostics": [...]}` in the contract's JSON shape; for a
    /// profile or Terraform also `"input"` and `"packs": [...]`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("ok", self.ok)?;
        d.set_item("pack", self.pack)?;
        d.set_item("diagnostics", self.diagnostics.dicts(py)?)?;
        if self.input != "values" {
            d.set_item("input", self.input)?;
            let packs = PyList::empty(py);
            for p in &self.packs {
                packs.append(p.get().to_dict(py)?)?;
            }
            d.set_item("packs", packs)?;
        }
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!(
            "<Report ok={} pack={} packs={} diagnostics={}>",
            if self.ok { "True" } else { "False" },
            self.pack
                .map_or_else(|| "None".to_owned(), |p| format!("'{p}'")),
            self.packs.len(),
            self.diagnostics.len()
        )
    }
}

/// One pack of a profile as `validate` checked it.
#[pyclass(frozen, module = "byoos", name = "PackReport")]
#[derive(Debug)]
pub struct PackReport {
    name: String,
    kind: Option<&'static str>,
    ok: bool,
    profile: Option<String>,
    resource: Option<String>,
    layer: Option<String>,
    file: Option<String>,
    diagnostics: LazyDiagnostics,
}

#[pymethods]
impl PackReport {
    /// The pack's name.
    #[getter]
    fn name(&self) -> &str {
        &self.name
    }
    /// Its BYOOS kind, or None for any other pack (YAML and macro checks only).
    #[getter]
    fn kind(&self) -> Option<&'static str> {
        self.kind
    }
    /// No diagnostic of this pack is an error.
    #[getter]
    fn ok(&self) -> bool {
        self.ok
    }
    /// The profile's name, or None.
    #[getter]
    fn profile(&self) -> Option<&str> {
        self.profile.as_deref()
    }
    /// The Terraform resource (`spectrocloud_cluster_profile.<label>`), or None.
    #[getter]
    fn resource(&self) -> Option<&str> {
        self.resource.as_deref()
    }
    /// Its layer, or None.
    #[getter]
    fn layer(&self) -> Option<&str> {
        self.layer.as_deref()
    }
    /// The file (a key of the `files` option) the diagnostics point into, or None when
    /// they point into the source.
    #[getter]
    fn file(&self) -> Option<&str> {
        self.file.as_deref()
    }
    /// Findings in the pack's values: paths inside the values, offsets into the source
    /// (or `file`).
    #[getter]
    fn diagnostics<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        self.diagnostics.list(py)
    }
    /// `{"name", "kind", "ok", "profile"?, "resource"?, "layer"?, "file"?, "diagnostics"}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("name", &self.name)?;
        d.set_item("kind", self.kind)?;
        d.set_item("ok", self.ok)?;
        for (k, v) in [
            ("profile", &self.profile),
            ("resource", &self.resource),
            ("layer", &self.layer),
            ("file", &self.file),
        ] {
            if let Some(v) = v {
                d.set_item(k, v)?;
            }
        }
        d.set_item("diagnostics", self.diagnostics.dicts(py)?)?;
        Ok(d)
    }
    fn __repr__(&self) -> String {
        format!(
            "<PackReport {:?} ok={} diagnostics={}>",
            self.name,
            if self.ok { "True" } else { "False" },
            self.diagnostics.len()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_code_points() {
        let source = "# 🚀 é\npack:\n  osImageOverride: \"ami-0f4804aff4cf9c5a2\"\n  osName: rhel\n  osVersion: 8.10\n";
        let report = byoos_core::validate(source, &byoos_core::Options::default());
        let diags = from_host(report.host_diagnostics(source, Encoding::CodePoint));
        let d = &diags
            .iter()
            .find(|d| d.host.code == "yaml/implicit-type")
            .expect("implicit-type diagnostic")
            .host;
        let text: String = source.chars().skip(d.start).take(d.end - d.start).collect();
        assert_eq!(text, "8.10");
        assert_eq!(d.path.to_string(), "pack/osVersion");
        assert_eq!((d.line, d.column), (5, 14));
        let again = diagnostics(source, report.diagnostics.clone());
        assert_eq!(again, diags);
    }

    #[test]
    fn options_from_json() {
        let o = parse_options(Some(r#"{"pack": "generic-byoi", "file_name": "v.yaml"}"#))
            .expect("valid options");
        assert_eq!(o.pack, Some(byoos_core::PackKind::GenericByoi));
        assert_eq!(o.file_name.as_deref(), Some("v.yaml"));
        assert!(parse_options(None).is_ok());
    }
}
