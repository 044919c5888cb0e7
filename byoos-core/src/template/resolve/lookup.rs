//! Lookups: what a reference names (system macros, user macros, profile variables,
//! pack values by longest match), with the hints for names that are not found.

use super::{
    has_open, Finding, Loc, LocHasher, LocMap, Resolver, Target, VarDef, MAX_HINT_PATHS,
    MAX_LOOKUP_STEPS, SYSTEM_MACROS,
};
use crate::codes::Code;
use crate::diagnostic::Severity;
use crate::suggest::{closest, closest_within, distance, CELLS_PER_SEARCH, MAX_WORD};
use crate::template::context::{scalar_text, Context};
use crate::template::functions;
use crate::template::parse::{RefKind, Reference};
use crate::template::variables;
use crate::yaml::{NodeId, NodeKind, NodeRef, Resolved};
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::ops::Range;
use std::rc::Rc;

/// The lookup state: the variable definitions and the caches of key indexes and hint
/// paths.
#[derive(Debug)]
pub(super) struct Lookups {
    /// A missing value is an error (else empty, with a warning).
    strict: bool,
    vars: HashMap<String, VarDef>,
    /// Variables whose value problems were reported, per pack.
    var_reported: HashSet<(usize, String)>,
    /// Key index of mappings: (pack, mapping) → key → value node.
    keys: LocMap<HashMap<String, NodeId, foldhash::fast::RandomState>>,
    hint_paths: HashMap<usize, Rc<Vec<String>>>,
    /// The text of each plain value looked up so far, shared by every reference to it.
    texts: LocMap<Rc<str>>,
    /// Edit-distance cells left for path hints in this render (16 full searches; hints
    /// stop when they are used up, so a document of thousands of wrong paths stays fast).
    hint_cells: usize,
}

impl Lookups {
    pub(super) fn new(strict: bool, vars: HashMap<String, VarDef>) -> Self {
        Lookups {
            strict,
            vars,
            var_reported: HashSet::new(),
            keys: LocMap::default(),
            hint_paths: HashMap::new(),
            texts: LocMap::default(),
            hint_cells: 16 * CELLS_PER_SEARCH,
        }
    }
}

/// What each reference text found, per pack: most references repeat (thousands of
/// `.spectro.system.cluster.name`, or of one value's path), and looking one up again
/// would give the same answer, so a lookup that found a value or a scalar to resolve
/// without a problem is kept and replayed (with its charge to the work budget). A flat
/// table: the reference texts in one string, the entries in one vector chained by a
/// hash of (pack, text).
#[derive(Debug, Default)]
pub(in crate::template) struct RefCache {
    hasher: foldhash::fast::RandomState,
    /// Hash of (pack, text) → the newest entry with that hash.
    heads: HashMap<u64, u32, BuildHasherDefault<LocHasher>>,
    entries: Vec<RefEntry>,
    /// Every cached reference text, one after the other.
    texts: String,
}

#[derive(Debug)]
struct RefEntry {
    pack: usize,
    text: Range<usize>,
    target: Target,
    /// The work the lookup charged (the bytes of the value it read).
    units: usize,
    /// The previous entry with the same hash (`u32::MAX`: none).
    next: u32,
}

impl RefCache {
    fn key(&self, pack: usize, text: &str) -> u64 {
        use std::hash::BuildHasher;
        self.hasher.hash_one((pack, text))
    }

    fn get(&self, pack: usize, text: &str) -> Option<(&Target, usize)> {
        let mut i = *self.heads.get(&self.key(pack, text))?;
        while let Some(e) = self.entries.get(i as usize) {
            if e.pack == pack && self.texts[e.text.clone()] == *text {
                return Some((&e.target, e.units));
            }
            i = e.next;
        }
        None
    }

    fn insert(&mut self, pack: usize, text: &str, target: Target, units: usize) {
        let (Ok(i), Ok(_)) = (
            u32::try_from(self.entries.len()),
            u32::try_from(self.texts.len()),
        ) else {
            return; // never on inputs within the limits
        };
        let key = self.key(pack, text);
        let next = self.heads.insert(key, i).unwrap_or(u32::MAX);
        let start = self.texts.len();
        self.texts.push_str(text);
        self.entries.push(RefEntry {
            pack,
            text: start..self.texts.len(),
            target,
            units,
            next,
        });
    }
}

impl Resolver<'_, '_> {
    fn missing(
        &self,
        problems: &mut Vec<Finding>,
        at: Range<usize>,
        message: String,
        help: Option<String>,
    ) -> Target {
        let severity = if self.lookups.strict {
            Severity::Error
        } else {
            Severity::Warning
        };
        problems.push(Finding {
            code: Code::TemplateMissingValue,
            severity,
            message,
            help,
            at,
        });
        if self.lookups.strict {
            Target::Failed
        } else {
            Target::text(String::new(), false)
        }
    }

    /// What reference `r` (at `at` in the site `from`) names: the answer kept for the
    /// same text in the same pack ([`RefCache`]), else a lookup.
    pub(super) fn lookup(
        &mut self,
        from: Loc,
        r: &Reference,
        at: Range<usize>,
        problems: &mut Vec<Finding>,
    ) -> Target {
        if let Some((target, units)) = self.refs.get(from.0, &r.text) {
            let target = target.clone();
            if units > 0 && self.budget.charge(units, problems, &at).is_err() {
                return Target::Failed;
            }
            return target;
        }
        let (found, work) = (problems.len(), self.budget.work());
        let target = self.lookup_uncached(from, r, at, problems);
        let clean = problems.len() == found && self.budget.aborted.is_none();
        if clean && matches!(target, Target::Value(..) | Target::Node(_)) {
            let units = self.budget.work() - work;
            self.refs.insert(from.0, &r.text, target.clone(), units);
        }
        target
    }

    fn lookup_uncached(
        &mut self,
        from: Loc,
        r: &Reference,
        at: Range<usize>,
        problems: &mut Vec<Finding>,
    ) -> Target {
        match &r.kind {
            RefKind::System => self.lookup_system(r, r.name(), at, problems),
            RefKind::App => {
                problems.push(Finding {
                    code: Code::TemplateUnsupported,
                    severity: Severity::Warning,
                    message: format!("app output variable `{}` is not resolved by byoos", r.text),
                    help: Some(
                        "app profile outputs exist only in Palette Dev Engine deployments".into(),
                    ),
                    at,
                });
                Target::Keep
            }
            RefKind::Macro => self.lookup_macro(r, r.name(), at, problems),
            RefKind::Var => self.lookup_var(from, r.name(), at, problems),
            RefKind::Pack => {
                // Split here, on the first look-up of this text (later ones are cached).
                let segs: Vec<String> = r.name().split('.').map(str::to_owned).collect();
                self.lookup_pack(from, r, &segs, at, problems)
            }
        }
    }

    fn lookup_system(
        &self,
        r: &Reference,
        name: &str,
        at: Range<usize>,
        problems: &mut Vec<Finding>,
    ) -> Target {
        let given = self.ctx.and_then(|c| c.system_value(name));
        if let Some(v) = given {
            return match v {
                Some(v) => Target::text(v, false),
                None => self.missing(
                    problems,
                    at,
                    format!("system macro `{}` has no value in the context", r.text),
                    None,
                ),
            };
        }
        if !SYSTEM_MACROS.contains(&name) {
            let help = match closest(name, SYSTEM_MACROS.iter().copied()) {
                Some(c) => format!("did you mean `.spectro.system.{c}`?"),
                None => {
                    "see the system macros Palette documents: cluster.name, kubernetes.version, …"
                        .to_owned()
                }
            };
            return failed(
                problems,
                Code::TemplateUnknownSystemMacro,
                format!("unknown system macro `{}`", r.text),
                help,
                at,
            );
        }
        if self.ctx.is_none() {
            return Target::Value(None, false);
        }
        self.missing(
            problems,
            at,
            format!(
                "system macro `{}` is not in the context; Palette sets it at deploy time",
                r.text
            ),
            Some(format!(
                "give it under `system` in the context, e.g. `{name}: …`"
            )),
        )
    }

    fn lookup_macro(
        &self,
        r: &Reference,
        name: &str,
        at: Range<usize>,
        problems: &mut Vec<Finding>,
    ) -> Target {
        let Some(ctx) = self.ctx else {
            return Target::Value(None, false);
        };
        if let Some((v, _scope)) = ctx.macro_value(name) {
            return Target::text(v, false);
        }
        if !ctx.has_macros() {
            return self.missing(
                problems,
                at,
                format!("macro `{}` is not in the context", r.text),
                Some(format!("give it under `macros.project`, `macros.tenant` or `macros.system`, e.g. `{name}: …`")),
            );
        }
        let names = ctx.macro_names();
        let help = match closest(name, names.iter().copied()) {
            Some(c) => format!("did you mean `.spectro.macro.{c}`?"),
            None => format!("define `{name}` in the project, tenant or system scope"),
        };
        failed(
            problems,
            Code::TemplateUnknownMacro,
            format!("macro `{name}` is not defined in any scope"),
            help,
            at,
        )
    }

    fn lookup_var(
        &mut self,
        from: Loc,
        name: &str,
        at: Range<usize>,
        problems: &mut Vec<Finding>,
    ) -> Target {
        let push = |problems: &mut Vec<Finding>,
                    code: Code,
                    severity: Severity,
                    message: String,
                    help: Option<String>| {
            problems.push(Finding {
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
        let Some(vd) = self.lookups.vars.get(name) else {
            return self.undefined_var(ctx, name, given, at, problems);
        };
        let def = vd.def.clone();
        let first_here = self.lookups.var_reported.insert((from.0, name.to_owned()));
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
            for f in variables::check_value_within(&def, &value, self.budget.limits.max_work) {
                push(
                    problems,
                    f.code,
                    f.code.default_severity(),
                    f.message,
                    f.help,
                );
            }
        }
        Target::text(value, def.is_sensitive)
    }

    /// A variable with no definition: its value in the context, else a problem.
    fn undefined_var(
        &self,
        ctx: &Context,
        name: &str,
        given: Option<String>,
        at: Range<usize>,
        problems: &mut Vec<Finding>,
    ) -> Target {
        if let Some(v) = given {
            return Target::text(v, false);
        }
        if self.lookups.vars.is_empty() && ctx.variables.values.is_empty() {
            return self.missing(
                problems,
                at,
                format!("profile variable `{name}` is not in the context"),
                Some(format!(
                    "give it under `variables.values`, e.g. `{name}: …`"
                )),
            );
        }
        let names: Vec<&str> = self
            .lookups
            .vars
            .keys()
            .map(String::as_str)
            .chain(ctx.variables.values.keys().map(String::as_str))
            .collect();
        let help = match closest(name, names) {
            Some(c) => format!("did you mean `.spectro.var.{c}`?"),
            None => format!("define `{name}` in the profile's variables"),
        };
        problems.push(Finding {
            code: Code::VariableUndefined,
            severity: Severity::Error,
            message: format!("profile variable `{name}` is not defined"),
            help: Some(help),
            at,
        });
        Target::Failed
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
        problems: &mut Vec<Finding>,
    ) -> Target {
        let Some((pi, path)) = self.find_pack(segs) else {
            return self.unknown_pack(r, segs, at, problems);
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
        let Some(id) = self.find_path(pi, root_id, path) else {
            return self.unknown_path(pi, from, r, path, at, problems);
        };
        if let Some((nested, rest)) = self.nested_option(pi, path) {
            let pack_name = &self.packs[pi].name;
            let dotted_path = path.join(".");
            let self_ref = pi == from.0;
            problems.push(Finding {
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
        self.value_at((pi, id), r, at, problems)
    }

    /// A reference to a pack that is neither in the profile nor in the context.
    fn unknown_pack(
        &self,
        r: &Reference,
        segs: &[String],
        at: Range<usize>,
        problems: &mut Vec<Finding>,
    ) -> Target {
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
        let severity = if self.lookups.strict {
            Severity::Error
        } else {
            Severity::Warning
        };
        problems.push(Finding {
            code: Code::TemplateUnknownPack,
            severity,
            message: format!(
                "`{}` is not a pack of this profile or context, so `{}` is empty",
                segs[0], r.text
            ),
            help: Some(help),
            at,
        });
        if self.lookups.strict {
            Target::Failed
        } else {
            Target::text(String::new(), false)
        }
    }

    /// A reference to a path pack `pi` does not hold, with the most likely cause.
    fn unknown_path(
        &mut self,
        pi: usize,
        from: Loc,
        r: &Reference,
        path: &[String],
        at: Range<usize>,
        problems: &mut Vec<Finding>,
    ) -> Target {
        let pack_name = self.packs[pi].name.clone();
        let dotted_path = path.join(".");
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
            Some(format!(
                "the reference is right: fix the key `{p}` on line {line} (see the finding there)"
            ))
        } else {
            hint.map(|s| match s {
                Hint::Options(p) => {
                    format!("the path starts under `options`: `.spectro.pack.{pack_name}.{p}`")
                }
                Hint::Path(p) => format!("did you mean `.spectro.pack.{pack_name}.{p}`?"),
            })
        };
        let severity = if self_ref || self.lookups.strict {
            Severity::Error
        } else {
            Severity::Warning
        };
        let message = if let Some((p, line)) = &cause {
            format!(
                "`{dotted_path}` is not a key of this document: it has `{p}` (line {line}) instead"
            )
        } else if self_ref {
            format!(
                "`{dotted_path}` is not a key of this document (`{}`)",
                r.text
            )
        } else {
            format!("pack `{pack_name}` has no value at `{dotted_path}`")
        };
        problems.push(Finding {
            code: Code::TemplateUnknownPath,
            severity,
            message,
            help,
            at,
        });
        if severity == Severity::Error {
            Target::Failed
        } else {
            Target::text(String::new(), false)
        }
    }

    /// What the node a reference found stands for: a value, or a scalar with macros of
    /// its own to resolve first.
    fn value_at(
        &mut self,
        (pi, id): Loc,
        r: &Reference,
        at: Range<usize>,
        problems: &mut Vec<Finding>,
    ) -> Target {
        let node = self.packs[pi].doc.node_ref(id).resolve();
        let id = node.id();
        // Looking a value up copies it (and scans it for actions): that is work.
        if let NodeKind::Scalar { value, .. } = &node.node().kind {
            let bytes = value.len();
            if self.budget.charge(bytes, problems, &at).is_err() {
                return Target::Failed;
            }
        }
        let node = self.packs[pi].doc.node_ref(id);
        match &node.node().kind {
            NodeKind::Mapping(_) | NodeKind::Sequence(_) => {
                let what = node.type_name();
                problems.push(Finding {
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
                // One copy of a value however many actions read it (33,000 references
                // to a 1 MiB value would otherwise hold a copy each until evaluated).
                if let Some(shared) = self.lookups.texts.get(&(pi, id)) {
                    return Target::Value(Some(Rc::clone(shared)), false);
                }
                let (value, resolved) = (value.clone(), node.resolved());
                if has_open(&value) && self.site((pi, id)).is_some() {
                    return Target::Node((pi, id));
                }
                let target = match resolved {
                    Some(Resolved::Null) => {
                        self.missing(problems, at.clone(), format!("`{}` is empty", r.text), None)
                    }
                    Some(Resolved::Bool(b)) => Target::text(b.to_string(), false),
                    Some(Resolved::Int(i)) => Target::text(i.to_string(), false),
                    Some(Resolved::Float(f)) => Target::text(functions::go_float(f), false),
                    _ => Target::text(value.to_string(), false),
                };
                if let Target::Value(Some(text), false) = &target {
                    self.lookups.texts.insert((pi, id), Rc::clone(text));
                }
                target
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
        if !self.lookups.keys.contains_key(&(pi, map)) {
            let node = self.packs[pi].doc.node_ref(map);
            let mut index = HashMap::with_hasher(foldhash::fast::RandomState::default());
            for (k, v) in node.entries().unwrap_or_default() {
                if let Some((s, _)) = k.scalar() {
                    index.entry(s.to_owned()).or_insert(v.id());
                }
            }
            self.lookups.keys.insert((pi, map), index);
        }
        self.lookups
            .keys
            .get(&(pi, map))
            .and_then(|m| m.get(key))
            .copied()
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
        if let Some(p) = self.lookups.hint_paths.get(&pi) {
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
        self.lookups.hint_paths.insert(pi, rc.clone());
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
        if self.lookups.hint_cells == 0 {
            return None; // this render's hint budget is spent: no more searching
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
            if bare.split('.').next() == Some(first.as_str())
                && bare.rsplit('.').next() == Some(last.as_str())
            {
                // `distance` gives up at once on words past its limit.
                let cost =
                    (wanted.len().min(4 * MAX_WORD) + 1) * (bare.len().min(4 * MAX_WORD) + 1);
                if cost > self.lookups.hint_cells {
                    self.lookups.hint_cells = 0;
                    break;
                }
                self.lookups.hint_cells -= cost;
                let d = distance(&wanted, bare);
                if best.is_none_or(|(bd, _)| d < bd) {
                    best = Some((d, p));
                }
            }
        }
        if let Some((_, p)) = best {
            return Some(Hint::Path(p.clone()));
        }
        let cells = &mut self.lookups.hint_cells;
        if let Some(c) = closest_within(&wanted, paths.iter().map(String::as_str), cells) {
            return Some(Hint::Path(c.to_owned()));
        }
        // With `options.` and a typo.
        let opt = format!("options.{wanted}");
        closest_within(&opt, paths.iter().map(String::as_str), cells)
            .map(|c| Hint::Path(c.to_owned()))
    }
}

enum Hint {
    Options(String),
    Path(String),
}

/// An error with the code's default severity: the reference is not resolved.
fn failed(
    problems: &mut Vec<Finding>,
    code: Code,
    message: String,
    help: String,
    at: Range<usize>,
) -> Target {
    problems.push(Finding {
        code,
        severity: code.default_severity(),
        message,
        help: Some(help),
        at,
    });
    Target::Failed
}
