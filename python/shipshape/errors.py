"""The exceptions shipshape raises. Every one derives from :class:`ShipshapeError`."""

from __future__ import annotations

import re
from typing import Any, Optional

__all__ = ["ShipshapeError", "ConfigError", "InputError", "RuleError", "RuleDefinitionError"]

_LOCATION = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<message>.*)$", re.DOTALL)


class ShipshapeError(Exception):
    """Base class of every shipshape error."""


class ConfigError(ShipshapeError, ValueError):
    """A bad configuration: unknown key, rule id or option, a wrong type or value.

    ``str(error)`` starts with ``file:line:column:`` when the problem has a place in a
    configuration file. For a :class:`~shipshape.Config` built from keyword arguments the
    place is the argument instead, e.g. ``rules['cpu-request-too-high']['options']``, and
    :attr:`key_path` holds it.
    """

    def __init__(self, message: str, *, key_path: Optional[str] = None) -> None:
        super().__init__(message)
        self.key_path = key_path
        m = _LOCATION.match(message)
        self.file: Optional[str] = m.group("file") if m else None
        self.line: Optional[int] = int(m.group("line")) if m else None
        self.column: Optional[int] = int(m.group("column")) if m else None
        self.message: str = m.group("message") if m else message


class RuleError(ShipshapeError):
    """A rule failed while it ran (a Python rule raised, or a built-in rule hit a bug).

    The original Python exception is the ``__cause__``, so its traceback is shown.
    :attr:`rule` names the rule, :attr:`object` the object it was checking (``Kind ns/name``,
    or ``None`` outside :meth:`~shipshape.Rule.check`), and :attr:`report` holds the report of
    the run when the failure happened while checking objects (the other rules' findings).
    """

    def __init__(self, message: str, *, rule: Optional[str] = None, object: Optional[str] = None,
                 report: Any = None) -> None:
        super().__init__(message)
        self.rule = rule
        self.object = object
        self.report = report


class InputError(ShipshapeError, OSError):
    """Inputs could not be read (a missing path, a file that is too large...). The other
    inputs were checked: :attr:`report` holds the run, :attr:`errors` the unreadable ones."""

    def __init__(self, message: str, *, errors: Any = (), report: Any = None) -> None:
        super().__init__(message)
        self.errors = list(errors)
        self.report = report

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class RuleDefinitionError(ShipshapeError, TypeError):
    """A :class:`~shipshape.Rule` subclass declares bad metadata (id, severity, options, scope)."""
