//! Layout-preserving edits: [`set_values`](crate::set_values) changes the named scalars of a values
//! document and nothing else. Comments, key order, quoting and indentation everywhere
//! else stay byte for byte; a missing key is added as the last entry of its mapping
//! (with any missing mappings on the way), at the mapping's indentation.
//!
//! Every edit is planned against the original text, so an error points into it. The
//! result is parsed again and compared node by node with the original: a value can
//! never change the YAML structure or any other value. The edited text is then
//! validated like any input.
//!
//! ```
//! use byoos_core::{set_values, Options, Path};
//!
//! let source = "pack:\n  # the AMI\n  osImageOverride: \"ami-0f4804aff4cf9c5a2\"  # us-east-1\n  osName: rhel\n  osVersion: \"8\"\n";
//! let edited = set_values(
//!     source,
//!     &[
//!         (Path::parse("pack/osImageOverride"), "ami-0123456789abcdef0".into()),
//!         (Path::parse("pack/osVersion"), "8.10".into()),
//!     ],
//!     &Options::default(),
//! )
//! .unwrap();
//! assert_eq!(
//!     edited.text,
//!     "pack:\n  # the AMI\n  osImageOverride: \"ami-0123456789abcdef0\"  # us-east-1\n  osName: rhel\n  osVersion: \"8.10\"\n"
//! );
//! // Validated again: no errors (an info says the image is an AWS AMI).
//! assert!(edited.diagnostics.iter().all(|d| !d.is_error()));
//! ```

use crate::codes::Code;
use crate::diagnostic::{self, Diagnostic, Path, Segment};
use crate::failure::{Failure, FailureKind};
use crate::host::{HostDiagnostic, Lines, Projection};
use crate::limits::Limits;
use crate::pack::{self, Field, PackKind, Ty};
use crate::source::Encoding;
use crate::yaml::scalar::{
    block_header, double_quoted, literal_body, plain_ok, printable, single_quoted,
    single_quoted_ok, BlockHeader, Chomp,
};
use crate::yaml::typing::go_readings;
use crate::yaml::{resolve_plain, Document, NodeId, NodeKind, NodeRef, Resolved, Style};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// The result of [`set_values`](crate::set_values): the edited text and the diagnostics of validating it
/// (spans into the edited text).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Edited {
    /// No diagnostic of the edited text is an error.
    pub ok: bool,
    /// The source with only the named scalars changed (and missing keys added).
    pub text: String,
    /// What [`validate`](crate::validate) reports about the edited text.
    pub diagnostics: Vec<Diagnostic>,
    /// The edited text's line index, for [`Edited::host_diagnostics`].
    #[serde(skip)]
    pub(crate) lines: Lines,
}

/// What an edit is told besides the text and the assignments.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct EditOptions {
    /// The pack kind; detected from the document when `None`.
    pub(crate) pack: Option<PackKind>,
    /// Add keys the pack's shape does not know.
    pub(crate) create: bool,
    /// Resource budgets.
    pub(crate) limits: Limits,
}

/// Set each `path` to the string `value`, keeping everything else byte for byte (the
/// engine of [`crate::set_values`], which validates the result).
///
/// # Errors
/// The diagnostics that stop the edit, spans into `source`: [`FailureKind::Parse`]
/// when the source cannot be read, else [`FailureKind::Edit`].
pub(crate) fn apply(
    source: &str,
    assignments: &[(Path, String)],
    options: &EditOptions,
) -> Result<String, Failure> {
    let mut diags = Vec::new();
    let doc = Document::parse(source, &options.limits, &mut diags);
    if diagnostic::has_errors(&diags) {
        return Err(Failure::new(
            FailureKind::Parse,
            crate::secrets::redacted(source, diags),
        ));
    }
    let kind = options.pack.or_else(|| doc.root().and_then(pack::detect));
    let mut plans = Vec::with_capacity(assignments.len());
    let mut errors = Vec::new();
    let ix = Index::new(&doc);
    for (path, value) in assignments {
        match plan(&doc, &ix, path, value, kind) {
            Ok(p) => plans.push(p),
            Err(d) => errors.push(*d),
        }
    }
    if !options.create {
        for p in &plans {
            if let Err(d) = known_to_shape(&doc, p, kind) {
                errors.push(*d);
            }
        }
    }
    conflicts(&doc, &plans, &mut errors);
    if !errors.is_empty() {
        diagnostic::sort_and_cap(&mut errors, &options.limits);
        return Err(Failure::new(
            FailureKind::Edit,
            crate::secrets::redacted(source, errors),
        ));
    }
    write(&doc, &ix, &mut plans, &options.limits)
        .map_err(|d| Failure::new(FailureKind::Edit, crate::secrets::redacted(source, d)))
}

impl Edited {
    /// The diagnostics in `encoding` units of [`Edited::text`], projected with the line
    /// index its validation built.
    #[must_use]
    pub fn host_diagnostics(&self, encoding: Encoding) -> Vec<HostDiagnostic<'_>> {
        Projection::with_lines(&self.text, &self.lines, encoding).all(&self.diagnostics)
    }
}

/// Where a new key goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Target {
    /// After the last entry of a block mapping.
    Block(NodeId),
    /// Before the closing brace of a flow mapping.
    Flow(NodeId),
    /// An empty value (`drain:` or `drain: ~`) that becomes a block mapping.
    Null(NodeId),
    /// The document is empty.
    Empty,
}

#[derive(Debug)]
enum Action {
    /// Replace the scalar (or alias) node.
    Replace(NodeId),
    /// Add `keys` (the first one missing from the target, then new mappings) under
    /// `target`.
    Insert { target: Target, keys: Vec<String> },
}

#[derive(Debug)]
struct Plan {
    /// The path with each segment as the document has it (index or key).
    path: Path,
    /// The path as given, for messages.
    given: Path,
    value: String,
    action: Action,
    /// A plain number or boolean may be written unquoted.
    typed: bool,
    /// Written double-quoted whatever the original style.
    force_quotes: bool,
}

fn edit_error(
    doc: &Document<'_>,
    path: &Path,
    message: String,
    range: Range<usize>,
) -> Box<Diagnostic> {
    Box::new(doc.diag(Code::YamlEditPath, path.clone(), range, message))
}

fn key_of(n: NodeRef<'_, '_>) -> Option<String> {
    match &n.node().kind {
        NodeKind::Scalar { value, .. } => Some(value.to_string()),
        NodeKind::Alias(_) => n.scalar().map(|(s, _)| s.to_owned()),
        _ => None,
    }
}

fn is_flow(doc: &Document<'_>, n: NodeRef<'_, '_>) -> bool {
    doc.text()[n.node().range.start..].starts_with(['{', '['])
}

/// The pack schema's type at `path`, when the pack knows it.
fn schema_type(kind: Option<PackKind>, path: &Path) -> Option<&'static Ty> {
    let mut fields: &'static [Field] = pack::root_fields(kind?);
    let mut ty: Option<&'static Ty> = None;
    for seg in &path.0 {
        let cur = match (ty, seg) {
            (None, Segment::Key(k)) => &fields.iter().find(|f| f.key == k)?.ty,
            (Some(Ty::Map { fields: fs, .. }), Segment::Key(k)) => {
                fields = fs;
                &fields.iter().find(|f| f.key == k)?.ty
            }
            (Some(Ty::List(item)), Segment::Index(_)) => item,
            _ => return None,
        };
        ty = Some(cur);
    }
    ty
}

/// Whether `value` is a plain number or boolean that fits the pack's type at `path`.
fn typed_by_schema(kind: Option<PackKind>, path: &Path, value: &str) -> bool {
    matches!(
        (schema_type(kind, path), resolve_plain(value)),
        (Some(Ty::Int(_)), Some(Resolved::Int(_))) | (Some(Ty::Bool), Some(Resolved::Bool(_)))
    )
}

/// What `plan` needs to know about one assignment.
struct Ask<'x> {
    given: &'x Path,
    value: &'x str,
    kind: Option<PackKind>,
}

impl Ask<'_> {
    fn plan(&self, path: Path, action: Action, typed: bool) -> Plan {
        Plan {
            path,
            given: self.given.clone(),
            value: self.value.to_owned(),
            action,
            typed,
            force_quotes: false,
        }
    }

    /// Insert `keys` below `at` into `target`.
    fn insert(&self, at: &Path, target: Target, keys: Vec<String>) -> Plan {
        let mut full = at.clone();
        for k in &keys {
            full = full.join(k.as_str());
        }
        let typed = typed_by_schema(self.kind, &full, self.value);
        self.plan(full, Action::Insert { target, keys }, typed)
    }

    fn error(&self, doc: &Document<'_>, message: String, range: Range<usize>) -> Box<Diagnostic> {
        edit_error(doc, self.given, message, range)
    }
}

/// The keys of a path of keys only.
fn all_keys(segs: &[Segment]) -> Option<Vec<String>> {
    segs.iter()
        .map(|s| match s {
            Segment::Key(k) => Some(k.clone()),
            Segment::Index(_) => None,
        })
        .collect()
}

fn plan(
    doc: &Document<'_>,
    ix: &Index,
    given: &Path,
    value: &str,
    kind: Option<PackKind>,
) -> Result<Plan, Box<Diagnostic>> {
    let ask = Ask { given, value, kind };
    if given.0.is_empty() {
        return Err(ask.error(
            doc,
            "the path is empty: name the key to set, e.g. `pack/osName`".into(),
            0..0,
        ));
    }
    let Some(root) = doc.root() else {
        return plan_in_empty(doc, &ask);
    };
    let mut cur = root;
    let mut path = Path::root();
    for (i, seg) in given.0.iter().enumerate() {
        let here = here(&path);
        match &cur.node().kind {
            NodeKind::Mapping(_) => {
                let key = match seg {
                    Segment::Key(k) => k.clone(),
                    Segment::Index(n) => n.to_string(),
                };
                let Some(v) = ix.own_value(cur, &key) else {
                    let rest = &given.0[i + 1..];
                    return plan_new_key(doc, &ask, cur, &path, key, rest);
                };
                path = path.join(key);
                cur = v;
            }
            NodeKind::Sequence(items) => {
                let Segment::Index(n) = seg else {
                    return Err(ask.error(
                        doc,
                        format!("{here} is a list: use an item number, e.g. `{path}/0`"),
                        cur.range(),
                    ));
                };
                let Some(&item) = items.get(*n) else {
                    let has = match items.len() {
                        0 => "no items".to_owned(),
                        1 => "1 item (number 0)".to_owned(),
                        k => format!("{k} items (0 to {})", k - 1),
                    };
                    return Err(ask.error(doc, format!("{here} has {has}: there is no item {n}, and `set` does not add list items"), cur.range()));
                };
                path = path.join(*n);
                cur = doc.node_ref(item);
            }
            NodeKind::Alias(_) => {
                return Err(ask.error(doc, format!("{here} is an alias (`{}`): setting a key through it would change the anchored node and every other alias of it", cur.source_text()), cur.range()));
            }
            NodeKind::Scalar { .. } => {
                return plan_below_scalar(doc, ix, &ask, cur, &path, &given.0[i..]);
            }
        }
    }
    plan_replace(doc, &ask, cur, path)
}

/// How messages name the node at `path`.
fn here(path: &Path) -> String {
    if path.0.is_empty() {
        "the document".to_owned()
    } else {
        format!("`{path}`")
    }
}

/// The document is empty: the keys of the path are added to it.
fn plan_in_empty(doc: &Document<'_>, ask: &Ask<'_>) -> Result<Plan, Box<Diagnostic>> {
    let given = ask.given;
    if doc.document_count() > 1 {
        return Err(ask.error(
            doc,
            "the first YAML document of the stream is empty".into(),
            0..0,
        ));
    }
    let Some(keys) = all_keys(&given.0) else {
        return Err(ask.error(
            doc,
            format!("`{given}` does not exist, and `set` creates mapping keys, not list items"),
            0..0,
        ));
    };
    Ok(ask.insert(&Path::root(), Target::Empty, keys))
}

/// The mapping `map` (at `path`) has no key `key`: add it and the keys of `rest` below it.
fn plan_new_key(
    doc: &Document<'_>,
    ask: &Ask<'_>,
    map: NodeRef<'_, '_>,
    path: &Path,
    key: String,
    rest: &[Segment],
) -> Result<Plan, Box<Diagnostic>> {
    let here = here(path);
    let empty = matches!(&map.node().kind, NodeKind::Mapping(e) if e.is_empty());
    let Some(mut keys) = all_keys(rest) else {
        return Err(ask.error(
            doc,
            format!("{here} has no key `{key}`, and `set` creates mapping keys, not list items"),
            map.range(),
        ));
    };
    keys.insert(0, key);
    let target = if is_flow(doc, map) {
        if !doc.text()[map.node().range.start..].starts_with('{') {
            return Err(ask.error(
                doc,
                format!(
                    "{here} is a single-pair mapping inside a flow list; write the key yourself"
                ),
                map.range(),
            ));
        }
        Target::Flow(map.id())
    } else if empty {
        return Err(ask.error(
            doc,
            format!("{here} is an empty mapping with no place to add a key"),
            map.range(),
        ));
    } else {
        Target::Block(map.id())
    };
    Ok(ask.insert(path, target, keys))
}

/// The path goes on below the scalar `cur` (at `path`): only a null of a block mapping
/// takes keys (`rest`, from the scalar's own segment on).
fn plan_below_scalar(
    doc: &Document<'_>,
    ix: &Index,
    ask: &Ask<'_>,
    cur: NodeRef<'_, '_>,
    path: &Path,
    rest: &[Segment],
) -> Result<Plan, Box<Diagnostic>> {
    let here = here(path);
    let null_in_block = cur.is_null()
        && cur.node().tag.is_none()
        && cur.node().anchor.is_none()
        && matches!(cur.source_text(), "" | "~" | "null" | "Null" | "NULL")
        && !ix.in_flow(cur.range())
        && !path.0.is_empty()
        && matches!(path.0.last(), Some(Segment::Key(_)));
    if null_in_block {
        if let Some(keys) = all_keys(rest) {
            return Ok(ask.insert(path, Target::Null(cur.id()), keys));
        }
    }
    let given = ask.given;
    Err(ask.error(
        doc,
        format!(
            "{here} is {}, not a mapping or a list: `{given}` cannot be set",
            cur.type_name()
        ),
        cur.range(),
    ))
}

/// The path names the node `cur`: a scalar's value is replaced.
fn plan_replace(
    doc: &Document<'_>,
    ask: &Ask<'_>,
    cur: NodeRef<'_, '_>,
    path: Path,
) -> Result<Plan, Box<Diagnostic>> {
    match &cur.node().kind {
        NodeKind::Scalar { .. } | NodeKind::Alias(_) => {
            // A plain number stays a number, unless the pack says the key holds text
            // (`osVersion: 22.04` set to "22.04" becomes `"22.04"`, which fixes it).
            let was_typed = !matches!(schema_type(ask.kind, &path), Some(Ty::Str))
                && matches!(
                    cur.node().kind,
                    NodeKind::Scalar {
                        style: Style::Plain,
                        ..
                    }
                )
                && matches!(
                    (cur.resolved(), resolve_plain(ask.value)),
                    (
                        Some(Resolved::Int(_) | Resolved::Float(_)),
                        Some(Resolved::Int(_) | Resolved::Float(_))
                    ) | (Some(Resolved::Bool(_)), Some(Resolved::Bool(_)))
                );
            let typed = was_typed || typed_by_schema(ask.kind, &path, ask.value);
            Ok(ask.plan(path, Action::Replace(cur.id()), typed))
        }
        _ => Err(ask.error(
            doc,
            format!(
                "`{path}` is {}; `set` changes scalar values: name one of its keys or items",
                cur.type_name()
            ),
            cur.range(),
        )),
    }
}

/// A key that `plan` adds must be one the pack's shape knows (any key when the kind is
/// unknown and either pack knows it): a misspelt path is an error, not a new key.
fn known_to_shape(
    doc: &Document<'_>,
    p: &Plan,
    kind: Option<PackKind>,
) -> Result<(), Box<Diagnostic>> {
    if !matches!(p.action, Action::Insert { .. }) {
        return Ok(());
    }
    let kinds: &[PackKind] = match &kind {
        Some(k) => std::slice::from_ref(k),
        None => &[PackKind::EdgeNativeByoi, PackKind::GenericByoi],
    };
    let mut worst: Option<pack::OffShape> = None;
    for k in kinds {
        match pack::shape_lookup(*k, &p.path) {
            Ok(()) => return Ok(()),
            Err(off) => {
                if worst.as_ref().is_none_or(|w| off.at > w.at) {
                    worst = Some(off);
                }
            }
        }
    }
    let Some(off) = worst else { return Ok(()) };
    let parent = Path(p.path.0[..off.at].to_vec());
    let unknown = Path(p.path.0[..=off.at].to_vec());
    let pack = kind.map_or_else(
        || "neither BYOOS pack".to_owned(),
        |k| format!("the {k} pack"),
    );
    let message = if off.known.is_empty() {
        let of = kind.map_or_else(
            || "either BYOOS pack".to_owned(),
            |k| format!("the {k} pack"),
        );
        format!("`{parent}` holds a value in {of}, not keys: `{unknown}` would be ignored")
    } else if kind.is_some() {
        format!("{pack} has no key `{unknown}`: Palette would ignore it")
    } else {
        format!("{pack} has a key `{unknown}`: Palette would ignore it")
    };
    let create = "to add it on purpose, ask for new keys with the `create` option";
    let help = match off.suggestion {
        Some(s) => format!("did you mean `{}`? {create}", parent.join(s)),
        None if !off.known.is_empty() => {
            format!("known keys here: {}; {create}", off.known.join(", "))
        }
        None => create.to_owned(),
    };
    let range = unknown_key_range(doc, &p.path, off.at, off.suggestion);
    Err(Box::new(
        doc.diag(Code::YamlEditUnknownKey, p.given.clone(), range, message)
            .with_help(help),
    ))
}

/// Where to show an unknown key of `path` (segment `at`): the key itself when the
/// document has it; else the suggested key beside it; else the key that names the
/// mapping it would go into (the document's first key at the top level).
fn unknown_key_range(
    doc: &Document<'_>,
    path: &Path,
    at: usize,
    suggestion: Option<&str>,
) -> Range<usize> {
    let Some(mut cur) = doc.root() else {
        return 0..0;
    };
    let mut named_by: Option<NodeId> = None;
    for (i, seg) in path.0.iter().enumerate() {
        let NodeKind::Mapping(entries) = &cur.node().kind else {
            break;
        };
        let key = match seg {
            Segment::Key(k) => k.clone(),
            Segment::Index(n) => n.to_string(),
        };
        let find = |k: &str| {
            entries
                .iter()
                .find(|(kn, _)| key_of(doc.node_ref(*kn)).as_deref() == Some(k))
                .copied()
        };
        let here = find(&key);
        if i == at {
            let shown = here
                .or_else(|| suggestion.and_then(find))
                .map(|(k, _)| k)
                .or(named_by)
                .or_else(|| entries.first().map(|(k, _)| *k));
            return shown.map_or(0..0, |k| doc.node(k).range.clone());
        }
        let Some((k, v)) = here else { break };
        named_by = Some(k);
        cur = doc.node_ref(v);
    }
    named_by.map_or_else(|| locate(doc, path), |k| doc.node(k).range.clone())
}

/// Two assignments of one path, or one inside another, cannot both hold. Each plan is
/// compared with the first earlier one on its path through two indexes (the earlier
/// paths, and every prefix of them), not with every earlier plan.
fn conflicts(doc: &Document<'_>, plans: &[Plan], errors: &mut Vec<Diagnostic>) {
    let mut paths: HashMap<&[Segment], usize> = HashMap::new();
    let mut prefixes: HashMap<&[Segment], usize> = HashMap::new();
    for (j, b) in plans.iter().enumerate() {
        let segs = b.path.0.as_slice();
        // An earlier plan on `b`'s path or above it, or one below it: the first of them.
        let above = (0..=segs.len()).filter_map(|n| paths.get(&segs[..n])).min();
        let first = above.into_iter().chain(prefixes.get(segs)).min().copied();
        if let Some(a) = first.map(|i| &plans[i]) {
            let (short, long) = if a.path.0.len() <= b.path.0.len() {
                (a, b)
            } else {
                (b, a)
            };
            let range = locate(doc, &b.path);
            let message = if short.path == long.path {
                format!("`{}` is set twice", b.given)
            } else {
                format!(
                    "`{}` and `{}` cannot both be set: one is inside the other",
                    short.given, long.given
                )
            };
            errors.push(*edit_error(doc, &b.given, message, range));
        }
        paths.entry(segs).or_insert(j);
        for n in 0..segs.len() {
            prefixes.entry(&segs[..n]).or_insert(j);
        }
    }
}

/// What the edit looks up once per assignment, indexed once per document: the own
/// keys of each mapping (the first entry of a key, as a scan finds it) and the
/// outermost flow collections. Assignments into a mapping of many keys then cost one
/// probe each instead of a scan of the mapping and of every node.
struct Index {
    keys: HashMap<NodeId, HashMap<String, NodeId>>,
    /// Outermost flow collections (`start..end`, end at least `start + 1`), by start.
    flows: Vec<Range<usize>>,
}

impl Index {
    fn new(doc: &Document<'_>) -> Index {
        let mut keys: HashMap<NodeId, HashMap<String, NodeId>> = HashMap::new();
        let mut flows: Vec<Range<usize>> = Vec::new();
        for n in doc.nodes() {
            match &n.node().kind {
                NodeKind::Mapping(entries) => {
                    let own = keys.entry(n.id()).or_default();
                    for &(k, v) in entries {
                        if let Some(key) = key_of(doc.node_ref(k)) {
                            own.entry(key).or_insert(v);
                        }
                    }
                }
                NodeKind::Sequence(_) => {}
                _ => continue,
            }
            if is_flow(doc, n) {
                let r = &n.node().range;
                flows.push(r.start..r.end.max(r.start + 1));
            }
        }
        flows.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
        let mut outer: Vec<Range<usize>> = Vec::new();
        for r in flows {
            if outer.last().is_none_or(|o| r.start >= o.end) {
                outer.push(r);
            }
        }
        Index { keys, flows: outer }
    }

    /// The value of `key` among a mapping's own entries (as [`own_value`]).
    fn own_value<'d, 'a>(&self, map: NodeRef<'d, 'a>, key: &str) -> Option<NodeRef<'d, 'a>> {
        let v = self.keys.get(&map.id())?.get(key)?;
        Some(map.doc().node_ref(*v))
    }

    /// Whether `range` lies strictly inside a flow collection (it starts after the
    /// collection does and ends within it).
    fn in_flow(&self, range: Range<usize>) -> bool {
        let i = self.flows.partition_point(|f| f.start < range.start);
        i > 0 && range.end <= self.flows[i - 1].end
    }
}

/// The range of the deepest node of the document on `path`.
fn locate(doc: &Document<'_>, path: &Path) -> Range<usize> {
    let Some(mut cur) = doc.root() else {
        return 0..0;
    };
    for seg in &path.0 {
        let next = match (&cur.node().kind, seg) {
            (NodeKind::Mapping(_), Segment::Key(k)) => own_value(cur, k),
            (NodeKind::Mapping(_), Segment::Index(i)) => own_value(cur, &i.to_string()),
            (NodeKind::Sequence(items), Segment::Index(i)) => {
                items.get(*i).map(|id| doc.node_ref(*id))
            }
            _ => None,
        };
        match next {
            Some(n) => cur = n,
            None => break,
        }
    }
    cur.range()
}

// ---------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------

/// One change of the text.
#[derive(Debug)]
struct Change {
    range: Range<usize>,
    text: String,
    /// Among insertions at one offset, deeper mappings first.
    depth: usize,
}

/// A tree of new keys under one target.
#[derive(Debug, Default)]
struct NewMap(Vec<(String, NewNode)>);

#[derive(Debug)]
enum NewNode {
    Leaf(usize),
    Map(NewMap),
}

impl NewMap {
    fn add(&mut self, keys: &[String], plan: usize) {
        let Some((first, rest)) = keys.split_first() else {
            return;
        };
        if rest.is_empty() {
            self.0.push((first.clone(), NewNode::Leaf(plan)));
            return;
        }
        let at = match self
            .0
            .iter()
            .position(|(k, n)| k == first && matches!(n, NewNode::Map(_)))
        {
            Some(at) => at,
            None => {
                self.0
                    .push((first.clone(), NewNode::Map(NewMap::default())));
                self.0.len() - 1
            }
        };
        if let NewNode::Map(m) = &mut self.0[at].1 {
            m.add(rest, plan);
        }
    }
}

fn write(
    doc: &Document<'_>,
    ix: &Index,
    plans: &mut [Plan],
    limits: &Limits,
) -> Result<String, Vec<Diagnostic>> {
    for round in 0..3 {
        let text = assemble(doc, ix, plans)?;
        match verify(doc, &text, plans, limits) {
            Ok(()) => return Ok(text),
            Err(bad) => {
                let mut changed = false;
                for i in bad {
                    if !plans[i].force_quotes {
                        plans[i].force_quotes = true;
                        changed = true;
                    }
                }
                if !changed && round < 2 {
                    for p in plans.iter_mut() {
                        changed |= !p.force_quotes;
                        p.force_quotes = true;
                    }
                }
                if !changed {
                    break;
                }
            }
        }
    }
    let first = plans.first().map(|p| p.given.clone()).unwrap_or_default();
    Err(vec![*edit_error(
        doc,
        &first,
        "the values could not be written without changing other parts of the document".into(),
        0..0,
    )])
}

fn assemble(doc: &Document<'_>, ix: &Index, plans: &[Plan]) -> Result<String, Vec<Diagnostic>> {
    let text = doc.text();
    let mut changes: Vec<Change> = Vec::new();
    let mut groups: Vec<(Target, NewMap)> = Vec::new();
    for (i, p) in plans.iter().enumerate() {
        match &p.action {
            Action::Replace(id) => {
                let (range, new) = replacement(doc, ix, *id, p).ok_or_else(|| {
                    vec![*edit_error(
                        doc,
                        &p.given,
                        format!("`{}` cannot be rewritten in place", p.given),
                        doc.node(*id).range.clone(),
                    )]
                })?;
                changes.push(Change {
                    range,
                    text: new,
                    depth: 0,
                });
            }
            Action::Insert { target, keys } => match groups.iter_mut().find(|(t, _)| t == target) {
                Some((_, m)) => m.add(keys, i),
                None => {
                    let mut m = NewMap::default();
                    m.add(keys, i);
                    groups.push((*target, m));
                }
            },
        }
    }
    let step = indent_step(doc);
    for (target, map) in &groups {
        insertion(doc, *target, map, plans, step, &mut changes)?;
    }
    changes.sort_by(|a, b| {
        (a.range.start, a.range.end, std::cmp::Reverse(a.depth)).cmp(&(
            b.range.start,
            b.range.end,
            std::cmp::Reverse(b.depth),
        ))
    });
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for c in &changes {
        if c.range.start < at {
            return Err(vec![*edit_error(
                doc,
                &Path::root(),
                "two edits overlap".into(),
                c.range.clone(),
            )]);
        }
        out.push_str(&text[at..c.range.start]);
        out.push_str(&c.text);
        at = c.range.end;
    }
    out.push_str(&text[at..]);
    Ok(out)
}

/// A value as a scalar in a new entry (block or flow context). A typed value stays a
/// plain number or boolean only when Palette's Go libraries read the same one (`017` is
/// octal 15 to them, 17 to YAML 1.2: it is quoted).
fn fresh_value(p: &Plan, flow: bool) -> String {
    let v = p.value.as_str();
    let typed = p.typed && {
        let core = resolve_plain(v);
        core.is_some() && go_readings(v).agree_with(core.as_ref())
    };
    if !p.force_quotes && (plain_ok(v, flow) || typed) {
        v.to_owned()
    } else {
        double_quoted(v)
    }
}

/// A key as written in a new entry.
fn fresh_key(k: &str, flow: bool) -> String {
    if plain_ok(k, flow) && k != "<<" {
        k.to_owned()
    } else {
        double_quoted(k)
    }
}

/// The region and text that replace scalar (or alias) `id`.
fn replacement(
    doc: &Document<'_>,
    ix: &Index,
    id: NodeId,
    p: &Plan,
) -> Option<(Range<usize>, String)> {
    let text = doc.text();
    let node = doc.node(id);
    let flow = ix.in_flow(node.range.clone());
    let v = p.value.as_str();
    let style = match &node.kind {
        NodeKind::Scalar { style, .. } => *style,
        _ => Style::Plain,
    };
    if node.range.is_empty() && matches!(style, Style::Plain) {
        // An empty value: `key:` (the range sits on the colon) or `- `.
        let mut at = node.range.start;
        if text[at..].starts_with(':') {
            at += 1;
        }
        let space = if text[..at].ends_with([' ', '\t']) {
            ""
        } else {
            " "
        };
        return Some((at..at, format!("{space}{}", fresh_value(p, flow))));
    }
    if p.force_quotes {
        if matches!(style, Style::Literal | Style::Folded) {
            let h = block_header(text, node)?;
            let rest = text[h.indicator_end..h.body_start].trim_end_matches(['\n', '\r']);
            return Some((
                h.indicator..node.range.end,
                format!("{}{rest}", double_quoted(v)),
            ));
        }
        return Some((node.range.clone(), double_quoted(v)));
    }
    let made = match style {
        Style::Plain => fresh_value(p, flow),
        Style::SingleQuoted if single_quoted_ok(v) => single_quoted(v),
        Style::SingleQuoted | Style::DoubleQuoted => double_quoted(v),
        Style::Literal | Style::Folded => {
            let h = block_header(text, node)?;
            return Some(match block(text, &h, style, v) {
                Some((header, body)) => {
                    let between = &text[h.indicator_end..h.body_start];
                    (
                        h.indicator..node.range.end,
                        format!("{header}{between}{body}"),
                    )
                }
                None => {
                    let rest = text[h.indicator_end..h.body_start].trim_end_matches(['\n', '\r']);
                    (
                        h.indicator..node.range.end,
                        format!("{}{rest}", double_quoted(v)),
                    )
                }
            });
        }
    };
    Some((node.range.clone(), made))
}

/// A block scalar's new header indicator and body for `v`, when `v` fits a block.
fn block(text: &str, h: &BlockHeader, style: Style, v: &str) -> Option<(String, String)> {
    let core = v.trim_end_matches('\n');
    let chomp = match v.len() - core.len() {
        0 => Chomp::Strip,
        1 => Chomp::Clip,
        _ => return None,
    };
    let header = format!(
        "{}{}",
        if style == Style::Literal { '|' } else { '>' },
        if chomp == Chomp::Strip { "-" } else { "" }
    );
    let _ = text;
    let h2 = BlockHeader { chomp, ..h.clone() };
    let body = if style == Style::Literal {
        literal_body(v, &h2)?
    } else {
        if core.contains('\n')
            || core.is_empty()
            || core.starts_with([' ', '\t'])
            || core.chars().any(|c| {
                !printable(c) || matches!(c, '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}')
            })
        {
            return None;
        }
        format!("{}{core}", " ".repeat(h.indent))
    };
    Some((header, body))
}

/// The indentation step of the document: the first nested block mapping's offset from
/// its parent's keys; 2 when there is none.
fn indent_step(doc: &Document<'_>) -> usize {
    for n in doc.nodes() {
        let NodeKind::Mapping(entries) = &n.node().kind else {
            continue;
        };
        if is_flow(doc, n) {
            continue;
        }
        let Some(parent_col) = key_column(doc, n) else {
            continue;
        };
        for (_, v) in entries {
            let child = doc.node_ref(*v);
            if matches!(child.node().kind, NodeKind::Mapping(_)) && !is_flow(doc, child) {
                if let Some(c) = key_column(doc, child) {
                    if c > parent_col {
                        return (c - parent_col).min(8);
                    }
                }
            }
        }
    }
    2
}

/// The column (in characters, 0-based) of a block mapping's first key, when only
/// spaces and `- ` list markers stand before it on its line.
fn key_column(doc: &Document<'_>, map: NodeRef<'_, '_>) -> Option<usize> {
    let NodeKind::Mapping(entries) = &map.node().kind else {
        return None;
    };
    let (k, _) = entries.first()?;
    let start = doc.node(*k).full_range.start;
    let text = doc.text();
    let line_start = text[..start].rfind('\n').map_or(0, |n| n + 1);
    let prefix = &text[line_start..start];
    prefix
        .chars()
        .all(|c| c == ' ' || c == '-')
        .then(|| prefix.chars().count())
}

/// The offset of the end of the line that holds `at` (before its line break).
fn line_end(text: &str, at: usize) -> usize {
    let end = text[at..].find('\n').map_or(text.len(), |n| at + n);
    if end > at && text.as_bytes()[end - 1] == b'\r' {
        end - 1
    } else {
        end
    }
}

fn depth_of(doc: &Document<'_>, id: NodeId) -> usize {
    doc.path_of(id).0.len()
}

/// The line break the document uses.
fn newline(text: &str) -> &'static str {
    if text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

fn block_entries(
    map: &NewMap,
    plans: &[Plan],
    indent: usize,
    step: usize,
    nl: &str,
    out: &mut String,
) {
    for (key, node) in &map.0 {
        out.push_str(nl);
        out.push_str(&" ".repeat(indent));
        out.push_str(&fresh_key(key, false));
        out.push(':');
        match node {
            NewNode::Leaf(i) => {
                out.push(' ');
                out.push_str(&fresh_value(&plans[*i], false));
            }
            NewNode::Map(m) => block_entries(m, plans, indent + step, step, nl, out),
        }
    }
}

fn flow_entries(map: &NewMap, plans: &[Plan]) -> String {
    map.0
        .iter()
        .map(|(key, node)| {
            let v = match node {
                NewNode::Leaf(i) => fresh_value(&plans[*i], true),
                NewNode::Map(m) => format!("{{{}}}", flow_entries(m, plans)),
            };
            format!("{}: {v}", fresh_key(key, true))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn insertion(
    doc: &Document<'_>,
    target: Target,
    map: &NewMap,
    plans: &[Plan],
    step: usize,
    changes: &mut Vec<Change>,
) -> Result<(), Vec<Diagnostic>> {
    let text = doc.text();
    let nl = newline(text);
    let fail = |message: &str, range: Range<usize>| {
        let p = &plans[first_plan(map)];
        vec![*edit_error(doc, &p.given, message.to_owned(), range)]
    };
    match target {
        Target::Block(id) => {
            let node = doc.node_ref(id);
            let Some(indent) = key_column(doc, node) else {
                return Err(fail(
                    "cannot tell the indentation of this mapping",
                    node.range(),
                ));
            };
            let at = line_end(text, node.node().range.end);
            let mut out = String::new();
            block_entries(map, plans, indent, step, nl, &mut out);
            changes.push(Change {
                range: at..at,
                text: out,
                depth: depth_of(doc, id),
            });
        }
        Target::Null(id) => {
            let (at, col) = replace_null(doc, id, changes).map_err(|(m, r)| fail(m, r))?;
            let mut out = String::new();
            block_entries(map, plans, col + step, step, nl, &mut out);
            changes.push(Change {
                range: at..at,
                text: out,
                depth: depth_of(doc, id) + 1,
            });
        }
        Target::Flow(id) => {
            let node = doc.node(id);
            let NodeKind::Mapping(entries) = &node.kind else {
                return Err(fail("not a mapping", node.range.clone()));
            };
            let new = flow_entries(map, plans);
            let (at, text) = match entries.last() {
                Some((_, v)) => (doc.node(*v).full_range.end, format!(", {new}")),
                None => (node.range.start + 1, new),
            };
            changes.push(Change {
                range: at..at,
                text,
                depth: depth_of(doc, id),
            });
        }
        Target::Empty => {
            let at = text.len();
            let mut out = String::new();
            block_entries(map, plans, 0, step, nl, &mut out);
            let body = &out[nl.len()..];
            let lead = if text.is_empty() || text.ends_with('\n') {
                ""
            } else {
                nl
            };
            changes.push(Change {
                range: at..at,
                text: format!("{lead}{body}{nl}"),
                depth: 0,
            });
        }
    }
    Ok(())
}

/// The index of the first plan a new mapping holds.
fn first_plan(m: &NewMap) -> usize {
    let mut cur = m;
    loop {
        match cur.0.first() {
            Some((_, NewNode::Leaf(i))) => return *i,
            Some((_, NewNode::Map(inner))) => cur = inner,
            None => return 0,
        }
    }
}

/// An empty value (`key:`, `key: ~`) that gets keys: the change that drops `~` / `null`
/// and the spaces before it (a comment after it stays); where the keys go and the
/// column of the mapping's keys. Or why it cannot be done, and where.
fn replace_null(
    doc: &Document<'_>,
    id: NodeId,
    changes: &mut Vec<Change>,
) -> Result<(usize, usize), (&'static str, Range<usize>)> {
    let text = doc.text();
    let node = doc.node(id);
    let NodeKind::Mapping(_) = doc.node(parent_mapping(doc, id).unwrap_or(id)).kind else {
        return Err(("this empty value is not in a mapping", node.range.clone()));
    };
    let parent = parent_mapping(doc, id).map(|p| doc.node_ref(p));
    let Some(col) = parent.and_then(|p| key_column(doc, p)) else {
        return Err((
            "cannot tell the indentation of this mapping",
            node.range.clone(),
        ));
    };
    let r = node.range.clone();
    let colon = if r.is_empty() {
        if text[r.start..].starts_with(':') {
            r.start + 1
        } else {
            r.start
        }
    } else {
        let before = text[..r.start].trim_end_matches([' ', '\t']);
        if !before.ends_with(':') {
            return Err(("cannot find the `:` of this empty value", r));
        }
        changes.push(Change {
            range: before.len()..r.end,
            text: String::new(),
            depth: 0,
        });
        before.len()
    };
    Ok((line_end(text, colon.max(r.end)), col))
}

/// The mapping a value node belongs to.
fn parent_mapping(doc: &Document<'_>, id: NodeId) -> Option<NodeId> {
    let path = doc.path_of(id);
    let (last, parent_path) = path.0.split_last()?;
    let Segment::Key(_) = last else { return None };
    let mut cur = doc.root()?;
    for seg in parent_path {
        cur = match seg {
            Segment::Key(k) => own_value(cur, k)?,
            Segment::Index(i) => match &cur.node().kind {
                NodeKind::Sequence(items) => doc.node_ref(*items.get(*i)?),
                _ => return None,
            },
        };
    }
    matches!(cur.node().kind, NodeKind::Mapping(_)).then(|| cur.id())
}

/// The value of `key` among a mapping's own entries (no merge keys, no aliases).
fn own_value<'d, 'a>(map: NodeRef<'d, 'a>, key: &str) -> Option<NodeRef<'d, 'a>> {
    let doc = map.doc();
    let NodeKind::Mapping(entries) = &map.node().kind else {
        return None;
    };
    entries
        .iter()
        .find(|(k, _)| key_of(doc.node_ref(*k)).as_deref() == Some(key))
        .map(|(_, v)| doc.node_ref(*v))
}

// ---------------------------------------------------------------------------------
// Verifying
// ---------------------------------------------------------------------------------

/// Check the new text: it parses, every assigned path reads back its value, and every
/// other node is as it was. `Err` lists the plans to write more carefully (all of them
/// when the structure changed).
fn verify(
    doc: &Document<'_>,
    out: &str,
    plans: &[Plan],
    limits: &Limits,
) -> Result<(), Vec<usize>> {
    let all = || (0..plans.len()).collect::<Vec<_>>();
    let mut diags = Vec::new();
    let lim = Limits {
        max_input_bytes: limits.max_input_bytes.saturating_mul(2).max(out.len()),
        ..*limits
    };
    let new = Document::parse(out, &lim, &mut diags);
    if diagnostic::has_errors(&diags) || new.document_count() != doc.document_count().max(1) {
        return Err(all());
    }
    let mut bad = Vec::new();
    let ix = Index::new(&new);
    for (i, p) in plans.iter().enumerate() {
        let Some(node) = walk(&new, &ix, &p.path) else {
            return Err(all());
        };
        let ok = match &node.node().kind {
            NodeKind::Scalar { value, .. } => {
                *value == p.value
                    && (node.resolved() == Some(Resolved::Str)
                        || (p.typed && !p.force_quotes && resolve_plain(value) == node.resolved()))
            }
            _ => false,
        };
        if !ok {
            bad.push(i);
        }
    }
    if !bad.is_empty() {
        return Err(bad);
    }
    let assigned: HashSet<&Path> = plans.iter().map(|p| &p.path).collect();
    let mut created: HashSet<Path> = HashSet::new();
    for p in plans {
        if let Action::Insert { keys, .. } = &p.action {
            let base = p.path.0.len() - keys.len();
            for n in base + 1..=p.path.0.len() {
                created.insert(Path(p.path.0[..n].to_vec()));
            }
        }
    }
    let same_roots = match (doc.root(), new.root()) {
        (Some(a), Some(b)) => same(a, b, &mut Vec::new(), &assigned, &created),
        (None, Some(b)) => {
            plans.iter().all(|p| {
                matches!(
                    p.action,
                    Action::Insert {
                        target: Target::Empty,
                        ..
                    }
                )
            }) && b.is_mapping()
        }
        (None, None) => plans.is_empty(),
        (Some(_), None) => false,
    };
    if !same_roots {
        return Err(all());
    }
    // Later documents of a stream are untouched text; compare them all the same.
    for n in 1..doc.document_count() {
        let a = doc.document(n).and_then(|d| d.0);
        let b = new.document(n).and_then(|d| d.0);
        let ok = match (a, b) {
            (Some(a), Some(b)) => same(a, b, &mut Vec::new(), &HashSet::new(), &HashSet::new()),
            (None, None) => true,
            _ => false,
        };
        if !ok {
            return Err(all());
        }
    }
    Ok(())
}

/// The node at `path`, through own entries and list items (no aliases).
fn walk<'d, 'a>(doc: &'d Document<'a>, ix: &Index, path: &Path) -> Option<NodeRef<'d, 'a>> {
    let mut cur = doc.root()?;
    for seg in &path.0 {
        cur = match (&cur.node().kind, seg) {
            (NodeKind::Mapping(_), Segment::Key(k)) => ix.own_value(cur, k)?,
            (NodeKind::Sequence(items), Segment::Index(i)) => doc.node_ref(*items.get(*i)?),
            _ => return None,
        };
    }
    Some(cur)
}

/// Whether `b` (new) is `a` (original) apart from the assigned and created paths.
fn same(
    a: NodeRef<'_, '_>,
    b: NodeRef<'_, '_>,
    path: &mut Vec<Segment>,
    assigned: &HashSet<&Path>,
    created: &HashSet<Path>,
) -> bool {
    let here = Path(path.clone());
    if assigned.contains(&here) {
        return true;
    }
    let (an, bn) = (a.node(), b.node());
    if an.tag != bn.tag || an.anchor != bn.anchor {
        return false;
    }
    match (&an.kind, &bn.kind) {
        (NodeKind::Alias(_), NodeKind::Alias(_)) => a.source_text() == b.source_text(),
        (
            NodeKind::Scalar {
                value: va,
                style: sa,
            },
            NodeKind::Scalar {
                value: vb,
                style: sb,
            },
        ) => va == vb && sa == sb,
        (NodeKind::Scalar { .. }, NodeKind::Mapping(entries)) => {
            // An empty value that became a mapping of new keys.
            a.is_null()
                && entries.iter().all(|(k, _)| {
                    key_of(b.doc().node_ref(*k)).is_some_and(|k| created.contains(&here.join(k)))
                })
        }
        (NodeKind::Sequence(xs), NodeKind::Sequence(ys)) => {
            xs.len() == ys.len()
                && xs.iter().zip(ys).enumerate().all(|(i, (x, y))| {
                    path.push(Segment::Index(i));
                    let ok = same(
                        a.doc().node_ref(*x),
                        b.doc().node_ref(*y),
                        path,
                        assigned,
                        created,
                    );
                    path.pop();
                    ok
                })
        }
        (NodeKind::Mapping(xs), NodeKind::Mapping(ys)) => {
            let mut j = 0;
            for (ky, vy) in ys {
                let kb = b.doc().node_ref(*ky);
                let key = key_of(kb);
                if let Some((kx, vx)) = xs.get(j) {
                    let ka = a.doc().node_ref(*kx);
                    if key.is_some() && key_of(ka) == key && ka.source_text() == kb.source_text() {
                        path.push(Segment::Key(key.clone().unwrap_or_default()));
                        let ok = same(
                            a.doc().node_ref(*vx),
                            b.doc().node_ref(*vy),
                            path,
                            assigned,
                            created,
                        );
                        path.pop();
                        if !ok {
                            return false;
                        }
                        j += 1;
                        continue;
                    }
                    if key.is_none() && ka.source_text() == kb.source_text() {
                        j += 1;
                        continue;
                    }
                }
                match key {
                    Some(k) if created.contains(&here.join(k.as_str())) => {}
                    _ => return false,
                }
            }
            j == xs.len()
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{set_values, Options};

    fn set(src: &str, pairs: &[(&str, &str)]) -> Result<String, Vec<Diagnostic>> {
        let a: Vec<(Path, String)> = pairs
            .iter()
            .map(|(p, v)| (Path::parse(p), (*v).to_owned()))
            .collect();
        set_values(src, &a, &Options::default().with_create())
            .map(|e| e.text)
            .map_err(|f| f.diagnostics)
    }

    fn err(src: &str, pairs: &[(&str, &str)]) -> Diagnostic {
        set(src, pairs).unwrap_err().remove(0)
    }

    #[test]
    fn styles_are_kept() {
        let src = "a: x  # c\nb: 'y'\nc: \"z\"\nd: 60\ne: true\nf: rhel\n";
        assert_eq!(
            set(
                src,
                &[
                    ("a", "new"),
                    ("b", "it's"),
                    ("c", "q\"x"),
                    ("d", "120"),
                    ("e", "false"),
                    ("f", "8.10")
                ]
            )
            .unwrap(),
            "a: new  # c\nb: 'it''s'\nc: \"q\\\"x\"\nd: 120\ne: false\nf: \"8.10\"\n"
        );
        assert_eq!(
            set(src, &[("a", "a: b")]).unwrap(),
            "a: \"a: b\"  # c\nb: 'y'\nc: \"z\"\nd: 60\ne: true\nf: rhel\n"
        );
        assert_eq!(
            set(src, &[("b", "x\ny")]).unwrap(),
            "a: x  # c\nb: \"x\\ny\"\nc: \"z\"\nd: 60\ne: true\nf: rhel\n"
        );
        assert_eq!(
            set(src, &[("d", "soon")]).unwrap(),
            "a: x  # c\nb: 'y'\nc: \"z\"\nd: soon\ne: true\nf: rhel\n"
        );
        assert_eq!(
            set(src, &[("d", "yes")]).unwrap(),
            "a: x  # c\nb: 'y'\nc: \"z\"\nd: \"yes\"\ne: true\nf: rhel\n"
        );
    }

    #[test]
    fn block_scalars() {
        let src = "a: |\n  one\n  two\nb: >-\n  folded\nc: 1\n";
        assert_eq!(
            set(src, &[("a", "x\ny\n")]).unwrap(),
            "a: |\n  x\n  y\nb: >-\n  folded\nc: 1\n"
        );
        assert_eq!(
            set(src, &[("a", "x")]).unwrap(),
            "a: |-\n  x\nb: >-\n  folded\nc: 1\n"
        );
        assert_eq!(
            set(src, &[("b", "z z")]).unwrap(),
            "a: |\n  one\n  two\nb: >-\n  z z\nc: 1\n"
        );
        assert_eq!(
            set(src, &[("b", "z\nz")]).unwrap(),
            "a: |\n  one\n  two\nb: \"z\\nz\"\nc: 1\n"
        );
    }

    #[test]
    fn inserts() {
        let src = "pack:\n  osImageOverride: ami-0123456789abcdef0\n  osName: rhel  # c\n# trailing\noptions: {a: 1}\n";
        assert_eq!(
            set(src, &[("pack/drain/timeout", "30"), ("pack/drain/force", "true"), ("pack/osVersion", "8.10"), ("options/b", "x y"), ("top", "1")]).unwrap(),
            "pack:\n  osImageOverride: ami-0123456789abcdef0\n  osName: rhel  # c\n  drain:\n    timeout: \"30\"\n    force: \"true\"\n  osVersion: \"8.10\"\n# trailing\noptions: {a: 1, b: x y}\ntop: \"1\"\n"
        );
        assert_eq!(
            set("", &[("pack/osName", "x")]).unwrap(),
            "pack:\n  osName: x\n"
        );
        assert_eq!(set("# c", &[("a", "x")]).unwrap(), "# c\na: x\n");
        assert_eq!(set("a:\nb: 1\n", &[("a", "x")]).unwrap(), "a: x\nb: 1\n");
        assert_eq!(
            set("a:\nb: 1\n", &[("a/c", "x")]).unwrap(),
            "a:\n  c: x\nb: 1\n"
        );
        assert_eq!(
            set("a: ~  # c\nb: 1\n", &[("a/c", "x")]).unwrap(),
            "a:  # c\n  c: x\nb: 1\n"
        );
        assert_eq!(
            set("l:\n  - k: 1\n", &[("l/0/j", "2")]).unwrap(),
            "l:\n  - k: 1\n    j: \"2\"\n"
        );
        assert_eq!(set("a: {}\n", &[("a/b", "x")]).unwrap(), "a: {b: x}\n");
    }

    #[test]
    fn errors_point_at_the_blocking_node() {
        let src = "a: x\nl: [1]\nm: &m {k: 1}\nn: *m\n";
        for (p, at) in [
            ("a/b", "x"),
            ("l/3", "[1]"),
            ("l/k", "[1]"),
            ("n/k", "*m"),
            ("m", "{k: 1}"),
            ("l/0/x/y", "1"),
            ("", ""),
        ] {
            let d = err(src, &[(p, "v")]);
            assert_eq!(d.code, Code::YamlEditPath, "{p}");
            assert_eq!(&src[d.span.range()], at, "{p}");
            assert_eq!(d.path, Path::parse(p));
        }
        assert_eq!(err(src, &[("a", "1"), ("a", "2")]).code, Code::YamlEditPath);
        assert_eq!(
            err(src, &[("q/r", "1"), ("q", "2")]).code,
            Code::YamlEditPath
        );
        assert_eq!(err("a: [\n", &[("a", "1")]).code, Code::YamlSyntax);
    }

    #[test]
    fn aliases_and_crlf() {
        assert_eq!(
            set("a: &x v\nb: *x\n", &[("b", "w")]).unwrap(),
            "a: &x v\nb: w\n"
        );
        assert_eq!(
            set("a: 1\r\nb:\r\n  c: 2\r\n", &[("b/d", "x")]).unwrap(),
            "a: 1\r\nb:\r\n  c: 2\r\n  d: x\r\n"
        );
    }
}
