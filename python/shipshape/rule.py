"""Custom rules written in Python, run inside the C++ engine beside the built-in rules."""

from __future__ import annotations

import copyreg
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from . import _core
from .errors import RuleDefinitionError
from .model import Severity

if TYPE_CHECKING:
    from ._core import Context, Index, Resource, RunSettings

__all__ = ["Rule", "Option"]

_OPTION_TYPES = ("boolean", "integer", "number", "string", "string_list", "quantity")


@dataclass(frozen=True)
class Option:
    """Declares a rule option: its default, a description, and its type (inferred from the
    default unless given: bool, int, float, str, list of str; ``quantity`` must be named)."""

    default: Any
    description: str = ""
    type: Optional[str] = None

    def resolved_type(self, name: str) -> str:
        if self.type is not None:
            if self.type not in _OPTION_TYPES:
                raise RuleDefinitionError(f"option {name}: type must be one of {', '.join(_OPTION_TYPES)}")
            return self.type
        d = self.default
        if isinstance(d, bool):
            return "boolean"
        if isinstance(d, int):
            return "integer"
        if isinstance(d, float):
            return "number"
        if isinstance(d, str):
            return "string"
        if isinstance(d, (list, tuple)) and all(isinstance(x, str) for x in d):
            return "string_list"
        raise RuleDefinitionError(f"option {name}: cannot infer a type from the default {d!r}; pass type=")


class Rule:
    """Base class of rules written in Python.

    Declare the metadata as class attributes and implement :meth:`check`::

        class TeamLabel(shipshape.Rule):
            id = "team-label-missing"
            summary = "A workload has no team label."
            severity = "warning"
            workloads = True

            def check(self, resource, ctx):
                if not resource.labels["team"]:
                    ctx.report(resource, resource.metadata, "metadata.labels", "no team label")

    Then pass the class to a run: ``shipshape.check(path, extra_rules=[TeamLabel])``.

    Scope (which objects :meth:`check` sees): ``kinds`` (kind names, any API group),
    ``workloads = True`` (every object with a pod template), both, or ``everything = True``.
    With none of them the rule only runs :meth:`finish`.

    One instance serves one run: :meth:`configure` and :meth:`prepare` are called once, then
    :meth:`check` for every object in scope -- from several engine threads, each taking the
    GIL, so do not change ``self`` in it -- then :meth:`finish`. The ``resource``, ``ctx`` and
    index objects are views of the run in progress: use them during the call only (values
    converted with ``to_python()`` can be kept).
    """

    id: ClassVar[str]
    summary: ClassVar[str]
    severity: ClassVar[Union[Severity, str]] = Severity.WARNING
    enabled: ClassVar[bool] = True
    section: ClassVar[str] = "Custom rules"
    group: ClassVar[str] = ""
    kinds: ClassVar[Sequence[str]] = ()
    workloads: ClassVar[bool] = False
    everything: ClassVar[bool] = False
    applies_to: ClassVar[str] = ""
    rationale: ClassVar[str] = ""
    remediation: ClassVar[str] = ""
    bad_example: ClassVar[str] = ""
    good_example: ClassVar[str] = ""
    notes: ClassVar[str] = ""
    options: ClassVar[Mapping[str, Any]] = {}

    _shipshape_spec: ClassVar[Optional[Any]] = None

    option_values: Dict[str, Any]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._shipshape_spec = None
        if "id" in cls.__dict__:  # classes without their own id are abstract bases
            cls._shipshape_spec = _spec_of(cls)

    def __init__(self) -> None:
        self.option_values = {}

    def configure(self, options: Dict[str, Any]) -> None:
        """Receives the option values for the run: configured values over declared defaults
        (``quantity`` options as :class:`shipshape.Quantity`). Raise ``ValueError`` for an
        unusable value: it becomes a :class:`~shipshape.ConfigError`. The default stores them in
        ``self.option_values``."""
        self.option_values = dict(options)

    def prepare(self, index: "Index", settings: "RunSettings") -> None:
        """Builds cross-object tables once, before any :meth:`check`."""

    def check(self, resource: "Resource", ctx: "Context") -> None:
        """Checks one object in scope; report findings with ``ctx.report(...)``."""

    def finish(self, ctx: "Context") -> None:
        """Called once after every object was checked."""

    @classmethod
    def info(cls) -> "Any":
        """The rule's metadata as a :class:`shipshape.RuleInfo`."""
        from .model import RuleInfo

        return RuleInfo._from_core(spec_for(cls).info)


def _spec_of(cls: type) -> Any:
    name = cls.__name__
    rule_id = getattr(cls, "id", None)
    if not isinstance(rule_id, str) or not _core.valid_rule_id(rule_id):
        raise RuleDefinitionError(f"{name}.id must be a kebab-case rule id such as 'team-label-missing', not {rule_id!r}")
    summary = getattr(cls, "summary", None)
    if not isinstance(summary, str) or not summary.strip():
        raise RuleDefinitionError(f"{name}.summary must say in one sentence when rule {rule_id} fires")
    try:
        severity = Severity(getattr(cls, "severity"))
    except ValueError:
        raise RuleDefinitionError(f"{name}.severity must be 'error', 'warning' or 'info'") from None
    kinds = getattr(cls, "kinds", ())
    if isinstance(kinds, str):
        kinds = (kinds,)
    if not all(isinstance(k, str) and k for k in kinds):
        raise RuleDefinitionError(f"{name}.kinds must be a list of kind names such as 'Deployment'")
    options: List[Tuple[str, str, str, str]] = []
    for opt_name, declared in dict(getattr(cls, "options", {}) or {}).items():
        opt = declared if isinstance(declared, Option) else Option(declared)
        opt_type = opt.resolved_type(f"{name}.options[{opt_name!r}]")
        default = opt.default
        if opt_type == "quantity":
            default = str(default)
        elif isinstance(default, tuple):
            default = list(default)
        options.append((str(opt_name), opt_type, json.dumps(default), opt.description))
    for flag in ("workloads", "everything", "enabled"):
        if not isinstance(getattr(cls, flag), bool):
            raise RuleDefinitionError(f"{name}.{flag} must be True or False")
    text = {a: getattr(cls, a) for a in ("section", "group", "applies_to", "rationale", "remediation",
                                         "bad_example", "good_example", "notes")}
    for attr, value in text.items():
        if not isinstance(value, str):
            raise RuleDefinitionError(f"{name}.{attr} must be a str")
    return _core.RuleSpec(cls, rule_id, text["section"], text["group"], severity.value, getattr(cls, "enabled"),
                          summary.strip(), text["applies_to"], text["rationale"], text["remediation"],
                          text["bad_example"], text["good_example"], text["notes"], options, list(kinds),
                          getattr(cls, "workloads"), getattr(cls, "everything"))


def _no_spec() -> None:
    return None


def _reduce_spec(spec: Any) -> Tuple[Any, Tuple[()]]:
    return _no_spec, ()


# A rule class pickled by value (cloudpickle, as Dask does for classes defined in a notebook or
# __main__) carries its class attributes, among them the engine's registration record. That
# record holds the class itself; it travels as None and spec_for() builds it again from the
# class's metadata on the other side. Classes importable by name pickle by reference anyway.
copyreg.pickle(_core.RuleSpec, _reduce_spec)


def spec_for(rule: Any) -> Any:
    """The registration record of a Rule subclass (checked when it was defined)."""
    if not (isinstance(rule, type) and issubclass(rule, Rule)):
        raise RuleDefinitionError(f"extra_rules takes Rule subclasses, not {rule!r}")
    if rule.__dict__.get("_shipshape_spec") is None:
        rule._shipshape_spec = _spec_of(rule)
    return rule._shipshape_spec
