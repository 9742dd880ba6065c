// namespace-resourcequota-missing: namespaces with workloads but no ResourceQuota in the run.
#include "rules/namespaces.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "namespace-resourcequota-missing",
    .section = kGovernance,
    .group = "Namespace limits",
    .severity = Severity::info,
    .enabled = false,
    .summary = "A namespace that holds workloads in the run has no ResourceQuota in the run.",
    .applies_to =
        "namespaces of the workloads in the run (a Namespace object, when present, carries the "
        "finding)",
    .rationale =
        "A ResourceQuota caps what a whole namespace may request: CPU, memory, storage and object "
        "counts. Without one, a runaway autoscaler or a mistaken replica count in one team's namespace "
        "can take the capacity every other team relies on.",
    .remediation =
        "Add a ResourceQuota to the namespace with hard limits for requests.cpu, requests.memory, "
        "limits.memory and the object counts that matter to you.",
    .bad_example = R"yaml(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
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
    .good_example = R"yaml(apiVersion: v1
kind: ResourceQuota
metadata:
  name: budget
  namespace: shop
spec:
  hard: {requests.cpu: "10", requests.memory: 20Gi, limits.memory: 40Gi}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
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
        "Optional: quotas are usually managed by a platform team outside the application's manifests, "
        "and this rule only sees the objects of one run, so it can only conclude that the run has no "
        "ResourceQuota. One finding per namespace: on its Namespace object when the run has one, else on "
        "the namespace's first workload. Any ResourceQuota counts, whatever it limits.",
};

class NamespaceResourcequotaMissing final : public NamespaceRule {
 public:
  NamespaceResourcequotaMissing() : NamespaceRule(kInfo) {}

 protected:
  [[nodiscard]] std::optional<std::string> problem(std::string_view ns, std::uint32_t application,
                                                   const Index& index) const override {
    if (!index.of_kind("ResourceQuota", ns, application).empty()) return std::nullopt;
    return fmt::format("namespace \"{}\" holds workloads but the run has no ResourceQuota for it", ns);
  }
};

}  // namespace

std::unique_ptr<Rule> make_namespace_resourcequota_missing() {
  return std::make_unique<NamespaceResourcequotaMissing>();
}

}  // namespace shipshape::rules
