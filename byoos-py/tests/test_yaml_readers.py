"""Every scalar byoos writes reads back as the same string in PyYAML (YAML 1.1).

`set_values` and `render` write a plain scalar only when no common YAML reader takes it
for a number, boolean, null or timestamp (docs/decisions.md, 8 and 12). PyYAML is the
YAML 1.1 reader of the venv; a table of the known traps and a seeded random sample of
number-like strings both go through it.
"""

from __future__ import annotations

import random

import pytest
import yaml  # type: ignore[import-untyped]

import byoos

SOURCE = "pack:\n  osImageOverride: ami-0f4804aff4cf9c5a2\n  osName: rhel\n  osVersion: \"8\"\n"

TRAPS = [
    # integers of every base, with signs and `_`
    "0x1_0", "-0x1A", "+0x10", "0xFF_FF", "-0o17", "0o17", "0X1F", "0B11", "-0b1_0", "0_x10",
    "017", "1_000", "+1", "-0", "1__0",
    # sexagesimal
    "1:20", "-1:20", "190:20:30", "1:20.5",
    # floats
    "1.5", "1.", ".5", "+.5", "1e5", "1.5E-3", "1_0.5", ".inf", "-.inf", "+.INF", ".NaN", ".iNf",
    # booleans and nulls, any case
    "yes", "Yes", "YES", "yEs", "no", "NO", "on", "ON", "oN", "off", "OFF", "y", "Y", "n", "N",
    "true", "tRuE", "false", "null", "Null", "NULL", "nUlL", "~", "", "<<", "=",
    # timestamps
    "2024-01-01", "2024-1-1", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5",
    # text that stays plain
    "rhel", "1.29.5", "8.10.1", "0xyz", "ami-0123456789abcdef0",
]


def _read_back(text: str, key: str = "osName") -> object:
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    pack = data["pack"]
    assert isinstance(pack, dict)
    return pack[key]


@pytest.mark.parametrize("value", TRAPS)
def test_set_values_reads_back_as_the_same_string(value: str) -> None:
    edited = byoos.set_values(SOURCE, {"pack/osName": value})
    assert _read_back(edited.text) == value, edited.text


def test_set_values_new_key_reads_back() -> None:
    source = "pack:\n  osImageOverride: ami-0f4804aff4cf9c5a2\n  osName: rhel\n"
    for value in TRAPS:
        edited = byoos.set_values(source, {"pack/osVersion": value})
        assert _read_back(edited.text, "osVersion") == value, edited.text


def test_random_number_like_strings_read_back() -> None:
    """A seeded sample of strings over the characters numbers, booleans and dates use."""
    rng = random.Random(14)
    alphabet = "0123456789xXoObB_:.eE+-yYnN"
    for _ in range(3000):
        value = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 7)))
        edited = byoos.set_values(SOURCE, {"pack/osName": value})
        try:
            got = _read_back(edited.text)
        except (ValueError, yaml.YAMLError) as e:  # PyYAML took it for a number it cannot read
            raise AssertionError(f"{value!r} written as {edited.text!r}: {e}") from e
        assert got == value, (value, edited.text)


@pytest.mark.parametrize(
    ("prefix", "suffix"),
    [("0", "x1_0"), ("0", "xFF_FF"), ("-0", "o17"), ("0", "_x10"), ("1", ":20"), ("1", "_000"),
     ("y", "es"), ("O", "FF"), ("2024", "-01-01"), (".", "NaN"), ("1", "e5")],
)
def test_render_reads_back_as_the_same_string(prefix: str, suffix: str) -> None:
    """A plain scalar whose macro completes a number-like text is quoted when rendered."""
    source = f"pack:\n  osImageOverride: ami-0f4804aff4cf9c5a2\n  osName: {prefix}{{{{ .spectro.var.v }}}}\n"
    rendered = byoos.render(source, {"variables": {"values": {"v": suffix}}})
    assert _read_back(rendered.text) == prefix + suffix, rendered.text
