//! JUnit XML: one test suite for the run, one test case per file, a `failure` per error
//! (warnings and infos are listed in the case's `system-out`). CI systems that read test
//! reports (GitLab, Jenkins, Azure Pipelines) show it without a plugin.

use super::SarifFile;
use crate::diagnostic::{Diagnostic, Severity};

/// Text as XML character data or an attribute value: `& < > " '` escaped, and the
/// characters XML 1.0 cannot hold (controls other than tab, LF, CR) shown as `\u{…}`.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

/// `file:line:column: severity[code]: message (help: …)`.
fn line(name: &str, d: &Diagnostic) -> String {
    let mut s = format!(
        "{name}:{}:{}: {}[{}]: {}",
        d.span.line, d.span.column, d.severity, d.code, d.message
    );
    if let Some(h) = &d.help {
        s.push_str(&format!(" (help: {h})"));
    }
    s
}

/// One test case: a `failure` per error, the other findings as `system-out`.
fn case(out: &mut String, f: &SarifFile<'_>) {
    let name = xml(&f.name.replace('\\', "/"));
    out.push_str(&format!(
        "    <testcase name=\"{name}\" classname=\"byoos\" file=\"{name}\">\n"
    ));
    let mut rest = String::new();
    for d in f.diagnostics.iter().filter(|d| !d.suppressed) {
        if d.severity == Severity::Error {
            out.push_str(&format!(
                "      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                xml(&d.message),
                xml(d.code.as_str()),
                xml(&line(f.name, d))
            ));
        } else {
            rest.push_str(&line(f.name, d));
            rest.push('\n');
        }
    }
    if !rest.is_empty() {
        out.push_str(&format!("      <system-out>{}</system-out>\n", xml(&rest)));
    }
    out.push_str("    </testcase>\n");
}

/// The run as a JUnit XML document.
#[must_use]
pub fn render_junit(files: &[SarifFile<'_>]) -> String {
    let failed = files
        .iter()
        .filter(|f| f.diagnostics.iter().any(|d| d.is_error() && !d.suppressed))
        .count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"byoos\" tests=\"{}\" failures=\"{failed}\" errors=\"0\">\n",
        files.len()
    ));
    out.push_str(&format!(
        "  <testsuite name=\"byoos validate\" tests=\"{}\" failures=\"{failed}\" errors=\"0\" skipped=\"0\">\n",
        files.len()
    ));
    for f in files {
        case(&mut out, f);
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_controls() {
        assert_eq!(xml("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;");
        assert_eq!(xml("x\u{1b}y"), "x\\u{1b}y");
    }
}
