//! Go's `if` and `with` blocks over Palette pipelines: the tree built from a scanned
//! value's flat parts (after [`super::parse`] has checked Go's block structure).
//!
//! A block is Palette's when every condition in it (`{{ if … }}`, `{{ else if … }}`,
//! `{{ with … }}`) is a Palette pipeline; it then becomes one [`Action`] whose
//! [`Action::block`] holds the branches, and [`crate::template::resolve`] executes it.
//! Any other block (Helm's `{{ if .Values.x }}`, `range`, one whose `with` body refers to
//! `.spectro` again, where Go's dot is the tested value) stays flat: its actions are kept
//! as written, as before. Go's trim markers are applied here, to the text beside each
//! action inside a block, as Go's lexer does whatever branch runs.

use super::lex::{lex, skip_space, Tok, Token};
use super::parse::{is_palette_pipeline, parse_action, Action, Part, Pipeline};
use std::ops::Range;

/// The most nested Palette blocks turned into a tree; deeper ones stay as written.
pub(crate) const MAX_BLOCK_DEPTH: usize = 16;

/// Which block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BlockKind {
    /// `if`, with its `else if` chain.
    If,
    /// `with`: the body's dot (`{{ . }}`) is the tested value.
    With,
}

/// A Palette block: the first branch whose condition is true runs, else `otherwise`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Block {
    /// `if` or `with`.
    pub kind: BlockKind,
    /// The conditions and their bodies, in order (`else if` adds one).
    pub branches: Vec<(Pipeline, Vec<Part>)>,
    /// The `{{ else }}` body.
    pub otherwise: Option<Vec<Part>>,
}

/// What a foreign action is to the block builder.
enum Role {
    Open(BlockKind, Option<Pipeline>),
    /// `else` (`None`) or `else if` with its pipeline (`Some(None)`: not Palette's).
    Else(Option<Option<Pipeline>>),
    End,
    /// Opens a block that stays flat (`range`, `define`, a Helm `if`).
    OpenOther,
    Other,
}

/// One action's flags read from its text.
fn trims(value: &str, r: &Range<usize>) -> (bool, bool) {
    let t = &value[r.clone()];
    (t.starts_with("{{- "), t.ends_with(" -}}"))
}

/// `dot`: inside a Palette `with`, a condition may use `.`.
fn role(value: &str, range: &Range<usize>, dot: bool) -> Role {
    let (left, _) = trims(value, range);
    let body = range.start + 2 + usize::from(left);
    let Ok(lexed) = lex(value, body) else {
        return Role::Other;
    };
    let toks = &lexed.tokens;
    let rest = |k: usize| -> Option<Pipeline> {
        let rest = toks.get(k..)?;
        if !is_palette_pipeline(rest, dot) {
            return None;
        }
        let start = rest.first().map_or(lexed.inner_end, |t| t.range.start);
        parse_action(value, rest, skip_space(value, start)..lexed.inner_end).ok()
    };
    let word = |t: Option<&Token>| match t {
        Some(Token {
            tok: Tok::Ident(w), ..
        }) => Some(w.clone()),
        _ => None,
    };
    match word(toks.first()).as_deref() {
        Some("if") => Role::Open(BlockKind::If, rest(1)),
        Some("with") => Role::Open(BlockKind::With, rest(1)),
        Some("range" | "define" | "block") => Role::OpenOther,
        Some("end") => Role::End,
        Some("else") if word(toks.get(1)).as_deref() == Some("if") => Role::Else(Some(rest(2))),
        Some("else") => Role::Else(None),
        _ => Role::Other,
    }
}

/// Turn the Palette blocks of a scanned value into trees. `parts` passed Go's structure
/// check, so every block is closed and every `else` placed.
pub(crate) fn build(value: &str, parts: Vec<Part>) -> Vec<Part> {
    if !parts.iter().any(|p| matches!(p, Part::Foreign { .. })) {
        return parts;
    }
    if too_deep(value, &parts) {
        return parts; // kept as written, each action with its warning
    }
    let mut b = Builder {
        value,
        parts,
        pos: 0,
        build: true,
    };
    let (seq, _) = b.seq(0, false);
    seq
}

/// Whether blocks nest deeper than [`MAX_BLOCK_DEPTH`] (counted without recursion).
fn too_deep(value: &str, parts: &[Part]) -> bool {
    let mut depth = 0usize;
    for p in parts {
        let Part::Foreign { range, .. } = p else {
            continue;
        };
        match role(value, range, false) {
            Role::Open(..) | Role::OpenOther => depth += 1,
            Role::End => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > MAX_BLOCK_DEPTH {
            return true;
        }
    }
    false
}

struct Builder<'v> {
    value: &'v str,
    parts: Vec<Part>,
    pos: usize,
    /// Palette blocks are built (off while a block that is not one is copied).
    build: bool,
}

/// What ended a sequence: the index of the `else`/`end` part.
struct Stop {
    at: usize,
    role_else: Option<Option<Option<Pipeline>>>,
}

impl Builder<'_> {
    /// Parts up to the `else` or `end` that closes the enclosing block (`None` at the end
    /// of the value). `dot`: inside a Palette `with`, where `{{ . }}` is its value.
    fn seq(&mut self, depth: usize, dot: bool) -> (Vec<Part>, Option<Stop>) {
        let mut out = Vec::new();
        while self.pos < self.parts.len() {
            let at = self.pos;
            self.pos += 1;
            let Part::Foreign { range, .. } = &self.parts[at] else {
                out.push(self.parts[at].clone());
                continue;
            };
            let range = range.clone();
            match role(self.value, &range, dot) {
                Role::End => {
                    return (
                        out,
                        Some(Stop {
                            at,
                            role_else: None,
                        }),
                    )
                }
                Role::Else(e) => {
                    return (
                        out,
                        Some(Stop {
                            at,
                            role_else: Some(e),
                        }),
                    )
                }
                Role::Open(kind, Some(cond)) if self.build && depth < MAX_BLOCK_DEPTH => {
                    self.block(at, kind, cond, depth, dot, &mut out);
                }
                Role::Open(..) | Role::OpenOther => self.flat_block(at, depth, &mut out),
                Role::Other => out.push(self.dot_action(at, &range, dot)),
            }
        }
        (out, None)
    }

    /// `{{ . }}` (and pipelines over it) inside a Palette `with`.
    fn dot_action(&self, at: usize, range: &Range<usize>, dot: bool) -> Part {
        let original = self.parts[at].clone();
        if !dot {
            return original;
        }
        let (left, right) = trims(self.value, range);
        let body = range.start + 2 + usize::from(left);
        let Ok(lexed) = lex(self.value, body) else {
            return original;
        };
        if !lexed.tokens.iter().any(|t| t.tok == Tok::Dot)
            || !is_palette_pipeline(&lexed.tokens, true)
        {
            return original;
        }
        let first = skip_space(self.value, body);
        Part::Palette(Action {
            range: range.clone(),
            trim_left: left,
            trim_right: right,
            body: parse_action(self.value, &lexed.tokens, first..lexed.inner_end),
            block: None,
        })
    }

    /// A block that stays flat: its opening part, its contents and its `else`/`end`
    /// parts are copied as they are (Palette blocks inside it are still built).
    fn flat_block(&mut self, at: usize, depth: usize, out: &mut Vec<Part>) {
        out.push(self.parts[at].clone());
        loop {
            let (inner, stop) = self.seq(depth + 1, false);
            out.extend(inner);
            let Some(stop) = stop else { return };
            out.push(self.parts[stop.at].clone());
            if stop.role_else.is_none() {
                return;
            }
        }
    }

    /// A Palette block from its opening part at `at`.
    fn block(
        &mut self,
        at: usize,
        kind: BlockKind,
        cond: Pipeline,
        depth: usize,
        dot: bool,
        out: &mut Vec<Part>,
    ) {
        let mut branches = Vec::new();
        let mut cond = Some(cond);
        let mut otherwise = None;
        let mut ends = vec![at];
        let end_at = loop {
            // `if` keeps the dot it is in; `with` sets it.
            let (body, stop) = self.seq(depth + 1, dot || kind == BlockKind::With);
            let Some(stop) = stop else { break None };
            ends.push(stop.at);
            match (cond.take(), stop.role_else) {
                (Some(c), e) => {
                    branches.push((c, body));
                    match e {
                        None => break Some(stop.at),
                        Some(None) => {}
                        Some(Some(Some(next))) => cond = Some(next),
                        Some(Some(None)) => break None, // `else if` not Palette's
                    }
                }
                (None, None) => {
                    otherwise = Some(body);
                    break Some(stop.at);
                }
                (None, Some(_)) => break None,
            }
        };
        let usable = end_at.is_some()
            && (kind == BlockKind::If || !with_refers_to_root(self.value, &branches, &otherwise));
        let Some(end_at) = end_at.filter(|_| usable) else {
            // Not Palette's after all: copy the block flat, without building again inside
            // it (so that the work stays linear in the parts).
            self.pos = at + 1;
            self.build = false;
            self.flat_block(at, depth, out);
            self.build = true;
            return;
        };
        out.push(self.assemble(kind, branches, otherwise, &ends, end_at));
    }

    fn assemble(
        &self,
        kind: BlockKind,
        mut branches: Vec<(Pipeline, Vec<Part>)>,
        mut otherwise: Option<Vec<Part>>,
        ends: &[usize],
        end_at: usize,
    ) -> Part {
        let range_of = |k: usize| match &self.parts[k] {
            Part::Foreign { range, .. } => range.clone(),
            _ => 0..0,
        };
        // Trim the text at each body's edges by the markers of the actions around it.
        let bodies = branches
            .iter_mut()
            .map(|(_, b)| b)
            .chain(otherwise.as_mut());
        for (k, body) in bodies.enumerate() {
            let (_, after_open) = trims(self.value, &range_of(ends[k]));
            let (before_close, _) = trims(self.value, &range_of(ends[k + 1]));
            trim_body(self.value, body, after_open, before_close);
        }
        let open = range_of(ends[0]);
        let end = range_of(end_at);
        Part::Palette(Action {
            range: open.start..end.end,
            trim_left: trims(self.value, &open).0,
            trim_right: trims(self.value, &end).1,
            body: Ok(branches[0].0.clone()),
            block: Some(Box::new(Block {
                kind,
                branches,
                otherwise,
            })),
        })
    }
}

/// Inside `with`, Go's dot is the tested value: a `.spectro` reference there is a field
/// of a string (Go's executor refuses it), and so is any field, variable or `.` of an
/// action kept as written; such a block is not taken as Palette's.
fn with_refers_to_root(
    value: &str,
    branches: &[(Pipeline, Vec<Part>)],
    otherwise: &Option<Vec<Part>>,
) -> bool {
    let bodies = branches.iter().map(|(_, b)| b).chain(otherwise.iter());
    bodies.into_iter().any(|b| {
        b.iter().any(|p| match p {
            Part::Palette(a) => {
                let mut pipes = Vec::new();
                pipelines(a, &mut pipes);
                a.body.is_err() || pipes.into_iter().any(has_ref)
            }
            Part::Foreign { range, .. } => uses_dot(value, range),
            Part::Text(_) => false,
        })
    })
}

/// Whether a kept action reads the dot: `.`, a field, a variable (or does not lex).
fn uses_dot(value: &str, range: &Range<usize>) -> bool {
    let (left, _) = trims(value, range);
    lex(value, range.start + 2 + usize::from(left)).map_or(true, |l| {
        l.tokens
            .iter()
            .any(|t| matches!(t.tok, Tok::Dot | Tok::Ref(_) | Tok::Dollar(_)))
    })
}

fn has_ref(p: &Pipeline) -> bool {
    let mut terms = Vec::new();
    super::parse::walk_terms(p, &mut terms);
    terms
        .iter()
        .any(|t| matches!(t.kind, super::parse::TermKind::Ref(_)))
}

/// Apply Go's trim markers to the text parts of one body: those of the actions inside it,
/// and `first`/`last` for the block's own actions around it.
fn trim_body(value: &str, body: &mut [Part], first: bool, last: bool) {
    let n = body.len();
    for k in 0..n {
        let (left, right) = match &body[k] {
            Part::Palette(a) => (a.trim_left, a.trim_right),
            Part::Foreign { range, .. } => trims(value, range),
            Part::Text(_) => continue,
        };
        if left && k > 0 {
            trim_text(value, &mut body[k - 1], false);
        }
        if right && k + 1 < n {
            trim_text(value, &mut body[k + 1], true);
        }
    }
    if first {
        if let Some(p) = body.first_mut() {
            trim_text(value, p, true);
        }
    }
    if last {
        if let Some(p) = body.last_mut() {
            trim_text(value, p, false);
        }
    }
}

fn trim_text(value: &str, part: &mut Part, start: bool) {
    let Part::Text(r) = part else { return };
    let t = &value[r.clone()];
    let ws = [' ', '\t', '\r', '\n'];
    if start {
        r.start += t.len() - t.trim_start_matches(ws).len();
    } else {
        r.end -= t.len() - t.trim_end_matches(ws).len();
    }
}

/// Every pipeline an action evaluates: its own, or a block's conditions and the actions
/// of its bodies.
pub(crate) fn pipelines<'a>(a: &'a Action, out: &mut Vec<&'a Pipeline>) {
    let Some(b) = &a.block else {
        if let Ok(p) = &a.body {
            out.push(p);
        }
        return;
    };
    for (cond, body) in &b.branches {
        out.push(cond);
        body_pipelines(body, out);
    }
    if let Some(body) = &b.otherwise {
        body_pipelines(body, out);
    }
}

fn body_pipelines<'a>(body: &'a [Part], out: &mut Vec<&'a Pipeline>) {
    for p in body {
        if let Part::Palette(a) = p {
            pipelines(a, out);
        }
    }
}
