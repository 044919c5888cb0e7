//! GitHub Actions workflow commands: one `::error …::message` line per diagnostic, which
//! GitHub shows as an annotation on the file and line (no code scanning needed).

use super::SarifFile;
use crate::diagnostic::Severity;

/// A message as GitHub reads a command's data: `%`, CR and LF escaped.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value (`file=…`, `title=…`): also `:` and `,`.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Every diagnostic of `files` as a workflow command: `error`, `warning`, or `notice` for
/// an info; the code is the title, the help follows the message.
#[must_use]
pub fn render_github(files: &[SarifFile<'_>]) -> String {
    let mut out = String::new();
    for f in files {
        // A suppressed finding is kept in JSON and SARIF, never annotated.
        for d in f.diagnostics.iter().filter(|d| !d.suppressed) {
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut text = d.message.clone();
            if let Some(h) = &d.help {
                text.push_str(" (help: ");
                text.push_str(h);
                text.push(')');
            }
            out.push_str(&format!(
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
                escape_property(&f.name.replace('\\', "/")),
                d.span.line,
                d.span.column,
                d.span.end_line,
                d.span.end_column,
                escape_property(d.code.as_str()),
                escape_data(&text),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_github_reads_them() {
        assert_eq!(escape_data("100% a\r\nb"), "100%25 a%0D%0Ab");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
