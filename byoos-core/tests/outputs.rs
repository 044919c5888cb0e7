#![allow(clippy::unwrap_used)]
//! JSON Schema, Terraform and SARIF outputs checked with independent tools: a JSON
//! Schema validator, a real HCL parser and the SARIF 2.1.0 schema's required shape.

use byoos_core::{
    json_schema, to_terraform, Code, Document, Options, PackKind, Path, Severity, TerraformOptions,
};
use serde_json::Value;
use std::path::PathBuf;

fn conformance_cases() -> Vec<(String, String, Value, Value)> {
    fn walk(dir: &std::path::Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "json") {
                out.push(p);
            }
        }
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance");
    let mut files = Vec::new();
    walk(&root, &mut files);
    let mut cases = Vec::new();
    for f in files {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
        for c in doc["cases"].as_array().unwrap() {
            if c["op"] != "validate" || c.get("options").is_some_and(|o| o.get("limits").is_some())
            {
                continue;
            }
            let src = match (c.get("input"), c.get("input_file")) {
                (Some(Value::String(s)), _) => s.clone(),
                (_, Some(Value::String(n))) => {
                    std::fs::read_to_string(f.parent().unwrap().join(n)).unwrap()
                }
                _ => continue,
            };
            cases.push((
                format!("{}::{}", f.display(), c["name"]),
                src,
                c["options"].clone(),
                c["expect"].clone(),
            ));
        }
    }
    cases
}

fn as_json(src: &str) -> Option<Value> {
    let mut d = Vec::new();
    let doc = Document::parse(src, &Default::default(), &mut d);
    doc.root()?.to_json(&Path::root()).ok()
}

/// Every valid conformance input satisfies its pack's schema; every input with a
/// wrong-type or missing-required-key error does not.
#[test]
fn json_schema_agrees_with_validate() {
    let validators: Vec<(PackKind, jsonschema::Validator)> = PackKind::ALL
        .iter()
        .map(|k| {
            let schema: Value = serde_json::from_str(&json_schema(*k)).unwrap();
            (*k, jsonschema::validator_for(&schema).unwrap())
        })
        .collect();
    let (mut valid, mut invalid) = (0, 0);
    for (name, src, options, expect) in conformance_cases() {
        let Some(kind) = expect["pack"].as_str().and_then(PackKind::from_name) else {
            continue;
        };
        if options
            .get("pack")
            .is_some_and(|p| p.as_str() != Some(kind.as_str()))
        {
            continue;
        }
        let Some(json) = as_json(&src) else { continue };
        let v = &validators.iter().find(|(k, _)| *k == kind).unwrap().1;
        let diags = expect["diagnostics"].as_array().unwrap();
        let has = |code: &str, sev: &str| {
            diags
                .iter()
                .any(|d| d["code"] == code && d["severity"] == sev)
        };
        // The schema types strings strictly (unquoted numbers fail), as editors should.
        if expect["ok"] == true && !diags.iter().any(|d| d["code"] == "yaml/implicit-type") {
            assert!(
                v.is_valid(&json),
                "{name}: valid values fail the schema: {:?}",
                v.iter_errors(&json)
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
            );
            valid += 1;
        } else if has("pack/wrong-type", "error") || has("pack/missing-key", "error") {
            assert!(!v.is_valid(&json), "{name}: invalid values pass the schema");
            invalid += 1;
        }
    }
    assert!(
        valid >= 20 && invalid >= 8,
        "too few cases: {valid} valid, {invalid} invalid"
    );
    println!("schema: {valid} valid and {invalid} invalid conformance inputs checked");
}

#[test]
fn schema_is_2020_12_with_descriptions() {
    for k in PackKind::ALL {
        let s: Value = serde_json::from_str(&json_schema(k)).unwrap();
        assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
        jsonschema::meta::validate(&s).unwrap();
    }
    let edge: Value = serde_json::from_str(&json_schema(PackKind::EdgeNativeByoi)).unwrap();
    assert!(edge["properties"]["options"]["properties"]["system.uri"]["description"].is_string());
    assert_eq!(
        edge["properties"]["options"]["required"],
        serde_json::json!(["system.uri"])
    );
}

/// The HCL parses with a real parser and carries the values back byte for byte,
/// including `${`, `%{` and a line that is exactly `EOT`.
#[test]
fn terraform_parses_and_round_trips_values() {
    let values = "pack:\n  osImageOverride: \"ami-0f4804aff4cf9c5a2\"\n  osName: rhel\n  osVersion: \"8\"\n# ${not.interpolated} %{ if x } EOT\n  note: |\n    EOT\n    {{ .spectro.system.cluster.name }}\n";
    let hcl_text =
        to_terraform(values, &TerraformOptions::default().with_version("1.0.0")).unwrap();
    let body: hcl::Body = hcl::from_str(&hcl_text).unwrap_or_else(|e| panic!("{e}\n{hcl_text}"));
    let pack = body
        .blocks()
        .find(|b| b.identifier() == "pack")
        .expect("pack block");
    let attr = pack
        .body()
        .attributes()
        .find(|a| a.key() == "values")
        .expect("values attribute");
    let hcl::Expression::TemplateExpr(t) = attr.expr() else {
        panic!("values is not a heredoc: {:?}", attr.expr())
    };
    let hcl::TemplateExpr::Heredoc(h) = t.as_ref() else {
        panic!("not a heredoc")
    };
    // HCL unescapes `$${` and `%%{` when the template is evaluated.
    let template = hcl::Template::from_expr(&hcl::TemplateExpr::Heredoc(h.clone())).unwrap();
    let mut ctx = hcl::eval::Context::new();
    ctx.declare_var("x", true);
    let evaluated = hcl::eval::Evaluate::evaluate(&template, &ctx).unwrap();
    assert_eq!(evaluated, values);
    assert!(hcl_text.contains("name         = \"generic-byoi\""));
    assert!(hcl_text.contains("version      = \"1.0.0\""));
    assert!(hcl_text.contains("type         = \"helm\""));
    let data: Vec<_> = body
        .blocks()
        .filter(|b| b.identifier() == "data")
        .map(|b| b.labels()[0].as_str().to_owned())
        .collect();
    assert_eq!(data, ["spectrocloud_registry", "spectrocloud_pack_simple"]);
}

#[test]
fn terraform_needs_a_pack_kind() {
    let err = to_terraform("foo: bar\n", &TerraformOptions::default()).unwrap_err();
    assert_eq!(err[0].code, Code::PackUnknownKind);
    let err = to_terraform("a: [\n", &TerraformOptions::default()).unwrap_err();
    assert_eq!(err[0].code, Code::YamlSyntax);
}

#[test]
fn sarif_has_the_required_shape() {
    let src = "pack:\n  osImageOverride: “ami-0f4804aff4cf9c5a2”\n  osVersion: 8.10\n";
    let report = byoos_core::validate(src, &Options::default());
    let sarif = byoos_core::render::render_sarif(&[byoos_core::render::SarifFile {
        name: "values.yaml",
        source: src,
        diagnostics: &report.diagnostics,
    }]);
    let v: Value = serde_json::from_str(&sarif).unwrap();
    assert_eq!(v["version"], "2.1.0");
    // The published schema's `language` patterns have a stray `]`
    // (`^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`); use the pattern they mean.
    let text = include_str!("data/sarif-2.1.0-rtm.5.json").replace(
        "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$",
        "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$",
    );
    let schema: Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&v)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF does not match the 2.1.0 schema: {errors:?}"
    );
    // And the schema does catch a broken log.
    let mut broken = v.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator.is_valid(&broken));
    let run = &v["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), Code::ALL.len());
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), report.diagnostics.len());
    for (r, d) in results.iter().zip(&report.diagnostics) {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
        assert_eq!(r["ruleId"], d.code.as_str());
        assert_eq!(
            r["level"],
            if d.severity == Severity::Error {
                "error"
            } else {
                "warning"
            }
        );
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["startLine"], d.span.line);
        assert_eq!(region["startColumn"], d.span.column);
    }
}
