//! The `byoos` binary, run as a user would: every subcommand and output format, the
//! error paths, and exit codes. Each run is recorded as a snapshot transcript (arguments,
//! exit code, stdout, stderr) in `tests/snapshots/`; review changes with `cargo insta
//! review` or by reading the `.snap.new` files.
#![allow(clippy::unwrap_used)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The workspace root: commands run there, with paths as a user would type them.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn tmp_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("byoos-cli")
}

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let d = tmp_dir().join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn run_env(args: &[&str], stdin: Option<&[u8]>, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_byoos"));
    cmd.args(args)
        .current_dir(root())
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env("COLUMNS", "100")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    let mut pipe = child.stdin.take().unwrap();
    // The command may exit before reading its input.
    let _ = pipe.write_all(stdin.unwrap_or_default());
    drop(pipe);
    child.wait_with_output().unwrap()
}

fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    run_env(args, stdin, &[])
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// A transcript of one run, with the scratch folder shown as `[TMP]`.
fn transcript(args: &[&str], out: &Output) -> String {
    let tmp = tmp_dir().to_string_lossy().into_owned();
    let clean = |s: String| s.replace(&tmp, "[TMP]");
    let shown: Vec<String> = args
        .iter()
        .map(|a| {
            let a = clean((*a).to_owned());
            if a.is_empty() || a.contains([' ', '"', '\'', '$', '{']) {
                format!("'{a}'")
            } else {
                a
            }
        })
        .collect();
    format!(
        "$ byoos {}\nexit: {}\n--- stdout\n{}--- stderr\n{}",
        shown.join(" "),
        out.status.code().map_or("signal".into(), |c| c.to_string()),
        clean(text(&out.stdout)),
        clean(text(&out.stderr)),
    )
}

/// Run and snapshot the transcript; returns the output for further checks.
macro_rules! snap {
    ($name:expr, $args:expr) => {
        snap!($name, $args, None)
    };
    ($name:expr, $args:expr, $stdin:expr) => {{
        let args: &[&str] = $args;
        let out = run(args, $stdin);
        insta::assert_snapshot!($name, transcript(args, &out));
        out
    }};
}

fn code(out: &Output) -> i32 {
    out.status.code().unwrap()
}

// ---------------------------------------------------------------------------------
// validate
// ---------------------------------------------------------------------------------

#[test]
fn validate_text() {
    snap!(
        "validate_text_clean",
        &["validate", "examples/generic.yaml", "examples/edge.yaml"]
    );
    let out = snap!(
        "validate_text_errors",
        &["validate", "examples/bad-edge.yaml"]
    );
    assert_eq!(code(&out), 1);
    assert!(!text(&out.stdout).contains('\u{1b}'), "no colour in a pipe");
    snap!(
        "validate_text_provider_region",
        &[
            "validate",
            "--provider",
            "aws",
            "--region",
            "eu-west-1",
            "byoos-cli/tests/data/generic-ok.yaml"
        ]
    );
    snap!(
        "validate_text_forced_pack",
        &[
            "validate",
            "--pack",
            "edge-native-byoi",
            "examples/generic.yaml"
        ]
    );
}

#[test]
fn validate_profiles() {
    let out = snap!(
        "validate_profiles_clean",
        &[
            "validate",
            "examples/profile.tf",
            "examples/profile-export.json"
        ]
    );
    assert_eq!(code(&out), 0);
    let out = snap!(
        "validate_profile_terraform_errors",
        &["validate", "tests/conformance/profile/heredoc.tf"]
    );
    assert_eq!(code(&out), 1);
    let out = snap!(
        "validate_profile_export_errors",
        &["validate", "tests/conformance/profile/export.profile"]
    );
    assert_eq!(code(&out), 1);
    let out = snap!(
        "validate_profile_json",
        &[
            "validate",
            "--format",
            "json",
            "tests/conformance/profile/simple.yaml"
        ]
    );
    assert_eq!(code(&out), 1);
}

#[test]
fn validate_json() {
    let out = snap!(
        "validate_json",
        &[
            "validate",
            "--format",
            "json",
            "byoos-cli/tests/data/edge.yaml",
            "examples/generic.yaml"
        ]
    );
    assert_eq!(code(&out), 1);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = v["files"].as_array().unwrap();
    let keys: Vec<_> = files[0].as_object().unwrap().keys().cloned().collect();
    assert_eq!(keys, ["file", "pack", "ok", "diagnostics"]);
    let d = files[0]["diagnostics"][0].as_object().unwrap();
    let keys: Vec<_> = d.keys().cloned().collect();
    assert_eq!(
        keys,
        [
            "code",
            "severity",
            "message",
            "path",
            "line",
            "column",
            "end_line",
            "end_column",
            "start",
            "end",
            "help"
        ]
    );
    // Byte offsets select the offending text, multi-byte quotes included.
    let source = std::fs::read_to_string(root().join("byoos-cli/tests/data/edge.yaml")).unwrap();
    for d in files[0]["diagnostics"].as_array().unwrap() {
        let (s, e) = (
            d["start"].as_u64().unwrap() as usize,
            d["end"].as_u64().unwrap() as usize,
        );
        assert!(source.get(s..e).is_some(), "{d}");
    }
    let d = &files[0]["diagnostics"][2];
    let (s, e) = (
        d["start"].as_u64().unwrap() as usize,
        d["end"].as_u64().unwrap() as usize,
    );
    assert!(source[s..e].starts_with("“{{") && source[s..e].ends_with("}}/x”"));
}

#[test]
fn validate_stdin() {
    let source = std::fs::read(root().join("byoos-cli/tests/data/generic-ok.yaml")).unwrap();
    let out = snap!(
        "validate_stdin",
        &["validate", "--format", "json", "-"],
        Some(&source)
    );
    assert_eq!(code(&out), 0);
}

#[test]
fn validate_with_context() {
    let out = snap!(
        "validate_context",
        &[
            "validate",
            "--context",
            "byoos-cli/tests/data/context.yaml",
            "--var",
            "custom_tag=Not-Valid",
            "byoos-cli/tests/data/edge-var.yaml"
        ]
    );
    assert_eq!(code(&out), 1, "the variable does not match its regex");
    let out = snap!(
        "validate_context_ok",
        &[
            "validate",
            "--context",
            "byoos-cli/tests/data/context.yaml",
            "byoos-cli/tests/data/edge-var.yaml"
        ]
    );
    assert_eq!(code(&out), 0);
    snap!(
        "validate_context_invalid",
        &[
            "validate",
            "--context",
            "byoos-cli/tests/data/bad-context.yaml",
            "examples/edge.yaml"
        ]
    );
    let out = snap!(
        "validate_context_not_yaml",
        &["validate", "--context", "-", "examples/edge.yaml"],
        Some(b"system: [\n")
    );
    assert_eq!(code(&out), 2);
    assert!(out.stdout.is_empty());
}

#[test]
fn validate_sarif() {
    let out = run(
        &["validate", "--format", "sarif", "examples/bad-edge.yaml"],
        None,
    );
    assert_eq!(code(&out), 1);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // The results (the rules are the whole registry: checked by count, not snapshotted).
    let run0 = &v["runs"][0];
    assert_eq!(
        run0["tool"]["driver"]["rules"].as_array().unwrap().len(),
        byoos_core::Code::ALL.len()
    );
    insta::assert_json_snapshot!("validate_sarif_results", run0["results"]);
    for r in run0["results"].as_array().unwrap() {
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "examples/bad-edge.yaml");
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(loc["region"]["endColumn"].as_u64().unwrap() >= 1);
    }
}

/// Acceptance: the SARIF of a bad example is valid SARIF 2.1.0 (the published schema).
#[test]
fn sarif_of_a_bad_example_matches_the_schema() {
    let out = run(
        &[
            "validate",
            "--format",
            "sarif",
            "examples/bad-edge.yaml",
            "examples/generic.yaml",
            "-",
        ],
        Some(b"pack:\n  osName: x\n"),
    );
    assert_eq!(code(&out), 1);
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // The published schema's `language` patterns have a stray `]`; use the one they mean.
    let schema_text =
        std::fs::read_to_string(root().join("byoos-core/tests/data/sarif-2.1.0-rtm.5.json"))
            .unwrap()
            .replace(
                "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$",
                "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$",
            );
    let schema: serde_json::Value = serde_json::from_str(&schema_text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(results.len() >= 4);
    let uris: std::collections::BTreeSet<_> = results
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(uris.contains("examples/bad-edge.yaml") && uris.contains("stdin"));
    let root_uri = log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        root_uri.starts_with("file:///") && root_uri.ends_with('/'),
        "{root_uri}"
    );
    for r in results {
        let at = &r["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(at["uriBaseId"], "%SRCROOT%");
        assert!(r["partialFingerprints"]["byoosFingerprint/v1"].is_string());
    }
    // The sample repository too, with relative URIs.
    let out = run(&["validate", "--format", "sarif", "examples/repo"], None);
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    for r in log["runs"][0]["results"].as_array().unwrap() {
        let at = &r["locations"][0]["physicalLocation"]["artifactLocation"];
        assert!(
            at["uri"].as_str().unwrap().starts_with("examples/repo/"),
            "{at}"
        );
    }
}

/// Fingerprints do not move with lines: a comment added above changes no fingerprint.
#[test]
fn sarif_fingerprints_survive_moved_lines() {
    let bad = std::fs::read_to_string(root().join("examples/bad-edge.yaml")).unwrap();
    let prints = |text: String| -> Vec<String> {
        let out = run(
            &["validate", "--format", "sarif", "-"],
            Some(text.as_bytes()),
        );
        let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r["partialFingerprints"]["byoosFingerprint/v1"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect()
    };
    let before = prints(bad.clone());
    assert!(before.len() >= 2);
    assert_eq!(
        before,
        prints(format!("# a new comment\n# and another\n{bad}"))
    );
    let unique: std::collections::BTreeSet<_> = before.iter().collect();
    assert_eq!(unique.len(), before.len(), "one fingerprint per result");
}

#[test]
fn validate_many_files_in_parallel() {
    let dir = scratch("many");
    let good = std::fs::read(root().join("examples/generic.yaml")).unwrap();
    let bad = std::fs::read(root().join("examples/bad-edge.yaml")).unwrap();
    let mut files = Vec::new();
    for i in 0..24 {
        let p = dir.join(format!("values-{i:02}.yaml"));
        std::fs::write(&p, if i % 6 == 5 { &bad } else { &good }).unwrap();
        files.push(p.to_string_lossy().into_owned());
    }
    let mut args = vec!["validate", "--format", "json"];
    args.extend(files.iter().map(String::as_str));
    let out = run(&args, None);
    assert_eq!(code(&out), 1);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let got: Vec<_> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_owned(),
                f["ok"].as_bool().unwrap(),
            )
        })
        .collect();
    let want: Vec<_> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.clone(), i % 6 != 5))
        .collect();
    assert_eq!(got, want, "files keep their order");
    args[2] = "text";
    let out = run(&args, None);
    assert!(
        text(&out.stdout).ends_with("24 files checked: 16 errors, 0 warnings\n"),
        "{}",
        text(&out.stdout)
    );
}

/// Files that cannot be read, are binary or UTF-16 among good ones: each is an `io/`
/// diagnostic of that file, the good file is still checked, every format reports all of
/// them, exit 1.
#[test]
fn validate_io_problems_are_diagnostics_of_their_file() {
    let dir = scratch("io");
    std::fs::write(dir.join("binary.yaml"), b"pack:\n  osName: \0\x01\n").unwrap();
    std::fs::write(dir.join("latin1.yaml"), b"pack:\n  osName: \xe9\n").unwrap();
    std::fs::write(dir.join("utf16.yaml"), b"\xff\xfep\0a\0c\0k\0:\0\n\0").unwrap();
    let names: Vec<String> = ["binary.yaml", "latin1.yaml", "utf16.yaml"]
        .iter()
        .map(|n| dir.join(n).to_string_lossy().into_owned())
        .collect();
    let mut files = vec!["examples/generic.yaml", "does-not-exist.yaml"];
    files.extend(names.iter().map(String::as_str));
    for format in ["text", "json", "sarif"] {
        let mut args = vec!["validate", "--format", format];
        args.extend(&files);
        let out = run(&args, None);
        assert_eq!(code(&out), 1, "{format}");
        let shown = text(&out.stdout);
        for f in [
            "does-not-exist.yaml",
            "binary.yaml",
            "latin1.yaml",
            "utf16.yaml",
        ] {
            assert!(shown.contains(f), "{format}: {f}");
        }
        if format == "json" {
            let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(v["files"][0]["file"], "examples/generic.yaml");
            assert_eq!(v["files"][0]["ok"], true);
            let codes: Vec<_> = v["files"].as_array().unwrap()[1..]
                .iter()
                .map(|f| f["diagnostics"][0]["code"].as_str().unwrap().to_owned())
                .collect();
            assert_eq!(
                codes,
                [
                    "io/not-found",
                    "io/binary",
                    "io/invalid-utf8",
                    "io/invalid-utf8"
                ]
            );
            insta::assert_snapshot!("validate_io_json", transcript(&args, &out));
        } else if format == "text" {
            insta::assert_snapshot!("validate_io_text", transcript(&args, &out));
        } else {
            // The scratch folder is shown as `[TMP]`, as in the transcripts.
            let tmp = tmp_dir().to_string_lossy().into_owned();
            let shown = text(&out.stdout).replace(&tmp, "[TMP]");
            let log: serde_json::Value = serde_json::from_str(&shown).unwrap();
            insta::assert_json_snapshot!("validate_io_sarif_results", log["runs"][0]["results"]);
        }
    }
}

#[test]
fn validate_usage_problems_exit_2_and_print_nothing() {
    let empty = scratch("empty-folder");
    std::fs::write(empty.join("notes.txt"), "not checked\n").unwrap();
    let empty = empty.to_string_lossy().into_owned();
    for (name, args) in [
        ("validate_stdin_twice", vec!["validate", "-", "-"]),
        (
            "validate_stdin_twice_with_context",
            vec!["validate", "--context", "-", "-"],
        ),
        (
            "validate_nothing_to_check",
            vec!["validate", empty.as_str()],
        ),
    ] {
        let out = run(&args, None);
        insta::assert_snapshot!(name, transcript(&args, &out));
        assert_eq!(code(&out), 2, "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

/// The sample repository, walked: `.gitignore`d, hidden and non-profile `.json` files
/// are left out, the rest in path order.
#[test]
fn validate_folder_walk() {
    let out = snap!("validate_repo", &["validate", "examples/repo"]);
    assert_eq!(code(&out), 0);
    let out = run(&["validate", "--format", "json", "examples/repo"], None);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        [
            "examples/repo/aws/rhel-8.yaml",
            "examples/repo/azure/ubuntu-22.04.yaml",
            "examples/repo/edge/edge-k3s.yaml",
            "examples/repo/profiles/edge-export.json",
            "examples/repo/terraform/profile.tf",
        ]
    );
    // A file that is no BYOOS file is reported when named.
    for named in [
        "examples/repo/web/package.json",
        "examples/repo/terraform/values/edge-k3s.yaml",
    ] {
        let out = run(&["validate", named], None);
        assert_eq!(code(&out), 1, "{named}");
    }
}

/// `--provider` over a folder of several clouds: each reference in its own provider's
/// form is checked for that provider (an `info` says so), none is a wrong provider.
#[test]
fn provider_is_a_default_over_a_folder() {
    let out = run(
        &[
            "validate",
            "--format",
            "json",
            "--provider",
            "vsphere",
            "examples/repo",
        ],
        None,
    );
    assert_eq!(code(&out), 0, "{}", text(&out.stdout));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap())
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(!codes.contains(&"image/wrong-provider"), "{codes:?}");
    assert!(codes.contains(&"pack/image-provider"), "{codes:?}");
}

#[test]
fn validate_repo_in_every_format() {
    snap!(
        "validate_repo_github",
        &["validate", "--format", "github", "examples/repo"]
    );
    snap!(
        "validate_repo_junit",
        &["validate", "--format", "junit", "examples/repo"]
    );
    snap!(
        "validate_repo_statistics",
        &[
            "validate",
            "--statistics",
            "examples/repo",
            "examples/bad-edge.yaml"
        ]
    );
}

#[test]
fn warnings_can_fail_the_run() {
    let out = snap!(
        "validate_deny_warnings",
        &["validate", "--deny-warnings", "examples/repo"]
    );
    assert_eq!(code(&out), 1);
    let out = snap!(
        "validate_max_warnings_0",
        &["validate", "--max-warnings", "0", "examples/repo"]
    );
    assert_eq!(code(&out), 1);
    let out = run(&["validate", "--max-warnings", "1", "examples/repo"], None);
    assert_eq!(code(&out), 0);
    let out = run(&["validate", "--max-warnings", "x", "examples/repo"], None);
    assert_eq!(code(&out), 2);
}

#[test]
fn stdin_filename_names_standard_input() {
    let bad = std::fs::read(root().join("examples/bad-edge.yaml")).unwrap();
    let out = snap!(
        "validate_stdin_filename",
        &[
            "validate",
            "--format",
            "github",
            "--stdin-filename",
            "clusters/edge.yaml",
            "-"
        ],
        Some(&bad)
    );
    assert_eq!(code(&out), 1);
    // Terraform on standard input, its `file()` read beside the name given.
    let tf = std::fs::read(root().join("examples/repo/terraform/profile.tf")).unwrap();
    let args = [
        "validate",
        "--format",
        "json",
        "--stdin-filename",
        "examples/repo/terraform/main.tf",
        "-",
    ];
    let out = run(&args, Some(&tf));
    assert_eq!(code(&out), 0, "{}", text(&out.stdout));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["files"][0]["file"], "examples/repo/terraform/main.tf");
    assert_eq!(v["files"][0]["input"], "terraform");
}

/// GitHub commands and JUnit XML show no secret either (the messages come masked).
#[test]
fn new_formats_never_show_a_secret() {
    let values = b"pack:\n  osImageOverride: \"https://a.blob.core.windows.net/v/x.vhd?sv=2022&sig=S3cretSignature0123\"\n  osName: ubuntu\n  osVersion: \"22.04\"\n  password: \"Hunter2Hunter2\"\n";
    for format in ["github", "junit", "sarif", "json", "text"] {
        let out = run(&["validate", "--format", format, "-"], Some(values));
        let shown = text(&out.stdout);
        assert!(!shown.is_empty());
        assert!(!shown.contains("S3cretSignature0123"), "{format}: {shown}");
        assert!(!shown.contains("Hunter2Hunter2"), "{format}: {shown}");
    }
}

#[test]
fn usage_problems_exit_2() {
    for (name, args) in [
        ("usage_no_files", &["validate"][..]),
        ("usage_bad_pack", &["validate", "--pack", "edge", "x.yaml"]),
        (
            "usage_bad_format",
            &["validate", "--format", "xml", "x.yaml"],
        ),
        (
            "usage_unknown_flag",
            &["validate", "--frobnicate", "x.yaml"],
        ),
        ("usage_unknown_command", &["frobnicate"]),
        ("usage_no_command", &[]),
        (
            "usage_bad_system",
            &["render", "x.yaml", "--system", "kubernetes.version"],
        ),
        ("usage_bad_assignment", &["set", "x.yaml", "pack/osName"]),
        (
            "usage_bad_provider",
            &["image", "aws2", "ami-0123456789abcdef0"],
        ),
        ("usage_bad_kind", &["schema", "generic"]),
        (
            "usage_bad_validate_provider",
            &["validate", "--provider", "ec2", "x.yaml"],
        ),
    ] {
        let out = run(args, None);
        insta::assert_snapshot!(name, transcript(args, &out));
        assert_eq!(code(&out), 2, "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn help_and_version() {
    for (name, args) in [
        ("help", &["--help"][..]),
        ("help_validate", &["validate", "--help"]),
        ("help_render", &["render", "--help"]),
        ("help_render_profile", &["render-profile", "--help"]),
        ("help_image", &["image", "--help"]),
        ("help_terraform", &["terraform", "--help"]),
        ("help_from_packer", &["from-packer", "--help"]),
        ("help_from_image_config", &["from-image-config", "--help"]),
        ("help_diff", &["diff", "--help"]),
        ("help_set", &["set", "--help"]),
        ("help_schema", &["schema", "--help"]),
    ] {
        let out = run(args, None);
        insta::assert_snapshot!(name, transcript(args, &out));
        assert_eq!(code(&out), 0, "{args:?}");
    }
    let out = run(&["--version"], None);
    assert_eq!(code(&out), 0);
    assert_eq!(
        text(&out.stdout),
        format!("byoos {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let args = ["validate", "examples/bad-edge.yaml"];
    let plain = run(&args, None);
    assert!(!text(&plain.stdout).contains('\u{1b}'));
    let coloured = run(
        &["--color", "always", "validate", "examples/bad-edge.yaml"],
        None,
    );
    assert!(text(&coloured.stdout).contains("\u{1b}["));
    // NO_COLOR wins over auto; a pipe is not a terminal anyway, so both are plain.
    let no_color = run_env(&args, None, &[("NO_COLOR", "1")]);
    assert_eq!(no_color.stdout, plain.stdout);
    let never = run(
        &["validate", "--color", "never", "examples/bad-edge.yaml"],
        None,
    );
    assert_eq!(never.stdout, plain.stdout);
}

// ---------------------------------------------------------------------------------
// render and render-profile
// ---------------------------------------------------------------------------------

#[test]
fn render_edge() {
    let out = snap!(
        "render_edge_system",
        &[
            "render",
            "examples/edge.yaml",
            "--system",
            "kubernetes.version=1.29.5"
        ]
    );
    assert_eq!(code(&out), 0);
    // A misspelled system macro name is refused, on the command line and in a context.
    let out = snap!(
        "render_unknown_system_flag",
        &[
            "render",
            "examples/edge.yaml",
            "--system",
            "kubernetes.verison=1.30.5"
        ]
    );
    assert_eq!(code(&out), 2);
    assert!(out.stdout.is_empty());
    assert!(text(&out.stderr).contains("`kubernetes.version`"));
    let dir = scratch("render_unknown_system_context");
    let ctx = dir.join("context.yaml");
    std::fs::write(&ctx, "system:\n  kubernetes:\n    verison: 1.30.5\n").unwrap();
    let out = snap!(
        "render_unknown_system_context",
        &[
            "render",
            "examples/edge.yaml",
            "--context",
            ctx.to_str().unwrap()
        ]
    );
    assert_eq!(code(&out), 2);
    assert!(out.stdout.is_empty());
    assert!(text(&out.stderr).contains("error[template/context]"));
    let out = snap!(
        "render_edge_missing_value",
        &["render", "examples/edge.yaml"]
    );
    assert_eq!(code(&out), 0, "a missing value is a warning, as in Palette");
    let out = snap!(
        "render_edge_strict",
        &["render", "--strict", "examples/edge.yaml"]
    );
    assert_eq!(code(&out), 1);
    assert!(
        out.stdout.is_empty(),
        "strict: no half-rendered values on stdout"
    );
}

/// Acceptance: rendering the Edge example changes only the scalars that hold macros.
#[test]
fn render_changes_only_macro_scalars() {
    let out = run(
        &[
            "render",
            "examples/edge.yaml",
            "--system",
            "kubernetes.version=1.29.5",
        ],
        None,
    );
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let input = std::fs::read_to_string(root().join("examples/edge.yaml")).unwrap();
    let output = text(&out.stdout);
    let (a, b): (Vec<&str>, Vec<&str>) = (input.lines().collect(), output.lines().collect());
    assert_eq!(a.len(), b.len());
    let mut changed = 0;
    for (x, y) in a.iter().zip(&b) {
        if x != y {
            changed += 1;
            assert!(x.contains("{{ .spectro") || x.contains("{{.spectro"), "{x}");
            // Only the value changed: the key and indentation are the same.
            let key = |l: &str| l.split(": ").next().unwrap().to_owned();
            assert_eq!(key(x), key(y));
            assert!(y.contains("ttl.sh/ubuntu:k3s-1.29.5-v4.4.12-demo"), "{y}");
        }
    }
    assert_eq!(changed, 2);
    assert_eq!(
        input.lines().filter(|l| l.contains("{{")).count(),
        changed,
        "every macro line changed"
    );
}

#[test]
fn render_vars_and_macros_from_flags() {
    let values = b"options:\n  system.uri: \"{{ .spectro.macro.registry }}/edge:{{ .spectro.var.custom_tag }}\"  # image\n";
    let out = snap!(
        "render_var_macro",
        &[
            "render",
            "-",
            "--pack",
            "edge-native-byoi",
            "--var",
            "custom_tag=demo",
            "--macro",
            "registry=harbor.example.com"
        ],
        Some(values)
    );
    assert_eq!(
        code(&out),
        0,
        "render checks the macros, not the pack's shape"
    );
    assert!(text(&out.stdout).contains("\"harbor.example.com/edge:demo\"  # image"));
    let out = snap!("render_not_yaml", &["render", "-"], Some(b"pack: [\n"));
    assert_eq!(code(&out), 1);
    assert!(out.stdout.is_empty());
    let out = snap!("render_missing_file", &["render", "nope.yaml"]);
    assert_eq!(code(&out), 2);
}

#[test]
fn render_profile_to_stdout_and_files() {
    let out = snap!(
        "render_profile_stdout",
        &[
            "render-profile",
            "byoos-cli/tests/data/profile.yaml",
            "--context",
            "byoos-cli/tests/data/context.yaml"
        ]
    );
    assert_eq!(code(&out), 0);
    let out = snap!(
        "render_profile_no_context",
        &[
            "render-profile",
            "--strict",
            "byoos-cli/tests/data/profile.yaml"
        ]
    );
    assert_eq!(code(&out), 1);
    assert!(
        out.stdout.is_empty(),
        "strict: no half-rendered values on stdout"
    );

    // A pack's findings are shown at the profile's own lines (here: in a `.tf` heredoc).
    let out = snap!(
        "render_profile_terraform_locations",
        &[
            "render-profile",
            "tests/conformance/profile/heredoc.tf",
            "--system",
            "kubernetes.version=1.29.5"
        ]
    );
    assert_eq!(
        code(&out),
        1,
        "an escaped TAG placeholder is a literal dollar: no valid tag"
    );

    let dir = scratch("profile-out");
    let out_dir = dir.join("rendered");
    let out_dir_s = out_dir.to_string_lossy().into_owned();
    let out = snap!(
        "render_profile_out_dir",
        &[
            "render-profile",
            "byoos-cli/tests/data/profile.yaml",
            "--context",
            "byoos-cli/tests/data/context.yaml",
            "--out-dir",
            &out_dir_s
        ]
    );
    assert_eq!(code(&out), 0);
    let mut names: Vec<_> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["edge-k3s.yaml", "edge-native-byoi.yaml"]);
    let k3s = std::fs::read_to_string(out_dir.join("edge-k3s.yaml")).unwrap();
    assert_eq!(
        k3s,
        "cluster:\n  node-image: \"ttl.sh/ubuntu:k3s-1.29.5-demo\"\n  owner: \"platform-team\"\n"
    );

    let out = snap!(
        "render_profile_not_a_profile",
        &["render-profile", "-"],
        Some(b"name: x\n")
    );
    assert_eq!(code(&out), 1);
}

// ---------------------------------------------------------------------------------
// image, terraform, from-packer, schema
// ---------------------------------------------------------------------------------

#[test]
fn image() {
    let out = snap!(
        "image_text_ok",
        &[
            "image",
            "aws",
            "ami-0123456789abcdef0",
            "--region",
            "us-east-1"
        ]
    );
    assert_eq!(code(&out), 0);
    let out = snap!(
        "image_text_region_mismatch",
        &[
            "image",
            "aws",
            "arn:aws:ec2:us-east-1::image/ami-0123456789abcdef0",
            "--region",
            "eu-west-1"
        ]
    );
    assert_eq!(code(&out), 1);
    let out = snap!(
        "image_json",
        &[
            "image",
            "edge",
            "ttl.sh/ubuntu:k3s-1.29.5-v4.4.12-demo",
            "--format",
            "json"
        ]
    );
    assert_eq!(code(&out), 0);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
    assert_eq!(
        keys,
        [
            "ok",
            "provider",
            "kind",
            "normalized",
            "parts",
            "diagnostics"
        ]
    );
    let out = snap!(
        "image_json_error",
        &["image", "azure", "-not a url", "--format", "json"]
    );
    assert_eq!(code(&out), 1);
}

#[test]
fn terraform() {
    let out = snap!(
        "terraform_generic",
        &["terraform", "examples/generic.yaml", "--version", "1.0.0"]
    );
    assert_eq!(code(&out), 0);
    let out = snap!(
        "terraform_options",
        &[
            "terraform",
            "-",
            "--pack",
            "edge-native-byoi",
            "--version",
            "4.5.0",
            "--registry",
            "My ${registry}"
        ],
        Some(b"pack:\n  content:\n    images:\n      - image: \"${x}%{y}\"\n  notes: |\n    EOT\n")
    );
    assert_eq!(code(&out), 1, "the values have errors (no `options`)");
    let hcl_text = text(&out.stdout);
    assert!(
        hcl_text.contains("$${x}%%{y}") && hcl_text.contains("<<EOT1\n"),
        "{hcl_text}"
    );
    hcl::from_str::<hcl::Body>(&hcl_text).unwrap();
    let out = snap!(
        "terraform_unknown_kind",
        &["terraform", "-", "--version", "1.0.0"],
        Some(b"foo: bar\n")
    );
    assert_eq!(code(&out), 1);
    assert!(out.stdout.is_empty());
}

/// No pack version is made up: `spectrocloud_pack_simple` matches it exactly, and the
/// versions differ by registry (docs: 1.0.0; Palette's Edge page: 2.1.x).
#[test]
fn terraform_needs_the_pack_version() {
    let out = snap!("terraform_no_version", &["terraform", "examples/edge.yaml"]);
    assert_eq!(code(&out), 2, "a missing required flag is a usage problem");
    assert!(out.stdout.is_empty());
    let out = snap!(
        "terraform_wildcard_version",
        &["terraform", "examples/edge.yaml", "--version", "2.1.x"]
    );
    assert_eq!(code(&out), 1);
    assert!(out.stdout.is_empty());
    assert!(text(&out.stderr).contains("error[terraform/pack-version]"));
    let out = run(
        &["terraform", "examples/edge.yaml", "--version", "2.1.0"],
        None,
    );
    assert_eq!(code(&out), 0);
    assert!(text(&out.stdout).contains("version      = \"2.1.0\""));
}

/// The HCL parses with a real HCL parser and carries the values back byte for byte.
#[test]
fn terraform_is_hcl() {
    for file in ["examples/edge.yaml", "examples/generic.yaml"] {
        let out = run(&["terraform", file, "--version", "1.0.0"], None);
        assert_eq!(code(&out), 0);
        let hcl_text = text(&out.stdout);
        let body: hcl::Body = hcl::from_str(&hcl_text).unwrap();
        let labels: Vec<Vec<String>> = body
            .blocks()
            .filter(|b| b.identifier() == "data")
            .map(|b| b.labels().iter().map(|l| l.as_str().to_owned()).collect())
            .collect();
        assert_eq!(
            labels,
            [
                ["spectrocloud_registry", "public_registry"],
                ["spectrocloud_pack_simple", "byoos"]
            ]
        );
        let pack_simple = body
            .blocks()
            .find(|b| {
                b.labels()
                    .first()
                    .is_some_and(|l| l.as_str() == "spectrocloud_pack_simple")
            })
            .unwrap();
        let ty = pack_simple
            .body()
            .attributes()
            .find(|a| a.key() == "type")
            .unwrap();
        // Types `spectrocloud_pack_simple` accepts: helm, manifest, container, operator-instance.
        assert_eq!(ty.expr(), &hcl::Expression::String("helm".into()));
        let pack = body.blocks().find(|b| b.identifier() == "pack").unwrap();
        let values = pack
            .body()
            .attributes()
            .find(|a| a.key() == "values")
            .unwrap();
        let hcl::Expression::TemplateExpr(t) = values.expr() else {
            panic!("values is not a heredoc")
        };
        let template = hcl::Template::from_expr(t).unwrap();
        let evaluated =
            hcl::eval::Evaluate::evaluate(&template, &hcl::eval::Context::new()).unwrap();
        assert_eq!(
            evaluated,
            std::fs::read_to_string(root().join(file)).unwrap()
        );
    }
}

#[test]
fn from_packer() {
    let out = snap!(
        "from_packer_aws",
        &[
            "from-packer",
            "byoos-cli/tests/data/packer-manifest.json",
            "--region",
            "us-west-2",
            "--os-version",
            "8.10"
        ]
    );
    assert_eq!(code(&out), 0);
    let out = snap!(
        "from_packer_no_region",
        &["from-packer", "byoos-cli/tests/data/packer-manifest.json"]
    );
    assert_eq!(code(&out), 1);
    assert!(out.stdout.is_empty());
    // The README's manifest: `os_name` and `os_version` in `custom_data`, no flags.
    let out = snap!(
        "from_packer_os_from_custom_data",
        &[
            "from-packer",
            "byoos-cli/tests/data/packer-manifest.json",
            "--region",
            "us-east-1"
        ]
    );
    assert_eq!(code(&out), 0);
    assert!(text(&out.stdout).contains("osVersion: \"8.10\""));
    let checked = run(
        &["validate", "--pack", "generic-byoi", "-"],
        Some(&out.stdout),
    );
    assert_eq!(code(&checked), 0, "{}", text(&checked.stdout));
    // No OS in the manifest: nothing is written, exit 1.
    let out = snap!(
        "from_packer_no_os",
        &["from-packer", "-"],
        Some(
            br#"{"builds": [{"name": "os", "builder_type": "openstack", "artifact_id": "0f8e3a6c-1b2d-4c5e-8f90-a1b2c3d4e5f6", "packer_run_uuid": "r"}], "last_run_uuid": "r"}"#
        )
    );
    assert_eq!(code(&out), 1);
    assert!(out.stdout.is_empty());
    let out = snap!(
        "from_packer_not_json",
        &["from-packer", "-", "--run", "last"],
        Some(b"{\"builds\": [")
    );
    assert_eq!(code(&out), 1);
}

#[test]
fn diff() {
    let d = "tests/conformance/diff/";
    let (old, pe, stage, comment) = (
        format!("{d}canvos.yaml"),
        format!("{d}canvos-pe.yaml"),
        format!("{d}canvos-reconcile.yaml"),
        format!("{d}canvos-comment.yaml"),
    );
    let k8s = "kubernetes.version=1.29.5";
    let out = snap!(
        "diff_pe_version_repave",
        &["diff", &old, &pe, "--system", k8s]
    );
    assert_eq!(code(&out), 0);
    let out = snap!(
        "diff_reconcile_reload",
        &["diff", &old, &stage, "--system", k8s]
    );
    assert_eq!(code(&out), 0);
    let out = snap!(
        "diff_comment_no_op",
        &["diff", &old, &comment, "--fail-on", "no-op"]
    );
    assert_eq!(code(&out), 1, "no-op or stronger: even no change fails");
    let out = run(
        &["diff", &old, &stage, "--fail-on", "repave", "--system", k8s],
        None,
    );
    assert_eq!(code(&out), 0);
    let out = run(
        &["diff", &old, &pe, "--fail-on", "reboot", "--system", k8s],
        None,
    );
    assert_eq!(code(&out), 1);
    let out = run(
        &["diff", &old, &pe, "--format", "json", "--system", k8s],
        None,
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["impact"], "repave");
    assert_eq!(
        json["changes"][0]["path"],
        serde_json::json!(["options", "system.peVersion"])
    );
    let out = run(&["diff", &old, "-"], Some(b"pack: [\n"));
    assert_eq!(code(&out), 1);
    assert!(text(&out.stderr).contains("yaml/syntax"));
}

#[test]
fn from_image_config() {
    let config = "tests/conformance/image/imageconfig/docs-rhel8.imageconfig";
    let out = snap!("from_image_config_docs", &["from-image-config", config]);
    assert_eq!(code(&out), 0);
    let checked = run(
        &[
            "validate",
            "--pack",
            "generic-byoi",
            "--provider",
            "vsphere",
            "-",
        ],
        Some(&out.stdout),
    );
    assert_eq!(code(&checked), 0, "{}", text(&checked.stdout));
    // The OVA of the output folder names the template.
    let dir = scratch("imageconfig-output");
    for f in [
        "packer-manifest.json",
        "rhel-8-kube-v1.30.4-a.ova",
        "rhel-8-kube-v1.30.4-a.ovf",
    ] {
        std::fs::write(dir.join(f), "").unwrap();
    }
    let dir = dir.to_string_lossy().into_owned();
    let out = run(&["from-image-config", config, "--output-dir", &dir], None);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("\"/Datacenter/vm/sp-docs/rhel-8-kube-v1.30.4-a\""));
    // A finding on the password's line: the excerpt hides the whole value, spaces
    // included, and the values file is not written.
    let secret = b"os_version=rhel-8\nk8s_version=1.30.4\nvcenter_password=Correct Horse Battery\nvcenter_password=Correct Horse Battery\n";
    let out = snap!(
        "from_image_config_secret",
        &["from-image-config", "-"],
        Some(&secret[..])
    );
    assert_eq!(code(&out), 1);
    assert!(out.stdout.is_empty());
    let shown = text(&out.stderr);
    assert!(shown.contains("vcenter_password"), "{shown}");
    assert!(!shown.contains("Horse"), "{shown}");
    let out = run(
        &[
            "from-image-config",
            "-",
            "--output-dir",
            "/nonexistent/byoos",
        ],
        Some(&secret[..]),
    );
    assert_eq!(code(&out), 2);
}

#[test]
fn schema() {
    for kind in ["edge-native-byoi", "generic-byoi"] {
        let out = run(&["schema", kind], None);
        assert_eq!(code(&out), 0);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["$schema"], "https://json-schema.org/draft/2020-12/schema");
        assert_eq!(
            text(&out.stdout).trim_end(),
            byoos_core::json_schema(kind.parse().unwrap()).trim_end()
        );
        jsonschema::meta::validate(&v).unwrap();
    }
    snap!("schema_generic", &["schema", "generic-byoi"]);
}

// ---------------------------------------------------------------------------------
// set
// ---------------------------------------------------------------------------------

#[test]
fn set_to_stdout() {
    let out = snap!(
        "set_stdout",
        &[
            "set",
            "examples/edge.yaml",
            "options/system.customTag=prod",
            "pack/drain/timeout=120",
            "pack/drain/cordon=false"
        ]
    );
    assert_eq!(code(&out), 0);
    let out = snap!(
        "set_makes_an_error",
        &["set", "examples/edge.yaml", "options/system.customTag="]
    );
    assert_eq!(code(&out), 1, "the edit leaves an empty customTag");
    let out = snap!(
        "set_bad_path",
        &["set", "examples/edge.yaml", "pack/content/images/2/image=x"]
    );
    assert_eq!(code(&out), 1);
    assert!(out.stdout.is_empty());
    let out = snap!(
        "set_stdin",
        &["set", "-", "pack/osName=ubuntu", "pack/osVersion=22.04"],
        Some(b"pack:\n  osImageOverride: ami-0123456789abcdef0  # AMI\n  osName: rhel\n")
    );
    assert_eq!(code(&out), 0);
    let out = snap!(
        "set_stdin_in_place",
        &["set", "-", "pack/osName=ubuntu", "--in-place"]
    );
    assert_eq!(code(&out), 2);
    let out = snap!("set_missing_file", &["set", "nope.yaml", "a=b", "-i"]);
    assert_eq!(code(&out), 2);
}

/// A misspelt path is refused (nothing written, exit 1); `--create` adds it on purpose.
#[test]
fn set_misspelt_path_is_refused() {
    let dir = scratch("set-typo");
    let file = dir.join("generic.yaml");
    let original = std::fs::read_to_string(root().join("examples/generic.yaml")).unwrap();
    std::fs::write(&file, &original).unwrap();
    let f = file.to_string_lossy().into_owned();
    for (name, path) in [
        ("set_misspelt_version", "pack/osVerison=8"),
        (
            "set_misspelt_image",
            "pack/osImageOvverride=ami-0123456789abcdef0",
        ),
    ] {
        let out = snap!(name, &["set", &f, path, "--in-place"]);
        assert_eq!(code(&out), 1, "{path}");
        assert!(out.stdout.is_empty());
        assert_eq!(std::fs::read_to_string(&file).unwrap(), original, "{path}");
    }
    let out = snap!(
        "set_create",
        &["set", "examples/generic.yaml", "pack/note=kept", "--create"]
    );
    assert_eq!(code(&out), 0, "a warning only: the key was asked for");
    assert!(String::from_utf8_lossy(&out.stdout).contains("  note: kept\n"));
}

/// Acceptance: `set … --in-place` keeps every comment, changes one line, and is atomic.
#[test]
fn set_in_place_keeps_every_comment() {
    let dir = scratch("in-place");
    let file = dir.join("generic.yaml");
    let original = std::fs::read_to_string(root().join("examples/generic.yaml")).unwrap();
    std::fs::write(&file, &original).unwrap();
    let f = file.to_string_lossy().into_owned();
    let out = snap!(
        "set_in_place",
        &[
            "set",
            &f,
            "pack/osImageOverride=ami-0123456789abcdef0",
            "--in-place"
        ]
    );
    assert_eq!(code(&out), 0);
    assert!(out.stdout.is_empty());
    let edited = std::fs::read_to_string(&file).unwrap();
    let comments = |t: &str| -> Vec<String> {
        t.lines()
            .filter_map(|l| l.find('#').map(|i| l[i..].to_owned()))
            .collect()
    };
    assert_eq!(comments(&edited), comments(&original));
    let changed: Vec<_> = original
        .lines()
        .zip(edited.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(
        changed,
        [(
            "  osImageOverride: \"ami-0f4804aff4cf9c5a2\"   # built by Packer, see packer-manifest.json",
            "  osImageOverride: \"ami-0123456789abcdef0\"   # built by Packer, see packer-manifest.json"
        )]
    );
    assert_eq!(original.lines().count(), edited.lines().count());
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["generic.yaml"]);

    // A failing edit writes nothing.
    let before = std::fs::read(&file).unwrap();
    let out = run(&["set", &f, "pack/osName/x=1", "--in-place"], None);
    assert_eq!(code(&out), 1);
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[cfg(unix)]
#[test]
fn set_in_place_follows_symlinks_and_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("symlink");
    let target = dir.join("values.yaml");
    let values =
        "pack:\n  osImageOverride: ami-0123456789abcdef0\n  osName: rhel\n  osVersion: \"9\"\n";
    std::fs::write(&target, values).unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.join("link.yaml");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let out = run(
        &["set", &link.to_string_lossy(), "pack/osName=ubuntu", "-i"],
        None,
    );
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        values.replace("rhel", "ubuntu")
    );
    let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}

/// `validate --strict`, as Python's `strict`: with macro values, a missing value is an
/// error instead of a warning.
#[test]
fn validate_strict_makes_a_missing_value_an_error() {
    let args = ["validate", "--var", "custom_tag=demo", "examples/edge.yaml"];
    let out = run(&args, None);
    assert_eq!(code(&out), 0);
    assert!(text(&out.stdout).contains("warning[template/missing-value]"));
    let out = run(&[&["validate", "--strict"], &args[1..]].concat(), None);
    assert_eq!(code(&out), 1);
    assert!(text(&out.stdout).contains("error[template/missing-value]"));
}

/// A repository with a `byoos.toml`, a folder with a `pyproject.toml` (`[tool.byoos]`),
/// and one with a `pyproject.toml` without it: each file gets the nearest configuration.
fn config_repo() -> PathBuf {
    let d = scratch("config-repo");
    std::fs::create_dir(d.join(".git")).unwrap();
    let values = "pack:\n  osImageOverride: \"ami-0f4804aff4cf9c5a2\"\n  osName: rhel\n  osVersion: 8.10\n  extra: 1 # byoos: ignore[pack/unknown-key]\n";
    for sub in ["", "aws", "py", "plain"] {
        std::fs::create_dir_all(d.join(sub)).unwrap();
        std::fs::write(d.join(sub).join("values.yaml"), values).unwrap();
    }
    std::fs::write(
        d.join("byoos.toml"),
        "[severity]\n\"yaml/implicit-type\" = \"warning\"\n\n[[overrides]]\nfiles = [\"aws/*.yaml\"]\nprovider = \"aws\"\nregion = \"eu-west-1\"\n",
    )
    .unwrap();
    std::fs::write(
        d.join("py/pyproject.toml"),
        "[project]\nname = \"x\"\n\n[tool.byoos]\nextend-ignore = [\"yaml\", \"pack/image-provider\"]\n",
    )
    .unwrap();
    std::fs::write(d.join("plain/pyproject.toml"), "[project]\nname = \"y\"\n").unwrap();
    std::fs::write(
        d.join("bad.toml"),
        "ignore = [\"pack/unknwn-key\"]\n[[overrides]]\nfils = [\"*.yaml\"]\n",
    )
    .unwrap();
    d
}

#[test]
fn validate_finds_configuration() {
    let d = config_repo();
    let f = |p: &str| d.join(p).to_string_lossy().into_owned();
    let (top, aws, py, plain) = (
        f("values.yaml"),
        f("aws/values.yaml"),
        f("py/values.yaml"),
        f("plain/values.yaml"),
    );
    let out = snap!("config_discovered", &["validate", &top, &aws, &py, &plain]);
    assert_eq!(code(&out), 0);
    let out = snap!("config_isolated", &["validate", "--isolated", &top, &py]);
    assert_eq!(code(&out), 1);
    let given = f("py/pyproject.toml");
    snap!("config_given", &["validate", "--config", &given, &top]);
    let bad = f("bad.toml");
    let out = snap!("config_errors", &["validate", "--config", &bad, &top]);
    assert_eq!(code(&out), 2);
    let json = run(&["validate", "--format", "json", &top], None);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let suppressed: Vec<&serde_json::Value> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["suppressed"] == true)
        .collect();
    assert_eq!(suppressed.len(), 1);
    assert_eq!(suppressed[0]["code"], "pack/unknown-key");
    let sarif = run(&["validate", "--format", "sarif", &top], None);
    assert!(text(&sarif.stdout).contains("\"inSource\""));
}
