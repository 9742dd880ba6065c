#!/usr/bin/env python3
"""Generates src/rules/feature_gate_table.cpp: every Kubernetes feature gate with its stages per
version and the version that removed it.

The authoritative source is the Kubernetes documentation: the kubernetes/website repository keeps one
file per gate under content/en/docs/reference/command-line-tools-reference/feature-gates/, whose
front matter lists the stages (alpha, beta, stable, deprecated) with fromVersion and toVersion, and
`removed: true` once the gate is gone. Give that directory with --website.

Two more inputs are read when given, for gates the per-gate files do not (or no longer) cover; a
per-gate file always wins over them:
  --feature-list    kubernetes/kubernetes test/compatibility_lifecycle/reference/versioned_feature_list.yaml
                    (every gate of the code base with its versioned stages);
  --removed-table   the website's table of removed gates (the Markdown page
                    content/en/docs/reference/command-line-tools-reference/feature-gates-removed.md as
                    it was before the per-gate files; rows `| Gate | Default | Stage | From | To |`).

Usage:
  scripts/gen-feature-gates.py --website ../website/content/en/docs/reference/command-line-tools-reference/feature-gates
  scripts/gen-feature-gates.py --feature-list versioned_feature_list.yaml --removed-table feature-gates-removed.md

Stages after --newest-minor (default 34, the newest minor shipshape judges) are left out, so a
checkout newer than the table's range does not change what older targets see.

Sources and licences: kubernetes/website (CC BY 4.0, the Kubernetes Authors) and
kubernetes/kubernetes (Apache-2.0, the Kubernetes Authors). The generated table is a derived work and
says so in its header. The inputs of the committed table (files, commits, what was kept) are listed in
docs/cluster-data.md, "Feature gates".
"""
import argparse
import os
import re
import sys

import yaml

STAGES = {"alpha": "alpha", "beta": "beta", "stable": "ga", "ga": "ga", "deprecated": "deprecated"}


def minor(version):
    """`1.27` or `v1.27.3` -> 27."""
    m = re.match(r"v?1\.(\d+)", str(version).strip())
    if not m:
        raise ValueError(f"not a Kubernetes 1.x version: {version!r}")
    return int(m.group(1))


def merge_stages(stages):
    """Joins consecutive entries of the same stage (a changed default does not change the stage)."""
    out = []
    for stage, frm, to in sorted(stages, key=lambda s: s[1]):
        if out and out[-1][0] == stage:
            out[-1] = (stage, out[-1][1], to if to is not None else None)
        else:
            out.append((stage, frm, to))
    # An open stage followed by another ends the minor before it.
    for i in range(len(out) - 1):
        if out[i][2] is None or out[i][2] >= out[i + 1][1]:
            out[i] = (out[i][0], out[i][1], out[i + 1][1] - 1)
    return out


def read_website(directory):
    gates = {}
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".md") or name.startswith("_"):
            continue
        text = open(os.path.join(directory, name), encoding="utf-8").read()
        m = re.match(r"---\n(.*?)\n---", text, re.S)
        if not m:
            continue
        front = yaml.safe_load(m.group(1)) or {}
        if front.get("content_type") != "feature_gate":
            continue
        stages = []
        for s in front.get("stages") or []:
            stage = STAGES.get(str(s.get("stage", "")).lower())
            if stage is None or "fromVersion" not in s:
                continue
            to = minor(s["toVersion"]) if s.get("toVersion") not in (None, "") else None
            stages.append((stage, minor(s["fromVersion"]), to))
        if not stages:
            continue
        stages = merge_stages(stages)
        removed = None
        if front.get("removed"):
            last_to = stages[-1][2] if stages[-1][2] is not None else stages[-1][1]
            removed = last_to + 1
        gates[front.get("title") or name[:-3]] = (stages, removed)
    return gates


def read_feature_list(path):
    gates = {}
    for entry in yaml.safe_load(open(path, encoding="utf-8")) or []:
        stages = []
        for spec in entry.get("versionedSpecs") or []:
            stage = STAGES.get(str(spec.get("preRelease", "")).lower())
            if stage is None:
                continue
            stages.append((stage, minor(spec["version"]), None))
        if stages:
            gates[entry["name"]] = (merge_stages(stages), None)
    return gates


ROW = re.compile(r"^\|\s*`?(\w+)`?\s*\|[^|]*\|\s*(\w+)\s*\|\s*([\d.]+)\s*\|\s*([\d.]+|-)?\s*\|")


def read_removed_table(path):
    rows = {}
    for line in open(path, encoding="utf-8"):
        m = ROW.match(line.strip())
        if not m or m.group(1) == "Feature":
            continue
        stage = STAGES.get(m.group(2).lower())
        if stage is None:
            continue
        frm = minor(m.group(3))
        to = minor(m.group(4)) if m.group(4) and m.group(4) != "-" else frm
        rows.setdefault(m.group(1), []).append((stage, frm, to))
    return {name: (merge_stages(stages), max(s[2] for s in stages) + 1) for name, stages in rows.items()}


def clip(gates, newest):
    """Keeps what the table can judge: stages that begin by `newest`, a removal by `newest`."""
    out = {}
    for name, (stages, removed) in gates.items():
        kept = [(stage, frm, None if to is not None and to >= newest else to)
                for stage, frm, to in stages if frm <= newest]
        if not kept:
            continue
        if removed is not None and removed > newest:
            removed = None
            if kept[-1][2] is not None:
                kept[-1] = (kept[-1][0], kept[-1][1], None)
        out[name] = (kept, removed)
    return out


def render(gates, sources):
    names = sorted(gates)
    stage_rows, gate_rows = [], []
    newest = 0
    for name in names:
        stages, removed = gates[name]
        first = len(stage_rows)
        for stage, frm, to in stages:
            stage_rows.append(f"    {{GateStage::{stage}, {frm}, {to if to is not None else 0}}},")
            newest = max(newest, frm, to or 0)
        gate_rows.append(f'    {{"{name}", {first}, {len(stages)}, {removed or 0}}},')
        if removed:
            newest = max(newest, removed - 1)
    if len(stage_rows) > 65535:
        raise SystemExit("too many stage rows for a 16-bit index")
    return f"""// Generated by scripts/gen-feature-gates.py; do not edit.
// Sources: {sources}.
// Feature gate data: the Kubernetes documentation (kubernetes/website, CC BY 4.0, the Kubernetes
// Authors) and the Kubernetes code base (kubernetes/kubernetes, Apache-2.0). See docs/cluster-data.md.
// {len(names)} gates, stages up to Kubernetes 1.{newest}.
#include <span>

#include "rules/cluster_data.hpp"

namespace shipshape::rules {{
namespace {{

// clang-format off
constexpr GateStageRow kStages[] = {{
{chr(10).join(stage_rows)}
}};

constexpr GateRow kGates[] = {{
{chr(10).join(gate_rows)}
}};
// clang-format on

}}  // namespace

std::span<const GateRow> feature_gate_rows() noexcept {{ return kGates; }}
std::span<const GateStageRow> feature_gate_stage_rows() noexcept {{ return kStages; }}
int feature_gate_table_newest_minor() noexcept {{ return {newest}; }}

}}  // namespace shipshape::rules
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--website", help="directory of the per-gate files of kubernetes/website")
    parser.add_argument("--feature-list", help="kubernetes/kubernetes versioned_feature_list.yaml")
    parser.add_argument("--removed-table", help="the website's Markdown table of removed gates")
    parser.add_argument("--newest-minor", type=int, default=34,
                        help="the newest Kubernetes 1.x minor the table covers; later stages are left out (default 34)")
    parser.add_argument("--output", default=os.path.join(os.path.dirname(__file__), "..", "src", "rules",
                                                         "feature_gate_table.cpp"))
    args = parser.parse_args()
    if not (args.website or args.feature_list or args.removed_table):
        parser.error("give --website, or --feature-list and --removed-table")
    gates, sources = {}, []
    # Lowest precedence first: later sources replace earlier entries.
    if args.removed_table:
        gates.update(read_removed_table(args.removed_table))
        sources.append("the website's removed-gate table")
    if args.feature_list:
        gates.update(read_feature_list(args.feature_list))
        sources.append("the feature list of kubernetes/kubernetes")
    if args.website:
        gates.update(read_website(args.website))
        sources.append("the per-gate files of kubernetes/website")
    text = render(clip(gates, args.newest_minor), "; ".join(sources))
    with open(args.output, "w", encoding="utf-8") as out:
        out.write(text)
    print(f"wrote {args.output}: {len(gates)} gates", file=sys.stderr)


if __name__ == "__main__":
    main()
