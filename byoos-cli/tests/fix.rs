//! `byoos validate --fix` and `--fix --diff`: transcripts in `tests/snapshots/` (insta),
//! and what is written: only the fixable bytes, the file's mode kept, a link refused,
//! nothing written for `--diff`.

#![allow(clippy::unwrap_used)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn tmp_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("byoos-cli-fix")
}

/// A fresh scratch folder holding `files`.
fn scratch(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let d = tmp_dir().join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    for (f, text) in files {
        std::fs::write(d.join(f), text).unwrap();
    }
    d
}

fn run(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_byoos"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env("COLUMNS", "100")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    let _ = pipe.write_all(stdin);
    drop(pipe);
    child.wait_with_output().unwrap()
}

fn transcript(args: &[&str], out: &Output) -> String {
    format!(
        "$ byoos {}\nexit: {}\n--- stdout\n{}--- stderr\n{}",
        args.join(" "),
        out.status.code().map_or("signal".into(), |c| c.to_string()),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    )
}

const EDGE: &str = "# Edge values, fixed by `byoos validate --fix`\npack:\n  content:\n    images:\n      - image: \"{{.spectro.pack.edge-native-byoi.options.system.uri}}\"\noptions:\n  system.uri: \"{{ .spectro.pack.edge-native-byoi.options.system.registry }}/{{ .spectro.pack.edge-native-byoi.options.system.repo }}:{{ .spectro.pack.edge-native-byoi.options.system.k8sDistribution }}-{{ .spectro.system.kubernetes.version }}-{{ .spectro.pack.edge-native-byoi.options.system.peVersion }}-{{ .spectro.pack.edge-native-byoi.options.system.customTag }}\"\n  system.registry: https://ttl.sh/   # our registry\n  system.repo: ubuntu\n  system.k8sDistribution: k3s\n  system.osName: ubuntu\n  system.peVersion: v4.2.3\n  system.customTag: demo\n  system.osVersion: 22.04\n";

const GENERIC: &str = "pack:\n  osImageOverride: “ami-0123456789ABCDEF0”\n  osName: ubuntu\n  osVersion: \"22.04\"\n  password: hunter2-pw   # a secret: never shown\n";

const GOOD: &str = "pack:\n  osImageOverride: \"ami-0123456789abcdef0\"\n  osName: ubuntu\n  osVersion: \"22.04\"\n";

#[test]
fn fix_diff_prints_and_writes_nothing() {
    let dir = scratch(
        "diff",
        &[
            ("edge.yaml", EDGE),
            ("generic.yaml", GENERIC),
            ("good.yaml", GOOD),
        ],
    );
    let args = [
        "validate",
        "--fix",
        "--diff",
        "edge.yaml",
        "generic.yaml",
        "good.yaml",
    ];
    let out = run(&dir, &args, b"");
    insta::assert_snapshot!("fix_diff", transcript(&args, &out));
    assert_eq!(
        std::fs::read_to_string(dir.join("edge.yaml")).unwrap(),
        EDGE
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("generic.yaml")).unwrap(),
        GENERIC
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("hunter2"));
}

#[test]
fn fix_writes_in_place_and_reports_what_remains() {
    let dir = scratch(
        "write",
        &[
            ("edge.yaml", EDGE),
            ("generic.yaml", GENERIC),
            ("good.yaml", GOOD),
        ],
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let p = std::fs::Permissions::from_mode(0o640);
        std::fs::set_permissions(dir.join("edge.yaml"), p).unwrap();
    }
    let args = [
        "validate",
        "--fix",
        "edge.yaml",
        "generic.yaml",
        "good.yaml",
    ];
    let out = run(&dir, &args, b"");
    insta::assert_snapshot!("fix_write", transcript(&args, &out));
    let edge = std::fs::read_to_string(dir.join("edge.yaml")).unwrap();
    let changed: Vec<(&str, &str)> = EDGE
        .lines()
        .zip(edge.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(
        changed,
        [
            (
                "  system.registry: https://ttl.sh/   # our registry",
                "  system.registry: ttl.sh   # our registry"
            ),
            ("  system.osVersion: 22.04", "  system.osVersion: \"22.04\""),
        ]
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.join("edge.yaml"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o640);
    }
    assert_eq!(
        std::fs::read_to_string(dir.join("good.yaml")).unwrap(),
        GOOD
    );
    // Twice is once.
    let again = run(&dir, &args, b"");
    assert_eq!(
        std::fs::read_to_string(dir.join("edge.yaml")).unwrap(),
        edge
    );
    assert!(String::from_utf8_lossy(&again.stderr).starts_with("0 findings fixed"));
}

#[cfg(unix)]
#[test]
fn fix_refuses_a_link_and_standard_input() {
    let dir = scratch("link", &[("edge.yaml", EDGE)]);
    std::os::unix::fs::symlink("edge.yaml", dir.join("link.yaml")).unwrap();
    let args = ["validate", "--fix", "link.yaml"];
    let out = run(&dir, &args, b"");
    assert_ne!(out.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(dir.join("edge.yaml")).unwrap(),
        EDGE
    );
    let args = ["validate", "--fix", "-"];
    let out = run(&dir, &args, EDGE.as_bytes());
    insta::assert_snapshot!("fix_stdin", transcript(&args, &out));
    let args = ["validate", "--fix", "--diff", "-"];
    let out = run(&dir, &args, EDGE.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("+  system.registry: ttl.sh"));
}
