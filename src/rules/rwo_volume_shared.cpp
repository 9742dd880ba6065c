// rwo-volume-shared: replicated pods sharing a claim that only one node can mount.
#include "rules/appdev.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "rwo-volume-shared",
    .section = kAppDev,
    .group = "Scaling",
    .severity = Severity::error,
    .enabled = true,
    .summary =
        "A Deployment or ReplicaSet with more than one replica mounts a PersistentVolumeClaim "
        "whose access modes allow a single node (ReadWriteOnce, ReadWriteOncePod).",
    .applies_to =
        "Deployments, ReplicaSets and ReplicationControllers (and argoproj.io Rollouts, "
        "apps.openshift.io DeploymentConfigs) whose effective replicas exceed 1",
    .rationale =
        "All replicas of a Deployment share the same claim. A ReadWriteOnce volume attaches to one "
        "node, so replicas scheduled elsewhere hang in ContainerCreating with a multi-attach "
        "error; with ReadWriteOncePod even a second pod on the same node cannot start. Scaling "
        "out, and often plain rolling updates, stop working.",
    .remediation =
        "Use a StatefulSet with volumeClaimTemplates so that each replica gets its own volume, "
        "or a ReadWriteMany storage class if the replicas really must share files.",
    .bad_example = R"yaml(apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests: {storage: 1Gi}
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
      volumes:
        - name: data
          persistentVolumeClaim: {claimName: data}
)yaml",
    .good_example = R"yaml(apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: [ReadWriteMany]
  resources:
    requests: {storage: 1Gi}
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
      volumes:
        - name: data
          persistentVolumeClaim: {claimName: data}
)yaml",
    .notes =
        "Cross-resource: the claim must be in the run, in the workload's namespace; a claim the run "
        "does not contain is not judged. A claim whose accessModes include ReadWriteMany or "
        "ReadOnlyMany can be bound to a multi-node volume and does not fire; one with no "
        "accessModes is not judged. Effective replicas follow the shared semantics (an HPA's "
        "minReplicas wins). StatefulSets are out of scope, as the catalogue defines it: their "
        "volumeClaimTemplates give each replica its own claim (one that shares a claim through "
        "`volumes` has the same problem but is not reported). A single-replica Deployment with a ReadWriteOnce claim "
        "can still "
        "stall a rolling update when the new pod lands on another node; that is not reported. "
        "Objects without spec.selector or pod template labels are fragments the API server would "
        "refuse (typically kustomize patches) and are skipped.",
};

class RwoVolumeShared final : public BasicRule {
 public:
  RwoVolumeShared() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return with_replicaset_like(deployment_like_scope()); }

  void check(const Resource& r, Context& ctx) const override {
    if (!r.is_workload()) return;
    const std::int64_t replicas = ctx.index().effective_replicas(r);
    if (replicas <= 1) return;
    std::size_t i = 0;
    for (Value volume : r.pod().spec["volumes"].items()) {
      const std::size_t index = i++;
      const Value claim = volume["persistentVolumeClaim"]["claimName"];
      if (!claim.is_scalar()) continue;
      const Resource* pvc = ctx.index().find("PersistentVolumeClaim", r.ns(), claim.str(), r.application());
      if (!pvc) continue;
      const Value modes = pvc->spec()["accessModes"];
      if (modes.empty()) continue;
      bool multi_node = false;
      std::string_view single;
      for (Value m : modes.items()) {
        if (m.equals("ReadWriteMany") || m.equals("ReadOnlyMany")) multi_node = true;
        if (m.equals("ReadWriteOncePod") || (m.equals("ReadWriteOnce") && single.empty())) single = m.str();
      }
      if (multi_node || single.empty()) continue;
      ctx.report(
          r, claim,
          FieldPath::parse(r.pod().spec_path).key("volumes").index(index).key("persistentVolumeClaim").key("claimName"),
          fmt::format("{} replicas share PersistentVolumeClaim \"{}\", whose access mode {} allows {}", replicas,
                      claim.str(), single, single == "ReadWriteOncePod" ? "a single pod" : "a single node"));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_rwo_volume_shared() { return std::make_unique<RwoVolumeShared>(); }

}  // namespace shipshape::rules
