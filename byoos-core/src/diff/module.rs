//! `diff` of two Terraform modules: each a folder's `.tf` files, whose
//! `spectrocloud_cluster_profile` resources are paired by label whichever file holds
//! them (Terraform reads a folder as one module).

use super::profiles::compare;
use super::{Diff, Impact};
use crate::diagnostic::{self, Diagnostic, Finding};
use crate::options::Options;
use crate::profile::{self, InputKind, ReadFile};
use crate::secrets;
use serde::Serialize;

/// The findings about one file of a module (spans into that file).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct FileDiagnostics {
    /// The file's name, as given.
    pub file: String,
    /// Its findings.
    pub diagnostics: Vec<Diagnostic>,
}

/// The result of [`diff_modules`]: the diff (its `old_diagnostics` and `new_diagnostics`
/// are empty: each finding is under the file it points into).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ModuleDiff {
    /// The changes, as [`diff`](crate::diff) gives them for two `.tf` files.
    #[serde(flatten)]
    pub diff: Diff,
    /// The files of the old module with findings.
    pub old_files: Vec<FileDiagnostics>,
    /// The files of the new module with findings.
    pub new_files: Vec<FileDiagnostics>,
}

/// Compare two Terraform modules, each given as its `.tf` files (name, text): every
/// `spectrocloud_cluster_profile` of the old module paired with the one of the same
/// label in the new, wherever each is written. `read_old` and `read_new` answer each
/// module's `file("…")` (paths relative to the module's folder). Never fails: a file
/// that cannot be read gives `ok: false` and its findings.
#[must_use]
pub fn diff_modules(
    old: &[(String, String)],
    new: &[(String, String)],
    options: &Options,
    read_old: &ReadFile<'_>,
    read_new: &ReadFile<'_>,
) -> ModuleDiff {
    let (o, mut old_files) = read_module(old, options, read_old);
    let (n, mut new_files) = read_module(new, options, read_new);
    let errors = |f: &[FileDiagnostics]| f.iter().any(|f| diagnostic::has_errors(&f.diagnostics));
    let mut changes = Vec::new();
    if !errors(&old_files) && !errors(&new_files) {
        let c = compare(&o, &n, options);
        add(&mut old_files, old, c.old);
        add(&mut new_files, new, c.new);
        changes = c.changes;
    }
    let ok = !errors(&old_files) && !errors(&new_files);
    if !ok {
        changes.clear();
    }
    ModuleDiff {
        diff: Diff {
            ok,
            pack: None,
            impact: changes
                .iter()
                .map(|c| c.impact)
                .max()
                .unwrap_or(Impact::NoOp),
            changes,
            old_diagnostics: Vec::new(),
            new_diagnostics: Vec::new(),
        },
        old_files,
        new_files,
    }
}

/// Every profile of every file, each pack knowing its file (`origin`), and the
/// findings of each file that has some.
fn read_module(
    files: &[(String, String)],
    options: &Options,
    read_file: &ReadFile<'_>,
) -> (profile::Read, Vec<FileDiagnostics>) {
    let mut all = profile::Read {
        profiles: Vec::new(),
        diagnostics: Vec::new(),
        files: Vec::new(),
    };
    let mut found = Vec::new();
    for (i, (name, text)) in files.iter().enumerate() {
        let mut diagnostics =
            match profile::read(text, InputKind::Terraform, &options.limits, read_file) {
                Ok(mut r) => {
                    for p in &mut r.profiles {
                        for k in &mut p.packs {
                            k.origin = i;
                        }
                    }
                    all.profiles.append(&mut r.profiles);
                    all.files.append(&mut r.files);
                    r.diagnostics
                }
                Err(f) => f.diagnostics,
            };
        secrets::redact(text, &mut diagnostics);
        if !diagnostics.is_empty() {
            found.push(FileDiagnostics {
                file: name.clone(),
                diagnostics,
            });
        }
    }
    twice(&all, files, &mut found);
    (all, found)
}

/// A resource label written twice in a module (Terraform refuses the module): an error
/// at the second, else the pairing would be a guess.
fn twice(all: &profile::Read, files: &[(String, String)], found: &mut Vec<FileDiagnostics>) {
    for (i, p) in all.profiles.iter().enumerate() {
        let Some(r) = &p.resource else { continue };
        if !all.profiles[..i]
            .iter()
            .any(|q| q.resource.as_ref() == Some(r))
        {
            continue;
        }
        let Some(first) = p.packs.first() else {
            continue;
        };
        let d = Finding::new(
            crate::codes::Code::TemplateProfile,
            first.at.range(),
            format!("`{r}` is declared twice in the module"),
        )
        .help("Terraform refuses a module that declares a resource twice; rename one")
        .place(first.path.clone(), first.at);
        add(found, files, vec![(first.origin, d)]);
    }
}

/// Findings `(file index, diagnostic)` added under their files.
fn add(
    found: &mut Vec<FileDiagnostics>,
    files: &[(String, String)],
    more: Vec<(usize, Diagnostic)>,
) {
    for (i, d) in more {
        let Some((name, _)) = files.get(i) else {
            continue;
        };
        match found.iter_mut().find(|f| &f.file == name) {
            Some(f) => f.diagnostics.push(d),
            None => found.push(FileDiagnostics {
                file: name.clone(),
                diagnostics: vec![d],
            }),
        }
    }
}
