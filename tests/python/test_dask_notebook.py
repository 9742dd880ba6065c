"""The org-scale notebook (shipshape.dask on a local cluster of worker processes) runs from top
to bottom, over the whole corpus when it is there, and is committed clean."""

import os

import pytest

from conftest import ROOT

NOTEBOOK = ROOT / "docs" / "notebooks" / "org-scale-dask.ipynb"
CORPUS = "/work/shared/corpus"

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("dask.dataframe")
pytest.importorskip("distributed")


def test_the_committed_notebook_has_no_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


def _texts(nb):
    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            data = o.get("data", {})
            out.append(data.get("text/html", "") + data.get("text/plain", "") + o.get("text", ""))
    return "\n".join(out)


def test_the_notebook_analyses_every_repository(monkeypatch):
    root = os.environ.get("SHIPSHAPE_CORPUS", CORPUS)
    corpus = os.path.isdir(root) and any(os.path.isdir(os.path.join(root, d)) for d in os.listdir(root))
    if corpus:
        monkeypatch.setenv("SHIPSHAPE_REPOSITORIES", os.path.join(root, "*/"))
    else:
        monkeypatch.setenv("SHIPSHAPE_REPOSITORIES", str(ROOT / "examples" / "*/"))
    monkeypatch.delenv("DASK_SCHEDULER_ADDRESS", raising=False)
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    text = _texts(nb)
    assert "2 workers" in text
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    if corpus:
        projects = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
        assert f"{len(projects)} repositories" in text
        assert "privileged-container" in text, "who runs privileged pods"
        assert "kubernetes__examples" in text, "worst repositories"
    else:
        assert "1 repositories" in text and "bookstore" in text
        assert "team-books" in text, "findings by owner label"
    assert "(no owner label)" in text or "team-books" in text
    assert "default severity" in text, "worst rules with their metadata"
