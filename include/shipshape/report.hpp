// The outcome of a run, and the writers that print it (text, JSON, SARIF, JUnit).
#pragma once

#include <array>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
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
  std::uint32_t controlled = 0;                // objects checked through the workload of the run that controls them
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

/// A finding of a baseline file, as the baseline recorded it.
struct BaselineEntry {
  std::string fingerprint;
  std::string rule;
  Severity severity = Severity::warning;
  std::string object;  // `Kind/namespace/name`, empty for problems before any object
  std::string path;
  std::string file;
  std::uint32_t line = 0;
  std::string message;
};

/// The findings a baseline file lists (see write_baseline).
struct Baseline {
  std::vector<BaselineEntry> entries;

  /// Reads a file written by write_baseline; throws std::runtime_error naming the file.
  static Baseline load(const std::string& path);
  static Baseline parse(std::string_view json_text, const std::string& name = "<baseline>");
};

/// What comparing a run with a baseline found: how many findings it already knew (and left
/// out of the report) and which of its findings are gone.
struct BaselineComparison {
  bool used = false;
  std::string file;
  std::uint32_t known = 0;
  std::vector<BaselineEntry> fixed;
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
  BaselineComparison baseline;         // filled by apply_baseline

  /// True when a finding is at or above `threshold`.
  [[nodiscard]] bool has_findings_at_least(Severity threshold) const noexcept;
};

/// The version of the JSON report format (`schemaVersion`), bumped on incompatible change.
inline constexpr int kJsonSchemaVersion = 1;

struct TextOptions {
  bool color = false;
  bool show_suppressed = false;
  bool summary = true;
  /// Ends a report with findings by rule and by file and the scores (see compute_scores).
  bool overview = false;
};

/// What SARIF links to: rule pages are `<docs_url>/<rule-id>.md` (`helpUri`) and the tool's
/// `informationUri` is `docs_url` itself. Empty: no links (the rule pages are still embedded
/// as `help.markdown`).
struct SarifOptions {
  std::string docs_url;
};

/// JUnit: findings below `fail_on` are not failures (they are listed as `<system-out>` of a
/// passing test case); `seconds` is the duration of the run.
struct JunitOptions {
  std::optional<Severity> fail_on = Severity::info;  // nullopt: nothing fails (`--fail-on never`)
  double seconds = 0;
};

void write_text(const Report& report, std::ostream& out, const TextOptions& options = {});
void write_json(const Report& report, std::ostream& out, bool include_suppressed = false);
void write_sarif(const Report& report, std::ostream& out, const SarifOptions& options = {});
void write_junit(const Report& report, std::ostream& out, const JunitOptions& options = {});
/// GitHub Actions workflow commands (`::error file=...,line=...::message`), one a finding.
void write_github(const Report& report, std::ostream& out);
/// GitLab code-quality report (a JSON array of issues).
void write_gitlab(const Report& report, std::ostream& out);
/// The baseline file: every finding of the report with its fingerprint (JSON).
void write_baseline(const Report& report, std::ostream& out);

/// The summary line of the text report (`Checked 3 objects in 1 file: ...`), without newline.
[[nodiscard]] std::string summary_line(const Report& report, bool color = false);

/// Leaves out of the report the findings the baseline knows (matched by fingerprint, each
/// entry once) and records in `report.baseline` how many there were and which entries no
/// finding matched (fixed since).
void apply_baseline(Report& report, const Baseline& baseline, const std::string& file = {});

/// Scores from 0 to 100: per object, `100 - 20 * errors - 5 * warnings - 1 * info` (at least
/// 0); for the run, the mean over every object checked (objects without findings score 100).
struct ObjectScore {
  ObjectRef object;
  std::string file;
  std::uint32_t score = 100;
  std::array<std::uint32_t, 3> by_severity{};
};
struct Scores {
  std::uint32_t run = 100;           // rounded mean; 100 for a run without objects
  std::vector<ObjectScore> objects;  // objects with findings, lowest score first
};
[[nodiscard]] std::uint32_t object_score(std::uint32_t errors, std::uint32_t warnings, std::uint32_t info) noexcept;
[[nodiscard]] Scores compute_scores(const Report& report);

/// A finding as one JSON object (the element type of the report's `findings`).
[[nodiscard]] std::string finding_to_json(const Finding& finding);

}  // namespace shipshape
