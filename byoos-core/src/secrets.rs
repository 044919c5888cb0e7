//! Which bytes of a source text are secret, and how text that shows the source hides them.
//!
//! A secret is a password (the value of a key such as `password`, `vcenter_password`,
//! `clientSecret`, `token`, `apiKey`), a profile variable marked sensitive (its
//! `defaultValue`, and its value in a context's `variables.values`), an Azure SAS
//! signature (`sig=…`), or the password of a URL's user information
//! (`https://user:pw@host`).
//! `SecretRanges::find` finds their byte ranges once per source (linear in the text);
//! the text renderer then writes every shown source line through
//! `SecretRanges::show`, which puts `***` in place of those bytes and escapes control
//! characters, so an excerpt never prints what the message hides.
//!
//! The ranges come from two passes that do not depend on each other: the YAML/JSON
//! document (precise node ranges, aliases and sensitive definitions included), and a
//! lexical pass over the raw text (`key: value` and `key=value` pairs, `sig=`
//! parameters and `scheme://user:password@`), which also covers text that is not YAML, values inside block scalars
//! (a profile's pack values) and text the parser gave up on.

use crate::diagnostic::Diagnostic;
use crate::limits::Limits;
use crate::yaml::{Document, NodeKind, NodeRef, Resolved};
use std::collections::HashSet;
use std::ops::Range;

/// Whether a mapping key names a secret: `password`, `passwd`, `passphrase`, `secret`,
/// `token`, `apikey`, `privatekey`, `accesskey` at the end of the key (any case, `_`/`-`
/// ignored: `vcenter_password`, `clientSecret`, `api-token`, `apiKey`,
/// `aws_secret_access_key`), or a key ending in `_pass` (`rhel_subscription_pass`).
#[must_use]
pub(crate) fn is_secret_key(key: &str) -> bool {
    let b = key.as_bytes();
    // Every word ends in one of these letters: most keys are told apart by their last
    // letter, and only the words with that letter are compared.
    let words: &[&[u8]] = match b.iter().rev().find(|c| !matches!(c, b'_' | b'-')) {
        _ if b.len() > 128 => return false,
        Some(b'd' | b'D') => &[b"password", b"passwd"],
        Some(b'e' | b'E') => &[b"passphrase"],
        Some(b't' | b'T') => &[b"secret"],
        Some(b'n' | b'N') => &[b"token"],
        Some(b'y' | b'Y') => &[b"apikey", b"privatekey", b"accesskey"],
        Some(b's' | b'S') => {
            let pass = b"pass";
            return b.eq_ignore_ascii_case(pass)
                || b.len() > pass.len()
                    && b[b.len() - pass.len()..].eq_ignore_ascii_case(pass)
                    && matches!(b[b.len() - pass.len() - 1], b'_' | b'-');
        }
        _ => return false,
    };
    // The key's last bytes, `_` and `-` skipped, against each word's, from the end.
    words.iter().any(|w| {
        let mut rest = b.iter().rev().filter(|c| !matches!(c, b'_' | b'-'));
        w.iter()
            .rev()
            .all(|c| rest.next().is_some_and(|k| k.eq_ignore_ascii_case(c)))
    })
}

/// The secret byte ranges of one source text: sorted, disjoint, on character boundaries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct SecretRanges(Vec<Range<usize>>);

impl SecretRanges {
    /// Every secret range of `text` (see the module documentation).
    #[must_use]
    pub(crate) fn find(text: &str) -> SecretRanges {
        SecretRanges::find_parsed(text, None)
    }

    /// [`SecretRanges::find`], with `parsed`, when given, as the document pass's parse
    /// of `text` (see [`redact_parsed`]).
    fn find_parsed(text: &str, parsed: Option<&Document<'_>>) -> SecretRanges {
        let mut ranges = Vec::new();
        lexical(text, &mut ranges);
        secret_actions(text, &mut ranges);
        if text.len() <= Limits::default().max_input_bytes {
            match parsed {
                Some(doc) => from_document(doc, &mut ranges),
                None => {
                    let doc = Document::parse(text, &Limits::default(), &mut Vec::new());
                    from_document(&doc, &mut ranges);
                }
            }
        }
        SecretRanges::from_ranges(text, ranges)
    }

    fn from_ranges(text: &str, mut ranges: Vec<Range<usize>>) -> SecretRanges {
        ranges.retain(|r| r.start < r.end && r.end <= text.len());
        for r in &mut ranges {
            r.start = crate::source::floor_char_boundary(text, r.start);
            r.end = ceil_char_boundary(text, r.end);
        }
        ranges.sort_by_key(|r| (r.start, r.end));
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
        for r in ranges {
            match merged.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        SecretRanges(merged)
    }

    /// The ranges.
    #[cfg(test)]
    #[must_use]
    pub(crate) fn ranges(&self) -> &[Range<usize>] {
        &self.0
    }

    /// Whether there is none.
    #[must_use]
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The ranges that overlap `r` (an empty `r` overlaps a range it stands inside).
    #[must_use]
    pub(crate) fn overlapping(&self, r: Range<usize>) -> &[Range<usize>] {
        let first = self.0.partition_point(|s| s.end <= r.start);
        let last = self.0.partition_point(|s| s.start < r.end.max(r.start + 1));
        &self.0[first..last.max(first)]
    }

    /// `source[window]` as it may be shown: secret bytes become `***`, control characters
    /// other than tabs and line breaks become escapes (`\u{1b}`), and `span` (a range of
    /// `source` inside `window`) is moved to where its text now stands, relative to the
    /// start of the returned text. A span that starts or ends inside a secret covers all
    /// of its `***`. One pass over the window.
    #[must_use]
    pub(crate) fn show(
        &self,
        source: &str,
        window: Range<usize>,
        span: Range<usize>,
    ) -> (String, Range<usize>) {
        let mut out = String::with_capacity(window.len() + 8);
        let (mut s, mut e) = (None, None);
        let mut secrets = self.overlapping(window.clone()).iter().peekable();
        let mut i = window.start;
        while i < window.end {
            if span.start == i && s.is_none() {
                s = Some(out.len());
            }
            if span.end == i && e.is_none() {
                e = Some(out.len());
            }
            if let Some(r) = secrets.peek().filter(|r| r.start <= i) {
                let end = r.end.min(window.end);
                let at = out.len();
                out.push_str("***");
                if span.start > i && span.start < end {
                    s = Some(at);
                }
                if span.end > i && span.end < end {
                    e = Some(if span.start == span.end {
                        at
                    } else {
                        out.len()
                    });
                }
                i = end;
                secrets.next();
                continue;
            }
            let Some(c) = source[i..].chars().next() else {
                break;
            };
            if c.is_control() && !matches!(c, '\n' | '\t') && !is_crlf(source, i) {
                out.extend(c.escape_default());
            } else {
                out.push(c);
            }
            i += c.len_utf8();
        }
        let s = s.unwrap_or(out.len());
        let e = e.unwrap_or(out.len()).max(s);
        (out, s..e)
    }
}

fn floor(text: &str, i: usize) -> usize {
    crate::source::floor_char_boundary(text, i)
}

fn is_crlf(source: &str, i: usize) -> bool {
    source.as_bytes().get(i) == Some(&b'\r') && source.as_bytes().get(i + 1) == Some(&b'\n')
}

fn ceil_char_boundary(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i.min(text.len())
}

/// `text` with control characters (line breaks and tabs included) written as escapes:
/// for labels and names shown on a terminal.
#[must_use]
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(crate::diagnostic::one_line(text.to_owned()))
}

/// [`redact_diagnostics`] with the secrets of `source` (found only when there is a
/// diagnostic): what every operation applies to the diagnostics it returns.
pub(crate) fn redact(source: &str, diags: &mut [Diagnostic]) {
    if !diags.is_empty() {
        redact_diagnostics(source, &SecretRanges::find(source), diags);
    }
}

/// [`redact`] of diagnostics on `source` that the caller has parsed as `doc`, without
/// an error, with limits of its own: the document pass reads `doc` instead of parsing
/// `source` again. With the default limits that parse is the one `redact` makes; with
/// other limits that `source` kept within, it reads the same document (or, with limits
/// raised above the defaults, the whole of a document the defaults would refuse: more
/// secrets, never fewer). A parse that failed (`None`) is not reused.
pub(crate) fn redact_parsed(source: &str, doc: Option<&Document<'_>>, diags: &mut [Diagnostic]) {
    if !diags.is_empty() {
        redact_diagnostics(source, &SecretRanges::find_parsed(source, doc), diags);
    }
}

/// [`redact`], by value.
pub(crate) fn redacted(source: &str, mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    redact(source, &mut diags);
    diags
}

/// `source` with the text of every secret in it shown as `***` (control characters other
/// than line breaks and tabs escaped): for a whole text a face shows, such as the diff of
/// `validate --fix --diff`.
#[must_use]
pub fn masked(source: &str) -> String {
    SecretRanges::find(source)
        .show(source, 0..source.len(), 0..0)
        .0
}

/// Mask, in the message and help of every diagnostic, the text of the secrets its span
/// overlaps (a message that quotes the value it points at). One binary search per
/// diagnostic; only the secrets under its own span are looked for.
pub(crate) fn redact_diagnostics(source: &str, secrets: &SecretRanges, diags: &mut [Diagnostic]) {
    if secrets.is_empty() {
        return;
    }
    for d in diags {
        for r in secrets.overlapping(d.span.range()) {
            let Some(secret) = source.get(r.clone()) else {
                continue;
            };
            for form in secret_forms(secret) {
                if d.message.contains(form) {
                    d.message = d.message.replace(form, "***");
                }
                if let Some(h) = d.help.as_mut().filter(|h| h.contains(form)) {
                    *h = h.replace(form, "***");
                }
            }
        }
    }
}

/// The secret as written, and without its quotes: at least 3 bytes, else nothing (a
/// shorter text would mask unrelated words).
fn secret_forms(secret: &str) -> Vec<&str> {
    let mut forms = vec![secret];
    let t = secret.trim();
    for q in ['"', '\''] {
        if let Some(inner) = t.strip_prefix(q).and_then(|s| s.strip_suffix(q)) {
            forms.push(inner);
        }
    }
    forms.retain(|f| f.len() >= 3);
    forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
    forms
}

/// A serde error message without the value it quotes: `invalid type: string "s3cret",
/// expected a boolean` becomes `invalid type: string, expected a boolean` (the value may
/// be a secret given in the wrong place). Field names (`unknown field `sytem``) stay.
#[must_use]
pub fn serde_message(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest
        .find("invalid type: ")
        .or_else(|| rest.find("invalid value: "))
    {
        let head = i + rest[i..].find(": ").map_or(0, |n| n + 2);
        out.push_str(&rest[..head]);
        let tail = &rest[head..];
        let what_end = tail.find(", expected").unwrap_or(tail.len());
        let kind_end = tail[..what_end].find([' ', '`', '"']).unwrap_or(what_end);
        out.push_str(&tail[..kind_end]);
        rest = &tail[what_end..];
    }
    out.push_str(rest);
    out
}

// ---- the document pass ---------------------------------------------------------------

/// Values of secret keys, sensitive defaults, and context values of sensitive variables.
fn from_document(doc: &Document<'_>, out: &mut Vec<Range<usize>>) {
    let mut sensitive_names: HashSet<&str> = HashSet::new();
    let mut values_maps = Vec::new();
    for n in doc.nodes() {
        let NodeKind::Mapping(entries) = &n.node().kind else {
            continue;
        };
        let key_of = |id| doc.node_ref(id).scalar().map(|s| s.0);
        let sensitive = entries.iter().any(|&(k, v)| {
            matches!(
                key_of(k),
                Some("isSensitive" | "sensitive" | "is_sensitive")
            ) && truthy(doc.node_ref(v))
        });
        for &(k, v) in entries {
            let Some(key) = key_of(k) else { continue };
            let secret_default =
                sensitive && matches!(key, "defaultValue" | "default_value" | "default" | "value");
            if is_secret_key(key) || secret_default {
                mark(doc.node_ref(v), out);
            }
            if sensitive && key == "name" {
                if let Some(name) = doc.node_ref(v).scalar() {
                    sensitive_names.insert(name.0);
                }
            }
            if key == "values" && doc.node_ref(v).is_mapping() {
                values_maps.push(doc.node_ref(v));
            }
        }
    }
    if sensitive_names.is_empty() {
        return;
    }
    for m in values_maps {
        for (k, v) in m.entries().unwrap_or_default() {
            if k.scalar().is_some_and(|s| sensitive_names.contains(s.0)) {
                mark(v, out);
            }
        }
    }
}

fn truthy(n: NodeRef<'_, '_>) -> bool {
    match n.resolved() {
        Some(Resolved::Bool(b)) => b,
        Some(Resolved::Str) => n.scalar().is_some_and(|s| s.0.eq_ignore_ascii_case("true")),
        _ => false,
    }
}

/// A secret value node: its whole text, and the anchored node an alias stands for.
fn mark(n: NodeRef<'_, '_>, out: &mut Vec<Range<usize>>) {
    out.push(n.node().full_range.clone());
    if n.is_alias() {
        out.push(n.resolve().node().full_range.clone());
    }
}

// ---- template actions that take secret material ---------------------------------------

/// Sprig's functions whose arguments are, or may be, secret material: `derivePassword`'s
/// master password, `decryptAES`'s and `encryptAES`'s key, `buildCustomCert`'s and the
/// `gen…WithKey` functions' private key, `bcrypt`'s and `htpasswd`'s password.
const SECRET_MATERIAL: &[&str] = &[
    "bcrypt",
    "buildCustomCert",
    "decryptAES",
    "derivePassword",
    "encryptAES",
    "genCAWithKey",
    "genSelfSignedCertWithKey",
    "genSignedCertWithKey",
    "htpasswd",
];

/// In every `{{ … }}` action that calls one of [`SECRET_MATERIAL`], the text after the
/// function's name (its arguments, and what the action does with the result), and the
/// text before it when that holds a literal (a secret piped into the function); the
/// name and a piped reference (`.spectro.var.master |`) stay readable. A template
/// variable such an action uses (`{{ $p := "…" }}{{ htpasswd "u" $p }}`) is secret
/// material too: what every action of the text assigns to it is masked. Linear: each
/// action is scanned once.
fn secret_actions(text: &str, out: &mut Vec<Range<usize>>) {
    let open = memchr::memmem::Finder::new(b"{{");
    let mut i = 0;
    // The variables the secret calls use, and every assignment: (name, assigned text).
    let mut used: HashSet<&str> = HashSet::new();
    let mut assigned: Vec<(&str, Range<usize>)> = Vec::new();
    while let Some(n) = open.find(&text.as_bytes()[i..]) {
        let start = i + n + 2;
        let end = action_end(text.as_bytes(), start);
        let secret = secret_call(&text[start..end]);
        variables(text, start, end, |name, value| match value {
            Some(v) => assigned.push((name, v)),
            None if secret.is_some() => {
                used.insert(name);
            }
            None => {}
        });
        if let Some((name_start, name_end)) = secret {
            let before = &text[start..start + name_start];
            if before.contains(['"', '\'', '`', '\\']) {
                out.push(trimmed(text, start, start + name_start));
            }
            out.push(trimmed(text, start + name_end, end));
        }
        i = end;
    }
    if !used.is_empty() {
        out.extend(
            assigned
                .into_iter()
                .filter(|(name, _)| used.contains(name))
                .map(|(_, v)| v),
        );
    }
}

/// Every template variable (`$name`, not `$` alone) in the action `text[start..end]`:
/// `found(name, Some(range))` when it is assigned (`$p := …`, `$p = …`: the range is the
/// assigned text, to the end of the action), `found(name, None)` for every other use.
fn variables<'t>(
    text: &'t str,
    start: usize,
    end: usize,
    mut found: impl FnMut(&'t str, Option<Range<usize>>),
) {
    let b = text.as_bytes();
    let mut i = start;
    while let Some(n) = memchr::memchr(b'$', &b[i..end]) {
        let name_start = i + n + 1;
        let mut j = name_start;
        while j < end && is_word_byte(b[j]) {
            j += 1;
        }
        i = j.max(name_start);
        if j == name_start {
            continue;
        }
        let name = &text[name_start..j];
        let mut k = j;
        while k < end && matches!(b[k], b' ' | b'\t') {
            k += 1;
        }
        let op = if b[k..end].starts_with(b":=") {
            Some(k + 2)
        } else if b[k..end].starts_with(b"=") && !b[k..end].starts_with(b"==") {
            Some(k + 1)
        } else {
            None
        };
        match op {
            Some(v) if v < end => found(name, Some(trimmed(text, v, end))),
            _ => found(name, None),
        }
    }
}

/// Where the first call of one of [`SECRET_MATERIAL`] in an action's text is: the byte
/// range of its name.
fn secret_call(action: &str) -> Option<(usize, usize)> {
    let b = action.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !is_word_byte(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && is_word_byte(b[i]) {
            i += 1;
        }
        // Every name of SECRET_MATERIAL starts with one of these; a word is ASCII, so
        // both ends are character boundaries.
        if matches!(b[start], b'b' | b'd' | b'e' | b'g' | b'h')
            && SECRET_MATERIAL.contains(&&action[start..i])
        {
            return Some((start, i));
        }
    }
    None
}

/// A byte of a template variable's or a function's name: an ASCII letter, digit or `_`.
fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// `a..b` without the white space at its ends.
fn trimmed(text: &str, a: usize, b: usize) -> Range<usize> {
    let part = &text[a..b];
    let lead = part.len() - part.trim_start().len();
    a + lead..a + part.trim_end().len()
}

/// Where the action whose text starts at `i` ends: its `}}` outside a string literal,
/// or the end of the text.
fn action_end(b: &[u8], mut i: usize) -> usize {
    let mut quote: Option<u8> = None;
    while i < b.len() {
        match quote {
            Some(q) if b[i] == b'\\' && q != b'`' => i += 1,
            Some(q) if b[i] == q => quote = None,
            Some(_) => {}
            // `\"` outside a string: a quote escaped in a YAML double-quoted scalar.
            None if b[i] == b'\\' => i += 1,
            None if b[i..].starts_with(b"}}") => return i,
            None if matches!(b[i], b'"' | b'\'' | b'`') => quote = Some(b[i]),
            None => {}
        }
        i += 1;
    }
    b.len()
}

// ---- the lexical pass ----------------------------------------------------------------

/// `sig=` parameters and the values after secret keys (`password: x`, `"password": "x"`,
/// `vcenter_password=x`), found in the raw text. Linear: each separator looks back over
/// its own key only.
fn lexical(text: &str, out: &mut Vec<Range<usize>>) {
    let b = text.as_bytes();
    // From separator to separator. A separator inside a value already masked starts
    // nothing new: nested secret keys below a masked one cost no second scan.
    let mut from = 0;
    while let Some(n) = memchr::memchr2(b':', b'=', &b[from..]) {
        let i = from + n;
        // The key is the run of key bytes just before the separator.
        let key_start = b[..i]
            .iter()
            .rposition(|&c| !is_key_byte(c))
            .map_or(0, |j| j + 1);
        from = i + 1;
        if let Some(range) = sig_value(b, i)
            .or_else(|| url_password(b, i))
            .or_else(|| secret_value(text, key_start, i))
        {
            from = from.max(range.end);
            out.push(range);
        }
    }
}

/// When the `=` at `i` ends a `sig` parameter name (after `?`, `&`, `;`, a space, the
/// `\u0026` escape, or at the start), the range of its value.
fn sig_value(b: &[u8], i: usize) -> Option<Range<usize>> {
    if b[i] != b'=' || i < 3 {
        return None;
    }
    // The name as written, `%`-escapes included (`%73ig`, `si%67`: the service reads
    // them as `sig`): at most `%XX` three times, after a delimiter (`\u0026%73ig`: the
    // run of letters and digits may start inside the escape before the name).
    let name_start = if b[i - 3..i].eq_ignore_ascii_case(b"sig") {
        i - 3
    } else {
        (i.saturating_sub(9)..i - 2)
            .find(|&k| b[k..i].contains(&b'%') && is_escaped_sig(&b[k..i]))?
    };
    let before = name_start.checked_sub(1).map(|j| b[j]);
    if !matches!(
        before,
        None | Some(b'?' | b'&' | b';' | b'6' | b' ' | b'"' | b'\'')
    ) {
        return None;
    }
    Some(i + 1..scan_sig(b, i + 1))
}

/// The end of a `sig` value starting at `i`: where the image check ends it (`&`, `#`),
/// or where the text that holds the URL ends (a quote, an escape, a line break, a flow
/// collection's `,` `}` `]` `)` followed by a space or the end of the line). Spaces and
/// tabs do not end it: the image check reads them as part of the signature.
fn scan_sig(b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        match b[i] {
            b'&' | b'#' | b'"' | b'\'' | b'\\' | b'<' | b'>' | b'`' | b'\n' | b'\r' => break,
            b',' | b'}' | b']' | b')'
                if matches!(
                    b.get(i + 1),
                    None | Some(b' ' | b'\t' | b'\n' | b'\r' | b',' | b'}' | b']' | b')')
                ) =>
            {
                break
            }
            _ => i += 1,
        }
    }
    i
}

/// Whether `name`, with its `%`-escapes decoded, is `sig` (any case). A `%` that starts
/// no escape stays a `%`, which `sig` has not.
pub(crate) fn is_escaped_sig(name: &[u8]) -> bool {
    let mut decoded = percent_decoded(name);
    b"sig"
        .iter()
        .all(|c| decoded.next().is_some_and(|d| d.eq_ignore_ascii_case(c)))
        && decoded.next().is_none()
}

/// The bytes of `b` with each `%XX` escape (two hex digits, any case) decoded; a `%` not
/// followed by two hex digits is kept as written.
pub(crate) fn percent_decoded(b: &[u8]) -> impl Iterator<Item = u8> + '_ {
    let hex = |c: Option<&u8>| c.and_then(|&c| char::from(c).to_digit(16));
    let mut i = 0;
    std::iter::from_fn(move || {
        let c = *b.get(i)?;
        if c == b'%' {
            if let (Some(h), Some(l)) = (hex(b.get(i + 1)), hex(b.get(i + 2))) {
                i += 3;
                // Two hex digits are at most 255.
                return u8::try_from(h * 16 + l).ok();
            }
        }
        i += 1;
        Some(c)
    })
}

/// When the `:` at `i` separates the user from the password in a URL's user information
/// (`https://user:pw@host`, `postgres://u:pw@db:5432`: the user is the run of key bytes,
/// `%` escapes and `~`, at most 256 bytes, just after `://`), the range of the password,
/// up to its `@`.
fn url_password(b: &[u8], i: usize) -> Option<Range<usize>> {
    // Most separators are `key: value` (a space after) or a scheme's `://`.
    if b[i] != b':'
        || b.get(i + 1)
            .is_none_or(|&c| c.is_ascii_whitespace() || c == b'/')
    {
        return None;
    }
    let user = b[i.saturating_sub(256)..i]
        .iter()
        .rev()
        .take_while(|&&c| is_key_byte(c) || matches!(c, b'%' | b'~'))
        .count();
    let start = i - user;
    if user == 0 || start < 3 || &b[start - 3..start] != b"://" {
        return None;
    }
    let end = i
        + 1
        + b[i + 1..].iter().position(|&c| {
            matches!(
                c,
                b'@' | b'/' | b'?' | b'#' | b'"' | b'\'' | b'`' | b'<' | b'>' | b'\\'
            ) || c.is_ascii_whitespace()
        })?;
    (b[end] == b'@' && end > i + 1).then_some(i + 1..end)
}

/// The password of every URL's user information in `text` (`scheme://user:pw@`, as
/// [`url_password`] finds them): their byte ranges, in order.
pub(crate) fn url_passwords(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let b = text.as_bytes();
    memchr::memchr_iter(b':', b).filter_map(move |i| url_password(b, i))
}

/// `text` with the password of every URL's user information replaced by `***`
/// (`https://user:***@host`); borrowed when there is none.
pub(crate) fn mask_url_passwords(text: &str) -> std::borrow::Cow<'_, str> {
    let mut out = String::new();
    let mut from = 0;
    for r in url_passwords(text) {
        out.push_str(&text[from..r.start]);
        out.push_str("***");
        from = r.end;
    }
    if from == 0 {
        return std::borrow::Cow::Borrowed(text);
    }
    out.push_str(&text[from..]);
    std::borrow::Cow::Owned(out)
}

fn is_key_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.') || c >= 0x80
}

/// The end of a query parameter value starting at `i`.
fn scan_param(b: &[u8], mut i: usize) -> usize {
    while i < b.len()
        && !matches!(
            b[i],
            b'&' | b'#' | b'"' | b'\'' | b'\\' | b',' | b'}' | b']' | b')' | b'<' | b'>' | b'`'
        )
        && !b[i].is_ascii_whitespace()
    {
        i += 1;
    }
    i
}

/// When the word before the separator at `sep` is a secret key, the range of its value.
fn secret_value(text: &str, key_start: usize, sep: usize) -> Option<Range<usize>> {
    let b = text.as_bytes();
    // `"password": x` / `'password': x`: the key is quoted, the quote just before `sep`
    // (the word before it then started after the opening quote).
    let (key_end, quoted) = match sep.checked_sub(1).map(|j| b[j]) {
        Some(q @ (b'"' | b'\'')) => {
            // `\"password\":` (JSON in a double-quoted scalar): the key ends before the
            // escape of its closing quote.
            let key_end = if sep >= 2 && b[sep - 2] == b'\\' {
                sep - 2
            } else {
                sep - 1
            };
            // A secret key is short (`is_secret_key`): look back over at most 130 bytes.
            let from = floor(text, key_end.saturating_sub(130));
            let start = from + text[from..key_end].rfind(char::from(q))? + 1;
            (key_end, Some(start))
        }
        // `key = value`: the word before the spaces.
        _ if b[sep] == b'=' && key_start == sep => {
            let end = text[..sep].trim_end_matches([' ', '\t']).len();
            let word = text[..end]
                .rfind(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
                .map_or(0, |n| n + 1);
            (end, Some(word))
        }
        _ => (sep, None),
    };
    let mut start = quoted.unwrap_or(key_start);
    // `\npass:` (a pack's values in a JSON string, Palette's profile export): the
    // escape's letter is not part of the key.
    if start > 0 && b[start - 1] == b'\\' && matches!(b.get(start), Some(b'n' | b'r' | b't')) {
        start += 1;
    }
    let key = text.get(start..key_end)?;
    if key.is_empty() || !is_secret_key(key.trim()) {
        return None;
    }
    let after = b.get(sep + 1).copied();
    if b[sep] == b':'
        && quoted.is_none()
        && !matches!(after, None | Some(b' ' | b'\t' | b'\n' | b'\r'))
    {
        return None;
    }
    let mut v = sep + 1;
    while v < b.len() && matches!(b[v], b' ' | b'\t') {
        v += 1;
    }
    let line_end = text[v..].find('\n').map_or(text.len(), |n| v + n);
    let flow = b[start.saturating_sub(4096)..start]
        .iter()
        .rev()
        .take_while(|&&c| c != b'\n')
        .any(|&c| matches!(c, b'{' | b'[' | b','));
    let end = match b.get(v) {
        None | Some(b'\n') | Some(b'\r') => block_end(text, start, line_end),
        Some(b'|' | b'>') => block_end(text, start, line_end),
        Some(&q @ (b'"' | b'\'')) => after_quoted(text, quoted_end(b, v, q, line_end), line_end),
        // `\"x\"`: a value quoted with escaped quotes (JSON in a double-quoted scalar),
        // where the escapes of the JSON and of the scalar mix: the rest of the line.
        Some(b'\\') if b.get(v + 1) == Some(&b'"') => line_end,
        // A `key=value` line (an env file, an `imageconfig`): the value is the rest of
        // the line, spaces included.
        // A line that ends in `\\` goes on on the next one (a shell's continuation).
        _ if b[sep] == b'=' && starts_line(b, start) => {
            let mut end = v + text[v..line_end].trim_end().len();
            while end > v && b[end - 1] == b'\\' && end < text.len() {
                let next = text[end..].find('\n').map_or(text.len(), |n| end + n + 1);
                let next_end = text[next..].find('\n').map_or(text.len(), |n| next + n);
                let grown = next + text[next..next_end].trim_end().len();
                if grown <= end {
                    break;
                }
                end = grown;
            }
            end
        }
        _ if b[sep] == b'=' => scan_param(b, v),
        _ if flow => text[v..line_end]
            .find([',', '}', ']'])
            .map_or(line_end, |n| v + n),
        _ => line_end,
    };
    (end > v).then_some(v..end)
}

/// The end of a quoted value that closes at `end`: there, unless text other than a
/// comment or the end of a flow collection follows on the line (`""x"`, a value the
/// parser refuses): then the rest of the line.
fn after_quoted(text: &str, end: usize, line_end: usize) -> usize {
    match text.get(end..line_end).map(str::trim_start) {
        Some(rest) if !rest.is_empty() && !rest.starts_with(['#', ',', '}', ']', ':']) => line_end,
        _ => end,
    }
}

/// Whether only spaces stand between the start of its line and `at`.
fn starts_line(b: &[u8], at: usize) -> bool {
    b[..at]
        .iter()
        .rev()
        .take_while(|&&c| c != b'\n')
        .all(|&c| matches!(c, b' ' | b'\t'))
}

/// The end of a quoted value starting at `v` (its closing quote included); the end of the
/// line when it does not close there (the rest is masked: a multi-line quoted value's
/// later lines belong to the same key).
fn quoted_end(b: &[u8], v: usize, q: u8, line_end: usize) -> usize {
    let mut i = v + 1;
    while i < b.len() {
        if b[i] == b'\\' && q == b'"' {
            i += 2;
            continue;
        }
        if b[i] == q {
            if q == b'\'' && b.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    line_end
}

/// A value on the following lines (a block scalar, or a plain or nested value below the
/// key): every following line indented more than the key's line, and blank lines between.
fn block_end(text: &str, key_start: usize, line_end: usize) -> usize {
    let line_start = text[..key_start].rfind('\n').map_or(0, |n| n + 1);
    let indent = text[line_start..key_start]
        .bytes()
        .take_while(|&c| c == b' ' || c == b'-')
        .count();
    let mut end = line_end;
    let mut pos = line_end;
    while pos < text.len() {
        let next = pos + 1;
        let next_end = text[next..].find('\n').map_or(text.len(), |n| next + n);
        let line = &text[next..next_end];
        let this_indent = line.bytes().take_while(|&c| c == b' ').count();
        if line.trim().is_empty() {
            pos = next_end;
            continue;
        }
        // A line indented with a tab: YAML refuses it, but it may be the key's value
        // (how deep a tab is cannot be told), so it belongs to the key.
        let tabbed = line.as_bytes().get(this_indent) == Some(&b'\t');
        if this_indent <= indent && !tabbed {
            break;
        }
        end = next_end;
        pos = next_end;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_escaped_sig_is_sig_once_decoded() {
        for name in ["%73ig", "si%67", "%53%49%47", "S%69G", "%73%69%67"] {
            assert!(is_escaped_sig(name.as_bytes()), "{name}");
        }
        for name in [
            "%73i", "%7", "%%73ig", "%2573ig", "%73igs", "%zzsig", "sig%", "",
        ] {
            assert!(!is_escaped_sig(name.as_bytes()), "{name}");
        }
    }

    #[test]
    fn secret_calls_found_at_their_bytes() {
        for name in SECRET_MATERIAL {
            let action = format!(" \"é\" | {name} \"x\" ");
            let at = action.find(name).unwrap();
            assert_eq!(secret_call(&action), Some((at, at + name.len())), "{name}");
            // Part of a longer word is no call.
            assert_eq!(secret_call(&format!(" x{name} 1")), None, "{name}");
            assert_eq!(secret_call(&format!(" {name}_2 1")), None, "{name}");
        }
        assert_eq!(secret_call(" .spectro.var.x | upper "), None);
        // A character of several bytes before the name: the range is in bytes.
        let action = " \"ééé\" | htpasswd \"u\" ";
        let at = action.find("htpasswd").unwrap();
        assert_eq!(secret_call(action), Some((at, at + 8)));
    }

    fn secrets(text: &str) -> Vec<&str> {
        SecretRanges::find(text)
            .ranges()
            .iter()
            .map(|r| &text[r.clone()])
            .collect()
    }

    #[test]
    fn keys() {
        for k in [
            "password",
            "vcenter_password",
            "clientSecret",
            "api-token",
            "rhel_subscription_pass",
            "Passwd",
            "apiKey",
            "api_key",
            "privateKey",
            "aws_secret_access_key",
            "ACCESS-KEY",
        ] {
            assert!(is_secret_key(k), "{k}");
        }
        for k in [
            "osName",
            "passport",
            "secretName",
            "tokens",
            "bypass",
            "user",
            "key",
            "publicKey",
            "apiKeyName",
            "monkey",
        ] {
            assert!(!is_secret_key(k), "{k}");
        }
    }

    /// The rule as its documentation states it, word by word.
    fn secret_key_as_documented(key: &str) -> bool {
        let lower = key.to_ascii_lowercase();
        if lower == "pass" || lower.ends_with("_pass") || lower.ends_with("-pass") {
            return true;
        }
        let norm: String = lower.chars().filter(|c| !matches!(c, '_' | '-')).collect();
        [
            "password",
            "passwd",
            "passphrase",
            "secret",
            "token",
            "apikey",
            "privatekey",
            "accesskey",
        ]
        .iter()
        .any(|w| norm.ends_with(w))
    }

    /// The lexical pass byte by byte, as first written: the reference of the scan
    /// from separator to separator.
    fn lexical_bytewise(text: &str) -> Vec<Range<usize>> {
        let (b, mut out) = (text.as_bytes(), Vec::new());
        let (mut key_start, mut masked_to) = (0, 0);
        for i in 0..b.len() {
            if i >= masked_to && matches!(b[i], b':' | b'=') {
                if let Some(range) = sig_value(b, i)
                    .or_else(|| url_password(b, i))
                    .or_else(|| secret_value(text, key_start, i))
                {
                    masked_to = range.end;
                    out.push(range);
                }
            }
            if !is_key_byte(b[i]) {
                key_start = i + 1;
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn lexical_scan_as_bytewise(parts in proptest::collection::vec(
            "password|api-token|\"secret\"|sig|pass|key|x|é|[:=]|: |=|\n|\n  |\\?|&|\\||>|\"|'|\\{|,| |\t|v4lue|://|@|/",
            0..40,
        )) {
            let text = parts.concat();
            let mut fast = Vec::new();
            lexical(&text, &mut fast);
            proptest::prop_assert_eq!(fast, lexical_bytewise(&text), "{:?}", text);
        }

        #[test]
        fn secret_keys_as_documented(key in "[a-zA-Z_\\-é]{0,6}(pass|PASS|Pa_ss|pass-word|passwd|pass_phrase|secret|se-cret|token|tok_en|_pass|-pass|apiKey|api_key|privatekey|access-Key|Key|é)?[_-]{0,2}") {
            proptest::prop_assert_eq!(is_secret_key(&key), secret_key_as_documented(&key), "{}", key);
        }
    }

    #[test]
    fn secret_material_actions() {
        let text = "a: {{ derivePassword 1 \"long\" \"m4ster}}pw\" \"u\" \"s\" }}\nb: \"{{ .x | decryptAES \\\"k3y\\\" }}\"\nc: {{ .spectro.x | upper }}\nd: {{ \"s3cr3t\" | encryptAES `raw}}key` .y";
        assert_eq!(
            secrets(text),
            [
                "1 \"long\" \"m4ster}}pw\" \"u\" \"s\"",
                "\\\"k3y\\\"",
                "\"s3cr3t\" |",
                "`raw}}key` .y",
            ]
        );
        assert!(secrets("{{ myderivePasswordX 1 }} {{").is_empty());
        assert!(secrets("{{ .spectro.var.m | bcrypt }}").is_empty());
    }

    #[test]
    fn finds_values() {
        assert_eq!(
            secrets("providerCredentials:\n  user: u\n  password: Hunter2SecretPW\n"),
            ["Hunter2SecretPW"]
        );
        assert_eq!(
            secrets("{\"a\": 1, \"password\": \"x y\", \"b\": 2}"),
            ["\"x y\""]
        );
        assert_eq!(secrets("x: {password: abc, b: 1}\n"), ["abc"]);
        assert_eq!(
            secrets("password: |\n  one\n  two\nnext: 1\n"),
            ["|\n  one\n  two\n"]
        );
        assert_eq!(
            secrets("u: \"https://a.blob.core.windows.net/c/u.vhd?sp=r&sig=AbC%3D&se=1\"\n"),
            ["AbC%3D"]
        );
        assert_eq!(secrets("vcenter_password=s3cr3t\n"), ["s3cr3t"]);
        assert_eq!(
            secrets("vcenter_password=Correct Horse Battery  \nnext=1\n"),
            ["Correct Horse Battery"]
        );
        assert_eq!(
            secrets("  rhel_subscription_pass = Two words\n"),
            ["Two words"]
        );
        assert_eq!(secrets("url: https://h/x?password=abc def\n"), ["abc"]);
        assert_eq!(
            secrets("a: &pw Hunter2\npassword: *pw\n"),
            ["&pw Hunter2", "*pw"]
        );
        assert_eq!(
            secrets("variables:\n  definitions: [{name: pw, isSensitive: true, defaultValue: dflt}]\n  values: {pw: val1}\n"),
            ["dflt", "val1"]
        );
        assert!(secrets("osName: ubuntu\npassport: x\n").is_empty());
    }

    #[test]
    fn serde_messages_do_not_quote_values() {
        assert_eq!(
            serde_message("invalid type: string \"s3cret\", expected a boolean"),
            "invalid type: string, expected a boolean"
        );
        assert_eq!(
            serde_message("invalid value: integer `20250101`, expected a string"),
            "invalid value: integer, expected a string"
        );
        assert_eq!(
            serde_message("unknown field `sytem`"),
            "unknown field `sytem`"
        );
    }

    #[test]
    fn show_masks_and_moves_the_span() {
        let text = "a: 1\npassword: Hunter2\x1b\n";
        let s = SecretRanges::find(text);
        let v = text.find("Hunter2").unwrap_or(0);
        let (shown, span) = s.show(text, 5..text.len(), v..v + 7);
        assert_eq!(shown, "password: ***\n");
        assert_eq!(&shown[span], "***");
        let (shown, span) = SecretRanges::default().show("k\x1b: v", 0..5, 4..5);
        assert_eq!(shown, "k\\u{1b}: v");
        assert_eq!(&shown[span], "v");
    }
}
