// hpa-replicas-invalid: autoscalers that allow a single replica or cannot scale at all.
#include "rules/common.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "hpa-replicas-invalid",
    .section = kAppDev,
    .group = "Scaling",
    .severity = Severity::warning,
    .enabled = true,
    .summary =
        "A HorizontalPodAutoscaler has minReplicas below 2 (unset means 1), or maxReplicas not "
        "above minReplicas.",
    .applies_to = "HorizontalPodAutoscalers (every API version)",
    .rationale =
        "An autoscaler with minReplicas 1 scales the workload down to a single pod whenever load "
        "is low, and from then on every eviction or crash is an outage. One whose maxReplicas "
        "equals minReplicas never scales and only hides a fixed replica count; a maxReplicas "
        "below minReplicas is rejected by the API server.",
    .remediation = "Set minReplicas to at least 2 and maxReplicas above it, with room for the peak load.",
    .bad_example = R"yaml(apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 10
)yaml",
    .good_example = R"yaml(apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 10
)yaml",
    .notes =
        "A missing minReplicas is 1, so it fires (pointing at the spec), as does 0 (scale to zero "
        "behind the HPAScaleToZero feature gate). Both problems can be reported for the same "
        "autoscaler. The fix sets minReplicas to 2 when maxReplicas leaves room above it; otherwise "
        "the right numbers are a judgement call and there is no fix.",
};

class HpaReplicasInvalid final : public BasicRule {
 public:
  HpaReplicasInvalid() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::kinds({{"autoscaling", "HorizontalPodAutoscaler"}}); }

  void check(const Resource& r, Context& ctx) const override {
    const Value spec = r.spec();
    const Value min_node = spec["minReplicas"];
    const Value max_node = spec["maxReplicas"];
    const bool min_set = min_node && !min_node.is_null();
    const auto min = min_set ? min_node.as_int() : std::optional<std::int64_t>{1};
    const auto max = max_node.as_int();
    const FieldPath min_path = FieldPath::parse("spec.minReplicas");
    if (min && *min < 2) {
      ctx.report(r, min_set ? min_node : (spec.is_mapping() ? spec : r.root()), min_path,
                 min_set
                     ? fmt::format("minReplicas is {}: the workload may scale down to {}", *min,
                                   *min == 1 ? "a single pod" : "no pods at all")
                     : std::string("minReplicas is not set, so it is 1: the workload may scale down to a single pod"),
                 max && *max > 2 ? set_field(r, min_path, "2") : Fix{});
    }
    if (min && max && *max <= *min) {
      ctx.report(r, max_node, FieldPath::parse("spec.maxReplicas"),
                 *max == *min ? fmt::format("maxReplicas equals minReplicas ({}): the autoscaler can never scale", *max)
                              : fmt::format("maxReplicas {} is below minReplicas {}", *max, *min));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_hpa_replicas_invalid() { return std::make_unique<HpaReplicasInvalid>(); }

}  // namespace shipshape::rules
