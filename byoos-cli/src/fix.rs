//! `validate --fix` and `--fix --diff`: each file's mechanical fixes
//! ([`byoos_core::fix`]), written back through [`crate::write`]'s safe write (same mode
//! and owner, atomic, no symbolic link followed) or shown as a unified diff. Only the
//! files named are touched; the report that follows is of the fixed text.

use crate::io::{write_stderr, Failure, Input, STDIN_NAME};
use crate::write::{write_atomic, Links};
use byoos_core::Options;
use std::path::Path;
use std::sync::Mutex;

/// What `--fix` does with a fixed file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// No `--fix`.
    Off,
    /// `--fix`: write it in place.
    Write,
    /// `--fix --diff`: print the diff, write nothing.
    Diff,
}

impl Mode {
    pub(crate) fn of(fix: bool, diff: bool) -> Mode {
        match (fix, diff) {
            (false, _) => Mode::Off,
            (true, false) => Mode::Write,
            (true, true) => Mode::Diff,
        }
    }
}

/// The fixes of one run: each file's diff and counts, gathered from the worker threads.
#[derive(Debug)]
pub(crate) struct Fixes {
    mode: Mode,
    /// (file as named, diff, findings fixed).
    done: Mutex<Vec<(String, String, usize)>>,
}

impl Fixes {
    pub(crate) fn new(mode: Mode) -> Fixes {
        Fixes {
            mode,
            done: Mutex::new(Vec::new()),
        }
    }

    /// Whether `--fix` was given.
    pub(crate) fn is_on(&self) -> bool {
        self.mode != Mode::Off
    }

    /// `input` (read from `file`) with its fixes applied and written (or only recorded,
    /// for `--diff`). Unchanged when nothing is fixable, when it is too big, and when a
    /// fix would add an error (said on standard error; nothing is written).
    pub(crate) fn apply(
        &self,
        file: &str,
        mut input: Input,
        options: &Options,
    ) -> Result<Input, Failure> {
        if self.mode == Mode::Off || input.too_big.is_some() {
            return Ok(input);
        }
        let mut o = options.clone();
        o.file_name = Some(input.name.clone());
        let out = match byoos_core::fix(&input.text, &o) {
            Ok(out) if out.changed(&input.text) => out,
            Ok(_) => return Ok(input),
            Err(_) => {
                write_stderr(&format!(
                    "{}: not fixed: a fix would add an error\n",
                    input.name
                ));
                return Ok(input);
            }
        };
        if self.mode == Mode::Write {
            if file == "-" {
                return Err(Failure::usage(format!(
                    "`--fix` cannot write {STDIN_NAME} back; add `--diff` to see the fixes"
                )));
            }
            write_atomic(Path::new(file), &out.text, Links::Refuse, false)?;
        }
        let diff = unified_diff(&input.name, &input.text, &out.text);
        let mut done = self
            .done
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        done.push((file.to_owned(), diff, out.fixed.len()));
        input.text = out.text;
        Ok(input)
    }

    /// For `--diff`: the diffs, in the order of `files`. `None` otherwise. What was
    /// fixed is counted on standard error either way.
    pub(crate) fn finish(&self, files: &[String]) -> Option<String> {
        if self.mode == Mode::Off {
            return None;
        }
        let done = self
            .done
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let count: usize = done.iter().map(|d| d.2).sum();
        let verb = if self.mode == Mode::Diff {
            "fixable"
        } else {
            "fixed"
        };
        let s = |n: usize| if n == 1 { "" } else { "s" };
        write_stderr(&format!(
            "{count} finding{} {verb} in {} file{}\n",
            s(count),
            done.len(),
            s(done.len())
        ));
        (self.mode == Mode::Diff).then(|| {
            files
                .iter()
                .flat_map(|f| done.iter().filter(move |d| &d.0 == f))
                .map(|d| d.1.as_str())
                .collect()
        })
    }
}

/// The unified diff of `old` → `new` (secrets masked in both), headed `a/NAME`, `b/NAME`.
fn unified_diff(name: &str, old: &str, new: &str) -> String {
    let (old, new) = (
        byoos_core::secrets::masked(old),
        byoos_core::secrets::masked(new),
    );
    let name = byoos_core::secrets::escape_controls(name);
    similar::TextDiff::from_lines(&old, &new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}
