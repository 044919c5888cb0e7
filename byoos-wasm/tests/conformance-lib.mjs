// Runs one case of the shared conformance suite (tests/conformance/, see its README)
// against a byoos module. No Node imports: the browser test loads this file too.
// Cases come "resolved": `input_file` / `profile_file` already read into `input` / `profile`.

const camel = (k) => k.replace(/_([a-z])/g, (_, c) => c.toUpperCase());

/** Case options (snake_case, as in Rust and Python) in the package's camelCase. */
export function jsOptions(options) {
  if (!options) return undefined;
  const out = {};
  for (const [k, v] of Object.entries(options)) {
    if (k === 'limits' && v && typeof v === 'object') {
      out.limits = Object.fromEntries(Object.entries(v).map(([lk, lv]) => [camel(lk), lv]));
    } else {
      out[camel(k)] = v; // `context` is Palette's shape: passed as is
    }
  }
  return out;
}

/** UTF-16 offset of a 1-based line and character column. */
export function utf16Offset(source, line, column) {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = source.indexOf('\n', offset);
    if (nl < 0) return source.length;
    offset = nl + 1;
  }
  for (let c = 1; c < column && offset < source.length; c++) {
    const code = source.charCodeAt(offset);
    offset += code >= 0xd800 && code <= 0xdbff && offset + 1 < source.length ? 2 : 1;
  }
  return offset;
}

/** The neutral view of a diagnostic, after checking its offsets against `source`. */
function neutral(d, source, where) {
  if (source !== null) {
    if (!(0 <= d.start && d.start <= d.end && d.end <= source.length)) {
      throw new Error(`${where}: offsets ${d.start}..${d.end} out of 0..${source.length}: ${JSON.stringify(d)}`);
    }
    const byLine = source.slice(utf16Offset(source, d.line, d.column), utf16Offset(source, d.endLine, d.endColumn));
    const bySlice = source.slice(d.start, d.end);
    if (byLine !== bySlice) {
      throw new Error(`${where}: source.slice(start, end) is ${JSON.stringify(bySlice)} but line/column give ${JSON.stringify(byLine)}: ${JSON.stringify(d)}`);
    }
  }
  const out = {
    code: d.code, severity: d.severity, path: d.path,
    line: d.line, column: d.column, end_line: d.endLine, end_column: d.endColumn,
  };
  if (d.suppressed) out.suppressed = true;
  return out;
}

const all = (diags, source, where) => diags.map((d) => neutral(d, source, where));

function fatalOr(fn, source) {
  try {
    return fn();
  } catch (e) {
    if (e instanceof Error && e.name === 'ByoosError' && Array.isArray(e.diagnostics)) {
      return { error: all(e.diagnostics, source, 'error') };
    }
    throw e;
  }
}

/**
 * Every result's `ok` says that no diagnostic is an error; the answer holds `ok` when the
 * case's `expect` does (older cases predate it).
 */
function withOk(c, answer, result) {
  const diags = [...result.diagnostics, ...(result.packs ?? []).flatMap((p) => p.diagnostics)];
  const errors = diags.some((d) => d.severity === 'error');
  if (typeof result.ok !== 'boolean' || result.ok === errors) {
    throw new Error(`\`ok\` is ${result.ok} with diagnostics ${JSON.stringify(diags)}`);
  }
  return c.expect && 'ok' in c.expect ? { ...answer, ok: result.ok } : answer;
}

/** Run one resolved case; the answer in the shape of its `expect`. */
export function runCase(byoos, c) {
  const options = jsOptions(c.options);
  switch (c.op) {
    case 'validate': {
      const r = byoos.validate(c.input, options);
      const answer = { ok: r.ok, pack: r.pack, diagnostics: all(r.diagnostics, c.input, 'validate') };
      if ((r.packs ?? []).length > 0 || (c.expect && 'packs' in c.expect)) {
        const files = c.options?.files ?? {};
        withOk(c, answer, r);
        answer.input = r.input;
        answer.packs = (r.packs ?? []).map((p) => withOk(c, {
          name: p.name, kind: p.kind, ok: p.ok, file: p.file ?? null,
          diagnostics: all(p.diagnostics, p.file === undefined ? c.input : files[p.file], 'pack'),
        }, { ...p, packs: [] }));
      }
      return answer;
    }
    case 'check_image': {
      const r = byoos.checkImage(c.provider, c.reference, options);
      const json = JSON.stringify(r);
      for (const part of c.reference.split(/[?&]/)) {
        if (part.startsWith('sig=') && part.length >= 10) {
          const sig = part.slice(4).split('#')[0];
          if (json.includes(sig)) throw new Error(`the SAS signature appears in the report: ${json}`);
        }
      }
      return {
        ok: r.ok, provider: r.provider, kind: r.kind, normalized: r.normalized,
        parts: r.parts, diagnostics: all(r.diagnostics, c.reference, 'check_image'),
      };
    }
    case 'from_packer_manifest': {
      const r = byoos.fromPackerManifest(c.input, options);
      return { text: r.text, diagnostics: all(r.diagnostics, c.input, 'from_packer_manifest') };
    }
    case 'diff': {
      const d = byoos.diff(c.old, c.new, c.context ?? {}, options);
      return {
        ok: d.ok, pack: d.pack, impact: d.impact,
        changes: d.changes.map((ch) => ({ path: ch.path, old: ch.old ?? null, new: ch.new ?? null, impact: ch.impact })),
        old_diagnostics: all(d.oldDiagnostics, c.old, 'diff'),
        new_diagnostics: all(d.newDiagnostics, c.new, 'diff'),
      };
    }
    case 'from_image_config': {
      const r = byoos.fromImageConfig(c.input, options);
      return { text: r.text, diagnostics: all(r.diagnostics, c.input, 'from_image_config') };
    }
    case 'to_terraform':
      return fatalOr(() => ({ text: byoos.toTerraform(c.input, options) }), c.input);
    case 'render':
      return fatalOr(() => {
        const r = byoos.render(c.input, c.context ?? {}, options);
        return withOk(c, { text: r.text, diagnostics: all(r.diagnostics, c.input, 'render') }, r);
      }, c.input);
    case 'render_profile':
      return fatalOr(() => {
        const r = byoos.renderProfile(c.profile, c.context ?? {}, options);
        return withOk(c, {
          // A pack's offsets are into the profile text, or into the file its values are.
          packs: r.packs.map((p) => withOk(c, {
            name: p.name, text: p.text,
            diagnostics: all(p.diagnostics, p.file === undefined ? c.profile : (c.options?.files ?? {})[p.file], 'pack'),
          }, p)),
          diagnostics: all(r.diagnostics, c.profile, 'render_profile'),
        }, r);
      }, c.profile);
    case 'set_values':
      return fatalOr(() => {
        const r = byoos.setValues(c.input, c.assignments, options);
        return withOk(c, { text: r.text, diagnostics: all(r.diagnostics, r.text, 'set_values') }, r);
      }, c.input);
    case 'fix':
      return fatalOr(() => {
        const r = byoos.fix(c.input, options);
        return withOk(c, {
          text: r.text, fixed: all(r.fixed, c.input, 'fix'), diagnostics: all(r.diagnostics, r.text, 'fix'),
        }, r);
      }, c.input);
    default:
      throw new Error(`unknown op \`${c.op}\``);
  }
}

/** Deep equality of JSON values, key order ignored. */
export function jsonEqual(a, b) {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return jsonEqual(ka, kb) && ka.every((k) => jsonEqual(a[k], b[k]));
}
