//! The conformance suite's case files, shared by the test binaries that read them (the
//! format is in `tests/conformance/README.md`).
// Each test binary includes this file and uses part of it.
#![allow(dead_code)]

use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// The members a case file's `defaults` may give; a case that states one itself keeps
/// its own (the whole member: objects are not merged).
pub(crate) const DEFAULTABLE: &[&str] = &["context", "options"];

/// Every `*.json` case file below `dir`, at any depth, in path order.
pub(crate) fn case_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    walk(dir, &mut out);
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("read conformance dir")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
}

/// A case's id in every runner and xfail list: `<case file>::<case name>`, the case file
/// relative to `tests/conformance` with `/`, e.g. `pack/edge-seed/case.json::err-seed-example`.
pub(crate) fn case_id(rel: &str, name: &str) -> String {
    format!("{rel}::{name}")
}

/// The case as it runs: each member of the file's `defaults` that the case does not state.
pub(crate) fn effective(defaults: &Map<String, Value>, case: &Value) -> Value {
    let mut out = case.clone();
    if let Some(m) = out.as_object_mut() {
        for (k, v) in defaults {
            if !m.contains_key(k) {
                m.insert(k.clone(), v.clone());
            }
        }
    }
    out
}

/// One case file: its text as parsed (what blessing rewrites) and its cases as they run.
pub(crate) struct CaseFile {
    pub(crate) path: PathBuf,
    /// Relative to `tests/conformance`, with `/`.
    pub(crate) rel: String,
    pub(crate) doc: Value,
    /// Each case with the file's defaults applied, in file order.
    pub(crate) cases: Vec<Value>,
}

impl CaseFile {
    /// The folder `input_file` and `profile_file` are relative to.
    pub(crate) fn dir(&self) -> &Path {
        self.path.parent().expect("case file has a folder")
    }
}

/// Read and check one case file: JSON, a `cases` array, `defaults` only of
/// [`DEFAULTABLE`] members.
pub(crate) fn load(path: &Path, root: &Path) -> Result<CaseFile, String> {
    let rel = path
        .strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
    let text = std::fs::read_to_string(path).map_err(|e| format!("{rel}: {e}"))?;
    let doc: Value = serde_json::from_str(&text).map_err(|e| format!("{rel}: {e}"))?;
    let defaults = match doc.get("defaults") {
        None => Map::new(),
        Some(Value::Object(m)) => m.clone(),
        Some(_) => return Err(format!("{rel}: `defaults` is not an object")),
    };
    if let Some(k) = defaults.keys().find(|k| !DEFAULTABLE.contains(&k.as_str())) {
        return Err(format!(
            "{rel}: `defaults` may give {DEFAULTABLE:?}, not `{k}`"
        ));
    }
    let cases = doc
        .get("cases")
        .and_then(Value::as_array)
        .ok_or_else(|| format!("{rel}: no `cases` array"))?
        .iter()
        .map(|c| effective(&defaults, c))
        .collect();
    Ok(CaseFile {
        path: path.to_path_buf(),
        rel,
        doc,
        cases,
    })
}

/// Every case file below `root`, loaded; panics on a file that does not load.
pub(crate) fn load_all(root: &Path) -> Vec<CaseFile> {
    case_files(root)
        .iter()
        .map(|p| load(p, root).unwrap_or_else(|e| panic!("{e}")))
        .collect()
}
