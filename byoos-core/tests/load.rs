//! `load`: the typed model of values that pass the checks, or every diagnostic.

use byoos_core::{load, Code, Options, PackKind, PackValues};

const GENERIC: &str = include_str!("../../examples/generic.yaml");
const EDGE: &str = include_str!("../../examples/edge.yaml");
const BAD_EDGE: &str = include_str!("../../examples/bad-edge.yaml");

#[test]
fn generic_values_are_typed() {
    let pack = load(GENERIC, &Options::default()).expect("the example loads");
    assert_eq!(pack.kind, PackKind::GenericByoi);
    let PackValues::Generic(v) = pack.values else {
        panic!("generic values, got {:?}", pack.values)
    };
    assert_eq!(v.pack.os_image_override, "ami-0f4804aff4cf9c5a2");
    assert_eq!(v.pack.os_name.as_deref(), Some("rhel"));
    assert_eq!(v.pack.os_version.as_deref(), Some("8"));
    assert!(pack.diagnostics.iter().all(|d| !d.is_error()));
}

#[test]
fn edge_values_are_typed() {
    let pack = load(EDGE, &Options::default()).expect("the example loads");
    assert_eq!(pack.kind, PackKind::EdgeNativeByoi);
    assert!(
        matches!(pack.values, PackValues::Edge(_)),
        "{:?}",
        pack.values
    );
}

#[test]
fn an_error_fails_with_every_diagnostic() {
    let diags = load(BAD_EDGE, &Options::default()).expect_err("the example has errors");
    assert!(diags.iter().any(|d| d.is_error()), "{diags:#?}");
    // The pack rules' findings, as `validate` reports them.
    let report = byoos_core::validate(BAD_EDGE, &Options::default());
    for d in &diags {
        assert!(
            report.diagnostics.contains(d),
            "{d:#?} is not in {report:#?}"
        );
    }
}

#[test]
fn an_unknown_kind_fails() {
    let diags = load("other: 1\n", &Options::default()).expect_err("no kind");
    let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
    assert!(codes.contains(&Code::PackUnknownKind.as_str()), "{codes:?}");
}

#[test]
fn a_forced_kind_checks_against_it() {
    let diags = load(
        GENERIC,
        &Options::default().with_pack(PackKind::EdgeNativeByoi),
    )
    .expect_err("generic values are not Edge values");
    assert!(diags.iter().any(|d| d.is_error()), "{diags:#?}");
}
