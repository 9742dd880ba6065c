// The check stage: every object to the rules whose scope covers it, in parallel blocks; and
// Context, through which the rules report.
#include <algorithm>
#include <memory>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "k8s_api/validator.hpp"
#include "parallel.hpp"
#include "rules/input.hpp"
#include "run.hpp"
#include "shipshape/config.hpp"

namespace shipshape {

using detail::ContextAccess;

const RuleInfo& Context::rule() const noexcept { return *slot_->info; }

namespace {

/// Where a finding on `at` should point. A mapping or list value that starts on the line after
/// its key (`livenessProbe:` then the handler below) is shown at its key, which is what a reader
/// looks for; everything else at the node itself.
std::uint32_t field_offset(const Resource& object, Value at, const FieldPath& path) {
  if ((!at.is_mapping() && !at.is_sequence()) || path.empty() || path.segments().back().index >= 0) {
    return at.offset();
  }
  Value parent = object.root();
  const auto& segments = path.segments();
  for (std::size_t i = 0; i + 1 < segments.size() && parent; ++i) {
    const auto& s = segments[i];
    parent = s.index >= 0 ? parent[static_cast<std::size_t>(s.index)] : parent[s.key];
  }
  const Value key = parent.key_node(segments.back().key);
  if (key && parent[segments.back().key].same_node(at)) return key.offset();
  return at.offset();
}

/// Which rules an object goes to: rules for everything, rules for every workload, and rules by
/// kind with the groups they take it in.
class Dispatch {
 public:
  explicit Dispatch(const std::vector<RuleSlot>& slots) {
    for (const auto& s : slots) {
      const Scope& scope = s.scope;
      if (scope.all_objects()) {
        for_all_.push_back(&s);
        continue;
      }
      if (scope.all_workloads()) for_workloads_.push_back(&s);
      auto entry = [&](std::string_view kind) -> KindRule& {
        auto& list = by_kind_[kind];
        if (list.empty() || list.back().slot != &s) list.push_back({&s, {}, false});
        return list.back();
      };
      for (const GroupKind& k : scope.group_kinds()) entry(k.kind).groups.push_back(k.group);
      for (const std::string& k : scope.any_group_kinds()) entry(k).any_group = true;
    }
  }

  /// Calls `run(slot)` for every rule that checks `r`, once each.
  template <typename Run>
  void each_rule(const Resource& r, Run&& run) const {
    for (const RuleSlot* slot : for_all_) run(slot);
    if (r.is_workload()) {
      for (const RuleSlot* slot : for_workloads_) run(slot);
    } else if (r.is_fragment()) {
      // A fragment (kustomize patch) goes to the workload rules that judge the values it sets.
      for (const RuleSlot* slot : for_workloads_) {
        if (slot->scope.fragments()) run(slot);
      }
    }
    if (auto it = by_kind_.find(r.kind()); it != by_kind_.end()) {
      for (const KindRule& k : it->second) {
        // A rule that covers workloads and names a workload kind runs once.
        const Scope& scope = k.slot->scope;
        if ((r.is_workload() || (r.is_fragment() && scope.fragments())) && scope.all_workloads()) continue;
        if (k.takes(r.group())) run(k.slot);
      }
    }
  }

 private:
  struct KindRule {
    const RuleSlot* slot = nullptr;
    std::vector<std::string_view> groups;
    bool any_group = false;
    [[nodiscard]] bool takes(std::string_view group) const {
      return any_group || std::find(groups.begin(), groups.end(), group) != groups.end();
    }
  };
  std::unordered_map<std::string_view, std::vector<KindRule>> by_kind_;
  std::vector<const RuleSlot*> for_workloads_;
  std::vector<const RuleSlot*> for_all_;
};

/// The rules that the schema validation reports for, if enabled.
struct SchemaSlots {
  const RuleSlot* invalid = nullptr;
  const RuleSlot* unknown = nullptr;
  [[nodiscard]] const RuleSlot* any() const noexcept { return invalid ? invalid : unknown; }
};

SchemaSlots find_schema_slots(const std::vector<RuleSlot>& slots) {
  SchemaSlots out;
  for (const auto& s : slots) {
    if (const auto* rule = dynamic_cast<const rules::SchemaRule*>(s.rule.get())) {
      (rule->reports() == rules::SchemaFinding::invalid ? out.invalid : out.unknown) = &s;
    }
  }
  return out;
}

/// One worker's validator with the contexts it reports through.
struct SchemaCheck {
  SchemaCheck(const k8s::RunSchemas& schemas, const SchemaSlots& slots, const Index& index, const RunSettings& settings,
              std::vector<PendingFinding>& out)
      : invalid(ContextAccess::make(index, settings, out)),
        unknown(ContextAccess::make(index, settings, out)),
        validator(schemas, slots.invalid ? &invalid : nullptr, slots.unknown ? &unknown : nullptr) {
    ContextAccess::set_rule(invalid, slots.invalid);
    ContextAccess::set_rule(unknown, slots.unknown);
  }
  Context invalid;
  Context unknown;
  k8s::Validator validator;
};

/// Runs one call of a rule; an exception becomes a failure of the run naming the rule (and the
/// object), not a crash.
template <typename Call>
void guarded(CheckOutput& out, const RuleSlot& slot, const Resource* r, Call&& call) {
  try {
    call();
  } catch (const std::exception& e) {
    InputError failure;
    failure.rule = slot.info->id;
    if (r) {
      failure.path = r->source().file();
      failure.object = r->display();
      failure.message = fmt::format("rule {} failed on {}: {}", slot.info->id, failure.object, e.what());
    } else {
      failure.message = fmt::format("rule {} failed: {}", slot.info->id, e.what());
    }
    out.failures.push_back(std::move(failure));
  }
}

}  // namespace

void Context::report(const Resource& object, Value at, const FieldPath& path, std::string message, Fix fix,
                     std::optional<Severity> severity) {
  PendingFinding f;
  f.slot = slot_;
  f.resource = &object;
  f.source = &object.source().tree->source();
  f.file_index = object.source().file_index;
  const Value where = at ? at : object.root();
  f.offset = field_offset(object, where, path);
  f.document = object.source().document;
  f.severity = slot_->severity_configured ? slot_->severity : severity.value_or(slot_->severity);
  f.message = std::move(message);
  f.path = path.str();
  f.fix = std::move(fix);
  f.suppressed = object.ignores(slot_->info->id);
  out_->push_back(std::move(f));
}

std::unique_ptr<k8s::RunSchemas> build_schemas(const Index& index, const std::vector<RuleSlot>& slots,
                                               const Config& config, const RunSettings& settings, Report& report) {
  if (!find_schema_slots(slots).any()) return nullptr;
  auto schemas = std::make_unique<k8s::RunSchemas>(settings.kubernetes_version.minor, config.schema_directories, index);
  report.summary.objects_without_schema = schemas->without_schema();
  report.errors.insert(report.errors.end(), schemas->errors().begin(), schemas->errors().end());
  return schemas;
}

std::vector<CheckOutput> check_objects(const std::vector<Resource>& resources, const Index& index,
                                       const std::vector<RuleSlot>& slots, const RunSettings& settings,
                                       const k8s::RunSchemas* schemas, unsigned jobs, const CancelFlag& cancel) {
  const Dispatch dispatch(slots);
  const unsigned workers = std::max(1U, jobs);
  std::vector<CheckOutput> outputs(workers);
  const SchemaSlots schema_slots = find_schema_slots(slots);
  // One walk per object against its schema feeds both schema rules; one validator per worker.
  std::vector<std::unique_ptr<SchemaCheck>> validators(workers);
  if (schemas) {
    for (unsigned w = 0; w < workers; ++w) {
      validators[w] = std::make_unique<SchemaCheck>(*schemas, schema_slots, index, settings, outputs[w].findings);
    }
  }
  constexpr std::size_t kBlock = 128;
  const std::size_t blocks = (resources.size() + kBlock - 1) / kBlock;
  parallel_for(blocks, workers, [&](std::size_t block, unsigned worker) {
    CheckOutput& out = outputs[worker];
    Context ctx = ContextAccess::make(index, settings, out.findings);
    const std::size_t end = std::min(resources.size(), (block + 1) * kBlock);
    for (std::size_t i = block * kBlock; i < end; ++i) {
      if (cancel.raised()) return;
      const Resource& r = resources[i];
      if (SchemaCheck* v = validators[worker].get()) {
        guarded(out, *schema_slots.any(), &r, [&] { v->validator.check(r); });
      }
      dispatch.each_rule(r, [&](const RuleSlot* slot) {
        ContextAccess::set_rule(ctx, slot);
        guarded(out, *slot, &r, [&] { slot->rule->check(r, ctx); });
      });
    }
  });
  cancel.throw_if_raised();
  CheckOutput& out = outputs[0];
  Context ctx = ContextAccess::make(index, settings, out.findings);
  for (const auto& s : slots) {
    ContextAccess::set_rule(ctx, &s);
    guarded(out, s, nullptr, [&] { s.rule->finish(ctx); });
  }
  return outputs;
}

}  // namespace shipshape
