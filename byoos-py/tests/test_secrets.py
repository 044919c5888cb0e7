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

# Every kind of secret the core hides by its key, planted under providerCredentials as
# `key: value`, `{}` standing for the secret: (id, key, value). The pack knows `password`
# and `registry`; the other keys are unknown there, so a finding stands on each line.
KINDS = [
    ("password", "password", "{}"),
    ("apiKey", "apiKey", "{}"),
    ("api_key", "api_key", "{}"),
    ("privateKey", "privateKey", "{}"),
    ("aws_secret_access_key", "aws_secret_access_key", "{}"),
    ("url-password", "registry", '"https://robot:{}@registry.example.com/edge"'),
]
# Each kind with each password (a URL's password without quotes of its own).
CASES = [
    pytest.param(key, value, password, id=f"{kind}-{password}")
    for kind, key, value in KINDS
    for password in PASSWORDS
    if value == "{}" or password[0] not in "'\""
]

# Secrets an image reference carries: (id, reference, secret).
IMAGE_SECRETS = [
    ("sas", "https://acct01.blob.core.windows.net/vhds/u.vhd?sv=2022-11-02&sp=r&sig={}%3D", "c2VjcmV0c2lnbmF0dXJlMTIzNDU2Nzg5"),
    ("url-password", "https://robot:{}@images.example.com/vhds/u.vhd", "S3cUrlPassword1"),
    ("short-url-password", "https://robot:{}@images.example.com/u.qcow2", "S3cPw"),
    ("oci-url-password", "oci://robot:{}@harbor.example.com/edge/u:1.0", "S3cUrlPassword2"),
]
PROVIDERS = ["aws", "azure", "vsphere", "gcp", "openstack", "maas", "edge"]


def values_with(key: str, value: str) -> str:
    """Values with `key: value` planted under providerCredentials."""
    registry = "" if key == "registry" else "  registry: 10.0.0.1:5000\n"
    return (
        "pack:\n  osName: 12\n  osVersion: 8.10\nproviderCredentials:\n  user: admin\n"
        f"  pasword: x\n  {key}: {value}\n{registry}extra: 1\n"
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


@pytest.mark.parametrize(("key", "value", "password"), CASES)
def test_a_secret_never_shows(key: str, value: str, password: str) -> None:
    src = values_with(key, value.format(password))
    hidden = [password.strip("'\"")] + READ_AS.get(password, [])
    # A number may stand in a line number or an offset by chance only when short.
    hidden = [h for h in hidden if not is_number(h) or len(h) >= 4]
    report = byoos.validate(src, pack="edge-native-byoi")
    # A finding on the planted line: every excerpt of it quotes that line.
    assert ("providerCredentials", key) in [d.path for d in report.diagnostics]
    if key == "password":
        assert "pack/plaintext-secret" in [d.code for d in report.diagnostics]
    for d in report.diagnostics:
        for h in hidden:
            assert h not in d.message and h not in (d.help or ""), (h, d)
    assert_hidden(report, [h for h in hidden if not is_number(h)])
    for op in (
        lambda: byoos.validate(src),
        lambda: byoos.render(src, pack="edge-native-byoi"),
        lambda: byoos.set_values(src, {f"providerCredentials/{key}/x": "y"}),
        lambda: byoos.set_values(src, {"pack/osName/0": "y"}),
        lambda: byoos.set_values(src, {"providerCredentials/user": "y"}, pack="edge-native-byoi"),
        lambda: byoos.validate(src + "  - : [\n"),
    ):
        assert_hidden(outcome(op), [h for h in hidden if not is_number(h)])
    # A failed edit of the secret's path quotes its line: shown, with `***` for the secret.
    with pytest.raises(byoos.ValidationError) as e:
        byoos.set_values(src, {f"providerCredentials/{key}/x": "y"})
    assert e.value.code == "yaml/edit-path"
    assert f"{key}: {value.format('***')}" in str(e.value), str(e.value)
    assert_hidden(e.value, hidden)


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


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(("reference", "secret"), [pytest.param(r, s, id=i) for i, r, s in IMAGE_SECRETS])
def test_a_secret_in_an_image_reference_never_shows(provider: str, reference: str, secret: str) -> None:
    url = reference.format(secret)
    assert_hidden(outcome(lambda: byoos.check_image(provider, url)), [secret])  # type: ignore[arg-type]
    src = f'pack:\n  osImageOverride: "{url}"\n  osName: 1\n  osVersion: "22.04"\n'
    assert_hidden(byoos.validate(src, provider=provider), [secret])  # type: ignore[arg-type]
    manifest = json.dumps(
        {"builds": [{"name": "u", "builder_type": "azure-arm", "packer_run_uuid": "r", "artifact_id": url}], "last_run_uuid": "q"}
    )
    assert_hidden(byoos.from_packer_manifest(manifest), [secret])


def test_control_characters_from_keys_are_escaped() -> None:
    src = 'pack:\n  "os\\e]52;c;aGk=\\aName\\r": x\n  osName: ubuntu\n'
    with pytest.raises(byoos.ValidationError) as e:
        byoos.set_values(src, {"pack/os\x1b]52;c;aGk=\x07Name\r/x": "y"})
    for text in (str(e.value), repr(e.value), e.value.text or ""):
        for c in "\x1b\x07\r":
            assert c not in text, repr(text)
