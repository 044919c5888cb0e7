//! Profile variables: definition checks and value checks (format, regex, dropdown
//! options), with Palette's rules.

use super::context::{scalar_text, VariableDefinition};
use super::functions::regex::{compile, go_pattern};
use crate::codes::Code;
use crate::suggest::closest;

/// The formats Palette knows.
pub(crate) const FORMATS: [&str; 8] = [
    "string", "number", "boolean", "ipv4", "ipv4cidr", "ipv6", "version", "base64",
];

/// A finding about a variable (placed by the caller).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Finding {
    pub(crate) code: Code,
    pub(crate) message: String,
    pub(crate) help: Option<String>,
}

fn finding(code: Code, message: impl Into<String>, help: Option<String>) -> Finding {
    Finding {
        code,
        message: message.into(),
        help,
    }
}

/// Whether `name` is a valid variable name (letters, digits, `_`; no hyphens).
pub(crate) fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The value shown in messages: `***` for sensitive variables.
pub(crate) fn shown(value: &str, sensitive: bool) -> String {
    if sensitive {
        "***".to_owned()
    } else {
        value.to_owned()
    }
}

/// Problems with a definition itself.
pub(crate) fn check_definition(def: &VariableDefinition) -> Vec<Finding> {
    let mut out = Vec::new();
    let name = &def.name;
    if name.is_empty() {
        out.push(finding(
            Code::VariableDefinition,
            "a variable definition has no `name`",
            None,
        ));
        return out;
    }
    if !valid_name(name) {
        out.push(finding(
            Code::VariableName,
            format!("`{name}` is not a valid variable name"),
            Some(format!(
                "use letters, digits and `_` (the template engine rejects `-`): `{}`",
                fix_name(name)
            )),
        ));
    }
    let format = def.format.as_deref().unwrap_or("string");
    if !FORMATS.contains(&format) {
        let help = match closest(format, FORMATS) {
            Some(c) => format!("did you mean `{c}`?"),
            None => format!("formats are: {}", FORMATS.join(", ")),
        };
        out.push(finding(
            Code::VariableDefinition,
            format!("variable `{name}` has an unknown format `{format}`"),
            Some(help),
        ));
    }
    if let Some(re) = &def.regex {
        if let Err(e) = compile(re) {
            let what = if e.contains("not evaluated offline") {
                "is not evaluated offline"
            } else {
                "does not compile"
            };
            out.push(finding(
                Code::VariableDefinition,
                format!("the regex of variable `{name}` {what}"),
                Some(first_line(&e)),
            ));
        }
    }
    let default = def.default_value.as_ref().and_then(scalar_text);
    let has_default = default.as_deref().is_some_and(|d| !d.is_empty());
    if def.hidden && !has_default {
        out.push(finding(
            Code::VariableDefinition,
            format!("hidden variable `{name}` has no default value"),
            Some("a hidden variable cannot be set when a cluster is deployed: give it a `defaultValue`".into()),
        ));
    }
    if def.immutable && !has_default {
        out.push(finding(
            Code::VariableDefinition,
            format!("read-only (immutable) variable `{name}` has no default value"),
            Some("give it a `defaultValue`".into()),
        ));
    }
    let dropdown = def.input_type.as_deref() == Some("dropdown");
    if let Some(t) = def.input_type.as_deref() {
        if !["text", "dropdown", "multiline"].contains(&t) {
            out.push(finding(
                Code::VariableDefinition,
                format!("variable `{name}` has an unknown input type `{t}`"),
                Some("input types are: text, dropdown, multiline".into()),
            ));
        }
    }
    if dropdown && def.options.is_empty() {
        out.push(finding(
            Code::VariableDefinition,
            format!("dropdown variable `{name}` has no options"),
            Some("a dropdown needs at least one option `{value, label}`".into()),
        ));
    }
    if let Some(d) = default.as_deref().filter(|d| !d.is_empty()) {
        for f in check_value(def, d) {
            out.push(Finding {
                code: Code::VariableDefinition,
                message: format!("the default value of `{name}` is invalid: {}", f.message),
                help: f.help,
            });
        }
    }
    out
}

/// Problems with a value given (or defaulted) for a variable, within the default work
/// budget.
pub(crate) fn check_value(def: &VariableDefinition, value: &str) -> Vec<Finding> {
    check_value_within(def, value, crate::Limits::default().max_work)
}

/// The work of matching `re` against `value_len` bytes: regex-lite takes time in
/// proportion to the compiled program's size times the value's length, so the size is
/// bounded first (the smallest of a few size limits the program compiles under; about
/// 16 bytes a state).
pub(crate) fn regex_work(re: &str, value_len: usize) -> usize {
    let Ok(spelled) = go_pattern(re) else {
        return 0;
    };
    let size = (10..=20)
        .step_by(2)
        .map(|b| 1usize << b)
        .find(|&limit| {
            regex_lite::RegexBuilder::new(&spelled)
                .size_limit(limit)
                .nest_limit(64)
                .build()
                .is_ok()
        })
        .unwrap_or(1 << 20);
    (size / 16).saturating_mul(value_len.max(1))
}

/// [`check_value`] with `max_work` for the regex match ([`regex_work`]): past it, a
/// `limit/work` finding instead of the match.
pub(crate) fn check_value_within(
    def: &VariableDefinition,
    value: &str,
    max_work: usize,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let name = &def.name;
    let sensitive = def.is_sensitive;
    let v = shown(value, sensitive);
    let format = def.format.as_deref().unwrap_or("string");
    if let Some(help) = format_problem(format, value) {
        out.push(finding(
            Code::VariableFormat,
            format!("`{v}` is not a valid {format} for variable `{name}`"),
            Some(help),
        ));
    }
    if let Some(re) = def.regex.as_deref() {
        if regex_work(re, value.len()) > max_work {
            out.push(finding(
                Code::LimitWork,
                format!("the value of variable `{name}` is too long to match against its regex within the work budget ({max_work})"),
                Some("shorten the regex or the value, or raise `limits.max_work`".into()),
            ));
        } else {
            if let Ok(r) = compile(re) {
                if !r.is_match(value) {
                    out.push(finding(
                        Code::VariableRegex,
                        format!("`{v}` does not match the regex of variable `{name}`"),
                        Some(format!("the value must match `{re}`")),
                    ));
                }
            }
        }
    }
    if def.input_type.as_deref() == Some("dropdown") && !def.options.is_empty() {
        let options: Vec<String> = def
            .options
            .iter()
            .filter_map(|o| scalar_text(&o.value))
            .collect();
        if !options.iter().any(|o| o == value) {
            let mut help = format!(
                "choose one of: {}",
                if sensitive {
                    "***".to_owned()
                } else {
                    options.join(", ")
                }
            );
            if !sensitive {
                if let Some(c) = closest(value, options.iter().map(String::as_str)) {
                    help = format!("did you mean `{c}`?");
                }
            }
            out.push(finding(
                Code::VariableOption,
                format!("`{v}` is not an option of dropdown variable `{name}`"),
                Some(help),
            ));
        }
    }
    if value.contains('\n') && def.input_type.as_deref() != Some("multiline") {
        out.push(finding(
            Code::VariableFormat,
            format!("the value of variable `{name}` has several lines"),
            Some("Palette does not allow multi-line variables unless their input type is `multiline`".into()),
        ));
    }
    out
}

/// Why `value` is not of `format` (a help line), or `None` when it is.
pub(crate) fn format_problem(format: &str, value: &str) -> Option<String> {
    let ok = match format {
        "number" => is_number(value),
        "boolean" => value == "true" || value == "false",
        "ipv4" => value.parse::<std::net::Ipv4Addr>().is_ok(),
        "ipv4cidr" => is_ipv4_cidr(value),
        "ipv6" => value.parse::<std::net::Ipv6Addr>().is_ok(),
        "version" => is_semver(value),
        "base64" => !value.is_empty() && super::functions::base64_decode(value).is_some(),
        _ => true,
    };
    if ok {
        return None;
    }
    Some(match format {
        "number" => "write a number such as `3` or `1.5`".to_owned(),
        "boolean" => "write `true` or `false` (not `yes`, `1` or `True`)".to_owned(),
        "ipv4" => "write an IPv4 address such as `10.0.0.1` (no leading zeros)".to_owned(),
        "ipv4cidr" => "write an IPv4 CIDR such as `192.168.0.0/16`".to_owned(),
        "ipv6" => "write an IPv6 address such as `fd00::1`".to_owned(),
        "version" if value.starts_with('v') && is_semver(&value[1..]) => {
            "write the version without `v`".to_owned()
        }
        "version" => "write a semantic version `MAJOR.MINOR.PATCH`, e.g. `1.29.5`".to_owned(),
        _ => "write standard base64 with padding, e.g. `aGVsbG8=`".to_owned(),
    })
}

fn is_number(s: &str) -> bool {
    let t = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (mant, exp) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    let (int, frac) = mant
        .split_once('.')
        .map_or((mant, None), |(a, b)| (a, Some(b)));
    let digits = |x: &str| x.bytes().all(|b| b.is_ascii_digit());
    let mant_ok = digits(int)
        && frac.is_none_or(digits)
        && !(int.is_empty() && frac.is_none_or(str::is_empty));
    let exp_ok = exp.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mant_ok && exp_ok
}

fn is_ipv4_cidr(s: &str) -> bool {
    let Some((ip, bits)) = s.split_once('/') else {
        return false;
    };
    ip.parse::<std::net::Ipv4Addr>().is_ok()
        && !bits.is_empty()
        && bits.len() <= 2
        && bits.bytes().all(|b| b.is_ascii_digit())
        && !(bits.len() > 1 && bits.starts_with('0'))
        && bits.parse::<u8>().is_ok_and(|b| b <= 32)
}

/// Semantic version 2.0.0 (`1.2.3`, `1.2.3-rc.1+build.5`).
pub(crate) fn is_semver(s: &str) -> bool {
    let (core, build) = s.split_once('+').map_or((s, None), |(a, b)| (a, Some(b)));
    let (core, pre) = core
        .split_once('-')
        .map_or((core, None), |(a, b)| (a, Some(b)));
    let num = |x: &str| {
        !x.is_empty()
            && x.bytes().all(|b| b.is_ascii_digit())
            && !(x.len() > 1 && x.starts_with('0'))
    };
    let ident =
        |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| num(p))
        && pre.is_none_or(|p| {
            p.split('.')
                .all(|x| ident(x) && (!x.bytes().all(|b| b.is_ascii_digit()) || num(x)))
        })
        && build.is_none_or(|b| b.split('.').all(ident))
}

fn first_line(s: &str) -> String {
    let lines: Vec<&str> = s.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    lines.last().map_or_else(String::new, |l| (*l).to_owned())
}

/// A valid name close to `name`.
pub(crate) fn fix_name(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if out.starts_with(|c: char| c.is_ascii_digit()) || out.is_empty() {
        out.insert(0, '_');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        for (f, good, bad) in [
            (
                "number",
                &["3", "-1.5", "1e3", ".5", "2."][..],
                &["", "1.2.3", "x", "--1", "e5"][..],
            ),
            ("boolean", &["true", "false"], &["True", "1", "yes", ""]),
            (
                "ipv4",
                &["10.0.0.1", "255.255.255.255"],
                &["10.0.0.256", "010.0.0.1", "1.2.3", "::1"],
            ),
            (
                "ipv4cidr",
                &["192.168.0.0/16", "0.0.0.0/0"],
                &["192.168.0.0", "10.0.0.0/33", "10.0.0.0/08", "10.0.0.0/"],
            ),
            (
                "ipv6",
                &["fd00::1", "::1", "2001:db8::"],
                &["10.0.0.1", "fd00:::1", ""],
            ),
            (
                "version",
                &["1.29.5", "0.0.1-rc.1+b.2"],
                &["v1.29.5", "1.29", "01.2.3", "1.2.3-"],
            ),
            (
                "base64",
                &["aGVsbG8=", "Zm9vYmFy"],
                &["aGVsbG8", "!!!!", ""],
            ),
            ("string", &["", "anything"], &[]),
        ] {
            for g in good {
                assert_eq!(format_problem(f, g), None, "{f} {g:?}");
            }
            for b in bad {
                assert!(format_problem(f, b).is_some(), "{f} {b:?}");
            }
        }
        assert_eq!(
            format_problem("version", "v1.2.3").unwrap(),
            "write the version without `v`"
        );
    }

    #[test]
    fn names() {
        assert!(valid_name("custom_tag"));
        assert!(!valid_name("custom-tag"));
        assert!(!valid_name("1x"));
        assert_eq!(fix_name("ecr-rotating-key-id"), "ecr_rotating_key_id");
    }

    #[test]
    fn definitions() {
        let def: VariableDefinition = serde_json::from_value(serde_json::json!({
            "name": "a-b", "format": "numbr", "isHidden": true, "regex": "(", "inputType": "dropdown"
        }))
        .unwrap();
        let codes: Vec<_> = check_definition(&def)
            .into_iter()
            .map(|f| f.code.as_str())
            .collect();
        assert_eq!(
            codes,
            [
                "variable/name",
                "variable/definition",
                "variable/definition",
                "variable/definition",
                "variable/definition"
            ]
        );
    }

    #[test]
    fn regex_is_unanchored_like_go() {
        let def = VariableDefinition {
            name: "x".into(),
            regex: Some("^[a-z0-9]+$".into()),
            ..Default::default()
        };
        assert!(check_value(&def, "demo").is_empty());
        assert_eq!(check_value(&def, "De mo")[0].code, Code::VariableRegex);
        let def = VariableDefinition {
            name: "x".into(),
            regex: Some("[0-9]".into()),
            is_sensitive: true,
            ..Default::default()
        };
        assert!(check_value(&def, "a1b").is_empty());
        let f = &check_value(&def, "secret-value")[0];
        assert!(!f.message.contains("secret-value"), "{f:?}");
    }
}
