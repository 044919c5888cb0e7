//! `validate`'s report in each format, from the results of every file checked.

use crate::io::{sarif_uri, STDIN_NAME};
use crate::Format;
use byoos_core::report::{
    render_github, render_junit, render_sarif_rooted, render_text, SarifFile, TextStyle,
};
use byoos_core::{Diagnostic, InputKind, PackKind, PackReport, Severity};
use serde_json::Value;
use std::collections::BTreeMap;

/// One file's result in `validate`: the core's report, or why the file was not read.
pub(crate) struct Checked {
    /// The name shown.
    pub(crate) name: String,
    /// The text read (empty when it could not be).
    pub(crate) text: String,
    pub(crate) ok: bool,
    pub(crate) input: Option<InputKind>,
    pub(crate) pack: Option<PackKind>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// A profile's packs, and the texts their diagnostics point into.
    pub(crate) packs: Vec<(PackReport, String)>,
}

impl Checked {
    /// A file that was not checked: `d` says why (`io/…`, `limit/input-size`).
    pub(crate) fn unread(name: String, pack: Option<PackKind>, d: Diagnostic) -> Self {
        Checked {
            name,
            text: String::new(),
            ok: false,
            input: None,
            pack,
            diagnostics: vec![d],
            packs: Vec::new(),
        }
    }

    /// Every diagnostic: the file's, then its packs'.
    pub(crate) fn all(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .chain(self.packs.iter().flat_map(|(p, _)| &p.diagnostics))
    }
}

/// The name a pack's diagnostics are shown under: the input, or the file its values are
/// (relative to the input's folder).
pub(crate) fn pack_file_name(input: &str, file: Option<&str>) -> String {
    match file {
        None => input.to_owned(),
        Some(f) => std::path::Path::new(input)
            .parent()
            .map_or_else(|| f.to_owned(), |d| d.join(f).display().to_string()),
    }
}

/// Counts by severity.
#[derive(Default)]
pub(crate) struct Counts {
    pub(crate) errors: usize,
    pub(crate) warnings: usize,
    pub(crate) infos: usize,
    /// Findings an inline `# byoos: ignore[…]` suppressed: counted apart, never as
    /// errors or warnings.
    pub(crate) suppressed: usize,
}

impl Counts {
    pub(crate) fn of<'a>(diags: impl Iterator<Item = &'a Diagnostic>) -> Self {
        let mut c = Counts::default();
        for d in diags {
            if d.suppressed {
                c.suppressed += 1;
                continue;
            }
            match d.severity {
                Severity::Error => c.errors += 1,
                Severity::Warning => c.warnings += 1,
                Severity::Info => c.infos += 1,
            }
        }
        c
    }
}

/// `1 error`, `2 warnings`.
fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// `3 files checked: 1 error, 2 warnings` (`, 1 info` when there are infos).
fn summary(checked: &[Checked]) -> String {
    let c = Counts::of(checked.iter().flat_map(Checked::all));
    let mut line = format!(
        "{} checked: {}, {}",
        plural(checked.len(), "file"),
        plural(c.errors, "error"),
        plural(c.warnings, "warning")
    );
    if c.infos > 0 {
        line.push_str(&format!(", {} info", c.infos));
    }
    if c.suppressed > 0 {
        line.push_str(&format!(", {} suppressed", c.suppressed));
    }
    line.push('\n');
    line
}

/// One line per file when several were checked: `NAME: ok`, or what it holds
/// (`NAME: 1 error, 2 warnings`).
fn file_lines(checked: &[Checked]) -> String {
    let mut out = String::new();
    for c in checked {
        let n = Counts::of(c.all());
        let mut parts = Vec::new();
        for (count, word) in [(n.errors, "error"), (n.warnings, "warning")] {
            if count > 0 {
                parts.push(plural(count, word));
            }
        }
        if n.infos > 0 {
            parts.push(format!("{} info", n.infos));
        }
        if n.suppressed > 0 {
            parts.push(format!("{} suppressed", n.suppressed));
        }
        let what = if parts.is_empty() {
            "ok".to_owned()
        } else {
            parts.join(", ")
        };
        out.push_str(&format!(
            "{}: {what}\n",
            byoos_core::secrets::escape_controls(&c.name)
        ));
    }
    out.push('\n');
    out
}

/// `--statistics`: how many findings of each code, most first.
fn statistics(checked: &[Checked]) -> String {
    let mut by: BTreeMap<(byoos_core::Code, Severity), usize> = BTreeMap::new();
    for d in checked
        .iter()
        .flat_map(Checked::all)
        .filter(|d| !d.suppressed)
    {
        *by.entry((d.code, d.severity)).or_default() += 1;
    }
    let mut rows: Vec<_> = by.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let width = rows
        .iter()
        .map(|((c, _), _)| c.as_str().len())
        .max()
        .unwrap_or(0);
    rows.iter()
        .map(|((code, sev), n)| format!("{n:>5}  {:width$}  {sev}\n", code.as_str()))
        .collect()
}

/// The report of `checked` in `format`.
pub(crate) fn render(
    format: Format,
    checked: &[Checked],
    style: TextStyle,
    with_statistics: bool,
) -> Result<String, String> {
    Ok(match format {
        Format::Text => {
            let mut out = String::new();
            for c in checked {
                out.push_str(&render_text(&c.text, &c.name, &c.diagnostics, style));
                for (pack, text) in &c.packs {
                    let name = pack_file_name(&c.name, pack.file.as_deref());
                    out.push_str(&render_text(text, &name, &pack.diagnostics, style));
                }
            }
            if checked.len() > 1 {
                out.push_str(&file_lines(checked));
            }
            out.push_str(&summary(checked));
            if with_statistics {
                out.push_str(&statistics(checked));
            }
            out
        }
        Format::Json => json(checked)?,
        Format::Sarif => {
            let named = by_file(checked, sarif_relative_uri);
            render_sarif_rooted(&as_files(&named), current_folder_uri().as_deref())
        }
        Format::Github => render_github(&as_files(&by_file(checked, |n| n.to_owned()))),
        Format::Junit => render_junit(&as_files(&by_file(checked, |n| n.to_owned()))),
    })
}

/// `{"files": [{"file", "pack", "ok", "diagnostics"[, "input", "packs"]}]}`.
fn json(checked: &[Checked]) -> Result<String, String> {
    let files: Vec<Value> = checked
        .iter()
        .map(|c| {
            let mut v = serde_json::json!({
                "file": c.name,
                "pack": c.pack,
                "ok": c.ok,
                "diagnostics": c.diagnostics,
            });
            if let (Some(kind), Some(m)) = (c.input, v.as_object_mut()) {
                if kind != InputKind::Values {
                    m.insert("input".into(), serde_json::json!(kind));
                    let packs: Vec<&PackReport> = c.packs.iter().map(|(p, _)| p).collect();
                    m.insert("packs".into(), serde_json::json!(packs));
                }
            }
            v
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&serde_json::json!({ "files": files }))
        .map_err(|e| format!("cannot write JSON: {e}"))?;
    s.push('\n');
    Ok(s)
}

/// Each file shown (an input, or a file its packs' values are in) with its text and
/// diagnostics, names made by `name`; a file named twice is one entry.
fn by_file(
    checked: &[Checked],
    name: impl Fn(&str) -> String,
) -> Vec<(String, &str, Vec<Diagnostic>)> {
    let mut named: Vec<(String, &str, Vec<Diagnostic>)> = Vec::new();
    for c in checked {
        named.push((name(&c.name), &c.text, c.diagnostics.clone()));
        for (pack, text) in &c.packs {
            let uri = name(&pack_file_name(&c.name, pack.file.as_deref()));
            match named.iter_mut().find(|(n, _, _)| *n == uri) {
                Some((_, _, d)) => d.extend(pack.diagnostics.iter().cloned()),
                None => named.push((uri, text, pack.diagnostics.clone())),
            }
        }
    }
    named
}

fn as_files<'a>(named: &'a [(String, &'a str, Vec<Diagnostic>)]) -> Vec<SarifFile<'a>> {
    named
        .iter()
        .map(|(name, source, diagnostics)| SarifFile {
            name,
            source,
            diagnostics,
        })
        .collect()
}

/// The current folder as a `file:` URI ending in `/` (`%SRCROOT%`).
fn current_folder_uri() -> Option<String> {
    let cwd = std::env::current_dir().ok()?;
    let mut uri = format!("file://{}", sarif_uri(&cwd.display().to_string()));
    if !uri.ends_with('/') {
        uri.push('/');
    }
    Some(uri)
}

/// A file name as a SARIF `uri`: relative to the current folder (the base `%SRCROOT%`)
/// when it is inside it, else an absolute `file:` URI.
fn sarif_relative_uri(name: &str) -> String {
    if name == STDIN_NAME {
        return sarif_uri(name);
    }
    let path = std::path::Path::new(name);
    if path.is_absolute() {
        let inside = std::env::current_dir().ok().and_then(|cwd| {
            path.strip_prefix(cwd)
                .ok()
                .map(std::path::Path::to_path_buf)
        });
        return match inside {
            Some(rel) => sarif_uri(&rel.display().to_string()),
            None => format!("file://{}", sarif_uri(name)),
        };
    }
    let shown = name.replace('\\', "/");
    let mut rest = shown.as_str();
    while let Some(r) = rest.strip_prefix("./") {
        rest = r;
    }
    sarif_uri(rest)
}
