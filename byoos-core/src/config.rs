//! Configuration: the settings of `byoos.toml` (or `[tool.byoos]` in `pyproject.toml`)
//! and of the bindings' `config` option, read into one [`Config`].
//!
//! No file is read here: [`Config::parse`] takes the text of a configuration file and
//! its name; the CLI finds and reads the file. The same settings given as a mapping
//! (Python's `config={…}`, JavaScript's `{config: {…}}`, the JSON of `Options`) go through
//! the same reader, so a misspelt key is the same `config/unknown-key` everywhere.
//!
//! ```
//! use byoos_core::config::Config;
//!
//! let text = "ignore = [\"pack/unknown-key\"]\n[[overrides]]\nfiles = [\"aws/*.yaml\"]\nprovider = \"aws\"\n";
//! let config = Config::parse(text, "byoos.toml").unwrap().unwrap();
//! let settings = config.settings_for("aws/values.yaml");
//! assert_eq!(settings.provider.map(|p| p.as_str()), Some("aws"));
//! assert!(!settings.enabled(byoos_core::Code::PackUnknownKey));
//! ```

use crate::codes::{Code, Severity};
use crate::diagnostic::{Diagnostic, Path, Segment, Span};
use crate::image::Provider;
use crate::pack::PackKind;
use crate::source::LineIndex;
use crate::suggest;
use std::ops::Range;

/// What a setting names: one code (`pack/unknown-key`) or a whole area (`pack`, `pack/`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Selector {
    /// One code.
    Code(Code),
    /// Every code of an area (`pack`).
    Area(&'static str),
}

impl Selector {
    /// Read `text`: a code's slug, an area (`pack`, `pack/`, `pack/*`); `Err` holds the
    /// closest code or area, when one is close.
    pub fn parse(text: &str) -> Result<Selector, Option<&'static str>> {
        if let Some(code) = Code::from_slug(text) {
            return Ok(Selector::Code(code));
        }
        let area = text
            .strip_suffix("/*")
            .or_else(|| text.strip_suffix('/'))
            .unwrap_or(text);
        if let Some(a) = areas().find(|a| *a == area) {
            return Ok(Selector::Area(a));
        }
        let names = Code::ALL.iter().map(|c| c.as_str()).chain(areas());
        Err(suggest::closest(text, names))
    }

    /// Whether `code` is named.
    #[must_use]
    pub fn matches(self, code: Code) -> bool {
        match self {
            Selector::Code(c) => c == code,
            Selector::Area(a) => area_of(code) == a,
        }
    }

    /// A code is more specific than an area.
    fn specificity(self) -> u8 {
        match self {
            Selector::Code(_) => 2,
            Selector::Area(_) => 1,
        }
    }
}

fn area_of(code: Code) -> &'static str {
    code.as_str().split_once('/').map_or("", |(a, _)| a)
}

/// The areas, each once, in registry order.
fn areas() -> impl Iterator<Item = &'static str> {
    Code::ALL.iter().enumerate().filter_map(|(i, c)| {
        let a = area_of(*c);
        (!Code::ALL[..i].iter().any(|p| area_of(*p) == a)).then_some(a)
    })
}

/// Codes no setting removes or changes: the file was not (fully) checked, or the
/// configuration itself is wrong. An area that holds them leaves them as they are.
#[must_use]
pub fn is_fixed(code: Code) -> bool {
    matches!(code, Code::YamlSyntax | Code::TerraformSyntax)
        || matches!(area_of(code), "limit" | "config")
}

/// The settings for one file: the configuration's top level with every override whose
/// `files` match it applied in order.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Settings {
    /// The codes reported (all when `None`).
    pub select: Option<Vec<Selector>>,
    /// Codes reported besides `select`.
    pub extend_select: Vec<Selector>,
    /// Codes not reported (`ignore` and `extend-ignore`).
    pub ignore: Vec<Selector>,
    /// Severity changes; a code beats an area, a later entry an earlier one.
    pub severity: Vec<(Selector, Severity)>,
    /// The provider, when the options do not name one.
    pub provider: Option<Provider>,
    /// The AWS region, when the options do not name one.
    pub region: Option<String>,
    /// The pack kind, when the options do not name one.
    pub pack: Option<PackKind>,
    /// A context file, as written (relative to the configuration file); the host reads it.
    pub context: Option<String>,
    /// Globs of files a folder walk leaves out (top level only).
    pub exclude: Vec<String>,
}

impl Settings {
    /// Whether diagnostics with `code` are reported: the most specific selector wins,
    /// `ignore` over `select` at the same specificity.
    #[must_use]
    pub fn enabled(&self, code: Code) -> bool {
        if is_fixed(code) {
            return true;
        }
        let best = |list: &[Selector]| {
            list.iter()
                .filter(|s| s.matches(code))
                .map(|s| s.specificity())
                .max()
        };
        let all = self.select.is_none().then_some(0);
        let pos = best(self.select.as_deref().unwrap_or(&[]))
            .max(best(&self.extend_select))
            .or(all)
            .max(all);
        match (pos, best(&self.ignore)) {
            (None, _) => false,
            (Some(p), Some(n)) => p > n,
            (Some(_), None) => true,
        }
    }

    /// The severity `code` is changed to, if any.
    #[must_use]
    pub fn severity_of(&self, code: Code) -> Option<Severity> {
        if is_fixed(code) {
            return None;
        }
        let mut best: Option<(u8, Severity)> = None;
        for (s, sev) in &self.severity {
            if s.matches(code) && best.is_none_or(|(b, _)| s.specificity() >= b) {
                best = Some((s.specificity(), *sev));
            }
        }
        best.map(|(_, s)| s)
    }

    /// Drop the diagnostics not reported and change the severities.
    pub fn apply(&self, diagnostics: &mut Vec<Diagnostic>) {
        diagnostics.retain(|d| self.enabled(d.code));
        for d in diagnostics {
            if let Some(s) = self.severity_of(d.code) {
                d.severity = s;
            }
        }
    }

    /// `other` (an override) on top of these settings: `select` replaces, the lists
    /// extend, the rest replaces what it gives.
    fn merge(&mut self, other: &Settings) {
        if other.select.is_some() {
            self.select.clone_from(&other.select);
        }
        self.extend_select.extend_from_slice(&other.extend_select);
        self.ignore.extend_from_slice(&other.ignore);
        self.severity.extend_from_slice(&other.severity);
        self.provider = other.provider.or(self.provider);
        self.pack = other.pack.or(self.pack);
        if other.region.is_some() {
            self.region.clone_from(&other.region);
        }
        if other.context.is_some() {
            self.context.clone_from(&other.context);
        }
    }
}

/// One `[[overrides]]` entry.
#[derive(Clone, Debug, PartialEq)]
struct Override {
    files: Vec<String>,
    settings: Settings,
}

/// A configuration: settings, per-glob overrides, and what was wrong with it (only for
/// a mapping: a file with problems is not a `Config`, see [`Config::parse`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    base: Settings,
    overrides: Vec<Override>,
    problems: Vec<Problem>,
}

impl From<Settings> for Config {
    fn from(base: Settings) -> Self {
        Config {
            base,
            ..Config::default()
        }
    }
}

impl Config {
    /// Read the text of configuration file `name`: `byoos.toml`, or a `pyproject.toml`
    /// (its `[tool.byoos]` table; `Ok(None)` without one). `Err` holds the diagnostics,
    /// located in `text`, with paths of TOML keys.
    pub fn parse(text: &str, name: &str) -> Result<Option<Config>, Vec<Diagnostic>> {
        let pyproject = name.rsplit(['/', '\\']).next() == Some("pyproject.toml");
        let doc = match toml_edit::Document::parse(text) {
            Ok(doc) => doc,
            Err(e) => {
                let at = e.span().unwrap_or(0..0);
                let p = Problem::new(Code::ConfigSyntax, Some(at), &Path::root(), e.message());
                return Err(vec![p.place(text, &LineIndex::new(text))]);
            }
        };
        let mut root = toml::table(doc.as_table());
        let mut path = Path::root();
        if pyproject {
            let tool = take(&mut root, "tool");
            let Some(byoos) = tool.and_then(|mut t| take(&mut t, "byoos")) else {
                return Ok(None);
            };
            root = byoos;
            path = Path(vec!["tool".into(), "byoos".into()]);
        }
        let config = Config::from_raw(&root, &path, true);
        if config.problems.is_empty() {
            return Ok(Some(config));
        }
        let index = LineIndex::new(text);
        let mut diags: Vec<Diagnostic> = config
            .problems
            .iter()
            .map(|p| p.place(text, &index))
            .collect();
        crate::diagnostic::sort(&mut diags);
        Err(diags)
    }

    /// The configuration a mapping holds (a binding's `config` option); its problems are
    /// reported by the operation that is given it.
    fn from_raw(raw: &Raw, path: &Path, from_file: bool) -> Config {
        let mut problems = Vec::new();
        let Some(entries) = raw.table(path, &mut problems) else {
            return Config {
                problems,
                ..Config::default()
            };
        };
        let mut r = Reader {
            problems,
            from_file,
        };
        let (base, overrides) = r.top(entries, path);
        Config {
            base,
            overrides,
            problems: r.problems,
        }
    }

    /// The top-level settings (with `exclude`).
    #[must_use]
    pub fn settings(&self) -> &Settings {
        &self.base
    }

    /// The settings for the file at `path` (relative to the configuration file's folder,
    /// `/`-separated): the top level, then each override whose `files` match, in order.
    #[must_use]
    pub fn settings_for(&self, path: &str) -> Settings {
        let path = path.replace('\\', "/");
        let path = path.trim_start_matches("./");
        let mut s = self.base.clone();
        for o in &self.overrides {
            if o.files.iter().any(|g| glob_matches(g, path)) {
                s.merge(&o.settings);
            }
        }
        s
    }

    /// Whether a folder walk leaves out `path` (relative, `/`-separated): an `exclude`
    /// glob matches it or one of its parent folders.
    #[must_use]
    pub fn excludes(&self, path: &str) -> bool {
        let path = path.replace('\\', "/");
        let path = path.trim_start_matches("./");
        let mut prefixes = path.match_indices('/').map(|(i, _)| &path[..i]);
        self.base.exclude.iter().any(|g| glob_matches(g, path))
            || prefixes.any(|p| self.base.exclude.iter().any(|g| glob_matches(g, p)))
    }

    /// The problems of a mapping, as diagnostics at the start of `source` (a mapping has
    /// no place of its own), with the paths of its keys.
    pub(crate) fn problems(&self, source: &str) -> Vec<Diagnostic> {
        let index = LineIndex::new("");
        self.problems
            .iter()
            .map(|p| {
                let mut p = p.clone();
                p.at = None;
                p.place(source, &index)
            })
            .collect()
    }

    /// Whether the mapping had problems.
    #[must_use]
    pub fn has_problems(&self) -> bool {
        !self.problems.is_empty()
    }
}

impl<'de> serde::Deserialize<'de> for Config {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Raw::deserialize(d)?;
        Ok(Config::from_raw(&raw, &Path::root(), false))
    }
}

/// What was wrong with a configuration, before it is placed.
#[derive(Clone, Debug, PartialEq)]
struct Problem {
    code: Code,
    at: Option<Range<usize>>,
    path: Path,
    message: String,
    help: Option<String>,
}

impl Problem {
    fn new(code: Code, at: Option<Range<usize>>, path: &Path, message: impl Into<String>) -> Self {
        Problem {
            code,
            at,
            path: path.clone(),
            message: message.into(),
            help: None,
        }
    }

    fn place(&self, text: &str, index: &LineIndex) -> Diagnostic {
        let at = self.at.clone().unwrap_or(0..0);
        let (s, e) = (at.start.min(text.len()), at.end.min(text.len()));
        let ok = text.is_char_boundary(s) && text.is_char_boundary(e);
        let (s, e) = if ok { (s, e) } else { (0, 0) };
        let index = if index.covers(text) {
            std::borrow::Cow::Borrowed(index)
        } else {
            std::borrow::Cow::Owned(LineIndex::new(text))
        };
        let d = Diagnostic::new(
            self.code,
            self.message.clone(),
            self.path.clone(),
            Span::new(text, &index, s, e),
        );
        match &self.help {
            Some(h) => d.with_help(h.clone()),
            None => d,
        }
    }
}

/// A configuration value as read, from TOML (with byte ranges) or a mapping (without).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Raw {
    at: Option<Range<usize>>,
    value: RawValue,
}

type Entry = (String, Option<Range<usize>>, Raw);

#[derive(Clone, Debug, PartialEq)]
enum RawValue {
    Str(String),
    List(Vec<Raw>),
    Table(Vec<Entry>),
    /// Any other value, by the name of its type.
    Other(&'static str),
}

fn take(entries: &mut Raw, key: &str) -> Option<Raw> {
    let RawValue::Table(t) = &mut entries.value else {
        return None;
    };
    let i = t.iter().position(|e| e.0 == key)?;
    Some(t.remove(i).2)
}

impl Raw {
    fn type_name(&self) -> &'static str {
        match &self.value {
            RawValue::Str(_) => "a string",
            RawValue::List(_) => "a list",
            RawValue::Table(_) => "a table",
            RawValue::Other(t) => t,
        }
    }

    fn wrong(&self, path: &Path, want: &str, problems: &mut Vec<Problem>) {
        let message = format!(
            "`{}` must be {want}, not {}",
            key_name(path),
            self.type_name()
        );
        problems.push(Problem::new(
            Code::ConfigInvalidValue,
            self.at.clone(),
            path,
            message,
        ));
    }

    fn table(&self, path: &Path, problems: &mut Vec<Problem>) -> Option<&[Entry]> {
        match &self.value {
            RawValue::Table(t) => Some(t),
            _ => {
                self.wrong(path, "a table", problems);
                None
            }
        }
    }

    fn str(&self, path: &Path, problems: &mut Vec<Problem>) -> Option<&str> {
        match &self.value {
            RawValue::Str(s) => Some(s),
            _ => {
                self.wrong(path, "a string", problems);
                None
            }
        }
    }

    /// A list of strings, each with its range.
    fn strings(
        &self,
        path: &Path,
        problems: &mut Vec<Problem>,
    ) -> Vec<(String, Option<Range<usize>>, Path)> {
        let RawValue::List(items) = &self.value else {
            self.wrong(path, "a list of strings", problems);
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let p = path.join(i);
            if let Some(s) = item.str(&p, problems) {
                out.push((s.to_owned(), item.at.clone(), p));
            }
        }
        out
    }
}

fn key_name(path: &Path) -> String {
    match path.0.iter().rev().find_map(|s| match s {
        Segment::Key(k) => Some(k.as_str()),
        Segment::Index(_) => None,
    }) {
        Some(k) => k.to_owned(),
        None => "config".to_owned(),
    }
}

/// The settings of one file: what the top level and an `[[overrides]]` entry both take.
const FILE_KEYS: &[&str] = &[
    "select",
    "extend-select",
    "ignore",
    "extend-ignore",
    "severity",
    "provider",
    "region",
    "pack",
    "context",
];
/// Keys only the top level takes, besides [`FILE_KEYS`].
const TOP_KEYS: &[&str] = &["exclude", "overrides"];
/// Keys only an `[[overrides]]` entry takes, besides [`FILE_KEYS`].
const OVERRIDE_KEYS: &[&str] = &["files"];

/// Reads settings out of [`Raw`] tables, collecting problems.
struct Reader {
    problems: Vec<Problem>,
    /// From a file (a `context` path can be read by the host), not a mapping.
    from_file: bool,
}

impl Reader {
    fn top(&mut self, entries: &[Entry], path: &Path) -> (Settings, Vec<Override>) {
        let mut overrides = Vec::new();
        let mut s = Settings::default();
        for (key, at, value) in entries {
            let p = path.join(key.as_str());
            match key.as_str() {
                "overrides" => overrides = self.overrides(value, &p),
                "exclude" => s.exclude = self.globs(value, &p),
                _ => self.setting(&mut s, (key, at, value), &p, TOP_KEYS),
            }
        }
        (s, overrides)
    }

    fn overrides(&mut self, value: &Raw, path: &Path) -> Vec<Override> {
        let RawValue::List(items) = &value.value else {
            value.wrong(
                path,
                "a list of tables (`[[overrides]]`)",
                &mut self.problems,
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let p = path.join(i);
            let Some(entries) = item.table(&p, &mut self.problems) else {
                continue;
            };
            let mut o = Override {
                files: Vec::new(),
                settings: Settings::default(),
            };
            for (key, at, value) in entries {
                let kp = p.join(key.as_str());
                if key == "files" {
                    o.files = self.globs(value, &kp);
                } else {
                    self.setting(&mut o.settings, (key, at, value), &kp, OVERRIDE_KEYS);
                }
            }
            if !entries.iter().any(|e| e.0 == "files") {
                let message = "an override needs `files`, the globs of the files it is for";
                self.problems.push(Problem::new(
                    Code::ConfigInvalidValue,
                    item.at.clone(),
                    &p,
                    message,
                ));
            }
            out.push(o);
        }
        out
    }

    fn setting(
        &mut self,
        s: &mut Settings,
        (key, at, value): (&String, &Option<Range<usize>>, &Raw),
        p: &Path,
        extra: &[&str],
    ) {
        match key.as_str() {
            "select" => s.select = Some(self.selectors(value, p)),
            "extend-select" => s.extend_select = self.selectors(value, p),
            "ignore" | "extend-ignore" => {
                let list = self.selectors(value, p);
                self.not_fixed(&list, value, p);
                s.ignore.extend(list);
            }
            "severity" => s.severity = self.severities(value, p),
            "provider" => {
                s.provider = self.choice(value, p, &Provider::ALL.map(|v| (v.as_str(), v)))
            }
            "pack" => s.pack = self.choice(value, p, &PackKind::ALL.map(|v| (v.as_str(), v))),
            "region" => s.region = value.str(p, &mut self.problems).map(str::to_owned),
            "context" if self.from_file => {
                s.context = value.str(p, &mut self.problems).map(str::to_owned)
            }
            "context" => {
                let message = "a context file is read by the command line; give the context itself as the `context` option";
                self.problems.push(Problem::new(
                    Code::ConfigInvalidValue,
                    value.at.clone(),
                    p,
                    message,
                ));
            }
            _ => {
                let mut problem = Problem::new(
                    Code::ConfigUnknownKey,
                    at.clone(),
                    p,
                    format!("unknown configuration key `{key}`"),
                );
                if let Some(near) = suggest::closest(key, FILE_KEYS.iter().chain(extra).copied()) {
                    problem.help = Some(format!("did you mean `{near}`?"));
                }
                self.problems.push(problem);
            }
        }
    }

    fn selectors(&mut self, value: &Raw, path: &Path) -> Vec<Selector> {
        let mut out = Vec::new();
        for (text, at, p) in value.strings(path, &mut self.problems) {
            if let Some(s) = self.selector(&text, at, &p) {
                out.push(s);
            }
        }
        out
    }

    fn selector(&mut self, text: &str, at: Option<Range<usize>>, p: &Path) -> Option<Selector> {
        match Selector::parse(text) {
            Ok(s) => Some(s),
            Err(near) => {
                let mut problem = Problem::new(
                    Code::ConfigInvalidValue,
                    at,
                    p,
                    format!("`{text}` is neither a diagnostic code nor an area"),
                );
                problem.help = near.map(|n| format!("did you mean `{n}`?"));
                self.problems.push(problem);
                None
            }
        }
    }

    /// A code no setting changes, named on its own, is a mistake worth saying.
    fn not_fixed(&mut self, list: &[Selector], value: &Raw, path: &Path) {
        for (i, s) in list.iter().enumerate() {
            if let Selector::Code(c) = s {
                if is_fixed(*c) {
                    let at = match &value.value {
                        RawValue::List(items) => items.get(i).and_then(|r| r.at.clone()),
                        _ => value.at.clone(),
                    };
                    let message =
                        format!("`{c}` cannot be ignored or changed: the file was not checked");
                    self.problems.push(Problem::new(
                        Code::ConfigInvalidValue,
                        at,
                        &path.join(i),
                        message,
                    ));
                }
            }
        }
    }

    fn severities(&mut self, value: &Raw, path: &Path) -> Vec<(Selector, Severity)> {
        let Some(entries) = value.table(path, &mut self.problems) else {
            return Vec::new();
        };
        let levels = [Severity::Error, Severity::Warning, Severity::Info].map(|s| (s.as_str(), s));
        let mut out = Vec::new();
        for (key, at, v) in entries {
            let p = path.join(key.as_str());
            let sel = self.selector(key, at.clone(), &p);
            let sev = self.choice(v, &p, &levels);
            if let Some(Selector::Code(c)) = sel {
                if is_fixed(c) {
                    let message = format!("the severity of `{c}` cannot be changed");
                    self.problems.push(Problem::new(
                        Code::ConfigInvalidValue,
                        at.clone(),
                        &p,
                        message,
                    ));
                }
            }
            if let (Some(sel), Some(sev)) = (sel, sev) {
                out.push((sel, sev));
            }
        }
        out
    }

    fn choice<T: Copy>(
        &mut self,
        value: &Raw,
        path: &Path,
        names: &[(&'static str, T)],
    ) -> Option<T> {
        let text = value.str(path, &mut self.problems)?;
        if let Some((_, v)) = names.iter().find(|(n, _)| *n == text) {
            return Some(*v);
        }
        let list: Vec<&str> = names.iter().map(|(n, _)| *n).collect();
        let mut problem = Problem::new(
            Code::ConfigInvalidValue,
            value.at.clone(),
            path,
            format!(
                "`{text}` is not a valid `{}` (one of: {})",
                key_name(path),
                list.join(", ")
            ),
        );
        problem.help =
            suggest::closest(text, list.iter().copied()).map(|n| format!("did you mean `{n}`?"));
        self.problems.push(problem);
        None
    }

    fn globs(&mut self, value: &Raw, path: &Path) -> Vec<String> {
        let mut out = Vec::new();
        for (g, at, p) in value.strings(path, &mut self.problems) {
            if g.is_empty() || g.len() > 4096 {
                let message = "a glob must be a non-empty pattern of at most 4096 bytes";
                self.problems
                    .push(Problem::new(Code::ConfigInvalidValue, at, &p, message));
            } else {
                out.push(g);
            }
        }
        out
    }
}

/// Whether glob `pattern` matches `path` (both `/`-separated): `*` any characters but `/`,
/// `**` any (also `/`), `?` one character but `/`. A pattern without `/` matches the
/// file's name in any folder. Quadratic at worst (no backtracking blow-up).
#[must_use]
pub fn glob_matches(pattern: &str, path: &str) -> bool {
    let pattern = pattern.trim_start_matches("./");
    if !pattern.contains('/') {
        let name = path.rsplit('/').next().unwrap_or(path);
        return wildcard(pattern.as_bytes(), name.as_bytes());
    }
    wildcard(pattern.trim_start_matches('/').as_bytes(), path.as_bytes())
}

/// Dynamic programming over pattern × text: `row[j]` is whether the pattern so far
/// matches the first `j` bytes of the text.
fn wildcard(p: &[u8], t: &[u8]) -> bool {
    let n = t.len();
    let mut row = vec![false; n + 1];
    row[0] = true;
    let mut i = 0;
    while i < p.len() {
        let mut next = vec![false; n + 1];
        let double = p[i] == b'*' && p.get(i + 1) == Some(&b'*');
        if double && p.get(i + 2) == Some(&b'/') {
            // `**/`: no folder, or any text ending in `/`.
            let mut any = false;
            for j in 0..=n {
                next[j] = row[j] || (any && t[j - 1] == b'/');
                any = any || row[j];
            }
            i += 3;
        } else if double {
            let mut any = false;
            for j in 0..=n {
                any = any || row[j];
                next[j] = any;
            }
            i += 2;
        } else if p[i] == b'*' {
            let mut on = false;
            for j in 0..=n {
                if j > 0 && t[j - 1] == b'/' {
                    on = false;
                }
                on = on || row[j];
                next[j] = on;
            }
            i += 1;
        } else {
            for j in 0..n {
                next[j + 1] = row[j]
                    && if p[i] == b'?' {
                        t[j] != b'/'
                    } else {
                        p[i] == t[j]
                    };
            }
            i += 1;
        }
        row = next;
    }
    row[n]
}

/// TOML into [`Raw`], with byte ranges.
mod toml {
    use super::{Raw, RawValue};
    use toml_edit::{Item, Table, Value};

    pub(super) fn table(t: &Table) -> Raw {
        let entries = t
            .iter()
            .map(|(k, item)| {
                let at = t.key(k).and_then(toml_edit::Key::span);
                (k.to_owned(), at, self::item(item))
            })
            .collect();
        Raw {
            at: t.span(),
            value: RawValue::Table(entries),
        }
    }

    fn item(item: &Item) -> Raw {
        match item {
            Item::None => Raw {
                at: None,
                value: RawValue::Other("nothing"),
            },
            Item::Value(v) => value(v),
            Item::Table(t) => table(t),
            Item::ArrayOfTables(a) => Raw {
                at: a.span(),
                value: RawValue::List(a.iter().map(table).collect()),
            },
        }
    }

    fn value(v: &Value) -> Raw {
        let value = match v {
            Value::String(s) => RawValue::Str(s.value().clone()),
            Value::Integer(_) | Value::Float(_) => RawValue::Other("a number"),
            Value::Boolean(_) => RawValue::Other("a boolean"),
            Value::Datetime(_) => RawValue::Other("a date"),
            Value::Array(a) => RawValue::List(a.iter().map(value).collect()),
            Value::InlineTable(t) => RawValue::Table(
                t.iter()
                    .map(|(k, v)| {
                        let at = t.key(k).and_then(toml_edit::Key::span);
                        (k.to_owned(), at, value(v))
                    })
                    .collect(),
            ),
        };
        Raw {
            at: v.span(),
            value,
        }
    }
}

/// A mapping (JSON, Python, JavaScript) into [`Raw`], without ranges.
impl<'de> serde::Deserialize<'de> for Raw {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        fn raw(value: RawValue) -> Raw {
            Raw { at: None, value }
        }
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Raw;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a configuration value")
            }
            fn visit_str<E>(self, v: &str) -> Result<Raw, E> {
                Ok(raw(RawValue::Str(v.to_owned())))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Raw, E> {
                Ok(raw(RawValue::Other("a boolean")))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Raw, E> {
                Ok(raw(RawValue::Other("a number")))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Raw, E> {
                Ok(raw(RawValue::Other("a number")))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Raw, E> {
                Ok(raw(RawValue::Other("a number")))
            }
            fn visit_unit<E>(self) -> Result<Raw, E> {
                Ok(raw(RawValue::Other("null")))
            }
            fn visit_none<E>(self) -> Result<Raw, E> {
                Ok(raw(RawValue::Other("null")))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut a: A) -> Result<Raw, A::Error> {
                let mut items = Vec::new();
                while let Some(v) = a.next_element()? {
                    items.push(v);
                }
                Ok(raw(RawValue::List(items)))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut a: A) -> Result<Raw, A::Error> {
                let mut entries = Vec::new();
                while let Some((k, v)) = a.next_entry::<String, Raw>()? {
                    entries.push((k, None, v));
                }
                Ok(raw(RawValue::Table(entries)))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_matches("*.yaml", "a/b/values.yaml"));
        assert!(!glob_matches("a/*.yaml", "a/b/values.yaml"));
        assert!(glob_matches("a/**/*.yaml", "a/b/values.yaml"));
        assert!(glob_matches("a/**/*.yaml", "a/values.yaml"));
        assert!(glob_matches("**/aws/*", "x/aws/v.yaml"));
        assert!(glob_matches("aws/v?.yaml", "aws/v1.yaml"));
        assert!(!glob_matches("aws/v?.yaml", "aws/v12.yaml"));
        let long = "a".repeat(5000);
        assert!(!glob_matches(&"*a".repeat(100), &format!("{long}b")));
    }

    #[test]
    fn selection() {
        let text = "select = [\"pack\"]\nignore = [\"pack/unknown-key\"]\n[severity]\npack = \"info\"\n\"pack/missing-key\" = \"warning\"\n";
        let s = Config::parse(text, "byoos.toml")
            .unwrap()
            .unwrap()
            .settings_for("x.yaml");
        assert!(s.enabled(Code::PackMissingKey));
        assert!(!s.enabled(Code::PackUnknownKey));
        assert!(!s.enabled(Code::YamlImplicitType));
        assert!(s.enabled(Code::YamlSyntax));
        assert_eq!(s.severity_of(Code::PackMissingKey), Some(Severity::Warning));
        assert_eq!(s.severity_of(Code::PackEmpty), Some(Severity::Info));
    }

    #[test]
    fn problems_are_located() {
        let text = "ignore = [\"pack/unknwn-key\"]\n[[overrides]]\nfiles = [\"*.yaml\"]\nprovidr = \"aws\"\n";
        let errs = Config::parse(text, "byoos.toml").unwrap_err();
        let got: Vec<_> = errs
            .iter()
            .map(|d| (d.code, d.span.line, d.path.to_string()))
            .collect();
        assert_eq!(
            got,
            [
                (Code::ConfigInvalidValue, 1, "ignore/0".to_owned()),
                (Code::ConfigUnknownKey, 4, "overrides/0/providr".to_owned()),
            ]
        );
        assert!(Config::parse("[tool.other]\n", "pyproject.toml")
            .unwrap()
            .is_none());
        let bad = Config::parse("x = [", "byoos.toml").unwrap_err();
        assert_eq!(bad[0].code, Code::ConfigSyntax);
    }
}
