"""Shared fixtures for the Python tests."""

import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]

POD = """apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: c
      image: nginx:1.27
"""


@pytest.fixture
def examples() -> pathlib.Path:
    return ROOT / "examples"


@pytest.fixture
def root() -> pathlib.Path:
    return ROOT


def deployment(name="web", namespace="shop", labels=None, replicas=2, **container):
    """A Deployment as a dict, as a script or the kubernetes client would build it."""
    c = {"name": "app", "image": "registry.example/app:1.0"}
    c.update(container)
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name, "namespace": namespace, "labels": labels or {"app": name}},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": name}},
            "template": {"metadata": {"labels": {"app": name}}, "spec": {"containers": [c]}},
        },
    }
