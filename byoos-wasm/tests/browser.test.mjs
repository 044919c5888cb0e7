// The web build (pkg/web) in headless Chromium, driven by playwright-core and the
// Debian chromium package. Skips when either is missing, unless REQUIRE_BROWSER=1.
// Also: a subset of the conformance suite in the browser, the demo page (typing a bad
// value; its layout with CanvOS input at three widths; its provider and region controls;
// screenshots in test-output/) and the validate bench (median printed).
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

// CanvOS prints its values with comment lines of about 150 characters and a 330-character
// `system.uri`: long lines scroll inside their block, they must not widen the page.
const CANVOS_COMMENTS = [
  '# The provider image CanvOS built and pushed; Palette pulls it on every node at install time and again when the cluster profile is upgraded.',
  "  # system.uri: \"{{ .spectro.pack.edge-native-byoi.options.system.registry }}/{{ .spectro.pack.edge-native-byoi.options.system.repo }}:{{ .spectro.system.kubernetes.version }}\"",
  '  # drainPods: The drain settings below apply to every node of the cluster when the OS or Kubernetes is upgraded in place by the Palette agent.',
];
const CANVOS = `${CANVOS_COMMENTS.join('\n')}\n${readFileSync(join(CONFORMANCE, 'pack/edge-canvos/input.yaml'), 'utf8')}`;

async function layout(page) {
  return page.evaluate(() => {
    const box = (id) => document.getElementById(id).getBoundingClientRect();
    const el = (id) => document.getElementById(id);
    const k8s = el('k8s');
    return {
      viewport: document.documentElement.clientWidth,
      scrollWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
      editor: box('source').width,
      k8s: { width: box('k8s').width, right: box('k8s').right, clientWidth: k8s.clientWidth, scrollWidth: k8s.scrollWidth },
      rendered: { clientWidth: el('rendered').clientWidth, scrollWidth: el('rendered').scrollWidth, right: box('rendered').right },
      helps: [...document.querySelectorAll('#diagnostics .help')].map((h) => h.textContent),
    };
  });
}

test('demo page: CanvOS input at 360, 1,024 and 1,600 px wide', opts, async () => {
  assert.ok(CANVOS.split('\n').filter((l) => l.trimStart().startsWith('#') && l.length >= 140).length >= 3);
  mkdirSync(OUT, { recursive: true });
  for (const width of [360, 1024, 1600]) {
    const { page, errors } = await newPage('/demo/');
    await page.setViewportSize({ width, height: 900 });
    await page.waitForSelector('#diagnostics li');
    const before = Number(await page.evaluate(() => document.body.dataset.updated));
    await page.locator('#source').fill(CANVOS);
    await page.waitForFunction((n) => Number(document.body.dataset.updated) > n, before);
    await page.locator('#k8s').fill('1.29.5');
    await page.waitForFunction(() => document.getElementById('rendered').textContent.includes(':k3s-1.29.5-v4.2.3-demo'));
    await page.screenshot({ path: join(OUT, `demo-${width}.png`), fullPage: true });
    const l = await layout(page);
    await page.close();
    assert.deepEqual(errors, []);
    assert.ok(l.scrollWidth <= l.viewport, `${width} px: the page is ${l.scrollWidth} px wide`);
    if (width >= 1024) assert.ok(l.editor >= 0.4 * l.viewport, `${width} px: the editor is ${l.editor} px wide`);
    assert.ok(l.k8s.scrollWidth <= l.k8s.clientWidth && l.k8s.width >= 60, `${width} px: the Kubernetes version box cuts its value: ${JSON.stringify(l.k8s)}`);
    assert.ok(l.k8s.right <= l.viewport && l.rendered.right <= l.viewport, `${width} px: a control is off the page`);
    // The long lines are still there, scrolled inside the rendered block.
    assert.ok(l.rendered.scrollWidth > l.rendered.clientWidth, `${width} px: the rendered block does not hold the long line`);
    process.stdout.write(`# demo ${width} px: page ${l.scrollWidth} px, editor ${Math.round(l.editor)} px (${Math.round((100 * l.editor) / l.viewport)} %), Kubernetes version box ${Math.round(l.k8s.width)} px\n`);
  }
});

test('demo page: provider and region controls, hints without command-line flags', opts, async () => {
  const { page, errors } = await newPage('/demo/');
  await page.waitForSelector('#diagnostics li');
  const source = page.locator('#source');
  // No provider: an image name several clouds take is not checked, and the hint names the
  // page's Provider control (an AMI would be checked as AWS without one).
  await source.fill('pack:\n  osImageOverride: "ubuntu-2204-k8s"\n  osName: ubuntu\n  osVersion: "22.04"\n');
  const hint = page.locator('#diagnostics li[data-code="pack/image-provider"]');
  await hint.waitFor();
  assert.match(await hint.locator('.help').textContent(), /under Provider/);
  await page.locator('#provider').selectOption('openstack');
  await hint.waitFor({ state: 'detached' });
  await page.waitForSelector('#status.ok');
  // An AWS ARN under the OpenStack provider is the wrong provider's image.
  const arn = 'pack:\n  osImageOverride: "arn:aws:ec2:eu-west-1::image/ami-0123456789abcdef0"\n  osName: rhel\n  osVersion: "8.10"\n';
  await source.fill(arn);
  await page.waitForSelector('#diagnostics li[data-code="image/wrong-provider"]');
  // The region control reaches the checks: an AMI of another region than the cluster's.
  const mismatch = page.locator('#diagnostics li[data-code="image/region-mismatch"]');
  await page.locator('#provider').selectOption('aws');
  await page.waitForSelector('#diagnostics li[data-code="image/not-accepted"]');
  assert.equal(await mismatch.count(), 0);
  await page.locator('#region').fill('us-east-1');
  await mismatch.waitFor();
  await page.locator('#region').fill('eu-west-1');
  await mismatch.waitFor({ state: 'detached' });
  // Hints that name a command-line flag elsewhere name a control here.
  await page.locator('#provider').selectOption('');
  const helps = [];
  for (const [text, pack] of [
    ['pack:\n  osImageOverride: "my-image"\n  osName: rhel\n  osVersion: "8"\n', ''],
    ['pack:\n  osImageOverride: "ami-0123456789abcdef0"\n', 'edge-native-byoi'],
    ['pack: {}\n', ''],
  ]) {
    await page.locator('#pack').selectOption(pack);
    await source.fill(text);
    await page.waitForFunction(() => document.querySelectorAll('#diagnostics .help').length > 0);
    helps.push(...await page.locator('#diagnostics .help').allTextContents());
  }
  await page.close();
  assert.deepEqual(errors, []);
  assert.ok(helps.some((h) => /under Pack kind/.test(h)) && helps.some((h) => /under Provider/.test(h)), helps.join('\n'));
  assert.deepEqual(helps.filter((h) => /`--|\boption `/.test(h)), []);
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
