"""Applying the findings' fixes to the files they were found in, keeping comments and layout."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

from . import _core
from .model import Finding, RunError

if TYPE_CHECKING:
    from .report import Report

__all__ = ["FileFix", "FixResult", "fix", "fix_report"]


@dataclass
class FileFix:
    """What the fixes did to one file (or text checked from memory).

    ``before``/``after`` are its text; ``applied`` the findings whose fix is in ``after``,
    ``refused`` the others with the reason; ``error`` is set when the whole file was refused
    (``helm template`` output, standard input, a text that no longer parses).
    """

    name: str
    before: str
    after: str
    applied: List[Finding] = field(default_factory=list)
    refused: List[Tuple[Finding, str]] = field(default_factory=list)
    error: str = ""
    written: bool = False

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def diff(self) -> str:
        """A unified diff of the change (``a/NAME`` to ``b/NAME``), empty when nothing changed."""
        return str(_core.unified_diff(self.before, self.after, "a/" + self.name, "b/" + self.name))


@dataclass
class FixResult:
    """The outcome of :func:`fix` / :meth:`Report.fix`, one :class:`FileFix` per file with fixes.

    ``rounds`` counts the rounds that changed a text (a check, then its fixes; a fix can make
    another rule apply, which the next round fixes). ``converged`` is ``False`` when the rounds
    stopped at ``max_rounds`` while the last one still changed something.
    """

    files: List[FileFix] = field(default_factory=list)
    rounds: int = 0
    converged: bool = True
    dry_run: bool = False

    @property
    def applied(self) -> List[Finding]:
        return [f for ff in self.files for f in ff.applied]

    @property
    def refused(self) -> List[Tuple[Finding, str]]:
        return [r for ff in self.files for r in ff.refused]

    @property
    def changed_files(self) -> List[str]:
        return [ff.name for ff in self.files if ff.changed]

    def diff(self) -> str:
        """The unified diff of every changed file, as ``shipshape fix --dry-run`` prints it."""
        return "".join(ff.diff() for ff in self.files)

    @property
    def exit_code(self) -> int:
        """The command line's: 1 when a fix was refused, the rounds did not converge, or (with
        ``dry_run``) a file would change; else 0."""
        return 1 if self.refused or not self.converged or (self.dry_run and self.changed_files) else 0


def _write_files(files: List[FileFix]) -> None:
    """Replaces each file with its ``after`` text in two steps, as the command line does: every
    text is written to a temporary file beside its file first (permissions, and where allowed
    owner and group, copied), then all are renamed over their files. A file that cannot be
    written raises before any file is replaced. Symbolic links are followed."""
    staged: List[Tuple[str, str]] = []
    try:
        for ff in files:
            target = os.path.realpath(ff.name)
            st = os.stat(target)
            fd, temp = tempfile.mkstemp(prefix="." + os.path.basename(target) + ".",
                                        dir=os.path.dirname(target) or ".")
            staged.append((temp, target))
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
                out.write(ff.after)
            try:
                os.chown(temp, st.st_uid, st.st_gid)  # only root may give a file away
            except OSError:
                pass
            os.chmod(temp, st.st_mode & 0o7777)
    except BaseException:
        for temp, _ in staged:
            if os.path.exists(temp):
                os.unlink(temp)
        raise
    for temp, target in staged:
        os.replace(temp, target)
    for ff in files:
        ff.written = True


def _row(f: Finding) -> Tuple[Any, ...]:
    ops = [(op["op"], op["path"], json.dumps(op["value"]) if "value" in op else "") for op in f.fix]
    return (f.rule, f.file, f.line, f.column, f.document, f.object_pointer, ops)


def fix_report(report: "Report", rules: Optional[Iterable[str]] = None, dry_run: bool = False,
               max_rounds: int = 10) -> FixResult:
    """The implementation of :meth:`Report.fix`: the rounds of :func:`fix` over the inputs and
    options the report was made with, or one round over its findings when it does not know
    them (an unpickled report)."""
    inputs = getattr(report, "_inputs", None)
    if inputs is not None:
        paths, texts, options = inputs
        return _fix_inputs(paths, texts, rules, dry_run, max_rounds, options)
    return _fix_findings(report, rules, dry_run)


def _fix_inputs(paths: List[str], texts: List[Tuple[str, str, str]], rules: Optional[Iterable[str]], dry_run: bool,
                max_rounds: int, options: Dict[str, Any]) -> FixResult:
    """Runs ``_core.fix`` (every round in C++) and writes the changed files unless ``dry_run``."""
    from .api import _call_core, _raise_for_errors

    if max_rounds < 1:
        raise ValueError("max_rounds must be 1 or more")
    options = dict(options, errors="raise")
    (files, errors, rounds, converged), failures = _call_core(
        _core.fix, paths, texts, fix_rules=list(rules) if rules is not None else [], max_rounds=max_rounds, **options)
    if errors:  # nothing is written when an input could not be read or a rule failed
        _raise_for_errors(None, failures, [RunError(p, m, r or None, o or None) for p, m, r, o in errors])
    result = FixResult(rounds=rounds, converged=converged, dry_run=dry_run)
    on_disk: List[FileFix] = []
    for name, before, after, from_file, applied, refused, error in files:
        result.files.append(FileFix(name, before, after, [Finding._from_row(r) for r in applied],
                                    [(Finding._from_row(r), why) for r, why in refused], error))
        if from_file:
            on_disk.append(result.files[-1])
    if not dry_run:
        _write_files([ff for ff in on_disk if ff.changed])
    return result


def _fix_findings(report: "Report", rules: Optional[Iterable[str]], dry_run: bool) -> FixResult:
    """One round over the findings of ``report``, the texts read from ``report.sources`` or the files."""
    wanted = set(rules) if rules is not None else None
    by_file: Dict[str, List[Finding]] = {}
    for f in report.findings:
        if f.fix and (wanted is None or f.rule in wanted):
            by_file.setdefault(f.file, []).append(f)
    result = FixResult(rounds=1, dry_run=dry_run)
    for name, findings in by_file.items():
        if name in report.sources:
            text: Optional[str] = report.sources[name]
        elif name == "<stdin>":
            text = None
        else:
            with open(name, encoding="utf-8", newline="") as handle:
                text = handle.read()
        if text is None:
            reason = "standard input cannot be edited: name the files to fix"
            result.files.append(FileFix(name, "", "", [], [(f, reason) for f in findings], reason))
            continue
        after, applied, refused, error = _core.apply_fixes(text, name, [_row(f) for f in findings])
        result.files.append(FileFix(name, text, after, [findings[i] for i in applied],
                                    [(findings[i], why) for i, why in refused], error))
    if not dry_run:
        _write_files([ff for ff in result.files if ff.changed and ff.name not in report.sources])
    return result


def fix(*paths: Union[str, "os.PathLike[str]"], rules: Optional[Sequence[str]] = None, dry_run: bool = False,
        max_rounds: int = 10, **options: Any) -> FixResult:
    """Checks ``paths`` (options as for :func:`shipshape.check`) and applies the fixes of the
    findings to the files, as ``shipshape fix`` does: minimal edits that keep comments, key
    order, quoting and layout. Then it checks the edited texts again and fixes what the edits
    brought about, until a round changes nothing (at most ``max_rounds``); each changed file is
    then replaced atomically, once. ``rules`` limits the fixes to these rule ids (every rule
    still runs); ``dry_run=True`` writes nothing (see :meth:`FixResult.diff`).

    Raises :class:`InputError` (nothing written) when a path cannot be read, :class:`RuleError`
    when a rule fails, ``ValueError`` for standard input (``-``).
    """
    from .api import _options

    names = [os.fspath(p) for p in paths]
    if any(p == "-" for p in names):
        raise ValueError("fix cannot edit standard input: name the files to fix")
    return _fix_inputs(names, [], rules, dry_run, max_rounds, _options(options))
