//! Terraform input: every `resource "spectrocloud_cluster_profile"` of a `.tf` file, read
//! with `hcl-edit` (which keeps the byte span of every expression and template literal).
//!
//! A pack's `values` may be a heredoc (`<<EOT`, or `<<-EOT`, whose common indentation is
//! stripped), a quoted string (with HCL's escapes: `\n`, `\"`, `\\`, `\uNNNN`, and `$${`
//! / `%%{` for a literal `${` / `%{`), `file("…")` or `templatefile("…", {…})` (the path
//! relative to the `.tf` file; `${path.module}/` is that folder). Terraform interpolations
//! (`${var.x}`) stay in the values as written. Each character of the values keeps the
//! source range it was decoded from, so a finding points at the `.tf` file (or at the
//! file `file("…")` names).

use super::map::Placement;
use super::{PackIn, Profile, Read, ReadFile, VariableIn};
use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Path, Span};
use crate::failure::{Failure, FailureKind};
use crate::limits::Limits;
use crate::source::LineIndex;
use hcl_edit::expr::Expression;
use hcl_edit::structure::{Block, Body};
use hcl_edit::template::{Element, Template};
use hcl_edit::Span as _;
use serde_json::{Map, Value};
use std::ops::Range;

/// The resource type read.
const RESOURCE: &str = "spectrocloud_cluster_profile";

/// Whether `text` starts, after blank lines and comments, with a Terraform top-level
/// block (`resource "…"`, `data "…"`, `terraform {`, …): no YAML document does.
pub(crate) fn looks_like_hcl(text: &str) -> bool {
    let mut rest = text.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix('#').or_else(|| rest.strip_prefix("//")) {
            rest = r.split_once('\n').map_or("", |(_, r)| r);
        } else if let Some(r) = rest.strip_prefix("/*") {
            rest = r.split_once("*/").map_or("", |(_, r)| r);
        } else {
            break;
        }
    }
    let word: &str = rest
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .next()
        .unwrap_or("");
    let after = rest[word.len()..].trim_start_matches([' ', '\t']);
    match word {
        "resource" | "data" | "module" | "variable" | "output" | "provider" => {
            after.starts_with('"')
        }
        "terraform" | "locals" => after.starts_with('{'),
        _ => false,
    }
}

/// Read the `spectrocloud_cluster_profile` resources of `text`.
///
/// # Errors
/// [`FailureKind::Parse`] when the text is not HCL or is over the size limit.
pub(crate) fn read(text: &str, limits: &Limits, read_file: &ReadFile<'_>) -> Result<Read, Failure> {
    let index = LineIndex::new(if text.len() > limits.max_input_bytes {
        ""
    } else {
        text
    });
    let span = |r: Range<usize>| Span::new(text, &index, r.start, r.end);
    if text.len() > limits.max_input_bytes {
        return Err(Failure::new(
            FailureKind::Parse,
            vec![Diagnostic::new(
                Code::LimitInputSize,
                format!(
                    "input is {} bytes, more than the limit of {} bytes",
                    text.len(),
                    limits.max_input_bytes
                ),
                Path::root(),
                span(0..0),
            )
            .with_help("raise `limits.max_input_bytes` if this input is expected")],
        ));
    }
    let body = match hcl_edit::parser::parse_body(text) {
        Ok(b) => b,
        Err(e) => {
            let at = crate::source::floor_char_boundary(text, e.location().offset());
            let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            return Err(Failure::new(
                FailureKind::Parse,
                vec![Diagnostic::new(
                    Code::TerraformSyntax,
                    format!("not valid HCL: {}", e.message()),
                    Path::root(),
                    span(at..end),
                )],
            ));
        }
    };
    let mut cx = Reader {
        text,
        index: &index,
        limits,
        read_file,
        read: Read {
            profiles: Vec::new(),
            diagnostics: Vec::new(),
            files: Vec::new(),
        },
    };
    for block in body.blocks() {
        if block.ident.as_str() == "resource"
            && block.labels.first().is_some_and(|l| l.as_str() == RESOURCE)
        {
            let label = block.labels.get(1).map_or("", |l| l.as_str()).to_owned();
            let profile = cx.profile(block, &label);
            cx.read.profiles.push(profile);
        }
    }
    if cx.read.profiles.is_empty() {
        cx.read.diagnostics.push(
            Diagnostic::new(
                Code::TemplateProfile,
                format!("no `resource \"{RESOURCE}\"` in this file: nothing to check"),
                Path::root(),
                span(0..0),
            )
            .with_severity(crate::codes::Severity::Info),
        );
    }
    Ok(cx.read)
}

struct Reader<'a> {
    text: &'a str,
    index: &'a LineIndex,
    limits: &'a Limits,
    read_file: &'a ReadFile<'a>,
    read: Read,
}

impl Reader<'_> {
    fn span(&self, r: Range<usize>) -> Span {
        let end = r.end.min(self.text.len());
        Span::new(self.text, self.index, r.start.min(end), end)
    }

    fn diag(
        &self,
        code: Code,
        path: Path,
        at: Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(code, message, path, self.span(at))
    }

    fn source(&self, r: Option<Range<usize>>) -> &str {
        r.and_then(|r| self.text.get(r)).unwrap_or("").trim()
    }

    fn profile(&mut self, block: &Block, label: &str) -> Profile {
        let base = Path(vec![RESOURCE.into(), label.into()]);
        let body = &block.body;
        let mut profile = Profile {
            name: literal(body, "name"),
            resource: Some(format!("{RESOURCE}.{label}")),
            cloud: literal(body, "cloud"),
            packs: Vec::new(),
            variables: Vec::new(),
        };
        for (i, pack) in body.get_blocks("pack").enumerate() {
            let path = base.join("pack").join(i);
            if let Some(p) = self.pack(pack, path, &profile.packs) {
                profile.packs.push(p);
            }
        }
        for vars in body.get_blocks("profile_variables") {
            for (i, v) in vars.body.get_blocks("variable").enumerate() {
                let path = base.join("profile_variables").join("variable").join(i);
                profile.variables.push(VariableIn {
                    json: variable_json(&v.body),
                    span: self.span(v.span().unwrap_or(0..0)),
                    path,
                });
            }
        }
        profile
    }

    fn pack(&mut self, block: &Block, path: Path, seen: &[PackIn]) -> Option<PackIn> {
        let body = &block.body;
        let at = block.span().unwrap_or(0..0);
        let head = at.start
            ..self.text[at.clone()]
                .find('{')
                .map_or(at.end, |i| at.start + i + 1);
        let name = match body.get_attribute("name") {
            Some(a) => {
                string_value(&a.value).unwrap_or_else(|| self.source(a.value.span()).to_owned())
            }
            None => String::new(),
        };
        if name.is_empty() {
            self.read.diagnostics.push(
                self.diag(
                    Code::TemplateProfile,
                    path,
                    head,
                    "a `pack` block has no `name`",
                )
                .with_help("give each pack its `name`"),
            );
            return None;
        }
        if seen.iter().any(|p| p.name == name) {
            self.read.diagnostics.push(
                self.diag(
                    Code::TemplateProfile,
                    path,
                    head,
                    format!("pack `{name}` appears twice in the profile"),
                )
                .with_help("the provider requires unique pack names; keep one"),
            );
            return None;
        }
        let tag = body.get_attribute("tag").map(|a| {
            string_value(&a.value).unwrap_or_else(|| self.source(a.value.span()).to_owned())
        });
        let (values, place) = match body.get_attribute("values") {
            None => (String::new(), Placement::whole(head.clone())),
            Some(a) => self.values(&a.value, &path.join("values"), &name)?,
        };
        Some(PackIn {
            name,
            tag,
            layer: None,
            values,
            place,
            at: self.span(head),
            path,
            origin: 0,
        })
    }

    /// The values text of a `values` expression and where it is.
    fn values(
        &mut self,
        expr: &Expression,
        path: &Path,
        pack: &str,
    ) -> Option<(String, Placement)> {
        let at = expr.span().unwrap_or(0..0);
        match expr {
            Expression::String(s) => {
                let inner = at.start + 1..at.end.saturating_sub(1).max(at.start + 1);
                let (out, chars) = decode(self.text, inner.clone(), Quoting::Quoted);
                Some(exact(s.as_str(), out, chars, at))
            }
            Expression::StringTemplate(t) => Some(self.template(t, Quoting::Quoted, None, at)),
            Expression::HeredocTemplate(h) => {
                Some(self.template(&h.template, Quoting::Heredoc, h.indent(), at))
            }
            Expression::FuncCall(call)
                if call.name.namespace.is_empty()
                    && matches!(call.name.name.as_str(), "file" | "templatefile") =>
            {
                let func = call.name.name.as_str();
                let Some(file) = call.args.iter().next().and_then(file_path) else {
                    self.read.diagnostics.push(self.not_read(
                        path,
                        at,
                        pack,
                        &format!("`{func}(…)` of a path byoos cannot tell offline"),
                    ));
                    return None;
                };
                self.file(&file, func == "templatefile", path, at, pack)
            }
            _ => {
                self.read.diagnostics.push(self.not_read(
                    path,
                    at,
                    pack,
                    "an expression byoos cannot evaluate offline",
                ));
                None
            }
        }
    }

    fn not_read(&self, path: &Path, at: Range<usize>, pack: &str, what: &str) -> Diagnostic {
        self.diag(
            Code::TerraformValues,
            path.clone(),
            at,
            format!("the values of pack `{pack}` are {what}: they are not checked"),
        )
        .with_help("write the values as a heredoc (`<<-EOT`) or `file(\"values.yaml\")`")
    }

    /// The values of `file("name")` (or `templatefile`): the file the host gives.
    fn file(
        &mut self,
        name: &str,
        template: bool,
        path: &Path,
        at: Range<usize>,
        pack: &str,
    ) -> Option<(String, Placement)> {
        let text = match self.read.file(name) {
            Some(t) => t.to_owned(),
            None => match (self.read_file)(name) {
                Ok(t) if t.len() > self.limits.max_input_bytes => {
                    self.read.diagnostics.push(self.diag(
                        Code::LimitInputSize,
                        path.clone(),
                        at,
                        format!(
                            "`{name}` is {} bytes, more than the limit of {} bytes",
                            t.len(),
                            self.limits.max_input_bytes
                        ),
                    ));
                    return None;
                }
                Ok(t) => {
                    self.read.files.push((name.to_owned(), t.clone()));
                    t
                }
                Err(why) => {
                    self.read.diagnostics.push(
                        self.diag(
                            Code::TerraformFile,
                            path.clone(),
                            at,
                            format!("cannot read `{name}`, the values of pack `{pack}`: {why}"),
                        )
                        .with_help("the path is relative to the `.tf` file"),
                    );
                    return None;
                }
            },
        };
        if !template
            || !(text.contains("${")
                || text.contains("%{")
                || text.contains("$${")
                || text.contains("%%{"))
        {
            return Some((text, Placement::file(name.to_owned(), at.clone())));
        }
        // A template file: `$${` is a literal `${`; interpolations stay as written.
        match hcl_edit::parser::parse_template(&text) {
            Ok(t) => {
                let (values, place) = template_in(&text, &t, Quoting::Heredoc, None, 0..text.len());
                Some((values, place.in_file(name.to_owned(), at.clone())))
            }
            Err(_) => Some((text, Placement::file(name.to_owned(), at.clone()))),
        }
    }

    fn template(
        &self,
        t: &Template,
        quoting: Quoting,
        indent: Option<usize>,
        at: Range<usize>,
    ) -> (String, Placement) {
        template_in(self.text, t, quoting, indent, at)
    }
}

/// How a literal's source is decoded.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Quoting {
    /// A quoted string: backslash escapes, `$${`, `%%{`.
    Quoted,
    /// A heredoc or template file: `$${`, `%%{` only.
    Heredoc,
}

/// The text of a template (literals decoded, interpolations and directives as written,
/// indentation stripped by `indent`) and the map of each character to `text`. When the
/// decoding does not reproduce the parser's text exactly, the parser's text is kept and
/// every position maps to the whole expression `at`.
fn template_in(
    text: &str,
    t: &Template,
    quoting: Quoting,
    indent: Option<usize>,
    at: Range<usize>,
) -> (String, Placement) {
    let mut expected = String::new();
    let mut out = String::new();
    let mut chars: Vec<(usize, usize, usize)> = Vec::new();
    // Whether the next character starts a line that the indent stripping applies to.
    let mut line_start = true;
    for e in t.iter() {
        let Some(r) = e.span() else {
            return (expected, Placement::whole(at));
        };
        match e {
            Element::Literal(lit) => {
                expected.push_str(lit.as_str());
                let (decoded, map) = decode(text, r, quoting);
                let mut skip = 0usize;
                let mut line_empty_check = line_start;
                for (ch, (_, s, end)) in decoded.chars().zip(map) {
                    if line_empty_check {
                        line_empty_check = false;
                        skip = if ch == '\n' { 0 } else { indent.unwrap_or(0) };
                    }
                    if skip > 0 && ch != '\n' {
                        skip -= 1;
                    } else {
                        chars.push((out.len(), s, end));
                        out.push(ch);
                    }
                    if ch == '\n' {
                        line_empty_check = true;
                        skip = 0;
                    }
                }
                line_start = line_empty_check;
            }
            _ => {
                let src = text.get(r.clone()).unwrap_or("");
                expected.push_str(src);
                for (i, ch) in src.char_indices() {
                    chars.push((out.len(), r.start + i, r.start + i + ch.len_utf8()));
                    out.push(ch);
                }
                line_start = false;
            }
        }
    }
    if expected == out {
        return (out, Placement::table(chars, at.end..at.end));
    }
    (expected, Placement::whole(at))
}

/// The parser's value when the decoded text reproduces it, with its map; else the
/// parser's value, placed at the whole expression.
fn exact(
    value: &str,
    out: String,
    chars: Vec<(usize, usize, usize)>,
    at: Range<usize>,
) -> (String, Placement) {
    if out == value {
        (out, Placement::table(chars, at.end..at.end))
    } else {
        (value.to_owned(), Placement::whole(at))
    }
}

/// Decode the literal source `text[r]`: each output character with its offset in the
/// output and its source range.
fn decode(text: &str, r: Range<usize>, quoting: Quoting) -> (String, Vec<(usize, usize, usize)>) {
    let src = text.get(r.clone()).unwrap_or("");
    let mut out = String::with_capacity(src.len());
    let mut chars = Vec::with_capacity(src.len());
    let b = src.as_bytes();
    let mut i = 0;
    while i < src.len() {
        let start = i;
        let c = if (b[i] == b'$' || b[i] == b'%')
            && b.get(i + 1) == Some(&b[i])
            && b.get(i + 2) == Some(&b'{')
        {
            i += 2;
            char::from(b[start])
        } else if quoting == Quoting::Quoted && b[i] == b'\\' {
            let (c, len) = escape(&src[i + 1..]);
            i += 1 + len;
            c
        } else {
            let c = src[i..].chars().next().unwrap_or('\u{fffd}');
            i += c.len_utf8().max(1);
            c
        };
        chars.push((out.len(), r.start + start, r.start + i.min(src.len())));
        out.push(c);
    }
    (out, chars)
}

/// The character of a backslash escape (`rest` follows the backslash) and the bytes it
/// takes after the backslash.
fn escape(rest: &str) -> (char, usize) {
    let hex = |n: usize| {
        rest.get(1..=n)
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .and_then(char::from_u32)
    };
    match rest.as_bytes().first() {
        Some(b'n') => ('\n', 1),
        Some(b'r') => ('\r', 1),
        Some(b't') => ('\t', 1),
        Some(b'"') => ('"', 1),
        Some(b'\\') => ('\\', 1),
        Some(b'u') => hex(4).map_or(('u', 1), |c| (c, 5)),
        Some(b'U') => hex(8).map_or(('U', 1), |c| (c, 9)),
        _ => {
            let c = rest.chars().next().unwrap_or('\\');
            (c, c.len_utf8())
        }
    }
}

/// The text of a literal string expression.
fn string_value(e: &Expression) -> Option<String> {
    match e {
        Expression::String(s) => Some(s.as_str().to_owned()),
        _ => None,
    }
}

/// The literal string value of attribute `key` of `body`.
fn literal(body: &Body, key: &str) -> Option<String> {
    body.get_attribute(key).and_then(|a| string_value(&a.value))
}

/// The path `file("…")` names, relative to the `.tf` file: a literal string, or one that
/// starts with `${path.module}/` (or `${path.root}/`, `${path.cwd}/`).
fn file_path(e: &Expression) -> Option<String> {
    let raw = match e {
        Expression::String(s) => s.as_str().to_owned(),
        Expression::StringTemplate(t) => {
            let mut parts = t.iter();
            let first = parts.next()?;
            let Element::Interpolation(i) = first else {
                return None;
            };
            let Expression::Traversal(tr) = &i.expr else {
                return None;
            };
            let is_path = matches!(&tr.expr, Expression::Variable(v) if v.as_str() == "path");
            if !is_path || tr.operators.len() != 1 {
                return None;
            }
            let mut rest = String::new();
            for p in parts {
                match p {
                    Element::Literal(l) => rest.push_str(l.as_str()),
                    _ => return None,
                }
            }
            rest.trim_start_matches('/').to_owned()
        }
        _ => return None,
    };
    let p = raw.trim_start_matches("./");
    (!p.is_empty()).then(|| p.to_owned())
}

/// A `variable {}` block as Palette's `V1Variable` JSON.
fn variable_json(body: &Body) -> Value {
    let mut m = Map::new();
    for a in body.attributes() {
        let key = match a.key.as_str() {
            "display_name" => "displayName",
            "default_value" => "defaultValue",
            "is_sensitive" => "isSensitive",
            "input_type" => "inputType",
            k => k,
        };
        if let Some(v) = json_value(&a.value) {
            m.insert(key.to_owned(), v);
        }
    }
    let options: Vec<Value> = body
        .get_blocks("options")
        .map(|o| {
            let mut om = Map::new();
            for a in o.body.attributes() {
                if let Some(v) = json_value(&a.value) {
                    om.insert(a.key.as_str().to_owned(), v);
                }
            }
            Value::Object(om)
        })
        .collect();
    if !options.is_empty() {
        m.insert("options".into(), Value::Array(options));
    }
    Value::Object(m)
}

/// A literal expression as JSON.
fn json_value(e: &Expression) -> Option<Value> {
    match e {
        Expression::String(s) => Some(Value::String(s.as_str().to_owned())),
        Expression::Bool(b) => Some(Value::Bool(*b.value())),
        Expression::Number(n) => serde_json::to_value(n.value().to_string()).ok(),
        Expression::Null(_) => Some(Value::Null),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_files(_: &str) -> Result<String, String> {
        Err("no files".into())
    }

    #[test]
    fn a_heredoc_maps_each_character_to_the_tf_file() {
        let tf = "resource \"spectrocloud_cluster_profile\" \"edge\" {\n  name = \"edge\"\n  pack {\n    name   = \"edge-native-byoi\"\n    values = <<-EOT\n      pack:\n        osName: \"a$${b}\"\n    EOT\n  }\n}\n";
        let read = read(tf, &Limits::default(), &no_files).unwrap();
        let p = &read.profiles[0].packs[0];
        assert_eq!(p.values, "pack:\n  osName: \"a${b}\"\n");
        let at = p.values.find("osName").unwrap();
        let r = p.place.range(at..at + 6, tf);
        assert_eq!(&tf[r], "osName");
        let at = p.values.find("${b}").unwrap();
        let r = p.place.range(at..at + 4, tf);
        assert_eq!(&tf[r], "$${b}");
    }

    #[test]
    fn a_quoted_string_maps_through_its_escapes() {
        let tf = "resource \"spectrocloud_cluster_profile\" \"p\" {\n  pack {\n    name = \"x\"\n    values = \"a:\\n  b: \\\"\\u00e9\\\"\\n\"\n  }\n}\n";
        let read = read(tf, &Limits::default(), &no_files).unwrap();
        let p = &read.profiles[0].packs[0];
        assert_eq!(p.values, "a:\n  b: \"é\"\n");
        let at = p.values.find('é').unwrap();
        assert_eq!(&tf[p.place.range(at..at + 2, tf)], "\\u00e9");
    }

    #[test]
    fn sniffs_terraform_not_yaml() {
        assert!(looks_like_hcl("# x\nresource \"a\" \"b\" {}\n"));
        assert!(looks_like_hcl("terraform {\n}\n"));
        assert!(!looks_like_hcl("resource: x\n"));
        assert!(!looks_like_hcl("pack:\n  osName: x\n"));
    }
}
