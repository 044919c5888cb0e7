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
    /// `kubernetes.version: …`).
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
        serde_json::from_value(value).map_err(|e| {
            vec![doc.diag(crate::codes::Code::TemplateContext, format!("not a valid context: {}", crate::secrets::serde_message(&e.to_string())), Path::root(), 0..0)
                .with_help("a context has `system`, `packs`, `variables` (`definitions`, `values`) and `macros` (`project`, `tenant`, `system`)")]
        })
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

/// Convert a node to JSON keeping plain scalars as written text, except the flags of
/// variable definitions (`required: true`), which stay typed.
fn to_json_text(node: NodeRef<'_, '_>, depth: usize) -> Value {
    let r = node.resolve();
    match &r.node().kind {
        NodeKind::Scalar { value, .. } => match r.resolved() {
            Some(Resolved::Null) => Value::Null,
            Some(Resolved::Bool(b)) if depth > 0 => Value::Bool(b),
            _ => Value::String(value.clone()),
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
    fn json_context() {
        let c: Context = serde_json::from_value(serde_json::json!({
            "system": {"kubernetes.version": "1.29.5", "n": 1.5},
            "variables": {"definitions": [{"name": "a", "hidden": "true", "options": null}]}
        }))
        .unwrap();
        assert_eq!(
            c.system_value("kubernetes.version"),
            Some(Some("1.29.5".into()))
        );
        assert_eq!(c.system_value("n"), Some(Some("1.5".into())));
        assert!(c.variables.definitions[0].hidden);
    }
}
