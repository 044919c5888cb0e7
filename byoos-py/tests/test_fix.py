"""`byoos.fix`: the fixed text, the findings fixed, what remains; twice is once."""

import byoos

SOURCE = "pack:\n  osImageOverride: “ami-0123456789ABCDEF0”  # built by Packer\n  osName: ubuntu\n  osVersion: 22.04\n"


def test_fix_returns_text_fixed_and_diagnostics() -> None:
    f = byoos.fix(SOURCE, provider="aws")
    assert isinstance(f, byoos.Fixed)
    assert f.ok
    assert f.text == 'pack:\n  osImageOverride: "ami-0123456789abcdef0"  # built by Packer\n  osName: ubuntu\n  osVersion: "22.04"\n'
    assert [(d.code, d.path) for d in f.fixed] == [
        ("yaml/smart-quotes", ("pack", "osImageOverride")),
        ("image/uppercase-ami", ("pack", "osImageOverride")),
        ("yaml/implicit-type", ("pack", "osVersion")),
    ]
    first = f.fixed[0]
    assert SOURCE[first.start : first.end] == "“ami-0123456789ABCDEF0”"
    assert f.to_dict()["text"] == f.text
    again = byoos.fix(f.text, provider="aws")
    assert again.text == f.text and again.fixed == []
