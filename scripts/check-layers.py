#!/usr/bin/env python3
"""Check that the imports of byoos-core point one way: down the layer table below.

Reads every `crate::…` path in `byoos-core/src/**/*.rs` (in `use` lines and in code;
comments are skipped, and so is test code: a file or inline module gated by
`#[cfg(test)]`), maps each file to its top-level module (`src/yaml/scalar.rs` is
`yaml`, `src/lib.rs` is the crate root) and each path to the module it names (a name
re-exported at the crate root counts as the module it comes from), and prints every
edge from a module to one of a higher layer, or to a module its own is barred from.

    python3 scripts/check-layers.py           # exit 1 when an edge points up
    python3 scripts/check-layers.py --edges   # the module import graph, with counts
    python3 scripts/check-layers.py --root DIR  # another checkout (e.g. a worktree of main)

Python 3 standard library only.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

# Layer of each top-level module of byoos-core, bottom (0) to top. An import may point
# to the same layer or a lower one, never to a higher one. Fractions order modules
# inside one layer of the design (the checks import each other one way too).
LAYERS: dict[str, float] = {
    # base: byte offsets, budgets, Go's float text
    "source": 0,
    "limits": 0,
    "gofloat": 0,
    # what a finding is
    "codes": 1,
    "diagnostic": 1.1,
    "failure": 1.2,
    "host": 1.2,
    # the YAML document: nodes with spans, scalar source maps, quoting
    "yaml": 2,
    # checks: helpers, image references, pack rules, Packer manifests, shapes, edits
    "suggest": 3,
    "secrets": 3,
    "image": 3.1,
    "pack": 3.2,
    "packer": 3.3,
    "model": 3.3,
    "schema": 3.3,
    "edit": 3.3,
    "imageconfig": 3.4,
    # cluster profiles as input: YAML/JSON profiles and Terraform, read into packs
    "profile": 3.4,
    # the template engine: parse, resolve, functions, context, emit, variables
    "template": 4,
    # the operations and what they take and give
    "options": 5,
    # configuration and inline suppressions: post-passes over a report's diagnostics
    "config": 5,
    "suppress": 5,
    "report": 5,
    "ops": 5.1,
    "diff": 5.2,
    "fix": 5.2,
    # the crate root: re-exports only
    "crate": 6,
}

# Edges that the layer order allows but the design does not: the engine knows nothing
# of pack rules or of the operations' options.
BARRED: dict[str, set[str]] = {
    "template": {"pack", "image", "model", "schema", "edit", "options"},
}

CRATE_PATH = re.compile(r"\bcrate::(\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*)")
BARE_PATH = re.compile(r"(?<![\w:])([a-z_][a-z0-9_]*)::")
ROOT_REEXPORT = re.compile(r"^\s*pub\s+use\s+([a-z_][a-z0-9_]*)::(.*);", re.S)
ITEM = re.compile(r"^(?:pub\s+)?(?:fn|struct|enum|const|static|type|trait)\s+([A-Za-z_][A-Za-z0-9_]*)")


def module_of(src: Path, file: Path) -> str:
    rel = file.relative_to(src)
    if rel.parts == ("lib.rs",):
        return "crate"
    return rel.parts[0].removesuffix(".rs")


def strip_comments(line: str) -> str:
    """The line without a `//` comment (a `//` inside a string is rare in these paths)."""
    in_str = False
    i = 0
    while i < len(line):
        c = line[i]
        if c == '"' and (i == 0 or line[i - 1] != "\\"):
            in_str = not in_str
        elif not in_str and line.startswith("//", i):
            return line[:i]
        i += 1
    return line


def code_lines(text: str) -> tuple[list[tuple[int, str]], set[str]]:
    """Numbered lines of non-test code, and the names of `#[cfg(test)] mod NAME;` files."""
    out: list[tuple[int, str]] = []
    test_mods: set[str] = set()
    lines = text.splitlines()
    i = 0
    gated = False
    while i < len(lines):
        raw = lines[i]
        line = strip_comments(raw).strip()
        if line.startswith("#[cfg(test)]"):
            gated = True
            rest = line[len("#[cfg(test)]"):].strip()
            if not rest:
                i += 1
                continue
            line = rest
        if gated:
            gated = False
            m = re.match(r"(?:pub(?:\([a-z]+\))?\s+)?mod\s+([a-z_0-9]+)\s*;", line)
            if m:
                test_mods.add(m.group(1))
                i += 1
                continue
            if "{" in line:
                depth = 0
                while i < len(lines):
                    s = strip_comments(lines[i])
                    depth += s.count("{") - s.count("}")
                    i += 1
                    if depth <= 0:
                        break
                continue
            # a gated single item (`use …;`, `fn …;`)
            i += 1
            continue
        if line.startswith("#") and not line.startswith("#["):
            i += 1
            continue
        out.append((i + 1, strip_comments(raw)))
        i += 1
    return out, test_mods


def root_names(src: Path) -> dict[str, str]:
    """Names the crate root re-exports or defines, to the module they come from."""
    names: dict[str, str] = {}
    text = (src / "lib.rs").read_text(encoding="utf-8")
    for stmt in re.findall(r"^\s*pub\s+use\s+[^;]*;", text, re.M | re.S):
        m = ROOT_REEXPORT.match(stmt)
        if not m:
            continue
        module, rest = m.group(1), m.group(2)
        for name in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", rest.split("::")[-1] if "{" not in rest else rest):
            if name not in {"self", "as"}:
                names.setdefault(name, module)
    for line in text.splitlines():
        m = ITEM.match(line)
        if m:
            names.setdefault(m.group(1), "crate")
    return names


def targets(path: str, modules: set[str], roots: dict[str, str]) -> list[str]:
    """The modules a `crate::` path names."""
    if path.startswith("{"):
        found = []
        for part in path[1:-1].split(","):
            head = part.strip().split("::")[0].strip()
            if head:
                found.extend(targets(head, modules, roots))
        return found
    if path in modules:
        return [path]
    if path in roots:
        return [roots[path]]
    return ["crate"]


def collect(root: Path) -> list[tuple[str, str, str, int, str]]:
    """Every edge as (from module, to module, file, line, text)."""
    src = root / "byoos-core" / "src"
    modules = {module_of(src, f) for f in src.rglob("*.rs")} - {"crate"}
    roots = root_names(src)
    files = sorted(src.rglob("*.rs"))
    skipped: set[Path] = set()
    parsed = {}
    for f in files:
        lines, test_mods = code_lines(f.read_text(encoding="utf-8"))
        parsed[f] = lines
        base = f.parent if f.name in {"mod.rs", "lib.rs"} else f.parent / f.stem
        for name in test_mods:
            skipped.add(base / f"{name}.rs")
            skipped.update((base / name).rglob("*.rs"))
    edges = []
    for f in files:
        if f in skipped:
            continue
        frm = module_of(src, f)
        for n, line in parsed[f]:
            found = [t for m in CRATE_PATH.finditer(line) for t in targets(m.group(1), modules, roots)]
            if frm == "crate":
                # the root names its modules without `crate::` (`pub use codes::Code;`)
                found += [m.group(1) for m in BARE_PATH.finditer(line) if m.group(1) in modules]
            for to in dict.fromkeys(found):
                if to != frm:
                    edges.append((frm, to, str(f.relative_to(root)), n, line.strip()))
    return edges


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--edges", action="store_true", help="print the module import graph with counts")
    ap.add_argument("--root", default=str(Path(__file__).resolve().parent.parent), help="the checkout to read")
    args = ap.parse_args()
    root = Path(args.root)
    edges = collect(root)
    if args.edges:
        counts = Counter((a, b) for a, b, *_ in edges)
        for (a, b), c in sorted(counts.items(), key=lambda kv: (LAYERS.get(kv[0][0], 99), kv[0])):
            mark = ""
            if a not in LAYERS or b not in LAYERS:
                mark = "  (no layer)"
            elif LAYERS.get(b, 99) > LAYERS.get(a, 99) or b in BARRED.get(a, set()):
                mark = "  (up)"
            print(f"{a} -> {b}: {c}{mark}")
        return 0
    bad = 0
    unknown = sorted({m for a, b, *_ in edges for m in (a, b)} - LAYERS.keys())
    for m in unknown:
        print(f"module `{m}` has no layer: add it to LAYERS in scripts/check-layers.py")
        bad += 1
    for a, b, f, n, text in edges:
        if a in unknown or b in unknown:
            continue
        if LAYERS[b] > LAYERS[a]:
            why = f"layer {LAYERS[a]:g} imports layer {LAYERS[b]:g}"
        elif b in BARRED.get(a, set()):
            why = f"`{a}` must not import `{b}`"
        else:
            continue
        print(f"{f}:{n}: {a} -> {b} ({why}): {text}")
        bad += 1
    if bad:
        print(f"{bad} import(s) point up the layers")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
