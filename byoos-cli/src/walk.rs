//! Which files `validate` checks: the paths given, with folders walked for values
//! files, profiles and Terraform (`.gitignore`, `.ignore` and hidden files honoured, the
//! configuration's `exclude` globs left out), in one deterministic order.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The names a folder walk takes: values files and profiles (YAML), profile exports
/// (JSON) and Terraform.
pub(crate) const DEFAULT_GLOBS: &[&str] = &["*.yaml", "*.yml", "*.json", "*.tf"];

/// How folders are walked. `exclude` holds gitignore-style globs (matched against the
/// path relative to the folder walked) of files and folders to leave out, e.g. from a
/// configuration file's `exclude`.
#[derive(Clone, Debug, Default)]
pub(crate) struct Walk {
    pub(crate) exclude: Vec<String>,
}

/// One input to check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    /// The path as it is shown (`-` for standard input).
    pub(crate) path: String,
    /// Named on the command line (rather than found in a folder): a file found by walking
    /// that is not a BYOOS file (a `package.json`) is skipped, a named one is reported.
    pub(crate) named: bool,
    /// Why the walk could not look at this path (a folder without read permission).
    pub(crate) error: Option<String>,
}

impl Walk {
    /// The inputs of `paths`: each file as given, each folder's matching files sorted by
    /// path; a path given twice (or found twice) is checked once. A path that does not
    /// exist is kept: reading it reports `io/not-found`.
    pub(crate) fn inputs(&self, paths: &[String]) -> Result<Vec<Entry>, String> {
        let mut out = Vec::new();
        let mut seen = BTreeSet::new();
        for p in paths {
            if p != "-" && Path::new(p).is_dir() {
                for e in self.folder(Path::new(p))? {
                    if seen.insert(e.path.clone()) {
                        out.push(e);
                    }
                }
            } else if seen.insert(p.clone()) {
                out.push(Entry {
                    path: p.clone(),
                    named: true,
                    error: None,
                });
            }
        }
        Ok(out)
    }

    /// The matching files under `root`, sorted.
    fn folder(&self, root: &Path) -> Result<Vec<Entry>, String> {
        // Only exclusions are overrides: a whitelist glob there would take precedence
        // over `.gitignore` and hidden files; the default globs filter what is left.
        let mut globs = ignore::overrides::OverrideBuilder::new(root);
        for g in &self.exclude {
            globs
                .add(&format!("!{g}"))
                .map_err(|e| format!("exclude glob `{g}`: {e}"))?;
        }
        let globs = globs.build().map_err(|e| e.to_string())?;
        let walker = ignore::WalkBuilder::new(root)
            .hidden(true)
            .git_ignore(true)
            .git_exclude(true)
            .git_global(false)
            .ignore(true)
            .parents(true)
            .require_git(false)
            .follow_links(false)
            .overrides(globs)
            .sort_by_file_path(Ord::cmp)
            .build();
        let mut found: Vec<(PathBuf, Option<String>)> = Vec::new();
        for item in walker {
            match item {
                Ok(e) if e.file_type().is_some_and(|t| t.is_file()) && wanted(e.path()) => {
                    found.push((e.into_path(), None));
                }
                Ok(_) => {}
                Err(e) => {
                    let path = error_path(&e).unwrap_or_else(|| root.to_path_buf());
                    found.push((path, Some(e.to_string())));
                }
            }
        }
        found.sort();
        Ok(found
            .into_iter()
            .map(|(p, error)| Entry {
                path: shown(&p),
                named: false,
                error,
            })
            .collect())
    }
}

/// Whether a file found in a folder matches one of [`DEFAULT_GLOBS`] (`*.EXT`).
fn wanted(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    DEFAULT_GLOBS.iter().any(|g| {
        g.strip_prefix('*')
            .is_some_and(|ext| name.len() > ext.len() && name.ends_with(ext))
    })
}

/// The path an error of the walk is about.
fn error_path(e: &ignore::Error) -> Option<PathBuf> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => None,
    }
}

/// A walked path as shown: without a leading `./`.
fn shown(p: &Path) -> String {
    let s = p.display().to_string();
    match s.strip_prefix("./") {
        Some(rest) if !rest.is_empty() => rest.to_owned(),
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[(&str, &str)]) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("byoos-walk-{}-{}", std::process::id(), files.len()));
        let _ = std::fs::remove_dir_all(&dir);
        for (name, text) in files {
            let p = dir.join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        dir
    }

    fn names(walk: &Walk, dir: &Path) -> Vec<String> {
        let root = dir.display().to_string();
        walk.inputs(std::slice::from_ref(&root))
            .unwrap()
            .into_iter()
            .map(|e| e.path[root.len() + 1..].to_owned())
            .collect()
    }

    #[test]
    fn walks_sorted_with_gitignore_hidden_and_exclude() {
        let dir = tree(&[
            ("b.yaml", ""),
            ("a/z.yml", ""),
            ("a/p.json", ""),
            ("main.tf", ""),
            ("notes.txt", ""),
            (".hidden.yaml", ""),
            (".gitignore", "ignored.yaml\n"),
            ("ignored.yaml", ""),
            ("vendor/v.yaml", ""),
        ]);
        let all = names(&Walk::default(), &dir);
        assert_eq!(
            all,
            ["a/p.json", "a/z.yml", "b.yaml", "main.tf", "vendor/v.yaml"]
        );
        let walk = Walk {
            exclude: vec!["vendor/".into(), "*.json".into()],
        };
        assert_eq!(names(&walk, &dir), ["a/z.yml", "b.yaml", "main.tf"]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn named_files_are_kept_once_even_when_missing() {
        let walk = Walk::default();
        let got = walk
            .inputs(&["x.yaml".into(), "x.yaml".into(), "-".into()])
            .unwrap();
        assert_eq!(got.len(), 2);
        assert!(got.iter().all(|e| e.named && e.error.is_none()));
    }
}
