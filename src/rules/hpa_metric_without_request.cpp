// hpa-metric-without-request: utilisation targets on containers that request nothing.
#include "rules/appdev.hpp"
#include "rules/autoscaling.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "hpa-metric-without-request",
    .section = kAppDev,
    .group = "Scaling",
    .severity = Severity::error,
    .enabled = true,
    .summary =
        "A HorizontalPodAutoscaler scales on CPU or memory utilisation, but a container of its "
        "target has no request for that resource.",
    .applies_to = "HorizontalPodAutoscalers whose target workload is in the run",
    .rationale =
        "Utilisation is usage divided by the request. When a container of the pod requests "
        "nothing for the resource, the autoscaler cannot compute it: it reports "
        "FailedGetResourceMetric and stops scaling on that metric, usually unnoticed until the "
        "load arrives.",
    .remediation =
        "Give every container of the target a request for the resource the autoscaler "
        "measures, or scale on an AverageValue target instead of Utilization.",
    .bad_example = R"yaml(apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 10
  metrics:
    - type: Resource
      resource:
        name: cpu
        target: {type: Utilization, averageUtilization: 70}
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
    .good_example = R"yaml(apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 10
  metrics:
    - type: Resource
      resource:
        name: cpu
        target: {type: Utilization, averageUtilization: 70}
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
          resources:
            requests: {cpu: 250m}
)yaml",
    .notes =
        "Utilisation metrics are autoscaling/v1 targetCPUUtilizationPercentage, v2/v2beta2 "
        "`Resource` metrics with target type Utilization and v2beta1 targetAverageUtilization; an "
        "autoscaler with no metric at all scales on 80% CPU utilisation and is checked for CPU. "
        "A `ContainerResource` metric only needs the request in the container it names. Regular "
        "and sidecar containers are checked (init containers are not part of the measurement). A "
        "container has a request when it sets one, when it sets a limit (Kubernetes copies it), or "
        "when a LimitRange of the run gives its namespace a default. Targets that are not in the run "
        "are hpa-target-missing's business. One finding per metric names every container lacking "
        "the request. When the run defines the target more than once, the request must be missing "
        "from every definition. A target that is not a workload for the rules (a fragment that "
        "schema-invalid reports, typically a kustomize patch) is not judged.",
};

class HpaMetricWithoutRequest final : public BasicRule {
 public:
  HpaMetricWithoutRequest() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::kinds({{"autoscaling", "HorizontalPodAutoscaler"}}); }

  void check(const Resource& r, Context& ctx) const override {
    const Resource* target = ctx.index().target_of(r);
    if (!target || !target->is_workload()) return;
    // The run may define the target more than once (duplicate-object reports that); only a
    // request missing from every definition is reported.
    const auto definitions = ctx.index().same_object(*target);
    for (const ResourceMetric& m : resource_metrics(r)) {
      if (!m.utilization) continue;
      if (limitrange_default(ctx.index(), target->ns(), target->application(), "defaultRequest", m.resource)) continue;
      std::vector<std::string> lacking;
      bool all_lack = true;
      for (const Resource* def : definitions) {
        std::vector<std::string> missing = lacking_request(*def, m);
        if (missing.empty()) {
          all_lack = false;
          break;
        }
        if (lacking.empty()) lacking = std::move(missing);
      }
      if (!all_lack || lacking.empty()) continue;
      std::string who;
      for (std::size_t i = 0; i < lacking.size(); ++i) {
        who += i == 0 ? "" : i + 1 == lacking.size() ? " and " : ", ";
        who += lacking[i];
      }
      ctx.report(r, m.node, m.path,
                 fmt::format("scales on {} utilisation{}, but {} of {} \"{}\" {} no {} request", m.resource,
                             m.implicit ? " (the default when no metric is set)" : "", who, target->kind(),
                             target->name(), lacking.size() == 1 ? "has" : "have", m.resource));
    }
  }

 private:
  /// The containers of `target` (described for messages) that request none of the metric's resource.
  static std::vector<std::string> lacking_request(const Resource& target, const ResourceMetric& m) {
    std::vector<std::string> lacking;
    for (const Container& c : target.containers()) {
      if (!m.container.empty() && c.name() != m.container) continue;
      const Value res = c["resources"];
      if ((res["requests"][m.resource] && !res["requests"][m.resource].is_null()) ||
          (res["limits"][m.resource] && !res["limits"][m.resource].is_null())) {
        continue;
      }
      lacking.push_back(c.describe());
    }
    return lacking;
  }
};

}  // namespace

std::unique_ptr<Rule> make_hpa_metric_without_request() { return std::make_unique<HpaMetricWithoutRequest>(); }

}  // namespace shipshape::rules
