//! `cargo run --release -p byoos-core --example packer_big -- [BUILDS] [ROUNDS]`: time
//! `from_packer_manifest` on a generated manifest of BUILDS builds (default 8,000, about
//! 3 MB; one run per build, the last one picked) and print the median of ROUNDS calls
//! (default 21).
use byoos_core::{from_packer_manifest, PackerOptions};
use std::fmt::Write as _;
use std::io::Write as _;
use std::time::Instant;

fn manifest(builds: usize) -> String {
    let mut s = String::from("{\n  \"builds\": [\n");
    for i in 0..builds {
        let _ = write!(
            s,
            "    {{\n      \"name\": \"ubuntu-22.04\",\n      \"builder_type\": \"amazon-ebs\",\n      \"build_time\": {},\n      \"files\": null,\n      \"artifact_id\": \"eu-west-1:ami-0{i:016x},us-east-1:ami-1{i:016x}\",\n      \"packer_run_uuid\": \"run-{i:08}\",\n      \"custom_data\": {{\"kubernetes_version\": \"v1.30.{}\", \"os_name\": \"ubuntu\", \"os_version\": \"22.04\"}}\n    }}{}\n",
            1_700_000_000 + i,
            i % 10,
            if i + 1 < builds { "," } else { "" }
        );
    }
    let _ = write!(
        s,
        "  ],\n  \"last_run_uuid\": \"run-{:08}\"\n}}\n",
        builds - 1
    );
    s
}

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>().ok());
    let builds = args.next().flatten().unwrap_or(8_000).max(1);
    let rounds = args.next().flatten().unwrap_or(21).max(1);
    let text = manifest(builds);
    let options = PackerOptions::default().with_region("us-east-1");
    let first = from_packer_manifest(&text, &options);
    assert!(first.ok, "{:?}", first.diagnostics);
    let mut times: Vec<f64> = (0..rounds)
        .map(|_| {
            let t = Instant::now();
            let r = from_packer_manifest(&text, &options);
            let dt = t.elapsed().as_secs_f64();
            assert_eq!(r.text, first.text);
            dt
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    let _ = writeln!(
        std::io::stdout(),
        "{builds} builds, {} bytes: median {:.2} ms of {rounds} calls ({:.0} MB/s)",
        text.len(),
        median * 1e3,
        text.len() as f64 / median / 1e6
    );
}
