//! Core values → Python objects. The pure-Rust half (options, offsets) is plain
//! data so it can be built with the GIL released.

use byoos_core::{Encoding, LineIndex, Segment};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};

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
        list.append(d.get().to_dict(py)?)?;
    }
    Ok(list)
}

/// One path segment: a key (str) or a sequence index (int).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum PathItem {
    Key(String),
    Index(usize),
}

impl<'py> IntoPyObject<'py> for &PathItem {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(match self {
            PathItem::Key(k) => k.into_pyobject(py)?.into_any(),
            PathItem::Index(i) => i.into_pyobject(py)?.into_any(),
        })
    }
}

/// A finding about the input. `start`/`end` are code-point offsets into the source
/// (`source[d.start:d.end]` is the offending text); lines and columns are 1-based.
#[pyclass(frozen, eq, hash, module = "byoos", name = "Diagnostic")]
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    code: &'static str,
    severity: &'static str,
    message: String,
    path: Vec<PathItem>,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    start: usize,
    end: usize,
    help: Option<String>,
    display: String,
}

/// Core diagnostics about `source`, with code-point offsets.
pub(crate) fn diagnostics(source: &str, diags: &[byoos_core::Diagnostic]) -> Vec<Diagnostic> {
    let index = LineIndex::new(source);
    diags
        .iter()
        .map(|d| {
            let (start, end) = d.offsets(source, &index, Encoding::CodePoint);
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
                display: d.to_string(),
            }
        })
        .collect()
}

impl Diagnostic {
    /// Whether the severity is `error`.
    pub(crate) fn is_error(&self) -> bool {
        self.severity == "error"
    }
}

#[pymethods]
impl Diagnostic {
    /// Stable slug, e.g. `yaml/smart-quotes`.
    #[getter]
    fn code(&self) -> &'static str {
        self.code
    }
    /// `error`, `warning` or `info`.
    #[getter]
    fn severity(&self) -> &'static str {
        self.severity
    }
    /// Short, one line.
    #[getter]
    fn message(&self) -> &str {
        &self.message
    }
    /// YAML path: keys (str) and sequence indexes (int); `()` for the document.
    #[getter]
    fn path<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, &self.path)
    }
    /// 1-based line of the start.
    #[getter]
    fn line(&self) -> u32 {
        self.line
    }
    /// 1-based column of the start, in characters.
    #[getter]
    fn column(&self) -> u32 {
        self.column
    }
    /// 1-based line of the end.
    #[getter]
    fn end_line(&self) -> u32 {
        self.end_line
    }
    /// 1-based column of the end (one past the last character).
    #[getter]
    fn end_column(&self) -> u32 {
        self.end_column
    }
    /// Code-point offset of the first character.
    #[getter]
    fn start(&self) -> usize {
        self.start
    }
    /// Code-point offset one past the last character.
    #[getter]
    fn end(&self) -> usize {
        self.end
    }
    /// A one-line fix hint, or None.
    #[getter]
    fn help(&self) -> Option<&str> {
        self.help.as_deref()
    }

    /// The contract's JSON shape as a dict (`help` only when there is one).
    pub(crate) fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("code", self.code)?;
        d.set_item("severity", self.severity)?;
        d.set_item("message", &self.message)?;
        d.set_item("path", PyList::new(py, &self.path)?)?;
        d.set_item("line", self.line)?;
        d.set_item("column", self.column)?;
        d.set_item("end_line", self.end_line)?;
        d.set_item("end_column", self.end_column)?;
        d.set_item("start", self.start)?;
        d.set_item("end", self.end)?;
        if let Some(help) = &self.help {
            d.set_item("help", help)?;
        }
        Ok(d)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let path = PyTuple::new(py, &self.path)?.repr()?;
        Ok(format!(
            "<Diagnostic {} {} at {} {}:{}>",
            self.severity, self.code, path, self.line, self.column
        ))
    }

    fn __str__(&self) -> &str {
        &self.display
    }
}

/// The result of `validate`: `ok` is true when no diagnostic is an error.
#[pyclass(frozen, module = "byoos", name = "Report")]
#[derive(Debug)]
pub struct Report {
    ok: bool,
    pack: Option<&'static str>,
    diagnostics: Vec<Py<Diagnostic>>,
}

impl Report {
    pub(crate) fn new(
        py: Python<'_>,
        report: &byoos_core::Report,
        diagnostics: Vec<Diagnostic>,
    ) -> PyResult<Self> {
        Ok(Report {
            ok: report.ok,
            pack: report.pack.map(byoos_core::PackKind::as_str),
            diagnostics: diagnostics
                .into_iter()
                .map(|d| Py::new(py, d))
                .collect::<PyResult<_>>()?,
        })
    }
}

#[pymethods]
impl Report {
    /// No diagnostic has severity `error`.
    #[getter]
    fn ok(&self) -> bool {
        self.ok
    }
    /// The pack kind checked against (given or detected), or None.
    #[getter]
    fn pack(&self) -> Option<&'static str> {
        self.pack
    }
    /// Every finding, sorted by position (a new list each time).
    #[getter]
    fn diagnostics<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.diagnostics.iter().map(|d| d.clone_ref(py)))
    }

    /// `{"ok", "pack", "diagnostics": [...]}` in the contract's JSON shape.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("ok", self.ok)?;
        d.set_item("pack", self.pack)?;
        let diags = PyList::empty(py);
        for diag in &self.diagnostics {
            diags.append(diag.get().to_dict(py)?)?;
        }
        d.set_item("diagnostics", diags)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!(
            "<Report ok={} pack={} diagnostics={}>",
            if self.ok { "True" } else { "False" },
            self.pack
                .map_or_else(|| "None".to_owned(), |p| format!("'{p}'")),
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
        let diags = diagnostics(source, &report.diagnostics);
        let d = diags
            .iter()
            .find(|d| d.code == "yaml/implicit-type")
            .expect("implicit-type diagnostic");
        let text: String = source.chars().skip(d.start).take(d.end - d.start).collect();
        assert_eq!(text, "8.10");
        assert_eq!(
            d.path,
            vec![
                PathItem::Key("pack".into()),
                PathItem::Key("osVersion".into())
            ]
        );
        assert_eq!((d.line, d.column), (5, 14));
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
