// The npm package under Node, imported through its own `exports` map.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validate, version } from 'byoos';
import { EDGE, EDGE_EXPECTED, GENERIC } from './fixtures.mjs';

const summary = (report) => report.diagnostics.map((d) => [d.code, d.path, d.line, d.column]);

test('edge example: codes, paths, positions', () => {
  const report = validate(EDGE);
  assert.equal(report.ok, false);
  assert.equal(report.pack, 'edge-native-byoi');
  assert.deepEqual(summary(report), EDGE_EXPECTED);
  const [misplaced, quoted] = report.diagnostics;
  assert.equal(misplaced.severity, 'error');
  assert.equal(EDGE.slice(misplaced.start, misplaced.end), 'content');
  assert.deepEqual([misplaced.endLine, misplaced.endColumn], [2, 8]);
  assert.match(misplaced.help, /pack/);
  assert.match(EDGE.slice(quoted.start, quoted.end), /^‘\{\{.*\}\}’$/);
});

test('offsets are UTF-16 units after non-ASCII text', () => {
  const report = validate(GENERIC, { provider: 'aws' });
  assert.equal(report.ok, false);
  assert.equal(report.pack, 'generic-byoi');
  assert.equal(report.diagnostics.length, 1);
  const [d] = report.diagnostics;
  assert.equal(d.code, 'yaml/implicit-type');
  assert.deepEqual(d.path, ['pack', 'osVersion']);
  assert.deepEqual([d.line, d.column], [5, 14]);
  assert.equal(GENERIC.slice(d.start, d.end), '8.10');
});

test('results are plain JSON-shaped objects', () => {
  const report = validate(EDGE);
  assert.equal(Object.getPrototypeOf(report), Object.prototype);
  assert.ok(Array.isArray(report.diagnostics));
  assert.deepEqual(Object.keys(report), ['ok', 'pack', 'diagnostics']);
  assert.deepEqual(Object.keys(report.diagnostics[0]), [
    'code', 'severity', 'message', 'path', 'line', 'column',
    'endLine', 'endColumn', 'start', 'end', 'help',
  ]);
  assert.deepEqual(JSON.parse(JSON.stringify(report)), report);
  const cleanSource = 'pack:\n  osImageOverride: "ami-0f4804aff4cf9c5a2"\n  osName: rhel\n  osVersion: "8.10"\n';
  assert.deepEqual(validate(cleanSource, { provider: 'aws' }), { ok: true, pack: 'generic-byoi', diagnostics: [] });
  // Without the provider the AMI names its own (checked for AWS): not an error.
  const inferred = validate(cleanSource);
  assert.equal(inferred.ok, true);
  assert.ok(inferred.diagnostics.every((d) => d.severity !== 'error'));
  assert.equal(validate('{}').pack, null);
});

test('options', () => {
  assert.equal(validate(GENERIC, { pack: 'generic-byoi', packName: 'os', fileName: 'v.yaml' }).pack, 'generic-byoi');
  assert.equal(validate(GENERIC, null).pack, 'generic-byoi');
  assert.equal(validate(GENERIC, undefined).pack, 'generic-byoi');
  const limited = validate(EDGE, { limits: { maxInputBytes: 10 } });
  assert.deepEqual(limited.diagnostics.map((d) => d.code.split('/')[0]), ['limit']);
  assert.throws(() => validate(EDGE, { pack: 'edge' }), TypeError);
  assert.throws(() => validate(EDGE, { pack_name: 'x' }), /invalid options/);
  assert.throws(() => validate(42), TypeError);
  assert.throws(() => validate(GENERIC, { provider: 'aws-gov' }), TypeError);
  const context = { system: { kubernetes: { version: '1.29.5' } }, variables: { values: {} } };
  const withContext = validate(GENERIC, { provider: 'aws', region: 'us-east-1', context, strict: true });
  assert.equal(withContext.pack, 'generic-byoi');
  assert.throws(() => validate(GENERIC, { context: { sytem: {} } }), /unknown field `sytem`/);
});

test('bad input never throws', () => {
  for (const source of ['', '\0', '[', 'a: b: c', '- - -', '{{', 'pack: [', '\ufeff', 'é'.repeat(10), '\ud800']) {
    const report = validate(source);
    assert.equal(typeof report.ok, 'boolean');
    for (const d of report.diagnostics) {
      assert.ok(0 <= d.start && d.start <= d.end && d.end <= source.length, JSON.stringify(d));
    }
  }
});

test('version', () => {
  assert.match(version(), /^\d+\.\d+\.\d+/);
});
