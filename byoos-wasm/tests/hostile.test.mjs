// Hostile inputs: huge, deeply nested, alias bombs and fuzz-like garbage. None may throw
// anything but a TypeError/ByoosError, and afterwards a normal call must still work
// (a trap inside the module would leave it unusable).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as byoos from 'byoos';
import { EDGE, EDGE_EXPECTED } from './fixtures.mjs';

function stillWorks() {
  const r = byoos.validate(EDGE);
  assert.deepEqual(r.diagnostics.map((d) => [d.code, d.path, d.line, d.column]), EDGE_EXPECTED);
}

function attempt(fn) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof Error, `threw a non-Error: ${e}`);
    assert.ok(e.name === 'ByoosError' || e instanceof TypeError, `unexpected ${e.name}: ${e.message}`);
  }
}

function everyOp(text) {
  attempt(() => byoos.validate(text));
  attempt(() => byoos.validate(text, { context: { system: { 'cluster.name': 'x' } } }));
  attempt(() => byoos.render(text, {}));
  attempt(() => byoos.renderProfile(text, {}));
  attempt(() => byoos.toTerraform(text, { version: '1.0.0' }));
  attempt(() => byoos.fromPackerManifest(text));
  attempt(() => byoos.checkImage('edge', text));
  attempt(() => byoos.checkImage('azure', text));
}

// A small deterministic PRNG, so a failure reproduces.
function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

test('huge inputs', () => {
  const big = 'pack:\n  osName: ' + 'x'.repeat(20 * 1024 * 1024) + '\n';
  const r = byoos.validate(big);
  assert.ok(r.diagnostics.some((d) => d.code.startsWith('limit/')), 'over 16 MiB is a limit/ diagnostic');
  everyOp('a: b\n'.repeat(200_000));
  everyOp('{{ '.repeat(100_000));
  stillWorks();
});

test('deep nesting', () => {
  everyOp('['.repeat(100_000));
  everyOp('{'.repeat(50_000) + '}'.repeat(50_000));
  everyOp(Array.from({ length: 5_000 }, (_, i) => ' '.repeat(i) + 'k:').join('\n'));
  everyOp('- '.repeat(50_000) + 'x');
  everyOp('a: {{ ' + '('.repeat(20_000) + ' }}');
  everyOp('v: "{{ ' + 'printf "%s" ('.repeat(5_000) + '1' + ')'.repeat(5_000) + ' }}"');
  stillWorks();
});

test('alias bombs', () => {
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 12; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
  everyOp(lines.join('\n') + '\n');
  stillWorks();
});

test('fuzz-like garbage', () => {
  const next = rng(0xb7005);
  const alphabet = ['{', '}', '[', ']', ':', '-', ' ', '\n', '\t', '"', "'", '&', '*', '!', '|', '>', '#',
    '{{', '}}', '.spectro.', 'pack:', 'options:', 'system.uri:', '\0', '\ufeff', '\u2018', '🚀', '\ud800', 'é', '%', '\r'];
  for (let n = 0; n < 300; n++) {
    const len = Math.floor(next() * 400);
    let text = '';
    for (let i = 0; i < len; i++) text += alphabet[Math.floor(next() * alphabet.length)];
    everyOp(text);
    const r = byoos.validate(text);
    for (const d of r.diagnostics) {
      assert.ok(0 <= d.start && d.start <= d.end && d.end <= text.length, JSON.stringify({ text, d }));
    }
  }
  stillWorks();
});

test('bad arguments are TypeErrors and leave the module usable', () => {
  for (const bad of [undefined, null, 42, {}, [], Symbol.iterator]) {
    assert.throws(() => byoos.validate(bad), TypeError);
    assert.throws(() => byoos.render(bad), TypeError);
    assert.throws(() => byoos.checkImage(bad, 'x'), TypeError);
  }
  const cyclic = {};
  cyclic.self = cyclic;
  assert.throws(() => byoos.validate('a: 1', cyclic), TypeError);
  assert.throws(() => byoos.render('a: 1', cyclic), TypeError);
  assert.throws(() => byoos.validate('a: 1', { limits: { maxDepth: -1 } }), TypeError);
  assert.throws(() => byoos.jsonSchema('nope'), TypeError);
  stillWorks();
});

test('a trap becomes a ByoosError and the next call works', () => {
  // With every budget raised to the most the options take, doubling references grow a
  // value past the module's 4 GiB of memory: allocation fails, Rust aborts, wasm traps.
  const lines = ['a0: "' + 'x'.repeat(1000) + '"'];
  for (let i = 1; i < 30; i++) lines.push(`a${i}: "{{ .spectro.pack.p.a${i - 1} }}{{ .spectro.pack.p.a${i - 1} }}"`);
  const most = 2 ** 32 - 1;
  const limits = { maxOutputBytes: most, maxValueBytes: most, maxExpansions: most, maxReferenceDepth: 1000, maxWork: most };
  assert.throws(
    () => byoos.render(lines.join('\n') + '\n', {}, { packName: 'p', limits }),
    (e) => e instanceof Error && e.name === 'ByoosError' && Array.isArray(e.diagnostics)
      && e.cause instanceof WebAssembly.RuntimeError,
  );
  stillWorks();
  assert.equal(byoos.render('v: "{{ .spectro.system.cluster.name }}"\n', { system: { 'cluster.name': 'c1' } }).text, 'v: "c1"\n');
});
