// The web build (pkg/web) in headless Chromium, driven by playwright-core and the
// Debian chromium package. Skips when either is missing, unless REQUIRE_BROWSER=1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EDGE, EDGE_EXPECTED, GENERIC } from './fixtures.mjs';

const CHROMIUM = process.env.BYOOS_CHROMIUM || '/usr/bin/chromium';
const WEB = join(dirname(fileURLToPath(import.meta.url)), '..', 'pkg', 'web');
const required = process.env.REQUIRE_BROWSER === '1';

let chromium = null;
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  if (required) throw e;
}
const missing = !chromium ? 'playwright-core is not installed' : !existsSync(CHROMIUM) ? `${CHROMIUM} is missing` : null;
if (missing && required) throw new Error(`REQUIRE_BROWSER=1 but ${missing}`);

const TYPES = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html', '.ts': 'text/plain' };

function serve() {
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://127.0.0.1').pathname;
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>byoos</title>');
      return;
    }
    const file = normalize(join(WEB, path));
    if (!file.startsWith(WEB) || !existsSync(file)) {
      res.writeHead(path === '/favicon.ico' ? 204 : 404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('web build in Chromium', { skip: missing ?? false, timeout: 120_000 }, async () => {
  const server = await serve();
  const profile = mkdtempSync(join(tmpdir(), 'byoos-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run',
      ],
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const errors = [];
    page.on('pageerror', (e) => errors.push(e));
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    const result = await page.evaluate(async ([edge, generic]) => {
      const byoos = await import('/byoos_wasm.js');
      await byoos.default();
      const g = byoos.validate(generic, { provider: 'aws' }).diagnostics[0];
      let thrown = null;
      try { byoos.validate(edge, { pack: 'nope' }); } catch (e) { thrown = e.constructor.name; }
      return { version: byoos.version(), edge: byoos.validate(edge), slice: generic.slice(g.start, g.end), thrown };
    }, [EDGE, GENERIC]);
    assert.deepEqual(errors, []);
    assert.match(result.version, /^\d+\.\d+\.\d+/);
    assert.equal(result.edge.ok, false);
    assert.equal(result.edge.pack, 'edge-native-byoi');
    assert.deepEqual(result.edge.diagnostics.map((d) => [d.code, d.path, d.line, d.column]), EDGE_EXPECTED);
    assert.equal(result.slice, '8.10');
    assert.equal(result.thrown, 'TypeError');
  } finally {
    await context?.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
