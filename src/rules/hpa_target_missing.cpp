// hpa-target-missing: HorizontalPodAutoscalers aimed at an object the run does not contain.
#include "rules/common.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "hpa-target-missing",
    .section = kAppDev,
    .group = "Scaling",
    .severity = Severity::warning,
    .enabled = true,
    .summary = "A HorizontalPodAutoscaler's scaleTargetRef names no object in the run.",
    .applies_to = "HorizontalPodAutoscalers (every API version)",
    .rationale =
        "An autoscaler whose target does not exist scales nothing: the workload it was meant for "
        "runs at its fixed replica count, and the mistake (a renamed Deployment, a wrong kind, "
        "another namespace) stays silent until the load arrives.",
    .remediation =
        "Point scaleTargetRef at the workload's kind and name, in the autoscaler's own "
        "namespace.",
    .bad_example = R"yaml(apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
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
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
)yaml",
    .notes =
        "Cross-resource: the target is looked up by kind and name in the autoscaler's namespace "
        "among every object of the run, whatever file it came from; the API group of "
        "scaleTargetRef.apiVersion is not compared (apps/v1 and extensions/v1beta1 name the same "
        "Deployment). The rule can only say the target is absent from the run: check the "
        "manifests that define the workload together with the autoscaler. An autoscaler without "
        "a kind or name fires too.",
};

class HpaTargetMissing final : public BasicRule {
 public:
  HpaTargetMissing() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::kinds({{"autoscaling", "HorizontalPodAutoscaler"}}); }

  void check(const Resource& r, Context& ctx) const override {
    if (ctx.index().target_of(r)) return;
    const Value ref = r.spec()["scaleTargetRef"];
    const std::string_view kind = ref["kind"].str();
    const std::string_view name = ref["name"].str();
    if (kind.empty() || name.empty()) {
      ctx.report(r, ref ? ref : r.root(), FieldPath::parse("spec.scaleTargetRef"),
                 "scaleTargetRef does not name a target (it needs a kind and a name)");
      return;
    }
    ctx.report(r, ref["name"], FieldPath::parse("spec.scaleTargetRef.name"),
               fmt::format("scales {} \"{}\", which is not in namespace \"{}\" of this run", kind, name, r.ns()));
  }
};

}  // namespace

std::unique_ptr<Rule> make_hpa_target_missing() { return std::make_unique<HpaTargetMissing>(); }

}  // namespace shipshape::rules
