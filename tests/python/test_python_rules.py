"""Rules written in Python run inside the C++ engine, see the same model, report like built-ins."""

import gc
import threading

import pytest

import shipshape
from conftest import POD, deployment


class TeamLabel(shipshape.Rule):
    id = "team-label-missing"
    summary = "A workload has no team label."
    severity = "warning"
    section = "Governance"
    group = "Labels"
    workloads = True
    options = {"label": shipshape.Option("team", "the label that names the owning team")}

    def check(self, resource, ctx):
        key = self.option_values["label"]
        if not resource.labels[key]:
            ctx.report(resource, resource.metadata, "metadata.labels", f"no {key} label",
                       fix=[{"op": "add", "path": f"/metadata/labels/{key}", "value": "unknown"}])


def test_a_python_rule_reports_like_a_builtin():
    report = shipshape.check(deployment(labels={"app": "web"}), deployment(name="ok", labels={"team": "a"}),
                             extra_rules=[TeamLabel], rules=["team-label-missing"])
    (f,) = report
    assert f.rule == "team-label-missing" and f.severity == "warning" and f.message == "no team label"
    assert f.object.name == "web" and f.path == "metadata.labels"
    assert f.fix == [{"op": "add", "path": "/metadata/labels/team", "value": "unknown"}]
    assert f.line == 4, "at the metadata mapping: `\"metadata\": {` of the generated JSON"
    assert [r.id for r in report.rules] == ["team-label-missing"]
    sarif = report.to_sarif()
    assert "team-label-missing" in sarif


def test_python_rules_run_beside_builtins_and_are_listed():
    report = shipshape.check_text(POD, extra_rules=[TeamLabel])
    assert {"team-label-missing", "liveness-probe-missing"} <= {f.rule for f in report}
    ids = [r.id for r in shipshape.rules(extra_rules=[TeamLabel])]
    assert "team-label-missing" in ids and ids == sorted(ids)
    info = TeamLabel.info()
    assert info.section == "Governance" and info.options[0].name == "label"
    assert info.options[0].type == "string" and info.options[0].default == '"team"'


def test_options_are_configured_from_the_configuration():
    config = shipshape.Config(rules={"team-label-missing": {"severity": "error", "options": {"label": "owner"}}})
    report = shipshape.check(deployment(labels={"team": "a"}), config=config, extra_rules=[TeamLabel],
                             rules=["team-label-missing"])
    (f,) = report
    assert f.message == "no owner label" and f.severity == "error"
    bad = shipshape.Config(rules={"team-label-missing": {"options": {"lable": "owner"}}})
    with pytest.raises(shipshape.ConfigError, match="lable"):
        shipshape.check(deployment(), config=bad, extra_rules=[TeamLabel])


class MinReplicas(shipshape.Rule):
    id = "too-few-replicas"
    summary = "A Deployment runs fewer replicas than the minimum."
    kinds = ["Deployment"]
    options = {"minimum": 2, "memory": shipshape.Option("1Gi", type="quantity"), "ratio": 0.5,
               "strict": False, "teams": ["a", "b"]}

    def configure(self, options):
        if options["minimum"] < 1:
            raise ValueError("minimum must be at least 1")
        assert isinstance(options["memory"], shipshape.Quantity) and str(options["memory"]) == "1Gi"
        assert options["ratio"] == 0.5 and options["strict"] is False and options["teams"] == ["a", "b"]
        self.minimum = options["minimum"]

    def check(self, resource, ctx):
        replicas = ctx.index.effective_replicas(resource)
        if replicas < self.minimum:
            ctx.report(resource, resource.spec["replicas"], "spec.replicas",
                       f"runs {replicas} replicas, fewer than {self.minimum}", severity="error")


def test_index_lookups_and_severity_override():
    report = shipshape.check(deployment(replicas=1), deployment(name="big", replicas=3), extra_rules=[MinReplicas],
                             rules=["too-few-replicas"])
    (f,) = report
    assert f.severity == "error" and f.object.name == "web" and f.path == "spec.replicas"


def test_a_value_error_in_configure_is_a_configuration_error():
    config = shipshape.Config(rules={"too-few-replicas": {"options": {"minimum": 0}}})
    with pytest.raises(shipshape.ConfigError, match="too-few-replicas: minimum must be at least 1"):
        shipshape.check(deployment(), config=config, extra_rules=[MinReplicas])


class Boom(shipshape.Rule):
    id = "boom"
    summary = "Fails on purpose."
    kinds = ["Deployment"]

    def check(self, resource, ctx):
        if resource.name == "bad":
            raise ZeroDivisionError("the rule has a bug")


def test_an_exception_in_check_raises_rule_error_with_the_cause():
    with pytest.raises(shipshape.RuleError) as caught:
        shipshape.check(deployment(name="bad"), deployment(name="good"), extra_rules=[Boom])
    e = caught.value
    assert e.rule == "boom" and e.object == "Deployment shop/bad"
    assert "rule boom failed on Deployment shop/bad: ZeroDivisionError: the rule has a bug" in str(e)
    assert "test_python_rules.py:" in str(e)
    assert isinstance(e.__cause__, ZeroDivisionError) and e.__cause__.__traceback__ is not None
    assert e.report is not None and e.report.summary.objects == 2
    assert any(f.rule == "liveness-probe-missing" for f in e.report), "other rules' findings are kept"


def test_errors_report_returns_the_failure_in_the_report():
    report = shipshape.check(deployment(name="bad"), extra_rules=[Boom], errors="report")
    (err,) = report.errors
    assert err.message.startswith("rule boom failed on Deployment shop/bad: ZeroDivisionError")
    assert err.rule == "boom" and err.object == "Deployment shop/bad"
    assert report.summary.errors == 1


class FailsIn(shipshape.Rule):
    id = "fails-in"
    summary = "Fails in a chosen method."
    everything = True
    where = ""

    def __init__(self):
        super().__init__()
        if self.where == "init":
            raise RuntimeError("cannot start")

    def prepare(self, index, settings):
        if self.where == "prepare":
            raise KeyError("prepare")

    def finish(self, ctx):
        if self.where == "finish":
            raise RuntimeError("finish")


@pytest.mark.parametrize("where", ["init", "prepare", "finish"])
def test_exceptions_anywhere_in_a_rule_become_rule_errors(where):
    rule = type(f"Fails{where}", (FailsIn,), {"where": where, "id": f"fails-in-{where}"})
    with pytest.raises(shipshape.RuleError) as caught:
        shipshape.check_text(POD, extra_rules=[rule])
    assert f"fails-in-{where}" in str(caught.value)
    assert caught.value.rule == f"fails-in-{where}" and caught.value.object is None
    assert caught.value.__cause__ is not None


def test_a_failure_in_finish_is_reported_with_the_rule_and_no_object():
    rule = type("Failsfinish", (FailsIn,), {"where": "finish", "id": "fails-in-finish"})
    (err,) = shipshape.check_text(POD, extra_rules=[rule], errors="report").errors
    assert err.rule == "fails-in-finish" and err.object is None and err.path == ""
    assert err.message.startswith("rule fails-in-finish failed: RuntimeError: finish")


def test_bad_definitions_are_refused_when_the_class_is_defined():
    with pytest.raises(shipshape.RuleDefinitionError, match="kebab-case"):
        type("Bad", (shipshape.Rule,), {"id": "Bad_Id", "summary": "x."})
    with pytest.raises(shipshape.RuleDefinitionError, match="summary"):
        type("Bad", (shipshape.Rule,), {"id": "no-summary"})
    with pytest.raises(shipshape.RuleDefinitionError, match="severity"):
        type("Bad", (shipshape.Rule,), {"id": "bad-sev", "summary": "x.", "severity": "fatal"})
    with pytest.raises(shipshape.RuleDefinitionError, match="infer"):
        type("Bad", (shipshape.Rule,), {"id": "bad-opt", "summary": "x.", "options": {"o": {"a": 1}}})
    with pytest.raises(shipshape.RuleDefinitionError):
        shipshape.check_text(POD, extra_rules=[object])


def test_an_id_taken_by_a_builtin_is_refused():
    clash = type("Clash", (shipshape.Rule,), {"id": "liveness-probe-missing", "summary": "x."})
    with pytest.raises(shipshape.RuleDefinitionError, match="registered twice"):
        shipshape.check_text(POD, extra_rules=[clash])


class Model(shipshape.Rule):
    """Records what it sees of the Resource model."""

    id = "model-probe"
    summary = "Looks at everything."
    workloads = True
    seen = {}

    def check(self, resource, ctx):
        c = resource.containers[0]
        pod = resource.pod
        Model.seen[resource.name] = {
            "kind": resource.kind, "api_version": resource.api_version, "group": resource.group,
            "version": resource.version, "namespace": resource.namespace, "namespaced": resource.namespaced,
            "is_workload": resource.is_workload, "is_long_running": resource.is_long_running,
            "file": resource.file, "document": resource.document, "display": resource.display(),
            "label": resource.label("app"), "container": (c.name, c.kind, c.index, c.path, c.describe(), c.list_name,
                                                           c.is_long_lived),
            "image": c["image"].text, "spec_path": pod.spec_path, "pod_labels": pod.labels.to_python(),
            "root": resource.to_python(), "ref": (resource.ref.kind, resource.ref.namespace),
            "rule": ctx.rule, "settings": (ctx.settings.default_namespace, ctx.settings.kubernetes_version),
            "all": len(ctx.index.all()), "deployments": [r.name for r in ctx.index.of_kind("Deployment", "shop")],
            "found": ctx.index.find("Deployment", "shop", "web").name,
            "ns": ctx.index.workload_namespaces(),
        }
        ctx.report(resource, c, c.path, "container seen")
        ctx.report(resource, c["image"], [*_segments(c.path), "image"], "image seen")


def _segments(path):
    import re

    return [int(x) if x.isdigit() else x for x in re.findall(r"[A-Za-z]+|\d+", path)]


def test_the_resource_model_is_exposed():
    Model.seen = {}
    report = shipshape.check(deployment(), namespace="other", kubernetes_version="1.29", extra_rules=[Model],
                             rules=["model-probe"])
    s = Model.seen["web"]
    assert s["kind"] == "Deployment" and s["api_version"] == "apps/v1" and s["group"] == "apps" and s["version"] == "v1"
    assert s["namespace"] == "shop" and s["namespaced"] and s["is_workload"] and s["is_long_running"]
    assert s["file"] == "<object 0: Deployment/shop/web>" and s["document"] == 0
    assert s["display"] == "Deployment shop/web" and s["label"] == "web"
    assert s["container"] == ("app", "regular", 0, "spec.template.spec.containers[0]", 'container "app"',
                              "containers", True)
    assert s["image"] == "registry.example/app:1.0" and s["spec_path"] == "spec.template.spec"
    assert s["pod_labels"] == {"app": "web"} and s["root"] == deployment()
    assert s["ref"] == ("Deployment", "shop") and s["rule"] == "model-probe"
    assert s["settings"] == ("other", "1.29") and s["all"] == 1 and s["deployments"] == ["web"]
    assert s["found"] == "web" and s["ns"] == ["shop"]
    assert [f.path for f in report] == ["spec.template.spec.containers[0]",
                                        "spec.template.spec.containers[0].image"]


def test_values_are_total_and_convert_to_python():
    seen = {}

    class Values(shipshape.Rule):
        id = "values-probe"
        summary = "Reads values."
        kinds = ["ConfigMap"]

        def check(self, resource, ctx):
            d = resource["data"]
            seen.update(
                kinds=(d.kind, d["n"].kind, resource["nope"].kind),
                absent=(bool(resource["nope"]["deeper"][3]), resource["nope"].exists, len(resource["nope"])),
                scalars=(d["n"].as_int(), d["f"].as_float(), d["b"].as_bool(), d["s"].string, d["n"].string,
                         d["n"].text, d["n"].scalar_type, d["q"].scalar_type, d["z"].is_null),
                mapping=(d.keys()[:2], "n" in d, "x" in d, len(d), list(d)[:1], d.get("x", 5), d.get("n").text),
                seq=([v.text for v in d["l"]], d["l"][-1].text, d["l"][5].exists, d["l"].values()[0].text),
                items=[(k, v.text) for k, v in d.items()][:1],
                python=d.to_python(),
                pos=(d["n"].line, d["n"].column, d["n"].file),
                keynode=(d.key_node("n").text, d.key_node("n").line),
                same=(d["n"].same_node(resource["data"]["n"]), d["n"].same_node(d["f"])),
                repr=repr(d["n"]),
                is_=(d.is_mapping, d["l"].is_sequence, d["n"].is_scalar, d["n"].is_true(), d["b"].is_true(),
                     d["s"].equals("hi")),
            )

    text = """apiVersion: v1
kind: ConfigMap
metadata: {name: c}
data:
  n: 3
  f: 1.5
  b: yes
  s: "hi"
  q: "3"
  z: ~
  l: [a, b]
"""
    shipshape.check_text(text, extra_rules=[Values], rules=["values-probe"])
    assert seen["kinds"] == ("mapping", "scalar", "null")
    assert seen["absent"] == (False, False, 0)
    assert seen["scalars"] == (3, 1.5, True, "hi", "", "3", "integer", "string", True)
    assert seen["mapping"] == (["n", "f"], True, False, 7, ["n"], 5, "3")
    assert seen["seq"] == (["a", "b"], "b", False, "a")
    assert seen["items"] == [("n", "3")]
    assert seen["python"] == {"n": 3, "f": 1.5, "b": True, "s": "hi", "q": "3", "z": None, "l": ["a", "b"]}
    assert seen["pos"] == (5, 6, "<string>")
    assert seen["keynode"] == ("n", 5)
    assert seen["same"] == (True, False)
    assert seen["repr"] == "<Value scalar 3 at <string>:5:6>"
    assert seen["is_"] == (True, True, True, False, True, True)


def test_views_refuse_to_work_after_the_run():
    kept = []

    class Keeper(shipshape.Rule):
        id = "keeper"
        summary = "Keeps what it should not."
        kinds = ["Pod"]

        def check(self, resource, ctx):
            kept.append((resource, ctx, resource.root, resource.containers[0]))

    shipshape.check_text(POD, extra_rules=[Keeper])
    resource, ctx, root, container = kept[0]
    with pytest.raises(shipshape.ShipshapeError, match="finished"):
        resource.name
    with pytest.raises(shipshape.ShipshapeError):
        ctx.report(resource, None, "", "late")
    assert "expired" in repr(resource)
    gc.collect()
    assert root["metadata"]["name"].text == "p", "values keep their document alive"
    assert container.name == "c"


def test_at_must_belong_to_the_reported_resource():
    errors = []

    class Cross(shipshape.Rule):
        id = "cross"
        summary = "Points at another object."
        kinds = ["Deployment"]

        def check(self, resource, ctx):
            other = [r for r in ctx.index.all() if r.name != resource.name][0]
            try:
                ctx.report(resource, other.root, "", "wrong node")
            except ValueError as e:
                errors.append(str(e))
            try:
                ctx.report(resource, 42, "", "wrong type")
            except TypeError as e:
                errors.append(str(e))
            try:
                ctx.report(resource, None, "", "bad severity", severity="fatal")
            except ValueError as e:
                errors.append(str(e))

    report = shipshape.check(deployment(name="a"), deployment(name="b"), extra_rules=[Cross], rules=["cross"])
    assert len(report) == 0 and len(errors) == 6


def test_finish_reports_and_resources_from_the_index():
    class Unique(shipshape.Rule):
        id = "one-deployment-per-namespace"
        summary = "A namespace holds more than one Deployment."

        def prepare(self, index, settings):
            self.by_ns = {}
            for r in index.of_kind("Deployment"):
                self.by_ns.setdefault(r.namespace, []).append(r)

        def finish(self, ctx):
            for ns, rs in self.by_ns.items():
                for r in rs[1:]:
                    ctx.report(r, None, "", f"namespace {ns} already has a Deployment")

    report = shipshape.check(deployment(name="a"), deployment(name="b"), extra_rules=[Unique],
                             rules=["one-deployment-per-namespace"])
    (f,) = report
    assert f.object.name == "b" and f.line == 1


def test_many_objects_on_many_threads_with_the_gil():
    """The engine calls check() from its worker threads; each call takes the GIL."""
    threads = set()

    class Counting(shipshape.Rule):
        id = "counting"
        summary = "Reports every Deployment."
        kinds = ["Deployment"]

        def check(self, resource, ctx):
            threads.add(threading.get_ident())
            ctx.report(resource, resource.spec, "spec", f"seen {resource.name}")

    objects = [deployment(name=f"d{i}") for i in range(1500)]
    report = shipshape.check(objects, extra_rules=[Counting], rules=["counting"], jobs=4)
    assert len(report) == 1500
    assert sorted(f.message for f in report) == sorted(f"seen d{i}" for i in range(1500))
    assert len(threads) > 1, "the engine ran the Python rule on several threads"
    with pytest.raises(shipshape.RuleError):
        shipshape.check(objects, extra_rules=[Boom], rules=["boom"], jobs=4, disable=[]) if False else \
            shipshape.check(objects + [deployment(name="bad")], extra_rules=[Boom], rules=["boom"], jobs=4)
