// controller-manager-gc-threshold: terminated pods kept up to the built-in 12,500.
#include "rules/cluster.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "controller-manager-gc-threshold",
    .section = kCluster,
    .group = "Control plane",
    .severity = Severity::info,
    .enabled = true,
    .summary =
        "The controller manager has no `--terminated-pod-gc-threshold`, so it keeps up to 12,500 terminated pods.",
    .applies_to =
        "kube-controller-manager flags: static Pods and other workloads that run it, kubeadm "
        "ClusterConfiguration `controllerManager.extraArgs`",
    .rationale =
        "Terminated pods stay in etcd until the garbage collector removes them, and it only starts above the "
        "threshold. The default of 12,500 suits large clusters; on a small one, thousands of finished job pods "
        "slow list calls and fill etcd before anything is collected (CIS Kubernetes Benchmark 1.3.1).",
    .remediation = "Set `--terminated-pod-gc-threshold` to a value that suits the cluster, e.g. 10 per node.",
    .bad_example = R"(apiVersion: v1
kind: Pod
metadata:
  name: kube-controller-manager
  namespace: kube-system
spec:
  containers:
    - name: kube-controller-manager
      image: registry.k8s.io/kube-controller-manager:v1.34.0
      command: [kube-controller-manager, --bind-address=127.0.0.1]
)",
    .good_example = R"(apiVersion: v1
kind: Pod
metadata:
  name: kube-controller-manager
  namespace: kube-system
spec:
  containers:
    - name: kube-controller-manager
      image: registry.k8s.io/kube-controller-manager:v1.34.0
      command: [kube-controller-manager, --bind-address=127.0.0.1, --terminated-pod-gc-threshold=1000]
)",
    .notes =
        "Info: the right threshold depends on the cluster's size, so the rule asks for a deliberate value and "
        "offers no fix. Jobs can also clean up after themselves with `ttlSecondsAfterFinished`.",
};

class ControllerManagerGcThreshold final : public ComponentRule {
 public:
  ControllerManagerGcThreshold() : ComponentRule(kInfo, {Component::controller_manager}) {}

  void check_component(const Resource& r, const ComponentFlags& c, Context& ctx) const override {
    const Flag* f = c.find("terminated-pod-gc-threshold");
    if (f && !f->value.empty()) return;
    report_flag(ctx, r, c, f,
                fmt::format("{} keeps up to 12500 terminated pods: --terminated-pod-gc-threshold is not set; "
                            "expected a threshold that suits the cluster",
                            c.who));
  }
};

}  // namespace

std::unique_ptr<Rule> make_controller_manager_gc_threshold() {
  return std::make_unique<ControllerManagerGcThreshold>();
}

}  // namespace shipshape::rules
