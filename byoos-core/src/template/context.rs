//! The values macros resolve against: system macros, other packs' values, profile
//! variables and user macros. The same shape in YAML, JSON, a Python dict or a JS object.

use crate::diagnostic::{Diagnostic, Path};
use crate::limits::Limits;
use crate::yaml::{Document, NodeKind, NodeRef, Resolved};
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

/// What `{{ .spectro.… }}` macros resolve against.
///
/// ```yaml
/// system: {kubernetes: {version: 1.29.5}, cluster.name: edge-01}
/// packs: {kubernetes: {pack: {podCIDR: 192.168.0.0/16}}}
/// variables:
///   definitions: [{name: custom_tag, format: string, required: true}]
///   values: {custom_tag: demo}
/// macros: {project: {registry: harbor.example.com}, tenant: {}, system: {}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct Context {
    /// `.spectro.system.*`: nested mappings or dotted keys (`kubernetes: {version: …}` or
    /// `kubernetes.version: …`). Every name must be a system macro Palette documents
    /// ([`SYSTEM_MACROS`](crate::template::SYSTEM_MACROS)): a misspelled one is refused.
    #[serde(deserialize_with = "system_macros")]
    pub system: Map<String, Value>,
    /// `.spectro.pack.<name>.*`: other packs' values, each the values text or a mapping.
    pub packs: Map<String, Value>,
    /// `.spectro.var.*`: profile variables.
    pub variables: Variables,
    /// `.spectro.macro.*`: user macros by scope.
    pub macros: Macros,
}

/// Profile variables: Palette's definitions and the values given for a cluster.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct Variables {
    /// Definitions, as in a profile's `spec.variables`.
    pub definitions: Vec<VariableDefinition>,
    /// Values by variable name.
    pub values: Map<String, Value>,
}

/// User macros by scope; a project macro beats a tenant macro, which beats a system one.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct Macros {
    /// Project scope (highest precedence).
    pub project: Map<String, Value>,
    /// Tenant scope.
    pub tenant: Map<String, Value>,
    /// System scope (lowest precedence).
    pub system: Map<String, Value>,
}

/// A profile variable definition (Palette's `V1Variable`). Both `hidden` and `isHidden`
/// are accepted; unknown fields are ignored.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct VariableDefinition {
    /// The name used in `{{ .spectro.var.<name> }}`.
    pub name: String,
    /// Name shown in the UI.
    #[serde(alias = "display_name")]
    pub display_name: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// `string` (default), `number`, `boolean`, `ipv4`, `ipv4cidr`, `ipv6`, `version`, `base64`.
    pub format: Option<String>,
    /// The default value (Palette stores it as a string).
    #[serde(alias = "default_value", alias = "default")]
    pub default_value: Option<Value>,
    /// A Go (RE2) regular expression the value must match.
    pub regex: Option<String>,
    /// A value is required.
    #[serde(deserialize_with = "lenient_bool")]
    pub required: bool,
    /// Hidden when a cluster is deployed (needs a default).
    #[serde(alias = "isHidden", deserialize_with = "lenient_bool")]
    pub hidden: bool,
    /// Read-only (needs a default).
    #[serde(alias = "isImmutable", deserialize_with = "lenient_bool")]
    pub immutable: bool,
    /// Masked: its value is never shown in diagnostics.
    #[serde(
        alias = "sensitive",
        alias = "is_sensitive",
        deserialize_with = "lenient_bool"
    )]
    pub is_sensitive: bool,
    /// `text` (default), `dropdown` or `multiline`.
    #[serde(alias = "input_type")]
    pub input_type: Option<String>,
    /// Dropdown options.
    #[serde(deserialize_with = "lenient_vec")]
    pub options: Vec<VariableOption>,
}

/// One dropdown option.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct VariableOption {
    /// The value.
    pub value: Value,
    /// The label (defaults to the value).
    pub label: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Whether this is the default option.
    #[serde(deserialize_with = "lenient_bool")]
    pub default: bool,
}

/// The `system` mapping, refused when it names a system macro Palette does not know.
fn system_macros<'de, D: Deserializer<'de>>(d: D) -> Result<Map<String, Value>, D::Error> {
    let system = Map::deserialize(d)?;
    match unknown_system_macros(&system).first() {
        Some(u) => Err(serde::de::Error::custom(u.message())),
        None => Ok(system),
    }
}

/// A name under `system` that is no system macro.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct UnknownSystemMacro {
    /// The keys leading to it (`["kubernetes", "verison"]` or `["kubernetes.verison"]`).
    pub(crate) keys: Vec<String>,
    /// The closest system macro, if one is close.
    pub(crate) suggestion: Option<&'static str>,
}

impl UnknownSystemMacro {
    fn name(&self) -> String {
        self.keys.join(".")
    }

    fn message(&self) -> String {
        let name = self.name();
        match self.suggestion {
            Some(s) => format!("unknown system macro `{name}`; did you mean `{s}`?"),
            None => format!(
                "unknown system macro `{name}` (system macros: cluster.name, kubernetes.version, …)"
            ),
        }
    }
}

/// The names of a `system` mapping (nested or dotted) that are no system macro.
pub(crate) fn unknown_system_macros(system: &Map<String, Value>) -> Vec<UnknownSystemMacro> {
    let mut out = Vec::new();
    walk_system(system, &mut Vec::new(), &mut out);
    out
}

fn walk_system(
    map: &Map<String, Value>,
    keys: &mut Vec<String>,
    out: &mut Vec<UnknownSystemMacro>,
) {
    use super::resolve::SYSTEM_MACROS;
    for (k, v) in map {
        keys.push(k.clone());
        let name = keys.join(".");
        if !SYSTEM_MACROS.contains(&name.as_str()) {
            match v {
                Value::Object(m) if !m.is_empty() && keys.len() < 16 => walk_system(m, keys, out),
                _ => out.push(UnknownSystemMacro {
                    keys: keys.clone(),
                    suggestion: crate::suggest::closest(&name, SYSTEM_MACROS.iter().copied()),
                }),
            }
        }
        keys.pop();
    }
}

fn lenient_bool<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Bool(b) => b,
        Value::String(s) => s.eq_ignore_ascii_case("true"),
        _ => false,
    })
}

fn lenient_vec<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

impl Context {
    /// A context read from YAML or JSON text. Plain scalars keep the text they were
    /// written with (`version: 1.30` stays `1.30`, not the float `1.3`).
    ///
    /// # Errors
    /// Diagnostics (spans into `text`) when the text is not YAML or not of the Context shape.
    pub fn from_text(text: &str, limits: &Limits) -> Result<Context, Vec<Diagnostic>> {
        let mut diags = Vec::new();
        let doc = Document::parse(text, limits, &mut diags);
        if crate::diagnostic::has_errors(&diags) {
            return Err(crate::secrets::redacted(text, diags));
        }
        let Some(root) = doc.root().filter(|r| !r.is_null()) else {
            return Ok(Context::default());
        };
        let value = to_json_text(root, 0);
        if let Some(Value::Object(system)) = value.get("system") {
            let unknown = unknown_system_macros(system);
            if !unknown.is_empty() {
                return Err(unknown
                    .iter()
                    .map(|u| unknown_in_text(&doc, root, u))
                    .collect());
            }
        }
        serde_json::from_value(value).map_err(|e| {
            vec![doc.diag(crate::codes::Code::TemplateContext, Path::root(), 0..0, format!("not a valid context: {}", crate::secrets::serde_message(&e.to_string())))
                .with_help("a context has `system`, `packs`, `variables` (`definitions`, `values`) and `macros` (`project`, `tenant`, `system`)")]
        })
    }

    /// Give the system macro `name` (`kubernetes.version`) the value `value`.
    ///
    /// # Errors
    /// The message (with a did-you-mean) when `name` is no system macro Palette documents;
    /// the context is then unchanged.
    pub fn set_system(&mut self, name: &str, value: impl Into<Value>) -> Result<(), String> {
        let probe = Map::from_iter([(name.to_owned(), Value::Null)]);
        if let Some(u) = unknown_system_macros(&probe).first() {
            return Err(u.message());
        }
        self.system.insert(name.to_owned(), value.into());
        Ok(())
    }

    /// Whether any user macro is defined.
    pub(crate) fn has_macros(&self) -> bool {
        !(self.macros.project.is_empty()
            && self.macros.tenant.is_empty()
            && self.macros.system.is_empty())
    }

    /// A user macro by precedence: project, tenant, system.
    pub(crate) fn macro_value(&self, name: &str) -> Option<(String, &'static str)> {
        for (scope, map) in [
            ("project", &self.macros.project),
            ("tenant", &self.macros.tenant),
            ("system", &self.macros.system),
        ] {
            if let Some(v) = map.get(name) {
                if let Some(t) = scalar_text(v) {
                    return Some((t, scope));
                }
            }
        }
        None
    }

    /// Every user macro name.
    pub(crate) fn macro_names(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self
            .macros
            .project
            .keys()
            .chain(self.macros.tenant.keys())
            .chain(self.macros.system.keys())
            .map(String::as_str)
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// A system macro value (`kubernetes.version`), from nested maps or dotted keys.
    pub(crate) fn system_value(&self, name: &str) -> Option<Option<String>> {
        let segs: Vec<&str> = name.split('.').collect();
        lookup_json(&self.system, &segs).map(scalar_text)
    }
}

/// A JSON scalar as text (`None` for null, mappings and lists).
pub(crate) fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(match n.as_f64() {
            Some(f) if !n.is_i64() && !n.is_u64() => super::functions::go_float(f),
            _ => n.to_string(),
        }),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Longest-match lookup of dotted segments in a JSON mapping.
fn lookup_json<'v>(map: &'v Map<String, Value>, segs: &[&str]) -> Option<&'v Value> {
    for j in (1..=segs.len()).rev() {
        let key = segs[..j].join(".");
        if let Some(v) = map.get(&key) {
            if j == segs.len() {
                return Some(v);
            }
            if let Value::Object(m) = v {
                if let Some(found) = lookup_json(m, &segs[j..]) {
                    return Some(found);
                }
            }
        }
    }
    None
}

/// A `template/context` diagnostic on the key of an unknown system macro in a context text.
fn unknown_in_text(
    doc: &Document<'_>,
    root: NodeRef<'_, '_>,
    u: &UnknownSystemMacro,
) -> Diagnostic {
    let mut path = Path::root().join("system");
    let mut node = root.get("system");
    let mut range = node.map_or(0..0, |n| n.range());
    for k in &u.keys {
        path = path.join(k.as_str());
        let entry = node.and_then(|n| n.resolve().entry(k));
        if let Some((key, value)) = entry {
            range = key.range();
            node = Some(value);
        }
    }
    let help = u.suggestion.map_or_else(
        || "see the system macros Palette documents in docs/macros.md".to_owned(),
        |s| format!("did you mean `{s}`?"),
    );
    let message = format!("not a valid context: unknown system macro `{}`", u.name());
    doc.diag(crate::codes::Code::TemplateContext, path, range, message)
        .with_help(help)
}

/// Convert a node to JSON keeping plain scalars as written text, except the flags of
/// variable definitions (`required: true`), which stay typed.
fn to_json_text(node: NodeRef<'_, '_>, depth: usize) -> Value {
    let r = node.resolve();
    match &r.node().kind {
        NodeKind::Scalar { value, .. } => match r.resolved() {
            Some(Resolved::Null) => Value::Null,
            Some(Resolved::Bool(b)) if depth > 0 => Value::Bool(b),
            _ => Value::String(value.to_string()),
        },
        NodeKind::Sequence(_) => Value::Array(
            r.items()
                .unwrap_or_default()
                .into_iter()
                .map(|i| to_json_text(i, depth + 1))
                .collect(),
        ),
        NodeKind::Mapping(_) => {
            let mut m = Map::new();
            for (k, v) in r.entries().unwrap_or_default() {
                let key = k
                    .scalar()
                    .map_or_else(|| k.source_text().to_owned(), |s| s.0.to_owned());
                m.insert(key, to_json_text(v, depth + 1));
            }
            Value::Object(m)
        }
        NodeKind::Alias(_) => Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_yaml_keeps_text() {
        let c = Context::from_text(
            "system:\n  kubernetes: {version: 1.30}\n  cluster.name: edge\nvariables:\n  definitions:\n    - {name: a, required: true, isHidden: true, defaultValue: 1}\n  values: {a: 07}\nmacros:\n  tenant: {x: t}\n  project: {x: p}\n",
            &Limits::default(),
        )
        .unwrap();
        assert_eq!(
            c.system_value("kubernetes.version"),
            Some(Some("1.30".into()))
        );
        assert_eq!(c.system_value("cluster.name"), Some(Some("edge".into())));
        assert_eq!(c.system_value("cluster.uid"), None);
        let d = &c.variables.definitions[0];
        assert!(d.required && d.hidden);
        assert_eq!(d.default_value, Some(Value::String("1".into())));
        assert_eq!(
            c.variables.values.get("a"),
            Some(&Value::String("07".into()))
        );
        assert_eq!(c.macro_value("x"), Some(("p".into(), "project")));
    }

    #[test]
    fn bad_context_is_a_diagnostic() {
        let e = Context::from_text("sytem: {}\n", &Limits::default()).unwrap_err();
        assert_eq!(e[0].code, crate::codes::Code::TemplateContext);
    }

    #[test]
    fn unknown_system_macro_is_refused() {
        // In a context text: the error points at the misspelled key.
        let text = "system:\n  kubernetes:\n    verison: 1.30.5\n";
        let e = Context::from_text(text, &Limits::default()).unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].code, crate::codes::Code::TemplateContext);
        assert_eq!(
            e[0].path,
            Path::root()
                .join("system")
                .join("kubernetes")
                .join("verison")
        );
        assert_eq!(&text[e[0].span.start..e[0].span.end], "verison");
        assert_eq!(
            e[0].help.as_deref(),
            Some("did you mean `kubernetes.version`?")
        );
        // As JSON (the Python and JS faces): the same check, by serde.
        let e = serde_json::from_value::<Context>(serde_json::json!({
            "system": {"kubernetes.verison": "1.30.5"}
        }))
        .unwrap_err();
        assert!(e.to_string().contains("`kubernetes.version`"));
        // One name at a time (the CLI's `--system`).
        let mut c = Context::default();
        assert!(c.set_system("kubernetes.verison", "1.30.5").is_err());
        assert!(c.system.is_empty());
        c.set_system("kubernetes.version", "1.30.5").unwrap();
        assert_eq!(
            c.system_value("kubernetes.version"),
            Some(Some("1.30.5".into()))
        );
        // Nested and dotted forms of known names pass.
        let ok: Context = serde_json::from_value(serde_json::json!({
            "system": {"kubernetes": {"version": "1.30.5"}, "cluster.name": "edge", "reverseproxy": {"server": "x"}}
        }))
        .unwrap();
        assert_eq!(ok.system.len(), 3);
    }

    #[test]
    fn json_context() {
        let c: Context = serde_json::from_value(serde_json::json!({
            "system": {"kubernetes.version": "1.29.5", "cluster.name": 1.5},
            "variables": {"definitions": [{"name": "a", "hidden": "true", "options": null}]}
        }))
        .unwrap();
        assert_eq!(
            c.system_value("kubernetes.version"),
            Some(Some("1.29.5".into()))
        );
        assert_eq!(c.system_value("cluster.name"), Some(Some("1.5".into())));
        assert!(c.variables.definitions[0].hidden);
    }
}
