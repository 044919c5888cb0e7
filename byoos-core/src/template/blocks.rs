//! Go's `if`, `with` and `range` blocks and variables over Palette pipelines: the tree
//! built from a scanned value's flat parts (after [`super::parse`] has checked Go's block
//! structure and variable scopes).
//!
//! A block is Palette's when every condition in it (`{{ if … }}`, `{{ else if … }}`,
//! `{{ with … }}`, `{{ range … }}`) is a Palette pipeline; it then becomes one [`Action`]
//! whose [`Action::block`] holds the branches, and [`crate::template::resolve`] executes
//! it. A variable is Palette's when a Palette pipeline declares it (`{{ $x := … }}`); an
//! action reading only Palette variables, `.` and its fields (inside a Palette `with` or
//! `range`) is a Palette pipeline too. Any other block (Helm's `{{ if .Values.x }}`, one
//! whose `with`/`range` body refers to `.spectro` again, where Go's dot is the tested
//! value) stays flat: its actions are kept as written, as before. Go's trim markers are applied here, to the text beside each
//! action inside a block, as Go's lexer does whatever branch runs.

use super::lex::{lex, skip_space, Lexed, Tok, Token};
use super::parse::{
    decl_start, is_assign, is_palette_pipeline_in, parse_action_in, split_decl, Action, Part,
    Pipeline, TermKind,
};
use std::collections::{HashMap, HashSet};
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
    /// `range`: the body runs for each element, which is its dot.
    Range,
    /// `{{ break }}` inside a Palette `range` (no branches).
    Break,
    /// `{{ continue }}` inside a Palette `range` (no branches).
    Continue,
}

/// A Palette block: the first branch whose condition is true runs, else `otherwise`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Block {
    /// `if`, `with`, `range`, or a `break`/`continue`.
    pub kind: BlockKind,
    /// The conditions and their bodies, in order (`else if` adds one; `range`: one, its
    /// pipeline and body).
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
    /// Opens a block that stays flat (`define`, a Helm `if`).
    OpenOther,
    /// `{{ break }}` or `{{ continue }}`.
    Jump(BlockKind),
    Other,
}

/// One action's flags read from its text.
fn trims(value: &str, r: &Range<usize>) -> (bool, bool) {
    let t = &value[r.clone()];
    (t.starts_with("{{- "), t.ends_with(" -}}"))
}

fn lex_action<'s>(value: &'s str, range: &Range<usize>) -> Option<Lexed<'s>> {
    let (left, _) = trims(value, range);
    lex(value, range.start + 2 + usize::from(left)).ok()
}

/// The Palette pipeline of an action's tokens from `k` on, with its declaration
/// (`$x :=`, `$x =`, and for `range` (`two`) `$i, $v :=`): `None` when it is not one
/// (a Helm field, a variable that is not Palette's, …), `Some(Err)` when it is one Go's
/// parser refuses. `dot`: `.` and `.a` are the dot's (inside a Palette `with`/`range`).
fn decl_pipeline(
    value: &str,
    lexed: &Lexed,
    k: usize,
    dot: bool,
    vars: &dyn Fn(&str) -> bool,
    two: bool,
) -> Option<Result<Pipeline, crate::diagnostic::Finding>> {
    let toks = lexed.tokens.get(k..)?;
    let (decl, rest) = split_decl(toks);
    let assign = !decl.is_empty() && is_assign(toks);
    if decl.len() > 1 && !two || assign && (two || !decl.iter().all(|(n, _)| vars(n))) {
        return None;
    }
    if !is_palette_pipeline_in(rest, dot, vars) {
        return None;
    }
    let start = rest.first().map_or(lexed.inner_end, |t| t.range.start);
    let parsed = parse_action_in(value, rest, skip_space(value, start)..lexed.inner_end, dot);
    Some(parsed.map(|mut p| {
        p.decl = decl;
        p.assign = assign;
        p
    }))
}

/// `dot`: inside a Palette `with` or `range`, a condition may use `.`; `vars`: which
/// variables are Palette's.
fn role(value: &str, range: &Range<usize>, dot: bool, vars: &dyn Fn(&str) -> bool) -> Role {
    let Some(lexed) = lex_action(value, range) else {
        return Role::Other;
    };
    let toks = &lexed.tokens;
    let rest = |k: usize, two: bool| -> Option<Pipeline> {
        decl_pipeline(value, &lexed, k, dot, vars, two).and_then(Result::ok)
    };
    fn word<'s>(t: Option<&Token<'s>>) -> Option<&'s str> {
        match t {
            Some(Token {
                tok: Tok::Ident(w), ..
            }) => Some(w),
            _ => None,
        }
    }
    match word(toks.first()) {
        Some("if") => Role::Open(BlockKind::If, rest(1, false)),
        Some("with") => Role::Open(BlockKind::With, rest(1, false)),
        Some("range") => Role::Open(BlockKind::Range, rest(1, true)),
        Some("define" | "block") => Role::OpenOther,
        Some("end") => Role::End,
        Some("else") if word(toks.get(1)) == Some("if") => Role::Else(Some(rest(2, false))),
        Some("else") => Role::Else(None),
        Some("break") if toks.len() == 1 => Role::Jump(BlockKind::Break),
        Some("continue") if toks.len() == 1 => Role::Jump(BlockKind::Continue),
        _ => Role::Other,
    }
}

/// How many rounds [`build`] retries after finding a Palette variable that an action kept
/// as written also uses.
const VAR_ROUNDS: usize = 4;

/// Turn the Palette blocks of a scanned value into trees. `parts` passed Go's structure
/// check, so every block is closed and every `else` placed.
///
/// A Palette variable's declaration prints nothing once evaluated: where an action kept
/// as written (or a Helm block) also uses the variable, the declaration is kept as
/// written too, so that the kept text still declares what it uses.
pub(crate) fn build(value: &str, parts: Vec<Part>) -> Vec<Part> {
    // A variable is written with `$`: without one no action reads a variable.
    let no_var = || !value.contains('$') || !any_var(&parts);
    if !parts.iter().any(|p| matches!(p, Part::Foreign { .. })) && no_var() {
        return parts;
    }
    if too_deep(value, &parts) {
        return parts; // kept as written, each action with its warning
    }
    let mut forced = HashSet::new();
    for round in 0..VAR_ROUNDS {
        let mut b = Builder {
            value,
            parts: parts.clone(),
            pos: 0,
            build: true,
            vars: Vars::default(),
            flat: 0,
            forced: &forced,
            palette_decls: HashSet::new(),
            kept_names: HashSet::new(),
        };
        let (seq, _) = b.seq(0, false, false);
        let bad: Vec<String> = b
            .palette_decls
            .intersection(&b.kept_names)
            .cloned()
            .collect();
        if bad.is_empty() {
            return seq;
        }
        if round + 2 >= VAR_ROUNDS {
            forced.extend(b.palette_decls);
        } else {
            forced.extend(bad);
        }
    }
    parts
}

/// Whether a scanned Palette action reads a variable.
fn any_var(parts: &[Part]) -> bool {
    parts.iter().any(|p| match p {
        Part::Palette(a) => a.body.as_ref().is_ok_and(|p| !var_names(p).is_empty()),
        _ => false,
    })
}

fn var_names(p: &Pipeline) -> Vec<&str> {
    let mut terms = Vec::new();
    super::parse::walk_terms(p, &mut terms);
    terms
        .iter()
        .filter_map(|t| match &t.kind {
            TermKind::Var(n, _) => Some(n.as_str()),
            _ => None,
        })
        .collect()
}

/// Whether blocks nest deeper than [`MAX_BLOCK_DEPTH`] (counted without recursion).
fn too_deep(value: &str, parts: &[Part]) -> bool {
    let mut depth = 0usize;
    for p in parts {
        let Part::Foreign { range, .. } = p else {
            continue;
        };
        match role(value, range, false, &|_| false) {
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

/// The variables in scope as the builder walks a value: for each name, whether the
/// innermost declaration holds a Palette value.
#[derive(Default)]
struct Vars {
    order: Vec<String>,
    by_name: HashMap<String, Vec<bool>>,
}

impl Vars {
    fn len(&self) -> usize {
        self.order.len()
    }

    fn push(&mut self, name: &str, palette: bool) {
        self.order.push(name.to_owned());
        self.by_name
            .entry(name.to_owned())
            .or_default()
            .push(palette);
    }

    fn palette(&self, name: &str) -> bool {
        self.by_name
            .get(name)
            .and_then(|v| v.last())
            .copied()
            .unwrap_or(false)
    }

    /// `$x = …` by an action kept as written: `$x` no longer holds a known value.
    fn assigned_foreign(&mut self, name: &str) {
        match self.by_name.get_mut(name).and_then(|v| v.last_mut()) {
            Some(p) => *p = false,
            None => self.push(name, false),
        }
    }

    fn truncate(&mut self, len: usize) {
        while self.order.len() > len {
            if let Some(n) = self.order.pop() {
                if let Some(v) = self.by_name.get_mut(&n) {
                    v.pop();
                }
            }
        }
    }
}

struct Builder<'v> {
    value: &'v str,
    parts: Vec<Part>,
    pos: usize,
    /// Palette blocks are built (off while a block that is not one is copied).
    build: bool,
    vars: Vars,
    /// How many blocks that stay flat enclose the position (no Palette variable there).
    flat: usize,
    /// Variables kept as written wherever they are declared.
    forced: &'v HashSet<String>,
    /// Variables a Palette action declares or assigns.
    palette_decls: HashSet<String>,
    /// Variables an action kept as written declares, assigns or reads.
    kept_names: HashSet<String>,
}

/// What ended a sequence: the index of the `else`/`end` part.
struct Stop {
    at: usize,
    role_else: Option<Option<Option<Pipeline>>>,
}

impl Builder<'_> {
    fn palette_var(&self, name: &str) -> bool {
        self.flat == 0 && !self.forced.contains(name) && self.vars.palette(name)
    }

    fn role_at(&self, range: &Range<usize>, dot: bool) -> Role {
        let vars = |n: &str| self.palette_var(n);
        // A condition declares a Palette variable only where one can be (not in a Helm
        // block, not one kept as written elsewhere).
        let declares = |p: Option<Pipeline>| {
            p.filter(|p| {
                p.decl.is_empty()
                    || self.flat == 0 && p.decl.iter().all(|(n, _)| !self.forced.contains(n))
            })
        };
        match role(self.value, range, dot, &vars) {
            Role::Open(kind, p) => Role::Open(kind, declares(p)),
            Role::Else(Some(p)) => Role::Else(Some(declares(p))),
            other => other,
        }
    }

    /// Parts up to the `else` or `end` that closes the enclosing block (`None` at the end
    /// of the value). `dot`: inside a Palette `with`/`range`, where `{{ . }}` is its
    /// value; `in_range`: the innermost loop is a Palette `range` (`{{ break }}` is its).
    fn seq(&mut self, depth: usize, dot: bool, in_range: bool) -> (Vec<Part>, Option<Stop>) {
        let mut out = Vec::new();
        while self.pos < self.parts.len() {
            let at = self.pos;
            self.pos += 1;
            let range = match &self.parts[at] {
                Part::Foreign { range, .. } => range.clone(),
                Part::Palette(_) => {
                    let part = self.scanned(at);
                    out.push(part);
                    continue;
                }
                Part::Text(_) => {
                    out.push(self.parts[at].clone());
                    continue;
                }
            };
            let stop = |role_else| Some(Stop { at, role_else });
            match self.role_at(&range, dot) {
                Role::End => return (out, stop(None)),
                Role::Else(e) => return (out, stop(Some(e))),
                Role::Open(kind, Some(cond)) if self.build && depth < MAX_BLOCK_DEPTH => {
                    self.block(at, kind, cond, depth, dot, in_range, &mut out);
                }
                Role::Open(..) | Role::OpenOther => self.flat_block(at, depth, &mut out),
                Role::Jump(kind) if in_range && self.build => {
                    out.push(jump(self.value, &range, kind));
                }
                Role::Jump(_) => out.push(self.parts[at].clone()),
                Role::Other => out.push(self.plain(at, &range, dot)),
            }
        }
        (out, None)
    }

    /// A Palette action the scan found: kept as written when it reads a variable that is
    /// not Palette's.
    fn scanned(&mut self, at: usize) -> Part {
        let part = self.parts[at].clone();
        let Part::Palette(a) = &part else {
            return part;
        };
        let Ok(p) = &a.body else { return part };
        let names = var_names(p);
        if names.iter().all(|n| self.palette_var(n)) {
            return part;
        }
        self.kept_names.extend(names.into_iter().map(str::to_owned));
        Part::Foreign {
            range: a.range.clone(),
            mentions_spectro: true,
        }
    }

    /// An action that is not a block's: a Palette pipeline (over `.`, its fields, Palette
    /// variables, or declaring one), or kept as written.
    fn plain(&mut self, at: usize, range: &Range<usize>, dot: bool) -> Part {
        let original = self.parts[at].clone();
        let Some(lexed) = lex_action(self.value, range) else {
            return original;
        };
        let vars = |n: &str| self.palette_var(n);
        let decl_ok = |p: &Pipeline| p.decl.iter().all(|(n, _)| !self.forced.contains(n));
        let found = decl_pipeline(self.value, &lexed, 0, dot, &vars, false)
            .filter(|p| self.flat == 0 && p.as_ref().map_or(true, decl_ok));
        let Some(body) = found else {
            self.foreign_vars(range);
            return original;
        };
        if let Ok(p) = &body {
            self.declare(p);
        }
        let (left, right) = trims(self.value, range);
        Part::Palette(Action {
            range: range.clone(),
            trim_left: left,
            trim_right: right,
            body,
            block: None,
        })
    }

    /// Record the variables a Palette pipeline declares.
    fn declare(&mut self, p: &Pipeline) {
        for (name, _) in &p.decl {
            self.palette_decls.insert(name.clone());
            if !p.assign {
                self.vars.push(name, true);
            }
        }
    }

    /// Record the variables an action kept as written declares, assigns and reads.
    fn foreign_vars(&mut self, range: &Range<usize>) {
        let Some(lexed) = lex_action(self.value, range) else {
            return;
        };
        let toks = &lexed.tokens;
        let k = decl_start(toks);
        let (decl, _) = split_decl(&toks[k..]);
        let assign = is_assign(&toks[k..]);
        for (name, _) in decl {
            if assign {
                self.vars.assigned_foreign(&name);
            } else {
                self.vars.push(&name, false);
            }
        }
        for t in toks {
            if let Tok::Dollar(n) = &t.tok {
                self.kept_names.insert((*n).to_owned());
            }
        }
    }

    /// A block that stays flat: its opening part, its contents and its `else`/`end`
    /// parts are copied as they are (Palette blocks inside it are still built; variables
    /// in it are not Palette's).
    fn flat_block(&mut self, at: usize, depth: usize, out: &mut Vec<Part>) {
        let mark = self.vars.len();
        self.flat += 1;
        if let Part::Foreign { range, .. } = &self.parts[at] {
            let range = range.clone();
            self.foreign_vars(&range);
        }
        out.push(self.parts[at].clone());
        loop {
            let (inner, stop) = self.seq(depth + 1, false, false);
            out.extend(inner);
            let Some(stop) = stop else { break };
            if let Part::Foreign { range, .. } = &self.parts[stop.at] {
                let range = range.clone();
                self.foreign_vars(&range);
            }
            out.push(self.parts[stop.at].clone());
            if stop.role_else.is_none() {
                break;
            }
        }
        self.flat -= 1;
        self.vars.truncate(mark);
    }

    /// A Palette block from its opening part at `at`.
    #[allow(clippy::too_many_arguments)]
    fn block(
        &mut self,
        at: usize,
        kind: BlockKind,
        cond: Pipeline,
        depth: usize,
        dot: bool,
        in_range: bool,
        out: &mut Vec<Part>,
    ) {
        let mark = self.vars.len();
        self.declare(&cond);
        let mut branches = Vec::new();
        let mut cond = Some(cond);
        let mut otherwise = None;
        let mut ends = vec![at];
        let end_at = loop {
            // `if` keeps the dot it is in; `with` and `range` set it in their first body;
            // an `{{ else }}` body has the dot around the block.
            let first = cond.is_some();
            let body_dot = if first {
                dot || kind != BlockKind::If
            } else {
                dot
            };
            let body_range = if kind == BlockKind::Range {
                first
            } else {
                in_range
            };
            let (body, stop) = self.seq(depth + 1, body_dot, body_range);
            let Some(stop) = stop else { break None };
            ends.push(stop.at);
            match (cond.take(), stop.role_else) {
                (Some(c), e) => {
                    branches.push((c, body));
                    match e {
                        None => break Some(stop.at),
                        Some(None) => {}
                        Some(Some(Some(next))) if kind == BlockKind::If => {
                            self.declare(&next);
                            cond = Some(next);
                        }
                        Some(Some(_)) => break None, // `else if` not Palette's
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
            && (kind == BlockKind::If || !with_refers_to_root(self.value, &branches))
            && (kind != BlockKind::Range || !foreign_jump(self.value, &branches, &otherwise));
        self.vars.truncate(mark);
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

/// Inside `with` and `range`, Go's dot is the tested value: a `.spectro` reference there
/// is a field of a string (Go's executor refuses it), and so is any field, variable or `.`
/// of an action kept as written; such a block is not taken as Palette's. (`$.spectro.…`
/// reads the root, and an `{{ else }}` body has the dot around the block.)
fn with_refers_to_root(value: &str, branches: &[(Pipeline, Vec<Part>)]) -> bool {
    branches.iter().any(|(_, b)| {
        b.iter().any(|p| match p {
            Part::Palette(a) => {
                let mut pipes = Vec::new();
                pipelines(a, &mut pipes);
                a.body.is_err() || pipes.into_iter().any(|p| has_ref(value, p))
            }
            Part::Foreign { range, .. } => uses_dot(value, range),
            Part::Text(_) => false,
        })
    })
}

/// Whether a kept action reads the dot: `.`, a field, a variable (or does not lex).
fn uses_dot(value: &str, range: &Range<usize>) -> bool {
    lex_action(value, range).is_none_or(|l| {
        l.tokens
            .iter()
            .any(|t| matches!(t.tok, Tok::Dot | Tok::Ref(_) | Tok::Dollar(_)))
    })
}

/// A `.spectro` reference that is not read from the root (`$.spectro.…`).
fn has_ref(value: &str, p: &Pipeline) -> bool {
    let mut terms = Vec::new();
    super::parse::walk_terms(p, &mut terms);
    terms
        .iter()
        .any(|t| matches!(t.kind, TermKind::Ref(_)) && !value[..t.range.start].ends_with('$'))
}

/// Whether a `range` body holds a `{{ break }}` or `{{ continue }}` kept as written (in
/// a Helm block inside it): the loop cannot be run without it.
fn foreign_jump(
    value: &str,
    branches: &[(Pipeline, Vec<Part>)],
    otherwise: &Option<Vec<Part>>,
) -> bool {
    let bodies = branches.iter().map(|(_, b)| b).chain(otherwise.iter());
    bodies.into_iter().any(|b| {
        b.iter().any(|p| match p {
            Part::Foreign { range, .. } => {
                matches!(role(value, range, false, &|_| false), Role::Jump(_))
            }
            Part::Palette(a) => a
                .block
                .as_ref()
                .is_some_and(|b| foreign_jump(value, &b.branches, &b.otherwise)),
            Part::Text(_) => false,
        })
    })
}

/// `{{ break }}` or `{{ continue }}` of a Palette `range`.
fn jump(value: &str, range: &Range<usize>, kind: BlockKind) -> Part {
    let (left, right) = trims(value, range);
    Part::Palette(Action {
        range: range.clone(),
        trim_left: left,
        trim_right: right,
        body: Ok(Pipeline {
            commands: Vec::new(),
            range: range.clone(),
            decl: Vec::new(),
            assign: false,
        }),
        block: Some(Box::new(Block {
            kind,
            branches: Vec::new(),
            otherwise: None,
        })),
    })
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

/// Whether an action reads, declares or assigns a variable.
pub(crate) fn uses_vars(a: &Action) -> bool {
    let mut pipes = Vec::new();
    pipelines(a, &mut pipes);
    pipes
        .into_iter()
        .any(|p| !p.decl.is_empty() || !var_names(p).is_empty())
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
