// replicas-with-hpa: workloads that fix a replica count although an autoscaler owns it.
#include "rules/common.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "replicas-with-hpa",
    .section = kAppDev,
    .group = "Scaling",
    .severity = Severity::warning,
    .enabled = true,
    .summary = "A workload that a HorizontalPodAutoscaler targets also sets spec.replicas.",
    .applies_to = "workloads targeted by a HorizontalPodAutoscaler of the run",
    .rationale =
        "Once an autoscaler manages a workload, spec.replicas belongs to it. Every apply of a "
        "manifest that still sets the field resets the replica count to that number: a "
        "deployment during a traffic peak scales the service down at the worst moment, and the "
        "autoscaler then has to climb back.",
    .remediation =
        "Remove spec.replicas from the manifest and let the autoscaler's minReplicas and "
        "maxReplicas decide.",
    .bad_example = R"yaml(apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 10
---
apiVersion: apps/v1
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
    .good_example = R"yaml(apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 10
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
        "Cross-resource: an autoscaler counts when it is in the workload's namespace and its "
        "scaleTargetRef names the workload's kind and name, whatever file it came from. An explicit "
        "`replicas: null` is the same as leaving the field out. Autoscalers created at run time "
        "(KEDA ScaledObjects, say) are not in the run and are not seen. The fix removes "
        "spec.replicas. Only workloads count: a fragment (a controller without spec.selector or pod "
        "template labels, typically a kustomize patch, which schema-invalid reports) is skipped even "
        "when an HPA targets it, and so is an object checked through the workload of the run that "
        "controls it.",
};

class ReplicasWithHpa final : public BasicRule {
 public:
  ReplicasWithHpa() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads(); }

  void check(const Resource& r, Context& ctx) const override {
    const Value replicas = r.spec()["replicas"];
    if (!replicas || replicas.is_null()) return;
    const auto hpas = ctx.index().targeting(r, "HorizontalPodAutoscaler");
    if (hpas.empty()) return;
    const FieldPath path = FieldPath::parse("spec.replicas");
    ctx.report(r, replicas, path,
               fmt::format("sets replicas to {}, yet HorizontalPodAutoscaler \"{}\" scales it: every apply resets "
                           "the replica count",
                           replicas.str(), hpas.front()->name()),
               remove_field(path));
  }
};

}  // namespace

std::unique_ptr<Rule> make_replicas_with_hpa() { return std::make_unique<ReplicasWithHpa>(); }

}  // namespace shipshape::rules
