"""shipshape: check Kubernetes manifests against production best practices.

The checks run in a compiled C++ engine (``shipshape._core``); this package is the Python face
of it.
"""

from __future__ import annotations

import os
from typing import Iterable, List, Optional, Union

from . import _core
from ._core import ConfigError, Finding, Report

__version__: str = _core.__version__

__all__ = ["check", "ConfigError", "Finding", "Report", "__version__"]


def _looks_like_yaml(text: str) -> bool:
    return "\n" in text or text.lstrip().startswith(("apiVersion", "kind", "{", "---"))


def check(
    paths_or_yaml_text: Union[str, os.PathLike, Iterable[Union[str, os.PathLike]]],
    config: Optional[Union[str, os.PathLike]] = None,
) -> List[Finding]:
    """Checks files, directories or YAML text and returns the findings.

    ``paths_or_yaml_text`` is a path, a list of paths, or a string of YAML (recognised by a line
    break or a leading ``apiVersion``/``kind``). ``config`` is the path of a configuration file.
    """
    paths: List[str] = []
    texts: List[tuple] = []
    if isinstance(paths_or_yaml_text, (str, os.PathLike)):
        item = os.fspath(paths_or_yaml_text)
        if not os.path.exists(item) and _looks_like_yaml(item):
            texts.append(("<string>", item))
        else:
            paths.append(item)
    else:
        paths.extend(os.fspath(p) for p in paths_or_yaml_text)
    report = _core.check(paths, texts, config_file=os.fspath(config) if config is not None else None)
    return list(report.findings)
