"""The Python part of `make bench-compare`: byoos (the Python binding) side by side
with the peer (benches/peers/python: PyYAML's C loader + a regex) and PyYAML's load
alone, on the inputs `gen-inputs` wrote to DIR. Prints one JSON row per measurement.

    .venv/bin/python benches/compare/py_harness.py DIR > rows.json

The timing method is the one of benches/src/measure.rs (warm-up, batches of ~20 ms,
round-robin samples, median CPU time per call); a call slower than a second gets 3
samples.
A function the binding does not have yet is reported as `n/a (binding lacks X)`.
"""

from __future__ import annotations

import json
import math
import os
import sys
import time
from typing import Any, Callable, Dict, List, Optional, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "peers", "python"))

import byoos  # noqa: E402
import byoos_peer as peer  # noqa: E402

WARMUP, SAMPLE, BUDGET = 0.15, 0.02, 0.6
MIN_SAMPLES, MAX_SAMPLES, SLOW_SAMPLES = 5, 31, 3

rows: List[Dict[str, Any]] = []


def cpu() -> float:
    """CPU time of this thread, in seconds (see benches/src/measure.rs)."""
    return time.thread_time_ns() / 1e9


def compare(jobs: List[Callable[[], Any]]) -> List[Tuple[float, int, int]]:
    """(median CPU ns per call, samples, batch) of each job, timed round-robin."""
    batches, per_call = [], []
    for job in jobs:
        start, calls = cpu(), 0
        while calls == 0 or cpu() - start < WARMUP:
            job()
            calls += 1
        t = (cpu() - start) / calls
        per_call.append(t)
        batches.append(max(1, math.ceil(SAMPLE / t)))
    samples = min(int(BUDGET / (t * b)) for t, b in zip(per_call, batches))
    samples = max(MIN_SAMPLES, min(MAX_SAMPLES, samples))
    if max(per_call) > 1.0:
        samples = SLOW_SAMPLES
    times: List[List[float]] = [[] for _ in jobs]
    for _ in range(samples):
        for i, job in enumerate(jobs):
            start = cpu()
            for _ in range(batches[i]):
                job()
            times[i].append((cpu() - start) * 1e9 / batches[i])
    return [(sorted(t)[len(t) // 2], len(t), b) for t, b in zip(times, batches)]


def run(inp: str, jobs: List[Tuple[str, str, Optional[Callable[[], Any]], str]]) -> None:
    """jobs: (op, impl, function or None, note). None is recorded as n/a with the note."""
    live = [(op, imp, f, note) for op, imp, f, note in jobs if f is not None]
    timings = compare([f for _, _, f, _ in live]) if live else []
    for (op, imp, _, note), (ns, samples, batch) in zip(live, timings):
        print(f"python {inp:<12} {op:<16} {imp:<18} {ns:>14.0f} ns", file=sys.stderr)
        rows.append({"lang": "python", "input": inp, "op": op, "impl": imp, "median_ns": ns,
                     "samples": samples, "batch": batch, "note": note})
    for op, imp, f, note in jobs:
        if f is None:
            rows.append({"lang": "python", "input": inp, "op": op, "impl": imp,
                         "median_ns": None, "note": note})


def binding_render() -> Tuple[Optional[Callable[..., str]], str]:
    """byoos.render as `f(source, context, pack_name, limits) -> text`, if the binding has it."""
    f = getattr(byoos, "render", None)
    if f is None:
        return None, "n/a (binding lacks render)"

    def call(source: str, context: Dict[str, Any], pack_name: Optional[str], limits: Dict[str, int]) -> str:
        kwargs: Dict[str, Any] = {}
        if pack_name:
            kwargs["pack_name"] = pack_name
        if limits:
            kwargs["limits"] = limits
        out = f(source, context, **kwargs)
        return out.text if hasattr(out, "text") else out["text"]

    return call, ""


def binding_render_profile() -> Tuple[Optional[Callable[..., List[Tuple[str, str]]]], str]:
    f = getattr(byoos, "render_profile", None)
    if f is None:
        return None, "n/a (binding lacks render_profile)"

    def call(profile: str, context: Dict[str, Any]) -> List[Tuple[str, str]]:
        out = f(profile, context)
        packs = out.packs if hasattr(out, "packs") else out["packs"]
        return [(p.name, p.text) if hasattr(p, "text") else (p["name"], p["text"]) for p in packs]

    return call, ""


def checked(name: str, f: Callable[[], Any], want: Any, note: str) -> Tuple[Optional[Callable[[], Any]], str]:
    """Run f once; keep it only when it gives what byoos-core gives (else say why)."""
    try:
        got = f()
    except Exception as e:  # noqa: BLE001 - any failure makes the row n/a
        return None, f"n/a ({name}: {type(e).__name__}: {str(e)[:80]})"
    if want is not None and got != want:
        return None, f"n/a ({name}: output differs from byoos-core)"
    return f, note


def validate_summary(report: Any) -> Dict[str, Any]:
    return {"ok": report.ok, "pack": report.pack,
            "codes": sorted(d.code for d in report.diagnostics)}


def main() -> None:
    d = sys.argv[1]
    read = lambda name: open(os.path.join(d, name), encoding="utf-8").read()  # noqa: E731
    manifest = json.loads(read("manifest.json"))
    render, render_note = binding_render()
    render_profile, rp_note = binding_render_profile()

    real = manifest.get("real")
    if real:
        ctx = json.loads(read(real["context"]))
        files = [(f["name"], open(f["path"], encoding="utf-8").read(), f) for f in real["files"]]
        jobs: List[Tuple[str, str, Optional[Callable[[], Any]], str]] = [
            ("parse", "pyyaml-c", lambda: [peer.load(t) for _, t, _ in files], ""),
            ("validate", "byoos", lambda: [byoos.validate(t, pack_name=n) for n, t, _ in files], ""),
            ("validate", "peer", lambda: [peer.validate(t, n) for n, t, _ in files], ""),
        ]
        want = [read(f["expected"]) for _, _, f in files]
        if render:
            f, note = checked("render", lambda: [render(t, ctx, n, {}) for n, t, _ in files], want, render_note)
            jobs.append(("render", "byoos", f, note))
        else:
            jobs.append(("render", "byoos", None, render_note))
        f, note = checked("peer", lambda: [peer.render(t, ctx, n) for n, t, _ in files], want, "")
        jobs.append(("render", "peer", f, note))
        run("real", jobs)
    else:
        print("py_harness: skipped: real pack values absent", file=sys.stderr)

    for case in manifest["cases"]:
        name = case["name"]
        text = read(case["file"])
        ctx = json.loads(read(case["context"]))
        if case["op"] == "render_profile":
            values = [(p["name"], p["values"]) for p in peer.load(text)["packs"]]
            want = [(p["name"], p["text"]) for p in json.loads(read(case["expected"]))["packs"]]
            jobs = [
                ("parse", "pyyaml-c", lambda: [peer.load(text)] + [peer.load(v) for _, v in values], ""),
                ("validate", "byoos", lambda: [byoos.validate(v, pack_name=n) for n, v in values], ""),
                ("validate", "peer", lambda: [peer.validate(v, n) for n, v in values], ""),
            ]
            if render_profile:
                f, note = checked("render_profile", lambda: render_profile(text, ctx), want, rp_note)
                jobs.append(("render", "byoos", f, note))
            else:
                jobs.append(("render", "byoos", None, rp_note))
            f, note = checked("peer", lambda: peer.render_profile(text, ctx), want, "")
            jobs.append(("render", "peer", f, note))
        else:
            pn, limits = case.get("pack_name"), case.get("limits") or {}
            want = read(case["expected"])
            jobs = [
                ("parse", "pyyaml-c", lambda: peer.load(text), ""),
                ("validate", "byoos", lambda: byoos.validate(text, pack_name=pn, limits=limits), ""),
                ("validate", "peer", lambda: peer.validate(text, pn), ""),
            ]
            if render:
                f, note = checked("render", lambda: render(text, ctx, pn, limits), want, render_note)
                jobs.append(("render", "byoos", f, note))
            else:
                jobs.append(("render", "byoos", None, render_note))
            f, note = checked("peer", lambda: peer.render(text, ctx, pn), want, "")
            jobs.append(("render", "peer", f, note))
        run(name, jobs)

    check_image = getattr(byoos, "check_image", None)
    for entry in manifest["images"]:
        provider, refs = entry["provider"], entry["references"]
        inp = "image-" + provider
        if check_image is None:
            rows.append({"lang": "python", "input": inp, "op": "check_image", "impl": "byoos",
                         "median_ns": None, "note": "n/a (binding lacks check_image)"})
            continue
        jobs_i = [(lambda r=r: check_image(provider, r)) for r in refs]
        try:
            for j in jobs_i:
                j()
        except Exception as e:  # noqa: BLE001
            rows.append({"lang": "python", "input": inp, "op": "check_image", "impl": "byoos",
                         "median_ns": None, "note": f"n/a (check_image: {type(e).__name__}: {str(e)[:60]})"})
            continue
        timings = compare(jobs_i)
        mean = sum(t[0] for t in timings) / len(timings)
        print(f"python image {provider:<10} {mean:>10.0f} ns per call", file=sys.stderr)
        rows.append({"lang": "python", "input": inp, "op": "check_image", "impl": "byoos",
                     "median_ns": mean, "samples": timings[0][1], "batch": len(refs), "note": ""})

    print(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
