// Loads every case of tests/conformance/ (Node only), with the file's defaults applied
// and input files read in.
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

/** The members a case file's `defaults` may give (see tests/conformance/README.md). */
export const DEFAULTABLE = ['context', 'options'];

/** A case's id in every runner and xfail list: `<case file relative to tests/conformance>::<case name>`. */
export const caseId = (rel, name) => `${rel}::${name}`;

/** The case as it runs: each member of the file's `defaults` that the case does not state. */
export function effective(defaults, c) {
  const out = { ...c };
  for (const [k, v] of Object.entries(defaults ?? {})) if (!(k in out)) out[k] = v;
  return out;
}

/** `[{id: "<file>::<name>", case}]` in suite order, defaults applied. */
export function loadCases() {
  const out = [];
  for (const file of caseFiles(ROOT)) {
    const rel = relative(ROOT, file).split('\\').join('/');
    const dir = dirname(file);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    const bad = Object.keys(doc.defaults ?? {}).filter((k) => !DEFAULTABLE.includes(k));
    if (bad.length) throw new Error(`${rel}: \`defaults\` may give ${DEFAULTABLE.join(', ')}, not ${bad.join(', ')}`);
    for (const raw of doc.cases) {
      const c = effective(doc.defaults, raw);
      if (c.input_file !== undefined && c.input === undefined) c.input = readFileSync(join(dir, c.input_file), 'utf8');
      if (c.profile_file !== undefined && c.profile === undefined) c.profile = readFileSync(join(dir, c.profile_file), 'utf8');
      for (const k of ['old', 'new']) {
        if (c[`${k}_file`] !== undefined && c[k] === undefined) c[k] = readFileSync(join(dir, c[`${k}_file`]), 'utf8');
      }
      out.push({ id: caseId(rel, c.name), case: c });
    }
  }
  return out;
}
