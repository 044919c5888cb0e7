//! JSON Schema (2020-12) for both packs' values, generated from the same key tables the
//! shape checks use, so the schema and `validate` can never disagree on what a key is.
//!
//! Editors use it through the YAML language server for completion and hover help:
//! `# yaml-language-server: $schema=edge-native-byoi.schema.json`.

use crate::pack::{root_fields, Field, Need, PackKind, Ty, K8S_DISTRIBUTIONS};
use serde_json::{json, Map, Value};

/// A value that holds a Palette macro: accepted wherever a typed value goes, since it is
/// only known at deploy time.
fn macro_string() -> Value {
    json!({"type": "string", "pattern": "\\{\\{"})
}

fn ty_schema(ty: &Ty, key: &str) -> Value {
    match ty {
        Ty::Str => {
            let mut s = json!({"type": "string"});
            if key == "system.k8sDistribution" {
                s["examples"] = json!(K8S_DISTRIBUTIONS);
            }
            s
        }
        Ty::Bool => json!({"anyOf": [{"type": "boolean"}, macro_string()]}),
        Ty::Int(min) => {
            let mut int = json!({"type": "integer"});
            if let Some(m) = min {
                int["minimum"] = json!(m);
            }
            json!({"anyOf": [int, macro_string()]})
        }
        Ty::Map { fields, open } => object(fields, *open),
        Ty::List(item) => json!({"type": "array", "items": ty_schema(item, key)}),
        Ty::Any => json!({}),
    }
}

fn object(fields: &[Field], open: bool) -> Value {
    let mut props = Map::new();
    let mut required = Vec::new();
    for f in fields {
        let mut s = ty_schema(&f.ty, f.key);
        if let Value::Object(m) = &mut s {
            m.insert("description".into(), json!(f.doc));
        }
        props.insert(f.key.to_owned(), s);
        if f.need == Need::Required {
            required.push(f.key);
        }
    }
    let mut o = json!({"type": "object", "properties": props});
    if !required.is_empty() {
        o["required"] = json!(required);
    }
    if !open && fields.is_empty() {
        o["additionalProperties"] = json!(true);
    }
    o
}

/// The JSON Schema of `kind`'s values, as pretty-printed JSON text.
///
/// Unknown keys are allowed (`validate` warns about them; Palette ignores them), and every
/// typed key also accepts a string holding a macro.
#[must_use]
pub fn json_schema(kind: PackKind) -> String {
    let mut root = object(root_fields(kind), false);
    let title = match kind {
        PackKind::EdgeNativeByoi => "BYOOS Edge (edge-native-byoi) pack values",
        PackKind::GenericByoi => "Bring Your Own OS (generic-byoi) pack values",
    };
    if let Value::Object(m) = &mut root {
        let mut head = Map::new();
        head.insert(
            "$schema".into(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
        head.insert(
            "$id".into(),
            json!(format!("https://byoos.dev/schema/{kind}.schema.json")),
        );
        head.insert("title".into(), json!(title));
        head.insert(
            "description".into(),
            json!(format!(
                "Values of the Spectro Cloud Palette `{kind}` pack, as checked by byoos."
            )),
        );
        head.extend(std::mem::take(m));
        *m = head;
    }
    let mut text = serde_json::to_string_pretty(&root).unwrap_or_default();
    text.push('\n');
    text
}
