//! The one error type of every operation that can fail: what kind of failure it is and
//! the diagnostics that say why.

use crate::diagnostic::Diagnostic;
use serde::Serialize;
use std::fmt;

/// Why an operation could not produce its result. Each front-end names it its own way
/// (Python: the exception class; JavaScript: the error's `kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum FailureKind {
    /// The input could not be read: YAML syntax, or a `limit/` budget of the parser
    /// (size, depth, nodes, aliases).
    Parse,
    /// The input was read but could not be rendered: a budget of the renderer, a
    /// profile without packs, or (strict) any error.
    Render,
    /// A change `set_values` was asked for cannot be made (`yaml/edit-…`).
    Edit,
    /// The input was read but lacks what the operation needs (the pack kind cannot be
    /// told, a required option is missing, a rule the operation depends on is broken).
    Input,
}

impl FailureKind {
    /// `parse`, `render`, `edit` or `input`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            FailureKind::Parse => "parse",
            FailureKind::Render => "render",
            FailureKind::Edit => "edit",
            FailureKind::Input => "input",
        }
    }
}

impl fmt::Display for FailureKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An operation failed: its kind, and every diagnostic (spans into the input the
/// operation was given, secrets redacted). Derefs to the diagnostics.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Failure {
    /// What kind of failure.
    pub kind: FailureKind,
    /// Why: at least one error, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

impl Failure {
    /// A failure of `kind` with `diagnostics`.
    #[must_use]
    pub fn new(kind: FailureKind, diagnostics: Vec<Diagnostic>) -> Self {
        Failure { kind, diagnostics }
    }

    /// The diagnostic that names the failure: the first error (or the first
    /// diagnostic when none is an error).
    #[must_use]
    pub fn first(&self) -> Option<&Diagnostic> {
        self.diagnostics
            .iter()
            .find(|d| d.is_error())
            .or(self.diagnostics.first())
    }
}

/// The first error, one line: `error[yaml/syntax]: … at pack (3:1)`.
impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.first() {
            Some(d) => write!(f, "{d}"),
            None => f.write_str("failed"),
        }
    }
}

impl std::error::Error for Failure {}

impl std::ops::Deref for Failure {
    type Target = [Diagnostic];
    fn deref(&self) -> &[Diagnostic] {
        &self.diagnostics
    }
}

#[cfg(test)]
mod tests {
    use super::FailureKind;
    use crate::{render, set_values, to_terraform, Context, Options, Path, TerraformOptions};

    fn kind_and_code(r: Result<impl Sized, super::Failure>) -> (FailureKind, &'static str) {
        let f = r
            .err()
            .unwrap_or_else(|| super::Failure::new(FailureKind::Input, Vec::new()));
        (f.kind, f.first().map_or("", |d| d.code.as_str()))
    }

    #[test]
    fn each_operation_names_its_kind_of_failure() {
        let none = Context::default();
        let o = Options::default();
        assert_eq!(
            kind_and_code(render("a: [\n", &none, &o)),
            (FailureKind::Parse, "yaml/syntax")
        );
        let strict = Options {
            strict: true,
            ..Options::default()
        };
        let missing = "a: \"{{ .spectro.var.nope }}\"\n";
        assert_eq!(
            kind_and_code(render(missing, &none, &strict)).0,
            FailureKind::Render
        );
        let set = |src: &str, path: &str| {
            kind_and_code(set_values(src, &[(Path::parse(path), "x".to_owned())], &o))
        };
        assert_eq!(set("a: [\n", "a"), (FailureKind::Parse, "yaml/syntax"));
        assert_eq!(
            set("a: b\n", "a/b/c"),
            (FailureKind::Edit, "yaml/edit-path")
        );
        let tf = TerraformOptions::default().with_version("1.0.0");
        assert_eq!(
            kind_and_code(to_terraform("a: 1\n", &tf)),
            (FailureKind::Input, "pack/unknown-kind")
        );
        assert_eq!(
            kind_and_code(to_terraform("a: [\n", &tf)).0,
            FailureKind::Parse
        );
        assert_eq!(FailureKind::Edit.to_string(), "edit");
    }
}
