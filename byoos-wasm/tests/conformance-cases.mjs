// Loads every case of tests/conformance/ (Node only), with input files read in.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'tests', 'conformance');

function caseFiles(dir) {
  return readdirSync(dir).sort().flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return caseFiles(p);
    return name.endsWith('.json') ? [p] : [];
  });
}

/** `[{id: "<file>#<name>", case}]` in suite order. */
export function loadCases() {
  const out = [];
  for (const file of caseFiles(ROOT)) {
    const rel = relative(ROOT, file).split('\\').join('/');
    const dir = dirname(file);
    for (const c of JSON.parse(readFileSync(file, 'utf8')).cases) {
      const resolved = { ...c };
      if (c.input_file !== undefined && c.input === undefined) resolved.input = readFileSync(join(dir, c.input_file), 'utf8');
      if (c.profile_file !== undefined && c.profile === undefined) resolved.profile = readFileSync(join(dir, c.profile_file), 'utf8');
      out.push({ id: `${rel}#${c.name}`, case: resolved });
    }
  }
  return out;
}
