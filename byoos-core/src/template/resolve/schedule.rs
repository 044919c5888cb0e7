//! Scheduling: which scalars are resolved, in which order (dependencies first, with an
//! explicit stack), and where their problems are reported.

use super::{
    has_open, Finding, Loc, LocSet, Output, PackOutput, Resolution, ResolvedSite, Resolver, Target,
    FOREIGN_HELP, FOREIGN_MESSAGE,
};
use crate::codes::Code;
use crate::template::parse::{scan, Action, Command, Part, Pipeline, Term, TermKind};
use crate::yaml::scalar::SourceMap;
use crate::yaml::{NodeId, NodeKind};
use std::ops::Range;

#[derive(Debug)]
/// Where a site is in its resolution.
pub(super) enum State {
    InProgress,
    Done(Resolution, Vec<Finding>),
}

/// Past this many dependencies a frame remembers them in a set (fewer are compared one
/// by one).
const FEW_DEPS: usize = 16;

/// A site on the resolution stack: its references looked up, its dependencies
/// pushed one by one. Frames are reused from site to site (their buffers kept).
#[derive(Debug)]
pub(super) struct Frame {
    pub(super) loc: Loc,
    pub(super) deps: Vec<Loc>,
    /// The dependencies as a set, once there are more than [`FEW_DEPS`].
    many_deps: LocSet,
    pub(super) next: usize,
    /// The target of each reference term with the problems of its lookup, by the
    /// term's start (sorted once the frame is built; the last of equal starts counts).
    targets: Vec<(usize, Target, Vec<Finding>)>,
    /// The problems of the lookup that exceeded a budget (the rest were not looked up).
    pub(super) early: Vec<Finding>,
    pub(super) too_deep: LocSet,
}

impl Frame {
    fn new(loc: Loc) -> Self {
        Frame {
            loc,
            deps: Vec::new(),
            many_deps: LocSet::default(),
            next: 0,
            targets: Vec::new(),
            early: Vec::new(),
            too_deep: LocSet::default(),
        }
    }

    /// The frame emptied for `loc`, its buffers kept.
    fn reset(&mut self, loc: Loc) {
        self.loc = loc;
        self.deps.clear();
        self.many_deps.clear();
        self.next = 0;
        self.targets.clear();
        self.early.clear();
        self.too_deep.clear();
    }

    /// The target found for the reference term starting at `start`, with the problems
    /// of its lookup.
    pub(super) fn target(&self, start: usize) -> Option<(&Target, &[Finding])> {
        let end = self.targets.partition_point(|(s, _, _)| *s <= start);
        let (s, target, found) = self.targets.get(end.checked_sub(1)?)?;
        (*s == start).then_some((target, found.as_slice()))
    }

    fn add_dep(&mut self, dep: Loc) {
        let new = if self.deps.len() < FEW_DEPS {
            !self.deps.contains(&dep)
        } else {
            if self.many_deps.is_empty() {
                self.many_deps.extend(self.deps.iter().copied());
            }
            self.many_deps.insert(dep)
        };
        if new {
            self.deps.push(dep);
        }
    }
}

impl<'t> Resolver<'_, 't> {
    /// Resolve every macro of every output pack; what was found and made.
    pub(crate) fn run(mut self) -> Output<'t> {
        self.resolve_all();
        self.finish()
    }

    fn resolve_all(&mut self) {
        // Size the slots once: one per scalar with `{{` of the rendered
        // packs (dependencies in other packs add a few).
        let with_open: usize = (self.packs.iter().filter(|p| p.output))
            .map(|p| {
                p.doc
                    .nodes()
                    .filter(|n| matches!(&n.node().kind, NodeKind::Scalar { value, .. } if has_open(value)))
                    .count()
            })
            .sum();
        self.slots.reserve(with_open);
        for p in 0..self.packs.len() {
            if !self.packs[p].output {
                continue;
            }
            let ids: Vec<NodeId> = self.packs[p]
                .doc
                .nodes()
                .filter(|n| !n.is_alias())
                .map(|n| n.id())
                .collect();
            for id in ids {
                if self.site((p, id)).is_some() {
                    self.ensure((p, id));
                } else {
                    self.check_node(p, id);
                }
            }
        }
    }

    /// Checks on a node that is not a macro site: unquoted `{{ }}` and foreign actions.
    fn check_node(&mut self, p: usize, id: NodeId) {
        let doc = &self.packs[p].doc;
        let node = doc.node(id);
        match &node.kind {
            NodeKind::Mapping(_) => {
                let text = &doc.text()[node.range.clone()];
                let inner = text
                    .strip_prefix("{{")
                    .map(|t| t.trim_start_matches(['-', ' ', '\t', '\r', '\n']));
                if inner.is_some_and(|t| t.starts_with(".spectro")) {
                    let d = doc
                        .diag(
                            Code::TemplateUnquoted,
                            doc.path_of(id),
                            node.range.clone(),
                            "this `{{ … }}` is not quoted, so YAML reads it as a mapping",
                        )
                        .with_help("quote the value: `key: '{{ .spectro.… }}'`")
                        .with_fix_opt(quote_action(text, node.range.clone()));
                    self.diags[p].push(d);
                }
            }
            // An action (foreign or not) needs `{{`: most scalars are answered by the
            // cheap test.
            NodeKind::Scalar { value, .. } if has_open(value) && value.contains(".spectro.") => {
                let parts = scan(value);
                let foreign: Vec<Range<usize>> = parts
                    .iter()
                    .filter_map(|x| match x {
                        Part::Foreign {
                            range,
                            mentions_spectro: true,
                        } => Some(range.clone()),
                        _ => None,
                    })
                    .collect();
                if foreign.is_empty() {
                    return;
                }
                let map = SourceMap::new(doc.text(), node);
                let path = doc.path_of(id);
                for r in foreign {
                    let d = doc
                        .diag(
                            Code::TemplateUnsupported,
                            path.clone(),
                            map.map(r),
                            FOREIGN_MESSAGE,
                        )
                        .with_help(FOREIGN_HELP);
                    self.diags[p].push(d);
                }
            }
            _ => {}
        }
    }

    /// Resolve `loc` and everything it depends on (explicit stack).
    fn ensure(&mut self, start: Loc) {
        if self.state(start).is_some() {
            return;
        }
        // The stack's buffer is kept in the resolver between calls.
        let mut stack = std::mem::take(&mut self.stack);
        let first = self.frame(start);
        self.set_state(start, State::InProgress);
        stack.push(first);
        while let Some(top) = stack.last_mut() {
            if top.next < top.deps.len() {
                let dep = top.deps[top.next];
                top.next += 1;
                if self.state(dep).is_some() {
                    continue; // done, or in progress (a cycle, reported when evaluating)
                }
                if stack.len() >= self.budget.limits.max_reference_depth {
                    if let Some(t) = stack.last_mut() {
                        t.too_deep.insert(dep);
                    }
                    continue;
                }
                let f = self.frame(dep);
                self.set_state(dep, State::InProgress);
                stack.push(f);
                continue;
            }
            let Some(frame) = stack.pop() else { break };
            // `stack` now holds the frames below this one: the chain for cycle messages.
            let (res, problems) = self.evaluate(&frame, &stack);
            let loc = frame.loc;
            self.frames.push(frame);
            let stored = if self.packs[loc.0].output {
                self.report(loc, &problems);
                Vec::new()
            } else {
                problems
            };
            self.set_state(loc, State::Done(res, stored));
        }
        self.stack = stack;
    }

    fn report(&mut self, loc: Loc, problems: &[Finding]) {
        if problems.is_empty() {
            return;
        }
        let Some(site) = self.site(loc) else { return };
        let doc = &self.packs[loc.0].doc;
        let path = doc.path_of(loc.1);
        for p in problems {
            // Names from the context (pack names, keys) may hold any character: the
            // diagnostic writes message and help on one line.
            let at = site.map(doc).map(p.at.clone());
            let d = doc.place(Finding { at, ..p.clone() }, path.clone());
            self.diags[loc.0].push(d);
        }
    }

    /// Phase one: look up every reference of a site and list the scalars it needs first.
    fn frame(&mut self, loc: Loc) -> Frame {
        let mut frame = match self.frames.pop() {
            Some(mut f) => {
                f.reset(loc);
                f
            }
            None => Frame::new(loc),
        };
        let Some(site) = self.site(loc) else {
            return frame;
        };
        if self.budget.aborted.is_some() {
            return frame;
        }
        for part in &site.parts {
            let Part::Palette(a) = part else { continue };
            if !self.action_refs(a, &mut frame) {
                break;
            }
        }
        frame.targets.sort_by_key(|(start, _, _)| *start);
        frame
    }

    /// Look up the references of one action, in the order of
    /// [`crate::template::parse::walk_terms`] over each of its pipelines; `false` when a
    /// budget was exceeded (the rest are not looked up).
    fn action_refs(&mut self, a: &Action, frame: &mut Frame) -> bool {
        if a.block.is_none() {
            return match &a.body {
                Ok(p) => self.pipeline_refs(p, frame),
                Err(_) => true,
            };
        }
        let mut pipes = Vec::new();
        crate::template::blocks::pipelines(a, &mut pipes);
        pipes.into_iter().all(|p| self.pipeline_refs(p, frame))
    }

    /// The references of one pipeline: its own terms in order, then the pipelines in
    /// parentheses, the last first (the order of `walk_terms`' stack). Parentheses nest
    /// at most 16 deep, so the recursion is bounded.
    fn pipeline_refs(&mut self, pipe: &Pipeline, frame: &mut Frame) -> bool {
        fn terms(c: &Command) -> &[Term] {
            match c {
                Command::Term(t) => std::slice::from_ref(t),
                Command::Method { terms, .. } => terms,
                Command::Call { args, .. } => args,
            }
        }
        for t in pipe.commands.iter().flat_map(terms) {
            if !self.term_ref(t, frame) {
                return false;
            }
        }
        for t in pipe.commands.iter().flat_map(terms).rev() {
            if let Some(inner) = t.inner() {
                if !self.pipeline_refs(inner, frame) {
                    return false;
                }
            }
        }
        true
    }

    fn term_ref(&mut self, t: &Term, frame: &mut Frame) -> bool {
        let TermKind::Ref(r) = &t.kind else {
            return true;
        };
        let mut problems = Vec::new();
        let target = self.lookup(frame.loc, r, t.range.clone(), &mut problems);
        if self.budget.aborted.is_some() {
            frame.early = problems;
            return false;
        }
        if let Target::Node(dep) = target {
            frame.add_dep(dep);
        }
        frame.targets.push((t.range.start, target, problems));
        true
    }

    /// The output: each pack with its diagnostics and, for rendered packs, its resolved
    /// sites in document order.
    fn finish(self) -> Output<'t> {
        let mut counts = vec![0usize; self.packs.len()];
        for slot in &self.slots {
            counts[slot.loc.0] += usize::from(slot.site.is_some());
        }
        let mut sites: Vec<Vec<ResolvedSite<'_>>> = (self.packs.iter().zip(counts))
            .map(|(p, n)| Vec::with_capacity(if p.output { n } else { 0 }))
            .collect();
        for slot in self.slots {
            let (Some(site), Some(State::Done(res, _))) = (slot.site, slot.state) else {
                continue;
            };
            let (p, id) = slot.loc;
            if self.packs[p].output {
                sites[p].push((id, site, res));
            }
        }
        let packs = self
            .packs
            .into_iter()
            .zip(self.diags)
            .zip(sites)
            .map(|((pack, diagnostics), mut sites)| {
                sites.sort_by_key(|(id, _, _)| pack.doc.node(*id).range.start);
                PackOutput {
                    doc: pack.doc,
                    output: pack.output,
                    diagnostics,
                    sites,
                }
            })
            .collect();
        Output {
            packs,
            aborted: self.budget.aborted,
            sensitive: self.sensitive,
        }
    }
}

/// The fix of an unquoted `{{ … }}`: the same text single-quoted, when it is on one line.
fn quote_action(text: &str, range: Range<usize>) -> Option<crate::diagnostic::Fix> {
    use crate::yaml::scalar::{single_quoted, single_quoted_ok};
    (single_quoted_ok(text) && !text.contains('\t'))
        .then(|| crate::diagnostic::Fix::replace(range, single_quoted(text)))
}
