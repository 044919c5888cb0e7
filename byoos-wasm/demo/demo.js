// The demo page: validate and render on every keystroke. No framework, no bundler:
// served from the package folder, it imports the web build directly.
import init, { render, validate, version } from '../pkg/web/byoos_wasm.js';

const $ = (id) => document.getElementById(id);
const source = $('source');

function context() {
  const values = {};
  for (const line of $('vars').value.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) values[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  const k8s = $('k8s').value.trim();
  return { system: k8s ? { kubernetes: { version: k8s } } : {}, variables: { values } };
}

// Hints name the choices neutrally ("give the provider (`aws`)"), for every front end to
// spell; on this page the same choices are the controls beside the editor.
const CONTROL = { provider: 'Provider', 'pack kind': 'Pack kind', region: 'AWS region' };

function choose(what, values) {
  const list = [...values.matchAll(/`([^`]+)`/g)].map((m) => `\`${m[1]}\``);
  const which = list.length > 1 ? `one of ${list.join(', ')}` : list[0];
  return `choose ${which} under ${CONTROL[what]}`;
}

function pageHelp(help) {
  return help
    .replace(/give the (provider|pack kind|region) \(((?:`[^`]+`(?:, | or )?)+)\)/g, (_, what, v) => choose(what, v))
    .replace(/give the (provider|pack kind|region) (`[^`]+`)/g, (_, what, v) => choose(what, v));
}

function options() {
  const region = $('region').value.trim();
  return { pack: $('pack').value || null, provider: $('provider').value || null, region: region || null };
}

function item(d) {
  const li = document.createElement('li');
  li.className = d.severity;
  li.dataset.code = d.code;
  li.dataset.line = String(d.line);
  li.dataset.column = String(d.column);
  const sev = Object.assign(document.createElement('span'), { className: 'sev', textContent: d.severity });
  const code = Object.assign(document.createElement('code'), { textContent: d.code });
  const pos = Object.assign(document.createElement('span'), { className: 'pos', textContent: `line ${d.line}, column ${d.column}` });
  const msg = Object.assign(document.createElement('div'), { textContent: d.message });
  li.append(sev, code, pos, msg);
  if (d.help) li.append(Object.assign(document.createElement('div'), { className: 'help', textContent: `help: ${pageHelp(d.help)}` }));
  // Offsets are UTF-16 units, the textarea's own: select the offending text.
  li.addEventListener('click', () => { source.focus(); source.setSelectionRange(d.start, d.end); });
  return li;
}

function update() {
  const text = source.value;
  const opts = options();
  const ctx = context();
  const report = validate(text, { ...opts, context: ctx });
  const list = $('diagnostics');
  list.replaceChildren(...report.diagnostics.map(item));
  if (report.diagnostics.length === 0) list.append(Object.assign(document.createElement('li'), { className: 'none', textContent: 'No problems found.' }));
  const errors = report.diagnostics.filter((d) => d.severity === 'error').length;
  const status = $('status');
  status.textContent = report.ok ? `ok · ${report.pack ?? 'unknown pack'}` : `${errors} error${errors === 1 ? '' : 's'}`;
  status.className = report.ok ? 'ok' : 'bad';
  const out = $('rendered');
  try {
    out.textContent = render(text, ctx, opts).text;
    out.className = '';
  } catch (e) {
    out.textContent = `Not rendered: ${e.message}`;
    out.className = 'failed';
  }
  document.body.dataset.updated = String(Number(document.body.dataset.updated ?? 0) + 1);
}

await init();
$('version').textContent = `v${version()}`;
for (const id of ['source', 'k8s', 'vars', 'pack', 'provider', 'region']) $(id).addEventListener('input', update);
update();
