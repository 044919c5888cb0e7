// The web build (pkg/web) in headless Chromium, driven by playwright-core and the
// Debian chromium package. Skips when either is missing, unless REQUIRE_BROWSER=1.
// Also: a subset of the conformance suite in the browser, the demo page (typing a bad
// value; screenshot in test-output/) and the validate bench (median printed).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EDGE, EDGE_EXPECTED, GENERIC } from './fixtures.mjs';
import { loadCases, ROOT as CONFORMANCE } from './conformance-cases.mjs';
import { jsonEqual } from './conformance-lib.mjs';

const CHROMIUM = process.env.BYOOS_CHROMIUM || '/usr/bin/chromium';
const HERE = dirname(fileURLToPath(import.meta.url));
const PKG = join(HERE, '..');
const OUT = join(PKG, 'test-output');
const required = process.env.REQUIRE_BROWSER === '1';

let chromium = null;
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  if (required) throw e;
}
const missing = !chromium ? 'playwright-core is not installed' : !existsSync(CHROMIUM) ? `${CHROMIUM} is missing` : null;
if (missing && required) throw new Error(`REQUIRE_BROWSER=1 but ${missing}`);

const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html', '.ts': 'text/plain', '.yaml': 'text/plain' };

function serve() {
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://127.0.0.1').pathname;
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>byoos</title>');
      return;
    }
    // The package folder (pkg/web, demo/, tests/), and the conformance suite under /conformance/.
    const [base, rest] = path.startsWith('/conformance/') ? [CONFORMANCE, path.slice('/conformance'.length)] : [PKG, path];
    const file = normalize(join(base, decodeURIComponent(rest.endsWith('/') ? `${rest}index.html` : rest)));
    if (!file.startsWith(base) || file.includes('node_modules') || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(path === '/favicon.ico' ? 204 : 404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

let server;
let context;
let profile;
let origin;

before(async () => {
  if (missing) return;
  server = await serve();
  origin = `http://127.0.0.1:${server.address().port}`;
  profile = mkdtempSync(join(tmpdir(), 'byoos-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
    ],
  });
});

after(async () => {
  await context?.close();
  server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

async function newPage(path) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.goto(`${origin}${path}`);
  return { page, errors };
}

const opts = { skip: missing ?? false, timeout: 120_000 };

test('web build in Chromium', opts, async () => {
  const { page, errors } = await newPage('/');
  const result = await page.evaluate(async ([edge, generic]) => {
    const byoos = await import('/pkg/web/byoos_wasm.js');
    await byoos.default();
    const g = byoos.validate(generic, { provider: 'aws' }).diagnostics[0];
    let thrown = null;
    try { byoos.validate(edge, { pack: 'nope' }); } catch (e) { thrown = e.constructor.name; }
    let fatal = null;
    try { byoos.render('pack: [', {}); } catch (e) { fatal = [e instanceof Error, e.name, e.diagnostics.length > 0]; }
    return { version: byoos.version(), edge: byoos.validate(edge), slice: generic.slice(g.start, g.end), thrown, fatal };
  }, [EDGE, GENERIC]);
  await page.close();
  assert.deepEqual(errors, []);
  assert.match(result.version, /^\d+\.\d+\.\d+/);
  assert.equal(result.edge.ok, false);
  assert.equal(result.edge.pack, 'edge-native-byoi');
  assert.deepEqual(result.edge.diagnostics.map((d) => [d.code, d.path, d.line, d.column]), EDGE_EXPECTED);
  assert.equal(result.slice, '8.10');
  assert.equal(result.thrown, 'TypeError');
  assert.deepEqual(result.fatal, [true, 'ByoosError', true]);
});

test('conformance subset in Chromium', opts, async () => {
  const xfail = JSON.parse(readFileSync(join(HERE, 'xfail.json'), 'utf8')).cases;
  // Every 3rd case, and every case of the less common ops.
  const subset = loadCases().filter(({ case: c }, i) => i % 3 === 0 || c.op === 'render_profile' || c.op === 'from_packer_manifest');
  const { page, errors } = await newPage('/');
  const results = await page.evaluate(async (cases) => {
    const byoos = await import('/pkg/web/byoos_wasm.js');
    await byoos.default();
    const { runCase } = await import('/tests/conformance-lib.mjs');
    return cases.map(({ id, case: c }) => {
      try { return { id, actual: runCase(byoos, c) }; } catch (e) { return { id, error: String(e && e.stack || e) }; }
    });
  }, subset);
  await page.close();
  assert.deepEqual(errors, []);
  const failures = [];
  results.forEach(({ id, actual, error }, i) => {
    const ok = !error && jsonEqual(actual, subset[i].case.expect);
    if (id in xfail ? ok : !ok) failures.push(`${id}: ${error ?? (ok ? 'unexpected pass' : JSON.stringify(actual))}`);
  });
  process.stdout.write(`# conformance (Chromium): ${results.length - failures.length} of ${results.length} cases as expected\n`);
  assert.deepEqual(failures, []);
});

test('demo page: a bad value shows its diagnostic at the right line', opts, async () => {
  const { page, errors } = await newPage('/demo/');
  await page.waitForSelector('#diagnostics li');
  const source = page.locator('#source');
  await source.fill('pack:\n  osImageOverride: "ami-0123456789abcdef0"\n  osName: rhel\n');
  await page.waitForSelector('#status.ok');
  await source.press('End');
  await page.keyboard.press('Control+End');
  await page.keyboard.type('  osVersion: 8.10\n', { delay: 5 });
  const item = page.locator('#diagnostics li[data-code="yaml/implicit-type"]');
  await item.waitFor();
  assert.equal(await item.getAttribute('data-line'), '4');
  assert.equal(await item.getAttribute('data-column'), '14');
  assert.match(await page.locator('#status').textContent(), /1 error/);
  // Clicking the diagnostic selects the offending text (UTF-16 offsets, like the textarea).
  await item.click();
  const selected = await page.evaluate(() => {
    const s = document.getElementById('source');
    return s.value.slice(s.selectionStart, s.selectionEnd);
  });
  assert.equal(selected, '8.10');
  assert.match(await page.locator('#rendered').textContent(), /osVersion: 8.10/);
  // A context variable feeds the rendered YAML.
  await source.fill('pack:\n  osImageOverride: "{{ .spectro.var.ami }}"\n  osName: rhel\n  osVersion: "8.10"\n');
  await page.locator('#vars').fill('ami=ami-0fedcba9876543210');
  await page.waitForFunction(() => document.getElementById('rendered').textContent.includes('ami-0fedcba9876543210'));
  await source.fill('# 🚀 Edge\npack:\ncontent:\n  images:\n    - image: ‘{{ .spectro.pack.edge-native-byoi.options.system.uri }}’\noptions:\n  system.uri: “{{ .spectro.system.kunernetes.version }}”\n');
  await page.waitForSelector('#diagnostics li[data-code="yaml/smart-quotes"]');
  mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: join(OUT, 'demo.png') });
  await page.close();
  assert.deepEqual(errors, []);
});

test('bench: median validate of the CanvOS Edge example', opts, async () => {
  const { page, errors } = await newPage('/demo/bench.html');
  await page.waitForFunction(() => window.benchResult !== undefined, null, { timeout: 60_000 });
  const result = await page.evaluate(() => window.benchResult);
  await page.close();
  assert.deepEqual(errors, []);
  process.stdout.write(`# bench (Chromium): validate(edge-canvos, ${result.bytes} chars) median ${result.medianMs.toFixed(3)} ms (min ${result.minMs.toFixed(3)}, max ${result.maxMs.toFixed(3)})\n`);
  assert.ok(result.medianMs > 0 && result.medianMs < 50, `median ${result.medianMs} ms`);
});
