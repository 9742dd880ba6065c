"""The engine runs without the GIL: several Python threads can check at once."""

import concurrent.futures
import os
import shutil

import pytest

import shipshape
from conftest import deployment

CORPUS = "/work/shared/corpus"


def _corpus_dirs(limit=8):
    root = os.environ.get("SHIPSHAPE_CORPUS", CORPUS)
    if not os.path.isdir(root):
        return []
    return [os.path.join(root, d) for d in sorted(os.listdir(root)) if os.path.isdir(os.path.join(root, d))][:limit]


def test_many_paths_from_several_python_threads(tmp_path, examples):
    # Twelve copies of the examples under different names, plus corpus projects when present.
    paths = []
    for i in range(12):
        d = tmp_path / f"copy{i}"
        shutil.copytree(examples, d)
        paths.append(str(d))
    paths += _corpus_dirs()
    sequential = {p: [str(f) for f in shipshape.check(p, errors="report")] for p in paths}
    with concurrent.futures.ThreadPoolExecutor(max_workers=6) as pool:
        futures = {p: pool.submit(shipshape.check, p, errors="report", jobs=2) for p in paths}
        parallel = {p: [str(f) for f in fut.result()] for p, fut in futures.items()}
    assert parallel == sequential
    assert all(sequential[p] for p in paths[:12])


def test_python_rules_from_several_python_threads():
    class Named(shipshape.Rule):
        id = "named"
        summary = "Reports every Deployment."
        kinds = ["Deployment"]

        def check(self, resource, ctx):
            ctx.report(resource, None, "", resource.name)

    def run(i):
        objs = [deployment(name=f"t{i}-{j}") for j in range(200)]
        return sorted(f.message for f in shipshape.check(objs, extra_rules=[Named], rules=["named"], jobs=3))

    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(run, range(8)))
    for i, messages in enumerate(results):
        assert messages == sorted(f"t{i}-{j}" for j in range(200))


def test_the_gil_is_released_while_the_engine_runs(examples):
    """A Python thread keeps running while another thread is inside the engine."""
    import threading
    import time

    ticks = []
    stop = threading.Event()

    def ticker():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    objs = [deployment(name=f"d{i}") for i in range(3000)]
    t = threading.Thread(target=ticker)
    t.start()
    try:
        start = time.perf_counter()
        shipshape.check(objs, jobs=1)
        end = time.perf_counter()
    finally:
        stop.set()
        t.join()
    during = [x for x in ticks if start < x < end]
    if end - start > 0.05:
        assert len(during) > 3, "the ticker ran while the engine worked"
    else:
        pytest.skip("the run was too quick to observe")
