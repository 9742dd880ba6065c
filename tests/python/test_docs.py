"""The examples of docs/python.md run: ```python blocks execute, ```pycon blocks are doctests.

Blocks share one namespace, in order, from the root of the repository."""

import doctest
import re

import pytest

from conftest import ROOT

DOC = ROOT / "docs" / "python.md"
BLOCK = re.compile(r"^```(python|pycon)\n(.*?)^```", re.DOTALL | re.MULTILINE)


def test_every_example_of_the_python_guide_runs(monkeypatch):
    pytest.importorskip("pandas")
    monkeypatch.chdir(ROOT)
    blocks = BLOCK.findall(DOC.read_text())
    assert len(blocks) >= 10
    namespace = {"__name__": "docs_python"}
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for i, (kind, code) in enumerate(blocks):
        line = DOC.read_text()[: DOC.read_text().index(code)].count("\n") + 1
        if kind == "python":
            exec(compile(code, f"{DOC}:{line}", "exec"), namespace)
        else:
            test = parser.get_doctest(code, namespace, f"python.md block {i}", str(DOC), line - 1)
            out = []
            runner.run(test, out=out.append, clear_globs=False)
            assert not runner.failures, "".join(out)
            namespace.update(test.globs)  # DocTest works on a copy
