//! Parser for the `{{ … }}` actions inside one scalar value (the tokens and literals
//! come from [`super::lex`]).
//!
//! The scanner splits a value into text, Palette actions (whose first token is a
//! `.spectro.` reference) and foreign actions (Helm `{{ .Release.Name }}`, `{{ template … }}`,
//! ``{{`…`}}``, comments, …), which are kept byte for byte. Only Palette actions are
//! parsed into a [`Pipeline`]. Every offset here is a byte offset into the *value*;
//! the renderer maps it back to the file.

use super::lex::{self, is_space, lex, lex_with, skip_space, Number, Tok, Token};
use crate::codes::Code;
use crate::diagnostic::Finding;
use std::ops::Range;

/// The most nested parentheses accepted in one action.
const MAX_PAREN_DEPTH: usize = 16;
/// The most segments accepted in one reference.
pub(crate) const MAX_REF_SEGMENTS: usize = 128;

/// A piece of a scalar value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Part {
    /// Plain text, kept as is.
    Text(Range<usize>),
    /// An action that is Palette's (its first token starts with `.spectro`).
    Palette(Action),
    /// Any other action, kept byte for byte. `mentions_spectro` is set when it uses a
    /// `.spectro.` reference somewhere other than as its first token (not inside a
    /// string or comment).
    Foreign {
        /// The whole action, braces included.
        range: Range<usize>,
        /// Whether `.spectro.` appears inside.
        mentions_spectro: bool,
    },
}

/// One Palette action.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Action {
    /// The whole action, braces (and trim markers) included.
    pub range: Range<usize>,
    /// `{{-`: whitespace before the action is removed.
    pub trim_left: bool,
    /// `-}}`: whitespace after the action is removed.
    pub trim_right: bool,
    /// The parsed pipeline, or the syntax error that prevented it (for a block: its
    /// first condition).
    pub body: Result<Pipeline, Finding>,
    /// A Go `if`/`with` block over Palette pipelines ([`super::blocks`]): `range` covers
    /// it from its opening action to its `{{ end }}`.
    pub block: Option<Box<super::blocks::Block>>,
}

/// A `template/syntax` finding at value offsets `range`.
pub(crate) fn syntax(range: Range<usize>, message: impl Into<String>) -> Finding {
    Finding::new(Code::TemplateSyntax, range, message)
}

/// `A | f x | g`: commands joined by pipes; each result is passed as the last argument
/// of the next command.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Pipeline {
    /// The commands, at least one.
    pub commands: Vec<Command>,
    /// The pipeline's text.
    pub range: Range<usize>,
    /// The variables it declares (`$x :=`; two for `range $i, $v :=`), with their spans.
    pub decl: Vec<(String, Range<usize>)>,
    /// `$x = …`: an assignment to a declared variable, not a declaration.
    pub assign: bool,
}

/// One command of a pipeline.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Command {
    /// A value on its own (a reference, a literal or a parenthesised pipeline).
    Term(Term),
    /// A method called with arguments, or after a `|` (`$v.Compare $w`,
    /// `(semver .spectro.var.v).LessThan (semver "2.0.0")`, `… | $v.Compare`): the
    /// first term reads the method (a field chain), the others are its arguments.
    Method {
        /// The receiver's field chain, then the arguments.
        terms: Vec<Term>,
        /// The whole command.
        range: Range<usize>,
    },
    /// A function call with its explicit arguments.
    Call {
        /// Function name.
        name: String,
        /// Where the name is.
        name_range: Range<usize>,
        /// Explicit arguments.
        args: Vec<Term>,
        /// The whole command.
        range: Range<usize>,
    },
}

impl Command {
    /// The command's text range.
    #[must_use]
    pub(crate) fn range(&self) -> Range<usize> {
        match self {
            Command::Term(t) => t.range.clone(),
            Command::Method { range, .. } | Command::Call { range, .. } => range.clone(),
        }
    }
}

/// An operand.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Term {
    /// What it is.
    pub kind: TermKind,
    /// Where it is.
    pub range: Range<usize>,
}

/// The kinds of operand.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum TermKind {
    /// A `.spectro.…` reference.
    Ref(Reference),
    /// A string literal (escapes decoded).
    Str(String),
    /// A number or character constant, with every reading Go keeps of it.
    Number(Number),
    /// `true` / `false`.
    Bool(bool),
    /// `nil`.
    Nil,
    /// `( pipeline )`.
    Paren(Box<Pipeline>),
    /// A function name used as an operand (a call without arguments).
    Call(String),
    /// `.` inside a Palette `with`: the tested value.
    Dot,
    /// `$x` or `$x.a.b`: a variable and the fields read from it.
    Var(String, Vec<String>),
    /// `.a.b` inside a Palette `with` or `range`: fields of the dot.
    Field(Vec<String>),
    /// `(pipeline).a.b`: fields (or methods) of a parenthesised pipeline's value.
    Chain(Box<Pipeline>, Vec<String>),
}

impl Term {
    /// The pipeline in its parentheses, if it has one.
    pub(crate) fn inner(&self) -> Option<&Pipeline> {
        match &self.kind {
            TermKind::Paren(p) | TermKind::Chain(p, _) => Some(p),
            _ => None,
        }
    }

    /// Whether it ends in a field that may be a method (`$v.Major`, `.a`, `(x).b`).
    fn has_fields(&self) -> bool {
        match &self.kind {
            TermKind::Var(_, f) => !f.is_empty(),
            TermKind::Field(_) | TermKind::Chain(..) => true,
            _ => false,
        }
    }
}

/// What a `.spectro.` reference points at; the name is [`Reference::name`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RefKind {
    /// `.spectro.system.<name>` (dotted name, e.g. `kubernetes.version`).
    System,
    /// `.spectro.pack.<pack>.<path…>`: the name is the pack's name and the path, dotted.
    Pack,
    /// `.spectro.var.<name>`.
    Var,
    /// `.spectro.macro.<name>`.
    Macro,
    /// `.spectro.app.…` (Palette Dev Engine app profiles): not resolved.
    App,
}

/// A `.spectro.` reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Reference {
    /// The reference as written, e.g. `.spectro.system.kubernetes.version`.
    pub text: String,
    /// What it points at.
    pub kind: RefKind,
    /// Where the name after the kind starts in `text` (its length when there is none).
    name_start: usize,
}

impl Reference {
    /// What follows the kind, as written: `kubernetes.version` in
    /// `.spectro.system.kubernetes.version`, `<pack>.<path…>` for a pack reference.
    pub(crate) fn name(&self) -> &str {
        &self.text[self.name_start..]
    }
}

/// Scan a scalar value into parts. Never fails: malformed Palette actions carry their
/// syntax error; malformed foreign text stays text.
///
/// A value with a Palette action (or a `.spectro` reference anywhere in an action) is
/// one Go template for Palette's engine, so Go's syntax errors anywhere in it count: an
/// empty action, `{{ nil }}`, `{{ else }}`/`{{ end }}`/`{{ break }}`/`{{ continue }}`
/// outside their block, a block without `{{ end }}`, `{{-` without a space, an unclosed
/// comment, … each becomes a Palette action with a `template/syntax` error. A value
/// without one is not Palette's: every action in it is kept byte for byte.
#[must_use]
pub(crate) fn scan(value: &str) -> Vec<Part> {
    let first = scan_pass(value, false);
    if !first.palette_value {
        return first.parts;
    }
    let mut pass = if first.broken {
        scan_pass(value, true)
    } else {
        first
    };
    if check_go_structure(value, &mut pass) {
        return super::blocks::build(value, pass.parts);
    }
    pass.parts
}

/// One scan of a value.
struct Pass {
    parts: Vec<Part>,
    /// The Go shape of each foreign action, by index in `parts`.
    shapes: Vec<(usize, Shape)>,
    /// A foreign action Go's lexer would refuse (kept as text in a first pass).
    broken: bool,
    /// The value holds a Palette action or a `.spectro` reference in some action.
    palette_value: bool,
}

/// `strict`: a foreign action that does not lex is a Palette action with its error (the
/// value is known to be Palette's); otherwise it is plain text.
fn scan_pass(value: &str, strict: bool) -> Pass {
    let mut pass = Pass {
        // Most values with an action are one action and some text: room for two parts,
        // not the four a first push makes.
        parts: Vec::with_capacity(2),
        shapes: Vec::new(),
        broken: false,
        palette_value: false,
    };
    let parts = &mut pass.parts;
    let mut text_start = 0;
    let mut i = 0;
    let b = value.as_bytes();
    // One token buffer for every action of the value.
    let mut buf = Vec::new();
    while let Some(open) = find_open(b, i) {
        let mut body = open + 2;
        let mut trim_left = false;
        if b.get(body) == Some(&b'-') && b.get(body + 1).is_some_and(|c| is_space(*c)) {
            trim_left = true;
            body += 1;
        }
        let first = skip_space(value, body);
        let palette = is_palette_start(&value[first..]);
        match lex_with(value, body, std::mem::take(&mut buf)) {
            Ok(lexed) => {
                if text_start < open {
                    parts.push(Part::Text(text_start..open));
                }
                let range = open..lexed.end;
                if palette || is_palette_pipeline(&lexed.tokens, false) {
                    pass.palette_value = true;
                    let parsed = parse_action(value, &lexed.tokens, first..lexed.inner_end);
                    parts.push(Part::Palette(Action {
                        range,
                        trim_left,
                        trim_right: lexed.trim_right,
                        body: parsed,
                        block: None,
                    }));
                } else {
                    // Only references count: a `.spectro.` inside a string or a comment
                    // (``{{`{{ .spectro.x }}`}}``) is an intended literal.
                    let mentions_spectro = lexed
                        .tokens
                        .iter()
                        .any(|t| matches!(&t.tok, Tok::Ref(r) if r.starts_with(".spectro.")));
                    pass.palette_value |= mentions_spectro;
                    pass.shapes
                        .push((parts.len(), go_shape(&lexed.tokens, range.clone())));
                    parts.push(Part::Foreign {
                        range,
                        mentions_spectro,
                    });
                }
                i = lexed.end;
                text_start = i;
                buf = lexed.tokens;
            }
            Err(e) if palette || strict => {
                if text_start < open {
                    parts.push(Part::Text(text_start..open));
                }
                // An unclosed or unlexable Palette action: the rest of the value is taken
                // as the action, so nothing after it is resolved by accident.
                let end = e.end.unwrap_or(value.len());
                let dash = b.get(open + 2) == Some(&b'-');
                let finding = if !palette && dash && e.finding.at.start == open + 2 && !trim_left {
                    // `{{-.spectro…}}`: Go reads `-.s` as a bad number.
                    syntax(open..open + 3, "`{{-` trims only when a space follows it").help(
                        "write `{{- ` (a space after the `-`), or `{{` to keep the white space",
                    )
                } else {
                    e.finding
                };
                parts.push(Part::Palette(Action {
                    range: open..end,
                    trim_left,
                    trim_right: false,
                    body: Err(finding),
                    block: None,
                }));
                pass.palette_value = true;
                i = end;
                text_start = i;
            }
            Err(e) => {
                // Not Palette's and not a well-formed action: plain text, unless the
                // value turns out to be Palette's (then a second pass reports it).
                pass.broken = true;
                let end = e.end.unwrap_or(value.len());
                pass.palette_value |= mentions_spectro_text(&value[open..end]);
                i = open + 2;
            }
        }
    }
    if text_start < value.len() {
        parts.push(Part::Text(text_start..value.len()));
    }
    pass
}

/// The first `{{` at or after `from`.
pub(crate) fn find_open(b: &[u8], mut from: usize) -> Option<usize> {
    while let Some(k) = memchr::memchr(b'{', b.get(from..)?) {
        let at = from + k;
        if b.get(at + 1) == Some(&b'{') {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Go's words that open, continue or end a block, or call another template: an action
/// starting with one is not a pipeline.
const KEYWORDS: [&str; 10] = [
    "if", "else", "end", "range", "with", "define", "block", "template", "break", "continue",
];

/// Whether an action that does not start with a `.spectro` reference is still one
/// pipeline Palette evaluates: a function-first call (`{{ default "x" .spectro.var.y }}`),
/// a parenthesised pipeline (`{{ (.spectro.var.x | trim) }}`) or a literal piped on
/// (`{{ "a" | cat .spectro.var.x }}`) whose every reference is a `.spectro` one. An action
/// with a variable, `.`, another field (`.Values.x`), a comment, punctuation Go refuses
/// or a keyword first is not one, and stays foreign.
/// `dot`: `.` is allowed (inside a Palette `with`, where it is the tested value).
pub(crate) fn is_palette_pipeline(tokens: &[Token], dot: bool) -> bool {
    is_palette_pipeline_in(tokens, dot, &|_| false)
}

/// [`is_palette_pipeline`] where `palette_var` says which variables hold Palette values
/// (`$x`, `$x.a`), and `$.spectro.…` reads a Palette reference from the root. Inside a
/// Palette `with` or `range` (`dot`), `.` and its fields (`.a`) are the dot's.
pub(crate) fn is_palette_pipeline_in(
    tokens: &[Token],
    dot: bool,
    palette_var: &dyn Fn(&str) -> bool,
) -> bool {
    let keyword_first =
        matches!(tokens.first(), Some(Token { tok: Tok::Ident(w), .. }) if KEYWORDS.contains(w));
    if keyword_first {
        return false;
    }
    let mut spectro = false;
    let mut after_var: Option<&str> = None; // the variable a glued field would read
    for (k, t) in tokens.iter().enumerate() {
        let var = after_var.take();
        // `(…).a`: fields of a parenthesised pipeline's value (Go's chain).
        let chained =
            k > 0 && tokens[k - 1].tok == Tok::RParen && tokens[k - 1].range.end == t.range.start;
        match &t.tok {
            Tok::Ref(_) if chained => {}
            Tok::Ref(r) if r.starts_with(".spectro.") && var.is_none_or(|v| v == "$") => {
                spectro = true;
            }
            Tok::Ref(_) if var.is_some_and(|v| v != "$") => {}
            Tok::Ref(_) | Tok::Dot if dot && var.is_none() => spectro = true,
            // `$` alone (the whole data) is not a Palette value; `$.spectro.…` is.
            Tok::Dollar(name) if *name == "$" => {
                let glued = tokens.get(k + 1).is_some_and(|n| {
                    n.range.start == t.range.end
                        && matches!(&n.tok, Tok::Ref(r) if r.starts_with(".spectro."))
                });
                if !glued {
                    return false;
                }
                after_var = Some("$");
            }
            Tok::Dollar(name) if palette_var(name) => {
                spectro = true;
                after_var = Some(name);
            }
            Tok::Ref(_) | Tok::Dollar(_) | Tok::Dot | Tok::Comment | Tok::Other(_) => return false,
            _ => {}
        }
    }
    spectro
}

/// Whether `s` holds `.spectro` as a reference would start (`.spectrox` does not).
fn mentions_spectro_text(s: &str) -> bool {
    s.match_indices(".spectro")
        .any(|(k, _)| is_palette_start(&s[k..]))
}

/// A block that `{{ end }}` closes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Block {
    If,
    With,
    Range,
    /// `define` and `block`: a template of their own (`break` does not reach out of it).
    Define,
}

/// What a foreign action is to Go's parser.
#[derive(Clone, Debug)]
enum Shape {
    /// An action Go accepts on its own.
    Plain,
    /// A block's opening action, and what Go's executor refuses in it.
    Open(Block, Option<Finding>),
    /// `{{ else }}`, or `{{ else if … }}` (`true`).
    Else(bool),
    End,
    /// `{{ break }}` or `{{ continue }}` (the keyword).
    Break(&'static str),
    /// What Go's parser or executor refuses in it.
    Bad(Finding),
}

/// The Go shape of a foreign action from its tokens.
fn go_shape(tokens: &[Token], range: Range<usize>) -> Shape {
    let bad = |at: Range<usize>, msg: &str| Shape::Bad(syntax(at, msg));
    let Some(first) = tokens.first() else {
        return Shape::Bad(
            syntax(range, "an empty action: Go's parser wants a value in it")
                .help("remove the `{{ }}`, or write ``{{`{{ }}`}}`` for the text"),
        );
    };
    if first.tok == Tok::Comment {
        return match tokens.get(1) {
            None => Shape::Plain,
            Some(t) => bad(t.range.clone(), "a comment must end its action: `*/}}`"),
        };
    }
    // Go's lexer and parser refuse other punctuation in an action.
    // `,`, `:=` and `=` only declare or assign variables: `$i, $c := …`, `$x = …`.
    let declares = |k: usize, c: char| {
        let prev = k.checked_sub(1).map(|p| &tokens[p].tok);
        let var = matches!(prev, Some(Tok::Dollar(_)));
        match c {
            ',' | ':' => var,
            '=' => var || prev == Some(&Tok::Other(':')),
            _ => false,
        }
    };
    if let Some((_, t)) = tokens
        .iter()
        .enumerate()
        .find(|(k, t)| matches!(t.tok, Tok::Other(c) if !declares(*k, c)))
    {
        let Tok::Other(c) = t.tok else {
            return Shape::Plain;
        };
        return bad(t.range.clone(), &format!("unexpected `{c}` in an action"));
    }
    let alone = |shape: Shape, word: &str| match tokens.get(1) {
        None => shape,
        Some(t) => bad(t.range.clone(), &format!("unexpected text after `{word}`")),
    };
    match &first.tok {
        Tok::Pipe => bad(
            first.range.clone(),
            "unexpected `|`: a pipeline starts with a value",
        ),
        Tok::Ident(word) => match *word {
            "if" | "with" | "range" if tokens.len() == 1 => bad(
                first.range.clone(),
                &format!("`{{{{ {word} }}}}` needs a value to test"),
            ),
            "if" => Shape::Open(Block::If, None),
            "with" => Shape::Open(Block::With, None),
            "range" => Shape::Open(Block::Range, range_over_text(tokens)),
            "define" | "block" => Shape::Open(Block::Define, None),
            "else" => match tokens.get(1) {
                Some(Token {
                    tok: Tok::Ident(w), ..
                }) if *w == "if" => Shape::Else(true),
                _ => alone(Shape::Else(false), "else"),
            },
            "end" => alone(Shape::End, "end"),
            "break" => alone(Shape::Break("break"), "break"),
            "continue" => alone(Shape::Break("continue"), "continue"),
            "nil" => Shape::Bad(
                syntax(first.range.clone(), "`nil` is not a command")
                    .help("`nil` can only be an argument: `default nil`, …"),
            ),
            _ => Shape::Plain,
        },
        _ => Shape::Plain,
    }
}

/// `{{ range [$i, $c :=] .spectro.… }}`: a Palette value is text, and Go's executor
/// cannot range over a string.
fn range_over_text(tokens: &[Token]) -> Option<Finding> {
    let mut rest = &tokens[1..];
    if let Some(k) = rest.iter().position(|t| t.tok == Tok::Other(':')) {
        // `:` `=` after the declared variables.
        rest = rest.get(k + 2..)?;
    }
    match rest {
        [Token {
            tok: Tok::Ref(r),
            range,
        }] if r.starts_with(".spectro.") => Some(
            syntax(range.clone(), "`range` over a `.spectro` value: the value is text, and Go cannot range over a string")
                .help("split it into a list first: `range splitList \",\" .spectro.…`"),
        ),
        _ => None,
    }
}

/// Go's block structure over the foreign actions of a Palette value: each action Go
/// refuses becomes a Palette action with its error.
/// Returns whether Go accepts the structure.
fn check_go_structure(value: &str, pass: &mut Pass) -> bool {
    let mut stack: Vec<(Block, usize, bool)> = Vec::new();
    // Without a `$` in the value no action declares or reads a variable.
    let mut errors: Vec<(usize, Finding)> = if value.contains('$') {
        check_variables(value, pass)
    } else {
        Vec::new()
    };
    let range_of = |parts: &[Part], idx: usize| match &parts[idx] {
        Part::Foreign { range, .. } => range.clone(),
        Part::Palette(a) => a.range.clone(),
        Part::Text(_) => 0..0,
    };
    for (idx, shape) in &pass.shapes {
        let (idx, range) = (*idx, range_of(&pass.parts, *idx));
        match shape {
            Shape::Plain => {}
            Shape::Open(Block::Define, _) if !stack.is_empty() => errors.push((
                idx,
                syntax(range, "`define` and `block` go at the top level only"),
            )),
            Shape::Open(b, bad) => {
                stack.push((*b, idx, false));
                if let Some(f) = bad {
                    errors.push((idx, f.clone()));
                }
            }
            Shape::Else(with_if) => match stack.last_mut() {
                Some((kind, _, seen))
                    if *kind != Block::Define && !*seen && (!with_if || *kind == Block::If) =>
                {
                    *seen |= !with_if;
                }
                _ => errors.push((
                    idx,
                    syntax(
                        range,
                        "`{{ else }}` outside an `{{ if }}`, `{{ with }}` or `{{ range }}` block",
                    )
                    .help("Go's parser refuses the whole value; remove it or open the block"),
                )),
            },
            Shape::End => {
                if stack.pop().is_none() {
                    errors.push((
                        idx,
                        syntax(range, "`{{ end }}` without a block to close").help(
                            "Go's parser refuses the whole value; remove it or open the block",
                        ),
                    ));
                }
            }
            Shape::Break(word) => {
                let in_range = stack
                    .iter()
                    .rev()
                    .take_while(|b| b.0 != Block::Define)
                    // A `range`'s `{{ else }}` body is outside its loop.
                    .any(|b| b.0 == Block::Range && !b.2);
                if !in_range {
                    errors.push((
                        idx,
                        syntax(
                            range,
                            format!("`{{{{ {word} }}}}` outside a `{{{{ range }}}}` block"),
                        ),
                    ));
                }
            }
            Shape::Bad(f) => errors.push((idx, f.clone())),
        }
    }
    for (_, idx, _) in stack {
        let range = range_of(&pass.parts, idx);
        errors.push((
            idx,
            syntax(range, "this block has no `{{ end }}`")
                .help("close it with `{{ end }}`: Go's parser refuses the whole value"),
        ));
    }
    let clean = errors.is_empty();
    for (idx, finding) in errors {
        let range = range_of(&pass.parts, idx);
        if range.is_empty() {
            continue;
        }
        pass.parts[idx] = Part::Palette(Action {
            range,
            trim_left: false,
            trim_right: false,
            body: Err(finding),
            block: None,
        });
    }
    clean
}

/// The variables an action declares (`$x :=`, `$x =`, `range $i, $v :=`, after an
/// `if`/`with`/`range`/`else if`) and the ones it reads, with their spans.
pub(crate) fn action_vars(
    value: &str,
    range: &Range<usize>,
) -> (Vec<String>, Vec<(String, Range<usize>)>) {
    let t = &value[range.clone()];
    let body = range.start + 2 + usize::from(t.starts_with("{{- "));
    let Ok(lexed) = lex(value, body) else {
        return (Vec::new(), Vec::new());
    };
    let toks = &lexed.tokens;
    let k = decl_start(toks);
    let (decl, rest) = split_decl(&toks[k..]);
    let decl: Vec<String> = decl.into_iter().map(|(n, _)| n).collect();
    let skip = toks.len() - rest.len();
    let uses = toks
        .iter()
        .enumerate()
        .filter(|(i, _)| *i < k || *i >= skip)
        .filter_map(|(_, t)| match &t.tok {
            Tok::Dollar(n) if *n != "$" => Some(((*n).to_owned(), t.range.clone())),
            _ => None,
        })
        .collect();
    (decl, uses)
}

/// Where a pipeline starts after a block's keyword (`if`, `with`, `range`, `else if`).
pub(crate) fn decl_start(toks: &[Token]) -> usize {
    let word = |k: usize| match toks.get(k) {
        Some(Token {
            tok: Tok::Ident(w), ..
        }) => w,
        _ => "",
    };
    match (word(0), word(1)) {
        ("else", "if") => 2,
        ("if" | "with" | "range", _) => 1,
        _ => 0,
    }
}

/// A pipeline's declaration (`$x :=`, `$x =`, `$i, $v :=`) and the tokens after it
/// (`assign` is not told apart here: see [`is_assign`]).
pub(crate) fn split_decl<'a, 's>(
    toks: &'a [Token<'s>],
) -> (Vec<(String, Range<usize>)>, &'a [Token<'s>]) {
    let var = |k: usize| match toks.get(k) {
        Some(Token {
            tok: Tok::Dollar(n),
            range,
        }) => Some(((*n).to_owned(), range.clone())),
        _ => None,
    };
    let other = |k: usize, c: char| toks.get(k).is_some_and(|t| t.tok == Tok::Other(c));
    let Some(first) = var(0) else {
        return (Vec::new(), toks);
    };
    if other(1, ':') && other(2, '=') {
        return (vec![first], &toks[3..]);
    }
    if other(1, '=') {
        return (vec![first], &toks[2..]);
    }
    if other(1, ',') {
        if let Some(second) = var(2) {
            if other(3, ':') && other(4, '=') {
                return (vec![first, second], &toks[5..]);
            }
        }
    }
    (Vec::new(), toks)
}

/// Whether a declaration (from [`split_decl`]) is `$x = …`.
pub(crate) fn is_assign(toks: &[Token]) -> bool {
    toks.get(1).is_some_and(|t| t.tok == Tok::Other('='))
}

/// Go's parser refuses a variable that is not declared before it in its scope (`$x` is
/// declared by `{{ $x := … }}` or `{{ $x = … }}` until the `{{ end }}` of the block
/// around it; each `define` starts with `$` only).
fn check_variables(value: &str, pass: &Pass) -> Vec<(usize, Finding)> {
    let mut errors = Vec::new();
    let mut vars = Scope::default();
    let mut marks: Vec<(usize, Option<Scope>)> = Vec::new();
    let mut shapes = pass.shapes.iter().peekable();
    for (idx, part) in pass.parts.iter().enumerate() {
        let shape = match shapes.peek() {
            Some((i, s)) if *i == idx => {
                shapes.next();
                Some(s)
            }
            _ => None,
        };
        let range = match part {
            Part::Foreign { range, .. } => range,
            Part::Palette(a) if a.body.is_ok() => &a.range,
            _ => continue,
        };
        match shape {
            Some(Shape::Open(Block::Define, _)) => {
                marks.push((0, Some(std::mem::take(&mut vars))));
            }
            Some(Shape::Open(..)) => marks.push((vars.names.len(), None)),
            Some(Shape::End) => {
                match marks.pop() {
                    Some((_, Some(saved))) => vars = saved,
                    Some((m, None)) => vars.truncate(m),
                    None => {}
                }
                continue;
            }
            _ => {}
        }
        let (decl, uses) = action_vars(value, range);
        let assign = lex(
            value,
            range.start + 2 + usize::from(value[range.clone()].starts_with("{{- ")),
        )
        .is_ok_and(|l| {
            let k = decl_start(&l.tokens);
            is_assign(&l.tokens[k..])
        });
        if let Some(name) = decl.iter().find(|n| assign && !vars.has(n)) {
            // Go's parser takes it; its executor refuses it wherever it runs.
            errors.push((
                idx,
                syntax(
                    range.clone(),
                    format!("`{name} = …` assigns a variable never declared"),
                )
                .help(format!("declare it first: `{{{{ {name} := … }}}}`")),
            ));
        }
        for d in decl {
            vars.push(d);
        }
        if let Some((name, at)) = uses.into_iter().find(|(n, _)| !vars.has(n)) {
            errors.push((
                idx,
                syntax(at, format!("undefined variable `{name}`"))
                    .help(format!("declare it before: `{{{{ {name} := … }}}}`")),
            ));
        }
    }
    errors
}

/// Declared variable names in order, with a count of each for the look-up.
#[derive(Default)]
struct Scope {
    names: Vec<String>,
    count: std::collections::HashMap<String, usize>,
}

impl Scope {
    fn push(&mut self, name: String) {
        *self.count.entry(name.clone()).or_default() += 1;
        self.names.push(name);
    }

    fn has(&self, name: &str) -> bool {
        self.count.get(name).is_some_and(|c| *c > 0)
    }

    fn truncate(&mut self, len: usize) {
        while self.names.len() > len {
            if let Some(n) = self.names.pop() {
                if let Some(c) = self.count.get_mut(&n) {
                    *c -= 1;
                }
            }
        }
    }
}

/// Whether the text after `{{` (and spaces) starts a Palette action.
fn is_palette_start(s: &str) -> bool {
    let Some(rest) = s.strip_prefix(".spectro") else {
        return false;
    };
    match rest.as_bytes().first() {
        None => true,
        Some(c) => !(c.is_ascii_alphanumeric() || *c == b'_'),
    }
}

// ---------------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------------

struct Parser<'t> {
    toks: &'t [Token<'t>],
    pos: usize,
    end: usize,
    /// Inside a Palette `with` or `range`: `.a` is a field of the dot.
    dot: bool,
}

pub(crate) fn parse_action(
    value: &str,
    tokens: &[Token],
    inner: Range<usize>,
) -> Result<Pipeline, Finding> {
    parse_action_in(value, tokens, inner, false)
}

/// [`parse_action`] where `dot` says whether `.a` reads a field of the dot.
pub(crate) fn parse_action_in(
    value: &str,
    tokens: &[Token],
    inner: Range<usize>,
    dot: bool,
) -> Result<Pipeline, Finding> {
    let _ = value;
    if let Some(t) = tokens.iter().find(|t| t.tok == Tok::Comment) {
        return Err(syntax(
            t.range.clone(),
            "a comment cannot follow a reference",
        ));
    }
    let mut p = Parser {
        toks: tokens,
        pos: 0,
        end: inner.end,
        dot,
    };
    let pipe = p.pipeline(0)?;
    if let Some(t) = p.peek() {
        return Err(match t.tok {
            Tok::RParen => syntax(t.range.clone(), "unexpected `)`"),
            _ => syntax(t.range.clone(), "unexpected token"),
        });
    }
    Ok(pipe)
}

impl<'t> Parser<'t> {
    /// The next token, borrowed from the tokens (not from the parser), so it is never
    /// cloned.
    fn peek(&self) -> Option<&'t Token<'t>> {
        self.toks.get(self.pos)
    }

    fn here(&self) -> usize {
        self.peek().map_or(self.end, |t| t.range.start)
    }

    fn pipeline(&mut self, depth: usize) -> Result<Pipeline, Finding> {
        let start = self.here();
        // Most pipelines are one or two commands: room for two, not the four a first push
        // makes.
        let mut commands = Vec::with_capacity(2);
        let mut pipe_at: Option<Range<usize>> = None;
        loop {
            let at = self.here();
            let cmd = self.command(depth)?;
            // Go reads `{{ .x | }}` and `(.x |)` as `.x`: a `|` just before the end of a
            // pipeline ends its last command and starts none.
            if cmd.is_none()
                && pipe_at.is_some()
                && matches!(self.peek().map(|t| &t.tok), None | Some(Tok::RParen))
            {
                break;
            }
            let Some(cmd) = cmd else {
                let (msg, help) = if commands.is_empty() {
                    ("missing value", "write a reference or a value here")
                } else {
                    (
                        "missing function after `|`",
                        "write a function name after `|`, e.g. `| default \"x\"`",
                    )
                };
                let range = match (&pipe_at, self.peek()) {
                    (Some(p), _) => p.clone(),
                    (None, Some(t)) => t.range.clone(),
                    (None, None) => at..at,
                };
                return Err(syntax(range, msg).help(help));
            };
            let cmd = match cmd {
                Command::Term(t) if !commands.is_empty() && t.has_fields() => Command::Method {
                    range: t.range.clone(),
                    terms: vec![t],
                },
                other => other,
            };
            if !commands.is_empty() && matches!(cmd, Command::Term(_)) {
                return Err(syntax(cmd.range(), "only a function can follow `|`").help(
                    "a pipe passes the value on as the last argument of a function, e.g. `| upper`",
                ));
            }
            commands.push(cmd);
            match self.peek() {
                Some(Token {
                    tok: Tok::Pipe,
                    range,
                }) => {
                    pipe_at = Some(range.clone());
                    self.pos += 1;
                }
                _ => break,
            }
        }
        let end = commands.last().map_or(start, |c| c.range().end);
        Ok(Pipeline {
            commands,
            range: start..end,
            decl: Vec::new(),
            assign: false,
        })
    }

    /// One command; `None` when there is nothing before the next `|`, `)` or the end.
    fn command(&mut self, depth: usize) -> Result<Option<Command>, Finding> {
        let Some(first) = self.peek() else {
            return Ok(None);
        };
        match &first.tok {
            Tok::Pipe | Tok::RParen => return Ok(None),
            Tok::Ident(name) if !matches!(*name, "true" | "false" | "nil") => {
                self.pos += 1;
                let mut args = Vec::new();
                self.glued()?;
                while let Some(t) = self.operand(depth)? {
                    args.push(t);
                    self.glued()?;
                }
                let end = args.last().map_or(first.range.end, |a| a.range.end);
                return Ok(Some(Command::Call {
                    name: (*name).to_owned(),
                    name_range: first.range.clone(),
                    args,
                    range: first.range.start..end,
                }));
            }
            _ => {}
        }
        let Some(term) = self.operand(depth)? else {
            return Ok(None);
        };
        if term.has_fields() {
            let start = term.range.start;
            let mut terms = vec![term];
            self.glued()?;
            while let Some(t) = self.operand(depth)? {
                terms.push(t);
                self.glued()?;
            }
            if terms.len() > 1 {
                let end = terms.last().map_or(start, |t| t.range.end);
                return Ok(Some(Command::Method {
                    terms,
                    range: start..end,
                }));
            }
            return Ok(terms.pop().map(Command::Term));
        }
        if let Some(next) = self.operand(depth)? {
            let what = match &term.kind {
                TermKind::Ref(r) => format!("`{}` is a value, not a function", r.text),
                _ => "a value is not a function".to_owned(),
            };
            return Err(syntax(
                next.range.clone(),
                format!("{what}: it takes no arguments"),
            )
            .help(
                "pass the value to a function with a pipe: `{{ .spectro.var.x | default \"y\" }}`",
            ));
        }
        Ok(Some(Command::Term(term)))
    }

    /// Go's parser wants a space between two operands (`1.2.3` is `1.2` then `.3`).
    fn glued(&self) -> Result<(), Finding> {
        let (Some(prev), Some(next)) = (self.toks.get(self.pos.wrapping_sub(1)), self.peek())
        else {
            return Ok(());
        };
        // Punctuation gets its own message from `operand`.
        let punctuation = matches!(next.tok, Tok::Pipe | Tok::RParen | Tok::Other(_));
        if prev.range.end == next.range.start && !punctuation {
            return Err(syntax(
                prev.range.start..next.range.end,
                "two operands without a space between them",
            )
            .help("separate arguments with a space"));
        }
        Ok(())
    }

    fn operand(&mut self, depth: usize) -> Result<Option<Term>, Finding> {
        let Some(t) = self.peek() else {
            return Ok(None);
        };
        let range = t.range.clone();
        let kind = match &t.tok {
            Tok::Pipe | Tok::RParen => return Ok(None),
            Tok::Ref(text) if self.dot && !is_palette_start(text) => {
                TermKind::Field(fields(text, &range)?)
            }
            Tok::Ref(text) => TermKind::Ref(parse_ref(text, range.clone())?),
            Tok::Str(s) => TermKind::Str(s.clone()),
            Tok::Number(n) => TermKind::Number(lex::number(n).map_err(|m| bad_number(m, &range))?),
            Tok::Complex(n) => {
                TermKind::Number(lex::complex_number(n).map_err(|m| bad_number(m, &range))?)
            }
            Tok::Char(c) => {
                TermKind::Number(lex::char_number(c).map_err(|m| bad_number(m, &range))?)
            }
            Tok::Ident(name) => match *name {
                "true" => TermKind::Bool(true),
                "false" => TermKind::Bool(false),
                "nil" => TermKind::Nil,
                _ => TermKind::Call((*name).to_owned()),
            },
            Tok::LParen => {
                if depth >= MAX_PAREN_DEPTH {
                    return Err(syntax(
                        range,
                        format!("more than {MAX_PAREN_DEPTH} nested parentheses"),
                    ));
                }
                self.pos += 1;
                let inner = self.pipeline(depth + 1)?;
                match self.peek() {
                    Some(Token {
                        tok: Tok::RParen,
                        range: r,
                    }) => {
                        let end = r.end;
                        self.pos += 1;
                        // `(…).a.b`: Go's chain of fields after the parentheses.
                        if let Some(Token {
                            tok: Tok::Ref(text),
                            range: fr,
                        }) = self.peek()
                        {
                            if fr.start == end {
                                self.pos += 1;
                                return Ok(Some(Term {
                                    kind: TermKind::Chain(Box::new(inner), fields(text, fr)?),
                                    range: range.start..fr.end,
                                }));
                            }
                        }
                        return Ok(Some(Term {
                            kind: TermKind::Paren(Box::new(inner)),
                            range: range.start..end,
                        }));
                    }
                    _ => {
                        let end = self
                            .toks
                            .get(self.pos.wrapping_sub(1))
                            .map_or(range.end, |t| t.range.end)
                            .max(range.end);
                        return Err(
                            syntax(range.start..end, "unclosed `(`").help("add the closing `)`")
                        );
                    }
                }
            }
            Tok::Dollar(name) => return self.variable(name, range).map(Some),
            // Only inside a Palette `with` ([`super::blocks`]) does an action with `.` reach
            // the parser.
            Tok::Dot => TermKind::Dot,
            Tok::Comment => return Err(syntax(range, "unexpected comment")),
            Tok::Other(c) => {
                let mut e = syntax(range, format!("unexpected `{c}`"));
                if matches!(c, ':' | '=') {
                    e = e.help("assignments are not supported in Palette macros");
                } else if *c == ',' {
                    e = e.help("arguments are separated by spaces, not commas");
                }
                return Err(e);
            }
        };
        self.pos += 1;
        Ok(Some(Term { kind, range }))
    }
}

impl<'t> Parser<'t> {
    /// `$x`, `$x.a.b` (fields glued to it), or `$.spectro.…` (a Palette reference read
    /// from the root).
    fn variable(&mut self, name: &str, range: Range<usize>) -> Result<Term, Finding> {
        self.pos += 1;
        let glued = match self.peek() {
            Some(Token {
                tok: Tok::Ref(text),
                range: r,
            }) if r.start == range.end => Some((text, r.clone())),
            _ => None,
        };
        let Some((text, r)) = glued else {
            return Ok(Term {
                kind: TermKind::Var(name.to_owned(), Vec::new()),
                range,
            });
        };
        self.pos += 1;
        if name == "$" && is_palette_start(text) {
            return Ok(Term {
                kind: TermKind::Ref(parse_ref(text, r.clone())?),
                range: r,
            });
        }
        Ok(Term {
            kind: TermKind::Var(name.to_owned(), fields(text, &r)?),
            range: range.start..r.end,
        })
    }
}

/// The fields of `.a.b`: Go identifiers.
fn fields(text: &str, range: &Range<usize>) -> Result<Vec<String>, Finding> {
    let segs: Vec<String> = text[1..].split('.').map(str::to_owned).collect();
    if segs.len() > MAX_REF_SEGMENTS {
        return Err(syntax(
            range.clone(),
            format!("more than {MAX_REF_SEGMENTS} fields"),
        ));
    }
    let ident = |s: &String| {
        s.chars().next().is_some_and(|c| !c.is_ascii_digit())
            && s.chars().all(|c| c.is_alphanumeric() || c == '_')
    };
    if !segs.iter().all(ident) {
        return Err(syntax(range.clone(), format!("bad field name in `{text}`")));
    }
    Ok(segs)
}

const REF_KINDS: [&str; 5] = ["system", "pack", "var", "macro", "app"];

/// Parse a `.spectro.…` reference.
pub(crate) fn parse_ref(text: &str, range: Range<usize>) -> Result<Reference, Finding> {
    let body = text.strip_prefix('.').unwrap_or(text);
    // The segments are read from the text where they are (no vector of them): one pass
    // counts them and finds the first empty one.
    let (mut n_segs, mut seg_start, mut first_empty) = (1, 0, None);
    for (k, &c) in body.as_bytes().iter().enumerate() {
        if c == b'.' {
            if k == seg_start && first_empty.is_none() {
                first_empty = Some(n_segs - 1);
            }
            n_segs += 1;
            seg_start = k + 1;
        }
    }
    if seg_start == body.len() && first_empty.is_none() {
        first_empty = Some(n_segs - 1);
    }
    if n_segs > MAX_REF_SEGMENTS {
        return Err(syntax(
            range,
            format!("reference has more than {MAX_REF_SEGMENTS} segments"),
        ));
    }
    if let Some(empty) = first_empty {
        let msg = if empty == n_segs - 1 {
            "reference ends with `.`"
        } else {
            "empty segment (`..`) in reference"
        };
        return Err(syntax(range, msg));
    }
    let mut segs = body.splitn(3, ['.']);
    if segs.next() != Some("spectro") {
        return Err(syntax(
            range,
            format!("`{text}` is not a Palette reference"),
        ));
    }
    let Some(kind) = segs.next() else {
        return Err(syntax(range, "incomplete reference `.spectro`").help(
            "write `.spectro.system.…`, `.spectro.pack.…`, `.spectro.var.…` or `.spectro.macro.…`",
        ));
    };
    // The segments after the kind, as written between their dots.
    let joined = segs.next().unwrap_or("");
    let rest_len = n_segs - 2;
    let kind = match kind {
        "system" if rest_len > 0 => RefKind::System,
        "pack" if rest_len >= 2 => RefKind::Pack,
        "pack" if rest_len == 1 => {
            return Err(
                syntax(range, format!("`{text}` names a pack but no value in it"))
                    .help(format!("add the path of a value: `{text}.<key>`")),
            )
        }
        "var" | "macro" if rest_len > 1 => {
            let what = if kind == "var" {
                "profile variable"
            } else {
                "macro"
            };
            return Err(syntax(
                range,
                format!("a {what} name is one word; `{joined}` has dots"),
            )
            .help(format!(
                "write `.spectro.{kind}.{}` (names use letters, digits and `_`)",
                joined.replace(['.', '-'], "_")
            )));
        }
        "var" if rest_len == 1 => RefKind::Var,
        "macro" if rest_len == 1 => RefKind::Macro,
        "app" => RefKind::App,
        k if REF_KINDS.contains(&k) => {
            return Err(syntax(range, format!("incomplete reference `{text}`"))
                .help(format!("add a name: `.spectro.{k}.<name>`")))
        }
        other => {
            let mut e = syntax(range, format!("unknown reference kind `.spectro.{other}`"));
            let system = super::resolve::SYSTEM_MACROS;
            e = e.help(match crate::suggest::closest(other, REF_KINDS) {
                // Propose only a system macro that exists.
                Some("system") if !system.contains(&joined) => {
                    match crate::suggest::closest(joined, system.iter().copied()) {
                        Some(m) => format!("did you mean `.spectro.system.{m}`?"),
                        None => format!("system macros are `.spectro.system.<name>`, and `{joined}` is not one: see docs/macros.md"),
                    }
                }
                Some(c) => format!("did you mean `.spectro.{c}.{joined}`?"),
                None => "Palette references are `.spectro.system.…`, `.spectro.pack.…`, `.spectro.var.…` and `.spectro.macro.…`".to_owned(),
            });
            return Err(e);
        }
    };
    Ok(Reference {
        text: text.to_owned(),
        kind,
        // `joined` ends the text.
        name_start: text.len() - joined.len(),
    })
}

fn bad_number(message: String, range: &Range<usize>) -> Finding {
    syntax(range.clone(), message)
}

/// The functions a pipeline calls and each reference it uses, in order.
pub(crate) fn walk_terms<'p>(pipe: &'p Pipeline, out: &mut Vec<&'p Term>) {
    // Iterative: pipelines nest at most MAX_PAREN_DEPTH deep, but keep the stack flat anyway.
    let mut stack = vec![pipe];
    while let Some(p) = stack.pop() {
        for c in &p.commands {
            let terms: Vec<&Term> = match c {
                Command::Term(t) => vec![t],
                Command::Method { terms, .. } => terms.iter().collect(),
                Command::Call { args, .. } => args.iter().collect(),
            };
            for t in terms {
                if let Some(inner) = t.inner() {
                    stack.push(inner);
                }
                out.push(t);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn palette(value: &str) -> Action {
        match scan(value)
            .into_iter()
            .find(|p| matches!(p, Part::Palette(_)))
        {
            Some(Part::Palette(a)) => a,
            other => panic!("no palette action in {value:?}: {other:?}"),
        }
    }

    fn show(parts: &[Part], value: &str) -> Vec<String> {
        parts
            .iter()
            .map(|p| match p {
                Part::Text(r) => format!("text {:?}", &value[r.clone()]),
                Part::Palette(a) => format!(
                    "palette {:?}{}{} {}",
                    &value[a.range.clone()],
                    if a.trim_left { " trim-left" } else { "" },
                    if a.trim_right { " trim-right" } else { "" },
                    match &a.body {
                        Ok(_) => "ok".to_owned(),
                        Err(e) => format!("error {:?} at {:?}", e.message, &value[e.at.clone()]),
                    }
                ),
                Part::Foreign {
                    range,
                    mentions_spectro,
                } => {
                    format!(
                        "foreign {:?}{}",
                        &value[range.clone()],
                        if *mentions_spectro {
                            " mentions-spectro"
                        } else {
                            ""
                        }
                    )
                }
            })
            .collect()
    }

    #[test]
    fn scans_mixed_values() {
        let v = "a {{ .Release.Name }}-{{.spectro.var.x}} {{`{{`}} {{- .spectro.system.cluster.name -}} {{ template \"x\" . }}{{ upper .spectro.var.y }}";
        insta::assert_debug_snapshot!(show(&scan(v), v), @r###"
        [
            "text \"a \"",
            "foreign \"{{ .Release.Name }}\"",
            "text \"-\"",
            "palette \"{{.spectro.var.x}}\" ok",
            "text \" \"",
            "foreign \"{{`{{`}}\"",
            "text \" \"",
            "palette \"{{- .spectro.system.cluster.name -}}\" trim-left trim-right ok",
            "text \" \"",
            "foreign \"{{ template \\\"x\\\" . }}\"",
            "palette \"{{ upper .spectro.var.y }}\" ok",
        ]
        "###);
    }

    #[test]
    fn raw_strings_and_comments_hide_braces() {
        let v = "{{`}}`}} {{/* }} */}} {{ \"}}\" }} x";
        insta::assert_debug_snapshot!(show(&scan(v), v), @r###"
        [
            "foreign \"{{`}}`}}\"",
            "text \" \"",
            "foreign \"{{/* }} */}}\"",
            "text \" \"",
            "foreign \"{{ \\\"}}\\\" }}\"",
            "text \" x\"",
        ]
        "###);
    }

    #[test]
    fn unclosed_actions() {
        let v = "x {{ .spectro.var.a y";
        insta::assert_debug_snapshot!(show(&scan(v), v), @r###"
        [
            "text \"x \"",
            "palette \"{{ .spectro.var.a y\" error \"this action is not closed with `}}`\" at \"{{ .spectro.var.a y\"",
        ]
        "###);
        // A foreign unclosed action is text.
        let v = "{{ .Values.x";
        assert_eq!(show(&scan(v), v), ["text \"{{ .Values.x\""]);
    }

    #[test]
    fn pipelines_and_literals() {
        let a = palette("{{ .spectro.pack.edge-native-byoi.options.system.uri | substr 0 4 | default \"a\\\"b\" | replace `x` \"\\u00e9\" }}");
        let p = a.body.unwrap();
        insta::assert_debug_snapshot!(p.commands.iter().map(|c| match c {
            Command::Term(t) => format!("{:?}", t.kind),
            Command::Method { .. } => unreachable!(),
            Command::Call { name, args, .. } => format!("{name} {:?}", args.iter().map(|a| &a.kind).collect::<Vec<_>>()),
        }).collect::<Vec<_>>(), @r###"
        [
            "Ref(Reference { text: \".spectro.pack.edge-native-byoi.options.system.uri\", kind: Pack, name_start: 14 })",
            "substr [Number(Number { text: \"0\", int: Some(0), uint: Some(0), float: Some(0.0), complex: None }), Number(Number { text: \"4\", int: Some(4), uint: Some(4), float: Some(4.0), complex: None })]",
            "default [Str(\"a\\\"b\")]",
            "replace [Str(\"x\"), Str(\"é\")]",
        ]
        "###);
    }

    #[test]
    fn whitespace_and_newlines_inside() {
        let a = palette("{{\n  .spectro.system.kubernetes.version\n  | substr 0 4\n}}");
        assert!(a.body.is_ok());
        let a = palette("{{.spectro.var.n | default -1.5e2 | default 0x1F | default 017}}");
        let p = a.body.unwrap();
        let ideal: Vec<_> = p.commands[1..]
            .iter()
            .map(|c| match c {
                Command::Call { args, .. } => match &args[0].kind {
                    TermKind::Number(n) => n.ideal(),
                    other => panic!("not a number: {other:?}"),
                },
                Command::Term(_) | Command::Method { .. } => unreachable!(),
            })
            .collect();
        use lex::Ideal;
        assert_eq!(
            ideal,
            [
                Ok(Ideal::Float(-150.0)),
                Ok(Ideal::Int(31)),
                Ok(Ideal::Int(15))
            ]
        );
    }

    #[test]
    fn parentheses() {
        let a = palette("{{ .spectro.var.a | default (.spectro.var.b | upper) }}");
        let p = a.body.unwrap();
        let mut terms = Vec::new();
        walk_terms(&p, &mut terms);
        let refs: Vec<_> = terms
            .iter()
            .filter_map(|t| {
                if let TermKind::Ref(r) = &t.kind {
                    Some(r.text.as_str())
                } else {
                    None
                }
            })
            .collect();
        assert_eq!(refs.len(), 2);
        assert!(palette("{{ .spectro.var.a | default (upper }}")
            .body
            .is_err());
    }

    #[test]
    fn syntax_errors() {
        let err = |v: &str| {
            let a = palette(v);
            let e = a.body.unwrap_err();
            format!("{} at {:?}", e.message, &v[e.at])
        };
        insta::assert_debug_snapshot!([
            err("{{ .spectro.var.a | | upper }}"),
            err("{{ .spectro.var.a \"x\" }}"),
            err("{{ .spectro.var.a | default \"x }}"),
            err("{{ .spectro.sytem.cluster.name }}"),
            err("{{ .spectro.pack.kubernetes }}"),
            err("{{ .spectro.var.a.b }}"),
            err("{{ .spectro.var..b }}"),
            err("{{ .spectro.var.a | default $x.a-b }}"),
            err("{{ .spectro.var.a | .spectro.var.b }}"),
            err("{{ .spectro.var.a | default 'ab' }}"),
            err("{{ .spectro.var.a | default 1__0 }}"),
            err("{{ .spectro. }}"),
            err("{{ .spectro.var.a | default 1x }}"),
            err("{{ .spectro.var.a ) }}"),
        ], @r###"
        [
            "missing function after `|` at \"|\"",
            "`.spectro.var.a` is a value, not a function: it takes no arguments at \"\\\"x\\\"\"",
            "unterminated string at \"\\\"x }}\"",
            "unknown reference kind `.spectro.sytem` at \".spectro.sytem.cluster.name\"",
            "`.spectro.pack.kubernetes` names a pack but no value in it at \".spectro.pack.kubernetes\"",
            "a profile variable name is one word; `a.b` has dots at \".spectro.var.a.b\"",
            "empty segment (`..`) in reference at \".spectro.var..b\"",
            "bad field name in `.a-b` at \".a-b\"",
            "only a function can follow `|` at \".spectro.var.b\"",
            "malformed character constant `'ab'` at \"'ab'\"",
            "illegal number syntax `1__0` at \"1__0\"",
            "reference ends with `.` at \".spectro.\"",
            "bad number syntax `1x` at \"1x\"",
            "unexpected `)` at \")\"",
        ]
        "###);
    }

    #[test]
    fn pipelines_not_starting_with_spectro() {
        let kind = |v: &str| match scan(v).into_iter().find(|p| !matches!(p, Part::Text(_))) {
            Some(Part::Palette(a)) => format!("palette {}", a.body.is_ok()),
            Some(Part::Foreign {
                mentions_spectro, ..
            }) => format!("foreign {mentions_spectro}"),
            other => format!("{other:?}"),
        };
        assert_eq!(kind("{{ default \"x\" .spectro.var.y }}"), "palette true");
        assert_eq!(kind("{{ (.spectro.var.y | upper) }}"), "palette true");
        assert_eq!(kind("{{ \"a\" | cat .spectro.var.y }}"), "palette true");
        assert_eq!(kind("{{ upper (.spectro.var.y }}"), "palette false");
        assert_eq!(
            kind("{{ printf \"%s\" .Values.x .spectro.var.y }}"),
            "foreign true"
        );
        assert_eq!(kind("{{ $x := .spectro.var.y }}"), "palette true");
        assert_eq!(kind("{{ $x := .Values.y }}{{ $x }}"), "foreign false");
        assert_eq!(kind("{{ upper . }}{{ .spectro.var.y }}"), "foreign false");
        assert_eq!(kind("{{ default \"x\" .Values.y }}"), "foreign false");
    }

    #[test]
    fn palette_start_detection() {
        assert!(is_palette_start(".spectro.var.x"));
        assert!(is_palette_start(".spectro }}"));
        assert!(!is_palette_start(".spectrox"));
        assert!(!is_palette_start(".Values.spectro"));
    }

    #[test]
    fn find_open_agrees_with_find() {
        for s in [
            "",
            "{",
            "{{",
            "a{b{c",
            "x{{",
            "{a{{",
            "é{{ü",
            "}}{{",
            "{{{",
            "{}{{-",
            "a {{ b }} {{ c",
        ] {
            for from in 0..=s.len() {
                let want =
                    (from..s.len().saturating_sub(1)).find(|&k| &s.as_bytes()[k..k + 2] == b"{{");
                assert_eq!(find_open(s.as_bytes(), from), want, "{s:?} from {from}");
            }
        }
        assert_eq!(find_open(b"{{", 3), None);
    }

    #[test]
    fn parse_ref_reads_segments_in_place() {
        let pack = |t: &str| parse_ref(t, 0..t.len()).map(|r| (r.kind, r.name().to_owned()));
        let named = |k: RefKind, n: &str| Ok((k, n.to_owned()));
        assert_eq!(pack(".spectro.pack.p.a.b"), named(RefKind::Pack, "p.a.b"));
        assert_eq!(
            pack(".spectro.system.cluster.name"),
            named(RefKind::System, "cluster.name")
        );
        assert_eq!(pack(".spectro.var.x"), named(RefKind::Var, "x"));
        assert_eq!(pack(".spectro.macro.m"), named(RefKind::Macro, "m"));
        assert_eq!(pack(".spectro.app"), named(RefKind::App, ""));
        assert_eq!(pack(".spectro.app.a.b"), named(RefKind::App, "a.b"));
        // The first empty segment decides the message, as a split would find it.
        for t in [
            ".spectro..x",
            ".spectro.x.",
            ".spectro.",
            ".",
            "..",
            ".spectro.pack..a.",
        ] {
            let segs: Vec<&str> = t[1..].split('.').collect();
            let empty = segs.iter().position(|s| s.is_empty()).unwrap();
            let want = if empty == segs.len() - 1 {
                "reference ends with `.`"
            } else {
                "empty segment (`..`) in reference"
            };
            assert_eq!(pack(t).unwrap_err().message, want, "{t}");
        }
    }
}
