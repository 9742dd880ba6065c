"""Applications: cross-resource rules look within one application unless told to see the run."""

import pathlib

import pytest

import shipshape

SETTINGS = """apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data: {{mode: {mode}}}
"""

SERVICE = """apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports: [{port: 80}]
"""

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: example/web:1.0
"""


def write(path: pathlib.Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.fixture
def repo(tmp_path: pathlib.Path) -> pathlib.Path:
    """Two samples with a kustomization each, both defining ConfigMap settings; one has a
    Service, the other the Deployment it would select."""
    for name in ("one", "two"):
        write(tmp_path / name / "kustomization.yaml",
              "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n")
        write(tmp_path / name / "settings.yaml", SETTINGS.format(mode=name))
    write(tmp_path / "one" / "service.yaml", SERVICE)
    write(tmp_path / "two" / "deployment.yaml", DEPLOYMENT)
    return tmp_path


RULES = ["duplicate-object", "service-selects-nothing"]


def test_applications_do_not_see_each_other(repo):
    report = shipshape.check(repo, rules=RULES)
    assert sorted((f.rule, pathlib.Path(f.file).relative_to(repo).as_posix()) for f in report) == [
        ("service-selects-nothing", "one/service.yaml")]


def test_run_scope_sees_the_whole_run(repo):
    report = shipshape.check(repo, rules=RULES, application_scope="run")
    assert sorted((f.rule, pathlib.Path(f.file).relative_to(repo).as_posix()) for f in report) == [
        ("duplicate-object", "two/settings.yaml")]
    config = shipshape.Config(application_scope="run")
    assert [f.rule for f in shipshape.check(repo, rules=RULES, config=config)] == ["duplicate-object"]


def test_markers_and_root_patterns_are_configurable(repo, tmp_path):
    # Without kustomization.yaml among the markers the two samples are one application again...
    plain = shipshape.Config(application_markers=["app.yaml"])
    assert [f.rule for f in shipshape.check(repo, rules=RULES, config=plain)] == ["duplicate-object"]
    # ...unless a pattern names them (relative to the configuration file).
    config_file = repo / "shipshape.yaml"
    config_file.write_text("applicationMarkers: [app.yaml]\napplicationRoots: ['*']\n")
    report = shipshape.check(repo / "one", repo / "two", rules=RULES, config=str(config_file))
    assert [f.rule for f in report] == ["service-selects-nothing"]
    with pytest.raises(shipshape.ConfigError, match="applicationScope"):
        shipshape.Config(application_scope="everywhere")
    with pytest.raises(shipshape.ConfigError, match="application_scope"):
        shipshape.check(repo, application_scope="everywhere")


class ApplicationOf(shipshape.Rule):
    id = "application-of"
    summary = "Reports each ConfigMap's application and what a look-up by namespace finds."
    kinds = ["ConfigMap"]

    def check(self, resource, ctx):
        found = ctx.index.find("ConfigMap", resource.namespace, resource.name, application=resource.application)
        run_wide = ctx.index.find("ConfigMap", resource.namespace, resource.name)
        ctx.report(resource, resource.metadata, "metadata",
                   f"{resource.application} {found.file == resource.file} {run_wide.file.endswith('loose/settings.yaml')}")


def test_python_rules_see_the_application(repo):
    write(repo / "loose" / "settings.yaml", SETTINGS.format(mode="loose"))
    report = shipshape.check(repo, rules=["application-of"], extra_rules=[ApplicationOf])
    by_file = {pathlib.Path(f.file).relative_to(repo).as_posix(): f.message for f in report}
    # Applications are numbered in run order (files sorted by path); the loose file is run-wide:
    # a look-up in application 0 finds it, one in the object's own application finds the object.
    assert by_file == {"loose/settings.yaml": "0 True True", "one/settings.yaml": "1 True True",
                       "two/settings.yaml": "2 True True"}
