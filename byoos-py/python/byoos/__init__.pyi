from typing import Any, Literal, Mapping, Optional

from ._byoos import Diagnostic as Diagnostic
from ._byoos import Report as Report
from ._errors import ByoosError as ByoosError
from ._errors import ParseError as ParseError
from ._errors import RenderError as RenderError
from ._errors import ValidationError as ValidationError

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

__version__: str

PackKind = Literal["edge-native-byoi", "generic-byoi"]
Provider = Literal["aws", "azure", "vsphere", "gcp", "openstack", "maas", "edge"]

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
) -> Report: ...
