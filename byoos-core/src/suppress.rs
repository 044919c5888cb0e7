//! Inline suppressions: `# byoos: ignore[CODE,…]` at the end of a line or alone on the
//! line before it, `# byoos: ignore-file[CODE,…]` anywhere. A suppressed diagnostic is
//! kept with `suppressed` set and no longer counts towards `ok`; a suppression that
//! suppresses nothing, names no code, or is not one of the two forms is a warning of its
//! own (`suppression/…`).
//!
//! Comments are found in the text: a `#` at the start of a line or after a space or tab,
//! outside every scalar of the YAML document (so a `#` inside a quoted or block scalar is
//! not one). Terraform text is not YAML: there every such `#` counts (HCL's comments, and
//! YAML comments inside heredoc values alike).

use crate::codes::Code;
use crate::config::{is_fixed, Selector};
use crate::diagnostic::{Diagnostic, Path, Span};
use crate::limits::Limits;
use crate::source::LineIndex;
use crate::yaml::Document;
use std::collections::HashMap;
use std::ops::Range;

const MARK: &str = "byoos:";

/// One code of a suppression comment.
struct Entry {
    at: Range<usize>,
    selector: Option<Selector>,
    used: bool,
}

/// One suppression comment.
struct Directive {
    /// `ignore-file`.
    file: bool,
    /// The line whose diagnostics it suppresses (for `ignore`).
    line: u32,
    entries: Vec<Entry>,
}

/// Mark the diagnostics of `lists` (all pointing into `text`) that a suppression
/// comment of `text` names, and return the warnings about the comments themselves.
/// With `yaml`, `text` is one YAML document whose scalars hold no comment; without it (a
/// profile, whose values are scalars, or Terraform), every `#` after a space counts.
pub(crate) fn apply(
    text: &str,
    yaml: bool,
    limits: &Limits,
    lists: &mut [&mut Vec<Diagnostic>],
) -> Vec<Diagnostic> {
    // `memmem` (vectorised, on the needle's rarest bytes) reads a values file several
    // times faster than `str::contains`.
    if memchr::memmem::find(text.as_bytes(), MARK.as_bytes()).is_none() {
        return Vec::new();
    }
    let index = LineIndex::new(text);
    let mut out = Vec::new();
    let scalars = if yaml {
        scalar_ranges(text, limits)
    } else {
        Vec::new()
    };
    let mut directives = find(text, &scalars, &index, &mut out);
    if directives.is_empty() {
        return out;
    }
    let mut by_line: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, d) in directives.iter().enumerate() {
        if !d.file {
            by_line.entry(d.line).or_default().push(i);
        }
    }
    let files: Vec<usize> = (0..directives.len())
        .filter(|i| directives[*i].file)
        .collect();
    for d in lists.iter_mut().flat_map(|l| l.iter_mut()) {
        if is_fixed(d.code) || d.code.as_str().starts_with("suppression/") {
            continue;
        }
        let near = by_line.get(&d.span.line).map_or(&[][..], Vec::as_slice);
        for &i in near.iter().chain(&files) {
            for e in &mut directives[i].entries {
                if e.selector.is_some_and(|s| s.matches(d.code)) {
                    e.used = true;
                    d.suppressed = true;
                }
            }
        }
    }
    let capped = lists
        .iter()
        .flat_map(|l| l.iter())
        .any(|d| d.code == Code::LimitDiagnostics);
    for e in directives.iter().flat_map(|d| &d.entries) {
        if !e.used && e.selector.is_some() && !capped {
            let name = &text[e.at.clone()];
            let message = match e.selector {
                Some(Selector::Code(c)) if is_fixed(c) => {
                    format!("`{name}` cannot be suppressed: the file was not checked")
                }
                _ => format!("this suppression of `{name}` suppresses nothing"),
            };
            let span = Span::new(text, &index, e.at.start, e.at.end);
            out.push(
                Diagnostic::new(Code::SuppressionUnused, message, Path::root(), span)
                    .with_help("remove it, or move it to the line of the finding"),
            );
        }
    }
    out
}

/// The suppression comments of `text`; the malformed ones and unknown codes are pushed
/// to `out` as warnings.
fn find(
    text: &str,
    scalars: &[Range<usize>],
    index: &LineIndex,
    out: &mut Vec<Diagnostic>,
) -> Vec<Directive> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices(MARK) {
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let before = text[line_start..at].trim_end_matches([' ', '\t']);
        let Some(hash) = before.strip_suffix('#').map(|b| line_start + b.len()) else {
            continue;
        };
        let lead = &text[line_start..hash];
        if !(lead.is_empty() || lead.ends_with([' ', '\t'])) || inside(scalars, hash) {
            continue;
        }
        let line_end = text[at..].find(['\n', '\r']).map_or(text.len(), |i| at + i);
        let (line, _) = index.line_col(text, hash);
        let alone = lead.trim_matches([' ', '\t']).is_empty();
        let body_at = at + MARK.len();
        match parse(text, body_at, line_end, out, index) {
            Some((file, entries)) => found.push(Directive {
                file,
                line: if alone && !file { line + 1 } else { line },
                entries,
            }),
            None => {
                let span = Span::new(text, index, hash, line_end);
                out.push(
                    Diagnostic::new(
                        Code::SuppressionInvalid,
                        "a `# byoos:` comment must be `ignore[CODE,…]` or `ignore-file[CODE,…]`",
                        Path::root(),
                        span,
                    )
                    .with_help("name the codes, e.g. `# byoos: ignore[pack/unknown-key]`"),
                );
            }
        }
    }
    found
}

/// `ignore[…]` or `ignore-file[…]` from `start`: whether it is for the file, and its codes.
fn parse(
    text: &str,
    start: usize,
    end: usize,
    out: &mut Vec<Diagnostic>,
    index: &LineIndex,
) -> Option<(bool, Vec<Entry>)> {
    let body = &text[start..end];
    let trimmed = body.trim_start_matches([' ', '\t']);
    let skip = start + body.len() - trimmed.len();
    let (file, rest) = if let Some(r) = trimmed.strip_prefix("ignore-file[") {
        (true, r)
    } else {
        (false, trimmed.strip_prefix("ignore[")?)
    };
    let list_at = skip + (trimmed.len() - rest.len());
    let close = rest.find(']')?;
    let mut entries = Vec::new();
    let mut pos = list_at;
    for part in rest[..close].split(',') {
        let lead = part.len() - part.trim_start().len();
        let name = part.trim();
        let at = pos + lead..pos + lead + name.len();
        pos += part.len() + 1;
        if name.is_empty() {
            continue;
        }
        let selector = match Selector::parse(name) {
            Ok(s) => Some(s),
            Err(near) => {
                let span = Span::new(text, index, at.start, at.end);
                let mut d = Diagnostic::new(
                    Code::SuppressionUnknownCode,
                    format!("`{name}` is neither a diagnostic code nor an area"),
                    Path::root(),
                    span,
                );
                if let Some(n) = near {
                    d = d.with_help(format!("did you mean `{n}`?"));
                }
                out.push(d);
                None
            }
        };
        entries.push(Entry {
            at,
            selector,
            used: false,
        });
    }
    if entries.is_empty() {
        return None;
    }
    Some((file, entries))
}

/// The byte ranges of every scalar (keys too) of `text` read as YAML, sorted; none when
/// it is not YAML (Terraform).
fn scalar_ranges(text: &str, limits: &Limits) -> Vec<Range<usize>> {
    let mut diags = Vec::new();
    let doc = Document::parse(text, limits, &mut diags);
    if crate::diagnostic::has_errors(&diags) {
        return Vec::new();
    }
    let mut ranges: Vec<Range<usize>> = doc
        .nodes()
        .filter(|n| n.scalar().is_some())
        .map(|n| n.range())
        .filter(|r| r.end > r.start)
        .collect();
    ranges.sort_by_key(|r| r.start);
    ranges
}

fn inside(ranges: &[Range<usize>], at: usize) -> bool {
    let i = ranges.partition_point(|r| r.start <= at);
    i > 0 && ranges[..i].iter().rev().take(64).any(|r| r.contains(&at))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, diags: &mut Vec<Diagnostic>) -> Vec<Code> {
        apply(text, true, &Limits::default(), &mut [diags])
            .iter()
            .map(|d| d.code)
            .collect()
    }

    fn at_line(text: &str, code: Code, line: usize) -> Diagnostic {
        let ix = LineIndex::new(text);
        let start: usize = text
            .split_inclusive('\n')
            .take(line - 1)
            .map(str::len)
            .sum();
        Diagnostic::new(code, "m", Path::root(), Span::new(text, &ix, start, start))
    }

    #[test]
    fn line_line_before_and_file() {
        let text = "a: 1 # byoos: ignore[pack/unknown-key]\n# byoos: ignore[pack]\nb: 2\nc: 3\n";
        let mut d = vec![
            at_line(text, Code::PackUnknownKey, 1),
            at_line(text, Code::PackMissingKey, 3),
            at_line(text, Code::PackMissingKey, 4),
        ];
        assert!(run(text, &mut d).is_empty());
        assert_eq!(
            d.iter().map(|d| d.suppressed).collect::<Vec<_>>(),
            [true, true, false]
        );
        let text = "a: 1\n# byoos: ignore-file[yaml/implicit-type, pack/nope]\n";
        let mut d = vec![at_line(text, Code::YamlImplicitType, 1)];
        assert_eq!(run(text, &mut d), [Code::SuppressionUnknownCode]);
        assert!(d[0].suppressed);
    }

    #[test]
    fn not_comments_and_unused() {
        let text = "a: \"x # byoos: ignore[pack]\"\nb: |\n  # byoos: ignore[pack]\nc: 1 # byoos: ignore[yaml]\nd: 2 # byoos: nope\n";
        let mut d = vec![
            at_line(text, Code::PackUnknownKey, 1),
            at_line(text, Code::PackUnknownKey, 4),
        ];
        assert_eq!(
            run(text, &mut d),
            [Code::SuppressionInvalid, Code::SuppressionUnused]
        );
        assert!(!d[0].suppressed && !d[1].suppressed);
    }
}
