// `fix`: the fixed text, what was fixed (UTF-16 offsets into the source), what remains.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fix } from 'byoos';

test('fix', () => {
  const source = 'pack:\n  osImageOverride: “ami-0123456789ABCDEF0”  # built by Packer\n  osName: ubuntu\n  osVersion: 22.04\n';
  const r = fix(source, { provider: 'aws' });
  assert.equal(r.ok, true);
  assert.equal(r.text, 'pack:\n  osImageOverride: "ami-0123456789abcdef0"  # built by Packer\n  osName: ubuntu\n  osVersion: "22.04"\n');
  assert.deepEqual(r.fixed.map((d) => d.code), ['yaml/smart-quotes', 'image/uppercase-ami', 'yaml/implicit-type']);
  assert.equal(source.slice(r.fixed[0].start, r.fixed[0].end), '“ami-0123456789ABCDEF0”');
  assert.deepEqual(r.diagnostics, []);
  const again = fix(r.text, { provider: 'aws' });
  assert.equal(again.text, r.text);
  assert.deepEqual(again.fixed, []);
});
