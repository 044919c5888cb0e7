// `strict` fails render and renderProfile; `setValues` refuses unknown keys unless
// `{create: true}`; every result has `ok`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkImage, fromPackerManifest, render, renderProfile, setValues, validate } from 'byoos';

const EDGE = `pack:
  content:
    images:
      - image: "{{ .spectro.pack.edge-native-byoi.options.system.uri }}"
options:
  system.uri: "ttl.sh/ubuntu:k3s-{{ .spectro.system.kubernetes.version }}"
`;
const GENERIC = 'pack:\n  osImageOverride: ami-0f4804aff4cf9c5a2\n  osName: rhel\n  osVersion: "8"\n';

function byoosError(fn) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof Error);
    assert.equal(e.name, 'ByoosError');
    assert.ok(Array.isArray(e.diagnostics) && e.diagnostics.length > 0);
    return e;
  }
  assert.fail('expected a ByoosError');
}

test('strict render throws, lenient render says ok', () => {
  const lenient = render(EDGE, {});
  assert.equal(lenient.ok, true);
  const e = byoosError(() => render(EDGE, {}, { strict: true }));
  assert.equal(e.diagnostics[0].code, 'template/missing-value');
  assert.equal(e.diagnostics[0].severity, 'error');
  const unresolved = render(EDGE.replace('version }}', 'version | nosuchfn }}'), { system: { 'kubernetes.version': '1.29.5' } });
  assert.equal(unresolved.ok, false);
});

test('strict renderProfile throws with offsets into the profile', () => {
  const profile = JSON.stringify({ packs: [{ name: 'edge-native-byoi', values: EDGE }] });
  const lenient = renderProfile(profile, {});
  assert.equal(lenient.ok, true);
  assert.equal(lenient.packs[0].ok, true);
  const e = byoosError(() => renderProfile(profile, {}, { strict: true }));
  for (const d of e.diagnostics) {
    assert.deepEqual(d.path.slice(0, 3), ['packs', 0, 'values']);
    assert.ok(profile.slice(d.start, d.end).includes('.spectro'));
  }
});

test('setValues refuses a misspelt path unless create', () => {
  const e = byoosError(() => setValues(GENERIC, { 'pack/osVerison': '8' }));
  assert.equal(e.diagnostics[0].code, 'yaml/edit-unknown-key');
  assert.deepEqual(e.diagnostics[0].path, ['pack', 'osVerison']);
  const created = setValues(GENERIC, { 'pack/osVerison': '8' }, { create: true });
  assert.equal(created.ok, true);
  assert.match(created.text, /\n {2}osVerison: "8"\n/);
  assert.throws(() => setValues(GENERIC, {}, { creat: true }), TypeError);
});

test('every result has ok', () => {
  const manifest = JSON.stringify({
    builds: [{ name: 'u', builder_type: 'amazon-ebs', artifact_id: 'us-east-1:ami-0123456789abcdef0', packer_run_uuid: 'r1', custom_data: {} }],
    last_run_uuid: 'r1',
  });
  const profile = renderProfile(JSON.stringify({ packs: [{ name: 'p', values: EDGE }] }), {});
  for (const r of [validate(GENERIC), render(EDGE, {}), profile, profile.packs[0], setValues(GENERIC, { 'pack/osName': 'ubuntu' }),
    checkImage('aws', 'ami-0123456789abcdef0'), fromPackerManifest(manifest, { osName: 'u', osVersion: '22.04' })]) {
    assert.equal(typeof r.ok, 'boolean', JSON.stringify(r));
  }
});
