//! Files in and out: reading inputs (`-` is standard input), writing to standard
//! streams without panicking, and atomic file writes.

use byoos_core::render::{render_text, TextStyle};
use byoos_core::{Code, Diagnostic};
use std::ffi::OsString;
use std::fs;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

/// A usage or I/O problem: its message goes to stderr and the exit code is 2.
#[derive(Debug)]
pub(crate) struct Failure(pub(crate) String);

impl Failure {
    /// `error[io/…]: message`.
    pub(crate) fn io(code: Code, message: impl std::fmt::Display) -> Self {
        Failure(format!("error[{code}]: {message}"))
    }

    /// `error: message`.
    pub(crate) fn usage(message: impl std::fmt::Display) -> Self {
        Failure(format!("error: {message}"))
    }
}

/// One input file read as UTF-8 text, with the name used in messages.
#[derive(Debug)]
pub(crate) struct Input {
    pub(crate) name: String,
    pub(crate) text: String,
}

/// The name standard input has in messages.
pub(crate) const STDIN_NAME: &str = "<stdin>";

/// Fail when standard input (`-`) is named more than once.
pub(crate) fn stdin_once<'a>(names: impl IntoIterator<Item = &'a str>) -> Result<(), Failure> {
    if names.into_iter().filter(|f| *f == "-").count() > 1 {
        return Err(Failure::usage(
            "`-` (standard input) can be given only once",
        ));
    }
    Ok(())
}

/// Read `file` (`-`: standard input) as UTF-8 text.
pub(crate) fn read_text(file: &str) -> Result<Input, Failure> {
    let (name, bytes) = if file == "-" {
        let mut buf = Vec::new();
        io::stdin()
            .lock()
            .read_to_end(&mut buf)
            .map_err(|e| Failure::io(Code::IoRead, format!("cannot read standard input: {e}")))?;
        (STDIN_NAME.to_owned(), buf)
    } else {
        let bytes = fs::read(file)
            .map_err(|e| Failure::io(Code::IoRead, format!("cannot read `{file}`: {e}")))?;
        (file.to_owned(), bytes)
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        Failure::io(
            Code::IoInvalidUtf8,
            format!(
                "`{name}` is not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })?;
    Ok(Input { name, text })
}

/// When to colour text output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// The style for a stream: colour only on a terminal and never with `NO_COLOR` set.
pub(crate) fn style(choice: ColorChoice, is_terminal: bool) -> TextStyle {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => TextStyle::Color,
        ColorChoice::Never => TextStyle::Plain,
        ColorChoice::Auto if is_terminal && !no_color => TextStyle::Color,
        ColorChoice::Auto => TextStyle::Plain,
    }
}

/// The style for standard output.
pub(crate) fn stdout_style(choice: ColorChoice) -> TextStyle {
    style(choice, io::stdout().is_terminal())
}

/// The style for standard error.
pub(crate) fn stderr_style(choice: ColorChoice) -> TextStyle {
    style(choice, io::stderr().is_terminal())
}

/// Write to stdout; a closed pipe (`byoos … | head`) is not an error.
pub(crate) fn write_stdout(text: &str) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::usage(format!(
            "cannot write to standard output: {e}"
        ))),
    }
}

/// Write to stderr, ignoring failures (there is nowhere left to report them).
pub(crate) fn write_stderr(text: &str) {
    let mut err = io::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
}

/// Diagnostics about `source` as rustc-style excerpts on stderr.
pub(crate) fn report_stderr(source: &str, name: &str, diags: &[Diagnostic], color: ColorChoice) {
    if !diags.is_empty() {
        write_stderr(&render_text(source, name, diags, stderr_style(color)));
    }
}

/// Replace `path` with `text` atomically: write a temporary file next to it, flush it
/// to disk, give it the original's permissions, then rename it over the original. On
/// any failure the original is untouched and the temporary file is removed. A symbolic
/// link is followed, so the file it points to is replaced, not the link.
pub(crate) fn write_atomic(path: &Path, text: &str) -> io::Result<()> {
    let target = match fs::canonicalize(path) {
        Ok(p) => p,
        Err(e) if e.kind() == io::ErrorKind::NotFound => path.to_path_buf(),
        Err(e) => return Err(e),
    };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = target.file_name().map(OsString::from).unwrap_or_default();
    let permissions = fs::metadata(&target).ok().map(|m| m.permissions());
    let mut attempt = 0u32;
    let (tmp, mut file) = loop {
        let mut name = OsString::from(".");
        name.push(&file_name);
        name.push(format!(".byoos-{}-{attempt}.tmp", std::process::id()));
        let tmp = dir.join(name);
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => break (tmp, f),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(e) => return Err(e),
        }
    };
    let result = (|| {
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        drop(file);
        if let Some(p) = permissions {
            fs::set_permissions(&tmp, p)?;
        }
        fs::rename(&tmp, &target)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// A file name as a SARIF artifact URI (a relative reference): `/`-separated, with
/// everything but unreserved characters percent-encoded.
pub(crate) fn sarif_uri(name: &str) -> String {
    if name == STDIN_NAME {
        return "stdin".to_owned();
    }
    let mut out = String::with_capacity(name.len());
    for b in name.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
