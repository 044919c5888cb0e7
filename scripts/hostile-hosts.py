#!/usr/bin/env python3
"""Run issue 14's hostile inputs through every host and print one table.

    cargo run --release -p byoos-core --example hostile -- --dump target/hostile
    .venv/bin/python scripts/hostile-hosts.py target/hostile [--rust target/release/examples/hostile]

Each input runs in a fresh process per host (the Python wheel installed in the running
interpreter, the Node build in byoos-wasm/pkg/node, and the Rust example when given), so
the peak RSS is that input's. Time is the operation's own (wall and CPU of the child);
the load of the machine inflates wall time, CPU time much less. `make hostile` runs it.
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PY_RUNNER = r"""
import json, sys, time
import byoos
case = json.load(open(sys.argv[1]))
src, op = case["source"], case["op"]
t = time.perf_counter()
try:
    if op in ("validate", "validate_text"):
        diags = byoos.validate(src).diagnostics
    elif op == "render":
        diags = byoos.render(src, case["context"]).diagnostics
    else:
        diags = byoos.set_values(src, dict(case["assignments"])).diagnostics
except byoos.ByoosError as e:
    diags = e.diagnostics
took = time.perf_counter() - t
codes = {}
for d in diags:
    codes[d.code] = codes.get(d.code, 0) + 1
print(json.dumps({"seconds": took, "codes": codes}))
"""

NODE_RUNNER = r"""
const fs = require('node:fs');
const byoos = require(process.argv[2]);
const c = JSON.parse(fs.readFileSync(process.argv[1], 'utf8'));
const t = process.hrtime.bigint();
let diags;
try {
  if (c.op === 'validate' || c.op === 'validate_text') diags = byoos.validate(c.source).diagnostics;
  else if (c.op === 'render') diags = byoos.render(c.source, c.context).diagnostics;
  else diags = byoos.setValues(c.source, Object.fromEntries(c.assignments)).diagnostics;
} catch (e) {
  if (e.name !== 'ByoosError') throw e;
  diags = e.diagnostics;
}
const took = Number(process.hrtime.bigint() - t) / 1e9;
const codes = {};
for (const d of diags) codes[d.code] = (codes[d.code] || 0) + 1;
console.log(JSON.stringify({ seconds: took, codes }));
"""


def timed(cmd: list[str]) -> tuple[str, float, int]:
    """`cmd` under /usr/bin/time: its standard output, CPU seconds, peak RSS (KiB)."""
    fmt = "BYOOS_TIME %U %S %M"
    out = subprocess.run(["/usr/bin/time", "-f", fmt, *cmd], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"{cmd[:2]} failed ({out.returncode}): {out.stderr[-2000:]}")
    line = [l for l in out.stderr.splitlines() if l.startswith("BYOOS_TIME ")][-1]
    _, user, sys_, rss = line.split()
    return out.stdout, float(user) + float(sys_), int(rss)


def codes(c: dict) -> str:
    return " ".join(f"{k}×{v}" for k, v in c.items()) or "none"


def main() -> int:
    args = sys.argv[1:]
    if not args:
        print(__doc__)
        return 2
    folder = Path(args[0])
    rust = args[args.index("--rust") + 1] if "--rust" in args else None
    node_pkg = str(ROOT / "byoos-wasm/pkg/node/byoos_wasm.js")
    cases = sorted(folder.glob("*.json"))
    if not cases:
        raise SystemExit(f"no inputs in {folder}: run the hostile example with --dump first")
    print("| input | host | operation | CPU | peak RSS | answer |")
    print("| --- | --- | ---: | ---: | ---: | --- |")
    worst = []
    for path in cases:
        name = path.stem
        runs = [("Python", [sys.executable, "-c", PY_RUNNER, str(path)]),
                ("Node (wasm)", ["node", "-e", NODE_RUNNER, str(path), node_pkg])]
        for host, cmd in runs:
            stdout, cpu, rss = timed(cmd)
            result = json.loads(stdout.strip().splitlines()[-1])
            op = result["seconds"]
            worst.append((op, rss, name, host))
            print(f"| `{name}` | {host} | {op * 1000:,.0f} ms | {cpu:.2f} s | {rss / 1024:,.0f} MB | {codes(result['codes'])} |")
        if rust:
            stdout, cpu, rss = timed([rust, name])
            ms = float(stdout.split(" ms,")[0].rsplit(", ", 1)[1])
            worst.append((ms / 1000, rss, name, "Rust"))
            answer = stdout.split(" ms, ", 1)[1].split(" (JSON")[0]
            print(f"| `{name}` | Rust | {ms:,.0f} ms | {cpu:.2f} s | {rss / 1024:,.0f} MB | {answer} |")
    slowest = max(worst)
    biggest = max(worst, key=lambda w: w[1])
    print(f"\nslowest operation: {slowest[2]} in {slowest[3]}, {slowest[0] * 1000:,.0f} ms; "
          f"largest peak RSS: {biggest[2]} in {biggest[3]}, {biggest[1] / 1024:,.0f} MB "
          f"(load average {os.getloadavg()[0]:.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
