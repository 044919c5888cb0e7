//! `cargo run -p byoos-core --example check -- FILE`: validate one file, print excerpts.
use byoos_core::{report::render_text, report::TextStyle, validate, Options};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: check FILE");
        std::process::exit(2);
    };
    let source = match std::fs::read_to_string(&path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let report = validate(&source, &Options::default());
    eprint!(
        "{}",
        render_text(&source, &path, &report.diagnostics, TextStyle::Plain)
    );
    eprintln!("pack: {:?}, ok: {}", report.pack, report.ok);
}
