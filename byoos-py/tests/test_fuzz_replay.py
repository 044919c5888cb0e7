"""The fuzz corpus (fuzz/replay/, format in its README) replayed through the binding.

Each input goes to the operation its fuzz target drives; the only exceptions allowed are
``byoos.ByoosError`` subclasses, and the interpreter answers a normal call afterwards.
"""

from __future__ import annotations

import base64
import gzip
import json
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

import pytest

import byoos

REPLAY = Path(__file__).resolve().parents[2] / "fuzz" / "replay"
PROVIDERS: list[byoos.Provider] = ["aws", "azure", "vsphere", "gcp", "openstack", "maas", "edge"]
PACKS: list[Optional[byoos.PackKind]] = [None, "edge-native-byoi", "generic-byoi"]


def inputs(target: str) -> Iterator[bytes]:
    for line in gzip.decompress((REPLAY / f"{target}.txt.gz").read_bytes()).splitlines():
        yield base64.b64decode(line)


def text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def context(ctx: str) -> Optional[dict[str, Any]]:
    """The context as the fuzz seeds write it (JSON); other text gives no context."""
    try:
        value = json.loads(ctx)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def attempt(call: Callable[[], object], data: bytes) -> None:
    try:
        call()
    except byoos.ByoosError:
        pass
    except BaseException as e:  # noqa: BLE001 - anything else is the failure under test
        raise AssertionError(f"{type(e).__name__}: {e} for input {base64.b64encode(data)!r}") from e


def validate(data: bytes) -> None:
    if data:
        source = text(data[1:])
        attempt(lambda: byoos.validate(source, pack=PACKS[data[0] % 3]), data)
        attempt(lambda: byoos.to_terraform(source, version="1.0.0"), data)


def usable(context_: Optional[dict[str, Any]]) -> Optional[dict[str, Any]]:
    """The context, or None when the binding refuses it as an argument (ValueError
    "invalid context"): the fuzz target falls back to the default context the same way."""
    try:
        byoos.render("", context_)
    except byoos.ByoosError:
        pass
    except ValueError as e:
        assert str(e).startswith("invalid context"), e
        return None
    return context_


def render(data: bytes) -> None:
    values, sep, ctx = text(data).partition("\n%%\n")
    context_ = usable(context(ctx)) if sep else {"system": {"kubernetes": {"version": "1.29.5"}}}
    attempt(lambda: byoos.render(values, context_), data)
    attempt(lambda: byoos.render_profile(values, context_), data)


def check_image(data: bytes) -> None:
    if data:
        region = "us-east-1" if data[0] & 0x80 else None
        reference = text(data[1:])
        attempt(lambda: byoos.check_image(PROVIDERS[data[0] % 7], reference, region=region), data)


def packer(data: bytes) -> None:
    attempt(lambda: byoos.from_packer_manifest(text(data), region="us-east-1"), data)


def set_values(data: bytes) -> None:
    head, sep, source = text(data).partition("\n%%\n")
    if not sep:
        head, source = "pack/osName=ubuntu", text(data)
    assignments = dict(
        (p, v.replace("\\n", "\n")) for p, _, v in (l.partition("=") for l in head.splitlines()[:16] if "=" in l)
    )
    attempt(lambda: byoos.set_values(source, assignments), data)


TARGETS: dict[str, Callable[[bytes], None]] = {
    "validate": validate,
    "render": render,
    "check_image": check_image,
    "packer": packer,
    "set_values": set_values,
}


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_replay(target: str) -> None:
    count = 0
    for data in inputs(target):
        TARGETS[target](data)
        count += 1
    assert count > 0, f"fuzz/replay/{target}.txt.gz is empty"
    # Still working afterwards.
    assert byoos.check_image("aws", "ami-0f4804aff4cf9c5a2").ok
    assert byoos.validate("pack:\n  osImageOverride: ami-0f4804aff4cf9c5a2\n  osName: ubuntu\n  osVersion: '22.04'\n").ok


def test_every_target_is_replayed() -> None:
    assert {p.name.removesuffix(".txt.gz") for p in REPLAY.glob("*.txt.gz")} == set(TARGETS)
