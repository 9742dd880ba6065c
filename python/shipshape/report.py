"""The outcome of a run: findings, counts, and the report formats of the command line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Iterator, List, Optional, Sequence, Tuple, Union, overload

from .model import Finding, ObjectInfo, ObjectRef, RuleInfo, RunError, Severity, Summary

if TYPE_CHECKING:
    import pandas

    from .fix import FixResult
    from matplotlib.figure import Figure

__all__ = ["Report"]

_SEVERITIES = ["info", "warning", "error"]



def _require(module: str, extra: str) -> Any:
    """Imports an optional dependency, or says which extra of shipshape installs it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as e:
        raise ImportError(f"this needs {module}, which is not installed: pip install 'shipshape[{extra}]'") from e

class Report:
    """Findings of a run, in a stable order (file, line, column, rule).

    A sequence of :class:`Finding`: iterate it, ``len()`` it, index it. Its truth value is
    whether it has findings. The writers are the command line's own (``to_json``,
    ``to_sarif``, ``to_junit``, ``to_text``); ``to_dataframe()``, ``plot()`` and the notebook
    display are for analysis.
    """

    def __init__(self, core: Any, sources: Optional[Dict[str, str]] = None) -> None:
        self._core = core
        self._findings: List[Finding] = [Finding._from_row(r) for r in core.finding_rows()]
        self._suppressed: Optional[List[Finding]] = None
        self._objects: Optional[List[ObjectInfo]] = None
        # (paths, texts, options) of the check, set by shipshape.check(): Report.fix() checks
        # them again. Not pickled (extra rule classes may not be).
        self._inputs: Optional[Tuple[List[str], List[Tuple[str, str, str]], Dict[str, Any]]] = None
        self.sources: Dict[str, str] = dict(sources or {})
        """Texts checked from memory (``check_text`` and dicts), by the name findings give as file."""
        self.errors: List[RunError] = [RunError(p, m, r or None, o or None) for p, m, r, o in core.errors]
        """Inputs that could not be read and rules that failed."""
        self.summary: Summary = Summary(**core.summary)
        self.rules: List[RuleInfo] = [RuleInfo._from_core(r) for r in core.rules]
        """Metadata of the rules that ran."""

    # --- pickling: the engine's report carries everything, the rest is rebuilt from it ---
    def __getstate__(self) -> Dict[str, Any]:
        return {"core": self._core, "sources": self.sources}

    def __setstate__(self, state: Dict[str, Any]) -> None:
        self.__init__(state["core"], state["sources"])  # type: ignore[misc]

    # --- the sequence of findings ---
    @property
    def findings(self) -> List[Finding]:
        return list(self._findings)

    @property
    def suppressed(self) -> List[Finding]:
        """Findings silenced by ``shipshape.io/ignore`` annotations or exemptions."""
        if self._suppressed is None:
            self._suppressed = [Finding._from_row(r) for r in self._core.suppressed_rows()]
        return list(self._suppressed)

    @property
    def objects(self) -> List[ObjectInfo]:
        """Every object checked, in run order, with its labels."""
        if self._objects is None:
            out = []
            for ref, file, document, line, labels in self._core.object_rows():
                r = ObjectRef(ref[0], ref[1], ref[2] or None, ref[3])
                out.append(ObjectInfo(r, file, document, line, dict(labels)))
            self._objects = out
        return list(self._objects)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self._findings)

    def __len__(self) -> int:
        return len(self._findings)

    @overload
    def __getitem__(self, i: int) -> Finding: ...
    @overload
    def __getitem__(self, i: slice) -> List[Finding]: ...
    def __getitem__(self, i: Union[int, slice]) -> Union[Finding, List[Finding]]:
        return self._findings[i]

    def has_findings(self, at_least: Union[Severity, str] = Severity.ERROR) -> bool:
        """Whether a finding is at or above the severity (the command line's ``--fail-on``)."""
        threshold = Severity(at_least)
        return any(f.severity >= threshold for f in self._findings)

    def by_rule(self) -> Dict[str, List[Finding]]:
        """Findings grouped by rule id, in id order."""
        out: Dict[str, List[Finding]] = {}
        for f in sorted(self._findings, key=lambda f: f.rule):
            out.setdefault(f.rule, []).append(f)
        return out

    # --- formats of the command line ---
    def fix(self, rules: Optional[Sequence[str]] = None, dry_run: bool = False, max_rounds: int = 10) -> "FixResult":
        """Applies the fixes of these findings to the files they were found in, as ``shipshape
        fix`` does (docs/fix.md): minimal text edits that keep comments and layout, each file
        replaced atomically. The inputs are checked again with the report's options, in rounds,
        until the fixes bring nothing more about (at most ``max_rounds``); a report that was
        unpickled does not know its inputs and gets one round over its own findings.
        ``rules`` limits the fixes to these rule ids; with ``dry_run`` (and for texts checked
        from memory, see ``sources``) nothing is written and the edited texts are in the
        result. Standard input and ``helm template`` output are refused. Raises as
        :func:`shipshape.fix` does.
        """
        from .fix import fix_report

        return fix_report(self, rules=rules, dry_run=dry_run, max_rounds=max_rounds)

    def to_json(self, include_suppressed: bool = False) -> str:
        """The JSON report (docs/json-report.md), as ``shipshape check -f json``."""
        return str(self._core.to_json(include_suppressed))

    def to_sarif(self, docs_url: Optional[str] = None) -> str:
        """SARIF 2.1.0, for code-scanning tools (as ``check -f sarif``). ``docs_url``: where the
        rule pages are published (``--docs-url``); each rule then gets the ``helpUri``
        ``{docs_url}/{id}.md``. None (the default) leaves the links out."""
        return str(self._core.to_sarif((docs_url or "").rstrip("/")))

    def to_junit(self, fail_on: Optional[str] = "info", seconds: float = 0.0) -> str:
        """JUnit XML, one test case per rule and file (as ``check -f junit``). Findings below
        ``fail_on`` (``"error"``, ``"warning"``, ``"info"``; None for none, like ``--fail-on
        never``) are listed as output of a passing test case. ``seconds``: the run's duration
        for the ``time`` attributes. Raises ValueError for another ``fail_on``."""
        if fail_on == "never":
            fail_on = None
        return str(self._core.to_junit(fail_on, float(seconds)))

    def to_github(self) -> str:
        """GitHub Actions workflow commands, one line per finding (as ``check -f github``)."""
        return str(self._core.to_github())

    def to_gitlab(self) -> str:
        """A GitLab code-quality report, a JSON array of issues (as ``check -f gitlab``)."""
        return str(self._core.to_gitlab())

    def to_baseline(self) -> str:
        """The baseline file of these findings (as ``shipshape baseline``): JSON, each finding
        with its fingerprint; ``shipshape check --baseline FILE`` then reports only new ones."""
        return str(self._core.to_baseline())

    def to_text(self, color: bool = False, show_suppressed: bool = False) -> str:
        """The command line's text report."""
        return str(self._core.to_text(color, show_suppressed))

    def __str__(self) -> str:
        return self.to_text()

    def __repr__(self) -> str:
        s = self.summary
        return (f"<Report {s.findings} findings ({s.error} error, {s.warning} warning, {s.info} info) "
                f"in {s.objects} objects of {s.files} files, {s.errors} errors>")

    # --- analysis ---
    def _labels_of(self) -> Dict[Tuple[str, int, Optional[ObjectRef]], Dict[str, str]]:
        return {(o.file, o.document, o.ref): o.labels for o in self.objects}

    def to_dataframe(self, labels: Sequence[str] = (), include_suppressed: bool = False) -> "pandas.DataFrame":
        """One row per finding, typed for analysis (needs pandas: ``pip install shipshape[pandas]``).

        Columns: ``rule`` (category), ``severity`` (ordered category info < warning < error),
        ``message``, ``file``, ``line``/``column``/``document`` (int64), ``path``,
        ``api_version``, ``kind`` (category), ``namespace``, ``name``, ``object``
        (``Kind/ns/name``), ``helm_source`` (strings; missing values are ``<NA>``), ``fixable``
        (bool), ``fix`` (the JSON patch, a list). ``labels`` adds one string column per label
        key, from the object's labels (see :attr:`objects`). ``include_suppressed`` adds the
        suppressed findings and a bool column ``suppressed``.
        """
        pd = _require("pandas", "pandas")

        rows = [(f, False) for f in self._findings]
        if include_suppressed:
            rows += [(f, True) for f in self.suppressed]
        label_keys = list(labels)
        base = ["rule", "severity", "message", "file", "line", "column", "document", "path", "api_version", "kind",
                "namespace", "name", "object", "helm_source", "fixable", "fix"]
        clash = [k for k in label_keys if k in base or k == "suppressed"]
        if clash:
            raise ValueError(f"label keys {clash} clash with built-in columns")
        owners = self._labels_of() if label_keys else {}
        data: Dict[str, List[Any]] = {c: [] for c in base}
        for k in label_keys:
            data[k] = []
        for f, _ in rows:
            o = f.object
            data["rule"].append(f.rule)
            data["severity"].append(f.severity.value)
            data["message"].append(f.message)
            data["file"].append(f.file)
            data["line"].append(f.line)
            data["column"].append(f.column)
            data["document"].append(f.document)
            data["path"].append(f.path or None)
            data["api_version"].append(o.api_version if o else None)
            data["kind"].append(o.kind if o else None)
            data["namespace"].append(o.namespace if o else None)
            data["name"].append(o.name if o else None)
            data["object"].append(o.display() if o else None)
            data["helm_source"].append(f.helm_source or None)
            data["fixable"].append(bool(f.fix))
            data["fix"].append(f.fix)
            if label_keys:
                found = owners.get((f.file, f.document, o), {}) if o else {}
                for k in label_keys:
                    data[k].append(found.get(k))
        df = pd.DataFrame(data)
        df["rule"] = df["rule"].astype("category")
        df["severity"] = pd.Categorical(df["severity"], categories=_SEVERITIES, ordered=True)
        df["kind"] = df["kind"].astype("category")
        for c in ("line", "column", "document"):
            df[c] = df[c].astype("int64")
        for c in ["message", "file", "path", "api_version", "namespace", "name", "object", "helm_source"] + label_keys:
            df[c] = df[c].astype("string")
        df["fixable"] = df["fixable"].astype(bool)
        df["fix"] = df["fix"].astype(object)  # a frame without rows would have float64
        if include_suppressed:
            df["suppressed"] = pd.Series([s for _, s in rows], dtype=bool)
        return df

    def objects_dataframe(self, labels: Sequence[str] = ()) -> "pandas.DataFrame":
        """One row per object checked (``file``, ``document``, ``line``, ``api_version``,
        ``kind``, ``namespace``, ``name``, ``object``, ``score``, and a column per requested
        label). ``score`` is the object's score from 0 to 100, as the text report computes it:
        100 - 20 per error - 5 per warning - 1 per info finding, at least 0."""
        pd = _require("pandas", "pandas")

        counts: Dict[Tuple[str, int, ObjectRef], List[int]] = {}
        for f in self._findings:
            if f.object is not None:
                tally = counts.setdefault((f.file, f.document, f.object), [0, 0, 0])
                tally[_SEVERITIES.index(f.severity.value)] += 1
        keys = list(labels)
        records = []
        for o in self.objects:
            info, warning, error = counts.get((o.file, o.document, o.ref), (0, 0, 0))
            rec: Dict[str, Any] = {"file": o.file, "document": o.document, "line": o.line,
                                   "api_version": o.ref.api_version, "kind": o.ref.kind,
                                   "namespace": o.ref.namespace, "name": o.ref.name, "object": o.ref.display(),
                                   "score": max(0, 100 - 20 * error - 5 * warning - info)}
            for k in keys:
                rec[k] = o.labels.get(k)
            records.append(rec)
        cols = ["file", "document", "line", "api_version", "kind", "namespace", "name", "object", "score"] + keys
        df = pd.DataFrame.from_records(records, columns=cols)
        df["document"] = df["document"].astype("int64")
        df["line"] = df["line"].astype("int64")
        df["score"] = df["score"].astype("int64")
        df["kind"] = df["kind"].astype("category")
        for c in ["file", "api_version", "namespace", "name", "object"] + keys:
            df[c] = df[c].astype("string")
        return df

    def _repr_html_(self) -> str:
        from ._display import report_html

        return report_html(self)

    def plot(self, by: str = "namespace", label: Optional[str] = None, top: int = 15) -> "Figure":
        """Draws findings by rule (stacked by severity), by severity, and by ``by`` (a
        column of :meth:`to_dataframe`: ``namespace``, ``kind``, ``object``...) or, with
        ``label``, by the value of that object label (e.g. ``label="owner"``). Needs
        matplotlib (``pip install shipshape[plot]``). Returns the figure."""
        _require("matplotlib", "plot")
        from ._display import plot_report

        figure: "Figure" = plot_report(self, by=by, label=label, top=top)
        return figure
