//! Human-readable diagnostics: a rustc-style excerpt with a caret line and the hint.

use crate::diagnostic::{Diagnostic, Severity};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// Whether to colour the output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TextStyle {
    /// No escape codes.
    #[default]
    Plain,
    /// ANSI colours (for a terminal).
    Color,
}

/// Render diagnostics about `source` (named `file_name` in the excerpt header).
#[must_use]
pub fn render_text(
    source: &str,
    file_name: &str,
    diags: &[Diagnostic],
    style: TextStyle,
) -> String {
    let renderer = match style {
        TextStyle::Plain => Renderer::plain(),
        TextStyle::Color => Renderer::styled(),
    };
    let mut out = String::new();
    for d in diags {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Info => Level::INFO,
        };
        let start = d.span.start.min(source.len());
        let end = d.span.end.clamp(start, source.len());
        let label = if d.path.0.is_empty() {
            String::new()
        } else {
            format!("at {}", d.path)
        };
        let mut group = vec![level
            .primary_title(d.message.as_str())
            .id(d.code.as_str())
            .element(
                Snippet::source(source)
                    .path(file_name)
                    .fold(true)
                    .annotation(AnnotationKind::Primary.span(start..end).label(label)),
            )];
        if let Some(help) = &d.help {
            group.push(Group::with_title(
                Level::HELP.secondary_title(help.as_str()),
            ));
        }
        out.push_str(&renderer.render(&group));
        out.push_str("\n\n");
    }
    out
}
