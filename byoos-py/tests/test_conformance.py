"""The shared conformance suite (tests/conformance/) run through the Python binding.

Compares exactly what the Rust runner compares: the neutral view of each diagnostic
(code, severity, path, line, column, end_line, end_column) plus the op's own fields.
Also checks that ``source[d.start:d.end]`` (code points) is the text at the
diagnostic's line/column. One test per case, its id ``<case file>::<case name>`` (run one
with ``-k pack/edge-seed``); each case file's ``defaults`` apply to the cases that do not
state the member. Known failures are listed, with reasons, in ``xfail.json``; a listed
case that passes fails the run.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Sequence

import pytest

import byoos

ROOT = Path(__file__).resolve().parents[2] / "tests" / "conformance"
XFAIL: dict[str, str] = json.loads((Path(__file__).parent / "xfail.json").read_text(encoding="utf-8"))["cases"]
# The members a case file's `defaults` may give; a case that states one keeps its own.
DEFAULTABLE = ("context", "options")


def case_id(rel: str, name: str) -> str:
    """A case's id in every runner and xfail list."""
    return f"{rel}::{name}"


def _cases() -> list[tuple[str, Path, dict[str, Any]]]:
    out = []
    for file in sorted(ROOT.rglob("*.json")):
        rel = file.relative_to(ROOT).as_posix()
        doc = json.loads(file.read_text(encoding="utf-8"))
        defaults: dict[str, Any] = doc.get("defaults", {})
        assert set(defaults) <= set(DEFAULTABLE), f"{rel}: `defaults` may give {DEFAULTABLE}, not {sorted(defaults)}"
        for case in doc["cases"]:
            out.append((case_id(rel, case["name"]), file.parent, {**defaults, **case}))
    return out


CASES = _cases()


def _offset(source: str, line: int, column: int) -> int:
    """The code-point offset of a 1-based line/column (columns count characters)."""
    start = 0
    for _ in range(line - 1):
        start = source.index("\n", start) + 1
    return start + column - 1


def _neutral(diags: Sequence[byoos.Diagnostic], source: str) -> list[dict[str, Any]]:
    out = []
    for d in diags:
        assert 0 <= d.start <= d.end <= len(source), (d, len(source))
        expected = source[_offset(source, d.line, d.column) : _offset(source, d.end_line, d.end_column)]
        assert source[d.start : d.end] == expected, (d, source[d.start : d.end], expected)
        entry = {
            "code": d.code,
            "severity": d.severity,
            "path": list(d.path),
            "line": d.line,
            "column": d.column,
            "end_line": d.end_line,
            "end_column": d.end_column,
        }
        if d.suppressed:
            entry["suppressed"] = True
        out.append(entry)
    return out


def _input(case: dict[str, Any], folder: Path, key: str = "input") -> str:
    if key in case:
        text: str = case[key]
        return text
    with open(folder / case[f"{key}_file"], encoding="utf-8", newline="") as f:
        return f.read()


def _fatal(call: Callable[[], dict[str, Any]], source: str) -> dict[str, Any]:
    """The op's answer, or ``{"error": [...]}`` for a fatal ByoosError."""
    try:
        return call()
    except byoos.ByoosError as e:
        assert e.diagnostics, e
        assert str(e) and e.message
        return {"error": _neutral(e.diagnostics, source)}


def _with_ok(case: dict[str, Any], answer: dict[str, Any], result: Any) -> dict[str, Any]:
    """Every result's ``ok`` says that no diagnostic is an error; the answer holds ``ok``
    when the case's ``expect`` does (older cases predate it)."""
    diags = list(result.diagnostics)
    for pack in getattr(result, "packs", []):
        diags.extend(pack.diagnostics)
    assert result.ok == (not any(d.severity == "error" for d in diags)), (result, diags)
    assert result.to_dict()["ok"] is result.ok
    if "ok" in case["expect"]:
        answer["ok"] = result.ok
    return answer


def run(case: dict[str, Any], folder: Path) -> dict[str, Any]:
    op = case["op"]
    options: dict[str, Any] = case.get("options", {})
    if op == "validate":
        src = _input(case, folder)
        r = byoos.validate(src, **options)
        answer: dict[str, Any] = {"ok": r.ok, "pack": r.pack, "diagnostics": _neutral(r.diagnostics, src)}
        if r.packs or "packs" in case.get("expect", {}):
            files: dict[str, str] = options.get("files", {})
            every = list(r.diagnostics) + [d for p in r.packs for d in p.diagnostics]
            assert r.ok == (not any(d.severity == "error" for d in every)), r
            packs = []
            for pk in r.packs:
                assert pk.ok == (not any(d.severity == "error" for d in pk.diagnostics)), pk
                source = files[pk.file] if pk.file is not None else src
                packs.append(
                    {
                        "name": pk.name,
                        "kind": pk.kind,
                        "ok": pk.ok,
                        "file": pk.file,
                        "diagnostics": _neutral(pk.diagnostics, source),
                    }
                )
            answer["input"] = r.input
            answer["packs"] = packs
        return answer
    if op == "check_image":
        ref = case["reference"]
        img = byoos.check_image(case["provider"], ref, **options)
        shown = json.dumps(img.to_dict(), ensure_ascii=False)
        for part in ref.replace("?", "&").split("&"):
            if part.startswith("sig=") and len(part) >= 10:
                assert part[4:].split("#")[0] not in shown, "SAS signature in the report"
        return {
            "ok": img.ok,
            "provider": img.provider,
            "kind": img.kind,
            "normalized": img.normalized,
            "parts": img.parts,
            "diagnostics": _neutral(img.diagnostics, ref),
        }
    if op == "from_packer_manifest":
        src = _input(case, folder)
        p = byoos.from_packer_manifest(src, **options)
        return {"text": p.text, "diagnostics": _neutral(p.diagnostics, src)}
    if op == "diff":
        old, new = _input(case, folder, "old"), _input(case, folder, "new")
        d = byoos.diff(old, new, case.get("context", {}), **options)
        return {
            "ok": d.ok,
            "pack": d.pack,
            "impact": d.impact,
            "changes": [{k: c.get(k) for k in ("path", "old", "new", "impact")} for c in d.changes],
            "old_diagnostics": _neutral(d.old_diagnostics, old),
            "new_diagnostics": _neutral(d.new_diagnostics, new),
        }
    if op == "from_image_config":
        src = _input(case, folder)
        ic = byoos.from_image_config(src, **options)
        return {"text": ic.text, "diagnostics": _neutral(ic.diagnostics, src)}
    if op == "to_terraform":
        src = _input(case, folder)
        return _fatal(lambda: {"text": byoos.to_terraform(src, **options)}, src)
    if op == "render":
        src = _input(case, folder)

        def rendered() -> dict[str, Any]:
            r = byoos.render(src, case.get("context", {}), **options)
            return _with_ok(case, {"text": r.text, "diagnostics": _neutral(r.diagnostics, src)}, r)

        return _fatal(rendered, src)
    if op == "render_profile":
        profile = _input(case, folder, "profile")

        def rendered_profile() -> dict[str, Any]:
            r = byoos.render_profile(profile, case.get("context", {}), **options)
            packs = [
                _with_ok(
                    case,
                    {
                        "name": p.name,
                        "text": p.text,
                        "diagnostics": _neutral(p.diagnostics, options.get("files", {})[p.file] if p.file else profile),
                    },
                    p,
                )
                for p in r.packs
            ]
            return _with_ok(case, {"packs": packs, "diagnostics": _neutral(r.diagnostics, profile)}, r)

        return _fatal(rendered_profile, profile)
    if op == "set_values":
        src = _input(case, folder)

        def edited() -> dict[str, Any]:
            e = byoos.set_values(src, case["assignments"], **options)
            return _with_ok(case, {"text": e.text, "diagnostics": _neutral(e.diagnostics, e.text)}, e)

        return _fatal(edited, src)
    if op == "fix":
        src = _input(case, folder)

        def fixed() -> dict[str, Any]:
            f = byoos.fix(src, **options)
            out = {"text": f.text, "fixed": _neutral(f.fixed, src), "diagnostics": _neutral(f.diagnostics, f.text)}
            return _with_ok(case, out, f)

        return _fatal(fixed, src)
    raise AssertionError(f"unknown op {op!r}")


def test_suite_is_found() -> None:
    assert len(CASES) > 600
    keys = {k for k, _, _ in CASES}
    assert set(XFAIL) <= keys, "xfail.json names a case that does not exist"
    assert all(isinstance(r, str) and r for r in XFAIL.values()), "an xfail.json entry has no reason"


@pytest.mark.parametrize(("key", "folder", "case"), CASES, ids=[k for k, _, _ in CASES])
def test_case(key: str, folder: Path, case: dict[str, Any]) -> None:
    if key in XFAIL:
        try:
            actual = run(case, folder)
        except Exception:  # noqa: BLE001 - an xfail may fail any way
            pytest.xfail(XFAIL[key])
        if actual != case["expect"]:
            pytest.xfail(XFAIL[key])
        pytest.fail(f"{key} is listed in xfail.json but passes: remove it")
    assert run(case, folder) == case["expect"]
