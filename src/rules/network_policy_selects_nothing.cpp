// network-policy-selects-nothing: NetworkPolicies whose podSelector matches no workload of the run.
#include "rules/network.hpp"
#include "rules/selectors.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "network-policy-selects-nothing",
    .section = kGovernance,
    .group = "Network policies",
    .severity = Severity::info,
    .enabled = true,
    .summary = "A NetworkPolicy with a non-empty podSelector matches no workload in the run.",
    .applies_to = "networking.k8s.io NetworkPolicies",
    .rationale =
        "A policy that selects no pod protects nothing. It usually means a label was renamed on one "
        "side and not the other, and the pods it was written for now run without the intended "
        "restrictions.",
    .remediation =
        "Make the podSelector match the labels of the pods it is meant to protect, or delete the "
        "policy.",
    .bad_example = R"yaml(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
spec:
  podSelector:
    matchLabels: {app: api}
  policyTypes: [Ingress]
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
    .good_example = R"yaml(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
spec:
  podSelector:
    matchLabels: {app: web}
  policyTypes: [Ingress]
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
        "Cross-resource: only workloads of the run, in the policy's namespace, are considered, so a policy "
        "meant for pods created by an operator or deployed from another repository is reported too. An "
        "empty podSelector selects every pod of the namespace and is never reported. A selector that does "
        "not parse is left alone. Labels that controllers add to the pods they create "
        "(statefulset.kubernetes.io/pod-name, pod-template-hash, job-name...) are taken into account.",
};

class NetworkPolicySelectsNothing final : public BasicRule {
 public:
  NetworkPolicySelectsNothing() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return network_policy_scope(); }

  void check(const Resource& r, Context& ctx) const override {
    const LabelSelector* selector = ctx.index().selector_of(r);
    if (!selector || selector->empty()) return;
    if (!ctx.index().selected_by(r).empty()) return;
    if (uses_controller_labels(*selector) &&
        !select_with_controller_labels(ctx.index(), *selector, r.ns(), r.application()).empty()) {
      return;
    }
    ctx.report(r, r.spec()["podSelector"], FieldPath::parse("spec.podSelector"),
               fmt::format("podSelector matches no workload in namespace \"{}\"", r.ns()));
  }
};

}  // namespace

std::unique_ptr<Rule> make_network_policy_selects_nothing() { return std::make_unique<NetworkPolicySelectsNothing>(); }

}  // namespace shipshape::rules
