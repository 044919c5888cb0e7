//! The scalar forms of Sprig 3.2.3's `regex.go`: `regexMatch`, `regexFind`,
//! `regexReplaceAll` (with Go's `$1` / `${name}` expansion, `Regexp.Expand`),
//! `regexReplaceAllLiteral`, their `must…` forms, and `regexQuoteMeta`. The engine is
//! the one of `regexFindAll` ([`super::lists::go_regex`], decision 10).
//!
//! Sprig's `regexMatch` answers false on a pattern that does not compile; byoos reports
//! it instead (docs/fidelity.md, D9-bad-pattern-reported). The other non-`must` forms
//! panic in Go (`regexp.MustCompile`), which the template reports as an error: so does
//! byoos.

use super::lists::go_regex;
use super::{s, Func, Ty, Val};

/// Compile `pattern` as Go 1.19 would, or Go's error (decision 39): the pattern is
/// checked against Go's parser where `regex-lite` accepts more (nested repetition
/// `a**`, counts over 1000, `\u`, flags but `imsU`, `(?<name>`, non-ASCII group names)
/// and spelled for `regex-lite` where it reads a form otherwise (an escaped punctuation
/// character, `\Q…\E` and a `{` that starts no repetition are literal text in Go).
pub(super) fn compile(pattern: &str, text: &str) -> Result<regex_lite::Regex, String> {
    go_regex(&spell(pattern)?, text)
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

fn spell(pattern: &str) -> Result<String, String> {
    let offline =
        |what: &str| format!("regexp: Compile({pattern:?}): {what} not evaluated offline");
    let go = |what: &str, at: &str| format!("error parsing regexp: {what}: `{at}`");
    let mut out = String::with_capacity(pattern.len());
    let (mut k, mut class, mut class_start, mut last_repeat) = (0, false, 0, None::<usize>);
    let mut counts: Vec<u64> = Vec::new();
    while let Some(c) = pattern[k..].chars().next() {
        let rest = &pattern[k..];
        let mut len = c.len_utf8();
        let mut repeat = false;
        match c {
            '\\' => {
                len = escape(rest, class, &mut out).map_err(|e| {
                    if e.starts_with('`') {
                        offline(&e)
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
                    .map_err(|e| go("invalid or unsupported Perl syntax", &e))?
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
fn escape(t: &str, class: bool, out: &mut String) -> Result<usize, String> {
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
        '0' => Err("`\\0`: an octal escape is".into()),
        '1'..='7' if third.is_some_and(|d| (b'0'..=b'7').contains(&d)) => {
            Err("`\\1…`: an octal escape is".into())
        }
        'b' | 'B' if third == Some(b'{') => Err("`\\b{` is".into()),
        c if c.is_ascii() && !c.is_ascii_alphanumeric() => {
            push_literal(out, c);
            Ok(2)
        }
        'x' | 'p' | 'P' => {
            // The hex digits or class name: `\x41`, `\x{41}`, `\pL`, `\p{Greek}`.
            let body = &t[2..];
            let n = match (body.starts_with('{'), c) {
                (true, _) => body.find('}').map_or(body.len(), |e| e + 1),
                (false, 'x') => body.chars().take(2).map(char::len_utf8).sum(),
                (false, _) => body.chars().next().map_or(0, char::len_utf8),
            };
            out.push_str(&t[..2 + n]);
            Ok(2 + n)
        }
        c if "afnrtvAbBzdDsSwW".contains(c) => {
            out.push('\\');
            out.push(c);
            Ok(2)
        }
        c => Err(t[..1 + c.len_utf8()].to_owned()),
    }
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
            let Some((name, after)) = extract(rest)? else {
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

/// Go's `extract`: the name after a `$` (`name` or `{name}`: letters, digits, `_`) and
/// what follows it; `None` when malformed (the `$` is then literal text).
fn extract(t: &str) -> Result<Option<(&str, &str)>, String> {
    let (brace, body) = match t.strip_prefix('{') {
        Some(b) => (true, b),
        None => (false, t),
    };
    let end = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(body.len());
    if body[end..].chars().next().is_some_and(|c| !c.is_ascii()) {
        return Err(
            "a non-ASCII character after `$` in the replacement is not evaluated offline".into(),
        );
    }
    if end == 0 {
        return Ok(None);
    }
    let name = &body[..end];
    if !brace {
        return Ok(Some((name, &body[end..])));
    }
    Ok(body[end..].strip_prefix('}').map(|after| (name, after)))
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
    Ok(Val::Bool(compile(s(&a[0]), s(&a[1]))?.is_match(s(&a[1]))))
}

fn find(a: &[Val]) -> Result<Val, String> {
    let re = compile(s(&a[0]), s(&a[1]))?;
    Ok(Val::text(re.find(s(&a[1])).map_or("", |m| m.as_str())))
}

fn replace(a: &[Val], expand: bool) -> Result<Val, String> {
    let (text, repl) = (s(&a[1]), s(&a[2]));
    let re = compile(s(&a[0]), text)?;
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
    let re = compile(s(re), s(text)).ok()?;
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
        for bad in ["(?<n>a)", "(?x)a", "(?=a)", "\\012", "\\0", "\\b{start}"] {
            assert!(call("regexMatch", &[st(bad), st("a")]).is_err(), "{bad}");
        }
    }
}
