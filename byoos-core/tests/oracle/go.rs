//! Builds and talks to the Go oracle (`tests/oracle/main.go`); builds the float-digits
//! one (`byoos-core/tests/oracle/floats/main.go`).

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub(crate) struct Oracle {
    binary: PathBuf,
}

const GOPATH: &str = "/usr/share/gocode";

/// `go build` of the program in `source` in GOPATH mode into the target directory as
/// `oracle/NAME` (Go caches the build, so a second run takes well under a second).
pub(crate) fn go_build(source: &Path, name: &str) -> Result<PathBuf, String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let binary = target.join("oracle").join(name);
    let out = Command::new("go")
        .args(["build", "-o"])
        .arg(&binary)
        .arg(".")
        .current_dir(source)
        .env("GOPATH", GOPATH)
        .env("GO111MODULE", "off")
        .env_remove("GOFLAGS")
        .env("GOCACHE", target.join("oracle/cache"))
        .output()
        .map_err(|e| format!("`go` cannot be run: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "go build failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(binary)
}

impl Oracle {
    /// `go build` of `tests/oracle/main.go` once its libraries are found.
    pub(crate) fn build() -> Result<Oracle, String> {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
        for lib in [
            "src/github.com/Masterminds/sprig",
            "src/gopkg.in/yaml.v3",
            "src/gopkg.in/yaml.v2",
            "src/sigs.k8s.io/yaml",
            "src/github.com/docker/distribution/reference",
        ] {
            if !PathBuf::from(GOPATH).join(lib).is_dir() {
                return Err(format!("{GOPATH}/{lib} is missing"));
            }
        }
        let binary = go_build(&root.join("tests/oracle"), "byoos-oracle")?;
        Ok(Oracle { binary })
    }

    /// One answer per request line, in order.
    pub(crate) fn ask(&self, requests: &[String]) -> Result<Vec<serde_json::Value>, String> {
        let mut child = Command::new(&self.binary)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| e.to_string())?;
        let mut stdin = child.stdin.take().expect("piped");
        let input: String = requests.iter().map(|r| format!("{r}\n")).collect();
        let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
        let stdout = child.stdout.take().expect("piped");
        let mut answers = Vec::with_capacity(requests.len());
        for line in BufReader::new(stdout).lines() {
            let line = line.map_err(|e| e.to_string())?;
            answers.push(serde_json::from_str(&line).map_err(|e| format!("{e}: {line}"))?);
        }
        writer
            .join()
            .map_err(|_| "writer panicked")?
            .map_err(|e| e.to_string())?;
        let status = child.wait().map_err(|e| e.to_string())?;
        if !status.success() || answers.len() != requests.len() {
            return Err(format!(
                "{status}; {} answers to {} requests",
                answers.len(),
                requests.len()
            ));
        }
        Ok(answers)
    }
}
