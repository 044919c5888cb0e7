// Every operation of the npm package under Node: names, result shapes, errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkImage, fromPackerManifest, jsonSchema, render, renderProfile, toTerraform, validate } from 'byoos';

const SOURCE = `# ‘quoted’ 🚀 note
pack:
  osImageOverride: "{{ .spectro.var.ami }}"
  osName: ubuntu
  osVersion: "22.04"
`;
const CONTEXT = { variables: { values: { ami: 'ami-0123456789abcdef0' } } };

test('render', () => {
  const r = render(SOURCE, CONTEXT);
  assert.deepEqual(Object.keys(r), ['ok', 'text', 'diagnostics']);
  assert.equal(r.ok, true);
  assert.match(r.text, /osImageOverride: "?ami-0123456789abcdef0"?/);
  assert.equal(Object.getPrototypeOf(r), Object.prototype);
});

test('render: a fatal failure is a ByoosError with diagnostics', () => {
  const bad = '# 🚀\npack: [\n';
  let error;
  try {
    render(bad, {});
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof Error);
  assert.equal(error.name, 'ByoosError');
  assert.match(error.message, /yaml\//);
  assert.ok(Array.isArray(error.diagnostics) && error.diagnostics.length > 0);
  const [d] = error.diagnostics;
  assert.ok(d.code.startsWith('yaml/'));
  assert.ok(0 <= d.start && d.end <= bad.length);
  assert.throws(() => render(SOURCE, { sytem: {} }), TypeError);
  // A misspelled system macro name is refused the same way, with a did-you-mean.
  assert.throws(() => render(SOURCE, { system: { 'kubernetes.verison': '1.30.5' } }), /did you mean `kubernetes.version`/);
  assert.throws(() => render(SOURCE, { system: { kubernetes: { verison: '1.30.5' } } }), /did you mean `kubernetes.version`/);
});

test('renderProfile', () => {
  const profile = JSON.stringify({
    name: 'edge',
    packs: [{ name: 'os', tag: '1.0.0', values: SOURCE }],
  });
  const r = renderProfile(profile, CONTEXT);
  assert.equal(r.name, 'edge');
  assert.equal(r.packs.length, 1);
  assert.equal(r.packs[0].name, 'os');
  assert.equal(r.packs[0].tag, '1.0.0');
  assert.match(r.packs[0].text, /ami-0123456789abcdef0/);
  assert.throws(() => renderProfile('[', {}), (e) => e.name === 'ByoosError' && Array.isArray(e.diagnostics));
});

test('checkImage', () => {
  const r = checkImage('aws', 'ami-0123456789abcdef0');
  assert.deepEqual(Object.keys(r), ['ok', 'provider', 'kind', 'normalized', 'parts', 'diagnostics']);
  assert.equal(r.ok, true);
  assert.equal(r.kind, 'ami');
  const oci = checkImage('edge', 'ubuntu');
  assert.equal(oci.normalized, 'docker.io/library/ubuntu:latest');
  const bad = checkImage('azure', 'https://x.blob.core.windows.net/c/🚀.vhd?sig=SECRETSECRET');
  assert.ok(!JSON.stringify(bad).includes('SECRETSECRET'));
  assert.throws(() => checkImage('ec2', 'ami-0123456789abcdef0'), TypeError);
});

test('fromPackerManifest', () => {
  const manifest = JSON.stringify({
    builds: [{ name: 'ubuntu', builder_type: 'amazon-ebs', artifact_id: 'us-east-1:ami-0123456789abcdef0', packer_run_uuid: 'r1', custom_data: {} }],
    last_run_uuid: 'r1',
  });
  const r = fromPackerManifest(manifest, { osName: 'ubuntu', osVersion: '22.04' });
  assert.deepEqual(Object.keys(r), ['ok', 'text', 'diagnostics']);
  assert.match(r.text, /osImageOverride: "ami-0123456789abcdef0"/);
  const broken = fromPackerManifest('{');
  assert.equal(broken.ok, false);
  assert.equal(broken.text, null);
  assert.throws(() => fromPackerManifest('{}', { os_name: 'x' }), TypeError);
});

test('toTerraform', () => {
  const hcl = toTerraform(SOURCE, { version: '1.2.3' });
  assert.match(hcl, /spectrocloud_pack_simple/);
  assert.match(hcl, /1\.2\.3/);
  assert.throws(() => toTerraform('a: 1\n', { version: '1.0.0' }), (e) => e.name === 'ByoosError' && e.diagnostics[0].code === 'pack/unknown-kind');
  // No version is made up: spectrocloud_pack_simple matches it exactly.
  for (const options of [undefined, {}, { version: '2.1.x' }]) {
    assert.throws(() => toTerraform(SOURCE, options), (e) => e.name === 'ByoosError' && e.diagnostics[0].code === 'terraform/pack-version');
  }
});

test('jsonSchema', () => {
  const schema = JSON.parse(jsonSchema('generic-byoi'));
  assert.equal(typeof schema, 'object');
  assert.ok(JSON.parse(jsonSchema('edge-native-byoi')).title.includes('Edge'));
  assert.throws(() => jsonSchema('edge'), TypeError);
});

test('validate still never throws for bad input', () => {
  assert.equal(typeof validate('pack: [').ok, 'boolean');
});
