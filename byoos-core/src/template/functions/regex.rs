//! The scalar forms of Sprig 3.2.3's `regex.go`: `regexMatch`, `regexFind`,
//! `regexReplaceAll` (with Go's `$1` / `${name}` expansion, `Regexp.Expand`),
//! `regexReplaceAllLiteral`, their `must…` forms, and `regexQuoteMeta`. The engine is
//! the one of `regexFindAll` ([`super::lists::go_regex`], decision 10).
//!
//! Sprig's `regexMatch` answers false on a pattern that does not compile; byoos reports
//! it instead (docs/fidelity.md, D8-bad-pattern-reported). The other non-`must` forms
//! panic in Go (`regexp.MustCompile`), which the template reports as an error: so does
//! byoos.

use super::lists::go_regex;
use super::{s, Func, Ty, Val};

/// Compile `pattern` as Go 1.19 would, or Go's error. Where `regex-lite` reads a form
/// otherwise than Go, the pattern is spelled for it (`\\<` and `\\_` are literal in Go) or
/// refused: Go has no `(?<name>…)` and no flags but `imsU`; octal escapes, which Go
/// accepts, are not evaluated offline (Unicode classes: `go_regex`).
pub(super) fn compile(pattern: &str, text: &str) -> Result<regex_lite::Regex, String> {
    let offline = |what: &str| -> Result<regex_lite::Regex, String> { Err(format!("regexp: Compile({pattern:?}): {what} not evaluated offline")) };
    let bytes = pattern.as_bytes();
    let mut out = String::with_capacity(pattern.len());
    let (mut k, mut class, mut class_start) = (0, false, 0);
    while k < bytes.len() {
        let (c, next, third) = (bytes[k], bytes.get(k + 1).copied(), bytes.get(k + 2).copied());
        match (c, next) {
            (b'\\', Some(b'<' | b'>' | b'_')) => out.push(char::from(next.unwrap_or(b'_'))),
            (b'\\', Some(b'b' | b'B')) if third == Some(b'{') => return offline("`\\b{` is"),
            (b'\\', Some(b'0'..=b'7')) if next == Some(b'0') || third.is_some_and(|t| (b'0'..=b'7').contains(&t)) => {
                return offline("an octal escape is")
            }
            (b'\\', Some(_)) => {
                let len = pattern[k + 1..].chars().next().map_or(1, char::len_utf8);
                out.push_str(&pattern[k..k + 1 + len]);
                k += 1 + len;
                continue;
            }
            (b'(', Some(b'?')) if !class && third != Some(b'P') => {
                let flags = pattern[k + 2..].split([')', ':']).next().unwrap_or_default();
                if let Some(bad) = flags.find(|f: char| !"imsU-".contains(f)) {
                    let shown = &pattern[k..k + 2 + bad + flags[bad..].chars().next().map_or(0, char::len_utf8)];
                    return Err(format!("error parsing regexp: invalid or unsupported Perl syntax: `{shown}`"));
                }
                out.push_str("(?");
                k += 2;
                continue;
            }
            _ => {
                if !class && c == b'[' {
                    (class, class_start) = (true, out.len() + 1);
                } else if class && c == b']' && out.len() > class_start && !out.ends_with("[^") {
                    class = false;
                }
                let len = pattern[k..].chars().next().map_or(1, char::len_utf8);
                out.push_str(&pattern[k..k + len]);
                k += len;
                continue;
            }
        }
        k += 2;
    }
    go_regex(&out, text)
}

/// `Regexp.ReplaceAllString` (`expand`) or `ReplaceAllLiteralString`, into `out` when
/// given; the result's length either way.
fn replace_all(re: &regex_lite::Regex, text: &str, repl: &str, expand: bool, mut out: Option<&mut String>) -> Result<usize, String> {
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
                None => names.iter().position(|x| *x == Some(name)).and_then(|n| caps.get(n)),
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
        return Err("a non-ASCII character after `$` in the replacement is not evaluated offline".into());
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
    if !name.bytes().all(|b| b.is_ascii_digit()) || (name.len() > 1 && name.starts_with('0')) || name.len() > 9 {
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
        assert_eq!(text("regexReplaceAllLiteral", &["a(x*)b", "-axb-", "$1"]), "-$1-");
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
