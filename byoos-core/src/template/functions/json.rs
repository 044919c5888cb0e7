//! Sprig 3.2.3's JSON functions (`defaults.go`) with Go 1.19's `encoding/json`: keys in
//! order, `<`, `>` and `&` escaped as `\u003c`… (not by `toRawJson`), U+2028 and U+2029
//! always escaped, floats as `encoding/json` writes them; `fromJson` reads numbers as
//! float64. `toJson` of what Go cannot encode (NaN, a complex number) is `""`;
//! `toRawJson` and the `must…` forms fail.

use super::{go_float, s, Func, Ty, Val};
use std::collections::BTreeMap;
use std::fmt::Write;

/// `encoding/json`'s float: `'f'` with the shortest digits, `'e'` below 1e-6 and from
/// 1e21 with a one-digit negative exponent unpadded (`1e-7`, `1e+21`).
fn json_float(f: f64) -> Result<String, String> {
    if !f.is_finite() {
        return Err(format!("json: unsupported value: {}", go_float(f)));
    }
    let abs = f.abs();
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        let mut s = crate::gofloat::format_shortest(f, b'e');
        let n = s.len();
        if s.as_bytes()[n - 4..n - 1] == *b"e-0" {
            s.remove(n - 2);
        }
        return Ok(s);
    }
    Ok(crate::gofloat::format_shortest(f, b'f'))
}

fn json_string(out: &mut String, text: &str, html: bool) {
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' if html => {
                let _ = write!(out, "\\u00{:02x}", c as u32);
            }
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u00{:02x}", c as u32);
            }
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Go's `json.Marshal` (`indent`: `MarshalIndent(v, "", "  ")`).
fn encode(out: &mut String, v: &Val, html: bool, indent: Option<usize>) -> Result<(), String> {
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.push_str(&"  ".repeat(depth));
    };
    match v {
        Val::Str(t) => json_string(out, t, html),
        Val::Int(i) | Val::Int64(i) => out.push_str(&i.to_string()),
        Val::Byte(b) => out.push_str(&b.to_string()),
        Val::Uint(u) => out.push_str(&u.to_string()),
        // `Version.MarshalJSON`: its `String` as a JSON string.
        Val::Semver(v) => json_string(out, &v.text(), html),
        Val::Float(f) => out.push_str(&json_float(*f)?),
        Val::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Val::Nil => out.push_str("null"),
        Val::Complex(..) => return Err("json: unsupported type: complex128".into()),
        Val::List(l) if l.nil => out.push_str("null"),
        Val::List(l) => {
            out.push('[');
            for (k, item) in l.items.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                if let Some(d) = indent {
                    newline(out, d + 1);
                }
                encode(out, item, html, indent.map(|d| d + 1))?;
            }
            if let (Some(d), false) = (indent, l.items.is_empty()) {
                newline(out, d);
            }
            out.push(']');
        }
        Val::Dict(m) => {
            let m = m.map.borrow();
            out.push('{');
            for (k, (key, item)) in m.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                if let Some(d) = indent {
                    newline(out, d + 1);
                }
                json_string(out, key, html);
                out.push(':');
                if indent.is_some() {
                    out.push(' ');
                }
                encode(out, item, html, indent.map(|d| d + 1))?;
            }
            if let (Some(d), false) = (indent, m.is_empty()) {
                newline(out, d);
            }
            out.push('}');
        }
    }
    Ok(())
}

fn to_json(v: &Val, html: bool, indent: bool) -> Result<Val, String> {
    let mut out = String::new();
    encode(&mut out, v, html, indent.then_some(0))?;
    Ok(Val::text(out))
}

/// `json.Unmarshal` into `interface{}`: objects are maps, arrays lists, numbers float64.
fn from_value(v: serde_json::Value) -> Val {
    use serde_json::Value as J;
    match v {
        J::Null => Val::Nil,
        J::Bool(b) => Val::Bool(b),
        J::Number(n) => Val::Float(n.as_f64().unwrap_or(f64::NAN)),
        J::String(t) => Val::text(t),
        J::Array(items) => Val::list(items.into_iter().map(from_value).collect()),
        J::Object(m) => Val::dict(
            m.into_iter()
                .map(|(k, v)| (k, from_value(v)))
                .collect::<BTreeMap<_, _>>(),
        ),
    }
}

fn from_json(text: &str) -> Result<Val, String> {
    serde_json::from_str::<serde_json::Value>(text)
        .map(from_value)
        .map_err(|e| e.to_string())
}

/// Sprig's JSON functions, sorted by name.
pub(super) static FUNCTIONS: &[Func] = &[
    f!("fromJson", [Str], false, None, "fromJson S", "S read as JSON (objects as maps, numbers as float64); nil when S is not JSON.", |a| Ok(from_json(s(&a[0])).unwrap_or(Val::Nil))),
    f!("mustFromJson", [Str], false, None, "mustFromJson S", "`fromJson`, an error when S is not JSON.", |a| from_json(s(&a[0]))),
    f!("mustToJson", [Any], false, None, "mustToJson V", "`toJson`, an error where Go cannot encode V.", |a| to_json(&a[0], true, false)),
    f!("mustToPrettyJson", [Any], false, None, "mustToPrettyJson V", "`toPrettyJson`, an error where Go cannot encode V.", |a| to_json(&a[0], true, true)),
    f!("mustToRawJson", [Any], false, None, "mustToRawJson V", "`toRawJson`, an error where Go cannot encode V.", |a| to_json(&a[0], false, false)),
    f!("toJson", [Any], false, None, "toJson V", "V as JSON (Go's `json.Marshal`: keys sorted, `<>&` escaped); `\"\"` where Go cannot encode it.", |a| Ok(to_json(&a[0], true, false).unwrap_or_else(|_| Val::text("")))),
    f!("toPrettyJson", [Any], false, None, "toPrettyJson V", "V as JSON indented by two spaces; `\"\"` where Go cannot encode it.", |a| Ok(to_json(&a[0], true, true).unwrap_or_else(|_| Val::text("")))),
    f!("toRawJson", [Any], false, None, "toRawJson V", "V as JSON without HTML escapes; an error where Go cannot encode it.", |a| to_json(&a[0], false, false)),
];

#[cfg(test)]
mod tests {
    use super::super::call_checked as call;
    use super::*;

    fn st(x: &str) -> Val {
        Val::text(x)
    }

    #[test]
    fn json_follows_go() {
        let d = call("dict", &[st("b<"), Val::Float(1e-7), st("a"), Val::Nil]).unwrap();
        assert_eq!(
            call("toJson", std::slice::from_ref(&d)),
            Ok(st("{\"a\":null,\"b\\u003c\":1e-7}"))
        );
        assert_eq!(
            call("toRawJson", std::slice::from_ref(&d)),
            Ok(st("{\"a\":null,\"b<\":1e-7}"))
        );
        assert_eq!(
            call("toPrettyJson", &[call("list", &[Val::Int(1), d]).unwrap()]),
            Ok(st(
                "[\n  1,\n  {\n    \"a\": null,\n    \"b\\u003c\": 1e-7\n  }\n]"
            ))
        );
        assert_eq!(json_float(1e21).unwrap(), "1e+21");
        assert_eq!(json_float(123456789.0).unwrap(), "123456789");
        assert_eq!(call("toJson", &[Val::Float(f64::NAN)]), Ok(st("")));
        assert!(call("toRawJson", &[Val::Float(f64::NAN)]).is_err());
        assert_eq!(
            call("fromJson", &[st("{\"x\":[1,\"a\",null]}")])
                .unwrap()
                .to_text(),
            "map[x:[1 a <nil>]]"
        );
        assert_eq!(call("fromJson", &[st("{")]), Ok(Val::Nil));
        assert!(call("mustFromJson", &[st("{")]).is_err());
    }
}
