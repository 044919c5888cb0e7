#![allow(clippy::unwrap_used)]
//! Terraform and SARIF outputs checked with independent tools: a real HCL parser and the
//! SARIF 2.1.0 schema's required shape (the JSON Schema's own tests: tests/schema.rs).

use byoos_core::{to_terraform, Code, Options, Severity, TerraformOptions};
use serde_json::Value;

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
    let sarif = byoos_core::report::render_sarif(&[byoos_core::report::SarifFile {
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
