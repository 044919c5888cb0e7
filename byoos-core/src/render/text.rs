//! Human-readable diagnostics: a rustc-style excerpt with a caret line and the hint.

use crate::diagnostic::{Diagnostic, Severity};
use crate::secrets::{escape_controls, SecretRanges};
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
    // Secret bytes and control characters never reach the excerpt (found once per source).
    let secrets = if diags.is_empty() {
        SecretRanges::default()
    } else {
        SecretRanges::find(source)
    };
    let file_name = escape_controls(file_name);
    for d in diags {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Info => Level::INFO,
        };
        let start = crate::source::floor_char_boundary(source, d.span.start);
        let end = crate::source::floor_char_boundary(source, d.span.end.clamp(start, source.len()));
        // Only the lines the span covers go to the renderer: the excerpt is the same and
        // the cost does not grow with the file.
        let win_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let win_end = source[end..].find('\n').map_or(source.len(), |i| end + i);
        let first_line = source[..win_start].bytes().filter(|b| *b == b'\n').count() + 1;
        let label = if d.path.0.is_empty() {
            String::new()
        } else {
            format!("at {}", escape_controls(&d.path.to_string()))
        };
        let (shown, span) = secrets.show(source, win_start..win_end, start..end);
        let mut group = vec![level
            .primary_title(d.message.as_str())
            .id(d.code.as_str())
            .element(
                Snippet::source(shown.as_str())
                    .line_start(first_line)
                    .path(file_name.as_ref())
                    .fold(true)
                    .annotation(AnnotationKind::Primary.span(span).label(label)),
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
