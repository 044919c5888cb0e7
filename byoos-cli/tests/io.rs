//! Inputs and outputs of the `byoos` binary under hostile conditions: inputs larger than
//! the limit (`/dev/zero`, FIFOs, sparse files, standard input), safe writes (owner,
//! mode, links planted in `--out-dir`, `ulimit -f`, all or nothing) and failing
//! standard streams. Unix only: they use `sh`, `ulimit`, `umask`, `chown` and FIFOs.
#![cfg(unix)]
#![allow(clippy::unwrap_used)]

use serde_json::Value;
use std::fs;
use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_byoos");

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("byoos-cli-io")
        .join(name);
    let _ = fs::remove_dir_all(&d);
    fs::create_dir_all(&d).unwrap();
    d
}

/// Run `byoos ARGS` in `dir` through `sh -c`, after the shell commands `setup` (`ulimit`,
/// `umask`), with `stdin` as standard input.
fn sh(dir: &Path, setup: &str, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("{setup}\nexec \"$0\" \"$@\""))
        .arg(BIN)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    // The command stops reading at the limit and exits: a broken pipe here is expected.
    let _ = pipe.write_all(stdin);
    drop(pipe);
    child.wait_with_output().unwrap()
}

/// At most 256 MiB of address space: reading a large input whole aborts the process.
const SMALL_MEMORY: &str = "ulimit -v 262144";

fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or_else(|| {
        panic!(
            "killed by a signal; stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The codes and paths of the diagnostics of each file of a `validate --format json` report.
fn json_codes(out: &Output) -> Vec<Vec<(String, Value)>> {
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            f["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| (d["code"].as_str().unwrap().to_owned(), d["path"].clone()))
                .collect()
        })
        .collect()
}

fn limit_only() -> Vec<(String, Value)> {
    vec![("limit/input-size".to_owned(), serde_json::json!([]))]
}

/// The names in `dir`, sorted (temporary files start with `.`).
fn names(dir: &Path) -> Vec<String> {
    let mut n: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    n.sort();
    n
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

const VALUES: &str =
    "pack:\n  osImageOverride: ami-0123456789abcdef0\n  osName: rhel\n  osVersion: \"9\"\n";

// ---------------------------------------------------------------------------------
// Inputs: the size limit applies while reading
// ---------------------------------------------------------------------------------

#[test]
fn endless_input_stops_at_the_limit() {
    let dir = scratch("dev-zero");
    let out = sh(
        &dir,
        SMALL_MEMORY,
        &["validate", "--format", "json", "/dev/zero"],
        b"",
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(json_codes(&out), [limit_only()]);
}

#[test]
fn a_sparse_1_5_gb_file_is_not_read() {
    let dir = scratch("sparse");
    let big = fs::File::create(dir.join("big.yaml")).unwrap();
    big.set_len(1_500 * 1024 * 1024).unwrap();
    drop(big);
    fs::write(dir.join("ok.yaml"), VALUES).unwrap();
    let out = sh(
        &dir,
        SMALL_MEMORY,
        &["validate", "--format", "json", "big.yaml", "ok.yaml"],
        b"",
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let codes = json_codes(&out);
    assert_eq!(codes[0], limit_only());
    assert!(codes[1].iter().all(|(c, _)| c != "limit/input-size"));
    // Every other command that reads a main input reports it the same way (exit 1).
    for args in [
        &["render", "big.yaml"][..],
        &["render-profile", "big.yaml"],
        &["terraform", "big.yaml", "--version", "1.0.0"],
        &["from-packer", "big.yaml"],
        &["set", "big.yaml", "pack/osName=x", "-i"],
    ] {
        let out = sh(&dir, SMALL_MEMORY, args, b"");
        assert_eq!(code(&out), 1, "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).starts_with("error[limit/input-size]"),
            "{args:?}"
        );
    }
    assert_eq!(
        fs::metadata(dir.join("big.yaml")).unwrap().len(),
        1_500 << 20
    );
}

#[test]
fn standard_input_and_fifos_stop_at_the_limit() {
    let dir = scratch("stdin-fifo");
    let big = vec![b'#'; 17 << 20];
    let out = sh(
        &dir,
        SMALL_MEMORY,
        &["validate", "--format", "json", "-"],
        &big,
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(json_codes(&out), [limit_only()]);

    let fifo = dir.join("fifo.yaml");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    // A writer that never ends by itself: it stops when the reader closes the FIFO.
    let mut writer = Command::new("sh")
        .arg("-c")
        .arg("cat /dev/zero > fifo.yaml")
        .current_dir(&dir)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let out = sh(
        &dir,
        SMALL_MEMORY,
        &["validate", "--format", "json", "fifo.yaml"],
        b"",
    );
    let _ = writer.kill();
    let _ = writer.wait();
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(json_codes(&out), [limit_only()]);
}

#[test]
fn a_context_file_over_the_limit_is_a_usage_problem() {
    let dir = scratch("context-zero");
    fs::write(dir.join("v.yaml"), VALUES).unwrap();
    for args in [
        &["render", "v.yaml", "--context", "/dev/zero"][..],
        &["validate", "v.yaml", "--context", "/dev/zero"],
        &["render-profile", "v.yaml", "--context", "/dev/zero"],
    ] {
        let out = sh(&dir, SMALL_MEMORY, args, b"");
        assert_eq!(code(&out), 2, "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).starts_with("error[limit/input-size]"),
            "{args:?}"
        );
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

// ---------------------------------------------------------------------------------
// Safe writes: set --in-place
// ---------------------------------------------------------------------------------

/// As root (as in CI), the owner and group of the file are kept, with its mode.
#[test]
fn set_in_place_keeps_owner_group_and_mode() {
    let dir = scratch("owner");
    let file = dir.join("v.yaml");
    fs::write(&file, VALUES).unwrap();
    if std::os::unix::fs::chown(&file, Some(65534), Some(65534)).is_err() {
        eprintln!("skipped: changing a file's owner needs root");
        return;
    }
    fs::set_permissions(&file, fs::Permissions::from_mode(0o640)).unwrap();
    let out = sh(
        &dir,
        "",
        &["set", "v.yaml", "pack/osName=ubuntu", "-i"],
        b"",
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let meta = fs::metadata(&file).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (65534, 65534));
    assert_eq!(mode(&file), 0o640);
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        VALUES.replace("rhel", "ubuntu")
    );
    assert_eq!(names(&dir), ["v.yaml"]);
}

/// Where the owner cannot be kept (a user other than root), stderr says who owns the file
/// now; the write still happens.
#[test]
fn set_in_place_warns_when_the_owner_cannot_be_kept() {
    let dir = scratch("owner-lost");
    let file = dir.join("v.yaml");
    fs::write(&file, VALUES).unwrap();
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o777)).unwrap();
    fs::set_permissions(&file, fs::Permissions::from_mode(0o666)).unwrap();
    if fs::metadata(&file).unwrap().uid() != 0 {
        eprintln!("skipped: needs root");
        return;
    }
    let Ok(out) = Command::new("setpriv")
        .args([
            "--reuid",
            "65534",
            "--regid",
            "65534",
            "--clear-groups",
            BIN,
        ])
        .args(["set", "v.yaml", "pack/osName=ubuntu", "-i"])
        .current_dir(&dir)
        .output()
    else {
        eprintln!("skipped: needs setpriv");
        return;
    };
    if stderr(&out).starts_with("setpriv:") {
        // The binary is not reachable for uid 65534 (e.g. a checkout under /root).
        eprintln!("skipped: {}", stderr(&out));
        return;
    }
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).starts_with("warning: `v.yaml` is now owned by 65534:65534"));
    assert_eq!(fs::metadata(&file).unwrap().uid(), 65534);
    assert_eq!(mode(&file), 0o666);
    assert_eq!(names(&dir), ["v.yaml"]);
}

/// The written file has exactly the original's mode whatever the umask.
#[test]
fn set_in_place_mode_does_not_depend_on_the_umask() {
    let dir = scratch("umask-set");
    let file = dir.join("v.yaml");
    for (umask, m) in [("000", 0o640), ("077", 0o644), ("022", 0o600)] {
        fs::write(&file, VALUES).unwrap();
        fs::set_permissions(&file, fs::Permissions::from_mode(m)).unwrap();
        let setup = format!("umask {umask}");
        let out = sh(
            &dir,
            &setup,
            &["set", "v.yaml", "pack/osName=ubuntu", "-i"],
            b"",
        );
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        assert_eq!(mode(&file), m, "umask {umask}");
    }
}

/// Past `ulimit -f` the write fails (SIGXFSZ is caught): exit 2, the file unchanged and
/// no temporary file left behind.
#[test]
fn set_in_place_past_the_file_size_limit_leaves_nothing_behind() {
    let dir = scratch("ulimit-f");
    let file = dir.join("v.yaml");
    fs::write(&file, VALUES).unwrap();
    let long = format!("pack/osName={}", "a".repeat(4000));
    // `ulimit -f 1`: files of at most 512 bytes.
    let out = sh(&dir, "ulimit -f 1", &["set", "v.yaml", &long, "-i"], b"");
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).starts_with("error: cannot write `v.yaml`"));
    assert_eq!(fs::read_to_string(&file).unwrap(), VALUES);
    assert_eq!(names(&dir), ["v.yaml"]);
}

// ---------------------------------------------------------------------------------
// Safe writes: render-profile --out-dir
// ---------------------------------------------------------------------------------

/// Two packs; `secret` renders a sensitive variable's value, `creds` holds a password.
const PROFILE: &str = r#"name: p
variables:
  - name: token
    isSensitive: true
packs:
  - name: plain
    values: |
      cluster:
        owner: team
  - name: secret
    values: |
      cluster:
        token: "{{ .spectro.var.token }}"
  - name: creds
    values: |
      providerCredentials:
        password: "{{ .spectro.macro.registry_password }}"
"#;

fn render_to(dir: &Path, setup: &str, out_dir: &str) -> Output {
    fs::write(dir.join("profile.yaml"), PROFILE).unwrap();
    sh(
        dir,
        setup,
        &[
            "render-profile",
            "profile.yaml",
            "--var",
            "token=S3cretValue",
            "--macro",
            "registry_password=Hunter2SecretPW",
            "--out-dir",
            out_dir,
        ],
        b"",
    )
}

const PACK_FILES: [&str; 3] = ["creds.yaml", "plain.yaml", "secret.yaml"];

/// Files holding a secret are 0600 from the start, even with `umask 000`; the others get
/// the usual `0666 & ~umask`.
#[test]
fn out_dir_files_holding_secrets_are_0600() {
    let dir = scratch("out-mode");
    let out = render_to(&dir, "umask 000", "out");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out_dir = dir.join("out");
    assert_eq!(names(&out_dir), PACK_FILES);
    assert!(fs::read_to_string(out_dir.join("secret.yaml"))
        .unwrap()
        .contains("S3cretValue"));
    assert_eq!(mode(&out_dir.join("secret.yaml")), 0o600);
    assert_eq!(mode(&out_dir.join("creds.yaml")), 0o600);
    assert_eq!(mode(&out_dir.join("plain.yaml")), 0o666);

    // An existing, wider file that now receives a secret is narrowed to 0600.
    fs::set_permissions(
        out_dir.join("secret.yaml"),
        fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    let out = render_to(&dir, "umask 022", "out");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(mode(&out_dir.join("secret.yaml")), 0o600);
    assert_eq!(
        mode(&out_dir.join("plain.yaml")),
        0o666,
        "the existing mode is kept"
    );
}

/// A symbolic link planted in the output folder is refused (exit 2): the file it points
/// to is untouched and no pack is written.
#[test]
fn out_dir_refuses_a_planted_symbolic_link() {
    let dir = scratch("out-link");
    let out_dir = dir.join("out");
    fs::create_dir(&out_dir).unwrap();
    let outside = dir.join("outside.yaml");
    fs::write(&outside, "keep: me\n").unwrap();
    std::os::unix::fs::symlink(&outside, out_dir.join("secret.yaml")).unwrap();
    let out = render_to(&dir, "", "out");
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("error: `out/secret.yaml` is a symbolic link"));
    assert_eq!(fs::read_to_string(&outside).unwrap(), "keep: me\n");
    assert_eq!(names(&out_dir), ["secret.yaml"]);
    assert!(fs::symlink_metadata(out_dir.join("secret.yaml"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(out.stdout.is_empty());
}

/// One pack that cannot be written (a folder stands where its file goes) and nothing is
/// written, not even the packs before it; no temporary file is left behind.
#[test]
fn out_dir_is_all_or_nothing() {
    let dir = scratch("out-all");
    let out_dir = dir.join("out");
    fs::create_dir_all(out_dir.join("secret.yaml")).unwrap();
    let out = render_to(&dir, "", "out");
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert_eq!(names(&out_dir), ["secret.yaml"]);
    assert!(out_dir.join("secret.yaml").is_dir());
    assert!(out.stdout.is_empty());

    // Past `ulimit -f` in the middle of the set: nothing written, no temporary file.
    let dir = scratch("out-ulimit");
    let big = PROFILE.replace("owner: team", &format!("owner: {}", "x".repeat(4000)));
    fs::write(dir.join("profile.yaml"), big).unwrap();
    let out = sh(
        &dir,
        "ulimit -f 1",
        &[
            "render-profile",
            "profile.yaml",
            "--var",
            "token=t",
            "--out-dir",
            "out",
        ],
        b"",
    );
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    // The folder this run created is removed again.
    assert!(!dir.join("out").exists());
}

/// A profile with errors writes no pack (exit 1).
#[test]
fn out_dir_writes_nothing_when_a_pack_has_errors() {
    let dir = scratch("out-errors");
    fs::write(dir.join("profile.yaml"), PROFILE).unwrap();
    let out = sh(
        &dir,
        "",
        &[
            "render-profile",
            "profile.yaml",
            "--strict",
            "--out-dir",
            "out",
        ],
        b"",
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(!dir.join("out").exists());
    assert!(out.stdout.is_empty());
}

// ---------------------------------------------------------------------------------
// Standard streams
// ---------------------------------------------------------------------------------

fn run_into(args: &[&str], stdout: Stdio, stderr: Stdio) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .output()
        .unwrap()
}

fn dev_full() -> Stdio {
    Stdio::from(
        fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap(),
    )
}

/// A report that cannot be written (`> /dev/full`, `2> /dev/full`) is exit 2.
#[test]
fn write_errors_on_the_standard_streams_exit_2() {
    let out = run_into(
        &["validate", "../examples/generic.yaml"],
        dev_full(),
        Stdio::piped(),
    );
    assert_eq!(code(&out), 2);
    // `render` writes its diagnostics (here one warning) to stderr.
    let out = run_into(
        &["render", "../examples/edge.yaml"],
        Stdio::piped(),
        dev_full(),
    );
    assert_eq!(code(&out), 2);
    // A closed pipe is not an error: the output just ends.
    let mut child = Command::new(BIN)
        .args(["schema", "edge-native-byoi"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(out.stderr.is_empty());
}

/// `sh -c 'exec byoos … FDS'` with `FDS` the redirections: the exit code and stderr.
#[cfg(target_os = "linux")]
fn run_in_sh(args: &str, fds: &str) -> (i32, String) {
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("exec \"$0\" {args} {fds}"))
        .arg(BIN)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        code(&out),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A closed stdout (`>&-`) or stderr (`2>&-`) is exit 2 like `/dev/full`, although Rust's
/// runtime reopens it on `/dev/null` before `main`; `/dev/null` itself, read-write as
/// `subprocess.DEVNULL` opens it, stays a normal run.
#[test]
#[cfg(target_os = "linux")]
fn a_closed_standard_stream_is_exit_2() {
    let (code, err) = run_in_sh("validate ../examples/generic.yaml", ">&-");
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("cannot write to standard output: it was closed when byoos started"),
        "{err}"
    );
    // `render` reports its warning on stderr.
    let (code, _) = run_in_sh("render ../examples/edge.yaml", "2>&-");
    assert_eq!(code, 2);
    // Both closed: nothing can be said, the exit code still tells.
    let (code, _) = run_in_sh("validate ../examples/generic.yaml", ">&- 2>&-");
    assert_eq!(code, 2);
    // Discarded output is not closed output.
    let (code, err) = run_in_sh("validate ../examples/generic.yaml", ">/dev/null");
    assert_eq!(code, 0, "{err}");
    let (code, err) = run_in_sh(
        "validate ../examples/generic.yaml",
        "1<>/dev/null 2<>/dev/null",
    );
    assert_eq!(code, 0, "{err}");
    // A closed stdin is not a write: `schema` reads nothing and succeeds.
    let (code, err) = run_in_sh("schema edge-native-byoi", "<&- >/dev/null");
    assert_eq!(code, 0, "{err}");
}
