"""Plain data returned by shipshape: severities, object references, findings, rule metadata.

Everything here is a frozen dataclass built from what the C++ engine returned: safe to keep,
compare, hash, pickle, and put in a DataFrame.
"""

from __future__ import annotations

import dataclasses
import enum
import json
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

__all__ = ["Severity", "ObjectRef", "Finding", "RunError", "Summary", "ObjectInfo", "OptionInfo", "RuleInfo"]


class Severity(str, enum.Enum):
    """How serious a finding is. A ``str`` (``Severity.ERROR == "error"``), ordered
    ``INFO < WARNING < ERROR``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """0 for info, 1 for warning, 2 for error."""
        return _RANK[self.value]

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)

    def __lt__(self, other: object) -> bool:
        return self.rank < _rank_of(other)

    def __le__(self, other: object) -> bool:
        return self.rank <= _rank_of(other)

    def __gt__(self, other: object) -> bool:
        return self.rank > _rank_of(other)

    def __ge__(self, other: object) -> bool:
        return self.rank >= _rank_of(other)

    __hash__ = str.__hash__


_RANK = {"info": 0, "warning": 1, "error": 2}


def _rank_of(other: object) -> int:
    if isinstance(other, str) and str.__str__(other) in _RANK:
        return _RANK[str.__str__(other)]
    raise TypeError(f"cannot compare a Severity with {other!r}")


@dataclass(frozen=True)
class ObjectRef:
    """Names a Kubernetes object. ``namespace`` is ``None`` for cluster-scoped objects."""

    api_version: str
    kind: str
    namespace: Optional[str]
    name: str

    def display(self) -> str:
        """``Kind/name`` or ``Kind/namespace/name``."""
        if self.namespace:
            return f"{self.kind}/{self.namespace}/{self.name}"
        return f"{self.kind}/{self.name}"

    def __str__(self) -> str:
        return self.display()


@dataclass(frozen=True)
class Finding:
    """One problem found in the input.

    ``file``/``line``/``column`` locate it (1-based; columns count characters). For objects
    given as dicts, ``file`` is ``<object N: Kind/name>`` and the position refers to the JSON
    text shipshape made of the dict (``Report.sources`` holds it); ``path`` is the better guide
    there. ``object`` is ``None`` for problems that precede any object (YAML syntax errors).
    ``fix`` is a JSON patch (RFC 6902) to apply to the object, empty when there is no
    mechanical fix; ``object_pointer`` says where the object lies in document ``document``
    of its file (``""`` for the document itself, ``"/items/2"`` for an item of a List).
    """

    rule: str
    severity: Severity
    message: str
    file: str
    line: int
    column: int
    path: str
    object: Optional[ObjectRef]
    document: int
    helm_source: str
    fix: List[Dict[str, Any]] = field(default_factory=list, hash=False)
    object_pointer: str = ""

    @property
    def location(self) -> str:
        """``file:line:column``."""
        return f"{self.file}:{self.line}:{self.column}"

    def to_dict(self) -> Dict[str, Any]:
        """The finding as plain data (the object as a dict or ``None``)."""
        return dataclasses.asdict(self)

    def __str__(self) -> str:
        """The command line's text line: ``file:line:col: severity [rule] Kind ns/name: message``."""
        o = self.object
        obj = f" {o.kind} {o.namespace + '/' if o.namespace else ''}{o.name}:" if o else ""
        return f"{self.location}: {self.severity} [{self.rule}]{obj} {self.message}"

    def _repr_html_(self) -> str:
        from ._display import findings_html

        return findings_html([self])

    @classmethod
    def _from_row(cls, row: Tuple[Any, ...]) -> "Finding":
        rule, severity, message, file, line, column, document, path, helm, obj, fix, object_pointer = row
        ref = ObjectRef(obj[0], obj[1], obj[2] or None, obj[3]) if obj else None
        patch = []
        for op, op_path, value in fix:
            d: Dict[str, Any] = {"op": op, "path": op_path}
            if value:
                d["value"] = json.loads(value)
            patch.append(d)
        return cls(rule, Severity(severity), message, file, line, column, path, ref, document, helm, patch,
                   object_pointer)


@dataclass(frozen=True)
class RunError:
    """A path that could not be read, or a rule that failed (``rule X failed on Kind ns/name:
    ...``), and why. ``path`` is the input concerned ('' when none). For a rule that failed,
    ``rule`` names it and ``object`` the object it was checking (``Kind ns/name``; ``None``
    outside :meth:`~shipshape.Rule.check`); both are ``None`` for an input that could not be read."""

    path: str
    message: str
    rule: Optional[str] = None
    object: Optional[str] = None

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


@dataclass(frozen=True)
class Summary:
    """Counts of a run. ``error``/``warning``/``info`` count findings by severity;
    ``errors`` counts inputs that could not be read and rule failures;
    ``controlled_objects`` counts objects checked through the workload of the run that
    controls them (a ReplicaSet of a Deployment, its Pods)."""

    files: int
    documents: int
    objects: int
    skipped_documents: int
    controlled_objects: int
    objects_without_schema: int
    rules_run: int
    findings: int
    error: int
    warning: int
    info: int
    suppressed: int
    errors: int


@dataclass(frozen=True)
class ObjectInfo:
    """One object a run checked, with its labels (``metadata.labels``; for workloads the pod
    template's labels fill in keys the object lacks), for joining findings with owners."""

    ref: ObjectRef
    file: str
    document: int
    line: int
    labels: Dict[str, str] = field(hash=False)


@dataclass(frozen=True)
class OptionInfo:
    """A rule option. ``default`` is YAML text, e.g. ``2`` or ``[owner, team]``."""

    name: str
    type: str
    default: str
    description: str


@dataclass(frozen=True)
class RuleInfo:
    """Everything known about a rule (the same record that documents the rule)."""

    id: str
    section: str
    group: str
    severity: Severity
    enabled: bool
    summary: str
    applies_to: str
    rationale: str
    remediation: str
    bad_example: str
    good_example: str
    options: Tuple[OptionInfo, ...]
    notes: str

    @classmethod
    def _from_core(cls, info: Any) -> "RuleInfo":
        options = tuple(OptionInfo(o.name, o.type, o.default, o.description) for o in info.options)
        return cls(info.id, info.section, info.group, Severity(info.severity), info.enabled, info.summary,
                   info.applies_to, info.rationale, info.remediation, info.bad_example, info.good_example,
                   options, info.notes)
