// The outcome of a run, and the writers that print it (text, JSON, SARIF, JUnit).
#pragma once

#include <array>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

#include "shipshape/finding.hpp"
#include "shipshape/loader.hpp"
#include "shipshape/rule.hpp"

namespace shipshape {

struct Summary {
  std::uint32_t files = 0;
  std::uint32_t documents = 0;
  std::uint32_t objects = 0;
  std::uint32_t skipped_documents = 0;         // documents that are not Kubernetes objects
  std::uint32_t controlled = 0;  // objects checked through the workload of the run that controls them
  std::uint32_t objects_without_schema = 0;    // custom resources no schema describes (not validated)
  std::array<std::uint32_t, 3> by_severity{};  // indexed by Severity
  std::uint32_t suppressed = 0;
  std::uint32_t rules_run = 0;
  std::uint64_t bytes = 0;

  [[nodiscard]] std::uint32_t findings() const noexcept { return by_severity[0] + by_severity[1] + by_severity[2]; }
};

/// One object of a run, for tools that join findings with what they do not carry (labels).
struct ObjectSummary {
  ObjectRef ref;
  std::string file;
  std::uint32_t document = 0;
  std::uint32_t line = 0;  // where the object starts
  /// `metadata.labels`; for workloads, the pod template's labels fill in keys the object lacks.
  std::vector<std::pair<std::string, std::string>> labels;
};

/// Findings in a stable order (file, line, column, rule), suppressed findings, and input
/// errors (paths that could not be read).
struct Report {
  std::vector<Finding> findings;
  std::vector<Finding> suppressed;
  std::vector<InputError> errors;
  Summary summary;
  std::vector<RuleInfo> rules;         // metadata of the rules that ran
  std::vector<ObjectSummary> objects;  // every object checked, in run order (when the engine
                                       // was asked to: Engine::set_collect_objects)

  /// True when a finding is at or above `threshold`.
  [[nodiscard]] bool has_findings_at_least(Severity threshold) const noexcept;
};

/// The version of the JSON report format (`schemaVersion`), bumped on incompatible change.
inline constexpr int kJsonSchemaVersion = 1;

struct TextOptions {
  bool color = false;
  bool show_suppressed = false;
  bool summary = true;
};

void write_text(const Report& report, std::ostream& out, const TextOptions& options = {});
void write_json(const Report& report, std::ostream& out, bool include_suppressed = false);
void write_sarif(const Report& report, std::ostream& out);
void write_junit(const Report& report, std::ostream& out);

/// A finding as one JSON object (the element type of the report's `findings`).
[[nodiscard]] std::string finding_to_json(const Finding& finding);

}  // namespace shipshape
