//! Finding the configuration of each input: `--config FILE`, or the nearest `byoos.toml`
//! (or `pyproject.toml` with a `[tool.byoos]` table) in the input's folder or above it,
//! up to the folder that holds `.git` (or the filesystem root); `--isolated` reads none.
//! The core reads the settings ([`Config::parse`]); this module only reads files.

use crate::io::{stderr_style, ColorChoice, Failure};
use byoos_core::report::render_text;
use byoos_core::{Config, Options, Settings};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The names looked for in each folder, nearest first.
const NAMES: [&str; 2] = ["byoos.toml", "pyproject.toml"];
/// A configuration file larger than this is refused.
const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// A configuration read from a file, with the folder its globs and paths are relative to.
pub(crate) struct Found {
    pub(crate) dir: PathBuf,
    pub(crate) config: Config,
}

/// The configurations of one run, read once per folder.
pub(crate) struct Configs {
    isolated: bool,
    given: Option<Arc<Found>>,
    color: ColorChoice,
    folders: Mutex<HashMap<PathBuf, Option<Arc<Found>>>>,
}

impl Configs {
    /// `--config FILE` (read now) and `--isolated`.
    pub(crate) fn new(
        file: Option<&str>,
        isolated: bool,
        color: ColorChoice,
    ) -> Result<Self, Failure> {
        let mut c = Configs {
            isolated,
            given: None,
            color,
            folders: Mutex::default(),
        };
        if let Some(f) = file {
            let path = Path::new(f);
            match c.read(path)? {
                Some(found) => c.given = Some(found),
                None => return Err(Failure::usage(format!("`{f}` has no `[tool.byoos]` table"))),
            }
        }
        Ok(c)
    }

    /// The settings for input `file` (`-`: standard input, as a file of the current
    /// folder) and the configuration's folder; `None` without a configuration.
    pub(crate) fn settings_for(&self, file: &str) -> Result<Option<(Settings, PathBuf)>, Failure> {
        Ok(self
            .found_for(file)?
            .map(|(f, rel)| (f.config.settings_for(&rel), f.dir.clone())))
    }

    /// Whether the configuration of `file`, found by walking a folder, excludes it.
    pub(crate) fn excluded(&self, file: &str) -> Result<bool, Failure> {
        Ok(self
            .found_for(file)?
            .is_some_and(|(f, rel)| f.config.excludes(&rel)))
    }

    /// The configuration of `file` and the file's path relative to its folder.
    fn found_for(&self, file: &str) -> Result<Option<(Arc<Found>, String)>, Failure> {
        if self.isolated && self.given.is_none() {
            return Ok(None);
        }
        let cwd = std::env::current_dir().unwrap_or_default();
        let abs = if file == "-" {
            cwd.join("-")
        } else {
            std::path::absolute(file).unwrap_or_else(|_| cwd.join(file))
        };
        let found = match &self.given {
            Some(g) => Some(g.clone()),
            None => self.discover(abs.parent().unwrap_or(&cwd))?,
        };
        Ok(found.map(|f| {
            let rel = abs.strip_prefix(&f.dir).unwrap_or(&abs);
            let rel = rel.to_string_lossy().replace('\\', "/");
            (f, rel)
        }))
    }

    /// The nearest configuration from `dir` upward.
    fn discover(&self, dir: &Path) -> Result<Option<Arc<Found>>, Failure> {
        let mut walked = Vec::new();
        let mut at = Some(dir);
        let mut found = None;
        while let Some(d) = at {
            if let Some(known) = self.lock().get(d) {
                found = known.clone();
                break;
            }
            walked.push(d.to_path_buf());
            if let Some(f) = self.in_folder(d)? {
                found = Some(f);
                break;
            }
            if d.join(".git").exists() {
                break;
            }
            at = d.parent();
        }
        let mut folders = self.lock();
        for d in walked {
            folders.insert(d, found.clone());
        }
        Ok(found)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, Option<Arc<Found>>>> {
        self.folders
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn in_folder(&self, dir: &Path) -> Result<Option<Arc<Found>>, Failure> {
        for name in NAMES {
            let path = dir.join(name);
            if path.is_file() {
                if let Some(found) = self.read(&path)? {
                    return Ok(Some(found));
                }
            }
        }
        Ok(None)
    }

    /// Read configuration file `path`: `None` for a `pyproject.toml` without
    /// `[tool.byoos]`; its problems are a usage error showing each in the file.
    fn read(&self, path: &Path) -> Result<Option<Arc<Found>>, Failure> {
        let shown = path.display().to_string();
        let size = std::fs::metadata(path)
            .map_err(|e| Failure::usage(format!("cannot read configuration `{shown}`: {e}")))?
            .len();
        if size > MAX_CONFIG_BYTES {
            return Err(Failure::usage(format!(
                "configuration `{shown}` is larger than {MAX_CONFIG_BYTES} bytes"
            )));
        }
        let text = std::fs::read_to_string(path)
            .map_err(|e| Failure::usage(format!("cannot read configuration `{shown}`: {e}")))?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match Config::parse(&text, &name) {
            Ok(None) => Ok(None),
            Ok(Some(config)) => {
                let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
                let dir = abs.parent().map(Path::to_path_buf).unwrap_or_default();
                Ok(Some(Arc::new(Found { dir, config })))
            }
            Err(diags) => Err(Failure(
                render_text(&text, &shown, &diags, stderr_style(self.color))
                    .trim_end()
                    .to_owned(),
            )),
        }
    }
}

/// The options for one input with its settings: the command line's pack, provider and
/// region win; the core applies the selection and severities.
pub(crate) fn options_for(options: &Options, settings: Option<Settings>) -> Options {
    let mut o = options.clone();
    if let Some(s) = settings {
        o.config = Some(Config::from(s));
    }
    o
}

/// The context file a configuration names, as a path from the current folder.
pub(crate) fn context_path(settings: &Settings, dir: &Path) -> Option<String> {
    settings
        .context
        .as_ref()
        .map(|c| dir.join(c).display().to_string())
}
