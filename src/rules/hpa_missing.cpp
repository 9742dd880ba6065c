// hpa-missing: Deployments and StatefulSets that nothing scales.
#include <set>

#include "rules/appdev.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "hpa-missing",
    .section = kAppDev,
    .group = "Scaling",
    .severity = Severity::info,
    .enabled = false,
    .summary = "A Deployment or StatefulSet has no HorizontalPodAutoscaler.",
    .applies_to =
        "Deployments and StatefulSets (and argoproj.io Rollouts, apps.openshift.io "
        "DeploymentConfigs)",
    .rationale =
        "A fixed replica count is sized for one load: too small at the peak, wasteful at night. "
        "An autoscaler follows the demand within the bounds you set.",
    .remediation =
        "Add a HorizontalPodAutoscaler that targets the workload, with minReplicas of at least "
        "2 and a metric that tracks its load.",
    .bad_example = R"yaml(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
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
    .good_example = R"yaml(apiVersion: apps/v1
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
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 10
)yaml",
    .notes =
        "Optional: many workloads (singletons, controllers, leader-elected operators) are right "
        "not to scale. Cross-resource: an autoscaler counts when it is in the workload's namespace "
        "and names its kind and name, whatever file it came from; a KEDA ScaledObject "
        "(keda.sh) that targets the workload counts too, since it manages an autoscaler at run "
        "time. The rule only sees the autoscalers in the run. "
        "Objects without spec.selector or pod template labels are fragments the API server would "
        "refuse (typically kustomize patches) and are skipped.",
};

class HpaMissing final : public BasicRule {
 public:
  HpaMissing() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return replicated_controller_scope(); }
  void prepare(const Index& index, const RunSettings&) override {
    for (const Resource* so : index.of_kind("ScaledObject")) {
      if (so->group() != "keda.sh") continue;
      const Value ref = so->spec()["scaleTargetRef"];
      const std::string_view kind = ref["kind"] ? ref["kind"].str() : std::string_view("Deployment");
      keda_targets_.insert(fmt::format("{}/{}/{}/{}", so->application(), so->ns(), kind, ref["name"].str()));
    }
  }

  void check(const Resource& r, Context& ctx) const override {
    if (!is_replicated_controller(r)) return;
    if (!ctx.index().targeting(r, "HorizontalPodAutoscaler").empty()) return;
    if (!keda_targets_.empty() &&
        keda_targets_.count(fmt::format("{}/{}/{}/{}", r.application(), r.ns(), r.kind(), r.name())))
      return;
    ctx.report(r, r.root(), {}, "no HorizontalPodAutoscaler scales it");
  }

 private:
  std::set<std::string, std::less<>> keda_targets_;
};

}  // namespace

std::unique_ptr<Rule> make_hpa_missing() { return std::make_unique<HpaMissing>(); }

}  // namespace shipshape::rules
