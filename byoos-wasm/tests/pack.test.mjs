// `npm pack` of the package, installed into a fresh temporary project and imported
// from there (ES module and CommonJS), so what ships is what the other tests saw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

test('npm pack → install in a fresh project → import', { timeout: 120_000 }, () => {
  const tmp = mkdtempSync(join(tmpdir(), 'byoos-pack-'));
  try {
    const quiet = ['--no-audit', '--no-fund', '--loglevel=error'];
    execFileSync(npm, ['pack', '--pack-destination', tmp, ...quiet], { cwd: pkg, stdio: ['ignore', 'pipe', 'pipe'] });
    const tgz = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
    assert.ok(tgz, 'npm pack made a tarball');
    const listing = execFileSync('tar', ['-tzf', join(tmp, tgz)], { encoding: 'utf8' });
    for (const f of ['package/pkg/node/byoos_wasm.js', 'package/pkg/node/byoos_wasm_bg.wasm', 'package/pkg/web/byoos_wasm.js', 'package/pkg/web/byoos_wasm.d.ts']) {
      assert.ok(listing.includes(f), `${f} is in the tarball`);
    }
    assert.ok(!listing.includes('package/src/'), 'no Rust sources in the tarball');
    const project = join(tmp, 'project');
    execFileSync('mkdir', ['-p', project]);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    execFileSync(npm, ['install', '--offline', ...quiet, join(tmp, tgz)], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
    writeFileSync(join(project, 'esm.mjs'), `
      import { validate, render, checkImage, jsonSchema, version } from 'byoos';
      const r = validate('pack:\\n  osImageOverride: "ami-0123456789abcdef0"\\n  osName: rhel\\n  osVersion: 8.10\\n');
      if (r.pack !== 'generic-byoi' || r.ok) throw new Error(JSON.stringify(r));
      if (checkImage('aws', 'ami-0123456789abcdef0').kind !== 'ami') throw new Error('checkImage');
      if (render('a: "{{ .spectro.var.x }}"\\n', { variables: { values: { x: 'y' } } }).text.indexOf('y') < 0) throw new Error('render');
      JSON.parse(jsonSchema('edge-native-byoi'));
      console.log(version());
    `);
    writeFileSync(join(project, 'cjs.cjs'), `
      const { validate } = require('byoos');
      if (validate('{}').pack !== null) throw new Error('cjs');
      console.log('cjs ok');
    `);
    assert.match(execFileSync(process.execPath, ['esm.mjs'], { cwd: project, encoding: 'utf8' }), /^\d+\.\d+\.\d+/);
    assert.match(execFileSync(process.execPath, ['cjs.cjs'], { cwd: project, encoding: 'utf8' }), /cjs ok/);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
