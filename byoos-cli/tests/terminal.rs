//! What reaches a terminal: no secret from the input (issue 14 §1) and no raw control
//! character from keys or references (§4), on stdout or stderr, in any subcommand.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_byoos"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("byoos runs");
    if let Some(mut i) = child.stdin.take() {
        // byoos may exit before reading its input (a bad context file is refused first):
        // then the pipe is closed, which is not this test's business.
        match i.write_all(stdin.as_bytes()) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            r => r.expect("stdin"),
        }
    }
    child.wait_with_output().expect("byoos ends")
}

fn both(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("byoos-terminal-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path
}

#[test]
fn validate_text_masks_the_password_and_the_signature() {
    let sig = "c2VjcmV0c2lnbmF0dXJlMTIzNDU2Nzg5";
    let src = format!("pack:\n  osImageOverride: \"https://docs.blob.core.windows.net/vhds/u.vhd?sp=r&sig={sig}%3D\"\n  osName: 1\nproviderCredentials:\n  password: Hunter2SecretPW\n");
    for format in ["text", "json", "sarif"] {
        let out = both(&run(&["validate", "--format", format, "-"], &src));
        assert!(
            !out.contains("Hunter2SecretPW") && !out.contains(sig),
            "{out}"
        );
    }
    let out = both(&run(&["validate", "--pack", "edge-native-byoi", "-"], &src));
    assert!(out.contains("password: ***"), "{out}");
    assert!(
        !out.contains("Hunter2SecretPW") && !out.contains(sig),
        "{out}"
    );
}

#[test]
fn image_text_masks_the_signature_in_the_excerpt() {
    let sig = "c2VjcmV0c2lnbmF0dXJlMTIzNDU2Nzg5";
    let url =
        format!("https://acct01.blob.core.windows.net/vhds/u.vhd?sv=2022-11-02&sp=r&sig={sig}%3D");
    for provider in ["azure", "aws", "gcp"] {
        let out = both(&run(&["image", provider, &url], ""));
        assert!(!out.contains(sig), "{out}");
    }
}

#[test]
fn from_packer_and_a_bad_context_file_mask_their_secrets() {
    let sig = "c2VjcmV0c2lnbmF0dXJlMTIzNDU2Nzg5";
    let manifest = format!(
        r#"{{"builds": [{{"name": "u", "builder_type": "azure-arm", "packer_run_uuid": "r", "artifact_id": "https://acct01.blob.core.windows.net/system/u.vhd?sp=r&sig={sig}%3D"}}], "last_run_uuid": "q"}}"#
    );
    let out = both(&run(&["from-packer", "-"], &manifest));
    assert!(!out.contains(sig), "{out}");
    let ctx = temp_file(
        "ctx.json",
        r#"{"sytem": {}, "variables": {"definitions": [{"name": "pw", "isSensitive": true}], "values": {"pw": "GivenS3cretValue"}}}"#,
    );
    let ctx = ctx.to_string_lossy().into_owned();
    let out = run(&["render", "--context", &ctx, "-"], "pack:\n  osName: x\n");
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
    assert!(!both(&out).contains("GivenS3cretValue"), "{}", both(&out));
}

#[test]
fn control_characters_are_escaped_on_stdout_and_stderr() {
    let src = "pack:\n  \"os\\e]52;c;aGk=\\aName\\r\": x\n  osName: ubuntu\n";
    let outputs = [
        run(&["validate", "-"], src),
        run(&["render", "-"], src),
        run(&["set", "-", "pack/os\u{1b}]52;c;aGk=\u{7}Name\r/x=y"], src),
        run(
            &[
                "image",
                "azure",
                "https://a.blob.core.windows.net/c/u\u{1b}[2J.vhd",
            ],
            "",
        ),
    ];
    for o in &outputs {
        let text = String::from_utf8_lossy(&o.stderr).into_owned();
        let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
        for c in ['\u{1b}', '\u{7}', '\r'] {
            assert!(!text.contains(c), "{c:?} on stderr: {text:?}");
            assert!(
                !stdout.contains(c) || stdout.starts_with("pack:"),
                "{c:?} on stdout: {stdout:?}"
            );
        }
    }
}
