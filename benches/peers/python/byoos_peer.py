"""What a user would write instead of byoos, in Python: PyYAML (its libyaml C loader)
to read the values, and a regular expression to find and replace the Palette macros.

It implements the resolution rules of docs/macros.md the simple way:

- system macros from ``context["system"]`` (nested mappings or dotted keys);
- ``.spectro.pack.<name>.<path>``: the longest pack name, then the path by longest
  match of dotted keys; a referenced value that holds macros is rendered first
  (recursively, memoised, a cycle is an error);
- variables from ``context["variables"]["values"]``, else the definition's default;
- user macros: project, then tenant, then system scope;
- pipelines ``| f a b`` with the piped value last: default, upper, lower, title, trim,
  trimPrefix, trimSuffix, trunc, substr, replace, quote, squote, nospace, toString;
- ``{{-`` / ``-}}`` trim the white space around the action.

The substitution is textual, on every line that is not a comment: no re-quoting, no
spans, no did-you-mean, no shape checks of the BYOOS packs. That is less work than
byoos does, so the ratio against it is conservative. Cases it does not support (and
its tests skip): a result that needs YAML quoting or escaping, macros inside flow
collections or keys, an action split over lines, a chain deeper than Python's
recursion limit.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple

import yaml

try:
    from yaml import CSafeLoader as Loader
except ImportError as e:  # pragma: no cover - the pinned wheel has libyaml
    raise ImportError("PyYAML was built without libyaml (the C loader)") from e

# An action whose first token is a .spectro reference, with the white space around it
# (removed when the action has a trim marker).
ACTION = re.compile(r"([ \t]*)\{\{(-?)\s*(\.spectro\.[^}]*?)\s*(-?)\}\}([ \t]*)")
TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|`[^`]*`|[^\s]+')
VAR_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

SYSTEM_MACROS = {
    "user.name", "user.uid", "user.email", "tenant.uid", "project.name", "project.uid",
    "clusterprofile.name", "clusterprofile.uid", "clusterprofile.version",
    "clusterprofile.infra.name", "clusterprofile.infra.uid", "clusterprofile.infra.version",
    "cluster.name", "cluster.uid", "cluster.kubevip", "cloudaccount.name", "cloudaccount.uid",
    "kubernetes.version", "reverseproxy.server", "reverseproxy.port", "reverseproxy.protocol",
    "reverseproxy.vhostport", "cloud.type", "cloud.region", "apptier.name", "apptier.uid",
    "appprofile.name", "appprofile.uid", "appdeployment.uid", "appdeployment.name",
    "appdeployment.tiername", "appdeployment.ingress.host",
}


def _substr(start: int, end: int, s: str) -> str:
    return s[start:] if end < 0 or end > len(s) else s[start:end]


def _trunc(n: int, s: str) -> str:
    return s[:n] if n >= 0 else s[n:]


FUNCTIONS: Dict[str, Callable[..., Any]] = {
    "default": lambda d, v=None: v if v not in (None, "", 0, False) else d,
    "upper": lambda s: s.upper(),
    "lower": lambda s: s.lower(),
    "title": lambda s: s.title(),
    "trim": lambda s: s.strip(),
    "trimPrefix": lambda p, s: s[len(p):] if s.startswith(p) else s,
    "trimSuffix": lambda p, s: s[: len(s) - len(p)] if p and s.endswith(p) else s,
    "trunc": _trunc,
    "substr": _substr,
    "replace": lambda old, new, s: s.replace(old, new),
    "quote": lambda *v: " ".join('"%s"' % str(x).replace("\\", "\\\\").replace('"', '\\"') for x in v),
    "squote": lambda *v: " ".join("'%s'" % x for x in v),
    "nospace": lambda s: "".join(s.split()),
    "toString": lambda v: text(v),
}


class PeerError(Exception):
    """A macro the peer cannot resolve."""


def text(v: Any) -> str:
    """A value as Go prints it (near enough)."""
    if v is None:
        return ""
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e21:
        return str(int(v))
    return str(v)


def lookup(data: Any, segs: List[str]) -> Tuple[bool, Any]:
    """Longest-match lookup of dotted segments (`options.system.uri`)."""
    if not segs:
        return True, data
    if isinstance(data, list):
        try:
            return lookup(data[int(segs[0])], segs[1:])
        except (ValueError, IndexError):
            return False, None
    if not isinstance(data, dict):
        return False, None
    for j in range(len(segs), 0, -1):
        key = ".".join(segs[:j])
        if key in data:
            found, v = lookup(data[key], segs[j:])
            if found:
                return found, v
    return False, None


def literal(tok: str) -> Any:
    if tok.startswith('"'):
        return bytes(tok[1:-1], "utf-8").decode("unicode_escape")
    if tok.startswith("`"):
        return tok[1:-1]
    if tok in ("true", "false"):
        return tok == "true"
    if tok == "nil":
        return None
    try:
        return int(tok, 0)
    except ValueError:
        return float(tok)


class Renderer:
    """Resolves macros against a context and a set of parsed packs."""

    def __init__(self, context: Mapping[str, Any], packs: Dict[str, Any],
                 texts: Dict[str, str], definitions: Optional[List[Mapping[str, Any]]] = None):
        self.context = context
        self.packs = packs  # name -> parsed values
        self.texts = texts  # name -> values text (for self references in validate)
        variables = context.get("variables") or {}
        self.values = variables.get("values") or {}
        defs = list(definitions or []) + list(variables.get("definitions") or [])
        self.defaults = {}
        for d in defs:
            name = d.get("name")
            default = d.get("defaultValue", d.get("default"))
            if name and name not in self.defaults and default not in (None, ""):
                self.defaults[name] = default
        self.memo: Dict[Tuple[str, str], str] = {}
        self.busy: set = set()
        # Longest pack names first.
        self.names = sorted(packs, key=len, reverse=True)

    def ref(self, ref: str) -> Any:
        if ref.startswith(".spectro.system."):
            found, v = lookup(self.context.get("system") or {}, ref[16:].split("."))
            return v if found else ""
        if ref.startswith(".spectro.var."):
            name = ref[13:]
            return self.values.get(name, self.defaults.get(name, ""))
        if ref.startswith(".spectro.macro."):
            macros = self.context.get("macros") or {}
            for scope in ("project", "tenant", "system"):
                if ref[15:] in (macros.get(scope) or {}):
                    return macros[scope][ref[15:]]
            return ""
        if ref.startswith(".spectro.pack."):
            rest = ref[14:]
            for name in self.names:
                if rest.startswith(name + "."):
                    path = rest[len(name) + 1:]
                    found, v = lookup(self.packs[name], path.split("."))
                    if not found:
                        return ""
                    if isinstance(v, str) and "{{" in v:
                        return self.nested(name, path, v)
                    return v
            return ""
        raise PeerError("unsupported reference " + ref)

    def nested(self, pack: str, path: str, value: str) -> str:
        key = (pack, path)
        if key in self.memo:
            return self.memo[key]
        if key in self.busy:
            raise PeerError("cycle at %s.%s" % key)
        self.busy.add(key)
        out = ACTION.sub(self._replace, value)
        self.busy.discard(key)
        self.memo[key] = out
        return out

    def evaluate(self, body: str) -> str:
        body = body.replace('\\"', '"')  # the action was written inside a double-quoted scalar
        value: Any = None
        for i, command in enumerate(part.strip() for part in body.split("|")):
            tokens = TOKEN.findall(command)
            if i == 0:
                value = self.ref(tokens[0])
                continue
            args = [self.ref(t) if t.startswith(".spectro.") else literal(t) for t in tokens[1:]]
            f = FUNCTIONS.get(tokens[0])
            if f is None:
                raise PeerError("unknown function " + tokens[0])
            value = f(*args, text(value) if tokens[0] not in ("default",) else value)
        return text(value)

    def _replace(self, m: "re.Match[str]") -> str:
        before, trim_left, body, trim_right, after = m.groups()
        out = self.evaluate(body)
        return ("" if trim_left else before) + out + ("" if trim_right else after)

    def render_text(self, source: str) -> str:
        lines = source.split("\n")
        for i, line in enumerate(lines):
            if "{{" in line and not line.lstrip().startswith("#"):
                lines[i] = ACTION.sub(self._replace, line)
        return "\n".join(lines)


def load(source: str) -> Any:
    return yaml.load(source, Loader=Loader)


def detect(data: Any) -> Optional[str]:
    """The BYOOS pack kind, as byoos detects it."""
    if not isinstance(data, dict):
        return None
    pack = data.get("pack") if isinstance(data.get("pack"), dict) else {}
    if "osImageOverride" in pack:
        return "generic-byoi"
    content = pack.get("content") if isinstance(pack.get("content"), dict) else {}
    options = data.get("options") if isinstance(data.get("options"), dict) else {}
    if "images" in content or any(str(k).startswith("system.") for k in options):
        return "edge-native-byoi"
    if any(k in data or k in pack for k in ("osImageOverride", "osName", "osVersion")):
        return "generic-byoi"
    return None


def render(source: str, context: Mapping[str, Any], pack_name: Optional[str] = None) -> str:
    """Render one pack's values: every Palette macro resolved against `context`."""
    data = load(source)
    name = pack_name or detect(data) or ""
    packs = {name: data}
    for other, v in (context.get("packs") or {}).items():
        if other not in packs:
            packs[other] = load(v) if isinstance(v, str) else v
    return Renderer(context, packs, {name: source}).render_text(source)


def render_profile(profile: str, context: Mapping[str, Any]) -> List[Tuple[str, str]]:
    """Render every pack of a profile (simple shape): [(name, text)]."""
    doc = load(profile)
    items = doc.get("packs") or doc["spec"]["template"]["packs"]
    texts = {p["name"]: p.get("values") or "" for p in items}
    packs = {name: load(t) for name, t in texts.items()}
    for other, v in (context.get("packs") or {}).items():
        if other not in packs:
            packs[other] = load(v) if isinstance(v, str) else v
    r = Renderer(context, packs, texts, doc.get("variables"))
    return [(name, r.render_text(t)) for name, t in texts.items()]


def validate(source: str, pack_name: Optional[str] = None) -> Dict[str, Any]:
    """Check the macros of one pack's values without a context: YAML readable, system
    macros known, self references present, functions known, variable names valid.
    Returns ``{"ok", "pack", "codes"}`` (sorted codes)."""
    try:
        data = load(source)
    except yaml.YAMLError:
        return {"ok": False, "pack": None, "codes": ["yaml/syntax"]}
    kind = detect(data)
    name = pack_name or kind or ""
    codes = []
    for line in source.split("\n"):
        if "{{" not in line or line.lstrip().startswith("#"):
            continue
        for m in ACTION.finditer(line):
            body = m.group(3).replace('\\"', '"')
            for i, command in enumerate(part.strip() for part in body.split("|")):
                tokens = TOKEN.findall(command)
                if i > 0 and tokens[0] not in FUNCTIONS:
                    codes.append("template/unknown-function")
                for t in tokens if i == 0 else tokens[1:]:
                    if t.startswith(".spectro.system."):
                        if t[16:] not in SYSTEM_MACROS:
                            codes.append("template/unknown-system-macro")
                    elif t.startswith(".spectro.var."):
                        if not VAR_NAME.match(t[13:]):
                            codes.append("variable/name")
                    elif name and t.startswith(".spectro.pack." + name + "."):
                        if not lookup(data, t[15 + len(name):].split("."))[0]:
                            codes.append("template/unknown-path")
    errors = {"template/unknown-function", "template/unknown-system-macro", "variable/name",
              "template/unknown-path", "yaml/syntax"}
    return {"ok": not any(c in errors for c in codes), "pack": kind, "codes": sorted(set(codes))}
