//! The scalar forms of Sprig 3.2.3's `regex.go`: `regexMatch`, `regexFind`,
//! `regexReplaceAll` (with Go's `$1` / `${name}` expansion, `Regexp.Expand`),
//! `regexReplaceAllLiteral`, their `must…` forms, and `regexQuoteMeta`. The engine is
//! the one of `regexFindAll` ([`super::lists::go_regex`], decision 10).
//!
//! Sprig's `regexMatch` answers false on a pattern that does not compile; byoos reports
//! it instead (docs/fidelity.md, D9-bad-pattern-reported). The other non-`must` forms
//! panic in Go (`regexp.MustCompile`), which the template reports as an error: so does
//! byoos.

mod fold;

use super::strings::in_ranges;
use super::unicode::{CLASSES, CLASS_RANGES, LETTER_OR_DIGIT};
use super::{s, Func, Ty, Val};

/// Compile `pattern` as Go 1.19 would, or Go's error (decision 39): the pattern is
/// checked against Go's parser where `regex-lite` accepts more (nested repetition
/// `a**`, counts over 1000, `\u`, flags but `imsU`, `(?<name>`, non-ASCII group names)
/// and spelled for `regex-lite` where it reads a form otherwise (an escaped punctuation
/// character, `\Q…\E` and a `{` that starts no repetition are literal text in Go).
pub(crate) fn compile(pattern: &str) -> Result<regex_lite::Regex, String> {
    let mut spelled = go_pattern(pattern)?;
    // Go folds with Unicode's simple folding, `regex-lite` in ASCII: `fold` writes Go's
    // orbits out.
    if folds_case(&spelled) {
        let offline =
            |what: &str| format!("regexp: Compile({pattern:?}): {what} not evaluated offline");
        spelled = fold::fold(&spelled).map_err(|e| offline(&e))?;
    }
    regex_lite::RegexBuilder::new(&spelled)
        .size_limit(1 << 20)
        .nest_limit(64)
        .build()
        .map_err(|e| format!("regexp: Compile({pattern:?}): {e}"))
}

/// `pattern` (Go's RE2 syntax) spelled for `regex-lite` (decision 10: the small engine
/// in every build), or Go's error or a refusal. `\d`, `\w` and `\b` are ASCII in both;
/// Go's `\s` has no `\v`, so it is spelled out.
pub(crate) fn go_pattern(pattern: &str) -> Result<String, String> {
    let spelled = spell(pattern)?;
    let mut out = String::with_capacity(spelled.len());
    // Inside `[…]` Go's `\s` is its members; `regex-lite` nests no classes.
    let (mut class, mut class_start) = (false, 0);
    let mut chars = spelled.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            if !class && c == '[' {
                (class, class_start) = (true, out.len() + 1);
            } else if class && c == ']' && out.len() > class_start && !out.ends_with("[^") {
                class = false;
            }
            out.push(c);
            continue;
        }
        match (chars.next(), class) {
            (Some('s'), false) => out.push_str("[\\t\\n\\f\\r ]"),
            (Some('S'), false) => out.push_str("[^\\t\\n\\f\\r ]"),
            (Some('s'), true) => out.push_str("\\t\\n\\f\\r "),
            // `regex-lite` has no negated item in a class: Go's `\S` as its ranges.
            (Some('S'), true) => {
                out.push_str("\\x{0}-\\x{8}\\x{B}\\x{E}-\\x{1F}\\x{21}-\\x{10FFFF}")
            }
            (Some(other), _) => {
                out.push('\\');
                out.push(other);
            }
            (None, _) => out.push('\\'),
        }
    }
    Ok(out)
}

/// Whether `pattern` sets the `i` flag anywhere (`(?i)`, `(?is)`, `(?i:…)`).
fn folds_case(pattern: &str) -> bool {
    pattern.match_indices("(?").any(|(at, _)| {
        pattern[at + 2..]
            .chars()
            .take_while(|c| !matches!(c, ')' | ':'))
            .take_while(|c| *c != '-')
            .any(|c| c == 'i')
    })
}

/// `c` as `regex-lite` reads it literally, in a class or out of one.
fn push_literal(out: &mut String, c: char) {
    if c.is_ascii() && !c.is_ascii_alphanumeric() {
        out.push_str(&format!("\\x{{{:02X}}}", u32::from(c)));
    } else {
        out.push(c);
    }
}

/// A counted repetition at the start of `t` (`{2}`, `{2,}`, `{2,5}`: no leading zeros,
/// as Go reads it): its length and counts.
fn counted(t: &str) -> Option<(usize, u64, Option<u64>)> {
    let close = t.find('}')?;
    let (lo, hi) = match t[1..close].split_once(',') {
        Some((lo, hi)) => (lo, Some(hi)),
        None => (&t[1..close], None),
    };
    let num = |d: &str| {
        (!d.is_empty()
            && d.bytes().all(|b| b.is_ascii_digit())
            && !(d.len() > 1 && d.starts_with('0')))
        .then(|| d.parse().unwrap_or(u64::MAX))
    };
    let min = num(lo)?;
    let max = match hi {
        None => Some(min),
        Some("") => None,
        Some(h) => Some(num(h)?),
    };
    Some((close + 1, min, max))
}

/// The most text a pattern may be spelled into (a Unicode class is some 13 KB of ranges):
/// past it, the pattern is refused before more is built.
const MAX_SPELLED: usize = 1 << 20;
const TOO_LARGE: &str = "a pattern of more than 1 MiB once spelled for the engine is";

fn spell(pattern: &str) -> Result<String, String> {
    let offline =
        |what: &str| format!("regexp: Compile({pattern:?}): {what} not evaluated offline");
    let go = |what: &str, at: &str| format!("error parsing regexp: {what}: `{at}`");
    let mut out = String::with_capacity(pattern.len());
    let (mut k, mut class, mut class_start, mut last_repeat) = (0, false, 0, None::<usize>);
    let mut counts: Vec<u64> = Vec::new();
    // Whether `(?i)` holds here, and what it was outside each open group: a negated
    // Unicode class is folded before it is negated.
    let (mut folding, mut fold_stack) = (false, Vec::<bool>::new());
    while let Some(c) = pattern[k..].chars().next() {
        if out.len() > MAX_SPELLED {
            return Err(offline(TOO_LARGE));
        }
        let rest = &pattern[k..];
        let mut len = c.len_utf8();
        let mut repeat = false;
        match c {
            '\\' => {
                len = escape(rest, class, folding, &mut out).map_err(|e| {
                    if e.starts_with('`') {
                        offline(&e)
                    } else if let Some(range) = e.strip_prefix('!') {
                        go("invalid character class range", range)
                    } else {
                        go("invalid escape sequence", &e)
                    }
                })?
            }
            '[' if !class => {
                (class, class_start) = (true, out.len() + 1);
                out.push('[');
            }
            '[' if rest.starts_with("[:") => {
                len = rest.find(":]").map_or(1, |e| e + 2);
                out.push_str(&rest[..len]);
            }
            ']' if class && out.len() > class_start && !out.ends_with("[^") => {
                class = false;
                out.push(']');
            }
            _ if class => out.push(c),
            '*' | '+' | '?' | '{' => {
                let count = if c == '{' {
                    counted(rest)
                } else {
                    Some((1, 0, Some(0)))
                };
                match count {
                    None => push_literal(&mut out, c),
                    Some((n, min, max)) => {
                        if let Some(at) = last_repeat {
                            return Err(go(
                                "invalid nested repetition operator",
                                &pattern[at..k + n],
                            ));
                        }
                        if c == '{' {
                            if min > 1000 || max.is_some_and(|m| m > 1000 || m < min) {
                                return Err(go("invalid repeat count", &rest[..n]));
                            }
                            counts.push(max.unwrap_or(min).max(1));
                        }
                        len = n + usize::from(rest[n..].starts_with('?'));
                        out.push_str(&rest[..len]);
                        (repeat, last_repeat) = (true, Some(k));
                    }
                }
            }
            '}' => push_literal(&mut out, c),
            '(' if rest.starts_with("(?") => {
                len = group(rest, &mut out)
                    .map_err(|e| go("invalid or unsupported Perl syntax", &e))?;
                if rest.starts_with("(?P<") {
                    fold_stack.push(folding);
                } else {
                    let flags = &rest[2..];
                    let end = flags.find([')', ':']).unwrap_or(flags.len());
                    if flags[end..].starts_with(':') {
                        fold_stack.push(folding);
                    }
                    if let Some(on) = fold::flag_i(&flags[..end]) {
                        folding = on;
                    }
                }
            }
            '(' => {
                fold_stack.push(folding);
                out.push(c);
            }
            ')' => {
                folding = fold_stack.pop().unwrap_or(folding);
                out.push(c);
            }
            _ => out.push(c),
        }
        if !repeat {
            last_repeat = None;
        }
        k += len;
    }
    if counts.len() > 1
        && counts
            .iter()
            .try_fold(1u64, |p, c| p.checked_mul(*c).filter(|p| *p <= 1000))
            .is_none()
    {
        return Err(offline("repetition counts whose product is over 1000 are"));
    }
    Ok(out)
}

/// An escape at the start of `t`, spelled into `out`: its length, or Go's error (the
/// escape) or a refusal (starting with a backquote).
fn escape(t: &str, class: bool, folding: bool, out: &mut String) -> Result<usize, String> {
    let Some(c) = t[1..].chars().next() else {
        out.push('\\');
        return Ok(1);
    };
    let third = t.as_bytes().get(2).copied();
    match c {
        'Q' if class => Err("`\\Q` inside a class is".into()),
        'Q' => {
            let body = &t[2..];
            let end = body.find("\\E").unwrap_or(body.len());
            body[..end].chars().for_each(|ch| push_literal(out, ch));
            Ok(2 + body.len().min(end + 2))
        }
        // Go's octal escapes: `\0` and up to two more octal digits, or `\1`…`\7` followed
        // by one or two (a lone `\1` is a back reference, which Go refuses).
        '0'..='7' if c == '0' || third.is_some_and(|d| (b'0'..=b'7').contains(&d)) => {
            let n = t[1..]
                .bytes()
                .take(3)
                .take_while(|d| (b'0'..=b'7').contains(d))
                .count();
            let code = t[1..1 + n]
                .bytes()
                .fold(0u32, |v, d| v * 8 + u32::from(d - b'0'));
            out.push_str(&format!("\\x{{{code:X}}}"));
            Ok(1 + n)
        }
        c if c.is_ascii() && !c.is_ascii_alphanumeric() => {
            push_literal(out, c);
            Ok(2)
        }
        'x' => {
            // The hex digits: `\x41`, `\x{41}`.
            let body = &t[2..];
            let n = if body.starts_with('{') {
                body.find('}').map_or(body.len(), |e| e + 1)
            } else {
                body.chars().take(2).map(char::len_utf8).sum()
            };
            out.push_str(&t[..2 + n]);
            Ok(2 + n)
        }
        'p' | 'P' => unicode_class(t, class, folding, out),
        c if "afnrtvAbBzdDsSwW".contains(c) => {
            out.push('\\');
            out.push(c);
            Ok(2)
        }
        c => Err(t[..1 + c.len_utf8()].to_owned()),
    }
}

/// A Unicode class `\pL`, `\PL`, `\p{Greek}`, `\p{^Greek}` at the start of `t` (Go's
/// `parseUnicodeClass`), spelled into `out` as the ranges of Go's tables (`regex-lite`
/// has none): bracketed outside a class, inline inside one. Its length, or the text
/// Go's error names, prefixed `!` (an unknown name) or a refusal (a backquote).
fn unicode_class(t: &str, class: bool, folding: bool, out: &mut String) -> Result<usize, String> {
    let mut negated = t.as_bytes()[1] == b'P';
    let body = &t[2..];
    let (len, mut name) = match body.chars().next() {
        None => return Err(t.to_owned()),
        Some('{') => match body.find('}') {
            Some(end) => (2 + end + 1, &body[1..end]),
            None => return Err(format!("!{t}")),
        },
        Some(ch) => (2 + ch.len_utf8(), &body[..ch.len_utf8()]),
    };
    if let Some(rest) = name.strip_prefix('^') {
        (negated, name) = (!negated, rest);
    }
    let mut ranges = class_ranges(name).ok_or_else(|| format!("!{}", &t[..len]))?;
    if negated {
        if folding {
            // Go negates the folded class: what folding adds is left out too.
            let added = fold::extras(&ranges);
            ranges.extend(added.into_iter().map(|r| (r, r)));
            ranges = normalize(ranges);
        }
        ranges = complement(&ranges);
    }
    if !class {
        out.push('[');
    }
    for (lo, hi) in ranges {
        if lo == hi {
            out.push_str(&format!("\\x{{{lo:X}}}"));
        } else {
            out.push_str(&format!("\\x{{{lo:X}}}-\\x{{{hi:X}}}"));
        }
    }
    if !class {
        out.push(']');
    }
    Ok(len)
}

/// The ranges of Go's `unicodeTable(name)`: `Any`, a category (a one-letter one is the
/// union of its two-letter ones) or a script; sorted and disjoint, no surrogates.
fn class_ranges(name: &str) -> Option<Vec<(u32, u32)>> {
    if name == "Any" {
        return Some(vec![(0, 0xD7FF), (0xE000, 0x10FFFF)]);
    }
    let of = |(_, start, end): &(&str, u16, u16)| &CLASS_RANGES[*start as usize..*end as usize];
    if name.len() == 1 && "CLMNPSZ".contains(name) {
        return Some(normalize(
            CLASSES
                .iter()
                .filter(|(n, ..)| n.len() == 2 && n.starts_with(name))
                .flat_map(of)
                .copied()
                .collect(),
        ));
    }
    let at = CLASSES.binary_search_by(|(n, ..)| (*n).cmp(name)).ok()?;
    Some(of(&CLASSES[at]).to_vec())
}

/// Rune ranges sorted and merged.
fn normalize(mut set: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
    set.sort_unstable();
    let mut out: Vec<(u32, u32)> = Vec::with_capacity(set.len());
    for (lo, hi) in set {
        match out.last_mut() {
            Some(last) if lo <= last.1.saturating_add(1) => last.1 = last.1.max(hi),
            _ => out.push((lo, hi)),
        }
    }
    out
}

/// The runes (no surrogates) outside `ranges`.
fn complement(ranges: &[(u32, u32)]) -> Vec<(u32, u32)> {
    let mut taken = ranges.to_vec();
    taken.push((0xD800, 0xDFFF));
    let taken = normalize(taken);
    let mut out = Vec::with_capacity(taken.len() + 1);
    let mut next = 0u32;
    for (lo, hi) in taken {
        if lo > next {
            out.push((next, lo - 1));
        }
        next = next.max(hi + 1);
    }
    if next <= 0x10_FFFF {
        out.push((next, 0x10_FFFF));
    }
    out
}

/// A `(?` group opening at the start of `t` (flags or a `(?P<name>`), copied into `out`:
/// its length, or the text Go's error names.
fn group(t: &str, out: &mut String) -> Result<usize, String> {
    if let Some(named) = t.strip_prefix("(?P<") {
        let end = named.find('>').ok_or_else(|| t.to_owned())?;
        let name = &named[..end];
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(t[..4 + end + 1].to_owned());
        }
        out.push_str(&t[..4 + end + 1]);
        return Ok(4 + end + 1);
    }
    if t.starts_with("(?)") {
        // No flags: Go reads nothing, `regex-lite` refuses it.
        return Ok(3);
    }
    let flags = t[2..].split([')', ':']).next().unwrap_or_default();
    if let Some(bad) = flags.find(|f: char| !"imsU-".contains(f)) {
        let shown = 2 + bad + flags[bad..].chars().next().map_or(0, char::len_utf8);
        return Err(t[..shown].to_owned());
    }
    out.push_str("(?");
    Ok(2)
}

/// `Regexp.ReplaceAllString` (`expand`) or `ReplaceAllLiteralString`, into `out` when
/// given; the result's length either way.
fn replace_all(
    re: &regex_lite::Regex,
    text: &str,
    repl: &str,
    expand: bool,
    mut out: Option<&mut String>,
) -> Result<usize, String> {
    let names: Vec<Option<&str>> = re.capture_names().collect();
    let (mut len, mut last) = (0usize, 0usize);
    let mut put = |piece: &str, len: &mut usize| {
        *len = len.saturating_add(piece.len());
        if let Some(o) = out.as_deref_mut() {
            o.push_str(piece);
        }
    };
    for caps in re.captures_iter(text) {
        let m = caps.get(0).map_or(0..0, |m| m.range());
        put(&text[last..m.start], &mut len);
        last = m.end;
        if !expand {
            put(repl, &mut len);
            continue;
        }
        let mut rest = repl;
        while let Some(at) = rest.find('$') {
            put(&rest[..at], &mut len);
            rest = &rest[at + 1..];
            if let Some(after) = rest.strip_prefix('$') {
                put("$", &mut len);
                rest = after;
                continue;
            }
            let Some((name, after)) = extract(rest) else {
                put("$", &mut len);
                continue;
            };
            rest = after;
            let group = match group_number(name) {
                Some(n) => caps.get(n),
                None => names
                    .iter()
                    .position(|x| *x == Some(name))
                    .and_then(|n| caps.get(n)),
            };
            put(group.map_or("", |g| g.as_str()), &mut len);
        }
        put(rest, &mut len);
    }
    put(&text[last..], &mut len);
    Ok(len)
}

/// Go's `extract`: the name after a `$` (`name` or `{name}`: Go's letters and digits, `_`) and
/// what follows it; `None` when malformed (the `$` is then literal text).
fn extract(t: &str) -> Option<(&str, &str)> {
    let (brace, body) = match t.strip_prefix('{') {
        Some(b) => (true, b),
        None => (false, t),
    };
    let end = body
        .find(|c: char| !(c == '_' || in_ranges(LETTER_OR_DIGIT, c)))
        .unwrap_or(body.len());
    if end == 0 {
        return None;
    }
    let name = &body[..end];
    if !brace {
        return Some((name, &body[end..]));
    }
    body[end..].strip_prefix('}').map(|after| (name, after))
}

/// The group number a name is (digits, no leading zero, below 10^8 as Go reads it).
fn group_number(name: &str) -> Option<usize> {
    if !name.bytes().all(|b| b.is_ascii_digit())
        || (name.len() > 1 && name.starts_with('0'))
        || name.len() > 9
    {
        return None;
    }
    name.parse().ok()
}

/// `regexp.QuoteMeta`.
fn quote_meta(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn matches(a: &[Val]) -> Result<Val, String> {
    Ok(Val::Bool(compile(s(&a[0]))?.is_match(s(&a[1]))))
}

fn find(a: &[Val]) -> Result<Val, String> {
    let re = compile(s(&a[0]))?;
    Ok(Val::text(re.find(s(&a[1])).map_or("", |m| m.as_str())))
}

fn replace(a: &[Val], expand: bool) -> Result<Val, String> {
    let (text, repl) = (s(&a[1]), s(&a[2]));
    let re = compile(s(&a[0]))?;
    let mut out = String::new();
    replace_all(&re, text, repl, expand, Some(&mut out))?;
    Ok(Val::text(out))
}

/// The exact size of a replacement's result, before it is built (`$0` repeated in the
/// replacement multiplies the text).
pub(super) fn result_bytes(name: &str, args: &[Val]) -> Option<usize> {
    let expand = match name {
        "regexReplaceAll" | "mustRegexReplaceAll" => true,
        "regexReplaceAllLiteral" | "mustRegexReplaceAllLiteral" => false,
        "regexQuoteMeta" => return args.first().map(|v| s(v).len() * 2),
        _ => return None,
    };
    let [re, text, repl] = args else { return None };
    let re = compile(s(re)).ok()?;
    replace_all(&re, s(text), s(repl), expand, None).ok()
}

/// The scalar regular-expression functions, sorted by name.
pub(super) static FUNCTIONS: &[Func] = &[
    f!("mustRegexFind", [Str, Str], false, None, "mustRegexFind RE S", "`regexFind`; an error on a bad expression.", find),
    f!("mustRegexMatch", [Str, Str], false, None, "mustRegexMatch RE S", "`regexMatch`; an error on a bad expression.", matches),
    f!("mustRegexReplaceAll", [Str, Str, Str], false, None, "mustRegexReplaceAll RE S REPL", "`regexReplaceAll`; an error on a bad expression.", |a| replace(a, true)),
    f!("mustRegexReplaceAllLiteral", [Str, Str, Str], false, None, "mustRegexReplaceAllLiteral RE S REPL", "`regexReplaceAllLiteral`; an error on a bad expression.", |a| replace(a, false)),
    f!("regexFind", [Str, Str], false, None, "regexFind RE S", "The first match of RE (Go's RE2 syntax) in S, empty if none; an error on a bad expression.", find),
    f!("regexMatch", [Str, Str], false, None, "regexMatch RE S", "Whether RE (Go's RE2 syntax) matches S; an error on a bad expression (Go answers false).", matches),
    f!("regexQuoteMeta", [Str], false, None, "regexQuoteMeta S", "S with the regular-expression metacharacters escaped (`regexp.QuoteMeta`).", |a| Ok(Val::text(quote_meta(s(&a[0]))))),
    f!("regexReplaceAll", [Str, Str, Str], false, None, "regexReplaceAll RE S REPL", "S with each match of RE replaced by REPL, where `$1`, `${name}` are groups and `$$` is `$`.", |a| replace(a, true)),
    f!("regexReplaceAllLiteral", [Str, Str, Str], false, None, "regexReplaceAllLiteral RE S REPL", "S with each match of RE replaced by REPL as it is.", |a| replace(a, false)),
];

#[cfg(test)]
mod tests {
    use super::super::call_checked as call;
    use super::*;

    fn st(x: &str) -> Val {
        Val::text(x)
    }
    fn text(name: &str, args: &[&str]) -> String {
        let args: Vec<Val> = args.iter().map(|a| st(a)).collect();
        call(name, &args).unwrap().to_text()
    }

    #[test]
    fn replace_expands_as_go() {
        let r = |re, s, repl| text("regexReplaceAll", &[re, s, repl]);
        assert_eq!(r("a(x*)b", "-ab-axxb-", "${1}W"), "-W-xxW-");
        assert_eq!(r("a(x*)b", "-ab-axxb-", "$1W"), "---");
        assert_eq!(r("a(?P<n>x*)b", "-axb-", "[$n]"), "-[x]-");
        assert_eq!(r("a(x*)b", "-axb-", "$$1 $ $} ${1"), "-$1 $ $} ${1-");
        assert_eq!(r("(a)", "a", "$01|$0|$2"), "|a|");
        assert_eq!(r("a*", "baaac", "X"), "XbXcX");
        assert_eq!(
            text("regexReplaceAllLiteral", &["a(x*)b", "-axb-", "$1"]),
            "-$1-"
        );
        assert_eq!(text("regexFind", &["a.", "xabac"]), "ab");
        assert_eq!(text("regexFind", &["z", "xabac"]), "");
        assert_eq!(text("regexMatch", &["^[a-z]+$", "abc"]), "true");
        assert_eq!(text("regexQuoteMeta", &["1.5*[x]$"]), "1\\.5\\*\\[x\\]\\$");
        assert!(call("regexReplaceAll", &[st("("), st("a"), st("")]).is_err());
        assert!(call("mustRegexMatch", &[st("("), st("a")]).is_err());
        let args = [st("(a)"), st("aXa"), st("$1$1$1")];
        assert_eq!(result_bytes("regexReplaceAll", &args), Some(7));
    }

    #[test]
    fn go_syntax_differences() {
        assert_eq!(text("regexMatch", &["\\<a\\>", "<a>"]), "true");
        assert_eq!(text("regexMatch", &["\\_", "_"]), "true");
        assert_eq!(text("regexMatch", &["[(?x)]", "x"]), "true");
        assert_eq!(text("regexMatch", &["(?i)A(?:b)", "ab"]), "true");
        assert_eq!(text("regexMatch", &["\\012", "\n"]), "true");
        assert_eq!(text("regexReplaceAll", &["\\b{st", "a {st", "-"]), "a {st");
        assert_eq!(
            text("regexReplaceAll", &["x\\b{start}", "x{start}", "-"]),
            "-"
        );
        assert_eq!(text("regexReplaceAll", &["a(?)b", "ab", "-"]), "-");
        for bad in ["(?<n>a)", "(?x)a", "(?=a)"] {
            assert!(call("regexMatch", &[st(bad), st("a")]).is_err(), "{bad}");
        }
    }

    #[test]
    fn compile_follows_re2_or_refuses() {
        // Go's `\s` has no vertical tab, inside a class too.
        assert!(!compile("\\s").unwrap().is_match("\u{b}"));
        assert!(compile("[\\sx]").unwrap().is_match("\t"));
        assert!(compile("^[\\S]$").unwrap().is_match("\u{b}"));
        assert!(!compile("^[\\S]$").unwrap().is_match(" "));
        assert!(compile("(?i)^[\\Sk]$").unwrap().is_match("\u{212A}"));
        // A class whose first member is `]` stays one class.
        assert!(compile("[]a]").unwrap().is_match("]"));
        // Case folding is Go's: every rune of the orbit.
        let m = |p: &str, t: &str| compile(p).unwrap().is_match(t);
        assert!(m("(?i)é", "É"));
        assert!(m("(?i)\\x{e9}", "É"));
        assert!(m("(?i:k)b", "\u{212A}b"));
        assert!(!m("(?i:k)b", "\u{212A}B"));
        assert!(!m("(?i)[^s]", "\u{17F}"));
        assert!(m("(?i)[^s]", "é"));
        assert!(m("(?i)^\\w$", "\u{17F}"));
        assert!(!m("(?i)^\\W$", "\u{212A}"));
        assert!(m("(?i)^[\\W]$", "é"));
        assert!(!m("(?i)^[\\W]$", "\u{212A}"));
        assert!(m("(?i)^σ+$", "Σςσ"));
        assert!(m("(?i)^[α-γ]+$", "ΑΒγ"));
        assert!(m("(?i)^(?P<k>k)$", "K"));
        assert!(m("(?i)a", "A"));
        assert!(m("(?i)\\x41", "a"));
        assert!(m("(?i)^\\pL$", "\u{212A}"));
        assert!(!m("(?i)^[[:^alpha:]]$", "\u{212A}"));
        assert!(m("(?i)^[[:^alpha:]]$", "é"));
        assert!(!m("(?i)^[[:^upper:]]$", "a"));
        assert!(compile("(?s-i)é").is_ok());
    }

    #[test]
    fn compile_spells_go_forms() {
        let m = |p: &str, t: &str| compile(p).map(|re| re.is_match(t));
        // Unicode classes from Go's tables, in and out of a class, negated both ways.
        assert_eq!(m("^\\pL+$", "größeΣ"), Ok(true));
        assert_eq!(m("^\\pL+$", "a1"), Ok(false));
        assert_eq!(m("^\\PL$", "1"), Ok(true));
        assert_eq!(m("^\\p{^L}$", "é"), Ok(false));
        assert_eq!(m("^[\\p{Greek}x]+$", "xΣα"), Ok(true));
        assert_eq!(m("^[^\\p{Greek}]$", "Σ"), Ok(false));
        assert_eq!(m("^\\p{Nd}$", "٣"), Ok(true));
        assert_eq!(m("^\\p{Any}$", "\u{10FFFF}"), Ok(true));
        assert!(compile("\\pA")
            .unwrap_err()
            .contains("invalid character class range: `\\pA`"));
        assert!(compile("\\p{Foo}").is_err());
        // Octal escapes as Go reads them.
        assert_eq!(m("^\\0$", "\0"), Ok(true));
        assert_eq!(m("^\\101\\0612$", "A12"), Ok(true));
        assert_eq!(m("^\\0101$", "\u{8}1"), Ok(true));
        assert!(compile("\\1").is_err());
        // A negated Unicode class under `(?i)` is negated after folding, as in Go: the
        // Kelvin sign is a letter, and `k`, folding to it, is one too.
        assert_eq!(m("(?i)^\\PL$", "k"), Ok(false));
        assert_eq!(m("(?i)^\\P{Lu}$", "a"), Ok(false));
        assert_eq!(m("^\\P{Lu}$", "a"), Ok(true));
        assert_eq!(m("(?i:x)\\P{Lu}$", "xa"), Ok(true));
        assert_eq!(m("(?i)^\\PL$", "\u{345}"), Ok(false));
        assert_eq!(m("(?i)^[\\P{Lu}]$", "1"), Ok(true));
        // Spelling is bounded before it is built: 200 Unicode classes are 2.6 MB.
        assert!(compile(&"\\pL".repeat(200))
            .unwrap_err()
            .contains("more than 1 MiB"));
        assert!(compile(&format!("(?i){}", "[a-z]".repeat(100_000)))
            .unwrap_err()
            .contains("more than 1 MiB"));
    }
}
