"""CI integrations: the pre-commit hook (run by pre-commit itself, offline) and action.yml."""

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRIVILEGED = """apiVersion: v1
kind: Pod
metadata: {name: p, namespace: shop}
spec:
  containers:
    - name: c
      image: registry.example.com/c:1.0
      securityContext: {privileged: true}
"""


def _git(cwd, *args):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org", GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    out = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def _pre_commit():
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        pytest.skip("pre-commit is not installed (scripts/install-deps installs it)")
    return [sys.executable, "-m", "pre_commit"]


def test_pre_commit_hook_runs_offline(tmp_path):
    pre_commit = _pre_commit()
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    # The hook repository: the hooks file of this checkout, committed (pre-commit clones a rev).
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    shutil.copy(ROOT / ".pre-commit-hooks.yaml", hooks / ".pre-commit-hooks.yaml")
    _git(hooks, "init", "-q")
    _git(hooks, "add", ".")
    _git(hooks, "commit", "-q", "-m", "hooks")
    rev = _git(hooks, "rev-parse", "HEAD")

    repo = tmp_path / "repo"
    (repo / "deploy").mkdir(parents=True)
    (repo / "deploy" / "pod.yaml").write_text(PRIVILEGED)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n      - id: shipshape\n"
        "        args: [--no-config, --only, privileged-container]\n")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")

    # The `shipshape` the hook runs is the one installed with this interpreter; no network.
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "cache"), GIT_CONFIG_GLOBAL=os.devnull,
               GIT_CONFIG_NOSYSTEM="1", http_proxy="http://127.0.0.1:9", https_proxy="http://127.0.0.1:9",
               PATH=sysconfig.get_path("scripts") + os.pathsep + os.environ.get("PATH", ""))
    run = subprocess.run(pre_commit + ["run", "--all-files", "--color", "never"], cwd=repo, env=env,
                         capture_output=True, text=True)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "shipshape" in run.stdout and "Failed" in run.stdout
    assert "deploy/pod.yaml:8:" in run.stdout and "[privileged-container]" in run.stdout

    (repo / "deploy" / "pod.yaml").write_text(PRIVILEGED.replace("privileged: true", "privileged: false"))
    _git(repo, "add", ".")
    run = subprocess.run(pre_commit + ["run", "--all-files", "--color", "never"], cwd=repo, env=env,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Passed" in run.stdout

    # A commit that touches no manifest skips the hook.
    _git(repo, "commit", "-q", "-m", "manifests")
    (repo / "README.md").write_text("hello\n")
    _git(repo, "add", "README.md")
    run = subprocess.run(pre_commit + ["run", "--color", "never"], cwd=repo, env=env, capture_output=True, text=True)
    assert run.returncode == 0 and "Skipped" in run.stdout, run.stdout


def test_action_is_a_composite_that_uploads_sarif():
    yaml = pytest.importorskip("yaml")
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    uses = [s.get("uses", "") for s in steps]
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    scripts = "\n".join(s.get("run", "") for s in steps)
    assert "pip install" in scripts and "$ACTION_PATH" in scripts
    assert 'shipshape check -f github -f "sarif=$SARIF"' in scripts
    # Inputs reach the scripts through the environment, never spliced into the script text.
    assert "${{" not in scripts
    upload = steps[uses.index(next(u for u in uses if u.startswith("github/codeql-action/upload-sarif@")))]
    assert upload["with"]["sarif_file"] == "${{ inputs.sarif-file }}"


def test_missing_pandas_names_the_extra(monkeypatch):
    import shipshape

    monkeypatch.setitem(sys.modules, "pandas", None)
    report = shipshape.check_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n")
    with pytest.raises(ImportError, match=r"pip install 'shipshape\[pandas\]'"):
        report.to_dataframe()


def test_objects_dataframe_has_the_score_of_the_text_report():
    pytest.importorskip("pandas")
    import shipshape

    clean = PRIVILEGED.replace("name: p,", "name: q,").replace("privileged: true", "privileged: false")
    text = PRIVILEGED + "---\n" + clean
    report = shipshape.check_text(text, rules=["privileged-container", "memory-limit-missing"])
    df = report.objects_dataframe()
    scores = dict(zip(df["name"], df["score"]))
    assert scores == {"p": 75, "q": 95}  # 100 - 20 (error) - 5 (warning); 100 - 5
    assert str(df["score"].dtype) == "int64"
