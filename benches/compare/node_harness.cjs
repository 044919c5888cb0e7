// The Node part of `make bench-compare`: byoos (the npm package's WebAssembly, built by
// `make build-wasm` into byoos-wasm/pkg/node) side by side with the peer
// (benches/peers/js: js-yaml + a regex) and js-yaml's load alone, on the inputs
// `gen-inputs` wrote to DIR. Prints one JSON row per measurement.
//
//   node benches/compare/node_harness.cjs DIR > rows.json
//
// The timing method is the one of benches/src/measure.rs (warm-up, batches of ~20 ms,
// round-robin samples, median CPU time per call); a call slower than a second gets 3
// samples.
// A function the package does not export yet is reported as `n/a (binding lacks X)`.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const byoos = require(path.join(__dirname, "../../byoos-wasm/pkg/node/byoos_wasm.js"));
const peer = require(path.join(__dirname, "../peers/js/byoos_peer.cjs"));
const yaml = require(path.join(__dirname, "../../byoos-wasm/node_modules/js-yaml"));

const WARMUP = 0.15, SAMPLE = 0.02, BUDGET = 0.6;
// V8 compiles a wasm function when it is first called (Liftoff), then again, optimised
// (TurboFan), in background threads once it is hot; a JS function likewise. The warm-up
// of a job goes on past WARMUP until two successive batches of ~SAMPLE agree within
// SETTLE (at most WARMUP_MAX seconds), so that samples time the code a long-running
// process runs, not its compilation. The cost of a fresh process's first call is
// measured on its own (`coldStart`).
const SETTLE = 0.15, WARMUP_MAX = 3.0;
const MIN_SAMPLES = 5, MAX_SAMPLES = 31, SLOW_SAMPLES = 3;
// CPU time of the process, in seconds (see benches/src/measure.rs): it includes V8's
// helper threads (garbage collection), which is work done for the call.
const now = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const rows = [];
let sink = 0;
const keep = (v) => { sink += v ? 1 : 0; };

function compare(jobs) {
  const batches = [], perCall = [];
  for (const job of jobs) {
    const start = now();
    let calls = 0;
    while (calls === 0 || now() - start < WARMUP) { keep(job()); calls++; }
    let t = (now() - start) / calls;
    for (let prev = Infinity; now() - start < WARMUP_MAX;) {
      const n = Math.max(1, Math.ceil(SAMPLE / t));
      const b = now();
      for (let k = 0; k < n; k++) keep(job());
      t = (now() - b) / n;
      if (Math.abs(t - prev) <= SETTLE * Math.min(t, prev)) break;
      prev = t;
    }
    perCall.push(t);
    batches.push(Math.max(1, Math.ceil(SAMPLE / t)));
  }
  let samples = Math.min(...perCall.map((t, i) => Math.floor(BUDGET / (t * batches[i]))));
  samples = Math.max(MIN_SAMPLES, Math.min(MAX_SAMPLES, samples));
  if (Math.max(...perCall) > 1.0) samples = SLOW_SAMPLES;
  const times = jobs.map(() => []);
  for (let s = 0; s < samples; s++) {
    jobs.forEach((job, i) => {
      const start = now();
      for (let k = 0; k < batches[i]; k++) keep(job());
      times[i].push(((now() - start) * 1e9) / batches[i]);
    });
  }
  return times.map((t, i) => {
    t.sort((a, b) => a - b);
    return [t[Math.floor(t.length / 2)], t.length, batches[i]];
  });
}

function run(input, jobs) {
  const live = jobs.filter((j) => j[2]);
  const timings = live.length ? compare(live.map((j) => j[2])) : [];
  live.forEach(([op, impl, , note], i) => {
    const [ns, samples, batch] = timings[i];
    process.stderr.write(`node   ${input.padEnd(12)} ${op.padEnd(16)} ${impl.padEnd(18)} ${ns.toFixed(0).padStart(14)} ns\n`);
    rows.push({ lang: "node", input, op, impl, median_ns: ns, samples, batch, note });
  });
  for (const [op, impl, f, note] of jobs) {
    if (!f) rows.push({ lang: "node", input, op, impl, median_ns: null, note });
  }
}

/** Run f once; keep it only when it gives what byoos-core gives (else say why). */
function checked(name, f, want, note) {
  let got;
  try {
    got = f();
  } catch (e) {
    return [null, `n/a (${name}: ${String(e.message || e).slice(0, 80)})`];
  }
  if (want !== undefined && JSON.stringify(got) !== JSON.stringify(want)) {
    return [null, `n/a (${name}: output differs from byoos-core)`];
  }
  return [f, note];
}

/** The limits the package accepts (camelCase); others cannot be raised from JS yet. */
const JS_LIMITS = {
  max_input_bytes: "maxInputBytes",
  max_depth: "maxDepth",
  max_nodes: "maxNodes",
  max_alias_expansion: "maxAliasExpansion",
  max_reference_depth: "maxReferenceDepth",
  max_expansions: "maxExpansions",
  max_output_bytes: "maxOutputBytes",
  max_value_bytes: "maxValueBytes",
};
function jsOptions(packName, limits) {
  const o = {};
  if (packName) o.packName = packName;
  const l = {};
  for (const [k, v] of Object.entries(limits || {})) if (JS_LIMITS[k]) l[JS_LIMITS[k]] = v;
  if (Object.keys(l).length) o.limits = l;
  return o;
}
/** Limits of a case that the package cannot take. */
const unsupportedLimits = (limits) => Object.keys(limits || {}).filter((k) => !JS_LIMITS[k]);

/**
 * CPU time of a fresh Node process from before `require` of the implementation to the
 * end of its first `validate` of every real file (median of COLD_RUNS processes): what
 * one short-lived process pays, compilation included.
 */
const COLD_RUNS = 5;
function coldStart(impl, manifestPath) {
  const load = impl === "byoos"
    ? `const m = require(${JSON.stringify(path.join(__dirname, "../../byoos-wasm/pkg/node/byoos_wasm.js"))});
       const v = (n, t) => m.validate(t, { packName: n });`
    : `const m = require(${JSON.stringify(path.join(__dirname, "../peers/js/byoos_peer.cjs"))});
       const v = (n, t) => m.validate(t, n);`;
  const script = `"use strict";
    const fs = require("node:fs");
    const files = JSON.parse(fs.readFileSync(${JSON.stringify(manifestPath)}, "utf8")).real.files
      .map((f) => [f.name, fs.readFileSync(f.path, "utf8")]);
    const u0 = process.cpuUsage();
    ${load}
    files.forEach(([n, t]) => v(n, t));
    const u = process.cpuUsage(u0);
    process.stdout.write(String((u.user + u.system) * 1e3));`;
  const times = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const r = require("node:child_process").spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
    if (r.status !== 0) return null;
    times.push(Number(r.stdout));
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const text = (out) => (out && typeof out === "object" ? out.text : out);

function main() {
  const dir = process.argv[2];
  const read = (name) => fs.readFileSync(path.join(dir, name), "utf8");
  const manifest = JSON.parse(read("manifest.json"));
  const renderNote = byoos.render ? "" : "n/a (binding lacks render)";
  const profileNote = byoos.renderProfile ? "" : "n/a (binding lacks renderProfile)";

  if (manifest.real) {
    const ctx = JSON.parse(read(manifest.real.context));
    const files = manifest.real.files.map((f) => [f.name, fs.readFileSync(f.path, "utf8"), f]);
    const want = files.map(([, , f]) => read(f.expected));
    const jobs = [
      ["parse", "js-yaml", () => files.map(([, t]) => yaml.load(t)).length, ""],
      ["validate", "byoos", () => files.map(([n, t]) => byoos.validate(t, { packName: n })).length, ""],
      ["validate", "peer", () => files.map(([n, t]) => peer.validate(t, n)).length, ""],
    ];
    if (byoos.render) {
      jobs.push(["render", "byoos", ...checked("render", () => files.map(([n, t]) => text(byoos.render(t, ctx, { packName: n }))), want, "")]);
    } else {
      jobs.push(["render", "byoos", null, renderNote]);
    }
    jobs.push(["render", "peer", ...checked("peer", () => files.map(([n, t]) => peer.render(t, ctx, n)), want, "")]);
    run("real", jobs);
    for (const impl of ["byoos", "peer"]) {
      const ns = coldStart(impl, path.join(dir, "manifest.json"));
      process.stderr.write(`node   real         first call       ${impl.padEnd(18)} ${ns === null ? "failed" : ns.toFixed(0).padStart(14) + " ns"}\n`);
      rows.push({ lang: "node", input: "real", op: "first-call", impl, median_ns: ns, samples: COLD_RUNS, batch: 1,
                  note: ns === null ? "n/a (the fresh process failed)" : "" });
    }
  } else {
    process.stderr.write("node_harness: skipped: real pack values absent\n");
  }

  for (const c of manifest.cases) {
    const src = read(c.file);
    const ctx = JSON.parse(read(c.context));
    let jobs;
    if (c.op === "render_profile") {
      const values = yaml.load(src).packs.map((p) => [p.name, p.values]);
      const want = JSON.parse(read(c.expected)).packs.map((p) => [p.name, p.text]);
      jobs = [
        ["parse", "js-yaml", () => [yaml.load(src), ...values.map(([, v]) => yaml.load(v))].length, ""],
        ["validate", "byoos", () => values.map(([n, v]) => byoos.validate(v, { packName: n })).length, ""],
        ["validate", "peer", () => values.map(([n, v]) => peer.validate(v, n)).length, ""],
      ];
      if (byoos.renderProfile) {
        jobs.push(["render", "byoos", ...checked("renderProfile", () => byoos.renderProfile(src, ctx).packs.map((p) => [p.name, p.text]), want, "")]);
      } else {
        jobs.push(["render", "byoos", null, profileNote]);
      }
      jobs.push(["render", "peer", ...checked("peer", () => peer.renderProfile(src, ctx), want, "")]);
    } else {
      const opts = jsOptions(c.pack_name, c.limits);
      const missing = unsupportedLimits(c.limits);
      const want = read(c.expected);
      const wantCodes = JSON.parse(read(c.validate)).codes;
      const codes = () => byoos.validate(src, opts).diagnostics.map((d) => d.code).sort();
      jobs = [
        ["parse", "js-yaml", () => yaml.load(src), ""],
        ["validate", "byoos", ...checked("validate (limits it cannot raise: " + missing.join(", ") + ")", codes, wantCodes, "")],
        ["validate", "peer", () => peer.validate(src, c.pack_name), ""],
      ];
      if (byoos.render) {
        jobs.push(["render", "byoos", ...checked("render", () => text(byoos.render(src, ctx, opts)), want, "")]);
      } else {
        jobs.push(["render", "byoos", null, renderNote]);
      }
      jobs.push(["render", "peer", ...checked("peer", () => peer.render(src, ctx, c.pack_name), want, "")]);
    }
    run(c.name, jobs);
  }

  for (const { provider, references } of manifest.images) {
    const input = `image-${provider}`;
    if (!byoos.checkImage) {
      rows.push({ lang: "node", input, op: "check_image", impl: "byoos", median_ns: null, note: "n/a (binding lacks checkImage)" });
      continue;
    }
    const jobs = references.map((r) => () => byoos.checkImage(provider, r));
    try {
      jobs.forEach((j) => j());
    } catch (e) {
      rows.push({ lang: "node", input, op: "check_image", impl: "byoos", median_ns: null, note: `n/a (checkImage: ${String(e.message || e).slice(0, 60)})` });
      continue;
    }
    const t = compare(jobs);
    const mean = t.reduce((a, x) => a + x[0], 0) / t.length;
    process.stderr.write(`node   image ${provider.padEnd(10)} ${mean.toFixed(0).padStart(10)} ns per call\n`);
    rows.push({ lang: "node", input, op: "check_image", impl: "byoos", median_ns: mean, samples: t[0][1], batch: references.length, note: "" });
  }
  process.stdout.write(JSON.stringify(rows, null, 1) + "\n");
  if (sink < 0) process.stderr.write("unreachable\n");
}

main();
