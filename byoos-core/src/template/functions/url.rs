//! Sprig 3.2.3's `url.go`: `urlParse` (Go 1.19's `net/url.Parse`, as a map of its
//! parts) and `urlJoin` (a `url.URL` of a map's parts, `String()`).

use super::strings::go_quote;
use super::{s, Dict, Func, Ty, Val};
use std::collections::BTreeMap;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Path,
    Host,
    Zone,
    User,
    Fragment,
}

fn should_escape(c: u8, mode: Mode) -> bool {
    if c.is_ascii_alphanumeric() {
        return false;
    }
    if matches!(mode, Mode::Host | Mode::Zone) && b"!$&'()*+,;=:[]<>\"".contains(&c) {
        return false;
    }
    match c {
        b'-' | b'_' | b'.' | b'~' => false,
        b'$' | b'&' | b'+' | b',' | b'/' | b':' | b';' | b'=' | b'?' | b'@' => match mode {
            Mode::Path => c == b'?',
            Mode::User => matches!(c, b'@' | b'/' | b'?' | b':'),
            Mode::Fragment => false,
            Mode::Host | Mode::Zone => true,
        },
        b'!' | b'(' | b')' | b'*' if mode == Mode::Fragment => false,
        _ => true,
    }
}

/// Go's `%q` of bytes that may not be UTF-8 text: an invalid byte is `\xNN`.
fn go_quote_bytes(bytes: &[u8]) -> String {
    let mut out = String::from("\"");
    for chunk in bytes.utf8_chunks() {
        let q = go_quote(chunk.valid());
        out.push_str(&q[1..q.len() - 1]);
        for x in chunk.invalid() {
            out.push_str(&format!("\\x{x:02x}"));
        }
    }
    out.push('"');
    out
}

/// Go's `unescape` (no `+` rule: no query component is unescaped here); an error also
/// where the bytes are not UTF-8 text.
fn unescape(t: &str, mode: Mode) -> Result<String, String> {
    let b = t.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut k = 0;
    while k < b.len() {
        match b[k] {
            b'%' => {
                if k + 2 >= b.len()
                    || !b[k + 1].is_ascii_hexdigit()
                    || !b[k + 2].is_ascii_hexdigit()
                {
                    // Go cuts by bytes: the three may end inside a character.
                    let bad = &b[k..b.len().min(k + 3)];
                    return Err(format!("invalid URL escape {}", go_quote_bytes(bad)));
                }
                let v = u8::from_str_radix(&t[k + 1..k + 3], 16).unwrap_or(0);
                let esc = &t[k..k + 3];
                if (mode == Mode::Host && v >> 4 < 8 && esc != "%25")
                    || (mode == Mode::Zone
                        && esc != "%25"
                        && v != b' '
                        && should_escape(v, Mode::Host))
                {
                    return Err(format!("invalid URL escape {}", go_quote(esc)));
                }
                out.push(v);
                k += 3;
            }
            c => {
                if matches!(mode, Mode::Host | Mode::Zone) && c < 0x80 && should_escape(c, mode) {
                    return Err(format!(
                        "invalid character {} in host name",
                        go_quote(&t[k..=k])
                    ));
                }
                out.push(c);
                k += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| "the unescaped text is not UTF-8 text".to_owned())
}

fn escape(t: &str, mode: Mode) -> String {
    let mut out = String::with_capacity(t.len());
    for &c in t.as_bytes() {
        if should_escape(c, mode) {
            out.push_str(&format!("%{c:02X}"));
        } else {
            out.push(char::from(c));
        }
    }
    // Only ASCII bytes are kept as they are; the others were escaped.
    out
}

/// The parts of a parsed URL Sprig reads.
#[derive(Default)]
struct Url {
    scheme: String,
    opaque: String,
    user: Option<(String, Option<String>)>,
    host: String,
    path: String,
    query: String,
    fragment: String,
}

fn valid_port(port: &str) -> bool {
    port.is_empty()
        || port
            .strip_prefix(':')
            .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()))
}

fn parse_host(host: &str) -> Result<String, String> {
    if host.starts_with('[') {
        let i = host.rfind(']').ok_or("missing ']' in host")?;
        if !valid_port(&host[i + 1..]) {
            return Err(format!(
                "invalid port {} after host",
                go_quote(&host[i + 1..])
            ));
        }
        if let Some(zone) = host[..i].find("%25") {
            return Ok(unescape(&host[..zone], Mode::Host)?
                + &unescape(&host[zone..i], Mode::Zone)?
                + &unescape(&host[i..], Mode::Host)?);
        }
    } else if let Some(i) = host.rfind(':') {
        if !valid_port(&host[i..]) {
            return Err(format!("invalid port {} after host", go_quote(&host[i..])));
        }
    }
    unescape(host, Mode::Host)
}

fn parse_authority(auth: &str, url: &mut Url) -> Result<(), String> {
    let at = auth.rfind('@');
    url.host = parse_host(at.map_or(auth, |i| &auth[i + 1..]))?;
    let Some(at) = at else { return Ok(()) };
    let info = &auth[..at];
    if !info
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-._:~!$&'()*+,;=%@".contains(c))
    {
        return Err("net/url: invalid userinfo".into());
    }
    url.user = Some(match info.split_once(':') {
        None => (unescape(info, Mode::User)?, None),
        Some((u, p)) => (unescape(u, Mode::User)?, Some(unescape(p, Mode::User)?)),
    });
    Ok(())
}

/// `url.Parse`, with Go's error text (`parse "…": …`).
fn parse(raw: &str) -> Result<Url, String> {
    let (u, frag) = raw.split_once('#').unwrap_or((raw, ""));
    let mut url = parse_main(u).map_err(|e| format!("parse {}: {e}", go_quote(u)))?;
    url.fragment =
        unescape(frag, Mode::Fragment).map_err(|e| format!("parse {}: {e}", go_quote(raw)))?;
    Ok(url)
}

fn parse_main(raw: &str) -> Result<Url, String> {
    if raw.bytes().any(|b| b < b' ' || b == 0x7f) {
        return Err("net/url: invalid control character in URL".into());
    }
    let mut url = Url::default();
    if raw == "*" {
        url.path = "*".into();
        return Ok(url);
    }
    let mut rest = raw;
    let end = raw
        .find(|c: char| !(c.is_ascii_alphanumeric() || "+-.".contains(c)))
        .unwrap_or(raw.len());
    if raw[end..].starts_with(':') {
        if end == 0 {
            return Err("missing protocol scheme".into());
        }
        if raw.as_bytes()[0].is_ascii_alphabetic() {
            url.scheme = raw[..end].to_ascii_lowercase();
            rest = &raw[end + 1..];
        }
    }
    if rest.ends_with('?') && rest.matches('?').count() == 1 {
        rest = &rest[..rest.len() - 1];
    } else if let Some((r, q)) = rest.split_once('?') {
        (rest, url.query) = (r, q.to_owned());
    }
    if !rest.starts_with('/') {
        if !url.scheme.is_empty() {
            url.opaque = rest.to_owned();
            return Ok(url);
        }
        if rest.split('/').next().is_some_and(|seg| seg.contains(':')) {
            return Err("first path segment in URL cannot contain colon".into());
        }
    }
    if (!url.scheme.is_empty() || !rest.starts_with("///")) && rest.starts_with("//") {
        let auth = &rest[2..];
        let i = auth.find('/').unwrap_or(auth.len());
        parse_authority(&auth[..i], &mut url)?;
        rest = &auth[i..];
    }
    url.path = unescape(rest, Mode::Path)?;
    Ok(url)
}

fn user_text(user: &(String, Option<String>)) -> String {
    let mut out = escape(&user.0, Mode::User);
    if let Some(p) = &user.1 {
        out.push(':');
        out.push_str(&escape(p, Mode::User));
    }
    out
}

fn url_parse(a: &[Val]) -> Result<Val, String> {
    let url = parse(s(&a[0])).map_err(|e| format!("unable to parse url: {e}"))?;
    let hostname = {
        let mut h = url.host.as_str();
        if let Some(c) = h.rfind(':').filter(|c| valid_port(&h[*c..])) {
            h = &h[..c];
        }
        h.strip_prefix('[')
            .and_then(|x| x.strip_suffix(']'))
            .unwrap_or(h)
            .to_owned()
    };
    let parts = [
        ("fragment", url.fragment.clone()),
        ("host", url.host.clone()),
        ("hostname", hostname),
        ("opaque", url.opaque.clone()),
        ("path", url.path.clone()),
        ("query", url.query.clone()),
        ("scheme", url.scheme.clone()),
        (
            "userinfo",
            url.user.as_ref().map(user_text).unwrap_or_default(),
        ),
    ];
    let map: BTreeMap<String, Val> = parts
        .into_iter()
        .map(|(k, v)| (k.to_owned(), Val::text(v)))
        .collect();
    Ok(Val::dict(map))
}

/// Sprig's `dictGetOrEmpty`.
fn part(d: Option<&Dict>, key: &str) -> Result<String, String> {
    let Some(d) = d else { return Ok(String::new()) };
    match d.map.borrow().get(key) {
        None => Ok(String::new()),
        Some(Val::Str(v)) => Ok(v.to_string()),
        Some(Val::Nil) => Err("invalid memory address or nil pointer dereference".into()),
        Some(other) => Err(format!(
            "unable to parse {key} key, must be of type string, but {} found",
            super::reflect::kind_of(other)
        )),
    }
}

fn url_join(a: &[Val]) -> Result<Val, String> {
    let d = match &a[0] {
        Val::Dict(d) => Some(d),
        _ => None,
    };
    let mut url = Url {
        scheme: part(d, "scheme")?,
        host: part(d, "host")?,
        path: part(d, "path")?,
        query: part(d, "query")?,
        opaque: part(d, "opaque")?,
        fragment: part(d, "fragment")?,
        user: None,
    };
    let info = part(d, "userinfo")?;
    if !info.is_empty() {
        let temp = parse(&format!("proto://{info}@host"))
            .map_err(|e| format!("unable to parse userinfo in dict: {e}"))?;
        url.user = temp.user;
    }
    Ok(Val::text(url_string(&url)))
}

/// `URL.String()` of a URL made from parts (no raw path or fragment hints).
fn url_string(u: &Url) -> String {
    let mut out = String::new();
    if !u.scheme.is_empty() {
        out.push_str(&u.scheme);
        out.push(':');
    }
    if !u.opaque.is_empty() {
        out.push_str(&u.opaque);
    } else {
        if !u.scheme.is_empty() || !u.host.is_empty() || u.user.is_some() {
            if !u.host.is_empty() || !u.path.is_empty() || u.user.is_some() {
                out.push_str("//");
            }
            if let Some(user) = &u.user {
                out.push_str(&user_text(user));
                out.push('@');
            }
            out.push_str(&escape(&u.host, Mode::Host));
        }
        let path = if u.path == "*" {
            "*".to_owned()
        } else {
            escape(&u.path, Mode::Path)
        };
        if !path.is_empty() && !path.starts_with('/') && !u.host.is_empty() {
            out.push('/');
        }
        if out.is_empty() && path.split('/').next().is_some_and(|seg| seg.contains(':')) {
            out.push_str("./");
        }
        out.push_str(&path);
    }
    if !u.query.is_empty() {
        out.push('?');
        out.push_str(&u.query);
    }
    if !u.fragment.is_empty() {
        out.push('#');
        out.push_str(&escape(&u.fragment, Mode::Fragment));
    }
    out
}

/// The functions, sorted by name.
pub(super) static FUNCTIONS: &[Func] = &[
    f!("urlJoin", [Dict], false, None, "urlJoin MAP", "The URL of a map of parts (`scheme`, `host`, `path`, `query`, `opaque`, `fragment`, `userinfo`), as Go's `url.URL` prints it.", url_join),
    f!("urlParse", [Str], false, None, "urlParse S", "The parts of the URL S (Go's `url.Parse`): a map of `scheme`, `host`, `hostname`, `path`, `query`, `opaque`, `fragment`, `userinfo`.", url_parse),
];

#[cfg(test)]
mod tests {
    use super::super::call_checked as call;
    use super::*;

    fn parsed(u: &str, key: &str) -> String {
        let d = call("urlParse", &[Val::text(u)]).unwrap();
        call("get", &[d, Val::text(key)]).unwrap().to_text()
    }

    #[test]
    fn urls_follow_net_url() {
        let u = "https://u:p%40ss@Example.com:8443/a%20b/c?q=1#fr%21ag";
        assert_eq!(parsed(u, "host"), "Example.com:8443");
        assert_eq!(parsed(u, "hostname"), "Example.com");
        assert_eq!(parsed(u, "path"), "/a b/c");
        assert_eq!(parsed(u, "userinfo"), "u:p%40ss");
        assert_eq!(parsed(u, "fragment"), "fr!ag");
        assert_eq!(parsed("mailto:a@b", "opaque"), "a@b");
        assert_eq!(parsed("http://[::1]:80/x", "hostname"), "::1");
        for bad in [
            "http://x/%zz",
            "http://x:8a/",
            "a:b",
            ":x",
            "http://a b/",
            "a\u{1}",
        ] {
            let err = call("urlParse", &[Val::text(bad)]).is_err();
            assert_eq!(err, bad != "a:b", "{bad}");
        }
        let d = call("dict", &[Val::text("path"), Val::text("a:b/c")]).unwrap();
        assert_eq!(call("urlJoin", &[d]).unwrap().to_text(), "./a:b/c");
        let d = call("dict", &[Val::text("host"), Val::Int(1)]).unwrap();
        assert!(call("urlJoin", &[d]).is_err());
        assert_eq!(call("urlJoin", &[Val::Nil]).unwrap().to_text(), "");
    }
}
