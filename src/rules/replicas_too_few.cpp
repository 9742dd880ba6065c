// replicas-too-few: replicated workloads that run fewer replicas than the minimum.
#include <stdexcept>

#include "rules/appdev.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "replicas-too-few",
    .section = kAppDev,
    .group = "Fault tolerance",
    .severity = Severity::warning,
    .enabled = true,
    .summary =
        "A Deployment, StatefulSet or ReplicaSet runs fewer replicas than the minimum (option, "
        "default 2), counting the minReplicas of an HPA that targets it.",
    .applies_to =
        "Deployments, StatefulSets, ReplicaSets and ReplicationControllers, and the built-in "
        "custom Deployment kinds (argoproj.io Rollout, apps.openshift.io DeploymentConfig)",
    .rationale =
        "With a single replica every node drain, eviction, crash or rollout is an outage: there "
        "is no other pod to take the traffic while the one pod is replaced.",
    .remediation =
        "Run at least two replicas (set spec.replicas, or the minReplicas of the "
        "HorizontalPodAutoscaler that scales the workload), and spread them across nodes.",
    .bad_example = R"yaml(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
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
)yaml",
    .options = {{"minimum", OptionType::integer, "2", "fewest replicas a workload should run (at least 1)"}},
    .notes =
        "A missing spec.replicas counts as 1. When HorizontalPodAutoscalers in the run target the "
        "workload (same namespace, kind and name), the lowest of their minReplicas (default 1) is "
        "what counts, and the finding names the HPA instead of offering a fix. Zero replicas "
        "(spec.replicas: 0, or an HPA that scales to zero) is read as a workload parked on "
        "purpose and is not reported. ReplicaSets and ReplicationControllers with ownerReferences "
        "are managed by their owner and are skipped. DaemonSets, Jobs and bare Pods are out of "
        "scope (see bare-pod). The fix sets spec.replicas to the minimum. "
        "Objects without spec.selector or pod template labels are fragments the API server would "
        "refuse (typically kustomize patches) and are skipped.",
};

class ReplicasTooFew final : public BasicRule {
 public:
  ReplicasTooFew() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return with_replicaset_like(replicated_controller_scope()); }
  void configure(const Options& options) override {
    minimum_ = options.get_int("minimum");
    if (minimum_ < 1) throw std::invalid_argument("minimum must be at least 1");
  }

  void check(const Resource& r, Context& ctx) const override {
    if (!r.is_workload()) return;
    if (is_replicaset_like(r) && !r.metadata()["ownerReferences"].empty()) return;
    const std::int64_t replicas = ctx.index().effective_replicas(r);
    if (replicas >= minimum_ || replicas <= 0) return;
    const FieldPath path = FieldPath::parse("spec.replicas");
    const auto hpas = ctx.index().targeting(r, "HorizontalPodAutoscaler");
    if (!hpas.empty()) {
      const Resource* lowest = hpas.front();
      for (const Resource* h : hpas) {
        const Value min = h->spec()["minReplicas"];
        if ((min ? min.as_int().value_or(1) : 1) == replicas) {
          lowest = h;
          break;
        }
      }
      ctx.report(r, r.root(), path,
                 fmt::format("HorizontalPodAutoscaler \"{}\" lets it scale down to {} replica{}, fewer than the "
                             "minimum of {}",
                             lowest->name(), replicas, replicas == 1 ? "" : "s", minimum_));
      return;
    }
    const Value node = r.spec()["replicas"];
    ctx.report(
        r, node && !node.is_null() ? node : r.root(), path,
        fmt::format("runs {} replica{}, fewer than the minimum of {}", replicas, replicas == 1 ? "" : "s", minimum_),
        set_field(r, path, std::to_string(minimum_)));
  }

 private:
  std::int64_t minimum_ = 2;
};

}  // namespace

std::unique_ptr<Rule> make_replicas_too_few() { return std::make_unique<ReplicasTooFew>(); }

}  // namespace shipshape::rules
