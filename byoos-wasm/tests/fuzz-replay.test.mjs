// The fuzz corpus (fuzz/replay/, format in its README) replayed through the wasm build:
// each input goes to the operation its fuzz target drives; only ByoosErrors may be
// thrown, and the module still answers a normal call afterwards (no trap left it
// unusable).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as byoos from 'byoos';
import { EDGE, EDGE_EXPECTED } from './fixtures.mjs';

const REPLAY = new URL('../../fuzz/replay/', import.meta.url);
const PROVIDERS = ['aws', 'azure', 'vsphere', 'gcp', 'openstack', 'maas', 'edge'];
const PACKS = [undefined, 'edge-native-byoi', 'generic-byoi'];
const utf8 = new TextDecoder('utf-8');

function* inputs(target) {
  const lines = gunzipSync(readFileSync(new URL(`${target}.txt.gz`, REPLAY))).toString('latin1').split('\n');
  for (const line of lines) if (line) yield Buffer.from(line, 'base64');
}

function attempt(fn, data) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof Error && e.name === 'ByoosError', `${e?.name}: ${e?.message} for input ${data.toString('base64')}`);
  }
}

function context(text) {
  let v;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
  // A context the package refuses as an argument (TypeError "invalid context") is
  // replaced by none, as the fuzz target falls back to the default context.
  try {
    byoos.render('', v);
  } catch (e) {
    if (e instanceof TypeError) {
      assert.match(e.message, /invalid context/);
      return null;
    }
  }
  return v;
}

const TARGETS = {
  validate(data) {
    if (!data.length) return;
    const source = utf8.decode(data.subarray(1));
    attempt(() => byoos.validate(source, { pack: PACKS[data[0] % 3] }), data);
    attempt(() => byoos.toTerraform(source, { version: '1.0.0' }), data);
  },
  render(data) {
    const text = utf8.decode(data);
    const at = text.indexOf('\n%%\n');
    const values = at < 0 ? text : text.slice(0, at);
    const ctx = at < 0 ? { system: { kubernetes: { version: '1.29.5' } } } : context(text.slice(at + 4));
    attempt(() => byoos.render(values, ctx), data);
    attempt(() => byoos.renderProfile(values, ctx), data);
  },
  check_image(data) {
    if (!data.length) return;
    const region = data[0] & 0x80 ? 'us-east-1' : undefined;
    attempt(() => byoos.checkImage(PROVIDERS[data[0] % 7], utf8.decode(data.subarray(1)), { region }), data);
  },
  packer(data) {
    attempt(() => byoos.fromPackerManifest(utf8.decode(data), { region: 'us-east-1' }), data);
  },
  set_values(data) {
    const text = utf8.decode(data);
    const at = text.indexOf('\n%%\n');
    const [head, source] = at < 0 ? ['pack/osName=ubuntu', text] : [text.slice(0, at), text.slice(at + 4)];
    const assignments = {};
    for (const line of head.split('\n').slice(0, 16)) {
      const eq = line.indexOf('=');
      if (eq >= 0) assignments[line.slice(0, eq)] = line.slice(eq + 1).replaceAll('\\n', '\n');
    }
    attempt(() => byoos.setValues(source, assignments), data);
  },
};

test('every replay file has a target', () => {
  const files = readdirSync(REPLAY).filter((f) => f.endsWith('.txt.gz')).map((f) => f.slice(0, -7));
  assert.deepEqual(files.sort(), Object.keys(TARGETS).sort());
});

for (const [target, run] of Object.entries(TARGETS)) {
  test(`fuzz corpus replay: ${target}`, () => {
    let count = 0;
    for (const data of inputs(target)) {
      run(data);
      count++;
    }
    assert.ok(count > 0, `fuzz/replay/${target}.txt.gz is empty`);
    const r = byoos.validate(EDGE);
    assert.deepEqual(r.diagnostics.map((d) => [d.code, d.path, d.line, d.column]), EDGE_EXPECTED);
    assert.equal(byoos.checkImage('aws', 'ami-0f4804aff4cf9c5a2').ok, true);
  });
}
