"""The command line from the wheel: `python -m shipshape` and the `shipshape` executable."""

import json
import os
import shutil
import subprocess
import sys
import sysconfig

import pytest

import shipshape


def _executable():
    scripts = sysconfig.get_path("scripts")
    for candidate in (os.path.join(scripts, "shipshape"), shutil.which("shipshape")):
        if candidate and os.path.exists(candidate):
            return candidate
    pytest.fail("the wheel did not install a `shipshape` command")


@pytest.mark.parametrize("command", ["module", "executable"])
def test_version(command):
    argv = [sys.executable, "-m", "shipshape"] if command == "module" else [_executable()]
    out = subprocess.run(argv + ["--version"], capture_output=True, text=True)
    assert out.returncode == 0
    lines = out.stdout.splitlines()
    assert lines[0] == f"shipshape {shipshape.__version__}"
    assert lines[1] in ("YAML parsers: libfyaml (default), yaml-cpp", "YAML parsers: yaml-cpp (default)")


@pytest.mark.parametrize("command", ["module", "executable"])
def test_check_json_matches_the_api(command, examples):
    argv = [sys.executable, "-m", "shipshape"] if command == "module" else [_executable()]
    out = subprocess.run(argv + ["check", "--no-config", "-f", "json", str(examples)], capture_output=True, text=True)
    assert out.returncode == 1, out.stderr
    assert json.loads(out.stdout) == json.loads(shipshape.check(examples).to_json())


def test_executable_is_on_path():
    assert shutil.which("shipshape") or os.path.exists(os.path.join(sysconfig.get_path("scripts"), "shipshape"))


def test_usage_errors_exit_2(tmp_path):
    out = subprocess.run([sys.executable, "-m", "shipshape", "check", "--only", "nope", str(tmp_path)],
                         capture_output=True, text=True)
    assert out.returncode == 2 and "unknown rule" in out.stderr


def test_stdin_through_python_dash_m():
    pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: 'nginx:1'}]}\n"
    out = subprocess.run([sys.executable, "-m", "shipshape", "check", "--no-config", "-q", "-"], input=pod,
                         capture_output=True, text=True)
    assert out.returncode in (0, 1) and "<stdin>:" in out.stdout


def test_rules_listing():
    out = subprocess.run([sys.executable, "-m", "shipshape", "rules", "--format", "json"], capture_output=True,
                         text=True)
    assert out.returncode == 0
    data = json.loads(out.stdout)
    ids = {r["id"] for r in (data["rules"] if isinstance(data, dict) else data)}
    assert ids == {r.id for r in shipshape.rules()}


def test_main_function_returns_the_exit_code(capsys, examples):
    from shipshape.__main__ import main

    assert main(["check", "--no-config", "-q", str(examples)]) == 1
    assert "error [" in capsys.readouterr().out
