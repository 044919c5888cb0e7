"""The Python binding of ``validate``: codes, paths, positions and offsets."""

from __future__ import annotations

import doctest
import json

import pytest

import byoos

# Edge values with two classic mistakes: curly quotes pasted from a document, and
# `content:` at the indentation of `pack:` (so `pack` is empty).
EDGE = """\
pack:
content:
  images:
    - image: ‘{{ .spectro.pack.edge-native-byoi.options.system.uri }}’
options:
  system.uri: “{{ .spectro.pack.edge-native-byoi.options.system.registry }}/x”
  system.registry: ttl.sh
"""

# Non-ASCII before the offending value: an emoji (two UTF-16 units, four UTF-8 bytes).
GENERIC = """\
# 🚀 RHEL 8 image — built by Packer
pack:
  osImageOverride: "ami-0f4804aff4cf9c5a2"
  osName: rhel
  osVersion: 8.10
"""


def test_edge_example() -> None:
    report = byoos.validate(EDGE)
    assert report.ok is False
    assert report.pack == "edge-native-byoi"
    found = [(d.code, d.path, d.line, d.column) for d in report.diagnostics]
    assert found == [
        ("pack/misplaced-key", ("content",), 2, 1),
        ("yaml/smart-quotes", ("content", "images", 0, "image"), 4, 14),
        ("yaml/smart-quotes", ("options", "system.uri"), 6, 15),
    ]
    misplaced = report.diagnostics[0]
    assert misplaced.severity == "error"
    assert EDGE[misplaced.start : misplaced.end] == "content"
    assert (misplaced.end_line, misplaced.end_column) == (2, 8)
    assert misplaced.help is not None and "pack" in misplaced.help
    quoted = report.diagnostics[1]
    assert EDGE[quoted.start : quoted.end].startswith("‘{{")
    assert EDGE[quoted.start : quoted.end].endswith("}}’")
    assert isinstance(quoted.path[2], int)


def test_non_ascii_offsets_are_code_points() -> None:
    report = byoos.validate(GENERIC, provider="aws")
    assert not report.ok
    assert report.pack == "generic-byoi"
    (d,) = report.diagnostics
    assert d.code == "yaml/implicit-type"
    assert d.path == ("pack", "osVersion")
    assert (d.line, d.column) == (5, 14)
    assert GENERIC[d.start : d.end] == "8.10"


def test_clean_values_are_ok() -> None:
    source = 'pack:\n  osImageOverride: "ami-0f4804aff4cf9c5a2"\n  osName: rhel\n  osVersion: "8.10"\n'
    report = byoos.validate(source, provider="aws")
    assert report.ok
    assert report.diagnostics == []
    assert report.to_dict() == {"ok": True, "pack": "generic-byoi", "diagnostics": []}
    # Without the provider the AMI names its own (checked for AWS): not an error.
    inferred = byoos.validate(source)
    assert inferred.ok
    assert all(d.severity != "error" for d in inferred.diagnostics)


def test_to_dict_is_the_contract_json_shape() -> None:
    report = byoos.validate(EDGE)
    data = report.to_dict()
    assert list(data) == ["ok", "pack", "diagnostics"]
    first = data["diagnostics"][0]
    assert list(first) == [
        "code", "severity", "message", "path", "line", "column",
        "end_line", "end_column", "start", "end", "help",
    ]
    assert first["path"] == ["content"]
    json.dumps(data)  # plain JSON-compatible values only


def test_objects_are_frozen_and_comparable() -> None:
    a = byoos.validate(EDGE).diagnostics[0]
    b = byoos.validate(EDGE).diagnostics[0]
    assert a == b and hash(a) == hash(b)
    with pytest.raises(AttributeError):
        a.code = "x"  # type: ignore[misc]
    report = byoos.validate(EDGE)
    report.diagnostics.clear()
    assert len(report.diagnostics) == 3
    assert "pack/misplaced-key" in repr(a)
    assert str(a).startswith("error[pack/misplaced-key]: ")


def test_options() -> None:
    # Forcing the wrong kind is honoured.
    report = byoos.validate(GENERIC, pack="generic-byoi", file_name="values.yaml", pack_name="generic-byoi")
    assert report.pack == "generic-byoi"
    with pytest.raises(ValueError, match="unknown variant"):
        byoos.validate(EDGE, pack="edge")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown field"):
        byoos.validate(EDGE, limits={"max_bytes": 1})
    with pytest.raises(TypeError):
        byoos.validate(EDGE, "generic-byoi")  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="unknown variant"):
        byoos.validate(GENERIC, provider="aws-gov")  # type: ignore[arg-type]
    # A context is accepted as any mapping, checked against the Context shape.
    ctx = {"system": {"kubernetes": {"version": "1.29.5"}}, "variables": {"values": {}}}
    assert byoos.validate(GENERIC, provider="aws", region="us-east-1", context=ctx, strict=True).pack == "generic-byoi"
    with pytest.raises(ValueError, match="unknown field `sytem`"):
        byoos.validate(GENERIC, context={"sytem": {}})
    with pytest.raises(TypeError, match="not JSON-serialisable"):
        byoos.validate(GENERIC, context={"system": {"x": object()}})


def test_limits_become_diagnostics() -> None:
    report = byoos.validate(EDGE, limits={"max_input_bytes": 10})
    assert not report.ok
    assert [d.code.split("/")[0] for d in report.diagnostics] == ["limit"]


def test_bad_input_never_raises() -> None:
    for source in ["", "\x00", "[", "a: b: c", "- - -", "{{", "pack: [", "\ufeff", "é" * 10]:
        report = byoos.validate(source)
        assert isinstance(report.ok, bool)
        for d in report.diagnostics:
            assert 0 <= d.start <= d.end <= len(source)


def test_a_panic_is_a_byoos_error() -> None:
    from byoos import _byoos

    with pytest.raises(byoos.ByoosError, match=r"internal error: .*this is a bug") as info:
        _byoos._panic_for_tests()
    assert not isinstance(info.value, ValueError)
    assert info.value.diagnostics == []


def test_exception_hierarchy() -> None:
    assert issubclass(byoos.ParseError, byoos.ByoosError)
    assert issubclass(byoos.ParseError, ValueError)
    assert issubclass(byoos.ValidationError, ValueError)
    assert issubclass(byoos.RenderError, byoos.ByoosError)
    err = byoos.ParseError("bad", byoos.validate(EDGE).diagnostics)
    assert err.message == "bad" and err.code == "pack/misplaced-key"


def test_module_docstring() -> None:
    result = doctest.testmod(byoos)
    assert result.attempted > 0 and result.failed == 0


def test_version() -> None:
    assert byoos.__version__.count(".") == 2
