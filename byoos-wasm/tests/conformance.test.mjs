// The shared conformance suite (tests/conformance/) against the npm package under Node:
// the same comparison as byoos-core/tests/conformance.rs, plus a check that
// `source.slice(start, end)` (UTF-16) is the text line/column point at.
// One test per case, named by its id (`node --test --test-name-pattern=pack/edge-seed …`).
// Known failures are listed with a reason in xfail.json; an xfail case that passes fails.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as byoos from 'byoos';
import { loadCases } from './conformance-cases.mjs';
import { jsonEqual, runCase } from './conformance-lib.mjs';

const xfail = JSON.parse(readFileSync(new URL('./xfail.json', import.meta.url), 'utf8')).cases;
const cases = loadCases();
const ids = new Set(cases.map((c) => c.id));
let passed = 0;

test('xfail.json names only existing cases, each with a reason', () => {
  for (const [id, reason] of Object.entries(xfail)) {
    assert.ok(ids.has(id), `xfail.json: no case ${id}`);
    assert.ok(typeof reason === 'string' && reason.length > 0, `xfail.json: ${id} has no reason`);
  }
});

for (const { id, case: c } of cases) {
  test(id, () => {
    let actual;
    let error = null;
    try {
      actual = runCase(byoos, c);
    } catch (e) {
      error = e;
    }
    const ok = error === null && jsonEqual(actual, c.expect);
    if (id in xfail) {
      assert.ok(!ok, `${id} passes but is listed in xfail.json (${xfail[id]}): remove it`);
      return;
    }
    if (error) throw error;
    if (ok) passed++;
    assert.deepEqual(actual, c.expect);
  });
}

after(() => {
  process.stdout.write(`# conformance (JS): ${passed} passed of ${cases.length}, ${Object.keys(xfail).length} xfail\n`);
});
