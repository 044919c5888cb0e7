"""The Python peer gives byoos's answers on the cases it supports, so the benchmark
compares like with like. Run by `make test-py` (needs cargo for `gen-inputs`, and the
byoos wheel installed in the venv).

- render / render_profile: the same text as byoos-core on the generated inputs (the
  10-pack profile, 1k and 10k macros, a 10k chain) and on the real pack values;
- validate: the same macro findings (template/*, variable/name) as the byoos binding.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any, Dict, List

import pytest

import byoos
import byoos_peer as peer

ROOT = Path(__file__).resolve().parents[3]
MACRO_CODES = {"template/unknown-function", "template/unknown-system-macro",
               "template/unknown-path", "variable/name"}


@pytest.fixture(scope="session")
def inputs() -> Path:
    out = ROOT / "target" / "bench" / "test-inputs-py"
    subprocess.run(["cargo", "run", "-q", "--locked", "-p", "byoos-benches", "--bin", "gen-inputs",
                    "--", "--small", str(out)], cwd=ROOT, check=True)
    return out


def manifest(inputs: Path) -> Dict[str, Any]:
    return json.loads((inputs / "manifest.json").read_text(encoding="utf-8"))


def real_files(inputs: Path) -> List[Dict[str, Any]]:
    real = manifest(inputs)["real"]
    if not real:
        pytest.skip("real pack values absent (../shared/data/pack-values is not part of the repository)")
    return real["files"]


def test_render_generated_inputs(inputs: Path) -> None:
    cases = manifest(inputs)["cases"]
    assert {c["name"] for c in cases} >= {"profile", "scale-1k", "scale-10k", "chain-10k"}
    for c in cases:
        text = (inputs / c["file"]).read_text(encoding="utf-8")
        ctx = json.loads((inputs / c["context"]).read_text(encoding="utf-8"))
        if c["op"] == "render_profile":
            want = [(p["name"], p["text"]) for p in
                    json.loads((inputs / c["expected"]).read_text(encoding="utf-8"))["packs"]]
            assert peer.render_profile(text, ctx) == want, c["name"]
        else:
            want = (inputs / c["expected"]).read_text(encoding="utf-8")
            assert peer.render(text, ctx, c.get("pack_name")) == want, c["name"]


def test_render_real_pack_values(inputs: Path) -> None:
    files = real_files(inputs)
    ctx = json.loads((inputs / manifest(inputs)["real"]["context"]).read_text(encoding="utf-8"))
    for f in files:
        text = Path(f["path"]).read_text(encoding="utf-8")
        want = (inputs / f["expected"]).read_text(encoding="utf-8")
        assert peer.render(text, ctx, f["name"]) == want, f["name"]


def byoos_macro_codes(text: str, pack_name: Any) -> List[str]:
    report = byoos.validate(text, pack_name=pack_name)
    return sorted({d.code for d in report.diagnostics if d.code in MACRO_CODES})


def test_validate_real_and_generated(inputs: Path) -> None:
    m = manifest(inputs)
    docs = [(Path(f["path"]).read_text(encoding="utf-8"), f["name"]) for f in (m["real"] or {}).get("files", [])]
    for c in m["cases"]:
        if c["op"] == "render":
            docs.append(((inputs / c["file"]).read_text(encoding="utf-8"), c.get("pack_name")))
        else:
            profile = peer.load((inputs / c["file"]).read_text(encoding="utf-8"))
            docs += [(p["values"], p["name"]) for p in profile["packs"]]
    for text, name in docs:
        assert peer.validate(text, name)["codes"] == byoos_macro_codes(text, name), name


@pytest.mark.parametrize("text, codes", [
    ('pack:\n  osName: "{{ .spectro.system.kubernetes.vesion }}"\n', ["template/unknown-system-macro"]),
    ('a: "{{ .spectro.pack.p.b }}"\nc: "{{ .spectro.pack.p.a }}"\n', ["template/unknown-path"]),
    ('a: "{{ .spectro.system.cluster.name | shout }}"\n', ["template/unknown-function"]),
    ('a: "{{ .spectro.var.my-var }}"\n', ["variable/name"]),
    ('a: "{{ .spectro.system.cluster.name | upper }}-{{ .spectro.pack.p.a }}"\n', []),
])
def test_validate_findings(text: str, codes: List[str]) -> None:
    assert byoos_macro_codes(text, "p") == codes
    got = peer.validate(text, "p")
    assert got["codes"] == codes
    assert got["ok"] == (not codes)


def test_pipelines_and_trim_markers() -> None:
    ctx = {"system": {"kubernetes.version": "1.30.4", "cluster": {"name": "Edge-01"}},
           "variables": {"values": {"v": ""}}}
    text = ('a: "{{ .spectro.system.kubernetes.version | substr 0 4 }}"\n'
            'b: "x  {{- .spectro.system.cluster.name | lower -}}  y"\n'
            'c: "{{ .spectro.var.v | default \\"d\\" | upper }}"\n'
            'd: "{{ .spectro.system.cluster.name | replace \\"-\\" \\"_\\" | trunc 4 }}"\n')
    want = 'a: "1.30"\nb: "xedge-01y"\nc: "D"\nd: "Edge"\n'
    assert peer.render(text, ctx, "p") == want
    render = getattr(byoos, "render", None)
    if render is not None:
        out = render(text, ctx, pack_name="p")
        assert (out.text if hasattr(out, "text") else out["text"]) == want
