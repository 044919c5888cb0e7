//! Go's `fmt` for the value types a pipeline has (`string`, `int`, `int64`, `uint8`,
//! `float64`, `bool`, nil): `Sprintf` with flags, widths, precisions, argument indexes
//! and the `%!verb(type=value)` forms, `Sprint` and `Sprintln`. A port of Go 1.19's
//! `fmt/print.go` and `fmt/format.go`, and of `strconv`'s float formats.
//!
//! Everything writes into an [`Out`] that either builds the text or only counts its
//! bytes, so the size of a result is known before it is built.

use super::semver::Semver;
use super::{Dict, List, Val};
use crate::gofloat;

/// Where formatted text goes: built, or only measured.
pub(super) struct Out {
    text: String,
    len: usize,
    build: bool,
    /// `%p` met a list or map: Go prints its address, which no offline value can be.
    pub(super) pointer: bool,
}

impl Out {
    pub(super) fn building() -> Out {
        Out {
            text: String::new(),
            len: 0,
            build: true,
            pointer: false,
        }
    }

    pub(super) fn measuring() -> Out {
        Out {
            text: String::new(),
            len: 0,
            build: false,
            pointer: false,
        }
    }

    pub(super) fn len(&self) -> usize {
        self.len
    }

    pub(super) fn into_text(self) -> String {
        self.text
    }

    fn push(&mut self, s: &str) {
        self.len = self.len.saturating_add(s.len());
        if self.build {
            self.text.push_str(s);
        }
    }

    fn push_char(&mut self, c: char) {
        self.len = self.len.saturating_add(c.len_utf8());
        if self.build {
            self.text.push(c);
        }
    }

    fn repeat(&mut self, c: char, n: usize) {
        self.len = self.len.saturating_add(n.saturating_mul(c.len_utf8()));
        if self.build {
            self.text.extend(std::iter::repeat_n(c, n));
        }
    }
}

/// Go's `fmt.fmt` flags of one verb.
#[derive(Clone, Copy, Default)]
struct Flags {
    wid: usize,
    prec: usize,
    wid_present: bool,
    prec_present: bool,
    minus: bool,
    plus: bool,
    sharp: bool,
    space: bool,
    zero: bool,
    plus_v: bool,
    sharp_v: bool,
}

/// Width and precision above this are not numbers (`fmt.tooLarge`).
const TOO_LARGE: usize = 1_000_000;

struct Printer<'o> {
    out: &'o mut Out,
    f: Flags,
}

impl Printer<'_> {
    fn write_padding(&mut self, n: usize) {
        let c = if self.f.zero { '0' } else { ' ' };
        self.out.repeat(c, n);
    }

    /// `fmt.pad` / `fmt.padString`: `s` padded to the width (counted in characters).
    fn pad(&mut self, s: &str) {
        if !self.f.wid_present || self.f.wid == 0 {
            self.out.push(s);
            return;
        }
        let width = self.f.wid.saturating_sub(s.chars().count());
        if self.f.minus {
            self.out.push(s);
            self.write_padding(width);
        } else {
            self.write_padding(width);
            self.out.push(s);
        }
    }

    fn truncate<'s>(&self, s: &'s str) -> &'s str {
        if self.f.prec_present {
            if let Some((i, _)) = s.char_indices().nth(self.f.prec) {
                return &s[..i];
            }
        }
        s
    }

    fn fmt_s(&mut self, s: &str) {
        let s = self.truncate(s);
        self.pad(s);
    }

    fn fmt_q(&mut self, s: &str) {
        let s = self.truncate(s);
        if self.f.sharp && can_backquote(s) {
            self.pad(&format!("`{s}`"));
            return;
        }
        let q = quote_str(s, self.f.plus);
        self.pad(&q);
    }

    fn fmt_sbx(&mut self, s: &[u8], upper: bool) {
        let digits: &[u8; 16] = if upper {
            b"0123456789ABCDEF"
        } else {
            b"0123456789abcdef"
        };
        let x = if upper { 'X' } else { 'x' };
        let mut length = s.len();
        if self.f.prec_present && self.f.prec < length {
            length = self.f.prec;
        }
        let mut width = 2 * length;
        if width > 0 {
            if self.f.space {
                if self.f.sharp {
                    width *= 2;
                }
                width += length - 1;
            } else if self.f.sharp {
                width += 2;
            }
        } else {
            if self.f.wid_present {
                self.write_padding(self.f.wid);
            }
            return;
        }
        if self.f.wid_present && self.f.wid > width && !self.f.minus {
            self.write_padding(self.f.wid - width);
        }
        let mut buf = String::with_capacity(if self.out.build { width } else { 0 });
        if self.out.build {
            if self.f.sharp {
                buf.push('0');
                buf.push(x);
            }
            for (i, &c) in s[..length].iter().enumerate() {
                if self.f.space && i > 0 {
                    buf.push(' ');
                    if self.f.sharp {
                        buf.push('0');
                        buf.push(x);
                    }
                }
                buf.push(digits[usize::from(c >> 4)] as char);
                buf.push(digits[usize::from(c & 0xf)] as char);
            }
            self.out.push(&buf);
        } else {
            self.out.len = self.out.len.saturating_add(width);
        }
        if self.f.wid_present && self.f.wid > width && self.f.minus {
            self.write_padding(self.f.wid - width);
        }
    }

    /// `fmt.fmtInteger`.
    fn fmt_integer(&mut self, v: u64, base: u32, signed: bool, verb: char, upper: bool) {
        let negative = signed && (v as i64) < 0;
        let mut u = if negative {
            (v as i64).unsigned_abs()
        } else {
            v
        };
        let digits: &[u8] = if upper {
            b"0123456789ABCDEFX"
        } else {
            b"0123456789abcdefx"
        };
        let mut prec = 0usize;
        if self.f.prec_present {
            prec = self.f.prec;
            if prec == 0 && u == 0 {
                let old = self.f.zero;
                self.f.zero = false;
                self.write_padding(self.f.wid);
                self.f.zero = old;
                return;
            }
        } else if self.f.zero && self.f.wid_present {
            prec = self.f.wid;
            if negative || self.f.plus || self.f.space {
                prec = prec.saturating_sub(1);
            }
        }
        let mut rev: Vec<u8> = Vec::with_capacity(70);
        let b = u64::from(base);
        while u >= b {
            rev.push(digits[(u % b) as usize]);
            u /= b;
        }
        rev.push(digits[u as usize]);
        // Leading zeros to the precision: counted, not pushed one by one when measuring.
        let zeros = prec.saturating_sub(rev.len());
        let mut prefix = String::new();
        if self.f.sharp {
            match base {
                2 => prefix.push_str("0b"),
                8 if zeros == 0 && rev.last() != Some(&b'0') => prefix.push('0'),
                16 => {
                    prefix.push('0');
                    prefix.push(digits[16] as char);
                }
                _ => {}
            }
        }
        if verb == 'O' {
            prefix.insert_str(0, "0o");
        }
        if negative {
            prefix.insert(0, '-');
        } else if self.f.plus {
            prefix.insert(0, '+');
        } else if self.f.space {
            prefix.insert(0, ' ');
        }
        // `0o` comes after the sign and before any `0` / `0x` prefix in Go: the buffer
        // is filled right to left as digits, zeros, sharp prefix, `0o`, sign.
        let body_len = prefix.len() + zeros + rev.len();
        let old = self.f.zero;
        self.f.zero = false;
        let pad = if self.f.wid_present {
            self.f.wid.saturating_sub(body_len)
        } else {
            0
        };
        if !self.f.minus {
            self.write_padding(pad);
        }
        self.out.push(&prefix);
        self.out.repeat('0', zeros);
        rev.reverse();
        self.out.push(std::str::from_utf8(&rev).unwrap_or_default());
        if self.f.minus {
            self.write_padding(pad);
        }
        self.f.zero = old;
    }

    fn fmt_c(&mut self, c: u64) {
        let r = rune(c);
        let mut b = [0u8; 4];
        self.pad(r.encode_utf8(&mut b));
    }

    fn fmt_qc(&mut self, c: u64) {
        let r = rune(c);
        let q = quote_rune(r, self.f.plus);
        self.pad(&q);
    }

    fn fmt_unicode(&mut self, u: u64) {
        let mut prec = 4;
        if self.f.prec_present && self.f.prec > 4 {
            prec = self.f.prec;
        }
        let hex = format!("{u:X}");
        let mut s = String::from("U+");
        s.push_str(&"0".repeat(prec.saturating_sub(hex.len())));
        s.push_str(&hex);
        if self.f.sharp {
            if let Some(c) = u32::try_from(u).ok().and_then(char::from_u32) {
                if is_print(c) {
                    s.push_str(" '");
                    s.push(c);
                    s.push('\'');
                }
            }
        }
        let old = self.f.zero;
        self.f.zero = false;
        self.pad(&s);
        self.f.zero = old;
    }

    /// `fmt.fmtFloat`: `verb` one of `b e E f g G x X`, `prec` -1 for the default.
    fn fmt_float(&mut self, v: f64, verb: char, prec: i64) {
        let prec = if self.f.prec_present {
            self.f.prec as i64
        } else {
            prec
        };
        if !self.out.build && prec > 4096 {
            // A bound, not the exact size: such a precision is refused anyway unless the
            // budget allows it, and then the text is built for real.
            let n = (prec as usize).saturating_add(800).max(self.f.wid);
            self.out.len = self.out.len.saturating_add(n);
            return;
        }
        let mut num = format_float(v, verb, prec);
        if num.starts_with('-') || num.starts_with('+') {
        } else {
            num.insert(0, '+');
        }
        if self.f.space && num.starts_with('+') && !self.f.plus {
            num.replace_range(0..1, " ");
        }
        let second = num.as_bytes().get(1).copied();
        if matches!(second, Some(b'I' | b'N')) {
            let old = self.f.zero;
            self.f.zero = false;
            if second == Some(b'N') && !self.f.space && !self.f.plus {
                num.remove(0);
            }
            self.pad(&num);
            self.f.zero = old;
            return;
        }
        if self.f.sharp && verb != 'b' {
            let mut digits: i64 = match verb {
                'v' | 'g' | 'G' | 'x' => {
                    if prec == -1 {
                        6
                    } else {
                        prec
                    }
                }
                _ => 0,
            };
            let mut tail = String::new();
            let mut has_point = false;
            let mut saw_nonzero = false;
            let bytes: Vec<u8> = num.bytes().collect();
            let mut cut = bytes.len();
            let mut i = 1;
            while i < bytes.len() {
                match bytes[i] {
                    b'.' => has_point = true,
                    b'p' | b'P' => {
                        tail = num[i..].to_owned();
                        cut = i;
                        break;
                    }
                    b'e' | b'E' if verb != 'x' && verb != 'X' => {
                        tail = num[i..].to_owned();
                        cut = i;
                        break;
                    }
                    c => {
                        if c != b'0' {
                            saw_nonzero = true;
                        }
                        if saw_nonzero {
                            digits -= 1;
                        }
                    }
                }
                i += 1;
            }
            num.truncate(cut);
            if !has_point {
                if num.len() == 2 && num.as_bytes()[1] == b'0' {
                    digits -= 1;
                }
                num.push('.');
            }
            while digits > 0 {
                num.push('0');
                digits -= 1;
            }
            num.push_str(&tail);
        }
        if self.f.plus || !num.starts_with('+') {
            if self.f.zero && self.f.wid_present && self.f.wid > num.len() {
                let w = self.f.wid - num.len();
                self.out.push(&num[..1]);
                self.write_padding(w);
                self.out.push(&num[1..]);
                return;
            }
            self.pad(&num);
            return;
        }
        self.pad(&num[1..]);
    }

    fn bad_verb(&mut self, verb: char, arg: &Val) {
        self.out.push("%!");
        self.out.push_char(verb);
        self.out.push_char('(');
        if *arg == Val::Nil {
            self.out.push("<nil>");
        } else {
            self.out.push(arg.type_name());
            self.out.push_char('=');
            match arg {
                // `badVerb` prints without the `String` method (`p.erroring`).
                Val::Semver(v) => self.print_fields(v, 'v'),
                _ => self.print_arg(arg, 'v'),
            }
        }
        self.out.push_char(')');
    }

    fn print_arg(&mut self, arg: &Val, verb: char) {
        if *arg == Val::Nil {
            match verb {
                'T' | 'v' => self.pad("<nil>"),
                _ => self.bad_verb(verb, arg),
            }
            return;
        }
        if verb == 'T' {
            self.fmt_s(arg.type_name());
            return;
        }
        if verb == 'p' {
            self.out.pointer |= match arg {
                Val::List(_) | Val::Dict(_) => true,
                Val::Semver(v) => v.is_ptr(),
                _ => false,
            };
            self.bad_verb(verb, arg);
            return;
        }
        match arg {
            Val::Bool(b) => match verb {
                't' | 'v' => self.pad(if *b { "true" } else { "false" }),
                _ => self.bad_verb(verb, arg),
            },
            Val::Float(f) => match verb {
                'v' => self.fmt_float(*f, 'g', -1),
                'b' | 'g' | 'G' | 'x' | 'X' => self.fmt_float(*f, verb, -1),
                'f' | 'e' | 'E' => self.fmt_float(*f, verb, 6),
                'F' => self.fmt_float(*f, 'f', 6),
                _ => self.bad_verb(verb, arg),
            },
            Val::Int(i) | Val::Int64(i) => self.integer(*i as u64, true, verb, arg),
            Val::Byte(b) => self.integer(u64::from(*b), false, verb, arg),
            Val::Uint(u) => self.integer(*u, false, verb, arg),
            Val::Semver(v) => self.print_semver(v, verb),
            Val::Str(s) => match verb {
                'v' if self.f.sharp_v => self.fmt_q(s),
                'v' | 's' => self.fmt_s(s),
                'x' => self.fmt_sbx(s.as_bytes(), false),
                'X' => self.fmt_sbx(s.as_bytes(), true),
                'q' => self.fmt_q(s),
                _ => self.bad_verb(verb, arg),
            },
            Val::Complex(..) => match verb {
                'v' => self.pad(&arg.to_text()),
                _ => self.bad_verb(verb, arg),
            },
            Val::Nil => {}
            Val::List(l) => self.print_list(arg.type_name(), l, verb),
            Val::Dict(d) => self.print_dict(arg.type_name(), d, verb),
        }
    }

    /// A version: its `String` method for `%v`, `%s`, `%q`, `%x` and `%X` (`handleMethods`);
    /// otherwise its struct's fields (`&{1 2 3 …}`, `&semver.Version{major:0x1, …}`).
    fn print_semver(&mut self, v: &Semver, verb: char) {
        if matches!(verb, 'v' | 's' | 'q' | 'x' | 'X') && !self.f.sharp_v {
            self.print_arg(&Val::text(v.text()), verb);
            return;
        }
        self.print_fields(v, verb);
    }

    /// A version's struct, field by field (`printValue` of the struct, or of the
    /// pointer at the top: `&` first).
    fn print_fields(&mut self, v: &Semver, verb: char) {
        let sharp = self.f.sharp_v;
        if v.is_ptr() {
            self.out.push("&");
        }
        if sharp {
            self.out.push("semver.Version");
        }
        self.out.push("{");
        let (numbers, texts) = v.parts();
        let names = Semver::field_names();
        for k in 0..6 {
            if k > 0 {
                self.out.push(if sharp { ", " } else { " " });
            }
            if sharp || self.f.plus_v {
                self.out.push(names[k]);
                self.out.push(":");
            }
            match numbers.get(k) {
                Some(n) => self.integer(*n, false, verb, &Val::Uint(*n)),
                None => self.print_arg(&Val::text(texts[k - 3]), verb),
            }
        }
        self.out.push("}");
    }

    /// An element of a list or map (`printValue` at depth > 0): a nil interface is
    /// written without padding.
    fn print_elem(&mut self, v: &Val, verb: char) {
        if let Val::Semver(sv) = v {
            // Below the top, a pointer that `String` does not print is its address.
            let stringer = matches!(verb, 'v' | 's' | 'q' | 'x' | 'X') && !self.f.sharp_v;
            if sv.is_ptr() && !stringer {
                self.out.pointer = true;
                self.bad_verb('p', v);
                return;
            }
        }
        if *v == Val::Nil {
            self.out.push(if self.f.sharp_v {
                "interface {}(nil)"
            } else {
                "<nil>"
            });
            return;
        }
        self.print_arg(v, verb);
    }

    /// `printValue` of a slice: `[a b]`, or `[]T{a, b}` for `%#v`.
    fn print_list(&mut self, ty: &str, l: &List, verb: char) {
        let sharp = self.f.sharp_v;
        if sharp {
            self.out.push(ty);
            if l.nil {
                self.out.push("(nil)");
                return;
            }
        }
        self.out.push(if sharp { "{" } else { "[" });
        for (k, v) in l.items.iter().enumerate() {
            if k > 0 {
                self.out.push(if sharp { ", " } else { " " });
            }
            self.print_elem(v, verb);
        }
        self.out.push(if sharp { "}" } else { "]" });
    }

    /// `printValue` of a map, keys sorted: `map[a:1 b:2]`, or `map[K]V{"a":1, "b":2}`.
    fn print_dict(&mut self, ty: &str, d: &Dict, verb: char) {
        let sharp = self.f.sharp_v;
        self.out.push(if sharp { ty } else { "map[" });
        if sharp {
            self.out.push("{");
        }
        for (k, (key, v)) in d.map.borrow().iter().enumerate() {
            if k > 0 {
                self.out.push(if sharp { ", " } else { " " });
            }
            self.print_arg(&Val::text(key.as_str()), verb);
            self.out.push(":");
            self.print_elem(v, verb);
        }
        self.out.push(if sharp { "}" } else { "]" });
    }

    fn integer(&mut self, v: u64, signed: bool, verb: char, arg: &Val) {
        match verb {
            'v' if self.f.sharp_v && !signed => {
                let sharp = self.f.sharp;
                self.f.sharp = true;
                self.fmt_integer(v, 16, false, 'v', false);
                self.f.sharp = sharp;
            }
            'v' | 'd' => self.fmt_integer(v, 10, signed, verb, false),
            'b' => self.fmt_integer(v, 2, signed, verb, false),
            'o' | 'O' => self.fmt_integer(v, 8, signed, verb, false),
            'x' => self.fmt_integer(v, 16, signed, verb, false),
            'X' => self.fmt_integer(v, 16, signed, verb, true),
            'c' => self.fmt_c(v),
            'q' => self.fmt_qc(v),
            'U' => self.fmt_unicode(v),
            _ => self.bad_verb(verb, arg),
        }
    }
}

/// `rune(c)` as `fmtC` takes it: past the last code point or a surrogate, U+FFFD.
fn rune(c: u64) -> char {
    u32::try_from(c)
        .ok()
        .and_then(char::from_u32)
        .unwrap_or('\u{fffd}')
}

/// `fmt.Sprintf(format, args...)`.
pub(super) fn sprintf(out: &mut Out, format: &str, a: &[Val]) {
    let b = format.as_bytes();
    let end = b.len();
    let mut p = Printer {
        out,
        f: Flags::default(),
    };
    let mut arg_num = 0usize;
    let mut reordered = false;
    let mut i = 0usize;
    'format: while i < end {
        let mut good_arg_num = true;
        let last = i;
        while i < end && b[i] != b'%' {
            i += 1;
        }
        if i > last {
            p.out.push(&format[last..i]);
        }
        if i >= end {
            break;
        }
        i += 1;
        p.f = Flags::default();
        // Flags.
        while i < end {
            match b[i] {
                b'#' => p.f.sharp = true,
                b'0' => p.f.zero = !p.f.minus,
                b'+' => p.f.plus = true,
                b'-' => {
                    p.f.minus = true;
                    p.f.zero = false;
                }
                b' ' => p.f.space = true,
                c => {
                    if c.is_ascii_lowercase() && arg_num < a.len() {
                        if c == b'v' {
                            p.f.sharp_v = p.f.sharp;
                            p.f.sharp = false;
                            p.f.plus_v = p.f.plus;
                            p.f.plus = false;
                        }
                        p.print_arg(&a[arg_num], c as char);
                        arg_num += 1;
                        i += 1;
                        continue 'format;
                    }
                    break;
                }
            }
            i += 1;
        }
        let mut after_index;
        (arg_num, i, after_index) = arg_number(
            arg_num,
            format,
            i,
            a.len(),
            &mut good_arg_num,
            &mut reordered,
        );
        if i < end && b[i] == b'*' {
            i += 1;
            let (n, ok, next) = int_from_arg(a, arg_num);
            arg_num = next;
            p.f.wid_present = ok;
            if !ok {
                p.out.push("%!(BADWIDTH)");
            }
            if n < 0 {
                p.f.minus = true;
                p.f.zero = false;
            }
            p.f.wid = usize::try_from(n.unsigned_abs()).unwrap_or(0);
            after_index = false;
        } else {
            let (n, ok, next) = parse_num(b, i, end);
            p.f.wid = n;
            p.f.wid_present = ok;
            i = next;
            if after_index && p.f.wid_present {
                good_arg_num = false;
            }
        }
        if i + 1 < end && b[i] == b'.' {
            i += 1;
            if after_index {
                good_arg_num = false;
            }
            (arg_num, i, after_index) = arg_number(
                arg_num,
                format,
                i,
                a.len(),
                &mut good_arg_num,
                &mut reordered,
            );
            if i < end && b[i] == b'*' {
                i += 1;
                let (n, ok, next) = int_from_arg(a, arg_num);
                arg_num = next;
                p.f.prec_present = ok;
                p.f.prec = usize::try_from(n).unwrap_or(0);
                if n < 0 {
                    p.f.prec = 0;
                    p.f.prec_present = false;
                }
                if !p.f.prec_present {
                    p.out.push("%!(BADPREC)");
                }
                after_index = false;
            } else {
                let (n, ok, next) = parse_num(b, i, end);
                p.f.prec = n;
                p.f.prec_present = ok;
                i = next;
                if !ok {
                    p.f.prec = 0;
                    p.f.prec_present = true;
                }
            }
        }
        if !after_index {
            (arg_num, i, _) = arg_number(
                arg_num,
                format,
                i,
                a.len(),
                &mut good_arg_num,
                &mut reordered,
            );
        }
        if i >= end {
            p.out.push("%!(NOVERB)");
            break;
        }
        let verb = format[i..].chars().next().unwrap_or('\u{fffd}');
        i += verb.len_utf8();
        match verb {
            '%' => p.out.push_char('%'),
            _ if !good_arg_num => {
                p.out.push("%!");
                p.out.push_char(verb);
                p.out.push("(BADINDEX)");
            }
            _ if arg_num >= a.len() => {
                p.out.push("%!");
                p.out.push_char(verb);
                p.out.push("(MISSING)");
            }
            _ => {
                if verb == 'v' {
                    p.f.sharp_v = p.f.sharp;
                    p.f.sharp = false;
                    p.f.plus_v = p.f.plus;
                    p.f.plus = false;
                }
                p.print_arg(&a[arg_num], verb);
                arg_num += 1;
            }
        }
    }
    if !reordered && arg_num < a.len() {
        p.f = Flags::default();
        p.out.push("%!(EXTRA ");
        for (k, arg) in a[arg_num..].iter().enumerate() {
            if k > 0 {
                p.out.push(", ");
            }
            if *arg == Val::Nil {
                p.out.push("<nil>");
            } else {
                p.out.push(arg.type_name());
                p.out.push_char('=');
                p.print_arg(arg, 'v');
            }
        }
        p.out.push_char(')');
    }
}

/// `fmt.Sprint(args...)`: spaces between operands when neither is a string.
pub(super) fn sprint(out: &mut Out, a: &[Val]) {
    let mut p = Printer {
        out,
        f: Flags::default(),
    };
    let mut prev_string = false;
    for (k, arg) in a.iter().enumerate() {
        let is_string = matches!(arg, Val::Str(_));
        if k > 0 && !is_string && !prev_string {
            p.out.push_char(' ');
        }
        p.print_arg(arg, 'v');
        prev_string = is_string;
    }
}

/// A value as `fmt.Sprint` prints it alone (`%v`).
pub(super) fn print_value(v: &Val) -> String {
    let mut out = Out::building();
    sprint(&mut out, std::slice::from_ref(v));
    out.into_text()
}

/// `fmt.Sprintln(args...)`: spaces between all operands, and a newline.
pub(super) fn sprintln(out: &mut Out, a: &[Val]) {
    let mut p = Printer {
        out,
        f: Flags::default(),
    };
    for (k, arg) in a.iter().enumerate() {
        if k > 0 {
            p.out.push_char(' ');
        }
        p.print_arg(arg, 'v');
    }
    p.out.push_char('\n');
}

fn parse_num(b: &[u8], start: usize, end: usize) -> (usize, bool, usize) {
    if start >= end {
        return (0, false, end);
    }
    let mut num = 0usize;
    let mut is_num = false;
    let mut i = start;
    while i < end && b[i].is_ascii_digit() {
        if num > TOO_LARGE {
            return (0, false, end);
        }
        num = num * 10 + usize::from(b[i] - b'0');
        is_num = true;
        i += 1;
    }
    (num, is_num, i)
}

fn int_from_arg(a: &[Val], arg_num: usize) -> (i64, bool, usize) {
    let Some(v) = a.get(arg_num) else {
        return (0, false, arg_num);
    };
    let (n, ok) = match v {
        Val::Int(i) | Val::Int64(i) => (*i, true),
        Val::Byte(b) => (i64::from(*b), true),
        Val::Uint(u) => i64::try_from(*u).map_or((0, false), |n| (n, true)),
        _ => (0, false),
    };
    if n.unsigned_abs() > TOO_LARGE as u64 {
        return (0, false, arg_num + 1);
    }
    (n, ok, arg_num + 1)
}

/// `pp.argNumber`: an explicit `[n]` argument index at `i`.
fn arg_number(
    arg_num: usize,
    format: &str,
    i: usize,
    num_args: usize,
    good: &mut bool,
    reordered: &mut bool,
) -> (usize, usize, bool) {
    let b = format.as_bytes();
    if b.len() <= i || b[i] != b'[' {
        return (arg_num, i, false);
    }
    *reordered = true;
    let rest = &b[i..];
    let (index, wid, ok) = parse_arg_number(rest);
    if ok && index >= 0 && (index as usize) < num_args {
        return (index as usize, i + wid, true);
    }
    *good = false;
    (arg_num, i + wid, ok)
}

fn parse_arg_number(b: &[u8]) -> (i64, usize, bool) {
    if b.len() < 3 {
        return (0, 1, false);
    }
    for i in 1..b.len() {
        if b[i] == b']' {
            let (width, ok, newi) = parse_num(b, 1, i);
            if !ok || newi != i {
                return (0, i + 1, false);
            }
            return (width as i64 - 1, i + 1, true);
        }
    }
    (0, 1, false)
}

/// The decimal digits of `|v|` correctly rounded to `n` significant ones, without
/// trailing zeros, and the decimal point position (what Go's `ryuFtoaFixed64` and
/// `bigFtoa` give for a fixed precision).
fn fixed_digits(v: f64, n: usize) -> (Vec<u8>, i32) {
    let v = v.abs();
    if v == 0.0 {
        return (Vec::new(), 0);
    }
    let e = format!("{:.*e}", n.saturating_sub(1), v);
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let mut d: Vec<u8> = mant.bytes().filter(u8::is_ascii_digit).collect();
    while d.last() == Some(&b'0') {
        d.pop();
    }
    if d.is_empty() {
        return (Vec::new(), 0);
    }
    (d, exp + 1)
}

/// `strconv.FormatFloat(v, verb, prec, 64)`; `prec` -1 gives the shortest digits.
pub(super) fn format_float(v: f64, verb: char, prec: i64) -> String {
    if let Some(s) = gofloat::special(v) {
        return s.into();
    }
    let neg = v.is_sign_negative();
    match verb {
        'b' => {
            let bits = v.to_bits();
            let mut exp = ((bits >> 52) & 0x7ff) as i64;
            let mut mant = bits & ((1 << 52) - 1);
            if exp == 0 {
                exp += 1;
            } else {
                mant |= 1 << 52;
            }
            exp += -1023 - 52;
            format!(
                "{}{mant}p{}{exp}",
                if neg { "-" } else { "" },
                if exp >= 0 { "+" } else { "" }
            )
        }
        'x' | 'X' => fmt_x(v, prec, verb),
        _ if prec < 0 => gofloat::format_shortest(v, verb as u8),
        'f' => {
            let s = format!("{:.*}", prec as usize, v.abs());
            if neg {
                format!("-{s}")
            } else {
                s
            }
        }
        _ => {
            // 'e' / 'E': `prec` digits after the point; 'g' / 'G': `prec` significant.
            let (digits, prec) = match verb {
                'e' | 'E' => (prec.saturating_add(1), prec),
                _ => (prec.max(1), prec.max(1)),
            };
            let (d, dp) = fixed_digits(v, usize::try_from(digits).unwrap_or(usize::MAX));
            let mut out = String::new();
            let prec = i32::try_from(prec).unwrap_or(i32::MAX);
            gofloat::format_digits(&mut out, neg, &d, dp, prec, verb as u8, false);
            out
        }
    }
}

/// `strconv.fmtX`: hexadecimal mantissa and binary exponent (`0x1.8p+01`).
fn fmt_x(v: f64, prec: i64, verb: char) -> String {
    let bits = v.to_bits();
    let neg = v.is_sign_negative();
    let mut exp = ((bits >> 52) & 0x7ff) as i64;
    let mut mant = bits & ((1 << 52) - 1);
    if exp == 0 {
        exp += 1;
    } else {
        mant |= 1 << 52;
    }
    exp -= 1023;
    if mant == 0 {
        exp = 0;
    }
    mant <<= 60 - 52;
    while mant != 0 && mant & (1 << 60) == 0 {
        mant <<= 1;
        exp -= 1;
    }
    if (0..15).contains(&prec) {
        let shift = (prec * 4) as u32;
        let extra = (mant << shift) & ((1 << 60) - 1);
        mant >>= 60 - shift;
        if extra | (mant & 1) > 1 << 59 {
            mant += 1;
        }
        mant <<= 60 - shift;
        if mant & (1 << 61) != 0 {
            mant >>= 1;
            exp += 1;
        }
    }
    let hex: &[u8; 16] = if verb == 'X' {
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    let mut s = String::new();
    if neg {
        s.push('-');
    }
    s.push('0');
    s.push(verb);
    s.push((b'0' + ((mant >> 60) & 1) as u8) as char);
    mant <<= 4;
    if prec < 0 && mant != 0 {
        s.push('.');
        while mant != 0 {
            s.push(hex[((mant >> 60) & 15) as usize] as char);
            mant <<= 4;
        }
    } else if prec > 0 {
        s.push('.');
        for _ in 0..prec {
            s.push(hex[((mant >> 60) & 15) as usize] as char);
            mant <<= 4;
        }
    }
    s.push(if verb == 'X' { 'P' } else { 'p' });
    if exp < 0 {
        s.push('-');
        exp = -exp;
    } else {
        s.push('+');
    }
    if exp < 10 {
        s.push('0');
    }
    s.push_str(&exp.to_string());
    s
}

/// Go 1.19's `strconv.IsPrint`, from Go's own table (Unicode 13.0.0).
pub(super) fn is_print(c: char) -> bool {
    super::strings::is_print(c)
}

/// `strconv.CanBackquote`.
fn can_backquote(s: &str) -> bool {
    s.chars()
        .all(|c| c == '\t' || !(c < ' ' || c == '`' || c == '\u{7f}' || c == '\u{feff}'))
}

/// `strconv`'s `appendQuotedWith`: `text` in `quote`s, escaped as Go escapes it
/// (`ascii`: every non-ASCII character escaped too, as `QuoteToASCII` does).
fn strconv_quote(text: &str, quote: char, ascii: bool) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for r in text.chars() {
        if r == quote || r == '\\' {
            out.push('\\');
            out.push(r);
            continue;
        }
        if (r.is_ascii() || !ascii) && is_print(r) {
            out.push(r);
            continue;
        }
        match r {
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x0b' => out.push_str("\\v"),
            r if r < ' ' || r == '\x7f' => out.push_str(&format!("\\x{:02x}", r as u32)),
            r if (r as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", r as u32)),
            r => out.push_str(&format!("\\U{:08x}", r as u32)),
        }
    }
    out.push(quote);
    out
}

/// `strconv.Quote` (`ascii`: `QuoteToASCII`).
fn quote_str(s: &str, ascii: bool) -> String {
    strconv_quote(s, '"', ascii)
}

/// `strconv.QuoteRune` (`ascii`: `QuoteRuneToASCII`).
fn quote_rune(r: char, ascii: bool) -> String {
    strconv_quote(r.encode_utf8(&mut [0u8; 4]), '\'', ascii)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(format: &str, a: &[Val]) -> String {
        let mut m = Out::measuring();
        sprintf(&mut m, format, a);
        let mut o = Out::building();
        sprintf(&mut o, format, a);
        assert_eq!(m.len(), o.len(), "{format}");
        let t = o.into_text();
        assert_eq!(t.len(), m.len(), "{format}");
        t
    }
    fn s(x: &str) -> Val {
        Val::text(x)
    }

    #[test]
    fn go_fmt_outputs() {
        // Expected values are Go 1.19's.
        let cases: &[(&str, Vec<Val>, &str)] = &[
            ("%s-%d", vec![s("a"), Val::Int(5)], "a-5"),
            ("%d", vec![s("x")], "%!d(string=x)"),
            (
                "%5s|%-5s|%05s",
                vec![s("ab"), s("ab"), s("ab")],
                "   ab|ab   |000ab",
            ),
            ("%.2s", vec![s("héllo")], "hé"),
            ("%q", vec![s("a\"b")], "\"a\\\"b\""),
            ("%#q", vec![s("ab")], "`ab`"),
            (
                "%x %X % x %#x",
                vec![s("hi"), s("hi"), s("hi"), s("hi")],
                "6869 6869 68 69 0x6869",
            ),
            (
                "%v %d %5d %-5d| %05d %+d %x %X %o %O %b %#x %#o",
                vec![
                    Val::Int(-42),
                    Val::Int(42),
                    Val::Int(42),
                    Val::Int(42),
                    Val::Int(-42),
                    Val::Int(42),
                    Val::Int(255),
                    Val::Int(255),
                    Val::Int(8),
                    Val::Int(8),
                    Val::Int(5),
                    Val::Int(255),
                    Val::Int(8),
                ],
                "-42 42    42 42   | -0042 +42 ff FF 10 0o10 101 0xff 010",
            ),
            (
                "%c %q %U %#U",
                vec![Val::Int(65), Val::Int(65), Val::Int(65), Val::Int(0x1F600)],
                "A 'A' U+0041 U+1F600 '😀'",
            ),
            (
                "%.3d|%.0d|%8.3d",
                vec![Val::Int(7), Val::Int(0), Val::Int(-7)],
                "007||    -007",
            ),
            (
                "%e %E %f %g %G",
                vec![Val::Float(1234.5678); 5],
                "1.234568e+03 1.234568E+03 1234.567800 1234.5678 1234.5678",
            ),
            (
                "%v %v %v %v",
                vec![
                    Val::Float(1e6),
                    Val::Float(1e-5),
                    Val::Float(100000.0),
                    Val::Float(0.0001),
                ],
                "1e+06 1e-05 100000 0.0001",
            ),
            (
                "%.2f %.0f %.3g %.10g %8.2f|%-8.2f|%08.2f",
                vec![
                    Val::Float(1.23456),
                    Val::Float(2.5),
                    Val::Float(1.23456),
                    Val::Float(0.1),
                    Val::Float(-1.23456),
                    Val::Float(1.23456),
                    Val::Float(-1.23456),
                ],
                "1.23 2 1.23 0.1    -1.23|1.23    |-0001.23",
            ),
            (
                "%#g %#.3g %#v",
                vec![Val::Float(1.0), Val::Float(2.0), Val::Float(1.0)],
                "1.00000 2.00 1",
            ),
            (
                "%x %X %b",
                vec![Val::Float(3.0), Val::Float(0.5), Val::Float(1.0)],
                "0x1.8p+01 0X1P-01 4503599627370496p-52",
            ),
            (
                "%t %v %d",
                vec![Val::Bool(true), Val::Bool(false), Val::Bool(true)],
                "true false %!d(bool=true)",
            ),
            (
                "%v %d %s",
                vec![Val::Nil, Val::Nil, Val::Nil],
                "<nil> %!d(<nil>) %!s(<nil>)",
            ),
            ("%d", vec![], "%!d(MISSING)"),
            (
                "%d",
                vec![Val::Int(1), s("a"), Val::Nil],
                "1%!(EXTRA string=a, <nil>)",
            ),
            ("%", vec![], "%!(NOVERB)"),
            ("%z", vec![Val::Int(1)], "%!z(int=1)"),
            ("%5z", vec![Val::Int(1)], "%!z(int=    1)"),
            ("%[2]s %[1]s", vec![s("a"), s("b")], "b a"),
            ("%[3]s", vec![s("a")], "%!s(BADINDEX)"),
            (
                "%*d|%-*d",
                vec![Val::Int(4), Val::Int(1), Val::Int(3), Val::Int(2)],
                "   1|2  ",
            ),
            ("%*d", vec![s("x"), Val::Int(1)], "%!(BADWIDTH)1"),
            (
                "%.*s|%-*d|",
                vec![Val::Int(-1), s("ab"), Val::Int(-3), Val::Int(1)],
                "%!(BADPREC)ab|1  |",
            ),
            (
                "%T %T %T",
                vec![s("a"), Val::Int64(1), Val::Byte(1)],
                "string int64 uint8",
            ),
            ("%#v %#v", vec![s("a"), Val::Byte(10)], "\"a\" 0xa"),
            ("%%%d%%", vec![Val::Int(1)], "%1%"),
            ("%s", vec![Val::Float(1.5)], "%!s(float64=1.5)"),
            ("%6.2v|", vec![Val::Float(f64::NAN)], "   NaN|"),
            (
                "%+f % f %05f",
                vec![
                    Val::Float(f64::INFINITY),
                    Val::Float(1.0),
                    Val::Float(f64::NEG_INFINITY),
                ],
                "+Inf  1.000000  -Inf",
            ),
            ("%é", vec![Val::Int(1)], "%!é(int=1)"),
            ("%08.3e", vec![Val::Float(-1.5)], "-1.500e+00"),
            (
                "%.0e %.1e",
                vec![Val::Float(2.5), Val::Float(0.05)],
                "2e+00 5.0e-02",
            ),
            (
                "%#o %#08x %#-8o| %+.3e %#.0f %#x %.3x %#.0e",
                vec![
                    Val::Int(0),
                    Val::Int(255),
                    Val::Int(8),
                    Val::Float(12345.678),
                    Val::Float(3.0),
                    Val::Float(1.0),
                    Val::Float(1.0),
                    Val::Float(5.0),
                ],
                "0 0x000000ff 010     | +1.235e+04 3. 0x1.0000p+00 0x1.000p+00 5.e+00",
            ),
            (
                "%g %g %g %.3g %.3g %g %G",
                vec![
                    Val::Float(123456789.0),
                    Val::Float(1e21),
                    Val::Float(1e-7),
                    Val::Float(1234567.0),
                    Val::Float(0.00012345),
                    Val::Float(100.0),
                    Val::Float(1e-10),
                ],
                "1.23456789e+08 1e+21 1e-07 1.23e+06 0.000123 100 1E-10",
            ),
            (
                "%q %+q %#q %x",
                vec![Val::Int(0xe9), s("é\u{1}"), s("a`b"), Val::Int(-1)],
                "'é' \"\\u00e9\\x01\" \"a`b\" -1",
            ),
            (
                "%#U %U %c",
                vec![Val::Int(-1), Val::Int(0x110000), Val::Int(-1)],
                "U+FFFFFFFFFFFFFFFF U+110000 \u{fffd}",
            ),
        ];
        for (format, args, want) in cases {
            assert_eq!(f(format, args), *want, "{format}");
        }
    }

    #[test]
    fn print_and_println() {
        let mut o = Out::building();
        sprint(
            &mut o,
            &[
                Val::Int(1),
                Val::Int(2),
                s("a"),
                Val::Int(3),
                s("b"),
                s("c"),
            ],
        );
        assert_eq!(o.into_text(), "1 2a3bc");
        let mut o = Out::building();
        sprintln(&mut o, &[s("a"), Val::Int(1), Val::Nil]);
        assert_eq!(o.into_text(), "a 1 <nil>\n");
    }

    #[test]
    fn huge_precision_is_measured_without_building() {
        let mut m = Out::measuring();
        sprintf(&mut m, "%.999999f%999999d", &[Val::Float(1.0), Val::Int(1)]);
        assert!(m.len() >= 1_999_998);
    }
}
