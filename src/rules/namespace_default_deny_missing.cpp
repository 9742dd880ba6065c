// namespace-default-deny-missing: namespaces without a policy that denies traffic by default.
#include "rules/namespaces.hpp"
#include "rules/network.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "namespace-default-deny-missing",
    .section = kGovernance,
    .group = "Network policies",
    .severity = Severity::info,
    .enabled = false,
    .summary =
        "A namespace with workloads has no NetworkPolicy with an empty podSelector that denies ingress "
        "and egress by default.",
    .applies_to =
        "namespaces of the workloads in the run (a Namespace object, when present, carries the "
        "finding)",
    .rationale =
        "Policies that select single workloads leave every other pod of the namespace open, including "
        "the ones added later. A default-deny policy over the whole namespace turns the model around: "
        "nothing flows unless a policy allows it, so a forgotten workload is isolated rather than "
        "exposed.",
    .remediation =
        "Add a NetworkPolicy with podSelector: {} and policyTypes [Ingress, Egress] and no rules, "
        "then allow the traffic each workload needs (DNS egress included) with narrower policies.",
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
    .good_example = R"yaml(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
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
        "Optional. A direction is denied by default when a policy of the namespace with an empty (or "
        "absent) podSelector governs it (policyTypes, or the API's defaults when policyTypes is absent: "
        "Ingress always, Egress when egress rules exist) and none of its rules for that direction allows "
        "everything (a rule with no peers and no ports). The two directions may come from two policies. "
        "A policy whose rules allow some traffic still denies the rest, so it counts. Only the run's "
        "networking.k8s.io NetworkPolicies are read; one finding per namespace.",
};

/// Whether a policy rule (an ingress or egress entry) lets every peer in on every port.
bool allows_everything(Value rule, std::string_view peers) {
  if (!rule.is_mapping()) return false;
  return rule[peers].empty() && rule["ports"].empty();
}

bool denies_by_default(const Resource& np, const Index& index, std::string_view direction) {
  const LabelSelector* selector = index.selector_of(np);
  if (!selector || !selector->empty() || !policy_governs(np, direction)) return false;
  const bool ingress = direction == "Ingress";
  for (Value rule : np.spec()[ingress ? "ingress" : "egress"].items()) {
    if (allows_everything(rule, ingress ? "from" : "to")) return false;
  }
  return true;
}

class NamespaceDefaultDenyMissing final : public NamespaceRule {
 public:
  NamespaceDefaultDenyMissing() : NamespaceRule(kInfo) {}

 protected:
  [[nodiscard]] std::optional<std::string> problem(std::string_view ns, std::uint32_t application,
                                                   const Index& index) const override {
    bool ingress = false;
    bool egress = false;
    for (const Resource* np : index.of_kind("NetworkPolicy", ns, application)) {
      if (!is_network_policy(*np)) continue;
      ingress = ingress || denies_by_default(*np, index, "Ingress");
      egress = egress || denies_by_default(*np, index, "Egress");
    }
    if (ingress && egress) return std::nullopt;
    return fmt::format("namespace \"{}\" has no NetworkPolicy that denies {} by default", ns,
                       !ingress && !egress ? "ingress and egress"
                       : !ingress          ? "ingress"
                                           : "egress");
  }
};

}  // namespace

std::unique_ptr<Rule> make_namespace_default_deny_missing() { return std::make_unique<NamespaceDefaultDenyMissing>(); }

}  // namespace shipshape::rules
