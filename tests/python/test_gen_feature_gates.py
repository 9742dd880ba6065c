"""scripts/gen-feature-gates.py: the per-gate files of the Kubernetes documentation, the code base's
feature list and the removed-gates table become one table, per-gate files first."""
import importlib.util
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("gen_feature_gates", ROOT / "scripts" / "gen-feature-gates.py")
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_website_files_give_stages_and_removal(tmp_path):
    gates = tmp_path / "feature-gates"
    gates.mkdir()
    write(gates / "Portworx.md", """---
title: Portworx
content_type: feature_gate
_build:
  list: never
  render: false

stages:
  - stage: alpha
    defaultValue: false
    fromVersion: "1.23"
    toVersion: "1.24"
  - stage: beta
    defaultValue: false
    fromVersion: "1.25"
    toVersion: "1.30"
  - stage: beta
    defaultValue: true
    fromVersion: "1.31"
    toVersion: "1.32"
  - stage: stable
    defaultValue: true
    fromVersion: "1.33"
    locked: true
---
Text.
""")
    write(gates / "Auditing.md", """---
title: Auditing
content_type: feature_gate
stages:
  - stage: alpha
    defaultValue: false
    fromVersion: "1.7"
    toVersion: "1.7"
  - stage: stable
    defaultValue: true
    fromVersion: "1.12"
    toVersion: "1.27"

removed: true
---
""")
    write(gates / "_index.md", "---\ntitle: index\n---\n")
    table = gen.read_website(str(gates))
    assert table == {
        "Portworx": ([("alpha", 23, 24), ("beta", 25, 32), ("ga", 33, None)], None),
        "Auditing": ([("alpha", 7, 7), ("ga", 12, 27)], 28),
    }


def test_sources_merge_and_render(tmp_path):
    feature_list = write(tmp_path / "list.yaml", """
- name: NodeSwap
  versionedSpecs:
  - {default: false, lockToDefault: false, preRelease: Alpha, version: "1.22"}
  - {default: false, lockToDefault: false, preRelease: Beta, version: "1.28"}
  - {default: true, lockToDefault: false, preRelease: Beta, version: "1.30"}
""")
    removed = write(tmp_path / "removed.md", """| Feature | Default | Stage | From | To |
|---------|---------|-------|-------|-------|
| `PodSecurity` | `false` | Alpha | 1.22 | 1.22 |
| `PodSecurity` | `true` | GA | 1.25 | 1.27 |
| `Old` | - | Deprecated | 1.12 | - |
""")
    assert gen.read_feature_list(str(feature_list)) == {"NodeSwap": ([("alpha", 22, 27), ("beta", 28, None)], None)}
    assert gen.read_removed_table(str(removed)) == {
        "PodSecurity": ([("alpha", 22, 22), ("ga", 25, 27)], 28),
        "Old": ([("deprecated", 12, 12)], 13),
    }
    text = gen.render({**gen.read_removed_table(str(removed)), **gen.read_feature_list(str(feature_list))}, "tests")
    assert '{"NodeSwap", 0, 2, 0},' in text
    assert '{"Old", 2, 1, 13},' in text
    assert "{GateStage::alpha, 22, 27}," in text
    assert "feature_gate_table_newest_minor() noexcept { return 28; }" in text
