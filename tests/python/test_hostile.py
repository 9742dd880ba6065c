"""The hostile-input battery (issue 10): inputs a careless or malicious user would give, run
through the `shipshape` command and the Python package. Nothing may crash or hang, no document
may be lost, and every report format must stay well-formed. Large inputs are made by
tests/hostile/generate.py."""

import json
import os
import pathlib
import shutil
import subprocess
import sys
import sysconfig
import xml.etree.ElementTree as ET

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "hostile"))
import generate  # noqa: E402


def _executable():
    if os.environ.get("SHIPSHAPE_EXE"):  # another build of the command, e.g. build/shipshape
        return os.environ["SHIPSHAPE_EXE"]
    scripts = sysconfig.get_path("scripts")
    for candidate in (os.path.join(scripts, "shipshape"), shutil.which("shipshape")):
        if candidate and os.path.exists(candidate):
            return candidate
    pytest.fail("the wheel did not install a `shipshape` command")


def run(*args, stdin=None, timeout=120, cwd=None):
    """Runs `shipshape check --no-config ARGS`; fails on a signal (a crash) or a hang."""
    argv = [_executable(), "check", "--no-config", *map(str, args)]
    try:
        out = subprocess.run(argv, input=stdin, capture_output=True, timeout=timeout, cwd=cwd)
    except subprocess.TimeoutExpired:
        pytest.fail(f"shipshape hung: {argv}")
    assert out.returncode in (0, 1, 2), f"exit {out.returncode}: {out.stderr.decode(errors='replace')[-2000:]}"
    return out


def report(*args, **kwargs):
    """The JSON report, parsed strictly (UTF-8, no NaN)."""
    out = run("-f", "json", *args, **kwargs)
    text = out.stdout.decode("utf-8")  # raises on invalid UTF-8
    return out.returncode, json.loads(text), out.stderr.decode(errors="replace")


def inputs(tmp_path, *names):
    paths = generate.write(tmp_path, names)
    return [paths[n] for n in names]


def config(tmp_path, text):
    path = tmp_path / "config.yaml"
    path.write_text(text)
    return path


def findings(data, rule=None):
    return [f for f in data["findings"] if rule is None or f["rule"] == rule]


# 1. Pattern matching on long manifest text.

def test_long_label_value_against_a_configured_pattern(tmp_path):
    (f,) = inputs(tmp_path, "long-label-value.yaml")
    cfg = config(tmp_path, "rules:\n  required-labels-missing:\n    options:\n      patterns: ['team=[a-z]+']\n")
    code, data, _ = report("-c", cfg, "--only", "required-labels-missing", f)
    (finding,) = findings(data, "required-labels-missing")
    assert finding["line"] == 5 and "does not match the required pattern [a-z]+" in finding["message"]
    assert "... (50001 bytes)" in finding["message"]


def test_long_env_name_against_a_configured_sensitive_pattern(tmp_path):
    (f,) = inputs(tmp_path, "long-env-name.yaml")
    cfg = config(tmp_path, "rules:\n  secret-literal-in-env:\n    options:\n      sensitive-names: ['x.*password']\n")
    code, data, _ = report("-c", cfg, "--only", "secret-literal-in-env", f)
    assert [x["line"] for x in findings(data, "secret-literal-in-env")] == [12]


@pytest.mark.parametrize("option, value", [("patterns", "team=(unclosed"), ("patterns", "no-equals-sign")])
def test_bad_label_pattern_is_a_configuration_error_at_its_line(tmp_path, option, value):
    cfg = config(tmp_path, f"rules:\n  required-labels-missing:\n    options:\n      labels: [team]\n"
                           f"      {option}:\n        - 'team=[a-z]+'\n        - '{value}'\n")
    out = run("-c", cfg, tmp_path)
    assert out.returncode == 2
    assert f"{cfg}:7:11: rule required-labels-missing: patterns:" in out.stderr.decode()


def test_bad_sensitive_pattern_is_a_configuration_error_at_its_line(tmp_path):
    cfg = config(tmp_path, "rules:\n  secret-literal-in-env:\n    options:\n      sensitive-names: [password, '(?<=x)y']\n")
    out = run("-c", cfg, tmp_path)
    assert out.returncode == 2
    err = out.stderr.decode()
    assert f"{cfg}:4:35:" in err and "is not a valid regular expression (RE2 syntax)" in err


# 3. Lost and misplaced documents.

@pytest.mark.parametrize("name", ["flow-then-pod.yaml", "flow-map-then-pod.yaml"])
def test_unclosed_flow_collection_does_not_swallow_the_next_document(tmp_path, name):
    (f,) = inputs(tmp_path, name)
    code, data, _ = report(f)
    syntax = findings(data, "yaml-syntax")
    assert len(syntax) == 1 and syntax[0]["document"] == 0 and syntax[0]["line"] <= 2, syntax
    assert data["summary"]["objects"] == 1
    pod_findings = [x for x in data["findings"] if x["object"] and x["object"]["name"] == "p"]
    assert pod_findings and all(x["document"] == 1 and x["line"] >= 3 for x in pod_findings)


@pytest.mark.parametrize("name", ["cr-only.yaml", "crlf.yaml"])
def test_cr_and_crlf_line_breaks(tmp_path, name):
    (f,) = inputs(tmp_path, name)
    lf = tmp_path / "lf.yaml"
    lf.write_bytes(f.read_bytes().replace(b"\r\n", b"\n").replace(b"\r", b"\n"))
    _, with_cr, _ = report(f)
    _, with_lf, _ = report(lf)
    assert with_cr["summary"]["objects"] == 1
    strip = lambda d: [(x["rule"], x["line"], x["column"], x["message"]) for x in d["findings"]]  # noqa: E731
    assert strip(with_cr) == strip(with_lf) and strip(with_cr)


def test_utf8_bom_in_json(tmp_path):
    (f,) = inputs(tmp_path, "bom.json")
    _, data, _ = report(f)
    assert not findings(data, "yaml-syntax") and data["summary"]["objects"] == 1


def test_duplicate_key_in_json(tmp_path):
    (f,) = inputs(tmp_path, "duplicate-key.json")
    _, data, _ = report(f)
    (dup,) = findings(data, "yaml-syntax")
    assert dup["message"].startswith('duplicate key "name"') and dup["column"] == 63


# 4. Reports that stay well-formed.

def test_invalid_utf8_is_a_located_finding_and_every_report_is_valid(tmp_path):
    (f,) = inputs(tmp_path, "invalid-utf8.yaml")
    _, data, _ = report(f)
    (bad,) = findings(data, "yaml-syntax")
    assert (bad["line"], bad["column"]) == (4, 12) and "not valid UTF-8" in bad["message"]
    assert "3 invalid byte sequences" in bad["message"]  # \xe9 on line 4, \xff and \xfe on line 10
    assert any(x["object"] and x["object"]["name"] == "caf\ufffd" for x in data["findings"])
    sarif = run("-f", "sarif", f)
    json.loads(sarif.stdout.decode("utf-8"))
    junit = run("-f", "junit", f)
    ET.fromstring(junit.stdout)
    text = run(f).stdout.decode("utf-8")
    assert "caf\ufffd" in text


def test_text_report_escapes_control_characters(tmp_path):
    (f,) = inputs(tmp_path, "control-characters.yaml")
    odd = tmp_path / "odd\nname\x1b[31m.yaml"
    shutil.copy(f, odd)
    out = run(f, odd)
    text = out.stdout.decode("utf-8")
    assert "\x1b" not in text and "\x07" not in text
    assert "p\\x1b[2J\\x1b]0;owned\\x07\\nfake.yaml" in text
    assert "odd\\nname\\x1b[31m.yaml:" in text
    for line in text.splitlines():
        assert not line.startswith("fake.yaml")
    _, data, _ = report(f, odd)
    assert any(x["file"] == str(odd) for x in data["findings"])


def test_file_name_with_invalid_utf8_in_reports(tmp_path):
    (f,) = inputs(tmp_path, "flow-then-pod.yaml")
    odd = os.path.join(os.fsencode(tmp_path), b"caf\xe9.yaml")
    shutil.copy(f, odd)
    code, data, _ = report(tmp_path)
    assert any(x["file"].endswith("caf\ufffd.yaml") for x in data["findings"])
    assert "caf\\xe9.yaml:" in run(tmp_path).stdout.decode("utf-8")
    ET.fromstring(run("-f", "junit", tmp_path).stdout)
    json.loads(run("-f", "sarif", tmp_path).stdout.decode("utf-8"))


# Inputs that already held: they stay held.

@pytest.mark.parametrize("name, message", [("alias-bomb.yaml", "alias bomb"), ("deep-nesting.yaml", "nesting deeper"),
                                           ("binary.yaml", "binary data")])
def test_refused_inputs_are_findings(tmp_path, name, message):
    (f,) = inputs(tmp_path, name)
    code, data, _ = report(f)
    assert code == 1 and any(message in x["message"] for x in findings(data, "yaml-syntax"))


def test_utf16_and_long_lines(tmp_path):
    files = inputs(tmp_path, "utf16.yaml", "long-line.yaml")
    _, data, _ = report(*files)
    assert data["summary"]["objects"] == 2 and not findings(data, "yaml-syntax")


def test_fifo_symlink_loop_and_missing_inputs(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    loop = tmp_path / "loop"
    loop.mkdir()
    os.symlink(loop, loop / "again")
    out = run(fifo, loop, tmp_path / "missing.yaml", timeout=30)
    assert out.returncode == 2
    err = out.stdout.decode()
    assert "pipe.yaml: error not a regular file" in err and "missing.yaml: error" in err


# 7. Smaller ones.

def test_config_that_is_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "config.yaml"
    os.mkfifo(fifo)
    out = run("-c", fifo, tmp_path, timeout=30)
    assert out.returncode == 2 and "not a regular file" in out.stderr.decode()


def test_config_that_is_a_device_is_refused():
    out = run("-c", "/dev/zero", ".", timeout=30)
    assert out.returncode == 2 and "not a regular file" in out.stderr.decode()


def test_double_dash_ends_the_options(tmp_path):
    odd = tmp_path / "-f.yaml"
    odd.write_text(generate.POD)
    code, data, _ = report("--", odd.name, cwd=tmp_path)
    assert data["summary"]["files"] == 1 and data["findings"][0]["file"] == "-f.yaml"


def test_python_check_text_with_hostile_text():
    import shipshape

    rep = shipshape.check_text("[\n---\n" + generate.POD)
    assert [f.rule for f in rep.findings if f.rule == "yaml-syntax"] == ["yaml-syntax"]
    assert any(f.object and f.object.name == "p" for f in rep.findings)


# 2. Limits: input size, threads and memory.

def test_stdin_that_never_ends_stops_at_the_limit(tmp_path):
    with open("/dev/zero", "rb") as zero:
        argv = [_executable(), "check", "--no-config", "-f", "json", "--max-input-size", "1Mi", "-", tmp_path]
        out = subprocess.run(argv, stdin=zero, capture_output=True, timeout=60)
    assert out.returncode == 1, out.stderr
    data = json.loads(out.stdout)
    (big,) = findings(data, "yaml-syntax")
    assert big["file"] == "<stdin>" and (big["line"], big["column"]) == (1, 1)
    assert big["message"].startswith("the input is larger than the limit of 1 MiB; it was not checked")


def test_files_over_the_limit_are_findings_and_the_rest_is_checked(tmp_path):
    big, small = inputs(tmp_path, "long-line.yaml", "flow-then-pod.yaml")
    cfg = config(tmp_path, "maxInputSize: 1Mi\n")
    code, data, _ = report("-c", cfg, big, small)
    assert code == 1
    (refused,) = [f for f in findings(data, "yaml-syntax") if f["file"] == str(big)]
    assert "the input is 10000129 bytes, larger than the limit of 1 MiB" in refused["message"]
    assert data["summary"]["objects"] == 1 and data["summary"]["files"] == 2
    code, data, _ = report("-c", cfg, "--max-input-size", "20M", big)
    assert data["summary"]["objects"] == 1 and not findings(data, "yaml-syntax")


@pytest.mark.parametrize("value", ["0", "-1", "3G", "lots"])
def test_bad_input_size_limits(tmp_path, value):
    out = run("--max-input-size", value, tmp_path)
    assert out.returncode == 2 and "--max-input-size needs a size" in out.stderr.decode()
    cfg = config(tmp_path, f"maxInputSize: '{value}'\n")
    out = run("-c", cfg, tmp_path)
    assert out.returncode == 2 and f"{cfg}:1:15: maxInputSize" in out.stderr.decode()


def test_threads_and_memory_exhausted_end_cleanly(tmp_path):
    (f,) = inputs(tmp_path, "many-objects.yaml")
    argv = f"ulimit -v 700000; exec {_executable()} check --no-config -q -j 100 {f}"
    out = subprocess.run(["bash", "-c", argv], capture_output=True, timeout=300)
    assert out.returncode in (0, 1, 2), (out.returncode, out.stderr[-2000:])
    if out.returncode == 2:
        assert b"out of memory" in out.stderr or b"error" in out.stdout
    assert b"terminate called" not in out.stderr


# 5. The report never lands on an input, and never half-written.

def test_output_that_is_an_input_is_refused(tmp_path):
    (f,) = inputs(tmp_path, "flow-then-pod.yaml")
    before = f.read_bytes()
    out = run("-o", f, f)
    assert out.returncode == 2 and "it is one of the inputs" in out.stderr.decode()
    assert f.read_bytes() == before
    link = tmp_path / "link.yaml"
    os.symlink(f, link)
    out = run("-o", link, tmp_path)
    assert out.returncode == 2 and f.read_bytes() == before


def test_output_inside_an_input_directory(tmp_path):
    inputs(tmp_path, "flow-then-pod.yaml")
    out = run("-f", "json", "-o", tmp_path / "sub" / "report.json", tmp_path)
    assert out.returncode == 2 and "would be read as a manifest" in out.stderr.decode()
    for allowed in (tmp_path / "report.sarif", tmp_path / ".reports" / "report.json"):
        allowed.parent.mkdir(exist_ok=True)
        out = run("-f", "sarif", "-o", allowed, tmp_path)
        assert out.returncode == 1 and json.loads(allowed.read_text())["version"] == "2.1.0"


def test_a_failed_run_leaves_no_report_and_keeps_the_old_one(tmp_path):
    (f,) = inputs(tmp_path, "flow-then-pod.yaml")
    report_path = tmp_path / "out" / "report.txt"
    report_path.parent.mkdir()
    bad = config(tmp_path, "rules: {no-such-rule: on}\n")
    out = run("-c", bad, "-o", report_path, f)
    assert out.returncode == 2 and not report_path.exists()
    report_path.write_text("previous report\n")
    out = run("-c", bad, "-o", report_path, f)
    assert out.returncode == 2 and report_path.read_text() == "previous report\n"
    assert os.listdir(report_path.parent) == ["report.txt"]
    out = run("-o", report_path, f)
    assert out.returncode == 1 and "yaml-syntax" in report_path.read_text()
    assert oct(report_path.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


# 6. Python: interrupts stop a run, and a rule's KeyboardInterrupt or SystemExit propagates.

def _many_pods(n):
    return "".join(generate.pod(name=f"p{i}") + "---\n" for i in range(n))


def _rule(shipshape, rule_id, check):
    """A Python rule class that runs `check(resource)` on every object."""
    return type("HostileRule", (shipshape.Rule,), {
        "id": rule_id, "summary": "A rule for the hostile-input tests.", "severity": "info",
        "section": "Governance", "group": "Tests", "everything": True,
        "check": lambda self, resource, ctx: check(resource)})


def _slow_rule(shipshape, delay):
    import time

    return _rule(shipshape, "slow-rule", lambda resource: time.sleep(delay))


@pytest.mark.parametrize("with_python_rule", [False, True])
def test_ctrl_c_stops_a_long_check(with_python_rule):
    import _thread
    import threading
    import time

    import shipshape

    text = _many_pods(20_000)
    extra = [_slow_rule(shipshape, 0.001)] if with_python_rule else []
    started = time.monotonic()
    baseline = None
    if not with_python_rule:
        shipshape.check_text(_many_pods(2_000), jobs=1)
        baseline = (time.monotonic() - started) * 10  # about what 20,000 objects take
    timer = threading.Timer(0.3, _thread.interrupt_main)
    started = time.monotonic()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        shipshape.check_text(text, extra_rules=extra, jobs=1)
    elapsed = time.monotonic() - started
    timer.cancel()
    assert elapsed < 1.5, elapsed
    if baseline is not None:
        assert elapsed < baseline, (elapsed, baseline)


@pytest.mark.parametrize("errors", ["raise", "report"])
@pytest.mark.parametrize("exc", [KeyboardInterrupt, SystemExit])
def test_base_exceptions_in_a_rule_propagate_unchanged(errors, exc):
    import shipshape

    raised = exc(7) if exc is SystemExit else exc("from the rule")

    def check(resource):
        raise raised

    exits = _rule(shipshape, "exits", check)

    with pytest.raises(exc) as info:
        shipshape.check_text(_many_pods(500), extra_rules=[exits], errors=errors)
    assert info.value is raised


def test_python_max_input_size():
    import shipshape

    rep = shipshape.check_text(_many_pods(3), max_input_size=100)
    (f,) = rep.findings
    assert f.rule == "yaml-syntax" and "larger than the limit of 100 bytes" in f.message
    with pytest.raises(shipshape.ConfigError):
        shipshape.check_text(generate.POD, max_input_size="huge")
