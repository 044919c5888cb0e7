//! Diagnostics as a host language sees them: the contract's fields, `start`/`end` in the
//! host's string units (Rust: bytes, Python: code points, JavaScript: UTF-16 units).
//!
//! [`HostDiagnostic`] is the one projection every face shows: the Rust `Serialize` of
//! [`Diagnostic`] (the CLI's JSON), [`Diagnostic::to_json`], the Python `Diagnostic`
//! (converted from it field by field by serde, with no list of its own) and the JavaScript
//! objects (serialised by serde, names in camelCase). A field added here reaches every
//! face; only the Python and TypeScript declarations name it again.
//!
//! ```
//! use byoos_core::host::Projection;
//! use byoos_core::{validate, Encoding, Options};
//!
//! let source = "# é\npack:\n  osImageOverride: \"ami-0f4804aff4cf9c5a2\"\n  osName: rhel\n  osVersion: 8.10\n";
//! let report = validate(source, &Options::default());
//! let python = report.host_diagnostics(source, Encoding::CodePoint);
//! let d = python.iter().find(|d| d.code == "yaml/implicit-type").unwrap();
//! let text: String = source.chars().skip(d.start).take(d.end - d.start).collect();
//! assert_eq!(text, "8.10");
//! let last = report.diagnostics.last().unwrap();
//! let js = Projection::new(source, Encoding::Utf16).diagnostic(last);
//! assert_eq!(serde_json::to_value(js.camel_case()).unwrap()["endLine"], 5);
//! ```

use crate::diagnostic::{Diagnostic, Path, Severity};
use crate::source::{floor_char_boundary, Encoding, LineIndex};
use serde::{Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;

/// Whether a field is left out of the serialised object: an absent optional one.
trait Omit {
    fn omit(&self) -> bool {
        false
    }
}

impl Omit for &str {}
impl Omit for Severity {}
impl Omit for Cow<'_, str> {}
impl Omit for Cow<'_, Path> {}
impl Omit for u32 {}
impl Omit for usize {}
impl Omit for bool {
    fn omit(&self) -> bool {
        !*self
    }
}
impl<T> Omit for Option<T> {
    fn omit(&self) -> bool {
        self.is_none()
    }
}
impl<T: Omit + ?Sized> Omit for &T {
    fn omit(&self) -> bool {
        (**self).omit()
    }
}

/// Declares the projection once: the struct (serialised with its Rust names, the
/// contract's snake_case), its camelCase twin for JavaScript and the list of names.
macro_rules! projection {
    ($(#[$meta:meta])* pub struct $name:ident<$a:lifetime> {
        $( $(#[doc = $doc:literal])* $field:ident: $ty:ty, )*
    }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
        #[non_exhaustive]
        pub struct $name<$a> {
            $( $(#[doc = $doc])* #[serde(skip_serializing_if = "Omit::omit")] pub $field: $ty, )*
        }

        /// A [`HostDiagnostic`] serialised with camelCase names (`endLine`), as
        /// JavaScript spells them. Made by [`HostDiagnostic::camel_case`].
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        pub struct CamelCase<'p, $a> {
            $( #[serde(skip_serializing_if = "Omit::omit")] $field: &'p $ty, )*
        }

        impl<$a> $name<$a> {
            /// The names of the fields (snake_case), in serialisation order; an optional
            /// one is left out of the object when absent.
            pub const FIELDS: &'static [&'static str] = &[$(stringify!($field)),*];

            /// The documentation of each of [`Self::FIELDS`], one line each.
            pub const FIELD_DOCS: &'static [&'static str] = &[$(concat!($($doc),*)),*];

            /// This projection with camelCase names.
            #[must_use]
            pub fn camel_case(&self) -> CamelCase<'_, $a> {
                CamelCase { $( $field: &self.$field, )* }
            }
        }

        impl fmt::Debug for CamelCase<'_, '_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct("CamelCase")$(.field(stringify!($field), self.$field))*.finish()
            }
        }
    };
}

projection! {
    /// One diagnostic in a host's units: the contract's JSON object. `start`/`end` are
    /// offsets in the [`Encoding`] it was projected for, so that `source[start:end]` is
    /// the offending text in that language; lines and columns are 1-based, columns count
    /// characters. Borrows the message, hint and path of the [`Diagnostic`]
    /// ([`HostDiagnostic::into_owned`] for one that outlives it).
    pub struct HostDiagnostic<'a> {
        /// Stable slug `area/name`, e.g. `yaml/smart-quotes`.
        code: &'static str,
        /// `error`, `warning` or `info`.
        severity: Severity,
        /// Short, one line.
        message: Cow<'a, str>,
        /// YAML path segments (keys and sequence indexes); `[]` for the document.
        path: Cow<'a, Path>,
        /// Line of the start (1-based).
        line: u32,
        /// Column of the start, in characters (1-based).
        column: u32,
        /// Line of the end (1-based).
        end_line: u32,
        /// Column of the end, one past the last character (1-based).
        end_column: u32,
        /// Offset of the start, in host units.
        start: usize,
        /// Offset one past the end, in host units.
        end: usize,
        /// A one-line fix hint.
        help: Option<Cow<'a, str>>,
        /// Suppressed by an inline `# byoos: ignore[…]` comment (left out when not).
        suppressed: bool,
    }
}

impl<'a> HostDiagnostic<'a> {
    /// `d` with offsets `start..end` (already in host units).
    fn with_offsets(d: &'a Diagnostic, start: usize, end: usize) -> Self {
        HostDiagnostic {
            code: d.code.as_str(),
            severity: d.severity,
            message: Cow::Borrowed(&d.message),
            path: Cow::Borrowed(&d.path),
            line: d.span.line,
            column: d.span.column,
            end_line: d.span.end_line,
            end_column: d.span.end_column,
            start,
            end,
            help: d.help.as_deref().map(Cow::Borrowed),
            suppressed: d.suppressed,
        }
    }

    /// `d` as Rust sees it: byte offsets (no source needed, the span holds them).
    #[must_use]
    pub fn bytes(d: &'a Diagnostic) -> Self {
        HostDiagnostic::with_offsets(d, d.span.start, d.span.end)
    }

    /// A projection that owns its texts.
    #[must_use]
    pub fn into_owned(self) -> HostDiagnostic<'static> {
        HostDiagnostic {
            code: self.code,
            severity: self.severity,
            message: Cow::Owned(self.message.into_owned()),
            path: Cow::Owned(self.path.into_owned()),
            line: self.line,
            column: self.column,
            end_line: self.end_line,
            end_column: self.end_column,
            start: self.start,
            end: self.end,
            help: self.help.map(|h| Cow::Owned(h.into_owned())),
            suppressed: self.suppressed,
        }
    }

    /// Whether the severity is `error`.
    #[must_use]
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// One line: `error[yaml/smart-quotes]: message at pack/osName (3:11)`.
impl fmt::Display for HostDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}[{}]: {} at {} ({}:{})",
            self.severity,
            self.code,
            self.message,
            crate::diagnostic::one_line(self.path.to_string()),
            self.line,
            self.column
        )
    }
}

/// The line index of the text a result's diagnostics point into, kept by the operation
/// that built it when projecting needs one (text that is not ASCII), so the projection
/// does not index the text again. Not part of the result's value: equal to any other,
/// never serialised.
#[derive(Clone, Default)]
pub(crate) struct Lines(Option<LineIndex>);

impl Lines {
    /// Keep `index` (the index of `text`) when projecting diagnostics about `text` can
    /// use it.
    pub(crate) fn keep(text: &str, index: &LineIndex) -> Self {
        Lines((!text.is_ascii() && index.covers(text)).then(|| index.clone()))
    }
}

impl PartialEq for Lines {
    fn eq(&self, _: &Lines) -> bool {
        true
    }
}

impl fmt::Debug for Lines {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Lines")
    }
}

/// Projects diagnostics about one text into host units. Builds the text's
/// [`LineIndex`] at most once, and not at all when it is not needed (byte offsets, or
/// an ASCII text where every unit is a byte) or when one is given.
#[derive(Debug)]
pub struct Projection<'t> {
    text: &'t str,
    encoding: Encoding,
    /// Offsets are the byte offsets.
    identity: bool,
    index: Option<Cow<'t, LineIndex>>,
}

impl<'t> Projection<'t> {
    /// Diagnostics about `text`, offsets in `encoding` units.
    #[must_use]
    pub fn new(text: &'t str, encoding: Encoding) -> Self {
        Projection {
            text,
            encoding,
            identity: encoding == Encoding::Utf8 || text.is_ascii(),
            index: None,
        }
    }

    /// [`Projection::new`] with the line index of `text` already built (a
    /// [`crate::Document`]'s).
    #[must_use]
    pub fn with_index(text: &'t str, index: &'t LineIndex, encoding: Encoding) -> Self {
        let mut p = Projection::new(text, encoding);
        if index.covers(text) {
            p.index = Some(Cow::Borrowed(index));
        }
        p
    }

    /// [`Projection::new`], with the index a result kept.
    pub(crate) fn with_lines(text: &'t str, lines: &'t Lines, encoding: Encoding) -> Self {
        match &lines.0 {
            Some(index) => Projection::with_index(text, index, encoding),
            None => Projection::new(text, encoding),
        }
    }

    fn offset(&mut self, byte: usize) -> usize {
        if self.identity {
            return floor_char_boundary(self.text, byte);
        }
        let text = self.text;
        self.index
            .get_or_insert_with(|| Cow::Owned(LineIndex::new(text)))
            .offset(text, byte, self.encoding)
    }

    /// `d` in host units.
    pub fn diagnostic<'d>(&mut self, d: &'d Diagnostic) -> HostDiagnostic<'d> {
        let start = self.offset(d.span.start);
        let end = self.offset(d.span.end);
        HostDiagnostic::with_offsets(d, start, end)
    }

    /// Every diagnostic of `diags` in host units, in order.
    pub fn all<'d>(&mut self, diags: &'d [Diagnostic]) -> Vec<HostDiagnostic<'d>> {
        diags.iter().map(|d| self.diagnostic(d)).collect()
    }

    /// Every diagnostic of `diags` in host units, owning their texts (moved, not copied).
    pub fn take(&mut self, diags: Vec<Diagnostic>) -> Vec<HostDiagnostic<'static>> {
        diags
            .into_iter()
            .map(|d| {
                let (start, end) = (self.offset(d.span.start), self.offset(d.span.end));
                HostDiagnostic {
                    code: d.code.as_str(),
                    severity: d.severity,
                    suppressed: d.suppressed,
                    line: d.span.line,
                    column: d.span.column,
                    end_line: d.span.end_line,
                    end_column: d.span.end_column,
                    start,
                    end,
                    message: Cow::Owned(d.message),
                    path: Cow::Owned(d.path),
                    help: d.help.map(Cow::Owned),
                }
            })
            .collect()
    }
}

/// Diagnostics about `text` in `encoding` units ([`Projection::all`]).
#[must_use]
pub fn project<'d>(
    text: &str,
    diags: &'d [Diagnostic],
    encoding: Encoding,
) -> Vec<HostDiagnostic<'d>> {
    Projection::new(text, encoding).all(diags)
}

/// Diagnostics about `text` in `encoding` units, owning their texts ([`Projection::take`]).
#[must_use]
pub fn project_owned(
    text: &str,
    diags: Vec<Diagnostic>,
    encoding: Encoding,
) -> Vec<HostDiagnostic<'static>> {
    Projection::new(text, encoding).take(diags)
}

/// serde `serialize_with` for a list of projections with camelCase names:
/// `#[serde(serialize_with = "byoos_core::host::camel_case_all")]`.
///
/// # Errors
/// The serializer's.
pub fn camel_case_all<S: Serializer>(
    diags: &[HostDiagnostic<'_>],
    s: S,
) -> Result<S::Ok, S::Error> {
    s.collect_seq(diags.iter().map(HostDiagnostic::camel_case))
}

// The core type's own text and JSON are its projection in bytes: written here, so
// that `diagnostic` does not import the projection that imports it.

/// One line: `error[yaml/smart-quotes]: message at pack/osName (3:11)` (the
/// [`HostDiagnostic`]'s line).
impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        HostDiagnostic::bytes(self).fmt(f)
    }
}

/// The contract's JSON shape: `code, severity, message, path, line, column, end_line,
/// end_column, start, end, help` (byte offsets): the [`HostDiagnostic`] of Rust
/// ([`HostDiagnostic::bytes`]; see [`Diagnostic::to_json`] for other units).
impl serde::Serialize for Diagnostic {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        HostDiagnostic::bytes(self).serialize(s)
    }
}

impl Diagnostic {
    /// The contract's JSON object with `start`/`end` in `encoding` units of `source`
    /// (its [`HostDiagnostic`], made with `index`, the line index of `source`).
    #[must_use]
    pub fn to_json(
        &self,
        source: &str,
        index: &LineIndex,
        encoding: Encoding,
    ) -> serde_json::Value {
        serde_json::to_value(Projection::with_index(source, index, encoding).diagnostic(self))
            .unwrap_or(serde_json::Value::Null)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::Code;
    use crate::diagnostic::Span;

    fn smart_quotes(text: &str) -> Diagnostic {
        let ix = LineIndex::new(text);
        let start = text.find('“').unwrap_or(0);
        Diagnostic::new(
            Code::YamlSmartQuotes,
            "curly quotes",
            Path(vec!["a".into(), 0.into()]),
            Span::new(text, &ix, start, text.len() - 1),
        )
    }

    #[test]
    fn offsets_in_each_unit_select_the_same_text() {
        let text = "# 😀\na: “b”\n";
        let d = smart_quotes(text);
        let bytes = Projection::new(text, Encoding::Utf8).diagnostic(&d);
        assert_eq!(&text[bytes.start..bytes.end], "“b”");
        let cp = Projection::new(text, Encoding::CodePoint).diagnostic(&d);
        assert_eq!((cp.start, cp.end), (7, 10));
        let units = Projection::new(text, Encoding::Utf16).diagnostic(&d);
        assert_eq!((units.start, units.end), (8, 11));
        let ix = LineIndex::new(text);
        assert_eq!(
            Projection::with_index(text, &ix, Encoding::Utf16).diagnostic(&d),
            units
        );
        assert_eq!(
            (units.line, units.column, units.end_line, units.end_column),
            (2, 4, 2, 7)
        );
    }

    #[test]
    fn both_spellings_have_every_field_and_leave_out_an_absent_help() {
        let text = "a: “b”\n";
        let d = smart_quotes(text);
        let h = HostDiagnostic::bytes(&d);
        let snake = serde_json::to_value(&h).unwrap_or_default();
        let camel = serde_json::to_value(h.camel_case()).unwrap_or_default();
        let keys = |v: &serde_json::Value| {
            v.as_object()
                .map(|o| o.keys().cloned().collect::<Vec<_>>())
                .unwrap_or_default()
        };
        assert_eq!(
            keys(&snake),
            [
                "code",
                "severity",
                "message",
                "path",
                "line",
                "column",
                "end_line",
                "end_column",
                "start",
                "end"
            ]
        );
        assert_eq!(
            keys(&camel),
            [
                "code",
                "severity",
                "message",
                "path",
                "line",
                "column",
                "endLine",
                "endColumn",
                "start",
                "end"
            ]
        );
        assert_eq!(snake["path"], serde_json::json!(["a", 0]));
        let helped = d.with_help("use straight quotes");
        let h = HostDiagnostic::bytes(&helped);
        assert_eq!(
            serde_json::to_value(h.camel_case()).unwrap_or_default()["help"],
            "use straight quotes"
        );
        assert_eq!(HostDiagnostic::FIELDS.len(), 12);
        assert_eq!(h.clone().into_owned(), h);
        let mut quiet = helped.clone();
        quiet.suppressed = true;
        let h = HostDiagnostic::bytes(&quiet);
        assert_eq!(
            serde_json::to_value(&h).unwrap_or_default()["suppressed"],
            true
        );
    }

    #[test]
    fn taken_and_borrowed_projections_agree() {
        let text = "é: “b”\n";
        let diags = vec![smart_quotes(text).with_help("x")];
        let borrowed: Vec<_> = project(text, &diags, Encoding::Utf16)
            .into_iter()
            .map(HostDiagnostic::into_owned)
            .collect();
        assert_eq!(project_owned(text, diags, Encoding::Utf16), borrowed);
    }
}
