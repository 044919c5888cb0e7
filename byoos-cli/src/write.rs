//! Safe file writes (`set --in-place`, `render-profile --out-dir`).
//!
//! A file is written in full under a temporary name in its target's folder, with its
//! final owner and mode before the first byte, flushed to disk, then renamed over the
//! target. The temporary file is created with `O_CREAT | O_EXCL | O_NOFOLLOW` and the
//! final mode (never `0666 & umask` first), so no other user can open it; it is removed
//! on every error the process sees, including a write past `ulimit -f` (SIGXFSZ is
//! caught, so the write fails with `EFBIG` instead of killing the process).

use crate::io::Failure;
use std::ffi::{OsStr, OsString};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// What to do when the target is a symbolic link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Links {
    /// Replace the file the link points to (`set --in-place` on a path the user named).
    Follow,
    /// Refuse: a link planted in an output folder must not send the write elsewhere.
    Refuse,
}

/// A temporary file, removed when dropped unless it was renamed.
#[derive(Debug)]
struct TempFile {
    path: PathBuf,
    renamed: bool,
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.renamed {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// A file written in full and flushed to disk under a temporary name next to its target,
/// waiting to be renamed over it. Dropping it removes the temporary file.
#[derive(Debug)]
pub(crate) struct Staged {
    temp: TempFile,
    target: PathBuf,
}

impl Staged {
    /// Rename the temporary file over the target (atomic: readers see the old or the
    /// new file, never a part).
    pub(crate) fn commit(mut self) -> io::Result<()> {
        fs::rename(&self.temp.path, &self.target)?;
        self.temp.renamed = true;
        // Make the rename itself durable; a folder that cannot be synced is no error.
        if let Some(dir) = self.target.parent().filter(|d| !d.as_os_str().is_empty()) {
            let _ = File::open(dir).and_then(|d| d.sync_all());
        }
        Ok(())
    }
}

/// Catch SIGXFSZ once, so that a write past the file-size limit (`ulimit -f`) fails
/// with `EFBIG` and the temporary file can be removed, instead of the signal's default
/// action ending the process with the file left behind.
fn catch_file_size_signal() {
    #[cfg(unix)]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        static CAUGHT: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
        ONCE.call_once(|| {
            let _ = signal_hook::flag::register(signal_hook::consts::SIGXFSZ, &CAUGHT);
        });
    }
}

fn cannot_write(path: &Path, e: impl std::fmt::Display) -> Failure {
    Failure::usage(format!("cannot write `{}`: {e}", path.display()))
}

/// The file to replace and its metadata (`None`: it does not exist yet).
fn resolve(path: &Path, links: Links) -> Result<(PathBuf, Option<fs::Metadata>), Failure> {
    let (target, meta) = match links {
        Links::Follow => {
            let target = match fs::canonicalize(path) {
                Ok(p) => p,
                Err(e) if e.kind() == io::ErrorKind::NotFound => path.to_path_buf(),
                Err(e) => return Err(cannot_write(path, e)),
            };
            let meta = existing(fs::metadata(&target)).map_err(|e| cannot_write(path, e))?;
            (target, meta)
        }
        Links::Refuse => {
            let meta = existing(fs::symlink_metadata(path)).map_err(|e| cannot_write(path, e))?;
            if meta.as_ref().is_some_and(|m| m.file_type().is_symlink()) {
                return Err(Failure::usage(format!(
                    "`{}` is a symbolic link: byoos does not write through links in an output \
                     folder (remove it, or choose another folder)",
                    path.display()
                )));
            }
            (path.to_path_buf(), meta)
        }
    };
    if meta.as_ref().is_some_and(|m| !m.is_file()) {
        return Err(cannot_write(path, "it exists and is not a regular file"));
    }
    Ok((target, meta))
}

/// `Ok(None)` for a file that does not exist.
fn existing(meta: io::Result<fs::Metadata>) -> io::Result<Option<fs::Metadata>> {
    match meta {
        Ok(m) => Ok(Some(m)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// The mode the written file gets: 0600 when it holds a secret, else the target's, else
/// (`None`) the usual `0666 & ~umask` of a new file.
fn final_mode(meta: Option<&fs::Metadata>, sensitive: bool) -> Option<u32> {
    if sensitive {
        return Some(0o600);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.map(|m| m.permissions().mode() & 0o7777)
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

/// Create `.NAME.byoos-PID-N.tmp` in `dir`: exclusive, never through a link, with
/// `mode` (umask can only narrow it) from the first moment.
fn create_temp(dir: &Path, file_name: &OsStr, mode: Option<u32>) -> io::Result<(TempFile, File)> {
    for attempt in 0..100u32 {
        let mut name = OsString::from(".");
        name.push(file_name);
        name.push(format!(".byoos-{}-{attempt}.tmp", std::process::id()));
        let path = dir.join(name);
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options
                .mode(mode.map_or(0o666, |m| m & 0o777))
                .custom_flags(libc::O_NOFOLLOW);
        }
        #[cfg(not(unix))]
        let _ = mode;
        match options.open(&path) {
            Ok(file) => {
                let temp = TempFile {
                    path,
                    renamed: false,
                };
                return Ok((temp, file));
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        "no free temporary file name",
    ))
}

/// Give `file` the owner and group of `meta` where the process may (root may; others
/// only a group they belong to); else warn, naming who owns the new file.
#[cfg(unix)]
fn keep_owner(file: &File, meta: &fs::Metadata, shown: &Path) -> io::Result<()> {
    use std::os::unix::fs::{fchown, MetadataExt};
    let now = file.metadata()?;
    if (now.uid(), now.gid()) == (meta.uid(), meta.gid()) {
        return Ok(());
    }
    let error = match fchown(file, Some(meta.uid()), Some(meta.gid())) {
        Ok(()) => return Ok(()),
        Err(e) => e,
    };
    let group_kept = now.gid() == meta.gid() || fchown(file, None, Some(meta.gid())).is_ok();
    let now = file.metadata()?;
    crate::io::write_stderr(&format!(
        "warning: `{}` is now owned by {}:{} (was {}:{}{}): {error}\n",
        shown.display(),
        now.uid(),
        now.gid(),
        meta.uid(),
        meta.gid(),
        if group_kept { ", group kept" } else { "" },
    ));
    Ok(())
}

/// Write `text` under a temporary name next to `path` (see the module comment); the
/// target is replaced only by [`Staged::commit`]. `sensitive`: the text holds a secret,
/// so the file is written 0600.
pub(crate) fn stage(
    path: &Path,
    text: &str,
    links: Links,
    sensitive: bool,
) -> Result<Staged, Failure> {
    catch_file_size_signal();
    let (target, meta) = resolve(path, links)?;
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = target.file_name().map(OsString::from).unwrap_or_default();
    let mode = final_mode(meta.as_ref(), sensitive);
    let (temp, mut file) =
        create_temp(&dir, &file_name, mode).map_err(|e| cannot_write(path, e))?;
    let written = (|| {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            if let Some(m) = &meta {
                keep_owner(&file, m, path)?;
            }
            // After the owner (a change of owner clears set-id bits), before any byte.
            if let Some(m) = mode {
                file.set_permissions(fs::Permissions::from_mode(m))?;
            }
        }
        file.write_all(text.as_bytes())?;
        file.sync_all()
    })();
    written.map_err(|e| cannot_write(path, e))?;
    Ok(Staged { temp, target })
}

/// Replace `path` with `text` atomically ([`stage`], then [`Staged::commit`]).
pub(crate) fn write_atomic(
    path: &Path,
    text: &str,
    links: Links,
    sensitive: bool,
) -> Result<(), Failure> {
    stage(path, text, links, sensitive)?
        .commit()
        .map_err(|e| cannot_write(path, e))
}

/// One file of a set written all or nothing.
#[derive(Debug)]
pub(crate) struct Planned<'a> {
    pub(crate) path: PathBuf,
    pub(crate) text: &'a str,
    pub(crate) sensitive: bool,
}

/// Write every file or none: all are staged first (any failure removes every temporary
/// file and leaves every target untouched), then renamed. A rename fails only when the
/// folder changes meanwhile; then the files already renamed are named in the error.
pub(crate) fn write_all_or_nothing(files: &[Planned<'_>]) -> Result<(), Failure> {
    let mut staged = Vec::with_capacity(files.len());
    for f in files {
        staged.push(stage(&f.path, f.text, Links::Refuse, f.sensitive)?);
    }
    let mut done: Vec<String> = Vec::new();
    for (s, f) in staged.into_iter().zip(files) {
        if let Err(e) = s.commit() {
            let written = if done.is_empty() {
                "nothing was written".to_owned()
            } else {
                format!("written before it: {}", done.join(", "))
            };
            return Err(cannot_write(&f.path, format!("{e}; {written}")));
        }
        done.push(format!("`{}`", f.path.display()));
    }
    Ok(())
}
