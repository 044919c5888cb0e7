//! Result objects of the operations other than `validate`: small frozen classes with
//! attributes and `to_dict()` in the contract's JSON shape.

use crate::convert::{diag_dicts, diag_list, py_diagnostics, Diagnostic, LazyDiagnostics};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use std::collections::BTreeMap;

/// No diagnostic of the list is an error.
fn no_errors(diagnostics: &[Py<Diagnostic>]) -> bool {
    !diagnostics.iter().any(|d| d.get().is_error())
}

/// `True` / `False`, as Python writes them.
fn py_bool(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

/// The result of `render`: the text with every Palette macro resolved, and findings.
#[pyclass(frozen, module = "byoos", name = "Rendered")]
#[derive(Debug)]
pub struct Rendered {
    text: String,
    diagnostics: LazyDiagnostics,
}

impl Rendered {
    pub(crate) fn new(text: String, diags: Vec<Diagnostic>) -> Self {
        Rendered {
            text,
            diagnostics: LazyDiagnostics::new(diags),
        }
    }
}

#[pymethods]
impl Rendered {
    /// No diagnostic is an error (every action was resolved).
    #[getter]
    fn ok(&self) -> bool {
        !self.diagnostics.has_errors()
    }
    /// The source with only the macro-bearing scalars replaced.
    #[getter]
    fn text(&self) -> &str {
        &self.text
    }
    /// Warnings and errors, spans into the source (a new list each time).
    #[getter]
    fn diagnostics<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        self.diagnostics.list(py)
    }
    /// `{"ok", "text", "diagnostics": [...]}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("ok", self.ok())?;
        d.set_item("text", &self.text)?;
        d.set_item("diagnostics", self.diagnostics.dicts(py)?)?;
        Ok(d)
    }
    fn __repr__(&self) -> String {
        format!(
            "<Rendered ok={} {} chars, diagnostics={}>",
            py_bool(self.ok()),
            self.text.chars().count(),
            self.diagnostics.len()
        )
    }
}

/// The result of `set_values`: the edited source and the diagnostics of validating it.
#[pyclass(frozen, module = "byoos", name = "Edited")]
#[derive(Debug)]
pub struct Edited {
    text: String,
    diagnostics: Vec<Py<Diagnostic>>,
}

impl Edited {
    pub(crate) fn new(py: Python<'_>, text: String, diags: Vec<Diagnostic>) -> PyResult<Self> {
        Ok(Edited {
            text,
            diagnostics: py_diagnostics(py, diags)?,
        })
    }
}

#[pymethods]
impl Edited {
    /// The source with only the named scalars changed (and missing keys added).
    #[getter]
    fn text(&self) -> &str {
        &self.text
    }
    /// No diagnostic of the edited text is an error.
    #[getter]
    fn ok(&self) -> bool {
        no_errors(&self.diagnostics)
    }
    /// What `validate` reports about the edited text (spans into `text`).
    #[getter]
    fn diagnostics<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        diag_list(py, &self.diagnostics)
    }
    /// `{"ok", "text", "diagnostics": [...]}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("ok", self.ok())?;
        d.set_item("text", &self.text)?;
        d.set_item("diagnostics", diag_dicts(py, &self.diagnostics)?)?;
        Ok(d)
    }
    fn __repr__(&self) -> String {
        format!(
            "<Edited ok={} diagnostics={}>",
            py_bool(self.ok()),
            self.diagnostics.len()
        )
    }
}

/// The result of `from_packer_manifest`: `generic-byoi` values (None when an error
/// stopped it) and diagnostics with spans into the manifest.
#[pyclass(frozen, module = "byoos", name = "PackerResult")]
#[derive(Debug)]
pub struct PackerResult {
    text: Option<String>,
    diagnostics: Vec<Py<Diagnostic>>,
}

impl PackerResult {
    pub(crate) fn new(
        py: Python<'_>,
        text: Option<String>,
        diags: Vec<Diagnostic>,
    ) -> PyResult<Self> {
        Ok(PackerResult {
            text,
            diagnostics: py_diagnostics(py, diags)?,
        })
    }
}

#[pymethods]
impl PackerResult {
    /// No diagnostic is an error.
    #[getter]
    fn ok(&self) -> bool {
        !self.diagnostics.iter().any(|d| d.get().is_error())
    }
    /// The values text, or None when an error stopped the conversion.
    #[getter]
    fn text(&self) -> Option<&str> {
        self.text.as_deref()
    }
    /// Every finding, spans into the manifest (a new list each time).
    #[getter]
    fn diagnostics<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        diag_list(py, &self.diagnostics)
    }
    /// `{"ok", "text", "diagnostics": [...]}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("ok", self.ok())?;
        d.set_item("text", self.text.as_deref())?;
        d.set_item("diagnostics", diag_dicts(py, &self.diagnostics)?)?;
        Ok(d)
    }
    fn __repr__(&self) -> String {
        format!(
            "<PackerResult ok={} diagnostics={}>",
            if self.ok() { "True" } else { "False" },
            self.diagnostics.len()
        )
    }
}

/// The result of `check_image`.
#[pyclass(frozen, module = "byoos", name = "ImageReport")]
#[derive(Debug)]
pub struct ImageReport {
    ok: bool,
    provider: &'static str,
    kind: &'static str,
    normalized: Option<String>,
    parts: BTreeMap<&'static str, String>,
    diagnostics: LazyDiagnostics,
}

impl ImageReport {
    pub(crate) fn new(report: byoos_core::ImageReport, diags: Vec<Diagnostic>) -> Self {
        ImageReport {
            ok: report.ok,
            provider: report.provider.as_str(),
            kind: report.kind.as_str(),
            normalized: report.normalized,
            parts: report.parts,
            diagnostics: LazyDiagnostics::new(diags),
        }
    }
}

#[pymethods]
impl ImageReport {
    /// No diagnostic is an error.
    #[getter]
    fn ok(&self) -> bool {
        self.ok
    }
    /// The provider checked against.
    #[getter]
    fn provider(&self) -> &'static str {
        self.provider
    }
    /// What the reference was recognised as (`ami`, `vhd-url`, `oci`, …).
    #[getter]
    fn kind(&self) -> &'static str {
        self.kind
    }
    /// The canonical form, secrets redacted; None when the reference could not be read.
    #[getter]
    fn normalized(&self) -> Option<&str> {
        self.normalized.as_deref()
    }
    /// The pieces (`region`, `account`, `registry`, `tag`, …) as a new dict.
    #[getter]
    fn parts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (k, v) in &self.parts {
            d.set_item(*k, v)?;
        }
        Ok(d)
    }
    /// Every finding, spans into the reference (a new list each time).
    #[getter]
    fn diagnostics<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        self.diagnostics.list(py)
    }
    /// `{"ok", "provider", "kind", "normalized", "parts", "diagnostics"}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("ok", self.ok)?;
        d.set_item("provider", self.provider)?;
        d.set_item("kind", self.kind)?;
        d.set_item("normalized", self.normalized.as_deref())?;
        d.set_item("parts", self.parts(py)?)?;
        d.set_item("diagnostics", self.diagnostics.dicts(py)?)?;
        Ok(d)
    }
    fn __repr__(&self) -> String {
        format!(
            "<ImageReport ok={} provider={} kind={} diagnostics={}>",
            if self.ok { "True" } else { "False" },
            self.provider,
            self.kind,
            self.diagnostics.len()
        )
    }
}

/// One rendered pack of a profile.
#[pyclass(frozen, module = "byoos", name = "RenderedPack")]
#[derive(Debug)]
pub struct RenderedPack {
    name: String,
    tag: Option<String>,
    layer: Option<String>,
    file: Option<String>,
    values: String,
    text: String,
    diagnostics: Vec<Py<Diagnostic>>,
}

/// A rendered pack before it becomes a Python object.
pub(crate) struct PackOut {
    pub(crate) pack: byoos_core::RenderedPack,
    pub(crate) values: String,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

#[pymethods]
impl RenderedPack {
    /// No diagnostic of this pack is an error.
    #[getter]
    fn ok(&self) -> bool {
        no_errors(&self.diagnostics)
    }
    /// The pack's name.
    #[getter]
    fn name(&self) -> &str {
        &self.name
    }
    /// Its tag (version), or None.
    #[getter]
    fn tag(&self) -> Option<&str> {
        self.tag.as_deref()
    }
    /// Its layer (`os`, `k8s`, …), or None.
    #[getter]
    fn layer(&self) -> Option<&str> {
        self.layer.as_deref()
    }
    /// The pack's values as given in the profile, decoded.
    #[getter]
    fn values(&self) -> &str {
        &self.values
    }
    /// The file (a key of the `files` option) the diagnostics point into, or None when
    /// they point into the profile text.
    #[getter]
    fn file(&self) -> Option<&str> {
        self.file.as_deref()
    }
    /// The rendered values (the original text when they could not be rendered).
    #[getter]
    fn text(&self) -> &str {
        &self.text
    }
    /// Findings in this pack's values (offsets into the profile text, or `file`).
    #[getter]
    fn diagnostics<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        diag_list(py, &self.diagnostics)
    }
    /// `{"ok", "name", "tag"?, "layer"?, "file"?, "values", "text", "diagnostics"}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("ok", self.ok())?;
        d.set_item("name", &self.name)?;
        if let Some(tag) = &self.tag {
            d.set_item("tag", tag)?;
        }
        if let Some(layer) = &self.layer {
            d.set_item("layer", layer)?;
        }
        if let Some(file) = &self.file {
            d.set_item("file", file)?;
        }
        d.set_item("values", &self.values)?;
        d.set_item("text", &self.text)?;
        d.set_item("diagnostics", diag_dicts(py, &self.diagnostics)?)?;
        Ok(d)
    }
    fn __repr__(&self) -> String {
        format!(
            "<RenderedPack {:?} ok={} diagnostics={}>",
            self.name,
            py_bool(self.ok()),
            self.diagnostics.len()
        )
    }
}

/// The result of `render_profile`.
#[pyclass(frozen, module = "byoos", name = "RenderedProfile")]
#[derive(Debug)]
pub struct RenderedProfile {
    name: Option<String>,
    packs: Vec<Py<RenderedPack>>,
    diagnostics: Vec<Py<Diagnostic>>,
}

impl RenderedProfile {
    pub(crate) fn new(
        py: Python<'_>,
        name: Option<String>,
        packs: Vec<PackOut>,
        diags: Vec<Diagnostic>,
    ) -> PyResult<Self> {
        let packs = packs
            .into_iter()
            .map(|p| {
                Py::new(
                    py,
                    RenderedPack {
                        name: p.pack.name,
                        tag: p.pack.tag,
                        layer: p.pack.layer,
                        file: p.pack.file,
                        values: p.values,
                        text: p.pack.text,
                        diagnostics: py_diagnostics(py, p.diagnostics)?,
                    },
                )
            })
            .collect::<PyResult<_>>()?;
        Ok(RenderedProfile {
            name,
            packs,
            diagnostics: py_diagnostics(py, diags)?,
        })
    }
}

#[pymethods]
impl RenderedProfile {
    /// No diagnostic of the profile or of any pack is an error.
    #[getter]
    fn ok(&self) -> bool {
        no_errors(&self.diagnostics) && self.packs.iter().all(|p| p.get().ok())
    }
    /// The profile's name, or None.
    #[getter]
    fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }
    /// Every pack, in profile order (a new list each time).
    #[getter]
    fn packs<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.packs.iter().map(|p| p.clone_ref(py)))
    }
    /// Findings about the profile itself (spans into the profile text).
    #[getter]
    fn diagnostics<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        diag_list(py, &self.diagnostics)
    }
    /// `{"ok", "name"?, "packs": [...], "diagnostics": [...]}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("ok", self.ok())?;
        if let Some(name) = &self.name {
            d.set_item("name", name)?;
        }
        let packs = PyList::empty(py);
        for p in &self.packs {
            packs.append(p.get().to_dict(py)?)?;
        }
        d.set_item("packs", packs)?;
        d.set_item("diagnostics", diag_dicts(py, &self.diagnostics)?)?;
        Ok(d)
    }
    fn __repr__(&self) -> String {
        format!(
            "<RenderedProfile ok={} packs={} diagnostics={}>",
            py_bool(self.ok()),
            self.packs.len(),
            self.diagnostics.len()
        )
    }
}

/// The result of `diff`: every change with its impact, the strongest impact, and the
/// diagnostics of each side.
#[pyclass(frozen, module = "byoos", name = "Diff")]
#[derive(Debug)]
pub struct Diff {
    ok: bool,
    pack: Option<&'static str>,
    impact: &'static str,
    changes: Py<PyAny>,
    old_diagnostics: Vec<Py<Diagnostic>>,
    new_diagnostics: Vec<Py<Diagnostic>>,
}

impl Diff {
    pub(crate) fn new(
        py: Python<'_>,
        d: &byoos_core::Diff,
        changes: Py<PyAny>,
        old: Vec<Diagnostic>,
        new: Vec<Diagnostic>,
    ) -> PyResult<Self> {
        Ok(Diff {
            ok: d.ok,
            pack: d.pack.map(|k| k.as_str()),
            impact: d.impact.as_str(),
            changes,
            old_diagnostics: py_diagnostics(py, old)?,
            new_diagnostics: py_diagnostics(py, new)?,
        })
    }
}

#[pymethods]
impl Diff {
    /// Both sides could be read and rendered.
    #[getter]
    fn ok(&self) -> bool {
        self.ok
    }
    /// The pack kind the impacts are for.
    #[getter]
    fn pack(&self) -> Option<&'static str> {
        self.pack
    }
    /// The strongest impact: `no-op`, `reload`, `service-restart`, `reboot` or `repave`.
    #[getter]
    fn impact(&self) -> &'static str {
        self.impact
    }
    /// Every change as a dict `{"path", "old", "new", "impact", "reason"}` (a new list
    /// each time).
    #[getter]
    fn changes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let copy = py.import("copy")?.getattr("deepcopy")?;
        copy.call1((self.changes.bind(py),))
    }
    /// Findings about the old side, spans into it (a new list each time).
    #[getter]
    fn old_diagnostics<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        diag_list(py, &self.old_diagnostics)
    }
    /// Findings about the new side, spans into it (a new list each time).
    #[getter]
    fn new_diagnostics<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        diag_list(py, &self.new_diagnostics)
    }
    /// `{"ok", "pack", "impact", "changes", "old_diagnostics", "new_diagnostics"}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("ok", self.ok)?;
        d.set_item("pack", self.pack)?;
        d.set_item("impact", self.impact)?;
        d.set_item("changes", self.changes(py)?)?;
        d.set_item("old_diagnostics", diag_dicts(py, &self.old_diagnostics)?)?;
        d.set_item("new_diagnostics", diag_dicts(py, &self.new_diagnostics)?)?;
        Ok(d)
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "<Diff ok={} impact={} changes={}>",
            if self.ok { "True" } else { "False" },
            self.impact,
            self.changes.bind(py).len()?
        ))
    }
}

/// The result of `fix`: the fixed text, the findings fixed and what remains.
#[pyclass(frozen, module = "byoos", name = "Fixed")]
#[derive(Debug)]
pub struct Fixed {
    text: String,
    fixed: Vec<Py<Diagnostic>>,
    diagnostics: Vec<Py<Diagnostic>>,
}

impl Fixed {
    pub(crate) fn new(
        py: Python<'_>,
        text: String,
        fixed: Vec<Diagnostic>,
        diags: Vec<Diagnostic>,
    ) -> PyResult<Self> {
        Ok(Fixed {
            text,
            fixed: py_diagnostics(py, fixed)?,
            diagnostics: py_diagnostics(py, diags)?,
        })
    }
}

#[pymethods]
impl Fixed {
    /// The source with every mechanical fix applied, everything else kept.
    #[getter]
    fn text(&self) -> &str {
        &self.text
    }
    /// No diagnostic of the fixed text is an error.
    #[getter]
    fn ok(&self) -> bool {
        no_errors(&self.diagnostics)
    }
    /// The findings fixed (offsets into the source given to `fix`).
    #[getter]
    fn fixed<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        diag_list(py, &self.fixed)
    }
    /// What `validate` reports about the fixed text (offsets into `text`).
    #[getter]
    fn diagnostics<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        diag_list(py, &self.diagnostics)
    }
    /// `{"ok", "text", "fixed": [...], "diagnostics": [...]}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("ok", self.ok())?;
        d.set_item("text", &self.text)?;
        d.set_item("fixed", diag_dicts(py, &self.fixed)?)?;
        d.set_item("diagnostics", diag_dicts(py, &self.diagnostics)?)?;
        Ok(d)
    }
    fn __repr__(&self) -> String {
        format!(
            "<Fixed ok={} fixed={} diagnostics={}>",
            py_bool(self.ok()),
            self.fixed.len(),
            self.diagnostics.len()
        )
    }
}
