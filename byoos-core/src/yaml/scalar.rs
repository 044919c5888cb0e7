//! Scalars as text: where each character of a scalar's value sits in the file (so
//! diagnostics inside a value point at the right bytes), and how to write a new value
//! back in the scalar's style without changing the YAML structure.

use crate::yaml::typing::go_readings;
use crate::yaml::{resolve_plain, Node, NodeKind, Style};
use std::ops::Range;

/// Maps byte offsets of a scalar's value to byte ranges of the source text.
#[derive(Clone, Debug)]
pub(crate) struct SourceMap {
    /// For each value character: (value offset, source start, source end).
    chars: Vec<(usize, usize, usize)>,
    /// Whether decoding the source reproduced the parser's value exactly.
    exact: bool,
    /// The scalar's own range, used when the map is not exact.
    fallback: Range<usize>,
    /// When the value is ASCII and written verbatim in the source (no escapes, no line
    /// folding, only the quotes around it): where its first byte is, and its length.
    /// Then value offset `i` is source offset `start + i`, and `chars` stays empty.
    verbatim: Option<(usize, usize)>,
}

impl SourceMap {
    /// The map of a scalar node of `text`.
    pub(crate) fn new(text: &str, node: &Node) -> SourceMap {
        let fallback = node.range.clone();
        let NodeKind::Scalar { value, style } = &node.kind else {
            return SourceMap {
                chars: Vec::new(),
                exact: false,
                fallback,
                verbatim: None,
            };
        };
        if let Some(start) = verbatim_start(text, &fallback, value, *style) {
            return SourceMap {
                chars: Vec::new(),
                exact: true,
                fallback,
                verbatim: Some((start, value.len())),
            };
        }
        let decoded = match style {
            Style::Literal | Style::Folded => {
                block_header(text, node).and_then(|h| decode_block(text, node, &h, *style))
            }
            _ => decode_flow(text, node.range.clone(), *style),
        };
        match decoded {
            Some((out, chars)) if out == *value || block_matches(&out, value, *style) => {
                SourceMap {
                    chars,
                    exact: true,
                    fallback,
                    verbatim: None,
                }
            }
            _ => SourceMap {
                chars: Vec::new(),
                exact: false,
                fallback,
                verbatim: None,
            },
        }
    }

    /// Whether positions map exactly.
    pub(crate) fn is_exact(&self) -> bool {
        self.exact
    }

    /// The source range of value bytes `r`.
    pub(crate) fn map(&self, r: Range<usize>) -> Range<usize> {
        if !self.exact {
            return self.fallback.clone();
        }
        if let Some((at, len)) = self.verbatim {
            // The same answers as the per-character table below (every offset of an
            // ASCII value is a character boundary).
            let start = if r.start < len {
                at + r.start
            } else {
                self.fallback.end
            };
            if r.end <= r.start {
                return start..start;
            }
            let end = if r.end.min(len) == 0 {
                start
            } else {
                at + r.end.min(len)
            };
            return start..end.max(start);
        }
        let first = self.chars.partition_point(|c| c.0 < r.start);
        let start = self.chars.get(first).map_or(self.fallback.end, |c| c.1);
        if r.end <= r.start {
            return start..start;
        }
        let last = self.chars.partition_point(|c| c.0 < r.end);
        let end = if last == 0 {
            start
        } else {
            self.chars[last - 1].2
        };
        start..end.max(start)
    }
}

/// Where the value starts in the source when a flow scalar's source is exactly its ASCII
/// value (plain, on one line), or the value between its quotes (no escapes, no doubled
/// `''`, no line break): then positions map one to one.
fn verbatim_start(text: &str, range: &Range<usize>, value: &str, style: Style) -> Option<usize> {
    let src = text.get(range.clone())?;
    if !value.is_ascii() || memchr::memchr2(b'\n', b'\r', value.as_bytes()).is_some() {
        return None;
    }
    let inner = match style {
        Style::Plain => src,
        Style::SingleQuoted => src.strip_prefix('\'')?.strip_suffix('\'')?,
        Style::DoubleQuoted => src.strip_prefix('"')?.strip_suffix('"')?,
        Style::Literal | Style::Folded => return None,
    };
    (inner == value).then(|| range.start + (src.len() - inner.len()) / 2)
}

/// Block scalars: the decoder does not apply chomping; trailing line breaks may differ.
fn block_matches(out: &str, value: &str, style: Style) -> bool {
    matches!(style, Style::Literal | Style::Folded)
        && out.trim_end_matches('\n') == value.trim_end_matches('\n')
}

// ---------------------------------------------------------------------------------
// Flow scalars (plain, single-quoted, double-quoted)
// ---------------------------------------------------------------------------------

struct Piece {
    ch: char,
    start: usize,
    end: usize,
    raw_ws: bool,
}

type Decoded = (String, Vec<(usize, usize, usize)>);

fn decode_flow(text: &str, range: Range<usize>, style: Style) -> Option<Decoded> {
    let src = text.get(range.clone())?;
    let (content_start, content_end) = match style {
        Style::SingleQuoted | Style::DoubleQuoted => {
            let q = if style == Style::SingleQuoted {
                '\''
            } else {
                '"'
            };
            if src.len() < 2 || !src.starts_with(q) || !src.ends_with(q) {
                return None;
            }
            (range.start + 1, range.end - 1)
        }
        _ => (range.start, range.end),
    };
    let content = &text[content_start..content_end];
    // Split into lines, remembering where each starts.
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut ls = content_start;
    for (i, c) in content.char_indices() {
        if c == '\n' {
            let mut le = content_start + i;
            if le > ls && text.as_bytes()[le - 1] == b'\r' {
                le -= 1;
            }
            lines.push((ls, le));
            ls = content_start + i + 1;
        }
    }
    lines.push((ls, content_end));
    let last = lines.len() - 1;
    let mut out = String::new();
    let mut map = Vec::new();
    let mut k = 0;
    while k < lines.len() {
        let (s, e) = lines[k];
        let (mut pieces, escaped_break) = decode_line(text, s, e, style)?;
        if k > 0 {
            let lead = pieces.iter().take_while(|p| p.raw_ws).count();
            pieces.drain(..lead);
        }
        if k < last && !escaped_break {
            while pieces.last().is_some_and(|p| p.raw_ws) {
                pieces.pop();
            }
        }
        for p in &pieces {
            map.push((out.len(), p.start, p.end));
            out.push(p.ch);
        }
        if k == last {
            break;
        }
        // The line break(s) after line k.
        let mut j = k + 1;
        let mut empties = Vec::new();
        while j < last && is_blank(&text[lines[j].0..lines[j].1]) {
            empties.push(j);
            j += 1;
        }
        if empties.is_empty() {
            if !escaped_break {
                map.push((out.len(), e, e + 1));
                out.push(' ');
            }
        } else {
            for &x in &empties {
                let nl = lines[x].1;
                map.push((out.len(), nl, nl + 1));
                out.push('\n');
            }
        }
        k = j;
    }
    Some((out, map))
}

fn is_blank(s: &str) -> bool {
    s.bytes().all(|b| b == b' ' || b == b'\t')
}

/// Decode one line of a flow scalar into pieces; the flag is set when a double-quoted
/// line ends with an escaped line break (`\` at its end).
fn decode_line(text: &str, s: usize, e: usize, style: Style) -> Option<(Vec<Piece>, bool)> {
    let line = &text[s..e];
    let mut pieces = Vec::new();
    let mut it = line.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let at = s + i;
        match (style, c) {
            (Style::SingleQuoted, '\'') => {
                let (j, _) = it.next()?;
                pieces.push(Piece {
                    ch: '\'',
                    start: at,
                    end: s + j + 1,
                    raw_ws: false,
                });
            }
            (Style::DoubleQuoted, '\\') => {
                let Some((j, esc)) = it.next() else {
                    return Some((pieces, true));
                };
                let simple = match esc {
                    '0' => Some('\0'),
                    'a' => Some('\x07'),
                    'b' => Some('\x08'),
                    't' | '\t' => Some('\t'),
                    'n' => Some('\n'),
                    'v' => Some('\x0b'),
                    'f' => Some('\x0c'),
                    'r' => Some('\r'),
                    'e' => Some('\x1b'),
                    ' ' => Some(' '),
                    '"' => Some('"'),
                    '/' => Some('/'),
                    '\\' => Some('\\'),
                    'N' => Some('\u{85}'),
                    '_' => Some('\u{a0}'),
                    'L' => Some('\u{2028}'),
                    'P' => Some('\u{2029}'),
                    _ => None,
                };
                if let Some(ch) = simple {
                    pieces.push(Piece {
                        ch,
                        start: at,
                        end: s + j + esc.len_utf8(),
                        raw_ws: false,
                    });
                    continue;
                }
                let len = match esc {
                    'x' => 2,
                    'u' => 4,
                    'U' => 8,
                    _ => return None,
                };
                let hex = line.get(j + 1..j + 1 + len)?;
                let ch = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
                for _ in 0..len {
                    it.next();
                }
                pieces.push(Piece {
                    ch,
                    start: at,
                    end: s + j + 1 + len,
                    raw_ws: false,
                });
            }
            _ => pieces.push(Piece {
                ch: c,
                start: at,
                end: at + c.len_utf8(),
                raw_ws: c == ' ' || c == '\t',
            }),
        }
    }
    Some((pieces, false))
}

// ---------------------------------------------------------------------------------
// Block scalars
// ---------------------------------------------------------------------------------

/// How a block scalar's trailing line breaks are kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Chomp {
    /// `|-`: none.
    Strip,
    /// `|`: one.
    Clip,
    /// `|+`: all.
    Keep,
}

/// The header of a block scalar.
#[derive(Clone, Debug)]
pub(crate) struct BlockHeader {
    /// Offset of the `|` or `>`.
    pub(crate) indicator: usize,
    /// Offset after the indicator characters (`|-2`).
    pub(crate) indicator_end: usize,
    /// Offset of the first byte after the header line's line break.
    pub(crate) body_start: usize,
    /// Chomping.
    pub(crate) chomp: Chomp,
    /// An explicit indentation indicator was given.
    pub(crate) explicit: bool,
    /// The content's indentation (spaces), detected from the first non-blank line.
    pub(crate) indent: usize,
}

/// Find the header of a block scalar node.
pub(crate) fn block_header(text: &str, node: &Node) -> Option<BlockHeader> {
    let b = text.as_bytes();
    let line_start = |at: usize| text[..at].rfind('\n').map_or(0, |n| n + 1);
    let mut ls = line_start(node.range.start.min(text.len()));
    // Walk up over blank lines to the header line.
    loop {
        if ls == 0 {
            return None;
        }
        let prev = line_start(ls - 1);
        let line = text[prev..ls - 1].trim_end_matches('\r');
        if is_blank(line) {
            ls = prev;
            continue;
        }
        // The indicator: the last `|` or `>` that is followed only by indicator
        // characters, then spaces and an optional comment.
        let mut found = None;
        for (i, c) in line.char_indices().rev() {
            if c != '|' && c != '>' {
                continue;
            }
            let rest = &line[i + 1..];
            let ind_len = rest
                .bytes()
                .take_while(|x| matches!(x, b'-' | b'+' | b'1'..=b'9'))
                .count();
            let after = &rest[ind_len..];
            let t = after.trim_start_matches([' ', '\t']);
            let ws_ok = t.is_empty() || (t.starts_with('#') && after.len() > t.len());
            let before_ok = i == 0 || matches!(line.as_bytes()[i - 1], b' ' | b'\t');
            if ws_ok && before_ok && ind_len <= 2 {
                found = Some((prev + i, prev + i + 1 + ind_len, &rest[..ind_len]));
                break;
            }
        }
        let (indicator, indicator_end, ind) = found?;
        let chomp = if ind.contains('-') {
            Chomp::Strip
        } else if ind.contains('+') {
            Chomp::Keep
        } else {
            Chomp::Clip
        };
        let explicit = ind.bytes().any(|x| x.is_ascii_digit());
        // Indentation of the first non-blank content line.
        let mut indent = 0;
        let mut p = ls;
        while p < text.len() {
            let end = text[p..].find('\n').map_or(text.len(), |n| p + n);
            let line = &text[p..end];
            if !is_blank(line.trim_end_matches('\r')) {
                indent = line.bytes().take_while(|x| *x == b' ').count();
                break;
            }
            p = end + 1;
        }
        let _ = b;
        return Some(BlockHeader {
            indicator,
            indicator_end,
            body_start: ls,
            chomp,
            explicit,
            indent,
        });
    }
}

fn decode_block(text: &str, node: &Node, h: &BlockHeader, style: Style) -> Option<Decoded> {
    if h.explicit || h.indent == 0 {
        return None;
    }
    let end = node.range.end;
    let body = text.get(h.body_start..end)?;
    let mut out = String::new();
    let mut map = Vec::new();
    let mut pos = h.body_start;
    // (content start, content end, newline offset) per line.
    let mut lines = Vec::new();
    for line in body.split('\n') {
        let le = pos + line.len();
        let trimmed_end = if line.ends_with('\r') { le - 1 } else { le };
        let lead = line.bytes().take_while(|x| *x == b' ').count();
        let cs = if lead >= h.indent {
            pos + h.indent
        } else {
            trimmed_end.min(pos + lead)
        };
        let blank = is_blank(&text[pos..trimmed_end]) && lead <= h.indent;
        lines.push((cs, trimmed_end, le, blank));
        pos = le + 1;
    }
    let push_line =
        |out: &mut String, map: &mut Vec<(usize, usize, usize)>, cs: usize, ce: usize| {
            for (i, c) in text[cs..ce].char_indices() {
                map.push((out.len(), cs + i, cs + i + c.len_utf8()));
                out.push(c);
            }
        };
    match style {
        Style::Literal => {
            for (k, &(cs, ce, nl, blank)) in lines.iter().enumerate() {
                if k > 0 {
                    let prev_nl = lines[k - 1].2;
                    map.push((out.len(), prev_nl, prev_nl + 1));
                    out.push('\n');
                }
                let _ = nl;
                if !blank {
                    push_line(&mut out, &mut map, cs, ce);
                }
            }
        }
        _ => {
            // Folded: a single break between two normal lines becomes a space; breaks
            // next to more-indented lines and empty lines are kept.
            let mut prev_normal: Option<bool> = None;
            let mut pending: Vec<usize> = Vec::new();
            for &(cs, ce, nl, blank) in &lines {
                if blank {
                    pending.push(nl);
                    continue;
                }
                let more = matches!(text.as_bytes().get(cs), Some(b' ' | b'\t'));
                if let Some(pn) = prev_normal {
                    let first_break = pending.first().copied();
                    let _ = first_break;
                    if pn && !more && pending.len() == 1 {
                        let at = pending[0];
                        map.push((out.len(), at, at + 1));
                        out.push(' ');
                    } else {
                        let skip = usize::from(pn && !more);
                        for &at in &pending[skip..] {
                            map.push((out.len(), at, at + 1));
                            out.push('\n');
                        }
                    }
                } else {
                    for &at in &pending[..pending.len().saturating_sub(1)] {
                        map.push((out.len(), at, at + 1));
                        out.push('\n');
                    }
                }
                pending.clear();
                push_line(&mut out, &mut map, cs, ce);
                pending.push(nl);
                prev_normal = Some(!more);
            }
        }
    }
    Some((out, map))
}

// ---------------------------------------------------------------------------------
// Writing values
// ---------------------------------------------------------------------------------

/// Whether `c` may appear raw in a YAML document (c-printable, minus the BOM).
pub(crate) fn printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{7e}' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        && c != '\u{feff}'
}

/// `s` as a double-quoted YAML scalar (quotes included). Always safe on one line.
pub(crate) fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    out.push_str(&escape_double(s));
    out.push('"');
    out
}

/// The inside of a double-quoted scalar for `s`.
pub(crate) fn escape_double(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            '\x0b' => out.push_str("\\v"),
            '\x0c' => out.push_str("\\f"),
            '\x1b' => out.push_str("\\e"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if (c as u32) < 0x100 && !printable(c) => {
                out.push_str(&format!("\\x{:02X}", c as u32))
            }
            c if (c as u32) < 0x10000 && !printable(c) => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c if !printable(c) => out.push_str(&format!("\\U{:08X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Whether `s` can be written single-quoted on one line.
pub(crate) fn single_quoted_ok(s: &str) -> bool {
    s.chars()
        .all(|c| printable(c) && !matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'))
}

/// `s` single-quoted (quotes included).
pub(crate) fn single_quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Whether `s` can be written as a plain scalar that reads back as the same string, in
/// block context or (`flow`) inside `[ ]` / `{ }`.
pub(crate) fn plain_ok(s: &str, flow: bool) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s.starts_with([' ', '\t']) || s.ends_with([' ', '\t']) {
        return false;
    }
    if s.chars().any(|c| {
        !printable(c)
            || matches!(
                c,
                '\n' | '\r' | '\t' | '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{a0}'
            )
    }) {
        return false;
    }
    if "?:,[]{}#&*!|>'\"%@`".contains(first) {
        return false;
    }
    if first == '-'
        && s[1..]
            .chars()
            .next()
            .is_none_or(|c| c == ' ' || (flow && ",[]{}".contains(c)))
    {
        return false;
    }
    if s.starts_with("---") || s.starts_with("...") {
        return false;
    }
    if s.contains(": ") || s.ends_with(':') || s.contains(" #") {
        return false;
    }
    if flow && s.contains([',', '[', ']', '{', '}']) {
        return false;
    }
    !looks_non_string(s)
}

/// Whether a plain scalar `s` would be read as something other than a string by any
/// common YAML reader: Palette's Go libraries, exactly as the `yaml/implicit-type` lint
/// decides ([`go_readings`]: yaml.v3, yaml.v2, sigs.k8s.io/yaml), and, erring on the side
/// of quoting, the YAML 1.2 core schema (saphyr, js-yaml) and YAML 1.1 in any case
/// (PyYAML, ruamel): a string quoted needlessly reads back the same.
pub(crate) fn looks_non_string(s: &str) -> bool {
    if !go_readings(s).is_string() || resolve_plain(s).is_some() {
        return true;
    }
    // Booleans and nulls of YAML 1.1 in any case (`yes`, `No`, `oN`, `y`), merge `<<`,
    // value `=`; infinities and not-a-numbers in any case, with a sign.
    const WORDS: [&str; 14] = [
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", "=", "<<", ".inf", ".nan",
    ];
    let t = s.strip_prefix(['-', '+']).unwrap_or(s);
    if WORDS
        .iter()
        .any(|w| w.eq_ignore_ascii_case(s) || w.eq_ignore_ascii_case(t))
    {
        return true;
    }
    radix_int(t) || decimal_like(t) || timestamp_like(s)
}

/// `0x…`, `0o…`, `0b…` (either case) with `_` anywhere after the leading `0`: YAML 1.1
/// (`0x1_0`), yaml.v2/v3 (`-0o17`, `0X1F`, `0_x10`).
fn radix_int(t: &str) -> bool {
    let Some(rest) = t.strip_prefix('0') else {
        return false;
    };
    let rest = rest.trim_start_matches('_');
    let mut chars = rest.chars();
    let digit: fn(char) -> bool = match chars.next() {
        Some('x' | 'X') => |c| c.is_ascii_hexdigit(),
        Some('o' | 'O') => |c| ('0'..='7').contains(&c),
        Some('b' | 'B') => |c| c == '0' || c == '1',
        _ => return false,
    };
    let digits = chars.as_str();
    !digits.is_empty() && digits.chars().all(|c| c == '_' || digit(c))
}

/// Decimal integers and floats with `_` separators, leading-zero octals, sexagesimal
/// numbers (`1:20`, `1:20.5`), `1.`, `.5`, exponents: digits and `_ . : e E + -` only,
/// starting with a digit or `.`, with at most one `.` (so `1.29.5` stays text).
fn decimal_like(t: &str) -> bool {
    !t.is_empty()
        && t.bytes().all(|b| {
            b.is_ascii_digit() || matches!(b, b'_' | b'.' | b':' | b'e' | b'E' | b'+' | b'-')
        })
        && t.bytes()
            .next()
            .is_some_and(|b| b.is_ascii_digit() || b == b'.')
        && t.bytes().filter(|b| *b == b'.').count() <= 1
}

/// YAML 1.1 timestamps: `2001-12-14`, `2001-1-2`, `2001-12-14t21:59:43.10-05:00`, …
fn timestamp_like(s: &str) -> bool {
    let bytes = s.as_bytes();
    bytes.len() >= 8 && bytes[..4].iter().all(u8::is_ascii_digit) && bytes[4] == b'-'
}

/// The first line with content starts with white space: a block scalar whose indentation
/// is detected from that line cannot hold it (libyaml and yaml.v3 reject a tab there, and
/// spaces would be read as indentation).
pub(crate) fn starts_blank(v: &str) -> bool {
    v.trim_start_matches(['\n', '\r']).starts_with([' ', '\t'])
}

/// The body of a literal block scalar holding `v`, indented by `indent`, when `v` fits
/// the block's chomping; `None` otherwise.
pub(crate) fn literal_body(v: &str, h: &BlockHeader) -> Option<String> {
    if h.explicit || h.indent == 0 {
        return None;
    }
    let core = v.trim_end_matches('\n');
    let trailing = v.len() - core.len();
    let fits = match h.chomp {
        Chomp::Strip => trailing == 0,
        Chomp::Clip => trailing == 1,
        Chomp::Keep => false,
    };
    if !fits || core.is_empty() || starts_blank(core) {
        return None;
    }
    if core.chars().any(|c| {
        !printable(c) || matches!(c, '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}')
    }) {
        return None;
    }
    let pad = " ".repeat(h.indent);
    let lines: Vec<String> = core
        .split('\n')
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("{pad}{l}")
            }
        })
        .collect();
    Some(lines.join("\n"))
}

/// A fix that replaces bytes `r` of scalar `node`'s value with `new`: when those bytes
/// are written as they are in the source (no escape, no folding) and `new` reads back
/// as itself in the scalar's style, the edit of the source at their place; else `None`.
pub(crate) fn value_fix(
    text: &str,
    node: &Node,
    r: Range<usize>,
    new: &str,
) -> Option<crate::diagnostic::Fix> {
    let NodeKind::Scalar { value, style } = &node.kind else {
        return None;
    };
    let old = value.get(r.clone())?;
    let whole = format!("{}{new}{}", &value[..r.start], &value[r.end..]);
    let fits = match style {
        Style::Plain => plain_ok(&whole, true) && resolve_plain(&whole).is_none(),
        Style::SingleQuoted => single_quoted_ok(new) && !new.contains('\''),
        Style::DoubleQuoted => {
            single_quoted_ok(new) && !new.contains(['"', '\\']) && escape_double(new) == new
        }
        Style::Literal | Style::Folded => false,
    };
    let map = SourceMap::new(text, node);
    if !fits || !map.is_exact() {
        return None;
    }
    let at = map.map(r);
    (text.get(at.clone()) == Some(old)).then(|| crate::diagnostic::Fix::replace(at, new))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::Limits;
    use crate::yaml::Document;

    /// For every scalar: the map is exact and each value character maps to source text
    /// that spells it.
    fn check_maps(text: &str) -> Vec<(String, bool)> {
        let mut d = Vec::new();
        let doc = Document::parse(text, &Limits::default(), &mut d);
        assert!(d.is_empty(), "{d:?}");
        let mut out = Vec::new();
        for n in doc.nodes() {
            let node = n.node();
            let NodeKind::Scalar { value, .. } = &node.kind else {
                continue;
            };
            let m = SourceMap::new(text, node);
            if m.is_exact() {
                for (i, c) in value.char_indices() {
                    let r = m.map(i..i + c.len_utf8());
                    let src = &text[r.clone()];
                    if c != ' ' && c != '\n' {
                        assert!(
                            src == c.to_string() || src.starts_with('\\') || src == "''",
                            "{value:?}[{i}] {c:?} -> {src:?}"
                        );
                    }
                }
            }
            out.push((value.to_string(), m.is_exact()));
        }
        out
    }

    /// The verbatim fast path answers exactly what the per-character table answers.
    #[test]
    fn verbatim_maps_agree_with_the_table() {
        let t = "a: plain {{ x }}\nb: 'single {{ y }}'\nc: \"double {{ z }}\"\nd: \"\"\ne: ''\n\"{{ k }}\": [p q, \"x\"]\nf: \"it\\\"s\"\ng: 'it''s'\n";
        let mut d = Vec::new();
        let doc = Document::parse(t, &Limits::default(), &mut d);
        assert!(d.is_empty(), "{d:?}");
        let mut verbatim = 0;
        for n in doc.nodes() {
            let node = n.node();
            let NodeKind::Scalar { value, style } = &node.kind else {
                continue;
            };
            let fast = SourceMap::new(t, node);
            let Some((chars_out, chars)) = decode_flow(t, node.range.clone(), *style) else {
                continue;
            };
            assert_eq!(&chars_out, value);
            let slow = SourceMap {
                chars,
                exact: true,
                fallback: node.range.clone(),
                verbatim: None,
            };
            verbatim += usize::from(fast.verbatim.is_some());
            assert_eq!(fast.is_exact(), slow.is_exact());
            for a in 0..=value.len() + 1 {
                for b in 0..=value.len() + 1 {
                    assert_eq!(fast.map(a..b), slow.map(a..b), "{value:?} {a}..{b}");
                }
            }
        }
        assert_eq!(
            verbatim, 15,
            "every scalar but the two with escapes is verbatim"
        );
    }

    #[test]
    fn maps_are_exact_for_common_styles() {
        let t = "a: plain {{ x }}\n  folded\n\n  again\nb: 'it''s {{ y }}'\nc: \"esc \\\"q\\\" \\u00e9 {{ z }}\n  next \\\n  joined\"\nd: |\n  line {{ a }}\n   more\n\n  end\ne: >-\n  one {{ b }}\n  two\n\n  three\n    indented\n  four\n";
        let maps = check_maps(t);
        assert!(maps.iter().all(|(_, exact)| *exact), "{maps:?}");
    }

    #[test]
    fn map_points_into_double_quoted_escapes() {
        let t = "k: \"{{ .spectro.pack.kubernetes.version | default \\\"1.19.0\\\"}}\"\n";
        let mut d = Vec::new();
        let doc = Document::parse(t, &Limits::default(), &mut d);
        let v = doc.root().unwrap().get("k").unwrap();
        let m = SourceMap::new(t, v.node());
        assert!(m.is_exact());
        let (value, _) = v.scalar().unwrap();
        let q = value.find("\"1.19.0\"").unwrap();
        let r = m.map(q..q + 8);
        assert_eq!(&t[r], "\\\"1.19.0\\\"");
    }

    #[test]
    fn block_header_found() {
        let t = "a: !!str |-  # c\n\n  l1\n  l2\nb: 1\n";
        let mut d = Vec::new();
        let doc = Document::parse(t, &Limits::default(), &mut d);
        let v = doc.root().unwrap().get("a").unwrap();
        let h = block_header(t, v.node()).unwrap();
        assert_eq!(&t[h.indicator..h.indicator_end], "|-");
        assert_eq!(h.chomp, Chomp::Strip);
        assert_eq!(h.indent, 2);
        assert_eq!(&t[h.body_start..h.body_start + 1], "\n");
    }

    #[test]
    fn quoting() {
        assert_eq!(
            double_quoted("a\"b\\c\nd\te\u{7}\u{2028}é"),
            "\"a\\\"b\\\\c\\nd\\te\\a\\Lé\""
        );
        assert!(plain_ok("ttl.sh/ubuntu:k3s-1.29.5-v4.2.3-demo", false));
        for bad in [
            "",
            " a",
            "a ",
            "a: b",
            "a #b",
            "#a",
            "-",
            "- a",
            "yes",
            "1.5",
            "0x1F",
            "null",
            "true",
            "2024-01-02",
            "1_000",
            "[a",
            "*a",
            "&a",
            "!a",
            "|",
            ">",
            "%a",
            "@a",
            "`a",
            "'a",
            "\"a",
            "a\nb",
            "a\u{85}b",
            "---",
            "12:30",
        ] {
            assert!(!plain_ok(bad, false), "{bad:?} should not be plain");
        }
        assert!(!plain_ok("a,b", true));
        assert!(plain_ok("a,b", false));
        assert!(plain_ok("-a", false));
        assert!(plain_ok("1.29.5", false));
        assert!(single_quoted_ok("it's"));
    }

    /// A value the `yaml/implicit-type` lint flags (some Go library reads a non-string)
    /// is never written plain: every string of up to four characters of number syntax.
    #[test]
    fn what_the_lint_flags_is_quoted() {
        const ALPHABET: &[u8] = b"019xXoObB_+-.eE:";
        let mut s = String::new();
        let mut flagged = 0;
        for len in 1..=4u32 {
            for mut n in 0..ALPHABET.len().pow(len) {
                s.clear();
                for _ in 0..len {
                    s.push(ALPHABET[n % ALPHABET.len()] as char);
                    n /= ALPHABET.len();
                }
                if !crate::yaml::typing::go_readings(&s).is_string() {
                    flagged += 1;
                    assert!(!plain_ok(&s, false) && !plain_ok(&s, true), "{s:?}");
                }
            }
        }
        assert!(flagged > 1000, "{flagged}");
    }

    /// Every form some common YAML reader (1.2 core, PyYAML/ruamel 1.1, yaml.v2/v3 with
    /// Go's `strconv`) reads as a non-string is written quoted; text stays plain.
    #[test]
    fn plain_only_when_every_reader_sees_text() {
        let non_strings = [
            // integers of every base, signs and `_`
            "0x1_0",
            "-0x1A",
            "+0x10",
            "0xFF_FF",
            "-0o17",
            "0o17",
            "0O17",
            "0X1F",
            "0B11",
            "-0b1_0",
            "0_x10",
            "0o+17",
            "0o-17",
            "0b+101",
            "-_1",
            "+_0x1F",
            "0x_",
            "017",
            "-017",
            "1_000",
            "+1",
            "-0",
            "1__0",
            "1_",
            // sexagesimal
            "1:20",
            "-1:20",
            "190:20:30",
            "1:20.5",
            // floats
            "1.5",
            "1.",
            ".5",
            "+.5",
            "-.5",
            "1e5",
            "1.5E-3",
            "1_0.5",
            "._5",
            ".inf",
            "-.inf",
            "+.INF",
            ".Inf",
            ".nan",
            ".NaN",
            ".NAN",
            ".iNf",
            "-.NaN",
            // booleans in any case
            "yes",
            "Yes",
            "YES",
            "yEs",
            "no",
            "NO",
            "nO",
            "on",
            "ON",
            "oN",
            "off",
            "OFF",
            "oFf",
            "y",
            "Y",
            "n",
            "N",
            "true",
            "TRUE",
            "tRuE",
            "false",
            "False",
            "fAlSe",
            // nulls, merge, value
            "",
            "~",
            "null",
            "Null",
            "NULL",
            "nUlL",
            "<<",
            "=",
            // timestamps
            "2024-01-01",
            "2024-1-1",
            "2001-12-14t21:59:43.10-05:00",
            "2001-12-14 21:59:43.10 -5",
        ];
        for s in non_strings {
            assert!(
                looks_non_string(s) || s.is_empty(),
                "{s:?} is not text to some reader"
            );
            assert!(!plain_ok(s, false), "{s:?} must be quoted");
            assert!(!plain_ok(s, true), "{s:?} must be quoted in flow");
        }
        for s in [
            "rhel",
            "ubuntu",
            "1.29.5",
            "8.10.1",
            "v1.2",
            "0xyz",
            "0x",
            "0o",
            "0b2",
            "yess",
            "nope",
            "onward",
            "ami-0123456789abcdef0",
            "k3s-1.29.5",
            "1.2.3-rc1",
            "2024",
        ] {
            let want = s != "2024";
            assert_eq!(plain_ok(s, false), want, "{s:?}");
        }
        assert!(!single_quoted_ok("a\nb"));
        assert_eq!(single_quoted("it's"), "'it''s'");
    }
}
