//! `cargo run -p byoos-core --example image -- PROVIDER REFERENCE [REGION]`: check one image
//! reference and print the report as JSON (messages included).
use byoos_core::{check_image, ImageOptions, Provider};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(provider), Some(reference)) = (args.first(), args.get(1)) else {
        eprintln!("usage: image PROVIDER REFERENCE [REGION]");
        std::process::exit(2);
    };
    let provider: Provider = match provider.parse() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let mut options = ImageOptions::default();
    if let Some(r) = args.get(2) {
        options = options.with_region(r.clone());
    }
    let report = check_image(provider, reference, &options);
    match serde_json::to_string_pretty(&report) {
        Ok(s) => eprintln!("{s}"),
        Err(e) => eprintln!("{e}"),
    }
    std::process::exit(i32::from(!report.ok));
}
