// vpa-hpa-conflict: a VPA and an HPA pulling the same workload's CPU or memory in two directions.
#include <algorithm>
#include <map>

#include "rules/appdev.hpp"
#include "rules/autoscaling.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "vpa-hpa-conflict",
    .section = kAppDev,
    .group = "Scaling",
    .severity = Severity::warning,
    .enabled = true,
    .summary =
        "A VerticalPodAutoscaler and a HorizontalPodAutoscaler target the same workload and the "
        "HPA scales on CPU or memory.",
    .applies_to = "HorizontalPodAutoscalers that share their target with a VerticalPodAutoscaler of the run",
    .rationale =
        "The HPA adds pods when usage per pod rises relative to the requests; the VPA raises "
        "the requests when usage rises. Acting on the same resource they chase each other: the "
        "VPA's new requests change the utilisation the HPA sees, replica counts swing, and pods "
        "are evicted for resizing while the HPA is scaling.",
    .remediation =
        "Scale the HPA on a metric the VPA does not control (requests per second, queue "
        "length), restrict the VPA to the other resource with controlledResources, or run the "
        "VPA with updateMode \"Off\" and use its recommendations by hand.",
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
apiVersion: autoscaling.k8s.io/v1
kind: VerticalPodAutoscaler
metadata:
  name: web
spec:
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
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
apiVersion: autoscaling.k8s.io/v1
kind: VerticalPodAutoscaler
metadata:
  name: web
spec:
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  resourcePolicy:
    containerPolicies:
      - containerName: "*"
        controlledResources: [memory]
)yaml",
    .notes =
        "Cross-resource: the two autoscalers must be in the same namespace and name the same kind and "
        "name (the workload itself need not be in the run). Any CPU or memory metric of the HPA "
        "counts, whatever its target type; an HPA without metrics scales on CPU. The VPA is left "
        "out when its updateMode is \"Off\" (it only recommends). Otherwise the resources it "
        "controls are those of its container policies whose mode is not Off (controlledResources, "
        "default cpu and memory), plus both for containers that no policy names unless a `*` "
        "policy says otherwise; the HPA conflicts only on a resource in that set. One finding per "
        "HPA and VPA pair, at the first conflicting metric.",
};

std::string target_key(std::uint32_t application, std::string_view ns, Value ref) {
  return fmt::format("{}/{}/{}/{}", application, ns, ref["kind"].str(), ref["name"].str());
}

/// The resources (cpu, memory) whose requests a VPA changes.
std::vector<std::string_view> controlled_resources(const Resource& vpa) {
  std::vector<std::string_view> out;
  auto add = [&](Value list) {
    if (!list || list.is_null()) {
      for (std::string_view r : {"cpu", "memory"}) {
        if (std::find(out.begin(), out.end(), r) == out.end()) out.push_back(r);
      }
      return;
    }
    for (Value v : list.items()) {
      if (std::find(out.begin(), out.end(), v.str()) == out.end()) out.push_back(v.str());
    }
  };
  bool star = false;
  for (Value p : vpa.spec()["resourcePolicy"]["containerPolicies"].items()) {
    const bool is_star = p["containerName"].equals("*");
    star = star || is_star;
    if (p["mode"].equals("Off")) continue;
    add(p["controlledResources"]);
  }
  if (!star) add({});
  return out;
}

class VpaHpaConflict final : public BasicRule {
 public:
  VpaHpaConflict() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::kinds({{"autoscaling", "HorizontalPodAutoscaler"}}); }
  void prepare(const Index& index, const RunSettings&) override {
    for (const Resource* vpa : index.of_kind("VerticalPodAutoscaler")) {
      if (vpa->group() != "autoscaling.k8s.io") continue;
      if (vpa->spec()["updatePolicy"]["updateMode"].equals("Off")) continue;
      const Value ref = vpa->spec()["targetRef"];
      if (ref["kind"].str().empty() || ref["name"].str().empty()) continue;
      vpas_[target_key(vpa->application(), vpa->ns(), ref)].push_back({vpa, controlled_resources(*vpa)});
    }
  }

  void check(const Resource& r, Context& ctx) const override {
    if (vpas_.empty()) return;
    const Value ref = r.spec()["scaleTargetRef"];
    const auto it = vpas_.find(target_key(r.application(), r.ns(), ref));
    if (it == vpas_.end()) return;
    const auto metrics = resource_metrics(r);
    for (const VpaInfo& vpa : it->second) {
      for (const ResourceMetric& m : metrics) {
        if (std::find(vpa.controlled.begin(), vpa.controlled.end(), m.resource) == vpa.controlled.end()) continue;
        ctx.report(r, m.node, m.path,
                   fmt::format("scales {} \"{}\" on {}{}, while VerticalPodAutoscaler \"{}\" also changes its {} "
                               "requests",
                               ref["kind"].str(), ref["name"].str(), m.resource,
                               m.implicit ? " (the default when no metric is set)" : "", vpa.vpa->name(), m.resource));
        break;
      }
    }
  }

 private:
  struct VpaInfo {
    const Resource* vpa;
    std::vector<std::string_view> controlled;
  };
  std::map<std::string, std::vector<VpaInfo>, std::less<>> vpas_;
};

}  // namespace

std::unique_ptr<Rule> make_vpa_hpa_conflict() { return std::make_unique<VpaHpaConflict>(); }

}  // namespace shipshape::rules
