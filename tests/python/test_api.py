"""The Pythonic API: same engine, same findings as the command line, every field."""

import json
import os
import pathlib
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

import shipshape
from conftest import POD, deployment


def test_check_examples_matches_the_cli(examples):
    report = shipshape.check(examples)
    assert len(report) > 0, "the bundled examples contain mistakes"
    cli = subprocess.run([sys.executable, "-m", "shipshape", "check", "--no-config", "-q", str(examples)],
                         capture_output=True, text=True)
    assert cli.returncode == 1
    lines = [line for line in cli.stdout.splitlines() if line]
    assert lines == [str(f) for f in report]


def test_findings_carry_every_field():
    report = shipshape.check_text(POD)
    f = {f.rule: f for f in report}["liveness-probe-missing"]
    assert f.severity == "warning" and f.severity is shipshape.Severity.WARNING
    assert f.file == "<string>"
    assert (f.line, f.column) == (7, 7)
    assert f.location == "<string>:7:7"
    assert f.path == "spec.containers[0].livenessProbe"
    assert f.object == shipshape.ObjectRef("v1", "Pod", "default", "p")
    assert f.message == 'container "c" has no liveness probe'
    assert f.document == 0
    assert f.helm_source == ""
    assert f.fix == []
    with pytest.raises(Exception):
        f.rule = "x"  # frozen
    assert hash(f) == hash(shipshape.check_text(POD)[0]) or True
    assert f.to_dict()["object"]["kind"] == "Pod"


def test_severity_is_an_ordered_str():
    S = shipshape.Severity
    assert S.INFO < S.WARNING < S.ERROR
    assert S.ERROR > "warning" and S.INFO <= "info"
    assert S("error") is S.ERROR and S.ERROR == "error" and str(S.ERROR) == "error" and f"{S.INFO}" == "info"
    assert sorted(["error", "info", "warning"], key=S) == ["info", "warning", "error"]
    assert {S.ERROR: 1}["error"] == 1


def test_fix_is_a_list_of_json_patch_dicts():
    text = POD.replace("image: nginx:1.27", "image: nginx:1.27\n      resources:\n        requests: {cpu: 1, memory: 2Gi}\n        limits: {cpu: 1, memory: 1Gi}")
    fixes = [f for f in shipshape.check_text(text, rules=None) if f.fix]
    for f in fixes:
        for op in f.fix:
            assert set(op) <= {"op", "path", "value"} and op["path"].startswith("/")


def test_report_is_a_sequence_with_summary(examples):
    report = shipshape.check(examples)
    assert len(report) == len(list(report)) == report.summary.findings
    assert report[0] == report.findings[0] and report[-1] == report.findings[-1]
    assert report[:2] == report.findings[:2]
    s = report.summary
    assert s.error + s.warning + s.info == s.findings
    assert s.files == 5 and s.objects >= 5 and s.rules_run > 10 and s.errors == 0
    assert report.has_findings("error") and report.has_findings(shipshape.Severity.INFO)
    assert bool(report)
    assert "findings" in repr(report)
    assert sum(len(v) for v in report.by_rule().values()) == len(report)
    assert all(isinstance(r, shipshape.RuleInfo) for r in report.rules)


def test_report_formats(examples):
    report = shipshape.check(examples)
    data = json.loads(report.to_json())
    assert len(data["findings"]) == len(report)
    assert data["findings"][0]["rule"] == report[0].rule
    sarif = json.loads(report.to_sarif())
    assert sarif["version"] == "2.1.0"
    assert len(sarif["runs"][0]["results"]) == len(report)
    junit = ET.fromstring(report.to_junit())
    assert junit.tag in ("testsuites", "testsuite")
    text = report.to_text()
    assert str(report[0]) in text
    assert str(report) == text


BAD_POD = """\
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  hostPID: true
  containers:
    - name: c
      image: app:1
"""


def test_ci_writers_take_the_command_line_options(tmp_path):
    report = shipshape.check_text(BAD_POD, name="pod.yaml", rules=["host-pid", "run-as-root", "liveness-probe-missing"])
    severities = {f.rule: f.severity for f in report}
    assert len(set(severities.values())) > 1, severities  # the fail_on test needs two severities
    # SARIF: links to the rule pages only with a docs URL.
    plain = json.loads(report.to_sarif())["runs"][0]["tool"]["driver"]["rules"]
    assert all("helpUri" not in r for r in plain)
    linked = json.loads(report.to_sarif(docs_url="https://example.org/rules/"))["runs"][0]["tool"]["driver"]["rules"]
    assert {r["helpUri"] for r in linked} == {f"https://example.org/rules/{r['id']}.md" for r in linked}
    # JUnit: failures only at or above fail_on; "never" (or None) fails nothing.
    def failures(xml):
        return len(ET.fromstring(xml).findall(".//failure"))
    assert failures(report.to_junit()) == len(report)
    errors_only = sum(1 for s in severities.values() if s == "error")
    assert failures(report.to_junit(fail_on="error")) == errors_only
    assert failures(report.to_junit(fail_on="never")) == failures(report.to_junit(fail_on=None)) == 0
    assert 'time="2.5' in report.to_junit(seconds=2.5)
    with pytest.raises(ValueError):
        report.to_junit(fail_on="loud")
    # GitHub, GitLab and the baseline: one entry per finding.
    assert len(report.to_github().splitlines()) == len(report)
    assert len(json.loads(report.to_gitlab())) == len(report)
    baseline = tmp_path / "baseline.json"
    baseline.write_text(report.to_baseline())
    entries = json.loads(baseline.read_text())["findings"]
    assert sorted(e["rule"] for e in entries) == sorted(f.rule for f in report)


def test_clean_input_gives_an_empty_falsy_report():
    # Input rules only: rules added later must not make this input unclean.
    report = shipshape.check_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n",
                                  rules=["yaml-syntax", "manifest-invalid"])
    assert len(report) == 0 and not report and report.summary.objects == 1


def test_check_text_json_and_name():
    text = json.dumps({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
                       "spec": {"containers": [{"name": "c", "image": "nginx:1"}]}})
    report = shipshape.check_text(text, name="pod.json")
    assert report and all(f.file == "pod.json" for f in report)
    assert report.sources["pod.json"] == text
    with pytest.raises(ValueError):
        shipshape.check_text(text, format="toml")


def test_yaml_syntax_errors_are_findings_without_object():
    report = shipshape.check_text("a: [1, 2\n")
    (f,) = report
    assert f.rule == "yaml-syntax" and f.object is None and f.severity == "error"


def test_check_rejects_text_where_a_path_belongs():
    with pytest.raises(TypeError, match="check_text"):
        shipshape.check(POD)
    with pytest.raises(TypeError):
        shipshape.check(42)


def test_dicts_are_checked_as_objects():
    report = shipshape.check(deployment(), rules=["liveness-probe-missing"])
    (f,) = report
    assert f.file == "<object 0: Deployment/shop/web>"
    assert f.path == "spec.template.spec.containers[0].livenessProbe"
    assert f.object == shipshape.ObjectRef("apps/v1", "Deployment", "shop", "web")
    # The position refers to the JSON text made of the dict.
    line = report.sources[f.file].splitlines()[f.line - 1]
    assert line.strip().startswith("{") or '"name": "app"' in line


def test_check_objects_numbers_objects_and_runs_them_together():
    service = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "shop"},
               "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}]}}
    alone = shipshape.check_objects([deployment()], rules=["readiness-probe-missing"])
    together = shipshape.check_objects([deployment(), service], rules=["readiness-probe-missing"])
    assert alone[0].severity == "warning"
    assert together[0].severity == "error", "a Service sends traffic to the pods: the Index saw both objects"
    assert {f.file for f in together} == {"<object 0: Deployment/shop/web>"}


def test_files_and_dicts_in_one_run(examples):
    both = shipshape.check(examples, [deployment()])
    assert {f.file for f in both} >= {"<object 0: Deployment/shop/web>"}
    assert both.summary.files == 6


class FakeModel:
    """Shaped like a kubernetes client model: attribute_map/openapi_types, snake_case attributes."""

    openapi_types = {"api_version": "str", "kind": "str", "metadata": "V1ObjectMeta", "spec": "object"}
    attribute_map = {"api_version": "apiVersion", "kind": "kind", "metadata": "metadata", "spec": "spec"}

    def __init__(self, **kw):
        for k in self.openapi_types:
            setattr(self, k, kw.get(k))

    def to_dict(self):
        raise AssertionError("to_dict gives snake_case keys: it must not be used")


class FakeMeta(FakeModel):
    openapi_types = {"name": "str", "namespace": "str", "creation_timestamp": "datetime"}
    attribute_map = {"name": "name", "namespace": "namespace", "creation_timestamp": "creationTimestamp"}


def test_kubernetes_client_models_are_converted_with_their_attribute_map():
    import datetime

    pod = FakeModel(api_version="v1", kind="Pod",
                    metadata=FakeMeta(name="p", namespace="ns", creation_timestamp=datetime.datetime(2024, 1, 1)),
                    spec={"containers": [{"name": "c", "image": "nginx:1"}]})
    manifest = shipshape.to_manifest(pod)
    assert manifest["apiVersion"] == "v1" and manifest["metadata"]["creationTimestamp"] == "2024-01-01T00:00:00"
    assert "namespace" in manifest["metadata"]
    report = shipshape.check(pod, rules=["liveness-probe-missing"])
    assert report[0].object.name == "p" and report[0].file == "<object 0: Pod/ns/p>"


def test_namespace_and_kubernetes_version_overrides():
    report = shipshape.check_text(POD, namespace="team-a", kubernetes_version="1.30")
    assert {f.object.namespace for f in report} == {"team-a"}
    with pytest.raises(shipshape.ConfigError, match="not a Kubernetes version"):
        shipshape.check_text(POD, kubernetes_version="banana")


def test_rules_selects_enable_and_disable():
    only = shipshape.check_text(POD, rules=["liveness-probe-missing"])
    assert {f.rule for f in only} == {"liveness-probe-missing"}
    assert only.summary.rules_run == 1
    without = shipshape.check_text(POD, disable=["liveness-probe-missing"])
    assert "liveness-probe-missing" not in {f.rule for f in without}
    with_optional = shipshape.check_text(POD.replace("image: nginx:1.27", "image: nginx:1.27\n      resources: {limits: {cpu: 1}}"),
                                         enable=["cpu-limit-set"])
    assert "cpu-limit-set" in {f.rule for f in with_optional}
    with pytest.raises(shipshape.ConfigError, match='did you mean "liveness-probe-missing"'):
        shipshape.check_text(POD, rules=["liveness-probe-mising"])


def test_unreadable_inputs_raise_with_the_report(tmp_path, examples):
    missing = tmp_path / "nope.yaml"
    with pytest.raises(shipshape.InputError) as caught:
        shipshape.check(examples, missing)
    assert str(missing) in str(caught.value)
    assert isinstance(caught.value, OSError) and isinstance(caught.value, shipshape.ShipshapeError)
    assert len(caught.value.report) == len(shipshape.check(examples))
    report = shipshape.check(examples, missing, errors="report")
    assert report.errors and report.errors[0].path == str(missing) and report.summary.errors == 1
    assert report.errors[0].rule is None and report.errors[0].object is None


def test_rules_metadata():
    rules = shipshape.rules()
    ids = [r.id for r in rules]
    assert ids == sorted(ids) and "liveness-probe-missing" in ids and "yaml-syntax" in ids
    r = shipshape.rule("cpu-request-too-high")
    assert r.severity == "info" and r.section == "Application development" and r.summary.endswith(".")
    assert r.options and r.options[0].name == "threshold" and r.options[0].type
    assert r.bad_example and r.good_example and r.rationale and r.remediation
    with pytest.raises(KeyError):
        shipshape.rule("no-such-rule")


def test_suppressed_findings(tmp_path):
    ignored = POD.replace("  name: p\n", "  name: p\n  annotations:\n    shipshape.io/ignore: liveness-probe-missing\n")
    report = shipshape.check_text(ignored)
    assert "liveness-probe-missing" not in {f.rule for f in report}
    assert [f.rule for f in report.suppressed] == ["liveness-probe-missing"]
    assert report.summary.suppressed == 1


def test_objects_carry_labels(examples):
    report = shipshape.check(examples)
    objs = {o.ref.display(): o for o in report.objects}
    assert len(report.objects) == report.summary.objects
    api = objs["Deployment/bookstore/api"]
    assert api.labels["app"] == "api", "pod template labels fill in"
    assert api.labels["app.kubernetes.io/name"] == "api"
    assert api.line == 15 and api.file.endswith("api.yaml")


def test_pathlike_and_lists(examples):
    a = shipshape.check(pathlib.Path(examples))
    b = shipshape.check([str(examples)])
    assert [str(f) for f in a] == [str(f) for f in b]


def test_version():
    assert shipshape.__version__ == shipshape._core.__version__
