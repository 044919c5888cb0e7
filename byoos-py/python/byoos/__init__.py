"""Check Spectro Cloud Palette BYOOS pack values offline.

>>> import byoos
>>> source = "pack:\\n  osImageOverride: ami-0f4804aff4cf9c5a2\\n  osName: rhel\\n  osVersion: 8.10\\n"
>>> report = byoos.validate(source, provider="aws")
>>> report.ok
False
>>> [(d.code, d.path) for d in report.diagnostics]
[('yaml/implicit-type', ('pack', 'osVersion'))]
"""

from __future__ import annotations

import json
from typing import Any, Literal, Mapping, Optional

from . import _byoos
from ._byoos import Diagnostic, Report
from ._errors import ByoosError, ParseError, RenderError, ValidationError

__all__ = [
    "ByoosError",
    "Diagnostic",
    "PackKind",
    "ParseError",
    "Provider",
    "RenderError",
    "Report",
    "ValidationError",
    "__version__",
    "validate",
]

__version__: str = _byoos.VERSION

PackKind = Literal["edge-native-byoi", "generic-byoi"]
Provider = Literal["aws", "azure", "vsphere", "gcp", "openstack", "maas", "edge"]


def _jsonable(value: object) -> object:
    """`json.dumps` hook: any Mapping (not only dict) becomes an object."""
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"byoos: {type(value).__name__} is not JSON-serialisable")


def _options(**options: object) -> Optional[str]:
    """The options as the JSON object the core reads; None and False are left out."""
    given = {k: v for k, v in options.items() if v is not None and v is not False}
    return json.dumps(given, default=_jsonable) if given else None


def validate(
    source: str,
    *,
    pack: Optional[PackKind] = None,
    provider: Optional[Provider] = None,
    region: Optional[str] = None,
    context: Optional[Mapping[str, Any]] = None,
    strict: bool = False,
    pack_name: Optional[str] = None,
    file_name: Optional[str] = None,
    limits: Optional[Mapping[str, int]] = None,
) -> Report:
    """Check one pack's values and return a :class:`Report`.

    Never raises for bad input: every problem is a :class:`Diagnostic`, and
    ``report.ok`` is False when any of them is an error. ``start``/``end`` are
    code-point offsets, so ``source[d.start:d.end]`` is the offending text.

    :param pack: ``"edge-native-byoi"`` or ``"generic-byoi"``; detected when omitted.
    :param provider: the cloud provider ``osImageOverride`` names (``"aws"``,
        ``"azure"``, ...); inferred from the reference when unambiguous.
    :param region: the cluster's AWS region (AMI ARNs must be in it).
    :param context: values for macros (``system``, ``packs``, ``variables``,
        ``macros``); with it the values are also rendered and checked.
    :param strict: with a context, a missing reference is an error instead of
        Palette's empty string and a warning.
    :param pack_name: the name this document has, for self references.
    :param file_name: used in messages.
    :param limits: resource budgets (``max_input_bytes``, ``max_depth``,
        ``max_nodes``, ``max_alias_expansion``, ...).
    :raises ValueError: an option is invalid (e.g. an unknown pack kind).
    :raises TypeError: an option is not JSON-serialisable.
    :raises ByoosError: an internal error (a bug).
    """
    options = _options(
        pack=pack,
        provider=provider,
        region=region,
        context=context,
        strict=strict,
        pack_name=pack_name,
        file_name=file_name,
        limits=limits,
    )
    return _byoos.validate(source, options)
