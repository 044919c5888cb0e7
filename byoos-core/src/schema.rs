//! JSON Schema (2020-12) for both packs' values, generated from the same key tables the
//! shape checks use, so the schema and `validate` can never disagree on what a key is.
//!
//! Editors use it through the YAML language server for completion, hover help and
//! problems: `# yaml-language-server: $schema=edge-native-byoi.schema.json`.
//!
//! Where `validate` knows every key of a mapping (the pack's shape is closed), the schema
//! says `additionalProperties: false`, so an editor flags the same unknown and misplaced
//! keys the CLI does. The schema has no `$id`: the project owns no web address to name it
//! by, and the file's own location identifies it (docs/decisions.md).

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

/// The schema of one key: its type, its help text, and `null` allowed where `validate`
/// accepts an empty optional value (`drain:` with nothing under it).
fn field_schema(f: &Field) -> Value {
    let mut s = ty_schema(&f.ty, f.key);
    if f.need == Need::Optional && !matches!(f.ty, Ty::Str | Ty::Any) {
        allow_null(&mut s);
    }
    if let Value::Object(m) = &mut s {
        m.insert("description".into(), json!(f.doc));
    }
    s
}

/// Also accept `null`: in the `type` of a mapping or list (so an editor still reports
/// the keys inside one by one), as one more alternative of an `anyOf`.
fn allow_null(s: &mut Value) {
    let Value::Object(m) = s else { return };
    if let Some(Value::Array(alts)) = m.get_mut("anyOf") {
        alts.push(json!({"type": "null"}));
    } else if let Some(Value::String(t)) = m.get("type").cloned() {
        m.insert("type".into(), json!([t, "null"]));
    }
}

/// A mapping: its known keys, the required ones, and (when closed) no others.
fn object(fields: &[Field], open: bool) -> Value {
    let mut props = Map::new();
    let mut required = Vec::new();
    for f in fields {
        props.insert(f.key.to_owned(), field_schema(f));
        if f.need == Need::Required {
            required.push(f.key);
        }
    }
    let mut o = json!({"type": "object", "properties": props});
    if !required.is_empty() {
        o["required"] = json!(required);
    }
    if !open {
        o["additionalProperties"] = json!(false);
    }
    o
}

/// The JSON Schema of `kind`'s values, as pretty-printed JSON text.
///
/// Keys `validate` does not know are schema errors where the mapping is closed
/// (`validate` reports them as `pack/unknown-key` or `pack/misplaced-key`); every typed
/// key also accepts a string holding a macro.
#[must_use]
pub(crate) fn json_schema(kind: PackKind) -> String {
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
