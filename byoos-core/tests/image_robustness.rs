//! `check_image` and `from_packer_manifest` never panic, and every span they return is a
//! valid range of their input, whatever the input.

use byoos_core::{
    check_image, from_packer_manifest, ImageOptions, LineIndex, PackerOptions, Provider,
};
use proptest::prelude::*;

fn spans_ok(text: &str, diags: &[byoos_core::Diagnostic]) {
    let ix = LineIndex::new(text);
    for d in diags {
        assert!(
            d.span.start <= d.span.end && d.span.end <= text.len(),
            "{d}"
        );
        assert!(
            text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end),
            "{d}"
        );
        assert_eq!(
            ix.line_col(text, d.span.start),
            (d.span.line, d.span.column),
            "{d}"
        );
        assert!(!d.message.is_empty() && !d.message.contains('\n'), "{d}");
    }
}

fn check_all(reference: &str, region: Option<String>) {
    let mut options = ImageOptions::default();
    options.region = region;
    for p in Provider::ALL {
        let r = check_image(p, reference, &options);
        spans_ok(reference, &r.diagnostics);
        assert_eq!(
            r.ok,
            !r.diagnostics.iter().any(byoos_core::Diagnostic::is_error)
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn any_text(s in "\\PC{0,80}", region in proptest::option::of("[a-zA-Z0-9-]{0,16}")) {
        check_all(&s, region);
    }

    #[test]
    fn reference_like(s in "(https?://|container://|arn:aws:|resolve:ssm:|/|\\[)?[a-zA-Z0-9._:/@%?&=#\\[\\] -]{0,60}") {
        check_all(&s, Some("us-east-1".to_owned()));
    }

    #[test]
    fn manifest_like(artifact in "[a-z0-9:,./_?=&-]{0,60}", builder in "(amazon-ebs|azure-arm|vsphere-iso|googlecompute|openstack|qemu)", region in proptest::option::of("[a-z0-9-]{0,14}")) {
        let json = serde_json::json!({"builds": [{"name": "b", "builder_type": builder, "artifact_id": artifact, "packer_run_uuid": "r"}], "last_run_uuid": "r"}).to_string();
        let mut options = PackerOptions::default();
        options.region = region;
        let r = from_packer_manifest(&json, &options);
        spans_ok(&json, &r.diagnostics);
    }

    #[test]
    fn any_manifest_text(s in "\\PC{0,120}") {
        let r = from_packer_manifest(&s, &PackerOptions::default());
        spans_ok(&s, &r.diagnostics);
    }
}

#[test]
fn huge_and_odd_references() {
    let huge = "a".repeat(200_000);
    for p in Provider::ALL {
        let r = check_image(p, &huge, &ImageOptions::default());
        assert_eq!(r.diagnostics.len(), 1);
        assert_eq!(r.diagnostics[0].code.as_str(), "limit/input-size");
        assert!(r.diagnostics[0].message.len() < 200);
    }
    let long_path = format!("example.com/{}:tag", "a/".repeat(20_000));
    check_all(&long_path, None);
    for odd in [
        "\u{feff}ami-0f4804aff4cf9c5a2",
        "ami-0f4804aff4cf9c5a2\r\n",
        "\u{2028}",
        "𝔞𝔪𝔦-1",
        "[",
        "[]",
        "[] x",
        "[:] x",
        "a\u{0}b",
        "%",
        "?sig=",
        "https://?sig=abcdefgh",
    ] {
        check_all(odd, Some("us-east-1a".to_owned()));
    }
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let r = from_packer_manifest(&deep, &PackerOptions::default());
    spans_ok(&deep, &r.diagnostics);
}
