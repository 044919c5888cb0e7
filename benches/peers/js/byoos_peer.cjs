// What a user would write instead of byoos, in JavaScript: js-yaml to read the values
// and a regular expression to find and replace the Palette macros. The same rules, and
// the same limits, as the Python peer (benches/peers/python/byoos_peer.py): textual
// substitution on every line that is not a comment, no re-quoting, no spans, no
// did-you-mean, no shape checks of the BYOOS packs.
"use strict";

const path = require("node:path");
const yaml = require(path.join(__dirname, "../../../byoos-wasm/node_modules/js-yaml"));

const ACTION = /([ \t]*)\{\{(-?)\s*(\.spectro\.[^}]*?)\s*(-?)\}\}([ \t]*)/g;
const TOKEN = /"(?:[^"\\]|\\.)*"|`[^`]*`|[^\s]+/g;
const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const SYSTEM_MACROS = new Set([
  "user.name", "user.uid", "user.email", "tenant.uid", "project.name", "project.uid",
  "clusterprofile.name", "clusterprofile.uid", "clusterprofile.version",
  "clusterprofile.infra.name", "clusterprofile.infra.uid", "clusterprofile.infra.version",
  "cluster.name", "cluster.uid", "cluster.kubevip", "cloudaccount.name", "cloudaccount.uid",
  "kubernetes.version", "reverseproxy.server", "reverseproxy.port", "reverseproxy.protocol",
  "reverseproxy.vhostport", "cloud.type", "cloud.region", "apptier.name", "apptier.uid",
  "appprofile.name", "appprofile.uid", "appdeployment.uid", "appdeployment.name",
  "appdeployment.tiername", "appdeployment.ingress.host",
]);

const chars = (s) => Array.from(s);
const FUNCTIONS = {
  default: (d, v) => (v === undefined || v === null || v === "" || v === 0 || v === false ? d : v),
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  title: (s) => s.replace(/\b\w/g, (c) => c.toUpperCase()),
  trim: (s) => s.trim(),
  trimPrefix: (p, s) => (s.startsWith(p) ? s.slice(p.length) : s),
  trimSuffix: (p, s) => (p && s.endsWith(p) ? s.slice(0, s.length - p.length) : s),
  trunc: (n, s) => (n >= 0 ? chars(s).slice(0, n) : chars(s).slice(n)).join(""),
  substr: (a, b, s) => {
    const c = chars(s);
    return (b < 0 || b > c.length ? c.slice(a) : c.slice(a, b)).join("");
  },
  replace: (o, n, s) => s.split(o).join(n),
  quote: (...v) => v.map((x) => JSON.stringify(text(x))).join(" "),
  squote: (...v) => v.map((x) => `'${text(x)}'`).join(" "),
  nospace: (s) => s.replace(/\s+/g, ""),
  toString: (v) => text(v),
};

class PeerError extends Error {}

/** A value as Go prints it (near enough). */
function text(v) {
  if (v === null || v === undefined) return "";
  return String(v);
}

/** Longest-match lookup of dotted segments (`options.system.uri`): [found, value]. */
function lookup(data, segs) {
  if (segs.length === 0) return [true, data];
  if (Array.isArray(data)) {
    const i = Number(segs[0]);
    return Number.isInteger(i) && i < data.length ? lookup(data[i], segs.slice(1)) : [false];
  }
  if (data === null || typeof data !== "object") return [false];
  for (let j = segs.length; j > 0; j--) {
    const key = segs.slice(0, j).join(".");
    if (Object.prototype.hasOwnProperty.call(data, key)) {
      const r = lookup(data[key], segs.slice(j));
      if (r[0]) return r;
    }
  }
  return [false];
}

function literal(tok) {
  if (tok.startsWith('"')) return JSON.parse(tok);
  if (tok.startsWith("`")) return tok.slice(1, -1);
  if (tok === "true" || tok === "false") return tok === "true";
  if (tok === "nil") return null;
  return Number(tok);
}

class Renderer {
  constructor(context, packs, definitions) {
    this.context = context;
    this.packs = packs;
    const variables = context.variables || {};
    this.values = variables.values || {};
    this.defaults = {};
    for (const d of [...(definitions || []), ...(variables.definitions || [])]) {
      const def = d.defaultValue ?? d.default;
      if (d.name && !(d.name in this.defaults) && def !== undefined && def !== null && def !== "") {
        this.defaults[d.name] = def;
      }
    }
    this.memo = new Map();
    this.busy = new Set();
    this.names = Object.keys(packs).sort((a, b) => b.length - a.length);
    this.replace = (m, before, trimLeft, body, trimRight, after) =>
      (trimLeft ? "" : before) + this.evaluate(body) + (trimRight ? "" : after);
  }

  ref(ref) {
    if (ref.startsWith(".spectro.system.")) {
      const r = lookup(this.context.system || {}, ref.slice(16).split("."));
      return r[0] ? r[1] : "";
    }
    if (ref.startsWith(".spectro.var.")) {
      const name = ref.slice(13);
      if (name in this.values) return this.values[name];
      return name in this.defaults ? this.defaults[name] : "";
    }
    if (ref.startsWith(".spectro.macro.")) {
      const macros = this.context.macros || {};
      for (const scope of ["project", "tenant", "system"]) {
        const m = macros[scope] || {};
        if (ref.slice(15) in m) return m[ref.slice(15)];
      }
      return "";
    }
    if (ref.startsWith(".spectro.pack.")) {
      const rest = ref.slice(14);
      for (const name of this.names) {
        if (rest.startsWith(name + ".")) {
          const p = rest.slice(name.length + 1);
          const r = lookup(this.packs[name], p.split("."));
          if (!r[0]) return "";
          if (typeof r[1] === "string" && r[1].includes("{{")) return this.nested(name, p, r[1]);
          return r[1];
        }
      }
      return "";
    }
    throw new PeerError(`unsupported reference ${ref}`);
  }

  nested(pack, p, value) {
    const key = `${pack}\u0000${p}`;
    if (this.memo.has(key)) return this.memo.get(key);
    if (this.busy.has(key)) throw new PeerError(`cycle at ${pack}.${p}`);
    this.busy.add(key);
    const out = value.replace(ACTION, this.replace);
    this.busy.delete(key);
    this.memo.set(key, out);
    return out;
  }

  evaluate(body) {
    body = body.replaceAll('\\"', '"'); // written inside a double-quoted scalar
    let value;
    body.split("|").forEach((part, i) => {
      const tokens = part.trim().match(TOKEN);
      if (i === 0) {
        value = this.ref(tokens[0]);
        return;
      }
      const args = tokens.slice(1).map((t) => (t.startsWith(".spectro.") ? this.ref(t) : literal(t)));
      const f = FUNCTIONS[tokens[0]];
      if (!f) throw new PeerError(`unknown function ${tokens[0]}`);
      value = f(...args, tokens[0] === "default" ? value : text(value));
    });
    return text(value);
  }

  renderText(source) {
    const lines = source.split("\n");
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (line.includes("{{") && !line.trimStart().startsWith("#")) {
        lines[i] = line.replace(ACTION, this.replace);
      }
    }
    return lines.join("\n");
  }
}

const load = (source) => yaml.load(source);

/** The BYOOS pack kind, as byoos detects it. */
function detect(data) {
  if (data === null || typeof data !== "object" || Array.isArray(data)) return null;
  const obj = (v) => (v && typeof v === "object" && !Array.isArray(v) ? v : {});
  const pack = obj(data.pack);
  if ("osImageOverride" in pack) return "generic-byoi";
  const content = obj(pack.content);
  const options = obj(data.options);
  if ("images" in content || Object.keys(options).some((k) => k.startsWith("system."))) {
    return "edge-native-byoi";
  }
  if (["osImageOverride", "osName", "osVersion"].some((k) => k in data || k in pack)) {
    return "generic-byoi";
  }
  return null;
}

function contextPacks(packs, context) {
  for (const [name, v] of Object.entries(context.packs || {})) {
    if (!(name in packs)) packs[name] = typeof v === "string" ? load(v) : v;
  }
  return packs;
}

/** Render one pack's values: every Palette macro resolved against `context`. */
function render(source, context, packName) {
  const data = load(source);
  const name = packName || detect(data) || "";
  const packs = contextPacks({ [name]: data }, context);
  return new Renderer(context, packs).renderText(source);
}

/** Render every pack of a profile (simple shape): [[name, text]]. */
function renderProfile(profile, context) {
  const doc = load(profile);
  const items = doc.packs || doc.spec.template.packs;
  const texts = items.map((p) => [p.name, p.values || ""]);
  const packs = {};
  for (const [name, t] of texts) packs[name] = load(t);
  const r = new Renderer(context, contextPacks(packs, context), doc.variables);
  return texts.map(([name, t]) => [name, r.renderText(t)]);
}

/** Check the macros of one pack's values without a context: {ok, pack, codes}. */
function validate(source, packName) {
  let data;
  try {
    data = load(source);
  } catch (e) {
    if (e instanceof yaml.YAMLException) return { ok: false, pack: null, codes: ["yaml/syntax"] };
    throw e;
  }
  const kind = detect(data);
  const name = packName || kind || "";
  const codes = new Set();
  for (const line of source.split("\n")) {
    if (!line.includes("{{") || line.trimStart().startsWith("#")) continue;
    for (const m of line.matchAll(ACTION)) {
      m[3].replaceAll('\\"', '"').split("|").forEach((part, i) => {
        const tokens = part.trim().match(TOKEN);
        if (i > 0 && !(tokens[0] in FUNCTIONS)) codes.add("template/unknown-function");
        for (const t of i === 0 ? tokens : tokens.slice(1)) {
          if (t.startsWith(".spectro.system.")) {
            if (!SYSTEM_MACROS.has(t.slice(16))) codes.add("template/unknown-system-macro");
          } else if (t.startsWith(".spectro.var.")) {
            if (!VAR_NAME.test(t.slice(13))) codes.add("variable/name");
          } else if (name && t.startsWith(`.spectro.pack.${name}.`)) {
            if (!lookup(data, t.slice(15 + name.length).split("."))[0]) codes.add("template/unknown-path");
          }
        }
      });
    }
  }
  const sorted = [...codes].sort();
  return { ok: sorted.length === 0, pack: kind, codes: sorted };
}

module.exports = { render, renderProfile, validate, detect, PeerError };
