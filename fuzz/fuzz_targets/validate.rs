//! YAML document + pack model: any text, any pack kind; every diagnostic is well formed
//! and renders.
#![no_main]

use byoos_core::{diagnostic::check_invariants, validate, Options, PackKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let source = String::from_utf8_lossy(rest);
    let mut options = Options::default();
    options.pack = match mode % 3 {
        0 => None,
        1 => Some(PackKind::EdgeNativeByoi),
        _ => Some(PackKind::GenericByoi),
    };
    let report = validate(&source, &options);
    assert_eq!(report.ok, !report.diagnostics.iter().any(|d| d.is_error()));
    for d in &report.diagnostics {
        if let Err(e) = check_invariants(d, &source) {
            panic!("{e}");
        }
    }
    let _ = byoos_core::report::render_text(&source, "fuzz.yaml", &report.diagnostics, byoos_core::report::TextStyle::Plain);
    let _ = byoos_core::report::diagnostics_json(&source, &report.diagnostics, byoos_core::Encoding::Utf16);
});
