// network-policy-missing: workloads whose pods no NetworkPolicy of the run selects.
#include "rules/network.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "network-policy-missing",
    .section = kGovernance,
    .group = "Network policies",
    .severity = Severity::warning,
    .enabled = true,
    .summary = "No NetworkPolicy in the run selects a workload's pods.",
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
  ingress:
    - ports: [{port: 8080}]
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
        "with full selector semantics (an empty podSelector selects every pod of its namespace). Any "
        "selecting policy counts, whatever directions it governs. Only networking.k8s.io NetworkPolicy "
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
    if (!ctx.index().selecting(r, "NetworkPolicy").empty()) return;
    const Value labels = r.pod_labels();
    if (labels.is_mapping() && !labels.empty()) {
      ctx.report(r, labels, r.pod().metadata_path().key("labels"),
                 fmt::format("no NetworkPolicy in namespace \"{}\" selects the pods", r.ns()));
    } else {
      ctx.report(r, r.root(), {}, fmt::format("no NetworkPolicy in namespace \"{}\" selects the pods", r.ns()));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_network_policy_missing() { return std::make_unique<NetworkPolicyMissing>(); }

}  // namespace shipshape::rules
