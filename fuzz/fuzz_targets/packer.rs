//! Packer manifest parsing: any text; spans valid; output, when there is one, is
//! generic-byoi values that validate without YAML errors.
#![no_main]

use byoos_core::{diagnostic::check_invariants, from_packer_manifest, validate, Options, PackerOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let r = from_packer_manifest(&text, &PackerOptions::default().with_region("us-east-1"));
    for d in &r.diagnostics {
        if let Err(e) = check_invariants(d, &text) {
            panic!("{e}");
        }
    }
    if let Some(values) = &r.text {
        let report = validate(values, &Options::default());
        assert!(!report.diagnostics.iter().any(|d| d.code.as_str().starts_with("yaml/")), "{values}");
    }
});
