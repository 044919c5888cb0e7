"""What a team installs: every archive holds the licence, the wheel runs on glibc 2.17,
the Rust version in Cargo.toml and the package versions are true, `make setup` refuses
where it cannot work, and the pre-commit hook passes a good values file and fails a bad one.

`make test-packaging` runs this with the venv's pytest after `make build-py` (the wheel
in target/wheels); `make test` runs it after the Python and JavaScript suites.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
LICENSE = (ROOT / "LICENSE").read_bytes()
CRATE_DIRS = ["byoos-core", "byoos-cli", "byoos-stdio", "byoos-py", "byoos-wasm"]


def run(*args: str | Path, cwd: Path = ROOT, env: dict[str, str] | None = None) -> str:
    out = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True)
    assert out.returncode == 0, f"{args}: exit {out.returncode}\n{out.stdout}\n{out.stderr}"
    return out.stdout


def the_wheel() -> Path:
    wheels = sorted((ROOT / "target" / "wheels").glob("byoos-*.whl"))
    assert len(wheels) == 1, f"expected one wheel from `make build-py`, found {wheels}"
    return wheels[0]


def test_license_is_apache_2_in_every_package_dir() -> None:
    assert b"Apache License" in LICENSE and b"Version 2.0, January 2004" in LICENSE
    assert b"END OF TERMS AND CONDITIONS" in LICENSE
    for crate in CRATE_DIRS:
        copy = ROOT / crate / "LICENSE"
        # A real file: symlinks are dropped or kept as links by some archivers.
        assert not copy.is_symlink(), copy
        assert copy.read_bytes() == LICENSE, f"{copy} differs from LICENSE"


@pytest.mark.parametrize("crate", ["byoos-core", "byoos-cli", "byoos-stdio"])
def test_crate_package_holds_license(crate: str) -> None:
    files = run("cargo", "package", "--list", "--allow-dirty", "--locked", "-p", crate).split()
    assert "LICENSE" in files, files
    assert "README.md" in files, files


def test_wheel_holds_license_and_is_manylinux2014_abi3() -> None:
    wheel = the_wheel()
    # abi3 (one wheel for CPython >= 3.9), glibc 2.17 (RHEL 8, Amazon Linux 2, Ubuntu 20.04)
    python, abi, platforms = wheel.name.removesuffix(".whl").split("-")[-3:]
    assert (python, abi) == ("cp39", "abi3"), wheel.name
    assert set(platforms.split(".")) == {"manylinux2014_x86_64", "manylinux_2_17_x86_64"}, wheel.name
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/METADATA"))
        assert f"{info}/licenses/LICENSE" in names, names
        assert z.read(f"{info}/licenses/LICENSE") == LICENSE
        metadata = z.read(f"{info}/METADATA").decode()
    assert "License-Expression: Apache-2.0" in metadata.splitlines()
    assert "License-File: LICENSE" in metadata.splitlines()
    shown = run(VENV_BIN / "auditwheel", "show", wheel)
    flat = " ".join(shown.split())
    assert 'consistent with the following platform tag: "manylinux_2_17_x86_64"' in flat, shown


def test_sdist_holds_license(tmp_path: Path) -> None:
    run(VENV_BIN / "maturin", "sdist", "-m", "byoos-py/Cargo.toml", "--out", tmp_path)
    (sdist,) = tmp_path.glob("byoos-*.tar.gz")
    with tarfile.open(sdist) as t:
        names = t.getnames()
        top = names[0].split("/")[0]
        licenses = [n for n in names if n.endswith("/LICENSE")]
        assert f"{top}/LICENSE" in names or f"{top}/byoos-py/LICENSE" in names, licenses
        pkg_info = t.extractfile(f"{top}/PKG-INFO")
        assert pkg_info is not None
        lines = pkg_info.read().decode().splitlines()
    assert "License-Expression: Apache-2.0" in lines
    assert any(line.startswith("License-File: ") and line.endswith("LICENSE") for line in lines), lines


def test_npm_tarball_holds_license() -> None:
    (pack,) = json.loads(run("npm", "pack", "--dry-run", "--json", "--ignore-scripts", cwd=ROOT / "byoos-wasm"))
    files = [f["path"] for f in pack["files"]]
    assert "LICENSE" in files, files
    assert "package.json" in files and "README.md" in files


def test_rust_version_and_package_versions_are_true() -> None:
    """`rust-version` in Cargo.toml is the real minimum over the locked dependencies (for
    what a user builds and for the whole workspace), and the npm and Python versions are
    Cargo's: `scripts/check-versions.py`, the check `make lint` runs, is the one source."""
    print(run(sys.executable, ROOT / "scripts" / "check-versions.py"))


def test_check_versions_fails_on_a_newer_dependency_or_another_version(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("check_versions", ROOT / "scripts" / "check-versions.py")
    assert spec and spec.loader
    cv = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(cv)
    meta = cv.metadata()
    assert cv.check(meta)[0] == []
    # A shipped dependency that needs a newer Rust, and one the tests only use.
    for name, where in (("annotate-snippets", "shipped crates"), ("proptest", "tests, benches or examples")):
        bumped = json.loads(json.dumps(meta))
        for p in bumped["packages"]:
            if p["name"] == name:
                p["rust_version"] = "1.99"
        problems = cv.check(bumped)[0]
        assert any(f"{name} " in x and f"({where}) declares rust-version 1.99" in x for x in problems), problems
    # The workspace claiming more than anything needs.
    higher = json.loads(json.dumps(meta))
    for p in higher["packages"]:
        if p["source"] is None:
            p["rust_version"] = "1.99"
    assert any("is higher than the shipped crates need" in x for x in cv.check(higher)[0])
    # package.json and pyproject.toml with another version than Cargo's.
    for rel in ("byoos-wasm/package.json", "byoos-wasm/package-lock.json", "byoos-py/pyproject.toml"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / rel, tmp_path / rel)
    assert cv.check(meta, tmp_path)[0] == []
    pkg = tmp_path / "byoos-wasm/package.json"
    pkg.write_text(pkg.read_text().replace('"version": "', '"version": "9', 1))
    py = tmp_path / "byoos-py/pyproject.toml"
    py.write_text(py.read_text().replace('dynamic = ["version"]', 'version = "9.9.9"'))
    problems = cv.check(meta, tmp_path)[0]
    assert [x.split(" has version")[0] for x in problems] == ["byoos-wasm/package.json", "byoos-py/pyproject.toml"], problems


def test_setup_stops_on_another_os_with_what_it_needs(tmp_path: Path) -> None:
    for content in ['ID=ubuntu\nVERSION_ID="20.04"\n', 'ID=debian\nVERSION_ID="11"\n', None]:
        release = tmp_path / "os-release"
        if content is None:
            release = tmp_path / "missing"
        else:
            release.write_text(content)
        env = {**os.environ, "BYOOS_OS_RELEASE": str(release)}
        out = subprocess.run(["scripts/setup.sh"], cwd=ROOT, env=env, capture_output=True, text=True)
        assert out.returncode == 1, out
        assert "Debian 12" in out.stderr and "root or sudo" in out.stderr, out.stderr
        assert "setup: apt-get" not in out.stdout + out.stderr


GOOD = """\
pack:
  osImageOverride: "ami-0f4804aff4cf9c5a2"
  osName: rhel
  osVersion: "8.10"
"""
BAD = """\
pack:
  osImageOverride: "ami-0f4804aff4cf9c5a2"
  osName: rhel
  osVersion: 8.10
"""


def test_pre_commit_hook_passes_good_and_fails_bad(tmp_path: Path) -> None:
    """`pre-commit try-repo` of this repository's hook on a scratch git repository: the
    hook builds `byoos` and checks the files. The build shares this checkout's target/
    (its dependencies are built already), so only byoos' own crates are compiled."""
    repo = tmp_path / "team"
    repo.mkdir()
    run("git", "init", "-q", repo)
    (repo / "good.yaml").write_text(GOOD)
    (repo / "bad.yaml").write_text(BAD)
    run("git", "add", ".", cwd=repo)
    cache = ROOT / "target" / "pre-commit"
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(cache / "home"),
        "CARGO_TARGET_DIR": str(ROOT / "target"),
        "PRE_COMMIT_COLOR": "never",
        "NO_COLOR": "1",
    }
    exe = shutil.which("pre-commit", path=str(VENV_BIN)) or "pre-commit"
    codes = {}
    for name in ["good.yaml", "bad.yaml"]:
        t0 = time.monotonic()
        out = subprocess.run(
            [exe, "try-repo", str(ROOT), "byoos-validate", "--verbose", "--files", name],
            cwd=repo, env=env, capture_output=True, text=True,
        )
        print(f"$ pre-commit try-repo {ROOT} byoos-validate --files {name}   # {time.monotonic() - t0:.1f} s")
        print(out.stdout + out.stderr)
        print(f"exit {out.returncode}")
        codes[name] = out.returncode
        if name == "bad.yaml":
            assert re.search(r"yaml/implicit-type", out.stdout), out.stdout
    assert codes == {"good.yaml": 0, "bad.yaml": 1}
