//! The span-aware YAML document: every node knows its byte range in the original text.
//!
//! Parsing uses `saphyr-parser`'s event stream (YAML 1.2, pure Rust). Key order is kept,
//! dotted keys (`system.uri`) stay single keys, and aliases are kept as references to
//! their anchored node, so a "billion laughs" document stays small in memory; expansion
//! happens only on demand, under [`Limits::max_alias_expansion`].

mod fast;
pub(crate) mod lint;
pub(crate) mod scalar;
pub(crate) mod typing;

use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Finding, Path, Span};
use crate::limits::Limits;
use crate::source::LineIndex;
use saphyr_parser::{Event, Parser, ScalarStyle};
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

/// Index of a node in a [`Document`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct NodeId(u32);

impl NodeId {
    /// Its position in the document's nodes (`0..Document::node_count()`).
    pub(crate) fn index(self) -> usize {
        self.0 as usize
    }
}

/// How a scalar was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Style {
    /// `value`
    Plain,
    /// `'value'`
    SingleQuoted,
    /// `"value"`
    DoubleQuoted,
    /// `|` block
    Literal,
    /// `>` block
    Folded,
}

impl Style {
    /// Whether the scalar was quoted or a block scalar (so it is always a string).
    #[must_use]
    pub fn is_plain(self) -> bool {
        self == Style::Plain
    }
}

/// What a node is.
#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind<'a> {
    /// A scalar with its value (escapes and folding applied) and style.
    Scalar {
        /// The value as YAML reads it, always as text: borrowed from the source when it
        /// is written there as it reads (no escapes, folding or quotes to decode).
        value: Cow<'a, str>,
        /// How it was written.
        style: Style,
    },
    /// A sequence of nodes.
    Sequence(Vec<NodeId>),
    /// A mapping: key/value pairs in document order.
    Mapping(Vec<(NodeId, NodeId)>),
    /// An alias (`*name`) of an earlier anchored node.
    Alias(NodeId),
}

/// One node of the document.
#[derive(Clone, Debug, PartialEq)]
pub struct Node<'a> {
    /// What it is.
    pub kind: NodeKind<'a>,
    /// Bytes of the node's own text (for a scalar: the text including its quotes;
    /// for a block scalar: its content lines), without tag or anchor.
    pub range: Range<usize>,
    /// Bytes of the whole node including its tag and anchor.
    pub full_range: Range<usize>,
    /// The tag, e.g. `!!str` or `!custom`.
    pub tag: Option<String>,
    /// The anchor name, without `&`.
    pub anchor: Option<String>,
    /// Where the node hangs in its parent.
    parent: Parent,
    /// Number of nodes this node stands for with every alias expanded (saturating).
    expanded: u64,
}

impl Node<'_> {
    /// The node with its own copy of its strings, free of the document's text.
    #[must_use]
    pub fn to_owned_static(&self) -> Node<'static> {
        Node {
            kind: match &self.kind {
                NodeKind::Scalar { value, style } => NodeKind::Scalar {
                    value: Cow::Owned(value.to_string()),
                    style: *style,
                },
                NodeKind::Sequence(items) => NodeKind::Sequence(items.clone()),
                NodeKind::Mapping(entries) => NodeKind::Mapping(entries.clone()),
                NodeKind::Alias(id) => NodeKind::Alias(*id),
            },
            range: self.range.clone(),
            full_range: self.full_range.clone(),
            tag: self.tag.clone(),
            anchor: self.anchor.clone(),
            parent: self.parent,
            expanded: self.expanded,
        }
    }
}

/// A node's place in its parent collection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Parent {
    Root,
    Item(NodeId, usize),
    Key(NodeId),
    Value(NodeId, NodeId),
}

/// A scalar value resolved with the YAML 1.2 core schema.
#[derive(Clone, Debug, PartialEq)]
pub enum Resolved {
    /// `null`, `~` or empty.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer (decimal, `0o`, `0x`).
    Int(i128),
    /// A float, with its canonical text (`8.10` reads as `8.1`).
    Float(f64),
    /// Text.
    Str,
}

/// A parsed YAML stream: one or more documents over one source text.
#[derive(Clone, Debug)]
pub struct Document<'a> {
    text: &'a str,
    index: LineIndex,
    nodes: Vec<Node<'a>>,
    /// Root of each YAML document in the stream (`None` for an empty document),
    /// with the byte offset where that document starts.
    docs: Vec<(Option<NodeId>, usize)>,
    limits: Limits,
}

/// A node together with its document: the handle most code walks with.
#[derive(Clone, Copy, Debug)]
pub struct NodeRef<'d, 'a> {
    doc: &'d Document<'a>,
    id: NodeId,
}

/// One parser event, from saphyr-parser or from the fast path ([`fast`]); its span is
/// carried beside it in bytes.
#[derive(Debug, PartialEq)]
pub(crate) enum Ev<'t> {
    DocStart,
    DocEnd,
    /// Value, style, anchor id (0: none).
    Scalar(Cow<'t, str>, Style, usize),
    SeqStart(usize),
    MapStart(usize),
    SeqEnd,
    MapEnd,
    Alias(usize),
}

/// What [`Document::event`] keeps between events.
#[derive(Default)]
struct BuildState {
    /// The next event's node has no tag and no anchor: saphyr-parser says so for each
    /// event, and the fast reader leaves every text with one to saphyr-parser. (Its span
    /// may still start with `!` or `&`: a block scalar's span starts at its content
    /// when it has no properties.)
    no_properties: bool,
    anchors: HashMap<usize, NodeId>,
    stack: Vec<Frame>,
    doc_start: usize,
    root: Option<NodeId>,
}

enum Frame {
    Seq(NodeId, Vec<NodeId>),
    Map(NodeId, Vec<(NodeId, NodeId)>, Option<NodeId>),
}

impl Frame {
    fn id(&self) -> NodeId {
        match self {
            Frame::Seq(id, _) | Frame::Map(id, _, _) => *id,
        }
    }
}

impl<'a> Document<'a> {
    /// Parse `text`. Problems (syntax errors, exceeded limits, …) are pushed to `diags`;
    /// after a fatal one the document holds no roots.
    #[must_use]
    pub fn parse(text: &'a str, limits: &Limits, diags: &mut Vec<Diagnostic>) -> Document<'a> {
        Document::parse_with(text, limits, diags, true)
    }

    /// [`Document::parse`], with the fast reader tried first when `fast`.
    fn parse_with(
        text: &'a str,
        limits: &Limits,
        diags: &mut Vec<Diagnostic>,
        fast: bool,
    ) -> Document<'a> {
        // Past the size limit nothing is read: not even the line index is built.
        let too_big = text.len() > limits.max_input_bytes;
        let index = LineIndex::new(if too_big { "" } else { text });
        let mut doc = Document {
            text,
            index,
            nodes: Vec::new(),
            docs: Vec::new(),
            limits: *limits,
        };
        if too_big {
            diags.push(
                doc.diag(
                    Code::LimitInputSize,
                    Path::root(),
                    0..0,
                    format!(
                        "input is {} bytes, more than the limit of {} bytes",
                        text.len(),
                        limits.max_input_bytes
                    ),
                )
                .with_help("raise `limits.max_input_bytes` if this input is expected"),
            );
            return doc;
        }
        // saphyr buffers every token of a flow collection until it closes, so bound the
        // number of flow items before parsing: each needs a `,`, `[` or `{`.
        // (A text no longer than the limit cannot hold more.)
        if let Some(at) = (text.len() > limits.max_nodes)
            .then(|| memchr::memchr3_iter(b',', b'[', b'{', text.as_bytes()))
            .into_iter()
            .flatten()
            .nth(limits.max_nodes)
        {
            diags.push(
                doc.diag(
                    Code::LimitNodes,
                    Path::root(),
                    at..at + 1,
                    format!("more than {} YAML nodes", limits.max_nodes),
                )
                .with_help("raise `limits.max_nodes` if this input is expected"),
            );
            return doc;
        }
        let chars = scan_chars(text);
        if let Some((at, c)) = chars.forbidden {
            diags.push(
                doc.diag(
                    Code::YamlControlCharacter,
                    Path::root(),
                    at..at + c.len_utf8(),
                    format!(
                        "control character U+{:04X} is not allowed in YAML",
                        u32::from(c)
                    ),
                )
                .with_help("remove it; inside double quotes write it as an escape such as `\\x07`"),
            );
            return doc;
        }
        let built = if fast {
            doc.build(limits, chars.plain)
        } else {
            doc.build_saphyr(limits)
        };
        if let Err(d) = built {
            doc.nodes.clear();
            doc.docs.clear();
            diags.push(*d);
        }
        doc
    }

    /// Where `text` is this document's text with quoted scalars rewritten: each edit (in
    /// the order of the text) a scalar node that is not a key, written in single or
    /// double quotes, replaced by `new_region` of `text`, written on one line in the same
    /// quotes; the bytes between the edits unchanged. With `blocks`, an edit may also be
    /// a block scalar's content (its range) rewritten in place, any text, its header
    /// unchanged before it: it is still a block scalar, of a value this function does not
    /// know. The edits' (old, new) ranges, or `None` when `text` is not such a text. The
    /// rendering of macros ([`crate::template`]'s emitter) makes such texts, and reads
    /// each one back as this document's structure with the new values.
    pub(crate) fn quoted_edits(
        &self,
        text: &str,
        edits: impl IntoIterator<Item = (NodeId, Range<usize>)>,
        blocks: bool,
    ) -> Option<Vec<(Range<usize>, Range<usize>)>> {
        if self.nodes.is_empty() {
            return None;
        }
        let mut moves: Vec<(Range<usize>, Range<usize>)> = Vec::new();
        let (mut old_at, mut new_at) = (0, 0);
        for (id, new) in edits {
            let node = self.nodes.get(id.index())?;
            let NodeKind::Scalar { style, .. } = &node.kind else {
                return None;
            };
            let q = match style {
                Style::DoubleQuoted => b'"',
                Style::SingleQuoted => b'\'',
                Style::Literal | Style::Folded if blocks => {
                    let old = node.range.clone();
                    if matches!(node.parent, Parent::Key(_))
                        || old.start < old_at
                        || new.start < new_at
                        || self.text.get(old_at..old.start)? != text.get(new_at..new.start)?
                    {
                        return None;
                    }
                    old_at = old.end;
                    new_at = new.end;
                    moves.push((old, new));
                    continue;
                }
                _ => return None,
            };
            let old = node.range.clone();
            let written = text.get(new.clone())?;
            let wb = written.as_bytes();
            if matches!(node.parent, Parent::Key(_))
                || old.start < old_at
                || new.start < new_at
                || wb.len() < 2
                || wb[0] != q
                || wb[wb.len() - 1] != q
                || self.text.as_bytes().get(old.start) != Some(&q)
                || written.contains(['\n', '\r'])
                || self.text.get(old_at..old.start)? != text.get(new_at..new.start)?
            {
                return None;
            }
            old_at = old.end;
            new_at = new.end;
            moves.push((old, new));
        }
        (self.text.get(old_at..)? == text.get(new_at..)?).then_some(moves)
    }

    /// The document that [`Document::parse`] of `text` with `limits` gives, made without
    /// parsing, when `text` is this document's text with quoted scalars rewritten
    /// ([`Document::quoted_edits`]), each edit's node reading as its value. `None`
    /// whenever anything else could happen: an edit of another kind, other limits than
    /// this document's, or a text the parse would refuse before reading it (its size,
    /// the number of flow items, a character YAML does not allow in an edit; this
    /// document's text parsed without an error, so the rest holds none). Debug builds
    /// compare the result with a parse.
    pub(crate) fn with_quoted_edits<'b>(
        &self,
        text: &'b str,
        edits: &[(NodeId, Range<usize>, &str)],
        limits: &Limits,
    ) -> Option<Document<'b>>
    where
        'a: 'b,
    {
        if *limits != self.limits
            || text.len() > limits.max_input_bytes
            || (text.len() > limits.max_nodes
                && memchr::memchr3_iter(b',', b'[', b'{', text.as_bytes())
                    .nth(limits.max_nodes)
                    .is_some())
        {
            return None;
        }
        let moves =
            self.quoted_edits(text, edits.iter().map(|(id, r, _)| (*id, r.clone())), false)?;
        if moves
            .iter()
            .any(|(_, n)| first_forbidden_char(&text[n.clone()]).is_some())
        {
            return None;
        }
        // An offset outside the edited scalars moves by the growth of the edits before
        // it: the `k` edits that end at or before it. The nodes' starts grow in node
        // order, so `k` is found from the last one's; a collection's end is searched.
        let count = |p: usize, from: usize| -> usize {
            if from > 0 && moves[from - 1].0.end > p {
                return moves.partition_point(|(o, _)| o.end <= p);
            }
            from + moves[from..].iter().take_while(|(o, _)| o.end <= p).count()
        };
        let shift = |p: usize, k: usize| -> Option<usize> {
            if moves.get(k).is_some_and(|(o, _)| o.start < p) {
                return None; // inside an edited scalar
            }
            match k.checked_sub(1).map(|i| &moves[i]) {
                Some((o, n)) => Some(p - o.end + n.end),
                None => Some(p),
            }
        };
        let mut nodes = Vec::with_capacity(self.nodes.len());
        let mut next = edits.iter().zip(&moves).peekable();
        let mut k = 0;
        for (i, node) in self.nodes.iter().enumerate() {
            let edit = next.next_if(|((id, _, _), _)| id.index() == i);
            k = count(node.full_range.start, k);
            let full_start = shift(node.full_range.start, k)?;
            let kr = count(node.range.start, k);
            let start = shift(node.range.start, kr)?;
            let (range, full_range) = match edit {
                Some((_, (_, new))) => (new.clone(), full_start..new.end),
                None => {
                    let scalar = !matches!(node.kind, NodeKind::Mapping(_) | NodeKind::Sequence(_));
                    let end = |p: usize| {
                        shift(
                            p,
                            if scalar {
                                count(p, kr)
                            } else {
                                moves.partition_point(|(o, _)| o.end <= p)
                            },
                        )
                    };
                    (
                        start..end(node.range.end)?,
                        full_start..end(node.full_range.end)?,
                    )
                }
            };
            let kind = match (edit, &node.kind) {
                (Some(((_, _, value), _)), NodeKind::Scalar { style, .. }) => NodeKind::Scalar {
                    value: Cow::Owned((*value).to_owned()),
                    style: *style,
                },
                _ => node.kind.clone(),
            };
            nodes.push(Node {
                kind,
                range,
                full_range,
                tag: node.tag.clone(),
                anchor: node.anchor.clone(),
                parent: node.parent,
                expanded: node.expanded,
            });
        }
        // Every edit names a node, each once, in the order of the nodes.
        if next.next().is_some() {
            return None;
        }
        let docs = self
            .docs
            .iter()
            .map(|(root, at)| {
                let k = moves.partition_point(|(o, _)| o.end <= *at);
                Some((*root, shift(*at, k)?))
            })
            .collect::<Option<Vec<_>>>()?;
        let doc = Document {
            text,
            index: LineIndex::new(text),
            nodes,
            docs,
            limits: *limits,
        };
        #[cfg(debug_assertions)]
        {
            let mut diags = Vec::new();
            let parsed = Document::parse(text, limits, &mut diags);
            assert!(
                !crate::diagnostic::has_errors(&diags),
                "the edited text does not parse: {diags:?}"
            );
            first_difference(text, (&doc.nodes, &doc.docs), (&parsed.nodes, &parsed.docs));
        }
        Some(doc)
    }

    /// The nodes of the text: from the fast reader when it handles the text, else from
    /// saphyr-parser. Both give the same document (debug builds check it on every parse).
    /// `plain`: the text is known to have none of the characters the fast reader leaves
    /// to saphyr-parser ([`CharScan::plain`]).
    fn build(&mut self, limits: &Limits, plain: bool) -> Result<(), Box<Diagnostic>> {
        let mut state = BuildState {
            no_properties: true,
            ..BuildState::default()
        };
        let mut result = Ok(());
        let text = self.text;
        // About one node per 16 bytes in values files.
        self.nodes.reserve(text.len() / 16);
        // Past an error the reader still reads to the end: the text may be one it leaves
        // to saphyr-parser, whose error would come first.
        let handled = fast::scan(text, limits, plain, |ev, start, end| {
            if result.is_ok() {
                result = self.event(limits, &mut state, ev, start, end);
            }
        });
        if !handled {
            self.nodes.clear();
            self.docs.clear();
            return self.build_saphyr(limits);
        }
        #[cfg(debug_assertions)]
        self.assert_like_saphyr(limits, result.as_ref().err().map(|d| &**d));
        result
    }

    /// Parse `text` with the fast reader (when it handles the text) and with
    /// saphyr-parser alone, panic unless both give the same document and diagnostics;
    /// whether the fast reader handled it.
    #[cfg(test)]
    pub(crate) fn parse_both_ways(text: &str, limits: &Limits) -> bool {
        let (mut d1, mut d2) = (Vec::new(), Vec::new());
        let a = Document::parse_with(text, limits, &mut d1, true);
        let b = Document::parse_with(text, limits, &mut d2, false);
        assert_eq!(d1, d2, "diagnostics differ on {text:?}");
        first_difference(text, (&a.nodes, &a.docs), (&b.nodes, &b.docs));
        fast::scan(text, limits, false, |_, _, _| {})
    }

    /// The fast reader's document is the one saphyr-parser's events give.
    #[cfg(debug_assertions)]
    fn assert_like_saphyr(&self, limits: &Limits, error: Option<&Diagnostic>) {
        let mut slow = Document {
            text: self.text,
            index: LineIndex::new(self.text),
            nodes: Vec::new(),
            docs: Vec::new(),
            limits: *limits,
        };
        let slow_result = slow.build_saphyr(limits);
        assert_eq!(
            error,
            slow_result.as_ref().err().map(|d| &**d),
            "fast and saphyr readers disagree on {:?}",
            self.text
        );
        first_difference(
            self.text,
            (&self.nodes, &self.docs),
            (&slow.nodes, &slow.docs),
        );
    }

    /// The document from saphyr-parser's events, their character spans made byte offsets.
    fn build_saphyr(&mut self, limits: &Limits) -> Result<(), Box<Diagnostic>> {
        let text = self.text;
        let mut state = BuildState::default();
        // The last event's start (character index, byte offset): offsets count on from it.
        let mut last = (0usize, 0usize);
        for item in Parser::new_from_str(text) {
            let (event, span) = match item {
                Ok(x) => x,
                Err(e) => {
                    let at = self.index.char_to_byte(text, e.marker().index());
                    return Err(Box::new(self.syntax_error(e.info(), at, &state.stack)));
                }
            };
            let start = self.index.char_to_byte_from(text, span.start.index(), last);
            last = (span.start.index(), start);
            let end = self
                .index
                .char_to_byte_from(text, span.end.index(), last)
                .max(start);
            let ev = match event {
                Event::DocumentStart(_) => Ev::DocStart,
                Event::DocumentEnd => Ev::DocEnd,
                Event::Scalar(value, style, anchor_id, tag) => {
                    state.no_properties = anchor_id == 0 && tag.is_none();
                    let style = match style {
                        ScalarStyle::SingleQuoted => Style::SingleQuoted,
                        ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
                        ScalarStyle::Literal => Style::Literal,
                        ScalarStyle::Folded => Style::Folded,
                        _ => Style::Plain,
                    };
                    Ev::Scalar(value, style, anchor_id)
                }
                Event::SequenceStart(anchor_id, tag) => {
                    state.no_properties = anchor_id == 0 && tag.is_none();
                    Ev::SeqStart(anchor_id)
                }
                Event::MappingStart(anchor_id, tag) => {
                    state.no_properties = anchor_id == 0 && tag.is_none();
                    Ev::MapStart(anchor_id)
                }
                Event::SequenceEnd => Ev::SeqEnd,
                Event::MappingEnd => Ev::MapEnd,
                Event::Alias(anchor_id) => Ev::Alias(anchor_id),
                Event::StreamStart | Event::StreamEnd | Event::Nothing => continue,
            };
            self.event(limits, &mut state, ev, start, end)?;
        }
        Ok(())
    }

    /// Add one event, at bytes `start..end` of the text, to the document.
    fn event(
        &mut self,
        limits: &Limits,
        state: &mut BuildState,
        ev: Ev<'a>,
        start: usize,
        end: usize,
    ) -> Result<(), Box<Diagnostic>> {
        match ev {
            Ev::DocStart => {
                state.doc_start = start;
                state.root = None;
            }
            Ev::DocEnd => self.docs.push((state.root.take(), state.doc_start)),
            Ev::Scalar(value, style, anchor_id) => {
                self.scalar(limits, state, value, style, anchor_id, start, end)?;
            }
            Ev::SeqStart(anchor_id) | Ev::MapStart(anchor_id) => {
                if state.stack.len() >= limits.max_depth {
                    return Err(Box::new(self.depth_error(start, &state.stack)));
                }
                let is_seq = matches!(ev, Ev::SeqStart(..));
                let (props_end, tag_text, anchor) = properties(self.text, state, start, end);
                let id = self.push(
                    limits,
                    Node {
                        kind: if is_seq {
                            NodeKind::Sequence(Vec::new())
                        } else {
                            NodeKind::Mapping(Vec::new())
                        },
                        range: props_end..props_end,
                        full_range: start..props_end,
                        tag: tag_text,
                        anchor,
                        parent: Parent::Root,
                        expanded: 1,
                    },
                )?;
                if anchor_id != 0 {
                    state.anchors.insert(anchor_id, id);
                }
                state.stack.push(if is_seq {
                    Frame::Seq(id, Vec::new())
                } else {
                    Frame::Map(id, Vec::new(), None)
                });
            }
            Ev::SeqEnd | Ev::MapEnd => self.end_collection(state, start, end)?,
            Ev::Alias(anchor_id) => self.alias(limits, state, anchor_id, start, end)?,
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn scalar(
        &mut self,
        limits: &Limits,
        state: &mut BuildState,
        value: Cow<'a, str>,
        style: Style,
        anchor_id: usize,
        start: usize,
        end: usize,
    ) -> Result<(), Box<Diagnostic>> {
        let text = self.text;
        let (props_end, tag_text, anchor) = properties(text, state, start, end);
        let range = scalar_range(text, props_end, end, style);
        // Quoted scalars end at their closing quote, not after a comment.
        let end = if matches!(style, Style::SingleQuoted | Style::DoubleQuoted) {
            range.end
        } else {
            end
        };
        let id = self.push(
            limits,
            Node {
                kind: NodeKind::Scalar { value, style },
                range,
                full_range: start..end,
                tag: tag_text,
                anchor,
                parent: Parent::Root,
                expanded: 1,
            },
        )?;
        if anchor_id != 0 {
            state.anchors.insert(anchor_id, id);
        }
        self.attach(&mut state.stack, &mut state.root, id)
    }

    fn end_collection(
        &mut self,
        state: &mut BuildState,
        start: usize,
        end: usize,
    ) -> Result<(), Box<Diagnostic>> {
        let Some(frame) = state.stack.pop() else {
            return Ok(());
        };
        let (id, kind, last) = match frame {
            Frame::Seq(id, items) => {
                let last = items.last().copied();
                (id, NodeKind::Sequence(items), last)
            }
            Frame::Map(id, entries, _) => {
                let last = entries.last().map(|e| e.1);
                (id, NodeKind::Mapping(entries), last)
            }
        };
        // Flow collections end at their closing bracket; block ones at their last child.
        let flow_end = (end > start).then_some(end);
        let child_end = last.map(|l| self.nodes[l.index()].full_range.end);
        let node = &mut self.nodes[id.index()];
        let node_end = flow_end.or(child_end).unwrap_or(node.range.start);
        node.range.end = node_end.max(node.range.start);
        node.full_range.end = node.range.end;
        node.kind = kind;
        self.attach(&mut state.stack, &mut state.root, id)
    }

    fn alias(
        &mut self,
        limits: &Limits,
        state: &mut BuildState,
        anchor_id: usize,
        start: usize,
        end: usize,
    ) -> Result<(), Box<Diagnostic>> {
        let Some(&target) = state.anchors.get(&anchor_id) else {
            return Err(Box::new(self.syntax_error(
                "unknown anchor",
                start,
                &state.stack,
            )));
        };
        if state.stack.iter().any(|f| f.id() == target) {
            let path = self.stack_path(&state.stack);
            return Err(Box::new(
                self.diag(
                    Code::YamlRecursiveAlias,
                    path,
                    start..end,
                    "alias refers to a node that contains it",
                )
                .with_help("an alias must refer to a complete, earlier node"),
            ));
        }
        let id = self.push(
            limits,
            Node {
                kind: NodeKind::Alias(target),
                range: start..end,
                full_range: start..end,
                tag: None,
                anchor: None,
                parent: Parent::Root,
                expanded: 1,
            },
        )?;
        self.attach(&mut state.stack, &mut state.root, id)
    }

    fn push(&mut self, limits: &Limits, node: Node<'a>) -> Result<NodeId, Box<Diagnostic>> {
        if self.nodes.len() >= limits.max_nodes {
            let at = node.full_range.start;
            return Err(Box::new(
                self.diag(
                    Code::LimitNodes,
                    Path::root(),
                    at..at,
                    format!("more than {} YAML nodes", limits.max_nodes),
                )
                .with_help("raise `limits.max_nodes` if this input is expected"),
            ));
        }
        let id = NodeId(u32::try_from(self.nodes.len()).unwrap_or(u32::MAX));
        self.nodes.push(node);
        Ok(id)
    }

    fn attach(
        &mut self,
        stack: &mut [Frame],
        root: &mut Option<NodeId>,
        id: NodeId,
    ) -> Result<(), Box<Diagnostic>> {
        let size = match &self.nodes[id.index()].kind {
            NodeKind::Scalar { .. } => 1,
            NodeKind::Alias(t) => self.nodes[t.index()].expanded,
            NodeKind::Sequence(items) => items.iter().fold(1u64, |n, c| {
                n.saturating_add(self.nodes[c.index()].expanded)
            }),
            NodeKind::Mapping(entries) => entries.iter().fold(1u64, |n, (k, v)| {
                n.saturating_add(self.nodes[k.index()].expanded)
                    .saturating_add(self.nodes[v.index()].expanded)
            }),
        };
        self.nodes[id.index()].expanded = size;
        if size > self.limits.max_alias_expansion as u64 {
            let path = self.stack_path(stack);
            let range = self.nodes[id.index()].full_range.clone();
            let at = match &self.nodes[id.index()].kind {
                NodeKind::Sequence(items) => items
                    .iter()
                    .rev()
                    .find(|c| matches!(self.nodes[c.index()].kind, NodeKind::Alias(_)))
                    .map(|c| self.nodes[c.index()].range.clone()),
                NodeKind::Mapping(entries) => entries
                    .iter()
                    .rev()
                    .map(|e| e.1)
                    .find(|c| matches!(self.nodes[c.index()].kind, NodeKind::Alias(_)))
                    .map(|c| self.nodes[c.index()].range.clone()),
                _ => None,
            }
            .unwrap_or(range);
            return Err(Box::new(
                self.diag(
                    Code::LimitAliasExpansion,
                    path,
                    at,
                    format!(
                        "aliases here expand to more than {} nodes",
                        self.limits.max_alias_expansion
                    ),
                )
                .with_help(
                    "this looks like a \"billion laughs\" document; use fewer nested aliases",
                ),
            ));
        }
        let parent = match stack.last_mut() {
            None => {
                *root = Some(id);
                Parent::Root
            }
            Some(Frame::Seq(p, items)) => {
                items.push(id);
                Parent::Item(*p, items.len() - 1)
            }
            Some(Frame::Map(p, entries, key)) => match key.take() {
                None => {
                    *key = Some(id);
                    Parent::Key(*p)
                }
                Some(k) => {
                    entries.push((k, id));
                    Parent::Value(*p, k)
                }
            },
        };
        self.nodes[id.index()].parent = parent;
        Ok(())
    }

    /// The YAML path of a node (a key node has the path of its entry).
    #[must_use]
    pub fn path_of(&self, id: NodeId) -> Path {
        let mut segs = Vec::new();
        let mut cur = id;
        // Parents always have smaller ids, so this terminates.
        loop {
            match self.nodes[cur.index()].parent {
                Parent::Root => break,
                Parent::Item(p, i) => {
                    segs.push(crate::diagnostic::Segment::Index(i));
                    cur = p;
                }
                Parent::Key(p) => {
                    segs.push(crate::diagnostic::Segment::Key(self.key_text(cur)));
                    cur = p;
                }
                Parent::Value(p, k) => {
                    segs.push(crate::diagnostic::Segment::Key(self.key_text(k)));
                    cur = p;
                }
            }
        }
        segs.reverse();
        Path(segs)
    }

    fn stack_path(&self, stack: &[Frame]) -> Path {
        let mut path = Path::root();
        for f in stack {
            match f {
                Frame::Seq(_, items) => path = path.join(items.len()),
                Frame::Map(_, _, Some(k)) => path = path.join(self.key_text(*k)),
                Frame::Map(..) => {}
            }
        }
        path
    }

    fn syntax_error(&self, info: &str, at: usize, stack: &[Frame]) -> Diagnostic {
        if info.contains("recursion limit") {
            return self.depth_error(at, stack);
        }
        let text = self.text;
        let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
        let mut d = self.diag(
            Code::YamlSyntax,
            self.stack_path(stack),
            at..end,
            info.to_owned(),
        );
        let (line, _) = self.index.line_col(text, at);
        let line_text = &text[self.index.line_range(text, line as usize)];
        if line_text.contains(['“', '”', '‘', '’']) {
            d = d.with_help(
                "this line has curly quotes (“ ” ‘ ’); YAML only knows straight quotes \" and '",
            );
        } else if info.contains("unprintable") || info.contains("control") {
            d.code = Code::YamlControlCharacter;
            d.message = "control character not allowed in YAML".into();
            d = d.with_help("remove the character, or write it as an escape inside double quotes");
        } else if info.contains("tab") {
            d = d.with_help("indent with spaces; YAML does not allow tabs for indentation");
        } else if info.contains("mapping values are not allowed") {
            d = d.with_help(
                "quote a value that contains `: `, or check the indentation of this line",
            );
        }
        d
    }

    fn depth_error(&self, at: usize, stack: &[Frame]) -> Diagnostic {
        self.diag(
            Code::LimitDepth,
            Path::root(),
            at..at,
            format!(
                "nesting deeper than {} levels",
                self.limits.max_depth.min(stack.len().max(1))
            ),
        )
        .with_help("raise `limits.max_depth` if this input is expected")
    }

    /// A diagnostic with the span of `range`.
    #[must_use]
    pub(crate) fn diag(
        &self,
        code: Code,
        path: Path,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        self.place(Finding::new(code, range, message), path)
    }

    /// The diagnostic `finding` (made in bytes of this document's source) is at `path`.
    #[must_use]
    pub(crate) fn place(&self, finding: Finding, path: Path) -> Diagnostic {
        let span = self.span(finding.at.clone());
        finding.place(path, span)
    }

    /// The [`Span`] of a byte range.
    #[must_use]
    pub fn span(&self, range: Range<usize>) -> Span {
        Span::new(self.text, &self.index, range.start, range.end)
    }

    /// The source text.
    #[must_use]
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The line index of the source text.
    #[must_use]
    pub fn line_index(&self) -> &LineIndex {
        &self.index
    }

    /// The limits this document was parsed with.
    #[must_use]
    pub(crate) fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Number of YAML documents in the stream.
    #[must_use]
    pub fn document_count(&self) -> usize {
        self.docs.len()
    }

    /// Root of the `n`-th document (`None` when it is empty or missing), and the byte
    /// offset where that document starts.
    #[must_use]
    pub fn document(&self, n: usize) -> Option<(Option<NodeRef<'_, 'a>>, usize)> {
        self.docs
            .get(n)
            .map(|(r, at)| (r.map(|id| NodeRef { doc: self, id }), *at))
    }

    /// Root of the first document.
    #[must_use]
    pub fn root(&self) -> Option<NodeRef<'_, 'a>> {
        self.docs
            .first()
            .and_then(|(r, _)| r.map(|id| NodeRef { doc: self, id }))
    }

    /// The node with this id.
    #[must_use]
    pub fn node(&self, id: NodeId) -> &Node<'a> {
        &self.nodes[id.index()]
    }

    /// The node with this id, as a [`NodeRef`].
    #[must_use]
    pub fn node_ref(&self, id: NodeId) -> NodeRef<'_, 'a> {
        NodeRef { doc: self, id }
    }

    /// How many nodes the document has.
    pub(crate) fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// Every node, in document order of their starts (containers before children).
    pub fn nodes(&self) -> impl Iterator<Item = NodeRef<'_, 'a>> {
        (0..self.nodes.len()).map(|i| NodeRef {
            doc: self,
            id: NodeId(u32::try_from(i).unwrap_or(u32::MAX)),
        })
    }

    /// Whether the node is a mapping key.
    pub(crate) fn is_key(&self, id: NodeId) -> bool {
        matches!(self.nodes[id.index()].parent, Parent::Key(_))
    }

    /// Whether any mapping in the document has the key `key`.
    #[must_use]
    pub fn has_key(&self, key: &str) -> bool {
        self.nodes.iter().any(|n| {
            matches!(n.parent, Parent::Key(_))
                && matches!(&n.kind, NodeKind::Scalar { value, .. } if value == key)
        })
    }

    fn key_text(&self, id: NodeId) -> String {
        match &self.nodes[id.index()].kind {
            NodeKind::Scalar { value, .. } => value.to_string(),
            NodeKind::Alias(t) => self.key_text(*t),
            _ => String::from("?"),
        }
    }
}

/// Panic with the first node that differs between the fast reader's document and
/// saphyr-parser's.
#[cfg(any(test, debug_assertions))]
#[allow(clippy::type_complexity)]
fn first_difference(
    text: &str,
    fast: (&[Node], &[(Option<NodeId>, usize)]),
    saphyr: (&[Node], &[(Option<NodeId>, usize)]),
) {
    if fast == saphyr {
        return;
    }
    // A collection differs when a child does: show the first scalar that differs.
    let differ = |(a, b): (&Node, &Node)| a != b;
    let at = (fast.0.iter().zip(saphyr.0))
        .position(|p| differ(p) && matches!(p.0.kind, NodeKind::Scalar { .. }))
        .or_else(|| fast.0.iter().zip(saphyr.0).position(differ));
    let (a, b) = at.map_or((None, None), |i| (fast.0.get(i), saphyr.0.get(i)));
    let near = a.map_or(0, |n| n.full_range.start);
    panic!(
        "fast and saphyr readers disagree at node {at:?} (near {:?}): fast {a:?}, saphyr {b:?}; {} / {} nodes, documents {:?} / {:?}",
        &text[crate::source::floor_char_boundary(text, near.saturating_sub(40))
            ..crate::source::floor_char_boundary(text, near + 40)],
        fast.0.len(),
        saphyr.0.len(),
        fast.1,
        saphyr.1
    );
}

/// The first character YAML does not allow, and its byte offset.
fn first_forbidden_char(text: &str) -> Option<(usize, char)> {
    scan_chars(text).forbidden
}

/// What one scan of every character of a text finds.
struct CharScan {
    /// The first character YAML does not allow, and its byte offset.
    forbidden: Option<(usize, char)>,
    /// Up to there: no tab, carriage return, byte order mark or character YAML 1.1 reads
    /// as a line break (U+0085, U+2028, U+2029): a text the fast reader takes without
    /// looking at its bytes again.
    plain: bool,
}

/// [`CharScan`] of `text`, thirty-two bytes at a time: a chunk of printable ASCII and
/// line feeds (and, once the text is known not to be plain, tabs and carriage returns)
/// is skipped at once, by one branch-free test of every byte that the compiler
/// turns into vector compares; only a chunk with anything else is looked at byte by byte
/// and decoded (most values files are ASCII, and this scan runs over every byte of every
/// input).
fn scan_chars(text: &str) -> CharScan {
    const CHUNK: usize = 32;
    let printable = |b: u8| b.wrapping_sub(0x20) < 0x5f || b == b'\n';
    let bytes = text.as_bytes();
    let mut plain = true;
    let mut i = 0;
    let forbidden = loop {
        let slow_end = match bytes.get(i..i + CHUNK) {
            Some(chunk) => {
                let other = if plain {
                    chunk.iter().fold(false, |acc, &b| acc | !printable(b))
                } else {
                    chunk.iter().fold(false, |acc, &b| {
                        acc | !(printable(b) || b == b'\t' || b == b'\r')
                    })
                };
                if !other {
                    i += CHUNK;
                    continue;
                }
                i + CHUNK
            }
            None => bytes.len(),
        };
        let mut found = None;
        while i < slow_end {
            let b = bytes[i];
            if b < 0x80 {
                if matches!(b, b'\t' | b'\r') {
                    plain = false;
                } else if (b < 0x20 && b != b'\n') || b == 0x7f {
                    found = Some((i, char::from(b)));
                    break;
                }
                i += 1;
            } else {
                let Some(c) = text[i..].chars().next() else {
                    break;
                };
                if is_forbidden_char(c) {
                    found = Some((i, c));
                    break;
                }
                if matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}') {
                    plain = false;
                }
                i += c.len_utf8();
            }
        }
        if found.is_some() || i >= bytes.len() {
            break found;
        }
    };
    CharScan { forbidden, plain }
}

/// Characters YAML 1.2 does not allow in a stream (outside the printable set), except
/// a byte order mark at the very start, which the parser handles.
fn is_forbidden_char(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}' | '\u{80}'..='\u{84}' | '\u{86}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}')
}

/// Skip a node's properties (`!tag`, `&anchor`) at the start of `start..end`; return the
/// offset after them, the tag and the anchor (none from the fast reader's events).
fn properties(
    text: &str,
    state: &BuildState,
    start: usize,
    end: usize,
) -> (usize, Option<String>, Option<String>) {
    if state.no_properties {
        return (start, None, None);
    }
    let bytes = text.as_bytes();
    let (mut i, mut tag, mut anchor) = (start, None, None);
    loop {
        let mut j = i;
        while j < end && matches!(bytes[j], b' ' | b'\t' | b'\n' | b'\r') {
            j += 1;
        }
        if j >= end || !matches!(bytes[j], b'!' | b'&') {
            return (
                if tag.is_some() || anchor.is_some() {
                    j
                } else {
                    i
                },
                tag,
                anchor,
            );
        }
        let mut k = j + 1;
        while k < end
            && !matches!(
                bytes[k],
                b' ' | b'\t' | b'\n' | b'\r' | b',' | b'[' | b']' | b'{' | b'}'
            )
        {
            k += 1;
        }
        let word = &text[j..k];
        if bytes[j] == b'!' {
            tag = Some(word.to_owned());
        } else {
            anchor = Some(word[1..].to_owned());
        }
        i = k;
    }
}

/// The range of a scalar's own text: quoted scalars from quote to quote; block scalars
/// their content lines without the header and trailing blank space.
fn scalar_range(text: &str, start: usize, end: usize, style: Style) -> Range<usize> {
    match style {
        Style::Literal | Style::Folded => {
            let mut s = start;
            // With properties the span starts at the header (`|-`); skip to the next line.
            if matches!(text.as_bytes().get(s), Some(b'|' | b'>')) {
                s = text[s..end].find('\n').map_or(end, |n| s + n + 1);
            }
            let body = &text[s..end];
            let trimmed = body.trim_end();
            let lead = body.len() - body.trim_start_matches([' ', '\t']).len();
            let s2 = if trimmed.is_empty() { s } else { s + lead };
            s2..(s + trimmed.len()).max(s2)
        }
        Style::SingleQuoted | Style::DoubleQuoted => start..quoted_end(text, start, end, style),
        _ => start..end,
    }
}

/// The offset after the closing quote of a quoted scalar that opens at `start` (the
/// parser's span may run on over trailing spaces and a comment).
fn quoted_end(text: &str, start: usize, end: usize, style: Style) -> usize {
    let b = text.as_bytes();
    let q = if style == Style::SingleQuoted {
        b'\''
    } else {
        b'"'
    };
    if b.get(start) != Some(&q) {
        return end;
    }
    let mut i = start + 1;
    while i < end {
        // To the next quote or, in double quotes, escape.
        let rest = &b[i..end];
        let Some(n) = (if q == b'"' {
            memchr::memchr2(q, b'\\', rest)
        } else {
            memchr::memchr(q, rest)
        }) else {
            break;
        };
        i += n;
        // An escape, or `''` in single quotes: two bytes of the value.
        if b[i] == b'\\' || (q == b'\'' && b.get(i + 1) == Some(&b'\'')) {
            i += 2;
        } else {
            return i + 1;
        }
    }
    end
}

impl<'d, 'a> NodeRef<'d, 'a> {
    /// The document.
    #[must_use]
    pub fn doc(&self) -> &'d Document<'a> {
        self.doc
    }

    /// This node's id.
    #[must_use]
    pub fn id(&self) -> NodeId {
        self.id
    }

    /// The node itself (not following aliases).
    #[must_use]
    pub fn node(&self) -> &'d Node<'a> {
        &self.doc.nodes[self.id.index()]
    }

    /// The node an alias points to (itself if not an alias).
    #[must_use]
    pub fn resolve(self) -> NodeRef<'d, 'a> {
        let mut cur = self;
        // Alias targets are always earlier, complete nodes, so this terminates.
        while let NodeKind::Alias(t) = cur.node().kind {
            cur = NodeRef {
                doc: self.doc,
                id: t,
            };
        }
        cur
    }

    /// The node's own text range (aliases: the `*name`).
    #[must_use]
    pub fn range(&self) -> Range<usize> {
        self.node().range.clone()
    }

    /// The source text of this node (aliases: the `*name`).
    #[must_use]
    pub fn source_text(&self) -> &'a str {
        &self.doc.text[self.range()]
    }

    /// Whether this is an alias.
    #[must_use]
    pub fn is_alias(&self) -> bool {
        matches!(self.node().kind, NodeKind::Alias(_))
    }

    /// The scalar value and style, following aliases.
    #[must_use]
    pub fn scalar(&self) -> Option<(&'d str, Style)> {
        match &self.resolve().node().kind {
            NodeKind::Scalar { value, style } => Some((&**value, *style)),
            _ => None,
        }
    }

    /// The scalar value when this is a scalar that resolves to a string (quoted, block,
    /// or plain text that is not a number, bool or null).
    #[must_use]
    pub fn as_str(&self) -> Option<&'d str> {
        let (v, _) = self.scalar()?;
        match self.resolved()? {
            Resolved::Str => Some(v),
            _ => None,
        }
    }

    /// Whether this is a null (`~`, `null`, or nothing).
    #[must_use]
    pub fn is_null(&self) -> bool {
        matches!(self.resolved(), Some(Resolved::Null))
    }

    /// The scalar resolved with the YAML 1.2 core schema (tags `!!str`, `!!int`, … honoured).
    #[must_use]
    pub fn resolved(&self) -> Option<Resolved> {
        let r = self.resolve();
        let (value, style) = r.scalar()?;
        let tag = r.node().tag.as_deref();
        Some(match tag {
            Some("!!str" | "!") => Resolved::Str,
            Some("!!null") => Resolved::Null,
            Some("!!bool") => resolve_plain(value)
                .filter(|v| matches!(v, Resolved::Bool(_)))
                .unwrap_or(Resolved::Str),
            Some("!!int" | "!!float") => resolve_plain(value).unwrap_or(Resolved::Str),
            _ if style.is_plain() => resolve_plain(value).unwrap_or(Resolved::Str),
            _ => Resolved::Str,
        })
    }

    /// The items of a sequence (following aliases).
    #[must_use]
    pub fn items(&self) -> Option<Vec<NodeRef<'d, 'a>>> {
        match &self.resolve().node().kind {
            NodeKind::Sequence(items) => Some(
                items
                    .iter()
                    .map(|&id| NodeRef { doc: self.doc, id })
                    .collect(),
            ),
            _ => None,
        }
    }

    /// Whether this is a mapping (following aliases).
    #[must_use]
    pub fn is_mapping(&self) -> bool {
        matches!(self.resolve().node().kind, NodeKind::Mapping(_))
    }

    /// Whether this is a sequence (following aliases).
    #[must_use]
    pub fn is_sequence(&self) -> bool {
        matches!(self.resolve().node().kind, NodeKind::Sequence(_))
    }

    /// The entries of a mapping (following aliases), with YAML merge keys (`<<: *base`)
    /// applied: own keys first, then merged keys not already present.
    #[must_use]
    pub fn entries(&self) -> Option<Vec<(NodeRef<'d, 'a>, NodeRef<'d, 'a>)>> {
        let NodeKind::Mapping(entries) = &self.resolve().node().kind else {
            return None;
        };
        let mk = |id| NodeRef { doc: self.doc, id };
        let mut out: Vec<(NodeRef<'d, 'a>, NodeRef<'d, 'a>)> = Vec::with_capacity(entries.len());
        let mut merges = Vec::new();
        for &(k, v) in entries {
            let (k, v) = (mk(k), mk(v));
            if k.scalar().is_some_and(|(s, st)| s == "<<" && st.is_plain()) {
                merges.push(v);
            } else {
                out.push((k, v));
            }
        }
        for m in merges {
            let sources = if m.is_sequence() {
                m.items().unwrap_or_default()
            } else {
                vec![m]
            };
            for src in sources {
                // Merged mappings may merge again; depth is bounded by the document's.
                for (k, v) in src.entries().unwrap_or_default() {
                    let key = k.scalar().map(|s| s.0);
                    if key.is_none() || !out.iter().any(|(ok, _)| ok.scalar().map(|s| s.0) == key) {
                        out.push((k, v));
                    }
                }
            }
        }
        Some(out)
    }

    /// The value of key `key` in a mapping.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<NodeRef<'d, 'a>> {
        self.entries()?
            .into_iter()
            .find(|(k, _)| k.scalar().is_some_and(|(s, _)| s == key))
            .map(|(_, v)| v)
    }

    /// The entry (key node, value node) of key `key`.
    #[must_use]
    pub fn entry(&self, key: &str) -> Option<(NodeRef<'d, 'a>, NodeRef<'d, 'a>)> {
        self.entries()?
            .into_iter()
            .find(|(k, _)| k.scalar().is_some_and(|(s, _)| s == key))
    }

    /// A short name of what this node is, for messages.
    #[must_use]
    pub fn type_name(&self) -> &'static str {
        match &self.resolve().node().kind {
            NodeKind::Mapping(_) => "a mapping",
            NodeKind::Sequence(_) => "a list",
            NodeKind::Alias(_) => "an alias",
            NodeKind::Scalar { .. } => match self.resolved() {
                Some(Resolved::Null) => "empty (null)",
                Some(Resolved::Bool(_)) => "a boolean",
                Some(Resolved::Int(_)) => "an integer",
                Some(Resolved::Float(_)) => "a number",
                _ => "a string",
            },
        }
    }

    /// The value as JSON (aliases expanded, merge keys applied). Fails with a
    /// `limit/alias-expansion` diagnostic past the budget.
    pub fn to_json(self, path: &Path) -> Result<serde_json::Value, Box<Diagnostic>> {
        let mut budget = self.doc.limits.max_alias_expansion;
        self.json_inner(path, &mut budget)
    }

    fn json_inner(
        self,
        path: &Path,
        budget: &mut usize,
    ) -> Result<serde_json::Value, Box<Diagnostic>> {
        use serde_json::Value;
        if *budget == 0 {
            return Err(Box::new(
                self.doc
                    .diag(
                        Code::LimitAliasExpansion,
                        path.clone(),
                        self.range(),
                        format!(
                            "alias expansion visits more than {} nodes",
                            self.doc.limits.max_alias_expansion
                        ),
                    )
                    .with_help(
                        "this looks like a \"billion laughs\" document; use fewer nested aliases",
                    ),
            ));
        }
        *budget -= 1;
        let r = self.resolve();
        Ok(match &r.node().kind {
            NodeKind::Scalar { value, .. } => match r.resolved() {
                Some(Resolved::Null) => Value::Null,
                Some(Resolved::Bool(b)) => Value::Bool(b),
                Some(Resolved::Int(i)) => i64::try_from(i).map(Value::from).unwrap_or_else(|_| {
                    serde_json::Number::from_f64(i as f64).map_or(Value::Null, Value::Number)
                }),
                Some(Resolved::Float(f)) => {
                    serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)
                }
                _ => Value::String(value.to_string()),
            },
            NodeKind::Sequence(_) => {
                let mut out = Vec::new();
                for (i, item) in r.items().unwrap_or_default().into_iter().enumerate() {
                    out.push(item.json_inner(&path.join(i), budget)?);
                }
                Value::Array(out)
            }
            NodeKind::Mapping(_) => {
                let mut out = serde_json::Map::new();
                for (k, v) in r.entries().unwrap_or_default() {
                    let key = match k.scalar() {
                        Some((s, _)) => s.to_owned(),
                        None => k.source_text().to_owned(),
                    };
                    let val = v.json_inner(&path.join(key.as_str()), budget)?;
                    out.insert(key, val);
                }
                Value::Object(out)
            }
            NodeKind::Alias(_) => Value::Null,
        })
    }
}

/// Resolve a plain scalar with the YAML 1.2 core schema; `None` means a string.
#[must_use]
pub(crate) fn resolve_plain(v: &str) -> Option<Resolved> {
    match v {
        "" | "~" | "null" | "Null" | "NULL" => return Some(Resolved::Null),
        "true" | "True" | "TRUE" => return Some(Resolved::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Resolved::Bool(false)),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Some(Resolved::Float(f64::INFINITY))
        }
        "-.inf" | "-.Inf" | "-.INF" => return Some(Resolved::Float(f64::NEG_INFINITY)),
        ".nan" | ".NaN" | ".NAN" => return Some(Resolved::Float(f64::NAN)),
        _ => {}
    }
    // Numbers Go cannot hold are text, as Palette's Go libraries read them: a hex or
    // octal integer past uint64, a float past float64 (`1e400`); a decimal integer past
    // int64 / uint64 is a float, as in Go.
    let fits = |n: &i128| (i128::from(i64::MIN)..=i128::from(u64::MAX)).contains(n);
    let b = v.as_bytes();
    if let Some(hex) = v.strip_prefix("0x") {
        if !hex.is_empty() && hex.bytes().all(|c| c.is_ascii_hexdigit()) {
            return i128::from_str_radix(hex, 16)
                .ok()
                .filter(fits)
                .map(Resolved::Int);
        }
    }
    if let Some(oct) = v.strip_prefix("0o") {
        if !oct.is_empty() && oct.bytes().all(|c| (b'0'..=b'7').contains(&c)) {
            return i128::from_str_radix(oct, 8)
                .ok()
                .filter(fits)
                .map(Resolved::Int);
        }
    }
    let digits = v.strip_prefix(['-', '+']).unwrap_or(v);
    if !digits.is_empty() && digits.bytes().all(|c| c.is_ascii_digit()) {
        if let Some(n) = v.parse::<i128>().ok().filter(fits) {
            return Some(Resolved::Int(n));
        }
    }
    // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
    let mut i = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let int_digits = i - int_start;
    let mut frac_digits = 0;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
            frac_digits += 1;
        }
    } else if int_digits == 0 {
        return None;
    }
    if int_digits == 0 && frac_digits == 0 {
        return None;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        let exp_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == exp_start {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    v.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .map(Resolved::Float)
}

/// Severity helper for callers building diagnostics from nodes.
impl NodeRef<'_, '_> {
    /// A diagnostic located at this node.
    #[must_use]
    pub(crate) fn diag(&self, code: Code, path: &Path, message: impl Into<String>) -> Diagnostic {
        self.doc.diag(code, path.clone(), self.range(), message)
    }

    /// A fix replacing bytes `r` of this scalar's value with `new`, when it can be
    /// written in place (see [`scalar::value_fix`]); `None` for an alias.
    #[must_use]
    pub(crate) fn value_fix(
        &self,
        r: std::ops::Range<usize>,
        new: &str,
    ) -> Option<crate::diagnostic::Fix> {
        if self.is_alias() {
            return None;
        }
        scalar::value_fix(self.doc.text(), self.node(), r, new)
    }

    /// A fix writing this plain scalar's whole value double-quoted, the same text as a
    /// string; `None` for an alias or another style.
    #[must_use]
    pub(crate) fn quote_fix(&self) -> Option<crate::diagnostic::Fix> {
        let (value, style) = self.scalar().filter(|_| !self.is_alias())?;
        (style == Style::Plain && !value.contains('\n'))
            .then(|| crate::diagnostic::Fix::replace(self.range(), scalar::double_quoted(value)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` with each `(from, to)` (a scalar's text as written, found from the start,
    /// each after the last) rewritten: the edited text and its edits for
    /// [`Document::with_quoted_edits`].
    fn edited(doc: &Document<'_>, edits: &[(&str, &str)]) -> (String, Vec<(NodeId, Range<usize>)>) {
        let text = doc.text();
        let (mut out, mut at, mut found) = (String::new(), 0, Vec::new());
        for (from, to) in edits {
            let start = at + text[at..].find(from).expect("the scalar");
            let node = doc
                .nodes()
                .find(|n| n.node().range == (start..start + from.len()))
                .unwrap_or_else(|| panic!("a node at {from:?} in {text:?}"))
                .id();
            out.push_str(&text[at..start]);
            found.push((node, out.len()..out.len() + to.len()));
            out.push_str(to);
            at = start + from.len();
        }
        out.push_str(&text[at..]);
        (out, found)
    }

    /// The document made from the edits is the one a parse gives (the method compares
    /// them in debug builds), or none where the edits are not quoted values rewritten in
    /// their quotes.
    #[test]
    fn quoted_edits_make_the_document_a_parse_gives() {
        let limits = Limits::default();
        // (text, its edits (from, to), whether the document is made from them)
        type Case<'c> = (&'c str, &'c [(&'c str, &'c str)], bool);
        let cases: &[Case<'_>] = &[
            (
                "a: &x !!str \"{{ v }}\"\nb: *x\nc: [1, \"{{ w }}\", {d: '{{ e }}'}]\n",
                &[
                    ("\"{{ v }}\"", "\"a much longer value\""),
                    ("\"{{ w }}\"", "\"\""),
                    ("'{{ e }}'", "'it''s'"),
                ],
                true,
            ),
            (
                "- \"{{ v }}\"\n- k: \"x\n    y\"\n  l: \"{{ w }}\"",
                &[
                    ("\"{{ v }}\"", "\"v\""),
                    ("\"{{ w }}\"", "\"ends the text\""),
                ],
                true,
            ),
            (
                "a: \"x\n  {{ v }}\"\nb: 1\n",
                &[("\"x\n  {{ v }}\"", "\"x v\"")],
                true,
            ),
            (
                "a: 1\n---\nb: \"{{ v }}\"\n",
                &[("\"{{ v }}\"", "\"\\u00e9\"")],
                true,
            ),
            // a plain value, a key, a value on two lines, other quotes: parsed instead
            ("a: x-{{ v }}\n", &[("x-{{ v }}", "x-y")], false),
            ("\"{{ k }}\": 1\n", &[("\"{{ k }}\"", "\"k\"")], false),
            ("a: \"{{ v }}\"\n", &[("\"{{ v }}\"", "\"x\n y\"")], false),
            ("a: \"{{ v }}\"\n", &[("\"{{ v }}\"", "'x'")], false),
        ];
        for (text, edits, made) in cases {
            let doc = Document::parse(text, &limits, &mut Vec::new());
            let (out, found) = edited(&doc, edits);
            let mut diags = Vec::new();
            let parsed = Document::parse(&out, &limits, &mut diags);
            let values: Vec<String> = found
                .iter()
                .map(|(_, r)| {
                    let n = parsed
                        .nodes()
                        .find(|n| n.node().range == *r)
                        .expect("an edited node");
                    n.scalar().expect("a scalar").0.to_owned()
                })
                .collect();
            let with: Vec<_> = found
                .iter()
                .zip(&values)
                .map(|((id, r), v)| (*id, r.clone(), v.as_str()))
                .collect();
            let got = doc.with_quoted_edits(&out, &with, &limits);
            assert_eq!(got.is_some(), *made, "{text:?} → {out:?}");
            if let Some(got) = got {
                assert_eq!(got.nodes, parsed.nodes, "{out:?}");
                assert_eq!(got.docs, parsed.docs, "{out:?}");
            }
        }
        // Other limits, or a text the parse would refuse for its size: parsed instead.
        let doc = Document::parse("a: \"{{ v }}\"\n", &limits, &mut Vec::new());
        let (out, found) = edited(&doc, &[("\"{{ v }}\"", "\"a longer value\"")]);
        let with = [(found[0].0, found[0].1.clone(), "a longer value")];
        let small = Limits {
            max_input_bytes: out.len() - 1,
            ..limits
        };
        assert!(doc.with_quoted_edits(&out, &with, &small).is_none());
        let doc = Document::parse("a: \"{{ v }}\"\n", &small, &mut Vec::new());
        assert!(doc.with_quoted_edits(&out, &with, &small).is_none());
    }

    /// A block scalar's content rewritten in place is an edit only where block scalars
    /// are asked for, and never one the document is made from; rewritten with its header
    /// (as double quotes from the `|`), it is none.
    #[test]
    fn block_scalar_edits_only_where_asked() {
        let limits = Limits::default();
        let doc = Document::parse("a: |\n  x {{ v }}\nb: 1\n", &limits, &mut Vec::new());
        let (out, found) = edited(&doc, &[("x {{ v }}", "x y z")]);
        assert!(doc.quoted_edits(&out, found.clone(), true).is_some());
        assert!(doc.quoted_edits(&out, found.clone(), false).is_none());
        let with = [(found[0].0, found[0].1.clone(), "x y z\n")];
        assert!(doc.with_quoted_edits(&out, &with, &limits).is_none());
        let out = "a: \"x y z\\n\"\nb: 1\n";
        let moved = [(found[0].0, 3..out.len() - 6)];
        assert!(doc.quoted_edits(out, moved, true).is_none());
    }

    /// A block scalar whose content starts with `&` or `!` has no anchor and no tag, and
    /// its range is its content: saphyr-parser's span of such a scalar starts at the
    /// content, where only its events tell properties from text. With properties, the
    /// range still starts after the header.
    #[test]
    fn block_scalar_content_is_not_properties() {
        let cases: [(&str, Option<&str>, Option<&str>, &str); 6] = [
            ("v: |-\n  &lt;a href\n", None, None, "&lt;a href"),
            ("v: >\n  !important x\n", None, None, "!important x"),
            ("|\n  &x !y\n", None, None, "&x !y"),
            ("v: &a |-\n  &b\n", None, Some("a"), "&b"),
            ("v: !t |\n  !u\n", Some("!t"), None, "!u"),
            ("- &a\n  !t >\n  !x\n", Some("!t"), Some("a"), "!x"),
        ];
        for (text, tag, anchor, content) in cases {
            for fast in [true, false] {
                let mut d = Vec::new();
                let doc = Document::parse_with(text, &Limits::default(), &mut d, fast);
                assert!(d.is_empty(), "{text:?}: {d:?}");
                let n = doc
                    .nodes
                    .iter()
                    .find(|n| {
                        matches!(
                            n.kind,
                            NodeKind::Scalar {
                                style: Style::Literal | Style::Folded,
                                ..
                            }
                        )
                    })
                    .unwrap_or_else(|| panic!("{text:?}: no block scalar"));
                assert_eq!(
                    (n.tag.as_deref(), n.anchor.as_deref()),
                    (tag, anchor),
                    "{text:?}"
                );
                assert_eq!(&text[n.range.clone()], content, "{text:?}");
            }
        }
    }

    /// The byte scan finds what a scan of every character finds, and knows what the fast
    /// reader's check of the bytes would say.
    #[test]
    fn forbidden_chars_found_like_a_char_scan() {
        let slow = |t: &str| t.char_indices().find(|(_, c)| is_forbidden_char(*c));
        let samples = [
            "",
            "a: b\n",
            "a: \u{7}\n",
            "tab\there\r\n",
            "\u{7f}",
            "é: 😀\u{85}x\u{86}",
            "ok \u{fffe}",
            "\u{ffff}",
            "\u{a0}\u{9f}",
            "x\u{0}",
            "中文\u{1f}",
            "\u{feff}a: b",
            "\t\n\r\t\n\r\t\n\r\t\n\r\t\n\r\t\n\u{1}\n",
            "a\r\nb\r\nc\r\nd\r\ne\r\nf\u{1b}",
            "a: \u{2028}",
            "a: \u{2029}\n\u{85}",
            "a: é \u{feff}",
            "a: \u{2027}\u{202a}\u{84}",
        ];
        // Where no character is forbidden, the scan tells the fast reader what its own
        // check of the bytes would.
        let plain = |t: &str| fast::plain_bytes(t.as_bytes());
        let same = |t: &str| {
            assert_eq!(first_forbidden_char(t), slow(t), "{t:?}");
            if slow(t).is_none() {
                assert_eq!(scan_chars(t).plain, plain(t), "{t:?}");
            }
        };
        for t in samples {
            same(t);
            // At every position of the 32-byte chunks, and ahead of a chunk.
            for pad in 0..33 {
                same(&format!("{}{t}{}", "p".repeat(pad), "q".repeat(20)));
            }
        }
        for cp in (0u32..0x3000).chain(0xfff0..0x10010) {
            if let Some(c) = char::from_u32(cp) {
                same(&format!("ab{c}é{c}"));
                same(&format!("abcdefghijk: lmno{c}pqrstuvwxyz\n{c}"));
                same(&format!(
                    "{}{c}",
                    "abcdefghijklmnopqrstuvwxyz: 0123".repeat(2)
                ));
            }
        }
    }

    fn parse(t: &str) -> (Document<'_>, Vec<Diagnostic>) {
        let mut d = Vec::new();
        let doc = Document::parse(t, &Limits::default(), &mut d);
        (doc, d)
    }

    #[test]
    fn spans_of_scalars() {
        let t = "a:\n  b: \"x\"\n  c: &an !!str 12\n  d: |\n    l1\n    l2\n  e: *an\n";
        let (doc, d) = parse(t);
        assert!(d.is_empty(), "{d:?}");
        let a = doc.root().unwrap().get("a").unwrap();
        assert_eq!(a.get("b").unwrap().source_text(), "\"x\"");
        let c = a.get("c").unwrap();
        assert_eq!(c.source_text(), "12");
        assert_eq!(c.node().anchor.as_deref(), Some("an"));
        assert_eq!(c.as_str(), Some("12"));
        assert_eq!(a.get("d").unwrap().source_text(), "l1\n    l2");
        assert_eq!(a.get("e").unwrap().as_str(), Some("12"));
        assert_eq!(
            a.source_text(),
            "b: \"x\"\n  c: &an !!str 12\n  d: |\n    l1\n    l2\n  e: *an"
        );
    }

    #[test]
    fn dotted_keys_stay_single() {
        let (doc, _) = parse("options:\n  system.uri: x\n");
        let o = doc.root().unwrap().get("options").unwrap();
        assert_eq!(o.get("system.uri").unwrap().as_str(), Some("x"));
    }

    #[test]
    fn core_schema() {
        assert_eq!(resolve_plain("8.10"), Some(Resolved::Float(8.1)));
        assert_eq!(resolve_plain("22"), Some(Resolved::Int(22)));
        assert_eq!(resolve_plain("1e3"), Some(Resolved::Float(1000.0)));
        assert_eq!(resolve_plain("v1.2"), None);
        assert_eq!(resolve_plain("1.2.3"), None);
        assert_eq!(resolve_plain("."), None);
        assert_eq!(resolve_plain("yes"), None);
        // What Go cannot hold is text; a decimal past uint64 is a float, as in Go.
        assert_eq!(resolve_plain("1e400"), None);
        assert_eq!(resolve_plain("0x10000000000000000"), None);
        assert_eq!(
            resolve_plain("0xFFFFFFFFFFFFFFFF"),
            Some(Resolved::Int(u64::MAX.into()))
        );
        assert_eq!(
            resolve_plain("-9223372036854775809"),
            Some(Resolved::Float(-9.223_372_036_854_776e18))
        );
    }

    #[test]
    fn billion_laughs_is_bounded() {
        let mut t = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            t.push_str(&format!(
                "{}: &{} [",
                (b'a' + i) as char,
                (b'a' + i) as char
            ));
            let prev = (b'a' + i - 1) as char;
            t.push_str(&vec![format!("*{prev}"); 10].join(", "));
            t.push_str("]\n");
        }
        let start = std::time::Instant::now();
        let (doc, d) = parse(&t);
        assert_eq!(d[0].code, Code::LimitAliasExpansion);
        assert_eq!(d[0].path.to_string(), "f");
        assert!(doc.root().is_none());
        assert!(start.elapsed().as_millis() < 1000);
        // Within the budget, expansion works.
        let small = "a: &a [x, x]\nb: [*a, *a]\n";
        let (doc, d) = parse(small);
        assert!(d.is_empty());
        let v = doc.root().unwrap().to_json(&Path::root()).unwrap();
        assert_eq!(v["b"][1][1], "x");
    }

    #[test]
    fn deep_nesting_is_a_limit() {
        let t = "- ".repeat(100_000) + "x";
        let (_, d) = parse(&t);
        assert_eq!(d[0].code, Code::LimitDepth);
        let t = "[".repeat(100_000);
        let (_, d) = parse(&t);
        assert_eq!(d[0].code, Code::LimitDepth);
    }

    #[test]
    fn merge_keys() {
        let (doc, _) = parse("b: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n");
        let m = doc.root().unwrap().get("m").unwrap();
        let keys: Vec<_> = m
            .entries()
            .unwrap()
            .iter()
            .map(|(k, _)| k.scalar().unwrap().0)
            .collect();
        assert_eq!(keys, ["y", "x"]);
    }
}
