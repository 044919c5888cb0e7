//! `cargo run -p byoos-core --example packer -- '{"region": "us-east-1"}' < packer-manifest.json`:
//! turn a Packer manifest into generic-byoi values; prints the result as JSON.
use byoos_core::{from_packer_manifest, PackerOptions};
use std::io::Read as _;

fn main() {
    let options: PackerOptions = match std::env::args().nth(1).map(|o| serde_json::from_str(&o)) {
        None => PackerOptions::default(),
        Some(Ok(o)) => o,
        Some(Err(e)) => {
            eprintln!("options: {e}");
            std::process::exit(2);
        }
    };
    let mut manifest = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut manifest) {
        eprintln!("stdin: {e}");
        std::process::exit(2);
    }
    let result = from_packer_manifest(&manifest, &options);
    match serde_json::to_string_pretty(&result) {
        Ok(s) => std::io::Write::write_all(&mut std::io::stdout(), s.as_bytes()).unwrap_or(()),
        Err(e) => eprintln!("{e}"),
    }
    std::process::exit(i32::from(!result.ok));
}
