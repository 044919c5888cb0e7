//! Lexer and parser for the `{{ … }}` actions inside one scalar value.
//!
//! The scanner splits a value into text, Palette actions (whose first token is a
//! `.spectro.` reference) and foreign actions (Helm `{{ .Release.Name }}`, `{{ template … }}`,
//! ``{{`…`}}``, comments, …), which are kept byte for byte. Only Palette actions are
//! parsed into a [`Pipeline`]. Every offset here is a byte offset into the *value*;
//! the renderer maps it back to the file.

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
    /// The parsed pipeline, or the syntax error that prevented it.
    pub body: Result<Pipeline, Finding>,
}

/// A `template/syntax` finding at value offsets `range`.
fn syntax(range: Range<usize>, message: impl Into<String>) -> Finding {
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
}

/// One command of a pipeline.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Command {
    /// A value on its own (a reference, a literal or a parenthesised pipeline).
    Term(Term),
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
            Command::Call { range, .. } => range.clone(),
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
    /// An integer literal.
    Int(i64),
    /// A floating-point literal.
    Float(f64),
    /// `true` / `false`.
    Bool(bool),
    /// `nil`.
    Nil,
    /// `( pipeline )`.
    Paren(Box<Pipeline>),
    /// A function name used as an operand (a call without arguments).
    Call(String),
}

/// What a `.spectro.` reference points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum RefKind {
    /// `.spectro.system.<name>` (dotted name, e.g. `kubernetes.version`).
    System(String),
    /// `.spectro.pack.<pack>.<path…>`: the segments after `pack.` (pack name first).
    Pack(Vec<String>),
    /// `.spectro.var.<name>`.
    Var(String),
    /// `.spectro.macro.<name>`.
    Macro(String),
    /// `.spectro.app.…` (Palette Dev Engine app profiles): not resolved.
    App(String),
}

/// A `.spectro.` reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Reference {
    /// The reference as written, e.g. `.spectro.system.kubernetes.version`.
    pub text: String,
    /// What it points at.
    pub kind: RefKind,
}

/// Scan a scalar value into parts. Never fails: malformed Palette actions carry their
/// syntax error; malformed foreign text stays text.
#[must_use]
pub(crate) fn scan(value: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    let b = value.as_bytes();
    while let Some(off) = value[i..].find("{{") {
        let open = i + off;
        let mut body = open + 2;
        let mut trim_left = false;
        if b.get(body) == Some(&b'-') && b.get(body + 1).is_some_and(|c| is_space(*c)) {
            trim_left = true;
            body += 1;
        }
        let first = skip_space(value, body);
        let palette = is_palette_start(&value[first..]);
        match lex(value, body) {
            Ok(lexed) => {
                if text_start < open {
                    parts.push(Part::Text(text_start..open));
                }
                let range = open..lexed.end;
                if palette {
                    let parsed = parse_action(value, &lexed.tokens, first..lexed.inner_end);
                    parts.push(Part::Palette(Action {
                        range,
                        trim_left,
                        trim_right: lexed.trim_right,
                        body: parsed,
                    }));
                } else {
                    // Only references count: a `.spectro.` inside a string or a comment
                    // (``{{`{{ .spectro.x }}`}}``) is an intended literal.
                    let mentions_spectro = lexed
                        .tokens
                        .iter()
                        .any(|t| matches!(&t.tok, Tok::Ref(r) if r.starts_with(".spectro.")));
                    parts.push(Part::Foreign {
                        range,
                        mentions_spectro,
                    });
                }
                i = lexed.end;
                text_start = i;
            }
            Err(e) if palette => {
                if text_start < open {
                    parts.push(Part::Text(text_start..open));
                }
                // An unclosed or unlexable Palette action: the rest of the value is taken
                // as the action, so nothing after it is resolved by accident.
                let end = e.end.unwrap_or(value.len());
                parts.push(Part::Palette(Action {
                    range: open..end,
                    trim_left,
                    trim_right: false,
                    body: Err(e.finding),
                }));
                i = end;
                text_start = i;
            }
            Err(_) => {
                // Not Palette's and not a well-formed action: plain text.
                i = open + 2;
            }
        }
    }
    if text_start < value.len() {
        parts.push(Part::Text(text_start..value.len()));
    }
    parts
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

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

fn skip_space(s: &str, mut i: usize) -> usize {
    let b = s.as_bytes();
    while i < b.len() && is_space(b[i]) {
        i += 1;
    }
    i
}

// ---------------------------------------------------------------------------------
// Lexer
// ---------------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ref(String),
    Ident(String),
    Str(String),
    Char,
    Number(String),
    Pipe,
    LParen,
    RParen,
    Dollar(String),
    Dot,
    Comment,
    Other(char),
}

#[derive(Clone, Debug)]
struct Token {
    tok: Tok,
    range: Range<usize>,
}

struct Lexed {
    tokens: Vec<Token>,
    /// Offset after `}}`.
    end: usize,
    /// Offset where the closing delimiter (` -}}` or `}}`) starts.
    inner_end: usize,
    trim_right: bool,
}

struct LexError {
    finding: Finding,
    /// Where the action ends, when the closing `}}` was found.
    end: Option<usize>,
}

fn lex(s: &str, start: usize) -> Result<Lexed, LexError> {
    let b = s.as_bytes();
    let mut i = start;
    let mut tokens = Vec::new();
    let err = |range: Range<usize>, msg: &str| LexError {
        finding: syntax(range, msg),
        end: None,
    };
    loop {
        i = skip_space(s, i);
        let ws_before = i > 0 && is_space(b[i - 1]);
        if i >= b.len() {
            let mut e = err(
                start.saturating_sub(2)..b.len(),
                "this action is not closed with `}}`",
            );
            e.finding.help = Some("end the action with `}}`".into());
            return Err(e);
        }
        if s[i..].starts_with("-}}") && ws_before {
            return Ok(Lexed {
                tokens,
                end: i + 3,
                inner_end: i,
                trim_right: true,
            });
        }
        if s[i..].starts_with("}}") {
            return Ok(Lexed {
                tokens,
                end: i + 2,
                inner_end: i,
                trim_right: false,
            });
        }
        let c = b[i];
        let tok_start = i;
        let tok = match c {
            b'"' => {
                let (decoded, end) = lex_string(s, i).map_err(|m| err(tok_start..m.1, &m.0))?;
                i = end;
                Tok::Str(decoded)
            }
            b'`' => {
                let Some(close) = s[i + 1..].find('`') else {
                    return Err(err(i..b.len(), "unterminated raw string"));
                };
                let text = s[i + 1..i + 1 + close].to_owned();
                i = i + close + 2;
                Tok::Str(text)
            }
            b'\'' => {
                let mut j = i + 1;
                while j < b.len() && b[j] != b'\'' && b[j] != b'\n' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                if j >= b.len() || b[j] != b'\'' {
                    return Err(err(i..j.min(b.len()), "unterminated character constant"));
                }
                i = j + 1;
                Tok::Char
            }
            b'/' if b.get(i + 1) == Some(&b'*') && tokens.is_empty() => {
                let Some(close) = s[i + 2..].find("*/") else {
                    return Err(err(i..b.len(), "unclosed comment"));
                };
                i = i + 2 + close + 2;
                Tok::Comment
            }
            b'|' => {
                i += 1;
                Tok::Pipe
            }
            b'(' => {
                i += 1;
                Tok::LParen
            }
            b')' => {
                i += 1;
                Tok::RParen
            }
            b'$' => {
                let end = ident_end(s, i + 1);
                let name = s[i..end].to_owned();
                i = end;
                Tok::Dollar(name)
            }
            b'.' if b.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                let end = number_end(s, i);
                let text = s[i..end].to_owned();
                i = end;
                Tok::Number(text)
            }
            b'.' => {
                let mut j = i + 1;
                while j < b.len()
                    && (b[j].is_ascii_alphanumeric() || matches!(b[j], b'_' | b'-' | b'.'))
                {
                    // `-}}` closes the action.
                    if b[j] == b'-' && s[j..].starts_with("-}}") && is_space(b[j - 1]) {
                        break;
                    }
                    j += 1;
                }
                // Other non-ASCII letters are allowed in keys too.
                while j < b.len() {
                    let ch = s[j..].chars().next().unwrap_or(' ');
                    if ch.is_alphanumeric() || matches!(ch, '_' | '-' | '.') {
                        j += ch.len_utf8();
                    } else {
                        break;
                    }
                }
                let text = s[i..j].to_owned();
                i = j;
                if text == "." {
                    Tok::Dot
                } else {
                    Tok::Ref(text)
                }
            }
            b'0'..=b'9' => {
                let end = number_end(s, i);
                let text = s[i..end].to_owned();
                i = end;
                Tok::Number(text)
            }
            b'+' | b'-'
                if b.get(i + 1)
                    .is_some_and(|d| d.is_ascii_digit() || *d == b'.') =>
            {
                let end = number_end(s, i + 1);
                let text = s[i..end].to_owned();
                i = end;
                Tok::Number(text)
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let end = ident_end(s, i);
                let text = s[i..end].to_owned();
                i = end;
                Tok::Ident(text)
            }
            _ => {
                let ch = s[i..].chars().next().unwrap_or('?');
                i += ch.len_utf8();
                Tok::Other(ch)
            }
        };
        tokens.push(Token {
            tok,
            range: tok_start..i,
        });
    }
}

fn ident_end(s: &str, mut i: usize) -> usize {
    let b = s.as_bytes();
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
        i += 1;
    }
    i
}

fn number_end(s: &str, mut i: usize) -> usize {
    let b = s.as_bytes();
    while i < b.len() {
        let c = b[i];
        let exponent_sign = matches!(c, b'+' | b'-')
            && matches!(b[i - 1], b'e' | b'E' | b'p' | b'P')
            && !s[..i].contains(['x', 'X']);
        if c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || exponent_sign {
            i += 1;
        } else {
            break;
        }
    }
    i
}

/// A Go double-quoted string starting at `i`; returns the decoded text and the offset
/// after the closing quote.
fn lex_string(s: &str, i: usize) -> Result<(String, usize), (String, usize)> {
    let b = s.as_bytes();
    let mut out: Vec<u8> = Vec::new();
    let mut j = i + 1;
    loop {
        let Some(&c) = b.get(j) else {
            return Err(("unterminated string".into(), b.len()));
        };
        match c {
            b'"' => break,
            b'\n' => return Err(("unterminated string: a line break inside quotes".into(), j)),
            b'\\' => {
                let Some(&e) = b.get(j + 1) else {
                    return Err(("unterminated string".into(), b.len()));
                };
                let simple = match e {
                    b'a' => Some(0x07),
                    b'b' => Some(0x08),
                    b'f' => Some(0x0c),
                    b'n' => Some(b'\n'),
                    b'r' => Some(b'\r'),
                    b't' => Some(b'\t'),
                    b'v' => Some(0x0b),
                    b'\\' => Some(b'\\'),
                    b'"' => Some(b'"'),
                    _ => None,
                };
                if let Some(v) = simple {
                    out.push(v);
                    j += 2;
                    continue;
                }
                let (len, radix, is_byte) = match e {
                    b'x' => (2, 16, true),
                    b'u' => (4, 16, false),
                    b'U' => (8, 16, false),
                    b'0'..=b'7' => (3, 8, true),
                    _ => {
                        return Err((format!("unknown escape `\\{}` in string", e as char), j + 2))
                    }
                };
                let digits_start = if e.is_ascii_digit() { j + 1 } else { j + 2 };
                let digits = s
                    .get(digits_start..digits_start + len)
                    .ok_or(("bad escape in string".to_owned(), j + 2))?;
                let v = u32::from_str_radix(digits, radix)
                    .map_err(|_| ("bad escape in string".to_owned(), digits_start + len))?;
                if is_byte {
                    out.push(u8::try_from(v).map_err(|_| {
                        ("octal escape out of range".to_owned(), digits_start + len)
                    })?);
                } else {
                    let ch = char::from_u32(v).ok_or((
                        "escape is not a valid character".to_owned(),
                        digits_start + len,
                    ))?;
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
                j = digits_start + len;
            }
            _ => {
                out.push(c);
                j += 1;
            }
        }
    }
    let text = String::from_utf8(out)
        .map_err(|_| ("string escapes do not form UTF-8 text".to_owned(), j + 1))?;
    Ok((text, j + 1))
}

// ---------------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------------

struct Parser<'t> {
    toks: &'t [Token],
    pos: usize,
    end: usize,
}

fn parse_action(value: &str, tokens: &[Token], inner: Range<usize>) -> Result<Pipeline, Finding> {
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

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.toks.get(self.pos)
    }

    fn here(&self) -> usize {
        self.peek().map_or(self.end, |t| t.range.start)
    }

    fn pipeline(&mut self, depth: usize) -> Result<Pipeline, Finding> {
        let start = self.here();
        let mut commands = Vec::new();
        let mut pipe_at: Option<Range<usize>> = None;
        loop {
            let at = self.here();
            let cmd = self.command(depth)?;
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
        })
    }

    /// One command; `None` when there is nothing before the next `|`, `)` or the end.
    fn command(&mut self, depth: usize) -> Result<Option<Command>, Finding> {
        let Some(first) = self.peek().cloned() else {
            return Ok(None);
        };
        match &first.tok {
            Tok::Pipe | Tok::RParen => return Ok(None),
            Tok::Ident(name) if !matches!(name.as_str(), "true" | "false" | "nil") => {
                self.pos += 1;
                let mut args = Vec::new();
                while let Some(t) = self.operand(depth)? {
                    args.push(t);
                }
                let end = args.last().map_or(first.range.end, |a| a.range.end);
                return Ok(Some(Command::Call {
                    name: name.clone(),
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

    fn operand(&mut self, depth: usize) -> Result<Option<Term>, Finding> {
        let Some(t) = self.peek().cloned() else {
            return Ok(None);
        };
        let range = t.range.clone();
        let kind = match &t.tok {
            Tok::Pipe | Tok::RParen => return Ok(None),
            Tok::Ref(text) => TermKind::Ref(parse_ref(text, range.clone())?),
            Tok::Str(s) => TermKind::Str(s.clone()),
            Tok::Number(n) => parse_number(n, range.clone())?,
            Tok::Ident(name) => match name.as_str() {
                "true" => TermKind::Bool(true),
                "false" => TermKind::Bool(false),
                "nil" => TermKind::Nil,
                _ => TermKind::Call(name.clone()),
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
            Tok::Char => {
                return Err(syntax(range, "character constants are not supported")
                    .help("use a double-quoted string"))
            }
            Tok::Dollar(_) => {
                return Err(syntax(
                    range,
                    "template variables (`$x`) are not supported in Palette macros",
                ))
            }
            Tok::Dot => {
                return Err(syntax(
                    range,
                    "`.` alone is not supported in Palette macros",
                ))
            }
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

const REF_KINDS: [&str; 5] = ["system", "pack", "var", "macro", "app"];

/// Parse a `.spectro.…` reference.
pub(crate) fn parse_ref(text: &str, range: Range<usize>) -> Result<Reference, Finding> {
    let body = text.strip_prefix('.').unwrap_or(text);
    let segs: Vec<&str> = body.split('.').collect();
    if segs.len() > MAX_REF_SEGMENTS {
        return Err(syntax(
            range,
            format!("reference has more than {MAX_REF_SEGMENTS} segments"),
        ));
    }
    if let Some(empty) = segs.iter().position(|s| s.is_empty()) {
        let msg = if empty == segs.len() - 1 {
            "reference ends with `.`"
        } else {
            "empty segment (`..`) in reference"
        };
        return Err(syntax(range, msg));
    }
    if segs.first() != Some(&"spectro") {
        return Err(syntax(
            range,
            format!("`{text}` is not a Palette reference"),
        ));
    }
    let Some(kind) = segs.get(1) else {
        return Err(syntax(range, "incomplete reference `.spectro`").help(
            "write `.spectro.system.…`, `.spectro.pack.…`, `.spectro.var.…` or `.spectro.macro.…`",
        ));
    };
    let rest = &segs[2..];
    let joined = rest.join(".");
    let kind = match *kind {
        "system" if !rest.is_empty() => RefKind::System(joined),
        "pack" if rest.len() >= 2 => RefKind::Pack(rest.iter().map(|s| (*s).to_owned()).collect()),
        "pack" if rest.len() == 1 => {
            return Err(
                syntax(range, format!("`{text}` names a pack but no value in it"))
                    .help(format!("add the path of a value: `{text}.<key>`")),
            )
        }
        "var" | "macro" if rest.len() > 1 => {
            let what = if *kind == "var" {
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
        "var" if rest.len() == 1 => RefKind::Var(joined),
        "macro" if rest.len() == 1 => RefKind::Macro(joined),
        "app" => RefKind::App(joined),
        k if REF_KINDS.contains(&k) => {
            return Err(syntax(range, format!("incomplete reference `{text}`"))
                .help(format!("add a name: `.spectro.{k}.<name>`")))
        }
        other => {
            let mut e = syntax(range, format!("unknown reference kind `.spectro.{other}`"));
            let system = super::resolve::SYSTEM_MACROS;
            e = e.help(match crate::suggest::closest(other, REF_KINDS) {
                // Propose only a system macro that exists.
                Some("system") if !system.contains(&joined.as_str()) => {
                    match crate::suggest::closest(&joined, system.iter().copied()) {
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
    })
}

fn parse_number(text: &str, range: Range<usize>) -> Result<TermKind, Finding> {
    let bad = || syntax(range.clone(), format!("bad number `{text}`"));
    let clean = text.replace('_', "");
    let (neg, digits) = match clean.as_bytes().first() {
        Some(b'-') => (true, &clean[1..]),
        Some(b'+') => (false, &clean[1..]),
        _ => (false, clean.as_str()),
    };
    let int = |radix: u32, d: &str| -> Result<TermKind, Finding> {
        let v = i64::from_str_radix(d, radix).map_err(|_| bad())?;
        Ok(TermKind::Int(if neg { -v } else { v }))
    };
    let lower = digits.to_ascii_lowercase();
    if let Some(h) = lower.strip_prefix("0x") {
        return int(16, h);
    }
    if let Some(o) = lower.strip_prefix("0o") {
        return int(8, o);
    }
    if let Some(b) = lower.strip_prefix("0b") {
        return int(2, b);
    }
    if !digits.is_empty() && digits.bytes().all(|c| c.is_ascii_digit()) {
        if digits.len() > 1 && digits.starts_with('0') {
            return int(8, &digits[1..]);
        }
        return int(10, digits);
    }
    let ok = digits
        .bytes()
        .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-'));
    if ok {
        if let Ok(f) = digits.parse::<f64>() {
            if f.is_finite() {
                return Ok(TermKind::Float(if neg { -f } else { f }));
            }
        }
    }
    Err(bad())
}

/// The functions a pipeline calls and each reference it uses, in order.
pub(crate) fn walk_terms<'p>(pipe: &'p Pipeline, out: &mut Vec<&'p Term>) {
    // Iterative: pipelines nest at most MAX_PAREN_DEPTH deep, but keep the stack flat anyway.
    let mut stack = vec![pipe];
    while let Some(p) = stack.pop() {
        for c in &p.commands {
            let terms: Vec<&Term> = match c {
                Command::Term(t) => vec![t],
                Command::Call { args, .. } => args.iter().collect(),
            };
            for t in terms {
                if let TermKind::Paren(inner) = &t.kind {
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
            "foreign \"{{ upper .spectro.var.y }}\" mentions-spectro",
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
            Command::Call { name, args, .. } => format!("{name} {:?}", args.iter().map(|a| &a.kind).collect::<Vec<_>>()),
        }).collect::<Vec<_>>(), @r###"
        [
            "Ref(Reference { text: \".spectro.pack.edge-native-byoi.options.system.uri\", kind: Pack([\"edge-native-byoi\", \"options\", \"system\", \"uri\"]) })",
            "substr [Int(0), Int(4)]",
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
        let kinds: Vec<_> = p.commands[1..]
            .iter()
            .map(|c| match c {
                Command::Call { args, .. } => args[0].kind.clone(),
                Command::Term(_) => unreachable!(),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                TermKind::Float(-150.0),
                TermKind::Int(31),
                TermKind::Int(15)
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
            err("{{ .spectro.var.a | }}"),
            err("{{ .spectro.var.a \"x\" }}"),
            err("{{ .spectro.var.a | default \"x }}"),
            err("{{ .spectro.sytem.cluster.name }}"),
            err("{{ .spectro.pack.kubernetes }}"),
            err("{{ .spectro.var.a.b }}"),
            err("{{ .spectro.var..b }}"),
            err("{{ .spectro.var.a | default $x }}"),
            err("{{ .spectro.var.a | .spectro.var.b }}"),
            err("{{ .spectro.var.a | default 'c' }}"),
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
            "template variables (`$x`) are not supported in Palette macros at \"$x\"",
            "only a function can follow `|` at \".spectro.var.b\"",
            "character constants are not supported at \"'c'\"",
            "reference ends with `.` at \".spectro.\"",
            "bad number `1x` at \"1x\"",
            "unexpected `)` at \")\"",
        ]
        "###);
    }

    #[test]
    fn palette_start_detection() {
        assert!(is_palette_start(".spectro.var.x"));
        assert!(is_palette_start(".spectro }}"));
        assert!(!is_palette_start(".spectrox"));
        assert!(!is_palette_start(".Values.spectro"));
    }
}
