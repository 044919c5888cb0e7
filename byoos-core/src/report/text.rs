//! Human-readable diagnostics: a rustc-style excerpt with a caret line and the hint.

use crate::diagnostic::{Diagnostic, Severity};
use crate::secrets::{escape_controls, SecretRanges};
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

/// Longest excerpt handed to the renderer whole. A longer one (a 300 KB one-line flow
/// mapping) is cut to a window around the span: the renderer cuts it to the terminal
/// width anyway, and this keeps the cost of each excerpt independent of the line.
const MAX_EXCERPT: usize = 1024;
/// Bytes kept before the span's start, and of the span itself, in a cut excerpt.
const KEEP_BEFORE: usize = 160;
const KEEP_SPAN: usize = 320;

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
    // A suppressed finding is counted by the caller's summary, not shown.
    for d in diags.iter().filter(|d| !d.suppressed) {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Info => Level::INFO,
        };
        let start = crate::source::floor_char_boundary(source, d.span.start);
        let end = crate::source::floor_char_boundary(source, d.span.end.clamp(start, source.len()));
        let (win_start, end, win_end, cut) = window(source, start, end);
        let label = if d.path.0.is_empty() {
            String::new()
        } else {
            format!("at {}", escape_controls(&d.path.to_string()))
        };
        let (shown, span) = secrets.show(source, win_start..win_end, start..end);
        let mut group = vec![level
            .primary_title(d.message.as_str())
            .id(d.code.as_str())
            .elements(cut.then(|| {
                // The window no longer starts the line: say where the span is.
                Origin::path(file_name.as_ref())
                    .line(d.span.line as usize)
                    .char_column(d.span.column as usize)
            }))
            .element(
                Snippet::source(shown.as_str())
                    .line_start(d.span.line.max(1) as usize)
                    .path((!cut).then_some(file_name.as_ref()))
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

/// The part of `source` shown for the span `start..end`: the lines it covers (so the
/// cost does not grow with the file), cut around the span when longer than
/// [`MAX_EXCERPT`] (so it does not grow with the line either). Returns the window's
/// start, the (possibly shortened) span end, the window's end and whether it was cut.
fn window(source: &str, start: usize, end: usize) -> (usize, usize, usize, bool) {
    use crate::source::floor_char_boundary as floor;
    let look_back = floor(source, start.saturating_sub(MAX_EXCERPT));
    let line_start = source[look_back..start]
        .rfind('\n')
        .map(|i| look_back + i + 1);
    let look_ahead = floor(source, end.saturating_add(MAX_EXCERPT).min(source.len()));
    let line_end = source[end..look_ahead].find('\n').map(|i| end + i);
    let whole = (
        line_start.unwrap_or(look_back),
        line_end.unwrap_or(look_ahead),
    );
    let complete = (line_start.is_some() || look_back == 0)
        && (line_end.is_some() || look_ahead == source.len());
    if complete && whole.1 - whole.0 <= MAX_EXCERPT {
        return (whole.0, end, whole.1, false);
    }
    let win_start = floor(source, start.saturating_sub(KEEP_BEFORE).max(whole.0));
    let end = floor(source, end.min(start + KEEP_SPAN));
    let win_end = floor(source, (end + KEEP_BEFORE).min(whole.1));
    (win_start, end, win_end, true)
}
