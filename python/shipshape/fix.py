"""Applying the findings' fixes to the files they were found in, keeping comments and layout."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Optional, Sequence, Tuple

from . import _core
from .model import Finding

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
    """The outcome of :func:`fix` / :meth:`Report.fix`, one :class:`FileFix` per file with fixes."""

    files: List[FileFix] = field(default_factory=list)

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
        """The command line's: 1 when a fix was refused, else 0."""
        return 1 if self.refused else 0


def _write_atomically(path: str, text: str) -> None:
    """Writes beside the file and renames over it, keeping its permissions."""
    target = os.path.realpath(path)
    directory = os.path.dirname(target) or "."
    mode = os.stat(target).st_mode & 0o7777
    fd, temp = tempfile.mkstemp(prefix="." + os.path.basename(target) + ".", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def _row(f: Finding) -> Tuple[Any, ...]:
    ops = [(op["op"], op["path"], json.dumps(op["value"]) if "value" in op else "") for op in f.fix]
    return (f.rule, f.file, f.line, f.column, f.document, f.object_pointer, ops)


def fix_report(report: "Report", rules: Optional[Iterable[str]] = None, dry_run: bool = False) -> FixResult:
    """The implementation of :meth:`Report.fix`."""
    wanted = set(rules) if rules is not None else None
    by_file: Dict[str, List[Finding]] = {}
    for f in report.findings:
        if f.fix and (wanted is None or f.rule in wanted):
            by_file.setdefault(f.file, []).append(f)
    result = FixResult()
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
        ff = FileFix(name, text, after, [findings[i] for i in applied],
                     [(findings[i], why) for i, why in refused], error)
        if ff.changed and not dry_run and name not in report.sources:
            _write_atomically(name, after)
            ff.written = True
        result.files.append(ff)
    return result


def fix(*paths: str, rules: Optional[Sequence[str]] = None, dry_run: bool = False, **options: Any) -> FixResult:
    """Checks ``paths`` (options as for :func:`shipshape.check`) and applies the fixes of the
    findings to the files, as ``shipshape fix`` does: minimal edits that keep comments, key
    order, quoting and layout; each file replaced atomically. ``rules`` limits the fixes to
    these rule ids; ``dry_run=True`` writes nothing (see :meth:`FixResult.diff`).
    """
    from .api import check

    if any(p == "-" for p in paths):
        raise ValueError("fix cannot edit standard input: name the files to fix")
    return fix_report(check(*paths, **options), rules=rules, dry_run=dry_run)
