// pdb-selects-nothing: PodDisruptionBudgets whose selector matches no workload of the run.
#include "rules/common.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "pdb-selects-nothing",
    .section = kAppDev,
    .group = "Fault tolerance",
    .severity = Severity::info,
    .enabled = true,
    .summary = "A PodDisruptionBudget with a non-empty selector matches no workload in the run.",
    .applies_to = "PodDisruptionBudgets whose selector has matchLabels or matchExpressions",
    .rationale =
        "A budget that selects no pods protects nothing. It usually means the labels drifted: "
        "the workload was relabelled, or the budget was copied from another application, and "
        "the pods it was meant to protect can be evicted all at once.",
    .remediation =
        "Make the budget's selector match the pod template labels of the workload it is meant "
        "to protect (in the same namespace), or delete the budget.",
    .bad_example = R"yaml(apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app: web}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: website}
  template:
    metadata:
      labels: {app: website}
    spec:
      containers:
        - name: web
          image: nginx:1.27
)yaml",
    .good_example = R"yaml(apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app: web}
---
apiVersion: apps/v1
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
    .notes =
        "Cross-resource: matches are looked for among the workloads (pod templates and Pods) of "
        "the run in the budget's namespace, with full selector semantics, whatever file they came "
        "from. Pods that an operator creates at run time (from a custom resource the run does not "
        "declare as a workload kind) are invisible to it, so a budget for them fires; add the kind "
        "to `customResources` or exempt the budget. An empty selector is not reported: in "
        "policy/v1 it deliberately selects every pod of the namespace. A selector that does not "
        "parse is left to schema-invalid. Helm hooks (objects annotated `helm.sh/hook`) are not "
        "replicas a budget protects and do not count as selected.",
};

class PdbSelectsNothing final : public BasicRule {
 public:
  PdbSelectsNothing() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::kinds({{"policy", "PodDisruptionBudget"}}); }

  void check(const Resource& r, Context& ctx) const override {
    const LabelSelector* selector = ctx.index().selector_of(r);
    if (!selector || selector->empty()) return;
    if (!ctx.index().selected_by(r).empty()) return;
    ctx.report(r, r.spec()["selector"], FieldPath::parse("spec.selector"),
               fmt::format("selector matches no workload in namespace \"{}\"", r.ns()));
  }
};

}  // namespace

std::unique_ptr<Rule> make_pdb_selects_nothing() { return std::make_unique<PdbSelectsNothing>(); }

}  // namespace shipshape::rules
