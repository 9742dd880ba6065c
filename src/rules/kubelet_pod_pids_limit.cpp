// kubelet-pod-pids-limit: pods that may start processes without limit (optional).
#include "rules/cluster.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "kubelet-pod-pids-limit",
    .section = kCluster,
    .group = "Nodes",
    .severity = Severity::info,
    .enabled = false,
    .summary = "A kubelet sets no `podPidsLimit` (`--pod-max-pids`), so a pod may use every process ID of the node.",
    .applies_to =
        "KubeletConfiguration objects, kubelet flags of containers that run the kubelet, kubeadm "
        "`nodeRegistration.kubeletExtraArgs`",
    .rationale =
        "A fork bomb or a leak of threads in one pod exhausts the node's process IDs, and then nothing on the "
        "node can start a process, the kubelet and the container runtime included (CIS Kubernetes Benchmark "
        "4.2.13).",
    .remediation = "Set `podPidsLimit` to a bound that fits the workloads, e.g. 4096.",
    .bad_example = R"(apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
readOnlyPort: 0
)",
    .good_example = R"(apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
readOnlyPort: 0
podPidsLimit: 4096
)",
    .notes =
        "Optional (a CIS manual check): the right bound depends on the workloads, so no fix is offered. -1 means no "
        "limit.",
};

class KubeletPodPidsLimit final : public KubeletRule {
 public:
  KubeletPodPidsLimit() : KubeletRule(kInfo) {}

  void check_kubelet(const Resource& r, const KubeletSettings& k, Context& ctx) const override {
    const auto v = k.get(KubeletField::pod_pids_limit);
    if (!v.known() || (v.text != "-1" && v.text != "0" && !v.text.empty())) return;
    report_kubelet(ctx, r, v,
                   fmt::format("{} lets a pod use every process ID of the node: {}; expected a limit", k.who(),
                               k.describe(KubeletField::pod_pids_limit, v)));
  }
};

}  // namespace

std::unique_ptr<Rule> make_kubelet_pod_pids_limit() { return std::make_unique<KubeletPodPidsLimit>(); }

}  // namespace shipshape::rules
