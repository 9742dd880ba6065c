// namespace-limitrange-missing: namespaces with workloads but no LimitRange in the run.
#include "rules/namespaces.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "namespace-limitrange-missing",
    .section = kGovernance,
    .group = "Namespace limits",
    .severity = Severity::info,
    .enabled = false,
    .summary = "A namespace that holds workloads in the run has no LimitRange in the run.",
    .applies_to =
        "namespaces of the workloads in the run (a Namespace object, when present, carries the "
        "finding)",
    .rationale =
        "A LimitRange gives containers default requests and limits and caps what one container may "
        "ask for. Without one, a single container that forgets its resources can be scheduled "
        "anywhere and then take all the memory or CPU of its node.",
    .remediation =
        "Add a LimitRange to the namespace with default and defaultRequest values for cpu and "
        "memory, and a max that matches the nodes.",
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
kind: LimitRange
metadata:
  name: defaults
  namespace: shop
spec:
  limits:
    - type: Container
      defaultRequest: {cpu: 100m, memory: 128Mi}
      default: {memory: 256Mi}
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
        "Optional: namespaces are often set up by a platform team in another repository, and this rule "
        "only sees the objects of one run, so it can only conclude that the run has no LimitRange. One "
        "finding per namespace: on its Namespace object when the run has one, else on the namespace's "
        "first workload. Any LimitRange counts, whatever its limits.",
};

class NamespaceLimitrangeMissing final : public NamespaceRule {
 public:
  NamespaceLimitrangeMissing() : NamespaceRule(kInfo) {}

 protected:
  [[nodiscard]] std::optional<std::string> problem(std::string_view ns, std::uint32_t application,
                                                   const Index& index) const override {
    if (!index.of_kind("LimitRange", ns, application).empty()) return std::nullopt;
    return fmt::format("namespace \"{}\" holds workloads but the run has no LimitRange for it", ns);
  }
};

}  // namespace

std::unique_ptr<Rule> make_namespace_limitrange_missing() { return std::make_unique<NamespaceLimitrangeMissing>(); }

}  // namespace shipshape::rules
