//! `from_image_config`: CAPI Image Builder's `imageconfig` (Palette's image builder for
//! vSphere) → `generic-byoi` values.
//!
//! The file is flat `key=value` lines with `#` comments. The image it builds is
//! uploaded to `vcenter_folder` and made a template; the values name that template by
//! its inventory path, `/{vcenter_datacenter}/vm/{vcenter_folder}/{name}`, where the
//! name is the OVA's (`<os_version>-kube-v<k8s_version>`, or the file found in the
//! output folder, or the name given), and take `osName` and `osVersion` from
//! `os_version` split at its first `-` (`rhel-8` → `rhel`, `8`). Diagnostics point into
//! the file, at the line of the key concerned, with the key as path; the values of
//! secret keys (`vcenter_password`, `rhel_subscription_pass`) are never shown.

use crate::codes::Code;
use crate::diagnostic::{self, Diagnostic, Finding, Path, Segment, Severity, Span};
use crate::image::{show, Provider};
use crate::limits::Limits;
use crate::packer::{PackerResult, Validate};
use crate::source::LineIndex;
use serde::Deserialize;
use std::collections::HashMap;
use std::ops::Range;

/// Options of [`from_image_config`](crate::from_image_config). All are optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct ImageConfigOptions {
    /// The name of the vSphere template made from the image, when it is not the OVA's.
    pub template: Option<String>,
    /// The file names in the build's output folder (`output/<image_name>/`): the OVA
    /// among them names the template.
    pub output_files: Vec<String>,
}

impl ImageConfigOptions {
    /// Options naming the vSphere template.
    #[must_use]
    pub fn with_template(mut self, name: impl Into<String>) -> Self {
        self.template = Some(name.into());
        self
    }

    /// Options with the file names of the build's output folder.
    #[must_use]
    pub fn with_output_files(mut self, names: impl IntoIterator<Item = String>) -> Self {
        self.output_files = names.into_iter().collect();
        self
    }
}

/// The result of [`from_image_config`](crate::from_image_config): the same shape as
/// [`PackerResult`], with spans into the `imageconfig`.
pub type ImageConfigResult = PackerResult;

/// The OS versions the image builder documents.
const DOCUMENTED_OS: [&str; 4] = ["rhel-8", "rhel-9", "rockylinux-8", "rockylinux-9"];

/// The most lines read: an `imageconfig` has a few dozen.
const MAX_LINES: usize = 10_000;

/// One `key=value` line: the key, the value, and where each is.
#[derive(Debug)]
struct Entry<'t> {
    key: &'t str,
    value: &'t str,
    key_at: Range<usize>,
    value_at: Range<usize>,
}

/// The keys of the file (the last of each, as a shell or an env file reads them).
struct Config<'t> {
    text: &'t str,
    index: LineIndex,
    entries: Vec<Entry<'t>>,
    diags: Vec<Diagnostic>,
}

impl<'t> Config<'t> {
    fn get(&self, key: &str) -> Option<&Entry<'t>> {
        self.entries.iter().rev().find(|e| e.key == key)
    }

    /// The value of `key`, when it says something.
    fn value(&self, key: &str) -> Option<&'t str> {
        self.get(key).map(|e| e.value).filter(|v| !v.is_empty())
    }

    /// The key that names the OS: `os_version`, or `os_versions` (as the reference page
    /// spells it) when only that one is given.
    fn os_key(&self) -> &'static str {
        if self.get("os_version").is_none() && self.get("os_versions").is_some() {
            "os_versions"
        } else {
            "os_version"
        }
    }

    fn push(&mut self, path: Path, finding: Finding) {
        let span = Span::new(self.text, &self.index, finding.at.start, finding.at.end);
        self.diags.push(finding.place(path, span));
    }

    /// A finding at the line of `key` (its value when it has one), else at the start.
    fn at_key(&mut self, key: &str, finding: impl FnOnce(Range<usize>) -> Finding) {
        let at = self.get(key).map_or(0..0, |e| {
            if e.value.is_empty() {
                e.key_at.clone()
            } else {
                e.value_at.clone()
            }
        });
        self.push(Path::root().join(key), finding(at));
    }
}

/// Read the `key=value` lines of `text`; a line that is not one is a warning.
fn read(text: &str) -> Config<'_> {
    let mut config = Config {
        text,
        index: LineIndex::new(text),
        entries: Vec::new(),
        diags: Vec::new(),
    };
    let mut start = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let at = start;
        start += line.len();
        if n == MAX_LINES {
            let f = Finding::new(
                Code::LimitInputSize,
                at..text.len(),
                format!("the file has more than {MAX_LINES} lines; the rest is not read"),
            )
            .help("an imageconfig has a few dozen `key=value` lines");
            config.push(Path::root(), f);
            break;
        }
        let body = line.trim_end_matches(['\n', '\r']);
        let lead = body.len() - body.trim_start().len();
        let content = body.trim();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let content_at = at + lead..at + lead + content.len();
        let Some(eq) = content.find('=') else {
            let f = Finding::new(
                Code::ImageImageConfig,
                content_at,
                "this line is not `key=value`; it is not read",
            )
            .help("write `key=value`, or start the line with `#` to comment it out")
            .severity(Severity::Warning);
            config.push(Path::root(), f);
            continue;
        };
        let key = content[..eq].trim_end();
        let raw = &content[eq + 1..];
        let value = raw.trim();
        let value_start = content_at.start + eq + 1 + (raw.len() - raw.trim_start().len());
        config.entries.push(Entry {
            key,
            value,
            key_at: content_at.start..content_at.start + key.len(),
            value_at: value_start..value_start + value.len(),
        });
    }
    repeated_keys(&mut config);
    config
}

/// A key set twice: the last one is read; say so at the first.
fn repeated_keys(config: &mut Config<'_>) {
    let mut count: HashMap<&str, (usize, usize)> = HashMap::new();
    for (i, e) in config.entries.iter().enumerate() {
        count.entry(e.key).or_insert((i, 0)).1 += 1;
    }
    let mut first: Vec<usize> = count
        .values()
        .filter(|(_, n)| *n > 1)
        .map(|(i, _)| *i)
        .collect();
    first.sort_unstable();
    let found: Vec<(String, Range<usize>)> = first
        .into_iter()
        .map(|i| {
            (
                config.entries[i].key.to_owned(),
                config.entries[i].key_at.clone(),
            )
        })
        .collect();
    for (key, at) in found {
        let f = Finding::new(
            Code::ImageImageConfig,
            at,
            format!(
                "`{}` is set more than once; the last one is read",
                show(&key)
            ),
        )
        .help("keep one line for each key")
        .severity(Severity::Warning);
        config.push(Path::root().join(key.as_str()), f);
    }
}

/// Turn an `imageconfig` into `generic-byoi` values (the engine of
/// [`crate::from_image_config`]), the values checked by `validate`. Never fails: every
/// problem is a diagnostic pointing into `text`.
pub(crate) fn from_image_config(
    text: &str,
    options: &ImageConfigOptions,
    validate: Validate<'_>,
) -> ImageConfigResult {
    let limit = Limits::default().max_input_bytes;
    if text.len() > limit {
        let d = Finding::new(
            Code::LimitInputSize,
            0..0,
            format!("the file is {} bytes; at most {limit} are read", text.len()),
        )
        .help("an imageconfig has a few dozen `key=value` lines")
        .place(Path::root(), Span::new("", &LineIndex::new(""), 0, 0));
        return PackerResult {
            ok: false,
            text: None,
            diagnostics: vec![d],
        };
    }
    let mut config = read(text);
    let values = values_of(&mut config, options);
    if let Some(values) = &values {
        check_values(&mut config, values, validate);
    }
    let mut diagnostics = config.diags;
    crate::secrets::redact(text, &mut diagnostics);
    diagnostic::sort(&mut diagnostics);
    let ok = !diagnostic::has_errors(&diagnostics);
    PackerResult {
        ok,
        text: values.filter(|_| ok).map(|v| v.text),
        diagnostics,
    }
}

/// The values and the keys each came from.
struct Values {
    text: String,
    /// The key `osImageOverride` came from (the datacenter, the folder, the name).
    image_key: &'static str,
}

fn values_of(config: &mut Config<'_>, options: &ImageConfigOptions) -> Option<Values> {
    if let Some(cloud) = config.value("cloud_type") {
        if cloud != "vmware" {
            let message = format!(
                "the image is built for `{}`; only vSphere images (`vmware`) become values here",
                show(cloud)
            );
            config.at_key("cloud_type", |at| {
                Finding::new(Code::ImageImageConfig, at, message).help(
                    "for a Packer build of another cloud, convert its packer-manifest.json instead",
                )
            });
            return None;
        }
    }
    let os = os_fields(config);
    let name = template_name(config, options);
    let datacenter = required(
        config,
        "vcenter_datacenter",
        "the datacenter of the vSphere inventory path",
    );
    if let Some(k8s) = config.value("k8s_version") {
        let version = k8s.trim_start_matches('v').to_owned();
        config.at_key("k8s_version", |at| {
            Finding::new(
                Code::ImageKubernetesVersion,
                at,
                format!("the image has Kubernetes {}", show(&version)),
            )
            .help(format!(
                "use Kubernetes {} in the cluster profile's Kubernetes pack",
                show(&version)
            ))
        });
    }
    let ((os_name, os_version), name, datacenter) = (os?, name?, datacenter?);
    let folder = config
        .value("vcenter_folder")
        .map(|f| f.trim_matches('/'))
        .filter(|f| !f.is_empty());
    let path = match folder {
        Some(folder) => format!("/{datacenter}/vm/{folder}/{name}"),
        None => format!("/{datacenter}/vm/{name}"),
    };
    let quote = crate::yaml::scalar::double_quoted;
    Some(Values {
        text: format!(
            "pack:\n  osImageOverride: {}\n  osName: {}\n  osVersion: {}\n",
            quote(&path),
            quote(os_name),
            quote(os_version)
        ),
        image_key: if folder.is_some() {
            "vcenter_folder"
        } else {
            "vcenter_datacenter"
        },
    })
}

/// The value of a key the values need; an error when it is missing or empty.
fn required<'t>(config: &mut Config<'t>, key: &'static str, what: &str) -> Option<&'t str> {
    let value = config.value(key);
    if value.is_none() {
        let message = format!("`{key}` is missing or empty; the values need {what}");
        config.at_key(key, |at| {
            Finding::new(Code::ImageImageConfig, at, message).help(format!("add `{key}=…`"))
        });
    }
    value
}

/// `osName` and `osVersion` from `os_version` (`os_versions`, as the reference page
/// spells it, is read too).
fn os_fields<'t>(config: &mut Config<'t>) -> Option<(&'t str, &'t str)> {
    let key = config.os_key();
    let os = required(config, key, "the OS of the image (e.g. `rhel-8`)")?;
    let split = os
        .split_once('-')
        .filter(|(n, v)| !n.is_empty() && !v.is_empty());
    let Some((name, version)) = split else {
        let message = format!(
            "`{}` is not `<os>-<version>`; the values need both",
            show(os)
        );
        config.at_key(key, |at| {
            Finding::new(Code::ImageImageConfig, at, message)
                .help(format!("one of: {}", DOCUMENTED_OS.join(", ")))
        });
        return None;
    };
    if !DOCUMENTED_OS.contains(&os) {
        let message = format!("`{}` is not an OS the image builder documents", show(os));
        config.at_key(key, |at| {
            Finding::new(Code::ImageImageConfig, at, message)
                .help(format!("documented: {}", DOCUMENTED_OS.join(", ")))
                .severity(Severity::Warning)
        });
    }
    Some((name, version))
}

/// The template's name: given, else the OVA of the output folder, else the name the
/// image builder gives the OVA (`<os_version>-kube-v<k8s_version>`).
fn template_name(config: &mut Config<'_>, options: &ImageConfigOptions) -> Option<String> {
    if let Some(t) = options
        .template
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        return Some(t.to_owned());
    }
    let ovas: Vec<&str> = options
        .output_files
        .iter()
        .filter_map(|f| f.rsplit('/').next()?.strip_suffix(".ova"))
        .filter(|stem| !stem.is_empty())
        .collect();
    match ovas.as_slice() {
        [one] => return Some((*one).to_owned()),
        [] => {}
        many => {
            let message = format!(
                "the output folder has {} OVAs ({}); which one is the template?",
                many.len(),
                many.iter().map(|m| show(m)).collect::<Vec<_>>().join(", ")
            );
            config.push(
                Path::root(),
                Finding::new(Code::ImageImageConfig, 0..0, message)
                    .help("give the template's name"),
            );
            return None;
        }
    }
    let os = config.value(config.os_key())?;
    let Some(k8s) = config.value("k8s_version") else {
        required(
            config,
            "k8s_version",
            "the Kubernetes version the OVA is named after",
        );
        return None;
    };
    Some(format!("{os}-kube-v{}", k8s.trim_start_matches('v')))
}

/// Check the values as `validate` would: an error it finds is an error of the
/// conversion, at the key the value came from.
fn check_values(config: &mut Config<'_>, values: &Values, validate: Validate<'_>) {
    let found = validate(&values.text, Provider::Vsphere, None);
    for d in found.iter().filter(|d| d.is_error()) {
        let key = match d.path.0.get(1) {
            Some(Segment::Key(k)) if k == "osName" || k == "osVersion" => config.os_key(),
            _ => values.image_key,
        };
        let message = format!("the values would fail `validate`: {}", d.message);
        let help = d.help.clone();
        config.at_key(key, |at| {
            let f = Finding::new(d.code, at, message).severity(Severity::Error);
            match help {
                Some(h) => f.help(h),
                None => f,
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn convert(text: &str) -> ImageConfigResult {
        crate::from_image_config(text, &ImageConfigOptions::default())
    }

    #[test]
    fn budgets() {
        let big = "x".repeat(Limits::default().max_input_bytes + 1);
        let r = convert(&big);
        assert_eq!(r.diagnostics.len(), 1);
        assert_eq!(r.diagnostics[0].code, Code::LimitInputSize);
        let many = "a=b\n".repeat(MAX_LINES + 5);
        let r = convert(&many);
        assert!(r.diagnostics.iter().any(|d| d.code == Code::LimitInputSize));
        assert!(r.text.is_none());
    }

    /// Every key set twice is reported once, at its first line, in file order.
    #[test]
    fn repeated_keys_once_each() {
        let r = convert("b=1\na=1\nb=2\na=2\nb=3\n");
        let repeated: Vec<(String, u32)> = r
            .diagnostics
            .iter()
            .filter(|d| d.message.contains("more than once"))
            .map(|d| (d.path.to_string(), d.span.line))
            .collect();
        assert_eq!(repeated, [("b".to_owned(), 1), ("a".to_owned(), 2)]);
    }

    /// `key = value` with spaces and CRLF line ends read as `key=value`.
    #[test]
    fn spacing_and_crlf() {
        let r =
            convert("os_version = rhel-9\r\nk8s_version=v1.31.0\r\nvcenter_datacenter = DC 1\r\n");
        assert_eq!(
            r.text.as_deref(),
            Some("pack:\n  osImageOverride: \"/DC 1/vm/rhel-9-kube-v1.31.0\"\n  osName: \"rhel\"\n  osVersion: \"9\"\n"),
            "{:?}",
            r.diagnostics
        );
    }
}
