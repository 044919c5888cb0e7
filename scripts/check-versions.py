#!/usr/bin/env python3
"""The versions the workspace declares are true (run by `make lint` and tests/packaging).

- `rust-version` (Cargo.toml, `[workspace.package]`) is the real minimum: no dependency
  built for any workspace crate (any kind, any target) declares a newer `rust-version`, and
  it is not higher than the newest that the shipped crates' own dependencies (normal and
  build, for byoos-core, byoos-cli, byoos-stdio, byoos-py, byoos-wasm) declare.
- The npm package's version (`byoos-wasm/package.json`, `package-lock.json`) is Cargo's,
  and the Python package takes its version from Cargo (`dynamic = ["version"]`) or
  states the same one.

Reads `cargo metadata --format-version 1 --locked` only (Python standard library). The
metadata's resolve lists an optional dependency that only a weak feature (`dep?/feat`)
names; such a dependency is not built, so edges are followed only when the enabled
features of the package activate them. `--print` shows every dependency's declared
version, newest first.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ("byoos-core", "byoos-cli", "byoos-stdio", "byoos-py", "byoos-wasm")


def version_tuple(v: str) -> tuple[int, ...]:
    parts = tuple(int(x) for x in v.split("."))
    return parts + (0,) * (3 - len(parts))


def closure(meta: dict, roots: list[str], kinds: set[str | None]) -> set[str]:
    """Package ids built for `roots`: edges of `kinds` from the roots, then normal and
    build edges, each only when the manifest dependency is not optional or is activated."""
    packages = {p["id"]: p for p in meta["packages"]}
    nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
    seen: set[str] = set()
    visited: set[tuple[str, bool]] = set()
    todo = [(r, True) for r in roots]
    while todo:
        pid, is_root = todo.pop()
        if (pid, is_root) in visited:
            continue
        visited.add((pid, is_root))
        seen.add(pid)
        allowed = kinds if is_root else {None, "build"}
        pkg, node = packages[pid], nodes[pid]
        enabled = set(node["features"])
        activated = set()
        for f in enabled:
            for item in pkg["features"].get(f, []):
                if item.startswith("dep:"):
                    activated.add(item[4:])
                elif "?/" not in item:
                    activated.add(item.split("/")[0])
        activated |= enabled  # an optional dependency without `dep:` is its own feature
        for dep in node["deps"]:
            child = dep["pkg"]
            # `dep["name"]` is the crate name in code (the rename, or the library's name).
            manifest = [
                d for d in pkg["dependencies"]
                if (d.get("rename") or "").replace("-", "_") == dep["name"] or (not d.get("rename") and d["name"] == packages[child]["name"])
            ]
            for dk in dep["dep_kinds"]:
                if dk["kind"] not in allowed:
                    continue
                ok = any(
                    d["kind"] == dk["kind"] and (not d["optional"] or (d.get("rename") or d["name"]) in activated)
                    for d in manifest
                )
                if ok:
                    todo.append((child, False))
                    break
    return seen


def metadata(root: Path = ROOT) -> dict:
    return json.loads(
        subprocess.run(
            ["cargo", "metadata", "--format-version", "1", "--locked"],
            cwd=root, check=True, capture_output=True, text=True,
        ).stdout
    )


def check(meta: dict, root: Path = ROOT, show: bool = False) -> tuple[list[str], str]:
    """The problems found, and a one-line summary."""
    packages = {p["id"]: p for p in meta["packages"]}
    members = [packages[m] for m in meta["workspace_members"]]
    problems = []

    declared = {p["rust_version"] for p in members}
    if len(declared) != 1 or None in declared:
        problems.append(f"every workspace crate takes rust-version from the workspace; found {sorted(map(str, declared))}")
        declared = {max((d for d in declared if d), key=version_tuple, default="0")}
    ours = declared.pop()

    def newest(ids: set[str]) -> tuple[tuple[int, ...], list[str]]:
        deps = [packages[i] for i in ids if packages[i]["source"] is not None and packages[i]["rust_version"]]
        top = max((version_tuple(p["rust_version"]) for p in deps), default=(0, 0, 0))
        return top, sorted(f"{p['name']} {p['version']}" for p in deps if version_tuple(p["rust_version"]) == top)

    shipped = closure(meta, [p["id"] for p in members if p["name"] in SHIPPED], {None, "build"})
    everything = closure(meta, [p["id"] for p in members], {None, "build", "dev"})
    for pid in sorted(everything):
        p = packages[pid]
        if p["source"] is not None and p["rust_version"] and version_tuple(p["rust_version"]) > version_tuple(ours):
            where = "shipped crates" if pid in shipped else "tests, benches or examples"
            problems.append(f"{p['name']} {p['version']} ({where}) declares rust-version {p['rust_version']}, newer than the workspace's {ours}")
    need, who = newest(shipped)
    if version_tuple(ours) > need:
        shown = ".".join(map(str, need[:2] if need[2] == 0 else need))
        problems.append(f"rust-version {ours} is higher than the shipped crates need ({shown}, for {', '.join(who)}): lower it")

    cargo_version = {p["version"] for p in members if p["name"] in SHIPPED}
    if len(cargo_version) != 1:
        problems.append(f"the shipped crates have different versions: {sorted(cargo_version)}")
    version = min(cargo_version)
    pkg_json = json.loads((root / "byoos-wasm/package.json").read_text(encoding="utf-8"))
    if pkg_json.get("version") != version:
        problems.append(f"byoos-wasm/package.json has version {pkg_json.get('version')}, Cargo has {version}")
    lock_path = root / "byoos-wasm/package-lock.json"
    if lock_path.exists():
        lock = json.loads(lock_path.read_text(encoding="utf-8"))
        for where, v in (("version", lock.get("version")), ('packages[""].version', lock.get("packages", {}).get("", {}).get("version"))):
            if v != version:
                problems.append(f"byoos-wasm/package-lock.json {where} is {v}, Cargo has {version}")
    pyproject = (root / "byoos-py/pyproject.toml").read_text(encoding="utf-8")
    project = pyproject.split("[project]", 1)[1].split("\n[", 1)[0] if "[project]" in pyproject else ""
    static = re.search(r'^version\s*=\s*"([^"]*)"', project, re.M)
    dynamic = re.search(r'^dynamic\s*=\s*\[[^\]]*"version"', project, re.M)
    if static and static.group(1) != version:
        problems.append(f"byoos-py/pyproject.toml has version {static.group(1)}, Cargo has {version}")
    if not static and not dynamic:
        problems.append('byoos-py/pyproject.toml neither states a version nor takes it from Cargo (dynamic = ["version"])')

    if show:
        for pid in sorted(everything, key=lambda i: version_tuple(packages[i]["rust_version"] or "0"), reverse=True):
            p = packages[pid]
            if p["source"] is not None and p["rust_version"]:
                print(f"{p['rust_version']:>8}  {p['name']} {p['version']}{'' if pid in shipped else '  (dev)'}")
    summary = f"rust-version {ours} (the shipped crates need {', '.join(who)}); version {version} in Cargo, npm and Python"
    return problems, summary


def main() -> int:
    problems, summary = check(metadata(), ROOT, show="--print" in sys.argv[1:])
    for p in problems:
        print(f"check-versions: {p}", file=sys.stderr)
    if not problems:
        print(f"check-versions: {summary}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
