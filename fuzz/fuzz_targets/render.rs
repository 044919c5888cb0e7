//! Template lexer/parser and render with an arbitrary context: the input is split into
//! a values text and a context text; spans stay valid and rendering twice is stable
//! when no macros remain.
#![no_main]

use byoos_core::{diagnostic::check_invariants, internals, render, Context, Limits, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (values, ctx) = text.split_once("\n%%\n").unwrap_or((&text, "system:\n  kubernetes:\n    version: 1.29.5\n"));
    // The scanner alone must accept any value.
    internals::scan_macros(values);
    let context = Context::from_text(ctx, &Limits::default()).unwrap_or_default();
    let options = Options::default();
    match render(values, &context, &options) {
        Ok(r) => {
            for d in &r.diagnostics {
                if let Err(e) = check_invariants(d, values) {
                    panic!("{e}");
                }
            }
            if !r.text.contains("{{") {
                let again = render(&r.text, &context, &options).expect("rendered text renders");
                assert_eq!(again.text, r.text, "rendering is not idempotent");
            }
        }
        Err(e) => {
            for d in &e.0 {
                if let Err(e) = check_invariants(d, values) {
                    panic!("{e}");
                }
            }
        }
    }
});
