"""shipshape: check Kubernetes manifests against production best practices.

The checks run in a compiled C++ engine (``shipshape._core``); this package is its Python face:

>>> import shipshape
>>> report = shipshape.check("examples/")                      # doctest: +SKIP
>>> report.to_dataframe().groupby("rule", observed=True).size() # doctest: +SKIP

See docs/python.md.
"""

from __future__ import annotations

from . import _core
from ._core import Container, Context, Index, PodTemplate, Quantity, Resource, RunSettings, Value
from .api import check, check_objects, check_text, parsers, rule, rules, to_manifest
from .config import Config
from .errors import ConfigError, InputError, RuleDefinitionError, RuleError, ShipshapeError
from .fix import FileFix, FixResult, fix
from .model import Finding, ObjectInfo, ObjectRef, OptionInfo, RuleInfo, RunError, Severity, Summary
from .report import Report
from .rule import Option, Rule

__version__: str = _core.__version__

__all__ = [
    "Config",
    "ConfigError",
    "Container",
    "Context",
    "FileFix",
    "Finding",
    "FixResult",
    "Index",
    "InputError",
    "ObjectInfo",
    "ObjectRef",
    "Option",
    "OptionInfo",
    "PodTemplate",
    "Quantity",
    "Report",
    "Resource",
    "Rule",
    "RuleDefinitionError",
    "RuleError",
    "RuleInfo",
    "RunError",
    "RunSettings",
    "Severity",
    "ShipshapeError",
    "Summary",
    "Value",
    "__version__",
    "check",
    "check_objects",
    "check_text",
    "fix",
    "parsers",
    "rule",
    "rules",
    "to_manifest",
]
