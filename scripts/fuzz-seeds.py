#!/usr/bin/env python3
"""Write seed corpora for the fuzz targets from the conformance cases (into fuzz/corpus/<target>),
next to the hand-written seeds in fuzz/seeds/<target>. Idempotent: files are named by content hash."""
import hashlib, json, pathlib, sys

root = pathlib.Path(__file__).resolve().parent.parent
conf = root / "tests" / "conformance"
out = root / "fuzz" / "corpus"
providers = ["aws", "azure", "vsphere", "gcp", "openstack", "maas", "edge"]


def put(target: str, data: bytes) -> None:
    d = out / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)


def text(case: dict, base: pathlib.Path, key: str = "input") -> str | None:
    if isinstance(case.get(key), str):
        return case[key]
    f = case.get(key + "_file") or (case.get("input_file") if key == "input" else None)
    return (base / f).read_text() if f else None


count = 0
for f in sorted(conf.rglob("*.json")):
    doc = json.loads(f.read_text())
    for case in doc.get("cases", []):
        case = {**doc.get("defaults", {}), **case}  # the file's defaults (tests/conformance/README.md)
        op = case.get("op")
        if op == "validate" and (src := text(case, f.parent)) is not None:
            put("validate", bytes([0]) + src.encode())
            ctx = case.get("options", {}).get("context")
            if ctx is not None:
                put("render", (src + "\n%%\n" + json.dumps(ctx)).encode())
        elif op == "render" and (src := text(case, f.parent)) is not None:
            put("render", (src + "\n%%\n" + json.dumps(case.get("context", {}))).encode())
        elif op == "check_image":
            p = providers.index(case["provider"]) if case.get("provider") in providers else 0
            put("check_image", bytes([p]) + case["reference"].encode())
        elif op == "set_values" and (src := text(case, f.parent)) is not None:
            head = "\n".join(f"{k}={v}".replace("\n", "\\n") for k, v in case.get("assignments", {}).items())
            put("set_values", (head + "\n%%\n" + src).encode())
        elif op == "from_packer_manifest" and (src := text(case, f.parent)) is not None:
            put("packer", src.encode())
        else:
            continue
        count += 1
print(f"fuzz seeds: {count} cases written under {out.relative_to(root)}", file=sys.stderr)
