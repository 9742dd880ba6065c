"""Writes starting corpora for the fuzz targets: seeds/<target>/ under the given directory.

The manifests come from the rule fixtures, the examples and, when present, a sample of the shared
corpus of real manifests (../shared/corpus next to the repository, or $SHIPSHAPE_CORPUS);
configurations from the fixtures' `#|` headers and the rules' example configurations; the small
parsers from the values of those manifests (quantities, images, selectors, commands).

    python3 tests/fuzz/seed.py OUT-DIR [TARGET...]
"""

import hashlib
import os
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
MAX_BYTES = 64 * 1024
SAMPLE = 400  # files from the shared corpus, spread over it


def shared_corpus():
    for candidate in (os.environ.get("SHIPSHAPE_CORPUS"), ROOT.parent / "shared" / "corpus",
                      ROOT.parent.parent / "shared" / "corpus"):
        if candidate and pathlib.Path(candidate).is_dir():
            return pathlib.Path(candidate)
    return None


def manifests():
    files = sorted((ROOT / "tests" / "rules").glob("*.yaml")) + sorted((ROOT / "examples").rglob("*.yaml"))
    corpus = shared_corpus()
    if corpus:
        found = sorted(p for p in corpus.rglob("*") if p.suffix in (".yaml", ".yml", ".json") and p.is_file())
        step = max(1, len(found) // SAMPLE)
        files += found[::step]
    for f in files:
        try:
            data = f.read_bytes()
        except OSError:
            continue
        if 0 < len(data) <= MAX_BYTES:
            yield data


def configs():
    for f in sorted((ROOT / "tests" / "rules").glob("*.yaml")):
        lines = [line[3:] if line.startswith("#| ") else line[2:] for line in f.read_text().splitlines()
                 if line.startswith("#|")]
        if lines:
            yield ("\n".join(lines) + "\n").encode()
    for f in sorted((ROOT / "docs" / "rules").glob("*.md")):
        for block in re.findall(r"```yaml\n((?:#[^\n]*\n)*rules:\n.*?)```", f.read_text(), re.S):
            yield block.encode()


VALUE = re.compile(rb"^\s*-?\s*(?:cpu|memory|storage|ephemeral-storage|image|command|args|"
                   rb"terminationGracePeriodSeconds|matchLabels|selector)\s*:\s*(.+)$", re.M)


def small():
    seen = set()
    for data in manifests():
        for m in VALUE.finditer(data):
            value = m.group(1).strip().strip(b"\"'")
            if value and value not in seen and len(value) < 400:
                seen.add(value)
                for selector in range(5):
                    yield bytes([selector]) + value
    for text in (b"500m", b"1.5Gi", b"1e3", b"nginx:1.27", b"ghcr.io/a/b@sha256:" + b"a" * 64, b"30s", b"1h",
                 b"infinity", b"sleep 5 && exec app > /var/log/app.log 2>&1", b"1.31", b"spec.containers[0].name",
                 b"{matchLabels: {app: web}, matchExpressions: [{key: tier, operator: In, values: [a]}]}"):
        for selector in range(5):
            yield bytes([selector]) + text


def write(out, target, items):
    d = out / target
    d.mkdir(parents=True, exist_ok=True)
    count = 0
    for data in items:
        (d / hashlib.sha1(data).hexdigest()).write_bytes(data)
        count += 1
    return count


def main():
    out = pathlib.Path(sys.argv[1])
    targets = sys.argv[2:] or ["check", "loader", "config", "small"]
    sources = {"check": manifests, "loader": manifests, "config": configs, "small": small}
    for t in targets:
        n = write(out, t, sources[t]())
        print(f"seeds for {t}: {n}")


if __name__ == "__main__":
    main()
