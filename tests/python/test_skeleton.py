"""The Python package is a thin face of the C++ engine: same findings, every field."""

import subprocess
import sys

import shipshape

POD = """apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: c
      image: nginx:1.27
"""


def test_check_examples_matches_the_cli(examples):
    findings = shipshape.check(str(examples))
    assert findings, "the bundled examples contain mistakes"
    cli = subprocess.run([sys.executable, "-m", "shipshape", "check", "--no-config", "-q", str(examples)],
                         capture_output=True, text=True)
    assert cli.returncode == 1
    lines = [line for line in cli.stdout.splitlines() if line]
    assert len(lines) == len(findings)
    first = findings[0]
    assert lines[0].startswith(f"{first.file}:{first.line}:{first.column}: {first.severity} [{first.rule}]")


def test_findings_carry_every_field():
    findings = shipshape.check(POD)
    by_rule = {f.rule: f for f in findings}
    f = by_rule["liveness-probe-missing"]
    assert f.severity == "warning"
    assert f.file == "<string>"
    assert (f.line, f.column) == (7, 7)
    assert f.path == "spec.containers[0].livenessProbe"
    assert f.object.kind == "Pod"
    assert f.object.namespace == "default"
    assert f.object.name == "p"
    assert f.object.api_version == "v1"
    assert f.message == 'container "c" has no liveness probe'


def test_python_dash_m_version():
    out = subprocess.run([sys.executable, "-m", "shipshape", "--version"], capture_output=True, text=True)
    assert out.returncode == 0
    assert out.stdout.strip() == f"shipshape {shipshape.__version__}"
