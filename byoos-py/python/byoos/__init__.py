"""Check Spectro Cloud Palette BYOOS pack values offline.

>>> import byoos
>>> report = byoos.validate("pack:\\n  osImageOverride: ami-0f4804aff4cf9c5a2\\n  osName: rhel\\n  osVersion: 8.10\\n")
>>> report.ok
False
>>> [(d.code, d.path) for d in report.diagnostics]
[('yaml/implicit-type', ('pack', 'osVersion'))]
"""

from __future__ import annotations

import json
from typing import Literal, Mapping, Optional

from . import _byoos
from ._byoos import Diagnostic, Report
from ._errors import ByoosError, ParseError, RenderError, ValidationError

__all__ = [
    "ByoosError",
    "Diagnostic",
    "PackKind",
    "ParseError",
    "RenderError",
    "Report",
    "ValidationError",
    "__version__",
    "validate",
]

__version__: str = _byoos.VERSION

PackKind = Literal["edge-native-byoi", "generic-byoi"]


def _options(
    pack: Optional[str],
    pack_name: Optional[str],
    file_name: Optional[str],
    limits: Optional[Mapping[str, int]],
) -> Optional[str]:
    options: dict[str, object] = {}
    if pack is not None:
        options["pack"] = pack
    if pack_name is not None:
        options["pack_name"] = pack_name
    if file_name is not None:
        options["file_name"] = file_name
    if limits is not None:
        options["limits"] = dict(limits)
    return json.dumps(options) if options else None


def validate(
    source: str,
    *,
    pack: Optional[PackKind] = None,
    pack_name: Optional[str] = None,
    file_name: Optional[str] = None,
    limits: Optional[Mapping[str, int]] = None,
) -> Report:
    """Check one pack's values and return a :class:`Report`.

    Never raises for bad input: every problem is a :class:`Diagnostic`, and
    ``report.ok`` is False when any of them is an error. ``start``/``end`` are
    code-point offsets, so ``source[d.start:d.end]`` is the offending text.

    :param pack: ``"edge-native-byoi"`` or ``"generic-byoi"``; detected when omitted.
    :param pack_name: the name this document has, for self references.
    :param file_name: used in messages.
    :param limits: resource budgets (``max_input_bytes``, ``max_depth``,
        ``max_nodes``, ``max_alias_expansion``).
    :raises ValueError: an option is invalid (e.g. an unknown pack kind).
    :raises ByoosError: an internal error (a bug).
    """
    return _byoos.validate(source, _options(pack, pack_name, file_name, limits))
