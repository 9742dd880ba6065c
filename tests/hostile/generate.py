"""Hostile inputs for shipshape, as a careless or malicious user would give them.

Each item of INPUTS names a file and makes its bytes; the large ones are made here rather than
kept in the repository. tests/python/test_hostile.py runs the command line and the Python
package against them. To try them by hand:

    python3 tests/hostile/generate.py OUT-DIR      # writes every input into OUT-DIR
"""

import pathlib
import sys

POD = ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {team: shop}\nspec:\n  containers:\n"
       "    - name: c\n      image: nginx:1.27\n")


def pod(name="p", labels="{team: shop}", env=""):
    text = POD.replace("name: p\n", f"name: {name}\n", 1).replace("{team: shop}", labels)
    if env:
        text += f"      env:\n{env}"
    return text


def long_label_value():
    """A label value of 50,000 characters against a configured pattern (std::regex overflowed)."""
    return pod(labels="{team: " + "a" * 50_000 + "1}").encode()


def long_env_name():
    """An env var name of 60,000 characters against a configured sensitive-name pattern."""
    name = "X" * 60_000 + "_PASSWORD"
    return pod(env=f"        - name: {name}\n          value: hunter2hunter2\n").encode()


def flow_then_pod():
    """An unclosed flow sequence, then a separator and a valid Pod."""
    return ("[\n---\n" + POD).encode()


def flow_map_then_pod():
    return ("a: {b: [1, 2\n---\n" + POD).encode()


def cr_only():
    """Classic Mac line breaks, starting with a comment (read as one line before)."""
    return ("# only CR line breaks\n" + POD).replace("\n", "\r").encode()


def crlf():
    return ("# CRLF\n" + POD).replace("\n", "\r\n").encode()


def bom_json():
    return b"\xef\xbb\xbf" + (b'{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, '
                              b'"spec": {"containers": [{"name": "c", "image": "nginx:1.27"}]}}')


def duplicate_key_json():
    return (b'{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "name": "q"}, '
            b'"spec": {"containers": [{"name": "c", "image": "nginx:1.27"}]}}')


def invalid_utf8():
    """Latin-1 bytes in a name and a value (line 4 and line 10)."""
    return pod(name="caf\xe9").encode("latin-1") + b"      args: ['\xff\xfe']\n"


def control_characters():
    """An object name carrying terminal escape sequences and a newline."""
    return pod(name='"p\\e[2J\\e]0;owned\\a\\nfake.yaml:1:1: error [x] y"').encode()


def alias_bomb():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    return ("\n".join(lines) + "\n").encode()


def deep_nesting():
    return b"a: " + b"[" * 100_000 + b"]" * 100_000 + b"\n"


def binary():
    return bytes(range(256)) * 64


def utf16():
    return b"\xff\xfe" + ("# UTF-16\n" + POD).encode("utf-16-le")


def many_objects():
    """13,000 small objects, for the thread and memory limits."""
    return "".join("---\n" + pod(name=f"p{i}") for i in range(13_000)).encode()


def long_line():
    """Ten megabytes without a line break, in a comment."""
    return b"# " + b"x" * 10_000_000 + b"\n" + POD.encode()


INPUTS = {
    "long-label-value.yaml": long_label_value,
    "long-env-name.yaml": long_env_name,
    "flow-then-pod.yaml": flow_then_pod,
    "flow-map-then-pod.yaml": flow_map_then_pod,
    "cr-only.yaml": cr_only,
    "crlf.yaml": crlf,
    "bom.json": bom_json,
    "duplicate-key.json": duplicate_key_json,
    "invalid-utf8.yaml": invalid_utf8,
    "control-characters.yaml": control_characters,
    "alias-bomb.yaml": alias_bomb,
    "deep-nesting.yaml": deep_nesting,
    "binary.yaml": binary,
    "utf16.yaml": utf16,
    "many-objects.yaml": many_objects,
    "long-line.yaml": long_line,
}


def write(directory, names=None):
    """Writes the named inputs (all by default) into `directory`; returns their paths by name."""
    directory = pathlib.Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name in names or INPUTS:
        path = directory / name
        path.write_bytes(INPUTS[name]())
        paths[name] = path
    return paths


if __name__ == "__main__":
    for p in write(sys.argv[1]).values():
        print(p)
