//! A span-first reader for the block-style YAML most values files are written in: block
//! mappings and sequences, plain and quoted scalars on one line, literal and folded block
//! scalars, empty flow collections and one-line flow sequences of scalars, comments.
//!
//! It works on bytes and produces the events saphyr-parser would produce, with their spans
//! already in bytes, or gives up ([`Bail`]) on anything it does not handle: tags, anchors,
//! aliases, complex keys, multi-line plain or quoted scalars, flow mappings with content,
//! several documents, directives, tabs, carriage returns, and every input saphyr-parser
//! would reject. The caller then reads the text with saphyr-parser, so the document is
//! always the one saphyr-parser's events give; debug builds check it on every parse.

use super::{Ev, Style};
use crate::limits::Limits;
use std::borrow::Cow;

/// The text is outside what this reader handles.
#[derive(Debug)]
pub(super) struct Bail;

type R<T = ()> = Result<T, Bail>;

/// Deeper nesting than this goes to saphyr-parser (the reader recurses once per level).
const MAX_DEPTH: usize = 200;

/// A simple key must end within 1024 characters of its start.
const MAX_KEY: usize = 1000;

/// Read `text`, giving each event and its byte span to `sink`; `false` when
/// saphyr-parser must read it (then `sink` has seen a prefix of the events, to discard).
/// `plain`: the caller knows the text has none of the characters [`plain_bytes`] looks
/// for (its bytes are not looked at again).
pub(super) fn scan<'t>(
    text: &'t str,
    limits: &Limits,
    plain: bool,
    sink: impl FnMut(Ev<'t>, usize, usize),
) -> bool {
    if !plain && !plain_bytes(text.as_bytes()) {
        return false;
    }
    let mut s = Scan {
        t: text,
        b: text.as_bytes(),
        pos: 0,
        sink,
        events: 0,
        depth: 0,
        max_depth: limits.max_depth.min(MAX_DEPTH),
        max_events: limits.max_nodes.saturating_mul(2),
    };
    s.document().is_ok()
}

/// No tab or carriage return (`Document::parse` has refused the other control characters
/// already), no byte order mark and none of the characters YAML 1.1 reads as line breaks
/// (U+0085, U+2028, U+2029).
pub(super) fn plain_bytes(b: &[u8]) -> bool {
    if b.contains(&b'\t') || b.contains(&b'\r') {
        return false;
    }
    if b.is_ascii() {
        return true;
    }
    !b.windows(3).any(|w| {
        (w[0] == 0xc2 && w[1] == 0x85)
            || (w[0] == 0xe2 && w[1] == 0x80 && matches!(w[2], 0xa8 | 0xa9))
            || (w[0] == 0xef && w[1] == 0xbb && w[2] == 0xbf)
    }) && !b.ends_with(&[0xc2, 0x85])
}

struct Scan<'t, F> {
    t: &'t str,
    b: &'t [u8],
    /// Start of the line the reader is at.
    pos: usize,
    sink: F,
    events: usize,
    depth: usize,
    max_depth: usize,
    max_events: usize,
}

/// A scalar read on one line.
struct Scalar<'t> {
    value: Cow<'t, str>,
    style: Style,
    start: usize,
    end: usize,
}

impl<'t, F: FnMut(Ev<'t>, usize, usize)> Scan<'t, F> {
    fn at(&self, i: usize) -> u8 {
        self.b.get(i).copied().unwrap_or(b'\n')
    }

    /// Space, line break or the end of the text.
    fn blank(&self, i: usize) -> bool {
        matches!(self.at(i), b' ' | b'\n')
    }

    fn skip_spaces(&self, mut i: usize) -> usize {
        while self.b.get(i) == Some(&b' ') {
            i += 1;
        }
        i
    }

    fn line_end(&self, i: usize) -> usize {
        memchr::memchr(b'\n', &self.b[i.min(self.b.len())..]).map_or(self.b.len(), |n| i + n)
    }

    /// Move to the line after the one holding `i`.
    fn next_line(&mut self, i: usize) {
        self.pos = (self.line_end(i) + 1).min(self.b.len());
    }

    /// The end of a line's content at `i` (after spaces): a line break, the end of the
    /// text, or a comment.
    fn line_done(&self, i: usize) -> bool {
        let j = self.skip_spaces(i);
        self.at(j) == b'\n' || (self.at(j) == b'#' && j > i)
    }

    fn emit(&mut self, ev: Ev<'t>, start: usize, end: usize) -> R {
        if self.events >= self.max_events {
            return Err(Bail);
        }
        self.events += 1;
        (self.sink)(ev, start, end);
        Ok(())
    }

    /// The next line with content from `self.pos` (skipping blank and comment lines): its
    /// first non-space byte and indentation; `None` at the end of the text.
    fn peek_line(&mut self) -> R<Option<(usize, usize)>> {
        loop {
            let ls = self.pos;
            if ls >= self.b.len() {
                return Ok(None);
            }
            let rest = &self.b[ls..];
            if rest.starts_with(b"---") || rest.starts_with(b"...") || rest[0] == b'%' {
                return Err(Bail);
            }
            let p = self.skip_spaces(ls);
            match self.at(p) {
                b'\n' => self.pos = (p + 1).min(self.b.len()),
                b'#' => self.next_line(p),
                _ => return Ok(Some((p, p - ls))),
            }
            if p >= self.b.len() {
                return Ok(None);
            }
        }
    }

    fn document(&mut self) -> R {
        let Some((p, indent)) = self.peek_line()? else {
            return Err(Bail);
        };
        self.emit(Ev::DocStart, p, p)?;
        if self.dash(p) {
            self.block_seq(p, indent, false)?;
        } else if self.key(p)?.is_some() {
            self.block_map(p, indent)?;
        } else {
            return Err(Bail);
        }
        if self.peek_line()?.is_some() {
            return Err(Bail);
        }
        let n = self.b.len();
        self.emit(Ev::DocEnd, n, n)
    }

    /// A `-` that starts a sequence entry.
    fn dash(&self, p: usize) -> bool {
        self.at(p) == b'-' && self.blank(p + 1)
    }

    fn enter(&mut self) -> R {
        self.depth += 1;
        if self.depth > self.max_depth {
            return Err(Bail);
        }
        Ok(())
    }

    /// A block node whose first token, at `p`, starts its line; `parent` is the
    /// indentation of the collection holding it.
    fn node_on_line(&mut self, p: usize, col: usize, parent: usize) -> R {
        if self.dash(p) {
            self.block_seq(p, col, false)
        } else if self.key(p)?.is_some() {
            self.block_map(p, col)
        } else {
            self.inline_value(p, parent)
        }
    }

    /// A block mapping whose first key is at `p`, column `col`.
    fn block_map(&mut self, p: usize, col: usize) -> R {
        self.enter()?;
        self.emit(Ev::MapStart(0), p, p)?;
        let mut k = p;
        loop {
            let Some((key, colon)) = self.key(k)? else {
                return Err(Bail);
            };
            self.emit(Ev::Scalar(key.value, key.style, 0), key.start, key.end)?;
            if self.line_done(colon + 1) {
                self.next_line(colon);
                match self.peek_line()? {
                    Some((q, ind)) if ind > col => self.node_on_line(q, ind, col)?,
                    Some((q, ind)) if ind == col && self.dash(q) => self.block_seq(q, col, true)?,
                    _ => self.emit(Ev::Scalar(Cow::Borrowed(""), Style::Plain, 0), colon, colon)?,
                }
            } else {
                let v = self.skip_spaces(colon + 1);
                if self.dash(v) {
                    return Err(Bail);
                }
                self.inline_value(v, col)?;
            }
            match self.peek_line()? {
                Some((q, ind)) if ind == col && !self.dash(q) => k = q,
                None => break,
                Some((_, ind)) if ind < col => break,
                _ => return Err(Bail),
            }
        }
        self.depth -= 1;
        self.emit(Ev::MapEnd, 0, 0)
    }

    /// A block sequence whose first `-` is at `p`, column `col`; `indentless` when it is
    /// a mapping value at the mapping's own indentation.
    fn block_seq(&mut self, p: usize, col: usize, indentless: bool) -> R {
        self.enter()?;
        let start = if indentless {
            let v = self.skip_spaces(p + 1);
            if self.line_done(v) {
                return Err(Bail);
            }
            v
        } else {
            p
        };
        self.emit(Ev::SeqStart(0), start, start)?;
        let mut q = p;
        loop {
            let v = self.skip_spaces(q + 1);
            if self.at(v) == b'#' {
                return Err(Bail);
            }
            if self.at(v) == b'\n' {
                self.next_line(v);
                match self.peek_line()? {
                    Some((r, ind)) if ind > col => self.node_on_line(r, ind, col)?,
                    _ => self.emit(Ev::Scalar(Cow::Borrowed(""), Style::Plain, 0), v, v)?,
                }
            } else {
                let vcol = col + (v - q);
                if self.dash(v) {
                    self.block_seq(v, vcol, false)?;
                } else if self.key(v)?.is_some() {
                    self.block_map(v, vcol)?;
                } else {
                    self.inline_value(v, col)?;
                }
            }
            match self.peek_line()? {
                Some((r, ind)) if ind == col && self.dash(r) => q = r,
                None => break,
                Some((_, ind)) if ind < col || (ind == col && indentless) => break,
                _ => return Err(Bail),
            }
        }
        self.depth -= 1;
        self.emit(Ev::SeqEnd, 0, 0)
    }

    /// The key at `p` when the line there holds `key:` (plain or quoted, followed by a
    /// space or the line's end), with the offset of its `:`.
    fn key(&self, p: usize) -> R<Option<(Scalar<'t>, usize)>> {
        let c = self.at(p);
        let (key, colon) = if c == b'"' || c == b'\'' {
            let key = self.quoted(p)?;
            if self.at(key.end) != b':' {
                return Ok(None);
            }
            let end = key.end;
            (key, end)
        } else {
            let Some((end, stop)) = self.plain(p)? else {
                return Ok(None);
            };
            if self.at(stop) != b':' {
                return Ok(None);
            }
            let key = Scalar {
                value: Cow::Borrowed(&self.t[p..end]),
                style: Style::Plain,
                start: p,
                end,
            };
            (key, stop)
        };
        if !self.blank(colon + 1) || colon - p > MAX_KEY {
            return Err(Bail);
        }
        Ok(Some((key, colon)))
    }

    /// A plain scalar on one line from `p` in block context: the end of its value and
    /// where it stopped (a `:` indicator, a comment's `#` or the line's end). `None` when
    /// `p` cannot start a plain scalar here (an indicator this reader leaves to
    /// saphyr-parser, or a quote, bracket or block scalar header).
    fn plain(&self, p: usize) -> R<Option<(usize, usize)>> {
        let c = self.at(p);
        match c {
            b'-' | b'?' | b':' if self.blank(p + 1) => return Ok(None),
            b'?' | b':' => return Err(Bail),
            b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\''
            | b'"' | b'%' | b'@' | b'`' | b'\n' | b' ' => return Ok(None),
            _ => {}
        }
        let mut i = p + 1;
        let stop = loop {
            match self.at(i) {
                b'\n' => break i,
                b':' => match self.at(i + 1) {
                    b' ' | b'\n' => break i,
                    b',' | b'[' | b']' | b'{' | b'}' => return Err(Bail),
                    _ => {}
                },
                b'#' if self.b[i - 1] == b' ' => break i,
                _ => {}
            }
            i += 1;
        };
        let mut end = stop;
        while end > p && self.b[end - 1] == b' ' {
            end -= 1;
        }
        Ok(Some((end, stop)))
    }

    /// A node starting at `p` after `key: ` or `- ` (or alone on its line): a scalar,
    /// a block scalar or a small flow collection. `parent` is the indentation of the
    /// collection holding it. Moves to the line after it.
    fn inline_value(&mut self, p: usize, parent: usize) -> R {
        match self.at(p) {
            b'"' | b'\'' => {
                let s = self.quoted(p)?;
                if !self.line_done(s.end) {
                    return Err(Bail);
                }
                self.emit(Ev::Scalar(s.value, s.style, 0), s.start, s.end)?;
                self.next_line(s.end);
                Ok(())
            }
            b'|' | b'>' => self.block_scalar(p, parent),
            b'[' | b'{' => {
                let end = self.flow(p)?;
                if !self.line_done(end) {
                    return Err(Bail);
                }
                self.next_line(end);
                Ok(())
            }
            _ => {
                let Some((end, stop)) = self.plain(p)? else {
                    return Err(Bail);
                };
                if self.at(stop) == b':' {
                    return Err(Bail);
                }
                let value = Cow::Borrowed(&self.t[p..end]);
                self.emit(Ev::Scalar(value, Style::Plain, 0), p, end)?;
                self.next_line(stop);
                Ok(())
            }
        }
    }

    /// A quoted scalar on one line at `p`; its end is after the closing quote.
    fn quoted(&self, p: usize) -> R<Scalar<'t>> {
        let q = self.b[p];
        let mut i = p + 1;
        let mut owned: Option<String> = None;
        let mut from = i;
        loop {
            // To the next byte that matters: the quote, a line break (the end of the text
            // reads as one) or, in double quotes, an escape.
            let rest = &self.b[i.min(self.b.len())..];
            i += if q == b'"' {
                memchr::memchr3(q, b'\\', b'\n', rest)
            } else {
                memchr::memchr2(q, b'\n', rest)
            }
            .unwrap_or(rest.len());
            let c = self.at(i);
            if c == b'\n' {
                return Err(Bail);
            }
            if c == q {
                if q == b'\'' && self.at(i + 1) == b'\'' {
                    let o = owned.get_or_insert_with(String::new);
                    o.push_str(&self.t[from..=i]);
                    i += 2;
                    from = i;
                    continue;
                }
                break;
            }
            if c == b'\\' && q == b'"' {
                let o = owned.get_or_insert_with(String::new);
                o.push_str(&self.t[from..i]);
                i = escape(self.b, i, o)?;
                from = i;
                continue;
            }
        }
        let value = match owned {
            Some(mut o) => {
                o.push_str(&self.t[from..i]);
                Cow::Owned(o)
            }
            None => Cow::Borrowed(&self.t[p + 1..i]),
        };
        let style = if q == b'"' {
            Style::DoubleQuoted
        } else {
            Style::SingleQuoted
        };
        Ok(Scalar {
            value,
            style,
            start: p,
            end: i + 1,
        })
    }

    /// `[]`, `{}` (spaces allowed inside) or a flow sequence of scalars on one line at `p`;
    /// the offset after the closing bracket.
    fn flow(&mut self, p: usize) -> R<usize> {
        self.enter()?;
        let map = self.b[p] == b'{';
        self.emit(
            if map {
                Ev::MapStart(0)
            } else {
                Ev::SeqStart(0)
            },
            p,
            p + 1,
        )?;
        let mut i = self.skip_spaces(p + 1);
        let close = if map { b'}' } else { b']' };
        if self.at(i) != close {
            if map {
                return Err(Bail);
            }
            loop {
                let item_end = self.flow_item(i)?;
                i = self.skip_spaces(item_end);
                match self.at(i) {
                    b',' => {
                        i = self.skip_spaces(i + 1);
                        if self.at(i) == b']' {
                            return Err(Bail);
                        }
                    }
                    b']' => break,
                    _ => return Err(Bail),
                }
            }
        }
        self.depth -= 1;
        // saphyr-parser's closing bracket runs on over the spaces and comment after it.
        let mut end = self.skip_spaces(i + 1);
        if self.at(end) == b'#' {
            end = self.line_end(end);
        }
        self.emit(if map { Ev::MapEnd } else { Ev::SeqEnd }, i, end)?;
        Ok(i + 1)
    }

    /// One scalar of a flow sequence at `p`; the offset after it.
    fn flow_item(&mut self, p: usize) -> R<usize> {
        match self.at(p) {
            b'"' | b'\'' => {
                let s = self.quoted(p)?;
                let end = s.end;
                self.emit(Ev::Scalar(s.value, s.style, 0), s.start, s.end)?;
                Ok(end)
            }
            c if c.is_ascii_alphanumeric() || matches!(c, b'.' | b'/' | b'_' | b'$' | b'~') => {
                let mut i = p + 1;
                while !matches!(self.at(i), b',' | b']' | b'\n') {
                    if matches!(
                        self.at(i),
                        b':' | b'#' | b'[' | b'{' | b'}' | b'\'' | b'"' | b'\\'
                    ) {
                        return Err(Bail);
                    }
                    i += 1;
                }
                let mut end = i;
                while self.b[end - 1] == b' ' {
                    end -= 1;
                }
                let value = Cow::Borrowed(&self.t[p..end]);
                self.emit(Ev::Scalar(value, Style::Plain, 0), p, end)?;
                Ok(end)
            }
            _ => Err(Bail),
        }
    }

    /// A literal or folded block scalar whose header is at `p`; `parent` is the
    /// indentation of the collection holding it. Moves to the line that ends it.
    fn block_scalar(&mut self, p: usize, parent: usize) -> R {
        let literal = self.b[p] == b'|';
        let mut h = p + 1;
        let chomp = self.at(h);
        if matches!(chomp, b'-' | b'+') {
            h += 1;
        }
        if !self.line_done(h) || (self.at(h) != b' ' && self.at(h) != b'\n') {
            return Err(Bail);
        }
        let header_end = self.line_end(h);
        if header_end >= self.b.len() {
            return Err(Bail);
        }
        let first = header_end + 1;
        let content = self.skip_spaces(first);
        let indent = content - first;
        if self.at(content) == b'\n' || indent <= parent {
            return Err(Bail);
        }
        let mut value = String::new();
        let (mut leading_break, mut trailing_breaks) = (false, 0usize);
        let mut leading_blank = false;
        let mut ls = first;
        // `ls`: start of a line; `i`: after up to `indent` spaces of it.
        let end = loop {
            let mut i = ls;
            while i < ls + indent && self.b.get(i) == Some(&b' ') {
                i += 1;
            }
            if i >= self.b.len() {
                if i > ls {
                    return Err(Bail);
                }
                break i;
            }
            if self.b[i] == b'\n' {
                trailing_breaks += 1;
                ls = i + 1;
                continue;
            }
            if i < ls + indent {
                break i;
            }
            let trailing_blank = self.b[i] == b' ';
            if !literal && leading_break && !leading_blank && !trailing_blank {
                push_breaks(&mut value, trailing_breaks);
                if trailing_breaks == 0 {
                    value.push(' ');
                }
            } else {
                push_breaks(&mut value, usize::from(leading_break) + trailing_breaks);
            }
            trailing_breaks = 0;
            leading_blank = trailing_blank;
            let le = self.line_end(i);
            if le >= self.b.len() {
                return Err(Bail);
            }
            value.push_str(&self.t[i..le]);
            leading_break = true;
            ls = le + 1;
        };
        match chomp {
            b'-' => {}
            b'+' => push_breaks(&mut value, usize::from(leading_break) + trailing_breaks),
            _ => push_breaks(&mut value, usize::from(leading_break)),
        }
        let style = if literal {
            Style::Literal
        } else {
            Style::Folded
        };
        self.emit(Ev::Scalar(Cow::Owned(value), style, 0), content, end)?;
        self.pos = ls;
        Ok(())
    }
}

fn push_breaks(s: &mut String, n: usize) {
    for _ in 0..n {
        s.push('\n');
    }
}

/// Decode the escape at `b[i]` (a `\`) of a double-quoted scalar into `out`; the offset
/// after it.
fn escape(b: &[u8], i: usize, out: &mut String) -> R<usize> {
    let c = b.get(i + 1).copied().ok_or(Bail)?;
    let simple = match c {
        b'0' => '\0',
        b'a' => '\x07',
        b'b' => '\x08',
        b't' => '\t',
        b'n' => '\n',
        b'v' => '\x0b',
        b'f' => '\x0c',
        b'r' => '\r',
        b'e' => '\x1b',
        b' ' => ' ',
        b'"' => '"',
        b'/' => '/',
        b'\\' => '\\',
        b'N' => '\u{85}',
        b'_' => '\u{a0}',
        b'L' => '\u{2028}',
        b'P' => '\u{2029}',
        b'x' | b'u' | b'U' => {
            let n = match c {
                b'x' => 2,
                b'u' => 4,
                _ => 8,
            };
            let hex = b.get(i + 2..i + 2 + n).ok_or(Bail)?;
            if !hex.iter().all(u8::is_ascii_hexdigit) {
                return Err(Bail);
            }
            let hex = std::str::from_utf8(hex).map_err(|_| Bail)?;
            let v = u32::from_str_radix(hex, 16).map_err(|_| Bail)?;
            out.push(char::from_u32(v).ok_or(Bail)?);
            return Ok(i + 2 + n);
        }
        _ => return Err(Bail),
    };
    out.push(simple);
    Ok(i + 2)
}

#[cfg(test)]
mod tests {
    use super::super::Document;
    use crate::limits::Limits;
    use proptest::prelude::*;

    /// Parse `text` both ways and check the documents agree; whether the fast reader
    /// handled it.
    fn agree(text: &str) -> bool {
        agree_with(text, &Limits::default())
    }

    fn agree_with(text: &str, limits: &Limits) -> bool {
        Document::parse_both_ways(text, limits)
    }

    #[test]
    fn handled_block_yaml_agrees() {
        let handled = [
            "a: 1\n",
            "a: 1",
            "a:\n  b: \"x y\" # c\n  c: 'it''s'\n",
            "a:\n- x\n- y\nb: z\n",
            "a:\n  - x\n  -   \n  -\n  - - y\n    - z\n  - k: v\n    j: w\n  -\n    m: 1\n",
            "a: |\n  l1\n\n  l2\n\nb: 1\n",
            "a: |-\n    l1\n      more\n    l2\n  # c\nb: >+\n  f1\n  f2\n\n  f3\n   f4\n  f5\n\n\n",
            "a: >\n  x\n  y\n\n\n  z\n",
            "k: |\n  a\n",
            "k: |\n  a\n  \n   \nb: 1\n",
            "a: []\nb: {}\nc: [ ]\nd: {  }\ne: [a , b]\nf: [\"ALL\", 'x', y z]\n",
            "a: {}   \nb: []  # c  \nc: [x]\n# d\nd:\n  e: {}   # c\nz: 1\n",
            "# lead\n\n  a: 1\n  b: 2\n",
            "- a\n- b: c\n  d: e\n- [1]\n",
            "a: \"esc \\\" \\\\ \\n \\t \\x41 \\u00e9 \\U0001F600\"\n",
            "url: http://x:8080/y\nk: a:b\nt: v # c\ne: é\n",
            "a: 1\n    # deeper comment\nb: 2\n",
            "a:\n  b:\n    c: 1\n  d: 2\ne: 3\n",
            "\"quoted key\": 1\n'single': 2\n",
            "a: -1\nb: -x\n",
            "a : 1\nb  :\n  c   : x\n",
            "a:\n  x\n",
            "list:\n- |\n  block in item\n- >-\n  folded\n",
            "a:\n  |\n    x\nb: 1\n",
            "- |\n  x\n- >\n  y\n",
            "a:\n  - |\n    x\n  - k: |+\n      y\n\n",
            "-\n  |\n   x\n",
            "a:\n  b:\n  - x\n  c: 1\n",
            "- a:\n  - x\n  b: 1\n",
            "a: \"\"\nb: ''\nc: \"#\" # c\n",
            "a: >-\n  x\n    more\n  y\n\n  z\n",
        ];
        for t in handled {
            assert!(agree(t), "the fast reader should handle {t:?}");
        }
    }

    #[test]
    fn everything_else_agrees_through_saphyr() {
        let others = [
            "",
            "# only a comment\n",
            "scalar\n",
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "--- \na: 1\n",
            "a: 1\n---\nb: 2\n",
            "a: b\n  c\n",
            "a: \"multi\n  line\"\n",
            "a:\tb\n",
            "a: 1\r\n",
            "a: {b: 1}\n",
            "a: [1, [2]]\n",
            "a: [1,]\n",
            "? complex\n: key\n",
            "a: b: c\n",
            "a:\n  - x\n  b: 1\n",
            "a: 1\n- b\n",
            "a: |2\n   x\n",
            "a: |\n\n  x\n",
            "a: |\n  x",
            "a: \"\\q\"\n",
            "a: \"x\"y\n",
            " a: 1\nb: 2\n",
            "a:\n    b: 1\n  c: 2\n",
            "a: {{ x }}\n",
            "a: x #c\n  y\n",
            "- # c\n  x\n",
            "k:\n- # c\n  x\n",
            "\u{feff}a: 1\n",
            "a: \u{85}\n",
            "%YAML 1.2\n---\na: 1\n",
        ];
        for t in others {
            agree(t);
        }
    }

    #[test]
    fn limits_agree() {
        let deep: String = (0..300)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect();
        agree(&deep);
        let small = Limits {
            max_depth: 3,
            max_nodes: 5,
            ..Limits::default()
        };
        for t in [
            "a:\n  b:\n    c:\n      d: 1\n",
            "a: 1\nb: 2\nc: 3\nd: 4\n",
            "- [a]\n",
        ] {
            agree_with(t, &small);
        }
    }

    /// Every YAML file of the repository and of the real pack values, when present.
    #[test]
    fn files_agree() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut dirs = vec![
            root.join("tests/conformance"),
            root.join("examples"),
            root.join("fuzz/seeds"),
            std::env::var_os("BYOOS_PACK_VALUES")
                .map_or_else(|| root.join("../shared/data/pack-values"), Into::into),
        ];
        let (mut files, mut handled) = (0, 0);
        while let Some(d) = dirs.pop() {
            let Ok(rd) = std::fs::read_dir(&d) else {
                continue;
            };
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    dirs.push(p);
                } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
                    if let Ok(t) = std::fs::read_to_string(&p) {
                        files += 1;
                        let fast = agree(&t);
                        handled += usize::from(fast);
                        if !fast {
                            eprintln!("read by saphyr-parser: {}", p.display());
                        }
                    }
                }
            }
        }
        assert!(handled * 2 >= files, "{handled} of {files} files read fast");
    }

    fn key() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z][a-z0-9.]{0,6}",
            Just("\"q k\"".to_owned()),
            Just("'s k'".to_owned()),
            Just("a b".to_owned()),
        ]
    }

    fn scalar() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zA-Z0-9 ./:#{}_-]{0,12}",
            "\"[a-z \\\\\"n'#:]{0,8}\"",
            "'[a-z \"#:]{0,8}'",
            Just("[]".to_owned()),
            Just("{}".to_owned()),
            Just("[a, \"b\", 'c d']".to_owned()),
            Just("~".to_owned()),
            Just("x # comment".to_owned()),
        ]
    }

    /// Lines of block YAML with random indentation: many are not valid YAML.
    fn line() -> impl Strategy<Value = String> {
        (
            0usize..6,
            prop_oneof![
                (key(), scalar()).prop_map(|(k, v)| format!("{k}: {v}")),
                key().prop_map(|k| format!("{k}:")),
                scalar().prop_map(|v| format!("- {v}")),
                (key(), scalar()).prop_map(|(k, v)| format!("- {k}: {v}")),
                Just("-".to_owned()),
                Just("- - x".to_owned()),
                Just("# c".to_owned()),
                Just(String::new()),
                prop_oneof![Just("|"), Just("|-"), Just(">"), Just(">+"), Just("|+")]
                    .prop_map(|h| format!("k: {h}")),
                "[a-z ]{1,8}",
            ],
        )
            .prop_map(|(i, l)| format!("{}{l}", " ".repeat(i)))
    }

    /// A block YAML value to write out: mappings and sequences carry the extra
    /// indentation of their children, sequences whether they are written compactly.
    #[derive(Clone, Debug)]
    enum V {
        Scalar(String),
        Block(String, Vec<String>),
        Map(Vec<(String, V)>, usize),
        Seq(Vec<V>, usize, bool),
    }

    fn value() -> impl Strategy<Value = V> {
        let leaf = prop_oneof![
            scalar().prop_map(V::Scalar),
            (
                prop_oneof![
                    Just("|"),
                    Just("|-"),
                    Just("|+"),
                    Just(">"),
                    Just(">-"),
                    Just(">+")
                ],
                prop::collection::vec(
                    prop_oneof!["[a-z][a-z ]{0,8}", Just(String::new()), " [a-z]{1,4}"],
                    1..5
                )
            )
                .prop_map(|(h, l)| V::Block(h.to_owned(), l)),
        ];
        leaf.prop_recursive(4, 40, 5, |inner| {
            prop_oneof![
                (
                    prop::collection::vec((key(), inner.clone()), 1..5),
                    0usize..4
                )
                    .prop_map(|(e, i)| V::Map(e, i)),
                (prop::collection::vec(inner, 1..5), 0usize..4, any::<bool>())
                    .prop_map(|(e, i, c)| V::Seq(e, i, c)),
            ]
        })
    }

    /// Write `v` as the value after `key:` or `-` (at column `n` of the collection).
    fn write_value(v: &V, n: usize, out: &mut String) {
        match v {
            V::Scalar(s) => {
                out.push(' ');
                out.push_str(s);
                out.push('\n');
            }
            V::Block(h, lines) => {
                out.push_str(&format!(" {h}\n"));
                for l in lines {
                    if !l.is_empty() {
                        out.push_str(&" ".repeat(n + 2));
                    }
                    out.push_str(l);
                    out.push('\n');
                }
            }
            V::Map(_, i) | V::Seq(_, i, false) => {
                out.push('\n');
                write_node(v, n + i, out);
            }
            V::Seq(_, i, true) => {
                // Compact: the first entry on the `-` line.
                let mut inner = String::new();
                write_node(v, n + 2 + i, &mut inner);
                out.push_str(&inner[n + 1 + i..]);
            }
        }
    }

    fn write_node(v: &V, n: usize, out: &mut String) {
        let pad = " ".repeat(n);
        match v {
            V::Map(entries, _) => {
                for (k, v) in entries {
                    out.push_str(&format!("{pad}{k}:"));
                    write_value(v, n, out);
                }
            }
            V::Seq(items, _, _) => {
                for it in items {
                    out.push_str(&format!("{pad}-"));
                    write_value(it, n, out);
                }
            }
            other => {
                out.push_str(&pad);
                write_value(other, n, out);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1500))]
        #[test]
        fn generated_block_yaml_agrees(v in value(), comment_at in 0usize..30) {
            let root = match v {
                V::Map(..) | V::Seq(..) => v,
                other => V::Map(vec![("root".to_owned(), other)], 2),
            };
            let mut t = String::new();
            write_node(&root, 0, &mut t);
            agree(&t);
            // A comment line or a blank line somewhere.
            let mut lines: Vec<&str> = t.lines().collect();
            let at = comment_at.min(lines.len());
            lines.insert(at, if comment_at % 2 == 0 { "  # c" } else { "" });
            agree(&(lines.join("\n") + "\n"));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn random_block_yaml_agrees(lines in prop::collection::vec(line(), 1..14), nl in any::<bool>()) {
            let mut t = lines.join("\n");
            if nl {
                t.push('\n');
            }
            agree(&t);
        }
    }
}

#[cfg(test)]
mod probe {
    /// `BYOOS_FAST_PROBE=FILE`: the first line whose prefix the fast reader gives up on.
    #[test]
    fn probe() {
        let Some(p) = std::env::var_os("BYOOS_FAST_PROBE") else {
            return;
        };
        let t = std::fs::read_to_string(p).unwrap();
        let lines: Vec<&str> = t.split_inclusive('\n').collect();
        // Prefixes before the first content line are empty documents, which it leaves.
        let mut read_one = false;
        for n in 1..=lines.len() {
            let pre: String = lines[..n].concat();
            let fast = super::scan(&pre, &crate::limits::Limits::default(), false, |_, _, _| {});
            if read_one && !fast {
                eprintln!("gives up at line {n}: {:?}", lines[n - 1]);
                return;
            }
            read_one |= fast;
        }
        eprintln!("reads it all: {read_one}");
    }
}
