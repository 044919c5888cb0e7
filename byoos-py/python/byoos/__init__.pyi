from typing import Any, Literal, Mapping, Optional, Sequence

from ._byoos import Diagnostic as Diagnostic
from ._byoos import Diff as Diff
from ._byoos import Edited as Edited
from ._byoos import Fixed as Fixed
from ._byoos import ImageReport as ImageReport
from ._byoos import PackReport as PackReport
from ._byoos import PackerResult as PackerResult
from ._byoos import Rendered as Rendered
from ._byoos import RenderedPack as RenderedPack
from ._byoos import RenderedProfile as RenderedProfile
from ._byoos import Report as Report
from ._errors import ByoosError as ByoosError
from ._errors import ParseError as ParseError
from ._errors import RenderError as RenderError
from ._errors import ValidationError as ValidationError

__all__ = [
    "ByoosError",
    "Diagnostic",
    "Edited",
    "ImageReport",
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
    "diff",
    "Diff",
    "ImageConfigResult",
    "json_schema",
    "render",
    "render_profile",
    "set_values",
    "fix",
    "Fixed",
    "to_terraform",
    "validate",
]

__version__: str

PackKind = Literal["edge-native-byoi", "generic-byoi"]
Provider = Literal["aws", "azure", "vsphere", "gcp", "openstack", "maas", "edge"]
InputKind = Literal["values", "profile", "terraform"]

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
) -> Report: ...
def render(
    source: str,
    context: Optional[Mapping[str, Any]] = None,
    *,
    strict: bool = False,
    pack: Optional[PackKind] = None,
    pack_name: Optional[str] = None,
    file_name: Optional[str] = None,
    limits: Optional[Mapping[str, int]] = None,
) -> Rendered: ...
def render_profile(
    profile: str,
    context: Optional[Mapping[str, Any]] = None,
    *,
    strict: bool = False,
    file_name: Optional[str] = None,
    limits: Optional[Mapping[str, int]] = None,
    input: Optional[InputKind] = None,
    files: Optional[Mapping[str, str]] = None,
) -> RenderedProfile: ...
def check_image(provider: Provider, reference: str, *, region: Optional[str] = None) -> ImageReport: ...
def to_terraform(
    source: str,
    *,
    pack: Optional[PackKind] = None,
    version: Optional[str] = None,
    registry: Optional[str] = None,
    limits: Optional[Mapping[str, int]] = None,
) -> str: ...
def from_packer_manifest(
    manifest_json: str,
    *,
    region: Optional[str] = None,
    os_name: Optional[str] = None,
    os_version: Optional[str] = None,
    run: Optional[str] = None,
    build: Optional[str] = None,
    folder: Optional[str] = None,
) -> PackerResult: ...
def diff(
    old: str,
    new: str,
    context: Optional[Mapping[str, Any]] = None,
    *,
    pack: Optional[PackKind] = None,
    limits: Optional[Mapping[str, int]] = None,
) -> Diff: ...
ImageConfigResult = PackerResult
def from_image_config(
    text: str,
    *,
    template: Optional[str] = None,
    output_files: Optional[Sequence[str]] = None,
) -> PackerResult: ...
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
) -> Edited: ...
def json_schema(pack_kind: PackKind) -> str: ...
def fix(
    source: str,
    *,
    pack: Optional[PackKind] = None,
    provider: Optional[Provider] = None,
    region: Optional[str] = None,
    pack_name: Optional[str] = None,
    file_name: Optional[str] = None,
    limits: Optional[Mapping[str, int]] = None,
) -> Fixed: ...
