// What the stages of a run pass to one another: rule slots, findings before they are placed,
// and the stages that live outside engine.cpp. Not part of the public API.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "load.hpp"
#include "shipshape/context.hpp"
#include "shipshape/report.hpp"
#include "shipshape/rule.hpp"

namespace shipshape {

struct Config;
namespace k8s {
class RunSchemas;
}  // namespace k8s

namespace detail {

/// A rule instance with its effective settings for one run.
struct RuleSlot {
  std::unique_ptr<Rule> rule;
  Scope scope;  // kept here: the dispatch tables hold views of its kind names
  const RuleInfo* info = nullptr;
  Severity severity = Severity::warning;
  bool severity_configured = false;
};

/// A finding before positions and strings are resolved.
struct PendingFinding {
  const RuleSlot* slot = nullptr;      // the rule that reported it
  const Resource* resource = nullptr;  // null for problems outside any object
  const SourceText* source = nullptr;
  std::uint32_t file_index = 0;
  std::uint32_t offset = 0;
  std::uint32_t document = 0;
  Severity severity = Severity::warning;
  bool suppressed = false;
  std::string message;
  std::string path;
  Fix fix;
  std::string object_pointer;  // the object's place in a List (set with the owner)
  // Resolved once the rules are done, so that the texts and trees can go before the Report is built.
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::uint32_t owner = 0xFFFFFFFFU;  // index in the run's list of objects with findings; none for input problems
};

/// The engine's way into a Context.
struct ContextAccess {
  static Context make(const Index& index, const RunSettings& settings, std::vector<PendingFinding>& out) {
    Context ctx(&index, &settings);
    ctx.out_ = &out;
    return ctx;
  }
  static void set_rule(Context& ctx, const RuleSlot* slot) { ctx.slot_ = slot; }
};

}  // namespace detail

using detail::PendingFinding;
using detail::RuleSlot;

/// What one worker thread of the check stage produced.
struct CheckOutput {
  std::vector<PendingFinding> findings;
  std::vector<InputError> failures;  // rules that threw
};

/// The check stage: validates every object against `schemas` (when schema-invalid or
/// field-unknown is enabled, else null) and hands it to the rules whose scope covers it, on up
/// to `jobs` threads, then calls every rule's finish(). Returns one output per worker. Stops
/// early when `cancel` is raised (the caller then throws).
[[nodiscard]] std::vector<CheckOutput> check_objects(const std::vector<Resource>& resources, const Index& index,
                                                     const std::vector<RuleSlot>& slots, const RunSettings& settings,
                                                     const k8s::RunSchemas* schemas, unsigned jobs,
                                                     const CancelFlag& cancel);

/// The schema stage: the schemas of the run (the target version's API, the run's
/// CustomResourceDefinitions, configured schema directories), built when a schema rule is
/// enabled. Counts objects without a schema and reports unreadable schema files in `report`.
[[nodiscard]] std::unique_ptr<k8s::RunSchemas> build_schemas(const Index& index, const std::vector<RuleSlot>& slots,
                                                             const Config& config, const RunSettings& settings,
                                                             Report& report);

/// One summary per object, for Report::objects.
[[nodiscard]] std::vector<ObjectSummary> summarize_objects(const std::vector<Resource>& resources);

/// The report stage: sorts the findings (file, position, rule, message), resolves their lines,
/// columns and objects, releases the sources and objects (on a big run most of the memory,
/// which the Report built next would otherwise come on top of), then moves the findings into
/// `report` and counts them.
void fill_report(Report& report, std::vector<PendingFinding*>& findings, Sources& sources, Loaded& input);

}  // namespace shipshape
