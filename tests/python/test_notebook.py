"""The example notebook runs from top to bottom (so it cannot rot) and is committed clean."""

import os

import pytest

from conftest import ROOT

NOTEBOOK = ROOT / "docs" / "notebooks" / "analyse-manifests.ipynb"
CORPUS = "/work/shared/corpus"

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")


def test_the_committed_notebook_has_no_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


def _run(monkeypatch, manifests):
    if manifests is None:
        monkeypatch.delenv("SHIPSHAPE_MANIFESTS", raising=False)
    else:
        monkeypatch.setenv("SHIPSHAPE_MANIFESTS", str(manifests))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    return nb


def _texts(nb):
    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            data = o.get("data", {})
            out.append(data.get("text/html", "") + data.get("text/plain", "") + o.get("text", ""))
    return "\n".join(out)


def test_the_notebook_runs_on_the_examples(monkeypatch):
    nb = _run(monkeypatch, None)
    text = _texts(nb)
    assert "shipshape-report" in text, "the report renders as HTML"
    assert "Deployment/bookstore/api" in text, "worst workloads"
    assert "team-books" in text, "findings per owner label"
    assert "Application development" in text, "findings per checklist section"
    images = [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(images) == 2


def test_the_notebook_runs_on_another_directory(monkeypatch, tmp_path):
    project = next((os.path.join(CORPUS, d) for d in sorted(os.listdir(CORPUS))
                    if os.path.isdir(os.path.join(CORPUS, d))), None) if os.path.isdir(CORPUS) else None
    if project is None:
        (tmp_path / "pod.yaml").write_text("apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {team: a}}\n"
                                           "spec: {containers: [{name: c, image: 'nginx:1'}]}\n")
        project = tmp_path
    nb = _run(monkeypatch, project)
    assert "shipshape-report" in _texts(nb)
