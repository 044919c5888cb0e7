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
    ``str(error)`` is the full rustc-style excerpt of every diagnostic when there is
    one (``text``), else the message.
    """

    message: str
    diagnostics: list[Diagnostic]
    text: str | None

    def __init__(
        self, message: str, diagnostics: Sequence[Diagnostic] = (), text: str | None = None
    ) -> None:
        super().__init__(text or message)
        self.message = message
        self.diagnostics = list(diagnostics)
        self.text = text

    @property
    def code(self) -> str | None:
        """The first diagnostic's code, or None."""
        return self.diagnostics[0].code if self.diagnostics else None


class ParseError(ByoosError, ValueError):
    """The input could not be read (YAML syntax, ``limit/`` budgets)."""


class ValidationError(ByoosError, ValueError):
    """The input was read but breaks a rule the operation needs (e.g. a path
    ``set_values`` cannot set, a pack kind ``to_terraform`` cannot tell)."""


class RenderError(ByoosError, ValueError):
    """Rendering failed (a budget exceeded, a profile without packs, ...)."""
