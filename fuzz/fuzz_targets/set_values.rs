//! `set_values` on arbitrary documents and assignments: the input is a list of
//! `path=value` lines, a `%%` line, then the values text. Spans stay valid (into the
//! source on failure, into the edited text on success) and setting the same values
//! again changes nothing.
#![no_main]

use byoos_core::{diagnostic::check_invariants, set_values, Encoding, Options, Path};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (head, source) = text.split_once("\n%%\n").unwrap_or(("pack/osName=ubuntu", &text));
    let assignments: Vec<(Path, String)> = head
        .lines()
        .take(16)
        .filter_map(|l| l.split_once('='))
        .map(|(p, v)| (Path::parse(p), v.replace("\\n", "\n")))
        .collect();
    // Half the inputs may add keys the pack does not know (`create`), half may not.
    let options = if data.len() % 2 == 0 {
        Options::default().with_create()
    } else {
        Options::default()
    };
    match set_values(source, &assignments, &options) {
        Ok(edited) => {
            for d in &edited.diagnostics {
                if let Err(e) = check_invariants(d, &edited.text) {
                    panic!("{e}");
                }
            }
            // What the JavaScript binding shows.
            let _ = serde_json::to_value(edited.host_diagnostics(Encoding::Utf16));
            let again = set_values(&edited.text, &assignments, &options).expect("the edited text can be edited the same way");
            assert_eq!(again.text, edited.text, "setting the same values twice changed the text");
        }
        Err(failed) => {
            for d in &failed.diagnostics {
                if let Err(e) = check_invariants(d, source) {
                    panic!("{e}");
                }
            }
        }
    }
});
