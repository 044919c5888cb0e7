//! Reading a Packer manifest: the JSON text through [`Document`] (every value with its
//! span, under the budgets of any document), then the one build of one run the values
//! are made from.

use super::{At, Px};
use crate::codes::Code;
use crate::diagnostic::Finding;
use crate::diagnostic::{self, Path, Severity};
use crate::image::show;
use crate::limits::Limits;
use crate::yaml::{Document, NodeKind, NodeRef, Style};
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

/// The largest manifest read (16 MiB).
const MAX_MANIFEST_BYTES: usize = 16 * 1024 * 1024;

const WRITTEN_HELP: &str = "pass the `packer-manifest.json` the manifest post-processor wrote";

/// The manifest's text as the YAML reader takes it, after checking that it is JSON
/// (serde_json's grammar and messages); `None` after a diagnostic.
pub(super) fn yaml_text<'t>(px: &mut Px<'t>) -> Option<Cow<'t, str>> {
    let text = px.text;
    if text.len() > MAX_MANIFEST_BYTES {
        let d = px
            .diag(
                Code::LimitInputSize,
                &Path::root(),
                0..0,
                format!(
                    "the manifest is {} bytes; at most {MAX_MANIFEST_BYTES} are read",
                    text.len()
                ),
            )
            .with_help(WRITTEN_HELP);
        px.diags.push(d);
        return None;
    }
    if let Err(e) = serde_json::from_str::<AnyJson>(text) {
        let at = json_error_offset(px, e.line(), e.column());
        let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
        let msg = e.to_string();
        let msg = msg.split(" at line ").next().unwrap_or(&msg);
        let d = px
            .diag(
                Code::ImagePackerManifest,
                &Path::root(),
                at..end,
                format!("the Packer manifest is not valid JSON: {msg}"),
            )
            .with_help(WRITTEN_HELP);
        px.diags.push(d);
        return None;
    }
    Some(yaml_readable(text))
}

/// A JSON text as YAML 1.2 reads it with the same structure and spans.
///
/// YAML reads JSON but for what a JSON string may hold and a YAML one may not: the
/// characters a YAML stream may not hold (U+007F, C1 controls but U+0085, U+FFFE, U+FFFF)
/// and `\u` escapes of UTF-16 surrogates (`\ud83d\ude00`). Each is replaced by text of
/// the same length in bytes and characters (`_`, `é`, U+FFFD, `\uFFFD`), so every offset,
/// line and column is the same in both texts; strings are decoded from the original
/// ([`Json::str`]). In valid JSON a `\` always starts an escape inside a string, so one
/// pass over the bytes finds them.
fn yaml_readable(text: &str) -> Cow<'_, str> {
    let b = text.as_bytes();
    let mut out: Option<Vec<u8>> = None;
    let mut put = |at: usize, with: &[u8]| {
        out.get_or_insert_with(|| b.to_vec())[at..at + with.len()].copy_from_slice(with);
    };
    let mut i = 0;
    while i < b.len() {
        i += match (b[i], b.get(i + 1).copied(), b.get(i + 2).copied()) {
            (b'\\', Some(b'u'), _) if b.get(i + 2..i + 6).is_some_and(is_surrogate_hex) => {
                put(i + 2, b"FFFD");
                6
            }
            (b'\\', _, _) => 2,
            (0x7f, _, _) => {
                put(i, b"_");
                1
            }
            (0xc2, Some(c), _) if (0x80..=0x9f).contains(&c) && c != 0x85 => {
                put(i, "\u{e9}".as_bytes());
                2
            }
            (0xef, Some(0xbf), Some(0xbe | 0xbf)) => {
                put(i, "\u{fffd}".as_bytes());
                3
            }
            _ => 1,
        };
    }
    match out.map(String::from_utf8) {
        Some(Ok(s)) => Cow::Owned(s),
        _ => Cow::Borrowed(text),
    }
}

/// Four hex digits of a UTF-16 surrogate (`D800` to `DFFF`).
fn is_surrogate_hex(h: &[u8]) -> bool {
    std::str::from_utf8(h)
        .ok()
        .and_then(|h| u16::from_str_radix(h, 16).ok())
        .is_some_and(|u| (0xd800..=0xdfff).contains(&u))
}

/// Any JSON value, read and dropped: serde_json checks it as it checks a
/// `serde_json::Value` (the same grammar, escapes, number range and nesting limit, the
/// same errors at the same places) without building one.
struct AnyJson;

impl<'de> Deserialize<'de> for AnyJson {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(AnyJson)
    }
}

impl<'de> Visitor<'de> for AnyJson {
    type Value = AnyJson;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<AnyJson, E> {
        Ok(AnyJson)
    }

    fn visit_i64<E>(self, _: i64) -> Result<AnyJson, E> {
        Ok(AnyJson)
    }

    fn visit_u64<E>(self, _: u64) -> Result<AnyJson, E> {
        Ok(AnyJson)
    }

    fn visit_f64<E>(self, _: f64) -> Result<AnyJson, E> {
        Ok(AnyJson)
    }

    fn visit_str<E>(self, _: &str) -> Result<AnyJson, E> {
        Ok(AnyJson)
    }

    fn visit_unit<E>(self) -> Result<AnyJson, E> {
        Ok(AnyJson)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<AnyJson, A::Error> {
        while seq.next_element::<AnyJson>()?.is_some() {}
        Ok(AnyJson)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AnyJson, A::Error> {
        while map.next_key::<AnyJson>()?.is_some() {
            map.next_value::<AnyJson>()?;
        }
        Ok(AnyJson)
    }
}

/// serde_json's 1-based line and column (in bytes) → a byte offset, on a char boundary.
fn json_error_offset(px: &Px<'_>, line: usize, column: usize) -> usize {
    if line == 0 {
        return 0;
    }
    let range = px.index.line_range(px.text, line);
    let at = (range.start + column.saturating_sub(1)).min(px.text.len());
    crate::source::floor_char_boundary(px.text, at)
}

/// The manifest as a document, with the default [`Limits`]; `None` after a diagnostic
/// (a manifest past a budget).
pub(super) fn document<'t>(px: &mut Px<'_>, yaml_text: &'t str) -> Option<Document<'t>> {
    let mut diags = Vec::new();
    let doc = Document::parse(yaml_text, &Limits::default(), &mut diags);
    let failed = diagnostic::has_errors(&diags);
    // Offsets are the same in both texts; the spans are made again from the manifest's.
    for d in diags {
        let mut nd = px
            .diag(d.code, &d.path, d.span.range(), d.message)
            .with_severity(d.severity);
        nd.help = d.help;
        px.diags.push(nd);
    }
    (!failed).then_some(doc)
}

/// A JSON value of the manifest: its node, and the manifest's text its strings are read
/// from.
#[derive(Clone, Copy)]
pub(super) struct Json<'d, 't> {
    node: NodeRef<'d, 't>,
    src: &'t str,
}

impl<'d, 't> Json<'d, 't> {
    /// The bytes of the value (a string with its quotes). A JSON value neither starts
    /// nor ends with whitespace; the document's range of a flow collection may run on
    /// over the spaces after its closing bracket.
    pub(super) fn range(&self) -> Range<usize> {
        let r = self.node.range();
        let ws = |b: &u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n');
        let Some(bytes) = self.src.as_bytes().get(r.clone()) else {
            return r;
        };
        let lead = bytes.iter().take_while(|b| ws(b)).count();
        let trail = bytes[lead..].iter().rev().take_while(|b| ws(b)).count();
        r.start + lead..r.end - trail
    }

    /// The member `key` of an object: the last of that name, as JSON readers take it.
    pub(super) fn get(&self, key: &str) -> Option<Json<'d, 't>> {
        let NodeKind::Mapping(entries) = &self.node.node().kind else {
            return None;
        };
        let doc = self.node.doc();
        entries
            .iter()
            .rev()
            .find(|(k, _)| doc.node_ref(*k).scalar().is_some_and(|(s, _)| s == key))
            .map(|(_, v)| Json {
                node: doc.node_ref(*v),
                src: self.src,
            })
    }

    /// The items of an array.
    pub(super) fn items(&self) -> Option<Vec<Json<'d, 't>>> {
        let NodeKind::Sequence(items) = &self.node.node().kind else {
            return None;
        };
        let doc = self.node.doc();
        Some(
            items
                .iter()
                .map(|id| Json {
                    node: doc.node_ref(*id),
                    src: self.src,
                })
                .collect(),
        )
    }

    /// Whether this is an object.
    pub(super) fn is_object(&self) -> bool {
        matches!(self.node.node().kind, NodeKind::Mapping(_))
    }

    /// The text of a string (`None` for any other value), decoded from the manifest's
    /// text as JSON decodes it.
    pub(super) fn str(&self) -> Option<Cow<'t, str>> {
        if !matches!(
            self.node.node().kind,
            NodeKind::Scalar {
                style: Style::DoubleQuoted,
                ..
            }
        ) {
            return None;
        }
        let literal = self.src.get(self.range())?;
        let inner = literal.get(1..literal.len().checked_sub(1)?)?;
        if inner.contains('\\') {
            serde_json::from_str::<String>(literal).ok().map(Cow::Owned)
        } else {
            Some(Cow::Borrowed(inner))
        }
    }

    /// The string member `key`.
    pub(super) fn field(&self, key: &str) -> Option<Cow<'t, str>> {
        self.get(key).and_then(|v| v.str())
    }
}

/// The manifest's top-level value.
pub(super) struct Manifest<'d, 't> {
    root: Option<Json<'d, 't>>,
}

/// The build the values are made from.
pub(super) struct Build<'d, 't> {
    /// The build's object.
    pub(super) json: Json<'d, 't>,
    /// `["builds", i]`.
    pub(super) path: Path,
}

impl<'d, 't> Build<'d, 't> {
    /// The build's path and range.
    pub(super) fn at(&self) -> At {
        At {
            path: self.path.clone(),
            range: self.json.range(),
        }
    }

    /// The path and range of the member `key` (the build's own when it has none).
    pub(super) fn at_member(&self, key: &str) -> At {
        match self.json.get(key) {
            Some(v) => At {
                path: self.path.join(key),
                range: v.range(),
            },
            None => self.at(),
        }
    }
}

/// The builds list: its items, their `packer_run_uuid`s, and where it is.
struct Builds<'d, 't> {
    items: Vec<Json<'d, 't>>,
    runs: Vec<Option<Cow<'t, str>>>,
    at: At,
}

impl Builds<'_, '_> {
    fn name(&self, i: usize) -> Option<Cow<'_, str>> {
        self.items[i].field("name")
    }

    fn of_run(&self, run: Option<&str>) -> Vec<usize> {
        (0..self.items.len())
            .filter(|&i| self.runs[i].as_deref() == run)
            .collect()
    }
}

impl<'d, 't> Manifest<'d, 't> {
    pub(super) fn new(doc: &'d Document<'t>, src: &'t str) -> Self {
        Manifest {
            root: doc.root().map(|node| Json { node, src }),
        }
    }

    fn root_at(&self) -> At {
        At {
            path: Path::root(),
            range: self.root.map_or(0..0, |r| r.range()),
        }
    }

    /// The build of the chosen run (and name); `None` after an error.
    pub(super) fn build(
        &self,
        px: &mut Px<'_>,
        options: &super::PackerOptions,
    ) -> Option<Build<'d, 't>> {
        let builds = self.builds(px)?;
        let mut picked = self.pick_run(px, &builds, options)?;
        if let Some(name) = options.build.as_deref() {
            let names: Vec<String> = picked
                .iter()
                .filter_map(|&i| builds.name(i).map(Cow::into_owned))
                .collect();
            picked.retain(|&i| builds.name(i).as_deref() == Some(name));
            if picked.is_empty() {
                px.push(
                    &builds.at.path,
                    Finding::new(
                        Code::ImagePackerManifest,
                        builds.at.range.clone(),
                        format!("the run has no build named `{}`", show(name)),
                    )
                    .help(format!("builds of the run: {}", names.join(", ")))
                    .severity(Severity::Error),
                );
                return None;
            }
        }
        if picked.len() > 1 {
            let names: Vec<String> = picked
                .iter()
                .map(|&i| {
                    builds
                        .name(i)
                        .map_or_else(|| format!("#{i}"), Cow::into_owned)
                })
                .collect();
            px.push(
                &builds.at.path,
                Finding::new(
                    Code::ImagePackerManifest,
                    builds.at.range.clone(),
                    format!(
                        "the run has {} builds; one image goes into `osImageOverride`",
                        picked.len()
                    ),
                )
                .help(format!(
                    "choose one with the build option: {}",
                    names.join(", ")
                ))
                .severity(Severity::Error),
            );
            return None;
        }
        let i = picked[0];
        Some(Build {
            json: builds.items[i],
            path: builds.at.path.join(i),
        })
    }

    /// The non-empty `builds` list.
    fn builds(&self, px: &mut Px<'_>) -> Option<Builds<'d, 't>> {
        let list = self.root.and_then(|r| r.get("builds"));
        let Some(items) = list.and_then(|l| l.items()) else {
            let at = self.root_at();
            px.push(
                &at.path,
                Finding::new(
                    Code::ImagePackerManifest,
                    at.range,
                    "not a Packer manifest: there is no `builds` list",
                )
                .help("pass the file the manifest post-processor wrote (`packer-manifest.json`)")
                .severity(Severity::Error),
            );
            return None;
        };
        let at = At {
            path: Path::root().join("builds"),
            range: list.map_or(0..0, |l| l.range()),
        };
        if items.is_empty() {
            px.push(
                &at.path,
                Finding::new(
                    Code::ImagePackerManifest,
                    at.range,
                    "the manifest lists no builds",
                )
                .help("run `packer build` with the manifest post-processor first")
                .severity(Severity::Error),
            );
            return None;
        }
        let runs = items.iter().map(|b| b.field("packer_run_uuid")).collect();
        Some(Builds { items, runs, at })
    }

    /// The builds of the run the options name (`last_run_uuid` by default).
    fn pick_run(
        &self,
        px: &mut Px<'_>,
        builds: &Builds<'_, '_>,
        options: &super::PackerOptions,
    ) -> Option<Vec<usize>> {
        let last_run = self.root.and_then(|r| r.get("last_run_uuid"));
        let mut runs: Vec<&str> = builds.runs.iter().filter_map(Option::as_deref).collect();
        runs.dedup();
        let named = options
            .run
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty() && *r != "last");
        let wanted = match named {
            None => last_run.and_then(|l| l.str()).filter(|s| !s.is_empty()),
            Some(u) => Some(Cow::Borrowed(u)),
        };
        let picked = match &wanted {
            Some(u) => builds.of_run(Some(u)),
            None => {
                if runs.len() > 1 {
                    px.push(&builds.at.path, Finding::new(Code::ImagePackerManifest, builds.at.range.clone(), "the manifest has builds of several runs and no `last_run_uuid`; the run of the last build is used").help("give the run (its `packer_run_uuid`) to choose another").severity(Severity::Warning));
                }
                builds.of_run(builds.runs[builds.items.len() - 1].as_deref())
            }
        };
        if !picked.is_empty() {
            return Some(picked);
        }
        let u = wanted.unwrap_or_default();
        let (at, msg) = match (named, last_run) {
            (None, Some(l)) => (
                At {
                    path: Path::root().join("last_run_uuid"),
                    range: l.range(),
                },
                format!("no build has the `last_run_uuid` `{}`", show(&u)),
            ),
            _ => (
                self.root_at(),
                format!("no build of the run `{}` in the manifest", show(&u)),
            ),
        };
        let runs = if runs.is_empty() {
            "(none)".to_owned()
        } else {
            runs.join(", ")
        };
        px.push(
            &at.path,
            Finding::new(Code::ImagePackerManifest, at.range, msg)
                .help(format!("runs in the manifest: {runs}"))
                .severity(Severity::Error),
        );
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `AnyJson` refuses what `serde_json::Value` refuses, with the same error.
    #[test]
    fn any_json_checks_as_value_does() {
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        for text in [
            "",
            "{",
            "{\"a\": 1,}",
            "[1 2]",
            "\"\\ud800\"",
            "\"\\udc00x\"",
            "\"\\ud83d\\ude00\"",
            "{\"\\ud800\": 1}",
            "1e400",
            "-1e400",
            "123456789012345678901234567890",
            "\"\\x\"",
            "\"a\tb\"",
            "nul",
            "{\"a\": [true, false, null, -0.5e-3, {}]}",
            "{\"a\": 1, \"a\": 2} x",
            &deep,
        ] {
            let value = serde_json::from_str::<serde_json::Value>(text).map_err(|e| e.to_string());
            let any = serde_json::from_str::<AnyJson>(text).map_err(|e| e.to_string());
            assert_eq!(value.err(), any.err(), "{text:?}");
        }
    }

    /// The YAML-readable text keeps every offset and is only copied when it must be.
    #[test]
    fn yaml_readable_keeps_offsets() {
        assert!(matches!(
            yaml_readable("{\"a\": \"\\\\ud800\"}"),
            Cow::Borrowed(_)
        ));
        let text = "[\"a\u{7f}\u{85}\u{9f}\u{fffe}\", \"\\ud83d\\ude00\", \"\\\\ud83d\"]";
        let out = yaml_readable(text);
        assert_eq!(
            out,
            "[\"a_\u{85}\u{e9}\u{fffd}\", \"\\uFFFD\\uFFFD\", \"\\\\ud83d\"]"
        );
        assert_eq!(out.len(), text.len());
        assert_eq!(out.chars().count(), text.chars().count());
    }
}
