// network-policy-missing: workloads whose ingress (or, quieter, egress) no NetworkPolicy of the run restricts.
#include "rules/network.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "network-policy-missing",
    .section = kGovernance,
    .group = "Network policies",
    .severity = Severity::warning,
    .enabled = true,
    .summary =
        "No NetworkPolicy in the run restricts a workload's ingress (none selects its pods, or only "
        "egress policies do); an info finding when only its egress is unrestricted.",
    .applies_to = "every workload except host-network pods",
    .rationale =
        "Pods accept traffic from anywhere in the cluster and may send it anywhere until a "
        "NetworkPolicy selects them. One compromised pod can then reach every database and internal "
        "API of the cluster, and send data out.",
    .remediation =
        "Add a NetworkPolicy whose podSelector matches the pods and that allows only the traffic the "
        "workload needs, ideally on top of a namespace-wide default-deny policy.",
    .bad_example = R"yaml(apiVersion: apps/v1
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
  policyTypes: [Ingress, Egress]
  ingress:
    - ports: [{port: 8080}]
  egress:
    - ports: [{port: 53, protocol: UDP}]
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
        "Cross-resource: only the NetworkPolicies of the run count, matched in the workload's namespace "
        "with full selector semantics (an empty podSelector selects every pod of its namespace). "
        "Ingress and egress are judged separately, by the directions each selecting policy governs: "
        "its policyTypes, or, when it has none, Ingress always plus Egress when it has egress rules "
        "(the API's default). A warning when no policy selects the pods, and also when the policies "
        "that do govern egress only (`policyTypes: [Egress]`), which leaves every inbound connection "
        "open; an info finding, the quieter one, when ingress is restricted but no policy governs "
        "egress. A policy with a direction but no rules for it denies that direction: it counts as "
        "restricting it. Only networking.k8s.io NetworkPolicy "
        "objects are read: Calico's, Cilium's and other projects' policy kinds use their own selector "
        "syntax, so a namespace protected only by them is reported (suppress the rule there). Pods with "
        "hostNetwork: true are skipped: NetworkPolicies do not apply to them (host-network reports them).",
};

class NetworkPolicyMissing final : public BasicRule {
 public:
  NetworkPolicyMissing() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads(); }

  void check(const Resource& r, Context& ctx) const override {
    if (r.pod().spec["hostNetwork"].is_true()) return;
    const auto policies = ctx.index().selecting(r, "NetworkPolicy");
    const Resource* ingress = nullptr;
    const Resource* egress = nullptr;
    for (const Resource* np : policies) {
      if (!ingress && policy_governs(*np, "Ingress")) ingress = np;
      if (!egress && policy_governs(*np, "Egress")) egress = np;
    }
    if (ingress && egress) return;
    const Value labels = r.pod_labels();
    const bool labelled = labels.is_mapping() && !labels.empty();
    const Value at = labelled ? labels : r.root();
    const FieldPath path = labelled ? r.pod().metadata_path().key("labels") : FieldPath{};
    if (policies.empty()) {
      ctx.report(r, at, path, fmt::format("no NetworkPolicy in namespace \"{}\" selects the pods", r.ns()));
    } else if (!ingress) {
      ctx.report(r, at, path,
                 fmt::format("no NetworkPolicy in namespace \"{}\" restricts ingress to the pods: NetworkPolicy "
                             "\"{}\" selects them for egress only, so every inbound connection is allowed",
                             r.ns(), policies.front()->name()));
    } else {
      ctx.report(r, at, path,
                 fmt::format("no NetworkPolicy in namespace \"{}\" restricts egress from the pods (NetworkPolicy "
                             "\"{}\" governs ingress only), so they may connect anywhere",
                             r.ns(), ingress->name()),
                 {}, Severity::info);
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_network_policy_missing() { return std::make_unique<NetworkPolicyMissing>(); }

}  // namespace shipshape::rules
