// Every ```js block of the READMEs runs as a module against the built package, with a
// console.assert that throws instead of printing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// The project's README and the npm package's own.
const readmes = [join(here, '..', '..', 'README.md'), join(here, '..', 'README.md')];
const blocks = readmes.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/^```js\n([\s\S]*?)^```/gm)].map((m) => m[1]));
// Inside the package folder, so `import … from "byoos"` resolves to this package.
const out = join(here, '..', 'test-output');

const strictConsole = `const console = { ...globalThis.console, assert(ok, ...msg) {
  if (!ok) throw new Error('console.assert failed' + (msg.length ? ': ' + msg.join(' ') : ''));
} };\n`;

test('the README has JavaScript examples', () => {
  assert.ok(blocks.length > 0);
});

blocks.forEach((code, i) => {
  test(`README js block ${i}`, async () => {
    mkdirSync(out, { recursive: true });
    const file = join(out, `readme-${i}.mjs`);
    writeFileSync(file, strictConsole + code);
    await import(pathToFileURL(file).href);
  });
});
