//! The lexer of the `{{ … }}` actions inside one scalar value, and Go's literals.
//!
//! Tokens follow `text/template/parse/lex.go`; number, character and string literals
//! take their values as `parse/node.go` does, through ports of the `strconv` functions
//! it calls (`ParseUint`, `ParseInt`, `ParseFloat` with base prefixes and underscores,
//! `UnquoteChar`). Every offset is a byte offset into the value.

use super::parse::syntax;
use crate::diagnostic::Finding;
use crate::yaml::typing::underscore_ok;
use std::ops::Range;

pub(crate) fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

pub(crate) fn skip_space(s: &str, mut i: usize) -> usize {
    let b = s.as_bytes();
    while i < b.len() && is_space(b[i]) {
        i += 1;
    }
    i
}

/// One token of an action; the texts as written are borrowed from the value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Tok<'s> {
    /// `.a.b-c…` (Palette's references may hold `-`).
    Ref(&'s str),
    /// A word: a function name or a keyword.
    Ident(&'s str),
    /// A string literal, decoded.
    Str(String),
    /// A character constant as written, quotes included.
    Char(&'s str),
    /// A number as written (`1_000`, `0x1p-2`, `1i`).
    Number(&'s str),
    /// A complex constant as written (`1+2i`).
    Complex(&'s str),
    Pipe,
    LParen,
    RParen,
    Dollar(&'s str),
    Dot,
    Comment,
    Other(char),
}

#[derive(Clone, Debug)]
pub(crate) struct Token<'s> {
    pub(crate) tok: Tok<'s>,
    pub(crate) range: Range<usize>,
}

pub(crate) struct Lexed<'s> {
    pub(crate) tokens: Vec<Token<'s>>,
    /// Offset after `}}`.
    pub(crate) end: usize,
    /// Offset where the closing delimiter (` -}}` or `}}`) starts.
    pub(crate) inner_end: usize,
    pub(crate) trim_right: bool,
}

pub(crate) struct LexError {
    pub(crate) finding: Finding,
    /// Where the action ends, when the closing `}}` was found.
    pub(crate) end: Option<usize>,
}

/// Lex one action whose body starts at `start` (after `{{` and a trim marker).
pub(crate) fn lex(s: &str, start: usize) -> Result<Lexed<'_>, LexError> {
    lex_with(s, start, Vec::new())
}

/// [`lex`] into `tokens` (emptied first): a caller lexing many actions hands back the
/// vector of the last one, and its buffer is reused.
pub(crate) fn lex_with<'s>(
    s: &'s str,
    start: usize,
    mut tokens: Vec<Token<'s>>,
) -> Result<Lexed<'s>, LexError> {
    tokens.clear();
    let b = s.as_bytes();
    let mut i = start;
    let err = |range: Range<usize>, msg: &str| LexError {
        finding: syntax(range, msg),
        end: None,
    };
    // An error inside a token: the action still ends at the next `}}`.
    let token_err = |range: Range<usize>, msg: String| LexError {
        end: s[range.end..].find("}}").map(|k| range.end + k + 2),
        finding: syntax(range, msg),
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
                // Go's strconv.Unquote drops carriage returns from raw strings.
                let text = s[i + 1..i + 1 + close].replace('\r', "");
                i = i + close + 2;
                Tok::Str(text)
            }
            b'\'' => {
                // lexChar: any character, a backslash escapes the next one.
                let mut j = i + 1;
                while j < b.len() && b[j] != b'\'' && b[j] != b'\n' {
                    j += if b[j] == b'\\' && b.get(j + 1).is_some_and(|c| *c != b'\n') {
                        2
                    } else {
                        1
                    };
                }
                if j >= b.len() || b[j] != b'\'' {
                    return Err(err(i..j.min(b.len()), "unterminated character constant"));
                }
                i = j + 1;
                Tok::Char(&s[tok_start..i])
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
                let name = &s[i..end];
                i = end;
                Tok::Dollar(name)
            }
            b'.' if !b.get(i + 1).is_some_and(u8::is_ascii_digit) => {
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
                let text = &s[i..j];
                i = j;
                if text == "." {
                    Tok::Dot
                } else {
                    Tok::Ref(text)
                }
            }
            // lexNumber: a sign, a digit or `.` and a digit.
            b'.' | b'+' | b'-' | b'0'..=b'9' => {
                let (end, ok) = scan_number(s, i);
                if !ok {
                    return Err(token_err(
                        i..end,
                        format!("bad number syntax `{}`", &s[i..end]),
                    ));
                }
                if matches!(b.get(end), Some(b'+' | b'-')) {
                    // A complex constant: `1+2i`, no spaces, ends with `i`.
                    let (end2, ok) = scan_number(s, end);
                    if !ok || b[end2 - 1] != b'i' {
                        return Err(token_err(
                            i..end2,
                            format!("bad number syntax `{}`", &s[i..end2]),
                        ));
                    }
                    i = end2;
                    Tok::Complex(&s[tok_start..i])
                } else {
                    i = end;
                    Tok::Number(&s[tok_start..i])
                }
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let end = ident_end(s, i);
                let text = &s[i..end];
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

/// Go's `isAlphaNumeric`: `_`, a letter or a digit.
fn is_alphanumeric(c: char) -> bool {
    c == '_' || c.is_alphabetic() || c.is_numeric()
}

/// Go's `lexer.scanNumber` from `i`: the end of the number and whether it is one (it
/// accepts some invalid forms such as `0x0.2` or `089`; the conversion rejects those).
/// On failure the end includes the offending character, as Go's message shows it.
fn scan_number(s: &str, mut i: usize) -> (usize, bool) {
    let b = s.as_bytes();
    let accept = |i: &mut usize, set: &[u8]| -> bool {
        if b.get(*i).is_some_and(|c| set.contains(c)) {
            *i += 1;
            true
        } else {
            false
        }
    };
    let accept_run = |i: &mut usize, set: &[u8]| {
        while b.get(*i).is_some_and(|c| set.contains(c)) {
            *i += 1;
        }
    };
    accept(&mut i, b"+-");
    let mut digits: &[u8] = b"0123456789_";
    if accept(&mut i, b"0") {
        if accept(&mut i, b"xX") {
            digits = b"0123456789abcdefABCDEF_";
        } else if accept(&mut i, b"oO") {
            digits = b"01234567_";
        } else if accept(&mut i, b"bB") {
            digits = b"01_";
        }
    }
    accept_run(&mut i, digits);
    if accept(&mut i, b".") {
        accept_run(&mut i, digits);
    }
    if digits.len() == 10 + 1 && accept(&mut i, b"eE") {
        accept(&mut i, b"+-");
        accept_run(&mut i, b"0123456789_");
    }
    if digits.len() == 16 + 6 + 1 && accept(&mut i, b"pP") {
        accept(&mut i, b"+-");
        accept_run(&mut i, b"0123456789_");
    }
    accept(&mut i, b"i");
    match s[i..].chars().next() {
        Some(c) if is_alphanumeric(c) => (i + c.len_utf8(), false),
        _ => (i, true),
    }
}

/// A Go double-quoted string starting at `i`; returns the decoded text and the offset
/// after the closing quote.
pub(crate) fn lex_string(s: &str, i: usize) -> Result<(String, usize), (String, usize)> {
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
// Numbers: parse/node.go's newNumber and the strconv functions it calls.
// ---------------------------------------------------------------------------------

/// A number constant with every reading Go's `NumberNode` keeps: a constant is usable as
/// an int when its value is an integer (`2.0`, `'a'`, `1e3`), whatever its form.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Number {
    /// As written.
    pub(crate) text: String,
    pub(crate) int: Option<i64>,
    pub(crate) uint: Option<u64>,
    pub(crate) float: Option<f64>,
    /// (real, imaginary).
    pub(crate) complex: Option<(f64, f64)>,
}

/// What a constant is when nothing asks for a type (`exec.go`'s `idealConstant`: an
/// argument of `cat`, `default`, …).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Ideal {
    Int(i64),
    Float(f64),
    Complex(f64, f64),
}

impl Number {
    fn new(text: &str) -> Number {
        Number {
            text: text.to_owned(),
            int: None,
            uint: None,
            float: None,
            complex: None,
        }
    }

    /// `simplifyComplex`: the other readings of a complex constant with no imaginary part.
    fn simplify_complex(&mut self) {
        let Some((re, im)) = self.complex else { return };
        if im == 0.0 {
            self.float = Some(re);
            self.int = float_as_i64(re);
            self.uint = float_as_u64(re);
        }
    }

    /// The value without a type to fit, or Go's error.
    pub(crate) fn ideal(&self) -> Result<Ideal, String> {
        let t = self.text.as_str();
        if let Some((re, im)) = self.complex {
            return Ok(Ideal::Complex(re, im));
        }
        let hex_int = t.len() > 2
            && t.starts_with('0')
            && matches!(t.as_bytes()[1], b'x' | b'X')
            && !t.contains(['p', 'P']);
        let rune = t.starts_with('\'');
        if let Some(f) = self.float {
            if !hex_int && !rune && t.contains(['.', 'e', 'E', 'p', 'P']) {
                return Ok(Ideal::Float(f));
            }
        }
        match (self.int, self.uint) {
            (Some(i), _) => Ok(Ideal::Int(i)),
            _ => Err(format!("`{t}` overflows int")),
        }
    }
}

/// Go's `float64(int64(f)) == f` on amd64: `f` is an integer in int64's range.
fn float_as_i64(f: f64) -> Option<i64> {
    // 2^63 is exact in f64; `as` saturates, so check the range first.
    (f.fract() == 0.0 && (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&f))
        .then_some(f as i64)
}

/// Go's `float64(uint64(f)) == f` on amd64: `f` is an integer in uint64's range.
fn float_as_u64(f: f64) -> Option<u64> {
    (f.fract() == 0.0 && (0.0..18_446_744_073_709_551_616.0).contains(&f)).then_some(f as u64)
}

/// `newNumber` for a character constant (`'a'`, `'\n'`, `'\u00e9'`).
pub(crate) fn char_number(text: &str) -> Result<Number, String> {
    let bad = || format!("malformed character constant `{text}`");
    let body = text.get(1..).ok_or_else(bad)?;
    let (c, tail) = unquote_char(body, b'\'').ok_or_else(bad)?;
    if tail != "'" {
        return Err(bad());
    }
    let mut n = Number::new(text);
    n.int = Some(i64::from(c));
    n.uint = Some(u64::from(c));
    n.float = Some(f64::from(c));
    Ok(n)
}

/// `newNumber` for a complex constant (`1+2i`): the real part and the imaginary part as
/// `fmt.Sscan` reads them.
pub(crate) fn complex_number(text: &str) -> Result<Number, String> {
    let bad = || format!("bad complex constant `{text}`");
    // The imaginary part starts where the lexer's first number ended.
    let (split, _) = scan_number(text, 0);
    if split == 0 || split >= text.len() {
        return Err(bad());
    }
    let re = parse_float(&text[..split]).ok_or_else(bad)?;
    let im = text[split..]
        .strip_suffix('i')
        .and_then(parse_float)
        .ok_or_else(bad)?;
    let mut n = Number::new(text);
    n.complex = Some((re, im));
    n.simplify_complex();
    Ok(n)
}

/// `newNumber` for a number (`itemNumber`): imaginary, then integer, then float.
pub(crate) fn number(text: &str) -> Result<Number, String> {
    let mut n = Number::new(text);
    if let Some(im) = text.strip_suffix('i').and_then(parse_float) {
        n.complex = Some((0.0, im));
        n.simplify_complex();
        return Ok(n);
    }
    let u = parse_uint(text);
    n.uint = u;
    if let Some(i) = parse_int(text) {
        n.int = Some(i);
        if i == 0 {
            // `-0`: ParseUint refused the sign.
            n.uint = Some(u.unwrap_or(0));
        }
    }
    if let Some(i) = n.int {
        n.float = Some(i as f64);
    } else if let Some(u) = n.uint {
        n.float = Some(u as f64);
    } else if let Some(f) = parse_float(text) {
        if !text.contains(['.', 'e', 'E', 'p', 'P']) {
            return Err(format!("integer overflow: `{text}`"));
        }
        n.float = Some(f);
        n.int = float_as_i64(f);
        n.uint = float_as_u64(f);
    }
    if n.int.is_none() && n.uint.is_none() && n.float.is_none() {
        return Err(format!("illegal number syntax `{text}`"));
    }
    Ok(n)
}

/// `strconv.ParseUint(s, 0, 64)`.
fn parse_uint(s0: &str) -> Option<u64> {
    let b = s0.as_bytes();
    if b.is_empty() {
        return None;
    }
    let (base, digits): (u32, &[u8]) = if b[0] == b'0' {
        match b.get(1).map(|c| c | 0x20) {
            Some(b'b') if b.len() >= 3 => (2, &b[2..]),
            Some(b'o') if b.len() >= 3 => (8, &b[2..]),
            Some(b'x') if b.len() >= 3 => (16, &b[2..]),
            _ => (8, &b[1..]),
        }
    } else {
        (10, b)
    };
    let mut n: u64 = 0;
    let mut underscores = false;
    for &c in digits {
        let d = match c {
            b'_' => {
                underscores = true;
                continue;
            }
            b'0'..=b'9' => u32::from(c - b'0'),
            _ if c.is_ascii_alphabetic() => u32::from((c | 0x20) - b'a') + 10,
            _ => return None,
        };
        if d >= base {
            return None;
        }
        n = n.checked_mul(u64::from(base))?.checked_add(u64::from(d))?;
    }
    if underscores && !underscore_ok(s0) {
        return None;
    }
    Some(n)
}

/// `strconv.ParseInt(s, 0, 64)`.
pub(crate) fn parse_int(s: &str) -> Option<i64> {
    let (neg, rest) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    let un = parse_uint(rest)?;
    if neg {
        0i64.checked_sub_unsigned(un)
    } else {
        i64::try_from(un).ok()
    }
}

/// `strconv.ParseFloat(s, 64)` for what the lexer lets through (no `inf`/`nan`): `None`
/// for a syntax or range error.
pub(crate) fn parse_float(s: &str) -> Option<f64> {
    let r = read_float(s)?;
    if r.end != s.len() {
        return None;
    }
    let f = if r.hex {
        atof_hex(r.mantissa, r.exp, r.neg, r.trunc)?
    } else {
        // The syntax is Go's (checked above); the value is the correctly rounded one,
        // which Rust's parser gives too.
        let clean: String = s.chars().filter(|c| *c != '_').collect();
        clean.parse::<f64>().ok()?
    };
    f.is_finite().then_some(f)
}

struct ReadFloat {
    mantissa: u64,
    exp: i64,
    neg: bool,
    trunc: bool,
    hex: bool,
    end: usize,
}

/// strconv's `readFloat`: the syntax check, and for hex floats the mantissa and exponent.
fn read_float(s: &str) -> Option<ReadFloat> {
    let b = s.as_bytes();
    let mut i = 0;
    let mut underscores = false;
    let mut neg = false;
    match b.first()? {
        b'+' => i += 1,
        b'-' => {
            neg = true;
            i += 1;
        }
        _ => {}
    }
    let mut base: u64 = 10;
    let mut max_mant_digits = 19;
    let mut exp_char = b'e';
    let mut hex = false;
    if i + 2 < b.len() && b[i] == b'0' && b[i + 1] | 0x20 == b'x' {
        base = 16;
        max_mant_digits = 16;
        i += 2;
        exp_char = b'p';
        hex = true;
    }
    let (mut sawdot, mut sawdigits) = (false, false);
    let (mut nd, mut nd_mant, mut dp): (i64, i64, i64) = (0, 0, 0);
    let mut mantissa: u64 = 0;
    let mut trunc = false;
    while i < b.len() {
        let c = b[i];
        if c == b'_' {
            underscores = true;
        } else if c == b'.' {
            if sawdot {
                break;
            }
            sawdot = true;
            dp = nd;
        } else if c.is_ascii_digit() || base == 16 && c.is_ascii_hexdigit() {
            sawdigits = true;
            if c == b'0' && nd == 0 {
                dp -= 1;
                i += 1;
                continue;
            }
            nd += 1;
            if nd_mant < max_mant_digits {
                let d = if c.is_ascii_digit() {
                    c - b'0'
                } else {
                    c.to_ascii_lowercase() - b'a' + 10
                };
                mantissa = mantissa * base + u64::from(d);
                nd_mant += 1;
            } else if c != b'0' {
                trunc = true;
            }
        } else {
            break;
        }
        i += 1;
    }
    if !sawdigits {
        return None;
    }
    if !sawdot {
        dp = nd;
    }
    if base == 16 {
        dp *= 4;
        nd_mant *= 4;
    }
    if i < b.len() && b[i] | 0x20 == exp_char {
        i += 1;
        let mut esign = 1;
        match b.get(i)? {
            b'+' => i += 1,
            b'-' => {
                i += 1;
                esign = -1;
            }
            _ => {}
        }
        if !b.get(i)?.is_ascii_digit() {
            return None;
        }
        let mut e: i64 = 0;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
            if b[i] == b'_' {
                underscores = true;
            } else if e < 10000 {
                e = e * 10 + i64::from(b[i] - b'0');
            }
            i += 1;
        }
        dp += e * esign;
    } else if base == 16 {
        // A hex mantissa needs a `p` exponent.
        return None;
    }
    let exp = if mantissa != 0 { dp - nd_mant } else { 0 };
    if underscores && !underscore_ok(&s[..i]) {
        return None;
    }
    Some(ReadFloat {
        mantissa,
        exp,
        neg,
        trunc,
        hex,
        end: i,
    })
}

/// strconv's `atofHex` for float64: `mantissa × 2^exp`, rounded to even; `None` when it
/// overflows.
fn atof_hex(mut mantissa: u64, mut exp: i64, neg: bool, trunc: bool) -> Option<f64> {
    const MANTBITS: u32 = 52;
    const BIAS: i64 = -1023;
    let max_exp = (1 << 11) + BIAS - 2;
    let min_exp = BIAS + 1;
    exp += i64::from(MANTBITS);
    while mantissa != 0 && mantissa >> (MANTBITS + 2) == 0 {
        mantissa <<= 1;
        exp -= 1;
    }
    if trunc {
        mantissa |= 1;
    }
    while mantissa >> (1 + MANTBITS + 2) != 0 {
        mantissa = mantissa >> 1 | mantissa & 1;
        exp += 1;
    }
    while mantissa > 1 && exp < min_exp - 2 {
        mantissa = mantissa >> 1 | mantissa & 1;
        exp += 1;
    }
    let mut round = mantissa & 3;
    mantissa >>= 2;
    round |= mantissa & 1;
    exp += 2;
    if round == 3 {
        mantissa += 1;
        if mantissa == 1 << (1 + MANTBITS) {
            mantissa >>= 1;
            exp += 1;
        }
    }
    if mantissa >> MANTBITS == 0 {
        exp = BIAS;
    }
    if exp > max_exp {
        return None;
    }
    let mut bits = mantissa & ((1 << MANTBITS) - 1);
    // `exp - BIAS` is in 0..2047 here.
    bits |= u64::try_from((exp - BIAS) & 0x7ff).unwrap_or(0) << MANTBITS;
    if neg {
        bits |= 1 << 63;
    }
    Some(f64::from_bits(bits))
}

/// `strconv.UnquoteChar(s, quote)`: the first character of `s` (escapes decoded) and the
/// rest, or `None` for a syntax error.
fn unquote_char(s: &str, quote: u8) -> Option<(u32, &str)> {
    let b = s.as_bytes();
    let c = *b.first()?;
    if c == quote && matches!(quote, b'\'' | b'"') {
        return None;
    }
    if c >= 0x80 {
        let ch = s.chars().next()?;
        return Some((u32::from(ch), &s[ch.len_utf8()..]));
    }
    if c != b'\\' {
        return Some((u32::from(c), &s[1..]));
    }
    let e = *b.get(1)?;
    let rest = &s[2..];
    let simple = match e {
        b'a' => Some(0x07),
        b'b' => Some(0x08),
        b'f' => Some(0x0c),
        b'n' => Some(0x0a),
        b'r' => Some(0x0d),
        b't' => Some(0x09),
        b'v' => Some(0x0b),
        b'\\' => Some(u32::from(b'\\')),
        b'\'' | b'"' if e == quote => Some(u32::from(e)),
        _ => None,
    };
    if let Some(v) = simple {
        return Some((v, rest));
    }
    match e {
        b'x' | b'u' | b'U' => {
            let n = match e {
                b'x' => 2,
                b'u' => 4,
                _ => 8,
            };
            let digits = rest.get(..n)?;
            if !digits.bytes().all(|d| d.is_ascii_hexdigit()) {
                return None;
            }
            let v = u32::from_str_radix(digits, 16).ok()?;
            if e != b'x' && char::from_u32(v).is_none() {
                return None;
            }
            Some((v, &rest[n..]))
        }
        b'0'..=b'7' => {
            let digits = rest.get(..2)?;
            if !digits.bytes().all(|d| (b'0'..=b'7').contains(&d)) {
                return None;
            }
            let v = (u32::from(e - b'0') << 6) | u32::from_str_radix(digits, 8).ok()?;
            (v <= 255).then_some((v, &rest[2..]))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_go_reads_them() {
        let ideal = |t: &str| number(t).and_then(|n| n.ideal());
        assert_eq!(ideal("0x1p-2"), Ok(Ideal::Float(0.25)));
        assert_eq!(ideal("0x1E"), Ok(Ideal::Int(30)));
        assert_eq!(ideal("-9223372036854775808"), Ok(Ideal::Int(i64::MIN)));
        assert!(ideal("9223372036854775808").is_err());
        assert!(number("18446744073709551616").is_err());
        assert_eq!(number("2.0").map(|n| n.int), Ok(Some(2)));
        assert_eq!(number("9223372036854775808.0").map(|n| n.int), Ok(None));
        assert_eq!(ideal("1i"), Ok(Ideal::Complex(0.0, 1.0)));
        assert_eq!(ideal("0_7"), Ok(Ideal::Int(7)));
        for bad in ["1__0", "1_", "_1", "08", "0x", "0x1.8", "1e400", "0b_"] {
            assert!(number(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_float("0x1.fffffffffffffp1023"), Some(f64::MAX));
        assert_eq!(parse_float("0x1.fffffffffffff8p1023"), None);
        assert_eq!(parse_float("0x1p-1074"), Some(f64::from_bits(1)));
        assert_eq!(parse_float("0x1p-1075"), Some(0.0));
        assert_eq!(
            char_number("'\\U0001F600'").map(|n| n.int),
            Ok(Some(0x1F600))
        );
        assert!(char_number("'\\ud800'").is_err());
        assert!(char_number("'\\400'").is_err());
        assert_eq!(scan_number("-.s", 0), (3, false));
        assert_eq!(scan_number("1-2", 0), (1, true));
    }
}
