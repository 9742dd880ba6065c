"""The type stubs ship in the wheel and match the compiled module."""

import ast
import importlib.resources
import os
import subprocess
import sys

import pytest

import shipshape
from shipshape import _core
from conftest import ROOT

STUB = ROOT / "python" / "shipshape" / "_core.pyi"


def test_the_wheel_ships_the_stub_and_py_typed():
    files = importlib.resources.files("shipshape")
    assert (files / "py.typed").is_file()
    assert (files / "_core.pyi").read_text() == STUB.read_text()


def test_the_stub_is_what_the_generator_makes_of_the_module(tmp_path):
    """Fails when bindings/ changed and scripts/generate-stubs was not run."""
    out = subprocess.run([sys.executable, "-m", "pybind11_stubgen", "shipshape._core", "--exit-code",
                          "-o", str(tmp_path)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    generated = (tmp_path / "shipshape" / "_core.pyi").read_text()
    assert generated == STUB.read_text(), "the stub drifted from the module: run scripts/generate-stubs"


def _stub_names(tree):
    names = {}
    for node in tree.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)):
            members = set()
            if isinstance(node, ast.ClassDef):
                members = {n.name for n in node.body if isinstance(n, ast.FunctionDef)}
            names[node.name] = members
    return names


def test_every_public_name_and_method_of_the_module_is_in_the_stub():
    stub = _stub_names(ast.parse(STUB.read_text()))
    runtime = {n for n in dir(_core) if not n.startswith("_")}
    runtime -= {n for n in runtime if type(getattr(_core, n)).__name__ == "module"}
    assert set(stub) == runtime
    for name, members in stub.items():
        obj = getattr(_core, name)
        if isinstance(obj, type):
            public = {m for m in vars(obj) if not m.startswith("_") or m in ("__getitem__", "__iter__", "__len__",
                                                                              "__bool__", "__contains__")}
            assert public <= members | {m for m in vars(obj) if isinstance(vars(obj)[m], property)}, name


def test_the_package_type_checks_against_the_stub(tmp_path):
    pytest.importorskip("mypy")
    out = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path), "--config-file",
                          str(ROOT / "pyproject.toml"), str(ROOT / "python" / "shipshape")],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
