// bare-pod: Pods that no controller owns, so nothing recreates them.
#include "rules/common.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "bare-pod",
    .section = kAppDev,
    .group = "Fault tolerance",
    .severity = Severity::warning,
    .enabled = true,
    .summary = "A Pod has no ownerReferences: no controller recreates it when it is lost.",
    .applies_to = "Pod objects",
    .rationale =
        "A Pod created on its own is bound to one node for life. When the node fails, is drained "
        "or is upgraded, the Pod is gone and nothing brings it back; it also cannot be rolled "
        "out, scaled or protected by a disruption budget in any useful way.",
    .remediation =
        "Run the container through a controller: a Deployment for a service, a StatefulSet "
        "for stable identity, a Job or CronJob for work that finishes, a DaemonSet for a "
        "per-node agent.",
    .bad_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: web
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
        "Two kinds of Pods are bare by design and are skipped: Helm hook and test Pods (with a "
        "`helm.sh/hook` annotation; Helm creates and deletes them around a release) and static "
        "control-plane Pods: Pods in `kube-system` labelled `tier: control-plane` or running a "
        "container named kube-apiserver, kube-controller-manager, kube-scheduler or etcd (the "
        "kubelet runs them from its manifest directory, as kubeadm does). Any other Pod without ownerReferences "
        "fires, including one-off Pods with `restartPolicy: Never`: a Job would retry them.",
};

/// Whether a Pod runs a control-plane component (by container name), as static Pods do.
bool runs_control_plane(const Resource& r) {
  for (const Container& c : r.containers()) {
    const auto n = c.name();
    if (n == "kube-apiserver" || n == "kube-controller-manager" || n == "kube-scheduler" || n == "etcd") return true;
  }
  return false;
}

class BarePod final : public BasicRule {
 public:
  BarePod() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::kinds({{"", "Pod"}}); }

  void check(const Resource& r, Context& ctx) const override {
    if (!r.metadata()["ownerReferences"].empty()) return;
    if (r.annotations()["helm.sh/hook"]) return;
    if (r.ns() == "kube-system" && (r.label("tier") == "control-plane" || runs_control_plane(r))) return;
    ctx.report(r, r.root(), FieldPath::parse("metadata.ownerReferences"),
               "no controller owns this Pod: nothing recreates it if its node fails");
  }
};

}  // namespace

std::unique_ptr<Rule> make_bare_pod() { return std::make_unique<BarePod>(); }

}  // namespace shipshape::rules
