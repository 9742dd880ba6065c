// pdb-blocks-eviction: PodDisruptionBudgets that never allow a voluntary eviction.
#include <optional>

#include "rules/appdev.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "pdb-blocks-eviction",
    .section = kAppDev,
    .group = "Fault tolerance",
    .severity = Severity::warning,
    .enabled = true,
    .summary =
        "A PodDisruptionBudget allows no voluntary disruption: maxUnavailable 0 or 0%, "
        "minAvailable 100%, or a minAvailable that covers every replica of the pods it selects.",
    .applies_to = "PodDisruptionBudgets",
    .rationale =
        "A budget that allows zero disruptions makes every node drain hang: the eviction API "
        "refuses to evict the pods, so cluster upgrades, autoscaler scale-downs and maintenance "
        "stall until someone deletes the budget or the pods by hand.",
    .remediation =
        "Allow at least one pod to be unavailable, for example `maxUnavailable: 1`, and run "
        "enough replicas that the service survives it.",
    .bad_example = R"yaml(apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  maxUnavailable: 0
  selector:
    matchLabels: {app: web}
)yaml",
    .good_example = R"yaml(apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app: web}
)yaml",
    .notes =
        "`maxUnavailable: 0` (or `\"0%\"`) and `minAvailable: \"100%\"` block evictions whatever "
        "the replica count and always fire, also when the budget sets both fields (which the API "
        "server refuses; the schema checks report that): each value is judged on its own, as "
        "either one would block, and the fix then only removes minAvailable. For other values the rule needs the "
        "number of pods: "
        "the sum of the effective replicas (an HPA's minReplicas wins over spec.replicas) of the "
        "workloads in the run that the budget selects. It is unknown, and those values are not "
        "judged, when the budget selects nothing in the run or selects a DaemonSet, Job or "
        "CronJob (whose pod counts do not come from a replica field); workloads with "
        "ownerReferences are counted through their owner. Percentages are resolved the way the "
        "disruption controller does, rounding up: `minAvailable: 50%` of 1 replica requires that "
        "1 pod, so it blocks, while `maxUnavailable` above 0% always allows at least one "
        "eviction. An integer minAvailable at or above the pod count fires. The fix replaces the "
        "budget's condition with `maxUnavailable: 1`.",
};

struct IntOrPercent {
  std::int64_t value = 0;
  bool percent = false;
};

std::optional<IntOrPercent> parse(Value v) {
  if (!v.is_scalar()) return std::nullopt;
  if (v.scalar_type() == ScalarType::integer) {
    if (auto i = v.as_int()) return IntOrPercent{*i, false};
    return std::nullopt;
  }
  std::string_view s = v.str();
  if (s.size() < 2 || s.back() != '%') return std::nullopt;
  s.remove_suffix(1);
  std::int64_t n = 0;
  for (char c : s) {
    if (c < '0' || c > '9' || n > 1'000'000) return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return IntOrPercent{n, true};
}

class PdbBlocksEviction final : public BasicRule {
 public:
  PdbBlocksEviction() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::kinds({{"policy", "PodDisruptionBudget"}}); }

  void check(const Resource& r, Context& ctx) const override {
    const Value spec = r.spec();
    const FieldPath spec_path = FieldPath::parse("spec");
    const Value max_node = spec["maxUnavailable"];
    const bool has_max = max_node && !max_node.is_null();
    if (has_max) {
      const auto max = parse(max_node);
      if (max && max->value == 0) {
        const FieldPath path = spec_path.key("maxUnavailable");
        ctx.report(r, max_node, path, fmt::format("maxUnavailable is {}: no pod may ever be evicted", max_node.str()),
                   set_field(r, path, "1"));
      }
    }
    const Value node = spec["minAvailable"];
    const auto min = parse(node);
    if (!min) return;
    const FieldPath path = spec_path.key("minAvailable");
    // With both fields set (the API server refuses that) only minAvailable has to go.
    Fix fix = remove_field(path);
    if (!has_max) fix.push_back({"add", spec_path.key("maxUnavailable").json_pointer(), "1"});
    const std::string_view both = has_max ? " (and the API server refuses a budget that also sets maxUnavailable)" : "";
    if (min->percent && min->value >= 100) {
      ctx.report(r, node, path, fmt::format("minAvailable is {}: no pod may ever be evicted{}", node.str(), both), fix);
      return;
    }
    const auto pods = pod_count(r, ctx.index());
    if (!pods || *pods <= 0) return;
    const std::int64_t required = min->percent ? (min->value * *pods + 99) / 100 : min->value;
    if (required < *pods) return;
    const std::string of = fmt::format("{} pod{}", *pods, *pods == 1 ? "" : "s");
    ctx.report(r, node, path,
               min->percent ? fmt::format("minAvailable {} of {}, rounded up, is every pod: no pod may be evicted{}",
                                          node.str(), of, both)
                            : fmt::format("minAvailable {} is not below the {} it selects: no pod may be evicted{}",
                                          node.str(), of, both),
               fix);
  }

 private:
  /// The pods the budget covers, when the run tells.
  static std::optional<std::int64_t> pod_count(const Resource& pdb, const Index& index) {
    const auto selected = index.selected_by(pdb);
    std::int64_t total = 0;
    bool any = false;
    for (const Resource* w : selected) {
      if (is_daemonset(*w) || w->kind() == "Job" || w->kind() == "CronJob") return std::nullopt;
      if (!w->metadata()["ownerReferences"].empty()) continue;
      total += index.effective_replicas(*w);
      any = true;
    }
    if (!any) return std::nullopt;
    return total;
  }
};

}  // namespace

std::unique_ptr<Rule> make_pdb_blocks_eviction() { return std::make_unique<PdbBlocksEviction>(); }

}  // namespace shipshape::rules
