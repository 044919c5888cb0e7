// The JS peer gives byoos's answers on the cases it supports, so the benchmark compares
// like with like. Run by `make test-js` (needs cargo for `gen-inputs`, and the wasm
// package built by `make build-wasm`).
"use strict";

const { test, before } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { execFileSync } = require("node:child_process");
const peer = require("./byoos_peer.cjs");
const byoos = require("../../../byoos-wasm/pkg/node/byoos_wasm.js");
const yaml = require("../../../byoos-wasm/node_modules/js-yaml");

const ROOT = path.resolve(__dirname, "../../..");
const DIR = path.join(ROOT, "target/bench/test-inputs-js");
const MACRO_CODES = new Set(["template/unknown-function", "template/unknown-system-macro", "template/unknown-path", "variable/name"]);
const read = (name) => fs.readFileSync(path.join(DIR, name), "utf8");
let manifest;

before(() => {
  execFileSync("cargo", ["run", "-q", "--locked", "-p", "byoos-benches", "--bin", "gen-inputs", "--", "--small", DIR], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
  });
  manifest = JSON.parse(read("manifest.json"));
});

const byoosMacroCodes = (text, packName) =>
  [...new Set(byoos.validate(text, packName ? { packName } : {}).diagnostics.map((d) => d.code).filter((c) => MACRO_CODES.has(c)))].sort();

test("render: generated inputs give byoos-core's text", () => {
  const names = manifest.cases.map((c) => c.name);
  for (const n of ["profile", "scale-1k", "scale-10k", "chain-10k"]) assert.ok(names.includes(n), n);
  for (const c of manifest.cases) {
    const text = read(c.file);
    const ctx = JSON.parse(read(c.context));
    if (c.op === "render_profile") {
      const want = JSON.parse(read(c.expected)).packs.map((p) => [p.name, p.text]);
      assert.deepEqual(peer.renderProfile(text, ctx), want, c.name);
    } else {
      assert.equal(peer.render(text, ctx, c.pack_name), read(c.expected), c.name);
    }
  }
});

test("render: real pack values give byoos-core's text", (t) => {
  if (!manifest.real) {
    t.skip("real pack values absent (../shared/data/pack-values is not part of the repository)");
    return;
  }
  const ctx = JSON.parse(read(manifest.real.context));
  for (const f of manifest.real.files) {
    assert.equal(peer.render(fs.readFileSync(f.path, "utf8"), ctx, f.name), read(f.expected), f.name);
  }
});

test("validate: the same macro findings as byoos", () => {
  const docs = (manifest.real ? manifest.real.files : []).map((f) => [fs.readFileSync(f.path, "utf8"), f.name]);
  for (const c of manifest.cases) {
    if (c.op === "render") docs.push([read(c.file), c.pack_name]);
    else for (const p of yaml.load(read(c.file)).packs) docs.push([p.values, p.name]);
  }
  for (const [text, name] of docs) assert.deepEqual(peer.validate(text, name).codes, byoosMacroCodes(text, name), name);
});

test("validate: findings on small cases", () => {
  const cases = [
    ['pack:\n  osName: "{{ .spectro.system.kubernetes.vesion }}"\n', ["template/unknown-system-macro"]],
    ['a: "{{ .spectro.pack.p.b }}"\nc: "{{ .spectro.pack.p.a }}"\n', ["template/unknown-path"]],
    ['a: "{{ .spectro.system.cluster.name | shout }}"\n', ["template/unknown-function"]],
    ['a: "{{ .spectro.var.my-var }}"\n', ["variable/name"]],
    ['a: "{{ .spectro.system.cluster.name | upper }}-{{ .spectro.pack.p.a }}"\n', []],
  ];
  for (const [text, codes] of cases) {
    assert.deepEqual(byoosMacroCodes(text, "p"), codes, text);
    const got = peer.validate(text, "p");
    assert.deepEqual(got.codes, codes, text);
    assert.equal(got.ok, codes.length === 0);
  }
});

test("render: pipelines and trim markers", () => {
  const ctx = { system: { "kubernetes.version": "1.30.4", cluster: { name: "Edge-01" } }, variables: { values: { v: "" } } };
  const text =
    'a: "{{ .spectro.system.kubernetes.version | substr 0 4 }}"\n' +
    'b: "x  {{- .spectro.system.cluster.name | lower -}}  y"\n' +
    'c: "{{ .spectro.var.v | default \\"d\\" | upper }}"\n' +
    'd: "{{ .spectro.system.cluster.name | replace \\"-\\" \\"_\\" | trunc 4 }}"\n';
  const want = 'a: "1.30"\nb: "xedge-01y"\nc: "D"\nd: "Edge"\n';
  assert.equal(peer.render(text, ctx, "p"), want);
  if (byoos.render) {
    const out = byoos.render(text, ctx, { packName: "p" });
    assert.equal(typeof out === "object" ? out.text : out, want);
  }
});
