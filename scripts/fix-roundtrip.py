#!/usr/bin/env python3
"""Checks that the fixes of shipshape's findings do what they say, two ways.

Usage: scripts/fix-roundtrip.py [--bin BIN] [--patches-only | --text-only] [--sample N] [PATH...]

PATH: the rule fixtures (tests/rules, each run with its own rule and `#|` configuration) and
directories of manifests (each top-level folder of a directory is one run, as with
scripts/corpus-counts.py). Default: tests/rules and ../shared/corpus beside the repository.

1. Patches (`--patches-only`): for each object, all the fixes of its findings are joined (repeated
   operations dropped, removals of list items last from the highest index: docs/fix.md) in the
   order of the report and in reverse, applied with the `jsonpatch` library (RFC 6902) to the
   object as PyYAML reads it; the patched files are checked again and none of the fixed findings
   may come back.
2. Text (`--text-only`): `shipshape fix` on a copy, and on a second copy `fix --max-rounds 1`
   until it changes nothing: both give the same text; every fixable finding the check still
   reports was refused (with its reason); a second `fix` changes nothing; and PyYAML reads
   every changed document with only the fields that some round's fixes name changed (a
   semantic comparison of the objects before and after).

Prints the numbers and exits 1 on any failure. `--sample N` takes every Nth run folder.
"""
import argparse
import copy
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

import jsonpatch
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]


def check(binary, paths, extra=()):
    out = subprocess.run([binary, "check", "--no-config", "-f", "json", "-j", "2", *extra, *paths],
                         capture_output=True, text=True, check=False)
    if out.returncode not in (0, 1):
        raise RuntimeError(f"check failed on {paths}: {out.stderr.strip()}")
    return json.loads(out.stdout)["findings"]


def compose(fixes):
    """Joins fixes as docs/fix.md says: repeats dropped, list-item removals last, highest index first."""
    ops, removals, seen = [], [], set()
    for fix in fixes:
        for op in fix:
            key = json.dumps(op, sort_keys=True)
            if key in seen:
                continue
            seen.add(key)
            parent, _, last = op["path"].rpartition("/")
            (removals if op["op"] == "remove" and last.isdigit() else ops).append(op)
    removals.sort(key=lambda op: (op["path"].rpartition("/")[0], -int(op["path"].rpartition("/")[2])))
    return ops + removals


def identity(f):
    return (f["rule"], f["file"], f["document"], f.get("objectPointer", ""), f["path"], f["message"])


def resolve(doc, pointer):
    return jsonpatch.JsonPointer(pointer).resolve(doc) if pointer else doc


class Runs:
    """The runs: (label, folder or file, extra check options, copy root)."""

    def __init__(self, paths, sample):
        self.items = []
        for p in paths:
            p = pathlib.Path(p)
            if p.is_dir() and any(x.suffix == ".yaml" and x.parent.name == "rules" for x in p.glob("*.yaml")):
                for fixture in sorted(p.glob("*.yaml")):
                    self.items.append(("fixture", fixture, self.fixture_options(fixture)))
            elif p.is_dir():
                folders = sorted(x for x in p.iterdir() if x.is_dir())
                for i, folder in enumerate(folders):
                    if i % sample == 0:
                        self.items.append(("corpus", folder, []))
            else:
                self.items.append(("file", p, []))

    @staticmethod
    def fixture_options(fixture):
        rule = fixture.name.split(".")[0]
        config = "".join(line[3:] if line.startswith("#| ") else line[2:] for line in
                         fixture.read_text().splitlines(True) if line.startswith("#|"))
        return {"rule": rule, "config": config}


def options_for(kind, extra, tmp):
    if kind != "fixture":
        return []
    args = ["--only", extra["rule"]]
    if extra["config"]:
        cfg = pathlib.Path(tmp) / "config.yaml"
        cfg.write_text(extra["config"])
        args = ["-c", str(cfg)] + args
    return args


def copy_run(src, dst):
    if src.is_dir():
        shutil.copytree(src, dst, symlinks=True)
    else:
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(src, dst)
    return dst


def patch_run(binary, kind, src, extra, stats, failures):
    with tempfile.TemporaryDirectory() as tmp:
        opts = options_for(kind, extra, tmp)
        before = [f for f in check(binary, [str(src)], opts) if f["fix"] and not f.get("helmSource")]
        if not before:
            return
        for order in ("forward", "reverse"):
            dst = copy_run(src, pathlib.Path(tmp) / order / src.name)
            by_file = {}
            for f in before:
                by_file.setdefault(f["file"], []).append(f)
            fixed = []
            for file, findings in by_file.items():
                target = dst / os.path.relpath(file, src) if src.is_dir() else dst
                try:
                    docs = list(yaml.safe_load_all(target.read_text()))
                except Exception:  # PyYAML refuses some files shipshape reads (tags, tabs...)
                    stats["files PyYAML cannot read"] += 1
                    continue
                objects = {}
                for f in findings:
                    objects.setdefault((f["document"], f.get("objectPointer", "")), []).append(f)
                for (document, pointer), group in objects.items():
                    # Fixes that set one field to different values (two gates out of one flag
                    # value) cannot both hold: the later ones wait for a later round, as in
                    # `shipshape fix`, and are not judged here.
                    first, kept = {}, []
                    for g in group:
                        values = {op["path"]: json.dumps(op.get("value")) for op in g["fix"] if op["op"] == "replace"}
                        if any(first.get(p, v) != v for p, v in values.items()):
                            if order == "forward":
                                stats["fixes left for a later round"] += 1
                            continue
                        for p, v in values.items():
                            first.setdefault(p, v)
                        kept.append(g)
                    group = kept
                    fixes = [g["fix"] for g in group]
                    if order == "reverse":
                        fixes.reverse()
                    try:
                        obj = resolve(docs[document], pointer)
                        ref = group[0]["object"] or {}
                        if obj.get("kind") != ref.get("kind") or obj.get("metadata", {}).get("name", ref.get("name")) != ref.get("name"):
                            stats["objects PyYAML places elsewhere"] += 1
                            continue
                        patched = jsonpatch.apply_patch(copy.deepcopy(obj), compose(fixes))
                    except Exception as e:  # noqa: BLE001 - reported as a failure
                        failures.append(f"{file} document {document}{pointer}: the joined patch does not apply: {e}")
                        continue
                    if pointer:
                        jsonpatch.JsonPointer(pointer).resolve(docs[document])  # exists
                        parent, _, last = pointer.rpartition("/")
                        resolve(docs[document], parent)[int(last)] = patched
                    else:
                        docs[document] = patched
                    fixed += group
                    if order == "forward":
                        stats["objects patched"] += 1
                        stats["fixes applied as JSON patches"] += len(group)
                target.write_text(yaml.safe_dump_all(docs, sort_keys=False))
            after = {identity(f) for f in check(binary, [str(dst)], opts)}
            for f in fixed:
                moved = (f["rule"], str(dst / os.path.relpath(f["file"], src)) if src.is_dir() else str(dst),
                         f["document"], f.get("objectPointer", ""), f["path"], f["message"])
                if moved in after:
                    failures.append(f"{order}: {f['file']}:{f['line']} [{f['rule']}] {f['path']} still fires after its fix")


def diff_paths(a, b, path=""):
    """JSON pointers where two loaded documents differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in set(a) | set(b):
            p = f"{path}/{str(k).replace('~', '~0').replace('/', '~1')}"
            if k not in a or k not in b:
                out.append(p)
            else:
                out += diff_paths(a[k], b[k], p)
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        out = []
        for i, (x, y) in enumerate(zip(a, b)):
            out += diff_paths(x, y, f"{path}/{i}")
        return out
    return [] if a == b else [path]


def files_under(root):
    """The texts of every file under a copy (or the copy itself, a file)."""
    if root.is_file():
        return {str(root): root.read_text(errors="surrogateescape")}
    return {str(p): p.read_text(errors="surrogateescape") for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()}


def fix(binary, path, opts, *extra):
    out = subprocess.run([binary, "fix", "--no-config", "-j", "2", *extra, *opts, str(path)], capture_output=True, text=True)
    if out.returncode not in (0, 1):
        raise RuntimeError(f"fix failed on {path}: {out.stderr.strip()}")
    return out


def fix_by_single_rounds(binary, path, opts):
    """`fix --max-rounds 1` until it changes nothing: the fixable findings each run started with
    (the last run's are those that no round could fix)."""
    rounds = []
    for _ in range(10):
        rounds.append([f for f in check(binary, [str(path)], opts) if f["fix"]])
        out = fix(binary, path, opts, "--max-rounds", "1")
        if " in 0 files" in out.stdout.splitlines()[-1]:
            break
    return rounds


def text_run(binary, kind, src, extra, stats, failures):
    with tempfile.TemporaryDirectory() as tmp:
        opts = options_for(kind, extra, tmp)
        dst = copy_run(src, pathlib.Path(tmp) / "copy" / src.name)
        if not any(f["fix"] for f in check(binary, [str(dst)], opts)):
            return
        originals = files_under(dst)
        # The same copy fixed one round per run: what each round started from names the fields
        # that may change, and the result must be what one `fix` (all its rounds) writes.
        single = copy_run(src, pathlib.Path(tmp) / "single" / src.name)
        rounds = fix_by_single_rounds(binary, single, opts)
        out = fix(binary, dst, opts)
        first = {identity(f) for f in rounds[0]}
        later = {identity(f) for r in rounds[1:] for f in r} - first
        stats["fix rounds, most in one run"] = max(stats["fix rounds, most in one run"], len(rounds) - 1)
        stats["fixable findings"] += len(first) + len(later)
        stats["fixes applied in later rounds"] += len(later)
        stats["fixes refused"] += sum(1 for line in out.stderr.splitlines() if "] not fixed:" in line)
        stats["findings in refused files (Helm output...)"] += sum(
            int(line.split("(")[1].split()[0]) for line in out.stderr.splitlines() if ": not fixed (" in line)
        fixed = files_under(dst)
        singly = files_under(single)
        for file, text in fixed.items():
            twin = str(single / os.path.relpath(file, dst)) if dst.is_dir() else str(single)
            if singly.get(twin) != text:
                failures.append(f"{file}: one `fix` wrote other text than `fix --max-rounds 1` until nothing changed")
        # Every fixable finding left was refused, with the position of the final text.
        refused = {line.split(": [")[0] for line in out.stderr.splitlines() if "] not fixed:" in line}
        refused_files = {line.split(": not fixed (")[0] for line in out.stderr.splitlines() if ": not fixed (" in line}
        for f in check(binary, [str(dst)], opts):
            if f["fix"] and f"{f['file']}:{f['line']}:{f['column']}" not in refused and f["file"] not in refused_files:
                failures.append(f"{f['file']}:{f['line']} [{f['rule']}] {f['path']} still fires after `fix`")
        changed = [file for file, text in originals.items() if fixed.get(file) != text]
        stats["files changed by fix"] += len(changed)
        again = fix(binary, dst, opts, "--dry-run")
        if again.stdout:
            failures.append(f"a second fix of {src} changes more:\n{again.stdout[:2000]}")
        # Semantic comparison: only what the fixes of some round name may change.
        allowed = {}
        for f in (f for r in rounds for f in r):
            allowed.setdefault((f["file"].replace(str(single), str(dst), 1), f["document"]), []).extend(
                f.get("objectPointer", "") + op["path"].removesuffix("/-") for op in f["fix"])
        for file in changed:
            try:
                old = list(yaml.safe_load_all(originals[file]))
                new = list(yaml.safe_load_all(fixed[file]))
            except Exception:  # noqa: BLE001
                stats["changed files PyYAML cannot read"] += 1
                continue
            if len(old) != len(new):
                failures.append(f"{file}: {len(old)} documents before the fix, {len(new)} after")
                continue
            for i, (a, b) in enumerate(zip(old, new)):
                for p in diff_paths(a, b):
                    stats["fields changed"] += 1
                    names = allowed.get((file, i), [])
                    if not any(p == q or p.startswith(q + "/") or q.startswith(p + "/") for q in names):
                        failures.append(f"{file} document {i}: {p} changed, no fix names it")


def new_stats():
    """The counters that patch_run and text_run add to, at zero."""
    return dict.fromkeys(("objects patched", "fixes applied as JSON patches", "fixable findings", "fixes refused",
                          "findings in refused files (Helm output...)", "files changed by fix", "fields changed",
                          "files PyYAML cannot read", "objects PyYAML places elsewhere",
                          "changed files PyYAML cannot read", "fixes left for a later round",
                          "fix rounds, most in one run", "fixes applied in later rounds"), 0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=str(ROOT / "build" / "shipshape"))
    ap.add_argument("--patches-only", action="store_true")
    ap.add_argument("--text-only", action="store_true")
    ap.add_argument("--sample", type=int, default=1)
    ap.add_argument("paths", nargs="*")
    a = ap.parse_args()
    paths = a.paths or [str(ROOT / "tests" / "rules"), str(ROOT.parent / "shared" / "corpus")]
    runs = Runs(paths, a.sample)
    stats = new_stats()
    failures = []
    for kind, src, extra in runs.items:
        if not a.text_only:
            patch_run(a.bin, kind, src, extra, stats, failures)
        if not a.patches_only:
            text_run(a.bin, kind, src, extra, stats, failures)
    for k, v in stats.items():
        print(f"{k}: {v}")
    for f in failures:
        print("FAIL", f)
    print(f"{len(runs.items)} runs, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
