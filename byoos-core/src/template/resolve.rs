//! Resolution of Palette macros: system macros, pack references (with longest-match
//! dotted keys and references to values that hold macros themselves), profile variables
//! and user macros, evaluated through the function pipeline.
//!
//! Values that reference other values are resolved once each, in dependency order, with
//! an explicit stack (no recursion, so a 10,000-long chain cannot overflow a small
//! stack) and memoised, under the `limit/` budgets of [`Limits`].

use super::context::{scalar_text, Context, VariableDefinition};
use super::functions::{self, Val};
use super::parse::{scan, walk_terms, Command, Part, Pipeline, RefKind, Reference, Term, TermKind};
use super::variables;
use super::Shapes;
use crate::codes::Code;
use crate::diagnostic::{self, Diagnostic, Path, Segment, Severity};
use crate::limits::Limits;
use crate::suggest::{closest, closest_within, distance, CELLS_PER_SEARCH, MAX_WORD};
use crate::yaml::scalar::SourceMap;
use crate::yaml::{Document, NodeId, NodeKind, NodeRef, Resolved};
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::rc::Rc;

/// Every system macro Palette documents (`.spectro.system.<name>`).
pub const SYSTEM_MACROS: &[&str] = &[
    "user.name",
    "user.uid",
    "user.email",
    "tenant.uid",
    "project.name",
    "project.uid",
    "clusterprofile.name",
    "clusterprofile.uid",
    "clusterprofile.version",
    "clusterprofile.infra.name",
    "clusterprofile.infra.uid",
    "clusterprofile.infra.version",
    "cluster.name",
    "cluster.uid",
    "cluster.kubevip",
    "cloudaccount.name",
    "cloudaccount.uid",
    "kubernetes.version",
    "reverseproxy.server",
    "reverseproxy.port",
    "reverseproxy.protocol",
    "reverseproxy.vhostport",
    "cloud.type",
    "cloud.region",
    // App profiles (Palette Dev Engine) only.
    "apptier.name",
    "apptier.uid",
    "appprofile.name",
    "appprofile.uid",
    "appdeployment.uid",
    "appdeployment.name",
    "appdeployment.tiername",
    "appdeployment.ingress.host",
];

/// Most steps spent finding one path by longest match (keys with dots can be split in
/// many ways).
const MAX_LOOKUP_STEPS: usize = 10_000;
/// Most leaf paths collected for "did you mean" hints.
const MAX_HINT_PATHS: usize = 20_000;

/// One pack's values in a resolution.
#[derive(Debug)]
pub(crate) struct PackDoc<'t> {
    /// The name references use (`.spectro.pack.<name>`).
    pub(crate) name: String,
    /// The parsed values.
    pub(crate) doc: Document<'t>,
    /// Whether this pack is rendered (its problems are reported in its own text);
    /// otherwise it only answers references and its problems are reported where it is
    /// referenced.
    pub(crate) output: bool,
}

/// A variable definition and whether its problems were reported already (definitions
/// from a profile text are checked there).
#[derive(Debug)]
pub(crate) struct VarDef {
    pub(crate) def: VariableDefinition,
    pub(crate) checked_elsewhere: bool,
}

type Loc = (usize, NodeId);

/// A hasher for [`Loc`] keys: a pack index and a node id, numbers byoos assigns in order
/// (never text from the input), so a multiplicative hash is safe, and much cheaper than
/// SipHash on the per-site maps.
#[derive(Default)]
struct LocHasher(u64);

impl std::hash::Hasher for LocHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

/// Whether `s` contains `{{`. A byte loop: on the short values most scalars hold it is
/// much cheaper than a substring search, and it runs on every scalar of every pack.
pub(crate) fn has_open(s: &str) -> bool {
    let mut rest = s.as_bytes();
    while let Some(i) = rest.iter().position(|&c| c == b'{') {
        if rest.get(i + 1) == Some(&b'{') {
            return true;
        }
        rest = &rest[i + 1..];
    }
    false
}

type LocMap<V> = HashMap<Loc, V, std::hash::BuildHasherDefault<LocHasher>>;
type LocSet = HashSet<Loc, std::hash::BuildHasherDefault<LocHasher>>;

/// A problem found while evaluating one scalar, located in its value.
#[derive(Clone, Debug)]
struct Problem {
    code: Code,
    severity: Severity,
    message: String,
    help: Option<String>,
    /// Value offsets in the scalar where the problem is.
    at: Range<usize>,
}

/// A scalar holding Palette macros, parsed.
#[derive(Debug)]
pub(crate) struct Site {
    /// The value as YAML reads it.
    pub(crate) value: String,
    /// Its parts.
    pub(crate) parts: Vec<Part>,
    /// Value → source offsets (computed when first needed).
    map: std::cell::OnceCell<SourceMap>,
    node: NodeId,
}

impl Site {
    /// Value → source offsets of this scalar in `doc`.
    pub(crate) fn map(&self, doc: &Document<'_>) -> &SourceMap {
        self.map
            .get_or_init(|| SourceMap::new(doc.text(), doc.node(self.node)))
    }
}

/// The rendering of one action.
#[derive(Clone, Debug)]
pub(crate) struct Replacement {
    /// Value offsets replaced: the action plus whitespace removed by `{{-` / `-}}`.
    pub(crate) range: Range<usize>,
    /// The text that replaces it.
    pub(crate) text: String,
}

/// The result of resolving one scalar.
#[derive(Clone, Debug)]
pub(crate) struct Resolution {
    /// The new value.
    pub(crate) value: String,
    /// The rendered actions, in order.
    pub(crate) replacements: Vec<Replacement>,
    /// The value depends on a sensitive variable.
    pub(crate) tainted: bool,
    /// Some action could not be resolved (an error was reported).
    pub(crate) failed: bool,
}

#[derive(Debug)]
enum State {
    InProgress,
    Done(Rc<Resolution>, Vec<Problem>),
}

/// What a reference resolves to.
#[derive(Clone, Debug)]
enum Target {
    /// A value (`None`: unknown without a context).
    Value(Option<String>, bool),
    /// A scalar that holds macros: its rendering.
    Node(Loc),
    /// Could not be resolved; the problem is already recorded.
    Failed,
    /// Not resolved by byoos (app references); the action stays as written.
    Keep,
}

/// Evaluation result of a term or pipeline: a value, unknown (no context), or an error
/// (already recorded).
type Eval = Result<Option<Val>, Halt>;

#[derive(Debug)]
enum Halt {
    /// A reported error: leave the action as written.
    Failed,
    /// Not resolved on purpose: leave the action as written, no error.
    Keep,
}

struct Frame {
    loc: Loc,
    deps: Vec<Loc>,
    next: usize,
    /// The target of each reference term, by the term's start (a site has few).
    targets: HashMap<usize, (Target, Vec<Problem>)>,
    /// The problems of the lookup that exceeded a budget (the rest were not looked up).
    early: Vec<Problem>,
    too_deep: LocSet,
}

/// The resolver over a set of packs.
#[derive(Debug)]
pub(crate) struct Resolver<'c, 't> {
    pub(crate) packs: Vec<PackDoc<'t>>,
    ctx: Option<&'c Context>,
    strict: bool,
    limits: Limits,
    vars: HashMap<String, VarDef>,
    sites: LocMap<Option<Rc<Site>>>,
    memo: LocMap<State>,
    /// Key index of mappings: (pack, mapping) → key → value node.
    keys: LocMap<HashMap<String, NodeId>>,
    hint_paths: HashMap<usize, Rc<Vec<String>>>,
    /// Edit-distance cells left for path hints in this render (they stop when it is used).
    hint_cells: usize,
    expansions: usize,
    /// Work done so far, against `limits.max_work` (bytes read and made by lookups and
    /// functions).
    work: usize,
    /// The first budget exceeded; everything after it is left unresolved.
    pub(crate) aborted: Option<Code>,
    /// Diagnostics per pack (only output packs get any).
    pub(crate) diags: Vec<Vec<Diagnostic>>,
    /// Variables whose value problems were reported, per pack.
    var_reported: HashSet<(usize, String)>,
    /// Values never to be shown.
    pub(crate) sensitive: Vec<String>,
    /// What the caller knows of the packs' shapes (for hints); nothing by default.
    pub(crate) shapes: Shapes,
}

impl<'c, 't> Resolver<'c, 't> {
    /// A resolver. `ctx` `None` checks names and self references only.
    pub(crate) fn new(
        packs: Vec<PackDoc<'t>>,
        ctx: Option<&'c Context>,
        strict: bool,
        limits: Limits,
        defs: Vec<VarDef>,
    ) -> Self {
        let mut vars = HashMap::new();
        for d in defs {
            vars.entry(d.def.name.clone()).or_insert(d);
        }
        let mut sensitive = Vec::new();
        if let Some(c) = ctx {
            for d in vars.values().filter(|d| d.def.is_sensitive) {
                if let Some(v) = c.variables.values.get(&d.def.name).and_then(scalar_text) {
                    sensitive.push(v);
                }
                if let Some(v) = d.def.default_value.as_ref().and_then(scalar_text) {
                    sensitive.push(v);
                }
            }
        }
        sensitive.retain(|s| !s.is_empty());
        let n = packs.len();
        Resolver {
            packs,
            ctx,
            strict,
            limits,
            vars,
            sites: LocMap::default(),
            memo: LocMap::default(),
            keys: LocMap::default(),
            hint_paths: HashMap::new(),
            hint_cells: 64 * CELLS_PER_SEARCH,
            expansions: 0,
            work: 0,
            aborted: None,
            diags: vec![Vec::new(); n],
            var_reported: HashSet::new(),
            sensitive,
            shapes: Shapes::NONE,
        }
    }

    /// The parsed macros of a scalar node, if it holds any Palette action.
    pub(crate) fn site(&mut self, loc: Loc) -> Option<Rc<Site>> {
        let doc = &self.packs[loc.0].doc;
        // Most nodes hold no action: answer without touching the cache.
        let NodeKind::Scalar { value, .. } = &doc.node(loc.1).kind else {
            return None;
        };
        if !has_open(value) {
            return None;
        }
        if let Some(s) = self.sites.get(&loc) {
            return s.clone();
        }
        let parts = scan(value);
        let site = parts
            .iter()
            .any(|p| matches!(p, Part::Palette(_)))
            .then(|| {
                Rc::new(Site {
                    value: value.clone(),
                    parts,
                    map: std::cell::OnceCell::new(),
                    node: loc.1,
                })
            });
        self.sites.insert(loc, site.clone());
        site
    }

    /// Resolve every macro of every output pack.
    pub(crate) fn run(&mut self) {
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
                            "this `{{ … }}` is not quoted, so YAML reads it as a mapping",
                            doc.path_of(id),
                            node.range.clone(),
                        )
                        .with_help("quote the value: `key: '{{ .spectro.… }}'`");
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
                        .diag(Code::TemplateUnsupported, "this action uses `.spectro.` but does not start with it, so it is not resolved", path.clone(), map.map(r))
                        .with_help("start the action with the reference and pipe it: `{{ .spectro.var.x | upper }}`");
                    self.diags[p].push(d);
                }
            }
            _ => {}
        }
    }

    /// Resolve `loc` and everything it depends on (explicit stack).
    pub(crate) fn ensure(&mut self, start: Loc) -> Option<Rc<Resolution>> {
        if let Some(State::Done(r, _)) = self.memo.get(&start) {
            return Some(r.clone());
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
                if stack.len() >= self.limits.max_reference_depth {
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
        match self.memo.get(&start) {
            Some(State::Done(r, _)) => Some(r.clone()),
            _ => None,
        }
    }

    fn report(&mut self, loc: Loc, problems: &[Problem]) {
        let Some(site) = self.site(loc) else { return };
        let doc = &self.packs[loc.0].doc;
        let path = doc.path_of(loc.1);
        for p in problems {
            let mut d = doc
                .diag(
                    p.code,
                    diagnostic::single_line(&p.message),
                    path.clone(),
                    site.map(doc).map(p.at.clone()),
                )
                .with_severity(p.severity);
            // Names from the context (pack names, keys) may hold any character.
            d.help = p.help.as_deref().map(diagnostic::single_line);
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
        if self.aborted.is_some() {
            return frame;
        }
        let mut deps = HashSet::new();
        for part in &site.parts {
            let Part::Palette(a) = part else { continue };
            let Ok(pipe) = &a.body else { continue };
            let mut terms = Vec::new();
            walk_terms(pipe, &mut terms);
            for t in terms {
                if let TermKind::Ref(r) = &t.kind {
                    let mut problems = Vec::new();
                    let target = self.lookup(loc, r, t.range.clone(), &mut problems);
                    if self.aborted.is_some() {
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

    // ---------------------------------------------------------------------------------
    // Lookups
    // ---------------------------------------------------------------------------------

    fn missing(
        &self,
        problems: &mut Vec<Problem>,
        at: Range<usize>,
        message: String,
        help: Option<String>,
    ) -> Target {
        let severity = if self.strict {
            Severity::Error
        } else {
            Severity::Warning
        };
        problems.push(Problem {
            code: Code::TemplateMissingValue,
            severity,
            message,
            help,
            at,
        });
        if self.strict {
            Target::Failed
        } else {
            Target::Value(Some(String::new()), false)
        }
    }

    fn lookup(
        &mut self,
        from: Loc,
        r: &Reference,
        at: Range<usize>,
        problems: &mut Vec<Problem>,
    ) -> Target {
        let err =
            |problems: &mut Vec<Problem>, code: Code, message: String, help: Option<String>| {
                problems.push(Problem {
                    code,
                    severity: code.default_severity(),
                    message,
                    help,
                    at: at.clone(),
                });
                Target::Failed
            };
        match &r.kind {
            RefKind::System(name) => {
                let given = self.ctx.and_then(|c| c.system_value(name));
                if let Some(v) = given {
                    return match v {
                        Some(v) => Target::Value(Some(v), false),
                        None => self.missing(
                            problems,
                            at.clone(),
                            format!("system macro `{}` has no value in the context", r.text),
                            None,
                        ),
                    };
                }
                if !SYSTEM_MACROS.contains(&name.as_str()) {
                    let help = match closest(name, SYSTEM_MACROS.iter().copied()) {
                        Some(c) => format!("did you mean `.spectro.system.{c}`?"),
                        None => "see the system macros Palette documents: cluster.name, kubernetes.version, …".to_owned(),
                    };
                    return err(
                        problems,
                        Code::TemplateUnknownSystemMacro,
                        format!("unknown system macro `{}`", r.text),
                        Some(help),
                    );
                }
                if self.ctx.is_none() {
                    return Target::Value(None, false);
                }
                self.missing(
                    problems,
                    at.clone(),
                    format!(
                        "system macro `{}` is not in the context; Palette sets it at deploy time",
                        r.text
                    ),
                    Some(format!(
                        "give it under `system` in the context, e.g. `{name}: …`"
                    )),
                )
            }
            RefKind::App(_) => {
                problems.push(Problem {
                    code: Code::TemplateUnsupported,
                    severity: Severity::Warning,
                    message: format!("app output variable `{}` is not resolved by byoos", r.text),
                    help: Some(
                        "app profile outputs exist only in Palette Dev Engine deployments".into(),
                    ),
                    at: at.clone(),
                });
                Target::Keep
            }
            RefKind::Macro(name) => {
                let Some(ctx) = self.ctx else {
                    return Target::Value(None, false);
                };
                if let Some((v, _scope)) = ctx.macro_value(name) {
                    return Target::Value(Some(v), false);
                }
                if !ctx.has_macros() {
                    return self.missing(
                        problems,
                        at.clone(),
                        format!("macro `{}` is not in the context", r.text),
                        Some(format!("give it under `macros.project`, `macros.tenant` or `macros.system`, e.g. `{name}: …`")),
                    );
                }
                let names = ctx.macro_names();
                let help = match closest(name, names.iter().copied()) {
                    Some(c) => format!("did you mean `.spectro.macro.{c}`?"),
                    None => format!("define `{name}` in the project, tenant or system scope"),
                };
                err(
                    problems,
                    Code::TemplateUnknownMacro,
                    format!("macro `{name}` is not defined in any scope"),
                    Some(help),
                )
            }
            RefKind::Var(name) => self.lookup_var(from, name, at, problems),
            RefKind::Pack(segs) => self.lookup_pack(from, r, segs, at, problems),
        }
    }

    fn lookup_var(
        &mut self,
        from: Loc,
        name: &str,
        at: Range<usize>,
        problems: &mut Vec<Problem>,
    ) -> Target {
        let push = |problems: &mut Vec<Problem>,
                    code: Code,
                    severity: Severity,
                    message: String,
                    help: Option<String>| {
            problems.push(Problem {
                code,
                severity,
                message,
                help,
                at: at.clone(),
            });
        };
        if !variables::valid_name(name) {
            push(
                problems,
                Code::VariableName,
                Severity::Error,
                format!("`{name}` is not a valid variable name"),
                Some(format!("variable names use letters, digits and `_` (the template engine rejects `-`): `{}`", variables::fix_name(name))),
            );
            return Target::Failed;
        }
        let Some(ctx) = self.ctx else {
            return Target::Value(None, false);
        };
        let given = ctx.variables.values.get(name).and_then(scalar_text);
        let Some(vd) = self.vars.get(name) else {
            if let Some(v) = given {
                return Target::Value(Some(v), false);
            }
            if self.vars.is_empty() && ctx.variables.values.is_empty() {
                return self.missing(
                    problems,
                    at.clone(),
                    format!("profile variable `{name}` is not in the context"),
                    Some(format!(
                        "give it under `variables.values`, e.g. `{name}: …`"
                    )),
                );
            }
            let names: Vec<&str> = self
                .vars
                .keys()
                .map(String::as_str)
                .chain(ctx.variables.values.keys().map(String::as_str))
                .collect();
            let help = match closest(name, names) {
                Some(c) => format!("did you mean `.spectro.var.{c}`?"),
                None => format!("define `{name}` in the profile's variables"),
            };
            push(
                problems,
                Code::VariableUndefined,
                Severity::Error,
                format!("profile variable `{name}` is not defined"),
                Some(help),
            );
            return Target::Failed;
        };
        let def = vd.def.clone();
        let first_here = self.var_reported.insert((from.0, name.to_owned()));
        if first_here && !vd.checked_elsewhere {
            for f in variables::check_definition(&def) {
                push(
                    problems,
                    f.code,
                    f.code.default_severity(),
                    f.message,
                    f.help,
                );
            }
        }
        let default = def
            .default_value
            .as_ref()
            .and_then(scalar_text)
            .filter(|d| !d.is_empty());
        let value = given.or(default);
        let Some(value) = value else {
            if def.required {
                push(
                    problems,
                    Code::VariableRequired,
                    Severity::Error,
                    format!("required variable `{name}` has no value"),
                    Some(format!("give it a value under `variables.values` (`{name}: …`) or a default in its definition")),
                );
                return Target::Failed;
            }
            return self.missing(
                problems,
                at.clone(),
                format!("profile variable `{name}` has no value and no default"),
                None,
            );
        };
        if first_here {
            for f in variables::check_value_within(&def, &value, self.limits.max_work) {
                push(
                    problems,
                    f.code,
                    f.code.default_severity(),
                    f.message,
                    f.help,
                );
            }
        }
        Target::Value(Some(value), def.is_sensitive)
    }

    /// The pack a reference names (longest name first) and the path segments after it.
    fn find_pack<'s>(&self, segs: &'s [String]) -> Option<(usize, &'s [String])> {
        for j in (1..segs.len()).rev() {
            let name = segs[..j].join(".");
            if let Some(i) = self.packs.iter().position(|p| p.name == name) {
                return Some((i, &segs[j..]));
            }
        }
        None
    }

    fn lookup_pack(
        &mut self,
        from: Loc,
        r: &Reference,
        segs: &[String],
        at: Range<usize>,
        problems: &mut Vec<Problem>,
    ) -> Target {
        let Some((pi, path)) = self.find_pack(segs) else {
            if self.ctx.is_none() {
                return Target::Value(None, false);
            }
            let mut names: Vec<&str> = self.packs.iter().map(|p| p.name.as_str()).collect();
            names.sort_unstable();
            names.dedup();
            let help = match closest(&segs[0], names.iter().copied()) {
                Some(c) => format!("did you mean `{c}`?"),
                None if names.is_empty() => {
                    "give the pack's values in the context under `packs`".to_owned()
                }
                None => format!(
                    "known packs: {}; give other packs' values in the context under `packs`",
                    names.join(", ")
                ),
            };
            let severity = if self.strict {
                Severity::Error
            } else {
                Severity::Warning
            };
            problems.push(Problem {
                code: Code::TemplateUnknownPack,
                severity,
                message: format!(
                    "`{}` is not a pack of this profile or context, so `{}` is empty",
                    segs[0], r.text
                ),
                help: Some(help),
                at,
            });
            return if self.strict {
                Target::Failed
            } else {
                Target::Value(Some(String::new()), false)
            };
        };
        let Some(root) = self.packs[pi].doc.root() else {
            let doc = &self.packs[pi].doc;
            let why = if doc.document_count() == 0 && !doc.text().trim().is_empty() {
                " (its YAML could not be read)"
            } else {
                ""
            };
            return self.missing(
                problems,
                at.clone(),
                format!("pack `{}` has no values{why}", self.packs[pi].name),
                None,
            );
        };
        let root_id = root.id();
        let found = self.find_path(pi, root_id, path);
        let pack_name = self.packs[pi].name.clone();
        let dotted_path = path.join(".");
        let Some(id) = found else {
            let self_ref = pi == from.0;
            let hint = self.suggest_path(pi, path);
            // The reference names a key of the pack's shape, and the document holds a
            // misspelled or misplaced key instead: that key is the cause, not the reference.
            let cause = match &hint {
                Some(Hint::Path(p)) if self_ref && self.is_known_path(pi, &dotted_path) => {
                    self.line_of(pi, p).map(|line| (p.clone(), line))
                }
                _ => None,
            };
            // A path through nested options is not a fix: Palette does not read it.
            let nested = match &hint {
                Some(Hint::Path(p) | Hint::Options(p)) => {
                    let segs: Vec<String> = p.split('.').map(str::to_owned).collect();
                    self.nested_option(pi, &segs).map(|(key, _)| key)
                }
                None => None,
            };
            let help = if let Some(key) = &nested {
                Some(format!("`options.{key}` holds nested keys, which Palette does not read (see the finding at `options.{key}`)"))
            } else if let Some((p, line)) = &cause {
                Some(format!("the reference is right: fix the key `{p}` on line {line} (see the finding there)"))
            } else {
                hint.map(|s| match s {
                    Hint::Options(p) => {
                        format!("the path starts under `options`: `.spectro.pack.{pack_name}.{p}`")
                    }
                    Hint::Path(p) => format!("did you mean `.spectro.pack.{pack_name}.{p}`?"),
                })
            };
            let severity = if self_ref || self.strict {
                Severity::Error
            } else {
                Severity::Warning
            };
            let message = if let Some((p, line)) = &cause {
                format!("`{dotted_path}` is not a key of this document: it has `{p}` (line {line}) instead")
            } else if self_ref {
                format!(
                    "`{dotted_path}` is not a key of this document (`{}`)",
                    r.text
                )
            } else {
                format!("pack `{pack_name}` has no value at `{dotted_path}`")
            };
            problems.push(Problem {
                code: Code::TemplateUnknownPath,
                severity,
                message,
                help,
                at,
            });
            return if severity == Severity::Error {
                Target::Failed
            } else {
                Target::Value(Some(String::new()), false)
            };
        };
        if let Some((nested, rest)) = self.nested_option(pi, path) {
            let self_ref = pi == from.0;
            problems.push(Problem {
                code: Code::TemplateUnknownPath,
                severity: Severity::Error,
                message: format!(
                    "`{dotted_path}` is written as nested keys (`{nested}:` holding `{rest}`), but Palette reads dotted option keys"
                ),
                help: Some(if self_ref {
                    format!("the reference is right: make `options.{nested}` dotted keys such as `{}: …` (see the finding at `options.{nested}`)", path[1..].join("."))
                } else {
                    format!("pack `{pack_name}` must hold `options` as dotted keys such as `{}: …`", path[1..].join("."))
                }),
                at,
            });
            return Target::Failed;
        }
        let node = self.packs[pi].doc.node_ref(id).resolve();
        let id = node.id();
        // Looking a value up copies it (and scans it for actions): that is work.
        if let NodeKind::Scalar { value, .. } = &node.node().kind {
            let bytes = value.len();
            if self.charge(bytes, problems, &at).is_err() {
                return Target::Failed;
            }
        }
        let node = self.packs[pi].doc.node_ref(id);
        match &node.node().kind {
            NodeKind::Mapping(_) | NodeKind::Sequence(_) => {
                let what = node.type_name();
                problems.push(Problem {
                    code: Code::TemplateNotAScalar,
                    severity: Severity::Error,
                    message: format!(
                        "`{}` is {what}; only a single value can be put into text",
                        r.text
                    ),
                    help: Some("reference one value inside it, e.g. `….<key>`".into()),
                    at,
                });
                Target::Failed
            }
            NodeKind::Scalar { value, .. } => {
                let (value, resolved) = (value.clone(), node.resolved());
                if has_open(&value) && self.site((pi, id)).is_some() {
                    return Target::Node((pi, id));
                }
                match resolved {
                    Some(Resolved::Null) => {
                        self.missing(problems, at.clone(), format!("`{}` is empty", r.text), None)
                    }
                    Some(Resolved::Bool(b)) => Target::Value(Some(b.to_string()), false),
                    Some(Resolved::Int(i)) => Target::Value(Some(i.to_string()), false),
                    Some(Resolved::Float(f)) => Target::Value(Some(functions::go_float(f)), false),
                    _ => Target::Value(Some(value), false),
                }
            }
            NodeKind::Alias(_) => Target::Failed,
        }
    }

    /// Whether `dotted` (segments joined by `.`) is a key of the pack's shape.
    fn is_known_path(&self, pi: usize, dotted: &str) -> bool {
        let p = &self.packs[pi];
        (self.shapes.known_path)(&p.name, &p.doc, dotted)
    }

    /// The line of the value at dotted path `p` of pack `pi`.
    fn line_of(&mut self, pi: usize, p: &str) -> Option<u32> {
        let root = self.packs[pi].doc.root()?.id();
        let segs: Vec<String> = p.split('.').map(str::to_owned).collect();
        let id = self.find_path(pi, root, &segs)?;
        let doc = &self.packs[pi].doc;
        Some(doc.span(doc.node(id).range.clone()).line)
    }

    /// Edge packs: `options.<a>.<b>…` found only through nested mappings (`options:
    /// {system: {uri: …}}`), which Palette does not read. Returns the nested key and the
    /// rest of the path under it.
    fn nested_option(&mut self, pi: usize, path: &[String]) -> Option<(String, String)> {
        if path.len() < 3
            || path[0] != "options"
            || !(self.shapes.dotted_options)(&self.packs[pi].name, &self.packs[pi].doc)
        {
            return None;
        }
        let options = self.packs[pi].doc.root()?.get("options")?.resolve();
        let dotted = path[1..].join(".");
        if options.get(&dotted).is_some() {
            return None;
        }
        // Which entry of `options` the lookup went through.
        (2..path.len()).find_map(|j| {
            let key = path[1..j].join(".");
            options
                .get(&key)
                .filter(|v| v.resolve().is_mapping())
                .map(|_| (key, path[j..].join(".")))
        })
    }

    /// The value of key `key` in mapping `map` of pack `pi` (indexed on first use).
    fn key(&mut self, pi: usize, map: NodeId, key: &str) -> Option<NodeId> {
        if !self.keys.contains_key(&(pi, map)) {
            let node = self.packs[pi].doc.node_ref(map);
            let mut index = HashMap::new();
            for (k, v) in node.entries().unwrap_or_default() {
                if let Some((s, _)) = k.scalar() {
                    index.entry(s.to_owned()).or_insert(v.id());
                }
            }
            self.keys.insert((pi, map), index);
        }
        self.keys.get(&(pi, map)).and_then(|m| m.get(key)).copied()
    }

    /// Longest-match lookup: at each mapping try the longest dotted key first, then
    /// shorter ones (backtracking, bounded by [`MAX_LOOKUP_STEPS`]).
    fn find_path(&mut self, pi: usize, root: NodeId, segs: &[String]) -> Option<NodeId> {
        // (node, segment index, next key length to try)
        let mut stack: Vec<(NodeId, usize, usize)> = vec![(root, 0, segs.len())];
        let mut steps = 0;
        while let Some(&mut (node, i, ref mut len)) = stack.last_mut() {
            steps += 1;
            if steps > MAX_LOOKUP_STEPS {
                return None;
            }
            if i == segs.len() {
                return Some(node);
            }
            let n = self.packs[pi].doc.node_ref(node).resolve();
            if n.is_sequence() {
                let item = if *len == segs.len() - i {
                    segs[i]
                        .parse::<usize>()
                        .ok()
                        .and_then(|k| n.items().and_then(|items| items.get(k).map(NodeRef::id)))
                } else {
                    None
                };
                *len = 0;
                match item {
                    Some(item) => stack.push((item, i + 1, segs.len() - i - 1)),
                    None => {
                        stack.pop();
                    }
                }
                continue;
            }
            if *len == 0 || !n.is_mapping() {
                stack.pop();
                continue;
            }
            let l = *len;
            *len -= 1;
            let key = segs[i..i + l].join(".");
            let map_id = n.id();
            if let Some(v) = self.key(pi, map_id, &key) {
                stack.push((v, i + l, segs.len() - i - l));
            }
        }
        None
    }

    fn leaf_paths(&mut self, pi: usize) -> Rc<Vec<String>> {
        if let Some(p) = self.hint_paths.get(&pi) {
            return p.clone();
        }
        let mut out = Vec::new();
        if let Some(root) = self.packs[pi].doc.root() {
            let mut stack = vec![(root, String::new())];
            while let Some((n, prefix)) = stack.pop() {
                if out.len() >= MAX_HINT_PATHS {
                    break;
                }
                let n = n.resolve();
                let join = |k: &str| {
                    if prefix.is_empty() {
                        k.to_owned()
                    } else {
                        format!("{prefix}.{k}")
                    }
                };
                match &n.node().kind {
                    NodeKind::Mapping(entries) => {
                        for &(k, v) in entries.iter().rev() {
                            let kr = n.doc().node_ref(k);
                            if let Some((s, _)) = kr.scalar() {
                                stack.push((n.doc().node_ref(v), join(s)));
                            }
                        }
                    }
                    NodeKind::Sequence(items) => {
                        for (i, &v) in items.iter().enumerate().rev() {
                            stack.push((n.doc().node_ref(v), join(&i.to_string())));
                        }
                    }
                    _ => out.push(prefix),
                }
            }
        }
        let rc = Rc::new(out);
        self.hint_paths.insert(pi, rc.clone());
        rc
    }

    fn suggest_path(&mut self, pi: usize, path: &[String]) -> Option<Hint> {
        let root = self.packs[pi].doc.root()?.id();
        let mut with_options = vec!["options".to_owned()];
        with_options.extend(path.iter().cloned());
        if path.first().is_some_and(|p| p != "options")
            && self.find_path(pi, root, &with_options).is_some()
        {
            return Some(Hint::Options(with_options.join(".")));
        }
        let wanted = path.join(".");
        let paths = self.leaf_paths(pi);
        let last = path.last()?;
        let first = &path[0];
        // Same first and last segment (`image.version` → `image.palette.edge.version`).
        let mut best: Option<(usize, &String)> = None;
        for p in paths.iter() {
            // Compare without a leading `options.` too: the path may lack it.
            let bare = p.strip_prefix("options.").unwrap_or(p);
            let segs: Vec<&str> = bare.split('.').collect();
            if segs.first() == Some(&first.as_str()) && segs.last() == Some(&last.as_str()) {
                // `distance` gives up at once on words past its limit.
                let cost =
                    (wanted.len().min(4 * MAX_WORD) + 1) * (bare.len().min(4 * MAX_WORD) + 1);
                if cost > self.hint_cells {
                    self.hint_cells = 0;
                    break;
                }
                self.hint_cells -= cost;
                let d = distance(&wanted, bare);
                if best.is_none_or(|(bd, _)| d < bd) {
                    best = Some((d, p));
                }
            }
        }
        if let Some((_, p)) = best {
            return Some(Hint::Path(p.clone()));
        }
        let cells = &mut self.hint_cells;
        if let Some(c) = closest_within(&wanted, paths.iter().map(String::as_str), cells) {
            return Some(Hint::Path(c.to_owned()));
        }
        // With `options.` and a typo.
        let opt = format!("options.{wanted}");
        closest_within(&opt, paths.iter().map(String::as_str), cells)
            .map(|c| Hint::Path(c.to_owned()))
    }

    // ---------------------------------------------------------------------------------
    // Evaluation
    // ---------------------------------------------------------------------------------

    fn evaluate(&mut self, frame: &Frame, chain: &[Frame]) -> (Resolution, Vec<Problem>) {
        let mut problems = frame.early.clone();
        let Some(site) = self.site(frame.loc) else {
            return (
                Resolution {
                    value: String::new(),
                    replacements: Vec::new(),
                    tainted: false,
                    failed: true,
                },
                problems,
            );
        };
        let value = site.value.as_str();
        let mut out = String::with_capacity(value.len());
        let mut reps = Vec::new();
        let mut ev = EvalState {
            tainted: false,
            failed: false,
        };
        let mut text_start_out: Option<usize> = None; // where the last text part began in `out`
        let mut trim_next = false;
        for part in &site.parts {
            match part {
                Part::Text(r) => {
                    let mut t = &value[r.clone()];
                    if trim_next {
                        t = t.trim_start_matches([' ', '\t', '\r', '\n']);
                        trim_next = false;
                    }
                    text_start_out = Some(out.len());
                    out.push_str(t);
                }
                Part::Foreign {
                    range,
                    mentions_spectro,
                } => {
                    if *mentions_spectro {
                        problems.push(Problem {
                            code: Code::TemplateUnsupported,
                            severity: Severity::Warning,
                            message: "this action uses `.spectro.` but does not start with it, so it is not resolved".into(),
                            help: Some("start the action with the reference and pipe it: `{{ .spectro.var.x | upper }}`".into()),
                            at: range.clone(),
                        });
                    }
                    text_start_out = None;
                    trim_next = false;
                    out.push_str(&value[range.clone()]);
                }
                Part::Palette(a) => {
                    let original = &value[a.range.clone()];
                    let result = match &a.body {
                        Err(e) => {
                            problems.push(Problem {
                                code: Code::TemplateSyntax,
                                severity: Severity::Error,
                                message: e.message.clone(),
                                help: e.help.clone(),
                                at: e.range.clone(),
                            });
                            Err(Halt::Failed)
                        }
                        Ok(_) if self.aborted.is_some() => Err(Halt::Keep),
                        Ok(pipe) => self.eval_pipeline(pipe, frame, chain, &mut problems, &mut ev),
                    };
                    match result {
                        Ok(Some(v)) => {
                            let text = v.into_text();
                            let mut start = a.range.start;
                            if a.trim_left {
                                if let Some(ts) = text_start_out {
                                    let kept =
                                        out[ts..].trim_end_matches([' ', '\t', '\r', '\n']).len();
                                    let removed = out.len() - (ts + kept);
                                    out.truncate(ts + kept);
                                    start -= removed;
                                }
                            }
                            let mut end = a.range.end;
                            if a.trim_right {
                                trim_next = true;
                                let rest = &value[end..];
                                let next_is_text = site
                                    .parts
                                    .iter()
                                    .any(|p| matches!(p, Part::Text(r) if r.start == end));
                                if next_is_text {
                                    end += rest.len()
                                        - rest.trim_start_matches([' ', '\t', '\r', '\n']).len();
                                }
                            }
                            if out.len() + text.len() > self.limits.max_value_bytes {
                                out.push_str(original);
                                ev.failed = true;
                                problems.push(Problem {
                                    code: Code::LimitOutputSize,
                                    severity: Severity::Error,
                                    message: format!("the rendered value is larger than {} bytes", self.limits.max_value_bytes),
                                    help: Some("raise `limits.max_value_bytes` if this is expected; values that reference each other several times grow exponentially".into()),
                                    at: a.range.clone(),
                                });
                                self.aborted.get_or_insert(Code::LimitOutputSize);
                                break;
                            }
                            out.push_str(&text);
                            reps.push(Replacement {
                                range: start..end,
                                text,
                            });
                        }
                        Ok(None) | Err(Halt::Keep) => out.push_str(original),
                        Err(Halt::Failed) => {
                            ev.failed = true;
                            out.push_str(original);
                        }
                    }
                    text_start_out = None;
                }
            }
        }
        (
            Resolution {
                value: out,
                replacements: reps,
                tainted: ev.tainted,
                failed: ev.failed,
            },
            problems,
        )
    }

    fn count(&mut self, problems: &mut Vec<Problem>, at: &Range<usize>) -> Result<(), Halt> {
        self.expansions += 1;
        if self.expansions > self.limits.max_expansions {
            if self.aborted.is_none() {
                self.aborted = Some(Code::LimitExpansions);
                problems.push(Problem {
                    code: Code::LimitExpansions,
                    severity: Severity::Error,
                    message: format!(
                        "more than {} macro and function evaluations",
                        self.limits.max_expansions
                    ),
                    help: Some("raise `limits.max_expansions` if this input is expected".into()),
                    at: at.clone(),
                });
            }
            return Err(Halt::Failed);
        }
        Ok(())
    }

    /// Charge `units` of work ([`Limits::max_work`]); past the budget, one
    /// `limit/work` error and everything after it stays unresolved.
    fn charge(
        &mut self,
        units: usize,
        problems: &mut Vec<Problem>,
        at: &Range<usize>,
    ) -> Result<(), Halt> {
        self.work = self.work.saturating_add(units);
        if self.work <= self.limits.max_work {
            return Ok(());
        }
        if self.aborted.is_none() {
            self.aborted = Some(Code::LimitWork);
            problems.push(Problem {
                code: Code::LimitWork,
                severity: Severity::Error,
                message: format!(
                    "rendering handles more than {} bytes in macros and functions",
                    self.limits.max_work
                ),
                help: Some("raise `limits.max_work` if this input is expected; many actions over a large value cost its size each time".into()),
                at: at.clone(),
            });
        }
        Err(Halt::Failed)
    }

    /// The value made by `name` would be larger than the value budget.
    fn too_large(&mut self, name: &str, problems: &mut Vec<Problem>, at: &Range<usize>) -> Halt {
        problems.push(Problem {
            code: Code::LimitOutputSize,
            severity: Severity::Error,
            message: format!(
                "`{name}` made a value larger than {} bytes",
                self.limits.max_value_bytes
            ),
            help: None,
            at: at.clone(),
        });
        self.aborted.get_or_insert(Code::LimitOutputSize);
        Halt::Failed
    }

    fn eval_pipeline(
        &mut self,
        pipe: &Pipeline,
        frame: &Frame,
        chain: &[Frame],
        problems: &mut Vec<Problem>,
        ev: &mut EvalState,
    ) -> Eval {
        self.count(problems, &pipe.range)?;
        let mut acc: Option<Option<Val>> = None;
        for cmd in &pipe.commands {
            let v = match cmd {
                Command::Term(t) => self.eval_term(t, frame, chain, problems, ev)?,
                Command::Call {
                    name,
                    name_range,
                    args,
                    range,
                } => self.call(
                    name,
                    name_range,
                    args,
                    acc.take(),
                    range,
                    frame,
                    chain,
                    problems,
                    ev,
                )?,
            };
            acc = Some(v);
        }
        Ok(acc.unwrap_or(None))
    }

    #[allow(clippy::too_many_arguments)]
    fn call(
        &mut self,
        name: &str,
        name_range: &Range<usize>,
        args: &[Term],
        piped: Option<Option<Val>>,
        range: &Range<usize>,
        frame: &Frame,
        chain: &[Frame],
        problems: &mut Vec<Problem>,
        ev: &mut EvalState,
    ) -> Eval {
        self.count(problems, range)?;
        let Some(f) = functions::lookup(name) else {
            let help = match closest(name, functions::FUNCTIONS.iter().map(|f| f.name)) {
                Some(c) => format!(
                    "did you mean `{c}`? known functions: {}",
                    functions::names()
                ),
                None => format!("known functions: {}", functions::names()),
            };
            problems.push(Problem {
                code: Code::TemplateUnknownFunction,
                severity: Severity::Error,
                message: format!("unknown function `{name}`"),
                help: Some(help),
                at: name_range.clone(),
            });
            return Err(Halt::Failed);
        };
        let n = args.len() + usize::from(piped.is_some());
        if !f.accepts(n) {
            let how = if piped.is_some() {
                " (the piped value counts as the last one)"
            } else {
                ""
            };
            problems.push(Problem {
                code: Code::TemplateArity,
                severity: Severity::Error,
                message: format!(
                    "`{name}` takes {} argument(s), not {n}{how}",
                    f.arity_text()
                ),
                help: Some(format!("write `{}`: {}", f.signature, f.doc)),
                at: range.clone(),
            });
            return Err(Halt::Failed);
        }
        let mut vals: Vec<Option<Val>> = Vec::with_capacity(n);
        let mut ranges: Vec<Range<usize>> = Vec::with_capacity(n);
        for a in args {
            vals.push(self.eval_term(a, frame, chain, problems, ev)?);
            ranges.push(a.range.clone());
        }
        if let Some(p) = piped {
            vals.push(p);
            ranges.push(range.clone());
        }
        for (i, v) in vals.iter().enumerate() {
            if let Some(v) = v {
                if let Err(m) = f.check_type(i, v) {
                    problems.push(Problem {
                        code: Code::TemplateArgumentType,
                        severity: Severity::Error,
                        message: m,
                        help: Some(format!("write `{}`", f.signature)),
                        at: ranges[i].clone(),
                    });
                    return Err(Halt::Failed);
                }
            }
        }
        if vals.iter().any(Option::is_none) {
            return Ok(None);
        }
        let known: Vec<Val> = vals.into_iter().flatten().collect();
        // The result's size is known before it is built where it can outgrow the arguments.
        let made = functions::result_bytes(name, &known);
        if made.is_some_and(|n| n > self.limits.max_value_bytes) {
            return Err(self.too_large(name, problems, range));
        }
        let read: usize = known.iter().map(val_bytes).sum();
        self.charge(read.saturating_add(made.unwrap_or(read)), problems, range)?;
        match f.call(&known) {
            Ok(v) => {
                if val_bytes(&v) > self.limits.max_value_bytes {
                    return Err(self.too_large(name, problems, range));
                }
                Ok(Some(v))
            }
            Err(m) => {
                let message = if ev.tainted {
                    format!("`{name}` failed on a sensitive value")
                } else {
                    format!("`{name}` failed: {m}")
                };
                problems.push(Problem {
                    code: Code::TemplateFunctionError,
                    severity: Severity::Error,
                    message,
                    help: Some(format!("`{}`: {}", f.signature, f.doc)),
                    at: range.clone(),
                });
                Err(Halt::Failed)
            }
        }
    }

    fn eval_term(
        &mut self,
        t: &Term,
        frame: &Frame,
        chain: &[Frame],
        problems: &mut Vec<Problem>,
        ev: &mut EvalState,
    ) -> Eval {
        match &t.kind {
            TermKind::Str(s) => Ok(Some(Val::Str(s.clone()))),
            TermKind::Int(i) => Ok(Some(Val::Int(*i))),
            TermKind::Float(f) => Ok(Some(Val::Float(*f))),
            TermKind::Bool(b) => Ok(Some(Val::Bool(*b))),
            TermKind::Nil => Ok(Some(Val::Nil)),
            TermKind::Paren(p) => self.eval_pipeline(p, frame, chain, problems, ev),
            TermKind::Call(name) => self.call(
                name,
                &t.range,
                &[],
                None,
                &t.range,
                frame,
                chain,
                problems,
                ev,
            ),
            TermKind::Ref(r) => {
                let Some((target, found)) = frame.targets.get(&t.range.start) else {
                    return Err(Halt::Keep);
                };
                for p in found {
                    problems.push(p.clone());
                }
                match target {
                    Target::Value(v, tainted) => {
                        ev.tainted |= tainted;
                        self.charge(v.as_ref().map_or(0, String::len), problems, &t.range)?;
                        Ok(v.clone().map(Val::Str))
                    }
                    Target::Failed => Err(Halt::Failed),
                    Target::Keep => Err(Halt::Keep),
                    Target::Node(loc) => self.node_value(*loc, r, t, frame, chain, problems, ev),
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn node_value(
        &mut self,
        loc: Loc,
        r: &Reference,
        t: &Term,
        frame: &Frame,
        chain: &[Frame],
        problems: &mut Vec<Problem>,
        ev: &mut EvalState,
    ) -> Eval {
        if frame.too_deep.contains(&loc) {
            if self.aborted.is_none() {
                self.aborted = Some(Code::LimitReferenceDepth);
                problems.push(Problem {
                    code: Code::LimitReferenceDepth,
                    severity: Severity::Error,
                    message: format!(
                        "references nested deeper than {} values",
                        self.limits.max_reference_depth
                    ),
                    help: Some(
                        "raise `limits.max_reference_depth` if this input is expected".into(),
                    ),
                    at: t.range.clone(),
                });
            }
            return Err(Halt::Failed);
        }
        match self.memo.get(&loc) {
            Some(State::Done(res, stored)) => {
                let (res, stored) = (res.clone(), stored.clone());
                if !stored.is_empty() {
                    let where_ = self.describe(loc);
                    for p in stored {
                        problems.push(Problem {
                            message: format!("in {where_}: {}", p.message),
                            at: t.range.clone(),
                            ..p
                        });
                    }
                }
                ev.tainted |= res.tainted;
                if res.failed {
                    return Err(Halt::Failed);
                }
                self.charge(res.value.len(), problems, &t.range)?;
                Ok(Some(Val::Str(res.value.clone())))
            }
            Some(State::InProgress) => {
                let mut names: Vec<String> = match chain.iter().position(|f| f.loc == loc) {
                    Some(pos) if loc != frame.loc => chain[pos..]
                        .iter()
                        .map(|f| self.describe_short(f.loc))
                        .collect(),
                    _ => Vec::new(),
                };
                names.push(self.describe_short(frame.loc));
                names.push(self.describe_short(loc));
                problems.push(Problem {
                    code: Code::TemplateCycle,
                    severity: Severity::Error,
                    message: format!("`{}` refers back to itself: {}", r.text, names.join(" → ")),
                    help: Some(
                        "break the circle: one of these values must not reference the others"
                            .into(),
                    ),
                    at: t.range.clone(),
                });
                Err(Halt::Failed)
            }
            None => Err(Halt::Failed),
        }
    }

    fn describe_short(&self, loc: Loc) -> String {
        let p = &self.packs[loc.0];
        format!("{}.{}", p.name, dotted(&p.doc.path_of(loc.1)))
    }

    fn describe(&self, loc: Loc) -> String {
        let p = &self.packs[loc.0];
        format!(
            "pack `{}` value `{}`",
            p.name,
            dotted(&p.doc.path_of(loc.1))
        )
    }

    /// The resolution of a site, if it was resolved.
    pub(crate) fn resolution(&self, loc: Loc) -> Option<Rc<Resolution>> {
        match self.memo.get(&loc) {
            Some(State::Done(r, _)) => Some(r.clone()),
            _ => None,
        }
    }

    /// Every resolved site of pack `p`, in document order.
    pub(crate) fn sites_of(&self, p: usize) -> Vec<(NodeId, Rc<Site>, Rc<Resolution>)> {
        let mut out: Vec<_> = self
            .sites
            .iter()
            .filter(|((pi, _), s)| *pi == p && s.is_some())
            .filter_map(|(loc, s)| Some((loc.1, s.clone()?, self.resolution(*loc)?)))
            .collect();
        out.sort_by_key(|(id, _, _)| self.packs[p].doc.node(*id).range.start);
        out
    }
}

enum Hint {
    Options(String),
    Path(String),
}

struct EvalState {
    tainted: bool,
    failed: bool,
}

/// A path as dotted text (`options.system.uri`, `pack.content.images[0].image`).
/// Bytes of a value's text (a string's own length, without copying it).
fn val_bytes(v: &Val) -> usize {
    match v {
        Val::Str(s) => s.len(),
        Val::Nil => 0,
        other => other.to_text().len(),
    }
}

pub(crate) fn dotted(path: &Path) -> String {
    let mut s = String::new();
    for seg in &path.0 {
        match seg {
            Segment::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Segment::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::has_open;

    #[test]
    fn has_open_agrees_with_contains() {
        for s in [
            "", "{", "{{", "a{b{c", "a{ {b", "x{{", "{{x", "{a{{", "é{{ü", "}}{{", "{{{", "{}{",
        ] {
            assert_eq!(has_open(s), s.contains("{{"), "{s:?}");
        }
    }
}
