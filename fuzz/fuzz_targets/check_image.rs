//! `check_image` for every provider on arbitrary references: spans inside the
//! reference, normalisation idempotent, never a SAS signature in the report.
#![no_main]

use byoos_core::{check_image, diagnostic::check_invariants, ImageOptions, Provider};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else { return };
    let reference = String::from_utf8_lossy(rest);
    let provider = Provider::ALL[usize::from(sel) % Provider::ALL.len()];
    let options = if sel & 0x80 != 0 { ImageOptions::default().with_region("us-east-1") } else { ImageOptions::default() };
    let report = check_image(provider, &reference, &options);
    for d in &report.diagnostics {
        if let Err(e) = check_invariants(d, &reference) {
            panic!("{e}");
        }
    }
    if let Some(n) = &report.normalized {
        let again = check_image(provider, n, &options);
        if again.ok && report.ok {
            assert_eq!(again.normalized.as_deref(), Some(n.as_str()), "normalisation is not idempotent");
        }
    }
    // A signature must not appear in the report, unless the same text also stands in the
    // reference outside any `sig=` parameter (then it may be quoted legitimately).
    let sigs: Vec<&str> = reference
        .split(['?', '&'])
        .filter_map(|p| p.strip_prefix("sig="))
        .map(|s| s.split('#').next().unwrap_or(s))
        .filter(|s| s.len() >= 8 && !s.contains('*'))
        .collect();
    if !sigs.is_empty() {
        let mut rest = reference.to_string();
        for s in &sigs {
            // Only the parameter itself: the same text elsewhere (`…0sig=…` inside a
            // path) is the reference's own text.
            rest = rest.replace(&format!("?sig={s}"), "?").replace(&format!("&sig={s}"), "&");
        }
        // The strings themselves: JSON or Debug escaping would turn `\\` into `\\\\`
        // and make a short signature appear inside longer text.
        let mut texts: Vec<&str> = report.normalized.iter().map(String::as_str).collect();
        texts.extend(report.parts.values().map(String::as_str));
        for d in &report.diagnostics {
            texts.push(&d.message);
            texts.extend(d.help.as_deref());
        }
        for sig in sigs.iter().filter(|s| !rest.contains(*s)) {
            for t in &texts {
                assert!(!t.contains(sig), "SAS signature {sig:?} in the report: {t:?}");
            }
        }
    }
});
