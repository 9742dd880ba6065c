"""Reports, findings, configurations and Python rules pickle, so they can travel between
processes (multiprocessing, Dask workers) and come back unchanged."""

import pickle
import subprocess
import sys
import textwrap

import pytest

import shipshape
from conftest import ROOT, deployment

HELM = """# Source: shop/templates/web.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels: {team: shop, app: web}
  annotations: {shipshape.io/ignore: "liveness-probe-missing"}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: app
          image: nginx
          securityContext: {privileged: true}
---
this: [is not yaml
"""


class OwnerLabel(shipshape.Rule):
    """A rule importable by name (tests/python is on sys.path): pickles by reference."""

    id = "owner-label-missing"
    summary = "A workload has no owner label."
    severity = "info"
    workloads = True
    options = {"key": shipshape.Option("owner", "the label that names the owner")}

    def check(self, resource, ctx):
        if not resource.labels[self.option_values["key"]]:
            ctx.report(resource, resource.metadata, "metadata.labels", "no owner label")


def _same_report(a, b):
    assert a.findings == b.findings
    assert a.suppressed == b.suppressed
    assert a.objects == b.objects
    assert a.errors == b.errors
    assert a.summary == b.summary
    assert a.rules == b.rules
    assert a.sources == b.sources
    assert a.to_json(include_suppressed=True) == b.to_json(include_suppressed=True)
    assert a.to_sarif() == b.to_sarif()
    assert a.to_junit() == b.to_junit()
    assert a.to_text(show_suppressed=True) == b.to_text(show_suppressed=True)


def test_a_report_survives_a_round_trip(tmp_path):
    (tmp_path / "web.yaml").write_text(HELM)
    report = shipshape.check(tmp_path, tmp_path / "missing.yaml", deployment(name="api", labels={"owner": "x"}),
                             extra_rules=[OwnerLabel], errors="report")
    # the report exercises every part of the state: fixes, Helm sources, suppressed findings,
    # unreadable inputs, syntax errors without an object, labels, a Python rule with options
    assert any(f.fix for f in report) and any(f.helm_source for f in report)
    assert report.suppressed and report.errors and any(f.object is None for f in report)
    assert any(o.labels for o in report.objects) and report.sources
    assert any(r.options for r in report.rules if r.id == "owner-label-missing")
    for protocol in (2, pickle.HIGHEST_PROTOCOL):
        again = pickle.loads(pickle.dumps(report, protocol=protocol))
        assert isinstance(again, shipshape.Report)
        _same_report(report, again)
        assert again.to_dataframe(labels=["team"], include_suppressed=True).equals(
            report.to_dataframe(labels=["team"], include_suppressed=True))


def test_an_empty_report_and_the_examples_round_trip(examples):
    for report in (shipshape.check_text("", name="empty.yaml"), shipshape.check(examples)):
        _same_report(report, pickle.loads(pickle.dumps(report)))


def test_a_corrupt_state_is_refused():
    state = shipshape.check_text("")._core.__getstate__()
    for bad in ((99,) + state[1:], state[:4], state[:4] + ((1, 2),) + state[5:]):
        core = shipshape._core.Report.__new__(shipshape._core.Report)
        with pytest.raises(ValueError, match="report state"):
            core.__setstate__(bad)


def test_findings_and_their_parts_pickle(examples):
    report = shipshape.check(examples)
    findings = report.findings
    assert pickle.loads(pickle.dumps(findings)) == findings
    assert pickle.loads(pickle.dumps(report.objects)) == report.objects
    assert pickle.loads(pickle.dumps(report.rules)) == report.rules
    assert pickle.loads(pickle.dumps(shipshape.Severity.ERROR)) is shipshape.Severity.ERROR


def test_configurations_pickle(tmp_path, examples):
    path = tmp_path / "shipshape.yaml"
    path.write_text("namespace: shop\nrules:\n  liveness-probe-missing: off\n")
    configs = [
        shipshape.Config(namespace="shop", kubernetes_version="1.31",
                         rules={"cpu-request-too-high": {"severity": "warning", "options": {"threshold": 2}}},
                         exemptions=[{"rules": ["memory-limit-missing"], "kind": "DaemonSet", "reason": "why"}]),
        shipshape.Config.from_dict({"kubernetesVersion": "1.30", "rules": {"image-tag-mutable": "error"}}),
        shipshape.Config.from_text("rules: {readiness-probe-missing: off}\n", name="inline.yaml"),
        shipshape.Config.from_file(path),
    ]
    for config in configs:
        again = pickle.loads(pickle.dumps(config))
        assert again == config and repr(again) == repr(config)
        assert again.to_dict() == config.to_dict() and again.file == config.file
        assert shipshape.check(examples, config=again).findings == shipshape.check(examples, config=config).findings


def test_rule_classes_pickle_by_reference(examples):
    assert pickle.loads(pickle.dumps(OwnerLabel)) is OwnerLabel
    rule = OwnerLabel()
    rule.configure({"key": "team"})
    again = pickle.loads(pickle.dumps(rule))
    assert type(again) is OwnerLabel and again.option_values == {"key": "team"}


def test_rule_classes_defined_in_a_notebook_pickle_by_value(examples):
    cloudpickle = pytest.importorskip("cloudpickle")

    class TeamLabel(shipshape.Rule):
        id = "team-label-missing"
        summary = "A workload has no team label."
        workloads = True
        options = {"key": "team"}

        def check(self, resource, ctx):
            if not resource.labels[self.option_values["key"]]:
                ctx.report(resource, resource.metadata, "metadata.labels", f"no {self.option_values['key']} label")

    expected = [str(f) for f in shipshape.check(examples, extra_rules=[TeamLabel]) if f.rule == TeamLabel.id]
    assert expected
    # another interpreter rebuilds the class from the pickle and runs it
    script = textwrap.dedent("""
        import pickle, sys
        import shipshape
        cls = pickle.loads(sys.stdin.buffer.read())
        for f in shipshape.check(sys.argv[1], extra_rules=[cls]):
            if f.rule == cls.id:
                print(f)
    """)
    out = subprocess.run([sys.executable, "-c", script, str(examples)], input=cloudpickle.dumps(TeamLabel),
                         capture_output=True, check=True, cwd=ROOT / "tests")
    assert out.stdout.decode().splitlines() == expected
