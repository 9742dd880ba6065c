// kubelet-hostname-override: a kubelet that registers under another name than its host's.
#include "rules/cluster.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "kubelet-hostname-override",
    .section = kCluster,
    .group = "Nodes",
    .severity = Severity::info,
    .enabled = true,
    .summary = "A kubelet sets `--hostname-override`.",
    .applies_to = "kubelet flags of containers that run the kubelet, kubeadm `nodeRegistration.kubeletExtraArgs`",
    .rationale =
        "A node name that differs from the host name breaks the match between the kubelet's serving "
        "certificate and the name the API server calls it by, which pushes clusters towards skipping the "
        "verification of kubelet certificates (CIS Kubernetes Benchmark 4.2.7).",
    .remediation =
        "Let the kubelet use the host's name; where a cloud provider needs another node name, set the host "
        "name to match instead.",
    .bad_example = R"(apiVersion: kubeadm.k8s.io/v1beta3
kind: JoinConfiguration
nodeRegistration:
  kubeletExtraArgs:
    hostname-override: worker-1.internal
)",
    .good_example = R"(apiVersion: kubeadm.k8s.io/v1beta3
kind: JoinConfiguration
nodeRegistration:
  kubeletExtraArgs:
    node-labels: role=worker
)",
    .notes =
        "Info: some cloud providers require the override. KubeletConfiguration has no such field; kubeadm's "
        "`nodeRegistration.name` also leads it to pass the flag, which the manifests do not show. The fix "
        "removes the flag.",
};

class KubeletHostnameOverride final : public KubeletRule {
 public:
  KubeletHostnameOverride() : KubeletRule(kInfo) {}

  void check_kubelet(const Resource& r, const KubeletSettings& k, Context& ctx) const override {
    const auto v = k.get(KubeletField::hostname_override);
    if (!v.set() || !v.flag) return;
    report_kubelet(ctx, r, v,
                   fmt::format("{} registers the node under another name: {}; expected the host's own name", k.who(),
                               k.describe(KubeletField::hostname_override, v)),
                   k.remove(v));
  }
};

}  // namespace

std::unique_ptr<Rule> make_kubelet_hostname_override() { return std::make_unique<KubeletHostnameOverride>(); }

}  // namespace shipshape::rules
