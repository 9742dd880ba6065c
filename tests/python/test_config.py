"""Config: the configuration file schema from kwargs, a file, text or a dict; clear errors."""

import json

import pytest

import shipshape
from conftest import POD, deployment


def test_kwargs_map_onto_the_file_schema():
    config = shipshape.Config(
        namespace="shop", kubernetes_version="1.31",
        rules={"liveness-probe-missing": "off", "readiness-probe-missing": shipshape.Severity.ERROR,
               "cpu-request-too-high": {"severity": "warning", "options": {"threshold": 2}},
               "cpu-limit-set": True},
        custom_resources=[{"api_version": "example.com/v1", "kind": "Worker", "pod_template": "spec.template"}],
        exemptions=[{"rules": ["memory-limit-missing"], "kind": "Deployment", "namespace": "sh*",
                     "reason": "sized by the platform team"}])
    assert config.to_dict() == {
        "namespace": "shop", "kubernetesVersion": "1.31",
        "rules": {"liveness-probe-missing": False, "readiness-probe-missing": "error",
                  "cpu-request-too-high": {"severity": "warning", "options": {"threshold": 2}},
                  "cpu-limit-set": True},
        "customResources": [{"apiVersion": "example.com/v1", "kind": "Worker", "podTemplate": "spec.template"}],
        "exemptions": [{"rules": ["memory-limit-missing"], "kind": "Deployment", "namespace": "sh*",
                        "reason": "sized by the platform team"}]}
    assert shipshape.Config.from_dict(config.to_dict()) == shipshape.Config.from_dict(config.to_dict())
    assert "namespace='shop'" in repr(config)
    report = shipshape.check_text(POD, config=config)
    rules = {f.rule: f for f in report}
    assert "liveness-probe-missing" not in rules
    assert rules["readiness-probe-missing"].severity == "error"
    assert {f.object.namespace for f in report} == {"shop"}
    assert "memory-limit-missing" in rules  # a Pod: the exemption names Deployments
    exempt = shipshape.check(deployment(), config=config)
    assert "memory-limit-missing" in {f.rule for f in exempt.suppressed}


def test_custom_resources_become_workloads():
    worker = {"apiVersion": "example.com/v1", "kind": "Worker", "metadata": {"name": "w", "namespace": "x"},
              "spec": {"template": {"spec": {"containers": [{"name": "c", "image": "i:1"}]}}}}
    assert not shipshape.check(worker, rules=["liveness-probe-missing"])
    config = shipshape.Config(custom_resources=[{"apiVersion": "example.com/v1", "kind": "Worker",
                                                 "podTemplate": "spec.template"}])
    assert shipshape.check(worker, config=config, rules=["liveness-probe-missing"])


def test_from_file_text_and_dict_agree(tmp_path):
    text = "namespace: shop\nrules:\n  liveness-probe-missing: off\n"
    path = tmp_path / "shipshape.yaml"
    path.write_text(text)
    results = []
    for config in (shipshape.Config.from_file(path), str(path), path, shipshape.Config.from_text(text),
                   {"namespace": "shop", "rules": {"liveness-probe-missing": "off"}},
                   shipshape.Config(namespace="shop", rules={"liveness-probe-missing": False})):
        results.append([str(f) for f in shipshape.check_text(POD, config=config)])
    assert all(r == results[0] for r in results)
    assert shipshape.Config.from_file(path).file == str(path)


def test_discover_finds_the_nearest_file(tmp_path):
    (tmp_path / ".shipshape.yaml").write_text("namespace: found\n")
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    config = shipshape.Config.discover(sub)
    assert config is not None and config.file.endswith(".shipshape.yaml")
    assert shipshape.Config.discover("/") is None or True


def test_file_errors_name_file_line_and_column(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("namespace: shop\nrulez: {}\n")
    with pytest.raises(shipshape.ConfigError) as caught:
        shipshape.Config.from_file(path)
    e = caught.value
    assert (e.file, e.line, e.column) == (str(path), 2, 1)
    assert 'unknown key "rulez"' in e.message and str(e).startswith(f"{path}:2:1: ")
    assert isinstance(e, ValueError) and isinstance(e, shipshape.ShipshapeError)
    with pytest.raises(shipshape.ConfigError, match="cannot read"):
        shipshape.Config.from_file(tmp_path / "missing.yaml")


def test_unknown_rule_ids_in_a_file_are_reported_at_check_time(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("rules:\n  livenes-probe-missing: off\n")
    config = shipshape.Config.from_file(path)
    with pytest.raises(shipshape.ConfigError) as caught:
        shipshape.check_text(POD, config=config)
    assert caught.value.line == 2 and "did you mean" in str(caught.value)


def test_kwargs_errors_name_the_argument():
    with pytest.raises(shipshape.ConfigError) as caught:
        shipshape.Config(rules={"cpu-request-too-high": {"severity": "fatal"}})
    assert str(caught.value).startswith("Config argument rules['cpu-request-too-high']['severity']: ")
    assert caught.value.key_path == "['rules']['cpu-request-too-high']['severity']"
    with pytest.raises(shipshape.ConfigError, match=r"argument kubernetes_version: kubernetesVersion"):
        shipshape.Config(kubernetes_version="one")
    with pytest.raises(shipshape.ConfigError, match=r"argument exemptions\[0\]\['nmae'\]: unknown key \"nmae\""):
        shipshape.Config(exemptions=[{"nmae": "x"}])
    config = shipshape.Config(rules={"cpu-request-too-high": {"options": {"treshold": 2}}})
    with pytest.raises(shipshape.ConfigError, match=r"argument rules\['cpu-request-too-high'\]\['options'\]"):
        shipshape.check_text(POD, config=config)
    config = shipshape.Config(rules={"no-such-rule": "off"})
    with pytest.raises(shipshape.ConfigError, match=r"argument rules\['no-such-rule'\]: unknown rule"):
        shipshape.check_text(POD, config=config)


def test_dict_errors_name_the_key():
    with pytest.raises(shipshape.ConfigError, match=r"Config key \['customResources'\]\[0\]: a custom resource"):
        shipshape.Config.from_dict({"customResources": [{"kind": "X", "podTemplate": "spec.template"}]})


def test_text_errors_and_json_text():
    with pytest.raises(shipshape.ConfigError, match=r"^my.yaml:1:"):
        shipshape.Config.from_text("rules: [", name="my.yaml")
    config = shipshape.Config.from_text(json.dumps({"rules": {"liveness-probe-missing": False}}), name="c.json")
    assert "liveness-probe-missing" not in {f.rule for f in shipshape.check_text(POD, config=config)}


def test_bad_config_argument_type():
    with pytest.raises(TypeError):
        shipshape.check_text(POD, config=42)


def test_schema_directories_check_custom_resources(tmp_path):
    schemas = tmp_path / "schemas" / "example.com"
    schemas.mkdir(parents=True)
    (schemas / "widget_v1.json").write_text(json.dumps({
        "type": "object",
        "properties": {"spec": {"type": "object", "additionalProperties": False,
                                "properties": {"size": {"type": "integer"}}}}}))
    widget = {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"},
              "spec": {"size": "big", "colour": "red"}}
    rules = ["schema-invalid", "field-unknown"]
    unchecked = shipshape.check(widget, rules=rules)
    assert not unchecked and unchecked.summary.objects_without_schema == 1
    config = shipshape.Config(schema_directories=[tmp_path / "schemas"])
    assert config.to_dict() == {"schemaDirectories": [str(tmp_path / "schemas")]}
    report = shipshape.check(widget, config=config, rules=rules)
    assert [(f.rule, f.path) for f in report] == [("schema-invalid", "spec.size"), ("field-unknown", "spec.colour")]
    assert report.summary.objects_without_schema == 0
    # In a file, relative directories are relative to the file.
    path = tmp_path / "shipshape.yaml"
    path.write_text("schemaDirectories: [schemas]\n")
    assert len(shipshape.check(widget, config=path, rules=rules)) == 2
