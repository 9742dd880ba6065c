"""Configuration: the same schema as the ``.shipshape.yaml`` file, from a file, text or
keyword arguments. The C++ side parses and validates it; this module only serialises."""

from __future__ import annotations

import enum
import json
import os
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from . import _core
from .errors import ConfigError

__all__ = ["Config"]

PathLike = Union[str, "os.PathLike[str]"]

# Keyword arguments of Config and the keys of the configuration file they map to.
_TOP_LEVEL = {
    "namespace": "namespace",
    "kubernetes_version": "kubernetesVersion",
    "parser": "parser",
    "rules": "rules",
    "custom_resources": "customResources",
    "exemptions": "exemptions",
    "schema_directories": "schemaDirectories",
    "application_scope": "applicationScope",
    "application_markers": "applicationMarkers",
    "application_roots": "applicationRoots",
}
_CUSTOM_RESOURCE_KEYS = {"api_version": "apiVersion", "pod_template": "podTemplate", "long_running": "longRunning"}
_KWARGS_NAME = "<Config>"


def _plain(value: Any) -> Any:
    """Turns enums (Severity) into their values, tuples into lists, for JSON."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _rules_plain(rules: Any) -> Any:
    """Rule settings with the file's `on`/`off` shorthands as booleans (in JSON a quoted "off"
    is a string, not YAML's boolean)."""
    if not isinstance(rules, dict):
        return rules
    switch = {"on": True, "off": False}
    out: Dict[str, Any] = {}
    for rule_id, setting in rules.items():
        if isinstance(setting, str) and setting.lower() in switch:
            setting = switch[setting.lower()]
        elif isinstance(setting, dict) and isinstance(setting.get("enabled"), str) and setting["enabled"].lower() in switch:
            setting = dict(setting, enabled=switch[setting["enabled"].lower()])
        out[rule_id] = setting
    return out


def _json_lines(value: Any) -> Tuple[str, List[str]]:
    """JSON text with every key and item on its own line, and for each line (0-based) the
    Python subscript path of what it holds, e.g. ``rules['x']['options']``."""
    lines: List[str] = []
    paths: List[str] = []

    def emit(text: str, path: str) -> None:
        lines.append(text)
        paths.append(path)

    def walk(v: Any, path: str, indent: str, prefix: str, suffix: str) -> None:
        if isinstance(v, dict) and v:
            emit(f"{indent}{prefix}{{", path)
            items = list(v.items())
            for i, (k, item) in enumerate(items):
                walk(item, f"{path}[{k!r}]", indent + "  ", json.dumps(k) + ": ", "," if i + 1 < len(items) else "")
            emit(f"{indent}}}{suffix}", path)
        elif isinstance(v, list) and v:
            emit(f"{indent}{prefix}[", path)
            for i, item in enumerate(v):
                walk(item, f"{path}[{i}]", indent + "  ", "", "," if i + 1 < len(v) else "")
            emit(f"{indent}]{suffix}", path)
        else:
            emit(f"{indent}{prefix}{json.dumps(v)}{suffix}", path)

    walk(value, "", "", "", "")
    return "\n".join(lines) + "\n", paths


class Config:
    """A shipshape configuration.

    Build it from keyword arguments, which map onto the configuration file schema
    (README.md, *Configuration*)::

        Config(namespace="shop", kubernetes_version="1.31", parser="libfyaml",
               rules={"liveness-probe-missing": "off",            # on, off, True, False
                      "readiness-probe-missing": "error",          # or a severity
                      "cpu-request-too-high": {"severity": "warning", "options": {"threshold": 2}}},
               custom_resources=[{"api_version": "example.com/v1", "kind": "Worker",
                                  "pod_template": "spec.template"}],
               exemptions=[{"rules": ["memory-limit-missing"], "kind": "DaemonSet",
                            "namespace": "kube-*", "reason": "sized by the platform team"}],
               schema_directories=["schemas"])   # JSON Schemas of custom resources

    or from a file (:meth:`from_file`), YAML or JSON text (:meth:`from_text`), a dict in the
    file's own spelling (:meth:`from_dict`), or the ``.shipshape.yaml`` found from a directory
    upward (:meth:`discover`). Construction validates the schema and raises
    :class:`~shipshape.ConfigError`; unknown rule ids and options are reported when a check
    runs (Python rules may define them).
    """

    def __init__(self, *, namespace: Optional[str] = None, kubernetes_version: Optional[str] = None,
                 parser: Optional[str] = None, rules: Optional[Mapping[str, Any]] = None,
                 custom_resources: Optional[Sequence[Mapping[str, Any]]] = None,
                 exemptions: Optional[Sequence[Mapping[str, Any]]] = None,
                 schema_directories: Optional[Sequence[PathLike]] = None,
                 application_scope: Optional[str] = None,
                 application_markers: Optional[Sequence[str]] = None,
                 application_roots: Optional[Sequence[str]] = None) -> None:
        data: Dict[str, Any] = {}
        given = {"namespace": namespace, "kubernetes_version": kubernetes_version, "parser": parser,
                 "rules": rules,
                 "custom_resources": custom_resources, "exemptions": exemptions,
                 "schema_directories": None if schema_directories is None else [os.fspath(d) for d in schema_directories],
                 "application_scope": application_scope,
                 "application_markers": None if application_markers is None else list(application_markers),
                 "application_roots": None if application_roots is None else list(application_roots)}
        for arg, value in given.items():
            if value is None:
                continue
            if arg == "custom_resources":
                value = [{_CUSTOM_RESOURCE_KEYS.get(k, k): v for k, v in cr.items()} for cr in custom_resources or ()]
            data[_TOP_LEVEL[arg]] = _plain(value)
        self._file: Optional[str] = None
        self._init_text(data, kwargs=True)

    def _init_text(self, data: Dict[str, Any], kwargs: bool) -> None:
        if "rules" in data:
            data["rules"] = _rules_plain(data["rules"])
        self._data: Optional[Dict[str, Any]] = data
        self._text, self._line_paths = _json_lines(data)
        self._name = _KWARGS_NAME if kwargs else "<dict>"
        self._kwargs = kwargs
        self._validate()

    @classmethod
    def from_file(cls, path: PathLike) -> "Config":
        """Reads a configuration file (YAML, or JSON for ``.json``), as ``--config`` does."""
        self = cls.__new__(cls)
        self._file = os.fspath(path)
        self._data = None
        self._text = ""
        self._line_paths = []
        self._name = self._file
        self._kwargs = False
        self._validate()
        return self

    @classmethod
    def from_text(cls, text: str, name: str = "<config>") -> "Config":
        """Parses configuration text (YAML or JSON). ``name`` is used in error messages; a name
        ending in ``.json`` selects strict JSON."""
        self = cls.__new__(cls)
        self._file = None
        self._data = None
        self._text = text
        self._line_paths = []
        self._name = name
        self._kwargs = False
        self._validate()
        return self

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Config":
        """Takes the configuration file's own structure (``kubernetesVersion``, ``customResources``...)."""
        self = cls.__new__(cls)
        self._file = None
        self._init_text(_plain(dict(data)), kwargs=False)
        return self

    @classmethod
    def discover(cls, start: PathLike = ".") -> Optional["Config"]:
        """The ``.shipshape.yaml`` (or ``.yml``) in ``start`` or its nearest parent, or ``None``
        (the command line's default look-up)."""
        found = _core.discover_config(os.fspath(start))
        return cls.from_file(found) if found else None

    @property
    def file(self) -> Optional[str]:
        """The configuration file, when the configuration came from one."""
        return self._file

    def to_dict(self) -> Optional[Dict[str, Any]]:
        """The configuration in the file's structure; ``None`` for one read from a file or text."""
        return json.loads(json.dumps(self._data)) if self._data is not None else None

    def _core_args(self) -> Dict[str, Any]:
        if self._file is not None:
            return {"config_file": self._file}
        return {"config_text": self._text, "config_name": self._name}

    def _validate(self) -> None:
        with self.translate_errors():
            if self._file is not None:
                _core.parse_config(file=self._file)
            else:
                _core.parse_config(text=self._text, name=self._name)

    def translate_errors(self) -> "_Translate":
        """Context manager that rewrites positions in generated text into argument paths."""
        return _Translate(self)

    def __repr__(self) -> str:
        if self._file is not None:
            return f"Config.from_file({self._file!r})"
        if self._data is None:
            return f"Config.from_text(<{len(self._text or '')} characters>, name={self._name!r})"
        if not self._kwargs:
            return f"Config.from_dict({self._data!r})"
        reverse = {v: k for k, v in _TOP_LEVEL.items()}
        args = ", ".join(f"{reverse[k]}={v!r}" for k, v in self._data.items())
        return f"Config({args})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Config):
            return NotImplemented
        return self._core_args() == other._core_args()

    __hash__ = None  # type: ignore[assignment]


class _Translate:
    def __init__(self, config: Config) -> None:
        self._config = config

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if not isinstance(exc, ConfigError):
            return
        cfg = self._config
        if not cfg._line_paths or exc.file != cfg._name or exc.line is None:
            return
        index = min(max(exc.line - 1, 0), len(cfg._line_paths) - 1)
        path = cfg._line_paths[index]
        if cfg._kwargs:
            top, _, rest = path.partition("]")
            key = top.strip("[").strip("'\"")
            reverse = {v: k for k, v in _TOP_LEVEL.items()}
            arg = reverse.get(key, key)
            where = f"argument {arg}{rest}" if top else "the configuration"
        else:
            where = f"key {path}" if path else "the configuration"
        raise ConfigError(f"Config {where}: {exc.message}", key_path=path or None) from None


def _iter_ids(ids: Optional[Iterable[str]]) -> List[str]:
    if ids is None:
        return []
    if isinstance(ids, str):
        return [ids]
    return [str(i) for i in ids]
