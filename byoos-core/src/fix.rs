//! The `fix` operation: every mechanical fix a report carries ([`Diagnostic::fix`])
//! applied at once, the text validated again, in rounds until none is left. A round
//! that would add an error fails the whole operation: nothing is half fixed.

use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Edit, Path};
use crate::failure::{Failure, FailureKind};
use crate::host::{HostDiagnostic, Lines, Projection};
use crate::ops::{validate, Report};
use crate::options::Options;
use crate::source::Encoding;
use serde::Serialize;
use std::collections::HashMap;
use std::ops::Range;

/// Rounds of fixing before `fix` stops (a fix may uncover another: a registry with a
/// scheme and a trailing `/`).
pub(crate) const MAX_ROUNDS: usize = 4;

/// The result of [`fix`]: the fixed text, what was fixed, and what remains.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct FixOutcome {
    /// No diagnostic of the fixed text is an error.
    pub ok: bool,
    /// The source with every mechanical fix applied, everything else byte for byte.
    pub text: String,
    /// The findings that were fixed, spans (and the edits of their fixes) into the
    /// source given to [`fix`].
    pub fixed: Vec<Diagnostic>,
    /// What [`validate`] reports about the fixed text (spans into [`FixOutcome::text`]).
    pub diagnostics: Vec<Diagnostic>,
    /// The source's line index, for [`FixOutcome::fixed_host_diagnostics`].
    #[serde(skip)]
    source_lines: Lines,
    /// The fixed text's line index, for [`FixOutcome::host_diagnostics`].
    #[serde(skip)]
    lines: Lines,
}

impl FixOutcome {
    /// The remaining diagnostics in `encoding` units of [`FixOutcome::text`].
    #[must_use]
    pub fn host_diagnostics(&self, encoding: Encoding) -> Vec<HostDiagnostic<'_>> {
        Projection::with_lines(&self.text, &self.lines, encoding).all(&self.diagnostics)
    }

    /// The fixed findings in `encoding` units of `source` (the text given to [`fix`]).
    #[must_use]
    pub fn fixed_host_diagnostics<'r>(
        &'r self,
        source: &'r str,
        encoding: Encoding,
    ) -> Vec<HostDiagnostic<'r>> {
        Projection::with_lines(source, &self.source_lines, encoding).all(&self.fixed)
    }

    /// Whether the text changed.
    #[must_use]
    pub fn changed(&self, source: &str) -> bool {
        self.text != source
    }
}

/// Apply every mechanical fix of `source`'s report (non-overlapping ones first; the
/// others in the next round), validate again, and repeat until no fix is left (at most
/// 4 rounds). Fixing the result again changes nothing.
///
/// # Errors
/// [`FailureKind::Edit`] when a round would add an error: the new errors, spans into
/// `source` at the fix that made them.
pub fn fix(source: &str, options: &Options) -> Result<FixOutcome, Failure> {
    let first = validate(source, options);
    let source_lines = first.lines().clone();
    let mut text = source.to_owned();
    let mut report = first;
    let mut fixed: Vec<Diagnostic> = Vec::new();
    // Every round's edits, to map later spans back to the source.
    let mut rounds: Vec<Vec<Edit>> = Vec::new();
    for _ in 0..MAX_ROUNDS {
        let (picked, edits) = pick(&report, text.len());
        if edits.is_empty() {
            break;
        }
        let new_text = apply(&text, &edits);
        let again = validate(&new_text, options);
        let added = added_errors(&report, &again, &picked);
        if !added.is_empty() {
            let mut back = rounds.clone();
            back.push(edits);
            let diagnostics = added
                .into_iter()
                .map(|d| to_source(d, source, &back))
                .collect();
            return Err(Failure::new(FailureKind::Edit, diagnostics));
        }
        fixed.extend(picked.into_iter().map(|d| to_source(d, source, &rounds)));
        rounds.push(edits);
        text = new_text;
        report = again;
    }
    crate::diagnostic::sort(&mut fixed);
    let lines = report.lines().clone();
    Ok(FixOutcome {
        ok: report.ok,
        text,
        fixed,
        diagnostics: report.diagnostics,
        source_lines,
        lines,
    })
}

/// The diagnostics whose fixes are applied this round and their edits, sorted: a fix
/// that overlaps one already taken waits for the next round.
fn pick(report: &Report, len: usize) -> (Vec<Diagnostic>, Vec<Edit>) {
    let mut candidates: Vec<&Diagnostic> = report
        .diagnostics
        .iter()
        .chain(
            report
                .packs
                .iter()
                .filter(|p| p.file.is_none())
                .flat_map(|p| &p.diagnostics),
        )
        .filter(|d| d.fix.as_ref().is_some_and(|f| !f.edits.is_empty()))
        .collect();
    candidates.sort_by_key(|d| d.fix.as_ref().map(|f| (f.range().start, f.range().end)));
    let (mut picked, mut edits): (Vec<Diagnostic>, Vec<Edit>) = (Vec::new(), Vec::new());
    let mut taken: Vec<Range<usize>> = Vec::new();
    for d in candidates {
        let Some(fix) = &d.fix else { continue };
        let fits = fix.edits.iter().all(|e| {
            e.start <= e.end
                && e.end <= len
                && !taken.iter().any(|t| overlaps(t, &(e.start..e.end)))
        });
        if !fits {
            continue;
        }
        taken.extend(fix.edits.iter().map(|e| e.start..e.end));
        edits.extend(fix.edits.iter().cloned());
        picked.push(d.clone());
    }
    edits.sort_by_key(|e| (e.start, e.end));
    (picked, edits)
}

/// Two ranges share a byte, or are the same insertion point.
fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    (a.start < b.end && b.start < a.end) || a.start == b.start
}

/// `text` with `edits` (sorted, not overlapping) applied.
fn apply(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut at = 0;
    for e in edits {
        if e.start < at || !text.is_char_boundary(e.start) || !text.is_char_boundary(e.end) {
            continue;
        }
        out.push_str(&text[at..e.start]);
        out.push_str(&e.text);
        at = e.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The errors of `after` that `before` did not have (by code and path). An error at
/// the path of a fixed error is not added: it was behind that one (curly quotes around
/// an uppercase AMI id), and the next round may fix it.
fn added_errors(before: &Report, after: &Report, fixed: &[Diagnostic]) -> Vec<Diagnostic> {
    let mut seen: HashMap<(Code, &Path), usize> = HashMap::new();
    for d in before.all_diagnostics().filter(|d| d.is_error()) {
        *seen.entry((d.code, &d.path)).or_default() += 1;
    }
    let mut added = Vec::new();
    for d in after.all_diagnostics().filter(|d| d.is_error()) {
        match seen.get_mut(&(d.code, &d.path)) {
            Some(n) if *n > 0 => *n -= 1,
            _ if fixed.iter().any(|f| f.is_error() && f.path == d.path) => {}
            _ => added.push(d.clone()),
        }
    }
    added
}

/// `d` (spans into the text after `rounds`) with its span and its fix's edits moved
/// back into `source` through each round's edits.
fn to_source(mut d: Diagnostic, source: &str, rounds: &[Vec<Edit>]) -> Diagnostic {
    let (start, end) = range_back(d.span.start, d.span.end, source.len(), rounds);
    let index = crate::source::LineIndex::new(source);
    d.span = crate::diagnostic::Span::new(source, &index, start, end);
    if let Some(fix) = &mut d.fix {
        for e in &mut fix.edits {
            (e.start, e.end) = range_back(e.start, e.end, source.len(), rounds);
        }
    }
    d
}

/// Bytes `start..end` of the text after `rounds` as a range of the source (`len` bytes).
fn range_back(start: usize, end: usize, len: usize, rounds: &[Vec<Edit>]) -> (usize, usize) {
    let (mut start, mut end) = (start, end);
    for edits in rounds.iter().rev() {
        start = back(start, edits, false);
        end = back(end, edits, true).max(start);
    }
    let end = end.min(len);
    (start.min(end), end)
}

/// Offset `at` of the text after `edits` as an offset of the text before them; inside
/// a replacement, its start (or, for an end, its end).
fn back(at: usize, edits: &[Edit], is_end: bool) -> usize {
    // old offset = new offset + delta, delta growing by each edit's removed bytes.
    let mut delta: isize = 0;
    for e in edits {
        let new_start = e.start.saturating_add_signed(-delta);
        let new_end = new_start + e.text.len();
        if at < new_start {
            break;
        }
        if at < new_end || (at == new_end && is_end && at > new_start) {
            return if is_end { e.end } else { e.start };
        }
        delta += (e.end - e.start) as isize - e.text.len() as isize;
    }
    at.saturating_add_signed(delta)
}
