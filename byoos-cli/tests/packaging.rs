//! The files a team uses to run byoos in CI: the composite GitHub Action (`action.yml`)
//! and the pre-commit hooks (`.pre-commit-hooks.yaml`), both at the repository root.
//! Their inputs, steps and entries must name things that exist: the CLI's real flags, the
//! crate the action installs, the hook's script. The action's validate step is run with
//! bash as GitHub would run it, against the real binary.
#![allow(clippy::unwrap_used)]

use byoos_core::{Document, Limits};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn read(name: &str) -> String {
    std::fs::read_to_string(root().join(name)).unwrap()
}

/// The steps of `action.yml`'s composite action.
fn action_steps<'d, 'a>(doc: &'d Document<'a>) -> Vec<byoos_core::yaml::NodeRef<'d, 'a>> {
    let steps = doc
        .root()
        .unwrap()
        .get("runs")
        .unwrap()
        .get("steps")
        .unwrap();
    steps.items().unwrap()
}

/// Parse with the engine's own YAML reader; any diagnostic is a failure.
fn parse(text: &str) -> Document<'_> {
    let mut diags = Vec::new();
    let doc = Document::parse(text, &Limits::default(), &mut diags);
    assert!(diags.is_empty(), "{diags:?}");
    doc
}

fn keys(node: byoos_core::yaml::NodeRef<'_, '_>) -> BTreeSet<String> {
    node.entries()
        .unwrap()
        .iter()
        .map(|(k, _)| k.as_str().unwrap().to_owned())
        .collect()
}

/// Every `--flag` in a shell script.
fn flags(script: &str) -> BTreeSet<String> {
    script
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == '"')
        .filter(|w| w.starts_with("--") && w.len() > 2)
        .map(|w| {
            w.trim_end_matches(|c: char| !c.is_ascii_alphanumeric())
                .to_owned()
        })
        .collect()
}

fn validate_help() -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_byoos"))
        .args(["validate", "--help"])
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// Names `inputs.NAME` used in `${{ … }}` expressions and `if:` conditions.
fn input_refs(text: &str) -> BTreeSet<String> {
    text.match_indices("inputs.")
        .map(|(i, m)| {
            let rest = &text[i + m.len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                .unwrap_or(rest.len());
            rest[..end].to_owned()
        })
        .collect()
}

#[test]
fn action_inputs_are_declared_and_every_one_is_used() {
    let text = read("action.yml");
    let doc = parse(&text);
    let root = doc.root().unwrap();
    assert_eq!(
        root.get("runs").unwrap().get("using").unwrap().as_str(),
        Some("composite")
    );
    let declared = keys(root.get("inputs").unwrap());
    for (name, input) in root.get("inputs").unwrap().entries().unwrap() {
        let name = name.as_str().unwrap();
        assert!(
            input.get("description").and_then(|d| d.as_str()).is_some(),
            "{name}"
        );
        let required = input.get("required").unwrap().scalar().unwrap().0 == "true";
        assert!(
            required || input.get("default").is_some(),
            "{name} needs a default"
        );
    }
    let runs = root.get("runs").unwrap().source_text();
    let used = input_refs(runs);
    assert_eq!(used, declared, "inputs used in `runs` vs declared");
    assert!(input_refs(root.get("outputs").unwrap().source_text()).is_subset(&declared));
}

#[test]
fn action_steps_name_real_flags_and_the_upload_action() {
    let text = read("action.yml");
    let doc = parse(&text);
    let steps = action_steps(&doc);
    for step in &steps {
        if step.get("run").is_some() {
            assert_eq!(step.get("shell").unwrap().as_str(), Some("bash"));
        }
    }
    let step = |id: &str| {
        steps
            .iter()
            .find(|s| s.get("id").and_then(|i| i.as_str()) == Some(id))
            .unwrap_or_else(|| panic!("no step with id {id}"))
    };
    // The build installs the CLI crate of this repository.
    let build = steps[0].get("run").unwrap().as_str().unwrap();
    assert!(build.contains("cargo install --locked"), "{build}");
    assert!(
        build.contains("--path \"$GITHUB_ACTION_PATH/byoos-cli\""),
        "{build}"
    );
    assert!(root().join("byoos-cli/Cargo.toml").is_file());

    // Every flag the validate step passes is one `byoos validate --help` documents.
    let script = step("validate").get("run").unwrap().as_str().unwrap();
    assert!(script.contains("byoos validate "), "{script}");
    let help = validate_help();
    let known: BTreeSet<String> = flags(&help);
    let used = flags(script);
    assert!(used.contains("--format") && script.contains("--format sarif"));
    let unknown: Vec<_> = used.difference(&known).collect();
    assert!(
        unknown.is_empty(),
        "flags not in `byoos validate --help`: {unknown:?}"
    );
    assert!(help.contains("sarif"));

    // The upload uses GitHub's action on the file the validate step wrote.
    let upload = *steps.iter().find(|s| s.get("uses").is_some()).unwrap();
    let uses = upload.get("uses").unwrap().as_str().unwrap();
    assert!(
        uses.starts_with("github/codeql-action/upload-sarif@v"),
        "{uses}"
    );
    let with = upload.get("with").unwrap();
    assert_eq!(
        with.get("sarif_file").unwrap().as_str(),
        Some("${{ inputs.sarif-file }}")
    );
}

/// Run the validate step's script as GitHub does (`bash --noprofile --norc -eo pipefail`)
/// with the given inputs; returns the exit status, `$GITHUB_OUTPUT` and the SARIF text.
fn run_validate_step(name: &str, inputs: &[(&str, &str)]) -> (i32, String, String) {
    let text = read("action.yml");
    let doc = parse(&text);
    let script = action_steps(&doc)
        .into_iter()
        .find(|s| s.get("id").and_then(|i| i.as_str()) == Some("validate"))
        .unwrap()
        .get("run")
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("action")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let (script_path, output, sarif) = (
        dir.join("step.sh"),
        dir.join("output"),
        dir.join("out.sarif"),
    );
    std::fs::write(&script_path, script).unwrap();
    std::fs::write(&output, "").unwrap();
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_byoos")).parent().unwrap();
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap());
    let mut cmd = Command::new("bash");
    cmd.args(["--noprofile", "--norc", "-eo", "pipefail"])
        .arg(&script_path)
        .current_dir(root())
        .env("PATH", path)
        .env("GITHUB_OUTPUT", &output)
        .env("BYOOS_SARIF", &sarif);
    for var in ["PATHS", "PACK", "PROVIDER", "REGION", "CONTEXT"] {
        cmd.env(format!("BYOOS_{var}"), "");
    }
    for (k, v) in inputs {
        cmd.env(format!("BYOOS_{k}"), v);
    }
    let status = cmd.status().unwrap();
    let sarif = std::fs::read_to_string(&sarif).unwrap_or_default();
    (
        status.code().unwrap(),
        std::fs::read_to_string(&output).unwrap(),
        sarif,
    )
}

fn sarif_results(sarif: &str) -> Vec<serde_json::Value> {
    let log: serde_json::Value = serde_json::from_str(sarif).unwrap();
    assert_eq!(log["version"], "2.1.0");
    log["runs"][0]["results"].as_array().unwrap().clone()
}

#[test]
fn action_validate_step_writes_sarif_and_the_exit_code() {
    // A file with errors: the step itself succeeds (the upload must still run) and
    // records exit code 1; a later step fails the job.
    let (rc, out, sarif) = run_validate_step(
        "errors",
        &[("PATHS", "examples/bad-edge.yaml\nexamples/edge.yaml")],
    );
    assert_eq!((rc, out.as_str()), (0, "exit-code=1\n"));
    let results = sarif_results(&sarif);
    assert!(results.iter().any(|r| r["level"] == "error"), "{sarif}");

    // Globs are expanded; flags are passed on.
    let (rc, out, sarif) = run_validate_step(
        "clean",
        &[
            ("PATHS", "examples/gen*.yaml"),
            ("PROVIDER", "aws"),
            ("PACK", "generic-byoi"),
        ],
    );
    assert_eq!((rc, out.as_str()), (0, "exit-code=0\n"), "{sarif}");
    assert!(!sarif_results(&sarif).iter().any(|r| r["level"] == "error"));

    // A usage problem (an unknown provider) fails the step itself.
    let (rc, out, _) = run_validate_step(
        "usage",
        &[("PATHS", "examples/generic.yaml"), ("PROVIDER", "nope")],
    );
    assert_eq!((rc, out.as_str()), (2, "exit-code=2\n"));

    // No file at all is refused before byoos runs.
    let (rc, out, _) = run_validate_step("empty", &[("PATHS", " \n")]);
    assert_eq!((rc, out.as_str()), (2, ""));
}

#[test]
fn pre_commit_hooks_point_at_what_exists() {
    let text = read(".pre-commit-hooks.yaml");
    let doc = parse(&text);
    let hooks = doc.root().unwrap().items().unwrap();
    let ids: Vec<_> = hooks
        .iter()
        .map(|h| h.get("id").unwrap().as_str().unwrap())
        .collect();
    assert_eq!(ids, ["byoos-validate", "byoos-validate-installed"]);
    for hook in &hooks {
        let entry = hook.get("entry").unwrap().as_str().unwrap();
        match hook.get("language").unwrap().as_str().unwrap() {
            "script" => {
                use std::os::unix::fs::PermissionsExt;
                let script = root().join(entry);
                let mode = std::fs::metadata(&script).unwrap().permissions().mode();
                assert!(mode & 0o111 != 0, "{entry} is not executable");
                let body = std::fs::read_to_string(&script).unwrap();
                assert!(body.contains("validate \"$@\""), "{entry}");
            }
            "system" => assert_eq!(entry, "byoos validate"),
            other => panic!("unexpected language {other}"),
        }
        assert_eq!(
            hook.get("require_serial").unwrap().scalar().unwrap().0,
            "true"
        );
    }
}

#[test]
fn readme_first_command_shows_the_real_output() {
    let readme = read("README.md");
    let start = "$ byoos validate examples/bad-edge.yaml\n";
    let from = readme.find(start).expect("README shows the first command") + start.len();
    let end = "$ echo $?\n";
    let to = from + readme[from..].find(end).unwrap();
    let code: i32 = readme[to + end.len()..]
        .lines()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_byoos"))
        .args(["validate", "examples/bad-edge.yaml"])
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .output()
        .unwrap();
    let shown = String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        readme[from..to],
        shown,
        "README.md, Install: update the transcript"
    );
    assert_eq!(out.status.code(), Some(code));
}
