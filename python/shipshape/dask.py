"""Org-scale scanning on Dask: one task per repository, all findings in one Dask DataFrame.

>>> from shipshape.dask import check_repositories          # doctest: +SKIP
>>> scan = check_repositories("/src/*/deploy", labels=["team"])  # doctest: +SKIP
>>> findings, errors = scan.compute()                     # doctest: +SKIP

Needs the ``dask`` extra (``pip install 'shipshape[dask]'``). See docs/dask.md.
"""

from __future__ import annotations

import glob
import os
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Type, Union

try:
    import dask.config
    import dask.dataframe as dd
    import pandas as pd
    from dask.base import compute
    from dask.dataframe.utils import clear_known_categories
    from dask.delayed import delayed
except ImportError as e:  # pragma: no cover - exercised by a test that hides dask
    raise ImportError("shipshape.dask needs Dask's DataFrame and pandas: pip install 'shipshape[dask]' "
                      f"({e})") from e

from .api import ConfigArg, _config_args, check, check_text, rules as _rule_infos
from .config import PathLike
from .report import Report
from .rule import Rule

if TYPE_CHECKING:
    import pandas

__all__ = ["Scan", "check_repositories", "repositories", "ERROR_COLUMNS"]

ERROR_COLUMNS = ["repository", "path", "message", "rule", "object", "exception"]
"""Columns of :attr:`Scan.errors`."""

_STR_INDEX = pd.Index(["kind"]).dtype  # what pandas makes of strings: str (pandas 3) or object

Repositories = Union[str, "os.PathLike[str]", Mapping[str, PathLike], Iterable[PathLike]]


def repositories(spec: Repositories) -> Dict[str, str]:
    """Names and paths of the repositories ``spec`` designates, in a stable order.

    ``spec`` is a glob pattern (``"/src/*/deploy"``, ``**`` allowed; only directories and
    manifest files match; a plain path is a pattern matching itself), a list of paths, or a
    mapping of names to paths. A repository's name is its last path component; when two
    share one, every repository is named by its path instead. Raises ``ValueError`` when a
    glob matches nothing or a list names the same path twice, ``TypeError`` for anything else.
    """
    if isinstance(spec, Mapping):
        return {str(k): os.fspath(v) for k, v in spec.items()}
    if isinstance(spec, (str, os.PathLike)):
        pattern = os.fspath(spec)
        paths = sorted(p for p in glob.glob(pattern, recursive=True)
                       if os.path.isdir(p) or p.endswith((".yaml", ".yml", ".json")))
        if not paths:
            raise ValueError(f"no repository matches {pattern!r}")
    elif isinstance(spec, Iterable):
        paths = [os.fspath(p) for p in spec]
    else:
        raise TypeError("repositories are a glob pattern, a list of paths, or a mapping of names to paths")
    if len(set(paths)) != len(paths):
        raise ValueError("a repository is listed twice")
    names = [os.path.basename(os.path.normpath(p)) or p for p in paths]
    if len(set(names)) != len(names):
        names = paths
    return dict(zip(names, paths))


@dataclass(frozen=True)
class _Settings:
    """What every task needs: the run's options and the frames' fixed dtypes."""

    options: Dict[str, Any]
    labels: Tuple[str, ...]
    include_suppressed: bool
    rule_ids: Tuple[str, ...]
    repository: Any  # the dtype of the repository column; None: each partition its own name
    findings_meta: Any = field(compare=False)
    errors_meta: Any = field(compare=False)


def _conform(frame: "pandas.DataFrame", meta: "pandas.DataFrame", name: str, repository: Any) -> "pandas.DataFrame":
    frame = frame.copy()
    dtype = repository if repository is not None else pd.CategoricalDtype(pd.Index([name], dtype=_STR_INDEX))
    frame.insert(0, "repository", pd.Categorical([name] * len(frame), dtype=dtype))
    for column, dtype in meta.dtypes.items():
        if column == "repository":
            continue
        if isinstance(dtype, pd.CategoricalDtype):
            if column == "kind":  # open-ended: each partition has its own, unified when computed
                values = frame[column].astype(object)
                categories = pd.Index(sorted(values.dropna().unique()), dtype=_STR_INDEX)
                frame[column] = pd.Categorical(values, categories=categories)
            else:
                frame[column] = frame[column].astype(dtype)
        elif frame[column].dtype != dtype:
            frame[column] = frame[column].astype(dtype)
    return frame[list(meta.columns)]


def _check_one(name: str, path: str, settings: _Settings) -> Tuple["pandas.DataFrame", "pandas.DataFrame"]:
    """One repository: its findings and its errors, typed as the Scan's frames (never raises
    an ``Exception``: a repository that cannot be checked becomes an error row)."""
    errors: List[Dict[str, Any]] = []
    try:
        report = check(path, errors="report", **settings.options)
        findings = report.to_dataframe(labels=settings.labels, include_suppressed=settings.include_suppressed)
        unknown = sorted(set(findings["rule"].astype(str)) - set(settings.rule_ids))
        if unknown:
            raise RuntimeError(f"findings of rules unknown to the scan: {', '.join(unknown)}")
        errors = [{"path": e.path, "message": e.message, "rule": e.rule, "object": e.object, "exception": None}
                  for e in report.errors]
    except Exception as e:  # a repository that fails is recorded, not fatal
        findings = settings.findings_meta.drop(columns="repository")
        errors = [{"path": path, "message": str(e), "rule": None, "object": None, "exception": type(e).__name__}]
    frame = pd.DataFrame(errors, columns=ERROR_COLUMNS[1:]).astype("string")
    return (_conform(findings, settings.findings_meta, name, settings.repository),
            _conform(frame, settings.errors_meta, name, settings.repository))


def _metas(empty: "Report", repository_dtype: Any, rule_ids: Sequence[str], labels: Sequence[str],
           include_suppressed: bool) -> Tuple["pandas.DataFrame", "pandas.DataFrame"]:
    repository = pd.Categorical([], dtype=repository_dtype)
    findings = empty.to_dataframe(labels=labels, include_suppressed=include_suppressed)
    findings.insert(0, "repository", repository)
    findings["rule"] = pd.Categorical([], categories=list(rule_ids))
    open_ended = ["kind"] if repository_dtype.categories.size else ["kind", "repository"]
    findings = clear_known_categories(findings, cols=open_ended)
    errors = pd.DataFrame({c: pd.Series([], dtype="string") for c in ERROR_COLUMNS[1:]})
    errors.insert(0, "repository", repository)
    if not repository_dtype.categories.size:
        errors = clear_known_categories(errors, cols=["repository"])
    return findings, errors


@dataclass(frozen=True)
class Scan:
    """The lazy result of :func:`check_repositories`.

    ``findings``: a Dask DataFrame, one partition per repository (in the order of
    :attr:`repositories`), with a ``repository`` column (category; every repository name is a
    category, unless ``known_repositories=False``) followed by the columns and dtypes of :meth:`shipshape.Report.to_dataframe`:
    ``rule`` is a category of every rule id of the run (built-in and ``extra_rules``),
    ``severity`` the ordered category info < warning < error, ``kind`` a category whose
    values depend on the data (unknown to Dask until computed; the computed frame holds their
    union). The index is the row number within the repository.

    ``errors``: a Dask DataFrame with the columns ``repository`` (category), ``path``,
    ``message``, ``rule``, ``object`` and ``exception`` (strings): inputs that could not be
    read and rules that failed (as :attr:`shipshape.Report.errors`), and one row per
    repository that could not be checked at all, with the Python exception's class name in
    ``exception``.

    Computing both frames runs each repository once only if they are computed together:
    use :meth:`compute` or ``dask.compute(scan.findings, scan.errors)``.
    """

    findings: Any
    errors: Any
    repositories: Dict[str, str]

    def compute(self, **kwargs: Any) -> Tuple["pandas.DataFrame", "pandas.DataFrame"]:
        """Both frames as pandas DataFrames, checking each repository once (keyword arguments
        go to ``dask.compute``, e.g. ``scheduler="processes"``)."""
        findings, errors = compute(self.findings, self.errors, **kwargs)
        return findings, errors


def check_repositories(repos: Repositories, *, config: ConfigArg = None, labels: Sequence[str] = (),
                       include_suppressed: bool = False, rules: Optional[Iterable[str]] = None,
                       enable: Optional[Iterable[str]] = None, disable: Optional[Iterable[str]] = None,
                       namespace: Optional[str] = None, kubernetes_version: Optional[str] = None,
                       extra_rules: Sequence[Type[Rule]] = (), jobs: int = 1,
                       max_input_size: Union[int, str, None] = None, known_repositories: bool = True) -> Scan:
    """Checks each repository in its own Dask task, with one configuration, lazily.

    ``repos``: what :func:`repositories` accepts (a glob pattern, paths, or names to paths).
    Each repository is one :func:`shipshape.check` of its path (so cross-resource rules see
    one repository at a time); pass application directories instead to have one task per
    application. The other arguments are :func:`shipshape.check`'s and
    :meth:`shipshape.Report.to_dataframe`'s; ``jobs`` (engine threads per task) defaults to 1,
    since Dask already runs one task per worker thread. ``known_repositories=False`` gives each
    partition only its own repository as a category (Dask then treats the ``repository``
    categories as unknown until computed): with thousands of repositories, known categories
    mean every partition carries every name. Paths and a configuration file are
    opened by the workers: on a cluster they must exist there, at the same path.

    Returns a :class:`Scan`; nothing runs until it is computed, with the default scheduler,
    ``scheduler=...``, or the active ``distributed.Client``. The configuration and options
    are tried here on an empty input, so a bad one raises at once (:class:`~shipshape.ConfigError`,
    :class:`~shipshape.RuleDefinitionError`, ``ValueError``, ``TypeError`` as
    :func:`shipshape.check` would); a repository that fails later, on a worker, becomes a
    row of ``Scan.errors`` and the others are still checked. Raises ``ValueError`` for a bad
    ``repos`` (nothing matches, a path twice) or label keys that clash with built-in columns
    (``repository`` included).
    """
    found = repositories(repos)
    if not found:
        raise ValueError("no repositories to check")
    label_keys = tuple(str(k) for k in labels)
    if "repository" in label_keys:
        raise ValueError("label key 'repository' clashes with the repository column")
    cfg, _ = _config_args(config)
    options: Dict[str, Any] = dict(config=cfg, rules=rules, enable=enable, disable=disable, namespace=namespace,
                   kubernetes_version=kubernetes_version, extra_rules=list(extra_rules), jobs=jobs,
                   max_input_size=max_input_size)
    rule_ids = tuple(r.id for r in _rule_infos(list(extra_rules)))
    names = list(found)
    repository_dtype = pd.CategoricalDtype(pd.Index(names if known_repositories else [], dtype=_STR_INDEX))
    # A run over nothing, here: a configuration, option or rule the engine refuses raises now
    # rather than in every task, and its empty frame is to_dataframe()'s column layout.
    empty = check_text("", name="<empty>", **options)
    findings_meta, errors_meta = _metas(empty, repository_dtype, rule_ids, label_keys, include_suppressed)
    settings = _Settings(options, label_keys, include_suppressed, rule_ids,
                         repository_dtype if known_repositories else None, findings_meta, errors_meta)
    # One key for the settings, shared by every task (shipped once per worker, not per task).
    shared = delayed(settings, name=f"shipshape-settings-{uuid.uuid4().hex}")
    parts = [delayed(_check_one, nout=2, pure=True)(name, path, shared) for name, path in found.items()]
    # Dask would turn object columns (the fix patches) into strings; keep to_dataframe()'s dtypes.
    with dask.config.set({"dataframe.convert-string": False}):
        findings = dd.from_delayed([p[0] for p in parts], meta=findings_meta, verify_meta=False)
        errors = dd.from_delayed([p[1] for p in parts], meta=errors_meta, verify_meta=False)
    return Scan(findings, errors, found)
