//! Files in and out: reading inputs (`-` is standard input) within the size limit, and
//! writing to the standard streams without panicking. File writes are in `write.rs`.

use byoos_core::report::{render_text, TextStyle};
use byoos_core::{Code, Diagnostic, Limits, Span};
use byoos_stdio::Stream;
use std::fs;
use std::io::{self, IsTerminal, Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};

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
    /// The input is larger than the limit: `text` is empty and this `limit/input-size`
    /// diagnostic says so (nothing past the limit was read).
    pub(crate) too_big: Option<Diagnostic>,
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

/// What a bounded read found.
enum Bounded {
    /// The whole input, at most the limit.
    Whole(Vec<u8>),
    /// More than the limit; its size when the file system knows it.
    TooBig(Option<u64>),
}

/// Read at most `limit` + 1 bytes of `reader`: an input is never held whole when it is
/// over the limit (`/dev/zero`, a FIFO, a 1.5 GB file). `known` is the size the file
/// system reports for a regular file: over the limit, nothing is read at all.
fn read_bounded(reader: impl Read, limit: usize, known: Option<u64>) -> io::Result<Bounded> {
    let cap = u64::try_from(limit).unwrap_or(u64::MAX);
    if let Some(n) = known.filter(|&n| n > cap) {
        return Ok(Bounded::TooBig(Some(n)));
    }
    let hint = known.and_then(|n| usize::try_from(n).ok()).unwrap_or(0);
    let mut buf = Vec::with_capacity(hint.saturating_add(1).min(limit.saturating_add(1)));
    reader.take(cap.saturating_add(1)).read_to_end(&mut buf)?;
    if buf.len() > limit {
        Ok(Bounded::TooBig(None))
    } else {
        Ok(Bounded::Whole(buf))
    }
}

/// The `limit/input-size` diagnostic of an input over `limit` bytes (at the start of an
/// empty source).
fn too_big_diagnostic(size: Option<u64>, limit: usize) -> Diagnostic {
    let message = match size {
        Some(n) => format!("input is {n} bytes, more than the limit of {limit} bytes"),
        None => format!("input is more than the limit of {limit} bytes"),
    };
    Diagnostic::new(
        Code::LimitInputSize,
        message,
        byoos_core::Path::root(),
        START,
    )
    .with_help(format!(
        "byoos reads at most {limit} bytes of one input; nothing past them was read"
    ))
}

/// Read `file` (`-`: standard input) as UTF-8 text, at most the default input limit.
pub(crate) fn read_text(file: &str) -> Result<Input, Failure> {
    read_text_limited(file, Limits::default().max_input_bytes)
}

/// Read `file` (`-`: standard input) as UTF-8 text, at most `limit` bytes. A file that
/// cannot be read or is not text is a usage problem here (exit 2); `validate` reads
/// through [`read_input`] instead and reports it as a diagnostic of that file.
pub(crate) fn read_text_limited(file: &str, limit: usize) -> Result<Input, Failure> {
    read_input(file, None, limit).map_err(|d| Failure::io(d.code, d.message))
}

/// The start of an empty source: where a diagnostic about a whole input points.
const START: Span = Span {
    start: 0,
    end: 0,
    line: 1,
    column: 1,
    end_line: 1,
    end_column: 1,
};

/// A diagnostic about a whole input (at the start of an empty source).
pub(crate) fn whole_file(code: Code, message: String) -> Diagnostic {
    Diagnostic::new(code, message, byoos_core::Path::root(), START)
}

/// Read `file` (`-`: standard input, shown as `stdin_name` or `<stdin>`) as UTF-8 text,
/// at most `limit` bytes. What stops the read is an `io/` diagnostic of that file: not
/// found, unreadable, binary (a NUL byte), UTF-16 or otherwise not UTF-8. An input over
/// the limit is read as far as the limit and carries its `limit/input-size` diagnostic.
// Once per file, on the way to the report the diagnostic lands in: boxing it buys nothing.
#[allow(clippy::result_large_err)]
pub(crate) fn read_input(
    file: &str,
    stdin_name: Option<&str>,
    limit: usize,
) -> Result<Input, Diagnostic> {
    let (name, read) = if file == "-" {
        let name = stdin_name.unwrap_or(STDIN_NAME).to_owned();
        let read = read_bounded(io::stdin().lock(), limit, None)
            .map_err(|e| whole_file(Code::IoRead, format!("cannot read standard input: {e}")));
        (name, read)
    } else {
        let cannot = |e: io::Error| {
            if e.kind() == io::ErrorKind::NotFound {
                whole_file(Code::IoNotFound, format!("`{file}` does not exist"))
            } else {
                whole_file(Code::IoRead, format!("cannot read `{file}`: {e}"))
            }
        };
        let f = fs::File::open(file).map_err(cannot)?;
        let known = f
            .metadata()
            .ok()
            .filter(fs::Metadata::is_file)
            .map(|m| m.len());
        (
            file.to_owned(),
            read_bounded(f, limit, known).map_err(cannot),
        )
    };
    let bytes = match read? {
        Bounded::Whole(bytes) => bytes,
        Bounded::TooBig(size) => {
            return Ok(Input {
                name,
                text: String::new(),
                too_big: Some(too_big_diagnostic(size, limit)),
            })
        }
    };
    let text = text_of(&name, bytes)?;
    Ok(Input {
        name,
        text,
        too_big: None,
    })
}

/// The bytes of input `name` as text, or the `io/` diagnostic saying why they are not.
#[allow(clippy::result_large_err)]
fn text_of(name: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    let bom = match bytes.get(..2) {
        Some([0xFF, 0xFE]) => Some("UTF-16LE"),
        Some([0xFE, 0xFF]) => Some("UTF-16BE"),
        _ => None,
    };
    if let Some(encoding) = bom {
        return Err(whole_file(
            Code::IoInvalidUtf8,
            format!("`{name}` is {encoding} text (byte order mark), not UTF-8"),
        )
        .with_help("save the file as UTF-8 (e.g. `iconv -f UTF-16 -t UTF-8`)"));
    }
    // Git's test for binary data: a NUL byte in the first 8000 bytes.
    if let Some(at) = bytes.iter().take(8000).position(|&b| b == 0) {
        return Err(whole_file(
            Code::IoBinary,
            format!("`{name}` is binary data (a NUL byte at offset {at}), not text"),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        whole_file(
            Code::IoInvalidUtf8,
            format!(
                "`{name}` is not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })
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

/// Whether `stream` was closed (`>&-`, `2>&-`) when the process started. Rust's runtime
/// has put `/dev/null` there since, so writes would vanish with exit 0; such a stream
/// fails like `/dev/full` instead. Where this is not known (not Linux), it is taken as
/// open.
fn closed_at_start(stream: Stream) -> bool {
    byoos_stdio::closed_at_start(stream).unwrap_or(false)
}

/// Set when a write to standard error failed: the run then exits 2.
static STDERR_FAILED: AtomicBool = AtomicBool::new(false);

/// Whether a write to standard error failed (other than a closed pipe).
pub(crate) fn stderr_failed() -> bool {
    STDERR_FAILED.load(Ordering::Relaxed)
}

/// Write to stdout. A closed pipe (`byoos … | head`) ends the output quietly, as in most
/// command-line tools; any other failure (`> /dev/full`) is an I/O problem.
pub(crate) fn write_stdout(text: &str) -> Result<(), Failure> {
    if closed_at_start(Stream::Stdout) {
        return Err(Failure::usage(
            "cannot write to standard output: it was closed when byoos started",
        ));
    }
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::usage(format!(
            "cannot write to standard output: {e}"
        ))),
    }
}

/// Write to stderr. A failure cannot be reported there, so it is remembered and the run
/// exits 2 ([`stderr_failed`]); a closed pipe stays quiet, as on stdout.
pub(crate) fn write_stderr(text: &str) {
    if closed_at_start(Stream::Stderr) {
        STDERR_FAILED.store(true, Ordering::Relaxed);
        return;
    }
    let mut err = io::stderr().lock();
    if let Err(e) = err.write_all(text.as_bytes()).and_then(|()| err.flush()) {
        if e.kind() != io::ErrorKind::BrokenPipe {
            STDERR_FAILED.store(true, Ordering::Relaxed);
        }
    }
}

/// Diagnostics about `source` as rustc-style excerpts on stderr.
pub(crate) fn report_stderr(source: &str, name: &str, diags: &[Diagnostic], color: ColorChoice) {
    if !diags.is_empty() {
        write_stderr(&render_text(source, name, diags, stderr_style(color)));
    }
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
