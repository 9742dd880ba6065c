"""Running checks: files, YAML/JSON text, and objects given as dicts."""

from __future__ import annotations

import datetime
import json
import os
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Type, Union

from . import _core
from .config import Config, PathLike, _iter_ids
from .errors import InputError, RuleError
from .model import RuleInfo, RunError
from .report import Report
from .rule import Rule, spec_for

__all__ = ["check", "check_text", "check_objects", "parsers", "rules", "rule", "to_manifest"]

ConfigArg = Union[Config, PathLike, Mapping[str, Any], None]


def to_manifest(obj: Any) -> Dict[str, Any]:
    """Plain manifest data from a dict, a kubernetes client model (``V1Deployment``...), or an
    object with ``to_dict()`` (e.g. a dynamic-client resource).

    Client models are converted with their ``attribute_map`` (camelCase keys, ``None`` fields
    dropped), as the client does when it sends them, not with their ``to_dict()`` (which
    gives snake_case keys that Kubernetes does not read)."""
    if isinstance(obj, Mapping):
        return {str(k): _sanitize(v) for k, v in obj.items()}
    if hasattr(obj, "attribute_map") and hasattr(obj, "openapi_types"):
        return _sanitize(obj)  # type: ignore[no-any-return]
    if hasattr(obj, "to_dict"):
        return to_manifest(obj.to_dict())
    raise TypeError(f"cannot check a {type(obj).__name__}: give a path, a dict, or a kubernetes client object")


def _sanitize(v: Any) -> Any:
    if v is None or isinstance(v, (str, int, float, bool)):
        return v
    if isinstance(v, Mapping):
        return {str(k): _sanitize(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_sanitize(x) for x in v]
    if isinstance(v, (datetime.datetime, datetime.date)):
        return v.isoformat()
    if hasattr(v, "attribute_map") and hasattr(v, "openapi_types"):
        return {v.attribute_map[a]: _sanitize(getattr(v, a)) for a in v.openapi_types if getattr(v, a) is not None}
    if hasattr(v, "to_dict"):
        return _sanitize(v.to_dict())
    return str(v)


def _object_name(index: int, obj: Mapping[str, Any]) -> str:
    kind = obj.get("kind") or "?"
    metadata = obj.get("metadata")
    meta: Mapping[str, Any] = metadata if isinstance(metadata, Mapping) else {}
    name = meta.get("name") or meta.get("generateName") or "?"
    ns = meta.get("namespace")
    who = f"{kind}/{ns}/{name}" if ns else f"{kind}/{name}"
    return f"<object {index}: {who}>"


def _split_inputs(inputs: Iterable[Any], paths: List[str], objects: List[Dict[str, Any]]) -> None:
    for item in inputs:
        if isinstance(item, (str, os.PathLike)):
            path = os.fspath(item)
            if "\n" in path and not os.path.exists(path):
                raise TypeError("check() takes paths; to check YAML or JSON text use shipshape.check_text(text)")
            paths.append(path)
        elif isinstance(item, bytes):
            raise TypeError("check() takes paths as str or os.PathLike; use check_text() for text")
        elif isinstance(item, Mapping) or hasattr(item, "to_dict") or hasattr(item, "attribute_map"):
            objects.append(to_manifest(item))
        elif isinstance(item, Iterable):
            _split_inputs(item, paths, objects)
        else:
            raise TypeError(f"cannot check a {type(item).__name__}: give paths, dicts or kubernetes client objects")


def _config_args(config: ConfigArg) -> Tuple[Optional[Config], Dict[str, Any]]:
    if config is None:
        return None, {}
    if isinstance(config, Config):
        cfg = config
    elif isinstance(config, (str, os.PathLike)):
        cfg = Config.from_file(config)
    elif isinstance(config, Mapping):
        cfg = Config.from_dict(config)
    else:
        raise TypeError("config is a shipshape.Config, a path, or a dict in the configuration file's structure")
    return cfg, cfg._core_args()


def _call_core(function: Any, paths: List[str], texts: List[Tuple[str, str, str]], *, config: ConfigArg,
               rules: Optional[Iterable[str]], enable: Optional[Iterable[str]], disable: Optional[Iterable[str]],
               namespace: Optional[str], kubernetes_version: Optional[str], extra_rules: Sequence[Type[Rule]],
               jobs: Optional[int], errors: str, max_input_size: Union[int, str, None] = None,
               parser: Optional[str] = None, application_scope: Optional[str] = None,
               **more: Any) -> Tuple[Any, List[Tuple[str, str, BaseException]]]:
    """Calls ``_core.check`` or ``_core.fix`` with the options of :func:`check` (and ``more``);
    returns its result and the Python rule failures. Raises :class:`RuleError` when a rule's
    failure stopped the run."""
    if errors not in ("raise", "report"):
        raise ValueError("errors must be 'raise' or 'report'")
    if jobs is not None and jobs < 0:
        raise ValueError("jobs must be 0 (one per core) or more")
    rule_classes: Sequence[Any] = [extra_rules] if isinstance(extra_rules, type) else extra_rules
    specs = [spec_for(r) for r in rule_classes]
    cfg, config_args = _config_args(config)
    request = _core.RunRequest(
        paths, texts, **config_args, enable=_iter_ids(enable), disable=_iter_ids(disable), only=_iter_ids(rules),
        namespace=namespace, kubernetes_version=None if kubernetes_version is None else str(kubernetes_version),
        jobs=jobs or 0, extra_rules=specs, max_input_size=None if max_input_size is None else str(max_input_size),
        parser=parser, application_scope=application_scope)
    if cfg is not None:
        with cfg.translate_errors():
            result, fatal, failures = function(request, **more)
    else:
        result, fatal, failures = function(request, **more)
    if result is None:
        rule, obj, exc = failures[0] if failures else (None, None, None)
        raise RuleError(fatal, rule=rule, object=obj or None) from exc
    return result, failures


def _run(paths: List[str], texts: List[Tuple[str, str, str]], sources: Dict[str, str], **options: Any) -> Report:
    core, failures = _call_core(_core.check, paths, texts, **options)
    report = Report(core, sources)
    # What Report.fix() needs to check the same inputs again.
    report._inputs = (paths, texts, options)
    if options["errors"] == "raise":
        _raise_for_errors(report, failures)
    return report


def _raise_for_errors(report: Optional[Report], failures: List[Tuple[str, str, BaseException]],
                      errors: Optional[List[RunError]] = None) -> None:
    """Raises RuleError for the first failed rule, else InputError for the unreadable inputs
    (of ``report``, or ``errors`` when there is no report)."""
    unreadable = []
    for e in report.errors if report is not None else errors or []:
        if e.rule is not None:
            cause = next((exc for rule, obj, exc in failures if rule == e.rule and (obj or None) == e.object), None)
            raise RuleError(e.message, rule=e.rule, object=e.object, report=report) from cause
        unreadable.append(e)
    if unreadable:
        raise InputError("; ".join(str(e) for e in unreadable), errors=unreadable, report=report)


def check(*inputs: Any, config: ConfigArg = None, rules: Optional[Iterable[str]] = None,
          enable: Optional[Iterable[str]] = None, disable: Optional[Iterable[str]] = None,
          namespace: Optional[str] = None, kubernetes_version: Optional[str] = None,
          extra_rules: Sequence[Type[Rule]] = (), jobs: Optional[int] = None, errors: str = "raise",
          max_input_size: Union[int, str, None] = None, parser: Optional[str] = None,
          application_scope: Optional[str] = None) -> Report:
    """Checks files, directories and objects in one run, and returns the :class:`Report`.

    ``inputs``: paths (``str`` or ``os.PathLike``; directories are searched recursively for
    ``.yaml``, ``.yml`` and ``.json``), objects as dicts or kubernetes client models, or lists
    of these. Cross-resource rules see every input together, within each application
    (``application_scope``).

    ``config``: a :class:`Config`, a configuration file path, or a dict in the file's
    structure. No ``.shipshape.yaml`` is looked up implicitly (use ``Config.discover()``).
    ``rules``: run exactly these rule ids (like ``--only``); ``enable``/``disable`` turn rules
    on or off over the configuration. ``namespace`` and ``kubernetes_version`` override it.
    ``extra_rules``: :class:`Rule` subclasses to run beside the built-in rules.
    ``jobs``: engine threads (default one per core). ``max_input_size``: inputs larger than
    this (bytes, or a size such as ``"512Mi"``; default 256 MiB or the configuration's
    ``maxInputSize``) are not checked, each is a ``yaml-syntax`` finding instead. ``parser``: the
    YAML parser, ``"auto"``, ``"libfyaml"`` or ``"yaml-cpp"`` (:func:`parsers` lists this build's;
    both build the same trees); it overrides the configuration's ``parser``.
    ``application_scope``: ``"directory"`` (the default, or the configuration's
    ``applicationScope``) keeps cross-resource rules within one application (a directory
    holding a kustomization or ``Chart.yaml``); ``"run"`` lets them see every input together
    (docs/applications.md). Objects and texts given directly are in the run-wide application.

    Ctrl-C (KeyboardInterrupt) stops a run within a fraction of a second and propagates; so do
    KeyboardInterrupt and SystemExit raised inside a Python rule, unchanged, whatever ``errors``.

    ``errors="raise"`` (the default) raises :class:`RuleError` when a rule failed (the
    exception a Python rule raised is its ``__cause__``) and :class:`InputError` when an
    input could not be read; both carry the report of the run. ``errors="report"`` returns
    the report with these in :attr:`Report.errors`, as the command line does.
    """
    paths: List[str] = []
    objects: List[Dict[str, Any]] = []
    _split_inputs(inputs, paths, objects)
    texts, sources = _object_texts(objects)
    return _run(paths, texts, sources, config=config, rules=rules, enable=enable, disable=disable,
                namespace=namespace, kubernetes_version=kubernetes_version, extra_rules=extra_rules, jobs=jobs,
                errors=errors, max_input_size=max_input_size, parser=parser, application_scope=application_scope)


def _object_texts(objects: List[Dict[str, Any]]) -> Tuple[List[Tuple[str, str, str]], Dict[str, str]]:
    texts: List[Tuple[str, str, str]] = []
    sources: Dict[str, str] = {}
    for i, obj in enumerate(objects):
        name = _object_name(i, obj)
        text = json.dumps(obj, indent=2, ensure_ascii=False, default=str) + "\n"
        texts.append((name, text, "json"))
        sources[name] = text
    return texts, sources


def check_objects(objects: Iterable[Any], **options: Any) -> Report:
    """Checks objects (dicts or kubernetes client models) as one run; same options as :func:`check`.

    Each object is checked as JSON text that shipshape makes with ``json.dumps(obj,
    indent=2)``; findings name it ``<object N: Kind/name>`` (``N`` counts from 0 in the order
    given; ``Kind/namespace/name`` when it sets a namespace), their line and column point into
    that text (``report.sources[finding.file]``), and ``finding.path`` names the field.
    """
    return check(list(objects), **options)


def check_text(text: str, *, name: str = "<string>", format: Optional[str] = None, **options: Any) -> Report:
    """Checks YAML (a multi-document stream) or JSON text; same options as :func:`check`.

    ``name`` is what findings give as their file. ``format`` is ``"yaml"`` or ``"json"``; by
    default JSON when ``name`` ends in ``.json`` or the text starts with ``{``.
    """
    if not isinstance(text, str):
        raise TypeError("check_text() takes a str")
    if format is None:
        format = "json" if name.endswith(".json") or text.lstrip().startswith("{") else "yaml"
    if format not in ("yaml", "json"):
        raise ValueError("format must be 'yaml' or 'json'")
    paths: List[str] = []
    return _run(paths, [(name, text, format)], {name: text}, **_options(options))


def _options(options: Dict[str, Any]) -> Dict[str, Any]:
    known = ("config", "rules", "enable", "disable", "namespace", "kubernetes_version", "extra_rules", "jobs",
             "errors", "max_input_size", "parser", "application_scope")
    unknown = set(options) - set(known)
    if unknown:
        raise TypeError(f"unexpected keyword arguments: {', '.join(sorted(unknown))}")
    out: Dict[str, Any] = {k: None for k in known}
    out.update(extra_rules=(), errors="raise")
    out.update(options)
    return out


def parsers() -> List[str]:
    """The YAML parsers this build can use, the default first: ``["libfyaml", "yaml-cpp"]``, or
    ``["yaml-cpp"]`` when shipshape was built without libfyaml."""
    return list(_core.parsers())


def rules(extra_rules: Sequence[Type[Rule]] = ()) -> List[RuleInfo]:
    """Metadata of every built-in rule (and of the given Python rules), sorted by id."""
    return [RuleInfo._from_core(r) for r in _core.rules([spec_for(r) for r in extra_rules])]


def rule(rule_id: str) -> RuleInfo:
    """Metadata of one built-in rule; ``KeyError`` when there is none with that id."""
    for r in rules():
        if r.id == rule_id:
            return r
    raise KeyError(rule_id)

