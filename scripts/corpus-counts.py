#!/usr/bin/env python3
"""Per-rule finding counts of two shipshape binaries over a corpus, one run per source folder.

Usage: scripts/corpus-counts.py BEFORE_BIN AFTER_BIN [CORPUS] [-- extra check options for AFTER_BIN]

Each top-level folder of CORPUS (default ../shared/corpus beside the repository) is checked as one
run (`check --no-config -f json`), as a user would check one repository; the per-rule counts are
summed. Prints a Markdown table of every rule whose count differs, then the summary counters.
"""
import collections
import json
import os
import subprocess
import sys


def run(binary, corpus, extra):
    counts, summary = collections.Counter(), collections.Counter()
    for name in sorted(os.listdir(corpus)):
        folder = os.path.join(corpus, name)
        if not os.path.isdir(folder):
            continue
        out = subprocess.run([binary, "check", "--no-config", "-f", "json", "-j", "2", *extra, folder],
                             capture_output=True, text=True, check=False)
        if out.returncode not in (0, 1):
            sys.exit(f"{binary} failed on {folder}: {out.stderr.strip()}")
        report = json.loads(out.stdout)
        counts.update(f["rule"] for f in report["findings"])
        for key in ("objects", "controlledObjects", "findings"):
            summary[key] += report["summary"].get(key, 0)
    return counts, summary


def main():
    args = sys.argv[1:]
    extra = []
    if "--" in args:
        extra = args[args.index("--") + 1:]
        args = args[:args.index("--")]
    if len(args) not in (2, 3):
        sys.exit(__doc__)
    corpus = args[2] if len(args) == 3 else os.path.join(os.path.dirname(__file__), "..", "..", "shared", "corpus")
    before, sb = run(args[0], corpus, [])
    after, sa = run(args[1], corpus, extra)
    print("| rule | before | after | change |\n|---|---:|---:|---:|")
    for rule in sorted(set(before) | set(after)):
        if before[rule] != after[rule]:
            print(f"| `{rule}` | {before[rule]} | {after[rule]} | {after[rule] - before[rule]:+d} |")
    print(f"\nbefore: {dict(sb)}\nafter: {dict(sa)}")


if __name__ == "__main__":
    main()
