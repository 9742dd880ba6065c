"""The YAML parser choice from Python: both parsers give the same report."""

import pytest

import shipshape

MANIFEST = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:latest
          env:
            - name: DB_PASSWORD
              value: hunter2
          command: |
            run --fast
"""


def test_parsers_lists_the_build_s_parsers_default_first():
    parsers = shipshape.parsers()
    assert parsers in (["libfyaml", "yaml-cpp"], ["yaml-cpp"])


@pytest.mark.parametrize("parser", ["libfyaml", "yaml-cpp"])
def test_each_parser_gives_the_same_findings(parser):
    if parser not in shipshape.parsers():
        pytest.skip("this build has no libfyaml")
    default = shipshape.check_text(MANIFEST, name="web.yaml")
    chosen = shipshape.check_text(MANIFEST, name="web.yaml", parser=parser)
    rows = lambda r: [(f.rule, f.line, f.column, f.message, f.path) for f in r.findings]  # noqa: E731
    assert rows(chosen) == rows(default)
    assert ("image-tag-mutable", 16, 18) in [(f.rule, f.line, f.column) for f in chosen.findings]


def test_the_configuration_chooses_the_parser_too():
    report = shipshape.check_text(MANIFEST, name="web.yaml", config=shipshape.Config(parser="yaml-cpp"))
    assert report.summary.objects == 1


def test_an_unknown_parser_is_a_configuration_error():
    with pytest.raises(shipshape.ConfigError, match="parser"):
        shipshape.Config(parser="libyaml")
    with pytest.raises(shipshape.ConfigError, match="parser"):
        shipshape.check_text(MANIFEST, parser="libyaml")
