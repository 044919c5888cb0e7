"""Exceptions raised by byoos (defined in Python: abi3 cannot subclass them from Rust)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from ._byoos import Diagnostic

__all__ = ["ByoosError", "ParseError", "ValidationError", "RenderError"]


class ByoosError(Exception):
    """Base class of every error byoos raises.

    ``message`` is the short text; ``diagnostics`` the findings behind the error
    (empty for an internal error); ``code`` the first diagnostic's code, if any.
    """

    message: str
    diagnostics: list[Diagnostic]

    def __init__(self, message: str, diagnostics: Sequence[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.diagnostics = list(diagnostics)

    @property
    def code(self) -> str | None:
        """The first diagnostic's code, or None."""
        return self.diagnostics[0].code if self.diagnostics else None


class ParseError(ByoosError, ValueError):
    """The input could not be read (YAML syntax, limits)."""


class ValidationError(ByoosError, ValueError):
    """The input was read but breaks a rule the operation needs."""


class RenderError(ByoosError):
    """Rendering failed (for example a missing reference in strict mode)."""
