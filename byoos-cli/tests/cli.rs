//! The `byoos` binary: exit codes, output shapes, standard input.
#![allow(clippy::unwrap_used)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn data(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn byoos(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_byoos"))
        .args(args)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    pipe.write_all(stdin.unwrap_or_default()).unwrap();
    drop(pipe);
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn tmp(name: &str, contents: &[u8]) -> PathBuf {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

#[test]
fn clean_file_exits_0() {
    let file = data("generic-ok.yaml");
    let out = byoos(&["validate", "--provider", "aws", &file], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "checked 1 file: 0 errors, 0 warnings\n");
    assert!(out.stderr.is_empty());
    // Infos and warnings alone still exit 0.
    let out = byoos(&["validate", &file], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).ends_with(" 0 errors, 0 warnings, 1 info\n"));
}

#[test]
fn context_file() {
    let file = data("generic-ok.yaml");
    let ctx = tmp(
        "context.yaml",
        b"system:\n  kubernetes: {version: 1.29.5}\n",
    );
    let args = [
        "validate",
        "--provider",
        "aws",
        "--region",
        "us-east-1",
        "--context",
    ];
    let out = byoos(
        &[&args[..], &[&ctx.to_string_lossy(), &file]].concat(),
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    let bad = tmp("bad-context.yaml", b"sytem: {}\n");
    let out = byoos(
        &["validate", "--context", &bad.to_string_lossy(), &file],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(
        text(&out.stderr).contains("error[template/context]"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn errors_exit_1_with_excerpts() {
    let file = data("edge.yaml");
    let out = byoos(&["validate", &file], None);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("error[pack/misplaced-key]: `content` belongs under `pack`"),
        "{stdout}"
    );
    assert!(stdout.contains(&format!(" --> {file}:2:1")), "{stdout}");
    assert!(stdout.contains("error[yaml/smart-quotes]"), "{stdout}");
    assert!(
        stdout.ends_with("checked 1 file: 3 errors, 0 warnings\n"),
        "{stdout}"
    );
    assert!(
        !stdout.contains('\u{1b}'),
        "no colour when stdout is not a terminal"
    );
}

#[test]
fn json_shape_with_byte_offsets() {
    let file = data("edge.yaml");
    let source = std::fs::read_to_string(&file).unwrap();
    let out = byoos(
        &[
            "validate",
            "--format",
            "json",
            &file,
            &data("generic-ok.yaml"),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    let keys: Vec<_> = files[0].as_object().unwrap().keys().cloned().collect();
    assert_eq!(keys, ["file", "pack", "ok", "diagnostics"]);
    assert_eq!(files[0]["file"], file.as_str());
    assert_eq!(files[0]["pack"], "edge-native-byoi");
    assert_eq!(files[0]["ok"], false);
    let found: Vec<_> = files[0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap(),
                d["path"].to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("pack/misplaced-key", r#"["content"]"#.to_owned(), 2, 1),
            (
                "yaml/smart-quotes",
                r#"["content","images",0,"image"]"#.to_owned(),
                4,
                14
            ),
            (
                "yaml/smart-quotes",
                r#"["options","system.uri"]"#.to_owned(),
                6,
                15
            ),
        ]
    );
    // Byte offsets: the second smart-quote span starts after multi-byte quotes.
    let d = &files[0]["diagnostics"][2];
    let (start, end) = (
        d["start"].as_u64().unwrap() as usize,
        d["end"].as_u64().unwrap() as usize,
    );
    assert!(source[start..end].starts_with("“{{") && source[start..end].ends_with("}}/x”"));
    assert_eq!(files[1]["ok"], true);
    assert_eq!(files[1]["pack"], "generic-byoi");
    // Only the provider it inferred (an info): no errors.
    let infos = files[1]["diagnostics"].as_array().unwrap();
    assert!(infos.iter().all(|d| d["severity"] != "error"), "{infos:?}");
}

#[test]
fn stdin_and_forced_pack() {
    let source = std::fs::read(data("generic-ok.yaml")).unwrap();
    let out = byoos(
        &["validate", "--provider", "aws", "--format", "json", "-"],
        Some(&source),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["files"][0]["file"], "<stdin>");

    let out = byoos(
        &[
            "validate",
            "--pack",
            "edge-native-byoi",
            "--format",
            "json",
            "-",
        ],
        Some(&source),
    );
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["files"][0]["pack"], "edge-native-byoi");
}

#[test]
fn io_problems_exit_2_and_write_nothing() {
    let missing = Path::new(env!("CARGO_TARGET_TMPDIR")).join("does-not-exist.yaml");
    let missing = missing.to_string_lossy();
    let out = byoos(
        &["validate", "--format", "json", &data("edge.yaml"), &missing],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(
        text(&out.stderr).starts_with(&format!("error[io/read]: cannot read `{missing}`: ")),
        "{}",
        text(&out.stderr)
    );

    let binary = tmp("binary.yaml", b"pack:\n  osName: \xff\xfe\n");
    let out = byoos(&["validate", &binary.to_string_lossy()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        text(&out.stderr),
        format!(
            "error[io/invalid-utf8]: `{}` is not UTF-8 text (invalid byte at offset 16)\n",
            binary.display()
        )
    );
}

#[test]
fn usage_problems_exit_2() {
    for args in [
        &["validate"][..],
        &["validate", "--pack", "edge", "x.yaml"],
        &["validate", "--format", "xml", "x.yaml"],
        &["validate", "-", "-"],
        &["validate", "--context", "-", "-"],
        &["validate", "--provider", "ec2", "x.yaml"],
        &["frobnicate"],
        &[],
    ] {
        let out = byoos(args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}");
    }
    let out = byoos(&["--version"], None);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).starts_with("byoos "));
}
