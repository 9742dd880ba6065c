// vpa-auto-mode: VerticalPodAutoscalers that evict pods to apply their recommendations.
#include "rules/common.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "vpa-auto-mode",
    .section = kAppDev,
    .group = "Scaling",
    .severity = Severity::info,
    .enabled = true,
    .summary =
        "A VerticalPodAutoscaler evicts pods to apply its recommendations (updateMode Auto, "
        "Recreate or InPlaceOrRecreate, or unset).",
    .applies_to = "VerticalPodAutoscalers (autoscaling.k8s.io)",
    .rationale =
        "In its eviction modes the VPA updater restarts pods whenever their requests drift from "
        "the recommendation, at times of its choosing. For a workload with few replicas, or one "
        "that is slow to start, those restarts are disruptions nobody scheduled. The checklist "
        "suggests using the VPA's recommendations rather than letting it act on its own.",
    .remediation =
        "Set spec.updatePolicy.updateMode to \"Off\" (recommendations only) or \"Initial\" "
        "(applied when pods are created anyway), and fold the recommendations into the manifests. "
        "If automatic updates are wanted, protect the workload with a PodDisruptionBudget.",
    .bad_example = R"yaml(apiVersion: autoscaling.k8s.io/v1
kind: VerticalPodAutoscaler
metadata:
  name: web
spec:
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
)yaml",
    .good_example = R"yaml(apiVersion: autoscaling.k8s.io/v1
kind: VerticalPodAutoscaler
metadata:
  name: web
spec:
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  updatePolicy: {updateMode: "Off"}
)yaml",
    .notes =
        "An unset updatePolicy or updateMode means Auto. InPlaceOrRecreate resizes pods in place "
        "where it can but still evicts when it cannot, so it fires too. \"Off\" and \"Initial\" "
        "never evict. There is no automatic fix: choosing between Off and Initial is a decision "
        "about how the recommendations will be applied.",
};

class VpaAutoMode final : public BasicRule {
 public:
  VpaAutoMode() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::kinds({{"autoscaling.k8s.io", "VerticalPodAutoscaler"}}); }

  void check(const Resource& r, Context& ctx) const override {
    const Value policy = r.spec()["updatePolicy"];
    const Value mode = policy["updateMode"];
    const FieldPath path = FieldPath::parse("spec.updatePolicy.updateMode");
    if (!mode || mode.is_null()) {
      const Value at = policy.is_mapping() ? policy : r.spec().is_mapping() ? r.spec() : r.root();
      ctx.report(r, at, path, "updateMode is not set, so it is Auto: the updater evicts pods to resize them");
      return;
    }
    if (mode.equals("Auto") || mode.equals("Recreate") || mode.equals("InPlaceOrRecreate")) {
      ctx.report(r, mode, path, fmt::format("updateMode is {}: the updater evicts pods to resize them", mode.str()));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_vpa_auto_mode() { return std::make_unique<VpaAutoMode>(); }

}  // namespace shipshape::rules
