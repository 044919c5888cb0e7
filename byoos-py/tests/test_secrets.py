"""Secrets never reach Python: not in a message, a help, an exception's str/repr or text,
a to_dict, nor a TypeError (issue 14 §1); control characters from keys are escaped."""

from __future__ import annotations

import json
from typing import Any, Callable, Iterator

import pytest

import byoos

PASSWORDS = ["Hunter2SecretPW", "20250101", "0x1F2E", "8.10", "'S3cQuotedPass'", '"S3cDoubleQuoted"']
# What a password may be read as besides its text (0x1F2E is the number 7982).
READ_AS = {"0x1F2E": ["7982", "1F2E"], "8.10": ["8.1"], "'S3cQuotedPass'": ["S3cQuotedPass"], '"S3cDoubleQuoted"': ["S3cDoubleQuoted"]}


def values_with(password: str) -> str:
    return (
        "pack:\n  osName: 12\n  osVersion: 8.10\nproviderCredentials:\n  user: admin\n"
        f"  pasword: x\n  password: {password}\n  registry: 10.0.0.1:5000\nextra: 1\n"
    )


def texts_of(obj: Any) -> Iterator[str]:
    """Every text a result or an exception shows."""
    yield repr(obj)
    if isinstance(obj, BaseException):
        yield str(obj)
        for attr in ("message", "text"):
            yield str(getattr(obj, attr, ""))
    if hasattr(obj, "to_dict"):
        # A result's `text` is the rendered or edited values: the user's own data.
        d = obj.to_dict()
        d.pop("text", None)
        for p in d.get("packs", []):
            p.pop("text", None)
        yield json.dumps(d)
    for d in getattr(obj, "diagnostics", []) or []:
        yield str(d)
        yield repr(d)
        yield d.message
        yield d.help or ""
        yield json.dumps(d.to_dict())
    for p in getattr(obj, "packs", []) or []:
        for d in p.diagnostics:
            yield d.message
            yield d.help or ""
            yield json.dumps(d.to_dict())


def outcome(f: Callable[[], Any]) -> Any:
    try:
        return f()
    except (byoos.ByoosError, TypeError, ValueError) as e:
        return e


def assert_hidden(obj: Any, secrets: list[str]) -> None:
    for text in texts_of(obj):
        for s in secrets:
            assert s not in text, f"{s!r} shows in {text!r}"


def is_number(s: str) -> bool:
    return s[0].isdigit()


@pytest.mark.parametrize("password", PASSWORDS)
def test_a_password_never_shows(password: str) -> None:
    src = values_with(password)
    hidden = [password.strip("'\"")] + READ_AS.get(password, [])
    # A number may stand in a line number or an offset by chance only when short.
    hidden = [h for h in hidden if not is_number(h) or len(h) >= 4]
    report = byoos.validate(src, pack="edge-native-byoi")
    assert "pack/plaintext-secret" in [d.code for d in report.diagnostics]
    for d in report.diagnostics:
        for h in hidden:
            assert h not in d.message and h not in (d.help or ""), (h, d)
    assert_hidden(report, [h for h in hidden if not is_number(h)])
    for op in (
        lambda: byoos.validate(src),
        lambda: byoos.render(src, pack="edge-native-byoi"),
        lambda: byoos.set_values(src, {"providerCredentials/password/x": "y"}),
        lambda: byoos.set_values(src, {"pack/osName/0": "y"}),
        lambda: byoos.set_values(src, {"providerCredentials/user": "y"}, pack="edge-native-byoi"),
        lambda: byoos.validate(src + "  - : [\n"),
    ):
        assert_hidden(outcome(op), [h for h in hidden if not is_number(h)])


def test_a_failed_edit_does_not_show_the_password_line() -> None:
    src = "pack:\n  osName: ubuntu\nproviderCredentials:\n  password: Hunter2SecretPW\n"
    with pytest.raises(byoos.ValidationError) as e:
        byoos.set_values(src, {"providerCredentials/password/x": "y"})
    assert e.value.code == "yaml/edit-path"
    assert_hidden(e.value, ["Hunter2SecretPW"])
    assert "***" in str(e.value)


def test_a_value_that_is_not_a_str_is_not_echoed() -> None:
    src = "providerCredentials:\n  password: old\n"
    for value in (b"NewS3cret", 20250101, ["NewS3cret"]):
        with pytest.raises(TypeError) as e:
            byoos.set_values(src, {"providerCredentials/password": value})  # type: ignore[dict-item]
        assert "NewS3cret" not in str(e.value) and "20250101" not in str(e.value)
        assert "NewS3cret" not in repr(e.value)


def test_sensitive_values_and_defaults_never_show() -> None:
    secret = "S3cSensitiveValue1"
    ctx = {
        "variables": {
            "definitions": [{"name": "pw", "isSensitive": True, "format": "ipv4", "defaultValue": secret + "d"}],
            "values": {"pw": secret},
        }
    }
    src = 'pack:\n  osName: "{{ .spectro.var.pw }}"\n  osVersion: "{{ .spectro.var.pw }}/x"\n  "{{ .spectro.var.pw }}": 1\n'
    assert_hidden(byoos.validate(src, context=ctx), [secret])
    assert_hidden(outcome(lambda: byoos.render(src, context=ctx)), [secret])
    bad = dict(ctx, sytem={})
    assert_hidden(outcome(lambda: byoos.render(src, context=bad)), [secret])
    profile = (
        "variables:\n  - name: pw\n    isSensitive: true\n    format: number\n"
        f'    defaultValue: "{secret}"\npacks:\n  - name: p\n    values: |\n'
        '      pack:\n        osName: "{{ .spectro.var.pw }}"\n'
    )
    assert_hidden(outcome(lambda: byoos.render_profile(profile)), [secret])


@pytest.mark.parametrize("provider", ["aws", "azure", "vsphere", "gcp", "openstack", "maas", "edge"])
def test_a_sas_signature_never_shows(provider: str) -> None:
    sig = "c2VjcmV0c2lnbmF0dXJlMTIzNDU2Nzg5"
    url = f"https://acct01.blob.core.windows.net/vhds/u.vhd?sv=2022-11-02&sp=r&sig={sig}%3D"
    assert_hidden(outcome(lambda: byoos.check_image(provider, url)), [sig])  # type: ignore[arg-type]
    src = f'pack:\n  osImageOverride: "{url}"\n  osName: 1\n  osVersion: "22.04"\n'
    assert_hidden(byoos.validate(src, provider=provider), [sig])  # type: ignore[arg-type]
    manifest = json.dumps(
        {"builds": [{"name": "u", "builder_type": "azure-arm", "packer_run_uuid": "r", "artifact_id": url}], "last_run_uuid": "q"}
    )
    assert_hidden(byoos.from_packer_manifest(manifest), [sig])


def test_control_characters_from_keys_are_escaped() -> None:
    src = 'pack:\n  "os\\e]52;c;aGk=\\aName\\r": x\n  osName: ubuntu\n'
    with pytest.raises(byoos.ValidationError) as e:
        byoos.set_values(src, {"pack/os\x1b]52;c;aGk=\x07Name\r/x": "y"})
    for text in (str(e.value), repr(e.value), e.value.text or ""):
        for c in "\x1b\x07\r":
            assert c not in text, repr(text)
