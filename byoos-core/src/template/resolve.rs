//! Resolution of Palette macros: system macros, pack references (with longest-match
//! dotted keys and references to values that hold macros themselves), profile variables
//! and user macros, evaluated through the function pipeline.
//!
//! Values that reference other values are resolved once each, in dependency order, with
//! an explicit stack (no recursion, so a 10,000-long chain cannot overflow a small
//! stack) and memoised, under the `limit/` budgets of [`Limits`].

use super::context::{scalar_text, Context, VariableDefinition};
use super::functions::Val;
use super::parse::{scan, Part};
use super::Shapes;
use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Finding};
use crate::limits::Limits;
use crate::yaml::scalar::SourceMap;
use crate::yaml::{Document, NodeId, NodeKind};
use schedule::State;
use std::borrow::Cow;
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

/// An action that mentions `.spectro.` without starting with it.
const FOREIGN_MESSAGE: &str =
    "this action uses `.spectro.` in a Go block, a variable or beside another field, so it is not resolved";
const FOREIGN_HELP: &str =
    "write one pipeline over `.spectro` references: `{{ .spectro.var.x | upper }}` or `{{ upper .spectro.var.x }}`";

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
    /// The parsed values, shared with the rest of the call (each pack's values are
    /// parsed once per call).
    pub(crate) doc: Rc<Document<'t>>,
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

/// Whether `s` contains `{{`: `memchr` for each `{`, much cheaper than a substring
/// search on the short values most scalars hold; it runs on every scalar of every pack.
pub(crate) fn has_open(s: &str) -> bool {
    super::parse::find_open(s.as_bytes(), 0).is_some()
}

type LocMap<V> = HashMap<Loc, V, std::hash::BuildHasherDefault<LocHasher>>;
type LocSet = HashSet<Loc, std::hash::BuildHasherDefault<LocHasher>>;

/// A scalar holding Palette macros, parsed.
#[derive(Debug)]
pub(crate) struct Site<'t> {
    /// The value as YAML reads it (borrowed from the document when its node borrows).
    pub(crate) value: Cow<'t, str>,
    /// Its parts.
    pub(crate) parts: Vec<Part>,
    /// Value → source offsets (computed when first needed).
    map: std::cell::OnceCell<SourceMap>,
    node: NodeId,
}

impl Site<'_> {
    /// Value → source offsets of this scalar in `doc`.
    pub(crate) fn map(&self, doc: &Document<'_>) -> &SourceMap {
        self.map
            .get_or_init(|| SourceMap::new(doc.text(), doc.node(self.node)))
    }
}

/// The rendered actions of one scalar: most scalars hold one, kept inline (the values
/// are written back long after they were resolved, when a vector's block of its own is
/// no longer in the cache).
pub(crate) type Replacements = smallvec::SmallVec<[Replacement; 1]>;

/// The rendering of one action.
#[derive(Clone, Debug)]
pub(crate) struct Replacement {
    /// Value offsets replaced: the action plus whitespace removed by `{{-` / `-}}`.
    pub(crate) range: Range<usize>,
    /// Where the text that replaces it stands in the resolution's value (not a string of
    /// its own: one heap block and one cache miss fewer per action when the values are
    /// written back).
    pub(crate) text: Range<usize>,
}

/// The result of resolving one scalar.
#[derive(Clone, Debug, Default)]
pub(crate) struct Resolution {
    /// The new value.
    pub(crate) value: String,
    /// The rendered actions, in order.
    pub(crate) replacements: Replacements,
    /// The value depends on a sensitive variable.
    pub(crate) tainted: bool,
    /// Some action could not be resolved (an error was reported).
    pub(crate) failed: bool,
}

/// What a reference resolves to.
#[derive(Clone, Debug)]
enum Target {
    /// A value (`None`: unknown without a context), shared by the references to it.
    Value(Option<Rc<str>>, bool),
    /// A scalar that holds macros: its rendering.
    Node(Loc),
    /// Could not be resolved; the problem is already recorded.
    Failed,
    /// Not resolved by byoos (app references); the action stays as written.
    Keep,
}

impl Target {
    /// A known value; `tainted` when it comes from a sensitive variable.
    fn text(value: String, tainted: bool) -> Target {
        Target::Value(Some(Rc::from(value)), tainted)
    }
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

/// What one resolution gives back, pack by pack in the order given.
#[derive(Debug)]
pub(crate) struct Output<'t> {
    /// Every pack: the rendered ones first, then those that only answered references.
    pub(crate) packs: Vec<PackOutput<'t>>,
    /// The first budget exceeded; everything after it was left unresolved.
    pub(crate) aborted: Option<Code>,
    /// Values never to be shown (those of sensitive variables, and their defaults).
    pub(crate) sensitive: Vec<String>,
}

/// One pack of an [`Output`].
#[derive(Debug)]
pub(crate) struct PackOutput<'t> {
    /// The parsed values (the document of its [`PackDoc`]).
    pub(crate) doc: Rc<Document<'t>>,
    /// Whether this pack was rendered (see [`PackDoc::output`]).
    pub(crate) output: bool,
    /// Its diagnostics (only rendered packs get any).
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Every scalar that holds macros, with its resolution, in document order (empty
    /// for a pack that is not rendered).
    pub(crate) sites: Vec<ResolvedSite<'t>>,
}

/// A scalar that holds macros, its parse and its resolution.
pub(crate) type ResolvedSite<'t> = (NodeId, Rc<Site<'t>>, Resolution);

/// One scalar with `{{` looked at: its parse (`None`: no Palette action) and where its
/// resolution stands (`None`: not visited). Slots live in one vector, in the order the
/// scalars were first looked at; [`Resolver::index`] finds a scalar's slot.
#[derive(Debug)]
struct Slot<'t> {
    loc: Loc,
    site: Option<Rc<Site<'t>>>,
    state: Option<State>,
}

/// The resolver over a set of packs: the packs, the site cache and the memo of
/// resolutions (scheduling, `schedule.rs`), the lookup state (`lookup.rs`) and the
/// budgets (`eval.rs`).
#[derive(Debug)]
pub(crate) struct Resolver<'c, 't> {
    packs: Vec<PackDoc<'t>>,
    ctx: Option<&'c Context>,
    /// Every scalar with `{{` looked at so far: its parse and the memo of its
    /// resolution, one slot each.
    slots: Vec<Slot<'t>>,
    /// The slot of each scalar looked at, per pack, by node (`u32::MAX`: none): one
    /// entry per node of a pack's document, made when the pack is first looked at. A
    /// direct index rather than a hash map: at 10,000 macros the map's probes missed the
    /// cache on every look, and the nodes are mostly looked at in document order.
    index: Vec<Vec<u32>>,
    /// Frames whose buffers are kept for the next site (see `schedule.rs`).
    frames: Vec<Frame>,
    /// The resolution stack, kept between calls of `ensure` for its buffer.
    stack: Vec<Frame>,
    /// What each reference text found, per pack (see `lookup.rs`).
    refs: RefCache,
    /// Diagnostics per pack (only output packs get any).
    diags: Vec<Vec<Diagnostic>>,
    lookups: Lookups,
    budget: Budget,
    /// Values never to be shown.
    sensitive: Vec<String>,
    /// What the caller knows of the packs' shapes (for hints); nothing by default.
    shapes: Shapes,
}

impl<'c, 't> Resolver<'c, 't> {
    /// A resolver. `ctx` `None` checks names and self references only. Of two
    /// definitions of a variable, the first counts.
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
            slots: Vec::new(),
            index: vec![Vec::new(); n],
            frames: Vec::new(),
            stack: Vec::new(),
            refs: RefCache::default(),
            diags: vec![Vec::new(); n],
            lookups: Lookups::new(strict, vars),
            budget: Budget::new(limits),
            sensitive,
            shapes: Shapes::NONE,
        }
    }

    /// The resolver with what the caller knows of the packs' shapes, for hints.
    pub(crate) fn with_shapes(mut self, shapes: Shapes) -> Self {
        self.shapes = shapes;
        self
    }

    /// The parsed macros of a scalar node, if it holds any Palette action.
    fn site(&mut self, loc: Loc) -> Option<Rc<Site<'t>>> {
        let slot = self.slot(loc)?;
        self.slots[slot].site.clone()
    }

    /// The slot of a scalar node with `{{` (made, and the value scanned, on first use);
    /// `None` for every other node.
    fn slot(&mut self, loc: Loc) -> Option<usize> {
        let doc = &self.packs[loc.0].doc;
        // Most nodes hold no action: answer without touching the index.
        let NodeKind::Scalar { value, .. } = &doc.node(loc.1).kind else {
            return None;
        };
        if !has_open(value) {
            return None;
        }
        if let Some(i) = self.slot_index(loc) {
            return Some(i);
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
        let i = self.slots.len();
        self.slots.push(Slot {
            loc,
            site,
            state: None,
        });
        let index = &mut self.index[loc.0];
        if index.is_empty() {
            index.resize(self.packs[loc.0].doc.node_count(), u32::MAX);
        }
        if let Some(e) = index.get_mut(loc.1.index()) {
            *e = u32::try_from(i).unwrap_or(u32::MAX);
        }
        Some(i)
    }

    /// The slot of `loc`, if it has one.
    fn slot_index(&self, loc: Loc) -> Option<usize> {
        let &i = self.index.get(loc.0)?.get(loc.1.index())?;
        (i != u32::MAX).then_some(i as usize)
    }

    /// Where the resolution of `loc` stands (`None`: not visited).
    fn state(&self, loc: Loc) -> Option<&State> {
        let i = self.slot_index(loc)?;
        self.slots.get(i)?.state.as_ref()
    }

    /// Record where the resolution of `loc` stands.
    fn set_state(&mut self, loc: Loc, state: State) {
        if let Some(i) = self.slot(loc) {
            self.slots[i].state = Some(state);
        }
    }
}

mod eval;
mod exec;
mod lookup;
mod schedule;

use eval::Budget;
use lookup::{Lookups, RefCache};
use schedule::Frame;

#[cfg(test)]
mod tests {
    use super::{has_open, PackDoc, Resolver};
    use crate::codes::Code;
    use crate::limits::Limits;
    use crate::template::Context;
    use crate::yaml::Document;

    #[test]
    fn run_returns_each_pack_with_its_sites_in_document_order() {
        let limits = Limits::default();
        let own = "b: '{{ .spectro.pack.other.x }}'\na: '{{ .spectro.pack.own.c }}!'\nc: '{{ .spectro.system.cluster.name }}'\nd: '{{ .spectro.var.nope }}'\n";
        let other = "x: '{{ .spectro.system.cluster.name }}-x'\n";
        let context =
            Context::from_text(r#"{"system": {"cluster.name": "edge-1"}}"#, &limits).unwrap();
        let parse = |text| std::rc::Rc::new(Document::parse(text, &limits, &mut Vec::new()));
        let packs = vec![
            PackDoc {
                name: "own".into(),
                doc: parse(own),
                output: true,
            },
            PackDoc {
                name: "other".into(),
                doc: parse(other),
                output: false,
            },
        ];
        let out = Resolver::new(packs, Some(&context), false, limits, Vec::new()).run();
        assert_eq!(out.aborted, None);
        assert_eq!(out.packs.len(), 2);
        let own = &out.packs[0];
        let values: Vec<&str> = own.sites.iter().map(|(_, _, r)| r.value.as_str()).collect();
        assert_eq!(values, ["edge-1-x", "edge-1!", "edge-1", ""]);
        let codes: Vec<Code> = own.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::TemplateMissingValue]);
        // A pack that only answers references keeps its problems and sites to itself.
        assert!(!out.packs[1].output);
        assert!(out.packs[1].sites.is_empty() && out.packs[1].diagnostics.is_empty());
    }

    #[test]
    fn has_open_agrees_with_contains() {
        for s in [
            "", "{", "{{", "a{b{c", "a{ {b", "x{{", "{{x", "{a{{", "é{{ü", "}}{{", "{{{", "{}{",
        ] {
            assert_eq!(has_open(s), s.contains("{{"), "{s:?}");
        }
    }
}
