//! The one diagnostic type every operation, renderer and binding shares.

use crate::codes::Code;
pub use crate::codes::Severity;
use crate::source::{Encoding, LineIndex};
use serde::Serialize;
use std::fmt;

/// One step of a YAML path: a mapping key (a dotted key such as `system.uri` is one
/// segment) or a sequence index.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(untagged)]
pub enum Segment {
    /// A mapping key.
    Key(String),
    /// A sequence index.
    Index(usize),
}

impl From<&str> for Segment {
    fn from(k: &str) -> Self {
        Segment::Key(k.to_owned())
    }
}
impl From<String> for Segment {
    fn from(k: String) -> Self {
        Segment::Key(k)
    }
}
impl From<usize> for Segment {
    fn from(i: usize) -> Self {
        Segment::Index(i)
    }
}

/// A YAML path: the segments from the document root to a node.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Path(pub Vec<Segment>);

impl Path {
    /// The document root (`[]`).
    #[must_use]
    pub const fn root() -> Self {
        Path(Vec::new())
    }

    /// This path with one more segment.
    #[must_use]
    pub fn join(&self, seg: impl Into<Segment>) -> Path {
        let mut v = Vec::with_capacity(self.0.len() + 1);
        v.extend_from_slice(&self.0);
        v.push(seg.into());
        Path(v)
    }

    /// Parse the CLI form: segments joined by `/`, `~1` for a `/` inside a key, `~0` for `~`.
    /// A segment of digits only is a sequence index.
    #[must_use]
    pub fn parse(text: &str) -> Path {
        if text.is_empty() || text == "/" {
            return Path::root();
        }
        Path(
            text.trim_start_matches('/')
                .split('/')
                .map(|s| {
                    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
                        if let Ok(i) = s.parse() {
                            return Segment::Index(i);
                        }
                    }
                    Segment::Key(s.replace("~1", "/").replace("~0", "~"))
                })
                .collect(),
        )
    }
}

/// `pack/content/images/0/image`, `options/system.uri`; the root is `/`.
impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("/");
        }
        for (i, s) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("/")?;
            }
            match s {
                Segment::Key(k) => f.write_str(&k.replace('~', "~0").replace('/', "~1"))?,
                Segment::Index(n) => write!(f, "{n}")?,
            }
        }
        Ok(())
    }
}

/// A path as dotted text (`options.system.uri`, `pack.content.images[0].image`), for
/// messages.
pub(crate) fn dotted(path: &Path) -> String {
    let mut s = String::new();
    for seg in &path.0 {
        match seg {
            Segment::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Segment::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

/// Where a diagnostic points: byte offsets into the source plus 1-based line and
/// column (columns count characters; `end_column` is one past the last character).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// Line of `start` (1-based).
    pub line: u32,
    /// Column of `start` in characters (1-based).
    pub column: u32,
    /// Line of `end` (1-based).
    pub end_line: u32,
    /// Column of `end` in characters (1-based).
    pub end_column: u32,
}

impl Span {
    /// The span of bytes `start..end` of `text`.
    #[must_use]
    pub fn new(text: &str, index: &LineIndex, start: usize, end: usize) -> Span {
        let end = end.max(start);
        let (line, column) = index.line_col(text, start);
        let (end_line, end_column) = index.line_col(text, end);
        Span {
            start,
            end,
            line,
            column,
            end_line,
            end_column,
        }
    }

    /// The byte range.
    #[must_use]
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

/// A finding about the input: a stable code, a severity, a short message, where it is
/// (YAML path and source span) and an optional one-line fix hint.
///
/// The message and help never contain a secret (passwords, sensitive variables, SAS
/// signatures); such values are shown as `***`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Diagnostic {
    /// Registry code, e.g. [`Code::YamlSmartQuotes`].
    pub code: Code,
    /// Severity (usually the code's default).
    pub severity: Severity,
    /// Short, one line.
    pub message: String,
    /// YAML path of the node concerned.
    pub path: Path,
    /// Location in the source.
    pub span: Span,
    /// A one-line fix hint.
    pub help: Option<String>,
    /// Suppressed by an inline `# byoos: ignore[…]` comment: kept in the report, not
    /// counted (an error that is suppressed leaves `ok` true).
    pub suppressed: bool,
    /// The edit that fixes it, when the fix is mechanical (no choice to make): what
    /// [`fix`](crate::fix) applies. Never shown: the hint says it in words.
    pub fix: Option<Fix>,
}

/// A machine-applicable fix: edits of the source's bytes, none overlapping, applied
/// together or not at all (`docs/decisions.md` §33).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Fix {
    /// The edits, sorted by position.
    pub edits: Vec<Edit>,
}

/// One edit of a [`Fix`]: replace bytes `start..end` of the source with `text`. Its
/// `Debug` form shows the text's length only: it may be a secret's (a quoted password).
#[derive(Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Edit {
    /// Byte offset of the first byte replaced.
    pub start: usize,
    /// Byte offset one past the last byte replaced.
    pub end: usize,
    /// The replacement.
    pub text: String,
}

impl fmt::Debug for Edit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Edit")
            .field("start", &self.start)
            .field("end", &self.end)
            .field("text", &format_args!("<{} bytes>", self.text.len()))
            .finish()
    }
}

impl Edit {
    /// Insert `text` at byte `at`.
    #[must_use]
    pub fn insert(at: usize, text: &str) -> Edit {
        Edit {
            start: at,
            end: at,
            text: text.to_owned(),
        }
    }
}

impl Fix {
    /// A fix of one edit.
    #[must_use]
    pub fn replace(range: std::ops::Range<usize>, text: impl Into<String>) -> Fix {
        Fix {
            edits: vec![Edit {
                start: range.start,
                end: range.end.max(range.start),
                text: text.into(),
            }],
        }
    }

    /// The bytes this fix touches, from its first edit's start to its last's end.
    #[must_use]
    pub fn range(&self) -> std::ops::Range<usize> {
        let start = self.edits.iter().map(|e| e.start).min().unwrap_or(0);
        let end = self.edits.iter().map(|e| e.end).max().unwrap_or(start);
        start..end
    }
}

impl Diagnostic {
    /// A diagnostic with the code's default severity.
    #[must_use]
    pub fn new(code: Code, message: impl Into<String>, path: Path, span: Span) -> Self {
        Diagnostic {
            code,
            severity: code.default_severity(),
            message: one_line(message.into()),
            path,
            span,
            help: None,
            fix: None,
            suppressed: false,
        }
    }

    /// Attach a mechanical fix (edits in bytes of the text `span` points into).
    #[must_use]
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    /// Set the help line.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(one_line(help.into()));
        self
    }

    /// Attach a mechanical fix, if there is one.
    #[must_use]
    pub(crate) fn with_fix_opt(mut self, fix: Option<Fix>) -> Self {
        self.fix = fix;
        self
    }

    /// Override the severity.
    #[must_use]
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// Whether this is an error.
    #[must_use]
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// This diagnostic's start and end offsets in `encoding` units of `source`.
    #[must_use]
    pub fn offsets(&self, source: &str, index: &LineIndex, encoding: Encoding) -> (usize, usize) {
        (
            index.offset(source, self.span.start, encoding),
            index.offset(source, self.span.end, encoding),
        )
    }
}

/// What a check found, before it is placed in a document: the one way the core builds a
/// diagnostic.
///
/// Every check makes one in the coordinates it reads (bytes of a source, of a scalar's
/// value, of an image reference) with `Finding::new(code, at, message)`, chains
/// [`help`](Finding::help) and [`severity`](Finding::severity), and the code that knows
/// where those bytes are places it ([`Finding::place`], `Document::diag`, the image and
/// Packer contexts' `push`). Every helper that builds one takes the code, then where, then
/// the message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Finding {
    pub(crate) code: Code,
    pub(crate) severity: Severity,
    /// Byte range in the text the check read.
    pub(crate) at: std::ops::Range<usize>,
    pub(crate) message: String,
    pub(crate) help: Option<String>,
}

impl Finding {
    /// A finding with the code's default severity and no help.
    pub(crate) fn new(code: Code, at: std::ops::Range<usize>, message: impl Into<String>) -> Self {
        Finding {
            code,
            severity: code.default_severity(),
            at,
            message: message.into(),
            help: None,
        }
    }

    /// Set the help line.
    #[must_use]
    pub(crate) fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Override the severity.
    #[must_use]
    pub(crate) fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// Whether this is an error.
    pub(crate) fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The diagnostic this finding is at `path`, with `span` the place of [`Finding::at`].
    pub(crate) fn place(self, path: Path, span: Span) -> Diagnostic {
        let d = Diagnostic::new(self.code, self.message, path, span).with_severity(self.severity);
        match self.help {
            Some(help) => d.with_help(help),
            None => d,
        }
    }
}

/// Messages and hints are one line: values quoted in them may hold line breaks or
/// other control characters, which are shown as escapes (`\n`, `\t`, `\u{7}`).
pub(crate) fn one_line(text: String) -> String {
    // ASCII without control bytes (nearly every message) is recognised in one pass over
    // words of eight bytes, without decoding; anything else is checked character by character.
    if ascii_without_control(text.as_bytes()) || !text.chars().any(char::is_control) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&c.escape_unicode().to_string()),
            c => out.push(c),
        }
    }
    out
}

/// Whether every byte of `bytes` is ASCII and none is a control byte (below `0x20`, or
/// `0x7f`). One pass without an early exit (a loop the compiler runs several words at a
/// time): a byte's high bit marks it non-ASCII; with every byte below `0x80`, subtracting
/// `0x20` from each sets a byte's high bit exactly when some byte is below `0x20` (the
/// first such byte borrows; none before it does), and `x ^ 0x7f` is zero exactly for
/// `0x7f`. When some byte is not ASCII the answer is `false` whatever the other bits say.
fn ascii_without_control(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let flags = |w: u64| {
        let below = w.wrapping_sub(ONES * 0x20) & !w;
        let x = w ^ (ONES * 0x7f);
        let del = x.wrapping_sub(ONES) & !x;
        (below | del | w) & HIGH
    };
    let words = bytes.chunks_exact(8);
    let tail = words.remainder();
    let acc = words.fold(0u64, |acc, c| {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        acc | flags(u64::from_le_bytes(w))
    });
    acc == 0 && tail.iter().all(|&b| (0x20..0x7f).contains(&b))
}

/// Whether `bytes`, all ASCII, hold a control byte (below `0x20`, or `0x7f`).
#[cfg(test)]
fn has_ascii_control(bytes: &[u8]) -> bool {
    !ascii_without_control(bytes)
}

/// Sort diagnostics by position, then severity, then code, and drop exact duplicates.
pub(crate) fn sort(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| {
        (
            a.span.start,
            a.span.end,
            a.severity,
            a.code,
            &a.path,
            &a.message,
        )
            .cmp(&(
                b.span.start,
                b.span.end,
                b.severity,
                b.code,
                &b.path,
                &b.message,
            ))
    });
    diags.dedup();
}

/// What one diagnostic costs a report: its message, hint and path, plus the fields
/// every format writes.
fn weight(d: &Diagnostic) -> usize {
    let path: usize = d
        .path
        .0
        .iter()
        .map(|s| match s {
            Segment::Key(k) => k.len() + 3,
            Segment::Index(_) => 8,
        })
        .sum();
    96 + d.message.len() + d.help.as_ref().map_or(0, String::len) + path
}

/// The report budget (`max_diagnostics`, `max_report_bytes`) as checks go: a check that
/// may report once per node asks [`ReportBudget::full`] after pushing and stops when it
/// says so. Each diagnostic is weighed once.
pub(crate) struct ReportBudget {
    seen: usize,
    bytes: usize,
    max_count: usize,
    max_bytes: usize,
}

impl ReportBudget {
    /// A budget for `limits`.
    pub(crate) fn new(limits: &crate::Limits) -> Self {
        ReportBudget {
            seen: 0,
            bytes: 0,
            max_count: limits.max_diagnostics,
            max_bytes: limits.max_report_bytes,
        }
    }

    /// Whether `diags` hold more than one report's worth (then [`cap`] cuts them).
    pub(crate) fn full(&mut self, diags: &[Diagnostic]) -> bool {
        if diags.len() > self.max_count {
            return true;
        }
        if diags.len() < self.seen {
            (self.seen, self.bytes) = (0, 0);
        }
        self.bytes += diags[self.seen..].iter().map(weight).sum::<usize>();
        self.seen = diags.len();
        self.seen > self.max_count || self.bytes > self.max_bytes
    }
}

/// Whether the diagnostics of `lists`, all together, fit in a report: fewer than
/// `limits.max_diagnostics`, within `limits.max_report_bytes` ([`sort_and_cap`] would
/// keep every one of them, whatever their order).
pub(crate) fn within_caps(lists: &[&[Diagnostic]], limits: &crate::Limits) -> bool {
    let all = || lists.iter().flat_map(|l| l.iter());
    all().count() < limits.max_diagnostics
        && all().map(weight).sum::<usize>() <= limits.max_report_bytes
}

/// Sort `diags` ([`sort`]) and keep at most `max_diagnostics` of them and
/// `max_report_bytes` of messages, hints and paths. Past that one `limit/diagnostics`
/// note, at the first left out, says how many were left out; it is an error when one of
/// those was, so `ok` stays what the whole list says.
pub(crate) fn sort_and_cap(diags: &mut Vec<Diagnostic>, limits: &crate::Limits) {
    sort(diags);
    let mut bytes = 0usize;
    let keep = diags
        .iter()
        .position(|d| {
            bytes += weight(d);
            bytes > limits.max_report_bytes
        })
        .unwrap_or(diags.len())
        .min(limits.max_diagnostics);
    if keep >= diags.len() {
        return;
    }
    let left_out = diags.split_off(keep);
    let severity = if has_errors(&left_out) {
        Severity::Error
    } else {
        Severity::Warning
    };
    let note = Diagnostic::new(
        Code::LimitDiagnostics,
        format!(
            "the report is full: {keep} diagnostics shown, {} more left out (checks stop once a report is full, so there may be others)",
            left_out.len()
        ),
        Path::root(),
        left_out[0].span,
    )
    .with_severity(severity)
    .with_help(format!(
        "fix these first, or raise `limits.max_diagnostics` ({}) or `limits.max_report_bytes` ({})",
        limits.max_diagnostics, limits.max_report_bytes
    ));
    diags.push(note);
}

/// Check that a diagnostic is well formed against the `source` it is about: its span
/// is an in-bounds range on character boundaries, its line/column agree with its
/// offsets in every [`Encoding`], and its message is one non-empty line. Used by the
/// test suites and fuzz targets; returns what is wrong.
pub fn check_invariants(d: &Diagnostic, source: &str) -> Result<(), String> {
    let (s, e) = (d.span.start, d.span.end);
    if s > e || e > source.len() || !source.is_char_boundary(s) || !source.is_char_boundary(e) {
        return Err(format!(
            "{}: span {s}..{e} is not a valid range of the source",
            d.code
        ));
    }
    let ix = LineIndex::new(source);
    if ix.line_col(source, s) != (d.span.line, d.span.column)
        || ix.line_col(source, e) != (d.span.end_line, d.span.end_column)
    {
        return Err(format!(
            "{}: line/column disagree with offsets {s}..{e}",
            d.code
        ));
    }
    let text = &source[s..e];
    let (cs, ce) = d.offsets(source, &ix, Encoding::CodePoint);
    if source.chars().skip(cs).take(ce - cs).collect::<String>() != text {
        return Err(format!(
            "{}: code-point offsets do not select the same text",
            d.code
        ));
    }
    let (us, ue) = d.offsets(source, &ix, Encoding::Utf16);
    let units: Vec<u16> = source.encode_utf16().collect();
    if units.get(us..ue).map(String::from_utf16_lossy).as_deref() != Some(text) {
        return Err(format!(
            "{}: UTF-16 offsets do not select the same text",
            d.code
        ));
    }
    if d.message.trim().is_empty()
        || d.message.contains('\n')
        || d.help.as_deref().is_some_and(|h| h.contains('\n'))
    {
        return Err(format!("{}: message and help must be single lines", d.code));
    }
    Ok(())
}

/// Replace `secret` in `text` by `***`: every whole occurrence, then the longest start
/// and the longest end of it (at least `min_len` bytes) that still appear, since a
/// message may quote a value cut at a `/`, a `:` or a length limit.
pub(crate) fn redact_secret(text: &mut String, secret: &str, min_len: usize) {
    if secret.len() < min_len.max(1) {
        return;
    }
    if text.contains(secret) {
        *text = text.replace(secret, "***");
    }
    // Only pieces that fit in `text` can appear in it: a 1 MB secret and a 100-byte
    // message cost 100 cuts, not a million.
    // Only the cut points within `fits` bytes of either end are walked (a 1 MB secret
    // is not scanned once per message).
    let fits = text.len().saturating_mul(3);
    let head_end = crate::source::floor_char_boundary(secret, fits.min(secret.len()));
    let mut tail_start = secret.len().saturating_sub(fits).max(head_end);
    while !secret.is_char_boundary(tail_start) {
        tail_start += 1;
    }
    let head = secret[..head_end].char_indices().map(|(i, _)| i).skip(1);
    let middle = (head_end > 0 && head_end < tail_start).then_some(head_end);
    let tail = secret[tail_start..]
        .char_indices()
        .map(|(i, _)| tail_start + i)
        .filter(|&i| i > 0);
    let cuts: Vec<usize> = head.chain(middle).chain(tail).collect();
    // Each replacement removes an occurrence, so these loops end.
    while let Some(&i) = cuts
        .iter()
        .rev()
        .find(|&&i| i >= min_len && text.contains(&secret[..i]))
    {
        *text = text.replace(&secret[..i], "***");
    }
    while let Some(&i) = cuts
        .iter()
        .find(|&&i| secret.len() - i >= min_len && text.contains(&secret[i..]))
    {
        *text = text.replace(&secret[i..], "***");
    }
}

/// Whether any diagnostic is an error.
#[must_use]
pub(crate) fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(|d| d.is_error() && !d.suppressed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_controls_found_in_every_position() {
        for len in 1..=20 {
            for at in 0..len {
                for b in 0u8..0x80 {
                    let mut text = vec![b'a'; len];
                    text[at] = b;
                    let want = b < 0x20 || b == 0x7f;
                    assert_eq!(has_ascii_control(&text), want, "{len} {at} {b:#x}");
                    // Next to the largest and smallest printable bytes too.
                    for fill in [b' ', b'~'] {
                        let mut text = vec![fill; len];
                        text[at] = b;
                        assert_eq!(has_ascii_control(&text), want, "{len} {at} {b:#x}");
                    }
                }
                // A byte that is not ASCII is never taken for clean ASCII.
                for b in 0x80u8..=0xff {
                    let mut text = vec![b'a'; len];
                    text[at] = b;
                    assert!(!ascii_without_control(&text), "{len} {at} {b:#x}");
                }
            }
        }
    }

    #[test]
    fn secrets_are_hidden_whole_and_in_pieces() {
        let mut t = String::from("host `SECRET-x` and scheme `SECRET-xy/` and tail `x-TAIL`");
        redact_secret(&mut t, "SECRET-xy/x-TAIL", 4);
        assert_eq!(t, "host `***` and scheme `***` and tail `***`");
        let mut short = String::from("ab");
        redact_secret(&mut short, "ab", 3);
        assert_eq!(short, "ab");
    }

    #[test]
    fn path_display_and_parse_round_trip() {
        let p = Path(vec!["options".into(), "system.uri".into()]);
        assert_eq!(p.to_string(), "options/system.uri");
        assert_eq!(Path::parse("options/system.uri"), p);
        let q = Path(vec!["pack".into(), "a/b~c".into(), 0.into()]);
        assert_eq!(q.to_string(), "pack/a~1b~0c/0");
        assert_eq!(Path::parse(&q.to_string()), q);
        assert_eq!(Path::root().to_string(), "/");
    }

    #[test]
    fn json_shape() {
        let text = "a: “b”\n";
        let ix = LineIndex::new(text);
        let start = text.find('“').unwrap();
        let d = Diagnostic::new(
            Code::YamlSmartQuotes,
            "curly quotes",
            Path(vec!["a".into()]),
            Span::new(text, &ix, start, text.len() - 1),
        )
        .with_help("use straight quotes");
        let v = d.to_json(text, &ix, Encoding::Utf16);
        assert_eq!(
            v.to_string(),
            r#"{"code":"yaml/smart-quotes","severity":"error","message":"curly quotes","path":["a"],"line":1,"column":4,"end_line":1,"end_column":7,"start":3,"end":6,"help":"use straight quotes"}"#
        );
    }
}
