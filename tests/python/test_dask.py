"""shipshape.dask: one task per repository, findings gathered in one typed Dask DataFrame, on
the local schedulers and on a cluster of separate worker processes."""

import os
import shutil
import subprocess
import sys

import pytest

import shipshape
from conftest import ROOT

pd = pytest.importorskip("pandas")
dask = pytest.importorskip("dask")
pytest.importorskip("dask.dataframe")
import shipshape.dask as sd  # noqa: E402

CORPUS = "/work/shared/corpus"
# The smaller corpus projects (a few seconds in all); the notebook test runs the whole corpus.
CORPUS_SUBSET = ["GoogleCloudPlatform__microservices-demo", "dockersamples__example-voting-app",
                 "fluxcd__flux2", "kelseyhightower__kubernetes-the-hard-way", "kubernetes-sigs__metrics-server",
                 "kubernetes__dashboard", "kubernetes__ingress-nginx", "kubernetes__kube-state-metrics",
                 "kubernetes__website", "cert-manager__cert-manager"]
LABELS = ["app.kubernetes.io/name", "team"]


def _corpus_root():
    root = os.environ.get("SHIPSHAPE_CORPUS", CORPUS)
    return root if os.path.isdir(root) else None


def _projects(tmp_path, examples):
    """Corpus projects when the corpus is there, otherwise copies of the examples."""
    root = _corpus_root()
    if root:
        found = [os.path.join(root, p) for p in CORPUS_SUBSET if os.path.isdir(os.path.join(root, p))]
        if found:
            return found
    out = []
    for i in range(3):
        shutil.copytree(examples, tmp_path / f"repo{i}")
        out.append(str(tmp_path / f"repo{i}"))
    return out


def _plain(frame):
    """Categories as plain values, index reset: for comparing frames whose categories differ."""
    frame = frame.reset_index(drop=True)
    for c in frame.columns:
        if isinstance(frame[c].dtype, pd.CategoricalDtype):
            frame[c] = frame[c].astype(object).where(frame[c].notna(), None)
    return frame


def _assert_same_as_local_runs(findings, repositories, **options):
    labels = options.pop("labels", ())
    for name, path in repositories.items():
        expected = shipshape.check(path, errors="report", **options).to_dataframe(labels=labels)
        got = findings[findings["repository"] == name].drop(columns="repository")
        assert len(got) == len(expected), name
        pd.testing.assert_frame_equal(_plain(got), _plain(expected), check_dtype=True)


def _assert_typed(findings, names, rule_ids, labels=()):
    """The gathered frame has to_dataframe()'s columns and dtypes, with unified categories."""
    expected = ["repository"] + list(shipshape.check_text("").to_dataframe(labels=labels).columns)
    assert list(findings.columns) == expected
    assert list(findings["repository"].cat.categories) == list(names)
    assert list(findings["rule"].cat.categories) == list(rule_ids)
    assert list(findings["severity"].cat.categories) == ["info", "warning", "error"]
    assert findings["severity"].cat.ordered
    assert isinstance(findings["kind"].dtype, pd.CategoricalDtype)
    assert set(findings["kind"].dropna()) <= set(findings["kind"].cat.categories)
    for c in ["message", "file", "path", "api_version", "namespace", "name", "object", "helm_source", *labels]:
        assert findings[c].dtype == "string", c
    for c in ("line", "column", "document"):
        assert findings[c].dtype == "int64"
    assert findings["fixable"].dtype == bool and findings["fix"].dtype == object
    fixes = findings.loc[findings["fixable"], "fix"]
    assert len(fixes) and all(isinstance(f, list) and f and "op" in f[0] for f in fixes)


@pytest.fixture(scope="module")
def cluster_client():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None,
                                  silence_logs=40) as cluster, distributed.Client(cluster) as client:
        yield client


def test_a_cluster_of_worker_processes_gives_the_rows_of_one_local_run_per_project(cluster_client, tmp_path,
                                                                                    examples):
    projects = _projects(tmp_path, examples)
    scan = sd.check_repositories(projects, labels=LABELS)
    assert list(scan.repositories.values()) == projects
    assert scan.findings.npartitions == len(projects)
    assert scan.findings["rule"].cat.known and not scan.findings["kind"].cat.known
    findings, errors = scan.compute()
    # each project ran in a worker process, not here
    assert len(cluster_client.scheduler_info()["workers"]) == 2
    rule_ids = [r.id for r in shipshape.rules()]
    _assert_typed(findings, scan.repositories, rule_ids, LABELS)
    assert set(findings["repository"]) == set(scan.repositories) or _corpus_root() is None
    _assert_same_as_local_runs(findings, scan.repositories, labels=LABELS)
    assert list(errors.columns) == sd.ERROR_COLUMNS
    local_errors = sum(len(shipshape.check(p, errors="report").errors) for p in projects)
    assert len(errors) == local_errors


def test_python_rules_and_a_configuration_travel_to_the_workers(cluster_client, examples):
    class TeamLabel(shipshape.Rule):  # defined here: cloudpickle sends it by value
        id = "team-label-missing"
        summary = "A workload has no team label."
        workloads = True
        options = {"key": "team"}

        def check(self, resource, ctx):
            if not resource.labels[self.option_values["key"]]:
                ctx.report(resource, resource.metadata, "metadata.labels", f"no {self.option_values['key']} label")

    config = shipshape.Config(rules={"team-label-missing": {"options": {"key": "cost-center"}},
                                     "liveness-probe-missing": "off"})
    repos = {"shop": str(examples / "bookstore"), "all": str(examples)}
    scan = sd.check_repositories(repos, config=config, extra_rules=[TeamLabel])
    findings, errors = scan.compute()
    assert "team-label-missing" in list(findings["rule"].cat.categories)
    assert (findings["rule"] == "team-label-missing").sum() > 0
    assert findings.loc[findings["rule"] == "team-label-missing", "message"].eq("no cost-center label").all()
    assert (findings["rule"] == "liveness-probe-missing").sum() == 0
    assert errors.empty
    _assert_same_as_local_runs(findings, repos, config=config, extra_rules=[TeamLabel])


def test_a_failing_repository_is_recorded_and_the_others_are_checked(cluster_client, tmp_path, examples):
    class Fragile(shipshape.Rule):
        id = "fragile"
        summary = "Fails before checking a repository that has a ConfigMap named boom."
        kinds = ["ConfigMap"]

        def prepare(self, index, settings):
            if any(r.name == "boom" for r in index.of_kind("ConfigMap")):
                raise RuntimeError("boom")

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "boom.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: boom}\n")
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "a.yaml").write_text("kind: [unclosed\n")
    repos = {"good": str(examples), "bad": str(bad), "broken": str(broken), "missing": str(tmp_path / "nope")}
    findings, errors = sd.check_repositories(repos, extra_rules=[Fragile]).compute()
    by_repo = findings.groupby("repository", observed=False).size()
    assert by_repo["good"] == len(shipshape.check(examples)) and by_repo["bad"] == 0
    assert (findings.loc[findings["repository"] == "broken", "rule"] == "yaml-syntax").all()
    assert by_repo["broken"] == 1
    failed = errors.set_index("repository")
    assert failed.loc["bad", "exception"] == "RuleError" and "boom" in failed.loc["bad", "message"]
    assert failed.loc["bad", "path"] == str(bad)
    assert pd.isna(failed.loc["missing", "exception"]) and failed.loc["missing", "path"] == str(tmp_path / "nope")
    assert set(errors["repository"]) == {"bad", "missing"}


@pytest.mark.parametrize("scheduler", ["sync", "threads", "processes"])
def test_the_local_schedulers(scheduler, tmp_path, examples):
    projects = []
    for i in range(3):
        shutil.copytree(examples, tmp_path / f"app{i}")
        projects.append(str(tmp_path / f"app{i}"))
    scan = sd.check_repositories(str(tmp_path / "app*"), include_suppressed=True)
    assert list(scan.repositories) == ["app0", "app1", "app2"]
    findings, errors = scan.compute(scheduler=scheduler)
    assert errors.empty and "suppressed" in findings.columns
    for name, path in scan.repositories.items():
        expected = shipshape.check(path).to_dataframe(include_suppressed=True)
        got = findings[findings["repository"] == name].drop(columns="repository")
        pd.testing.assert_frame_equal(_plain(got), _plain(expected))
    if scheduler != "processes":  # (a pool of processes per compute is slow to start)
        # the Dask frame computes lazily like any other
        errors_only = scan.findings[scan.findings["severity"] == "error"]
        assert len(errors_only.compute(scheduler=scheduler)) == (findings["severity"] == "error").sum()


def test_repositories_are_named_and_validated(tmp_path):
    for d in ("a/deploy", "b/deploy", "c"):
        (tmp_path / d).mkdir(parents=True)
    assert sd.repositories([tmp_path / "a", tmp_path / "c"]) == {"a": str(tmp_path / "a"), "c": str(tmp_path / "c")}
    clash = sd.repositories(str(tmp_path / "*" / "deploy"))
    assert clash == {str(tmp_path / d / "deploy"): str(tmp_path / d / "deploy") for d in ("a", "b")}
    assert sd.repositories({"x": tmp_path / "c"}) == {"x": str(tmp_path / "c")}
    with pytest.raises(ValueError, match="no repository matches"):
        sd.repositories(str(tmp_path / "zzz*"))
    with pytest.raises(ValueError, match="twice"):
        sd.repositories([tmp_path / "c", tmp_path / "c"])
    with pytest.raises(TypeError):
        sd.repositories(3)


def test_bad_options_raise_before_anything_runs(tmp_path):
    with pytest.raises(shipshape.ConfigError, match="unknown rule"):
        sd.check_repositories([tmp_path], config={"rules": {"no-such-rule": "off"}})
    with pytest.raises(ValueError, match="clash"):
        sd.check_repositories([tmp_path], labels=["repository"])
    with pytest.raises(ValueError, match="clash"):
        sd.check_repositories([tmp_path], labels=["rule"])


def test_without_dask_the_import_names_the_extra():
    script = ("import sys; sys.modules['dask'] = None\n"
              "try:\n    import shipshape.dask\nexcept ImportError as e:\n    print(e)\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT / "tests")
    assert "pip install 'shipshape[dask]'" in out.stdout


def test_repositories_can_be_left_open_ended(tmp_path, examples):
    for i in range(2):
        shutil.copytree(examples, tmp_path / f"app{i}")
    scan = sd.check_repositories(str(tmp_path / "app*"), known_repositories=False)
    assert not scan.findings["repository"].cat.known and not scan.errors["repository"].cat.known
    findings, errors = scan.compute(scheduler="sync")
    assert list(findings["repository"].cat.categories) == ["app0", "app1"]
    assert findings["repository"].value_counts().to_dict() == {"app0": len(shipshape.check(examples))} | {
        "app1": len(shipshape.check(examples))}
