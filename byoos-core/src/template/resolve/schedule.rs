//! Scheduling: which scalars are resolved, in which order (dependencies first, with an
//! explicit stack), and where their problems are reported.

use super::{
    has_open, Finding, Loc, LocSet, Output, PackOutput, Resolution, ResolvedSite, Resolver, Target,
    FOREIGN_HELP, FOREIGN_MESSAGE,
};
use crate::codes::Code;
use crate::template::parse::{scan, walk_terms, Part, TermKind};
use crate::yaml::scalar::SourceMap;
use crate::yaml::{NodeId, NodeKind};
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::rc::Rc;

#[derive(Debug)]
/// Where a site is in its resolution.
pub(super) enum State {
    InProgress,
    Done(Rc<Resolution>, Vec<Finding>),
}

/// A site on the resolution stack: its references looked up, its dependencies
/// pushed one by one.
pub(super) struct Frame {
    pub(super) loc: Loc,
    pub(super) deps: Vec<Loc>,
    pub(super) next: usize,
    /// The target of each reference term, by the term's start (a site has few).
    pub(super) targets: HashMap<usize, (Target, Vec<Finding>)>,
    /// The problems of the lookup that exceeded a budget (the rest were not looked up).
    pub(super) early: Vec<Finding>,
    pub(super) too_deep: LocSet,
}

impl<'t> Resolver<'_, 't> {
    /// Resolve every macro of every output pack; what was found and made.
    pub(crate) fn run(mut self) -> Output<'t> {
        self.resolve_all();
        self.finish()
    }

    fn resolve_all(&mut self) {
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
        if self.memo.contains_key(&start) {
            return;
        }
        let mut stack: Vec<Frame> = Vec::new();
        let first = self.frame(start);
        self.memo.insert(start, State::InProgress);
        stack.push(first);
        while let Some(top) = stack.last_mut() {
            if top.next < top.deps.len() {
                let dep = top.deps[top.next];
                top.next += 1;
                if self.memo.contains_key(&dep) {
                    continue; // done, or in progress (a cycle, reported when evaluating)
                }
                if stack.len() >= self.budget.limits.max_reference_depth {
                    if let Some(t) = stack.last_mut() {
                        t.too_deep.insert(dep);
                    }
                    continue;
                }
                let f = self.frame(dep);
                self.memo.insert(dep, State::InProgress);
                stack.push(f);
                continue;
            }
            let Some(frame) = stack.pop() else { break };
            // `stack` now holds the frames below this one: the chain for cycle messages.
            let (res, problems) = self.evaluate(&frame, &stack);
            let res = Rc::new(res);
            let loc = frame.loc;
            let stored = if self.packs[loc.0].output {
                self.report(loc, &problems);
                Vec::new()
            } else {
                problems
            };
            self.memo.insert(loc, State::Done(res, stored));
        }
    }

    fn report(&mut self, loc: Loc, problems: &[Finding]) {
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
        let mut frame = Frame {
            loc,
            deps: Vec::new(),
            next: 0,
            targets: HashMap::new(),
            early: Vec::new(),
            too_deep: LocSet::default(),
        };
        let Some(site) = self.site(loc) else {
            return frame;
        };
        if self.budget.aborted.is_some() {
            return frame;
        }
        let mut deps = HashSet::new();
        for part in &site.parts {
            let Part::Palette(a) = part else { continue };
            let mut pipes = Vec::new();
            crate::template::blocks::pipelines(a, &mut pipes);
            let mut terms = Vec::new();
            for pipe in pipes {
                walk_terms(pipe, &mut terms);
            }
            for t in terms {
                if let TermKind::Ref(r) = &t.kind {
                    let mut problems = Vec::new();
                    let target = self.lookup(loc, r, t.range.clone(), &mut problems);
                    if self.budget.aborted.is_some() {
                        frame.early = problems;
                        return frame;
                    }
                    if let Target::Node(dep) = target {
                        if deps.insert(dep) {
                            frame.deps.push(dep);
                        }
                    }
                    frame.targets.insert(t.range.start, (target, problems));
                }
            }
        }
        frame
    }

    /// The output: each pack with its diagnostics and, for rendered packs, its resolved
    /// sites in document order.
    fn finish(self) -> Output<'t> {
        let mut sites: Vec<Vec<ResolvedSite>> = vec![Vec::new(); self.packs.len()];
        for (&(p, id), site) in &self.sites {
            let (Some(site), Some(State::Done(res, _))) = (site, self.memo.get(&(p, id))) else {
                continue;
            };
            if self.packs[p].output {
                sites[p].push((id, site.clone(), res.clone()));
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
