// pdb-missing: replicated workloads that no PodDisruptionBudget protects.
#include "rules/appdev.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "pdb-missing",
    .section = kAppDev,
    .group = "Fault tolerance",
    .severity = Severity::warning,
    .enabled = true,
    .summary =
        "A Deployment or StatefulSet with more than one replica has no PodDisruptionBudget in "
        "its namespace that selects its pods.",
    .applies_to =
        "Deployments and StatefulSets (and argoproj.io Rollouts, apps.openshift.io "
        "DeploymentConfigs) whose effective replicas exceed 1",
    .rationale =
        "Node drains, cluster upgrades and the cluster autoscaler evict pods through the "
        "eviction API, which only holds back when a PodDisruptionBudget says so. Without one, a "
        "drain may evict every replica at once and the service goes down during routine "
        "maintenance.",
    .remediation =
        "Add a PodDisruptionBudget in the same namespace whose selector matches the pod "
        "labels, typically with `maxUnavailable: 1`.",
    .bad_example = R"yaml(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
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
  replicas: 3
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
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app: web}
)yaml",
    .notes =
        "Cross-resource: the rule sees every PodDisruptionBudget of the run, whatever file it came "
        "from, and can only conclude that none exists from what the run contains. A budget counts "
        "when it is in the workload's namespace and its selector (matchLabels and "
        "matchExpressions) matches the pod template's labels; a policy/v1 budget with an empty "
        "selector matches every pod of its namespace, a policy/v1beta1 one none. Whether the "
        "budget actually allows evictions is pdb-blocks-eviction's business. Workloads running one "
        "replica are left to replicas-too-few: a budget cannot protect a single pod without "
        "blocking drains. "
        "Objects without spec.selector or pod template labels are fragments the API server would "
        "refuse (typically kustomize patches) and are skipped.",
};

class PdbMissing final : public BasicRule {
 public:
  PdbMissing() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return replicated_controller_scope(); }

  void check(const Resource& r, Context& ctx) const override {
    const auto replicas = replicas_above_one(r, ctx.index());
    if (!replicas || !ctx.index().selecting(r, "PodDisruptionBudget").empty()) return;
    ctx.report(r, r.root(), {},
               fmt::format("runs {} replicas but no PodDisruptionBudget in namespace \"{}\" selects its pods",
                           *replicas, r.ns()));
  }
};

}  // namespace

std::unique_ptr<Rule> make_pdb_missing() { return std::make_unique<PdbMissing>(); }

}  // namespace shipshape::rules
