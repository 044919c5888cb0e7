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
from typing import Any, Literal, Mapping, Optional, Sequence

from . import _byoos
from ._byoos import (
    Diagnostic,
    Diff,
    Edited,
    Fixed,
    ImageReport,
    PackerResult,
    PackReport,
    Rendered,
    RenderedPack,
    RenderedProfile,
    Report,
)
from ._byoos import check_image
from ._errors import ByoosError, ParseError, RenderError, ValidationError

__all__ = [
    "ByoosError",
    "Diagnostic",
    "Edited",
    "ImageReport",
    "Diff",
    "diff",
    "InputKind",
    "PackKind",
    "PackReport",
    "PackerResult",
    "ParseError",
    "Provider",
    "RenderError",
    "Rendered",
    "RenderedPack",
    "RenderedProfile",
    "Report",
    "ValidationError",
    "__version__",
    "check_image",
    "from_packer_manifest",
    "from_image_config",
    "ImageConfigResult",
    "json_schema",
    "render",
    "render_profile",
    "set_values",
    "to_terraform",
    "validate",
    "fix",
    "Fixed",
]

__version__: str = _byoos.VERSION

PackKind = Literal["edge-native-byoi", "generic-byoi"]
Provider = Literal["aws", "azure", "vsphere", "gcp", "openstack", "maas", "edge"]
InputKind = Literal["values", "profile", "terraform"]


def _jsonable(value: object) -> object:
    """`json.dumps` hook: any Mapping (not only dict) becomes an object."""
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"byoos: {type(value).__name__} is not JSON-serialisable")


def _options(**options: object) -> Optional[str]:
    """The options as the JSON object the core reads; None and False are left out."""
    given = {k: v for k, v in options.items() if v is not None and v is not False}
    return json.dumps(given, default=_jsonable) if given else None


def _context(context: Optional[Mapping[str, Any]]) -> Optional[str]:
    """A context mapping as the JSON object the core reads."""
    if context is None:
        return None
    return json.dumps(context, default=_jsonable)


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
    input: Optional[InputKind] = None,
    files: Optional[Mapping[str, str]] = None,
    config: Optional[Mapping[str, Any]] = None,
) -> Report:
    """Check one pack's values, a cluster profile or Terraform; return a :class:`Report`.

    A profile (the simple shape ``{name?, packs: [...]}``, Palette's export as JSON or
    YAML) or Terraform (``resource "spectrocloud_cluster_profile"``) is told from the
    text: ``report.packs`` then lists each pack checked (:class:`PackReport`), whose
    diagnostics have paths inside the pack's values and offsets into ``source`` (or
    into ``files[pack.file]``), and ``report.diagnostics`` holds those of the file.

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
    :param input: ``"values"``, ``"profile"`` or ``"terraform"``; told from the text
        (and a ``file_name`` ending in ``.tf``) when omitted.
    :param files: the texts of the files a Terraform input names in ``file("…")`` or
        ``templatefile("…", …)``, by the path as written relative to the ``.tf`` file
        (byoos reads no file itself).
    :param config: settings as in ``byoos.toml``, keys as written there (``select``,
        ``ignore``, ``extend-ignore``, ``severity``, ``provider``, ``region``, ``pack``,
        ``overrides`` as a list of ``{"files": [...], ...}`` matched against
        ``file_name``). A key or value byoos does not know makes the report one
        ``config/...`` error per problem, and nothing else.
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
        input=input,
        files=files,
        config=config,
    )
    return _byoos.validate(source, options)


def render(
    source: str,
    context: Optional[Mapping[str, Any]] = None,
    *,
    strict: bool = False,
    pack: Optional[PackKind] = None,
    pack_name: Optional[str] = None,
    file_name: Optional[str] = None,
    limits: Optional[Mapping[str, int]] = None,
) -> Rendered:
    """Resolve every Palette macro (``{{ .spectro.… }}``) of one pack's values.

    Only the scalars holding macros change; comments and layout stay as written.
    A missing value renders as Palette does (empty string and a warning) unless
    ``strict``. Problems inside actions are diagnostics of the :class:`Rendered`
    (``rendered.ok`` is False when any is an error), unless ``strict``: then any
    error raises :class:`RenderError`, and no half-rendered text is returned.

    :param context: a mapping of the Context shape (``system``, ``packs``,
        ``variables``, ``macros``), e.g. a plain dict.
    :raises ParseError: the source is not YAML, or a ``limit/`` budget is exceeded.
    :raises RenderError: rendering could not finish, or (``strict``) found an error.
    :raises ValueError: an option or the context is invalid.
    """
    options = _options(
        strict=strict, pack=pack, pack_name=pack_name, file_name=file_name, limits=limits
    )
    return _byoos.render(source, _context(context), options)


def diff(
    old: str,
    new: str,
    context: Optional[Mapping[str, Any]] = None,
    *,
    pack: Optional[PackKind] = None,
    limits: Optional[Mapping[str, int]] = None,
) -> Diff:
    """What changes from ``old`` to ``new`` values, and what each change does to the nodes.

    Every change (``path``, ``old`` → ``new``) carries Palette's upgrade behaviour for
    its key (``impact``: ``no-op``, ``reload``, ``service-restart``, ``reboot`` or
    ``repave``) and the ``reason``; ``diff.impact`` is the strongest. Comments, quoting
    and layout are not changes. Both sides are rendered with ``context`` to compare the
    resolved Edge ``system.uri``. Never raises for bad input: ``diff.ok`` is False and
    ``old_diagnostics`` / ``new_diagnostics`` say why.
    """
    return _byoos.diff(old, new, _context(context), _options(pack=pack, limits=limits))


def render_profile(
    profile: str,
    context: Optional[Mapping[str, Any]] = None,
    *,
    strict: bool = False,
    file_name: Optional[str] = None,
    limits: Optional[Mapping[str, int]] = None,
    input: Optional[InputKind] = None,
    files: Optional[Mapping[str, str]] = None,
) -> RenderedProfile:
    """Render every pack of a cluster profile together (packs may reference each other).

    ``profile`` is YAML or JSON text: ``{name?, packs: [{name, tag?, layer?, values}]}``
    or Palette's profile export; or Terraform (``files`` answers its ``file("…")``).
    Each :class:`RenderedPack` has its own diagnostics, with offsets into ``profile``
    (or into ``files[pack.file]``) at the characters of the values as written there.

    :raises ParseError: the profile is not YAML/JSON, or a budget is exceeded.
    :raises RenderError: the profile has no list of packs, or (``strict``) any error;
        its diagnostics then point into the profile text (paths
        ``packs/<i>/values/…``).
    :raises ValueError: an option or the context is invalid.
    """
    options = _options(
        strict=strict, file_name=file_name, limits=limits, input=input, files=files
    )
    return _byoos.render_profile(profile, _context(context), options)


def to_terraform(
    source: str,
    *,
    pack: Optional[PackKind] = None,
    version: Optional[str] = None,
    registry: Optional[str] = None,
    limits: Optional[Mapping[str, int]] = None,
) -> str:
    """Terraform HCL (spectrocloud provider) for a cluster-profile pack with these values.

    :param version: pack version, required: ``spectrocloud_pack_simple`` matches it exactly
        (``1.0.0``, ``2.1.0``; a ``.x`` tag matches nothing), and it differs by registry.
    :param registry: registry name (default ``Public Repo``).
    :raises ParseError: the source is not YAML.
    :raises ValidationError: the pack kind cannot be told (pass ``pack``), or no ``version``.
    """
    options = _options(pack=pack, version=version, registry=registry, limits=limits)
    return _byoos.to_terraform(source, options)


def from_packer_manifest(
    manifest_json: str,
    *,
    region: Optional[str] = None,
    os_name: Optional[str] = None,
    os_version: Optional[str] = None,
    run: Optional[str] = None,
    build: Optional[str] = None,
    folder: Optional[str] = None,
) -> PackerResult:
    """``generic-byoi`` values from a Packer manifest (``packer-manifest.json``).

    Never raises for a bad manifest: ``result.text`` is None when an error stops the
    conversion, and the diagnostics point into the manifest.

    :param region: the cluster's AWS region (picks that region's AMI).
    :param os_name: ``osName`` to write (default: the build's ``custom_data``).
    :param os_version: ``osVersion`` to write (default: the build's ``custom_data``).
    :param run: ``"last"`` (default) or a ``packer_run_uuid``.
    :param build: the build's name, when the run has several.
    :param folder: vSphere inventory folder of the template.
    """
    options = _options(
        region=region, os_name=os_name, os_version=os_version, run=run, build=build, folder=folder
    )
    return _byoos.from_packer_manifest(manifest_json, options)


#: The result of :func:`from_image_config`: the shape of :class:`PackerResult`.
ImageConfigResult = PackerResult


def from_image_config(
    text: str,
    *,
    template: Optional[str] = None,
    output_files: Optional[Sequence[str]] = None,
) -> PackerResult:
    """``generic-byoi`` values from CAPI Image Builder's ``imageconfig`` (``key=value`` lines).

    ``osImageOverride`` is the template's inventory path
    ``/{vcenter_datacenter}/vm/{vcenter_folder}/{name}``; ``osName`` and ``osVersion`` come
    from ``os_version`` (``rhel-8`` → ``rhel``, ``8``). Never raises for a bad file:
    ``result.text`` is None when an error stops the conversion; the diagnostics point into
    the file and never show the values of its secrets (``vcenter_password``, …).

    :param template: the vSphere template's name, when it is not the OVA's
        (``<os_version>-kube-v<k8s_version>``).
    :param output_files: the file names of the build's output folder
        (``output/<image_name>/``); its OVA names the template.
    """
    files = list(output_files) if output_files is not None else None
    return _byoos.from_image_config(text, _options(template=template, output_files=files))


def set_values(
    source: str,
    assignments: Mapping[str, str],
    *,
    pack: Optional[PackKind] = None,
    provider: Optional[Provider] = None,
    region: Optional[str] = None,
    pack_name: Optional[str] = None,
    file_name: Optional[str] = None,
    limits: Optional[Mapping[str, int]] = None,
    create: bool = False,
) -> Edited:
    """Set scalars by path (``"pack/osImageOverride"``: segments joined by ``/``, a
    number is a list index), keeping comments and layout byte for byte. Missing keys
    the pack knows are added in the mapping's order. The edited text is validated
    again (``edited.diagnostics``, offsets into ``edited.text``; ``edited.ok`` is
    False when any of them is an error).

    :param create: add keys the pack's shape does not know, on purpose; without it
        such a path (usually a typo, ``pack/osVerison``) raises ``ValidationError``
        (``yaml/edit-unknown-key``, with a did-you-mean).
    :raises ParseError: the source is not YAML.
    :raises ValidationError: a path cannot be set (``yaml/edit-path``) or names a key
        the pack does not know (``yaml/edit-unknown-key``).
    :raises TypeError: a value is not a str.
    """
    pairs = list(assignments.items())
    for path, value in pairs:
        if not isinstance(path, str) or not isinstance(value, str):
            # The value is never echoed: it may be a password.
            what = repr(path) if isinstance(path, str) else f"a {type(path).__name__} path"
            raise TypeError(
                f"byoos: assignments map str paths to str values; {what} has a {type(value).__name__} value"
            )
    options = _options(
        pack=pack,
        provider=provider,
        region=region,
        pack_name=pack_name,
        file_name=file_name,
        limits=limits,
        create=create,
    )
    return _byoos.set_values(source, pairs, options)


def json_schema(pack_kind: PackKind) -> str:
    """The JSON Schema (draft 2020-12) of a pack kind's values, as JSON text.

    :raises ValueError: unknown pack kind.
    """
    return _byoos.json_schema(pack_kind)


def fix(
    source: str,
    *,
    pack: Optional[PackKind] = None,
    provider: Optional[Provider] = None,
    region: Optional[str] = None,
    pack_name: Optional[str] = None,
    file_name: Optional[str] = None,
    limits: Optional[Mapping[str, int]] = None,
) -> Fixed:
    """Apply every mechanical fix (the codes marked fixable in ``docs/diagnostics.md``:
    curly quotes, an unquoted version, a scheme in a registry, ...), keeping everything
    else byte for byte, and validate again. Fixing the result again changes nothing.

    ``fixed.fixed`` lists the findings fixed (offsets into ``source``),
    ``fixed.diagnostics`` what remains (offsets into ``fixed.text``).

    :raises ValidationError: a fix would add an error (nothing is fixed then).
    """
    options = _options(
        pack=pack,
        provider=provider,
        region=region,
        pack_name=pack_name,
        file_name=file_name,
        limits=limits,
    )
    return _byoos.fix(source, options)
